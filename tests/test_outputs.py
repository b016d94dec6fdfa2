"""Where reports go, and that nothing the user gave is ever overwritten (scoplan._output).

An output that is, or is inside, anything the run reads is refused; a device, a FIFO or a
descriptor is written in place, never replaced by a file; several formats are one set,
replaced whole; an interrupt or SIGTERM while writing leaves no temporary file and no mix.
"""

from __future__ import annotations

import errno
import json
import os
import select
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import scoplan
from scoplan.cli import main
from scoplan.writing import convert

AS_OF = "2023-12-31"
TIMEOUT = 120
"""Seconds any subprocess may take before the test fails (a run takes one or two)."""


def run(*args: str) -> Result:
    """The command, in-process (a bug becomes exit 4 and a message, as for users)."""
    return CliRunner().invoke(main, list(args))


def snapshot(*paths: Path) -> dict[Path, tuple[bytes, int, int]]:
    """The bytes, modification time and mode of every file under ``paths``."""
    files = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*"))]
    return {
        f: (f.read_bytes(), f.stat().st_mtime_ns, f.stat().st_mode) for f in files if f.is_file()
    }


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the bundled example data (its README.md removed: a folder of CSV files)."""
    folder = Path(shutil.copytree(scoplan.example_path(), tmp_path / "data"))
    (folder / "README.md").unlink(missing_ok=True)
    return folder


@pytest.fixture
def database(example: Path, tmp_path: Path) -> Path:
    """The example as a SQLite database."""
    path = tmp_path / "registry.db"
    convert(example, f"sqlite:///{path}")
    return path


# -- 1. an output that is, or is inside, an input is refused ---------------------------------


def test_the_database_is_not_overwritten_by_the_report(database: Path) -> None:
    """``evaluate sqlite:///reg.db -o reg.db``: exit 2, the database unchanged."""
    before = snapshot(database)
    result = run(
        "evaluate", f"sqlite:///{database}", "--format", "json", "--lang", "en", "-o", str(database)
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {database}: the output is one of the inputs; refusing to overwrite it\n"
    )
    assert snapshot(database) == before


def test_the_database_journal_is_an_input_too(database: Path) -> None:
    """SQLite reads its ``-wal`` file beside the database: not an output either."""
    wal = Path(f"{database}-wal")
    result = run("evaluate", f"sqlite:///{database}", "--lang", "en", "-o", str(wal))
    assert result.exit_code == 2
    assert "the output is one of the inputs" in result.stderr
    assert not wal.exists()


def test_the_mapping_file_is_not_overwritten(database: Path, tmp_path: Path) -> None:
    """The TOML mapping named in a database URL is an input: refused as an output."""
    mapping = tmp_path / "mapping.toml"
    mapping.write_text("[tables]\n", encoding="utf-8")
    before = snapshot(mapping)
    source = f"sqlite:///{database}?mapping={mapping}"
    result = run("evaluate", source, "--lang", "en", "-o", str(mapping))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {mapping}: the output is one of the inputs; refusing to overwrite it\n"
    )
    assert snapshot(mapping) == before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_report_in_the_data_folder_is_refused(example: Path, lang: str) -> None:
    """``--format csv -o DATA``: the report would land among the data (and the next run
    would refuse the folder). Exit 2, the folder as it was, in either language."""
    before = snapshot(example)
    result = run("evaluate", str(example), "--format", "csv", "--lang", lang, "-o", str(example))
    assert result.exit_code == 2
    expected = {
        "en": f"error: {example / 'report.csv'}: the output is inside {example}, which this "
        "run reads; refusing to write there\n",
        "zh": f"错误：{example / 'report.csv'}：输出位于本次读取的“{example}”之内，拒绝写入\n",
    }[lang]
    assert result.stderr == expected
    assert snapshot(example) == before
    assert not (example / "report.csv").exists()


def test_a_new_file_deep_inside_the_data_folder_is_refused(example: Path) -> None:
    """A path under the data folder that does not exist yet is inside it all the same."""
    target = example / "reports" / "report.json"
    result = run("evaluate", str(example), "--format", "json", "-o", str(target))
    assert result.exit_code == 2
    assert not (example / "reports").exists()


def test_a_hard_link_to_an_input_is_refused(example: Path, tmp_path: Path) -> None:
    """A hard link is the same file under another name: same device and inode."""
    link = tmp_path / "elsewhere.csv"
    os.link(example / "districts.csv", link)
    before = snapshot(example)
    result = run("evaluate", str(example), "--lang", "en", "-o", str(link))
    assert result.exit_code == 2
    assert "the output is one of the inputs" in result.stderr
    assert snapshot(example) == before


def test_an_output_folder_holding_the_data_is_refused(example: Path, tmp_path: Path) -> None:
    """Several formats replace their folder as a whole: a folder holding the data is not
    one (the data folder lies inside it)."""
    before = snapshot(example)
    result = run(
        "evaluate", str(example), "--format", "json,html", "--lang", "en", "-o", str(tmp_path)
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {tmp_path}: the output folder holds {example}, which this run reads, and the "
        "reports replace the folder as a whole: name another folder\n"
    )
    assert snapshot(example) == before


def test_the_data_folder_as_the_folder_of_a_set_is_refused(example: Path) -> None:
    """``--format json,html -o DATA``: the output is the input."""
    result = run("evaluate", str(example), "--format", "json,html", "-o", str(example))
    assert result.exit_code == 2
    assert listing(example) == sorted(p.name for p in example.glob("*.csv"))


def test_convert_into_the_source_folder_is_refused_even_with_force(example: Path) -> None:
    """``convert DATA sqlite:///DATA/organizations.csv --force`` would replace a CSV file of
    the data by a database; and a new file inside the data folder is refused too."""
    before = snapshot(example)
    target = f"sqlite:///{example / 'organizations.csv'}"
    result = run("convert", str(example), target, "--force", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {target}: the output is one of the inputs; refusing to overwrite it\n"
    )
    result = run("convert", str(example), f"sqlite:///{example / 'copy.db'}", "--lang", "en")
    assert result.exit_code == 2
    assert f"the output is inside {example}" in result.stderr
    assert snapshot(example) == before


def test_convert_onto_its_own_database_is_refused(database: Path) -> None:
    """A database converted onto itself, with --force, is refused and left as it was."""
    before = snapshot(database)
    url = f"sqlite:///{database}"
    result = run("convert", url, url, "--force", "--lang", "en")
    assert result.exit_code == 2
    assert snapshot(database) == before


# -- 15. several formats need a folder ------------------------------------------------------


def test_several_formats_and_a_file_name_is_a_usage_error(tmp_path: Path) -> None:
    """``--format html,csv -o one.html`` no longer makes a folder called one.html."""
    target = tmp_path / "one.html"
    result = run("evaluate", "--format", "html,csv", "--lang", "en", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {target}: several formats are written into a folder, each as report.EXT, and "
        "this name ends in '.html' like a file's: give one format, or name a folder (create "
        "it first if its name has a dot)\n"
    )
    assert not target.exists()
    result = run("evaluate", "--format", "html,csv", "-o", str(target))
    assert result.stderr.startswith(f"错误：{target}：多种格式的报告写入一个文件夹")


def test_several_formats_into_an_existing_folder_with_a_dot(tmp_path: Path) -> None:
    """A folder that exists may have a dot in its name."""
    folder = tmp_path / "2023.12"
    folder.mkdir()
    result = run("evaluate", "--as-of", AS_OF, "--format", "json,csv", "-o", str(folder))
    assert result.exit_code == 1, result.output
    assert listing(folder) == ["report.csv", "report.json"]


def test_several_formats_and_an_existing_file_is_a_usage_error(tmp_path: Path) -> None:
    """An output that is a file, even without a suffix, is not a folder: exit 2, kept."""
    target = tmp_path / "reports"
    target.write_text("mine\n", encoding="utf-8")
    result = run("evaluate", "--format", "json,csv", "--lang", "en", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {target}: not a folder: several formats are written into a folder, each as "
        "report.EXT\n"
    )
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_several_formats_without_output_is_said_in_chinese_too() -> None:
    """The usage errors of --format come from the catalogue, in both languages."""
    result = run("evaluate", "--format", "json,csv")
    assert result.exit_code == 2
    assert result.stderr == "错误：--format：多种格式需用 --output 指定一个文件夹\n"
    result = run("evaluate", "--format", "xlsx", "--lang", "en")
    assert (
        result.stderr == "error: --format: the xlsx format is binary: name a file with --output\n"
    )


# -- 12. a set of reports is replaced whole -----------------------------------------------


def test_a_set_replaces_the_folder_whole(tmp_path: Path) -> None:
    """The folder ends holding exactly this run's reports (an older format's report, stale,
    is gone), keeps its mode, and nothing is left beside it."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.json").write_text('{"earlier": true}\n', encoding="utf-8")
    (folder / "report.xlsx").write_bytes(b"old workbook")
    folder.chmod(0o750)
    result = run("evaluate", "--as-of", AS_OF, "--format", "json,html", "-o", str(folder))
    assert result.exit_code == 1, result.output
    assert listing(folder) == ["report.html", "report.json"]
    assert json.loads((folder / "report.json").read_text(encoding="utf-8"))["schema_version"] == 3
    assert stat.S_IMODE(folder.stat().st_mode) == 0o750
    assert listing(tmp_path) == ["reports"]


def test_a_folder_holding_other_files_is_refused_not_emptied(tmp_path: Path) -> None:
    """A set replaces its folder, so a folder holding the user's own files (even one named
    like a report of no format scoplan has) is refused, and every file stays."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.json").write_text("{}", encoding="utf-8")
    (folder / "report.pdf").write_bytes(b"the user's own document")
    before = snapshot(folder)
    result = run("evaluate", "--format", "json,html", "--lang", "en", "-o", str(folder))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {folder}: the folder holds 'report.pdf', which is not a scoplan report; the "
        "reports replace the folder as a whole, so it may hold only report.EXT files: name an "
        "empty or new folder\n"
    )
    assert snapshot(folder) == before


def test_a_link_to_a_folder_stays_a_link(tmp_path: Path) -> None:
    """Through a symbolic link, the folder it points to gets the set; the link stays."""
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    result = run("evaluate", "--as-of", AS_OF, "--format", "json,markdown", "-o", str(link))
    assert result.exit_code == 1, result.output
    assert link.is_symlink()
    assert listing(real) == ["report.json", "report.md"]
    assert listing(tmp_path) == ["link", "real"]


def test_a_link_to_a_file_stays_a_link(tmp_path: Path) -> None:
    """Through a symbolic link, the file it points to is replaced; the link stays."""
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = run("evaluate", "--as-of", AS_OF, "--format", "json", "-o", str(link))
    assert result.exit_code == 1, result.output
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["schema_version"] == 3
    assert listing(tmp_path) == ["link.json", "real.json"]


def test_a_folder_that_cannot_be_swapped_gets_its_reports_moved_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mount point (rename gives EBUSY) is filled file by file: the same set results,
    with no temporary left inside or beside it."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.csv").write_text("old", encoding="utf-8")

    def rename(source: object, target: object) -> None:
        raise OSError(errno.EBUSY, "Device or resource busy")

    monkeypatch.setattr(os, "rename", rename)
    result = run("evaluate", "--as-of", AS_OF, "--format", "json,html", "-o", str(folder))
    assert result.exit_code == 1, result.output
    assert listing(folder) == ["report.html", "report.json"]
    assert listing(tmp_path) == ["reports"]


def test_a_failed_switch_puts_the_old_set_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the new folder cannot be moved in after the old one was moved aside (an I/O
    error), the old set goes back in its place: exit 2, a message, nothing else left."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.json").write_text("old", encoding="utf-8")
    real = os.rename
    calls: list[object] = []

    def rename(source: object, target: object) -> None:
        calls.append(target)
        if len(calls) == 2:  # the new folder into place
            raise OSError(errno.EIO, "Input/output error")
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", rename)
    result = run(
        "evaluate", "--as-of", AS_OF, "--format", "json,html", "--lang", "en", "-o", str(folder)
    )
    assert result.exit_code == 2
    assert "cannot be written: Input/output error" in result.stderr
    assert len(calls) == 3
    assert listing(tmp_path) == ["reports"]
    assert listing(folder) == ["report.json"]
    assert (folder / "report.json").read_text(encoding="utf-8") == "old"


# -- 2. streams are written in place ----------------------------------------------------------


def subprocess_run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "scoplan", *args],
        capture_output="stdout" not in kwargs,
        timeout=TIMEOUT,
        check=False,
        **kwargs,
    )


def test_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    """A FIFO stays a FIFO, and its reader gets the whole report and its end."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with fifo.open("rb") as handle:
            received.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    completed = subprocess_run(["evaluate", "--as-of", AS_OF, "--format", "json", "-o", str(fifo)])
    thread.join(TIMEOUT)
    assert not thread.is_alive(), "the reader never saw the end of the report"
    assert completed.returncode == 1, completed.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(received[0])["schema_version"] == 3
    assert listing(tmp_path) == ["pipe"]


def device(path: Path) -> Path:
    """A character device like /dev/null at ``path`` (root only)."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except OSError as error:
        pytest.skip(f"cannot make a device node here: {error}")
    return path


def test_a_device_stays_a_device(tmp_path: Path) -> None:
    """As root, ``-o`` a character device (a /dev/null of our own) writes into it: it is
    still that device afterwards, not a regular file."""
    null = device(tmp_path / "null")
    completed = subprocess_run(["evaluate", "--as-of", AS_OF, "-o", str(null)])
    assert completed.returncode == 1, completed.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert os.lstat(null).st_rdev == os.makedev(1, 3)
    assert listing(tmp_path) == ["null"]


def test_dev_null_stays_a_device() -> None:
    """``-o /dev/null`` as root leaves /dev/null a character device (and should a regression
    make it a file, the test puts the device back: it was one before)."""
    if os.geteuid() != 0:
        pytest.skip("only root could replace /dev/null")
    null = os.stat("/dev/null")
    if not stat.S_ISCHR(null.st_mode):
        pytest.skip("/dev/null of this machine is not a device already")
    try:
        completed = subprocess_run(["evaluate", "--as-of", AS_OF, "-o", "/dev/null"])
        assert completed.returncode == 1, completed.stderr
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    finally:
        if not stat.S_ISCHR(os.lstat("/dev/null").st_mode):
            os.unlink("/dev/null")
            os.mknod("/dev/null", 0o666 | stat.S_IFCHR, null.st_rdev)
            os.chmod("/dev/null", 0o666)


def test_convert_onto_a_device_writes_into_it(example: Path, tmp_path: Path) -> None:
    """``convert DATA out.xlsx --force`` where out.xlsx is a device keeps the device."""
    target = device(tmp_path / "out.xlsx")
    result = run("convert", str(example), str(target), "--force")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(target).st_mode)


def test_dev_stdout_writes_to_standard_output_where_it_stands(tmp_path: Path) -> None:
    """``-o /dev/stdout`` with standard output appended to a file writes after what is
    there, into the same file (not a new one in its place). The link is our own copy of
    /dev/stdout (a link to /proc/self/fd/1), so that a regression cannot replace the
    machine's."""
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    log = tmp_path / "log.txt"
    log.write_bytes(b"before\n")
    inode = log.stat().st_ino
    with log.open("ab") as handle:
        completed = subprocess_run(
            ["evaluate", "--as-of", AS_OF, "--format", "json", "-o", str(stdout)],
            stdout=handle,
            stderr=subprocess.PIPE,
        )
    assert completed.returncode == 1, completed.stderr
    text = log.read_bytes()
    assert text.startswith(b"before\n{")
    assert json.loads(text[len(b"before\n") :])["schema_version"] == 3
    assert log.stat().st_ino == inode
    assert stdout.is_symlink()
    assert listing(tmp_path) == ["log.txt", "stdout"]


# -- 12. signals while writing --------------------------------------------------------------

BLOCK_WHILE_WRITING = """
import sys, time
import scoplan._output as output
real = output._write_bytes
def slow(fd, data):
    real(fd, data[:100])
    print("WRITING", file=sys.stderr, flush=True)
    time.sleep(600)
output._write_bytes = slow
from scoplan.cli import main
main(sys.argv[1:])
"""


def start_blocked(args: list[str], prelude: str = "") -> subprocess.Popen[bytes]:
    """The command, stopped half-way through writing its first report."""
    process = subprocess.Popen(
        [sys.executable, "-c", prelude + BLOCK_WHILE_WRITING, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    ready, _, _ = select.select([process.stderr], [], [], TIMEOUT)
    if not ready:
        process.kill()
        process.wait(TIMEOUT)
        pytest.fail("the run never started writing")
    assert process.stderr.readline() == b"WRITING\n"
    return process


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_while_writing_leaves_no_temporary_file(
    tmp_path: Path, signum: int, code: int
) -> None:
    """SIGTERM (or SIGHUP) half-way through a report: exit 128 + the signal, the earlier
    report whole, no ``.report.json.XXXX.tmp`` left, nothing printed."""
    report = tmp_path / "report.json"
    report.write_text('{"earlier": true}\n', encoding="utf-8")
    process = start_blocked(["evaluate", "--as-of", AS_OF, "--format", "json", "-o", str(report)])
    assert any(p.suffix == ".tmp" for p in tmp_path.iterdir())  # it is half-way indeed
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=TIMEOUT)
    assert process.returncode == code
    assert stderr == b""
    assert listing(tmp_path) == ["report.json"]
    assert report.read_text(encoding="utf-8") == '{"earlier": true}\n'


def test_a_sighup_ignored_under_nohup_stays_ignored(tmp_path: Path) -> None:
    """Under ``nohup`` (SIGHUP ignored) a hang-up does not stop the write: SIGHUP and then
    SIGTERM end the run as SIGTERM does (143, not 129), and leave nothing behind."""
    report = tmp_path / "report.json"
    process = start_blocked(
        ["evaluate", "--as-of", AS_OF, "--format", "json", "-o", str(report)],
        prelude="import signal\nsignal.signal(signal.SIGHUP, signal.SIG_IGN)\n",
    )
    process.send_signal(signal.SIGHUP)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=TIMEOUT)
    assert process.returncode == 143
    assert listing(tmp_path) == []


def test_sigterm_while_writing_a_set_leaves_the_old_set(tmp_path: Path) -> None:
    """SIGTERM while a set is being written: the old set, whole, and no folder beside it."""
    folder = tmp_path / "reports"
    folder.mkdir()
    old = {"report.json": "old json", "report.html": "old html"}
    for name, text in old.items():
        (folder / name).write_text(text, encoding="utf-8")
    process = start_blocked(
        ["evaluate", "--as-of", AS_OF, "--format", "json,html", "-o", str(folder)]
    )
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=TIMEOUT)
    assert process.returncode == 143
    assert listing(tmp_path) == ["reports"]
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == old


INTERRUPT_DURING_MOVE = """
import os, signal, sys
real = getattr(os, sys.argv[1])
calls = []
def move(source, target):
    real(source, target)
    calls.append(target)
    if len(calls) == 1:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C between two moves
setattr(os, sys.argv[1], move)
from scoplan.cli import main
main(sys.argv[2:])
"""


@pytest.mark.parametrize(
    ("move", "prepare"),
    [("rename", None), ("replace", "mount point")],
    ids=["swapping the folder", "moving in file by file"],
)
def test_ctrl_c_between_the_moves_leaves_no_mix(
    tmp_path: Path, move: str, prepare: str | None
) -> None:
    """Ctrl-C between the moves of ``--format json,html,markdown -o dir`` (the folder's two
    renames, or the file-by-file moves into a folder that cannot be swapped): the set is
    the new one, whole, and then the run ends as interrupted (exit 130)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("report.json", "report.html", "report.md"):
        (folder / name).write_text("old", encoding="utf-8")
    args = ["evaluate", "--as-of", AS_OF, "--format", "json,html,markdown", "-o", str(folder)]
    code = INTERRUPT_DURING_MOVE
    if prepare == "mount point":  # os.path.ismount says so: the reports are moved in
        code = "import os.path\nos.path.ismount = lambda path: True\n" + code
    completed = subprocess.run(
        [sys.executable, "-c", code, move, *args],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert completed.returncode == 130, completed.stderr
    assert b"Traceback" not in completed.stderr
    assert listing(tmp_path) == ["reports"]
    assert listing(folder) == ["report.html", "report.json", "report.md"]
    for report in folder.iterdir():
        assert report.read_text(encoding="utf-8") != "old", report.name
