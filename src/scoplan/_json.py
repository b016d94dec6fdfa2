"""Indented JSON, written fast: the bytes ``json.dumps(..., ensure_ascii=False, indent=2)``
writes, by orjson wherever orjson writes those same bytes.

Python's own encoder is pure Python once it indents: a national report (26 MB of JSON)
took 1.8 s to write; orjson writes it in 0.1 s. The two agree on everything a report
holds but two things, and where either could differ the standard library writes it:

- a float below 1e-4 or from 1e16 up: Python writes ``1e-05``, orjson ``0.00001``;
- what orjson refuses: a whole number beyond 64 bits, a key that is not text, a lone
  surrogate, an object it does not know.

So a report reads the same, byte for byte, whichever wrote it.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_DIGITS = bytes.maketrans(b"123456789", b"000000000")
"""Every digit as ``0``: a number's form is then found by literal searches."""


def _may_differ(written: bytes) -> bool:
    """Whether orjson's ``written`` may not be what Python writes: it holds a number in
    exponent form (``1.5e-7``, ``2e+16``; Python writes ``1.5e-07``) or a float below 1e-4
    written out in full (``0.00001``; Python writes ``1e-05``). Found by literal searches:
    ``0.0000`` in the bytes themselves, an exponent in the bytes with every digit made ``0``
    (a regular expression that starts at each digit took 0.34 s over a national report's
    26 MB, these searches 0.03 s); each place found is
    then looked at where it stands: only a number standing as a value counts, so text that
    merely holds such a shape (a report's fingerprint ``…09ed035…``) keeps orjson's bytes,
    which are Python's for text."""
    shapes = written.translate(_DIGITS)
    # a fraction below 1e-4 holds these very bytes; in the shapes every number of four
    # decimals would (a national report's 47,000 means), each then looked at for nothing
    for mark, among in ((b"0.0000", written), (b"0e", shapes), (b"0E", shapes)):
        at = among.find(mark)
        while at >= 0:
            if _a_value_at(written, shapes, at, mark):
                return True
            at = among.find(mark, at + 1)
    return False


_IN_A_NUMBER = frozenset(b"0.-+eE")
_SPACE, _NEWLINE, _BRACKET = b" \n["


def _a_value_at(written: bytes, shapes: bytes, at: int, mark: bytes) -> bool:
    """Whether the shape found ``at`` is a number Python would write otherwise: it stands
    as a value (the whole document, after ``": "``, or alone on an array's line, with
    ``,``, a line's end or the end after it) and is an exponent form or a fraction below
    1e-4. Inside text a number-like piece is followed by more text or a quote."""
    if mark != b"0.0000" and shapes[at + 2 : at + 3] not in (b"0", b"-", b"+"):
        return False
    start = at
    while start > 0 and shapes[start - 1] in _IN_A_NUMBER:
        start -= 1
    end = at + len(mark)
    while end < len(shapes) and shapes[end] in _IN_A_NUMBER:
        end += 1
    indent = start
    while indent > 0 and shapes[indent - 1] == _SPACE:
        indent -= 1
    after_a_key = shapes[start - 2 : start] == b": "
    if not (indent == 0 or after_a_key or shapes[indent - 1] in (_NEWLINE, _BRACKET)):
        return False
    if end < len(shapes) and shapes[end : end + 1] not in (b",", b"\n"):
        return False
    number = written[start:end].lstrip(b"-")
    return mark != b"0.0000" or number.startswith(b"0.0000")


def _by_orjson(plain: Any) -> str | None:
    """``plain`` as indented JSON by orjson, or None where Python would write it otherwise."""
    try:
        written = orjson.dumps(plain, option=orjson.OPT_INDENT_2)
    except (orjson.JSONEncodeError, TypeError):
        return None
    if _may_differ(written):
        return None
    return written.decode("utf-8")


def dumps(plain: Any) -> str:
    """``plain`` as ``json.dumps(plain, ensure_ascii=False, indent=2)`` writes it."""
    fast = _by_orjson(plain)
    if fast is not None:
        return fast
    return json.dumps(plain, ensure_ascii=False, indent=2)
