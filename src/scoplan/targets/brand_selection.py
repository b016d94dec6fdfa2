"""``brand-selection``: brand CSO and brand project selections held (三(三))."""

from __future__ import annotations

from scoplan import measures
from scoplan.i18n import Text
from scoplan.params import EventCount
from scoplan.target import Context, Counted, Measurement, TargetKind
from scoplan.targets.generic import registers


def measure(context: Context, params: EventCount) -> Measurement:
    return measures.events_held(context, params, "brand_selection", "selections")


KIND = TargetKind(
    id="brand-selection",
    title=Text("市县级品牌社区社会组织、品牌项目评选", "Brand selections"),
    description=Text(
        "范围本级（市本级或区县本级）举办的品牌评选次数",
        "Brand selections held by the scope itself (city level, or the district)",
    ),
    params=EventCount,
    measure=measure,
    clauses=("三(三)",),
    columns=(),
    counts=(Counted("events", "kind", "brand_selection"),),
)

scoplan_register_targets = registers(KIND)
