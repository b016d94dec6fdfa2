"""What spreadsheets do to a register: a 合计 row at the bottom, codes in scientific notation.

On registers written as a bureau writes them (``tests/bureau.py``); expected rows and counts
are worked out from the rows each test changes.
"""

from __future__ import annotations

import copy
import pathlib
import zipfile

import bureau
import pytest
from click.testing import CliRunner
from workbooks import with_macro_sheet

import scoplan
from scoplan.cli import main
from scoplan.i18n import describe_problem
from scoplan.loaders import xlsx_workbook


def test_a_total_row_at_the_bottom_is_skipped_with_a_warning(tmp_path):
    """社区社会组织 ends with ``合计`` (row 7, after the five organizations): it is no
    organization, the five load, and a warning names the row."""
    tables = bureau.register()
    width = len(tables["社区社会组织"][0])
    tables["社区社会组织"].append(["合计"] + [""] * (width - 1))
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert data.size()["organizations"] == 5
    [warning] = data.warnings
    assert (warning.code, warning.source, warning.row) == ("total_row", "社区社会组织.csv", 7)
    assert "合计行" in describe_problem(warning, "zh")


def test_total_rows_under_several_tables_are_one_warning(tmp_path):
    """A 合计 row under 区县 (row 4), 社区 (``合计：4个``, row 6) and 社区社会组织 (row 8), as a
    bureau ends every sheet, and 屯溪区小计 (社区社会组织 row 5): the three totals of the
    whole are one warning naming each table and row — one habit, not a warning per sheet —
    and the district's subtotal stays a warning of its own."""
    tables = bureau.register()
    for name, word in (("区县", "合计"), ("社区", "合计：4个"), ("社区社会组织", "合计")):
        tables[name].append([word] + [""] * (len(tables[name][0]) - 1))
    organizations = tables["社区社会组织"]
    organizations.insert(4, ["屯溪区小计"] + [""] * (len(organizations[0]) - 1))
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert data.size()["organizations"] == 5
    assert [(w.code, w.row) for w in data.warnings] == [
        ("total_rows_together", None),
        ("total_row", 5),
    ]
    assert describe_problem(data.warnings[0], "zh") == (
        "台账：3张表的合计行不是数据，已跳过："
        "区县.csv第4行、社区.csv第6行（合计：4个）、社区社会组织.csv第8行"
    )
    assert describe_problem(data.warnings[0], "en") == (
        "台账: the total rows of 3 tables are not data: skipped "
        "(区县.csv row 4, 社区.csv row 6 (合计：4个), 社区社会组织.csv row 8)"
    )


def test_a_total_row_with_its_word_in_a_later_column(tmp_path):
    """``,总 计:,4`` — the id blank, the word spaced and with a colon — is a total row too."""
    tables = bureau.register()
    tables["社区"].append(["", "", "总 计：", "4"])
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert data.size()["communities"] == 4
    assert [(w.code, w.row) for w in data.warnings] == [("total_row", 6)]


def test_total_rows_as_bureaus_write_them_are_skipped_each_with_its_words(tmp_path):
    """A 合计 first (as statistical tables put it: row 2), a 屯溪区小计 after 屯溪区's three
    organizations (row 6), and ``合计：5个`` at the end (row 9): each skipped with a warning
    quoting it; the five organizations are read."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    width = len(rows[0])
    rows.insert(4, ["屯溪区小计", "", "", "", "", "", "", "", "", "", "", "", ""][:width])
    rows.insert(1, ["合计"] + [""] * (width - 1))
    rows.append(["合计：5个"] + [""] * (width - 1))
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert data.frame("organizations").height == 5
    assert [(w.code, w.row, w.value) for w in data.warnings] == [
        ("total_row", 2, "合计"),
        ("total_row", 6, "屯溪区小计"),
        ("total_row", 9, "合计：5个"),
    ]
    assert "“屯溪区小计”是合计行，不是数据，已跳过" in describe_problem(data.warnings[1], "zh")


def test_a_total_word_in_a_name_or_an_id_that_goes_on_is_data(tmp_path):
    """An organization named 小计 (id HS009) and one whose id is 合计队01 are data: the words
    say a total only as the id cell (or the first filled cell, the id blank), alone, before a
    count or after a unit's name."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    for id, name in (("HS009", "小计"), ("合计队01", "合计志愿服务队")):
        row = list(rows[1])
        row[0], row[2] = id, name
        rows.append(row)
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert data.warnings == ()
    assert data.frame("organizations").height == 7


def test_a_total_row_inside_the_table_with_a_unit_in_it_is_still_skipped(tmp_path):
    """A 合计 row that fills its 所属社区 too is still no organization: its id says so."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows.insert(1, ["合计", rows[1][1]] + [""] * (len(rows[0]) - 2))
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert [(w.code, w.row) for w in data.warnings] == [("total_row", 2)]
    assert data.frame("organizations").height == 5


def test_codes_in_scientific_notation_are_one_error_per_column(tmp_path):
    """Every community code of 社区.csv and every 所属社区 of the organizations saved as
    Excel shows them (``3.41002E+11``): one error for each damaged column, saying so, and
    none of the duplicate-id and unknown-reference errors that follow from it."""
    tables = bureau.register()
    for row in tables["社区"][1:]:
        row[0] = f"{int(row[0]):.5E}"
    for row in tables["社区社会组织"][1:]:
        row[1] = f"{int(row[1]):.5E}"
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    problems = raised.value.problems
    assert [(p.code, p.source, p.column, p.row, p.params["count"]) for p in problems] == [
        ("scientific_codes", "社区.csv", "id", 2, 4),
        ("scientific_codes", "社区社会组织.csv", "community_id", 2, 5),
    ]
    assert problems[0].value == "3.41002E+11"
    zh = describe_problem(problems[0], "zh")
    assert "科学计数法" in zh
    assert "文本" in zh
    assert "format the column as Text" in describe_problem(problems[0], "en")


def test_damaged_codes_with_spaces_around_them_are_counted_too(tmp_path):
    """`` 3.41002E+11`` and ``3.41002E+11 `` (a space pasted before or after): still the
    damage, counted in the one error of the column (2 of 4 communities, first in row 3)."""
    tables = bureau.register()
    tables["社区"][2][0] = f" {int(tables['社区'][2][0]):.5E}"
    tables["社区"][4][0] = f"{int(tables['社区'][4][0]):.5E}\u3000"
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    damaged = [p for p in raised.value.problems if p.code == "scientific_codes"]
    assert [(p.column, p.row, p.params["count"]) for p in damaged] == [("id", 3, 2)]


def test_other_errors_still_show_beside_damaged_codes(tmp_path):
    """A bad date elsewhere is still reported with the damaged column: one run, everything."""
    tables = bureau.register()
    tables["社区"][1][0] = "3.41002E+11"
    tables["社区社会组织"][1][4] = "2022-02-30"
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert [p.code for p in raised.value.problems] == ["scientific_codes", "no_such_date"]


def test_the_other_cells_of_a_damaged_column_are_still_checked(tmp_path):
    """所属社区 of HS002 damaged (``3.41002E+11``, row 3), HS004's a code no community has
    (341021100009, row 5) and HS005's a community's name (问政村村委会, row 6): the damage
    is one error and the two others are said in the same run, each at its row — not left
    for a second round once the damage is mended."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[2][1] = "3.41002E+11"
    rows[4][1] = "341021100009"
    rows[5][1] = "问政村村委会"
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert [(p.code, p.row, p.value) for p in raised.value.problems] == [
        ("scientific_codes", 3, "3.41002E+11"),
        ("unknown_ref", 5, "341021100009"),
        ("ref_is_name", 6, "问政村村委会"),
    ]


def test_a_title_row_above_the_header_is_skipped_with_a_warning(tmp_path):
    """A title row (``黄山市社区社会组织台账（2023年）``) above the header: the header is found
    in row 2, the organizations load, and rows keep their spreadsheet numbers (HS002's bad
    date is row 4)."""
    tables = bureau.register()
    width = len(tables["社区社会组织"][0])
    tables["社区社会组织"].insert(0, ["黄山市社区社会组织台账（2023年）"] + [""] * (width - 1))
    data = scoplan.load(bureau.write(tmp_path / "ok", tables))
    assert data.size()["organizations"] == 5
    [warning] = data.warnings
    assert (warning.code, warning.row, warning.params["header_row"]) == ("title_rows", 1, 2)
    # the whole line: no column in it (it read “2”列, the header's row taken for a column)
    line = "社区社会组织.csv，第1行：表头在第2行，上方的标题行已跳过"
    assert describe_problem(warning, "zh") == line
    tables["社区社会组织"][3][4] = "2021-02-30"  # HS002
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "bad", tables))
    assert [(p.code, p.row) for p in raised.value.problems] == [("no_such_date", 4)]
    assert [(p.code, p.row) for p in raised.value.warnings] == [("title_rows", 1)]


def test_two_title_rows_and_a_total_row(tmp_path):
    """Two title lines, then the header, five rows and 合计: five organizations, warnings
    for the titles (header in row 3) and the total (row 9)."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    width = len(rows[0])
    rows[:0] = [
        ["黄山市社区社会组织台账"] + [""] * (width - 1),
        ["填报单位：黄山市民政局"] + [""] * (width - 1),
    ]
    rows.append(["合计", "5"] + [""] * (width - 2))
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert data.size()["organizations"] == 5
    assert [(w.code, w.row) for w in data.warnings] == [("title_rows", 1), ("total_row", 9)]


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_a_title_row_above_a_sheets_header_is_skipped_too(tmp_path, reader):
    """A workbook's sheet that begins as a bureau's 台账 does, a title merged across the
    table, then the header: found as in a CSV file, by either reader, the same rows as the
    register without its title, and HS002's bad date in row 4 (it was refused with an error
    for each required column the title row lacks; found by a helper)."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    width, founded = len(rows[0]), bureau.column(rows, "成立日期")
    if reader == "openpyxl":  # an escape, which calamine would undo: openpyxl reads the sheet
        rows[3][bureau.column(rows, "名称")] = "上新_x000D_文体队"
    plain = scoplan.load(bureau.write(tmp_path / "plain", tables))
    rows.insert(0, ["黄山市社区社会组织台账（2023年）"] + [""] * (width - 1))
    merged = {"社区社会组织": f"A1:{chr(ord('A') + width - 1)}1"}
    data = scoplan.load(bureau.write_workbook(tmp_path / "台账.xlsx", tables, merged=merged))
    assert data.frame("organizations").equals(plain.frame("organizations"))
    name = {"calamine": "上新文体队", "openpyxl": "上新_x000D_文体队"}[reader]
    assert data.get("organizations", "HS003").name == name  # as written: openpyxl read it
    warnings = [(w.code, w.source, w.row, w.params["header_row"]) for w in data.warnings]
    assert warnings == [("title_rows", "台账.xlsx: 社区社会组织", 1, 2)]
    rows[3][founded] = "2021-02-30"  # HS002, in the sheet's row 4
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write_workbook(tmp_path / "bad.xlsx", tables, merged=merged))
    assert [(p.code, p.row) for p in raised.value.problems] == [("no_such_date", 4)]
    assert [(p.code, p.row) for p in raised.value.warnings] == [("title_rows", 1)]


def _two_row_header(rows: bureau.Rows) -> str:
    """``rows``' header as a 台账 groups it: 登记状态, 规模 and 管理主体 under 登记情况 (a cell
    merged across the three) with their names in the row below, the other headers merged down
    the two rows (their text in the upper one); returns the three columns' range (G1:I1)."""
    header = rows[0]
    first = bureau.column(rows, "登记状态")
    assert header[first : first + 3] == ["登记状态", "规模", "管理主体"]
    upper = [*header[:first], "登记情况", "", "", *header[first + 3 :]]
    lower = ["" for _ in header]
    lower[first : first + 3] = header[first : first + 3]
    rows[:1] = [upper, lower]
    return f"{chr(ord('A') + first)}1:{chr(ord('A') + first + 2)}1"


@pytest.mark.parametrize("form", ["csv", "calamine", "openpyxl"])
def test_a_header_of_two_rows_is_read_as_one(tmp_path, form):
    """登记情况 over 登记状态/规模/管理主体: the header is read from both rows (a warning says
    so), the organizations are those of the one-row register, and HS002's bad date keeps its
    row in the file (4: below the header's two). It was read as a header of 登记情况 and a
    row of four blank required cells."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    if form == "openpyxl":  # an escape, which calamine would undo: openpyxl reads the sheet
        rows[3][bureau.column(rows, "名称")] = "上新_x000D_文体队"
    plain = scoplan.load(bureau.write(tmp_path / "plain", tables))
    merged = {"社区社会组织": _two_row_header(rows)}

    def written(name: str) -> pathlib.Path:
        if form == "csv":
            return bureau.write(tmp_path / name, tables)
        return bureau.write_workbook(tmp_path / f"{name}.xlsx", tables, merged=merged)

    data = scoplan.load(written("two"))
    assert data.frame("organizations").equals(plain.frame("organizations"))
    [warning] = data.warnings
    assert (warning.code, warning.row) == ("two_header_rows", 1)
    assert "表头占第1、2两行（合并的单元格），已合为一行读取" in describe_problem(warning, "zh")
    rows[3][bureau.column(rows, "成立日期")] = "2021-02-30"  # HS002, in row 4
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(written("bad"))
    assert [(p.code, p.row) for p in raised.value.problems] == [("no_such_date", 4)]


def _two_rows_written(tmp_path, tables, form, name):
    """The register with a header of two rows (:func:`_two_row_header`) as a CSV folder or a
    workbook, read by calamine or (an escape in a name, which calamine would undo) by
    openpyxl."""
    rows = tables["社区社会组织"]
    if form == "openpyxl":
        rows[3][bureau.column(rows, "名称")] = "上新_x000D_文体队"
    merged = {"社区社会组织": _two_row_header(rows)}
    return (
        rows,
        lambda: (
            bureau.write(tmp_path / name, tables)
            if form == "csv"
            else bureau.write_workbook(tmp_path / f"{name}.xlsx", tables, merged=merged)
        ),
    )


@pytest.mark.parametrize("form", ["csv", "calamine", "openpyxl"])
def test_a_misspelt_name_in_the_lower_row_of_a_header_is_named(tmp_path, form):
    """规摸 for 规模 under 登记情况, beside 登记状态 and 管理主体: a warning names it as it
    would in a header of one row, in the row it is written in, the header's second (the
    organizations' size was lost, with no word; then it named row 1)."""
    tables = bureau.register()
    rows, written = _two_rows_written(tmp_path, tables, form, "two")
    rows[1][bureau.column(rows[1:], "规模")] = "规摸"
    data = scoplan.load(written())
    assert data.size()["organizations"] == 5
    assert [(w.code, w.row, w.column) for w in data.warnings] == [
        ("two_header_rows", 1, None),
        ("unknown_column_maybe", 2, "规摸"),
    ]
    said = describe_problem(data.warnings[1], "zh")
    assert "，第2行，“规摸”列：表头“规摸”不是已知的列，是否是写错了的“规模”？" in said


@pytest.mark.parametrize("form", ["csv", "calamine", "openpyxl"])
def test_a_lower_row_of_misspelt_names_only_is_still_the_headers(tmp_path, form):
    """登记壮态, 规摸, 管里主体 under 登记情况: no name of the lower row is a column's, but
    each is close to one, and nothing is under a column's own name: the header's second row,
    each name said as a header of one row says it, in row 2 (errors for 登记壮态 and
    管里主体, a warning for 规摸). It was read as a row (row 2: its 编号, 所属社区, 名称 and
    成立日期 empty) under a header whose 登记情况 was taken for 登记状态 misspelt."""
    tables = bureau.register()
    rows, written = _two_rows_written(tmp_path, tables, form, "two")
    at = bureau.column(rows[1:], "登记状态")
    rows[1][at : at + 3] = ["登记壮态", "规摸", "管里主体"]
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(written())
    found = raised.value.problems
    assert [(p.code, p.row, p.column, p.params.get("suggestion")) for p in found] == [
        ("unknown_column_near", 2, "登记壮态", "登记状态"),
        ("unknown_column_near", 2, "管里主体", "管理主体"),
    ]
    assert [(w.code, w.row, w.column) for w in raised.value.warnings] == [
        ("two_header_rows", 1, None),
        ("registration_absent", 1, None),
        ("unknown_column_maybe", 2, "规摸"),
    ]


def test_a_row_under_the_header_with_a_value_under_a_named_column_is_a_row(tmp_path):
    """A first row that names a column (a 规模 of 规模较小 under 规模) is data: only a row
    that holds nothing under the header's own names completes it."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[1][bureau.column(rows, "负责人")] = "名称"  # a value that is a column's name
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert data.warnings == ()
    assert data.size()["organizations"] == 5


@pytest.mark.parametrize("id", ["社区小计", "SUM2023", "Total1"])
def test_a_row_is_a_total_row_or_not_whichever_way_its_file_is_read(tmp_path, id):
    """HS005 renamed ``id``, every other cell valid: 社区小计 says it is a subtotal, SUM2023
    and Total1 may be ids. The file read the fast way (as written), the careful way (its
    header quoted, which the fast path does not read) and as a workbook: the same rows, the
    same warnings. 社区小计 was kept on the fast path and skipped on the careful one."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[-1][0] = id
    seen = []
    for source in _three_ways(tmp_path, tables):
        data = scoplan.load(source)
        seen.append((data.size()["organizations"], [(w.code, w.row) for w in data.warnings]))
    expected = (4, [("total_row", 6)]) if id == "社区小计" else (5, [])
    assert seen == [expected] * 3


def _three_row_header(rows: bureau.Rows) -> None:
    """``rows``' header as a template of three rows writes it: 基本信息 over 编号 … 注销日期
    and 登记情况 over 登记状态/规模/管理主体 in row 1, with 简易章程, 品牌认定日期, 服务对象
    and 负责人 merged down the three rows (their text in row 1 only); the names of the
    grouped columns in row 2, merged down to row 3, but those under 登记情况, in row 3."""
    header = rows[0]
    grouped = header.index("登记状态")
    top = ["基本信息", *[""] * (grouped - 1), "登记情况", "", "", *header[grouped + 3 :]]
    middle = [*header[:grouped], *[""] * (len(header) - grouped)]
    bottom = [*[""] * grouped, *header[grouped : grouped + 3], *[""] * (len(header) - grouped - 3)]
    rows[:1] = [top, middle, bottom]


@pytest.mark.parametrize("form", ["csv", "calamine", "openpyxl"])
def test_a_header_of_three_rows_keeps_the_headings_merged_down_from_the_top(tmp_path, form):
    """A header of three rows: the top one is taken for a title, the other two read as one,
    and the headings only the top row writes (简易章程, 品牌认定日期, 服务对象, 负责人) name
    their columns: the organizations read as the one-row register's (it lost the four, with
    no word: brand organizations 9 → 0 on the sample; found by a helper)."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    if form == "openpyxl":  # an escape, which calamine would undo: openpyxl reads the sheet
        rows[3][bureau.column(rows, "名称")] = "上新_x000D_文体队"
    plain = scoplan.load(bureau.write(tmp_path / "plain", tables))
    _three_row_header(rows)
    if form == "csv":
        source = bureau.write(tmp_path / "three", tables)
    else:
        source = bureau.write_workbook(tmp_path / "three.xlsx", tables)
    data = scoplan.load(source)
    assert data.frame("organizations").equals(plain.frame("organizations"))
    assert [(w.code, w.row) for w in data.warnings] == [("title_rows", 1), ("two_header_rows", 2)]


def test_a_column_with_no_header_and_cells_filled_is_warned_of(tmp_path):
    """负责人's header left blank, its five cells filled: a warning naming the column by its
    place and letter (13, M) and the rows; it counts for nothing, as any unnamed column."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    at = bureau.column(rows, "负责人")
    rows[0][at] = ""
    [warning] = scoplan.load(bureau.write(tmp_path / "台账", tables)).warnings
    assert (warning.code, warning.row) == ("unnamed_column", 2)
    said = describe_problem(warning, "zh")
    assert f"第{at + 1}列（M列）没有表头，但有5行填了内容（第2、3、4、5、6行）" in said


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_formulas_saved_without_values_in_a_total_row_are_skipped_with_it(tmp_path, reader):
    """A 屯溪区小计 after 屯溪区's three organizations (row 5) and a 合计 at the end (row 8)
    whose counts are formulas saved without a value (``=COUNTA(C2:C7)``, as openpyxl writes
    them; Excel would save 3 and 5): the rows are skipped with their warnings, and so are
    their formulas, by either reader (each was an error, and the workbook was refused). A
    formula without a value in HS002's 名称 (row 3) is still one: that row is data."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    width, name = len(rows[0]), bureau.column(rows, "名称")
    if reader == "openpyxl":  # an escape, which calamine would undo: openpyxl reads the sheet
        rows[3][name] = "上新_x000D_文体队"
    rows.insert(4, ["屯溪区小计", "", "=COUNTA(C2:C4)"] + [""] * (width - 3))
    rows.append(["合计", "=COUNTA(B2:B7)", "=COUNTA(C2:C7)"] + [""] * (width - 3))
    data = scoplan.load(bureau.write_workbook(tmp_path / "台账.xlsx", tables))
    assert data.size()["organizations"] == 5
    assert [(w.code, w.source, w.row) for w in data.warnings] == [
        ("total_row", "台账.xlsx: 社区社会组织", 5),
        ("total_row", "台账.xlsx: 社区社会组织", 8),
    ]
    rows[2][name] = '="荷花池"&"邻里守望队"'  # HS002, in row 3
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write_workbook(tmp_path / "bad.xlsx", tables))
    [problem] = raised.value.problems
    assert (problem.code, problem.row, problem.column) == ("formula_without_value", 3, "name")
    assert describe_problem(problem, "zh").startswith(
        "bad.xlsx中的“社区社会组织”，第3行，“名称”列："
    )
    assert [(w.code, w.row) for w in raised.value.warnings] == [
        ("total_row", 5),
        ("total_row", 8),
    ]


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_a_formula_saved_without_a_value_in_a_title_row_is_skipped_with_it(tmp_path, reader):
    """A title made by a formula (``="黄山市"&"社区社会组织台账"``) saved without its value,
    above the header: the title row is skipped with its warning, its formula too, by either
    reader (it was an error naming row 1, column 编号)."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    if reader == "openpyxl":  # an escape, which calamine would undo: openpyxl reads the sheet
        rows[3][bureau.column(rows, "名称")] = "上新_x000D_文体队"
    rows.insert(0, ['="黄山市"&"社区社会组织台账"'] + [""] * (len(rows[0]) - 1))
    data = scoplan.load(bureau.write_workbook(tmp_path / "台账.xlsx", tables))
    assert data.size()["organizations"] == 5
    assert [(w.code, w.row, w.params["header_row"]) for w in data.warnings] == [
        ("title_rows", 1, 2)
    ]


FORMS = ["csv", "calamine", "openpyxl", "unusual layout"]
"""The register as a CSV folder, or as a workbook read by calamine, by openpyxl a sheet at
a time, or by openpyxl whole (a workbook of unusual layout: a macro sheet)."""


def _written_in(form: str, tables: dict[str, bureau.Rows], path: pathlib.Path) -> pathlib.Path:
    """``tables`` written at ``path`` in ``form`` (one of :data:`FORMS`). For openpyxl to
    read the organizations' sheet, HS003's name holds an escape, which calamine would undo."""
    if form == "csv":
        return bureau.write(path, tables)
    if form == "openpyxl":
        [hs003] = [row for row in tables["社区社会组织"] if "HS003" in row[:2]]
        name = hs003.index("HS003") + 2  # after a 序号, where the register keeps one
        assert hs003[name] == "上新文体队"
        hs003[name] = "上新_x000D_文体队"
    book = bureau.write_workbook(path.with_suffix(".xlsx"), tables)
    return with_macro_sheet(book) if form == "unusual layout" else book


def _warnings_read(
    form: str, tables: dict[str, bureau.Rows], path: pathlib.Path, lang: str = "zh"
) -> tuple[int, list[str]]:
    """How many organizations ``tables`` (left as they are) written at ``path`` in ``form``
    load to, and the warnings in ``lang``, ``{where}`` for where a reader is told it was."""
    data = scoplan.load(_written_in(form, copy.deepcopy(tables), path))
    where = "社区社会组织.csv" if form == "csv" else "台账.xlsx中的“社区社会组织”"
    said = [describe_problem(w, lang).replace(where, "{where}", 1) for w in data.warnings]
    return data.size()["organizations"], said


@pytest.mark.parametrize("form", FORMS)
def test_a_problem_with_a_header_below_title_rows_names_the_headers_row(tmp_path, form):
    """社区 under one title row (its header in row 2) without its 名称 column, and
    社区社会组织 under two (its header in row 3) with 名称 twice (负责人's header written
    名称) and 注消日期 for 注销日期: each error names the header's row, 2 or 3, as the
    title warnings do (each named row 1, a title's, which the user would search in vain)."""
    tables = bureau.register()
    communities = tables["社区"]
    at = bureau.column(communities, "名称")
    communities[:] = [["黄山市社区名录", "", ""]] + [
        row[:at] + row[at + 1 :] for row in communities
    ]
    organizations = tables["社区社会组织"]
    header, width = organizations[0], len(organizations[0])
    header[bureau.column(organizations, "注销日期")] = "注消日期"
    header[bureau.column(organizations, "负责人")] = "名称"
    organizations[:0] = [
        ["黄山市社区社会组织台账"] + [""] * (width - 1),
        ["填报单位：黄山市民政局"] + [""] * (width - 1),
    ]
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(_written_in(form, tables, tmp_path / "台账"))
    book = "" if form == "csv" else "台账.xlsx: "
    places = {"社区": f"{book}社区", "社区社会组织": f"{book}社区社会组织"}
    if form == "csv":
        places = {name: f"{name}.csv" for name in places}
    problems = raised.value.problems
    assert [(p.code, p.source, p.row, p.column) for p in problems] == [
        ("missing_column", places["社区"], 2, "name"),
        ("duplicate_column", places["社区社会组织"], 3, "名称"),
        ("unknown_column_near", places["社区社会组织"], 3, "注消日期"),
    ]
    assert [(w.code, w.source, w.row, w.params["header_row"]) for w in raised.value.warnings] == [
        ("title_rows", places["社区"], 1, 2),
        ("title_rows", places["社区社会组织"], 1, 3),
    ]
    said_at = "社区.csv" if form == "csv" else "台账.xlsx中的“社区”"
    assert describe_problem(problems[0], "zh") == f"{said_at}，第2行，“名称”列：缺少必需的列“名称”"
    said_at = "社区社会组织.csv" if form == "csv" else "台账.xlsx中的“社区社会组织”"
    assert describe_problem(problems[2], "zh").startswith(
        f"{said_at}，第3行，“注消日期”列：表头“注消日期”不是已知的列"
    )
    assert describe_problem(problems[1], "en").startswith(
        f"{places['社区社会组织']}, row 3, column 名称: the column '名称' is given twice"
    )


@pytest.mark.parametrize("form", FORMS)
def test_a_problem_with_a_header_of_three_rows_names_the_row_of_the_name(tmp_path, form):
    """A header of three rows (:func:`_three_row_header`: the top one taken for a title, the
    other two the header, in rows 2 and 3) with a name misspelt in each: 品牌认定时间 merged
    down from the top (row 1), 注消日期 among the grouped columns (row 2), 管里主体 under
    登记情况 (row 3). Each error names the row its name is written in (all named row 1)."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    for right, wrong in (
        ("品牌认定日期", "品牌认定时间"),
        ("注销日期", "注消日期"),
        ("管理主体", "管里主体"),
    ):
        rows[0][bureau.column(rows, right)] = wrong
    _three_row_header(rows)
    top, middle, bottom = rows[:3]  # the names in columns K, F and I
    assert (top[10], middle[5], bottom[8]) == ("品牌认定时间", "注消日期", "管里主体")
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(_written_in(form, tables, tmp_path / "台账"))
    problems = raised.value.problems
    assert [(p.code, p.row, p.column, p.params["suggestion"]) for p in problems] == [
        ("unknown_column_near", 1, "品牌认定时间", "品牌认定日期"),
        ("unknown_column_near", 2, "注消日期", "注销日期"),
        ("unknown_column_near", 3, "管里主体", "管理主体"),
    ]
    assert [(w.code, w.row) for w in raised.value.warnings] == [
        ("title_rows", 1),
        ("two_header_rows", 2),
    ]
    assert "，第3行，“管里主体”列：表头“管里主体”不是已知的列" in describe_problem(
        problems[2], "zh"
    )


def test_formulas_saved_without_values_in_a_workbook_of_unusual_layout_are_said(tmp_path):
    """A workbook openpyxl reads whole (a macro sheet beside the tables), its 社区社会组织
    titled by a formula (row 1), with a 屯溪区小计 (row 6) and a 合计 (row 9) counting by
    formulas, all saved without a value: the title and total rows are skipped with their
    warnings, their formulas too, as where the sheets are scanned. A formula without a value
    in HS002's 名称 (row 4) is an error, the same as there (it was read as an empty cell:
    “必填项为空”, and a formula in another column went unsaid)."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    width, name = len(rows[0]), bureau.column(rows, "名称")
    rows.insert(0, ['="黄山市"&"社区社会组织台账"'] + [""] * (width - 1))
    rows.insert(5, ["屯溪区小计", "", "=COUNTA(C3:C5)"] + [""] * (width - 3))
    rows.append(["合计", "=COUNTA(B3:B8)", "=COUNTA(C3:C8)"] + [""] * (width - 3))
    warned = [
        ("title_rows", "台账.xlsx: 社区社会组织", 1),
        ("total_row", "台账.xlsx: 社区社会组织", 6),
        ("total_row", "台账.xlsx: 社区社会组织", 9),
    ]
    data = scoplan.load(with_macro_sheet(bureau.write_workbook(tmp_path / "台账.xlsx", tables)))
    assert data.size()["organizations"] == 5
    assert [(w.code, w.source, w.row) for w in data.warnings] == warned
    assert (rows[3][0], rows[6][0]) == ("HS002", "HS004")
    rows[3][name] = '="荷花池"&"邻里守望队"'  # in row 4
    rows[6][bureau.column(rows[1:], "负责人")] = '="许"&"卫强"'  # in row 7
    (tmp_path / "bad").mkdir()
    path = with_macro_sheet(bureau.write_workbook(tmp_path / "bad" / "台账.xlsx", tables))
    with zipfile.ZipFile(path) as archive:
        assert xlsx_workbook._layout(archive) is None  # read whole by openpyxl, unscanned
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(path)
    problems = raised.value.problems
    assert [(p.code, p.source, p.row, p.column) for p in problems] == [
        ("formula_without_value", "台账.xlsx: 社区社会组织", 4, "name"),
        ("formula_without_value", "台账.xlsx: 社区社会组织", 7, "负责人"),
    ]
    assert describe_problem(problems[0], "zh") == (
        "台账.xlsx中的“社区社会组织”，第4行，“名称”列："
        "公式没有保存计算结果（不是 Excel 保存的文件?）：请用 Excel 打开并保存后再读取"
    )
    assert [(w.code, w.source, w.row) for w in raised.value.warnings] == warned


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_notes_below_the_table_of_who_filled_it_in_are_skipped_with_a_warning(tmp_path, form):
    """A 台账 ends as a bureau signs it: 填表人：张三 beside 审核人：李四 (row 7), 填报日期
    (row 8), 单位（盖章） (row 9). Each is skipped with a warning quoting it, and the five
    organizations are read; each was an error for its blank 所属社区, 名称 and 成立日期."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    width = len(rows[0])
    for note in (
        ["填表人：张三", "", "审核人：李四"],
        ["填报日期：2024年1月5日"],
        ["单位（盖章）"],
    ):
        rows.append(note + [""] * (width - len(note)))
    if form == "csv":
        source = bureau.write(tmp_path / "台账", tables)
        where = "社区社会组织.csv"
    else:
        source = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
        where = "台账.xlsx中的“社区社会组织”"
    data = scoplan.load(source)
    assert data.size()["organizations"] == 5
    assert [describe_problem(w, "zh") for w in data.warnings] == [
        f"{where}，第7行：“填表人：张三”是表尾的填表信息，不是数据，已跳过",
        f"{where}，第8行：“填报日期：2024年1月5日”是表尾的填表信息，不是数据，已跳过",
        f"{where}，第9行：“单位（盖章）”是表尾的填表信息，不是数据，已跳过",
    ]


@pytest.mark.parametrize("form", ["workbook", "folder"])
def test_titles_above_the_header_of_every_table_are_one_warning(tmp_path, form):
    """A 台账 whose every table has its title above the header (the six of ``bureau``): one
    warning naming the five whose header is row 2, not five; 区县, whose header is further
    down (below two title rows), keeps its own. In file order: 乡镇街道 comes first."""
    tables = bureau.register()
    for name, rows in tables.items():
        rows.insert(0, [f"黄山市{name}登记表"] + [""] * (len(rows[0]) - 1))
    tables["区县"].insert(0, ["（2023年12月）"] + [""] * (len(tables["区县"][0]) - 1))
    if form == "workbook":
        data = scoplan.load(bureau.write_workbook(tmp_path / "台账.xlsx", tables))
        where, names = (
            "台账.xlsx",
            "乡镇街道、平台与制度、活动、社区、社区社会组织",
        )
        alone = "台账.xlsx中的“区县”"
    else:
        data = scoplan.load(bureau.write(tmp_path / "台账", tables))
        names = "乡镇街道.csv、平台与制度.csv、活动.csv、社区.csv、社区社会组织.csv"
        where, alone = "台账", "区县.csv"
    said = [
        describe_problem(w, "zh") for w in data.warnings if "标题行" in describe_problem(w, "zh")
    ]
    assert said == [
        f"{where}：5张表（{names}）的表头都在第2行，上方的标题行已跳过",
        f"{alone}，第1行：表头在第3行，上方的标题行已跳过",
    ]


@pytest.mark.parametrize("form", ["csv", "calamine"])
def test_the_header_written_again_below_rows_is_skipped_with_a_warning(tmp_path, form):
    """Two sheets pasted one below the other, the second with its header (a user trial: ten
    errors for that row, 成立日期 not a date, 所属社区 unknown…): the header row again is
    left out, one warning at its row, and the organizations are the five of the register."""
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    organizations.insert(4, list(organizations[0]))  # row 5, between HS003 and HS004
    source = _written_in(form, tables, tmp_path / "台账")
    data = scoplan.load(source)
    assert sorted(data.frame("organizations").get_column("id")) == [
        "HS001",
        "HS002",
        "HS003",
        "HS004",
        "HS005",
    ]
    [warning] = [w for w in data.warnings if w.code == "header_again"]
    where = "社区社会组织.csv" if form == "csv" else "台账.xlsx中的“社区社会组织”"
    assert describe_problem(warning, "zh") == (
        f"{where}，第5行：这一行又是一遍表头（“编号”…），不是数据，已跳过；"
        "如是把几张表粘贴在一起，可删去这一行"
    )
    assert [w.code for w in data.warnings] == ["header_again"]


def _three_ways(tmp_path: pathlib.Path, tables: dict[str, bureau.Rows]) -> list[pathlib.Path]:
    """``tables`` written to be read the fast way (a CSV folder as written), the careful way
    (社区社会组织.csv with its header quoted, which the fast path does not read) and as a
    workbook."""
    fast = bureau.write(tmp_path / "fast", tables)
    careful = bureau.write(tmp_path / "careful", tables)
    path = careful / "社区社会组织.csv"
    header, rest = path.read_bytes().split(b"\r\n", 1)
    quoted = b",".join(b'"' + cell + b'"' for cell in header.split(b","))
    path.write_bytes(quoted + b"\r\n" + rest)
    return [fast, careful, bureau.write_workbook(tmp_path / "台账.xlsx", tables)]


def _numbered(tables: dict[str, bureau.Rows]) -> dict[str, bureau.Rows]:
    """``tables`` with a 序号 (row number) column first, as a bureau's register keeps one:
    1, 2, 3… down each table's rows."""
    for rows in tables.values():
        rows[0].insert(0, "序号")
        for number, row in enumerate(rows[1:], 1):
            row.insert(0, str(number))
    return tables


def _total(rows: bureau.Rows, *cells: str) -> list[str]:
    """A row of ``rows``' width beginning with ``cells``, the rest blank."""
    return [*cells, *[""] * (len(rows[0]) - len(cells))]


@pytest.mark.parametrize("form", FORMS)
def test_a_total_row_with_its_word_in_the_row_number_column_is_skipped(tmp_path, form):
    """A register that keeps a 序号 column first writes its total row ``合计,2个,,,``: 合计
    under 序号, the count under 编号 (a user trial: 25 errors on a workbook of 8 sheets, each
    row's 名称 and 类型 missing, 区县 ``2个`` outside the plan's city). So do 区县 (row 4),
    乡镇街道 (row 4) and 社区社会组织 (row 8, after 屯溪区小计 in row 5 between 屯溪区's
    three organizations and 歙县's two); 社区 writes ``合计,,,,4个`` (row 6). Each is skipped
    with a warning quoting its 序号 (the four totals of the whole in one, 屯溪区小计 alone);
    the rows are the register's: 2, 2, 4, 5. Organization
    HS006, numbered 6, whose id is 合计队01 and name 合计志愿服务队, is data, as it was."""
    tables = _numbered(bureau.register())
    tables["区县"].append(_total(tables["区县"], "合计", "2个"))
    tables["乡镇街道"].append(_total(tables["乡镇街道"], "合计", "2个"))
    communities = tables["社区"]
    communities.append(_total(communities, "合计", "", "", "", "4个"))
    organizations = tables["社区社会组织"]
    team = list(organizations[1])
    team[0], team[1], team[3] = "6", "合计队01", "合计志愿服务队"
    organizations.append(team)
    organizations.insert(4, _total(organizations, "屯溪区小计", "3个"))
    organizations.append(_total(organizations, "合计", "6个"))
    data = scoplan.load(_written_in(form, tables, tmp_path / "台账"))
    assert data.size() == {
        "districts": 2,
        "townships": 2,
        "communities": 4,
        "organizations": 6,
        "federations": 0,
        "establishments": 3,
        "brand_projects": 0,
        "events": 2,
    }
    assert "合计队01" in data.frame("organizations").get_column("id").to_list()
    # the four totals of the whole are one warning (total_rows_together), the subtotal its own
    together, subtotal = data.warnings
    assert (subtotal.code, subtotal.table, subtotal.row, subtotal.value) == (
        "total_row",
        "organizations",
        5,
        "屯溪区小计",
    )
    assert (together.code, together.params["count"]) == ("total_rows_together", 4)
    ending = ".csv" if form == "csv" else ""
    rows = {f"{name}{ending}第{row}行" for name, row in (("区县", 4), ("乡镇街道", 4))}
    rows |= {f"社区{ending}第6行", f"社区社会组织{ending}第9行"}
    assert set(together.params["rows_zh"].split("、")) == rows


def test_a_total_row_in_the_row_number_column_of_a_csv_folder_from_the_trial(tmp_path):
    """The trial's layout, a title row above each header: 区县 ends ``合计,2个,,,`` (row 5),
    社区 ``合计,,,,4个`` (row 7), 社区社会组织 ``合计,5个`` (row 8); 乡镇街道 numbers its
    total row as its rows, ``3,合计,,,2个`` (row 5), a total row as before, quoted by its
    id. The four are skipped, none is an error, and the plan's check finds none either
    (区县 ``2个`` was no district of 黄山市, outside the plan's area)."""
    tables = _numbered(bureau.register())
    for name, rows in tables.items():
        rows.insert(0, _total(rows, f"黄山市{name}登记表"))
    tables["区县"].append(_total(tables["区县"], "合计", "2个"))
    tables["乡镇街道"].append(_total(tables["乡镇街道"], "3", "合计", "", "", "2个"))
    tables["社区"].append(_total(tables["社区"], "合计", "", "", "", "4个"))
    tables["社区社会组织"].append(_total(tables["社区社会组织"], "合计", "5个"))
    folder = bureau.write(tmp_path / "台账", tables)
    data = scoplan.load(folder)
    [together] = [w for w in data.warnings if w.code == "total_rows_together"]
    assert together.params["rows_zh"] == (
        "乡镇街道.csv第5行、区县.csv第5行、社区.csv第7行、社区社会组织.csv第8行"
    )
    assert "total_row" not in {w.code for w in data.warnings}
    assert data.size()["districts"] == 2
    assert data.size()["townships"] == 2
    assert data.size()["communities"] == 4
    assert data.size()["organizations"] == 5
    checkup = scoplan.check(folder, plan=scoplan.parse_plan(bureau.AREA_PLAN))
    assert [p.code for p in checkup.problems if p.severity == "error"] == []
    assert "outside_area" not in {p.code for p in checkup.problems}


def test_a_total_row_in_the_row_number_column_of_merged_cells_is_left_unfilled(tmp_path):
    """A workbook whose 所属社区 is merged down over HS001 and HS002 (C2:C3), and over HS005
    and the total row ``合计,5个`` below it (C6:C7): HS002's cell is filled, one cell, and
    the total row is skipped, not filled and read as an organization without a 名称."""
    tables = _numbered(bureau.register())
    organizations = tables["社区社会组织"]
    organizations[2][2] = ""  # HS002's 所属社区, under the merged range's first cell
    organizations.append(_total(organizations, "合计", "5个"))
    merged = {"社区社会组织": "C2:C3"}
    book = bureau.write_workbook(tmp_path / "台账.xlsx", tables, merged=merged)
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    workbook["社区社会组织"].merge_cells("C6:C7")
    workbook.save(book)
    data = scoplan.load(book)
    assert data.size()["organizations"] == 5
    assert [(w.code, w.row, w.value, w.params.get("count")) for w in data.warnings] == [
        ("merged_cells_filled", None, None, 1),
        ("total_row", 7, "合计", None),
    ]


@pytest.mark.parametrize("number", ["合计", "6"])
def test_a_row_numbered_as_a_total_is_one_whichever_way_its_file_is_read(tmp_path, number):
    """HS005, every cell valid, its 序号 ``合计`` (the fast path reads such a file, typing
    every cell) or 6: read the fast way, the careful way (its header quoted) and as a
    workbook, the row is a total row, skipped, under 合计, and data under a number."""
    tables = _numbered(bureau.register())
    tables["社区社会组织"][-1][0] = number
    seen = []
    for source in _three_ways(tmp_path, tables):
        data = scoplan.load(source)
        said = [(w.code, w.row, w.value) for w in data.warnings]
        seen.append((data.size()["organizations"], said))
    expected = (4, [("total_row", 6, "合计")]) if number == "合计" else (5, [])
    assert seen == [expected] * 3


def test_a_formulas_error_value_is_said_to_be_one(tmp_path):
    """A VLOOKUP that found no community, saved with its error value ``#N/A`` in 所属社区:
    the error says the code is unknown and what ``#N/A`` is — a formula's failure — in the
    user's words (a trial: "“#N/A”在社区中不存在" alone left the clerk guessing)."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[1][bureau.column(rows, "所属社区")] = "#N/A"  # openpyxl writes it as an error cell
    book = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    zh = CliRunner().invoke(main, ["check", str(book)])
    assert zh.exit_code == 2
    assert (
        "第2行，“所属社区”列：“#N/A”在社区中不存在。“#N/A”是表格公式出错时显示的错误值"
        "（如 VLOOKUP 没有查到）：请改正公式，或直接填写"
    ) in zh.output
    en = CliRunner().invoke(main, ["check", str(book), "--lang", "en"])
    assert "'#N/A' is the error value a spreadsheet formula shows where it fails" in en.output


@pytest.mark.parametrize("form", FORMS)
def test_notes_written_below_the_table_are_skipped_with_a_warning(tmp_path, form):
    """A 台账 ends with what a bureau writes under it (a user trial: ``注：本表不含已注销组织``
    was read as an organization, three errors for its blank 所属社区, 名称 and 成立日期 and a
    warning for its 登记状态): after a blank row (row 7), 注：… (row 8), 说明：… in 名称's
    column (row 9), 备注: with an ASCII colon (row 10) and 填表说明 alone (row 11). Each is
    skipped with a warning quoting it; the five organizations are read."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    width = len(rows[0])
    for note in (
        [],
        ["注：本表不含已注销组织"],
        ["", "", "说明：1.登记状态以民政局登记系统为准；2.数据截至2023年12月31日"],
        ["备注: 规模按成员人数划分"],
        ["填表说明"],
    ):
        rows.append(note + [""] * (width - len(note)))
    assert _warnings_read(form, tables, tmp_path / "台账") == (
        5,
        [
            "{where}，第8行：“注：本表不含已注销组织”是写在表下方的说明，不是数据，已跳过",
            "{where}，第9行：“说明：1.登记状态以民政局登记系统为准；2.数据截至2023年12月31日”"
            "是写在表下方的说明，不是数据，已跳过",
            "{where}，第10行：“备注: 规模按成员人数划分”是写在表下方的说明，不是数据，已跳过",
            "{where}，第11行：“填表说明”是写在表下方的说明，不是数据，已跳过",
        ],
    )


def test_a_row_whose_id_begins_like_a_note_but_holds_data_is_read(tmp_path):
    """A row at the bottom whose 编号 says ``说明：待补`` beside its 所属社区, 名称 and 成立日期
    (row 7) is an organization with an odd id, not a note: it is read (six organizations),
    and nothing is skipped."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows.append(["说明：待补", "341002001001", "荷花池读书会", "文体类", "2023-03-01"])
    rows[-1] += [""] * (len(rows[0]) - len(rows[-1]))
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert data.size()["organizations"] == 6
    assert "荷花池读书会" in data.frame("organizations").get_column("name").to_list()


@pytest.mark.parametrize("form", FORMS)
def test_a_note_written_among_the_rows_is_skipped_with_a_warning(tmp_path, form):
    """A note above rows of data: ``注：以下为新增`` (row 7) above HS006 (row 8), and
    ``备注：1.本表由各乡镇（街道）上报汇总；2.已注销的组织保留在表中。`` (row 9), its required
    cells empty, above HS007 (row 10). A user trial (休宁县): the second was four errors of
    blank cells and a warning that its 序号 cell said the organization was dissolved. Each
    note is skipped with a warning quoting it; the seven organizations are read."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[0].insert(0, "序号")  # the note in a column of the bureau's own, as 休宁县 wrote it
    for number, row in enumerate(rows[1:], start=1):
        row.insert(0, str(number))
    width = len(rows[0])
    rows.append(["", "注：以下为新增"] + [""] * (width - 2))
    rows.append(["6", "HS006", "341002001001", "荷花池读书会", "文体类", "2023-03-01", "", "备案"])
    rows.append(["备注：1.本表由各乡镇（街道）上报汇总；2.已注销的组织保留在表中。"])
    rows.append(["7", "HS007", "341002001001", "荷花池书法社", "文体类", "2023-06-01", "", "备案"])
    for row in rows:
        row += [""] * (width - len(row))
    assert _warnings_read(form, tables, tmp_path / "台账") == (
        7,
        [
            "{where}，第7行：“注：以下为新增”是写在表中的说明，不是数据，已跳过",
            "{where}，第9行：“备注：1.本表由各乡镇（街道）上报汇总；2.已注销的组织保留在表中。”"
            "是写在表中的说明，不是数据，已跳过",
        ],
    )
    _, [note, _] = _warnings_read(form, tables, tmp_path / "again", lang="en")
    assert note.endswith("“注：以下为新增” is a note written inside the table, not data: skipped")


@pytest.mark.parametrize("form", FORMS)
def test_rows_numbered_in_advance_and_left_empty_are_one_warning(tmp_path, form):
    """A template whose 序号 column was filled down in advance (a user trial: 199 such rows
    were 796 errors, four blank required cells each, and a warning of 199 organizations
    without 登记状态): the 序号 1–5 of the five organizations, then 6–9 in rows 7–10 with
    every other cell empty, a blank row (row 11) and 10 in row 12. The empty numbered rows
    are skipped as blank rows are, with one warning naming their five rows."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[0].insert(0, "序号")
    for number, row in enumerate(rows[1:], start=1):
        row.insert(0, str(number))
    width = len(rows[0])
    for number in (6, 7, 8, 9, None, 10):
        rows.append(([str(number)] if number else [""]) + [""] * (width - 1))
    source = _written_in(form, tables, tmp_path / "台账")
    where = "社区社会组织.csv" if form == "csv" else "台账.xlsx中的“社区社会组织”"
    data = scoplan.load(source)
    assert data.size()["organizations"] == 5
    [warning] = data.warnings
    assert describe_problem(warning, "zh") == (
        f"{where}，第7行，“序号”列：5行只填了序号，其余各列都是空的（第7–10、12行）："
        "是预先编好序号的空行，不是数据，已跳过"
    )
    assert describe_problem(warning, "en").endswith(
        "5 rows have nothing but their number filled in (rows 7–10, 12): "
        "empty rows numbered in advance, not data: skipped"
    )


def test_a_row_with_only_a_number_in_a_column_of_other_text_is_not_skipped(tmp_path):
    """A 序号 is a column of numbers only: a row whose only filled cell is 13912345678 in
    联系电话 (a column of the bureau's own, beside a 联系电话 of 鲍兰明's written 鲍兰明转) is not
    an empty numbered row — it is the errors of its blank required cells."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[0].append("联系电话")
    for row in rows[1:]:
        row.append("")
    rows[1][-1] = "鲍兰明转8021"
    rows.append([""] * (len(rows[0]) - 1) + ["8022"])
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert {p.row for p in raised.value.problems} == {7}
    assert "numbered_blank_rows" not in [w.code for w in raised.value.warnings]


@pytest.mark.parametrize("form", ["csv", "calamine"])
def test_the_lines_of_a_note_below_the_table_are_skipped_with_it(tmp_path, form):
    """``说明：`` (row 7) with a line for each point below it (rows 8 and 9, one cell each),
    then 制表人：王芳 (row 10): the lines are the note's, each skipped with a warning, and the
    signature keeps its own; the five organizations are read. A row of one cell above the
    note (HS006 alone, row 7 of the second folder) is no line of it: it is the errors of its
    blank cells, and the note below it is skipped."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    width = len(rows[0])
    for note in ("说明：", "1.登记状态以民政局登记系统为准；", "2.数据截至2023年12月31日"):
        rows.append([note] + [""] * (width - 1))
    rows.append(["制表人：王芳"] + [""] * (width - 1))
    source = _written_in(form, tables, tmp_path / "台账")
    where = "社区社会组织.csv" if form == "csv" else "台账.xlsx中的“社区社会组织”"
    data = scoplan.load(source)
    assert data.size()["organizations"] == 5
    assert [describe_problem(w, "zh") for w in data.warnings] == [
        f"{where}，第7行：“说明：”是写在表下方的说明，不是数据，已跳过",
        f"{where}，第8行：“1.登记状态以民政局登记系统为准；”是写在表下方的说明，不是数据，已跳过",
        f"{where}，第9行：“2.数据截至2023年12月31日”是写在表下方的说明，不是数据，已跳过",
        f"{where}，第10行：“制表人：王芳”是表尾的填表信息，不是数据，已跳过",
    ]
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows.append(["HS006"] + [""] * (width - 1))
    rows.append(["注：本表不含已注销组织"] + [""] * (width - 1))
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(_written_in(form, tables, tmp_path / "一格"))
    assert {p.row for p in raised.value.problems} == {7}
    assert [(w.code, w.row) for w in raised.value.warnings] == [
        ("registration_blank", 7),
        ("note_row", 8),
    ]
