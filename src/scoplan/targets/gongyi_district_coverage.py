"""``gongyi-district-coverage``: share of districts holding a 公益创投 programme (二(二)2)."""

from __future__ import annotations

from collections.abc import Callable

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import EventShare
from scoplan.target import Context, Measurement, TargetKind


def measure(context: Context, params: EventShare) -> Measurement:
    districts = context.data.districts_in(context.scope.districts)
    return measures.event_coverage(
        context, params, districts, "gongyi_chuangtou", "district", "districts"
    )


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="gongyi-district-coverage",
            title=Text("区县级公益创投活动覆盖率", "District 公益创投 coverage"),
            description=Text(
                "范围内在期限年度举办区县级公益创投活动的区县占比",
                "Share of districts that held a district-level 公益创投 in the milestone's year",
            ),
            params=EventShare,
            measure=measure,
            clauses=("二(二)2",),
        )
    )
