"""``service-centres``: a district-level cultivation service centre exists."""

from __future__ import annotations

import datetime as dt

from builders import builtin_registry, district, establishment, township

from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["service-centres"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2021, 12, 31)
EACH = {"districts": ["D1", "D2", "D3"], "each": True}


def three_districts(**tables):
    """Districts D1, D2, D3, with township T2 in D2."""
    return build_dataset(
        districts=[district("D1"), district("D2"), district("D3", kind="county")],
        townships=[township("T2", "D2")],
        **tables,
    )


def test_only_a_centre_of_the_district_itself_counts():
    """A district's own centre counts; a township's, the city's or an academy do not."""
    data = three_districts(
        establishments=[
            establishment("EST1", "D1", established=dt.date(2021, 6, 1)),
            establishment("EST2", "T2"),  # a township's centre, not D2's own
            establishment("EST0", "city"),  # the city's centre
            establishment("EST3", "D3", kind="governance_academy"),
        ]
    )
    results = evaluate_target(KIND, data, as_of=DUE, scope=EACH).results
    assert [(r.scope.id, r.status, r.value) for r in results] == [
        ("D1", Status.MET, 1.0),
        ("D2", Status.NOT_MET, 0.0),
        ("D3", Status.NOT_MET, 0.0),
    ]
    assert results[0].evidence.numerator == 1
    # the evidence names the centre that counted (whatever the key)
    assert list(results[0].evidence.details.values()) == [["EST1"]]
    assert results[0].gap is None


def test_a_missing_centre_is_a_gap_of_one_naming_the_district():
    """A district without a centre lacks exactly one, and the shortfall names the district."""
    data = three_districts()
    (result,) = evaluate_target(KIND, data, as_of=DUE, scope={"districts": ["D2"]}).results
    # required >= 1, found 0: 1 - 0 = 1 more
    assert result.gap.amount == 1
    assert result.gap.noun == "service_centres"
    assert [(u.level, u.id, u.value) for u in result.gap.units] == [("district", "D2", 0.0)]


def test_established_on_the_date_counts_and_ended_on_it_does_not():
    """A centre established on the measuring date counts; one that ended on it does not."""
    data = three_districts(
        establishments=[
            establishment("EST1", "D1", established=DUE),
            establishment("EST2", "D2", established=dt.date(2020, 1, 1), ended=DUE),
            establishment("EST3", "D3", established=DUE + dt.timedelta(days=1)),
        ]
    )
    results = evaluate_target(KIND, data, as_of=DUE, scope=EACH).results
    assert [(r.scope.id, r.value) for r in results] == [("D1", 1.0), ("D2", 0.0), ("D3", 0.0)]


def test_two_centres_meet_a_threshold_of_two_together():
    """Scoped to several districts together, centres add up against the threshold."""
    data = three_districts(
        establishments=[establishment("EST1", "D1"), establishment("EST3", "D3")]
    )
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 2}, scope={"districts": ["D1", "D3"]}
    ).results
    # D1 and D3 one each: 2 >= 2
    assert result.scope.id == "D1+D3"
    assert (result.status, result.value) == (Status.MET, 2.0)
    assert list(result.evidence.details.values()) == [["EST1", "EST3"]]
