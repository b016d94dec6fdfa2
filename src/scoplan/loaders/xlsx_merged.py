"""Cells a bureau merged in a sheet's data rows, read as the merged range's first cell.

A register kept in Excel often merges a cell down a column over the rows of one unit
(所属区县, 所属乡镇街道, 所属社区 over all the organizations of a community; 类别 over a run
of rows). In the file only the range's first (top-left) cell holds the value, the others
are empty, and the sheet's XML lists the range after its rows (``<mergeCell
ref="B3:B40"/>``), which the workbook loader's pass over the XML collects
(:mod:`scoplan.loaders.xlsx_workbook`): read as they are, each of those cells would be a
required value missing.

Below the header (a title merged across the table, a header merged over two rows, are the
header's business: :mod:`scoplan.loaders._tables`), each cell of a range merged down one
column takes the value of its first cell, and a warning says so once per column, naming
the rows and how many cells were filled. Rows the table does not keep are not filled: a
blank row (it stays no row), a total or a note below the table (合计, 填表人：…, left out
as they always were). A range whose first cell is blank fills nothing: its cells are empty,
as they are. A range merged across columns is an error naming its cells (``C5:E5``):
which column does its value belong to? Unmerged, the value goes where it belongs; a range
whose other columns are past the table's last one is read as merged down its first.

The same for calamine's frame and openpyxl's rows: both are text by then, a column a row,
and the filling is a few vectorised polars operations per merged column, never a cell at
a time.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import polars as pl

from scoplan._exceptions import WARNING, Problem
from scoplan.loaders._cells import FILLED, column_letters, column_number
from scoplan.loaders._tables import written_header
from scoplan.loaders.contract import ROW, RawTable
from scoplan.spreadsheet_slips import without_total_rows

MAX_ACROSS_PROBLEMS = 200
"""Ranges merged across columns listed for one sheet; the rest are counted."""

_REFERENCE = re.compile(
    r"\sref\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?[\"']"
)
"""A ``<mergeCell>`` tag's range: ``ref="B3:B40"``."""


class Merge(NamedTuple):
    """A merged range of a sheet: its first and last row and column, each from 1 (a tuple:
    a sheet's thousands of ranges are sorted as tuples are, not by Python's comparisons)."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    @property
    def cells(self) -> str:
        """The range as Excel writes it: ``C5:E5``."""
        first = f"{column_letters(self.first_column)}{self.first_row}"
        return f"{first}:{column_letters(self.last_column)}{self.last_row}"


def merges(tags: Iterable[str]) -> tuple[Merge, ...]:
    """The ranges ``<mergeCell …>`` tags name, in the sheet's order (by first row, then
    column); a range of one cell, or a tag that names none, is left out."""
    found = set()
    for tag in tags:
        place = _REFERENCE.search(tag)
        if place is None:
            continue
        left, top, right, bottom = place.groups()
        rows = (int(top), int(bottom or top))
        columns = (column_number(left), column_number(right or left))
        merge = Merge(min(rows), min(columns), max(rows), max(columns))
        if (merge.first_row, merge.first_column) != (merge.last_row, merge.last_column):
            found.add(merge)
    return tuple(sorted(found))


def _filled(cell: pl.Expr) -> pl.Expr:
    """Whether a cell is not blank (not empty, not spaces only)."""
    return cell.str.contains(FILLED).fill_null(False)


def filled_down(
    rows: pl.DataFrame,
    columns: Sequence[str | None],
    names: Sequence[str],
    headers: Sequence[str],
    merged: Sequence[Merge],
    header_end: int,
    table: str,
    source: str,
) -> tuple[pl.DataFrame, list[Problem]]:
    """``rows`` (a sheet's data rows as text, each numbered in ``ROW`` as Excel numbers it)
    with the cells of each range of ``merged`` below ``header_end`` (the header's last row)
    merged down one column filled with its first cell's value; a warning for each column
    filled, an error for each range merged across columns.

    ``columns``: the column of ``rows`` holding each of the sheet's columns, from column A
    (None for a column left of the table's first); ``names``, ``headers``: each one's
    column name and header as written."""
    width = len(columns)
    below = [m for m in merged if m.first_row > header_end and m.first_column <= width]
    if not below or rows.height == 0:
        return rows, []
    # a total row or a note below the table is left out as it is, merged or not
    canonical = [pl.col(c).alias(n) for c, n in zip(columns, names, strict=True) if c]
    totals = without_total_rows(RawTable(table, source, rows.select(ROW, *canonical)))[1]
    skipped = sorted({p.row for p in totals if p.row is not None})
    gone = set(skipped)
    numbers = rows.get_column(ROW)
    by_column: dict[int, list[Merge]] = {}
    for merge in below:
        by_column.setdefault(merge.first_column, []).append(merge)
    warnings: list[Problem] = []
    across: list[Merge] = []
    for place in sorted(by_column):
        column = columns[place - 1]
        if column is None:
            continue  # left of the table's first column: no cell there is filled
        ranges = [m for m in by_column[place] if m.first_row not in gone]
        values = _first_values(rows, column, ranges)
        down = []
        for merge, value in zip(ranges, values, strict=True):
            if value is None:
                continue  # a blank first cell: its range stays empty, as it is
            if min(merge.last_column, width) > place:
                across.append(merge)
            elif merge.last_row > merge.first_row and headers[place - 1].strip():
                down.append((merge, value))
        if down:
            rows, count = _fill(rows, column, down, numbers, skipped)
            if count:
                warnings.append(
                    _said(down, count, names[place - 1], headers[place - 1], table, source)
                )
    return rows, [*warnings, *_across(across, numbers, skipped, table, source)]


def _first_values(rows: pl.DataFrame, column: str, ranges: Sequence[Merge]) -> list[str | None]:
    """The value of each range's first cell in ``column`` of ``rows``; None where it is
    blank or its row is no row (a blank one)."""
    if not ranges:
        return []
    starts = pl.DataFrame({"start": [m.first_row for m in ranges]}, schema={"start": pl.Int64})
    cells = rows.select(pl.col(ROW).alias("start"), pl.col(column).alias("value"))
    found = starts.join(cells, on="start", how="left", maintain_order="left")
    value = pl.col("value")
    return found.select(pl.when(_filled(value)).then(value)).to_series().to_list()


def _fill(
    rows: pl.DataFrame,
    column: str,
    down: Sequence[tuple[Merge, str]],
    numbers: pl.Series,
    skipped: Sequence[int],
) -> tuple[pl.DataFrame, int]:
    """``rows`` with the cells of ``column`` in each range of ``down`` below its first set
    to its value (given beside it), but in the rows ``skipped``; and how many were set.
    Each row is placed in the last range starting at or above it (ranges do not overlap)."""
    ranges = pl.DataFrame(
        {
            "start": [m.first_row for m, _ in down],
            "end": [m.last_row for m, _ in down],
            "value": [value for _, value in down],
        },
        schema={"start": pl.Int64, "end": pl.Int64, "value": pl.String},
    )
    ranges = ranges.sort("start").unique("start", keep="first", maintain_order=True)
    starts = ranges.get_column("start")
    position = starts.search_sorted(numbers, side="right").cast(pl.Int64) - 1
    at = position.clip(0)
    start, end = starts.gather(at), ranges.get_column("end").gather(at)
    take = (position >= 0) & (numbers > start) & (numbers <= end)
    if skipped:
        take = take & ~numbers.is_in(pl.Series(skipped, dtype=numbers.dtype).implode())
    count = int(take.sum())
    if not count:
        return rows, 0
    value = ranges.get_column("value").gather(at)
    return rows.with_columns(
        pl.when(take).then(value).otherwise(pl.col(column)).alias(column)
    ), count


def _said(
    down: Sequence[tuple[Merge, str]], count: int, name: str, header: str, table: str, source: str
) -> Problem:
    """The warning that a column's merged cells were filled: the rows of its first range,
    whether there are more, and how many cells were filled in all."""
    first = down[0][0]
    more = len(down) > 1
    params = {
        "header": written_header(header) or name,
        "first_row": first.first_row,
        "last_row": first.last_row,
        "ranges": len(down),
        "count": count,
        "more": " and others" if more else "",
        "more_zh": "等" if more else "",
    }
    code = "merged_cells_filled"
    return Problem(code, source, table=table, column=name, params=params, severity=WARNING)


def _across(
    across: Sequence[Merge],
    numbers: pl.Series,
    skipped: Sequence[int],
    table: str,
    source: str,
) -> list[Problem]:
    """An error for each range merged across columns over a row of the table (not only
    blank rows, totals or notes): its value could be any of its columns'."""
    if not across:
        return []
    gone = set(skipped)
    kept = sorted(n for n in numbers.to_list() if n not in gone)
    found = []
    for merge in sorted(across):
        at = bisect.bisect_left(kept, merge.first_row)
        if at < len(kept) and kept[at] <= merge.last_row:
            found.append(merge)
    problems = [
        Problem(
            "merged_across_columns",
            source,
            table=table,
            row=merge.first_row,
            params={"cells": merge.cells},
        )
        for merge in found[:MAX_ACROSS_PROBLEMS]
    ]
    if len(found) > MAX_ACROSS_PROBLEMS:
        rest = len(found) - MAX_ACROSS_PROBLEMS
        problems.append(Problem("more", source, table=table, params={"count": rest}))
    return problems
