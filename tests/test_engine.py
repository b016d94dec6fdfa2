"""The engine: statuses at and around the due date, the error boundary, order and scopes."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from builders import (
    PLAN_END,
    PLAN_HEAD,
    PLAN_START,
    builtin_registry,
    community,
    district,
    establishment,
    event,
    milestone_toml,
    organization,
    organizations,
    township,
)

import scoplan
from scoplan import Status
from scoplan.params import Count
from scoplan.testing import build_dataset, evaluate_target

DUE = dt.date(2022, 12, 31)
BEFORE = dt.date(2022, 6, 30)
AFTER = dt.date(2023, 6, 30)


def one_community(*orgs):
    """District D1, street T1, urban community C1, with the given organizations."""
    return build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
        organizations=orgs,
    )


def average(data, as_of, threshold=1):
    """The one result of an urban-average milestone due on DUE, as of ``as_of``, in a plan
    of 2021 to 2023 (its history from the end of 2020)."""
    (result,) = evaluate_target(
        "urban-average",
        data,
        as_of=as_of,
        due=DUE,
        params={"threshold": threshold},
        registry=builtin_registry(),
        start=PLAN_START,
        end=PLAN_END,
    ).results
    return result


# -- statuses --------------------------------------------------------------------------------


def test_met_by_the_due_date():
    """Met on the due date is ``met``, measured on the due date, with today's value too."""
    result = average(one_community(organization("O1", "C1", founded=dt.date(2022, 1, 1))), AFTER)
    assert result.status is Status.MET
    assert result.measured_on == DUE
    assert (result.value, result.value_now) == (1.0, 1.0)
    assert result.no_longer_holds is False
    assert result.gap is None


def test_met_after_the_due_date_is_met_late():
    """Not met on the due date but met now is ``met_late``: the gap is the due date's, as
    the value is, and nothing is lacking now."""
    result = average(one_community(organization("O1", "C1", founded=dt.date(2023, 3, 1))), AFTER)
    # on DUE: 0 / 1, 1 x 1 - 0 = 1 short; on AFTER: 1 / 1
    assert result.status is Status.MET_LATE
    assert (result.value, result.value_now) == (0.0, 1.0)
    assert result.measured_on == DUE
    assert (result.gap.amount, result.gap.on) == (1, DUE)
    assert result.gap_now is None


def test_not_met_then_or_now_is_not_met_with_both_gaps():
    """Met neither on the due date nor now is ``not_met``; the gap is measured on the date
    the value is (the due date), and today's beside it."""
    data = one_community(organization("O1", "C1", founded=dt.date(2023, 3, 1)))
    result = average(data, AFTER, threshold=3)
    # on DUE 0 / 1 < 3: 3 x 1 - 0 = 3 more; on AFTER 1 / 1 < 3: 3 - 1 = 2 more
    assert result.status is Status.NOT_MET
    assert (result.value, result.value_now) == (0.0, 1.0)
    assert (result.gap.amount, result.gap.on) == (3, DUE)
    assert (result.gap_now.amount, result.gap_now.on) == (2, AFTER)


def test_the_gap_adds_up_with_the_value_it_stands_beside():
    """Required minus value, times the communities, is the gap: both on the due date."""
    orgs = [organization(f"O{i}", "C1", founded=dt.date(2022, 1, 1)) for i in range(2)]
    orgs += [organization(f"N{i}", "C2", founded=dt.date(2023, 3, 1)) for i in range(5)]
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1"), community("C2", "T1")],
        organizations=orgs,
    )
    result = average(data, AFTER, threshold=5)
    # on DUE 2 organizations / 2 communities = 1.0: (5 - 1.0) x 2 = 8 more;
    # on AFTER 7 / 2 = 3.5: (5 - 3.5) x 2 = 3 more
    assert (result.value, result.value_now) == (1.0, 3.5)
    assert result.gap.amount == (5 - result.value) * 2 == 8
    assert result.gap_now.amount == (5 - result.value_now) * 2 == 3


def test_not_yet_due_and_not_met_on_a_flat_history_is_off_track():
    """Before the due date, not met with no growth at all is ``off_track``, measured then."""
    result = average(one_community(), BEFORE)
    # 0 organizations at the 2020 and 2021 year-ends and on BEFORE: the line stays at 0 < 1
    assert result.status is Status.OFF_TRACK
    assert result.measured_on == BEFORE
    assert result.value_now is None
    assert [(p.date, p.value) for p in result.history] == [
        (dt.date(2020, 12, 31), 0.0),
        (dt.date(2021, 12, 31), 0.0),
    ]
    assert (result.projection.on_track, result.projection.projected) == (False, 0.0)
    # 1 x 1 - 0 = 1 more
    assert (result.gap.amount, result.gap.on) == (1, BEFORE)
    # 184 days from 2022-06-30 to 2022-12-31: less than a year, so no yearly rate
    assert result.projection.needed_per_year is None


def test_not_yet_due_without_two_points_of_history_stays_pending():
    """With the base year 2022, mid-2022 has one point of history only: ``pending``, and why."""
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + "base_year = 2022\n"
        + milestone_toml("m", "urban-average", DUE, {"threshold": 1})
    )
    (result,) = scoplan.evaluate(one_community(), plan, BEFORE, registry=builtin_registry()).results
    # no year-end from 2022 on is on or before 2022-06-30: the value on BEFORE is the only point
    assert result.status is Status.PENDING
    assert result.history == ()
    assert result.projection.on_track is None
    assert result.projection.reason == "too_few_points"
    # no projection, so no yearly rate beside it; the gap still says what is lacking
    assert result.projection.needed_per_year is None
    assert result.gap.amount == 1


def test_met_before_the_due_date_is_met_early():
    """Before the due date, already met is ``met``, measured on the evaluation date."""
    result = average(one_community(organization("O1", "C1", founded=dt.date(2022, 1, 1))), BEFORE)
    assert result.status is Status.MET
    assert result.measured_on == BEFORE
    assert result.value == 1.0


def test_evaluated_on_the_due_date_has_no_separate_now():
    """Evaluated on the due date itself, there is one measurement and no ``value_now``."""
    result = average(one_community(organization("O1", "C1", founded=DUE)), DUE)
    assert (result.status, result.measured_on, result.value_now) == (Status.MET, DUE, None)


def test_a_centre_closed_after_the_due_date_no_longer_holds():
    """A centre open on the due date and closed since is ``met``, flagged: no gap on the due
    date, a gap of one now."""
    data = build_dataset(
        districts=[district("D1")],
        establishments=[
            establishment("EST1", "D1", dt.date(2021, 6, 1), ended=dt.date(2022, 6, 30))
        ],
    )
    (result,) = evaluate_target(
        "service-centres",
        data,
        as_of=dt.date(2023, 1, 1),
        due=dt.date(2021, 12, 31),
        scope={"each": True},
        registry=builtin_registry(),
    ).results
    assert result.status is Status.MET
    assert result.no_longer_holds is True
    assert (result.value, result.value_now) == (1.0, 0.0)
    # met on the due date: nothing lacking then; 1 required, 0 open now: 1 more
    assert result.gap is None
    assert result.gap_now.amount == 1
    assert result.gap_now.on == dt.date(2023, 1, 1)


def test_no_units_is_no_data():
    """A scope with none of the units the target measures over is ``no_data``."""
    data = build_dataset(districts=[district("D1")])
    result = average(data, AFTER)
    assert result.status is Status.NO_DATA
    assert (result.value, result.gap) == (None, None)


# -- the error boundary --------------------------------------------------------------------


def broken_measure(context, params):
    """A measure that fails the way a buggy plugin does."""
    raise ValueError("the data has no column 'funds'")


def not_a_measurement(context, params):
    """A measure that returns the wrong type."""
    return 0.5


class BrokenTargets:
    """A third-party plugin with two faulty target kinds."""

    @staticmethod
    @scoplan.hookimpl
    def scoplan_register_targets(register):
        """Register ``broken`` (raises) and ``sloppy`` (returns a float)."""
        kind = scoplan.TargetKind(
            id="broken",
            title=scoplan.Text("坏的", "Broken"),
            description=scoplan.Text("总是出错", "Always raises"),
            params=Count,
            measure=broken_measure,
        )
        register(kind)
        register(attrs.evolve(kind, id="sloppy", measure=not_a_measurement))


def registry_with(*plugins):
    """The built-in targets plus ``plugins``, without entry points."""
    return scoplan.load_registry(scoplan.get_plugin_manager(entry_points=False, extra=plugins))


def test_a_target_that_raises_gets_an_error_and_the_others_run():
    """A raising target's milestone is ``error`` with the message; every other result stands."""
    data = one_community(*organizations("C1", 2))
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + milestone_toml("before", "urban-average", DUE, {"threshold": 1})
        + milestone_toml("bad", "broken", DUE)
        + milestone_toml("sloppy", "sloppy", DUE)
        + milestone_toml("after", "urban-average", DUE, {"threshold": 3})
    )
    report = scoplan.evaluate(data, plan, AFTER, registry=registry_with(BrokenTargets))
    by_id = {r.milestone: r for r in report.results}
    assert [r.milestone for r in report.results] == ["before", "bad", "sloppy", "after"]
    assert by_id["bad"].status is Status.ERROR
    assert by_id["bad"].message == "ValueError: the data has no column 'funds'"
    assert by_id["bad"].value is None
    assert by_id["bad"].plugin == "BrokenTargets"
    assert by_id["sloppy"].status is Status.ERROR
    assert "not a Measurement" in by_id["sloppy"].message
    # the others: 2 organizations / 1 community = 2.0, against 1 and against 3
    assert (by_id["before"].status, by_id["before"].value) == (Status.MET, 2.0)
    assert (by_id["after"].status, by_id["after"].value) == (Status.NOT_MET, 2.0)
    assert report.exit_code() == 3


def test_exit_code_is_1_when_something_is_not_met():
    """Without errors, one ``not_met`` makes the exit code 1."""
    data = one_community(*organizations("C1", 2))
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + milestone_toml("ok", "urban-average", DUE, {"threshold": 1})
        + milestone_toml("short", "urban-average", DUE, {"threshold": 3})
    )
    report = scoplan.evaluate(data, plan, AFTER, registry=builtin_registry())
    assert [r.status for r in report.results] == [Status.MET, Status.NOT_MET]
    assert report.exit_code() == 1


def test_exit_code_is_0_when_everything_is_met():
    """All milestones met: exit code 0."""
    data = one_community(*organizations("C1", 2))
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + milestone_toml("a", "urban-average", DUE, {"threshold": 1})
        + milestone_toml("b", "urban-average", DUE, {"threshold": 2})
    )
    report = scoplan.evaluate(data, plan, AFTER, registry=builtin_registry())
    assert {r.status for r in report.results} == {Status.MET}
    assert report.exit_code() == 0


def test_off_track_pending_met_late_and_no_data_do_not_fail_the_run():
    """Only ``not_met`` fails: off track, pending, met late and no data leave exit code 0."""
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
        organizations=[organization("O1", "C1", founded=dt.date(2023, 3, 1))],
    )
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + milestone_toml("late", "urban-average", DUE, {"threshold": 1})
        + milestone_toml("later", "urban-average", dt.date(2023, 12, 31), {"threshold": 5})
        + milestone_toml("none", "rural-average", DUE, {"threshold": 1})
    )
    report = scoplan.evaluate(data, plan, AFTER, registry=builtin_registry())
    # "later": 0, 0, 0 at the 2020-2022 year-ends and 1 on AFTER; the line reaches < 1 by
    # 2023-12-31, far below 5
    assert [r.status for r in report.results] == [
        Status.MET_LATE,
        Status.OFF_TRACK,
        Status.NO_DATA,
    ]
    assert report.exit_code() == 0
    growth = scoplan.evaluate(data, plan, AFTER, registry=builtin_registry(), projection="cagr")
    # the growth ratio needs a base above 0; 2020-12-31 had no organization: pending
    assert growth.results[1].status is Status.PENDING
    assert growth.results[1].projection.reason == "zero_base"
    assert growth.exit_code() == 0


# -- order and scopes ----------------------------------------------------------------------


def three_districts():
    """Districts D1, D2, D3, each with one street and one urban community with 1, 2, 3 orgs."""
    return build_dataset(
        districts=[district("D1"), district("D2"), district("D3")],
        townships=[township(f"T{i}", f"D{i}") for i in (1, 2, 3)],
        communities=[community(f"C{i}", f"T{i}") for i in (1, 2, 3)],
        organizations=[org for i in (1, 2, 3) for org in organizations(f"C{i}", i)],
    )


def test_results_follow_plan_order_then_district_id():
    """Results come in plan order, and within ``each`` by district id whatever the plan says."""
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + milestone_toml(
            "zeta",
            "urban-average",
            DUE,
            {"threshold": 2},
            {"districts": ["D3", "D1", "D2"], "each": True},
        )
        + milestone_toml("alpha", "urban-average", DUE, {"threshold": 2})
    )
    report = scoplan.evaluate(three_districts(), plan, AFTER, registry=builtin_registry())
    assert [(r.milestone, r.scope.id) for r in report.results] == [
        ("zeta", "D1"),
        ("zeta", "D2"),
        ("zeta", "D3"),
        ("alpha", "city"),
    ]
    # D1 1 / 1, D2 2 / 1, D3 3 / 1; the city (1 + 2 + 3) / 3 = 2.0
    assert [r.value for r in report.results] == [1.0, 2.0, 3.0, 2.0]


def test_districts_together_make_one_scope():
    """Several districts without ``each`` are one scope, named after them all."""
    (result,) = evaluate_target(
        "urban-average",
        three_districts(),
        as_of=AFTER,
        due=DUE,
        params={"threshold": 2},
        scope={"districts": ["D3", "D1"]},
        registry=builtin_registry(),
    ).results
    # (1 + 3) / 2 communities = 2.0
    assert (result.scope.level, result.scope.id) == ("districts", "D1+D3")
    assert result.scope.name == "区D1、区D3"
    assert result.value == 2.0


def test_each_over_the_city_gives_one_result_per_district():
    """``each = true`` with no districts gives one result per district of the area."""
    results = evaluate_target(
        "urban-average",
        three_districts(),
        as_of=AFTER,
        due=DUE,
        params={"threshold": 2},
        scope={"each": True},
        registry=builtin_registry(),
    ).results
    assert [(r.scope.level, r.scope.id, r.scope.name) for r in results] == [
        ("district", "D1", "区D1"),
        ("district", "D2", "区D2"),
        ("district", "D3", "区D3"),
    ]


HUANGSHAN = {
    "341002": ("屯溪区", "district"),
    "341003": ("黄山区", "district"),
    "341004": ("徽州区", "district"),
    "341021": ("歙县", "county"),
    "341022": ("休宁县", "county"),
    "341023": ("黟县", "county"),
    "341024": ("祁门县", "county"),
    "341071": ("黄山经济开发区", "zone"),
}


def huangshan_with_neighbours():
    """Huangshan's seven districts and its zone, plus a district and a zone of Hefei."""
    rows = [
        district(code, kind=kind, name=name, city="黄山市")
        for code, (name, kind) in HUANGSHAN.items()
    ]
    rows += [
        district("340102", kind="district", name="瑶海区", city="合肥市"),
        district("340171", kind="zone", name="合肥高新区", city="合肥市"),
    ]
    return build_dataset(
        districts=rows,
        townships=[township("340102001", "340102"), township("341002001", "341002")],
        communities=[
            community("340102001001", "340102001"),
            community("341002001001", "341002001"),
        ],
        organizations=organizations("340102001001", 10),  # in Hefei: outside the plan's area
    )


def test_huangshan_groups_resolve_as_the_plan_says():
    """中心城区 is 屯溪区, 徽州区 and the zone; 其他区县 the rest; Hefei's are in neither."""
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    report = scoplan.evaluate(
        huangshan_with_neighbours(), plan, dt.date(2024, 1, 31), registry=builtin_registry()
    )
    by_id = {r.milestone: r for r in report.results}
    central = by_id["gongyi-district-coverage-central-2022"]
    other = by_id["gongyi-district-coverage-other-2023"]
    # no 公益创投 anywhere: every district of each group is short, listed by id
    assert (central.scope.level, central.scope.id, central.scope.name) == (
        "group",
        "central",
        "中心城区",
    )
    assert [u.id for u in central.gap.units] == ["341002", "341004", "341071"]
    assert central.evidence.denominator == 3
    assert [u.id for u in other.gap.units] == ["341003", "341021", "341022", "341023", "341024"]
    assert other.evidence.denominator == 5


def test_the_city_scope_leaves_out_districts_outside_the_plans_area():
    """The city-wide average counts Huangshan's urban community only, not Hefei's."""
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    report = scoplan.evaluate(
        huangshan_with_neighbours(), plan, dt.date(2024, 1, 31), registry=builtin_registry()
    )
    (city,) = [r for r in report.results if r.milestone == "urban-average-city-2023"]
    # 0 organizations / 1 community (341002001001); Hefei's 10 are outside the area
    assert (city.scope.id, city.scope.name) == ("city", "黄山市")
    assert (city.value, city.evidence.denominator) == (0.0, 1)


def test_group_of_listed_districts_and_its_complement():
    """A group lists districts; its complement is every other district, whatever their kind."""
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + """
[groups.inner]
name = "内圈"
districts = ["D2"]

[groups.outer]
name = "外圈"
complement_of = "inner"
"""
        + milestone_toml("inner", "urban-average", DUE, {"threshold": 1}, {"group": "inner"})
        + milestone_toml("outer", "urban-average", DUE, {"threshold": 1}, {"group": "outer"})
    )
    report = scoplan.evaluate(three_districts(), plan, AFTER, registry=builtin_registry())
    inner, outer = report.results
    # inner: D2 alone, 2 / 1; outer: D1 and D3, (1 + 3) / 2 = 2.0
    assert (inner.value, inner.evidence.denominator) == (2.0, 1)
    assert (outer.value, outer.evidence.numerator, outer.evidence.denominator) == (2.0, 4, 2)


@pytest.mark.parametrize("as_of", [BEFORE, DUE, AFTER])
def test_the_report_names_the_plan_date_and_data(as_of):
    """A report carries the plan id, the evaluation date and the data's fingerprint."""
    data = build_dataset(
        districts=[district("D1")], events=[event("V1", "D1", dt.date(2022, 3, 1))]
    )
    plan = scoplan.parse_plan(
        PLAN_HEAD + milestone_toml("m", "gongyi-district-coverage", DUE, {"threshold": 1.0})
    )
    report = scoplan.evaluate(data, plan, as_of, registry=builtin_registry())
    assert (report.plan_id, report.as_of, report.fingerprint) == (
        "test-plan",
        as_of,
        data.fingerprint,
    )
    # D1 held one on 2022-03-01, before every as_of here: 1 / 1
    assert report.results[0].value == 1.0


def test_listed_caps_the_units_named_in_a_gap():
    """``listed=1`` names only the unit furthest below, while ``units_total`` counts them all."""
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community(f"C{i}", "T1") for i in (1, 2, 3)],
        organizations=organizations("C2", 1),
    )
    plan = scoplan.parse_plan(
        PLAN_HEAD + milestone_toml("m", "urban-average", DUE, {"threshold": 2})
    )
    report = scoplan.evaluate(data, plan, AFTER, registry=builtin_registry(), listed=1)
    (result,) = report.results
    # C1 and C3 lack 2 - 0 = 2 (C1 first by id), C2 lacks 2 - 1 = 1
    assert [(u.id, u.need) for u in result.gap.units] == [("C1", 2.0)]
    assert result.gap.units_total == 3
    # 2 x 3 = 6 needed, 1 there: 5 more
    assert result.gap.amount == 5


@pytest.mark.parametrize(
    ("held_by", "value", "parts"), [("scope", 0.0, []), ("within", 2.0, [1.0, 1.0])]
)
def test_what_the_city_holds_itself_lists_no_district_parts(held_by, value, parts):
    """A training held by each of two districts, none by the city: the city's own count
    (held_by scope, 市本级) is 0 and lists no district parts, which beside the 0 would read
    as a sum that does not add up; held within it, 2 of which each district's 1 is a part."""
    data = build_dataset(
        districts=[district("D1"), district("D2")],
        events=[
            event("V1", "D1", kind="training", date=dt.date(2022, 5, 1)),
            event("V2", "D2", kind="training", date=dt.date(2022, 6, 1)),
        ],
    )
    params = {"threshold": 1, "window": "year", "held_by": held_by}
    [result] = evaluate_target(
        "trainings", data, as_of=dt.date(2022, 12, 31), params=params, registry=builtin_registry()
    ).results
    assert result.scope.level == "city"
    assert result.value == value
    assert [part.value for part in result.parts] == parts


def _one_plan() -> scoplan.Plan:
    return scoplan.parse_plan(
        PLAN_HEAD + milestone_toml("m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1})
    )


def test_a_datetime_as_of_is_its_day():
    """``as_of=datetime(…)`` — a ``date`` to the type checker — was a raw ``TypeError: can't
    compare datetime.datetime to datetime.date``; it is its day."""
    data = build_dataset(districts=[{"id": "D1"}])
    at_ten = scoplan.evaluate(data, _one_plan(), dt.datetime(2023, 12, 31, 10, 0))
    on_the_day = scoplan.evaluate(data, _one_plan(), dt.date(2023, 12, 31))
    assert at_ten.as_of == dt.date(2023, 12, 31)
    assert at_ten.to_dict() == on_the_day.to_dict()


@pytest.mark.parametrize("as_of", ["2023-12-31", 20231231])
def test_an_as_of_that_is_no_date_is_a_type_error_that_says_so(as_of):
    """Not polars' or datetime's ``'<=' not supported between …``."""
    data = build_dataset(districts=[{"id": "D1"}])
    with pytest.raises(TypeError, match=r"as_of must be a datetime\.date, not "):
        scoplan.evaluate(data, _one_plan(), as_of)


def test_a_negative_listed_is_refused():
    """``listed=-1`` listed no unit, yet gave the breakdown (which ``listed=0`` leaves out),
    and a plugin's measure got ``context.listed = -1`` to slice with."""
    data = build_dataset(districts=[{"id": "D1"}])
    with pytest.raises(scoplan.PlanError) as caught:
        scoplan.evaluate(data, _one_plan(), dt.date(2023, 12, 31), listed=-1)
    (problem,) = caught.value.problems
    assert (
        str(caught.value) == "evaluate: listed is how many short units to name: 0 or more, not -1"
    )
    from scoplan.i18n import describe_problem

    assert (
        describe_problem(problem, "zh")
        == "evaluate：listed 是列出的未达标单位数，须为 0 或更大，不能是 -1"
    )
