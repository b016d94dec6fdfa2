"""Tables given in memory: polars DataFrames, or lists of rows, read as a JSON document's.

``scoplan.load({"organizations": frame, …})`` reads what a program holds: each table a
polars DataFrame or a list of rows (mappings of column to value). Its cells are made text,
as a typed source's are (:mod:`scoplan.loaders._cells`: a date ``YYYY-MM-DD``, a whole
number without ``.0``), and handed to :func:`~scoplan.loaders._tables.raw_tables`, as a
JSON document's rows are: column names in English or Chinese, codes in any of their
spellings, dates in the bureau's forms, each row named by its table and its place, from
1 as an official counts rows (``frames: organizations, row 1``; 程序传入的“区县”表，第1行).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
from polars.datatypes import DataTypeClass

from scoplan._exceptions import DataError, Problem
from scoplan.i18n import FRAMES_SOURCE
from scoplan.limits import current, over
from scoplan.loaders._tables import canonical_table, raw_tables
from scoplan.loaders.contract import RawTable

SOURCE = FRAMES_SOURCE
"""The source named by the problems of tables given in memory (``frames: organizations``)."""

_SCALARS = (pl.String, pl.Categorical, pl.Enum, pl.Boolean, pl.Date, pl.Datetime, pl.Null)
"""The types of a frame's columns, besides numbers, whose cells are values a file could hold."""


def _value(cell: Any) -> bool:
    """Whether a cell of a row is a value a file could hold (or a list of them)."""
    if isinstance(cell, list | tuple):
        return all(_value(item) and not isinstance(item, list | tuple) for item in cell)
    return cell is None or isinstance(cell, str | int | float | dt.date)


def _scalar(dtype: pl.DataType | DataTypeClass) -> bool:
    kind = dtype if isinstance(dtype, type) else type(dtype)
    return dtype.is_integer() or dtype.is_float() or issubclass(kind, _SCALARS)


def _column(dtype: pl.DataType | DataTypeClass) -> bool:
    """Whether a frame's column of this type holds values a file could hold."""
    if isinstance(dtype, pl.List):
        return _scalar(dtype.inner) and not isinstance(dtype.inner, pl.Datetime)
    return _scalar(dtype)


def _shape(key: str, en: str, zh: str, **where: Any) -> Problem:
    params = {"reason": en, "reason_zh": zh}
    return Problem("bad_shape", f"{SOURCE}: {key}", table=key, params=params, **where)


def _frame_rows(key: str, frame: pl.DataFrame) -> tuple[list[dict[str, Any]], list[Problem]]:
    """A frame's rows as mappings of column to value; a problem for each column of a type
    no file holds (a struct, an object…)."""
    problems = [
        _shape(
            key,
            f"the column {name!r} holds values of type {dtype}, not text, numbers or dates",
            f"“{name}”列为 {dtype} 类型，应为文本、数字或日期",
            column=name,
        )
        for name, dtype in frame.schema.items()
        if not _column(dtype)
    ]
    if problems:
        return [], problems
    # a datetime is a date at midnight, as a workbook's: the time of day is not a date's business
    days = [pl.col(n).dt.date() for n, t in frame.schema.items() if isinstance(t, pl.Datetime)]
    return (frame.with_columns(days) if days else frame).to_dicts(), []


def _given_rows(key: str, rows: Sequence[Any]) -> list[Problem]:
    """A problem for each row that is no mapping, and each cell that is no value, at the
    row's place from 1."""
    problems: list[Problem] = []
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            found = type(row).__name__
            en = f"a row should be a mapping of column to value, got {found}"
            zh = f"每一行应为列名到值的映射，实际为 {found}"
            problems.append(_shape(key, en, zh, row=index + 1))
            continue
        for column, cell in row.items():
            if not isinstance(column, str) or not _value(cell):
                found = type(cell).__name__
                en = f"the cell {column!r} should be a value or a list of values, got {found}"
                zh = f"“{column}”应为一个值或值的列表，实际为 {found}"
                problems.append(_shape(key, en, zh, row=index + 1, column=str(column)))
    return problems


def read_frames(frames: Mapping[Any, Any]) -> tuple[dict[str, RawTable], list[Problem]]:
    """Raw tables from tables given in memory, by table name (English or Chinese): each a
    polars DataFrame or a list of rows (mappings of column to value; a date may be a
    :class:`datetime.date`). Raises :class:`~scoplan.DataError` when one is neither, or
    holds what no file could (a struct column, a row that is a text), naming its table."""
    limits = current()
    rows: dict[str, Sequence[Mapping[str, Any]]] = {}
    problems: list[Problem] = []
    refused: list[Problem] = []
    for key, value in frames.items():
        if not isinstance(key, str):
            found = type(key).__name__
            en = f"a table is named by its name (organizations, 社区社会组织), not a {found}"
            zh = f"数据表应以表名（organizations、社区社会组织）为键，不能是 {found}"
            refused.append(_shape(str(key), en, zh))
        elif isinstance(value, pl.DataFrame):
            if value.height > limits.rows and canonical_table(key) is not None:
                # refused before its rows are made, as a file's past the limit is
                table = canonical_table(key)
                problems.append(over("rows", f"{SOURCE}: {key}", limits.rows, table=table))
                continue
            rows[key], wrong = _frame_rows(key, value)
            refused += wrong
        elif isinstance(value, list | tuple):
            wrong = _given_rows(key, value)
            refused += wrong
            rows[key] = value
        else:
            found = type(value).__name__
            hint, hint_zh = "", ""
            if type(value).__module__.startswith("pandas"):
                hint, hint_zh = (
                    " (polars.from_pandas makes one)",
                    "（可用 polars.from_pandas 转换）",
                )
            en = f"{key} should be a polars DataFrame or a list of rows, got {found}{hint}"
            zh = f"{key} 应为 polars DataFrame 或由行组成的列表，实际为 {found}{hint_zh}"
            refused.append(_shape(key, en, zh))
    if refused:
        raise DataError(refused)
    # numbered from 1, as an official counts rows: 程序传入的“区县”表，第1行
    tables, read = raw_tables(rows, SOURCE, numbering="record")
    return tables, [*problems, *read]
