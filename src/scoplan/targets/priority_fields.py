"""``priority-fields``: the share of organizations in the four priority categories (二(一)1).

An indicator: the value is the share of organizations (not dissolved, registered or filed by
default: ``registration``) in the priority categories (life services, charity, mutual aid,
community governance); ``details`` gives each category's count and share. Never judged.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
import polars as pl

from scoplan import measures
from scoplan.i18n import Text
from scoplan.params import Registration, registration_field
from scoplan.schema import PRIORITY_CATEGORIES
from scoplan.target import Context, Measurement, TargetKind
from scoplan.targets.generic import read_codes, registers


def _categories(values: Iterable[str]) -> tuple[str, ...]:
    return read_codes("category", "categories", values)


@attrs.frozen(kw_only=True)
class Categories:
    """Which categories are the priority ones (the four of the clause, by default), among
    the organizations of the statuses of ``registration`` (registered and filed). Each is
    read as the data reads a code of ``category`` (``生活服务类`` is ``life_services``); one
    that is none is a plan error."""

    categories: tuple[str, ...] = attrs.field(default=PRIORITY_CATEGORIES, converter=_categories)
    registration: tuple[Registration, ...] = registration_field()


def measure(context: Context, params: Categories) -> Measurement:
    organizations = context.data.organizations_in(
        context.scope.districts, context.on, ["category"], registration=params.registration
    )
    total = organizations.height
    if total == 0:
        return measures.indicator(None, unit="share")
    counts = dict(
        organizations.select(pl.col("category").fill_null("unknown"))
        .group_by("category")
        .len()
        .sort("category")
        .iter_rows()
    )
    in_priority = sum(counts.get(c, 0) for c in params.categories)
    breakdown = {
        category: {"count": counts.get(category, 0), "share": counts.get(category, 0) / total}
        for category in sorted(set(counts) | set(params.categories))
    }
    return measures.indicator(
        in_priority / total,
        unit="share",
        numerator=in_priority,
        denominator=total,
        details={
            "priority": list(params.categories),
            "categories": breakdown,
            "registration": list(params.registration),
        },
    )


KIND = TargetKind(
    id="priority-fields",
    title=Text("优先发展领域社区社会组织占比", "Organizations in priority fields"),
    description=Text(
        "存续（未注销）且已登记或备案的社区社会组织中生活服务类、公益慈善类、居民互助类、社区治理类的占比（只作监测）",
        "Share of the organizations not dissolved, registered or filed, in the four priority "
        "categories (monitored only)",
    ),
    params=Categories,
    measure=measure,
    clauses=("二(一)1",),
    columns=("organizations.category", "organizations.registration"),
)

scoplan_register_targets = registers(KIND)
