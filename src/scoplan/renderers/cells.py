"""A report as spreadsheet rows: what the CSV and Excel formats share.

One row per result, and one row per short unit, with headers from the catalogue. Numbers
stay numbers and dates stay dates; every string is passed through :func:`neutralise`, so a
name such as ``=HYPERLINK("x")`` is shown as text and never run as a formula.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

import attrs

from scoplan.formats import RenderOptions
from scoplan.renderers import words
from scoplan.report import Gap, Report, Result
from scoplan.target import Figure

Cell = str | float | int | dt.date | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""What a spreadsheet may read as the start of a formula (OWASP's list, and the full-width
forms that some spreadsheets convert)."""

RESULT_COLUMNS = (
    "title",
    "scope_name",
    "target_title",
    "due",
    "status",
    "value",
    "required",
    "comparator",
    "unit",
    "measured_on",
    "value_now",
    "gap_amount",
    "gap_now_amount",
    "gap_noun",
    "units_total",
    "units_short",
    "clauses",
    "reading",
    "message",
    "scope_level",
    "scope_id",
    "target",
    "milestone",
)
"""The columns of a result row, as ``column.*`` catalogue keys: first what an official
reads — the milestone's title, its scope's name (中心城区, not ``central``), what its kind
measures (城市社区平均社区社会组织数, not ``urban-average``) —, the codes for a program last
(:data:`CODE_COLUMNS`). ``gap_amount`` is on ``measured_on``, ``gap_now_amount`` on the evaluation
date (once the due date has passed); ``units_short`` lists the codes of the units short on
the evaluation date, as the short-unit rows do."""

UNIT_COLUMNS = (
    "title",
    "scope_name",
    "district",
    "township",
    "unit_level",
    "unit_id",
    "unit_name",
    "unit_value",
    "need",
    "reason",
    "milestone",
)
"""The columns of a short unit's row: one row per unit, with its district and township."""

FIGURE_COLUMNS = (
    "title",
    "scope_name",
    "measured_on",
    "district",
    "township",
    "organizations",
    "communities",
    "mean",
    "unit_id",
    "milestone",
)
"""The columns of a mean's breakdown: one row for the scope, one per district (its
subtotal) and one per township under it, each with its district named."""

CODE_COLUMNS = ("scope_id", "target", "milestone")
"""The columns of the plan file's own codes (a group's key ``central``, a kind's
``urban-average``, a milestone's ``urban-2024``): for a program's filters and its joins with
the JSON report, never words an official can hand up. Last in each table, their headers say
so (范围代码（供程序使用）); the workbook hides them (:mod:`scoplan.renderers.xlsx`). A unit's
code (单位编号, a division or community code) is the bureau's own and stays in view."""

CODE = re.compile(r"^[0-9]+$")
"""A code of digits (``341004100002``): a spreadsheet would read it as a number."""


def neutralise(text: str) -> str:
    """``'=HYPERLINK("x")``: a leading quote on text a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe(cell: Cell) -> Cell:
    """The cell, neutralised if it is text; numbers (negative ones too) and dates as they are."""
    return neutralise(cell) if isinstance(cell, str) else cell


def headers(columns: tuple[str, ...], options: RenderOptions) -> list[str]:
    """The column headers in the options' language."""
    return [words.term(f"column.{column}", options) for column in columns]


def _number(value: float | None) -> float | int | None:
    """A value as a spreadsheet should hold it: whole numbers whole, floats unrounded."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _rounded(result: Result, value: float | None) -> Cell:
    """A value rounded to its unit, written as the text reports show it (a share as
    ``73.4%``, a mean as ``12.0``)."""
    if value is None:
        return None
    text = words.measured(result, value)
    if result.unit == "share":
        return text
    return float(text) if "." in text else int(text)


def result_row(result: Result, options: RenderOptions, *, rounded: bool = False) -> list[Cell]:
    """The cells of one result, in the order of :data:`RESULT_COLUMNS`, neutralised.

    ``rounded``: values rounded to their units (CSV, where a reader sees the text), else
    the exact numbers (Excel, which formats them). A result not judged that gives the chosen
    districts' own figures (:func:`words.unjudged`) gives them as the other reports do: under
    实际 each district's figure in words (``祁门县13.7个/社区（不评判）``), under 差距数量 their
    own gaps (what they lack together: 9 organizations), and beside why it is not judged
    how far each is from the requirement, for reference (:func:`words.reference`).
    """
    gap = result.gap
    gap_now = result.gap_now
    unjudged = words.unjudged(result)
    if unjudged:
        gap, gap_now = _parts_gap(result, now=False), _parts_gap(result, now=True)
    either = gap or gap_now
    found, _ = words.short_units(result)
    shown = words.only_itself(result, found) if found is not None else True

    def number(value: float | None) -> Cell:
        return _rounded(result, value) if rounded else _number(value)

    value: Cell = number(result.value)
    said = words.message(result, options)
    if unjudged:
        value = words.unjudged_value(result, options, every=True)
        reference = words.reference(result, options)
        said = words.term("report.list_sep", options).join(filter(None, [said, reference]))

    required: Cell = _number(result.required)
    if rounded and result.required is not None:
        required = words.target_number(result.required, result.unit)
        required = required if result.unit == "share" else _number(float(required))
    row: list[Cell] = [
        words.title(result, options),
        words.scope_name(result, options),
        words.kind_title(result, options),
        result.due,
        words.status(result.status, options),
        value,
        required,
        words.comparison(result, options) or None,
        words.unit_word(result, options),
        result.measured_on,
        number(result.value_now),
        _number(gap.amount) if gap else None,
        _number(gap_now.amount) if gap_now else None,
        words.noun(either, options) if either is not None else None,
        found.units_total if found else None,
        ";".join(unit.id for unit in found.units) if found and not shown else None,
        words.term("report.list_sep", options).join(
            words.clause_ref(clause, options) for clause in result.clauses
        ),
        words.reading(result, options),
        said or None,
        words.scope_level(result, options),
        result.scope.id if result.scope.level != "city" else None,
        result.target,
        result.milestone,
    ]
    return [safe(cell) for cell in row]


def _parts_gap(result: Result, *, now: bool) -> Gap | None:
    """What the chosen districts inside a result not judged lack together, on the date its
    value is measured (or, ``now``, on the evaluation date when that is later): the sum of
    their own gaps (:attr:`~scoplan.report.Part.gap`), of one noun; None where none lacks,
    and for a count, whose part in a city's total is no benchmark of a district
    (:func:`words.reference` says none), and a district counted whole (covered or not)."""
    if result.unit not in ("per_community", "share"):
        return None
    gaps = [
        part.gap_now if now else part.gap
        for part in result.parts
        if not (result.unit == "share" and part.denominator == 1)
    ]
    found = [gap for gap in gaps if gap is not None]
    if not found or len({(gap.noun, gap.direction) for gap in found}) > 1:
        return None
    return attrs.evolve(found[0], amount=sum(gap.amount for gap in found))


def left_out_row(result: Result, options: RenderOptions) -> list[Cell]:
    """The cells of a result a run of chosen districts does not judge
    (:func:`words.for_people`), in the order of ``xlsx.LEFT_OUT_COLUMNS``: its title, its
    scope's name, its due date and why it is not judged; its id last, for a program."""
    row: list[Cell] = [
        words.title(result, options),
        words.scope_name(result, options),
        result.due,
        words.message(result, options) or None,
        result.milestone,
    ]
    return [safe(cell) for cell in row]


def result_rows(
    results: Sequence[Result], options: RenderOptions, *, rounded: bool = False
) -> list[list[Cell]]:
    """One row per result."""
    return [result_row(result, options, rounded=rounded) for result in results]


def unit_columns(report: Report) -> tuple[str, ...]:
    """The columns of a report's short units: :data:`UNIT_COLUMNS`, without ``district``
    where the report's data is of one district (:func:`words.one_district_data`: a
    district's register), whose name it would repeat on every row."""
    return UNIT_COLUMNS_ONE if words.one_district_data(report) else UNIT_COLUMNS


UNIT_COLUMNS_ONE = tuple(column for column in UNIT_COLUMNS if column != "district")
"""The columns of the short units of one district's data (:func:`unit_columns`)."""


def unit_rows(report: Report, options: RenderOptions) -> Iterator[list[Cell]]:
    """One row per unit short (today's once the due date has passed), result by result,
    grouped by district and township, each with its district and township named (the
    township alone where the report's data is of one district: :func:`unit_columns`); none
    for the whole area short of a count of its own (:func:`_whole_area`)."""
    several = unit_columns(report) == UNIT_COLUMNS
    for result in report.results:
        found, _ = words.short_units(result)
        if found is None or _whole_area(result, found):
            continue
        for district, townships in words.grouped(found.units):
            for township, units in townships:
                for unit in units:
                    row: list[Cell] = [
                        words.title(result, options),
                        words.scope_name(result, options),
                        *([district] if several else []),
                        township,
                        words.unit_level(unit.level, options),
                        # the city level's id is the word ``city``, no code of the bureau's
                        None if unit.level == "city" else unit.id,
                        unit.name,
                        # a unit short for a reason has no value to show: its reason says
                        None if unit.reason else _number(unit.value),
                        _number(unit.need),
                        words.reason(unit.reason, options),
                        result.milestone,
                    ]
                    yield [safe(cell) for cell in row]


def _whole_area(result: Result, found: Gap) -> bool:
    """Whether the only unit ``found`` short is the whole area of the plan itself (the city,
    or a county under its own plan: 全县 without its 10 brand organizations): a count of the
    whole has no units to list, as no other report lists one; its gap is its row's. (A
    district short of its own centre is a row, which names the district.)"""
    return words.only_itself(result, found) and found.units[0].level == "city"


def figure_columns(report: Report) -> tuple[str, ...]:
    """The columns of a report's breakdowns: :data:`FIGURE_COLUMNS`, without ``district``
    where every breakdown is of the same one district (:func:`words.one_district`: a
    county's plan), whose name it would repeat on every row."""
    return FIGURE_COLUMNS if _several(report) else FIGURE_COLUMNS_ONE


FIGURE_COLUMNS_ONE = tuple(column for column in FIGURE_COLUMNS if column != "district")
"""The columns of the breakdowns of one district (:func:`figure_columns`)."""


def _several(report: Report) -> bool:
    """Whether a report's breakdowns name more than one district, or one beside a total
    that is not its own (:func:`figure_columns`)."""
    found = [result for result in report.results if result.breakdown]
    named = {result.breakdown[0].id for result in found}
    return len(named) > 1 or not all(words.one_district(result) for result in found)


def figure_rows(report: Report, options: RenderOptions) -> Iterator[list[Cell]]:
    """The breakdown of each mean by district and township, result by result: the scope's
    total, then each district's subtotal followed by its townships (for one district,
    without its subtotal or its name: :func:`figure_columns`)."""
    several = _several(report)
    for result in report.results:
        yield from result_figure_rows(result, options, several=several)


def result_figure_rows(
    result: Result, options: RenderOptions, *, several: bool = True
) -> Iterator[list[Cell]]:
    """The breakdown of one result's mean (none without one), as :func:`figure_rows`:
    without a ``district`` cell or the district's subtotal where not ``several``, and
    without the subtotal of a breakdown of one district (:func:`words.one_district`: a
    district's milestone in a city's report), which would repeat the total above it."""
    if not result.breakdown:
        return
    head: list[Cell] = [
        words.title(result, options),
        words.scope_name(result, options),
        result.measured_on,
    ]
    total = words.term("report.total", options)
    subtotal = words.term("report.subtotal", options)
    found: list[tuple[str, str, Figure]] = []
    whole = words.figures_total(result, options)
    if whole is not None:
        found.append((whole.name, total, whole))
    for district in result.breakdown:
        name = words.either(district.name, district.name_en, options)
        if several and not words.one_district(result):
            # (one district's subtotal is the total above it: said once)
            found.append((name, subtotal, district))
        found += [(name, words.either(t.name, t.name_en, options), t) for t in district.parts]
    for district_name, township, figure in found:
        row: list[Cell] = [
            *head,
            *([district_name] if several else []),
            township,
            _number(figure.numerator),
            _number(figure.denominator),
            figure.value,
            figure.id if figure.level in ("district", "township") else "",
            result.milestone,
        ]
        yield [safe(cell) for cell in row]
