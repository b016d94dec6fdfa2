"""The codes of open lists a plan's milestones name: known for a run of that plan.

A plan may count a kind of its own (``establishment-count`` with ``kind = "hub_org"``,
a platform no plugin registers): the rows of the data with that code are counted by its
milestone, so for a run of that plan the code is no unknown one. Loading for the plan
(``scoplan.load(path, plan=plan)``, ``scoplan evaluate``), checking for it (``scoplan check
--plan``) and evaluating it warn of no such code (``unknown_code``), and ``--strict`` does
not stop for one; a code the plan does not name is warned of as ever, for no target counts
by it.

A plan's own code is known by the names the plan gives it in its words too (``[terms.zh]``
``"establishment.cso_station" = "社区社会组织服务站"``, and ``[terms.en]``): the data's rows
written 社区社会组织服务站 are that code, as a plugin's spellings of its codes are, and the
messages say that name, not the code. A name that already spells a code DATA.md or a
plugin knows stays that code's (the plan is refused for it: :mod:`scoplan.plan_terms`).

A target kind's params say which codes they name with a method ``named_codes()``: a
mapping of (table, column) to codes (the generic kinds' ``kind`` and ``category``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from scoplan._exceptions import Problem
from scoplan.own_codes import (
    TERM_PREFIXES,
    Titles,
    Vocabulary,
    own_names,
    spellings_known,
)
from scoplan.spellings import written

if TYPE_CHECKING:
    from scoplan.dataset import Dataset
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
    codes: ExtraCodes,
    named: Mapping[tuple[str, str], Iterable[str]],
    terms: Mapping[str, Mapping[str, str]] | None = None,
) -> Vocabulary:
    """The codes plugins register (``codes``: ``Registry.codes``) and those a plan names
    (:func:`plan_codes`), as loading takes them: a plan's own code spelt as the plan's
    ``terms`` name it (:func:`own_names`), but by a name that spells a known code."""
    merged = {key: dict(found) for key, found in codes.items()}
    for (table, column), found in named.items():
        known = spellings_known(table, column, codes)
        mine = merged.setdefault((table, column), {})
        for code in found:
            if code in known:
                continue  # DATA.md's or a plugin's: known by its own spellings
            names = own_names(terms or {}, table, column, code)
            mine[code] = tuple(name for name in names if name not in known)
    return merged


def plan_vocabulary(plan: Plan, registry: Registry) -> tuple[Vocabulary, Titles]:
    """The codes of open lists known for a run of ``plan`` (:func:`with_plan_codes`) and
    their titles (``Registry.code_titles``, and the plan's own codes' names in its
    ``terms``), as :func:`scoplan.schema.registering` takes them."""
    named = plan_codes(plan, registry)
    codes = with_plan_codes(registry.codes, named, plan.terms)
    titles = dict(registry.code_titles)
    for (table, column), found in named.items():
        known = spellings_known(table, column, registry.codes)
        prefix = TERM_PREFIXES.get((table, column))
        for code in found:
            if code in known or prefix is None:
                continue
            zh = plan.terms.get("zh", {}).get(f"{prefix}.{code}", "")
            en = plan.terms.get("en", {}).get(f"{prefix}.{code}", "")
            if zh or en:
                titles[(table, column, code)] = (written(zh), written(en))
    return codes, titles


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


def read_as_planned(data: Dataset, codes: Vocabulary, registry: Registry) -> Dataset:
    """``data`` as loading for a plan reads it, whose vocabulary is ``codes``
    (:func:`plan_vocabulary`): a cell that writes a plan's own code by the name the plan's
    words give it (老年助餐点, for ``elder_canteen``) holds that code, and is warned of as an
    unknown value no more. For data loaded without the plan (``scoplan.load(path)``, then
    :func:`scoplan.evaluate`) or rows added without it (:func:`scoplan.with_additions`):
    otherwise the plan's milestone would count none of them, and a warning would ask for
    rows the data holds."""
    for table, column in TERM_PREFIXES:
        known = spellings_known(table, column, registry.codes)
        names = {
            name: code
            for code, spellings in codes.get((table, column), {}).items()
            if code not in known
            for name in spellings
        }
        data = data.with_codes(table, column, names, unknown=UNKNOWN_CODES)
    return data
