"""The fast path's typing, for any loader: columns read as text typed exactly as checking
types them (:func:`scoplan.cell_typing.typed_values`), a distinct cell at a time where a
column holds few, or None where a cell needs the careful path, which then says where."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs
import polars as pl

from scoplan._digest import RowSums
from scoplan.loaders._tables import header_words
from scoplan.loaders.contract import (
    ROW,
    TWIN_KEY,
    RawTable,
    leaving,
    normalised,
    read_on_one_line,
    split_list,
    twin_key,
)
from scoplan.schema import DATE, LIST, LIST_SEPARATORS, STRING, TABLES_BY_NAME, Column, Table


def _fast_list(cells: pl.Series, column: Column) -> pl.Expr:
    """``split_list``, or plain ``str.split`` when every cell is ``code;code`` already.

    Judged on the distinct cells (``cells``), which are few (a handful of groups, combined):
    five million organizations have a few hundred.
    """
    others = re.escape("".join(LIST_SEPARATORS[1:]))
    plain = not cells.str.contains(rf"[{others}\s]|;;|^;|;$").any()
    if plain and column.codes is not None:
        spellings = column.code_map()
        parts = cells.str.split(";").explode().unique()
        plain = all(
            spellings.get(part, spellings.get(part.lower(), part)) == part
            for part in parts.to_list()
        )
    text = pl.col(column.name)
    if not plain:
        return split_list(text, column)
    return text.str.split(";").fill_null(pl.lit([], dtype=pl.List(pl.String)))


ISO_DATE = "%Y-%m-%d"
"""The form of date polars parses fastest: a column of another form is typed a distinct day
at a time."""
_TRIMMED = r"^\s|\s$|^$"
_LINE_BREAK = r"[\r\n]"
_FLOAT_CODE = r"^[0-9]+\.0+$"
"""A code saved by Excel as a number (``341002001001.0``): the careful path reads it and says
so (:func:`scoplan.spreadsheet_slips.without_float_codes`)."""
_WRAPPED = r"""^=\s*"|^'"""
"""A code a system exported wrapped as text (``="341002001001"``, ``'341002001001``, the
full-width ``\uff07`` read in NFKC as ``'``): the careful path reads what is inside and says
so (:func:`scoplan.spreadsheet_slips.without_wrapped_codes`)."""
_ASCII_CONTROL = r"[\x00-\x1f\x7f]"
"""What of :data:`scoplan._display.ID_HIDDEN` an ASCII cell can hold."""


def _coded(column: Column | None) -> bool:
    """Whether a column's cells are few distinct ones (codes, yes/no, lists, dates), typed a
    distinct cell at a time; the others (ids, names, extra columns) are decoded whole."""
    return column is not None and (column.codes is not None or column.type != STRING)


@attrs.define
class _Typing:
    """How the fast path types a file's columns, piece by piece, and what it has learnt:
    each distinct cell of a coded column typed so far (a file has a few hundred).

    ``decode`` turns a cell as read into its text: a GB18030 file is read byte for
    character (latin-1) and only its distinct cells are decoded, one at a time.
    """

    known: Table
    dates: Mapping[str, str | None]
    decode: Callable[[str], str] | None = None
    seen: dict[str, tuple[pl.Series, pl.Series]] = attrs.field(factory=dict)
    enums: dict[str, pl.Enum] = attrs.field(factory=dict)
    """The distinct cells learnt of a column, as an enum's categories (made anew when one is
    learnt)."""
    wide: set[str] = attrs.field(factory=set)
    """The columns of ids and references found to hold more than ASCII (read in NFKC)."""

    def apart(self) -> _Typing:
        """A typing of the same columns that has learnt nothing yet, for a thread of its own
        (what one learns, the other need not see: each types the same cell the same way)."""
        return _Typing(self.known, self.dates, self.decode)

    def learnt_from(self, other: _Typing) -> None:
        """Take what ``other`` (one :meth:`apart`) found of the columns it typed."""
        self.wide |= other.wide

    def _learn(self, column: Column, values: pl.Series) -> bool:
        """Type the distinct cells ``values`` of ``column`` not seen yet the careful way;
        False when one is a problem."""
        from scoplan.cell_typing import typed_values

        name = column.name
        if name in self.seen:
            values = values.filter(~values.is_in(self.seen[name][0].implode()))
        if not values.len():
            return True
        form = self.dates.get(name) or ISO_DATE
        typed = _days(values, form) if column.type == DATE else None
        if typed is None:  # not dates of the column's one form: the careful way
            texts = values
            if self.decode is not None:
                texts = pl.Series([self.decode(value) for value in values], dtype=pl.String)
            typed = typed_values(texts, column, self.known.name)
        if typed is None:
            return False
        if name in self.seen:
            before, typed_before = self.seen[name]
            values, typed = pl.concat([before, values]), pl.concat([typed_before, typed])
        self.seen[name] = (values, typed)
        self.enums.pop(name, None)
        return True

    def _lookup(self, column: Column) -> pl.Expr:
        """``column`` typed through the distinct cells learnt, one lookup a cell: each
        cell's place among them found as an enum's (one hash a cell, twice as fast as
        replace_strict); null where a cell is not learnt yet, or blank."""
        name = column.name
        values, typed = self.seen[name]
        enum = self.enums.get(name)
        if enum is None:
            enum = self.enums[name] = pl.Enum(values)
        return pl.lit(typed).gather(pl.col(name).cast(enum, strict=False).to_physical())

    def _mapped(self, frame: pl.DataFrame, columns: Sequence[Column]) -> list[pl.Series] | None:
        """``columns`` of ``frame`` typed through the distinct cells learnt, one lookup a
        cell; those not learnt yet (a piece most often holds a cell or two not seen before:
        a day, a list) are found where a cell typed is missing, learnt, and the column looked
        up again. None when one is a problem."""
        from scoplan.dataset import absent

        learnt = [c for c in columns if c.name in self.seen]
        mapped = frame.select(self._lookup(c).alias(c.name) for c in learnt)
        for column in learnt:  # a cell typed is never blank: a blank one is a cell not learnt
            name = column.name
            cells = frame.get_column(name)
            if mapped.get_column(name).null_count() == cells.null_count():
                continue
            missing = mapped.get_column(name).is_null()
            if not self._learn(column, cells.filter(missing).drop_nulls().unique()):
                return None
            mapped = mapped.with_columns(frame.select(self._lookup(column).alias(name)))
        typed = [
            mapped.get_column(c.name)
            if c.name in self.seen
            else pl.select(absent(c).repeat_by(frame.height).explode()).to_series()
            for c in columns
        ]
        return [
            each.fill_null(pl.lit([], dtype=each.dtype))
            if isinstance(each.dtype, pl.List)
            else each
            for each in typed
        ]

    def typed(self, frame: pl.DataFrame) -> pl.DataFrame | None:
        """``frame``'s columns of DATA.md that were read as text typed as the careful path
        types them, or None when a cell is a problem (the careful path then says where).

        Ids and references are read in NFKC, as the careful path reads them; most are ASCII,
        which NFKC leaves as it is, and counting bytes tells that cheaply. Codes as written
        in English, ISO dates and ``code;code`` lists cost one check; anything else (Chinese
        codes, 是/否, 2021/9/14, ``老年人、儿童``) is typed a distinct cell at a time (dates too,
        when a column mixes forms). Each step is one polars call over all the columns.
        """
        present = [c for c in self.known.columns if c.name in frame.columns]
        texts = [c for c in present if frame.schema[c.name] == pl.String and normalised(c)]
        # a column typed a distinct cell at a time in a piece before is mapped again at once,
        # its cells not learnt yet found as it is (:meth:`_places`): its cells need no look
        distinct = [c for c in texts if c.name in self.seen]
        texts = [c for c in texts if c.name not in self.seen]
        # one look at the other columns: whether the free text is ASCII, and the distinct
        # cells of the others (few), from which the rest is told
        looked = (
            frame.select(
                *(
                    (pl.col(c.name).str.len_bytes() == pl.col(c.name).str.len_chars())
                    .all()
                    .alias(c.name)
                    for c in texts
                    if not _coded(c)
                ),
                *(
                    pl.col(c.name).drop_nulls().unique().implode().alias(c.name)
                    for c in texts
                    if _coded(c)
                ),
            )
            if texts
            else pl.DataFrame()
        )
        cells = {c.name: looked.get_column(c.name)[0] for c in texts if _coded(c)}
        learnt = list(distinct)
        exprs: list[pl.Expr | pl.Series] = []
        dates: list[Column] = []
        for column in texts:
            name = column.name
            if not _coded(column):
                if not looked.get_column(name)[0]:  # ids, references
                    exprs.append(pl.col(name).str.normalize("NFKC"))
                    self.wide.add(name)
                continue
            ascii = cells[name].str.len_bytes().sum() == cells[name].str.len_chars().sum()
            # a list cell wrapped as text (="elderly") is typed the careful way, which says no
            plain = ascii and not cells[name].str.contains(_WRAPPED).any()
            if plain and column.type == LIST:
                exprs.append(_fast_list(cells[name], column).alias(name))
            elif column.type == STRING and cells[name].is_in(list(column.codes or ())).all():
                continue  # codes as written in English (or no cell at all)
            elif ascii and self.dates.get(name) == ISO_DATE:
                dates.append(column)
            else:
                # another form of date (2021/9/14) is parsed a row at a time, slower than
                # a lookup of its few thousand distinct days
                learnt.append(column)
        parsed = [pl.col(c.name).str.to_date(self.dates[c.name] or "", strict=True) for c in dates]
        if dates:
            try:
                # one form for the whole column, as tools write dates: one parse
                frame = frame.with_columns(parsed)
            except pl.exceptions.PolarsError:
                learnt += dates  # the column mixes forms
        if learnt:
            # the distinct cells of a column looked at the first time, typed; then one
            # lookup a cell
            for column in learnt:
                if column.name in cells and not self._learn(column, cells[column.name]):
                    return None
            mapped = self._mapped(frame, learnt)
            if mapped is None:
                return None
            exprs += mapped
        typed = _aligned(frame.with_columns(exprs) if exprs else frame)
        # a date parsed at once whose year is below 1000 may have been written in fewer
        # than four digits (23/12/1), which the careful path refuses: it says which
        days = [c.name for c in present if typed.schema.get(c.name) == pl.Date()]
        if days and typed.select((pl.col(days).dt.year() < 1000).any()).sum_horizontal().item():
            return None
        return typed


def _days(values: pl.Series, form: str) -> pl.Series | None:
    """The distinct cells ``values`` of a date column, all ASCII and all written in one form
    of :data:`~scoplan.cell_typing.DATE_FORMATS` (``2021/9/14``; ``form`` first, as the first
    rows write the column), as their days in one parse, as the UTF-8 path parses a column
    of such dates (a year below 1000 aside, which the careful way asks about); None where
    they are not, for the careful way to type them all. The forms differ in their
    separators: a cell is of one form at most."""
    from scoplan.cell_typing import DATE_FORMATS

    if (values.str.len_bytes() != values.str.len_chars()).any():
        return None  # not ASCII (a GB18030 cell as read, full-width digits): the careful way
    for each in dict.fromkeys((form, *DATE_FORMATS)):
        days = values.str.to_date(each, strict=False)
        if not days.null_count():
            return None if (days.dt.year() < 1000).any() else days
    return None


def _aligned(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its columns chunked alike: a column typed anew is one chunk, the others
    as read; polars would align them, copying the whole table, the first time it is queried
    (700 MB more at the national scale)."""
    if len({column.n_chunks() for column in frame.get_columns()}) > 1:
        return frame.rechunk()
    return frame


def _fast_checks(known: Table, present: Sequence[str], wide: Iterable[str]) -> list[pl.Expr]:
    """What the typed columns must satisfy to take the fast path, each a true/false.

    A required column has no blank cell; free text, ids and references have no surrounding
    spaces (the careful path strips them and blanks a cell of spaces), names no line break
    (the careful path reads a name on one line: :func:`~scoplan.loaders.contract.one_line`);
    ids and references
    hold no invisible character (:data:`~scoplan._display.ID_HIDDEN`, which the careful path
    refuses; in a column all ASCII, which ``wide`` does not name, only a control character
    can be one).
    """
    from scoplan._display import ID_HIDDEN

    wide = set(wide)
    checks: list[pl.Expr] = []
    for column in known.columns:
        name = column.name
        if name not in present:
            continue
        value = pl.col(name)
        if column.required:
            checks.append(value.null_count() == 0)
        if column.type == STRING and column.codes is None:
            pattern = _TRIMMED
            if read_on_one_line(column):
                pattern += "|" + _LINE_BREAK  # read on one line by the careful path
            if name == "id" or column.ref:
                # one pass: the same regex finds spaces around an id, a hidden character, a
                # code saved as a number with .0 after it and one wrapped as text (="…", '…),
                # which checking mends and warns of
                hidden = ID_HIDDEN if name in wide else _ASCII_CONTROL
                pattern += "|" + hidden + "|" + _FLOAT_CODE + "|" + _WRAPPED
            checks.append(~value.str.contains(pattern).any())
    return [check.alias(f"check_{i}") for i, check in enumerate(checks)]


@attrs.define
class Leaving:
    """The columns of a file left out as it is read (:func:`~scoplan.loaders.contract.leaving`):
    each typed piece's cells of them checked as the fast path and loading would check them
    whole (no blank where one is required, no space around free text, no cell longer than
    the limit), its rows summed for the digest with every column, then the columns let go.
    """

    known: Table
    columns: tuple[str, ...]
    sums: RowSums
    limit: int
    absent: tuple[Column, ...] = ()
    """The table's columns the file lacks: checking adds them empty, and so does the digest."""

    @classmethod
    def of(cls, known: Table, names: Sequence[str]) -> Leaving | None:
        """What to leave out of a file whose columns are ``names``, or None: nothing may
        be, or the file lacks a required column (an error) or has one of its own (checking
        changes it, and the digest would not be that of the whole)."""
        from scoplan.limits import current

        leave = leaving(known.name)
        every = {c.name for c in known.columns}
        absent = tuple(c for c in known.columns if c.name not in names)
        if not leave or not set(names) <= every or any(c.required for c in absent):
            return None
        columns = tuple(c.name for c in known.columns if c.name in leave and c.name in names)
        if not columns:
            return None
        return cls(known, columns, RowSums(tuple(sorted(every))), current().cell_bytes, absent)

    def take(self, piece: pl.DataFrame) -> pl.DataFrame | None:
        """``piece`` (typed) without the columns left out, or None where a cell of them is a
        problem: the careful path then reads the file whole and says where."""
        checks = _fast_checks(self.known, self.columns, ())
        for name in self.columns:
            # as loading measures a cell against the limit (a list: its codes' bytes)
            if piece.schema[name] == pl.String:
                size = pl.col(name).str.len_bytes()
            elif piece.schema[name] == pl.List(pl.String):
                size = pl.col(name).list.eval(pl.element().str.len_bytes()).list.sum()
            else:
                continue
            checks.append((size.max().fill_null(0) <= self.limit).alias(f"long {name}"))
        if checks and not all(piece.select(checks).row(0)):
            return None
        if self.absent:
            from scoplan.dataset import absent

            self.sums = self.sums.plus(piece.with_columns(absent(c) for c in self.absent))
        else:
            self.sums = self.sums.plus(piece)
        if "name" in self.columns and {"community_id", "founded"} <= set(piece.columns):
            # the names go: what the warning of organizations entered twice needs stays
            piece = piece.with_columns(twin_key().alias(TWIN_KEY))
        return piece.drop(self.columns)

    def apart(self) -> Leaving:
        """The same columns left out, summed from none, for a thread of its own."""
        return attrs.evolve(self, sums=RowSums(self.sums.columns))

    def add(self, other: Leaving) -> None:
        """Count the rows ``other`` (one :meth:`apart`) summed with these."""
        self.sums = self.sums.together(other.sums)

    def raw(self, table: RawTable) -> RawTable:
        """``table`` as read, saying what was left out and the sums of the whole."""
        return attrs.evolve(table, left_out=self.columns, row_sums=self.sums)


def typed_table(
    frame: pl.DataFrame, table: str, source: str, names: Sequence[str], header: Sequence[str]
) -> RawTable | None:
    """The fast path's end, for any source: a frame of cells as read (``ROW``, text, dates and
    yes/no already typed, a blank cell null) as a typed raw table, or None where a cell needs
    the careful path. ``names`` are the canonical names of the ``header`` as written."""
    known = TABLES_BY_NAME[table]
    cells = [name for name in frame.columns if name != ROW]
    if cells:
        blank = pl.all_horizontal([pl.col(c).is_null() for c in cells])
        if frame.select(blank.any()).item():
            frame = frame.filter(~blank)
    typing = _Typing(known, {})
    typed = typing.typed(frame)
    if typed is None:
        return None
    checks = _fast_checks(known, typed.columns, typing.wide)
    if checks and not all(typed.select(checks).row(0)):
        return None
    return RawTable(table, source, typed, typed=True, headers=header_words(names, header))
