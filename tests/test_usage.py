"""click's own usage errors are said in Chinese in a Chinese run (the default), and stay
click's English with ``--lang en``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import scoplan._usage
from scoplan.cli import main
from scoplan.i18n import CATALOGUES


def said(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["evaluate", "--formt", "json"], "错误：没有选项 --formt（是否应为 --format？）"),
        (["evaluate", "--format"], "错误：选项 --format 后面需要一个值"),
        (["evalute"], "错误：没有命令“evalute”（可用的命令见 scoplan --help）"),
        (["check"], "错误：缺少参数 DATA"),
        (
            ["evaluate", "--projection", "foo"],
            "错误：--projection 的值无效：“foo”不是可选的值（应为 linear、cagr 之一）",
        ),
        (["evaluate", "--listed", "-3"], "错误：--listed 的值无效：-3 不在范围 x>=0 内"),
        (
            ["evaluate", "--as-of", "31/12/2023"],
            "错误：--as-of 的值无效："
            "“31/12/2023”不是日期（YYYY-MM-DD、2023/12/31、2023年12月31日）",
        ),
        (
            ["evaluate", "--year", "2022", "--as-of", "2022-12-31"],
            "--year 与 --as-of 重复指定了日期",
        ),
    ],
)
def test_a_usage_error_is_said_in_chinese(args, line):
    """Exit 2, the usage line and the hint to --help in Chinese, then the error."""
    code, stderr = said(*args)
    assert code == 2
    assert line in stderr
    assert "Error" not in stderr
    assert "Usage" not in stderr


def test_in_english_click_says_it():
    """With --lang en, click's own words."""
    code, stderr = said("evaluate", "--formt", "json", "--lang", "en")
    assert code == 2
    assert "Error: No such option '--formt'" in stderr


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (
            ["evaluate", "--year", "abc"],
            "错误：--year 的值无效：“abc”不是整数",
            "Error: Invalid value for '--year': 'abc' is not a valid integer.",
        ),
        (
            ["evaluate", "--listed", "abc"],
            "错误：--listed 的值无效：“abc”不是整数",
            "Error: Invalid value for '--listed': 'abc' is not a valid integer.",
        ),
        (
            ["evaluate", "--target-timeout", "abc"],
            "错误：--target-timeout 的值无效：“abc”不是数字",
            "Error: Invalid value for '--target-timeout': 'abc' is not a valid float.",
        ),
    ],
)
def test_a_number_option_given_no_number_says_so(args, zh, en):
    """A whole-number option (--year, --listed: a range of them) or a number option given
    ``abc``: the value is no number, not a value among choices ("a valid integer"), and in
    English no "integer range" (no range is written there)."""
    assert said(*args) == (2, _usage(args[0]) + zh + "\n")
    code, stderr = said(*args, "--lang", "en")
    assert code == 2
    assert stderr.splitlines()[-1] == en


def _usage(command: str) -> str:
    """The usage line of a Chinese usage error, as the command's help gives it (``[选项]``)."""
    return f"用法：main {command} [选项] [DATA]\n运行“main {command} --help”查看帮助。\n\n"


def test_the_chinese_words_are_the_catalogues():
    """Every Chinese word of a usage error is a ``usage.`` entry of zh.toml, with its English
    in en.toml (the module holds no Chinese of its own), and the errors above still read as
    they did: the entries are the words shown."""
    source = Path(scoplan._usage.__file__).read_text(encoding="utf-8")
    assert re.findall(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]", source) == []
    keys = {key for key in CATALOGUES["zh"] if key.startswith("usage.")}
    assert {"usage.no_option", "usage.usage", "usage.try_help", "usage.error"} <= keys
    assert keys == {key for key in CATALOGUES["en"] if key.startswith("usage.")}
    assert CATALOGUES["en"]["usage.try_help"] == "Try '{command} --help' for help."
    code, stderr = said("evaluate", "--formt", "json")
    assert code == 2
    assert stderr.splitlines()[-1] == "错误：没有选项 --formt（是否应为 --format？）"
