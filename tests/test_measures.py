"""The shared measures: comparisons, whole units, mean per unit, share covered, count."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from judged import judged, must_judge

from scoplan import Dataset, Measurement, Scope
from scoplan.measures import count, event_window, flag_covered, mean_per_unit, share_covered
from scoplan.target import Context, holds, whole_units_needed

ON = dt.date(2023, 6, 30)
SCOPE = Scope("district", "D1", "区D1", ("D1",))


def context(listed=50, on=ON, due=ON):
    """A context on an empty dataset: the measures only read ``listed``, ``on`` and ``due``."""
    return Context(Dataset.from_frames({}), SCOPE, on, due, listed)


def units(*ids):
    """A frame of units with ids and names."""
    return pl.DataFrame({"id": list(ids), "name": [f"单位{i}" for i in ids]})


def counts(**per_unit):
    """A frame of counts per unit id (column ``unit``)."""
    return pl.DataFrame(
        {"unit": list(per_unit), "count": list(per_unit.values())},
        schema={"unit": pl.String, "count": pl.Int64},
    )


@pytest.mark.parametrize(
    ("value", "comparator", "required", "expected"),
    [
        (0.7, ">=", 0.7, True),
        (7 / 10, ">=", 0.7, True),
        (0.1 + 0.2, "==", 0.3, True),  # 0.30000000000000004
        (0.1 + 0.2, "<=", 0.3, True),
        (2, ">", 2, False),
        (2.5, ">", 2, True),
        (2, "<", 2, False),
        (1.9, "<", 2, True),
        (0.69, ">=", 0.7, False),
    ],
)
def test_holds_tolerates_float_noise(value, comparator, required, expected):
    """``holds`` compares with a tolerance, so float noise neither meets nor misses a target."""
    assert holds(value, comparator, required) is expected


def test_unknown_comparator_is_an_error():
    """A comparator outside the five is a ValueError, not a silent False."""
    with pytest.raises(ValueError, match="=>"):
        holds(1, "=>", 1)
    with pytest.raises(ValueError, match="=>"):
        whole_units_needed(1, 1, "=>", 1)


@pytest.mark.parametrize(
    ("numerator", "denominator", "comparator", "required", "expected"),
    [
        (1100, 76, ">=", 15, 40),  # 15 x 76 = 1140; 1140 - 1100 = 40
        (3, 4, ">=", 0.8, 1),  # 0.8 x 4 = 3.2; ceil(0.2) = 1
        (7, 10, ">=", 0.7, 0),  # 0.7 x 10 = 7 (7.000000000000001 in floats): met
        (2, 4, ">", 0.5, 1),  # needs more than 2 of 4: 3, so 1 more
        (6, 3, "<=", 1, 3),  # at most 1 x 3 = 3: remove 6 - 3 = 3
        (6, 3, "<", 2, 1),  # fewer than 2 x 3 = 6: remove 1
        (5, 2, "==", 3, 1),  # exactly 3 x 2 = 6: 1 more
        (9, 3, ">=", 2, 0),  # 9 / 3 = 3 >= 2: already met
        (0, 0, ">=", 1, 0),  # no units: nothing to add
    ],
)
def test_whole_units_needed(numerator, denominator, comparator, required, expected):
    """The gap is the fewest whole units that change the ratio enough, worked by hand."""
    assert whole_units_needed(numerator, denominator, comparator, required) == expected


def test_mean_per_unit_counts_absent_units_as_zero_and_sorts_the_shortfall():
    """Units without a count are 0; the shortfall is by need (largest first), then id."""
    measured = mean_per_unit(
        context(),
        units("A", "B", "C", "D"),
        counts(A=7, B=1, D=1),
        key="unit",
        required=3,
        comparator=">=",
        level="community",
        noun="organizations",
    )
    # (7 + 1 + 0 + 1) / 4 = 2.25
    assert measured.value == 2.25
    assert (measured.numerator, measured.denominator) == (9, 4)
    # 3 x 4 = 12 needed, 9 there: 3 more
    assert measured.gap == 3
    # C lacks 3; B and D lack 2 each (B before D by id); A lacks nothing
    assert [(u.id, u.need) for u in measured.shortfall] == [("C", 3.0), ("B", 2.0), ("D", 2.0)]
    assert measured.shortfall_total == 3
    assert measured.met is False


def test_mean_per_unit_lists_at_most_what_is_asked():
    """``listed`` caps the units named, while ``shortfall_total`` still counts them all."""
    measured = mean_per_unit(
        context(listed=1),
        units("A", "B", "C"),
        counts(),
        key="unit",
        required=1,
        comparator=">=",
        level="community",
        noun="organizations",
    )
    # every unit has 0 and needs 1; ties sorted by id: A first
    assert [u.id for u in measured.shortfall] == ["A"]
    assert measured.shortfall_total == 3


def test_mean_per_unit_with_an_upper_bound_lists_the_units_above_it():
    """With ``<=`` the shortfall is the units above the bound, by how much they exceed it."""
    measured = mean_per_unit(
        context(),
        units("A", "B", "C"),
        counts(A=5, B=2),
        key="unit",
        required=1,
        comparator="<=",
        level="community",
        noun="organizations",
    )
    # (5 + 2 + 0) / 3 = 7/3 > 1; at most 1 x 3 = 3: 7 - 3 = 4 fewer
    assert measured.gap == 4
    # A exceeds by 5 - 1 = 4, B by 2 - 1 = 1; C (0) is within
    assert [(u.id, u.need) for u in measured.shortfall] == [("A", 4.0), ("B", 1.0)]


def test_mean_per_unit_without_units_has_no_value():
    """No units: no value (no_data), never a division by zero."""
    measured = mean_per_unit(
        context(),
        units(),
        counts(A=3),
        key="unit",
        required=3,
        comparator=">=",
        level="community",
        noun="organizations",
    )
    assert measured.value is None
    assert measured.met is None


def test_share_covered_lists_the_uncovered_by_id_when_not_met():
    """Two of five covered against 0.6: one more needed, the three others listed by id."""
    measured = share_covered(
        context(),
        units("E", "D", "C", "B", "A"),
        pl.Series(["B", "D", "Z"]),  # Z is not a unit of the scope
        required=0.6,
        comparator=">=",
        level="township",
        noun="townships",
    )
    # B and D of A..E: 2 / 5 = 0.4; 0.6 x 5 = 3 needed: 1 more
    assert measured.value == 0.4
    assert (measured.numerator, measured.denominator) == (2, 5)
    assert measured.gap == 1
    assert [u.id for u in measured.shortfall] == ["A", "C", "E"]
    assert measured.shortfall_total == 3


def test_share_covered_lists_nothing_when_met():
    """A met share has no shortfall, even though some units are not covered."""
    measured = share_covered(
        context(),
        units("A", "B"),
        pl.Series(["A"]),
        required=0.5,
        comparator=">=",
        level="township",
        noun="townships",
    )
    # 1 / 2 = 0.5 >= 0.5
    assert (measured.value, measured.gap, measured.shortfall, measured.shortfall_total) == (
        0.5,
        0,
        (),
        0,
    )


def test_count_names_the_scope_when_short():
    """A count short of its threshold names the scope itself, with how many it has."""
    found = pl.DataFrame({"id": ["X"]})
    measured = count(context(), found, required=3, comparator=">=", noun="items")
    # 1 found, 3 required: 2 more
    assert (measured.value, measured.numerator, measured.gap) == (1.0, 1, 2)
    assert [(u.level, u.id, u.value) for u in measured.shortfall] == [("district", "D1", 1.0)]
    met = count(context(), found, required=1, comparator=">=", noun="items")
    assert (met.gap, met.shortfall) == (0, ())


def test_count_lists_nobody_when_none_are_to_be_listed():
    """With ``listed=0`` the short scope is counted (one unit short) but not listed."""
    found = pl.DataFrame({"id": ["X"]})
    measured = count(context(listed=0), found, required=3, comparator=">=", noun="items")
    assert (measured.value, measured.gap) == (1.0, 2)
    assert (measured.shortfall, measured.shortfall_total) == ((), 1)


def test_event_window_by_year_and_to_date():
    """``year`` is the due date's calendar year up to the measuring date; ``to_date`` all of it."""
    due = dt.date(2023, 12, 31)
    assert event_window(context(on=dt.date(2024, 3, 1), due=due), "year") == (
        dt.date(2023, 1, 1),
        dt.date(2023, 12, 31),  # never past the due year, however late the evaluation
    )
    assert event_window(context(on=dt.date(2023, 6, 30), due=due), "year") == (
        dt.date(2023, 1, 1),
        dt.date(2023, 6, 30),
    )
    assert event_window(context(on=dt.date(2024, 3, 1), due=due), "to_date") == (
        dt.date.min,
        dt.date(2024, 3, 1),
    )


def test_measurement_without_requirement_or_value_is_neither_met_nor_not():
    """``met`` is None for an indicator (no requirement) and for no data (no value)."""
    assert Measurement(0.5).met is None
    assert Measurement(None, 1.0, ">=").met is None
    assert Measurement(1.0, 1.0, ">=").met is True


@must_judge("a unit covered", "a unit not covered", "looked up by bisection")
@given(
    ids=st.lists(st.text(min_size=1, max_size=4), max_size=8, unique=True),
    others=st.lists(st.text(min_size=0, max_size=4), max_size=60),
    draw=st.data(),
)
def test_flag_covered_says_whether_each_id_is_covered_however_covered_comes(ids, others, draw):
    """By hashing (any series) or by bisection (a sorted one much longer than the units),
    each unit is flagged exactly when its id is among ``covered``: any text, and some of
    the units' own ids (drawn text alone would seldom be one); padded with other ids to
    be long enough for bisection."""
    chosen = draw.draw(st.lists(st.sampled_from(ids), max_size=10)) if ids else []
    covered = draw.draw(st.permutations(others + chosen))
    frame = pl.DataFrame({"id": ids, "name": ids}, schema={"id": pl.String, "name": pl.String})
    expected = [i in set(covered) for i in ids]
    judged("a unit covered", any(expected))
    judged("a unit not covered", not all(expected))
    # ids of 5 characters and more, never a unit's: more than four per unit, so that the
    # sorted series is looked up by bisection
    padding = [f"pad-{i:04d}" for i in range(4 * len(ids) + 1)]
    long = pl.Series(covered + padding, dtype=pl.String).unique().sort()
    judged("looked up by bisection", bool(ids) and long.len() > 4 * len(ids))
    for series in (
        pl.Series(covered, dtype=pl.String),
        pl.Series(covered, dtype=pl.String).unique().sort(),
        long,
    ):
        flagged = flag_covered(frame, series)
        assert flagged.columns == ["id", "name", "covered"]
        assert flagged.get_column("covered").to_list() == expected
