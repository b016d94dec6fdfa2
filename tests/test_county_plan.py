"""A county's own plan on the county's own register: the county is the plan's whole area.

歙县民政局 keeps 歙县 alone (341021, one of 黄山市's seven county-level units) and runs its
own plan, ``[area] code_prefix = "341021"``. The other six are not districts its data
lacks: its whole-area milestones are judged on its data, titled 全县…, never 全市…. A city's
plan on the same register still lacks six districts and judges no city figure. The
register is written as a bureau writes it (GB18030 CSV, Chinese headers, official codes).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_partial_districts import ORGANIZATIONS_HEADER, SMALL, Rows, write

import scoplan
from scoplan import PlanError
from scoplan.cli import main
from scoplan.plan import parse_plan
from scoplan.report import Status

AS_OF = dt.date(2023, 12, 31)


def shexian_register() -> dict[str, Rows]:
    """歙县's register: one town (徽城镇), two urban communities, four organizations.

    On 2023-12-31 three are active and registered or filed (SX1, SX2 in 新路街, SX3 in
    中和): SX4 was dissolved on 2022-06-30. 3 organizations over 2 urban communities = 1.5.
    """
    return {
        "区县": [["编号", "名称", "类型", "市"], ["341021", "歙县", "县", "黄山市"]],
        "乡镇街道": [
            ["编号", "所属区县", "名称", "类型"],
            ["341021100", "341021", "徽城镇", "镇"],
        ],
        "社区": [
            ["编号", "所属乡镇街道", "名称", "类型"],
            ["341021100001", "341021100", "新路街居委会", "城市社区"],
            ["341021100002", "341021100", "中和社区居委会", "城市社区"],
        ],
        "社区社会组织": [
            ORGANIZATIONS_HEADER,
            ["SX1", "341021100001", "新路街志愿队", "志愿服务类", "2021-03-01", "", "备案", *SMALL],
            ["SX2", "341021100001", "新路街互助会", "居民互助类", "2022-04-25", "", "登记", *SMALL],
            ["SX3", "341021100002", "中和文体队", "文体类", "2021-05-06", "", "备案", *SMALL],
            [
                "SX4",
                "341021100002",
                "中和棋友会",
                "文体类",
                "2020-01-01",
                "2022-06-30",
                "登记",
                *SMALL,
            ],
        ],
        "联合会": [["编号", "层级", "所属单位", "名称", "成立日期", "注销日期"]],
        "平台与制度": [["编号", "类型", "所属单位", "名称", "建立日期", "撤销日期"]],
        "品牌项目": [["编号", "所属组织", "名称", "认定日期"]],
        "活动": [["编号", "类型", "所属单位", "名称", "日期"]],
    }


def plan_text(area: str, name: str = "歙县", extra: str = "") -> str:
    """A plan of two whole-area milestones on 2023-12-31: 城市社区平均 at least 2 (1.5: not
    met, 2 × 2 − 3 = 1 short) and at least 1 (met)."""
    named = f'name = "{name}"\n' if name else ""
    return f"""
id = "shexian-2022-2024"
title = "歙县培育发展社区社会组织实施方案"
version = "1"
start = 2022-01-01
end = 2024-12-31

[area]
{named}{area}

[[milestones]]
id = "urban-2"
target = "urban-average"
due = 2023-12-31
params = {{ threshold = 2 }}

[[milestones]]
id = "urban-1"
target = "urban-average"
due = 2023-12-31
params = {{ threshold = 1 }}
{extra}"""


@pytest.fixture(scope="module")
def shexian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("county") / "歙县台账", shexian_register())


def evaluate(folder: Path, text: str) -> scoplan.Report:
    data = scoplan.load(folder)
    plan = parse_plan(text, registry=scoplan.default_registry(), data=data)
    return scoplan.evaluate(data, plan, AS_OF)


def by_id(report: scoplan.Report) -> dict[str, scoplan.Result]:
    return {r.milestone: r for r in report.results}


@pytest.mark.parametrize(
    "area",
    [
        'code_prefix = "341021"',
        'code_prefix = "341021000000"',
        'districts = ["341021"]',
    ],
)
def test_a_countys_plan_judges_the_county_as_its_whole_area(shexian, area):
    """No district is lacking (no partial_data warning); both whole-area milestones are
    judged on 歙县's figure, 1.5: short of 2 by one organization, and at least 1."""
    report = evaluate(shexian, plan_text(area))
    assert "partial_data" not in [w.code for w in report.warnings]
    results = by_id(report)
    short, met = results["urban-2"], results["urban-1"]
    assert (short.scope.level, short.scope.name) == ("city", "歙县")
    assert (short.status, short.value, short.required) == (Status.NOT_MET, 1.5, 2)
    assert short.gap is not None
    assert short.gap.amount == 1
    assert (met.status, met.value) == (Status.MET, 1.5)
    assert short.title == "全县城市社区平均社区社会组织数（2023年）"
    assert short.title_en == "Mean organizations per urban community, the whole county (2023)"
    assert report.terms["zh"]["where.city"] == "全县"
    assert report.terms["en"]["where.city"] == "the whole county"


def test_a_countys_plan_without_a_name_reads_the_official_one(shexian):
    """No ``[area] name``: 341021 is officially 歙县, a county, so 全县 still."""
    report = evaluate(shexian, plan_text('code_prefix = "341021"', name=""))
    assert by_id(report)["urban-2"].title == "全县城市社区平均社区社会组织数（2023年）"


def test_a_plans_own_word_for_the_whole_area_wins(shexian):
    extra = '\n[terms.zh]\n"where.city" = "全县域"\n'
    report = evaluate(shexian, plan_text('code_prefix = "341021"', extra=extra))
    assert by_id(report)["urban-2"].title == "全县域城市社区平均社区社会组织数（2023年）"
    assert by_id(report)["urban-2"].title_en == (
        "Mean organizations per urban community, the whole county (2023)"
    )


def test_a_citys_plan_on_the_countys_register_is_judged_as_before(shexian):
    """黄山市's plan on 歙县's data lacks the six others: the city's figure is not judged."""
    report = evaluate(shexian, plan_text('code_prefix = "3410"', name="黄山市"))
    (warning,) = [w for w in report.warnings if w.code == "partial_data"]
    assert warning.message_zh == (
        "歙县台账：数据只含歙县（计划所列7个区县中的1个）；"
        "缺屯溪区、黄山区、徽州区、休宁县、黟县、祁门县："
        "只评估数据中的区县，全市及缺区县的目标不作评判"
    )
    result = by_id(report)["urban-2"]
    assert (result.status, result.value) == (Status.NOT_COVERED, None)
    assert result.title == "全市城市社区平均社区社会组织数（2023年）"


def test_another_county_of_the_city_is_outside_a_countys_plan(shexian):
    """休宁县 (341022) is 黄山市's, not 歙县's: a county's plan naming it is a mistake of
    the plan, not a district its data lacks."""
    extra = (
        '\n[[milestones]]\nid = "xiuning"\ntarget = "urban-average"\ndue = 2023-12-31\n'
        'params = { threshold = 1 }\nscope = { districts = ["341022"] }\n'
    )
    with pytest.raises(PlanError) as caught:
        parse_plan(
            plan_text('code_prefix = "341021"', extra=extra),
            registry=scoplan.default_registry(),
            data=scoplan.load(shexian),
        )
    assert [p.code for p in caught.value.problems] == ["unknown_district"]


def test_a_county_written_as_the_city_is_refused_saying_its_code(shexian):
    with pytest.raises(PlanError) as caught:
        parse_plan(plan_text('city = "歙县"'), data=scoplan.load(shexian))
    (problem,) = caught.value.problems
    assert problem.code == "empty_area_city"
    assert problem.params["hint_zh"] == (
        '（歙县是数据中的区县，不是市：区县自己的计划应写作 code_prefix = "341021"）'
    )


def test_the_words_of_an_area_of_one_county_level_unit():
    from scoplan.plan_districts import area_terms

    assert area_terms("341021", "", ())["zh"] == {
        "where.city": "全县",
        "scope.city": "县本级",
        "sheet.city": "全县",
        "target.service-centres": "县本级社会组织培育发展服务中心",
        "target.governance-academies": "县本级“社区治理学院”",
        "target.development-plans": "县本级社区社会组织培育发展三年计划",
        "target.gongyi-held": "县本级公益创投活动",
        "target.brand-selection": "县本级品牌社区社会组织、品牌项目评选",
    }
    english = area_terms("341002", "", ())["en"]
    assert english["where.city"] == "the whole district"
    assert english["scope.city"] == "district level"
    assert english["sheet.city"] == "Whole district"
    assert english["target.service-centres"] == "Cultivation service centre, district level"
    assert area_terms("341181", "", ()) == {}  # 天长市, a county-level city: 全市
    assert area_terms("3410", "", ()) == {}
    assert area_terms("341021", "黄山市", ()) == {}
    assert area_terms("", "", ("341021", "341022")) == {}


def test_the_command_reports_the_whole_county(shexian, tmp_path):
    plan = tmp_path / "shexian.toml"
    plan.write_text(plan_text('code_prefix = "341021"'), encoding="utf-8")
    args = ["evaluate", str(shexian), "--plan", str(plan), "--as-of", "2023-12-31"]
    result = CliRunner().invoke(main, args)
    assert "范围：全县" in result.output
    assert "全县城市社区尚需新增1个社区社会组织" in result.output
    assert "全市" not in result.output
    assert "数据未覆盖" not in result.output


def test_a_countys_returns_made_by_its_template_are_its_whole_area(tmp_path):
    """黟县's eight townships' returns (``scoplan template --area 黟县 --each township``),
    sent back empty: the county's plan judges its whole area on them, not ``not_covered``.
    No organization in its 4 urban communities (its official 居民委员会): 0.0 against 2,
    2 × 4 = 8 short."""
    from scoplan.template import write_template

    returns = tmp_path / "returns"
    assert len(write_template("黟县", returns, each="township")) == 8
    data = scoplan.load(returns)
    text = plan_text('code_prefix = "341023"', name="黟县")
    plan = parse_plan(text, registry=scoplan.default_registry(), data=data)
    report = scoplan.evaluate(data, plan, AS_OF)
    assert "partial_data" not in [w.code for w in report.warnings]
    result = by_id(report)["urban-2"]
    assert (result.status, result.value, result.title) == (
        Status.NOT_MET,
        0.0,
        "全县城市社区平均社区社会组织数（2023年）",
    )
    assert result.gap is not None
    assert result.gap.amount == 8
