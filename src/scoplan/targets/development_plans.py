"""``development-plans``: each district has adopted its three-year CSO plan (二(一)1)."""

from __future__ import annotations

from collections.abc import Callable

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import Count
from scoplan.target import Context, Measurement, TargetKind


def measure(context: Context, params: Count) -> Measurement:
    return measures.district_establishments(context, params, "development_plan", "plans")


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="development-plans",
            title=Text(
                "区县级社区社会组织培育发展三年计划", "District three-year development plan"
            ),
            description=Text(
                "范围内区县本级已制定(establishments 中 development_plan)的三年计划数",
                "Three-year CSO development plans adopted at district level (development_plan)",
            ),
            params=Count,
            measure=measure,
            clauses=("二(一)1",),
        )
    )
