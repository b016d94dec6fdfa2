"""The user's environment is not a bug (scoplan._terminal): each fault of it, in a real process.

A stream that cannot encode Chinese, standard output or error closed, a reader that went away,
the current folder deleted, a report nested 100,000 deep, a full disk, Ctrl-C while scoplan
is still being imported: each gets its message and its exit code (2, or the run's own code
for a closed pipe; 130 for Ctrl-C), never "internal error" (4) and never a traceback.
"""

from __future__ import annotations

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


# -- a report nested 100,000 deep -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("zh", "JSON 嵌套过深,不是 scoplan 的报告"),
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
    [("zh", "磁盘已满,未写入"), ("en", "the disk is full: nothing was written")],
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
