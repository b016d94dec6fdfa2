"""A county's own plan and its own level (区本级), the townships it is made of, and its returns.

浦东新区民政局 keeps 浦东新区 alone (310115) and runs its own plan, ``[area] code_prefix =
"310115"`` (a user trial). Its 区本级 trainings, 公益创投 and 品牌评选 are the rows it files
under its own code, 310115; rows of the city level (市本级, 310100: Shanghai's own) are
not its own, are not counted for it, and are warned of. A plan naming a township (陆家嘴街道,
310115005) as a district is told that is what it is. A folder of the county's township
returns with one missing says which township's return is missing, in the county's words
(全县, never 全市 or 区县组). The registers are written as a bureau writes them (GB18030
CSV, Chinese headers, official codes); a city's plan counts its 市本级 as it always did.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import bureau
import pytest
from click.testing import CliRunner
from test_partial_districts import ORGANIZATIONS_HEADER, SMALL, Rows, write

import scoplan
from scoplan import PlanError
from scoplan.cli import main
from scoplan.i18n import describe_problem
from scoplan.plan import parse_plan
from scoplan.report import Status
from scoplan.target import Scope

AS_OF = dt.date(2023, 12, 31)
EVENTS_HEADER = ["编号", "类型", "所属单位", "名称", "日期"]


def pudong_register(events: Rows) -> dict[str, Rows]:
    """浦东新区's register: one street (陆家嘴街道), one urban community, one organization,
    its own service centre, and the ``events`` (rows of 活动 below its header)."""
    return {
        "区县": [["编号", "名称", "类型", "市"], ["310115", "浦东新区", "区", "上海市"]],
        "乡镇街道": [
            ["编号", "所属区县", "名称", "类型"],
            ["310115005", "310115", "陆家嘴街道", "街道"],
        ],
        "社区": [
            ["编号", "所属乡镇街道", "名称", "类型"],
            ["310115005001", "310115005", "梅园一村居委会", "城市社区"],
        ],
        "社区社会组织": [
            ORGANIZATIONS_HEADER,
            [
                "PD1",
                "310115005001",
                "梅园志愿服务队",
                "志愿服务类",
                "2021-03-05",
                "",
                "备案",
                *SMALL,
            ],
        ],
        "平台与制度": [
            ["编号", "类型", "所属单位", "名称", "建立日期", "撤销日期"],
            ["ES1", "培育发展服务中心", "310115", "浦东新区社会组织服务中心", "2018-05-01", ""],
        ],
        "活动": [EVENTS_HEADER, *events],
    }


OWN_EVENTS: Rows = [
    ["EV1", "公益创投", "310115", "2023年浦东新区公益创投大赛", "2023-04-10"],
    ["EV2", "培训", "310115", "2023年浦东新区社区社会组织培训", "2023-05-20"],
    ["EV3", "品牌评选", "310115", "浦东新区品牌评选", "2023-10-01"],
]
"""浦东新区's own (区本级) events of 2023, one of each kind, filed under its code."""

CITY_EVENTS: Rows = [
    ["EV4", "培训", "市本级", "2023年上海市社区社会组织培训", "2023-06-20"],
    ["EV5", "培训", "310100", "2023年上海市社区社会组织骨干培训", "2023-07-11"],
    ["EV6", "培训", "310115005", "2023年陆家嘴街道社区社会组织培训", "2023-08-08"],
]
"""Two trainings of Shanghai's own (市本级, and the city's code 310100), and one of 陆家嘴街道
(a township: inside the district, not its own level)."""


def pudong_plan(extra: str = "") -> str:
    """The whole area's own 公益创投 (at least 1), trainings (at least 2, 区本级; and at
    least 2 held anywhere inside it) and 品牌评选 (at least 1), all in 2023."""
    return f"""
id = "pudong-2023"
title = "浦东新区培育发展社区社会组织专项行动计划"
version = "1"
start = 2023-01-01
end = 2023-12-31

[area]
name = "浦东新区"
code_prefix = "310115"

[[milestones]]
id = "gongyi"
target = "gongyi-held"
due = 2023-12-31
params = {{ threshold = 1, window = "year" }}

[[milestones]]
id = "trainings"
target = "trainings"
due = 2023-12-31
params = {{ threshold = 2, window = "year", held_by = "scope" }}

[[milestones]]
id = "trainings-within"
target = "trainings"
due = 2023-12-31
params = {{ threshold = 2, window = "year", held_by = "within" }}

[[milestones]]
id = "brand"
target = "brand-selection"
due = 2023-12-31
{extra}"""


def evaluate(folder: Path, text: str) -> scoplan.Report:
    data = scoplan.load(folder)
    plan = parse_plan(text, registry=scoplan.default_registry(), data=data)
    return scoplan.evaluate(data, plan, AS_OF)


def by_id(report: scoplan.Report) -> dict[str, scoplan.Result]:
    return {r.milestone: r for r in report.results}


# -- the whole area's own level is the county's --------------------------------------------


def test_the_countys_own_events_count_for_its_whole_area(tmp_path):
    """Each of 310115's own events of 2023 is one for 全区本级: 1 公益创投, 1 training (2
    wanted), 1 品牌评选; no city-level row, no warning of them."""
    folder = write(tmp_path / "浦东新区台账", pudong_register(OWN_EVENTS))
    report = evaluate(folder, pudong_plan())
    results = by_id(report)
    assert (results["gongyi"].status, results["gongyi"].value) == (Status.MET, 1)
    assert (results["trainings"].status, results["trainings"].value) == (Status.NOT_MET, 1)
    assert (results["brand"].status, results["brand"].value) == (Status.MET, 1)
    assert results["gongyi"].title == "区本级开展公益创投活动（2023年）"
    assert "city_level_in_county" not in [w.code for w in report.warnings]


def test_city_level_rows_are_not_the_countys_own_and_are_warned_of(tmp_path):
    """Of 2023's four trainings, 310115's own (EV2) is its 区本级 one: 1 of 2. Shanghai's two
    (市本级, 310100) are not counted; 陆家嘴街道's (EV6) is inside it: held anywhere inside,
    EV2 and EV6, 2 of 2. One warning counts the two city-level rows, names them as other
    warnings of rows do (EV4 and EV5: rows 5 and 6 of 活动.csv, under its header and EV1-3,
    第5、6行, the first its place, in the column 所属单位) and says the code."""
    folder = write(tmp_path / "浦东新区台账", pudong_register(OWN_EVENTS + CITY_EVENTS))
    report = evaluate(folder, pudong_plan())
    results = by_id(report)
    assert (results["trainings"].status, results["trainings"].value) == (Status.NOT_MET, 1)
    assert results["trainings"].evidence.details["training"] == ["EV2"]
    assert (results["trainings-within"].status, results["trainings-within"].value) == (
        Status.MET,
        2,
    )
    assert results["trainings-within"].evidence.details["training"] == ["EV2", "EV6"]
    (warning,) = [w for w in report.warnings if w.code == "city_level_in_county"]
    assert (warning.table, warning.source, warning.row, warning.column) == (
        "events",
        "活动.csv",
        5,
        "unit_id",
    )
    assert warning.message_zh.startswith(
        "活动.csv，第5行，“所属单位”列：“活动”表有2行（第5、6行）的所属单位是市一级"
        "（市本级、全市或市的编号）："
        "这是浦东新区的计划，区本级的目标只计所属单位为浦东新区（310115）的行，这些行没有计入："
    )
    # (only the trainings would have read them: no city-level 公益创投 or 品牌评选 is held)
    assert warning.message_zh.endswith(
        "这些行没有计入：“社区社会组织培育发展业务培训”。"
        "区、县的计划中，区本级的行所属单位应写区县自己的编号（如310115）；如这些确是市里举办的，可不理会"
    )
    assert "2 row(s) (rows 5, 6) filed at the city level" in warning.message


def test_check_with_the_plan_gives_the_city_level_warning_evaluate_gives(tmp_path):
    """A trial: ``scoplan check --plan`` of a county's plan said 0个错误 and nothing of a
    city-level training its evaluation warned was not counted. The check for the plan gives
    the warning too, word for word, at the same rows (5 and 6 of 活动.csv)."""
    folder = write(tmp_path / "浦东新区台账", pudong_register(OWN_EVENTS + CITY_EVENTS))
    report = evaluate(folder, pudong_plan())
    (said,) = [w for w in report.warnings if w.code == "city_level_in_county"]
    plan = parse_plan(pudong_plan(), registry=scoplan.default_registry())
    checkup = scoplan.check(folder, plan=plan)
    (warning,) = [p for p in checkup.problems if p.code == "city_level_in_county"]
    assert (warning.severity, warning.source, warning.row) == ("warning", "活动.csv", 5)
    assert (warning.message_zh, warning.message) == (said.message_zh, said.message)
    assert checkup.error_count == 0
    # without the plan, no such warning: the city's own level is the city's
    assert "city_level_in_county" not in [p.code for p in scoplan.check(folder).problems]
    # nor of the county's own rows alone
    own = write(tmp_path / "本级", pudong_register(OWN_EVENTS))
    assert "city_level_in_county" not in [p.code for p in scoplan.check(own, plan=plan).problems]
    assert "(e.g. 310115)" in warning.message


def test_the_command_counts_the_countys_own_and_warns_of_the_citys(tmp_path):
    folder = write(tmp_path / "浦东新区台账", pudong_register(OWN_EVENTS + CITY_EVENTS))
    plan = tmp_path / "pudong.toml"
    plan.write_text(pudong_plan(), encoding="utf-8")
    args = ["evaluate", str(folder), "--plan", str(plan), "--as-of", "2023-12-31"]
    result = CliRunner().invoke(main, args)
    assert "区本级开展公益创投活动（2023年）" in result.output
    assert "区本级的行所属单位应写区县自己的编号（如310115）" in result.output


def test_a_citys_plan_counts_its_own_level_as_before(tmp_path):
    """黄山市's register (屯溪区 and 歙县), a plan of the two: the city's 2022 training
    (所属单位 city) is 市本级's, 1 of 1; no warning of city-level rows."""
    folder = bureau.write(tmp_path / "台账")
    for area in ('districts = ["341002", "341021"]', ""):
        text = f"""
id = "huangshan"
title = "黄山市"
version = "1"
start = 2022-01-01
end = 2022-12-31

[area]
name = "黄山市"
{area}

[[milestones]]
id = "trainings"
target = "trainings"
due = 2022-12-31
"""
        data = scoplan.load(folder)
        plan = parse_plan(text, registry=scoplan.default_registry(), data=data)
        report = scoplan.evaluate(data, plan, dt.date(2022, 12, 31))
        (result,) = report.results
        assert (result.status, result.value) == (Status.MET, 1)
        assert result.evidence.details["training"] == ["HD01"]
        assert "city_level_in_county" not in [w.code for w in report.warnings]


def test_a_county_level_citys_plan_counts_its_city_level_rows_as_its_own(tmp_path):
    """天长市 (341181, a county-level city) runs its own plan: to its bureau 市本级 is its own
    level, filed ``市本级`` or under its code; both its trainings of 2023 count (2 of 2) and
    no row is warned of as another city's."""
    register = {
        "区县": [["编号", "名称", "类型", "市"], ["341181", "天长市", "县", "滁州市"]],
        "乡镇街道": [
            ["编号", "所属区县", "名称", "类型"],
            ["341181003", "341181", "广陵街道", "街道"],
        ],
        "社区": [["编号", "所属乡镇街道", "名称", "类型"]],
        "社区社会组织": [ORGANIZATIONS_HEADER],
        "活动": [
            EVENTS_HEADER,
            ["EV1", "培训", "市本级", "2023年天长市社区社会组织培训", "2023-05-20"],
            ["EV2", "培训", "341181", "2023年天长市社区社会组织骨干培训", "2023-09-01"],
        ],
    }
    folder = write(tmp_path / "天长市台账", register)
    text = pudong_plan().replace('name = "浦东新区"', 'name = "天长市"')
    text = text.replace('code_prefix = "310115"', 'code_prefix = "341181"')
    report = evaluate(folder, text)
    trainings = by_id(report)["trainings"]
    assert (trainings.status, trainings.value) == (Status.MET, 2)
    assert trainings.evidence.details["training"] == ["EV1", "EV2"]
    assert "city_level_in_county" not in [w.code for w in report.warnings]


def test_a_scopes_own_level():
    """A city's whole area's own level is 市本级 (``city``); a district's, the district."""
    assert Scope("city", "city", "全市", ("341002", "341021")).own == ("city",)
    assert Scope("district", "341002", "屯溪区", ("341002",)).own == ("341002",)
    assert Scope("city", "city", "浦东新区", ("310115",), own=("310115",)).own == ("310115",)


def test_a_countys_template_shows_its_own_service_centre(tmp_path):
    """The notes' example of 所属单位 in a county's workbook is the county's own (区本级),
    written with its code; a city's is still 市本级."""
    from scoplan.divisions import find, hierarchy
    from scoplan.template import examples_of

    pudong = examples_of(hierarchy(find("310115")))["establishments"]
    assert (pudong["unit_id"], pudong["name"]) == ("310115", "浦东新区社会组织培育发展服务中心")
    huangshan = examples_of(hierarchy(find("3410")))["establishments"]
    assert (huangshan["unit_id"], huangshan["name"]) == ("city", "黄山市社会组织培育发展服务中心")
    args = ["template", "--area", "黟县", "-o", str(tmp_path / "黟县.xlsx")]
    assert CliRunner().invoke(main, args).exit_code == 0
    from openpyxl import load_workbook

    notes = load_workbook(tmp_path / "黟县.xlsx").worksheets[0]
    rows = [r for r in notes.iter_rows(values_only=True) if r[0] == "平台与制度"]
    assert [r[6] for r in rows if r[1] in ("所属单位", "名称")] == [
        "341023",
        "黟县社会组织培育发展服务中心",
    ]


def test_a_countys_template_says_its_own_level_is_its_code(tmp_path):
    """A county's notes say its own level is written with its code (本级写 341023), not
    ``市本级，或…`` (the city's, which its plan does not count); a city's, and a city
    without counties' (东莞市, whose own level is 市本级 either way), still say 市本级."""
    from openpyxl import load_workbook

    def unit_notes(area: str) -> list[str]:
        out = tmp_path / f"{area}.xlsx"
        assert CliRunner().invoke(main, ["template", "--area", area, "-o", str(out)]).exit_code == 0
        notes = load_workbook(out).worksheets[0]
        return [
            f"{r[4]}|{r[5]}"
            for r in notes.iter_rows(values_only=True)
            if r[0] in ("平台与制度", "活动") and r[1] == "所属单位"
        ]

    county = unit_notes("黟县")
    assert county == [
        "建立单位：本级写 341023，或区县、乡镇街道、社区的编号"
        "|本级写 341023，或区县、乡镇街道、社区中的编号",
        "举办单位：本级写 341023，或区县、乡镇街道的编号|本级写 341023，或区县、乡镇街道中的编号",
    ]
    for city in ("黄山市", "东莞市"):
        assert all("市本级，或" in note for note in unit_notes(city))


# -- a township named as a district ---------------------------------------------------------


def test_a_township_named_as_a_district_is_said_to_be_one(tmp_path):
    """陆家嘴街道 (310115005) in a scope and in a group: each a ``not_a_district``, saying
    what it is, whose, and that a plan names districts; a community's id alike; an id of
    nothing is still unknown."""
    folder = write(tmp_path / "浦东新区台账", pudong_register(OWN_EVENTS))
    extra = (
        '\n[groups.jiedao]\nname = "街道"\ndistricts = ["310115005"]\n'
        '\n[[milestones]]\nid = "lujiazui"\ntarget = "urban-average"\ndue = 2023-12-31\n'
        'params = { threshold = 8 }\nscope = { districts = ["310115005"] }\n'
        '\n[[milestones]]\nid = "meiyuan"\ntarget = "urban-average"\ndue = 2023-12-31\n'
        'params = { threshold = 8 }\nscope = { districts = ["310115005001", "310116"] }\n'
    )
    with pytest.raises(PlanError) as caught:
        parse_plan(
            pudong_plan(extra), registry=scoplan.default_registry(), data=scoplan.load(folder)
        )
    found = {(p.column, p.value): p for p in caught.value.problems}
    assert {place: p.code for place, p in found.items()} == {
        ("$.groups.jiedao.districts", "310115005"): "not_a_district",
        ("$.milestones[4].scope.districts", "310115005"): "not_a_district",
        ("$.milestones[5].scope.districts", "310115005001"): "not_a_district",
        ("$.milestones[5].scope.districts", "310116"): "unknown_district",  # 金山区: no data
    }
    township = found[("$.milestones[4].scope.districts", "310115005")]
    community = found[("$.milestones[5].scope.districts", "310115005001")]
    assert describe_problem(township, "zh").endswith(
        "：“310115005”是数据中的乡镇（街道）“陆家嘴街道”（属浦东新区），不是区县："
        "计划的范围和区县组只能写区县的编号"
    )
    assert describe_problem(township, "en").endswith(
        ": '310115005' is a township of the data (陆家嘴街道, of 浦东新区), not a district: "
        "a plan's scopes and groups name districts only"
    )
    assert "是数据中的社区“梅园一村居委会”（属浦东新区）" in describe_problem(community, "zh")


def test_the_command_says_a_township_is_no_district(tmp_path):
    folder = write(tmp_path / "浦东新区台账", pudong_register(OWN_EVENTS))
    extra = (
        '\n[[milestones]]\nid = "lujiazui"\ntarget = "urban-average"\ndue = 2023-12-31\n'
        'params = { threshold = 8 }\nscope = { districts = ["310115005"] }\n'
    )
    plan = tmp_path / "plan.toml"
    plan.write_text(pudong_plan(extra), encoding="utf-8")
    args = ["evaluate", str(folder), "--plan", str(plan), "--as-of", "2023-12-31"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0
    assert "乡镇（街道）“陆家嘴街道”" in result.output
    assert "不在数据中" not in result.output


# -- a county's township returns, one missing ---------------------------------------------

YIXIAN_PLAN = """
id = "yixian-2023"
title = "黟县培育发展社区社会组织实施方案"
version = "1"
start = 2023-01-01
end = 2023-12-31

[area]
name = "黟县"
code_prefix = "341023"

[[milestones]]
id = "urban"
target = "urban-average"
due = 2023-12-31
params = { threshold = 2 }

[[milestones]]
id = "trainings"
target = "trainings"
due = 2023-12-31
"""


@pytest.fixture(scope="module")
def yixian_returns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """黟县's eight townships' returns (its template), 宏村镇's (341023101) not sent back."""
    from scoplan.template import write_template

    returns = tmp_path_factory.mktemp("yixian") / "returns"
    written = write_template("黟县", returns, each="township")
    (hongcun,) = [w for w in written if w.unit.code == "341023101"]
    assert hongcun.path.name == "黟县-宏村镇.xlsx"
    hongcun.path.unlink()
    return returns


def test_a_missing_township_return_is_said_to_be_why_nothing_is_judged(yixian_returns):
    """Each milestone's note names 宏村镇's return, and the whole area as 全县; the run's
    warning says so once, with no 全市 or 区县组 anywhere."""
    report = evaluate(yixian_returns, YIXIAN_PLAN)
    for result in report.results:
        assert result.status == Status.NOT_COVERED
        assert result.message_zh == "宏村镇（341023101）没有交回报表，全县的数字不完整，不作评判"
        assert result.message == (
            "no return came from 宏村镇 (341023101): the figure of the whole county would be "
            "incomplete; not judged"
        )
    codes = [w.code for w in report.warnings]
    assert "none_covered" not in codes
    (warning,) = [w for w in report.warnings if w.code == "township_returns_missing"]
    assert warning.message_zh == (
        "returns：宏村镇（341023101）没有交回报表：全县的数字缺1个乡镇（街道），"
        "各项目标都不作评判；收齐报表后再评估"
    )
    for said in [*(w.message_zh for w in report.warnings), *(r.message_zh for r in report.results)]:
        assert "全市" not in said
        assert "区县组" not in said


def test_two_missing_township_returns_are_both_named(yixian_returns, tmp_path):
    import shutil

    returns = tmp_path / "returns"
    shutil.copytree(yixian_returns, returns)
    (returns / "黟县-碧阳镇.xlsx").unlink()
    report = evaluate(returns, YIXIAN_PLAN)
    (warning,) = [w for w in report.warnings if w.code == "township_returns_missing"]
    assert warning.message_zh == (
        "returns：碧阳镇（341023100）、宏村镇（341023101）没有交回报表：全县的数字缺2个乡镇（街道），"
        "各项目标都不作评判；收齐报表后再评估"
    )


# -- the county's own level as its bureau writes it -------------------------------------------


OWN_WORDS: Rows = [
    ["EV1", "公益创投", "区本级", "2023年浦东新区公益创投大赛", "2023-04-10"],
    ["EV2", "培训", "全区", "2023年浦东新区社区社会组织培训", "2023-05-20"],
    ["EV3", "品牌评选", "310115", "浦东新区品牌评选", "2023-10-01"],
]
"""浦东新区's own events with its own level written as its plan's reports say it (区本级,
全区), as a county's bureau writes 县本级 (祁门县, a user trial)."""


def test_a_countys_own_level_written_in_its_plans_word_is_its_own(tmp_path):
    """Loaded for 浦东新区's plan, 区本级 and 全区 are 310115: its 公益创投 (1 of 1), its
    training (1 of 2) and its 品牌评选 (1) each count for its own level."""
    folder = write(tmp_path / "浦东新区台账", pudong_register(OWN_WORDS))
    registry = scoplan.default_registry()
    plan = parse_plan(pudong_plan(), registry=registry)
    data = scoplan.load(folder, plan=plan)
    assert sorted(e.unit_id for e in data.iter("events")) == ["310115"] * 3
    results = by_id(scoplan.evaluate(data, plan, AS_OF))
    assert (results["gongyi"].status, results["gongyi"].value) == (Status.MET, 1)
    assert (results["trainings"].status, results["trainings"].value) == (Status.NOT_MET, 1)
    assert (results["brand"].status, results["brand"].value) == (Status.MET, 1)


def test_a_countys_organ_and_an_unknown_unit_are_told_in_its_plans_word(tmp_path):
    """Checked for 浦东新区's plan: 区本级 is no problem; 区民政局 is the organ of its own
    level, and 某某办 no unit: each says 区本级 is written 区本级 or 310115, never that the
    city level is written 市本级 alone."""
    events = [
        ["EV1", "公益创投", "区本级", "2023年浦东新区公益创投大赛", "2023-04-10"],
        ["EV2", "培训", "区民政局", "2023年浦东新区社区社会组织培训", "2023-05-20"],
        ["EV3", "品牌评选", "某某办", "浦东新区品牌评选", "2023-10-01"],
    ]
    folder = write(tmp_path / "浦东新区台账", pudong_register(events))
    registry = scoplan.default_registry()
    plan = parse_plan(pudong_plan(), registry=registry)
    checkup = scoplan.check(folder, plan=plan)
    organ, unknown = [p for p in checkup.errors if p.table == "events"]
    assert (organ.code, organ.value) == ("ref_is_own_organ", "区民政局")
    assert describe_problem(organ, "zh").endswith(
        "“所属单位”列：“区民政局”是区本级的机关，不是单位编号：记在区本级的，请写“区本级”或它的编号“310115”"
    )
    assert (unknown.code, unknown.value) == ("unknown_unit_own_level", "某某办")
    said = describe_problem(unknown, "zh")
    assert "“所属单位”列：“某某办”既不是区本级，也不是区县/乡镇街道中的编号" in said
    assert said.endswith("（区本级写作“区本级”或它的编号“310115”，市本级写作“市本级”）")
    assert "310115" in describe_problem(unknown, "en")


def test_without_a_countys_plan_its_level_word_is_no_unit(tmp_path):
    """Checked for no plan (or a city's), 区本级 is no unit, told as before."""
    events = [["EV1", "公益创投", "区本级", "2023年浦东新区公益创投大赛", "2023-04-10"]]
    folder = write(tmp_path / "浦东新区台账", pudong_register(events))
    (problem,) = [p for p in scoplan.check(folder).errors if p.table == "events"]
    assert problem.code == "unknown_unit"
    assert describe_problem(problem, "zh").endswith("（市本级写作“市本级”）")
