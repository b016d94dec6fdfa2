"""``gongyi-held``: 公益创投 programmes held by the scope itself (二(二)2).

市本级通过公益创投…支持…结对共建: the city itself holds a 公益创投 (``unit_id`` ``city``). At
district scope it counts the district's own programmes, as ``gongyi-district-coverage``
does for a share of districts.
"""

from __future__ import annotations

from scoplan import measures
from scoplan.i18n import Text
from scoplan.params import EventCount
from scoplan.target import Context, Counted, Measurement, TargetKind
from scoplan.targets.generic import registers


def measure(context: Context, params: EventCount) -> Measurement:
    return measures.events_held(context, params, "gongyi_chuangtou", "programmes")


KIND = TargetKind(
    id="gongyi-held",
    title=Text("本级公益创投活动", "Social ventures (gongyi chuangtou) held"),
    description=Text(
        "范围本级（市本级或区县本级）举办的公益创投活动次数",
        "公益创投 programmes held by the scope itself (city level, or the district)",
    ),
    params=EventCount,
    measure=measure,
    clauses=("二(二)2",),
    columns=(),
    counts=(Counted("events", "kind", "gongyi_chuangtou"),),
)

scoplan_register_targets = registers(KIND)
