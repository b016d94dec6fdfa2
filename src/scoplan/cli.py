"""The ``scoplan`` command: I/O, exit codes and printing, and nothing else.

Exit codes: 0 nothing failed; 1 a milestone is ``not_met``; 2 usage or data error, nothing
evaluated; 3 a target errored or a plugin failed to load; 4 a bug (a message, no traceback,
unless ``SCOPLAN_DEBUG=1``). A fault of the environment (standard output closed, the current
folder deleted) is 2; Ctrl-C is 130; see :mod:`scoplan._terminal`, inside whose edge
:mod:`scoplan._program` runs this group.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

import click

from scoplan._command import (
    F,
    _block_option,
    _fail,
    _implicit,
    _lang_option,
    _registry,
    _say_written,
    _tell,
    _tell_later,
    _write_one,
)
from scoplan._help import LANG_KEY, Group, option, version_option

if TYPE_CHECKING:
    from scoplan._exceptions import PlanError, Problem
    from scoplan.diff import Comparison
    from scoplan.limits import Limits
    from scoplan.plan import Plan
    from scoplan.plugins import Registry
    from scoplan.report import Report
    from scoplan.synth import Scale
    from scoplan.target import TargetKind

DEFAULT_PLAN = "huangshan-2021-2023"
EXIT_PLUGIN = 3
EXIT_INTERNAL = 4
DEBUG_VARIABLE = "SCOPLAN_DEBUG"
_LANG_KEY = LANG_KEY


class _Main(Group):
    """The command group, with a last boundary: a bug in scoplan is a message, not a traceback,
    and a fault of the environment (see :mod:`scoplan._terminal`) is said as such, exit 2.

    Set ``SCOPLAN_DEBUG=1`` to see the traceback.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from scoplan._terminal import language

        ctx.meta[_LANG_KEY] = language(args)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            raise _said(error, ctx) from None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # the program itself (the ``scoplan`` script, ``python -m scoplan``), not a test's
        # CliRunner, which calls ``main``: a thread a plugin left running (a target that
        # took too long, a thread it started) must not keep the process from ending
        try:
            return self.main(*args, **kwargs)
        except SystemExit as done:
            _end(done)

    def invoke(self, ctx: click.Context) -> Any:
        from scoplan import _terminal

        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            raise _said(error, ctx) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            sys.exit(_terminal.interrupted(ctx.meta.get(_LANG_KEY, "zh")))
        except Exception as error:
            sys.exit(_terminal.failed(error, ctx.meta.get(_LANG_KEY, "zh")))


def _said(error: click.UsageError, ctx: click.Context) -> click.UsageError:
    """click's usage error in the run's language (click says it in English)."""
    from scoplan._usage import in_chinese, in_english

    if ctx.meta.get(_LANG_KEY, "zh") != "zh":
        return in_english(error)
    return in_chinese(error)


def _end(done: SystemExit) -> NoReturn:
    """Exit as ``done`` says; at once (``os._exit``, once the output is flushed) when threads
    other than the main one are still running, which Python would otherwise wait for (a
    non-daemon thread) or could trip over while shutting down (a daemon one)."""
    from scoplan._isolation import stray_threads

    if not stray_threads():
        raise done
    code = done.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code or 0)


class _Day(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.2
    """A date written as the data may write one (``2023-12-31``, ``2023/12/31``,
    ``2023.12.31``, ``2023年12月31日``, in full-width digits, a time of day after it), read by
    the data's own rules (:func:`scoplan.cell_typing.typed_values`)."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import re
        import unicodedata

        import polars as pl

        from scoplan.cell_typing import (
            DATE_SHAPE,
            MONTH_ONLY,
            TIME_OF_DAY,
            typed_values,
            whole_date,
        )
        from scoplan.i18n import translate
        from scoplan.schema import DATE, Column

        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        typed = typed_values(pl.Series([text]), Column("as_of", "日期", DATE), "")
        if typed is not None and typed[0] is not None:
            day: dt.date = typed[0]
            return day
        english = ctx is not None and ctx.find_root().meta.get(_LANG_KEY) == "en"
        lang = "en" if english else "zh"
        bare = re.sub(TIME_OF_DAY, r"\1", unicodedata.normalize("NFKC", text))
        month = re.sub(r"\s*([年月])\s*", r"\1", bare)
        if re.match(MONTH_ONLY, month):  # a month: its day is not guessed, as in the data
            example = _month_end(whole_date(month))  # a day to judge as of: its month's end
            said = translate("problem.day_missing", lang, value=text, example=example)
        elif re.match(DATE_SHAPE, bare):  # shaped as a date: the day is none
            said = translate("problem.option_no_such_date", lang, value=text)
        else:
            said = translate("problem.option_not_a_date", lang, value=text)
        self.fail(said, param, ctx)


def _month_end(first: str) -> str:
    """The whole date of a month's first day (``2024-12-01``, ``2024年12月1日``,
    ``2024.2.1``) as the date of its last day, in the same form (``2024-12-31``,
    ``2024年12月31日``, ``2024.2.29``)."""
    import calendar
    import re

    year, month = (int(n) for n in re.findall(r"\d+", first)[:2])
    last = calendar.monthrange(year, month)[1]
    start, end = list(re.finditer(r"\d+", first))[2].span()
    return f"{first[:start]}{last:0{end - start}d}{first[end:]}"


def _text_or_json(help_key: str) -> Callable[[F], F]:
    """``--format text|json`` of a listing or a comparison, its help ``help_key``."""
    return option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help_key,
    )


def _strict_option() -> Callable[[F], F]:
    return option(
        "--strict",
        is_flag=True,
        help="help.strict",
    )


def _district_option(help: str) -> Callable[[F], F]:
    return option(
        "--district",
        "districts",
        multiple=True,
        metavar="NAME[,NAME…]",
        help=help,
    )


def _district_names(given: tuple[str, ...]) -> list[str] | None:
    """What ``--district`` gave, each value cut at its commas (``,``, ``，`` or ``、``):
    ``--district 屯溪区,歙县`` is ``--district 屯溪区 --district 歙县``; None when not given.
    A value with no name in it (``--district ""``) is kept, to be said as such."""
    if not given:
        return None
    import re

    names = [name.strip() for value in given for name in re.split(r"[,，、]", value)]
    return [name for name in names if name] or [""]


def _limit_option() -> Callable[[F], F]:
    return option(
        "--limit",
        "limits",
        multiple=True,
        metavar="NAME=VALUE",
        help="help.limit",
    )


def _plan(spec: str, registry: Registry, limits: Limits | None = None) -> Plan:
    from scoplan.plan import find_plan

    return find_plan(spec, registry, limits)


_UNREAD = ("unreadable", "bad_toml", "unknown_plan")
"""The problems of a plan that was not read (no file, no TOML): none of it can be checked."""


def _plan_with_data(
    error: PlanError,
    spec: str,
    source: str,
    registry: Registry,
    strict: bool,
    limits: Limits | None,
    lang: str,
) -> NoReturn:
    """Raise the mistakes of the plan file ``spec`` (``error``: those found without data)
    with those that need the data, in one run: a district its area, a group or a scope names
    that the data lacks or the area leaves out. The data's districts are read alone for
    them where they can be (CSV files, a workbook, a database), else the data whole; when it
    cannot be read, what keeps it from being read follows the plan's mistakes."""
    from scoplan._exceptions import DataError, ScoplanError
    from scoplan.loading import load, load_districts
    from scoplan.plan import load_plan

    unread = any(p.code in _UNREAD or p.code.startswith("limit_") for p in error.problems)
    if unread or not Path(spec).is_file():
        raise error
    districts = load_districts(source, registry=registry, limits=limits)
    if districts is not None:
        # the districts read alone: the rest of the data is for a plan without mistakes,
        # which the user is told, lest they take the data for checked
        from scoplan._display import masked
        from scoplan._exceptions import WARNING, PlanError, Problem

        unchecked = Problem("data_unchecked", masked(source), severity=WARNING)
        try:
            load_plan(Path(spec), registry=registry, limits=limits, data=districts)
        except PlanError as found:
            raise PlanError([*found.problems, unchecked]) from None
        raise PlanError([*error.problems, unchecked])
    try:
        with _progress(lang) as step:
            dataset = load(source, progress=step, registry=registry, strict=strict, limits=limits)
    except ScoplanError as data_error:
        problems = [*error.problems, *data_error.problems]
        raise DataError(problems, getattr(data_error, "warnings", ())) from None
    load_plan(Path(spec), registry=registry, limits=limits, data=dataset)
    raise error  # the same file, read again: its mistakes are still there


@contextlib.contextmanager
def _progress(lang: str) -> Iterator[Callable[[str], None]]:
    """A spinner on a terminal naming what is being read; nothing at all on a pipe."""
    if not sys.stderr.isatty():
        yield lambda _: None
        return
    from rich.console import Console
    from rich.text import Text

    with Console(stderr=True).status("scoplan") as status:

        def step(name: str) -> None:
            # as Text, so that "[/x]" in a name is not markup
            status.update(Text(_progress_text(name, lang)))

        yield step


def _progress_text(name: str, lang: str) -> str:
    """``scoplan: reading organizations.csv …``: what a loader says it reads (a file, a
    sheet, a database), its password masked, its control characters escaped, cut."""
    from scoplan._display import NAME_LIMIT, for_message
    from scoplan.i18n import translate

    if name == "evaluate":
        return translate("output.evaluating", lang)
    return translate("output.reading", lang, name=for_message(name, NAME_LIMIT, lang))


def _lang_for_commands(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``scoplan --lang en …``: the language of the command run too, as if it were given
    its own ``--lang`` (the help and click's messages follow it already: they read the
    arguments, :func:`scoplan._terminal.language`). Not shown in the help: each command
    has its own, and ``scoplan --lang en --help`` is the group's help in English."""
    if value is not None and isinstance(ctx.command, click.Group):
        given = dict(ctx.default_map or {})
        for name in ctx.command.commands:
            given[name] = {**given.get(name, {}), "lang": value}
        ctx.default_map = given


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@version_option()
@option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    hidden=True,
    expose_value=False,
    callback=_lang_for_commands,
)
def main() -> None:
    """The ``scoplan`` group.

    The help shown is not this docstring's, nor any command's: it is ``help.main`` of the
    catalogues, and ``help.<command>`` for each command, in the run's language
    (:mod:`scoplan._help`).
    """


@main.command()
@click.argument("data", required=False)
@option(
    "--plan",
    "plan_spec",
    metavar="PLAN",
    default=DEFAULT_PLAN,
    show_default=True,
    help="help.evaluate.plan",
)
@option(
    "--as-of",
    type=_Day(),
    help="help.evaluate.as_of",
)
@option(
    "--year",
    metavar="YEAR",
    type=int,
    help="help.evaluate.year",
)
@option(
    "--projection",
    type=click.Choice(["linear", "cagr"]),
    help="help.evaluate.projection",
)
@option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    metavar="FORMAT[,FORMAT…]",
    help="help.evaluate.format",
)
@_lang_option()
@option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="help.evaluate.output",
)
@option(
    "--timings",
    is_flag=True,
    help="help.evaluate.timings",
)
@option(
    "--listed",
    metavar="COUNT",
    type=click.IntRange(min=0),
    default=None,
    help="help.evaluate.listed",
)
@option(
    "--target-timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="help.evaluate.target_timeout",
)
@_district_option("help.evaluate.district")
@_strict_option()
@_limit_option()
@_block_option()
def evaluate(
    data: str | None,
    plan_spec: str,
    as_of: dt.date | None,
    year: int | None,
    projection: str | None,
    fmt: str,
    lang: str,
    output: Path | None,
    timings: bool,
    listed: int | None,
    target_timeout: float | None,
    districts: tuple[str, ...],
    strict: bool,
    limits: tuple[str, ...],
    blocked: tuple[str, ...],
) -> None:
    """``scoplan evaluate``: the plan evaluated on the data (the bundled example when none
    is given), each format asked for written to standard output or to files. What the
    user reads of it is ``help.evaluate`` of the catalogues."""
    from scoplan import _output
    from scoplan._exceptions import PlanError, Problem, ScoplanError

    # the report goes to standard output; what plugins print (loading, measuring,
    # rendering, even from a thread left running) goes to standard error
    stdout = sys.stdout
    click.get_current_context().with_resource(contextlib.redirect_stdout(sys.stderr))

    if year is not None and as_of is not None:
        _fail(ScoplanError([Problem("year_and_as_of", "--as-of")]), lang)
    formats = _output.format_names(fmt)
    try:
        from scoplan.engine import evaluate as run
        from scoplan.examples import example_path
        from scoplan.limits import parse
        from scoplan.loading import load

        bounds = parse(limits)
        day = _day(year, as_of)

        registry = _registry(blocked)
        unknown = [f for f in formats if registry.renderer(f) is None]
        if unknown:
            expected = ", ".join(registry.renderers)
            raise ScoplanError(
                [
                    Problem(
                        "unknown_format",
                        "--format",
                        value=unknown[0],
                        params={"expected": expected},
                    )
                ]
            )
        source = data if data is not None else str(example_path("huangshan"))
        renderers = registry.renderers
        formats = _output.formats_for_output(
            formats,
            not _implicit("fmt"),
            output,
            {name: renderer.extension for name, renderer in renderers.items()},
            [name for name, renderer in renderers.items() if renderer.binary],
        )
        where = _output.destination(formats, output, renderers)
        inputs = _output.files_read(source)
        if Path(plan_spec).is_file():
            inputs.append(Path(plan_spec))
        _output.check(where, inputs)
        try:
            plan = _plan(plan_spec, registry, bounds)
        except PlanError as error:
            _plan_with_data(error, plan_spec, source, registry, strict, bounds, lang)
        with _progress(lang) as step:
            dataset = load(
                source, progress=step, registry=registry, strict=strict, limits=bounds, plan=plan
            )
        _tell(dataset.warnings, lang)
        if data is not None and _implicit("plan_spec"):
            _not_the_bundled_plans(plan, dataset)
        chosen = _district_names(districts)
        if chosen is not None:
            from scoplan.engine import run_coverage

            run_coverage(plan, dataset, chosen, "--district")  # a name none has: said so
        with _progress(lang) as step:
            step("evaluate")
            report = run(
                dataset,
                plan,
                day,
                registry=registry,
                listed=listed,
                projection=projection,
                target_timeout=target_timeout,
                strict=strict,
                districts=chosen,
            )
        _tell_later(report.warnings[len(dataset.warnings) :], lang)
    except ScoplanError as error:
        _fail(error, lang)
    from scoplan.formats import RenderOptions

    terminal = output is None and stdout.isatty()
    options = RenderOptions(
        lang=lang,
        terms=report.terms.get(lang, {}),
        color=terminal and "NO_COLOR" not in os.environ,
        width=max(100, shutil.get_terminal_size().columns) if terminal else 120,
        timings=timings,
    )
    rendered: dict[str, str | bytes] = {}
    failed: list[Problem] = []
    for name in formats:
        content = _render(registry, name, report, options)
        if isinstance(content, Problem):
            failed.append(content)
        else:
            rendered[name] = content
    for name, content in rendered.items():
        if where.files[name] is None:
            if isinstance(content, bytes):
                stdout.buffer.write(content)
            else:
                click.echo(content, file=stdout, nl=False)
    files = {
        name: content if isinstance(content, bytes) else content.encode("utf-8")
        for name, content in rendered.items()
        if where.files[name] is not None
    }
    try:
        with _output.signals_raise():
            _output.write(where, files)
    except _output.Terminated as stop:
        # SIGTERM or SIGHUP: the temporary files are gone, any earlier report is whole
        sys.exit(stop.exit_code)
    except ScoplanError as error:
        _fail(error, lang)
    except OSError as error:
        # a full disk, a folder not writable: any earlier report is left whole
        place = where.folder or next((t for t in where.files.values() if t), "-")
        text = error.filename or str(place)
        from scoplan._os_reasons import os_reason

        _fail(ScoplanError([Problem("unwritable", str(text), params=os_reason(error))]), lang)
    _say_written(where, lang)
    if failed:
        from scoplan.i18n import problem_line

        for problem in failed:
            click.echo(problem_line(problem, lang), err=True)
        sys.exit(EXIT_PLUGIN)
    sys.exit(report.exit_code())


def _not_the_bundled_plans(plan: Plan, dataset: Any) -> None:
    """Raise the one mistake of a run given no plan (``--plan``) whose data is another
    city's: the bundled plan is Huangshan's, and every district, group and milestone of it
    would be said missing from the data, one by one (26 errors), none saying to write a
    plan of the data's own and pass it. Nothing for data the plan's area holds some of."""
    from scoplan._exceptions import PlanError, Problem
    from scoplan.engine import area_districts

    if area_districts(plan, dataset):
        return
    cities = sorted({c for c in dataset.frame("districts").get_column("city").to_list() if c})
    shown = cities[:5] + (["…"] if len(cities) > 5 else [])
    from scoplan.i18n import translate

    params = {
        "area": plan.area.name or plan.id,
        "hint": translate("output.of_cities", "en", cities=", ".join(shown)) if shown else "",
        "hint_zh": translate("output.of_cities", "zh", cities="、".join(shown)) if shown else "",
    }
    raise PlanError([Problem("default_plan_elsewhere", "--plan", value=plan.id, params=params)])


def _day(year: int | None, as_of: dt.date | None) -> dt.date | None:
    """The date ``--year`` or ``--as-of`` names, or a ScoplanError when it is outside the
    dates scoplan evaluates (a year-end history from 1949 to 9999 would take minutes)."""
    from scoplan._exceptions import ScoplanError
    from scoplan.limits import EARLIEST, LATEST, date_problem, year_problem

    if year is not None:
        if not EARLIEST.year <= year <= LATEST.year:
            raise ScoplanError([year_problem(str(year), "--year")])
        return dt.date(year, 12, 31)
    if as_of is None:
        return None
    problem = date_problem(as_of, "--as-of")
    if problem is not None:
        raise ScoplanError([problem])
    return as_of


def _render(registry: Registry, name: str, report: Any, options: Any) -> str | bytes | Problem:
    """The report in a format, or, when a plugin's renderer fails (raises, exits, returns
    what cannot be written), the problem saying so. A built-in renderer's failure is a bug
    and is raised."""
    from scoplan._exceptions import Problem
    from scoplan._isolation import fault_message, no_exit, plugin_fault, zh_reason

    renderer = registry.renderers[name]
    owner = next((p for p in registry.plugins if name in p.renderers), None)
    try:
        with no_exit():
            content = renderer.render(report, options)
        if not renderer.binary and isinstance(content, str):
            content.encode("utf-8")
    except BaseException as error:
        if not plugin_fault(error) or owner is None or owner.builtin:
            raise
        params = {
            "renderer": name,
            "plugin": owner.name,
            "reason": fault_message(error),
            **zh_reason(error),
        }
        return Problem("renderer_failed", "--format", params=params)
    wanted = bytes if renderer.binary else str
    if not isinstance(content, wanted):
        if owner is None or owner.builtin:
            raise TypeError(f"render() returned {type(content).__name__}, not {wanted.__name__}")
        params = {
            "renderer": name,
            "plugin": owner.name,
            "kind": type(content).__name__,
            "wanted": wanted.__name__,
        }
        return Problem("renderer_returned", "--format", params=params)
    return content


CHECK_EXTENSIONS = {"text": "txt", "json": "json", "xlsx": "xlsx"}
"""The file extension of each format of ``scoplan check``, which ``--output`` may name."""


@main.command()
@click.argument("data")
@option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "xlsx"]),
    default="text",
    show_default=True,
    help="help.check.format",
)
@option("--output", "-o", type=click.Path(path_type=Path), help="help.write_to")
@option(
    "--plan",
    "plan_spec",
    metavar="PLAN",
    help="help.check.plan",
)
@_district_option("help.check.district")
@_strict_option()
@_lang_option()
@_block_option()
def check(
    data: str,
    fmt: str,
    output: Path | None,
    plan_spec: str | None,
    districts: tuple[str, ...],
    strict: bool,
    lang: str,
    blocked: tuple[str, ...],
) -> None:
    """``scoplan check``: the data's problems (:func:`scoplan.checkup.check`) as text, JSON
    or a workbook, exit as :meth:`~scoplan.checkup.Checkup.exit_code` says. Its help is
    ``help.check``."""
    from scoplan import _output
    from scoplan._exceptions import PlanError, Problem, ScoplanError

    try:
        [fmt] = _output.formats_for_output([fmt], not _implicit("fmt"), output, CHECK_EXTENSIONS)
        if fmt == "xlsx" and output is None:
            raise ScoplanError([Problem("binary_needs_output", "--format", value="xlsx")])
        where = _output.Destination({fmt: output})
        inputs = _output.files_read(data)
        if plan_spec is not None and Path(plan_spec).is_file():
            inputs.append(Path(plan_spec))
        _output.check(where, inputs)
        from scoplan import problem_list
        from scoplan.checkup import check as run_check

        chosen = _district_names(districts)
        if chosen is not None and plan_spec is None:
            raise ScoplanError([Problem("district_needs_plan", "--district")])
        registry = _registry(blocked)
        plan = None
        if plan_spec is not None:
            try:
                plan = _plan(plan_spec, registry)
            except PlanError as error:
                # the plan's mistakes against the data too, as evaluate says them
                _plan_with_data(error, plan_spec, data, registry, strict, None, lang)
        with _progress(lang) as step:
            checkup = run_check(
                data,
                registry=registry,
                progress=step,
                plan=plan,
                districts=chosen,
                named_by="--district",
            )
    except ScoplanError as error:
        _fail(error, lang)
    rendered: str | bytes
    if fmt == "xlsx":
        rendered = problem_list.as_workbook(checkup, lang)
    elif fmt == "json":
        rendered = problem_list.as_json(checkup)
    else:
        rendered = problem_list.as_text(checkup, lang)
    _write_one(fmt, rendered, where, lang)
    sys.exit(checkup.exit_code(strict=strict))


@main.command()
@click.argument("source")
@click.argument("out")
@option(
    "--names",
    type=click.Choice(["en", "zh"]),
    default="en",
    show_default=True,
    help="help.convert.names",
)
@option(
    "--encoding",
    type=click.Choice(["utf-8", "gb18030"]),
    default=None,
    help="help.convert.encoding",
)
@option("--force", is_flag=True, help="help.convert.force")
@_lang_option()
@_limit_option()
@_block_option()
def convert(
    source: str,
    out: str,
    names: str,
    encoding: str | None,
    force: bool,
    lang: str,
    limits: tuple[str, ...],
    blocked: tuple[str, ...],
) -> None:
    """``scoplan convert``: the data read and written again by
    :func:`scoplan.writing.convert`. Its help is ``help.convert``."""
    from scoplan import _output
    from scoplan._exceptions import ScoplanError
    from scoplan.i18n import translate
    from scoplan.limits import parse
    from scoplan.writing import convert as write

    try:
        bounds = parse(limits)
        with _output.signals_raise():
            written = write(
                source,
                out,
                names=names,
                force=force,
                registry=_registry(blocked),
                limits=bounds,
                encoding=encoding,
            )
    except _output.Terminated as stop:
        sys.exit(stop.exit_code)  # SIGTERM or SIGHUP: the temporary file is gone
    except ScoplanError as error:
        _fail(error, lang)
    except OSError as error:
        from scoplan._exceptions import Problem
        from scoplan._os_reasons import os_reason

        problem = Problem("message", out, params=os_reason(error, key="text"))
        _fail(ScoplanError([problem]), lang)
    click.echo(
        translate("convert.written", lang, target=out, tables=written.tables, rows=written.rows)
    )


@main.command()
@click.argument("out", type=click.Path(path_type=Path))
@option(
    "--scale",
    type=click.Choice(["city", "province", "national"]),
    default="city",
    show_default=True,
    help="help.synth.scale",
)
@option(
    "--seed",
    metavar="SEED",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="help.synth.seed",
)
@option("--force", is_flag=True, help="help.synth.force")
@_lang_option()
def synth(out: Path, scale: str, seed: int, force: bool, lang: str) -> None:
    """``scoplan synth``: :func:`scoplan.synth.generate` into a new or empty folder. Its
    help is ``help.synth``."""
    from scoplan._exceptions import Problem, ScoplanError

    def refuse(code: str, **params: str) -> NoReturn:
        _fail(ScoplanError([Problem(code, str(out), params=params)]), lang)

    if out.exists() and not out.is_dir():
        refuse("synth_not_a_folder")
    if out.is_dir() and not force and any(out.iterdir()):
        refuse("synth_not_empty")
    from scoplan.synth import generate

    def progress(message: str) -> None:
        click.echo(f"  {message}", err=True)

    try:
        summary = generate(
            cast("Scale", scale),
            seed,
            out,
            progress=progress if sys.stderr.isatty() else None,
            lang=lang,
        )
    except OSError as error:
        from scoplan._os_reasons import os_reason

        refuse("message", **os_reason(error, key="text"))
    from scoplan.i18n import translate

    sep = translate("usage.list_sep", lang)
    counts = sep.join(
        translate(f"synth.rows.{name}", lang, count=f"{n:,}") for name, n in summary.rows.items()
    )
    scale_words = translate(f"synth.scale.{summary.scale}", lang)
    click.echo(
        translate("synth.summary", lang, scale=scale_words, seed=summary.seed, counts=counts)
    )


@main.command()
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@_text_or_json("help.diff.format")
@_lang_option()
def diff(old: Path, new: Path, fmt: str, lang: str) -> None:
    """``scoplan diff``: two JSON reports compared by :func:`scoplan.diff.compare`, exit 1
    when a status changed. Its help is ``help.diff``."""
    import attrs

    from scoplan._exceptions import ScoplanError
    from scoplan.diff import compare
    from scoplan.renderers.comparison import render_comparison_json, render_comparison_text

    try:
        before, after = _read_report(old), _read_report(new)
        try:
            comparison = compare(before, after)
        except ScoplanError as error:  # of the files as given: the newer one names its plan
            raise ScoplanError([attrs.evolve(p, source=str(new)) for p in error.problems]) from None
        found = _diff_problems(before, after, comparison, old, new)
        if any(not problem.is_warning for problem in found):
            raise ScoplanError(found)
    except ScoplanError as error:
        _fail(error, lang)
    _tell(found, lang)
    if fmt == "json":
        click.echo(render_comparison_json(comparison), nl=False)
    else:
        click.echo(render_comparison_text(comparison, lang), nl=False)
    sys.exit(1 if comparison.flipped() else 0)


def _diff_problems(
    before: Report, after: Report, comparison: Comparison, old: Path, new: Path
) -> list[Problem]:
    """What ``scoplan diff`` warns of before its comparison: two reports of different plans
    that share results (a plan's successor may reuse its milestones' ids; with none shared
    :func:`~scoplan.diff.compare` refuses them), and a first report dated after the second
    (the files given in the wrong order?), compared as given."""
    from scoplan._exceptions import WARNING, Problem
    from scoplan.formats import RenderOptions
    from scoplan.renderers import words

    found: list[Problem] = []
    zh, en = RenderOptions(lang="zh"), RenderOptions(lang="en")
    matched = len(comparison.changes)
    if comparison.plans_differ:
        # each plan by its title as the reports write it, and its id
        plans = {
            "before": words.plan_title(before, en),
            "before_zh": words.plan_title(before, zh),
            "before_id": before.plan_id,
            "after": words.plan_title(after, en),
            "after_zh": words.plan_title(after, zh),
            "after_id": after.plan_id,
            "matched": matched,
        }
        found.append(Problem("diff_plans_differ", str(new), params=plans, severity=WARNING))
    if comparison.reversed:
        dates = {
            "first": before.as_of.isoformat(),
            "first_zh": words.date(before.as_of, zh),
            "second": after.as_of.isoformat(),
            "second_zh": words.date(after.as_of, zh),
        }
        found.append(Problem("diff_reversed", str(old), params=dates, severity=WARNING))
    return found


def _read_report(path: Path) -> Any:
    """A report from a JSON file written by ``scoplan evaluate --format json``."""
    from scoplan._exceptions import DataError, Problem
    from scoplan.report import Report

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem("not_found", str(path))]) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError([Problem("bad_json", str(path), params={"reason": str(error)})]) from None
    except RecursionError:
        raise DataError([Problem("too_deep", str(path))]) from None
    return Report.from_dict(data, str(path))


def _toml(value: Any) -> str:
    """A parameter's default as a plan file writes it: ``"registered"``, ``["a", "b"]``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def _params(kind: TargetKind) -> list[dict[str, Any]]:
    """A kind's parameters for a plan file: name, and default (absent when required)."""
    import attrs

    found: list[dict[str, Any]] = []
    for field in attrs.fields(kind.params):
        row: dict[str, Any] = {"name": field.name, "required": field.default is attrs.NOTHING}
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
        if not row["required"] and default is not None:
            row["default"] = _toml(default)
        found.append(row)
    return found


@main.command()
@_text_or_json("help.targets.format")
@option(
    "--verbose",
    "-v",
    is_flag=True,
    help="help.targets.verbose",
)
@_lang_option()
@_block_option()
def targets(fmt: str, verbose: bool, lang: str, blocked: tuple[str, ...]) -> None:
    """``scoplan targets``: the registry's target kinds, as text or JSON. Its help is
    ``help.targets``."""
    from scoplan.i18n import translate
    from scoplan.renderers.words import full_width

    registry = _registry(blocked)
    rows: list[dict[str, Any]] = []
    for kind_id in sorted(registry.targets):
        kind = registry.targets[kind_id]
        rows.append(
            {
                "id": kind.id,
                "title": kind.title.get(lang),
                "description": kind.description.get(lang),
                "clauses": list(kind.clauses),
                "plugin": registry.owner(kind.id),
                "params": sorted(a.name for a in kind.params.__attrs_attrs__),
                "parameters": _params(kind),
            }
        )
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    sep = translate("report.list_sep", lang)
    for row in rows:
        title = row["title"]
        if row["clauses"]:
            clauses = sep.join(row["clauses"])
            # scoplan's own kinds were made for Huangshan's plan: their clauses are its, which
            # an official of another city must not take for their own plan's
            own = str(row["plugin"]).startswith("scoplan.")
            key = "targets.clauses_huangshan" if own else "targets.clauses"
            title += translate(key, lang, clauses=clauses)
        if lang != "en":
            title = full_width(title)
        # the id last: what a plan file's ``target =`` names
        click.echo(f"{title}  {row['id']}")
        description = row["description"]
        click.echo(f"    {description if lang == 'en' else full_width(description)}")
        if verbose:
            named = [
                translate("targets.default", lang, name=p["name"], value=p["default"])
                if "default" in p
                else translate("targets.required", lang, name=p["name"])
                if p["required"]
                else p["name"]
                for p in row["parameters"]
            ]
            click.echo("    " + translate("targets.params", lang, params=sep.join(named)))


@main.command()
@_text_or_json("help.plans.format")
@_lang_option()
@_block_option()
def plans(fmt: str, lang: str, blocked: tuple[str, ...]) -> None:
    """``scoplan plans``: the registry's plans. Its help is ``help.plans``."""
    from scoplan._exceptions import ScoplanError

    registry = _registry(blocked)
    rows: list[dict[str, Any]] = []
    try:
        for plan_id in registry.plan_ids():
            plan = registry.plan(plan_id)
            title = plan.title_en if lang == "en" and plan.title_en else plan.title
            rows.append(
                {
                    "id": plan.id,
                    "title": title,
                    "version": plan.version,
                    "milestones": len(plan.milestones),
                }
            )
    except ScoplanError as error:
        _fail(error, lang)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['id']:28} {row['version']:6} {row['milestones']:3}  {row['title']}")


@main.command()
@_text_or_json("help.plugins.format")
@option(
    "--columns",
    "columns",
    is_flag=True,
    help="help.plugins.columns",
)
@_lang_option()
@_block_option()
def plugins(fmt: str, columns: bool, lang: str, blocked: tuple[str, ...]) -> None:
    """``scoplan plugins``: the registry's plugins, the blocked and the failed ones, or
    (``--columns``) the columns they declare. Its help is ``help.plugins``."""
    from scoplan.i18n import describe_problem, translate
    from scoplan.plugins import blocked_from_environment

    registry = _registry(blocked)
    if columns:
        import attrs

        from scoplan.declared_columns import columns_markdown

        if fmt == "json":
            declared = [
                {
                    **{k: v for k, v in attrs.asdict(spec).items() if k != "title"},
                    "known_from": spec.known_from.isoformat() if spec.known_from else None,
                    "plugin": registry.column_owner(spec.table, spec.name),
                }
                for spec in registry.declared.values()
            ]
            click.echo(json.dumps({"columns": declared}, ensure_ascii=False, indent=2))
        else:
            click.echo(columns_markdown(registry, lang), nl=False)
        if registry.column_conflicts:
            for problem in registry.column_conflicts:
                click.echo(f"! {describe_problem(problem, lang)}", err=True)
            sys.exit(3)
        return
    kinds = ("targets", "plans", "loaders", "renderers", "codes", "columns")
    rows: list[dict[str, Any]] = [
        {
            "name": p.name,
            "distribution": p.distribution,
            "version": p.version,
            "builtin": p.builtin,
            **{kind: list(getattr(p, kind)) for kind in kinds},
        }
        for p in registry.plugins
    ]
    failures = [describe_problem(p, lang) for p in registry.failures]
    names = sorted(set(blocked) | set(blocked_from_environment()))
    if fmt == "json":
        listing = {"plugins": rows, "failures": failures, "blocked": names}
        click.echo(json.dumps(listing, ensure_ascii=False, indent=2))
    else:
        labels = {kind: translate(f"plugins.{kind}", lang) for kind in (*kinds, "blocked")}
        for row in rows:
            parts = [f"{labels[kind]}: {', '.join(row[kind])}" for kind in kinds if row[kind]]
            what = "; ".join(parts) or "-"
            click.echo(f"{row['name']:48} {row['distribution']} {row['version']}  {what}")
        for name in names:
            click.echo(f"- {labels['blocked']}: {name}")
        for failure in failures:
            click.echo(f"! {failure}")
    if failures:
        sys.exit(3)


# the collection round trip's commands (divisions, template, changes), in their own module
from scoplan.collection_cli import add_commands  # noqa: E402

add_commands(main)
