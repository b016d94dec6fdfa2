"""Typing one column of text cells as DATA.md says: dates, yes/no, numbers, codes, lists.

Shared by :mod:`scoplan.checking`, which types every column and reports each cell that does
not parse, and the loaders' fast path (:mod:`scoplan.loaders._typed`), which types the
distinct cells of a column through :func:`typed_values` and maps the column onto them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import polars as pl

from scoplan._display import ID_HIDDEN, character_name
from scoplan._exceptions import Problem
from scoplan.loaders.contract import ITEMS, ROW, RawTable, normalised, split_list
from scoplan.schema import BOOL, DATE, FALSE_WORDS, LIST, NUMBER, TRUE_WORDS, Column

MAX_PROBLEMS_PER_CHECK = 200
"""Past this many of one kind in one column, the rest are counted, not listed."""
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
TIME_OF_DAY = r"^(\S+?)(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$"
"""A date followed by a time of day (``2021-09-14 00:00:00``, as databases export dates):
the date is read, the time dropped, as the workbook loader drops a date cell's."""
DATE_SHAPE = r"^\d{4}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)$"
"""A cell shaped like a date of :data:`DATE_FORMATS`: if it does not parse, the day is not one."""
SERIAL_DATE = r"^\d{5}(?:\.0+)?$"
"""An Excel serial day number (44453 is 2021-09-14) in a text cell: a date column formatted
as a number before the sheet was saved as CSV."""
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


def _date(text: pl.Expr) -> pl.Expr:
    """A text cell as a date in any of :data:`DATE_FORMATS`, a time of day dropped; or null."""
    day = text.str.replace(TIME_OF_DAY, "$1")
    return pl.coalesce([day.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS])


def _locate(raw: RawTable, row: int) -> dict[str, Any]:
    return {"index": row} if raw.numbering == "index" else {"row": row}


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
        for row, value in bad.head(MAX_PROBLEMS_PER_CHECK).iter_rows()
    ]
    if bad.height > MAX_PROBLEMS_PER_CHECK:
        rest = bad.height - MAX_PROBLEMS_PER_CHECK
        problems.append(
            Problem("more", raw.source, table=raw.name, column=column, params={"count": rest})
        )
    return problems


def _parse_column(
    raw: RawTable, frame: pl.DataFrame, column: Column
) -> tuple[pl.Expr, list[Problem]]:
    """An expression giving the typed column, and the problems of the cells that do not parse."""
    name = column.name
    text = pl.col(name)
    if normalised(column):
        text = text.str.normalize("NFKC")
    text = text.str.strip_chars()
    text = pl.when(text == "").then(None).otherwise(text)
    frame = frame.with_columns(text.alias("__text"))
    problems: list[Problem] = []
    if column.type == DATE:
        checked = frame.with_columns(_date(pl.col("__text")).alias("__parsed"))
        failed = pl.col("__text").is_not_null() & pl.col("__parsed").is_null()
        value = pl.col("__text")
        serial = failed & value.str.contains(SERIAL_DATE)
        impossible = failed & value.str.contains(DATE_SHAPE)
        other = failed & ~serial & ~impossible
        problems += _cell_problems(raw, checked, other, "bad_date", name, "__text")
        problems += _cell_problems(raw, checked, impossible, "no_such_date", name, "__text")
        for problem in _cell_problems(raw, checked, serial, "serial_date", name, "__text"):
            if problem.value is not None:
                days = dt.timedelta(days=int(float(problem.value)))
                problem = attrs.evolve(problem, params={"date": (EXCEL_EPOCH + days).isoformat()})
            problems.append(problem)
        expr = _date(text).alias(name)
    elif column.type == BOOL:
        lowered = pl.col("__text").str.to_lowercase()
        known = lowered.is_in(list(TRUE_WORDS | FALSE_WORDS))
        mask = pl.col("__text").is_not_null() & ~known
        problems += _cell_problems(raw, frame, mask, "bad_bool", name, "__text")
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
        parsed = frame.with_columns(_number(pl.col("__text")).alias("__parsed"))
        mask = pl.col("__text").is_not_null() & pl.col("__parsed").is_null()
        problems += _cell_problems(raw, parsed, mask, "bad_number", name, "__text")
        expr = _number(text).alias(name)
    elif column.type == LIST:
        items = frame.get_column(name).str.contains(ITEMS, literal=True).any()
        expr = split_list(text, column, items=bool(items)).alias(name)
    elif column.codes is not None:
        mapping = column.code_map()
        mapped = pl.col("__text").replace_strict(mapping, default=None, return_dtype=pl.String)
        lowered = (
            pl.col("__text")
            .str.to_lowercase()
            .replace_strict(mapping, default=None, return_dtype=pl.String)
        )
        if not column.open_codes:
            mask = pl.col("__text").is_not_null() & mapped.is_null() & lowered.is_null()
            expected = ", ".join(column.codes)
            expected_zh = "、".join(
                aliases[0] if aliases else code for code, aliases in column.codes.items()
            )
            problems += _cell_problems(
                raw,
                frame,
                mask,
                "bad_code",
                name,
                "__text",
                expected=expected,
                expected_zh=expected_zh,
            )
        expr = pl.coalesce(
            [
                text.replace_strict(mapping, default=None, return_dtype=pl.String),
                text.str.to_lowercase().replace_strict(
                    mapping, default=None, return_dtype=pl.String
                ),
                text if column.open_codes else pl.lit(None, dtype=pl.String),
            ]
        ).alias(name)
    else:
        expr = text.alias(name)
    if column.required:
        mask = pl.col("__text").is_null()
        problems += _cell_problems(raw, frame, mask, "missing_value", name, "__text")
    if column.name == "id" or column.ref:
        problems += _hidden_in_ids(raw, frame, name)
    return expr, problems


def typed_values(values: pl.Series, column: Column, table: str) -> pl.Series | None:
    """``values`` (distinct text cells of ``column``) typed exactly as the careful path types
    them, in their order; None when one of them is a problem (a bad date, an unknown code, a
    blank where a value is required), which the careful path then reports with its row.

    The CSV fast path types a column of few distinct cells (codes, yes/no, lists, dates) by
    typing each distinct cell once, here, and mapping the column onto the results.
    """
    frame = pl.DataFrame(
        [pl.Series(ROW, range(values.len()), dtype=pl.Int64), values.alias(column.name)]
    )
    expr, problems = _parse_column(RawTable(table, "", frame), frame, column)
    if problems:
        return None
    return frame.select(expr).to_series()


def _hidden_in_ids(raw: RawTable, frame: pl.DataFrame, column: str) -> list[Problem]:
    """Ids and references holding a character that shows as nothing (:data:`ID_HIDDEN`).

    ``341002`` followed by U+2060 WORD JOINER looks like 屯溪区's id and is another one;
    each such cell is refused, naming the character and where it is in the id.
    """
    mask = pl.col("__text").str.contains(ID_HIDDEN)
    problems: list[Problem] = []
    for problem in _cell_problems(raw, frame, mask, "hidden_in_id", column, "__text"):
        if problem.value is not None:
            # where the pattern matched (a byte offset), as a position among characters
            offset = pl.Series([problem.value]).str.find(ID_HIDDEN).item()
            at = len(problem.value.encode()[:offset].decode())
            char = character_name(problem.value[at])
            problem = attrs.evolve(problem, params={"char": char, "position": at + 1})
        problems.append(problem)
    return problems
