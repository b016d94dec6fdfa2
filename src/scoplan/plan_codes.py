"""The codes of open lists a plan's milestones name: known for a run of that plan.

A plan may count a kind of its own (``establishment-count`` with ``kind = "hub_org"``,
a platform no plugin registers): the rows of the data with that code are counted by its
milestone, so for a run of that plan the code is no unknown one. Loading for the plan
(``scoplan.load(path, plan=plan)``, ``scoplan evaluate``), checking for it (``scoplan check
--plan``) and evaluating it warn of no such code (``unknown_code``), and ``--strict`` does
not stop for one; a code the plan does not name is warned of as ever, for no target counts
by it.

A target kind's params say which codes they name with a method ``named_codes()``: a
mapping of (table, column) to codes (the generic kinds' ``kind`` and ``category``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from scoplan._exceptions import Problem

if TYPE_CHECKING:
    from scoplan.plan import Plan
    from scoplan.plugins import Registry
    from scoplan.warning_checks import ExtraCodes

NamedCodes = Mapping[tuple[str, str], tuple[str, ...]]
"""Codes a milestone's params name, by the (table, column) whose codes they are."""

UNKNOWN_CODES = frozenset({"unknown_code", "unknown_code_near"})
"""The warnings of a value of an open list no vocabulary knows."""


def plan_codes(plan: Plan, registry: Registry) -> dict[tuple[str, str], frozenset[str]]:
    """The codes the milestones of ``plan`` name (read against ``registry``'s kinds), by
    (table, column): those of each milestone whose params say (``named_codes()``); none of
    a milestone that does not fit its kind (the engine says why)."""
    from scoplan.milestone_kinds import milestone_kinds

    kinds, _ = milestone_kinds(plan, registry)
    return codes_named(params for _, params in kinds.values())


def codes_named(milestones: Iterable[Any]) -> dict[tuple[str, str], frozenset[str]]:
    """The codes the params of some milestones name (``named_codes()``), by (table, column)."""
    found: dict[tuple[str, str], set[str]] = {}
    for params in milestones:
        named = getattr(params, "named_codes", None)
        if not callable(named):
            continue
        for key, codes in named().items():
            found.setdefault(key, set()).update(codes)
    return {key: frozenset(codes) for key, codes in found.items()}


def with_plan_codes(
    codes: ExtraCodes, named: Mapping[tuple[str, str], Iterable[str]]
) -> dict[tuple[str, str], dict[str, tuple[str, ...]]]:
    """The codes plugins register (``codes``: ``Registry.codes``) and those a plan names
    (:func:`plan_codes`), as loading takes them: a plan's code with no other spelling."""
    merged = {key: dict(found) for key, found in codes.items()}
    for key, found in named.items():
        column = merged.setdefault(key, {})
        for code in found:
            column.setdefault(code, ())
    return merged


def known_to_plan(
    problems: Iterable[Problem], named: Mapping[tuple[str, str], frozenset[str]]
) -> list[Problem]:
    """``problems`` but the warnings of an unknown code (``unknown_code``) that the plan
    names for its table and column (:func:`plan_codes`): for data loaded without the plan,
    evaluated for it."""
    return [
        problem
        for problem in problems
        if problem.code not in UNKNOWN_CODES
        or problem.value not in named.get((problem.table or "", problem.column or ""), ())
    ]
