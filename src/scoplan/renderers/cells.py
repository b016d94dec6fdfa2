"""A report as spreadsheet rows: what the CSV and Excel formats share.

One row per result, and one row per short unit, with headers from the catalogue. Numbers
stay numbers and dates stay dates; every string is passed through :func:`neutralise`, so a
name such as ``=HYPERLINK("x")`` is shown as text and never run as a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from scoplan.formats import RenderOptions
from scoplan.renderers import words
from scoplan.report import Report, Result

Cell = str | float | int | dt.date | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""What a spreadsheet may read as the start of a formula (OWASP's list, and the full-width
forms that some spreadsheets convert)."""

RESULT_COLUMNS = (
    "milestone",
    "target",
    "title",
    "scope_level",
    "scope_id",
    "scope_name",
    "due",
    "measured_on",
    "status",
    "value",
    "required",
    "comparator",
    "unit",
    "value_now",
    "gap_amount",
    "gap_noun",
    "units_short",
    "units_total",
    "clauses",
    "reading",
    "message",
)
"""The columns of a result row, as ``column.*`` catalogue keys."""

UNIT_COLUMNS = (
    "milestone",
    "title",
    "scope_name",
    "unit_level",
    "unit_id",
    "unit_name",
    "unit_value",
    "need",
    "reason",
)
"""The columns of a short unit's row."""


def neutralise(text: str) -> str:
    """``'=HYPERLINK("x")``: a leading quote on text a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe(cell: Cell) -> Cell:
    """The cell, neutralised if it is text; numbers (negative ones too) and dates as they are."""
    return neutralise(cell) if isinstance(cell, str) else cell


def headers(columns: tuple[str, ...], options: RenderOptions) -> list[str]:
    """The column headers in the options' language."""
    return [words.term(f"column.{column}", options) for column in columns]


def _number(value: float | None) -> float | int | None:
    """A value as a spreadsheet should hold it: whole numbers whole, floats unrounded."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def result_row(result: Result, options: RenderOptions) -> list[Cell]:
    """The cells of one result, in the order of :data:`RESULT_COLUMNS`, neutralised."""
    gap = result.gap
    row: list[Cell] = [
        result.milestone,
        result.target,
        words.title(result, options),
        words.level(result.scope.level, options),
        result.scope.id,
        words.scope_name(result, options),
        result.due,
        result.measured_on,
        words.status(result.status, options),
        _number(result.value),
        _number(result.required),
        result.comparator,
        words.term(f"unit.{result.unit}", options),
        _number(result.value_now),
        _number(gap.amount) if gap else None,
        words.noun(gap, options) if gap else None,
        ";".join(unit.id for unit in gap.units) if gap else None,
        gap.units_total if gap else None,
        ";".join(clause.ref for clause in result.clauses),
        words.reading(result, options),
        words.message(result, options) or None,
    ]
    return [safe(cell) for cell in row]


def result_rows(results: Sequence[Result], options: RenderOptions) -> list[list[Cell]]:
    """One row per result."""
    return [result_row(result, options) for result in results]


def unit_rows(report: Report, options: RenderOptions) -> Iterator[list[Cell]]:
    """One row per unit that falls short, result by result, the furthest first."""
    for result in report.results:
        if result.gap is None:
            continue
        for unit in result.gap.units:
            row: list[Cell] = [
                result.milestone,
                words.title(result, options),
                words.scope_name(result, options),
                words.level(unit.level, options),
                unit.id,
                unit.name,
                _number(unit.value),
                _number(unit.need),
                words.reason(unit.reason, options),
            ]
            yield [safe(cell) for cell in row]
