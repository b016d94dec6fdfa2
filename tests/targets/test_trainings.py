"""``trainings``: CSO cultivation trainings held in the milestone's year."""

from __future__ import annotations

import datetime as dt

from builders import (
    PLAN_END,
    PLAN_START,
    builtin_registry,
    district,
    evaluate_in_empty_group,
    event,
    township,
)

from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["trainings"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2022, 12, 31)
EACH = {"each": True}


def training(id, unit_id, date):
    """A training event."""
    return event(id, unit_id, date, kind="training")


def two_districts(*events):
    """Districts D1 (street T1) and D2 (town T2), with the given events."""
    return build_dataset(
        districts=[district("D1"), district("D2", kind="county")],
        townships=[township("T1", "D1"), township("T2", "D2", kind="town")],
        events=events,
    )


EVENTS = (
    training("V1", "city", dt.date(2022, 7, 27)),  # the city's own
    training("V2", "D1", dt.date(2022, 2, 5)),
    training("V3", "D2", dt.date(2021, 10, 18)),  # the year before
    training("V4", "D2", dt.date(2023, 3, 1)),  # the year after
    training("V5", "T2", dt.date(2022, 5, 1)),  # a township of D2
    event("V6", "D2", dt.date(2022, 6, 1)),  # a 公益创投, not a training
)


def test_the_city_milestone_counts_the_city_levels_own_training():
    """At city level with ``held_by = "scope"`` only V1 (unit_id ``city``) counts."""
    data = two_districts(*EVENTS)
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"held_by": "scope"}).results
    # V1 only: V2 is D1's, V5 is a township's; 1 >= 1
    assert (result.scope.level, result.status, result.value) == ("city", Status.MET, 1.0)
    details = result.evidence.details
    assert details["training"] == ["V1"]
    assert (details["window"], details["from"], details["to"]) == (
        "year",
        "2022-01-01",
        "2022-12-31",
    )


def test_each_district_counts_its_own_trainings_of_the_year():
    """D1 held V2 in 2022; D2 held trainings only in 2021 and 2023 and by its township."""
    data = two_districts(*EVENTS)
    results = evaluate_target(
        KIND, data, as_of=DUE, params={"held_by": "scope"}, scope=EACH
    ).results
    # D1: V2 = 1; D2: V3 (2021), V4 (2023), V5 (township), V6 (not a training) = 0
    assert [(r.scope.id, r.status, r.value) for r in results] == [
        ("D1", Status.MET, 1.0),
        ("D2", Status.NOT_MET, 0.0),
    ]
    assert results[1].gap.amount == 1
    assert results[1].gap.noun == "trainings"
    assert [(u.level, u.id) for u in results[1].gap.units] == [("district", "D2")]


def test_a_townships_training_counts_only_held_within():
    """With ``held_by = "within"`` D2's township training V5 counts, and the city adds all."""
    data = two_districts(*EVENTS)
    (d2,) = evaluate_target(
        KIND, data, as_of=DUE, params={"held_by": "within"}, scope={"districts": ["D2"]}
    ).results
    # D2: V5 (T2, 2022) = 1
    assert (d2.status, d2.value) == (Status.MET, 1.0)
    assert d2.evidence.details["training"] == ["V5"]
    (city,) = evaluate_target(
        KIND, data, as_of=DUE, params={"held_by": "within", "threshold": 3}
    ).results
    # city: V1 (city) + V2 (D1) + V5 (T2) = 3; V3 and V4 are not in 2022
    assert (city.status, city.value) == (Status.MET, 3.0)
    assert city.evidence.details["training"] == ["V1", "V2", "V5"]


def test_a_2022_training_does_not_satisfy_a_2023_milestone():
    """Due in 2023, D1's 2022 training does not count; D2's 2023 training does."""
    data = two_districts(*EVENTS)
    due_2023 = dt.date(2023, 12, 31)
    results = evaluate_target(KIND, data, as_of=due_2023, scope=EACH).results
    # D1: V2 is 2022 = 0; D2: V4 (2023-03-01) = 1
    assert [(r.scope.id, r.status, r.value) for r in results] == [
        ("D1", Status.NOT_MET, 0.0),
        ("D2", Status.MET, 1.0),
    ]
    assert results[0].evidence.details["from"] == "2023-01-01"


def test_a_training_after_the_year_never_makes_its_milestone_met_late():
    """Evaluated in 2024, D2's 2023 training leaves its 2022 milestone not met (not met late)."""
    data = two_districts(*EVENTS)
    (result,) = evaluate_target(
        KIND, data, as_of=dt.date(2024, 6, 30), due=DUE, scope={"districts": ["D2"]}
    ).results
    # window 2022-01-01..2022-12-31 both at the due date and now: 0 each time
    assert (result.status, result.value, result.value_now) == (Status.NOT_MET, 0.0, 0.0)


def test_the_first_and_last_day_of_the_year_count():
    """Trainings on January 1 and December 31 of the due year count; the day before does not."""
    data = two_districts(
        training("V1", "D1", dt.date(2022, 1, 1)),
        training("V2", "D1", DUE),
        training("V3", "D1", dt.date(2021, 12, 31)),
    )
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 2}, scope={"districts": ["D1"]}
    ).results
    # V1 + V2 = 2 >= 2
    assert (result.status, result.value) == (Status.MET, 2.0)
    assert result.evidence.details["training"] == ["V1", "V2"]


def test_a_training_later_in_the_year_is_not_held_yet():
    """Evaluated on 2022-01-31, D1's February training is still to come: pending, no trend."""
    data = two_districts(*EVENTS)
    (result,) = evaluate_target(
        KIND,
        data,
        as_of=dt.date(2022, 1, 31),
        due=DUE,
        scope={"districts": ["D1"]},
        start=PLAN_START,
        end=PLAN_END,
    ).results
    # V2 is on 2022-02-05, after the evaluation date: 0 so far, and 0 at the 2020 and 2021
    # year-ends (before the due year's window opens): only the due year counts, so those
    # zeros are no trend and no projection is made
    assert (result.status, result.value) == (Status.PENDING, 0.0)
    assert result.evidence.details["to"] == "2022-01-31"
    assert [(p.date.year, p.value) for p in result.history] == [(2020, 0.0), (2021, 0.0)]
    assert result.projection.reason == "single_year"


def test_to_date_and_since_count_earlier_years_from_a_date():
    """With ``to_date`` D2 counts its 2021 and 2023 trainings; ``since`` 2022 drops 2021's."""
    data = two_districts(*EVENTS)
    due_2023 = dt.date(2023, 12, 31)
    d2 = {"districts": ["D2"]}
    (all_years,) = evaluate_target(
        KIND, data, as_of=due_2023, params={"window": "to_date"}, scope=d2
    ).results
    # V3 (2021) + V4 (2023) = 2
    assert all_years.value == 2.0
    (since,) = evaluate_target(
        KIND,
        data,
        as_of=due_2023,
        params={"window": "to_date", "since": dt.date(2022, 1, 1), "threshold": 2},
        scope=d2,
    ).results
    # V4 only = 1 < 2
    assert (since.status, since.value) == (Status.NOT_MET, 1.0)
    assert since.evidence.details["from"] == "2022-01-01"


def test_empty_scope_is_no_data():
    """A group with no district has no data: no value and no gap, not a count of zero."""
    result = evaluate_in_empty_group(two_districts(*EVENTS), "trainings", DUE)
    assert result.status is Status.NO_DATA
    assert (result.value, result.gap) == (None, None)
