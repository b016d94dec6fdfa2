"""Faulty plugins: each fault is reported, naming its plugin; every other result is intact.

Plugins that raise when imported, when registering and when measuring, that return the
wrong thing, register an id already taken, call ``sys.exit``, or are merely slow, given to
the plugin manager as objects, as a module written to disk and imported, and as real entry
points of a distribution on ``sys.path``. The run reports each fault as a run error or as
an ``error`` result naming the plugin, the other results are those of a run without the
faulty plugins, the exit code is 3, and every result says how long its target took.

Then (issue 12) targets that never return, leave a thread running, call ``os._exit``,
print, raise a ``BaseException`` that is no ``Exception``, or return what JSON cannot
write, and a renderer that fails: in-process, through the command, and as a real
``scoplan`` process that must end within a time limit.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import attrs
import pytest
from builders import PLAN_HEAD, milestone_toml
from click.testing import CliRunner

import scoplan
from scoplan import Measurement, Status, UnitValue
from scoplan._isolation import WORKER_NAME
from scoplan.cli import main
from scoplan.i18n import describe_problem
from scoplan.params import Count
from scoplan.plugins import BLOCK_VARIABLE, default_registry
from scoplan.renderers.json import render_json

DUE = dt.date(2022, 12, 31)
SLOW = 0.3


@pytest.fixture(autouse=True)
def no_blocking_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests here decide what is loaded; the caller's environment does not."""
    monkeypatch.delenv(BLOCK_VARIABLE, raising=False)


def kind(id: str, measure: Any) -> scoplan.TargetKind:
    """A target kind ``id`` with the Count parameters and this measure."""
    return scoplan.TargetKind(
        id=id,
        title=scoplan.Text(f"测试{id}", f"Test {id}"),
        description=scoplan.Text("测试", "Test"),
        params=Count,
        measure=measure,
    )


def one(context: Any, params: Any) -> Measurement:
    """A measurement that meets a count of one."""
    return Measurement(1.0, params.threshold, params.comparator)


def plugin(name: str, *kinds: scoplan.TargetKind, fail: BaseException | None = None) -> type:
    """A plugin class ``name`` registering ``kinds``, or raising ``fail`` as it registers."""

    def scoplan_register_targets(register: Any) -> None:
        if fail is not None:
            raise fail
        for each in kinds:
            register(each)

    hook = scoplan.hookimpl(staticmethod(scoplan_register_targets))
    return type(name, (), {"scoplan_register_targets": hook})


def raises(context: Any, params: Any) -> Measurement:
    raise ZeroDivisionError("the plugin divided by zero")


def slow(context: Any, params: Any) -> Measurement:
    time.sleep(SLOW)
    return one(context, params)


RaisesAtRegistration = plugin(
    "RaisesAtRegistration", kind("never-registered", one), fail=RuntimeError("no config file")
)
ExitsAtRegistration = plugin("ExitsAtRegistration", fail=SystemExit(1))
RaisesWhenMeasuring = plugin("RaisesWhenMeasuring", kind("raises", raises))
ReturnsADict = plugin("ReturnsADict", kind("returns-dict", lambda c, p: {"value": 1}))
ReturnsText = plugin("ReturnsText", kind("returns-text", lambda c, p: Measurement("lots", 1, ">=")))
ReturnsNaN = plugin("ReturnsNaN", kind("returns-nan", lambda c, p: Measurement(float("nan"))))
ReturnsASet = plugin(
    "ReturnsASet",
    kind("returns-set", lambda c, p: Measurement(1.0, details={"ids": {"a", "b"}})),
)
ReturnsBadUnits = plugin(
    "ReturnsBadUnits",
    kind(
        "returns-bad-units",
        lambda c, p: Measurement(0.0, 1, ">=", shortfall=(UnitValue("district", 1, "x"),)),
    ),
)
ExitsWhenMeasuring = plugin("ExitsWhenMeasuring", kind("exits", lambda c, p: sys.exit(2)))
Duplicate = plugin("Duplicate", kind("urban-average", one))
Slow = plugin("Slow", kind("slow", slow))

FAULTY = (
    RaisesAtRegistration,
    ExitsAtRegistration,
    RaisesWhenMeasuring,
    ReturnsADict,
    ReturnsText,
    ReturnsNaN,
    ReturnsASet,
    ReturnsBadUnits,
    ExitsWhenMeasuring,
    Duplicate,
    Slow,
)
ERRORS = {
    "raises": ("RaisesWhenMeasuring", "ZeroDivisionError: the plugin divided by zero"),
    "returns-dict": (
        "ReturnsADict",
        "TypeError: target 'returns-dict' returned dict, not a Measurement",
    ),
    "returns-text": (
        "ReturnsText",
        "TypeError: target 'returns-text' returned a Measurement whose value is str, not a number",
    ),
    "returns-nan": (
        "ReturnsNaN",
        "TypeError: target 'returns-nan' returned a Measurement whose value is nan, not a "
        "finite number",
    ),
    "returns-set": (
        "ReturnsASet",
        "TypeError: target 'returns-set' returned a Measurement whose details must be a "
        "mapping of plain data (text, finite numbers, lists)",
    ),
    "returns-bad-units": (
        "ReturnsBadUnits",
        "TypeError: target 'returns-bad-units' returned a Measurement whose a shortfall "
        "unit's level, id, name and reason must be text",
    ),
    "exits": ("ExitsWhenMeasuring", "SystemExit: 2"),
}
"""The milestones of faulty targets: the plugin each result names, and its message."""
BUILTIN = ("urban-average", "rural-average", "service-centres", "township-federation-coverage")
EVERY = {"each": True}
SCOPES = {"slow": {"districts": ["341002"]}}
"""Each milestone is for every district, the slow one's for one: a sleep is enough."""
PARAMS = {
    "urban-average": {"threshold": 15},
    "rural-average": {"threshold": 5},
    "township-federation-coverage": {"threshold": 0.5},
}


def plan_text(targets: tuple[str, ...]) -> str:
    """A plan with one milestone per target, each for every district (the slow one for one);
    history from 2022 only, so that a measure is made once per result (on the due date, the
    evaluation date)."""
    head = PLAN_HEAD + "base_year = 2022\n"
    body = "".join(
        milestone_toml(target, target, DUE, PARAMS.get(target), SCOPES.get(target, EVERY))
        for target in targets
    )
    return head + body


def registry(*extra: object) -> scoplan.Registry:
    """The built-ins and ``extra`` plugins, no entry points."""
    return scoplan.load_registry(scoplan.get_plugin_manager(entry_points=False, extra=extra))


def without_timing(result: scoplan.Result) -> scoplan.Result:
    """A result with its time set aside: what must be the same from run to run."""
    return attrs.evolve(result, seconds=0.0)


@pytest.fixture(scope="module")
def data() -> scoplan.Dataset:
    """The small valid dataset: districts D1 and D2."""
    return scoplan.load(Path(__file__).parent.parent / "src" / "scoplan" / "examples" / "huangshan")


@pytest.fixture(scope="module")
def clean_report(data: scoplan.Dataset) -> scoplan.Report:
    """The built-in milestones evaluated without any faulty plugin."""
    plan = scoplan.parse_plan(plan_text(BUILTIN))
    return scoplan.evaluate(data, plan, DUE, registry=registry())


@pytest.fixture(scope="module")
def faulty_report(data: scoplan.Dataset) -> scoplan.Report:
    """The built-in milestones and one of each faulty target, with every faulty plugin."""
    plan = scoplan.parse_plan(plan_text(BUILTIN + tuple(ERRORS) + ("slow", "never-registered")))
    return scoplan.evaluate(data, plan, DUE, registry=registry(*FAULTY))


def test_the_other_results_are_those_of_a_run_without_the_faulty_plugins(
    clean_report: scoplan.Report, faulty_report: scoplan.Report
) -> None:
    """Every built-in milestone's results are the same, whatever the faulty plugins did."""
    kept = [r for r in faulty_report.results if r.target in BUILTIN]
    assert [without_timing(r) for r in kept] == [without_timing(r) for r in clean_report.results]
    assert len(kept) == 4 * 7  # four milestones, each for the seven districts of Huangshan


def test_a_target_that_fails_gets_an_error_result_naming_its_plugin(
    faulty_report: scoplan.Report,
) -> None:
    """Raising, returning the wrong type or a value no report can hold, calling sys.exit:
    each of its results is an ``error`` naming the plugin and saying what happened."""
    for target, (owner, message) in ERRORS.items():
        results = [r for r in faulty_report.results if r.target == target]
        assert len(results) == 7, target
        for result in results:
            assert (result.status, result.plugin, result.message) == (
                Status.ERROR,
                owner,
                message,
            )


def test_failures_to_register_are_run_errors(faulty_report: scoplan.Report) -> None:
    """Raising or exiting while registering, and taking an id already taken, are run errors,
    each naming the plugin in both languages."""
    errors = {(e.code, e.source): e for e in faulty_report.run_errors}
    assert errors["plugin_failed", "RaisesAtRegistration"].message == (
        "RaisesAtRegistration: the plugin RaisesAtRegistration failed to load: "
        "RuntimeError: no config file"
    )
    assert errors["plugin_failed", "RaisesAtRegistration"].message_zh == (
        "RaisesAtRegistration：插件“RaisesAtRegistration”未能加载：no config file"
    )
    assert errors["plugin_failed", "ExitsAtRegistration"].message.endswith("SystemExit: 1")
    assert errors["duplicate_target", "Duplicate"].message == (
        "Duplicate: the target kind 'urban-average' is registered twice (Duplicate and "
        "scoplan.targets.urban_average)"
    )
    assert len(errors) == 3


def test_a_milestone_of_a_plugin_that_failed_to_load_is_an_error_not_the_end_of_the_run(
    faulty_report: scoplan.Report,
) -> None:
    """The milestone of a target kind whose plugin could not register is an ``error`` result
    that says a failed plugin may have it; the run goes on."""
    results = [r for r in faulty_report.results if r.target == "never-registered"]
    assert {r.status for r in results} == {Status.ERROR}
    assert results[0].message == (
        "PluginError: the target kind 'never-registered' is not installed (a plugin that "
        "failed to load may have it: Duplicate, ExitsAtRegistration, RaisesAtRegistration)"
    )


def test_without_a_failed_plugin_an_unknown_target_kind_is_a_plan_error(
    data: scoplan.Dataset,
) -> None:
    """A misspelt target kind, when every plugin loaded, is the plan's fault: a PlanError."""
    plan = scoplan.parse_plan(plan_text(("never-registered",)))
    with pytest.raises(scoplan.PlanError):
        scoplan.evaluate(data, plan, DUE, registry=registry())


def test_the_exit_code_is_3(clean_report: scoplan.Report, faulty_report: scoplan.Report) -> None:
    """A faulty plugin makes the exit code 3; without it, it is not."""
    assert faulty_report.exit_code() == 3
    assert clean_report.exit_code() != 3


def test_every_result_records_how_long_its_target_took(faulty_report: scoplan.Report) -> None:
    """Each result has its seconds; the slow target's are at least its sleep."""
    assert all(r.seconds >= 0 for r in faulty_report.results)
    slow_results = [r for r in faulty_report.results if r.target == "slow"]
    assert [r.status for r in slow_results] == [Status.MET]
    assert all(r.seconds >= SLOW for r in slow_results)
    assert all(r.seconds < SLOW for r in faulty_report.results if r.target in BUILTIN)


def test_the_report_of_a_faulty_run_is_valid_json(faulty_report: scoplan.Report) -> None:
    """Whatever the plugins returned, the JSON report is strict JSON."""
    text = json.dumps(faulty_report.to_dict(timings=True), allow_nan=False)
    assert '"status": "error"' in text


def test_registering_a_target_kind_that_cannot_be_used_is_a_failure() -> None:
    """A number for an id, a params class that is no attrs class, a measure that is no
    function: each registration fails, naming the plugin; the plugin's good kinds stand."""
    good = kind("good-kind", one)
    bad = [
        attrs.evolve(good, id=7),
        attrs.evolve(good, id="plain-params", params=dict),
        attrs.evolve(good, id="no-measure", measure="measure"),
        attrs.evolve(good, id="bad-title", title="标题"),
    ]
    reasons = []
    for each in bad:
        reg = registry(plugin("Careless", good, each))
        (failure,) = reg.failures
        assert (failure.code, failure.source) == ("plugin_failed", "Careless")
        reasons.append(failure.params["reason"])
        assert "good-kind" in reg.targets
    assert reasons == [
        "TypeError: the id must be a non-empty string, not 7",
        "TypeError: 'plain-params': params must be an attrs class, not <class 'dict'>",
        "TypeError: 'no-measure': measure must be a function",
        "TypeError: 'bad-title': the title must be a scoplan.Text",
    ]


def test_a_loader_whose_accepts_raises_is_passed_over(valid_folder: Path) -> None:
    """A loader plugin that raises deciding whether it reads a source does not stop the built-in
    ones; the fault is a run error."""
    from scoplan.formats import Loader

    def accepts(source: str) -> bool:
        raise OSError("network down")

    class Loaders:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_loaders(register: Any) -> None:
            register(Loader("aaa-remote", scoplan.Text("远程"), accepts, lambda s, p: ({}, [])))

    reg = registry(Loaders)
    assert scoplan.load(valid_folder, registry=reg).size()["districts"] == 2
    notes = valid_folder / "notes.txt"
    notes.write_text("not data", encoding="utf-8")
    with pytest.raises(scoplan.DataError) as error:
        scoplan.load(notes, registry=reg)
    assert [p.code for p in error.value.problems] == ["no_loader"]
    (failure,) = reg.failures
    assert (failure.code, failure.params["loader"]) == ("loader_failed", "aaa-remote")
    assert describe_problem(failure, "en") == (
        f"{notes}: the loader aaa-remote failed: OSError: network down"
    )


def test_a_loader_that_raises_reading_is_a_data_error_naming_it(valid_folder: Path) -> None:
    """A loader plugin that raises while reading gives one DataError naming the loader."""
    from scoplan.formats import Loader

    def read(source: str, progress: Any) -> Any:
        raise KeyError("sheet")

    class Loaders:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_loaders(register: Any) -> None:
            register(Loader("bad-reader", scoplan.Text("坏"), lambda s: s.endswith(".bad"), read))

    path = valid_folder / "data.bad"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(scoplan.DataError) as error:
        scoplan.load(path, registry=registry(Loaders))
    assert str(error.value) == f"{path}: the loader bad-reader failed: KeyError: 'sheet'"


# -- a module written to disk, and real entry points ---------------------------------------

MODULE = textwrap.dedent(
    """
    import time

    import scoplan
    from scoplan.params import Count


    def _kind(id, measure):
        return scoplan.TargetKind(
            id, scoplan.Text(id), scoplan.Text(id), Count, measure
        )


    def _slow(context, params):
        time.sleep({slow})
        return scoplan.Measurement(1.0, params.threshold, params.comparator)


    def _raises(context, params):
        raise ValueError("bad data in my plugin")


    class Slow:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            register(_kind("disk-slow", _slow))


    class Raises:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            register(_kind("disk-raises", _raises))


    class Duplicate:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            register(_kind("service-centres", _raises))


    class RaisesAtRegistration:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            raise RuntimeError("cannot reach the registry")
    """
).replace("{slow}", str(SLOW))

ENTRY_POINTS = """\
[scoplan]
broken-import = scoplan_faulty_broken
exits-at-import = scoplan_faulty_exits
disk-slow = scoplan_faulty:Slow
disk-raises = scoplan_faulty:Raises
disk-duplicate = scoplan_faulty:Duplicate
disk-registration = scoplan_faulty:RaisesAtRegistration
"""
MODULES = ("scoplan_faulty", "scoplan_faulty_broken", "scoplan_faulty_exits")


@pytest.fixture
def faulty_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on ``sys.path`` holding the faulty modules and a distribution announcing them
    as entry points, as ``pip install`` would leave it."""
    default_registry()  # built before: the process-wide registry never sees these plugins
    (tmp_path / "scoplan_faulty.py").write_text(MODULE, encoding="utf-8")
    (tmp_path / "scoplan_faulty_broken.py").write_text(
        "import scoplan\nraise ImportError('needs numpy 3')\n", encoding="utf-8"
    )
    (tmp_path / "scoplan_faulty_exits.py").write_text(
        "import sys\nsys.exit('bye')\n", encoding="utf-8"
    )
    info = tmp_path / "scoplan_faulty-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: scoplan-faulty\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    yield tmp_path
    for name in MODULES:
        sys.modules.pop(name, None)


def disk_plan(folder: Path) -> Path:
    """A plan file with the built-in service-centres and the two targets of the module."""
    text = PLAN_HEAD + "base_year = 2022\n"
    for target in ("service-centres", "disk-slow", "disk-raises"):
        text += milestone_toml(target, target, DUE, None, {"districts": ["341002"]})
    path = folder / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_module_written_to_disk_and_imported(faulty_distribution: Path, data) -> None:
    """The module's plugin objects, given as ``extra``: one error result, one slow result,
    the duplicate and the failed registration as run errors."""
    module = importlib.import_module("scoplan_faulty")
    extra = (module.Slow, module.Raises, module.Duplicate, module.RaisesAtRegistration)
    reg = scoplan.load_registry(scoplan.get_plugin_manager(entry_points=False, extra=extra))
    plan = scoplan.load_plan(disk_plan(faulty_distribution))
    report = scoplan.evaluate(data, plan, DUE, registry=reg)
    by_target = {r.target: r for r in report.results}
    assert by_target["service-centres"].status is Status.MET
    assert by_target["service-centres"].plugin == "scoplan.targets.service_centres"
    assert (by_target["disk-raises"].status, by_target["disk-raises"].plugin) == (
        Status.ERROR,
        "Raises",
    )
    assert by_target["disk-raises"].message == "ValueError: bad data in my plugin"
    assert by_target["disk-slow"].seconds >= SLOW
    assert {(e.code, e.source) for e in report.run_errors} == {
        ("duplicate_target", "Duplicate"),
        ("plugin_failed", "RaisesAtRegistration"),
    }
    assert report.exit_code() == 3


def test_entry_points_that_fail_on_import_are_run_errors(faulty_distribution: Path) -> None:
    """Entry points of an installed distribution: one that raises on import and one that calls
    sys.exit are failures naming the entry point; the others load, with the distribution."""
    reg = scoplan.load_registry(scoplan.get_plugin_manager())
    failures = {f.source: f for f in reg.failures}
    assert failures["broken-import"].params["reason"] == "ImportError: needs numpy 3"
    assert failures["exits-at-import"].params["reason"] == "SystemExit: bye"
    assert failures["disk-registration"].params["reason"] == (
        "RuntimeError: cannot reach the registry"
    )
    assert failures["disk-duplicate"].code == "duplicate_target"
    assert reg.owner("disk-slow") == "disk-slow"
    listed = {p.name: p for p in reg.plugins}
    assert (listed["disk-slow"].distribution, listed["disk-slow"].version) == (
        "scoplan-faulty",
        "1.0",
    )


def test_the_command_with_faulty_entry_points_exits_3_with_every_result(
    faulty_distribution: Path,
) -> None:
    """``scoplan evaluate`` with the faulty distribution installed: exit 3, the error result
    names its plugin, the built-in result is there, and ``--timings`` gives each result's
    seconds, the slow one's at least its sleep."""
    plan = disk_plan(faulty_distribution)
    result = CliRunner().invoke(
        main,
        ["evaluate", "--plan", str(plan), "--as-of", "2022-12-31", "--format", "json", "--timings"],
        catch_exceptions=False,
    )
    assert result.exit_code == 3
    assert "Traceback" not in result.stdout + result.stderr
    report = json.loads(result.stdout)
    by_target = {r["target"]: r for r in report["results"]}
    assert by_target["service-centres"]["status"] == "met"
    assert (by_target["disk-raises"]["status"], by_target["disk-raises"]["plugin"]) == (
        "error",
        "disk-raises",
    )
    assert by_target["disk-slow"]["seconds"] >= SLOW
    assert all(r["seconds"] >= 0 for r in report["results"])
    sources = {e["source"] for e in report["run_errors"]}
    assert {"broken-import", "exits-at-import", "disk-duplicate", "disk-registration"} <= sources


@pytest.mark.parametrize("comparator", [">=", ">", "<=", "<", "=="])
def test_the_check_of_measurements_lets_every_comparator_through(
    data: scoplan.Dataset, comparator: str
) -> None:
    """The engine's check of what a target returns takes every comparator a plan may use."""
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + milestone_toml("m", "urban-average", DUE, {"threshold": 3, "comparator": comparator})
    )
    (result,) = scoplan.evaluate(data, plan, DUE, registry=registry()).results
    assert result.status is not Status.ERROR, result.message
    assert result.comparator == comparator


# -- issue 12: targets that never return, exit the process, print, or return what no report
# can write -------------------------------------------------------------------------------

REAL_EXIT = os._exit
"""``os._exit`` as it is outside scoplan's guard."""
LIMIT = 1.0
"""The time limit these tests give each target: a target that hangs costs the test this."""
ONE_DISTRICT = {"districts": ["341002"]}


def one_milestone(target: str, head: str = "") -> scoplan.Plan:
    """A plan with one milestone of ``target`` for one district (and ``head`` settings)."""
    return scoplan.parse_plan(
        PLAN_HEAD + head + milestone_toml(target, target, DUE, None, ONE_DISTRICT)
    )


def evaluate_one(data: scoplan.Dataset, measure: Any, **options: Any) -> scoplan.Result:
    """The one result of a plugin ``Faulty`` whose target ``faulty`` measures with ``measure``."""
    reg = registry(plugin("Faulty", kind("faulty", measure)))
    (result,) = scoplan.evaluate(
        data, one_milestone("faulty"), DUE, registry=reg, **options
    ).results
    assert result.plugin == "Faulty"
    return result


def test_a_target_that_never_returns_is_an_error_after_its_time_limit(
    data: scoplan.Dataset, clean_report: scoplan.Report
) -> None:
    """A target that waits forever gets an ``error`` result once its time limit has passed,
    saying so in both languages; every other result is the one of a run without it, and the
    run ends."""
    release = threading.Event()

    def hangs(context: Any, params: Any) -> Measurement:
        release.wait(60)  # forever, as far as the run goes; released when the test ends
        return one(context, params)

    # the hanging milestone first: the others run after its worker thread was given up on
    head = PLAN_HEAD + "base_year = 2022\n"
    hanging = milestone_toml("hangs", "hangs", DUE, None, ONE_DISTRICT)
    plan = scoplan.parse_plan(head + hanging + plan_text(BUILTIN)[len(head) :])
    reg = registry(plugin("Hangs", kind("hangs", hangs)))
    started = time.monotonic()
    try:
        report = scoplan.evaluate(data, plan, DUE, registry=reg, target_timeout=LIMIT)
        left = [t for t in threading.enumerate() if t.name == WORKER_NAME]
    finally:
        release.set()
    assert time.monotonic() - started < 30
    assert len(left) == 1, "only the abandoned worker is left once the run is over"
    left[0].join(10)
    assert not left[0].is_alive(), "the abandoned worker ends once its target returns"
    (hung,) = [r for r in report.results if r.target == "hangs"]
    assert (hung.status, hung.plugin) == (Status.ERROR, "Hangs")
    assert hung.message == "timed out: took longer than 1 s"
    assert hung.message_zh == "超时：超过1秒未完成"
    assert LIMIT <= hung.seconds < 30
    kept = [without_timing(r) for r in report.results if r.target != "hangs"]
    assert kept == [without_timing(r) for r in clean_report.results]
    assert report.exit_code() == 3
    text = reg.renderer("text")
    assert text is not None
    assert "超时：超过1秒未完成" in text.render(report, scoplan.RenderOptions(lang="zh"))
    assert "timed out: took longer than 1 s" in text.render(
        report, scoplan.RenderOptions(lang="en")
    )


def test_the_plan_sets_the_time_limit_and_the_caller_overrides_it(data: scoplan.Dataset) -> None:
    """``target_timeout`` in the plan is the limit; ``evaluate(target_timeout=…)`` wins."""
    release = threading.Event()

    def hangs(context: Any, params: Any) -> Measurement:
        release.wait(60)
        return one(context, params)

    reg = registry(plugin("Hangs", kind("hangs", hangs)))
    try:
        (by_plan,) = scoplan.evaluate(
            data, one_milestone("hangs", "target_timeout = 0.5\n"), DUE, registry=reg
        ).results
        (by_caller,) = scoplan.evaluate(
            data,
            one_milestone("hangs", "target_timeout = 3600\n"),
            DUE,
            registry=reg,
            target_timeout=0.25,
        ).results
    finally:
        release.set()
    assert by_plan.message == "timed out: took longer than 0.5 s"
    assert by_caller.message == "timed out: took longer than 0.25 s"


@pytest.mark.parametrize("value", ["0", "-1", "-0.5"])
def test_a_time_limit_that_is_not_above_zero_is_a_plan_error(value: str) -> None:
    """``target_timeout`` of 0 or below is a plan error naming the field (NaN and infinity
    are not numbers a plan may give at all)."""
    with pytest.raises(scoplan.PlanError) as error:
        one_milestone("urban-average", f"target_timeout = {value}\n")
    (problem,) = error.value.problems
    assert (problem.code, problem.column) == ("bad_timeout", "$.target_timeout")
    assert describe_problem(problem, "en").endswith(
        f"the time limit of a target, {value}, must be seconds above 0"
    )
    assert describe_problem(problem, "zh").endswith(f"目标的时限 {value} 应为大于 0 的秒数")


def test_the_command_takes_a_time_limit_above_zero_only() -> None:
    """``--target-timeout 0`` is a usage error (exit 2), before anything runs."""
    result = CliRunner().invoke(main, ["evaluate", "--target-timeout", "0", "--lang", "en"])
    assert result.exit_code == 2
    assert "Invalid value for '--target-timeout': 0.0 is not in the range x>0" in result.stderr
    chinese = CliRunner().invoke(main, ["evaluate", "--target-timeout", "0"])
    assert chinese.exit_code == 2
    assert "--target-timeout 的值无效：0.0 不在范围 x>0 内" in chinese.stderr


def test_a_target_that_calls_os_exit_gets_an_error_result(data: scoplan.Dataset) -> None:
    """``os._exit`` called by a target raises instead of ending the process: the result is
    an error saying so, and ``os._exit`` is itself again afterwards."""

    def exits(context: Any, params: Any) -> Measurement:
        if os._exit is REAL_EXIT:  # not guarded: fail here rather than end the test run
            raise AssertionError("os._exit is not guarded while a target runs")
        os._exit(0)

    result = evaluate_one(data, exits)
    assert (result.status, result.message) == (
        Status.ERROR,
        "PluginExit: os._exit(0) called; a plugin may not end scoplan's process",
    )
    # scoplan's words, so said in Chinese too (the Chinese report quoted the English)
    assert result.message_zh == "调用了 os._exit(0)，而插件不得结束 scoplan 的进程"
    assert os._exit is REAL_EXIT


@pytest.mark.parametrize(
    ("code", "said"),
    [(5, "调用了 sys.exit(5)"), ("bye", "调用了 sys.exit('bye')"), (None, "调用了 sys.exit()")],
)
def test_a_target_that_calls_sys_exit_is_said_in_chinese(
    data: scoplan.Dataset, code: object, said: str
) -> None:
    """``sys.exit`` is said in Chinese as ``os._exit`` is; the English stays Python's."""

    def exits(context: Any, params: Any) -> Measurement:
        sys.exit(code)

    result = evaluate_one(data, exits)
    assert result.status is Status.ERROR
    assert result.message == f"SystemExit: {'' if code is None else code}"
    assert result.message_zh == f"{said}，而插件不得结束 scoplan 的进程"


def test_the_chinese_report_says_an_os_exit_in_chinese(data: scoplan.Dataset) -> None:
    """The text report in Chinese names the plugin and says what it did in Chinese."""

    def exits(context: Any, params: Any) -> Measurement:
        os._exit(7)

    reg = registry(plugin("Faulty", kind("faulty", exits)))
    report = scoplan.evaluate(data, one_milestone("faulty"), DUE, registry=reg)
    text = reg.renderer("text").render(report, scoplan.RenderOptions(lang="zh"))
    assert isinstance(text, str)
    assert "os._exit(7) called" not in text
    assert "出错：调用了 os._exit(7)，而插件不得结束 scoplan 的进程" in text


def test_a_plugin_that_calls_os_exit_while_registering_fails_to_load() -> None:
    """``os._exit`` in a registration hook is that plugin's failure; the others load."""

    class ExitsHard:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register: Any) -> None:
            if os._exit is REAL_EXIT:
                raise AssertionError("os._exit is not guarded while a plugin registers")
            os._exit(3)

    reg = registry(ExitsHard)
    (failure,) = reg.failures
    assert failure.params["reason"] == (
        "PluginExit: os._exit(3) called; a plugin may not end scoplan's process"
    )
    assert describe_problem(failure, "zh") == (
        "ExitsHard：插件“ExitsHard”未能加载：调用了 os._exit(3)，而插件不得结束 scoplan 的进程"
    )
    assert "urban-average" in reg.targets
    assert os._exit is REAL_EXIT


class Odd(BaseException):
    """A plugin's own exception that is no ``Exception``."""


@pytest.mark.parametrize(
    "error", [Odd("not an Exception"), GeneratorExit("closed"), SystemExit("bye")]
)
def test_any_base_exception_from_a_target_is_an_error_result(
    data: scoplan.Dataset, error: BaseException
) -> None:
    """A target raising any BaseException but KeyboardInterrupt gets an error result with
    the exception's type and message; the run goes on."""

    def raises(context: Any, params: Any) -> Measurement:
        raise error

    result = evaluate_one(data, raises)
    assert (result.status, result.message) == (Status.ERROR, f"{type(error).__name__}: {error}")


def test_an_interrupt_raised_in_a_target_still_ends_the_run(data: scoplan.Dataset) -> None:
    """KeyboardInterrupt is the user's, not the plugin's: it ends the run."""

    def interrupted(context: Any, params: Any) -> Measurement:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        evaluate_one(data, interrupted)


def test_any_base_exception_while_registering_is_a_failure_to_load() -> None:
    """A registration hook raising a BaseException subclass: a run error, not a traceback."""
    reg = registry(plugin("OddAtRegistration", fail=Odd("at registration")))
    (failure,) = reg.failures
    assert (failure.source, failure.params["reason"]) == (
        "OddAtRegistration",
        "Odd: at registration",
    )


@pytest.mark.parametrize(
    ("measurement", "wrong"),
    [
        (
            Measurement(1.0, details={"count": 10**5000}),
            "details holds a whole number of more than 4300 digits",
        ),
        (
            Measurement(1.0, details={"name": "\ud800"}),
            "details holds text that is not UTF-8 (surrogates not allowed: '\\ud800')",
        ),
        (
            Measurement(1.0, details={"\udfff": [1, 2]}),
            "details holds text that is not UTF-8 (surrogates not allowed: '\\udfff')",
        ),
        (Measurement(10**5000), "value is a whole number of 16610 bits, too large"),
        (
            Measurement(1.0, unit="\ud800"),
            "unit holds text that is not UTF-8 (surrogates not allowed: '\\ud800')",
        ),
        (
            Measurement(
                0.0, 1, ">=", shortfall=(UnitValue("district", "341002", "屯溪\ud800", 0.0),)
            ),
            "a shortfall unit's text holds text that is not UTF-8 (surrogates not allowed: "
            "'\\ud800')",
        ),
    ],
    ids=["huge-int", "surrogate", "surrogate-key", "huge-value", "surrogate-unit", "unit-name"],
)
def test_what_no_report_can_write_is_an_error_result(
    data: scoplan.Dataset, measurement: Measurement, wrong: str
) -> None:
    """A measurement holding what JSON cannot write (a whole number of thousands of digits,
    a lone surrogate) is an error result naming it, and the report still renders."""
    result = evaluate_one(data, lambda context, params: measurement)
    assert (result.status, result.message) == (
        Status.ERROR,
        f"TypeError: target 'faulty' returned a Measurement whose {wrong}",
    )
    report = attrs.evolve(
        scoplan.evaluate(data, one_milestone("service-centres"), DUE), results=(result,)
    )
    written = render_json(report).encode("utf-8")
    assert json.loads(written)["results"][0]["status"] == "error"


def test_an_exception_message_that_is_not_utf8_is_escaped(data: scoplan.Dataset) -> None:
    """A target raising with a lone surrogate in its message: the message is kept, escaped,
    and the report writes."""

    def raises(context: Any, params: Any) -> Measurement:
        raise ValueError("bad name \ud800")

    result = evaluate_one(data, raises)
    assert result.message == "ValueError: bad name \\ud800"
    result.message.encode("utf-8")


def test_a_target_kind_whose_title_is_not_utf8_fails_to_register() -> None:
    """A title with a lone surrogate would break every report: the registration fails."""
    bad = attrs.evolve(kind("bad-title", one), title=scoplan.Text("标题\ud800", "Title"))
    (failure,) = registry(plugin("BadTitle", bad)).failures
    assert failure.params["reason"] == (
        "TypeError: 'bad-title': the title holds text that is not UTF-8"
    )


# -- the command: a plugin's output off the report, failing renderers, stray threads -------

UNRULY = textwrap.dedent(
    """
    import scoplan
    from scoplan.formats import Renderer
    from scoplan.params import Count

    print("printed on import")


    def _kind(id, measure):
        return scoplan.TargetKind(id, scoplan.Text(id), scoplan.Text(id), Count, measure)


    def _prints(context, params):
        print("printed while measuring")
        return scoplan.Measurement(1.0, params.threshold, params.comparator)


    class Odd(BaseException):
        pass


    def _odd(context, params):
        raise Odd("not an Exception")


    def _render(report, options):
        raise RuntimeError("template missing")


    def _bytes(report, options):
        return b"not text"


    class Prints:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            print("printed while registering")
            register(_kind("unruly-prints", _prints))


    class RaisesOdd:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            register(_kind("unruly-odd", _odd))


    class BrokenRenderer:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_renderers(register):
            register(Renderer("broken", scoplan.Text("坏"), "txt", _render))
            register(Renderer("bytes-for-text", scoplan.Text("字节"), "txt", _bytes))
    """
)
UNRULY_ENTRY_POINTS = """\
[scoplan]
unruly-prints = scoplan_unruly:Prints
unruly-odd = scoplan_unruly:RaisesOdd
unruly-renderer = scoplan_unruly:BrokenRenderer
"""


def install(folder: Path, modules: dict[str, str], entry_points: str) -> None:
    """Write ``modules`` and a distribution announcing ``entry_points`` into ``folder``, as
    ``pip install`` would leave them."""
    for name, text in modules.items():
        (folder / f"{name}.py").write_text(text, encoding="utf-8")
    info = folder / "scoplan_unruly-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: scoplan-unruly\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")


@pytest.fixture
def unruly_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The unruly plugins installed on ``sys.path``; a plan using both of its targets."""
    default_registry()  # built before: the process-wide registry never sees these plugins
    install(tmp_path, {"scoplan_unruly": UNRULY}, UNRULY_ENTRY_POINTS)
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    text = PLAN_HEAD + "base_year = 2022\n"
    for target in ("service-centres", "unruly-prints", "unruly-odd"):
        text += milestone_toml(target, target, DUE, None, ONE_DISTRICT)
    (tmp_path / "plan.toml").write_text(text, encoding="utf-8")
    yield tmp_path
    sys.modules.pop("scoplan_unruly", None)


def test_what_plugins_print_stays_off_the_json_report(unruly_distribution: Path) -> None:
    """A plugin printing as it is imported, registers and measures: standard output is the
    JSON report alone, what the plugin printed is on standard error; a target raising a
    BaseException subclass is an error result, with no traceback."""
    plan = unruly_distribution / "plan.toml"
    args = ["evaluate", "--plan", str(plan), "--as-of", "2022-12-31", "--format", "json"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    by_target = {r["target"]: r for r in report["results"]}
    assert by_target["service-centres"]["status"] == "met"
    assert by_target["unruly-prints"]["status"] == "met"
    assert (by_target["unruly-odd"]["status"], by_target["unruly-odd"]["message"]) == (
        "error",
        "Odd: not an Exception",
    )
    for printed in ("on import", "while registering", "while measuring"):
        assert f"printed {printed}" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_what_plugins_print_stays_off_the_plugin_listing(unruly_distribution: Path) -> None:
    """``scoplan plugins --format json`` is JSON too, whatever a plugin printed."""
    result = CliRunner().invoke(main, ["plugins", "--format", "json"], catch_exceptions=False)
    names = {p["name"] for p in json.loads(result.stdout)["plugins"]}
    assert {"unruly-prints", "unruly-odd", "unruly-renderer"} <= names
    assert "printed while registering" in result.stderr


def test_a_plugin_renderer_that_fails_is_exit_3_and_the_other_formats_are_written(
    unruly_distribution: Path, tmp_path: Path
) -> None:
    """A plugin's renderer that raises: its report is not written, the error names the
    renderer and its plugin in the user's language, every other format is, exit code 3."""
    out = tmp_path / "reports"
    args = ["evaluate", "--as-of", "2022-12-31", "--format", "json,broken", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--lang", "en"], catch_exceptions=False)
    assert result.exit_code == 3
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["results"]
    assert not (out / "report.txt").exists()
    assert (
        "error: --format: the renderer broken (plugin unruly-renderer) failed: "
        "RuntimeError: template missing"
    ) in result.stderr
    zh = CliRunner().invoke(main, ["evaluate", "--format", "broken"], catch_exceptions=False)
    assert zh.exit_code == 3
    assert zh.stdout == ""
    assert (
        "报告格式 broken（插件 unruly-renderer）出错：RuntimeError: template missing" in zh.stderr
    )


def test_a_plugin_renderer_that_returns_the_wrong_kind_is_said_in_the_users_language(
    unruly_distribution: Path, tmp_path: Path
) -> None:
    """A text renderer of a plugin that returns bytes: an error naming the renderer, its
    plugin and what it returned, in Chinese in a Chinese run (it was English there), exit 3."""
    zh = CliRunner().invoke(main, ["evaluate", "--format", "bytes-for-text"])
    assert zh.exit_code == 3
    assert zh.stdout == ""
    assert (
        "报告格式 bytes-for-text（插件 unruly-renderer）出错：render() 返回了 bytes，应返回 str"
        in zh.stderr
    )
    en = CliRunner().invoke(main, ["evaluate", "--format", "bytes-for-text", "--lang", "en"])
    assert (
        "the renderer bytes-for-text (plugin unruly-renderer) failed: render() returned bytes, "
        "not str" in en.stderr
    )


LINGERING = textwrap.dedent(
    """
    import os
    import threading

    import scoplan
    from scoplan.params import Count


    def _kind(id, measure):
        return scoplan.TargetKind(id, scoplan.Text(id), scoplan.Text(id), Count, measure)


    def _lingers(context, params):
        # a thread that would keep the interpreter from ever exiting
        threading.Thread(target=threading.Event().wait, daemon=False).start()
        return scoplan.Measurement(1.0, params.threshold, params.comparator)


    def _hangs(context, params):
        threading.Event().wait()


    def _exits(context, params):
        os._exit(0)


    class Lingers:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            register(_kind("lingers", _lingers))


    class Hangs:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            register(_kind("hangs", _hangs))


    class Exits:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            register(_kind("exits", _exits))
    """
)
LINGERING_ENTRY_POINTS = """\
[scoplan]
lingers = scoplan_lingering:Lingers
hangs = scoplan_lingering:Hangs
exits = scoplan_lingering:Exits
"""
PROCESS_TIMEOUT = 120
"""Seconds a whole ``scoplan`` process may take before the test fails: it takes a few."""


def scoplan_process(folder: Path, targets: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    """``python -m scoplan evaluate`` of a plan with ``targets``, the lingering plugins
    installed, a time limit of one second per target; failing the test if it hangs."""
    install(folder, {"scoplan_lingering": LINGERING}, LINGERING_ENTRY_POINTS)
    text = PLAN_HEAD + "base_year = 2022\n"
    for target in targets:
        text += milestone_toml(target, target, DUE, None, ONE_DISTRICT)
    plan = folder / "plan.toml"
    plan.write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != BLOCK_VARIABLE}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "scoplan", "evaluate", "--plan", str(plan)]
    command += ["--as-of", "2022-12-31", "--format", "json", "--target-timeout", "1"]
    return subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=PROCESS_TIMEOUT, check=False
    )


def test_the_command_ends_despite_threads_left_running_and_os_exit(tmp_path: Path) -> None:
    """A real ``scoplan`` process whose plugins leave a non-daemon thread running, wait
    forever and call ``os._exit(0)``: it ends (within the test's time limit), exit 3, with
    the whole JSON report on standard output and an error result for each of the two."""
    done = scoplan_process(tmp_path, ("service-centres", "lingers", "hangs", "exits"))
    assert done.returncode == 3, done.stderr
    by_target = {r["target"]: r for r in json.loads(done.stdout)["results"]}
    assert by_target["service-centres"]["status"] == "met"
    assert by_target["lingers"]["status"] == "met"
    assert (by_target["hangs"]["status"], by_target["hangs"]["message"]) == (
        "error",
        "timed out: took longer than 1 s",
    )
    assert by_target["hangs"]["message_zh"] == "超时：超过1秒未完成"
    assert (by_target["exits"]["status"], by_target["exits"]["message"]) == (
        "error",
        "PluginExit: os._exit(0) called; a plugin may not end scoplan's process",
    )
    assert "Traceback" not in done.stderr


def test_a_thread_left_running_does_not_change_the_exit_code(tmp_path: Path) -> None:
    """A plugin's thread still running when all is met: the process ends, exit code 0."""
    done = scoplan_process(tmp_path, ("service-centres", "lingers"))
    assert done.returncode == 0, done.stderr
    assert {r["status"] for r in json.loads(done.stdout)["results"]} == {"met"}


@pytest.mark.parametrize(
    ("measurement", "wrong", "wrong_zh"),
    [
        (
            Measurement(7.0, 0.5, ">=", unit="share", numerator=7, denominator=1),
            "value is a share of 7.0, not one between 0 and 1",
            "value 是比例，须在 0 到 1 之间，不能是 7.0",
        ),
        (
            Measurement(-0.25, 0.5, ">=", unit="share"),
            "value is a share of -0.25, not one between 0 and 1",
            "value 是比例，须在 0 到 1 之间，不能是 -0.25",
        ),
        (
            Measurement(0.5, 0.6, ">=", unit="percent"),
            "unit is 'percent', not one of per_community, share, count",
            "unit 为 'percent'，应为 per_community、share、count 之一",
        ),
        (
            # 3 ÷ 4 is 0.75: a report would show "0.5" beside the calculation "3 ÷ 4"
            Measurement(0.5, 0.6, ">=", unit="share", numerator=3, denominator=4),
            "value is 0.5, not numerator ÷ denominator (3 ÷ 4 = 0.75)",
            "value 为 0.5，不等于 numerator ÷ denominator（3 ÷ 4 = 0.75）",
        ),
        (
            Measurement(2.0, 5, ">=", unit="per_community", numerator=9, denominator=3),
            "value is 2.0, not numerator ÷ denominator (9 ÷ 3 = 3)",
            "value 为 2.0，不等于 numerator ÷ denominator（9 ÷ 3 = 3）",
        ),
        (
            # a trial: 1 organization over no community was judged met, 1.0 ≥ 0.5
            Measurement(1.0, 0.5, ">=", unit="per_community", numerator=1, denominator=0),
            "value is 1.0 over a denominator of 0 (1 ÷ 0): over none there is no value, "
            "value must be None",
            "value 为 1.0，而 denominator 为0（1 ÷ 0）：分母为0时没有取值，value 应为 None",
        ),
        (
            # −1 ÷ −2 is 0.5, but no count of units is below none
            Measurement(0.5, 0.5, ">=", unit="share", numerator=-1, denominator=-2),
            "numerator and denominator count units and cannot be below zero (-1 ÷ -2)",
            "numerator 和 denominator 是单位的个数，不能小于0（-1 ÷ -2）",
        ),
    ],
    ids=[
        "share-over-one",
        "negative-share",
        "unknown-unit",
        "sides-share",
        "sides-mean",
        "mean-over-none",
        "share-of-negatives",
    ],
)
def test_a_measurement_no_report_can_read_is_an_error_result(
    data: scoplan.Dataset, measurement: Measurement, wrong: str, wrong_zh: str
) -> None:
    """A share of 700%, a unit no report knows, or a value that is not its own calculation
    (the report would print "3 ÷ 4" beside 50%) is an error result naming what is wrong, in
    English and Chinese — never judged met."""
    result = evaluate_one(data, lambda context, params: measurement)
    assert (result.status, result.message) == (
        Status.ERROR,
        f"TypeError: target 'faulty' returned a Measurement whose {wrong}",
    )
    assert result.message_zh == f"目标类型“faulty”返回的 Measurement 不能使用：{wrong_zh}"


def test_a_mean_and_a_share_that_are_their_calculation_are_judged(data: scoplan.Dataset) -> None:
    """1 ÷ 3 given as 0.333… and a share of exactly 1 (0 ÷ 0 is no calculation) pass, judged
    against the milestone's requirement (its params: at least 1)."""
    share = Measurement(1 / 3, 1, ">=", unit="share", numerator=1, denominator=3)
    assert evaluate_one(data, lambda c, p: share).status == Status.NOT_MET
    whole = Measurement(1.0, 1, ">=", unit="share", numerator=0, denominator=0)
    assert evaluate_one(data, lambda c, p: whole).status == Status.MET


@pytest.mark.parametrize(
    ("measure", "zh"),
    [
        (lambda c, p: {"value": 1}, "目标类型“faulty”返回了 dict，而不是 Measurement"),
        (
            lambda c, p: Measurement(float("nan")),
            "目标类型“faulty”返回的 Measurement 不能使用：value 为 nan，不是有限的数",
        ),
        (
            lambda c, p: Measurement(1.0, details={"ids": {"a"}}),
            "目标类型“faulty”返回的 Measurement 不能使用："
            "details 须为纯数据（文本、有限的数、列表）构成的映射",
        ),
    ],
    ids=["dict", "nan", "set"],
)
def test_what_a_target_returned_wrong_is_said_in_chinese_too(
    data: scoplan.Dataset, measure: Any, zh: str
) -> None:
    """The message of a measurement a report cannot hold has its Chinese form
    (``message_zh``): a Chinese report does not show an English sentence."""
    assert evaluate_one(data, measure).message_zh == zh


def test_a_report_names_the_plugin_and_target_kind_that_failed(data: scoplan.Dataset) -> None:
    """An official who reads 出错 must know whom to send it to: the report names the plugin
    and its target kind beside the message (it gave the bare ``ZeroDivisionError: …``); the
    kind by the title its plugin registered (测试faulty), not its id (``faulty``, the JSON
    report's, for the plugin's author)."""
    from scoplan.renderers.text import render_text

    def divides(context: Any, params: Any) -> Measurement:
        return Measurement(1 / 0)

    result = evaluate_one(data, divides)
    report = attrs.evolve(
        scoplan.evaluate(data, one_milestone("service-centres"), DUE), results=(result,)
    )
    assert "说明：插件“Faulty”的目标类型“测试faulty”出错：目标计算中止：division by zero" in (
        render_text(report, "zh")
    )
    assert (
        "Note: the target kind “Test faulty” of the plugin Faulty failed: "
        "ZeroDivisionError: division by zero"
    ) in render_text(report, "en")
    assert json.loads(render_json(report))["results"][0]["target"] == "faulty"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "csv", "xlsx", "docx"])
def test_every_form_names_the_failed_kind_by_its_title(data: scoplan.Dataset, fmt: str) -> None:
    """Text, Markdown, HTML, CSV, Excel and Word: 目标类型“测试faulty”出错, never
    目标类型“faulty”; the kind's id is left to the code columns (供程序使用)."""
    import io

    import docx
    import openpyxl

    def divides(context: Any, params: Any) -> Measurement:
        return Measurement(1 / 0)

    result = evaluate_one(data, divides)
    report = attrs.evolve(
        scoplan.evaluate(data, one_milestone("service-centres"), DUE), results=(result,)
    )
    renderer = default_registry().renderer(fmt)
    assert renderer is not None
    rendered = renderer.render(report, scoplan.RenderOptions(lang="zh"))
    if fmt == "docx":
        assert isinstance(rendered, bytes)
        document = docx.Document(io.BytesIO(rendered))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        shown = "\n".join([p.text for p in document.paragraphs] + cells)
    elif fmt == "xlsx":
        assert isinstance(rendered, bytes)
        book = openpyxl.load_workbook(io.BytesIO(rendered))
        shown = "\n".join(
            str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
        )
    else:
        assert isinstance(rendered, str)
        shown = rendered
    assert "插件“Faulty”的目标类型“测试faulty”出错：目标计算中止：division by zero" in shown
    assert "“faulty”" not in shown


def test_a_target_kind_no_plugin_has_is_said_in_chinese_too(
    faulty_report: scoplan.Report,
) -> None:
    """The milestone of a kind whose plugin failed to load: its message in Chinese too."""
    result = next(r for r in faulty_report.results if r.target == "never-registered")
    assert result.message_zh == (
        "目标类型“never-registered”未安装（未能加载的插件“Duplicate”、“ExitsAtRegistration”、"
        "“RaisesAtRegistration”中可能有它）"
    )
