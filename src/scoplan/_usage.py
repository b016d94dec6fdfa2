"""click's own usage errors, said in Chinese in a Chinese run.

click words its errors (an unknown option, a missing argument, a value not among the
choices) in English. In a run whose language is Chinese — the default — :func:`in_chinese`
gives the same error worded in Chinese, with the usage line and the hint to ``--help``, so
that a bureau's user meets no English they did not ask for. The words are the ``usage.``
entries of the catalogues; the English ones say what click says (an English run shows
click's own error).
"""

from __future__ import annotations

import re
from typing import IO, Any

import click

from scoplan.i18n import translate

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


def _zh(key: str, **values: str) -> str:
    return translate(f"usage.{key}", "zh", **values)


def _bad_value(error: click.BadParameter) -> str:
    message = error.message
    for pattern, key in (
        # a number's first: click says it as it says a choice ("'abc' is not a valid integer")
        (_NOT_INT, "not_integer"),
        (_NOT_FLOAT, "not_number"),
        (_CHOICE, "not_a_choice"),
        (_RANGE, "out_of_range"),
    ):
        match = pattern.match(message)
        if match:
            values = dict(match.groupdict())
            if "choices" in values:
                sep = _zh("list_sep")
                values["choices"] = values["choices"].replace("', '", sep).replace("'", "")
            return _zh(key, **values)
    return message


def _words(error: click.ClickException) -> str:
    """The error's message in Chinese (click's English where a form is not known)."""
    if isinstance(error, click.NoSuchOption):
        said = _zh("no_option", name=error.option_name)
        if error.possibilities:
            names = _zh("list_sep").join(sorted(error.possibilities))
            said += _zh("did_you_mean", names=names)
        return said
    if isinstance(error, click.MissingParameter):
        param = error.param
        name = param.get_error_hint(error.ctx) if param and error.ctx else "?"
        key = "missing_argument" if isinstance(param, click.Argument) else "missing_option"
        return _zh(key, name=name.replace("'", ""))
    if isinstance(error, click.BadParameter):
        given = error.param_hint
        hint = given if isinstance(given, str) or given is None else " / ".join(given)
        if hint is None and error.param is not None and error.ctx is not None:
            hint = error.param.get_error_hint(error.ctx)
        reason = _bad_value(error)
        if hint:
            return _zh("bad_value", name=hint.replace("'", ""), reason=reason)
        return _zh("bad_value_unnamed", reason=reason)
    message = error.message
    for pattern, key in (
        (_NO_COMMAND, "no_command"),
        (_NEEDS_VALUE, "needs_value"),
        (_EXTRA, "extra"),
    ):
        match = pattern.match(message)
        if match:
            return _zh(key, **match.groupdict())
    return message


class ChineseUsageError(click.UsageError):
    """A usage error of click's, said in Chinese: shown as click shows one, in Chinese."""

    def __init__(self, error: click.UsageError) -> None:
        super().__init__(_words(error), error.ctx)

    def show(self, file: IO[Any] | None = None) -> None:
        ctx = self.ctx
        if ctx is not None:
            pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
            usage = f"{ctx.command_path} {pieces}".rstrip()
            click.echo(_zh("usage", usage=usage), file=file, err=True)
            click.echo(_zh("try_help", command=ctx.command_path) + "\n", file=file, err=True)
        click.echo(_zh("error", message=self.format_message()), file=file, err=True)


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
