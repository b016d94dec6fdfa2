"""The Excel report: a summary sheet, one sheet per scope level, and the short units.

Numbers are numbers (shares formatted as percentages), dates are dates, headers come from
the catalogue and stay in view (a frozen first row). Every string is neutralised and
written as text, never as a formula (see :mod:`scoplan.renderers.cells`).
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from scoplan.formats import Renderer, RenderOptions
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.renderers import cells, words
from scoplan.renderers.text import STATUS_COLOURS
from scoplan.report import Report, Result, Status

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

LEVELS = ("city", "district", "group", "districts")
"""The scope levels, one sheet each (when the report has results at that level), in order."""

NUMBER_FORMATS = {"share": "0.0%", "per_community": "0.00", "count": "0"}
DATE_FORMAT = "yyyy-mm-dd"
MAX_WIDTH = 60
_BAD_SHEET_CHARACTERS = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def render(report: Report, options: RenderOptions) -> bytes:
    """The report as an .xlsx workbook."""
    from openpyxl import Workbook

    def t(key: str, **values: object) -> str:
        return words.term(key, options, **values)

    book = Workbook()
    summary = book.active
    assert summary is not None  # a new workbook has one sheet
    summary.title = _sheet_name(t("sheet.summary"), set())
    _write_summary(summary, report, options)
    used = {summary.title}
    for level in LEVELS:
        results = [r for r in report.results if r.scope.level == level]
        if not results:
            continue
        sheet = book.create_sheet(_sheet_name(t(f"sheet.{level}"), used))
        used.add(sheet.title)
        _write_results(sheet, results, options)
    shortfall = book.create_sheet(_sheet_name(t("sheet.shortfall"), used))
    _write_table(
        shortfall,
        cells.headers(cells.UNIT_COLUMNS, options),
        list(cells.unit_rows(report, options)),
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    """A valid sheet name (31 characters, none of ``[]:*?/\\``) not used yet."""
    base = name.translate(_BAD_SHEET_CHARACTERS)[:31] or "sheet"
    candidate, n = base, 2
    while candidate in used:
        suffix = f" {n}"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    return candidate


def _write_summary(sheet: Worksheet, report: Report, options: RenderOptions) -> None:
    from openpyxl.styles import Font

    def t(key: str, **values: object) -> str:
        return words.term(key, options, **values)

    plan = f"{words.plan_title(report, options)} ({report.plan_id} {report.plan_version})"
    rows: list[list[cells.Cell]] = [
        [t("report.title")],
        [t("report.plan"), plan],
        [t("report.as_of"), report.as_of],
        [t("report.input"), report.fingerprint],
        [],
        [t("column.status"), t("column.count")],
    ]
    counts = report.counts()
    rows.extend([words.status(Status(code), options), n] for code, n in counts.items())
    rows.append([t("report.total"), sum(counts.values())])
    for values in rows:
        sheet.append([None] * len(values))
        for column, value in enumerate(values, start=1):
            _put(sheet, sheet.max_row, column, value)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[6]:
        cell.font = Font(bold=True)
    for offset, code in enumerate(counts):
        sheet.cell(7 + offset, 1).font = Font(color=_argb(STATUS_COLOURS[Status(code)]))
    sheet.cell(7 + len(counts), 1).font = Font(bold=True)
    _fit_columns(sheet, rows[1:])


def _write_results(sheet: Worksheet, results: Sequence[Result], options: RenderOptions) -> None:
    from openpyxl.styles import Font

    rows = cells.result_rows(results, options)
    _write_table(sheet, cells.headers(cells.RESULT_COLUMNS, options), rows)
    columns = {name: index for index, name in enumerate(cells.RESULT_COLUMNS, start=1)}
    for row_number, result in enumerate(results, start=2):
        number_format = NUMBER_FORMATS.get(result.unit, "General")
        for name in ("value", "required", "value_now"):
            sheet.cell(row_number, columns[name]).number_format = number_format
        status = sheet.cell(row_number, columns["status"])
        status.font = Font(color=_argb(STATUS_COLOURS[result.status]), bold=True)


def _write_table(sheet: Worksheet, header: list[str], rows: Iterable[list[cells.Cell]]) -> None:
    """A header row (bold, frozen, filterable), then the rows."""
    from openpyxl.styles import Font

    table = list(rows)
    for column, name in enumerate(header, start=1):
        _put(sheet, 1, column, name).font = Font(bold=True)
    for row_number, values in enumerate(table, start=2):
        for column, value in enumerate(values, start=1):
            _put(sheet, row_number, column, value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _fit_columns(sheet, [list(header), *table])


def _put(sheet: Worksheet, row: int, column: int, value: cells.Cell) -> Cell | MergedCell:
    """Write one cell: text neutralised and typed as text, dates formatted as dates."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        cell.value = cells.neutralise(value)
        cell.data_type = "s"  # never a formula, whatever the text
    else:
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
    return cell


def _fit_columns(sheet: Worksheet, rows: Iterable[Sequence[cells.Cell]]) -> None:
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for values in rows:
        for column, value in enumerate(values, start=1):
            widths[column] = max(widths.get(column, 0), _display_width(value))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, width + 2)


def _display_width(value: cells.Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    text = value if isinstance(value, str) else f"{value:.4g}"
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _argb(colour: str) -> str:
    return "FF" + colour.lstrip("#").upper()


@hookimpl
def scoplan_register_renderers(register: Callable[[Renderer], None]) -> None:
    register(
        Renderer(
            "xlsx",
            Text("Excel 工作簿(每个层级一个工作表)", "Excel workbook (a sheet per level)"),
            "xlsx",
            render,
            binary=True,
        )
    )
