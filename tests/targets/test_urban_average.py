"""``urban-average``: mean active organizations per urban community."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import (
    PLAN_HEAD,
    builtin_registry,
    community,
    district,
    milestone_toml,
    organization,
    organizations,
    township,
)

import scoplan
from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["urban-average"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)


def one_district(**tables):
    """District D1 with one street T1 holding urban C1, C2, C3 and rural R1."""
    return build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[
            community("C1", "T1"),
            community("C2", "T1"),
            community("C3", "T1"),
            community("R1", "T1", kind="rural"),
        ],
        **tables,
    )


def test_mean_below_threshold_lists_the_furthest_below_first():
    """A mean of 2 against 3 is not met, lacks 3 organizations, and lists C3 before C2."""
    data = one_district(
        organizations=organizations("C1", 5)
        + organizations("C2", 1)
        + organizations("R1", 10)  # rural: not counted
    )
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 3}, scope={"districts": ["D1"]}
    ).results
    # (5 + 1 + 0) organizations / 3 urban communities = 2.0
    assert result.status is Status.NOT_MET
    assert result.value == 2.0
    assert (result.evidence.numerator, result.evidence.denominator) == (6, 3)
    # 3 communities x 3 = 9 needed, 6 there: 3 more
    assert result.gap.amount == 3
    assert result.gap.noun == "organizations"
    # C3 lacks 3 - 0 = 3, C2 lacks 3 - 1 = 2, C1 (5) lacks nothing
    assert [(u.id, u.value, u.need) for u in result.gap.units] == [
        ("C3", 0.0, 3.0),
        ("C2", 1.0, 2.0),
    ]
    assert result.gap.units_total == 2


def test_mean_equal_to_threshold_is_met():
    """A mean of exactly 2 meets a threshold of 2, with no gap."""
    data = one_district(organizations=organizations("C1", 5) + organizations("C2", 1))
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 2}).results
    # (5 + 1 + 0) / 3 = 2.0 >= 2
    assert result.status is Status.MET
    assert result.value == 2.0
    assert result.gap is None


def test_founded_on_the_date_counts_and_dissolved_on_it_does_not():
    """An organization founded on the measuring date counts; one dissolved on it does not."""
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
        organizations=[
            organization("born", "C1", founded=DUE),
            organization("gone", "C1", founded=dt.date(2020, 1, 1), dissolved=DUE),
            organization("later", "C1", founded=DUE + dt.timedelta(days=1)),
        ],
    )
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 1}).results
    # only "born" is active on DUE: 1 organization / 1 community
    assert result.value == 1.0
    assert result.evidence.numerator == 1
    assert result.status is Status.MET


def test_district_without_urban_communities_is_no_data():
    """A scope with no urban community has no data: no value, no gap, not zero."""
    data = build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1"), community("R2", "T2", kind="rural")],
        organizations=organizations("R2", 4),
    )
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 15}, scope={"districts": ["D2"]}
    ).results
    assert result.status is Status.NO_DATA
    assert result.value is None
    assert result.gap is None


def test_city_scope_pools_districts_and_each_splits_them():
    """The city mean pools every district's communities; ``each`` gives one mean per district."""
    data = build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1"), community("C2", "T2")],
        organizations=organizations("C1", 4),
    )
    (city,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 2}).results
    # (4 + 0) / 2 communities = 2.0
    assert (city.scope.level, city.value) == ("city", 2.0)
    each = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 2}, scope={"each": True}
    ).results
    # D1: 4 / 1 = 4.0; D2: 0 / 1 = 0.0
    assert [(r.scope.id, r.value, r.status) for r in each] == [
        ("D1", 4.0, Status.MET),
        ("D2", 0.0, Status.NOT_MET),
    ]


# -- what is counted: registered and filed organizations ----------------------------------


def by_status():
    """D1: C1 with one organization of each status (the last left empty), C2 with one filed;
    D2: C3 with one registered and one not."""
    return build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1"), community("C2", "T1"), community("C3", "T2")],
        organizations=[
            organization("R", "C1", registration="registered"),
            organization("F", "C1", registration="filed"),
            organization("N", "C1", registration="none"),
            organization("U", "C1", registration=None),
            organization("F2", "C2", registration="filed"),
            organization("R3", "C3", registration="registered"),
            organization("N3", "C3", registration="none"),
        ],
    )


def test_only_registered_and_filed_organizations_count_by_default():
    """Neither an unregistered organization nor one of unknown status counts, whether the
    scope is one district or the whole city."""
    data = by_status()
    (d1,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 2}, scope={"districts": ["D1"]}
    ).results
    # D1: R, F in C1 and F2 in C2 = 3 over 2 communities = 1.5 (N and U left out)
    assert (d1.evidence.numerator, d1.evidence.denominator, d1.value) == (3, 2, 1.5)
    assert d1.evidence.details["registration"] == ["registered", "filed"]
    # C1 has 2 >= 2; C2 lacks 1; 2 x 2 = 4 needed, 3 counted: 1 more
    assert [(u.id, u.value, u.need) for u in d1.gap.units] == [("C2", 1.0, 1.0)]
    assert d1.gap.amount == 1
    (city,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 2}).results
    # R, F, F2, R3 = 4 over 3 communities
    assert (city.evidence.numerator, city.evidence.denominator) == (4, 3)
    each = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 2}, scope={"each": True}
    ).results
    # D1 3/2; D2: R3 alone, 1/1
    assert [(r.scope.id, r.evidence.numerator, r.value) for r in each] == [
        ("D1", 3, 1.5),
        ("D2", 1, 1.0),
    ]


def test_registration_chooses_the_statuses_counted():
    """``registration`` lists the statuses that count; ``unknown`` is an empty cell."""
    data = by_status()

    def numerators(statuses, scope=None):
        params = {"threshold": 1, "registration": statuses}
        city = evaluate_target(KIND, data, as_of=DUE, params=params, scope=scope).results
        return [r.evidence.numerator for r in city]

    # N in C1 and N3 in C3
    assert numerators(["none"]) == [2]
    # U alone
    assert numerators(["unknown"]) == [1]
    # every organization: 7; in D1 (one district, measured with every district's means) 5
    every = ["registered", "filed", "none", "unknown"]
    assert numerators(every) == [7]
    assert numerators(every, {"districts": ["D1"]}) == [5]
    assert numerators(["registered"], {"districts": ["D1"]}) == [1]


@pytest.mark.parametrize(
    ("statuses", "reason"),
    [
        (
            ["registred"],
            "'registred' is not allowed (did you mean 'registered'?) (expected one of "
            "'registered', 'filed', 'none', "
            "'unknown') @ $.milestones[0].params.registration[0]",
        ),
        (
            [],
            "registration names no status: nothing would be counted "
            "@ $.milestones[0].params.registration",
        ),
    ],
)
def test_a_bad_registration_is_a_plan_error(statuses, reason):
    """A status that does not exist, or none at all, is an error at ``params.registration``,
    in both languages."""
    plan = PLAN_HEAD + milestone_toml(
        "m", "urban-average", DUE, {"threshold": 1, "registration": statuses}
    )
    with pytest.raises(scoplan.PlanError) as caught:
        scoplan.evaluate(by_status(), scoplan.parse_plan(plan), DUE, registry=builtin_registry())
    (problem,) = caught.value.problems
    assert problem.params["reason"] == reason
    if not statuses:
        assert problem.params["reason_zh"].startswith("registration 未列出任何登记状态")


def test_without_a_threshold_the_mean_is_an_indicator():
    """No threshold: each district's mean is reported (info), never judged, with no gap."""
    data = by_status()
    results = evaluate_target(KIND, data, as_of=DUE, scope={"each": True}).results
    # D1 3/2, D2 1/1, as above
    assert [(r.scope.id, r.status, r.value, r.gap) for r in results] == [
        ("D1", Status.INFO, 1.5, None),
        ("D2", Status.INFO, 1.0, None),
    ]
    assert [(r.evidence.numerator, r.evidence.denominator) for r in results] == [(3, 2), (1, 1)]
    assert results[0].evidence.details["registration"] == ["registered", "filed"]
    (city,) = evaluate_target(KIND, data, as_of=DUE).results
    assert (city.status, city.value, city.required) == (Status.INFO, 4 / 3, None)
