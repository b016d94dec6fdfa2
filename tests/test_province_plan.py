"""A province's plan judged on one city's data: the data holds part of the plan's area.

A user trial ran 安徽省's plan (``[area] code_prefix = "34"``) on 合肥市's register alone:
its whole-area milestones were 合肥's figures, its scope called 安徽省, its text 全市, and
nothing said the data holds 1 of the province's 16 cities. As for a district's own
register against its city's plan (tests/test_partial_districts.py), the county-level
units of the province the data lacks are told from the official division codes: one
warning names them, by city where a city is lacking whole, and the milestones of the
whole province are ``not_covered``. The data here is the bundled Huangshan example:
黄山市's 7 districts under their official codes and names, none of the other 15 cities of
安徽省 (合肥市, 芜湖市, … in the order of their codes, 3401 to 3418).
"""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

import scoplan
from scoplan.cli import main
from scoplan.examples import example_path
from scoplan.plan_districts import area_terms
from scoplan.report import Status

AS_OF = dt.date(2023, 12, 31)

PROVINCE_PLAN = """
id = "anhui"
title = "安徽省计划"
version = "1"
start = 2021-01-01
end = 2023-12-31

[area]
name = "安徽省"
code_prefix = "34"

[[milestones]]
id = "urban-2023"
target = "urban-average"
due = 2023-12-31
params = { threshold = 1 }

[[milestones]]
id = "urban-2023-each"
target = "urban-average"
due = 2023-12-31
scope = { each = true }
params = { threshold = 1 }
"""
"""安徽省's plan: the province's urban average, and each district's."""

OTHER_CITIES = "合肥市、芜湖市、蚌埠市、淮南市、马鞍山市、淮北市、铜陵市、安庆市、滁州市、阜阳市"
"""The first 10 of the 15 cities of 安徽省 other than 黄山市 (3410), by code."""
PARTIAL_ZH = (
    "huangshan：数据只含黄山市（计划所列119个区县中的7个）；"
    f"缺{OTHER_CITIES}等15个市：只评估数据中的区县，全省及缺区县的目标不作评判"
)
"""The warning: 黄山市 held whole, of the 119 county-level units (zones among them) the
official 2023 table lists under 34; the 15 other cities lacking, the first 10 named."""


@pytest.fixture(scope="module")
def huangshan():
    return scoplan.load(example_path("huangshan"))


@pytest.mark.parametrize("prefix", ["34", "340000"])
def test_a_provinces_plan_on_one_citys_data_is_warned_of_once(huangshan, prefix):
    """One warning, naming 黄山市 as what the data holds and the cities it lacks; the
    plan written with the province's code of 6 digits (340000) is the same plan."""
    plan = scoplan.parse_plan(PROVINCE_PLAN.replace('"34"', f'"{prefix}"'))
    report = scoplan.evaluate(huangshan, plan, AS_OF)
    [partial] = [w for w in report.warnings if w.code == "partial_data"]
    assert partial.message_zh == PARTIAL_ZH
    assert partial.message.endswith(
        "and 5 more cities: only the districts in the data are evaluated, and no target of "
        "the whole province or of a district it lacks is judged"
    )


def test_the_whole_provinces_milestone_is_not_judged_and_each_district_is(huangshan):
    """The province's average is not 黄山市's: ``not_covered``, saying the 15 cities
    lacking, 全省's figure; each district's own average is judged as ever."""
    report = scoplan.evaluate(huangshan, scoplan.parse_plan(PROVINCE_PLAN), AS_OF)
    [whole] = [r for r in report.results if r.milestone == "urban-2023"]
    assert whole.status is Status.NOT_COVERED
    assert whole.value is None
    lacking = f"{OTHER_CITIES}、宿州市、六安市、亳州市、池州市、宣城市"
    assert whole.message_zh == (
        f"数据只含其中的黄山市，缺{lacking}：全省的数字不能由部分区县得出，不作评判"
    )
    each = [r for r in report.results if r.milestone == "urban-2023-each"]
    assert len(each) == 7
    assert Status.NOT_COVERED not in {r.status for r in each}


def test_a_provinces_plan_says_its_whole_area_as_the_province(huangshan, tmp_path):
    """The text's scope of the province's milestone is 全省, not 全市; the report's words
    say so in both languages; check --plan gives evaluate's warning."""
    plan = tmp_path / "安徽省计划.toml"
    plan.write_text(PROVINCE_PLAN, "utf-8")
    report = scoplan.evaluate(huangshan, scoplan.load_plan(plan), AS_OF)
    assert report.terms["zh"]["where.city"] == "全省"
    assert report.terms["en"]["where.city"] == "the whole province"
    folder = str(example_path("huangshan"))
    text = CliRunner().invoke(
        main, ["evaluate", folder, "--plan", str(plan), "--as-of", "2023-12-31"]
    )
    assert "范围：全省" in text.stdout
    assert "范围：全市" not in text.stdout
    checked = CliRunner().invoke(main, ["check", folder, "--plan", str(plan)])
    assert f"警告：{PARTIAL_ZH}" in checked.stdout.splitlines()


def test_a_citys_plan_on_its_whole_data_lacks_nothing(huangshan):
    """黄山市's own bundled plan on its whole register: no warning of partial data, no
    milestone left unjudged, the words the catalogue's (全市)."""
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    report = scoplan.evaluate(huangshan, plan, AS_OF)
    assert [w for w in report.warnings if w.code == "partial_data"] == []
    assert Status.NOT_COVERED not in {r.status for r in report.results}
    assert "where.city" not in report.terms.get("zh", {})


@pytest.mark.parametrize(
    ("prefix", "name", "whole"),
    [
        ("34", "安徽省", "全省"),
        ("340000", "", "全省"),
        ("45", "广西壮族自治区", "全区"),
        ("45", "", "全区"),
    ],
)
def test_a_provinces_words_are_its_own(prefix, name, whole):
    """A province says 全省, an autonomous region 全区, from the area's name or else the
    official one of its code."""
    words = area_terms(prefix, "", (), name)
    assert (words["zh"]["where.city"], words["zh"]["sheet.city"]) == (whole, whole)


@pytest.mark.parametrize(
    ("prefix", "city", "districts"),
    [("31", "", ()), ("3410", "", ()), ("34", "黄山市", ()), ("34", "", ("341002",))],
)
def test_no_other_area_says_the_provinces_words(prefix, city, districts):
    """A municipality (上海市, 31) keeps the catalogue's 全市, and so does a city, an area
    of a city named, or of districts listed."""
    assert area_terms(prefix, city, districts, "") == {}
