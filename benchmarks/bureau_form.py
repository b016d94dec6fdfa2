"""Write a folder of ``scoplan synth`` CSV files again the way a civil-affairs bureau writes it.

Chinese file names and headers, each code by its Chinese name (登记/备案/未登记, 城市社区, 是/否,
服务对象 joined with 、), dates as ``2021/9/14``, GB18030, CRLF line ends: the form of
``shared/data/bureau-sample/`` and ``tests/bureau.py``, at any scale. The same data, so it must
load to the same dataset and the same reports as the English folder::

    python benchmarks/bureau_form.py benchmarks/data/province-seed1 benchmarks/data/province-zh

Rows are converted a slice at a time, so the national data (5 million organizations) needs
a few hundred megabytes, not gigabytes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from scoplan.schema import BOOL, DATE, LIST, TABLES, Column

SLICE = 500_000
"""Rows converted at a time."""


def _chinese(column: Column) -> pl.Expr:
    """The column's cells as the bureau writes them."""
    cell = pl.col(column.name)
    if column.type == DATE:
        day = cell.str.to_date("%Y-%m-%d")
        # 2021/9/14: no leading zeros, as Excel in China shows a date saved as text
        return (
            day.dt.year().cast(pl.String)
            + "/"
            + day.dt.month().cast(pl.String)
            + "/"
            + day.dt.day().cast(pl.String)
        )
    if column.type == BOOL:
        return pl.when(cell == "true").then(pl.lit("是")).when(cell == "false").then(pl.lit("否"))
    names = {code: aliases[0] for code, aliases in (column.codes or {}).items() if aliases}
    if column.type == LIST:
        parts = cell.str.split(";").list.eval(pl.element().replace(names))
        return pl.when(cell.is_null()).then(None).otherwise(parts.list.join("、"))
    if names:
        return cell.replace(names)
    return cell


def write_bureau_form(english: Path, out: Path) -> None:
    """Every table of ``english`` (a ``scoplan synth`` folder) into ``out`` in the bureau's form.

    Written into a temporary folder beside ``out`` and moved into place when whole.
    """
    partial = out.with_name(out.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for table in TABLES:
        source = english / f"{table.name}.csv"
        if not source.exists():
            continue
        frame = pl.read_csv(source, infer_schema=False)
        known = {c.name: c for c in table.columns}
        exprs = [
            (_chinese(known[name]) if name in known else pl.col(name)).alias(
                known[name].alias if name in known else name
            )
            for name in frame.columns
        ]
        with open(partial / f"{table.alias}.csv", "wb") as handle:
            for start in range(0, max(frame.height, 1), SLICE):
                text = (
                    frame.slice(start, SLICE)
                    .select(exprs)
                    .write_csv(include_header=start == 0, line_terminator="\r\n")
                )
                handle.write(text.encode("gb18030"))
        del frame
    shutil.rmtree(out, ignore_errors=True)
    os.replace(partial, out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("english", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    write_bureau_form(args.english, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
