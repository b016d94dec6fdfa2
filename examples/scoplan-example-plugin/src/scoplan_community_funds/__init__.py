"""``community-funds``: the share of townships with a community fund (社区基金), a scoplan plugin.

Clause 二(一)3 of 《黄山市培育发展社区社会组织专项行动计划(2021—2023年)》(黄社管函〔2021〕52号):
“鼓励有条件的乡镇(街道)通过各种形式设立社区基金或社区基金会,为社区社会组织参与社区服务
提供资源支持、项目对接等服务”. None of scoplan's own target kinds measures it.

The data: a row of the ``establishments`` table whose ``kind`` is ``community_fund``
(社区基金) or ``community_foundation`` (社区基金会), open from ``established`` until
``ended``. Its ``unit_id`` is the township that set it up, or one of the township's
communities: a community's fund counts for its township.

This module is the whole plugin: the parameters, the measure, the worked examples, and the
two hook implementations. It uses only scoplan's public API.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Literal

import attrs
import polars as pl

from scoplan import Context, Measurement, TargetKind, Text, hookimpl, measures
from scoplan.params import OptionalShare
from scoplan.testing import Example

FUND = "community_fund"
"""The establishment kind of a community fund (社区基金)."""
FOUNDATION = "community_foundation"
"""The establishment kind of a community foundation (社区基金会)."""


@attrs.frozen(kw_only=True)
class FundShare(OptionalShare):
    """The share of townships with a fund; an indicator unless ``threshold`` is set.

    ``township_kinds`` narrows the townships (``["street"]`` for streets only);
    ``foundations`` says whether a community foundation counts as a fund (the clause
    names both).
    """

    township_kinds: tuple[
        Literal["street", "town", "township", "zone", "scenic", "other"], ...
    ] = ()
    foundations: bool = True


def measure(context: Context, params: FundShare) -> Measurement:
    """The share of the scope's townships with a fund open on ``context.on``."""
    data = context.data
    townships = data.townships_in(context.scope.districts, params.township_kinds or None)
    township_ids = townships.get_column("id").to_list()
    kinds = [FUND, FOUNDATION] if params.foundations else [FUND]
    funds = data.active("establishments", context.on).filter(pl.col("kind").is_in(kinds))
    at_townships = funds.filter(pl.col("unit_id").is_in(township_ids))
    at_communities = funds.join(
        data.communities_in(context.scope.districts).select(
            pl.col("id").alias("unit_id"), "township_id"
        ),
        on="unit_id",
    ).filter(pl.col("township_id").is_in(township_ids))
    covered = pl.concat(
        [at_townships.get_column("unit_id"), at_communities.get_column("township_id")]
    )
    found = sorted([*at_townships.get_column("id"), *at_communities.get_column("id")])
    return measures.share_or_indicator(
        context,
        measures.flag_covered(townships, covered),
        threshold=params.threshold,
        comparator=params.comparator,
        level="township",
        noun="townships",
        details={"funds": found},
    )


KIND = TargetKind(
    id="community-funds",
    title=Text("社区基金覆盖率", "Community fund coverage"),
    description=Text(
        "范围内设立社区基金或社区基金会（community_fund、community_foundation）的乡镇（街道）"
        "占比；社区设立的计入所属乡镇（街道）",
        "Share of township-level units with a community fund or foundation (community_fund, "
        "community_foundation); a community's counts for its township",
    ),
    params=FundShare,
    measure=measure,
    clauses=("二(一)3",),
    columns=(),  # reads establishments only: none of the organizations' own columns
)
"""The target kind this plugin adds."""


# -- worked examples: the target's documentation, run as its first tests ------------------

_THREE_TOWNSHIPS = {
    "districts": [{"id": "341002", "name": "屯溪区"}],
    "townships": [
        {"id": "T1", "district_id": "341002"},
        {"id": "T2", "district_id": "341002"},
        {"id": "T3", "district_id": "341002", "kind": "town"},
    ],
    "communities": [{"id": "C1", "township_id": "T3"}],
    "establishments": [
        {"id": "F1", "kind": FUND, "unit_id": "T1", "established": "2021-06-01"},
        {"id": "F2", "kind": FOUNDATION, "unit_id": "T2", "established": "2022-03-01"},
    ],
}

EXAMPLES = [
    Example(
        "two townships of three have a fund or a foundation",
        data=_THREE_TOWNSHIPS,
        params={"threshold": 0.5},
        as_of="2022-12-31",
        status="met",
        value=2 / 3,
    ),
    Example(
        "a foundation does not count when foundations = false",
        data=_THREE_TOWNSHIPS,
        params={"threshold": 0.5, "foundations": False},
        as_of="2022-12-31",
        status="not_met",
        value=1 / 3,
        gap=1,
    ),
    Example(
        "a fund not yet set up does not count on the day",
        data=_THREE_TOWNSHIPS,
        params={"threshold": 0.5},
        as_of="2021-12-31",
        status="not_met",
        value=1 / 3,
    ),
    Example(
        "a fund set up by a community counts for its township",
        data={
            **_THREE_TOWNSHIPS,
            "establishments": [
                {"id": "F3", "kind": FUND, "unit_id": "C1", "established": "2021-01-01"},
            ],
        },
        params={"threshold": 0.3, "township_kinds": ["town"]},
        as_of="2022-12-31",
        status="met",
        value=1.0,
    ),
    Example(
        "a fund wound up before the day does not count",
        data={
            **_THREE_TOWNSHIPS,
            "establishments": [
                {
                    "id": "F1",
                    "kind": FUND,
                    "unit_id": "T1",
                    "established": "2021-06-01",
                    "ended": "2022-06-30",
                },
            ],
        },
        params={"threshold": 0.3},
        as_of="2022-12-31",
        status="not_met",
        value=0.0,
        gap=1,
    ),
    Example(
        "without a threshold the share is an indicator",
        data=_THREE_TOWNSHIPS,
        as_of="2022-12-31",
        status="info",
        value=2 / 3,
    ),
    Example(
        "a district without townships has no data, not a share of zero",
        data={"districts": [{"id": "341002", "name": "屯溪区"}]},
        params={"threshold": 0.5},
        as_of="2022-12-31",
        status="no_data",
        value=None,
    ),
]
"""Worked cases of ``community-funds``: data, a date, and what the target says."""


# -- the hooks ----------------------------------------------------------------------------


@hookimpl
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    """Add ``community-funds``."""
    register(KIND)


@hookimpl
def scoplan_register_plans(register: Callable[[Traversable | Path], None]) -> None:
    """Add the plan ``huangshan-community-funds``."""
    register(files(__package__) / "huangshan-community-funds.toml")
