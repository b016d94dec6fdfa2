"""``xlsx``: an Excel workbook (``.xlsx``, ``.xlsm``) whose sheets are the tables of DATA.md.

Each sheet is named for a table, in English or Chinese (``organizations`` or
``社区社会组织``); its first row is the header, in English or Chinese too, and every other
row that is not blank is a row of the table. Cells become the text a CSV file would hold:
an Excel date is ``YYYY-MM-DD`` (the time of day is dropped), a whole number has no ``.0``
(an id typed as a number is still ``341002``), TRUE/FALSE is ``true``/``false``, an empty
cell is null; text is left as written, so a date typed as text (``2021/9/14``,
``2021年9月14日``) is read by the checker as a CSV file's is. Formulas count by the value
Excel last computed and saved with the file.

Sheets that are not tables are skipped: a sheet whose name starts with ``_`` (lookups,
helpers), a notes sheet (``说明``, ``填表说明``, ``README``, ``notes``), and a sheet with no
cell at all (the empty ``Sheet1`` of a new workbook). Any other sheet is an unknown table,
an error as an unknown CSV file is.

Problems name the workbook and the sheet (``registry.xlsx: organizations``), the row as Excel
numbers it (the header is row 1) and the column. A file that is not a workbook is one
``unreadable`` problem. A sheet is not read past :data:`MAX_ROWS` rows (Excel's own limit).

Before openpyxl opens a workbook, what each part of it unpacks to is read from the zip's
directory (zipfile never unpacks a part past the size declared there) and held against
:mod:`scoplan.limits`: a sheet's ``part_bytes``, the shared strings' ``strings_bytes``
(openpyxl holds them all in memory), the ``ratio`` of unpacked to packed size, and the
whole workbook's ``workbook_bytes``. A zip bomb is refused unopened, each part past a limit
named. A sheet past the ``rows`` or ``columns`` limit refuses the workbook, not read in part.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs

from scoplan._exceptions import DataError, Problem
from scoplan.formats import Loader, ProgressCallback
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.limits import RATIO_FLOOR, Limits, current, over
from scoplan.loaders._cells import cell_text, raw_table
from scoplan.loading import (
    RawTable,
    _canonical_columns,
    canonical_table,
    header_words,
    unknown_table,
)
from scoplan.schema import TABLES_BY_NAME

SUFFIXES = (".xlsx", ".xlsm")
MAX_ROWS = 1_048_576
"""Rows in one sheet, the header included: Excel's own limit."""
NOTE_SHEETS = frozenset({"说明", "填表说明", "readme", "notes"})


def accepts(source: str) -> bool:
    path = Path(source)
    return path.suffix.lower() in SUFFIXES and path.is_file()


def _unreadable(source: str, error: BaseException, table: str | None = None) -> Problem:
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return Problem("unreadable", source, table=table, params={"reason": reason})


def _check_archive(path: Path, limits: Limits) -> None:
    """A DataError unless ``path`` is a zip archive whose parts unpack within ``limits``.

    Read from the archive's directory only: zipfile never unpacks an entry past the size it
    declares there, so this bounds what opening the workbook costs.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        reason = f"not an Excel workbook (.xlsx): {error}"
        raise DataError([Problem("unreadable", path.name, params={"reason": reason})]) from None
    problems: list[Problem] = []
    for entry in entries:
        size, packed = entry.file_size, max(entry.compress_size, 1)
        if entry.filename.lower().endswith("sharedstrings.xml"):
            name, limit = "strings_bytes", limits.strings_bytes
        else:
            name, limit = "part_bytes", limits.part_bytes
        if size > limit:
            problems.append(over(name, path.name, limit, found=size, value=entry.filename))
        elif size > RATIO_FLOOR and size > limits.ratio * packed:
            found = size // packed
            problems.append(
                over("ratio", path.name, limits.ratio, found=found, value=entry.filename)
            )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.workbook_bytes:
        limit = limits.workbook_bytes
        problems.append(over("workbook_bytes", path.name, limit, found=unpacked))
    if problems:
        raise DataError(problems)


def _blank(cell: str | None) -> bool:
    return cell is None or not cell.strip()


def _read_sheet(
    rows: Iterable[tuple[Any, ...]], table: str, source: str, limits: Limits
) -> tuple[RawTable, list[Problem]]:
    header: list[str | None] = []
    body: list[list[str | None]] = []
    numbers: list[int] = []
    width = 0
    for number, values in enumerate(rows, start=1):
        if number > MAX_ROWS:
            problem = Problem("too_many_rows", source, table=table, params={"limit": MAX_ROWS})
            raise DataError([problem])
        if number - 1 > limits.rows:  # the header is no row of the table
            raise DataError([over("rows", source, limits.rows, table=table)])
        cells = [cell_text(value) for value in values]
        filled = [position for position, cell in enumerate(cells) if not _blank(cell)]
        if filled and filled[-1] + 1 > limits.columns:
            raise DataError([over("columns", source, limits.columns, table=table, row=number)])
        if number == 1:
            header = cells
        elif not filled:
            continue  # a blank row is no row; the others keep Excel's numbers
        else:
            body.append(cells)
            numbers.append(number)
        if filled:
            width = max(width, filled[-1] + 1)
    headers = [(cell or "") for cell in header[:width]]
    headers += [""] * (width - len(headers))
    names, problems = _canonical_columns(table, headers, source)
    for cells in body:
        if len(cells) < width:
            cells.extend([None] * (width - len(cells)))
    raw = raw_table(table, source, names, body, numbers)
    return attrs.evolve(raw, headers=header_words(names, headers)), problems


def _has_cells(rows: Iterable[tuple[Any, ...]]) -> bool:
    for number, values in enumerate(rows, start=1):
        if number > MAX_ROWS or any(not _blank(cell_text(value)) for value in values):
            return True
    return False


def _skipped(title: str) -> bool:
    return title.startswith("_") or title.strip().lower() in NOTE_SHEETS


def read(
    source: str, progress: ProgressCallback | None = None
) -> tuple[dict[str, RawTable], list[Problem]]:
    import openpyxl  # here, not at import: the command starts faster without it

    path = Path(source)
    limits = current()
    _check_archive(path, limits)
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    with warnings.catch_warnings():
        # openpyxl warns about what it does not keep (data validation, styles): not ours to say
        warnings.simplefilter("ignore")
        try:
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise DataError([_unreadable(path.name, error)]) from None
        try:
            for sheet in workbook.worksheets:
                where = f"{path.name}: {sheet.title}"
                table = canonical_table(sheet.title)
                # the dimensions a file declares may be wrong: read every row there is
                sheet.reset_dimensions()
                if table is None:
                    if not _skipped(sheet.title) and _has_cells(sheet.iter_rows(values_only=True)):
                        problems.append(unknown_table(sheet.title, where))
                    continue
                if table in tables:
                    other = tables[table].source
                    problems.append(
                        Problem("duplicate_table", where, table=table, params={"other": other})
                    )
                    continue
                if progress is not None:
                    progress(where)
                try:
                    raw, found = _read_sheet(
                        sheet.iter_rows(values_only=True), table, where, limits
                    )
                except DataError:
                    raise  # a sheet past a limit: the workbook is refused, not read in part
                except Exception as error:
                    found = [_unreadable(where, error, table)]
                    raw = _unread(table, where)
                tables[table] = raw
                problems.extend(found)
        finally:
            workbook.close()
    return tables, problems


def _unread(table: str, source: str) -> RawTable:
    """A table that is there but could not be read: every known column, no row."""
    names = [column.name for column in TABLES_BY_NAME[table].columns]
    return raw_table(table, source, names, [], [])


@hookimpl
def scoplan_register_loaders(register: Callable[[Loader], None]) -> None:
    register(Loader("xlsx", Text("Excel 工作簿", "Excel workbook"), accepts, read))
