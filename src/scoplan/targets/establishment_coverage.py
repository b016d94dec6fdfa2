"""``establishment-coverage``: the share of units with an establishment of a kind.

For commitments that a platform or a system exist at some level, with no number: township
cultivation service centres (二(一)2), party work plans of the township party committees
(二(四)1), evaluation systems in communities (二(四)2). ``kind`` names the establishment
kind, ``level`` the units counted; an indicator unless the plan sets ``threshold``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import attrs

from scoplan import measures
from scoplan._convert import InvalidField
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import OptionalShare
from scoplan.target import Context, Measurement, TargetKind


def _code(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        message = f"{attribute.name} names the establishment kind (service_centre…), not ''"
        zh = f"{attribute.name} 须写明平台或制度的类型(如 service_centre),不能为空"
        raise InvalidField(attribute.name, message, zh)


@attrs.frozen(kw_only=True)
class EstablishmentShare(OptionalShare):
    """The share of units of ``level`` with an active establishment of ``kind``.

    ``township_kinds`` and ``with_communities_only`` narrow townships (the latter leaves out
    units with no community); ``community_kind`` narrows communities.
    """

    kind: str = attrs.field(validator=_code)
    level: Literal["township", "community", "district"] = "township"
    township_kinds: tuple[Literal["street", "town", "township"], ...] = ()
    with_communities_only: bool = False
    community_kind: Literal["urban", "rural"] | None = None

    def __attrs_post_init__(self) -> None:
        if self.level != "township" and (self.township_kinds or self.with_communities_only):
            field = "township_kinds" if self.township_kinds else "with_communities_only"
            message = f"{field} narrows townships: it needs level = 'township', not {self.level!r}"
            zh = f"{field} 只适用于乡镇(街道):须 level = 'township',不能是 {self.level!r}"
            raise InvalidField(field, message, zh)
        if self.level != "community" and self.community_kind is not None:
            message = f"community_kind needs level = 'community', not {self.level!r}"
            zh = f"community_kind 只适用于社区:须 level = 'community',不能是 {self.level!r}"
            raise InvalidField("community_kind", message, zh)


def measure(context: Context, params: EstablishmentShare) -> Measurement:
    data, districts = context.data, context.scope.districts
    if params.level == "township":
        units = measures.townships_of(context, params.township_kinds, params.with_communities_only)
    elif params.level == "community":
        units = data.communities_in(districts, kind=params.community_kind)
    else:
        units = data.districts_in(districts)
    covered = data.units_with("establishments", context.on, kind=params.kind)
    return measures.share_or_indicator(
        context,
        measures.flag_covered(units, covered),
        threshold=params.threshold,
        comparator=params.comparator,
        level=params.level,
        noun=f"{params.level}s",
        details={"kind": params.kind, "level": params.level},
    )


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="establishment-coverage",
            title=Text("建有某类平台或制度的单位占比", "Units with a platform or system"),
            description=Text(
                "范围内建有 kind 所指平台或制度(establishments)的乡镇(街道)、社区或区县占比;"
                "未设 threshold 时作为指标报告",
                "Share of townships, communities or districts (level) with an establishment "
                "of the kind named; an indicator unless a threshold is set",
            ),
            params=EstablishmentShare,
            measure=measure,
            clauses=("二(一)2", "二(四)1", "二(四)2"),
        )
    )
