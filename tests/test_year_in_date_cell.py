"""A year typed into a cell formatted as a date: refused as a year alone, said so.

Excel keeps 2022 typed into a date cell as the number 2022 and shows the day 2022 days
from its first (1905-07-14); read as that day, the organization counted as founded in
1905. The same year in a General cell is refused as only a year; so is this one, its
message saying what happened.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import bureau
import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

import scoplan
from scoplan import DataError
from scoplan.i18n import describe_problem


def _workbook(path: Path, founded: dict[int, Any], *, epoch: dt.datetime | None = None) -> Path:
    """The bureau's register as a workbook, its dates date cells, the 成立日期 of the
    organizations' rows ``founded`` (by row of the sheet, 2 the first) as given."""
    tables = bureau.register()
    book = Workbook()
    if epoch is not None:
        book.epoch = epoch
    book.remove(book.active)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        dated = [i for i, header in enumerate(rows[0]) if header.endswith("日期")]
        for number, row in enumerate(rows, start=1):
            cells: list[Any] = [cell if cell != "" else None for cell in row]
            for i in dated:
                if number > 1 and isinstance(cells[i], str) and len(cells[i]) == 10:
                    cells[i] = dt.datetime.fromisoformat(cells[i])  # the others stay text
            if name == "社区社会组织" and number in founded:
                cells[bureau.column(rows, "成立日期")] = founded[number]
            sheet.append(cells)
        for line in sheet.iter_rows(min_row=2):
            for i in dated:
                if isinstance(line[i].value, dt.datetime):
                    line[i].number_format = "yyyy-mm-dd"
    book.save(path)
    return path


def _year_cells(path: Path) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(DataError) as raised:
        scoplan.load(path)
    return [
        (p.row, p.value, describe_problem(p, "zh"))
        for p in raised.value.problems
        if not p.is_warning
    ]


def test_a_year_typed_into_a_date_cell_is_refused_as_a_year(tmp_path: Path) -> None:
    """2022 in a date cell of 成立日期 (kept as 1905-07-14): refused, not counted as 1905,
    the message showing the year and the day Excel made of it."""
    # row 2 only a year (1905-07-14 is day 2022 of 1900's calendar), row 3 a whole date
    path = _workbook(tmp_path / "台账.xlsx", {2: dt.datetime(1905, 7, 14)})
    found = _year_cells(path)
    assert [(row, value) for row, value, _ in found] == [(2, "2022")]
    said = found[0][2]
    assert "“2022”像是在设为日期格式的单元格里输入的年份" in said
    assert "1905-07-14" in said
    assert "2022-01-01" in said
    assert "早于1949年10月1日" not in said


def test_the_years_a_date_cell_is_taken_for(tmp_path: Path) -> None:
    """Days 1949 to 2100 (1905-05-02 to 1905-09-30) are years; the days either side are
    days, the earlier ones warned of as before 1949."""
    path = _workbook(
        tmp_path / "台账.xlsx",
        {
            2: dt.datetime(1905, 5, 2),  # 1949
            3: dt.datetime(1905, 9, 30),  # 2100
            4: dt.datetime(1905, 5, 1),  # 1948: a day before 1949, warned of
        },
    )
    assert [(row, value) for row, value, _ in _year_cells(path)] == [(2, "1949"), (3, "2100")]


def test_a_1904_workbook_counts_its_years_from_1904(tmp_path: Path) -> None:
    """On the 1904 calendar 2022 is 1909-07-15; 1905-07-14 there is a day (5307), warned of
    as before 1949 but not refused."""
    path = _workbook(tmp_path / "台账.xlsx", {2: dt.datetime(1909, 7, 15)}, epoch=CALENDAR_MAC_1904)
    assert [(row, value) for row, value, _ in _year_cells(path)] == [(2, "2022")]
    path = _workbook(
        tmp_path / "台账2.xlsx", {2: dt.datetime(1905, 7, 14)}, epoch=CALENDAR_MAC_1904
    )
    data = scoplan.load(path)
    assert [p.code for p in data.warnings] == ["early_date"]


def test_a_date_cell_of_a_column_of_the_bureau_s_own_is_left_as_it_is(tmp_path: Path) -> None:
    """备注 is no date column of scoplan's: a year-like day there is not refused."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[0].append("备注")
    for row in rows[1:]:
        row.append("")
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    from openpyxl import load_workbook

    book = load_workbook(path)
    cell = book["社区社会组织"].cell(row=2, column=len(rows[0]), value=dt.datetime(1905, 7, 14))
    cell.number_format = "yyyy-mm-dd"
    book.save(path)
    scoplan.load(path)  # no problem
