"""The floors under issue 4's goals: what polars alone costs, beside DuckDB.

Run from the repository root, with the ``bench`` extra installed, after
``benchmarks/bench_scale.py`` has made the data (or with ``--data-dir`` pointing at it)::

    python benchmarks/bench_floors.py                 # best of 3, city and national

Each line is a fresh process, timed start to exit, with its peak resident memory
(``ru_maxrss`` from ``os.wait4``):

- start-up: an empty interpreter, ``import duckdb``, ``import polars``, scoplan's dataset layer,
  and the DuckDB headline query on the city's files; scoplan's data lives in polars, so
  ``import polars`` is a floor under any ``scoplan evaluate`` process;
- reading the national organizations file (5 million rows, 529 MB) with polars: only the
  four columns DuckDB's query reads, and every column, as scoplan must to check every cell;
  beside DuckDB's whole headline query on the same files;
- decoding the Chinese form's organizations file (GB18030, made by ``bench_forms.py``) with
  Python's codec, the one decoder of GB18030 at hand (polars reads UTF-8 only): a floor
  under the Chinese form's extra time over the English form's.

It prints a Markdown table and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scale import headline_sql, run  # noqa: E402

COLUMNS = (
    "id",
    "community_id",
    "name",
    "category",
    "founded",
    "dissolved",
    "registration",
    "size",
    "managed_by",
    "charter",
    "brand",
    "serves",
)


def polars_read(path: Path, columns: Sequence[str]) -> str:
    """A ``python -c`` program reading ``columns`` of the organizations file, dates parsed."""
    dates = [c for c in ("founded", "dissolved", "brand") if c in columns]
    return (
        "import polars as pl\n"
        f"schema = {{c: pl.String for c in {list(COLUMNS)!r}}}\n"
        f"frame = pl.scan_csv({str(path)!r}, schema=schema).select({list(columns)!r})"
        f".with_columns(pl.col(c).str.to_date('%Y-%m-%d') for c in {dates!r}).collect()\n"
        "assert frame.height > 0\n"
    )


def gb18030_decode(path: Path) -> str:
    """A ``python -c`` program decoding a GB18030 file in pieces of 8 MB into UTF-8 text, as
    any reader of it in Python must (polars reads UTF-8 alone): the codec, nothing else."""
    return (
        f"handle = open({str(path)!r}, 'rb')\n"
        "rest = b''\n"
        "while piece := handle.read(1 << 23):\n"
        "    piece = rest + piece\n"
        "    end = piece.rfind(b'\\n') + 1\n"
        "    piece[:end].decode('gb18030').encode('utf-8')\n"
        "    rest = piece[end:]\n"
        "rest.decode('gb18030')\n"
    )


def best(command: Sequence[str], repeat: int) -> tuple[float, float]:
    """Best wall seconds and best peak MB of ``repeat`` runs of a whole process."""
    runs = [run(command)[:2] for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=HERE / "data")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    python = sys.executable
    city = args.data_dir / "city-seed1"
    national = args.data_dir / "national-seed1"
    rows: list[tuple[str, float, float]] = []

    def measure(label: str, command: Sequence[str]) -> None:
        seconds, peak = best(command, args.repeat)
        rows.append((label, seconds, peak))
        print(f"{label}: {seconds:.3f} s, {peak:,.0f} MB", flush=True)

    measure("python -c pass", [python, "-c", "pass"])
    measure("import duckdb", [python, "-c", "import duckdb"])
    measure("import polars", [python, "-c", "import polars"])
    # the façade is lazy: asking for the dataset layer imports what loading needs
    measure("from scoplan import Dataset", [python, "-c", "from scoplan import Dataset"])
    if city.is_dir():
        query = f"import duckdb; duckdb.connect().execute({headline_sql(city)!r}).fetchall()"
        measure("city: DuckDB headline query, whole process", [python, "-c", query])
    if national.is_dir():
        organizations = national / "organizations.csv"
        four = ("community_id", "founded", "dissolved", "brand")
        measure(
            "national: polars reads the 4 columns DuckDB reads",
            [python, "-c", polars_read(organizations, four)],
        )
        measure(
            "national: polars reads all 12 columns",
            [python, "-c", polars_read(organizations, COLUMNS)],
        )
        query = f"import duckdb; duckdb.connect().execute({headline_sql(national)!r}).fetchall()"
        measure("national: DuckDB headline query, whole process", [python, "-c", query])
    chinese = args.data_dir / "national-seed1-bureau" / "社区社会组织.csv"
    if chinese.is_file():
        measure(
            "national: Python's GB18030 codec alone on the Chinese organizations file",
            [python, "-c", gb18030_decode(chinese)],
        )
    print()
    print(f"best of {args.repeat}, {os.cpu_count()} CPUs, whole processes start to exit")
    print()
    print("| process | seconds | peak MB |")
    print("| --- | --- | --- |")
    for label, seconds, peak in rows:
        print(f"| {label} | {seconds:.3f} | {peak:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
