"""``json``: one JSON document whose keys are tables and values lists of row objects."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from scoplan._convert import Mistake
from scoplan._exceptions import DataError, Problem
from scoplan._os_reasons import os_reason
from scoplan.formats import Loader, ProgressCallback
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.limits import current, over
from scoplan.loaders._decoding import decode
from scoplan.loaders._tables import canonical_table, raw_tables
from scoplan.loaders.contract import RawTable


class _Object(dict[str, Any]):
    """A JSON object, and the keys it gave more than once (json keeps only the last)."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    found = _Object(pairs)
    if len(found) < len(pairs):
        seen: set[str] = set()
        repeated: list[str] = []
        for key, _ in pairs:
            if key in seen:
                repeated.append(key)
            seen.add(key)
        found.repeated = tuple(repeated)
    return found


_MAX_DIGITS = 4000
"""Past this, Python will not turn digits into a number (and no id or count has as many)."""
JSON_MESSAGES_ZH = {
    "Expecting value": "此处应为一个值",
    "Expecting property name enclosed in double quotes": "此处应为用双引号括起的键",
    "Expecting ':' delimiter": "此处应为冒号 :",
    "Expecting ',' delimiter": "此处应为逗号 ,",
    "Unterminated string starting at": "字符串没有结束",
    "Invalid control character at": "字符串中有控制字符",
    "Invalid \\escape": "无效的转义 \\",
    "Invalid \\uXXXX escape": "无效的转义 \\uXXXX",
    "Extra data": "文档结束后还有内容",
}
"""The messages of Python's JSON parser, in Chinese."""


def _integer(text: str) -> int:
    if len(text) > _MAX_DIGITS:
        digits = len(text)
        raise Mistake(f"a number of {digits} digits", f"有一个 {digits} 位的数字")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise Mistake(f"the number {text[:24]} is too large", f"数字 {text[:24]} 太大")
    return value


def _constant(name: str) -> float:
    raise Mistake(f"{name} is not a JSON value", f"{name} 不是 JSON 的值")


def _repeated_keys(document: Any, source: str) -> list[Problem]:
    """A problem for each key given twice in the document's object or in a row of it."""
    if not isinstance(document, _Object):
        return []
    problems = [Problem("duplicate_key", source, value=key) for key in document.repeated]
    for key, rows in document.items():
        if not isinstance(rows, list):
            continue
        for index, row in enumerate(rows):
            if isinstance(row, _Object):
                problems += [
                    Problem(
                        "duplicate_key", source, table=key, index=index, column=column, value=column
                    )
                    for column in row.repeated
                ]
    return problems


def read_json_document(
    path: Path, *, only: Collection[str] | None = None
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read a JSON document whose keys are table names and values lists of row objects.

    With ``only``, the tables named there alone (``{"districts"}``): the document is still
    parsed whole (a mistake in its JSON is said), but the other tables' rows are left
    unread and unsaid, as a CSV folder's other files are."""
    from scoplan._convert import structure_document

    source = path.name
    limits = current()
    try:
        size = path.stat().st_size
        if size > limits.json_bytes:
            raise DataError([over("json_bytes", source, limits.json_bytes, found=size)])
        text = decode(path.read_bytes(), source)
    except OSError as error:
        raise DataError([Problem("unreadable", source, params=os_reason(error))]) from None
    try:
        document = json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=_integer,
            parse_float=_float,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}: "
        where_zh = f"第{error.lineno}行第{error.colno}列："
        said = JSON_MESSAGES_ZH.get(error.msg, error.msg)
        params = {"reason": where + error.msg, "reason_zh": where_zh + said}
        raise DataError([Problem("bad_json", source, params=params)]) from None
    except ValueError as error:
        params = {"reason": str(error), "reason_zh": getattr(error, "zh", str(error))}
        raise DataError([Problem("bad_json", source, params=params)]) from None
    except RecursionError:
        params = {"reason": "nested too deeply", "reason_zh": "嵌套过深"}
        raise DataError([Problem("bad_json", source, params=params)]) from None
    if only is not None and isinstance(document, _Object):
        document = _only(document, only)
    repeated = _repeated_keys(document, source)
    try:
        rows = structure_document(document, source)
    except DataError as error:
        raise DataError([*repeated, *error.problems]) from None
    if repeated:
        raise DataError(repeated)
    return raw_tables(rows, source)


def _only(document: _Object, tables: Collection[str]) -> _Object:
    """The document with only the keys that name one of ``tables`` (in any spelling)."""
    kept = _Object((key, rows) for key, rows in document.items() if canonical_table(key) in tables)
    kept.repeated = tuple(key for key in document.repeated if canonical_table(key) in tables)
    return kept


def accepts(source: str) -> bool:
    path = Path(source)
    return path.suffix.lower() == ".json" and path.is_file()


def read(
    source: str, progress: ProgressCallback | None = None
) -> tuple[dict[str, RawTable], list[Problem]]:
    if progress is not None:
        progress(Path(source).name)
    return read_json_document(Path(source))


@hookimpl
def scoplan_register_loaders(register: Callable[[Loader], None]) -> None:
    register(Loader("json", Text("JSON 文档", "JSON document"), accepts, read))
