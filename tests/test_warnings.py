"""Warnings: what a register gets wrong without being invalid is said, never dropped quietly.

Each case is a slip a bureau made (issue 13), on a register written as a bureau writes it
(GB18030, Chinese headers and codes, official division codes: ``tests/bureau.py``). The
expected warnings are worked out by hand from the rows the test changes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import bureau
import docx
import hypothesis
import openpyxl
import polars as pl
import pytest
from builders import community, district, township
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import scoplan
from scoplan._exceptions import Problem
from scoplan.cli import main
from scoplan.i18n import CATALOGUES, describe_problem
from scoplan.testing import build_dataset
from scoplan.warning_checks import nearest_code

PLAN = "mca-2017-floor"
"""A bundled plan that needs no particular district: it judges each district of the data."""


def load(
    tmp_path: Path, tables: dict[str, bureau.Rows] | None = None, **options
) -> scoplan.Dataset:
    """The register (changed as ``tables`` says) loaded from a bureau's CSV folder."""
    return scoplan.load(bureau.write(tmp_path / "台账", tables), **options)


def evaluate(folder: Path, *args: str):
    """``scoplan evaluate FOLDER --plan mca-2017-floor ARGS`` with stdout and stderr apart."""
    runner = CliRunner()
    return runner.invoke(
        main, ["evaluate", str(folder), "--plan", PLAN, "--as-of", "2023-12-31", *args]
    )


def test_a_clean_register_has_no_warning(tmp_path):
    """The register as the bureau keeps it, and the bundled example, warn of nothing."""
    assert load(tmp_path).warnings == ()
    assert scoplan.load(scoplan.example_path()).warnings == ()


def test_the_plans_own_wording_for_a_kind_is_a_warning_with_the_nearest_code(tmp_path):
    """Two districts' centres written 社会组织培育发展服务中心 (the plan's words): one warning
    for the value, counting both rows, from the first (row 3), naming 培育发展服务中心."""
    tables = bureau.register()
    kind = bureau.column(tables["平台与制度"], "类型")
    for row in tables["平台与制度"][2:4]:  # PT02 and PT03, spreadsheet rows 3 and 4
        row[kind] = "社会组织培育发展服务中心"
    [warning] = load(tmp_path, tables).warnings
    assert warning.is_warning
    assert (warning.code, warning.table, warning.column) == (
        "unknown_code_near",
        "establishments",
        "kind",
    )
    assert (warning.source, warning.row, warning.value) == (
        "平台与制度.csv",
        3,
        "社会组织培育发展服务中心",
    )
    assert warning.params["count"] == 2
    assert warning.params["rows"] == "3, 4"
    assert warning.params["suggestion"] == "service_centre"
    zh = describe_problem(warning, "zh")
    assert "平台与制度.csv" in zh
    assert "第3行" in zh
    assert "是否应为“培育发展服务中心”？" in zh
    assert "service_centre" not in zh  # a code is not a word of the bureau's (issue 15)
    assert "did you mean 'service_centre'?" in describe_problem(warning, "en")


def test_an_unknown_group_in_a_list_is_a_warning(tmp_path):
    """服务对象 ``老年人、外籍人士``: 老年人 is a code, 外籍人士 is not, and nothing is near it."""
    tables = bureau.register()
    serves = bureau.column(tables["社区社会组织"], "服务对象")
    tables["社区社会组织"][2][serves] = "老年人、外籍人士"  # HS002, row 3
    [warning] = load(tmp_path, tables).warnings
    assert (warning.code, warning.column, warning.value, warning.row) == (
        "unknown_code",
        "serves",
        "外籍人士",
        3,
    )
    assert warning.params["count"] == 1


def test_a_community_filed_under_the_wrong_township_is_a_warning(tmp_path):
    """荷花池社区 (341002001001) filed under 徽城镇 (341021100): its code says 昱东街道; the
    message names both townships, not the one it is filed under by its code alone."""
    tables = bureau.register()
    tables["社区"][1][1] = "341021100"
    data = load(tmp_path, tables)
    [warning] = data.warnings
    assert (warning.code, warning.source, warning.row, warning.column, warning.value) == (
        "parent_code",
        "社区.csv",
        2,
        "township_id",
        "341021100",
    )
    assert warning.params == {
        "id": "341002001001",
        "points": "341002001",
        "points_name": "昱东街道",
        "filed": "'徽城镇' (341021100)",
        "filed_zh": "“徽城镇”（341021100）",
        "header": "所属乡镇街道",
    }
    # both townships by name: the one its code says and the one it is filed under
    assert describe_problem(warning, "zh") == (
        "社区.csv，第2行，“所属乡镇街道”列：编号“341002001001”按统计用区划代码属于“昱东街道”"
        "（341002001），却登记在“徽城镇”（341021100）之下，请核对"
    )
    assert describe_problem(warning, "en").endswith(
        "but the row is filed under '徽城镇' (341021100): check it"
    )


def test_a_township_under_another_district_and_a_code_pointing_nowhere(tmp_path):
    """徽城镇 (341021100) filed under 屯溪区 points to 歙县; a community coded 341099999001
    under 昱东街道 points to a township the data lacks: no official code, which its warning
    says, and its parent is not checked again."""
    tables = bureau.register()
    tables["乡镇街道"][2][1] = "341002"
    tables["社区"].append(["341099999001", "341002001", "新社区", "城市社区"])
    warnings = load(tmp_path, tables).warnings
    assert [(w.source, w.code, w.params.get("points")) for w in warnings] == [
        ("乡镇街道.csv", "parent_code", "341021"),
        ("区县.csv", "district_without_townships", None),  # 歙县, its one township moved
        # its warning of no official code says what the table says of it: no parent check
        ("社区.csv", "official_code_community", None),
    ]
    assert warnings[0].params["points_name"] == "歙县"


def test_ids_that_are_not_official_codes_are_not_judged():
    """Ids such as ``T1`` and ``C1`` are not division codes: no warning whatever the parent."""
    data = build_dataset(
        districts=[district("D1"), district("341002")],
        townships=[township("T1", "341002")],
        communities=[community("C1", "T1"), community("341021100001", "T1")],
    )
    assert data.warnings == ()


COUNTY_CODE = r"34[0-9]{2}(?:0[1-9]|[1-9][0-9])"
"""A county-level code: none ends in 00, which is a city's own code (341000, warned of as
the city filed as a district)."""


@hypothesis.settings(max_examples=60, deadline=None)
@given(
    district_code=st.from_regex(COUNTY_CODE, fullmatch=True),
    suffix=st.from_regex(r"[0-9]{3}", fullmatch=True),
    parent=st.from_regex(COUNTY_CODE, fullmatch=True),
)
def test_a_township_warns_exactly_when_its_code_does_not_start_with_its_district(
    district_code, suffix, parent
):
    """For official 6- and 9-digit codes, a warning iff the township's code does not begin
    with its district's; the warning points to the district its code names."""
    code = district_code + suffix
    districts = [district(parent)] + ([district(district_code)] if district_code != parent else [])
    data = build_dataset(
        districts=districts,
        townships=[township(code, parent)],
        communities=[community(code + "001", code)],
    )
    mismatch = not code.startswith(parent)
    hypothesis.event(f"mismatch={mismatch}")
    # (a code the official table lacks is said by its digits: parent_code_digits)
    assert [w.code[:11] for w in data.warnings] == (["parent_code"] if mismatch else [])
    if mismatch:
        assert data.warnings[0].params["points"] == district_code


def test_a_founding_date_in_the_future_is_a_warning(tmp_path):
    """An organization founded 2032-08-08 (a slip for 2022) is named, row and column."""
    tables = bureau.register()
    founded = bureau.column(tables["社区社会组织"], "成立日期")
    tables["社区社会组织"][5][founded] = "2032-08-08"  # HS005, row 6
    [warning] = load(tmp_path, tables).warnings
    assert (warning.code, warning.row, warning.column, warning.value) == (
        "future_date",
        6,
        "founded",
        "2032-08-08",
    )
    # in a Chinese message both days as a Chinese document writes them, in English ISO
    today = dt.date.today()
    assert describe_problem(warning, "zh").endswith(
        f"日期“2032年8月8日”晚于今天（{today.year}年{today.month}月{today.day}日），请核对"
    )
    assert describe_problem(warning, "en").endswith(
        f"the date 2032-08-08 is after today ({today.isoformat()}): check it"
    )


def test_future_dates_past_200_are_counted_as_a_warning(tmp_path):
    """203 organizations added, each founded 2032-08-08 (rows 7 to 209): 200 warnings name
    their rows (7 to 206), and one more warning counts the last 3 — they were dropped
    without a word."""
    tables = bureau.register()
    orgs = tables["社区社会组织"]
    for n in range(203):
        row = list(orgs[1])
        row[0], row[bureau.column(orgs, "成立日期")] = f"HX{n:03d}", "2032-08-08"
        orgs.append(row)
    warnings = load(tmp_path, tables).warnings
    assert [w.row for w in warnings if w.code == "future_date"] == list(range(7, 207))
    [more] = [w for w in warnings if w.code == "more"]
    assert (more.severity, more.column, more.params["count"]) == ("warning", "founded", 3)
    assert describe_problem(more, "zh").endswith("……另有 3 处同类问题")


def test_strict_makes_warnings_errors(tmp_path):
    """With ``strict`` the register is refused: a DataError whose problem is the warning's,
    now an error."""
    tables = bureau.register()
    tables["社区"][1][1] = "341021100"
    with pytest.raises(scoplan.DataError) as raised:
        load(tmp_path, tables, strict=True)
    [problem] = raised.value.problems
    assert (problem.code, problem.severity) == ("parent_code", "error")


def test_a_data_error_also_carries_the_warnings(tmp_path):
    """A register with an error and a slip: the DataError has the error among its problems
    and the warning among its warnings, so that one run shows everything."""
    tables = bureau.register()
    tables["社区"][1][1] = "341021100"
    tables["社区社会组织"][1][4] = "2022-13-01"  # HS001's founding day does not exist
    with pytest.raises(scoplan.DataError) as raised:
        load(tmp_path, tables)
    assert [(p.code, p.severity) for p in raised.value.problems] == [("no_such_date", "error")]
    assert [(p.code, p.severity) for p in raised.value.warnings] == [("parent_code", "warning")]


@pytest.fixture
def slipped(tmp_path) -> Path:
    """The register with two slips: a centre's kind in the plan's words (row 3), and
    荷花池社区 under 徽城镇 (row 2). (Its last date, an event's on 2022-09-01, is 486 days
    before the day judged: a third warning, the report's own.)"""
    tables = bureau.register()
    tables["平台与制度"][2][1] = "社会组织培育发展服务中心"
    tables["社区"][1][1] = "341021100"
    return bureau.write(tmp_path / "台账", tables)


def test_cli_says_warnings_on_stderr_and_strict_refuses(slipped):
    """The CLI prints each warning on standard error (警告:), evaluates all the same, and
    with --strict exits 2 with them as errors."""
    result = evaluate(slipped, "--format", "json")
    assert result.exit_code in (0, 1)
    warned = [line for line in result.stderr.splitlines() if line.startswith("警告：")]
    assert len(warned) == 3
    assert warned[0].startswith("警告：平台与制度.csv，第3行")
    assert warned[2].startswith("警告：活动.csv：数据中最晚的日期是2022年9月1日")
    assert json.loads(result.stdout)["summary"]
    strict = evaluate(slipped, "--strict")
    assert strict.exit_code == 2
    # (the data's own two: loading refuses it before the report's is told)
    assert len([line for line in strict.stderr.splitlines() if line.startswith("错误：")]) == 2


def test_every_report_carries_the_warnings(slipped, tmp_path):
    """JSON lists them with where and both languages; text, Markdown and HTML have a
    section; the workbook a sheet with a row each."""
    out = tmp_path / "reports"
    result = evaluate(slipped, "--format", "json,text,markdown,html,xlsx", "-o", str(out))
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [(w["code"], w["source"], w["row"], w["column"]) for w in report["warnings"]] == [
        ("unknown_code_near", "平台与制度.csv", 3, "kind"),
        ("parent_code", "社区.csv", 2, "township_id"),
        ("stale_data", "活动.csv", None, None),
    ]
    assert "培育发展服务中心" in report["warnings"][0]["message_zh"]
    assert "did you mean" in report["warnings"][0]["message"]
    for name in ("report.txt", "report.md", "report.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "数据警告(3条" in text.replace("（", "(")
        assert "昱东街道" in text
    book = openpyxl.load_workbook(io.BytesIO((out / "report.xlsx").read_bytes()))
    sheet = book["数据警告"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("文件", "数据表", "行", "列", "取值", "说明")
    assert [r[:5] for r in rows[1:]] == [
        ("平台与制度.csv", "平台与制度", 3, "类型", "社会组织培育发展服务中心"),
        ("社区.csv", "社区", 2, "所属乡镇街道", "341021100"),
        ("活动.csv", "活动", None, None, None),
    ]


def test_a_code_a_plugin_registers_is_known_and_its_alias_read_as_it(tmp_path):
    """A plugin registers ``elder_canteen`` (alias 老年助餐点): a platform of that kind, in
    either spelling, warns of nothing and is stored as the code."""
    from scoplan import Code, Text, hookimpl

    class Canteens:
        @hookimpl
        def scoplan_register_codes(self, register):
            register(
                Code(
                    "establishments",
                    "kind",
                    "elder_canteen",
                    Text("老年食堂", "Canteen"),
                    ("老年助餐点",),
                )
            )

    registry = scoplan.load_registry(
        scoplan.get_plugin_manager(entry_points=False, extra=[Canteens()])
    )
    tables = bureau.register()
    tables["平台与制度"] += [
        ["PT04", "elder_canteen", "341002001", "昱东食堂", "2022-01-01", ""],
        ["PT05", "老年助餐点", "341002001", "昱东助餐点", "2022-01-01", ""],
    ]
    data = load(tmp_path, tables, registry=registry)
    assert data.warnings == ()
    kinds = data.frame("establishments").get_column("kind").to_list()
    assert kinds[-2:] == ["elder_canteen", "elder_canteen"]


def test_a_code_for_a_closed_list_is_a_plugin_failure():
    """Registering a code for ``registration`` (a closed list) fails the plugin, naming the
    open lists."""
    from scoplan import Code, Text, hookimpl

    class Wrong:
        @hookimpl
        def scoplan_register_codes(self, register):
            register(Code("organizations", "registration", "pending", Text("待定", "Pending")))

    registry = scoplan.load_registry(
        scoplan.get_plugin_manager(entry_points=False, extra=[Wrong()])
    )
    [failure] = registry.failures
    assert "establishments.kind" in str(failure)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("社会组织培育发展服务中心", "service_centre"),  # holds an alias
        ("培育发展中心", "service_centre"),  # close to one
        ("service centre", "service_centre"),  # the code, spelt with a space
        ("篮球场", None),  # nothing near
    ],
)
def test_nearest_code(value, expected):
    """The nearest code is one whose spelling the value holds, else a close one, else none."""
    from scoplan.schema import ESTABLISHMENT_KINDS

    assert nearest_code(value, ESTABLISHMENT_KINDS) == expected


def test_warning_problems_render_in_both_languages():
    """Every warning code has a Chinese and an English message (no key shown as itself)."""
    params = {"count": 2, "rows": "3, 4", "suggestion": "x", "today": "2026-01-01"}
    params |= {"id": "341002001001", "points": "341002001", "points_name": "昱东街道"}
    for code in ("unknown_code", "unknown_code_near", "future_date", "parent_code"):
        for lang in ("zh", "en"):
            text = describe_problem(Problem(code, "f.csv", value="v", params=params), lang)
            assert f"problem.{code}" not in text


def test_a_placeholder_founding_date_is_one_warning_with_its_rows(tmp_path):
    """成立日期 1900-01-01 in HS001, HS003 and HS005 (rows 2, 4, 6): one warning for the
    value, counting the three rows from the first; 1949-10-01 itself and 1950 are dates."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    founded = bureau.column(rows, "成立日期")
    for row, day in zip(
        rows[1:],
        ["1900-01-01", "1949-10-01", "1900/1/1", "1950-05-04", "1900年1月1日"],
        strict=True,
    ):
        row[founded] = day
    [warning] = load(tmp_path, tables).warnings
    assert (warning.code, warning.source, warning.row, warning.column) == (
        "early_date",
        "社区社会组织.csv",
        2,
        "founded",
    )
    assert (warning.value, warning.params["count"], warning.params["rows"]) == (
        "1900-01-01",
        3,
        "2, 4, 6",
    )
    zh = describe_problem(warning, "zh")
    assert "日期“1900-01-01”早于1949年10月1日，共3行（第2、4、6行）" in zh


@pytest.mark.parametrize(
    ("city", "said"),
    [
        ("", "它的“市”列为空"),
        ("黄山", "它的“市”列写作“黄山”"),
        ("安徽省黄山市", "它的“市”列写作“安徽省黄山市”"),
        ("黄山 市", "它的“市”列写作“黄山 市”"),
        ("黄山市民政局", "它的“市”列写作“黄山市民政局”"),
    ],
)
def test_a_district_of_its_own_id_outside_the_plans_area_is_warned_of(tmp_path, city, said):
    """A zone with an id of the bureau's own (HSGX) and 市 blank or naming 黄山市 otherwise: a
    plan of 黄山市 (area 黄山市, codes 3410…) leaves it out, and the report says so; 瑶海区 of
    合肥市 (340102) is another city's, and is not warned of."""
    tables = bureau.register()
    tables["区县"] += [["HSGX", "黄山高新区", "开发区", city], ["340102", "瑶海区", "区", "合肥市"]]
    data = load(tmp_path, tables)
    plan = scoplan.parse_plan(bureau.AREA_PLAN)
    report = scoplan.evaluate(data, plan, dt.date(2023, 12, 31))
    [warning] = [w for w in report.warnings if w.code == "outside_area"]
    assert (warning.table, warning.column, warning.value) == ("districts", "city", "HSGX")
    assert f"区县“黄山高新区”（HSGX）不在计划的范围黄山市内：{said}" in warning.message_zh
    assert "“市”列" in warning.message_zh


def _write_as(form: str, tmp_path: Path, tables: dict[str, bureau.Rows]) -> Path:
    """The register as a CSV folder, a workbook (a title row merged across 区县) or a JSON
    document (its 区县 without the title row: a JSON list has none)."""
    if form == "csv":
        return bureau.write(tmp_path / "台账", tables)
    if form == "xlsx":
        return bureau.write_workbook(tmp_path / "台账.xlsx", tables, merged={"区县": "A1:D1"})
    rows = {name: table[1:] if name == "区县" else table for name, table in tables.items()}
    document = {
        name: [dict(zip(t[0], row, strict=True)) for row in t[1:]] for name, t in rows.items()
    }
    path = tmp_path / "台账.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    return path


@pytest.mark.parametrize(
    ("form", "where_zh", "where_en"),
    [
        ("csv", "区县.csv，第5行", "区县.csv, row 5"),
        ("xlsx", "台账.xlsx中的“区县”，第5行", "台账.xlsx: 区县, row 5"),
        ("json", "台账.json中的“区县”，第2项", "台账.json: 区县, item 2"),
    ],
)
def test_the_outside_area_warning_names_the_file_and_row_to_mend(
    tmp_path, form, where_zh, where_en
):
    """HSGX below a title row (黄山市区县名册), the header (row 2), 屯溪区 and 歙县 (rows 3,
    4): row 5 of 区县.csv and of the sheet 区县 — item 2 of a JSON document's list, which
    has no title — named as every other problem of a row is, not the data's folder; its 市
    column named by the header as the bureau wrote it (市（填全称）)."""
    tables = bureau.register()
    tables["区县"][0][3] = "市（填全称）"
    tables["区县"].insert(0, ["黄山市区县名册（2023年）", "", "", ""])
    tables["区县"].append(["HSGX", "黄山高新区", "开发区", "黄山"])
    data = scoplan.load(_write_as(form, tmp_path, tables))
    report = scoplan.evaluate(data, scoplan.parse_plan(bureau.AREA_PLAN), dt.date(2023, 12, 31))
    [warning] = [w for w in report.warnings if w.code == "outside_area"]
    assert warning.source == where_en.split(", ")[0]
    assert warning.row == int(where_en.rsplit(" ", 1)[1])
    assert warning.message_zh.startswith(
        f"{where_zh}，“市（填全称）”列：区县“黄山高新区”（HSGX）不在计划的范围黄山市内："
        "它的“市（填全称）”列写作“黄山”"
    )
    assert warning.message.startswith(f"{where_en}, column 市（填全称）: the district")
    assert "请在“市（填全称）”列写“黄山市”" in warning.message_zh


def test_a_returns_outside_area_warning_names_the_return_and_its_row(tmp_path):
    """A folder of returns: 屯溪区's CSV folder, then 歙县.xlsx, whose 区县 sheet has a title
    row and HSGX in row 5 — the third district of the merged table, but the bureau mends
    歙县.xlsx's sheet 区县, row 5."""
    folder = tmp_path / "returns"
    bureau.write(folder / "屯溪区")
    tables = bureau.register()
    tables["区县"].insert(0, ["歙县区县名册", "", "", ""])
    tables["区县"].append(["HSGX", "黄山高新区", "开发区", ""])
    bureau.write_workbook(folder / "歙县.xlsx", tables)
    data = scoplan.load(folder)
    report = scoplan.evaluate(data, scoplan.parse_plan(bureau.AREA_PLAN), dt.date(2023, 12, 31))
    [warning] = [w for w in report.warnings if w.code == "outside_area"]
    assert (warning.source, warning.row) == ("歙县.xlsx: 区县", 5)
    assert warning.message_zh.startswith("歙县.xlsx中的“区县”，第5行，“市”列：区县“黄山高新区”")


def test_a_district_added_in_python_is_named_by_no_row(tmp_path):
    """HSGX read from 区县.csv (row 4) and HSGY added in Python (``with_rows``, what-if):
    HSGX's warning names its file and row; HSGY was read from no file, and its names none
    rather than another's."""
    tables = bureau.register()
    tables["区县"].append(["HSGX", "黄山高新区", "开发区", ""])
    data = load(tmp_path, tables)
    added = pl.DataFrame(
        {"id": ["HSGY"], "name": ["黄山园区"], "kind": ["zone"], "city": [None]},
        schema={"id": pl.String, "name": pl.String, "kind": pl.String, "city": pl.String},
    )
    grown = data.with_rows("districts", added)
    report = scoplan.evaluate(grown, scoplan.parse_plan(bureau.AREA_PLAN), dt.date(2023, 12, 31))
    found = {w.value: (w.source, w.row) for w in report.warnings if w.code == "outside_area"}
    assert found == {"HSGX": ("区县.csv", 4), "HSGY": ("-", None)}


def test_organizations_entered_twice_are_one_warning_naming_each_pair(tmp_path):
    """HS001 and HS003 entered again as HS901 and HS903 (rows 7 and 8: same name, community
    and founding date): one warning for the two sets, naming their rows and ids. HS002's
    namesake founded on another day (row 9) is another organization. Loaded for a plan that
    reads no names — the names let go as they are read — the warning is the same."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    assert rows[0][-1] == "负责人"
    rows[:] = [row[:-1] for row in rows]  # no column of the bureau's own: names may be let go
    founded = bureau.column(rows, "成立日期")
    again = [[f"HS90{row[0][-1]}", *row[1:]] for row in (rows[1], rows[3])]
    other = ["HS902", *rows[2][1:]]
    other[founded] = "2019-01-01"
    rows += [*again, other]
    folder = bureau.write(tmp_path / "台账", tables)
    [warning] = scoplan.load(folder).warnings
    assert (warning.code, warning.row, warning.column) == ("twin_organizations", 2, "name")
    assert (warning.params["sets"], warning.params["count"]) == (2, 4)
    zh = describe_problem(warning, "zh")
    assert (
        "2组社区社会组织名称、所属社区和成立日期都相同而编号不同（共4个：第2、7行；第4、8行；" in zh
    )
    assert "编号HS001/HS901、HS003/HS903" in zh
    plan = scoplan.bundled_plan(PLAN)
    held = scoplan.load(folder, plan=plan)
    assert "name" in held.dropped.get("organizations", ())
    assert held.warnings == (warning,)


def test_rows_repeated_under_the_same_id_are_no_twins(tmp_path):
    """HS001's row written again whole (a bad join) is a duplicate id, an error; it is not
    an organization entered twice under another id, counted twice: the register is
    refused, nothing is counted. HS003 entered again as HS903 beside it still is."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows += [list(rows[1]), ["HS903", *rows[3][1:]]]
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    errors = [p for p in raised.value.problems if not p.is_warning]
    assert [(p.code, p.value) for p in errors] == [("duplicate_id", "HS001")]
    [twins] = [p for p in raised.value.warnings if p.code == "twin_organizations"]
    assert (twins.params["sets"], twins.params["ids"]) == (1, "HS003/HS903")


def test_rows_with_blank_name_community_or_date_are_no_twins(tmp_path):
    """Two rows of ids only (HS901, HS902: the rest blank) are errors for their blank cells,
    and not organizations entered twice: blanks are like nothing."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    blank = [""] * (len(rows[0]) - 1)
    rows += [["HS901", *blank], ["HS902", *blank]]
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert {p.code for p in raised.value.problems} == {"missing_value"}
    # (their blank 登记状态 is warned of, as any blank one is)
    assert [w.code for w in raised.value.warnings] == ["registration_blank"]


def test_a_column_of_the_bureaus_own_that_says_ended_with_no_end_date(tmp_path):
    """A 状态 column the bureau added: HS002 (row 3) 已注销 and HS004 (row 5) 注销 with no
    注销日期 count as running: one warning for the column, quoting the first; HS005 注销
    with its 注销日期 and the 正常 ones are not warned of; 平台与制度's 备注 ``2023年撤销`` on
    PT02 (row 3), no 撤销日期, is warned of the same way."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[0].append("状态")
    for row, state in zip(rows[1:], ["正常", "已注销", "正常", "注销", "注销"], strict=True):
        row.append(state)
    rows[5][bureau.column(rows, "注销日期")] = "2023-06-30"
    platforms = tables["平台与制度"]
    platforms[0].append("备注")
    for row, note in zip(platforms[1:], ["", "2023年撤销", ""], strict=True):
        row.append(note)
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert [describe_problem(w, "zh") for w in data.warnings] == [
        "平台与制度.csv，第3行，“备注”列：写明已注销或撤销（如“2023年撤销”），共1行（第3行），"
        "却没有填写“撤销日期”：这些行按仍在运行计入各项指标（“备注”列不被计入）；"
        "确已注销或撤销的，请填写“撤销日期”",
        "社区社会组织.csv，第3行，“状态”列：写明已注销或撤销（如“已注销”），共2行（第3、5行），"
        "却没有填写“注销日期”：这些行按仍在运行计入各项指标（“状态”列不被计入）；"
        "确已注销或撤销的，请填写“注销日期”",
    ]
    assert describe_problem(data.warnings[1], "en") == (
        "社区社会组织.csv, row 3, column 状态: '已注销' or the like in 2 rows (3, 5) with no "
        "注销日期: counted as running in every measure (状态 counts for nothing); where it "
        "ended, fill in 注销日期"
    )


def test_a_yes_under_a_header_asking_whether_ended_with_no_end_date(tmp_path):
    """是否注销 in place of 注销日期: the header is an error (close to 注销日期), and its 是
    (HS003, row 4) a warning that the organization counts as running, the date the register
    lacks named in Chinese as its headers are."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    at = bureau.column(rows, "注销日期")
    for row, answer in zip(rows, ["是否注销", "否", "否", "是", "否", "否"], strict=True):
        row[at] = answer
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert [p.code for p in raised.value.problems] == ["unknown_column_near"]
    [warning] = raised.value.warnings
    assert describe_problem(warning, "zh") == (
        "社区社会组织.csv，第4行，“是否注销”列：写明已注销或撤销（如“是”），共1行（第4行），"
        "却没有填写“注销日期”：这些行按仍在运行计入各项指标（“是否注销”列不被计入）；"
        "确已注销或撤销的，请填写“注销日期”"
    )


@pytest.mark.parametrize(
    ("row", "name"),
    [
        (["341000", "黄山市", "市", "黄山市"], "黄山市"),
        (["SBJ", "市本级", "区", "黄山市"], "市本级"),
    ],
)
def test_the_city_filed_as_a_district_is_a_warning(tmp_path, row, name):
    """A 区县 row for the city itself, as a city bureau's 台账 lists its 市本级 (row 2): by
    its code 341000 (黄山市's own, no county's, and said so rather than as no official code)
    or by its name 市本级 — it would count as one more district in every measure."""
    tables = bureau.register()
    tables["区县"].insert(1, row)
    [warning] = load(tmp_path, tables).warnings
    assert describe_problem(warning, "zh") == (
        f"区县.csv，第2行，“编号”列：“{name}”（编号“{row[0]}”）是市本身，不是区县："
        "这一行会被当作又一个区县，计入按区县计算的各项指标（区县覆盖率、建有平台的区县数等）；"
        "市本级的平台、活动在“所属单位”中写 city 或 市本级 即可，不必在区县表中列出："
        "请删去这一行"
    )


def test_a_district_with_no_township_is_a_warning(tmp_path):
    """黟县 (341023, row 4 of 区县) has no row in 乡镇街道 (a developer trial: no word, its
    figures reckoned on no unit); a development zone with none (黄山经济开发区, row 5) may keep
    none and is not warned of."""
    tables = bureau.register()
    tables["区县"].append(["341023", "黟县", "县", "黄山市"])
    tables["区县"].append(["341071", "黄山经济开发区", "开发区", "黄山市"])
    # (341071 is no official code, which is a warning of its own)
    warnings = [w for w in load(tmp_path, tables).warnings if w.code != "official_code"]
    assert [(w.code, w.source, w.row, w.value) for w in warnings] == [
        ("district_without_townships", "区县.csv", 4, "341023")
    ]
    assert describe_problem(warnings[0], "zh") == (
        "区县.csv，第4行：区县“黟县”（341023）在乡镇街道表中没有任何乡镇（街道）："
        "它的各项目标将按没有任何单位计算。如是漏了数据，请补上"
    )


def test_an_organization_entered_twice_once_without_its_id_is_said_not_a_crash(tmp_path):
    """HS001 entered again in row 7 with its 编号 left blank (hypothesis found ``scoplan check``
    raising a TypeError on such a register): the blank id is an error of its own, and the
    twin warning names the pair with a dash for the blank."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    again = list(rows[1])
    again[0] = ""
    rows.append(again)
    checkup = scoplan.check(bureau.write(tmp_path / "台账", tables))
    assert [(p.code, p.row) for p in checkup.problems] == [
        ("missing_value", 7),
        ("twin_organizations", 2),
    ]
    assert checkup.problems[1].params["ids"] == "HS001/—"


# -- a code of the plan's own: known for a run of that plan ---------------------------------

HUB_PLAN = """
id = "hubs"
title = "黄山市枢纽型社会组织"
version = "1"
start = 2023-01-01
end = 2023-12-31

[area]
name = "黄山市"
code_prefix = "3410"
city = "黄山市"

[[milestones]]
id = "hubs-2023"
target = "establishment-count"
due = 2023-12-31
scope = { each = true }
params = { kind = "hub_org", level = "district", threshold = 1 }
"""
"""Each district has at least one platform of the plan's own kind ``hub_org``."""


def with_hubs(*kinds: str) -> dict[str, bureau.Rows]:
    """The register with a platform of each of ``kinds``, the first 屯溪区's (PT04, row 5),
    the second 歙县's (PT05, row 6)."""
    tables = bureau.register()
    for number, (kind, unit) in enumerate(zip(kinds, ("341002", "341021"), strict=False), 4):
        tables["平台与制度"].append([f"PT0{number}", kind, unit, f"枢纽{number}", "2023-03-01", ""])
    return tables


def unknown_values(problems) -> list[str]:
    """The values of the unknown-code warnings among ``problems``, in order."""
    return [p.value for p in problems if p.code in ("unknown_code", "unknown_code_near")]


def test_a_code_the_plan_names_is_known_loading_and_checking_for_it(tmp_path):
    """A trial: hub_org, the plan's own kind, was warned of as "counted by no target" while
    the plan counted its rows, and --strict stopped for it. Loaded or checked for the plan
    it is known; lib_room, which the plan does not name, is still warned of (row 6)."""
    folder = bureau.write(tmp_path / "台账", with_hubs("hub_org", "lib_room"))
    plan = scoplan.parse_plan(HUB_PLAN)
    # without the plan, no vocabulary knows either
    assert unknown_values(scoplan.load(folder).warnings) == ["hub_org", "lib_room"]
    data = scoplan.load(folder, plan=plan)
    assert unknown_values(data.warnings) == ["lib_room"]
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(folder, plan=plan, strict=True)
    assert [(p.value, p.row) for p in raised.value.problems] == [("lib_room", 6)]
    assert unknown_values(scoplan.check(folder, plan=plan).problems) == ["lib_room"]
    assert unknown_values(scoplan.check(folder).problems) == ["hub_org", "lib_room"]


def test_a_code_the_plan_names_is_not_warned_of_in_its_report(tmp_path):
    """Data loaded without the plan, evaluated for it: the report warns of lib_room only,
    and counts 屯溪区's one hub_org platform (met), 歙县 having none (not met)."""
    data = load(tmp_path, with_hubs("hub_org", "lib_room"))
    report = scoplan.evaluate(data, scoplan.parse_plan(HUB_PLAN), dt.date(2023, 12, 31))
    assert unknown_values(report.warnings) == ["lib_room"]
    counted = {
        r.scope.id: (r.value, r.status) for r in report.results if r.scope.level == "district"
    }
    assert counted == {
        "341002": (1.0, scoplan.Status.MET),
        "341021": (0.0, scoplan.Status.NOT_MET),
    }


def test_strict_passes_for_a_code_the_plan_names(tmp_path):
    """``scoplan evaluate --strict`` with the plan's own kind in the data runs (both
    districts have one: met, exit 0) and says nothing of it."""
    folder = bureau.write(tmp_path / "台账", with_hubs("hub_org", "hub_org"))
    plan = tmp_path / "hubs.toml"
    plan.write_text(HUB_PLAN, encoding="utf-8")
    args = ["evaluate", str(folder), "--plan", str(plan), "--as-of", "2023-12-31", "--strict"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "不是已知的取值" not in result.output


def test_an_unknown_code_is_said_to_be_counted_by_no_target(tmp_path):
    """The warning says what happens: no target counts by the value (an organization of an
    unknown category still counts towards the averages, so not "counted by no target")."""
    [warning] = load(tmp_path, with_hubs("lib_room")).warnings
    assert describe_problem(warning, "zh").endswith("；没有目标按这一取值计数")
    assert describe_problem(warning, "en").endswith("; no target counts by it")


BY_HAND = "请联系维护评估方案的同志调整口径"
"""What a report tells its reader to do where the plan's reading would change: ask, not
edit a file."""
PLAN_WORDS = re.compile(r"registration|unknown|计划的 [a-z_]|计划文件")
"""A plan's param or code, 计划的 before one, or the plan file itself (an official edits
none): what a report for officials never says."""


def test_a_blank_status_is_warned_of_without_the_plans_words(tmp_path):
    """A blank 登记状态, in the 数据警告 of every report: said as a bureau says it, naming no
    param or code of the plan (it said 在计划的 registration 中加上“未填写”（unknown）, which
    the README promises no report says)."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[2][bureau.column(rows, "登记状态")] = ""
    out = tmp_path / "reports"
    folder = bureau.write(tmp_path / "台账", tables)
    result = evaluate(folder, "--format", "json,text,markdown,html,xlsx,docx", "-o", str(out))
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    [blank] = [w for w in report["warnings"] if w["code"] == "registration_blank"]
    assert blank["message_zh"] == (
        "社区社会组织.csv，第3行，“登记状态”列：1个社区社会组织未填登记状态（第3行）：按民政统计"
        "口径只计登记、备案的组织，这些组织默认不计入平均数等指标；请补填登记状态；如要把未填写的"
        "也计入，请联系维护评估方案的同志调整口径"
    )
    assert blank["message"].endswith(
        "fill it in; to count those without one too, ask whoever maintains the evaluation plan "
        "to change its reading"
    )
    for name in ("report.txt", "report.md", "report.html"):
        # (the data's folder, which the report names, is named for this test: no plan word)
        text = (out / name).read_text(encoding="utf-8").replace(str(tmp_path), "")
        assert f"请补填登记状态；如要把未填写的也计入，{BY_HAND}" in text, name
        assert PLAN_WORDS.search(text) is None, name
    document = docx.Document(io.BytesIO((out / "report.docx").read_bytes()))
    words = "\n".join(p.text for p in document.paragraphs).replace(str(tmp_path), "")
    assert f"请补填登记状态；如要把未填写的也计入，{BY_HAND}" in words
    assert PLAN_WORDS.search(words) is None
    book = openpyxl.load_workbook(io.BytesIO((out / "report.xlsx").read_bytes()))
    said = [row[5] for row in book["数据警告"].iter_rows(min_row=2, values_only=True)]
    assert not [line for line in said if PLAN_WORDS.search(str(line))]


def test_no_chinese_problem_names_a_plans_param_by_its_name():
    """No Chinese problem tells a reader to change 计划的 ``param``, nor quotes a param in
    backticks: a warning reaches the reports for officials, which send them to whoever
    maintains the evaluation plan instead."""
    said = {
        key: text
        for key, text in CATALOGUES["zh"].items()
        if key.startswith("problem.")
        and (re.search(r"计划的\s*[a-z_]+", text) or re.search(r"`[a-z_]+`", text))
    }
    assert said == {}
