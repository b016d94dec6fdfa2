"""Hypothesis strategies for valid datasets of any shape.

Needs hypothesis (scoplan's ``test`` extra); nothing else in :mod:`scoplan.testing` imports
this module, so the rest works without it.

Everything drawn here loads without a problem: ids are unique and distinct across the
hierarchy, references point at existing rows, codes are known, and end dates never come
before start dates. Any table may be empty and any unit may have nothing in it::

    from hypothesis import given
    from scoplan.testing.strategies import datasets

    @given(datasets(establishment_kinds=["community_fund"]))
    def test_a_share_is_between_0_and_1(data):
        report = evaluate_target(KIND, data, params={"threshold": 0.5}, as_of="2022-12-31")
        value = report.results[0].value
        assert value is None or 0 <= value <= 1

:func:`tables` gives the rows (``{table: [row, …]}``) instead of a dataset, for a test that
adds to them or writes them to files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from scoplan.dataset import Dataset
from scoplan.schema import (
    CATEGORIES,
    ESTABLISHMENT_KINDS,
    EVENT_KINDS,
    MANAGERS,
    REGISTRATION,
    SIZES,
    SPECIAL_GROUPS,
    TOWNSHIP_KINDS,
)
from scoplan.testing.builders import build_dataset

FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)

Rows = dict[str, list[dict[str, Any]]]

dates = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
"""Any day from 2019 to 2024: before, during and after a 2021–2023 plan."""


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def spans(draw: st.DrawFn) -> tuple[dt.date, dt.date | None]:
    """A start date and an end date on or after it (ended the day it began), or no end
    (still open)."""
    start = draw(dates)
    if draw(st.booleans()):
        return start, None
    return start, start + dt.timedelta(days=draw(st.integers(0, 1500)))


@st.composite
def hierarchies(
    draw: st.DrawFn,
    *,
    max_districts: int = 3,
    max_townships: int = 3,
    max_communities: int = 3,
) -> Rows:
    """Districts ``D1``…, their townships ``D1T1``… and communities ``D1T1C1``…, of any
    kinds; each district has up to ``max_townships`` townships, each township up to
    ``max_communities`` communities (possibly none)."""
    districts: list[dict[str, Any]] = []
    townships: list[dict[str, Any]] = []
    communities: list[dict[str, Any]] = []
    for d in range(1, draw(st.integers(1, max_districts)) + 1):
        district_id = f"D{d}"
        districts.append(
            {
                "id": district_id,
                "name": f"区{d}",
                "kind": draw(st.sampled_from(["district", "county", "zone"])),
                "city": "测试市",
            }
        )
        for t in range(1, draw(st.integers(0, max_townships)) + 1):
            township_id = f"{district_id}T{t}"
            townships.append(
                {
                    "id": township_id,
                    "district_id": district_id,
                    "name": f"乡镇{t}",
                    "kind": draw(st.sampled_from(list(TOWNSHIP_KINDS))),
                }
            )
            for c in range(1, draw(st.integers(0, max_communities)) + 1):
                communities.append(
                    {
                        "id": f"{township_id}C{c}",
                        "township_id": township_id,
                        "name": f"社区{c}",
                        "kind": draw(st.sampled_from(["urban", "rural"])),
                    }
                )
    return {"districts": districts, "townships": townships, "communities": communities}


@st.composite
def tables(
    draw: st.DrawFn,
    *,
    max_districts: int = 3,
    max_townships: int = 3,
    max_communities: int = 3,
    max_organizations: int = 15,
    max_others: int = 6,
    establishment_kinds: Sequence[str] = (),
    event_kinds: Sequence[str] = (),
) -> Rows:
    """The rows of a valid dataset: a hierarchy (see :func:`hierarchies`), organizations
    with every optional column, federations, establishments, brand projects and events.

    ``max_others`` bounds each of the other tables. Establishments and events are of the
    kinds of DATA.md plus ``establishment_kinds`` and ``event_kinds``.
    """
    rows = draw(
        hierarchies(
            max_districts=max_districts,
            max_townships=max_townships,
            max_communities=max_communities,
        )
    )
    district_ids = [d["id"] for d in rows["districts"]]
    township_ids = [t["id"] for t in rows["townships"]]
    community_ids = [c["id"] for c in rows["communities"]]

    organizations: list[dict[str, Any]] = []
    if community_ids:
        for i in range(draw(st.integers(0, max_organizations))):
            founded, dissolved = draw(spans())
            organizations.append(
                {
                    "id": f"O{i}",
                    "community_id": draw(st.sampled_from(community_ids)),
                    "name": f"组织{i}",
                    "founded": founded,
                    "dissolved": dissolved,
                    "category": draw(_optional(st.sampled_from(sorted(CATEGORIES)))),
                    "registration": draw(_optional(st.sampled_from(sorted(REGISTRATION)))),
                    "size": draw(_optional(st.sampled_from(sorted(SIZES)))),
                    "managed_by": draw(_optional(st.sampled_from(sorted(MANAGERS)))),
                    "charter": draw(_optional(st.booleans())),
                    "brand": draw(_optional(dates)),
                    "serves": draw(
                        st.lists(st.sampled_from(sorted(SPECIAL_GROUPS)), max_size=3, unique=True)
                    ),
                }
            )

    federations: list[dict[str, Any]] = []
    levels = [
        (level, ids)
        for level, ids in (("township", township_ids), ("community", community_ids))
        if ids
    ]
    if levels:
        for i in range(draw(st.integers(0, max_others))):
            level, ids = draw(st.sampled_from(levels))
            founded, dissolved = draw(spans())
            federations.append(
                {
                    "id": f"F{i}",
                    "level": level,
                    "unit_id": draw(st.sampled_from(ids)),
                    "founded": founded,
                    "dissolved": dissolved,
                }
            )

    kinds = [*ESTABLISHMENT_KINDS, *establishment_kinds]
    units = ["city", *district_ids, *township_ids, *community_ids]
    establishments: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, max_others))):
        established, ended = draw(spans())
        establishments.append(
            {
                "id": f"E{i}",
                "kind": draw(st.sampled_from(kinds)),
                "unit_id": draw(st.sampled_from(units)),
                "established": established,
                "ended": ended,
            }
        )

    brand_projects: list[dict[str, Any]] = []
    if organizations:
        for i in range(draw(st.integers(0, max_others))):
            brand_projects.append(
                {
                    "id": f"B{i}",
                    "organization_id": draw(st.sampled_from([o["id"] for o in organizations])),
                    "designated": draw(dates),
                }
            )

    places = ["city", *district_ids, *township_ids]
    events = [
        {
            "id": f"V{i}",
            "kind": draw(st.sampled_from([*EVENT_KINDS, *event_kinds])),
            "unit_id": draw(st.sampled_from(places)),
            "date": draw(dates),
        }
        for i in range(draw(st.integers(0, max_others)))
    ]
    return {
        **rows,
        "organizations": organizations,
        "federations": federations,
        "establishments": establishments,
        "brand_projects": brand_projects,
        "events": events,
    }


def datasets(
    *,
    max_districts: int = 3,
    max_townships: int = 3,
    max_communities: int = 3,
    max_organizations: int = 15,
    max_others: int = 6,
    establishment_kinds: Sequence[str] = (),
    event_kinds: Sequence[str] = (),
) -> st.SearchStrategy[Dataset]:
    """Valid datasets of any shape, checked as real data is (see :func:`tables`)."""
    return tables(
        max_districts=max_districts,
        max_townships=max_townships,
        max_communities=max_communities,
        max_organizations=max_organizations,
        max_others=max_others,
        establishment_kinds=tuple(establishment_kinds),
        event_kinds=tuple(event_kinds),
    ).map(build_dataset)
