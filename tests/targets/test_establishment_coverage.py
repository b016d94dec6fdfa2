"""``establishment-coverage``: the share of units with an establishment of a kind."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import (
    PLAN_HEAD,
    builtin_registry,
    community,
    district,
    establishment,
    evaluate_in_empty_group,
    milestone_toml,
    township,
)

import scoplan
from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["establishment-coverage"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)


def one_district(*establishments):
    """D1 with streets T1, T2, town T3 and a 管理区 T4; T1 holds urban C1 and C2, T3 rural
    R3; T2 and T4 have no community."""
    return build_dataset(
        districts=[district("D1")],
        townships=[
            township("T1", "D1"),
            township("T2", "D1"),
            township("T3", "D1", kind="town"),
            township("T4", "D1", kind="township"),
        ],
        communities=[
            community("C1", "T1"),
            community("C2", "T1"),
            community("R3", "T3", kind="rural"),
        ],
        establishments=establishments,
    )


ESTABLISHMENTS = (
    establishment("S1", "T1"),  # a township service centre
    establishment("S2", "T4", ended=DUE),  # closed on the due date
    establishment("S3", "D1"),  # the district's own: not a township's
    establishment("P1", "T2", kind="work_plan"),
    establishment("P2", "T3", kind="work_plan", established=DUE),  # on the day
    establishment("E1", "C1", kind="evaluation_system"),
    establishment("E2", "R3", kind="evaluation_system"),
    establishment("E3", "C2", kind="evaluation_system", established=DUE + dt.timedelta(days=1)),
)


def test_township_service_centres_are_an_indicator():
    """T1's centre covers one of four townships; S2 closed on the day, S3 is the district's."""
    data = one_district(*ESTABLISHMENTS)
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"kind": "service_centre"}).results
    # T1 of T1..T4: 1 / 4
    assert (result.status, result.value) == (Status.INFO, 0.25)
    assert (result.evidence.numerator, result.evidence.denominator) == (1, 4)
    assert result.evidence.details == {"kind": "service_centre", "level": "township"}
    assert (result.required, result.gap) == (None, None)


def test_work_plans_with_a_threshold_are_judged():
    """Work plans in T2 and T3 (set up on the day): 2 of 4, short of 75% by one township."""
    data = one_district(*ESTABLISHMENTS)
    params = {"kind": "work_plan", "threshold": 0.75}
    (result,) = evaluate_target(KIND, data, as_of=DUE, params=params).results
    # 2 / 4 = 0.5 < 0.75; 0.75 x 4 = 3 needed: 1 more; T1 and T4 lack one
    assert (result.status, result.value, result.gap.amount) == (Status.NOT_MET, 0.5, 1)
    assert [(u.level, u.id) for u in result.gap.units] == [("township", "T1"), ("township", "T4")]
    assert result.gap.noun == "townships"


def test_with_communities_only_leaves_out_the_township_without_one():
    """Leaving out T2 and T4 (no community), the work plans cover T3 of T1 and T3."""
    data = one_district(*ESTABLISHMENTS)
    params = {"kind": "work_plan", "with_communities_only": True}
    (result,) = evaluate_target(KIND, data, as_of=DUE, params=params).results
    assert (result.evidence.numerator, result.evidence.denominator) == (1, 2)
    streets = {"kind": "work_plan", "township_kinds": ["street"]}
    (result,) = evaluate_target(KIND, data, as_of=DUE, params=streets).results
    # T2 of the streets T1, T2
    assert (result.evidence.numerator, result.evidence.denominator) == (1, 2)


def test_evaluation_systems_are_a_share_of_communities():
    """C1 and R3 have one by the due date (C2's comes the day after): 2 of 3 communities, 1
    of the 2 urban ones."""
    data = one_district(*ESTABLISHMENTS)
    params = {"kind": "evaluation_system", "level": "community"}
    (result,) = evaluate_target(KIND, data, as_of=DUE, params=params).results
    assert (result.evidence.numerator, result.evidence.denominator) == (2, 3)
    urban = {**params, "community_kind": "urban"}
    (result,) = evaluate_target(KIND, data, as_of=DUE, params=urban).results
    assert (result.evidence.numerator, result.evidence.denominator) == (1, 2)


def test_at_district_level_it_is_the_districts_own():
    """S3 is D1's own centre: one district of one."""
    data = one_district(*ESTABLISHMENTS)
    params = {"kind": "service_centre", "level": "district", "threshold": 1.0}
    (result,) = evaluate_target(KIND, data, as_of=DUE, params=params).results
    assert (result.status, result.value) == (Status.MET, 1.0)


def test_an_empty_scope_is_no_data():
    """A group with no district has no township to count."""
    result = evaluate_in_empty_group(
        one_district(*ESTABLISHMENTS), "establishment-coverage", DUE, {"kind": "work_plan"}
    )
    assert (result.status, result.value) == (Status.NO_DATA, None)


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({}, "required field missing @ $.milestones[0].params.kind"),
        ({"kind": " "}, "kind names the establishment kind (service_centre…), not ''"),
        (
            {"kind": "work_plan", "level": "community", "township_kinds": ["street"]},
            "township_kinds narrows townships: it needs level = 'township', not 'community'",
        ),
        (
            {"kind": "work_plan", "community_kind": "urban"},
            "community_kind needs level = 'community', not 'township'",
        ),
    ],
)
def test_bad_parameters_are_plan_errors(params, reason):
    """No kind, an empty one, or a narrowing that does not fit the level is a plan error."""
    plan = scoplan.parse_plan(
        PLAN_HEAD + milestone_toml("m", "establishment-coverage", DUE, params or None)
    )
    with pytest.raises(scoplan.PlanError) as caught:
        scoplan.evaluate(one_district(), plan, DUE, registry=builtin_registry())
    (problem,) = caught.value.problems
    assert problem.params["reason"].startswith(reason)
    assert problem.params["reason_zh"]
