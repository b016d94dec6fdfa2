"""``registration``: every organization registered, or managed at the right level (二(四)2).

The clause: organizations that qualify register (登记); a large one that does not is managed
by its township government or street office; a small one is guided by its village or
residents' committee. An active organization complies when it is registered, or when its
``managed_by`` matches its ``size``. Each that does not is listed with the reason.
"""

from __future__ import annotations

import attrs
import polars as pl

from scoplan import measures
from scoplan.i18n import Text
from scoplan.params import Share
from scoplan.target import Context, Measurement, Requirement, TargetKind, UnitValue
from scoplan.targets.generic import registers


@attrs.frozen(kw_only=True)
class Compliance(Share):
    """The share of active organizations that must comply (all, by default)."""

    threshold: float = 1.0


REASON = (
    pl.when(pl.col("registration") == "registered")
    .then(pl.lit(None, dtype=pl.String))
    .when(pl.col("managed_by").is_null())
    .then(pl.lit("no_manager"))
    .when(pl.col("size").is_null())
    .then(pl.lit("size_unknown"))
    .when((pl.col("size") == "large") & (pl.col("managed_by") != "township"))
    .then(pl.lit("large_not_township"))
    .when((pl.col("size") == "small") & (pl.col("managed_by") != "community"))
    .then(pl.lit("small_not_community"))
    .otherwise(pl.lit(None, dtype=pl.String))
)
"""Why an organization does not comply, or null when it does."""


_READ = ("name", "registration", "managed_by", "size")
"""The organizations' columns the kind reads."""


def measure(context: Context, params: Compliance) -> Measurement:
    organizations = context.data.organizations_in(context.scope.districts, context.on, _READ)
    checked = organizations.select("id", "name", REASON.alias("reason"))
    failing = checked.filter(pl.col("reason").is_not_null())
    result = measures.share_flagged(
        context,
        checked.select("id", "name", pl.col("reason").is_null().alias("covered")),
        requirement=Requirement.of(params),
        level="organization",
        noun="organizations",
        details={"reasons": dict(failing.group_by("reason").len().sort("reason").iter_rows())},
    )
    if not result.shortfall:
        return result
    if context.listed is not None and context.listed < failing.height:
        rows = failing.top_k(context.listed, by="id", reverse=True).sort("id")
    else:
        rows = failing.sort("id")
    units = tuple(
        UnitValue("organization", oid, name or "", 0.0, reason=reason)
        for oid, name, reason in rows.iter_rows()
    )
    return attrs.evolve(result, shortfall=units, shortfall_total=failing.height)


KIND = TargetKind(
    id="registration",
    title=Text("社区社会组织登记或分级管理", "Registration or management at the right level"),
    description=Text(
        "存续（未注销）的社区社会组织中已登记，或按规模由相应层级管理"
        "（规模较大的由乡镇街道、较小的由社区管理）的占比",
        "Share of active organizations registered, or managed by the body their size "
        "calls for (large: township or street office; small: the community)",
    ),
    params=Compliance,
    measure=measure,
    clauses=("二(四)2",),
    columns=tuple(f"organizations.{c}" for c in _READ),
)

scoplan_register_targets = registers(KIND)
