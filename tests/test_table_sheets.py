"""A workbook's sheets as a bureau names them: a table's rows on a sheet of another name
(``2023年``, ``Sheet2``, ``黟县``), a table split a sheet a district, and spreadsheets of
another format (.xls, .et, .ods) to be saved as .xlsx."""

from __future__ import annotations

import zipfile
from pathlib import Path

import bureau
import pytest
from openpyxl import load_workbook

import scoplan
from scoplan import DataError, Problem
from scoplan.i18n import describe_problem

HEADER = bureau.register()["社区社会组织"][0]


def _problems(path: Path) -> tuple[Problem, ...]:
    with pytest.raises(DataError) as raised:
        scoplan.load(path)
    return raised.value.problems


def _split(tables: dict[str, bureau.Rows], name: str) -> bureau.Rows:
    """The organizations of 歙县 (community codes 341021…) moved out of 社区社会组织 into a
    sheet ``name`` of their own, under the same header: the rows that sheet holds."""
    rows = tables["社区社会组织"]
    at = bureau.column(rows, "所属社区")
    moved = [row for row in rows[1:] if row[at].startswith("341021")]
    tables["社区社会组织"] = [row for row in rows if row not in moved]
    tables[name] = [rows[0], *moved]
    return tables[name]


@pytest.mark.parametrize(
    "name", ["2023年", "Sheet2", "黟县", "社会组织（黟县）", "社区社会组织（2023年新增）"]
)
def test_a_tables_rows_on_a_sheet_of_another_name_are_an_error(tmp_path, name):
    """歙县's two organizations on a sheet of their own beside 社区社会组织: skipped with a
    warning, they counted for nothing (歙县 had no organization, and nothing said so). An
    error naming the sheet and the table, that its rows would not be counted, and what to
    do; however the sheet is named (社区社会组织（2023年新增） was a warning, 社区社会组织（黟县）
    an error)."""
    tables = bureau.register()
    _split(tables, name)
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    [problem] = _problems(path)
    assert (problem.code, problem.source, problem.table) == (
        "rows_elsewhere",
        f"台账.xlsx: {name}",
        "organizations",
    )
    assert describe_problem(problem, "zh") == (
        f"台账.xlsx中的“{name}”：这张工作表的表头是数据表“社区社会组织”的表头，但它不是"
        "“社区社会组织”工作表，其中的行不会被计入：请把这些行移到“社区社会组织”工作表中"
        "（不要带上表头）；如它只是副本，请删除这张工作表"
    )
    assert describe_problem(problem, "en") == (
        f"台账.xlsx: {name}: this sheet has the header of the table organizations but is not "
        "that table's sheet: its rows would not be counted. Move them into the sheet "
        "'社区社会组织' (not their header), or delete this sheet if it is a copy"
    )


def test_a_tables_rows_below_title_rows_are_told_by_their_header(tmp_path):
    """The sheet begins with a title, the header in row 2, as a 台账 begins: the same error."""
    tables = bureau.register()
    rows = _split(tables, "2023年")
    rows.insert(0, ["黄山市社区社会组织台账（2023年新增）"])
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    assert [(p.code, p.source) for p in _problems(path)] == [
        ("rows_elsewhere", "台账.xlsx: 2023年")
    ]


def test_notes_and_a_summary_are_still_skipped_with_a_warning(tmp_path):
    """A count by district (分区县汇总, or a sheet 各地数量 of counts) and notes headed like a
    table (填报说明 under 编号, 名称, 类别 as a list of what to write) hold no table's rows:
    each a warning that it is skipped, as before; the organizations all counted."""
    tables = bureau.register()
    tables["分区县汇总"] = [HEADER, ["合计", "", "", "", "", "", "", "", "", "", "", "", ""]]
    tables["各地数量"] = [
        ["区县", "组织数", "城市社区数"],
        ["屯溪区", "3", "2"],
        ["歙县", "2", "1"],
    ]
    tables["填报要求"] = [["编号", "名称", "要求", "填写说明", "示例"], ["HS001", "必填", "唯一"]]
    data = scoplan.load(bureau.write_workbook(tmp_path / "台账.xlsx", tables))
    assert [(w.code, w.table) for w in data.warnings] == [
        ("unknown_table", "分区县汇总"),
        ("unknown_table", "各地数量"),
        ("unknown_table", "填报要求"),
    ]
    assert data.size()["organizations"] == 5


def test_a_table_split_a_sheet_a_district_is_one_error(tmp_path):
    """社区社会组织 split into 社区社会组织（屯溪区） and 社区社会组织（歙县）, no sheet of that
    name: one error naming both sheets, to merge them into one (not two errors each to
    rename its sheet 社区社会组织, which would make two of it), and no missing table."""
    tables = bureau.register()
    rows = tables.pop("社区社会组织")
    at = bureau.column(rows, "所属社区")
    tables["社区社会组织（屯溪区）"] = [rows[0], *(r for r in rows[1:] if r[at][:6] == "341002")]
    tables["社区社会组织（歙县）"] = [rows[0], *(r for r in rows[1:] if r[at][:6] == "341021")]
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    problems = [p for p in _problems(path) if p.code != "unknown_reference"]
    [problem] = problems
    assert (problem.code, problem.source, problem.table) == (
        "table_split",
        "台账.xlsx",
        "organizations",
    )
    assert describe_problem(problem, "zh") == (
        "台账.xlsx：数据表“社区社会组织”分在2张工作表中（“社区社会组织（屯溪区）”、"
        "“社区社会组织（歙县）”），这些行都不会被计入：一张数据表只能是一张工作表，"
        "请把它们合并为一张名为“社区社会组织”的工作表（表头只留一行）"
    )
    assert describe_problem(problem, "en") == (
        "台账.xlsx: the table organizations is split over 2 sheets ('社区社会组织（屯溪区）', "
        "'社区社会组织（歙县）'), none of whose rows would be counted: a table must be one "
        "sheet. Merge them into one sheet named after the table (organizations), keeping the "
        "header once"
    )


def test_a_tables_only_sheet_under_another_name_is_to_be_renamed(tmp_path):
    """The organizations alone on Sheet2, no sheet 社区社会组织: the sheet is that table,
    misnamed (not a warning that it is skipped beside the table missing)."""
    tables = bureau.register()
    tables["Sheet2"] = tables.pop("社区社会组织")
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    found = [(p.code, p.table, p.params.get("suggestion_zh")) for p in _problems(path)]
    assert ("unknown_table_near", "Sheet2", "社区社会组织") in found
    assert [code for code, _, _ in found if code in ("unknown_table", "table_split")] == []


def test_a_hidden_sheet_of_a_tables_rows_says_it_is_hidden(tmp_path):
    """歙县's rows on a sheet Excel hides: the error says it is hidden."""
    tables = bureau.register()
    _split(tables, "歙县")
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    book = load_workbook(path)
    book["歙县"].sheet_state = "hidden"
    book.save(path)
    [problem] = _problems(path)
    assert (problem.code, problem.params["sheet"]) == ("hidden_rows_elsewhere", "歙县")
    assert describe_problem(problem, "zh").startswith(
        "台账.xlsx中的“歙县”：“歙县”是隐藏的工作表（在 Excel 中看不到），"
        "表头是数据表“社区社会组织”的表头"
    )


# -- spreadsheets of another format ------------------------------------------------------

OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
"""The first bytes of an Excel 97-2003 workbook (or an old WPS one): a compound file."""
SAVE_ZH = (
    "只能读取 Excel 工作簿（.xlsx）：请用 Excel 打开它，选“文件”→“另存为”，保存类型选"
    "“Excel 工作簿 (*.xlsx)”（WPS 表格同样：另存为 Excel 文件 (*.xlsx)），再读取另存的 .xlsx 文件"
)
SAVE_EN = (
    "only Excel workbooks (.xlsx) are read: open it in Excel, File → Save As, type Excel "
    "Workbook (*.xlsx) (in WPS Spreadsheets likewise: Save As, Excel file (*.xlsx)), and give "
    "the saved .xlsx file"
)


def _compound(path: Path) -> Path:
    path.write_bytes(OLE2 + bytes(504) + b"Workbook".decode().encode("utf-16-le"))
    return path


def _ods(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return path


@pytest.mark.parametrize(
    ("name", "make", "zh", "en"),
    [
        (
            "台账.xls",
            _compound,
            "旧版（Excel 97-2003）工作簿（.xls）",
            "an Excel 97-2003 workbook (.xls)",
        ),
        ("台账.et", _compound, "金山 WPS 表格文件（.et）", "a WPS spreadsheet (.et)"),
        (
            "台账.ods",
            _ods,
            "开放文档格式（OpenDocument）的电子表格（.ods）",
            "an OpenDocument spreadsheet (.ods)",
        ),
    ],
)
def test_a_spreadsheet_of_another_format_is_to_be_saved_as_xlsx(tmp_path, name, make, zh, en):
    """An .xls, .et or .ods: not “无法识别的数据来源（可用：returns, csv, json, xlsx, sql）”,
    the loaders' ids, but what the file is and how to save it as .xlsx."""
    path = make(tmp_path / name)
    [problem] = _problems(path)
    assert problem.code == "other_spreadsheet"
    assert describe_problem(problem, "zh") == f"{path}：这是{zh}，{SAVE_ZH}"
    assert describe_problem(problem, "en") == f"{path}: this is {en}, and {SAVE_EN}"


def test_an_xls_renamed_xlsx_is_told_by_its_content(tmp_path):
    """An .xls renamed 台账.xlsx: what it is, in Chinese (not “not an Excel workbook (.xlsx):
    File is not a zip file” inside a Chinese message), and to save it as .xlsx."""
    path = _compound(tmp_path / "台账.xlsx")
    [problem] = _problems(path)
    assert describe_problem(problem, "zh") == (
        f"台账.xlsx：文件名以 .xlsx 结尾，内容却是旧版（Excel 97-2003）工作簿（.xls）"
        f"（多半是改了扩展名），{SAVE_ZH}"
    )
    assert describe_problem(problem, "en") == (
        "台账.xlsx: the file is named .xlsx but is an Excel 97-2003 workbook (.xls) "
        f"(renamed, most likely), and {SAVE_EN}"
    )


def test_an_ods_renamed_xlsx_is_told_by_its_content(tmp_path):
    """An .ods renamed 台账.xlsx is a zip, which the workbook's reader would open: told by its
    mimetype first."""
    [problem] = _problems(_ods(tmp_path / "台账.xlsx"))
    assert (problem.code, problem.params["kind"]) == (
        "renamed_spreadsheet",
        "an OpenDocument spreadsheet (.ods)",
    )


def test_a_workbook_with_a_password_is_no_xls(tmp_path):
    """A workbook saved with a password to open it is a compound file too, holding an
    EncryptionInfo stream: not said to be an .xls (it cannot be read, as before)."""
    path = tmp_path / "台账.xlsx"
    path.write_bytes(OLE2 + bytes(504) + "EncryptionInfo".encode("utf-16-le"))
    [problem] = _problems(path)
    assert problem.code == "unreadable"


# -- the same in a folder of CSV files --------------------------------------------------------


@pytest.mark.parametrize("name", ["2023年", "黟县", "社区社会组织（2023年新增）"])
def test_a_tables_rows_in_a_csv_file_of_another_name_are_an_error(tmp_path, name):
    """歙县's organizations in a GB18030 file of their own (2023年.csv) beside 社区社会组织.csv:
    an error, said of files, not a skipped file whose rows count for nothing."""
    tables = bureau.register()
    _split(tables, name)
    folder = bureau.write(tmp_path / "台账", tables)
    [problem] = _problems(folder)
    assert (problem.code, problem.source, problem.table) == (
        "rows_elsewhere_file",
        f"{name}.csv",
        "organizations",
    )
    assert describe_problem(problem, "zh") == (
        f"{name}.csv：这个文件的表头是数据表“社区社会组织”的表头，但它不是“社区社会组织.csv”，"
        "其中的行不会被计入：请把这些行并入“社区社会组织.csv”（不要带上表头）；"
        "如它只是副本，请把它移出这个文件夹"
    )


def test_a_table_split_a_csv_file_a_district_is_one_error(tmp_path):
    """社区社会组织（屯溪区）.csv and 社区社会组织（歙县）.csv, no 社区社会组织.csv: one error
    naming both files."""
    tables = bureau.register()
    rows = tables.pop("社区社会组织")
    at = bureau.column(rows, "所属社区")
    tables["社区社会组织（屯溪区）"] = [
        rows[0],
        *(r for r in rows[1:] if r[at].startswith("341002")),
    ]
    tables["社区社会组织（歙县）"] = [rows[0], *(r for r in rows[1:] if r[at].startswith("341021"))]
    folder = bureau.write(tmp_path / "台账", tables)
    problems = _problems(folder)
    [split] = [p for p in problems if p.code == "table_split_files"]
    assert describe_problem(split, "zh") == (
        "台账：数据表“社区社会组织”分在2个文件中（“社区社会组织（屯溪区）”、“社区社会组织（歙县）”），"
        "这些行都不会被计入：一张数据表只能是一个文件，请把它们合并为一个名为“社区社会组织.csv”的文件"
        "（表头只留一行）"
    )


def test_a_summary_or_notes_file_is_still_skipped_with_a_warning(tmp_path):
    """分区县汇总.csv under the organizations' header, and a file of counts: warnings, as
    before; every organization counted."""
    tables = bureau.register()
    tables["分区县汇总"] = [HEADER, ["合计", "", "", "", "", "", "", "", "", "", "", "", ""]]
    tables["各地数量"] = [["区县", "组织数"], ["屯溪区", "3"]]
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert sorted((w.code, w.table) for w in data.warnings) == [
        ("unknown_table", "分区县汇总"),
        ("unknown_table", "各地数量"),
    ]
    assert data.size()["organizations"] == 5
