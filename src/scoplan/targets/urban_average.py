"""``urban-average``: mean active organizations per urban community (clauses 一, 二(一)3)."""

from __future__ import annotations

from collections.abc import Callable

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import Threshold
from scoplan.target import Context, Measurement, TargetKind


def measure(context: Context, params: Threshold) -> Measurement:
    return measures.community_average(context, params, "urban")


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="urban-average",
            title=Text("城市社区平均拥有社区社会组织数", "Organizations per urban community"),
            description=Text(
                "范围内城市社区的活跃社区社会组织总数除以城市社区数",
                "Active organizations in the scope's urban communities, divided by their number",
            ),
            params=Threshold,
            measure=measure,
            clauses=("一", "二(一)3"),
        )
    )
