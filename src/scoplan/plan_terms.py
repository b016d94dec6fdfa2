"""The keys of a plan's own words (``[terms.zh]``, ``[terms.en]``), against the words there are.

A plan may say any word of the reports its own way: ``"noun.organizations" =
"个社区社会组织(含备案)"``. A key no word has (``noun.organisations``), or a language the
reports are not written in (``[terms.cn]``), would be kept and never used: the report says
the catalogue's word, and nothing tells the plan's author why. Each is a mistake of the plan,
with the nearest key.

Besides the catalogues' keys, a plan names words of what is installed and of itself:
``target.<kind>`` and ``milestone.<kind>`` (a target kind's title, its milestones' titles),
``noun.<noun>`` (a noun a kind registers), ``establishment.<code>`` and ``event.<code>`` (a
code of the data, one a plugin registers, or one the plan's milestones name in ``kind``) and
``what.condition.<column>`` (an organizations' column, or one a plugin declares). Those are
told only with the registry; without it (:func:`scoplan.parse_plan` alone) they are left to
:func:`scoplan.evaluate`, as the milestones' target kinds are.

A plan's word for a code of its own is also how the data may write that code
(:mod:`scoplan.plan_codes`): a word that already spells a code DATA.md or a plugin knows
(``"establishment.cso_station" = "培育发展服务中心"``) is a mistake of the plan, saying whose.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from scoplan._convert import did_you_mean
from scoplan._exceptions import Problem
from scoplan.i18n import CATALOGUES, DEFAULT_LANGUAGE, LANGUAGES
from scoplan.plan_districts import keyed_path
from scoplan.spellings import written

if TYPE_CHECKING:
    from scoplan.plugins import Registry

LANGUAGE_WORDS = {
    "zh": ("cn", "zh-cn", "zh-hans", "zh-hans-cn", "chs", "chinese", "中文", "汉语", "简体中文"),
    "en": ("en-us", "en-gb", "eng", "english", "英文", "英语"),
}
"""What a plan may write for a language of the reports, by the language: told as a hint."""

OWN_PREFIXES = ("target.", "milestone.", "noun.", "establishment.", "event.", "what.condition.")
"""The keys that name what is installed or what the plan names, not only the catalogue."""


def _language_hint(language: str) -> tuple[str, str]:
    written = unicodedata.normalize("NFKC", language).strip().lower()
    written = written.replace("_", "-").replace(".", "-")
    for code, words in LANGUAGE_WORDS.items():
        if written in words or written == code:
            return f" (did you mean {code!r}?)", f"（是否应为“{code}”？）"
    return did_you_mean(language, LANGUAGES)


def _plan_codes(document: Mapping[str, Any]) -> set[str]:
    """The codes the plan's milestones name in a ``kind`` param (a province's own, too),
    and those its words name where a ``kind`` writes their name (``kind = "社区社会组织服务站"``
    with ``"establishment.cso_station" = "社区社会组织服务站"``)."""
    milestones = document.get("milestones")
    found = set()
    for milestone in milestones if isinstance(milestones, list | tuple) else ():
        params = milestone.get("params") if isinstance(milestone, Mapping) else None
        kind = params.get("kind") if isinstance(params, Mapping) else None
        if isinstance(kind, str):
            found.add(unicodedata.normalize("NFKC", kind).strip())
    terms = document.get("terms")
    for words in terms.values() if isinstance(terms, Mapping) else ():
        for key, word in words.items() if isinstance(words, Mapping) else ():
            named = isinstance(key, str) and key.startswith(("establishment.", "event."))
            if named and isinstance(word, str) and written(word) in found:
                found.add(key.partition(".")[2])
    return found


def _own_keys(document: Mapping[str, Any], registry: Registry) -> Iterator[str]:
    """The keys of words of what is installed and of what the plan names (see the module)."""
    from scoplan.schema import ESTABLISHMENT_KINDS, EVENT_KINDS, TABLES_BY_NAME

    for id, kind in registry.targets.items():
        yield f"target.{id}"
        yield f"milestone.{id}"
        yield from (f"noun.{noun}" for noun in kind.nouns)
    codes = registry.codes
    own = _plan_codes(document)
    for table, built_in in (("establishment", ESTABLISHMENT_KINDS), ("event", EVENT_KINDS)):
        registered = codes.get((f"{table}s", "kind"), {})
        yield from (f"{table}.{code}" for code in (*built_in, *registered, *own))
    columns = [column.name for column in TABLES_BY_NAME["organizations"].columns]
    columns += [s.name for s in registry.declared.values() if s.table == "organizations"]
    yield from (f"what.condition.{column}" for column in columns)
    # its words for a value listing several codes (登记或备案)
    yield from (f"what.condition.{column}.any" for column in columns)


def term_problems(
    document: Mapping[str, Any], source: str, registry: Registry | None = None
) -> list[Problem]:
    """A problem for each language of the plan's ``terms`` the reports are not written in,
    and for each key of its words that no word has, with the nearest key; in the order of
    the file. A ``terms`` of the wrong shape is the plan's own problem, said by the plan."""
    terms = document.get("terms")
    if not isinstance(terms, Mapping):
        return []
    catalogue = CATALOGUES[DEFAULT_LANGUAGE]
    own: set[str] | None = None
    if registry is not None and not _failed(registry):
        own = set(_own_keys(document, registry))
    known = [*catalogue, *sorted(own or ())]
    problems: list[Problem] = []
    for language, words in terms.items():
        if language not in LANGUAGES:
            hint, hint_zh = _language_hint(str(language))
            params = {
                "hint": hint,
                "hint_zh": hint_zh,
                "expected": ", ".join(LANGUAGES),
                "expected_zh": "、".join(LANGUAGES),
            }
            column = keyed_path("terms", str(language))
            problems.append(
                Problem(
                    "unknown_terms_language",
                    source,
                    column=column,
                    value=str(language),
                    params=params,
                )
            )
            continue
        for key in words if isinstance(words, Mapping) else ():
            if not isinstance(key, str) or key in catalogue or (own is not None and key in own):
                continue
            if own is None and key.startswith(OWN_PREFIXES):
                continue  # a word of what is installed: told against the registry
            hint, hint_zh = did_you_mean(key, known)
            params = {"hint": hint, "hint_zh": hint_zh}
            column = keyed_path("terms", language)
            problem = Problem("unknown_term", source, column=column, value=key, params=params)
            problems.append(problem)
    if own is not None:
        problems += _taken_names(document, terms, source, registry)
    return problems


def _taken_names(
    document: Mapping[str, Any], terms: Mapping[str, Any], source: str, registry: Registry | None
) -> list[Problem]:
    """A problem for each name the plan's words give a code of its own
    (``"establishment.cso_station" = "…"``) that already spells a code DATA.md or a plugin
    knows (``培育发展服务中心``): the data's rows written so are that code's, so the plan's
    milestone would count none of them, and its report would name two kinds alike. The plan
    is refused rather than either kept silently: its author says which was meant."""
    from scoplan.own_codes import TERM_PREFIXES, spellings_known

    if registry is None:
        return []
    own = _plan_codes(document)
    problems: list[Problem] = []
    for language in LANGUAGES:
        words = terms.get(language)
        if not isinstance(words, Mapping):
            continue
        for (table, column), prefix in TERM_PREFIXES.items():
            known = spellings_known(table, column, registry.codes)
            for key, word in words.items():
                code = key.removeprefix(f"{prefix}.") if isinstance(key, str) else ""
                if code == key or code not in own or code in known or not isinstance(word, str):
                    continue
                taken = known.get(written(word))
                if taken is None:
                    continue
                name = _name(table, column, taken, registry)
                params = {"key": key, "code": taken, "code_zh": name}
                at = keyed_path("terms", language)
                taken_by = Problem(
                    "own_code_name_taken", source, column=at, value=word, params=params
                )
                problems.append(taken_by)
    return problems


def _name(table: str, column: str, code: str, registry: Registry) -> str:
    """A known code's Chinese name: its first spelling in the data, else its title."""
    from scoplan.schema import TABLES_BY_NAME

    aliases = (TABLES_BY_NAME[table].column(column).codes or {}).get(code) or ()
    aliases = aliases or registry.codes.get((table, column), {}).get(code, ())
    title = registry.code_titles.get((table, column, code), ("", ""))
    return aliases[0] if aliases else title[0] or code


def _failed(registry: Registry) -> bool:
    """Whether a plugin failed to load: the words of its kinds cannot be told from none."""
    from scoplan.milestone_kinds import failed_plugins

    return bool(failed_plugins(registry))
