"""The Markdown report, for pasting into documents: a summary, a table per target kind, and
what falls short, with the clauses that ask for it.

Text from the data is escaped (:func:`escape`), so that a name can neither break a table
nor bring in HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from scoplan._display import escaped
from scoplan.formats import Renderer, RenderOptions
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.renderers import words
from scoplan.report import Report, Result

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LEADING = ("=", "+", "-", "@", "#")


def escape(text: str) -> str:
    """Text as Markdown that shows it literally, fit for a table cell or a heading.

    ``<``, ``>`` and ``&`` become entities (no HTML gets through); backslashes, backticks,
    ``*``, ``_``, ``[``, ``]``, ``|`` and ``~`` are backslash-escaped (``|`` cannot end a
    cell, a backtick cannot open code, a bracket cannot make a link); line breaks become
    spaces; other control characters (an escape sequence, a bidi override) are written as
    escapes, ``\\x1b`` (:func:`scoplan._display.escaped`), so that a terminal showing the
    file runs none; and a leading ``=``, ``+``, ``-``, ``@`` or ``#`` is escaped, so that
    neither Markdown nor a spreadsheet the table is pasted into reads it as syntax.
    """
    text = escaped(" ".join(text.splitlines()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    if text.startswith(_LEADING):
        text = "\\" + text
    return text


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A table; every cell escaped."""

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(escape(cell) for cell in cells) + " |"

    return [row(header), "| " + " | ".join(["---"] * len(header)) + " |", *map(row, rows)]


def _facts(facts: list[tuple[str, str]], options: RenderOptions) -> list[str]:
    """``- **label**：text`` lines; labels and texts escaped."""
    colon = ": " if options.lang == "en" else "："
    return [f"- **{escape(label)}**{colon}{escape(text)}" for label, text in facts]


def _units(result: Result, options: RenderOptions, *, one_district: bool = False) -> list[str]:
    """The units short (today's once the due date has passed), by district and township;
    by township alone where the report's data is of ``one_district``
    (:func:`words.one_district_data`)."""

    def t(key: str, **values: object) -> str:
        return words.term(key, options, **values)

    found, _ = words.short_units(result)
    if found is None or not found.units or words.only_itself(result, found):
        return []
    caption = words.label(
        words.units_caption(result, options),
        words.units_total(result, found, options),
        options,
    )
    lines = ["", escape(caption), ""]
    districts, townships = words.place_columns(found, one_district)
    numbers, reasons = words.unit_columns(found)
    header = [
        *([t("report.district")] if districts else []),
        *([t("report.township")] if townships else []),
        t("report.unit"),
        t("report.unit_id"),
        *([t("report.value"), t("report.need")] if numbers else []),
        *([t("report.reason")] if reasons else []),
    ]
    rows = [
        [
            *([district] if districts else []),
            *([township] if townships else []),
            unit.name,
            unit.id,
            *([words.unit_value(unit), words.unit_need(unit, options)] if numbers else []),
            *([words.reason(unit.reason, options)] if reasons else []),
        ]
        for district, township, unit in words.placed_units(found)
    ]
    lines.extend(_table(header, rows))
    more = words.listed(found, options)
    if more:
        lines.extend(["", escape(more)])
    return lines


def _figures(result: Result, options: RenderOptions) -> list[str]:
    """A mean's figure in each district (its subtotal) and in each township under it."""
    if not result.breakdown:
        return []
    lines = ["", escape(words.figures_caption(result, options)), ""]
    rows, notes = words.figures_table(result, options)
    lines.extend(_table(words.figures_header(options, result), rows))
    if notes:
        lines.extend(["", *(escape(note) + "  " for note in notes)])
    return lines


def _details(
    result: Result, options: RenderOptions, chosen_by: str, *, one_district: bool = False
) -> list[str]:
    def t(key: str, **values: object) -> str:
        return words.term(key, options, **values)

    heading = words.label(
        words.named(result, options), words.status(result.status, options), options
    )
    lines = [f"#### {escape(heading)}", ""]
    facts = [(t("report.scope"), words.scope_name(result, options))]
    facts.append((t("report.due"), words.date(result.due, options)))
    facts += words.facts(result, options, with_history=True, chosen_by=chosen_by)
    reading = words.reading(result, options)
    if reading:
        facts.append((t("report.reading"), reading))
    for clause in result.clauses:
        ref = words.clause_label(clause, options)
        facts.append((ref, words.clause_text(clause, options)))
    lines.extend(_facts(facts, options))
    lines.extend(_figures(result, options))
    lines.extend(_units(result, options, one_district=one_district))
    lines.append("")
    return lines


def render(report: Report, options: RenderOptions) -> str:
    """The report as Markdown in the options' language."""

    def t(key: str, **values: object) -> str:
        return words.term(key, options, **values)

    report, left_out, out = words.for_people(report, options)
    plan = words.plan_line(report, options)
    lines = [f"# {escape(words.report_title(report, options))}", ""]
    facts = [(t("report.plan"), plan)]
    if report.districts:
        facts.append((t("report.districts_evaluated"), words.chosen_names(report, options)))
    facts.append((t("report.as_of"), words.date(report.as_of, options)))
    if words.source(report, options):
        facts.append((t("report.source"), words.source(report, options)))
    if words.history_note(report, options):
        facts.append((t("report.history"), words.history_note(report, options)))
    facts.append((t("report.input"), report.fingerprint))
    lines.extend(_facts(facts, options))
    lines.extend(["", f"## {escape(t('report.summary'))}", ""])
    counts = report.counts()
    rows = [[words.term(f"status.{code}", options), str(n)] for code, n in counts.items() if n]
    rows.append([t("report.total"), str(sum(counts.values()))])
    lines.extend(_table([t("report.status"), t("column.count")], rows))
    if left_out:
        lines.extend(["", escape(left_out)])
    columns = ("milestone", "due", "status", "value", "required", "gap")
    header = [t(f"report.{column}") for column in columns]
    one_district = words.one_district_data(report)
    for results in words.sections(report):
        lines.extend(["", f"## {escape(words.kind_title(results[0], options))}", ""])
        rows = [
            [
                words.named(result, options),
                words.date(result.due, options),
                words.status(result.status, options),
                words.value(result, options),
                words.requirement(result, options),
                words.gap_text(result, options),
            ]
            for result in results
        ]
        lines.extend(_table(header, rows))
        attention = [result for result in results if words.needs_attention(result)]
        if attention:
            lines.extend(["", f"### {escape(t('report.details'))}", ""])
            for result in attention:
                lines.extend(
                    _details(
                        result, options, report.projection_chosen_by, one_district=one_district
                    )
                )
    readings: dict[str, str] = {}
    for result in report.results:
        reading = words.scope_reading(result.scope, options)
        if reading:
            readings[words.scope_name(result, options)] = reading
    if readings:
        lines.extend(["", f"## {escape(t('report.readings'))}", ""])
        lines.extend(_facts(list(readings.items()), options))
    if out:
        lines.extend(["", f"## {escape(t('report.left_out_heading'))}", ""])
        lines.extend(f"- {escape(line)}" for line in words.not_judged(out, options))
    if report.run_errors:
        lines.extend(["", f"## {escape(t('report.run_errors'))}", ""])
        lines.extend(f"- {escape(words.run_error(error, options))}" for error in report.run_errors)
    if report.warnings:
        lines.extend(["", f"## {escape(t('report.warnings', count=len(report.warnings)))}", ""])
        lines.extend(f"- {escape(line)}" for line in words.warnings(report, options))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip("\n") + "\n"


@hookimpl
def scoplan_register_renderers(register: Callable[[Renderer], None]) -> None:
    register(
        Renderer(
            "markdown", Text("Markdown（粘贴到文档）", "Markdown (for documents)"), "md", render
        )
    )
