"""What changed between two reports (scoplan.diff) and the ``scoplan diff`` command."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import attrs
import pytest
from builders import (
    PLAN_HEAD,
    builtin_registry,
    community,
    district,
    establishment,
    milestone_toml,
    organization,
    organizations,
    township,
)
from click.testing import CliRunner

import scoplan
from scoplan import Status, compare, with_additions
from scoplan.cli import main
from scoplan.i18n import describe_problem
from scoplan.renderers.comparison import comparison_to_dict, render_comparison_text
from scoplan.testing import build_dataset

END_2021 = dt.date(2021, 12, 31)
END_2022 = dt.date(2022, 12, 31)
END_2023 = dt.date(2023, 12, 31)
EACH = {"each": True}


def two_districts():
    """D1 (C1 with 2 organizations, C2 with 2 founded 2023-03-01) and D2 (C3 with 2, C4 with
    2 of which one dissolves 2023-06-30); a service centre in D1 only."""
    return build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community(c, t) for c, t in (("C1", "T1"), ("C2", "T1"), ("C3", "T2"))]
        + [community("C4", "T2")],
        organizations=[
            *organizations("C1", 2),
            *organizations("C2", 2, founded=dt.date(2023, 3, 1)),
            *organizations("C3", 2),
            organization("C4-O0", "C4"),
            organization("C4-O1", "C4", dissolved=dt.date(2023, 6, 30)),
        ],
        establishments=[establishment("E1", "D1")],
    )


AVERAGE = milestone_toml("avg", "urban-average", END_2023, {"threshold": 2}, EACH)
CENTRES = milestone_toml("centres", "service-centres", END_2021, None, EACH)
OLD = milestone_toml("old", "urban-average", END_2021, {"threshold": 1})
NEW = milestone_toml("new", "urban-average", END_2023, {"threshold": 5})
BEFORE_PLAN = PLAN_HEAD + AVERAGE + CENTRES + OLD
AFTER_PLAN = PLAN_HEAD + AVERAGE + CENTRES + NEW


@pytest.fixture(scope="module")
def comparison() -> scoplan.Comparison:
    """The before plan as of 2022-12-31 compared with the after plan as of 2023-12-31."""
    data = two_districts()
    registry = builtin_registry()
    before = scoplan.evaluate(data, scoplan.parse_plan(BEFORE_PLAN), END_2022, registry=registry)
    after = scoplan.evaluate(data, scoplan.parse_plan(AFTER_PLAN), END_2023, registry=registry)
    return compare(before, after)


def by_key(comparison):
    """The changes by (milestone, scope id)."""
    return {(c.milestone, c.scope_id): c for c in comparison.changes}


def test_statuses_that_changed(comparison):
    """D1's average rises to met, D2's falls to not met; the centres stay as they were."""
    changes = by_key(comparison)
    # D1 2022-12-31: (2 + 0) / 2 = 1, flat since 2020: off track; 2023-12-31: (2 + 2) / 2 = 2
    # D2 2022-12-31: (2 + 2) / 2 = 2, met; 2023-12-31: (2 + 1) / 2 = 1.5 < 2, not met
    assert (changes["avg", "D1"].status_before, changes["avg", "D1"].status_after) == (
        Status.OFF_TRACK,
        Status.MET,
    )
    assert (changes["avg", "D2"].status_before, changes["avg", "D2"].status_after) == (
        Status.MET,
        Status.NOT_MET,
    )
    assert [(c.milestone, c.scope_id) for c in comparison.flipped()] == [
        ("avg", "D1"),
        ("avg", "D2"),
    ]
    # the centres: D1 met both times, D2 not met both times with 0 both times
    assert changes["centres", "D1"].changed is False
    assert changes["centres", "D2"].changed is False
    assert comparison.changed() == comparison.flipped()


def test_value_deltas(comparison):
    """D1's mean moves by +1, D2's by -0.5, the centres' by 0."""
    changes = by_key(comparison)
    # D1: 2 - 1 = +1; D2: 1.5 - 2 = -0.5
    assert (changes["avg", "D1"].value_before, changes["avg", "D1"].value_after) == (1.0, 2.0)
    assert changes["avg", "D1"].delta == 1.0
    assert changes["avg", "D2"].delta == -0.5
    assert changes["centres", "D2"].delta == 0.0


def test_units_of_a_milestone_met_on_one_side_are_not_said_to_move(comparison):
    """D1 is met after, D2 was met before: a report of a milestone met as a whole lists no
    short units, so C2 is not said to have left D1's shortfall (the later report does not
    say so) nor C4 to have entered D2's (the earlier one does not say it was not short)."""
    changes = by_key(comparison)
    # before: C2 has 0 < 2, D1 short; after: D1 met, nothing listed
    assert [u.id for u in changes["avg", "D1"].unlisted] == ["C2"]
    assert (changes["avg", "D1"].left, changes["avg", "D1"].entered) == ((), ())
    # before: D2 met, nothing listed; after: C4 has 1 < 2
    newly = [(u.id, u.value, u.need) for u in changes["avg", "D2"].newly_listed]
    assert newly == [("C4", 1.0, 1.0)]
    assert (changes["avg", "D2"].left, changes["avg", "D2"].entered) == ((), ())
    assert not any(c.partial for c in comparison.changes)


def test_results_in_only_one_report(comparison):
    """``old`` is only in the earlier report and ``new`` only in the later, each with status."""
    # old: (2 + 0 + 2 + 2) / 4 = 1.5 >= 1 on 2021-12-31; new: (2 + 2 + 2 + 1) / 4 = 1.75 < 5
    assert [(r.milestone, r.scope_id, r.status) for r in comparison.only_before] == [
        ("old", "city", Status.MET)
    ]
    assert [(r.milestone, r.scope_id, r.status) for r in comparison.only_after] == [
        ("new", "city", Status.NOT_MET)
    ]
    assert {c.milestone for c in comparison.changes} == {"avg", "centres"}


def test_the_comparison_names_both_reports(comparison):
    """The dates, the fingerprints (the same data) and the plan are kept."""
    assert (comparison.before_as_of, comparison.after_as_of) == (END_2022, END_2023)
    assert comparison.before_fingerprint == comparison.after_fingerprint
    assert comparison.plan_id == "test-plan"


def test_comparison_json_and_text(comparison):
    """The JSON form counts and flags the changes; the text names each changed milestone."""
    plain = json.loads(json.dumps(comparison_to_dict(comparison), ensure_ascii=False))
    # 4 matched (avg and centres, two districts each); 2 changed, both in status
    assert plain["summary"] == {"matched": 4, "changed": 2, "status_changed": 2}
    flagged = {(c["milestone"], c["scope_id"]): c for c in plain["changes"]}
    assert flagged["avg", "D2"]["delta"] == -0.5
    assert flagged["avg", "D2"]["status_changed"] is True
    assert flagged["centres", "D1"]["changed"] is False
    text = render_comparison_text(comparison, "en")
    assert "★ Mean organizations per urban community, 区D1 (2023): off track → met" in text
    assert "★ Mean organizations per urban community, 区D2 (2023): met → not met" in text
    assert "no longer short" not in text
    assert (
        "now met as a whole, so the later report no longer lists short units one by one"
        " (the earlier report listed 1)" in text
    )
    assert "met as a whole before, when short units were not listed; short now: 社区C4 (C4)" in text
    assert [c["id"] for c in flagged["avg", "D1"]["unlisted"]] == ["C2"]
    assert flagged["avg", "D1"]["left"] == []
    assert "centres" not in text
    assert (
        "Mean organizations per urban community, the whole city (2021): only in the earlier report"
        in text
    )
    assert (
        "Mean organizations per urban community, the whole city (2023): only in the later report"
        in text
    )


def test_partial_when_a_report_lists_only_some_units():
    """With ``listed=1`` each report lists one short unit, flagged partial: a unit one lists
    that the other does not is not said to have left (or entered) the shortfall, for the
    other does not list every short unit (a user trial: 南水回族居委会, still short, was said
    to be no longer short when it merely fell off a ``--listed 3`` list); it is ``unlisted``
    (or ``newly_listed``). Reports listing every unit say who moved."""
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community(c, "T1") for c in ("C1", "C2", "C3")],
    )
    more = with_additions(
        data,
        organizations=[
            {
                "id": "N1",
                "community_id": "C1",
                "name": "新",
                "founded": END_2021,
                "registration": "filed",
            }
        ],
    )
    plan = scoplan.parse_plan(
        PLAN_HEAD + milestone_toml("m", "urban-average", END_2022, {"threshold": 1})
    )
    registry = builtin_registry()

    def pair(listed):
        return compare(
            scoplan.evaluate(data, plan, END_2023, registry=registry, listed=listed),
            scoplan.evaluate(more, plan, END_2023, registry=registry, listed=listed),
        )

    (change,) = pair(1).changes
    # before C1, C2, C3 all short (C1 listed first by id); after C2 and C3 (C2 listed)
    assert change.partial is True
    assert (change.entered, change.left) == ((), ())
    assert [u.id for u in change.unlisted] == ["C1"]
    assert [u.id for u in change.newly_listed] == ["C2"]
    text = render_comparison_text(change_comparison := pair(1), "zh")
    assert "不再未达标" not in text
    assert "新增未达标" not in text
    assert "之后的报告没有列出全部未达标单位，之前列出的1个未见于其中" in text
    assert change_comparison.changes[0].unlisted[0].id == "C1"
    (full,) = pair(None).changes
    assert full.partial is False
    assert ([u.id for u in full.entered], [u.id for u in full.left]) == ([], ["C1"])
    # 0 / 3 → 1 / 3, not met either way
    assert full.delta == pytest.approx(1 / 3)
    assert full.status_changed is False


# -- reports built by hand -------------------------------------------------------------------


def hand_report(as_of: str, status: str, value: float | None, short=None, **more) -> scoplan.Report:
    """A report of one milestone (``m``, the share of 中心城区's townships covered, due
    2026-12-31) as of ``as_of``: ``short`` the townships it lists as short (ids; None: no
    gap, as a milestone met as a whole has), each covered by nothing (value 0)."""
    units = [
        {"level": "township", "id": t, "name": f"镇{t}", "value": 0.0, "need": None}
        for t in short or ()
    ]
    gap = None
    if short is not None:
        amount, noun, total = len(units), "townships", len(units)
        gap = {"amount": amount, "noun": noun, "on": as_of, "units": units, "units_total": total}
    result = {
        "milestone": "m",
        "target": "coverage",
        "title": "中心城区公益创投活动乡镇（街道）覆盖率（2026年）",
        "title_en": "Venture coverage of townships, central urban area (2026)",
        "scope": {"level": "group", "id": "central", "name": "中心城区"},
        "due": "2026-12-31",
        "status": status,
        "measured_on": as_of,
        "value": value,
        "unit": "share",
        "gap": gap,
    }
    result.update(more)
    return report_of(as_of, [result])


def report_of(as_of: str, results: list[dict]) -> scoplan.Report:
    """A version 3 report of plan ``p`` as of ``as_of`` holding ``results``."""
    report = {
        "schema_version": 3,
        "plan_id": "p",
        "plan_title": "p",
        "plan_version": "1",
        "as_of": as_of,
        "scoplan_version": "0",
        "fingerprint": "f" * 12,
        "results": results,
    }
    return scoplan.Report.from_dict(report)


def test_a_unit_that_caught_up_is_no_longer_short():
    """Both reports list the short townships: T1 and T2 are covered since, T3 is not."""
    before = hand_report("2024-06-30", "off_track", 0.25, ["T1", "T2", "T3"])
    after = hand_report("2024-12-31", "off_track", 0.5, ["T3"])
    (change,) = compare(before, after).changes
    assert [u.id for u in change.left] == ["T1", "T2"]
    assert (change.entered, change.unlisted, change.newly_listed) == ((), (), ())
    lines = render_comparison_text(compare(before, after), "zh").splitlines()
    assert "    不再未达标：镇T1（T1）、镇T2（T2）" in lines


def test_the_api_tells_two_plans_and_a_reversed_pair():
    """``scoplan.compare`` compares whatever it is given, as ``scoplan diff`` does after its
    warnings, and tells a program what the command warns of: reports of two plans
    (``plans_differ``) and a first report dated after the second (``reversed``)."""
    h1 = hand_report("2024-06-30", "off_track", 0.25, ["T1"])
    h2 = hand_report("2024-12-31", "off_track", 0.5, ["T1"])
    assert (compare(h1, h2).plans_differ, compare(h1, h2).reversed) == (False, False)
    assert compare(h2, h1).reversed is True
    other = attrs.evolve(h2, plan_id="q")
    comparison = compare(h1, other)
    assert (comparison.plans_differ, comparison.before_plan_id, comparison.plan_id) == (
        True,
        "p",
        "q",
    )
    assert len(comparison.changes) == 1  # matched by milestone id all the same


def test_the_api_refuses_two_plans_with_no_result_in_common():
    """Two reports of different plans whose milestones share no id: ``scoplan.compare``
    raises the error ``scoplan diff`` says (a developer trial: an empty comparison came
    back, which reads as "nothing changed"), naming both plans in both languages."""
    h1 = hand_report("2024-06-30", "off_track", 0.25, ["T1"])
    h2 = hand_report("2024-12-31", "off_track", 0.5, ["T1"])
    other = attrs.evolve(
        h2,
        plan_id="q",
        plan_title="另一个计划",
        results=tuple(attrs.evolve(r, milestone="n") for r in h2.results),
    )
    with pytest.raises(scoplan.ScoplanError) as raised:
        compare(h1, other)
    (problem,) = raised.value.problems
    assert (problem.code, problem.params["before_id"], problem.params["after_id"]) == (
        "diff_other_plan",
        "p",
        "q",
    )
    assert "之后的报告属于《另一个计划》（q）" in describe_problem(problem, "zh")


def test_a_result_not_judged_on_one_side_lists_no_units_partially():
    """数据未覆盖（不评判） before, 2 townships short after (a county trial read
    之前的报告没有列出全部未达标单位 of a result the earlier report did not judge at all): said
    as not judged, not as a partial listing; the same the other way round."""
    unjudged = hand_report("2024-06-30", "not_covered", None, None)
    short = hand_report("2024-12-31", "off_track", 0.25, ["T1", "T2"])
    assert lines_of(unjudged, short, "zh")[1:] == [
        "★ 中心城区公益创投活动乡镇（街道）覆盖率（2026年）：数据未覆盖（不评判） → 进度滞后；"
        "— → 25.0%",
    ]
    text = render_comparison_text(compare(unjudged, short), "zh").splitlines()
    assert text[5] == "    之前未评判；现未达标：镇T1（T1）、镇T2（T2）"
    back = render_comparison_text(compare(short, unjudged), "zh").splitlines()
    assert back[5] == "    之后未评判，之前列出的2个未达标单位无从比较"
    english = render_comparison_text(compare(unjudged, short), "en").splitlines()
    assert english[5].startswith("    not judged before; short now")


def test_the_units_are_listed_as_each_language_lists():
    """Two townships that caught up (both reports list every short unit): in Chinese joined
    with 、, in English with a comma, as every other English list (a user trial found 、 in
    the English diff)."""
    before = hand_report("2024-06-30", "off_track", 0.25, ["T1", "T2", "T3"])
    after = hand_report("2024-12-31", "off_track", 0.75, ["T3"])
    comparison = compare(before, after)
    assert [u.id for u in comparison.changes[0].left] == ["T1", "T2"]
    zh = render_comparison_text(comparison, "zh")
    en = render_comparison_text(comparison, "en")
    assert "镇T1（T1）、镇T2（T2）" in zh
    assert "镇T1 (T1), 镇T2 (T2)" in en
    assert "、" not in en.split("\n", 3)[3]  # after the header (the data's own names)


def test_units_of_a_milestone_met_as_a_whole_are_not_said_to_have_caught_up():
    """The trial's 公益创投: 27 townships short as of 2024-06-30, the milestone met by
    2024-12-31 with 8 more covered. A met milestone lists no short units, so none of the
    27 is said to be no longer short; the diff says the milestone is met as a whole and
    its units are no longer listed (T1 was never covered)."""
    before = hand_report("2024-06-30", "pending", 0.15625, ["T1", "T2", "T3"])
    after = hand_report("2024-12-31", "met", 0.40625)
    comparison = compare(before, after)
    (change,) = comparison.changes
    assert change.left == ()
    assert [u.id for u in change.unlisted] == ["T1", "T2", "T3"]
    assert change.changed is True
    zh = render_comparison_text(comparison, "zh")
    assert "不再未达标" not in zh
    assert "镇T1" not in zh
    assert (
        "    现已整体达标，之后的报告因此不再逐一列出未达标单位（之前的报告列出3个）；"
        "这些单位是否都已达标，从两份报告中看不出" in zh.splitlines()
    )
    en = render_comparison_text(comparison, "en")
    assert "no longer short" not in en
    assert (
        "now met as a whole, so the later report no longer lists short units one by one"
        " (the earlier report listed 3)" in en
    )
    plain = json.loads(json.dumps(comparison_to_dict(comparison), ensure_ascii=False))
    assert plain["changes"][0]["left"] == []
    assert [u["id"] for u in plain["changes"][0]["unlisted"]] == ["T1", "T2", "T3"]


def test_units_of_a_report_with_no_gap_are_not_said_to_have_caught_up():
    """A later report that lists no units though the milestone is not met (an error) says
    nothing of the units either: it did not judge them, and says so."""
    before = hand_report("2024-06-30", "off_track", 0.25, ["T1", "T2"])
    after = hand_report("2024-12-31", "error", None, message="boom")
    (change,) = compare(before, after).changes
    assert (change.left, [u.id for u in change.unlisted]) == ((), ["T1", "T2"])
    text = render_comparison_text(compare(before, after), "zh")
    assert "之后未评判，之前列出的2个未达标单位无从比较" in text
    assert "不再未达标" not in text


def test_units_short_after_a_milestone_met_before_are_not_said_to_enter():
    """A milestone met as of the earlier date lists no units: those listed later are short
    now, not known to have become short since."""
    before = hand_report("2024-06-30", "met", 0.5)
    after = hand_report("2024-12-31", "off_track", 0.25, ["T1"])
    comparison = compare(before, after)
    (change,) = comparison.changes
    assert (change.entered, [u.id for u in change.newly_listed]) == ((), ["T1"])
    lines = render_comparison_text(comparison, "zh").splitlines()
    assert "    之前整体已达标，未逐一列出未达标单位；现未达标：镇T1（T1）" in lines
    assert not any("新增未达标" in line for line in lines)


def test_the_scope_itself_is_no_longer_short_once_its_milestone_is_met():
    """A district short of its own training (the unit is the scope) is no longer short
    when the milestone is met: its own value is the result's."""

    def training(as_of, status, value, short):
        gap = None
        if short:
            unit = {"level": "district", "id": "D1", "name": "区1", "value": 0.0, "need": 1}
            gap = {"amount": 1, "noun": "trainings", "on": as_of, "units": [unit]}
            gap["units_total"] = 1
        scope = {"scope": {"level": "district", "id": "D1", "name": "区1"}}
        return hand_report(as_of, status, value, unit="count", gap=gap, **scope)

    before = training("2024-06-30", "pending", 0, short=True)
    after = training("2024-12-31", "met", 1, short=False)
    (change,) = compare(before, after).changes
    assert ([u.id for u in change.left], change.unlisted) == (["D1"], ())


def brands(as_of, status, value, short, **more):
    """The whole area's count of brand organizations (the unit short is the city itself,
    id ``city``): 19 of 25 as of ``as_of``, 6 short where ``short``."""
    gap = None
    if short:
        unit = {"level": "city", "id": "city", "name": "东莞市", "value": 19.0, "need": 6}
        gap = {"amount": 6, "noun": "organizations", "on": as_of, "units": [unit]}
        gap["units_total"] = 1
    scope = {"scope": {"level": "city", "id": "city", "name": "东莞市"}}
    return hand_report(as_of, status, value, unit="count", gap=gap, **scope, **more)


def test_the_whole_area_caught_up_is_said_as_a_bureau_says_it():
    """The whole area short of a count, then met: not a unit of a list, ``不再未达标：东莞市``
    (nor ``东莞市（city）``, a code no reader knows: a 东莞 trial), but ``全市已达标`` (a
    section chief's trial), the plan's word for its whole area."""
    before = brands("2022-12-31", "on_track", 19, short=True)
    after = brands("2023-12-31", "met", 25, short=False)
    text = render_comparison_text(compare(before, after), "zh")
    assert "\n    全市已达标\n" in text
    assert "不再未达标" not in text
    assert "（city）" not in text
    english = render_comparison_text(compare(before, after), "en")
    assert "\n    the whole city now meets it\n" in english
    assert "Dongguan (city)" not in english
    assert "whole" not in comparison_to_dict(compare(before, after))  # a word of the text's


def test_the_whole_area_falling_short_is_said_as_a_bureau_says_it():
    """Met, then short (a brand organization dissolved): ``全市现未达标``, not
    ``新增未达标：东莞市``."""
    before = brands("2022-12-31", "met", 25, short=False)
    after = brands("2023-06-30", "off_track", 19, short=True)
    (change,) = compare(before, after).changes
    assert [u.id for u in change.entered] == ["city"]
    text = render_comparison_text(compare(before, after), "zh")
    assert "\n    全市现未达标\n" in text
    assert "新增未达标" not in text


def test_a_provinces_whole_area_is_its_own_word():
    """A province's plan calls its whole area 全省 (its reports' ``where.city``)."""
    terms = {"terms": {"zh": {"where.city": "全省"}, "en": {"where.city": "the province"}}}
    before = brands("2022-12-31", "on_track", 19, short=True)
    after = attrs.evolve(brands("2023-12-31", "met", 25, short=False), **terms)
    assert "\n    全省已达标\n" in render_comparison_text(compare(before, after), "zh")
    assert "the province now meets it" in render_comparison_text(compare(before, after), "en")


def test_a_district_caught_up_on_its_own_milestone_is_said_by_its_name():
    """A district's own training (the unit is the scope): ``区1已达标``, not
    ``不再未达标：区1（D1）``."""

    def training(as_of, status, value, short):
        gap = None
        if short:
            unit = {"level": "district", "id": "D1", "name": "区1", "value": 0.0, "need": 1}
            gap = {"amount": 1, "noun": "trainings", "on": as_of, "units": [unit]}
            gap["units_total"] = 1
        scope = {"scope": {"level": "district", "id": "D1", "name": "区1"}}
        return hand_report(as_of, status, value, unit="count", gap=gap, **scope)

    before = training("2024-06-30", "pending", 0, short=True)
    after = training("2024-12-31", "met", 1, short=False)
    text = render_comparison_text(compare(before, after), "zh")
    assert "\n    区1已达标\n" in text
    assert "（D1）" not in text


def test_a_change_adds_up_to_the_values_shown():
    """Each change is reckoned from the values as shown: 1.04 → 1.06 shows 1.0 → 1.1, so
    +0.1 (before, +0.0); 0.974 → 0.996 would show 1.0 → 1.0 and is shown to two decimals."""

    def mean(value_before, value_after):
        reports = (
            hand_report(day, "off_track", value, [], unit="per_community")
            for day, value in (("2024-06-30", value_before), ("2024-12-31", value_after))
        )
        return render_comparison_text(compare(*reports), "zh").splitlines()[4]

    assert mean(1.04, 1.06).endswith("进度滞后；1.0个/社区 → 1.1个/社区（+0.1）")
    assert mean(0.974, 0.996).endswith("进度滞后；0.97个/社区 → 1.00个/社区（+0.03）")
    assert mean(1.06, 1.04).endswith("进度滞后；1.1个/社区 → 1.0个/社区（−0.1）")


def test_a_share_changes_by_percentage_points():
    """40.625% → 43.75% shows 40.6% → 43.8%: a change of 3.2 percentage points (43.8 − 40.6),
    not "+3.1%" (the unrounded 3.125, read as growth of 3.1%)."""
    before = hand_report("2024-06-30", "off_track", 0.40625, [])
    after = hand_report("2024-12-31", "off_track", 0.4375, [])
    comparison = compare(before, after)
    zh = render_comparison_text(comparison, "zh").splitlines()[4]
    assert zh.endswith("进度滞后；40.6% → 43.8%（+3.2个百分点）")
    en = render_comparison_text(comparison, "en").splitlines()[4]
    assert en.endswith("off track; 40.6% → 43.8% (+3.2 pp)")
    # the JSON keeps the values whole, and their change: 0.4375 − 0.40625
    (plain,) = comparison_to_dict(comparison)["changes"]
    assert (plain["value_before"], plain["value_after"], plain["delta"]) == (
        0.40625,
        0.4375,
        0.03125,
    )


def test_a_value_short_of_its_requirement_never_shows_as_meeting_it():
    """99.96% of a ``>= 100%`` requirement is short: shown ``99.96%``, never ``100.0%``, as
    each report shows it — here beside 95.0%, from which it would differ at one decimal, and
    against a dash where the older report had no value. 99.96% of a ``>= 99%`` one meets it:
    ``100.0%`` is then true and is what is shown."""

    def line(value_before, value_after, required=1.0):
        reports = (
            hand_report(day, "off_track", value, [], comparator=">=", required=required)
            for day, value in (("2024-06-30", value_before), ("2024-12-31", value_after))
        )
        return lines_of(*reports, "zh")[1].split("；")[-1]

    assert line(0.9996, 0.95) == "99.96% → 95.00%（−4.96个百分点）"
    assert line(0.95, 0.9996) == "95.00% → 99.96%（+4.96个百分点）"
    assert line(None, 0.9996) == "— → 99.96%"
    assert line(0.9996, 0.95, required=0.99) == "100.0% → 95.0%（−5.0个百分点）"


def lines_of(before: scoplan.Report, after: scoplan.Report, lang: str) -> list[str]:
    """The text comparison's summary and its one result's line."""
    return render_comparison_text(compare(before, after), lang).splitlines()[3:5]


def test_a_status_that_changed_alone_is_said_alone():
    """43.75% both times, pending then off track: the status change, and no "0 → 0（+0）"
    (a trial read ``待定 → 进度滞后；43.8% → 43.8%（+0.0个百分点）``)."""
    before = hand_report("2024-06-30", "pending", 0.4375, [])
    after = hand_report("2024-12-31", "off_track", 0.4375, [])
    assert lines_of(before, after, "zh") == [
        "1项结果中1项有变化，其中1项状态改变",
        "★ 中心城区公益创投活动乡镇（街道）覆盖率（2026年）：待定 → 进度滞后",
    ]
    assert lines_of(before, after, "en")[1].split(": ")[-1] == "pending → off track"


def test_values_are_shown_with_their_unit_as_the_reports_show_them():
    """A count with its unit (``12个``), a training's in 次, a mean per community; a value
    that appears is shown against a dash, which has no unit."""

    def line(value_before, value_after, lang="zh", **more):
        reports = (
            hand_report(day, "off_track", value, [], **more)
            for day, value in (("2024-06-30", value_before), ("2024-12-31", value_after))
        )
        return lines_of(*reports, lang)[1].split("：" if lang == "zh" else ": ")[-1]

    assert line(12, 15, unit="count", target="establishments") == "进度滞后；12个 → 15个（+3）"
    assert line(12, 15, "en", unit="count", target="establishments") == "off track; 12 → 15 (+3)"
    assert line(0, 1, unit="count", target="trainings") == "进度滞后；0次 → 1次（+1）"
    assert line(None, 1.1, unit="per_community") == "进度滞后；— → 1.1个/社区"
    assert line(1.0, 1.1, "en", unit="per_community") == (
        "off track; 1.0 per community → 1.1 per community (+0.1)"
    )


def test_the_summary_says_plainly_that_no_status_changed():
    """A value moved but no status: "状态均未改变", not "其中0项状态改变"; nothing moved: "均无
    变化"."""
    moved = (
        hand_report("2024-06-30", "off_track", 0.25, []),
        hand_report("2024-12-31", "off_track", 0.5, []),
    )
    assert lines_of(*moved, "zh")[0] == "1项结果中1项有变化，状态均未改变"
    assert lines_of(*moved, "en")[0] == "1 of 1 results changed; none changed status"
    still = (
        hand_report("2024-06-30", "off_track", 0.5, []),
        hand_report("2024-12-31", "off_track", 0.5, []),
    )
    assert lines_of(*still, "zh")[0] == "1项结果均无变化"
    assert lines_of(*still, "en")[0] == "none of the 1 results changed"


# -- scoplan diff ---------------------------------------------------------------------------------


def run(*args: str):
    """Invoke the command in-process."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def year_reports(tmp_path_factory) -> tuple[Path, Path]:
    """The bundled example's JSON reports of ``--year 2022`` and ``--year 2023``."""
    folder = tmp_path_factory.mktemp("reports")
    paths = (folder / "2022.json", folder / "2023.json")
    for year, path in zip(("2022", "2023"), paths, strict=True):
        result = run("evaluate", "--year", year, "--format", "json", "-o", str(path))
        assert result.exit_code in (0, 1)
    return paths


def statuses(path: Path) -> dict[tuple[str, str], str]:
    """(milestone, scope id) → status of a JSON report."""
    report = json.loads(path.read_text(encoding="utf-8"))
    return {(r["milestone"], r["scope"]["id"]): r["status"] for r in report["results"]}


def test_diff_lists_the_milestones_that_changed_status(year_reports):
    """Between 2022 and 2023 the diff flags exactly the results whose status differs."""
    old, new = year_reports
    before, after = statuses(old), statuses(new)
    expected = {key for key in before if before[key] != after[key]}
    # the city's urban mean is due 2023-12-31: projected at the end of 2022, judged in 2023
    assert ("urban-average-city-2023", "city") in expected
    assert after["urban-average-city-2023", "city"] == "not_met"
    result = run("diff", str(old), str(new), "--format", "json")
    assert result.exit_code == 1
    plain = json.loads(result.stdout)
    flipped = {(c["milestone"], c["scope_id"]) for c in plain["changes"] if c["status_changed"]}
    assert flipped == expected
    assert plain["summary"]["status_changed"] == len(expected)
    assert plain["summary"]["matched"] == len(before)
    assert (plain["before_as_of"], plain["after_as_of"]) == ("2022-12-31", "2023-12-31")


def test_diff_text_names_each_changed_milestone(year_reports):
    """The text diff marks every milestone whose status changed with a star, in both languages."""
    old, new = year_reports
    before, after = statuses(old), statuses(new)
    report = json.loads(new.read_text(encoding="utf-8"))
    titles = {(r["milestone"], r["scope"]["id"]): r["title_en"] for r in report["results"]}
    changed = {titles[key] for key, status in before.items() if after[key] != status}
    english = run("diff", str(old), str(new), "--lang", "en")
    assert english.exit_code == 1
    starred = [line[2:] for line in english.stdout.splitlines() if line[:1] == "★"]
    # each changed result's line begins with its title, which names its scope already
    assert len(starred) == len(changed)
    assert all(sum(line.startswith(f"{title}: ") for line in starred) == 1 for title in changed)
    assert "What changed between two reports" in english.stdout
    chinese = run("diff", str(old), str(new))
    assert "两份报告的变化" in chinese.stdout
    assert "★ 全市城市社区平均社区社会组织数（2023年）：" in chinese.stdout
    # a milestone is named by its title, which says where and when: no plan id (a slug an
    # official cannot quote) after it
    assert "urban-average-city-2023" not in chinese.stdout
    assert "urban-average-city-2023" not in english.stdout


def test_scoplan_diff_writes_dates_as_each_language_does(year_reports):
    """``scoplan diff`` in Chinese dates the reports of ``--year 2022`` and ``--year 2023``
    as every Chinese report does (2022年12月31日), never ISO (a trial read 之后：2023-12-31);
    in English, ISO."""
    old, new = year_reports
    chinese = run("diff", str(old), str(new)).stdout.splitlines()
    assert [line.split("（")[0] for line in chinese[1:3]] == [
        "之前：2022年12月31日",
        "之后：2023年12月31日",
    ]
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}", line) for line in chinese)
    english = run("diff", str(old), str(new), "--lang", "en").stdout.splitlines()
    assert [line.split(" (")[0] for line in english[1:3]] == [
        "Before: 2022-12-31",
        "After: 2023-12-31",
    ]


def test_a_group_is_named_once_in_either_language(year_reports):
    """A group's milestone is named as every report names it: its English title says
    "central urban area", and no Chinese name of the group follows it (before, the line
    read "…, central urban area (2023) · 中心城区: …"); the Chinese title names 中心城区."""
    old, new = year_reports
    english = run("diff", str(old), str(new), "--lang", "en").stdout
    central = "★ Township social-venture (gongyi chuangtou) coverage, central urban area (2023): "
    other = "other districts and counties (2023): pending → not met"
    assert sum(line.startswith(central) for line in english.splitlines()) == 1
    assert other in english
    for name in ("中心城区", "其他区县"):
        assert f"· {name}" not in english
    chinese = run("diff", str(old), str(new)).stdout
    assert "★ 中心城区公益创投活动乡镇（街道）覆盖率（2023年）：待定 → 未完成" in chinese
    assert "★ 其他区县公益创投活动区县覆盖率（2023年）：待定 → 未完成" in chinese
    assert "· 中心城区" not in chinese
    plain = json.loads(run("diff", str(old), str(new), "--format", "json").stdout)
    scopes = {(c["scope_id"], c["scope_level"], c["scope_name_en"]) for c in plain["changes"]}
    assert ("central", "group", "central urban area") in scopes


def test_diff_of_a_report_with_itself_exits_0(year_reports):
    """Comparing a report with itself changes nothing: exit 0 and no star."""
    old, _ = year_reports
    result = run("diff", str(old), str(old), "--format", "json")
    assert result.exit_code == 0
    plain = json.loads(result.stdout)
    assert plain["summary"]["changed"] == plain["summary"]["status_changed"] == 0
    assert plain["only_before"] == plain["only_after"] == []


ANQING = "安庆市社区社会组织培育发展三年行动方案（2024—2026年）"
HUANGSHAN = "黄山市培育发展社区社会组织专项行动计划（2021—2023年）"


def another_plan(path: Path, folder: Path, *, same_ids: bool) -> Path:
    """The report at ``path`` as if of another plan (Anqing's, with no English title):
    its milestones' ids kept (a successor reusing them) or all renamed."""
    report = json.loads(path.read_text(encoding="utf-8"))
    report.update(plan_id="anqing-2024-2026", plan_title=ANQING, plan_title_en="")
    if not same_ids:
        for result in report["results"]:
            result["milestone"] = "aq-" + result["milestone"]
    other = folder / f"anqing-{same_ids}.json"
    other.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return other


def test_diff_of_two_plans_with_no_result_in_common_exits_2(year_reports, tmp_path):
    """A Huangshan report and an Anqing one (a trial: "0项结果中0项有变化", 88 lines of
    仅见于…, exit 0): refused, both plans named by title and id, nothing on standard output."""
    old, new = year_reports
    other = another_plan(new, tmp_path, same_ids=False)
    chinese = run("diff", str(old), str(other))
    assert chinese.exit_code == 2
    assert chinese.stdout == ""
    assert chinese.stderr == (
        f"错误：{other}：两份报告属于不同的计划：之前的报告属于《{HUANGSHAN}》"
        f"（huangshan-2021-2023），之后的报告属于《{ANQING}》（anqing-2024-2026），"
        "没有一项结果相互对应，无从比较\n"
    )
    english = run("diff", str(old), str(other), "--lang", "en")
    assert english.exit_code == 2
    assert english.stderr == (
        f"error: {other}: the two reports are of different plans, the earlier report of "
        "“Huangshan action plan for community social organizations, 2021–2023” "
        f"(huangshan-2021-2023), the later of “{ANQING}” (anqing-2024-2026): no result "
        "matches, so there is nothing to compare\n"
    )


def test_diff_of_two_plans_sharing_ids_warns_and_compares(year_reports, tmp_path):
    """A plan's successor reusing its milestones' ids: a warning naming both plans, then
    the comparison, its exit code as usual (1: statuses changed from 2022 to 2023)."""
    old, new = year_reports
    other = another_plan(new, tmp_path, same_ids=True)
    matched = len(statuses(old))
    result = run("diff", str(old), str(other))
    assert result.exit_code == 1
    assert result.stderr == (
        f"警告：{other}：两份报告属于不同的计划：之前的报告属于《{HUANGSHAN}》"
        f"（huangshan-2021-2023），之后的报告属于《{ANQING}》（anqing-2024-2026）；"
        f"以下只比较两者编号相同的{matched}项结果\n"
    )
    assert result.stdout.splitlines()[0] == "两份报告的变化"
    assert "★ 全市城市社区平均社区社会组织数（2023年）：" in result.stdout
    english = run("diff", str(old), str(other), "--lang", "en", "--format", "json")
    assert english.exit_code == 1
    assert english.stderr.startswith(f"warning: {other}: the two reports are of different plans")
    assert english.stderr.endswith(f"only the {matched} results with the same ids are compared\n")
    assert json.loads(english.stdout)["summary"]["matched"] == matched


def test_diff_warns_of_a_first_report_dated_after_the_second(year_reports):
    """The 2023 report first (a trial: 之前：2024-12-31 … 之后：2024-06-30, every change
    backwards, no word): a warning, then the comparison as given; the same or a later date
    second: no warning."""
    old, new = year_reports
    result = run("diff", str(new), str(old))
    assert result.exit_code == 1
    assert result.stderr == (
        f"警告：{new}：第一份报告的日期（2023年12月31日）晚于第二份（2022年12月31日）："
        "两个文件的顺序是否颠倒了？以下仍按所给顺序比较，第一份为“之前”\n"
    )
    assert [line.split("（")[0] for line in result.stdout.splitlines()[1:3]] == [
        "之前：2023年12月31日",
        "之后：2022年12月31日",
    ]
    english = run("diff", str(new), str(old), "--lang", "en")
    assert english.stderr == (
        f"warning: {new}: the first report is dated 2023-12-31, after the second (2022-12-31):"
        " are the files in the wrong order? Compared as given, the first as before\n"
    )
    assert run("diff", str(old), str(new)).stderr == ""
    same = run("diff", str(new), str(new))
    assert (same.exit_code, same.stderr) == (0, "")


def test_diff_refuses_another_schema_version(year_reports, tmp_path):
    """A report of schema version 1 exits 2 with a message naming both versions, no traceback."""
    old, new = year_reports
    report = json.loads(old.read_text(encoding="utf-8"))
    report["schema_version"] = 1
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps(report), encoding="utf-8")
    result = run("diff", str(stale), str(new), "--lang", "en")
    assert result.exit_code == 2
    assert "stale.json" in result.stderr
    assert "schema_version 1, expected 2" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_diff_of_a_missing_file_exits_2(year_reports, tmp_path):
    """A report that does not exist exits 2 and names it, without a traceback."""
    _, new = year_reports
    missing = tmp_path / "nowhere.json"
    result = run("diff", str(missing), str(new), "--lang", "en")
    assert result.exit_code == 2
    assert "nowhere.json" in result.stderr
    assert "no such file" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_diff_of_a_file_that_is_not_json_exits_2(year_reports, tmp_path):
    """A file that is not JSON exits 2 and says so."""
    _, new = year_reports
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = run("diff", str(broken), str(new), "--lang", "en")
    assert result.exit_code == 2
    assert "broken.json" in result.stderr
    assert "not valid JSON" in result.stderr


def test_diff_of_a_report_missing_its_keys_exits_2(year_reports, tmp_path):
    """A JSON file of the right schema version but without a report's keys exits 2, no traceback."""
    _, new = year_reports
    hollow = tmp_path / "hollow.json"
    hollow.write_text('{"schema_version": 2}', encoding="utf-8")
    result = run("diff", str(hollow), str(new), "--lang", "en")
    assert result.exit_code == 2
    assert "hollow.json, results: required field missing" in result.stderr  # named in words
    assert "Traceback" not in result.stderr + result.stdout


def as_version_2(path: Path, target: Path) -> Path:
    """A version-3 JSON report written as version 2 wrote it: ``gap`` as of ``as_of`` (the
    gap now, once the due date has passed), and none of 3's added keys."""
    report = json.loads(path.read_text(encoding="utf-8"))
    report["schema_version"] = 2
    for key in ("source", "projection_chosen_by"):
        report.pop(key)
    for result in report["results"]:
        if result["measured_on"] < report["as_of"]:
            result["gap"] = result["gap_now"]
        for key in ("gap_now", "parts", "target_title", "target_title_en"):
            result.pop(key)
        if result["gap"]:
            for unit in result["gap"]["units"]:
                for key in ("district_id", "district", "township_id", "township"):
                    unit.pop(key)
                unit.pop("community_id")
                unit.pop("community")
        if result["projection"]:
            result["projection"].pop("other_method")
            result["projection"].pop("other_on_track")
    target.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    return target


def test_diff_reads_a_version_2_report(year_reports, tmp_path):
    """A report of the last version (2) still compares with one of this version: the same
    statuses changed, and the units now short are those version 2 gave as its gap."""
    old, new = year_reports
    old_2 = as_version_2(old, tmp_path / "2022-v2.json")
    three = run("diff", str(old), str(new), "--format", "json")
    two = run("diff", str(old_2), str(new), "--format", "json")
    assert two.exit_code == three.exit_code == 1
    assert json.loads(two.stdout)["changes"] == json.loads(three.stdout)["changes"]


def test_a_version_2_gap_is_read_as_the_gap_now():
    """Version 2's ``gap`` of a result measured on its (earlier) due date was as of the
    evaluation: version 3 reads it as ``gap_now``, and the due date's as unknown."""
    gap = {"amount": 1, "noun": "service_centres", "on": "2023-12-31", "units": []}
    result = {
        "milestone": "m",
        "target": "service-centres",
        "title": "t",
        "title_en": "t",
        "scope": {"level": "district", "id": "D1", "name": "区1"},
        "due": "2021-12-31",
        "status": "met",
        "measured_on": "2021-12-31",
        "gap": gap,
    }
    before_due = {**result, "milestone": "n", "due": "2024-12-31", "measured_on": "2023-12-31"}
    report = scoplan.Report.from_dict(
        {
            "schema_version": 2,
            "plan_id": "p",
            "plan_title": "p",
            "plan_version": "1",
            "as_of": "2023-12-31",
            "scoplan_version": "0",
            "fingerprint": "f",
            "results": [result, before_due],
        }
    )
    assert report.schema_version == 3
    late, early = report.results
    assert (late.gap, late.gap_now.amount, late.gap_now.on) == (None, 1, END_2023)
    assert (early.gap.amount, early.gap_now) == (1, None)


def test_a_report_of_an_unknown_version_is_refused(year_reports, tmp_path):
    """Version 1 (or 4) is not read: exit 2, saying which versions are."""
    _, new = year_reports
    old = tmp_path / "v1.json"
    old.write_text('{"schema_version": 1}', encoding="utf-8")
    result = run("diff", str(old), str(new), "--lang", "en")
    assert result.exit_code == 2
    assert "schema_version 1, expected 2/3" in result.stderr


def test_the_text_names_each_milestone_by_its_title_in_its_language(comparison):
    """An official reads the diff as a report: each milestone by its title (its id last, as
    in every report), in Chinese with Chinese punctuation; before, each line began with
    the plan file's id (``★ avg · 区D1: 进度滞后 → 已完成; …``)."""
    # each report's checksum whole, as the reports give it (it gave the first 12)
    fingerprint = comparison.before_fingerprint
    assert fingerprint.startswith("ca378058cad8")
    assert len(fingerprint) == 32
    assert render_comparison_text(comparison, "zh").splitlines() == [
        "两份报告的变化",
        f"之前：2022年12月31日（{fingerprint}）",
        f"之后：2023年12月31日（{fingerprint}）",
        "4项结果中2项有变化，其中2项状态改变",
        "★ 区D1城市社区平均社区社会组织数（2023年）：进度滞后 → 已完成；"
        "1.0个/社区 → 2.0个/社区（+1.0）",
        "    现已整体达标，之后的报告因此不再逐一列出未达标单位（之前的报告列出1个）；"
        "这些单位是否都已达标，从两份报告中看不出",
        "★ 区D2城市社区平均社区社会组织数（2023年）：已完成 → 未完成；"
        "2.0个/社区 → 1.5个/社区（−0.5）",
        "    之前整体已达标，未逐一列出未达标单位；现未达标：社区C4（C4）",
        "− 全市城市社区平均社区社会组织数（2021年）：仅见于之前的报告",
        "+ 全市城市社区平均社区社会组织数（2023年）：仅见于之后的报告",
    ]
    english = render_comparison_text(comparison, "en").splitlines()
    assert english[1:3] == [
        f"Before: 2022-12-31 ({fingerprint})",
        f"After: 2023-12-31 ({fingerprint})",
    ]
    assert english[4:6] == [
        "★ Mean organizations per urban community, 区D1 (2023): off track → met;"
        " 1.0 per community → 2.0 per community (+1.0)",
        "    now met as a whole, so the later report no longer lists short units one by one"
        " (the earlier report listed 1); whether each of those has caught up cannot be told"
        " from the reports",
    ]
    assert english[-1] == (
        "+ Mean organizations per urban community, the whole city (2023): only in the later report"
    )


def test_a_title_shared_by_several_scopes_names_the_scope():
    """A plan's own title, one for every district (``each = true``): each line adds the
    scope, so that two districts' lines differ."""
    data = two_districts()
    own = milestone_toml("avg", "urban-average", END_2023, {"threshold": 2}, EACH)
    text = PLAN_HEAD + own + 'title = "城市社区平均数"\ntitle_en = "Urban mean"\n'
    plan = scoplan.parse_plan(text)
    registry = builtin_registry()
    before = scoplan.evaluate(data, plan, END_2022, registry=registry)
    after = scoplan.evaluate(data, plan, END_2023, registry=registry)
    lines = render_comparison_text(compare(before, after), "zh").splitlines()
    assert [line for line in lines if line.startswith("★")] == [
        "★ 城市社区平均数 · 区D1：进度滞后 → 已完成；1.0个/社区 → 2.0个/社区（+1.0）",
        "★ 城市社区平均数 · 区D2：已完成 → 未完成；2.0个/社区 → 1.5个/社区（−0.5）",
    ]


# -- the value now, once the due date has passed ------------------------------------------------


def rural_mean(
    as_of: str, status: str, value: float, value_now: float | None, short=None
) -> scoplan.Report:
    """A trial's 鸠江区 milestone: at least 4 organizations per rural community by
    2024-12-31, reported on ``as_of`` with ``value`` on the due date (on ``as_of`` when that
    is earlier) and ``value_now`` on ``as_of``; ``short`` the townships the report lists as
    short now (its ``gap_now``)."""
    gap_now = None
    if short:
        units = [
            {"level": "township", "id": t, "name": f"镇{t}", "value": 3.0, "need": 1.0}
            for t in short
        ]
        gap_now = {"amount": len(units), "noun": "organizations", "on": as_of, "units": units}
        gap_now["units_total"] = len(units)
    return hand_report(
        as_of,
        status,
        value,
        title="鸠江区农村社区平均社区社会组织数（2024年）",
        title_en="Mean organizations per rural community, 鸠江区 (2024)",
        target="rural-average",
        scope={"level": "district", "id": "340207", "name": "鸠江区"},
        unit="per_community",
        comparator=">=",
        required=4.0,
        due="2024-12-31",
        measured_on=min(as_of, "2024-12-31"),
        value_now=value_now,
        gap_now=gap_now,
    )


def test_a_milestone_met_late_shows_how_its_value_now_moved():
    """A user trial: 鸠江区's mean was 185/56 = 3.30 on the due date in both reports (dated
    2025-12-31, after it), missed then; now it is 235/56 = 4.20, met late. The diff said
    only ``未完成 → 逾期完成``: it now shows the value now moving, 3.3 → 4.2 (+0.9, from
    the values as shown), and the JSON has both values now and their move."""
    before = rural_mean("2025-12-31", "not_met", 185 / 56, 185 / 56, short=["T1", "T2"])
    after = rural_mean("2025-12-31", "met_late", 185 / 56, 235 / 56)
    comparison = compare(before, after)
    (change,) = comparison.changes
    assert (change.value_now_before, change.value_now_after) == (185 / 56, 235 / 56)
    assert change.delta == 0.0  # the due date's value, as the status judges it
    assert change.delta_now == pytest.approx(50 / 56)
    assert change.changed is True
    assert render_comparison_text(comparison, "zh").splitlines()[3:] == [
        "1项结果中1项有变化，其中1项状态改变",
        "★ 鸠江区农村社区平均社区社会组织数（2024年）：未完成 → 逾期完成；"
        "目前3.3个/社区 → 4.2个/社区（+0.9）",
        "    现已整体达标，之后的报告因此不再逐一列出未达标单位（之前的报告列出2个）；"
        "这些单位是否都已达标，从两份报告中看不出",
    ]
    assert render_comparison_text(comparison, "en").splitlines()[3:] == [
        "1 of 1 results changed; 1 changed status",
        "★ Mean organizations per rural community, 鸠江区 (2024): not met → met late;"
        " now 3.3 per community → 4.2 per community (+0.9)",
        "    now met as a whole, so the later report no longer lists short units one by one"
        " (the earlier report listed 2); whether each of those has caught up cannot be told"
        " from the reports",
    ]
    (plain,) = json.loads(json.dumps(comparison_to_dict(comparison)))["changes"]
    assert (plain["value_before"], plain["value_after"], plain["delta"]) == (
        185 / 56,
        185 / 56,
        0.0,
    )
    assert (plain["value_now_before"], plain["value_now_after"]) == (185 / 56, 235 / 56)
    assert plain["delta_now"] == pytest.approx(50 / 56)
    assert (plain["changed"], plain["status_changed"]) == (True, True)


def test_the_values_on_the_due_date_and_now_are_told_apart_where_both_moved():
    """Data mended for the due date (3.24 → 3.5) and more organizations since (3.5 → 3.95):
    both moves, each labelled as the reports label them (到期时, 目前). 3.95 of ``>= 4`` is
    short: shown 3.95, never 4.0 (before it, 3.5 becomes 3.50)."""
    before = rural_mean("2025-12-31", "not_met", 3.24, 3.5)
    after = rural_mean("2025-12-31", "not_met", 3.5, 3.95)
    zh, en = (lines_of(before, after, lang)[1] for lang in ("zh", "en"))
    assert zh.split("：", 1)[1] == (
        "未完成；到期时3.2个/社区 → 3.5个/社区（+0.3）；目前3.50个/社区 → 3.95个/社区（+0.45）"
    )
    assert en.split(": ", 1)[1] == (
        "not met; at the deadline 3.2 per community → 3.5 per community (+0.3);"
        " now 3.50 per community → 3.95 per community (+0.45)"
    )
    # the value now the same in both: the due date's move alone, still labelled 到期时
    same_now = rural_mean("2025-12-31", "not_met", 3.5, 3.5)
    assert lines_of(rural_mean("2025-12-31", "not_met", 3.24, 3.5), same_now, "zh")[1].endswith(
        "未完成；到期时3.2个/社区 → 3.5个/社区（+0.3）"
    )


def test_a_value_now_on_one_side_only_is_shown_beside_the_move():
    """The older report dated before the due date (its value its date's), the newer after
    it: the move of ``value`` as before, and the newer's value now beside it where it
    differs from its due date's."""
    before = rural_mean("2024-06-30", "off_track", 3.0, None)
    after = rural_mean("2025-12-31", "met_late", 185 / 56, 235 / 56)
    comparison = compare(before, after)
    (change,) = comparison.changes
    assert (change.value_now_before, change.value_now_after, change.delta_now) == (
        None,
        235 / 56,
        None,
    )
    assert lines_of(before, after, "zh")[1].endswith(
        "进度滞后 → 逾期完成；3.0个/社区 → 3.3个/社区（+0.3）；目前4.2个/社区"
    )
    assert lines_of(before, after, "en")[1].endswith(
        "off track → met late; 3.0 per community → 3.3 per community (+0.3); now 4.2 per community"
    )


def test_a_milestone_with_no_value_now_on_either_side_shows_as_before():
    """Both reports dated before the due date: no value now on either side, in the API or
    the JSON, and the line is the value's move alone, as before."""
    before = hand_report("2024-06-30", "off_track", 0.40625, [])
    after = hand_report("2024-12-31", "off_track", 0.4375, [])
    comparison = compare(before, after)
    (change,) = comparison.changes
    assert (change.value_now_before, change.value_now_after, change.delta_now) == (None,) * 3
    (plain,) = comparison_to_dict(comparison)["changes"]
    assert (plain["value_now_before"], plain["value_now_after"], plain["delta_now"]) == (
        None,
        None,
        None,
    )
    assert lines_of(before, after, "zh")[1] == (
        "· 中心城区公益创投活动乡镇（街道）覆盖率（2026年）："
        "进度滞后；40.6% → 43.8%（+3.2个百分点）"
    )
    assert lines_of(before, after, "en")[1].endswith("off track; 40.6% → 43.8% (+3.2 pp)")


# -- a pending result, and a county's own figures ---------------------------------------------


def test_a_result_pending_before_is_not_said_to_have_cut_its_list():
    """待定 as of the earlier date lists no units (no gap), the later report two townships
    short: a user trial read 之前的报告没有列出全部未达标单位 there, as if the earlier report had
    cut its list. It is said as pending; the same the other way round."""
    pending = hand_report("2024-06-30", "pending", None, None)
    short = hand_report("2024-12-31", "off_track", 0.25, ["T1", "T2"])
    text = render_comparison_text(compare(pending, short), "zh")
    assert "没有列出全部" not in text
    assert (
        "    之前待定，未逐一列出未达标单位；现未达标：镇T1（T1）、镇T2（T2）" in text.splitlines()
    )
    english = render_comparison_text(compare(pending, short), "en").splitlines()
    assert (
        "    pending before, when short units were not listed; short now: 镇T1 (T1), 镇T2 (T2)"
        in (english)
    )
    back = render_comparison_text(compare(short, pending), "zh")
    assert "没有列出全部" not in back
    assert (
        "    之后待定，不再逐一列出未达标单位；之前列出的2个是否已达标，报告未说明"
        in back.splitlines()
    )


def test_a_list_cut_by_listed_is_still_said_to_be_cut():
    """The earlier report lists 1 of 3 townships short (``--listed 1``), the later all 3:
    the two it left out are said to be newly listed because it cut its list."""
    gap = {"amount": 3, "noun": "townships", "on": "2024-06-30", "units_total": 3}
    gap["units"] = [{"level": "township", "id": "T1", "name": "镇T1", "value": 0.0}]
    cut = hand_report("2024-06-30", "off_track", 0.25, gap=gap)
    whole = hand_report("2024-12-31", "off_track", 0.25, ["T1", "T2", "T3"])
    (change,) = compare(cut, whole).changes
    assert (change.cut_before, change.cut_after) == (True, False)
    assert [u.id for u in change.newly_listed] == ["T2", "T3"]
    assert (
        "    之前的报告没有列出全部未达标单位，以下未见于其中；现未达标：镇T2（T2）、镇T3（T3）"
        in render_comparison_text(compare(cut, whole), "zh").splitlines()
    )


QIMEN = "341024"


def county_report(as_of: str, *results: dict) -> scoplan.Report:
    """A county's report of the city's milestones (``--district 祁门县``): each result not
    judged, the county's own figure in ``parts``."""
    return report_of(
        as_of,
        [
            {
                "title_en": "",
                "scope": {"level": "city", "id": "city", "name": "黄山市"},
                "due": "2023-12-31",
                "status": "not_covered",
                "measured_on": as_of,
                "value": None,
                "comparator": ">=",
                **result,
            }
            for result in results
        ],
    )


def city_milestone(milestone, target, title, unit, required, part):
    """One milestone of the whole city, 祁门县's own figure ``part`` (its id and name filled)."""
    own = {"id": QIMEN, "name": "祁门县", **part}
    return {
        "milestone": milestone,
        "target": target,
        "title": title,
        "unit": unit,
        "required": required,
        "parts": [own],
    }


def townships_short(as_of: str, ids: list[str]) -> dict:
    """祁门县's own gap: ``ids`` its townships without a federation, all listed."""
    units = [{"level": "township", "id": t, "name": f"镇{t}", "value": 0.0} for t in ids]
    return {
        "amount": len(ids),
        "noun": "townships",
        "on": as_of,
        "units": units,
        "units_total": len(ids),
    }


def county_year(as_of: str, federated: int, rural: int, brands: int, covered: int, same: int):
    """祁门县 as of ``as_of``: ``federated`` of its 18 townships with a federation (the rest,
    T1…, listed short), ``rural`` organizations in its 5 rural communities, ``brands`` brand
    organizations, its venture held or not (``covered``), and a share that stays ``same``/4."""
    short = [f"T{n}" for n in range(federated + 1, 19)]
    return county_report(
        as_of,
        city_milestone(
            "federations",
            "township-federation-coverage",
            "全市乡镇（街道）级社区社会组织联合会覆盖率（2023年）",
            "share",
            1.0,
            {
                "value": federated / 18,
                "numerator": federated,
                "denominator": 18,
                "met": False,
                "gap": townships_short(as_of, short),
            },
        ),
        city_milestone(
            "rural",
            "rural-average",
            "全市农村社区平均社区社会组织数（2023年）",
            "per_community",
            5.0,
            {"value": rural / 5, "numerator": rural, "denominator": 5, "met": False},
        ),
        city_milestone(
            "brands",
            "brand-organizations",
            "全市品牌社区社会组织数（2023年）",
            "count",
            7.0,
            {"value": brands, "met": brands >= 7},
        ),
        city_milestone(
            "venture",
            "gongyi-district-coverage",
            "其他区县公益创投活动区县覆盖率（2023年）",
            "share",
            1.0,
            {"value": float(covered), "numerator": covered, "denominator": 1, "met": covered == 1},
        ),
        city_milestone(
            "charters",
            "charters",
            "全市制定简易章程的社区社会组织比例（2023年）",
            "share",
            None,
            {"value": same / 4, "numerator": same, "denominator": 4},
        ),
    )


def test_a_countys_own_figures_inside_results_not_judged_are_compared():
    """A county's register run for the city's milestones, 2022 then 2023 (a user trial: the
    diff said 3 of 40 results changed though 14 of the county's own figures moved): each
    figure that moved is a change, said under its result as the reports say it; its
    townships that now have a federation are no longer short; a figure that stayed is not."""
    # federations 10/18 = 55.6% → 13/18 = 72.2% (+16.6 points), T11, T12, T13 federated;
    # rural 11/5 = 2.2 → 13/5 = 2.6 per community (+0.4); brands 6 → 8 (+2); the venture
    # not held → held; charters 3/4 both years
    before = county_year("2022-12-31", 10, 11, 6, 0, 3)
    after = county_year("2023-12-31", 13, 13, 8, 1, 3)
    comparison = compare(before, after)
    assert [c.milestone for c in comparison.changed()] == [
        "federations",
        "rural",
        "brands",
        "venture",
    ]
    assert comparison.flipped() == ()
    federations = comparison.changes[0]
    (part,) = federations.parts
    assert (part.id, part.delta) == (QIMEN, pytest.approx(3 / 18))
    assert [u.id for u in part.left] == ["T11", "T12", "T13"]
    assert (part.entered, part.unlisted, part.newly_listed) == ((), (), ())
    assert comparison.changes[4].parts[0].changed is False
    assert render_comparison_text(comparison, "zh").splitlines()[3:] == [
        "5项结果中4项有变化，状态均未改变",
        "· 全市乡镇（街道）级社区社会组织联合会覆盖率（2023年）：数据未覆盖（不评判）",
        "    祁门县：55.6% → 72.2%（+16.6个百分点）",
        "    祁门县不再未达标：镇T11（T11）、镇T12（T12）、镇T13（T13）",
        "· 全市农村社区平均社区社会组织数（2023年）：数据未覆盖（不评判）",
        "    祁门县：2.2个/社区 → 2.6个/社区（+0.4）",
        "· 全市品牌社区社会组织数（2023年）：数据未覆盖（不评判）",
        "    祁门县：6家 → 8家（+2）",
        "· 其他区县公益创投活动区县覆盖率（2023年）：数据未覆盖（不评判）",
        "    祁门县：未覆盖 → 已覆盖",
    ]
    english = render_comparison_text(comparison, "en").splitlines()
    assert english[3] == "4 of 5 results changed; none changed status"
    assert "    祁门县: 55.6% → 72.2% (+16.6 pp)" in english
    assert "    祁门县: not covered → covered" in english


def test_scoplan_diff_counts_a_countys_own_figures_in_either_format(tmp_path):
    """``scoplan diff`` of the county's two JSON reports, as text and as JSON: the JSON
    gives each district's figure before and after, its move and its units."""
    paths = []
    for name, report in (
        ("d22.json", county_year("2022-12-31", 10, 11, 6, 0, 3)),
        ("d23.json", county_year("2023-12-31", 13, 13, 8, 1, 3)),
    ):
        path = tmp_path / name
        path.write_text(scoplan.render(report, "json"), encoding="utf-8")
        paths.append(str(path))
    text = run("diff", *paths)
    assert text.exit_code == 0
    assert "5项结果中4项有变化，状态均未改变" in text.output
    assert "    祁门县：2.2个/社区 → 2.6个/社区（+0.4）" in text.output.splitlines()
    plain = json.loads(run("diff", *paths, "--format", "json").output)
    assert plain["summary"] == {"matched": 5, "changed": 4, "status_changed": 0}
    (part,) = plain["changes"][1]["parts"]
    assert (part["name"], part["value_before"], part["value_after"]) == ("祁门县", 2.2, 2.6)
    assert (part["changed"], part["delta"]) == (True, pytest.approx(0.4))
    (federations,) = plain["changes"][0]["parts"]
    assert [u["id"] for u in federations["left"]] == ["T11", "T12", "T13"]
    assert plain["changes"][4]["parts"][0]["changed"] is False


def test_a_district_short_of_its_own_training_after_pending_is_said_by_its_name():
    """A district's own training, pending then not held by its due date: the unit short is
    the district itself, said as a bureau says it (``区1现未达标``), not a list of one unit
    (``现未达标：区1（D1）``)."""
    unit = {"level": "district", "id": "D1", "name": "区1", "value": 0.0, "need": 1}
    gap = {"amount": 1, "noun": "trainings", "on": "2024-12-31", "units": [unit]}
    scope = {"scope": {"level": "district", "id": "D1", "name": "区1"}, "unit": "count"}
    before = hand_report("2024-06-30", "pending", None, **scope)
    after = hand_report("2024-12-31", "not_met", 0, gap={**gap, "units_total": 1}, **scope)
    lines = render_comparison_text(compare(before, after), "zh").splitlines()
    assert lines[5:] == ["    区1现未达标"]
