"""The built-in target kinds that are one of the generic patterns, as one table.

Ten of the built-in kinds only pass a code to a pattern of :mod:`scoplan.targets.generic`
(count a district's establishments of a kind, the share of units with an establishment or
an event of a kind, a community average, the share of organizations flagged). They keep
their ids, params and results; here they are rows of data, and each of their modules (the
plugin that owns the kind) registers its row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

import attrs

from scoplan.i18n import Text, translate
from scoplan.params import (
    Average,
    EventShare,
    OptionalShare,
    Registration,
    TownshipEventShare,
    registration_field,
)
from scoplan.spellings import LEVEL_WORDS
from scoplan.target import Counted, TargetKind
from scoplan.targets.generic import (
    community_average,
    establishment_count_kind,
    establishment_share,
    event_share,
    made_of,
    organization_share,
)


@attrs.frozen(kw_only=True)
class ReportingShare(OptionalShare):
    """An optional share of townships (default) or of districts."""

    level: Annotated[Literal["township", "district"], LEVEL_WORDS] = "township"

    def what(self, lang: str, terms: Mapping[str, str]) -> str:
        """``建立重大活动报告制度的乡镇（街道）占比`` (or ``…的区县占比``), in words of ``lang``."""
        units = translate(f"what.units.{self.level}", lang, terms)
        return translate("what.activity-reporting", lang, terms, units=units)


@attrs.frozen(kw_only=True)
class DisclosureShare(OptionalShare):
    """An optional share of communities, of one kind or (by default) all."""

    community_kind: Literal["urban", "rural"] | None = None


@attrs.frozen(kw_only=True)
class CharterShare(OptionalShare):
    """An optional share of the organizations of the statuses of ``registration``."""

    registration: tuple[Registration, ...] = registration_field()


_REGISTRATION = "organizations.registration"

PATTERN_KINDS: dict[str, TargetKind] = {
    kind.id: kind
    for kind in (
        TargetKind(
            id="urban-average",
            title=Text("城市社区平均拥有社区社会组织数", "Organizations per urban community"),
            description=Text(
                "范围内城市社区平均拥有的存续（未注销）且已登记或备案的社区社会组织数；未设目标值时只作监测",
                "Mean number of organizations not dissolved, registered or filed, per urban "
                "community in the scope; monitored only unless a target is set",
            ),
            params=Average,
            measure=made_of(community_average, Average, community_kind="urban"),
            clauses=("一", "二(一)3"),
            columns=(_REGISTRATION,),
        ),
        TargetKind(
            id="rural-average",
            title=Text("农村社区平均拥有社区社会组织数", "Organizations per rural community"),
            description=Text(
                "范围内农村社区平均拥有的存续（未注销）且已登记或备案的社区社会组织数；未设目标值时只作监测",
                "Mean number of organizations not dissolved, registered or filed, per rural "
                "community in the scope; monitored only unless a target is set",
            ),
            params=Average,
            measure=made_of(community_average, Average, community_kind="rural"),
            clauses=("一", "二(一)4"),
            columns=(_REGISTRATION,),
        ),
        establishment_count_kind(
            id="service-centres",
            title=Text("区县级社会组织培育发展服务中心", "District cultivation service centre"),
            description=Text(
                "范围内区县本级运行中的社会组织培育发展服务中心数",
                "Cultivation service centres of the districts themselves open on the date",
            ),
            kind="service_centre",
            noun="service_centres",
            clauses=("二(一)2",),
        ),
        establishment_count_kind(
            id="governance-academies",
            title=Text("区县级“社区治理学院”", "District community governance academy"),
            description=Text(
                "范围内区县本级运行中的社区治理学院数",
                "Community governance academies of the districts themselves open on the date",
            ),
            kind="governance_academy",
            noun="academies",
            clauses=("二(二)1",),
        ),
        establishment_count_kind(
            id="development-plans",
            title=Text(
                "区县级社区社会组织培育发展三年计划", "District three-year development plan"
            ),
            description=Text(
                "范围内区县本级已制定的社区社会组织培育发展三年计划数",
                "Three-year CSO development plans adopted by the districts themselves",
            ),
            kind="development_plan",
            noun="plans",
            clauses=("二(一)1",),
        ),
        TargetKind(
            id="gongyi-district-coverage",
            title=Text("区县级公益创投活动覆盖率", "District 公益创投 coverage"),
            description=Text(
                "范围内在期限年度举办区县级公益创投活动的区县占比",
                "Share of districts that held a district-level 公益创投 in the milestone's year",
            ),
            params=EventShare,
            measure=made_of(event_share, EventShare, kind="gongyi_chuangtou", level="district"),
            clauses=("二(二)2",),
            columns=(),
            counts=(Counted("events", "kind", "gongyi_chuangtou", "district"),),
        ),
        TargetKind(
            id="gongyi-township-coverage",
            title=Text("乡镇（街道）级公益创投活动覆盖率", "Township 公益创投 coverage"),
            description=Text(
                "范围内在期限年度举办乡镇（街道）级公益创投活动的乡镇（街道）占比",
                "Share of township-level units that held a 公益创投 in the milestone's year",
            ),
            params=TownshipEventShare,
            measure=made_of(
                event_share, TownshipEventShare, kind="gongyi_chuangtou", level="township"
            ),
            clauses=("二(二)2",),
            columns=(),
            counts=(Counted("events", "kind", "gongyi_chuangtou", "township"),),
        ),
        TargetKind(
            id="activity-reporting",
            title=Text(
                "建立重大活动报告制度的乡镇（街道）占比", "Major-activity reporting systems"
            ),
            description=Text(
                "范围内建立重大活动报告制度的乡镇（街道）或区县占比",
                "Share of townships (or districts) with a major-activity reporting system",
            ),
            params=ReportingShare,
            measure=made_of(
                establishment_share,
                ReportingShare,
                details=lambda p: {"level": p.level},
                kind="activity_reporting_system",
            ),
            clauses=("二(四)2",),
            columns=(),
            counts=lambda p: [
                Counted("establishments", "kind", "activity_reporting_system", p.level)
            ],
        ),
        TargetKind(
            id="disclosure",
            title=Text("建立信息公开制度的社区占比", "Communities with a disclosure system"),
            description=Text(
                "范围内建立社区社会组织信息公开制度的社区占比",
                "Share of communities with a CSO information-disclosure system",
            ),
            params=DisclosureShare,
            measure=made_of(
                establishment_share,
                DisclosureShare,
                details=lambda _: {},
                kind="disclosure_system",
                level="community",
            ),
            clauses=("二(四)3",),
            columns=(),
            counts=(Counted("establishments", "kind", "disclosure_system", "community"),),
        ),
        TargetKind(
            id="charters",
            title=Text("制定简易章程的社区社会组织占比", "Organizations with a simple charter"),
            description=Text(
                "范围内存续（未注销）且已登记或备案的社区社会组织中制定了简易章程的占比；未设目标值时只作监测",
                "Share of the organizations not dissolved, registered or filed, that have a "
                "simple charter; monitored only unless a target is set",
            ),
            params=CharterShare,
            measure=made_of(
                organization_share,
                CharterShare,
                details=lambda p: {"registration": list(p.registration)},
                column="charter",
            ),
            clauses=("二(四)3",),
            columns=("organizations.name", "organizations.charter", _REGISTRATION),
        ),
    )
}
"""The built-in kinds made of the generic patterns, by id."""
