"""Build ``src/scoplan/data/divisions-2023.parquet`` from the shared NBS division codes.

    python scripts/build_divisions.py [PATH/TO/divisions-2023.csv.gz]

The input (default: ``../shared/data/divisions/divisions-2023.csv.gz`` beside the
repository) holds the National Bureau of Statistics' 2023 statistical division codes of all
of China, 31 provinces down to 620,573 village-level units, with columns ``level``, ``code``,
``name``, ``parent_code`` and ``kind`` (urban/rural, communities only; see that folder's
README). The Parquet file keeps what cannot be derived: ``code``, ``name`` and ``kind``,
sorted by code (a unit's level is its code's length, its parent its code's prefix: both are
checked here), compressed with zstd in row groups of 16,384 rows, so that reading one
city's units reads a few of them. The same input always writes the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT.parent / "shared" / "data" / "divisions" / "divisions-2023.csv.gz"
OUTPUT = ROOT / "src" / "scoplan" / "data" / "divisions-2023.parquet"
DIGITS = {"province": 2, "city": 4, "county": 6, "township": 9, "community": 12}
PARENT_DIGITS = {"city": 2, "county": 4, "township": 6, "community": 9}


def build(source: Path, target: Path) -> pl.DataFrame:
    frame = pl.read_csv(
        source, schema_overrides={"code": pl.String, "parent_code": pl.String, "kind": pl.String}
    )
    digits = pl.col("level").replace_strict(DIGITS, return_dtype=pl.Int64)
    parent = pl.col("level").replace_strict(PARENT_DIGITS, default=0, return_dtype=pl.Int64)
    wrong = frame.filter(
        (pl.col("code").str.len_chars() != digits)
        | (
            (pl.col("level") != "province")
            & (pl.col("code").str.slice(0, parent) != pl.col("parent_code"))
        )
        | ((pl.col("level") != "community") & pl.col("kind").is_not_null())
        | ~pl.col("kind").is_in(["urban", "rural"]).fill_null(True)
    )
    if not wrong.is_empty():
        raise SystemExit(f"{source}: {wrong.height} rows break the layout, e.g.\n{wrong.head()}")
    if frame.get_column("code").is_duplicated().any():
        raise SystemExit(f"{source}: a code is given twice")
    kept = frame.select("code", "name", "kind").sort("code")
    target.parent.mkdir(parents=True, exist_ok=True)
    kept.write_parquet(
        target, compression="zstd", compression_level=19, row_group_size=16_384, statistics=True
    )
    return kept


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_INPUT
    kept = build(source, OUTPUT)
    size = OUTPUT.stat().st_size
    print(f"{OUTPUT.relative_to(ROOT)}: {kept.height:,} units, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
