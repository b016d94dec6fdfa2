"""A kind of row that milestones count and the register holds none of, anywhere, is said
once, never a 0.0% left to be read as "none there" (a new-user trial on the bureau's own
sample: 工作方案, 评估评议制度 and township service centres at 0.0% in every form, for every
district, while 平台与制度 has no row of them at all).

The target kinds declare what they count (``TargetKind.counts``): a code of an open list
(a platform's kind, an event's), and the level of the unit it counts at. The register is
written as a bureau writes it (``tests/bureau.py``): its 平台与制度 has three service centres,
of 市本级, 屯溪区 and 歙县, and nothing else; its 活动 a 培训 of 市本级 and a 公益创投 of 屯溪区.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import bureau
import pytest
from click.testing import CliRunner

import scoplan
from scoplan.cli import main
from scoplan.i18n import describe_problem

AS_OF = dt.date(2023, 12, 31)

HEAD = """
id = "unrecorded"
title = "未录类型测试"
title_en = "Kinds not recorded"
version = "1"
start = 2023-01-01
end = 2023-12-31
"""

PLAN = (
    HEAD
    + """
[[milestones]]
id = "township-centres"
target = "establishment-coverage"
due = 2023-12-31
params = { kind = "service_centre", level = "township" }

[[milestones]]
id = "work-plans"
target = "establishment-coverage"
due = 2023-12-31
params = { kind = "work_plan", level = "township" }

[[milestones]]
id = "work-plans-communities"
target = "establishment-coverage"
due = 2023-12-31
params = { kind = "工作方案", level = "community" }

[[milestones]]
id = "evaluation-systems"
target = "establishment-coverage"
due = 2023-12-31
params = { kind = "evaluation_system", level = "community" }

[[milestones]]
id = "district-centres"
target = "service-centres"
due = 2023-12-31
scope = { each = true }
params = { threshold = 1 }
"""
)
"""Three kinds the register has no row of (a township's service centre, 工作方案 twice,
评估评议制度), and one it has (the districts' own service centres)."""


def _run(tmp_path: Path, text: str, tables: bureau.Rows | None = None, **options):
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    folder = bureau.write(tmp_path / "台账", tables)
    return scoplan.evaluate(scoplan.load(folder), scoplan.load_plan(path), AS_OF, **options)


def _unrecorded(report: scoplan.Report) -> list[scoplan.DataWarning]:
    return [w for w in report.warnings if w.code.startswith("kind_unrecorded")]


def test_each_kind_no_row_is_of_is_said_once_with_the_milestones_counting_it(tmp_path):
    """Three warnings: the township service centres (the three there are of 市本级 and the
    districts), 工作方案 once for its two milestones, 评估评议制度; none for the districts'
    own centres, which are there. The milestones are still measured: 0 of 2 townships."""
    report = _run(tmp_path, PLAN)
    warnings = _unrecorded(report)
    assert [(w.code, w.source, w.table, w.column, w.value) for w in warnings] == [
        (
            "kind_unrecorded_at_level",
            "平台与制度.csv",
            "establishments",
            "kind",
            "培育发展服务中心",
        ),
        ("kind_unrecorded", "平台与制度.csv", "establishments", "kind", "工作方案"),
        ("kind_unrecorded", "平台与制度.csv", "establishments", "kind", "评估评议制度"),
    ]
    centres, plans, evaluations = (w.message_zh for w in warnings)
    assert centres == (
        "平台与制度.csv，“类型”列：“平台与制度”表中没有一行是乡镇（街道）的“培育发展服务中心”"
        "（已录的3行“培育发展服务中心”都属市本级或区县）：1项目标因此按各乡镇（街道）都没有计算："
        "“建有社会组织培育发展服务中心的乡镇（街道）占比”。如确有，请补录，所属单位填乡镇（街道）的编号"
    )
    assert plans == (
        "平台与制度.csv，“类型”列：“平台与制度”表中没有一行是“工作方案”：2项目标因此按一个也没有计算："
        "“建有社区社会组织工作方案的乡镇（街道）占比”、“建有社区社会组织工作方案的社区占比”。"
        "如确有，请补录"
    )
    assert "没有一行是“评估评议制度”：1项目标" in evaluations
    assert "not one row of the establishments table is of the kind work_plan" in warnings[1].message
    assert "2 milestone(s) counted none" in warnings[1].message
    assert "at a township (its 3 row(s) of that kind are all of the city level or district)" in (
        warnings[0].message
    )
    values = {r.milestone: r.value for r in report.results if r.milestone != "district-centres"}
    assert values == dict.fromkeys(
        ["township-centres", "work-plans", "work-plans-communities", "evaluation-systems"], 0.0
    )


def test_a_kind_recorded_elsewhere_is_a_real_zero_and_not_warned_of(tmp_path):
    """A 工作方案 of 歙县's 徽城镇 (撤销 in 2022, still a row of the kind) and one of its
    community 新路街, a 评估评议制度 of a community, a service centre of 昱东街道: 屯溪区's
    work plan share is 0 of 1 township, a zero of the register's own, and nothing is warned
    of."""
    tables = bureau.register()
    tables["平台与制度"] += [
        ["PT04", "工作方案", "341021100", "徽城镇工作方案", "2021-03-01", "2022-05-01"],
        ["PT05", "评估评议制度", "341021100201", "问政村评估评议制度", "2022-03-01", ""],
        ["PT06", "培育发展服务中心", "341002001", "昱东街道服务中心", "2023-03-01", ""],
        ["PT07", "党建工作方案", "341021100001", "新路街工作方案", "2023-03-01", ""],
    ]
    text = PLAN + (
        '\n[[milestones]]\nid = "work-plans-tunxi"\ntarget = "establishment-coverage"\n'
        'due = 2023-12-31\nscope = { districts = ["341002"] }\n'
        'params = { kind = "work_plan", level = "township" }\n'
    )
    report = _run(tmp_path, text, tables)
    assert _unrecorded(report) == []
    [tunxi] = [r for r in report.results if r.milestone == "work-plans-tunxi"]
    assert (tunxi.value, tunxi.evidence.numerator, tunxi.evidence.denominator) == (0.0, 0, 1)


def test_a_kind_no_milestone_counts_is_not_warned_of(tmp_path):
    """The register has no 社区治理学院 and no 工作方案; the plan counts only the districts'
    own service centres: nothing to say."""
    text = HEAD + (
        '\n[[milestones]]\nid = "district-centres"\ntarget = "service-centres"\n'
        "due = 2023-12-31\nparams = { threshold = 1 }\n"
    )
    assert _unrecorded(_run(tmp_path, text)) == []


EVENTS = (
    HEAD
    + """
[[milestones]]
id = "township-trainings"
target = "event-coverage"
due = 2023-12-31
params = { kind = "培训", level = "township", window = "to_date", threshold = 0.5 }

[[milestones]]
id = "brand-selections"
target = "brand-selection"
due = 2023-12-31
params = { threshold = 1, window = "to_date" }

[[milestones]]
id = "gongyi-districts"
target = "gongyi-district-coverage"
due = 2023-12-31
params = { threshold = 0.5, window = "to_date" }
"""
)


def test_event_kinds_are_said_alike(tmp_path):
    """活动: the one 培训 is 市本级's, none a township's; no 品牌评选 at all; the 公益创投 is
    屯溪区's own, which the district coverage counts: two warnings."""
    warnings = _unrecorded(_run(tmp_path, EVENTS))
    assert [(w.code, w.source, w.value) for w in warnings] == [
        ("kind_unrecorded_at_level", "活动.csv", "培训"),
        ("kind_unrecorded", "活动.csv", "品牌评选"),
    ]
    assert "“活动”表中没有一行是乡镇（街道）的“培训”（已录的1行“培训”都属市本级）" in (
        warnings[0].message_zh
    )
    assert "“活动”表中没有一行是“品牌评选”：1项目标因此按一个也没有计算" in warnings[1].message_zh


def test_a_table_with_a_header_and_no_row_is_the_bureau_saying_it_has_none(tmp_path):
    """平台与制度.csv with its header alone: no kind is warned of (as no table is)."""
    tables = bureau.register()
    tables["平台与制度"] = tables["平台与制度"][:1]
    assert _unrecorded(_run(tmp_path, PLAN, tables)) == []


@pytest.mark.parametrize("form", ["json", "markdown", "html", "text"])
def test_every_form_of_the_report_says_it(tmp_path, form):
    """``scoplan evaluate``: on standard error once, and in the report of every form."""
    folder = bureau.write(tmp_path / "台账")
    (tmp_path / "plan.toml").write_text(PLAN, encoding="utf-8")
    out = tmp_path / f"报告.{ {'markdown': 'md', 'text': 'txt'}.get(form, form) }"
    given = ["evaluate", str(folder), "--plan", str(tmp_path / "plan.toml")]
    given += ["--as-of", "2023-12-31", "--format", form, "-o", str(out)]
    result = CliRunner().invoke(main, given)
    assert result.exit_code in (0, 1), result.output
    said = "“平台与制度”表中没有一行是“工作方案”"
    assert result.stderr.count(said) == 1
    written = out.read_text(encoding="utf-8")
    if form == "json":
        codes = [w["code"] for w in json.loads(written)["warnings"]]
        assert codes.count("kind_unrecorded") == 2
        assert codes.count("kind_unrecorded_at_level") == 1
    else:
        assert said in written


def test_check_with_the_plan_says_them_as_evaluate_does(tmp_path):
    """``scoplan check DATA --plan PLAN`` gives the same three warnings, in the same words,
    as the evaluation of that plan (it said 未发现问题 of the bureau's own register while
    ``evaluate`` warned of 工作方案); without the plan it cannot know what is counted."""
    report = _run(tmp_path, PLAN)
    expected = [(w.code, w.value, w.message_zh) for w in _unrecorded(report)]
    assert len(expected) == 3
    folder = tmp_path / "台账"
    checkup = scoplan.check(folder, plan=scoplan.load_plan(tmp_path / "plan.toml"))
    found = [(p.code, p.value, describe_problem(p, "zh")) for p in checkup.problems]
    assert [f for f in found if f[0].startswith("kind_unrecorded")] == expected
    alone = scoplan.check(folder)
    assert not [p for p in alone.problems if p.code.startswith("kind_unrecorded")]
    result = CliRunner().invoke(main, ["check", str(folder), "--plan", str(tmp_path / "plan.toml")])
    assert result.exit_code == 0, result.output
    assert "没有一行是“工作方案”" in result.output
