"""Words a user reads, in Chinese (the default) and English.

Every status, noun, header and problem message comes from :data:`CATALOGUES`, read from the
data files ``zh.toml`` and ``en.toml`` of this package; the rest of the code passes keys and
values, never sentences. :class:`Text` carries a string that a
plugin or plan gives in both languages (a target's title, a group's name).
"""

from __future__ import annotations

import functools
import re
import string
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from types import MappingProxyType
from typing import Any, Protocol

import attrs

LANGUAGES = ("zh", "en")
FRAMES_SOURCE = "frames"
"""What a problem of tables a program passed names as its source
(:data:`scoplan.loaders._frames.SOURCE`, which is this)."""
WHAT_IF_SOURCE = "what-if"
"""What a problem of the rows a what-if adds names as its source (``what-if:
organizations`` for those of a table): :mod:`scoplan.whatif`."""
DEFAULT_LANGUAGE = "zh"


@attrs.frozen
class Text:
    """A string in Chinese and English; ``en`` falls back to ``zh`` when empty."""

    zh: str
    en: str = ""

    def get(self, lang: str) -> str:
        if lang == "en" and self.en:
            return self.en
        return self.zh


class ProblemLike(Protocol):
    """What :func:`describe_problem` reads of a :class:`scoplan.Problem` (this module does not
    import :mod:`scoplan._exceptions`, which imports it)."""

    @property
    def code(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def table(self) -> str | None: ...
    @property
    def row(self) -> int | None: ...
    @property
    def index(self) -> int | None: ...
    @property
    def column(self) -> str | None: ...
    @property
    def value(self) -> str | None: ...
    @property
    def params(self) -> Mapping[str, Any]: ...


class _Catalogues(Mapping[str, Mapping[str, str]]):
    """The catalogues by language, read from ``zh.toml`` and ``en.toml`` beside this module
    the first time a word is asked for, then kept (read once per process)."""

    def __getitem__(self, lang: str) -> Mapping[str, str]:
        return _catalogue(lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)

    def __contains__(self, lang: object) -> bool:
        return lang in LANGUAGES

    def __repr__(self) -> str:
        return f"<catalogues {', '.join(LANGUAGES)}>"


@functools.cache
def _catalogue(lang: str) -> Mapping[str, str]:
    if lang not in LANGUAGES:
        raise KeyError(lang)
    data = resources.files(__name__).joinpath(f"{lang}.toml").read_bytes()
    return MappingProxyType(tomllib.loads(data.decode("utf-8")))


CATALOGUES: Mapping[str, Mapping[str, str]] = _Catalogues()
"""Every word by language (``CATALOGUES["en"]["status.met"]``): the files ``zh.toml`` and
``en.toml`` of this package, which have the same keys and name the same ``{values}``."""


CATEGORY_NAMES_EN = {
    "life_services": "life services",
    "charity": "public welfare and charity",
    "mutual_aid": "resident mutual aid",
    "governance": "community governance",
    "culture_sports": "culture and sports",
    "volunteer": "volunteer service",
    "other": "other",
    "unknown": "not recorded",
}
GROUP_NAMES_EN = {
    "elderly": "elderly",
    "women": "women",
    "children": "children",
    "disabled": "people with disabilities",
    "unemployed": "unemployed",
    "migrant_workers": "migrant workers",
    "children_of_detainees": "minor children of people deprived of liberty",
    "hardship_families": "families in hardship",
    "mental_disorders": "people with severe mental disorders",
    "troubled_youth": "young people with misconduct",
    "community_correction": "people under community correction",
}


def code_name(kind: str, code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The name of a code of DATA.md (``category`` or ``group``) in ``lang``.

    Chinese names come from the schema's aliases; a code a plugin added is named by the
    title it registered it with (while a registry's codes are in force:
    :func:`scoplan.schema.registering`), else shown as is.
    """
    from scoplan.schema import CATEGORIES, SPECIAL_GROUPS, registered_title

    column = "category" if kind == "category" else "serves"
    if lang == "en":
        names = CATEGORY_NAMES_EN if kind == "category" else GROUP_NAMES_EN
        known = names.get(code)
    elif code == "unknown":
        return "未填"
    else:
        aliases = (CATEGORIES if kind == "category" else SPECIAL_GROUPS).get(code)
        known = aliases[0] if aliases else None
    return known or registered_title("organizations", column, code, lang) or code


class _Unfilled(str):
    """A value a message names and was not given: shown as its placeholder."""


class _Words(string.Formatter):
    """Fills in a catalogue entry. ``{errors:error|errors}`` gives ``1 error`` or ``3 errors``:
    the word after a number agrees with it (for a number given as text too, ``1,003``); a
    value not given stays as its placeholder, so a missing word never crashes a report."""

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, str) and key not in kwargs:
            return _Unfilled(key)
        return super().get_value(key, args, kwargs)

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        return value if isinstance(value, _Unfilled) else super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        if isinstance(value, _Unfilled):
            return "{" + str(value) + (f":{format_spec}" if format_spec else "") + "}"
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            single = str(value).strip() in ("1", "1.0") if not isinstance(value, bool) else False
            return f"{value} {one if single else many}"
        return super().format_field(value, format_spec)


_WORDS = _Words()


class _Placeholders(dict[str, Any]):
    """Values for :meth:`str.format_map`: a value not given stays as its placeholder."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@functools.lru_cache(maxsize=1024)
def _plain_fields(template: str) -> bool:
    """Whether every field of ``template`` is a bare ``{name}`` (no format spec, conversion,
    attribute or index): then :meth:`str.format_map` fills it as :class:`_Words` would, in C.
    A report of thousands of results fills a title's template for each."""
    try:
        fields = [
            (name, spec, conv) for _, name, spec, conv in _WORDS.parse(template) if name is not None
        ]
    except ValueError:
        return False
    return all(name.isidentifier() and not spec and conv is None for name, spec, conv in fields)


def translate(
    key: str,
    lang: str = DEFAULT_LANGUAGE,
    terms: Mapping[str, str] | None = None,
    /,
    **values: Any,
) -> str:
    """The catalogue entry ``key`` in ``lang``, with ``values`` filled in.

    ``terms`` are a plan's own words for some keys in this language (``Plan.terms``); they
    win over the catalogue. An unknown language falls back to Chinese and an unknown key to
    the key itself, so a missing word never crashes a report.
    """
    catalogue = CATALOGUES.get(lang, CATALOGUES[DEFAULT_LANGUAGE])
    own = (terms or {}).get(key)
    if own:
        # a plan's words are data: filled in, never evaluated (no ``{amount.__class__}``)
        return _fill_plain(own, values)
    template = catalogue.get(key) or CATALOGUES[DEFAULT_LANGUAGE].get(key) or key
    if _plain_fields(template):
        return template.format_map(_Placeholders(values))
    return _WORDS.vformat(template, (), values)


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")
"""What a template from data may hold: ``{name}``, and ``{{``/``}}`` for a brace."""


def _fill_plain(template: str, values: Mapping[str, Any]) -> str:
    """A template that comes from data (a plan's ``terms``) with its ``{name}`` placeholders
    filled in, as data: no format spec (``{amount:>100000000}`` would pad to 100 MB), no
    conversion, no attribute or item of a value. Anything else between braces is left as
    written, and nothing raises."""

    def fill(match: re.Match[str]) -> str:
        text = match.group(0)
        if text in ("{{", "}}"):
            return text[0]
        name = match.group(1)
        return str(values[name]) if name in values else text

    return _PLACEHOLDER.sub(fill, template)


class _Shown(str):
    """A value of a message as shown: passwords masked, control characters escaped, cut.

    ``{value}`` gives the escaped text; ``{value!r}`` the ``repr`` of the text kept (which
    escapes in its own way), then the cut mark.
    """

    quoted: str

    @classmethod
    def of(cls, text: str, limit: int | None, lang: str) -> _Shown:
        from scoplan._inert import escaped, kept

        part, left_out = kept(text, limit)
        mark = translate("display.cut", lang, count=left_out) if left_out else ""
        made = cls(escaped(part) + mark)
        made.quoted = repr(part) + mark
        return made

    def __repr__(self) -> str:
        return self.quoted


_SHORT_VALUES = frozenset({"value", "column", "table", "other", "other_value", "id"})
"""The values of a message that come from a cell or a header, cut shorter than the rest."""


def _message_values(values: Mapping[str, Any], lang: str) -> dict[str, Any]:
    from scoplan._inert import NAME_LIMIT, TEXT_LIMIT

    return {
        key: _Shown.of(value, NAME_LIMIT if key in _SHORT_VALUES else TEXT_LIMIT, lang)
        if isinstance(value, str)
        else value
        for key, value in values.items()
    }


def _milestone_place(params: Mapping[str, Any], lang: str) -> str:
    """``里程碑“avg”（城市社区平均数）的“params.threshold”项`` / ``milestone 'avg'
    (城市社区平均数), params.threshold``: where in a plan a problem is."""
    from scoplan._inert import NAME_LIMIT

    title = params.get("milestone_title_en") if lang == "en" else None
    title = title or params.get("milestone_title") or ""
    shown = _message_values({"id": params["milestone"], "title": title}, lang)
    if title:
        shown["title"] = f" ({shown['title']})" if lang == "en" else f"（{shown['title']}）"
    if params["milestone"]:
        place = translate("problem.where.milestone", lang, **shown)
    else:
        number = params.get("milestone_number", "?")
        place = translate("problem.where.milestone_number", lang, number=number, **shown)
    field = params.get("field")
    if field:
        named = _Shown.of(str(field), NAME_LIMIT, lang)
        place += translate("problem.where.field", lang, field=named)
    return place


_IN_GROUP = re.compile(r"^groups(?:\.([^.\[]+)|\['([^']*)'\]|\[\"([^\"]*)\"\])\.?(.*)$")
"""A path into one of a plan's groups: ``groups.central.districts``, ``groups['central']``."""


def _plan_place(path: str, lang: str, title: object = None) -> str:
    """``区县组“central”的“districts”项`` / ``group 'central', districts`` for a path into
    one of a plan's groups, as a milestone is named (``区县组“中心城区”（central）`` where its
    ``title``, the group's name, is known); ``“area”项`` / ``area`` for another field of the
    plan: where a problem of a plan outside its milestones is, in words."""
    from scoplan._inert import NAME_LIMIT

    match = _IN_GROUP.match(path)
    if match is None:
        named = _Shown.of(path, NAME_LIMIT, lang)  # the plan's own keys: shown safely
        return translate("problem.where.plan_field", lang, field=named)
    name, quoted, double, field = match.groups()
    key = next(k for k in (name, quoted, double) if k is not None)
    shown = _Shown.of(key, NAME_LIMIT, lang)
    if isinstance(title, str) and title.strip() and title != key:
        named = _Shown.of(title, NAME_LIMIT, lang)
        place = translate("problem.where.group_named", lang, name=shown, title=named)
    else:
        place = translate("problem.where.group", lang, name=shown)
    if field:
        place += translate("problem.where.field", lang, field=_Shown.of(field, NAME_LIMIT, lang))
    return place


def source_words(source: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A source as a Chinese sentence names it: a workbook's sheet, a database's table, a
    JSON document's key (``台账.xlsx: 社区``, as the loaders write it) is ``台账.xlsx中的“社区”``,
    without the English colon; tables a program passed (``frames: 社区``, what
    :func:`scoplan.load` names them) are ``程序传入的“社区”表``; a file alone, or any source
    in English, as it is; the rows a what-if adds are ``假设添加的“社区社会组织”``."""
    if lang != "zh":
        return source
    file, colon, part = source.partition(": ")
    if file == FRAMES_SOURCE:
        if not colon:
            return translate("problem.where.frames", lang)
        return translate("problem.where.frame", lang, table=part)
    if file == WHAT_IF_SOURCE:  # 假设添加的“社区社会组织”: the table's own name
        if not colon:
            return translate("problem.where.what_if", lang)
        return translate("problem.where.what_if_table", lang, table=_table_word(part))
    return f"{file}中的“{part}”" if colon and file and part else source


def _table_word(name: str) -> str:
    """A table as a Chinese sentence names it (社区社会组织), however it was given (its
    English name or its Chinese one); a name that is no table's as it is."""
    import unicodedata

    from scoplan.schema import TABLE_ALIASES, TABLES_BY_NAME

    clean = unicodedata.normalize("NFKC", name).strip()
    table = TABLE_ALIASES.get(clean.lower()) or TABLE_ALIASES.get(clean)
    return TABLES_BY_NAME[table].alias if table is not None and table in TABLES_BY_NAME else name


def problem_line(problem: ProblemLike, lang: str = DEFAULT_LANGUAGE) -> str:
    """A problem as a line of its own, headed by its severity: ``错误：where：what``,
    ``warning: where: what``."""
    key = "output.warning" if getattr(problem, "severity", "error") == "warning" else "output.error"
    return translate(key, lang, message=describe_problem(problem, lang))


def describe_problem(problem: ProblemLike, lang: str = DEFAULT_LANGUAGE) -> str:
    """One line for a user: where the problem is, then what is wrong and what was expected.

    What comes from the data or the command line is shown safely (:mod:`scoplan._display`):
    a database URL's password as ``***``, control characters escaped, a long value cut. A
    column is named as the user's header wrote it, where the loader knows it.
    """
    from scoplan._inert import TEXT_LIMIT

    where = [source_words(str(_Shown.of(problem.source, TEXT_LIMIT, lang)), lang)]
    column = problem.params.get("header", problem.column)
    if problem.row is not None:
        where.append(translate("problem.where.row", lang, row=problem.row))
    if problem.index is not None:
        where.append(translate("problem.where.index", lang, index=problem.index))
    milestone = problem.params.get("milestone")
    if isinstance(milestone, str):
        # a plan's milestone by its id and title, not by its place in the file (issue 15)
        where.append(_milestone_place(problem.params, lang))
    elif isinstance(column, str) and column.startswith("$.") and problem.table is None:
        # a place in a plan outside its milestones (``$.groups.central.districts``): in words
        title = problem.params.get("group_name")
        title = problem.params.get("group_name_en", title) if lang == "en" else title
        where.append(_plan_place(column[2:], lang, title))
    elif column is not None:
        shown = _message_values({"column": column}, lang)["column"]
        where.append(translate("problem.where.column", lang, column=shown))
    values: dict[str, Any] = {"table": problem.table, "column": column}
    values["value"] = problem.value
    values.update(problem.params)
    if "other_header" in problem.params:
        values["other"] = problem.params["other_header"]
    if lang == "zh":
        # a param given in Chinese too (``reason_zh`` beside ``reason``) is said in Chinese
        values.update({k[:-3]: v for k, v in problem.params.items() if k.endswith("_zh")})
    if isinstance(milestone, str) and isinstance(values.get("reason"), str):
        # the path is said in words above
        values["reason"] = values["reason"].rpartition(" @ $.milestones[")[0] or values["reason"]
    elif problem.code == "plan_field" and isinstance(values.get("reason"), str):
        # a field of the plan outside its milestones (``@ $.area``): said as a place, in words
        reason, at, path = values["reason"].rpartition(" @ $.")
        if at and path:
            where.append(_plan_place(path, lang))
            values["reason"] = reason
        elif values["reason"].endswith(" @ $"):
            # the file's own top level: its name, already said, is the place
            values["reason"] = values["reason"][: -len(" @ $")]
    what = translate(f"problem.{problem.code}", lang, **_message_values(values, lang))
    if isinstance(problem.value, str) and problem.value.strip().upper() in EXCEL_ERRORS:
        # ``#N/A`` in a code's cell: what it is (a formula's failure), not only that it is
        # no code (a VLOOKUP that found nothing, saved as its error value)
        what += translate("problem.hint.excel_error", lang, value=problem.value.strip())
    comma, colon = ("，", "：") if lang == "zh" else (", ", ": ")
    if where == [""]:  # a problem that is nowhere in a file (a target kind not installed)
        return what
    return comma.join(where) + colon + what


EXCEL_ERRORS = frozenset(
    ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")
)
"""The error values a spreadsheet's formula shows where it fails (Excel's, WPS's)."""
