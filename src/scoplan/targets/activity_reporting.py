"""``activity-reporting``: share of townships with a major-activity reporting system (二(四)2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import attrs

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import OptionalShare
from scoplan.target import Context, Measurement, TargetKind


@attrs.frozen(kw_only=True)
class ReportingShare(OptionalShare):
    """An optional share of townships (default) or of districts."""

    level: Literal["township", "district"] = "township"


def measure(context: Context, params: ReportingShare) -> Measurement:
    data = context.data
    districts = context.scope.districts
    units = (
        data.townships_in(districts) if params.level == "township" else data.districts_in(districts)
    )
    return measures.share_or_indicator(
        context,
        measures.flag_covered(
            units, data.units_with("establishments", context.on, kind="activity_reporting_system")
        ),
        threshold=params.threshold,
        comparator=params.comparator,
        level=params.level,
        noun=f"{params.level}s",
    )


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="activity-reporting",
            title=Text("建立重大活动报告制度的乡镇(街道)占比", "Major-activity reporting systems"),
            description=Text(
                "范围内建立重大活动报告制度(activity_reporting_system)的乡镇(街道)或区县占比",
                "Share of townships (or districts) with a major-activity reporting system",
            ),
            params=ReportingShare,
            measure=measure,
            clauses=("二(四)2",),
        )
    )
