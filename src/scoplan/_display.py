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
"""

from __future__ import annotations

import re
import unicodedata

NAME_LIMIT = 200
"""How many characters of a name, an id or a cell value a report or a message shows."""

TEXT_LIMIT = 2000
"""How many characters of longer text (a reason, a list of what is expected, a target's
error) a report or a message shows."""

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""The Unicode categories :func:`shown` escapes: controls (C0, DEL, C1), format characters
(zero-width characters, bidi embeddings, overrides and isolates, the BOM), lone surrogates,
and the line and paragraph separators."""

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

ID_HIDDEN = (
    r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"
    r"\x{034F}\x{115F}\x{1160}\x{17B4}\x{17B5}\x{180B}-\x{180D}\x{3164}\x{FFA0}"
    r"\x{FE00}-\x{FE0F}\x{E0100}-\x{E01EF}]"
)
"""A character class (for polars) of what an id or a reference may not hold: controls,
format characters (U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER, U+FEFF, U+00AD SOFT
HYPHEN, bidi controls…), line separators, and the other characters that show as nothing
(the combining grapheme joiner, the Hangul and Khmer fillers, variation selectors). With
one, ``341002`` and ``341002``+U+2060 look the same and are two ids."""

_URL_HEAD = re.compile(r"\b[A-Za-z][A-Za-z0-9+.\-]{0,31}://[^:/@\s]*:")
"""``scheme://user:``: where a password may start. It runs to the last ``@`` before the URL
ends (at a space or the end of the text), so that an ``@`` typed in a password unencoded
leaves none of it shown."""
_SPACE = re.compile(r"\s")
_QUERY_PASSWORD = re.compile(r"(?i)(?P<head>[?&;](?:password|passwd|pwd)=)(?P<password>[^&\s]*)")
MASK = "***"
URL_ROOM = 512
"""How far past a cut :func:`for_message` looks for the end of a URL whose password to mask."""


def _escape(char: str) -> str:
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escaped(text: str) -> str:
    """``text`` with every character of :data:`HIDDEN_CATEGORIES` written as an escape."""
    if text.isprintable():  # nearly every name: no character to look at one by one
        return text
    category = unicodedata.category
    return "".join(_escape(char) if category(char) in HIDDEN_CATEGORIES else char for char in text)


def cut_mark(count: int, lang: str) -> str:
    """``…(+N 字符)`` / ``…(+N chars)``: what stands for ``count`` characters left out."""
    from scoplan.i18n import translate

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


def masked(text: str) -> str:
    """``text`` with the password of every URL in it replaced by ``***``.

    ``postgresql://admin:S3cret@host/db`` becomes ``postgresql://admin:***@host/db``; a
    ``password=`` (``pwd=``, ``passwd=``) parameter of a query is masked too. A URL with no
    password, and any other text, is left as it is.
    """
    if "://" in text:
        parts: list[str] = []
        done = start = 0
        # each URL is looked at once, from its head to the next space: linear in the text
        while (head := _URL_HEAD.search(text, start)) is not None:
            space = _SPACE.search(text, head.end())
            end = space.start() if space is not None else len(text)
            at = text.rfind("@", head.end(), end)
            if at >= 0:
                parts += [text[done : head.end()], MASK]
                done = at
            start = end
        text = "".join([*parts, text[done:]])
    if "=" in text:
        text = _QUERY_PASSWORD.sub(rf"\g<head>{MASK}", text)
    return text


def clipped(text: str, limit: int | None, lang: str) -> tuple[str, str]:
    """What a message keeps of ``text``, its URLs' passwords masked; and the cut mark, or "".

    Only the part kept (and a URL's length past it) is searched for URLs, so that a
    megabyte in a cell costs no more than the characters a message keeps of it. The part
    kept is not yet escaped: :func:`for_message` escapes it, and a message that quotes a
    value with ``repr`` escapes it its own way.
    """
    if limit is None:
        return masked(text), ""
    head = masked(text[: limit + URL_ROOM])
    rest = len(text) - limit - URL_ROOM
    if len(head) <= limit and rest <= 0:
        return head, ""
    return head[:limit], cut_mark(len(head[limit:]) + max(rest, 0), lang)


def for_message(text: str, limit: int | None, lang: str) -> str:
    """``text`` as a message shows it: URLs' passwords masked, then escaped and cut as
    :func:`shown` does."""
    kept, mark = clipped(text, limit, lang)
    return escaped(kept) + mark


WORKBOOK_ILLEGAL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
"""What an ``.xlsx`` cell cannot hold (openpyxl's ``ILLEGAL_CHARACTERS_RE``), for polars."""


def in_workbook(text: str) -> str:
    """``text`` with what an ``.xlsx`` cell cannot hold (C0 controls but tab and line breaks)
    written as escapes, as :func:`shown` writes them: ``\\x01``."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub(lambda match: _escape(match.group()), text)


def character_name(char: str) -> str:
    """``U+2060 WORD JOINER``: a character by its code point and Unicode name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"
