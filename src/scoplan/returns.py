"""A folder of returns, merged: ``scoplan evaluate returns/`` and ``scoplan check returns/``.

When a bureau collects its register from its districts (or townships), each sends back a
return: a workbook (most often the template of :mod:`scoplan.template`, filled in), a
folder of CSV files, or a JSON document. :func:`read_returns` reads a folder of them:

- every return is read and checked on its own, as a delivery is (each problem names the
  return's file, sheet and row), its references resolved against the units that the other
  returns bring: the hierarchy may come once (the template's workbook in the folder) or in
  every return;
- then they are merged: identical rows are one row; the same id with other content in two
  returns is an error naming both places (``return_conflict``);
- a district or township of the area from which nothing came back is a warning
  (``no_return``: ``歙县（341021）：没有交回报表``; ``no_township_return`` for a township,
  naming its district). The templates scoplan writes say in their properties which area
  and unit each was made for: the units of that level that no return answers for are
  missing. Returns that do not say (CSV folders, other workbooks) answer for the
  districts they hold rows of. A district that sent nothing, or one of whose townships
  sent nothing, is not covered by the data (:func:`unreturned`), even where another
  return (the city's template) brings its units: its milestones, and those of the whole
  city or a group that holds it, are ``not_covered``, as for a district the data lacks.

Nothing is evaluated when a return has an error: every return's problems are reported at
once, each in its own place. :func:`return_of` tells which return a problem is in, so that
``scoplan check`` gives each return its own sheet of the problem list.
"""

from __future__ import annotations

import contextvars
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import attrs
import polars as pl

from scoplan._exceptions import WARNING, DataError, Problem
from scoplan.i18n import source_words
from scoplan.loaders._tables import canonical_table, unknown_table
from scoplan.loaders.contract import ITEMS, ROW, ProgressCallback, RawTable, twin_key_of
from scoplan.loaders.csv_folder import read_csv_folder
from scoplan.loaders.json_document import read_json_document
from scoplan.schema import HIERARCHY, TABLES, TABLES_BY_NAME

WORKBOOKS = (".xlsx", ".xlsm")
DOCUMENTS = (".json",)
ASIDE = 1 << 40
"""Row numbers of the rows a return is checked with that are not its own (the units other
returns bring): their problems are the other returns' to report."""
ORIGIN = "__return"
"""The column that names, in a merged table, the source (file and sheet) of each row."""
Locate = Callable[[str, Mapping[str, RawTable]], Mapping[str, pl.DataFrame]]
LOCATING: contextvars.ContextVar[Locate | None] = contextvars.ContextVar(
    "scoplan_returns_locating", default=None
)
"""Set by ``scoplan check`` while it reads a folder of returns: given a return's name and
the tables it is checked with, the district of each of their rows (``ROW`` and ``group``,
by table). Each return is then checked with them, as a delivery read directly is, and the
checkup tells each problem's district by them."""


@attrs.frozen
class Return:
    """One return of a folder: its name (``歙县.xlsx``, or a sub-folder's ``歙县``), its path,
    and what a template's properties say it was made for (``area``, ``each``, ``unit``)."""

    name: str
    path: Path
    made_for: Mapping[str, str] = attrs.field(factory=dict)


def _visible(path: Path) -> bool:
    # Excel's lock files (~$台账.xlsx) and hidden files are no returns
    return not path.name.startswith(("~$", "."))


def _csv_folder(path: Path) -> bool:
    return path.is_dir() and any(
        p.is_file() and p.suffix.lower() == ".csv" and _visible(p) for p in path.iterdir()
    )


def is_returns_folder(folder: Path) -> bool:
    """A folder of returns: it holds workbooks and/or folders of CSV files, and no CSV file
    named for a table (that is a folder of CSV files, one delivery)."""
    try:
        entries = [p for p in folder.iterdir() if _visible(p)]
    except OSError:
        return False
    if any(p.is_file() and p.suffix.lower() == ".csv" and canonical_table(p.stem) for p in entries):
        return False
    return any((p.is_file() and p.suffix.lower() in WORKBOOKS) or _csv_folder(p) for p in entries)


def made_for(path: Path) -> dict[str, str]:
    """What a scoplan template's properties say it was made for, or nothing."""
    from scoplan.template import read_keywords

    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/core.xml")
            if info.file_size > 1 << 16:
                return {}
            root = ElementTree.fromstring(archive.read(info))
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError, ValueError):
        return {}
    for element in root:
        if element.tag.endswith("}keywords"):
            return read_keywords(element.text)
    return {}


def find_returns(folder: Path) -> tuple[list[Return], list[Problem]]:
    """The returns of ``folder`` in name order, and a warning for each CSV file beside them
    (a return is a workbook, a JSON document or a folder of CSV files)."""
    returns: list[Return] = []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not _visible(path):
            continue
        suffix = path.suffix.lower()
        if path.is_file() and suffix in WORKBOOKS:
            returns.append(Return(path.name, path, made_for(path)))
        elif (path.is_file() and suffix in DOCUMENTS) or _csv_folder(path):
            returns.append(Return(path.name, path))
        elif path.is_file() and suffix == ".csv":
            problems.append(unknown_table(path.stem, path.name))
    return returns, problems


def _read(
    entry: Return, progress: ProgressCallback | None
) -> tuple[dict[str, RawTable], list[Problem]]:
    """One return's raw tables, each source naming the return (``歙县/社区.csv``)."""
    if entry.path.is_dir():
        tables, problems = read_csv_folder(entry.path, progress=progress)
        prefix = f"{entry.name}/"
        return (
            {name: attrs.evolve(raw, source=prefix + raw.source) for name, raw in tables.items()},
            [attrs.evolve(p, source=prefix + p.source) for p in problems],
        )
    if entry.path.suffix.lower() in DOCUMENTS:
        if progress is not None:
            progress(entry.name)
        return read_json_document(entry.path)
    from scoplan.loaders import xlsx_workbook

    return xlsx_workbook.read(str(entry.path), progress)


def as_text(raw: RawTable) -> RawTable:
    """A table the fast path typed, as the text a careful read would hold."""
    if not raw.typed:
        return raw
    columns = []
    for name, dtype in raw.frame.schema.items():
        column = pl.col(name)
        if name == ROW:
            columns.append(column)
        elif dtype == pl.Date:
            columns.append(column.dt.strftime("%Y-%m-%d"))
        elif dtype == pl.Boolean:
            yes_no = pl.when(column).then(pl.lit("true")).when(~column).then(pl.lit("false"))
            columns.append(yes_no.alias(name))
        elif isinstance(dtype, pl.List):
            items = column.list.eval(pl.lit(ITEMS) + pl.element()).list.join("")
            columns.append(pl.when(column.list.len() > 0).then(items).alias(name))
        else:
            columns.append(column.cast(pl.String))
    return attrs.evolve(raw, frame=raw.frame.select(columns), typed=False)


def _references(frames: Mapping[str, pl.DataFrame]) -> dict[str, set[str]]:
    """The ids each table's references name, in ``frames``' rows."""
    wanted: dict[str, set[str]] = {}
    for table in TABLES:
        frame = frames.get(table.name)
        if frame is None:
            continue
        for column in table.columns:
            if not column.ref or column.name not in frame.columns:
                continue
            values = frame.get_column(column.name).drop_nulls().str.strip_chars().unique()
            for target in column.ref:
                wanted.setdefault(target, set()).update(values.to_list())
    return wanted


def _with_others(
    own: Mapping[str, RawTable], pool: Mapping[str, pl.DataFrame]
) -> dict[str, RawTable]:
    """A return's tables, with the rows of other returns it names, and the rows those name
    in turn (a community's township…), and every district (for the city's own code); the
    rows added are numbered from :data:`ASIDE` on. A required table the return and the
    others lack is there, empty: a return may leave tables to the others."""
    from scoplan.checking import REQUIRED_TABLES
    from scoplan.loaders._tables import _empty_raw

    mine = {
        name: set(raw.frame.get_column("id").drop_nulls().str.strip_chars().to_list())
        for name, raw in own.items()
        if "id" in raw.frame.columns
    }
    wanted = _references({name: raw.frame for name, raw in own.items()})
    if "districts" in pool:
        wanted.setdefault("districts", set()).update(pool["districts"].get_column("id"))
    added: dict[str, pl.DataFrame] = {}
    while True:
        found: dict[str, pl.DataFrame] = {}
        for name, rows in pool.items():
            have = mine.get(name, set()) | (
                set(added[name].get_column("id")) if name in added else set()
            )
            ids = wanted.get(name, set()) - have
            if ids:
                extra = rows.filter(pl.col("id").is_in(list(ids)))
                if not extra.is_empty():
                    found[name] = extra
        if not found:
            break
        for name, extra in found.items():
            added[name] = (
                pl.concat([added[name], extra], how="diagonal_relaxed")
                if (name in added)
                else extra
            )
        for name, ids in _references(found).items():
            wanted.setdefault(name, set()).update(ids)
    tables = dict(own)
    for name, extra in added.items():
        raw = own.get(name)
        if raw is None:
            frame = extra.with_columns((pl.int_range(pl.len()) + ASIDE).alias(ROW))
            tables[name] = RawTable(name, "", frame)
            continue
        columns = [c for c in raw.frame.columns if c != ROW]
        extra = extra.select(
            [pl.col(c) if c in extra.columns else pl.lit(None, pl.String).alias(c) for c in columns]
        ).with_columns((pl.int_range(pl.len()) + ASIDE).alias(ROW))
        frame = pl.concat([raw.frame, extra.select(raw.frame.columns)], how="vertical_relaxed")
        tables[name] = attrs.evolve(raw, frame=frame)
    for name in REQUIRED_TABLES:
        if name not in tables:
            tables[name] = RawTable(name, "", _empty_raw(name))
    return tables


def _own(problem: Problem) -> bool:
    """Whether a problem found checking a return is about the return's own rows."""
    if not problem.source:
        return False  # a table made of other returns' rows only
    row = problem.row if problem.row is not None else problem.index
    if row is not None and row >= ASIDE:
        return False
    return problem.code != "missing_table"  # a return may leave tables to the others


def _pool(returns: Sequence[dict[str, RawTable]]) -> dict[str, pl.DataFrame]:
    """The rows of every return, by table, each id once (the first), as text."""
    pool: dict[str, pl.DataFrame] = {}
    for table in TABLES:
        frames = [
            raws[table.name].frame.drop(ROW).with_columns(pl.col("id").str.strip_chars())
            for raws in returns
            if table.name in raws and "id" in raws[table.name].frame.columns
        ]
        if frames:
            rows = pl.concat(frames, how="diagonal_relaxed").filter(pl.col("id").is_not_null())
            pool[table.name] = rows.unique("id", keep="first", maintain_order=True)
    return pool


@attrs.frozen
class Checked:
    """A return checked on its own: its typed rows (with each row's number and source) and
    what was found in it."""

    entry: Return
    frames: Mapping[str, pl.DataFrame]
    headers: Mapping[str, Mapping[str, str]]
    problems: tuple[Problem, ...]
    failed: bool


def check_return(
    entry: Return,
    raws: Mapping[str, RawTable],
    problems: Sequence[Problem],
    pool: Mapping[str, pl.DataFrame],
    extra_codes: Any = None,
) -> Checked:
    """Check one return as a delivery is checked, with the rows of the others it names."""
    from scoplan.checking import check_tables

    tables = _with_others(raws, pool)
    locate = LOCATING.get()
    groups = locate(entry.name, tables) if locate is not None else None
    try:
        # a return is a part of the register: what the whole lacks is not its to say
        data = check_tables(
            tables,
            problems,
            origin=entry.name,
            extra_codes=extra_codes,
            groups=groups,
            whole=False,
        )
    except DataError as error:
        # an error in the other returns' rows it was checked with is theirs to report (and
        # stops the merge: their return fails); this one's own problems are kept, its
        # warnings too: every problem is said at once
        found = tuple(p for p in (*error.problems, *error.warnings) if _own(p))
        return Checked(entry, {}, {}, found, True)
    frames: dict[str, pl.DataFrame] = {}
    for name, raw in raws.items():
        typed = data.frame(name)
        if name == "communities":
            typed = typed.drop("district_id")
        whole = tables[name].frame
        if whole.height != typed.height:  # check_tables keeps every row, in order
            raise AssertionError(f"{raw.source}: {whole.height} rows read, {typed.height} typed")
        typed = typed.with_columns(whole.get_column(ROW), pl.lit(raw.source).alias(ORIGIN))
        frames[name] = typed.filter(pl.col(ROW) < ASIDE)
    own = tuple(p for p in data.warnings if _own(p))
    return Checked(entry, frames, {n: r.headers for n, r in raws.items()}, own, False)


def _differing(first: dict[str, Any], other: dict[str, Any], columns: Iterable[str]) -> list[str]:
    return [c for c in columns if first.get(c) != other.get(c)]


def merge(checked: Sequence[Checked]) -> tuple[dict[str, pl.DataFrame], list[Problem]]:
    """Every return's rows, one table each: identical rows once, and a ``return_conflict``
    error for each id whose rows differ (naming both places); a warning for two returns
    that look like copies of one register (:func:`copies`)."""
    merged: dict[str, pl.DataFrame] = {}
    problems: list[Problem] = []
    overlaps: list[Overlap] = []
    for table in TABLES:
        frames = [c.frames[table.name] for c in checked if table.name in c.frames]
        if not frames:
            continue
        rows = pl.concat(frames, how="diagonal_relaxed")
        content = [c for c in rows.columns if c not in (ROW, ORIGIN)]
        rows = rows.with_columns(pl.struct(content).hash(seed=0).alias("__hash"))
        distinct = rows.unique(["id", "__hash"], keep="first", maintain_order=True)
        clash = distinct.filter(pl.col("id").is_duplicated())
        if not clash.is_empty():
            headers = {k: v for c in checked for k, v in c.headers.get(table.name, {}).items()}
            firsts: dict[str, dict[str, Any]] = {}
            for row in clash.iter_rows(named=True):
                first = firsts.setdefault(row["id"], row)
                if first is row:
                    continue
                columns = _differing(first, row, content)
                named = [headers.get(c, c) for c in columns]
                params = {
                    "other": first[ORIGIN],
                    "other_zh": source_words(first[ORIGIN], "zh"),
                    "other_row": first[ROW],
                    "columns": ", ".join(named),
                    "columns_zh": "、".join(named),
                }
                if len(columns) == 1 and columns[0] in headers:
                    params["header"] = headers[columns[0]]
                problems.append(
                    Problem(
                        "return_conflict",
                        row[ORIGIN],
                        table=table.name,
                        row=row[ROW],
                        column=columns[0] if len(columns) == 1 else None,
                        value=row["id"],
                        params=params,
                    )
                )
        if table.name not in HIERARCHY:
            conflicting = set(clash.get_column("id").to_list())
            overlaps += _overlaps(rows, conflicting)
        merged[table.name] = distinct.unique("id", keep="first", maintain_order=True).drop("__hash")
    return merged, problems + copies(checked, merged, overlaps) + twins_across(checked, merged)


def twins_across(checked: Sequence[Checked], merged: Mapping[str, pl.DataFrame]) -> list[Problem]:
    """A ``returns_twins`` warning for each two returns holding the same organizations —
    alike in community, name and founding date — under other ids (a district's return
    re-keying the city's rows): the merge keeps both, each counted. Within one return,
    :func:`~scoplan.warning_checks.find_warnings` says it (``twin_organizations``)."""
    frame = merged.get("organizations")
    if frame is None:
        return []
    key = twin_key_of(frame.columns)
    if key is None:
        return []
    owner = {
        source: c.entry.name
        for c in checked
        for each in c.frames.values()
        for source in each.get_column(ORIGIN).unique().to_list()
    }
    rows = frame.select(ORIGIN, "id", key.alias("__key")).filter(pl.col("__key").is_not_null())
    rows = rows.with_columns(pl.col(ORIGIN).replace_strict(owner, default=pl.col(ORIGIN)))
    sets = (
        rows.group_by("__key", maintain_order=True)
        .agg(pl.col(ORIGIN), pl.col("id"))
        .filter(pl.col(ORIGIN).list.n_unique() > 1)
    )
    shared: dict[tuple[str, str], list[str]] = {}
    for origins, ids in sets.select(ORIGIN, "id").iter_rows():
        first, first_id = origins[0], ids[0]
        for origin, each in zip(origins[1:], ids[1:], strict=True):
            if origin != first:
                shared.setdefault((origin, first), []).append(f"{each}/{first_id}")
    problems = []
    for (name, other), pairs in shared.items():
        shown = "、".join(pairs[:ROWS_NAMED]) + (" …" if len(pairs) > ROWS_NAMED else "")
        params = {"other": other, "count": len(pairs), "ids": shown}
        problems.append(Problem("returns_twins", name, params=params, severity=WARNING))
    return problems


ROWS_NAMED = 5
"""How many pairs of ids a ``returns_twins`` warning names."""

Overlap = tuple[str, str, int, str]
"""Rows of one table in two returns under the same ids: (source, the other source, how
many, one of the ids)."""


def _overlaps(rows: pl.DataFrame, conflicting: set[str]) -> list[Overlap]:
    """Where the returns' rows of a table share ids, one entry for each two sources. Ids
    whose rows differ are ``return_conflict`` errors already, and are not counted again."""
    firsts = rows.group_by("id", maintain_order=True).agg(pl.col(ORIGIN).first().alias("__first"))
    again = (
        rows.join(firsts, on="id")
        .filter((pl.col(ORIGIN) != pl.col("__first")) & ~pl.col("id").is_in(list(conflicting)))
        .unique(["id", ORIGIN], keep="first", maintain_order=True)
    )
    pairs = again.group_by([ORIGIN, "__first"], maintain_order=True).agg(
        pl.len().alias("count"), pl.col("id").first()
    )
    return [(a, b, n, example) for a, b, n, example in pairs.iter_rows()]


def _in_return(source: str, name: str) -> str:
    """What a return calls one of its tables: its file (``社区.csv``) or sheet."""
    return source.removeprefix(f"{name}/").removeprefix(f"{name}: ") or source


def copies(
    checked: Sequence[Checked], merged: Mapping[str, pl.DataFrame], overlaps: Sequence[Overlap]
) -> list[Problem]:
    """A ``returns_overlap`` warning for each two returns that share ids outside the
    hierarchy (which may come in every return), or that each hold organizations in every
    district of the area: two copies of one register (台账.xlsx and 台账(旧).xlsx), not the
    returns of two units, which the merge would otherwise take silently."""
    owner = {
        source: c.entry.name
        for c in checked
        for frame in c.frames.values()
        for source in frame.get_column(ORIGIN).unique().to_list()
    }
    shared: dict[tuple[str, str], list[tuple[str, int, str]]] = {}
    for source, other, count, example in overlaps:
        pair = (owner.get(source, source), owner.get(other, other))
        shared.setdefault(pair, []).append((_in_return(source, pair[0]), count, example))
    districts = set(merged["districts"].get_column("id")) if "districts" in merged else set()
    if len(districts) > 1:
        units = _district_of(merged)
        whole = [
            c.entry.name
            for c in checked
            if districts <= _districts_held(c.frames.get("organizations"), units)
        ]
        for later, name in enumerate(whole):
            for first in whole[:later]:
                shared.setdefault((name, first), [])
    problems = []
    for (name, other), tables in shared.items():
        listed = [(table, f"{count}", example) for table, count, example in tables]
        params: dict[str, Any] = {
            "other": other,
            "tables": "; ".join(f"{t}: {n} rows, e.g. {e!r}" for t, n, e in listed),
            "tables_zh": "、".join(f"{t}中{n}行（如“{e}”）" for t, n, e in listed),
        }
        code = "returns_overlap" if tables else "returns_whole_area"
        problems.append(Problem(code, name, params=params, severity=WARNING))
    return problems


def _districts_held(frame: pl.DataFrame | None, units: pl.DataFrame) -> set[str]:
    """The districts whose communities ``frame``'s organizations are in."""
    if frame is None or frame.is_empty():
        return set()
    used = frame.select(pl.col("community_id").alias("unit")).join(units, on="unit")
    return set(used.get_column("d").drop_nulls().to_list())


def _district_of(frames: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """Every unit id of the merged hierarchy and its district."""
    parts = []
    if "districts" in frames:
        parts.append(
            frames["districts"].select(pl.col("id").alias("unit"), pl.col("id").alias("d"))
        )
    if "townships" in frames:
        townships = frames["townships"].select(
            pl.col("id").alias("unit"), pl.col("district_id").alias("d")
        )
        parts.append(townships)
        if "communities" in frames:
            parts.append(
                frames["communities"]
                .select(pl.col("id").alias("unit"), pl.col("township_id").alias("t"))
                .join(townships.rename({"unit": "t"}), on="t", how="left")
                .select("unit", "d")
            )
    if not parts:
        return pl.DataFrame(schema={"unit": pl.String, "d": pl.String})
    return pl.concat(parts).unique("unit")


_UNIT_COLUMNS = {
    "organizations": "community_id",
    "federations": "unit_id",
    "establishments": "unit_id",
    "events": "unit_id",
}


def _answered(checked: Sequence[Checked], merged: Mapping[str, pl.DataFrame]) -> set[str]:
    """The districts some return answers for without saying so in its properties: those
    it holds rows of (organizations, federations, establishments, events), and the one
    district whose units make a return's whole hierarchy."""
    units = _district_of(merged)
    found: set[str] = set()
    for item in checked:
        if item.entry.made_for:
            continue
        for table, column in _UNIT_COLUMNS.items():
            frame = item.frames.get(table)
            if frame is None or frame.is_empty():
                continue
            used = frame.select(pl.col(column).alias("unit")).join(units, on="unit")
            found |= set(used.get_column("d").drop_nulls().to_list())
        own = _district_of(item.frames)
        districts = set(own.get_column("d").drop_nulls().to_list())
        if len(districts) == 1:
            found |= districts
    return found


def foreign_rows(checked: Sequence[Checked], merged: Mapping[str, pl.DataFrame]) -> list[Problem]:
    """A warning for each table of a district's return (a template made for one district,
    ``unit`` of 6 digits) holding rows of another district's units: a row pasted into the
    wrong district's workbook is counted for the district its unit is in, without the return
    that sent it answering for it — each names the other district and the rows."""
    units = _district_of(merged)
    names = _district_names(merged)
    problems: list[Problem] = []
    for item in checked:
        own = item.entry.made_for.get("unit", "")
        if len(own) != 6 or not own.isdigit():
            continue
        for table, column in _UNIT_COLUMNS.items():
            frame = item.frames.get(table)
            if frame is None or frame.is_empty() or column not in frame.columns:
                continue
            placed = frame.select(ROW, ORIGIN, pl.col(column).alias("unit")).join(units, on="unit")
            away = placed.filter(pl.col("d").is_not_null() & (pl.col("d") != own))
            for (district, source), rows in away.group_by(["d", ORIGIN], maintain_order=True):
                numbers = sorted(rows.get_column(ROW).to_list())
                shown = numbers[:ROWS_SHOWN]
                more = " …" if len(numbers) > ROWS_SHOWN else ""
                params = {
                    "count": len(numbers),
                    "district": names.get(str(district), str(district)),
                    "district_id": str(district),
                    "own": names.get(own, own),
                    "rows": ", ".join(map(str, shown)) + more,
                    "rows_zh": "第" + "、".join(map(str, shown)) + more + "行",
                }
                problems.append(
                    Problem(
                        "row_of_other_district",
                        str(source),
                        table=table,
                        row=shown[0],
                        params=params,
                        severity=WARNING,
                    )
                )
    return problems


def _district_names(frames: Mapping[str, pl.DataFrame]) -> dict[str, str]:
    districts = frames.get("districts")
    if districts is None or "name" not in districts.columns:
        return {}
    return {str(d): str(n) for d, n in districts.select("id", "name").iter_rows() if d and n}


ROWS_SHOWN = 5
"""How many rows :func:`foreign_rows` names."""


def missing_returns(
    checked: Sequence[Checked], merged: Mapping[str, pl.DataFrame], folder: str
) -> list[Problem]:
    """A ``no_return`` warning for each district (or township) of the area that no return
    answers for."""
    from scoplan.divisions import hierarchy

    problems: list[Problem] = []
    marked = [c.entry.made_for for c in checked if c.entry.made_for.get("each")]
    expected: dict[str, str] = {}
    # a township's district, by id and name: its figures lack what the township did not send
    district_of: dict[str, tuple[str, str]] = {}
    answered: set[str] = set()
    levels = {m["each"] for m in marked}
    if marked and len(levels) == 1:
        level = levels.pop()
        for area in sorted({m.get("area", "") for m in marked}):
            try:
                official = hierarchy(area)
            except DataError:
                continue
            table = "districts" if level == "district" else "townships"
            expected.update(dict(official[table].select("id", "name").iter_rows()))
            if level == "township":
                named = dict(official["districts"].select("id", "name").iter_rows())
                for unit, district in official["townships"].select("id", "district_id").iter_rows():
                    district_of[unit] = (district, named.get(district, district))
        answered = {m.get("unit", "") for m in marked}
        if level == "township":
            # a district's own workbook answers for its townships too
            answered |= {u for u in expected if u[:6] in answered}
    if not expected and "districts" in merged:
        expected = dict(merged["districts"].select("id", "name").iter_rows())
    answered |= _answered(checked, merged)
    if not marked:
        answered |= {m.get("unit", "") for m in (c.entry.made_for for c in checked)}
    for unit, name in expected.items():
        if unit in answered or (len(unit) == 9 and unit[:6] in answered):
            continue
        if unit in district_of:
            # the district's figures would be those of its other townships alone: not judged
            district, district_name = district_of[unit]
            params = {"unit": name, "id": unit, "district": district_name, "district_id": district}
            problems.append(Problem("no_township_return", folder, params=params, severity=WARNING))
            continue
        problems.append(
            Problem("no_return", folder, params={"unit": name, "id": unit}, severity=WARNING)
        )
    return problems


def tables_left_empty(returns: Sequence[Mapping[str, RawTable]], folder: str) -> list[Problem]:
    """A ``returns_table_empty`` warning for each optional table that some return has
    and none has a row of (the templates' 平台与制度, 品牌项目 and 活动 left as they came):
    merged, it is a table of none, and every target reading it is judged on none — said
    once for the folder, not for each return."""
    from scoplan.checking import REQUIRED_TABLES

    problems: list[Problem] = []
    for table in TABLES:
        if table.name in REQUIRED_TABLES:
            continue  # (merged and empty, a unit table is said by checking: empty_table_alone)
        given = [raws[table.name] for raws in returns if table.name in raws]
        if given and not any(raw.frame.height for raw in given):
            params = {"count": len(returns), "table_zh": table.alias}
            problems.append(
                Problem(
                    "returns_table_empty", folder, table=table.name, params=params, severity=WARNING
                )
            )
    return problems


def read_returns(
    source: str, progress: ProgressCallback | None = None
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read a folder of returns: each checked on its own, then merged (see the module).

    Raises :class:`~scoplan.DataError` with every return's errors when one has an error
    or two conflict, and every warning found (those of the returns with errors too) in
    its ``warnings``, as checking a delivery raises; otherwise the merged tables (checked:
    their warnings are the ones found here, each in its return) and the warnings.
    """
    from scoplan.loaders.contract import codes_in_force, every_column_kept
    from scoplan.spreadsheet_slips import (
        without_float_codes,
        without_total_rows,
        without_wrapped_codes,
    )

    folder = Path(source)
    entries, problems = find_returns(folder)
    if not entries:
        raise DataError([Problem("no_returns", folder.name or source)], problems)
    read: list[tuple[Return, dict[str, RawTable], list[Problem]]] = []
    for entry in entries:
        try:
            # each return's tables are made text again and merged: nothing left out of them
            with every_column_kept():
                raws, found = _read(entry, progress)
        except DataError as error:
            problems.extend(error.problems)
            continue
        cut: dict[str, RawTable] = {}
        for name, raw in raws.items():
            raw, totals = without_total_rows(as_text(raw))
            # (before the pool: other returns name them)
            raw, wrapped = without_wrapped_codes(raw)
            raw, floats = without_float_codes(raw)
            cut[name] = raw
            found.extend(totals + wrapped + floats)
        read.append((entry, cut, found))
    pool = _pool([raws for _, raws, _ in read])
    extra_codes = codes_in_force()  # the codes of the registry loading reads with
    checked = [check_return(entry, raws, found, pool, extra_codes) for entry, raws, found in read]
    for item in checked:
        problems.extend(item.problems)
    clean = [c for c in checked if not c.failed]
    merged, conflicts = merge(clean)
    problems.extend(conflicts)
    problems.extend(missing_returns(checked, merged, folder.name or source))
    problems.extend(tables_left_empty([raws for _, raws, _ in read], folder.name or source))
    problems.extend(foreign_rows(clean, merged))
    if any(not p.is_warning for p in problems) or len(clean) < len(entries):
        # the errors, and what was found doubtful beside them (as checking a delivery
        # raises: ``DataError.warnings``)
        raise DataError(
            [p for p in problems if not p.is_warning], [p for p in problems if p.is_warning]
        )
    headers: dict[str, dict[str, str]] = {}
    for item in checked:
        for name, words in item.headers.items():
            headers.setdefault(name, {}).update(words)
    indexed = {
        raw.source for _, raws, _ in read for raw in raws.values() if raw.numbering == "index"
    }
    tables = {
        name: RawTable(
            name,
            f"{folder.name}: {TABLES_BY_NAME[name].alias}",
            frame.drop(ORIGIN).with_columns(pl.int_range(1, pl.len() + 1).alias(ROW)),
            numbering="record",
            typed=True,
            headers=headers.get(name, {}),
            checked=True,
            places=_places(frame, indexed),
        )
        for name, frame in merged.items()
    }
    problems.extend(lacking_units(tables))
    return tables, problems


def lacking_units(tables: Mapping[str, RawTable]) -> list[Problem]:
    """The warnings of the official units the merged register lacks (a district's townships,
    a township's 居委会 and 村委会: :func:`scoplan.divisions.official_warnings`), said of the
    whole once the returns are merged, as of a register delivered whole; each return was
    checked as a part, which lacks the others' units by design. The merged tables are
    checked (their other warnings were said in their returns): only these are looked for."""
    from scoplan.divisions import official_warnings
    from scoplan.schema import HIERARCHY

    held = {name: tables[name] for name in HIERARCHY if name in tables}
    frames = {name: raw.frame for name, raw in held.items()}
    found = official_warnings(held, frames, whole=True)
    return [p for p in found if p.code.startswith("official_missing_")]


def _places(merged: pl.DataFrame, indexed: set[str]) -> pl.DataFrame:
    """Where each row of a merged table was read (``RawTable.places``): its return's file or
    sheet and its row there, or its index in a JSON list (``indexed``: those sources)."""
    in_list = pl.col(ORIGIN).is_in(list(indexed))
    at = pl.col(ROW).cast(pl.Int64)
    return merged.select(
        pl.int_range(1, pl.len() + 1).alias(ROW),
        pl.col(ORIGIN).alias("source"),
        pl.when(in_list).then(None).otherwise(at).alias("row"),
        pl.when(in_list).then(at).otherwise(None).alias("index"),
    )


def return_of(problem: Problem, names: Iterable[str]) -> str | None:
    """The return a problem found in a folder of returns is in (``歙县.xlsx``), or None for
    one about the whole folder (a missing return)."""
    for name in sorted(names, key=len, reverse=True):
        if problem.source == name or problem.source.startswith((f"{name}: ", f"{name}/")):
            return name
    return None
