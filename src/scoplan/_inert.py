"""Text from the data made inert, without a word of the catalogue.

What :mod:`scoplan._display` and the catalogue (:mod:`scoplan.i18n`) both need: the limits
of what a report or message shows, control and format characters written as escapes, the
password of a URL masked, what a workbook cell cannot hold. Nothing here is said in a
language, so the catalogue can use it and :mod:`scoplan._display`, which says the cut mark in
the catalogue's words, can build on both.
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


def kept(text: str, limit: int | None) -> tuple[str, int]:
    """What a message keeps of ``text``, its URLs' passwords masked; and how many characters
    are left out past ``limit`` (0 when none is).

    Only the part kept (and a URL's length past it) is searched for URLs, so that a
    megabyte in a cell costs no more than the characters a message keeps of it. The part
    kept is not yet escaped.
    """
    if limit is None:
        return masked(text), 0
    head = masked(text[: limit + URL_ROOM])
    rest = len(text) - limit - URL_ROOM
    if len(head) <= limit and rest <= 0:
        return head, 0
    return head[:limit], len(head[limit:]) + max(rest, 0)


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
