"""One target kind evaluated in a test: a plan of one milestone, written and parsed as a
plan file is, then judged by the real engine.

:func:`evaluate_target` is what the example runner and the contract check use, and what a
hand-worked test calls::

    report = evaluate_target(KIND, data, params={"threshold": 0.5}, as_of="2022-12-31")
    assert_status(report, "community-funds", "met")

The milestone's id is the target kind's id; its parameters and scope are written as a plan
file would write them, so a parameter a plan could not express cannot sneak in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from scoplan.dataset import Dataset
    from scoplan.plan import Plan
    from scoplan.plugins import Registry
    from scoplan.report import Report
    from scoplan.target import TargetKind
    from scoplan.testing.builders import Day


def as_date(day: Day) -> dt.date:
    """A date from a :class:`datetime.date` or ISO text (``2022-12-31``)."""
    if isinstance(day, dt.datetime):
        return day.date()
    if isinstance(day, dt.date):
        return day
    return dt.date.fromisoformat(day.strip())


def toml_value(value: Any) -> str:
    """A Python value (text, number, bool, date, list, mapping) written as a TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f'"{k}" = {toml_value(v)}' for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")


@attrs.frozen
class MilestoneSpec:
    """A milestone for :func:`plan_of`: as a plan file would give it."""

    id: str
    target: str
    due: dt.date
    params: Mapping[str, Any] = attrs.field(factory=dict)
    scope: Mapping[str, Any] = attrs.field(factory=dict)


def plan_text(
    milestones: Sequence[MilestoneSpec],
    *,
    start: dt.date,
    end: dt.date,
    groups: Mapping[str, Mapping[str, Any]] | None = None,
) -> str:
    """The TOML text of a test plan (``id = "scoplan-testing"``) with these milestones."""
    lines = [
        'id = "scoplan-testing"',
        'title = "测试计划"',
        'title_en = "Test plan"',
        'version = "1"',
        f"start = {start.isoformat()}",
        f"end = {end.isoformat()}",
    ]
    for name, group in (groups or {}).items():
        lines.append(f'groups."{name}" = {toml_value(dict(group))}')
    for milestone in milestones:
        lines += [
            "",
            "[[milestones]]",
            f"id = {toml_value(milestone.id)}",
            f"target = {toml_value(milestone.target)}",
            f"due = {milestone.due.isoformat()}",
            f"params = {toml_value(dict(milestone.params))}",
            f"scope = {toml_value(dict(milestone.scope))}",
        ]
    return "\n".join(lines) + "\n"


def plan_of(
    milestones: Sequence[MilestoneSpec],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    groups: Mapping[str, Mapping[str, Any]] | None = None,
) -> Plan:
    """A parsed test plan with these milestones.

    By default the plan runs from 1 January of the earliest due year to 31 December of the
    latest, so its history starts at the end of the year before.
    """
    from scoplan.plan import parse_plan

    dues = [m.due for m in milestones]
    start = start or dt.date(min(dues).year, 1, 1)
    end = end or dt.date(max(dues).year, 12, 31)
    return parse_plan(plan_text(milestones, start=start, end=end, groups=groups), "test plan")


def registry_with(kind: TargetKind) -> Registry:
    """A registry holding only ``kind``: what a test of one target kind needs."""
    from scoplan.plugins import Registry

    return Registry(targets={kind.id: kind})


def evaluate_target(
    kind: TargetKind | str,
    data: Dataset,
    *,
    as_of: Day,
    params: Mapping[str, Any] | None = None,
    due: Day | None = None,
    scope: Mapping[str, Any] | None = None,
    registry: Registry | None = None,
    listed: int | None = 50,
    start: Day | None = None,
    end: Day | None = None,
    groups: Mapping[str, Mapping[str, Any]] | None = None,
) -> Report:
    """The report of one milestone of ``kind`` (a TargetKind, or the id of a registered one)
    on ``data`` as of ``as_of``.

    ``params`` and ``scope`` are written as in a plan file (``{"threshold": 0.5}``,
    ``{"districts": ["341002"]}``; the default scope is every district). ``due`` defaults
    to ``as_of``; ``start``, the plan's start, to 1 January of the due year (the history
    is of the year-ends from the year before it), and ``end``, the plan's end, to 31
    December of the due year (no history point falls after it). ``groups`` are the plan's
    named groups of districts, as a plan file's ``[groups]`` table writes them
    (``{"zones": {"name": "开发区", "district_kinds": ["zone"]}}``), for a ``scope`` of
    ``{"group": "zones"}``. The milestone's id is the target kind's id. With a TargetKind
    and no
    ``registry``, the kind is evaluated alone; with an id, it is looked up in ``registry``
    (default: every installed plugin).

    As ``scoplan evaluate`` does, the milestone is judged on ``data`` holding only the
    columns the kind says it reads (:attr:`TargetKind.columns <scoplan.target.TargetKind.columns>`):
    a kind that reads a column it does not declare gets an ``error`` result here, as it
    would in a user's run.
    """
    from scoplan._installed import registry_or_installed
    from scoplan.engine import evaluate
    from scoplan.plan_columns import columns_read

    if isinstance(kind, str):
        registry = registry_or_installed(registry)
        kind_id = kind
    else:
        registry = registry or registry_with(kind)
        kind_id = kind.id
    day = as_date(as_of)
    due_day = as_date(due) if due is not None else day
    plan = plan_of(
        [MilestoneSpec(kind_id, kind_id, due_day, params or {}, scope or {})],
        start=as_date(start) if start is not None else None,
        end=as_date(end) if end is not None else None,
        groups=groups,
    )
    read = columns_read(plan, registry)
    if read is not None:
        data = data.holding(read)
    return evaluate(data, plan, day, registry=registry, listed=listed)
