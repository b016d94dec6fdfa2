"""scoplan.testing.plugin: pytest finds it by its entry point, and its fixtures work."""

from __future__ import annotations

import importlib.metadata

import pytest

PLUGIN_UNDER_TEST = '''
import pytest

import scoplan
from scoplan.params import Count


class Inline:
    """A plugin under test, declared in the conftest."""

    @staticmethod
    @scoplan.hookimpl
    def scoplan_register_targets(register):
        register(
            scoplan.TargetKind(
                id="inline-kind",
                title=scoplan.Text("内联", "Inline"),
                description=scoplan.Text("内联", "Inline"),
                params=Count,
                measure=lambda context, params: scoplan.Measurement(1.0, 1.0, ">="),
            )
        )


@pytest.fixture
def scoplan_plugins():
    return [Inline]
'''

USES_THE_FIXTURES = """
def test_the_registry_has_the_builtins_and_the_plugin_under_test(scoplan_registry):
    assert "inline-kind" in scoplan_registry.targets
    assert "urban-average" in scoplan_registry.targets
    assert scoplan_registry.owner("inline-kind") == "Inline"


def test_the_builder_builds(dataset_builder):
    data = dataset_builder.district_with("D1", communities=2, organizations=3).build()
    assert data.size()["organizations"] == 3


def test_each_test_gets_a_fresh_builder(dataset_builder):
    assert dataset_builder.tables()["districts"] == []
"""


def test_the_entry_point_names_the_plugin_module():
    """scoplan's distribution declares ``scoplan.testing.plugin`` in the ``pytest11`` group."""
    (entry_point,) = [
        e for e in importlib.metadata.entry_points(group="pytest11") if e.name == "scoplan"
    ]
    assert entry_point.value == "scoplan.testing.plugin"
    assert entry_point.dist is not None
    assert entry_point.dist.metadata["Name"] == "scoplan"


def test_a_fresh_pytest_run_loads_the_plugin_and_its_fixtures_work(pytester):
    """In a new pytest process, nothing but installation brings the fixtures in."""
    pytester.makeconftest(PLUGIN_UNDER_TEST)
    pytester.makepyfile(test_uses_fixtures=USES_THE_FIXTURES)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["plugins: *scoplan-*"])
    result.assert_outcomes(passed=3)


def test_the_registry_ignores_the_callers_blocking(pytester, monkeypatch):
    """SCOPLAN_BLOCK_PLUGINS in the environment does not change what a test sees."""
    monkeypatch.setenv("SCOPLAN_BLOCK_PLUGINS", "scoplan.targets.urban_average")
    pytester.makeconftest(PLUGIN_UNDER_TEST)
    pytester.makepyfile(test_uses_fixtures=USES_THE_FIXTURES)
    pytester.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(passed=3)


def test_a_plugin_under_test_that_fails_to_load_fails_the_test_with_the_reason(pytester):
    """A misspelt hook in the plugin under test is not silence: the test fails, saying so."""
    pytester.makeconftest(
        """
import pytest
import scoplan


class Misspelt:
    @staticmethod
    @scoplan.hookimpl
    def scoplan_register_target(register):
        pass


@pytest.fixture
def scoplan_plugins():
    return [Misspelt]
"""
    )
    pytester.makepyfile("def test_registry(scoplan_registry):\n    pass\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*plugins failed to load*", "*Misspelt*scoplan_register_target*"])


def test_the_plugin_can_be_turned_off(pytester):
    """``-p no:scoplan`` leaves the fixtures out, as for any pytest plugin."""
    pytester.makepyfile("def test_builder(dataset_builder):\n    pass\n")
    result = pytester.runpytest_inprocess("-p", "no:scoplan", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'dataset_builder' not found*"])


@pytest.mark.parametrize("fixture", ["scoplan_registry", "scoplan_plugins", "dataset_builder"])
def test_our_own_suite_has_the_fixtures(fixture, request):
    """The plugin is active in scoplan's own test run too."""
    assert request.getfixturevalue(fixture) is not None
