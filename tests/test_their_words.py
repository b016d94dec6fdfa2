"""Messages in the user's own words: their header, their file, codes in Chinese, in the
order of their files and rows (issue 13 §3). On a bureau's register (``tests/bureau.py``)."""

from __future__ import annotations

import datetime as dt

import bureau
import pytest

import scoplan
from scoplan.i18n import describe_problem


def problems(tmp_path, tables) -> tuple[scoplan.Problem, ...]:
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    return raised.value.problems


def test_a_column_is_named_by_the_users_header(tmp_path):
    """HS002's 登记状态 ``待登记``: the message names “登记状态”列 (not registration) and the
    codes as the bureau writes them, 登记、备案、未登记."""
    tables = bureau.register()
    tables["社区社会组织"][2][bureau.column(tables["社区社会组织"], "登记状态")] = "待登记"
    [problem] = problems(tmp_path, tables)
    assert describe_problem(problem, "zh") == (
        "社区社会组织.csv，第3行，“登记状态”列："
        "“待登记”不是可用的取值（应为 登记、备案、未登记 之一）"
    )
    assert describe_problem(problem, "en") == (
        "社区社会组织.csv, row 3, column 登记状态: '待登记' is not allowed here "
        "(expected one of registered, filed, none)"
    )


def test_both_columns_of_a_date_pair_are_named_by_the_users_headers(tmp_path):
    """注销日期 before 成立日期: both named as the bureau's headers name them."""
    tables = bureau.register()
    tables["社区社会组织"][1][bureau.column(tables["社区社会组织"], "注销日期")] = "2020-01-01"
    [problem] = problems(tmp_path, tables)
    assert describe_problem(problem, "zh") == (
        "社区社会组织.csv，第2行，“注销日期”列：注销日期“2020-01-01”早于 成立日期“2022-04-25”"
    )


def test_problems_come_in_file_and_row_order(tmp_path):
    """Problems of several files and checks are listed by file, then row."""
    tables = bureau.register()
    org = tables["社区社会组织"]
    org[5][bureau.column(org, "成立日期")] = "2022-02-30"  # row 6
    org[2][bureau.column(org, "所属社区")] = "341002001999"  # row 3: no such community
    org[4][bureau.column(org, "登记状态")] = "待定"  # row 5
    tables["乡镇街道"][2][3] = "村"  # row 3
    found = problems(tmp_path, tables)
    assert [(p.source, p.row) for p in found] == [
        ("乡镇街道.csv", 3),
        ("社区社会组织.csv", 3),
        ("社区社会组织.csv", 5),
        ("社区社会组织.csv", 6),
    ]


@pytest.mark.parametrize(
    ("table", "header", "typo"),
    [
        ("社区社会组织", "品牌认定日期", "品牌认定时间"),
        ("社区社会组织", "注销日期", "注消日期"),
        ("社区社会组织", "简易章程", "简易章呈"),
        ("社区社会组织", "服务对象", "服务对像"),
        ("平台与制度", "撤销日期", "注销日期"),
    ],
)
def test_a_misspelt_optional_header_is_an_error_not_a_column_dropped(tmp_path, table, header, typo):
    """One optional header misspelt: read as a column of the bureau's own, its cells would
    be dropped from every count (brand organizations 0, dissolved ones active) with no word.
    It is an error naming the header as written and the column it is close to."""
    tables = bureau.register()
    tables[table][0][bureau.column(tables[table], header)] = typo
    [problem] = problems(tmp_path, tables)
    assert (problem.code, problem.source, problem.row, problem.column) == (
        "unknown_column_near",
        f"{table}.csv",
        1,
        typo,
    )
    said = describe_problem(problem, "zh")
    assert said.startswith(
        f"{table}.csv，第1行，“{typo}”列：表头“{typo}”不是已知的列，是否应为“{header}”？"
    )


@pytest.mark.parametrize(
    ("table", "header", "typo"),
    [
        ("社区社会组织", "规模", "规摸"),
        ("社区社会组织", "类别", "类列"),
        ("活动", "名称", "明称"),
    ],
)
def test_a_misspelt_header_of_two_characters_is_a_warning_naming_the_column(
    tmp_path, table, header, typo
):
    """规摸 for 规模, 类列 for 类别, 明称 for 名称: a character away, as 注消日期 is from
    注销日期, but half the header, so by the letters no nearer than a bureau's own column may
    be (性别 from 类别); read as a column of the bureau's own, its cells counted for nothing
    with no word (every organization's size lost). The data loads, with a warning naming
    the header as written and the column it may be."""
    tables = bureau.register()
    tables[table][0][bureau.column(tables[table], header)] = typo
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    [warning] = data.warnings
    assert (warning.code, warning.source, warning.row, warning.column) == (
        "unknown_column_maybe",
        f"{table}.csv",
        1,
        typo,
    )
    assert describe_problem(warning, "zh").startswith(
        f"{table}.csv，第1行，“{typo}”列：表头“{typo}”不是已知的列，是否是写错了的“{header}”？"
    )
    assert f"is it '{header}', misspelt?" in describe_problem(warning, "en")


@pytest.mark.parametrize(
    ("table", "header", "other"),
    [
        ("社区社会组织", "注销日期", "注销时间"),
        ("社区社会组织", "成立日期", "成立时间"),
        ("社区社会组织", "服务对象", "服务群体"),
        ("社区社会组织", "登记状态", "登记情况"),
        ("社区社会组织", "登记状态", "是否登记"),
        ("平台与制度", "撤销日期", "撤销时间"),
        ("社区社会组织", "注销日期", "dissolved_date"),
        ("社区社会组织", "注销日期", "Date Dissolved"),
    ],
)
def test_a_header_with_another_word_for_its_kind_is_an_error(tmp_path, table, header, other):
    """注销时间 for 注销日期, 服务群体 for 服务对象, 是否登记 for 登记状态: as far from the header
    by the letters as another column is, so they were kept as the bureau's own columns and
    the dissolved organizations counted as active, the special groups as none, and nothing
    said (found by a helper trying a bureau's slips). The same words but for the one that
    says the column's kind are an error naming the column, as a misspelling is."""
    tables = bureau.register()
    tables[table][0][bureau.column(tables[table], header)] = other
    found = problems(tmp_path, tables)
    [problem] = [p for p in found if p.code == "unknown_column_near"]
    assert (problem.row, problem.column) == (1, other)
    # besides it, only a required column's absence (成立日期's) is said
    assert {p.code for p in found} <= {"unknown_column_near", "missing_column"}
    english = other.isascii()
    column = next(
        c for c in scoplan.schema.TABLES_BY_NAME[problem.table].columns if c.alias == header
    )
    assert problem.params["suggestion"] == (column.name if english else header)


def test_a_column_of_the_bureaus_own_is_no_near_miss(tmp_path):
    """Columns a bureau adds (资金来源, 活动场所, 成立批文号, 业务主管单位) load as they are."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    for extra in (
        "资金来源",
        "活动场所",
        "成立批文号",
        "业务主管单位",
        "服务内容",
        "登记证号",
        "注销情况",
        "备注",
        "电话",
        "性别",
    ):
        rows[0].append(extra)
        for row in rows[1:]:
            row.append("")
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert "成立批文号" in data.frame("organizations").columns
    assert data.warnings == ()


def test_a_missing_required_column_is_named_in_the_files_language(tmp_path):
    """成立日期 dropped from a file of Chinese headers: “成立日期” is missing, not founded."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    at = bureau.column(rows, "成立日期")
    for row in rows:
        del row[at]
    [problem] = problems(tmp_path, tables)
    assert problem.code == "missing_column"
    assert describe_problem(problem, "zh").endswith("缺少必需的列“成立日期”")


@pytest.mark.parametrize("form", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "name", ["活动(1)", "活动 - 副本", "活动.csv", "2023年活动", "events_2023"]
)
def test_a_tables_file_under_another_name_is_an_error_naming_the_table(tmp_path, name, form):
    """活动.csv saved as 活动(1).csv, copied as 活动 - 副本.csv, named 2023年活动: the data has
    no 活动 beside it, and skipped with a warning the events would be none (the trainings
    and 公益创投 unmet with 0; found by a helper). An error naming the table it holds, in
    Chinese as 活动 whatever the name's language (events_2023 too)."""
    tables = bureau.register()
    tables[name] = tables.pop("活动")
    if form == "csv":
        source, where = bureau.write(tmp_path / "台账", tables), f"{name}.csv"
    else:
        source, where = bureau.write_workbook(tmp_path / "台账.xlsx", tables), f"台账.xlsx: {name}"
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(source)
    found = [(p.code, p.source, p.params.get("suggestion_zh")) for p in raised.value.problems]
    assert found == [("unknown_table_near", where, "活动")]


def test_a_file_holding_a_tables_name_beside_that_table_is_skipped(tmp_path):
    """活动照片清单.csv beside 活动.csv is a file of the bureau's own: skipped, a warning."""
    tables = bureau.register()
    tables["活动照片清单"] = [["编号", "照片"], ["HD01", "a.jpg"]]
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert [(w.code, w.source) for w in data.warnings] == [("unknown_table", "活动照片清单.csv")]
    assert data.size()["events"] == 2


def test_a_table_of_units_with_a_header_only_is_one_error_naming_it(tmp_path):
    """社区.csv emptied to its header: one error naming the file and the table, not one
    for each organization whose community is not there (462 on the bureau's sample, none
    naming 社区.csv; found by a helper)."""
    tables = bureau.register()
    del tables["社区"][1:]
    [problem] = problems(tmp_path, tables)
    assert (problem.code, problem.source, problem.table) == (
        "empty_table",
        "社区.csv",
        "communities",
    )
    assert describe_problem(problem, "zh").startswith("社区.csv：“社区”表只有表头，没有数据行")
    assert "the table communities has a header and no rows" in describe_problem(problem, "en")


def test_a_table_no_row_names_may_have_a_header_only(tmp_path):
    """社区社会组织.csv with its header only: no row of another table names an organization
    here, and a register may have none yet: it loads, with none."""
    tables = bureau.register()
    del tables["社区社会组织"][1:]
    assert scoplan.load(bureau.write(tmp_path / "台账", tables)).size()["organizations"] == 0


def test_an_empty_file_lists_the_columns_in_the_bureaus_words(tmp_path):
    """An empty 活动.csv: the header it needs, in Chinese in a Chinese message (it listed
    id, kind, unit_id, date)."""
    tables = bureau.register()
    tables["活动"] = []
    [problem] = problems(tmp_path, tables)
    assert describe_problem(problem, "zh") == (
        "活动.csv：文件是空的：至少应有表头行（编号、类型、所属单位、日期）"
    )


def test_a_utf8_line_in_a_gb18030_file_is_named_with_the_first_gb18030_one(tmp_path):
    """A row pasted from a UTF-8 file into a GB18030 one, whose bytes are no GB18030 either:
    the file mixes two encodings, line 1 (GB18030) and line 4 (UTF-8). It said that line 1
    was in neither encoding (found by a helper)."""
    folder = bureau.write(tmp_path / "台账")
    path = folder / "社区社会组织.csv"
    lines = path.read_bytes().split(b"\r\n")
    pasted = "HS009,341002001001,荷花池舞蹈队,文体类,2022-01-01,,备案,规模较小,社区,是,,,"
    with pytest.raises(UnicodeDecodeError):
        pasted.encode("utf-8").decode("gb18030")
    lines.insert(3, pasted.encode("utf-8"))
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(folder)
    [problem] = raised.value.problems
    assert (problem.code, problem.params) == ("mixed_encoding", {"line": 1, "other": 4})
    assert "第1行不是 UTF-8，第4行却是" in describe_problem(problem, "zh")


def test_a_utf8_bom_inside_a_gb18030_file_is_an_error_naming_its_line(tmp_path):
    """A UTF-8 file's first bytes (its BOM) before a row of a GB18030 file, as where one
    file was appended to another: read as GB18030 they were 锘 and half of the id's first
    letter (锘縃S002), and nothing said (found by a helper). An error naming the line."""
    folder = bureau.write(tmp_path / "台账")
    path = folder / "社区社会组织.csv"
    lines = path.read_bytes().split(b"\r\n")
    lines[2] = b"\xef\xbb\xbf" + lines[2]
    path.write_bytes(b"\r\n".join(lines))
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(folder)
    [problem] = raised.value.problems
    assert (problem.code, problem.source, problem.params) == (
        "bom_inside",
        "社区社会组织.csv",
        {"line": 3},
    )
    assert "第3行中有 UTF-8 文件开头的字节顺序标记（BOM）" in describe_problem(problem, "zh")


@pytest.mark.parametrize("kind", ["另一种格式", "断开的链接"])
def test_a_tables_file_the_folder_cannot_read_is_an_error(tmp_path, kind):
    """活动.txt (saved as text), or 活动.csv a link to a file that is not there, and no other
    活动 file: the folder was read as having no events, and nothing said (found by a helper).
    An error naming the file."""
    folder = bureau.write(tmp_path / "台账")
    events = folder / "活动.csv"
    if kind == "另一种格式":
        events.rename(folder / "活动.txt")
        expected = ("not_csv", "活动.txt", "活动.txt：不是 CSV 文件，未读取")
    else:
        events.unlink()
        events.symlink_to(tmp_path / "别处" / "活动.csv")
        expected = ("unreadable", "活动.csv", "活动.csv：无法读取：它链接的文件不存在")
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(folder)
    [problem] = raised.value.problems
    assert (problem.code, problem.source, problem.table) == (*expected[:2], "events")
    assert describe_problem(problem, "zh").startswith(expected[2])


def test_a_federations_unit_of_the_other_level_is_said_to_be_so(tmp_path):
    """A township federation filed under a community's id (row 2) and a community one under
    a township's (row 3): each unit exists, at the other level; the message says which, not
    that the id is nowhere. Row 4 is right and says nothing."""
    tables = bureau.register()
    tables["联合会"] = [
        ["编号", "层级", "所属单位", "名称", "成立日期", "注销日期"],
        ["LH1", "乡镇街道", "341002001001", "荷花池联合会", "2021-05-01", ""],
        ["LH2", "社区", "341021100", "徽城镇联合会", "2021-05-01", ""],
        ["LH3", "乡镇街道", "341002001", "昱东街道联合会", "2021-05-01", ""],
    ]
    found = problems(tmp_path, tables)
    assert [(p.code, p.row, p.value) for p in found] == [
        ("unit_of_other_level", 2, "341002001001"),
        ("unit_of_other_level", 3, "341021100"),
    ]
    assert describe_problem(found[0], "zh") == (
        "联合会.csv，第2行，“所属单位”列：“341002001001”是社区的编号，与这一行的“层级”不符："
        "请核对层级或所属单位"
    )
    assert "is an id of townships, which this row's level is not" in describe_problem(
        found[1], "en"
    )


@pytest.mark.parametrize("path", ["fast", "careful"])
def test_a_federations_unit_written_as_a_name_is_looked_for_at_its_level(
    tmp_path, monkeypatch, path
):
    """所属单位 written as a unit's name: the id suggested is of the row's own level. 上新社区
    (341002001002) renamed 昱东街道, as its street is named: a 社区 federation (row 2) gets
    the community's id, a 乡镇街道 one (row 3) the street's — not both, as when a name was
    looked for at every level. 徽城镇 is a township's name only: under 社区 (row 4) it is said
    to be the other level's, with its id; 荷花池社区居委会, a community's, likewise under 乡镇街道
    (row 5) and suggested under 社区 (row 6). The fast CSV path and the careful one say the
    same."""
    if path == "careful":
        monkeypatch.setattr("scoplan.loaders.csv_folder.read_typed_csv", lambda *args: None)
    tables = bureau.register()
    tables["社区"][2][2] = "昱东街道"
    tables["联合会"] = [
        ["编号", "层级", "所属单位", "名称", "成立日期", "注销日期"],
        ["LH1", "社区", "昱东街道", "上新社区联合会", "2021-05-01", ""],
        ["LH2", "乡镇街道", "昱东街道", "昱东街道联合会", "2021-05-01", ""],
        ["LH3", "社区", "徽城镇", "徽城镇某社区联合会", "2021-05-01", ""],
        ["LH4", "乡镇街道", "荷花池社区居委会", "荷花池联合会", "2021-05-01", ""],
        ["LH5", "社区", "荷花池社区居委会", "荷花池社区联合会", "2021-05-01", ""],
    ]
    if path == "fast":
        from scoplan.loaders.csv_folder import read_typed_csv

        folder = bureau.write(tmp_path / "台账", tables)
        assert read_typed_csv(folder / "联合会.csv", "federations") is not None
    found = problems(tmp_path, tables)
    where = "联合会.csv，第{}行，“所属单位”列："
    assert [(p.code, p.row, describe_problem(p, "zh")) for p in found] == [
        (
            "ref_is_name",
            2,
            where.format(2)
            + "“昱东街道”是社区中一个单位的名称，不是编号：请写它的编号“341002001002”",
        ),
        (
            "ref_is_name",
            3,
            where.format(3)
            + "“昱东街道”是乡镇街道中一个单位的名称，不是编号：请写它的编号“341002001”",
        ),
        (
            "name_of_other_level",
            4,
            where.format(4) + "“徽城镇”不是编号，而是乡镇街道中单位的名称（341021100），"
            "与这一行的“层级”不符：请核对层级或所属单位，并写所属单位的编号",
        ),
        (
            "name_of_other_level",
            5,
            where.format(5) + "“荷花池社区居委会”不是编号，而是社区中单位的名称（341002001001），"
            "与这一行的“层级”不符：请核对层级或所属单位，并写所属单位的编号",
        ),
        (
            "ref_is_name",
            6,
            where.format(6)
            + "“荷花池社区居委会”是社区中一个单位的名称，不是编号：请写它的编号“341002001001”",
        ),
    ]
    assert describe_problem(found[2], "en").endswith(
        "“徽城镇” is no id but the name of a unit of townships (341021100), which this row's "
        "level is not: check the level or the unit, and write the unit's id"
    )


def test_a_name_two_units_of_a_federations_level_share_gives_both_ids(tmp_path):
    """Two communities named 荷花池社区居委会 (341002001001, and 341021100001 renamed) and a
    street of that name too (341002001 renamed): a 社区 federation written so (row 2) is
    told the two communities' ids, not the street's."""
    tables = bureau.register()
    tables["社区"][3][2] = "荷花池社区居委会"
    tables["乡镇街道"][1][2] = "荷花池社区居委会"
    tables["联合会"] = [
        ["编号", "层级", "所属单位", "名称", "成立日期", "注销日期"],
        ["LH1", "社区", "荷花池社区居委会", "荷花池社区联合会", "2021-05-01", ""],
    ]
    [problem] = problems(tmp_path, tables)
    assert (problem.code, problem.row, problem.params["count"]) == ("ref_is_names", 2, 2)
    assert describe_problem(problem, "zh").endswith(
        "“荷花池社区居委会”是社区中2个单位的名称，不是编号：请写所指单位的编号"
        "（341002001001、341021100001）"
    )


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_yes_and_no_as_ticks_crosses_and_you_wu(tmp_path, form):
    """简易章程 marked as registers mark it: √ and ✓ and 有 are yes, × and 无 no — read so,
    in a CSV folder and in a workbook alike; each was an error “不是是/否值”."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    at = bureau.column(rows, "简易章程")
    for row, mark in zip(rows[1:], ["√", "有", "×", "✓", "无"], strict=True):
        row[at] = mark
    if form == "csv":
        source = bureau.write(tmp_path / "台账", tables)
    else:
        source = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    data = scoplan.load(source)
    assert data.frame("organizations").get_column("charter").to_list() == [
        True,
        True,
        False,
        True,
        False,
    ]


def test_a_reference_written_as_the_units_name_without_its_committee_word(tmp_path):
    """所属社区 written as registers name the community — 荷花池社区 for 荷花池社区居委会
    (HS001, row 2), 问政村 for 问政村村委会 (HS005, row 6): each is said to be the
    community's name, with the code to write; it was only “在社区中不存在”."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[1][1], rows[5][1] = "荷花池社区", "问政村"
    assert [describe_problem(p, "zh") for p in problems(tmp_path, tables)] == [
        "社区社会组织.csv，第2行，“所属社区”列：“荷花池社区”是社区中一个单位的名称，不是编号："
        "请写它的编号“341002001001”",
        "社区社会组织.csv，第6行，“所属社区”列：“问政村”是社区中一个单位的名称，不是编号："
        "请写它的编号“341021100201”",
    ]


def test_a_reference_to_a_unit_of_another_level_names_that_unit(tmp_path):
    """HS001's 所属社区 written as its street's code, 341002001 (昱东街道), and 问政村's
    所属乡镇街道 as its county's, 341021 (歙县): each is said to be that unit's code, of the
    other level, with its name; each was only “在社区中不存在”."""
    tables = bureau.register()
    tables["社区社会组织"][1][1] = "341002001"
    tables["社区"][4][1] = "341021"
    assert [describe_problem(p, "zh") for p in problems(tmp_path, tables)] == [
        "社区.csv，第5行，“所属乡镇街道”列：“341021”是区县“歙县”的编号，不是乡镇街道中的编号："
        "请写所属乡镇街道的编号",
        "社区社会组织.csv，第2行，“所属社区”列：“341002001”是乡镇街道“昱东街道”的编号，"
        "不是社区中的编号：请写所属社区的编号",
    ]


@pytest.mark.parametrize(
    ("table", "header", "written"),
    [
        ("社区社会组织", "类别", "组织类型"),
        ("乡镇街道", "名称", "乡镇街道名称"),
        ("社区", "编号", "区划代码"),
        ("区县", "编号", "统计用区划代码"),
    ],
)
def test_a_header_in_a_bureaus_own_words_names_the_column_it_is(tmp_path, table, header, written):
    """A header as bureaus write it — the table's own word before the column's (组织类型,
    乡镇街道名称), or a word for it (区划代码 for 编号) — is an error naming the column;
    组织类型 was read as a column of the bureau's own and dropped without a word (every
    organization of no category), the others only gave the required column as missing."""
    tables = bureau.register()
    tables[table][0][bureau.column(tables[table], header)] = written
    found = [describe_problem(p, "zh") for p in problems(tmp_path, tables)]
    assert (
        f"{table}.csv，第1行，“{written}”列：表头“{written}”不是已知的列，是否应为“{header}”？"
        f"（表中没有“{header}”列；按自己加的列读，这一列的数据将不会被计入；"
        "如确是自己加的列，请改用不易混淆的名称）"
    ) in found


def test_a_table_without_its_id_column_is_not_also_every_reference_into_it(tmp_path):
    """社区's 编号 headed 区划代码: the header's two errors, and not one more for each
    organization, whose 所属社区 names a community the table holds under a header not read
    (five here; 4,987 in a city's register, 200 listed a district)."""
    tables = bureau.register()
    tables["社区"][0][0] = "区划代码"
    assert [(p.code, p.source, p.row) for p in problems(tmp_path, tables)] == [
        ("unknown_column_near", "社区.csv", 1),
        ("missing_column", "社区.csv", 1),
    ]


@pytest.mark.parametrize(
    ("source", "zh"),
    [
        ("台账.xlsx: 社区", "台账.xlsx中的“社区”，第4行"),
        ("registry.db: organizations", "registry.db中的“organizations”，第4行"),
        ("歙县/社区.csv", "歙县/社区.csv，第4行"),
        (
            "postgresql://scoplan:***@db/register: 社区",
            "postgresql://scoplan:***@db/register中的“社区”，第4行",
        ),
    ],
)
def test_a_sheet_is_named_in_chinese_without_an_english_colon(source, zh):
    """A sheet, a database's table (the loaders' ``file: part``) is said 台账.xlsx中的“社区” in
    Chinese, not ``台账.xlsx: 社区``, which reads as English; a file, a URL's own colons, and
    English as they are."""
    problem = scoplan.Problem("missing_value", source, table="communities", row=4, column="name")
    assert describe_problem(problem, "zh").startswith(zh + "，")
    assert describe_problem(problem, "en").startswith(f"{source}, row 4, ")


@pytest.mark.parametrize("path", ["fast", "careful"])
def test_a_unit_written_as_its_office_is_said_so_with_what_to_write(tmp_path, monkeypatch, path):
    """所属单位 written as the office that holds an event or runs a platform, as a bureau's
    staff think of it: 屯溪区民政局 (row 2 of 活动) is 屯溪区's office, write 341002; 黄山市民政局
    (row 4) and 市民政局 (平台与制度 row 2) the city's, write city or 市本级; 昱东街道办事处
    (平台与制度 row 3) 昱东街道's, write 341002001. Each was only “既不是市本级，也不是……中的编号”.
    An office of no unit of the data (徽州区民政局, row 5) keeps that message."""
    if path == "careful":
        monkeypatch.setattr("scoplan.loaders.csv_folder.read_typed_csv", lambda *args: None)
    tables = bureau.register()
    events = tables["活动"]
    events[1][2] = "屯溪区民政局"
    events.append(["HD03", "培训", "黄山市民政局", "2023年培训班", "2023-05-11"])
    events.append(["HD04", "培训", "徽州区民政局", "徽州区培训班", "2023-05-12"])
    places = tables["平台与制度"]
    places[1][2], places[2][2] = "市民政局", "昱东街道办事处"
    found = problems(tmp_path, tables)
    assert [(p.code, describe_problem(p, "zh")) for p in found] == [
        (
            "ref_is_city_organ",
            "平台与制度.csv，第2行，“所属单位”列：“市民政局”是市级机关，不是单位编号："
            "记在市本级的，请写 city 或 市本级",
        ),
        (
            "ref_is_organ",
            "平台与制度.csv，第3行，“所属单位”列：“昱东街道办事处”是昱东街道的机关，不是单位编号："
            "记在昱东街道的，请写它的编号“341002001”",
        ),
        (
            "ref_is_organ",
            "活动.csv，第2行，“所属单位”列：“屯溪区民政局”是屯溪区的机关，不是单位编号："
            "记在屯溪区的，请写它的编号“341002”",
        ),
        (
            "ref_is_city_organ",
            "活动.csv，第4行，“所属单位”列：“黄山市民政局”是市级机关，不是单位编号："
            "记在市本级的，请写 city 或 市本级",
        ),
        (
            "unknown_unit",
            "活动.csv，第5行，“所属单位”列：“徽州区民政局”既不是市本级，也不是区县/乡镇街道中的编号"
            "（市本级写作“市本级”）",
        ),
    ]


def test_a_row_number_column_first_is_a_column_of_the_bureaus_own(tmp_path):
    """DATA.md: columns are told by their headers, in any order; the 序号 column a register
    often has first is kept as one of the bureau's own and counts for nothing. Every table
    with 序号 (1, 2, 3…) before its 编号, in a CSV folder and in a workbook, loads to the
    same figures as without it; the loaded organizations hold the 序号 as written."""
    tables = bureau.register()
    numbered = {
        name: [["序号", *rows[0]], *([str(i), *row] for i, row in enumerate(rows[1:], 1))]
        for name, rows in tables.items()
    }
    plain = scoplan.load(bureau.write(tmp_path / "台账", tables))
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    expected = scoplan.evaluate(plain, plan, as_of=dt.date(2023, 12, 31))
    for data in (
        bureau.write(tmp_path / "带序号", numbered),
        bureau.write_workbook(tmp_path / "带序号.xlsx", numbered),
    ):
        loaded = scoplan.load(data)
        assert loaded.warnings == ()
        report = scoplan.evaluate(loaded, plan, as_of=dt.date(2023, 12, 31))
        assert [r.value for r in report.results] == [r.value for r in expected.results]
        organizations = loaded.frame("organizations")
        assert organizations.get_column("序号").to_list()[:3] == ["1", "2", "3"]
