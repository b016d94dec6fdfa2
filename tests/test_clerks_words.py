"""Messages in the clerk's words, and hidden rows said (a user trial on a county's .xlsx
register, Chinese sheets and headers).

A sheet left named ``Sheet1`` holding the organizations was told, in Chinese, to be
“organizations”; a misspelt header written in English, to be ``dissolved``: each Chinese
message now names the Chinese form (社区社会组织, 注销日期), each English one the English.
A yes/no cell that is none listed the English words first and left out 有/无 and √/×, which
are read; the check marks a clerk types (✓ ✔ ✔️, ✗ ✘) are read too. Rows a clerk hid, or a
filter left on hides, are read and counted like the others: a warning says so, for a clerk
who hid them to leave them out.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from unittest import mock

import bureau
import pytest
from openpyxl import load_workbook

import scoplan
from scoplan import DataError
from scoplan.i18n import describe_problem
from scoplan.loaders import xlsx_workbook


def _said(problems, code: str) -> tuple[str, str]:
    [problem] = [p for p in problems if p.code == code]
    return describe_problem(problem, "zh"), describe_problem(problem, "en")


def test_a_sheet1_holding_the_organizations_is_to_be_named_in_chinese(tmp_path):
    """The organizations on the new workbook's Sheet1, no sheet 社区社会组织: the Chinese
    message suggests 社区社会组织, not ``organizations`` (an English name in a Chinese
    message); the English one ``organizations``, the Chinese name beside it."""
    tables = bureau.register()
    tables = {"Sheet1" if name == "社区社会组织" else name: rows for name, rows in tables.items()}
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    with pytest.raises(DataError) as raised:
        scoplan.load(path)
    zh, en = _said(raised.value.problems, "unknown_table_near")
    assert zh == "台账.xlsx中的“Sheet1”：未知的数据表“Sheet1”；是否应为“社区社会组织”？"
    assert en == (
        "台账.xlsx: Sheet1: unknown table 'Sheet1': did you mean organizations (社区社会组织)?"
    )


def test_an_english_header_near_a_column_is_named_by_its_chinese_header(tmp_path):
    """注销日期 written ``dissolvd`` in the bureau's Chinese header: the Chinese message asks
    whether it is 注销日期; the English one whether it is ``dissolved``."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[0][bureau.column(rows, "注销日期")] = "dissolvd"
    with pytest.raises(DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    zh, en = _said(raised.value.problems, "unknown_column_near")
    assert "表头“dissolvd”不是已知的列，是否应为“注销日期”？（表中没有“注销日期”列" in zh
    assert "the header 'dissolvd' is no known column: did you mean 'dissolved'?" in en


def test_a_cell_that_is_no_yes_or_no_lists_the_words_of_the_message_language(tmp_path):
    """简易章程 written 不详: the Chinese message lists the Chinese words first, 有/无 and √/×
    which are read too, then 1/0; the English one the English words first."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[3][bureau.column(rows, "简易章程")] = "不详"
    with pytest.raises(DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    zh, en = _said(raised.value.problems, "bad_bool")
    assert zh.endswith("：“不详”不是是/否值（应为是/否、有/无、√/×、1/0）")
    assert en.endswith(
        ": '不详' is not a yes/no value (expected yes/no, true/false, 1/0, 是/否, 有/无, √/×)"
    )


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_check_marks_a_clerk_types_are_yes_and_no(tmp_path, form):
    """简易章程 ticked as a clerk's keyboard ticks it: ✔️ (the emoji, ✔ and U+FE0F) and ✔
    yes, ✘ and ✗ no, ✓ yes; each row read as marked."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    at = bureau.column(rows, "简易章程")
    for row, mark in zip(rows[1:], ["✔\ufe0f", "✘", "✔", "✗", "✓"], strict=True):
        row[at] = mark
    if form == "csv":
        source = bureau.write(tmp_path / "台账", tables)
    else:
        source = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    charter = scoplan.load(source).frame("organizations").get_column("charter").to_list()
    assert charter == [True, False, True, False, True]


def test_an_x_is_no_yes_or_no(tmp_path):
    """An ``x`` may be a clerk's × (no) or a box ticked with an X (yes): an error, not either
    read without a word."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[2][bureau.column(rows, "简易章程")] = "x"
    with pytest.raises(DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert [(p.code, p.row, p.value) for p in raised.value.problems] == [("bad_bool", 3, "x")]


def _register_with(tmp_path: Path, change) -> Path:
    """The register as a bureau's workbook, its sheet 社区社会组织 (header in row 1, HS001 to
    HS005 in rows 2 to 6) changed by ``change`` as the bureau's Excel would save it."""
    path = bureau.write_workbook(tmp_path / "台账.xlsx", bureau.register())
    book = load_workbook(path)
    change(book["社区社会组织"])
    book.save(path)
    return path


@pytest.mark.parametrize("reader", ["calamine", "openpyxl", "unusual layout"])
def test_hidden_rows_are_said_to_be_read_and_counted(tmp_path, reader):
    """HS002 and HS004 (rows 3 and 5) hidden by the clerk, and the header row and a blank
    row below the table too: one warning for the sheet, naming rows 3 and 5 alone (the
    header is no row of the table; the blank row is none), that they count; all five
    organizations are read. The same where openpyxl reads the sheet (calamine may not), or
    the whole workbook (its layout unusual)."""

    def hide(sheet):
        for row in (1, 3, 5, 9):
            sheet.row_dimensions[row].hidden = True

    path = _register_with(tmp_path, hide)
    with contextlib.ExitStack() as stack:
        patched = None
        if reader == "openpyxl":
            patched = mock.patch.object(xlsx_workbook._Workbook, "_sheet_may", return_value=False)
        elif reader == "unusual layout":
            patched = mock.patch.object(xlsx_workbook, "_layout", return_value=None)
        used = stack.enter_context(patched) if patched is not None else None
        data = scoplan.load(path)
    assert used is None or used.called
    assert data.frame("organizations").height == 5
    zh, en = _said(data.warnings, "hidden_rows")
    assert zh == (
        "台账.xlsx中的“社区社会组织”：这张工作表有2行是隐藏的（第3、5行），"
        "这些行和其他行一样被读取并计入：如不应计入，请删除这些行，而不是隐藏它们"
    )
    assert en == (
        "台账.xlsx: 社区社会组织: 2 rows are hidden in this sheet (rows 3, 5): read and "
        "counted like the others. If they should not count, delete them rather than hide them"
    )
    assert [w.code for w in data.warnings if w.code in ("hidden_rows", "filtered_rows")] == [
        "hidden_rows"
    ]


def test_rows_a_filter_left_on_hides_are_said_to_be_read_and_counted(tmp_path):
    """A filter left on over the table (登记状态 = 备案 shown) hides HS002 and HS003 (rows 3
    and 4, 登记 and 未登记): one warning, that the filter hides them and they count."""

    def filtered(sheet):
        sheet.auto_filter.ref = "A1:M6"
        sheet.auto_filter.add_filter_column(6, ["备案"])
        for row in (3, 4):
            sheet.row_dimensions[row].hidden = True

    data = scoplan.load(_register_with(tmp_path, filtered))
    assert data.frame("organizations").height == 5
    zh, en = _said(data.warnings, "filtered_rows")
    assert zh == (
        "台账.xlsx中的“社区社会组织”：这张工作表开着筛选，筛掉（隐藏）了2行（第3、4行），"
        "这些行和其他行一样被读取并计入：如不应计入，请删除这些行，而不是筛掉它们"
        "（在“数据”选项卡中点“清除”可显示全部行）"
    )
    assert en == (
        "台账.xlsx: 社区社会组织: a filter is on in this sheet and hides 2 rows (rows 3, 4): "
        "read and counted like the others. If they should not count, delete them rather than "
        "filter them out (Data, Clear shows every row)"
    )
    assert "hidden_rows" not in {w.code for w in data.warnings}


def test_a_filter_hiding_nothing_and_one_hidden_row_among_many(tmp_path):
    """A filter on that hides no row says nothing; in a sheet of 社区 one row hidden, and
    a 合计 row below the table (left out with a warning of its own): said as one row."""

    def filter_only(sheet):
        sheet.auto_filter.ref = "A1:M6"

    data = scoplan.load(_register_with(tmp_path, filter_only))
    assert {w.code for w in data.warnings} & {"hidden_rows", "filtered_rows"} == set()

    tables = bureau.register()
    tables["社区"].append(["合计", "", "4", ""])
    path = bureau.write_workbook(tmp_path / "社区.xlsx", tables)
    book = load_workbook(path)
    book["社区"].row_dimensions[5].hidden = True  # 问政村村委会
    book["社区"].row_dimensions[6].hidden = True  # 合计
    book.save(path)
    data = scoplan.load(path)
    [warning] = [w for w in data.warnings if w.code == "hidden_rows"]
    assert warning.source == "社区.xlsx: 社区"
    assert describe_problem(warning, "en").startswith(
        "社区.xlsx: 社区: 1 row is hidden in this sheet (row 5): read and counted"
    )
    assert "有1行是隐藏的（第5行）" in describe_problem(warning, "zh")


def test_many_hidden_rows_are_named_by_the_first_five(tmp_path):
    """Three more organizations (HS006 to HS008, rows 7 to 9), and every organization's row
    hidden but HS001's: 7 rows, the first five named, the rest counted."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    for number in (6, 7, 8):
        row = list(rows[5])
        row[0], row[2] = f"HS00{number}", f"问政第{number}队"
        rows.append(row)
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    book = load_workbook(path)
    for row in range(3, 10):
        book["社区社会组织"].row_dimensions[row].hidden = True
    book.save(path)
    data = scoplan.load(path)
    assert data.frame("organizations").height == 8
    zh, en = _said(data.warnings, "hidden_rows")
    assert "这张工作表有7行是隐藏的（第3、4、5、6、7行等），" in zh
    assert "7 rows are hidden in this sheet (rows 3, 4, 5, 6, 7 …): read and counted" in en
