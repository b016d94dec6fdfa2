"""Reports: the JSON form round-trips, counts every status, and carries its schema version."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest
from builders import (
    PLAN_HEAD,
    community,
    district,
    establishment,
    event,
    organizations,
    township,
)

import scoplan
from scoplan import Report, Status
from scoplan.i18n import describe_problem
from scoplan.report import SCHEMA_VERSION
from scoplan.testing import build_dataset


class Crashing:
    """A plugin whose registration fails, so that the report has a run error."""

    @staticmethod
    @scoplan.hookimpl
    def scoplan_register_targets(register):
        """Fail."""
        raise RuntimeError("boom")


PLAN = (
    PLAN_HEAD
    + """
[groups.zones]
name = "开发区"
district_kinds = ["zone"]

[[milestones]]
id = "urban"
target = "urban-average"
due = 2022-12-31
params = { threshold = 2 }
reading = "按平均数读取"
[[milestones.clauses]]
ref = "二(一)3"
text = "城市社区平均拥有社区社会组织数不少于15个"

[[milestones]]
id = "centres"
target = "service-centres"
due = 2021-12-31
scope = { each = true }

[[milestones]]
id = "zones"
target = "gongyi-district-coverage"
due = 2023-12-31
scope = { group = "zones" }
params = { threshold = 1.0 }

[[milestones]]
id = "gongyi"
target = "gongyi-district-coverage"
due = 2023-12-31
params = { threshold = 1.0, window = "to_date" }
"""
)
AS_OF = dt.date(2023, 6, 30)


def report(projection=None):
    """A report with met, not_met, off_track and no_data results, a gap, and a run error,
    with the data it was made from; with ``projection="cagr"`` the off-track one is pending."""
    data = build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1"), community("C2", "T2")],
        organizations=organizations("C1", 3),
        establishments=[establishment("EST1", "D1", ended=dt.date(2022, 1, 1))],
        events=[event("V1", "D2", dt.date(2022, 4, 1))],
    )
    registry = scoplan.load_registry(
        scoplan.get_plugin_manager(entry_points=False, extra=[Crashing])
    )
    plan = scoplan.parse_plan(PLAN)
    return scoplan.evaluate(data, plan, AS_OF, registry=registry, projection=projection), data


def test_the_report_has_what_the_round_trip_must_carry():
    """The report under test has every kind of result the JSON form must carry."""
    evaluated, _ = report()
    assert [(r.milestone, r.scope.id, r.status) for r in evaluated.results] == [
        # (3 + 0) / 2 = 1.5 < 2, on the due date and now
        ("urban", "city", Status.NOT_MET),
        # EST1 open on 2021-12-31, closed since: met, no longer holds
        ("centres", "D1", Status.MET),
        ("centres", "D2", Status.NOT_MET),
        ("zones", "zones", Status.NO_DATA),
        # D2's 2022 programme counts to date: 1 / 2, not yet due; days from 2020-12-31
        # x = 0, 365, 730, 911, y = 0, 0, 1/2, 1/2: means 501.5, 1/4; Sxy = 1/2 * (228.5 +
        # 409.5) - 1/4 * 0 = 319; Sxx = 501.5² + 136.5² + 228.5² + 409.5² = 490037
        # on 2023-12-31 (day 1095): 1/4 + 319 / 490037 * 593.5 ≈ 0.636 < 1
        ("gongyi", "city", Status.OFF_TRACK),
    ]
    assert evaluated.results[4].projection.projected == pytest.approx(
        1 / 4 + 319 / 490037 * (1095 - 501.5)
    )
    assert evaluated.results[1].no_longer_holds is True
    assert evaluated.results[0].gap.units[0].id == "C2"
    assert len(evaluated.run_errors) == 1


def test_the_growth_method_leaves_a_zero_base_pending():
    """With ``cagr`` the gongyi milestone, at 0 at the 2020 year-end, is pending and says why."""
    evaluated, _ = report("cagr")
    gongyi = evaluated.results[4]
    assert gongyi.status is Status.PENDING
    assert (gongyi.projection.method, gongyi.projection.reason) == ("cagr", "zero_base")
    assert evaluated.projection_method == "cagr"


@pytest.mark.parametrize("projection", ["linear", "cagr"])
def test_json_round_trip_gives_an_equal_report(projection):
    """``to_dict`` → ``json.dumps`` → ``json.loads`` → ``from_dict`` gives back an equal report."""
    evaluated, _ = report(projection)
    text = json.dumps(evaluated.to_dict(timings=True), ensure_ascii=False)
    assert Report.from_dict(json.loads(text)) == evaluated


def test_summary_counts_every_status():
    """The summary counts each status, zeros included."""
    evaluated, _ = report()
    # not_met: urban, centres D2; met: centres D1; no_data: zones; off_track: gongyi
    expected = {
        "met": 1,
        "met_late": 0,
        "not_met": 2,
        "pending": 0,
        "on_track": 0,
        "off_track": 1,
        "no_data": 1,
        "error": 0,
        "info": 0,
        "not_covered": 0,
    }
    assert evaluated.counts() == expected
    assert evaluated.to_dict()["summary"] == expected


def test_json_form_is_plain_data_with_the_schema_version_first():
    """The JSON form starts with ``schema_version`` and holds strings for dates and statuses."""
    evaluated, data = report()
    plain = evaluated.to_dict()
    assert next(iter(plain)) == "schema_version"
    assert plain["schema_version"] == SCHEMA_VERSION == 3
    assert plain["as_of"] == "2023-06-30"
    assert plain["projection_method"] == "linear"
    assert plain["fingerprint"] == data.fingerprint
    first = plain["results"][0]
    assert (first["status"], first["due"], first["measured_on"]) == (
        "not_met",
        "2022-12-31",
        "2022-12-31",
    )
    assert first["clauses"] == [
        {"ref": "二(一)3", "text": "城市社区平均拥有社区社会组织数不少于15个", "text_en": ""}
    ]
    assert plain["run_errors"][0]["code"] == "plugin_failed"
    # 3 organizations in C1 since 2020-01-01 over C1 and C2: 1.5 at every year-end
    assert first["history"] == [
        {"date": "2020-12-31", "value": 1.5},
        {"date": "2021-12-31", "value": 1.5},
        {"date": "2022-12-31", "value": 1.5},
    ]
    assert first["projection"] is None
    projection = plain["results"][4]["projection"]
    assert (projection["method"], projection["on_track"], projection["due"]) == (
        "linear",
        False,
        "2023-12-31",
    )
    # the four points: the three year-ends and 2023-06-30
    assert [p["date"] for p in projection["inputs"]] == [
        "2020-12-31",
        "2021-12-31",
        "2022-12-31",
        "2023-06-30",
    ]
    # 1 - 1/2 in the 184 days to 2023-12-31: less than a year, so no yearly rate
    assert projection["needed_per_year"] is None


def test_from_dict_ignores_the_summary():
    """The summary is derived: a changed summary does not change the report read back."""
    evaluated, _ = report()
    plain = json.loads(json.dumps(evaluated.to_dict(timings=True)))
    plain["summary"] = {"met": 99}
    assert Report.from_dict(plain) == evaluated


def test_exit_code_counts_a_plugin_failure_first():
    """A run error makes the exit code 3 even where the results alone would give 1."""
    evaluated, _ = report()
    assert evaluated.exit_code() == 3
    # without the run error, the not_met results give 1
    assert attrs.evolve(evaluated, run_errors=()).exit_code() == 1


@pytest.mark.parametrize(
    ("version", "written"), [(1, "1"), (99, "99"), (4, "4"), ("3", '"3"'), (True, "true")]
)
def test_from_dict_refuses_a_version_it_cannot_read_as_diff_does(version, written):
    """A report of version 1, 99 (or a version written as text) is refused before it is read,
    in the words of ``scoplan diff``: it read as a version-3 report, or failed on a key."""
    evaluated, _ = report()
    plain = {**evaluated.to_dict(), "schema_version": version}
    with pytest.raises(scoplan.DataError) as raised:
        Report.from_dict(plain, "old.json")
    [problem] = raised.value.problems
    assert problem.code == "bad_schema_version"
    assert str(problem) == (
        f"old.json: not a JSON report of this version (schema_version {written}, expected 2/3)"
    )
    assert describe_problem(problem, "zh") == (
        f"old.json：不是本版本的 JSON 报告（schema_version 为 {written}，应为 2/3）"
    )


@pytest.mark.parametrize("plain", [{}, [], "report"])
def test_from_dict_refuses_a_report_without_a_version(plain):
    """No ``schema_version`` is no report scoplan wrote: refused, where it was read as 3."""
    with pytest.raises(scoplan.DataError) as raised:
        Report.from_dict(plain)
    [problem] = raised.value.problems
    assert str(problem) == "report: not a JSON report of scoplan (no schema_version, expected 2/3)"
    assert describe_problem(problem, "zh") == (
        "report：不是 scoplan 的 JSON 报告（没有 schema_version，应为 2/3）"
    )


def test_from_dict_of_a_report_without_a_version_no_longer_reads_it_as_3():
    """A whole report but for its version is refused too."""
    evaluated, _ = report()
    plain = evaluated.to_dict()
    del plain["schema_version"]
    with pytest.raises(scoplan.DataError, match="no schema_version"):
        Report.from_dict(plain)


def test_a_status_that_is_none_is_said_in_chinese():
    """A status no report has is named with the statuses there are, in each language: the
    Chinese said ``'bogus' is not a valid Status``."""
    evaluated, _ = report()
    plain = evaluated.to_dict()
    plain["results"][0]["status"] = "bogus"
    with pytest.raises(scoplan.PlanError) as raised:
        Report.from_dict(plain)
    [problem] = raised.value.problems
    statuses = (
        "met, met_late, not_met, pending, on_track, off_track, no_data, error, info, not_covered"
    )
    assert str(problem) == f"report, results[0].status: 'bogus' is not one of {statuses}"
    assert describe_problem(problem, "zh") == (
        "report，“results[0].status”项：“bogus”不是可用的取值（应为 met、met_late、not_met、"
        "pending、on_track、off_track、no_data、error、info、not_covered 之一）"
    )
