"""Why the system refused a file, said in the run's language (scoplan._os_reasons).

A bureau's run in Chinese said the C library's English (``无法写入：Permission denied``), and
named the temporary file scoplan could not make (``.报告.json.x1y2.tmp``) rather than the
file the user asked for.
"""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import scoplan
from scoplan import _output
from scoplan._os_reasons import os_reason
from scoplan.cli import main

EXAMPLE = Path(scoplan.__file__).parent / "examples" / "huangshan"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_report_under_a_file_is_refused_in_chinese_naming_the_file(tmp_path: Path) -> None:
    blocking = tmp_path / "报告.txt"
    blocking.write_text("not a folder", encoding="utf-8")
    result = run("evaluate", str(EXAMPLE), "-o", str(blocking / "报告.json"))
    assert result.exit_code == 2
    assert f"{blocking}：无法写入：路径中有一段不是文件夹" in result.stderr
    assert "File exists" not in result.stderr
    assert "Not a directory" not in result.stderr
    assert blocking.read_text(encoding="utf-8") == "not a folder"  # nothing of the user's lost


def test_the_same_in_english_keeps_the_system_s_words(tmp_path: Path) -> None:
    blocking = tmp_path / "report.txt"
    blocking.write_text("", encoding="utf-8")
    result = run("evaluate", str(EXAMPLE), "--lang", "en", "-o", str(blocking / "r.json"))
    assert result.exit_code == 2
    assert f"{blocking}: cannot be written: Not a directory" in result.stderr


def test_a_plan_that_is_a_folder_is_said_to_be_one(tmp_path: Path) -> None:
    result = run("evaluate", str(EXAMPLE), "--plan", str(tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path}：无法读取：这是一个文件夹，不是文件" in result.stderr


def test_a_temporary_file_that_cannot_be_made_is_named_as_the_user_s_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wanted = tmp_path / "报告.json"

    def refused(*, dir: str, prefix: str, suffix: str) -> tuple[int, str]:
        name = str(Path(dir) / f"{prefix}abc123{suffix}")
        raise PermissionError(errno.EACCES, "Permission denied", name)

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(PermissionError) as caught:
        _output.write_file(wanted, b"{}")
    assert caught.value.filename == str(wanted)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("number", "words", "chinese"),
    [
        (errno.EACCES, "Permission denied", "没有访问权限"),
        (errno.ENOSPC, "No space left on device", "磁盘空间已满"),
        (errno.EROFS, "Read-only file system", "所在磁盘只读"),
        (errno.ENOENT, "No such file or directory", "文件或文件夹不存在"),
    ],
)
def test_a_common_error_has_its_chinese_beside_the_system_s_words(
    number: int, words: str, chinese: str
) -> None:
    assert os_reason(OSError(number, words)) == {"reason": words, "reason_zh": chinese}


def test_an_unlisted_error_keeps_the_system_s_words_in_both_languages() -> None:
    assert os_reason(OSError(errno.ECHILD, "No child processes")) == {
        "reason": "No child processes"
    }
    assert os_reason(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")) == {
        "reason": "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
    }
