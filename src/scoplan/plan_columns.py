"""The columns a plan reads, so that the data loaded for it holds only those.

A country's five million organizations take most of a dataset's memory, and much of that
is columns a given plan never reads: the organizations' names alone take ~180 MB, their
size and who manages them ~80 MB each. Each target kind says which of the organizations'
own columns it reads (:attr:`~scoplan.target.TargetKind.columns`); :func:`columns_read`
gathers them for a plan, and :func:`scoplan.load` with ``plan=`` holds only those once
every cell of every column has been checked (``scoplan evaluate`` loads so).

What every dataset holds: each table but organizations whole, and the organizations'
:data:`ALWAYS_HELD` columns, which place them and say when they were active. A kind that
does not say what it reads (``columns`` None: a plugin's written before it could) makes
the plan's data be held whole, as before.

A dataset loaded for one plan knows what it lacks (:attr:`Dataset.dropped
<scoplan.dataset.Dataset.dropped>`): evaluating another plan on it that reads a column it
lacks is refused with a message, never measured on a missing column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scoplan.plan import Plan
    from scoplan.plugins import Registry
    from scoplan.target import Counted, TargetKind

ALWAYS_HELD: Mapping[str, tuple[str, ...]] = {
    "organizations": ("id", "community_id", "founded", "dissolved"),
}
"""The tables that may be held in part, with the columns always held of each: their other
columns are held only when a kind of the plan reads them. The tables not named here are
always held whole (none has more than a few hundred thousand rows in a country)."""

Columns = Mapping[str, frozenset[str]]
"""Columns by table: ``{"organizations": frozenset({"registration", "brand"})}``."""


def kind_columns(kind: TargetKind, params: Any) -> frozenset[str] | None:
    """The columns (``table.column``) one milestone of ``kind`` with ``params`` reads
    besides those always held, its declared columns (``reads``) among them; None when the
    kind does not say, or what it says cannot be read (a function of its params that
    raises, a name with no table): its plan's data is then held whole."""
    declared = kind.columns
    if declared is None:
        return None
    try:
        found = frozenset(declared(params) if callable(declared) else declared)
    except Exception:  # a plugin's function that fails: nothing is dropped for it
        return None
    found |= frozenset(kind.reads)
    if not all(isinstance(name, str) and "." in name for name in found):
        return None
    return found


def kind_counted(kind: TargetKind, params: Any) -> tuple[Counted, ...]:
    """The kinds of rows one milestone of ``kind`` with ``params`` counts
    (:attr:`~scoplan.target.TargetKind.counts`); none when the kind does not say, or its
    function of the params raises (a plugin's)."""
    from scoplan.target import Counted

    declared = kind.counts
    try:
        found = tuple(declared(params) if callable(declared) else declared)
    except Exception:  # a plugin's function that fails: nothing is said of what it counts
        return ()
    return tuple(counted for counted in found if isinstance(counted, Counted))


def columns_read(plan: Plan, registry: Registry) -> Columns | None:
    """The columns of each table the milestones of ``plan`` read, besides those always
    held; None when one of its kinds does not say (or the plan does not fit the registry's
    kinds: the engine then says why), and every column must be held."""
    from scoplan.milestone_kinds import milestone_kinds

    kinds, problems = milestone_kinds(plan, registry)
    if problems or len(kinds) != len(plan.milestones):
        return None
    read: set[str] = set()
    for kind, params in kinds.values():
        found = kind_columns(kind, params)
        if found is None:
            return None
        read |= found
    return _by_table(read)


def _by_table(names: Iterable[str]) -> dict[str, frozenset[str]]:
    tables: dict[str, set[str]] = {}
    for name in names:
        table, _, column = name.partition(".")
        tables.setdefault(table, set()).add(column)
    return {table: frozenset(columns) for table, columns in tables.items()}


def unread(columns: Mapping[str, Sequence[str]], read: Columns) -> dict[str, tuple[str, ...]]:
    """Of the ``columns`` of each table, those a plan that reads ``read`` does not need held,
    in their order; tables that lose none are left out."""
    dropped: dict[str, tuple[str, ...]] = {}
    for table, always in ALWAYS_HELD.items():
        wanted = {*always, *read.get(table, frozenset())}
        gone = tuple(c for c in columns.get(table, ()) if c not in wanted)
        if gone:
            dropped[table] = gone
    return dropped


def may_leave_out(read: Columns) -> dict[str, frozenset[str]]:
    """The columns a loader may leave out as it reads, for a plan that reads ``read``
    (:func:`scoplan.loaders.contract.leaving`): those the plan does not need held and no
    check after loading reads (an open list's codes, whose unknown ones are warned of; the
    registration left blank; a date in the future). The rest are let go after checking."""
    from scoplan.schema import TABLES_BY_NAME
    from scoplan.warning_checks import FUTURE_DATES

    found: dict[str, frozenset[str]] = {}
    for table, always in ALWAYS_HELD.items():
        later = {"registration", *FUTURE_DATES.get(table, ())}
        found[table] = frozenset(
            column.name
            for column in TABLES_BY_NAME[table].columns
            if column.name not in always
            and column.name not in read.get(table, frozenset())
            and column.name not in later
            and not column.open_codes
        )
    return found


def lacking(dropped: Mapping[str, Sequence[str]], read: Columns | None) -> list[str]:
    """The columns (``table.column``) a plan that reads ``read`` needs of a dataset that
    does not hold ``dropped``: every one dropped when ``read`` is None (a kind that does not
    say what it reads may read any)."""
    return [
        f"{table}.{column}"
        for table, columns in dropped.items()
        for column in columns
        if read is None or column in read.get(table, frozenset())
    ]
