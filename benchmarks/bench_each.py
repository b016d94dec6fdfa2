"""Every target kind, judged for each district of the data: the Ministry's heaviest plan.

Run from the repository root after ``benchmarks/bench_scale.py`` has made the data::

    python benchmarks/bench_each.py                    # province and national
    python benchmarks/bench_each.py --scales city

The plan has one milestone per installed target kind, due 2023-12-31, with
``scope = { each = true }`` and the parameters the contract check would use
(:func:`scoplan.testing.contract.sample_params`): 21 kinds × 2,839 districts = 59,619
results at the national scale. Each scale runs in a fresh process; the script prints the
load and evaluation seconds, the peak memory, the number of results by status, and the
seconds spent in each target kind. It asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DUE = dt.date(2023, 12, 31)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def each_plan_toml() -> str:
    """The plan: every installed target kind, for each district."""
    import scoplan
    from scoplan.testing.contract import sample_params

    lines = [
        'id = "each-district"',
        'title = "每个区县、每个目标类型"',
        'title_en = "Every target kind for each district"',
        'version = "1"',
        "start = 2023-01-01",
        "end = 2023-12-31",
        "",
    ]
    for kind_id, kind in sorted(scoplan.load_registry().targets.items()):
        params = ", ".join(f"{k} = {_toml(v)}" for k, v in sample_params(kind).items())
        lines += [
            "[[milestones]]",
            f'id = "{kind_id}"',
            f'target = "{kind_id}"',
            f"due = {DUE.isoformat()}",
            "scope = { each = true }",
            f"params = {{ {params} }}",
            "",
        ]
    return "\n".join(lines)


def worker(folder: Path) -> dict[str, Any]:
    import scoplan
    from scoplan import engine

    plan = scoplan.parse_plan(each_plan_toml())
    registry = scoplan.load_registry()
    seconds: Counter[str] = Counter()
    measure = engine._measure

    def timed(task: Any, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return measure(task, context)
        finally:
            seconds[task.kind.id] += time.perf_counter() - started

    engine._measure = timed  # the seconds each kind takes, for the table
    started = time.perf_counter()
    data = scoplan.load(folder)
    loaded = time.perf_counter()
    report = scoplan.evaluate(data, plan, DUE, registry=registry)
    done = time.perf_counter()
    return {
        "districts": len(data.district_ids()),
        "results": len(report.results),
        "statuses": {k: v for k, v in report.counts().items() if v},
        "load": loaded - started,
        "evaluate": done - loaded,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "kinds": dict(seconds.most_common()),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="province,national")
    parser.add_argument("--data-dir", type=Path, default=HERE / "data")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return 0
    print("| scale | districts | results | load s | evaluate s | peak MB | slowest kinds (s) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for scale in (s.strip() for s in args.scales.split(",") if s.strip()):
        folder = args.data_dir / f"{scale}-seed1"
        if not (folder / "organizations.csv").is_file():
            print(f"{scale}: no data in {folder}: run benchmarks/bench_scale.py first", flush=True)
            continue
        out = subprocess.run(
            [sys.executable, __file__, "--worker", str(folder)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        found = json.loads(out.strip().splitlines()[-1])
        slowest = ", ".join(f"{k} {v:.1f}" for k, v in list(found["kinds"].items())[:3])
        print(
            f"| {scale} | {found['districts']:,} | {found['results']:,} | {found['load']:.2f} | "
            f"{found['evaluate']:.2f} | {found['peak_mb']:,.0f} | {slowest} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
