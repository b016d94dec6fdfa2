"""Time scoplan on the bundled Huangshan example: load, evaluate, and the whole CLI process.

Run: ``python benchmarks/bench_example.py``. Prints figures; asserts nothing about speed.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import subprocess
import sys
import time

import scoplan


def report(label: str, figures: tuple[float, float], note: str = "") -> None:
    best, median = figures
    print(f"{label:18} best {best * 1000:7.1f} ms   median {median * 1000:7.1f} ms  {note}")


def best_of(runs: int, work: object) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def main() -> None:
    path = scoplan.example_path()
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    registry = scoplan.load_registry()
    data = scoplan.load(path)
    as_of = dt.date(2023, 12, 31)
    rows = sum(data.size().values())
    print(f"example: {path} ({rows} rows, {data.size()['organizations']} organizations)")
    load_best, load_median = best_of(10, lambda: scoplan.load(path))
    print(
        f"load               best {load_best * 1000:7.1f} ms   median {load_median * 1000:7.1f} ms"
    )

    def run() -> None:
        scoplan.evaluate(scoplan.load(path), plan, as_of, registry=registry)

    eval_best, eval_median = best_of(10, run)
    print(
        f"load + evaluate    best {eval_best * 1000:7.1f} ms   median {eval_median * 1000:7.1f} ms"
    )
    exe = shutil.which("scoplan") or sys.executable
    command = [exe, "evaluate", "--as-of", "2023-12-31", "--format", "json"]
    if exe == sys.executable:
        command = [sys.executable, "-m", "scoplan", *command[1:]]

    def process() -> None:
        subprocess.run(command, stdout=subprocess.DEVNULL, check=False)

    report("scoplan evaluate", best_of(5, process), "(whole process)")


if __name__ == "__main__":
    main()
