"""A municipality's plan (重庆市, a 直辖市): its area, the districts of the data outside it,
and its own codes as 市本级.

重庆市's county-level units sit under two city-level units that say no place, 5001 市辖区
(26 districts) and 5002 县 (12 counties): 38 in all. The register here holds two of them,
渝中区 (500103) and 城口县 (500229), and 邻水县 (511623), a county of 四川省广安市 filed
with 市 = 重庆市. Official 2023 codes throughout, written as a bureau writes them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import bureau
import pytest
from click.testing import CliRunner
from test_partial_districts import ORGANIZATIONS_HEADER, SMALL, Rows, write

import scoplan
from scoplan import DataError, PlanError
from scoplan.cli import main
from scoplan.i18n import describe_problem
from scoplan.plan import parse_plan
from scoplan.plan_districts import district_prefix
from scoplan.report import Status

AS_OF = dt.date(2023, 12, 31)


def org(id: str, community: str, registration: str = "备案") -> list[str]:
    return [id, community, f"{id}志愿服务队", "志愿服务类", "2021-03-01", "", registration, *SMALL]


def chongqing_register(city_of_linshui: str = "重庆市") -> dict[str, Rows]:
    """渝中区: 2 urban communities, 3 organizations filed or registered (1.5 a community);
    城口县: 1 urban community, 2 (2.0); 邻水县, 广安市's: 1 community, 3. Events: two
    trainings of the city itself (市本级) in 2022."""
    return {
        "区县": [
            ["编号", "名称", "类型", "市"],
            ["500103", "渝中区", "区", "重庆市"],
            ["500229", "城口县", "县", "重庆市"],
            ["511623", "邻水县", "县", city_of_linshui],
        ],
        "乡镇街道": [
            ["编号", "所属区县", "名称", "类型"],
            ["500103001", "500103", "七星岗街道", "街道"],
            ["500229001", "500229", "葛城街道", "街道"],
            ["511623100", "511623", "鼎屏镇", "镇"],
        ],
        "社区": [
            ["编号", "所属乡镇街道", "名称", "类型"],
            ["500103001003", "500103001", "华一坡社区居民委员会", "城市社区"],
            ["500103001006", "500103001", "临华路社区居民委员会", "城市社区"],
            ["500229001001", "500229001", "土城社区居民委员会", "城市社区"],
            ["511623100001", "511623100", "北街社区居委会", "城市社区"],
        ],
        "社区社会组织": [
            ORGANIZATIONS_HEADER,
            org("YZ1", "500103001003"),
            org("YZ2", "500103001003", "登记"),
            org("YZ3", "500103001006"),
            org("CK1", "500229001001"),
            org("CK2", "500229001001"),
            org("LS1", "511623100001"),
            org("LS2", "511623100001"),
            org("LS3", "511623100001"),
        ],
        "联合会": [["编号", "层级", "所属单位", "名称", "成立日期", "注销日期"]],
        "平台与制度": [["编号", "类型", "所属单位", "名称", "建立日期", "撤销日期"]],
        "品牌项目": [["编号", "所属组织", "名称", "认定日期"]],
        "活动": [
            ["编号", "类型", "所属单位", "名称", "日期"],
            ["HD1", "培训", "市本级", "2022年重庆市社区社会组织业务骨干培训班", "2022-08-30"],
            ["HD2", "培训", "市本级", "2022年重庆市县社区社会组织培训班", "2022-09-01"],
        ],
    }


def plan_text(area: str, extra: str = "") -> str:
    """A plan of 城市社区平均 at least 1 in each district and in the whole area."""
    return f"""
id = "chongqing"
title = "重庆市培育发展社区社会组织专项行动计划"
version = "1"
start = 2021-01-01
end = 2023-12-31

[area]
{area}

[[milestones]]
id = "urban-each"
target = "urban-average"
due = 2023-12-31
scope = {{ each = true }}
params = {{ threshold = 1 }}

[[milestones]]
id = "urban-city"
target = "urban-average"
due = 2023-12-31
params = {{ threshold = 1 }}
{extra}"""


@pytest.fixture(scope="module")
def chongqing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("chongqing") / "重庆市台账", chongqing_register())


def evaluate(folder: Path, text: str) -> scoplan.Report:
    data = scoplan.load(folder)
    plan = parse_plan(text, registry=scoplan.default_registry(), data=data)
    return scoplan.evaluate(data, plan, AS_OF)


def each(report: scoplan.Report) -> dict[str, float | None]:
    return {r.scope.id: r.value for r in report.results if r.milestone == "urban-each"}


OUTSIDE_ZH = (
    "重庆市台账：数据中有1个区县不在计划的范围“重庆市”内：邻水县（511623）。"
    "计划只评估其范围内的区县，这些区县的数据不计入任何目标；如它们属于重庆市，"
    "请核对其编号，否则可不理会"
)


@pytest.mark.parametrize(
    ("prefix", "meant"),
    [
        *[("5001", "50"), ("5002", "50"), ("500100", "50"), ("500000", "50")],
        *[("1101", "11"), ("3101", "31"), ("3410", "3410"), ("341000", "3410")],
        ("500229", "500229"),
    ],
)
def test_a_municipalitys_half_is_the_whole_city(prefix, meant):
    assert district_prefix(prefix) == meant


@pytest.mark.parametrize(
    "area",
    [
        'name = "重庆市"\ncode_prefix = "5001"',
        'code_prefix = "5002"',
        'name = "重庆市"\ncode_prefix = "50"\ncity = "重庆市"',
        'city = "重庆市"',
    ],
)
def test_a_municipalitys_plan_holds_its_districts_and_counties_not_another_citys(chongqing, area):
    """5001 (市辖区) or 5002 (县) is the whole of 重庆市: 渝中区 (3 / 2 = 1.5) and 城口县
    (2 / 1 = 2.0) are judged; 邻水县, whose 市 says 重庆市 but whose code is 广安市's, is
    not, and 广安市's other units are no districts the data lacks: the plan's 38 units, 36
    lacking, the whole city not covered. One warning names 邻水县. A plan naming the city
    alone reads it so too: 邻水县's official code and name are 广安市's."""
    report = evaluate(chongqing, plan_text(area))
    assert each(report) == {"500103": 1.5, "500229": 2.0}
    (city,) = [r for r in report.results if r.milestone == "urban-city"]
    assert city.status is Status.NOT_COVERED
    codes = [w.code for w in report.warnings]
    assert codes.count("districts_outside_area") == 1
    (partial,) = [w for w in report.warnings if w.code == "partial_data"]
    assert "（计划所列38个区县中的2个）；缺万州区、涪陵区、" in partial.message_zh
    assert "广安区" not in partial.message_zh
    (outside,) = [w for w in report.warnings if w.code == "districts_outside_area"]
    assert outside.message_zh == OUTSIDE_ZH


@pytest.mark.parametrize("city", ["重庆市", "", "四川省广安市"])
def test_a_county_outside_the_area_is_said_whatever_its_city(tmp_path, city):
    """邻水县 filed under 重庆市, blank or 四川省广安市: said once, by name and code, in an
    evaluation and in ``check --plan`` alike. (Its data of two cities have no one city's
    code: the city's events are written 市本级.)"""
    tables = chongqing_register(city)
    folder = write(tmp_path / "重庆市台账", tables)
    report = evaluate(folder, plan_text('name = "重庆市"\ncode_prefix = "5001"'))
    (outside,) = [w for w in report.warnings if w.code == "districts_outside_area"]
    assert "：邻水县（511623）。" in outside.message_zh
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text('name = "重庆市"\ncode_prefix = "5001"'), encoding="utf-8")
    done = CliRunner().invoke(main, ["check", str(folder), "--plan", str(plan)])
    assert done.stdout.count("不在计划的范围“重庆市”内：邻水县（511623）") == 1, done.stdout


def test_many_districts_outside_are_one_line_naming_five(tmp_path):
    """A county's plan (渝中区) on a register of 8 other units: one warning, the first five
    named in the data's order, then 等8个."""
    tables = chongqing_register()
    others = [("500101", "万州区"), ("500102", "涪陵区"), ("500104", "大渡口区")]
    others += [("500105", "江北区"), ("500106", "沙坪坝区"), ("500107", "九龙坡区")]
    tables["区县"][1:1] = [[code, name, "区", "重庆市"] for code, name in others]
    folder = write(tmp_path / "重庆市台账", tables)
    report = evaluate(folder, plan_text('code_prefix = "500103"'))
    (outside,) = [w for w in report.warnings if w.code == "districts_outside_area"]
    assert outside.message_zh.startswith(
        "重庆市台账：数据中有8个区县不在计划的范围“渝中区”内：万州区（500101）、涪陵区（500102）、"
        "大渡口区（500104）、江北区（500105）、沙坪坝区（500106）等8个。"
    )
    assert "\n" not in outside.message_zh


def test_a_huangshan_plan_leaves_out_a_county_filed_under_its_city(tmp_path):
    """黄山市's plan names its area by code prefix and city (as the bundled one does): 邻水县
    filed with 市 = 黄山市 is outside it, its code being 广安市's; the plan's area is 黄山市's
    7 units (the data holds 屯溪区 and 歙县), none of 广安市's 6."""
    tables = bureau.register()
    tables["区县"].append(["511623", "邻水县", "县", "黄山市"])
    folder = bureau.write(tmp_path / "黄山市台账", tables)
    data = scoplan.load(folder)
    plan = parse_plan(bureau.AREA_PLAN, registry=scoplan.default_registry(), data=data)
    report = scoplan.evaluate(data, plan, AS_OF)
    (partial,) = [w for w in report.warnings if w.code == "partial_data"]
    assert (
        "（计划所列7个区县中的2个）；缺黄山区、徽州区、休宁县、黟县、祁门县：" in partial.message_zh
    )
    (outside,) = [w for w in report.warnings if w.code == "districts_outside_area"]
    assert "不在计划的范围“黄山市”内：邻水县（511623）。" in outside.message_zh


@pytest.mark.parametrize("code", ["500000", "500100", "500200"])
def test_a_municipalitys_own_code_is_the_city_level(tmp_path, code):
    """500000 (重庆市), 500100 (its 市辖区) and 500200 (its 县) are 市本级, as 341000 is
    黄山市's — with 邻水县 filed under 重庆市 too: the 市 column names one city, 重庆市."""
    tables = chongqing_register()
    tables["活动"][1][2] = code
    tables["活动"][2][2] = "500000"
    data = scoplan.load(write(tmp_path / "重庆市台账", tables))
    units = dict(data.frame("events").select("id", "unit_id").iter_rows())
    assert units == {"HD1": "city", "HD2": "city"}


def test_a_citys_code_not_read_as_its_own_says_why(tmp_path):
    """Districts of two cities (黄山市's and 广安市's, each under its own name): 341000 is
    no one city's own code, and the message says so. (Of 黄山市's alone, it is.)"""
    tables = bureau.register()
    tables["活动"][1][2] = "341000"
    data = scoplan.load(bureau.write(tmp_path / "黄山", tables))
    assert "city" in data.frame("events").get_column("unit_id").to_list()
    tables = bureau.register()
    tables["区县"].append(["511623", "邻水县", "县", "广安市"])
    tables["活动"][1][2] = "341000"
    with pytest.raises(DataError) as caught:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    (problem,) = [p for p in caught.value.problems if p.code == "unknown_unit"]
    assert describe_problem(problem, "zh").endswith(
        "“341000”既不是市本级，也不是区县/乡镇街道中的编号；区县分属几个市，"
        "没有哪个代码是市自己的（市本级写作“市本级”）"
    )


def test_a_countys_plan_without_a_name_is_named_officially(chongqing):
    """城口县's plan, ``code_prefix = "500229"`` and no name: its whole area is 城口县 (2.0),
    and the trainings of the city it does not count are said of 城口县, not of 500229."""
    extra = (
        '\n[[milestones]]\nid = "trainings"\ntarget = "trainings"\ndue = 2022-12-31\n'
        'params = { threshold = 1, window = "year", held_by = "scope" }\n'
    )
    report = evaluate(chongqing, plan_text('code_prefix = "500229"', extra))
    (city,) = [r for r in report.results if r.milestone == "urban-city"]
    assert (city.scope.name, city.value) == ("城口县", 2.0)
    (said,) = [w for w in report.warnings if w.code == "city_level_in_county"]
    assert "这是城口县的计划，县本级的目标只计所属单位为城口县（500229）的行" in said.message_zh


def test_a_district_of_another_city_is_said_to_be_that_citys(chongqing):
    """A plan of 5001 naming 邻水县 in a scope: it belongs to 广安市, outside 重庆市."""
    extra = (
        '\n[[milestones]]\nid = "linshui"\ntarget = "urban-average"\ndue = 2023-12-31\n'
        'params = { threshold = 1 }\nscope = { districts = ["511623"] }\n'
    )
    with pytest.raises(PlanError) as caught:
        parse_plan(plan_text('code_prefix = "5001"', extra), data=scoplan.load(chongqing))
    (problem,) = caught.value.problems
    assert problem.code == "outside_plan_area"
    assert "属于广安市，不在计划的范围“重庆市”内" in describe_problem(problem, "zh")
