"""A plan's own codes by the names its words give them, known to every step that reads
codes: loading (:mod:`scoplan.plan_codes`), the plan's params
(:mod:`scoplan.milestone_kinds`) and its words (:mod:`scoplan.plan_terms`).

A plan names a code of its own in ``[terms.zh]`` (``"establishment.cso_station" =
"社区社会组织服务站"``) and ``[terms.en]``; the name, read as a cell is (NFKC, no spaces
around it), is how the data may write that code. A name that spells a code DATA.md or a
plugin knows stays that code's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from scoplan.spellings import written

if TYPE_CHECKING:
    from scoplan.warning_checks import ExtraCodes

Vocabulary = dict[tuple[str, str], dict[str, tuple[str, ...]]]
"""Codes of open lists as loading takes them: (table, column) → code → its other spellings."""

Titles = dict[tuple[str, str, str], tuple[str, str]]
"""The words of codes: (table, column, code) → (Chinese, English)."""


TERM_PREFIXES = {("establishments", "kind"): "establishment", ("events", "kind"): "event"}
"""The prefix of a plan's word for a code of a column (``establishment.<code>``), by the
(table, column) whose codes it names."""


def spellings_known(table: str, column: str, codes: ExtraCodes) -> dict[str, str]:
    """Every spelling of a code of ``table``'s ``column`` that DATA.md or a plugin knows
    (``codes``: ``Registry.codes``), as a cell is read, with its code."""
    from scoplan.schema import TABLES_BY_NAME

    found = TABLES_BY_NAME[table].column(column).code_map() if table in TABLES_BY_NAME else {}
    for code, aliases in codes.get((table, column), {}).items():
        found.update(dict.fromkeys((code, code.lower(), *aliases), code))
    return {written(spelling): code for spelling, code in found.items()}


def own_names(
    terms: Mapping[str, Mapping[str, str]], table: str, column: str, code: str
) -> tuple[str, ...]:
    """The names a plan's words give its code of ``table``'s ``column`` (``[terms.zh]``
    first, then ``[terms.en]``), as a cell is read: NFKC, no spaces around."""
    prefix = TERM_PREFIXES.get((table, column))
    if prefix is None:
        return ()
    names = []
    for language in ("zh", "en"):
        word = terms.get(language, {}).get(f"{prefix}.{code}")
        if isinstance(word, str) and written(word) and written(word) != code:
            names.append(written(word))
    return tuple(dict.fromkeys(names))


def declared(terms: Mapping[str, Any], codes: ExtraCodes) -> Vocabulary:
    """The codes plugins register (``codes``) and those the plan's words name
    (``"establishment.service_station" = "…"``) that no vocabulary knows, each spelt as
    the words name it: in force while the plan's params are read, a code so named is the
    plan's own, not a slip of a known one (``service_centre``), and its name is that code.
    A ``terms`` of the wrong shape names none (the plan says why)."""
    merged = {key: dict(found) for key, found in codes.items()}
    for (table, column), prefix in TERM_PREFIXES.items():
        known = spellings_known(table, column, codes)
        for words in terms.values() if isinstance(terms, Mapping) else ():
            for key in words if isinstance(words, Mapping) else ():
                code = key.removeprefix(f"{prefix}.") if isinstance(key, str) else ""
                if not code or code == key or code in known:
                    continue
                names = own_names(terms, table, column, code)
                mine = merged.setdefault((table, column), {})
                mine[code] = tuple(name for name in names if name not in known)
    return merged
