"""``priority-fields``: the share of organizations in the four priority categories."""

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

KIND = builtin_registry().targets["priority-fields"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)


def of(category, n, prefix, **columns):
    """``n`` organizations of C1 in one category (None: not given)."""
    return [organization(f"{prefix}{i}", "C1", category=category, **columns) for i in range(n)]


ORGANIZATIONS = (
    of("life_services", 2, "L")
    + of("charity", 1, "H")
    + of("governance", 1, "G", founded=DUE)  # founded on the due date
    + of("culture_sports", 3, "S")
    + of("other", 1, "X")
    + of(None, 1, "U")
    + of("life_services", 1, "D", dissolved=DUE)  # dissolved on the due date
)


def test_share_in_the_priority_categories_with_a_breakdown():
    """Four of nine active organizations are in a priority category; each category is counted."""
    data = one_community(*ORGANIZATIONS)
    (result,) = evaluate_target(KIND, data, as_of=DUE).results
    # active: 2 + 1 + 1 + 3 + 1 + 1 = 9 (D0 dissolved on DUE); priority: 2 + 1 + 0 + 1 = 4
    assert result.status is Status.INFO
    assert result.value == 4 / 9
    assert (result.evidence.numerator, result.evidence.denominator) == (4, 9)
    assert result.required is None
    details = result.evidence.details
    assert details["priority"] == ["life_services", "charity", "mutual_aid", "governance"]
    assert details["categories"] == {
        "charity": {"count": 1, "share": 1 / 9},
        "culture_sports": {"count": 3, "share": 3 / 9},
        "governance": {"count": 1, "share": 1 / 9},
        "life_services": {"count": 2, "share": 2 / 9},
        "mutual_aid": {"count": 0, "share": 0.0},
        "other": {"count": 1, "share": 1 / 9},
        "unknown": {"count": 1, "share": 1 / 9},
    }


def test_the_priority_categories_can_be_changed():
    """With culture and sports as the only priority, three of nine are in it."""
    data = one_community(*ORGANIZATIONS)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"categories": ["culture_sports"]}
    ).results
    # S0..S2 = 3 of 9
    assert result.value == 3 / 9
    assert result.evidence.details["priority"] == ["culture_sports"]


def test_the_indicator_never_fails_the_run():
    """No organization in a priority category is a value of 0.0, info, and exit code 0."""
    data = one_community(*of("culture_sports", 2, "S"))
    report = evaluate_target(KIND, data, as_of=DUE)
    # 0 / 2
    assert [(r.status, r.value) for r in report.results] == [(Status.INFO, 0.0)]
    assert report.exit_code() == 0


def test_no_organization_is_no_data():
    """A district without organizations, or a scope with no district, has no data."""
    data = one_community(*ORGANIZATIONS)
    (result,) = evaluate_target(KIND, data, as_of=DUE, scope={"districts": ["D2"]}).results
    assert (result.status, result.value) == (Status.NO_DATA, None)
    assert evaluate_in_empty_group(data, "priority-fields", DUE).status is Status.NO_DATA


def test_only_registered_and_filed_organizations_count_by_default():
    """An unregistered charity and one of unknown status are left out of the share."""
    data = one_community(
        organization("R", "C1", category="charity", registration="registered"),
        organization("F", "C1", category="culture_sports", registration="filed"),
        organization("N", "C1", category="charity", registration="none"),
        organization("U", "C1", category="charity", registration=None),
    )
    (result,) = evaluate_target(KIND, data, as_of=DUE).results
    # R (charity) of R and F: 1 / 2
    assert (result.evidence.numerator, result.evidence.denominator) == (1, 2)
    assert result.evidence.details["registration"] == ["registered", "filed"]
    (none,) = evaluate_target(KIND, data, as_of=DUE, params={"registration": ["none"]}).results
    # N alone, a charity: 1 / 1
    assert (none.evidence.numerator, none.evidence.denominator) == (1, 1)
