"""The plugin manager and registry: built-ins as plugins, and every way a plugin can fail."""

from __future__ import annotations

import datetime as dt
import importlib

import attrs
import pytest
from builders import PLAN_HEAD, district, milestone_toml

import scoplan
from scoplan.params import Count
from scoplan.plugins import BLOCK_VARIABLE, DEFAULT_PLUGINS
from scoplan.testing import build_dataset

BUILTIN_TARGETS = {
    "scoplan.targets.urban_average": "urban-average",
    "scoplan.targets.rural_average": "rural-average",
    "scoplan.targets.service_centres": "service-centres",
    "scoplan.targets.township_federation_coverage": "township-federation-coverage",
    "scoplan.targets.community_federation_coverage": "community-federation-coverage",
    "scoplan.targets.gongyi_district_coverage": "gongyi-district-coverage",
    "scoplan.targets.gongyi_township_coverage": "gongyi-township-coverage",
}


@pytest.fixture(autouse=True)
def no_blocking_from_the_environment(monkeypatch):
    """Tests here decide what is blocked; the caller's environment does not."""
    monkeypatch.delenv(BLOCK_VARIABLE, raising=False)


def registry(*extra, blocked=()):
    """A registry of the built-ins and ``extra`` plugins, without entry points."""
    plugins = scoplan.get_plugin_manager(entry_points=False, extra=extra, blocked=blocked)
    return scoplan.load_registry(plugins)


def kind(id, measure=None):
    """A target kind with this id, counting nothing."""
    return scoplan.TargetKind(
        id=id,
        title=scoplan.Text("测试", "Test"),
        description=scoplan.Text("测试", "Test"),
        params=Count,
        measure=measure or (lambda context, params: scoplan.Measurement(1.0, 1.0, ">=")),
    )


class Funds:
    """A well-behaved third-party plugin registering ``community-funds``."""

    @staticmethod
    @scoplan.hookimpl
    def scoplan_register_targets(register):
        """Register one target kind."""
        register(kind("community-funds"))


def failure_of(reg, plugin):
    """The one failure whose source is ``plugin``."""
    (found,) = [f for f in reg.failures if f.source == plugin]
    return found


def test_builtins_are_plugins_listing_their_targets():
    """Each built-in target module is listed as a built-in plugin with the target it registers."""
    reg = registry()
    listed = {p.name: p for p in reg.plugins}
    for module, target in BUILTIN_TARGETS.items():
        assert listed[module].targets == (target,)
        assert listed[module].builtin is True
        assert listed[module].distribution == "scoplan"
        assert reg.owner(target) == module
    assert "huangshan-2021-2023" in listed["scoplan.plans"].plans
    assert set(DEFAULT_PLUGINS) <= set(listed)
    assert reg.failures == []


def test_builtins_register_through_the_same_hook_as_third_party_plugins():
    """A built-in module is an ordinary hook implementation of ``scoplan_register_targets``."""
    plugins = scoplan.get_plugin_manager(entry_points=False, extra=[Funds])
    impls = plugins.manager.hook.scoplan_register_targets.get_hookimpls()
    owners = [impl.plugin for impl in impls]
    assert importlib.import_module("scoplan.targets.urban_average") in owners
    assert Funds in owners
    reg = scoplan.load_registry(plugins)
    assert reg.owner("community-funds") == "Funds"
    assert {p.name: p.builtin for p in reg.plugins}["Funds"] is False


def test_each_call_builds_a_fresh_manager():
    """A plugin added to one manager is not in the next one."""
    with_funds = registry(Funds)
    without = registry()
    assert "community-funds" in with_funds.targets
    assert "community-funds" not in without.targets


def test_a_duplicate_target_id_is_a_failure_and_the_first_is_kept():
    """Registering ``urban-average`` again fails with duplicate_target; the built-in stays."""

    class Impostor:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            register(kind("urban-average"))

    reg = registry(Impostor)
    problem = failure_of(reg, "Impostor")
    assert problem.code == "duplicate_target"
    assert problem.value == "urban-average"
    assert problem.params["other"] == "scoplan.targets.urban_average"
    builtin = importlib.import_module("scoplan.targets.urban_average")
    assert reg.target("urban-average").measure is builtin.measure
    assert reg.owner("urban-average") == "scoplan.targets.urban_average"


def test_between_two_third_party_plugins_the_first_registered_wins():
    """Of two plugins registering one id, the one registered first keeps it."""

    class First:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            register(attrs.evolve(kind("shared-id"), version="first"))

    class Second:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            register(attrs.evolve(kind("shared-id"), version="second"))

    reg = registry(First, Second)
    assert reg.target("shared-id").version == "first"
    assert reg.owner("shared-id") == "First"
    assert failure_of(reg, "Second").code == "duplicate_target"


def test_a_misspelt_hook_is_a_failure_not_silence():
    """``scoplan_register_target`` (no s) unloads the plugin and reports it."""

    class Typo:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_target(register):
            register(kind("never-registered"))

    reg = registry(Typo)
    problem = failure_of(reg, "Typo")
    assert problem.code == "plugin_failed"
    assert "scoplan_register_target" in problem.params["reason"]
    assert "never-registered" not in reg.targets
    assert "Typo" not in {p.name for p in reg.plugins}


def test_a_raising_hook_fails_alone():
    """A hook that raises is a failure naming its plugin; the others' registrations stand."""

    class Crashing:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            raise RuntimeError("cannot read my config")

    reg = registry(Crashing, Funds)
    problem = failure_of(reg, "Crashing")
    assert problem.code == "plugin_failed"
    assert problem.params["plugin"] == "Crashing"
    assert problem.params["reason"] == "RuntimeError: cannot read my config"
    assert "Crashing" in str(problem)
    assert set(BUILTIN_TARGETS.values()) | {"community-funds"} <= set(reg.targets)
    assert len(reg.failures) == 1


def test_registering_something_else_than_a_target_kind_is_a_failure():
    """Handing ``register`` a string is reported as a failure naming the plugin."""

    class Careless:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            register("community-funds")

    reg = registry(Careless)
    problem = failure_of(reg, "Careless")
    assert problem.code == "plugin_failed"
    assert "TargetKind" in problem.params["reason"]
    assert "community-funds" not in reg.targets


def test_blocking_a_builtin_removes_its_target():
    """``blocked`` with a built-in module name leaves its target kind out, and only it."""
    reg = registry(blocked=["scoplan.targets.urban_average"])
    assert "urban-average" not in reg.targets
    assert set(BUILTIN_TARGETS.values()) - {"urban-average"} <= set(reg.targets)
    assert "scoplan.targets.urban_average" not in {p.name for p in reg.plugins}


def test_blocking_a_third_party_plugin_by_name():
    """An extra plugin blocked by its name registers nothing."""
    reg = registry(Funds, blocked=["Funds"])
    assert "community-funds" not in reg.targets
    assert reg.failures == []


def test_blocking_through_the_environment(monkeypatch):
    """``SCOPLAN_BLOCK_PLUGINS`` (comma-separated, spaces allowed) blocks plugins too."""
    monkeypatch.setenv(
        BLOCK_VARIABLE, "scoplan.targets.rural_average, scoplan.targets.service_centres"
    )
    reg = registry()
    assert "rural-average" not in reg.targets
    assert "service-centres" not in reg.targets
    assert "urban-average" in reg.targets


def test_a_plugin_failure_is_a_run_error_of_every_report():
    """A failed plugin shows in the report's run errors and makes the exit code 3."""

    class Crashing:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_targets(register):
            raise RuntimeError("boom")

    plan = scoplan.parse_plan(
        PLAN_HEAD + milestone_toml("m", "service-centres", dt.date(2021, 12, 31))
    )
    data = build_dataset(districts=[district("D1")])
    report = scoplan.evaluate(data, plan, dt.date(2022, 1, 1), registry=registry(Crashing))
    (error,) = report.run_errors
    assert (error.code, error.source) == ("plugin_failed", "Crashing")
    assert "boom" in error.message
    # D1 has no centre: the milestone is not met, but the plugin failure ranks first
    assert report.results[0].status is scoplan.Status.NOT_MET
    assert report.exit_code() == 3


def test_a_plugin_target_is_usable_in_a_plan():
    """A third-party target kind is evaluated like a built-in, and its result names the plugin."""
    plan = scoplan.parse_plan(
        PLAN_HEAD + milestone_toml("funds", "community-funds", dt.date(2021, 12, 31))
    )
    data = build_dataset(districts=[district("D1")])
    report = scoplan.evaluate(data, plan, dt.date(2022, 1, 1), registry=registry(Funds))
    (result,) = report.results
    assert (result.target, result.plugin, result.status) == (
        "community-funds",
        "Funds",
        scoplan.Status.MET,
    )
    assert "Funds" in {p.name for p in report.plugins}


def plans_plugin(*paths):
    """A plugin registering plan files."""

    class Plans:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_plans(register):
            for path in paths:
                register(path)

    return Plans


def test_a_plugin_plan_is_available_by_its_id(tmp_path):
    """A plan file a plugin registers is listed and loaded by the id written in it."""
    path = tmp_path / "district-plan.toml"
    text = PLAN_HEAD.replace('"test-plan"', '"district-2022"')
    path.write_text(text + milestone_toml("m", "urban-average", dt.date(2022, 12, 31)), "utf-8")
    reg = registry(plans_plugin(path))
    assert "district-2022" in reg.plan_ids()
    assert reg.plan("district-2022").milestone("m").target == "urban-average"
    assert {p.name: p.plans for p in reg.plugins}["Plans"] == ("district-2022",)


def test_a_duplicate_plan_id_is_a_failure_and_the_first_is_kept(tmp_path):
    """A second plan file with the id of a bundled plan fails with duplicate_plan."""
    path = tmp_path / "copy.toml"
    path.write_text(PLAN_HEAD.replace('"test-plan"', '"huangshan-2021-2023"'), "utf-8")
    reg = registry(plans_plugin(path))
    problem = failure_of(reg, "Plans")
    assert (problem.code, problem.value) == ("duplicate_plan", "huangshan-2021-2023")
    # the bundled one, with its milestones, is the one kept
    assert reg.plan("huangshan-2021-2023").title.startswith("黄山市")


def test_registering_something_else_than_a_plan_path_is_a_failure():
    """Handing the plan ``register`` a plain string is a failure naming the plugin."""
    reg = registry(plans_plugin("huangshan.toml"))
    problem = failure_of(reg, "Plans")
    assert problem.code == "plugin_failed"
    assert "path" in problem.params["reason"]


def test_an_unknown_plan_id_is_a_plan_error_listing_the_known_ones():
    """Asking for a plan no plugin registered raises PlanError naming the installed plans."""
    with pytest.raises(scoplan.PlanError) as caught:
        registry().plan("huangshan-2021-2024")
    (problem,) = caught.value.problems
    assert (problem.code, problem.value) == ("unknown_plan", "huangshan-2021-2024")
    assert "huangshan-2021-2023" in problem.params["expected"]
