"""The façade: ``scoplan.__all__`` is sorted, complete, and exactly what we mean to export."""

from __future__ import annotations

import importlib.metadata
import inspect

import scoplan

EXPECTED = [
    "BrandProject",
    "Change",
    "Clause",
    "Community",
    "Comparison",
    "Context",
    "DataError",
    "Dataset",
    "District",
    "Establishment",
    "Event",
    "Evidence",
    "Federation",
    "Gap",
    "HistoryPoint",
    "Loader",
    "Measurement",
    "Milestone",
    "Organization",
    "Plan",
    "PlanError",
    "PluginError",
    "Problem",
    "Projection",
    "Registry",
    "RenderOptions",
    "Renderer",
    "Report",
    "Result",
    "Scope",
    "ScopeRef",
    "ScoplanError",
    "Status",
    "TargetKind",
    "Text",
    "Township",
    "UnitValue",
    "__version__",
    "bundled_plan",
    "compare",
    "default_registry",
    "evaluate",
    "example_path",
    "get_plugin_manager",
    "hookimpl",
    "load",
    "load_plan",
    "load_registry",
    "parse_plan",
    "what_if",
    "with_additions",
]


def test_all_is_sorted():
    """``__all__`` is in sorted order, so additions land in one obvious place."""
    assert scoplan.__all__ == sorted(scoplan.__all__)


def test_every_name_in_all_exists():
    """Every name ``__all__`` promises can be imported from ``scoplan``."""
    missing = [name for name in scoplan.__all__ if not hasattr(scoplan, name)]
    assert missing == []


def test_all_is_exactly_the_expected_names():
    """``__all__`` is exactly the public API written down here: nothing more, nothing less."""
    assert scoplan.__all__ == EXPECTED


def test_every_public_class_and_function_is_documented():
    """Each exported class and function has a docstring of its own."""
    undocumented = [
        name
        for name in scoplan.__all__
        if (inspect.isclass(getattr(scoplan, name)) or inspect.isfunction(getattr(scoplan, name)))
        and not inspect.getdoc(getattr(scoplan, name))
    ]
    assert undocumented == []


def test_version_is_the_installed_distributions():
    """``__version__`` is the version of the installed ``scoplan`` distribution."""
    assert scoplan.__version__ == importlib.metadata.version("scoplan")


def test_exceptions_share_one_base():
    """Every exception scoplan exports derives from ScoplanError."""
    assert issubclass(scoplan.DataError, scoplan.ScoplanError)
    assert issubclass(scoplan.PlanError, scoplan.ScoplanError)
    assert issubclass(scoplan.PluginError, scoplan.ScoplanError)


def test_the_testing_harness_exports_a_sorted_documented_api():
    """``scoplan.testing.__all__`` is sorted, importable, and every name is documented."""
    import scoplan.testing

    names = scoplan.testing.__all__
    assert names == sorted(names, key=lambda n: (not n.isupper(), n))
    for name in names:
        value = getattr(scoplan.testing, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), name
