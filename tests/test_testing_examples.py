"""scoplan.testing.examples: worked cases beside a target kind, run as tests."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import builtin_registry

from scoplan.testing import UNCHECKED, Example, run_example, run_examples

URBAN_AVERAGE = builtin_registry().targets["urban-average"]

TWO_COMMUNITIES = {
    "districts": [{"id": "D1"}],
    "townships": [{"id": "T1", "district_id": "D1"}],
    "communities": [{"id": "C1", "township_id": "T1"}, {"id": "C2", "township_id": "T1"}],
    "organizations": [
        {"id": "O1", "community_id": "C1", "founded": "2021-01-01"},
        {"id": "O2", "community_id": "C1", "founded": "2021-01-01"},
        {"id": "O3", "community_id": "C2", "founded": "2022-06-01"},
    ],
}

EXAMPLES = [
    Example(
        "three organizations in two communities",
        data=TWO_COMMUNITIES,
        params={"threshold": 1.5},
        as_of="2022-12-31",
        status="met",
        value=1.5,
    ),
    Example(
        "flat since the end of 2021, before the third was founded: off track",
        data=TWO_COMMUNITIES,
        params={"threshold": 1.5},
        as_of="2022-01-31",
        due="2022-12-31",
        status="off_track",
        value=1.0,
        gap=1,
    ),
    Example(
        "no urban community: no data",
        data={
            **TWO_COMMUNITIES,
            "communities": [{"id": "C1", "township_id": "T1", "kind": "rural"}],
            "organizations": [],
        },
        params={"threshold": 1},
        as_of="2022-12-31",
        status="no_data",
        value=None,
    ),
]


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_each_example_runs_as_a_test(example):
    """Parametrized over the examples, each is a test of its own, named by its title."""
    result = run_example(URBAN_AVERAGE, example)
    assert result.milestone == "urban-average"


def test_run_examples_returns_every_result():
    """All at once: one result per example, in order."""
    results = run_examples(URBAN_AVERAGE, EXAMPLES)
    assert [r.status.value for r in results] == ["met", "off_track", "no_data"]


def test_an_example_is_plain_data_with_dates_from_text():
    """Dates may be written as text; value and gap are unchecked unless given."""
    example = Example("t", data={}, as_of="2022-12-31", status="met")
    assert example.as_of == dt.date(2022, 12, 31)
    assert example.due is None
    assert example.value is UNCHECKED
    assert str(example) == "t"


def test_every_failing_example_is_listed_with_what_came_out():
    """run_examples names each failing example, what differs, and the result."""
    wrong = [
        Example(
            "right", data=TWO_COMMUNITIES, params={"threshold": 1}, as_of="2022-12-31", status="met"
        ),
        Example(
            "wrong status",
            data=TWO_COMMUNITIES,
            params={"threshold": 2},
            as_of="2022-12-31",
            status="met",
        ),
        Example(
            "wrong value",
            data=TWO_COMMUNITIES,
            params={"threshold": 1},
            as_of="2022-12-31",
            status="met",
            value=2.0,
            gap=3,
        ),
    ]
    with pytest.raises(AssertionError) as caught:
        run_examples(URBAN_AVERAGE, wrong)
    message = str(caught.value)
    assert message.startswith("2 example(s) of urban-average failed")
    assert "example 'wrong status': status not_met, expected met" in message
    assert "example 'wrong value': value 1.5, expected 2.0; gap None, expected 3" in message
    assert "'right'" not in message


def test_an_example_whose_data_does_not_load_says_why():
    """Bad example data is an AssertionError naming the example and the problem."""
    bad = Example(
        "bad date",
        data={
            **TWO_COMMUNITIES,
            "organizations": [{"id": "O1", "community_id": "C1", "founded": "2021-02-30"}],
        },
        params={"threshold": 1},
        as_of="2022-12-31",
        status="met",
    )
    with pytest.raises(AssertionError, match=r"example 'bad date' did not run:\n.*2021-02-30"):
        run_example(URBAN_AVERAGE, bad)


def test_an_example_has_one_scope():
    """``each = true`` would give several results: an example refuses it."""
    each = Example(
        "each",
        data=TWO_COMMUNITIES,
        params={"threshold": 1},
        scope={"each": True},
        as_of="2022-12-31",
        status="met",
    )
    with pytest.raises(ValueError, match="one scope"):
        run_example(URBAN_AVERAGE, each)
