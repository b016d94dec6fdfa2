"""The loader contract: what every loader hands scoplan, and what checking reads.

A loader (:mod:`scoplan.loaders`, or a plugin's) reads a source into :class:`RawTable`
records: text cells (or null) under canonical column names, and each row's number, as its
source shows it, in :data:`ROW`. Checking (:mod:`scoplan.checking`) types and checks them;
it depends on this module only, never on a loader nor on :mod:`scoplan.loading`.

This module depends on nothing of scoplan above :mod:`scoplan.schema`.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from scoplan.schema import LIST_SEPARATORS, STRING, Column

if TYPE_CHECKING:
    from scoplan._digest import RowSums

ROW = "__row"
"""The column that holds each row's number as its source shows it."""
TWIN_KEY = "__twin"
"""The column a loader that leaves the organizations' names out (:func:`leaving`) holds
instead: :func:`twin_key` of each row, for the warning of organizations entered twice."""


def twin_key() -> pl.Expr:
    """A digest of an organization's community, name and founding date: two rows alike in
    all three are the same organization, entered twice under two ids."""
    parts = [pl.col("community_id"), pl.col("name"), pl.col("founded")]
    # a row with one of them blank (a note below the table) is like no other
    return pl.when(pl.all_horizontal(p.is_not_null() for p in parts)).then(
        pl.struct(parts).hash(seed=0)
    )


def twin_key_of(columns: Collection[str]) -> pl.Expr | None:
    """:func:`twin_key` for a frame of ``columns``, or the digest a loader kept in
    :data:`TWIN_KEY` where it let the names go; None where the frame has neither."""
    if {"name", "community_id", "founded"} <= set(columns):
        return twin_key()
    return pl.col(TWIN_KEY) if TWIN_KEY in columns else None


ProgressCallback = Callable[[str], None]


@attrs.frozen
class RawTable:
    """One table as read: text cells, canonical column names, row numbers in ``ROW``.

    ``numbering`` is ``"row"`` when ``ROW`` holds the row as a spreadsheet numbers it
    (from 1: its first row, the header's or a title's above it), ``"index"`` when it holds a
    JSON list index (from 0), ``"record"`` when it holds the row's position in a database
    table or among the rows a what-if adds (from 1; no header row).
    """

    name: str
    source: str
    frame: pl.DataFrame
    numbering: str = "row"
    typed: bool = False
    """True when the fast path already typed the columns: every cell parsed, no problem found."""
    headers: Mapping[str, str] = attrs.field(factory=dict)
    """Each canonical column's header as the user wrote it, where it differs (``township_id``
    → ``所属乡镇街道``): messages name a column in the user's own words."""
    complete: bool = True
    """False when some rows could not be read (a file cut short, in an unknown encoding…):
    references into this table are then not checked, since their rows may be the lost ones."""
    checked: bool = False
    """True when the loader checked these rows already, each where it came from (a folder of
    returns, :mod:`scoplan.returns`): the warnings about them are the loader's, and are not
    looked for again in the merged table, where their rows are no longer where they were."""
    left_out: tuple[str, ...] = ()
    """Columns the loader read, typed and checked in every cell, then did not keep, because
    the plan the data is loaded for does not read them (:func:`leaving`); ``frame`` lacks
    them. Only with :attr:`row_sums`, so that the dataset's fingerprint is that of the whole."""
    row_sums: RowSums | None = None
    """The digest sums of every row over all its columns, left out or not (see
    :mod:`scoplan._digest`); None when the loader left nothing out."""
    places: pl.DataFrame | None = None
    """For a table merged from several sources (a folder of returns), where each row was
    read, by ``ROW``: the columns ``ROW``, ``source``, ``row`` and ``index`` (a row's own
    file or sheet and its row there, or its index in a JSON list; see
    :class:`scoplan.dataset.Place`). None: every row is in :attr:`source`, at its ``ROW``."""
    header_row: int = 1
    """The header's row, where ``numbering`` is ``"row"``: below title rows, not row 1 (the
    first of its rows, where it takes two). A problem with the header, a required column
    missing, names it."""
    mapped: Mapping[str, str] = attrs.field(factory=dict)
    """Each canonical column a database's mapping file names and the table lacks, as the
    mapping names it (``dissolved`` → ``zxrq``): a message of the column names the
    database's column, as :attr:`headers` names one the table has."""
    mapping: str | None = None
    """The mapping file (``mapping.toml``) that named the table's columns, if one did."""


_EXTRA_CODES: contextvars.ContextVar[Mapping[Any, Any] | None] = contextvars.ContextVar(
    "scoplan_extra_codes", default=None
)


_LEAVING: contextvars.ContextVar[Mapping[str, frozenset[str]] | None] = contextvars.ContextVar(
    "scoplan_leaving", default=None
)


def leaving(table: str) -> frozenset[str]:
    """The columns of ``table`` a loader may leave out once it has checked every cell of them
    (:attr:`RawTable.left_out`): none unless the data is loaded for a plan that does not
    read them and no later check does (:func:`scoplan.plan_columns.may_leave_out`). A loader
    need not: what it keeps, the dataset lets go after checking."""
    return (_LEAVING.get() or {}).get(table, frozenset())


@contextlib.contextmanager
def every_column_kept() -> Iterator[None]:
    """Within it, no loader leaves a column out (:func:`leaving` names none): for a loader
    that reads through other loaders and changes what they read (a folder of returns, whose
    tables are made text again and merged), where left-out columns could not be accounted
    for. Its tables are let go of after checking instead."""
    token = _LEAVING.set(None)
    try:
        yield
    finally:
        _LEAVING.reset(token)


def codes_in_force() -> Mapping[Any, Any] | None:
    """The codes plugins add (``Registry.codes``) of the registry whose loader is reading,
    for a loader that checks what it reads as loading will (a folder of returns)."""
    return _EXTRA_CODES.get()


_SEPARATOR = "[" + re.escape("".join(LIST_SEPARATORS)) + "]"
"""Any one of :data:`~scoplan.schema.LIST_SEPARATORS`, as a regular expression."""
ITEMS = "\x1f"
"""What goes before each item of a list given as a list (a JSON one): such a cell is split
there only, so an item is never cut at a separator it holds (``"a/b"``, a plugin's group)."""


def split_list(text: pl.Expr, column: Column, *, items: bool = False) -> pl.Expr:
    """A list cell (``a;b``, ``a、b``, ``a，b``, ``a/b``…) as a list of codes, empty when blank.

    ``items``: some cells may be lists given as lists (:data:`ITEMS` before each item),
    split there only.
    """
    split = text.str.replace_all(_SEPARATOR, ";").str.split(";")
    if items:
        split = pl.when(text.str.contains(ITEMS, literal=True)).then(text.str.split(ITEMS))
        split = split.otherwise(text.str.replace_all(_SEPARATOR, ";").str.split(";"))
    parts = split.list.eval(pl.element().str.strip_chars().filter(pl.element() != ""))
    if column.codes is not None:
        # each item as a single code is read: as written, else in any case, else as it is
        mapping = column.code_map()
        item = pl.element()
        parts = parts.list.eval(
            pl.coalesce(
                item.replace_strict(mapping, default=None, return_dtype=pl.String),
                item.str.to_lowercase().replace_strict(
                    mapping, default=None, return_dtype=pl.String
                ),
                item,
            )
        )
    return parts.fill_null(pl.lit([], dtype=pl.List(pl.String)))


_LINE_BREAK = r"[^\S\r\n]*[\r\n]\s*"
"""A line break (``\\n``, ``\\r\\n``, ``\\r``: Alt+Enter in an Excel cell), with the spaces
around it and any line breaks after it."""
_BETWEEN_WORDS = r"([0-9A-Za-z])" + _LINE_BREAK + r"([0-9A-Za-z])"
"""A line break between two Latin letters or digits, which stay words apart."""


def one_line(text: str) -> str:
    """A name or a header typed over several lines as the one line it is: a line break
    (Alt+Enter) is layout, not a letter, and counts for nothing with the spaces around it
    (``荷花池邻里⏎守望队``: 荷花池邻里守望队), but for one space between two Latin letters or
    digits (``Sunshine⏎Volunteers``: Sunshine Volunteers)."""
    if "\n" not in text and "\r" not in text:
        return text
    for _ in range(2):  # twice: a letter between two line breaks is on either side of both
        text = re.sub(_BETWEEN_WORDS, r"\1 \2", text)
    return re.sub(_LINE_BREAK, "", text)


def read_on_one_line(column: Column) -> bool:
    """Whether a column's cells are read as :func:`one_line` reads them: the names, whose
    line breaks are layout; not free text of a plugin's (a note's lines are its own)."""
    return column.name == "name"


def one_line_expr(text: pl.Expr) -> pl.Expr:
    """:func:`one_line` of each cell of ``text``."""
    for _ in range(2):
        text = text.str.replace_all(_BETWEEN_WORDS, "${1} ${2}")
    return text.str.replace_all(_LINE_BREAK, "")


def normalised(column: Column) -> bool:
    """Whether a column's cells are read in Unicode NFKC: all but free text (names).

    Ids, references, codes, dates, yes/no and list cells typed with a Chinese input method
    in full-width (``３４１００２``, ``ｕｒｂａｎ``, an ideographic space ``　``) are read as
    their ordinary forms; names are kept exactly as written.
    """
    return (
        column.name == "id" or bool(column.ref) or column.codes is not None or column.type != STRING
    )
