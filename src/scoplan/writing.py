"""Writing a dataset in the other forms scoplan reads: an Excel workbook, a SQLite database.

:func:`convert` loads any source a loader reads (a folder of CSV files, a JSON document, a
workbook, a database) and writes it out; ``scoplan convert SOURCE OUT`` is its command.
What is written is the checked data, so the result loads back to the same dataset — the same
fingerprint, the same reports. Each table becomes a sheet (or a database table) named as in
DATA.md, or by its Chinese name with ``names="zh"``; its columns come in DATA.md's order,
then the extra ones. In a workbook dates are Excel dates, booleans TRUE/FALSE, and text that
starts with ``=`` stays text, never a formula; in SQLite dates are ISO text and booleans 0/1.
Lists are joined with ``;``. Nothing is written unless all of it can be: the output appears
whole, in one move, or not at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
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


def _target(target: str) -> tuple[str, Path]:
    """(``xlsx`` or ``sqlite``, the file) of an output name, or a ScoplanError."""
    if target.lower().startswith("sqlite:///") and "?" not in target:
        return "sqlite", Path(target[len("sqlite:///") :])
    if "://" not in target and Path(target).suffix.lower() == ".xlsx":
        return "xlsx", Path(target)
    raise ScoplanError([Problem("convert_target", target)])


def convert(
    source: str | os.PathLike[str],
    target: str,
    *,
    names: str = "en",
    force: bool = False,
    registry: Registry | None = None,
    limits: Limits | None = None,
) -> Written:
    """Load ``source`` and write it to ``target``: ``OUT.xlsx`` or ``sqlite:///OUT.db``.

    ``limits`` bounds what the source may cost, as :func:`scoplan.load`'s does.

    Raises :class:`~scoplan.DataError` when the source does not load (nothing is written),
    and :class:`~scoplan.ScoplanError` when the target is neither form, is or is inside
    anything the source reads (even with ``force``), or exists already and ``force`` is not
    given. A device or FIFO target (``/dev/null``) is written in place, never replaced.
    """
    from scoplan._output import files_read, refusals
    from scoplan.api import load

    def refuse(code: str) -> NoReturn:
        raise ScoplanError([Problem(code, target)])

    kind, path = _target(target)
    # an output that is, or is inside, what is read (a file of the source folder, the
    # database behind a URL, its mapping) is refused, even with force
    problems = refusals(path, files_read(os.fspath(source)), where=target)
    if problems:
        raise ScoplanError(problems)
    if path.exists():
        if path.is_dir():
            refuse("output_is_folder")
        if not force:
            refuse("output_exists")
    from scoplan._installed import registry_or_installed
    from scoplan.schema import declaring

    registry = registry_or_installed(registry)
    data = load(source, registry=registry, limits=limits)
    write = write_workbook if kind == "xlsx" else write_sqlite
    with declaring(registry.columns):  # the columns plugins declare are written too
        rows = write(data, path, names=names)
    return Written(target, len(TABLES), rows)
