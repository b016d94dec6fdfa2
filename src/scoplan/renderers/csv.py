"""The CSV report: one row per result, for a spreadsheet.

UTF-8 with a byte-order mark, so that Excel opens Chinese correctly; headers in the report's
language; text a spreadsheet would run as a formula is neutralised (see
:mod:`scoplan.renderers.cells`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from scoplan.formats import Renderer, RenderOptions
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.renderers import cells
from scoplan.report import Report

BOM = "\ufeff"


def render(report: Report, options: RenderOptions) -> str:
    """The report's results as CSV text, starting with a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(cells.headers(cells.RESULT_COLUMNS, options))
    for row in cells.result_rows(report.results, options):
        writer.writerow(["" if cell is None else _text(cell) for cell in row])
    return BOM + buffer.getvalue()


def _text(cell: cells.Cell) -> str | float | int:
    if isinstance(cell, str | int | float):
        return cell
    return cell.isoformat() if cell is not None else ""


@hookimpl
def scoplan_register_renderers(register: Callable[[Renderer], None]) -> None:
    register(Renderer("csv", Text("CSV(每项结果一行)", "CSV (one row per result)"), "csv", render))
