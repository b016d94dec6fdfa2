"""``registration``: every organization registered, or managed at the right level."""

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

KIND = builtin_registry().targets["registration"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)


def org(id, registration, size=None, managed_by=None, **columns):
    """An organization of community C1 with its registration, size and managing body."""
    return organization(
        id, "C1", registration=registration, size=size, managed_by=managed_by, **columns
    )


ORGANIZATIONS = (
    org("R1", "registered"),  # registered: complies whatever else
    org("R2", "registered", "large", "community"),  # registered: complies
    org("F1", "filed", "small", "community"),
    org("F2", "filed", "large", "township"),
    org("X1", "filed", "small"),  # no managing body
    org("X2", "none", None, "community"),  # size unknown
    org("X3", "filed", "large", "community"),  # large, managed by its community
    org("X4", "none", "small", "township"),  # small, managed by its township
    org("X5", "filed", "small", "civil_affairs"),  # small, not by its community
    org("G1", "none", dissolved=dt.date(2022, 1, 1)),  # dissolved: not counted
)


def test_each_failing_organization_is_listed_with_its_reason():
    """Four of nine comply; the five others are listed by id, each with why."""
    data = one_community(*ORGANIZATIONS)
    (result,) = evaluate_target(KIND, data, as_of=DUE).results
    # active: R1 R2 F1 F2 X1..X5 = 9; complying R1 R2 F1 F2 = 4: 4 / 9
    assert result.status is Status.NOT_MET
    assert result.value == 4 / 9
    assert (result.evidence.numerator, result.evidence.denominator) == (4, 9)
    # 1.0 x 9 = 9 needed, 4 comply: 5 more
    assert result.gap.amount == 5
    assert result.gap.noun == "organizations"
    assert [(u.level, u.id, u.reason) for u in result.gap.units] == [
        ("organization", "X1", "no_manager"),
        ("organization", "X2", "size_unknown"),
        ("organization", "X3", "large_not_township"),
        ("organization", "X4", "small_not_community"),
        ("organization", "X5", "small_not_community"),
    ]
    assert result.gap.units_total == 5
    assert result.evidence.details["reasons"] == {
        "large_not_township": 1,
        "no_manager": 1,
        "size_unknown": 1,
        "small_not_community": 2,
    }


def test_a_lower_threshold_is_met_and_still_counts_the_reasons():
    """Against a threshold of 0.4, four of nine (0.44…) is met, and no gap is given."""
    data = one_community(*ORGANIZATIONS)
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 0.4}).results
    # 4 / 9 = 0.444 >= 0.4
    assert (result.status, result.gap) == (Status.MET, None)
    assert sum(result.evidence.details["reasons"].values()) == 5


def test_a_registered_organization_always_complies():
    """Registered organizations comply with no manager, no size or the wrong manager."""
    data = one_community(
        org("R1", "registered"),
        org("R2", "registered", "large", "community"),
        org("R3", "registered", "small", "township"),
        org("R4", "registered", "small", "civil_affairs"),
    )
    (result,) = evaluate_target(KIND, data, as_of=DUE).results
    # 4 / 4 = 1.0
    assert (result.status, result.value, result.gap) == (Status.MET, 1.0, None)
    assert result.evidence.details["reasons"] == {}


def test_an_organization_founded_on_the_day_is_checked_and_one_dissolved_on_it_is_not():
    """A mismanaged organization founded on the due date fails; one dissolved on it is gone."""
    data = one_community(
        org("F1", "filed", "small", "community"),
        org("X1", "filed", "large", "community", founded=DUE),
        org("X2", "filed", "large", "community", dissolved=DUE),
    )
    (result,) = evaluate_target(KIND, data, as_of=DUE).results
    # active on DUE: F1 and X1; F1 complies: 1 / 2
    assert result.value == 0.5
    assert [(u.id, u.reason) for u in result.gap.units] == [("X1", "large_not_township")]


def test_no_organization_is_no_data():
    """A district without organizations, or a scope with no district, has no data."""
    data = one_community(*ORGANIZATIONS)
    (result,) = evaluate_target(KIND, data, as_of=DUE, scope={"districts": ["D2"]}).results
    assert (result.status, result.value, result.gap) == (Status.NO_DATA, None, None)
    empty = evaluate_in_empty_group(data, "registration", DUE)
    assert (empty.status, empty.value) == (Status.NO_DATA, None)
