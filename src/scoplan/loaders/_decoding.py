"""The text of a file a loader reads: UTF-8 (with or without BOM) or GB18030, told apart,
or a problem naming the line where it is neither (cut short, mixed, UTF-16)."""

from __future__ import annotations

import re

from scoplan._exceptions import DataError, Problem

BOM = b"\xef\xbb\xbf"
_UTF8_WIDE = re.compile(rb"[\xe3-\xe9\xef][\x80-\xbf]{2}")
"""Three bytes that UTF-8 spends on a CJK character, a CJK mark or a full-width form."""


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _is_wide(char: str) -> bool:
    return (
        "\u3000" <= char <= "\u303f" or "\u4e00" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"
    )


def _utf8_chinese_line(data: bytes) -> int | None:
    """The first line that is plainly UTF-8 Chinese (valid UTF-8 holding CJK), or None.

    GB18030 decodes almost any bytes, UTF-8 ones too: a file whose UTF-8 lines decode as
    GB18030 only because another line is GB18030 would be read as gibberish.
    """
    tried: set[int] = set()
    for match in _UTF8_WIDE.finditer(data):
        start = data.rfind(b"\n", 0, match.start()) + 1
        if start in tried:
            continue
        tried.add(start)
        end = data.find(b"\n", match.end())
        try:
            line = data[start : len(data) if end < 0 else end].decode("utf-8")
        except UnicodeDecodeError:
            continue
        if any(_is_wide(char) for char in line):
            return _line_of(data, start)
    return None


def decode(data: bytes, source: str) -> str:
    """Text of a file in UTF-8 (with or without BOM) or GB18030, or a DataError saying why not.

    A file cut in the middle of a character, one that mixes UTF-8 and GB18030 lines, and a
    UTF-16 one (Excel's "Unicode text") each get their own problem, naming the line.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError([Problem("utf16", source)])
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8 = error
    cut = utf8.reason == "unexpected end of data" and not data[: utf8.start].isascii()
    if cut:
        # UTF-8 throughout, up to a character cut in two at the very end
        line = _line_of(data, utf8.start)
        raise DataError([Problem("truncated_character", source, params={"line": line})])
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        if error.reason == "incomplete multibyte sequence" and error.end == len(data):
            line = _line_of(data, error.start)
            raise DataError(
                [Problem("truncated_character", source, params={"line": line})]
            ) from None
        line = _line_of(data, utf8.start)
        other = _utf8_chinese_line(data)
        if other is not None:
            # a UTF-8 line (pasted, appended) that is no GB18030 either: both named
            params = {"line": line, "other": other}
            raise DataError([Problem("mixed_encoding", source, params=params)]) from None
        raise DataError([Problem("bad_encoding", source, params={"line": line})]) from None
    inside = data.find(BOM)
    if inside >= 0:
        # a UTF-8 file's first bytes inside a GB18030 one (another file appended to it):
        # read as GB18030 they would be 锘 and half a character in the row's first cell
        line = _line_of(data, inside)
        raise DataError([Problem("bom_inside", source, params={"line": line})])
    other = _utf8_chinese_line(data)
    if other is not None:
        line = _line_of(data, utf8.start)
        params = {"line": line, "other": other}
        raise DataError([Problem("mixed_encoding", source, params=params)])
    return text
