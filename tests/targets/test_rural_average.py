"""``rural-average``: mean active organizations per rural community."""

from __future__ import annotations

import datetime as dt

from builders import builtin_registry, community, district, organization, organizations, township

from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["rural-average"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2022, 12, 31)


def one_district(**tables):
    """District D1 with one town T1 holding rural R1, R2, R3 and urban C1."""
    return build_dataset(
        districts=[district("D1", kind="county")],
        townships=[township("T1", "D1", kind="town")],
        communities=[
            community("R1", "T1", kind="rural"),
            community("R2", "T1", kind="rural"),
            community("R3", "T1", kind="rural"),
            community("C1", "T1", kind="urban"),
        ],
        **tables,
    )


def test_mean_below_threshold_lists_the_furthest_below_first():
    """A mean of 2 against 3 is not met, lacks 3 organizations, and lists R3 before R2."""
    data = one_district(
        organizations=organizations("R1", 4)
        + organizations("R2", 2)
        + organizations("C1", 20)  # urban: not counted
    )
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 3}).results
    # (4 + 2 + 0) organizations / 3 rural communities = 2.0
    assert result.status is Status.NOT_MET
    assert result.value == 2.0
    assert (result.evidence.numerator, result.evidence.denominator) == (6, 3)
    # 3 x 3 = 9 needed, 6 there: 3 more
    assert result.gap.amount == 3
    # R3 lacks 3 - 0 = 3, R2 lacks 3 - 2 = 1; R1 (4) lacks nothing
    assert [(u.id, u.need) for u in result.gap.units] == [("R3", 3.0), ("R2", 1.0)]
    assert result.gap.units_total == 2


def test_mean_above_threshold_is_met():
    """A mean of 2 meets a threshold of 1.5, with no gap."""
    data = one_district(organizations=organizations("R1", 4) + organizations("R2", 2))
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 1.5}).results
    # (4 + 2 + 0) / 3 = 2.0 >= 1.5
    assert result.status is Status.MET
    assert result.value == 2.0
    assert result.gap is None


def test_founded_on_the_date_counts_and_dissolved_on_it_does_not():
    """An organization founded on the measuring date counts; one dissolved on it does not."""
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1", kind="township")],
        communities=[community("R1", "T1", kind="rural"), community("R2", "T1", kind="rural")],
        organizations=[
            organization("born", "R1", founded=DUE),
            organization("gone", "R2", founded=dt.date(2021, 5, 1), dissolved=DUE),
        ],
    )
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 1}).results
    # only "born" is active on DUE: 1 organization / 2 communities = 0.5
    assert result.value == 0.5
    assert result.evidence.numerator == 1
    # 2 x 1 = 2 needed, 1 there: 1 more, in R2
    assert result.gap.amount == 1
    assert [u.id for u in result.gap.units] == ["R2"]


def test_organizations_founded_after_the_due_date_count_only_now():
    """An evaluation after the due date judges the due date's count and reports today's."""
    data = one_district(
        organizations=organizations("R1", 3)
        + organizations("R2", 3, founded=dt.date(2023, 3, 1), prefix="new-")
        + organizations("R3", 3, founded=dt.date(2023, 3, 1), prefix="new-")
    )
    as_of = dt.date(2023, 6, 30)
    (result,) = evaluate_target(KIND, data, as_of=as_of, due=DUE, params={"threshold": 3}).results
    # on 2022-12-31: 3 / 3 = 1.0 < 3; on 2023-06-30: 9 / 3 = 3.0 >= 3
    assert result.status is Status.MET_LATE
    assert (result.value, result.value_now) == (1.0, 3.0)
    assert result.measured_on == DUE


def test_district_without_rural_communities_is_no_data():
    """A scope whose communities are all urban has no data for the rural average."""
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1", kind="urban")],
        organizations=organizations("C1", 7),
    )
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 3}).results
    assert result.status is Status.NO_DATA
    assert result.value is None
