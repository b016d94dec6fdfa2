"""``rural-average``: mean active organizations per rural community (clauses 一, 二(一)4)."""

from __future__ import annotations

from collections.abc import Callable

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import Threshold
from scoplan.target import Context, Measurement, TargetKind


def measure(context: Context, params: Threshold) -> Measurement:
    return measures.community_average(context, params, "rural")


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="rural-average",
            title=Text("农村社区平均拥有社区社会组织数", "Organizations per rural community"),
            description=Text(
                "范围内农村社区的活跃社区社会组织总数除以农村社区数",
                "Active organizations in the scope's rural communities, divided by their number",
            ),
            params=Threshold,
            measure=measure,
            clauses=("一", "二(一)4"),
        )
    )
