"""``urban-average``: mean active organizations per urban community."""

from __future__ import annotations

import datetime as dt

from builders import build, community, district, evaluate_one, organization, organizations, township

from scoplan import Status

DUE = dt.date(2023, 12, 31)


def one_district(**tables):
    """District D1 with one street T1 holding urban C1, C2, C3 and rural R1."""
    return build(
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
    (result,) = evaluate_one(
        data, "urban-average", DUE, DUE, {"threshold": 3}, {"districts": ["D1"]}
    )
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
    (result,) = evaluate_one(data, "urban-average", DUE, DUE, {"threshold": 2})
    # (5 + 1 + 0) / 3 = 2.0 >= 2
    assert result.status is Status.MET
    assert result.value == 2.0
    assert result.gap is None


def test_founded_on_the_date_counts_and_dissolved_on_it_does_not():
    """An organization founded on the measuring date counts; one dissolved on it does not."""
    data = build(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
        organizations=[
            organization("born", "C1", founded=DUE),
            organization("gone", "C1", founded=dt.date(2020, 1, 1), dissolved=DUE),
            organization("later", "C1", founded=DUE + dt.timedelta(days=1)),
        ],
    )
    (result,) = evaluate_one(data, "urban-average", DUE, DUE, {"threshold": 1})
    # only "born" is active on DUE: 1 organization / 1 community
    assert result.value == 1.0
    assert result.evidence.numerator == 1
    assert result.status is Status.MET


def test_district_without_urban_communities_is_no_data():
    """A scope with no urban community has no data: no value, no gap, not zero."""
    data = build(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1"), community("R2", "T2", kind="rural")],
        organizations=organizations("R2", 4),
    )
    (result,) = evaluate_one(
        data, "urban-average", DUE, DUE, {"threshold": 15}, {"districts": ["D2"]}
    )
    assert result.status is Status.NO_DATA
    assert result.value is None
    assert result.gap is None


def test_city_scope_pools_districts_and_each_splits_them():
    """The city mean pools every district's communities; ``each`` gives one mean per district."""
    data = build(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1"), community("C2", "T2")],
        organizations=organizations("C1", 4),
    )
    (city,) = evaluate_one(data, "urban-average", DUE, DUE, {"threshold": 2})
    # (4 + 0) / 2 communities = 2.0
    assert (city.scope.level, city.value) == ("city", 2.0)
    each = evaluate_one(data, "urban-average", DUE, DUE, {"threshold": 2}, {"each": True})
    # D1: 4 / 1 = 4.0; D2: 0 / 1 = 0.0
    assert [(r.scope.id, r.value, r.status) for r in each] == [
        ("D1", 4.0, Status.MET),
        ("D2", 0.0, Status.NOT_MET),
    ]
