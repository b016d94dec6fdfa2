"""The output's name says its format: ``-o 报告.xlsx`` without ``--format`` is a workbook.

Before, ``scoplan evaluate DATA -o 报告.xlsx`` wrote the text report under a workbook's name,
which Excel then refuses to open; ``--format`` and a name of another format's were written
without a word.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document
from openpyxl import load_workbook

import scoplan
from scoplan.cli import main

AS_OF = ("--as-of", "2023-12-31")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def example() -> str:
    return str(scoplan.example_path())


def test_a_workbooks_name_gets_a_workbook_and_a_word_files_a_word_file(
    example: str, tmp_path: Path
) -> None:
    """No ``--format``: ``报告.xlsx`` is a workbook whose first sheet is the summary,
    ``报告.DOCX`` a Word document, ``报告.json`` the JSON report ``--format json`` prints."""
    workbook = tmp_path / "报告.xlsx"
    result = run("evaluate", example, *AS_OF, "-o", str(workbook))
    assert result.exit_code == 1, result.output
    assert zipfile.is_zipfile(workbook)
    assert len(load_workbook(workbook, read_only=True).sheetnames) > 1
    word = tmp_path / "报告.DOCX"
    assert run("evaluate", example, *AS_OF, "-o", str(word)).exit_code == 1
    assert "社区社会组织" in "".join(p.text for p in Document(str(word)).paragraphs)
    named = tmp_path / "报告.json"
    assert run("evaluate", example, *AS_OF, "-o", str(named)).exit_code == 1
    printed = run("evaluate", example, *AS_OF, "--format", "json")
    assert json.loads(named.read_text(encoding="utf-8")) == json.loads(printed.stdout)


def test_a_name_of_no_format_or_a_folder_keeps_the_default(example: str, tmp_path: Path) -> None:
    """``报告.log`` gets the text report; so does a ``--format text`` into ``报告.md``."""
    for name, args in (("报告.log", ()), ("报告.md", ("--format", "text"))):
        path = tmp_path / name
        result = run("evaluate", example, *AS_OF, *args, "-o", str(path))
        assert result.exit_code == 1, result.output
        assert path.read_text(encoding="utf-8").startswith("社区社会组织培育发展目标评估\n")


@pytest.mark.parametrize(
    ("fmt", "name", "expected"),
    [("json", "报告.xlsx", "xlsx"), ("text", "报告.docx", "docx"), ("xlsx", "报告.html", "html")],
)
def test_a_format_given_against_the_names_is_refused_and_nothing_written(
    example: str, tmp_path: Path, fmt: str, name: str, expected: str
) -> None:
    """``--format json -o 报告.xlsx``: exit 2, one line naming both, no file."""
    path = tmp_path / name
    result = run("evaluate", example, *AS_OF, "--format", fmt, "-o", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"错误：--format：输出文件名以 .{name.split('.')[1]} 结尾，--format 却是 {fmt}："
        f"请改用 --format {expected}，或换一个文件名\n"
    )
    assert not path.exists()


def test_check_and_changes_take_the_format_from_the_name_too(example: str, tmp_path: Path) -> None:
    """``check DATA -o 问题清单.xlsx`` writes the problem list, ``changes OLD NEW -o
    变化.xlsx`` the workbook of changes; ``check --format json -o 问题清单.xlsx`` is refused."""
    problems = tmp_path / "问题清单.xlsx"
    result = run("check", example, "-o", str(problems))
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(problems)
    changed = tmp_path / "变化.xlsx"
    result = run("changes", example, example, "-o", str(changed))
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(changed)
    refused = tmp_path / "清单.xlsx"
    result = run("check", example, "--format", "json", "-o", str(refused), "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --format: the output's name ends in .xlsx but --format is json: "
        "give --format xlsx, or another name\n"
    )
    assert not refused.exists()
