"""``charters``: share of active organizations with a simple charter."""

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

KIND = builtin_registry().targets["charters"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)


ORGANIZATIONS = (
    organization("O1", "C1", charter=True),
    organization("O2", "C1", charter=True),
    organization("O3", "C1", charter=True, founded=DUE),  # founded on the day
    organization("O4", "C1", charter=False),
    organization("O5", "C1"),  # charter not known
    organization("O6", "C1", charter=True, dissolved=DUE),  # dissolved on the day
)


def test_without_a_threshold_the_share_is_an_indicator():
    """With no threshold, three charters among five active organizations is info, 0.6."""
    data = one_community(*ORGANIZATIONS)
    (result,) = evaluate_target(KIND, data, as_of=DUE).results
    # active O1..O5 = 5 (O6 dissolved on DUE); with a charter O1, O2, O3 = 3: 3 / 5
    assert result.status is Status.INFO
    assert result.value == 0.6
    assert (result.required, result.comparator, result.gap) == (None, None, None)
    assert (result.evidence.numerator, result.evidence.denominator) == (3, 5)
    # O5's charter is not known
    assert result.evidence.details["unknown"] == 1


def test_with_a_threshold_the_share_is_judged():
    """A threshold of 0.6 is met by 3 of 5; one of 0.8 is not, and lacks one organization."""
    data = one_community(*ORGANIZATIONS)
    (met,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 0.6}).results
    # 3 / 5 = 0.6 >= 0.6
    assert (met.status, met.required, met.gap) == (Status.MET, 0.6, None)
    (short,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 0.8}).results
    # 0.8 x 5 = 4 needed, 3 have one: 1 more; O4 and O5 lack one
    assert (short.status, short.value) == (Status.NOT_MET, 0.6)
    assert short.gap.amount == 1
    assert [(u.level, u.id) for u in short.gap.units] == [
        ("organization", "O4"),
        ("organization", "O5"),
    ]


def test_no_organization_is_no_data():
    """A district without organizations has no data, with or without a threshold."""
    data = one_community(*ORGANIZATIONS)
    for params in (None, {"threshold": 0.5}):
        (result,) = evaluate_target(
            KIND, data, as_of=DUE, params=params, scope={"districts": ["D2"]}
        ).results
        assert (result.status, result.value) == (Status.NO_DATA, None)
    assert evaluate_in_empty_group(data, "charters", DUE).status is Status.NO_DATA


def test_an_indicator_never_fails_the_run():
    """A low share reported as info leaves the exit code 0; judged, it makes it 1."""
    data = one_community(organization("O1", "C1", charter=False), organization("O2", "C1"))
    info = evaluate_target(KIND, data, as_of=DUE)
    # 0 / 2 = 0.0, an indicator
    assert [(r.status, r.value) for r in info.results] == [(Status.INFO, 0.0)]
    assert info.exit_code() == 0
    judged = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 0.5})
    assert judged.results[0].status is Status.NOT_MET
    assert judged.exit_code() == 1


def test_only_registered_and_filed_organizations_count_by_default():
    """Of four organizations with a charter, one unregistered and one of unknown status are
    left out of both sides of the share, unless ``registration`` asks for them."""
    data = one_community(
        organization("R", "C1", charter=True, registration="registered"),
        organization("F", "C1", charter=False, registration="filed"),
        organization("N", "C1", charter=True, registration="none"),
        organization("U", "C1", charter=True, registration=None),
    )
    (result,) = evaluate_target(KIND, data, as_of=DUE).results
    # R has one, F not: 1 / 2
    assert (result.evidence.numerator, result.evidence.denominator) == (1, 2)
    assert result.evidence.details["registration"] == ["registered", "filed"]
    (every,) = evaluate_target(
        KIND, data, as_of=DUE, params={"registration": ["registered", "filed", "none", "unknown"]}
    ).results
    # R, N, U have one: 3 / 4
    assert (every.evidence.numerator, every.evidence.denominator) == (3, 4)
