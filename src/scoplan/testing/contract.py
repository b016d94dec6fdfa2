"""The contract every target kind must pass, built-in or a plugin's.

:func:`check_contract` evaluates a target kind, through the real engine, on a dataset
(a varied one of its own, or yours) and checks that the kind:

- **runs**: no milestone ends in ``error``, whatever the scope or the date (the engine
  gives one for a measurement it refuses, naming what is wrong: a share above 1, a count
  below 0 or not whole, a requirement other than the one the params set…);
- is **deterministic**: a fresh copy of the same data gives the same report (the engine
  reuses a measurement made on one dataset object, so a second run on the same object
  would prove nothing);
- is **independent of row order**: every table shuffled (and reversed) gives the same report;
- **never mutates the data**: every frame and the fingerprint are unchanged afterwards;
- gives **the same values however many units are listed**: the engine measures points of
  history without listing any when every unit is asked for;
- gives **no_data on an empty scope** (a group with no district) rather than raising or
  inventing a zero, and does not fail on a dataset that has districts and nothing else;
- has a **parameter class that rejects bad parameters** with a
  :class:`~scoplan.PlanError` naming the path: an unknown key, each required field left
  out, each field given a value of the wrong type, and any ``bad_params`` you add;
- gives results that **fit the report schema**: ``Report.to_dict`` → strict JSON →
  ``Report.from_dict`` → the same JSON; values are finite, shares between 0 and 1.

::

    def test_contract():
        check_contract(KIND, contract_dataset(establishment_kinds=["community_fund"]),
                       bad_params=[{"threshold": 1.5}])

:func:`contract_failures` returns the failures as a list instead of raising.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import functools
import json
import math
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from scoplan.testing.builders import DatasetBuilder
from scoplan.testing.evaluation import MilestoneSpec, evaluate_target, plan_of, registry_with

if TYPE_CHECKING:
    import polars as pl

    from scoplan.dataset import Dataset
    from scoplan.report import Report, Result
    from scoplan.target import TargetKind

AS_OF = dt.date(2023, 6, 30)
"""The default evaluation date: after :data:`DUE`, before :data:`LATER`."""
DUE = dt.date(2022, 12, 31)
"""The due date of the contract's milestones that are due (measured on the due date)."""
LATER = dt.date(2023, 12, 31)
"""The due date of the contract's milestone not yet due (projected)."""
NOWHERE = "nowhere"
"""The contract plan's group with no district: the empty scope."""


def contract_dataset(
    *, establishment_kinds: Iterable[str] = (), event_kinds: Iterable[str] = ()
) -> Dataset:
    """A small, varied dataset: three districts (a district, a county, a zone), townships
    of every kind, urban and rural communities, organizations founded and dissolved from
    2019 to 2023 with every optional column, federations, brand projects, and every kind
    of establishment and event of DATA.md at several levels and dates.

    ``establishment_kinds`` and ``event_kinds`` add a plugin's own kinds, spread the
    same way (``["community_fund"]``).
    """
    from scoplan.schema import (
        CATEGORIES,
        ESTABLISHMENT_KINDS,
        EVENT_KINDS,
        MANAGERS,
        REGISTRATION,
        SIZES,
        SPECIAL_GROUPS,
    )

    build = DatasetBuilder()
    build.district("D1", "甲区", kind="district")
    build.district("D2", "乙县", kind="county")
    build.district("D3", "丙开发区", kind="zone")
    townships = {
        "D1-T1": ("D1", "street"),
        "D1-T2": ("D1", "town"),
        "D2-T1": ("D2", "township"),
        "D2-T2": ("D2", "town"),
        "D3-T1": ("D3", "street"),
    }
    for township_id, (district_id, kind) in townships.items():
        build.township(township_id, district_id, kind=kind)
    communities: list[str] = []
    for index, township_id in enumerate(townships):
        for c, kind in enumerate(("urban", "rural")[: 1 + index % 2 + (index == 0)]):
            community_id = f"{township_id}-C{c + 1}"
            build.community(community_id, township_id, kind=kind)
            communities.append(community_id)
    categories = [*CATEGORIES, None]
    registrations = [*REGISTRATION, None]
    sizes = [*SIZES, None]
    managers = [*MANAGERS, None]
    groups = list(SPECIAL_GROUPS)
    start = dt.date(2019, 3, 1)
    number = 0
    for c, community_id in enumerate(communities):
        for o in range(2 + c % 4):
            number += 1
            founded = start + dt.timedelta(days=97 * ((c * 3 + o * 5) % 17))
            build.organization(
                f"O{number}",
                community_id,
                founded=founded,
                dissolved=founded + dt.timedelta(days=500) if number % 5 == 0 else None,
                category=categories[number % len(categories)],
                registration=registrations[number % len(registrations)],
                size=sizes[(number // 2) % len(sizes)],
                managed_by=managers[(number // 3) % len(managers)],
                charter=(True, False, None)[number % 3],
                brand=founded + dt.timedelta(days=300) if number % 4 == 0 else None,
                serves=[groups[number % len(groups)], groups[(number * 7) % len(groups)]]
                if number % 3
                else None,
            )
            if number % 6 == 0:
                build.brand_project(
                    f"B{number}", f"O{number}", designated=founded + dt.timedelta(days=200)
                )
    build.federation("F1", "D1-T1", founded="2020-06-01")
    build.federation("F2", "D2-T1", founded="2021-03-01", dissolved="2022-09-30")
    build.federation("F3", "D2-T2", founded="2023-02-01")
    urban = [c for c in communities if c.endswith("-C1")]
    build.federation("F4", urban[0], level="community", founded="2021-05-01")
    build.federation("F5", urban[2], level="community", founded="2022-05-01")
    units = ["city", "D1", "D2", "D1-T1", "D2-T1", communities[0], communities[3]]
    for i, kind in enumerate([*ESTABLISHMENT_KINDS, *establishment_kinds]):
        for j, unit in enumerate(units):
            if (i + j) % 2:
                continue
            established = dt.date(2020, 3, 1) + dt.timedelta(days=113 * ((i * 3 + j) % 11))
            ended = established + dt.timedelta(days=400) if (i + j) % 6 == 0 else None
            build.establishment(f"E{i}-{j}", unit, kind=kind, established=established, ended=ended)
    places = ["city", "D1", "D2", "D3", "D1-T1", "D1-T2", "D2-T1"]
    for i, kind in enumerate([*EVENT_KINDS, *event_kinds]):
        for j, unit in enumerate(places):
            for year in (2021, 2022, 2023):
                if (i + j + year) % 3 == 0:
                    continue
                day = dt.date(year, 1 + (i * 5 + j * 3) % 12, 1 + (i + j) % 28)
                build.event(f"V{i}-{j}-{year}", unit, kind=kind, date=day)
    return build.build()


# -- parameters ---------------------------------------------------------------------------

_NUMBERS = (float, int)


def _field_types(cls: type[Any]) -> dict[str, Any] | None:
    try:
        return typing.get_type_hints(cls)
    except Exception:  # a class whose annotations name what only type checkers import
        return None


def _members(tp: Any) -> tuple[Any, ...]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return tuple(a for a in typing.get_args(tp) if a is not type(None))
    return (tp,)


def _sample(tp: Any) -> Any:
    members = _members(tp)
    if len(members) != 1:
        return None
    tp = members[0]
    origin = typing.get_origin(tp)
    if tp is float:
        return 0.9
    if tp is int:
        return 1
    if tp is bool:
        return False
    if tp is str:
        return "x"
    if tp is dt.date:
        return dt.date(2021, 1, 1)
    if origin is typing.Literal:
        return typing.get_args(tp)[0]
    if origin in (tuple, list, collections.abc.Sequence):
        return []
    return None


def _wrong(tp: Any) -> Any:
    """A value no field of type ``tp`` accepts, or None when there is no such obvious value."""
    members = _members(tp)
    if len(members) != 1:
        return None
    tp = members[0]
    origin = typing.get_origin(tp)
    if tp in _NUMBERS:
        return "not a number"
    if tp is bool:
        return "not true or false"
    if tp is str:
        return {"not": "text"}
    if tp is dt.date:
        return "not a date"
    if origin is typing.Literal:
        return "none of the allowed values"
    if origin in (tuple, list, collections.abc.Sequence):
        return 12345
    return None


def sample_params(kind: TargetKind) -> dict[str, Any]:
    """Parameters a plan could give ``kind``: every required field with a plain value of
    its type (0.9 for a number, the first choice of a Literal…), nothing else. A field
    whose attrs ``metadata`` has an ``example`` (a column's name, say) is given that.

    Raises ValueError when a required field has a type it cannot guess a value for: pass
    ``params=`` to :func:`check_contract` then.
    """
    hints = _field_types(kind.params) or {}
    params: dict[str, Any] = {}
    for field in attrs.fields(kind.params):
        if field.default is not attrs.NOTHING:
            continue
        value = field.metadata.get("example", _sample(hints.get(field.name, field.type)))
        if value is None:
            raise ValueError(
                f"{kind.id}: cannot guess a value for the required parameter {field.name!r}; "
                "pass params= to check_contract"
            )
        params[field.name] = value
    return params


def _bad_cases(
    kind: TargetKind, params: Mapping[str, Any]
) -> list[tuple[str, dict[str, Any], str]]:
    """(what, bad parameters, the path their PlanError must name)."""
    root = "$.milestones[0].params"
    cases = [("an unknown key", {**params, "no_such_parameter": 1}, "no_such_parameter")]
    hints = _field_types(kind.params) or {}
    for field in attrs.fields(kind.params):
        if field.default is attrs.NOTHING:
            missing = {k: v for k, v in params.items() if k != field.name}
            cases.append((f"{field.name} left out", missing, f"{root}.{field.name}"))
        wrong = _wrong(hints.get(field.name, field.type))
        if wrong is not None:
            cases.append(
                (f"{field.name} = {wrong!r}", {**params, field.name: wrong}, f"{root}.{field.name}")
            )
    return cases


# -- comparing reports --------------------------------------------------------------------


def _difference(a: Any, b: Any, path: str = "$") -> str | None:
    """The path of the first place two JSON-like values differ, with both sides."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                return f"{path}.{key}: present on one side only"
            found = _difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items, then {len(b)}"
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            found = _difference(x, y, f"{path}[{index}]")
            if found:
                return found
        return None
    if a != b and not (isinstance(a, float) and isinstance(b, float) and a != a and b != b):
        return f"{path}: {a!r}, then {b!r}"
    return None


def _where(report: Report, path: str) -> str:
    """``path`` with the milestone and scope of the result it points into, when it does."""
    if path.startswith("$.results["):
        index = int(path[len("$.results[") : path.index("]")])
        result = report.results[index]
        return f"{result.milestone} ({result.scope.id}): {path}"
    return path


def _plain(report: Report) -> dict[str, Any]:
    plain: dict[str, Any] = json.loads(json.dumps(report.to_dict(), default=str))
    return plain


def _frames(data: Dataset) -> dict[str, pl.DataFrame]:
    from scoplan.schema import TABLES

    return {table.name: data.frame(table.name) for table in TABLES}


def _reordered(data: Dataset, how: int | None) -> Dataset:
    """A copy of ``data`` with fresh caches: rows as they are (None), reversed (0), or
    shuffled with ``how`` as the seed."""
    from scoplan.dataset import Dataset

    frames = {
        name: frame
        if how is None
        else frame.reverse()
        if how == 0
        else frame.sample(fraction=1.0, shuffle=True, seed=how)
        for name, frame in _frames(data).items()
    }
    return Dataset.from_frames(frames)


# -- the contract -------------------------------------------------------------------------


_SPARSE = ("of one bare district", "with no organization")


@functools.cache
def _sparse_datasets() -> tuple[Dataset, Dataset]:
    """A district and nothing else; a district, a township and a community, and nothing
    else. Built once: each run gets a fresh copy (see :func:`_reordered`)."""
    bare = DatasetBuilder().district("D1").build()
    hierarchy = DatasetBuilder().district("D1").township("T1", "D1").community("C1", "T1").build()
    return bare, hierarchy


def _plan_milestones(kind_id: str) -> list[MilestoneSpec]:
    return [
        MilestoneSpec("city", kind_id, DUE),
        MilestoneSpec("each", kind_id, DUE, scope={"each": True}),
        MilestoneSpec("later", kind_id, LATER),
        MilestoneSpec(NOWHERE, kind_id, DUE, scope={"group": NOWHERE}),
    ]


def _evaluate(
    kind: TargetKind,
    data: Dataset,
    params: Mapping[str, Any],
    as_of: dt.date,
    listed: int | None = 50,
) -> Report:
    from scoplan.engine import evaluate

    milestones = [attrs.evolve(m, params=params) for m in _plan_milestones(kind.id)]
    plan = plan_of(
        milestones,
        start=dt.date(2021, 1, 1),
        end=dt.date(2023, 12, 31),
        groups={NOWHERE: {"name": "无", "name_en": "nowhere"}},
    )
    return evaluate(data, plan, as_of, registry=registry_with(kind), listed=listed)


def _values(result: Result) -> tuple[Any, ...]:
    """A result's figures: its value, its value now and its history."""
    return (result.value, result.value_now, tuple(p.value for p in result.history))


def _errors(report: Report, label: str) -> list[str]:
    return [
        f"runs: {result.milestone} ({result.scope.id}){label} ended in error: {result.message}"
        for result in report.results
        if result.status.value == "error"
    ]


def _schema(report: Report) -> list[str]:
    from scoplan._exceptions import ScoplanError
    from scoplan.report import Report

    failures: list[str] = []
    data = report.to_dict()
    try:
        text = json.dumps(data, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        return [f"report schema: the report is not strict JSON: {error}"]
    try:
        back = Report.from_dict(json.loads(text))
    except ScoplanError as error:
        return [f"report schema: the JSON report does not read back: {error}"]
    found = _difference(json.loads(text), _plain(back))
    if found:
        failures.append(f"report schema: the report changes when read back: {found}")
    for result in report.results:
        where = f"{result.milestone} ({result.scope.id})"
        for name in ("value", "required", "value_now"):
            number = getattr(result, name)
            if number is not None and not math.isfinite(number):
                failures.append(f"report schema: {where}: {name} is {number}")
        if result.unit == "share" and result.value is not None and not 0 <= result.value <= 1:
            failures.append(f"report schema: {where}: a share of {result.value}")
        if result.gap is not None and result.gap.units_total < len(result.gap.units):
            failures.append(
                f"report schema: {where}: {len(result.gap.units)} units listed, "
                f"{result.gap.units_total} in all"
            )
    return failures


def _rejects(
    kind: TargetKind, data: Dataset, what: str, params: Mapping[str, Any], path: str
) -> str | None:
    from scoplan._exceptions import PlanError

    try:
        evaluate_target(kind, data, params=params, as_of=DUE)
    except PlanError as error:
        # the path a program reads (a user is told of the milestone by its id instead)
        named = [f"{p.column} {p.params.get('reason', '')}" for p in error.problems]
        if not any(path in where for where in named):
            return f"bad params: {what}: the PlanError does not name {path}: {error}"
        return None
    except Exception as error:
        return f"bad params: {what}: raised {type(error).__name__} instead of a PlanError: {error}"
    return f"bad params: {what}: accepted {dict(params)!r}"


def contract_failures(
    kind: TargetKind,
    data: Dataset | None = None,
    *,
    params: Mapping[str, Any] | None = None,
    bad_params: Sequence[Mapping[str, Any]] = (),
    as_of: dt.date = AS_OF,
) -> list[str]:
    """What ``kind`` breaks of the contract on ``data`` (default :func:`contract_dataset`):
    one line per failure, each starting with the clause it breaks; empty if none.

    ``params`` are the milestone's parameters as a plan writes them (default
    :func:`sample_params`); each of ``bad_params`` is laid over them and must be rejected.
    """
    from scoplan._exceptions import PlanError

    if not attrs.has(kind.params):
        return [f"params: {kind.id}'s params is not an attrs class: {kind.params!r}"]
    if params is None:
        try:
            params = sample_params(kind)
        except ValueError as error:
            return [f"params: {error}"]
    # a fresh copy: the engine reuses measurements made on one dataset object, and an
    # earlier run on the caller's (of another kind with this id, say) must not answer here
    data = _reordered(contract_dataset() if data is None else data, None)
    frames = {name: frame.clone() for name, frame in _frames(data).items()}
    fingerprint = data.fingerprint
    try:
        report = _evaluate(kind, data, params, as_of)
    except PlanError as error:
        return [f"params: the parameters {dict(params)!r} are rejected: {error}"]
    failures = _errors(report, "")
    first = _plain(report)

    fresh = _difference(first, _plain(_evaluate(kind, _reordered(data, None), params, as_of)))
    if fresh:
        failures.append(
            f"deterministic: a fresh copy of the data differs at {_where(report, fresh)}"
        )
    for how, name in ((0, "reversed"), (1, "shuffled")):
        found = _difference(first, _plain(_evaluate(kind, _reordered(data, how), params, as_of)))
        if found:
            failures.append(f"row order: with every table {name}, {_where(report, found)}")
            break

    for listed in (0, None):
        other = _evaluate(kind, _reordered(data, None), params, as_of, listed)
        for ours, theirs in zip(report.results, other.results, strict=True):
            if _values(ours) != _values(theirs):
                failures.append(
                    f"listed: with listed={listed}, the values of {ours.milestone} "
                    f"({ours.scope.id}) change: {_values(ours)} / {_values(theirs)}"
                )
                break

    for name, before in frames.items():
        after = data.frame(name)
        if after.schema != before.schema or not after.equals(before):
            failures.append(f"no mutation: the table {name} changed")
    from scoplan.dataset import Dataset

    if Dataset(_frames(data)).fingerprint != fingerprint:
        failures.append("no mutation: the data's fingerprint changed")

    for result in report.results:
        if result.milestone == NOWHERE and result.status.value not in ("no_data", "error"):
            failures.append(
                f"empty scope: a scope with no district gave {result.status.value} "
                f"(value {result.value!r}), not no_data"
            )
    for sparse, label in zip(_sparse_datasets(), _SPARSE, strict=True):
        report_on_sparse = _evaluate(kind, _reordered(sparse, None), params, as_of)
        failures += _errors(report_on_sparse, f" on a dataset {label}")

    cases = _bad_cases(kind, params)
    cases += [(f"{dict(bad)!r}", {**params, **bad}, "$.milestones[0].params") for bad in bad_params]
    for what, bad, path in cases:
        failure = _rejects(kind, data, what, bad, path)
        if failure:
            failures.append(failure)

    failures += _schema(report)
    return failures


def check_contract(
    kind: TargetKind,
    data: Dataset | None = None,
    *,
    params: Mapping[str, Any] | None = None,
    bad_params: Sequence[Mapping[str, Any]] = (),
    as_of: dt.date = AS_OF,
) -> None:
    """Assert that ``kind`` keeps the contract (see the module's docs); an AssertionError
    listing every failure otherwise. Arguments as for :func:`contract_failures`."""
    failures = contract_failures(kind, data, params=params, bad_params=bad_params, as_of=as_of)
    if failures:
        listed = "\n".join(f"- {failure}" for failure in failures)
        raise AssertionError(f"{kind.id} breaks the target contract:\n{listed}")
