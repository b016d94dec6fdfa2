"""Small datasets and plans for tests, built the way users hand them over.

:func:`build` takes rows as dicts (only the columns a test cares about; the rest get
defaults), writes them as a folder of CSV files and loads it with :func:`scoplan.load`,
so every test runs on data that went through the real loader and checker::

    data = build(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
        organizations=organizations("C1", 3),
    )

:func:`one_milestone_plan` writes the TOML of a plan with a single milestone, and
:func:`evaluate_one` evaluates it and returns the results.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

import scoplan
from scoplan.report import Result
from scoplan.schema import FALSE_WORDS, LIST, TRUE_WORDS, Column

TABLES = (
    "districts",
    "townships",
    "communities",
    "organizations",
    "federations",
    "establishments",
    "brand_projects",
    "events",
)
"""Every table of DATA.md; :func:`build` writes each one, empty if not given."""

HEADERS = {
    "districts": ("id", "name", "kind", "city"),
    "townships": ("id", "district_id", "name", "kind"),
    "communities": ("id", "township_id", "name", "kind"),
    "organizations": ("id", "community_id", "name", "founded", "dissolved"),
    "federations": ("id", "level", "unit_id", "name", "founded", "dissolved"),
    "establishments": ("id", "kind", "unit_id", "name", "established", "ended"),
    "brand_projects": ("id", "organization_id", "name", "designated"),
    "events": ("id", "kind", "unit_id", "name", "date"),
}
"""The columns written for a table with no rows (a header-only CSV file)."""

EARLY = dt.date(2020, 1, 1)
"""The default start date: well before any milestone of the test plans."""


def district(id: str, kind: str = "district", **columns: Any) -> dict[str, Any]:
    """A district row; ``kind`` is district, county or zone."""
    return {"id": id, "name": f"区{id}", "kind": kind, "city": "测试市", **columns}


def township(id: str, district_id: str, kind: str = "street", **columns: Any) -> dict[str, Any]:
    """A township row; ``kind`` is street, town, township, zone, scenic or other."""
    return {"id": id, "district_id": district_id, "name": f"乡镇{id}", "kind": kind, **columns}


def community(id: str, township_id: str, kind: str = "urban", **columns: Any) -> dict[str, Any]:
    """A community row; ``kind`` is urban or rural."""
    return {"id": id, "township_id": township_id, "name": f"社区{id}", "kind": kind, **columns}


def organization(
    id: str,
    community_id: str,
    founded: dt.date = EARLY,
    dissolved: dt.date | None = None,
    registration: str | None = "filed",
    **columns: Any,
) -> dict[str, Any]:
    """An organization row, founded (by default) long before any milestone, and filed (备案):
    the target kinds that count organizations count the registered and filed ones only."""
    return {
        "id": id,
        "community_id": community_id,
        "name": f"组织{id}",
        "founded": founded,
        "dissolved": dissolved,
        "registration": registration,
        **columns,
    }


def organizations(
    community_id: str, n: int, founded: dt.date = EARLY, prefix: str = ""
) -> list[dict[str, Any]]:
    """``n`` organizations in one community, with ids ``{prefix}{community_id}-O{i}``."""
    return [organization(f"{prefix}{community_id}-O{i}", community_id, founded) for i in range(n)]


def federation(
    id: str,
    level: str,
    unit_id: str,
    founded: dt.date = EARLY,
    dissolved: dt.date | None = None,
) -> dict[str, Any]:
    """A federation row at ``level`` township or community."""
    return {
        "id": id,
        "level": level,
        "unit_id": unit_id,
        "name": f"联合会{id}",
        "founded": founded,
        "dissolved": dissolved,
    }


def establishment(
    id: str,
    unit_id: str,
    established: dt.date = EARLY,
    ended: dt.date | None = None,
    kind: str = "service_centre",
) -> dict[str, Any]:
    """An establishment row, a service centre unless ``kind`` says otherwise."""
    return {
        "id": id,
        "kind": kind,
        "unit_id": unit_id,
        "name": f"平台{id}",
        "established": established,
        "ended": ended,
    }


def event(id: str, unit_id: str, date: dt.date, kind: str = "gongyi_chuangtou") -> dict[str, Any]:
    """An event row, a 公益创投 programme unless ``kind`` says otherwise."""
    return {"id": id, "kind": kind, "unit_id": unit_id, "name": f"活动{id}", "date": date}


def brand_project(
    id: str, organization_id: str, designated: dt.date = EARLY, **columns: Any
) -> dict[str, Any]:
    """A brand project row of an organization, designated (by default) long ago."""
    return {
        "id": id,
        "organization_id": organization_id,
        "name": f"品牌项目{id}",
        "designated": designated,
        **columns,
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def write_tables(folder: Path, tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> Path:
    """Write every table as ``folder/<table>.csv`` (header only when it has no rows)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        rows = tables.get(name, ())
        columns = list(HEADERS[name])
        for row in rows:
            columns.extend(c for c in row if c not in columns)
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_cell(row.get(c)) for c in columns])
    return folder


@attrs.frozen
class Form:
    """How a table's CSV file is written: any of the forms DATA.md allows.

    ``spellings`` and ``yes_no`` say how codes and booleans are spelt: ``"english"`` (the
    canonical ``urban``, ``true``), ``"chinese"`` (城市社区, 是) or ``"any"`` (each cell any
    accepted spelling: 城市, URBAN, Yes, 1…); ``dates`` is a strftime format, or ``"mixed"``
    for each cell in any accepted form. ``seed`` makes the per-cell choices.
    """

    encoding: str = "utf-8"
    line_end: str = "\n"
    chinese_names: bool = False
    spellings: str = "english"
    yes_no: str = "english"
    dates: str = "%Y-%m-%d"
    separator: str = ";"
    seed: int = 0


DATE_FORMS = ("%Y-%m-%d", "%Y/%-m/%-d", "%Y.%m.%d", "%Y年%-m月%-d日", "%Y-%m-%d 00:00:00")
"""The forms of a date DATA.md's readers accept (2021-09-14, 2021/9/14, 2021年9月14日…)."""


def _spelt(value: Any, column: Column | None, form: Form, chance: random.Random) -> str:
    """A cell of ``column`` as ``form`` writes it."""
    if value is None or column is None:
        return _cell(value)
    if isinstance(value, bool):
        words = {"english": [str(value).lower()], "chinese": ["是" if value else "否"]}
        every = sorted(TRUE_WORDS if value else FALSE_WORDS)
        return chance.choice(words.get(form.yes_no, [*every, *(w.upper() for w in every)]))
    if isinstance(value, dt.date):
        dates = DATE_FORMS if form.dates == "mixed" else (form.dates,)
        return value.strftime(chance.choice(dates))
    if isinstance(value, list | tuple):
        return form.separator.join(_spelt(v, column, form, chance) for v in value)
    if column.codes is None or value not in column.codes:
        return _cell(value)  # ids, names, a plugin's own codes
    chinese = column.codes[value][:1]
    spellings = {"english": [value], "chinese": chinese or [value]}.get(form.spellings)
    if spellings is None:
        spellings = [k for k, v in column.code_map().items() if v == value]
        if column.type != LIST:
            spellings.append(value.upper())  # a list's codes are read as spelt, not in any case
    return chance.choice(spellings)


def write_tables_in(
    folder: Path, tables: Mapping[str, Sequence[Mapping[str, Any]]], form: Form
) -> Path:
    """:func:`write_tables` in ``form``: the same tables as a bureau or a tool may write them."""
    from scoplan.schema import TABLES_BY_NAME

    chance = random.Random(form.seed)
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        table = TABLES_BY_NAME[name]
        rows = tables.get(name, ())
        columns = list(HEADERS[name])
        for row in rows:
            columns.extend(c for c in row if c not in columns)
        known = {c.name: c for c in table.columns}
        headers = [known[c].alias if c in known and form.chinese_names else c for c in columns]
        file = f"{table.alias if form.chinese_names else name}.csv"
        with (folder / file).open("w", encoding=form.encoding, newline="") as handle:
            writer = csv.writer(handle, lineterminator=form.line_end)
            writer.writerow(headers)
            for row in rows:
                writer.writerow([_spelt(row.get(c), known.get(c), form, chance) for c in columns])
    return folder


def build(
    *,
    districts: Iterable[Mapping[str, Any]] = (),
    townships: Iterable[Mapping[str, Any]] = (),
    communities: Iterable[Mapping[str, Any]] = (),
    organizations: Iterable[Mapping[str, Any]] = (),
    federations: Iterable[Mapping[str, Any]] = (),
    establishments: Iterable[Mapping[str, Any]] = (),
    events: Iterable[Mapping[str, Any]] = (),
    brand_projects: Iterable[Mapping[str, Any]] = (),
) -> scoplan.Dataset:
    """A dataset from rows, loaded through :func:`scoplan.load` from a temporary CSV folder."""
    tables = {
        "districts": list(districts),
        "townships": list(townships),
        "communities": list(communities),
        "organizations": list(organizations),
        "federations": list(federations),
        "establishments": list(establishments),
        "events": list(events),
        "brand_projects": list(brand_projects),
    }
    from scoplan.testing import build_dataset
    return build_dataset(tables)


def toml_value(value: Any) -> str:
    """A Python value (string, number, date, list, dict) written as a TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")


PLAN_HEAD = """\
id = "test-plan"
title = "测试计划"
version = "1"
start = 2021-01-01
end = 2023-12-31
"""
"""The header of every test plan: milestones may fall due from 2021 to 2023."""


def milestone_toml(
    id: str,
    target: str,
    due: dt.date,
    params: Mapping[str, Any] | None = None,
    scope: Mapping[str, Any] | None = None,
) -> str:
    """The ``[[milestones]]`` table of one milestone, as TOML text."""
    lines = ["", "[[milestones]]", f"id = {toml_value(id)}", f"target = {toml_value(target)}"]
    lines.append(f"due = {due.isoformat()}")
    if params:
        lines.append(f"params = {toml_value(dict(params))}")
    if scope:
        lines.append(f"scope = {toml_value(dict(scope))}")
    return "\n".join(lines) + "\n"


ZONES: Mapping[str, Mapping[str, Any]] = {"zones": {"name": "开发区", "district_kinds": ["zone"]}}
"""A group of the development zones: empty in any dataset without a district of kind zone.

With ``scope = {"group": "zones"}`` a milestone has a scope with no district at all."""


def groups_toml(groups: Mapping[str, Mapping[str, Any]] | None) -> str:
    """The ``groups`` of a plan as one TOML line (empty text for no groups)."""
    return f"groups = {toml_value(dict(groups))}\n" if groups else ""


def one_milestone_plan(
    target: str,
    due: dt.date,
    params: Mapping[str, Any] | None = None,
    scope: Mapping[str, Any] | None = None,
    *,
    groups: Mapping[str, Mapping[str, Any]] | None = None,
) -> scoplan.Plan:
    """A parsed plan with a single milestone ``m`` of ``target`` (and ``groups``, if given)."""
    return scoplan.parse_plan(
        PLAN_HEAD + groups_toml(groups) + milestone_toml("m", target, due, params, scope)
    )


_REGISTRY: scoplan.Registry | None = None


def builtin_registry() -> scoplan.Registry:
    """The built-in target kinds only (no entry points), built once for the test run."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = scoplan.load_registry(scoplan.get_plugin_manager(entry_points=False))
    return _REGISTRY


def evaluate_one(
    data: scoplan.Dataset,
    target: str,
    due: dt.date,
    as_of: dt.date,
    params: Mapping[str, Any] | None = None,
    scope: Mapping[str, Any] | None = None,
    *,
    groups: Mapping[str, Mapping[str, Any]] | None = None,
) -> tuple[Result, ...]:
    """The results of a one-milestone plan of ``target`` evaluated as of ``as_of``."""
    return evaluate_report(data, target, due, as_of, params, scope, groups=groups).results


def evaluate_report(
    data: scoplan.Dataset,
    target: str,
    due: dt.date,
    as_of: dt.date,
    params: Mapping[str, Any] | None = None,
    scope: Mapping[str, Any] | None = None,
    *,
    groups: Mapping[str, Mapping[str, Any]] | None = None,
) -> scoplan.Report:
    """The whole report of a one-milestone plan of ``target`` evaluated as of ``as_of``."""
    plan = one_milestone_plan(target, due, params, scope, groups=groups)
    return scoplan.evaluate(data, plan, as_of, registry=builtin_registry())


def evaluate_in_empty_group(
    data: scoplan.Dataset,
    target: str,
    due: dt.date,
    params: Mapping[str, Any] | None = None,
) -> Result:
    """The one result of ``target`` scoped to :data:`ZONES`, a group with no district."""
    (result,) = evaluate_one(data, target, due, due, params, {"group": "zones"}, groups=ZONES)
    return result


def one_community(*organizations):
    """District D1 with community C1 holding the given organizations; D2 has no community."""
    return build(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1")],
        organizations=organizations,
    )
