"""What spreadsheets do to a register, found once for every loader: total rows, and codes
that Excel wrote in scientific notation or as numbers with ``.0`` after them, or that a
system exported wrapped as text (``="341002001001"``, ``'341002001001``).

A bureau's table often ends with a 合计 (total) row, which is not a row of the table: it is
left out, and a warning says so. A column of 12-digit codes that Excel showed as
``3.41002E+11`` and saved as CSV has lost its digits: that is one error for the column,
saying what happened and how to mend it, instead of a duplicate-id or unknown-reference
error for every row it breaks. A code saved as ``341002001001.0`` has lost nothing: it is
read as ``341002001001``, with one warning for the column; so is a code a system wrote as
``="341002001001"`` (Excel's way of keeping a formula's text) or ``'341002001001`` (Excel's
mark of a cell typed as text), which would otherwise be no unit's, in every row naming it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs
import polars as pl

from scoplan._exceptions import WARNING, Problem
from scoplan.loaders.contract import ROW, RawTable, normalised
from scoplan.schema import TABLES_BY_NAME

TOTAL_WORDS = frozenset({"合计", "总计", "小计", "总数", "合计数", "total", "subtotal", "sum"})
"""What the first filled cell of a total row says (spaces and a trailing colon aside)."""
TOTAL_ROWS_LOOKED_AT = 3
"""Total rows are looked for among a table's last rows only: a 合计 inside is a name."""
TOTAL_CELL = (
    r"^(?:合计|总计|小计|共计|总数|合计数)(?:[:：(（\[【]|[0-9]|$)"
    r"|^(?:total|subtotal|sum)(?:[:：(（\[【]|$)"
    r"|^[\p{Han}]{1,12}(?:合计|总计|小计|共计)(?:[:：(（\[【]|[0-9]|$)"
)
"""What a total row says, spaces aside and in lower case, besides :data:`TOTAL_WORDS`: a
word of them followed by a count (``合计：4987个``, ``总计 4987``, ``合计（个）``; an English
one by a colon or a bracket only: ``SUM2023`` may be an id), or after a unit's name
(``屯溪区小计``)."""
WHOLE_TOTAL = re.compile(
    r"^(?:合计|总计|共计|总数|合计数|total|sum)(?:[:：(（\[【0-9]|$)", re.IGNORECASE
)
"""What a total row of the whole table says (``合计``, ``总计：``, ``合计：5个``; spaces
aside), as Python's ``re`` reads it: not a district's subtotal (``屯溪区小计``)."""
TOTAL_WORD_IN = re.compile(r"(?:小计|合计|总计|共计)(?:[:：(（\[【0-9]|$)")
"""Where the total word of a subtotal (``屯溪区小计``, ``歙县合计：``) begins: what is before it
names the unit."""
SUBTOTAL_CELL = r"^(?:[\p{Han}]{0,12})(?:合计|总计|小计|共计)(?:[:：(（\[【]|[0-9]|$)"
"""A subtotal row inside a table (a register kept in blocks, one per district, each ending
with ``屯溪区小计``): its id cell, or its first filled cell when it has no id, says so."""
FOOTER_CELL = (
    r"^(?:填表人|填报人|制表人|审核人|审批人|复核人|统计人|经办人|联系人|联系电话|负责人|"
    r"单位负责人|分管领导|填表日期|填报日期|制表日期|报送日期|填表时间|填报时间|填报单位|"
    r"填表单位|制表单位|单位[(（]盖章[)）]|[(（]?盖章[)）]?)(?:[:：]|$)"
)
"""What a note below a table says, spaces aside (``填表人：张三``, ``审核人：``, ``填报日期：
2023年12月31日``, ``单位（盖章）``): who filled the register in and when, not a row of it."""
NOTE_CELL = (
    r"^(?:注|附注|注释|说明|备注|填表说明|填报说明|制表说明)"
    r"[0-9一二三四五六七八九十①②③④⑤⑥⑦⑧⑨⑩]*(?:[:：]|$)"
)
"""What a note written below a table says, spaces aside (``注：本表不含已注销组织``,
``说明：1.登记状态以…``, ``备注：``, ``填表说明``): about the table, not a row of it. Unlike
a signature (:data:`FOOTER_CELL`), only where the row's required cells are otherwise empty:
an id ``说明：…`` beside a name and a date is a row of the table, its id mistyped."""
FOOTER_ROWS_LOOKED_AT = 6
"""Notes below a table are looked for among its last rows only."""
NOTE_ROWS_LOOKED_AT = 12
"""Notes written below a table (:data:`NOTE_CELL`) are looked for among its last rows
only: a ``说明：`` may take a line for each point below it."""
NUMBER_CELL = r"^\s*[0-9]{1,7}(?:\.0+)?\s*$"
"""A 序号 (row number) as a bureau's numbering column holds it: a whole number (``12``,
``12.0`` as a number a CSV saved), not a telephone number's eleven digits."""
SCIENTIFIC = r"^\s*[0-9](?:\.[0-9]+)?[eE]\+?[0-9]+\s*$"
"""A code as Excel shows a long number in a General cell: ``3.41002E+11`` (spaces around it
allowed, as a stripped cell)."""
FLOAT_CODE = r"^\s*[0-9]+\.0+\s*$"
"""A code Excel saved as a number with a fraction of none (``341002001001.0``, spaces
around it allowed): the code before the point, nothing lost."""
WRAPPED_CODE = r"""^\s*(?:=\s*"([^"]*)"|['\uff07](.*?))\s*$"""
"""A code exported wrapped as text: ``="341002001001"`` (a formula giving the text, as many
systems write long codes so that Excel keeps their digits) or after an apostrophe,
ASCII or full-width (``'341002001001``, ``\uff07341002001001``: how Excel marks a cell typed
as text); spaces around it allowed. The code is what is inside (``${1}${2}``)."""
WRAPPED_START = r"""^(?:=\s*"|['\uff07])"""
"""How a cell of :data:`WRAPPED_CODE` begins (after its spaces: the fast path, which looks
for it, leaves a cell with spaces around it to the careful one anyway)."""


def without_total_rows(raw: RawTable) -> tuple[RawTable, list[Problem]]:
    """``raw`` without its total rows, and a warning for each left out, naming what it said.

    What a row says is its id, or its first filled cell when the id is blank: 合计 / 总计
    among the last rows (``合计：4987个``), a subtotal anywhere (``屯溪区小计``, an id never
    is one). A row says it too by its lead (:func:`_lead`), the first filled cell before
    the id, where a register keeps its 序号 (row number): ``合计,9个,,,`` is a total row,
    its count in the id's cell (a lead that is a number, a 序号 of 12, says nothing). The
    warning quotes the lead where it says so, else the id (the first filled cell where the
    id is blank). A table the fast path typed is looked at alike, by its ids and its lead:
    a row is a total row whichever way its file was read, and is quoted alike."""
    raw, numbered = without_numbered_blank_rows(raw)
    frame = raw.frame
    cells = [c for c in frame.columns if c != ROW]
    if frame.height == 0 or not cells or (raw.typed and "id" not in cells):
        return raw, numbered
    if raw.typed:  # every cell typed: the ids are text, and none is blank
        first = key = pl.col("id")
    else:
        first = pl.coalesce(
            [pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c)) for c in cells]
        )
        named = pl.col("id") if "id" in cells else first
        blank = named.is_null() | (named.str.strip_chars() == "")
        key = pl.when(blank).then(first).otherwise(named)
    word = _squeezed(key)
    lead, leading = _lead(raw, cells)
    led = _squeezed(lead)
    led_ended = (led.is_in(list(TOTAL_WORDS)) | led.str.contains(TOTAL_CELL)).fill_null(False)
    ended = word.is_in(list(TOTAL_WORDS)) | word.str.contains(TOTAL_CELL) | led_ended
    tail = frame.tail(TOTAL_ROWS_LOOKED_AT).filter(ended).get_column(ROW)
    noted = frame.tail(FOOTER_ROWS_LOOKED_AT).filter(word.str.contains(FOOTER_CELL))
    notes = set(noted.get_column(ROW).to_list())
    written = _notes_below(raw, frame.tail(NOTE_ROWS_LOOKED_AT), word, key, ended)
    remarks = set(written.to_list())
    amid = _notes_inside(raw, word, key)
    amid = amid.filter(~amid.is_in(list(remarks)))  # below the table: said so
    inside_notes = set(amid.to_list())
    skipped = pl.concat([tail, noted.get_column(ROW), written, amid]).implode()
    again = _header_again(raw, cells)
    # a subtotal says 计 (合计, 小计…): the rows that do not are passed over by one plain
    # search before the pattern is tried on the others (a country's 5 million ids: 0.5 s)
    counted = pl.any_horizontal(
        key.str.contains("计", literal=True),
        *(pl.col(c).str.contains("计", literal=True) for c in leading),
    )
    maybe = frame.filter(counted | again | pl.col(ROW).is_in(skipped))
    led_inside = led.str.contains(SUBTOTAL_CELL).fill_null(False)
    inside = word.str.contains(SUBTOTAL_CELL) | led_inside
    # what the row says: its lead where that says a total (合计, its count in the id's
    # cell), else its id (not a 序号 of 10 before an id of 合计); a header again or a note
    # below the table, its first filled cell
    aside = again | pl.col(ROW).is_in(noted.get_column(ROW).implode())
    aside = aside | pl.col(ROW).is_in(amid.implode())
    says = pl.when(led_ended | led_inside).then(lead).when(aside).then(first).otherwise(key)
    found = maybe.filter(inside | again | pl.col(ROW).is_in(skipped)).select(ROW, says)
    if not found.height:
        return raw, numbered
    headers = set(frame.filter(again).get_column(ROW).to_list())
    where = "index" if raw.numbering == "index" else "row"
    said = found.iter_rows()
    problems = [
        Problem(
            "header_again"
            if at in headers
            else "footer_row"
            if at in notes
            else "note_row"
            if at in remarks
            else "note_inside"
            if at in inside_notes
            else "total_row",
            raw.source,
            table=raw.name,
            value=v,
            severity=WARNING,
            **{where: at},
        )
        for at, v in said
    ]
    kept = frame.filter(~pl.col(ROW).is_in(found.get_column(ROW).implode()))
    return attrs.evolve(raw, frame=kept), numbered + problems


def _notes_below(
    raw: RawTable, last: pl.DataFrame, word: pl.Expr, key: pl.Expr, ended: pl.Expr
) -> pl.Series:
    """The rows among ``last`` (a table's last rows) that are a note written below it
    (:data:`NOTE_CELL`: ``注：本表不含已注销组织``): what the row says (``word``, of its cell
    ``key``) is a note, every other required cell of the row is empty (or the note again, a
    note merged across the table), and no row of data comes after it (only notes,
    signatures or a total). The lines of a note below it are notes too: rows of one filled
    cell after it (``1.登记状态以…`` below ``说明：``), not before."""
    table = TABLES_BY_NAME.get(raw.name)
    required = [c.name for c in table.columns if c.required] if table is not None else []
    others = [
        _blank(raw, c) | (pl.col(c) == key).fill_null(False)
        if raw.frame.schema[c] == pl.String()
        else pl.col(c).is_null()
        for c in required
        if c in raw.frame.columns
    ]
    said = word.str.contains(NOTE_CELL).fill_null(False)
    note = pl.all_horizontal(said, *others) if others else said
    aside = note | word.str.contains(FOOTER_CELL).fill_null(False) | ended
    cells = [c for c in last.columns if c != ROW]
    if raw.typed or not cells:
        alone = pl.lit(False)
    else:
        alone = pl.sum_horizontal(~_blank(raw, c) for c in cells) == 1
    looked = last.select(ROW, note.alias("note"), aside.alias("aside"), alone.alias("alone"))
    # up from the bottom, over the notes, signatures and totals there, and the lines of a
    # note (``1.登记状态以…`` below ``说明：``: a row of one cell, a note above it)
    block: list[tuple[int, bool, bool]] = []
    for at, is_note, is_aside, is_alone in reversed(looked.rows()):
        if not (is_aside or is_alone):
            break
        block.append((at, is_note, is_aside))
    noted: list[int] = []
    for at, is_note, is_aside in reversed(block):
        if is_note or (noted and not is_aside):
            noted.append(at)
    return pl.Series(ROW, noted, dtype=last.schema[ROW])


def _notes_inside(raw: RawTable, word: pl.Expr, key: pl.Expr) -> pl.Series:
    """The rows of a table, anywhere in it, that are a note (:data:`NOTE_CELL`:
    ``备注：1.本表由各乡镇（街道）上报汇总``) with every other required cell empty (or the
    note again, merged across): a row of data needs them, so such a row is none, whatever
    rows come after it (a late entry typed below the notes). A table the fast path typed
    has no such row (its required cells are all filled)."""
    table = TABLES_BY_NAME.get(raw.name)
    if raw.typed or table is None:
        return pl.Series(ROW, [], dtype=raw.frame.schema[ROW])
    required = [c.name for c in table.columns if c.required and c.name in raw.frame.columns]
    # the rows whose required cells are empty but for the note first (a country's register
    # has none of them), then what they say
    others = [
        _blank(raw, c) | (pl.col(c) == key).fill_null(False)
        if raw.frame.schema[c] == pl.String()
        else pl.col(c).is_null()
        for c in required
    ]
    empty = raw.frame.filter(pl.all_horizontal(others)) if others else raw.frame
    said = empty.filter(word.str.contains(NOTE_CELL).fill_null(False))
    return said.get_column(ROW)


def _blank(raw: RawTable, column: str) -> pl.Expr:
    """Whether each cell of ``column`` (text) is empty: none, or spaces only."""
    return pl.col(column).is_null() | (pl.col(column).str.strip_chars() == "")


def without_numbered_blank_rows(raw: RawTable) -> tuple[RawTable, list[Problem]]:
    """``raw`` without the rows a template numbered in advance: rows whose only filled cell
    is a number in a column of the bureau's own (a 序号 the data does not know) that holds
    numbers only, every other cell empty. They are empty rows, as a blank row is: one
    warning says how many, and which (``第4989–5187行``)."""
    frame = raw.frame
    table = TABLES_BY_NAME.get(raw.name)
    if raw.typed or table is None or not frame.height:
        return raw, []
    known = {c.name for c in table.columns}
    own = [
        c
        for c in frame.columns
        if c not in known and not c.startswith("__") and frame.schema[c] == pl.String()
    ]
    if not own:
        return raw, []
    # the rows with no id and a cell of the bureau's own first: a country's register has
    # few or none, and only theirs are counted cell by cell
    filled = {c: ~_blank(raw, c) for c in own}
    found = frame.filter(_blank(raw, "id")) if "id" in frame.columns else frame
    cells = [c for c in frame.columns if c != ROW]
    alone = pl.sum_horizontal(~_blank(raw, c) for c in cells) == 1
    found = found.filter(pl.any_horizontal(filled.values())).filter(alone)
    if not found.height:
        return raw, []
    numbers = {c: filled[c] & pl.col(c).str.contains(NUMBER_CELL).fill_null(False) for c in own}
    held = found.select(numbers[c].any().alias(c) for c in own).row(0)
    # a numbering column: its filled cells are all whole numbers (not a telephone's)
    maybe_counting = [c for c, number in zip(own, held, strict=True) if number]
    if not maybe_counting:
        return raw, []
    other = frame.select((filled[c] & ~numbers[c]).any() for c in maybe_counting).row(0)
    counting = [c for c, text in zip(maybe_counting, other, strict=True) if not text]
    if not counting:
        return raw, []
    found = found.filter(pl.any_horizontal(numbers[c] for c in counting))
    rows = found.get_column(ROW)
    column = next(c for c in counting if found.filter(numbers[c]).height)
    where = "index" if raw.numbering == "index" else "row"
    spans = _spans(rows.to_list())
    word = "项" if raw.numbering == "index" else "行"
    shown = spans[:5] + (["…"] if len(spans) > 5 else [])
    problem = Problem(
        "numbered_blank_rows",
        raw.source,
        table=raw.name,
        column=column,
        severity=WARNING,
        params={
            "count": rows.len(),
            "rows": ", ".join(shown),
            "rows_zh": f"第{'、'.join(shown)}{word}",
        },
        **{where: rows[0]},
    )
    kept = frame.filter(~pl.col(ROW).is_in(rows.implode()))
    return attrs.evolve(raw, frame=kept), [problem]


def _spans(rows: list[int]) -> list[str]:
    """Row numbers in order as runs: ``[3, 5, 6, 7]`` → ``3``, ``5–7``."""
    spans: list[str] = []
    start = end = rows[0]
    for row in [*rows[1:], None]:
        if row is not None and row == end + 1:
            end = row
            continue
        spans.append(str(start) if start == end else f"{start}–{end}")
        if row is not None:
            start = end = row
    return spans


def _lead(raw: RawTable, cells: list[str]) -> tuple[pl.Expr, list[str]]:
    """Each row's first filled cell before its id, as the file writes the row: its 序号 (row
    number), where a register keeps one first; null where there is none. And the columns it
    is looked for in: text cells only, and never free text (a 名称 written before the 编号
    may be ``小计``, an organization's name): the bureau's own columns, and codes,
    references and dates."""
    if "id" not in cells:
        return pl.lit(None, dtype=pl.String), []
    table = TABLES_BY_NAME.get(raw.name)
    known = {c.name: c for c in table.columns} if table is not None else {}
    before = [
        c
        for c in cells[: cells.index("id")]
        if raw.frame.schema[c] == pl.String()
        and not c.startswith("__")
        and (c not in known or normalised(known[c]))
    ]
    if not before:
        return pl.lit(None, dtype=pl.String), []
    filled = [pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c)) for c in before]
    return pl.coalesce(filled), before


def _header_again(raw: RawTable, cells: list[str]) -> pl.Expr:
    """Rows that are the header written again (sheets pasted one below another, each with
    its header): the id's cell is its header, and so is another's. Never in a typed table
    (its dates and codes would not have typed).

    The other cells are looked at only in the rows whose id's cell is its header: few or
    none, where squeezing every cell of a province's register took most of a second."""
    if raw.typed or "id" not in cells or len(cells) < 2:
        return pl.lit(False)
    alike = [
        _squeezed(pl.col(c)).fill_null("") == _squeezed(pl.lit(raw.headers.get(c, c)))
        for c in cells
    ]
    headed = raw.frame.filter(alike[cells.index("id")])
    if headed.is_empty():
        return pl.lit(False)
    again = headed.filter(pl.sum_horizontal(alike) >= 2).get_column(ROW)
    return pl.col(ROW).is_in(again.implode())


def _squeezed(cell: pl.Expr) -> pl.Expr:
    """A cell without its spaces and trailing colon, in lower case: ``合 计：`` → ``合计``."""
    return cell.str.replace_all(r"[\s\u3000]", "").str.strip_chars_end(":：").str.to_lowercase()


def scientific_codes(raw: RawTable) -> list[Problem]:
    """One error per id or reference column in which Excel's scientific notation replaced
    the codes (``3.41002E+11``): how many cells, the first row, what to do; and, where every
    such cell shows the same first digits of a code of 6 digits or more, those of its
    district (``leading``: 341002), by which the error is that district's (a county's
    register whose codes Excel made so)."""
    names = _code_columns(raw)
    # every column counted in one pass
    damage = {name: pl.col(name).str.contains(SCIENTIFIC) for name in names}
    counts = raw.frame.select(cells.sum() for cells in damage.values()).row(0) if names else ()
    problems = []
    for name, count in zip(names, counts, strict=True):
        if not count:
            continue
        damaged = raw.frame.filter(damage[name]).select(ROW, name)
        row, value = damaged.row(0)
        where = "index" if raw.numbering == "index" else "row"
        params: dict[str, object] = {"count": count}
        leading = {_leading(cell) for cell in damaged.get_column(name).unique().to_list()}
        if len(leading) == 1 and None not in leading:
            params["leading"] = leading.pop()
        problems.append(
            Problem(
                "scientific_codes",
                raw.source,
                table=raw.name,
                column=name,
                value=value,
                params=params,
                **{where: row},
            )
        )
    return problems


def _leading(cell: str) -> str | None:
    """The first digits (6 at most, a district's) that a code Excel wrote in scientific
    notation still shows (``3.41022E+11``: 341022), where the code has 6 digits or more."""
    mantissa, _, power = cell.strip().upper().partition("E")
    if int(power) < 5:
        return None
    return mantissa.replace(".", "").rstrip("0")[:6] or None


def _code_columns(raw: RawTable, *, coded: bool = False) -> list[str]:
    """The id and reference columns of ``raw``'s table that it holds as text; with
    ``coded``, its coded columns too (a closed or an open list of codes). Free text (names)
    is never among them: a name is kept as written."""
    table = TABLES_BY_NAME.get(raw.name)
    if table is None:
        return []
    return [
        column.name
        for column in table.columns
        if (column.name == "id" or column.ref or (coded and column.codes is not None))
        and raw.frame.schema.get(column.name) == pl.String()
    ]


def _matching(
    raw: RawTable, names: Sequence[str], pattern: str
) -> tuple[dict[str, pl.Expr], list[tuple[str, int]]]:
    """Whether each cell of the columns ``names`` of ``raw`` matches ``pattern``, and the
    columns where some cell does, with how many: every column counted in one pass (a column
    without such a cell costs a regex)."""
    marked = {name: pl.col(name).str.contains(pattern) for name in names}
    if not names or not raw.frame.height:
        return marked, []
    counts = raw.frame.select(cells.sum() for cells in marked.values()).row(0)
    return marked, [(name, count) for name, count in zip(names, counts, strict=True) if count]


def without_wrapped_codes(raw: RawTable) -> tuple[RawTable, list[Problem]]:
    """``raw`` with each code a system exported wrapped as text (:data:`WRAPPED_CODE`:
    ``="341002001001"``, ``'341002001001``), in an id, reference or coded column, read as
    what is inside (``341002001001``), which is then checked as any code is (``="abc"`` in
    a reference names no unit ``abc``). One warning per such column: how many cells, the
    first row (of a code, not of an empty ``=""``), what to do."""
    if raw.typed:
        # the fast path leaves a file with such a cell to the careful one (its checks look
        # for them), and a folder of returns mends each return's: none is left to look for
        return raw, []
    marked, found = _matching(raw, _code_columns(raw, coded=True), WRAPPED_CODE)
    if not found:
        return raw, []
    inner = {name: pl.col(name).str.replace(WRAPPED_CODE, "${1}${2}") for name, _ in found}
    where = "index" if raw.numbering == "index" else "row"
    problems = []
    for name, count in found:
        cells = raw.frame.filter(marked[name]).select(ROW, name, inner[name].alias("__read"))
        cells = cells.sort(pl.col("__read").str.strip_chars() == "", ROW, maintain_order=True)
        row, value, read = cells.row(0)
        problems.append(
            Problem(
                "wrapped_codes",
                raw.source,
                table=raw.name,
                column=name,
                value=value.strip(),
                params={"count": count, "read": read.strip()},
                severity=WARNING,
                **{where: row},
            )
        )
    mended = raw.frame.with_columns(
        pl.when(marked[name]).then(inner[name]).otherwise(pl.col(name)).alias(name)
        for name, _ in found
    )
    return attrs.evolve(raw, frame=mended), problems


def without_float_codes(raw: RawTable) -> tuple[RawTable, list[Problem]]:
    """``raw`` with each code of an id or reference column that Excel saved as a number
    with ``.0`` after it (``341002001001.0``) read as the code (``341002001001``): nothing
    is lost. One warning per such column: how many cells, the first row, what to do. A code
    with another fraction (``341002.5``) is left as it is, which is no unit's."""
    if raw.typed:
        # the fast path leaves a file with such a code to the careful one (its checks look
        # for them), and a folder of returns mends each return's: none is left to look for
        return raw, []
    marked, found = _matching(raw, _code_columns(raw), FLOAT_CODE)
    if not found:
        return raw, []
    where = "index" if raw.numbering == "index" else "row"
    problems = []
    for name, count in found:
        row, value = raw.frame.filter(marked[name]).select(ROW, name).row(0)
        shown = value.strip()
        problems.append(
            Problem(
                "float_codes",
                raw.source,
                table=raw.name,
                column=name,
                value=shown,
                params={"count": count, "read": shown.partition(".")[0]},
                severity=WARNING,
                **{where: row},
            )
        )
    mended = raw.frame.with_columns(
        pl.when(marked[name])
        .then(pl.col(name).str.replace(r"\.0+(\s*)$", "${1}"))
        .otherwise(pl.col(name))
        .alias(name)
        for name, _ in found
    )
    return attrs.evolve(raw, frame=mended), problems


def hidden_by_damage(problems: Iterable[Problem], damaged: Iterable[Problem]) -> list[Problem]:
    """``problems`` less those that follow from damaged code columns: problems of a damaged
    cell (a reference ``3.40207E+11`` to no unit, two ids alike once damaged), and
    references into a table whose ids are damaged. The other cells of a damaged column are
    checked as ever: a code to no unit or a name written for one beside the damage is said
    in the same run, not after the damage is mended."""
    columns = {(p.table, p.column) for p in damaged}
    tables = {table for table, column in columns if column == "id"}
    scientific = re.compile(SCIENTIFIC)

    def follows(problem: Problem) -> bool:
        if (problem.table, problem.column) in columns:
            return isinstance(problem.value, str) and bool(scientific.match(problem.value))
        if problem.code.startswith("unknown_ref") and problem.table and problem.column:
            column = TABLES_BY_NAME[problem.table].column(problem.column)
            return bool(tables & set(column.ref))
        return False

    return [p for p in problems if not follows(p)]
