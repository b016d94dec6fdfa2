"""``rural-average``: mean organizations (registered, filed) per rural community (一, 二(一)4)."""

from __future__ import annotations

from collections.abc import Callable

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import Average
from scoplan.target import Context, Measurement, TargetKind


def measure(context: Context, params: Average) -> Measurement:
    return measures.community_average(context, params, "rural")


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="rural-average",
            title=Text("农村社区平均拥有社区社会组织数", "Organizations per rural community"),
            description=Text(
                "范围内农村社区存续(未注销)且已登记或备案(registration 可选)的社区社会组织总数"
                "除以农村社区数;未设 threshold 时作为指标报告",
                "Organizations not dissolved and registered or filed (registration chooses) in "
                "the scope's rural communities, divided by their number; an indicator unless a "
                "threshold is set",
            ),
            params=Average,
            measure=measure,
            clauses=("一", "二(一)4"),
        )
    )
