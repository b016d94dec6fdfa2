"""Hypothesis strategies: small valid datasets (as rows for :func:`builders.build`) and plans.

Every dataset drawn here loads without a problem: ids are unique and distinct across the
hierarchy, references point at existing rows, and end dates never come before start dates.
Plans drawn here parse: due dates lie in the plan's years, groups exist, ids are unique.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from builders import PLAN_HEAD, toml_value
from hypothesis import strategies as st

FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)

dates = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
"""Any day from 2019 to 2024: before, during and after the test plans' years (2021–2023)."""

TARGET_IDS = (
    "urban-average",
    "rural-average",
    "service-centres",
    "township-federation-coverage",
    "community-federation-coverage",
    "gongyi-district-coverage",
    "gongyi-township-coverage",
)


@st.composite
def spans(draw: st.DrawFn) -> tuple[dt.date, dt.date | None]:
    """A start date and an end date on or after it, or no end (still open)."""
    start = draw(dates)
    if draw(st.booleans()):
        return start, None
    return start, start + dt.timedelta(days=draw(st.integers(0, 1500)))


@st.composite
def hierarchies(draw: st.DrawFn, min_communities: int = 0) -> dict[str, list[dict[str, Any]]]:
    """Districts ``D1``…, their townships ``D1T1``… and communities ``D1T1C1``….

    With ``min_communities``, the first district gets a township with that many communities
    (of both kinds when there are two or more) on top of whatever was drawn.
    """
    districts, townships, communities = [], [], []
    for d in range(1, draw(st.integers(1, 3)) + 1):
        district_id = f"D{d}"
        kind = draw(st.sampled_from(["district", "county", "zone"]))
        districts.append({"id": district_id, "name": f"区{d}", "kind": kind, "city": "测试市"})
        for t in range(1, draw(st.integers(0, 3)) + 1):
            township_id = f"{district_id}T{t}"
            kind = draw(st.sampled_from(["street", "town", "township"]))
            townships.append(
                {"id": township_id, "district_id": district_id, "name": f"乡镇{t}", "kind": kind}
            )
            for c in range(1, draw(st.integers(0, 3)) + 1):
                kind = draw(st.sampled_from(["urban", "rural"]))
                communities.append(
                    {
                        "id": f"{township_id}C{c}",
                        "township_id": township_id,
                        "name": f"社区{c}",
                        "kind": kind,
                    }
                )
    if min_communities:
        townships.append({"id": "D1X", "district_id": "D1", "name": "加", "kind": "street"})
        for c in range(min_communities):
            kind = "urban" if c % 2 == 0 else "rural"
            communities.append({"id": f"D1XC{c}", "township_id": "D1X", "name": "加", "kind": kind})
    return {"districts": districts, "townships": townships, "communities": communities}


@st.composite
def tables(draw: st.DrawFn, min_communities: int = 0) -> dict[str, list[dict[str, Any]]]:
    """The rows of a small valid dataset: a hierarchy, organizations with dates, federations,
    service centres and events (公益创投 and trainings) at every level."""
    rows = draw(hierarchies(min_communities))
    district_ids = [d["id"] for d in rows["districts"]]
    township_ids = [t["id"] for t in rows["townships"]]
    community_ids = [c["id"] for c in rows["communities"]]

    organizations = []
    if community_ids:
        for i in range(draw(st.integers(0, 15))):
            founded, dissolved = draw(spans())
            organizations.append(
                {
                    "id": f"O{i}",
                    "community_id": draw(st.sampled_from(community_ids)),
                    "name": f"组织{i}",
                    "founded": founded,
                    "dissolved": dissolved,
                }
            )

    federations = []
    levels = [
        level for level, ids in (("township", township_ids), ("community", community_ids)) if ids
    ]
    if levels:
        for i in range(draw(st.integers(0, 6))):
            level = draw(st.sampled_from(levels))
            unit = draw(st.sampled_from(township_ids if level == "township" else community_ids))
            founded, dissolved = draw(spans())
            federations.append(
                {
                    "id": f"F{i}",
                    "level": level,
                    "unit_id": unit,
                    "founded": founded,
                    "dissolved": dissolved,
                }
            )

    establishments = []
    for i in range(draw(st.integers(0, 4))):
        established, ended = draw(spans())
        establishments.append(
            {
                "id": f"E{i}",
                "kind": draw(st.sampled_from(["service_centre", "governance_academy"])),
                "unit_id": draw(st.sampled_from(["city", *district_ids, *township_ids])),
                "established": established,
                "ended": ended,
            }
        )

    events = [
        {
            "id": f"V{i}",
            "kind": draw(st.sampled_from(["gongyi_chuangtou", "training"])),
            "unit_id": draw(st.sampled_from(["city", *district_ids, *township_ids])),
            "date": draw(dates),
        }
        for i in range(draw(st.integers(0, 8)))
    ]
    return {
        **rows,
        "organizations": organizations,
        "federations": federations,
        "establishments": establishments,
        "events": events,
    }


# -- plans -----------------------------------------------------------------------------------

text = st.text(
    alphabet=st.sampled_from("abcXYZ019 社区组织联合会“”(),.-'\"\\"), min_size=0, max_size=12
)
"""Short strings with Chinese, quotes and backslashes (which TOML must escape)."""


@st.composite
def plan_texts(draw: st.DrawFn) -> str:
    """The TOML text of a valid plan: groups, and one to five milestones of the built-in kinds."""
    districts = ["D1", "D2", "D3"]
    lines = [PLAN_HEAD]
    if draw(st.booleans()):
        lines.append(f"title_en = {toml_value(draw(text))}")
    if draw(st.booleans()):
        lines.append(f"issued = {draw(st.dates(dt.date(2020, 1, 1), dt.date(2021, 12, 31)))}")
    area = {"name": draw(text), "districts": draw(st.lists(st.sampled_from(districts)))}
    lines.append(f"area = {toml_value(area)}")
    groups = {
        "central": {
            "name": "中心城区",
            "districts": draw(st.lists(st.sampled_from(districts), unique=True)),
            "district_kinds": draw(st.lists(st.sampled_from(["zone", "district"]), unique=True)),
        },
        "other": {"name": "其他区县", "complement_of": "central", "reading": draw(text)},
    }
    lines.append(f"groups = {toml_value(groups)}")
    count = draw(st.integers(1, 5))
    for index in range(count):
        target = draw(st.sampled_from(TARGET_IDS))
        milestone: dict[str, Any] = {"id": f"m{index}", "target": target}
        milestone["due"] = draw(st.dates(dt.date(2021, 1, 1), dt.date(2023, 12, 31)))
        params: dict[str, Any] = {}
        if target != "service-centres":
            params["threshold"] = draw(st.sampled_from([0, 0.5, 0.7, 1, 1.0, 3, 15]))
        if draw(st.booleans()):
            params["comparator"] = draw(st.sampled_from([">=", ">", "<=", "<", "=="]))
        milestone["params"] = params
        scope_kind = draw(st.sampled_from(["city", "districts", "group"]))
        scope: dict[str, Any] = {}
        if scope_kind == "districts":
            scope["districts"] = draw(st.lists(st.sampled_from(districts), min_size=1, unique=True))
        elif scope_kind == "group":
            scope["group"] = draw(st.sampled_from(["central", "other"]))
        if draw(st.booleans()):
            scope["each"] = True
        milestone["scope"] = scope
        milestone["clauses"] = [
            {"ref": draw(st.sampled_from(["一", "二(一)2", "二(二)2"])), "text": draw(text)}
            for _ in range(draw(st.integers(0, 2)))
        ]
        milestone["reading"] = draw(text)
        lines.append("")
        lines.append("[[milestones]]")
        lines.extend(f"{key} = {toml_value(value)}" for key, value in milestone.items())
    return "\n".join(lines) + "\n"
