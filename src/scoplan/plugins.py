"""Building the plugin manager and collecting what plugins register.

This is the only module that touches pluggy's manager. :func:`get_plugin_manager` builds a
fresh one (specs, built-in plugins, entry points), and :func:`load_registry` calls the
registration hooks, one implementation at a time inside its own error boundary, into a
:class:`Registry`: the target kinds, plans and plugin failures of this run.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from scoplan import hookspecs
from scoplan._exceptions import PlanError, Problem
from scoplan._isolation import (
    fault_message,
    fault_message_zh,
    fault_text,
    no_exit,
    plugin_fault,
    zh_reason,
)
from scoplan.i18n import translate
from scoplan.target import TargetKind

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from scoplan.formats import Code, ColumnSpec, Loader, Renderer
    from scoplan.plan import Plan
    from scoplan.schema import Column

DEFAULT_PLUGINS: tuple[str, ...] = (
    "scoplan.targets.urban_average",
    "scoplan.targets.rural_average",
    "scoplan.targets.service_centres",
    "scoplan.targets.township_federation_coverage",
    "scoplan.targets.community_federation_coverage",
    "scoplan.targets.gongyi_district_coverage",
    "scoplan.targets.gongyi_township_coverage",
    "scoplan.targets.brand_organizations",
    "scoplan.targets.brand_projects",
    "scoplan.targets.observation_points",
    "scoplan.targets.rural_pilots",
    "scoplan.targets.trainings",
    "scoplan.targets.governance_academies",
    "scoplan.targets.development_plans",
    "scoplan.targets.registration",
    "scoplan.targets.charters",
    "scoplan.targets.disclosure",
    "scoplan.targets.activity_reporting",
    "scoplan.targets.brand_selection",
    "scoplan.targets.priority_fields",
    "scoplan.targets.special_groups",
    "scoplan.targets.gongyi_held",
    "scoplan.targets.establishment_coverage",
    "scoplan.targets.generic",
    "scoplan.plans",
    "scoplan.loaders.returns_folder",
    "scoplan.loaders.csv_folder",
    "scoplan.loaders.json_document",
    "scoplan.loaders.xlsx_workbook",
    "scoplan.loaders.sql_database",
    "scoplan.renderers.text",
    "scoplan.renderers.json",
    "scoplan.renderers.markdown",
    "scoplan.renderers.html",
    "scoplan.renderers.csv",
    "scoplan.renderers.xlsx",
    "scoplan.renderers.docx",
)
"""The built-in plugins, registered exactly as third-party ones are."""

BLOCK_VARIABLE = "SCOPLAN_BLOCK_PLUGINS"


@attrs.frozen
class PluginInfo:
    """A plugin that is loaded: its name, distribution and version, what it registered."""

    name: str
    distribution: str | None
    version: str | None
    targets: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    loaders: tuple[str, ...] = ()
    renderers: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    builtin: bool = False
    columns: tuple[str, ...] = ()


def blocked_from_environment() -> tuple[str, ...]:
    """The plugin names that ``SCOPLAN_BLOCK_PLUGINS`` (comma-separated) blocks."""
    value = os.environ.get(BLOCK_VARIABLE, "")
    return tuple(name.strip() for name in value.split(",") if name.strip())


@attrs.frozen
class Plugins:
    """A plugin manager with its plugins registered, and the plugins that failed to load."""

    manager: pluggy.PluginManager
    failures: tuple[Problem, ...] = ()
    distributions: Mapping[str, tuple[str, str]] = attrs.field(factory=dict)


def get_plugin_manager(
    *,
    entry_points: bool = True,
    blocked: Iterable[str] = (),
    extra: Iterable[object] = (),
) -> Plugins:
    """A new plugin manager with the specs, the built-ins and the installed plugins.

    ``blocked`` names plugins (entry-point names or built-in module names) not to load;
    ``SCOPLAN_BLOCK_PLUGINS`` adds to it. ``extra`` plugins (modules or objects) are
    registered too: tests and embedding programs use it. A plugin that fails to load (an
    import error, a hook no spec declares) is left out and reported in ``failures``; the
    others stand.
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    block = set(blocked) | set(blocked_from_environment())
    for name in block:
        pm.set_blocked(name)
    failures: list[Problem] = []
    distributions: dict[str, tuple[str, str]] = {}

    def add(plugin: object, name: str) -> None:
        try:
            with no_exit():
                pm.register(plugin, name=name)
        except BaseException as error:  # a plugin's fault must not stop the others
            if not plugin_fault(error):
                raise
            failures.append(_failure(name, error))

    for module_name in DEFAULT_PLUGINS:
        if module_name not in block:
            add(importlib.import_module(module_name), module_name)
    if entry_points:
        for entry_point in sorted(
            importlib.metadata.entry_points(group=hookspecs.PROJECT), key=lambda e: e.name
        ):
            if entry_point.name in block or pm.get_plugin(entry_point.name) is not None:
                continue
            try:
                with no_exit():
                    plugin = entry_point.load()
            except BaseException as error:  # a plugin's import error is reported
                if not plugin_fault(error):
                    raise
                failures.append(_failure(entry_point.name, error))
                continue
            add(plugin, entry_point.name)
            if entry_point.dist is not None:
                dist = entry_point.dist
                distributions[entry_point.name] = (dist.metadata["Name"], dist.version)
    for index, plugin in enumerate(extra):
        add(plugin, getattr(plugin, "__name__", f"extra-{index}"))
    failures.extend(_unknown_hooks(pm))
    return Plugins(pm, tuple(failures), distributions)


def _failure(plugin: str, error: BaseException) -> Problem:
    """That ``plugin`` failed to load, raising ``error`` as it was imported or registered:
    in English its type and message (``RuntimeError: no config file``), in Chinese what it
    says alone (:func:`_reason_zh`)."""
    params = {"plugin": plugin, "reason": fault_message(error), "reason_zh": _reason_zh(error)}
    return Problem("plugin_failed", plugin, params=params)


def _reason_zh(error: BaseException) -> str:
    """Why a plugin failed to load, as a Chinese report says it (插件“anqing”未能加载：…):
    scoplan's words for an exit (:func:`~scoplan._isolation.fault_message_zh`), else what
    the exception says in the plugin's own words, its type left to the English reason for
    the plugin's author; 未说明原因 where it says nothing."""
    said = fault_message_zh(error)
    if said:
        return said
    text = fault_text(error, translate("error.target_raised_unread", "zh")).strip()
    return text or translate("error.plugin_failed_silent", "zh")


def _unknown_hooks(pm: pluggy.PluginManager) -> list[Problem]:
    """Unregister each plugin that implements a hook no spec declares, as a failure."""
    failures: list[Problem] = []
    for name in list(pm.hook.__dict__):
        caller = getattr(pm.hook, name)
        if caller.spec is not None:
            continue
        for impl in caller.get_hookimpls():
            if impl.optionalhook:
                continue
            plugin_name = impl.plugin_name
            params = {
                "plugin": plugin_name,
                "reason": translate("error.unknown_hook", "en", hook=name),
                "reason_zh": translate("error.unknown_hook", "zh", hook=name),
            }
            failures.append(Problem("plugin_failed", plugin_name, params=params))
            pm.unregister(impl.plugin)
    return failures


@attrs.define
class Registry:
    """What the installed plugins registered: target kinds, plans, and what went wrong."""

    targets: dict[str, TargetKind] = attrs.field(factory=dict)
    plan_sources: dict[str, Traversable | Path] = attrs.field(factory=dict)
    loaders: dict[str, Loader] = attrs.field(factory=dict)
    renderers: dict[str, Renderer] = attrs.field(factory=dict)
    registered_codes: dict[str, Code] = attrs.field(factory=dict)
    plugins: list[PluginInfo] = attrs.field(factory=list)
    failures: list[Problem] = attrs.field(factory=list)
    _target_owner: dict[str, str] = attrs.field(factory=dict)
    _plans: dict[str, Plan] = attrs.field(factory=dict)
    declared: dict[str, ColumnSpec] = attrs.field(factory=dict)
    """The columns plugins declared (``scoplan_register_columns``), by ``table.column``."""
    _column_owner: dict[str, str] = attrs.field(factory=dict)
    column_conflicts: list[Problem] = attrs.field(factory=list)
    """Columns declared twice or over a built-in one: loading data refuses to go on."""

    @property
    def columns(self) -> dict[str, tuple[Column, ...]]:
        """The declared columns, as :mod:`scoplan.schema` columns, by table."""
        found: dict[str, list[Column]] = {}
        for id, spec in self.declared.items():
            found.setdefault(spec.table, []).append(spec.column(self._column_owner[id]))
        return {table: tuple(columns) for table, columns in found.items()}

    def column_owner(self, table: str, name: str) -> str:
        """The plugin that declared ``table.name``; empty for a built-in or unknown column."""
        return self._column_owner.get(f"{table}.{name}", "")

    def target(self, id: str) -> TargetKind | None:
        """The target kind with this id, or None."""
        return self.targets.get(id)

    def owner(self, target_id: str) -> str:
        """The name of the plugin that registered a target kind."""
        return self._target_owner.get(target_id, "")

    def loader_for(self, source: str) -> Loader | None:
        """The first registered loader that accepts ``source``, or None.

        A loader whose ``accepts`` raises is passed over and recorded in ``failures``.
        """
        for loader in self.loaders.values():
            try:
                with no_exit():
                    accepted = loader.accepts(source)
            except BaseException as error:  # a plugin's fault: the next loader may read it
                if not plugin_fault(error):
                    raise
                from scoplan._display import masked

                # a run error the report keeps: a database URL without its password
                reason = masked(fault_message(error))
                params = {"loader": loader.id, "reason": reason, **zh_reason(error)}
                problem = Problem("loader_failed", masked(source), params=params)
                if problem not in self.failures:
                    self.failures.append(problem)
                continue
            if accepted:
                return loader
        return None

    @property
    def codes(self) -> dict[tuple[str, str], dict[str, tuple[str, ...]]]:
        """The codes plugins registered for open lists: (table, column) → code → spellings."""
        codes: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}
        for code in self.registered_codes.values():
            codes.setdefault((code.table, code.column), {})[code.code] = code.aliases
        return codes

    @property
    def code_titles(self) -> dict[tuple[str, str, str], tuple[str, str]]:
        """The titles of the codes plugins registered for open lists: (table, column, code)
        → (Chinese, English), what a milestone named from one says."""
        return {
            (code.table, code.column, code.code): (code.title.zh, code.title.en)
            for code in self.registered_codes.values()
        }

    def renderer(self, id: str) -> Renderer | None:
        """The renderer of a format, or None."""
        return self.renderers.get(id)

    def plan_ids(self) -> list[str]:
        """The ids of the registered plans, sorted."""
        return sorted(self.plan_sources)

    def plan(self, id: str) -> Plan:
        """The registered plan with this id, parsed; PlanError if none has it."""
        from scoplan.plan import load_plan

        if id not in self._plans:
            if id not in self.plan_sources:
                raise PlanError(
                    [
                        Problem(
                            "unknown_plan",
                            "plans",
                            value=id,
                            params={"expected": ", ".join(self.plan_ids()) or "-"},
                        )
                    ]
                )
            self._plans[id] = load_plan(self.plan_sources[id])
        return self._plans[id]


def _call_each(
    pm: pluggy.PluginManager,
    hook_name: str,
    make_register: Callable[[str], Callable[[Any], None]],
    failures: list[Problem],
) -> None:
    caller = getattr(pm.hook, hook_name)
    for impl in caller.get_hookimpls():  # in registration order (pluggy calls them reversed)
        offered = {"register": make_register(impl.plugin_name)}
        try:
            # pass only the arguments the implementation names, as pluggy does
            with no_exit():
                impl.function(**{name: offered[name] for name in impl.argnames})
        except BaseException as error:  # one plugin, one boundary (all but an interrupt)
            if not plugin_fault(error):
                raise
            failures.append(_failure(impl.plugin_name, error))


def _check_registered(thing: Any) -> None:
    """A TypeError unless a registered target kind, loader or renderer can be used.

    They are attrs classes without validators; one with a number for an id or a params
    class cattrs cannot fill would otherwise fail later, when a plan uses it.
    """
    if not isinstance(thing.id, str) or not thing.id.strip():
        raise TypeError(f"the id must be a non-empty string, not {thing.id!r}")
    from scoplan.i18n import Text

    if not isinstance(thing.title, Text):
        raise TypeError(f"{thing.id!r}: the title must be a scoplan.Text")
    _check_text(thing, "title")
    if isinstance(thing, TargetKind):
        if not isinstance(thing.description, Text):
            raise TypeError(f"{thing.id!r}: the description must be a scoplan.Text")
        _check_text(thing, "description")
        if not (isinstance(thing.params, type) and attrs.has(thing.params)):
            raise TypeError(f"{thing.id!r}: params must be an attrs class, not {thing.params!r}")
        if not callable(thing.measure):
            raise TypeError(f"{thing.id!r}: measure must be a function")
    from scoplan.formats import Code

    if isinstance(thing, Code):
        from scoplan.schema import TABLES_BY_NAME

        table = TABLES_BY_NAME.get(thing.table)
        columns = {c.name: c for c in table.columns} if table else {}
        column = columns.get(thing.column)
        if column is None or not column.open_codes:
            opens = sorted(
                f"{t}.{c.name}"
                for t, tb in TABLES_BY_NAME.items()
                for c in tb.columns
                if c.open_codes
            )
            raise TypeError(
                f"{thing.id!r}: codes are registered for an open list ({', '.join(opens)})"
            )
        if not all(isinstance(alias, str) and alias for alias in thing.aliases):
            raise TypeError(f"{thing.id!r}: aliases must be non-empty strings")
    for name in ("accepts", "read", "render"):
        if hasattr(thing, name) and not callable(getattr(thing, name)):
            raise TypeError(f"{thing.id!r}: {name} must be a function")


def _check_text(thing: Any, name: str) -> None:
    """A TypeError unless the id and a Text of a registered thing are strings a report can
    write (UTF-8: no lone surrogate)."""
    text = getattr(thing, name)
    for value in (thing.id, text.zh, text.en):
        if not isinstance(value, str):
            raise TypeError(f"{thing.id!r}: the {name} must be text, not {type(value).__name__}")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise TypeError(f"{thing.id!r}: the {name} holds text that is not UTF-8") from None


def _column_problem(spec: ColumnSpec, plugin: str, registry: Registry) -> Problem | None:
    """A TypeError for a declaration that cannot be used; the problem of one that collides
    with a built-in column or one declared before; None when it can be added."""
    from scoplan.formats import COLUMN_TYPES
    from scoplan.schema import BUILT_IN

    tables = {table.name: table for table in BUILT_IN}
    if spec.table not in tables:
        raise TypeError(f"{spec.id!r}: the table must be one of {', '.join(tables)}")
    for name in ("name", "header"):
        value = getattr(spec, name)
        if not isinstance(value, str) or not value.strip() or value != value.strip():
            raise TypeError(f"{spec.id!r}: the {name} must be non-empty text without spaces")
    if spec.type not in COLUMN_TYPES:
        raise TypeError(f"{spec.id!r}: the type must be one of {', '.join(COLUMN_TYPES)}")
    if (spec.type == "code") != (spec.codes is not None) and spec.type != "list":
        raise TypeError(f"{spec.id!r}: a code column, and only one, has codes")
    for code, aliases in (spec.codes or {}).items():
        if not isinstance(code, str) or not code or isinstance(aliases, str):
            raise TypeError(f"{spec.id!r}: codes map a code to a tuple of its spellings")
    built_in = tables[spec.table].columns
    if any({spec.name, spec.header} & {c.name, c.alias} for c in built_in):
        return Problem("builtin_column", plugin, value=spec.id, params={"plugin": plugin})
    for other_id, other in registry.declared.items():
        if other.table == spec.table and {spec.name, spec.header} & {other.name, other.header}:
            params = {"plugin": plugin, "other": registry._column_owner[other_id]}
            return Problem("column_declared_twice", plugin, value=spec.id, params=params)
    return None


def _plan_id(source: Traversable | Path) -> str:
    from scoplan.plan import read_plan_id

    return read_plan_id(source)


def load_registry(plugins: Plugins | None = None) -> Registry:
    """Call the registration hooks of every plugin and collect what they register.

    With no plugins given, builds them with :func:`get_plugin_manager`.
    """
    if plugins is None:
        plugins = get_plugin_manager()
    pm = plugins.manager
    registry = Registry(failures=list(plugins.failures))
    registered: dict[str, dict[str, list[str]]] = {}

    def registrar(
        kind: str, cls: type[Any], store: dict[str, Any], owners: dict[str, str]
    ) -> Callable[[str], Callable[[Any], None]]:
        def for_plugin(plugin: str) -> Callable[[Any], None]:
            def register(thing: Any) -> None:
                if not isinstance(thing, cls):
                    raise TypeError(
                        f"register() takes a {cls.__name__}, not {type(thing).__name__}"
                    )
                _check_registered(thing)
                if thing.id in store:
                    registry.failures.append(
                        Problem(
                            f"duplicate_{kind}",
                            plugin,
                            value=thing.id,
                            params={"plugin": plugin, "other": owners[thing.id]},
                        )
                    )
                    return
                store[thing.id] = thing
                owners[thing.id] = plugin
                registered.setdefault(plugin, {}).setdefault(kind, []).append(thing.id)

            return register

        return for_plugin

    def register_plan(plugin: str) -> Callable[[Any], None]:
        def register(source: Any) -> None:
            if not hasattr(source, "read_text"):
                raise TypeError(f"register() takes a path, not {type(source).__name__}")
            plan_id = _plan_id(source)
            if plan_id in registry.plan_sources:
                registry.failures.append(
                    Problem("duplicate_plan", plugin, value=plan_id, params={"plugin": plugin})
                )
                return
            registry.plan_sources[plan_id] = source
            registered.setdefault(plugin, {}).setdefault("plan", []).append(plan_id)

        return register

    from scoplan.formats import Code, ColumnSpec, Loader, Renderer

    def register_column(plugin: str) -> Callable[[Any], None]:
        def register(spec: Any) -> None:
            if not isinstance(spec, ColumnSpec):
                raise TypeError(f"register() takes a ColumnSpec, not {type(spec).__name__}")
            problem = _column_problem(spec, plugin, registry)
            if problem is not None:
                registry.failures.append(problem)
                registry.column_conflicts.append(problem)
                return
            registry.declared[spec.id] = spec
            registry._column_owner[spec.id] = plugin
            registered.setdefault(plugin, {}).setdefault("column", []).append(spec.id)

        return register

    owners = registry._target_owner
    hooks: list[tuple[str, Callable[[str], Callable[[Any], None]]]] = [
        ("scoplan_register_targets", registrar("target", TargetKind, registry.targets, owners)),
        ("scoplan_register_plans", register_plan),
        ("scoplan_register_loaders", registrar("loader", Loader, registry.loaders, {})),
        ("scoplan_register_renderers", registrar("renderer", Renderer, registry.renderers, {})),
        ("scoplan_register_codes", registrar("code", Code, registry.registered_codes, {})),
        ("scoplan_register_columns", register_column),
    ]
    for hook_name, make_register in hooks:
        _call_each(pm, hook_name, make_register, registry.failures)
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: item[0]):
        if plugin is None:  # a blocked name: pluggy keeps it, but nothing was loaded
            continue
        dist, version = plugins.distributions.get(name, (None, None))
        builtin = name in DEFAULT_PLUGINS
        if builtin:
            from scoplan._version import version as installed_version

            dist, version = "scoplan", installed_version()
        made = registered.get(name, {})
        registry.plugins.append(
            PluginInfo(
                name,
                dist,
                version,
                targets=tuple(made.get("target", ())),
                plans=tuple(made.get("plan", ())),
                loaders=tuple(made.get("loader", ())),
                renderers=tuple(made.get("renderer", ())),
                codes=tuple(made.get("code", ())),
                builtin=builtin,
                columns=tuple(made.get("column", ())),
            )
        )
    return registry


@functools.cache
def default_registry() -> Registry:
    """The registry of every installed plugin, built once per process on first use.

    The API's conveniences (``scoplan.load``, ``scoplan.evaluate``) use it when no registry
    is given; build your own with :func:`load_registry` to choose or block plugins.
    """
    return load_registry()
