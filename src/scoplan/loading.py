"""Loading a source: read through the registry's loaders, then typed and checked.

:func:`read_raw` asks the first registered loader that accepts a source (a folder of CSV
files, a JSON document, a workbook, a database URL…) for its :class:`RawTable` records,
whose cells are all strings (or null), with canonical column names where the header is
known, and the row number a spreadsheet would show; it bounds what they may cost
(:func:`over_limits`). :func:`load` then hands them to :mod:`scoplan.checking`, which types
and checks them, and returns a :class:`~scoplan.dataset.Dataset` or raises one
:class:`~scoplan.DataError` with every problem found.

The reading itself is each loader's own (:mod:`scoplan.loaders`), on the loader contract
(:mod:`scoplan.loaders.contract`). The names a loader used to take from here are still
importable from here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from scoplan._exceptions import DataError, PluginError, Problem
from scoplan._isolation import fault_message, no_exit, plugin_fault, zh_reason
from scoplan.i18n import Text
from scoplan.limits import Limits, applied, is_over, over
from scoplan.loaders._decoding import decode
from scoplan.loaders._frames import SOURCE as FRAMES
from scoplan.loaders._tables import (
    canonical_table,
    duplicate_table,
    header_position,
    header_words,
    raw_tables,
    unknown_table,
)
from scoplan.loaders._typed import typed_table
from scoplan.loaders.contract import (
    _EXTRA_CODES,
    _LEAVING,
    ITEMS,
    ROW,
    ProgressCallback,
    RawTable,
    codes_in_force,
    normalised,
    split_list,
)
from scoplan.loaders.csv_folder import read_csv_folder, read_typed_csv
from scoplan.loaders.json_document import read_json_document
from scoplan.schema import TABLES, declaring

if TYPE_CHECKING:
    from scoplan.dataset import Dataset
    from scoplan.plan import Plan
    from scoplan.plan_columns import Columns
    from scoplan.plugins import Registry
    from scoplan.warning_checks import ExtraCodes


Tables = Mapping[str, "pl.DataFrame | Sequence[Mapping[str, Any]]"]
"""Tables given in memory: by table name, a polars DataFrame or a list of rows."""


def load(
    path: str | os.PathLike[str] | Tables,
    *,
    progress: ProgressCallback | None = None,
    registry: Registry,
    strict: bool = False,
    limits: Limits | None = None,
    plan: Plan | None = None,
) -> Dataset:
    """Load a dataset: a folder of CSV files, a JSON document, a workbook, a database URL…

    The first registered loader that accepts ``path`` reads it (scoplan's own first, then
    plugins'); scoplan then types and checks what it read. Raises
    :class:`~scoplan.DataError` with every problem found. Nothing given is ever written.

    What is doubtful but not wrong (an unknown code in an open list, a unit whose official
    code points to another parent, a date in the future) is in ``Dataset.warnings``; with
    ``strict`` each warning is an error instead.

    ``limits`` bounds what the input may cost (:class:`scoplan.limits.Limits`; default: the
    limits in force, generous enough for the whole country). An input past one is refused,
    before the part that is too large is read, with a problem naming the limit.

    With a ``plan``, every cell is still checked, but the dataset holds only the columns
    the plan's target kinds read (:mod:`scoplan.plan_columns`): a country's organizations
    without the names, sizes… no milestone reads. What it lacks is in ``Dataset.dropped``.
    A county's plan's own level written as its report says it (县本级, 全县) is the county's
    code (:func:`scoplan.engine.plan_own_level`).
    A code of an open list the plan's milestones name (a kind of its own) is known then,
    not warned of, and so are the names the plan's ``terms`` give it
    (:mod:`scoplan.plan_codes`).

    ``path`` may also be tables a program holds, by table name (English or Chinese): each
    a polars DataFrame or a list of rows, each a mapping of column to value
    (``{"organizations": frame, "districts": [{"id": "341002", …}], …}``). They are read as
    a JSON document's rows are (:func:`read_frames`) and checked as any source is: column
    names in English or Chinese, codes in any of their spellings (``城市社区``, ``备案``),
    dates as dates or in the bureau's forms (``2021年3月1日``), references, the warnings; a
    problem names the table and the row, from 1 (``frames: organizations, row 3``).
    """
    from scoplan._display import masked
    from scoplan.checking import check_tables
    from scoplan.engine import plan_own_level
    from scoplan.plan_codes import plan_vocabulary
    from scoplan.plan_columns import columns_read

    if isinstance(path, Mapping):
        source = FRAMES
    elif isinstance(path, str | os.PathLike):
        source = os.fspath(path)
    else:
        raise TypeError(not_a_source(path))
    read = columns_read(plan, registry) if plan is not None else None
    codes = registry.codes
    if plan is not None:
        codes = plan_vocabulary(plan, registry)[0]
    if isinstance(path, Mapping):
        tables, problems = read_frames(path, registry, limits)
    else:
        tables, problems = read_raw(source, registry, progress, limits, read=read, codes=codes)
    data = check_tables(
        tables,
        problems,
        origin=masked(source),
        extra_codes=codes,
        strict=strict,
        columns=registry.columns,
        own_level=plan_own_level(plan) if plan is not None else None,
    )
    data.origin = masked(source)
    if not isinstance(path, Mapping):  # tables in memory have no file to date them by
        data.modified = last_modified(source, data.sources)
    data.absent = tuple(table.name for table in TABLES if table.name not in tables)
    return data if read is None else data.holding(read)


def not_a_source(given: object, taker: str = "load") -> str:
    """What :func:`load` (``taker``: or ``check``, which takes the same) says of something it
    cannot read (a DataFrame alone, a list…)."""
    found = type(given).__name__
    where = type(given).__module__.partition(".")[0]
    said = f"{where}.{found}" if where not in ("builtins", "") else found
    also = ""
    if found == "DataFrame":
        also = "; a single DataFrame is one table: give it under its table's name"
    return (
        f"scoplan.{taker} takes a path (a folder of CSV files, a JSON document, a workbook), a "
        "database URL, or tables by name, each a polars DataFrame or a list of rows "
        f'({{"organizations": frame, "communities": [...], ...}}), not a {said}{also}'
    )


def read_frames(
    frames: Tables, registry: Registry, limits: Limits | None = None
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Raw tables from tables given in memory (see :func:`load`), as
    :mod:`scoplan.loaders._frames` reads them, the columns of ``registry``'s plugins
    declared; a DataError when one is past its ``limits`` (or the tables are no tables)."""
    from scoplan.loaders._frames import read_frames as read

    if registry.column_conflicts:
        raise PluginError(registry.column_conflicts)
    with applied(limits) as bounds, declaring(registry.columns):
        tables, problems = read(frames)
        problems = [*problems, *over_limits(tables.values(), bounds)]
    if any(is_over(problem) for problem in problems):
        raise DataError(problems)
    return tables, problems


def load_districts(
    path: str | os.PathLike[str], *, registry: Registry, limits: Limits | None = None
) -> Dataset | None:
    """The districts of the data at ``path`` alone, as a dataset with no other unit: what a
    plan's area, groups and scopes are looked for in before the data is read whole (a
    country's districts take a moment, its organizations seconds). None where the districts
    cannot be read alone (a plugin's source) or not cleanly
    (a problem of theirs, which reading the data whole says): the data is then read whole
    for them."""
    from scoplan._display import masked
    from scoplan.checking import checked_alone
    from scoplan.dataset import Dataset
    from scoplan.loaders import csv_folder, json_document, sql_database, xlsx_workbook

    source = os.fspath(path)
    loader = registry.loader_for(source) if source else None
    if loader is None or registry.column_conflicts:
        return None
    only = {"districts"}
    with applied(limits) as bounds, declaring(registry.columns):
        try:
            if loader.read is csv_folder.read:
                tables, problems = read_csv_folder(Path(source), only=only)
            elif loader.read is xlsx_workbook.read:
                tables, problems = xlsx_workbook.read(source, only=only)
            elif loader.read is sql_database.read:
                tables, problems = sql_database.read(source, only=only)
            elif loader.read is json_document.read:
                tables, problems = json_document.read_json_document(Path(source), only=only)
            else:
                return None
        except DataError:
            return None
        raw = tables.get("districts")
        if raw is None or problems or not raw.complete or over_limits([raw], bounds):
            return None
        frame, found = checked_alone(raw)
    if found or not frame.height:
        return None
    data = Dataset.from_frames({"districts": frame})
    data.origin = masked(source)  # read from a source: a district's own register is partial
    return data


def last_modified(source: str, names: Iterable[str] = ()) -> str:
    """When the data at ``source`` was last changed, ISO 8601 in local time to the second:
    a file's own time, a folder's latest among the files read (``names``), a ``sqlite:`` or
    ``duckdb:`` URL's database file. Empty for another URL, or when it cannot be told."""
    import datetime as dt

    if "://" in source:
        if not source.startswith(("sqlite:", "sqlite+", "duckdb:")) or ":///" not in source:
            return ""
        source = source.split(":///", 1)[1].split("?", 1)[0]
    path = Path(source)
    try:
        if path.is_dir():
            times = [(path / name).stat().st_mtime for name in names if (path / name).is_file()]
            stamp = max(times, default=path.stat().st_mtime)
        else:
            stamp = path.stat().st_mtime
    except (OSError, ValueError):
        return ""
    return dt.datetime.fromtimestamp(stamp).astimezone().isoformat(timespec="seconds")


def read_raw(
    source: str,
    registry: Registry,
    progress: ProgressCallback | None = None,
    limits: Limits | None = None,
    *,
    read: Columns | None = None,
    codes: ExtraCodes | None = None,
) -> tuple[dict[str, RawTable], list[Problem]]:
    """What the first loader that accepts ``source`` reads: raw tables and the problems it
    met (a DataError when nothing could be read, or an input is past its ``limits``; an
    empty ``source`` names nothing, and is one too: ``empty_source``).

    ``read``: the columns the plan the data is loaded for reads (see
    :mod:`scoplan.plan_columns`); a loader may then leave out the others once it has
    checked every cell of them. ``codes``: the codes of open lists known besides DATA.md's,
    for a loader that checks what it reads (default: the ``registry``'s, ``Registry.codes``;
    :func:`load` adds those its plan names)."""
    from scoplan._display import masked
    from scoplan.plan_columns import may_leave_out

    if not source:
        # "" is no source: not the current folder, which Path("") would read
        raise DataError([Problem("empty_source", "load")])
    named = masked(source)  # what problems name: a database URL without its password
    loader = registry.loader_for(source)
    if loader is None:
        if "://" not in source and not Path(source).exists():
            raise DataError([Problem("not_found", named)])
        if "://" not in source and Path(source).is_file():
            from scoplan.loaders.xlsx_workbook import other_spreadsheet

            other = other_spreadsheet(Path(source), named)
            if other is not None:  # an .xls, .et, .ods: to be saved as .xlsx
                raise DataError([other])
        raise DataError([Problem("no_loader", named, params=_forms(registry))])
    if registry.column_conflicts:
        # which plugin's column a header names cannot be told: nothing is read
        raise PluginError(registry.column_conflicts)
    with applied(limits) as bounds, declaring(registry.columns):
        try:
            with no_exit():
                known = _EXTRA_CODES.set(registry.codes if codes is None else codes)
                # a plugin's spellings of a table's codes are mapped after loading, which
                # changes its rows' digest: such a table is held whole until checked
                respelt = {table for table, _ in registry.codes}
                leave = {
                    table: columns
                    for table, columns in (may_leave_out(read) if read is not None else {}).items()
                    if table not in respelt
                }
                leaving = _LEAVING.set(leave)
                try:
                    tables, problems = loader.read(source, progress)
                finally:
                    _LEAVING.reset(leaving)
                    _EXTRA_CODES.reset(known)
        except DataError:
            raise
        except BaseException as error:  # a loader's own failure is reported, not raised as is
            if not plugin_fault(error):
                raise
            reason = masked(fault_message(error))
            params = {"loader": loader.id, "reason": reason, **zh_reason(error)}
            raise DataError([Problem("loader_failed", named, params=params)]) from None
        # a plugin's loader may not bound what it reads: what it read is measured here too
        problems = [*problems, *over_limits(tables.values(), bounds)]
        if any(is_over(problem) for problem in problems):
            # refused: the rest is not typed and checked, which would cost as much again
            raise DataError(problems)
    return tables, problems


_FORMS = {
    "returns": None,  # a folder of returns is a folder of the forms below
    "csv": Text("CSV 文件夹", "a folder of CSV files"),
    "xlsx": Text("Excel 工作簿（.xlsx）", "an Excel workbook (.xlsx)"),
    "json": Text("JSON 文件", "a JSON file"),
    "sql": Text(
        "SQLite 数据库文件或数据库地址（如 sqlite:///台账.db）",
        "an SQLite database file or a database URL (sqlite:///register.db)",
    ),
}
"""How the problem that no loader reads a source names scoplan's own loaders' forms."""


def _forms(registry: Registry) -> dict[str, str]:
    """The forms of data the loaders of ``registry`` read, in words a bureau knows (CSV
    文件夹、Excel 工作簿), not the loaders' ids: a plugin's by its loader's title."""
    forms = [_FORMS.get(loader.id, loader.title) for loader in registry.loaders.values()]
    said = [form for form in forms if form is not None]
    return {
        "expected": ", ".join(form.get("en") for form in said) or "-",
        "expected_zh": "、".join(form.get("zh") for form in said) or "-",
    }


def over_limits(tables: Iterable[RawTable], limits: Limits) -> list[Problem]:
    """A problem for each table with more rows or columns, or a longer cell, than ``limits``."""
    problems: list[Problem] = []
    for raw in tables:
        frame = raw.frame
        if frame.height > limits.rows:
            problems.append(over("rows", raw.source, limits.rows, table=raw.name))
            continue
        if len(frame.columns) - (ROW in frame.columns) > limits.columns:
            problems.append(over("columns", raw.source, limits.columns, table=raw.name))
            continue
        problem = _long_cell(raw, limits.cell_bytes)
        if problem is not None:
            problems.append(problem)
    return problems


def _long_cell(raw: RawTable, limit: int) -> Problem | None:
    """The first cell, in column order, of more than ``limit`` bytes (UTF-8), or None."""
    frame = raw.frame
    sizes: dict[str, pl.Expr] = {}
    for name, dtype in frame.schema.items():
        if name == ROW:
            continue
        if dtype == pl.String:
            sizes[name] = pl.col(name).str.len_bytes()
        elif dtype == pl.List(pl.String):
            # the codes of a list cell, without their separators: cheaper than joining
            sizes[name] = pl.col(name).list.eval(pl.element().str.len_bytes()).list.sum()
    if not sizes or not frame.height:
        return None
    largest = frame.select(size.max().alias(name) for name, size in sizes.items()).row(0)
    for name, size in zip(sizes, largest, strict=True):
        if size is not None and size > limit:
            first = frame.select(ROW, sizes[name].alias("size")).filter(pl.col("size") > limit)
            number, found = first.row(0)
            where = {"index": number} if raw.numbering == "index" else {"row": number}
            return over(
                "cell_bytes",
                raw.source,
                limit,
                found=found,
                table=raw.name,
                column=name,
                header=raw.headers.get(name),
                **where,
            )
    return None


__all__ = [
    "ITEMS",
    "ROW",
    "ProgressCallback",
    "RawTable",
    "canonical_table",
    "codes_in_force",
    "decode",
    "duplicate_table",
    "header_position",
    "header_words",
    "last_modified",
    "load",
    "normalised",
    "over_limits",
    "raw_tables",
    "read_csv_folder",
    "read_json_document",
    "read_raw",
    "read_typed_csv",
    "split_list",
    "typed_table",
    "unknown_table",
]
