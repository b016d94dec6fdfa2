"""``brand-selection``: brand CSO and brand project selections held by the scope itself."""

from __future__ import annotations

import datetime as dt

from builders import builtin_registry, district, evaluate_in_empty_group, event, township

from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["brand-selection"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)
SINCE_2021 = {"window": "to_date", "since": dt.date(2021, 1, 1)}
EACH = {"each": True}


def selection(id, unit_id, date):
    """A brand selection event."""
    return event(id, unit_id, date, kind="brand_selection")


def two_districts(*events):
    """Districts D1 (street T1) and D2, with the given events."""
    return build_dataset(
        districts=[district("D1"), district("D2", kind="county")],
        townships=[township("T1", "D1")],
        events=events,
    )


EVENTS = (
    selection("S1", "city", dt.date(2022, 5, 1)),
    selection("S2", "city", dt.date(2020, 11, 1)),  # before the plan
    selection("S3", "D1", dt.date(2021, 3, 1)),
    selection("S4", "D2", dt.date(2020, 6, 1)),  # before the plan
    selection("S5", "T1", dt.date(2023, 1, 1)),  # a township's, not D1's own
    selection("S6", "D2", DUE + dt.timedelta(days=5)),  # after the due date
    event("S7", "D2", dt.date(2022, 1, 1), kind="training"),  # not a selection
)


def test_the_city_counts_its_own_selections_since_the_plan_began():
    """At city level, S1 (2022) counts and S2 (2020, before ``since``) does not."""
    data = two_districts(*EVENTS)
    (result,) = evaluate_target(KIND, data, as_of=DUE, params=SINCE_2021).results
    # S1 = 1 >= 1
    assert (result.status, result.value) == (Status.MET, 1.0)
    details = result.evidence.details
    assert details["brand_selection"] == ["S1"]
    assert (details["window"], details["from"], details["to"]) == (
        "to_date",
        "2021-01-01",
        "2023-12-31",
    )


def test_without_since_every_earlier_year_counts():
    """``to_date`` with no ``since`` counts the city's 2020 selection too."""
    data = two_districts(*EVENTS)
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"window": "to_date"}).results
    # S1 + S2 = 2
    assert result.value == 2.0
    assert result.evidence.details["brand_selection"] == ["S1", "S2"]


def test_each_district_counts_its_own_selections_to_date():
    """D1's 2021 selection counts in 2023; D2's, before 2021 and after the due date, do not."""
    data = two_districts(*EVENTS)
    results = evaluate_target(KIND, data, as_of=DUE, params=SINCE_2021, scope=EACH).results
    # D1: S3 = 1; D2: S4 before since, S6 after DUE, S7 a training = 0
    assert [(r.scope.id, r.status, r.value) for r in results] == [
        ("D1", Status.MET, 1.0),
        ("D2", Status.NOT_MET, 0.0),
    ]
    assert results[1].gap.amount == 1
    assert results[1].gap.noun == "selections"


def test_a_selection_after_the_due_date_meets_a_to_date_milestone_late():
    """Evaluated in 2024, D2's selection of January 2024 makes its milestone met late."""
    data = two_districts(*EVENTS)
    (result,) = evaluate_target(
        KIND,
        data,
        as_of=dt.date(2024, 6, 30),
        due=DUE,
        params=SINCE_2021,
        scope={"districts": ["D2"]},
    ).results
    # at DUE: 0; on 2024-06-30: S6 = 1
    assert (result.status, result.value, result.value_now) == (Status.MET_LATE, 0.0, 1.0)


def test_year_window_and_within_count_differently():
    """In a 2023 year window D1 held none itself; held within it, T1's 2023 selection counts."""
    data = two_districts(*EVENTS)
    d1 = {"districts": ["D1"]}
    (own,) = evaluate_target(KIND, data, as_of=DUE, params={"window": "year"}, scope=d1).results
    # S3 is 2021: 0
    assert (own.status, own.value) == (Status.NOT_MET, 0.0)
    (inside,) = evaluate_target(
        KIND, data, as_of=DUE, params={"window": "year", "held_by": "within"}, scope=d1
    ).results
    # S5 (T1, 2023-01-01) = 1
    assert (inside.status, inside.value) == (Status.MET, 1.0)
    assert inside.evidence.details["brand_selection"] == ["S5"]


def test_empty_scope_is_no_data():
    """A group with no district has no data: no value and no gap, not a count of zero."""
    result = evaluate_in_empty_group(two_districts(*EVENTS), "brand-selection", DUE, SINCE_2021)
    assert result.status is Status.NO_DATA
    assert (result.value, result.gap) == (None, None)
