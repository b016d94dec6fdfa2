"""``township-federation-coverage``: share of townships with a CSO federation (二(一)2)."""

from __future__ import annotations

from scoplan import measures
from scoplan.i18n import Text
from scoplan.params import TownshipShare
from scoplan.target import Context, Measurement, Requirement, TargetKind
from scoplan.targets.generic import registers


def measure(context: Context, params: TownshipShare) -> Measurement:
    data = context.data
    return measures.share_covered(
        context,
        measures.townships_of(context, params.township_kinds, params.with_communities_only),
        data.units_with("federations", context.on, level="township"),
        requirement=Requirement.of(params),
        level="township",
        noun="townships",
    )


KIND = TargetKind(
    id="township-federation-coverage",
    title=Text("乡镇（街道）级社区社会组织联合会覆盖率", "Township federation coverage"),
    description=Text(
        "范围内有运行中的乡镇（街道）级社区社会组织联合会的乡镇（街道）占比（可不计没有社区的单位）",
        "Share of township-level units with an active township-level CSO federation (units "
        "with no community may be left out)",
    ),
    params=TownshipShare,
    measure=measure,
    clauses=("二(一)2",),
    columns=(),
)

scoplan_register_targets = registers(KIND)
