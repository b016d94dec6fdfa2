"""A district bureau's register against the city's plan: the data covers part of the city.

屯溪区民政局 keeps its own district alone. The bundled Huangshan plan names the other six
districts in its scopes and judges city totals: their absence is partial data (one
warning), not 19 plan mistakes; a scope the data does not hold, and a figure of the whole
city, are ``not_covered``, never met or unmet. A district that is no district of the city
is still the plan's mistake. The register is written as a bureau writes it: GB18030, CRLF,
Chinese file names, headers and codes, official 2023 division codes.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import scoplan
from scoplan import PlanError
from scoplan.cli import main
from scoplan.plan import parse_plan
from scoplan.report import Status

AS_OF = dt.date(2023, 12, 31)

Rows = list[list[str]]

ORGANIZATIONS_HEADER = [
    *("编号", "所属社区", "名称", "类别", "成立日期", "注销日期", "登记状态"),
    *("规模", "管理主体", "简易章程", "品牌认定日期", "服务对象"),
]
SMALL = ["规模较小", "社区", "是", "", ""]
"""规模, 管理主体, 简易章程, 品牌认定日期, 服务对象 of a small organization, no brand."""


def tunxi_register() -> dict[str, Rows]:
    """屯溪区's own register: one district, two streets, two urban communities.

    Of its five organizations, on 2022-12-31 three are active and registered or filed
    (TX1, TX2, TX3): TX4 is neither registered nor filed, TX5 was dissolved on
    2022-06-30. Its service centre opened on 2021-05-01.
    """
    return {
        "区县": [["编号", "名称", "类型", "市"], ["341002", "屯溪区", "区", "黄山市"]],
        "乡镇街道": [
            ["编号", "所属区县", "名称", "类型"],
            ["341002001", "341002", "昱东街道", "街道"],
        ],
        "社区": [
            ["编号", "所属乡镇街道", "名称", "类型"],
            ["341002001001", "341002001", "荷花池社区居委会", "城市社区"],
            ["341002001002", "341002001", "上新社区居委会", "城市社区"],
        ],
        "社区社会组织": [
            ORGANIZATIONS_HEADER,
            [
                *[
                    "TX1",
                    "341002001001",
                    "荷花池志愿服务队",
                    "志愿服务类",
                    "2021-03-01",
                    "",
                    "备案",
                ],
                *SMALL,
            ],
            [
                *["TX2", "341002001001", "荷花池邻里守望队", "居民互助类", "2022/4/25", "", "登记"],
                *SMALL,
            ],
            [*["TX3", "341002001002", "上新文体队", "文体类", "2021年5月6日", "", "备案"], *SMALL],
            [*["TX4", "341002001002", "上新棋友会", "文体类", "2021-06-01", "", "未登记"], *SMALL],
            [
                *[
                    "TX5",
                    "341002001002",
                    "上新互助会",
                    "居民互助类",
                    "2020-01-01",
                    "2022-06-30",
                    "登记",
                ],
                *SMALL,
            ],
        ],
        "联合会": [["编号", "层级", "所属单位", "名称", "成立日期", "注销日期"]],
        "平台与制度": [
            ["编号", "类型", "所属单位", "名称", "建立日期", "撤销日期"],
            [
                "PT1",
                "培育发展服务中心",
                "341002",
                "屯溪区社会组织培育发展服务中心",
                "2021-05-01",
                "",
            ],
        ],
        "品牌项目": [["编号", "所属组织", "名称", "认定日期"]],
        "活动": [["编号", "类型", "所属单位", "名称", "日期"]],
    }


def write(folder: Path, tables: dict[str, Rows]) -> Path:
    """The tables as a bureau's folder of GB18030 CSV files with CRLF line ends."""
    folder.mkdir(parents=True)
    for name, rows in tables.items():
        with open(folder / f"{name}.csv", "w", encoding="gb18030", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(rows)
    return folder


@pytest.fixture(scope="module")
def tunxi(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("partial") / "屯溪区台账", tunxi_register())


@pytest.fixture(scope="module")
def report(tunxi: Path) -> scoplan.Report:
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    return scoplan.evaluate(scoplan.load(tunxi), plan, AS_OF)


def results(report: scoplan.Report, milestone: str) -> list[scoplan.Result]:
    return [r for r in report.results if r.milestone == milestone]


WARNING_ZH = (
    "屯溪区台账：数据只含屯溪区（计划所列7个区县中的1个）；"
    "缺黄山区、徽州区、歙县、休宁县、黟县、祁门县："
    "只评估数据中的区县，全市及缺区县的目标不作评判"
)


def test_one_warning_says_which_districts_the_data_holds_and_lacks(report):
    """No plan error: one warning, naming the district held and the six lacking (and one
    that the register's last date, TX5's end on 2022-06-30, is long before 2023-12-31).
    None of its organizations fills in 品牌认定日期 or 服务对象, but the milestones that read
    them (brand-organizations-city-2023, special-groups-city) are the whole city's, not
    covered: they counted nothing, and no empty_column warning names them. Its 平台与制度
    holds a service centre alone: the four kinds 屯溪区's own milestones count and it has
    no row of (观察点, 农村试点, 社区治理学院, 三年计划) are each said
    (tests/test_unrecorded_kinds.py); 活动 has a header and no row: nothing is said of it."""
    codes = [w.code for w in report.warnings]
    assert codes == ["partial_data", "stale_data", *["kind_unrecorded"] * 4]
    assert [w.value for w in report.warnings[2:]] == [
        "培育观察点",
        "农村试点",
        "社区治理学院",
        "三年计划",
    ]
    counted = {r.milestone: r.status for r in report.results}
    assert counted["brand-organizations-city-2023"] is Status.NOT_COVERED
    assert counted["special-groups-city"] is Status.NOT_COVERED
    warning = report.warnings[0]
    assert warning.message_zh == WARNING_ZH
    assert warning.message == (
        "屯溪区台账: the data holds only 屯溪区 (1 of the plan's 7 districts); it lacks "
        "黄山区, 徽州区, 歙县, 休宁县, 黟县, 祁门县: only the districts in the data are "
        "evaluated, and no target of the whole city or of a district it lacks is judged"
    )


def test_a_milestone_of_the_district_held_is_judged_as_before(report):
    """屯溪区 2022: 3 organizations active, registered or filed on 2022-12-31 (TX1, TX2,
    TX3) over 2 urban communities = 1.5 against 15: not met, 2 × 15 − 3 = 27 short."""
    (result,) = results(report, "urban-average-tunxi-2022")
    assert result.status is Status.NOT_MET
    assert result.value == pytest.approx(1.5)
    assert result.required == 15
    assert result.gap is not None
    assert result.gap.amount == 27
    (centre,) = results(report, "service-centres-2021")  # 徽州区, 黟县 lack: no result
    assert (centre.scope.id, centre.status, centre.value) == ("341002", Status.MET, 1)


def test_a_milestone_of_districts_the_data_lacks_is_not_judged(report):
    """黄山区's service centre (2022), and 歙县、休宁县、祁门县's (2023): one result each,
    not_covered, no value, saying which districts the data lacks."""
    (huangshan,) = results(report, "service-centres-2022")
    assert huangshan.status is Status.NOT_COVERED
    assert (huangshan.scope.id, huangshan.scope.name) == ("341003", "黄山区")
    assert huangshan.value is None
    assert huangshan.message_zh == "数据中没有黄山区，不作评判"
    assert huangshan.message == "the data holds no 黄山区: not judged"
    (counties,) = results(report, "service-centres-2023")
    assert counties.status is Status.NOT_COVERED
    assert counties.scope.name == "歙县、休宁县、祁门县"
    assert counties.message_zh == "数据中没有歙县、休宁县、祁门县，不作评判"


def test_a_milestone_of_districts_the_data_lacks_keeps_its_requirement_and_unit(report):
    """The plan's requirement is shown for a district the data lacks, in the plan's unit:
    黄山区's township federations (2022) are a share, 100% (threshold = 1.0), and its
    service centre one centre — a share left in the default unit read 个 in every report."""
    (federations,) = results(report, "township-federation-coverage-2022")
    assert federations.status is Status.NOT_COVERED
    assert federations.scope.name == "黄山区"
    assert (federations.required, federations.comparator, federations.unit) == (
        1.0,
        ">=",
        "share",
    )
    (centre,) = results(report, "service-centres-2022")
    assert (centre.required, centre.comparator, centre.unit) == (1, ">=", "count")


def test_a_city_wide_figure_is_not_judged_from_one_district(report):
    """全市城市社区平均 (2023): no city value from 屯溪区 alone; 屯溪区's own figure is
    given as its part (TX1, TX2, TX3 over 2 communities on 2023-12-31 = 1.5)."""
    (city,) = results(report, "urban-average-city-2023")
    assert city.scope.level == "city"
    assert city.status is Status.NOT_COVERED
    assert city.value is None
    assert city.gap is None
    assert city.required == 15
    assert city.message_zh == (
        "数据只含其中的屯溪区，缺黄山区、徽州区、歙县、休宁县、黟县、祁门县："
        "全市的数字不能由部分区县得出，不作评判"
    )
    assert [(p.id, p.value) for p in city.parts] == [("341002", pytest.approx(1.5))]
    # a count of the whole city, and the city's own training, are not judged either
    for milestone in ("brand-organizations-city-2023", "trainings-city-2022"):
        (result,) = results(report, milestone)
        assert (result.status, result.value) == (Status.NOT_COVERED, None), milestone
    # 中心城区 (屯溪区, 徽州区): a group's figure from part of it is not the group's
    (central,) = results(report, "gongyi-district-coverage-central-2022")
    assert central.status is Status.NOT_COVERED
    assert central.message_zh.startswith("数据只含其中的屯溪区，缺徽州区：中心城区的数字")
    assert not any(
        r.status in (Status.MET, Status.NOT_MET) and r.scope.level == "city" for r in report.results
    )


PLAN = """
id = "tunxi-typo"
title = "黄山市"
version = "1"
start = 2021-01-01
end = 2023-12-31

[area]
name = "黄山市"
code_prefix = "3410"
city = "黄山市"

[[milestones]]
id = "centre-huangshan"
target = "service-centres"
due = 2022-12-31
scope = { districts = ["341003"] }

[[milestones]]
id = "centre-typo"
target = "service-centres"
due = 2022-12-31
scope = { districts = ["341009"] }

[[milestones]]
id = "centre-xuancheng"
target = "service-centres"
due = 2022-12-31
scope = { districts = ["341802"] }
"""


def test_a_district_that_is_no_district_of_the_city_is_still_a_plan_mistake(tunxi):
    """341003 (黄山区) the data lacks is partial data; 341009, no district at all, and
    341802 (宣州区, 宣城市's) are mistakes of the plan, as they always were."""
    data = scoplan.load(tunxi)
    plan = parse_plan(PLAN, "typo.toml")
    with pytest.raises(PlanError) as raised:
        scoplan.evaluate(data, plan, AS_OF)
    found = [(p.code, p.value) for p in raised.value.problems]
    assert found == [("unknown_district", "341009"), ("unknown_district", "341802")]


def test_ids_of_the_registers_own_keep_the_plan_mistakes(tmp_path, tunxi):
    """A register that numbers its districts its own way (TX for 屯溪区), or whose codes
    name no official district (屯溪区's code under an invented name, as synthetic data
    has): the plan's other districts cannot be told for the city's, and stay mistakes."""
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    scoplan.evaluate(scoplan.load(tunxi), plan, AS_OF)  # the official register: no mistake
    for district, name in (("TX", "屯溪区"), ("341002", "甲区")):
        tables = tunxi_register()
        tables["区县"][1][:2] = [district, name]
        tables["乡镇街道"][1][1] = district
        tables["平台与制度"][1][2] = district
        folder = write(tmp_path / district, tables)
        with pytest.raises(PlanError) as raised:
            scoplan.evaluate(scoplan.load(folder), plan, AS_OF)
        values = {p.value for p in raised.value.problems if p.code == "unknown_district"}
        assert {"341003", "341004", "341021", "341022", "341023", "341024"} <= values


def test_partial_data_is_no_error_with_strict(tmp_path):
    """What the data covers is no fault of it: --strict still evaluates, and warns. (The
    register is kept up to date here, a training held on 2023-11-20, TX1 a brand serving
    the elderly, and a row of each platform its milestones count: a stale one, one whose
    品牌认定日期 or 服务对象 is empty in every row, or one with no row of a kind counted,
    would be an error with --strict.)"""
    tables = tunxi_register()
    tables["活动"].append(["HD1", "培训", "341002", "屯溪区社区社会组织培训", "2023-11-20"])
    tables["活动"].append(["HD2", "品牌评选", "341002", "屯溪区品牌评选", "2023-10-20"])
    organizations = tables["社区社会组织"]
    organizations[1][organizations[0].index("品牌认定日期")] = "2022-06-01"
    organizations[1][organizations[0].index("服务对象")] = "老年人"
    # and one row of each kind its milestones count (none would be warned of, an error)
    tables["平台与制度"] += [
        ["PT2", "培育观察点", "341002001001", "荷花池观察点", "2021-05-01", ""],
        ["PT3", "农村试点", "341002001002", "上新试点", "2021-05-01", ""],
        ["PT4", "社区治理学院", "341002", "屯溪区社区治理学院", "2021-05-01", ""],
        ["PT5", "三年计划", "341002", "屯溪区三年计划", "2021-05-01", ""],
    ]
    current = write(tmp_path / "屯溪区台账", tables)
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    report = scoplan.evaluate(scoplan.load(current), plan, AS_OF, strict=True)
    assert [w.code for w in report.warnings] == ["partial_data"]


def test_the_command_warns_once_and_every_format_shows_the_status(tunxi, tmp_path):
    """``scoplan evaluate`` on the register: exit 1 (屯溪区 2022 is not met), the warning
    on standard error once, no error; each report shows the warning and the status."""
    out = tmp_path / "reports"
    done = CliRunner().invoke(
        main,
        [
            "evaluate",
            str(tunxi),
            "--as-of",
            "2023-12-31",
            "--format",
            "json,markdown,html,xlsx,text",
            "-o",
            str(out),
        ],
        catch_exceptions=False,
    )
    assert done.exit_code == 1, done.output
    assert done.stderr.count("数据只含屯溪区") == 1
    assert "错误" not in done.stderr
    plain = json.loads((out / "report.json").read_text("utf-8"))
    assert plain["summary"]["not_covered"] == sum(
        1 for r in plain["results"] if r["status"] == "not_covered"
    )
    assert plain["summary"]["not_covered"] > 0
    assert plain["warnings"][0]["message_zh"] == WARNING_ZH
    for name in ("report.md", "report.html", "report.txt"):
        text = (out / name).read_text("utf-8")
        assert "数据只含屯溪区（计划所列7个区县中的1个）" in text, name
        assert "数据未覆盖（不评判）" in text, name
        assert "数据中没有黄山区，不作评判" in text, name
    from openpyxl import load_workbook

    book = load_workbook(out / "report.xlsx", read_only=True)
    cells = {str(c) for sheet in book.worksheets for row in sheet.values for c in row if c}
    assert "数据未覆盖（不评判）" in cells
    assert any("数据只含屯溪区" in c for c in cells)
    assert "数据中没有黄山区，不作评判" in cells


def test_a_plan_mistake_on_a_districts_register_is_that_mistake_alone(tunxi, tmp_path):
    """The city plan with one misspelt target, on 屯溪区's register: its plan mistakes are
    told from the districts read alone (a CSV folder), and those districts are still the
    register's part of the city: the two milestones of the misspelt target, no
    ``不在数据中`` for the six districts the register lacks."""
    bundled = Path(scoplan.__file__).parent / "plans" / "huangshan-2021-2023.toml"
    text = bundled.read_text("utf-8")
    assert text.count('target = "urban-average"') == 2
    plan = tmp_path / "计划.toml"
    plan.write_text(text.replace('target = "urban-average"', 'target = "urban-averge"'), "utf-8")
    done = CliRunner().invoke(main, ["evaluate", str(tunxi), "--plan", str(plan)])
    assert done.exit_code == 2
    errors = [line for line in done.stderr.splitlines() if line.startswith("错误：")]
    assert len(errors) == 2
    assert all("未知的目标类型“urban-averge”" in line for line in errors)
    assert "不在数据中" not in done.stderr
