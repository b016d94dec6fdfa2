"""The bundled plans on the bundled example, checked against figures computed from its CSV files.

The expected figures are worked out here with the ``csv`` module straight from the example's
files, and compared with what its README says it was designed to show and with what
scoplan reports.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from importlib.resources import files

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


COUNTED = ("registered", "filed")
"""The registration statuses the plan counts as 社区社会组织 (登记, 备案)."""


def counted(row: dict[str, str], on: dt.date, statuses: tuple[str, ...] = COUNTED) -> bool:
    """Whether an organization counts on ``on``: active, with one of ``statuses``."""
    return active(row, on, "founded", "dissolved") and row["registration"] in statuses


def district_of_community() -> dict[str, str]:
    """Every community id and the district it lies in."""
    townships = {row["id"]: row["district_id"] for row in rows("townships")}
    return {row["id"]: townships[row["township_id"]] for row in rows("communities")}


def community_mean(
    kind: str, on: dt.date, district: str | None = None, statuses: tuple[str, ...] = COUNTED
) -> tuple[int, int]:
    """Organizations counted on ``on`` in the communities of ``kind`` (in ``district``), and
    the number of those communities, from the CSV files."""
    where = district_of_community()
    units = {
        row["id"]
        for row in rows("communities")
        if row["kind"] == kind and district in (None, where[row["id"]])
    }
    found = sum(
        1
        for row in rows("organizations")
        if row["community_id"] in units and counted(row, on, statuses)
    )
    return found, len(units)


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
    # earlier year-ends count no events by construction, so they show no trend; 屯溪区's
    # urban mean and the city's rural mean for 2022 are on track, the 2023 means off track
    # (test_mid_2022_average_projections_match_the_csv)
    assert {r.status for r in later} == {Status.ON_TRACK, Status.OFF_TRACK, Status.PENDING}
    for result in later:
        # the 2020 and 2021 year-ends (base year 2020), then the value on 2022-06-30
        assert [p.date for p in result.history] == [END_2020, dt.date(2021, 12, 31)]
        assert result.projection.method == "linear"
        assert result.projection.due == milestones[result.milestone].due
        if result.status is Status.PENDING:
            # those due in 2023 have no value yet: their year has not begun on 2022-06-30
            begun = result.due.year == MID_2022.year
            assert result.projection.reason == ("single_year" if begun else "year_not_begun")
            assert (result.value is None) is not begun
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


def mean(kind: str, on: dt.date, district: str | None = None) -> float:
    """Registered and filed organizations per community of ``kind`` on ``on``, from the CSV."""
    found, units = community_mean(kind, on, district)
    return found / units


@pytest.mark.parametrize(
    ("milestone", "kind", "district", "threshold", "due_day", "status"),
    [
        # 310/93, 608/93, 805/93: projected 13.78 < 15
        ("urban-average-city-2023", "urban", None, 15, 1095, Status.OFF_TRACK),
        # 181/35, 354/35, 467/35: projected 15.84 >= 15
        ("urban-average-tunxi-2022", "urban", "341002", 15, 730, Status.ON_TRACK),
        # 732/671, 1395/671, 1894/671: projected 3.32 >= 3 and 4.45 < 5
        ("rural-average-city-2022", "rural", None, 3, 730, Status.ON_TRACK),
        ("rural-average-city-2023", "rural", None, 5, 1095, Status.OFF_TRACK),
    ],
)
def test_mid_2022_average_projections_match_the_csv(
    report_mid_2022, milestone, kind, district, threshold, due_day, status
):
    """The means' linear projections, worked out from the CSV files, say the status."""
    ys = [mean(kind, d, district) for d in (END_2020, dt.date(2021, 12, 31), MID_2022)]
    # in days from 2020-12-31: x = 0, 365, 546; mean 911/3, so x - mean = -911/3, 184/3,
    # 727/3 and Sxx = (911² + 184² + 727²) / 9 = 1392306 / 9; the slope is Σ(x - mean) y / Sxx
    slope = (-911 * ys[0] + 184 * ys[1] + 727 * ys[2]) / 3 / (1392306 / 9)
    projected = sum(ys) / 3 + slope * (due_day - 911 / 3)
    (result,) = results_of(report_mid_2022, milestone)
    assert [p.value for p in result.history] == pytest.approx(ys[:2])
    assert result.value == pytest.approx(ys[2])
    assert result.projection.projected == pytest.approx(projected)
    assert result.status is status
    assert (projected >= threshold) is (status is Status.ON_TRACK)
    # (threshold - now) over the years from 2022-06-30 to the due date (day 546 to due_day);
    # none when less than a year is left (tunxi's 2022 milestone: 184 days)
    years = (due_day - 546) / 365.25
    needed = (threshold - ys[2]) / years if years >= 1 else None
    assert result.projection.needed_per_year == (needed and pytest.approx(needed))


@pytest.mark.parametrize(
    ("milestone", "kind", "district", "due", "status"),
    [
        # 1207/93 = 12.98 < 15
        ("urban-average-city-2023", "urban", None, END_2023, Status.NOT_MET),
        # 582/35 = 16.63 >= 15 by 2022-12-31; 664/35 = 18.97 now
        ("urban-average-tunxi-2022", "urban", "341002", dt.date(2022, 12, 31), Status.MET),
        # 2368/671 = 3.53 >= 3
        ("rural-average-city-2022", "rural", None, dt.date(2022, 12, 31), Status.MET),
        # 3047/671 = 4.54 < 5
        ("rural-average-city-2023", "rural", None, END_2023, Status.NOT_MET),
    ],
)
def test_the_averages_count_registered_and_filed_only(
    report_2023, milestone, kind, district, due, status
):
    """Each mean counts the organizations registered or filed, on its due date and now."""
    (result,) = results_of(report_2023, milestone)
    found, units = community_mean(kind, due, district)
    assert result.value == found / units
    assert (result.evidence.numerator, result.evidence.denominator) == (found, units)
    assert result.evidence.details["registration"] == ["registered", "filed"]
    if due < END_2023:
        now, _ = community_mean(kind, END_2023, district)
        assert result.value_now == now / units
    assert result.status is status


def test_the_issues_figures_are_the_csvs():
    """479 of the 4,865 organizations are neither registered nor filed; leaving them out, the
    city's means at the end of 2023 fall from 14.44 to 12.98 (urban) and from 5.04, which
    would meet the plan's 5, to 4.54 (rural)."""
    statuses = Counter(row["registration"] for row in rows("organizations"))
    assert (statuses["none"], sum(statuses.values())) == (479, 4865)
    every = ("registered", "filed", "none", "")
    assert community_mean("urban", END_2023, statuses=every) == (1343, 93)  # 14.44
    assert community_mean("urban", END_2023) == (1207, 93)  # 12.98
    assert community_mean("rural", END_2023, statuses=every) == (3380, 671)  # 5.04
    assert community_mean("rural", END_2023) == (3047, 671)  # 4.54


def test_a_plan_may_count_every_organization(example):
    """With ``registration`` listing every status (``unknown``: an empty cell), the urban mean
    counts every active organization again: 1343/93."""
    plan = scoplan.parse_plan(
        'id = "all"\ntitle = "全部"\nversion = "1"\nstart = 2023-01-01\nend = 2023-12-31\n'
        '[[milestones]]\nid = "m"\ntarget = "urban-average"\ndue = 2023-12-31\n'
        'params = { threshold = 15, registration = ["registered", "filed", "none", "unknown"] }\n'
    )
    (result,) = scoplan.evaluate(example, plan, END_2023).results
    every = ("registered", "filed", "none", "")
    found, units = community_mean("urban", END_2023, statuses=every)
    assert (result.evidence.numerator, result.evidence.denominator) == (found, units) == (1343, 93)


def test_indicators_are_info_with_a_value(report_2023, huangshan):
    """The eight indicators of the plan (no threshold) are reported as info, each with a value."""
    indicators = [r for r in report_2023.results if r.status is Status.INFO]
    # priority fields, special groups, charters, disclosure, activity reporting, and the
    # township centres, work plans and evaluation systems of establishment-coverage
    assert sorted(r.target for r in indicators) == [
        "activity-reporting",
        "charters",
        "disclosure",
        "establishment-coverage",
        "establishment-coverage",
        "establishment-coverage",
        "priority-fields",
        "special-groups",
    ]
    assert all(r.value is not None and r.required is None for r in indicators)


def test_brand_organizations_match_the_readme(report_2023):
    """The example's 8 brand organizations (its README's figure) are all registered or filed
    and named in 2021–2023, so all 8 count on 2023-12-31: named since the plan's start, not
    dissolved, registered or filed."""
    named = [row for row in rows("organizations") if row["brand"]]
    assert len(named) == int(readme_figure("brand organizations")) == 8
    expected = sorted(
        row["id"]
        for row in named
        if dt.date(2021, 1, 1) <= day(row["brand"]) <= END_2023 and counted(row, END_2023)
    )
    assert len(expected) == 8
    (result,) = results_of(report_2023, "brand-organizations-city-2023")
    # 8 >= 7
    assert (result.status, result.value) == (Status.MET, 8.0)
    assert result.evidence.details["brand_organizations"] == expected
    assert result.evidence.details["since"] == "2021-01-01"


def test_brand_projects_match_the_readme(report_2023):
    """The example has 9 brand projects designated 2021–2023: one short of the plan's 10."""
    projects = rows("brand_projects")
    years = sorted({day(row["designated"]).year for row in projects})
    designated = sum(
        1 for row in projects if dt.date(2021, 1, 1) <= day(row["designated"]) <= END_2023
    )
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


def pilots(district: str, on: dt.date) -> int:
    """Rural communities of ``district`` designated as pilots (rural_pilot) on ``on``."""
    where = district_of_community()
    rural = {row["id"] for row in rows("communities") if row["kind"] == "rural"}
    return len(
        {
            row["unit_id"]
            for row in rows("establishments")
            if row["kind"] == "rural_pilot"
            and row["unit_id"] in rural
            and where[row["unit_id"]] == district
            and active(row, on, "established", "ended")
        }
    )


def test_rural_pilots_need_a_batch_of_two(report_2023):
    """一批 is at least 2: 屯溪区 chose 2 pilots in 2021 (met), 黄山区 1 (not met), 徽州区 none
    in 2021 and 1 since (not met: one is no batch)."""
    due = dt.date(2021, 12, 31)
    figures = {d: (pilots(d, due), pilots(d, END_2023)) for d in ("341002", "341003", "341004")}
    assert figures == {"341002": (2, 2), "341003": (1, 1), "341004": (0, 1)}
    by_district = {r.scope.id: r for r in results_of(report_2023, "rural-pilots-2021")}
    assert {d: (r.value, r.value_now, r.status) for d, r in by_district.items()} == {
        "341002": (2.0, 2.0, Status.MET),
        "341003": (1.0, 1.0, Status.NOT_MET),
        "341004": (0.0, 1.0, Status.NOT_MET),
    }


def test_trainings_in_2023_are_held_by_one_district(report_2023):
    """常态化 training: each district's own training in 2023; only 休宁县 held one."""
    held = {
        row["unit_id"]
        for row in rows("events")
        if row["kind"] == "training" and day(row["date"]).year == 2023
    }
    assert held == {"341022"}
    results = results_of(report_2023, "trainings-districts-2023")
    assert len(results) == 7
    assert {r.scope.id for r in results if r.status is Status.MET} == held
    assert all(r.value == 0.0 for r in results if r.status is Status.NOT_MET)


def test_the_city_held_no_gongyi_of_its_own(report_2023):
    """The example has no 公益创投 at city level since 2021: gongyi-city lacks one."""
    held = [
        row
        for row in rows("events")
        if row["kind"] == "gongyi_chuangtou"
        and row["unit_id"] == "city"
        and dt.date(2021, 1, 1) <= day(row["date"]) <= END_2023
    ]
    assert held == []
    (result,) = results_of(report_2023, "gongyi-city")
    assert (result.target, result.scope.level) == ("gongyi-held", "city")
    assert (result.status, result.value, result.gap.amount) == (Status.NOT_MET, 0.0, 1)


@pytest.mark.parametrize(
    ("milestone", "kind", "table"),
    [
        ("township-centres", "service_centre", "townships"),
        ("work-plans", "work_plan", "townships"),
        ("evaluation-systems", "evaluation_system", "communities"),
    ],
)
def test_the_new_indicators_match_the_csv(report_2023, milestone, kind, table):
    """Township service centres, work plans and evaluation systems are shares of townships
    (109) or communities (764) with an establishment of the kind: 6 and 54 of the 109
    townships, 76 of the 764 communities."""
    units = {row["id"] for row in rows(table)}
    covered = {
        row["unit_id"]
        for row in rows("establishments")
        if row["kind"] == kind
        and row["unit_id"] in units
        and active(row, END_2023, "established", "ended")
    }
    (result,) = results_of(report_2023, milestone)
    assert result.status is Status.INFO
    assert (result.evidence.numerator, result.evidence.denominator) == (len(covered), len(units))
    expected = {"service_centre": (6, 109), "work_plan": (54, 109), "evaluation_system": (76, 764)}
    assert (len(covered), len(units)) == expected[kind]
    assert result.value == len(covered) / len(units)


def test_indicators_over_organizations_count_registered_and_filed(report_2023):
    """Priority fields, charters and special groups, over the 4,254 organizations active on
    2023-12-31 and registered or filed."""
    organizations = [row for row in rows("organizations") if counted(row, END_2023)]
    assert len(organizations) == 4254
    priority = {"life_services", "charity", "mutual_aid", "governance"}
    (fields,) = results_of(report_2023, "priority-fields-city")
    in_priority = sum(row["category"] in priority for row in organizations)
    assert (fields.evidence.numerator, fields.evidence.denominator) == (in_priority, 4254)
    (charters,) = results_of(report_2023, "charters-city")
    with_charter = sum(row["charter"] == "true" for row in organizations)
    assert (charters.evidence.numerator, charters.evidence.denominator) == (with_charter, 4254)
    (groups,) = results_of(report_2023, "special-groups-city")
    serving = sum(bool(row["serves"]) for row in organizations)
    assert (groups.value, groups.evidence.denominator) == (float(serving), 4254)


def test_the_optional_reading_of_2023s_federations(example):
    """The commented-out milestone, uncommented, judges the other reading of 2023's
    全市镇级城市社区社会组织联合会: urban communities with a community-level federation."""
    text = (files("scoplan.plans") / "huangshan-2021-2023.toml").read_text(encoding="utf-8")
    block = text.split("# [[milestones]]\n", 1)[1].split("\n\n", 1)[0]
    toml = "[[milestones]]\n" + "\n".join(line.removeprefix("# ") for line in block.splitlines())
    plan = scoplan.parse_plan(
        'id = "optional"\ntitle = "可选"\nversion = "1"\nstart = 2021-01-01\n'
        "end = 2023-12-31\n" + toml
    )
    (milestone,) = plan.milestones
    assert (milestone.id, milestone.target) == (
        "community-federation-coverage-city-2023",
        "community-federation-coverage",
    )
    assert "另一种理解" in milestone.reading
    urban = {row["id"] for row in rows("communities") if row["kind"] == "urban"}
    with_federation = {
        row["unit_id"]
        for row in rows("federations")
        if row["level"] == "community" and active(row, END_2023, "founded", "dissolved")
    }
    (result,) = scoplan.evaluate(example, plan, END_2023).results
    covered = len(urban & with_federation)
    assert (result.evidence.numerator, result.evidence.denominator) == (covered, len(urban))
    # 44 of 93 urban communities: short of all of them
    assert (covered, len(urban)) == (44, 93)
    assert result.status is Status.NOT_MET


def test_the_summary_counts(report_2023):
    """46 met, 5 met late, 24 not met and 8 indicators: 83 results.

    Met late, as designed: 黟县's service centre, 徽州区's township federations (2021) and
    community federations (2021), 祁门县's observation point and 黄山区's development plan.
    Not met: the city's 2023 urban and rural means; 休宁县's service centre; township
    federations in 黄山区 (2022) and the city (2023); three 公益创投 coverages; brand
    projects; rural pilots in 黄山区 and 徽州区; 休宁县's 2022 training; academies in 歙县 and
    祁门县; six districts' 2023 trainings; gongyi-city; registration; brand selections in 休宁县
    and 祁门县: 2 + 1 + 2 + 3 + 1 + 2 + 1 + 2 + 6 + 1 + 1 + 2 = 24. Indicators: 8. The other
    83 - 5 - 24 - 8 = 46 are met.
    """
    shown = {status: n for status, n in report_2023.counts().items() if n}
    assert shown == {"met": 46, "met_late": 5, "not_met": 24, "info": 8}
    assert len(report_2023.results) == 83


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
    """Urban and rural each give one result for the whole dataset and one per district: 16;
    the districts' means are indicators (a national aim is no district's floor)."""
    districts = sorted(row["id"] for row in rows("districts"))
    # 2 kinds x (7 districts + the whole dataset) = 16
    assert len(floor_2020.results) == 2 * (len(districts) + 1) == 16
    assert Status.ERROR not in {r.status for r in floor_2020.results}
    for kind in ("urban", "rural"):
        (whole,) = results_of(floor_2020, f"{kind}-average-all-2020")
        assert whole.scope.level == "city"
        each = results_of(floor_2020, f"{kind}-average-each-district-2020")
        assert [r.scope.id for r in each] == districts
        for result in each:
            found, units = community_mean(kind, END_2020, result.scope.id)
            assert result.status is Status.INFO
            assert result.value == found / units
            assert result.required is None


def test_the_floor_plans_urban_mean_matches_the_csv(floor_2020):
    """The whole dataset's urban mean on 2020-12-31 is its registered and filed urban
    organizations per urban community: 310/93."""
    organizations, units = community_mean("urban", END_2020)
    (result,) = results_of(floor_2020, "urban-average-all-2020")
    assert (organizations, units) == (310, 93)
    assert result.value == organizations / units
    assert (result.evidence.numerator, result.evidence.denominator) == (organizations, 93)
    # 3.33, below the aim of 10 on its due date: not met
    assert organizations / units < 10
    assert result.status is Status.NOT_MET
