"""``disclosure``: share of communities with an information-disclosure system (二(四)3)."""

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
class DisclosureShare(OptionalShare):
    """An optional share of communities, of one kind or (by default) all."""

    community_kind: Literal["urban", "rural"] | None = None


def measure(context: Context, params: DisclosureShare) -> Measurement:
    data = context.data
    return measures.share_or_indicator(
        context,
        measures.flag_covered(
            data.communities_in(context.scope.districts, kind=params.community_kind),
            data.units_with("establishments", context.on, kind="disclosure_system"),
        ),
        threshold=params.threshold,
        comparator=params.comparator,
        level="community",
        noun="communities",
    )


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="disclosure",
            title=Text("建立信息公开制度的社区占比", "Communities with a disclosure system"),
            description=Text(
                "范围内建立社区社会组织信息公开制度(disclosure_system)的社区占比",
                "Share of communities with an information-disclosure system (disclosure_system)",
            ),
            params=DisclosureShare,
            measure=measure,
            clauses=("二(四)3",),
        )
    )
