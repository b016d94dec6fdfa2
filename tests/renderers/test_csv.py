"""The CSV report (scoplan.renderers.csv) and the cells it shares with Excel (.cells)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import attrs
import pytest

import scoplan.renderers.csv
from scoplan.renderers.cells import neutralise, safe

from .conftest import FORMULA, SCRIPT, render

ZH_HEADER = [
    "目标任务",
    "范围",
    "目标类型",
    "完成时限",
    "状态",
    "实际",
    "目标",
    "比较",
    "单位",
    "测量日期",
    "目前实际",
    "差距数量",
    "目前差距数量",
    "差距单位",
    "目前未达标单位数",
    "目前未达标单位编号",
    "条款",
    "口径说明",
    "说明",
    "范围层级",
    "范围代码（供程序使用）",
    "目标类型代码（供程序使用）",
    "目标任务代码（供程序使用）",
]
EN_HEADER = [
    "target",
    "scope",
    "target kind",
    "deadline",
    "status",
    "actual",
    "required",
    "comparator",
    "unit",
    "measured on",
    "actual now",
    "gap",
    "gap now",
    "gap noun",
    "units short now in all",
    "units short now",
    "clauses",
    "reading",
    "note",
    "scope level",
    "scope code (for programs)",
    "target kind code (for programs)",
    "target code (for programs)",
]
EN_ID, ZH_ID = EN_HEADER[-1], ZH_HEADER[-1]
"""The milestone's code column, for a program (``urban-average-city-2023``)."""
CODE_CELL = re.compile(r'^="[0-9]+"$')
"""A code of digits as the CSV writes it, so that Excel keeps it as text."""


def rows(text: str | bytes) -> list[dict[str, str]]:
    """The CSV's rows as dicts by header, after its byte-order mark."""
    assert isinstance(text, str)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.parametrize(("lang", "header"), [("zh", ZH_HEADER), ("en", EN_HEADER)])
def test_headers_in_both_languages(example_report, lang, header):
    """The header row is in the language asked: the milestone's title first, its id last."""
    text = render("csv", example_report, lang)
    assert isinstance(text, str)
    first = next(csv.reader(io.StringIO(text[1:])))
    assert first == header


def test_utf8_with_bom_for_excel(example_report):
    """Written by the CLI's rule (UTF-8), the file starts with the BOM Excel looks for."""
    text = render("csv", example_report)
    assert isinstance(text, str)
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    assert "全市城市社区平均社区社会组织数（2023年）" in data.decode("utf-8-sig")


def test_one_row_per_result(example_report):
    """83 rows, one per result of the example, in the report's order."""
    table = rows(render("csv", example_report, "en"))
    assert len(table) == 83
    assert [row[EN_ID] for row in table] == [r.milestone for r in example_report.results]


def test_numbers_and_words_of_a_result(example_report):
    """The city's urban average, registered and filed organizations only: 1207/93 = 12.98,
    shown 13.0, 15 required, 188 organizations short of it (15 × 93 - 1207) in 59 communities,
    clauses 一 and 二(一)3 (worked out with the csv module in tests/test_bundled_plans.py)."""
    row = rows(render("csv", example_report, "en"))[0]
    assert row[EN_ID] == "urban-average-city-2023"
    assert row["target"] == "Mean organizations per urban community, the whole city (2023)"
    assert row["scope level"] == "the whole city"
    assert row["scope"] == "the whole city"
    assert row["scope code (for programs)"] == ""
    assert row["deadline"] == "2023-12-31"
    assert row["status"] == "not met"
    assert row["actual"] == "13.0"
    assert row["required"] == "15"
    assert row["comparator"] == "at least"
    assert row["unit"] == "per community"
    # evaluated on its due date: one measurement, the gap on that date
    assert (row["gap"], row["gap now"], row["actual now"]) == ("188", "", "")
    assert row["gap noun"] == "organizations"
    # the furthest short first: 开发区社区居委会 of 歙县徽城镇, 6 organizations (东湖社区居委会
    # of 休宁县海阳镇 has 6 too, and follows by its code)
    assert row["units short now"].split(";")[:2] == ["341021100017", "341022100006"]
    assert len(row["units short now"].split(";")) == 59
    assert row["units short now in all"] == "59"
    assert row["clauses"] == "一; 二(一)3"


@pytest.mark.parametrize(
    ("lang", "count", "share"), [("zh", "不少于", "不低于"), ("en", "at least", "at least")]
)
def test_the_comparison_is_in_words_as_the_other_reports_say_it(example_report, lang, count, share):
    """The comparator column says what the text report's requirement says before its number
    (不少于15个, 不低于100%), never ``>=``; an indicator has none."""
    table = {
        row[-1]: row for row in csv.reader(io.StringIO(render("csv", example_report, lang)[1:]))
    }
    header = table[EN_HEADER[-1] if lang == "en" else ZH_HEADER[-1]]
    column = header.index(EN_HEADER[7] if lang == "en" else ZH_HEADER[7])
    assert table["urban-average-city-2023"][column] == count
    assert table["township-federation-coverage-2023"][column] == share
    assert table["priority-fields-city"][column] == ""
    text = render("text", example_report, lang).replace(" ", "")
    assert count.replace(" ", "") + "15" in text
    assert share.replace(" ", "") + "100%" in text


def test_the_clauses_of_a_result_are_listed_as_the_language_lists(example_report):
    """In Chinese the clauses are 一；二（一）3, as the document writes them, full-width."""
    table = {row[ZH_ID]: row for row in rows(render("csv", example_report, "zh"))}
    assert table["urban-average-city-2023"]["条款"] == "一；二（一）3"


def test_a_breakdown_is_left_to_the_workbook_and_json_and_the_docs_say_so(example_report):
    """The example's means carry a breakdown by district and township, yet the CSV stays one
    table, one row of the same columns per result; its docstring and the README's row for it
    say where the breakdown is (the workbook's 分区县乡镇情况, the JSON's ``breakdown``)."""
    assert sum(1 for result in example_report.results if result.breakdown) >= 2
    table = list(csv.reader(io.StringIO(render("csv", example_report)[1:])))
    assert len(table) == 1 + len(example_report.results)
    assert {len(row) for row in table} == {len(ZH_HEADER)}
    doc = scoplan.renderers.csv.__doc__ or ""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    (row,) = [line for line in readme.splitlines() if line.startswith("| `csv` |")]
    for said in (doc, row):
        assert "分区县乡镇情况" in said
        assert "breakdown" in said


def test_values_are_rounded_to_their_units(example_report):
    """Counts whole, means to one decimal, shares to 0.1% — as the other reports show them."""
    table = {row[EN_ID]: row for row in rows(render("csv", example_report, "en"))}
    # 80 of 109 townships: 73.39…%
    assert table["township-federation-coverage-2023"]["actual"] == "73.4%"
    assert table["township-federation-coverage-2023"]["required"] == "100%"
    # 3047 registered or filed / 671 = 4.5409…
    assert table["rural-average-city-2023"]["actual"] == "4.5"
    assert table["brand-organizations-city-2023"]["actual"] == "8"


def test_codes_of_digits_stay_text_in_excel(example_report):
    """A district's code is written ``="341002"``, which Excel opens as the text 341002; a
    single short unit's 9-digit code the same way."""
    table = rows(render("csv", example_report, "en"))
    tunxi = next(row for row in table if row[EN_ID] == "urban-average-tunxi-2022")
    assert tunxi["scope code (for programs)"] == '="341002"'
    township = next(r for r in table if r[EN_ID] == "township-federation-coverage-2022")
    assert township["units short now"] == '="341003103"'  # 谭家桥镇


def test_hostile_names_are_neutralised(hostile_report):
    """``=HYPERLINK("x")`` is quoted so a spreadsheet shows it; ``<script>`` is plain text;
    no cell starts a formula but a code of digits written as text (``="341002"``)."""
    table = rows(render("csv", hostile_report, "en"))
    assert [row["scope"] for row in table] == [SCRIPT, f"'{FORMULA}", "the whole city"]
    assert table[0]["reading"] == f"'{FORMULA}"
    for row in table:
        for cell in row.values():
            if CODE_CELL.match(cell):
                continue
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not cell.startswith("-") or float(cell) < 0


def test_negative_numbers_stay_numbers(hostile_report):
    """A negative value is written as a number, not quoted like text."""
    changed = attrs.evolve(
        hostile_report,
        results=(attrs.evolve(hostile_report.results[0], value=-1.5),),
    )
    (row,) = rows(render("csv", changed, "en"))
    assert row["actual"] == "-1.5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＝1", "'＝1"),
        ("a=b", "a=b"),
        ("黄山市", "黄山市"),
        ("", ""),
    ],
)
def test_neutralise(text, expected):
    """Text a spreadsheet would run as a formula gets a leading quote; other text does not."""
    assert neutralise(text) == expected


def test_safe_leaves_numbers_and_dates():
    """Numbers, negative ones included, dates and empty cells are not touched."""
    assert safe(-3.5) == -3.5
    assert safe(-2) == -2
    assert safe(dt.date(2023, 12, 31)) == dt.date(2023, 12, 31)
    assert safe(None) is None
    assert safe("-3.5") == "'-3.5"


def test_a_counts_unit_is_the_word_its_values_are_said_in(example_report):
    """The 单位 column says 次 for trainings and selections, 家 for brand organizations, as
    their values do (1次, 9家), and 个 for brand projects; it said 个 for them all."""
    table = rows(render("csv", example_report, "zh"))
    units = {row[ZH_ID].rsplit("-", 1)[0]: row["单位"] for row in table}
    assert units["trainings-city"] == "次"
    assert units["brand-selection"] == "次"
    assert units["brand-organizations-city"] == "家"
    assert units["brand-projects-city"] == "个"


@pytest.mark.parametrize(
    ("lang", "scope", "kind"),
    [
        ("zh", "中心城区", "乡镇（街道）级公益创投活动覆盖率"),
        ("en", "central urban area", "Township social-venture (gongyi chuangtou) coverage"),
    ],
)
def test_a_group_and_a_kind_are_named_their_codes_last(example_report, lang, scope, kind):
    """中心城区's 2023 township social-venture coverage: its scope and what it measures in
    words; the group's key ``central`` and the kind's ``gongyi-township-coverage`` only in
    the last columns, headed for programs."""
    header = EN_HEADER if lang == "en" else ZH_HEADER
    (row,) = [
        row
        for row in rows(render("csv", example_report, lang))
        if row[header[-1]] == "gongyi-township-coverage-central-2023"
    ]
    assert (row[header[1]], row[header[2]]) == (scope, kind)
    assert (row[header[-3]], row[header[-2]]) == ("central", "gongyi-township-coverage")
