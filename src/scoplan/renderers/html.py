"""The HTML report: one self-contained, printable page.

A summary of the statuses, then a section per target kind: its results against the
requirement as a bar chart (inline SVG), a table, the year-end history, what falls short
and the clauses that ask for it. No script, no external file, no network: the CSS is inline
and the page forbids everything else (a Content-Security-Policy). The page is made with
Jinja2 with autoescaping on, from the templates in ``scoplan/renderers/templates``; every
string from the data or the plan reaches the page escaped.

This module computes what the page shows (the words, the geometry of the charts); the
template only lays it out.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from scoplan.formats import Renderer, RenderOptions
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.renderers import words
from scoplan.renderers.text import STATUS_COLOURS
from scoplan.report import Report, Result, Status

if TYPE_CHECKING:
    import jinja2

HTML_LANG = {"zh": "zh-CN", "en": "en"}

CHART_WIDTH = 760
LABEL_WIDTH = 190
VALUE_WIDTH = 190
ROW_HEIGHT = 26
BAR_HEIGHT = 16
AXIS_HEIGHT = 22
SPARK_WIDTH = 120
SPARK_HEIGHT = 30


@attrs.frozen
class Count:
    """One status in the summary: its code, word, number, share of all and colour."""

    status: str
    label: str
    count: int
    percent: float
    colour: str


@attrs.frozen
class Bar:
    """One row of a chart: a scope's value as a bar, its requirement as a line, and its
    value now as an outlined bar when the due date has passed and it has changed."""

    y: float
    label: str
    sublabel: str
    width: float
    tick: float | None
    value: str
    tooltip: str
    colour: str
    status: str = ""
    now_width: float | None = None


@attrs.frozen
class Key:
    """One entry of a chart's legend: a status's colour and word, or a mark's."""

    kind: str
    label: str
    colour: str = ""


@attrs.frozen
class Tick:
    """A gridline of a chart's axis and its label."""

    x: float
    label: str


@attrs.frozen
class Chart:
    """The bar chart of a target kind's results (SVG coordinates already worked out)."""

    label: str
    width: int
    height: float
    plot_left: int
    plot_width: int
    value_x: int
    axis_y: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[Key, ...] = ()


@attrs.frozen
class Spark:
    """A small line of a result's year-end values, with the requirement dashed."""

    points: str
    dots: tuple[tuple[float, float], ...]
    required_y: float | None
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT


@attrs.frozen
class Row:
    """A result in a section's table, named by its title; its id only in the row's
    ``data-milestone``, for a program (an official cannot quote a slug)."""

    milestone: str
    title: str
    due: str
    status: str
    status_label: str
    colour: str
    value: str
    required: str
    gap: str
    anchor: str


@attrs.frozen
class HistoryRow:
    """A result's value at each year-end of the section's history table."""

    milestone: str
    title: str
    values: tuple[str, ...]
    spark: Spark | None


@attrs.frozen
class Unit:
    """A unit that falls short: its district and township, name, id, value, and what it
    lacks or why."""

    district: str
    township: str
    name: str
    id: str
    value: str
    need: str
    reason: str = ""


@attrs.frozen
class DistrictFigures:
    """A district's figure in a mean (its summary line) and its townships' rows (name,
    organizations, communities, mean), shown folded under it."""

    summary: str
    """The district's figure; empty for the one district of a breakdown, whose townships
    are shown unfolded."""
    rows: tuple[tuple[str, str, str, str], ...]
    listed: str = ""


@attrs.frozen
class Detail:
    """What a result that needs attention says: the facts and the units that fall short."""

    anchor: str
    milestone: str
    title: str
    status: str
    status_label: str
    colour: str
    facts: tuple[tuple[str, str], ...]
    units: tuple[Unit, ...]
    listed: str
    caption: str = ""
    figures_caption: str = ""
    figures: tuple[DistrictFigures, ...] = ()
    one_district: bool = False
    """The units short have no district column: the data is of one district, or they are
    districts (:func:`words.place_columns`)."""
    townships: bool = True
    """The units short have a township column: they are not all districts."""
    numbers: bool = True
    """The units short have 实际 and 尚缺 columns: some falls short by a number."""
    reasons: bool = False
    """The units short have a 原因 column: some falls short for a reason
    (:func:`words.unit_columns`)."""


@attrs.frozen
class Section:
    """A target kind: its chart, results, history, details, clauses and readings (each
    reading with the ids of the milestones that read their clause so, for a program: a
    reader is shown no id)."""

    anchor: str
    target: str
    title: str
    counts: tuple[Count, ...]
    chart: Chart | None
    rows: tuple[Row, ...]
    years: tuple[str, ...]
    history: tuple[HistoryRow, ...]
    details: tuple[Detail, ...]
    clauses: tuple[tuple[str, str], ...]
    readings: tuple[tuple[str, str], ...]


@attrs.frozen
class Page:
    """Everything the template shows."""

    lang: str
    title: str
    plan: str
    as_of: str
    fingerprint: str
    version: str
    source: str
    history_note: str
    """What the year-end figures are made of (:func:`words.history_note`), labelled; or empty."""
    total: int
    counts: tuple[Count, ...]
    districts: str
    """The districts the run chose (``--district``), or empty (:func:`words.chosen_names`)."""
    left_out: str
    """How many results were not judged, and why (:func:`words.for_people`), or empty."""
    not_judged: tuple[str, ...]
    """Those results, each by its title and why (:func:`words.not_judged`)."""
    sections: tuple[Section, ...]
    scope_readings: tuple[tuple[str, str], ...]
    run_errors: tuple[str, ...]
    warnings: tuple[str, ...]
    warnings_total: int


def render(report: Report, options: RenderOptions) -> str:
    """The report as one self-contained HTML page in the options' language."""

    def t(key: str, **values: Any) -> str:
        return words.term(key, options, **values)

    template = _environment().get_template("report.html.j2")
    return template.render(page=page(report, options), t=t)


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("scoplan.renderers", "templates"),
        autoescape=True,  # always: every string from the data is escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def page(report: Report, options: RenderOptions) -> Page:
    """What the page of ``report`` shows, in the options' language."""
    report, left_out, out = words.for_people(report, options)
    scope_readings: dict[str, str] = {}
    for result in report.results:
        reading = words.scope_reading(result.scope, options)
        if reading:
            scope_readings[words.scope_name(result, options)] = reading
    one = words.one_district_data(report)
    return Page(
        lang=HTML_LANG.get(options.lang, options.lang),
        title=words.report_title(report, options),
        plan=words.plan_line(report, options),
        as_of=words.date(report.as_of, options),
        fingerprint=report.fingerprint,
        version=report.scoplan_version,
        source=words.source(report, options),
        history_note=words.label(
            words.term("report.history", options), words.history_note(report, options), options
        )
        if words.history_note(report, options)
        else "",
        total=len(report.results),
        counts=_counts(report.results, options),
        districts=words.chosen_names(report, options),
        left_out=left_out,
        not_judged=words.not_judged(out, options),
        sections=tuple(
            _section(index, results, options, report.projection_chosen_by, one_district=one)
            for index, results in enumerate(words.sections(report), start=1)
        ),
        scope_readings=tuple(scope_readings.items()),
        run_errors=tuple(words.run_error(error, options) for error in report.run_errors),
        warnings=words.warnings(report, options),
        warnings_total=len(report.warnings),
    )


def _counts(results: Sequence[Result], options: RenderOptions) -> tuple[Count, ...]:
    """The statuses present among ``results``, in the order of :class:`Status`."""
    total = len(results) or 1
    return tuple(
        Count(
            status.value,
            words.status(status, options),
            n,
            100 * n / total,
            STATUS_COLOURS[status],
        )
        for status in Status
        if (n := sum(1 for r in results if r.status is status))
    )


def _anchor(result: Result) -> str:
    return f"r-{result.milestone}-{result.scope.id}"


def _section(
    index: int,
    results: list[Result],
    options: RenderOptions,
    chosen_by: str = "plan",
    *,
    one_district: bool = False,
) -> Section:
    first = results[0]
    dates = sorted({point.date for r in results for point in r.history})
    clauses: dict[tuple[str, str], None] = {}  # a clause's wording can differ by milestone
    readings: dict[str, dict[str, None]] = {}  # one reading, the milestones that share it
    for result in results:
        for clause in result.clauses:
            clauses[words.clause_label(clause, options), words.clause_text(clause, options)] = None
        reading = words.reading(result, options)
        if reading:
            readings.setdefault(reading, {})[result.milestone] = None
    return Section(
        anchor=f"t{index}",
        target=first.target,
        title=words.kind_title(first, options),
        counts=_counts(results, options),
        chart=chart(results, options),
        rows=tuple(_row(result, options) for result in results),
        years=tuple(_date_label(day) for day in dates),
        history=tuple(_history(r, dates, options) for r in results if r.history),
        details=tuple(
            _detail(r, options, chosen_by, one_district=one_district)
            for r in results
            if words.needs_attention(r)
        ),
        clauses=tuple(clauses),
        readings=tuple((text, " ".join(ids)) for text, ids in readings.items()),
    )


def _row(result: Result, options: RenderOptions) -> Row:
    return Row(
        milestone=result.milestone,
        title=words.named(result, options),
        due=words.date(result.due, options),
        status=result.status.value,
        status_label=words.status(result.status, options),
        colour=STATUS_COLOURS[result.status],
        value=words.value(result, options),
        required=words.requirement(result, options),
        gap=words.gap_text(result, options),
        anchor=_anchor(result) if words.needs_attention(result) else "",
    )


def charted(results: Sequence[Result]) -> list[Result]:
    """The results a target kind's chart shows: those with a value and a requirement, and
    district results with a value. A kind none of whose results qualify has no chart."""
    return [
        r
        for r in results
        if r.value is not None and (r.required is not None or r.scope.level == "district")
    ]


def chart(results: Sequence[Result], options: RenderOptions) -> Chart | None:
    """The bar chart of ``results`` (one target kind), or None when there is nothing to
    chart: a bar per scope for its value, a line across it at its requirement."""
    shown = charted(results)
    if not shown:
        return None
    unit = shown[0].unit
    top = _scale_top([r.value for r in shown] + [r.required for r in shown], unit)
    plot_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    several_dues = len({r.due for r in shown}) > 1

    def x(value: float) -> float:
        return round(max(0.0, min(value, top)) / top * plot_width, 1)

    bars = []
    for index, result in enumerate(shown):
        assert result.value is not None  # charted() keeps only results with a value
        scope = words.scope_name(result, options)
        status = words.status(result.status, options)
        said = words.progress(result, options)
        tooltip = words.label(
            words.named(result, options), said + words.aside(status, options), options
        )
        moved = result.value_now is not None and result.value_now != result.value
        bars.append(
            Bar(
                y=index * ROW_HEIGHT,
                label=scope,
                sublabel=str(result.due.year) if several_dues else "",
                width=x(result.value),
                tick=None if result.required is None else x(result.required),
                value=words.chart_value(result, options),
                tooltip=tooltip,
                colour=STATUS_COLOURS[result.status],
                status=result.status.value,
                now_width=x(result.value_now) if moved and result.value_now is not None else None,
            )
        )
    ticks = tuple(Tick(x(at), words.target_number(at, unit)) for at in _gridlines(top, unit))
    title = words.kind_title(shown[0], options)
    axis_y = len(bars) * ROW_HEIGHT
    return Chart(
        label=words.term("report.chart", options, title=title),
        width=CHART_WIDTH,
        height=axis_y + AXIS_HEIGHT,
        plot_left=LABEL_WIDTH,
        plot_width=plot_width,
        value_x=LABEL_WIDTH + plot_width + 8,
        axis_y=axis_y,
        bars=tuple(bars),
        ticks=ticks,
        legend=_legend(shown, options),
    )


def _legend(shown: Sequence[Result], options: RenderOptions) -> tuple[Key, ...]:
    """What a chart's marks mean: a swatch in each status's colour present among its bars
    (the bars' own colours), the outline of a value now, the line of a requirement."""
    keys = [
        Key("status", words.status(status, options), STATUS_COLOURS[status])
        for status in Status
        if any(r.status is status for r in shown)
    ]
    if any(r.value_now is not None and r.value_now != r.value for r in shown):
        keys.append(Key("now", words.term("report.legend.value_now", options)))
    if any(r.required is not None for r in shown):
        keys.append(Key("required", words.term("report.legend.required", options)))
    return tuple(keys)


def _scale_top(values: Sequence[float | None], unit: str) -> float:
    """The end of a chart's axis: 100% for shares, else a round number above every value."""
    highest = max((v for v in values if v is not None), default=0.0)
    if unit == "share":
        return max(1.0, highest)
    if highest <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(highest))
    return float(next(s * magnitude for s in (1, 2, 2.5, 5, 10) if s * magnitude >= highest))


def _gridlines(top: float, unit: str) -> list[float]:
    """Where the axis is marked: at most six round steps from 0 to ``top``, whole ones for
    counts."""
    rough = top / 5
    magnitude = 10 ** math.floor(math.log10(rough))
    step = 10 * magnitude
    for factor in (1, 2, 2.5, 5):
        candidate = factor * magnitude
        if candidate >= rough and (unit != "count" or float(candidate).is_integer()):
            step = candidate
            break
    return [step * i for i in range(int(top / step + 1e-9) + 1)]


def spark(result: Result) -> Spark | None:
    """The line of a result's year-end values (and its requirement), or None with fewer
    than two values."""
    values = [(p.date, p.value) for p in result.history if p.value is not None]
    if len(values) < 2:
        return None
    low = min(0.0, *(v for _, v in values))
    high = max([v for _, v in values] + ([result.required] if result.required else []))
    span = (high - low) or 1.0
    first, last = values[0][0], values[-1][0]
    days = (last - first).days or 1
    pad = 3

    def point(day: dt.date, value: float) -> tuple[float, float]:
        x = pad + (day - first).days / days * (SPARK_WIDTH - 2 * pad)
        y = SPARK_HEIGHT - pad - (value - low) / span * (SPARK_HEIGHT - 2 * pad)
        return round(x, 1), round(y, 1)

    dots = tuple(point(day, value) for day, value in values)
    required_y = None if result.required is None else point(first, result.required)[1]
    return Spark(" ".join(f"{x},{y}" for x, y in dots), dots, required_y)


def _history(result: Result, dates: Sequence[dt.date], options: RenderOptions) -> HistoryRow:
    values = {point.date: words.history_value(result, point, options) for point in result.history}
    return HistoryRow(
        milestone=result.milestone,
        title=words.named(result, options),
        values=tuple(values.get(day, "") for day in dates),
        spark=spark(result),
    )


def _date_label(day: dt.date) -> str:
    """A history column: the year for a year-end, else the date (the evaluation date)."""
    return str(day.year) if (day.month, day.day) == (12, 31) else day.isoformat()


def _detail(
    result: Result, options: RenderOptions, chosen_by: str = "plan", *, one_district: bool = False
) -> Detail:
    """What a result that needs attention says; its short units without their district
    where the report's data is of ``one_district`` (:func:`words.one_district_data`), its
    breakdown of one district (:func:`words.one_district`) without the district's own
    figure, the result's, said in its facts."""
    # the history is drawn, not written
    facts = words.facts(result, options, with_history=False, chosen_by=chosen_by)
    units: tuple[Unit, ...] = ()
    listed = caption = ""
    townships = numbers = True
    reasons = False
    found, _ = words.short_units(result)
    if found is not None and found.units and not words.only_itself(result, found):
        districts, townships = words.place_columns(found, one_district)
        numbers, reasons = words.unit_columns(found)
        one_district = not districts
        units = tuple(
            Unit(
                district=district,
                township=township,
                name=unit.name,
                id=unit.id,
                value=words.unit_value(unit),
                need=words.unit_need(unit, options),
                reason=words.reason(unit.reason, options),
            )
            for district, township, unit in words.placed_units(found)
        )
        listed = words.listed(found, options)
        caption = words.label(
            words.units_caption(result, options),
            words.units_total(result, found, options),
            options,
        )
    extra = words.figure_digits(result)
    one = words.one_district(result)
    figures = tuple(
        DistrictFigures(
            "" if one else words.figure_line(result, district, options, extra),
            tuple((row[1], row[2], row[3], row[4]) for row in rows[1:]),
            more,
        )
        for district, rows, more in words.figure_rows(result, options)
    )
    return Detail(
        anchor=_anchor(result),
        milestone=result.milestone,
        title=words.named(result, options),
        status=result.status.value,
        status_label=words.status(result.status, options),
        colour=STATUS_COLOURS[result.status],
        facts=tuple(facts),
        units=units,
        listed=listed,
        caption=caption,
        figures_caption=words.figures_caption(result, options),
        figures=figures,
        one_district=one_district,
        townships=townships,
        numbers=numbers,
        reasons=reasons,
    )


@hookimpl
def scoplan_register_renderers(register: Callable[[Renderer], None]) -> None:
    register(
        Renderer(
            "html",
            Text("HTML（单个可打印网页）", "HTML (one printable page)"),
            "html",
            render,
        )
    )
