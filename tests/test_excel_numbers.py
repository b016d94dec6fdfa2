"""Numbers Excel made of dates and codes, said for what they are (a user trial on 休宁县's
.xlsx register): a date typed 20210305 into a cell formatted as a date (Excel shows ####),
codes rounded to their first digits (3.41022E+11 saved as 341022000000), ids that lost
their leading zeros (2969 for 02969), and a column of codes in scientific notation given
to the district its digits name in the problem list.

On a workbook written as a bureau writes one (Chinese sheets and headers, Huangshan's 2023
codes for 屯溪区 and 休宁县); the messages and districts expected are worked out by hand from
the cells each test changes.
"""

from __future__ import annotations

import pathlib
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

import scoplan
from scoplan.cli import main
from scoplan.i18n import describe_problem
from scoplan.template import DATE_FORMAT

Rows = list[list[Any]]


def _register() -> dict[str, Rows]:
    """屯溪区 and 休宁县, a township and communities of each, three organizations (two of
    休宁县, one of 屯溪区) whose ids a clerk typed as numbers, and a brand project."""
    return {
        "区县": [
            ["编号", "名称", "类型", "市"],
            ["341002", "屯溪区", "区", "黄山市"],
            ["341022", "休宁县", "县", "黄山市"],
        ],
        "乡镇街道": [
            ["编号", "所属区县", "名称", "类型"],
            ["341002001", "341002", "昱东街道", "街道"],
            ["341022100", "341022", "海阳镇", "镇"],
        ],
        "社区": [
            ["编号", "所属乡镇街道", "名称", "类型"],
            ["341002001001", "341002001", "荷花池社区居委会", "城市社区"],
            ["341022100001", "341022100", "横江社区居委会", "城市社区"],
            ["341022100201", "341022100", "南街村村委会", "农村社区"],
        ],
        "社区社会组织": [
            ["编号", "所属社区", "名称", "类别", "成立日期", "注销日期", "登记状态", "规模"],
            [
                2969,
                "341022100201",
                "南街村乡贤会",
                "社区治理类",
                "2021-03-05",
                None,
                "备案",
                "规模较小",
            ],
            [
                2970,
                "341022100001",
                "横江志愿服务队",
                "志愿服务类",
                "2022-04-25",
                None,
                "备案",
                "规模较小",
            ],
            [
                1001,
                "341002001001",
                "荷花池邻里守望队",
                "居民互助类",
                "2021-03-01",
                None,
                "备案",
                "规模较小",
            ],
        ],
        "品牌项目": [
            ["编号", "所属组织", "名称", "认定日期"],
            ["PP01", "2969", "南街村乡贤议事", "2023-05-01"],
        ],
    }


def _write(
    path: pathlib.Path, tables: dict[str, Rows], dates: dict[str, str] | None = None
) -> pathlib.Path:
    """``tables`` as the sheets of a workbook; ``dates``: the cells (``E2`` of a sheet) whose
    number is formatted as a date, as the template's 成立日期 column is."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    for name, place in (dates or {}).items():
        book[name][place].number_format = DATE_FORMAT
    book.save(path)
    return path


def _problems(path: pathlib.Path) -> list[scoplan.Problem]:
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(path)
    return list(raised.value.problems)


def test_a_date_typed_as_a_number_into_a_date_cell_is_said_to_be_one(tmp_path):
    """成立日期 of 南街村乡贤会 (row 2) typed 20210305 into a cell formatted as a date, as
    the template formats the column: Excel keeps the number, past its last day, and shows
    ####. The cell holds no formula: it is said to be the number typed there, the day it
    looks like (5 March 2021) and what to type — not taken for that day, as the text
    20210305 is not either."""
    tables = _register()
    tables["社区社会组织"][1][4] = 20210305
    book = _write(tmp_path / "休宁县台账.xlsx", tables, {"社区社会组织": "E2"})
    problems = _problems(book)
    assert [(p.code, p.row, p.column, p.value) for p in problems] == [
        ("number_in_date_cell", 2, "founded", "20210305")
    ]
    assert describe_problem(problems[0], "zh") == (
        "休宁县台账.xlsx中的“社区社会组织”，第2行，“成立日期”列：“20210305”是在设为日期格式的"
        "单元格里输入的数字，不是日期（Excel 显示为 ####）：如是指2021年3月5日，请输入 "
        "2021-03-05（或先把该列设为“文本”格式，再输入 2021-03-05）"
    )
    assert "if it means 5 March 2021, type the date as 2021-03-05" in describe_problem(
        problems[0], "en"
    )


def test_a_number_in_a_date_cell_that_is_no_day_and_a_formulas_error_are_told_apart(tmp_path):
    """20211305 (no 13th month) in a date cell of row 3: a number typed there, no day it
    looks like; a formula's own #VALUE! (an error cell) in row 4 is still said to be a
    formula's error."""
    tables = _register()
    rows = tables["社区社会组织"]
    rows[2][4] = 20211305
    rows[3][4] = "#VALUE!"  # openpyxl writes it as an error cell
    book = _write(tmp_path / "台账.xlsx", tables, {"社区社会组织": "E3"})
    problems = _problems(book)
    assert [(p.code, p.row, p.value) for p in problems] == [
        ("number_in_date_cell_other", 3, "20211305"),
        ("bad_date", 4, "#VALUE!"),
    ]
    assert (
        "“20211305”是在设为日期格式的单元格里输入的数字，不是日期（Excel 显示为 ####）："
        "请输入 2021-09-14 这样的日期" in describe_problem(problems[0], "zh")
    )
    assert "是表格公式出错时显示的错误值" in describe_problem(problems[1], "zh")


def test_community_codes_excel_rounded_are_one_error_for_the_column(tmp_path):
    """所属社区 of 南街村乡贤会 typed as the number 341022000000 (row 2) and of 横江志愿服务队
    as the text 341022000000 (row 3): 341022100201 and 341022100001 as Excel kept them
    after showing them as 3.41022E+11. One error for the column: two codes, the first at
    row 2, shown as Excel showed it, what to do — not "不存在" for each row. A code of no
    community that Excel did not round (341022100209, row 4) is said as ever."""
    tables = _register()
    rows = tables["社区社会组织"]
    rows[1][1] = 341022000000
    rows[2][1] = "341022000000"
    rows[3][1] = "341022100209"
    problems = _problems(_write(tmp_path / "台账.xlsx", tables))
    assert [(p.code, p.row, p.value) for p in problems] == [
        ("rounded_codes", 2, "341022000000"),
        ("unknown_ref", 4, "341022100209"),
    ]
    assert describe_problem(problems[0], "zh") == (
        "台账.xlsx中的“社区社会组织”，第2行，“所属社区”列：此列2个编码在社区中不存在，末尾是一串0"
        "（如“341022000000”）：像是 Excel 把编码当成数字，显示为科学计数法（3.41022E+11），"
        "只保留了前几位数字，其余变成了0；请在 Excel 中把此列设置为“文本”格式后重新填写编码"
        "（或从原系统重新导出），再保存"
    )
    assert "showed them in scientific notation (3.41022E+11)" in describe_problem(problems[0], "en")


def test_a_township_code_rounded_and_a_code_ending_in_zeros_of_no_unit(tmp_path):
    """所属乡镇街道 of 横江社区 written 341020000 (海阳镇's 341022100 rounded to 3.4102E+08):
    one error for the column, shown as 3.4102E+08. 所属社区 341023000000, which no community
    of the data rounds to (黟县's digits), is a code to no unit, as ever."""
    tables = _register()
    tables["社区"][2][1] = "341020000"
    tables["社区社会组织"][1][1] = "341023000000"
    problems = _problems(_write(tmp_path / "台账.xlsx", tables))
    assert [(p.code, p.table, p.row, p.value) for p in problems] == [
        ("rounded_codes", "communities", 3, "341020000"),
        ("unknown_ref", "organizations", 2, "341023000000"),
    ]
    assert problems[0].params["shown"] == "3.4102E+08"


def _placed(book: pathlib.Path) -> list[tuple[str, str | None]]:
    checkup = scoplan.check(book)
    return [
        (p.code, district)
        for p, district in zip(checkup.problems, checkup.districts, strict=True)
        if not p.is_warning
    ]


def test_codes_in_scientific_notation_of_one_county_are_that_countys(tmp_path):
    """所属社区 of both 休宁县 organizations written 3.41022E+11: the digits shown, 341022,
    name 休宁县, one district of the data; the problem list gives the error to 休宁县's
    sheet, not to 市本级及整体."""
    tables = _register()
    for row in tables["社区社会组织"][1:3]:
        row[1] = "3.41022E+11"
    book = _write(tmp_path / "台账.xlsx", tables)
    assert _placed(book) == [("scientific_codes", "341022")]
    listed = tmp_path / "问题清单.xlsx"
    run = CliRunner().invoke(main, ["check", str(book), "--format", "xlsx", "-o", str(listed)])
    assert run.exit_code == 2, run.output
    sheets = load_workbook(listed).sheetnames
    assert sheets == ["汇总", "休宁县"]
    found = [
        row[5] for row in load_workbook(listed)["休宁县"].iter_rows(min_row=3, values_only=True)
    ]
    assert len(found) == 1
    assert "科学计数法（如“3.41022E+11”）" in found[0]


def test_codes_in_scientific_notation_of_several_districts_stay_the_citys(tmp_path):
    """所属社区 of a 休宁县 organization written 3.41022E+11 and of 屯溪区's 3.41002E+11: the
    column names two districts, and is the file's to mend, under 市本级 (no district); a
    code showing too few digits to name one (3.4E+11, of 341002 and 341022 alike) too."""
    tables = _register()
    rows = tables["社区社会组织"]
    rows[1][1] = "3.41022E+11"
    rows[3][1] = "3.41002E+11"
    assert _placed(_write(tmp_path / "两区.xlsx", tables)) == [("scientific_codes", None)]
    tables = _register()
    tables["社区社会组织"][1][1] = "3.4E+11"
    assert _placed(_write(tmp_path / "少位.xlsx", tables)) == [("scientific_codes", None)]


def test_rounded_codes_of_one_county_are_that_countys(tmp_path):
    """341022000000 in 所属社区 (row 2, 休宁县's 341022100201 rounded): 休宁县's, by the
    digits kept."""
    tables = _register()
    tables["社区社会组织"][1][1] = 341022000000
    assert _placed(_write(tmp_path / "台账.xlsx", tables)) == [("rounded_codes", "341022")]


def test_ids_that_lost_their_leading_zeros_are_said_to(tmp_path):
    """The organizations' ids typed as numbers (2969) while 品牌项目's 所属组织 says
    02969: "02969" names no organization, but 2969 does: the message asks whether it is
    2969 and says the ids lost their zeros; the row is 休宁县's, as 2969 is."""
    tables = _register()
    tables["品牌项目"][1][1] = "02969"
    book = _write(tmp_path / "台账.xlsx", tables)
    problems = _problems(book)
    assert [(p.code, p.row, p.value, p.params.get("other")) for p in problems] == [
        ("ids_lost_zeros", 2, "02969", "2969")
    ]
    assert describe_problem(problems[0], "zh") == (
        "台账.xlsx中的“品牌项目”，第2行，“所属组织”列：“02969”在社区社会组织中不存在，但有编号"
        "“2969”：像是社区社会组织的编号被 Excel 当成数字，去掉了开头的0。是否应为“2969”？"
        "请在 Excel 中把社区社会组织的编号列设置为“文本”格式后重新填写编号（补回开头的0），"
        "或把此处改为“2969”"
    )
    assert "Did you mean '2969'?" in describe_problem(problems[0], "en")
    assert _placed(book) == [("ids_lost_zeros", "341022")]


def test_references_that_lost_their_leading_zeros_are_said_to(tmp_path):
    """The other way round: the organizations' ids written 02969 as text, 所属组织 typed
    as the number 2969: is it 02969? This column lost its zeros."""
    tables = _register()
    for row in tables["社区社会组织"][1:]:
        row[0] = f"0{row[0]}"
    tables["品牌项目"][1][1] = 2969
    problems = _problems(_write(tmp_path / "台账.xlsx", tables))
    assert [(p.code, p.value, p.params.get("other")) for p in problems] == [
        ("ref_lost_zeros", "2969", "02969")
    ]
    assert "像是此列的编号被 Excel 当成数字，去掉了开头的0。是否应为“02969”？" in describe_problem(
        problems[0], "zh"
    )
