"""The text report for a terminal or a file: a summary, a table, then what falls short.

Text from the data and the plan is shown safely (:func:`scoplan._display.shown`): no
control character reaches the terminal (an escape sequence, a line break that would forge a
line, a bidi override is shown escaped, ``\\x1b``), and a name, an id or a longer text is
cut past :data:`~scoplan._display.NAME_LIMIT` or :data:`~scoplan._display.TEXT_LIMIT`
characters. The JSON report keeps every name whole and as written.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from scoplan._display import NAME_LIMIT, TEXT_LIMIT, shown
from scoplan.formats import Renderer, RenderOptions
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.renderers import words
from scoplan.report import Report, Result, Status

if TYPE_CHECKING:
    from rich.text import Text as RichText

STYLES = {
    Status.MET: "green",
    Status.MET_LATE: "yellow",
    Status.NOT_MET: "bold red",
    Status.PENDING: "cyan",
    Status.ON_TRACK: "cyan",
    Status.OFF_TRACK: "yellow",
    Status.NO_DATA: "dim",
    Status.ERROR: "bold magenta",
    Status.INFO: "blue",
}
"""How each status is shown on a terminal (rich styles)."""

COLOURS = {
    "green": "#1a7f37",
    "yellow": "#9a6700",
    "bold red": "#cf222e",
    "cyan": "#0a7ea4",
    "dim": "#6e7781",
    "bold magenta": "#8250df",
    "blue": "#0550ae",
}
STATUS_COLOURS = {status: COLOURS[style] for status, style in STYLES.items()}
"""The terminal's colours as colours of a page or a workbook: the same for each status."""


def _name(text: str, options: RenderOptions) -> str:
    """A name or an id from the data: escaped, cut past :data:`NAME_LIMIT` characters."""
    return shown(text, NAME_LIMIT, options.lang)


def _safe(text: str, options: RenderOptions) -> str:
    """Longer text (a clause, a reading, an error): escaped, cut past :data:`TEXT_LIMIT`."""
    return shown(text, TEXT_LIMIT, options.lang)


def _line(text: str) -> str:
    """A line made of pieces already cut: every control character in it escaped."""
    return shown(text, None)


def _status(result: Result, options: RenderOptions) -> RichText:
    from rich.text import Text as RichText

    return RichText(_line(words.status(result.status, options)), style=STYLES[result.status])


def _details(result: Result, options: RenderOptions, out: list[str]) -> None:
    def t(key: str, **values: object) -> str:
        return words.term(key, options, **values)

    title = _safe(words.title(result, options), options)
    milestone = _name(result.milestone, options)
    out.append(f"■ {milestone} · {title} · {_name(words.scope_name(result, options), options)}")
    line = f"  {t('report.status')}: {words.status(result.status, options)}"
    if result.value is not None:
        line += f"; {t('report.value')} {words.value(result, options)}"
        if result.required is not None:
            line += f" {words.requirement(result)}"
        if words.evidence(result):
            line += f" ({words.evidence(result)})"
    out.append(line)
    if result.no_longer_holds:
        out.append(f"  ! {t('report.no_longer_holds')}")
    if result.message:
        out.append(f"  ! {_safe(words.message(result, options), options)}")
    out.extend(
        f"  {label}: {_safe(text, options)}" for label, text in words.breakdown(result, options)
    )
    if result.history:
        out.append(f"  {t('report.history')}: {words.history(result)}")
    if result.projection is not None:
        line = f"  {t('report.projection')}: {words.projection(result, options)}"
        need = words.needed(result, options)
        out.append(line + (f"; {need}" if need else ""))
    if result.gap is not None:
        out.append(f"  {t('report.gap')}: {words.gap(result.gap, options)}")
        if result.gap.units:
            names = "、".join(
                f"{_name(u.name, options)}({_name(u.id, options)})"
                + (f": {words.reason(u.reason, options)}" if u.reason else "")
                for u in result.gap.units[:10]
            )
            more = ""
            if result.gap.units_total > min(10, len(result.gap.units)):
                more = t("report.and_more", total=result.gap.units_total)
            out.append(f"  {t('report.shortfall')}: {names}{more}")
    reading = words.reading(result, options)
    if reading:
        out.append(f"  {t('report.reading')}: {_safe(reading, options)}")
    for clause in result.clauses:
        text = _safe(words.clause_text(clause, options), options)
        out.append(f"  {t('report.clause')} {_name(clause.ref, options)}: {text}")


def render_text(
    report: Report,
    lang: str = "zh",
    *,
    color: bool = False,
    width: int = 120,
    terms: Mapping[str, str] | None = None,
) -> str:
    """The report as text in ``lang``; with ``color``, with ANSI colours for a terminal.

    ``terms`` are the plan's own words for this language (see :func:`words.term`).
    """
    options = RenderOptions(lang=lang, terms=dict(terms or {}), color=color, width=width)
    return render(report, options)


def render(report: Report, options: RenderOptions) -> str:
    """The report as text, in the words and colours ``options`` ask for."""
    # rich here, not at import: the other formats (and registering this one) start without it
    from rich.console import Console
    from rich.table import Table

    def t(key: str, **values: object) -> str:
        return words.term(key, options, **values)

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        soft_wrap=False,
        markup=False,  # names come from the data: "[red]" in one is text, not a style
    )
    console.print(_line(t("report.title")), style="bold")
    plan = _safe(
        f"{words.plan_title(report, options)} ({report.plan_id} {report.plan_version})", options
    )
    console.print(_line(f"{t('report.plan')}: {plan}"))
    console.print(f"{t('report.as_of')}: {report.as_of.isoformat()}")
    counts = report.counts()
    summary = ", ".join(f"{t(f'status.{status}')} {n}" for status, n in counts.items() if n)
    console.print(_line(f"{t('report.summary')}: {summary}"))
    table = Table(show_lines=False, expand=False)
    for key in ("milestone", "scope", "due", "status", "value", "required", "gap"):
        table.add_column(
            _line(t(f"report.{key}")),
            no_wrap=key in ("milestone", "due", "status"),
            overflow="fold",
        )
    for result in report.results:
        table.add_row(
            _name(result.milestone, options),
            _name(words.scope_name(result, options), options),
            result.due.isoformat(),
            _status(result, options),
            _line(words.value(result, options)),
            _line(words.requirement(result)),
            _safe(words.gap(result.gap, options), options),
        )
    console.print(table)
    lines: list[str] = []
    for result in report.results:
        if words.needs_attention(result):
            _details(result, options, lines)
    for line in lines:
        console.print(_line(line), soft_wrap=True)
    readings: dict[str, str] = {}
    for result in report.results:
        reading = words.scope_reading(result.scope, options)
        if reading:
            readings[_name(words.scope_name(result, options), options)] = _safe(reading, options)
    if readings:
        console.print(_line(t("report.readings")), style="bold")
        for name, reading in readings.items():
            console.print(_line(f"  {name}: {reading}"), soft_wrap=True)
    if report.run_errors:
        console.print(_line(t("report.run_errors")), style="bold magenta")
        for error in report.run_errors:
            console.print(_line(f"  ! {_safe(words.run_error(error, options), options)}"))
    if report.warnings:
        heading = t("report.warnings", count=len(report.warnings))
        console.print(_line(heading), style="bold yellow")
        for line in words.warnings(report, options):
            console.print(_line(f"  ? {_safe(line, options)}"))
    fingerprint = _name(report.fingerprint, options)
    console.print(_line(f"{t('report.input')}: {fingerprint}"), style="dim")
    return buffer.getvalue()


@hookimpl
def scoplan_register_renderers(register: Callable[[Renderer], None]) -> None:
    register(Renderer("text", Text("文本(终端)", "text (terminal)"), "txt", render))
