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

from importlib.metadata import PackageNotFoundError, version

from scoplan._exceptions import DataError, PlanError, PluginError, Problem, ScoplanError
from scoplan.dataset import Dataset
from scoplan.diff import Change, Comparison, compare
from scoplan.engine import evaluate
from scoplan.examples import example_path
from scoplan.formats import Loader, Renderer, RenderOptions
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.loading import load
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
from scoplan.report import Evidence, Gap, Report, Result, ScopeRef, Status
from scoplan.target import Context, Measurement, Scope, TargetKind, UnitValue
from scoplan.whatif import what_if, with_additions

try:
    __version__ = version("scoplan")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"


def bundled_plan(id: str) -> Plan:
    """A plan registered by an installed plugin (scoplan's own included), by its id."""
    return default_registry().plan(id)


__all__ = [
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
