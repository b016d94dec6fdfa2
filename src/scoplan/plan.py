"""Plans are data: a TOML file of settings and milestones, parsed, never executed.

A plan names its area (the districts it covers), groups of districts it refers to (such as
中心城区 and 其他区县), and milestones. Each milestone names a target kind, its parameters,
its scope, its due date, and the clauses of the document it comes from, with their wording.
See ``scoplan/plans/huangshan-2021-2023.toml`` for a complete example and the README for
every field.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import attrs
import cattrs

from scoplan._convert import converter, did_you_mean, structure, unstructure
from scoplan._exceptions import PlanError, Problem
from scoplan._toml_words import TOML_AT, toml_reason_zh
from scoplan.limits import EARLIEST, LATEST, Limits, current, date_problem, over
from scoplan.plan_districts import (
    area_contradictions,
    district_kind_codes,
    district_kind_problems,
    group_path,
)
from scoplan.plan_terms import term_problems
from scoplan.spellings import PROJECTION_WORDS

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from scoplan.dataset import Dataset
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
    zone); ``complement_of`` is every district of the area not in the named group. A kind
    is a code of a district's ``kind`` (``district``, ``county``, ``zone``) or written as the
    data writes it (``开发区``); a plan naming any other is refused.
    """

    name: str
    name_en: str = ""
    districts: tuple[str, ...] = ()
    district_kinds: tuple[str, ...] = attrs.field(default=(), converter=district_kind_codes)
    complement_of: str | None = None
    reading: str = ""
    reading_en: str = ""


@attrs.frozen
class Area:
    """The districts a plan covers within a larger dataset (a province, the country).

    A district belongs to the area when its id starts with ``code_prefix`` (or the first
    digits a city's or province's own code means:
    :func:`~scoplan.plan_districts.district_prefix`), its ``city``
    column equals ``city`` (or is the one city of the data ``city`` names short: 安庆 for
    安庆市), or it is listed in ``districts``. With none of these set, every
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
    projection: Annotated[Literal["linear", "cagr"], PROJECTION_WORDS] = "linear"
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


def _as(value: Any, cls: Any) -> Any:
    """``value`` as a plan's field of type ``cls`` takes it, or None when it is not one
    (the plan's own problem, which structuring it says)."""
    if value is None:
        return None
    try:
        return converter.structure(value, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _check_years(
    document: Mapping[str, Any], start: dt.date | None, end: dt.date | None, source: str
) -> list[Problem]:
    problems: list[Problem] = []
    for field, day in (("start", start), ("end", end)):
        problem = date_problem(day, source, f"$.{field}") if day is not None else None
        if problem is not None:
            problems.append(problem)
    if start is None or end is None:
        return problems
    if end < start:
        problems.append(
            Problem(
                "plan_dates",
                source,
                column="$.end",
                value=end.isoformat(),
                params={"other": start.isoformat()},
            )
        )
    base_year = _as(document.get("base_year"), int)
    if base_year is not None and not FIRST_YEAR <= base_year <= end.year:
        problems.append(
            Problem(
                "bad_base_year",
                source,
                column="$.base_year",
                value=str(base_year),
                params={"expected": f"{FIRST_YEAR}–{end.year}"},
            )
        )
    return problems


def check_document(document: Mapping[str, Any], source: str) -> list[Problem]:
    """The problems of a plan's plain tables that no one field shows: its dates out of
    order or of range, no milestone at all, a repeated milestone id, a scope naming
    districts and a group, a group no one defines, a due date outside the plan's years, a
    group of a district kind no district can be, an area whose fields name different
    places (:func:`~scoplan.plan_districts.area_contradictions`).

    Each part is read as the plan would structure it, and left alone when it does not (its
    own problem, said by structuring), so that a plan with other mistakes, even one that
    does not structure as a whole, has these said in the same run, and only these."""
    start, end = _as(document.get("start"), dt.date), _as(document.get("end"), dt.date)
    problems = _check_years(document, start, end, source)
    timeout = _as(document.get("target_timeout"), float)
    if timeout is not None and not timeout > 0:
        problems.append(
            Problem("bad_timeout", source, column="$.target_timeout", value=f"{timeout:g}")
        )
    groups = document.get("groups", {})
    # every group the plan defines, those with mistakes of their own too: none is unknown
    names = set(groups) if isinstance(groups, Mapping) else None
    milestones = document.get("milestones")
    if isinstance(milestones, list | tuple) and not milestones:
        # a plan of nothing would be judged to have nothing wrong: an empty report, exit 0
        problems.append(Problem("no_milestones", source, column="$.milestones"))
    seen: set[str] = set()
    for index, milestone in enumerate(milestones if isinstance(milestones, list | tuple) else ()):
        if not isinstance(milestone, Mapping):
            continue
        where = f"$.milestones[{index}]"
        id = _as(milestone.get("id"), str)
        if id is not None and id in seen:
            problems.append(Problem("duplicate_milestone", source, column=where, value=id))
        if id is not None:
            seen.add(id)
        scope = milestone.get("scope")
        if isinstance(scope, Mapping):
            group = _as(scope.get("group"), str)
            if scope.get("districts") and group:
                problems.append(Problem("bad_scope", source, column=f"{where}.scope"))
            if group and names is not None and group not in names:
                column = f"{where}.scope.group"
                hint = _group_hint(group, groups)
                problems.append(
                    Problem("unknown_group", source, column=column, value=group, params=hint)
                )
        due = _as(milestone.get("due"), dt.date)
        if due is not None and start is not None and end is not None and not start <= due <= end:
            problems.append(
                Problem(
                    "due_outside",
                    source,
                    column=f"{where}.due",
                    value=due.isoformat(),
                    params={"expected": f"{start.isoformat()} – {end.isoformat()}"},
                )
            )
    for name, group in groups.items() if isinstance(groups, Mapping) else ():
        other = _as(group.get("complement_of"), str) if isinstance(group, Mapping) else None
        if other and other not in groups:
            column = group_path(name, "complement_of")
            hint = _group_hint(other, groups)
            problems.append(
                Problem("unknown_group", source, column=column, value=other, params=hint)
            )
    problems += district_kind_problems(groups, source)
    problems += area_contradictions(document.get("area"), source)
    return problems


def _group_hint(group: str, groups: Any) -> dict[str, str]:
    """What a plan naming a group it does not define may mean: the key of the group so
    named (``中心城区`` is a group's name, ``central`` its key), or the nearest key."""
    defined = groups if isinstance(groups, Mapping) else {}
    named = [
        key
        for key, found in defined.items()
        if isinstance(found, Mapping) and found.get("name") == group
    ]
    if len(named) == 1:
        return {
            "hint": f" ({group!r} is the name of the group {named[0]!r}: write {named[0]!r})",
            "hint_zh": f"（“{group}”是区县组“{named[0]}”的名称，计划中须写“{named[0]}”）",
        }
    hint, hint_zh = did_you_mean(group, list(defined))
    return {"hint": hint, "hint_zh": hint_zh}


def plan_document(plan: Plan) -> dict[str, Any]:
    """A plan as plain tables, as its TOML would hold them: its fields, then its area, its
    groups and its milestones (a file's tables come after its keys)."""
    plain: dict[str, Any] = unstructure(plan)
    tables = ("area", "groups", "milestones")
    return {
        **{key: value for key, value in plain.items() if key not in tables},
        **{key: plain[key] for key in tables},
    }


_BARE_KEY = ("Invalid initial character for a key part", "Invalid statement")
"""What Python's TOML parser says of a key that starts with a letter it does not take, in a
table and at the start of a line."""
_KEY_END = re.compile(r"[\s=.\[\]{},\"'#]")
"""What ends a bare key as written: a space, ``=``, a dot, a bracket, a quote, a comment."""
_BARE_KEYS = 100
"""How many bare keys in Chinese a plan is read past (each quoted), at most."""


@attrs.frozen
class _BareKey:
    """A key written without quotes in letters TOML does not take there (``目标值``)."""

    line: int
    column: int
    key: str


def _read_toml(text: str, source: str) -> tuple[dict[str, Any], list[_BareKey]]:
    """The plain tables of a plan's TOML, and its keys in Chinese written without quotes
    (``目标值 = 8``, which TOML refuses), each read as if quoted so that the plan's other
    mistakes, and what the key may mean, are said in the same run; PlanError (``bad_toml``,
    after those keys' ``bare_key``) for any other text that is not TOML."""
    bare: list[_BareKey] = []
    lines = text.split("\n")
    while True:
        try:
            return tomllib.loads("\n".join(lines)), bare
        except tomllib.TOMLDecodeError as error:
            found = TOML_AT.match(str(error))
            key = _bare_key(lines, found) if found and str(error).startswith(_BARE_KEY) else None
            if key is None or len(bare) >= _BARE_KEYS:
                params = {"reason": str(error), "reason_zh": toml_reason_zh(str(error))}
                told = [_bare_problem(one, source) for one in bare]
                raise PlanError([*told, Problem("bad_toml", source, params=params)]) from None
            bare.append(key)
            line = lines[key.line - 1]
            start = key.column - 1
            lines[key.line - 1] = f'{line[:start]}"{key.key}"{line[start + len(key.key) :]}'


def _bare_key(lines: Sequence[str], at: re.Match[str]) -> _BareKey | None:
    """The key not in ASCII that a TOML error ``at`` a line and column starts, or None
    where the character there is ASCII (a mistake of another kind)."""
    number, column = int(at.group("line")), int(at.group("column"))
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    rest = line[column - 1 :] if column > 0 else ""
    key = _KEY_END.split(rest, maxsplit=1)[0]
    if not key or key[0].isascii():
        return None
    return _BareKey(number, column, key)


def _bare_problem(bare: _BareKey, source: str, **params: Any) -> Problem:
    said = {"line": bare.line, "col": bare.column, "hint": "", "hint_zh": "", **params}
    return Problem("bare_key", source, value=bare.key, params=said)


_TABLES: tuple[tuple[re.Pattern[str], type[Any] | None], ...] = (
    (re.compile(r"^\$$"), Plan),
    (re.compile(r"^\$\.area$"), Area),
    (re.compile(r"^\$\.groups$"), None),
    (re.compile(r"^\$\.groups\[.*\]$"), Group),
    (re.compile(r"^\$\.milestones\[\d+\]$"), Milestone),
    (re.compile(r"^\$\.milestones\[\d+\]\.scope$"), ScopeSpec),
    (re.compile(r"^\$\.milestones\[\d+\]\.clauses\[\d+\]$"), Clause),
)
"""The plan's tables by their path, each with the class it is read as (None: a table whose
keys are the plan's own names, a group's)."""


def _tables_with(key: str, node: Any, path: str = "$") -> list[tuple[str, Mapping[str, Any]]]:
    """The tables of a plan's plain ``node`` that hold ``key``, by path, in the file's order."""
    found: list[tuple[str, Mapping[str, Any]]] = []
    if isinstance(node, Mapping):
        if key in node:
            found.append((path, node))
        for name, value in node.items():
            found += _tables_with(
                key, value, f"{path}['{name}']" if path == "$.groups" else f"{path}.{name}"
            )
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _tables_with(key, value, f"{path}[{index}]")
    return found


def _table_keys(
    path: str, document: Mapping[str, Any], registry: Registry | None
) -> tuple[str, ...] | None:
    """The keys the plan's table at ``path`` takes, or None where its keys are the plan's
    own (a group's name) or cannot be told (a milestone's params of an unknown kind)."""
    params = re.fullmatch(r"\$\.milestones\[(\d+)\]\.params", path)
    if params is not None:
        milestones = document.get("milestones")
        milestone = milestones[int(params.group(1))] if isinstance(milestones, list) else None
        target = milestone.get("target") if isinstance(milestone, Mapping) else None
        kind = registry.target(target) if registry and isinstance(target, str) else None
        if kind is None or not attrs.has(kind.params):
            return None
        return tuple(field.name for field in attrs.fields(kind.params))
    for pattern, cls in _TABLES:
        if pattern.match(path):
            if cls is None:
                return None
            return tuple(field.name for field in attrs.fields(cls) if field.name != "source")
    return None


def _bare_key_problems(
    bare: Sequence[_BareKey],
    problems: Sequence[Problem],
    document: Mapping[str, Any],
    source: str,
    registry: Registry | None,
) -> list[Problem]:
    """``problems`` with a ``bare_key`` problem for each key of ``bare``, at the table it
    is in and saying the key to write there (the one it means in Chinese, else the keys
    the table takes; quoted, where the table's keys are the plan's own), in place of the
    unknown field the key, read as quoted, is."""
    from scoplan.i18n import translate
    from scoplan.spellings import meant_key

    told: list[Problem] = []
    places: dict[str, list[str]] = {}
    for one in bare:
        paths = places.setdefault(one.key, [p for p, _ in _tables_with(one.key, document)])
        path = paths.pop(0) if paths else ""
        keys = _table_keys(path, document, registry) if path else None
        meant = meant_key(one.key, keys) if keys else None
        said = {}
        for lang, separator in (("en", ", "), ("zh", "、")):
            if meant is not None:
                said[lang] = translate("problem.hint.key_meant", lang, key=meant)
            elif keys:
                said[lang] = translate("problem.hint.keys_taken", lang, keys=separator.join(keys))
            else:
                said[lang] = translate("problem.hint.key_quoted", lang, value=one.key)
        problem = _bare_problem(one, source, hint=said["en"], hint_zh=said["zh"])
        told.append(attrs.evolve(problem, column=path or None))
    unknown = {f"unknown field(s) {one.key}" for one in bare}
    kept = [
        p
        for p in problems
        if not (
            p.code == "plan_field"
            and str(p.params.get("reason", "")).partition(" @ ")[0].partition(" (")[0] in unknown
        )
    ]
    return [*told, *kept]


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


_IN_GROUP = re.compile(r"^\$\.groups(?:\.([^.\[]+)|\['([^']*)'\]|\[\"([^\"]*)\"\])")
"""A path into one of a plan's groups: ``$.groups.central.districts``, ``$.groups['a.b']``."""


def named_groups(problems: Sequence[Problem], document: Mapping[str, Any]) -> list[Problem]:
    """``problems`` each with, where its path is in one of the plan's groups
    (``$.groups.main.districts``), the group's names (``group_name``: 主城区, and
    ``group_name_en`` where it has one): a user is told
    of 区县组“主城区”（main）, not of its key alone. The path stays as it was for a program."""
    groups = document.get("groups")
    if not isinstance(groups, Mapping):
        return list(problems)
    named: list[Problem] = []
    for problem in problems:
        match = _IN_GROUP.match(problem.column or "")
        key = next((k for k in match.groups() if k is not None), None) if match else None
        group = groups.get(key) if key is not None else None
        said = {
            param: group.get(field)
            for param, field in (("group_name", "name"), ("group_name_en", "name_en"))
            if isinstance(group, Mapping) and isinstance(group.get(field), str) and group[field]
        }
        if said and "group_name" not in problem.params:
            problem = attrs.evolve(problem, params={**problem.params, **said})
        named.append(problem)
    return named


_STEP = re.compile(r"\.([^.\[]+)|\['([^']*)'\]|\[\"([^\"]*)\"\]|\[(\d+)\]")
"""One step of a path into a plan: ``.params``, ``['central']`` (a table's key), ``[3]``."""
_PATH_OF = {"empty_area": "$.area"}
"""Where in a plan a problem without a path of its own is."""


def _path(problem: Problem) -> str:
    """Where in a plan a problem is (``$.milestones[3].params.threshold``), or ``$``."""
    if problem.column and problem.column.startswith("$"):
        return problem.column
    reason = problem.params.get("reason")
    if isinstance(reason, str) and " @ $" in reason:
        return reason.rpartition(" @ ")[2]
    return _PATH_OF.get(problem.code, "$")


def _place(path: str, document: Any) -> tuple[int, ...]:
    """Where ``path`` is in the file: the position of each key in its table (the file's
    order, which TOML keeps) and each item in its list; -1 for a key the table lacks (a
    field missing is said first), 0 past what the document holds."""
    place: list[int] = []
    node = document
    for match in _STEP.finditer(path):
        key, quoted, double, index = match.groups()
        if index is not None:
            number = int(index)
            place.append(number)
            listed = isinstance(node, list | tuple) and number < len(node)
            node = node[number] if listed else None
            continue
        key = next(k for k in (key, quoted, double) if k is not None)
        if isinstance(node, Mapping):
            keys = list(node)
            place.append(keys.index(key) if key in node else -1)
            node = node.get(key)
        else:
            place.append(0)
            node = None
    return tuple(place)


def in_file_order(problems: Sequence[Problem], document: Mapping[str, Any]) -> list[Problem]:
    """``problems`` in the order of the places they are about in the plan's file, its plain
    ``document`` as read (those of one place as they came)."""
    return sorted(problems, key=lambda problem: _place(_path(problem), document))


def parse_plan(
    text: str,
    source: str = "plan",
    *,
    registry: Registry | None = None,
    limits: Limits | None = None,
    data: Dataset | None = None,
) -> Plan:
    """A plan from the text of a TOML file; PlanError naming every bad field.

    With a ``registry``, each milestone's target kind and parameters are checked too; with
    ``data``, each district its area, groups and scopes name is looked for in the data: one
    run names every mistake of the plan, in the order of the file. A plan longer than
    ``limits.plan_bytes`` or with more than ``limits.milestones`` milestones is refused
    before it is checked (default: the limits in force).
    """
    limits = limits or current()
    problem = _too_large(text, source, limits)
    if problem is not None:
        raise PlanError([problem])
    try:
        document, bare = _read_toml(text, source)
    except RecursionError:
        params = {"reason": "nested too deeply", "reason_zh": "嵌套过深"}
        raise PlanError([Problem("bad_toml", source, params=params)]) from None
    milestones = document.get("milestones")
    if isinstance(milestones, list) and len(milestones) > limits.milestones:
        problem = over("milestones", source, limits.milestones, found=len(milestones))
        raise PlanError([problem])
    document.setdefault("source", source)
    plain = milestones if isinstance(milestones, list) else []
    plan: Plan | None = None
    try:
        plan = structure(document, Plan, source)
    except PlanError as error:
        # the rest of the plan's mistakes too, in the same run: each part of it that
        # structures is checked, each milestone's target kind and parameters from its table
        problems = [*error.problems, *_plain_kinds(plain, source, registry, _words(document))]
    else:
        problems = []
        if registry is not None:
            from scoplan.milestone_kinds import milestone_kinds

            problems += milestone_kinds(plan, registry)[1]
    problems += check_document(document, source)
    problems += term_problems(document, source, registry)
    if data is not None:
        from scoplan.plan_districts import district_problems

        problems += district_problems(document, data, source)
    if bare:
        problems = _bare_key_problems(bare, problems, document, source, registry)
    if problems or plan is None:
        found = named_groups(in_file_order(problems, document), document)
        raise PlanError(named_milestones(found, plan.milestones if plan is not None else plain))
    return plan


def _words(document: Mapping[str, Any]) -> Mapping[str, Any]:
    """The plan's ``terms`` as written, or none where they are not a table."""
    terms = document.get("terms")
    return terms if isinstance(terms, Mapping) else {}


def _plain_kinds(
    milestones: Sequence[Any],
    source: str,
    registry: Registry | None,
    terms: Mapping[str, Any] | None = None,
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
            found = milestone_kind(index, target, params, source, registry, terms)
            if isinstance(found, list):
                problems.extend(found)
    return problems


def load_plan(
    path: str | Path | Traversable,
    *,
    registry: Registry | None = None,
    limits: Limits | None = None,
    data: Dataset | None = None,
) -> Plan:
    """A plan from a TOML file (a path, or a file inside a package); see :func:`parse_plan`
    (with ``data``, the districts it names are looked for in the data too).

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
    except FileNotFoundError:
        raise PlanError([Problem("not_found", str(source))]) from None
    except (OSError, UnicodeDecodeError) as error:
        from scoplan._os_reasons import os_reason

        raise PlanError([Problem("unreadable", str(source), params=os_reason(error))]) from None
    return parse_plan(text, source.name, registry=registry, limits=limits, data=data)


def find_plan(
    plan: str | os.PathLike[str], registry: Registry, limits: Limits | None = None
) -> Plan:
    """The plan ``plan`` names, as ``scoplan evaluate --plan`` reads it: a plan file (a
    path, or a text that ends in ``.toml``, holds a folder separator or names a file),
    else the id of a plan of ``registry`` (``huangshan-2021-2023``; PlanError, naming
    those there are, if none has it)."""
    if isinstance(plan, os.PathLike):
        return load_plan(Path(plan), registry=registry, limits=limits)
    if plan.endswith(".toml") or os.sep in plan or Path(plan).is_file():
        return load_plan(Path(plan), registry=registry, limits=limits)
    return registry.plan(plan)


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
