"""A sheet or file named near a table and read as none (a user trial's finding).

A bureau's workbook keeps last year's sheet hidden (``社区社会组织(2022)``): the run stopped
saying it was an unknown table, near ``社区社会组织（organizations）``, a sheet the official
could not see in Excel, named beside an English code. Its error says it is a hidden sheet
and how to show it, to rename or delete it; every suggestion names the table in Chinese by
its Chinese name. The register is written as a bureau writes it (``tests/bureau.py``).
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import bureau
import pytest
from openpyxl import load_workbook

import scoplan
from scoplan.i18n import describe_problem
from scoplan.loaders import xlsx_workbook

NEAR_ZH = (
    "台账.xlsx中的“社区社会组织(2022)”：“社区社会组织(2022)”是隐藏的工作表（在 Excel 中看不到），"
    "名称与数据表“社区社会组织”相近：请右键任一工作表标签，选“取消隐藏”，显示出它后，"
    "如它就是这张表，请改名为“社区社会组织”（另有同名的表时删去不用的那张）；"
    "如不需要（如旧的副本），请删除它"
)
NEAR_EN = (
    "台账.xlsx: 社区社会组织(2022): '社区社会组织(2022)' is a hidden sheet (Excel does not show "
    "it) whose name is close to the table organizations (社区社会组织): unhide it (right-click "
    "any sheet tab, Unhide), then rename it to that table's name if it is that table (deleting "
    "the one not used, where the table has a sheet already), or delete it if it is not needed "
    "(an old copy)"
)
HIDDEN_ZH = (
    "台账.xlsx中的“社区社会组织(2022)”：“社区社会组织(2022)”是隐藏的工作表（在 Excel 中看不到），"
    "表头是数据表“社区社会组织”的表头，但它不是“社区社会组织”工作表，其中的行不会被计入："
    "请右键任一工作表标签，选“取消隐藏”，显示出它后，把这些行移到“社区社会组织”工作表中"
    "（不要带上表头）；如它只是副本，请删除它"
)
HIDDEN_EN = (
    "台账.xlsx: 社区社会组织(2022): '社区社会组织(2022)' is a hidden sheet (Excel does not show "
    "it) with the header of the table organizations, but is not that table's sheet: its rows "
    "would not be counted. Unhide it (right-click any sheet tab, Unhide), then move its rows "
    "into the sheet '社区社会组织' (not their header), or delete it if it is a copy"
)


NOT_ROWS = [["区县", "组织数"], ["屯溪区", "2"], ["歙县", "3"]]
"""A sheet's rows that are no table's (a count by district)."""


def _hidden_copy(tmp_path: Path, state: str = "hidden", rows: bureau.Rows | None = None) -> Path:
    """The register as a workbook with last year's organizations in a sheet Excel hides
    (or other ``rows`` there)."""
    tables = bureau.register()
    tables["社区社会组织(2022)"] = rows if rows is not None else bureau.register()["社区社会组织"]
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    book = load_workbook(path)
    book["社区社会组织(2022)"].sheet_state = state
    book.save(path)
    return path


def _said(path: Path | str) -> tuple[list[str], list[str]]:
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(path)
    problems = raised.value.problems
    return [describe_problem(p, "zh") for p in problems], [
        describe_problem(p, "en") for p in problems
    ]


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_near_a_table_says_it_is_hidden_and_what_to_do(tmp_path, state):
    """A hidden (or very hidden) sheet 社区社会组织(2022) beside the visible 社区社会组织,
    holding no table's rows: the error says it is hidden, how to unhide it, and to rename or
    delete it."""
    path = _hidden_copy(tmp_path, state, NOT_ROWS)
    assert _said(path) == ([NEAR_ZH], [NEAR_EN])


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_copy_of_a_table_says_it_is_hidden_and_its_rows_not_counted(tmp_path, state):
    """The hidden sheet holds last year's organizations under their header: the error says
    it is hidden, how to unhide it, that its rows would not be counted, and to move them
    into 社区社会组织 or delete it."""
    assert _said(_hidden_copy(tmp_path, state)) == ([HIDDEN_ZH], [HIDDEN_EN])


def test_openpyxl_tells_a_hidden_sheet_where_the_layout_is_unusual(tmp_path):
    """A workbook of unusual layout (read by openpyxl whole): the sheet is told hidden all
    the same."""
    path = _hidden_copy(tmp_path)
    with mock.patch.object(xlsx_workbook, "_layout", return_value=None):
        assert _said(path) == ([HIDDEN_ZH], [HIDDEN_EN])


def test_a_visible_sheet_near_a_table_is_suggested_by_its_chinese_name(tmp_path):
    """The same sheet shown, holding no table's rows: no word of hiding, and the table named
    社区社会组织 alone."""
    path = _hidden_copy(tmp_path, "visible", NOT_ROWS)
    assert _said(path)[0] == [
        "台账.xlsx中的“社区社会组织(2022)”：未知的数据表“社区社会组织(2022)”；是否应为“社区社会组织”？"
    ]


def test_a_visible_copy_of_a_table_says_its_rows_are_not_counted(tmp_path):
    """The copy shown: no word of hiding; its rows would not be counted."""
    assert _said(_hidden_copy(tmp_path, "visible"))[0] == [
        "台账.xlsx中的“社区社会组织(2022)”：这张工作表的表头是数据表“社区社会组织”的表头，"
        "但它不是“社区社会组织”工作表，其中的行不会被计入：请把这些行移到“社区社会组织”"
        "工作表中（不要带上表头）；如它只是副本，请删除这张工作表"
    ]


def test_a_csv_copy_of_a_table_is_suggested_by_its_chinese_name(tmp_path):
    """活动 - 副本.csv where 活动.csv was renamed so suggests its table in Chinese only; a copy
    of the organizations, 社区社会组织(2023).csv beside 社区社会组织.csv, holds that table's
    rows under its header: it says they would not be counted, and what to do with a copy."""
    tables = bureau.register()
    tables["社区社会组织(2023)"] = bureau.register()["社区社会组织"]
    tables["活动 - 副本"] = tables.pop("活动")
    zh, en = _said(bureau.write(tmp_path / "台账", tables))
    assert zh == [
        "活动 - 副本.csv：未知的数据表“活动 - 副本”；是否应为“活动”？",
        "社区社会组织(2023).csv：这个文件的表头是数据表“社区社会组织”的表头，但它不是"
        "“社区社会组织.csv”，其中的行不会被计入：请把这些行并入“社区社会组织.csv”（不要带上表头）；"
        "如它只是副本，请把它移出这个文件夹",
    ]
    assert en == [
        "活动 - 副本.csv: unknown table '活动 - 副本': did you mean events (活动)?",
        "社区社会组织(2023).csv: this file has the header of the table organizations but is "
        "not that table's file ('社区社会组织.csv'): its rows would not be counted. Move them "
        "into '社区社会组织.csv' (not their header), or move this file out of the folder if it "
        "is a copy",
    ]


def _with_hidden(tmp_path: Path, tables: dict[str, bureau.Rows], hidden: str) -> Path:
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    book = load_workbook(path)
    book[hidden].sheet_state = "hidden"
    book.save(path)
    return path


def test_a_hidden_sheet_named_for_a_table_is_read_and_said_hidden(tmp_path):
    """The events kept in a sheet Excel hides, the only one for that table: read as
    it (its rows count), and one warning says the sheet is hidden and what to do. It was
    read without a word: an official saw no such sheet, and the figures counted it."""
    tables = bureau.register()
    path = _with_hidden(tmp_path, tables, "活动")
    data = scoplan.load(path)
    assert data.frame("events").height == len(tables["活动"]) - 1
    said = [p for p in data.warnings if p.code == "hidden_table"]
    assert [describe_problem(p, "zh") for p in said] == [
        "台账.xlsx中的“活动”：“活动”是隐藏的工作表（在 Excel 中看不到），已作为数据表“活动”读取："
        "如它不是要交的数据（如旧的副本），请删除它；如是，请取消隐藏（右键任一工作表标签，选“取消隐藏”），"
        "以免看不到所交的数据"
    ]
    assert [describe_problem(p, "en") for p in said] == [
        "台账.xlsx: 活动: '活动' is a hidden sheet (Excel does not show it), read as the "
        "table 活动: delete it if it is not the data to hand over (an old copy); if it is, "
        "unhide it (right-click any sheet tab, Unhide), so that the data handed over can be "
        "seen"
    ]
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(path, strict=True)
    assert [p.code for p in raised.value.problems] == ["hidden_table"]


def test_a_hidden_copy_before_the_shown_sheet_is_not_read_in_its_place(tmp_path):
    """A hidden sheet ``organizations`` ahead of the shown 社区社会组织 (same table): the shown
    one is the table; the hidden one is the error, said hidden. Before, the hidden sheet
    was read and the shown one refused as the duplicate."""
    register = bureau.register()
    copy = [row[:] for row in register["社区社会组织"]]
    tables = {"organizations": copy[:2], **register}
    path = _with_hidden(tmp_path, tables, "organizations")
    zh, en = _said(path)
    assert zh == [
        "台账.xlsx中的“organizations”：“organizations”是隐藏的工作表（在 Excel 中看不到），"
        "与台账.xlsx中的“社区社会组织”是同一张数据表（社区社会组织），只能有一份："
        "请右键任一工作表标签，选“取消隐藏”，核对后删去不用的一份（如旧的副本）"
    ]
    assert en == [
        "台账.xlsx: organizations: 'organizations' is a hidden sheet (Excel does not show it) "
        "for the table organizations, which is given already (as 台账.xlsx: 社区社会组织): "
        "unhide it (right-click any sheet tab, Unhide), check, and delete the one not used "
        "(an old copy)"
    ]
