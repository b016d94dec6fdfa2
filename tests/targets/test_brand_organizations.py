"""``brand-organizations``: active organizations named brand CSOs."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import (
    PLAN_END,
    PLAN_START,
    builtin_registry,
    community,
    district,
    evaluate_in_empty_group,
    organization,
    township,
)

from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["brand-organizations"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)
DAY_AFTER = DUE + dt.timedelta(days=1)
D1 = {"districts": ["D1"]}


def two_districts(*organizations):
    """Districts D1 (street T1, community C1) and D2 (street T2, community C2)."""
    return build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1"), community("C2", "T2")],
        organizations=organizations,
    )


ORGANIZATIONS = (
    organization("B1", "C1", brand=dt.date(2022, 5, 1)),
    organization("B2", "C1", founded=DUE, brand=DUE),  # founded and named on the day
    organization("B3", "C1", brand=DAY_AFTER),  # named the day after
    organization("N1", "C1"),  # never named a brand
    organization("B5", "C2", brand=dt.date(2022, 3, 1)),
    organization("B6", "C2", brand=dt.date(2021, 1, 1), dissolved=dt.date(2023, 6, 30)),
)


def test_counts_active_brand_organizations_across_the_city():
    """B1, B2 and B5 are brands on the day: 3 meets a threshold of 3."""
    data = two_districts(*ORGANIZATIONS)
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 3}).results
    # B1 (2022), B2 (on the day), B5 (2022); not B3 (later), N1 (none), B6 (dissolved)
    assert (result.status, result.value) == (Status.MET, 3.0)
    assert result.evidence.numerator == 3
    assert result.evidence.details["brand_organizations"] == ["B1", "B2", "B5"]
    assert result.gap is None


def test_too_few_brands_is_a_gap_naming_the_scope():
    """Against the plan's 7, three brands lack four, and the shortfall names the city."""
    data = two_districts(*ORGANIZATIONS)
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 7}).results
    # 7 required - 3 found = 4 more
    assert result.status is Status.NOT_MET
    assert result.gap.amount == 4
    assert result.gap.noun == "brand_organizations"
    assert [(u.level, u.id, u.value) for u in result.gap.units] == [("city", "city", 3.0)]


def test_a_brand_date_on_the_day_counts_and_after_it_does_not():
    """In D1, B2 named on the due date counts and B3 named the day after does not."""
    data = two_districts(*ORGANIZATIONS)
    (on_due,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 3}, scope=D1).results
    # D1 on DUE: B1 and B2 = 2 < 3
    assert (on_due.status, on_due.value) == (Status.NOT_MET, 2.0)
    assert on_due.evidence.details["brand_organizations"] == ["B1", "B2"]
    (late,) = evaluate_target(
        KIND, data, as_of=DAY_AFTER, due=DUE, params={"threshold": 3}, scope=D1
    ).results
    # the day after, B3 is a brand too: 3 >= 3 now, not by the due date
    assert (late.status, late.value, late.value_now) == (Status.MET_LATE, 2.0, 3.0)


def test_a_dissolved_brand_organization_no_longer_counts():
    """B6 counts in D2 while active and not once dissolved; dissolved on the day is gone."""
    data = two_districts(
        *ORGANIZATIONS, organization("B7", "C2", brand=dt.date(2021, 1, 1), dissolved=DUE)
    )
    due_2022 = dt.date(2022, 12, 31)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, due=due_2022, params={"threshold": 3}, scope={"districts": ["D2"]}
    ).results
    # at 2022-12-31: B5, B6, B7 = 3 (met); at DUE: B6 dissolved in June, B7 on DUE: B5 only
    assert result.status is Status.MET
    assert (result.value, result.value_now) == (3.0, 1.0)
    assert result.no_longer_holds is True
    # met on the due date: no gap then; 3 required - 1 now = 2 more now
    assert result.gap is None
    assert result.gap_now.amount == 2


def test_before_the_due_date_too_few_is_off_track():
    """Evaluated in February 2022, one brand so far and a slow trend leave 2023's 7 off track."""
    data = two_districts(*ORGANIZATIONS)
    (result,) = evaluate_target(
        KIND,
        data,
        as_of=dt.date(2022, 2, 1),
        due=DUE,
        params={"threshold": 7},
        start=PLAN_START,
        end=PLAN_END,
    ).results
    # by 2022-02-01 only B6 (2021-01-01) is a brand: 1 < 7, not yet due
    assert (result.status, result.value) == (Status.OFF_TRACK, 1.0)
    assert result.gap.amount == 6
    # history: 2020-12-31 none (B6 is named the next day), 2021-12-31 B6 alone
    assert [(p.date, p.value) for p in result.history] == [
        (dt.date(2020, 12, 31), 0.0),
        (dt.date(2021, 12, 31), 1.0),
    ]
    # least squares in days from 2020-12-31: x = 0, 365, 397; y = 0, 1, 1; means 254, 2/3
    # Sxy = 254 * 2/3 + 111 * 1/3 + 143 * 1/3 = 254; Sxx = 254² + 111² + 143² = 97286
    # on 2023-12-31 (day 1095): 2/3 + 254 / 97286 * (1095 - 254) ≈ 2.86 < 7
    assert result.projection.method == "linear"
    assert result.projection.projected == pytest.approx(2 / 3 + 254 / 97286 * 841)
    assert result.projection.on_track is False


def test_empty_scope_is_no_data():
    """A group with no district has no data: no value and no gap, not a count of zero."""
    result = evaluate_in_empty_group(
        two_districts(*ORGANIZATIONS), "brand-organizations", DUE, {"threshold": 7}
    )
    assert result.status is Status.NO_DATA
    assert (result.value, result.gap) == (None, None)


def test_since_counts_brands_named_from_the_plans_start():
    """With ``since`` 2022-01-01, B5 (2022-03-01), B1 (2022-05-01) and B2 (the due date)
    count; B6 (2021-01-01, and dissolved) would not anyway."""
    data = two_districts(
        *ORGANIZATIONS,
        organization("B8", "C2", brand=dt.date(2021, 12, 31)),  # the day before
    )
    params = {"threshold": 3, "since": dt.date(2022, 1, 1)}
    (result,) = evaluate_target(KIND, data, as_of=DUE, params=params).results
    # B1, B2, B5; not B8, named the day before since
    assert result.evidence.details["brand_organizations"] == ["B1", "B2", "B5"]
    assert result.evidence.details["since"] == "2022-01-01"
    (without,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 3}).results
    # with no since B8 counts too: B1, B2, B5, B8
    assert without.evidence.details["brand_organizations"] == ["B1", "B2", "B5", "B8"]
    assert "since" not in without.evidence.details


def test_only_registered_and_filed_brands_count_by_default():
    """A brand organization that is neither registered nor filed, or of unknown status, does
    not count unless ``registration`` says so."""
    data = two_districts(
        organization("R", "C1", brand=dt.date(2022, 1, 1), registration="registered"),
        organization("F", "C1", brand=dt.date(2022, 1, 1), registration="filed"),
        organization("N", "C2", brand=dt.date(2022, 1, 1), registration="none"),
        organization("U", "C2", brand=dt.date(2022, 1, 1), registration=None),
    )
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 3}).results
    # R and F: 2 < 3
    assert (result.status, result.value) == (Status.NOT_MET, 2.0)
    assert result.evidence.details["registration"] == ["registered", "filed"]
    every = {"threshold": 3, "registration": ["registered", "filed", "none", "unknown"]}
    (all_four,) = evaluate_target(KIND, data, as_of=DUE, params=every).results
    assert all_four.evidence.details["brand_organizations"] == ["F", "N", "R", "U"]
