"""The entry points of the public API that choose the target kinds, loaders and codes of
every installed plugin when no ``registry`` is given.

What they call (the engine, loading, checking, what-if) is always given a registry, so that
nothing below the public API reaches for the installed plugins on its own; the registry of
the installed plugins comes from :func:`scoplan._installed.registry_or_installed`, the only
caller of :func:`scoplan.plugins.default_registry`.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

from scoplan._installed import registry_or_installed

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from scoplan.checkup import Checkup
    from scoplan.dataset import Dataset
    from scoplan.diff import Comparison
    from scoplan.limits import Limits
    from scoplan.loaders.contract import ProgressCallback
    from scoplan.loading import Tables
    from scoplan.plan import Plan
    from scoplan.plugins import Registry
    from scoplan.report import Report


def evaluate(
    data: Dataset,
    plan: Plan | str | os.PathLike[str],
    as_of: dt.date | None = None,
    *,
    registry: Registry | None = None,
    listed: int | None = None,
    projection: str | None = None,
    target_timeout: float | None = None,
    strict: bool = False,
    districts: Sequence[str] | None = None,
) -> Report:
    """Judge every milestone of ``plan`` against ``data`` as of ``as_of`` (default: today).

    ``registry`` holds the target kinds (default: every installed plugin). The rest is
    :func:`scoplan.engine.evaluate`'s: ``listed`` units named per shortfall (default: all),
    the ``projection`` method (default: the plan's), each target's ``target_timeout``,
    ``strict``. Raises :class:`PlanError` when the plan does not fit the target kinds or
    the data; never raises for a failing target.

    ``districts``: evaluate these districts of the plan's area alone (``scoplan evaluate
    --district``), a list of names or codes: ``["屯溪区"]``, ``["屯溪"]`` (a short name that
    names one district alone) or ``["341002"]``. Their own milestones are judged as ever;
    those of the whole city, of a group, or of districts left out are ``not_covered``, and
    the report warns once (``chosen_districts``). A name no district of the plan's area in
    the data has, or a name of several, is a :class:`PlanError` (with the nearest name); a
    string instead of a list is a TypeError. Default: every district of the plan's area.

    ``plan`` is a :class:`~scoplan.Plan`, or what ``scoplan evaluate --plan`` takes: the
    path of a plan file (``"plan.toml"``, a :class:`~pathlib.Path`), or the id of a bundled
    plan (``"huangshan-2021-2023"``), read with ``registry``'s target kinds
    (:func:`scoplan.plan.find_plan`). ``data`` is a :class:`~scoplan.Dataset`: a path is
    a TypeError that says to :func:`load` it first.
    """
    from scoplan import engine

    chosen = registry_or_installed(registry)
    return engine.evaluate(
        data,
        _plan(plan, chosen),
        as_of,
        registry=chosen,
        listed=listed,
        projection=projection,
        target_timeout=target_timeout,
        strict=strict,
        districts=districts,
    )


def load(
    path: str | os.PathLike[str] | Tables,
    *,
    progress: ProgressCallback | None = None,
    registry: Registry | None = None,
    strict: bool = False,
    limits: Limits | None = None,
    plan: Plan | None = None,
) -> Dataset:
    """Load a dataset: a folder of CSV files, a JSON document, a workbook, a database URL…
    with the loaders and codes of ``registry`` (default: every installed plugin); see
    :func:`scoplan.loading.load`. Raises :class:`~scoplan.DataError` with every problem.
    With a ``plan``, the dataset holds only the columns its target kinds read.

    Tables a program holds are loaded too, checked as a file's are: ``load({"districts":
    frame, "organizations": rows, …})``, each a polars DataFrame or a list of rows (column
    names, codes and dates as a delivery has them, in English or Chinese)."""
    from scoplan import loading

    chosen = registry_or_installed(registry)
    return loading.load(
        path, progress=progress, registry=chosen, strict=strict, limits=limits, plan=plan
    )


def check(
    path: str | os.PathLike[str] | Tables,
    *,
    registry: Registry | None = None,
    progress: ProgressCallback | None = None,
    plan: Plan | None = None,
    districts: Sequence[str] | None = None,
) -> Checkup:
    """Every problem of the data at ``path``, as :func:`load` would find it, with the
    district each is about (see :func:`scoplan.checkup.check`). Never raises for bad data.
    With a ``plan``, the warnings evaluating the data for it would give too (a district
    left out of its area, data that holds part of it: ``partial_data``).

    Tables a program holds are checked too, as :func:`load` takes them: ``check({"districts":
    frame, "organizations": rows, …})`` gives the problems ``load`` would raise, each with
    its district, the source of each the table as ``load`` names it (``frames:
    organizations``); a table that is no table (``"townships": 3``) is a problem of the
    checkup, as it is of ``load``'s DataError. A DataFrame alone, a list… is a TypeError
    that says what is taken.

    ``districts`` (with a ``plan``; names or codes, as :func:`evaluate` takes them): the
    warning is that of an evaluation of those districts alone (``chosen_districts``); the
    whole of the data is still checked, for a problem in any district's rows keeps every
    evaluation from running. A name no district has is a :class:`PlanError`, as is
    ``districts`` without a plan."""
    from scoplan import checkup

    chosen = registry_or_installed(registry)
    return checkup.check(path, registry=chosen, progress=progress, plan=plan, districts=districts)


def what_if(
    data: Dataset,
    plan: Plan | str | os.PathLike[str],
    as_of: dt.date | None = None,
    *,
    registry: Registry | None = None,
    strict: bool = False,
    **tables: Sequence[Mapping[str, Any]],
) -> Comparison:
    """Evaluate ``plan`` on ``data`` and on ``data`` plus the rows given; compare the two
    (see :func:`scoplan.whatif.what_if`). Each keyword names a table (``organizations``,
    ``社区社会组织``…) and gives a list of rows, each a mapping; anything else, or a keyword
    that names no table, is a :class:`~scoplan.DataError` (the rows refused, never
    skipped). ``plan`` is a plan, a plan file's path or a bundled plan's id, as
    :func:`evaluate` takes it. ``strict``: what the rows would be warned of (a code no
    vocabulary knows) is an error instead, as :func:`load` makes it."""
    from scoplan import whatif

    chosen = registry_or_installed(registry)
    return whatif.what_if(
        data, _plan(plan, chosen), as_of, registry=chosen, strict=strict, **tables
    )


def _plan(plan: Plan | str | os.PathLike[str], registry: Registry) -> Plan:
    """``plan`` itself, or the plan a path or an id names (:func:`scoplan.plan.find_plan`);
    anything else is a TypeError that says what is taken."""
    from scoplan.plan import Plan, find_plan

    if isinstance(plan, str | os.PathLike):
        return find_plan(plan, registry)
    if not isinstance(plan, Plan):
        raise TypeError(
            "plan must be a Plan (scoplan.load_plan(path), scoplan.bundled_plan(id)), the path "
            f"of a plan file or the id of a bundled plan, not {type(plan).__name__}: {plan!r:.80}"
        )
    return plan


def with_additions(
    data: Dataset,
    *,
    registry: Registry | None = None,
    strict: bool = False,
    **tables: Sequence[Mapping[str, Any]],
) -> Dataset:
    """A new dataset: ``data`` plus the rows given, each keyword a table and its rows (see
    :func:`scoplan.whatif.with_additions`), read as :func:`load` reads a delivery with the
    same ``registry``: a plugin's spelling of a code it registers is that code, and a value
    of an open list no vocabulary knows is a warning (``Dataset.warnings``), or with
    ``strict`` an error."""
    from scoplan import whatif

    chosen = registry_or_installed(registry)
    return whatif.with_additions(data, registry=chosen, strict=strict, **tables)


def bundled_plan(id: str) -> Plan:
    """A plan registered by an installed plugin (scoplan's own included), by its id."""
    return registry_or_installed(None).plan(id)


def render(
    report: Report,
    format: str = "text",
    *,
    lang: str = "zh",
    registry: Registry | None = None,
) -> str | bytes:
    """``report`` in a format, in memory, as ``scoplan evaluate --format`` writes it: ``text``,
    ``json``, ``markdown`` (or ``md``), ``html`` and ``csv`` as text, ``xlsx`` and ``docx``
    as bytes (a plugin's format as its renderer gives it), in ``lang`` (``zh`` or ``en``),
    with the plan's own words (``report.terms``). ``registry`` holds the formats (default:
    every installed plugin's). A format none registers is a ValueError that names those
    there are; a language scoplan has no words of, too."""
    from scoplan.formats import FORMAT_ALIASES, RenderOptions

    chosen = registry_or_installed(registry)
    options = RenderOptions(lang=lang, terms=report.terms.get(lang, {}))
    renderer = chosen.renderer(FORMAT_ALIASES.get(format, format))
    if renderer is None:
        raise ValueError(
            f"format must be one of {', '.join(sorted(chosen.renderers))}, the formats "
            f"registered, not {format!r}"
        )
    return renderer.render(report, options)
