"""click's own usage errors, said in Chinese in a Chinese run.

click words its errors (an unknown option, a missing argument, a value not among the
choices) in English. In a run whose language is Chinese — the default — :func:`in_chinese`
gives the same error worded in Chinese, with the usage line and the hint to ``--help``, so
that a bureau's user meets no English they did not ask for.
"""

from __future__ import annotations

import re
from typing import IO, Any

import click

_CHOICE = re.compile(r"^'(?P<value>.*)' is not (?:one of )?(?P<choices>.*)\.$", re.S)
_RANGE = re.compile(r"^(?P<value>.*) is not in the range (?P<range>.*)\.$", re.S)
_NOT_INT = re.compile(r"^'(?P<value>.*)' is not a valid integer(?: range)?\.$", re.S)
_NOT_FLOAT = re.compile(r"^'(?P<value>.*)' is not a valid float(?: range)?\.$", re.S)
_A_RANGE = re.compile(r" is not a valid (integer|float) range\.$")
"""click's word for a number of a bounded option (``--listed abc``): no range is to be
written there, a number is."""
_NO_COMMAND = re.compile(r"^No such command '(?P<name>.*)'\.$", re.S)
_NEEDS_VALUE = re.compile(r"^Option '(?P<name>.*)' requires an argument\.$", re.S)
_EXTRA = re.compile(r"^Got unexpected extra arguments? \((?P<args>.*)\)$", re.S)


def _bad_value(error: click.BadParameter) -> str:
    message = error.message
    for pattern, say in (
        # a number's first: click says it as it says a choice ("'abc' is not a valid integer")
        (_NOT_INT, "“{value}”不是整数"),
        (_NOT_FLOAT, "“{value}”不是数字"),
        (_CHOICE, "“{value}”不是可选的值（应为 {choices} 之一）"),
        (_RANGE, "{value} 不在范围 {range} 内"),
    ):
        match = pattern.match(message)
        if match:
            values = dict(match.groupdict())
            if "choices" in values:
                values["choices"] = values["choices"].replace("', '", "、").replace("'", "")
            return say.format(**values)
    return message


def _words(error: click.ClickException) -> str:
    """The error's message in Chinese (click's English where a form is not known)."""
    if isinstance(error, click.NoSuchOption):
        said = f"没有选项 {error.option_name}"
        if error.possibilities:
            said += f"（是否应为 {'、'.join(sorted(error.possibilities))}？）"
        return said
    if isinstance(error, click.MissingParameter):
        param = error.param
        name = param.get_error_hint(error.ctx) if param and error.ctx else "?"
        what = "参数" if isinstance(param, click.Argument) else "选项"
        return f"缺少{what} {name.replace(chr(39), '')}"
    if isinstance(error, click.BadParameter):
        given = error.param_hint
        hint = given if isinstance(given, str) or given is None else " / ".join(given)
        if hint is None and error.param is not None and error.ctx is not None:
            hint = error.param.get_error_hint(error.ctx)
        where = f"{hint.replace(chr(39), '')} 的值无效：" if hint else "值无效："
        return where + _bad_value(error)
    message = error.message
    for pattern, say in (
        (_NO_COMMAND, "没有命令“{name}”（可用的命令见 scoplan --help）"),
        (_NEEDS_VALUE, "选项 {name} 后面需要一个值"),
        (_EXTRA, "多余的参数：{args}"),
    ):
        match = pattern.match(message)
        if match:
            return say.format(**match.groupdict())
    return message


class ChineseUsageError(click.UsageError):
    """A usage error of click's, said in Chinese: shown as click shows one, in Chinese."""

    def __init__(self, error: click.UsageError) -> None:
        super().__init__(_words(error), error.ctx)

    def show(self, file: IO[Any] | None = None) -> None:
        ctx = self.ctx
        if ctx is not None:
            pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
            click.echo(f"用法：{ctx.command_path} {pieces}".rstrip(), file=file, err=True)
            click.echo(f"运行“{ctx.command_path} --help”查看帮助。\n", file=file, err=True)
        click.echo(f"错误：{self.format_message()}", file=file, err=True)


_NO_ARGS: tuple[type[click.UsageError], ...] = tuple(
    getattr(click.exceptions, name)
    for name in ("NoArgsIsHelpError",)
    if hasattr(click.exceptions, name)
)
"""click's "error" for a group run with no arguments at all (from click 8.2): its message is
the help, already in the run's language, shown as the whole of it."""


def in_chinese(error: click.UsageError) -> click.UsageError:
    """``error`` said in Chinese (the same exit code, the same usage line)."""
    if isinstance(error, (ChineseUsageError, *_NO_ARGS)):
        return error
    return ChineseUsageError(error)


def in_english(error: click.UsageError) -> click.UsageError:
    """``error`` as click says it, but a number of a bounded option said to be no number,
    not "no valid integer range" (``--listed abc``)."""
    if not isinstance(error, click.BadParameter) or not _A_RANGE.search(error.message):
        return error
    message = _A_RANGE.sub(r" is not a valid \1.", error.message)
    return click.BadParameter(message, error.ctx, error.param, error.param_hint)
