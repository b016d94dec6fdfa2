"""``brand-projects``: CSO brand projects designated (clause 一)."""

from __future__ import annotations

from scoplan import measures
from scoplan.i18n import Text
from scoplan.params import CountSince
from scoplan.target import Context, Measurement, Requirement, TargetKind
from scoplan.targets.generic import registers


def measure(context: Context, params: CountSince) -> Measurement:
    projects = context.data.brand_projects_in(context.scope.districts, context.on, params.since)
    details: dict[str, object] = {"brand_projects": sorted(projects.get_column("id").to_list())}
    if params.since is not None:
        details["since"] = params.since.isoformat()
    return measures.count(
        context,
        projects,
        requirement=Requirement.of(params),
        noun="brand_projects",
        details=details,
    )


KIND = TargetKind(
    id="brand-projects",
    title=Text("社区社会组织品牌项目", "CSO brand projects"),
    description=Text(
        "范围内社区社会组织到该日已认定的品牌项目数（可只计某日以来认定的）",
        "Brand projects of the scope's organizations designated by the date (optionally only "
        "those since a given day)",
    ),
    params=CountSince,
    measure=measure,
    clauses=("一",),
    columns=(),
)

scoplan_register_targets = registers(KIND)
