"""The Word report: the evaluation laid out as an official document (公文).

A title and the evaluation date (labelled: a bare date reads as the day it was signed), a
summary paragraph with the count of each status, then one numbered section per target kind
(一、二、… in Chinese; 1, 2, … in English): its table of milestones, each milestone that
needs attention in a paragraph with its gap, the units short of it (by district and
township) and the plan's clauses quoted; a note at the end names the data source (its file
or folder, not the machine's path) and its checksum. A4, the margins of GB/T 9704 (top
3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm), 仿宋 for the body, 黑体 and 楷体 for
headings, 小标宋 for the title, where Word has them (it falls back to its own Chinese fonts
where it does not).

Made with python-docx; every string is a run's text, so nothing from the data is read as
markup. The words are those of the other reports (:mod:`scoplan.renderers.words`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scoplan._display import in_workbook
from scoplan.formats import Renderer, RenderOptions
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.renderers import words
from scoplan.report import Report, Result

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
TITLE_SIZE = 22  # 二号
BODY_SIZE = 16  # 三号
TABLE_SIZE = 10.5  # 五号
_DIGITS = "零一二三四五六七八九"
APPLICATION = b"<Application>scoplan</Application>"
"""The application the file's extended properties name (python-docx's template names
Microsoft Macintosh Word, and its version)."""


def chinese_number(n: int) -> str:
    """``1`` → 一, ``10`` → 十, ``21`` → 二十一: a section's number in a Chinese document."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _DIGITS[tens] + "十"
    return head + (_DIGITS[ones] if ones else "")


def _date(report: Report, options: RenderOptions) -> str:
    return words.date(report.as_of, options)


def _fonts(element: Any, font: str) -> None:
    """``element``'s run properties set to ``font`` for Chinese and the Latin font else."""
    from docx.oxml.ns import qn

    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for name in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(name), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), font)


def _styles(document: Document) -> None:
    """The fonts of the body, the headings and the tables, set once on their styles (a
    report of hundreds of short units has thousands of cells: formatting each would take
    seconds)."""
    from docx.shared import Pt, RGBColor

    for name, font, size in (
        ("Normal", BODY_FONT, BODY_SIZE),
        ("Heading 1", HEADING_FONT, BODY_SIZE),
        ("Heading 2", SUBHEADING_FONT, BODY_SIZE),
        ("Table Grid", TABLE_FONT, TABLE_SIZE),
    ):
        style: Any = document.styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)  # Word's headings are blue otherwise
        if name.startswith("Heading"):
            style.font.bold = False
            style.font.italic = False
        _fonts(style.element, font)


def _run(paragraph: Any, text: str, font: str | None = None, size: float | None = None) -> Any:
    """A run of ``text``; in ``font`` at ``size`` points where they differ from its style's."""
    from docx.shared import Pt

    run = paragraph.add_run(in_workbook(text))
    if size is not None:
        run.font.size = Pt(size)
    if font is not None:
        _fonts(run._element, font)
    return run


def _paragraph(
    document: Document,
    text: str,
    *,
    font: str | None = None,
    size: float | None = None,
    center: bool = False,
    indent: bool = True,
    style: str | None = None,
) -> Any:
    """A paragraph: the body's first-line indent of two characters unless ``indent`` is off."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph(style=style)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent and style is None:
        paragraph.paragraph_format.first_line_indent = Pt((size or BODY_SIZE) * 2)
    _run(paragraph, text, font, size)
    return paragraph


def _table(document: Document, header: list[str], rows: list[list[str]]) -> Table:
    """A bordered table, its header row bold and repeated on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table: Table = document.add_table(rows=len(rows) + 1, cols=len(header))
    table.style = "Table Grid"
    lines = iter(table.rows)
    first = next(lines)
    for cell, text in zip(first.cells, header, strict=True):
        _run(cell.paragraphs[0], text).bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    first._tr.get_or_add_trPr().append(repeat)
    for line, values in zip(lines, rows, strict=True):
        for cell, text in zip(line.cells, values, strict=True):
            cell.paragraphs[0].add_run(in_workbook(text))
    return table


def _number(index: int, options: RenderOptions) -> str:
    return f"{chinese_number(index)}、" if options.lang != "en" else f"{index}. "


def _sub_number(index: int, options: RenderOptions) -> str:
    return f"（{chinese_number(index)}）" if options.lang != "en" else f"{index}) "


def _end(text: str, options: RenderOptions) -> str:
    """A sentence ended as the language ends one."""
    stop = "。" if options.lang != "en" else "."
    return text if not text or text.endswith(("。", ".", "？", "！")) else text + stop


def _section(
    document: Document,
    index: int,
    results: list[Result],
    options: RenderOptions,
    chosen_by: str,
    *,
    one_district: bool = False,
) -> None:
    def t(key: str, **values: object) -> str:
        return words.term(key, options, **values)

    _paragraph(
        document,
        _number(index, options) + words.kind_title(results[0], options),
        style="Heading 1",
    )
    header = [t(f"report.{key}") for key in ("milestone", "due", "status", "value", "required")]
    header.append(t("report.gap"))
    _table(
        document,
        header,
        [
            [
                words.named(result, options),
                words.date(result.due, options),
                words.status(result.status, options),
                words.value(result, options),
                words.requirement(result, options),
                words.gap_text(result, options),
            ]
            for result in results
        ],
    )
    attention = [result for result in results if words.needs_attention(result)]
    if not attention:
        _paragraph(document, t("report.docx_none"))
    for number, result in enumerate(attention, start=1):
        # a group of one result: the table's one row above names it and its status, and a
        # sub-heading would say the heading again (二十三、建有…评估评议制度的社区占比
        # over （一）全市建有…评估评议制度的社区占比（2023年）, its one milestone)
        if len(results) > 1:
            _paragraph(
                document,
                _sub_number(number, options)
                + words.label(
                    words.named(result, options), words.status(result.status, options), options
                ),
                style="Heading 2",
            )
        for name, text in words.facts(result, options, with_history=True, chosen_by=chosen_by):
            _paragraph(document, _end(words.label(name, text, options), options))
        _figures(document, result, options)
        _units(document, result, options, one_district=one_district)
        reading = words.reading(result, options)
        if reading:
            _paragraph(document, _end(words.label(t("report.reading"), reading, options), options))
    clauses: dict[tuple[str, str], None] = {}
    for result in results:
        for clause in result.clauses:
            text = words.clause_text(clause, options)
            if text:
                clauses[words.clause_label(clause, options), text] = None
    if clauses:
        _paragraph(document, t("report.docx_clauses") + ("：" if options.lang != "en" else ":"))
        for name, text in clauses:
            _paragraph(document, _end(words.label(name, f"“{text}”", options), options))


def _figures(document: Document, result: Result, options: RenderOptions) -> None:
    """A mean's figure for the scope, each district and each township under it: a table."""
    rows, notes = words.figures_table(result, options)
    if not rows:
        return
    _paragraph(document, words.figures_caption(result, options))
    _table(document, words.figures_header(options, result), rows)
    for note in notes:
        _paragraph(document, _end(note, options))


def _units(
    document: Document, result: Result, options: RenderOptions, *, one_district: bool = False
) -> None:
    """The units short (today's once the due date has passed), by district and township;
    by township alone where the report's data is of ``one_district``
    (:func:`words.one_district_data`)."""
    found, _ = words.short_units(result)
    if found is None or not found.units or words.only_itself(result, found):
        return
    caption = words.label(
        words.units_caption(result, options),
        words.units_total(result, found, options),
        options,
    )
    _paragraph(document, caption)
    districts, townships = words.place_columns(found, one_district)
    numbers, reasons = words.unit_columns(found)
    keys = (
        *(("district",) if districts else ()),
        *(("township",) if townships else ()),
        "unit",
        "unit_id",
        *(("value", "need") if numbers else ()),
        *(("reason",) if reasons else ()),
    )
    _table(
        document,
        [words.term(f"report.{key}", options) for key in keys],
        [
            [
                *([district] if districts else []),
                *([township] if townships else []),
                unit.name,
                unit.id,
                *([words.unit_value(unit), words.unit_need(unit, options)] if numbers else []),
                *([words.reason(unit.reason, options)] if reasons else []),
            ]
            for district, township, unit in words.placed_units(found)
        ],
    )
    more = words.listed(found, options)
    if more:
        _paragraph(document, _end(more, options))


def _properties(document: Document, report: Report, options: RenderOptions) -> None:
    """File › Properties: the report's title and its plan; as the author, the bureau that
    issued the plan, or for a run of one district that district's (:func:`words.author`;
    none when the plan does not say), never scoplan or the library; made
    and saved at the time of the run. Not what python-docx's template says (made on
    2013-12-23, "generated by python-docx", by Microsoft Macintosh Word)."""
    properties = document.core_properties
    properties.title = words.report_title(report, options, "report.docx_title")
    properties.subject = words.plan_title(report, options)
    properties.author = properties.last_modified_by = words.author(report)
    properties.comments = ""
    properties.created = properties.modified = words.made_at()
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":  # the template's: a Word made it
            found: Any = part
            blob = re.sub(rb"<Application>[^<]*</Application>", APPLICATION, found.blob)
            found._blob = re.sub(rb"\s*<AppVersion>[^<]*</AppVersion>", b"", blob)


def render(report: Report, options: RenderOptions) -> bytes:
    """The report as a Word document (.docx)."""
    from docx import Document as make_document
    from docx.shared import Cm

    def t(key: str, **values: object) -> str:
        return words.term(key, options, **values)

    report, left_out, out = words.for_people(report, options)
    document = make_document()
    _styles(document)
    page = document.sections[0]
    page.page_width, page.page_height = Cm(21), Cm(29.7)
    page.top_margin, page.bottom_margin = Cm(3.7), Cm(3.5)
    page.left_margin, page.right_margin = Cm(2.8), Cm(2.6)
    _properties(document, report, options)

    title = words.report_title(report, options, "report.docx_title")
    _paragraph(document, title, font=TITLE_FONT, size=TITLE_SIZE, center=True)
    # the evaluation's date said to be one: a bare date under the title, or at the foot,
    # reads as the day the document was signed
    as_of = words.label(t("report.as_of"), _date(report, options), options)
    _paragraph(document, f"（{as_of}）" if options.lang != "en" else f"({as_of})", center=True)
    plan = (
        f"《{words.plan_title(report, options)}》"
        if options.lang != "en"
        else words.plan_title(report, options)
    )
    source = t("report.docx_data_words")
    intro = t("report.docx_intro", plan=plan, as_of=_date(report, options), source=source)
    summary = t(
        "report.summary_line", total=len(report.results), counts=words.summary(report, options)
    )
    _paragraph(document, intro + (" " if options.lang == "en" else "") + summary)
    if left_out:
        _paragraph(document, _end(left_out, options))

    for index, results in enumerate(words.sections(report), start=1):
        _section(
            document,
            index,
            results,
            options,
            report.projection_chosen_by,
            one_district=words.one_district_data(report),
        )

    readings: dict[str, str] = {}
    for result in report.results:
        reading = words.scope_reading(result.scope, options)
        if reading:
            readings[words.scope_name(result, options)] = reading
    if readings:
        _paragraph(document, t("report.readings"), font=HEADING_FONT, indent=False)
        for name, reading in readings.items():
            _paragraph(document, _end(words.label(name, reading, options), options))
    if out:
        _paragraph(document, t("report.left_out_heading"), font=HEADING_FONT, indent=False)
        for line in words.not_judged(out, options):
            _paragraph(document, _end(line, options))
    if report.run_errors:
        _paragraph(document, t("report.run_errors"), font=HEADING_FONT, indent=False)
        for error in report.run_errors:
            _paragraph(document, words.run_error(error, options))
    if report.warnings:
        heading = t("report.warnings", count=len(report.warnings))
        _paragraph(document, heading, font=HEADING_FONT, indent=False)
        for line in words.warnings(report, options):
            _paragraph(document, line)

    _paragraph(document, t("report.docx_data"), font=HEADING_FONT, indent=False)
    # the data's file or folder by its name: not where it lay on the machine that read it
    source = words.source(report, options, named=True)
    if source:
        _paragraph(document, words.label(t("report.source"), source, options))
    if words.history_note(report, options):
        note = words.history_note(report, options)
        _paragraph(document, words.label(t("report.history"), note, options))
    _paragraph(document, words.label(t("report.input"), report.fingerprint, options))
    _paragraph(document, t("report.generated", version=report.scoplan_version))

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@hookimpl
def scoplan_register_renderers(register: Callable[[Renderer], None]) -> None:
    register(
        Renderer(
            "docx",
            Text("Word 文档（公文格式）", "Word document (official layout)"),
            "docx",
            render,
            binary=True,
        )
    )
