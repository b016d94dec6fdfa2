"""Generate scoplan's bundled example dataset: 黄山市 (Huangshan), real units, invented register.

The districts, townships and communities are Huangshan's real ones, with their official 2023
statistical division codes and names, read from ``divisions-3410.csv`` beside this script (the
rows of 黄山市 in the National Bureau of Statistics' 2023 table; see ``divisions-3410.md``).
Every organization, federation, establishment, brand project and event is invented. One
``random.Random(2021)`` drives every choice, so reruns write identical bytes.

    python examples/generate_huangshan.py          # write the CSVs, check them, write README.md
    python examples/generate_huangshan.py --check  # re-read the CSVs and print the outcomes
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from collections import Counter
from pathlib import Path

Row = dict[str, object]
HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "src" / "scoplan" / "examples" / "huangshan"
DIVISIONS = HERE / "divisions-3410.csv"
CITY_CODE, CITY = "3410", "黄山市"
COLUMNS = {
    "districts": "id,name,kind,city",
    "townships": "id,district_id,name,kind",
    "communities": "id,township_id,name,kind",
    "organizations": "id,community_id,name,category,founded,dissolved,registration,size,"
    "managed_by,charter,brand,serves",
    "federations": "id,level,unit_id,name,founded,dissolved",
    "establishments": "id,kind,unit_id,name,established,ended",
    "brand_projects": "id,organization_id,name,designated",
    "events": "id,kind,unit_id,name,date",
}

TUNXI, HUANGSHAN, HUIZHOU, SHE, XIUNING, YI, QIMEN = (
    "341002",
    "341003",
    "341004",
    "341021",
    "341022",
    "341023",
    "341024",
)
CENTRAL = (TUNXI, HUIZHOU)  # the default reading of 中心城区
# A township-level unit's kind (docs/DATA.md, townships.kind), by the end of its name.
TOWNSHIP_KINDS = [
    ("街道", "street"),
    ("风景区", "scenic"),
    ("开发区", "zone"),
    ("直辖村级区划", "other"),
    ("镇", "town"),
    ("乡", "township"),
]
# The official table calls one village-level unit neither urban nor rural: 练江牧场生活区, the
# living quarter of a state farm (歙县桂林镇). Its residents are the farm's staff, not villagers
# of a collective: the register here counts it as an urban community (居委会-like).
UNDECIDED_KIND = "urban"
# The ends of committee names dropped when a community's name begins another name.
COMMITTEE_ENDS = ("类似居委会", "居委会", "村民委员会", "村委会")

ACTIVITIES = {
    "life_services": "便民服务队 家政服务社 理发服务队 助餐服务点 家电维修队 健康服务站 "
    "托育服务点 便民代办队 助浴服务队 邻里食堂",
    "charity": "爱心慈善会 爱心帮扶队 扶贫济困会 慈善超市 爱心储蓄站 助学帮扶会 "
    "关爱留守儿童协会 爱心驿站 公益微基金",
    "mutual_aid": "邻里互助会 老年协会 妇女互助会 互助养老会 邻里守望队 乡贤互助会 "
    "邻里帮帮团 亲子互助会",
    "governance": "议事协商会 平安巡逻队 人民调解志愿队 物业协调会 乡贤理事会 红白理事会 "
    "环境监督队 楼道自治会 居民议事会",
    "culture_sports": "广场舞队 太极拳协会 书画社 徽剧票友会 合唱团 篮球队 读书会 "
    "摄影协会 腰鼓队 门球队",
    "volunteer": "夕阳红志愿服务队 青年志愿服务队 巾帼志愿服务队 党员志愿服务队 "
    "环保志愿队 文明劝导队 助老志愿服务队 应急志愿队",
    "other": "茶艺协会 花卉协会 垂钓协会 养蜂协会 徽菜研习社 宠物文明协会",
}
PRIORITY = ("life_services", "charity", "mutual_aid", "governance")
# The four priority categories make up 60 of 100.
CATEGORY_WEIGHTS = dict(zip(ACTIVITIES, (17, 13, 16, 14, 18, 15, 7), strict=True))
# community_correction and children_of_detainees are served by nobody, on purpose.
GROUP_WEIGHTS = {
    "elderly": 30,
    "children": 20,
    "women": 15,
    "disabled": 10,
    "hardship_families": 10,
}
GROUP_WEIGHTS |= {"migrant_workers": 5, "unemployed": 5, "troubled_youth": 3, "mental_disorders": 2}
UNSERVED = ["children_of_detainees", "community_correction"]
# Never-dissolved organizations founded by 2022 and in 2023; about 3% more are dissolved.
ORGANIZATION_PLAN = {"tunxi_urban": (635, 100), "other_urban": (470, 138), "rural": (2600, 780)}
DISSOLVED_SHARE = 0.03
PROJECT_THEMES = "银龄乐享 邻里守望 徽风少年 巾帼暖心 残健同行 e站通办 睦邻茶话 山村课堂 平安夜巡"
EDGE_FOUNDED, EDGE_DISSOLVED = dt.date(2023, 12, 31), dt.date(2022, 12, 31)

# Schedules. Service centres: unit -> (year, month or 0 for any month); 休宁县 has none.
SERVICE_CENTRES = {"city": (2019, 0), TUNXI: (2020, 0), HUIZHOU: (2021, 6), YI: (2022, 3)}
SERVICE_CENTRES |= {HUANGSHAN: (2022, 10), SHE: (2023, 5), QIMEN: (2023, 9)}
HUIZHOU_CENTRE_ENDED = dt.date(2023, 6, 30)
# Township-level service centres (二(一)2 encourages them): 屯溪区's four streets, 岩寺镇, 徽城镇.
TOWNSHIP_CENTRES = {f"{TUNXI}00{i}": 2022 for i in range(1, 5)}
TOWNSHIP_CENTRES |= {f"{HUIZHOU}100": 2022, f"{SHE}100": 2023}
# Other establishments, kind -> year -> districts (observation points and pilots go to one of
# the district's urban or rural communities; a district listed twice gets two).
ESTABLISHMENTS = {
    "governance_academy": {2022: [TUNXI, HUIZHOU], 2023: [HUANGSHAN, XIUNING, YI]},
    "development_plan": {2021: [TUNXI, HUIZHOU, SHE, XIUNING, YI, QIMEN], 2022: [HUANGSHAN]},
    "observation_point": {
        2021: [TUNXI, TUNXI, HUANGSHAN, HUIZHOU, SHE, XIUNING, YI],
        2022: [QIMEN],
    },
    "rural_pilot": {2021: [TUNXI, TUNXI, HUANGSHAN], 2022: [HUIZHOU]},
}
# City- and district-level events, kind -> year -> units.
EVENTS = {
    "training": {
        2021: [XIUNING],
        2022: ["city", TUNXI, HUANGSHAN, HUIZHOU, SHE, YI, QIMEN],
        2023: [XIUNING],
    },
    "gongyi_chuangtou": {2022: [TUNXI, HUIZHOU, XIUNING], 2023: [HUANGSHAN, SHE, YI, QIMEN]},
    "brand_selection": {2022: ["city", TUNXI, HUIZHOU], 2023: ["city", HUANGSHAN, SHE, YI]},
}
# Township-level 公益创投: (year, in the central districts?, number of townships holding one)
TOWNSHIP_GONGYI = [(2022, True, 10), (2022, False, 6), (2023, True, 17), (2023, False, 40)]
# Year each township federation is founded, per district (None: never); shuffled over townships.
TOWNSHIP_FEDERATIONS = {
    TUNXI: [2020] * 4 + [2021] * 5,
    HUIZHOU: [2021] * 8 + [2022],
    YI: [2020] * 2 + [2021] * 6,
    HUANGSHAN: [2021] * 6 + [2022] * 8 + [None],
    SHE: [2021] * 6 + [2022] * 7 + [2023] * 5 + [None] * 11,
    XIUNING: [2022] * 5 + [2023] * 6 + [None] * 10,
    QIMEN: [2021] * 3 + [2022] * 5 + [2023] * 4 + [None] * 6,
}
# Community federations on urban communities: years founded, per district.
COMMUNITY_FEDERATIONS = {
    TUNXI: [2020] * 9 + [2021] * 17 + [2022] * 3,
    HUIZHOU: [2021] * 6 + [2022],
    YI: [2021] * 2,
    HUANGSHAN: [2022] * 2,
    SHE: [2022] * 2 + [2023],
    QIMEN: [2023],
}
SUFFIX = {
    "federation": "社区社会组织联合会",
    "service_centre": "社会组织培育发展服务中心",
    "governance_academy": "社区治理学院",
    "development_plan": "社区社会组织培育发展三年计划(2021—2023年)",
    "observation_point": "社区社会组织培育观察点",
    "rural_pilot": "社区社会组织培育试点",
    "disclosure_system": "社区社会组织信息公开制度",
    "work_plan": "社区社会组织党建工作方案",
    "evaluation_system": "社区社会组织评估评议制度",
    "activity_reporting_system": "社区社会组织重大活动报告制度",
    "training": "社区社会组织业务培训",
    "gongyi_chuangtou": "社区社会组织公益创投活动",
    "brand_selection": "品牌社区社会组织评选",
}


def row(table: str, *values: object) -> Row:
    return dict(zip(COLUMNS[table].split(","), values, strict=True))


def date_between(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    """A random day in [lo, hi], never one of the two edge-case days."""
    day = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
    return day - dt.timedelta(days=1) if day in (EDGE_FOUNDED, EDGE_DISSOLVED) else day


def date_in(rng: random.Random, year: int, month: int = 0) -> dt.date:
    if not month:
        return date_between(rng, dt.date(year, 1, 1), dt.date(year, 12, 31))
    end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return date_between(rng, dt.date(year, month, 1), end)


def split_total(rng: random.Random, total: int, n: int, jitter: float, least: int = 0) -> list[int]:
    """Split `total` into `n` jittered counts of at least `least` that sum exactly to it."""
    weights = [1 + rng.uniform(-jitter, jitter) for _ in range(n)]
    rest = total - least * n
    shares = [rest * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    for i in sorted(range(n), key=lambda i: counts[i] - shares[i])[: rest - sum(counts)]:
        counts[i] += 1
    return [c + least for c in counts]


def short_name(name: object) -> str:
    """A community's name without its committee's ending: 荷花池社区居委会 -> 荷花池社区."""
    text = str(name)
    for end in COMMITTEE_ENDS:
        if text.endswith(end) and len(text) > len(end):
            return text.removesuffix(end)
    return text


def titled(name: object, suffix: str) -> str:
    """`suffix` after a unit's short name, with 社区 said once: 荷花池社区社会组织联合会."""
    short = short_name(name)
    return (short[:-2] if short.endswith("社区") and suffix.startswith("社区") else short) + suffix


def township_kind(name: str) -> str:
    return next(kind for end, kind in TOWNSHIP_KINDS if name.endswith(end))


def read_divisions(path: Path = DIVISIONS) -> list[dict[str, str]]:
    """The vendored rows of 黄山市 in the official table, checked to be one city's tree."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    codes = {r["code"] for r in rows}
    bad = [r for r in rows if r["level"] != "city" and r["parent_code"] not in codes]
    if bad or not all(r["code"].startswith(CITY_CODE) for r in rows):
        raise SystemExit(f"{path}: not the division tree of {CITY_CODE}")
    return rows


def build_structure() -> tuple[list[Row], list[Row], list[Row]]:
    """The real districts, townships and communities, with their codes, names and kinds."""
    districts, townships, communities = [], [], []
    for r in read_divisions():
        code, name, parent = r["code"], r["name"], r["parent_code"]
        if r["level"] == "county":
            kind = "county" if name.endswith("县") else "district"
            districts.append(row("districts", code, name, kind, CITY))
        elif r["level"] == "township":
            townships.append(row("townships", code, parent, name, township_kind(name)))
        elif r["level"] == "community":
            kind = r["kind"] or UNDECIDED_KIND
            communities.append(row("communities", code, parent, name, kind))
    return districts, townships, communities


def new_organization(rng: random.Random, community: Row, founded: dt.date, used: set[str]) -> Row:
    category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
    short = short_name(community["name"])
    choices = [short + a for a in ACTIVITIES[category].split() if short + a not in used]
    name = rng.choice(choices) if choices else short + ACTIVITIES[category].split()[0]
    base = name
    for numeral in "二三四五六七八九":  # a second 邻里互助会 of one community or of a namesake
        if name not in used:
            break
        name = f"{base}（{numeral}）"
    used.add(name)
    registration = rng.choices(["registered", "filed", "none"], [10, 80, 10])[0]
    size = "large" if rng.random() < 0.15 else "small"
    managed_by = {"registered": "civil_affairs"}.get(registration)
    managed_by = managed_by or ("township" if size == "large" else "community")
    serves: list[str] = []
    for _ in range(rng.choices([0, 1, 2], [50, 35, 15])[0]):
        group = rng.choices(list(GROUP_WEIGHTS), list(GROUP_WEIGHTS.values()))[0]
        serves += [group] if group not in serves else []
    charter = rng.random() < 0.6
    values = ["", community["id"], name, category, founded, None, registration, size]
    return row("organizations", *values, managed_by, charter, None, serves)


def build_organizations(rng: random.Random, communities: list[Row]) -> list[Row]:
    def group(c: Row) -> str:
        if c["kind"] == "rural":
            return "rural"
        return "tunxi_urban" if str(c["id"]).startswith(TUNXI) else "other_urban"

    orgs: list[Row] = []
    used: set[str] = set()
    hosts, sizes = [], []  # for placing the dissolved extras
    for key, (by_2022, in_2023) in ORGANIZATION_PLAN.items():
        members = [c for c in communities if group(c) == key]
        old = split_total(rng, by_2022, len(members), 0.3)
        new = split_total(rng, in_2023, len(members), 0.5)
        for community, n_old, n_new in zip(members, old, new, strict=True):
            hosts.append(community)
            sizes.append(n_old + n_new)
            for _ in range(n_old):  # more in later years
                year = rng.choices([2019, 2020, 2021, 2022], [1, 2, 3, 4])[0]
                orgs.append(new_organization(rng, community, date_in(rng, year), used))
            for _ in range(n_new):
                orgs.append(new_organization(rng, community, date_in(rng, 2023), used))
    for i in range(round(DISSOLVED_SHARE * len(orgs))):
        if i == 0:
            founded, dissolved = date_in(rng, 2020), EDGE_DISSOLVED
        else:
            founded = date_between(rng, dt.date(2019, 1, 1), dt.date(2023, 6, 30))
            dissolved = date_between(rng, founded + dt.timedelta(days=60), dt.date(2023, 12, 30))
        org = new_organization(rng, rng.choices(hosts, sizes)[0], founded, used)
        org["dissolved"] = dissolved
        orgs.append(org)
    young = [o for o in orgs if o["founded"] >= dt.date(2023, 1, 1) and not o["dissolved"]]
    rng.choice(young)["founded"] = EDGE_FOUNDED
    orgs.sort(key=lambda o: (o["community_id"], o["founded"], o["name"]))
    for n, org in enumerate(orgs, 1):
        org["id"] = f"ORG{n:06d}"
    unregistered = [o for o in orgs if o["registration"] != "registered" and not o["dissolved"]]
    for org in rng.sample([o for o in unregistered if o["size"] == "large"], 7):
        org["managed_by"] = "community"  # deliberately wrong: too low a level for its size
    nobody = [o for o in unregistered if o["registration"] == "none" and o["size"] == "small"]
    for org in rng.sample(nobody, 5):
        org["managed_by"] = ""  # deliberately wrong: no responsible body
    veterans = [o for o in orgs if o["founded"] < dt.date(2021, 1, 1) and not o["dissolved"]]
    listed = [o for o in veterans if o["registration"] != "none"]
    for org in rng.sample(listed, 8):  # brand CSOs, registered or filed, named 2021-2023
        org.update(brand=date_in(rng, rng.choice([2021, 2022, 2022, 2023, 2023])), charter=True)
    return orgs


def build_brand_projects(rng: random.Random, orgs: list[Row]) -> list[Row]:
    brands = [o for o in orgs if o["brand"]]
    veterans = [o for o in orgs if o["founded"] < dt.date(2021, 1, 1) and not o["dissolved"]]
    hosts = rng.sample(brands, 7) + rng.sample([o for o in veterans if not o["brand"]], 2)
    projects = []
    for n, (org, theme) in enumerate(zip(hosts, PROJECT_THEMES.split(), strict=True), 1):
        designated = date_in(rng, rng.choice([2021, 2022, 2023]))
        projects.append(
            row("brand_projects", f"BP{n:03d}", org["id"], f"“{theme}”服务项目", designated)
        )
    return projects


def build_federations(rng: random.Random, tps: list[Row], cms: list[Row]) -> list[Row]:
    rows: list[Row] = []

    def found(level: str, unit: Row, year: int) -> None:
        fid, name = f"FED{len(rows) + 1:04d}", titled(unit["name"], SUFFIX["federation"])
        rows.append(row("federations", fid, level, unit["id"], name, date_in(rng, year), None))

    for did, years in TOWNSHIP_FEDERATIONS.items():
        units = [t for t in tps if t["district_id"] == did]
        for unit, year in zip(units, rng.sample(years, len(years)), strict=True):
            if year:
                found("township", unit, year)
    she_2021 = [r for r in rows if str(r["unit_id"]).startswith(SHE) and r["founded"].year == 2021]
    rng.choice(she_2021)["dissolved"] = date_in(rng, 2023)  # merged away in 2023
    for did, years in COMMUNITY_FEDERATIONS.items():
        urban = [c for c in cms if str(c["id"]).startswith(did) and c["kind"] == "urban"]
        chosen = sorted(rng.sample(range(len(urban)), len(years)))
        for i, year in zip(chosen, rng.sample(years, len(years)), strict=True):
            found("community", urban[i], year)
    return rows


def build_establishments(
    rng: random.Random, names: dict[str, str], tps: list[Row], cms: list[Row]
) -> list[Row]:
    rows: list[Row] = []
    taken: set[object] = set()
    host_kind = {"observation_point": "urban", "rural_pilot": "rural"}

    def add(kind: str, unit: str, established: dt.date, ended: dt.date | None = None) -> None:
        eid, name = f"EST{len(rows) + 1:04d}", titled(names[unit], SUFFIX[kind])
        rows.append(row("establishments", eid, kind, unit, name, established, ended))

    def pick(did: str, kind: str) -> str:
        free = [c["id"] for c in cms if c["kind"] == kind and c["id"] not in taken]
        unit = rng.choice([c for c in free if str(c).startswith(did)])
        taken.add(unit)
        return str(unit)

    for unit, (year, month) in SERVICE_CENTRES.items():
        ended = HUIZHOU_CENTRE_ENDED if unit == HUIZHOU else None
        add("service_centre", unit, date_in(rng, year, month), ended)
    for unit, year in TOWNSHIP_CENTRES.items():
        add("service_centre", unit, date_in(rng, year))
    for kind, schedule in ESTABLISHMENTS.items():
        for year, dids in schedule.items():
            for did in dids:
                unit = pick(did, host_kind[kind]) if kind in host_kind else did
                add(kind, unit, date_in(rng, year, rng.randint(10, 12)))
    systems = [("disclosure_system", cms, 0.3), ("activity_reporting_system", tps, 0.4)]
    systems += [("work_plan", tps, 0.5), ("evaluation_system", cms, 0.1)]
    for kind, units, share in systems:
        for i in sorted(rng.sample(range(len(units)), round(share * len(units)))):
            day = date_between(rng, dt.date(2021, 10, 1), dt.date(2023, 12, 30))
            add(kind, str(units[i]["id"]), day)
    return rows


def build_events(rng: random.Random, names: dict[str, str], townships: list[Row]) -> list[Row]:
    rows: list[Row] = []

    def add(kind: str, unit: str, year: int) -> None:
        eid, name = f"EVT{len(rows) + 1:04d}", f"{year}年{names[unit]}{SUFFIX[kind]}"
        rows.append(row("events", eid, kind, unit, name, date_in(rng, year)))

    for kind, schedule in EVENTS.items():
        for year, units in schedule.items():
            for unit in units:
                add(kind, unit, year)
    for year, central, count in TOWNSHIP_GONGYI:
        pool = [str(t["id"]) for t in townships if (t["district_id"] in CENTRAL) == central]
        for i in sorted(rng.sample(range(len(pool)), count)):
            add("gongyi_chuangtou", pool[i], year)
    return rows


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def generate(out: Path) -> dict[str, list[Row]]:
    """Build every table and write it to `out` as `<table>.csv`, rows sorted by id."""
    rng = random.Random(2021)
    districts, townships, communities = build_structure()
    orgs = build_organizations(rng, communities)
    names = {str(u["id"]): str(u["name"]) for u in districts + townships + communities}
    names["city"] = CITY
    tables = {
        "districts": districts,
        "townships": townships,
        "communities": communities,
        "organizations": orgs,
        "federations": build_federations(rng, townships, communities),
        "establishments": build_establishments(rng, names, townships, communities),
        "brand_projects": build_brand_projects(rng, orgs),
        "events": build_events(rng, names, townships),
    }
    out.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        with open(out / f"{table}.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(COLUMNS[table].split(","))
            for r in sorted(rows, key=lambda r: str(r["id"])):
                writer.writerow(cell(v) for v in r.values())
    return tables


def alive(start: str, end: str, day: str) -> bool:
    return start <= day and (not end or end > day)  # ISO dates compare as strings


def check(out: Path) -> list[tuple[str, str, str, bool]]:
    """Re-read the CSVs with the csv module and measure every designed outcome.

    Returns (outcome, designed, figure, ok) rows; a row is ok when the figure is as designed.
    """
    t = {}
    for table in COLUMNS:
        with open(out / f"{table}.csv", encoding="utf-8", newline="") as f:
            t[table] = list(csv.DictReader(f))
    results: list[tuple[str, str, str, bool]] = []
    label = {"city": CITY, **{d["id"]: d["name"] for d in t["districts"]}}
    d21, d22, d23 = "2021-12-31", "2022-12-31", "2023-12-31"
    kind_of = {c["id"]: c["kind"] for c in t["communities"]}
    orgs = t["organizations"]
    active = [o for o in orgs if alive(o["founded"], o["dissolved"], d23)]
    counted = [o for o in orgs if o["registration"] in ("registered", "filed")]

    def in_range(outcome: str, value: float, lo: float, hi: float, note: str) -> None:
        shown = "{:.2f}" if hi > 1 else "{:.1%}"
        designed = f"{shown.format(lo)}–{shown.format(hi)} ({note})"
        results.append((outcome, designed, shown.format(value), lo <= value <= hi))

    def exact(outcome: str, figure: object, designed: object) -> None:
        results.append((outcome, str(designed), str(figure), str(figure) == str(designed)))

    def mean(kind: str, day: str, did: str = "") -> float:
        """Registered and filed organizations per community, as the plan counts them."""
        units = {c for c, k in kind_of.items() if k == kind and c.startswith(did)}
        found = [o for o in counted if o["community_id"] in units]
        return sum(alive(o["founded"], o["dissolved"], day) for o in found) / len(units)

    def live(table: str, field: str, value: str, day: str) -> set[str]:
        start, end = COLUMNS[table].split(",")[4:6]
        rows = [r for r in t[table] if r[field] == value and alive(r[start], r[end], day)]
        return {r["unit_id"] for r in rows}

    def est(kind: str, day: str) -> set[str]:
        return live("establishments", "kind", kind, day)

    def fed(level: str, day: str) -> set[str]:
        return live("federations", "level", level, day)

    def held(kind: str, year: int) -> set[str]:
        return {
            e["unit_id"] for e in t["events"] if e["kind"] == kind and e["date"][:4] == str(year)
        }

    def years(kind: str, unit: str) -> str:
        found = [e["date"][:4] for e in t["events"] if e["kind"] == kind and e["unit_id"] == unit]
        return ", ".join(sorted(found))

    def share(found: set[str], scope: set[str]) -> str:
        return f"{len(found & scope)}/{len(scope)}"

    def names(ids: set[str]) -> str:
        return "、".join(label[i] for i in sorted(ids)) or "none"

    def per_district(ids: set[str]) -> str:
        return ", ".join(f"{label[d]} {n}" for d, n in sorted(Counter(u[:6] for u in ids).items()))

    def tps(*dids: str) -> set[str]:
        return {r["id"] for r in t["townships"] if r["district_id"] in dids}

    def urban(did: str) -> set[str]:
        return {c for c, k in kind_of.items() if k == "urban" and c.startswith(did)}

    alld = {d["id"] for d in t["districts"]}
    others = alld - set(CENTRAL)
    kinds = Counter(r["kind"] for r in t["townships"])
    exact(
        "township-level units by kind",
        ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())),
        "other 1, scenic 1, street 4, town 59, township 42, zone 2",
    )
    exact(
        "communities by kind",
        ", ".join(f"{k} {n}" for k, n in sorted(Counter(kind_of.values()).items())),
        "rural 671, urban 93",
    )
    unregistered = sum(o["registration"] == "none" for o in active) / len(active)
    in_range(
        f"active organizations neither registered nor filed at {d23}",
        unregistered,
        0.08,
        0.12,
        "about 10%",
    )
    in_range(f"屯溪区 urban mean at {d22}", mean("urban", d22, TUNXI), 15.5, 17, "met, ≥15")
    in_range(f"city urban mean at {d23}", mean("urban", d23), 12, 14, "not met, ≥15")
    in_range(f"city rural mean at {d22}", mean("rural", d22), 3.2, 3.8, "met, ≥3")
    in_range(f"city rural mean at {d23}", mean("rural", d23), 4.3, 4.8, "not met, ≥5")
    centres = {
        e["unit_id"]: e
        for e in t["establishments"]
        if e["kind"] == "service_centre" and e["unit_id"] in label
    }
    designed = {u: f"{y}-{m:02}" if m else str(y) for u, (y, m) in SERVICE_CENTRES.items()}
    shown = "; ".join(f"{label[u]} {e['established']}" for u, e in centres.items())
    ok = centres.keys() == designed.keys()
    ok = ok and all(centres[u]["established"].startswith(d) for u, d in designed.items())
    wanted = "; ".join(f"{label[u]} {d}" for u, d in designed.items()) + f"; {label[XIUNING]} none"
    results.append(("service centres established", wanted, shown, ok))
    ended = [f"{label[u]} {e['ended']}" for u, e in centres.items() if e["ended"]]
    exact("service centres ended", "; ".join(ended), f"{label[HUIZHOU]} {HUIZHOU_CENTRE_ENDED}")
    at_d21 = est("service_centre", d21) & set(label)
    exact(f"service centres at {d21}", names(at_d21), names({"city", *CENTRAL}))
    township_centres = est("service_centre", d23) - set(label)
    exact(f"township service centres at {d23}", len(township_centres), len(TOWNSHIP_CENTRES))
    tf = {day: fed("township", day) for day in (d21, d22, d23)}
    exact(f"township federations, 屯溪区 at {d21}", share(tf[d21], tps(TUNXI)), "9/9")
    exact(f"township federations, 徽州区 at {d21}", share(tf[d21], tps(HUIZHOU)), "8/9")
    exact(f"township federations, 徽州区 at {d22}", share(tf[d22], tps(HUIZHOU)), "9/9")
    exact(f"township federations, 黟县 at {d21}", share(tf[d21], tps(YI)), "8/8")
    exact(f"township federations, 黄山区 at {d22}", share(tf[d22], tps(HUANGSHAN)), "14/15")
    exact(f"township federations, 黄山区 at {d23}", share(tf[d23], tps(HUANGSHAN)), "14/15")
    city = share(tf[d23], tps(*alld))
    outcome = f"township federations, city at {d23}"
    results.append((outcome, "< 109/109 (not met)", city, len(tf[d23]) < 109))
    gone = {f["unit_id"][:6] for f in t["federations"] if f["dissolved"][:4] == "2023"}
    exact("federations dissolved in 2023, by district", names(gone), names({SHE}))
    cf = {day: fed("community", day) for day in (d21, d22)}
    exact(f"community federations, 屯溪区 at {d21}", share(cf[d21], urban(TUNXI)), "26/35")
    exact(f"community federations, 徽州区 at {d21}", share(cf[d21], urban(HUIZHOU)), "6/11")
    exact(f"community federations, 徽州区 at {d22}", share(cf[d22], urban(HUIZHOU)), "7/11")
    exact(f"community federations, 黟县 at {d21}", share(cf[d21], urban(YI)), "2/4")
    elsewhere = fed("community", d23) - urban(TUNXI) - urban(HUIZHOU) - urban(YI)
    designed = "黄山区 2, 歙县 3, 祁门县 1"
    exact(f"community federations elsewhere at {d23}", per_district(elsewhere), designed)
    g22, g23 = held("gongyi_chuangtou", 2022), held("gongyi_chuangtou", 2023)
    exact("district 公益创投 in 2022", names(g22 & alld), names({*CENTRAL, XIUNING}))
    exact("district 公益创投 in 2023", names(g23 & alld), names(others - {XIUNING}))
    exact("township 公益创投 in 2022, 屯溪区+徽州区", share(g22, tps(*CENTRAL)), "10/18")
    exact("township 公益创投 in 2023, 屯溪区+徽州区", share(g23, tps(*CENTRAL)), "17/18")
    exact("township 公益创投 in 2023, other five", share(g23, tps(*others)), "40/91")
    exact("trainings in 2022", names(held("training", 2022)), names({"city", *alld} - {XIUNING}))
    exact("trainings by 休宁县", years("training", XIUNING), "2021, 2023")
    academies, plans = est("governance_academy", d23), est("development_plan", d21)
    exact(f"governance academies at {d23}", names(academies), names(alld - {SHE, QIMEN}))
    exact(f"development plans at {d21}", names(plans), names(alld - {HUANGSHAN}))
    exact(f"development plans at {d22}", names(est("development_plan", d22)), names(alld))
    points = "屯溪区 2, 黄山区 1, 徽州区 1, 歙县 1, 休宁县 1, 黟县 1"
    exact(f"observation points at {d21}", per_district(est("observation_point", d21)), points)
    points += ", 祁门县 1"
    exact(f"observation points at {d22}", per_district(est("observation_point", d22)), points)
    for day, designed in [(d21, names({TUNXI, HUANGSHAN})), (d22, names({*CENTRAL, HUANGSHAN}))]:
        pilots = {u for u in est("rural_pilot", day) if kind_of[u] == "rural"}
        exact(f"rural pilots at {day}", names({u[:6] for u in pilots}), designed)
    disclosure = len(est("disclosure_system", d23)) / len(kind_of)
    in_range(f"communities with disclosure_system at {d23}", disclosure, 0.25, 0.35, "about 30%")
    reporting = len(est("activity_reporting_system", d23)) / len(t["townships"])
    in_range(f"townships with reporting system at {d23}", reporting, 0.35, 0.45, "about 40%")
    plans = len(est("work_plan", d23)) / len(t["townships"])
    in_range(f"townships with a work plan at {d23}", plans, 0.45, 0.55, "about 50%")
    evaluation = len(est("evaluation_system", d23)) / len(kind_of)
    in_range(f"communities with evaluation system at {d23}", evaluation, 0.05, 0.15, "about 10%")
    designated = sorted(p["designated"][:4] for p in t["brand_projects"])
    figure = f"{len(designated)}, {designated[0]}–{designated[-1]}"
    exact("brand projects, years designated", figure, "9, 2021–2023")
    exact("brand organizations", sum(bool(o["brand"]) for o in orgs), 8)
    exact("city brand selections", years("brand_selection", "city"), "2022, 2023")
    selections = {e["unit_id"] for e in t["events"] if e["kind"] == "brand_selection"}
    exact("districts holding a brand selection", len(selections & alld), 5)
    priority = sum(o["category"] in PRIORITY for o in active) / len(active)
    in_range(f"priority-category share at {d23}", priority, 0.55, 0.65, "about 60%")
    charters = sum(o["charter"] == "true" for o in active) / len(active)
    in_range(f"charter share at {d23}", charters, 0.55, 0.65, "about 60%")
    right = {"large": "township", "small": "community"}
    unregistered = [o for o in active if o["registration"] != "registered"]
    wrong = [o for o in unregistered if o["managed_by"] != right[o["size"]]]
    exact(f"unregistered active organizations wrongly managed at {d23}", len(wrong), 12)
    served = {g for o in orgs for g in o["serves"].split(";") if g}
    unserved = ", ".join(sorted({*GROUP_WEIGHTS, *UNSERVED} - served))
    exact("special groups served by nobody", unserved, ", ".join(UNSERVED))
    dissolved = sum(bool(o["dissolved"]) for o in orgs) / len(orgs)
    in_range("dissolved share of all organizations", dissolved, 0.02, 0.04, "about 3%")
    edges = [o["id"] for o in orgs if o["founded"] == str(EDGE_FOUNDED)]
    edges += [o["id"] for o in orgs if o["dissolved"] == str(EDGE_DISSOLVED)]
    outcome = "edge cases: founded 2023-12-31 / dissolved 2022-12-31"
    results.append((outcome, "one each", " / ".join(edges), len(edges) == 2))
    return results


README = """# 黄山市 example dataset (real units, synthetic register)

**The units are real; everything in them is SYNTHETIC.** The districts, township-level units
and communities are 黄山市's own, with their official codes and names: the National Bureau of
Statistics' 2023 statistical division codes (《2023年统计用区划代码和城乡划分代码》, as of
2023-06-30), whose rows for 黄山市 are kept in `examples/divisions-3410.csv` (source and
licence in `examples/divisions-3410.md`). That is 7 districts and counties, 109 township-level
units and 764 communities: 92 urban (居委会), 671 rural (村委会) and 1 the table calls neither.

Every organization, federation, establishment (service centre, academy, plan, observation
point, pilot, system), brand project and event is **invented**, and so are their names and
dates: none of them describes Huangshan or any real organization. The data is made to
exercise scoplan at a realistic scale, with some targets met, some met late and some not.

How the official table is read:

- Township-level units take their kind from their name (docs/DATA.md, `townships.kind`):
  街道 `street`, 镇 `town`, 乡 `township`, 黄山风景区 `scenic`, the two development zones
  (安徽徽州经济开发区, 歙县经济开发区) `zone`, and 徽州区直辖村级区划 (villages directly under
  the district) `other`.
- Communities are `urban` or `rural` as the table says. The one unit it calls neither,
  练江牧场生活区 (歙县桂林镇), is the living quarter of a state farm, whose residents are the
  farm's staff rather than villagers: the register here counts it as urban, which docs/DATA.md
  leaves to the bureau. So the data has 93 urban and 671 rural communities.

The data is generated deterministically (`random.Random(2021)`) by:

    python examples/generate_huangshan.py          # writes these files and this README
    python examples/generate_huangshan.py --check  # re-reads the CSVs and prints the figures

## Files

| file | rows |
| --- | --- |
{files}

## Designed outcomes, as the checker measured them

A date means "as of that day". An organization is active on day D when `founded <= D` and
`dissolved` is empty or later than D. A mean, as the bundled plan counts it, is the number of
active organizations registered (登记) or filed (备案) in the scope's communities of that kind,
divided by the number of such communities; about one in ten is neither. Organizations are
placed in every community, urban and rural, in numbers that differ a little from one
community to the next.

| outcome | designed | figure |
| --- | --- | --- |
{outcomes}

## Edge cases

- `{founded}` is founded on 2023-12-31, so it is active on that day.
- `{dissolved}` is dissolved on 2022-12-31, so it is not active on that day.
- 徽州区's service centre was established in 2021 and ended on 2023-06-30.
- One township federation in 歙县 was dissolved in 2023.
- 12 organizations are managed by the wrong body on purpose: 7 large unregistered ones are
  managed by their community, and 5 small unregistered ones have no managing body.
- No organization serves `children_of_detainees` or `community_correction`.
- Some official names repeat in the city (龙井社区居委会 is in 屯溪区 and in 徽州区): they are
  told apart by their codes. No two organizations share a name.
"""


def write_readme(
    out: Path, tables: dict[str, list[Row]], results: list[tuple[str, str, str, bool]]
) -> None:
    files = "\n".join(f"| `{table}.csv` | {len(rows)} |" for table, rows in tables.items())
    outcomes = "\n".join(f"| {o} | {d} | {f} |" for o, d, f, _ in results)
    founded, dissolved = results[-1][2].split(" / ")
    text = README.format(files=files, outcomes=outcomes, founded=founded, dissolved=dissolved)
    (out / "README.md").write_text(text, encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the synthetic Huangshan example.")
    parser.add_argument("--check", action="store_true", help="only re-read and check the CSVs")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    args = parser.parse_args(argv)
    tables = None if args.check else generate(args.out)
    results = check(args.out)
    for outcome, designed, figure, ok in results:
        print(f"{'ok  ' if ok else 'FAIL'} {outcome}: {figure}  (designed: {designed})")
    if not all(ok for *_, ok in results):
        return 1
    if tables is not None:
        write_readme(args.out, tables, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
