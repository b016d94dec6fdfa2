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
    served = (
        organizations.select("id", pl.col("serves"))
        .explode("serves")
        .filter(pl.col("serves").is_in(list(params.groups)))
    )
    per_group = dict(served.group_by("serves").agg(pl.col("id").n_unique()).iter_rows())
    by_group = {group: per_group.get(group, 0) for group in params.groups}
    serving = served.get_column("id").n_unique()
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
