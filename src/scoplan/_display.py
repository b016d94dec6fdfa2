"""Text from the data as a terminal, a log, a workbook or a line-based reader may show it.

Names, ids and cell values come from a bureau's files, and may hold anything: escape
sequences that clear a terminal or set its title, a line break that forges a line of a
report, a bidi override that reverses what a reader sees, a megabyte in one cell, a database
URL with its password. Every report for people and every message goes through here:

- :func:`shown`: control and format characters escaped (``\\x1b``, ``\\r``, ``\\u202e``),
  long text cut with a mark (``…(+N chars)``). Machine formats (JSON) keep the text whole.
- :func:`masked`: the password of any URL in a text as ``***``.
- :func:`in_workbook`: the characters an ``.xlsx`` cell cannot hold, escaped.
- :data:`ID_HIDDEN` and :func:`character_name`: the invisible characters an id may not hold.

What says no word (escapes, masks, limits) is in :mod:`scoplan._inert`, which the
catalogue uses; this module adds the cut mark, in the catalogue's words.
"""

from __future__ import annotations

from scoplan._inert import (
    HIDDEN_CATEGORIES,
    ID_HIDDEN,
    MASK,
    NAME_LIMIT,
    TEXT_LIMIT,
    URL_ROOM,
    WORKBOOK_ILLEGAL,
    character_name,
    escaped,
    in_workbook,
    kept,
    masked,
)
from scoplan.i18n import translate

__all__ = [
    "HIDDEN_CATEGORIES",
    "ID_HIDDEN",
    "MASK",
    "NAME_LIMIT",
    "TEXT_LIMIT",
    "URL_ROOM",
    "WORKBOOK_ILLEGAL",
    "character_name",
    "clipped",
    "cut_mark",
    "escaped",
    "for_message",
    "in_workbook",
    "kept",
    "masked",
    "shown",
]


def cut_mark(count: int, lang: str) -> str:
    """``…(+N 字符)`` / ``…(+N chars)``: what stands for ``count`` characters left out."""
    return translate("display.cut", lang, count=count)


def shown(text: str, limit: int | None = NAME_LIMIT, lang: str = "zh") -> str:
    """``text`` as a report for people or a message shows it: on one line, inert, short.

    Control and format characters (:data:`HIDDEN_CATEGORIES`: ESC, BEL, CR, LF, DEL, C1
    controls, zero-width characters, bidi overrides…) are written as escapes (``\\x1b``,
    ``\\r``, ``\\n``, ``\\u202e``), so that no escape sequence reaches a terminal and no
    line break forges a line. Past ``limit`` characters the text is cut, with a mark saying
    how many were left out (:func:`cut_mark`, in ``lang``). Text with neither passes
    unchanged; a backslash is left as it is.
    """
    if limit is not None and len(text) > limit:
        return escaped(text[:limit]) + cut_mark(len(text) - limit, lang)
    return escaped(text)


def clipped(text: str, limit: int | None, lang: str) -> tuple[str, str]:
    """What a message keeps of ``text`` (:func:`scoplan._inert.kept`), and the cut mark or
    "". The part kept is not yet escaped: :func:`for_message` escapes it, and a message that
    quotes a value with ``repr`` escapes it its own way."""
    part, left_out = kept(text, limit)
    return part, cut_mark(left_out, lang) if left_out else ""


def for_message(text: str, limit: int | None, lang: str) -> str:
    """``text`` as a message shows it: URLs' passwords masked, then escaped and cut as
    :func:`shown` does."""
    kept, mark = clipped(text, limit, lang)
    return escaped(kept) + mark
