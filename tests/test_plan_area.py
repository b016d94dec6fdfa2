"""A plan's ``[area]`` whose fields name different places, as a city's engineer slips.

A 成都 engineer wrote 成都's district codes with 内江市's ``code_prefix`` (5110), and
``city = "内江市"`` beside 成都's districts: both ran, the second as all 20 districts of
成都 with 17 said to be lacking. The fields of an area add up, so two fields that name two
places make an area neither means: a plan error naming both fields and what each says, with
or without data (``scoplan check --plan`` gives the same).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from builders import builtin_registry, community, district, township, write_tables
from click.testing import CliRunner

import scoplan
from scoplan import PlanError
from scoplan.cli import main
from scoplan.i18n import describe_problem
from scoplan.testing import build_dataset

HEAD = """\
# 成都市培育发展社区社会组织三年行动计划（2024—2026年）
id = "chengdu-2024-2026"
title = "成都市培育发展社区社会组织三年行动计划（2024—2026年）"
version = "1.0"
start = 2024-01-01
end = 2026-12-31

[area]
name = "成都市"
{area}

[[milestones]]
id = "urban-2026"
target = "urban-average"
due = 2026-12-31
params = {{ threshold = 12 }}
"""


def said(area: str, data: scoplan.Dataset | None = None) -> tuple[list[str], list[str]]:
    """The problems of the plan of this ``[area]``, in Chinese and in English."""
    with pytest.raises(PlanError) as caught:
        scoplan.parse_plan(
            HEAD.format(area=area), "chengdu.toml", registry=builtin_registry(), data=data
        )
    problems = caught.value.problems
    return [describe_problem(p, "zh") for p in problems], [
        describe_problem(p, "en") for p in problems
    ]


def chengdu_tables() -> dict[str, list[dict[str, Any]]]:
    """锦江区 (510104) and 青羊区 (510105) of 成都市, as the data's 市 column writes it."""
    return {
        "districts": [
            district("510104", name="锦江区", city="成都市"),
            district("510105", name="青羊区", city="成都市"),
        ],
        "townships": [township("T1", "510104"), township("T2", "510105")],
        "communities": [community("C1", "T1"), community("C2", "T2")],
    }


def chengdu() -> scoplan.Dataset:
    """:func:`chengdu_tables` as data."""
    return build_dataset(**chengdu_tables())


def test_districts_outside_the_code_prefix_name_both_fields() -> None:
    """成都's codes listed with code_prefix = "5110" (内江市): said with or without data."""
    area = 'districts = ["510104", "510105", "510131"]\ncode_prefix = "5110"'
    expected = [
        "chengdu.toml，“area.districts”项：[area] 的 code_prefix = 5110 是内江市，但 districts "
        "所列的 510104、510105、510131 是成都市的区县，不在其中：两者说的不是同一个地方，"
        "请改正其一（计划的范围是两者之和）"
    ]
    zh, en = said(area)
    assert zh == expected
    assert en == [
        "chengdu.toml, area.districts: [area] code_prefix = 5110 is 内江市, but the districts "
        "510104, 510105, 510131 it lists are of 成都市, outside it: the two name different "
        "places; correct one of them (the plan's area is both together)"
    ]
    assert said(area, chengdu())[0] == expected


def test_a_city_of_other_districts_than_those_listed_names_both() -> None:
    """``city = "内江市"`` beside 成都's districts: 内江市 is 5110 in the official table."""
    zh, _ = said('districts = ["510104", "510105", "510131"]\ncity = "内江市"', chengdu())
    assert zh == [
        "chengdu.toml，“area.city”项：[area] 的 city = 内江市（5110），但 districts 所列的 "
        "510104、510105、510131 是成都市的区县：两者说的不是同一个地方，"
        "请改正其一（计划的范围是两者之和）"
    ]


def test_a_city_of_another_code_prefix_names_both() -> None:
    """``city = "内江"`` (内江市 written short) with 成都's code_prefix."""
    zh, en = said('code_prefix = "5101"\ncity = "内江"')
    assert zh == [
        "chengdu.toml，“area.city”项：[area] 的 city = 内江（5110），但 code_prefix = 5101 "
        "是成都市：两者说的不是同一个地方，请改正其一（计划的范围是两者之和）"
    ]
    assert en == [
        "chengdu.toml, area.city: [area] city = 内江 (5110), but code_prefix = 5101 is 成都市: "
        "the two name different places; correct one of them (the plan's area is both together)"
    ]


def test_a_city_no_data_and_no_table_have_says_the_city_of_the_districts_picked() -> None:
    """``city = "成部市"`` (a slip) with 成都's code_prefix: no city of the data, none of the
    official table; the districts code_prefix picks are 成都市's, which is said to write."""
    zh, _ = said('code_prefix = "5101"\ncity = "成部市"', chengdu())
    assert zh == [
        "chengdu.toml，“area.city”项：[area] 的 city = 成部市，但数据中没有所属的市是“成部市”的"
        "区县，统计用区划中也没有叫这个名字的市：code_prefix 所选的区县属于成都市；"
        '应写作 city = "成都市"'
    ]


@pytest.mark.parametrize(
    "area",
    [
        'code_prefix = "5101"\ncity = "成都市"',
        'code_prefix = "510100"\ncity = "成都"\ndistricts = ["510104"]',
        'code_prefix = "51"\ncity = "成都市"',  # a city of the province: within it
        'districts = ["510104", "510105"]\ncity = "成都市"',
    ],
)
def test_fields_that_name_one_place_are_taken(area: str) -> None:
    """Fields that agree are the plan's way of saying its area (a city's rows with ids
    that are no official codes taken in by ``city``): no problem."""
    plan = scoplan.parse_plan(HEAD.format(area=area), registry=builtin_registry(), data=chengdu())
    assert plan.area.name == "成都市"


def test_scoplan_check_with_the_plan_says_the_same(tmp_path: Path) -> None:
    """``scoplan check DATA --plan PLAN`` on 成都's data, the plan with 内江市 beside
    成都's districts: the same error, and exit 2 (a bad plan)."""
    plan = tmp_path / "chengdu.toml"
    plan.write_text(
        HEAD.format(area='districts = ["510104", "510105"]\ncity = "内江市"'), encoding="utf-8"
    )
    folder = write_tables(tmp_path / "data", chengdu_tables())
    result = CliRunner().invoke(main, ["check", str(folder), "--plan", str(plan)])
    assert result.exit_code == 2
    assert (
        "错误：chengdu.toml，“area.city”项：[area] 的 city = 内江市（5110），但 districts "
        "所列的 510104、510105 是成都市的区县：两者说的不是同一个地方，"
        "请改正其一（计划的范围是两者之和）"
    ) in result.output
