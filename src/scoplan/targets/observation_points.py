"""``observation-points``: designated CSO cultivation observation points (二(一)3)."""

from __future__ import annotations

from scoplan import measures
from scoplan.i18n import Text
from scoplan.params import Count
from scoplan.target import Context, Counted, Measurement, Requirement, TargetKind
from scoplan.targets.generic import registers


def measure(context: Context, params: Count) -> Measurement:
    data = context.data
    points = data.within(
        data.active("establishments", context.on, kind="observation_point"),
        context.scope.districts,
    )
    return measures.count(
        context,
        points,
        requirement=Requirement.of(params),
        noun="observation_points",
        details={"observation_points": sorted(points.get_column("id").to_list())},
    )


KIND = TargetKind(
    id="observation-points",
    title=Text("社区社会组织培育观察点", "Cultivation observation points"),
    description=Text(
        "范围内（区县、乡镇或社区）确定的培育观察点数",
        "Observation points designated anywhere inside the scope (district, township or community)",
    ),
    params=Count,
    measure=measure,
    clauses=("二(一)3",),
    columns=(),
    counts=(Counted("establishments", "kind", "observation_point"),),
)

scoplan_register_targets = registers(KIND)
