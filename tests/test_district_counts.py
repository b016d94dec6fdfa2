"""Counts of one district, read from every district's computed at once.

A plan that judges each district on its own asks each district in turn for its events held
(trainings, brand selections) and its own establishments (governance academies,
development plans); scoplan answers all districts in one pass. These tests check the
answers against plain Python over the rows of the dataset, written independently of it.
"""

from __future__ import annotations

import datetime as dt
import itertools

import builders
import hypothesis
import polars as pl
from builders import builtin_registry
from hypothesis import example, given, settings
from hypothesis import strategies as st
from judged import judged, must_judge

from scoplan import Dataset, Scope
from scoplan.measures import district_establishments, events_held
from scoplan.params import Count, EventCount
from scoplan.schema import ESTABLISHMENT_KINDS
from scoplan.target import Context
from scoplan.testing import build_dataset
from scoplan.testing.strategies import datasets

DATES = st.dates(dt.date(2018, 1, 1), dt.date(2025, 12, 31))


def district_of(data: Dataset) -> dict[str, str]:
    """Every unit id of the hierarchy and the district it lies in, from the rows."""
    where = {d: d for d in data.frame("districts").get_column("id").to_list()}
    for township, district in data.frame("townships").select("id", "district_id").rows():
        where[township] = district
    for community, township in data.frame("communities").select("id", "township_id").rows():
        where[community] = where[township]
    return where


def context(data: Dataset, district: str, on: dt.date) -> Context:
    return Context(data, Scope("district", district, district, (district,)), on, on, None)


@must_judge("a district held trainings", "a district held none")
@settings(max_examples=60)
@given(
    data=datasets(max_districts=3, max_townships=2, max_communities=2, max_others=10),
    on=DATES,
)
def test_events_held_by_each_district_are_its_own_rows(data, on):
    """A district's trainings are those held by it (and, ``within``, by any unit inside it)
    from the window's first day to ``on``."""
    where = district_of(data)
    held = 0
    for (window, held_by), district in itertools.product(
        itertools.product(["year", "to_date"], ["scope", "within"]), data.district_ids()
    ):
        params = EventCount(threshold=1, window=window, held_by=held_by)
        first = dt.date(on.year, 1, 1) if window == "year" else dt.date.min
        expected = sorted(
            event
            for event, kind, unit, day in data.frame("events")
            .select("id", "kind", "unit_id", "date")
            .rows()
            if kind == "training"
            and first <= day <= on
            and (unit == district or (held_by == "within" and where.get(unit) == district))
        )
        measured = events_held(context(data, district, on), params, "training", "trainings")
        judged("a district held trainings", bool(expected))
        judged("a district held none", not expected)
        held += len(expected)
        assert measured.details["training"] == expected
        assert measured.value == len(expected)
        assert measured.met == (len(expected) >= 1)
    hypothesis.target(float(held), label="trainings held")


@must_judge("a district has its own establishment of a kind", "a district has none of a kind")
@settings(max_examples=60)
@given(
    data=datasets(max_districts=3, max_townships=2, max_others=10),
    on=DATES,
    opened=st.one_of(st.none(), st.sampled_from(sorted(ESTABLISHMENT_KINDS))),
)
def test_each_districts_own_establishments_are_its_own_rows(data, on, opened):
    """A district's service centres (and its establishments of every other kind) are those
    open on ``on`` whose unit is the district. ``opened``: one more of that kind, the first
    district's own, open since ``on`` (drawn data has one only now and then: some runs of 60
    examples had none, and the property would have judged nothing)."""
    if opened is not None:
        row = {
            "id": "E-opened",
            "kind": opened,
            "unit_id": data.district_ids()[0],
            "established": on,
            "ended": None,
        }
        schema = data.frame("establishments").schema
        data = data.with_rows("establishments", pl.DataFrame([row], schema=schema))
    params = Count(threshold=1)
    rows = (
        data.frame("establishments").select("id", "kind", "unit_id", "established", "ended").rows()
    )
    found = 0
    for district, wanted in itertools.product(data.district_ids(), sorted(ESTABLISHMENT_KINDS)):
        expected = sorted(
            establishment
            for establishment, kind, unit, start, end in rows
            if kind == wanted and unit == district and start <= on and (end is None or end > on)
        )
        found += len(expected)
        measured = district_establishments(context(data, district, on), params, wanted, "units")
        judged("a district has its own establishment of a kind", bool(expected))
        judged("a district has none of a kind", not expected)
        assert measured.details[wanted] == expected
        assert measured.value == len(expected)
        if len(expected) < 1:
            assert [u.id for u in measured.shortfall] == [district]
    hypothesis.target(float(found), label="establishments of the districts' own")


@must_judge("a district has active organizations")
@settings(max_examples=60)
@given(data=datasets(max_districts=3, max_townships=2, max_organizations=20), on=DATES)
def test_each_districts_organizations_are_its_own_rows(data, on):
    """A district's active organizations (found by row number) are those of its communities
    active on ``on``; with their district and community kind when asked."""
    where = district_of(data)
    kind_of = dict(data.frame("communities").select("id", "kind").rows())
    rows = data.frame("organizations").select("id", "community_id", "founded", "dissolved").rows()
    active = 0
    for district in data.district_ids():
        expected = sorted(
            (organization, district, kind_of[community])
            for organization, community, founded, dissolved in rows
            if where[community] == district
            and founded <= on
            and (dissolved is None or dissolved > on)
        )
        judged("a district has active organizations", bool(expected))
        active += len(expected)
        found = data.organizations_in([district], on, ["district_id", "community_kind"])
        assert sorted(found.select("id", "district_id", "community_kind").rows()) == expected
        plain = data.organizations_in([district], on, ["name"])
        assert sorted(plain.get_column("id").to_list()) == [e[0] for e in expected]
    hypothesis.target(float(active), label="active organizations")


SERVING = build_dataset(
    districts=[builders.district("D1"), builders.district("D2")],
    townships=[builders.township("T1", "D1"), builders.township("T2", "D2")],
    communities=[builders.community("C1", "T1")],
    organizations=[
        builders.organization("O1", "C1", serves=("elderly",)),
        builders.organization(
            "O2", "C1", serves=("children", "disabled"), registration="registered"
        ),
        builders.organization("O3", "C1", serves=("elderly",), registration="none"),
    ],
    brand_projects=[builders.brand_project("P1", "O1")],
)
"""Every case the property judges, in one dataset: drawn ones hold them only now and then
(about one run in twelve drew none serving a group)."""


@must_judge(
    "a district's counted organizations serve a group",
    "a district has no counted organization",
    "a district has brand projects",
)
@settings(max_examples=60)
@given(data=datasets(max_districts=3, max_townships=2, max_organizations=20), on=DATES)
@example(data=SERVING, on=dt.date(2023, 6, 30))
def test_each_districts_special_groups_and_brand_projects_are_its_own_rows(data, on):
    """A district's organizations serving the elderly or children (registered or filed: what
    special-groups counts by default; and of any status), and its brand projects designated
    by ``on``, are those of its own rows."""
    where = district_of(data)
    community_of = dict(data.frame("organizations").select("id", "community_id").rows())
    registry = builtin_registry()
    groups = registry.targets["special-groups"]
    projects = registry.targets["brand-projects"]
    organizations = (
        data.frame("organizations").select(
            "id", "community_id", "founded", "dissolved", "serves", "registration"
        )
    ).rows()
    serving = 0
    for district, statuses in itertools.product(
        data.district_ids(), [(), ("registered", "filed", "none", "unknown")]
    ):
        active = [
            (organization, set(serves))
            for organization, community, founded, dissolved, serves, status in organizations
            if where[community] == district
            and founded <= on
            and (dissolved is None or dissolved > on)
            and (status or "unknown") in (statuses or ("registered", "filed"))
        ]
        chosen = {"registration": statuses} if statuses else {}
        measured = groups.measure(
            context(data, district, on), groups.params(groups=("elderly", "children"), **chosen)
        )
        judged("a district has no counted organization", not active)
        judged(
            "a district's counted organizations serve a group",
            any(s & {"elderly", "children"} for _, s in active),
        )
        serving += sum(bool(s & {"elderly", "children"}) for _, s in active)
        if not active:
            assert measured.value is None
        else:
            assert measured.denominator == len(active)
            assert measured.details["by_group"] == {
                "elderly": sum("elderly" in s for _, s in active),
                "children": sum("children" in s for _, s in active),
            }
            assert measured.value == sum(bool(s & {"elderly", "children"}) for _, s in active)
    hypothesis.target(float(serving), label="organizations serving the elderly or children")
    for district in data.district_ids():
        expected = sorted(
            project
            for project, organization, designated in data.frame("brand_projects")
            .select("id", "organization_id", "designated")
            .rows()
            if designated <= on and where[community_of[organization]] == district
        )
        judged("a district has brand projects", bool(expected))
        counted = projects.measure(context(data, district, on), projects.params(threshold=1))
        assert counted.details["brand_projects"] == expected
