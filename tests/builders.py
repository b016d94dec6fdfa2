"""Rows, plan text and the built-in registry for tests; the data and the evaluation go
through the public harness, :mod:`scoplan.testing`, as a plugin's tests do.

The row helpers (:func:`district`, :func:`organization`…) give only the columns a test
cares about, the rest defaulted, for :func:`scoplan.testing.build_dataset`, which checks
them as a bureau's files are checked::

    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
        organizations=organizations("C1", 3),
    )

and :func:`scoplan.testing.evaluate_target` evaluates one milestone of a target kind
(``registry=builtin_registry()``: the built-in kinds only). The tests of the CSV loader
itself write the same rows as files: :func:`write_tables`, :func:`write_tables_in` (in any
form DATA.md allows) and :func:`build_from_csv`, which loads them with :func:`scoplan.load`.
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
from scoplan.testing import build_dataset, evaluate_target
from scoplan.testing.evaluation import toml_value

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
"""Every table of DATA.md; :func:`write_tables` writes each one, empty if not given."""

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


def build_from_csv(
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
    """A dataset from rows written as a temporary folder of CSV files and read by
    :func:`scoplan.load`: for the tests of the CSV loader itself. Every other test builds
    its data with :func:`scoplan.testing.build_dataset`, as a plugin's tests do."""
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
    with tempfile.TemporaryDirectory(prefix="scoplan-test-") as tmp:
        return scoplan.load(write_tables(Path(tmp) / "data", tables))


PLAN_START = dt.date(2021, 1, 1)
PLAN_END = dt.date(2023, 12, 31)
"""The span of the test plans: milestones may fall due from 2021 to 2023, and history
starts at the end of 2020. ``evaluate_target(…, start=PLAN_START, end=PLAN_END)`` gives a
milestone the same span; by default its plan spans the due year only."""

PLAN_HEAD = f"""\
id = "test-plan"
title = "测试计划"
version = "1"
start = {PLAN_START.isoformat()}
end = {PLAN_END.isoformat()}
"""
"""The header of every test plan, over :data:`PLAN_START` to :data:`PLAN_END`."""


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


_REGISTRY: scoplan.Registry | None = None


def builtin_registry() -> scoplan.Registry:
    """The built-in target kinds only (no entry points), built once for the test run."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = scoplan.load_registry(scoplan.get_plugin_manager(entry_points=False))
    return _REGISTRY


def evaluate_in_empty_group(
    data: scoplan.Dataset,
    target: str,
    due: dt.date,
    params: Mapping[str, Any] | None = None,
) -> Result:
    """The one result of ``target`` scoped to :data:`ZONES`, a group with no district."""
    report = evaluate_target(
        target,
        data,
        as_of=due,
        params=params,
        scope={"group": "zones"},
        groups=ZONES,
        registry=builtin_registry(),
    )
    (result,) = report.results
    return result


def one_community(*organizations: Mapping[str, Any]) -> scoplan.Dataset:
    """District D1 with community C1 holding the given organizations; D2 has no community."""
    return build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1")],
        organizations=organizations,
    )


DUCKDB_TYPES = {
    "date": "DATE",
    "bool": "BOOLEAN",
    "districts.id": "INTEGER",
    "townships.id": "BIGINT",
    "communities.township_id": "BIGINT",
    "organizations.dissolved": "TIMESTAMP",
}
"""The DuckDB types :func:`duckdb_database` gives columns: a database designer's, by the
column's type or by the column itself (ids whole numbers where every one is); any other is
``VARCHAR``."""


def duckdb_database(folder: Path, path: Path) -> Path:
    """A DuckDB file at ``path`` holding the tables of a CSV folder of DATA.md's tables (ISO
    dates, ``true``/``false``: as ``scoplan convert`` writes one), named in Chinese (社区社会组织,
    编号, 成立日期) and typed as a bureau's database is (:data:`DUCKDB_TYPES`)."""
    import duckdb

    connection = duckdb.connect(str(path))
    for table in scoplan.schema.TABLES:
        csv_path = folder / f"{table.name}.csv"
        if not csv_path.is_file():
            continue
        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            header, *rows = csv.reader(handle)
        aliases = {column.name: column for column in table.columns}
        cells = []
        for position, name in enumerate(header):
            column = aliases[name]
            kind = DUCKDB_TYPES.get(f"{table.name}.{name}") or DUCKDB_TYPES.get(column.type)
            if kind in ("INTEGER", "BIGINT") and not all(r[position].isdigit() for r in rows):
                kind = None  # ids of a test's own (D1): text
            cell = f'"{name}"' if kind is None else f'CAST("{name}" AS {kind})'
            cells.append(f'{cell} AS "{column.alias}"')
        source = str(csv_path).replace("'", "''")
        connection.execute(
            f'CREATE TABLE "{table.alias}" AS SELECT {", ".join(cells)} '
            f"FROM read_csv('{source}', all_varchar = true, header = true)"
        ).fetchall()
    connection.close()
    return path


def shown_text(report: scoplan.Report, fmt: str, lang: str = "zh", width: int = 120) -> str:
    """What a reader of ``report`` in ``fmt`` sees: a Word report's paragraphs and cells, a
    workbook's every cell, else the text itself."""
    import io

    import docx
    import openpyxl

    from scoplan.formats import RenderOptions

    renderer = builtin_registry().renderer(fmt)
    assert renderer is not None
    made = renderer.render(report, RenderOptions(lang=lang, width=width))
    if fmt == "docx":
        assert isinstance(made, bytes)
        document = docx.Document(io.BytesIO(made))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if fmt == "xlsx":
        assert isinstance(made, bytes)
        book = openpyxl.load_workbook(io.BytesIO(made))
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    assert isinstance(made, str)
    return made
