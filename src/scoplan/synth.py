"""Synthetic data in the DATA.md format: a city, a province or the whole country.

:func:`generate` writes one CSV file per table of DATA.md (canonical English headers, UTF-8,
ISO dates, ``true``/``false``, lists joined with ``;``), in the proportions of
``docs/TARGETS.md``:

- ``city``: 黄山市 with its real seven district codes and names and its real division counts
  (109 township-level units, 76 urban and 671 rural communities), about 4,300 organizations;
- ``province``: 安徽省, its sixteen cities with their real codes and names and 合肥's high-tech
  zone (105 districts), about 1,700 township-level units, 18,000 communities and 200,000
  organizations;
- ``national``: the thirty-one provinces with their real codes, 安徽省 among them, about
  2,800 districts, 41,000 township-level units, 620,000 communities and 5,000,000
  organizations.

黄山市 has the same seven districts, townships and communities at every scale, so the bundled
Huangshan plan (area: code prefix ``3410``) evaluates on each. Every other name, and every
code below a city, is invented, and so is every organization, federation, establishment,
brand project and event: the data is made to measure scoplan, it describes no real place.

The same scale and seed write the same bytes on any machine. The hierarchy and the rarer
records come from ``random.Random`` instances seeded from the seed and a fixed name. The
millions of organizations come from a counter-based generator: draw ``k`` of stream ``s`` is
a fixed integer function of ``(seed, s, k)`` (the ``lowbias32`` mixer, computed in polars with
exact unsigned arithmetic that never overflows), so organizations are made and written in
chunks, and no library's random stream or hash function is relied on.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Literal, get_args

import attrs
import polars as pl

from scoplan.schema import TABLES

Scale = Literal["city", "province", "national"]
SCALES: tuple[Scale, ...] = get_args(Scale)
ProgressCallback = Callable[[str], None]

FILES = tuple(table.name for table in TABLES)
"""The tables written, in the order of DATA.md; each is ``<table>.csv``."""

LAST_DAY = dt.date(2023, 12, 31)
"""No date in the data is later: the data is an export made at the end of 2023."""
EPOCH = dt.date(1970, 1, 1)
CHUNK = 500_000
"""Organizations made and written at a time (bounds memory at the national scale)."""


@attrs.frozen
class SynthSummary:
    """What :func:`generate` wrote: the scale, the seed and the rows of each table."""

    scale: str
    seed: int
    districts: int
    townships: int
    communities: int
    organizations: int
    federations: int
    establishments: int
    brand_projects: int
    events: int

    @property
    def rows(self) -> dict[str, int]:
        """The number of rows of each table, in the order of DATA.md."""
        return {name: getattr(self, name) for name in FILES}

    def describe(self) -> str:
        """One line: the scale, the seed and every table's row count."""
        counts = ", ".join(f"{n:,} {name}" for name, n in self.rows.items())
        return f"{self.scale} scale, seed {self.seed}: {counts}"


@attrs.frozen
class _Profile:
    """How big a scale is: organizations in all, and the mean size of what is invented."""

    organizations: int
    townships_per_district: float
    communities_per_township: float


_PROFILES: Mapping[str, _Profile] = {
    "city": _Profile(4_300, 0.0, 0.0),  # 黄山市 alone, whose structure is fixed
    "province": _Profile(200_000, 16.4, 10.8),
    "national": _Profile(5_000_000, 14.6, 15.1),
}
_TOWNSHIP_SIZE: Mapping[str, float] = {"street": 0.75, "town": 1.15, "township": 0.9}
"""Communities of a street, a town and a township, relative to the mean."""
_URBAN_DENSITY = 3.0
"""An urban community has about three times the organizations of a rural one."""

# -- the real names and codes --------------------------------------------------------------

_HUANGSHAN_CITY = ("3410", "黄山市")
# id, name, kind, streets, towns, townships, other township-level units, urban, rural
_HUANGSHAN: tuple[tuple[str, str, str, int, int, int, int, int, int], ...] = (
    ("341002", "屯溪区", "district", 4, 5, 0, 0, 31, 41),
    ("341003", "黄山区", "district", 0, 9, 5, 1, 7, 77),
    ("341004", "徽州区", "district", 0, 4, 3, 2, 9, 43),
    ("341021", "歙县", "county", 0, 15, 13, 1, 13, 180),
    ("341022", "休宁县", "county", 0, 11, 10, 0, 5, 153),
    ("341023", "黟县", "county", 0, 5, 3, 0, 4, 66),
    ("341024", "祁门县", "county", 0, 10, 8, 0, 7, 111),
)
_TUNXI_STREETS = ("昱东", "昱中", "老街", "昱西")
_TUNXI_TOWNS = ("屯光", "阳湖", "黎阳", "新潭", "奕棋")
# Anhui's cities: code, name, number of county-level units (黄山市's are the real ones above).
_ANHUI: tuple[tuple[str, str, int], ...] = (
    ("3401", "合肥市", 9),
    ("3402", "芜湖市", 7),
    ("3403", "蚌埠市", 7),
    ("3404", "淮南市", 7),
    ("3405", "马鞍山市", 6),
    ("3406", "淮北市", 4),
    ("3407", "铜陵市", 4),
    ("3408", "安庆市", 10),
    ("3410", "黄山市", 7),
    ("3411", "滁州市", 8),
    ("3412", "阜阳市", 8),
    ("3413", "宿州市", 5),
    ("3415", "六安市", 7),
    ("3416", "亳州市", 4),
    ("3417", "池州市", 4),
    ("3418", "宣城市", 7),
)
_ANHUI_ZONE = ("340171", "合肥高新技术产业开发区", "3401")
_PROVINCES: tuple[tuple[str, str], ...] = (
    ("11", "北京市"),
    ("12", "天津市"),
    ("13", "河北省"),
    ("14", "山西省"),
    ("15", "内蒙古自治区"),
    ("21", "辽宁省"),
    ("22", "吉林省"),
    ("23", "黑龙江省"),
    ("31", "上海市"),
    ("32", "江苏省"),
    ("33", "浙江省"),
    ("34", "安徽省"),
    ("35", "福建省"),
    ("36", "江西省"),
    ("37", "山东省"),
    ("41", "河南省"),
    ("42", "湖北省"),
    ("43", "湖南省"),
    ("44", "广东省"),
    ("45", "广西壮族自治区"),
    ("46", "海南省"),
    ("50", "重庆市"),
    ("51", "四川省"),
    ("52", "贵州省"),
    ("53", "云南省"),
    ("54", "西藏自治区"),
    ("61", "陕西省"),
    ("62", "甘肃省"),
    ("63", "青海省"),
    ("64", "宁夏回族自治区"),
    ("65", "新疆维吾尔自治区"),
)
_MUNICIPALITIES = frozenset({"11", "12", "31", "50"})

# -- invented names ------------------------------------------------------------------------

_FIRST = "东西南北上中下前后大小新古高长石金龙凤桃梅竹松柏杨柳青白岩塘汪程胡方潘许吴洪江汤余"
_SECOND = "溪川源坑塘口岭桥湾坞坪岗洲畈亭林田山里冲坦园湖阳堨坝渡埠"
_ACTIVITIES: Mapping[str, tuple[str, ...]] = {
    "life_services": (
        "便民服务队",
        "家政服务社",
        "助餐服务点",
        "家电维修队",
        "健康服务站",
        "托育服务点",
        "便民代办队",
        "邻里食堂",
    ),
    "charity": ("爱心慈善会", "爱心帮扶队", "扶贫济困会", "慈善超市", "助学帮扶会", "爱心驿站"),
    "mutual_aid": (
        "邻里互助会",
        "老年协会",
        "妇女互助会",
        "互助养老会",
        "邻里守望队",
        "亲子互助会",
    ),
    "governance": (
        "议事协商会",
        "平安巡逻队",
        "人民调解志愿队",
        "乡贤理事会",
        "红白理事会",
        "环境监督队",
        "居民议事会",
    ),
    "culture_sports": (
        "广场舞队",
        "太极拳协会",
        "书画社",
        "戏曲票友会",
        "合唱团",
        "读书会",
        "门球队",
    ),
    "volunteer": (
        "夕阳红志愿服务队",
        "青年志愿服务队",
        "巾帼志愿服务队",
        "党员志愿服务队",
        "环保志愿队",
        "文明劝导队",
    ),
    "other": ("茶艺协会", "花卉协会", "垂钓协会", "养蜂协会", "宠物文明协会"),
}
_CATEGORY_WEIGHTS = (17, 13, 16, 14, 18, 15, 7)  # the four priority categories make 60 of 100
_GROUP_WEIGHTS: Mapping[str, int] = {
    "elderly": 30,
    "children": 20,
    "women": 15,
    "disabled": 10,
    "hardship_families": 10,
    "migrant_workers": 5,
    "unemployed": 5,
    "troubled_youth": 3,
    "mental_disorders": 2,
    "children_of_detainees": 1,
    "community_correction": 1,
}
_FOUNDED_YEARS: Mapping[int, int] = {
    2015: 3,
    2016: 4,
    2017: 5,
    2018: 7,
    2019: 9,
    2020: 11,
    2021: 17,
    2022: 21,
    2023: 23,
}
_THEMES = (
    "银龄乐享",
    "邻里守望",
    "阳光少年",
    "巾帼暖心",
    "残健同行",
    "睦邻茶话",
    "乡村课堂",
    "平安夜巡",
    "爱心助餐",
    "书香社区",
)
_SUFFIX: Mapping[str, str] = {
    "federation": "社区社会组织联合会",
    "service_centre": "社会组织培育发展服务中心",
    "governance_academy": "社区治理学院",
    "development_plan": "社区社会组织培育发展三年计划(2021—2023年)",
    "observation_point": "社区社会组织培育观察点",
    "rural_pilot": "农村社区社会组织培育试点",
    "disclosure_system": "社区社会组织信息公开制度",
    "activity_reporting_system": "社区社会组织重大活动报告制度",
    "work_plan": "社区社会组织党建工作方案",
    "evaluation_system": "社区社会组织评估评议制度",
    "training": "社区社会组织业务培训",
    "gongyi_chuangtou": "社区社会组织公益创投活动",
    "brand_selection": "品牌社区社会组织评选",
}


# -- the counter-based generator -------------------------------------------------------------

_MASK = 0xFFFFFFFF
_TWO_32 = 1 << 32


def _mix(x: pl.Expr) -> pl.Expr:
    """``lowbias32`` on unsigned 64-bit values below 2**32: a bijection of 32-bit integers.

    Each product is of two numbers below 2**32, so it never overflows; shifts are exact floor
    divisions. The result is the same on every machine and every version of polars.
    """
    x = x.xor(x // (1 << 16))
    x = (x * 0x7FEB352D) & _MASK
    x = x.xor(x // (1 << 15))
    x = (x * 0x846CA68B) & _MASK
    return x.xor(x // (1 << 16))


class _Streams:
    """Independent streams of 32-bit draws for row ``k``: a fixed function of seed, name, k."""

    def __init__(self, seed: int, names: Sequence[str]) -> None:
        keys = random.Random(f"scoplan-synth/{seed}/organizations")
        self._base = keys.getrandbits(32)
        self._keys = {name: keys.getrandbits(32) for name in names}

    def base(self, index: pl.Expr) -> pl.Expr:
        """The mixed row number every stream starts from (``index`` below 2**32)."""
        return _mix(index.cast(pl.UInt64).xor(self._base))

    def draw(self, name: str, base: pl.Expr) -> pl.Expr:
        """Draw ``k`` of the stream ``name``: an integer in [0, 2**32), as Int64."""
        return _mix(base.xor(self._keys[name])).cast(pl.Int64)


def _below(draw: pl.Expr, n: pl.Expr | int) -> pl.Expr:
    """An integer in [0, n), uniform, from a 32-bit draw (exact: no float is involved)."""
    return (draw * n) // _TWO_32


def _thresholds(weights: Sequence[int]) -> list[int]:
    total = sum(weights)
    cumulative = 0
    cuts = []
    for weight in weights[:-1]:
        cumulative += weight
        cuts.append(cumulative * _TWO_32 // total)
    return cuts


def _pick(draw: pl.Expr, weights: Sequence[int]) -> pl.Expr:
    """The index (UInt32) of a choice among ``weights``, from a 32-bit draw."""
    terms = [(draw >= cut).cast(pl.UInt32) for cut in _thresholds(weights)]
    return pl.sum_horizontal(terms) if terms else pl.lit(0, dtype=pl.UInt32)


def _choice(draw: pl.Expr, codes: Sequence[str], weights: Sequence[int]) -> pl.Expr:
    mapping = dict(enumerate(codes))
    return _pick(draw, weights).replace_strict(mapping, return_dtype=pl.String)


def _chance(draw: pl.Expr, share: float) -> pl.Expr:
    return draw < int(share * _TWO_32)


def _days(day: dt.date) -> int:
    return (day - EPOCH).days


# -- the hierarchy ---------------------------------------------------------------------------


@attrs.frozen
class _District:
    id: str
    name: str
    kind: str
    city: str
    factor: float
    """How far ahead of the mean the district is in organizations (0.7 to 1.3)."""


@attrs.frozen
class _Township:
    id: str
    district: int
    name: str
    kind: str
    urban: int
    rural: int


class _Names:
    """Invented two-character place names (and unique city names)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._cities: set[str] = {name for _, name, _ in _ANHUI}

    def place(self) -> str:
        rng = self._rng
        return _FIRST[rng.randrange(len(_FIRST))] + _SECOND[rng.randrange(len(_SECOND))]

    def city(self) -> str:
        while True:
            name = self.place() + "市"
            if name not in self._cities:
                self._cities.add(name)
                return name


def _spread(rng: random.Random, total: int, slots: int) -> list[int]:
    """``total`` split over ``slots``: one each first when there are enough, the rest at random."""
    counts = [1] * slots if total >= slots else [0] * slots
    for _ in range(total - sum(counts)):
        counts[rng.randrange(slots)] += 1
    return counts


def _huangshan_townships(rng: random.Random, first: int) -> list[_Township]:
    """黄山市's real township counts, with its urban and rural communities spread over them."""
    names = _Names(rng)
    townships: list[_Township] = []
    for offset, spec in enumerate(_HUANGSHAN):
        did, _, kind, streets, towns, small, other, urban, rural = spec
        index = first + offset
        units: list[tuple[str, str, str]] = []
        for i in range(streets):
            units.append((f"{did}{1 + i:03d}", f"{_TUNXI_STREETS[i]}街道", "street"))
        for i in range(towns):
            name = _TUNXI_TOWNS[i] if did == "341002" else names.place()
            units.append((f"{did}{100 + i}", f"{name}镇", "town"))
        for i in range(small):
            units.append((f"{did}{200 + i}", f"{names.place()}乡", "township"))
        for i in range(other):  # the statistics' "other" township-level units
            units.append((f"{did}{400 + i}", f"{names.place()}管理区", "township"))
        # urban communities lie in the streets and the seat towns; rural ones in the rest
        seats = 2 if kind == "district" else 1
        urban_units = [i for i, u in enumerate(units) if u[2] == "street"]
        urban_units += [i for i, u in enumerate(units) if u[2] == "town"][:seats]
        rural_units = [i for i, u in enumerate(units) if u[2] != "street"]
        urban_counts = dict(zip(urban_units, _spread(rng, urban, len(urban_units)), strict=True))
        rural_counts = dict(zip(rural_units, _spread(rng, rural, len(rural_units)), strict=True))
        for i, (tid, name, tkind) in enumerate(units):
            townships.append(
                _Township(tid, index, name, tkind, urban_counts.get(i, 0), rural_counts.get(i, 0))
            )
    return townships


def _invented_townships(
    rng: random.Random, names: _Names, district: _District, index: int, profile: _Profile
) -> list[_Township]:
    """Township-level units of an invented district, and how many communities each has."""
    if district.kind == "zone":
        n = rng.randint(2, 5)
        streets = n - rng.randint(0, 1)
        towns, small = n - streets, 0
    else:
        n = max(3, round(profile.townships_per_district * (0.6 + 0.8 * rng.random())))
        if district.kind == "district":
            streets = max(1, round(n * (0.3 + 0.5 * rng.random())))
            small = rng.randint(0, (n - streets) // 3)
        else:
            streets = min(rng.randint(0, 2), n - 2)
            small = round((n - streets) * (0.25 + 0.3 * rng.random()))
        towns = n - streets - small
    townships: list[_Township] = []
    kinds = [("street", 1, "街道")] * streets + [("town", 100, "镇")] * towns
    kinds += [("township", 200, "乡")] * small
    seen: dict[str, int] = {}
    for kind, start, suffix in kinds:
        number = start + seen.get(kind, 0)
        seen[kind] = seen.get(kind, 0) + 1
        mean = profile.communities_per_township * _TOWNSHIP_SIZE[kind]
        size = max(1, round(mean * (0.5 + rng.random())))
        if kind == "street":
            urban = size - rng.randint(0, size // 5)
        elif kind == "town" and number == 100:  # the seat town
            urban = round(size * (0.2 + 0.3 * rng.random()))
        elif kind == "town":
            urban = 1 if rng.random() < 0.15 else 0
        else:
            urban = 0
        townships.append(
            _Township(
                f"{district.id}{number:03d}",
                index,
                names.place() + suffix,
                kind,
                min(urban, 199),
                min(size - urban, 199),
            )
        )
    return townships


def _invented_districts(
    rng: random.Random, names: _Names, city_code: str, city: str, n: int
) -> list[_District]:
    """``n`` county-level units of a city: districts (区, codes 02…) then counties (21…)."""
    urban = max(1, round(n * (0.25 + 0.3 * rng.random())))
    districts = []
    for i in range(n):
        if i < urban:
            code, kind, suffix = f"{city_code}{2 + i:02d}", "district", "区"
        else:
            code, kind, suffix = f"{city_code}{21 + i - urban:02d}", "county", "县"
        factor = 0.7 + 0.6 * rng.random()
        districts.append(_District(code, names.place() + suffix, kind, city, factor))
    return districts


@attrs.frozen
class _Hierarchy:
    districts: list[_District]
    townships: list[_Township]


def _hierarchy(scale: Scale, seed: int) -> _Hierarchy:
    profile = _PROFILES[scale]
    districts: list[_District] = []
    townships: list[_Township] = []

    def add_huangshan() -> None:
        rng = random.Random(f"scoplan-synth/{seed}/huangshan")
        first = len(districts)
        for did, name, kind, *_ in _HUANGSHAN:
            districts.append(
                _District(did, name, kind, _HUANGSHAN_CITY[1], 0.7 + 0.6 * rng.random())
            )
        townships.extend(_huangshan_townships(rng, first))

    def add_city(rng: random.Random, names: _Names, code: str, city: str, n: int) -> None:
        for district in _invented_districts(rng, names, code, city, n):
            districts.append(district)
            townships.extend(_invented_townships(rng, names, district, len(districts) - 1, profile))

    def add_anhui() -> None:
        rng = random.Random(f"scoplan-synth/{seed}/34")
        names = _Names(rng)
        for code, city, n in _ANHUI:
            if code == _HUANGSHAN_CITY[0]:
                add_huangshan()
                continue
            add_city(rng, names, code, city, n)
            if code == _ANHUI_ZONE[2]:
                zone = _District(_ANHUI_ZONE[0], _ANHUI_ZONE[1], "zone", city, 1.0)
                districts.append(zone)
                townships.extend(_invented_townships(rng, names, zone, len(districts) - 1, profile))

    if scale == "city":
        add_huangshan()
    elif scale == "province":
        add_anhui()
    else:
        cities = _Names(random.Random(f"scoplan-synth/{seed}/cities"))
        for code, province in _PROVINCES:
            if code == "34":
                add_anhui()
                continue
            rng = random.Random(f"scoplan-synth/{seed}/{code}")
            names = _Names(rng)
            if code in _MUNICIPALITIES:
                add_city(rng, names, f"{code}01", province, rng.randint(11, 18))
                continue
            for i in range(rng.randint(7, 15)):
                add_city(rng, names, f"{code}{1 + i:02d}", cities.city(), rng.randint(6, 12))
    return _Hierarchy(districts, townships)


# -- writing ----------------------------------------------------------------------------------


def _write(frame: pl.DataFrame, path: Path) -> None:
    """Write ``frame`` as CSV through a temporary file moved into place."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            frame.write_csv(handle)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _pad(prefix: str, n: int) -> list[str]:
    width = max(4, len(str(n)))
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def _date_in(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _year_weighted(rng: random.Random, years: Mapping[int, int]) -> int:
    return rng.choices(list(years), weights=list(years.values()))[0]


def _in_year(rng: random.Random, year: int) -> dt.date:
    return _date_in(rng, dt.date(year, 1, 1), min(dt.date(year, 12, 31), LAST_DAY))


class _Rows:
    """Rows of one table, kept as columns."""

    def __init__(self, columns: Sequence[str]) -> None:
        self.columns: dict[str, list[object]] = {c: [] for c in columns}

    def add(self, *values: object) -> None:
        for column, value in zip(self.columns.values(), values, strict=True):
            column.append(value)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))

    def frame(self, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
        return pl.DataFrame(self.columns, schema=dict(schema))


_S = pl.String()
_D = pl.Date()


@attrs.frozen
class _Communities:
    """The communities, as columns, and where each district's lie."""

    ids: list[str]
    township_ids: list[str]
    names: list[str]
    kinds: list[str]
    stems: list[str]
    district: list[int]
    ranges: list[tuple[int, int]]
    """Per district, the first and one-past-last community index."""


def _communities(seed: int, hierarchy: _Hierarchy) -> _Communities:
    rng = random.Random(f"scoplan-synth/{seed}/communities")
    names = _Names(rng)
    ids: list[str] = []
    township_ids: list[str] = []
    full: list[str] = []
    kinds: list[str] = []
    stems: list[str] = []
    district: list[int] = []
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    for township in hierarchy.townships:  # a district's townships come one after another
        starts.setdefault(township.district, len(ids))
        for number, kind, suffix, n in (
            (1, "urban", "社区", township.urban),
            (200, "rural", "村", township.rural),
        ):
            for i in range(n):
                stem = names.place()
                ids.append(f"{township.id}{number + i:03d}")
                township_ids.append(township.id)
                full.append(stem + suffix)
                kinds.append(kind)
                stems.append(stem)
                district.append(township.district)
        ends[township.district] = len(ids)
    ranges = [(starts.get(i, 0), ends.get(i, 0)) for i in range(len(hierarchy.districts))]
    return _Communities(ids, township_ids, full, kinds, stems, district, ranges)


def _organization_counts(
    seed: int, profile: _Profile, hierarchy: _Hierarchy, communities: _Communities
) -> list[int]:
    """How many organizations each community gets: about the profile's total in all."""
    rng = random.Random(f"scoplan-synth/{seed}/densities")
    factors = [d.factor for d in hierarchy.districts]
    weights = [
        factors[d] * (_URBAN_DENSITY if k == "urban" else 1.0)
        for d, k in zip(communities.district, communities.kinds, strict=True)
    ]
    rural_density = profile.organizations / sum(weights)
    # the mean of int(x * (0.2 + 1.6u) + v) over uniform u, v is x
    return [int(rural_density * w * (0.2 + 1.6 * rng.random()) + rng.random()) for w in weights]


_ORGANIZATION_STREAMS = (
    "year",
    "day",
    "dissolve",
    "dissolve_day",
    "category",
    "activity",
    "registration",
    "size",
    "manager",
    "charter",
    "brand",
    "brand_day",
    "serves",
    "serves_first",
    "serves_second",
)


def _organization_stages(streams: _Streams, width: int) -> list[list[pl.Expr]]:
    """Expressions making the organizations' columns from ``index``, ``community_id``, ``stem``.

    Applied one stage after another, each stage naming the columns of the ones before: one
    deep expression would make polars' optimiser repeat every shared part.
    """
    col = pl.col
    draws = [streams.draw(name, col("base")).alias(name) for name in _ORGANIZATION_STREAMS]
    years = list(_FOUNDED_YEARS)
    starts = {i: _days(dt.date(y, 1, 1)) for i, y in enumerate(years)}
    lengths = {i: (dt.date(y + 1, 1, 1) - dt.date(y, 1, 1)).days for i, y in enumerate(years)}
    categories = list(_ACTIVITIES)
    offsets: dict[int, int] = {}
    activities: list[str] = []
    for i, category in enumerate(categories):
        offsets[i] = len(activities)
        activities.extend(_ACTIVITIES[category])
    sizes = {i: len(_ACTIVITIES[c]) for i, c in enumerate(categories)}
    groups = list(_GROUP_WEIGHTS)
    weights = list(_GROUP_WEIGHTS.values())
    last = _days(LAST_DAY)
    picks = [
        _pick(col("year"), list(_FOUNDED_YEARS.values())).alias("year_index"),
        _pick(col("category"), _CATEGORY_WEIGHTS).alias("category_index"),
        _choice(col("registration"), ("registered", "filed", "none"), (10, 82, 8)).alias(
            "registration"
        ),
        pl.when(_chance(col("size"), 0.12))
        .then(pl.lit("large"))
        .otherwise(pl.lit("small"))
        .alias("size"),
        _choice(col("serves_first"), groups, weights).alias("serves_first"),
        _choice(col("serves_second"), groups, weights).alias("serves_second"),
    ]
    values = [
        (
            col("year_index").replace_strict(starts, return_dtype=pl.Int64)
            + _below(col("day"), col("year_index").replace_strict(lengths, return_dtype=pl.Int64))
        ).alias("founded"),
        (
            col("category_index").replace_strict(offsets, return_dtype=pl.Int64)
            + _below(
                col("activity"), col("category_index").replace_strict(sizes, return_dtype=pl.Int64)
            )
        ).alias("activity_index"),
    ]
    # about 3% are dissolved, at least a month after they were founded, by the end of 2023
    dissolved = (
        pl.when((col("founded") <= last - 30) & _chance(col("dissolve"), 0.032))
        .then(col("founded") + 30 + _below(col("dissolve_day"), (last - col("founded") - 29)))
        .otherwise(None)
        .alias("dissolved")
    )
    brand_start = pl.max_horizontal(col("founded") + 90, pl.lit(_days(dt.date(2020, 1, 1))))
    ended = [dissolved, brand_start.alias("brand_start")]
    # about 1 in 500 is named a brand, from 2020 on, if it is not dissolved
    brand = (
        pl.when(
            _chance(col("brand"), 1 / 500)
            & col("dissolved").is_null()
            & (col("brand_start") <= last)
        )
        .then(col("brand_start") + _below(col("brand_day"), (last - col("brand_start") + 1)))
        .otherwise(None)
    )
    # the right managing body for the registration and size, about 1% left empty
    managed_by = (
        pl.when(_chance(col("manager"), 0.01))
        .then(pl.lit(None, dtype=pl.String))
        .when(col("registration") == "registered")
        .then(pl.lit("civil_affairs"))
        .when(col("size") == "large")
        .then(pl.lit("township"))
        .otherwise(pl.lit("community"))
    )
    first, second = col("serves_first"), col("serves_second")
    serves = (
        pl.when(col("serves") < int(0.45 * _TWO_32))
        .then(pl.lit(None, dtype=pl.String))
        .when((col("serves") < int(0.85 * _TWO_32)) | (first == second))
        .then(first)
        .otherwise(pl.concat_str([first, pl.lit(";"), second]))
    )
    final = [
        pl.format("ORG{}", (col("index") + 1).cast(pl.String).str.zfill(width)).alias("id"),
        col("community_id"),
        pl.concat_str(
            [
                col("stem"),
                col("activity_index").replace_strict(
                    dict(enumerate(activities)), return_dtype=pl.String
                ),
            ]
        ).alias("name"),
        col("category_index")
        .replace_strict(dict(enumerate(categories)), return_dtype=pl.String)
        .alias("category"),
        col("founded").cast(pl.Int32).cast(pl.Date),
        col("dissolved").cast(pl.Int32).cast(pl.Date),
        col("registration"),
        col("size"),
        managed_by.alias("managed_by"),
        ((col("registration") == "registered") | _chance(col("charter"), 0.55)).alias("charter"),
        brand.cast(pl.Int32).cast(pl.Date).alias("brand"),
        serves.alias("serves"),
    ]
    return [[streams.base(col("index")).alias("base")], draws, picks, values, ended, final]


def _write_organizations(
    seed: int,
    communities: _Communities,
    counts: list[int],
    path: Path,
    progress: ProgressCallback | None,
    lang: str = "en",
) -> tuple[int, pl.DataFrame]:
    """Write the organizations in chunks; their number, and the brand organizations."""
    from scoplan.i18n import translate

    owners = (
        pl.DataFrame(
            {"c": pl.Series(range(len(counts)), dtype=pl.UInt32), "n": counts},
            schema={"c": pl.UInt32, "n": pl.Int64},
        )
        .filter(pl.col("n") > 0)
        .select(pl.col("c").repeat_by("n").explode())
        .get_column("c")
    )
    total = owners.len()
    ids = pl.Series("community_id", communities.ids, dtype=pl.String)
    stems = pl.Series("stem", communities.stems, dtype=pl.String)
    streams = _Streams(seed, _ORGANIZATION_STREAMS)
    stages = _organization_stages(streams, max(6, len(str(total))))
    brands: list[pl.DataFrame] = []
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            for start in range(0, max(total, 1), CHUNK):
                owner = owners.slice(start, CHUNK)
                chunk = pl.DataFrame(
                    {
                        "index": pl.int_range(
                            start, start + owner.len(), dtype=pl.Int64, eager=True
                        ),
                        "community_id": ids.gather(owner),
                        "stem": stems.gather(owner),
                    }
                )
                for stage in stages[:-1]:
                    chunk = chunk.with_columns(stage)
                chunk = chunk.select(stages[-1])
                # two of one community, name and founding day would be one entered twice
                # (a warning): the second is named as a register would, 志愿服务队（2）
                twin = pl.int_range(pl.len()).over("community_id", "name", "founded")
                named = pl.format("{}（{}）", pl.col("name"), twin + 1)
                chunk = chunk.with_columns(pl.when(twin > 0).then(named).otherwise(pl.col("name")))
                chunk.write_csv(handle, include_header=start == 0)
                brands.append(
                    chunk.filter(pl.col("brand").is_not_null()).select(
                        "id", "name", "founded", "brand"
                    )
                )
                if progress is not None:
                    done = f"{start + owner.len():,}"
                    progress(
                        translate(
                            "synth.progress.organizations", lang, done=done, total=f"{total:,}"
                        )
                    )
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return total, pl.concat(brands)


def _federations(seed: int, hierarchy: _Hierarchy, communities: _Communities) -> pl.DataFrame:
    """Township-level federations in most townships, community-level in many urban communities."""
    rng = random.Random(f"scoplan-synth/{seed}/federations")
    rows = _Rows(("level", "unit_id", "name", "founded", "dissolved"))
    township_years = {2018: 1, 2019: 2, 2020: 4, 2021: 8, 2022: 5, 2023: 3}
    community_years = {2019: 1, 2020: 2, 2021: 5, 2022: 5, 2023: 4}
    for township in hierarchy.townships:
        if rng.random() < (0.85 if township.kind == "street" else 0.7):
            founded = _in_year(rng, _year_weighted(rng, township_years))
            dissolved = None
            if rng.random() < 0.02 and founded < dt.date(2023, 1, 1):
                dissolved = _date_in(rng, dt.date(2023, 1, 1), dt.date(2023, 11, 30))
            name = township.name + _SUFFIX["federation"]
            rows.add("township", township.id, name, founded, dissolved)
    for cid, name, kind in zip(communities.ids, communities.names, communities.kinds, strict=True):
        if rng.random() < (0.5 if kind == "urban" else 0.03):
            founded = _in_year(rng, _year_weighted(rng, community_years))
            rows.add("community", cid, name + _SUFFIX["federation"], founded, None)
    frame = rows.frame({"level": _S, "unit_id": _S, "name": _S, "founded": _D, "dissolved": _D})
    return frame.select(pl.Series("id", _pad("FED", frame.height), dtype=pl.String), pl.all())


def _establishments(
    seed: int, scale: Scale, hierarchy: _Hierarchy, communities: _Communities
) -> pl.DataFrame:
    """Every kind of establishment, at the level each kind is kept."""
    rng = random.Random(f"scoplan-synth/{seed}/establishments")
    rows = _Rows(("kind", "unit_id", "name", "established", "ended"))

    def add(kind: str, unit: str, name: str, established: dt.date, ended: dt.date | None) -> None:
        rows.add(kind, unit, name + _SUFFIX[kind], established, ended)

    if scale == "city":
        add("service_centre", "city", _HUANGSHAN_CITY[1], dt.date(2019, 12, 27), None)
    rural: list[list[int]] = [[] for _ in hierarchy.districts]
    for index, (kind, owner) in enumerate(
        zip(communities.kinds, communities.district, strict=True)
    ):
        if kind == "rural":
            rural[owner].append(index)
    for index, district in enumerate(hierarchy.districts):
        if rng.random() < 0.75:
            opened = _in_year(
                rng, _year_weighted(rng, {2018: 1, 2019: 2, 2020: 3, 2021: 5, 2022: 4, 2023: 3})
            )
            ended = None
            if rng.random() < 0.03 and opened < dt.date(2023, 1, 1):
                ended = _date_in(rng, dt.date(2023, 1, 1), dt.date(2023, 11, 30))
            add("service_centre", district.id, district.name, opened, ended)
        if rng.random() < 0.55:
            add(
                "governance_academy",
                district.id,
                district.name,
                _in_year(rng, rng.randint(2021, 2023)),
                None,
            )
        if rng.random() < 0.85:
            plan_day = _date_in(rng, dt.date(2021, 1, 1), dt.date(2022, 12, 31))
            add("development_plan", district.id, district.name, plan_day, None)
        if rng.random() < 0.3:
            add(
                "activity_reporting_system",
                district.id,
                district.name,
                _in_year(rng, rng.randint(2020, 2023)),
                None,
            )
        first, end = communities.ranges[index]
        if end > first:
            for _ in range(rng.choices((0, 1, 2, 3), weights=(1, 5, 3, 1))[0]):
                c = rng.randrange(first, end)
                point = _date_in(rng, dt.date(2021, 1, 1), dt.date(2022, 12, 31))
                add("observation_point", communities.ids[c], communities.names[c], point, None)
        if rural[index]:
            for _ in range(rng.choices((0, 1, 2, 3), weights=(3, 4, 2, 1))[0]):
                c = rural[index][rng.randrange(len(rural[index]))]
                pilot = _date_in(rng, dt.date(2021, 1, 1), dt.date(2022, 12, 31))
                add("rural_pilot", communities.ids[c], communities.names[c], pilot, None)
    for township in hierarchy.townships:
        if rng.random() < (0.25 if township.kind == "street" else 0.08):
            opened = _in_year(rng, rng.randint(2019, 2023))
            add("service_centre", township.id, township.name, opened, None)
        if rng.random() < 0.4:
            opened = _in_year(rng, rng.randint(2020, 2023))
            add("activity_reporting_system", township.id, township.name, opened, None)
    for cid, name, kind in zip(communities.ids, communities.names, communities.kinds, strict=True):
        if rng.random() < (0.5 if kind == "urban" else 0.25):
            opened = _in_year(rng, rng.randint(2019, 2023))
            add("disclosure_system", cid, name, opened, None)
    # kinds added later draw from a stream of their own: the rows above stay as they were
    later = random.Random(f"scoplan-synth/{seed}/establishments/2")
    for township in hierarchy.townships:
        if later.random() < 0.3:
            opened = _in_year(later, later.randint(2021, 2023))
            add("work_plan", township.id, township.name, opened, None)
    for cid, name in zip(communities.ids, communities.names, strict=True):
        if later.random() < 0.1:
            opened = _in_year(later, later.randint(2021, 2023))
            add("evaluation_system", cid, name, opened, None)
    frame = rows.frame({"kind": _S, "unit_id": _S, "name": _S, "established": _D, "ended": _D})
    return frame.select(pl.Series("id", _pad("EST", frame.height), dtype=pl.String), pl.all())


def _events(seed: int, scale: Scale, hierarchy: _Hierarchy) -> pl.DataFrame:
    """Trainings, 公益创投 and brand selections held by the city, districts and townships."""
    rng = random.Random(f"scoplan-synth/{seed}/events")
    rows = _Rows(("kind", "unit_id", "name", "date"))

    def add(kind: str, unit: str, name: str, year: int) -> None:
        rows.add(kind, unit, f"{year}年{name}{_SUFFIX[kind]}", _in_year(rng, year))

    if scale == "city":
        city = _HUANGSHAN_CITY[1]
        for year in (2021, 2022, 2023):
            add("training", "city", city, year)
        for year in (2022, 2023):
            add("brand_selection", "city", city, year)
    for district in hierarchy.districts:
        for year in (2021, 2022, 2023):
            if rng.random() < 0.8:
                add("training", district.id, district.name, year)
                if rng.random() < 0.2:
                    add("training", district.id, district.name, year)
            if rng.random() < 0.6:
                add("gongyi_chuangtou", district.id, district.name, year)
            if year >= 2022 and rng.random() < 0.4:
                add("brand_selection", district.id, district.name, year)
    for township in hierarchy.townships:
        for year in (2021, 2022, 2023):
            if rng.random() < 0.1:
                add("training", township.id, township.name, year)
            if rng.random() < 0.3:
                add("gongyi_chuangtou", township.id, township.name, year)
    frame = rows.frame({"kind": _S, "unit_id": _S, "name": _S, "date": _D})
    return frame.select(pl.Series("id", _pad("EVT", frame.height), dtype=pl.String), pl.all())


def _brand_projects(seed: int, brands: pl.DataFrame) -> pl.DataFrame:
    """One or two projects of each brand organization, designated after it was founded."""
    rng = random.Random(f"scoplan-synth/{seed}/brand_projects")
    rows = _Rows(("organization_id", "name", "designated"))
    for org_id, _, founded, brand in brands.sort("id").iter_rows():
        for _ in range(1 if rng.random() < 0.7 else 2):
            start = max(founded, brand - dt.timedelta(days=365))
            theme = _THEMES[rng.randrange(len(_THEMES))]
            rows.add(org_id, f"“{theme}”服务项目", _date_in(rng, start, LAST_DAY))
    frame = rows.frame({"organization_id": _S, "name": _S, "designated": _D})
    return frame.select(pl.Series("id", _pad("BP", frame.height), dtype=pl.String), pl.all())


def generate(
    scale: Scale,
    seed: int,
    out: Path,
    *,
    progress: ProgressCallback | None = None,
    lang: str = "en",
) -> SynthSummary:
    """Write synthetic data of ``scale`` made from ``seed`` into the folder ``out``.

    ``out`` is created if needed; the eight table files in it are replaced (each written to
    a temporary file and moved into place), any other file is left alone. ``progress`` is
    called with a short message in ``lang`` as each table is made. The same scale and seed
    give the same bytes on any machine. Raises ``ValueError`` for an unknown scale or a
    negative seed.
    """
    from scoplan.i18n import translate

    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}: expected one of {', '.join(SCALES)}")
    if seed < 0:
        raise ValueError(f"the seed is a whole number from 0 up, not {seed}")

    def say(key: str, **values: object) -> None:
        if progress is not None:
            progress(translate(f"synth.progress.{key}", lang, **values))

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    profile = _PROFILES[scale]
    hierarchy = _hierarchy(scale, seed)
    say(
        "hierarchy",
        districts=f"{len(hierarchy.districts):,}",
        townships=f"{len(hierarchy.townships):,}",
    )
    communities = _communities(seed, hierarchy)
    say("communities", count=f"{len(communities.ids):,}")
    counts = _organization_counts(seed, profile, hierarchy, communities)
    organizations, brands = _write_organizations(
        seed, communities, counts, out / "organizations.csv", progress, lang
    )
    del counts
    tables: dict[str, pl.DataFrame] = {}
    tables["federations"] = _federations(seed, hierarchy, communities)
    say("federations")
    tables["establishments"] = _establishments(seed, scale, hierarchy, communities)
    say("establishments")
    tables["events"] = _events(seed, scale, hierarchy)
    say("events")
    tables["brand_projects"] = _brand_projects(seed, brands)
    tables["communities"] = pl.DataFrame(
        {
            "id": communities.ids,
            "township_id": communities.township_ids,
            "name": communities.names,
            "kind": communities.kinds,
        },
        schema={"id": _S, "township_id": _S, "name": _S, "kind": _S},
    )
    tables["townships"] = pl.DataFrame(
        {
            "id": [t.id for t in hierarchy.townships],
            "district_id": [hierarchy.districts[t.district].id for t in hierarchy.townships],
            "name": [t.name for t in hierarchy.townships],
            "kind": [t.kind for t in hierarchy.townships],
        },
        schema={"id": _S, "district_id": _S, "name": _S, "kind": _S},
    )
    tables["districts"] = pl.DataFrame(
        {
            "id": [d.id for d in hierarchy.districts],
            "name": [d.name for d in hierarchy.districts],
            "kind": [d.kind for d in hierarchy.districts],
            "city": [d.city for d in hierarchy.districts],
        },
        schema={"id": _S, "name": _S, "kind": _S, "city": _S},
    )
    for name, frame in tables.items():
        _write(frame, out / f"{name}.csv")
    say("written")
    return SynthSummary(
        scale=scale,
        seed=seed,
        districts=tables["districts"].height,
        townships=tables["townships"].height,
        communities=tables["communities"].height,
        organizations=organizations,
        federations=tables["federations"].height,
        establishments=tables["establishments"].height,
        brand_projects=tables["brand_projects"].height,
        events=tables["events"].height,
    )
