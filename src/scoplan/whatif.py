"""What if: the plan evaluated on the data plus hypothetical additions.

A team asks "if these five communities each found one more organization, which milestones
flip?". :func:`with_additions` returns a new dataset with the rows added (checked like a
delivery's: types, ids, references), leaving the original untouched; :func:`what_if`
evaluates the plan on both and compares the reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from scoplan._exceptions import ERROR, Problem
from scoplan.dataset import Dataset
from scoplan.diff import Comparison, compare
from scoplan.engine import evaluate
from scoplan.i18n import WHAT_IF_SOURCE
from scoplan.plan import Plan

if TYPE_CHECKING:
    from scoplan.plugins import Registry

Rows = Sequence[Mapping[str, Any]]


def with_additions(
    data: Dataset, *, registry: Registry, strict: bool = False, **tables: Rows
) -> Dataset:
    """A new dataset: ``data`` plus rows for any tables, given as mappings.

    ``with_additions(data, registry=registry, organizations=[{"id": "N1", "community_id":
    "C1", "name": "…", "founded": "2023-06-01", "registration": "filed"}])`` (an
    organization with no ``registration`` counts towards no average: only registered and
    filed ones do, by default). Column names and codes are as in a delivery (English or
    Chinese); dates may be ``datetime.date`` objects or text. Raises
    :class:`~scoplan.DataError` naming each bad row by its place, from 1 (``what-if:
    organizations, row 1``; ``假设添加的“社区社会组织”，第1行``).

    The rows are read as loading with ``registry`` reads a delivery: the columns its
    plugins declare are typed, a code they register is known and its spellings are that
    code (``枢纽型组织`` for ``hub_organization``), and a value of an open list none of them
    knows is a warning of the new dataset (``unknown_code``), as it is of loaded data.

    Each argument must be a list (or tuple) of rows, each a mapping of column to value: any
    other (``organizations="N1"``, a row that is a text) is an error naming the argument
    (``additions_not_rows``, ``addition_not_mapping``). An argument that names no table of
    the data (``foo=[…]``, nothing close to a table's name) is an error too, its rows
    refused (``unknown_addition``): rows asked to be added are never left out with a mere
    warning, for the comparison would then show no change from them.

    ``strict``: what the rows would be warned of (``unknown_code``…) is an error instead,
    as ``scoplan evaluate --strict`` makes a delivery's warnings: rows that count for
    nothing are then refused, not added.
    """
    return added_for(data, registry, strict, None, tables)


def added_for(
    data: Dataset, registry: Registry, strict: bool, plan: Plan | None, tables: Mapping[str, Rows]
) -> Dataset:
    """``data`` plus the rows of ``tables`` (:func:`with_additions`), read as loading for
    ``plan`` reads them: the codes it names are known too, a kind of its own by the names
    its ``terms`` give it (``社区社会组织服务站``: :mod:`scoplan.plan_codes`)."""
    from scoplan.checking import check_additions
    from scoplan.loaders._tables import raw_tables
    from scoplan.schema import declaring

    shapes = [problem for name, rows in tables.items() for problem in _shape(name, rows)]
    wrong = {problem.params["argument"] for problem in shapes}
    plain = {
        name: [_plain(row) for row in rows] for name, rows in tables.items() if name not in wrong
    }
    with declaring(registry.columns):  # declared columns typed as loading types them
        # numbered from 1, as an official counts rows: 假设添加的“平台与制度”第1行
        raws, problems = raw_tables(plain, WHAT_IF_SOURCE, numbering="record")
        problems = [*shapes, *(_refused(problem) for problem in problems)]
        codes = registry.codes
        if plan is not None:
            from scoplan.plan_codes import plan_vocabulary

            codes = plan_vocabulary(plan, registry)[0]
        return check_additions(data, raws, problems, extra_codes=codes, strict=strict)


def _plain(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in row.items()
    }


def _shape(name: str, rows: object) -> list[Problem]:
    """What is wrong with the shape of the rows given for ``name``: not a list of rows
    (a text, a mapping, a number…), or rows of it that are no mapping."""
    if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Sequence):
        found = type(rows).__name__
        params = {"argument": name, "found": found}
        return [Problem("additions_not_rows", WHAT_IF_SOURCE, params=params)]
    return [
        Problem(
            "addition_not_mapping",
            f"{WHAT_IF_SOURCE}: {name}",
            row=index + 1,
            params={"argument": name, "found": type(row).__name__},
        )
        for index, row in enumerate(rows)
        if not isinstance(row, Mapping)
    ]


def _refused(problem: Problem) -> Problem:
    """A table name given that is no table's: an error here, its rows refused (reading a
    delivery, a sheet or file of that name is skipped with a warning: a summary sheet)."""
    if problem.code != "unknown_table":
        return problem
    from scoplan.schema import TABLES

    params = {
        "expected": ", ".join(table.name for table in TABLES),
        "expected_zh": "、".join(table.alias for table in TABLES),
    }
    return attrs.evolve(problem, code="unknown_addition", params=params, severity=ERROR)


def what_if(
    data: Dataset,
    plan: Plan,
    as_of: dt.date | None = None,
    *,
    registry: Registry,
    strict: bool = False,
    **tables: Rows,
) -> Comparison:
    """Evaluate ``plan`` on ``data`` and on ``data`` plus the rows given; compare the two.

    ``comparison.flipped()`` lists the milestones whose status the additions change.
    The rows are given as :func:`with_additions` takes them: a :class:`~scoplan.DataError`
    for rows of the wrong shape, bad rows, and an argument that names no table (its rows
    are refused, not skipped). What their rows are warned of (a value of an open list no
    vocabulary knows, which counts for nothing) is ``comparison.warnings``; with
    ``strict``, an error (see :func:`with_additions`).
    """
    day = as_of or dt.date.today()
    before = evaluate(data, plan, day, registry=registry)
    added = added_for(data, registry, strict, plan, tables)
    after = evaluate(added, plan, day, registry=registry)
    return attrs.evolve(compare(before, after), warnings=added.warnings)
