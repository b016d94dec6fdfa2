"""The problem list a bureau sends back: ``scoplan check DATA --format xlsx``.

One sheet per district with the problems in its rows — what that district must mend, each
row with its township for the district to pass on — then one for the city level and whole
files (区本级 with a plan of one district); a first sheet counts them. Text and JSON forms
list the same problems in file and row order.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

import attrs

from scoplan import _json
from scoplan._display import NAME_LIMIT, shown
from scoplan._exceptions import Problem
from scoplan.checkup import Checkup, how_many
from scoplan.i18n import describe_problem, problem_line, source_words, translate
from scoplan.schema import TABLES_BY_NAME

if TYPE_CHECKING:
    from scoplan.renderers.cells import Cell

COLUMNS = ("severity", "source", "row", "column", "value", "message", "unit_id", "unit_name")


def header_as_written(problem: Problem, lang: str | None = None) -> str | None:
    """The problem's column as the user's file headed it (``成立日期`` for ``founded``).

    Where the input had no header of its own for the column (a JSON document, a table with
    scoplan's English headers), a Chinese ``lang`` gives the schema's Chinese header, any
    other the canonical name.
    """
    header = problem.params.get("header")
    if isinstance(header, str) or problem.column is None:
        return header if isinstance(header, str) else None
    table = TABLES_BY_NAME.get(problem.table or "")
    if lang == "zh" and table is not None:
        return next((c.alias for c in table.columns if c.name == problem.column), problem.column)
    return problem.column


TOWNSHIP_COLUMN = "township"
"""The column a district's sheet has after :data:`COLUMNS`: the township of each row."""


def _rows(
    problems: list[Problem], lang: str, townships: list[str | None] | None = None
) -> list[list[Cell]]:
    """The problem list's rows: each column named as the user's header wrote it, the file
    as a sentence names it (``台账.xlsx中的“社区”``); with ``townships``, each row's township
    last (None where the rows tell none)."""
    rows: list[list[Cell]] = [
        [
            _severity(p.is_warning, lang),
            source_words(p.source, lang),
            p.row if p.row is not None else p.index,
            header_as_written(p, lang),
            _shown_value(p),
            describe_problem(p, lang),
            _text(p.params.get("unit_id")),
            _text(p.params.get("unit_name")),
        ]
        for p in problems
    ]
    if townships is not None:
        for row, township in zip(rows, townships, strict=True):
            row.append(township)
    return rows


SHARED_VALUE = frozenset({"twin_organizations"})
"""The warnings whose value is the first row's id, about the value rows share: an
organization entered twice under two ids, whose name the list shows."""


def _shown_value(problem: Problem) -> str | None:
    """The value a problem list's row shows: the problem's, but the name the rows share
    (the row's name, as read) of an organization entered twice."""
    if problem.code in SHARED_VALUE:
        return _text(problem.params.get("unit_name")) or problem.value
    return problem.value


def _header(lang: str, townships: bool) -> list[str]:
    """The header of a sheet of problems; ``townships``: with the township column."""
    names = (*COLUMNS, TOWNSHIP_COLUMN) if townships else COLUMNS
    return [translate(f"check.column.{name}", lang) for name in names]


def _city_level(checkup: Checkup, lang: str) -> str:
    """The level above the districts as the plan says it: 市本级, 区本级 for a plan of one
    district (:func:`scoplan.engine.plan_terms`)."""
    return translate("scope.city", lang, checkup.terms.get(lang))


def _text(value: Any) -> str | None:
    """A cell of the row a problem is in, as read, or None."""
    return value if isinstance(value, str) and value.strip() else None


def _title(checkup: Checkup, lang: str, checked: dt.date | None) -> str:
    """The row above each sheet's header: the register checked, by its file or folder's
    name, and the day (``黄山市社区社会组织台账的问题清单（2024年12月15日检查）``)."""
    day = checked or dt.date.today()
    date = translate("report.date", lang, year=day.year, month=day.month, day=day.day)
    name = PurePath(checkup.source).name or checkup.source
    return translate("check.title", lang, source=name, date=date)


def _severity(problem_is_warning: bool, lang: str) -> str:
    return translate("check.warning" if problem_is_warning else "check.error", lang)


def as_text(checkup: Checkup, lang: str) -> str:
    """One line per problem (``错误：`` / ``警告：``), then a line counting them — all of
    them, those a line counts without listing them included. Each line names its district
    (``（属屯溪区）``), unless the data has but one. A warning split by district
    (an unknown code in three districts' rows) is one line, with all its rows and districts
    (:func:`_said_once`), and counts as one; the workbook and JSON keep each district's part."""
    lines = []
    said = _said_once(checkup)
    # a register of one district: every line would say it, saying nothing
    alone = len(checkup.district_names) == 1
    for problem, districts in said:
        line = problem_line(problem, lang)
        names = [checkup.district_names.get(d or "") for d in districts]
        if len(districts) > 1 and None in districts:
            # a warning split between districts' rows and the city level's: the districts,
            # then the city level as the problem list's sheet of it names it (市本级)
            names = [name for name, d in zip(names, districts, strict=True) if d is not None]
            names = [*names, _city_level(checkup, lang)] if all(names) else [None]
        elif alone:
            names = [None]
        if all(names) and not any(name in line for name in names if name):
            # a warning split by district would read alike: say whose it is
            joined = translate("check.district_joiner", lang).join(
                shown(name, NAME_LIMIT, lang)
                for name in names
                if name  # from the data
            )
            line = translate("check.in_district", lang, line=line, district=joined)
        lines.append(line)
    errors = how_many(p for p, _ in said if not p.is_warning)
    warnings = how_many(p for p, _ in said if p.is_warning)
    key = "check.clean" if not checkup.problems else "check.summary"
    source = source_words(checkup.source, lang)
    lines.append(translate(key, lang, errors=errors, warnings=warnings, source=source))
    return "\n".join(lines) + "\n"


def _said_once(checkup: Checkup) -> list[tuple[Problem, tuple[str | None, ...]]]:
    """The problems as a list of lines says them, each with its districts: a warning about
    many rows that checking split by district (one unknown code in the rows of three, each
    part with ``whole_count``) said once, at its first part, with the rows of all and the
    districts of each; every other problem as it is, with its own district."""
    said: list[tuple[Problem, tuple[str | None, ...]]] = []
    first: dict[tuple[object, ...], int] = {}
    for problem, district in zip(checkup.problems, checkup.districts, strict=True):
        if "whole_count" not in problem.params:
            said.append((problem, (district,)))
            continue
        key = (problem.code, problem.source, problem.table, problem.column, problem.value)
        if key in first:
            whole, districts = said[first[key]]
            said[first[key]] = (whole, (*districts, district))
            continue
        params = dict(problem.params)
        for name in ("count", "rows", "rows_zh"):
            params[name] = params.pop(f"whole_{name}")
        first[key] = len(said)
        said.append((attrs.evolve(problem, params=params), (district,)))
    return said


def as_json(checkup: Checkup) -> str:
    """The problems as plain data, each with its district and both languages' message;
    ``errors`` and ``warnings`` count them all, those a line counts without listing them
    (``more``, ``more_from``) included. A district's part of a warning split by district
    (:func:`_said_once`) has the whole warning's ``whole_count`` and ``whole_rows`` (``2,
    5, 6``), for a program to group the parts as ``warnings`` counts them (once); any other
    problem has them null. ``township_id`` and ``township``: the township of the problem's
    row, where the rows tell it (:attr:`~scoplan.checkup.Checkup.townships`), else null."""
    rows: list[dict[str, Any]] = []
    returns = checkup.returns or (None,) * len(checkup.problems)
    for position, (problem, district, made_in) in enumerate(
        zip(checkup.problems, checkup.districts, returns, strict=True)
    ):
        township = checkup.townships[position] if checkup.townships else None
        rows.append(
            {
                "severity": problem.severity,
                "code": problem.code,
                "source": problem.source,
                "table": problem.table,
                "row": problem.row,
                "index": problem.index,
                "column": problem.column,
                "header": header_as_written(problem),
                "value": problem.value,
                "district_id": district,
                "district": checkup.district_names.get(district or "", None),
                "township_id": township,
                "township": checkup.township_of(position),
                "message": describe_problem(problem, "en"),
                "message_zh": describe_problem(problem, "zh"),
                "whole_count": problem.params.get("whole_count"),
                "whole_rows": problem.params.get("whole_rows"),
                **({"return": made_in} if checkup.return_names else {}),
            }
        )
    listing = {
        "source": checkup.source,
        "errors": checkup.error_count,
        "warnings": checkup.warning_count,
        "problems": rows,
    }
    return _json.dumps(listing) + "\n"


def as_workbook(checkup: Checkup, lang: str, checked: dt.date | None = None) -> bytes:
    """A workbook: a sheet counting each district's problems (all of them, those a line
    counts without listing them included), then a sheet per district with its own, each
    with the township of its row (:meth:`~scoplan.checkup.Checkup.township_of`), and one
    for the city level and whole files, named in the plan's words (区本级及整体). Each sheet
    says above its header the register checked and the day, ``checked`` (today)."""
    from openpyxl import Workbook

    from scoplan.renderers import cells
    from scoplan.renderers.xlsx import _sheet_name, _write_table

    book = Workbook(write_only=True)
    used: set[str] = set()

    def sheet(name: str) -> Any:
        title = _sheet_name(name, used)
        used.add(title)
        return book.create_sheet(title)

    if checkup.return_names:
        return _returns_workbook(checkup, lang, checked)
    heading = _title(checkup, lang, checked)
    grouped = checkup.by_district()
    at = _positions(checkup.districts)
    # every district, those with nothing to mend too: the bureau sees who is done
    order: list[str | None] = [
        *sorted({d for d in grouped if d is not None} | set(checkup.district_names))
    ]
    if None in grouped:
        order.append(None)

    def title(district: str | None) -> str:
        if district is None:
            named = translate("check.city_sheet", lang, level=_city_level(checkup, lang))
            return named[:1].upper() + named[1:]  # (city level and whole files: a title)
        return checkup.district_names.get(district, district)

    header = [
        translate(f"check.column.{name}", lang) for name in ("district", "errors", "warnings")
    ]
    summary: list[list[cells.Cell]] = [
        [
            title(d),
            how_many(p for p in grouped.get(d, []) if not p.is_warning),
            how_many(p for p in grouped.get(d, []) if p.is_warning),
        ]
        for d in order
    ]
    _write_table(sheet(translate("check.summary_sheet", lang)), header, summary, title=heading)
    for district in order:
        if district not in grouped:
            continue
        # a district's rows with their townships: each township finds its own
        towns = None if district is None else [checkup.township_of(i) for i in at[district]]
        rows = _rows(grouped[district], lang, towns)
        columns = _header(lang, towns is not None)
        _write_table(sheet(title(district)), columns, rows, title=heading)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _positions(keys: tuple[str | None, ...]) -> dict[str | None, list[int]]:
    """The positions of the problems of each key (a district, a return), in order."""
    found: dict[str | None, list[int]] = {}
    for position, key in enumerate(keys):
        found.setdefault(key, []).append(position)
    return found


def _returns_workbook(checkup: Checkup, lang: str, checked: dt.date | None) -> bytes:
    """A folder of returns' problem list: a sheet counting each return's problems, and
    listing each unit that sent none as 未交, then a sheet per return with its own (to send
    back to the one who made it; each row with its township), and one for the whole folder
    (the returns missing)."""
    from openpyxl import Workbook

    from scoplan.renderers import cells
    from scoplan.renderers.xlsx import _sheet_name, _write_table

    book = Workbook(write_only=True)
    used: set[str] = set()

    def sheet(name: str) -> Any:
        title = _sheet_name(name, used)
        used.add(title)
        return book.create_sheet(title)

    grouped = checkup.by_return()
    at = checkup.return_positions()
    heading = _title(checkup, lang, checked)
    order: list[str | None] = list(checkup.return_names)
    if grouped.get(None):
        order.append(None)

    def title(name: str | None) -> str:
        return name if name is not None else translate("check.return_sheet", lang)

    names = ("return", "errors", "warnings", "returned")
    header = [translate(f"check.column.{n}", lang) for n in names]
    returned = translate("check.returned", lang)
    summary: list[list[cells.Cell]] = [
        [
            title(name),
            how_many(p for p in grouped.get(name, []) if not p.is_warning),
            how_many(p for p in grouped.get(name, []) if p.is_warning),
            returned if name is not None else None,
        ]
        for name in order
    ]
    # the units that sent nothing, each a line of its own: who is still to send
    missing = [_missing(p, lang) for p in grouped.get(None, []) if p.code in MISSING]
    not_returned = translate("check.not_returned", lang)
    at_end = len(summary) - (None in order)
    summary[at_end:at_end] = [[name, None, None, not_returned] for name in missing]
    _write_table(sheet(translate("check.summary_sheet", lang)), header, summary, title=heading)
    for name in order:
        if not grouped.get(name):
            continue
        # a return of a district's has many townships' rows: each finds its own
        towns = None if name is None else [checkup.township_of(i) for i in at[name]]
        rows = _rows(grouped[name], lang, towns)
        columns = _header(lang, towns is not None)
        _write_table(sheet(title(name)), columns, rows, title=heading)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


MISSING = frozenset({"no_return", "no_township_return"})
"""The warnings of a unit that sent no return."""


def _missing(problem: Problem, lang: str) -> str:
    """The unit a ``no_return`` warning is about, as the summary lists it: 书院镇（310115142）."""
    return translate(
        "check.missing_return", lang, unit=problem.params.get("unit"), id=problem.params.get("id")
    )
