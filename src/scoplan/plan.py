"""Plans are data: a TOML file of settings and milestones, parsed, never executed.

A plan names its area (the districts it covers), groups of districts it refers to (such as
中心城区 and 其他区县), and milestones. Each milestone names a target kind, its parameters,
its scope, its due date, and the clauses of the document it comes from, with their wording.
See ``scoplan/plans/huangshan-2021-2023.toml`` for a complete example and the README for
every field.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs

from scoplan._convert import structure
from scoplan._exceptions import PlanError, Problem
from scoplan.limits import EARLIEST, LATEST, Limits, current, date_problem, over

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from scoplan.plugins import Registry


@attrs.frozen
class Clause:
    """A clause of the plan's document: its reference (``二(一)3``) and its wording."""

    ref: str
    text: str = ""
    text_en: str = ""


@attrs.frozen
class ScopeSpec:
    """Where a milestone applies, as the plan says it.

    No ``districts`` and no ``group``: the plan's whole area (the city). ``districts``:
    those districts together; ``group``: a group of the plan's ``groups``. With ``each``,
    one result per district instead of one for them all.
    """

    districts: tuple[str, ...] = ()
    group: str | None = None
    each: bool = False


@attrs.frozen
class Milestone:
    """One checkable commitment: a target kind, its parameters, where, and by when."""

    id: str
    target: str
    due: dt.date
    scope: ScopeSpec = ScopeSpec()
    params: Mapping[str, Any] = attrs.field(factory=dict)
    clauses: tuple[Clause, ...] = ()
    title: str = ""
    title_en: str = ""
    reading: str = ""
    reading_en: str = ""


@attrs.frozen
class Group:
    """A named group of districts: listed ids, districts of some kinds, or another's complement.

    ``districts`` and ``district_kinds`` add up (中心城区: 屯溪区, 徽州区 and any development
    zone); ``complement_of`` is every district of the area not in the named group.
    """

    name: str
    name_en: str = ""
    districts: tuple[str, ...] = ()
    district_kinds: tuple[str, ...] = ()
    complement_of: str | None = None
    reading: str = ""
    reading_en: str = ""


@attrs.frozen
class Area:
    """The districts a plan covers within a larger dataset (a province, the country).

    A district belongs to the area when its id starts with ``code_prefix``, its ``city``
    column equals ``city``, or it is listed in ``districts``. With none of these set, every
    district of the dataset does.
    """

    name: str = ""
    name_en: str = ""
    code_prefix: str = ""
    city: str = ""
    districts: tuple[str, ...] = ()


@attrs.frozen
class Plan:
    """A plan: what it is, the area and groups it speaks of, and its milestones.

    ``target_timeout`` is how many seconds each result's target may take before its result
    is an ``error`` (None: the engine's default, five minutes).

    ``terms`` lets a plan say things its own way: per language, catalogue keys of
    :mod:`scoplan.i18n` and the words to use instead (``{"zh": {"noun.organizations":
    "个社区社会组织(含备案)"}}``).
    """

    id: str
    title: str
    version: str
    start: dt.date
    end: dt.date
    milestones: tuple[Milestone, ...]
    title_en: str = ""
    document: str = ""
    issued_by: str = ""
    issued: dt.date | None = None
    base_year: int | None = None
    projection: Literal["linear", "cagr"] = "linear"
    area: Area = Area()
    groups: Mapping[str, Group] = attrs.field(factory=dict)
    terms: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    target_timeout: float | None = None
    source: str = ""

    def milestone(self, id: str) -> Milestone:
        """The milestone with this id."""
        for milestone in self.milestones:
            if milestone.id == id:
                return milestone
        raise KeyError(id)


FIRST_YEAR, LAST_YEAR = EARLIEST.year, LATEST.year
"""The years a plan's dates may fall in (those ``--year`` takes); the days are
:data:`scoplan.limits.EARLIEST` and :data:`scoplan.limits.LATEST`."""


def _check_years(plan: Plan, source: str) -> list[Problem]:
    problems: list[Problem] = []
    for field, day in (("start", plan.start), ("end", plan.end)):
        problem = date_problem(day, source, f"$.{field}")
        if problem is not None:
            problems.append(problem)
    if plan.end < plan.start:
        problems.append(
            Problem(
                "plan_dates",
                source,
                column="$.end",
                value=plan.end.isoformat(),
                params={"other": plan.start.isoformat()},
            )
        )
    if plan.base_year is not None and not FIRST_YEAR <= plan.base_year <= plan.end.year:
        problems.append(
            Problem(
                "bad_base_year",
                source,
                column="$.base_year",
                value=str(plan.base_year),
                params={"expected": f"{FIRST_YEAR}–{plan.end.year}"},
            )
        )
    return problems


def _check(plan: Plan, source: str) -> list[Problem]:
    problems = _check_years(plan, source)
    if plan.target_timeout is not None and not plan.target_timeout > 0:
        problems.append(
            Problem(
                "bad_timeout",
                source,
                column="$.target_timeout",
                value=f"{plan.target_timeout:g}",
            )
        )
    seen: set[str] = set()
    for index, milestone in enumerate(plan.milestones):
        where = f"$.milestones[{index}]"
        if milestone.id in seen:
            problems.append(
                Problem("duplicate_milestone", source, column=where, value=milestone.id)
            )
        seen.add(milestone.id)
        if milestone.scope.districts and milestone.scope.group:
            problems.append(Problem("bad_scope", source, column=f"{where}.scope"))
        if milestone.scope.group and milestone.scope.group not in plan.groups:
            problems.append(
                Problem(
                    "unknown_group",
                    source,
                    column=f"{where}.scope.group",
                    value=milestone.scope.group,
                )
            )
        if not plan.start <= milestone.due <= plan.end:
            problems.append(
                Problem(
                    "due_outside",
                    source,
                    column=f"{where}.due",
                    value=milestone.due.isoformat(),
                    params={"expected": f"{plan.start.isoformat()} – {plan.end.isoformat()}"},
                )
            )
    for name, group in plan.groups.items():
        if group.complement_of and group.complement_of not in plan.groups:
            problems.append(
                Problem(
                    "unknown_group",
                    source,
                    column=f"$.groups.{name}.complement_of",
                    value=group.complement_of,
                )
            )
    return problems


TOML_MESSAGES_ZH = (
    ("Cannot overwrite a value", "不能覆盖已有的值"),
    ("Expected '=' after a key in a key/value pair", "键后面应为 ="),
    ("Expected ']' at the end of a table declaration", "表头应以 ] 结束"),
    ("Expected ']]' at the end of an array declaration", "表数组头应以 ]] 结束"),
    ("Expected newline or end of document after a statement", "语句后应换行"),
    ("Invalid date or datetime", "无效的日期或时间"),
    ("Invalid initial character for a key part", "键的首字符无效"),
    ("Invalid statement", "无效的语句"),
    ("Invalid value", "无效的值"),
    ("Unclosed array", "数组没有闭合"),
    ("Unclosed inline table", "内联表没有闭合"),
    ("Unterminated string", "字符串没有结束"),
    ("Cannot declare", "重复声明"),
    ("Duplicate inline table key", "内联表中的键重复"),
    ("Illegal character", "非法字符"),
    ("Found invalid character", "无效的字符"),
)
"""The start of each common message of Python's TOML parser, and its meaning in Chinese."""
_AT = re.compile(r"^(?P<message>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def _toml_reason_zh(message: str) -> str:
    match = _AT.match(message)
    what = match.group("message") if match else message
    for start, zh in TOML_MESSAGES_ZH:
        if what.startswith(start):
            what = zh + what[len(start) :]
            break
    if match:
        return f"第{match.group('line')}行第{match.group('column')}列：{what}"
    return what


def _too_large(text: str, source: str, limits: Limits) -> Problem | None:
    """The problem of a plan's text past ``plan_bytes`` (UTF-8), told without a copy of a
    text that is plainly too long."""
    size = len(text) if len(text) > limits.plan_bytes else len(text.encode("utf-8"))
    if size > limits.plan_bytes:
        return over("plan_bytes", source, limits.plan_bytes, found=size)
    return None


_AT_MILESTONE = re.compile(r"\$\.milestones\[(\d+)\]\.?([^ ]*)$")
"""A path into a milestone, at the end of a problem's column or reason."""


def _said(milestone: Any, name: str) -> str:
    """A milestone's ``id`` or title, from a :class:`Milestone` or the plain table of one
    that did not structure (empty when it has none, or not as text)."""
    value = milestone.get(name) if isinstance(milestone, Mapping) else getattr(milestone, name, "")
    return value if isinstance(value, str) else ""


def named_milestones(problems: Sequence[Problem], milestones: Sequence[Any]) -> list[Problem]:
    """``problems`` each with, where its path is in a milestone (``$.milestones[3].params``),
    the milestone's id and titles and the rest of the path in its params (``milestone``,
    ``milestone_title``, ``milestone_title_en``, ``field``; ``milestone_number`` from 1, for
    one with no id): a user is told of milestone ``avg`` (城市社区平均数), not of the fourth
    table of the file. The path stays as it was for a program."""
    named: list[Problem] = []
    for problem in problems:
        path = problem.column or str(problem.params.get("reason", ""))
        match = _AT_MILESTONE.search(path) if "$.milestones[" in path else None
        index = int(match.group(1)) if match else len(milestones)
        milestone = milestones[index] if index < len(milestones) else None
        if milestone is None or "milestone" in problem.params:
            named.append(problem)
            continue
        params = {
            **problem.params,
            "milestone": _said(milestone, "id"),
            "milestone_number": index + 1,
            "milestone_title": _said(milestone, "title"),
            "milestone_title_en": _said(milestone, "title_en"),
            "field": match.group(2) if match else "",
        }
        named.append(attrs.evolve(problem, params=params))
    return named


def parse_plan(
    text: str,
    source: str = "plan",
    *,
    registry: Registry | None = None,
    limits: Limits | None = None,
) -> Plan:
    """A plan from the text of a TOML file; PlanError naming every bad field.

    With a ``registry``, each milestone's target kind and parameters are checked too, so
    that one run names every mistake of the plan that needs no data to find. A plan longer
    than ``limits.plan_bytes`` or with more than ``limits.milestones`` milestones is refused
    before it is checked (default: the limits in force).
    """
    limits = limits or current()
    problem = _too_large(text, source, limits)
    if problem is not None:
        raise PlanError([problem])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        params = {"reason": str(error), "reason_zh": _toml_reason_zh(str(error))}
        raise PlanError([Problem("bad_toml", source, params=params)]) from None
    except RecursionError:
        params = {"reason": "nested too deeply", "reason_zh": "嵌套过深"}
        raise PlanError([Problem("bad_toml", source, params=params)]) from None
    milestones = data.get("milestones")
    if isinstance(milestones, list) and len(milestones) > limits.milestones:
        problem = over("milestones", source, limits.milestones, found=len(milestones))
        raise PlanError([problem])
    data.setdefault("source", source)
    plain = milestones if isinstance(milestones, list) else []
    try:
        plan = structure(data, Plan, source)
    except PlanError as error:
        # the rest of the plan's mistakes too, in the same run: each milestone's target
        # kind and parameters, from its plain table
        found = list(error.problems) + _plain_kinds(plain, source, registry)
        raise PlanError(named_milestones(found, plain)) from None
    problems = _check(plan, source)
    if registry is not None:
        from scoplan.milestone_kinds import milestone_kinds

        problems += milestone_kinds(plan, registry)[1]
    if problems:
        raise PlanError(named_milestones(problems, plan.milestones))
    return plan


def _plain_kinds(
    milestones: Sequence[Any], source: str, registry: Registry | None
) -> list[Problem]:
    """The problems of the target kind and parameters of each milestone's plain table
    (those with a ``target`` and ``params`` of the right types; the others' are the plan's
    own problems already)."""
    if registry is None:
        return []
    from scoplan.milestone_kinds import milestone_kind

    problems: list[Problem] = []
    for index, milestone in enumerate(milestones):
        if not isinstance(milestone, Mapping):
            continue
        target, params = milestone.get("target"), milestone.get("params", {})
        if isinstance(target, str) and isinstance(params, Mapping):
            found = milestone_kind(index, target, params, source, registry)
            if isinstance(found, list):
                problems.extend(found)
    return problems


def load_plan(
    path: str | Path | Traversable,
    *,
    registry: Registry | None = None,
    limits: Limits | None = None,
) -> Plan:
    """A plan from a TOML file (a path, or a file inside a package); see :func:`parse_plan`.

    A file larger than ``limits.plan_bytes`` is refused unread (default: the limits in force).
    """
    limits = limits or current()
    source = Path(path) if isinstance(path, str) else path
    try:
        if isinstance(source, Path):
            size = source.stat().st_size
            if size > limits.plan_bytes:
                raise PlanError([over("plan_bytes", source.name, limits.plan_bytes, found=size)])
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise PlanError([Problem("unreadable", str(source), params={"reason": reason})]) from None
    return parse_plan(text, source.name, registry=registry, limits=limits)


def read_plan_id(path: Path | Traversable) -> str:
    """The ``id`` of a plan file, read without checking the rest of it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        reason = str(error) or type(error).__name__
        raise PlanError([Problem("unreadable", path.name, params={"reason": reason})]) from None
    plan_id = data.get("id")
    if not isinstance(plan_id, str) or not plan_id:
        raise PlanError([Problem("plan_field", path.name, params={"reason": "no id @ $.id"})])
    return plan_id
