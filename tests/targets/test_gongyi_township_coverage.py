"""``gongyi-township-coverage``: share of townships holding a township-level 公益创投."""

from __future__ import annotations

import datetime as dt

from builders import builtin_registry, district, event, township

from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["gongyi-township-coverage"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)
D1 = {"districts": ["D1"]}


def four_townships(*events):
    """District D1 with streets T1, T2, town T3 and township T4; D2 has no township."""
    return build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[
            township("T1", "D1", kind="street"),
            township("T2", "D1", kind="street"),
            township("T3", "D1", kind="town"),
            township("T4", "D1", kind="township"),
        ],
        events=events,
    )


EVENTS = (
    event("V1", "T1", dt.date(2023, 3, 1)),
    event("V2", "T2", dt.date(2022, 11, 1)),  # the year before the due year
    event("V3", "T3", dt.date(2023, 3, 1), kind="training"),  # not a 公益创投
    event("V4", "D1", dt.date(2023, 4, 1)),  # the district's own: covers no township
)


def test_year_window_counts_only_the_due_year():
    """With ``window = "year"`` only T1's 2023 programme counts: 1 of 4 against a half."""
    data = four_townships(*EVENTS)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 0.5, "window": "year"}, scope=D1
    ).results
    # T1 of T1..T4: 1 / 4 = 0.25
    assert result.status is Status.NOT_MET
    assert result.value == 0.25
    assert (result.evidence.numerator, result.evidence.denominator) == (1, 4)
    # 0.5 x 4 = 2 needed, 1 covered: 1 more; the 3 uncovered are listed by id
    assert result.gap.amount == 1
    assert result.gap.noun == "townships"
    assert [u.id for u in result.gap.units] == ["T2", "T3", "T4"]
    assert result.gap.units_total == 3


def test_to_date_window_counts_every_earlier_year():
    """With ``window = "to_date"`` T2's 2022 programme counts too: 2 of 4 meets a half."""
    data = four_townships(*EVENTS)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 0.5, "window": "to_date"}, scope=D1
    ).results
    # T1 and T2: 2 / 4 = 0.5 >= 0.5
    assert (result.status, result.value, result.gap) == (Status.MET, 0.5, None)


def test_township_kinds_narrow_the_units():
    """Counting streets only, T1 of T1 and T2 is half of them."""
    data = four_townships(*EVENTS)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 1.0, "township_kinds": ["street"]}, scope=D1
    ).results
    # T1 of streets T1, T2: 1 / 2; 1.0 x 2 = 2 needed: 1 more, T2
    assert result.value == 0.5
    assert result.gap.amount == 1
    assert [u.id for u in result.gap.units] == ["T2"]


def test_a_2022_programme_does_not_satisfy_2023_but_does_2022():
    """The same programme held in 2022 meets a 2022 milestone and not a 2023 one."""
    data = four_townships(*(event(f"V{i}", f"T{i}", dt.date(2022, 5, 1)) for i in (1, 2, 3, 4)))
    (due_2022,) = evaluate_target(
        KIND, data, as_of=DUE, due=dt.date(2022, 12, 31), params={"threshold": 1.0}, scope=D1
    ).results
    (due_2023,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 1.0}, scope=D1
    ).results
    # 2022: 4 / 4; 2023: 0 / 4, all four more needed
    assert (due_2022.status, due_2022.value) == (Status.MET, 1.0)
    assert (due_2023.status, due_2023.value, due_2023.gap.amount) == (Status.NOT_MET, 0.0, 4)


def test_district_without_townships_is_no_data():
    """A district with no township-level unit has no data."""
    data = four_townships(*EVENTS)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 0.5}, scope={"districts": ["D2"]}
    ).results
    assert result.status is Status.NO_DATA
    assert result.value is None
