"""The fast path types a date column's distinct days in one parse when all are of one form
of DATA.md's (``2021/9/14``, ``2022.3.1``): the same days, or the same problems, as the
careful path, in a bureau's GB18030 file and a UTF-8 one alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from unittest import mock

import bureau
import polars as pl
import pytest

import scoplan
from scoplan import cell_typing
from scoplan.loaders import csv_folder
from scoplan.schema import Column


def _load(folder: Path, careful: bool) -> scoplan.Dataset | scoplan.DataError:
    try:
        if careful:
            with mock.patch.object(csv_folder, "read_typed_csv", return_value=None):
                return scoplan.load(folder)
        return scoplan.load(folder)
    except scoplan.DataError as error:
        return error


def _register(cells: dict[str, dict[str, str]]) -> dict[str, bureau.Rows]:
    """The bureau register with ``cells`` (by organization id, header: text) changed."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    for row in rows[1:]:
        for header, text in cells.get(row[0], {}).items():
            row[bureau.column(rows, header)] = text
    return tables


DAYS = {
    # 成立日期 in 2021/9/14 form; 注销日期 blank in the first rows, then 2022.3.1 form
    "HS001": {"成立日期": "2022/4/25"},
    "HS002": {"成立日期": "2021/3/1"},
    "HS003": {"成立日期": "2021/5/6"},
    "HS004": {"成立日期": "2020/10/1", "注销日期": "2022.3.1"},
    "HS005": {"成立日期": "2022/8/8"},
}


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8"])
def test_days_of_one_form_are_read_alike_by_both_paths(tmp_path: Path, encoding: str) -> None:
    folder = bureau.write(tmp_path / "台账", _register(DAYS))
    if encoding == "utf-8":
        for path in folder.iterdir():
            path.write_text(path.read_text("gb18030"), "utf-8")
    assert csv_folder.read_typed_csv(folder / "社区社会组织.csv", "organizations") is not None
    typed_carefully: list[str] = []
    real = cell_typing.typed_values

    def spy(values: pl.Series, column: Column, table: str) -> pl.Series | None:
        typed_carefully.append(column.name)
        return real(values, column, table)

    with mock.patch.object(cell_typing, "typed_values", spy):
        fast = _load(folder, False)
    careful = _load(folder, True)
    # the days were parsed at once; the other coded columns (类别…) typed the careful way
    assert "category" in typed_carefully
    assert not {"founded", "dissolved"} & set(typed_carefully)
    assert isinstance(fast, scoplan.Dataset)
    assert isinstance(careful, scoplan.Dataset)
    assert fast.frame("organizations").equals(careful.frame("organizations"))
    days = dict(fast.frame("organizations").select("id", "founded").iter_rows())
    assert days["HS004"] == dt.date(2020, 10, 1)
    assert fast.get("organizations", "HS004").dissolved == dt.date(2022, 3, 1)


@pytest.mark.parametrize(
    ("cell", "code"),
    [("2021/2/30", "no_such_date"), ("21/9/14", "short_year"), ("2021/9", "day_missing")],
)
def test_a_day_the_careful_path_refuses_is_refused_alike(
    tmp_path: Path, cell: str, code: str
) -> None:
    """A day that is none, a year of two digits, a month without its day, among days of one
    form: the fast path leaves the file to the careful one, which says where (HS003, row 4)."""
    folder = bureau.write(tmp_path / "台账", _register({**DAYS, "HS003": {"成立日期": cell}}))
    fast, careful = _load(folder, False), _load(folder, True)
    assert isinstance(fast, scoplan.DataError)
    assert isinstance(careful, scoplan.DataError)
    assert fast.problems == careful.problems
    assert [(p.code, p.row) for p in fast.problems] == [(code, 4)]


def test_a_year_below_1000_in_four_digits_is_the_careful_paths_day(tmp_path: Path) -> None:
    """``0999/1/1`` is a day (999-01-01) to both paths: the fast path's one parse leaves a
    year below 1000 to the careful way, which reads it so."""
    folder = bureau.write(tmp_path / "台账", _register({**DAYS, "HS003": {"成立日期": "0999/1/1"}}))
    fast, careful = _load(folder, False), _load(folder, True)
    assert isinstance(fast, scoplan.Dataset)
    assert isinstance(careful, scoplan.Dataset)
    assert fast.frame("organizations").equals(careful.frame("organizations"))
    assert fast.get("organizations", "HS003").founded == dt.date(999, 1, 1)
