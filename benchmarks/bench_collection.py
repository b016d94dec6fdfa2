"""The collection round trip at a province's scale: 安徽省's templates, and its returns merged.

Run from the repository root::

    python benchmarks/bench_collection.py [--per-community 10] [--keep DIR]

Each step runs in a fresh process and prints its seconds and peak memory (RSS):

1. ``templates by city``: ``write_template`` for each of the 16 cities of 安徽省, one
   workbook each (119 county-level units, 1,685 township-level, 18,334 communities);
2. ``templates by district``: ``write_template("34", each="district")``, 119 workbooks
   (the issue's 104 districts and counties, and 15 development zones);
3. (not measured) each district's workbook filled with ``--per-community`` invented
   organizations per community, as a clerk fills the template;
4. ``merge``: ``scoplan.load`` of the folder of 119 returns: each read and checked on its
   own, then merged.

It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(name: str, folder: Path, per_community: int) -> dict[str, Any]:
    started = time.perf_counter()
    out: dict[str, Any] = {}
    if name == "templates-by-city":
        from scoplan import divisions
        from scoplan.template import write_template

        cities = divisions.under(["34"]).filter(divisions.pl.col("level") == "city")
        made = []
        for code in cities.get_column("code"):
            made += write_template(code, folder / "cities" / f"{code}.xlsx", force=True)
        out = {"workbooks": len(made), "communities": sum(w.communities for w in made)}
    elif name == "templates-by-district":
        from scoplan.template import write_template

        made = write_template("34", folder / "returns", each="district", force=True)
        out = {"workbooks": len(made), "communities": sum(w.communities for w in made)}
    elif name == "fill":
        out = {"organizations": fill(folder / "returns", per_community)}
    elif name == "merge":
        import scoplan

        data = scoplan.load(folder / "returns")
        out = {"rows": data.size(), "warnings": len(data.warnings)}
    out["seconds"] = round(time.perf_counter() - started, 2)
    out["peak_mb"] = round(_peak_mb(), 1)
    return out


def fill(returns: Path, per_community: int) -> int:
    """Each workbook's organizations sheet filled: ``per_community`` rows per community."""
    import datetime as dt

    import openpyxl

    count = 0
    for path in sorted(returns.glob("*.xlsx")):
        book = openpyxl.load_workbook(path)
        communities = [row[0].value for row in book["社区"].iter_rows(min_row=2)]
        kinds = book["社区"]
        for row in kinds.iter_rows(min_row=2):
            if row[3].value is None:
                row[3].value = "城市社区"  # the bureau decides the undecided
        sheet = book["社区社会组织"]
        for community in communities:
            if community is None:
                continue
            for k in range(per_community):
                count += 1
                sheet.append(
                    [
                        f"ORG{community}{k:02d}",
                        community,
                        f"志愿服务队{k}",
                        "志愿服务类",
                        dt.date(2021, 1 + k % 12, 1 + k % 28),
                        None,
                        "备案",
                        "规模较小",
                        "社区",
                        "是",
                        None,
                        "老年人、儿童" if k % 2 else None,
                    ]
                )
        book.save(path)
    return count


def run(name: str, folder: Path, per_community: int) -> dict[str, Any]:
    completed = subprocess.run(
        [
            sys.executable,
            __file__,
            "--step",
            name,
            "--folder",
            str(folder),
            "--per-community",
            str(per_community),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-community", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="Write into this folder and keep it.")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step, args.folder, args.per_community), ensure_ascii=False))
        return
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        for name in ("templates-by-city", "templates-by-district", "fill", "merge"):
            result = run(name, folder, args.per_community)
            print(f"{name:22} {json.dumps(result, ensure_ascii=False)}", flush=True)


if __name__ == "__main__":
    main()
