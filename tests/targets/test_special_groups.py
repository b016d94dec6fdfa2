"""``special-groups``: organizations serving each special group the plan names."""

from __future__ import annotations

import datetime as dt

from builders import (
    builtin_registry,
    evaluate_in_empty_group,
    one_community,
    organization,
)

from scoplan import Status
from scoplan.testing import evaluate_target

KIND = builtin_registry().targets["special-groups"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)
OTHER_GROUPS = [
    "disabled",
    "unemployed",
    "migrant_workers",
    "children_of_detainees",
    "hardship_families",
    "mental_disorders",
    "troubled_youth",
    "community_correction",
]
"""The eight named groups, in the plan's order, that ORGANIZATIONS leave unserved."""


ORGANIZATIONS = (
    organization("O1", "C1", serves=["elderly", "women"]),  # two groups, one organization
    organization("O2", "C1", serves=["elderly"]),
    organization("O3", "C1", serves=["children"], founded=DUE),  # founded on the day
    organization("O4", "C1"),  # serves no special group
    organization("O5", "C1", serves=["pets"]),  # not a group of the plan
    organization("O6", "C1", serves=["disabled"], dissolved=DUE),  # dissolved on the day
)


def test_counts_organizations_serving_a_group_once_each():
    """O1 serves two groups and counts once: three of five serve a named group."""
    data = one_community(*ORGANIZATIONS)
    (result,) = evaluate_target(KIND, data, as_of=DUE).results
    # serving: O1, O2, O3 = 3; active: O1..O5 = 5 (O6 dissolved on DUE)
    assert result.status is Status.INFO
    assert result.value == 3.0
    assert (result.evidence.numerator, result.evidence.denominator) == (3, 5)
    details = result.evidence.details
    # elderly: O1, O2; women: O1; children: O3; the rest none
    assert details["by_group"] == {
        "elderly": 2,
        "women": 1,
        "children": 1,
        **dict.fromkeys(OTHER_GROUPS, 0),
    }
    assert details["unserved"] == OTHER_GROUPS


def test_the_groups_can_be_narrowed():
    """Counting women and the disabled only, O1 serves one and nobody active the other."""
    data = one_community(*ORGANIZATIONS)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"groups": ["women", "disabled"]}
    ).results
    # women: O1; disabled: only O6, dissolved on DUE
    assert result.value == 1.0
    assert result.evidence.details["by_group"] == {"women": 1, "disabled": 0}
    assert result.evidence.details["unserved"] == ["disabled"]


def test_the_indicator_never_fails_the_run():
    """With no organization serving any group the value is 0, info, and the exit code 0."""
    report = evaluate_target(KIND, one_community(organization("O1", "C1")), as_of=DUE)
    (result,) = report.results
    assert (result.status, result.value) == (Status.INFO, 0.0)
    assert len(result.evidence.details["unserved"]) == 11  # every group of the clause
    assert report.exit_code() == 0


def test_no_organization_is_no_data():
    """A district without organizations, or a scope with no district, has no data."""
    data = one_community(*ORGANIZATIONS)
    (result,) = evaluate_target(KIND, data, as_of=DUE, scope={"districts": ["D2"]}).results
    assert (result.status, result.value) == (Status.NO_DATA, None)
    assert evaluate_in_empty_group(data, "special-groups", DUE).status is Status.NO_DATA


def test_only_registered_and_filed_organizations_count_by_default():
    """Organizations serving the elderly that are neither registered nor filed, or of unknown
    status, are not counted, in a district or across the city."""
    data = one_community(
        organization("R", "C1", serves=["elderly"], registration="registered"),
        organization("F", "C1", serves=["women"], registration="filed"),
        organization("N", "C1", serves=["elderly"], registration="none"),
        organization("U", "C1", serves=["elderly"], registration=None),
    )
    for scope in (None, {"districts": ["D1"]}):
        (result,) = evaluate_target(KIND, data, as_of=DUE, scope=scope).results
        # R and F serve a group, of 2 counted; the elderly: R alone
        assert (result.value, result.evidence.denominator) == (2.0, 2)
        assert result.evidence.details["by_group"]["elderly"] == 1
        assert result.evidence.details["registration"] == ["registered", "filed"]
    (every,) = evaluate_target(
        KIND, data, as_of=DUE, params={"registration": ["registered", "filed", "none", "unknown"]}
    ).results
    # all four; the elderly: R, N, U
    assert (every.value, every.evidence.details["by_group"]["elderly"]) == (4.0, 3)
