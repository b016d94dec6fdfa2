"""What an analyst would write in DuckDB to check a register as DATA.md asks, then compute
its headline figures: the other side of ``benchmarks/bench_forms.py``.

Run from the repository root, with the ``bench`` extra installed::

    python benchmarks/duckdb_check.py benchmarks/data/province-seed1      # as of 2023-12-31

It reads the folder's CSV files (English or Chinese file and column names; UTF-8, with or
without a BOM, or GB18030; LF or CRLF) and, in SQL, types every cell DATA.md names: codes in
any of their spellings (城市社区, 登记, urban…), yes/no in any word (是/否, true/false, 1/0…),
dates in any accepted form (2021-09-14, 2021/9/14, 2021.09.14, 2021年9月14日), lists (服务对象
joined with ``、``, ``；`` or ``;``). It counts every problem: a required cell left blank, a
date, code or yes/no that does not read, a duplicate id, a reference to no row, an end date
before its start. Then it computes the headline figures of ``benchmarks/bench_scale.py``
(averages of active organizations per urban and rural community, overall and per district;
federation coverage; brand organizations) over the typed tables. It prints one JSON line:
the problems counted and the figures.

DuckDB reads UTF-8, UTF-16 and latin-1 only; GB18030 needs its ``encodings`` extension,
which DuckDB downloads when first asked and which cannot be had without the network (the
``duckdb-extension-encodings`` wheels on PyPI stop at DuckDB 1.5.5; this is DuckDB 2). So a
GB18030 file is first made UTF-8, into a temporary file, with Python's streaming codec, as
part of the run (and of its time). The code lists come from ``scoplan.schema``, the single
description of DATA.md; nothing else of scoplan is used.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import json
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scale import AS_OF, headline_sql  # noqa: E402

from scoplan.schema import (  # noqa: E402
    BOOL,
    DATE,
    FALSE_WORDS,
    LIST,
    TABLES,
    TRUE_WORDS,
    Column,
    Table,
)

DATE_FORMS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
"""DuckDB's strptime reads 9 for %m as it reads 09."""


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def utf8_file(path: Path, scratch: Path) -> Path:
    """``path`` if it is UTF-8, else a UTF-8 copy of it (GB18030) made in ``scratch``."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return path
    except UnicodeDecodeError:
        pass
    copy = scratch / f"{len(list(scratch.iterdir()))}.csv"
    with (
        path.open(encoding="gb18030", newline="") as source,
        copy.open("w", encoding="utf-8", newline="") as target,
    ):
        shutil.copyfileobj(source, target, 1 << 22)
    return copy


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def canonical(table: Table, names: Sequence[str]) -> dict[str, str]:
    """Each of DATA.md's columns found among ``names`` (English or Chinese) → its header."""
    found = {}
    for name in names:
        clean = unicodedata.normalize("NFKC", name).strip()
        for column in table.columns:
            if clean in (column.name, column.alias) or (clean == "ID" and column.name == "id"):
                found[column.name] = name
    return found


def spelling_case(column: Column, cell: str) -> str:
    """``column``'s code for a cell in any spelling: as written first (most cells), then
    trimmed and in lower case (``URBAN``, `` 城市 ``) for those left."""
    written = column.code_map()
    lower = {spelling.lower(): code for spelling, code in written.items()}
    exact = " ".join(f"WHEN {quote(s)} THEN {quote(c)}" for s, c in written.items())
    other = " ".join(f"WHEN {quote(s)} THEN {quote(c)}" for s, c in lower.items())
    return f"coalesce(CASE {cell} {exact} END, CASE lower(trim({cell})) {other} END)"


def typed(column: Column, raw: str) -> tuple[str, str | None]:
    """The SQL typing a raw cell, and the one telling that it did not read (or None).

    Free text is kept as written; a list, or a code of an open list (a plugin may add its
    own), is kept as written too: every value is allowed there, so there is nothing to check,
    and no headline figure reads them.
    """
    blank = f"({raw} IS NULL OR trim({raw}) = '')"
    if column.type == DATE:
        # ISO first, the other forms only for the cells left
        others = ", ".join(f"try_strptime({raw}, {quote(form)})" for form in DATE_FORMS)
        value = f"coalesce(try_cast({raw} AS DATE), {others})::DATE"
    elif column.type == BOOL:
        yes, no = sorted(TRUE_WORDS), sorted(FALSE_WORDS)
        whens = [f"WHEN {quote(w)} THEN true" for w in yes]
        whens += [f"WHEN {quote(w)} THEN false" for w in no]
        words = " ".join(whens)
        value = f"coalesce(CASE {raw} {words} END, CASE lower(trim({raw})) {words} END)"
    elif column.codes is not None and not column.open_codes and column.type != LIST:
        value = spelling_case(column, raw)
    elif column.name == "id" or column.ref:
        return f"nullif(trim({raw}), '')", None
    else:
        return raw, None
    return value, f"(NOT {blank} AND ({value}) IS NULL)"


def free(column: Column) -> str:
    """What else than NULL is a blank cell of ``column``: spaces, in free text kept as written."""
    text = column.type == "string" and column.codes is None
    return "" if not text or column.name == "id" or column.ref else f" OR trim({column.name}) = ''"


def check(folder: Path, as_of: str) -> dict[str, object]:
    import duckdb

    connection = duckdb.connect()
    problems: dict[str, int] = {}
    scratch = Path(tempfile.mkdtemp(prefix="duckdb-check-"))
    try:
        present: dict[str, set[str]] = {}
        for table in TABLES:
            path = next(
                (
                    folder / f"{n}.csv"
                    for n in (table.name, table.alias)
                    if (folder / f"{n}.csv").exists()
                ),
                None,
            )
            if path is None:
                continue
            path = utf8_file(path, scratch)
            headers = canonical(table, header(path))
            present[table.name] = set(headers)
            select, flags = [], []
            for column in table.columns:
                if column.name not in headers:
                    continue
                raw = '"' + headers[column.name].replace('"', '""') + '"'
                value, bad = typed(column, raw)
                select.append(f"{value} AS {column.name}")
                if bad is not None:
                    flags.append(f"{bad} AS bad_{column.name}")
            source = f"read_csv({quote(str(path))}, header = true, all_varchar = true)"
            connection.execute(
                f"CREATE TABLE {table.name} AS SELECT {', '.join(select + flags)} FROM {source}"
            )
            counts = ["count(*) - count(DISTINCT id) AS duplicate_ids"]
            counts += [
                f"count(*) FILTER (WHERE bad_{c.name}) AS bad_{c.name}"
                for c in table.columns
                if f"bad_{c.name}" in " ".join(flags)
            ]
            counts += [
                f"count(*) FILTER (WHERE {c.name} IS NULL{free(c)}) AS missing_{c.name}"
                for c in table.columns
                if c.required and c.name in headers
            ]
            if table.dates is not None and set(table.dates) <= set(headers):
                start, end = table.dates
                counts.append(f"count(*) FILTER (WHERE {end} < {start}) AS date_order")
            row = connection.execute(f"SELECT {', '.join(counts)} FROM {table.name}").fetchone()
            names = [d[0] for d in connection.description]
            for name, count in zip(names, row or (), strict=True):
                problems[f"{table.name}.{name}"] = int(count or 0)
        for table in TABLES:
            for column in table.columns:
                if not column.ref or column.name not in present.get(table.name, ()):
                    continue
                ref = f"t.{column.name}"
                if table.name == "federations":
                    condition = (
                        f"(t.level = 'township' AND {ref} NOT IN (SELECT id FROM townships)) OR "
                        f"(t.level = 'community' AND {ref} NOT IN (SELECT id FROM communities))"
                    )
                else:
                    pool = " UNION ALL ".join(
                        f"SELECT id FROM {target}" for target in column.ref if target in present
                    )
                    condition = f"{ref} NOT IN ({pool})"
                    if "city" in column.ref:
                        condition += f" AND {ref} <> 'city'"
                query = (
                    f"SELECT count(*) FROM {table.name} t WHERE {ref} IS NOT NULL AND ({condition})"
                )
                problems[f"{table.name}.unknown_{column.name}"] = connection.execute(
                    query
                ).fetchone()[0]
        tables = {
            name: name for name in ("townships", "communities", "organizations", "federations")
        }
        rows = connection.execute(headline_sql(folder, as_of, tables)).fetchall()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"problems": problems, "values": [[f, s, v] for f, s, v in rows]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--as-of", default=AS_OF)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = check(args.folder, args.as_of)
    result["seconds"] = time.perf_counter() - started
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
