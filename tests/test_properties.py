"""Properties that hold for any valid dataset and plan, checked with hypothesis."""

from __future__ import annotations

import datetime as dt

import strategies
from builders import PLAN_HEAD, builtin_registry
from hypothesis import event, given, settings, target
from hypothesis import strategies as st
from judged import judged, must_judge

import scoplan
from scoplan._convert import structure, unstructure
from scoplan.target import holds, whole_units_needed
from scoplan.testing import build_dataset
from scoplan.testing import strategies as public

EXAMPLES = settings(max_examples=50, deadline=None)
TWO_LOADS = settings(max_examples=30, deadline=None)
"""For properties that check two datasets per example through the real checker."""

EVERY_TARGET = (
    PLAN_HEAD
    + """
[groups.central]
name = "中心城区"
districts = ["D1"]
district_kinds = ["zone"]

[groups.other]
name = "其他区县"
complement_of = "central"

[[milestones]]
id = "urban-city"
target = "urban-average"
due = 2022-12-31
params = { threshold = 2 }

[[milestones]]
id = "urban-each"
target = "urban-average"
due = 2023-12-31
scope = { each = true }
params = { threshold = 1 }

[[milestones]]
id = "rural-city"
target = "rural-average"
due = 2023-12-31
params = { threshold = 1 }

[[milestones]]
id = "centres"
target = "service-centres"
due = 2021-12-31
scope = { each = true }

[[milestones]]
id = "township-federations"
target = "township-federation-coverage"
due = 2022-12-31
scope = { each = true }
params = { threshold = 1.0 }

[[milestones]]
id = "community-federations"
target = "community-federation-coverage"
due = 2021-12-31
params = { threshold = 0.5 }

[[milestones]]
id = "gongyi-central"
target = "gongyi-district-coverage"
due = 2022-12-31
scope = { group = "central" }
params = { threshold = 1.0 }

[[milestones]]
id = "gongyi-other"
target = "gongyi-district-coverage"
due = 2023-12-31
scope = { group = "other" }
params = { threshold = 1.0, window = "to_date" }

[[milestones]]
id = "gongyi-townships"
target = "gongyi-township-coverage"
due = 2023-12-31
scope = { each = true }
params = { threshold = 0.5 }
"""
)
PLAN = scoplan.parse_plan(EVERY_TARGET)
COVERAGE = {
    "township-federation-coverage",
    "community-federation-coverage",
    "gongyi-district-coverage",
    "gongyi-township-coverage",
}
AVERAGES = {"urban-average", "rural-average"}
as_of_dates = st.dates(dt.date(2021, 1, 1), dt.date(2024, 12, 31))


def evaluate(tables, as_of):
    """The report of the every-target plan on a dataset built from ``tables``."""
    return scoplan.evaluate(build_dataset(tables), PLAN, as_of, registry=builtin_registry())


def without_timings(report):
    """The JSON form of a report, which leaves out each result's run time by default, and
    without its ``source`` (where and when the data was read: each copy is elsewhere)."""
    plain = report.to_dict()
    assert all("seconds" not in result for result in plain["results"])
    source = plain.pop("source")
    assert set(source) == {"location", "modified", "rows"}
    plain["rows"] = source["rows"]  # the same rows wherever they are
    return plain


@TWO_LOADS
@given(tables=public.tables(), as_of=as_of_dates, data=st.data())
def test_row_order_never_changes_the_report(tables, as_of, data):
    """Shuffling the rows of every table leaves the results and the fingerprint unchanged."""
    shuffled = {name: data.draw(st.permutations(rows)) for name, rows in tables.items()}
    first, second = (
        without_timings(evaluate(shuffled, as_of)),
        without_timings(evaluate(tables, as_of)),
    )
    # a warning names the row it is about, which moves with the rows: the same warnings,
    # wherever their rows are
    codes = [sorted((w["code"], w["column"]) for w in r.pop("warnings")) for r in (first, second)]
    assert codes[0] == codes[1]
    event(f"warnings: {len(codes[0])}")
    assert first == second


@must_judge("an average compared", "an average rose")
@TWO_LOADS
@given(
    tables=strategies.tables(min_communities=2),
    founded=strategies.dates,
    where=st.integers(0, 100),
    as_of=as_of_dates,
)
def test_adding_an_organization_never_lowers_an_average(tables, founded, where, as_of):
    """One more organization never lowers a mean per community or the count behind it."""
    communities = tables["communities"]
    extra = {
        "id": "O-new",
        "community_id": communities[where % len(communities)]["id"],
        "name": "新组织",
        "founded": founded,
        "registration": "filed",
    }
    before = evaluate(tables, as_of).results
    after = evaluate({**tables, "organizations": [*tables["organizations"], extra]}, as_of).results
    compared = 0
    for old, new in zip(before, after, strict=True):
        if old.target not in AVERAGES or old.value is None:
            continue
        compared += 1
        judged("an average compared")
        judged("an average rose", new.value > old.value)
        assert new.value >= old.value
        assert new.evidence.numerator >= old.evidence.numerator
        if old.value_now is not None:
            assert new.value_now >= old.value_now
    event(f"averages compared: {compared}")


@must_judge("a coverage checked", "a coverage above 0")
@EXAMPLES
@given(tables=public.tables(), as_of=as_of_dates)
def test_coverage_stays_between_0_and_1(tables, as_of):
    """Every coverage value, on the due date or now, is a share between 0 and 1."""
    checked = 0
    for result in evaluate(tables, as_of).results:
        if result.target not in COVERAGE or result.value is None:
            continue
        checked += 1
        judged("a coverage checked")
        judged("a coverage above 0", result.value > 0)
        assert 0 <= result.value <= 1
        assert 0 <= result.evidence.numerator <= result.evidence.denominator
        if result.value_now is not None:
            assert 0 <= result.value_now <= 1
    target(float(checked), label="coverages checked")


@EXAMPLES
@given(text=strategies.plan_texts())
def test_a_plan_round_trips_through_plain_data(text):
    """A parsed plan, unstructured to plain data and structured back, is equal to itself."""
    plan = scoplan.parse_plan(text)
    event(f"milestones: {len(plan.milestones)}")
    assert structure(unstructure(plan), scoplan.Plan, "plan") == plan


@must_judge("some units needed", "none needed")
@settings(max_examples=300, deadline=None)
@given(numerator=st.integers(0, 300), denominator=st.integers(1, 100), percent=st.integers(0, 2000))
def test_whole_units_needed_is_the_least_that_suffices(numerator, denominator, percent):
    """``whole_units_needed(n, d, ">=", r)`` is the least k >= 0 with (n + k) / d >= r."""
    required = percent / 100
    k = whole_units_needed(numerator, denominator, ">=", required)
    judged("some units needed", k > 0)
    judged("none needed", k == 0)
    assert k >= 0
    # exact integer arithmetic: (n + k) / d >= p / 100  <=>  100 (n + k) >= p d
    assert 100 * (numerator + k) >= percent * denominator
    if k > 0:
        assert 100 * (numerator + k - 1) < percent * denominator
    assert holds((numerator + k) / denominator, ">=", required)
