"""The user's environment is not a bug (scoplan._terminal): each fault of it, in a real process.

A stream that cannot encode Chinese, standard output or error closed, a reader that went away,
the current folder deleted, a report nested 100,000 deep, a full disk, Ctrl-C while scoplan
is still being imported: each gets its message and its exit code (2, or the run's own code
for a closed pipe; 130 for Ctrl-C), never "internal error" (4) and never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from scoplan.examples import example_path

TIMEOUT = 120
AS_OF = ("--as-of", "2023-12-31")
"""On this date the bundled example misses a milestone: the run's own exit code is 1."""

BAD_ORGANIZATIONS = (
    "id,community_id,name,category,founded,dissolved,registration,size,managed_by,charter\n"
    + "".join(
        f"O{n},C1,会{n},charity,2021-13-{n:02},,filed,small,community,true\n" for n in range(1, 9)
    )
)
"""Eight organizations, each with a bad date: eight lines of errors."""


def executable() -> str:
    """The ``scoplan`` script installed beside the running Python, or the one on PATH."""
    beside = Path(sys.executable).parent / "scoplan"
    if beside.exists():
        return str(beside)
    found = shutil.which("scoplan")
    assert found is not None, "the scoplan script is not installed"
    return found


def scoplan(
    *args: str,
    env: Mapping[str, str] | None = None,
    shell: str | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """The installed command, run to its end; ``shell`` wraps it (``"$0" "$@"`` is scoplan)."""
    command = [executable(), *args]
    if shell is not None:
        command = ["sh", "-c", shell, *command]
    return subprocess.run(
        command,
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def assert_no_traceback(*outputs: bytes) -> None:
    for output in outputs:
        assert b"Traceback" not in output
        assert b"Exception ignored" not in output
        assert b"internal error" not in output


@pytest.fixture
def bad_folder(write_tables, valid_tables: dict[str, str]) -> Path:
    """The small valid dataset with eight bad dates in organizations.csv."""
    valid_tables["organizations.csv"] = BAD_ORGANIZATIONS
    return write_tables(valid_tables)


# -- an encoding that cannot write Chinese ----------------------------------------------------


def test_a_latin1_stream_gets_the_chinese_report_escaped() -> None:
    """``PYTHONIOENCODING=latin-1 scoplan evaluate``: the report, each character latin-1
    cannot hold written as ``\\uXXXX``; the run's own exit code."""
    done = scoplan("evaluate", *AS_OF, env={"PYTHONIOENCODING": "latin-1"})
    assert_no_traceback(done.stdout, done.stderr)
    assert done.returncode == 1
    assert done.stderr == b""
    text = done.stdout.decode("latin-1")
    assert "社区社会组织".encode("ascii", "backslashreplace").decode() in text


def test_a_latin1_stream_gets_the_same_json_report() -> None:
    """The JSON report on a latin-1 stream is still JSON, and the same report."""
    latin = scoplan("evaluate", *AS_OF, "--format", "json", env={"PYTHONIOENCODING": "latin-1"})
    plain = scoplan("evaluate", *AS_OF, "--format", "json", env={"PYTHONIOENCODING": "utf-8"})
    assert latin.returncode == plain.returncode == 1
    assert json.loads(latin.stdout.decode("latin-1")) == json.loads(plain.stdout)


def test_a_latin1_stream_gets_a_data_error_with_its_code(bad_folder: Path) -> None:
    """A data error, said in Chinese on latin-1 streams: exit 2, the messages escaped (as
    Python escapes standard error by itself: kept so with scoplan's own standard error)."""
    done = scoplan("evaluate", str(bad_folder), env={"PYTHONIOENCODING": "latin-1:strict"})
    assert_no_traceback(done.stdout, done.stderr)
    assert done.returncode == 2
    assert "错误".encode("ascii", "backslashreplace") in done.stderr


# -- standard output or error closed ----------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "message"),
    [("zh", "标准输出已关闭"), ("en", "standard output is closed")],
)
def test_a_closed_standard_output_is_said_with_exit_2(lang: str, message: str) -> None:
    """``scoplan evaluate >&-``: the report cannot be written; said on stderr, exit 2."""
    done = scoplan("evaluate", "--lang", lang, shell='exec "$0" "$@" >&-')
    assert_no_traceback(done.stderr)
    assert done.returncode == 2
    assert message in done.stderr.decode()


def test_a_listing_to_a_closed_standard_output_is_said_with_exit_2() -> None:
    """``scoplan targets >&-`` too: exit 2 and why."""
    done = scoplan("targets", shell='exec "$0" "$@" >&-')
    assert_no_traceback(done.stderr)
    assert done.returncode == 2
    assert "标准输出已关闭" in done.stderr.decode()


def test_a_closed_standard_output_does_not_matter_with_output(tmp_path: Path) -> None:
    """With ``--output`` nothing goes to standard output: the report is written, whole, and
    the exit code is the run's own, with both standard streams closed."""
    report = tmp_path / "report.json"
    done = scoplan(
        "evaluate", *AS_OF, "--format", "json", "-o", str(report), shell='exec "$0" "$@" >&- 2>&-'
    )
    assert done.returncode == 1
    assert json.loads(report.read_text(encoding="utf-8"))["schema_version"] == 3


def test_a_closed_standard_error_keeps_a_data_errors_code(bad_folder: Path) -> None:
    """``scoplan evaluate BAD 2>&-``: nothing to say it on, and still exit 2, not 4."""
    done = scoplan("evaluate", str(bad_folder), shell='exec "$0" "$@" 2>&-')
    assert done.returncode == 2
    assert done.stdout == b""


def test_a_closed_standard_error_keeps_the_report() -> None:
    """``scoplan evaluate 2>&-`` on good data: the whole report and the run's own code."""
    done = scoplan("evaluate", *AS_OF, "--format", "json", shell='exec "$0" "$@" 2>&-')
    assert done.returncode == 1
    assert json.loads(done.stdout)["schema_version"] == 3


# -- a reader that went away ------------------------------------------------------------------


def closed_pipe(*args: str, merge: bool = False) -> tuple[int, bytes]:
    """Run scoplan writing into a pipe whose reader is gone before anything is written: its
    exit code, and what it said on stderr (none of it when ``merge`` puts it in the pipe)."""
    with subprocess.Popen(
        [executable(), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merge else subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        process.stdout.close()
        try:
            _, stderr = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    return process.returncode, stderr or b""


def test_a_closed_pipe_is_quiet_and_the_code_is_the_runs_own() -> None:
    """``scoplan targets | head -1`` and ``scoplan evaluate | head -1``: nothing said, and the
    exit code is the one the run gives when everything is read (0 and 1)."""
    assert closed_pipe("targets") == (0, b"")
    assert closed_pipe("evaluate", *AS_OF) == (1, b"")
    assert closed_pipe("evaluate", *AS_OF, "--format", "json") == (1, b"")


def test_a_closed_pipe_keeps_a_data_errors_code(bad_folder: Path) -> None:
    """``scoplan evaluate BAD 2>&1 | head -2``: the data error's 2 wins over the pipe."""
    assert closed_pipe("evaluate", str(bad_folder), merge=True) == (2, b"")


def bash(script: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """``script`` run by bash, with ``"$0" "$@"`` the installed scoplan and ``args``."""
    return subprocess.run(
        ["bash", "-c", script, executable(), *args],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_head_reading_one_line_every_time() -> None:
    """The command of the issue, five times: ``scoplan targets | head -1`` exits 0 and says
    nothing on stderr each time (a broken pipe was "internal error" in 3 runs of 5)."""
    script = 'for i in 1 2 3 4 5; do "$0" "$@" | head -1 >/dev/null; echo "${PIPESTATUS[0]}"; done'
    done = bash(script, "targets")
    assert done.stdout.split() == [b"0"] * 5
    assert done.stderr == b""


def test_head_on_a_data_error(bad_folder: Path) -> None:
    """``scoplan evaluate BAD 2>&1 | head -2`` in a shell: two of the errors, and exit 2."""
    done = bash(
        '"$0" "$@" 2>&1 | head -2; echo "exit ${PIPESTATUS[0]}"', "evaluate", str(bad_folder)
    )
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 3
    assert all(line.startswith("错误：") for line in lines[:2])
    assert lines[2] == "exit 2"
    assert done.stderr == b""


# -- the current folder deleted ---------------------------------------------------------------


SITECUSTOMIZE = """\
import os, signal, sys

class _When:
    def find_spec(self, name, path=None, target=None):
        if name == os.environ["SCOPLAN_TEST_AT"]:
            sys.meta_path.remove(self)
            if os.environ["SCOPLAN_TEST_DO"] == "interrupt":
                os.kill(os.getpid(), signal.SIGINT)
            else:
                os.rmdir(os.getcwd())
        return None

sys.meta_path.insert(0, _When())
"""
"""Put on PYTHONPATH, it does something to the process when a module is first imported: sends
it Ctrl-C (SIGINT), or deletes its current folder."""


@pytest.fixture
def when(tmp_path: Path) -> dict[str, str]:
    """The environment that makes ``SCOPLAN_TEST_DO`` happen at ``SCOPLAN_TEST_AT``."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    path = os.pathsep.join(p for p in (str(hooks), os.environ.get("PYTHONPATH")) if p)
    return {"PYTHONPATH": path}


@pytest.mark.parametrize(
    ("lang", "message"),
    [("zh", "当前文件夹已不存在"), ("en", "the current folder no longer exists")],
)
def test_the_current_folder_deleted_under_the_run(
    tmp_path: Path, when: dict[str, str], lang: str, message: str
) -> None:
    """The folder ``scoplan evaluate -o report.json`` runs in is deleted while it evaluates:
    the relative output leads nowhere; said so, exit 2."""
    folder = tmp_path / "work"
    folder.mkdir()
    env = {**when, "SCOPLAN_TEST_AT": "scoplan.engine", "SCOPLAN_TEST_DO": "rmdir"}
    done = scoplan("evaluate", "--lang", lang, "-o", "report.json", env=env, cwd=folder)
    assert not folder.exists()
    assert_no_traceback(done.stdout, done.stderr)
    assert done.returncode == 2
    assert f"{folder}" in done.stderr.decode()
    assert message in done.stderr.decode()


def test_the_current_folder_deleted_before_the_run(tmp_path: Path) -> None:
    """``cd work && rmdir ../work && scoplan evaluate data``: the data error says why."""
    folder = tmp_path / "work"
    folder.mkdir()
    done = scoplan("evaluate", "data", cwd=folder, shell='rmdir "$PWD" && exec "$0" "$@"')
    assert not folder.exists()
    assert_no_traceback(done.stdout, done.stderr)
    assert done.returncode == 2
    assert "当前文件夹已不存在" in done.stderr.decode()


# -- a report nested 100,000 deep -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("zh", "JSON 嵌套过深，不是 scoplan 的报告"),
        ("en", "nested too deeply to be a scoplan report"),
    ],
)
def test_diff_of_a_json_nested_100000_deep(tmp_path: Path, lang: str, message: str) -> None:
    """``scoplan diff deep.json deep.json``: not a report, a data error, exit 2."""
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    done = scoplan("diff", str(deep), str(deep), "--lang", lang)
    assert_no_traceback(done.stdout, done.stderr)
    assert done.returncode == 2
    assert f"{deep}" in done.stderr.decode()
    assert message in done.stderr.decode()


# -- a full disk -------------------------------------------------------------------------------


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a file system of 64 KiB (a tmpfs: needs root), too small for the example."""
    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], timeout=TIMEOUT, check=False)


@pytest.mark.parametrize("kind", ["sqlite", "xlsx"])
@pytest.mark.parametrize(
    ("lang", "message"),
    [("zh", "磁盘已满，未写入"), ("en", "the disk is full: nothing was written")],
)
def test_convert_to_a_full_disk(full_disk: Path, kind: str, lang: str, message: str) -> None:
    """``scoplan convert`` to a disk too small for it: said so, exit 2, the earlier file
    unchanged and nothing else left (SQLite's "database or disk is full" was a bug, 4)."""
    path = full_disk / f"out.{'db' if kind == 'sqlite' else 'xlsx'}"
    path.write_bytes(b"earlier")
    target = f"sqlite:///{path}" if kind == "sqlite" else str(path)
    done = scoplan("convert", str(example_path("huangshan")), target, "--force", "--lang", lang)
    assert_no_traceback(done.stdout, done.stderr)
    assert done.returncode == 2
    assert f"{path}" in done.stderr.decode()
    assert message in done.stderr.decode()
    assert path.read_bytes() == b"earlier"
    assert sorted(p.name for p in full_disk.iterdir()) == [path.name]


@pytest.mark.parametrize(
    ("lang", "message"),
    [("zh", "磁盘已满，未写入"), ("en", "the disk is full: nothing was written")],
)
def test_convert_to_a_csv_folder_on_a_full_disk(full_disk: Path, lang: str, message: str) -> None:
    """``scoplan convert`` to a folder on a disk too small for it: said so, exit 2, the
    folder written before unchanged and no half-written folder left beside it."""
    folder = full_disk / "out"
    folder.mkdir()
    (folder / "organizations.csv").write_bytes(b"earlier")
    target = str(folder)
    done = scoplan("convert", str(example_path("huangshan")), target, "--force", "--lang", lang)
    assert_no_traceback(done.stdout, done.stderr)
    assert done.returncode == 2
    assert target in done.stderr.decode()
    assert message in done.stderr.decode()
    assert (folder / "organizations.csv").read_bytes() == b"earlier"
    assert sorted(p.name for p in full_disk.iterdir()) == ["out"]
    assert sorted(p.name for p in folder.iterdir()) == ["organizations.csv"]


# -- Ctrl-C at once ----------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["click", "scoplan.cli", "scoplan.plugins"])
@pytest.mark.parametrize(("lang", "message"), [("zh", "已中断"), ("en", "interrupted")])
def test_ctrl_c_while_scoplan_is_imported(
    when: dict[str, str], module: str, lang: str, message: str
) -> None:
    """Ctrl-C (a real SIGINT) while the command's modules are first imported, before any
    command runs (click, scoplan.cli) or as it starts (the plugins): a word, exit 130."""
    env = {**when, "SCOPLAN_TEST_AT": module, "SCOPLAN_TEST_DO": "interrupt"}
    done = scoplan("targets", "--lang", lang, env=env)
    assert_no_traceback(done.stdout, done.stderr)
    assert done.returncode == 130
    assert done.stderr.decode().strip() == message
    assert done.stdout == b""


def test_ctrl_c_while_python_m_scoplan_is_imported(when: dict[str, str]) -> None:
    """``python -m scoplan`` alike."""
    env = {**os.environ, **when, "SCOPLAN_TEST_AT": "click", "SCOPLAN_TEST_DO": "interrupt"}
    done = subprocess.run(
        [sys.executable, "-m", "scoplan", "plans"],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
        env=env,
    )
    assert_no_traceback(done.stdout, done.stderr)
    assert done.returncode == 130
    assert done.stderr.decode().strip() == "已中断"
