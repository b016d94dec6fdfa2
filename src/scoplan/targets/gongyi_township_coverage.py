"""``gongyi-township-coverage``: share of townships holding a 公益创投 programme (二(二)2)."""

from __future__ import annotations

from collections.abc import Callable

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import TownshipEventShare
from scoplan.target import Context, Measurement, TargetKind


def measure(context: Context, params: TownshipEventShare) -> Measurement:
    townships = context.data.townships_in(context.scope.districts, params.township_kinds or None)
    return measures.event_coverage(
        context, params, townships, "gongyi_chuangtou", "township", "townships"
    )


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="gongyi-township-coverage",
            title=Text("乡镇(街道)级公益创投活动覆盖率", "Township 公益创投 coverage"),
            description=Text(
                "范围内在期限年度举办乡镇(街道)级公益创投活动的乡镇(街道)占比",
                "Share of township-level units that held a 公益创投 in the milestone's year",
            ),
            params=TownshipEventShare,
            measure=measure,
            clauses=("二(二)2",),
        )
    )
