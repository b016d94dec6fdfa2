"""A plan file written as a plan's author writes it: dates as the document writes them,
a threshold as a percentage, a column by its Chinese header, a target kind by its title.

What a plan may say as the data says it is taken; what it may not is refused with what to
write instead, in both languages (a provincial team's trial).
"""

from __future__ import annotations

import datetime as dt

import pytest
from builders import PLAN_HEAD, builtin_registry, community, district, organization, township

import scoplan
from scoplan import PlanError
from scoplan.i18n import describe_problem
from scoplan.testing import build_dataset


def milestone(target: str, due: str, params: str = "") -> str:
    """A plan of one milestone ``m``, its ``due`` and ``params`` written as given (TOML)."""
    text = PLAN_HEAD + f'\n[[milestones]]\nid = "m"\ntarget = "{target}"\ndue = {due}\n'
    return text + (f"params = {params}\n" if params else "")


def said(plan: str) -> tuple[list[str], list[str]]:
    """The plan's problems, in Chinese and in English."""
    with pytest.raises(PlanError) as caught:
        scoplan.parse_plan(plan, "plan.toml", registry=builtin_registry())
    problems = caught.value.problems
    return [describe_problem(p, "zh") for p in problems], [
        describe_problem(p, "en") for p in problems
    ]


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ('"2023年12月31日"', dt.date(2023, 12, 31)),
        ('"2022/6/30"', dt.date(2022, 6, 30)),
        ('"2022年底"', dt.date(2022, 12, 31)),
        ('"2021 年末"', dt.date(2021, 12, 31)),
        ('"2023-12-31"', dt.date(2023, 12, 31)),
    ],
)
def test_a_due_date_written_as_the_document_writes_it(written: str, day: dt.date) -> None:
    """``due = "2023年12月31日"`` (or 2022/6/30, or 2022年底: its year's last day) is that
    day, as the data's dates and ``--as-of`` are read; it used to be refused as no date."""
    plan = scoplan.parse_plan(milestone("urban-average", written), registry=builtin_registry())
    assert plan.milestones[0].due == day


def test_a_due_date_that_is_none_names_the_forms_to_write() -> None:
    zh, en = said(milestone("urban-average", '"2022年春"'))
    assert zh == [
        "plan.toml，里程碑“m”的“due”项：“2022年春”不是日期"
        "（应为 YYYY-MM-DD、2023/12/31 或 2023年12月31日）"
    ]
    assert en == [
        "plan.toml, milestone 'm', due: '2022年春' is not a date "
        "(expected YYYY-MM-DD, 2023/12/31 or 2023年12月31日)"
    ]


def test_a_threshold_in_words_says_the_number_to_write() -> None:
    """``threshold = "80%"`` is a share written 0.8, ``"4个"`` is 4: said, not taken (80%
    of a mean would be 0.8 organizations, a silent wrong target)."""
    zh, en = said(milestone("charters", "2023-12-31", '{ threshold = "80%" }'))
    assert zh == [
        "plan.toml，里程碑“m”的“params.threshold”项："
        "应为数字，实际为文本“80%”：比例写作 0.8（不加引号）"
    ]
    assert en == [
        "plan.toml, milestone 'm', params.threshold: expected a number, got the text '80%': "
        "a share is written 0.8"
    ]
    zh, _ = said(milestone("rural-average", "2023-12-31", '{ threshold = "4个" }'))
    assert zh == [
        "plan.toml，里程碑“m”的“params.threshold”项：应为数字，实际为文本“4个”：写作 4（不加引号）"
    ]
    zh, _ = said(milestone("rural-average", "2023-12-31", '{ threshold = "很多" }'))
    assert zh == ["plan.toml，里程碑“m”的“params.threshold”项：应为数字，实际为文本"]


def test_a_column_named_by_its_chinese_header_is_the_column() -> None:
    """``column = "简易章程"`` (as the register's header says it, full-width spaces and all)
    is ``charter``; a name that is no column's lists each column with its header."""
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
        organizations=[
            organization("O1", "C1", charter=True),
            organization("O2", "C1", charter=False),
            organization("O3", "C1", charter=False),
            organization("O4", "C1", charter=True, size="small"),
        ],
    )
    plan = scoplan.parse_plan(
        milestone(
            "organization-share", "2023-12-31", '{ column = "　简易章程 ", threshold = 0.5 }'
        ),
        registry=builtin_registry(),
    )
    report = scoplan.evaluate(data, plan, dt.date(2023, 12, 31), registry=builtin_registry())
    (result,) = report.results
    assert (result.evidence.numerator, result.evidence.denominator) == (2, 4)  # O1, O4
    zh, _ = said(milestone("organization-share", "2023-12-31", '{ column = "是否有章程" }'))
    assert len(zh) == 1
    assert "简易章程（charter）、" in zh[0]
    assert "类别（category）、" in zh[0]
    assert zh[0].endswith("不能是“是否有章程”")


def test_a_target_kind_written_as_its_title_is_suggested_by_it() -> None:
    """``target = "农村社区平均拥有社区社会组织数"`` (the title `scoplan targets` shows)
    suggests ``rural-average`` with its title; a near title too."""
    for written in ("农村社区平均拥有社区社会组织数", "农村社区平均社区社会组织数"):
        zh, en = said(milestone(written, "2023-12-31"))
        assert len(zh) == 1
        assert (
            f"未知的目标类型“{written}”（是否应为“rural-average”（农村社区平均拥有社区社会组织数）？）"
            in zh[0]
        )
        assert "(did you mean 'rural-average', Organizations per rural community?)" in en[0]


def test_a_yes_or_no_says_true_or_false_with_its_space() -> None:
    plan = milestone("urban-average", "2023-12-31") + 'scope = { each = "是" }\n'
    zh, _ = said(plan)
    assert zh == ["plan.toml，里程碑“m”的“scope.each”项：应为 true 或 false，实际为文本"]


@pytest.mark.parametrize(
    ("written", "number", "comparator", "word"),
    [
        ("≥6", "6", ">=", "≥"),
        ("不少于6个", "6", ">=", "不少于"),
        ("6个以上", "6", ">=", "以上"),
        ("90%以上", "0.9", ">=", "以上"),
        ("不超过10%", "0.1", "<=", "不超过"),
        ("少于 3 个", "3", "<", "少于"),
    ],
)
def test_a_threshold_written_with_its_comparator_says_both_keys(
    written: str, number: str, comparator: str, word: str
) -> None:
    """``threshold = "≥6"``, as the document's 不少于6个 is copied into a 成都 plan, said
    only 应为数字，实际为文本: the engineer is told the number and the comparator to
    write, each under its key."""
    zh, en = said(milestone("rural-average", "2023-12-31", f'{{ threshold = "{written}" }}'))
    assert zh == [
        f"plan.toml，里程碑“m”的“params.threshold”项：应为数字，实际为文本“{written}”："
        f'目标值和比较方式分开写，threshold = {number}, comparator = "{comparator}"'
        f"（“{word}”即 {comparator}）"
    ]
    assert en == [
        f"plan.toml, milestone 'm', params.threshold: expected a number, got the text "
        f"'{written}': write the number and the comparator apart, threshold = {number}, "
        f"comparator = \"{comparator}\" ('{word}' is {comparator})"
    ]


def test_a_threshold_written_with_a_comparator_symbol_says_it_once() -> None:
    """``"＞＝6"`` (full-width, as an input method writes it) is >= and 6; >= is not said
    to be >=."""
    zh, _ = said(milestone("rural-average", "2023-12-31", '{ threshold = "＞＝6" }'))
    assert zh == [
        "plan.toml，里程碑“m”的“params.threshold”项：应为数字，实际为文本“＞＝6”："
        '目标值和比较方式分开写，threshold = 6, comparator = ">="'
    ]


def test_a_field_of_another_kind_names_the_kind_that_takes_it() -> None:
    """``category`` on ``urban-average`` (a 成都 engineer counting 志愿服务类 organizations
    per urban community) said 未知的字段 category and no more: it is community-average's
    field, and community-average of urban communities is urban-average."""
    zh, en = said(
        milestone("urban-average", "2023-12-31", '{ threshold = 12, category = ["志愿服务类"] }')
    )
    assert zh == [
        "plan.toml，里程碑“m”的“params.category”项：category 是 community-average"
        "（社区平均拥有社区社会组织数）的字段，urban-average 没有这一项：要用 category，"
        '请写 target = "community-average"，并写 community_kind = "urban"，计入的单位不变'
    ]
    assert en == [
        "plan.toml, milestone 'm', params.category: category is a field of community-average "
        "(Organizations per community), not of urban-average: to use category, write "
        'target = "community-average", with community_kind = "urban" to count the same units'
    ]


def test_a_field_of_several_other_kinds_names_each() -> None:
    """``kind`` on ``service-centres`` is a field of three kinds: each is named, and the
    threshold's own mistake is said in the same run."""
    zh, _ = said(
        milestone("service-centres", "2023-12-31", '{ kind = "cso_station", threshold = "x" }')
    )
    assert zh == [
        "plan.toml，里程碑“m”的“params.kind”项：kind 是 establishment-count"
        "（某类平台或制度的数量）、establishment-coverage（建有某类平台或制度的单位占比）、"
        "event-coverage（举办某类活动的单位占比）的字段，service-centres 没有这一项："
        "要用 kind，target 须为其中之一",
        "plan.toml，里程碑“m”的“params.threshold”项：应为数字，实际为文本",
    ]


def test_a_bare_key_in_chinese_says_toml_keys_are_ascii_and_the_key_to_write() -> None:
    """``params = { 目标值 = 8 }`` gave the TOML parser's 键的首字符无效 and no more: a
    bare key is ASCII in TOML, which is said with its line and column (line 11 of the
    plan: PLAN_HEAD's five lines, a blank one, then the milestone's), and the key to write
    where the table takes one it means, with the milestone named."""
    zh, en = said(milestone("urban-average", "2023-12-31", "{ 目标值 = 8 }"))
    assert zh == [
        "plan.toml，里程碑“m”的“params”项：TOML 无法解析：第11行第12列的键“目标值”没有加引号，"
        "而 TOML 中不加引号的键只能用英文字母、数字、_ 和 -：应写作 threshold"
    ]
    assert en == [
        "plan.toml, milestone 'm', params: not valid TOML: the key '目标值' at line 11, "
        "column 12 is not quoted, and a key without quotes may only be ASCII letters, "
        "digits, _ and -: write threshold"
    ]


def test_a_bare_key_in_chinese_that_means_no_key_lists_the_keys_of_its_table() -> None:
    """A key at the start of its line (期限, due) is told as one in a table is; one that
    means none of the table's keys lists them; and the plan's other mistakes are said in
    the same run."""
    plan = milestone("rural-average", "2023-12-31", '{ 数目 = 6, threshold = "≥6" }')
    zh, _ = said(plan.replace("due = 2023-12-31", "期限 = 2023-12-31"))
    assert zh == [
        "plan.toml，里程碑“m”：TOML 无法解析：第10行第1列的键“期限”没有加引号，"
        "而 TOML 中不加引号的键只能用英文字母、数字、_ 和 -：应写作 due",
        "plan.toml，里程碑“m”的“params”项：TOML 无法解析：第11行第12列的键“数目”没有加引号，"
        "而 TOML 中不加引号的键只能用英文字母、数字、_ 和 -："
        "这里可写的键有 threshold、comparator、registration",
        "plan.toml，里程碑“m”的“params.threshold”项：应为数字，实际为文本“≥6”："
        '目标值和比较方式分开写，threshold = 6, comparator = ">="（“≥”即 >=）',
    ]


def test_a_quoted_key_in_chinese_is_an_unknown_field_with_the_key_it_means() -> None:
    """``"目标值" = 8`` is TOML: the key is unknown, and the one it means is suggested;
    one that means none lists the fields its table takes."""
    zh, en = said(milestone("urban-average", "2023-12-31", '{ "目标值" = 8 }'))
    assert zh == ["plan.toml，里程碑“m”的“params”项：未知的字段 目标值（是否应为“threshold”？）"]
    assert en == [
        "plan.toml, milestone 'm', params: unknown field(s) 目标值 (did you mean 'threshold'?)"
    ]
    zh, _ = said(milestone("urban-average", "2023-12-31", '{ "数目" = 8 }'))
    assert zh == [
        "plan.toml，里程碑“m”的“params”项：未知的字段 数目"
        "（这里可写的字段：threshold、comparator、registration）"
    ]
