"""The Excel report: a summary sheet, one sheet per scope level, the means by district and
township, and the short units.

Numbers are numbers, each shown as the other reports write it (:func:`value_format`,
:func:`required_format`, :func:`count_format`: a target of 15 as ``15``, a mean as ``13.0``,
a share's target as ``70%``, a share as ``75.0%`` or ``73.4%``; Excel rounds a cell half
away from zero, as every report rounds its numbers, :func:`words.rounded`: 0.5625 as
``0.0%`` is 56.3% here and in the text), dates are dates, headers come from the catalogue
and stay in view (a frozen first row). The plan file's codes (a
group's key ``central``, a kind's ``urban-average``, a milestone's id) are each table's last
columns, headed for what they are (范围代码（供程序使用）, :data:`cells.CODE_COLUMNS`), grouped and
hidden: an official reads and prints names and titles, a program filters and joins on the
codes (one click on the group's ``+`` shows them). Every string is neutralised and written
as text, never as a formula (see :mod:`scoplan.renderers.cells`); a control character a
workbook cannot hold is written as an escape (``\\x01``,
:func:`scoplan._display.in_workbook`): the report shows it, where openpyxl would refuse it.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from scoplan._display import in_workbook
from scoplan.formats import Renderer, RenderOptions
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.renderers import cells, words
from scoplan.renderers.text import STATUS_COLOURS
from scoplan.report import Report, Result, Status

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

LEVELS = ("city", "district", "group", "districts")
"""The scope levels, one sheet each (when the report has results at that level), in order."""

DATE_FORMAT = "yyyy-mm-dd"
ZH_DATE_FORMAT = 'yyyy"年"m"月"d"日"'
"""A date cell in a Chinese workbook: ``2024年12月31日``, as every Chinese report writes a
date (:func:`words.date`); still a date, which sorts and filters as one."""
TIME_FORMAT = " hh:mm:ss"
"""After a date's format, for a date and time (when the data was changed)."""
COUNT_FORMAT = "0"
"""A whole number: a count of units, rows or results, a gap."""
MAX_WIDTH = 60
LEFT_OUT_COLUMNS = ("title", "scope_name", "due", "message", "milestone")
"""The columns of the sheet of results not judged (:func:`words.for_people`): the
milestone's title, its scope, its due date and why; its id last, hidden as in every sheet."""
_BAD_SHEET_CHARACTERS = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def render(report: Report, options: RenderOptions) -> bytes:
    """The report as an .xlsx workbook.

    Written row by row (openpyxl's write-only mode): a country's report lists a hundred
    thousand short units, which a workbook held whole in memory takes many times longer to
    write.
    """
    from openpyxl import Workbook

    def t(key: str, **values: object) -> str:
        return words.term(key, options, **values)

    report, left_out, out = words.for_people(report, options)
    book = Workbook(write_only=True)
    # File › Properties as the Word report's: its title and plan, the bureau that issued
    # the plan as the author, a district's on a run of one (:func:`words.author`; or none,
    # never openpyxl), made at the time of the run
    properties = book.properties
    properties.title = words.report_title(report, options)
    properties.subject = words.plan_title(report, options)
    properties.creator = properties.lastModifiedBy = words.author(report)
    properties.created = properties.modified = words.made_at()
    used: set[str] = set()
    day = date_format(options)

    def sheet(name: str) -> WriteOnlyWorksheet:
        title = _sheet_name(name, used)
        used.add(title)
        created: WriteOnlyWorksheet = book.create_sheet(title)
        _print_setup(created)
        return created

    _write_summary(sheet(t("sheet.summary")), report, options, left_out)
    for level in LEVELS:
        results = [r for r in report.results if r.scope.level == level]
        if results:
            _write_results(sheet(t(f"sheet.{level}")), results, options)
    columns = cells.figure_columns(report)
    several = columns == cells.FIGURE_COLUMNS
    figures = [
        (result, row)
        for result in report.results
        for row in cells.result_figure_rows(result, options, several=several)
    ]
    if figures:
        mean = columns.index("mean")
        digits = {id(result): words.figure_digits(result) for result, _ in figures}
        figures_sheet = sheet(t("sheet.figures" if several else "sheet.figures_townships"))
        _write_table(
            figures_sheet,
            cells.headers(columns, options),
            [row for _, row in figures],
            codes=_codes(columns),
            styled=[
                _row(
                    figures_sheet,
                    row,
                    {mean: figure_format(result, row[mean], digits[id(result)])},
                    day=day,
                )
                for result, row in figures
            ],
            day=day,
        )
    shortfall = sheet(t("sheet.shortfall"))
    units = list(cells.unit_rows(report, options))
    unit_columns = cells.unit_columns(report)
    _write_table(
        shortfall,
        cells.headers(unit_columns, options),
        units,
        codes=_codes(unit_columns),
        styled=[_row(shortfall, row, day=day) for row in units],
        day=day,
    )
    if out:
        # the results a run of chosen districts does not judge, every one: the line of the
        # summary sheet sends the reader here (its name is the heading it names)
        columns = LEFT_OUT_COLUMNS
        left = sheet(t("report.left_out_heading"))
        rows = [cells.left_out_row(result, options) for result in out]
        _write_table(
            left,
            cells.headers(columns, options),
            rows,
            codes=_codes(columns),
            styled=[_row(left, row, day=day) for row in rows],
            day=day,
        )
    if report.warnings:
        columns = ("source", "table", "row", "column", "value", "message")
        warnings_sheet = sheet(t("sheet.warnings"))
        warnings: list[list[cells.Cell]] = [
            [
                w.source,
                words.table_name(w.table, options) if w.table else w.table,
                w.row,
                words.column_name(w.table, w.column, options) if w.column else w.column,
                w.value,
                words.run_error(w, options),
            ]
            for w in report.warnings
        ]
        _write_table(
            warnings_sheet,
            [t(f"warning.{name}") for name in columns],
            warnings,
            styled=[_row(warnings_sheet, row, day=day) for row in warnings],
            day=day,
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def date_format(options: RenderOptions) -> str:
    """The number format of a date cell in the options' language: ``yyyy"年"m"月"d"日"`` in
    Chinese, ``yyyy-mm-dd`` in English."""
    return DATE_FORMAT if options.lang == "en" else ZH_DATE_FORMAT


def _modified(stamp: str) -> cells.Cell:
    """When the data was changed (``2024-01-05T09:30:00+08:00``) as a date-and-time cell, at
    the time the stamp gives (Excel keeps no time zone); a stamp that is no ISO time as text."""
    try:
        return dt.datetime.fromisoformat(stamp).replace(tzinfo=None)
    except ValueError:
        return stamp.replace("T", " ")[:19]


def _print_setup(sheet: WriteOnlyWorksheet) -> None:
    """Printed landscape on A4, every column on one page's width, the header row repeated
    on each page."""
    # (types-openpyxl's write-only sheet lacks the page setup it has)
    page: Any = sheet
    page.page_setup.orientation = "landscape"
    page.page_setup.paperSize = "9"  # A4
    page.page_setup.fitToWidth = 1
    page.page_setup.fitToHeight = 0
    page.sheet_properties.pageSetUpPr.fitToPage = True
    page.print_title_rows = "1:1"


def _sheet_name(name: str, used: set[str]) -> str:
    """A valid sheet name (31 characters, none of ``[]:*?/\\``) not used yet."""
    base = in_workbook(name).translate(_BAD_SHEET_CHARACTERS)[:31] or "sheet"
    candidate, n = base, 2
    while candidate in used:
        suffix = f" {n}"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    return candidate


def _write_summary(
    sheet: WriteOnlyWorksheet, report: Report, options: RenderOptions, left_out: str = ""
) -> None:
    from openpyxl.styles import Font

    def t(key: str, **values: object) -> str:
        return words.term(key, options, **values)

    # the statuses present, as the text, Markdown, HTML and Word reports list them
    counts = {code: n for code, n in report.counts().items() if n}
    bold = Font(bold=True)
    rows: list[list[cells.Cell]] = [
        [words.report_title(report, options)],
        [t("report.plan"), words.plan_line(report, options)],
    ]
    if report.districts:
        rows.append([t("report.districts_evaluated"), words.chosen_names(report, options)])
    rows.append([t("report.as_of"), report.as_of])
    source = report.source
    if source is not None and source.location:
        # its file or folder by its name, as the Word report: not the machine's path
        rows.append([t("report.source"), words.source_name(source.location)])
    if source is not None and source.modified:
        rows.append([t("report.modified"), _modified(source.modified)])
    if source is not None:
        rows += [[words.table_name(table, options), n] for table, n in source.rows.items() if n]
    if words.history_note(report, options):
        rows.append([t("report.history"), words.history_note(report, options)])
    rows += [
        [t("report.input"), report.fingerprint],
        [],
        [t("column.status"), t("column.count")],
    ]
    header = len(rows)
    rows += [[words.status(Status(code), options), n] for code, n in counts.items()]
    rows.append([t("report.total"), len(report.results)])
    fonts = {1: Font(bold=True, size=14), header: bold, len(rows): bold}
    for offset, code in enumerate(counts):
        fonts[header + 1 + offset] = Font(color=_argb(STATUS_COLOURS[Status(code)]))
    _fit_columns(sheet, rows[1:])
    if left_out:
        # a sentence below the counts, running on past its column: not its width
        rows += [[], [left_out]]
    for number, values in enumerate(rows, start=1):
        font = fonts.get(number)
        # the title and the header row are bold throughout; a status row only its name
        whole = number in (1, header)
        sheet.append(
            [
                _cell(
                    sheet,
                    value,
                    font=font if whole or column == 0 else None,
                    number_format=count_format(value),  # rows, results
                    day=date_format(options),
                )
                for column, value in enumerate(values)
            ]
        )


def _write_results(
    sheet: WriteOnlyWorksheet, results: Sequence[Result], options: RenderOptions
) -> None:
    from openpyxl.styles import Font

    # the short units have a sheet of their own, a row each: no codes joined by ";" here
    columns = tuple(c for c in cells.RESULT_COLUMNS if c != "units_short")
    kept = [cells.RESULT_COLUMNS.index(c) for c in columns]
    values = {columns.index(n) for n in ("value", "value_now")}
    required = columns.index("required")
    status = columns.index("status")
    fonts = {s: Font(color=_argb(colour), bold=True) for s, colour in STATUS_COLOURS.items()}

    def styled(result: Result, row: list[cells.Cell]) -> list[Cell]:
        # a gap, a number of units short: counts (_row)
        formats = {column: value_format(result, row[column]) for column in values}
        formats[required] = required_format(result)
        return _row(sheet, row, formats, {status: fonts[result.status]}, day=day)

    day = date_format(options)

    # a result not judged gives the districts' own figures in words, every one, with the
    # reference beside why (:func:`cells.result_row`): no details below them
    rows = [[row[i] for i in kept] for row in cells.result_rows(results, options)]
    _write_table(
        sheet,
        cells.headers(columns, options),
        rows,
        styled=[styled(r, v) for r, v in zip(results, rows, strict=True)],
        codes=_codes(columns),
        day=day,
    )


def _write_table(
    sheet: WriteOnlyWorksheet,
    header: list[str],
    rows: Sequence[list[cells.Cell]],
    styled: Sequence[list[Cell]] | None = None,
    codes: Iterable[int] = (),
    day: str = DATE_FORMAT,
    title: str | None = None,
) -> None:
    """A header row (bold, frozen, filterable), then the rows (or their ``styled`` cells);
    the columns of ``codes`` (their indexes) grouped and hidden; dates formatted ``day``.
    With a ``title``, a row of it above the header: frozen with it, the filter on the
    header still."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    # column widths, the frozen row and the filter go before the first row is written
    _fit_columns(sheet, [list(header), *rows])
    dimensions = sheet.column_dimensions  # type: ignore[attr-defined]
    for column in codes:
        dimension = dimensions[get_column_letter(column + 1)]
        dimension.outline_level, dimension.hidden = 1, True
        # the sheet's outlineLevelCol, without which Excel shows no +: openpyxl writes it
        # from max_outline, which it works out only after (when it writes the columns)
        dimensions.max_outline = 1
    above = 1 if title is not None else 0
    sheet.freeze_panes = f"A{above + 2}"
    # (types-openpyxl's write-only sheet lacks the filter and the column dimensions it has)
    auto_filter = sheet.auto_filter  # type: ignore[attr-defined]
    auto_filter.ref = f"A{above + 1}:{get_column_letter(len(header))}{len(rows) + above + 1}"
    bold = Font(bold=True)
    if title is not None:
        sheet.append([_cell(sheet, title, font=bold)])
    sheet.append([_cell(sheet, name, font=bold) for name in header])
    for index, values in enumerate(rows):
        if styled is not None:
            sheet.append(styled[index])
        else:
            sheet.append([_cell(sheet, v, day=day) for v in values])


def _codes(columns: Sequence[str]) -> list[int]:
    """The indexes of the code columns (:data:`cells.CODE_COLUMNS`) among ``columns``."""
    return [index for index, column in enumerate(columns) if column in cells.CODE_COLUMNS]


def _row(
    sheet: WriteOnlyWorksheet,
    values: Sequence[cells.Cell],
    formats: Mapping[int, str | None] | None = None,
    fonts: Mapping[int, Font] | None = None,
    day: str = DATE_FORMAT,
) -> list[Cell]:
    """A row of the report's cells: a number in a column of ``formats`` formatted as it
    says, any other as a count (:func:`count_format`); the ``fonts`` of some columns;
    dates formatted ``day``."""
    formats, fonts = formats or {}, fonts or {}
    return [
        _cell(
            sheet,
            value,
            number_format=formats[column] if column in formats else count_format(value),
            font=fonts.get(column),
            day=day,
        )
        for column, value in enumerate(values)
    ]


def _places(text: str) -> int:
    """The decimal places of a number as written: ``13.0`` 1, ``99.96%`` 2, ``15`` 0."""
    _, _, decimals = text.rstrip("%").partition(".")
    return len(decimals)


def _pattern(places: int, percent: bool = False) -> str:
    """A number format: ``0``, ``0.0``, ``0.00%``…"""
    return "0" + ("." + "0" * places if places else "") + ("%" if percent else "")


def value_format(result: Result, value: cells.Cell) -> str | None:
    """The format of a value measured for ``result`` (its value, today's, a mean's figure
    in a district): to the places the other reports round it to (:func:`words.measured`:
    a mean ``13.0``, a count ``9``, a share ``73.4%``, more where fewer would make it seem
    to meet a requirement it does not: ``99.96%``), a whole share too (``100.0%``, ``75.0%``,
    as the text, Word, HTML and CSV reports write it). None for a cell that is not a
    number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return _pattern(_places(words.measured(result, value)), result.unit == "share")


def figure_format(result: Result, value: cells.Cell, extra: int) -> str | None:
    """The format of a figure of ``result``'s breakdown: as :func:`value_format`, to the
    places every figure of the breakdown is shown with (:func:`words.figure_value`), so
    that its column has one precision."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return _pattern(_places(words.figure_value(result, value, extra)), result.unit == "share")


def required_format(result: Result) -> str | None:
    """The format of ``result``'s requirement: as the plan writes it
    (:func:`words.target_number`): a count or a mean's target of 15 as ``15``, of 3.5 as
    ``3.5``; a share of 70% as ``70%``. None for an indicator."""
    if result.required is None:
        return None
    shown = words.target_number(result.required, result.unit)
    return _pattern(_places(shown), percent=result.unit == "share")


def count_format(value: cells.Cell) -> str | None:
    """The format of a count (a gap, units, rows, a unit's organizations or its need):
    whole as ``0``, else to one decimal, as :func:`words.unit_number` writes it. None for a
    cell that is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return COUNT_FORMAT if float(value).is_integer() else _pattern(1)


def _cell(
    sheet: WriteOnlyWorksheet,
    value: cells.Cell,
    *,
    font: Font | None = None,
    number_format: str | None = None,
    day: str = DATE_FORMAT,
) -> Cell:
    """One cell: text neutralised and typed as text, dates formatted ``day`` (a date and
    time with its time after)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet)
    if isinstance(value, str):
        cell.value = cells.neutralise(in_workbook(value))
        cell.data_type = "s"  # never a formula, whatever the text
    else:
        cell.value = value
        if isinstance(value, dt.datetime):
            cell.number_format = day + TIME_FORMAT
        elif isinstance(value, dt.date):
            cell.number_format = day
    if number_format is not None:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    return cell


def _fit_columns(sheet: WriteOnlyWorksheet, rows: Iterable[Sequence[cells.Cell]]) -> None:
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for values in rows:
        for column, value in enumerate(values, start=1):
            widths[column] = max(widths.get(column, 0), _display_width(value))
    for column, width in widths.items():
        dimensions = sheet.column_dimensions  # type: ignore[attr-defined]
        dimensions[get_column_letter(column)].width = min(MAX_WIDTH, width + 2)


def _display_width(value: cells.Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):  # 2024年12月31日 09:30:00
        return 23
    if isinstance(value, dt.date):  # 2024年12月31日 (2024-12-31 in English)
        return 14
    text = value if isinstance(value, str) else f"{value:.4g}"
    if text.isascii():  # ids, codes and numbers, most cells: one column a character
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _argb(colour: str) -> str:
    return "FF" + colour.lstrip("#").upper()


@hookimpl
def scoplan_register_renderers(register: Callable[[Renderer], None]) -> None:
    register(
        Renderer(
            "xlsx",
            Text("Excel 工作簿（每个层级一个工作表）", "Excel workbook (a sheet per level)"),
            "xlsx",
            render,
            binary=True,
        )
    )
