"""A county's report as the user trial of its CSV, its reasons and its calculations read it.

On the register of 屯溪区 and 歙县 (tests/bureau.py), ``--district 屯溪区``: the CSV gives a
milestone of the whole city 屯溪区's own figure and gap in its columns, as the other reports
show them, and leaves out, as they do, the milestones not judged that give none; the city
level's own milestones (a training it holds) say why they are not judged without a word of
counties' figures. On 歙县's own register under a plan of its own (tests/test_county_plan.py):
the calculation of an organization share and of a plan's own kind of event names what it
counts, and a count short of the county's whole area lists no unit in the workbook, as no
other report does. Every figure is counted by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import bureau
import openpyxl
import pytest
from test_county_plan import shexian_register
from test_partial_districts import write

import scoplan
from scoplan.plan import parse_plan
from scoplan.renderers import cells, words

AS_OF = dt.date(2023, 12, 31)
PLAN = "huangshan-2021-2023"
CITY_URBAN = "全市城市社区平均社区社会组织数（2023年）"
CITY_TRAINING = "市本级开展社区社会组织培育发展业务培训（2022年）"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bureau.write(tmp_path_factory.mktemp("rows") / "屯溪歙县台账")


@pytest.fixture(scope="module")
def tunxi(folder: Path) -> scoplan.Report:
    plan = scoplan.bundled_plan(PLAN)
    return scoplan.evaluate(scoplan.load(folder), plan, AS_OF, districts=["屯溪区"])


def csv_rows(report: scoplan.Report) -> list[dict[str, str]]:
    """The CSV report's rows, by header."""
    text = scoplan.render(report, "csv")
    assert isinstance(text, str)
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_csv_gives_the_chosen_districts_own_figure_and_gap(tunxi):
    """屯溪区's urban communities, 荷花池 and 上新, hold 2 organizations counted (HS001, HS002;
    tests/test_unjudged_figures.py): 1.0 per community, 15 − 1.0 = 14.0 short of the city's
    15, 15 × 2 − 2 = 28 organizations to add. The CSV row of 全市城市社区平均 says so: 实际
    ``屯溪区1.0个/社区（不评判）``, 差距数量 28 个社区社会组织, and under 说明 why it is not
    judged and the reference."""
    (row,) = [row for row in csv_rows(tunxi) if row["目标任务"] == CITY_URBAN]
    assert row["状态"] == "数据未覆盖（不评判）"
    assert row["实际"] == "屯溪区1.0个/社区（不评判）"
    assert row["差距数量"] == "28"
    assert row["差距单位"] == "个社区社会组织"
    assert "全市的数字不能由部分区县得出" in row["说明"]
    assert "按全市目标（不少于15个）计，屯溪区尚差14.0个/社区" in row["说明"]
    assert "即屯溪区城市社区尚需新增28个社区社会组织" in row["说明"]


def test_the_csv_leaves_out_the_milestones_the_other_reports_set_aside(tunxi):
    """Of the 40 results, 13 give no figure of 屯溪区 (tests/test_unjudged_figures.py's
    LEFT_OUT: another district's centre, the rural means, the city level's own training…):
    the CSV has 27 rows, as the text report's tables, none of those, and its columns as
    documented (cells.RESULT_COLUMNS)."""
    rows = csv_rows(tunxi)
    assert len(rows) == 40 - 13
    titles = {row["目标任务"] for row in rows}
    assert "黄山区建成社会组织培育发展服务中心（2022年）" not in titles
    assert "全市农村社区平均社区社会组织数（2023年）" not in titles
    assert CITY_TRAINING not in titles
    zh = scoplan.RenderOptions(lang="zh")
    assert list(rows[0]) == cells.headers(cells.RESULT_COLUMNS, zh)


def test_the_city_levels_own_milestone_says_no_county_holds_its_figure(folder, tunxi):
    """The city level's own training (2022) involves no county: not judged because the city
    level's figure is in no county's report, not because a city's figure cannot come from
    some of its districts; so in the list of those not judged."""
    (result,) = [r for r in tunxi.results if r.milestone == "trainings-city-2022"]
    said = "本次只评估屯溪区：这是市本级自身的目标，市本级的数字不在区县的报告中，不作评判"
    assert result.message_zh == said
    assert "city level's own milestone" in str(result.message)
    text = bureau_text(tunxi)
    at = text.index("未评判的目标", text.index("未评判的目标") + 1)
    assert said in text[at:]
    line = text[text.index(CITY_TRAINING, at) :].split("\n")[0]
    assert "全市的数字不能由部分区县得出" not in line
    data = scoplan.load(folder)
    whole = scoplan.evaluate(data, scoplan.bundled_plan(PLAN), AS_OF)
    (own,) = [r for r in whole.results if r.milestone == "trainings-city-2022"]
    assert own.message_zh == (
        "数据只含屯溪区、歙县：这是市本级自身的目标，市本级的数字不在区县的数据中，不作评判"
    )


def bureau_text(report: scoplan.Report) -> str:
    shown = scoplan.render(report, "text")
    assert isinstance(shown, str)
    return shown


COUNTY_PLAN = """
id = "shexian-2022-2024"
title = "歙县培育发展社区社会组织实施方案"
version = "1"
start = 2022-01-01
end = 2024-12-31

[area]
name = "歙县"
code_prefix = "341021"

[terms.zh]
"event.yishi" = "议事协商会"

[terms.en]
"event.yishi" = "consultation meetings"

[[milestones]]
id = "filed-share"
target = "organization-share"
due = 2023-12-31
params.column = "登记状态"
params.value = ["登记", "备案"]
params.threshold = 0.8
params.registration = ["登记", "备案", "未登记"]

[[milestones]]
id = "yishi"
target = "event-coverage"
due = 2023-12-31
params = { kind = "yishi", level = "township", window = "year", threshold = 1 }

[[milestones]]
id = "brands"
target = "brand-organizations"
due = 2023-12-31
params = { threshold = 1 }
"""


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> scoplan.Report:
    """歙县's register (SX1 备案, SX2 登记, SX3 备案 active on 2023-12-31; SX4 dissolved), with
    a 议事协商会 of 徽城镇 in 2023 and an unregistered SX5 of 新路街."""
    tables = shexian_register()
    first = tables["社区社会组织"][1]
    unregistered = ["SX5", first[1], "新路街读书会", *first[3:6], "未登记", *first[7:]]
    tables["社区社会组织"].append(unregistered)
    tables["活动"].append(["YS1", "议事协商会", "341021100", "徽城镇议事协商会", "2023-05-06"])
    folder = write(tmp_path_factory.mktemp("county") / "歙县台账", tables)
    data = scoplan.load(folder)
    plan = parse_plan(COUNTY_PLAN, registry=scoplan.default_registry(), data=data)
    return scoplan.evaluate(data, plan, AS_OF)


def options(report: scoplan.Report, lang: str) -> scoplan.RenderOptions:
    """Render options in ``lang`` with the plan's words, as :func:`scoplan.render` makes them."""
    return scoplan.RenderOptions(lang=lang, terms=report.terms.get(lang, {}))


def by_id(report: scoplan.Report, milestone: str) -> scoplan.Result:
    (found,) = [r for r in report.results if r.milestone == milestone]
    return found


def test_the_calculation_of_an_organization_share_names_its_organizations(county):
    """SX1, SX2, SX3 are registered or filed, SX5 not: 3 of 4 organizations (75.0%)."""
    result = by_id(county, "filed-share")
    assert words.evidence(result, options(county, "zh")) == ("3个登记或备案的组织÷4个组织")
    assert words.evidence(result, options(county, "en")).endswith("÷ 4 organizations")


def test_the_calculation_of_a_plans_own_event_names_it(county):
    """徽城镇, the one township, held the plan's own 议事协商会 in 2023: 1 of 1."""
    result = by_id(county, "yishi")
    assert words.evidence(result, options(county, "zh")) == (
        "1个举办议事协商会的乡镇（街道）÷1个乡镇（街道）"
    )
    assert words.evidence(result, options(county, "en")) == (
        "1 township that held consultation meetings ÷ 1 township"
    )


def test_a_count_short_of_the_whole_area_lists_no_unit_in_the_workbook(county):
    """No brand organization against 1: the county itself is short, which its gap says; the
    workbook's 未达标单位 lists no unit for it, as the text report lists none."""
    result = by_id(county, "brands")
    assert result.gap is not None
    assert result.gap.amount == 1
    text = bureau_text(county)
    section = text[text.index("■ 全县品牌社区社会组织数") :].split("■")[1]
    assert "尚需新增1家品牌社区社会组织" in section
    assert "未达标单位" not in section
    content = scoplan.render(county, "xlsx")
    assert isinstance(content, bytes)
    book = openpyxl.load_workbook(io.BytesIO(content))
    rows = list(book["未达标单位"].iter_rows(values_only=True))
    assert not [row for row in rows[1:] if row[0] and "品牌" in str(row[0])]
