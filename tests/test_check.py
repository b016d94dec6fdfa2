"""``scoplan check``: every error and warning of a delivery without evaluating it, each with
the district whose rows it is about, as text, JSON and a problem list to send back.

On a register written as a bureau writes it (``tests/bureau.py``). Which district each
problem belongs to is worked out by hand from the rows: HS004 is in 新路街 (341021100001),
under 徽城镇 (341021100), in 歙县 (341021); 昱东街道 (341002001) is in 屯溪区 (341002).
"""

from __future__ import annotations

import datetime as dt
import io
import json

import bureau
import openpyxl
import pytest
from click.testing import CliRunner

import scoplan
from scoplan.cli import main


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


@pytest.fixture
def flawed(tmp_path):
    """Three errors — HS004's founding day (row 5, 歙县), 昱东街道's kind (乡镇街道.csv row 2,
    屯溪区), the city centre's date (平台与制度.csv row 2, the city) — and one warning:
    上新社区 (341002001002) filed under 徽城镇 (社区.csv row 3, 歙县 as filed)."""
    tables = bureau.register()
    tables["社区社会组织"][4][4] = "2020-02-30"
    tables["乡镇街道"][1][3] = "街"
    tables["平台与制度"][1][4] = "去年"
    tables["社区"][2][1] = "341021100"
    return bureau.write(tmp_path / "台账", tables)


def test_a_clean_register_exits_0(tmp_path):
    """Nothing to mend: exit 0 and one line saying so."""
    folder = bureau.write(tmp_path / "台账")
    result = run(str(folder))
    assert result.exit_code == 0
    assert result.stdout == f"{folder}：未发现问题\n"


def test_warnings_alone_exit_0_unless_strict(tmp_path):
    """A community under another township's code: a warning, exit 0; --strict exits 2."""
    tables = bureau.register()
    tables["社区"][2][1] = "341021100"
    folder = bureau.write(tmp_path / "台账", tables)
    result = run(str(folder), "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("warning: 社区.csv, row 3, column 所属乡镇街道")
    assert result.stdout.splitlines()[-1] == f"{folder}: 0 errors, 1 warning"
    assert run(str(folder), "--strict").exit_code == 2


def test_json_gives_each_problem_its_district(flawed):
    """Errors first in file order, then the warning; each with the district worked out by hand
    (None for the city level)."""
    result = run(str(flawed), "--format", "json")
    assert result.exit_code == 2
    listing = json.loads(result.stdout)
    assert (listing["errors"], listing["warnings"]) == (3, 1)
    got = [
        (p["severity"], p["source"], p["row"], p["district_id"], p["district"])
        for p in listing["problems"]
    ]
    assert sorted(got[:3]) == sorted(
        [
            ("error", "社区社会组织.csv", 5, "341021", "歙县"),
            ("error", "乡镇街道.csv", 2, "341002", "屯溪区"),
            ("error", "平台与制度.csv", 2, None, None),
        ]
    )
    assert got[3] == ("warning", "社区.csv", 3, "341021", "歙县")
    assert all(p["message"] and p["message_zh"] for p in listing["problems"])
    # no problem here is a district's part of a split warning
    assert {(p["whole_count"], p["whole_rows"]) for p in listing["problems"]} == {(None, None)}


def test_the_problem_list_has_a_sheet_per_district(flawed, tmp_path):
    """汇总 counts each district's problems (both districts listed); each district's sheet
    holds its own rows; the city's problem goes to 市本级及整体."""
    out = tmp_path / "问题清单.xlsx"
    result = run(str(flawed), "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 2
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == ["汇总", "屯溪区", "歙县", "市本级及整体"]
    # a row above the header says which register was checked, and when
    summary = list(book["汇总"].iter_rows(values_only=True))[1:]
    assert summary == [
        ("区县", "错误", "警告"),
        ("屯溪区", 1, 0),
        ("歙县", 1, 1),
        ("市本级及整体", 1, 0),
    ]
    she = list(book["歙县"].iter_rows(values_only=True))[1:]
    assert she[0] == (
        *("类别", "文件", "行", "列", "取值", "问题", "该行编号", "该行名称", "乡镇（街道）"),
    )
    # each row named by its id and name too: the district finds it in its own register; and
    # its township (HS004's 新路街 is 徽城镇's, 上新社区 is filed under 徽城镇): each finds its own
    assert [(r[0], r[1], r[2], r[6], r[7], r[8]) for r in she[1:]] == [
        ("错误", "社区社会组织.csv", 5, "HS004", "新路街助老队", "徽城镇"),
        ("警告", "社区.csv", 3, "341002001002", "上新社区居委会", "徽城镇"),
    ]
    city = list(book["市本级及整体"].iter_rows(values_only=True))
    assert [(r[1], r[2], r[4]) for r in city[2:]] == [("平台与制度.csv", 2, "去年")]


def test_a_source_that_cannot_be_read_is_a_problem_not_a_crash(tmp_path):
    """A folder that does not exist: exit 2, the problem listed, through the API too."""
    result = run(str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    checkup = scoplan.check(tmp_path / "nowhere")
    assert [p.code for p in checkup.problems] == ["not_found"]
    assert checkup.districts == (None,)


def test_xlsx_needs_an_output_file(tmp_path):
    """--format xlsx to a terminal is a usage error, said in the run's language."""
    result = run(str(bureau.write(tmp_path / "台账")), "--format", "xlsx")
    assert result.exit_code == 2
    assert "请用 --output 指定文件名" in result.stderr


def _listed(out) -> list[tuple]:
    """Every problem row of a problem list workbook: (sheet, 列, 取值)."""
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    return [
        (sheet.title, row[3], row[4])
        for sheet in book.worksheets[1:]
        for row in list(sheet.iter_rows(values_only=True))[2:]
    ]


def test_the_problem_list_names_each_column_by_the_bureaus_header(tmp_path):
    """The 列 cell is the header as the bureau's file wrote it — 成立日期, and ``ID`` where
    their file heads the id column so — never the canonical ``founded``/``id``; JSON keeps
    the canonical name and carries the header beside it."""
    tables = bureau.register()
    orgs = tables["社区社会组织"]
    ids = bureau.column(orgs, "编号")
    orgs[0][ids] = "ID"
    orgs[1][bureau.column(orgs, "成立日期")] = "2022-13-45"
    orgs[3][ids] = "HS002"  # HS002 twice
    folder = bureau.write(tmp_path / "台账", tables)
    out = tmp_path / "问题清单.xlsx"
    assert run(str(folder), "--format", "xlsx", "-o", str(out)).exit_code == 2
    columns = {column for _, column, _ in _listed(out)}
    assert columns == {"成立日期", "ID"}
    listing = json.loads(run(str(folder), "--format", "json").stdout)
    named = {(p["column"], p["header"]) for p in listing["problems"]}
    assert named == {("founded", "成立日期"), ("id", "ID")}


@pytest.mark.parametrize(("lang", "expected"), [("zh", "成立日期"), ("en", "founded")])
def test_english_headers_get_the_schemas_chinese_header_in_a_chinese_list(
    write_tables, valid_tables, tmp_path, lang, expected
):
    """Data with scoplan's English headers: a Chinese problem list names the column by the
    Chinese header of docs/DATA.md (成立日期), an English one by the header as written."""
    valid_tables["organizations.csv"] = valid_tables["organizations.csv"].replace(
        "2021-03-01", "2021-02-30"
    )
    out = tmp_path / "list.xlsx"
    result = run(
        str(write_tables(valid_tables)), "--format", "xlsx", "--lang", lang, "-o", str(out)
    )
    assert result.exit_code == 2
    assert [(column, value) for _, column, value in _listed(out)] == [(expected, "2021-02-30")]


def test_a_code_that_is_not_one_is_an_error_and_not_also_a_blank(tmp_path):
    """登记状态 “待定” (no spelling of 登记、备案、未登记) is one error; the blank warning
    names only the truly blank cell (HS003, row 4)."""
    tables = bureau.register()
    orgs = tables["社区社会组织"]
    at = bureau.column(orgs, "登记状态")
    orgs[1][at] = "待定"
    orgs[3][at] = ""
    listing = json.loads(
        run(str(bureau.write(tmp_path / "台账", tables)), "--format", "json").stdout
    )
    found = [(p["code"], p["row"]) for p in listing["problems"] if p["column"] == "registration"]
    assert found == [("bad_code", 2), ("registration_blank", 4)]
    blank = [p for p in listing["problems"] if p["code"] == "registration_blank"]
    assert "第4行）" in blank[0]["message_zh"]


@pytest.mark.parametrize(("lang", "said"), [("zh", "已写入 {}"), ("en", "wrote {}")])
def test_a_list_written_to_a_file_says_so_on_standard_error(tmp_path, lang, said):
    """``-o 问题清单.xlsx``: one line on standard error in the run's language, nothing on
    standard output (which holds only what is asked for)."""
    folder = bureau.write(tmp_path / "台账")
    out = tmp_path / "问题清单.xlsx"
    result = run(str(folder), "--format", "xlsx", "--lang", lang, "-o", str(out))
    assert result.exit_code == 0
    assert out.exists()
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == said.format(out)


def test_the_library_says_nothing_of_what_it_checks(tmp_path, capsys):
    """scoplan.check and the problem list's workbook print nothing: saying is the CLI's."""
    from scoplan import problem_list

    checkup = scoplan.check(bureau.write(tmp_path / "台账"))
    problem_list.as_workbook(checkup, "zh")
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    ("errors", "last"), [(1, "1 error, 0 warnings"), (2, "2 errors, 0 warnings")]
)
def test_the_english_count_agrees_with_its_number(tmp_path, errors, last):
    """One bad founding day is ``1 error``; two are ``2 errors``."""
    tables = bureau.register()
    orgs = tables["社区社会组织"]
    for row in orgs[1 : 1 + errors]:
        row[bureau.column(orgs, "成立日期")] = "2022-13-45"
    folder = bureau.write(tmp_path / "台账", tables)
    result = run(str(folder), "--lang", "en")
    assert result.stdout.splitlines()[-1] == f"{folder}: {last}"


def _sheets(out) -> dict[str, list[tuple]]:
    """Each sheet of a problem list workbook: its rows below the title and the header."""
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    return {s.title: list(s.iter_rows(values_only=True))[2:] for s in book.worksheets}


def test_a_warning_about_many_rows_goes_to_each_district_with_its_own_rows(tmp_path):
    """登记状态 blank in HS001 (row 2, 屯溪区), HS004 and HS005 (rows 5 and 6, 歙县), and
    服务对象 “老人” in HS002 (row 3, 屯溪区) and HS004 (row 5, 歙县): each district gets both
    warnings on its own sheet, with its own rows and count — not all of them the district of
    the first row."""
    tables = bureau.register()
    orgs = tables["社区社会组织"]
    status, served = bureau.column(orgs, "登记状态"), bureau.column(orgs, "服务对象")
    for row in (1, 4, 5):
        orgs[row][status] = ""
    orgs[2][served] = "老人、儿童"
    orgs[4][served] = "老人"
    folder = bureau.write(tmp_path / "台账", tables)
    out = tmp_path / "问题清单.xlsx"
    assert run(str(folder), "--format", "xlsx", "-o", str(out)).exit_code == 0
    sheets = _sheets(out)
    assert sheets["汇总"] == [("屯溪区", 0, 2), ("歙县", 0, 2)]
    assert [(r[2], r[3], r[4]) for r in sheets["屯溪区"]] == [
        (2, "登记状态", None),
        (3, "服务对象", "老人"),
    ]
    assert "1个社区社会组织未填登记状态（第2行）" in sheets["屯溪区"][0][5]
    assert "共1行（第3行）" in sheets["屯溪区"][1][5]
    # both at row 5: in column order (registration before serves)
    assert [(r[2], r[3], r[4]) for r in sheets["歙县"]] == [
        (5, "登记状态", None),
        (5, "服务对象", "老人"),
    ]
    assert "2个社区社会组织未填登记状态（第5、6行）" in sheets["歙县"][0][5]
    assert "共1行（第5行）" in sheets["歙县"][1][5]
    # the text says each once, all its rows told, and whose they are: two warnings
    lines = run(str(folder)).stdout.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(
        "警告：社区社会组织.csv，第2行，“登记状态”列：3个社区社会组织未填登记状态（第2、5、6行）："
    )
    assert lines[0].endswith("（属屯溪区、歙县）")
    assert lines[1].startswith(
        "警告：社区社会组织.csv，第3行，“服务对象”列：“老人”不是已知的取值，共2行（第3、5行）"
    )
    assert lines[1].endswith("（属屯溪区、歙县）")
    assert lines[2] == f"{folder}：0个错误，2个警告"
    # the JSON counts them as the text does, and lists each district's part
    listing = json.loads(run(str(folder), "--format", "json").stdout)
    assert (listing["errors"], listing["warnings"]) == (0, 2)
    assert len(listing["problems"]) == 4
    # each part says the whole it is part of, for a program to group them as counted
    assert [
        (p["code"], p["row"], p["district"], p["whole_count"], p["whole_rows"])
        for p in listing["problems"]
    ] == [
        ("registration_blank", 2, "屯溪区", 3, "2, 5, 6"),
        ("unknown_code_near", 3, "屯溪区", 2, "3, 5"),
        ("registration_blank", 5, "歙县", 3, "2, 5, 6"),
        ("unknown_code_near", 5, "歙县", 2, "3, 5"),
    ]


def test_the_api_gives_a_grouped_warning_for_each_district(tmp_path):
    """Through scoplan.check: blank 登记状态 in HS002 (屯溪区) and HS005 (歙县) is one
    warning in two parts, one per district, each counting one organization at its own row;
    counted once, as the text says it."""
    tables = bureau.register()
    orgs = tables["社区社会组织"]
    status = bureau.column(orgs, "登记状态")
    orgs[2][status] = orgs[5][status] = ""
    checkup = scoplan.check(bureau.write(tmp_path / "台账", tables))
    blank = [
        (p.row, p.params["count"], district)
        for p, district in zip(checkup.problems, checkup.districts, strict=True)
        if p.code == "registration_blank"
    ]
    assert blank == [(3, 1, "341002"), (6, 1, "341021")]
    assert (checkup.error_count, checkup.warning_count) == (0, 1)


def _organization(number: int, community: str, founded: str) -> list[str]:
    """An organization row of the register's 13 columns."""
    return (
        f"HX{number:03d}|{community}|队{number}|文体类|{founded}||备案|规模较小|社区|是|||某某"
    ).split("|")


@pytest.fixture
def many_bad_days(tmp_path):
    """成立日期 written 20220425 (no separators: not a date) in 203 rows of 屯溪区 — HS001
    (row 2) and 202 organizations added in 荷花池社区 (rows 7 to 208) — and in 2 of 歙县
    added after them in 新路街 (rows 209 and 210)."""
    tables = bureau.register()
    orgs = tables["社区社会组织"]
    orgs[1][bureau.column(orgs, "成立日期")] = "20220425"
    orgs += [_organization(n, "341002001001", "20220425") for n in range(202)]
    orgs += [_organization(n, "341021100001", "20220425") for n in range(202, 204)]
    return bureau.write(tmp_path / "台账", tables)


def test_the_cap_of_200_is_each_districts_and_hides_no_other_district(many_bad_days, tmp_path):
    """屯溪区's 203 bad days: 200 listed (rows 2 and 7 to 205), then one line counting the
    3 left (rows 206 to 208) at row 206; 歙县's 2 are on its own sheet. 汇总 counts 203 and
    2: every problem, listed or not."""
    out = tmp_path / "问题清单.xlsx"
    assert run(str(many_bad_days), "--format", "xlsx", "-o", str(out)).exit_code == 2
    sheets = _sheets(out)
    assert sheets["汇总"] == [("屯溪区", 203, 0), ("歙县", 2, 0)]
    assert list(sheets) == ["汇总", "屯溪区", "歙县"]  # nothing for the city
    tunxi = sheets["屯溪区"]
    assert [r[2] for r in tunxi[:-1]] == [2, *range(7, 206)]
    assert tunxi[-1][6:] == (None, None, None)  # a line for many rows: none of them, no township
    assert tunxi[-1][:6] == (
        "错误",
        "社区社会组织.csv",
        206,
        "成立日期",
        None,
        "社区社会组织.csv，第206行，“成立日期”列："
        "……自此处起还有 3 处同类问题（含此处），未逐条列出",
    )
    assert [(r[2], r[4]) for r in sheets["歙县"]] == [(209, "20220425"), (210, "20220425")]


def test_the_counts_said_are_every_problem_not_the_lines(many_bad_days):
    """203 + 2 bad days: the text says 205 errors, in both languages, and so does JSON."""
    assert run(str(many_bad_days)).stdout.splitlines()[-1] == f"{many_bad_days}：205个错误，0个警告"
    english = run(str(many_bad_days), "--lang", "en").stdout.splitlines()
    assert english[-1] == f"{many_bad_days}: 205 errors, 0 warnings"
    assert "… 3 more like this from here on (this one included)" in "\n".join(english)
    listing = json.loads(run(str(many_bad_days), "--format", "json").stdout)
    assert (listing["errors"], listing["warnings"]) == (205, 0)
    checkup = scoplan.check(many_bad_days)
    assert (checkup.error_count, len(checkup.errors)) == (205, 203)


def test_ids_used_twice_past_200_are_counted_not_dropped(tmp_path):
    """202 rows more under the id HS001 (rows 7 to 208, 屯溪区): 202 duplicate ids, of which
    200 are listed and a line counts the last 2 — before, the 2 were dropped without a word."""
    tables = bureau.register()
    orgs = tables["社区社会组织"]
    added = [_organization(n, "341002001001", "2022-04-25") for n in range(202)]
    for row in added:
        row[0] = "HS001"
    orgs += added
    checkup = scoplan.check(bureau.write(tmp_path / "台账", tables))
    codes = [p.code for p in checkup.errors]
    assert codes.count("duplicate_id") == 200
    more = [p for p in checkup.errors if p.code == "more_from"]
    assert [(p.row, p.params["count"]) for p in more] == [(207, 2)]
    assert checkup.error_count == 202
    assert set(checkup.districts) == {"341002"}


def test_placeholder_dates_and_twins_go_to_each_district(tmp_path):
    """成立日期 1900-01-01 in HS001 (row 2, 屯溪区) and HS004 (row 5, 歙县), and HS001 and
    HS004 each entered again (rows 7 and 8): each district's sheet has its own warning of
    each kind, with its own rows."""
    tables = bureau.register()
    orgs = tables["社区社会组织"]
    founded = bureau.column(orgs, "成立日期")
    for row in (1, 4):
        orgs[row][founded] = "1900-01-01"
    orgs += [[f"HS90{orgs[row][0][-1]}", *orgs[row][1:]] for row in (1, 4)]
    folder = bureau.write(tmp_path / "台账", tables)
    out = tmp_path / "问题清单.xlsx"
    assert run(str(folder), "--format", "xlsx", "-o", str(out)).exit_code == 0
    sheets = _sheets(out)
    # each district: the placeholder date (rows of its own) and its one set of twins
    assert [(r[2], r[3]) for r in sheets["屯溪区"]] == [(2, "成立日期"), (2, "名称")]
    assert [(r[2], r[3]) for r in sheets["歙县"]] == [(5, "成立日期"), (5, "名称")]
    assert "共2行（第2、7行）" in sheets["屯溪区"][0][5]
    assert "第5、8行" in sheets["歙县"][1][5]
    assert "编号HS004/HS904" in sheets["歙县"][1][5]


# -- --plan: the warnings a plan brings about ------------------------------------------------


OUTSIDE_ZH = (
    "区县.csv，第4行，“市”列：区县“黄山高新区”（HSGX）不在计划的范围黄山市内：它的“市”列写作"
    "“黄山”，编号也不是黄山市的区划代码，它的数据不计入任何目标。若它属于黄山市，请在“市”列写"
    "“黄山市”"
)
"""The warning of HSGX (区县.csv row 4: the header, 屯溪区, 歙县, then it), its 市 written 黄山."""
PARTIAL_ZH = (
    "台账：数据只含屯溪区、歙县（计划所列7个区县中的2个）；缺黄山区、徽州区、休宁县、黟县、祁门县："
    "只评估数据中的区县，全市及缺区县的目标不作评判"
)
"""The warning that the register holds 2 of 黄山市's 7 districts, as evaluate gives it."""


@pytest.fixture
def zone(tmp_path):
    """The register with 黄山高新区 (HSGX, 市 黄山) in row 4 of 区县.csv, and the plan file."""
    tables = bureau.register()
    tables["区县"].append(["HSGX", "黄山高新区", "开发区", "黄山"])
    plan = tmp_path / "计划.toml"
    plan.write_text(bureau.AREA_PLAN, "utf-8")
    return bureau.write(tmp_path / "台账", tables), plan


@pytest.mark.parametrize("plan_of", ["file", "bundled"])
def test_with_a_plan_check_gives_the_district_left_out_of_its_area(zone, plan_of):
    """Without --plan, nothing to say; with the plan (its file, or the bundled plan of
    黄山市 by its id), the warnings evaluate gives, word for word: the register holds 2 of
    the city's 7 districts, and HSGX, naming 区县.csv row 4; exit 0, and 2 with --strict
    (which without --plan still finds nothing)."""
    folder, plan_file = zone
    plan = str(plan_file) if plan_of == "file" else "huangshan-2021-2023"
    alone = run(str(folder))
    assert (alone.exit_code, alone.stdout) == (0, f"{folder}：未发现问题\n")
    assert run(str(folder), "--strict").exit_code == 0
    result = run(str(folder), "--plan", plan)
    assert result.exit_code == 0
    # the bundled plan reads 品牌认定日期 too, which no organization of the register fills in
    brands = [f"警告：{NO_BRAND_ZH}"] if plan_of == "bundled" else []
    count = 2 + len(brands)
    assert result.stdout.splitlines() == [
        f"警告：{PARTIAL_ZH}",
        f"警告：{OUTSIDE_ZH}",
        *brands,
        f"{folder}：0个错误，{count}个警告",
    ]
    assert run(str(folder), "--plan", plan, "--strict").exit_code == 2
    data = scoplan.load(folder)
    report = scoplan.evaluate(data, scoplan.parse_plan(bureau.AREA_PLAN), dt.date(2023, 12, 31))
    [said] = [w for w in report.warnings if w.code == "outside_area"]
    assert said.message_zh == OUTSIDE_ZH
    [partial] = [w for w in report.warnings if w.code == "partial_data"]
    assert partial.message_zh == PARTIAL_ZH


NO_BRAND_ZH = (
    "社区社会组织.csv，“品牌认定日期”列：“社区社会组织”表的这一列每一行都是空的，"
    "1项目标按这一列全空计算：“品牌社区社会组织”。如是漏填，请补上；如确实都没有，可不理会"
)


def test_with_a_plan_partial_data_is_no_fault_with_strict(tmp_path):
    """The register alone (屯溪区, 歙县: no HSGX; HS002 a brand, so that 品牌认定日期 is not
    empty) with the plan: the one warning that it holds part of the city, exit 0 even with
    --strict, as evaluate --strict runs."""
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    organizations[2][bureau.column(organizations, "品牌认定日期")] = "2022-06-01"
    folder = bureau.write(tmp_path / "台账", tables)
    result = run(str(folder), "--plan", "huangshan-2021-2023", "--strict")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"警告：{PARTIAL_ZH}", f"{folder}：0个错误，1个警告"]


def test_with_a_plan_the_json_and_the_problem_list_put_it_under_the_city(zone, tmp_path):
    """JSON: the warning with its file, row and no district (HSGX's row is in 区县.csv, but
    whether HSGX is 黄山市's is the city's question), after that of partial data, of the
    whole register. The problem list: both in 市本级及整体, HSGX's by its row, its 市 header
    and its id and name; the other districts' sheets have none."""
    folder, plan = zone
    listing = json.loads(run(str(folder), "--plan", str(plan), "--format", "json").stdout)
    partial, problem = listing["problems"]
    assert (partial["code"], partial["source"], partial["row"]) == ("partial_data", "台账", None)
    assert (partial["district_id"], partial["message_zh"]) == (None, PARTIAL_ZH)
    assert (problem["code"], problem["source"], problem["row"], problem["header"]) == (
        "outside_area",
        "区县.csv",
        4,
        "市",
    )
    assert (problem["district_id"], problem["district"]) == (None, None)
    assert problem["message_zh"] == OUTSIDE_ZH
    out = tmp_path / "问题清单.xlsx"
    written = run(str(folder), "--plan", str(plan), "--format", "xlsx", "-o", str(out))
    assert written.exit_code == 0
    sheets = _sheets(out)
    assert sheets["汇总"] == [
        ("屯溪区", 0, 0),
        ("歙县", 0, 0),
        ("黄山高新区", 0, 0),
        ("市本级及整体", 0, 2),
    ]
    assert [(r[0], r[1], r[2], r[3], r[4], r[6], r[7]) for r in sheets["市本级及整体"]] == [
        ("警告", "台账", None, None, None, None, None),
        ("警告", "区县.csv", 4, "市", "HSGX", "HSGX", "黄山高新区"),
    ]


def test_with_a_plan_the_warning_comes_beside_the_datas_errors(zone):
    """HS004's founding day (社区社会组织.csv row 5) is an error: nothing could be evaluated,
    yet the check with the plan lists its warnings too (partial data, HSGX) — every
    problem at once."""
    folder, _ = zone
    orgs = folder / "社区社会组织.csv"
    text = orgs.read_text("gb18030").replace("2020-10-01", "2020-02-30")
    orgs.write_text(text, "gb18030", newline="")
    checkup = scoplan.check(folder, plan=scoplan.parse_plan(bureau.AREA_PLAN))
    assert [(p.code, p.source, p.row) for p in checkup.problems] == [
        ("no_such_date", "社区社会组织.csv", 5),
        ("partial_data", "台账", None),
        ("outside_area", "区县.csv", 4),
    ]
    assert checkup.districts == ("341021", None, None)


def test_with_a_plan_a_returns_warning_goes_to_its_return(tmp_path):
    """A folder of returns: HSGX in 歙县.xlsx's sheet 区县, row 4 (the header, 屯溪区, 歙县,
    it): the warning names that return's sheet and row, and is in its sheet of the list."""
    folder = tmp_path / "returns"
    bureau.write(folder / "屯溪区")
    tables = bureau.register()
    tables["区县"].append(["HSGX", "黄山高新区", "开发区", ""])
    bureau.write_workbook(folder / "歙县.xlsx", tables)
    plan = tmp_path / "计划.toml"
    plan.write_text(bureau.AREA_PLAN, "utf-8")
    listing = json.loads(run(str(folder), "--plan", str(plan), "--format", "json").stdout)
    found = [p for p in listing["problems"] if p["code"] == "outside_area"]
    assert [(p["source"], p["row"], p["return"]) for p in found] == [
        ("歙县.xlsx: 区县", 4, "歙县.xlsx")
    ]
    assert found[0]["message_zh"].startswith("歙县.xlsx中的“区县”，第4行，“市”列：区县“黄山高新区”")
    plain = json.loads(run(str(folder), "--format", "json").stdout)
    assert [p for p in plain["problems"] if p["code"] == "outside_area"] == []


SCOPED_PLAN = bureau.AREA_PLAN + 'scope = { districts = ["341099"], each = true }\n'
"""黄山市's plan whose one milestone is scoped to 341099, no district of the data nor an
official unit of 黄山市: a mistake of the plan that evaluate refuses it for."""
UNKNOWN_ZH = (
    "错误：计划.toml，里程碑“urban-2023”的“scope.districts”项：区县“341099”不在数据中"
    "（341099不是2023年统计用区划代码：计划须按2023年代码写，已撤销或更名的区县写现在的区县）"
)


def _evaluated(folder, plan):
    """What ``scoplan evaluate`` says of the plan file on the data: its exit code and
    the lines of its standard error."""
    result = CliRunner().invoke(main, ["evaluate", str(folder), "--plan", str(plan)])
    return result.exit_code, result.stderr.splitlines()


def test_with_a_plan_its_district_the_data_lacks_is_an_error_as_in_evaluate(tmp_path):
    """A user trial: a plan whose scope names a district the data lacks, otherwise sound,
    was refused by evaluate (exit 2) while check found 0 errors and exited 0. Check says
    it in evaluate's words, beside the data's warning that it holds 2 of the city's 7
    districts; exit 2. The API's checkup has it too, naming no district."""
    folder = bureau.write(tmp_path / "台账")
    plan = tmp_path / "计划.toml"
    plan.write_text(SCOPED_PLAN, "utf-8")
    assert _evaluated(folder, plan) == (2, [UNKNOWN_ZH])
    result = run(str(folder), "--plan", str(plan))
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        UNKNOWN_ZH,
        f"警告：{PARTIAL_ZH}",
        f"{folder}：1个错误，1个警告",
    ]
    checkup = scoplan.check(folder, plan=scoplan.load_plan(plan))
    assert [(p.code, p.value, p.column) for p in checkup.problems] == [
        ("unknown_district", "341099", "$.milestones[0].scope.districts"),
        ("partial_data", None, None),
    ]
    assert checkup.districts == (None, None)
    assert checkup.exit_code() == 2


def test_with_a_plan_a_township_named_as_a_district_is_said_as_evaluate_says_it(tmp_path):
    """A scope naming 昱东街道 (341002001), a township of the data, as a district: check
    says what it is, as evaluate does with the data read whole."""
    folder = bureau.write(tmp_path / "台账")
    plan = tmp_path / "计划.toml"
    plan.write_text(SCOPED_PLAN.replace("341099", "341002001"), "utf-8")
    said = (
        "错误：计划.toml，里程碑“urban-2023”的“scope.districts”项：“341002001”是数据中的"
        "乡镇（街道）“昱东街道”（属屯溪区），不是区县：计划的范围和区县组只能写区县的编号"
    )
    assert _evaluated(folder, plan) == (2, [said])
    result = run(str(folder), "--plan", str(plan))
    assert (result.exit_code, result.stdout.splitlines()[0]) == (2, said)


def test_with_a_plan_of_other_mistakes_its_district_is_said_too(tmp_path):
    """The plan's scope names 341099 and its threshold is misspelt (treshold): the plan
    does not structure, and check said the misspelling alone, where evaluate said both.
    Now check says both, in the plan's order, with the warning that only the districts'
    table was read for it; exit 2, as evaluate."""
    folder = bureau.write(tmp_path / "台账")
    plan = tmp_path / "计划.toml"
    plan.write_text(SCOPED_PLAN.replace("threshold", "treshold"), "utf-8")
    code, said = _evaluated(folder, plan)
    result = run(str(folder), "--plan", str(plan))
    assert result.exit_code == code == 2
    assert result.stderr.splitlines() == said
    assert [line for line in said if line.startswith("错误")] == [
        "错误：计划.toml，里程碑“urban-2023”的“params”项：未知的字段 treshold"
        "（是否应为“threshold”？）",
        UNKNOWN_ZH,
    ]
    assert said[-1].startswith(f"警告：{folder}：为检查计划只读取了区县表")


def test_an_unknown_plan_is_a_usage_error(zone):
    """--plan naming no plan: exit 2, the plans installed named, nothing checked."""
    folder, _ = zone
    result = run(str(folder), "--plan", "huangshan")
    assert result.exit_code == 2
    assert "未知的计划“huangshan”" in result.stderr
    assert result.stdout == ""


def test_the_text_names_the_district_of_each_problem(tmp_path):
    """服务对象 “老人” in HS002 (row 3, 屯溪区) and HS004 (row 5, 歙县): one warning for the
    value (issue 13: the value, how many rows, where), said once with both rows and both
    districts — each district's sheet of the problem list has its own part; the centre of
    the city level (平台与制度.csv row 2, 去年) belongs to no district and names none."""
    tables = bureau.register()
    orgs = tables["社区社会组织"]
    served = bureau.column(orgs, "服务对象")
    orgs[2][served] = "老人、儿童"
    orgs[4][served] = "老人"
    tables["平台与制度"][1][4] = "去年"
    folder = bureau.write(tmp_path / "台账", tables)
    lines = run(str(folder)).stdout.splitlines()
    assert lines[0].startswith("错误：平台与制度.csv，第2行，“建立日期”列：")
    assert "属" not in lines[0]
    assert lines[1].startswith("警告：社区社会组织.csv，第3行，“服务对象”列：“老人”")
    assert "共2行（第3、5行）" in lines[1]
    assert lines[1].endswith("（属屯溪区、歙县）")
    assert lines[2] == f"{folder}：1个错误，1个警告"
    english = run(str(folder), "--lang", "en").stdout.splitlines()
    assert "(2 rows: 3, 5)" in english[1]
    assert english[1].endswith(" (in 屯溪区, 歙县)")
    out = tmp_path / "问题清单.xlsx"
    assert run(str(folder), "--format", "xlsx", "-o", str(out)).exit_code == 2
    sheets = _sheets(out)
    assert [r[2] for r in sheets["屯溪区"]] == [3]
    assert "共1行（第3行）" in sheets["屯溪区"][0][5]
    assert [r[2] for r in sheets["歙县"]] == [5]


def test_a_warning_split_with_the_city_level_names_its_districts_and_the_city_level(tmp_path):
    """类型 “培训班” in 活动 HD01 (row 2, the city's) and HD02 (row 3, 屯溪区's): one warning,
    said once with both rows, and whose they are — the district, then the city level as the
    problem list's sheet names it (市本级), not nothing."""
    tables = bureau.register()
    events = tables["活动"]
    kind = bureau.column(events, "类型")
    events[1][kind] = events[2][kind] = "培训班"
    folder = bureau.write(tmp_path / "台账", tables)
    [line, _] = run(str(folder)).stdout.splitlines()
    assert line.startswith("警告：活动.csv，第2行，“类型”列：“培训班”")
    assert "共2行（第2、3行）" in line
    assert line.endswith("（属屯溪区、市本级）")
    [english, _] = run(str(folder), "--lang", "en").stdout.splitlines()
    assert english.endswith(" (in 屯溪区, city level)")


@pytest.mark.parametrize(
    ("table", "header"), [("区县", "区县名称"), ("乡镇街道", "乡镇名称"), ("社区", "社区名称")]
)
def test_a_unit_table_whose_name_column_is_headed_otherwise_is_an_error_not_a_crash(
    tmp_path, table, header
):
    """区县名称 (乡镇名称, 社区名称) written for 名称: the two errors of the header, as
    loading gives them, and no crash comparing the units' names with the official table's."""
    tables = bureau.register()
    tables[table][0][bureau.column(tables[table], "名称")] = header
    folder = bureau.write(tmp_path / "台账", tables)
    result = run(str(folder))
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"错误：{table}.csv，第1行，“{header}”列：表头“{header}”不是已知的列，"
        "是否应为“名称”？（表中没有“名称”列；按自己加的列读，这一列的数据将不会被计入；"
        "如确是自己加的列，请改用不易混淆的名称）",
        f"错误：{table}.csv，第1行，“名称”列：缺少必需的列“名称”",
        f"{folder}：2个错误，0个警告",
    ]


def test_a_register_without_registration_is_one_warning_for_the_file(tmp_path):
    """A register that keeps no 登记状态 (an optional column): none of its five organizations
    counts by default, said once, at the header, in the user's words — not once for each
    district's rows, in a column “registration” the file does not have."""
    tables = bureau.register()
    at = bureau.column(tables["社区社会组织"], "登记状态")
    tables["社区社会组织"] = [row[:at] + row[at + 1 :] for row in tables["社区社会组织"]]
    folder = bureau.write(tmp_path / "台账", tables)
    result = run(str(folder))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "警告：社区社会组织.csv，第1行：5个社区社会组织都没有登记状态（表中没有“登记状态”列，"
        "或这一列是空的）：按民政统计口径只计登记、备案的组织，这些组织默认都不计入平均数等指标；"
        "请在“登记状态”列填写登记、备案或未登记；如要把未填写的也计入，请联系维护评估方案的同志调整口径",
        f"{folder}：0个错误，1个警告",
    ]
    english = run(str(folder), "--lang", "en").stdout.splitlines()[0]
    assert english == (
        "warning: 社区社会组织.csv, row 1: none of the table's 5 organizations have a "
        "registration (the table has no registration column, or it is empty): the measures "
        "count registered and filed organizations only, as civil-affairs statistics do, so "
        "none of them counts by default; fill in the column (登记状态: 登记, 备案 or 未登记); "
        "to count those without one too, ask whoever maintains the evaluation plan to change "
        "its reading"
    )


def test_a_register_without_its_communities_file_is_one_error_not_a_crash(tmp_path):
    """No 社区.csv (a file left out of the delivery), the organizations' dates in it one
    before 1949 (a warning placed by district, through the communities the file would
    give): the one error of the missing table, and the warning in 屯溪区, the district of
    the data its community's code 341002001001 is under; it crashed (internal error, exit
    4) placing the rows by district."""
    tables = bureau.register()
    del tables["社区"]
    tables["社区社会组织"][1][bureau.column(tables["社区社会组织"], "成立日期")] = "1900-01-01"
    folder = bureau.write(tmp_path / "台账", tables)
    result = run(str(folder))
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"错误：{folder}：缺少数据表“社区”",
        "警告：社区社会组织.csv，第2行，“成立日期”列：日期“1900-01-01”早于1949年10月1日，共1行（第2行），"
        "像是不知道日期时填的占位日期：请核对，填写实际日期（属屯溪区）",
        f"{folder}：1个错误，1个警告",
    ]


def test_a_row_naming_the_unit_it_means_belongs_to_that_units_district(tmp_path):
    """HS004's 所属社区 written as its community's name (新路街居委会, 341021100001 under
    徽城镇 in 歙县) and HD02's 所属单位 as an office (屯溪区民政局, of 341002): the rows are
    of no known unit, yet each problem names the unit meant — so each is that unit's
    district's to mend, on its sheet and with its name in the text (the office's message
    names 屯溪区 already), not the city's."""
    tables = bureau.register()
    tables["社区社会组织"][4][1] = "新路街居委会"
    tables["活动"][2][2] = "屯溪区民政局"
    book = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    lines = run(str(book)).stdout.splitlines()
    named = [line for line in lines if "新路街居委会" in line]
    assert len(named) == 1
    assert named[0].endswith("请写它的编号“341021100001”（属歙县）")
    office = [line for line in lines if "屯溪区民政局" in line]
    assert len(office) == 1
    assert office[0].endswith("请写它的编号“341002”")
    out = tmp_path / "问题清单.xlsx"
    assert run(str(book), "--format", "xlsx", "-o", str(out)).exit_code == 2
    assert sorted(_listed(out)) == [
        ("屯溪区", "所属单位", "屯溪区民政局"),
        ("歙县", "所属社区", "新路街居委会"),
    ]


def test_a_skipped_total_or_signature_row_names_no_unit_in_the_problem_list(tmp_path):
    """A 合计 row and a 审核人 line below 社区社会组织 (rows 7 and 8): each a warning, its
    text the 取值 — but neither is a unit's row, so 该行编号 and 该行名称 are empty, not
    “合计：5个” and “审核人：李建国”."""
    tables = bureau.register()
    width = len(tables["社区社会组织"][0])
    tables["社区社会组织"].append(["合计：5个", *[""] * (width - 1)])
    tables["社区社会组织"].append(["审核人：李建国", *[""] * (width - 1)])
    book = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    out = tmp_path / "问题清单.xlsx"
    assert run(str(book), "--format", "xlsx", "-o", str(out)).exit_code == 0
    sheets = openpyxl.load_workbook(io.BytesIO(out.read_bytes())).worksheets[1:]
    rows = [row for sheet in sheets for row in list(sheet.iter_rows(values_only=True))[2:]]
    assert [(r[2], r[4], r[6], r[7]) for r in rows] == [
        (7, "合计：5个", None, None),
        (8, "审核人：李建国", None, None),
    ]


def test_a_districts_subtotal_row_is_on_that_districts_list(tmp_path):
    """A register kept in blocks, one per district: ``屯溪区小计`` (row 5, after 屯溪区's three
    organizations), ``歙县 合计：`` (row 7), ``合计`` (row 9) and ``黄山市小计`` (row 10)
    skipped. The district's own subtotal is on its list — it is the district that mends its
    block — and the whole city's total is the city's; ``黄山市小计`` names no district of the
    data, so it is the city's too."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    width = len(rows[0])
    blank = [""] * (width - 1)
    rows.insert(4, ["屯溪区小计", *blank])
    rows.insert(6, ["歙县 合计：", *blank])
    rows.append(["合计", *blank])
    rows.append(["黄山市小计", *blank])
    checkup = scoplan.check(bureau.write(tmp_path / "台账", tables))
    placed = [(p.code, p.row, d) for p, d in zip(checkup.problems, checkup.districts, strict=True)]
    assert placed == [
        ("total_row", 5, "341002"),
        ("total_row", 7, "341021"),
        ("total_row", 9, None),
        ("total_row", 10, None),
    ]


def test_an_official_code_no_unit_has_is_on_the_list_of_the_district_it_names(tmp_path):
    """HS004's 所属社区 341021100009 (row 5) is no community of the data, but its first nine
    digits are 徽城镇 (341021100) of 歙县: 歙县's to mend, on its list. 341099100009 (row 6,
    HS005) begins with no township or district of the data: the city's."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[4][1] = "341021100009"
    rows[5][1] = "341099100009"
    checkup = scoplan.check(bureau.write(tmp_path / "台账", tables))
    placed = [(p.code, p.row, d) for p, d in zip(checkup.problems, checkup.districts, strict=True)]
    assert placed == [("unknown_ref", 5, "341021"), ("unknown_ref", 6, None)]


def test_a_rows_problems_are_all_on_the_list_its_code_placed(tmp_path):
    """HS004 (row 5) names a community no unit has, 341021100009 — 歙县's by its digits —
    and its 成立日期 is no date: both problems of the row are on 歙县's list, not one there
    and the other the city's."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[4][1] = "341021100009"
    rows[4][bureau.column(rows, "成立日期")] = "2022-13-45"
    checkup = scoplan.check(bureau.write(tmp_path / "台账", tables))
    placed = {(p.code, p.row, d) for p, d in zip(checkup.problems, checkup.districts, strict=True)}
    assert placed == {("unknown_ref", 5, "341021"), ("no_such_date", 5, "341021")}


def test_a_districts_sheet_gives_each_rows_township(tmp_path):
    """A township clerk finds their rows by the 乡镇（街道） column of the district's sheet:
    HS001's founding day (社区社会组织 row 2: 荷花池, of 昱东街道), 昱东街道's own kind
    (乡镇街道 row 2), HS004's community 341021100099 that no unit has (row 5: its digits
    are 徽城镇's), an event of 徽城镇 itself on no date (活动 row 4), and a community's kind
    (社区 row 5: 问政村, of 徽城镇). The city's centre (平台与制度 row 2) is of no township:
    the city's sheet has no such column. The JSON gives them too."""
    tables = bureau.register()
    orgs = tables["社区社会组织"]
    founded = bureau.column(orgs, "成立日期")
    orgs[1][founded] = "2022-02-30"
    orgs[4][1] = "341021100099"
    tables["乡镇街道"][1][3] = "街"
    tables["社区"][4][3] = "不详"
    tables["活动"].append(["HD03", "培训", "341021100", "徽城镇培训", "2022-13-01"])
    tables["平台与制度"][1][4] = "去年"
    book = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    out = tmp_path / "问题清单.xlsx"
    assert run(str(book), "--format", "xlsx", "-o", str(out)).exit_code == 2
    sheets = openpyxl.load_workbook(out)
    headers = {
        s.title: next(s.iter_rows(min_row=2, values_only=True)) for s in sheets.worksheets[1:]
    }
    assert headers["屯溪区"][-1] == headers["歙县"][-1] == "乡镇（街道）"
    assert "乡镇（街道）" not in headers["市本级及整体"]
    listed = _sheets(out)
    assert sorted((r[1], r[2], r[8]) for r in listed["屯溪区"]) == [
        ("台账.xlsx中的“乡镇街道”", 2, "昱东街道"),
        ("台账.xlsx中的“社区社会组织”", 2, "昱东街道"),
    ]
    assert sorted((r[1], r[2], r[8]) for r in listed["歙县"]) == [
        ("台账.xlsx中的“活动”", 4, "徽城镇"),
        ("台账.xlsx中的“社区”", 5, "徽城镇"),
        ("台账.xlsx中的“社区社会组织”", 5, "徽城镇"),
    ]
    assert [(r[1], r[2]) for r in listed["市本级及整体"]] == [("台账.xlsx中的“平台与制度”", 2)]
    problems = json.loads(run(str(book), "--format", "json").stdout)["problems"]
    found = {(p["table"], p["row"], p["township_id"], p["township"]) for p in problems}
    assert ("organizations", 2, "341002001", "昱东街道") in found
    assert ("establishments", 2, None, None) in found
    english = openpyxl.load_workbook(
        io.BytesIO(_written(book, tmp_path / "en.xlsx", "--lang", "en"))
    )
    assert next(english["歙县"].iter_rows(min_row=2, values_only=True))[-1] == "Township"
    # the file as a sentence names it in Chinese; in English as it is
    assert next(english["歙县"].iter_rows(min_row=3, values_only=True))[1].startswith("台账.xlsx: ")


def _written(data, out, *args: str) -> bytes:
    """The problem list of ``data`` written to ``out``: its bytes."""
    assert run(str(data), "--format", "xlsx", "-o", str(out), *args).exit_code == 2
    return out.read_bytes()


def _one_district(tables: dict[str, bureau.Rows]) -> dict[str, bureau.Rows]:
    """The register without 歙县 (341021) and its units: 屯溪区's alone."""
    keep = {"区县": 0, "乡镇街道": 1, "社区": 1, "社区社会组织": 1, "平台与制度": 2, "活动": 2}
    return {
        name: [rows[0], *(r for r in rows[1:] if not r[keep[name]].startswith("341021"))]
        for name, rows in tables.items()
    }


def test_a_register_of_one_district_says_no_district_on_each_line(tmp_path):
    """屯溪区's own register (a district bureau's: its one district): HS001's founding day
    and HS002's served “老人” — no line ends in （属屯溪区）, which every line would say; the
    register of two districts still says it (above)."""
    tables = _one_district(bureau.register())
    orgs = tables["社区社会组织"]
    orgs[1][bureau.column(orgs, "成立日期")] = "2022-02-30"
    orgs[2][bureau.column(orgs, "服务对象")] = "老人"
    folder = bureau.write(tmp_path / "台账", tables)
    lines = run(str(folder)).stdout.splitlines()
    assert lines[0].startswith("错误：社区社会组织.csv，第2行，“成立日期”列：")
    assert lines[1].startswith("警告：社区社会组织.csv，第3行，“服务对象”列：“老人”")
    assert not any("属屯溪区" in line for line in lines)
    english = run(str(folder), "--lang", "en").stdout.splitlines()
    assert not any("(in 屯溪区)" in line for line in english)
    assert lines[2] == f"{folder}：1个错误，1个警告"


DISTRICT_PLAN = """
id = "tunxi"
title = "屯溪区培育发展社区社会组织行动计划"
version = "1"
start = 2023-01-01
end = 2023-12-31

[area]
name = "屯溪区"
code_prefix = "341002"

[[milestones]]
id = "urban-2023"
target = "urban-average"
due = 2023-12-31
params = { threshold = 1 }
"""
"""A district bureau's plan: its area is 屯溪区 alone (区本级, 全区 in its reports)."""


def test_with_a_districts_plan_the_city_sheet_is_in_the_areas_words(tmp_path):
    """With 屯溪区's plan, the sheet of whole files and the level above the townships is
    区本级及整体 (the plan's reports say 区本级), in 汇总 too; with the city's plan and
    without a plan, 市本级及整体; in English, District level and whole files."""
    tables = bureau.register()
    tables["平台与制度"][1][4] = "去年"  # the city's row: a problem of the sheet
    folder = bureau.write(tmp_path / "台账", tables)
    plan = tmp_path / "屯溪区计划.toml"
    plan.write_text(DISTRICT_PLAN, "utf-8")
    city_plan = tmp_path / "黄山市计划.toml"
    city_plan.write_text(bureau.AREA_PLAN, "utf-8")

    def sheets(*args: str) -> tuple[list[str], list]:
        out = tmp_path / "问题清单.xlsx"
        book = openpyxl.load_workbook(io.BytesIO(_written(folder, out, *args)))
        summary = [row[0] for row in book.worksheets[0].iter_rows(min_row=3, values_only=True)]
        return book.sheetnames, summary

    names, summary = sheets("--plan", str(plan))
    assert names == ["汇总", "区本级及整体"]  # (no district's rows have a problem)
    assert summary == ["屯溪区", "歙县", "区本级及整体"]
    assert sheets("--plan", str(city_plan))[0][-1] == "市本级及整体"
    assert sheets()[0][-1] == "市本级及整体"
    assert sheets("--plan", str(plan), "--lang", "en")[0][-1] == "District level and whole files"


# -- the problem list as a section chief reads it ---------------------------------------------


def test_each_sheet_says_above_its_header_which_register_was_checked_and_when(flawed):
    """A title row (the register's folder name, the day checked) above each sheet's header:
    the header is the row frozen and filtered on, the rows below it."""
    from scoplan import problem_list

    checkup = scoplan.check(flawed)
    made = problem_list.as_workbook(checkup, "zh", checked=dt.date(2024, 12, 15))
    book = openpyxl.load_workbook(io.BytesIO(made))
    for sheet in book.worksheets:
        assert sheet["A1"].value == "台账的问题清单（2024年12月15日检查）"
        assert sheet.freeze_panes == "A3"
    assert book["汇总"]["A2"].value == "区县"
    assert book["汇总"].auto_filter.ref == "A2:C5"  # the header and 3 districts' rows
    assert book["歙县"].auto_filter.ref == "A2:I4"  # the header and 2 problems
    assert [c.value for c in book["歙县"][2]][:2] == ["类别", "文件"]
    english = openpyxl.load_workbook(
        io.BytesIO(problem_list.as_workbook(checkup, "en", checked=dt.date(2024, 12, 15)))
    )
    assert english["Summary"]["A1"].value == "Problems of 台账, checked 2024-12-15"
    # from the command, today's date
    out = flawed.parent / "问题清单.xlsx"
    run(str(flawed), "--format", "xlsx", "-o", str(out))
    today = dt.date.today()
    title = f"台账的问题清单（{today.year}年{today.month}月{today.day}日检查）"
    assert openpyxl.load_workbook(out)["屯溪区"]["A1"].value == title


def test_an_organization_entered_twice_shows_its_name_and_township(tmp_path):
    """HS001 (荷花池志愿服务队, of 荷花池社区 under 昱东街道) entered again as HS901: the row
    of the problem list shows the name the two rows share, not the id, and 昱东街道."""
    tables = bureau.register()
    orgs = tables["社区社会组织"]
    orgs.append(["HS901", *orgs[1][1:]])
    folder = bureau.write(tmp_path / "台账", tables)
    out = tmp_path / "问题清单.xlsx"
    run(str(folder), "--format", "xlsx", "-o", str(out))
    [row] = _sheets(out)["屯溪区"]
    assert (row[2], row[3], row[4], row[6], row[8]) == (
        2,
        "名称",
        "荷花池志愿服务队",
        "HS001",
        "昱东街道",
    )


def test_a_community_code_a_digit_off_is_its_districts_with_the_code_meant(tmp_path):
    """所属社区 a digit short: HS004's 341021100001 (新路街居委会) written 34102110001 could
    be 341021100001 or 341021100201 (问政村村委会), but 新路街助老队 names 新路街: that one,
    filed under 歙县 and 徽城镇. HS002 renamed 邻里守望队 with 34100200100: 341002001001 or
    341002001002, both named, under 屯溪区 and 昱东街道. HS003's 34100299999 is near no code:
    屯溪区's all the same (its first 6 digits), its township untold."""
    tables = bureau.register()
    orgs = tables["社区社会组织"]
    community, name = bureau.column(orgs, "所属社区"), bureau.column(orgs, "名称")
    orgs[4][community] = "34102110001"
    orgs[2][community], orgs[2][name] = "34100200100", "邻里守望队"
    orgs[3][community] = "34100299999"
    folder = bureau.write(tmp_path / "台账", tables)
    out = tmp_path / "问题清单.xlsx"
    run(str(folder), "--format", "xlsx", "-o", str(out))
    sheets = _sheets(out)
    assert "市本级及整体" not in sheets
    [she] = sheets["歙县"]
    assert (she[2], she[4], she[8]) == (5, "34102110001", "徽城镇")
    assert she[5].endswith(
        "“34102110001”在社区中不存在，像是少了或多了一位数字：是否应为“341021100001”（新路街居委会）？"
    )
    tunxi = sheets["屯溪区"]
    assert [(r[2], r[4], r[8]) for r in tunxi] == [
        (3, "34100200100", "昱东街道"),
        (4, "34100299999", None),
    ]
    assert tunxi[0][5].endswith(
        "是否应为“341002001001”（荷花池社区居委会）、“341002001002”（上新社区居委会）之一？"
    )
    assert tunxi[1][5].endswith("“34100299999”在社区中不存在")
    english = run(str(folder), "--lang", "en").stdout
    assert "did you mean 341021100001 (新路街居委会)?" in english.lower()


def _placed(checkup) -> dict[str | None, int]:
    """How many problems each district of a checkup has (the lines' counts included)."""
    from scoplan.checkup import how_many

    return {d: how_many(ps) for d, ps in checkup.by_district().items()}


def test_a_row_goes_to_the_same_district_whatever_else_is_wrong(tmp_path):
    """A 芜湖 trial: HS004 and HS005 (rows 5 and 6) name communities no unit has,
    341021100009 and 341021100010 — 歙县's by their first digits. Alone they are on 歙县's
    list; after 205 organizations (rows 5 to 209, HS004 and HS005 now rows 210 and 211)
    whose community 341099100001 begins with no unit of the data (the city's), they still
    are: 200 of the city's listed and a line counting its 5 others, 歙县's 2 on its own list
    — they were counted in the city's line, 歙县 with none."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[4][1] = "341021100009"
    rows[5][1] = "341021100010"
    alone = scoplan.check(bureau.write(tmp_path / "少", tables))
    assert _placed(alone) == {"341021": 2}
    ours = [p.row for p, d in zip(alone.problems, alone.districts, strict=True) if d]
    assert ours == [5, 6]
    last = rows[4:]
    rows[4:] = [_organization(n, "341099100001", "2022-04-25") for n in range(205)] + last
    checkup = scoplan.check(bureau.write(tmp_path / "多", tables))
    assert _placed(checkup) == {"341021": 2, None: 205}
    ours = [p.row for p, d in zip(checkup.problems, checkup.districts, strict=True) if d]
    assert ours == [210, 211]


def test_a_hierarchy_row_with_a_broken_reference_is_still_its_codes_district(tmp_path):
    """昱东街道's 所属区县 written 屯溪 (乡镇街道.csv row 2), no district of the data, and
    新路街居委会's 所属乡镇街道 徽城 (社区.csv row 4), no township: the township is 屯溪区's by
    its code 341002001, the community 歙县's by its code's township 341021100, and so are
    the rows under them — HS001's founding day 2022-13-45 (row 2, of 荷花池社区 of 昱东街道)
    on 屯溪区's list, HS004's (row 5, of 新路街) on 歙县's; no sheet named 屯溪, nothing
    the city's."""
    tables = bureau.register()
    tables["乡镇街道"][1][1] = "屯溪"
    tables["社区"][3][1] = "徽城"
    rows = tables["社区社会组织"]
    founded = bureau.column(rows, "成立日期")
    rows[1][founded] = rows[4][founded] = "2022-13-45"
    checkup = scoplan.check(bureau.write(tmp_path / "台账", tables))
    placed = {(p.table, p.row, d) for p, d in zip(checkup.problems, checkup.districts, strict=True)}
    assert placed == {
        ("districts", 2, "341002"),  # 屯溪区 has no township (its only one is filed under 屯溪)
        ("townships", 2, "341002"),
        ("communities", 4, "341021"),
        ("organizations", 2, "341002"),
        ("organizations", 5, "341021"),
    }


def test_a_row_naming_its_unit_keeps_its_district_past_the_citys_cap(tmp_path):
    """HS004's 所属社区 written 新路街居委会 (row 5), the name of 歙县's 341021100001: on 歙县's
    list alone, and still after 205 organizations of no unit of the data (rows 5 to 209,
    HS004 now row 210) — it was the 206th of the rows of no district, counted in the city's
    line, 歙县 with nothing to mend."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[4][1] = "新路街居委会"
    alone = scoplan.check(bureau.write(tmp_path / "少", tables))
    assert _placed(alone) == {"341021": 1}
    last = rows[4:]
    rows[4:] = [_organization(n, "341099100001", "2022-04-25") for n in range(205)] + last
    checkup = scoplan.check(bureau.write(tmp_path / "多", tables))
    assert _placed(checkup) == {"341021": 1, None: 205}
    ours = [(p.code, p.row) for p, d in zip(checkup.problems, checkup.districts, strict=True) if d]
    assert ours == [("ref_is_name", 210)]
