"""Reading a bureau's files into raw tables of text, ready to be checked.

A folder of CSV files and a JSON document are read here; both become :class:`RawTable`
records whose cells are all strings (or null), with canonical column names where the header
is known, and the row number a spreadsheet would show. :func:`load` then hands them to
:mod:`scoplan.checking`, which types and checks them, and returns a
:class:`~scoplan.dataset.Dataset` or raises one :class:`~scoplan.DataError` with every
problem found.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from scoplan._exceptions import DataError, Problem
from scoplan.schema import (
    BOOL,
    DATE,
    LIST,
    LIST_SEPARATORS,
    STRING,
    TABLE_ALIASES,
    TABLES_BY_NAME,
    Column,
)

if TYPE_CHECKING:
    from scoplan.dataset import Dataset
    from scoplan.plugins import Registry

ROW = "__row"
"""The column that holds each row's number as its source shows it."""

ProgressCallback = Callable[[str], None]


@attrs.frozen
class RawTable:
    """One table as read: text cells, canonical column names, row numbers in ``ROW``.

    ``numbering`` is ``"row"`` when ``ROW`` holds the row as a spreadsheet numbers it
    (header is row 1), ``"index"`` when it holds a JSON list index (from 0).
    """

    name: str
    source: str
    frame: pl.DataFrame
    numbering: str = "row"
    typed: bool = False
    """True when the fast path already typed the columns: every cell parsed, no problem found."""


def load(
    path: str | os.PathLike[str],
    *,
    progress: ProgressCallback | None = None,
    registry: Registry | None = None,
) -> Dataset:
    """Load a dataset: a folder of CSV files, a JSON document, a workbook, a database URL…

    The first registered loader that accepts ``path`` reads it (scoplan's own first, then
    plugins'); scoplan then types and checks what it read. Raises
    :class:`~scoplan.DataError` with every problem found. Nothing given is ever written.
    """
    from scoplan.checking import check_tables
    from scoplan.plugins import default_registry

    source = os.fspath(path)
    registry = registry or default_registry()
    loader = registry.loader_for(source)
    if loader is None:
        if "://" not in source and not Path(source).exists():
            raise DataError([Problem("not_found", source)])
        expected = ", ".join(registry.loaders) or "-"
        raise DataError([Problem("no_loader", source, params={"expected": expected})])
    try:
        tables, problems = loader.read(source, progress)
    except DataError:
        raise
    except Exception as error:  # a loader's own failure is reported, not raised as is
        reason = f"{type(error).__name__}: {error}"
        raise DataError([Problem("unreadable", source, params={"reason": reason})]) from None
    return check_tables(tables, problems, origin=source)


def decode(data: bytes, source: str) -> str:
    """Text of a file in UTF-8 (with or without BOM) or GB18030, or a DataError."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise DataError([Problem("bad_encoding", source)]) from None


def canonical_table(name: str) -> str | None:
    """The canonical table name for an English or Chinese table or file name."""
    return TABLE_ALIASES.get(name.strip().lower()) or TABLE_ALIASES.get(name.strip())


def _canonical_columns(
    table: str, headers: Iterable[str], source: str
) -> tuple[list[str], list[Problem]]:
    known = TABLES_BY_NAME[table]
    aliases: dict[str, str] = {}
    for column in known.columns:
        aliases[column.name] = column.name
        aliases[column.alias] = column.name
    aliases.setdefault("ID", "id")
    seen: dict[str, int] = {}
    names: list[str] = []
    problems: list[Problem] = []
    for position, header in enumerate(headers):
        clean = header.replace("\ufeff", "").strip()
        name = aliases.get(clean) or aliases.get(clean.lower()) or clean
        if not name:
            name = f"column_{position + 1}"
        if name in seen:
            problems.append(Problem("duplicate_column", source, table=table, row=1, column=clean))
            name = f"{name}__{position + 1}"
        seen[name] = position
        names.append(name)
    return names, problems


def _empty_raw(table: str) -> pl.DataFrame:
    """An empty raw table with every known column: a table that is there but unreadable."""
    schema = {ROW: pl.Int64, **{c.name: pl.String for c in TABLES_BY_NAME[table].columns}}
    return pl.DataFrame(schema=schema)


def _header(text: str) -> list[str]:
    """The header cells exactly as written (polars renames a repeated one)."""
    first = next(csv.reader(io.StringIO(text)), [])
    return [cell.replace("\ufeff", "") for cell in first]


def _frame_from_text(text: str, table: str, source: str) -> tuple[pl.DataFrame, list[Problem]]:
    try:
        frame = pl.read_csv(
            text.encode("utf-8"),
            infer_schema=False,
            has_header=True,
            truncate_ragged_lines=False,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        # an empty table with every known column, so that checking reports this one problem
        return _empty_raw(table), [
            Problem("unreadable", source, table=table, params={"reason": reason})
        ]
    header = _header(text)
    if len(header) != len(frame.columns):
        header = frame.columns
    names, problems = _canonical_columns(table, header, source)
    frame = frame.rename(dict(zip(frame.columns, names, strict=True)))
    frame = frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    cells = [c for c in frame.columns if c != ROW]
    if cells:
        # a blank line (or one of spaces only) is no row; dropping it keeps the others'
        # spreadsheet numbers
        blank = [pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in cells]
        frame = frame.filter(~pl.all_horizontal(blank))
    return frame, problems


def split_list(text: pl.Expr, column: Column) -> pl.Expr:
    """A list cell (``a;b``, ``a；b``, ``a、b``) as a list of codes, empty when blank."""
    parts = (
        text.str.replace_all("[；、]", ";")
        .str.split(";")
        .list.eval(pl.element().str.strip_chars().filter(pl.element() != ""))
    )
    if column.codes is not None:
        mapping = column.code_map()
        parts = parts.list.eval(pl.element().replace(mapping))
    return parts.fill_null(pl.lit([], dtype=pl.List(pl.String)))


def _fast_list(frame: pl.DataFrame, column: Column) -> pl.Expr:
    """``split_list``, or plain ``str.split`` when every cell is ``code;code`` already."""
    text = pl.col(column.name)
    plain = not frame.select(text.str.contains(r"[；、\s]|;;|^;|;$").any()).item()
    if plain and column.codes is not None:
        spellings = column.code_map()
        parts = frame.select(text.str.split(";").explode().drop_nulls().unique()).to_series()
        plain = all(spellings.get(part, part) == part for part in parts.to_list())
    if not plain:
        return split_list(text, column)
    return text.str.split(";").fill_null(pl.lit([], dtype=pl.List(pl.String)))


_FAST_HEADER_BYTES = 1 << 16
_TRIMMED = r"^\s|\s$|^$"


def _fast_dtype(column: Column | None) -> pl.DataType:
    if column is None:
        return pl.String()
    if column.type == BOOL:
        return pl.Boolean()
    return pl.String()


def read_typed_csv(path: Path, table: str) -> RawTable | None:
    """The fast path: read a clean UTF-8 CSV straight into typed columns, or None.

    Clean means: English or Chinese headers, none repeated; ISO dates; ``true``/``false``;
    canonical codes; no blank cell where one is required; ids without surrounding spaces.
    This is what tools and exports write, and it reads in one streaming pass. Anything
    else returns None, and the file goes the careful way (:func:`_frame_from_text`), which
    accepts every form DATA.md allows and reports each problem precisely.
    """
    known = TABLES_BY_NAME[table]
    try:
        with path.open("rb") as handle:
            head = handle.read(_FAST_HEADER_BYTES)
        first = head.split(b"\n", 1)[0].decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if '"' in first:
        return None
    header = _header(first)
    names, problems = _canonical_columns(table, header, path.name)
    if problems or not header:
        return None
    columns = {c.name: c for c in known.columns}
    if any(c.required and c.name not in names for c in known.columns):
        return None
    schema = {name: _fast_dtype(columns.get(name)) for name in names}
    try:
        frame = pl.scan_csv(
            path,
            has_header=True,
            schema=schema,
            row_index_name=ROW,
            row_index_offset=2,
            encoding="utf8",
        ).collect(engine="streaming")
    except (pl.exceptions.PolarsError, OSError, ValueError):
        return None
    dates = [c.name for c in known.columns if c.type == DATE and c.name in names]
    try:
        # polars' own CSV date parsing also takes 14/09/2021 (day first): dates are read as
        # text and must be ISO, or the file goes the careful way
        frame = frame.with_columns(
            pl.col(ROW).cast(pl.Int64),
            *(pl.col(name).str.to_date("%Y-%m-%d", strict=True) for name in dates),
        )
    except pl.exceptions.PolarsError:
        return None
    cells = list(names)
    blank = pl.all_horizontal([pl.col(c).is_null() for c in cells])
    if frame.select(blank.any()).item():
        frame = frame.filter(~blank)
    checks: list[pl.Expr] = []
    for column in known.columns:
        if column.name not in frame.columns:
            continue
        if column.required:
            checks.append(pl.col(column.name).null_count() == 0)
        if column.type == STRING and column.codes is None:
            # free text and ids: the careful path strips spaces and blanks a cell of spaces
            checks.append(~pl.col(column.name).str.contains(_TRIMMED).any())
        if column.codes is not None and column.type != LIST:
            value = pl.col(column.name)
            canonical = value.is_in(list(column.codes)) | value.is_null()
            if column.open_codes:
                # a code of a plugin's is kept as written, but no other spelling of ours
                spellings = list(column.code_map())
                canonical = canonical | ~(
                    value.is_in(spellings) | value.str.to_lowercase().is_in(spellings)
                )
            checks.append(canonical.all())
    named = [check.alias(f"check_{i}") for i, check in enumerate(checks)]
    if named and not all(frame.select(named).row(0)):
        return None
    lists = [c for c in known.columns if c.type == LIST and c.name in frame.columns]
    if lists:
        frame = frame.with_columns(_fast_list(frame, c).alias(c.name) for c in lists)
    return RawTable(table, path.name, frame, typed=True)


def read_csv_folder(
    folder: Path, *, progress: ProgressCallback | None = None
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read every ``*.csv`` of ``folder`` named for a table of DATA.md (English or Chinese)."""
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    for path in files:
        table = canonical_table(path.stem)
        if table is None:
            problems.append(Problem("unknown_table", path.name, table=path.stem))
            continue
        if table in tables:
            problems.append(
                Problem(
                    "duplicate_table",
                    path.name,
                    table=table,
                    params={"other": tables[table].source},
                )
            )
            continue
        if progress is not None:
            progress(path.name)
        fast = read_typed_csv(path, table)
        if fast is not None:
            tables[table] = fast
            continue
        try:
            data = path.read_bytes()
        except OSError as error:
            problems.append(Problem("unreadable", path.name, params={"reason": error.strerror}))
            continue
        try:
            text = decode(data, path.name)
        except DataError as error:
            problems.extend(error.problems)
            tables[table] = RawTable(table, path.name, _empty_raw(table))
            continue
        frame, found = _frame_from_text(text, table, path.name)
        problems.extend(found)
        tables[table] = RawTable(table, path.name, frame)
    if not files:
        problems.append(Problem("no_tables", str(folder)))
    return tables, problems


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATORS[0].join("" if v is None else str(v) for v in value)
    return str(value)


def read_json_document(
    path: Path,
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read a JSON document whose keys are table names and values lists of row objects."""
    from scoplan._convert import structure_document

    source = path.name
    try:
        text = decode(path.read_bytes(), source)
    except OSError as error:
        raise DataError(
            [Problem("unreadable", source, params={"reason": error.strerror})]
        ) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(
            [Problem("bad_json", source, row=error.lineno, params={"reason": error.msg})]
        ) from None
    return raw_tables(structure_document(document, source), source)


def raw_tables(
    rows_by_table: Mapping[str, Sequence[Mapping[str, Any]]], source: str
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Raw tables from rows given as mappings (a JSON document's, or a what-if's)."""
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for key, rows in rows_by_table.items():
        table = canonical_table(key)
        if table is None:
            problems.append(Problem("unknown_table", source, table=key))
            continue
        if table in tables:
            problems.append(Problem("duplicate_table", source, table=table, params={"other": key}))
            continue
        headers: list[str] = []
        for row in rows:
            headers.extend(k for k in row if k not in headers)
        if not rows:
            # an empty list is a table with no rows, like a CSV file with only its header
            headers = [column.name for column in TABLES_BY_NAME[table].columns]
        names, found = _canonical_columns(table, headers, f"{source}: {key}")
        problems.extend(found)
        columns = {
            name: pl.Series(name, [_cell(row.get(header)) for row in rows], dtype=pl.String)
            for header, name in zip(headers, names, strict=True)
        }
        frame = pl.DataFrame(columns) if columns else pl.DataFrame()
        frame = frame.with_row_index(ROW).with_columns(pl.col(ROW).cast(pl.Int64))
        tables[table] = RawTable(table, f"{source}: {key}", frame, numbering="index")
    return tables, problems
