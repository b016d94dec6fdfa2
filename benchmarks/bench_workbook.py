"""scoplan on a workbook against a plain fastexcel read of it, each a whole process (issue 13).

Run from the repository root, with the ``bench`` extra installed (``pip install -e '.[bench]'``)::

    python benchmarks/bench_workbook.py
    python benchmarks/bench_workbook.py --repeat 5 --before b44ac85 --also registry.xlsx

Makes the province-scale data once, ``scoplan synth --scale province --seed 1`` into
``<data-dir>/province-seed1`` and ``scoplan convert`` of it into
``<data-dir>/province-seed1.xlsx`` (or reuses them), then times whole processes, start to
exit, each fresh, best of ``--repeat``, taken in turns so that a busy moment of the machine
falls on all alike:

The same for that workbook with its text kept as Excel keeps it, once, in
``sharedStrings.xml`` (``<data-dir>/province-seed1-shared.xlsx``: openpyxl, and so ``scoplan
convert``, writes text in each cell; a bureau's Excel writes it shared), made once by
:func:`shared_form`.

- ``fastexcel``: a ``python -c`` process that imports fastexcel and reads every sheet of the
  workbook to polars, as a program that only wants the sheets would;
- ``scoplan, headline``: ``scoplan evaluate WORKBOOK --plan benchmarks/headline.toml
  --as-of 2023-12-31 --format json -o /dev/null``: every cell read and checked, then the
  headline figures, the run ``bench_forms.py`` holds against DuckDB; issue 13 asks for at
  most 1.5 times the first;
- ``scoplan, whole plan``: the same with the bundled Huangshan plan, its 40 milestones each
  judged for the city and every district, shown beside it for what the plan adds (the same
  whatever the data's form: see ``scoplan, CSV``);
- ``scoplan, CSV``: the whole plan's evaluation of the CSV folder the workbook was made from;
- ``scoplan before`` (with ``--before REV``): the headline run as the git revision REV
  has it (its ``src`` run from a temporary folder), once, for it is slow.

The same for the bureau's sample workbook (``../shared/data/bureau-sample``), where it is,
and for each ``--also`` workbook. Each time is wall seconds, and beside it the CPU seconds
(user and system, from ``os.wait4``), steadier on a shared machine. Prints a Markdown
table; it asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUREAU = ROOT.parent / "shared" / "data" / "bureau-sample"
HEADLINE = HERE / "headline.toml"
AS_OF = "2023-12-31"
"""The date the runs evaluate as of, as ``bench_forms.py``'s: the synthetic data's last day
(as of today, the whole plan would add the year-ends since, each judged on the same rows)."""
READ_EVERY_SHEET = (
    "import sys, fastexcel\n"
    "reader = fastexcel.read_excel(sys.argv[1])\n"
    "frames = [reader.load_sheet(name).to_polars() for name in reader.sheet_names]\n"
)


def run(command: Sequence[str], env: Mapping[str, str] | None = None) -> tuple[float, float]:
    """Run a command to its end: its wall seconds and its CPU seconds (user and system)."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), stdout=subprocess.DEVNULL, stderr=out, env=env and {**os.environ, **env}
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):  # scoplan evaluate exits 1 when a milestone is not met
            out.seek(0)
            error = out.read().decode("utf-8", "replace")
            raise SystemExit(f"{' '.join(command)} failed ({code}):\n{error}")
    return wall, usage.ru_utime + usage.ru_stime


def scoplan_command() -> list[str]:
    beside = Path(sys.executable).parent / "scoplan"
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "scoplan"]


def ensure_workbook(data_dir: Path) -> tuple[Path, Path]:
    """The province folder of seed 1 and the workbook of it: reused, or made once."""
    folder = data_dir / "province-seed1"
    workbook = data_dir / "province-seed1.xlsx"
    if not (folder / "organizations.csv").is_file():
        command = [*scoplan_command(), "synth", "--scale", "province", "--seed", "1", "--force"]
        wall, _ = run([*command, str(folder)])
        print(f"province data made in {wall:.1f} s", flush=True)
    if not workbook.is_file():
        wall, _ = run([*scoplan_command(), "convert", str(folder), str(workbook)])
        print(f"province workbook made in {wall:.1f} s", flush=True)
    return folder, workbook


def shared_form(workbook: Path, into: Path) -> Path:
    """The workbook with every text cell's text moved to shared strings, as Excel keeps
    them: reused, or made once."""
    if into.is_file():
        return into
    started = time.perf_counter()
    with zipfile.ZipFile(workbook) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    strings: dict[str, int] = {}

    def share(match: re.Match[str]) -> str:
        index = strings.setdefault(match.group(2), len(strings))
        return f'<c{match.group(1)} t="s"><v>{index}</v></c>'

    inline = re.compile(r'<c([^>]*?) t="inlineStr"><is>(.*?)</is></c>')
    for name in parts:
        if name.startswith("xl/worksheets/"):
            parts[name] = inline.sub(share, parts[name].decode()).encode()
    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    items = "".join(f"<si>{xml}</si>" for xml in strings)
    parts["xl/sharedStrings.xml"] = f'<sst xmlns="{main_ns}">{items}</sst>'.encode()
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/>'
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace("</Types>", f"{override}</Types>").encode()
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    link = f'<Relationship Id="rIdStrings" Type="{relation}" Target="sharedStrings.xml"/>'
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>", f"{link}</Relationships>"
    ).encode()
    with zipfile.ZipFile(into, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    print(f"shared-strings workbook made in {time.perf_counter() - started:.1f} s", flush=True)
    return into


def older_scoplan(revision: str, into: Path) -> Path:
    """The ``src`` folder of scoplan as ``revision`` has it, unpacked into ``into``."""
    archive = into / "src.tar"
    with archive.open("wb") as handle:
        subprocess.run(["git", "archive", revision, "src"], cwd=ROOT, stdout=handle, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def measure(
    commands: Mapping[str, tuple[list[str], Mapping[str, str] | None]], repeat: int
) -> dict[str, tuple[float, float]]:
    """Each command's best wall and CPU seconds over ``repeat`` turns of all of them."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, (command, env) in commands.items():
            runs[name].append(run(command, env))
    return {
        name: (min(w for w, _ in times), min(c for _, c in times)) for name, times in runs.items()
    }


def seconds(best: Mapping[str, tuple[float, float]], name: str) -> str:
    if name not in best:
        return "–"
    wall, cpu = best[name]
    return f"{wall:.2f} (CPU {cpu:.2f})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=HERE / "data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", metavar="REV", help="also time scoplan as git REV has it")
    parser.add_argument("--also", type=Path, action="append", default=[], metavar="WORKBOOK")
    args = parser.parse_args(argv)
    # an installed scoplan has its bytecode: let each run compile once, not every time
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    import fastexcel
    import polars

    import scoplan

    print(
        f"scoplan {scoplan.__version__}, fastexcel {fastexcel.__version__}, polars "
        f"{polars.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs; "
        f"best of {args.repeat}, whole processes",
        flush=True,
    )
    folder, province = ensure_workbook(args.data_dir)
    shared = shared_form(province, args.data_dir / "province-seed1-shared.xlsx")
    cases: list[tuple[str, Path, Path | None]] = [
        ("province", province, folder),
        ("province, shared strings", shared, None),
    ]
    bureau = BUREAU / "黄山市社区社会组织台账.xlsx"
    if bureau.is_file():
        cases.append(("bureau sample", bureau, BUREAU / "黄山市社区社会组织台账"))
    cases += [(path.name, path, None) for path in args.also]
    lines = [
        "| workbook | fastexcel s | scoplan, headline s | ratio | scoplan, whole plan s | ratio "
        "| scoplan, CSV s | scoplan before s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as temporary:
        before = older_scoplan(args.before, Path(temporary)) if args.before else None
        for label, workbook, csv_folder in cases:
            evaluate = ["evaluate", "--as-of", AS_OF, "--format", "json", "-o", os.devnull]
            headline = [*evaluate, "--plan", str(HEADLINE)]
            commands: dict[str, tuple[list[str], Mapping[str, str] | None]] = {
                "fastexcel": ([sys.executable, "-c", READ_EVERY_SHEET, str(workbook)], None),
                "headline": ([*scoplan_command(), *headline, str(workbook)], None),
                "whole": ([*scoplan_command(), *evaluate, str(workbook)], None),
            }
            if csv_folder is not None:
                commands["csv"] = ([*scoplan_command(), *evaluate, str(csv_folder)], None)
            best = measure(commands, args.repeat)
            if before is not None:
                older = [sys.executable, "-m", "scoplan", *headline, str(workbook)]
                best["before"] = run(older, {"PYTHONPATH": str(before)})

            cells = [seconds(best, "fastexcel")]
            for name in ("headline", "whole"):
                ratio = best[name][0] / best["fastexcel"][0]
                cpu_ratio = best[name][1] / best["fastexcel"][1]
                cells += [seconds(best, name), f"{ratio:.2f} (CPU {cpu_ratio:.2f})"]
            cells += [seconds(best, name) for name in ("csv", "before")]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
            print(lines[-1], flush=True)
    print()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
