"""``service-centres``: a district-level cultivation service centre exists (clause 二(一)2)."""

from __future__ import annotations

from collections.abc import Callable

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import Count
from scoplan.target import Context, Measurement, TargetKind


def measure(context: Context, params: Count) -> Measurement:
    return measures.district_establishments(context, params, "service_centre", "service_centres")


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="service-centres",
            title=Text("区县级社会组织培育发展服务中心", "District cultivation service centre"),
            description=Text(
                "范围内区县本级(unit_id 为区县)运行中的培育发展服务中心数",
                "Service centres at district level (unit_id a district) open on the date",
            ),
            params=Count,
            measure=measure,
            clauses=("二(一)2",),
        )
    )
