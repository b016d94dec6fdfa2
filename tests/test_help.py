"""``scoplan --help`` and each command's ``--help`` in the run's language: all Chinese by
default, in the words the reports use; click's English word for word with ``--lang en``
(scoplan._help, the ``help.`` keys of the catalogues)."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata

import click
import pytest
from click.testing import CliRunner

from scoplan.cli import main
from scoplan.i18n import CATALOGUES

COMMANDS = sorted(main.commands)
EVERY = [(), *((name,) for name in COMMANDS)]
"""The group itself, then each of its commands."""


def help_of(*args: str, width: int = 80) -> str:
    """What ``scoplan ARGS --help`` prints, run in this process."""
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="scoplan", terminal_width=width)
    assert result.exit_code == 0, result.output
    return result.stdout


def columns(text: str) -> int:
    """How many columns ``text`` takes on a terminal: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def english_help_of(*args: str, width: int = 80) -> str:
    return help_of(*args, "--lang", "en", width=width)


ALLOWED = {
    # the program and its commands, named as they are typed
    "scoplan",
    *("evaluate", "check", "convert", "synth", "diff", "targets", "plans", "plugins"),
    *("divisions", "template", "changes"),
    # the arguments, which the descriptions (and the messages) name as such
    *("DATA", "SOURCE", "QUERY"),
    # values typed as they are: report formats, and the choices of the options
    *("text", "json", "markdown", "html", "xlsx", "docx"),
    *("linear", "cagr", "city", "province", "national"),
    *("districts", "townships", "communities", "district", "township"),
    # the names of file formats and of a database
    *("TOML", "JSON", "SQLite"),
}
"""The ASCII words of four letters or more a Chinese help may hold: syntax, not English."""

CODE = re.compile(r"[-_./=:`#@|<>0-9]")
"""What makes a piece of text code, not a word: an option (``--force``), a path, a URL, a
file's name, an example (``rows=50000000``), a range (``x>=0``), a choice (``zh|en``)."""


def english_words(text: str) -> list[str]:
    """The English words of ``text``: each ASCII word of four letters or more in a piece of
    it (cut at spaces and at Chinese marks) that is no code, nor in ALLOWED. ``Usage:``,
    ``[OPTIONS]`` and ``(default:`` are words; ``--as-of``, ``report.EXT``, ``report.扩展名``
    and ``[zh|en]`` are code."""
    found = []
    for piece in re.split(r"[\s\u3000-\u303f\uff00-\uffef“”‘’…]+", text):
        bare = piece.strip(",.;:!?()[]'\"")
        if not bare or CODE.search(bare):
            continue
        found += [w for w in re.findall(r"[A-Za-z]{4,}", bare) if w not in ALLOWED]
    return found


def test_the_check_finds_english():
    """The check below fails on English help, as every help was before (click's words, the
    descriptions, the metavars), and passes code, the allowed words and Chinese."""
    assert english_words("Usage: scoplan evaluate [OPTIONS] [DATA]") == ["Usage", "OPTIONS"]
    said = ["PATH", "Write", "this", "file"]
    assert english_words("  -o, --output PATH   Write to this file.") == said
    assert english_words("--seed INTEGER RANGE  [default: 1; x>=0]") == [
        "INTEGER",
        "RANGE",
        "default",
    ]
    assert english_words("  --district NAME[,NAME…]") == ["NAME", "NAME"]
    assert english_words("Commands:\n  diff  Compare two JSON reports") == [
        "Commands",
        "Compare",
        "reports",
    ]
    chinese = "  --as-of 日期  评估日期：YYYY-MM-DD（2023/12/31、2023年12月31日）。[默认：text]"
    assert english_words(chinese) == []
    assert english_words("见 `scoplan plans`；report.EXT；--lang [zh|en]；README.md#limits") == []
    # the English help, which every run showed before, is full of English words
    for args in EVERY:
        found = english_words(english_help_of(*args))
        assert {"Usage", "Options", "Show", "this", "message", "exit"} <= set(found), args


@pytest.mark.parametrize("args", EVERY, ids=lambda args: " ".join(args) or "scoplan")
def test_the_help_is_chinese_by_default(args):
    """``scoplan --help`` and each command's ``--help``, with no ``--lang``: no English
    word is left, neither click's (``Usage:``, ``Options:``, ``[default: …]``, the
    metavars) nor scoplan's (the description, each option's help)."""
    text = help_of(*args)
    assert english_words(text) == []
    assert text.startswith(f"用法：scoplan {' '.join(args)}".rstrip() + " [选项]")
    assert "\n选项：\n" in text
    assert re.search(r"\n  -h, --help +显示此帮助并退出。\n", text)
    # at 60 columns too, as wrapped there
    assert english_words(help_of(*args, width=60)) == []


def test_evaluate_in_chinese():
    """``scoplan evaluate --help``: the usage line, the description, the options with
    their metavars, notes and help in Chinese; the option names and examples as typed."""
    text = help_of("evaluate")
    lines = text.splitlines()
    assert lines[0] == "用法：scoplan evaluate [选项] [DATA]"
    assert (
        lines[2]
        == "  评估计划的完成情况：数据取自 DATA，可以是 CSV 文件所在的文件夹、" + "JSON 文件、"
    )
    assert lines[3:5] == [
        "  .xlsx 工作簿、SQLite 数据库文件（registry.db）或数据库 URL",
        "  （sqlite:///registry.db）。",
    ]
    assert "  不给 DATA 时，评估自带的黄山市示例数据。" in lines
    assert (
        lines[9]
        == "  --plan 计划" + " " * 17 + "计划编号（见 `scoplan plans`）或计划的 TOML 文件。"
    )
    assert lines[10] == "                              [默认：huangshan-2021-2023]"
    for spelling in (
        "--as-of 日期",
        "--year 年份",
        "--projection [linear|cagr]",
        "--format 格式[,格式…]",
        "-o, --output 路径",
        "--listed 个数",
        "--target-timeout 秒数",
        "--district 名称[,名称…]",
        "--limit 名称=值",
        "--block-plugin 名称",
    ):
        assert f"\n  {spelling} " in text, spelling
    assert "  --lang [zh|en]              报告和提示信息的语言。 [默认：zh]" in lines
    assert "默认全部列出。 [x>=0]" in text
    # the words of the reports: the status a left-out milestone gets, the shortfall's units
    assert "“数据未覆盖（不评判）”" in text
    assert "未达标单位" in text
    assert "--year 2022 即 --as-of" in text  # the examples as typed
    assert "rows=50000000、" in text


def test_the_group_in_chinese():
    """``scoplan --help``: its description, ``--version``, and each command's first
    sentence, cut to fit the line with ``……``."""
    lines = help_of().splitlines()
    assert lines[0] == "用法：scoplan [选项] 命令 [参数]..."
    assert lines[2] == "  scoplan：社区社会组织培育发展计划是否如期完成？"
    assert "  --version   显示版本并退出。" in lines
    assert "命令：" in lines
    assert "  plans      列出已安装的计划：编号、名称、版本、目标任务数" in lines
    assert "  evaluate   评估计划的完成情况：数据取自 DATA，可以是 CSV 文件所在的文件夹……" in lines
    assert "  divisions  列出 QUERY 之下的统计用区划单位……" in lines


@pytest.mark.parametrize("args", EVERY, ids=lambda args: " ".join(args) or "scoplan")
@pytest.mark.parametrize("width", [80, 60])
def test_chinese_lines_fit_the_terminal(args, width):
    """A Chinese line is as wide as its characters (two columns each): none is wider than
    the terminal, and none starts with a closing mark (``，。）``)."""
    for line in help_of(*args, width=width).splitlines():
        assert columns(line) <= width, line
        assert not re.match(r"\s*[，。、；：）”]", line), line


@pytest.mark.parametrize("args", EVERY, ids=lambda args: " ".join(args) or "scoplan")
def test_the_help_is_english_with_lang_en(args):
    """With ``--lang en`` (after the command, or before it for the group): click's words
    and scoplan's English, no Chinese word of the help."""
    text = english_help_of(*args) if args else help_of("--lang", "en")
    assert text.startswith(f"Usage: scoplan {' '.join(args)}".rstrip() + " [OPTIONS]")
    assert "\nOptions:\n" in text
    assert re.search(r"\n  -h, --help +Show this message and exit\.\n", text)
    assert not {"用法", "选项", "默认", "显示此帮助"} & set(re.findall(r"[\u4e00-\u9fff]+", text))


EVALUATE_EN = """\
Usage: scoplan evaluate [OPTIONS] [DATA]

  Evaluate a plan on DATA: a folder of CSV files, a JSON file, an .xlsx
  workbook, an SQLite database file (registry.db), or a database URL
  (sqlite:///registry.db).

  With no DATA, evaluates the bundled Huangshan example.

Options:
  --plan PLAN                 A plan id (see `scoplan plans`) or a plan's TOML
                              file.  [default: huangshan-2021-2023]
  --as-of DATE                Evaluate as of this date: YYYY-MM-DD, or as the
                              data writes dates (2023/12/31, 2023.12.31,
                              2023年12月31日). Default: today.
  --year YEAR                 Evaluate as of the end of this year: --year 2022
                              is --as-of 2022-12-31.
  --projection [linear|cagr]  How milestones not yet due are projected (default:
                              the plan's, usually linear).
  --format FORMAT[,FORMAT…]   text, json, markdown (or md), html, csv, xlsx,
                              docx (see `scoplan plugins`); several, comma-
                              separated, with --output naming a folder.
                              [default: text]
  --lang [zh|en]              Language of the report and messages.  [default:
                              zh]
  -o, --output PATH           Write the report to this file, atomically, instead
                              of standard output, in the format its name ends
                              with (报告.xlsx, 报告.docx) when --format is not
                              given; for several formats, a folder that gets
                              report.EXT each and is replaced as a whole (new,
                              or holding only scoplan's reports). Never an
                              input, nor inside one.
  --timings                   Add each result's time (seconds) to the JSON
                              report; it is then no longer byte-identical from
                              run to run.
  --listed COUNT              How many short units each result names, in every
                              format (the total is always given). Default: all.
                              [x>=0]
  --target-timeout SECONDS    How long each result's target may take before its
                              result is an error and the run goes on. Default:
                              the plan's target_timeout, else 300.  [x>0]
  --district NAME[,NAME…]     Evaluate this district of the plan's area alone:
                              its name as the data writes it (屯溪区), its short
                              name where that names one district (屯溪), or its
                              code (341002). Repeatable, or comma-separated
                              (--district 屯溪区,歙县). Milestones of the whole city,
                              a group or districts left out are not_covered,
                              with one warning. Default: every district of the
                              plan's area in DATA.
  --strict                    Treat warnings about the data (an unknown code, a
                              unit filed under another parent than its official
                              code says, a date after today) as errors: exit 2.
  --limit NAME=VALUE          Raise (or lower) a limit on what the input may
                              cost, such as rows=50000000, columns=2000 or
                              part_bytes=2GiB (repeatable; see README, Limits).
  --block-plugin NAME         Do not load this plugin (repeatable;
                              SCOPLAN_BLOCK_PLUGINS too).
  -h, --help                  Show this message and exit.
"""

GROUP_EN = """\
Usage: scoplan [OPTIONS] COMMAND [ARGS]...

  scoplan: is the plan for community social organizations being met?

Options:
  --version   Show the version and exit.
  -h, --help  Show this message and exit.

Commands:
  changes    What changed between two deliveries OLD and NEW (any sources...
  check      Check DATA without evaluating it: every error and warning,...
  convert    Write the data of SOURCE (anything `evaluate` reads) to OUT: a...
  diff       Compare two JSON reports (two dates, two deliveries): what...
  divisions  List the official units (NBS 2023 statistical division codes)...
  evaluate   Evaluate a plan on DATA: a folder of CSV files, a JSON file,...
  plans      List the installed plans: id, title, version, number of...
  plugins    List the loaded plugins (distribution, version, the target...
  synth      Write synthetic data in the format of docs/DATA.md (a folder...
  targets    List the installed target kinds: title, what they measure in...
  template   Write a workbook to send down: the area's districts, townships...
"""


def test_the_english_help_is_as_it_was():
    """The English help of ``evaluate`` and of the group, character for character as
    click wrote it before the help had a language, but for the metavars of ``--plan``,
    ``--year`` and ``--listed``, which say what to give (PLAN, YEAR, COUNT: a trial read
    ``--plan 文本`` and ``--year 整数`` as words translated, not said)."""
    assert english_help_of("evaluate") == EVALUATE_EN
    assert help_of("--lang", "en") == GROUP_EN
    assert help_of("--help", "--lang=en").startswith("Usage: scoplan [OPTIONS]")


def test_one_process_says_each_language_in_turn():
    """The same command objects, invoked again and again in one process, say the help of
    each run in that run's language: the words are looked up when the help is written."""
    for _ in range(2):
        assert help_of("check").startswith("用法：scoplan check [选项] DATA")
        assert english_help_of("check").startswith("Usage: scoplan check [OPTIONS] DATA")
        assert help_of("--lang", "en", "check").startswith("Usage: scoplan check")


def test_lang_before_the_command_is_the_commands():
    """``scoplan --lang en plans``: the command's run is in English too, as with its own
    ``--lang en``; its own ``--lang`` given after wins."""
    runner = CliRunner()
    assert "Huangshan action plan" in runner.invoke(main, ["--lang", "en", "plans"]).stdout
    assert "黄山市" in runner.invoke(main, ["--lang", "en", "plans", "--lang", "zh"]).stdout
    assert "黄山市" in runner.invoke(main, ["plans"]).stdout


def test_version():
    """``--version``: click's line, in the run's language."""
    result = CliRunner().invoke(main, ["--version"], prog_name="scoplan")
    assert re.fullmatch(r"scoplan，版本 \d+\.\d+\.\d+\S*\n", result.stdout)
    result = CliRunner().invoke(main, ["--version", "--lang", "en"], prog_name="scoplan")
    assert re.fullmatch(r"scoplan, version \d+\.\d+\.\d+\S*\n", result.stdout)


def test_no_command_shows_the_help():
    """``scoplan`` alone: the group's help on standard error, in Chinese, exit 2; not a
    usage error whose message is the help in English (``错误：Usage: …``)."""
    result = CliRunner().invoke(main, [], prog_name="scoplan")
    assert result.exit_code == 2
    assert result.stderr.startswith("用法：scoplan [选项] 命令 [参数]...\n\n  scoplan：")
    assert "查看帮助" not in result.stderr
    assert english_words(result.stderr) == []


def test_the_installed_command_says_its_help_in_chinese():
    """The ``scoplan`` script (its streams prepared, the language read from its arguments)
    prints ``evaluate --help`` in Chinese, and in English with ``--lang en``."""
    code = "import sys; from scoplan._program import run; sys.argv[0] = 'scoplan'; run()"
    for args, first in (
        ([], "用法：scoplan evaluate [选项] [DATA]"),
        (["--lang", "en"], "Usage: scoplan evaluate [OPTIONS] [DATA]"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", code, "evaluate", "--help", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[0] == first


def _options(command: click.Command) -> list[click.Option]:
    return [p for p in command.params if isinstance(p, click.Option)]


@pytest.mark.parametrize("name", ["main", *COMMANDS])
def test_every_help_is_a_key_of_both_catalogues(name):
    """Each command's description is ``help.<command>``, and each option's help a key of
    the ``help.`` namespace, in both catalogues; no option's help is given as text."""
    from scoplan._help import Option

    command = main if name == "main" else main.commands[name]
    keys = [f"help.{name}"]
    for param in _options(command):
        assert isinstance(param, Option), param.opts
        assert param.help is None, param.opts  # the key is help_key, said when shown
        if param.help_key:
            keys.append(param.help_key)
    for key in keys:
        assert key.startswith("help.")
        assert key in CATALOGUES["zh"], key
        assert key in CATALOGUES["en"], key


def test_the_help_keys_are_together():
    """The ``help.`` keys are one block of each catalogue file, not scattered."""
    from importlib import resources

    for lang in ("zh", "en"):
        text = resources.files("scoplan.i18n").joinpath(f"{lang}.toml").read_text("utf-8")
        keys = re.findall(r'^"([^"]+)" =', text, re.M)
        at = [n for n, key in enumerate(keys) if key.startswith("help.")]
        assert at == list(range(at[0], at[0] + len(at))), lang
        assert len(at) > 60


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        # between two Chinese characters; never before a closing mark
        ("把数据警告当作错误：退出码为 2。", 10, ["把数据警告", "当作错误：", "退出码为", "2。"]),
        ("一二三四，五六七八", 8, ["一二三", "四，五六", "七八"]),
        # nor after an opening one (a full-width mark is two columns), nor inside a word,
        # a date or a path
        ("计划编号（见 plans）或文件", 12, ["计划编号（见", "plans）或文", "件"]),
        ("日期（2023年12月31日）", 12, ["日期", "（2023年12月", "31日）"]),
        ("见 README.md#limits。", 18, ["见", "README.md#limits。"]),
        ("见 README.md#limits。", 17, ["见", "README.md#limit", "s。"]),
        ("见 README.md#limits。", 12, ["见", "README.md#li", "mits。"]),
        # what square brackets hold is one piece
        ("语言。 [默认：zh]", 10, ["语言。", "[默认：zh]"]),
    ],
)
def test_wrapping_chinese(text, width, lines):
    """Lines of at most ``width`` columns, a Chinese character two of them (a piece wider
    than the line stands alone)."""
    from scoplan._help import wrap

    assert wrap(text, width).split("\n") == lines


def test_a_command_list_summary():
    """A description's first sentence, or as much as fits, cut before a clause or a
    bracket outside any bracket, then ``……``."""
    from scoplan._help import summary

    text = "列出已安装的计划：编号、名称（与版本）。另一句。"
    assert summary(text, 40) == "列出已安装的计划：编号、名称（与版本）"
    assert summary(text, 30) == "列出已安装的计划：编号、名称……"
    assert summary(text, 24) == "列出已安装的计划：编号……"
    assert summary(text, 20) == "列出已安装的计划……"
    assert summary("一二三四五六七八九十", 10) == "一二三四……"


@pytest.mark.parametrize(
    ("command", "zh", "en"),
    [
        ("diff", "text：变化清单，供人阅读", "text: the changes, for people to read;"),
        ("targets", "text：每种目标类型的名称、说明", "text: each target kind's title,"),
        ("plans", "text：每个计划一行；json：", "text: a line per plan; json: the same,"),
        ("plugins", "text：每个插件一行（加 --columns", "text: a line per plugin (with"),
    ],
    ids=["diff", "targets", "plans", "plugins"],
)
def test_each_format_option_says_what_it_gives(command, zh, en):
    """``--format`` of diff, targets, plans and plugins has its words in either language,
    on its own line of the help (it had none: ``--format [text|json]`` alone), and ends
    with its default, as check's, changes' and divisions' do (it did not say it)."""
    for text, words, default in (
        (help_of(command), zh, "[默认：text]"),
        (english_help_of(command), en, "[default: text]"),
    ):
        lines = text.splitlines()
        start = next(n for n, line in enumerate(lines) if line.startswith("  --format "))
        assert re.fullmatch(r"  --format \[text\|json\] +(.+)", lines[start])
        assert words in lines[start]
        # the option's lines: its first and those indented under it, up to the next option
        block = [lines[start]]
        for line in lines[start + 1 :]:
            if not line.startswith("   "):
                break
            block.append(line)
        assert " ".join(line.strip() for line in block).endswith(default)
