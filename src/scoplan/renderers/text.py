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
from scoplan.report import Report, Result, ShortUnit, Status

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
    Status.NOT_COVERED: "dim",
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


PHRASE_LIMIT = NAME_LIMIT + 100
"""How long a title or a gap may be shown: a name of the data in words of the catalogue."""

COLUMNS = (
    ("milestone", 6),
    ("status", 2),
    ("value", 3),
    ("required", None),
    ("gap", 5),
)
"""The table's columns (``report.*`` keys) and their shares of the width. No id: a reader
knows a milestone by its title; the id is the JSON's (issue 15)."""


def _name(text: str, options: RenderOptions) -> str:
    """A name or an id from the data: escaped, cut past :data:`NAME_LIMIT` characters."""
    return shown(text, NAME_LIMIT, options.lang)


def _phrase(text: str, options: RenderOptions) -> str:
    """A title or a gap, made with a name from the data: cut a little past a name's limit."""
    return shown(text, PHRASE_LIMIT, options.lang)


def _safe(text: str, options: RenderOptions) -> str:
    """Longer text (a clause, a reading, an error): escaped, cut past :data:`TEXT_LIMIT`."""
    return shown(text, TEXT_LIMIT, options.lang)


def _line(text: str) -> str:
    """A line made of pieces already cut: every control character in it escaped."""
    return shown(text, None)


def _status(result: Result, options: RenderOptions) -> RichText:
    from rich.text import Text as RichText

    return RichText(_line(words.status(result.status, options)), style=STYLES[result.status])


def _unit(unit: ShortUnit, options: RenderOptions) -> str:
    """``潘畈社区（341004100002）尚缺9`` or ``某组织（…）：未登记且无管理主体``."""
    named = words.term(
        "report.unit_short", options, name=_name(unit.name, options), id=_name(unit.id, options)
    )
    if unit.reason:
        return words.label(named, words.reason(unit.reason, options), options)
    if unit.need is None:
        return named
    space = " " if options.lang == "en" else ""
    return named + space + words.term("report.need_short", options, need=words.need(unit, options))


def _units(
    result: Result, options: RenderOptions, out: list[str], *, one_district: bool = False
) -> None:
    """The units that fall short, grouped by district and township, each named: by
    township alone where the report's data is of ``one_district``
    (:func:`words.one_district_data`)."""
    found, _ = words.short_units(result)
    if found is None or not found.units or words.only_itself(result, found):
        return
    sep = "、" if options.lang != "en" else ", "
    total = words.units_total(result, found, options)
    out.append("  " + words.label(words.units_caption(result, options), total, options))
    for district, townships in words.grouped(found.units):
        lines = []
        for township, units in townships:
            # a reason says more than a number: one unit a line
            joiner = words.term("report.list_sep", options) if units[0].reason else sep
            names = joiner.join(_unit(u, options) for u in units)
            lines.append(
                words.label(_name(township, options), names, options) if township else names
            )
        if one_district or all(u.level == "district" for _, units in townships for u in units):
            out.extend(f"    {line}" for line in lines)
        else:
            out.append(f"    {_name(district, options) or '—'}")
            out.extend(f"      {line}" for line in lines)
    more = words.listed(found, options)
    if more:
        out.append(f"    {more}")


def _figures(result: Result, options: RenderOptions, out: list[str]) -> None:
    """A mean's figure in each district, and in each township under it, one a line; for
    one district (:func:`words.one_district`), its townships' alone: the district's figure
    is the result's, said above it."""
    if not result.breakdown:
        return
    out.append("  " + words.figures_caption(result, options))
    extra = words.figure_digits(result)
    one = words.one_district(result)
    indent = "    " if one else "      "
    for district, _, more in words.figure_rows(result, options):
        if not one:
            line = words.figure_line(result, district, options, extra)
            out.append("    " + _phrase(line, options))
        for township in district.parts:
            line = words.figure_line(result, township, options, extra)
            out.append(indent + _phrase(line, options))
        if more:
            out.append(indent + more)


def _details(
    result: Result,
    options: RenderOptions,
    out: list[str],
    chosen_by: str,
    *,
    one_district: bool = False,
) -> None:
    def t(key: str, **values: object) -> str:
        return words.term(key, options, **values)

    title = _phrase(words.named(result, options), options)
    out.append("■ " + title)
    out.append(
        "  " + words.label(t("report.status"), words.status(result.status, options), options)
    )
    scope = _name(words.scope_name(result, options), options)
    out.append("  " + words.label(t("report.scope"), scope, options))
    out.append("  " + words.label(t("report.due"), words.date(result.due, options), options))
    for name, text in words.facts(result, options, with_history=True, chosen_by=chosen_by):
        out.append("  " + words.label(name, _safe(text, options), options))
    _figures(result, options, out)
    _units(result, options, out, one_district=one_district)
    reading = words.reading(result, options)
    if reading:
        out.append("  " + words.label(t("report.reading"), _safe(reading, options), options))
    for clause in result.clauses:
        ref = _name(words.clause_label(clause, options), options)
        text = _safe(words.clause_text(clause, options), options)
        out.append("  " + words.label(ref, text, options))


def render_text(
    report: Report,
    lang: str = "zh",
    *,
    color: bool = False,
    width: int = 120,
    terms: Mapping[str, str] | None = None,
) -> str:
    """The report as text in ``lang``; with ``color``, with ANSI colours for a terminal.

    ``terms`` are the plan's own words for this language (see :func:`words.term`); by
    default the report's own (``report.terms``: the plan's, and the nouns its plugins name).
    """
    if terms is None:
        terms = report.terms.get(lang, {})
    options = RenderOptions(lang=lang, terms=dict(terms), color=color, width=width)
    return render(report, options)


def render(report: Report, options: RenderOptions) -> str:
    """The report as text, in the words and colours ``options`` ask for."""
    # rich here, not at import: the other formats (and registering this one) start without it
    from rich.console import Console
    from rich.table import Table

    def t(key: str, **values: object) -> str:
        return words.term(key, options, **values)

    report, left_out, out = words.for_people(report, options)
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
    console.print(_line(words.report_title(report, options)), style="bold")
    plan = _safe(words.plan_line(report, options), options)
    console.print(_line(words.label(t("report.plan"), plan, options)))
    chosen = words.scope_line(report, options)
    if chosen:
        console.print(_line(chosen))
    console.print(words.label(t("report.as_of"), words.date(report.as_of, options), options))
    console.print(_line(words.label(t("report.summary"), words.summary(report, options), options)))
    if left_out:
        console.print(_line(left_out), soft_wrap=True)
    # the deadline's year is in each title
    table = Table(show_lines=False, expand=True)
    for key, ratio in COLUMNS:
        table.add_column(
            _line(t(f"report.{key}")),
            no_wrap=key == "required",
            overflow="fold",
            ratio=ratio,
            min_width=6 if ratio else None,
        )
    for result in report.results:
        table.add_row(
            _phrase(words.named(result, options), options),
            _status(result, options),
            _line(words.value(result, options)),
            _line(words.requirement(result, options)),
            _phrase(words.gap_text(result, options), options),
        )
    console.print(table)
    lines: list[str] = []
    one_district = words.one_district_data(report)
    for result in report.results:
        if words.needs_attention(result):
            _details(result, options, lines, report.projection_chosen_by, one_district=one_district)
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
            console.print(_line("  " + words.label(name, reading, options)), soft_wrap=True)
    if out:
        console.print(_line(t("report.left_out_heading")), style="bold")
        for line in words.not_judged(out, options):
            console.print(_line(f"  {_safe(line, options)}"), soft_wrap=True)
    if report.run_errors:
        console.print(_line(t("report.run_errors")), style="bold magenta")
        for error in report.run_errors:
            console.print(
                _line(f"  ! {_safe(words.run_error(error, options), options)}"), soft_wrap=True
            )
    if report.warnings:
        heading = t("report.warnings", count=len(report.warnings))
        console.print(_line(heading), style="bold yellow")
        for line in words.warnings(report, options):
            # the terminal wraps it, as the details: cut by rich at the space after the
            # mark, a Chinese warning (one word to rich) began a line of its own below it
            console.print(_line(f"  ? {_safe(line, options)}"), soft_wrap=True)
    source = words.source(report, options)
    if source:
        console.print(
            _line(words.label(t("report.source"), _safe(source, options), options)),
            style="dim",
            soft_wrap=True,
        )
    note = words.history_note(report, options)
    if note:
        console.print(
            _line(words.label(t("report.history"), note, options)), style="dim", soft_wrap=True
        )
    fingerprint = _name(report.fingerprint, options)
    console.print(_line(words.label(t("report.input"), fingerprint, options)), style="dim")
    return buffer.getvalue()


@hookimpl
def scoplan_register_renderers(register: Callable[[Renderer], None]) -> None:
    register(Renderer("text", Text("文本（终端）", "text (terminal)"), "txt", render))
