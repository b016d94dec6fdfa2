"""The template to send down (issue 16): ``scoplan template --area 3410``.

Counts are the NBS 2023 table's for 黄山市 (7 county-level units, 109 township-level, 764
village-level, 练江牧场生活区 neither urban nor rural) and 屯溪区 (9 township-level units, 76
communities, all urban); the sheets, headers and codes are DATA.md's.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner

import scoplan
from scoplan import divisions
from scoplan.cli import main
from scoplan.i18n import describe_problem
from scoplan.template import read_keywords, write_template

SHEETS_ZH = [
    "填表说明",
    "区县",
    "乡镇街道",
    "社区",
    "社区社会组织",
    "联合会",
    "平台与制度",
    "品牌项目",
    "活动",
    "_lists",
]


@pytest.fixture(scope="module")
def huangshan(tmp_path_factory) -> Path:
    [written] = write_template("3410", tmp_path_factory.mktemp("t") / "黄山市.xlsx")
    assert (written.districts, written.townships, written.communities) == (7, 109, 764)
    assert written.undecided == 1
    return written.path


def column_values(sheet, letter: str) -> list:
    return [cell.value for cell in sheet[letter][1:] if cell.value is not None]


def test_the_sheets_and_their_headers(huangshan):
    book = openpyxl.load_workbook(huangshan)
    assert book.sheetnames == SHEETS_ZH
    assert book["_lists"].sheet_state == "hidden"
    assert [c.value for c in book["社区"][1]] == ["编号", "所属乡镇街道", "名称", "类型"]
    assert [c.value for c in book["社区社会组织"][1]] == [
        "编号",
        "所属社区",
        "名称",
        "类别",
        "成立日期",
        "注销日期",
        "登记状态",
        "规模",
        "管理主体",
        "简易章程",
        "品牌认定日期",
        "服务对象",
    ]
    assert book["社区社会组织"].max_row == 1  # empty: its header only
    assert book["区县"].freeze_panes == "A2"


def test_the_hierarchy_is_prefilled_with_kinds_in_chinese(huangshan):
    book = openpyxl.load_workbook(huangshan)
    districts = book["区县"]
    assert [c.value for c in districts[2]] == ["341002", "屯溪区", "区", "黄山市"]
    assert [c.value for c in districts[5]] == ["341021", "歙县", "县", "黄山市"]
    assert len(column_values(book["乡镇街道"], "A")) == 109
    communities = book["社区"]
    assert len(column_values(communities, "A")) == 764
    assert [c.value for c in communities[2]] == [
        "341002001001",
        "341002001",
        "荷花池社区居委会",
        "城市社区",
    ]
    kinds = column_values(book["乡镇街道"], "D")
    assert {kind: kinds.count(kind) for kind in set(kinds)} == {
        "街道": 4,
        "镇": 59,
        "乡": 42,
        "开发区": 2,
        "风景区": 1,
        "其他": 1,
    }


def test_an_undecided_kind_is_empty_and_highlighted(huangshan):
    sheet = openpyxl.load_workbook(huangshan)["社区"]
    [row] = [r for r in sheet.iter_rows(min_row=2) if r[2].value == "练江牧场生活区"]
    assert row[0].value == "341021105500"
    assert row[3].value is None
    assert row[3].fill.fgColor.rgb.endswith("FFFF00")
    decided = next(r for r in sheet.iter_rows(min_row=2) if r[3].value is not None)
    assert decided[3].fill.fill_type is None


def test_ids_are_text_and_dates_are_dates(huangshan):
    book = openpyxl.load_workbook(huangshan)
    cell = book["社区"]["A2"]
    assert (cell.data_type, cell.number_format) == ("s", "@")
    organizations = book["社区社会组织"]
    # the empty rows below the header: ids, references and codes as text, dates as dates
    assert organizations.column_dimensions["A"].number_format == "@"
    assert organizations.column_dimensions["B"].number_format == "@"
    assert organizations.column_dimensions["G"].number_format == "@"
    assert organizations.column_dimensions["E"].number_format == "yyyy-mm-dd"
    assert organizations.column_dimensions["K"].number_format == "yyyy-mm-dd"
    assert book["活动"].column_dimensions["E"].number_format == "yyyy-mm-dd"


def validations(sheet) -> dict[str, tuple[str, str, bool]]:
    """Each validated column's letter → (formula, error style, whether it refuses)."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        letter = str(validation.sqref).split(":")[0].rstrip("0123456789")
        found[letter] = (validation.formula1, validation.errorStyle, validation.showErrorMessage)
    return found


def list_values(book, formula: str) -> list:
    sheet_name, cells = formula.split("!")
    sheet = book[sheet_name.strip("'")]
    first, last = cells.replace("$", "").split(":")
    return [c.value for (c,) in sheet[f"{first}:{last}"] if c.value is not None]


def test_code_columns_have_chinese_drop_downs(huangshan):
    book = openpyxl.load_workbook(huangshan)
    found = validations(book["社区"])
    formula, style, refuses = found["D"]
    assert list_values(book, formula) == ["城市社区", "农村社区"]
    assert (style, refuses) == ("stop", True)
    organizations = validations(book["社区社会组织"])
    assert list_values(book, organizations["G"][0]) == ["登记", "备案", "未登记"]
    assert list_values(book, organizations["J"][0]) == ["是", "否"]
    # an open list (a plugin may add categories) warns but takes another value
    assert list_values(book, organizations["D"][0])[:2] == ["生活服务类", "公益慈善类"]
    assert organizations["D"][1:] == ("warning", False)
    assert list_values(book, validations(book["活动"])["B"][0]) == ["培训", "公益创投", "品牌评选"]


def test_reference_columns_offer_the_units_of_the_sheet_above(huangshan):
    book = openpyxl.load_workbook(huangshan)
    organizations = validations(book["社区社会组织"])
    formula = organizations["B"][0]
    assert formula.startswith("'社区'!$A$2:$A$")
    assert list_values(book, formula)[:2] == ["341002001001", "341002001002"]
    assert len(list_values(book, formula)) == 764
    assert validations(book["乡镇街道"])["B"][0].startswith("'区县'!$A$2")
    events = list_values(book, validations(book["活动"])["C"][0])
    assert events[:3] == ["市本级", "341002", "341003"]
    assert len(events) == 1 + 7 + 109  # the city, districts and townships
    federations = list_values(book, validations(book["联合会"])["C"][0])
    assert len(federations) == 109 + 764
    assert validations(book["品牌项目"])["B"][0].startswith("'社区社会组织'!$A$2")


def test_the_notes_sheet(huangshan):
    notes = openpyxl.load_workbook(huangshan)["填表说明"]
    rows = [tuple(c.value for c in row) for row in notes.iter_rows()]
    assert rows[0][0] == "社区社会组织台账填表说明"
    assert rows[3] == ("数据表", "列", "必填", "类型", "含义", "可填的值", "示例")
    by_column = {(r[0], r[1]): r for r in rows[4:]}
    assert len(by_column) == sum(len(t.columns) for t in scoplan.schema.TABLES)
    founded = by_column[("社区社会组织", "成立日期")]
    assert founded[2:4] == ("是", "日期")
    assert founded[6] == "2022-04-25"
    assert by_column[("社区社会组织", "注销日期")][2] == "否"
    assert by_column[("社区", "类型")][5] == "城市社区、农村社区"
    assert by_column[("社区社会组织", "服务对象")][6] == "老年人、儿童"
    assert by_column[("平台与制度", "所属单位")][6] == "市本级"
    # the example row, column by column
    example = [by_column[("社区社会组织", h)][6] for h in ("编号", "所属社区", "类别", "登记状态")]
    assert example == ["HS0001", "341002001001", "志愿服务类", "备案"]


def test_the_notes_sheet_shows_the_areas_own_units(tmp_path):
    """A template for 滁州市 (3411) shows 滁州市's units in its examples — its first
    district, that district's first township and community, its city — and names no unit
    of 黄山市 (a county trial found 屯溪区, 昱东街道, 荷花池社区居委会 in 滁州's)."""
    [written] = write_template("3411", tmp_path / "滁州市.xlsx")
    notes = openpyxl.load_workbook(written.path)["填表说明"]
    rows = [tuple(c.value for c in row) for row in notes.iter_rows()]
    by_column = {(r[0], r[1]): r[6] for r in rows[4:]}
    tables = divisions.hierarchy("3411")
    district = tables["districts"].row(0, named=True)
    township = (
        tables["townships"].filter(pl.col("district_id") == district["id"]).row(0, named=True)
    )
    community = (
        tables["communities"].filter(pl.col("township_id") == township["id"]).row(0, named=True)
    )
    assert district["city"] == "滁州市"
    assert by_column[("区县", "名称")] == district["name"]
    assert by_column[("区县", "市")] == "滁州市"
    assert by_column[("乡镇街道", "编号")] == township["id"]
    assert by_column[("社区", "名称")] == community["name"]
    assert by_column[("社区社会组织", "所属社区")] == community["id"]
    assert by_column[("联合会", "名称")] == f"{township['name']}社区社会组织联合会"
    assert by_column[("活动", "名称")] == f"2022年{district['name']}社区社会组织培训"
    shown = " ".join(str(v) for row in rows for v in row if v)
    assert "黄山" not in shown
    assert "屯溪" not in shown


def test_the_workbook_says_what_it_was_made_for(huangshan):
    keywords = openpyxl.load_workbook(huangshan).properties.keywords
    assert read_keywords(keywords) == {"area": "3410", "each": "", "unit": "3410"}


def as_tables(data: scoplan.Dataset) -> dict[str, list[tuple]]:
    out = {}
    for name in ("districts", "townships", "communities"):
        frame = data.frame(name)
        if name == "communities":
            frame = frame.drop("district_id")  # the dataset adds it; DATA.md's table lacks it
        out[name] = sorted(frame.rows())
    return out


def official(area: str) -> dict[str, list[tuple]]:
    return {name: sorted(frame.rows()) for name, frame in divisions.hierarchy(area).items()}


def test_it_loads_back_unchanged(tmp_path):
    [written] = write_template("屯溪区", tmp_path / "屯溪区.xlsx")
    data = scoplan.load(written.path)
    assert as_tables(data) == official("341002")
    assert data.size()["organizations"] == 0
    # a template not filled in yet has no organization, and says so
    assert [(w.code, w.table) for w in data.warnings] == [("empty_table_alone", "organizations")]


def test_the_city_loads_back_once_the_bureau_decides(huangshan, tmp_path):
    """Loading the city's template as it is names the one cell to decide; decided, it loads
    back to the official units."""
    with pytest.raises(scoplan.DataError) as caught:
        scoplan.load(huangshan)
    [problem] = caught.value.problems
    assert (problem.code, problem.source, problem.row, problem.column) == (
        "missing_value",
        "黄山市.xlsx: 社区",
        284,
        "kind",
    )
    book = openpyxl.load_workbook(huangshan)
    book["社区"]["D284"] = "城市社区"
    decided = tmp_path / "黄山市.xlsx"
    book.save(decided)
    expected = official("3410")
    expected["communities"] = [
        (*row[:3], "urban") if row[2] == "练江牧场生活区" else row
        for row in expected["communities"]
    ]
    assert as_tables(scoplan.load(decided)) == expected


def test_english_names(tmp_path):
    [written] = write_template("341002001", tmp_path / "yudong.xlsx", names="en")
    book = openpyxl.load_workbook(written.path)
    assert book.sheetnames[0] == "README"
    assert book.sheetnames[1:4] == ["districts", "townships", "communities"]
    assert [c.value for c in book["communities"][2]] == [
        "341002001001",
        "341002001",
        "荷花池社区居委会",
        "urban",
    ]
    assert list_values(book, validations(book["communities"])["D"][0]) == ["urban", "rural"]
    assert as_tables(scoplan.load(written.path)) == official("341002001")


def test_one_workbook_per_district_each_with_its_own_units(tmp_path):
    written = write_template("3410", tmp_path / "out", each="district")
    assert [w.path.name for w in written] == [
        "屯溪区.xlsx",
        "黄山区.xlsx",
        "徽州区.xlsx",
        "歙县.xlsx",
        "休宁县.xlsx",
        "黟县.xlsx",
        "祁门县.xlsx",
    ]
    assert sum(w.townships for w in written) == 109
    assert sum(w.communities for w in written) == 764
    tunxi = written[0]
    assert (tunxi.districts, tunxi.townships, tunxi.communities) == (1, 9, 76)
    assert as_tables(scoplan.load(tunxi.path)) == official("341002")
    keywords = openpyxl.load_workbook(tunxi.path).properties.keywords
    assert read_keywords(keywords) == {"area": "3410", "each": "district", "unit": "341002"}
    # 歙县's workbook holds 练江牧场生活区, left for the bureau
    assert [w.undecided for w in written] == [0, 0, 0, 1, 0, 0, 0]


def test_one_workbook_per_township_offers_its_own_communities(tmp_path):
    written = write_template("屯溪区", tmp_path / "out", each="township")
    assert [w.path.name for w in written][:2] == ["屯溪区-昱东街道.xlsx", "屯溪区-昱中街道.xlsx"]
    assert len(written) == 9
    book = openpyxl.load_workbook(written[0].path)
    offered = list_values(book, validations(book["社区社会组织"])["B"][0])
    assert offered == ["341002001001", "341002001002", "341002001003", "341002001004"]
    assert as_tables(scoplan.load(written[0].path)) == official("341002001")


def test_cli_writes_and_refuses_to_replace(tmp_path):
    runner = CliRunner()
    out = tmp_path / "黄山市社区社会组织台账.xlsx"
    result = runner.invoke(main, ["template", "--area", "3410", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"已写入 {out}：7个区县，109个乡镇街道，764个社区",
        "其中1个单位的类型需由民政部门确定（已用黄色标出）",
    ]
    again = runner.invoke(main, ["template", "--area", "3410", "-o", str(out), "--lang", "en"])
    assert again.exit_code == 2
    assert "the file exists; use --force to replace it" in again.stderr
    forced = runner.invoke(main, ["template", "--area", "3410", "-o", str(out), "--force"])
    assert forced.exit_code == 0
    unknown = runner.invoke(main, ["template", "--area", "不存在市", "-o", str(out)])
    assert unknown.exit_code == 2
    assert "没有代码或名称为“不存在市”的统计用区划" in unknown.stderr


def test_cli_each_district_into_a_folder(tmp_path):
    out = tmp_path / "下发"
    result = CliRunner().invoke(
        main, ["template", "--area", "黄山市", "--each", "district", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            "屯溪区.xlsx",
            "黄山区.xlsx",
            "徽州区.xlsx",
            "歙县.xlsx",
            "休宁县.xlsx",
            "黟县.xlsx",
            "祁门县.xlsx",
        ]
    )


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (Debian's libreoffice-calc) is missing")
def test_libreoffice_opens_it_cleanly_and_reads_the_same_units(tmp_path):
    """LibreOffice headless converts every sheet to CSV; the tables' CSV files, as a
    folder, load into the official units."""
    [written] = write_template("屯溪区", tmp_path / "屯溪区.xlsx")
    out = tmp_path / "csv"
    completed = subprocess.run(
        [
            str(SOFFICE),
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(out),
            str(written.path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    folder = tmp_path / "tables"
    folder.mkdir()
    for path in out.glob("屯溪区-*.csv"):
        sheet = path.stem.removeprefix("屯溪区-")
        if sheet in SHEETS_ZH[1:-1]:
            shutil.copy(path, folder / f"{sheet}.csv")
    assert len(list(folder.iterdir())) == 8
    data = scoplan.load(folder)
    assert as_tables(data) == official("341002")
    # not filled in: no organization, and said so
    assert [(w.code, w.table) for w in data.warnings] == [("empty_table_alone", "organizations")]


def test_fastexcel_reads_ids_as_text(tmp_path):
    fastexcel = pytest.importorskip("fastexcel")
    [written] = write_template("屯溪区", tmp_path / "屯溪区.xlsx")
    reader = fastexcel.read_excel(str(written.path))
    assert reader.sheet_names == SHEETS_ZH
    frame = reader.load_sheet_by_name("社区").to_polars()
    assert frame.schema["编号"] == pl.String
    assert frame.row(0) == ("341002001001", "341002001", "荷花池社区居委会", "城市社区")
    assert frame.height == 76


def test_from_python_a_refusal_names_the_argument_not_the_option(tmp_path):
    """``write_template`` called from Python has ``force=`` and ``each=``, not ``--force`` and
    ``--each``: its refusals say so (it said "use --force to replace it"), in both languages;
    the command keeps its options' words (test_cli_writes_and_refuse_to_replace)."""
    out = tmp_path / "台账.xlsx"
    write_template("341002", out)
    with pytest.raises(scoplan.ScoplanError) as raised:
        write_template("341002", out)
    [problem] = raised.value.problems
    assert (
        str(problem)
        == f"{out}: the file exists; to replace it, call write_template with force=True"
    )
    assert describe_problem(problem, "zh") == (
        f"{out}：文件已存在；如确需覆盖，请在调用 write_template 时传入 force=True"
    )
    with pytest.raises(scoplan.ScoplanError) as raised:
        write_template("341002", out, each="township")
    [problem] = raised.value.problems
    assert describe_problem(problem, "zh") == (
        f"{out}：指定 each= 时，输出应为文件夹，每个单位一个工作簿；这是一个文件"
    )
    with pytest.raises(scoplan.ScoplanError) as raised:
        write_template("341002", tmp_path)
    [problem] = raised.value.problems
    assert describe_problem(problem, "zh") == (
        f"{tmp_path}：输出是一个文件夹：请指定工作簿（.xlsx）的文件名"
    )
    assert write_template("341002", out, force=True)[0].path == out


def test_the_command_says_each_as_its_option(tmp_path):
    """``--each`` with a file: the command names its option, in Chinese words (it said
    "with --each, the output is a folder" in English to a Chinese reader)."""
    out = tmp_path / "台账.xlsx"
    out.write_bytes(b"")
    runner = CliRunner()
    result = runner.invoke(
        main, ["template", "--area", "341002", "-o", str(out), "--each", "township"]
    )
    assert result.exit_code == 2
    assert (
        f"{out}：指定 --each 时，输出应为文件夹，每个单位一个工作簿；这是一个文件" in result.stderr
    )
