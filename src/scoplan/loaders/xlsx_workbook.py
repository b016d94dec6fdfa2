"""``xlsx``: an Excel workbook (``.xlsx``, ``.xlsm``) whose sheets are the tables of DATA.md.

Each sheet is named for a table, in English or Chinese (``organizations`` or
``社区社会组织``); its first row is the header, in English or Chinese too, and every other
row that is not blank is a row of the table. Cells become the text a CSV file would hold:
an Excel date is ``YYYY-MM-DD`` (the time of day is dropped), a whole number has no ``.0``
(an id typed as a number is still ``341002``), TRUE/FALSE is ``true``/``false``, an empty
cell is null; text is left as written, so a date typed as text (``2021/9/14``,
``2021年9月14日``) is read by the checker as a CSV file's is. Formulas count by the value
Excel last computed and saved with the file; a formula saved without one (as programs
other than Excel write them) is a problem, ``formula_without_value``, not an empty cell,
but in a row skipped with a warning (a title row above the header, a 合计 row). A number
typed into a cell formatted as a date that is past Excel's last day (20210305, which Excel
shows as ``####``, and openpyxl gives as ``#VALUE!``, a formula's error) is the number, said
to be one (``number_in_date_cell``): not the day it may mean, as the text 20210305 is not.

Sheets that are not tables are skipped: a sheet whose name starts with ``_`` (lookups,
helpers), a notes sheet (``说明``, ``填表说明``, ``README``, ``notes``), and a sheet with no
cell at all (the empty ``Sheet1`` of a new workbook). Any other sheet is an unknown table
(:func:`~scoplan.loaders._tables.unknown_table`), but one whose header is a table's: its
rows, which would count for nothing, are an error
(:func:`~scoplan.loaders._tables.held_elsewhere`).

Problems name the workbook and the sheet (``registry.xlsx: organizations``), the row as Excel
numbers it (a header's own, below any title rows) and the column. A file that is not a
workbook is one ``unreadable`` problem; a spreadsheet of another format renamed ``.xlsx`` (an
``.xls``, an ``.ods``) one that says what it is, to save as ``.xlsx``
(:func:`other_spreadsheet`). A sheet is not read past :data:`MAX_ROWS` rows
(Excel's own limit).

Before a workbook is opened, what each part of it unpacks to is read from the zip's
directory (zipfile never unpacks a part past the size declared there) and held against
:mod:`scoplan.limits`: a sheet's ``part_bytes``, the shared strings' ``strings_bytes``
(openpyxl holds them all in memory), the ``ratio`` of unpacked to packed size, and the
whole workbook's ``workbook_bytes``. A zip bomb is refused unopened, each part past a limit
named. A sheet past the ``rows`` or ``columns`` limit refuses the workbook, not read in part.

Sheets are read by calamine (through ``fastexcel``), every cell as text, in one pass. Before
that, a pass over the sheet's XML finds what calamine would not tell: formulas without a
saved value; cells whose place could make calamine lay out more than :data:`MAX_CELLS`
cells; and cells whose text calamine gives otherwise than openpyxl (an error such as
``#N/A``, which calamine reads as empty; a date saved as ISO text; a number calamine would
round; text with spaces at an end saved without ``xml:space="preserve"``, which calamine
trims; a style one reads as a date and the other not, or as a duration; text written as
calamine writes a date cell). Such a sheet is read by openpyxl instead, cell by cell, as
every sheet once was: slower, the same text. So a cell calamine gives as a date is a date
cell, and is its day.

Calamine reads in a thread of its own, a sheet at a time in the workbook's order, while this
thread scans the XML of the sheets after it and makes tables of those before; a big sheet's
XML is unpacked here while two threads look at its pieces (zlib, polars and calamine let go
of the interpreter while they work). Calamine starts on XML only once it has been scanned,
so it never lays out a sheet it may not. As a big sheet is scanned, it is written out in two
halves of its rows (:mod:`scoplan.loaders.xlsx_halves`), which two readers read at once, on a
machine with two processors or more: the first half as soon as it is written and scanned
(:class:`_FirstHalf`), while the rest is still scanned; should the rest hold what calamine
may not read, the first half's frame goes unused and openpyxl reads the sheet.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import logging
import posixpath
import re
import threading
import warnings
import zipfile
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any
from xml.etree import ElementTree

import attrs
import polars as pl

from scoplan._exceptions import DataError, Problem
from scoplan._os_reasons import os_reason
from scoplan.formats import Loader, ProgressCallback
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.limits import RATIO_FLOOR, Limits, current, over
from scoplan.loaders._cells import FILLED, cell_text, column_letters, column_number, raw_table
from scoplan.loaders._tables import (
    HEADER_SEARCH_ROWS,
    _canonical_columns,
    canonical_table,
    duplicate_table,
    header_position,
    header_rows,
    header_words,
    held_elsewhere,
    held_table,
    hidden_table,
    named_from_above,
    summary_name,
    titles_skipped,
    two_row_header,
    two_rows_read,
    unknown_table,
)
from scoplan.loaders._typed import typed_table
from scoplan.loaders.contract import ROW, RawTable
from scoplan.loaders.xlsx_halves import MAX_SHEET_BYTES, Halves, cores, joined
from scoplan.loaders.xlsx_hidden import hidden_rows, hidden_said
from scoplan.loaders.xlsx_merged import Merge, filled_down, merges
from scoplan.schema import BOOL, DATE, TABLE_ALIASES, TABLES_BY_NAME
from scoplan.spreadsheet_slips import without_total_rows

if TYPE_CHECKING:
    import fastexcel
    from openpyxl.workbook.workbook import Workbook

SUFFIXES = (".xlsx", ".xlsm")
MAX_ROWS = 1_048_576
"""Rows in one sheet, the header included: Excel's own limit."""
MAX_CELLS = 1 << 25
"""Cells, empty ones too, that calamine may lay out for one sheet (it holds a sheet whole, from
row 1 to its last row and from its first to its last column, some 64 bytes a cell while it
reads: 2 GB): a sheet whose cells span more (one stray cell far to the right of a long
table) is read by openpyxl, which keeps only the cells there are."""
MAX_FORMULA_PROBLEMS = 200
"""Formulas without a saved value listed for one sheet; the rest are counted."""
NOTE_SHEETS = frozenset({"说明", "填表说明", "readme", "notes"})


def accepts(source: str) -> bool:
    path = Path(source)
    return path.suffix.lower() in SUFFIXES and path.is_file()


def _unreadable(source: str, error: BaseException, table: str | None = None) -> Problem:
    if isinstance(error, OSError):
        return Problem("unreadable", source, table=table, params=os_reason(error))
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    return Problem("unreadable", source, table=table, params={"reason": reason})


def _check_archive(path: Path, limits: Limits) -> None:
    """A DataError unless ``path`` is a zip archive whose parts unpack within ``limits``.

    Read from the archive's directory only: zipfile never unpacks an entry past the size it
    declares there, so this bounds what opening the workbook costs.
    """
    other = other_spreadsheet(path, path.name)
    if other is not None:
        raise DataError([other])
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        reason = f"not an Excel workbook (.xlsx): {error}"
        params = {"reason": reason, "reason_zh": "不是 Excel 工作簿（.xlsx），文件可能已损坏"}
        raise DataError([Problem("unreadable", path.name, params=params)]) from None
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


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""How a file of the old compound format begins: an Excel 97-2003 workbook (``.xls``), an
old WPS one (``.et``)."""
ODS = b"application/vnd.oasis.opendocument.spreadsheet"
"""The ``mimetype`` member of an OpenDocument spreadsheet (``.ods``, LibreOffice, WPS)."""
_KINDS = {
    ".xls": Text("旧版（Excel 97-2003）工作簿（.xls）", "an Excel 97-2003 workbook (.xls)"),
    ".et": Text("金山 WPS 表格文件（.et）", "a WPS spreadsheet (.et)"),
    ".ods": Text(
        "开放文档格式（OpenDocument）的电子表格（.ods）", "an OpenDocument spreadsheet (.ods)"
    ),
}


def other_spreadsheet(path: Path, source: str) -> Problem | None:
    """The error for a spreadsheet of a format not read (``.xls``, ``.et``, ``.ods``), told by
    its suffix or, renamed (an ``.xls`` saved as ``.xlsx``), by its first bytes: what it is,
    and to save it as an Excel workbook (.xlsx). None for any other file."""
    suffix = path.suffix.lower()
    kind = suffix if suffix in _KINDS else None
    try:
        with path.open("rb") as handle:
            start = handle.read(len(OLE2))
        if start == OLE2 and _encrypted(path):
            return None  # a workbook with a password to open it: no .xls
        if start == OLE2 and kind != ".et":
            kind = ".xls"
        elif start.startswith(b"PK") and kind is None:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
                if "mimetype" in names and archive.read("mimetype").strip() == ODS:
                    kind = ".ods"
    except (OSError, ValueError, zipfile.BadZipFile, KeyError):
        pass  # what the file is, reading it says
    if kind is None:
        return None
    params = {"kind": _KINDS[kind].en, "kind_zh": _KINDS[kind].zh}
    if suffix != kind:
        params["suffix"] = suffix or '""'
        return Problem("renamed_spreadsheet", source, params=params)
    return Problem("other_spreadsheet", source, params=params)


def _encrypted(path: Path) -> bool:
    """Whether a compound file holds an encrypted workbook (its ``EncryptionInfo`` stream, as
    Excel saves a workbook with a password to open it), looked for in its first megabytes."""
    name = "EncryptionInfo".encode("utf-16-le")
    with path.open("rb") as handle:
        return name in handle.read(1 << 22)


def _blank(cell: str | None) -> bool:
    return cell is None or not cell.strip()


_YEARS = (1949, 2100)
"""The years a number typed into a date cell is taken for (2022 typed where the cell is
formatted as a date: Excel keeps the number, and shows the day 2022 days from its first)."""


def _serial_year(day: dt.date, date1904: bool) -> int | None:
    """The year a date cell's ``day`` is the serial number of, where that number is one
    (:data:`_YEARS`): 1905-07-14 is 2022 in a workbook counting from 1900 (and 1909-07-15 in
    one counting from 1904, ``date1904``); else None."""
    serial = (day - (_EPOCH_1904 if date1904 else _EPOCH_1900)).days
    return serial if _YEARS[0] <= serial <= _YEARS[1] else None


_EPOCH_1900 = dt.date(1899, 12, 30)
"""The day before Excel's day 1 of 1900, as its serial numbers count from March 1900 on
(Excel takes 1900 for a leap year)."""
_EPOCH_1904 = dt.date(1904, 1, 1)
"""Day 0 of a workbook counting from 1904 (``date1904``, as Excel for Mac once did)."""


def _year_days(date1904: bool) -> tuple[str, str]:
    """The first and last day (``YYYY-MM-DD``) whose date cell's serial number is a year
    (:data:`_YEARS`), in a workbook counting from 1900 or (``date1904``) 1904."""
    base = _EPOCH_1904 if date1904 else _EPOCH_1900
    first, last = (base + dt.timedelta(days=year) for year in _YEARS)
    return first.isoformat(), last.isoformat()


def _typed_years(
    years: Mapping[tuple[int, int], str],
    body: list[list[str | None]],
    numbers: Sequence[int],
    names: Sequence[str],
    table: str,
    source: str,
    date1904: bool,
) -> list[Problem]:
    """The date cells (``years``: by row and position, their day) of ``body`` (rows
    ``numbers``) in a date column of ``table`` whose serial number is a year: each made
    that year's text, which the checker refuses as only a year, and said to be a year typed
    into a date cell (``year_in_date_cell``), which the checker's refusal then says instead.
    A date cell of a column of the bureau's own is left as it is."""
    dated = {column.name for column in TABLES_BY_NAME[table].columns if column.type == DATE}
    at = {number: index for index, number in enumerate(numbers)}
    problems = []
    for (number, position), day in years.items():
        index = at.get(number)
        if index is None or position >= len(names) or names[position] not in dated:
            continue
        year = _serial_year(dt.date.fromisoformat(day), date1904)
        body[index][position] = str(year)
        params = {"date": day}
        problems.append(
            Problem(
                "year_in_date_cell",
                source,
                table=table,
                row=number,
                column=names[position],
                value=str(year),
                params=params,
            )
        )
    return problems


_OVERFLOW = "#VALUE!"
"""What openpyxl gives for a date cell whose number is past Excel's last day (20210305
typed into a cell formatted as a date: Excel shows ``####``), as it gives a formula's
error: the sheet's XML tells the two apart (:func:`_numbers_at`)."""


def _numbers_in_date_cells(
    found: Mapping[tuple[int, int], str],
    body: list[list[str | None]],
    numbers: Sequence[int],
    names: Sequence[str],
    table: str,
    source: str,
) -> list[Problem]:
    """The cells of ``body`` (rows ``numbers``) that openpyxl gave as ``#VALUE!`` and that
    hold a number in a date cell (``found``: by row and position, the number), in a date
    column of ``table``: each made the number's text, which the checker refuses as no date,
    and said to be a number typed into a date cell: ``number_in_date_cell`` where it reads
    as a day written yyyymmdd (20210305, the day it looks like in ``date``, and in words in
    ``day``), else
    ``number_in_date_cell_other``; the checker's refusal then says so instead. A number in
    yyyymmdd is not taken for its day, as the text 20210305 is not."""
    dated = {column.name for column in TABLES_BY_NAME[table].columns if column.type == DATE}
    at = {number: index for index, number in enumerate(numbers)}
    problems = []
    for (number, position), value in found.items():
        index = at.get(number)
        if index is None or position >= len(names) or names[position] not in dated:
            continue
        body[index][position] = value
        day = _yyyymmdd(value)
        code = "number_in_date_cell" if day is not None else "number_in_date_cell_other"
        params = {}
        if day is not None:
            params = {
                "date": day.isoformat(),
                "day": f"{day.day} {_MONTHS[day.month - 1]} {day.year}",
                "day_zh": f"{day.year}年{day.month}月{day.day}日",
            }
        column = names[position]
        problems.append(
            Problem(
                code, source, table=table, row=number, column=column, value=value, params=params
            )
        )
    return problems


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _yyyymmdd(value: str) -> dt.date | None:
    """The day a number of eight digits names written as yyyymmdd (20210305: 2021-03-05),
    of a year :data:`_YEARS` holds; else None."""
    if len(value) != 8 or not value.isdigit():
        return None
    try:
        day = dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None
    return day if _YEARS[0] <= day.year <= _YEARS[1] else None


def _read_sheet(
    rows: Iterable[tuple[Any, ...]],
    table: str,
    source: str,
    limits: Limits,
    merged: Sequence[Merge] = (),
    date1904: bool = False,
    numbers_at: Callable[[Collection[tuple[int, int]]], Mapping[tuple[int, int], str]]
    | None = None,
) -> tuple[RawTable, list[Problem]]:
    """The raw table of a sheet as openpyxl reads it, its header found below title rows
    (:func:`~scoplan.loaders._tables.header_position`) as calamine's is (:func:`_fast_table`),
    the cells of its data rows ``merged`` down a column filled as there
    (:func:`~scoplan.loaders.xlsx_merged.filled_down`). A date cell of a date column whose
    serial number is a year (``date1904``: the workbook counts from 1904) is that year's
    text, and said (:func:`_typed_years`); one openpyxl gives as ``#VALUE!`` that holds a
    number past Excel's last day, as ``numbers_at`` finds it (by row and column, from 1),
    is the number's text, and said (:func:`_numbers_in_date_cells`)."""
    years: dict[tuple[int, int], str] = {}  # (row, position) → the day a year-like date cell is
    errors: list[tuple[int, int]] = []  # (row, position) of the cells openpyxl gave #VALUE!

    def cells_of(number: int, values: tuple[Any, ...]) -> tuple[list[str | None], list[int]]:
        """The row's cells as text, and the positions of those filled."""
        if number > MAX_ROWS:
            problem = Problem("too_many_rows", source, table=table, params={"limit": MAX_ROWS})
            raise DataError([problem])
        if number - 1 > limits.rows:  # the header is no row of the table
            raise DataError([over("rows", source, limits.rows, table=table)])
        cells = [cell_text(value) for value in values]
        for position, value in enumerate(values):
            if isinstance(value, dt.datetime) and _serial_year(value.date(), date1904):
                years[(number, position)] = value.date().isoformat()
            elif value == _OVERFLOW:
                errors.append((number, position))
        filled = [position for position, cell in enumerate(cells) if not _blank(cell)]
        if filled and filled[-1] + 1 > limits.columns:
            raise DataError([over("columns", source, limits.columns, table=table, row=number)])
        return cells, filled

    numbered = enumerate(rows, start=1)
    first = [
        (number, cells_of(number, values))
        for number, values in itertools.islice(numbered, HEADER_SEARCH_ROWS)
    ]
    titles = header_position([cells for _, (cells, _) in first], table)
    below = first[titles + 1][1][0] if titles + 1 < len(first) else None
    two = two_row_header(first[titles][1][0], below, table) if below is not None else None
    named = None  # the header as read from more rows than its own, if it is
    if first:  # a heading merged down from a row taken for a title
        above = [cells for _, (cells, _) in first[:titles]]
        named = named_from_above(two or first[titles][1][0], above) or two
    header: list[str | None] = []
    body: list[list[str | None]] = []
    numbers: list[int] = []
    width = 0
    later = ((number, cells_of(number, values)) for number, values in numbered)
    for number, (cells, filled) in itertools.chain(first, later):
        if number <= titles:
            continue  # a title above the header: said once, below
        if number == titles + 1:
            header = list(named) if named is not None and two is None else cells
        elif named is not None and two is not None and number == titles + 2:
            header = list(named)  # the header's second row, read with the first
        elif not filled:
            continue  # a blank row is no row; the others keep Excel's numbers
        else:
            body.append(cells)
            numbers.append(number)
        if filled:
            width = max(width, filled[-1] + 1)
    headers = [(cell or "") for cell in header[:width]]
    headers += [""] * (width - len(headers))
    records = [cells for _, (cells, _) in first]
    named_in = header_rows(records, titles, two is not None, width)  # each header's row
    names, problems = _canonical_columns(table, headers, source, named_in)
    for cells in body:
        if len(cells) < width:
            cells.extend([None] * (width - len(cells)))
    if years:
        problems += _typed_years(years, body, numbers, names, table, source, date1904)
    dated = {column.name for column in TABLES_BY_NAME[table].columns if column.type == DATE}
    errors = [(r, p) for r, p in errors if p < len(names) and names[p] in dated]
    if errors and numbers_at is not None:
        held = numbers_at([(r, p + 1) for r, p in errors])
        found = {(r, c - 1): value for (r, c), value in held.items()}
        problems += _numbers_in_date_cells(found, body, numbers, names, table, source)
    raw = raw_table(table, source, names, body, numbers)
    two_rows = two_rows_read(titles + 1, table, source) if two is not None else []
    header_end = titles + 1 + (two is not None)
    frame, said = filled_down(raw.frame, names, names, headers, merged, header_end, table, source)
    problems[:0] = [*titles_skipped(titles, table, source), *two_rows, *said]
    words = header_words(names, headers)
    return attrs.evolve(raw, frame=frame, headers=words, header_row=titles + 1), problems


def _has_cells(rows: Iterable[tuple[Any, ...]]) -> bool:
    for number, values in enumerate(rows, start=1):
        if number > MAX_ROWS or any(not _blank(cell_text(value)) for value in values):
            return True
    return False


def _skipped(title: str) -> bool:
    return title.startswith("_") or title.strip().lower() in NOTE_SHEETS


# -- the parts of a workbook -------------------------------------------------------------


def _local(tag: str) -> str:
    """An XML name without its namespace."""
    return tag.rpartition("}")[2]


def _attribute(element: ElementTree.Element, name: str) -> str | None:
    """An attribute by its name without namespace (``r:id`` is ``id``)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """``{id: (kind, member)}``: what a part of the package refers to, by id."""
    folder, name = posixpath.split(part)
    root = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", f"{name}.rels")))
    found: dict[str, tuple[str, str]] = {}
    for element in root:
        if element.get("TargetMode") == "External":
            continue
        target = element.get("Target", "")
        member = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        kind = element.get("Type", "").rpartition("/")[2]
        found[element.get("Id", "")] = (kind, posixpath.normpath(member))
    return found


@attrs.frozen
class _Layout:
    """Where a workbook keeps its sheets and styles, and its calendar."""

    sheets: tuple[tuple[str, str | None], ...]
    """Every sheet in order: its title and the member holding it (None for a chart sheet)."""
    book: str
    """The workbook part, which names the sheets."""
    styles: str | None
    strings: str | None
    """The shared strings, where the cells' text is kept once for all sheets."""
    date1904: bool
    hidden: frozenset[str] = frozenset()
    """The titles of the sheets Excel does not show (hidden, or very hidden)."""


def _layout(archive: zipfile.ZipFile) -> _Layout | None:
    """The workbook's sheets as its relationships name them; None for anything unusual
    (a macro or dialog sheet, a sheet the archive lacks, XML that does not parse), which
    openpyxl then reads whole, as before (its formulas without a saved value and its merged
    cells looked for still: :meth:`_Workbook._unscanned`)."""
    try:
        office = [m for kind, m in _relationships(archive, "").values() if kind == "officeDocument"]
        if len(office) != 1:
            return None
        book = office[0]
        parts = _relationships(archive, book)
        root = ElementTree.fromstring(archive.read(book))
    except (KeyError, ElementTree.ParseError, OSError, zipfile.BadZipFile, ValueError):
        return None
    members = set(archive.namelist())
    sheets: list[tuple[str, str | None]] = []
    hidden: set[str] = set()
    date1904 = False
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "workbookPr":
            date1904 = (_attribute(element, "date1904") or "").lower() in ("1", "true")
        elif tag == "sheet":
            kind, member = parts.get(_attribute(element, "id") or "", ("", ""))
            if element.get("state", "visible") != "visible":
                hidden.add(element.get("name", ""))
            if kind == "chartsheet":
                sheets.append((element.get("name", ""), None))
            elif kind == "worksheet" and member in members:
                sheets.append((element.get("name", ""), member))
            else:
                return None
    styles = [m for kind, m in parts.values() if kind == "styles" and m in members]
    strings = [m for kind, m in parts.values() if kind == "sharedStrings" and m in members]
    return _Layout(
        tuple(sheets),
        book,
        styles[0] if styles else None,
        strings[0] if strings else None,
        date1904,
        frozenset(hidden),
    )


# -- number formats: where calamine and openpyxl part ways ------------------------------

_QUOTED_OR_LOCALE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(
    r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.IGNORECASE
)
_OPENPYXL_DATES = {*range(14, 23), 45, 46, 47}
"""Built-in formats openpyxl reads as dates (46, ``[h]:mm:ss``, as a duration)."""


def _openpyxl_kind(code: str) -> str:
    """``date``, ``duration`` or ``""``: how openpyxl reads a number in this format (its
    ``is_date_format`` and ``is_timedelta_format``)."""
    first = code.split(";")[0]
    if _DATE_LETTER.search(_QUOTED_OR_LOCALE.sub("", first)) is None:
        return ""
    return "duration" if _DURATION.search(first) else "date"


def _calamine_kind(code: str) -> str:
    """``date``, ``duration`` or ``""``: how calamine reads a number in this format (its
    ``detect_custom_number_format``, step by step)."""
    escaped = quoted = hms = ampm = False
    brackets = 0
    previous = " "
    for char in code:
        if escaped:
            escaped = False
        elif char in "_\\*":
            escaped = True
        elif quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == ";":
            return ""
        elif char == "[":
            brackets += 1
        elif char == "]" and brackets == 1 and hms:
            return "duration"
        elif char == "]":
            brackets = max(brackets - 1, 0)
        elif char in "aA" and not ampm and brackets == 0:
            ampm = True
        elif brackets == 0 and (char in "pm/PM" if ampm else char in "dmhysDMHYS"):
            return "date"
        elif not (hms and char.lower() == previous.lower()):
            hms = previous == "[" and char in "mhsMHS"
        previous = char
    return ""


def _doubtful_styles(archive: zipfile.ZipFile, member: str | None) -> frozenset[bytes]:
    """The styles (as a cell names them, ``s="3"``) whose numbers calamine and openpyxl read
    differently: one as a date and the other not, or either as a duration."""
    if member is None:
        return frozenset()
    root = ElementTree.fromstring(archive.read(member))
    codes: dict[int, str] = {}
    numbers: list[int] = []
    for element in root:
        if _local(element.tag) == "numFmts":
            for fmt in element:
                codes[int(fmt.get("numFmtId", "-1"))] = fmt.get("formatCode", "")
        elif _local(element.tag) == "cellXfs":
            numbers = [int(xf.get("numFmtId", "0")) for xf in element if _local(xf.tag) == "xf"]
    doubtful: set[bytes] = set()
    for index, number in enumerate(numbers):
        if number in codes:
            ours, theirs = _calamine_kind(codes[number]), _openpyxl_kind(codes[number])
        else:
            ours = "duration" if number == 46 else "date" if number in _OPENPYXL_DATES else ""
            theirs = ours  # calamine's built-in date formats are openpyxl's
        if ours != theirs or "duration" in (ours, theirs):
            doubtful.add(str(index).encode())
    return frozenset(doubtful)


# -- the pass over a sheet's XML ---------------------------------------------------------

_CHUNK = 1 << 24


_ROUNDED = r"^-?[0-9]+\.[0-9]+$|^-0$"
"""A number calamine gives to nine decimals: the number may have had more (or be text)."""
_DATETIME = r"^[+-]?[0-9]{4,}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}"
"""How calamine writes a date cell (or text written the same way)."""
_DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?$"
_ASCII_REFERENCE = "&#0*(?:[0-9]{1,2}|1[01][0-9]|12[0-7]);|&#x0*[0-7]?[0-9A-Fa-f];"
"""A character reference to an ASCII character (below 128), decimal or hexadecimal."""


@attrs.frozen
class _Patterns:
    """What the pass looks for (regular expressions for polars), in a sheet whose elements
    carry ``prefix`` (``x:``) or none. Each holds no ``<`` but the one it starts at, or
    none, or (a text's space before its end tag) an opening tag and the end tag after it:
    :func:`_pieces` cuts before opening tags only, so no match spans two pieces."""

    prefix: bytes
    far: str
    """A cell past column Z or row 999,999."""
    unplaced: str
    """A cell that does not name its place first (``<c>``, ``<c s="1" r="A1">``)."""
    values: str
    """A value calamine reads otherwise: 16 digits and more, tiny, ten decimals and more
    (calamine gives nine: 2.0000000001 is its 2; but for five digits before the point, a
    day and its time, which a date cell is, read as its day), an error, an ISO date."""
    texts: str
    """Text calamine reads otherwise: spaces at either end without ``xml:space="preserve"``
    (calamine trims them, from each run of rich text too), or an escape such as ``_x000D_``
    (calamine unescapes it, openpyxl keeps it); or text written as calamine writes a date
    cell (``2021-09-14 00:00:00``), which would be taken for one; or an ASCII character
    written as a character reference (``&#32;``, ``&#x23;``), which could spell any of these
    (and a value's ``#`` or ``-``) where the patterns look for the character itself.
    References to other characters (``&#30002;``, as openpyxl writes Chinese with lxml)
    spell none of them."""
    decimals: str
    """A number with decimals or below zero, which calamine may give rounded."""
    rich: str
    """Rich text, whose runs could together look like a date cell."""
    formula: str
    marked: str
    """Text whose start tag has attributes, with a space at an end: in doubt unless one of
    them is ``xml:space="preserve"`` (:func:`_unkept`), as Excel writes such text."""
    merged: str
    """A merged range's tag (``<mergeCell ref="B3:B40"/>``, after the rows): its cells but
    the first are empty (:mod:`~scoplan.loaders.xlsx_merged`)."""
    hidden: str
    """A hidden row's mark (``hidden="1"``): a word the usual sheet has nowhere, looked for
    alone, as cheaply as a word is; its rows' tags are then taken (:attr:`hidden_row`)."""
    hidden_row: str
    """A hidden row's tag (``<row r="7" hidden="1" …>``) (:mod:`~scoplan.loaders.xlsx_hidden`)."""
    filter: str
    """A filter's tag (``<autoFilter ref="A1:M200">``, after the rows): the rows hidden are
    hidden by it."""


_HIDDEN = "\\shidden\\s*=\\s*[\"'](?:1|true)[\"']"
"""A row's (or a column's) mark that Excel hides it."""
_CELL_PARTS = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?(?:sheetData|row|c|v|f|is|t|si|r)[\s>/]")
"""The start of an element that holds cells or text, with its prefix (``x:``) or none."""


def _patterns(piece: bytes) -> _Patterns:
    found = re.search(rb"<(?![?!])(?:([A-Za-z_][\w.-]*):)?[A-Za-z_]", piece)
    prefix = found.group(1) + b":" if found is not None and found.group(1) else b""
    # the prefixes the cells are written with: the root's, mostly; where the root has none
    # and the cells one bound to the same namespace (or some cells one, some another), each
    # (as the first 256 KiB write them: the first rows, enough to tell)
    head = piece[: 1 << 18]
    used = {m.group(1) + b":" if m.group(1) else b"" for m in _CELL_PARTS.finditer(head)}
    if len(used) == 1:
        prefix = used.pop()
    p = re.escape(prefix.decode())
    if len(used) > 1:
        p = "(?:" + "|".join(sorted(re.escape(u.decode()) for u in used)) + ")"
    v = f"<{p}v(?:\\s[^>]*)?>"  # a value's start tag, with attributes or none
    edge = "[ \\t\\r\\n]"
    return _Patterns(
        prefix,
        f"<{p}c\\s+r=[\"'](?:[A-Za-z]{{2}}|[A-Za-z]*[0-9]{{7}})[A-Za-z]*[0-9]*",
        f"<{p}c(?:[>/]|\\s+(?:[^r\\s]|r[^=]))",
        f"{v}(?:[0-9]{{16}}|-?[0-9.]*[eE]-|-?0\\.0{{9}}|-?(?:[0-9]{{0,4}}|[0-9]{{6,}})\\.[0-9]{{10}}|#|[0-9]{{4}}-[0-9]{{2}}-)",
        "|".join(
            (
                f"<{p}t>{edge}|<{p}t>[^<]*{edge}</{p}t>|{v}{edge}|{v}[^<]*{edge}</{p}v>",
                "_x[0-9A-Fa-f]{4}_",
                f"<{p}t(?:\\s[^>]*)?>{_DATETIME[1:]}",
                _ASCII_REFERENCE,
            )
        ),
        f"{v}-|{v}[0-9]*\\.",
        f"<{p}r>",
        f"<{p}f[\\s>/]",
        f"<{p}t\\s[^>]*>{edge}[^<]*</{p}t>|<{p}t\\s[^>]*>[^<]*{edge}</{p}t>",
        f"<{p}mergeCell\\s[^>]*>",
        _HIDDEN,
        f"<{p}row\\s[^>]*{_HIDDEN}[^>]*>",
        f"<{p}autoFilter[\\s>/]",
    )


def _pieces(stream: IO[bytes]) -> Iterator[bytes]:
    """The stream in pieces of about :data:`_CHUNK` bytes, each cut just before an opening
    tag (:func:`_cut`)."""
    carry = b""
    while chunk := stream.read(_CHUNK):
        cut = _cut(chunk)
        if cut < 0:
            carry += chunk
            continue
        yield b"".join((carry, memoryview(chunk)[:cut]))
        carry = chunk[cut:]
    if carry:
        yield carry


def _cut(chunk: bytes) -> int:
    """Where the last opening tag of ``chunk`` starts (a ``<`` not followed by ``/``), or -1.
    Never before an end tag: a text and its end tag (``甲会 </t>``) stay in one piece. A ``<``
    in the last byte is passed over: what follows it is not read yet."""
    end = len(chunk) - 1
    while (cut := chunk.rfind(b"<", 0, end)) >= 0:
        if chunk[cut + 1] != ord("/"):
            return cut
        end = cut
    return -1


@attrs.define
class _Scan:
    """What the XML of one sheet says before calamine reads it."""

    safe: bool = True
    """Whether calamine may read it: every cell names its place, and they span at most
    :data:`MAX_CELLS` cells."""
    doubt: bool = False
    """Whether some cell's text only openpyxl gives as described."""
    decimals: bool = False
    """Whether some number has decimals or is below zero (one calamine may give rounded)."""
    rich: bool = False
    """Whether some text is rich text."""
    unsaved: list[tuple[int | None, int | None]] = attrs.field(factory=list)
    """Formulas without a saved value: (row, column), each from 1; None where not named."""
    merged: list[str] = attrs.field(factory=list)
    """The tags of the merged ranges (``<mergeCell ref="B3:B40"/>``), in order."""
    hidden: list[str] = attrs.field(factory=list)
    """The tags of the rows Excel hides (``<row r="7" hidden="1">``), in order."""
    filtered: bool = False
    """Whether the sheet has a filter (``<autoFilter>``)."""


@attrs.frozen
class _Look:
    """What one piece of a sheet's XML holds (:func:`_look`)."""

    found: frozenset[str]
    """Which of :func:`_sought`'s patterns it holds."""
    far: tuple[str, ...] = ()
    """The places (``AB12``) of the cells past column Z or row 999,999."""
    merged: tuple[str, ...] = ()
    """The tags of the merged ranges (``<mergeCell ref="B3:B40"/>``)."""
    hidden: tuple[str, ...] = ()
    """The tags of the rows Excel hides (``<row r="7" hidden="1">``)."""


def _sought(patterns: _Patterns, doubtful: str) -> dict[str, str]:
    doubts = [patterns.values, patterns.texts, *([doubtful] if doubtful else [])]
    return {
        "unplaced": patterns.unplaced,
        "far": patterns.far,
        "doubt": "|".join(doubts),
        "decimals": patterns.decimals,
        "rich": patterns.rich,
        "formula": patterns.formula,
        "marked": patterns.marked,
        "merged": patterns.merged,
        "hidden": patterns.hidden,
        "filter": patterns.filter,
    }


def _unkept(text: pl.DataFrame, patterns: _Patterns) -> bool:
    """Whether some text of ``text`` (its column ``x``) whose start tag has attributes has a
    space at an end that none of them keeps (``<t xml:lang="zh">荷花池 </t>``): calamine
    trims it, openpyxl keeps it."""
    found = text.select(pl.col("x").str.extract_all(patterns.marked)).item()
    starts = found.str.extract(r"^(<[^>]*>)", 1)
    return bool((~starts.str.contains(r"space\s*=\s*[\"']preserve[\"']")).any())


def _look(piece: bytes, patterns: _Patterns, doubtful: str) -> _Look | None:
    """What the piece holds; None if it is not UTF-8 (calamine and openpyxl may differ)."""
    try:
        text = pl.Series([piece], dtype=pl.Binary).cast(pl.String).to_frame("x")
    except pl.exceptions.PolarsError:
        return None
    x = pl.col("x").str
    sought = _sought(patterns, doubtful)
    # one pass for all, the usual answer being none; then which, where some is
    if not text.select(x.contains("|".join(sought.values()))).item():
        return _Look(frozenset())
    flags = text.select(x.contains(v).alias(k) for k, v in sought.items()).row(0, named=True)
    found = frozenset(name for name, flag in flags.items() if flag)
    if "marked" in found and _unkept(text, patterns):
        found |= {"doubt"}
    far = merged = hidden = ()
    if "far" in found:
        far = tuple(text.select(x.extract_all(patterns.far)).item().to_list())
    if "merged" in found:  # a few, after the rows (the usual sheet has none)
        merged = tuple(text.select(x.extract_all(patterns.merged)).item().to_list())
    if "hidden" in found:  # a hidden row or column (the usual sheet has none)
        hidden = tuple(text.select(x.extract_all(patterns.hidden_row)).item().to_list())
    return _Look(found, far, merged, hidden)


def _fed(stream: IO[bytes], halves: Halves | None) -> Iterator[tuple[_Patterns, bytes]]:
    """Each piece of the stream with the patterns of its sheet (from the first piece, which
    says the prefix), fed to ``halves`` first where the sheet is being halved."""
    patterns: _Patterns | None = None
    for piece in _pieces(stream):
        patterns = _patterns(piece) if patterns is None else patterns
        if halves is not None:
            halves.feed(piece, patterns.prefix)
        yield patterns, piece


def _looks(
    stream: IO[bytes], doubtful: str, *, big: bool, halves: Halves | None = None
) -> Iterator[tuple[_Patterns, _Look | None, int]]:
    """What each piece of the stream holds, in order, with the patterns sought in it and
    where in the stream the piece ends. A big sheet's pieces are looked at in two threads
    while this one unpacks the next (zlib and polars let go of the interpreter while they
    work: both cores busy). Each piece is fed to ``halves`` too, where the sheet is being
    halved."""
    end = 0
    if not big:
        for patterns, piece in _fed(stream, halves):
            end += len(piece)
            yield patterns, _look(piece, patterns, doubtful), end
        return
    with ThreadPoolExecutor(2, thread_name_prefix="scoplan-scan") as pool:
        coming: deque[tuple[_Patterns, Future[_Look | None], int]] = deque()
        for patterns, piece in _fed(stream, halves):
            end += len(piece)
            coming.append((patterns, pool.submit(_look, piece, patterns, doubtful), end))
            while len(coming) > 2 or (coming and coming[0][1].done()):
                looked, look, ended = coming.popleft()
                yield looked, look.result(), ended
        for looked, look, ended in coming:
            yield looked, look.result(), ended


def _big(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether the part unpacks to more than one piece (:func:`_pieces`)."""
    return archive.getinfo(member).file_size > _CHUNK


def _scan(
    archive: zipfile.ZipFile,
    member: str,
    styles: frozenset[bytes],
    *,
    formulas: bool = True,
    halves: Halves | None = None,
    progress: Callable[[int, bool], None] | None = None,
) -> _Scan:
    """One pass over the sheet's XML (and a second one over its formulas, if it has any),
    each piece of it fed to ``halves`` where given. After each piece, ``progress`` is told
    how far into the XML the pass is and whether what it found so far lets calamine read
    the part before (the first half's reader may start once it is there)."""
    scan = _Scan()
    widest, lowest, has_formulas = 26, 0, False
    patterns: _Patterns | None = None
    doubtful = '\\ss="(?:' + "|".join(sorted(s.decode() for s in styles)) + ')"' if styles else ""
    big = _big(archive, member)
    with archive.open(member) as stream:
        for looked in _looks(stream, doubtful, big=big, halves=halves):
            patterns, look, ended = looked  # the patterns: the sheet's prefix, for what follows
            if look is None:
                scan.safe = False
                if progress is not None:
                    progress(ended, False)
                continue
            if "unplaced" in look.found:
                scan.safe = False  # a cell placed by counting: its column is not said
            for ref in look.far:
                place = re.search(r"([A-Za-z]+)([0-9]+)$", ref)
                if place is not None:
                    widest = max(widest, column_number(place.group(1)))
                    lowest = max(lowest, int(place.group(2)))
            scan.doubt = scan.doubt or "doubt" in look.found
            scan.decimals = scan.decimals or "decimals" in look.found
            scan.rich = scan.rich or "rich" in look.found
            scan.merged += look.merged
            scan.hidden += look.hidden
            scan.filtered = scan.filtered or "filter" in look.found
            has_formulas = has_formulas or "formula" in look.found
            if progress is not None:
                # as the whole sheet is judged below, before it asks how far down it goes
                within = lowest <= MAX_ROWS and max(lowest, 999_999) * widest <= MAX_CELLS
                progress(ended, scan.safe and not scan.doubt and within)
    if lowest > MAX_ROWS:
        scan.safe = False  # openpyxl says which limit it is past, and where, as it always did
    if scan.safe and patterns is not None and max(lowest, 999_999) * widest > MAX_CELLS:
        # a wide sheet: how far down it goes, exactly
        scan.safe = _last_row(archive, member, patterns.prefix) * widest <= MAX_CELLS
    if formulas and has_formulas and patterns is not None:
        scan.unsaved = _unsaved(archive, member, patterns.prefix)
    return scan


def _shared_texts(archive: zipfile.ZipFile, member: str) -> tuple[bool, bool]:
    """Whether some shared string is one calamine reads otherwise than openpyxl, and whether
    some is rich text."""
    doubt = rich = False
    with archive.open(member) as stream:
        patterns: _Patterns | None = None
        for piece in _pieces(stream):
            patterns = patterns or _patterns(piece)
            try:
                text = pl.Series([piece], dtype=pl.Binary).cast(pl.String).to_frame("x")
            except pl.exceptions.PolarsError:
                return True, True
            x = pl.col("x").str
            found = text.select(
                x.contains(patterns.texts),
                x.contains(patterns.rich).alias("r"),
                x.contains(patterns.marked).alias("m"),
            )
            unkept = found.item(0, 2) and _unkept(text, patterns)
            doubt, rich = (doubt or found.item(0, 0) or unkept), (rich or found.item(0, 1))
    return doubt, rich


_ROW_NUMBER = r"<(?:[A-Za-z_][\w.-]*:)?row\s(?:[^>]*?\s)?r=[\"']([0-9]+)[\"']"


def _rows_in_order(archive: zipfile.ZipFile, member: str) -> bool:
    """Whether the rows of the sheet that name their number come in its order, each once
    (Excel writes them so; a tool that writes a sheet may not)."""
    last = 0
    with archive.open(member) as stream:
        for piece in _pieces(stream):
            try:
                text = pl.Series([piece], dtype=pl.Binary).cast(pl.String)
            except pl.exceptions.PolarsError:
                return False  # not UTF-8: openpyxl reads it whole, or says what it is
            numbers = (
                text.str.extract_all(_ROW_NUMBER)
                .explode()
                .str.extract(r"r=[\"']([0-9]+)", 1)
                .drop_nulls()
                .cast(pl.Int64)
            )
            if numbers.is_empty():
                continue
            steps = pl.concat([pl.Series([last], dtype=pl.Int64), numbers]).diff().drop_nulls()
            if (steps <= 0).any():
                return False
            last = numbers[-1]
    return True


def _last_row(archive: zipfile.ZipFile, member: str, prefix: bytes) -> int:
    """The furthest row any cell of the sheet names (every cell names its place)."""
    p = re.escape(prefix.decode())
    last = 0
    with archive.open(member) as stream:
        for piece in _pieces(stream):
            rows = (
                pl.Series([piece], dtype=pl.Binary)
                .cast(pl.String)
                .str.extract_all(f"<{p}c\\s+r=[\"'][A-Za-z]+[0-9]+")
                .explode()
                .str.extract("([0-9]+)$")
                .cast(pl.Int64)
                .max()
            )
            last = max(last, rows if isinstance(rows, int) else 0)
    return last


def _unsaved(
    archive: zipfile.ZipFile, member: str, prefix: bytes
) -> list[tuple[int | None, int | None]]:
    """Where the sheet's formulas without a saved value are, in the order of the sheet."""
    p = re.escape(prefix)
    formula = re.compile(rb"<" + p + rb"f[\s>/]")
    value = re.compile(rb"<" + p + rb"v(?:\s[^>]*)?(?:/>|>(.*?)</" + p + rb"v>)", re.DOTALL)
    close = b"</" + prefix + b"c>"
    found: list[tuple[int | None, int | None]] = []
    carry = b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            piece = carry + chunk
            cut = piece.rfind(close) + len(close) if chunk else len(piece)
            if cut < len(close):
                carry = piece  # no cell ends in this piece yet
                continue
            whole, carry = piece[:cut], piece[cut:]
            for match in formula.finditer(whole):
                start = max(
                    whole.rfind(b"<" + prefix + b"c ", 0, match.start()),
                    whole.rfind(b"<" + prefix + b"c>", 0, match.start()),
                )
                stop = whole.find(close, match.end())
                cell = whole[max(start, 0) : stop if stop >= 0 else len(whole)]
                tag = cell[: cell.find(b">") + 1]
                saved = value.search(cell)
                kind = re.search(rb'\st="([^"]*)"', tag)
                # an empty <v/> is no value, but for a formula whose text result is ""
                if saved is None or not (saved.group(1) or (kind and kind.group(1) == b"str")):
                    place = re.search(rb'\sr="([A-Za-z]+)([0-9]+)"', tag)
                    if place is None:
                        found.append((None, None))
                    else:
                        found.append((int(place.group(2)), column_number(place.group(1))))
            if not chunk:
                return found


_NUMBER = re.compile(r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
"""A number as a sheet's XML writes a cell's value (``20210305``, ``2.0210305E7``)."""


def _numbers_at(
    archive: zipfile.ZipFile, member: str, places: Collection[tuple[int, int]]
) -> dict[tuple[int, int], str]:
    """The numbers the sheet's cells at ``places`` (row, column, from 1) hold, as text
    (``20210305``), read from its XML: a cell openpyxl gives as ``#VALUE!`` is a formula's
    error, or a number in a date cell past Excel's last day (:data:`_OVERFLOW`). A cell
    holding an error, text or no value is left out. Read only where openpyxl gave such a
    cell in a date column: a few in a sheet, or none."""
    wanted = {f"{column_letters(column)}{row}": (row, column) for row, column in places}
    found: dict[tuple[int, int], str] = {}
    with archive.open(member) as stream:
        for _, element in ElementTree.iterparse(stream):
            tag = _local(element.tag)
            if tag == "c":
                place = wanted.pop(element.get("r", ""), None)
                value = next((e.text for e in element if _local(e.tag) == "v"), None)
                number = value.strip() if value else ""
                if place is not None and element.get("t", "n") == "n" and _NUMBER.match(number):
                    found[place] = cell_text(float(number)) or number
                if not wanted:
                    break
            elif tag == "row":
                element.clear()  # the cells of the rows passed are let go of
    return found


def _formula_problems(
    places: list[tuple[int | None, int | None]],
    raw: RawTable,
    where: str,
    said: Iterable[Problem] = (),
) -> list[Problem]:
    """A problem for each formula without a saved value, but those in a row the sheet's
    reading skips and says so (``said``: the loader's warnings): a title row above the
    header, and a total row, as the checker finds it and warns of it (``合计`` whose counts
    are ``=COUNTA(…)``). Their cells are read by no one: the warning is all they get."""
    titles = max((p.params["header_row"] - 1 for p in said if p.code == "title_rows"), default=0)
    skipped = {p.row for p in without_total_rows(raw)[1]}
    places = [(r, c) for r, c in places if r is None or not (r <= titles or r in skipped)]
    names = [name for name in raw.frame.columns if name != ROW]
    problems = []
    for row, column in places[:MAX_FORMULA_PROBLEMS]:
        name = None
        if column is not None:
            name = names[column - 1] if column <= len(names) else column_letters(column)
        problems.append(
            Problem("formula_without_value", where, table=raw.name, row=row, column=name)
        )
    if len(places) > MAX_FORMULA_PROBLEMS:
        rest = len(places) - MAX_FORMULA_PROBLEMS
        problems.append(Problem("more", where, table=raw.name, params={"count": rest}))
    return problems


# -- a sheet as calamine reads it --------------------------------------------------------


_Frame = tuple[pl.DataFrame, int] | None
"""A sheet as calamine read it (:func:`_load`), or None where calamine could not."""


def _load(reader: fastexcel.ExcelReader, title: str) -> tuple[pl.DataFrame, int]:
    """The sheet as text, its first row Excel's row 1, and the column of its first column."""
    sheet = reader.load_sheet(title, header_row=None, skip_rows=0, dtypes="string")
    columns = sheet.selected_columns
    return sheet.to_polars(), columns[0].absolute_index if columns else 0


def _fastexcel() -> Any:
    """The fastexcel module, its log quiet: its warnings would go to stderr, unasked (the
    problems say what matters)."""
    import fastexcel

    for name in ("fastexcel", "calamine"):
        logging.getLogger(name).addHandler(logging.NullHandler())
    return fastexcel


def _read_half(path: str, title: str) -> _Frame:
    """A half of a big sheet (:mod:`~scoplan.loaders.xlsx_halves`) as calamine reads it, or
    None where calamine cannot."""
    try:
        return _load(_fastexcel().read_excel(path), title)
    except Exception:  # the sheet is then read whole
        return None


def _filled(name: str) -> pl.Expr:
    """Whether a cell is not blank (not empty, not spaces only)."""
    return pl.col(name).str.contains(FILLED).fill_null(False)


def _within(frame: pl.DataFrame, first: int, table: str, source: str, limits: Limits) -> None:
    """A DataError where the sheet is past a limit, as :func:`_read_sheet` raises it: at
    the first row, in order, that is past the rows or holds a cell past the columns."""
    if frame.height > MAX_ROWS:
        problem = Problem("too_many_rows", source, table=table, params={"limit": MAX_ROWS})
        raise DataError([problem])
    past = frame.columns[max(limits.columns - first, 0) :]
    wide = None
    if past:
        flags = frame.select(pl.any_horizontal(_filled(name) for name in past).arg_true().min())
        wide = flags.item()
    row = limits.rows + 2 if frame.height - 1 > limits.rows else None
    if wide is not None and (row is None or wide + 1 < row):
        problem = over("columns", source, limits.columns, table=table, row=wide + 1)
        raise DataError([problem])
    if row is not None:
        raise DataError([over("rows", source, limits.rows, table=table)])


def _fast_table(
    frame: pl.DataFrame,
    first: int,
    table: str,
    source: str,
    limits: Limits,
    epoch: str,
    decimals: bool,
    rich: bool,
    merged: Sequence[Merge] = (),
) -> tuple[RawTable, list[Problem]] | None:
    """The raw table of a sheet calamine read, or None where a cell's text is in doubt.

    No text looks like a date cell as calamine writes it (the XML said so, :func:`_scan`):
    each cell that does is one, and is its day. Where some number has decimals, a number
    shown with decimals may be rounded. Typed the fast way where every cell is clean
    (:func:`_typed`); else text, for the checker to read the careful way. The cells of its
    data rows ``merged`` down a column are filled with the first one's value
    (:func:`~scoplan.loaders.xlsx_merged.filled_down`), as openpyxl's are."""
    _within(frame, first, table, source, limits)
    checks = [pl.col(name).str.contains(_DATETIME).any().alias(name) for name in frame.columns]
    found = frame.select(checks).row(0) if checks else ()
    dated = [name for name, date in zip(frame.columns, found, strict=True) if date]
    doubts = [pl.col(name).str.contains(_ROUNDED).any() for name in frame.columns if decimals]
    earliest, latest = (pl.lit(day) for day in _year_days(epoch.startswith("1904")))
    for name in dated:
        cell = pl.col(name)
        day = cell.str.contains(_DAY) & (cell.str.slice(0, 10) >= epoch)
        # a time of day, a day before the calendar's first: openpyxl says what they are
        doubts.append((cell.str.contains(_DATETIME) & ~day).any())
        # a year typed into a date cell (1905-07-14 for 2022): openpyxl's reading says so
        doubts.append((day & cell.str.slice(0, 10).is_between(earliest, latest)).any())
    doubts = [doubt.alias(str(i)) for i, doubt in enumerate(doubts)]
    if (rich and dated) or (doubts and any(frame.select(doubts).row(0))):
        return None  # (runs of rich text could together look like a date cell)
    frame = frame.with_columns(
        pl.when(pl.col(name).str.contains(_DAY))
        .then(pl.col(name).str.slice(0, 10))
        .otherwise(pl.col(name))
        .alias(name)
        for name in dated
    )
    top = frame.head(HEADER_SEARCH_ROWS).rows()
    titles = header_position(top, table)  # rows above the header: titles, skipped
    below = top[titles + 1] if titles + 1 < len(top) else None
    two = two_row_header(top[titles], below, table) if below is not None and top else None
    # a heading merged down from a row taken for a title names its column too
    named = named_from_above(two or top[titles], top[:titles]) if top else None
    filled = frame.select(_filled(name) for name in frame.columns)
    used = filled.slice(titles).select(pl.all().any()).row(0) if filled.width else ()
    last = max((i for i, u in enumerate(used) if u), default=-1)
    cells = frame.columns[: last + 1]
    read = named or two or (frame.row(titles) if cells else ())
    header = read[: len(cells)] if cells else ()
    headers = [""] * (first if cells else 0) + [cell or "" for cell in header]
    header_row = titles + 1
    named_in = [header_row] * (len(headers) - len(header))  # each header's row
    named_in += header_rows(top, titles, two is not None, len(header))
    names, problems = _canonical_columns(table, headers, source, named_in)
    warned = titles_skipped(titles, table, source)
    if two is not None:
        warned += two_rows_read(titles + 1, table, source)
        titles += 1  # the header's second row is no row of the table
    leading = len(names) - len(cells)  # the empty columns left of the first cell
    columns = dict(zip(cells, names[leading:], strict=True))
    rows = frame.select(cells).with_row_index(ROW, offset=1)
    if cells:
        # a blank row is no row; the others keep Excel's numbers
        kept = filled.select(pl.any_horizontal(cells)).to_series()
        rows = rows.filter(kept & (pl.int_range(pl.len()) > titles))
    else:
        rows = rows.clear()
    rows = rows.with_columns(pl.col(ROW).cast(pl.Int64))
    places = [None] * leading + cells
    rows, said = filled_down(rows, places, names, headers, merged, titles + 1, table, source)
    warned += said
    if not problems:
        typed = _typed(rows, columns, table, source, names, headers)
        if typed is not None:
            return attrs.evolve(typed, header_row=header_row), warned
    texts = [pl.lit(None, dtype=pl.String).alias(name) for name in names[:leading]]
    texts += [pl.col(cell).alias(name) for cell, name in columns.items()]
    raw = rows.select(ROW, *texts)
    words = header_words(names, headers)
    return RawTable(table, source, raw, headers=words, header_row=header_row), warned + problems


def _typed(
    rows: pl.DataFrame,
    columns: dict[str, str],
    table: str,
    source: str,
    names: list[str],
    headers: list[str],
) -> RawTable | None:
    """The sheet typed the fast way, as a clean CSV file is (:func:`typed_table`); or None,
    and the checker reads the text the careful way.

    A column of dates that are all days, of yes/no that are all ``true``/``false`` (as
    calamine writes a date or a boolean cell), is typed here in one step; one written
    otherwise (是/否, 2021/9/14 as text) stays text, which :func:`typed_table` types a
    distinct cell at a time by the careful path's own rules. An empty text is a blank cell."""
    known = {column.name: column for column in TABLES_BY_NAME[table].columns}
    if any(column.required and name not in names for name, column in known.items()):
        return None
    leading = len(names) - len(columns)
    texts: dict[str, pl.Expr] = {}
    values: dict[str, pl.Expr] = {}
    unclean: dict[str, pl.Expr] = {}
    for cell, name in columns.items():
        text = pl.col(cell)
        column = known.get(name)
        if column is None:  # a column of the user's own: its text as written
            texts[name] = text
            continue
        text = pl.when(text != "").then(text)
        texts[name] = text
        if column.type == DATE:
            values[name] = text.str.to_date("%Y-%m-%d", strict=False)
            unclean[name] = (text.is_not_null() & values[name].is_null()).any()
        elif column.type == BOOL:
            values[name] = text == "true"
            unclean[name] = (text.is_not_null() & ~text.is_in(["true", "false"])).any()
    marks = [mark.alias(name) for name, mark in unclean.items()]
    found = rows.select(marks).row(0, named=True) if marks else {}
    typed = [pl.lit(None, dtype=pl.String).alias(name) for name in names[:leading]]
    for name, text in texts.items():
        clean = name in values and not found[name]
        typed.append((values[name] if clean else text).alias(name))
    return typed_table(rows.select(ROW, *typed), table, source, names, headers)


# -- a workbook being read ---------------------------------------------------------------


class _FirstHalf:
    """The first half of a big sheet being halved, read by calamine (in ``pool``) as soon
    as it is both written whole (:attr:`Halves.first_end`) and scanned, whichever comes
    last: the pass tells how far it is (:meth:`scanned`), the halves' writer when the first
    half is written (``on_first``). Not read where what the pass found before it ends does
    not let calamine read it, or where ``texts()`` is false then (shared strings in doubt)."""

    def __init__(
        self,
        pool: ThreadPoolExecutor,
        title: str,
        halves: Halves | None,
        *,
        texts: Callable[[], bool],
    ) -> None:
        self.pool = pool
        self.title = title
        self.halves = halves
        self.texts = texts
        """Whether the shared strings let calamine read (asked once the half is there)."""
        self.read: Future[_Frame] | None = None
        """The first half's read, once begun."""
        self._lock = threading.Lock()
        self._scanned = 0
        self._may = True
        self._settled = halves is None
        if halves is not None:
            halves.on_first = self._written

    def scanned(self, upto: int, may: bool) -> None:
        """The pass is ``upto`` bytes into the sheet's XML; ``may``: what it found so far
        lets calamine read all before."""
        with self._lock:
            self._scanned, self._may = upto, may
            self._start()

    def _written(self) -> None:
        with self._lock:
            self._start()

    def _start(self) -> None:
        if self._settled or self.halves is None:
            return
        end, path = self.halves.first_end, self.halves.first_path
        if end is None or path is None or self._scanned < end:
            return
        self._settled = True
        if self._may and self.texts():
            self.read = self.pool.submit(_read_half, path, self.title)


class _Workbook:
    """A workbook being read: calamine for its sheets, openpyxl for those it cannot be
    trusted with (and for the whole workbook when its layout is unusual)."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.archive = zipfile.ZipFile(path)
        self.layout = _layout(self.archive)
        self.styles: frozenset[bytes] = frozenset()
        self._texts: Future[tuple[bool, bool]] | None = None
        """The look at the shared strings (:func:`_shared_texts`), in a thread of its own
        while the sheets are scanned: a workbook as Excel writes it keeps its text there,
        some megabytes for a province."""
        if self.layout is not None:
            try:
                self.styles = _doubtful_styles(self.archive, self.layout.styles)
            except (KeyError, ElementTree.ParseError, OSError, ValueError, zipfile.BadZipFile):
                self.layout = None
        if self.layout is not None and self.layout.strings is not None:
            self._strings = ThreadPoolExecutor(1, thread_name_prefix="scoplan-strings")
            self._texts = self._strings.submit(_shared_texts, self.archive, self.layout.strings)
            self._strings.shutdown(wait=False)
        self.epoch = "1904-01-02" if self.layout and self.layout.date1904 else "1900-01-01"
        """The first day a date cell is read as a day: before it, openpyxl reads a time."""
        self._reader: fastexcel.ExcelReader | None = None
        self._openpyxl: Workbook | None = None
        self._whole: Workbook | None = None
        self._calamine = ThreadPoolExecutor(1, thread_name_prefix="scoplan-calamine")
        """Calamine's own thread, the only one to use the reader: it reads a sheet while this
        one looks at the XML of the next (fastexcel lets go of the interpreter meanwhile)."""
        self._half = ThreadPoolExecutor(1, thread_name_prefix="scoplan-calamine-half")
        """Where a second reader reads the second half of a big sheet (:meth:`_halves`)."""
        self._ready: dict[str, tuple[_Scan | None, Future[_Frame] | None] | Exception] = {}

    def _shared(self) -> tuple[bool, bool]:
        if self._texts is None:
            return False, False
        try:
            return self._texts.result()
        except (KeyError, ElementTree.ParseError, OSError, ValueError, zipfile.BadZipFile):
            return True, True  # shared strings not read: openpyxl reads every sheet, or says why

    @property
    def texts_in_doubt(self) -> bool:
        """Whether a shared string is one calamine reads otherwise: openpyxl reads it all."""
        return self._shared()[0]

    @property
    def rich(self) -> bool:
        """Whether a shared string is rich text."""
        return self._shared()[1]

    def __enter__(self) -> _Workbook:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._calamine.shutdown(cancel_futures=True)
        self._half.shutdown(cancel_futures=True)
        if self._texts is not None:
            self._texts.cancel()
            wait([self._texts])  # the archive is closed below: not while it is read
        self._ready.clear()
        if self._openpyxl is not None:
            self._openpyxl.close()
        if self._whole is not None:
            self._whole.close()
        self.archive.close()

    def sheets(self) -> list[str]:
        """The titles of the worksheets, in order (chart sheets are no tables)."""
        if self.layout is None:
            return [sheet.title for sheet in self.openpyxl().worksheets]
        return [title for title, member in self.layout.sheets if member is not None]

    def hidden(self, title: str) -> bool:
        """Whether Excel hides the sheet titled ``title`` (its tab not shown)."""
        if self.layout is None:
            return bool(self.openpyxl()[title].sheet_state != "visible")
        return title in self.layout.hidden

    def openpyxl(self) -> Workbook:
        if self._openpyxl is None:
            import openpyxl  # here, not at import: the command starts faster without it

            try:
                self._openpyxl = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
            except Exception as error:  # openpyxl raises many kinds for a damaged file
                raise DataError([_unreadable(self.path.name, error)]) from None
        return self._openpyxl

    @property
    def date1904(self) -> bool:
        """Whether the workbook's date cells count from 1904 (``date1904``), not 1900."""
        if self.layout is not None:
            return self.layout.date1904
        from openpyxl.utils.datetime import CALENDAR_MAC_1904

        return bool(self.openpyxl().epoch == CALENDAR_MAC_1904)

    def _rows(self, title: str) -> Iterable[tuple[Any, ...]]:
        member = self._member(title)
        if member is not None and not _rows_in_order(self.archive, member):
            # openpyxl's reader of a sheet as it streams drops a row numbered below one it
            # has passed: the whole workbook is read, every cell put in its place
            return self._openpyxl_whole()[title].iter_rows(values_only=True)
        sheet = self.openpyxl()[title]
        # the dimensions a file declares may be wrong: read every row there is
        sheet.reset_dimensions()
        return sheet.iter_rows(values_only=True)

    def _openpyxl_whole(self) -> Workbook:
        """The workbook as openpyxl reads it whole (in memory), not as it streams."""
        if self._whole is None:
            import openpyxl

            try:
                self._whole = openpyxl.load_workbook(self.path, data_only=True)
            except Exception as error:  # openpyxl raises many kinds for a damaged file
                raise DataError([_unreadable(self.path.name, error)]) from None
        return self._whole

    def _member(self, title: str) -> str | None:
        members = dict(self.layout.sheets) if self.layout is not None else {}
        return members.get(title)

    def _scan(
        self,
        title: str,
        *,
        formulas: bool = True,
        halves: Halves | None = None,
        progress: Callable[[int, bool], None] | None = None,
    ) -> _Scan | None:
        member = self._member(title)
        if member is None:
            return None
        return _scan(
            self.archive,
            member,
            self.styles,
            formulas=formulas,
            halves=halves,
            progress=progress,
        )

    def _calamine_may(self, scan: _Scan | None) -> bool:
        """Whether calamine may read the sheet so scanned: else openpyxl reads it."""
        return self._sheet_may(scan) and not self.texts_in_doubt

    @staticmethod
    def _sheet_may(scan: _Scan | None) -> bool:
        """Whether the sheet's own XML lets calamine read it (the shared strings aside)."""
        return scan is not None and scan.safe and not scan.doubt

    def _load_unless_doubt(self, title: str) -> _Frame:
        """:meth:`_load`, in calamine's thread, unless a shared string is in doubt (then
        None: openpyxl reads the sheet), told there once the look at them is done: the
        sheets are scanned meanwhile."""
        return None if self.texts_in_doubt else self._load(title)

    def _frame(self, title: str) -> Future[_Frame]:
        """The sheet as calamine reads it, or None if calamine cannot (openpyxl then tries),
        read in calamine's thread, after the sheets asked for before it."""
        return self._calamine.submit(self._load, title)

    def _load(self, title: str) -> _Frame:
        try:
            if self._reader is None:
                self._reader = _fastexcel().read_excel(self.path)
            return _load(self._reader, title)
        except Exception:  # calamine refuses what openpyxl may yet read
            return None

    def _halves(self, member: str) -> Halves | None:
        """Halves to write a big sheet to as it is scanned, for two readers to read at once;
        None where one reader reads it (one processor, a sheet too big to halve or packed
        otherwise than calamine unpacks)."""
        if self.layout is None or cores() < 2:
            return None
        info = self.archive.getinfo(member)
        if info.file_size > MAX_SHEET_BYTES:
            return None
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return None  # calamine cannot read the sheet itself (bzip2, LZMA): nor its halves
        kept = {self.layout.book, self.layout.styles, self.layout.strings}
        return Halves(self.archive, member, frozenset(name for name in kept if name))

    def _load_halves(
        self, title: str, halves: Halves, paths: list[str], first: Future[_Frame] | None
    ) -> _Frame:
        """The sheet as calamine reads it whole, read as two halves at once (in this thread
        and in :attr:`_half`'s, where the first may already be read: ``first``); read whole
        where the halves cannot be joined."""
        try:
            if first is None:
                second = self._half.submit(_read_half, paths[1], title)
                read = _read_half(paths[0], title), second.result()
            else:
                bottom = _read_half(paths[1], title)
                read = first.result(), bottom
        finally:
            halves.discard()
        if read[0] is not None and read[1] is not None:
            both = joined(read[0], read[1])
            if both is not None:
                return both
        return self._load(title)

    def prepare(self, title: str) -> None:
        """Scan the sheet now, and have calamine read it meanwhile where it may, for
        :meth:`table` to take up in its turn. Calamine reads XML only once it has been
        scanned: it never lays out a sheet it may not. A big sheet is written out in halves
        as it is scanned, for two readers to read at once, the first begun as soon as its
        half is written and scanned."""
        member = self._member(title)
        halves = None
        if member is not None and _big(self.archive, member):
            halves = self._halves(member)
        first = _FirstHalf(self._half, title, halves, texts=lambda: not self.texts_in_doubt)
        try:
            scan = self._scan(title, halves=halves, progress=first.scanned)
            paths = halves.done() if halves is not None else None
        except Exception as error:  # raised in its turn, after what the sheets before say
            if halves is not None:
                _let_go(halves, first.read)
            self._ready[title] = error
            return
        coming = None
        if not self._sheet_may(scan) or (halves is not None and not self._calamine_may(scan)):
            if halves is not None:
                _let_go(halves, first.read)  # the first half's read (if begun) goes unused
        elif halves is not None and paths is not None:
            coming = self._calamine.submit(self._load_halves, title, halves, paths, first.read)
        else:
            if first.read is not None:
                first.read.result()  # the halves could not be finished: the sheet is read whole
            coming = self._calamine.submit(self._load_unless_doubt, title)
        self._ready[title] = (scan, coming)

    def has_cells(self, title: str) -> bool:
        scan = self._scan(title, formulas=False)
        if self._calamine_may(scan):
            loaded = self._frame(title).result()
            if loaded is not None:
                frame = loaded[0]
                return frame.width > 0 and any(
                    frame.select(_filled(name).any() for name in frame.columns).row(0)
                )
        return _has_cells(self._rows(title))

    def top(self, title: str) -> list[list[str | None]]:
        """The sheet's first :data:`HEADER_SEARCH_ROWS` rows, cells as text: where a header
        would be, below title rows."""
        rows = itertools.islice(self._rows(title), HEADER_SEARCH_ROWS)
        return [[cell_text(value) for value in values] for values in rows]

    def table(self, title: str, table: str, where: str) -> tuple[RawTable, list[Problem]]:
        ready = self._ready.pop(title, None)
        if isinstance(ready, Exception):
            raise ready
        if ready is not None:
            scan, coming = ready
        else:
            scan = self._scan(title)
            coming = self._frame(title) if self._calamine_may(scan) else None
        read: tuple[RawTable, list[Problem]] | None = None
        loaded = coming.result() if coming is not None else None
        del coming  # the frame is held here only, and let go as soon as it is read
        if scan is None:  # a workbook of unusual layout: its sheet's XML scanned here
            scan = self._unscanned(title)
        merged = merges(scan.merged) if scan is not None else ()
        if scan is not None and loaded is not None:
            rich = scan.rich or self.rich
            limits, epoch, decimals = self.limits, self.epoch, scan.decimals
            read = _fast_table(*loaded, table, where, limits, epoch, decimals, rich, merged)
        del loaded
        if read is None:
            try:
                rows, date1904 = self._rows(title), self.date1904
                numbers_at = functools.partial(self._numbers_at, title)
                read = _read_sheet(rows, table, where, self.limits, merged, date1904, numbers_at)
            except DataError:
                raise  # an oversized sheet: the workbook is refused, not read in part
            except Exception as error:
                read = _unread(table, where), [_unreadable(where, error, table)]
        raw, problems = read
        if scan is not None and scan.hidden:
            hidden = hidden_rows(scan.hidden)
            problems = [*problems, *hidden_said(raw, hidden, scan.filtered, table, where)]
        unsaved = scan.unsaved if scan is not None else []
        if unsaved:
            problems = [*problems, *_formula_problems(unsaved, raw, where, problems)]
        return raw, problems

    def _numbers_at(
        self, title: str, places: Collection[tuple[int, int]]
    ) -> dict[tuple[int, int], str]:
        """The numbers the sheet titled ``title`` holds at ``places`` (row, column, from 1),
        as its XML writes them (:func:`_numbers_at`); none where its part is not told."""
        member = self._member(title)
        if member is None and self.layout is None:
            # the part openpyxl's reader of the sheet opens (it says no other way)
            member = getattr(self.openpyxl()[title], "_worksheet_path", None)
        if not isinstance(member, str) or member not in self.archive.namelist():
            return {}
        return _numbers_at(self.archive, member, places)

    def _unscanned(self, title: str) -> _Scan | None:
        """The pass over a sheet of a workbook of unusual layout, which openpyxl reads whole,
        unscanned, made over the part openpyxl reads the sheet from as over any other sheet
        (:func:`_scan`); None where that part is not told. What openpyxl does not say is
        found there: the formulas without a saved value (openpyxl reads such a formula as
        an empty cell, and a required one would be said to be blank) and the merged cells
        (a read-only sheet of openpyxl has none)."""
        if self.layout is not None:
            return None
        # the part openpyxl's reader of the sheet opens (it says no other way)
        member = getattr(self.openpyxl()[title], "_worksheet_path", None)
        if not isinstance(member, str) or member not in self.archive.namelist():
            return None
        return _scan(self.archive, member, frozenset())


def _let_go(halves: Halves, first: Future[_Frame] | None) -> None:
    """Let go of ``halves``, once the read of the first (``first``, if begun) has ended."""
    if first is not None:
        first.result()
    halves.discard()


def read(
    source: str,
    progress: ProgressCallback | None = None,
    *,
    only: Collection[str] | None = None,
) -> tuple[dict[str, RawTable], list[Problem]]:
    """The tables of the workbook at ``source``, a sheet each, and the problems; with
    ``only``, the sheets of those tables alone, the others left unread and unsaid (a
    province's districts, read in a moment beside its organizations' sheet)."""
    path = Path(source)
    limits = current()
    _check_archive(path, limits)
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    with warnings.catch_warnings():
        # openpyxl warns about what it does not keep (data validation, styles): not ours to say
        warnings.simplefilter("ignore")
        with _Workbook(path, limits) as workbook:
            titles = workbook.sheets()
            # each table's sheet: the first shown that is named for it, else the first hidden
            first: dict[str, str] = {}
            for title in sorted(titles, key=workbook.hidden):
                table = canonical_table(title)
                if table is not None and (only is None or table in only):
                    first.setdefault(table, title)
            for title in first.values():
                workbook.prepare(title)
            absent = {table for table in TABLE_ALIASES.values() if table not in first}
            held: dict[str, list[tuple[str, str, bool]]] = {}  # a table's rows named otherwise
            for title in titles:
                where = f"{path.name}: {title}"
                table = canonical_table(title)
                if only is not None and table not in only:
                    continue
                if table is None:
                    if _skipped(title) or not workbook.has_cells(title):
                        continue
                    hidden = workbook.hidden(title)
                    rows = None if summary_name(title) else held_table(workbook.top(title))
                    if rows is not None:  # a table's rows on a sheet of another name
                        held.setdefault(rows, []).append((title, where, hidden))
                    else:
                        problems.append(unknown_table(title, where, absent, hidden=hidden))
                    continue
                if first[table] != title:
                    other = f"{path.name}: {first[table]}"
                    sheet = title if workbook.hidden(title) else None
                    problems.append(duplicate_table(table, where, other, hidden=sheet))
                    continue
                if progress is not None:
                    progress(where)
                if workbook.hidden(title):
                    problems.append(hidden_table(table, where, title))
                raw, found = workbook.table(title, table, where)
                tables[table] = raw
                problems.extend(found)
            problems.extend(held_elsewhere(held, first, path.name))
    return tables, problems


def _unread(table: str, source: str) -> RawTable:
    """A table that is there but could not be read: every known column, no row."""
    names = [column.name for column in TABLES_BY_NAME[table].columns]
    return raw_table(table, source, names, [], [])


@hookimpl
def scoplan_register_loaders(register: Callable[[Loader], None]) -> None:
    register(Loader("xlsx", Text("Excel 工作簿", "Excel workbook"), accepts, read))
