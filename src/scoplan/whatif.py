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

from scoplan.dataset import Dataset
from scoplan.diff import Comparison, compare
from scoplan.engine import evaluate
from scoplan.plan import Plan

if TYPE_CHECKING:
    from scoplan.plugins import Registry

Rows = Sequence[Mapping[str, Any]]


def with_additions(data: Dataset, **tables: Rows) -> Dataset:
    """A new dataset: ``data`` plus rows for any tables, given as mappings.

    ``with_additions(data, organizations=[{"id": "N1", "community_id": "C1", "name": "…",
    "founded": "2023-06-01", "registration": "filed"}])`` (an organization with no
    ``registration`` counts towards no average: only registered and filed ones do, by
    default). Column names and codes are as in a delivery (English or Chinese); dates may
    be ``datetime.date`` objects or text. Raises
    :class:`~scoplan.DataError` naming each bad row (``what-if: organizations [0]``).
    """
    from scoplan.checking import check_additions
    from scoplan.loaders._tables import raw_tables

    plain = {name: [_plain(row) for row in rows] for name, rows in tables.items()}
    raws, problems = raw_tables(plain, "what-if")
    return check_additions(data, raws, problems)


def _plain(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in row.items()
    }


def what_if(
    data: Dataset,
    plan: Plan,
    as_of: dt.date | None = None,
    *,
    registry: Registry,
    **tables: Rows,
) -> Comparison:
    """Evaluate ``plan`` on ``data`` and on ``data`` plus the rows given; compare the two.

    ``comparison.flipped()`` lists the milestones whose status the additions change.
    """
    day = as_of or dt.date.today()
    before = evaluate(data, plan, day, registry=registry)
    from scoplan.schema import declaring

    with declaring(registry.columns):  # added rows' declared columns typed as loading types them
        added = with_additions(data, **tables)
    after = evaluate(added, plan, day, registry=registry)
    return compare(before, after)
