"""``community-federation-coverage``: share of urban communities with a federation (二(一)2)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import attrs

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import Share
from scoplan.target import Context, Measurement, TargetKind


@attrs.frozen(kw_only=True)
class CommunityShare(Share):
    """A share of communities; ``community_kind`` says which (urban by default)."""

    community_kind: Literal["urban", "rural"] = "urban"


def measure(context: Context, params: CommunityShare) -> Measurement:
    data = context.data
    return measures.share_covered(
        context,
        data.communities_in(context.scope.districts, kind=params.community_kind),
        data.units_with("federations", context.on, level="community"),
        required=params.threshold,
        comparator=params.comparator,
        level="community",
        noun="communities",
    )


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="community-federation-coverage",
            title=Text("城市社区社区社会组织联合会覆盖率", "Community federation coverage"),
            description=Text(
                "范围内有运行中的社区级联合会的城市社区占比",
                "Share of urban communities with an active community-level CSO federation",
            ),
            params=CommunityShare,
            measure=measure,
            clauses=("二(一)2",),
        )
    )
