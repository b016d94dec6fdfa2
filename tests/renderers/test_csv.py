"""The CSV report (scoplan.renderers.csv) and the cells it shares with Excel (.cells)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import attrs
import pytest

from scoplan.renderers.cells import neutralise, safe

from .conftest import FORMULA, SCRIPT, render

ZH_HEADER = [
    "里程碑",
    "目标类型",
    "目标",
    "范围层级",
    "范围编号",
    "范围",
    "期限",
    "测量日期",
    "状态",
    "数值",
    "要求",
    "比较",
    "单位",
    "当前数值",
    "差距数量",
    "差距单位",
    "未达标单位编号",
    "未达标单位数",
    "条款",
    "解读",
    "说明",
]
EN_HEADER = [
    "milestone",
    "target kind",
    "target",
    "scope level",
    "scope id",
    "scope",
    "due",
    "measured on",
    "status",
    "value",
    "required",
    "comparator",
    "unit",
    "value now",
    "gap",
    "gap noun",
    "units short",
    "units short in all",
    "clauses",
    "reading",
    "note",
]


def rows(text: str | bytes) -> list[dict[str, str]]:
    """The CSV's rows as dicts by header, after its byte-order mark."""
    assert isinstance(text, str)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.parametrize(("lang", "header"), [("zh", ZH_HEADER), ("en", EN_HEADER)])
def test_headers_in_both_languages(example_report, lang, header):
    """The header row is in the language asked, one column per field of a result."""
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
    assert "黄山市" in data.decode("utf-8-sig")


def test_one_row_per_result(example_report):
    """83 rows, one per result of the example, in the report's order."""
    table = rows(render("csv", example_report, "en"))
    assert len(table) == 83
    assert [row["milestone"] for row in table] == [r.milestone for r in example_report.results]


def test_numbers_and_words_of_a_result(example_report):
    """The city's urban average, registered and filed organizations only: 912/76 = 12.0, 15
    required, 228 organizations short of it (15 × 76 - 912) in 47 communities, clauses 一 and
    二(一)3 (worked out with the csv module in tests/test_bundled_plans.py)."""
    row = rows(render("csv", example_report, "en"))[0]
    assert row["milestone"] == "urban-average-city-2023"
    assert row["scope level"] == "city"
    assert row["scope"] == "Huangshan"
    assert row["due"] == "2023-12-31"
    assert row["status"] == "not met"
    assert float(row["value"]) == pytest.approx(912 / 76)
    assert row["required"] == "15"
    assert row["comparator"] == ">="
    assert row["unit"] == "per community"
    assert row["gap"] == "228"
    assert row["gap noun"] == "organizations"
    assert row["units short"].split(";")[0] == "341021100002"
    assert len(row["units short"].split(";")) == 47
    assert row["units short in all"] == "47"
    assert row["clauses"] == "一;二(一)3"


def test_hostile_names_are_neutralised(hostile_report):
    """``=HYPERLINK("x")`` is quoted so a spreadsheet shows it; ``<script>`` is plain text;
    no cell starts a formula."""
    table = rows(render("csv", hostile_report, "en"))
    assert [row["scope"] for row in table] == [SCRIPT, f"'{FORMULA}", "测试市"]
    assert table[0]["reading"] == f"'{FORMULA}"
    for row in table:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not cell.startswith("-") or float(cell) < 0


def test_negative_numbers_stay_numbers(hostile_report):
    """A negative value is written as a number, not quoted like text."""
    changed = attrs.evolve(
        hostile_report,
        results=(attrs.evolve(hostile_report.results[0], value=-0.25),),
    )
    (row,) = rows(render("csv", changed, "en"))
    assert row["value"] == "-0.25"


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
