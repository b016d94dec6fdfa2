"""The columns plugins declare (``scoplan_register_columns``): listed as docs/DATA.md lists
the built-in ones, and the check that a column a target asks for is there.

Reading, typing and checking a declared column is not here: it is a column of
:mod:`scoplan.schema` while data is loaded (:func:`scoplan.schema.declaring`), and goes
every way a built-in column goes.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from scoplan._exceptions import DataError, Problem

if TYPE_CHECKING:
    from scoplan.plugins import Registry

_ASKING: contextvars.ContextVar[str] = contextvars.ContextVar("scoplan_asking_plugin")


@contextlib.contextmanager
def asking(plugin: str) -> Iterator[None]:
    """Name ``plugin`` as the one whose target asks the dataset questions in the block: a
    column it asks for that is not there is then said to be its question."""
    token = _ASKING.set(plugin)
    try:
        yield
    finally:
        _ASKING.reset(token)


_TYPE_WORDS = {
    "en": {
        "text": "text",
        "code": "code",
        "list": "list",
        "date": "date",
        "bool": "yes/no",
        "number": "number",
    },
    "zh": {
        "text": "文本",
        "code": "代码",
        "list": "列表",
        "date": "日期",
        "bool": "是/否",
        "number": "数字",
    },
}
_HEADS = {
    "en": (
        "| column | Chinese header | type | required | holds |",
        "| code | Chinese spellings | meaning |",
        "yes",
        "no",
        "declared by",
        "values known from",
    ),
    "zh": (
        "| 列 | 中文表头 | 类型 | 必需 | 内容 |",
        "| 代码 | 中文写法 | 含义 |",
        "是",
        "否",
        "声明的插件",
        "数值可知自",
    ),
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def columns_markdown(registry: Registry, lang: str = "en") -> str:
    """The declared columns, a table of DATA.md's style per table of DATA.md they extend
    (and one of codes per code column); empty when no plugin declares one."""
    from scoplan.schema import BUILT_IN

    lang = "zh" if lang == "zh" else "en"
    head, code_head, yes, no, by, known = _HEADS[lang]
    words = _TYPE_WORDS[lang]
    blocks: list[str] = []
    for table in BUILT_IN:
        specs = [spec for spec in registry.declared.values() if spec.table == table.name]
        if not specs:
            continue
        lines = [f"### `{table.name}` · {table.alias}", "", head, "| --- | --- | --- | --- | --- |"]
        for spec in specs:
            holds = spec.title.zh if spec.title and lang == "zh" else ""
            holds = holds or (spec.title.en if spec.title else "")
            notes = [f"{by} {registry.column_owner(spec.table, spec.name)}"]
            if spec.known_from is not None:
                notes.append(f"{known} {spec.known_from.isoformat()}")
            holds = f"{holds} ({'; '.join(notes)})" if holds else "; ".join(notes)
            required = yes if spec.required else no
            lines.append(
                f"| `{spec.name}` | {_cell(spec.header)} | {words[spec.type]} | {required} "
                f"| {_cell(holds)} |"
            )
        for spec in specs:
            if not spec.codes:
                continue
            lines += ["", f"#### `{spec.id}`", "", code_head, "| --- | --- | --- |"]
            for code, aliases in spec.codes.items():
                meaning = aliases[0] if aliases else code
                spelled = "、".join(_cell(alias) for alias in aliases)
                lines.append(f"| `{code}` | {spelled} | {_cell(meaning)} |")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def check_columns(
    table: str,
    wanted: Iterable[str],
    present: Iterable[str],
    *,
    extra: Iterable[str] = (),
    dropped: Iterable[str] = (),
) -> None:
    """A DataError naming each column of ``wanted`` that ``table`` does not have (and the
    plugin that declared it, or that none did), instead of polars' ColumnNotFoundError.
    A column the data has but did not hold (``dropped``: no kind of the plan it was loaded
    for says it reads it) is named as such: the kind asking must declare it."""
    from scoplan._installed import registry_or_installed

    have = set(present) | set(extra)
    missing = [name for name in dict.fromkeys(wanted) if name not in have]
    if not missing:
        return
    registry = registry_or_installed(None)  # who declared it: the installed plugins
    problems = []
    for name in missing:
        if name in dropped:
            params = {"plugin": _ASKING.get("-"), "table": table}
            problems.append(Problem("column_not_declared", table, value=name, params=params))
            continue
        params = {
            "plugin": _ASKING.get("-"),
            "declared": registry.column_owner(table, name) or "-",
            "table": table,
            "expected": ", ".join(sorted(have)),
        }
        problems.append(Problem("unknown_column", table, table=table, value=name, params=params))
    raise DataError(problems)
