"""Nothing lost, nothing changed: inputs are read only, reports are replaced whole or not at all.

A run never writes what it reads, whether it succeeds or fails; an ``--output`` that is one
of the inputs is refused; a report goes to a temporary file that is moved into place, so
that a run interrupted while rendering or writing leaves the earlier report whole and no
temporary file behind; and the same data in any order of rows and columns gives the same
bytes of JSON.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import shutil
from pathlib import Path

import pytest
from builders import PLAN_HEAD, milestone_toml
from click.testing import CliRunner, Result

import scoplan
from scoplan.cli import main
from scoplan.renderers import json as json_renderer

AS_OF = "2023-12-31"


def run(*args: str) -> Result:
    """The command, in-process (a bug becomes exit 4 and a message, as for users)."""
    return CliRunner().invoke(main, list(args))


def snapshot(*paths: Path) -> dict[Path, tuple[bytes, int, int]]:
    """The bytes, modification time and mode of every file under ``paths``."""
    files = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*"))]
    return {
        f: (f.read_bytes(), f.stat().st_mtime_ns, f.stat().st_mode) for f in files if f.is_file()
    }


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the bundled example data, to run on and to check."""
    return Path(shutil.copytree(scoplan.example_path(), tmp_path / "huangshan"))


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """A small plan file on disk: an input too."""
    path = tmp_path / "plan.toml"
    path.write_text(
        PLAN_HEAD.replace("2023-12-31", "2024-12-31")
        + milestone_toml("m", "service-centres", __import__("datetime").date(2023, 12, 31)),
        encoding="utf-8",
    )
    return path


# -- inputs are never written --------------------------------------------------------------


def test_a_run_leaves_its_inputs_as_they_were(
    example: Path, plan_file: Path, tmp_path: Path
) -> None:
    """Evaluating into a folder of every format changes no byte, time or mode of the data
    or the plan."""
    before = snapshot(example, plan_file)
    out = tmp_path / "out"
    formats = ",".join(scoplan.load_registry().renderers)
    result = run(
        "evaluate", str(example), "--plan", str(plan_file), "--format", formats, "-o", str(out)
    )
    assert result.exit_code in (0, 1), result.output
    assert snapshot(example, plan_file) == before
    assert sorted(p.suffix for p in out.iterdir()) == sorted(
        f".{r.extension}" for r in scoplan.load_registry().renderers.values()
    )


def test_a_failed_run_leaves_its_inputs_as_they_were(example: Path, tmp_path: Path) -> None:
    """A run on bad data (a date of month 13 in the middle of the organizations) exits 2 and
    changes nothing it read."""
    organizations = example / "organizations.csv"
    with organizations.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[100][rows[0].index("founded")] = "2021-13-01"
    with organizations.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    before = snapshot(example)
    result = run("evaluate", str(example), "-o", str(tmp_path / "report.txt"))
    assert result.exit_code == 2
    assert "第101行" in result.stderr
    assert snapshot(example) == before
    assert not (tmp_path / "report.txt").exists()


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_loading_a_document_leaves_it_as_it_was(example: Path, tmp_path: Path, suffix: str) -> None:
    """A JSON document and a workbook are read, not written, good or bad."""
    path = tmp_path / f"data{suffix}"
    if suffix == ".json":
        document = {
            p.stem: list(csv.DictReader(p.open(encoding="utf-8"))) for p in example.glob("*.csv")
        }
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        book.remove(book.active)
        for table in sorted(example.glob("*.csv")):
            sheet = book.create_sheet(table.stem)
            for row in csv.reader(table.open(encoding="utf-8")):
                sheet.append(row)
        book.save(path)
    before = snapshot(path)
    assert scoplan.load(path).size()["organizations"] == 4865
    assert snapshot(path) == before
    broken = tmp_path / f"broken{suffix}"
    broken.write_bytes(path.read_bytes()[:-100])
    before = snapshot(broken)
    with pytest.raises(scoplan.DataError):
        scoplan.load(broken)
    assert snapshot(broken) == before


# -- an output that is an input is refused --------------------------------------------------


@pytest.mark.parametrize(
    "which", ["a csv file", "the same file spelt otherwise", "the plan", "a link to an input"]
)
def test_an_output_that_is_an_input_is_refused(
    example: Path, plan_file: Path, tmp_path: Path, which: str
) -> None:
    """The data's files, however the path is spelt, and the plan file are never an output:
    exit 2, a message, nothing changed."""
    target = {
        "a csv file": example / "districts.csv",
        "the same file spelt otherwise": example / ".." / example.name / "events.csv",
        "the plan": plan_file,
        "a link to an input": tmp_path / "link.csv",
    }[which]
    if which == "a link to an input":
        target.symlink_to(example / "townships.csv")
    before = snapshot(example, plan_file)
    result = run(
        "evaluate", str(example), "--plan", str(plan_file), "--lang", "en", "-o", str(target)
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {target}: the output is one of the inputs; refusing to overwrite it\n"
    )
    assert snapshot(example, plan_file) == before


# -- reports are replaced whole or not at all ----------------------------------------------


@pytest.fixture
def old_report(tmp_path: Path) -> Path:
    """A report written by an earlier run, to be replaced."""
    path = tmp_path / "reports" / "report.json"
    path.parent.mkdir()
    path.write_text('{"earlier": true}\n', encoding="utf-8")
    return path


def assert_old_report_whole(path: Path) -> None:
    """The earlier report is there, unchanged, and no temporary file beside it."""
    assert path.read_text(encoding="utf-8") == '{"earlier": true}\n'
    assert [p.name for p in path.parent.iterdir()] == ["report.json"]


def test_a_renderer_failing_midway_leaves_the_old_report_whole(
    old_report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A renderer that raises after starting: exit 4, a message, the old report whole."""

    def render(report, options):
        json_renderer.render_json(report)
        raise RuntimeError("renderer crashed half-way")

    monkeypatch.setattr(json_renderer, "render", render)
    result = run("evaluate", "--as-of", AS_OF, "--format", "json", "-o", str(old_report))
    assert result.exit_code == 4
    assert "internal error: RuntimeError: renderer crashed half-way" in result.stderr
    assert "Traceback" not in result.stderr
    assert_old_report_whole(old_report)


def test_a_failed_move_into_place_leaves_the_old_report_whole(
    old_report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the finished report cannot be moved into place (a full disk, a lost mount), the
    old report stays whole, the temporary file is removed, and the message says why."""

    def replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", replace)
    result = run(
        "evaluate", "--as-of", AS_OF, "--format", "json", "--lang", "en", "-o", str(old_report)
    )
    assert result.exit_code == 2
    assert result.stderr == f"error: {old_report}: cannot be written: No space left on device\n"
    assert_old_report_whole(old_report)


def test_an_interrupt_while_writing_leaves_the_old_report_whole(
    old_report: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the report is being moved into place: exit 130, the old report whole."""

    def replace(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", replace)
    result = run("evaluate", "--as-of", AS_OF, "--format", "json", "-o", str(old_report))
    assert result.exit_code == 130
    assert_old_report_whole(old_report)


def test_a_successful_run_replaces_the_report_whole(old_report: Path) -> None:
    """Without a fault the report is replaced, and nothing else is left in its folder."""
    result = run("evaluate", "--as-of", AS_OF, "--format", "json", "-o", str(old_report))
    assert result.exit_code == 1
    assert json.loads(old_report.read_text(encoding="utf-8"))["schema_version"] == 3
    assert [p.name for p in old_report.parent.iterdir()] == ["report.json"]


# -- the same data in any order --------------------------------------------------------------


def shuffled_copy(source: Path, target: Path, seed: int) -> Path:
    """The CSV files of ``source`` with their rows and their columns in a random order."""
    target.mkdir()
    rng = random.Random(seed)
    for path in sorted(source.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = list(reader.fieldnames or [])
            rows = list(reader)
        rng.shuffle(rows)
        rng.shuffle(columns)
        with (target / path.name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    return target


def test_rows_and_columns_in_any_order_give_the_same_json_bytes(tmp_path: Path) -> None:
    """The example, its rows and columns shuffled twice over, gives byte-identical JSON."""
    example = scoplan.example_path()
    reports = []
    for folder in (
        example,
        shuffled_copy(example, tmp_path / "one", 1),
        shuffled_copy(example, tmp_path / "two", 2),
    ):
        result = run("evaluate", str(folder), "--as-of", "2022-06-30", "--format", "json")
        assert result.exit_code in (0, 1), result.stderr
        # the same bytes but for where and when the data was read (its ``source``)
        reports.append(re.sub(rb'\n  "source": \{.*?\n  \},', b"", result.stdout_bytes, flags=re.S))
    assert b'"source"' not in reports[0]
    assert reports[0] == reports[1] == reports[2]
    assert json.loads(reports[0])["results"]
