"""The same register in the two forms DATA.md allows at its ends, scoplan beside DuckDB.

Run from the repository root, with the ``bench`` extra installed::

    python benchmarks/bench_forms.py                         # province and national
    python benchmarks/bench_forms.py --scales province --repeat 5

For each scale it makes (or reuses) in ``benchmarks/data/`` the ``scoplan synth --seed 1``
folder (the English form: English file names, headers and codes, ISO dates, ``true/false``,
UTF-8, LF) and the same data in a bureau's form (``benchmarks/bureau_form.py``: Chinese
file names, headers and codes, 是/否, 服务对象 joined with 、, dates as 2021/9/14, GB18030,
CRLF). Then, each in a fresh process, best of ``--repeat``, the runs interleaved:

- ``scoplan evaluate DATA --plan benchmarks/headline.toml --as-of 2023-12-31 --format json``,
  start to exit, on each form: scoplan checking every cell and computing the headline
  figures, the same work as the DuckDB script's, so the ratios of issue 13 against DuckDB
  compare these runs;
- ``benchmarks/duckdb_check.py DATA``: DuckDB checking every cell DATA.md names and
  computing the headline figures, start to exit, on each form;
- ``scoplan evaluate DATA --as-of 2023-12-31 --format json``: the bundled Huangshan plan,
  its 40 milestones each judged for the city and every district, with year-end history, on
  each form: what a bureau runs, shown beside the others for what the whole plan adds;
- the headline run on the bundled example (``examples/huangshan``: 764 communities, a few
  thousand rows in all): what a run costs whatever the data (start-up, the plugins, the
  plan, the report), printed beside DuckDB's whole run on the scale's English form.

Each run may write and use Python's bytecode cache (``PYTHONDONTWRITEBYTECODE`` is unset
for them), as an installed scoplan does; without it each run compiles scoplan again.
It prints wall seconds, CPU seconds (user + system: less sensitive to a busy machine than
wall time) and peak resident memory (``ru_maxrss`` of the child), and the ratios of issue 13:
the Chinese form against the English one, scoplan's headline run against DuckDB on each
form. It checks that both forms give byte-identical reports, of both plans (but for the
report's ``source``: where the data is and when it changed), and that DuckDB and scoplan
(the plan ``benchmarks/headline.toml``) agree on every headline figure in both forms; it
exits 1 if not. It asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scale import AS_OF, compare, ensure_data, scoplan_command  # noqa: E402

TABLE_FILES = (
    "区县",
    "乡镇街道",
    "社区",
    "社区社会组织",
    "联合会",
    "平台与制度",
    "品牌项目",
    "活动",
)


JSON_AS_OF = ("--as-of", AS_OF, "--format", "json")


def run(command: Sequence[str], out: Path) -> tuple[float, float, float]:
    """Run ``command`` with its standard output into ``out``: wall seconds, CPU seconds and
    peak RSS in MB of that process alone (``os.wait4``)."""
    with out.open("wb") as stdout, tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):  # scoplan evaluate exits 1 when a milestone is not met
            stderr.seek(0)
            message = stderr.read().decode("utf-8", "replace")
            raise SystemExit(f"{' '.join(command)} failed ({code}):\n{message}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def ensure_bureau(english: Path) -> Path:
    """The bureau's form of ``english``, beside it: reused when complete."""
    folder = english.with_name(english.name + "-bureau")
    if all((folder / f"{name}.csv").is_file() for name in TABLE_FILES):
        print(f"{english.name}: reusing {folder}", flush=True)
        return folder
    command = [sys.executable, str(HERE / "bureau_form.py"), str(english), str(folder)]
    with tempfile.TemporaryDirectory() as scratch:
        wall, _, peak = run(command, Path(scratch) / "out")
    print(f"{english.name}: bureau form written in {wall:.1f} s, peak {peak:,.0f} MB", flush=True)
    return folder


_ORIGIN = re.compile(rb'"(location|modified)": "[^"]*"')


def without_origin(report: bytes, folder: Path) -> bytes:
    """A JSON report's bytes with where its data is and when it changed blanked (its
    ``source``), and the data folder's name where a warning names it (the whole plan on a
    province's register says the districts outside Huangshan): all that may differ between
    two forms of the same data."""
    return _ORIGIN.sub(rb'"\1": ""', report).replace(folder.name.encode(), b"DATA")


def headline_values(report: dict[str, Any]) -> list[list[Any]]:
    """(figure, scope, value, status) of each result of the headline plan's JSON report."""
    return [
        [
            result["target"],
            "all" if result["scope"]["level"] == "city" else result["scope"]["id"],
            result["value"],
            result["status"],
        ]
        for result in report["results"]
    ]


def measure_scale(
    scale: str, data_dir: Path, repeat: int, scratch: Path, scoplan: Sequence[str]
) -> tuple[dict[str, tuple[float, float, float]], list[str]]:
    """Best wall, CPU and peak of each of the four runs at ``scale``; and what disagreed."""
    english = ensure_data(scale, data_dir)
    bureau = ensure_bureau(english)
    forms = {"English": english, "Chinese": bureau}
    failures: list[str] = []
    evaluate = [*scoplan, "evaluate"]
    commands = {}
    for form, folder in forms.items():
        plan = ["--plan", str(HERE / "headline.toml")]
        commands[f"scoplan {form}"] = [*evaluate, str(folder), *plan, *JSON_AS_OF]
        commands[f"DuckDB {form}"] = [sys.executable, str(HERE / "duckdb_check.py"), str(folder)]
        commands[f"scoplan {form}, whole plan"] = [*evaluate, str(folder), *JSON_AS_OF]
    example = HERE.parent / "examples" / "huangshan"
    plan = ["--plan", str(HERE / "headline.toml")]
    commands["scoplan, the bundled example"] = [*evaluate, str(example), *plan, *JSON_AS_OF]
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(run(command, scratch / f"{scale}-{name}.out"))
    for plan in ("", ", whole plan"):
        english = (scratch / f"{scale}-scoplan English{plan}.out").read_bytes()
        chinese = (scratch / f"{scale}-scoplan Chinese{plan}.out").read_bytes()
        first = without_origin(english, forms["English"])
        if without_origin(chinese, forms["Chinese"]) != first:
            failures.append(f"{scale}: the two forms' JSON reports differ{plan}")
    for form in forms:
        headline = json.loads((scratch / f"{scale}-scoplan {form}.out").read_text(encoding="utf-8"))
        output = json.loads((scratch / f"{scale}-DuckDB {form}.out").read_text(encoding="utf-8"))
        found = {name: count for name, count in output["problems"].items() if count}
        if found:
            failures.append(f"{scale}, {form} form: DuckDB found problems {found}")
        values = headline_values(headline)
        failures += [f"{scale}, {form} form: {p}" for p in compare(values, output["values"])]
    best = {
        name: (min(r[0] for r in rs), min(r[1] for r in rs), min(r[2] for r in rs))
        for name, rs in runs.items()
    }
    return best, failures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="province,national")
    parser.add_argument("--data-dir", type=Path, default=HERE / "data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--scoplan",
        help="the scoplan command to measure (default: the one beside this Python), e.g. "
        "'python -m scoplan' with PYTHONPATH naming another checkout's src",
    )
    args = parser.parse_args(argv)
    # an installed scoplan has its bytecode: let each run compile once, not every time
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    scoplan_run = shlex.split(args.scoplan) if args.scoplan else scoplan_command()
    import duckdb
    import polars

    import scoplan

    print(
        f"scoplan {scoplan.__version__}, polars {polars.__version__}, duckdb {duckdb.__version__}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f}; best of {args.repeat}, fresh processes",
        flush=True,
    )
    results = {}
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-forms-") as scratch:
        for scale in [s.strip() for s in args.scales.split(",") if s.strip()]:
            best, found = measure_scale(
                scale, args.data_dir, args.repeat, Path(scratch), scoplan_run
            )
            results[scale] = best
            failures += found
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}\n")
    print("| scale | run | wall s | CPU s | peak MB |")
    print("| --- | --- | --- | --- | --- |")
    for scale, best in results.items():
        for name, (wall, cpu, peak) in best.items():
            print(f"| {scale} | {name} | {wall:.2f} | {cpu:.2f} | {peak:,.0f} |")
    print()
    print("| scale | ratio | wall | CPU | peak memory | goal |")
    print("| --- | --- | --- | --- | --- | --- |")
    ratios = (
        ("scoplan Chinese", "scoplan English", "Chinese / English form, scoplan", "≤ 1.2 (time)"),
        (
            "scoplan Chinese, whole plan",
            "scoplan English, whole plan",
            "Chinese / English form, scoplan, whole plan",
            "≤ 1.2 (time)",
        ),
        (
            "scoplan English",
            "DuckDB English",
            "scoplan / DuckDB, English form",
            "≤ 1.0 (time, province)",
        ),
        (
            "scoplan Chinese",
            "DuckDB Chinese",
            "scoplan / DuckDB, Chinese form",
            "≤ 1.0 (time and memory, national)",
        ),
        ("DuckDB Chinese", "DuckDB English", "Chinese / English form, DuckDB", "-"),
        ("scoplan English, whole plan", "DuckDB English", "whole plan / DuckDB, English form", "-"),
        (
            "scoplan, the bundled example",
            "DuckDB English",
            "scoplan on the bundled example / DuckDB, English form",
            "- (what any run costs)",
        ),
    )
    for scale, best in results.items():
        for top, bottom, label, goal in ratios:
            (w1, c1, m1), (w2, c2, m2) = best[top], best[bottom]
            print(f"| {scale} | {label} | {w1 / w2:.2f} | {c1 / c2:.2f} | {m1 / m2:.2f} | {goal} |")
    if failures:
        print("\nDISAGREE:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
        return 1
    print("\nThe forms' reports are byte-identical; DuckDB and scoplan agree on every headline.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
