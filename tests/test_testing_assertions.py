"""scoplan.testing: one target evaluated, and assertions that say what was measured."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import builtin_registry

from scoplan.testing import (
    DatasetBuilder,
    assert_status,
    assert_value,
    district_dataset,
    evaluate_target,
    find_result,
)


@pytest.fixture(scope="module")
def two_districts():
    """D1 with 2 urban communities and 6 organizations, D2 with 1 and 1, all from 2021."""
    builder = DatasetBuilder()
    builder.district_with("D1", communities=2, organizations=6, founded="2021-01-01")
    builder.district_with("D2", communities=1, organizations=1, founded="2021-01-01")
    return builder.build()


def test_evaluate_target_by_kind_and_by_id(two_districts):
    """A TargetKind is evaluated alone; an id is looked up in the registry given."""
    kind = builtin_registry().targets["urban-average"]
    by_kind = evaluate_target(kind, two_districts, params={"threshold": 2}, as_of="2022-12-31")
    by_id = evaluate_target(
        "urban-average",
        two_districts,
        params={"threshold": 2},
        as_of=dt.date(2022, 12, 31),
        registry=builtin_registry(),
    )
    assert_value(by_kind, "urban-average", 7 / 3)
    assert by_kind.results[0].value == by_id.results[0].value
    assert by_kind.results[0].due == dt.date(2022, 12, 31)


def test_scopes_are_written_as_in_a_plan(two_districts):
    """``scope={"each": True}`` gives one result per district, told apart by scope=."""
    report = evaluate_target(
        "urban-average",
        two_districts,
        params={"threshold": 2},
        as_of="2022-12-31",
        scope={"each": True},
        registry=builtin_registry(),
    )
    assert_status(report, "urban-average", "met", scope="D1")
    assert_status(report, "urban-average", "not_met", scope="区D2")
    assert_value(report, "urban-average", 1.0, scope="D2")


def test_a_wrong_status_says_what_was_measured(two_districts):
    """The message gives the scope, both statuses, the value, the requirement and the gap."""
    report = evaluate_target(
        "urban-average",
        two_districts,
        params={"threshold": 4},
        as_of="2022-12-31",
        registry=builtin_registry(),
    )
    with pytest.raises(AssertionError) as caught:
        assert_status(report, "urban-average", "met")
    message = str(caught.value)
    assert message.startswith("urban-average (city 测试市): expected status met, got not_met")
    assert "value 2.333333 (required >= 4), measured on 2022-12-31" in message
    assert "gap: 5 more organizations: D2-C1, D1-C1, D1-C2" in message


def test_a_wrong_value_gives_both_values(two_districts):
    """assert_value names the expected and the measured value."""
    report = evaluate_target(
        "urban-average",
        two_districts,
        params={"threshold": 2},
        as_of="2022-12-31",
        registry=builtin_registry(),
    )
    assert_value(report, "urban-average", 2.3333, rel=1e-3)
    with pytest.raises(AssertionError, match=r"expected value 2\.5, got 2\.333333"):
        assert_value(report.results, "urban-average", 2.5)


def test_no_value_is_expected_as_none():
    """A district without urban communities has no value: ``expected=None`` says so."""
    data = district_dataset(communities=1, organizations=1, community_kind="rural")
    report = evaluate_target(
        "urban-average",
        data,
        params={"threshold": 1},
        as_of="2022-12-31",
        registry=builtin_registry(),
    )
    assert_status(report, "urban-average", "no_data")
    assert_value(report, "urban-average", None)
    with pytest.raises(AssertionError, match="expected value 0, got none"):
        assert_value(report, "urban-average", 0)


def test_finding_a_result_says_what_there_is(two_districts):
    """An unknown milestone lists the known ones; several scopes ask for scope=."""
    report = evaluate_target(
        "urban-average",
        two_districts,
        params={"threshold": 2},
        as_of="2022-12-31",
        scope={"each": True},
        registry=builtin_registry(),
    )
    with pytest.raises(AssertionError, match=r"no result for milestone 'x' \(milestones: urban"):
        find_result(report, "x")
    with pytest.raises(AssertionError, match=r"has 2 results .*say which with scope="):
        find_result(report, "urban-average")
    with pytest.raises(AssertionError, match="in scope 'D9'"):
        find_result(report, "urban-average", scope="D9")


def test_a_plan_span_given_sets_the_history(two_districts):
    """By default the plan spans the due year: history from the year-end before it, up to
    the due year's end; ``start`` and ``end`` widen it, as a plan file's would."""
    kind = builtin_registry().targets["urban-average"]

    def year_ends(**span):
        report = evaluate_target(
            kind, two_districts, params={"threshold": 2}, as_of="2024-06-30", **span
        )
        return [(p.date.year, p.value) for p in report.results[0].history]

    # every organization founded 2021-01-01: 7 in 3 communities from the end of 2021 on
    after = pytest.approx(7 / 3)
    assert year_ends(due="2022-12-31") == [(2021, after), (2022, after)]
    assert year_ends(due="2022-12-31", end="2023-12-31") == [
        (2021, after),
        (2022, after),
        (2023, after),
    ]
    assert year_ends(due="2022-12-31", start="2021-01-01") == [
        (2020, 0.0),
        (2021, after),
        (2022, after),
    ]


def test_groups_are_written_as_in_a_plan(two_districts):
    """``groups`` names districts for a ``{"group": …}`` scope, as a plan's [groups] does."""
    report = evaluate_target(
        "urban-average",
        two_districts,
        params={"threshold": 2},
        as_of="2022-12-31",
        scope={"group": "small"},
        groups={"small": {"name": "小区县", "districts": ["D2"]}},
        registry=builtin_registry(),
    )
    # D2 alone: 1 organization in 1 community
    assert_value(report, "urban-average", 1.0)
    assert_status(report, "urban-average", "not_met")
