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
``unreadable`` problem. A workbook is not read past :data:`MAX_UNPACKED_BYTES` unpacked
(what a zip bomb claims) nor past :data:`MAX_ROWS` rows in a sheet (Excel's own limit).
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
MAX_UNPACKED_BYTES = 2 << 30
"""What the parts of a workbook may add up to unpacked (2 GiB): more than a full sheet of
DATA.md's widest table takes."""
NOTE_SHEETS = frozenset({"说明", "填表说明", "readme", "notes"})


def accepts(source: str) -> bool:
    path = Path(source)
    return path.suffix.lower() in SUFFIXES and path.is_file()


def _unreadable(source: str, error: BaseException, table: str | None = None) -> Problem:
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return Problem("unreadable", source, table=table, params={"reason": reason})


def _check_archive(path: Path) -> None:
    """A DataError unless ``path`` is a zip archive of a sane unpacked size."""
    try:
        with zipfile.ZipFile(path) as archive:
            # zipfile never unpacks an entry past the size it declares, so this bounds the work
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        reason = f"not an Excel workbook (.xlsx): {error}"
        raise DataError([Problem("unreadable", path.name, params={"reason": reason})]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise DataError([Problem("too_large", path.name, params={"limit": MAX_UNPACKED_BYTES})])


def _blank(cell: str | None) -> bool:
    return cell is None or not cell.strip()


def _read_sheet(
    rows: Iterable[tuple[Any, ...]], table: str, source: str
) -> tuple[RawTable, list[Problem]]:
    header: list[str | None] = []
    body: list[list[str | None]] = []
    numbers: list[int] = []
    width = 0
    for number, values in enumerate(rows, start=1):
        if number > MAX_ROWS:
            problem = Problem("too_many_rows", source, table=table, params={"limit": MAX_ROWS})
            raise DataError([problem])
        cells = [cell_text(value) for value in values]
        filled = [position for position, cell in enumerate(cells) if not _blank(cell)]
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
    _check_archive(path)
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
                    raw, found = _read_sheet(sheet.iter_rows(values_only=True), table, where)
                except DataError:
                    raise  # an oversized sheet: the workbook is refused, not read in part
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
