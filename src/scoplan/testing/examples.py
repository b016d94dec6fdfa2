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

They may live in a TOML file instead, one ``[[example]]`` table each, read by
:func:`load_examples` (a file's path) or :func:`examples_of` (a kind's file in a package:
``examples/<kind id>.toml``); scoplan keeps its own built-in kinds' examples so, in
``scoplan/targets/examples/``::

    [[example]]
    title = "two townships of three have a fund"
    why = "T1 and T2 have a fund, T3 none: 2 / 3"
    as_of = 2022-12-31
    status = "met"
    value = 0.6666666666666666
    params = { threshold = 0.5 }
    data.districts = [{ id = "D1" }]
    data.townships = [{ id = "T1", district_id = "D1" }, …]

TOML has no null: ``value = "none"`` (or ``gap = "none"``) expects no value (no gap).

Rows need only the columns the example is about: a unit's ``name`` and ``kind`` are
filled in (see :func:`~scoplan.testing.builders.with_defaults`).
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
import pathlib
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from importlib.resources.abc import Traversable
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
    no gap) are checked only when given, ``value`` within ``rel``. ``why`` says how the
    expected figures were worked out by hand (``"3 organizations / 2 communities = 1.5"``).
    Every field but the title is given by keyword.
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
    why: str = attrs.field(kw_only=True, default="")

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


_FIELDS: Final = frozenset(field.name for field in attrs.fields(Example))
_NONE: Final = "none"
"""How a TOML file, which has no null, says that no value (or no gap) is expected."""


def _example(entry: Any, where: str) -> Example:
    """One ``[[example]]`` table as an :class:`Example`; a ValueError naming ``where``."""
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: an example is a table ([[example]]), not {entry!r}")
    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise ValueError(
            f"{where}: unknown key(s) {', '.join(unknown)}; an example has "
            + ", ".join(sorted(_FIELDS))
        )
    missing = [key for key in ("title", "data", "as_of", "status") if key not in entry]
    if missing:
        raise ValueError(f"{where}: no {', '.join(missing)}")
    fields = dict(entry)
    for key in ("value", "gap"):
        if fields.get(key) == _NONE:
            fields[key] = None
        elif key in fields and (
            isinstance(fields[key], bool) or not isinstance(fields[key], int | float)
        ):
            raise ValueError(f'{where}: {key} is a number or "none", not {fields[key]!r}')
    title = fields.pop("title")
    try:
        return Example(title, **fields)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{where}: {error}") from None


def load_examples(source: str | os.PathLike[str] | Traversable) -> list[Example]:
    """The examples of a TOML file, one per ``[[example]]`` table, in order.

    Each table has the fields of :class:`Example` (``title``, ``data``, ``as_of``,
    ``status``, and optionally ``params``, ``scope``, ``due``, ``value``, ``gap``, ``rel``,
    ``why``); dates as TOML dates or ISO text; ``value = "none"`` and ``gap = "none"``
    expect none. A file that cannot be read, is not TOML, has no example or has a bad one
    is a ValueError naming the file and the example.
    """
    path = source if isinstance(source, Traversable) else pathlib.Path(source)
    name = str(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"{name}: {error}") from None
    entries = document.get("example")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{name}: no [[example]] table")
    return [
        _example(entry, f"{name}, example {i} ({entry.get('title', '?')!r})")
        if isinstance(entry, dict)
        else _example(entry, f"{name}, example {i}")
        for i, entry in enumerate(entries, start=1)
    ]


def examples_of(kind_id: str, package: str = "scoplan.targets") -> list[Example]:
    """The examples of the target kind ``kind_id``, from ``examples/<kind_id>.toml`` in
    ``package`` (by default scoplan's own built-in kinds'; a plugin passes its package).

    A kind with no such file is a FileNotFoundError naming the file looked for.
    """
    resource = importlib.resources.files(package) / "examples" / f"{kind_id}.toml"
    if not resource.is_file():
        raise FileNotFoundError(f"{package}: no examples/{kind_id}.toml for {kind_id!r}")
    return load_examples(resource)
