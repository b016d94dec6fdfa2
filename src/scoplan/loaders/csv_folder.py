"""``csv``: a folder of CSV files, one per table, English or Chinese names and headers.

The reading itself lives here: each file decoded (UTF-8 or GB18030), its header found below
any title rows and named, and its rows read the fast way straight into typed columns
(:func:`read_typed_csv`) or, where a cell needs it, the careful way, which says where each
problem is.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
from collections import deque
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextvars import copy_context
from pathlib import Path
from queue import SimpleQueue

import attrs
import polars as pl

from scoplan._exceptions import DataError, Problem
from scoplan._os_reasons import os_reason
from scoplan.formats import Loader, ProgressCallback
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.limits import Limits, current, over
from scoplan.loaders._decoding import BOM, _is_wide, _utf8_chinese_line, decode
from scoplan.loaders._tables import (
    HEADER_SEARCH_ROWS,
    _canonical_columns,
    _empty_raw,
    canonical_table,
    duplicate_table,
    header_position,
    header_rows,
    header_score,
    header_words,
    held_elsewhere,
    held_table,
    named_from_above,
    summary_name,
    titles_skipped,
    two_row_header,
    two_rows_read,
    unknown_table,
)
from scoplan.loaders._typed import Leaving, _coded, _fast_checks, _Typing
from scoplan.loaders.contract import ROW, RawTable
from scoplan.schema import BOOL, DATE, TABLE_ALIASES, TABLES_BY_NAME, Column

_HEAD_CHARS = 1 << 16
"""How much of a file's text its header is first looked for in (:func:`_header`)."""


def _header(text: str) -> list[str] | None:
    """The header cells exactly as written (polars renames a repeated one); None if unsure.

    Read from the text's head, not from a copy of the whole (a province's register is 20
    MB): the whole only when the header's record does not end within the head."""
    head = text[:_HEAD_CHARS]
    lines = io.StringIO(head, newline="")
    try:
        first = next(csv.reader(lines, strict=True), [])
        whole = len(head) < len(text) and lines.tell() >= len(head)
    except csv.Error:
        if len(head) == len(text):
            return None
        whole = True
    if whole:
        try:
            first = next(csv.reader(io.StringIO(text, newline=""), strict=True), [])
        except csv.Error:
            return None
    return [cell.replace("\ufeff", "") for cell in first]


_DELIMITERS = {";": ";", "\t": "Tab", "|": "|", "\uff0c": "\uff0c"}
"""What else than commas a header's cells are seen separated by, and how to name it."""
_MAX_RECORD_PROBLEMS = 200


def _required(table: str) -> dict[str, str]:
    """The table's required columns, as a message lists them: by name, and in Chinese."""
    columns = [c for c in TABLES_BY_NAME[table].columns if c.required]
    return {
        "expected": ", ".join(c.name for c in columns),
        "expected_zh": "、".join(c.alias for c in columns),
    }


def _misread(text: str, table: str, source: str, row: int = 1) -> Problem | None:
    """A problem with the whole file that makes its rows meaningless: empty, not commas.
    ``text`` is the file's from its header's line on, ``row``: that line's number."""
    if not text or text.isspace():  # (not text.strip(), which copies the whole text)
        return Problem("empty_file", source, table=table, params=_required(table))
    header = _header(text)
    if header is not None and len(header) == 1:
        for delimiter, name in _DELIMITERS.items():
            if delimiter in header[0]:
                params = {"delimiter": name}
                return Problem("bad_delimiter", source, table=table, row=row, params=params)
    return None


def _other_delimiter(text: str, table: str, source: str) -> Problem | None:
    """``bad_delimiter`` naming the line of the header, when one of the file's first lines
    names at least two of the table's columns split by another delimiter than the comma
    (``编号;名称;类型``), and more than split by commas: below a title line of commas
    (``黄山市区县表,,,``), where the header's line was not found and row 1 taken for it."""
    for number, line in enumerate(text[: 1 << 16].splitlines()[:HEADER_SEARCH_ROWS], 1):
        by_comma = header_score(line.split(","), table)
        for delimiter, name in _DELIMITERS.items():
            cells = line.split(delimiter)
            if len(cells) > 1 and header_score(cells, table) > max(1, by_comma):
                params = {"delimiter": name}
                return Problem("bad_delimiter", source, table=table, row=number, params=params)
    return None


@attrs.frozen
class _Below:
    """A file's text from its header line on (:func:`_below_titles`)."""

    text: str
    left_out: int = 0
    """Lines left out above the rows, which are numbered past them: title lines, and the
    header's second line."""
    header_row: int = 1
    """The header's line in the file (the first of two)."""
    rows: tuple[int, ...] = ()
    """Each header cell's line in the file (:func:`~scoplan.loaders._tables.header_rows`)."""
    warned: tuple[Problem, ...] = ()


def _below_titles(text: str, table: str, source: str) -> _Below:
    """``text`` from its header line on, with where its header is, and the warnings saying
    what was left out: title lines above the header, and a header of two lines
    (:func:`~scoplan.loaders._tables.two_row_header`), read as one."""
    head = text[: 1 << 16]
    try:
        records = list(itertools.islice(csv.reader(io.StringIO(head, newline="")), 10))
    except csv.Error:
        return _Below(text)
    titles = header_position(records, table)
    if titles >= len(records):
        return _Below(text)  # an empty file: said so later
    lines = records[: titles + 2]
    if any("\n" in cell or "\r" in cell for r in lines for cell in r):
        return _Below(text)
    offset = 0
    for _ in range(titles):
        offset = text.index("\n", offset) + 1
    warned = titles_skipped(titles, table, source)
    below = records[titles + 1] if len(records) > titles + 1 else None
    two = two_row_header(records[titles], below, table) if below is not None else None
    above = named_from_above(two or records[titles], records[:titles])
    header = above or two or records[titles]
    rows = tuple(header_rows(records, titles, two is not None, len(header)))
    if two is None and above is None:
        return _Below(text[offset:], titles, titles + 1, rows, tuple(warned))
    rest = text.index("\n", offset) + 1  # past the header's line, and its second one
    if two is not None:
        rest = text.index("\n", rest) + 1
        warned += two_rows_read(titles + 1, table, source)
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow(header)
    left_out = titles + (two is not None)
    return _Below(line.getvalue() + text[rest:], left_out, titles + 1, rows, tuple(warned))


def _records_frame(
    text: str,
    table: str,
    source: str,
    first: int = 2,
    headers: dict[str, str] | None = None,
    header_lines: Sequence[int] = (),
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
    names, found = _canonical_columns(table, header, source, header_lines)
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


def _frame_from_text(text: str, table: str, source: str) -> tuple[RawTable, list[Problem]]:
    """The careful path: a table's text as raw text cells (incomplete where some row could
    not be read), and the problems."""
    headers: dict[str, str] = {}
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")  # old Mac line ends (Excel for Mac 2011 wrote them)
    below = _below_titles(text, table, source)
    misread = _misread(below.text, table, source, below.header_row)
    if misread is None and below.header_row == 1:  # a header of semicolons below a title?
        misread = _other_delimiter(text, table, source)
    text, titles = below.text, below.left_out
    if misread is not None:
        return RawTable(table, source, _empty_raw(table), complete=False), [misread]
    try:
        frame = pl.read_csv(
            text.encode("utf-8"),
            infer_schema=False,
            has_header=True,
            truncate_ragged_lines=False,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:
        frame, problems, complete = _records_frame(
            text, table, source, 2 + titles, headers, below.rows
        )
    else:
        header = _header(text)
        if header is None or len(header) != len(frame.columns):
            header = frame.columns
        names, problems = _canonical_columns(table, header, source, below.rows)
        headers.update(header_words(names, header))
        frame = frame.rename(dict(zip(frame.columns, names, strict=True)))
        frame = frame.with_row_index(ROW, offset=2 + titles).with_columns(
            pl.col(ROW).cast(pl.Int64)
        )
        complete = True
    problems[:0] = below.warned
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
    header_row = below.header_row
    raw = RawTable(table, source, frame, headers=headers, complete=complete, header_row=header_row)
    return raw, problems


_FAST_HEADER_BYTES = 1 << 16
_FAST_PIECE_BYTES = 1 << 23
"""How much of a GB18030 file is read at a time: a piece of whole lines, read and typed
before the next, so that no copy of the whole file's text is ever held. While one piece is
typed, the next is decoded in a thread: with pieces of 8 MB rather than 32 MB a province's
register (17 MB) is read in 0.17 s rather than 0.21 s, a country's (423 MB) in 3.7 s
rather than 4.2 s (``benchmarks/bench_forms.py``)."""
_WORKERS = 2
"""How many pieces of a GB18030 file are parsed and typed at once (one more waits, read):
on 2 cores, a country's register in 3.0 s rather than 4.3 s with one thread parsing beside
one typing, where the typing was the limit (``benchmarks/bench_forms.py``)."""
_ALONE_BYTES = 1 << 25
"""A GB18030 file larger than this is read on its own, not beside another file: its pieces
are decoded in a thread of their own, and beside another file they took ~100 MB more for
little (a country's register)."""
_UTF8_BOM = re.compile(re.escape(BOM))
"""A UTF-8 BOM among a GB18030 file's bytes (sre finds it in half the time ``in`` takes)."""
_VALID_UTF8 = (
    r"^(?:[\x00-\x7F]|[\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}|[\xF0-\xF4][\x80-\xBF]{3})*$"
)
"""A cell read byte for character (latin-1) that may be valid UTF-8: at least every one that is."""


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
    """The one form of :data:`~scoplan.cell_typing.DATE_FORMATS` that ``cells`` are written in
    (ISO when none is given); None when they are in none or in several."""
    from scoplan.cell_typing import DATE_FORMATS

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


def _typed_kept(typing: _Typing, frame: pl.DataFrame, leave: Leaving | None) -> pl.DataFrame | None:
    """``frame`` typed, without the columns ``leave`` leaves out; None where a cell is a
    problem (the careful path then says where)."""
    typed = typing.typed(frame)
    return typed if typed is None or leave is None else leave.take(typed)


def _read_gb18030(
    path: Path,
    start: int,
    names: Sequence[str],
    typing: _Typing,
    chinese: Sequence[str],
    leave: Leaving | None = None,
) -> pl.DataFrame | None:
    """The rows of a GB18030 file from byte ``start`` on, typed, numbered from row 2; None
    when a cell is a problem, the bytes are not all GB18030 or a line may be UTF-8 (the
    careful way says which).

    Python's codec would take longer than all the rest: the file is read byte for
    character (latin-1, which keeps every comma, quote and line end where it is), and only
    what must be is decoded: each distinct cell of a code, yes/no, list or date column, and
    the free text (names) a column at a time. ``chinese`` are the columns whose first rows
    hold more than ASCII. ``leave``: the columns left out of each piece once typed and checked.
    """
    known = {c.name: c for c in typing.known.columns}
    free = [name for name in names if not _coded(known.get(name))]
    # a row that is also UTF-8 is looked for in the Chinese text first, names first
    order = sorted(names, key=lambda name: (name not in chinese, name not in free))
    schema = {name: pl.String() for name in names}

    def parsed(piece: bytes) -> pl.DataFrame | None:
        """A piece's rows, the free text decoded (the coded columns are typed a distinct
        cell at a time); None where the careful way must read the file: a UTF-8 BOM or a
        NUL (the joining character of :func:`_decoded`) in it, or a line that may be UTF-8."""
        if _UTF8_BOM.search(piece):
            return None
        text = str(piece, "latin-1")
        if "\x00" in text:
            return None
        frame = pl.read_csv(
            text.encode("utf-8"), has_header=False, schema=schema, raise_if_empty=False
        )
        # without a quote, a cell holds no line end: as many lines as rows
        lines = text.count("\n") if '"' in text else frame.height
        doubtful = _maybe_utf8(frame, lines, order)
        if doubtful.height and _utf8_line_among(doubtful):
            return None
        return _decoded(frame, free)

    # each worker types its pieces with what it learns itself, and sums them apart: no
    # state is shared between threads; the sums are added and what was learnt told at the end
    states: SimpleQueue[tuple[_Typing, Leaving | None]] = SimpleQueue()
    kept = [(typing.apart(), None if leave is None else leave.apart()) for _ in range(_WORKERS)]
    for state in kept:
        states.put(state)
    blank = pl.all_horizontal([pl.col(c).is_null() for c in names])

    def worked(piece: bytes) -> tuple[pl.DataFrame, int] | None:
        """A piece's rows parsed, numbered from 0 and typed (the columns left out let go),
        and how many rows it had; None where the careful way must read the file."""
        own, left = states.get()
        try:
            frame = parsed(piece)
            if frame is None:
                return None
            numbered = frame.with_row_index(ROW).with_columns(pl.col(ROW).cast(pl.Int64))
            typed = _typed_kept(own, numbered.filter(~blank), left)
            return None if typed is None else (typed, frame.height)
        finally:
            states.put((own, left))

    frames: list[pl.DataFrame] = []
    row = 2
    ahead: deque[Future[tuple[pl.DataFrame, int] | None]] = deque()

    def took_next() -> bool:
        """The oldest piece's rows, numbered on from the rows before; False where the
        careful way must read the file."""
        nonlocal row
        done = ahead.popleft().result()
        if done is None:
            return False
        typed, height = done
        frames.append(typed.with_columns(pl.col(ROW) + row))
        row += height
        return True

    # the pieces are parsed and typed in two threads: polars lets the interpreter go, so
    # Python's codecs in one overlap polars in the other, and both cores are kept busy
    pieces = _gb18030_pieces(path, start)
    with ThreadPoolExecutor(_WORKERS, thread_name_prefix="scoplan-gb18030") as pool:
        try:
            for piece in pieces:
                # each in a copy of this context: the codes a plugin declares are in force
                ahead.append(pool.submit(copy_context().run, worked, bytes(piece)))
                if len(ahead) > _WORKERS and not took_next():
                    return None
            while ahead:
                if not took_next():
                    return None
        finally:
            pieces.close()  # type: ignore[attr-defined]
            for future in ahead:
                future.cancel()
    for own, left in kept:
        typing.learnt_from(own)
        if leave is not None and left is not None:
            leave.add(left)
    if not frames:  # a header and no row
        empty = pl.DataFrame(schema={ROW: pl.Int64(), **schema})
        typed = _typed_kept(typing, empty, leave)
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
    leave = Leaving.of(known, names)
    try:
        if encoding == "gb18030":
            chinese = [
                n
                for n, c in cells.items()
                if c is not None and c.str.len_bytes().sum() != c.str.len_chars().sum()
            ]
            read = _read_gb18030(path, start + len(line) + 1, names, typing, chinese, leave)
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
            read = _typed_kept(typing, read, leave)
    except (pl.exceptions.PolarsError, OSError, ValueError):
        return None  # UnicodeDecodeError too
    if read is None:
        return None
    checks = _fast_checks(known, read.columns, typing.wide)
    if checks and not all(read.select(checks).row(0)):
        return None
    raw = RawTable(table, path.name, read, typed=True, headers=header_words(names, header))
    return raw if leave is None else leave.raw(raw)


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


def _top(path: Path) -> list[list[str | None]]:
    """The first records of a CSV file (UTF-8 or GB18030), as a header is looked for among
    them (:func:`~scoplan.loaders._tables.held_table`); none where they cannot be read."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    whole = len(head) < (1 << 16)
    encoding = _head_encoding(head, whole)
    if encoding is None:
        return []
    text = codecs.getincrementaldecoder(encoding)().decode(head, final=whole).lstrip("\ufeff")
    if not whole:
        text = text[: text.rfind("\n") + 1]  # whole lines: the last may be cut
    try:
        rows = list(itertools.islice(csv.reader(io.StringIO(text, newline="")), HEADER_SEARCH_ROWS))
    except csv.Error:
        return []
    return [list[str | None](row) for row in rows]


def _not_read(entries: Sequence[Path], firsts: Mapping[str, Path]) -> list[Problem]:
    """An error for each entry named for a table the folder has no CSV file for that is no
    CSV file it can read: ``活动.txt``, ``活动.xlsx`` (another format), a ``活动.csv`` that
    is a link to nothing. Left out unsaid, the table would be read as none."""
    problems = []
    for path in entries:
        table = canonical_table(path.stem)
        if table is None or table in firsts:
            continue
        if path.suffix.lower() == ".csv" and not path.is_file():
            there = path.exists()
            params = {
                "reason": "not a file" if there else "a link to a file that is not there",
                "reason_zh": "不是文件" if there else "它链接的文件不存在",
            }
            problems.append(Problem("unreadable", path.name, table=table, params=params))
        elif path.suffix.lower() != ".csv" and path.is_file():
            zh = {"table_zh": TABLES_BY_NAME[table].alias}
            problems.append(Problem("not_csv", path.name, table=table, params=zh))
    return problems


def read_csv_folder(
    folder: Path,
    *,
    progress: ProgressCallback | None = None,
    only: Collection[str] | None = None,
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read every ``*.csv`` of ``folder`` named for a table of DATA.md (English or Chinese);
    with ``only``, the files of those tables alone, the others left unread and unsaid (a
    country's districts, read in a moment beside its organizations' half a gigabyte).

    UTF-8 files (and GB18030 files, when each is one piece) are read the fast way two at a time, the
    largest first (polars and Python let each other run): a country's eight files in 2.8 s
    rather than 5.7 s. Then,
    in the files' order, each is taken as read or, where a cell needs it, read the careful
    way, which says where each problem is.
    """
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    entries = sorted(folder.iterdir())
    files = [p for p in entries if p.is_file() and p.suffix.lower() == ".csv"]
    firsts: dict[str, Path] = {}
    if only is not None:
        # a file of another table, or of none, is for reading the data whole to say
        entries = [p for p in entries if canonical_table(p.stem) in only]
        files = [p for p in files if p in entries]
    for path in files:
        table = canonical_table(path.stem)
        if table is not None and table not in firsts:
            firsts[table] = path
    problems += _not_read(entries, firsts)
    absent = {table for table in TABLE_ALIASES.values() if table not in firsts}
    refused = {table: _csv_over_limits(path, table, current()) for table, path in firsts.items()}
    # a GB18030 file of several pieces is read in two threads of its own (decoding beside
    # typing), and beside another file its pieces took more memory (~100 MB nationally)
    # for little: where there is one, the GB18030 files are read here, in turn
    gb18030 = {t for t in firsts if refused[t] is None and _gb18030_at_head(firsts[t])}
    alone = any(_size(firsts[t]) > _ALONE_BYTES for t in gb18030)
    ahead = [t for t in firsts if refused[t] is None and not (alone and t in gb18030)]
    ahead.sort(key=lambda table: -_size(firsts[table]))
    pool = ThreadPoolExecutor(2, thread_name_prefix="scoplan-csv")
    try:
        # each read in a copy of this context: the codes a plugin declares are in force there
        reads = {
            table: pool.submit(copy_context().run, read_typed_csv, firsts[table], table)
            for table in ahead
        }
        held: dict[str, list[tuple[str, str, bool]]] = {}  # a table's rows named otherwise
        for path in files:
            table = canonical_table(path.stem)
            if table is None:
                rows = None if summary_name(path.stem) else held_table(_top(path))
                if rows is not None:  # a table's rows in a file of another name
                    held.setdefault(rows, []).append((path.stem, path.name, False))
                else:
                    problems.append(unknown_table(path.stem, path.name, absent))
                continue
            if firsts[table] != path:
                problems.append(duplicate_table(table, path.name, firsts[table].name))
                continue
            if progress is not None:
                progress(path.name)
            over = refused[table]
            if over is not None:
                problems.append(over)
                tables[table] = RawTable(table, path.name, _empty_raw(table), complete=False)
                continue
            fast = reads[table].result() if table in reads else read_typed_csv(path, table)
            if fast is not None:
                tables[table] = fast
                continue
            tables[table] = _read_carefully(path, table, problems)
    finally:
        pool.shutdown(cancel_futures=True)  # on the way out by an error, read no more
    named = {table: path.name for table, path in firsts.items()}
    problems.extend(held_elsewhere(held, named, folder.name, files=True))
    if not files:
        problems.append(Problem("no_tables", str(folder)))
    return tables, problems


def _gb18030_at_head(path: Path) -> bool:
    """Whether a file's first bytes are GB18030, not UTF-8 (a hint for the order of reading:
    nothing is decided by it)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_FAST_HEADER_BYTES)
    except OSError:
        return False
    return _head_encoding(head.removeprefix(BOM), whole=False) == "gb18030"


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_carefully(path: Path, table: str, problems: list[Problem]) -> RawTable:
    """``path`` read the careful way, its problems added to ``problems``."""
    try:
        text = decode(path.read_bytes(), path.name)
    except OSError as error:
        problems.append(Problem("unreadable", path.name, params=os_reason(error)))
        return RawTable(table, path.name, _empty_raw(table), complete=False)
    except DataError as error:
        problems.extend(error.problems)
        return RawTable(table, path.name, _empty_raw(table), complete=False)
    raw, found = _frame_from_text(text, table, path.name)
    problems.extend(found)
    return raw


def accepts(source: str) -> bool:
    return Path(source).is_dir()


def read(
    source: str, progress: ProgressCallback | None = None
) -> tuple[dict[str, RawTable], list[Problem]]:
    return read_csv_folder(Path(source), progress=progress)


@hookimpl
def scoplan_register_loaders(register: Callable[[Loader], None]) -> None:
    register(Loader("csv", Text("CSV 文件夹", "folder of CSV files"), accepts, read))
