"""Reading a bureau's files into raw tables of text, ready to be checked.

A folder of CSV files and a JSON document are read here; both become :class:`RawTable`
records whose cells are all strings (or null), with canonical column names where the header
is known, and the row number a spreadsheet would show. :func:`load` then hands them to
:mod:`scoplan.checking`, which types and checks them, and returns a
:class:`~scoplan.dataset.Dataset` or raises one :class:`~scoplan.DataError` with every
problem found.
"""

from __future__ import annotations

import codecs
import contextvars
import csv
import difflib
import io
import itertools
import json
import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from scoplan._convert import Mistake
from scoplan._exceptions import WARNING, DataError, PluginError, Problem
from scoplan._isolation import fault_message, no_exit, plugin_fault
from scoplan.limits import Limits, applied, current, is_over, over
from scoplan.schema import (
    BOOL,
    DATE,
    LIST,
    LIST_SEPARATORS,
    STRING,
    TABLE_ALIASES,
    TABLES_BY_NAME,
    Column,
    Table,
    declaring,
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
    (header is row 1), ``"index"`` when it holds a JSON list index (from 0), ``"record"``
    when it holds the row's position in a database table (from 1; no header row).
    """

    name: str
    source: str
    frame: pl.DataFrame
    numbering: str = "row"
    typed: bool = False
    """True when the fast path already typed the columns: every cell parsed, no problem found."""
    headers: Mapping[str, str] = attrs.field(factory=dict)
    """Each canonical column's header as the user wrote it, where it differs (``township_id``
    → ``所属乡镇街道``): messages name a column in the user's own words."""
    complete: bool = True
    """False when some rows could not be read (a file cut short, in an unknown encoding…):
    references into this table are then not checked, since their rows may be the lost ones."""
    checked: bool = False
    """True when the loader checked these rows already, each where it came from (a folder of
    returns, :mod:`scoplan.returns`): the warnings about them are the loader's, and are not
    looked for again in the merged table, where their rows are no longer where they were."""


def load(
    path: str | os.PathLike[str],
    *,
    progress: ProgressCallback | None = None,
    registry: Registry,
    strict: bool = False,
    limits: Limits | None = None,
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
    """
    from scoplan._display import masked
    from scoplan.checking import check_tables

    source = os.fspath(path)
    tables, problems = read_raw(source, registry, progress, limits)
    data = check_tables(
        tables,
        problems,
        origin=masked(source),
        extra_codes=registry.codes,
        strict=strict,
        columns=registry.columns,
    )
    data.origin = masked(source)
    data.modified = last_modified(source, data.sources)
    return data


def last_modified(source: str, names: Iterable[str] = ()) -> str:
    """When the data at ``source`` was last changed, ISO 8601 in local time to the second:
    a file's own time, a folder's latest among the files read (``names``), a ``sqlite:``
    URL's database file. Empty for another URL, or when it cannot be told."""
    import datetime as dt

    if "://" in source:
        if not source.startswith(("sqlite:", "sqlite+")) or ":///" not in source:
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


_EXTRA_CODES: contextvars.ContextVar[Mapping[Any, Any] | None] = contextvars.ContextVar(
    "scoplan_extra_codes", default=None
)


def codes_in_force() -> Mapping[Any, Any] | None:
    """The codes plugins add (``Registry.codes``) of the registry whose loader is reading,
    for a loader that checks what it reads as loading will (a folder of returns)."""
    return _EXTRA_CODES.get()


def read_raw(
    source: str,
    registry: Registry,
    progress: ProgressCallback | None = None,
    limits: Limits | None = None,
) -> tuple[dict[str, RawTable], list[Problem]]:
    """What the first loader that accepts ``source`` reads: raw tables and the problems it
    met (a DataError when nothing could be read, or an input is past its ``limits``)."""
    from scoplan._display import masked

    named = masked(source)  # what problems name: a database URL without its password
    loader = registry.loader_for(source)
    if loader is None:
        if "://" not in source and not Path(source).exists():
            raise DataError([Problem("not_found", named)])
        expected = ", ".join(registry.loaders) or "-"
        raise DataError([Problem("no_loader", named, params={"expected": expected})])
    if registry.column_conflicts:
        # which plugin's column a header names cannot be told: nothing is read
        raise PluginError(registry.column_conflicts)
    with applied(limits) as bounds, declaring(registry.columns):
        try:
            with no_exit():
                codes = _EXTRA_CODES.set(registry.codes)
                try:
                    tables, problems = loader.read(source, progress)
                finally:
                    _EXTRA_CODES.reset(codes)
        except DataError:
            raise
        except BaseException as error:  # a loader's own failure is reported, not raised as is
            if not plugin_fault(error):
                raise
            params = {"loader": loader.id, "reason": masked(fault_message(error))}
            raise DataError([Problem("loader_failed", named, params=params)]) from None
        # a plugin's loader may not bound what it reads: what it read is measured here too
        problems = [*problems, *over_limits(tables.values(), bounds)]
        if any(is_over(problem) for problem in problems):
            # refused: the rest is not typed and checked, which would cost as much again
            raise DataError(problems)
    return tables, problems


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
                "cell_bytes", raw.source, limit, found=found, table=raw.name, column=name, **where
            )
    return None


BOM = b"\xef\xbb\xbf"
_UTF8_WIDE = re.compile(rb"[\xe3-\xe9\xef][\x80-\xbf]{2}")
"""Three bytes that UTF-8 spends on a CJK character, a CJK mark or a full-width form."""


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _is_wide(char: str) -> bool:
    return (
        "\u3000" <= char <= "\u303f" or "\u4e00" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"
    )


def _utf8_chinese_line(data: bytes) -> int | None:
    """The first line that is plainly UTF-8 Chinese (valid UTF-8 holding CJK), or None.

    GB18030 decodes almost any bytes, UTF-8 ones too: a file whose UTF-8 lines decode as
    GB18030 only because another line is GB18030 would be read as gibberish.
    """
    tried: set[int] = set()
    for match in _UTF8_WIDE.finditer(data):
        start = data.rfind(b"\n", 0, match.start()) + 1
        if start in tried:
            continue
        tried.add(start)
        end = data.find(b"\n", match.end())
        try:
            line = data[start : len(data) if end < 0 else end].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if any(_is_wide(char) for char in line):
            return _line_of(data, start)
    return None


def decode(data: bytes, source: str) -> str:
    """Text of a file in UTF-8 (with or without BOM) or GB18030, or a DataError saying why not.

    A file cut in the middle of a character, one that mixes UTF-8 and GB18030 lines, and a
    UTF-16 one (Excel's "Unicode text") each get their own problem, naming the line.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError([Problem("utf16", source)])
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8 = error
    cut = utf8.reason == "unexpected end of data" and not data[: utf8.start].isascii()
    if cut:
        # UTF-8 throughout, up to a character cut in two at the very end
        line = _line_of(data, utf8.start)
        raise DataError([Problem("truncated_character", source, params={"line": line})])
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        if error.reason == "incomplete multibyte sequence" and error.end == len(data):
            line = _line_of(data, error.start)
            raise DataError(
                [Problem("truncated_character", source, params={"line": line})]
            ) from None
        line = _line_of(data, utf8.start)
        raise DataError([Problem("bad_encoding", source, params={"line": line})]) from None
    other = _utf8_chinese_line(data)
    if other is not None:
        line = _line_of(data, utf8.start)
        params = {"line": line, "other": other}
        raise DataError([Problem("mixed_encoding", source, params=params)])
    return text


def canonical_table(name: str) -> str | None:
    """The canonical table name for an English or Chinese table or file name."""
    name = unicodedata.normalize("NFKC", name).strip()
    return TABLE_ALIASES.get(name.lower()) or TABLE_ALIASES.get(name)


SUMMARY_WORDS = ("汇总", "统计", "合计", "说明", "summary", "total", "readme", "notes")
"""Words of a file or sheet that is about the tables, not one of them (分区县汇总)."""


def unknown_table(name: str, source: str) -> Problem:
    """What a file or sheet named ``name`` that is no table gets: an error naming the table
    its name is close to (``社区社会组织表`` → organizations), or else a warning that it is
    skipped (a summary sheet, 分区县汇总)."""
    clean = unicodedata.normalize("NFKC", name).strip()
    summary = any(word in clean.lower() for word in SUMMARY_WORDS)
    close = [] if summary else difflib.get_close_matches(clean, list(TABLE_ALIASES), 1, 0.6)
    if close:
        table = TABLE_ALIASES[close[0]]
        alias = TABLES_BY_NAME[table].alias
        params = {"suggestion": f"{alias} ({table})", "suggestion_zh": f"{alias}（{table}）"}
        return Problem("unknown_table_near", source, table=name, params=params)
    return Problem("unknown_table", source, table=name, severity=WARNING)


def duplicate_table(table: str, source: str, other: str) -> Problem:
    """A second file or sheet for ``table`` (``organizations.csv`` beside
    ``社区社会组织.csv``): an error naming both, the table in Chinese too."""
    params = {"other": other, "table_zh": TABLES_BY_NAME[table].alias}
    return Problem("duplicate_table", source, table=table, params=params)


HEADER_SEARCH_ROWS = 10
"""How far down a header is looked for, below title rows (``黄山市社区社会组织台账``)."""


def header_position(records: Sequence[Sequence[str | None]], table: str) -> int:
    """The position among ``records`` (a sheet's or file's first rows) of the header row.

    The first row, unless it names fewer of the table's columns than a later row among the
    first :data:`HEADER_SEARCH_ROWS` that names at least two: then the rows above that one
    are titles (``黄山市社区社会组织台账(2023年)``), not the header.
    """
    known = TABLES_BY_NAME[table]
    names = {c.name for c in known.columns} | {c.alias for c in known.columns}

    def score(record: Sequence[str | None]) -> int:
        cells = {unicodedata.normalize("NFKC", c or "").strip() for c in record}
        return len(cells & names)

    scores = [score(record) for record in records[:HEADER_SEARCH_ROWS]]
    if not scores:
        return 0
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    return best if scores[best] >= 2 and scores[best] > scores[0] else 0


def _pattern(name: str) -> bool:
    """Whether polars would read a column name as a pattern (``*``, ``^…$``), not a name."""
    return name == "*" or (name.startswith("^") and name.endswith("$"))


def _canonical_columns(
    table: str, headers: Iterable[str], source: str
) -> tuple[list[str], list[Problem]]:
    known = TABLES_BY_NAME[table]
    aliases: dict[str, str] = {}
    for column in known.columns:
        aliases[column.name] = column.name
        aliases[column.alias] = column.name
    aliases.setdefault("ID", "id")
    seen: dict[str, str] = {ROW: ROW}
    names: list[str] = []
    problems: list[Problem] = []
    for position, header in enumerate(headers):
        # ｉｄ typed in full-width is id, as ids and codes are (see normalised)
        clean = unicodedata.normalize("NFKC", header.replace("\ufeff", "")).strip()
        name = aliases.get(clean) or aliases.get(clean.lower()) or clean
        if not name:
            name = f"column_{position + 1}"
        if name in seen or _pattern(name):
            if name == ROW or _pattern(name):
                problems.append(
                    Problem("reserved_column", source, table=table, row=1, column=clean)
                )
            else:
                params = {"other": seen[name]}
                problems.append(
                    Problem(
                        "duplicate_column", source, table=table, row=1, column=clean, params=params
                    )
                )
            name = f"{name}__{position + 1}"
            while name in seen:
                name += "_"
        seen[name] = clean
        names.append(name)
    problems += _near_columns(known, names, seen, source)
    return names, problems


def _near_columns(
    known: Table, names: Sequence[str], written: Mapping[str, str], source: str
) -> list[Problem]:
    """An error for each header that is no column of ``known`` but close to one the table
    lacks (品牌认定时间 for 品牌认定日期, 注消日期 for 注销日期): read as a column of the
    user's own, its cells would be dropped from every count without a word."""
    present = set(names)
    absent = {
        spelling: column
        for column in known.columns
        if column.name not in present
        for spelling in (column.name, column.alias)
    }
    problems = []
    for name in names:
        if name in {c.name for c in known.columns} or name.startswith("column_"):
            continue
        header = written.get(name, name)
        # Chinese headers differ by a character (注消日期); short English words are often
        # alike by chance (grade, brand): those must be closer
        cutoff = 0.6 if _chinese(header) else 0.8
        close = difflib.get_close_matches(header, list(absent), 1, cutoff)
        if not close:
            continue
        column = absent[close[0]]
        suggestion = column.alias if _chinese(header) else column.name
        problems.append(
            Problem(
                "unknown_column_near",
                source,
                table=known.name,
                row=1,
                column=header,
                params={"suggestion": suggestion, "name": column.name},
            )
        )
    return problems


def _chinese(text: str) -> bool:
    return any("\u4e00" <= character <= "\u9fff" for character in text)


def header_words(names: Sequence[str], written: Sequence[str]) -> dict[str, str]:
    """Each canonical column name → its header as written, where the two differ."""
    words = {}
    for name, header in zip(names, written, strict=False):
        clean = unicodedata.normalize("NFKC", header.replace("\ufeff", "")).strip()
        if clean and clean != name:
            words[name] = clean
    return words


def _empty_raw(table: str) -> pl.DataFrame:
    """An empty raw table with every known column: a table that is there but unreadable."""
    schema = {ROW: pl.Int64, **{c.name: pl.String for c in TABLES_BY_NAME[table].columns}}
    return pl.DataFrame(schema=schema)


def _header(text: str) -> list[str] | None:
    """The header cells exactly as written (polars renames a repeated one); None if unsure."""
    try:
        first = next(csv.reader(io.StringIO(text, newline=""), strict=True), [])
    except csv.Error:
        return None
    return [cell.replace("\ufeff", "") for cell in first]


_DELIMITERS = {";": ";", "\t": "Tab", "|": "|", "\uff0c": "\uff0c"}
"""What else than commas a header's cells are seen separated by, and how to name it."""

_MAX_RECORD_PROBLEMS = 200


def _required(table: str) -> str:
    return ", ".join(c.name for c in TABLES_BY_NAME[table].columns if c.required)


def _misread(text: str, table: str, source: str) -> Problem | None:
    """A problem with the whole file that makes its rows meaningless: empty, not commas."""
    if not text.strip():
        return Problem("empty_file", source, table=table, params={"expected": _required(table)})
    header = _header(text)
    if header is not None and len(header) == 1:
        for delimiter, name in _DELIMITERS.items():
            if delimiter in header[0]:
                params = {"delimiter": name}
                return Problem("bad_delimiter", source, table=table, row=1, params=params)
    return None


def _below_titles(text: str, table: str) -> tuple[str, int]:
    """``text`` from its header line on, and how many title lines were above it."""
    head = text[: 1 << 16]
    try:
        records = list(itertools.islice(csv.reader(io.StringIO(head, newline="")), 10))
    except csv.Error:
        return text, 0
    titles = header_position(records, table)
    if not titles or any("\n" in cell or "\r" in cell for r in records[:titles] for cell in r):
        return text, 0
    offset = 0
    for _ in range(titles):
        offset = text.index("\n", offset) + 1
    return text[offset:], titles


def _records_frame(
    text: str, table: str, source: str, first: int = 2, headers: dict[str, str] | None = None
) -> tuple[pl.DataFrame, list[Problem], bool]:
    """The careful path's last resort, when polars cannot parse the text: Python's csv module.

    Slower, but it says where a file goes wrong: the row of a quote never closed (a file
    cut short), of text after a closing quote, and each row with more cells than the header
    (an unquoted comma in a name, mostly). Cells past the header that are empty are no
    problem; the rows before a quoting fault are kept, and the table marked incomplete.
    """
    records: list[list[str]] = []
    problems: list[Problem] = []
    headers = {} if headers is None else headers
    complete = True
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    most = current().rows + 1  # the header, and one row past the limit to see it passed
    try:
        for record in reader:
            records.append(record)
            if len(records) > most:
                break
    except csv.Error as error:
        message = str(error)
        if "end of data" in message:
            code = "unclosed_quote"
        elif "field larger than field limit" in message:
            code = "cell_too_long"
        else:
            code = "bad_quote"
        params = {"limit": csv.field_size_limit()} if code == "cell_too_long" else {}
        problems.append(Problem(code, source, table=table, row=len(records) + 1, params=params))
        complete = False
    if not records:
        return _empty_raw(table), problems, False
    header = [cell.replace("\ufeff", "") for cell in records[0]]
    names, found = _canonical_columns(table, header, source)
    problems += found
    headers.update(header_words(names, header))
    width = len(header)
    numbers: list[int] = []
    rows: list[list[str]] = []
    ragged = 0
    for number, record in enumerate(records[1:], start=first):
        if len(record) > width:
            extra = [cell.strip() for cell in record[width:]]
            filled = [cell for cell in extra if cell]
            if filled:
                ragged += 1
                if ragged <= _MAX_RECORD_PROBLEMS:
                    count = width + max(i for i, cell in enumerate(extra) if cell) + 1
                    problems.append(
                        Problem(
                            "too_many_cells",
                            source,
                            table=table,
                            row=number,
                            value=filled[0],
                            params={"count": count, "expected": width},
                        )
                    )
            record = record[:width]
        numbers.append(number)
        rows.append(record + [""] * (width - len(record)))
    if ragged > _MAX_RECORD_PROBLEMS:
        more = ragged - _MAX_RECORD_PROBLEMS
        problems.append(Problem("more", source, table=table, params={"count": more}))
    columns = [
        pl.Series(name, [row[i] or None for row in rows], dtype=pl.String)
        for i, name in enumerate(names)
    ]
    frame = pl.DataFrame([pl.Series(ROW, numbers, dtype=pl.Int64), *columns])
    return frame, problems, complete


def _cut_row(text: str, frame: pl.DataFrame, width: int) -> tuple[int, int] | None:
    """The last row and its cell count when the file stops inside it: no line end, too few
    cells. A quote on the last line makes it no sure sign (a record may span lines)."""
    if not frame.height or text.endswith(("\n", "\r")):
        return None
    last = text[text.rfind("\n") + 1 :]
    if '"' in last or not last.strip():
        return None
    count = last.count(",") + 1
    if count >= width:
        return None
    return int(frame.get_column(ROW).max()), count  # type: ignore[arg-type]


def _frame_from_text(
    text: str, table: str, source: str, headers: dict[str, str] | None = None
) -> tuple[pl.DataFrame, list[Problem], bool]:
    """The careful path: a table's text as raw text cells, the problems, and whether every row
    could be read. The headers as written go into ``headers``."""
    headers = {} if headers is None else headers
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")  # old Mac line ends (Excel for Mac 2011 wrote them)
    text, titles = _below_titles(text, table)
    misread = _misread(text, table, source)
    if misread is not None:
        return _empty_raw(table), [misread], False
    try:
        frame = pl.read_csv(
            text.encode("utf-8"),
            infer_schema=False,
            has_header=True,
            truncate_ragged_lines=False,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:
        frame, problems, complete = _records_frame(text, table, source, 2 + titles, headers)
    else:
        header = _header(text)
        if header is None or len(header) != len(frame.columns):
            header = frame.columns
        names, problems = _canonical_columns(table, header, source)
        headers.update(header_words(names, header))
        frame = frame.rename(dict(zip(frame.columns, names, strict=True)))
        frame = frame.with_row_index(ROW, offset=2 + titles).with_columns(
            pl.col(ROW).cast(pl.Int64)
        )
        complete = True
    if titles:
        params = {"header": titles + 1}
        problems.insert(
            0, Problem("title_rows", source, table=table, row=1, params=params, severity=WARNING)
        )
    # columns with an empty header (a trailing comma) may well be left out of a row
    width = len([c for c in frame.columns if c != ROW and not c.startswith("column_")])
    cut = _cut_row(text, frame, width)
    if cut is not None:
        row, count = cut
        params = {"count": count, "expected": width}
        problems.append(Problem("truncated_row", source, table=table, row=row, params=params))
        frame = frame.filter(pl.col(ROW) != row)
        complete = False
    cells = [c for c in frame.columns if c != ROW]
    if cells:
        # a blank line (or one of spaces only) is no row; dropping it keeps the others'
        # spreadsheet numbers
        blank = [pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in cells]
        frame = frame.filter(~pl.all_horizontal(blank))
    return frame, problems, complete


_SEPARATOR = "[" + re.escape("".join(LIST_SEPARATORS)) + "]"
"""Any one of :data:`~scoplan.schema.LIST_SEPARATORS`, as a regular expression."""
ITEMS = "\x1f"
"""What goes before each item of a list given as a list (a JSON one): such a cell is split
there only, so an item is never cut at a separator it holds (``"a/b"``, a plugin's group)."""


def split_list(text: pl.Expr, column: Column, *, items: bool = False) -> pl.Expr:
    """A list cell (``a;b``, ``a、b``, ``a，b``, ``a/b``…) as a list of codes, empty when blank.

    ``items``: some cells may be lists given as lists (:data:`ITEMS` before each item),
    split there only.
    """
    split = text.str.replace_all(_SEPARATOR, ";").str.split(";")
    if items:
        split = pl.when(text.str.contains(ITEMS, literal=True)).then(text.str.split(ITEMS))
        split = split.otherwise(text.str.replace_all(_SEPARATOR, ";").str.split(";"))
    parts = split.list.eval(pl.element().str.strip_chars().filter(pl.element() != ""))
    if column.codes is not None:
        mapping = column.code_map()
        parts = parts.list.eval(pl.element().replace(mapping))
    return parts.fill_null(pl.lit([], dtype=pl.List(pl.String)))


def _fast_list(frame: pl.DataFrame, column: Column) -> pl.Expr:
    """``split_list``, or plain ``str.split`` when every cell is ``code;code`` already.

    Judged on the distinct cells, which are few (a handful of groups, combined): five
    million organizations have a few hundred.
    """
    cells = frame.get_column(column.name).drop_nulls().unique()
    others = re.escape("".join(LIST_SEPARATORS[1:]))
    plain = not cells.str.contains(rf"[{others}\s]|;;|^;|;$").any()
    if plain and column.codes is not None:
        spellings = column.code_map()
        parts = cells.str.split(";").explode().unique()
        plain = all(spellings.get(part, part) == part for part in parts.to_list())
    text = pl.col(column.name)
    if not plain:
        return split_list(text, column)
    return text.str.split(";").fill_null(pl.lit([], dtype=pl.List(pl.String)))


def normalised(column: Column) -> bool:
    """Whether a column's cells are read in Unicode NFKC: all but free text (names).

    Ids, references, codes, dates, yes/no and list cells typed with a Chinese input method
    in full-width (``３４１００２``, ``ｕｒｂａｎ``, an ideographic space ``　``) are read as
    their ordinary forms; names are kept exactly as written.
    """
    return (
        column.name == "id" or bool(column.ref) or column.codes is not None or column.type != STRING
    )


_FAST_HEADER_BYTES = 1 << 16
ISO_DATE = "%Y-%m-%d"
"""The form of date polars parses fastest: a column of another form is typed a distinct day
at a time."""
_FAST_PIECE_BYTES = 1 << 24
"""How much of a GB18030 file is read at a time: a piece of whole lines, read and typed
before the next, so that no copy of the whole file's text is ever held."""
_TRIMMED = r"^\s|\s$|^$"
_VALID_UTF8 = (
    r"^(?:[\x00-\x7F]|[\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3})*$"
)
"""A cell read byte for character (latin-1) that may be valid UTF-8: at least every one that is."""
_ASCII_CONTROL = r"[\x00-\x1f\x7f]"
"""What of :data:`scoplan._display.ID_HIDDEN` an ASCII cell can hold."""


def _head_encoding(head: bytes, whole: bool) -> str | None:
    """What a file whose first bytes are ``head`` is read as: ``utf-8`` (all of it, when the
    first bytes are ASCII) or ``gb18030``; None when it is neither (UTF-16, …)."""
    for encoding in ("utf-8", "gb18030"):
        try:
            # the first bytes may end inside a character: only a whole file must end whole
            codecs.getincrementaldecoder(encoding)().decode(head, final=whole)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def _sample(
    head: bytes, encoding: str, header: Sequence[str], names: Sequence[str]
) -> pl.DataFrame | None:
    """The first rows, as text (the whole lines among the first bytes), to choose how each
    column is read; None when they do not parse."""
    lines = head[: head.rfind(b"\n") + 1]
    try:
        text = lines.decode(encoding).encode("utf-8")
        schema = {cell: pl.String() for cell in header}
        sample = pl.read_csv(text, has_header=True, schema=schema, raise_if_empty=False)
    except (UnicodeDecodeError, pl.exceptions.PolarsError):
        return None
    return sample.rename(dict(zip(header, names, strict=True)))


def _date_form(cells: pl.Series | None) -> str | None:
    """The one form of :data:`~scoplan.checking.DATE_FORMATS` that ``cells`` are written in
    (ISO when none is given); None when they are in none or in several."""
    from scoplan.checking import DATE_FORMATS

    given = cells.drop_nulls() if cells is not None else pl.Series([], dtype=pl.String)
    for form in DATE_FORMATS:
        if given.str.to_date(form, strict=False).null_count() == 0:
            return form
    return None


def _fast_dtype(column: Column | None, cells: pl.Series | None) -> pl.DataType:
    """How a column is read: yes/no as booleans when the first rows write ``true``/``false``
    (any case, as polars reads them); anything else as text."""
    if column is None or column.type != BOOL or cells is None:
        return pl.String()
    if cells.drop_nulls().str.to_lowercase().is_in(["true", "false"]).all():
        return pl.Boolean()
    return pl.String()


def _from_latin1(text: str) -> str:
    """A GB18030 cell read byte for character (latin-1) as the text it holds."""
    return text.encode("latin-1").decode("gb18030")


def _coded(column: Column | None) -> bool:
    """Whether a column's cells are few distinct ones (codes, yes/no, lists, dates), typed a
    distinct cell at a time; the others (ids, names, extra columns) are decoded whole."""
    return column is not None and (column.codes is not None or column.type != STRING)


@attrs.define
class _Typing:
    """How the fast path types a file's columns, piece by piece, and what it has learnt:
    each distinct cell of a coded column typed so far (a file has a few hundred).

    ``decode`` turns a cell as read into its text: a GB18030 file is read byte for
    character (latin-1) and only its distinct cells are decoded, one at a time.
    """

    known: Table
    dates: Mapping[str, str | None]
    decode: Callable[[str], str] | None = None
    seen: dict[str, tuple[pl.Series, pl.Series]] = attrs.field(factory=dict)
    wide: set[str] = attrs.field(factory=set)
    """The columns of ids and references found to hold more than ASCII (read in NFKC)."""

    def _learn(self, column: Column, values: pl.Series) -> bool:
        """Type the distinct cells ``values`` of ``column`` not seen yet the careful way;
        False when one is a problem."""
        from scoplan.checking import typed_values

        name = column.name
        if name in self.seen:
            values = values.filter(~values.is_in(self.seen[name][0].implode()))
        if not values.len():
            return True
        texts = values
        if self.decode is not None:
            texts = pl.Series([self.decode(value) for value in values], dtype=pl.String)
        typed = typed_values(texts, column, self.known.name)
        if typed is None:
            return False
        if name in self.seen:
            before, typed_before = self.seen[name]
            values, typed = pl.concat([before, values]), pl.concat([typed_before, typed])
        self.seen[name] = (values, typed)
        return True

    def _mapped(self, column: Column) -> pl.Expr:
        """``column`` typed through the distinct cells learnt: one lookup a cell."""
        from scoplan.dataset import dtype_of

        name = column.name
        if name not in self.seen:  # no cell at all
            dtype = dtype_of(column.type)
            empty = pl.lit([], dtype=dtype) if column.type == LIST else pl.lit(None, dtype=dtype)
            return empty.alias(name)
        values, typed = self.seen[name]
        if column.type == LIST:
            order = pl.Series(range(values.len()), dtype=pl.UInt32)
            index = pl.col(name).replace_strict(values, order, return_dtype=pl.UInt32)
            return pl.lit(typed).gather(index).fill_null(pl.lit([], dtype=typed.dtype)).alias(name)
        return pl.col(name).replace_strict(values, typed, return_dtype=typed.dtype).alias(name)

    def typed(self, frame: pl.DataFrame) -> pl.DataFrame | None:
        """``frame``'s columns of DATA.md that were read as text typed as the careful path
        types them, or None when a cell is a problem (the careful path then says where).

        Ids and references are read in NFKC, as the careful path reads them; most are ASCII,
        which NFKC leaves as it is, and counting bytes tells that cheaply. Codes as written
        in English, ISO dates and ``code;code`` lists cost one check; anything else (Chinese
        codes, 是/否, 2021/9/14, ``老年人、儿童``) is typed a distinct cell at a time (dates too,
        when a column mixes forms). Each step is one polars call over all the columns.
        """
        present = [c for c in self.known.columns if c.name in frame.columns]
        texts = [c for c in present if frame.schema[c.name] == pl.String and normalised(c)]
        # a column typed a distinct cell at a time in a piece before is mapped again at once
        # (a cell not seen yet is learnt below): its cells need no look first
        distinct = [c for c in texts if c.name in self.seen]
        texts = [c for c in texts if c.name not in self.seen]
        codes = [c for c in texts if c.type == STRING and c.codes is not None]
        flags = (
            frame.select(
                *(
                    (pl.col(c.name).str.len_bytes() == pl.col(c.name).str.len_chars())
                    .all()
                    .alias(c.name)
                    for c in texts
                ),
                *(
                    (pl.col(c.name).is_in(list(c.codes or ())) | pl.col(c.name).is_null())
                    .all()
                    .alias(f"canonical {c.name}")
                    for c in codes
                ),
            ).row(0, named=True)
            if texts
            else {}
        )
        exprs: list[pl.Expr] = []
        dates: list[Column] = []
        for column in texts:
            name = column.name
            if not _coded(column):
                if not flags[name]:  # ids, references
                    exprs.append(pl.col(name).str.normalize("NFKC"))
                    self.wide.add(name)
            elif flags[name] and column.type == LIST:
                exprs.append(_fast_list(frame, column).alias(name))
            elif flags.get(f"canonical {name}"):
                continue
            elif flags[name] and self.dates.get(name) == ISO_DATE:
                dates.append(column)
            else:
                # another form of date (2021/9/14) is parsed a row at a time, slower than
                # a lookup of its few thousand distinct days
                distinct.append(column)
        parsed = [pl.col(c.name).str.to_date(self.dates[c.name] or "", strict=True) for c in dates]
        if dates:
            try:
                # one form for the whole column, as tools write dates: one parse
                frame = frame.with_columns(parsed)
            except pl.exceptions.PolarsError:
                distinct += dates  # the column mixes forms
        if distinct:
            # a piece most often holds a cell or two not seen before (a day, a list): each
            # column's distinct cells, the new ones typed, then one lookup a cell
            values = frame.select(
                pl.col(c.name).drop_nulls().unique().implode() for c in distinct
            ).row(0, named=True)
            for column in distinct:
                if not self._learn(column, pl.Series(values[column.name], dtype=pl.String)):
                    return None
            exprs += [self._mapped(column) for column in distinct]
        return _aligned(frame.with_columns(exprs) if exprs else frame)


def _aligned(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its columns chunked alike: a column typed anew is one chunk, the others
    as read; polars would align them, copying the whole table, the first time it is queried
    (700 MB more at the national scale)."""
    if len({column.n_chunks() for column in frame.get_columns()}) > 1:
        return frame.rechunk()
    return frame


def _fast_checks(known: Table, present: Sequence[str], wide: Iterable[str]) -> list[pl.Expr]:
    """What the typed columns must satisfy to take the fast path, each a true/false.

    A required column has no blank cell; free text, ids and references have no surrounding
    spaces (the careful path strips them and blanks a cell of spaces); ids and references
    hold no invisible character (:data:`~scoplan._display.ID_HIDDEN`, which the careful path
    refuses; in a column all ASCII, which ``wide`` does not name, only a control character
    can be one).
    """
    from scoplan._display import ID_HIDDEN

    wide = set(wide)
    checks: list[pl.Expr] = []
    for column in known.columns:
        name = column.name
        if name not in present:
            continue
        value = pl.col(name)
        if column.required:
            checks.append(value.null_count() == 0)
        if column.type == STRING and column.codes is None:
            pattern = _TRIMMED
            if name == "id" or column.ref:
                # one pass: the same regex finds spaces around an id and a hidden character
                pattern += "|" + (ID_HIDDEN if name in wide else _ASCII_CONTROL)
            checks.append(~value.str.contains(pattern).any())
    return [check.alias(f"check_{i}") for i, check in enumerate(checks)]


def _gb18030_pieces(path: Path, start: int) -> Iterator[memoryview]:
    """A file's bytes from ``start`` on, in pieces of whole lines.

    In GB18030 no byte of a character is a line end, comma or quote, so each piece holds
    whole characters and whole cells; no quoted cell is cut in two either: once a quote is
    seen, the rest of the file is one piece. The pieces are read into one buffer: each is
    good until the next is asked for.
    """
    kept = 0  # the start of a line, carried over from the piece before
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size - start
        buffer = bytearray(max(1, min(_FAST_PIECE_BYTES, size)))
        handle.seek(start)
        while read := handle.readinto(memoryview(buffer)[kept:]):
            size = kept + read
            if buffer.find(b'"', 0, size) >= 0:
                yield memoryview(bytes(buffer[:size]) + handle.read())
                return
            end = buffer.rfind(b"\n", 0, size) + 1
            if not end:  # a line longer than the buffer
                buffer, kept = buffer + bytearray(len(buffer)), size
                continue
            yield memoryview(buffer)[:end]
            buffer[: size - end] = buffer[end:size]
            kept = size - end
        if kept:
            yield memoryview(buffer)[:kept]


def _utf8_line_among(rows: pl.DataFrame) -> bool:
    """Whether one of the lines of ``rows`` (GB18030 cells read as latin-1) is UTF-8 with
    Chinese in it, as :func:`decode` finds them: the careful way then says which line."""
    for row in rows.iter_rows():
        # separators and quotes are ASCII, which changes nothing to a line's UTF-8
        for line in ",".join(cell or "" for cell in row).split("\n"):
            try:
                text = line.encode("latin-1").decode("utf-8")
            except UnicodeError:
                continue
            if any(_is_wide(char) for char in text):
                return True
    return False


def _maybe_utf8(frame: pl.DataFrame, lines: int, order: Sequence[str]) -> pl.DataFrame:
    """The rows of a piece of a GB18030 file (read as latin-1) whose line may be UTF-8 with
    Chinese in it: every cell may be UTF-8, one is not ASCII; and, when a cell holds a line
    end (``lines`` is not the number of rows), those rows too. Columns are tried in
    ``order``, the free text first: a row of Chinese text that is also UTF-8 is rare."""
    rows = frame.select(order)
    if lines != frame.height:
        mask = pl.any_horizontal(pl.col(n).str.contains("\n", literal=True) for n in order)
        spanning = rows.filter(mask.fill_null(False))
    else:
        spanning = rows.clear()
    for name in order:
        if rows.is_empty():
            break
        rows = rows.filter(pl.col(name).str.contains(_VALID_UTF8).fill_null(True))
    wide = pl.any_horizontal(pl.col(n).str.contains(r"[^\x00-\x7F]") for n in order)
    return pl.concat([spanning, rows.filter(wide.fill_null(False))])


def _decoded(frame: pl.DataFrame, names: Sequence[str]) -> pl.DataFrame:
    """``frame`` with the cells of columns ``names`` (GB18030 read as latin-1) decoded: each
    column at once, its cells joined, decoded and split. Raises UnicodeDecodeError."""
    for name in names:
        cells = frame.get_column(name)
        if cells.str.len_bytes().sum() == cells.str.len_chars().sum():
            continue  # ASCII
        joined = cells.fill_null("").str.join("\x00").item()
        text = pl.Series(name, [_from_latin1(joined)]).str.split("\x00").explode()
        if cells.null_count():
            text = pl.select(pl.when(cells.is_null()).then(None).otherwise(text)).to_series()
        frame = frame.with_columns(text.alias(name))
    return frame


def _read_gb18030(
    path: Path, start: int, names: Sequence[str], typing: _Typing, chinese: Sequence[str]
) -> pl.DataFrame | None:
    """The rows of a GB18030 file from byte ``start`` on, typed, numbered from row 2; None
    when a cell is a problem, the bytes are not all GB18030 or a line may be UTF-8 (the
    careful way says which).

    Python's codec would take longer than all the rest: the file is read byte for
    character (latin-1, which keeps every comma, quote and line end where it is), and only
    what must be is decoded: each distinct cell of a code, yes/no, list or date column, and
    the free text (names) a column at a time. ``chinese`` are the columns whose first rows
    hold more than ASCII.
    """
    known = {c.name: c for c in typing.known.columns}
    free = [name for name in names if not _coded(known.get(name))]
    # a row that is also UTF-8 is looked for in the Chinese text first, names first
    order = sorted(names, key=lambda name: (name not in chinese, name not in free))
    frames: list[pl.DataFrame] = []
    row = 2
    for piece in _gb18030_pieces(path, start):
        text = str(piece, "latin-1")
        if "\x00" in text:
            return None  # the joining character of _decoded
        frame = pl.read_csv(
            text.encode("utf-8"),
            has_header=False,
            schema={name: pl.String() for name in names},
            encoding="utf8",
            raise_if_empty=False,
        )
        # without a quote, a cell holds no line end: as many lines as rows
        lines = text.count("\n") if '"' in text else frame.height
        doubtful = _maybe_utf8(frame, lines, order)
        if doubtful.height and _utf8_line_among(doubtful):
            return None
        frame = frame.with_row_index(ROW, offset=row).with_columns(pl.col(ROW).cast(pl.Int64))
        row += frame.height
        blank = pl.all_horizontal([pl.col(c).is_null() for c in names])
        frame = _decoded(frame.filter(~blank), free)
        typed = typing.typed(frame)
        if typed is None:
            return None
        frames.append(typed)
    if not frames:  # a header and no row
        empty = pl.DataFrame(schema={ROW: pl.Int64(), **{name: pl.String() for name in names}})
        typed = typing.typed(empty)
        if typed is None:
            return None
        frames.append(typed)
    return pl.concat(frames, rechunk=False)


def _read_utf8(
    path: Path,
    header: Sequence[str],
    schema: Mapping[str, pl.DataType],
    dates: Mapping[str, str],
) -> pl.DataFrame:
    """A UTF-8 file read in one streaming pass, numbered from row 2, the dates parsed as
    they are read: no column of date text is ever held whole. ``schema`` is by canonical
    name, ``header`` the names as written (polars wants those)."""
    names = list(schema)
    return (
        pl.scan_csv(
            path,
            has_header=True,
            schema={cell: schema[name] for cell, name in zip(header, names, strict=True)},
            row_index_name=ROW,
            row_index_offset=2,
            encoding="utf8",
        )
        .rename(dict(zip(header, names, strict=True)))
        .with_columns(
            pl.col(ROW).cast(pl.Int64),
            *(pl.col(name).str.to_date(form, strict=True) for name, form in dates.items()),
        )
        .collect()
    )


def read_typed_csv(path: Path, table: str) -> RawTable | None:
    """The fast path: read a CSV file in any form DATA.md allows straight into typed
    columns, or None.

    UTF-8 (with or without a BOM) or GB18030, LF or CRLF line ends; English or Chinese
    headers, none repeated; codes, yes/no and list separators in English or Chinese; dates in
    any accepted form. Anything else, and any cell that is a problem, returns None, and the
    file goes the careful way (:func:`_frame_from_text`), which accepts every form and
    reports each problem precisely. What the fast path reads, the careful path reads the same.
    """
    known = TABLES_BY_NAME[table]
    try:
        with path.open("rb") as handle:
            head = handle.read(_FAST_HEADER_BYTES)
            handle.seek(-1, os.SEEK_END)
            # a file that does not end its last line may be cut short: the careful way says
            ended = handle.read(1) == b"\n"
    except OSError:
        return None
    start = len(BOM) if head.startswith(BOM) else 0
    encoding = _head_encoding(head[start:], whole=len(head) < _FAST_HEADER_BYTES)
    line = head[start:].split(b"\n", 1)[0]
    if not ended or encoding is None or len(line) == len(head) - start:
        return None
    first = line.removesuffix(b"\r").decode(encoding)
    if '"' in first or "\r" in first:
        return None
    if encoding == "gb18030" and _utf8_chinese_line(line) is not None:
        return None
    header = _header(first)
    if not header:
        return None
    names, problems = _canonical_columns(table, header, path.name)
    if problems:
        return None
    columns = {c.name: c for c in known.columns}
    if any(c.required and c.name not in names for c in known.columns):
        return None
    sample = _sample(head[start:], encoding, header, names)
    cells = {name: sample.get_column(name) if sample is not None else None for name in names}
    dates = {c.name: _date_form(cells.get(c.name)) for c in known.columns if c.type == DATE}
    read: pl.DataFrame | None
    typing = _Typing(known, dates, _from_latin1 if encoding == "gb18030" else None)
    try:
        if encoding == "gb18030":
            chinese = [
                n
                for n, c in cells.items()
                if c is not None and c.str.len_bytes().sum() != c.str.len_chars().sum()
            ]
            read = _read_gb18030(path, start + len(line) + 1, names, typing, chinese)
        else:
            schema = {name: _fast_dtype(columns.get(name), cells[name]) for name in names}
            parsed = {n: form for n, form in dates.items() if form is not None and n in names}
            try:
                read = _read_utf8(path, header, schema, parsed)
            except pl.exceptions.PolarsError:
                # the later rows are not written as the first ones (是 below true): as text
                read = _read_utf8(path, header, {name: pl.String() for name in names}, {})
            blank = pl.all_horizontal([pl.col(c).is_null() for c in names])
            if read.select(blank.any()).item():
                read = read.filter(~blank)
            read = typing.typed(read)
    except (pl.exceptions.PolarsError, OSError, ValueError):
        return None  # UnicodeDecodeError too
    if read is None:
        return None
    checks = _fast_checks(known, read.columns, typing.wide)
    if checks and not all(read.select(checks).row(0)):
        return None
    return RawTable(table, path.name, read, typed=True, headers=header_words(names, header))


def typed_table(
    frame: pl.DataFrame, table: str, source: str, names: Sequence[str], header: Sequence[str]
) -> RawTable | None:
    """The fast path's end, for any source: a frame of cells as read (``ROW``, text, dates and
    yes/no already typed, a blank cell null) as a typed raw table, or None where a cell needs
    the careful path. ``names`` are the canonical names of the ``header`` as written."""
    known = TABLES_BY_NAME[table]
    cells = [name for name in frame.columns if name != ROW]
    if cells:
        blank = pl.all_horizontal([pl.col(c).is_null() for c in cells])
        if frame.select(blank.any()).item():
            frame = frame.filter(~blank)
    typing = _Typing(known, {})
    typed = typing.typed(frame)
    if typed is None:
        return None
    checks = _fast_checks(known, typed.columns, typing.wide)
    if checks and not all(typed.select(checks).row(0)):
        return None
    return RawTable(table, source, typed, typed=True, headers=header_words(names, header))


def _header_cells(line: bytes) -> int:
    """How many cells a header line holds. Commas and quotes are single bytes in UTF-8 and
    GB18030 alike and never part of another character, so the bytes are read as Latin-1."""
    try:
        return len(next(csv.reader([line.decode("latin-1")]), []))
    except csv.Error:  # a cell longer than the csv module takes: count the commas
        return line.count(b",") + 1


def _csv_over_limits(path: Path, table: str, limits: Limits) -> Problem | None:
    """The limit a CSV file passes, seen before the file is read: its size, its header's
    columns or length (from at most ``row_bytes`` + 1 bytes of it); None if none."""
    try:
        size = path.stat().st_size
        if size > limits.file_bytes:
            return over("file_bytes", path.name, limits.file_bytes, found=size, table=table)
        with path.open("rb") as handle:
            head = handle.read(limits.row_bytes + 1)
    except OSError:
        return None  # reading it says why
    ends = [at for at in (head.find(b"\n"), head.find(b"\r")) if at >= 0]
    line = head[: min(ends)] if ends else head
    if _header_cells(line) > limits.columns:
        return over("columns", path.name, limits.columns, table=table, row=1)
    if not ends and len(head) > limits.row_bytes:
        return over("row_bytes", path.name, limits.row_bytes, table=table, row=1)
    return None


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
            problems.append(unknown_table(path.stem, path.name))
            continue
        if table in tables:
            problems.append(duplicate_table(table, path.name, tables[table].source))
            continue
        if progress is not None:
            progress(path.name)
        refused = _csv_over_limits(path, table, current())
        if refused is not None:
            problems.append(refused)
            tables[table] = RawTable(table, path.name, _empty_raw(table), complete=False)
            continue
        fast = read_typed_csv(path, table)
        if fast is not None:
            tables[table] = fast
            continue
        try:
            text = decode(path.read_bytes(), path.name)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            problems.append(Problem("unreadable", path.name, params={"reason": reason}))
            tables[table] = RawTable(table, path.name, _empty_raw(table), complete=False)
            continue
        except DataError as error:
            problems.extend(error.problems)
            tables[table] = RawTable(table, path.name, _empty_raw(table), complete=False)
            continue
        headers: dict[str, str] = {}
        frame, found, complete = _frame_from_text(text, table, path.name, headers)
        problems.extend(found)
        tables[table] = RawTable(table, path.name, frame, headers=headers, complete=complete)
    if not files:
        problems.append(Problem("no_tables", str(folder)))
    return tables, problems


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        # 341002.0, as pandas writes an id in a column with gaps, is the id 341002
        return str(int(value))
    return str(value)


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATORS[0].join("" if v is None else _text(v) for v in value)
    return _text(value)


def _items(value: Any) -> str | None:
    """A cell of a list column: a list given as a list (or tuple) keeps its items as they are."""
    if isinstance(value, list | tuple):
        return "".join(ITEMS + ("" if v is None else _text(v)) for v in value)
    return _cell(value)


class _Object(dict[str, Any]):
    """A JSON object, and the keys it gave more than once (json keeps only the last)."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    found = _Object(pairs)
    if len(found) < len(pairs):
        seen: set[str] = set()
        repeated: list[str] = []
        for key, _ in pairs:
            if key in seen:
                repeated.append(key)
            seen.add(key)
        found.repeated = tuple(repeated)
    return found


_MAX_DIGITS = 4000
"""Past this, Python will not turn digits into a number (and no id or count has as many)."""


JSON_MESSAGES_ZH = {
    "Expecting value": "此处应为一个值",
    "Expecting property name enclosed in double quotes": "此处应为用双引号括起的键",
    "Expecting ':' delimiter": "此处应为冒号 :",
    "Expecting ',' delimiter": "此处应为逗号 ,",
    "Unterminated string starting at": "字符串没有结束",
    "Invalid control character at": "字符串中有控制字符",
    "Invalid \\escape": "无效的转义 \\",
    "Invalid \\uXXXX escape": "无效的转义 \\uXXXX",
    "Extra data": "文档结束后还有内容",
}
"""The messages of Python's JSON parser, in Chinese."""


def _integer(text: str) -> int:
    if len(text) > _MAX_DIGITS:
        digits = len(text)
        raise Mistake(f"a number of {digits} digits", f"有一个 {digits} 位的数字")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise Mistake(f"the number {text[:24]} is too large", f"数字 {text[:24]} 太大")
    return value


def _constant(name: str) -> float:
    raise Mistake(f"{name} is not a JSON value", f"{name} 不是 JSON 的值")


def _repeated_keys(document: Any, source: str) -> list[Problem]:
    """A problem for each key given twice in the document's object or in a row of it."""
    if not isinstance(document, _Object):
        return []
    problems = [Problem("duplicate_key", source, value=key) for key in document.repeated]
    for key, rows in document.items():
        if not isinstance(rows, list):
            continue
        for index, row in enumerate(rows):
            if isinstance(row, _Object):
                problems += [
                    Problem(
                        "duplicate_key", source, table=key, index=index, column=column, value=column
                    )
                    for column in row.repeated
                ]
    return problems


def read_json_document(
    path: Path,
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read a JSON document whose keys are table names and values lists of row objects."""
    from scoplan._convert import structure_document

    source = path.name
    limits = current()
    try:
        size = path.stat().st_size
        if size > limits.json_bytes:
            raise DataError([over("json_bytes", source, limits.json_bytes, found=size)])
        text = decode(path.read_bytes(), source)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise DataError([Problem("unreadable", source, params={"reason": reason})]) from None
    try:
        document = json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=_integer,
            parse_float=_float,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}: "
        where_zh = f"第{error.lineno}行第{error.colno}列："
        said = JSON_MESSAGES_ZH.get(error.msg, error.msg)
        params = {"reason": where + error.msg, "reason_zh": where_zh + said}
        raise DataError([Problem("bad_json", source, params=params)]) from None
    except ValueError as error:
        params = {"reason": str(error), "reason_zh": getattr(error, "zh", str(error))}
        raise DataError([Problem("bad_json", source, params=params)]) from None
    except RecursionError:
        params = {"reason": "nested too deeply", "reason_zh": "嵌套过深"}
        raise DataError([Problem("bad_json", source, params=params)]) from None
    repeated = _repeated_keys(document, source)
    try:
        rows = structure_document(document, source)
    except DataError as error:
        raise DataError([*repeated, *error.problems]) from None
    if repeated:
        raise DataError(repeated)
    return raw_tables(rows, source)


def raw_tables(
    rows_by_table: Mapping[str, Sequence[Mapping[str, Any]]], source: str
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Raw tables from rows given as mappings (a JSON document's, or a what-if's)."""
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    limits = current()
    for key, rows in rows_by_table.items():
        table = canonical_table(key)
        if table is None:
            problems.append(unknown_table(key, source))
            continue
        if table in tables:
            problems.append(duplicate_table(table, source, key))
            continue
        if len(rows) > limits.rows:
            problems.append(over("rows", f"{source}: {key}", limits.rows, table=table))
            continue
        seen: dict[str, None] = {}
        for row in rows:
            seen.update(dict.fromkeys(row))
            if len(seen) > limits.columns:
                break
        if len(seen) > limits.columns:
            problems.append(over("columns", f"{source}: {key}", limits.columns, table=table))
            continue
        headers = list(seen)
        if not rows:
            # an empty list is a table with no rows, like a CSV file with only its header
            headers = [column.name for column in TABLES_BY_NAME[table].columns]
        names, found = _canonical_columns(table, headers, f"{source}: {key}")
        problems.extend(found)
        lists = {c.name for c in TABLES_BY_NAME[table].columns if c.type == LIST}
        columns = {
            name: pl.Series(
                name,
                [(_items if name in lists else _cell)(row.get(header)) for row in rows],
                dtype=pl.String,
            )
            for header, name in zip(headers, names, strict=True)
        }
        frame = pl.DataFrame(columns) if columns else pl.DataFrame()
        frame = frame.with_row_index(ROW).with_columns(pl.col(ROW).cast(pl.Int64))
        tables[table] = RawTable(
            table,
            f"{source}: {key}",
            frame,
            numbering="index",
            headers=header_words(names, headers),
        )
    return tables, problems
