"""An optional table the data does not have, read by a milestone, is said, never counted as
none quietly (issue 13: a register without 活动.csv gave 未完成 and 0 for every training).

DATA.md lets the four optional tables be absent: the milestones that read one then count
none of its rows. The report says so, naming them; a table present with a header and no
row is the bureau saying it has none, and is not warned of. The register is written as a
bureau writes it (``tests/bureau.py``: GB18030, Chinese names); it has 平台与制度 and 活动,
and no 联合会 nor 品牌项目. Which milestones read which table is known from what each
target kind measures (DATA.md), not from the code that finds it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import bureau
import pytest
from click.testing import CliRunner

import scoplan
from scoplan.cli import main
from scoplan.i18n import describe_problem

AS_OF = dt.date(2023, 12, 31)

PLAN = """
id = "absent-tables"
title = "缺表测试"
title_en = "Absent tables"
version = "1"
start = 2023-01-01
end = 2023-12-31

[[milestones]]
id = "federations-2023"
target = "township-federation-coverage"
due = 2023-12-31
params = { threshold = 1.0 }

[[milestones]]
id = "federations-again"
target = "township-federation-coverage"
due = 2023-12-31
params = { threshold = 1.0 }

[[milestones]]
id = "federations-each"
target = "township-federation-coverage"
due = 2023-12-31
scope = { each = true }
params = { threshold = 1.0 }

[[milestones]]
id = "trainings-2023"
target = "trainings"
due = 2023-12-31
params = { threshold = 1, window = "year", held_by = "scope" }

[[milestones]]
id = "urban-2023"
target = "urban-average"
due = 2023-12-31
params = { threshold = 1 }
"""
"""Three milestones read federations (two alike, whose second measurement is the first's
kept one; one judged for each district), one reads events, one neither."""


@pytest.fixture
def plan(tmp_path: Path) -> scoplan.Plan:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return scoplan.load_plan(path)


def _report(folder: Path, plan: scoplan.Plan, **options) -> scoplan.Report:
    return scoplan.evaluate(scoplan.load(folder), plan, AS_OF, **options)


def _absent(warnings: Sequence[Any]) -> list[Any]:
    """The warnings but the one that the register's last date, 2022-09-01, is long before
    AS_OF (``tests/test_data_age.py`` tests that one)."""
    return [w for w in warnings if w.code != "stale_data"]


def test_the_milestones_that_read_an_absent_table_are_named_in_one_warning(tmp_path, plan):
    """No 联合会 file: one warning for federations, counting the three milestones that read
    it (the one judged for each district once); nothing for 品牌项目, which no milestone
    reads, nor for 活动, which the register has."""
    report = _report(bureau.write(tmp_path / "台账"), plan)
    [warning] = _absent(report.warnings)
    assert (warning.code, warning.table) == ("absent_table", "federations")
    assert warning.source == str(tmp_path / "台账")
    assert "数据中没有“联合会”表，3项目标按没有联合会计算" in warning.message_zh
    assert "乡镇（街道）级社区社会组织联合会覆盖率" in warning.message_zh
    assert "培训" not in warning.message_zh
    assert "城市社区" not in warning.message_zh
    assert "the data has no federations table: 3 milestone(s)" in warning.message
    # the milestones that read it still are judged, on no federation: 0 of the townships
    federations = [r for r in report.results if r.milestone == "federations-2023"]
    assert [r.value for r in federations] == [0.0]


def test_a_table_present_with_a_header_and_no_row_is_not_warned_of(tmp_path, plan):
    """A 联合会.csv with only its header: the bureau has none, and says so."""
    tables = bureau.register()
    tables["联合会"] = [["编号", "层级", "所属单位", "名称", "成立日期", "注销日期"]]
    report = _report(bureau.write(tmp_path / "台账", tables), plan)
    assert _absent(report.warnings) == []


def test_a_register_of_no_organization_is_warned_of(tmp_path):
    """社区社会组织.csv with only its header (a developer trial: ``scoplan check`` said 未发现问题
    and every average was judged 0.0 without a word): a required table no row names is a
    warning — a file emptied by mistake reads the same as a city with none — and
    ``--strict`` makes it an error. An optional table with none (联合会, above) is not."""
    tables = bureau.register()
    tables["社区社会组织"] = tables["社区社会组织"][:1]
    folder = bureau.write(tmp_path / "台账", tables)
    data = scoplan.load(folder)
    assert data.size()["organizations"] == 0
    (warning,) = data.warnings
    assert (warning.code, warning.source, warning.table) == (
        "empty_table_alone",
        "社区社会组织.csv",
        "organizations",
    )
    assert describe_problem(warning, "zh") == (
        "社区社会组织.csv：“社区社会组织”表只有表头，没有数据行：各项目标将按没有任何这类单位计算。"
        "如是漏了数据，请补上"
    )
    checkup = scoplan.check(folder)
    assert [p.code for p in checkup.problems] == ["empty_table_alone"]
    assert (checkup.exit_code(), checkup.exit_code(strict=True)) == (0, 2)


def test_a_missing_events_table_names_the_training_milestone(tmp_path, plan):
    """Without 活动.csv too: a second warning, for events, naming the trainings alone."""
    tables = bureau.register()
    del tables["活动"]
    report = _report(bureau.write(tmp_path / "台账", tables), plan)
    # (without 活动 the register's last date is an organization's, 2022-08-08)
    assert [(w.table, w.code) for w in _absent(report.warnings)] == [
        ("federations", "absent_table"),
        ("events", "absent_table"),
    ]
    events = _absent(report.warnings)[1].message_zh
    assert "数据中没有“活动”表，1项目标按没有活动计算：“社区社会组织培育发展业务培训”" in events
    assert "联合会" not in events


def test_strict_makes_it_an_error(tmp_path, plan):
    """``strict``: the report is refused with the same message as an error."""
    folder = bureau.write(tmp_path / "台账")
    with pytest.raises(scoplan.DataError) as raised:
        _report(folder, plan, strict=True)
    [problem] = _absent(raised.value.problems)
    assert (problem.code, problem.severity) == ("absent_table", "error")
    assert "数据中没有“联合会”表" in describe_problem(problem, "zh")


def test_the_cli_says_it_on_standard_error_and_in_the_report(tmp_path, plan):
    """``scoplan evaluate``: the warning on standard error and in the JSON report; with
    --strict, exit 2 and no report."""
    folder = bureau.write(tmp_path / "台账")
    out = tmp_path / "报告.json"
    runner = CliRunner()
    given = [
        "evaluate",
        str(folder),
        "--plan",
        str(tmp_path / "plan.toml"),
        "--as-of",
        "2023-12-31",
    ]
    result = runner.invoke(main, [*given, "--format", "json", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "警告：" in result.stderr
    assert "数据中没有“联合会”表" in result.stderr
    assert "品牌项目" not in result.stderr
    written = json.loads(out.read_text(encoding="utf-8"))
    assert [w["table"] for w in written["warnings"] if w["code"] != "stale_data"] == ["federations"]
    strict = tmp_path / "严格.json"
    refused = runner.invoke(main, [*given, "--strict", "--format", "json", "-o", str(strict)])
    assert refused.exit_code == 2
    assert "错误：" in refused.stderr
    assert "数据中没有“联合会”表" in refused.stderr
    assert not strict.exists()


def test_the_bundled_example_has_every_table_and_no_such_warning():
    """The example ships all eight tables: its report warns of nothing."""
    report = scoplan.evaluate(
        scoplan.load(scoplan.example_path()), scoplan.bundled_plan("huangshan-2021-2023"), AS_OF
    )
    assert report.warnings == ()


PRIORITY = """
id = "absent-columns"
title = "缺列测试"
version = "1"
start = 2023-01-01
end = 2023-12-31

[[milestones]]
id = "priority-2023"
target = "priority-fields"
due = 2023-12-31
"""
"""One milestone, which reads organizations.category (类别)."""


def test_an_optional_column_the_register_lacks_is_named_with_the_milestones_reading_it(
    tmp_path,
):
    """A register that keeps no 类别 (or heads it in words not read as it, 领域): the
    milestone that reads 类别 counts none (its share 0); a warning says so, naming it and
    the header to write. It was said by nothing."""
    tables = bureau.register()
    at = bureau.column(tables["社区社会组织"], "类别")
    tables["社区社会组织"] = [row[:at] + row[at + 1 :] for row in tables["社区社会组织"]]
    path = tmp_path / "plan.toml"
    path.write_text(PRIORITY, encoding="utf-8")
    folder = bureau.write(tmp_path / "台账", tables)
    report = _report(folder, scoplan.load_plan(path))
    assert [r.value for r in report.results] == [0.0]
    [warning] = _absent(report.warnings)
    assert warning.message_zh == (
        "社区社会组织.csv：“社区社会组织”表中没有“类别”列，1项目标按这一列全空计算："
        "“优先发展领域社区社会组织占比”。如这一列在表中另有表头，请把表头改为“类别”"
    )
    assert warning.message == (
        "社区社会组织.csv: the organizations table has no category column: 1 milestone(s) "
        "counted it as empty: Organizations in priority fields. If the table has it under another "
        "header, write that header as category"
    )


def test_check_with_the_plan_tells_the_column_the_register_lacks(tmp_path):
    """``scoplan check --plan``: the same warning as the evaluation's, under the city (it is
    no district's row); without the plan, nothing (no milestone reads it)."""
    tables = bureau.register()
    at = bureau.column(tables["社区社会组织"], "类别")
    tables["社区社会组织"] = [row[:at] + row[at + 1 :] for row in tables["社区社会组织"]]
    path = tmp_path / "plan.toml"
    path.write_text(PRIORITY, encoding="utf-8")
    folder = bureau.write(tmp_path / "台账", tables)
    checkup = scoplan.check(folder, plan=scoplan.load_plan(path))
    lacking = [p for p in checkup.warnings if p.code == "absent_column"]
    assert [describe_problem(p, "zh") for p in lacking] == [
        "社区社会组织.csv：“社区社会组织”表中没有“类别”列，1项目标按这一列全空计算："
        "“优先发展领域社区社会组织占比”。如这一列在表中另有表头，请把表头改为“类别”"
    ]
    assert checkup.by_district().get(None) == lacking
    assert [p for p in scoplan.check(folder).warnings if p.code == "absent_column"] == []
    done = CliRunner().invoke(main, ["check", str(folder), "--plan", str(path)])
    assert done.exit_code == 0, done.output
    assert "“社区社会组织”表中没有“类别”列" in done.output + done.stderr


def _emptied(column: str, keep: int | None = None) -> dict[str, list[list[str]]]:
    """The bureau's register with every organization's ``column`` left empty, but the cell
    of its ``keep``-th organization (from 1)."""
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    at = bureau.column(organizations, column)
    for number, row in enumerate(organizations[1:], start=1):
        if number != keep:
            row[at] = ""
    return tables


EMPTY_CATEGORY_ZH = (
    "社区社会组织.csv，“类别”列：“社区社会组织”表的这一列每一行都是空的，1项目标按这一列全空计算："
    "“优先发展领域社区社会组织占比”。如是漏填，请补上；如确实都没有，可不理会"
)


@pytest.mark.parametrize("form", ["folder", "workbook"])
def test_a_column_the_plan_reads_left_empty_in_every_row_is_said(tmp_path, form):
    """类别 is there but no organization's is filled in (a template's column never filled):
    the share is 0, as it is, and one warning says why, naming the column as the header
    writes it; found by a user trial, where 品牌认定日期, 服务对象 and 简易章程 left empty
    gave 0 with no word said."""
    path = tmp_path / "plan.toml"
    path.write_text(PRIORITY, encoding="utf-8")
    tables = _emptied("类别")
    if form == "folder":
        source, where = bureau.write(tmp_path / "台账", tables), "社区社会组织.csv"
    else:
        source = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
        where = "台账.xlsx中的“社区社会组织”"
    report = _report(source, scoplan.load_plan(path))
    assert [r.value for r in report.results] == [0.0]
    [warning] = _absent(report.warnings)
    assert warning.code == "empty_column"
    assert warning.message_zh == EMPTY_CATEGORY_ZH.replace("社区社会组织.csv", where, 1)
    assert warning.message.startswith(
        f"{where.replace('中的“社区社会组织”', ': 社区社会组织')}, column 类别: not one row of "
        "the organizations table fills this column in: 1 milestone(s) counted it as empty: "
        "Organizations in priority fields."
    )


def test_check_with_the_plan_tells_the_column_left_empty(tmp_path):
    """``scoplan check --plan`` says it as the evaluation does; one cell filled in, nothing
    (a column is not empty for a few blanks)."""
    path = tmp_path / "plan.toml"
    path.write_text(PRIORITY, encoding="utf-8")
    plan = scoplan.load_plan(path)
    checkup = scoplan.check(bureau.write(tmp_path / "台账", _emptied("类别")), plan=plan)
    said = [describe_problem(p, "zh") for p in checkup.warnings if p.code == "empty_column"]
    assert said == [EMPTY_CATEGORY_ZH]
    one = bureau.write(tmp_path / "一个", _emptied("类别", keep=3))
    assert [p for p in scoplan.check(one, plan=plan).warnings if p.code == "empty_column"] == []
    report = _report(one, plan)
    assert [w for w in report.warnings if w.code == "empty_column"] == []


PRIORITY_CITY_AND_EACH = """
id = "absent-columns-chosen"
title = "缺列测试"
version = "1"
start = 2023-01-01
end = 2023-12-31

[[milestones]]
id = "priority-city"
target = "priority-fields"
due = 2023-12-31

[[milestones]]
id = "priority-each"
target = "priority-fields"
due = 2023-12-31
scope = { each = true }
"""
"""Two milestones reading organizations.category (类别): the whole city's, and each
district's."""


def _tunxi_category_emptied() -> dict[str, list[list[str]]]:
    """The bureau's register with 类别 left empty for 屯溪区's three organizations (HS001 –
    HS003), and filled in for 歙县's two (HS004 新路街助老队 生活服务类, HS005 问政乡贤会
    社区治理类)."""
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    at = bureau.column(organizations, "类别")
    for row in organizations[1:]:
        if row[1].startswith("341002"):
            row[at] = ""
    return tables


def test_a_column_filled_in_for_the_districts_left_out_is_not_empty(tmp_path):
    """Run for 屯溪区 alone, whose organizations leave 类别 empty: the register's column is
    filled in for 歙县's two, so it is not a column left empty, and no warning says it is
    (the district's share is 0 of 3, as it is). Found by a trial: ``--district 屯溪区`` on
    the bundled example said its 品牌认定日期 was empty in every row."""
    path = tmp_path / "plan.toml"
    path.write_text(PRIORITY_CITY_AND_EACH, encoding="utf-8")
    folder = bureau.write(tmp_path / "台账", _tunxi_category_emptied())
    report = _report(folder, scoplan.load_plan(path), districts=["屯溪区"])
    statuses = [(r.milestone, r.scope.id, r.status) for r in report.results]
    assert statuses == [
        ("priority-city", "city", scoplan.Status.NOT_COVERED),
        ("priority-each", "341002", scoplan.Status.INFO),
    ]
    assert report.results[1].value == 0.0
    assert [w.code for w in _absent(report.warnings)] == ["chosen_districts"]


def test_a_column_left_empty_names_only_the_milestones_the_run_judged(tmp_path):
    """类别 empty in every row, run for 屯溪区 alone: the whole city's milestone is
    not_covered and counted nothing, so the warning names one milestone (屯溪区's
    priority-each), not two."""
    path = tmp_path / "plan.toml"
    path.write_text(PRIORITY_CITY_AND_EACH, encoding="utf-8")
    folder = bureau.write(tmp_path / "台账", _emptied("类别"))
    report = _report(folder, scoplan.load_plan(path), districts=["屯溪区"])
    [chosen, warning] = _absent(report.warnings)
    assert chosen.code == "chosen_districts"
    assert (warning.code, warning.column) == ("empty_column", "category")
    assert warning.message_zh == EMPTY_CATEGORY_ZH
    everyone = _report(folder, scoplan.load_plan(path))
    [warning] = _absent(everyone.warnings)
    assert warning.message_zh == EMPTY_CATEGORY_ZH.replace("1项目标", "2项目标")


def test_the_bundled_example_run_for_one_district_says_no_column_is_empty():
    """The example's 品牌认定日期 is filled in for 8 organizations, none of 屯溪区's: run
    for 屯溪区 alone, no empty_column warning (the brand milestone of the whole city is
    not_covered besides), as on the whole run."""
    data = scoplan.load(scoplan.example_path())
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    report = scoplan.evaluate(data, plan, AS_OF, districts=["屯溪区"])
    assert [w.code for w in report.warnings] == ["chosen_districts"]
    (brand,) = [r for r in report.results if r.milestone == "brand-organizations-city-2023"]
    assert brand.status is scoplan.Status.NOT_COVERED
    assert [w.code for w in scoplan.evaluate(data, plan, AS_OF).warnings] == []
