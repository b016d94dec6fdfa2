"""What loaders, renderers and codes are: what plugins register to bring data in, reports
out, and the codes of open lists they understand.

Each is registered through a hook (:func:`scoplan.hookspecs.scoplan_register_loaders`,
:func:`scoplan.hookspecs.scoplan_register_renderers`,
:func:`scoplan.hookspecs.scoplan_register_codes`); scoplan's own CSV, JSON, Excel and SQL
loaders and its text, JSON, Markdown, HTML, CSV and Excel renderers are registered the
same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import attrs

from scoplan.i18n import DEFAULT_LANGUAGE, Text

if TYPE_CHECKING:
    from scoplan._exceptions import Problem
    from scoplan.loading import RawTable
    from scoplan.report import Report

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
    no installed plugin registers is a warning (it counts towards no target). ``aliases``
    are other spellings (Chinese) it may be written in.
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


@attrs.frozen
class RenderOptions:
    """How to render: the language, the plan's own words for terms, colour and width."""

    lang: str = DEFAULT_LANGUAGE
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
