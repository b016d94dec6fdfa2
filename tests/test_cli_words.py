"""The command line writes no word of its own: every message it shows comes from the
catalogues (``src/scoplan/i18n/zh.toml`` and ``en.toml``), so the code of its modules holds
no Chinese outside comments and docstrings, but for the few strings allowed below."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "scoplan"

CLI_MODULES = ("cli.py", "collection_cli.py", "_command.py", "_program.py", "_terminal.py")
"""The modules of the ``scoplan`` command (what it shows, its edge with the terminal)."""

ALLOWED = {
    # the Chinese name of the column an --as-of value is read as, for its type: never shown
    ("cli.py", "日期"),
    # a pattern matching 年 and 月 as a date is written (2023年 12月), not words shown
    ("cli.py", r"\s*([年月])\s*"),
    # whether a stream's encoding can write Chinese is tried on these; never written
    ("_terminal.py", "社区社会组织"),
}
"""Chinese strings a CLI module may hold, with why each is no word the user reads."""

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def chinese_strings(source: str) -> list[str]:
    """The string literals of ``source`` holding a Chinese character (an f-string's pieces
    too), leaving out docstrings and other strings standing alone as statements; comments
    are no literals."""
    tree = ast.parse(source)
    standing = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in standing
        and CHINESE.search(node.value)
    ]


def test_the_scan_finds_words_in_code_and_leaves_comments_and_docstrings():
    """Chinese in a string, an f-string's text or a dict is found; in a comment, a module's,
    a function's or an attribute's docstring it is not."""
    source = '''"""模块说明"""
# 注释：“不算”
NAME = "名称"
"""属性说明"""


def f(text):
    """函数说明"""
    said = f"没有“{text}”这一天"  # 行尾注释
    return {"zh": {"blocked": "已屏蔽"}}, said, "plain English"
'''
    assert sorted(chinese_strings(source)) == sorted(["名称", "没有“", "”这一天", "已屏蔽"])


@pytest.mark.parametrize("module", CLI_MODULES)
def test_a_cli_module_writes_no_chinese_word(module):
    """Every Chinese string in the module is one of ALLOWED: a message is a key of the
    catalogues (``translate(key, lang, **values)``), never words in the code."""
    found = {(module, text) for text in chinese_strings((SRC / module).read_text("utf-8"))}
    assert found - ALLOWED == set()


def test_every_allowed_string_is_still_there():
    """An allowed string the code no longer holds is taken off the list, so that the list
    allows nothing that is not needed."""
    found = {
        (module, text)
        for module in CLI_MODULES
        for text in chinese_strings((SRC / module).read_text("utf-8"))
    }
    assert ALLOWED - found == set()
