"""``establishment-coverage``: the share of units with an establishment of a kind.

For commitments that a platform or a system exist at some level, with no number: township
cultivation service centres (二(一)2), party work plans of the township party committees
(二(四)1), evaluation systems in communities (二(四)2). ``kind`` names the establishment
kind, ``level`` the units counted; an indicator unless the plan sets ``threshold``.

The params and the measure are the generic ones of :mod:`scoplan.targets.generic`.
"""

from __future__ import annotations

from scoplan.i18n import Text
from scoplan.target import Counted, TargetKind
from scoplan.targets.generic import EstablishmentShare, establishment_share, registers

__all__ = ["KIND", "EstablishmentShare"]

KIND = TargetKind(
    id="establishment-coverage",
    title=Text("建有某类平台或制度的单位占比", "Units with a platform or system"),
    description=Text(
        "范围内建有某类平台或制度（在计划中指定）的乡镇（街道）、社区或区县占比；未设目标值时只作监测",
        "Share of townships, communities or districts with an establishment of a kind the plan "
        "names; monitored only unless a target is set",
    ),
    params=EstablishmentShare,
    measure=establishment_share,
    clauses=("二(一)2", "二(四)1", "二(四)2"),
    columns=(),
    counts=lambda params: [Counted("establishments", "kind", params.kind, params.level)],
)

scoplan_register_targets = registers(KIND)
