"""``charters``: share of organizations (registered, filed) with a simple charter (二(四)3)."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import polars as pl

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import OptionalShare, Registration, registration_field
from scoplan.target import Context, Measurement, TargetKind


@attrs.frozen(kw_only=True)
class CharterShare(OptionalShare):
    """An optional share of the organizations of the statuses of ``registration``."""

    registration: tuple[Registration, ...] = registration_field()


def measure(context: Context, params: CharterShare) -> Measurement:
    organizations = context.data.organizations_in(
        context.scope.districts, context.on, ["name", "charter"], registration=params.registration
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
        details={
            "unknown": organizations.get_column("charter").null_count(),
            "registration": list(params.registration),
        },
    )


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="charters",
            title=Text("制定简易章程的社区社会组织占比", "Organizations with a simple charter"),
            description=Text(
                "范围内存续(未注销)且已登记或备案(registration 可选)的社区社会组织中 charter "
                "为是的占比;未设 threshold 时作为指标报告",
                "Share of the organizations not dissolved, registered or filed (registration "
                "chooses), whose charter is true; an indicator unless a threshold is set",
            ),
            params=CharterShare,
            measure=measure,
            clauses=("二(四)3",),
        )
    )
