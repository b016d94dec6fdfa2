"""``special-groups``: organizations serving each special group named by the plan (二(一)1).

An indicator: the value is the number of active organizations serving at least one of the
groups; ``details`` counts the organizations serving each group and names the groups no
organization serves. Never judged.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
import polars as pl

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.schema import SPECIAL_GROUPS
from scoplan.target import Context, Measurement, TargetKind


@attrs.frozen(kw_only=True)
class Groups:
    """The special groups to count (the eleven of the clause, by default)."""

    groups: tuple[str, ...] = tuple(SPECIAL_GROUPS)


def measure(context: Context, params: Groups) -> Measurement:
    organizations = context.data.organizations_in(context.scope.districts, context.on, ["serves"])
    if organizations.height == 0:
        return measures.indicator(None, unit="count")
    # ids are unique, so an organization whose list names a group counts once for it; on
    # whole lists, without a row per group served (a country's is five million lists)
    serves = pl.col("serves")
    groups = list(dict.fromkeys(params.groups))
    found = organizations.select(
        *(serves.list.contains(group).sum().alias(f"group_{i}") for i, group in enumerate(groups)),
        serves.list.eval(pl.element().is_in(groups)).list.any().sum().alias("serving"),
    ).row(0, named=True)
    by_group = {group: int(found[f"group_{i}"]) for i, group in enumerate(groups)}
    serving = int(found["serving"])
    return measures.indicator(
        float(serving),
        unit="count",
        numerator=serving,
        denominator=organizations.height,
        details={
            "by_group": by_group,
            "unserved": [group for group, n in by_group.items() if n == 0],
        },
    )


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="special-groups",
            title=Text("服务特定群体的社区社会组织", "Organizations serving special groups"),
            description=Text(
                "为老年人、妇女、儿童、残疾人等特定群体服务的活跃社区社会组织数,及无人服务的群体(指标)",
                "Active organizations serving each special group, and groups none serves "
                "(an indicator)",
            ),
            params=Groups,
            measure=measure,
            clauses=("二(一)1",),
        )
    )
