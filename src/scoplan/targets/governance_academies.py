"""``governance-academies``: a district-level Community Governance Academy exists (二(二)1)."""

from __future__ import annotations

from collections.abc import Callable

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import Count
from scoplan.target import Context, Measurement, TargetKind


def measure(context: Context, params: Count) -> Measurement:
    return measures.district_establishments(context, params, "governance_academy", "academies")


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="governance-academies",
            title=Text("区县级“社区治理学院”", "District community governance academy"),
            description=Text(
                "范围内区县本级(unit_id 为区县)运行中的社区治理学院数",
                "Community governance academies at district level open on the date",
            ),
            params=Count,
            measure=measure,
            clauses=("二(二)1",),
        )
    )
