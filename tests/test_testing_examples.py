"""scoplan.testing.examples: worked cases beside a target kind, run as tests."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from builders import builtin_registry

from scoplan.testing import (
    UNCHECKED,
    Example,
    examples_of,
    load_examples,
    run_example,
    run_examples,
)

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
        as_of="2022-04-30",  # a quarter or more after the year-end: a trend
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


EXAMPLES_TOML = """
[[example]]
title = "three organizations in two communities"
why = "3 / 2 = 1.5"
as_of = 2022-12-31
status = "met"
value = 1.5
params = { threshold = 1.5 }

[example.data]
districts = [{ id = "D1" }]
townships = [{ id = "T1", district_id = "D1" }]
communities = [{ id = "C1", township_id = "T1" }, { id = "C2", township_id = "T1" }]
organizations = [
  { id = "O1", community_id = "C1", founded = 2021-01-01 },
  { id = "O2", community_id = "C1", founded = "2021-01-01" },
  { id = "O3", community_id = "C2", founded = 2022-06-01 },
]

[[example]]
title = "no urban community"
as_of = "2022-12-31"
due = 2022-12-31
status = "no_data"
value = "none"
gap = "none"
params = { threshold = 1 }
data = { districts = [{ id = "D1" }] }
"""


def test_examples_load_from_toml(tmp_path):
    """A TOML file of ``[[example]]`` tables: dates as TOML dates or text, ``"none"`` for
    no value; each runs as the same example written in Python does."""
    path = tmp_path / "urban-average.toml"
    path.write_text(EXAMPLES_TOML, encoding="utf-8")
    first, second = load_examples(path)
    assert first.title == "three organizations in two communities"
    assert first.why == "3 / 2 = 1.5"
    assert first.as_of == dt.date(2022, 12, 31)
    assert first.value == 1.5
    assert first.gap is UNCHECKED
    assert second.value is None
    assert second.gap is None
    assert second.due == dt.date(2022, 12, 31)
    assert [r.status.value for r in run_examples(URBAN_AVERAGE, [first, second])] == [
        "met",
        "no_data",
    ]
    assert load_examples(str(path)) == [first, second]


def test_a_loaded_example_that_is_wrong_fails():
    """An expected value the data does not give fails, as a Python example's does."""
    (example,) = [e for e in examples_of("urban-average") if e.status == "met"]
    wrong = attrs.evolve(example, value=example.value + 0.5)
    with pytest.raises(AssertionError, match=r"expected 2\.0"):
        run_example(URBAN_AVERAGE, wrong)


def test_examples_of_reads_a_kinds_file_in_a_package():
    """``examples_of(id)`` reads ``examples/<id>.toml`` of scoplan.targets (or of the
    package named); a kind without one is named in the error."""
    assert [e.status for e in examples_of("urban-average", package="scoplan.targets")] == [
        e.status for e in examples_of("urban-average")
    ]
    with pytest.raises(FileNotFoundError, match=r"examples/no-such-kind\.toml"):
        examples_of("no-such-kind")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title = 1", "no \\[\\[example\\]\\] table"),
        ("[[example]\n", "example.toml: "),
        (
            '[[example]]\ntitle = "t"\nas_of = 2022-12-31\nstatus = "met"\ndata = {}\nvalu = 1',
            "example 1 \\('t'\\): unknown key\\(s\\) valu",
        ),
        ('[[example]]\ntitle = "t"\nstatus = "met"', "example 1 \\('t'\\): no data, as_of"),
        (
            '[[example]]\ntitle = "t"\nas_of = 2022-12-31\nstatus = "met"\ndata = {}\n'
            'value = "1.5"',
            "value is a number or \"none\", not '1.5'",
        ),
        (
            '[[example]]\ntitle = "t"\nas_of = "2022-13-01"\nstatus = "met"\ndata = {}',
            "example 1 \\('t'\\): month must be in 1..12",
        ),
    ],
)
def test_a_bad_examples_file_says_where(tmp_path, text, message):
    """Not TOML, no example, an unknown or missing key, a value that is no number, a bad
    date: a ValueError naming the file and the example."""
    path = tmp_path / "example.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_examples(path)
