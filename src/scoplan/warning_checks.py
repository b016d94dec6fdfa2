"""What the data may have got wrong without being invalid: warnings, not errors.

A register can be valid cell by cell and still say something its keeper did not mean: a
platform of a kind no target knows (``社会组织培育发展服务中心`` for ``培育发展服务中心``), a
community whose official code points to another township than the one it is filed under, an
organization founded in 2032. None of these stops the run — the bureau's register is
authoritative, and open lists are open for plugins — but each is said, never dropped
quietly: :func:`find_warnings` returns them as :class:`~scoplan.Problem` records of
severity ``warning``, each with its file, first row, column and value, in file and row order.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Iterable, Mapping, Sequence

import polars as pl

from scoplan._exceptions import WARNING, Problem
from scoplan.cell_typing import grouped, listed
from scoplan.divisions import CITY_CODE, official_warnings
from scoplan.i18n import FRAMES_SOURCE
from scoplan.loaders.contract import ROW, RawTable, twin_key_of
from scoplan.schema import CITY_ALIASES, LIST, TABLES, TABLES_BY_NAME, TRUE_WORDS, Column, Table

ROWS_NAMED = 5
"""How many row numbers a warning names before it only counts the rest."""

OFFICIAL_DIGITS = {"districts": 6, "townships": 9, "communities": 12}
"""Digits of an official statistical division code at each level of the hierarchy."""
PARENTS = {"townships": ("district_id", "districts"), "communities": ("township_id", "townships")}

FUTURE_DATES = {
    "organizations": ("founded", "brand"),
    "federations": ("founded",),
    "establishments": ("established",),
    "brand_projects": ("designated",),
    "events": ("date",),
}
"""Dates that say something happened: one after the day of loading is a slip of the key."""

END_DATES = {"organizations": "dissolved", "federations": "dissolved", "establishments": "ended"}
"""The date each table's rows end on (注销日期, 撤销日期): blank, a row counts as running."""
_ENDED = re.compile(r"注销|撤销|撤消|解散|取缔|终止|撤并")
"""Words that say a row ended, in a column of the bureau's own (状态: 已注销; 备注)."""

ExtraCodes = Mapping[tuple[str, str], Mapping[str, tuple[str, ...]]]
"""Codes of open lists that plugins know: (table, column) → code → its other spellings."""


def find_warnings(
    raws: Mapping[str, RawTable],
    frames: Mapping[str, pl.DataFrame],
    *,
    extra_codes: ExtraCodes | None = None,
    today: dt.date | None = None,
    whole: bool = True,
) -> list[Problem]:
    """Every warning about typed ``frames`` (which still hold ``ROW``), in table and row order;
    with ``whole`` (a whole register, not a part of one), those of what it lacks too."""
    found: list[Problem] = []
    today = today or dt.date.today()
    # the rows warned of as no official code: the parent check does not say their codes again
    covered: dict[str, set[int]] = {}
    unchecked = {k: r for k, r in raws.items() if not r.checked}
    found += official_warnings(unchecked, frames, covered=covered, whole=whole)
    for table in TABLES:
        frame = frames.get(table.name)
        raw = raws.get(table.name)
        if frame is None or raw is None or raw.checked:
            continue
        found += unknown_codes(table, raw, frame, extra_codes)
        found += _unnamed_columns(raw, frame)
        if table.name in END_DATES:
            found += _ended_undated(raw, frame, table.name)
            found += _end_date_absent(raw, frame, table)
        found += _future_dates(raw, frame, FUTURE_DATES.get(table.name, ()), today)
        found += _early_dates(raw, frame, FUTURE_DATES.get(table.name, ()))
        if table.name == "organizations":
            found += _blank_registration(raw, frame)
            found += _twins(raw, frame)
        if table.name == "districts":
            cities = _city_as_district(raw, frame)
            found += cities
            if whole:  # (the city filed as a district has no township, and is said so)
                rows = [p.row if p.row is not None else p.index for p in cities]
                others = frame.filter(~pl.col(ROW).is_in(rows))
                found += _without_townships(raw, others, frames.get("townships"))
        if table.name in PARENTS:
            skipped = covered.get(table.name, set())
            found += _parent_codes(raw, frame, frames, *PARENTS[table.name], skipped)
    return sorted(found, key=_order)


def _order(problem: Problem) -> tuple[str, int, str]:
    return (problem.source, problem.row or problem.index or 0, problem.column or "")


def _rows(raw: RawTable, rows: Iterable[int], count: int) -> dict[str, str]:
    """The rows named (the first :data:`ROWS_NAMED`), ``3, 4`` and, in Chinese, as a bureau
    writes them: ``第3、4行``, or ``第0、1项`` for the items of a JSON list."""
    numbers = [str(row) for row in rows]
    more = "" if count <= ROWS_NAMED else " …"
    word = "项" if raw.numbering == "index" else "行"
    return {"rows": ", ".join(numbers) + more, "rows_zh": f"第{'、'.join(numbers)}{more}{word}"}


def _whole(raw: RawTable, count: int, all_rows: pl.Series) -> dict[str, object]:
    """For a warning about ``count`` rows of one group (district) of a kind found in
    ``all_rows`` of every group: those all told (``whole_count``, ``whole_rows``,
    ``whole_rows_zh``), for a list of every district's problems to say it once
    (``scoplan check``'s text). Nothing when the group holds them all."""
    if all_rows.len() == count:
        return {}
    named = _rows(raw, all_rows.sort().head(ROWS_NAMED).to_list(), all_rows.len())
    return {"whole_count": all_rows.len(), **{f"whole_{k}": v for k, v in named.items()}}


def _warning(
    raw: RawTable,
    code: str,
    at: int,
    params: Mapping[str, object],
    *,
    column: str | None = None,
    value: str | None = None,
) -> Problem:
    """A warning ``code`` about row ``at`` of ``raw`` (an index, in a JSON list)."""
    indexed = raw.numbering == "index"
    return Problem(
        code,
        raw.source,
        table=raw.name,
        row=None if indexed else at,
        index=at if indexed else None,
        column=column,
        value=value,
        params=params,
        severity=WARNING,
    )


def nearest_code(value: str, codes: Mapping[str, tuple[str, ...]]) -> str | None:
    """The known code ``value`` most likely means, or None.

    A spelling of a code that ``value`` contains, or that contains it, wins (the longest:
    ``社会组织培育发展服务中心`` holds ``培育发展服务中心``); otherwise the closest spelling by
    :func:`difflib.get_close_matches`, if it is close enough.
    """
    spellings = {code: code for code in codes}
    for code, aliases in codes.items():
        spellings.update(dict.fromkeys(aliases, code))
    lowered = value.lower()
    inside = [s for s in spellings if len(s) > 1 and (s.lower() in lowered or lowered in s.lower())]
    if inside:
        return spellings[max(inside, key=len)]
    close = difflib.get_close_matches(value, list(spellings), n=1, cutoff=0.6)
    return spellings[close[0]] if close else None


def unknown_codes(
    table: Table, raw: RawTable, frame: pl.DataFrame, extra_codes: ExtraCodes | None = None
) -> list[Problem]:
    """A warning for each value of an open list of ``table`` in ``frame`` (typed rows of
    ``raw``, with ``ROW``) that neither DATA.md nor ``extra_codes`` knows, in column order:
    for rows read and for rows added alike (:func:`scoplan.whatif.with_additions`)."""
    found: list[Problem] = []
    for column in table.columns:
        if column.open_codes and column.name in frame.columns:
            extra = (extra_codes or {}).get((table.name, column.name), {})
            found += _unknown_codes(raw, frame, column, extra)
    return found


def _unknown_codes(
    raw: RawTable, frame: pl.DataFrame, column: Column, extra: Mapping[str, tuple[str, ...]]
) -> list[Problem]:
    codes = {**(column.codes or {}), **extra}
    # the distinct values first (a handful in millions of cells): rows only for unknown ones
    cells = pl.col(column.name).explode() if column.type == LIST else pl.col(column.name)
    distinct = frame.select(cells.drop_nulls().unique()).to_series()
    if distinct.is_in(list(codes)).all():
        return []
    values = frame.select(ROW, pl.col(column.name).alias("__value"))
    if column.type == LIST:
        values = values.explode("__value")
    unknown = values.filter(pl.col("__value").is_not_null() & ~pl.col("__value").is_in(list(codes)))
    if unknown.is_empty():
        return []
    # one warning for each value — in each group of rows (district) where groups are in force
    groups = (
        grouped(raw, unknown)
        .group_by("__value", "__group", maintain_order=True)
        .agg(pl.col(ROW).head(ROWS_NAMED).alias("rows"), pl.len().alias("count"))
        .select("__value", "rows", "count")
    )
    problems = []
    for value, rows, count in groups.iter_rows():
        suggestion = nearest_code(value, codes)
        params: dict[str, object] = {"count": count, **_rows(raw, rows, count)}
        every = unknown.filter(pl.col("__value") == value).get_column(ROW)
        params |= _whole(raw, count, every)
        code = "unknown_code"
        if suggestion is not None:
            code = "unknown_code_near"
            aliases = codes.get(suggestion, ())
            params["suggestion"] = suggestion
            # in Chinese the word the data may be written in, not the code (issue 15)
            params["suggestion_zh"] = aliases[0] if aliases else suggestion
        problems.append(_warning(raw, code, rows[0], params, column=column.name, value=value))
    return problems


def _blank_registration(raw: RawTable, frame: pl.DataFrame) -> list[Problem]:
    """Organizations whose registration (登记状态) is not given: the measures that count
    社区社会组织 count the registered and filed only, so these count nowhere by default."""
    if frame.is_empty() or "registration" not in frame.columns:
        return []
    blank = frame.filter(pl.col("registration").is_null()).get_column(ROW)
    if not raw.typed and "registration" in raw.frame.columns:
        # a cell holding a code that is not one is an error already, not also a blank
        text = pl.col("registration").cast(pl.String).str.strip_chars()
        written = raw.frame.filter(text.is_not_null() & (text != "")).get_column(ROW)
        blank = blank.filter(~blank.is_in(written.implode()))
    if blank.is_empty():
        return []
    if blank.len() == frame.height:
        # no column, or an empty one: one warning for the file, not one for each
        # district's rows
        at = raw.header_row if raw.numbering == "row" else None
        return [
            Problem(
                "registration_absent",
                raw.source,
                table=raw.name,
                row=at,
                params={"count": frame.height},
                severity=WARNING,
            )
        ]
    # one warning — for each group of rows (district) where groups are in force
    groups = (
        grouped(raw, blank.to_frame(ROW))
        .group_by("__group", maintain_order=True)
        .agg(pl.col(ROW).head(ROWS_NAMED).alias("rows"), pl.len().alias("count"))
    )
    problems = []
    for _, rows, count in groups.iter_rows():
        params = {"count": count, **_rows(raw, rows, count), **_whole(raw, count, blank)}
        problems.append(_warning(raw, "registration_blank", rows[0], params, column="registration"))
    return problems


def _future_dates(
    raw: RawTable, frame: pl.DataFrame, columns: Iterable[str], today: dt.date
) -> list[Problem]:
    problems = []
    for name in columns:
        if name not in frame.columns or frame.schema[name] != pl.Date:
            continue
        late = frame.filter(pl.col(name) > today).select(ROW, name)
        shown, more = listed(raw, late, name, WARNING)
        for row, day in shown.iter_rows():
            # each day as a Chinese document writes it in a Chinese message (2032年8月8日)
            params = {
                "day": day.isoformat(),
                "day_zh": f"{day.year}年{day.month}月{day.day}日",
                "today": today.isoformat(),
                "today_zh": f"{today.year}年{today.month}月{today.day}日",
            }
            late_day = _warning(raw, "future_date", row, params, column=name, value=day.isoformat())
            problems.append(late_day)
        problems += more
    return problems


_UNNAMED = re.compile(r"^column_([0-9]+)$")
"""How a column with a blank header is named as it is read (its place, from 1)."""


def _unnamed_columns(raw: RawTable, frame: pl.DataFrame) -> list[Problem]:
    """One warning for each column with a blank header and cells filled: a header lost (a
    heading merged above it, a third header row), whose cells count for nothing."""
    problems = []
    for name in frame.columns:
        match = _UNNAMED.match(name)
        if match is None or frame.schema[name] != pl.String:
            continue
        filled = frame.filter(pl.col(name).str.strip_chars() != "").get_column(ROW)
        if not filled.len():
            continue
        place = int(match.group(1))
        rows = filled.head(ROWS_NAMED).to_list()
        params = {"place": place, "count": filled.len(), **_rows(raw, rows, filled.len())}
        params["letter"] = _letter(place)
        problems.append(_warning(raw, "unnamed_column", rows[0], params))
    return problems


def _city_as_district(raw: RawTable, frame: pl.DataFrame) -> list[Problem]:
    """A warning for each row of 区县 that is the city itself — its id the city's own code
    (341000), its name 市本级, 全市, 市级, or the city's (黄山市, 黄山市本级): counted as one
    more district in every measure by district, where the city level needs no row."""
    if "id" not in frame.columns:
        return []
    said = pl.col("id").str.contains(CITY_CODE)
    if "name" in frame.columns:
        name = pl.col("name").str.normalize("NFKC").str.strip_chars()
        said = said | name.is_in(list(CITY_ALIASES))
        if "city" in frame.columns:
            city = pl.col("city").str.normalize("NFKC").str.strip_chars()
            said = said | (name == city) | (name == city + "本级")
    if frame.height == 1 and frame.get_column("id").str.contains(CITY_CODE).all():
        # a city without counties (东莞市): its one county-level unit is the city itself,
        # under the city's own code (441900), and its townships' district
        return []
    shown = pl.col("name") if "name" in frame.columns else pl.col("id")
    rows = frame.filter(said.fill_null(False)).select(ROW, "id", shown.alias("__name"))
    return [
        _warning(raw, "city_as_district", row, {"name": name or id}, column="id", value=id)
        for row, id, name in rows.iter_rows()
    ]


def _without_townships(
    raw: RawTable, frame: pl.DataFrame, townships: pl.DataFrame | None
) -> list[Problem]:
    """A warning for each district (区, 县; not a development zone, which may keep none) that
    no row of 乡镇街道 is under: every figure of it would be reckoned on no unit — a block of
    rows left out as much as a district with none."""
    if townships is None or "district_id" not in townships.columns or "id" not in frame.columns:
        return []
    under = townships.get_column("district_id").drop_nulls().unique().implode()
    alone = ~pl.col("id").is_in(under)
    if "kind" in frame.columns:
        alone = alone & (pl.col("kind").fill_null("") != "zone")
    shown = pl.col("name") if "name" in frame.columns else pl.col("id")
    rows = frame.filter(alone.fill_null(False)).select(ROW, "id", shown.alias("__name"))
    return [
        _warning(raw, "district_without_townships", row, {"name": name or id}, value=id)
        for row, id, name in rows.iter_rows()
    ]


def _ended_undated(raw: RawTable, frame: pl.DataFrame, table: str) -> list[Problem]:
    """One warning for each column of the bureau's own (状态, 备注, 是否注销) that says rows
    ended — 已注销, 撤销; or 是 under a header that asks so — whose end date (注销日期,
    撤销日期) is blank: each counts as running in every measure, the column counting for
    nothing."""
    end = END_DATES[table]
    if end not in frame.columns or frame.is_empty():
        return []
    known = {column.name for column in TABLES_BY_NAME[table].columns}
    yes = list(TRUE_WORDS)
    problems = []
    for name in frame.columns:
        if name in known or name.startswith("__") or frame.schema[name] != pl.String:
            continue
        cell = pl.col(name).str.strip_chars()
        said = cell.str.contains(_ENDED.pattern)
        if _ENDED.search(name):
            said = said | cell.str.to_lowercase().is_in(yes)
        ended = frame.filter(said.fill_null(False) & pl.col(end).is_null()).select(ROW, name)
        if ended.is_empty():
            continue
        # one warning — for each group of rows (district) where groups are in force
        groups = (
            grouped(raw, ended)
            .group_by("__group", maintain_order=True)
            .agg(pl.col(ROW).head(ROWS_NAMED).alias("rows"), pl.len(), pl.col(name).first())
        )
        # as the file's header, or the mapping, names it (zxrq), else in the file's language
        header = raw.headers.get(end) or raw.mapped.get(end)
        header = header or _in_their_language(raw, TABLES_BY_NAME[table], end)
        for _, rows, count, value in groups.iter_rows():
            params = {"count": count, "end": header, **_rows(raw, rows, count)}
            problems.append(
                _warning(raw, "ended_undated", rows[0], params, column=name, value=value)
            )
    return problems


def _end_date_absent(raw: RawTable, frame: pl.DataFrame, table: Table) -> list[Problem]:
    """A warning where a table with rows has no end date column (注销日期, 撤销日期): every
    row counts as running in every measure, those dissolved too. A column of the bureau's
    own half of whose filled cells or more are dates (终止日期, 退出时间) is named: it may
    be that column under another header. Where a database's mapping file names the column
    and the table lacks it, the column is named as the mapping names it (zxrq), and the
    mapping file too. Not for a JSON document, nor for tables a program passed, whose
    records may leave a key out where it is empty."""
    end = END_DATES[table.name]
    given = raw.source.partition(": ")[0] == FRAMES_SOURCE  # rows from 1, yet records
    if raw.numbering == "index" or given or frame.is_empty():
        return []
    if end in raw.frame.columns:  # (typing adds it empty to the typed frame)
        return []
    header = _in_their_language(raw, table, end)
    alias = next(c.alias for c in table.columns if c.name == end)
    params: dict[str, object] = {
        "table": table.name,
        "table_zh": table.alias,
        "end": header,
        "ended": end,
        "ended_zh": alias.removesuffix("日期"),
    }
    if end in raw.mapped:
        # the mapping names a column the database lacks: the fix is the mapping, or the column
        params |= {"end": raw.mapped[end], "mapping": raw.mapping or "-", "name_zh": alias}
        params["name"] = end
        return [
            Problem(
                "end_column_unmapped", raw.source, table=raw.name, params=params, severity=WARNING
            )
        ]
    dated = _dated_columns(frame, table)
    code = "end_column_absent"
    if dated:
        code = "end_column_unknown"
        params |= {"columns": ", ".join(dated), "columns_zh": "、".join(f"“{c}”" for c in dated)}
    return [Problem(code, raw.source, table=raw.name, params=params, severity=WARNING)]


def _dated_columns(frame: pl.DataFrame, table: Table) -> list[str]:
    """The columns of the bureau's own in ``frame`` (not of ``table``, nor unnamed) with a
    filled cell, half of whose filled cells or more are dates."""
    from scoplan.cell_typing import date_of

    known = {column.name for column in table.columns}
    names = [
        name
        for name in frame.columns
        if name not in known
        and not name.startswith("__")
        and not _UNNAMED.match(name)
        and frame.schema[name] == pl.String
    ]
    if not names:
        return []
    marks = []
    for i, name in enumerate(names):
        cell = pl.col(name).str.strip_chars()
        filled = (cell.fill_null("") != "").sum()
        days = date_of(cell).is_not_null().sum()
        marks.append(((days > 0) & (days * 2 >= filled)).alias(str(i)))
    found = frame.select(marks).row(0)
    return [name for name, dated in zip(names, found, strict=True) if dated]


def _in_their_language(raw: RawTable, table: Table, name: str) -> str:
    """A column the file lacks, named as its headers are written: in Chinese beside Chinese
    headers (注销日期), else by its name."""
    written = "".join(raw.headers.values())
    chinese = any("\u4e00" <= character <= "\u9fff" for character in written)
    return next(c.alias for c in table.columns if c.name == name) if chinese else name


def _letter(place: int) -> str:
    """A column's letter as a spreadsheet names it: 1 is A, 27 is AA."""
    letters = ""
    while place:
        place, rest = divmod(place - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _early_dates(raw: RawTable, frame: pl.DataFrame, columns: Iterable[str]) -> list[Problem]:
    """One warning per date before 1949-10-01 in a column that says something happened, with
    its rows: 1900-01-01 in 499 rows is a placeholder for a date nobody knew, and counts
    those organizations as active in every year of the plan."""
    from scoplan.limits import EARLIEST

    problems = []
    for name in columns:
        if name not in frame.columns or frame.schema[name] != pl.Date:
            continue
        # one warning for each date — in each group of rows (district) where groups are in force
        early = (
            grouped(raw, frame.filter(pl.col(name) < EARLIEST).select(ROW, name))
            .group_by(name, "__group", maintain_order=True)
            .agg(pl.col(ROW).sort())
            .select(name, ROW)
        )
        for day, rows in early.iter_rows():
            params = {"count": len(rows), **_rows(raw, rows[:ROWS_NAMED], len(rows))}
            every = frame.filter(pl.col(name) == day).get_column(ROW)
            params |= _whole(raw, len(rows), every)
            said = day.isoformat()
            problems.append(_warning(raw, "early_date", rows[0], params, column=name, value=said))
    return problems


def _twins(raw: RawTable, frame: pl.DataFrame) -> list[Problem]:
    """One warning for the organizations alike in community, name and founding date under
    other ids: the same organization entered twice (two registers merged), each counted. It
    names the first :data:`ROWS_NAMED` sets by their rows. Told by
    :func:`~scoplan.loaders.contract.twin_key`, so that a loader that let the names go
    (:data:`~scoplan.loaders.contract.TWIN_KEY`) is told alike. Rows alike under the same id
    are no twins: the duplicate id is an error of its own (a row repeated by a bad join),
    and nothing was counted."""
    key = twin_key_of(frame.columns)
    if key is None:
        return []
    keyed = frame.select(ROW, "id", key.alias("__key")).filter(pl.col("__key").is_not_null())
    if keyed.get_column("__key").n_unique() == keyed.height:
        # no two alike, told by counting (a country's 5 million: 0.2 s, where marking each
        # row's twins takes 1 s)
        return []
    every = (
        keyed.filter(pl.col("__key").is_duplicated())
        .group_by("__key")
        .agg(pl.col(ROW).sort(), pl.col("id").sort_by(ROW))
        .filter(pl.col("id").list.n_unique() > 1)
        .with_columns(pl.col(ROW).list.first().alias("__first"))
        .sort("__first")
    )
    # one warning — for each group of rows (district) where groups are in force: a set is of
    # one community, in one district
    placed = grouped(raw, every.select(pl.col("__first").alias(ROW))).get_column("__group")
    return [
        problem
        for _, sets in every.with_columns(placed.alias("__group")).group_by(
            "__group", maintain_order=True
        )
        for problem in _twin_sets(raw, sets)
    ]


def _twin_sets(raw: RawTable, sets: pl.DataFrame) -> list[Problem]:
    """The warning of :func:`_twins` for these sets (``ROW`` and ``id`` lists, in order)."""
    if not sets.height:
        return []
    shown = sets.select("__key", ROW, "id").head(ROWS_NAMED).rows()
    each = [_rows(raw, rows, len(rows)) for _, rows, _ in shown]
    more = " …" if sets.height > ROWS_NAMED else ""
    params = {
        "sets": sets.height,
        "count": int(sets.get_column(ROW).list.len().sum()),
        # an id left blank (an error of its own, said beside) is a dash, not "None"
        "ids": "、".join("/".join(_distinct(ids)[:2]) for _, _, ids in shown) + more,
        "rows": "; ".join(said["rows"] for said in each) + more,
        "rows_zh": "；".join(said["rows_zh"] for said in each) + more,
    }
    first_row, first_id = shown[0][1][0], str(shown[0][2][0] or "")
    twins = _warning(raw, "twin_organizations", first_row, params, column="name", value=first_id)
    return [twins]


def _distinct(ids: Sequence[str | None]) -> list[str]:
    """A set's ids as its warning names them: each once, in row order; a blank (an error
    of its own, said beside) a dash, not "None"."""
    return list(dict.fromkeys(id or "—" for id in ids))


def _parent_codes(
    raw: RawTable,
    frame: pl.DataFrame,
    frames: Mapping[str, pl.DataFrame],
    reference: str,
    parent_table: str,
    covered: Collection[int] = (),
) -> list[Problem]:
    """Units whose code-shaped id does not begin with the code of their parent. Said by
    the official table (``按统计用区划代码属于“歙县”``) where the id is an official code;
    else by its digits alone, the table saying nothing of a code it lacks — and not at all
    for the rows ``covered``, whose warning of no official code says what the table says
    of them (:func:`scoplan.divisions.official_warnings`)."""
    from scoplan.divisions import names as official_names

    parents = frames.get(parent_table)
    if parents is None or reference not in frame.columns:
        return []
    digits = OFFICIAL_DIGITS[raw.name]
    parent_digits = OFFICIAL_DIGITS[parent_table]
    official = pl.col("id").str.contains(rf"^\d{{{digits}}}$") & pl.col(reference).str.contains(
        rf"^\d{{{parent_digits}}}$"
    )
    wrong = frame.filter(
        official
        & (pl.col("id").str.slice(0, parent_digits) != pl.col(reference))
        & ~pl.col(ROW).is_in(list(covered))
    ).select(ROW, "id", reference, pl.col("id").str.slice(0, parent_digits).alias("__points"))
    if wrong.is_empty():
        return []
    named = pl.concat([wrong.get_column("__points"), wrong.get_column(reference)]).unique()
    names = dict(
        parents.filter(pl.col("id").is_in(named.implode())).select("id", "name").iter_rows()
    )
    known = official_names([*wrong.get_column("id"), *wrong.get_column("__points")])
    problems = []
    for row, unit, filed, points in wrong.iter_rows():
        if unit in known:
            key = "parent_code"
            said_points = known.get(points) or names.get(points, "")
        else:
            key = "parent_code_digits" if points in names else "parent_code_absent"
            said_points = names.get(points, "")
        params: dict[str, object] = {"id": unit, "points": points, "points_name": said_points}
        if key != "parent_code":
            params["digits"] = parent_digits
        # the unit it is filed under by its name too, as the one its code says is
        said = names.get(filed)
        params["filed"] = f"{said!r} ({filed})" if said else repr(filed)
        params["filed_zh"] = f"“{said}”（{filed}）" if said else f"“{filed}”"
        problems.append(_warning(raw, key, row, params, column=reference, value=filed))
    return problems
