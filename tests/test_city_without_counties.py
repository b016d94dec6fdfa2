"""A city without counties (东莞市, 中山市): its one county-level unit is the city itself, under
the city's own code (``441900``), and its towns sit directly under it. Its own organs' rows
may be filed at the city level (``市本级``) or under ``441900``: one body, counted alike by
every target kind, and its district row is no mistake to warn of (a 东莞 user trial)."""

from __future__ import annotations

import datetime as dt

from builders import builtin_registry, district, establishment, event, township, write_tables
from click.testing import CliRunner

from scoplan.cli import main
from scoplan.testing import build_dataset, evaluate_target

DAY = dt.date(2023, 6, 1)


def dongguan(establishments=(), events=()):
    return build_dataset(
        districts=[district("441900", name="东莞市", city="东莞市")],
        townships=[township("441900003", "441900"), township("441900004", "441900")],
        communities=[],
        establishments=list(establishments),
        events=list(events),
    )


def judged(data, kind, scope=None):
    params = {"threshold": 1, "window": "year", "held_by": "scope"} if kind == "trainings" else {}
    if kind == "service-centres":
        params = {"threshold": 1}
    report = evaluate_target(
        kind,
        data,
        as_of=dt.date(2023, 12, 31),
        params=params,
        scope=scope,
        registry=builtin_registry(),
    )
    (result,) = report.results
    return result


def test_a_training_filed_under_the_citys_own_code_is_the_city_levels():
    """The whole city's own training (市本级) counts one filed under 441900: they are one."""
    data = dongguan(events=[event("E1", "441900", DAY, kind="training")])
    assert judged(data, "trainings").value == 1.0


def test_a_training_filed_at_the_city_level_is_the_one_districts_own():
    """…and the one district's own training counts one filed 市本级."""
    data = dongguan(events=[event("E1", "city", DAY, kind="training")])
    result = judged(data, "trainings", scope={"districts": ["441900"], "each": True})
    assert result.value == 1.0


def test_a_service_centre_at_the_city_level_is_the_one_districts_centre():
    """A centre filed 市本级 is the district's (the city's) own centre: 1, not 0."""
    data = dongguan(establishments=[establishment("P1", "city")])
    assert judged(data, "service-centres").value == 1.0


def test_a_city_with_districts_keeps_its_levels_apart():
    """Where the city has districts, 市本级's training is not a district's, nor a district's
    the city's."""
    data = build_dataset(
        districts=[district("341002"), district("341003")],
        townships=[township("341002001", "341002"), township("341003001", "341003")],
        communities=[],
        events=[event("E1", "city", DAY, kind="training")],
    )
    each = judged(data, "trainings", scope={"districts": ["341002"], "each": True})
    assert each.value == 0.0
    other = build_dataset(
        districts=[district("341002"), district("341003")],
        townships=[township("341002001", "341002"), township("341003001", "341003")],
        communities=[],
        events=[event("E1", "341002", DAY, kind="training")],
    )
    assert judged(other, "trainings").value == 0.0


def test_the_one_district_that_is_the_city_is_not_warned_of(tmp_path):
    """东莞市 (441900) in 区县 is the official county-level unit its towns are under: no
    ``city_as_district`` warning ("请删去这一行": the towns would have no district)."""
    folder = write_tables(
        tmp_path / "东莞",
        {
            "districts": [district("441900", name="东莞市", city="东莞市")],
            "townships": [township("441900003", "441900"), township("441900004", "441900")],
        },
    )
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert "是市本身" not in result.output
    assert result.exit_code == 0, result.output


def test_a_city_row_among_districts_is_still_warned_of(tmp_path):
    """黄山市's own code (341000) as one more district beside its real ones is still said."""
    folder = write_tables(
        tmp_path / "黄山",
        {
            "districts": [district("341002"), district("341000", name="黄山市本级")],
            "townships": [township("341002001", "341002")],
        },
    )
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert "是市本身" in result.output
