"""What Python's TOML parser says of a file it cannot read, in Chinese: for plan files and
the mapping files of databases alike."""

from __future__ import annotations

import re

TOML_MESSAGES_ZH = (
    ("Cannot overwrite a value", "不能覆盖已有的值"),
    ("Expected '=' after a key in a key/value pair", "键后面应为 ="),
    ("Expected ']' at the end of a table declaration", "表头应以 ] 结束"),
    ("Expected ']]' at the end of an array declaration", "表数组头应以 ]] 结束"),
    ("Expected newline or end of document after a statement", "语句后应换行"),
    ("Invalid date or datetime", "无效的日期或时间"),
    ("Invalid initial character for a key part", "键的首字符无效"),
    ("Invalid statement", "无效的语句"),
    ("Invalid value", "无效的值"),
    ("Unclosed array", "数组没有闭合"),
    ("Unclosed inline table", "内联表没有闭合"),
    ("Unterminated string", "字符串没有结束"),
    ("Cannot declare", "重复声明"),
    ("Duplicate inline table key", "内联表中的键重复"),
    ("Illegal character", "非法字符"),
    ("Found invalid character", "无效的字符"),
)
"""The start of each common message of Python's TOML parser, and its meaning in Chinese."""
TOML_AT = re.compile(r"^(?P<message>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def toml_reason_zh(message: str) -> str:
    """Python's TOML parser's ``message`` in Chinese: its common starts translated, its
    line and column said as a Chinese reader reads them (第3行第5列)."""
    match = TOML_AT.match(message)
    what = match.group("message") if match else message
    for start, zh in TOML_MESSAGES_ZH:
        if what.startswith(start):
            what = zh + what[len(start) :]
            break
    if match:
        return f"第{match.group('line')}行第{match.group('column')}列：{what}"
    return what
