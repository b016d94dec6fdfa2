"""What the loaders share: which table a file or sheet is (English or Chinese, or a summary
sheet to skip), which column each header names, and raw tables from rows given as mappings
(a JSON document's, a what-if's, a plugin loader's)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import attrs
import polars as pl

from scoplan._exceptions import WARNING, Problem
from scoplan.i18n import source_words
from scoplan.limits import current, over
from scoplan.loaders.contract import ITEMS, ROW, RawTable, one_line
from scoplan.schema import LIST, LIST_SEPARATORS, TABLE_ALIASES, TABLES_BY_NAME, Table


def canonical_table(name: str) -> str | None:
    """The canonical table name for an English or Chinese table or file name."""
    name = unicodedata.normalize("NFKC", name).strip()
    return TABLE_ALIASES.get(name.lower()) or TABLE_ALIASES.get(name)


SUMMARY_WORDS = ("汇总", "统计", "合计", "说明", "summary", "total", "readme", "notes")
"""Words of a file or sheet that is about the tables, not one of them (分区县汇总)."""


def unknown_table(
    name: str, source: str, absent: Collection[str] = (), *, hidden: bool = False
) -> Problem:
    """What a file or sheet named ``name`` that is no table gets: an error naming the table
    its name is close to (``社区社会组织表`` → organizations), or holds the name of, where the
    data lacks that table (``活动(1)``, ``活动 - 副本``, ``2023年活动``: read as no table, the
    events would be none); else a warning that it is skipped (a summary sheet, 分区县汇总).
    ``absent``: the tables no other file or sheet is named for. ``hidden``: a sheet Excel
    does not show, whose error says so and how to show it, to rename or delete it.

    The table is suggested in Chinese by its Chinese name (社区社会组织), in English by its
    English one (:func:`suggested_table`)."""
    clean = unicodedata.normalize("NFKC", name).strip()
    summary = summary_name(clean)
    close = [] if summary else difflib.get_close_matches(clean, list(TABLE_ALIASES), 1, 0.6)
    if not close and not summary:
        held = [s for s in TABLE_ALIASES if s.lower() in clean.lower()]
        held = [s for s in held if len(s) >= (4 if s.isascii() else 2)]
        # the longest name it holds (社区社会组织, not 社区), if the data lacks that table
        longest = max(held, key=len, default=None)
        if longest is not None and TABLE_ALIASES[longest] in absent:
            close = [longest]
    if close:
        table = TABLE_ALIASES[close[0]]
        code = "hidden_table_near" if hidden else "unknown_table_near"
        return Problem(code, source, table=name, params=suggested_table(table))
    return Problem("unknown_table", source, table=name, severity=WARNING)


def suggested_table(table: str) -> dict[str, str]:
    """The params naming ``table`` where a message suggests it for a misnamed file or sheet:
    in Chinese by its Chinese name alone (社区社会组织), whatever the name it was taken for
    (``Sheet1``, ``organisation``: either name is read as the table); in English by its
    English name, the Chinese one beside it (``organizations (社区社会组织)``)."""
    alias = TABLES_BY_NAME[table].alias
    return {"suggestion": f"{table} ({alias})", "suggestion_zh": alias}


def duplicate_table(table: str, source: str, other: str, *, hidden: str | None = None) -> Problem:
    """A second file or sheet for ``table`` (``organizations.csv`` beside
    ``社区社会组织.csv``): an error naming both, the table in Chinese too. ``hidden``: the
    title of that second sheet, where Excel does not show it (the error says so)."""
    params = {
        "other": other,
        "other_zh": source_words(other, "zh"),  # 台账.xlsx中的“社区”, not 台账.xlsx: 社区
        "table_zh": TABLES_BY_NAME[table].alias,
    }
    if hidden is None:
        return Problem("duplicate_table", source, table=table, params=params)
    params["sheet"] = hidden
    return Problem("duplicate_hidden_table", source, table=table, params=params)


def hidden_table(table: str, source: str, sheet: str) -> Problem:
    """A sheet Excel does not show, named for ``table`` and read as it (no other sheet is):
    a warning, for the official who sees no such sheet in Excel."""
    params = {"sheet": sheet, "table_zh": TABLES_BY_NAME[table].alias}
    return Problem("hidden_table", source, table=table, params=params, severity=WARNING)


def written_header(header: str) -> str:
    """A header as messages quote it: as written, but on one line (``管理⏎主体``: 管理主体, a
    line break typed in the cell with Alt+Enter being layout) and without a BOM or the
    spaces around it."""
    return one_line(header.replace("\ufeff", "")).strip()


def header_text(header: str) -> str:
    """A header as it is matched to a column: :func:`written_header`, in Unicode NFKC
    (``ｉｄ`` typed in full-width is ``id``)."""
    return unicodedata.normalize("NFKC", written_header(header)).strip()


HEADER_SEARCH_ROWS = 10
"""How far down a header is looked for, below title rows (``黄山市社区社会组织台账``)."""


def header_score(record: Sequence[str | None], table: str) -> int:
    """How many of ``table``'s columns the cells of ``record`` name (by name or header)."""
    known = TABLES_BY_NAME[table]
    names = {c.name for c in known.columns} | {c.alias for c in known.columns}
    cells = {header_text(c or "") for c in record}
    return len(cells & names)


def header_position(records: Sequence[Sequence[str | None]], table: str) -> int:
    """The position among ``records`` (a sheet's or file's first rows) of the header row.

    The first row, unless it names fewer of the table's columns than a later row among the
    first :data:`HEADER_SEARCH_ROWS` that names at least two: then the rows above that one
    are titles (``黄山市社区社会组织台账(2023年)``), not the header.
    """
    scores = [header_score(record, table) for record in records[:HEADER_SEARCH_ROWS]]
    if not scores:
        return 0
    best = max(range(len(scores)), key=lambda i: (scores[i], -i))
    return best if scores[best] >= 2 and scores[best] > scores[0] else 0


def held_table(records: Sequence[Sequence[str | None]]) -> str | None:
    """The table whose header ``records`` (a sheet's first rows) begin with, below any title
    rows (:func:`header_position`), or None: most of that row's cells, and three at least,
    name its columns (as a header's do, a note on a header aside). A sheet of the user's
    naming no table but holding one's rows (``2023年``, ``Sheet2``, ``黟县``) is told so."""
    best: tuple[int, str] | None = None
    for table in TABLES_BY_NAME:
        if not records:
            break
        known = TABLES_BY_NAME[table]
        names = {c.name for c in known.columns} | {c.alias for c in known.columns}
        row = records[header_position(records, table)]
        cells = [header_text(c or "") for c in row]
        cells = [c for c in cells if c]
        score = sum(c in names or without_note(c) in names for c in cells)
        if score >= 3 and 2 * score > len(cells) and (best is None or score > best[0]):
            best = score, table
    return best[1] if best is not None else None


def summary_name(name: str) -> bool:
    """Whether a file or sheet is named as one about the tables, not one of them (分区县汇总)."""
    clean = unicodedata.normalize("NFKC", name).strip().lower()
    return any(word in clean for word in SUMMARY_WORDS)


def held_elsewhere(
    held: Mapping[str, Sequence[tuple[str, str, bool]]],
    sheets: Mapping[str, str],
    book: str,
    *,
    files: bool = False,
) -> list[Problem]:
    """The errors for sheets named for no table that hold a table's rows (:func:`held_table`):
    ``held``, each table → its sheets' titles, places (``台账.xlsx: 2023年``) and whether Excel
    hides them; ``sheets``, each table → the title of the sheet named for it; ``book``, the
    workbook's name. Skipped, their rows would count for nothing, without a word.

    Where the table has its sheet, each is an error: to move its rows there, or to delete it
    if it is a copy. Where it has none, one such sheet is the table misnamed (an error to
    rename it, as for a name close to the table's); several are the table split over them
    (a sheet a district), one error to merge them. ``files``: the same of a folder's CSV
    files (``2023年.csv``), said of files."""
    problems: list[Problem] = []
    for table, places in held.items():
        alias = TABLES_BY_NAME[table].alias
        if table in sheets:
            for title, where, hidden in places:
                params = {"sheet": title, "table_zh": alias, "table_sheet": sheets[table]}
                code = "hidden_rows_elsewhere" if hidden else "rows_elsewhere"
                code = "rows_elsewhere_file" if files else code
                problems.append(Problem(code, where, table=table, params=params))
        elif len(places) == 1:
            [(title, where, hidden)] = places
            code = "hidden_table_near" if hidden else "unknown_table_near"
            problems.append(Problem(code, where, table=title, params=suggested_table(table)))
        else:
            titles = [title for title, _, _ in places]
            split = {
                "count": len(titles),
                "sheets": ", ".join(repr(title) for title in titles),
                "sheets_zh": "、".join(f"“{title}”" for title in titles),
                "table_zh": alias,
            }
            code = "table_split_files" if files else "table_split"
            problems.append(Problem(code, book, table=table, params=split))
    return problems


def two_row_header(
    header: Sequence[str | None], below: Sequence[str | None], table: str
) -> list[str] | None:
    """The header read from two rows, when the row ``below`` the header completes it; else
    None.

    A register whose header groups columns under a merged cell (登记情况 over 登记状态, 规模,
    管理主体) writes the columns' own names in the row below, and the other headers merged
    down two rows (their text in the upper row only). ``below`` completes ``header`` when it
    names a column of ``table`` the header does not, or is close to one (登记壮态, 规摸: a
    misspelt name, which the header's checking then names as a single row's), and holds
    nothing under a header that names one of its columns: those would be a row's cells.
    Each column then takes the name below it, or the one above where there is none."""
    known = TABLES_BY_NAME[table]
    names = {c.name for c in known.columns} | {c.alias for c in known.columns}

    def clean(cell: str | None) -> str:
        return header_text(cell or "")

    above = [clean(cell) for cell in header]
    under = [clean(cell) for cell in below]
    width = max(len(above), len(under))
    above += [""] * (width - len(above))
    under += [""] * (width - len(under))
    lacking = [
        spelling
        for column in known.columns
        if column.name not in above and column.alias not in above
        for spelling in (column.name, column.alias)
    ]
    if not any(
        (cell in names and cell not in above)
        or (cell and cell not in names and _near_spelling(cell, lacking) is not None)
        for cell in under
    ):
        return None
    if any(cell and top in names for top, cell in zip(above, under, strict=True)):
        return None  # a value under a column's own name: a row, not a header
    upper = [*header, *[None] * (width - len(header))]
    lower = [*below, *[None] * (width - len(below))]
    return [(b or "") if clean(b) else (t or "") for t, b in zip(upper, lower, strict=True)]


def named_from_above(
    header: Sequence[str | None], above: Sequence[Sequence[str | None]]
) -> list[str] | None:
    """``header`` with its blank cells named by what is written above them in the rows
    taken for titles, nearest first: a heading merged down a header of three rows, its text
    in the top row only (简易章程, or a column of the bureau's own); None when none is. A
    title merged across the table is in its first cell, above a column named already."""
    found = [cell or "" for cell in header]
    width = max([len(found), *(len(row) for row in above)])
    found += [""] * (width - len(found))
    changed = False
    for place, cell in enumerate(found):
        if cell.strip():
            continue
        for row in reversed(above):
            if place < len(row) and (row[place] or "").strip():
                found[place], changed = row[place] or "", True
                break
    return found if changed else None


def header_rows(
    records: Sequence[Sequence[str | None]], titles: int, two: bool, width: int
) -> list[int]:
    """Each of ``width`` header cells' row in the file, from 1, its header found below
    ``titles`` rows of ``records`` (a sheet's or file's first rows), in one row or ``two``:
    the row its name is read from (:func:`two_row_header`, :func:`named_from_above`), the
    lowest of the header's rows and the titles above them with text in its place; the
    header's own where none has. A problem with a header names that row (规摸 in the
    second of two: that row), not row 1."""
    lines = records[: titles + 1 + two]
    rows = []
    for place in range(width):
        written = [
            number
            for number, line in enumerate(lines, start=1)
            if place < len(line) and (line[place] or "").strip()
        ]
        rows.append(written[-1] if written else titles + 1)
    return rows


def two_rows_read(row: int, table: str, source: str) -> list[Problem]:
    """The warning that the header at ``row`` was read with the row below it."""
    params = {"header_row": row, "next_row": row + 1}
    code = "two_header_rows"
    return [Problem(code, source, table=table, row=row, params=params, severity=WARNING)]


def titles_skipped(titles: int, table: str, source: str) -> list[Problem]:
    """The warning that the ``titles`` rows above a table's header were skipped (none for 0)."""
    if not titles:
        return []
    params = {"header_row": titles + 1}  # ("header" would be the column's, as written)
    return [Problem("title_rows", source, table=table, row=1, params=params, severity=WARNING)]


def _pattern(name: str) -> bool:
    """Whether polars would read a column name as a pattern (``*``, ``^…$``), not a name."""
    return name == "*" or (name.startswith("^") and name.endswith("$"))


def _canonical_columns(
    table: str, headers: Iterable[str], source: str, rows: Sequence[int] = ()
) -> tuple[list[str], list[Problem]]:
    """Each header's column name, and the problems with the headers: ``rows``, each
    header's row in the file (:func:`header_rows`); row 1 where not given."""
    known = TABLES_BY_NAME[table]
    aliases: dict[str, str] = {}
    for column in known.columns:
        aliases[column.name] = column.name
        aliases[column.alias] = column.name
    aliases.setdefault("ID", "id")
    seen: dict[str, str] = {ROW: ROW}
    names: list[str] = []
    problems: list[Problem] = []
    headers = list(headers)
    shown = [written_header(h) for h in headers]  # as messages quote them
    # ｉｄ typed in full-width is id, as ids and codes are (see normalised)
    cleaned = [header_text(h) for h in shown]
    exact = {aliases.get(c) or aliases.get(c.lower()) for c in cleaned}
    for position, clean in enumerate(cleaned):
        name = aliases.get(clean) or aliases.get(clean.lower())
        if name is None and community_worded(clean) in aliases:
            # 所属村（社区）, as rural counties head 所属社区: the column, unless another
            # header names it as it is
            worded = aliases[community_worded(clean)]
            name = worded if worded not in exact else None
        if name is None:
            # a template's note on a header (注销日期（未注销的不填）, 类别*): the column it
            # names, unless another header names that column as it is
            noted = aliases.get(without_note(clean)) or aliases.get(without_note(clean).lower())
            name = noted if noted is not None and noted not in exact else clean
        if not name:
            name = f"column_{position + 1}"
        if name in seen or _pattern(name):
            written, row = shown[position], _row_of(rows, position)
            if name == ROW or _pattern(name):
                problems.append(
                    Problem("reserved_column", source, table=table, row=row, column=written)
                )
            else:
                params = {"other": seen[name]}
                twice = Problem("duplicate_column", source, table=table, row=row, column=written)
                problems.append(attrs.evolve(twice, params=params))
            name = f"{name}__{position + 1}"
            while name in seen:
                name += "_"
        seen[name] = shown[position]
        names.append(name)
    problems += _near_columns(known, names, seen, source, rows)
    return names, problems


COMMUNITY_WORDS = (
    "村(社区)",
    "社区(村)",
    "村(居)委会",
    "村(居)民委员会",
    "村(居)",
    "村居委会",
    "村居",
    "城乡社区",
)
"""What a header may write for 社区 (after NFKC): a rural county's 所属村（社区）, 村（居）."""


def community_worded(header: str) -> str:
    """``header`` with a word for 社区 a rural county writes (:data:`COMMUNITY_WORDS`)
    written 社区: 所属村(社区) is 所属社区; any other header as it is."""
    for word in COMMUNITY_WORDS:
        if word in header:
            return header.replace(word, "社区", 1)
    return header


def _row_of(rows: Sequence[int], position: int) -> int:
    """The row of the header at ``position`` (from 0): 1 where ``rows`` does not say."""
    return rows[position] if position < len(rows) else 1


_NOTE = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|〔[^〔〕]*〕|<[^<>]*>)\s*")
"""A note in brackets on a header, after NFKC (full-width brackets are ASCII then)."""
_MARKS = re.compile(r"^(?:[\s*※★▲#]+|(?:必填|选填|可选|非必填)[:：]\s*)|[\s*※★▲:：]+$")
"""What marks a header required, or ends it (``*类别``, ``类别*``, ``成立日期：``)."""


def without_note(header: str) -> str:
    """A header without the notes a template puts on it: ``注销日期（未注销的不填）``,
    ``服务对象(可多选，用、分隔)``, ``【必填】类别``, ``*名称``, ``成立日期：`` → the
    column's name; empty when nothing else is left."""
    return _MARKS.sub("", _NOTE.sub("", header))


def _near_columns(
    known: Table,
    names: Sequence[str],
    written: Mapping[str, str],
    source: str,
    rows: Sequence[int] = (),
) -> list[Problem]:
    """An error for each header that is no column of ``known`` but close to one the table
    lacks (品牌认定时间 for 品牌认定日期, 注消日期 for 注销日期): read as a column of the
    user's own, its cells would be dropped from every count without a word."""
    present = set(names)
    absent = {
        spelling: column
        for column in known.columns
        if column.name not in present
        for spelling in (column.name, column.alias)
    }
    problems = []
    for position, name in enumerate(names):
        if name in {c.name for c in known.columns} or name.startswith("column_"):
            continue
        header = written.get(name, name)
        # 所在村（社区）, 所属村: as 所在社区, 所属社区 (a rural county's word for 社区)
        worded = _village_worded(community_worded(header_text(header)))
        own = _own_word(worded, known.name, absent) or _ref_word(worded, known, absent)
        near = (own, True) if own is not None else _near_spelling(worded, absent)
        if near is None:
            continue
        spelling, sure = near
        column = absent[spelling]
        suggestion = column.alias if _chinese(header) else column.name
        # in Chinese by its Chinese header, whatever the language the header is written in
        params = {"suggestion": suggestion, "suggestion_zh": column.alias, "name": column.name}
        row = _row_of(rows, position)
        if sure:
            problem = Problem("unknown_column_near", source, table=known.name, row=row)
        else:
            problem = Problem(
                "unknown_column_maybe", source, table=known.name, row=row, severity=WARNING
            )
        problems.append(attrs.evolve(problem, column=header, params=params))
    return problems


SUBJECTS = {
    "districts": ("区县", "县区"),
    "townships": ("乡镇街道", "乡镇", "街道"),
    "communities": ("社区", "村居"),
    "organizations": ("社区社会组织", "社会组织", "组织"),
    "federations": ("联合会",),
    "establishments": ("平台", "制度"),
    "brand_projects": ("品牌项目", "项目"),
    "events": ("活动",),
}
"""Words a header may begin with that name the table's own rows (区县名称, 组织类型)."""
SYNONYMS = (
    frozenset({"编号", "代码", "编码", "区划代码", "统计用区划代码"}),
    frozenset({"类别", "类型", "分类"}),
)
"""Headers a bureau writes for one another: 区划代码 for 编号, 类型 for 类别."""


def _village_worded(header: str) -> str:
    """``header`` with 村 written 社区 where it is the whole of what it names: 所属村 and
    所在村 (a rural county's 所属社区), 村 alone; any other header as it is (村民人数)."""
    for bare in ("所属村", "所在村", "村"):
        if header == bare:
            return header.removesuffix("村") + "社区"
    return header


_REF_WORDS = ("名称", "编号", "代码", "编码", "名")
"""What a header may write after the name of the table a column refers to (社区名称,
社区编号: the 所属社区 column of an organization)."""


def _ref_word(header: str, known: Table, spellings: Collection[str]) -> str | None:
    """The Chinese header of the column of ``known`` that refers to another table, where
    ``header`` is that table's word and a word for its name or code (社区名称 for 所属社区,
    乡镇编号 for 所属乡镇街道), the column lacking (among ``spellings``); None otherwise."""
    clean = without_note(header) or header
    for column in known.columns:
        if len(column.ref) != 1 or column.alias not in spellings:
            continue
        for subject in SUBJECTS.get(column.ref[0], ()):
            rest = clean.removeprefix(subject)
            if rest != clean and rest in _REF_WORDS:
                return column.alias
    return None


def _own_word(header: str, table: str, spellings: Collection[str]) -> str | None:
    """The one of ``spellings`` (the Chinese headers of columns the table lacks) that
    ``header`` is, but for the table's own word before it (乡镇街道名称, 组织类型 for 类别)
    or a word bureaus write for it (区划代码 for 编号); None where it is none."""
    clean = header_text(header)
    clean = without_note(clean) or clean  # 乡镇（街道）名称: as 乡镇名称
    words = [clean]
    for subject in SUBJECTS.get(table, ()):
        if clean.startswith(subject) and len(clean) > len(subject):
            words.insert(0, clean[len(subject) :])
            break
    for word in words:
        alike = next((group for group in SYNONYMS if word in group), frozenset({word}))
        for spelling in sorted(alike & set(spellings)):
            if spelling != clean:
                return spelling
    return None


def _near_spelling(header: str, spellings: Collection[str]) -> tuple[str, bool] | None:
    """The one of ``spellings`` (columns' names and Chinese headers) that ``header``, the
    header of no column, is close to, and whether surely; None where it is close to none.

    Surely: a Chinese header a character or so away (注消日期 for 注销日期), an English one
    closer (short English words are often alike by chance: grade, brand), or the same words
    before another word for a date, a state, a group (注销时间 for 注销日期, 登记情况 and
    是否登记 for 登记状态, 服务群体 for 服务对象, dissolved_date). Not surely: a header of
    two Chinese characters, one of them a column's own in its place (规摸 or 规横 for 规模,
    类列 for 类别), which is as far by the letters as a column of the bureau's own may be
    (性别 from 类别)."""
    clean = header_text(header)
    bare = without_note(clean) or clean  # 注消日期（未注销的不填）: as 注消日期
    cutoff = 0.6 if _chinese(bare) else 0.8
    close = difflib.get_close_matches(bare, list(spellings), 1, cutoff)
    if close:
        return close[0], True
    stem = _stem(bare)
    alike = [spelling for spelling in spellings if stem and _stem(spelling) == stem]
    if alike:
        return alike[0], True
    if len(bare) != 2 or not all(_chinese(character) for character in bare):
        return None
    for spelling in spellings:
        two = len(spelling) == 2 and all(_chinese(character) for character in spelling)
        if two and sum(a == b for a, b in zip(bare, spelling, strict=True)) == 1:
            return spelling, False
    return None


_KIND_WORDS = re.compile(
    r"^(?:是否|date[ _])|(?:日期|时间|年月日|状态|情况|对象|群体|人群|"
    r"[ _](?:date|time|on|at|status|state))$",
    re.IGNORECASE,
)
"""Words a header may say a column's kind with, either of which a bureau writes: 日期 or 时间."""


def _stem(header: str) -> str | None:
    """A header without the word that says its kind (注销 of 注销日期 and 注销时间), or None
    where too little is left to tell it by (类别, date)."""
    stem = _KIND_WORDS.sub("", header_text(header)).lower()
    return stem if len(stem) >= (2 if _chinese(stem) else 4) else None


def _chinese(text: str) -> bool:
    return any("\u4e00" <= character <= "\u9fff" for character in text)


def header_words(names: Sequence[str], written: Sequence[str]) -> dict[str, str]:
    """Each canonical column name → its header as written, where the two differ."""
    words = {}
    for name, header in zip(names, written, strict=False):
        # as written: 注销日期（未注销的不填） keeps its full-width brackets
        clean = written_header(header)
        if clean and unicodedata.normalize("NFKC", clean) != name:
            words[name] = clean
    return words


def _empty_raw(table: str) -> pl.DataFrame:
    """An empty raw table with every known column: a table that is there but unreadable."""
    schema = {ROW: pl.Int64, **{c.name: pl.String for c in TABLES_BY_NAME[table].columns}}
    return pl.DataFrame(schema=schema)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        # 341002.0, as pandas writes an id in a column with gaps, is the id 341002
        return str(int(value))
    return str(value)


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATORS[0].join("" if v is None else _text(v) for v in value)
    return _text(value)


def _items(value: Any) -> str | None:
    """A cell of a list column: a list given as a list (or tuple) keeps its items as they are."""
    if isinstance(value, list | tuple):
        return "".join(ITEMS + ("" if v is None else _text(v)) for v in value)
    return _cell(value)


def raw_tables(
    rows_by_table: Mapping[str, Sequence[Mapping[str, Any]]],
    source: str,
    numbering: str = "index",
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Raw tables from rows given as mappings (a JSON document's, or a what-if's), each row
    numbered as ``numbering`` says (see :class:`RawTable`): ``index``, a JSON list's from 0,
    or ``record``, from 1 (the rows a what-if adds, as an official counts them)."""
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    limits = current()
    named = {canonical_table(key) for key in rows_by_table}
    absent = {table for table in TABLE_ALIASES.values() if table not in named}
    for key, rows in rows_by_table.items():
        table = canonical_table(key)
        if table is None:
            problems.append(unknown_table(key, source, absent))
            continue
        if table in tables:
            problems.append(duplicate_table(table, source, key))
            continue
        if len(rows) > limits.rows:
            problems.append(over("rows", f"{source}: {key}", limits.rows, table=table))
            continue
        seen: dict[str, None] = {}
        for row in rows:
            seen.update(dict.fromkeys(row))
            if len(seen) > limits.columns:
                break
        if len(seen) > limits.columns:
            problems.append(over("columns", f"{source}: {key}", limits.columns, table=table))
            continue
        headers = list(seen)
        if not rows:
            # an empty list is a table with no rows, like a CSV file with only its header
            headers = [column.name for column in TABLES_BY_NAME[table].columns]
        spellings = _row_spellings(table, rows, headers)
        headers = [header for header in headers if header not in spellings]
        names, found = _canonical_columns(table, headers, f"{source}: {key}")
        found = [_in_the_row(problem, rows) for problem in found]
        found += _near_keys(table, rows, headers, names, f"{source}: {key}")
        problems.extend(found if numbering == "index" else map(numbered_from_one, found))
        lists = {c.name for c in TABLES_BY_NAME[table].columns if c.type == LIST}
        also = {h: [o for o, first in spellings.items() if first == h] for h in headers}
        columns = {
            name: pl.Series(
                name,
                [(_items if name in lists else _cell)(_spelt(row, header, also)) for row in rows],
                dtype=pl.String,
            )
            for header, name in zip(headers, names, strict=True)
        }
        frame = pl.DataFrame(columns) if columns else pl.DataFrame()
        first = 0 if numbering == "index" else 1
        frame = frame.with_row_index(ROW, offset=first).with_columns(pl.col(ROW).cast(pl.Int64))
        tables[table] = RawTable(
            table,
            f"{source}: {key}",
            frame,
            numbering=numbering,
            headers=header_words(names, headers),
        )
    return tables, problems


def numbered_from_one(problem: Problem) -> Problem:
    """A problem at an item of a list (its ``index``, from 0) at that item's row counted
    from 1 instead, as an official counts rows (``第1行`` for the first)."""
    if problem.index is None:
        return problem
    return attrs.evolve(problem, row=problem.index + 1, index=None)


def _in_the_row(problem: Problem, rows: Sequence[Mapping[str, Any]]) -> Problem:
    """A column given twice, as the first row that gives it so (by two keys) numbers it: a
    document's rows are items, each its own keys, not lines under one header."""
    if problem.code != "duplicate_column":
        return problem
    keys = {str(problem.column), str(problem.params.get("other"))}
    index = next(
        (i for i, row in enumerate(rows) if keys <= {written_header(k) for k in row}), None
    )
    return problem if index is None else attrs.evolve(problem, row=None, index=index)


def _spelt(row: Mapping[str, Any], header: str, also: Mapping[str, Sequence[str]]) -> Any:
    """A row's value under ``header``, or under another key spelling its column."""
    if header in row or not also[header]:
        return row.get(header)
    return next((row[other] for other in also[header] if other in row), None)


def column_named(table: str, header: str) -> str | None:
    """The column of ``table`` a header names, as :func:`_canonical_columns` reads it."""
    known = TABLES_BY_NAME[table]
    clean = header_text(header)
    for text in (clean, without_note(clean)):
        for column in known.columns:
            if text in (column.name, column.alias) or text.lower() == column.name:
                return column.name
    return None


def _row_spellings(
    table: str, rows: Sequence[Mapping[str, Any]], headers: Sequence[str]
) -> dict[str, str]:
    """Keys that spell a column another key of the table spells first, where no row holds
    both (``dissolved`` in some rows, ``注销日期`` in the others): each → that first key, whose
    column its rows' values go to. Rows of one document may well be written by two hands."""
    first: dict[str, str] = {}
    later: dict[str, str] = {}
    for header in headers:
        column = column_named(table, header)
        if column is None:
            continue
        if column in first:
            later[header] = first[column]
        else:
            first[column] = header
    both = {h for h, f in later.items() if any(h in row and f in row for row in rows)}
    return {header: to for header, to in later.items() if header not in both}


def _one_character_apart(written: str, key: str) -> bool:
    """Whether two Chinese words of two characters differ in one of them, in its place."""
    if len(written) != 2 or len(key) != 2 or not (_chinese(written) and _chinese(key)):
        return False
    return sum(a == b for a, b in zip(written, key, strict=True)) == 1


def _near_keys(
    table: str,
    rows: Sequence[Mapping[str, Any]],
    headers: Sequence[str],
    names: Sequence[str],
    source: str,
) -> list[Problem]:
    """An error for each key of some rows that is no column but close to one the others
    spell (``注消日期`` in 31 rows, ``注销日期`` in the rest): its values would count for
    nothing. Keys in the same rows as the column are the bureau's own."""
    known = {c.name for c in TABLES_BY_NAME[table].columns}
    present = {name: header for header, name in zip(headers, names, strict=True) if name in known}
    problems = []
    for header, name in zip(headers, names, strict=True):
        if name in known:
            continue
        clean = header_text(header)
        clean = without_note(clean) or clean  # 注消日期（未注销的不填）: as 注消日期
        cutoff = 0.6 if _chinese(clean) else 0.8
        close = difflib.get_close_matches(clean, list(present.values()), 1, cutoff)
        # two Chinese characters, one of them the other key's in its place (规摸 for 规模):
        # difflib scores 0.5, under the cutoff
        close = close or [key for key in present.values() if _one_character_apart(clean, key)]
        stem = _stem(clean)  # 成立时间 for 成立日期
        alike = [key for key in present.values() if stem and _stem(key) == stem]
        if not close and not alike:
            continue
        other = close[0] if close else alike[0]
        if any(header in row and other in row for row in rows):
            continue
        index = next(i for i, row in enumerate(rows) if header in row)
        count = sum(header in row for row in rows)
        params = {"suggestion": other, "count": count}
        code = "key_near_column"
        found = Problem(code, source, table=table, index=index, column=header, params=params)
        problems.append(found)
    return problems
