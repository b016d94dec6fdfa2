"""What loaders, renderers and codes are: what plugins register to bring data in, reports
out, and the codes of open lists they understand.

Each is registered through a hook (:func:`scoplan.hookspecs.scoplan_register_loaders`,
:func:`scoplan.hookspecs.scoplan_register_renderers`,
:func:`scoplan.hookspecs.scoplan_register_codes`); scoplan's own CSV, JSON, Excel and SQL
loaders and its text, JSON, Markdown, HTML, CSV and Excel renderers are registered the
same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import attrs

from scoplan.i18n import DEFAULT_LANGUAGE, LANGUAGES, Text

if TYPE_CHECKING:
    from scoplan._exceptions import Problem
    from scoplan.loaders.contract import RawTable
    from scoplan.report import Report
    from scoplan.schema import Column

ProgressCallback = Callable[[str], None]
ReadFunction = Callable[
    [str, "ProgressCallback | None"], "tuple[dict[str, RawTable], list[Problem]]"
]


@attrs.frozen
class Loader:
    """A source of data: which sources it accepts, and how it reads them into raw tables."""

    id: str
    title: Text
    accepts: Callable[[str], bool]
    read: ReadFunction


@attrs.frozen
class Code:
    """A code of an open list of DATA.md that a plugin understands.

    Open lists — ``establishments.kind``, ``events.kind``, ``organizations.category`` and
    ``organizations.serves`` — take codes scoplan does not know, for plugins; a code that
    no installed plugin registers (nor the plan evaluated names) is a warning: no target
    counts by it. ``aliases`` are other spellings (Chinese) it may be written in.
    """

    table: str
    column: str
    code: str
    title: Text
    aliases: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """``table.column.code``: unique among the codes registered."""
        return f"{self.table}.{self.column}.{self.code}"


FORMAT_ALIASES: Mapping[str, str] = {"md": "markdown"}
"""Other names ``--format`` takes for a built-in format: ``md``, as its file is named
(``report.md``), for ``markdown``."""


def _catalogued(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in LANGUAGES:
        raise ValueError(
            f"lang must be one of {', '.join(LANGUAGES)}, the languages scoplan has the words "
            f"of, not {value!r}"
        )


@attrs.frozen
class RenderOptions:
    """How to render: the language, the plan's own words for terms, colour and width.

    ``lang`` is one of :data:`~scoplan.i18n.LANGUAGES` (``zh``, ``en``): another, which no
    catalogue has the words of, is a ValueError that names them."""

    lang: str = attrs.field(default=DEFAULT_LANGUAGE, validator=_catalogued)
    terms: Mapping[str, str] = attrs.field(factory=dict)
    color: bool = False
    width: int = 120
    timings: bool = False


@attrs.frozen
class Renderer:
    """A report format: its id (what ``--format`` takes), extension, and render function."""

    id: str
    title: Text
    extension: str
    render: Callable[[Report, RenderOptions], str | bytes]
    binary: bool = False


COLUMN_TYPES: Mapping[str, str] = {
    "text": "string",
    "code": "string",
    "list": "list",
    "date": "date",
    "bool": "bool",
    "number": "number",
}
"""The types a plugin's column may have, and the type of DATA.md each is read as."""


@attrs.frozen
class ColumnSpec:
    """A column a plugin declares: one a bureau adds to a table of DATA.md for its target.

    scoplan then reads it as it reads a built-in column: under its ``name`` or its Chinese
    ``header``, in every source form (CSV in UTF-8 or GB18030, workbooks, JSON, SQLite), in
    NFKC, typed and checked, each problem with its file, row and column. ``type`` is one of
    :data:`COLUMN_TYPES`: ``text``; ``code`` (one of ``codes``, each with its Chinese
    spellings, as ``{"passed": ("合格",)}``); ``list`` (items separated as DATA.md says,
    ``codes`` optional); ``date``; ``bool`` (是/否, true/false…); ``number`` (``12``,
    ``1,200``, ``85%``). A ``required`` column missing from the table, or blank in a row, is
    an error. ``open_codes`` lets a ``code`` or ``list`` column hold other values too.

    ``known_from``: a column holding only the latest value (a last inspection date) cannot
    say what was true before the register began to keep it; a target reading it marks its
    history before that day unknown (see :attr:`scoplan.TargetKind.known_from`).
    """

    table: str
    name: str
    header: str
    type: str = "text"
    required: bool = False
    codes: Mapping[str, tuple[str, ...]] | None = None
    open_codes: bool = False
    title: Text | None = None
    known_from: dt.date | None = None

    @property
    def id(self) -> str:
        """``table.column``: unique among the columns of a table."""
        return f"{self.table}.{self.name}"

    def column(self, plugin: str = "") -> Column:
        """The column as :mod:`scoplan.schema` describes the built-in ones."""
        from scoplan.schema import Column

        codes = None if self.codes is None else {c: tuple(a) for c, a in self.codes.items()}
        return Column(
            self.name,
            self.header,
            COLUMN_TYPES[self.type],
            required=self.required,
            codes=codes,
            open_codes=self.open_codes,
            plugin=plugin,
            known_from=self.known_from,
        )
