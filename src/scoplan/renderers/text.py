"""The text report for a terminal or a file: a summary, a table, then what falls short."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

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


def _status(result: Result, options: RenderOptions) -> RichText:
    from rich.text import Text as RichText

    return RichText(words.status(result.status, options), style=STYLES[result.status])


def _details(result: Result, options: RenderOptions, out: list[str]) -> None:
    def t(key: str, **values: object) -> str:
        return words.term(key, options, **values)

    title = words.title(result, options)
    out.append(f"■ {result.milestone} · {title} · {words.scope_name(result, options)}")
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
        out.append(f"  ! {words.message(result, options)}")
    out.extend(f"  {label}: {text}" for label, text in words.breakdown(result, options))
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
                f"{u.name}({u.id})" + (f": {words.reason(u.reason, options)}" if u.reason else "")
                for u in result.gap.units[:10]
            )
            more = ""
            if result.gap.units_total > min(10, len(result.gap.units)):
                more = t("report.and_more", total=result.gap.units_total)
            out.append(f"  {t('report.shortfall')}: {names}{more}")
    reading = words.reading(result, options)
    if reading:
        out.append(f"  {t('report.reading')}: {reading}")
    for clause in result.clauses:
        out.append(f"  {t('report.clause')} {clause.ref}: {words.clause_text(clause, options)}")


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
    console.print(t("report.title"), style="bold")
    plan = f"{words.plan_title(report, options)} ({report.plan_id} {report.plan_version})"
    console.print(f"{t('report.plan')}: {plan}")
    console.print(f"{t('report.as_of')}: {report.as_of.isoformat()}")
    counts = report.counts()
    summary = ", ".join(f"{t(f'status.{status}')} {n}" for status, n in counts.items() if n)
    console.print(f"{t('report.summary')}: {summary}")
    table = Table(show_lines=False, expand=False)
    for key in ("milestone", "scope", "due", "status", "value", "required", "gap"):
        table.add_column(
            t(f"report.{key}"),
            no_wrap=key in ("milestone", "due", "status"),
            overflow="fold",
        )
    for result in report.results:
        table.add_row(
            result.milestone,
            words.scope_name(result, options),
            result.due.isoformat(),
            _status(result, options),
            words.value(result, options),
            words.requirement(result),
            words.gap(result.gap, options),
        )
    console.print(table)
    lines: list[str] = []
    for result in report.results:
        if words.needs_attention(result):
            _details(result, options, lines)
    for line in lines:
        console.print(line, soft_wrap=True)
    readings: dict[str, str] = {}
    for result in report.results:
        reading = words.scope_reading(result.scope, options)
        if reading:
            readings[words.scope_name(result, options)] = reading
    if readings:
        console.print(t("report.readings"), style="bold")
        for name, reading in readings.items():
            console.print(f"  {name}: {reading}", soft_wrap=True)
    if report.run_errors:
        console.print(t("report.run_errors"), style="bold magenta")
        for error in report.run_errors:
            console.print(f"  ! {words.run_error(error, options)}")
    if report.warnings:
        console.print(t("report.warnings", count=len(report.warnings)), style="bold yellow")
        for line in words.warnings(report, options):
            console.print(f"  ? {line}")
    console.print(f"{t('report.input')}: {report.fingerprint}", style="dim")
    return buffer.getvalue()


@hookimpl
def scoplan_register_renderers(register: Callable[[Renderer], None]) -> None:
    register(Renderer("text", Text("文本(终端)", "text (terminal)"), "txt", render))
