"""The careful path as it costs less and finds the same.

It types and checks a column of few distinct cells (codes, dates, yes/no, lists) a distinct
cell at a time, and checks one by one only the rows of a cell found to be a problem: it
finds the same problems (codes, rows, values, params, in the same order) and types the same
column as checking every cell of every row did, which :func:`per_cell` keeps here as the
reference (one stray space in a province's register no longer parses all its dates six
times over). It reads a file's header from its first characters as from the whole, and finds
a header written again among the rows whose id cell is its header as among all."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import tempfile
from pathlib import Path
from unittest import mock

import bureau
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from judged import judged, must_judge

import scoplan
from scoplan import cell_typing, checking, spreadsheet_slips
from scoplan._exceptions import Problem
from scoplan.cell_typing import (
    _cell_problems,
    _hidden_where,
    _parse_column,
    _rules,
    _serial_day,
    _text,
    _whole_date,
    grouping,
)
from scoplan.loaders import csv_folder
from scoplan.loaders.contract import ITEMS, ROW, RawTable
from scoplan.schema import DATE, LIST, NUMBER, TABLES, TABLES_BY_NAME, Column


def per_cell(raw: RawTable, frame: pl.DataFrame, column: Column) -> tuple[pl.Expr, list[Problem]]:
    """The reference: ``_parse_column`` as it was, every check over every row of the frame."""
    name = column.name
    items = column.type == LIST and bool(
        frame.get_column(name).str.contains(ITEMS, literal=True).any()
    )
    expr, checks = _rules(column, items=items)
    frame = frame.with_columns(_text(column).alias("__text"))
    problems: list[Problem] = []
    for check in checks:
        found = _cell_problems(raw, frame, check.mask, check.code, name, "__text", **check.params)
        if check.code == "serial_date":
            found = [_serial_day(problem) for problem in found]
        elif check.code == "day_missing":
            found = [_whole_date(problem) for problem in found]
        elif check.code == "hidden_in_id":
            found = [_hidden_where(problem) for problem in found]
        problems += found
    return expr, problems


AMOUNT = Column("amount", "金额", NUMBER)
"""A column of numbers, as a plugin declares one (DATA.md has none)."""
COLUMNS = [(table.name, column) for table in TABLES for column in table.columns] + [
    ("organizations", AMOUNT)
]

SLIPS = [
    "2021-02-30",  # shaped like a date, and no day
    "44453",  # a serial day number
    "2022年4月",  # a month, no day
    "21-9-14",  # a year of two digits
    "2021-09-14 25:00",
    "tomorrow",
    "？？",
    "无",  # a placeholder
    "/",
    "n/a",
    "",
    "   ",
    "\u3000",
    "ORG\u200b1",  # a hidden character
    "x\ty",
    '="urban"',
    "xyz",
    "12元",
    "1.2.3",
    "城市",  # 城市社区 or 城市 (the city)?
    "已注销",
]
"""Cells that are a problem in most columns."""


def _good(column: Column) -> list[str]:
    """Cells that type in ``column`` (some of them)."""
    if column.type == DATE:
        return [
            "2021-09-14",
            "2021/9/14",
            "2021年9月14日",
            "2021-09-14 00:00:00",
            "2023 年 12 月 1 日",
            "2021年3月5号",
        ]
    if column.type == NUMBER:
        return ["12", "1,200", "85%", "-3.5", ".5", "１２"]
    if column.type == "bool":
        return ["是", "否", "true", "FALSE", "Y"]
    words = [w for code, aliases in (column.codes or {}).items() for w in (code, *aliases[:2])]
    if column.type == LIST:
        return [*words[:6], "elderly;children", "老年人、儿童", f"{ITEMS}elderly{ITEMS}a/b"]
    if words:
        return [*words[:8], words[0].upper()]
    return ["ORG001", "341002001001", "荷花池社区", "ＯＲＧ１", "city", "Org-7"]


def _slipped(cell: str, how: int) -> str:
    """``cell`` with a stray space: after it, before it, an ideographic one, or none."""
    return [f"{cell} ", f" {cell}", f"\u3000{cell}", cell][how]


@st.composite
def columns_of_cells(draw: st.DrawFn) -> tuple[str, Column, list[str | None]]:
    table, column = draw(st.sampled_from(COLUMNS))
    good = st.sampled_from(_good(column))
    cell = st.one_of(
        good,
        good,
        st.builds(_slipped, good, st.integers(0, 3)),
        st.sampled_from(SLIPS),
        st.none(),
    )
    # few distinct cells, many rows: a value that is a problem is in several
    pool = draw(st.lists(cell, min_size=1, max_size=8))
    cells = draw(st.lists(st.sampled_from(pool), max_size=40))
    return table, column, cells


@must_judge(
    "no problem",
    "some problems",
    "one bad cell in several rows",
    "some counted, not listed",
    "in groups",
    "a column typed a distinct cell at a time",
    "a column typed whole",
)
@settings(max_examples=400, deadline=None)
@given(
    drawn=columns_of_cells(),
    start=st.integers(0, 5),
    index=st.booleans(),
    most=st.sampled_from([1, 2, 3, 200]),
    groups=st.none() | st.lists(st.sampled_from(["a", "b", None]), min_size=40, max_size=40),
)
def test_a_column_is_typed_and_checked_as_cell_by_cell(
    drawn: tuple[str, Column, list[str | None]],
    start: int,
    index: bool,
    most: int,
    groups: list[str | None] | None,
) -> None:
    table, column, cells = drawn
    rows = pl.Series(ROW, range(start, start + len(cells)), dtype=pl.Int64)
    frame = pl.DataFrame([rows, pl.Series(column.name, cells, dtype=pl.String)])
    raw = RawTable(table, "t.csv", frame, numbering="index" if index else "row")
    grouped = None
    if groups is not None:
        grouped = {table: pl.DataFrame([rows, pl.Series("group", groups[: len(cells)])])}
    with mock.patch.object(cell_typing, "MAX_PROBLEMS_PER_CHECK", most), grouping(grouped):
        expr, problems = _parse_column(raw, frame, column)
        expected_expr, expected = per_cell(raw, frame, column)
    assert problems == expected
    typed, reference = frame.select(expr).to_series(), frame.select(expected_expr).to_series()
    assert typed.dtype == reference.dtype
    assert typed.to_list() == reference.to_list()
    bad = [p.value for p in expected if p.row is not None or p.index is not None]
    judged("no problem", not expected)
    judged("some problems", bool(expected))
    judged("one bad cell in several rows", len(bad) > len(set(bad)))
    judged("some counted, not listed", any(p.code in ("more", "more_from") for p in expected))
    judged("in groups", grouped is not None and bool(expected))
    coded = column.codes is not None or column.type != "string"
    judged("a column typed a distinct cell at a time", coded and bool(cells))
    judged("a column typed whole", not coded and bool(cells))


def test_a_tenth_of_a_column_bad_is_told_as_cell_by_cell() -> None:
    """Many bad cells, some alike and some not, in two groups: the same problems, the first
    200 (of each group) listed, the rest counted."""
    chance = random.Random(7)
    column = TABLES_BY_NAME["organizations"].column("founded")
    cells: list[str | None] = []
    for row in range(6000):
        day = dt.date(2015, 1, 1) + dt.timedelta(days=row % 3000)
        roll = chance.random()
        if roll < 0.08:
            cells.append(f" {day.isoformat()}x")  # each a cell of its own
        elif roll < 0.1:
            cells.append(chance.choice(["2021-02-30", "44453", "2022年4月", "tomorrow", None]))
        else:
            cells.append(day.strftime("%Y/%m/%d"))
    rows = pl.Series(ROW, range(2, 6002), dtype=pl.Int64)
    frame = pl.DataFrame([rows, pl.Series("founded", cells, dtype=pl.String)])
    raw = RawTable("organizations", "o.csv", frame)
    groups = pl.DataFrame([rows, pl.Series("group", [f"d{r % 2}" for r in range(6000)])])
    codes: set[str] = set()
    for grouped in (None, {"organizations": groups}):
        with grouping(grouped):
            expr, problems = _parse_column(raw, frame, column)
            expected_expr, expected = per_cell(raw, frame, column)
        assert problems == expected
        assert frame.select(expr).equals(frame.select(expected_expr))
        codes |= {p.code for p in expected}
    told = {"bad_date", "no_such_date", "serial_date", "day_missing", "missing_value"}
    assert codes >= {*told, "more", "more_from"}


HEADERS = ("编号", "所属社区", "名称", "成立日期", "注销日期", "登记状态", "规模", "简易章程")
REGISTER_SLIPS = st.sampled_from(
    ["trailing space", "leading space", "bad date", "unknown code", "blank", "placeholder"]
)


def _slip(cell: str, how: str) -> str:
    return {
        "trailing space": f"{cell} ",
        "leading space": f" {cell}",
        "bad date": "2021-02-30",
        "unknown code": "不详",
        "blank": "",
        "placeholder": "无",
    }[how]


def _checked(folder: Path, reference: bool) -> tuple[tuple[Problem, ...], tuple[Problem, ...]]:
    if reference:
        with mock.patch.object(checking, "_parse_column", per_cell):
            checkup = scoplan.check(folder)
    else:
        checkup = scoplan.check(folder)
    return checkup.errors, checkup.warnings


@must_judge("a register with errors", "a register with no error", "a slip in a typed column")
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    copies=st.integers(0, 30),
    slips=st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from(HEADERS), REGISTER_SLIPS),
        min_size=1,
        max_size=5,
    ),
)
def test_a_register_with_slips_is_checked_as_cell_by_cell(
    copies: int, slips: list[tuple[int, str, str]]
) -> None:
    tables = bureau.register()
    rows = tables["社区社会组织"]
    for n in range(copies):  # more organizations, alike but for their ids
        rows.append([f"HX{n:03}", *rows[1 + n % 5][1:]])
    for at, header, how in slips:
        row = rows[1 + at % (len(rows) - 1)]
        where = bureau.column(rows, header)
        row[where] = _slip(row[where], how)
    with tempfile.TemporaryDirectory() as tmp:
        folder = bureau.write(Path(tmp) / "台账", tables)
        errors, warnings = _checked(folder, reference=False)
        assert (errors, warnings) == _checked(folder, reference=True)
    judged("a register with errors", bool(errors))
    judged("a register with no error", not errors)
    typed = {"成立日期", "注销日期", "登记状态", "规模", "简易章程"}
    judged("a slip in a typed column", any(header in typed for _, header, _ in slips))


def _header_of_whole(text: str) -> list[str] | None:
    """The reference: a file's header cells read from the whole of its text."""
    try:
        first = next(csv.reader(io.StringIO(text, newline=""), strict=True), [])
    except csv.Error:
        return None
    return [cell.replace("\ufeff", "") for cell in first]


@must_judge("a header longer than the head", "a header within the head", "no header read")
@settings(max_examples=500)
@given(
    text=st.lists(st.sampled_from(["a", "b", ",", '"', "\n", "\r", "\r\n", "\ufeff", " "])).map(
        "".join
    ),
    head=st.integers(1, 12),
)
def test_the_header_is_read_from_the_head_as_from_the_whole(text: str, head: int) -> None:
    """The careful path reads a file's header from its first characters (a province's
    register is 20 MB), and from the whole where the header does not end within them."""
    with mock.patch.object(csv_folder, "_HEAD_CHARS", head):
        found = csv_folder._header(text)
    expected = _header_of_whole(text)
    assert found == expected
    judged("no header read", expected is None)
    ended = text.find("\n")
    judged("a header longer than the head", expected is not None and ended >= head)
    judged("a header within the head", expected is not None and 0 <= ended < head - 1)


def _header_again_everywhere(raw: RawTable, cells: list[str]) -> pl.Expr:
    """The reference: the header written again, looked for in every cell of every row."""
    if raw.typed or "id" not in cells or len(cells) < 2:
        return pl.lit(False)
    alike = [
        spreadsheet_slips._squeezed(pl.col(c)).fill_null("")
        == spreadsheet_slips._squeezed(pl.lit(raw.headers.get(c, c)))
        for c in cells
    ]
    return alike[cells.index("id")] & (pl.sum_horizontal(alike) >= 2)


@must_judge("a header again", "no header again")
@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(
        st.tuples(*[st.sampled_from(["编号", " 编 号：", "名称", "ORG1", "合计", "", None])] * 3),
        max_size=12,
    )
)
def test_a_header_written_again_is_found_as_in_every_cell(
    rows: list[tuple[str | None, str | None, str | None]],
) -> None:
    """Rows that are the header again are looked for among those whose id is its header."""
    frame = pl.DataFrame(
        {
            ROW: pl.Series(range(2, len(rows) + 2), dtype=pl.Int64),
            **{
                name: pl.Series([row[i] for row in rows], dtype=pl.String)
                for i, name in enumerate(["id", "name", "city"])
            },
        }
    )
    raw = RawTable("districts", "区县.csv", frame, headers={"id": "编号", "name": "名称"})
    found = spreadsheet_slips.without_total_rows(raw)
    with mock.patch.object(spreadsheet_slips, "_header_again", _header_again_everywhere):
        expected = spreadsheet_slips.without_total_rows(raw)
    assert found[1] == expected[1]
    assert found[0].frame.equals(expected[0].frame)
    again = any(p.code == "header_again" for p in expected[1])
    judged("a header again", again)
    judged("no header again", not again)
