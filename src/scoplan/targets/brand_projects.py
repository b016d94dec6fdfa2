"""``brand-projects``: CSO brand projects designated (clause 一)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import Count
from scoplan.target import Context, Measurement, TargetKind


def measure(context: Context, params: Count) -> Measurement:
    data = context.data
    organizations = data.frame("organizations").select(
        pl.col("id").alias("organization_id"), "community_id"
    )
    communities = data.communities_in(context.scope.districts).select(
        pl.col("id").alias("community_id")
    )
    projects = (
        data.frame("brand_projects")
        .filter(pl.col("designated") <= context.on)
        .join(organizations, on="organization_id", how="inner")
        .join(communities, on="community_id", how="inner")
    )
    return measures.count(
        context,
        projects,
        required=params.threshold,
        comparator=params.comparator,
        noun="brand_projects",
        details={"brand_projects": sorted(projects.get_column("id").to_list())},
    )


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="brand-projects",
            title=Text("社区社会组织品牌项目", "CSO brand projects"),
            description=Text(
                "范围内社区社会组织在该日期前认定的品牌项目数",
                "Brand projects of the scope's organizations designated on or before the date",
            ),
            params=Count,
            measure=measure,
            clauses=("一",),
        )
    )
