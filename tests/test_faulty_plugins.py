"""Faulty plugins: each fault is reported, naming its plugin; every other result is intact.

Plugins that raise when imported, when registering and when measuring, that return the
wrong thing, register an id already taken, call ``sys.exit``, or are merely slow, given to
the plugin manager as objects, as a module written to disk and imported, and as real entry
points of a distribution on ``sys.path``. The run reports each fault as a run error or as
an ``error`` result naming the plugin, the other results are those of a run without the
faulty plugins, the exit code is 3, and every result says how long its target took.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import attrs
import pytest
from builders import PLAN_HEAD, milestone_toml
from click.testing import CliRunner

import scoplan
from scoplan import Measurement, Status, UnitValue
from scoplan.cli import main
from scoplan.i18n import describe_problem
from scoplan.params import Count
from scoplan.plugins import BLOCK_VARIABLE, default_registry

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
        "RaisesAtRegistration：插件 RaisesAtRegistration 加载失败:RuntimeError: no config file"
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
        "LookupError: target kind 'never-registered' is not installed; a plugin that failed "
        "to load may have it: Duplicate, ExitsAtRegistration, RaisesAtRegistration"
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
