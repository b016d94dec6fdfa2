"""Typing one column of text cells as DATA.md says: dates, yes/no, numbers, codes, lists.

Shared by :mod:`scoplan.checking`, which types every column and reports each cell that does
not parse, and the loaders' fast path (:mod:`scoplan.loaders._typed`), which types the
distinct cells of a column through :func:`typed_values` and maps the column onto them.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import polars as pl

from scoplan._display import ID_HIDDEN, character_name
from scoplan._exceptions import ERROR, Problem
from scoplan.loaders.contract import (
    ITEMS,
    ROW,
    RawTable,
    normalised,
    one_line_expr,
    read_on_one_line,
    split_list,
)
from scoplan.schema import (
    BOOL,
    DATE,
    DISSOLVED_HEADER,
    FALSE_WORDS,
    LIST,
    NUMBER,
    STRING,
    TRUE_WORDS,
    Column,
    yes_no_said,
)

MAX_PROBLEMS_PER_CHECK = 200
"""Past this many of one kind in one column (of one group of rows, see :func:`grouping`),
the rest are counted, not listed."""
GROUP = "group"
"""The column of a frame given to :func:`grouping` that names each row's group."""
_GROUP = "__group"
_GROUPS: contextvars.ContextVar[Mapping[str, pl.DataFrame]] = contextvars.ContextVar(
    "scoplan_row_groups"
)
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
TIME_OF_DAY = r"^(\S+?)(?:[ T](?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)$"
"""A date followed by a time of day (``2021-09-14 00:00:00``, as databases export dates):
the date is read, the time dropped, as the workbook loader drops a date cell's. The time
must be one (00:00 to 23:59:59): ``2021-09-14 25:00`` is no date, not 14 September."""
DATE_SHAPE = r"^\d{4}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)$"
"""A cell shaped like a date of :data:`DATE_FORMATS`: if it does not parse, the day is not one."""
SHORT_YEAR = r"^\d{1,3}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)$"
"""A date of :data:`DATE_SHAPE` but for its year, in fewer than four digits (``21-9-14``,
``23/12/1``, ``202-6-23``): which year is it?"""
MONTH_ONLY = r"^\d{4}(?:[-/.]\d{1,2}|年\d{1,2}月)$"
"""A month with no day (``2022年4月``, ``2022-04``, ``2022.4``): which day is not guessed,
and the message says to write it."""
YEAR_ONLY = r"^\d{4}年?$"
"""A year alone (``2022年``, ``2022``): the message says to write the whole date."""
SERIAL_DATE = r"^\d{5}(?:\.0+)?$"
"""An Excel serial day number (44453 is 2021-09-14) in a text cell: a date column formatted
as a number before the sheet was saved as CSV."""
PLACEHOLDERS = frozenset(
    {
        "/",
        "-",
        "--",
        "—",
        "——",
        "–",
        "无",
        "暂无",
        "空",
        "未注销",
        "未撤销",
        "n/a",
        "na",
        "null",
        "none",
    }
)
"""What a register writes in a cell for none (``/``, ``无``, ``未注销``), in lower case, as
ids, codes and dates are read (NFKC: ``／`` is ``/``): in an optional column, where an empty
cell says none, such a cell that is not a value is told to be left empty."""
EXCEL_EPOCH = dt.date(1899, 12, 30)
NUMBER_SHAPE = r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?%?$"
"""A number as a register writes one: ``12``, ``-3.5``, ``1,200``, ``.5``, ``85%`` (a share,
read as 0.85); full-width digits are read in NFKC first."""


def _number(text: pl.Expr) -> pl.Expr:
    """A text cell of :data:`NUMBER_SHAPE` as a number; null when it is not one."""
    shaped = text.str.contains(NUMBER_SHAPE) & text.str.contains(r"\d")
    plain = text.str.replace_all(",", "", literal=True).str.strip_suffix("%")
    value = plain.cast(pl.Float64, strict=False)
    value = pl.when(text.str.ends_with("%")).then(value / 100).otherwise(value)
    return pl.when(shaped).then(value).otherwise(pl.lit(None, dtype=pl.Float64))


FOUR_DIGIT_YEAR = r"^\d{4}\D"
"""How every date of :data:`DATE_FORMATS` begins: polars' ``%Y`` takes one to four digits,
and ``23/12/1`` (meant as 2023) would be the year 23."""


def _unspaced(text: pl.Expr) -> pl.Expr:
    """A date cell without the spaces around its 年, 月 and before its 日
    (``2023 年 12 月 1 日`` is ``2023年12月1日``), its day written 号 as said aloud read as 日
    (``2021年3月5号``); a time of day after 日 keeps its space."""
    unspaced = text.str.replace_all(r"\s*([年月])\s*", "${1}").str.replace_all(r"\s+日", "日")
    return unspaced.str.replace(r"(月\d{1,2})\s*号", "${1}日")


def _date(text: pl.Expr) -> pl.Expr:
    """A text cell as a date in any of :data:`DATE_FORMATS`, its year written in four
    digits, a time of day dropped; or null."""
    day = _unspaced(text).str.replace(TIME_OF_DAY, "$1")
    parsed = pl.coalesce([day.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS])
    return pl.when(day.str.contains(FOUR_DIGIT_YEAR)).then(parsed)


def date_of(text: pl.Expr) -> pl.Expr:
    """A text cell as the day a date column would read it (:func:`_date`), or null: for a
    check of a column of the bureau's own that may be a date column under another header."""
    return _date(text)


def _locate(raw: RawTable, row: int) -> dict[str, Any]:
    return {"index": row} if raw.numbering == "index" else {"row": row}


@contextlib.contextmanager
def grouping(groups: Mapping[str, pl.DataFrame] | None) -> Iterator[None]:
    """Put groups of rows in force for the block: ``groups`` gives, for each table, the group
    (a district) of each row, as a frame of ``ROW`` and :data:`GROUP` (a string, null for
    rows of no group). While it runs, problems of one kind in one column are listed up to
    :data:`MAX_PROBLEMS_PER_CHECK` in each group, and a warning about many rows is given once
    per group with that group's rows — so that no group's problems are hidden behind
    another's. None (and a table not given) leaves each table one group. A table's frame is
    asked for only when a check needs it (a mapping may work it out then)."""
    if groups is None:
        yield
        return
    token = _GROUPS.set(groups)
    try:
        yield
    finally:
        _GROUPS.reset(token)


def grouped(raw: RawTable, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` (rows of ``raw``'s table, with ``ROW``) with each row's group in
    ``__group``: null for every row when no groups are in force (:func:`grouping`)."""
    if raw.name not in _GROUPS.get({}):
        return frame.with_columns(pl.lit(None, dtype=pl.String).alias(_GROUP))
    named = _GROUPS.get()[raw.name].select(ROW, pl.col(GROUP).cast(pl.String).alias(_GROUP))
    return frame.join(named, on=ROW, how="left").sort(ROW, maintain_order=True)


def listed(
    raw: RawTable, bad: pl.DataFrame, column: str | None, severity: str = ERROR
) -> tuple[pl.DataFrame, list[Problem]]:
    """The rows of ``bad`` (problems of one kind in ``column`` of ``raw``'s table, with
    ``ROW``) to list one by one, in row order, and the problems counting the others.

    Up to :data:`MAX_PROBLEMS_PER_CHECK` rows are listed; the rest are one ``more`` problem
    with their ``count``. Where groups of rows are in force (:func:`grouping`), up to that
    many of each group are listed, and the rest of each group are a ``more_from`` problem at
    its first row left out — in that group, so that every group keeps its own.
    """
    if bad.height <= MAX_PROBLEMS_PER_CHECK:
        return bad, []
    if raw.name not in _GROUPS.get({}):
        rest = {"count": bad.height - MAX_PROBLEMS_PER_CHECK}
        counted = Problem(
            "more", raw.source, table=raw.name, column=column, params=rest, severity=severity
        )
        return bad.head(MAX_PROBLEMS_PER_CHECK), [counted]
    ranked = grouped(raw, bad).with_columns(pl.int_range(pl.len()).over(_GROUP).alias("__rank"))
    shown = ranked.filter(pl.col("__rank") < MAX_PROBLEMS_PER_CHECK)
    left = (
        ranked.filter(pl.col("__rank") >= MAX_PROBLEMS_PER_CHECK)
        .group_by(_GROUP, maintain_order=True)
        .agg(pl.col(ROW).first(), pl.len().alias("__count"))
    )
    more = [
        Problem(
            "more_from",
            raw.source,
            table=raw.name,
            column=column,
            params={"count": count},
            severity=severity,
            **_locate(raw, row),
        )
        for _, row, count in left.iter_rows()
    ]
    return shown.drop(_GROUP, "__rank"), more


def _cell_problems(
    raw: RawTable,
    frame: pl.DataFrame,
    mask: pl.Expr,
    code: str,
    column: str,
    value_column: str | None = None,
    **params: object,
) -> list[Problem]:
    bad = frame.filter(mask).select(ROW, pl.col(value_column or column).alias("__value"))
    shown, more = listed(raw, bad, column)
    problems = [
        Problem(
            code,
            raw.source,
            table=raw.name,
            column=column,
            value=value,
            params=params,
            **_locate(raw, row),
        )
        for row, value in shown.iter_rows()
    ]
    return problems + more


@attrs.frozen
class _Check:
    """Cells of a column that are a problem: where ``mask`` holds (over the frame with the
    cell's text, trimmed and blank as null, in ``__text``), each is a problem ``code``."""

    mask: pl.Expr
    code: str
    params: dict[str, object] = attrs.field(factory=dict)


def _rules(
    column: Column, *, items: bool = False, ascii: bool = False, broken: bool = True
) -> tuple[pl.Expr, list[_Check]]:
    """The typed column, as an expression over the cells as read, and the checks its cells
    must pass (:class:`_Check`). ``items``: some list cells are lists given as lists;
    ``ascii``: every cell is ASCII (:func:`_text`); ``broken``: some cell may hold a line
    break (a name with none is not looked through for one: 2 s for 2 million)."""
    name = column.name
    text = _text(column, ascii=ascii)
    cell = pl.col("__text")
    checks: list[_Check] = []
    none = pl.lit(False)
    if not column.required:
        none = cell.is_not_null() & cell.str.to_lowercase().is_in(list(PLACEHOLDERS))
    if column.type == DATE:
        failed = cell.is_not_null() & _date(cell).is_null()
        written = _unspaced(cell)
        serial = failed & cell.str.contains(SERIAL_DATE)
        impossible = failed & written.str.contains(DATE_SHAPE)
        short = failed & written.str.contains(SHORT_YEAR)
        month = failed & written.str.contains(MONTH_ONLY)
        year = failed & written.str.contains(YEAR_ONLY)
        checks += [
            _Check(failed & ~serial & ~impossible & ~short & ~month & ~year & ~none, "bad_date"),
            _Check(impossible, "no_such_date"),
            _Check(serial, "serial_date"),
            _Check(short, "short_year"),
            _Check(month, "day_missing"),
            _Check(year, "year_only"),
            _Check(failed & none, "placeholder"),
        ]
        expr = _date(text).alias(name)
    elif column.type == BOOL:
        known = cell.str.to_lowercase().is_in(list(TRUE_WORDS | FALSE_WORDS))
        yes_no: dict[str, object] = {
            "expected": yes_no_said("en"),
            "expected_zh": yes_no_said("zh"),
        }
        checks.append(_Check(cell.is_not_null() & ~known & ~none, "bad_bool", yes_no))
        checks.append(_Check(~known & none, "placeholder"))
        low = text.str.to_lowercase()
        expr = (
            pl.when(low.is_in(list(TRUE_WORDS)))
            .then(True)
            .when(low.is_in(list(FALSE_WORDS)))
            .then(False)
            .otherwise(None)
            .alias(name)
        )
    elif column.type == NUMBER:
        not_number = cell.is_not_null() & _number(cell).is_null()
        checks.append(_Check(not_number & ~none, "bad_number"))
        checks.append(_Check(not_number & none, "placeholder"))
        expr = _number(text).alias(name)
    elif column.type == LIST:
        expr = split_list(text, column, items=items).alias(name)
    elif column.codes is not None:
        mapping = column.code_map()
        if not column.open_codes:
            mapped = cell.replace_strict(mapping, default=None, return_dtype=pl.String)
            lowered = cell.str.to_lowercase().replace_strict(
                mapping, default=None, return_dtype=pl.String
            )
            expected = ", ".join(column.codes)
            expected_zh = "、".join(
                aliases[0] if aliases else code for code, aliases in column.codes.items()
            )
            unknown = cell.is_not_null() & mapped.is_null() & lowered.is_null()
            unclear = cell.is_in([*column.unclear, *column.hinted])
            checks.append(
                _Check(
                    unknown & ~none & ~unclear,
                    "bad_code",
                    {"expected": expected, "expected_zh": expected_zh},
                )
            )
            checks.append(_Check(unknown & none, "placeholder"))
            said = {"expected": expected, "expected_zh": expected_zh}
            for codes, words in _unclear(column).items():
                either = _either(codes, column, said)
                checks.append(_Check(unknown & cell.is_in(words), "unclear_code", either))
            for code, words in _hinted(column).items():
                # the column where a dissolved organization's day goes, as DATA.md names it
                # (checking.in_their_words names it as the file's header wrote it)
                hint: dict[str, object] = {**said, "dissolved": DISSOLVED_HEADER}
                checks.append(_Check(unknown & cell.is_in(words), code, hint))
        expr = pl.coalesce(
            [
                text.replace_strict(mapping, default=None, return_dtype=pl.String),
                text.str.to_lowercase().replace_strict(
                    mapping, default=None, return_dtype=pl.String
                ),
                text if column.open_codes else pl.lit(None, dtype=pl.String),
            ]
        ).alias(name)
    elif read_on_one_line(column) and broken:
        # a name typed over two lines (Alt+Enter) is the name on one line, as a name with
        # spaces around it is the name without them: the same organization entered again so
        # is one entered twice
        expr = one_line_expr(text).alias(name)
    else:
        expr = text.alias(name)
    if column.required:
        checks.append(_Check(cell.is_null(), "missing_value"))
    if column.name == "id" or column.ref:
        checks.append(_Check(cell.str.contains(ID_HIDDEN), "hidden_in_id"))
    return expr, checks


def _unclear(column: Column) -> dict[tuple[str, ...], list[str]]:
    """A closed list's words that could mean several of its codes, by the codes they could
    mean (:attr:`~scoplan.schema.Column.unclear`)."""
    found: dict[tuple[str, ...], list[str]] = {}
    for word, codes in column.unclear.items():
        found.setdefault(codes, []).append(word)
    return found


def _hinted(column: Column) -> dict[str, list[str]]:
    """A closed list's words that name none of its codes, by the problem each is
    (:attr:`~scoplan.schema.Column.hinted`)."""
    found: dict[str, list[str]] = {}
    for word, code in column.hinted.items():
        found.setdefault(code, []).append(word)
    return found


def _either(codes: tuple[str, ...], column: Column, said: dict[str, str]) -> dict[str, object]:
    """What an unclear word's problem says: the codes it could mean, in English and by their
    first Chinese words (``城市社区或农村社区``), and the codes to write."""

    def listed(words: list[str], joint: str, glue: str) -> str:
        return words[0] if len(words) == 1 else glue.join(words[:-1]) + joint + words[-1]

    chinese = [(column.codes or {}).get(code, (code,))[0] for code in codes]
    return {
        **said,
        "codes": listed(list(codes), " or ", ", "),
        "codes_zh": listed(chinese, "或", "、"),
    }


def _text(column: Column, *, ascii: bool = False) -> pl.Expr:
    """A column's cells as they are typed and checked: trimmed, blank as null, and in NFKC
    where the column is read so (:func:`~scoplan.loaders.contract.normalised`) and not all
    ASCII (``ascii``), which NFKC leaves as it is."""
    text = pl.col(column.name)
    if normalised(column) and not ascii:
        text = text.str.normalize("NFKC")
    text = text.str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text)


def _parse_column(
    raw: RawTable, frame: pl.DataFrame, column: Column
) -> tuple[pl.Expr, list[Problem]]:
    """An expression giving the typed column, and the problems of the cells that do not parse.

    A column of few distinct cells (codes, dates, yes/no, lists: :func:`_by_distinct`) is
    typed and checked a distinct cell at a time, as the fast path types it: every rule is a
    function of the cell alone, so a cell's type and problems are those of its text
    wherever it is. Only the rows of a cell found to be a problem are then checked one by
    one, to say where each is (:func:`_problems`, the same checks over fewer rows): one
    stray space in a province's register no longer parses its 200 thousand dates six times.
    """
    name = column.name
    items = column.type == LIST and bool(
        frame.get_column(name).str.contains(ITEMS, literal=True).any()
    )
    if not _by_distinct(column, frame):
        # ids, references and names, typed whole: an id column all ASCII (as most are, and
        # counting bytes tells cheaply) is not put through NFKC, which leaves it as it is
        text = pl.col(name)
        ascii = frame.schema[name] == pl.String and bool(
            frame.select((text.str.len_bytes() == text.str.len_chars()).all()).item()
        )
        broken = (
            read_on_one_line(column)
            and frame.schema[name] == pl.String
            and bool(frame.select(text.str.contains(r"[\r\n]").any()).item())
        )
        expr, checks = _rules(column, items=items, ascii=ascii, broken=broken)
        return expr, _problems(raw, frame, column, checks, ascii=ascii)
    expr, checks = _rules(column, items=items)
    cells = frame.get_column(name).unique()  # a blank cell (null) among them, if any
    looked = (
        cells.to_frame()
        .lazy()
        .with_columns(_text(column).alias("__text"))
        .select(
            pl.col(name),
            expr.alias("__typed"),
            pl.any_horizontal([check.mask for check in checks]).fill_null(False).alias("__bad")
            if checks
            else pl.lit(False).alias("__bad"),
        )
        .collect(engine="in-memory")
    )
    bad = looked.filter(pl.col("__bad")).get_column(name)
    problems: list[Problem] = []
    if bad.len():
        where = pl.col(name).is_in(bad.drop_nulls().implode())
        if bad.null_count():
            where = where | pl.col(name).is_null()
        problems = _problems(raw, frame.filter(where), column, checks)
    return _mapped(name, looked.get_column(name), looked.get_column("__typed")), problems


def _by_distinct(column: Column, frame: pl.DataFrame) -> bool:
    """Whether ``column`` of ``frame`` is typed a distinct cell at a time: codes, dates,
    yes/no, lists and numbers, read as text (ids, references and names are typed whole, and
    their checks are cheap)."""
    if column.name not in frame.columns or frame.schema[column.name] != pl.String:
        return False
    return column.codes is not None or column.type != STRING


def _mapped(name: str, cells: pl.Series, typed: pl.Series) -> pl.Expr:
    """Column ``name`` typed through its distinct ``cells`` (a blank one, null, among them
    or not), each typed as ``typed`` says: one lookup a cell."""
    known = cells.drop_nulls()
    blank = len(known)
    # each cell's place among the distinct cells as an enum's, a blank cell's after them
    index = pl.col(name).cast(pl.Enum(known)).to_physical().cast(pl.Int64).fill_null(blank)
    values = pl.concat([typed.filter(cells.is_not_null()), typed.filter(cells.is_null())])
    if not cells.null_count():
        values = values.extend(pl.Series([None], dtype=typed.dtype))
    return pl.lit(values).gather(index).alias(name)


def _problems(
    raw: RawTable, frame: pl.DataFrame, column: Column, checks: list[_Check], *, ascii: bool = False
) -> list[Problem]:
    """The problems of the cells of ``column`` in ``frame`` that fail ``checks``, each
    where it is, in the checks' order and then the rows' (``ascii``: as :func:`_text`)."""
    name = column.name
    frame = frame.with_columns(_text(column, ascii=ascii).alias("__text"))
    problems: list[Problem] = []
    for check in checks:
        found = _cell_problems(raw, frame, check.mask, check.code, name, "__text", **check.params)
        if check.code == "serial_date":
            found = [_serial_day(problem) for problem in found]
            if raw.numbering == "record":
                # a database's number: no Excel column to format, a column to store dates in
                found = [attrs.evolve(problem, code="serial_date_number") for problem in found]
        elif check.code in ("day_missing", "year_only"):
            found = [_whole_date(problem) for problem in found]
        elif check.code == "hidden_in_id":
            found = [_hidden_where(problem) for problem in found]
        problems += found
    return problems


def typed_values(values: pl.Series, column: Column, table: str) -> pl.Series | None:
    """``values`` (distinct text cells of ``column``) typed exactly as the careful path types
    them, in their order; None when one of them is a problem (a bad date, an unknown code, a
    blank where a value is required), which the careful path then reports with its row.

    The CSV fast path types a column of few distinct cells (codes, yes/no, lists, dates) by
    typing each distinct cell once, here, and mapping the column onto the results: one
    query, which types them and asks whether any fails a check (the careful path's checks,
    the same expressions), or is a code wrapped as text (``="urban"``), which the careful
    path reads unwrapped.
    """
    from scoplan.spreadsheet_slips import WRAPPED_START

    items = column.type == LIST and bool(values.str.contains(ITEMS, literal=True).any())
    expr, checks = _rules(column, items=items)
    if column.codes is not None:
        # a code wrapped as text (="urban", 'urban), which the careful path reads unwrapped
        # and warns of (:func:`~scoplan.spreadsheet_slips.without_wrapped_codes`)
        checks.append(_Check(pl.col("__text").str.contains(WRAPPED_START), "wrapped_codes"))
    bad = pl.any_horizontal([check.mask for check in checks]).any() if checks else pl.lit(False)
    typed = (
        values.alias(column.name)
        .to_frame()
        .lazy()
        .with_columns(_text(column).alias("__text"))
        .select(expr, bad.alias("__bad"))
        .collect(engine="in-memory")  # a few hundred cells: the streaming engine's start costs more
    )
    if not typed.is_empty() and typed.get_column("__bad")[0]:
        return None
    return typed.get_column(column.name)


def _serial_day(problem: Problem) -> Problem:
    """A serial day number's problem, saying which day the number is."""
    if problem.value is None:
        return problem
    days = dt.timedelta(days=int(float(problem.value)))
    return attrs.evolve(problem, params={"date": (EXCEL_EPOCH + days).isoformat()})


def _whole_date(problem: Problem) -> Problem:
    """A month's problem (:data:`MONTH_ONLY`), with a whole date in the form it is written
    in to show: ``2022年4月`` → ``2022年4月1日``, ``2022-04`` → ``2022-04-01``."""
    if problem.value is None:
        return problem
    return attrs.evolve(problem, params={**problem.params, "example": whole_date(problem.value)})


def whole_date(month: str) -> str:
    """A month written without its day (:data:`MONTH_ONLY`) as the whole date of its first
    day, in its own form: ``2022年4月`` → ``2022年4月1日``, ``2022-04`` → ``2022-04-01``; a
    year alone (:data:`YEAR_ONLY`) likewise: ``2022年`` → ``2022年1月1日``."""
    text = re.sub(r"\s*([年月])\s*", r"\1", month)
    if text.endswith("年"):  # a year alone (:data:`YEAR_ONLY`)
        return f"{text}1月1日"
    if text.isdigit():
        return f"{text}-01-01"
    if text.endswith("月"):
        return f"{text}1日"
    last = re.split(r"[-/.]", text)[-1]
    return f"{text}{text[4]}{'01' if len(last) == 2 else '1'}"


def _hidden_where(problem: Problem) -> Problem:
    """An id's problem of a hidden character, naming the character and where it is."""
    if problem.value is None:
        return problem
    # where the pattern matched (a byte offset), as a position among characters
    offset = pl.Series([problem.value]).str.find(ID_HIDDEN).item()
    at = len(problem.value.encode()[:offset].decode())
    char = character_name(problem.value[at])
    return attrs.evolve(problem, params={"char": char, "position": at + 1})
