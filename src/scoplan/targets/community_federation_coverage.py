"""``community-federation-coverage``: share of urban communities with a federation (二(一)2)."""

from __future__ import annotations

from typing import Literal

import attrs

from scoplan import measures
from scoplan.i18n import Text
from scoplan.params import Share
from scoplan.target import Context, Measurement, Requirement, TargetKind
from scoplan.targets.generic import registers


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
        requirement=Requirement.of(params),
        level="community",
        noun="communities",
    )


KIND = TargetKind(
    id="community-federation-coverage",
    title=Text("城市社区社区社会组织联合会覆盖率", "Community federation coverage"),
    description=Text(
        "范围内有运行中的社区级联合会的城市社区占比",
        "Share of urban communities with an active community-level CSO federation",
    ),
    params=CommunityShare,
    measure=measure,
    clauses=("二(一)2",),
    columns=(),
)

scoplan_register_targets = registers(KIND)
