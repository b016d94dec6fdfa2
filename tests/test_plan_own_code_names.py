"""A plan's own code is known in the data by the name the plan gives it, and said by it.

A user trial (成都): the plan counted ``kind = "cso_station"`` and named it in ``[terms.zh]``
(``"establishment.cso_station" = "社区社会组织服务站"``); the bureau's 平台与制度 writes
社区社会组织服务站 in its 类型 column, as it writes 培育发展服务中心. Every district was judged
at 0.0%, and the warning asked to add the rows of “cso_station” — rows that were there.

The register is written as a bureau writes it (``tests/bureau.py``: GB18030, Chinese
headers): two townships, 屯溪区's 昱东街道 and 歙县's 徽城镇. Below, 昱东街道 has a station
written by the plan's name: 1 of the 2 townships has one, 50%.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import bureau
import collection
import polars as pl
import pytest
from click.testing import CliRunner

import scoplan
from scoplan.cli import main
from scoplan.i18n import describe_problem
from scoplan.template import write_template

AS_OF = dt.date(2023, 12, 31)

HEAD = """
id = "stations"
title = "服务站测试"
version = "1"
start = 2023-01-01
end = 2023-12-31
"""

MILESTONE = """
[[milestones]]
id = "stations"
target = "establishment-coverage"
due = 2023-12-31
params = {{ kind = "{kind}", level = "township", threshold = 1.0 }}
"""

NAMED = '\n[terms.zh]\n"establishment.{code}" = "{name}"\n'


def _plan(
    kind: str = "cso_station", name: str | None = "社区社会组织服务站", code: str = ""
) -> str:
    text = HEAD
    if name is not None:
        text += NAMED.format(code=code or kind, name=name)
    return text + MILESTONE.format(kind=kind)


def _register(*stations: tuple[str, str]) -> dict[str, bureau.Rows]:
    """The bureau's register with a station row for each (类型 as written, township)."""
    tables = bureau.register()
    for number, (written, township) in enumerate(stations, start=4):
        row = [f"PT0{number}", written, township, "社区社会组织服务站", "2023-03-01", ""]
        tables["平台与制度"].append(row)
    return tables


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _stations(report: scoplan.Report) -> tuple[object, object, object]:
    [result] = [r for r in report.results if r.milestone == "stations"]
    return result.value, result.evidence.numerator, result.evidence.denominator


def _json_document(tables: dict[str, bureau.Rows], path: Path) -> Path:
    document = {
        name: [dict(zip(header, row, strict=True)) for row in rows]
        for name, (header, *rows) in tables.items()
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("form", ["gb18030", "xlsx", "json"])
def test_rows_written_by_the_plans_name_are_counted(tmp_path, form):
    """Its name as the plan writes it (spaces around it) and as the register writes it (an
    ideographic space after it, read in NFKC as every cell is): 昱东街道's station counts,
    1 of 2 townships; no value is warned of as unknown, nor the kind as unrecorded."""
    tables = _register(("社区社会组织服务站\u3000", "341002001"))
    if form == "gb18030":
        source = bureau.write(tmp_path / "台账", tables)
    elif form == "xlsx":
        source = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    else:
        source = _json_document(tables, tmp_path / "台账.json")
    plan_path = _write(tmp_path, _plan(name=" 社区社会组织服务站 "))
    plan = scoplan.load_plan(plan_path)
    report = scoplan.evaluate(scoplan.load(source, plan=plan), plan, AS_OF)
    assert _stations(report) == (0.5, 1, 2)
    assert [w.code for w in report.warnings if w.code.startswith(("unknown", "kind_"))] == []
    checkup = scoplan.check(source, plan=plan)
    assert [p.code for p in checkup.problems if p.code.startswith(("unknown", "kind_"))] == []


def test_rows_written_by_the_code_still_count_beside_the_name(tmp_path):
    """One station written by the name (昱东街道), one by the code (徽城镇): 2 of 2."""
    tables = _register(("社区社会组织服务站", "341002001"), ("cso_station", "341021100"))
    source = bureau.write(tmp_path / "台账", tables)
    plan = scoplan.load_plan(_write(tmp_path, _plan()))
    assert _stations(scoplan.evaluate(scoplan.load(source, plan=plan), plan, AS_OF)) == (1.0, 2, 2)


def test_the_command_counts_them(tmp_path):
    """``scoplan evaluate --plan``: 50%, and no config word in the Chinese report."""
    source = bureau.write(tmp_path / "台账", _register(("社区社会组织服务站", "341002001")))
    plan_path = _write(tmp_path, _plan())
    given = ["evaluate", str(source), "--plan", str(plan_path), "--as-of", "2023-12-31"]
    result = CliRunner().invoke(main, given)
    assert result.exit_code == 1, result.output  # 50% of 100%: not achieved
    assert "50.0%" in result.output
    assert "cso_station" not in result.output
    assert "不是已知的取值" not in result.output


def test_a_kind_unrecorded_is_said_by_its_chinese_name(tmp_path):
    """No station at all: the warning of evaluate and of ``check --plan`` names the kind
    社区社会组织服务站, as the register writes it, never ``cso_station``; the English names
    the code."""
    source = bureau.write(tmp_path / "台账", _register())
    plan_path = _write(tmp_path, _plan())
    plan = scoplan.load_plan(plan_path)
    report = scoplan.evaluate(scoplan.load(source, plan=plan), plan, AS_OF)
    [warning] = [w for w in report.warnings if w.code == "kind_unrecorded"]
    assert warning.message_zh == (
        "平台与制度.csv，“类型”列：“平台与制度”表中没有一行是“社区社会组织服务站”："
        "1项目标因此按一个也没有计算：“建有社区社会组织服务站的乡镇（街道）占比”。如确有，请补录"
    )
    assert "of the kind cso_station:" in warning.message
    assert warning.value == "社区社会组织服务站"
    result = CliRunner().invoke(main, ["check", str(source), "--plan", str(plan_path)])
    assert result.exit_code == 0, result.output
    assert "没有一行是“社区社会组织服务站”" in result.output
    assert "cso_station" not in result.output


def test_a_value_near_the_name_is_told_the_name(tmp_path):
    """社区社会组织服务点 (one character off): the warning asks whether 社区社会组织服务站 was
    meant, in Chinese by its name."""
    source = bureau.write(tmp_path / "台账", _register(("社区社会组织服务点", "341002001")))
    plan_path = _write(tmp_path, _plan())
    result = CliRunner().invoke(main, ["check", str(source), "--plan", str(plan_path)])
    assert result.exit_code == 0, result.output
    assert "“社区社会组织服务点”不是已知的取值" in result.output
    assert "是否应为“社区社会组织服务站”？" in result.output
    assert "cso_station" not in result.output


def test_rows_added_in_a_what_if_are_read_by_the_name(tmp_path):
    """A station added at 徽城镇, written by the name: 1 of 2 becomes 2 of 2, unwarned."""
    source = bureau.write(tmp_path / "台账", _register(("社区社会组织服务站", "341002001")))
    plan = scoplan.load_plan(_write(tmp_path, _plan()))
    data = scoplan.load(source, plan=plan)
    added = {"编号": "X1", "类型": "社区社会组织服务站", "所属单位": "341021100"}
    added |= {"名称": "徽城镇服务站", "建立日期": "2023-06-01"}
    comparison = scoplan.what_if(data, plan, AS_OF, establishments=[added])
    [flipped] = comparison.flipped()
    assert flipped.milestone == "stations"
    assert (flipped.value_before, flipped.value_after) == (0.5, 1.0)
    assert [w.code for w in comparison.warnings] == []


@pytest.mark.parametrize("form", ["gb18030", "xlsx"])
def test_data_loaded_without_the_plan_is_read_for_it_when_evaluated(tmp_path, form):
    """The README's way: ``scoplan.load(path)``, then ``scoplan.evaluate(data, plan, …)``. A
    user trial (安庆): 8 老年助餐点 written by the plan's name counted 0 of 44 townships, with a
    warning of an unknown value and one asking for rows the register holds. Now the same
    report as data loaded for the plan: 昱东街道's station counts (1 of 2), no warning of
    either, the same fingerprint; and the dataset itself is left as it was."""
    tables = _register(("社区社会组织服务站", "341002001"))
    if form == "gb18030":
        source = bureau.write(tmp_path / "台账", tables)
    else:
        source = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    plan = scoplan.load_plan(_write(tmp_path, _plan()))
    data = scoplan.load(source)
    report = scoplan.evaluate(data, plan, AS_OF)
    planned = scoplan.evaluate(scoplan.load(source, plan=plan), plan, AS_OF)
    assert _stations(report) == (0.5, 1, 2)
    assert [w.code for w in report.warnings if w.code.startswith(("unknown", "kind_"))] == []
    assert report.fingerprint == planned.fingerprint
    assert [w.message_zh for w in report.warnings] == [w.message_zh for w in planned.warnings]
    # the data as loaded, without the plan, still says what it holds
    assert "社区社会组织服务站" in data.frame("establishments").get_column("kind").to_list()
    assert "unknown_code" in [w.code for w in data.warnings]


def test_rows_added_without_the_plan_are_read_for_it_when_evaluated(tmp_path):
    """``scoplan.with_additions`` knows no plan: a station added at 徽城镇 by the plan's name,
    then evaluated for the plan, counts (2 of 2), as ``what_if`` counts it."""
    source = bureau.write(tmp_path / "台账", _register(("社区社会组织服务站", "341002001")))
    plan = scoplan.load_plan(_write(tmp_path, _plan()))
    added = {"编号": "X1", "类型": "社区社会组织服务站", "所属单位": "341021100"}
    added |= {"名称": "徽城镇服务站", "建立日期": "2023-06-01"}
    for data in (scoplan.load(source), scoplan.load(source, plan=plan)):
        grown = scoplan.with_additions(data, establishments=[added])
        report = scoplan.evaluate(grown, plan, AS_OF)
        assert _stations(report) == (1.0, 2, 2)
        assert [w.code for w in report.warnings if w.code.startswith(("unknown", "kind_"))] == []


def test_a_name_that_spells_a_built_in_code_is_refused(tmp_path):
    """``"establishment.cso_station" = "培育发展服务中心"``: the register's 培育发展服务中心 rows
    are service centres, which the plan would silently count as its stations or not at
    all. The plan is refused, saying whose the name is."""
    plan_path = _write(tmp_path, _plan(name="培育发展服务中心"))
    with pytest.raises(scoplan.PlanError) as caught:
        scoplan.load_plan(plan_path, registry=scoplan.default_registry())
    [problem] = caught.value.problems
    assert problem.code == "own_code_name_taken"
    assert describe_problem(problem, "zh") == (
        "plan.toml，“terms.zh”项：“establishment.cso_station”给计划自定的代码起的名称"
        "“培育发展服务中心”在数据中已表示“培育发展服务中心”：这样写的行都算“培育发展服务中心”，"
        "不会按计划自定的类型计数；请另取一个名称，或在 kind 中直接写“培育发展服务中心”"
    )
    assert "already spells service_centre" in describe_problem(problem, "en")
    source = bureau.write(tmp_path / "台账", _register())
    result = CliRunner().invoke(main, ["check", str(source), "--plan", str(plan_path)])
    assert result.exit_code == 2  # a mistake of the plan, as evaluate's
    assert "在数据中已表示“培育发展服务中心”" in result.output


def test_a_code_near_a_built_in_one_is_the_plans_own_when_named(tmp_path):
    """``service_station`` is a letter-slip away from ``service_centre``: without a name it
    is refused, the message saying how to declare it; named in ``[terms.zh]`` it is the
    plan's own, counted by its name."""
    source = bureau.write(tmp_path / "台账", _register(("社区社会组织服务站", "341002001")))
    bare = _write(tmp_path, _plan(kind="service_station", name=None))
    with pytest.raises(scoplan.PlanError) as caught:
        scoplan.load_plan(bare, registry=scoplan.default_registry())
    [problem] = caught.value.problems
    zh, en = describe_problem(problem, "zh"), describe_problem(problem, "en")
    assert "（是否应为“培育发展服务中心”（service_centre）？）" in zh
    assert (
        "如是计划自定的平台或制度的类型，请在计划的 [terms.zh] 中写明它的名称"
        '（"establishment.service_station" = "……"）' in zh
    )
    assert '[terms.zh] ("establishment.service_station" = "…")' in en
    named = scoplan.load_plan(_write(tmp_path, _plan(kind="service_station")))
    data = scoplan.load(source, plan=named)
    assert _stations(scoplan.evaluate(data, named, AS_OF)) == (0.5, 1, 2)


def test_a_kind_may_be_written_by_the_plans_name(tmp_path):
    """``kind = "社区社会组织服务站"`` with the same name for ``cso_station`` in its words."""
    source = bureau.write(tmp_path / "台账", _register(("社区社会组织服务站", "341002001")))
    plan = scoplan.load_plan(
        _write(tmp_path, _plan(kind="社区社会组织服务站", code="cso_station")),
        registry=scoplan.default_registry(),
    )
    assert _stations(scoplan.evaluate(scoplan.load(source, plan=plan), plan, AS_OF)) == (0.5, 1, 2)


def test_check_of_returns_warns_of_a_kind_they_lack(tmp_path):
    """A folder of the districts' filled templates with no station: ``check --plan`` warns
    of it by its name, as ``check`` of a register and ``evaluate`` do."""
    tables = collection.known()
    returns = tmp_path / "returns"
    for made in write_template("3410", returns, each="district"):
        collection.fill(made.path, collection.of_district(tables, made.unit.code))
    assert tables["establishments"].filter(pl.col("kind") == "cso_station").is_empty()
    plan_path = _write(tmp_path, _plan())
    result = CliRunner().invoke(main, ["check", str(returns), "--plan", str(plan_path)])
    assert result.exit_code == 0, result.output
    assert "“平台与制度”表中没有一行是“社区社会组织服务站”" in result.output
    assert "cso_station" not in result.output
