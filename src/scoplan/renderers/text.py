"""The text report for a terminal or a file: a summary, a table, then what falls short."""

from __future__ import annotations

import io
from collections.abc import Callable

from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText

from scoplan.formats import Renderer, RenderOptions
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text, code_name, translate
from scoplan.renderers import words
from scoplan.report import Report, Result, Status

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


def _status(result: Result, lang: str) -> RichText:
    return RichText(translate(f"status.{result.status.value}", lang), style=STYLES[result.status])


def _value(result: Result, lang: str) -> str:
    text = words.number(result.value, result.unit)
    if result.value_now is not None and result.value_now != result.value:
        now = translate("report.now", lang)
        text += f" ({now} {words.number(result.value_now, result.unit)})"
    return text


def _details(result: Result, lang: str, out: list[str]) -> None:
    title = result.title if lang == "zh" else result.title_en or result.title
    head = f"■ {result.milestone} · {title} · {words.scope_name(result, lang)}"
    out.append(head)
    status = translate(f"status.{result.status.value}", lang)
    line = f"  {translate('report.status', lang)}: {status}"
    if result.value is not None:
        line += f"; {translate('report.value', lang)} {_value(result, lang)}"
        if result.required is not None:
            line += f" {words.requirement(result)}"
        if result.evidence.denominator:
            numerator = words.number(result.evidence.numerator, "count")
            denominator = words.number(result.evidence.denominator, "count")
            line += f" ({numerator} / {denominator})"
    out.append(line)
    if result.no_longer_holds:
        out.append(f"  ! {translate('report.no_longer_holds', lang)}")
    if result.message:
        out.append(f"  ! {result.message}")
    out.extend(_breakdown(result, lang))
    if result.history:
        out.append(f"  {translate('report.history', lang)}: {words.history(result)}")
    if result.projection is not None:
        line = f"  {translate('report.projection', lang)}: {words.projection(result, lang)}"
        need = words.needed(result, lang)
        out.append(line + (f"; {need}" if need else ""))
    if result.gap is not None:
        out.append(f"  {translate('report.gap', lang)}: {words.gap(result.gap, lang)}")
        if result.gap.units:
            names = "、".join(
                f"{u.name}({u.id})"
                + (f": {translate(f'reason.{u.reason}', lang)}" if u.reason else "")
                for u in result.gap.units[:10]
            )
            more = ""
            if result.gap.units_total > min(10, len(result.gap.units)):
                more = translate("report.and_more", lang, total=result.gap.units_total)
            out.append(f"  {translate('report.shortfall', lang)}: {names}{more}")
    reading = result.reading if lang == "zh" else result.reading_en or result.reading
    if reading:
        out.append(f"  {translate('report.reading', lang)}: {reading}")
    for clause in result.clauses:
        text = clause.text if lang == "zh" else clause.text_en or clause.text
        out.append(f"  {translate('report.clause', lang)} {clause.ref}: {text}")


def _breakdown(result: Result, lang: str) -> list[str]:
    """The lines an indicator's details give: counts per category or per group served."""
    details = result.evidence.details
    lines = []
    categories = details.get("categories")
    if isinstance(categories, dict):
        parts = [
            f"{code_name('category', code, lang)} {item['count']} ({item['share'] * 100:.1f}%)"
            for code, item in categories.items()
        ]
        lines.append(f"  {translate('detail.categories', lang)}: " + "、".join(parts))
    by_group = details.get("by_group")
    if isinstance(by_group, dict):
        parts = [f"{code_name('group', code, lang)} {n}" for code, n in by_group.items()]
        lines.append(f"  {translate('detail.by_group', lang)}: " + "、".join(parts))
    unserved = details.get("unserved")
    if unserved:
        names = "、".join(code_name("group", code, lang) for code in unserved)
        lines.append(f"  {translate('detail.unserved', lang)}: {names}")
    reasons = details.get("reasons")
    if isinstance(reasons, dict) and reasons:
        parts = [f"{translate(f'reason.{code}', lang)} {n}" for code, n in reasons.items()]
        lines.append(f"  {translate('detail.reasons', lang)}: " + "; ".join(parts))
    return lines


def render_text(report: Report, lang: str = "zh", *, color: bool = False, width: int = 120) -> str:
    """The report as text in ``lang``; with ``color``, with ANSI colours for a terminal."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        soft_wrap=False,
    )
    title = report.plan_title if lang == "zh" else report.plan_title_en or report.plan_title
    console.print(translate("report.title", lang), style="bold")
    console.print(
        f"{translate('report.plan', lang)}: {title} ({report.plan_id} {report.plan_version})"
    )
    console.print(f"{translate('report.as_of', lang)}: {report.as_of.isoformat()}")
    counts = report.counts()
    summary = ", ".join(
        f"{translate(f'status.{status}', lang)} {n}" for status, n in counts.items() if n
    )
    console.print(f"{translate('report.summary', lang)}: {summary}")
    table = Table(show_lines=False, expand=False)
    for key in ("milestone", "scope", "due", "status", "value", "required", "gap"):
        table.add_column(
            translate(f"report.{key}", lang),
            no_wrap=key in ("milestone", "due", "status"),
            overflow="fold",
        )
    for result in report.results:
        table.add_row(
            result.milestone,
            words.scope_name(result, lang),
            result.due.isoformat(),
            _status(result, lang),
            _value(result, lang),
            words.requirement(result),
            words.gap(result.gap, lang),
        )
    console.print(table)
    lines: list[str] = []
    for result in report.results:
        if result.status is not Status.MET or result.no_longer_holds:
            _details(result, lang, lines)
    for line in lines:
        console.print(line, markup=False, soft_wrap=True)
    readings: dict[str, str] = {}
    for result in report.results:
        scope = result.scope
        reading = scope.reading_en if lang == "en" and scope.reading_en else scope.reading
        if reading:
            readings[words.scope_name(result, lang)] = reading
    if readings:
        console.print(translate("report.readings", lang), style="bold")
        for name, reading in readings.items():
            console.print(f"  {name}: {reading}", markup=False, soft_wrap=True)
    if report.run_errors:
        console.print(translate("report.run_errors", lang), style="bold magenta")
        for error in report.run_errors:
            message = error.message_zh if lang == "zh" and error.message_zh else error.message
            console.print(f"  ! {message}", markup=False)
    console.print(f"{translate('report.input', lang)}: {report.fingerprint}", style="dim")
    return buffer.getvalue()


def render(report: Report, options: RenderOptions) -> str:
    return render_text(report, options.lang, color=options.color, width=options.width)


@hookimpl
def scoplan_register_renderers(register: Callable[[Renderer], None]) -> None:
    register(Renderer("text", Text("文本(终端)", "text (terminal)"), "txt", render))
