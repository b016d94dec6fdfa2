"""Writing a dataset in the forms scoplan reads: a folder of CSV files, an Excel workbook, a
SQLite database.

:func:`convert` loads any source a loader reads (a folder of CSV files, a JSON document, a
workbook, a database) and writes it out; ``scoplan convert SOURCE OUT`` is its command.
What is written is the checked data, so the result loads back to the same dataset — the same
fingerprint, the same reports. Each table becomes a CSV file (or a sheet, or a database
table) named as in DATA.md, or by its Chinese name with ``names="zh"``; its columns come in
DATA.md's order, then the extra ones. In a workbook dates are Excel dates, booleans
TRUE/FALSE, and text that starts with ``=`` stays text, never a formula; in SQLite dates are
ISO text and booleans 0/1; in a CSV file dates are ISO text, booleans true/false, and the
file is UTF-8 with a BOM (which Excel needs to read it as UTF-8) or GB18030. Lists are
joined with ``;``. Nothing is written unless all of it can be: the output appears whole, in
one move, or not at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import attrs

from scoplan._exceptions import Problem, ScoplanError
from scoplan._output import _atomically
from scoplan.schema import BOOL, LIST, LIST_SEPARATORS, TABLES, TABLES_BY_NAME

if TYPE_CHECKING:
    from scoplan.dataset import Dataset
    from scoplan.limits import Limits
    from scoplan.plugins import Registry

NAMES = ("en", "zh")
ENCODINGS = ("utf-8", "gb18030")
"""The encodings of a CSV folder: UTF-8 with a BOM, or GB18030."""


@attrs.frozen
class Written:
    """What :func:`convert` wrote: where, and how many tables and rows."""

    target: str
    tables: int
    rows: int


def _columns(data: Dataset, table: str) -> list[str]:
    frame = data.frame(table)
    known = [column.name for column in TABLES_BY_NAME[table].columns]
    extras = [name for name in frame.columns if name not in known]
    if table == "communities":
        # the dataset adds each community's district; DATA.md's table does not hold it
        extras = [name for name in extras if name != "district_id"]
    return known + extras


def _tables(data: Dataset, names: str) -> Iterator[tuple[str, list[str], list[tuple[Any, ...]]]]:
    """Each table: its name and headers in ``names``' language, and its rows as Python values."""
    if names not in NAMES:
        raise ValueError(f"names is one of {', '.join(NAMES)}, not {names!r}")
    for table in TABLES:
        columns = _columns(data, table.name)
        aliases = {column.name: column.alias for column in table.columns}
        headers = [aliases.get(c, c) for c in columns] if names == "zh" else columns
        lists = {c.name for c in table.columns if c.type == LIST}
        frame = data.frame(table.name).select(columns)
        rows = [
            tuple(
                (LIST_SEPARATORS[0].join(value) or None) if name in lists else value
                for name, value in zip(columns, row, strict=True)
            )
            for row in frame.iter_rows()
        ]
        yield (table.alias if names == "zh" else table.name), headers, rows


_SQLITE_FULL = 13
"""SQLite's result code for "database or disk is full"."""


@contextlib.contextmanager
def _quiet_finalizers() -> Iterator[None]:
    """No "Exception ignored in …" from objects finalized in this block."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        yield
    finally:
        sys.unraisablehook = hook


def _not_in_workbook(data: Dataset, names: str) -> list[Problem]:
    """Each cell holding a control character a workbook cannot hold, named: its sheet, row
    (as the workbook would number it), column, record id and the character.

    A report writes such a character as an escape (``\\x01``); a conversion does not,
    since it would change the data (a workbook read back would hold ``\\x01``, four
    characters): it refuses, and SQLite, which holds any text, is the way to convert it.
    """
    import polars as pl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from scoplan._display import WORKBOOK_ILLEGAL, character_name
    from scoplan.cell_typing import MAX_PROBLEMS_PER_CHECK

    problems: list[Problem] = []
    for table in TABLES:
        frame = data.frame(table.name)
        columns = _columns(data, table.name)
        aliases = {column.name: column.alias for column in table.columns}
        title = table.alias if names == "zh" else table.name
        for column in columns:
            dtype = frame.schema[column]
            if dtype == pl.String:
                cells = pl.col(column)
            elif dtype == pl.List(pl.String):
                cells = pl.col(column).list.join(LIST_SEPARATORS[0])
            else:
                continue
            bad = (
                frame.with_row_index("__row", offset=2)
                .filter(cells.str.contains(WORKBOOK_ILLEGAL))
                .select("__row", "id", cells.alias("__value"))
            )
            header = aliases.get(column, column) if names == "zh" else column
            for row, record, value in bad.head(MAX_PROBLEMS_PER_CHECK).iter_rows():
                found = ILLEGAL_CHARACTERS_RE.search(value)
                char = character_name(found.group()) if found else ""
                problems.append(
                    Problem(
                        "not_in_workbook",
                        title,
                        table=table.name,
                        row=row,
                        column=header,
                        value=value,
                        params={"char": char, "id": record or ""},
                    )
                )
            if bad.height > MAX_PROBLEMS_PER_CHECK:
                rest = {"count": bad.height - MAX_PROBLEMS_PER_CHECK}
                problems.append(Problem("more", title, column=header, params=rest))
    return problems


def write_workbook(data: Dataset, path: Path, *, names: str = "en") -> int:
    """Write ``data`` as an ``.xlsx`` workbook, a sheet per table; the number of rows written.

    Raises :class:`~scoplan.ScoplanError` naming every cell that holds a control character
    a workbook cannot hold, and writes nothing then.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    if names not in NAMES:
        raise ValueError(f"names is one of {', '.join(NAMES)}, not {names!r}")
    problems = _not_in_workbook(data, names)
    if problems:
        raise ScoplanError(problems)
    tables = list(_tables(data, names))

    def write(temporary: Path) -> None:
        try:
            save(temporary)
            return
        except OSError as error:
            failure = error
        # openpyxl leaves its half-written zip file and each sheet's writer open, and each says
        # again, when it is finalized, that the disk is full: finalize them here, quietly
        plain = OSError(failure.errno, failure.strerror, failure.filename)
        with _quiet_finalizers():
            failure.__traceback__ = failure.__context__ = None
            del failure
            gc.collect()
        raise plain

    def save(temporary: Path) -> None:
        workbook = Workbook(write_only=True)
        for title, headers, rows in tables:
            sheet = workbook.create_sheet(title)
            sheet.append(headers)
            for row in rows:
                cells: list[Any] = []
                for value in row:
                    if isinstance(value, str) and value.startswith("="):
                        # openpyxl writes text that starts with "=" as a formula
                        cell = WriteOnlyCell(sheet, value=value)
                        cell.data_type = "s"
                        cells.append(cell)
                    else:
                        cells.append(value)
                sheet.append(cells)
        workbook.save(temporary)

    _atomically(path, write)
    return sum(data.size().values())


def _sql_type(table: str, column: str) -> str:
    known = {c.name: c for c in TABLES_BY_NAME[table].columns}.get(column)
    if known is None:
        return "TEXT"
    if known.name == "id":
        return "TEXT PRIMARY KEY"
    # SQLite has no date type: ISO text sorts and compares as dates do
    return "INTEGER" if known.type == BOOL else "TEXT"


def write_sqlite(data: Dataset, path: Path, *, names: str = "en") -> int:
    """Write ``data`` as a SQLite database, a table per table; the number of rows written."""

    def quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def value(cell: Any) -> Any:
        if isinstance(cell, dt.date):
            return cell.isoformat()
        return cell

    def write(temporary: Path) -> None:
        try:
            fill(temporary)
        except sqlite3.OperationalError as error:
            # the database could not be written: a full disk, an I/O error (not a bug)
            code = getattr(error, "sqlite_errorcode", None)
            if code is not None and code & 0xFF == _SQLITE_FULL:
                raise ScoplanError([Problem("disk_full", str(path))]) from None
            problem = Problem("unwritable", str(path), params={"reason": str(error)})
            raise ScoplanError([problem]) from None

    def fill(temporary: Path) -> None:
        connection = sqlite3.connect(temporary)
        try:
            with connection:
                for (title, headers, rows), table in zip(_tables(data, names), TABLES, strict=True):
                    columns = _columns(data, table.name)
                    spec = ", ".join(
                        f"{quote(header)} {_sql_type(table.name, column)}"
                        for header, column in zip(headers, columns, strict=True)
                    )
                    connection.execute(f"CREATE TABLE {quote(title)} ({spec})")
                    marks = ", ".join("?" for _ in headers)
                    connection.executemany(
                        f"INSERT INTO {quote(title)} VALUES ({marks})",
                        ([value(cell) for cell in row] for row in rows),
                    )
        finally:
            connection.close()

    _atomically(path, write)
    return sum(data.size().values())


_CSV_CHUNK_ROWS = 100_000
"""Rows made into CSV text at a time: a province's register is never held whole as text
beside its bytes."""


def csv_name(table: str, names: str) -> str:
    """The file name of ``table`` in a CSV folder: ``organizations.csv``, or with
    ``names="zh"`` ``社区社会组织.csv``."""
    found = TABLES_BY_NAME[table]
    return f"{found.alias if names == 'zh' else found.name}.csv"


def _csv_own() -> frozenset[str]:
    """The files a CSV folder written before may hold: each table's, in either language."""
    return frozenset(csv_name(table.name, names) for table in TABLES for names in NAMES)


def csv_files(data: Dataset, *, names: str = "en", encoding: str = "utf-8") -> dict[str, bytes]:
    """Each table of ``data`` as a CSV file, by file name: the header in ``names``'
    language, dates ISO text, booleans ``true``/``false``, lists joined with ``;``, an
    empty cell for a value not given; CRLF line ends, as Excel writes them. ``utf-8``
    files begin with a BOM, without which Excel reads them in the system's code page;
    ``gb18030`` files have none."""
    import polars as pl

    if names not in NAMES:
        raise ValueError(f"names is one of {', '.join(NAMES)}, not {names!r}")
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding is one of {', '.join(ENCODINGS)}, not {encoding!r}")
    files: dict[str, bytes] = {}
    for table in TABLES:
        columns = _columns(data, table.name)
        aliases = {column.name: column.alias for column in table.columns}
        lists = [c.name for c in table.columns if c.type == LIST]
        frame = data.frame(table.name).select(columns)
        frame = frame.with_columns(
            # an empty list is an empty cell, as in a workbook
            pl.col(name).list.join(LIST_SEPARATORS[0]).replace("", None)
            for name in lists
        )
        if names == "zh":
            frame = frame.rename({column: aliases.get(column, column) for column in columns})
        parts = [b"\xef\xbb\xbf"] if encoding == "utf-8" else []
        for start in range(0, max(frame.height, 1), _CSV_CHUNK_ROWS):
            text = frame.slice(start, _CSV_CHUNK_ROWS).write_csv(
                include_header=start == 0, line_terminator="\r\n"
            )
            parts.append(text.encode(encoding))
        files[csv_name(table.name, names)] = b"".join(parts)
    return files


def write_csv_folder(
    data: Dataset, path: Path, *, names: str = "en", encoding: str = "utf-8"
) -> int:
    """Write ``data`` as a folder of CSV files, a file per table; the number of rows written.

    The files are made in a new folder beside ``path`` that then takes its place: a folder
    there before (empty, or holding only the files of a folder written so before) is
    replaced whole. Raises :class:`~scoplan.ScoplanError` when the folder has come to hold
    anything else, and writes nothing then; OSError when it cannot be written."""
    from scoplan._output import Destination, _refuse_full, write

    files = csv_files(data, names=names, encoding=encoding)
    above = next((p for p in Path(os.path.abspath(path)).parents if os.path.lexists(p)), None)
    if above is not None and not above.is_dir():
        # making the folders above would say "File exists" of it, which says nothing
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))
    where = Destination({name: path / name for name in files}, path, _csv_own())
    try:
        write(where, files)
    except OSError as error:
        _refuse_full(error, path)
        raise
    except ScoplanError as error:
        said = [
            _stranger(path, p.value) if p.code == "output_folder_not_own" else p
            for p in error.problems
        ]
        raise ScoplanError(said) from None
    return sum(data.size().values())


def _stranger(path: Path, entry: Any) -> Problem:
    return Problem("convert_folder_not_own", str(path), value=str(entry))


def _csv_folder_refusals(path: Path, inputs: list[Path], force: bool) -> list[Problem]:
    """Why the folder ``path`` may not be written: what the run reads in it, anything in it
    but the files of a CSV folder written before (not even with ``force``: they would be
    lost), and those files without ``force``."""
    from scoplan._output import _within

    inside = next((given for given in inputs if _within(given, path)), None)
    if inside is not None:
        return [Problem("convert_input_in_folder", str(path), value=str(inside))]
    entries = sorted(os.listdir(path)) if path.is_dir() else []
    own = _csv_own()
    for entry in entries:
        if entry not in own or not (path / entry).is_file() or (path / entry).is_symlink():
            return [_stranger(path, entry)]
    if entries and not force:
        return [Problem("convert_folder_not_empty", str(path))]
    return []


SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
"""The suffixes of an output name that :func:`convert` writes as an SQLite database."""


def _target(target: str) -> tuple[str, Path]:
    """(``xlsx``, ``sqlite`` or ``csv``, the file or folder) of an output name, or a
    ScoplanError.

    A name ending in ``.xlsx`` is a workbook; a ``sqlite:///`` URL or a name ending in
    ``.db``, ``.sqlite`` or ``.sqlite3`` a database (which reads back by its path); and a folder
    of CSV files is named by a folder that exists, a name ending in ``/``, or a new name
    without a suffix (``csvdir``; a new folder whose name has a dot is named with a ``/``:
    ``台账2023.v2/``). A file that exists is never taken for a folder."""
    if target.lower().startswith("sqlite:///") and "?" not in target:
        return "sqlite", Path(target[len("sqlite:///") :])
    if "://" in target:
        raise ScoplanError([Problem("convert_target", target)])
    path = Path(target)
    if path.suffix.lower() == ".xlsx":
        return "xlsx", path
    if path.suffix.lower() in SQLITE_SUFFIXES:
        return "sqlite", path
    slashes = tuple(sep for sep in (os.sep, os.altsep) if sep)
    folder = target.endswith(slashes) or path.is_dir() or not path.suffix
    if folder and os.path.lexists(path) and not path.is_dir():
        raise ScoplanError([Problem("convert_file_not_folder", target)])
    if folder:
        return "csv", path
    raise ScoplanError([Problem("convert_target", target, value=path.suffix)])


def convert(
    source: str | os.PathLike[str],
    target: str,
    *,
    names: str = "en",
    force: bool = False,
    registry: Registry | None = None,
    limits: Limits | None = None,
    encoding: str | None = None,
) -> Written:
    """Load ``source`` and write it to ``target``: ``OUT.xlsx``, ``OUT.db``
    (``sqlite:///OUT.db``) or a folder of CSV files (``OUT/``, or a new name without a suffix:
    see :func:`_target`), whose files are in ``encoding``: ``utf-8`` (with a BOM, the default)
    or ``gb18030``.

    ``limits`` bounds what the source may cost, as :func:`scoplan.load`'s does.

    Raises :class:`~scoplan.DataError` when the source does not load (nothing is written),
    and :class:`~scoplan.ScoplanError` when the target is none of these forms, is or is
    inside anything the source reads (even with ``force``), exists already and ``force`` is
    not given, or is a folder holding anything but the CSV files of tables (even with
    ``force``: the folder is replaced whole); and when ``encoding`` is given for a workbook
    or a database. A device or FIFO target (``/dev/null``) is written in place, never
    replaced.
    """
    from scoplan._output import files_read, refusals
    from scoplan.api import load

    def refuse(code: str) -> NoReturn:
        raise ScoplanError([Problem(code, target)])

    kind, path = _target(target)
    if encoding is not None and encoding not in ENCODINGS:
        raise ValueError(f"encoding is one of {', '.join(ENCODINGS)}, not {encoding!r}")
    if encoding is not None and kind != "csv":
        raise ScoplanError([Problem("convert_encoding_not_csv", target, value=encoding)])
    # an output that is, or is inside, what is read (a file of the source folder, the
    # database behind a URL, its mapping) is refused, even with force
    inputs = files_read(os.fspath(source))
    problems = refusals(path, inputs, where=target)
    if not problems and kind == "csv":
        problems = _csv_folder_refusals(path, inputs, force)
    if problems:
        raise ScoplanError(problems)
    if kind != "csv" and path.exists():
        if path.is_dir():
            refuse("output_is_folder")
        if not force:
            refuse("output_exists")
    from scoplan._installed import registry_or_installed
    from scoplan.schema import declaring

    registry = registry_or_installed(registry)
    data = load(source, registry=registry, limits=limits)
    with declaring(registry.columns):  # the columns plugins declare are written too
        if kind == "csv":
            rows = write_csv_folder(data, path, names=names, encoding=encoding or "utf-8")
        else:
            rows = (write_workbook if kind == "xlsx" else write_sqlite)(data, path, names=names)
    return Written(target, len(TABLES), rows)
