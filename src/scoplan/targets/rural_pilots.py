"""``rural-pilots``: rural communities designated as CSO cultivation pilots (二(一)4)."""

from __future__ import annotations

import polars as pl

from scoplan import measures
from scoplan.i18n import Text
from scoplan.params import Count
from scoplan.target import Context, Counted, Measurement, Requirement, TargetKind
from scoplan.targets.generic import registers


def measure(context: Context, params: Count) -> Measurement:
    data = context.data
    rural = data.communities_in(context.scope.districts, kind="rural").get_column("id")
    pilots = data.active("establishments", context.on, kind="rural_pilot").filter(
        pl.col("unit_id").is_in(rural.implode())
    )
    return measures.count(
        context,
        pilots.unique("unit_id"),
        requirement=Requirement.of(params),
        noun="pilot_communities",
        details={"pilot_communities": sorted(pilots.get_column("unit_id").unique().to_list())},
    )


KIND = TargetKind(
    id="rural-pilots",
    title=Text("农村社区社会组织培育发展试点", "Rural cultivation pilots"),
    description=Text(
        "范围内被确定为培育发展试点的农村社区数",
        "Rural communities in the scope designated as cultivation pilots",
    ),
    params=Count,
    measure=measure,
    clauses=("二(一)4",),
    columns=(),
    counts=(Counted("establishments", "kind", "rural_pilot", "community"),),
)

scoplan_register_targets = registers(KIND)
