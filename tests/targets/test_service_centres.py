"""``service-centres``: a district-level cultivation service centre exists."""

from __future__ import annotations

import datetime as dt

from builders import builtin_registry

from scoplan.testing import DatasetBuilder, assert_status, assert_value, evaluate_target

KIND = builtin_registry().targets["service-centres"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2021, 12, 31)
EACH = {"districts": ["D1", "D2", "D3"], "each": True}


def three_districts() -> DatasetBuilder:
    """Districts D1, D2, D3 (a county), with township T2 in D2: add centres, then build."""
    return (
        DatasetBuilder()
        .district("D1")
        .district("D2")
        .district("D3", kind="county")
        .township("T2", "D2")
    )


def centre(builder: DatasetBuilder, id: str, unit_id: str, **dates: dt.date) -> DatasetBuilder:
    """A cultivation service centre of ``unit_id`` (established 2020-01-01 by default)."""
    return builder.establishment(id, unit_id, kind="service_centre", **dates)


def test_only_a_centre_of_the_district_itself_counts():
    """A district's own centre counts; a township's, the city's or an academy do not."""
    builder = three_districts()
    centre(builder, "EST1", "D1", established=dt.date(2021, 6, 1))
    centre(builder, "EST2", "T2")  # a township's centre, not D2's own
    centre(builder, "EST0", "city")  # the city's centre
    builder.establishment("EST3", "D3", kind="governance_academy")
    report = evaluate_target(KIND, builder.build(), as_of=DUE, scope=EACH)
    assert [r.scope.id for r in report.results] == ["D1", "D2", "D3"]
    for district, status, value in [
        ("D1", "met", 1.0),
        ("D2", "not_met", 0.0),
        ("D3", "not_met", 0.0),
    ]:
        assert_status(report, KIND.id, status, scope=district)
        assert_value(report, KIND.id, value, scope=district)
    d1 = report.results[0]
    assert d1.evidence.numerator == 1
    # the evidence names the centre that counted (whatever the key)
    assert [v for v in d1.evidence.details.values() if isinstance(v, list)] == [["EST1"]]
    assert d1.evidence.details["kind"] == "service_centre"
    assert d1.gap is None


def test_a_missing_centre_is_a_gap_of_one_naming_the_district():
    """A district without a centre lacks exactly one, and the shortfall names the district."""
    data = three_districts().build()
    report = evaluate_target(KIND, data, as_of=DUE, scope={"districts": ["D2"]})
    result = assert_status(report, KIND.id, "not_met")
    # required >= 1, found 0: 1 - 0 = 1 more
    assert result.gap.amount == 1
    assert result.gap.noun == "service_centres"
    assert [(u.level, u.id, u.value) for u in result.gap.units] == [("district", "D2", 0.0)]


def test_established_on_the_date_counts_and_ended_on_it_does_not():
    """A centre established on the measuring date counts; one that ended on it does not."""
    builder = three_districts()
    centre(builder, "EST1", "D1", established=DUE)
    centre(builder, "EST2", "D2", established=dt.date(2020, 1, 1), ended=DUE)
    centre(builder, "EST3", "D3", established=DUE + dt.timedelta(days=1))
    report = evaluate_target(KIND, builder.build(), as_of=DUE, scope=EACH)
    assert [(r.scope.id, r.value) for r in report.results] == [
        ("D1", 1.0),
        ("D2", 0.0),
        ("D3", 0.0),
    ]


def test_two_centres_meet_a_threshold_of_two_together():
    """Scoped to several districts together, centres add up against the threshold."""
    builder = three_districts()
    centre(builder, "EST1", "D1")
    centre(builder, "EST3", "D3")
    report = evaluate_target(
        KIND, builder.build(), as_of=DUE, params={"threshold": 2}, scope={"districts": ["D1", "D3"]}
    )
    # D1 and D3 one each: 2 >= 2
    result = assert_status(report, KIND.id, "met", scope="D1+D3")
    assert result.scope.id == "D1+D3"
    assert_value(report, KIND.id, 2.0)
    assert [v for v in result.evidence.details.values() if isinstance(v, list)] == [
        ["EST1", "EST3"]
    ]
