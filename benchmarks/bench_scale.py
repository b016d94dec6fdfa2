"""scoplan against a DuckDB query, on synthetic data of a city, a province and the country.

Run from the repository root, with the ``bench`` extra installed (``pip install -e '.[bench]'``)::

    python benchmarks/bench_scale.py                      # all three scales
    python benchmarks/bench_scale.py --scales city,province

For each scale it makes the data with ``scoplan synth --seed 1`` into ``<data-dir>/<scale>-seed1``
(or reuses it), then times, each run in a fresh process (best of ``--repeat``):

- scoplan in process: ``scoplan.load`` + ``scoplan.evaluate`` of the whole bundled Huangshan
  plan as of 2023-12-31, with evidence (the default ``listed``); the registry is loaded and the
  plan read before the clock starts, as DuckDB's import is;
- scoplan as of five year-ends (2019–2023): one load, five evaluations, as a ratio to one date;
- scoplan with the Huangshan plan's milestones over every district of the data (its area
  left out): a province evaluating all its cities at once, the Ministry the whole country;
- one DuckDB SQL query over the same CSV files computing the headline figures (averages of
  active organizations per urban and per rural community, overall and per district; township-
  and community-federation coverage; active brand organizations), as of 2023-12-31;
- for the city scale, the whole ``scoplan evaluate --format json`` process against a
  ``python -c`` process running the DuckDB query, start to exit.

Peak memory is each process's peak resident set size (``ru_maxrss`` of that child, from
``os.wait4``). The script checks that scoplan (the plan ``benchmarks/headline.toml``) and the
DuckDB query agree on every headline figure to 1e-9 and exits 1 if they do not. It prints a
Markdown table; it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
HEADLINE_PLAN = HERE / "headline.toml"
AS_OF = "2023-12-31"
YEAR_ENDS = ("2019-12-31", "2020-12-31", "2021-12-31", "2022-12-31", "2023-12-31")
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
TOLERANCE = 1e-9

_COLUMNS = {
    "townships": {"id": "VARCHAR", "district_id": "VARCHAR", "name": "VARCHAR", "kind": "VARCHAR"},
    "communities": {
        "id": "VARCHAR",
        "township_id": "VARCHAR",
        "name": "VARCHAR",
        "kind": "VARCHAR",
    },
    "organizations": {
        "id": "VARCHAR",
        "community_id": "VARCHAR",
        "name": "VARCHAR",
        "category": "VARCHAR",
        "founded": "DATE",
        "dissolved": "DATE",
        "registration": "VARCHAR",
        "size": "VARCHAR",
        "managed_by": "VARCHAR",
        "charter": "BOOLEAN",
        "brand": "DATE",
        "serves": "VARCHAR",
    },
    "federations": {
        "id": "VARCHAR",
        "level": "VARCHAR",
        "unit_id": "VARCHAR",
        "name": "VARCHAR",
        "founded": "DATE",
        "dissolved": "DATE",
    },
}


def headline_sql(folder: Path, as_of: str = AS_OF, tables: Mapping[str, str] | None = None) -> str:
    """One query giving (figure, scope, value) rows: what an analyst would write in DuckDB.

    It reads the CSV files of ``folder``, or, with ``tables``, the tables (or queries) named
    there for each: tables already read and checked (``benchmarks/duckdb_check.py``).
    """

    def table(name: str) -> str:
        if tables is not None:
            return tables[name]
        path = str(folder / f"{name}.csv").replace("'", "''")
        columns = ", ".join(f"'{c}': '{t}'" for c, t in _COLUMNS[name].items())
        return f"read_csv('{path}', header = true, auto_detect = false, columns = {{{columns}}})"

    day = f"DATE '{as_of}'"
    return f"""
WITH
  townships AS (SELECT id, district_id FROM {table("townships")}),
  communities AS (SELECT id, township_id, kind FROM {table("communities")}),
  active AS (
    SELECT community_id, brand FROM {table("organizations")}
    WHERE founded <= {day} AND (dissolved IS NULL OR dissolved > {day})
      AND registration IN ('registered', 'filed')
  ),
  counts AS (SELECT community_id, count(*) AS n FROM active GROUP BY community_id),
  per_community AS (
    SELECT c.id, c.kind, t.district_id, coalesce(k.n, 0) AS n
    FROM communities c
    JOIN townships t ON c.township_id = t.id
    LEFT JOIN counts k ON k.community_id = c.id
  ),
  federations AS (
    SELECT DISTINCT level, unit_id FROM {table("federations")}
    WHERE founded <= {day} AND (dissolved IS NULL OR dissolved > {day})
  )
SELECT kind || '-average' AS figure, coalesce(district_id, 'all') AS scope,
       avg(n)::DOUBLE AS value
FROM per_community
GROUP BY GROUPING SETS ((kind, district_id), (kind))
UNION ALL
SELECT 'township-federation-coverage', 'all', avg((f.unit_id IS NOT NULL)::INTEGER)::DOUBLE
FROM townships t
LEFT JOIN (SELECT unit_id FROM federations WHERE level = 'township') f ON f.unit_id = t.id
UNION ALL
SELECT 'community-federation-coverage', 'all', avg((f.unit_id IS NOT NULL)::INTEGER)::DOUBLE
FROM communities c
LEFT JOIN (SELECT unit_id FROM federations WHERE level = 'community') f ON f.unit_id = c.id
WHERE c.kind = 'urban'
UNION ALL
SELECT 'brand-organizations', 'all', count(*)::DOUBLE
FROM active WHERE brand IS NOT NULL AND brand <= {day}
"""


# -- workers: each runs in a fresh process and prints one JSON line --------------------------


def _worker(kind: str, folder: Path) -> dict[str, Any]:
    import datetime as dt

    if kind == "duckdb":
        import duckdb

        started = time.perf_counter()
        rows = duckdb.connect().execute(headline_sql(folder)).fetchall()
        seconds = time.perf_counter() - started
        return {"seconds": seconds, "values": [[f, s, v] for f, s, v in rows]}

    import scoplan

    registry = scoplan.load_registry()
    if kind == "headline":
        plan = scoplan.load_plan(HEADLINE_PLAN)
        data = scoplan.load(folder)
        report = scoplan.evaluate(data, plan, dt.date.fromisoformat(AS_OF), registry=registry)
        values = []
        for result in report.results:
            figure = result.target
            scope = "all" if result.scope.level == "city" else result.scope.id
            values.append([figure, scope, result.value, result.status.value])
        return {"organizations": data.size()["organizations"], "values": values}
    plan = registry.plan("huangshan-2021-2023")
    if kind == "every":
        # the same milestones over every district of the data: a province evaluating all
        # its cities at once, the Ministry the whole country
        import attrs

        plan = attrs.evolve(plan, area=scoplan.plan.Area(name="all"))
        started = time.perf_counter()
        data = scoplan.load(folder)
        report = scoplan.evaluate(data, plan, dt.date.fromisoformat(AS_OF), registry=registry)
        seconds = time.perf_counter() - started
        return {"seconds": seconds, "results": len(report.results), "statuses": report.counts()}
    dates = YEAR_ENDS if kind == "five" else (AS_OF,)
    started = time.perf_counter()
    data = scoplan.load(folder)
    statuses: dict[str, int] = {}
    for day in dates:
        report = scoplan.evaluate(data, plan, dt.date.fromisoformat(day), registry=registry)
        statuses = report.counts()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "statuses": statuses}


# -- measuring -------------------------------------------------------------------------------


def run(command: Sequence[str]) -> tuple[float, float, str]:
    """Run a command to its end: wall seconds, peak RSS in MB, and its standard output.

    The child's own resource usage comes from ``os.wait4``, so each run's peak is its own.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode not in (0, 1):  # scoplan evaluate exits 1 when a milestone is not met
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    return wall, usage.ru_maxrss / 1024, stdout


def measure(kind: str, folder: Path) -> tuple[dict[str, Any], float, float]:
    """One worker run: what it printed, its wall seconds and its peak RSS in MB."""
    wall, peak, stdout = run([sys.executable, __file__, "--worker", kind, str(folder)])
    return json.loads(stdout.strip().splitlines()[-1]), wall, peak


def best(kind: str, folder: Path, repeat: int) -> tuple[float, float, dict[str, Any]]:
    """Best time and best peak over ``repeat`` fresh processes, and the last one's output."""
    times, peaks = [], []
    output: dict[str, Any] = {}
    for _ in range(repeat):
        output, _, peak = measure(kind, folder)
        times.append(output["seconds"])
        peaks.append(peak)
    return min(times), min(peaks), output


def best_process(command: Sequence[str], repeat: int) -> tuple[float, float]:
    """Best wall time and peak RSS of a whole process, start to exit."""
    runs = [run(command)[:2] for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def scoplan_command() -> list[str]:
    beside = Path(sys.executable).parent / "scoplan"
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "scoplan"]


def ensure_data(scale: str, data_dir: Path) -> Path:
    """The folder of ``scale`` made from seed 1: reused when complete, otherwise generated."""
    folder = data_dir / f"{scale}-seed1"
    if all((folder / f"{t}.csv").is_file() for t in TABLES):
        print(f"{scale}: reusing {folder}", flush=True)
        return folder
    command = [*scoplan_command(), "synth", "--scale", scale, "--seed", "1", "--force"]
    wall, peak, stdout = run([*command, str(folder)])
    print(f"{scale}: generated in {wall:.1f} s, peak {peak:,.0f} MB: {stdout.strip()}", flush=True)
    return folder


def data_districts(folder: Path) -> list[str]:
    """The district ids of a folder's ``districts.csv``."""
    with (folder / "districts.csv").open(encoding="utf-8-sig", newline="") as handle:
        return [row["id"] for row in csv.DictReader(handle)]


def compare(scoplan_values: list[list[Any]], duck_values: list[list[Any]]) -> list[str]:
    """Every headline figure on which the two disagree (beyond 1e-9), described."""
    ours = {(f, s): v for f, s, v, _ in scoplan_values if v is not None}
    theirs = {(f, s): v for f, s, v in duck_values if v is not None}
    problems = []
    for key in sorted(set(ours) | set(theirs)):
        a, b = ours.get(key), theirs.get(key)
        if a is None or b is None or abs(a - b) > TOLERANCE:
            problems.append(f"{key[0]} [{key[1]}]: scoplan {a}, DuckDB {b}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="city,province,national")
    parser.add_argument("--data-dir", type=Path, default=HERE / "data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    # an installed scoplan has its bytecode: let each run compile once, not every time
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.worker:
        kind, folder = args.worker
        print(json.dumps(_worker(kind, Path(folder))))
        return 0
    import duckdb
    import polars

    import scoplan

    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    print(
        f"scoplan {scoplan.__version__}, polars {polars.__version__}, duckdb {duckdb.__version__}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs; best of {args.repeat}",
        flush=True,
    )
    rows = []
    every_lines: list[str] = []
    failures: list[str] = []
    process_line = ""
    for scale in scales:
        folder = ensure_data(scale, args.data_dir)
        headline, headline_s, headline_mb = measure("headline", folder)
        ours_s, ours_mb, ours = best("single", folder, args.repeat)
        five_s, _, _ = best("five", folder, args.repeat)
        duck_s, duck_mb, duck = best("duckdb", folder, args.repeat)
        every, _, every_mb = measure("every", folder)
        problems = compare(headline["values"], duck["values"])
        agreed = len({(f, s) for f, s, v, _ in headline["values"] if v is not None})
        if problems:
            failures += [f"{scale}: {p}" for p in problems]
        print(
            f"{scale}: {agreed} headline figures, "
            + ("all agree" if not problems else f"{len(problems)} DISAGREE")
            + f" (scoplan's headline plan, {len(headline['values'])} results: "
            f"{headline_s:.1f} s, {headline_mb:,.0f} MB, whole process); Huangshan plan: "
            + ", ".join(f"{n} {status}" for status, n in ours["statuses"].items() if n),
            flush=True,
        )
        every_lines.append(
            f"| {scale} | {len(data_districts(folder)):,} | {every['results']:,} | "
            f"{every['seconds']:.2f} | {every_mb:,.0f} |"
        )
        organizations = headline["organizations"]
        rows.append(
            (
                scale,
                f"{organizations:,}",
                f"{ours_s:.3f}",
                f"{duck_s:.3f}",
                f"{ours_s / duck_s:.2f}",
                f"{ours_mb:,.0f}",
                f"{duck_mb:,.0f}",
                f"{ours_mb / duck_mb:.2f}",
                f"{ours_s / (organizations / 1e6):.2f}",
                f"{five_s / ours_s:.2f}",
            )
        )
        if scale == "city":
            evaluate = [*scoplan_command(), "evaluate", str(folder), "--as-of", AS_OF]
            ours_p, ours_p_mb = best_process([*evaluate, "--format", "json"], args.repeat)
            query = f"import duckdb; duckdb.connect().execute({headline_sql(folder)!r}).fetchall()"
            duck_p, duck_p_mb = best_process([sys.executable, "-c", query], args.repeat)
            process_line = (
                f"city, whole process start to exit: `scoplan evaluate --format json` "
                f"{ours_p:.3f} s ({ours_p_mb:,.0f} MB), `python -c` DuckDB query {duck_p:.3f} s "
                f"({duck_p_mb:,.0f} MB): ratio {ours_p / duck_p:.2f}"
            )
    header = (
        "scale",
        "organizations",
        "scoplan s",
        "DuckDB s",
        "ratio",
        "scoplan peak MB",
        "DuckDB peak MB",
        "ratio",
        "scoplan s per million",
        "five dates / one",
    )
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" --- " for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if process_line:
        print()
        print(process_line)
    print()
    print("The Huangshan plan's milestones over every district of the data (load and evaluate):")
    print()
    print("| scale | districts | results | scoplan s | scoplan peak MB |")
    print("| --- | --- | --- | --- | --- |")
    for line in every_lines:
        print(line)
    if failures:
        print("\nscoplan and DuckDB DISAGREE:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
