"""``trainings``: CSO cultivation trainings held in the milestone's year (二(二)1)."""

from __future__ import annotations

from scoplan import measures
from scoplan.i18n import Text
from scoplan.params import EventCount
from scoplan.target import Context, Counted, Measurement, TargetKind
from scoplan.targets.generic import registers


def measure(context: Context, params: EventCount) -> Measurement:
    return measures.events_held(context, params, "training", "trainings")


KIND = TargetKind(
    id="trainings",
    title=Text("社区社会组织培育发展业务培训", "CSO cultivation trainings"),
    description=Text(
        "范围本级（全市为市本级，区县为区县本级）在期限年度举办的培训次数",
        "Trainings held by the scope itself (city level, or the district) in the due year",
    ),
    params=EventCount,
    measure=measure,
    clauses=("二(二)1",),
    columns=(),
    counts=(Counted("events", "kind", "training"),),
)

scoplan_register_targets = registers(KIND)
