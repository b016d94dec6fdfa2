"""The bundled plans on the bundled example, checked against figures computed from its CSV files.

The expected figures are worked out here with the ``csv`` module straight from the example's
files, and compared with what its README says it was designed to show and with what
scoplan reports.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import pytest

import scoplan
from scoplan import Status

EXAMPLE = scoplan.example_path()
END_2023 = dt.date(2023, 12, 31)
MID_2022 = dt.date(2022, 6, 30)
END_2020 = dt.date(2020, 12, 31)


def rows(table: str) -> list[dict[str, str]]:
    """The rows of one CSV file of the example, as dicts of text."""
    with (EXAMPLE / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def day(text: str) -> dt.date | None:
    """An ISO date cell, or None when empty."""
    return dt.date.fromisoformat(text) if text else None


def active(row: dict[str, str], on: dt.date, start: str, end: str) -> bool:
    """Whether a row started on or before ``on`` and had not ended by it."""
    ended = day(row[end])
    return day(row[start]) <= on and (ended is None or ended > on)


def readme_figure(outcome: str) -> str:
    """The "figure" cell of the README's designed-outcomes row for ``outcome``."""
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    for line in readme.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if line.startswith("|") and cells[0] == outcome:
            return cells[-1]
    raise AssertionError(f"no README row {outcome!r}")


@pytest.fixture(scope="module")
def example() -> scoplan.Dataset:
    """The bundled example dataset, loaded once for this module."""
    return scoplan.load(EXAMPLE)


@pytest.fixture(scope="module")
def huangshan() -> scoplan.Plan:
    """The bundled Huangshan plan."""
    return scoplan.bundled_plan("huangshan-2021-2023")


@pytest.fixture(scope="module")
def report_2023(example, huangshan) -> scoplan.Report:
    """The Huangshan plan on the example as of the end of the plan, 2023-12-31."""
    return scoplan.evaluate(example, huangshan, END_2023)


def results_of(report: scoplan.Report, milestone: str) -> list[scoplan.Result]:
    """The results of one milestone of a report."""
    return [r for r in report.results if r.milestone == milestone]


# -- the Huangshan plan ---------------------------------------------------------------------


def test_every_milestone_has_a_result_and_none_errs(report_2023, huangshan):
    """As of 2023-12-31 every milestone has a result, none is an error, and statuses are mixed."""
    milestones = {m.id for m in huangshan.milestones}
    assert {r.milestone for r in report_2023.results} == milestones
    statuses = {r.status for r in report_2023.results}
    assert Status.ERROR not in statuses
    assert {Status.MET, Status.NOT_MET, Status.MET_LATE, Status.INFO} <= statuses
    assert report_2023.run_errors == ()
    # some milestone is not met, so the run fails with 1 (not 3: nothing errored)
    assert report_2023.exit_code() == 1


@pytest.fixture(scope="module")
def report_mid_2022(example, huangshan) -> scoplan.Report:
    """The Huangshan plan on the example as of 2022-06-30."""
    return scoplan.evaluate(example, huangshan, MID_2022)


def test_in_mid_2022_later_milestones_are_projected(report_mid_2022, huangshan):
    """As of 2022-06-30 every milestone due later and not met is projected, and none errs."""
    milestones = {m.id: m for m in huangshan.milestones}
    projected = {Status.ON_TRACK, Status.OFF_TRACK, Status.PENDING}
    later = [r for r in report_mid_2022.results if r.due > MID_2022 and r.status in projected]
    # the yearly event targets (trainings, 公益创投 with window "year") are pending: their
    # earlier year-ends count no events by construction, so they show no trend
    assert {r.status for r in later} == {Status.ON_TRACK, Status.OFF_TRACK, Status.PENDING}
    for result in later:
        # the 2020 and 2021 year-ends (base year 2020), then the value on 2022-06-30
        assert [p.date for p in result.history] == [END_2020, dt.date(2021, 12, 31)]
        assert result.projection.method == "linear"
        assert result.projection.due == milestones[result.milestone].due
        if result.status is Status.PENDING:
            assert result.projection.reason == "single_year"
            assert result.target in {
                "trainings",
                "gongyi-district-coverage",
                "gongyi-township-coverage",
            }
        elif result.due <= dt.date(2023, 6, 30) or (
            result.unit == "count" and result.gap is not None and result.gap.amount <= 1
        ):
            # less than a year left, or a single act to do: no yearly rate
            assert result.projection.needed_per_year is None
        else:
            assert result.projection.needed_per_year is not None
    # nothing due before 2022-06-30 is projected
    assert all(r.due > MID_2022 for r in report_mid_2022.results if r.status in projected)
    assert Status.ERROR not in {r.status for r in report_mid_2022.results}


def urban_mean(on: dt.date, district: str | None = None) -> float:
    """Active organizations per urban community on ``on`` (in ``district``), from the CSV files."""
    townships = {row["id"]: row["district_id"] for row in rows("townships")}
    urban = {
        row["id"]
        for row in rows("communities")
        if row["kind"] == "urban" and district in (None, townships[row["township_id"]])
    }
    found = sum(
        1
        for row in rows("organizations")
        if row["community_id"] in urban and active(row, on, "founded", "dissolved")
    )
    return found / len(urban)


@pytest.mark.parametrize(
    ("milestone", "district", "due_day", "status"),
    [
        ("urban-average-city-2023", None, 1095, Status.OFF_TRACK),
        ("urban-average-tunxi-2022", "341002", 730, Status.ON_TRACK),
    ],
)
def test_mid_2022_urban_projections_match_the_csv(
    report_mid_2022, milestone, district, due_day, status
):
    """The urban means' linear projections, worked out from the CSV files, say the status."""
    ys = [urban_mean(d, district) for d in (END_2020, dt.date(2021, 12, 31), MID_2022)]
    # in days from 2020-12-31: x = 0, 365, 546; mean 911/3, so x - mean = -911/3, 184/3,
    # 727/3 and Sxx = (911² + 184² + 727²) / 9 = 1392306 / 9; the slope is Σ(x - mean) y / Sxx
    slope = (-911 * ys[0] + 184 * ys[1] + 727 * ys[2]) / 3 / (1392306 / 9)
    projected = sum(ys) / 3 + slope * (due_day - 911 / 3)
    (result,) = results_of(report_mid_2022, milestone)
    assert [p.value for p in result.history] == pytest.approx(ys[:2])
    assert result.value == pytest.approx(ys[2])
    assert result.projection.projected == pytest.approx(projected)
    assert result.status is status
    assert (projected >= 15) is (status is Status.ON_TRACK)
    # (15 - now) over the years from 2022-06-30 to the due date (day 546 to due_day); none
    # when less than a year is left (tunxi's 2022 milestone: 184 days)
    years = (due_day - 546) / 365.25
    needed = (15 - ys[2]) / years if years >= 1 else None
    assert result.projection.needed_per_year == (needed and pytest.approx(needed))


def test_indicators_are_info_with_a_value(report_2023, huangshan):
    """The five indicators of the plan (no threshold) are reported as info, each with a value."""
    indicators = [r for r in report_2023.results if r.status is Status.INFO]
    # priority fields, special groups, charters, disclosure, activity reporting
    assert sorted(r.target for r in indicators) == [
        "activity-reporting",
        "charters",
        "disclosure",
        "priority-fields",
        "special-groups",
    ]
    assert all(r.value is not None and r.required is None for r in indicators)


def test_brand_organizations_match_the_readme(report_2023):
    """The example has 8 active brand organizations on 2023-12-31, as its README says."""
    expected = sum(
        1
        for row in rows("organizations")
        if row["brand"]
        and day(row["brand"]) <= END_2023
        and active(row, END_2023, "founded", "dissolved")
    )
    assert expected == int(readme_figure("brand organizations")) == 8
    (result,) = results_of(report_2023, "brand-organizations-city-2023")
    # 8 >= 7
    assert (result.status, result.value) == (Status.MET, float(expected))


def test_brand_projects_match_the_readme(report_2023):
    """The example has 9 brand projects designated 2021–2023: one short of the plan's 10."""
    projects = rows("brand_projects")
    years = sorted({day(row["designated"]).year for row in projects})
    designated = sum(1 for row in projects if day(row["designated"]) <= END_2023)
    assert readme_figure("brand projects, years designated") == (
        f"{designated}, {years[0]}–{years[-1]}"
    )
    assert designated == 9
    (result,) = results_of(report_2023, "brand-projects-city-2023")
    # 9 < 10: 1 more
    assert (result.status, result.value, result.gap.amount) == (Status.NOT_MET, 9.0, 1)


def test_xiuning_held_no_training_in_2022(report_2023):
    """休宁县 held its own trainings in 2021 and 2023 only, so its 2022 milestone is not met."""
    xiuning = [
        day(row["date"]).year
        for row in rows("events")
        if row["kind"] == "training" and row["unit_id"] == "341022"
    ]
    assert readme_figure("trainings by 休宁县") == ", ".join(str(y) for y in sorted(set(xiuning)))
    assert 2022 not in xiuning
    by_district = {r.scope.id: r for r in results_of(report_2023, "trainings-districts-2022")}
    assert (by_district["341022"].status, by_district["341022"].value) == (Status.NOT_MET, 0.0)
    # every district with a training of its own in 2022 has its milestone met
    held_2022 = {
        row["unit_id"]
        for row in rows("events")
        if row["kind"] == "training" and day(row["date"]).year == 2022
    }
    assert {d for d, r in by_district.items() if r.status is Status.MET} == held_2022 - {"city"}


def test_five_of_seven_districts_have_an_academy(report_2023):
    """Five of the seven districts have their own academy open on 2023-12-31, as designed."""
    districts = {row["id"]: row["name"] for row in rows("districts")}
    with_academy = {
        row["unit_id"]
        for row in rows("establishments")
        if row["kind"] == "governance_academy"
        and row["unit_id"] in districts
        and active(row, END_2023, "established", "ended")
    }
    named = readme_figure("governance academies at 2023-12-31").split("、")
    assert sorted(named) == sorted(districts[d] for d in with_academy)
    assert (len(with_academy), len(districts)) == (5, 7)
    results = results_of(report_2023, "governance-academies-2023")
    assert {r.scope.id for r in results if r.status is Status.MET} == with_academy
    assert {r.scope.id for r in results if r.status is Status.NOT_MET} == set(districts) - (
        with_academy
    )


def test_wrongly_managed_organizations_match_the_readme(report_2023):
    """Twelve unregistered active organizations are managed by the wrong body, as designed."""
    wrong = Counter()
    active_count = 0
    for row in rows("organizations"):
        if not active(row, END_2023, "founded", "dissolved"):
            continue
        active_count += 1
        if row["registration"] == "registered":
            continue
        size, manager = row["size"], row["managed_by"]
        if not manager:
            wrong["no_manager"] += 1
        elif not size:
            wrong["size_unknown"] += 1
        elif size == "large" and manager != "township":
            wrong["large_not_township"] += 1
        elif size == "small" and manager != "community":
            wrong["small_not_community"] += 1
    figure = "unregistered active organizations wrongly managed at 2023-12-31"
    assert sum(wrong.values()) == int(readme_figure(figure)) == 12
    (result,) = results_of(report_2023, "registration-city")
    # (active - 12) / active complying, short of 1.0
    assert result.status is Status.NOT_MET
    assert result.value == (active_count - 12) / active_count
    assert result.evidence.details["reasons"] == dict(wrong)
    assert result.gap.units_total == 12


# -- the MCA 2017 floor -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def floor_2020(example) -> scoplan.Report:
    """The MCA 2017 floor plan on the example as of 2020-12-31."""
    return scoplan.evaluate(example, scoplan.bundled_plan("mca-2017-floor"), END_2020)


def test_the_floor_plan_has_a_result_per_district_and_one_for_all(floor_2020):
    """Urban and rural each give one result for the whole dataset and one per district: 16."""
    districts = sorted(row["id"] for row in rows("districts"))
    # 2 kinds x (7 districts + the whole dataset) = 16
    assert len(floor_2020.results) == 2 * (len(districts) + 1) == 16
    assert Status.ERROR not in {r.status for r in floor_2020.results}
    for kind in ("urban", "rural"):
        (whole,) = results_of(floor_2020, f"{kind}-average-all-2020")
        assert whole.scope.level == "city"
        each = results_of(floor_2020, f"{kind}-average-each-district-2020")
        assert [r.scope.id for r in each] == districts


def test_the_floor_plans_urban_mean_matches_the_csv(floor_2020):
    """The whole dataset's urban mean on 2020-12-31 is its active urban organizations per urban
    community."""
    urban = {row["id"] for row in rows("communities") if row["kind"] == "urban"}
    organizations = sum(
        1
        for row in rows("organizations")
        if row["community_id"] in urban and active(row, END_2020, "founded", "dissolved")
    )
    (result,) = results_of(floor_2020, "urban-average-all-2020")
    assert len(urban) == 76  # the real city's urban communities, as TARGETS.md counts them
    assert result.value == organizations / len(urban)
    assert (result.evidence.numerator, result.evidence.denominator) == (organizations, 76)
    # below the floor of 10 on its due date: not met
    assert organizations / len(urban) < 10
    assert result.status is Status.NOT_MET
