"""A mean broken down by district and township (``Result.breakdown``): the figures the
example's rows give, recomputed with the csv module, and sides that add up for any data.

Issue 15: a city's mean shows each district's figure and, under each district, each
township's (organizations, communities, mean), on the date the headline value is measured.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import attrs
import pytest
from builders import builtin_registry
from hypothesis import HealthCheck, event, given, settings, target
from hypothesis import strategies as st
from judged import judged, must_judge

import scoplan
from scoplan.measures import BREAKDOWN_LIMIT, community_average
from scoplan.params import Average
from scoplan.target import Context, Figure, Scope
from scoplan.testing import DatasetBuilder

EXAMPLE = scoplan.example_path()
AS_OF = dt.date(2023, 12, 31)
KINDS = {"urban-average": "urban", "rural-average": "rural"}
"""The built-in kinds whose results are means of organizations per community, and the
communities each counts over."""


def rows(table: str) -> list[dict[str, str]]:
    with (EXAMPLE / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def by_hand(day: dt.date, kind: str, statuses: list[str]) -> dict[str, dict[str, tuple[int, int]]]:
    """``{district: {township: (organizations, communities)}}`` from the CSV files: the
    communities of ``kind`` and the organizations in them active on ``day`` (founded on or
    before it, not dissolved by it) whose registration is one of ``statuses`` (an empty
    cell is ``unknown``)."""
    iso = day.isoformat()
    district_of = {t["id"]: t["district_id"] for t in rows("townships")}
    township_of = {c["id"]: c["township_id"] for c in rows("communities") if c["kind"] == kind}
    counted = Counter(
        o["community_id"]
        for o in rows("organizations")
        if o["founded"] <= iso
        and not (o["dissolved"] and o["dissolved"] <= iso)
        and (o["registration"] or "unknown") in statuses
    )
    found: dict[str, dict[str, tuple[int, int]]] = {}
    for community, township in township_of.items():
        district = found.setdefault(district_of[township], {})
        organizations, communities = district.get(township, (0, 0))
        district[township] = (organizations + counted[community], communities + 1)
    return found


@pytest.fixture(scope="module")
def report() -> scoplan.Report:
    registry = builtin_registry()
    data = scoplan.load(EXAMPLE, registry=registry)
    plan = registry.plan("huangshan-2021-2023")
    return scoplan.evaluate(data, plan, AS_OF, registry=registry)


def test_the_example_means_break_down_as_the_rows_do(report: scoplan.Report) -> None:
    """Every urban and rural mean of the example, the city's and a district's, gives each
    district's and each township's organizations and communities as the CSV rows do on the
    date its value is measured (the due date, for a milestone already due)."""
    checked = Counter()
    for result in report.results:
        if result.target not in KINDS or result.value is None:
            continue
        statuses = list(result.evidence.details["registration"])
        expected = by_hand(result.measured_on, KINDS[result.target], statuses)
        assert result.scope.level in ("city", "district"), result.milestone
        inside = list(expected) if result.scope.level == "city" else [result.scope.id]
        districts = {d: expected[d] for d in inside if d in expected}
        assert [d.id for d in result.breakdown] == sorted(districts), result.milestone
        for district in result.breakdown:
            townships = districts[district.id]
            assert {t.id: (t.numerator, t.denominator) for t in district.parts} == townships
            assert district.parts_total == len(townships)
            assert district.numerator == sum(n for n, _ in townships.values())
            assert district.denominator == sum(d for _, d in townships.values())
            for figure in (district, *district.parts):
                assert figure.value == pytest.approx(figure.numerator / figure.denominator)
        names = {t["id"]: t["name"] for t in rows("townships")}
        assert all(t.name == names[t.id] for d in result.breakdown for t in d.parts)
        checked[result.scope.level, result.measured_on < AS_OF] += 1
    # the city's means and a district's, and a mean measured on its due date before AS_OF
    assert checked["city", False], checked
    assert checked["district", True], checked


def test_at_most_listed_townships_each_the_lowest() -> None:
    """Asked for N, a district lists its N lowest townships, in code order, and counts all."""
    data = (
        DatasetBuilder()
        .district("D1")
        .township("T1", "D1")
        .township("T2", "D1")
        .township("T3", "D1")
        .community("C1", "T1")
        .community("C2", "T2")
        .community("C3", "T3")
        .organizations("C1", 2)
        .organizations("C2", 5)
        .organizations("C3", 1)
        .build()
    )
    scope = Scope("district", "D1", "区D1", ("D1",))
    params = Average(threshold=3.0)
    listed = community_average(Context(data, scope, AS_OF, AS_OF, 2), params, "urban")
    (district,) = listed.breakdown
    assert [(t.id, t.numerator) for t in district.parts] == [("T1", 2), ("T3", 1)]
    assert (district.numerator, district.denominator, district.parts_total) == (8, 3, 3)
    # history points (listed 0) carry none, and the value never depends on it
    none = community_average(Context(data, scope, AS_OF, AS_OF, 0), params, "urban")
    assert none.breakdown == ()
    assert attrs.evolve(listed, breakdown=(), shortfall=()) == attrs.evolve(none, shortfall=())


@st.composite
def hierarchies(draw: st.DrawFn) -> tuple[scoplan.Dataset, int]:
    """A dataset of 1–4 districts, each of 1–3 townships of 0–3 communities (urban or
    rural) with 0–4 organizations each, some dissolved; and how many districts have an
    urban community."""
    builder = DatasetBuilder()
    with_urban = set()
    for d in range(draw(st.integers(1, 4))):
        builder.district(f"D{d}")
        for t in range(draw(st.integers(1, 3))):
            builder.township(f"T{d}{t}", f"D{d}")
            for c in range(draw(st.integers(0, 3))):
                kind = draw(st.sampled_from(["urban", "rural"]))
                builder.community(f"C{d}{t}{c}", f"T{d}{t}", kind=kind)
                with_urban |= {d} if kind == "urban" else set()
                for _ in range(draw(st.integers(0, 4))):
                    dissolved = draw(st.sampled_from([None, "2020-06-30", "2025-01-01"]))
                    builder.organizations(f"C{d}{t}{c}", 1, dissolved=dissolved)
    return builder.build(), len(with_urban)


SEVERAL = Counter()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    drawn=hierarchies(),
    kind=st.sampled_from(["urban", "rural", None]),
    threshold=st.sampled_from([None, 2.0]),
)
def sides_add_up(drawn, kind, threshold) -> None:
    """The property, run by the test below."""
    data, with_urban = drawn
    districts = data.district_ids()
    scope = Scope("city", "city", "全市", districts)
    measured = community_average(
        Context(data, scope, AS_OF, AS_OF, None), Average(threshold=threshold), kind
    )
    breakdown: tuple[Figure, ...] = measured.breakdown
    if measured.value is None:
        assert breakdown == ()
        return
    assert sum(d.numerator for d in breakdown) == measured.numerator
    assert sum(d.denominator for d in breakdown) == measured.denominator
    for district in breakdown:
        assert district.parts_total == len(district.parts)
        assert sum(t.numerator for t in district.parts) == district.numerator
        assert sum(t.denominator for t in district.parts) == district.denominator
        assert all(t.denominator > 0 for t in district.parts)
    if kind == "urban":
        assert len(breakdown) == with_urban
    target(float(len(breakdown)), label="districts in the breakdown")
    event(f"{min(len(breakdown), 2)}+ districts")
    SEVERAL[len(breakdown) >= 2] += 1


def test_the_sides_of_a_breakdown_add_up_to_the_mean() -> None:
    """For any data, the districts' organizations and communities add up to the mean's
    numerator and denominator, and each district's townships' to the district's; and the
    cases judged are many of two districts or more, not only trivial ones."""
    SEVERAL.clear()
    sides_add_up()
    assert SEVERAL[True] >= 20, SEVERAL


def test_no_breakdown_past_the_limit() -> None:
    """A scope of more districts than BREAKDOWN_LIMIT (a province's) has none: a book."""
    builder = DatasetBuilder()
    for d in range(BREAKDOWN_LIMIT + 1):
        builder.district(f"D{d:03}").township(f"T{d:03}", f"D{d:03}")
        builder.community(f"C{d:03}", f"T{d:03}").organizations(f"C{d:03}", 1)
    data = builder.build()
    scope = Scope("city", "city", "全市", data.district_ids())
    measured = community_average(
        Context(data, scope, AS_OF, AS_OF, None), Average(threshold=1.0), "urban"
    )
    assert measured.value == 1.0
    assert measured.breakdown == ()


def test_a_breakdown_goes_to_json_and_back(report: scoplan.Report) -> None:
    """The JSON report holds each figure's numerator, denominator and value, and reads back."""
    plain = report.to_dict()
    city = next(r for r in plain["results"] if r["milestone"] == "urban-average-city-2023")
    first = city["breakdown"][0]
    assert set(first) >= {"id", "name", "numerator", "denominator", "value", "parts"}
    assert first["parts"][0]["level"] == "township"
    assert scoplan.Report.from_dict(plain).to_dict() == plain


def test_a_breakdown_a_plugin_gets_wrong_is_an_error() -> None:
    """A target whose breakdown holds a NaN gets an error result, not a broken report."""
    from scoplan.engine import _check_measurement

    bad = scoplan.Measurement(1.0, breakdown=(Figure("district", "D1", "区", 1, 0, float("nan")),))
    with pytest.raises(TypeError, match="breakdown"):
        _check_measurement(bad, "mine")
    nested = Figure("district", "D1", "区", 1, 1, 1.0, parts=("T1",))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="breakdown parts holds a str"):
        _check_measurement(scoplan.Measurement(1.0, breakdown=(nested,)), "mine")


_texts = st.text(max_size=3) | st.just("\ud800") | st.integers().map(str)
_oddities = st.sampled_from([float("nan"), float("inf"), 2**1024, True, None, "1"])
_numbers = (
    st.floats(allow_nan=False, allow_infinity=False)
    | st.integers(-(2**60), 2**60)
    | st.just(1.7e308)
)
_figures = st.recursive(
    st.builds(
        Figure,
        st.just("district"),
        _texts,
        _texts,
        _numbers | _oddities,
        _numbers,
        _numbers,
        parts_total=st.integers(0, 5) | st.just(1.5),
    ),
    lambda inner: st.builds(
        Figure,
        st.just("district"),
        st.just("D"),
        st.just("区"),
        _numbers,
        _numbers,
        _numbers,
        parts=st.lists(inner, max_size=3).map(tuple) | st.just(("T1",)),
    ),
    max_leaves=8,
)


@must_judge("a right breakdown passed at once", "a wrong breakdown sent the long way")
@settings(max_examples=300)
@given(st.lists(_figures, max_size=4).map(tuple))
def test_a_breakdown_checked_at_once_is_judged_as_figure_by_figure(figures) -> None:
    """The one-pass check of a breakdown (all figures, parts too) lets through exactly
    the breakdowns the figure-by-figure check finds nothing wrong with, so the report says
    what is wrong just as before."""
    from scoplan.engine import _plainly_right, _wrong_figure

    wrong = _wrong_figure(figures, "breakdown")
    judged("a right breakdown passed at once", wrong is None)
    judged("a wrong breakdown sent the long way", wrong is not None)
    assert _plainly_right(figures) == (wrong is None)
