"""The CSV report: one row per result, for a spreadsheet.

UTF-8 with a byte-order mark, so that Excel opens Chinese correctly; headers in the report's
language; values rounded to their units as the other reports show them; codes of digits
kept as text; text a spreadsheet would run as a formula is neutralised (see
:mod:`scoplan.renderers.cells`); the comparator in words (不少于, 不低于 / at least).

One table, one row per result, every row with the same columns: what has rows of another
shape is left to the formats that have room for it. A mean's breakdown by district and
township (分区县、乡镇（街道）情况) is the workbook's sheet 分区县乡镇情况 and the JSON
report's ``breakdown``; the units short, one per row, are the workbook's sheet 未达标单位
(the CSV gives their codes in 目前未达标单位编号: on the evaluation date, as
目前差距数量).

A run of chosen districts (``--district``) lists, as the other reports for people do, the
milestones of the whole city (or of a group) that give the chosen districts' own figures:
under 实际 each one's figure in words (``祁门县13.7个/社区（不评判）``), under 差距数量 and
目前差距数量 what they lack on their own (9 organizations), their units short as any
result's, and under 说明 why it is not judged and how far each is from the requirement, for
reference (按全市目标（不少于15个）计，祁门县尚差1.3个/社区…). The milestones those reports set
aside as not judged (of other districts, of the city level's own) are no rows of it: the
workbook lists them on its sheet 未评判的目标, the JSON report keeps them whole.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from scoplan.formats import Renderer, RenderOptions
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.renderers import cells, words
from scoplan.report import Report

BOM = "\ufeff"


def render(report: Report, options: RenderOptions) -> str:
    """The report's results as CSV text, starting with a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(cells.headers(cells.RESULT_COLUMNS, options))
    shown, _, _ = words.for_people(report, options)
    for row in cells.result_rows(shown.results, options, rounded=True):
        writer.writerow(["" if cell is None else _text(cell) for cell in row])
    return BOM + buffer.getvalue()


def _text(cell: cells.Cell) -> str | float | int:
    """A cell as CSV text. A code of digits is written ``="341004100002"``, which Excel
    opens as that text: written bare, it would become a number shown as ``3.41004E+11``
    and lose any leading zero. (Only digits are wrapped: nothing from the data can make
    this a formula.)"""
    if isinstance(cell, str):
        return f'="{cell}"' if cells.CODE.match(cell) else cell
    if isinstance(cell, int | float):
        return cell
    return cell.isoformat() if cell is not None else ""


@hookimpl
def scoplan_register_renderers(register: Callable[[Renderer], None]) -> None:
    register(
        Renderer("csv", Text("CSV（每项结果一行）", "CSV (one row per result)"), "csv", render)
    )
