"""The target contract: every built-in kind keeps it, and each clause catches what it names."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import attrs
import polars as pl
import pytest
from builders import builtin_registry

import scoplan
from scoplan import measures
from scoplan.params import Share, Threshold
from scoplan.testing import (
    check_contract,
    contract_dataset,
    contract_failures,
    sample_params,
)


@pytest.fixture(scope="module")
def data() -> scoplan.Dataset:
    """The contract's own varied dataset, built once for this module."""
    return contract_dataset()


@pytest.mark.parametrize("kind_id", sorted(builtin_registry().targets))
def test_every_builtin_target_kind_keeps_the_contract(kind_id, data):
    """Each of the built-in target kinds passes the whole contract on the varied dataset."""
    check_contract(builtin_registry().targets[kind_id], data)


def test_the_contract_dataset_has_something_of_everything(data):
    """Every table of DATA.md has rows, and a plugin's own kinds can be added."""
    assert all(size > 0 for size in data.size().values())
    funded = contract_dataset(establishment_kinds=["community_fund"], event_kinds=["fair"])
    assert funded.active("establishments", dt.date(2023, 6, 30), kind="community_fund").height
    assert funded.held("fair", dt.date(2021, 1, 1), dt.date(2023, 12, 31)).height


def townships_covered(context, params, covered_ids=()):
    """The share of the scope's townships whose id is in ``covered_ids``."""
    data = context.data
    return measures.share_covered(
        context,
        data.townships_in(context.scope.districts),
        pl.Series(list(covered_ids), dtype=pl.String),
        required=params.threshold,
        comparator=params.comparator,
        level="township",
        noun="townships",
    )


def kind(measure, params: type[Any] = Share, id: str = "test-kind") -> scoplan.TargetKind:
    """A target kind measuring with ``measure``."""
    return scoplan.TargetKind(
        id=id,
        title=scoplan.Text("测试", "Test"),
        description=scoplan.Text("测试", "Test"),
        params=params,
        measure=measure,
    )


def clauses(failures: list[str]) -> set[str]:
    """The contract clauses the failures name (the text before the first colon)."""
    return {failure.split(":", 1)[0] for failure in failures}


def test_a_well_behaved_kind_has_no_failure(data):
    """A plain share of townships keeps every clause."""
    assert contract_failures(kind(townships_covered), data) == []


def test_a_random_value_is_not_deterministic(data):
    """A value that changes from call to call breaks ``deterministic``."""

    def measure(context, params):
        found = townships_covered(context, params)
        return attrs.evolve(found, details={"draw": random.random()})

    assert "deterministic" in clauses(contract_failures(kind(measure), data))


def test_details_in_input_order_depend_on_row_order(data):
    """Listing townships in the order of the input breaks ``row order``."""

    def measure(context, params):
        found = townships_covered(context, params)
        towns = context.data.frame("townships").get_column("id").to_list()
        return attrs.evolve(found, details={"townships": towns})

    failures = contract_failures(kind(measure), data)
    assert clauses(failures) == {"row order"}
    assert "details.townships" in failures[0]


def test_changing_a_frame_in_place_is_a_mutation(data):
    """A target that renames a column of the dataset's own frame breaks ``no mutation``."""
    copy = scoplan.Dataset.from_frames({t: data.frame(t).clone() for t in data.size()})

    def measure(context, params):
        frame = context.data.frame("events")
        if "name" in frame.columns:
            frame.drop_in_place("name")
        return townships_covered(context, params)

    failures = contract_failures(kind(measure), copy)
    assert "no mutation" in clauses(failures)
    assert any("events" in failure for failure in failures)


def test_a_value_that_depends_on_how_many_units_are_listed_is_caught(data):
    """A value counting only the units listed changes with ``listed``: ``listed`` names it."""

    def measure(context, params):
        found = townships_covered(context, params)
        if found.value is None:
            return found
        return attrs.evolve(found, value=min(1.0, len(found.shortfall) / 100))

    failures = contract_failures(kind(measure), data)
    assert "listed" in clauses(failures)
    assert any("with listed=0" in failure for failure in failures)


def test_raising_on_an_empty_scope_is_caught(data):
    """Dividing by the number of districts raises on the empty scope: ``runs`` names it."""

    def measure(context, params):
        share = 1 / len(context.scope.districts)
        return scoplan.Measurement(share, params.threshold, params.comparator, unit="share")

    failures = contract_failures(kind(measure), data)
    assert any(f.startswith("runs: nowhere (nowhere)") for f in failures)
    assert "ZeroDivisionError" in "\n".join(failures)


def test_a_zero_for_an_empty_scope_is_not_no_data(data):
    """Answering 0 where there is nothing to measure breaks ``empty scope``."""

    def measure(context, params):
        return scoplan.Measurement(0.0, params.threshold, params.comparator, unit="share")

    assert clauses(contract_failures(kind(measure), data)) == {"empty scope"}


def test_a_failure_on_bare_data_is_caught():
    """A target that assumes organizations exist fails on a dataset with none."""

    def measure(context, params):
        first = context.data.frame("organizations").row(0)
        return scoplan.Measurement(float(len(first)), params.threshold, params.comparator)

    failures = contract_failures(kind(measure, Threshold), contract_dataset())
    assert any("on a dataset with no organization" in f for f in failures)


def test_params_that_accept_anything_are_caught(data):
    """A parameter typed Any accepts a share of 150%: ``bad params`` says it was accepted."""

    @attrs.frozen(kw_only=True)
    class Loose:
        threshold: Any
        comparator: str = ">="

    failures = contract_failures(
        kind(townships_covered, Loose),
        data,
        params={"threshold": 0.5},
        bad_params=[{"threshold": "most of them"}],
    )
    assert clauses(failures) == {"bad params"}
    assert "accepted" in failures[0]
    assert "most of them" in failures[0]


def test_bad_params_must_name_their_path(data):
    """Each generated bad parameter is rejected by the built-in Share with its path."""
    assert contract_failures(kind(townships_covered), data, bad_params=[{"threshold": 2}]) == []


def test_a_params_class_that_is_not_attrs_is_a_failure(data):
    """The parameters must be an attrs class: the engine structures milestones into it."""

    class Plain:
        threshold = 0.5

    failures = contract_failures(kind(townships_covered, Plain), data)
    assert clauses(failures) == {"params"}


def test_a_value_that_is_not_json_breaks_the_report_schema(data):
    """A set in the details cannot be written as JSON: the contract fails, whether the
    engine refuses it (``runs``) or the report cannot be written (``report schema``)."""

    def measure(context, params):
        return attrs.evolve(townships_covered(context, params), details={"ids": {"a", "b"}})

    failures = contract_failures(kind(measure), data)
    assert failures
    assert clauses(failures) <= {"runs", "report schema"}


def test_a_share_above_one_breaks_the_contract(data):
    """A share must lie between 0 and 1: the engine refuses it (an ``error`` result, so the
    kind does not run), and the failure says why."""

    def measure(context, params):
        found = townships_covered(context, params)
        return found if found.value is None else attrs.evolve(found, value=found.value + 2)

    failures = contract_failures(kind(measure), data)
    assert clauses(failures) == {"runs"}
    assert all("value is a share of 2.0, not one between 0 and 1" in f for f in failures)


def test_check_contract_raises_listing_every_failure(data):
    """``check_contract`` raises one AssertionError naming the kind and each failure."""

    def measure(context, params):
        return scoplan.Measurement(0.0, params.threshold, params.comparator, unit="share")

    with pytest.raises(AssertionError, match="test-kind breaks the target contract") as caught:
        check_contract(kind(measure), data)
    assert "- empty scope:" in str(caught.value)


def test_sample_params_fills_required_fields_only():
    """Required fields get a plain value of their type; fields with defaults are left out."""
    assert sample_params(kind(townships_covered)) == {"threshold": 0.9}
    assert sample_params(builtin_registry().targets["trainings"]) == {}


def test_sample_params_says_when_it_cannot_guess():
    """A required field of an unknown type is a ``params`` failure asking for params=."""

    @attrs.frozen
    class Odd:
        weights: dict[str, float]

    failures = contract_failures(kind(townships_covered, Odd))
    assert clauses(failures) == {"params"}
    assert "pass params=" in failures[0]
