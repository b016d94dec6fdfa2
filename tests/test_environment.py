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
from collections.abc import Mapping
from pathlib import Path

import pytest

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
