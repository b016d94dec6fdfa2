"""``charters``: share of active organizations with a simple charter (二(四)3)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import OptionalShare
from scoplan.target import Context, Measurement, TargetKind


def measure(context: Context, params: OptionalShare) -> Measurement:
    organizations = context.data.organizations_in(
        context.scope.districts, context.on, ["name", "charter"]
    )
    flagged = organizations.select(
        "id", "name", pl.col("charter").fill_null(False).alias("covered")
    )
    return measures.share_or_indicator(
        context,
        flagged,
        threshold=params.threshold,
        comparator=params.comparator,
        level="organization",
        noun="organizations",
        details={"unknown": organizations.get_column("charter").null_count()},
    )


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="charters",
            title=Text("制定简易章程的社区社会组织占比", "Organizations with a simple charter"),
            description=Text(
                "范围内活跃社区社会组织中 charter 为是的占比;未设 threshold 时作为指标报告",
                "Share of active organizations whose charter is true; an indicator unless a "
                "threshold is set",
            ),
            params=OptionalShare,
            measure=measure,
            clauses=("二(四)3",),
        )
    )
