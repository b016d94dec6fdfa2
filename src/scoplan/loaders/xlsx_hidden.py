"""Rows of a sheet that Excel hides, read and counted like the others, said once a sheet.

A clerk hides rows to leave them out of a register's view (last year's organizations, a
dissolved one), or leaves a filter on (自动筛选) that hides them; the file keeps every row,
each hidden one marked so in its tag (``<row r="7" hidden="1">``; a filter's range after
the rows, ``<autoFilter ref="A1:M200"/>``), which the workbook loader's pass over the XML
collects (:mod:`scoplan.loaders.xlsx_workbook`). Calamine and openpyxl read such rows as
they read any other, and so every count takes them in: a clerk who hid them to leave them
out would not know they count. One warning for each sheet with hidden rows among its
table's rows (not the header, nor a blank row, a total or a note below the table, which
count for nothing anyway)
says how many and which, that they were read and counted, and to delete rather than hide
a row that should not count; where the sheet has a filter, that the filter hides them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

from scoplan._exceptions import WARNING, Problem
from scoplan.loaders.contract import ROW, RawTable
from scoplan.spreadsheet_slips import without_total_rows

ROWS_NAMED = 5
"""How many hidden rows the warning names before it only counts the rest."""

_NUMBER = re.compile(r"\sr\s*=\s*[\"']([0-9]{1,7})[\"']")
"""A ``<row>`` tag's number: ``r="7"``."""


def hidden_rows(tags: Iterable[str]) -> list[int]:
    """The numbers of the rows whose tags (``<row r="7" hidden="1" …>``) are ``tags``; a tag
    that names none (a row placed by counting, as no program writes a hidden one) is left
    out."""
    return [int(found.group(1)) for tag in tags if (found := _NUMBER.search(tag))]


def hidden_said(
    raw: RawTable, hidden: Iterable[int], filtered: bool, table: str, source: str
) -> list[Problem]:
    """The warning that the rows of ``raw`` (a sheet's table, each numbered in ``ROW`` as
    Excel numbers it) among ``hidden`` were read and counted; none if no row of the table
    is hidden. ``filtered``: the sheet has a filter (``<autoFilter>``), said to hide them."""
    numbers = sorted(set(hidden))
    if not numbers or raw.frame.height == 0:
        return []
    kept = raw.frame.get_column(ROW).is_in(pl.Series(numbers, dtype=pl.Int64).implode())
    rows = raw.frame.get_column(ROW).filter(kept).sort()
    if not rows.is_empty():
        # a total or a note below the table, left out with a warning of its own, counts not
        totals = {p.row for p in without_total_rows(raw)[1]}
        rows = rows.filter(~rows.is_in(pl.Series(sorted(totals), dtype=rows.dtype).implode()))
    if rows.is_empty():
        return []
    count = rows.len()
    named = [str(row) for row in rows.head(ROWS_NAMED).to_list()]
    more = count > ROWS_NAMED
    params = {
        "count": count,
        "rows": ("row " if count == 1 else "rows ") + ", ".join(named) + (" …" if more else ""),
        "rows_zh": f"第{'、'.join(named)}行" + ("等" if more else ""),
    }
    code = "filtered_rows" if filtered else "hidden_rows"
    return [Problem(code, source, table=table, params=params, severity=WARNING)]
