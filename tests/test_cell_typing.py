"""The fast path types a column's distinct cells (``typed_values``) exactly as the careful
path types and checks the column (``_parse_column``): the same values where every cell is
good, and a refusal (so the careful path reads the file and says where) where any is not."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from judged import judged, must_judge

from scoplan.cell_typing import _parse_column, typed_values
from scoplan.loaders.contract import ITEMS, ROW, RawTable
from scoplan.schema import TABLES, TABLES_BY_NAME, Column

TYPED = [
    (table.name, column)
    for table in TABLES
    for column in table.columns
    if column.type != "string" or column.codes is not None
]
"""Every column of DATA.md the fast path types a distinct cell at a time."""

CELLS = st.sampled_from(
    [
        # good in some column, bad in others
        "2021-09-14",
        "2021/9/14",
        "2021年9月14日",
        "2021-09-14 00:00:00",
        "44453",  # a serial day: a problem of its own in a date column
        "2021-02-30",  # shaped like a date, and no day
        "是",
        "否",
        "TRUE",
        "12",
        "1,200",
        "85%",
        "登记",
        "备案",
        "Registered",
        "街道",
        "镇",
        "老年人、儿童",
        "elderly;children",
        f"{ITEMS}elderly{ITEMS}a/b",
        "培育发展服务中心",
        "social_work_station",
        "city",
        # bad almost everywhere
        "",
        "   ",
        "tomorrow",
        "？？",
    ]
)


@must_judge("all good", "one refused", "a list column", "a date column")
@settings(max_examples=300, deadline=None)
@given(
    which=st.sampled_from(TYPED),
    cells=st.lists(CELLS, min_size=0, max_size=6, unique=True),
)
def test_distinct_cells_are_typed_and_refused_as_the_careful_path_does(
    which: tuple[str, Column], cells: list[str]
) -> None:
    table, column = which
    values = pl.Series(column.name, cells, dtype=pl.String)
    frame = pl.DataFrame([pl.Series(ROW, range(len(cells)), dtype=pl.Int64), values])
    expr, problems = _parse_column(RawTable(table, "t.csv", frame), frame, column)
    typed = typed_values(values, column, table)
    judged("a list column", column.type == "list")
    judged("a date column", column.type == "date")
    if problems:
        judged("one refused")
        assert typed is None, [p.code for p in problems]
    else:
        judged("all good")
        assert typed is not None
        assert typed.to_list() == frame.select(expr).to_series().to_list()


def test_a_column_with_no_cells_is_typed_empty() -> None:
    column = TABLES_BY_NAME["organizations"].column("founded")
    typed = typed_values(pl.Series([], dtype=pl.String), column, "organizations")
    assert typed is not None
    assert typed.len() == 0
    assert typed.dtype == pl.Date


def test_one_bad_day_among_good_ones_is_refused() -> None:
    column = TABLES_BY_NAME["organizations"].column("founded")
    good = pl.Series(["2021/9/14", "2022年1月2日"])
    typed = typed_values(good, column, "organizations")
    assert typed is not None
    assert [d.isoformat() for d in typed.to_list()] == ["2021-09-14", "2022-01-02"]
    assert typed_values(pl.Series(["2021/9/14", "2021/2/30"]), column, "organizations") is None
