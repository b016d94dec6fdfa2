"""``brand-organizations``: organizations named brand CSOs (clause 一)."""

from __future__ import annotations

import attrs
import polars as pl

from scoplan import measures
from scoplan.i18n import Text
from scoplan.params import CountSince, Registration, registration_field
from scoplan.target import Context, Measurement, Requirement, TargetKind
from scoplan.targets.generic import registers


@attrs.frozen(kw_only=True)
class BrandCount(CountSince):
    """Brand organizations named from ``since`` (if set), among those of the statuses of
    ``registration`` (registered and filed by default)."""

    registration: tuple[Registration, ...] = registration_field()


def measure(context: Context, params: BrandCount) -> Measurement:
    named = pl.col("brand").is_not_null() & (pl.col("brand") <= context.on)
    if params.since is not None:
        named = named & (pl.col("brand") >= params.since)
    brands = context.data.organizations_in(
        context.scope.districts,
        context.on,
        ["brand"],
        registration=params.registration,
        where=named,
    )
    details: dict[str, object] = {
        "brand_organizations": sorted(brands.get_column("id").to_list()),
        "registration": list(params.registration),
    }
    if params.since is not None:
        details["since"] = params.since.isoformat()
    return measures.count(
        context,
        brands,
        requirement=Requirement.of(params),
        noun="brand_organizations",
        details=details,
    )


KIND = TargetKind(
    id="brand-organizations",
    title=Text("品牌社区社会组织", "Brand community social organizations"),
    description=Text(
        "范围内到该日已认定为品牌、存续（未注销）且已登记或备案的社区社会组织数（可只计某日以来认定的）",
        "Organizations named a brand CSO by the date, not dissolved, registered or filed "
        "(optionally only those named since a given day)",
    ),
    params=BrandCount,
    measure=measure,
    clauses=("一",),
    columns=("organizations.brand", "organizations.registration"),
)

scoplan_register_targets = registers(KIND)
