"""``brand-projects``: CSO brand projects designated (clause 一)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from scoplan import measures
from scoplan.i18n import Text
from scoplan.params import CountSince
from scoplan.target import Context, Measurement, Requirement, TargetKind
from scoplan.targets.generic import registers

if TYPE_CHECKING:
    from scoplan.dataset import Dataset


def _located(data: Dataset) -> pl.DataFrame:
    """Every brand project with the district of its organization's community, once: a plan
    judging each of a country's districts would otherwise join five million organizations
    for each."""
    organizations = data.frame("organizations").select(
        pl.col("id").alias("organization_id"), "community_id"
    )
    communities = data.frame("communities").select(
        pl.col("id").alias("community_id"), "district_id"
    )
    return (
        data.frame("brand_projects")
        .join(organizations, on="organization_id", how="inner")
        .join(communities, on="community_id", how="inner")
    )


def measure(context: Context, params: CountSince) -> Measurement:
    data = context.data
    located = data.cached(_located)
    designated = pl.col("designated") <= context.on
    if params.since is not None:
        designated = designated & (pl.col("designated") >= params.since)
    projects = located.filter(
        designated & pl.col("district_id").is_in(list(context.scope.districts))
    )
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
)

scoplan_register_targets = registers(KIND)
