"""``disclosure``: share of communities with an information-disclosure system."""

from __future__ import annotations

import datetime as dt

from builders import (
    builtin_registry,
    community,
    district,
    establishment,
    evaluate_in_empty_group,
    township,
)

from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["disclosure"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)


def system(id, unit_id, established=dt.date(2022, 1, 1), ended=None):
    """An information-disclosure system of a unit."""
    return establishment(id, unit_id, established, ended, kind="disclosure_system")


def four_communities(*establishments):
    """D1: street T1 with urban U1, U2, U3 and rural R1; D2: street T2, no community."""
    return build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[
            community("U1", "T1"),
            community("U2", "T1"),
            community("U3", "T1"),
            community("R1", "T1", kind="rural"),
        ],
        establishments=establishments,
    )


ESTABLISHMENTS = (
    system("S1", "U1"),
    system("S2", "U2", established=DUE),  # on the due date
    system("S3", "U3", established=dt.date(2021, 1, 1), ended=DUE),  # ended on it
    system("S4", "R1"),
    system("S5", "T1"),  # the township's: covers no community
    establishment("SC", "U3"),  # a service centre, not a disclosure system
)


def test_without_a_threshold_the_share_is_an_indicator():
    """With no threshold, three of four communities is info, 0.75."""
    data = four_communities(*ESTABLISHMENTS)
    (result,) = evaluate_target(KIND, data, as_of=DUE).results
    # U1, U2 (on the day) and R1 of U1, U2, U3, R1: 3 / 4
    assert result.status is Status.INFO
    assert result.value == 0.75
    assert (result.evidence.numerator, result.evidence.denominator) == (3, 4)
    assert (result.required, result.gap) == (None, None)


def test_community_kind_narrows_the_communities():
    """Counting urban communities only, U1 and U2 of three is two thirds."""
    data = four_communities(*ESTABLISHMENTS)
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"community_kind": "urban"}).results
    # U1, U2 of U1, U2, U3: 2 / 3
    assert result.status is Status.INFO
    assert result.value == 2 / 3
    assert (result.evidence.numerator, result.evidence.denominator) == (2, 3)


def test_with_a_threshold_the_share_is_judged():
    """0.75 meets a threshold of 0.7 and misses one of 0.8, U3 lacking a system."""
    data = four_communities(*ESTABLISHMENTS)
    (met,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 0.7}).results
    assert (met.status, met.gap) == (Status.MET, None)
    report = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 0.8})
    (short,) = report.results
    # 0.8 x 4 = 3.2, so 4 needed, 3 have one: 1 more
    assert short.status is Status.NOT_MET
    assert short.gap.amount == 1
    assert short.gap.noun == "communities"
    assert [(u.level, u.id) for u in short.gap.units] == [("community", "U3")]
    assert report.exit_code() == 1


def test_the_indicator_never_fails_the_run():
    """With no system anywhere, the indicator is 0.0 and the exit code stays 0."""
    report = evaluate_target(KIND, four_communities(), as_of=DUE)
    # 0 / 4
    assert [(r.status, r.value) for r in report.results] == [(Status.INFO, 0.0)]
    assert report.exit_code() == 0


def test_no_community_is_no_data():
    """A district without communities, or a scope with no district, has no data."""
    data = four_communities(*ESTABLISHMENTS)
    for params in (None, {"threshold": 0.5}):
        (result,) = evaluate_target(
            KIND, data, as_of=DUE, params=params, scope={"districts": ["D2"]}
        ).results
        assert (result.status, result.value) == (Status.NO_DATA, None)
    assert evaluate_in_empty_group(data, "disclosure", DUE).status is Status.NO_DATA
