"""The benchmark's headline figures on generated data, recomputed with the csv module.

``benchmarks/bench_scale.py`` checks scoplan against a DuckDB query (a benchmark-only
dependency); this test checks the same figures — organizations per urban and rural
community, overall and per district, township and community federation coverage, brand
organizations — against one pass of plain Python over the CSV files of ``scoplan synth``,
at the city and the province scale, as of two dates. Organizations count when registered or
filed, as the target kinds count them by default.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

import scoplan
from scoplan.synth import generate

HEADLINE = Path(__file__).resolve().parents[1] / "benchmarks" / "headline.toml"


@pytest.fixture(scope="module", params=["city", "province"])
def folder(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data of one scale, made from seed 3."""
    path = tmp_path_factory.mktemp(request.param) / "seed3"
    generate(request.param, 3, path)
    return path


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def active(row: dict[str, str], start: str, end: str, day: str) -> bool:
    """ISO dates compare as text: started on or before ``day`` and not ended by it."""
    return row[start] <= day and (not row[end] or row[end] > day)


def by_hand(folder: Path, day: str) -> dict[tuple[str, str], float | None]:
    """Every headline figure, keyed (figure, scope), from the rows."""
    district_of_township = {t["id"]: t["district_id"] for t in rows(folder, "townships")}
    communities = rows(folder, "communities")
    organizations = [
        o
        for o in rows(folder, "organizations")
        if active(o, "founded", "dissolved", day) and o["registration"] in ("registered", "filed")
    ]
    per_community = Counter(o["community_id"] for o in organizations)
    figures: dict[tuple[str, str], float | None] = {}
    for kind in ("urban", "rural"):
        totals: Counter[str] = Counter()
        sizes: Counter[str] = Counter()
        for community in communities:
            if community["kind"] == kind:
                district = district_of_township[community["township_id"]]
                totals[district] += per_community[community["id"]]
                sizes[district] += 1
        figures[(f"{kind}-average", "all")] = sum(totals.values()) / sum(sizes.values())
        for district in {d["id"] for d in rows(folder, "districts")}:
            # a district without communities of the kind has no average (no_data)
            size = sizes[district]
            figures[(f"{kind}-average", district)] = totals[district] / size if size else None
    federations = [f for f in rows(folder, "federations") if active(f, "founded", "dissolved", day)]
    townships_with = {f["unit_id"] for f in federations if f["level"] == "township"}
    communities_with = {f["unit_id"] for f in federations if f["level"] == "community"}
    figures[("township-federation-coverage", "all")] = sum(
        t in townships_with for t in district_of_township
    ) / len(district_of_township)
    urban = [c["id"] for c in communities if c["kind"] == "urban"]
    figures[("community-federation-coverage", "all")] = sum(
        c in communities_with for c in urban
    ) / len(urban)
    figures[("brand-organizations", "all")] = float(
        sum(1 for o in organizations if o["brand"] and o["brand"] <= day)
    )
    return figures


@pytest.mark.parametrize("day", ["2021-06-30", "2023-12-31"])
def test_scoplan_gives_every_headline_figure_the_rows_give(folder: Path, day: str) -> None:
    """Each figure of the headline plan, overall and per district, equals the one by hand."""
    plan = scoplan.load_plan(HEADLINE)
    report = scoplan.evaluate(scoplan.load(folder), plan, dt.date.fromisoformat(day))
    ours = {
        (r.target, "all" if r.scope.level == "city" else r.scope.id): r.value
        for r in report.results
    }
    expected = by_hand(folder, day)
    assert set(ours) == set(expected)
    for key, value in expected.items():
        if value is None:
            assert ours[key] is None, key
        else:
            assert ours[key] == pytest.approx(value, abs=1e-12), key
