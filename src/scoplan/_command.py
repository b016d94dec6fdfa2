"""What the commands of the ``scoplan`` group share: their options, how one fails (its
problems on standard error, exit 2), and how one writes a document.

:mod:`scoplan.cli` and :mod:`scoplan.collection_cli` both take these from here, so that
neither imports the other back.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from scoplan._help import option

if TYPE_CHECKING:
    from scoplan._exceptions import Problem, ScoplanError
    from scoplan._output import Destination
    from scoplan.plugins import Registry
    from scoplan.report import DataWarning

F = TypeVar("F", bound=Callable[..., Any])

EXIT_USAGE = 2


def _lang_option() -> Callable[[F], F]:
    return option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default="zh",
        show_default=True,
        help="help.lang",
    )


def _block_option() -> Callable[[F], F]:
    return option(
        "--block-plugin",
        "blocked",
        multiple=True,
        metavar="NAME",
        help="help.block_plugin",
    )


def _fail(error: ScoplanError, lang: str) -> NoReturn:
    """Say each problem on standard error and exit 2 (whether or not anyone can read them:
    standard error closed, or its reader gone)."""
    from scoplan._terminal import folder_gone, folder_problem

    problems = list(error.problems)
    if folder_gone():
        problems.append(folder_problem())  # why a relative path leads nowhere
    _tell([*problems, *getattr(error, "warnings", ())], lang)
    sys.exit(EXIT_USAGE)


def _tell(problems: Iterable[Problem], lang: str) -> None:
    """Each problem on standard error, an error or a warning as its severity says."""
    from scoplan.i18n import problem_line

    for problem in problems:
        click.echo(problem_line(problem, lang), err=True)


def _tell_later(warnings: Iterable[DataWarning], lang: str) -> None:
    """Each warning a report adds to loading's (a table the data lacks that milestones
    read) on standard error, as :func:`_tell` says loading's."""
    from scoplan.i18n import translate

    for warning in warnings:
        message = warning.message_zh if lang == "zh" and warning.message_zh else warning.message
        click.echo(translate("output.warning", lang, message=message), err=True)


def _implicit(name: str) -> bool:
    """Whether the run's option ``name`` took its default: the user did not give it."""
    from click.core import ParameterSource

    source = click.get_current_context().get_parameter_source(name)
    return source in (ParameterSource.DEFAULT, None)


def _registry(blocked: tuple[str, ...]) -> Registry:
    from scoplan.plugins import get_plugin_manager, load_registry

    with contextlib.redirect_stdout(sys.stderr):  # what plugins print is not our output
        return load_registry(get_plugin_manager(blocked=blocked))


def _write_one(fmt: str, rendered: str | bytes, where: Destination, lang: str) -> None:
    """Write one rendered document where ``where`` says (standard output when its file is
    None), as ``evaluate`` writes its reports: atomically onto a regular file, in place onto
    a special one, cleaned up on a signal; a failure is the user's message, exit 2."""
    from scoplan import _output
    from scoplan._exceptions import Problem, ScoplanError

    output = where.files[fmt]
    if output is None:
        click.echo(rendered, nl=False)
        return
    content = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    try:
        with _output.signals_raise():
            _output.write(where, {fmt: content})
    except _output.Terminated as stop:
        sys.exit(stop.exit_code)
    except ScoplanError as error:
        _fail(error, lang)
    except OSError as error:
        from scoplan._os_reasons import os_reason

        where_text = str(error.filename or output)
        problem = Problem("unwritable", where_text, params=os_reason(error))
        _fail(ScoplanError([problem]), lang)
    _say_written(where, lang)


def _say_written(where: Destination, lang: str) -> None:
    """``已写入 报告.xlsx`` on standard error, once a report file (or folder) is written:
    standard output holds only reports."""
    from scoplan._display import for_message
    from scoplan.i18n import translate

    written = [where.folder] if where.folder else [f for f in where.files.values() if f]
    for path in written:
        shown = for_message(str(path), None, lang)
        click.echo(translate("output.written", lang, path=shown), err=True)
