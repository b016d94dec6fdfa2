"""The hooks through which scoplan is extended: the contract for every plugin author.

scoplan's own target kinds and plans are plugins too: they live in ``scoplan.targets`` and
``scoplan.plans``, register through these very hooks, and are loaded exactly like a
third-party plugin. A third-party plugin is a module (usually in its own distribution)
with functions decorated by :data:`hookimpl`, announced to scoplan through the
``scoplan`` entry-point group::

    # pyproject.toml of the plugin's distribution
    [project.entry-points.scoplan]
    community-funds = "scoplan_community_funds"

    # scoplan_community_funds.py
    from scoplan import hookimpl, TargetKind

    @hookimpl
    def scoplan_register_targets(register):
        register(TargetKind(id="community-funds", ...))

How hooks are called
--------------------

Registration hooks receive a ``register`` callback rather than returning values. A
plugin calls it once per thing it adds. scoplan can later pass more keyword arguments
to these hooks without breaking any plugin, since pluggy only passes the arguments an
implementation names.

Each implementation is called inside its own error boundary: a plugin that raises, or
that passes ``register`` something of the wrong type, is reported as a run-level error
naming the plugin, and the other plugins' registrations stand. Two target kinds (or
plans) with one id are an error too: the first registered is kept and the second is
reported. A hook implementation whose name is not one of the hooks below (a typo, say)
makes its plugin fail to load instead of being silently ignored.

Plugins can be blocked by name with ``SCOPLAN_BLOCK_PLUGINS=name1,name2`` or the CLI
option ``--block-plugin``.

``docs/hooks.md`` documents each hook with a complete example plugin;
``docs/writing-targets.md`` walks from nothing to an installed, tested plugin, and
:mod:`scoplan.testing` is the harness for testing one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

    from scoplan.formats import Code, ColumnSpec, Loader, Renderer
    from scoplan.target import TargetKind

PROJECT = "scoplan"
"""The project name: pluggy's marker name and the entry-point group of plugins."""

hookspec = pluggy.HookspecMarker(PROJECT)
"""Marks a function of this module as a hook specification."""

hookimpl = pluggy.HookimplMarker(PROJECT)
"""Marks a plugin's function as the implementation of a hook: ``from scoplan import hookimpl``."""


@hookspec
def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
    """Register target kinds: call ``register(kind)`` once per :class:`~scoplan.TargetKind`.

    :param register: adds one target kind. It takes a :class:`~scoplan.TargetKind` whose
        ``id`` is the public id plans use (``urban-average``, ``community-funds``). Ids are
        lowercase words joined by hyphens and must be unique among all installed plugins.

    A target kind declares an attrs class for its parameters, checked against every
    milestone that uses it before anything is evaluated, and a ``measure(context, params)``
    function returning a :class:`~scoplan.Measurement`. Most targets are a mean per unit, a
    share of units covered or a count: :mod:`scoplan.measures` computes those, with their
    evidence and gap, from the units a target picks out of ``context.data``.

    The return value is ignored. Called once, when the plugin manager is built.

    Example::

        @attrs.frozen
        class FundParams:
            threshold: float
            comparator: str = ">="

        def measure(context, params):
            townships = context.data.townships_in(context.scope.districts)
            funded = context.data.units_with("establishments", context.on, kind="community_fund")
            return measures.share_covered(
                context, townships, funded, requirement=Requirement.of(params),
                level="township", noun="townships",
            )

        @hookimpl
        def scoplan_register_targets(register):
            register(TargetKind(
                id="community-funds",
                title=Text("社区基金覆盖率", "Community fund coverage"),
                description=Text(
                    "设立社区基金的乡镇（街道）占比", "Share of townships with a fund"
                ),
                params=FundParams,
                measure=measure,
            ))
    """


@hookspec
def scoplan_register_plans(register: Callable[[Traversable | Path], None]) -> None:
    """Register plan files: call ``register(path)`` once per TOML plan the plugin ships.

    :param register: adds one plan. It takes the path of a plan file (a
        :class:`pathlib.Path`, or an :mod:`importlib.resources` traversable for a file
        inside the plugin's package). The plan's ``id`` (read from the file) must be unique
        among all installed plugins; users select it with ``scoplan evaluate --plan ID``.

    Plans are data: a plan file is parsed, never executed, and its milestones are checked
    against the registered target kinds when it is used. The return value is ignored.

    Example::

        from importlib.resources import files

        @hookimpl
        def scoplan_register_plans(register):
            register(files(__package__) / "anhui-2021-2023.toml")
    """


@hookspec
def scoplan_register_loaders(register: Callable[[Loader], None]) -> None:
    """Register data loaders: call ``register(loader)`` once per :class:`~scoplan.Loader`.

    :param register: adds one loader. A :class:`~scoplan.Loader` has an ``id`` (``csv``,
        ``xlsx``, ``sql``…), an ``accepts(source)`` predicate over what the user named (a
        path, or a URL such as ``sqlite:///registry.db``) and a ``read(source, progress)``
        function returning the raw tables it found and the problems it met.

    A loader only reads: it hands back :class:`~scoplan.loaders.contract.RawTable` records (text
    cells, canonical column names, each row's number as its source shows it), and scoplan
    types and checks them exactly as it does a CSV folder's, so every loader reports bad
    data the same way. ``scoplan.load(source)`` asks the loaders in registration order —
    scoplan's own first — and uses the first that accepts the source. A loader that
    raises is reported as a plugin failure, never as a traceback. The return value is
    ignored.

    Example::

        def accepts(source):
            return source.endswith(".parquet")

        def read(source, progress=None):
            frame = polars.read_parquet(source).cast(polars.String)
            table = RawTable("organizations", source, frame.with_row_index("__row", offset=1))
            return {"organizations": table}, []

        @hookimpl
        def scoplan_register_loaders(register):
            register(Loader("parquet", Text("Parquet 文件", "Parquet file"), accepts, read))
    """


@hookspec
def scoplan_register_renderers(register: Callable[[Renderer], None]) -> None:
    """Register report formats: call ``register(renderer)`` once per :class:`~scoplan.Renderer`.

    :param register: adds one format. A :class:`~scoplan.Renderer` has an ``id`` (what
        ``--format`` takes: ``text``, ``json``, ``html``…), the file ``extension`` it
        writes, whether its output is ``binary``, and ``render(report, options)`` returning
        ``str`` (or ``bytes`` when binary). ``options`` is a
        :class:`~scoplan.RenderOptions`: the language, the plan's renamed terms, colour.

    Every word a renderer shows a reader should come from :func:`scoplan.i18n.translate`,
    so that it exists in Chinese and English — or from
    :func:`scoplan.renderers.words.term`, which also honours ``options.terms``; every string
    from the data must be escaped for the format (HTML) or neutralised (a spreadsheet cell
    that starts with ``=``: :func:`scoplan.renderers.cells.neutralise`).
    The return value is ignored.

    Example::

        def render(report, options):
            met = report.counts()["met"]
            return f"{translate('status.met', options.lang)}: {met}\n"

        @hookimpl
        def scoplan_register_renderers(register):
            register(Renderer("count", Text("计数", "Count"), "txt", render))
    """


@hookspec
def scoplan_register_codes(register: Callable[[Code], None]) -> None:
    """Register codes of open lists that the plugin understands: ``register(code)`` each.

    :param register: adds one :class:`~scoplan.Code`: the ``table`` and ``column`` of an open
        list of DATA.md (``establishments.kind``, ``events.kind``,
        ``organizations.category``, ``organizations.serves``), the ``code`` as it is stored,
        its ``title`` (a :class:`~scoplan.Text`), and other spellings in ``aliases``.

    A value of an open list that neither scoplan nor any installed plugin registers is a
    *warning* on loading (with the nearest known code, if one is close): no built-in target
    counts it, and a typo there would otherwise change a figure with no word said. A plugin
    whose target counts a kind of its own registers that kind here, and the warning goes.
    The return value is ignored.

    Example::

        @hookimpl
        def scoplan_register_codes(register):
            title = Text("老年食堂", "Elder canteen")
            register(Code("establishments", "kind", "elder_canteen", title, ("老年助餐点",)))
    """


@hookspec
def scoplan_register_columns(register: Callable[[ColumnSpec], None]) -> None:
    """Declare columns a bureau adds: ``register(column)`` once per :class:`~scoplan.ColumnSpec`.

    :param register: adds one column to a table of DATA.md. A
        :class:`~scoplan.ColumnSpec` names the ``table``, the column's ``name`` and its
        Chinese ``header`` (either may head the column), its ``type`` (``text``, ``code``,
        ``list``, ``date``, ``bool``, ``number``), whether it is ``required``, the
        ``codes`` of a code column with their Chinese spellings, and ``known_from``, the
        day from which its values say what was true (a column holding only the latest
        value).

    A declared column is read, normalised (NFKC) and checked exactly as a built-in one,
    from every source, and each bad cell is a problem naming its file, row and column, in
    ``scoplan load``, ``scoplan check`` and every evaluation: a target reads typed values
    (a ``date`` column holds dates), never raw text. ``scoplan plugins --columns`` lists
    the declared columns. A column declared twice, or with the name or header of a
    built-in column of its table, is a :class:`~scoplan.PluginError` when data is loaded.
    The return value is ignored.

    Example::

        @hookimpl
        def scoplan_register_columns(register):
            register(ColumnSpec(
                "organizations", "inspected", "年检日期", "date",
                known_from=datetime.date(2023, 1, 1),
            ))
    """
