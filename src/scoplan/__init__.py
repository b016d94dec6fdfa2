"""scoplan: is the plan for community social organizations being met?

The public API. Load data, pick a plan, evaluate, read the report::

    import datetime as dt
    import scoplan

    data = scoplan.load("examples/huangshan")
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    report = scoplan.evaluate(data, plan, dt.date(2023, 12, 31))
    for result in report.results:
        print(result.milestone, result.scope.name, result.status, result.value)

Nothing here prints or exits; every error scoplan raises on purpose is a
:class:`ScoplanError`.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any

    from scoplan._exceptions import DataError, PlanError, PluginError, Problem, ScoplanError
    from scoplan.api import (
        bundled_plan,
        check,
        evaluate,
        load,
        render,
        what_if,
        with_additions,
    )
    from scoplan.checkup import Checkup
    from scoplan.dataset import Dataset
    from scoplan.diff import Change, Comparison, compare
    from scoplan.examples import example_path
    from scoplan.formats import Code, ColumnSpec, Loader, Renderer, RenderOptions
    from scoplan.hookspecs import hookimpl
    from scoplan.i18n import Text
    from scoplan.limits import Limits
    from scoplan.model import (
        BrandProject,
        Community,
        District,
        Establishment,
        Event,
        Federation,
        Organization,
        Township,
    )
    from scoplan.plan import Clause, Milestone, Plan, load_plan, parse_plan
    from scoplan.plugins import Registry, default_registry, get_plugin_manager, load_registry
    from scoplan.projection import HistoryPoint, Projection
    from scoplan.report import DataWarning, Evidence, Gap, Report, Result, ScopeRef, Status
    from scoplan.target import (
        Context,
        Counted,
        Figure,
        Measurement,
        Requirement,
        Scope,
        TargetKind,
        UnitValue,
    )

    __version__: str

# The names above are imported on first use (PEP 562), not with ``import scoplan``: the
# command line starts without the modules (polars, cattrs, pluggy, importlib.metadata…) a
# command does not need. ``from scoplan import X`` and ``scoplan.X`` work as before.
_EXPORTS: dict[str, str] = {
    "DataError": "scoplan._exceptions",
    "PlanError": "scoplan._exceptions",
    "PluginError": "scoplan._exceptions",
    "Problem": "scoplan._exceptions",
    "ScoplanError": "scoplan._exceptions",
    "Checkup": "scoplan.checkup",
    "check": "scoplan.api",
    "Dataset": "scoplan.dataset",
    "Change": "scoplan.diff",
    "Comparison": "scoplan.diff",
    "compare": "scoplan.diff",
    "evaluate": "scoplan.api",
    "example_path": "scoplan.examples",
    "Code": "scoplan.formats",
    "ColumnSpec": "scoplan.formats",
    "Loader": "scoplan.formats",
    "Renderer": "scoplan.formats",
    "RenderOptions": "scoplan.formats",
    "hookimpl": "scoplan.hookspecs",
    "Text": "scoplan.i18n",
    "Limits": "scoplan.limits",
    "load": "scoplan.api",
    "BrandProject": "scoplan.model",
    "Community": "scoplan.model",
    "District": "scoplan.model",
    "Establishment": "scoplan.model",
    "Event": "scoplan.model",
    "Federation": "scoplan.model",
    "Organization": "scoplan.model",
    "Township": "scoplan.model",
    "Clause": "scoplan.plan",
    "Milestone": "scoplan.plan",
    "Plan": "scoplan.plan",
    "load_plan": "scoplan.plan",
    "parse_plan": "scoplan.plan",
    "Registry": "scoplan.plugins",
    "default_registry": "scoplan.plugins",
    "get_plugin_manager": "scoplan.plugins",
    "load_registry": "scoplan.plugins",
    "HistoryPoint": "scoplan.projection",
    "Projection": "scoplan.projection",
    "DataWarning": "scoplan.report",
    "Evidence": "scoplan.report",
    "Gap": "scoplan.report",
    "Report": "scoplan.report",
    "Result": "scoplan.report",
    "ScopeRef": "scoplan.report",
    "Status": "scoplan.report",
    "Context": "scoplan.target",
    "Counted": "scoplan.target",
    "Figure": "scoplan.target",
    "Measurement": "scoplan.target",
    "Requirement": "scoplan.target",
    "Scope": "scoplan.target",
    "TargetKind": "scoplan.target",
    "UnitValue": "scoplan.target",
    "what_if": "scoplan.api",
    "bundled_plan": "scoplan.api",
    "render": "scoplan.api",
    "with_additions": "scoplan.api",
}

# The submodules ``import scoplan`` used to import, and so made attributes of the package:
# ``scoplan.report.SCHEMA_VERSION`` after a bare ``import scoplan`` still works.
_SUBMODULES = frozenset(
    {
        "_convert",
        "_exceptions",
        "dataset",
        "diff",
        "engine",
        "examples",
        "formats",
        "hookspecs",
        "i18n",
        "loading",
        "model",
        "plan",
        "plugins",
        "projection",
        "report",
        "schema",
        "target",
        "whatif",
    }
)


def __getattr__(name: str) -> Any:
    """A public name (or a submodule), imported on first use and then kept (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
    elif name == "__version__":
        from scoplan._version import version

        value = version()
    elif name in _SUBMODULES or _public_submodule(name):
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def _public_submodule(name: str) -> bool:
    """Whether ``scoplan.<name>`` is a public module of the package (``scoplan.divisions``,
    ``scoplan.template``, as the README calls them after a bare ``import scoplan``)."""
    import importlib.util

    if name.startswith("_") or not name.isidentifier():
        return False
    return importlib.util.find_spec(f"{__name__}.{name}") is not None


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | _SUBMODULES)


# The public API, written once: ``tests/test_public_api.py`` derives from it, and holds
# ``_EXPORTS`` and the ``TYPE_CHECKING`` imports above to these names.
__all__ = [
    "BrandProject",
    "Change",
    "Checkup",
    "Clause",
    "Code",
    "ColumnSpec",
    "Community",
    "Comparison",
    "Context",
    "Counted",
    "DataError",
    "DataWarning",
    "Dataset",
    "District",
    "Establishment",
    "Event",
    "Evidence",
    "Federation",
    "Figure",
    "Gap",
    "HistoryPoint",
    "Limits",
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
    "Requirement",
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
    "check",
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
    "render",
    "what_if",
    "with_additions",
]
