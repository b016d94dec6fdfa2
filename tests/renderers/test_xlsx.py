"""The Excel report (scoplan.renderers.xlsx), read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io

import attrs
import openpyxl
import pytest

from .conftest import FORMULA, SCRIPT, render


def workbook(content: str | bytes) -> openpyxl.Workbook:
    """The rendered bytes opened as a workbook."""
    assert isinstance(content, bytes)
    return openpyxl.load_workbook(io.BytesIO(content))


@pytest.mark.parametrize(
    ("lang", "sheets", "first_header"),
    [
        ("zh", ["汇总", "全市", "各区县", "区县组", "未达标单位"], "里程碑"),
        ("en", ["Summary", "City", "Districts", "District groups", "Shortfall"], "milestone"),
    ],
)
def test_sheets_in_both_languages(example_report, lang, sheets, first_header):
    """A summary, a sheet per scope level of the example (city, district, group), and the
    shortfall, named in the language asked, with headers in it too."""
    book = workbook(render("xlsx", example_report, lang))
    assert book.sheetnames == sheets
    for name in sheets[1:]:
        assert book[name]["A1"].value == first_header


def test_one_row_per_result_by_level(example_report):
    """The example's 83 results: 18 for the city, 60 for districts (seven kinds of seven
    districts, 4 + 3 + 3 federation and pilot districts, Tunxi's urban average), 5 for groups."""
    book = workbook(render("xlsx", example_report, "en"))
    assert book["City"].max_row - 1 == 18
    assert book["Districts"].max_row - 1 == 60
    assert book["District groups"].max_row - 1 == 5


def test_summary_counts(example_report):
    """The summary sheet counts 45 met, 6 met late, 24 not met, 8 indicators, 83 in all."""
    sheet = workbook(render("xlsx", example_report, "en"))["Summary"]
    counts = {row[0]: row[1] for row in sheet.iter_rows(min_row=7, values_only=True)}
    assert counts["met"] == 45
    assert counts["met late"] == 6
    assert counts["not met"] == 24
    assert counts["indicator"] == 8
    assert counts["pending"] == 0
    assert counts["Total"] == 83


def test_numbers_are_numbers_and_dates_are_dates(example_report):
    """The city's urban average is the number 912/76 (two decimals shown), its due date a
    date; a share is shown as a percentage."""
    book = workbook(render("xlsx", example_report, "en"))
    sheet = book["City"]
    header = [cell.value for cell in sheet[1]]
    row = sheet[2]
    value = row[header.index("value")]
    assert value.value == pytest.approx(912 / 76)
    assert value.number_format == "0.00"
    due = row[header.index("due")]
    assert due.value == dt.datetime(2023, 12, 31)
    assert due.is_date
    shares = [
        r[header.index("value")]
        for r in sheet.iter_rows(min_row=2)
        if r[0].value == "registration-city"
    ]
    assert shares[0].number_format == "0.0%"


def test_frozen_header_and_widths(example_report):
    """Each table sheet keeps its header row in view and sizes its columns to their text."""
    book = workbook(render("xlsx", example_report))
    for name in ("全市", "各区县", "区县组", "未达标单位"):
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width > 8


def test_shortfall_sheet(example_report):
    """One row per short unit: the first is 白亭社区 with 5 organizations, 10 short."""
    sheet = workbook(render("xlsx", example_report))["未达标单位"]
    total = sum(len(r.gap.units) for r in example_report.results if r.gap)
    assert sheet.max_row - 1 == total
    assert [c.value for c in sheet[2]] == [
        "urban-average-city-2023",
        "城市社区平均拥有社区社会组织数",
        "黄山市",
        "社区",
        "341021100002",
        "白亭社区",
        5,
        10,
        None,
    ]


def test_hostile_names_are_text_never_formulas(hostile_report):
    """No cell of any sheet is a formula; ``=HYPERLINK("x")`` is quoted text and
    ``<script>`` plain text, in the result rows and the shortfall alike."""
    book = workbook(render("xlsx", hostile_report, "en"))
    values = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
    assert values.count(f"'{FORMULA}") >= 4  # district, reading ×2, community, organization
    assert values.count(SCRIPT) >= 3  # district, community, organization
    shortfall = book["Shortfall"]
    names = [row[5] for row in shortfall.iter_rows(min_row=2, values_only=True)]
    assert names == [SCRIPT, f"'{FORMULA}", SCRIPT, f"'{FORMULA}"]


def test_negative_numbers_stay_numbers(hostile_report):
    """A negative value is a number cell, not quoted text."""
    changed = attrs.evolve(
        hostile_report, results=(attrs.evolve(hostile_report.results[0], value=-0.25),)
    )
    sheet = workbook(render("xlsx", changed, "en"))["Districts"]
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(2, header.index("value") + 1)
    assert cell.value == -0.25
    assert cell.data_type == "n"
