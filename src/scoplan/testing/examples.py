"""Worked examples declared beside a target kind: data, a date, and what the kind must say.

A plugin module lists its examples in a module attribute, ``EXAMPLES``, next to the target
kind they describe. They are plain data, readable as documentation (the tutorial shows
them) and run as tests::

    EXAMPLES = [
        Example(
            "two townships of three have a fund",
            data={
                "districts": [{"id": "D1"}],
                "townships": [{"id": "T1", "district_id": "D1"}, …],
                "establishments": [{"id": "F1", "kind": "community_fund", "unit_id": "T1",
                                    "established": "2021-06-01"}, …],
            },
            params={"threshold": 0.5},
            as_of="2022-12-31",
            status="met",
            value=2 / 3,
        ),
    ]

    # tests/test_community_funds.py
    @pytest.mark.parametrize("example", EXAMPLES, ids=str)
    def test_example(example):
        run_example(KIND, example)

or all at once, with every failure listed: ``run_examples(KIND, EXAMPLES)``.

Rows need only the columns the example is about: a unit's ``name`` and ``kind`` are
filled in (see :func:`~scoplan.testing.builders.with_defaults`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from scoplan.testing.assertions import describe, find_result, values_match
from scoplan.testing.builders import build_dataset
from scoplan.testing.evaluation import as_date, evaluate_target

if TYPE_CHECKING:
    from scoplan.plugins import Registry
    from scoplan.report import Result
    from scoplan.target import TargetKind


class Unchecked:
    """The type of :data:`UNCHECKED`: an expectation an example does not state."""

    def __repr__(self) -> str:
        return "UNCHECKED"


UNCHECKED: Final = Unchecked()
"""An expected value or gap an example leaves unchecked (the default)."""


def _optional_date(day: dt.date | str | None) -> dt.date | None:
    return None if day is None else as_date(day)


@attrs.frozen
class Example:
    """One worked case of a target kind: the data, the date, the milestone, the outcome.

    ``data`` is ``{table: [row, …]}``; ``params`` and ``scope`` are written as in a plan
    file (the scope is one scope: no ``each``); ``due`` defaults to ``as_of``. ``status``
    is expected; ``value`` (None: no value) and ``gap`` (how many more whole units; None:
    no gap) are checked only when given, ``value`` within ``rel``. Every field but the
    title is given by keyword.
    """

    title: str
    data: Mapping[str, Sequence[Mapping[str, Any]]] = attrs.field(kw_only=True)
    as_of: dt.date = attrs.field(kw_only=True, converter=as_date)
    status: str = attrs.field(kw_only=True)
    params: Mapping[str, Any] = attrs.field(kw_only=True, factory=dict)
    scope: Mapping[str, Any] = attrs.field(kw_only=True, factory=dict)
    due: dt.date | None = attrs.field(kw_only=True, default=None, converter=_optional_date)
    value: float | Unchecked | None = attrs.field(kw_only=True, default=UNCHECKED)
    gap: float | Unchecked | None = attrs.field(kw_only=True, default=UNCHECKED)
    rel: float = attrs.field(kw_only=True, default=1e-9)

    def __str__(self) -> str:
        return self.title


def run_example(kind: TargetKind, example: Example, *, registry: Registry | None = None) -> Result:
    """Evaluate one example and check its outcome; the result, or an AssertionError that
    names the example and says what came out instead."""
    from scoplan._exceptions import ScoplanError

    if example.scope.get("each"):
        raise ValueError(f"example {example.title!r}: an example has one scope, not each = true")
    try:
        data = build_dataset(example.data)
        report = evaluate_target(
            kind,
            data,
            as_of=example.as_of,
            params=example.params,
            due=example.due,
            scope=example.scope,
            registry=registry,
        )
    except ScoplanError as error:
        raise AssertionError(f"example {example.title!r} did not run:\n{error}") from None
    result = find_result(report, kind.id)
    wrong: list[str] = []
    if result.status.value != example.status:
        wrong.append(f"status {result.status.value}, expected {example.status}")
    if not isinstance(example.value, Unchecked) and not values_match(
        result.value, example.value, example.rel, 0.0
    ):
        wrong.append(f"value {result.value!r}, expected {example.value!r}")
    if not isinstance(example.gap, Unchecked):
        gap = None if result.gap is None else result.gap.amount
        if not values_match(gap, example.gap, 1e-9, 1e-12):
            wrong.append(f"gap {gap!r}, expected {example.gap!r}")
    if wrong:
        raise AssertionError(
            f"example {example.title!r}: " + "; ".join(wrong) + "\n" + describe(result)
        )
    return result


def run_examples(
    kind: TargetKind, examples: Iterable[Example], *, registry: Registry | None = None
) -> list[Result]:
    """Run every example; their results, or one AssertionError listing each that failed."""
    results: list[Result] = []
    failures: list[str] = []
    for example in examples:
        try:
            results.append(run_example(kind, example, registry=registry))
        except AssertionError as error:
            failures.append(str(error))
    if failures:
        raise AssertionError(
            f"{len(failures)} example(s) of {kind.id} failed:\n\n" + "\n\n".join(failures)
        )
    return results
