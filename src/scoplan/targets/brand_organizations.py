"""``brand-organizations``: active organizations named brand CSOs (clause 一)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from scoplan import measures
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.params import Count
from scoplan.target import Context, Measurement, TargetKind


def measure(context: Context, params: Count) -> Measurement:
    organizations = context.data.organizations_in(context.scope.districts, context.on, ["brand"])
    brands = organizations.filter(pl.col("brand").is_not_null() & (pl.col("brand") <= context.on))
    return measures.count(
        context,
        brands,
        required=params.threshold,
        comparator=params.comparator,
        noun="brand_organizations",
        details={"brand_organizations": sorted(brands.get_column("id").to_list())},
    )


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    register(
        TargetKind(
            id="brand-organizations",
            title=Text("品牌社区社会组织", "Brand community social organizations"),
            description=Text(
                "范围内在该日期已认定为品牌(brand 日期不晚于该日)且仍活跃的社区社会组织数",
                "Active organizations named a brand CSO on or before the date (brand column)",
            ),
            params=Count,
            measure=measure,
            clauses=("一",),
        )
    )
