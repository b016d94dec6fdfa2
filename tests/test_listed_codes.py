"""Commitments a city writes as a share of organizations of several codes (a user trial,
成都): 备案率 (``organization-share`` with ``value = ["登记", "备案"]``) and the share
serving special groups (``special-groups`` with a ``threshold``), against a register written
as a bureau writes it, the figures counted here from the rows written."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import bureau
import pytest
from click.testing import CliRunner

import scoplan
from scoplan import Status
from scoplan.cli import main
from scoplan.formats import RenderOptions
from scoplan.renderers import words

HEAD = """
id = "huangshan-trial"
title = "黄山市社区社会组织培育发展计划（试评）"
version = "1"
start = 2023-01-01
end = 2023-12-31

[area]
name = "黄山市"
districts = ["341002", "341021"]
"""

FILING_RATE = """
[[milestones]]
id = "filing-rate"
target = "organization-share"
due = 2023-12-31
[milestones.params]
column = "登记状态"
value = ["登记", "备案"]
comparator = "不低于"
threshold = 0.8
registration = ["登记", "备案", "未登记", "未填写"]
[[milestones.clauses]]
ref = "二（四）1"
text = "社区社会组织登记备案率达到80%以上"
"""

NOT_REGISTERED = """
[[milestones]]
id = "not-registered"
target = "organization-share"
due = 2023-12-31
[milestones.params]
column = "登记状态"
value = "未登记"
comparator = "不高于"
threshold = 0.2
registration = ["登记", "备案", "未登记", "未填写"]
"""

SPECIAL_GROUPS = """
[[milestones]]
id = "special-groups"
target = "special-groups"
due = 2023-12-31
params = { threshold = 0.8, comparator = "不低于" }
[[milestones.clauses]]
ref = "二（一）2"
text = "服务老年人、儿童等特殊群体的社区社会组织占比不低于80%"

[[milestones]]
id = "special-groups-count"
target = "special-groups"
due = 2023-12-31
"""

ELDERLY_OR_CHILDREN = """
[[milestones]]
id = "elderly-or-children"
target = "organization-share"
due = 2023-12-31
params = { column = "服务对象", value = ["老年人", "儿童"], threshold = 0.6 }
"""


def _register() -> bureau.Rows:
    """The bureau's organizations and one more, HS006, whose 登记状态 is left blank."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    blank = list(rows[-1])
    blank[bureau.column(rows, "编号")] = "HS006"
    blank[bureau.column(rows, "名称")] = "问政广场舞队"
    blank[bureau.column(rows, "登记状态")] = ""
    blank[bureau.column(rows, "服务对象")] = "老年人"
    rows.append(blank)
    return tables


def _organizations(tables: dict[str, bureau.Rows]) -> list[dict[str, str]]:
    rows = tables["社区社会组织"]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _run(tmp_path: Path, plan: str, *args: str) -> tuple[int, str, str]:
    tables = _register()
    data = bureau.write(tmp_path / "台账", tables)
    path = tmp_path / "计划.toml"
    path.write_text(HEAD + plan, encoding="utf-8")
    ran = CliRunner().invoke(
        main,
        ["evaluate", str(data), "--plan", str(path), "--as-of", "2023-12-31", *args],
        catch_exceptions=False,
    )
    return ran.exit_code, ran.stdout, ran.stderr


def _results(tmp_path: Path, plan: str) -> dict[str, dict]:
    _, out, err = _run(tmp_path, plan, "--format", "json")
    assert out, err
    return {r["milestone"]: r for r in json.loads(out)["results"]}


def test_the_filing_rate_counts_the_registered_or_filed_not_one_less_the_unregistered(
    tmp_path,
):
    """备案率 ≥ 80% over six organizations, one with 登记状态 blank: four are 登记 or 备案
    (4/6, not met), one 未登记 (1/6 ≤ 20%, met): the workaround “未登记 ≤ 20%” reverses the
    verdict, as the trial's 274/2746 did. The value lists the codes as the plan did."""
    organizations = _organizations(_register())
    total = len(organizations)
    done = sum(o["登记状态"] in ("登记", "备案") for o in organizations)
    none = sum(o["登记状态"] == "未登记" for o in organizations)
    assert (total, done, none) == (6, 4, 1)
    assert done / total != 1 - none / total  # the blank cell

    found = _results(tmp_path, FILING_RATE + NOT_REGISTERED)
    rate, workaround = found["filing-rate"], found["not-registered"]
    assert rate["value"] == pytest.approx(done / total)
    assert (rate["evidence"]["numerator"], rate["evidence"]["denominator"]) == (done, total)
    assert rate["status"] == Status.NOT_MET
    assert rate["evidence"]["details"]["value"] == ["registered", "filed"]
    assert rate["title"] == "全市登记或备案的社区社会组织占比（2023年）"
    assert rate["target_title"] == "登记或备案的社区社会组织占比"
    assert rate["title_en"] == (
        "Share of organizations whose registration is registered or filed, the whole city (2023)"
    )
    # 80% of six is 4.8: one more
    assert rate["gap"]["amount"] == math.ceil(0.8 * total) - done
    assert rate["gap"]["units_total"] == total - done
    assert workaround["value"] == pytest.approx(none / total)
    assert workaround["status"] == Status.MET


@pytest.mark.parametrize(
    "value",
    [["registered", "filed"], ["filed", "登记"], ["已登记", "已备案", "备案"], [" 登记 ", "Filed"]],
)
def test_each_code_of_the_list_is_read_as_one_value_is(value):
    """Codes, Chinese spellings, any order, repeated or in another case: the same codes, in
    the column's order, and the same title."""
    from scoplan.targets.generic import OrganizationShare

    params = OrganizationShare(column="登记状态", value=value, threshold=0.9)
    assert params.value == ("registered", "filed")
    assert params.what("zh", {}) == "登记或备案的社区社会组织占比"


def test_a_list_of_groups_served_flags_those_serving_any(tmp_path):
    """服务对象 is a list: an organization serving 老年人 or 儿童 (or both, once) is flagged,
    among the registered and filed (the default)."""
    organizations = [o for o in _organizations(_register()) if o["登记状态"] in ("登记", "备案")]
    serving = [o for o in organizations if {"老年人", "儿童"} & set(o["服务对象"].split("、"))]
    found = _results(tmp_path, ELDERLY_OR_CHILDREN)["elderly-or-children"]
    assert (found["evidence"]["numerator"], found["evidence"]["denominator"]) == (
        len(serving),
        len(organizations),
    )
    assert found["value"] == pytest.approx(len(serving) / len(organizations))
    assert found["evidence"]["details"]["value"] == ["elderly", "children"]
    assert found["title"] == "全市服务老年人或儿童的社区社会组织占比（2023年）"


def test_special_groups_with_a_threshold_is_the_share_serving_any_group_judged(tmp_path):
    """服务特殊群体的组织占比 ≥ 80%: of the four registered or filed, three serve a group
    (HS005 serves none), 75%: not met, one more needed. Without a threshold the milestone is
    still the count, reported only."""
    organizations = [o for o in _organizations(_register()) if o["登记状态"] in ("登记", "备案")]
    serving = [o for o in organizations if o["服务对象"]]
    assert (len(serving), len(organizations)) == (3, 4)

    found = _results(tmp_path, SPECIAL_GROUPS)
    share, count = found["special-groups"], found["special-groups-count"]
    assert share["status"] == Status.NOT_MET
    assert share["unit"] == "share"
    assert share["value"] == pytest.approx(len(serving) / len(organizations))
    assert (share["required"], share["comparator"]) == (0.8, ">=")
    assert share["gap"]["amount"] == math.ceil(0.8 * len(organizations)) - len(serving)
    assert share["title"] == "全市服务特定群体的社区社会组织占比（2023年）"
    assert share["evidence"]["details"]["by_group"]["elderly"] == sum(
        "老年人" in o["服务对象"].split("、") for o in organizations
    )
    assert [u["id"] for u in share["gap"]["units"]] == ["HS005"]
    assert count["status"] == Status.INFO
    assert count["value"] == len(serving)
    assert count["title"] == "全市服务特定群体的社区社会组织数（2023年）"


def test_special_groups_of_some_groups_names_them(tmp_path):
    """``groups = ["老年人"]``: the share serving the elderly, titled so."""
    organizations = [o for o in _organizations(_register()) if o["登记状态"] in ("登记", "备案")]
    elderly = [o for o in organizations if "老年人" in o["服务对象"].split("、")]
    plan = SPECIAL_GROUPS.replace("{ threshold = 0.8", '{ groups = ["老年人"], threshold = 0.5')
    share = _results(tmp_path, plan)["special-groups"]
    assert share["value"] == pytest.approx(len(elderly) / len(organizations))
    assert share["status"] == Status.MET
    assert share["title"] == "全市服务老年人的社区社会组织占比（2023年）"


def test_every_report_says_the_shares_in_chinese(tmp_path):
    """Text, Markdown, HTML and CSV: the titles, the calculation and the gaps in words, no
    code (registered, filed) nor list of codes."""
    plan = FILING_RATE + SPECIAL_GROUPS
    for fmt in ("text", "markdown", "html", "csv"):
        _, out, _ = _run(tmp_path, plan, "--format", fmt)
        assert "全市登记或备案的社区社会组织占比（2023年）" in out, fmt
        assert "全市服务特定群体的社区社会组织占比（2023年）" in out, fmt
        if fmt != "csv":  # its gap is a number and a noun
            assert "尚需再有1个社区社会组织符合条件（不符合的共2个）" in out, fmt
            assert "尚有1个社区社会组织未服务特定群体" in out, fmt
        for code in ("registered", "filed", "elderly", "['", "('"):
            assert code not in out, (fmt, code)
    _, out, _ = _run(tmp_path, plan, "--format", "text")
    assert "3个服务特定群体的组织，占4个组织的75.0%" in out


def test_a_judged_shares_calculation_is_rounded_as_its_value(tmp_path):
    """741 of 2471 organizations against 30% (the trial's): 29.99%, not met, and its
    calculation says 29.99% too, never 30.0%."""
    import attrs

    data = bureau.write(tmp_path / "台账", _register())
    path = tmp_path / "计划.toml"
    path.write_text(HEAD + SPECIAL_GROUPS, encoding="utf-8")
    plan = scoplan.load_plan(path)
    report = scoplan.evaluate(scoplan.load(data), plan, dt.date(2023, 12, 31))
    result = next(r for r in report.results if r.milestone == "special-groups")
    evidence = attrs.evolve(result.evidence, numerator=741, denominator=2471)
    result = attrs.evolve(result, evidence=evidence, value=741 / 2471, required=0.3)
    options = RenderOptions(lang="zh")
    assert words.measured(result, result.value) == "29.99%"
    assert words.evidence(result, options) == "741个服务特定群体的组织，占2471个组织的29.99%"


def test_a_code_of_the_list_that_is_none_is_a_plan_error_naming_the_codes(tmp_path):
    """``value = ["登记", "备按"]``: the milestone, the param, the value and the codes."""
    code, out, err = _run(tmp_path, FILING_RATE.replace('"备案"]', '"备按"]'))
    assert code == 2
    assert out == ""
    assert "“filing-rate”" in err
    assert "params.value" in err
    assert "“备按”" in err
    assert "registered（登记、已登记、依法登记）、filed（备案、已备案）" in err


def test_an_unknown_field_of_special_groups_names_the_fields_it_takes(tmp_path):
    """``share = 0.3`` is no field of special-groups: the message lists those it takes,
    threshold among them."""
    plan = SPECIAL_GROUPS.replace("{ threshold = 0.8", "{ share = 0.8")
    code, _, err = _run(tmp_path, plan)
    assert code == 2
    assert "未知的字段 share（这里可写的字段：threshold、comparator、groups、registration）" in err
