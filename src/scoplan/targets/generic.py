"""Generic target kinds: the four patterns most targets are, configured in the plan file.

Most commitments of a plan are one of four questions asked of one code:

* ``establishment-count``: how many establishments of a ``kind`` (a service centre, an
  academy…) the scope has, at a ``level`` (the district's own, or anywhere inside it);
* ``establishment-coverage``: the share of units of a ``level`` with one;
* ``event-coverage``: the share of units of a ``level`` that held an event of a ``kind``
  in a ``window`` (the due year, or up to the date);
* ``community-average``: the mean number of organizations per community of a
  ``community_kind``, of some ``registration`` statuses and ``category``;
* ``organization-share``: the share of organizations whose ``column`` is true, equals a
  ``value``, or holds a date in a window.

A plan uses them by id with its own codes, so that a province adds a target with TOML
alone. The built-in kinds that are one of these patterns (``service-centres``,
``urban-average``, ``charters``…) are made here too, with their own ids and params, by
:func:`establishment_count_kind` and its siblings. Every bad parameter is a plan error
naming the milestone's param and what is allowed, in Chinese and English.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Annotated, Any, Literal

import attrs
import polars as pl

from scoplan import measures
from scoplan._convert import InvalidField, did_you_mean
from scoplan.hookspecs import hookimpl
from scoplan.i18n import CATALOGUES, Text, code_name, translate
from scoplan.own_codes import TERM_PREFIXES
from scoplan.params import (
    Average,
    Count,
    OptionalShare,
    Registration,
    Share,
    TownshipKind,
    Window,
    registration_field,
)
from scoplan.plan_codes import NamedCodes
from scoplan.schema import (
    BOOL,
    CATEGORIES,
    DATE,
    ESTABLISHMENT_KINDS,
    EVENT_KINDS,
    LIST,
    NUMBER,
    TABLES_BY_NAME,
    Column,
    registered_codes,
    registered_title,
)
from scoplan.spellings import LEVEL_WORDS
from scoplan.target import (
    Context,
    Counted,
    MeasureFunction,
    Measurement,
    Requirement,
    TargetKind,
)
from scoplan.warning_checks import nearest_code

# -- what a milestone measures, in words ------------------------------------------------------


def _says(key: str, lang: str, terms: Mapping[str, str], **values: Any) -> str | None:
    """The plan's or the catalogue's words for ``key``, or None when neither has any."""
    if key in terms or key in CATALOGUES.get(lang, CATALOGUES["zh"]):
        return translate(key, lang, terms, **values)
    return None


def _named(table: str, code: str, lang: str, terms: Mapping[str, str]) -> str:
    """A code of ``establishments.kind`` or ``events.kind`` as the catalogue names it; a
    plugin's own code, which it lacks, by its Chinese spelling in the data, else as written
    (a plan names it in its ``terms``: ``"establishment.my_code" = "…"``)."""
    found = _says(f"{table}.{code}", lang, terms)
    if found is not None:
        return found
    aliases = (ESTABLISHMENT_KINDS if table == "establishment" else EVENT_KINDS).get(code)
    if aliases and lang != "en":
        return aliases[0]
    return registered_title(f"{table}s", "kind", code, lang) or code


def _what(target: str, lang: str, terms: Mapping[str, str], **values: Any) -> str:
    """``what.<target>`` filled in: the generic kind's title with its codes named."""
    return translate(f"what.{target}", lang, terms, **values)


def _units_words(
    level: str, community_kind: str | None, lang: str, terms: Mapping[str, str]
) -> str:
    key = community_kind if level == "community" and community_kind else level
    return translate(f"what.units.{key}", lang, terms)


# -- checks of the codes a plan names ------------------------------------------------------

_CODE = re.compile(r"[a-z][a-z0-9_]*")


def _known(codes: Mapping[str, Any], separator: str = ", ") -> str:
    return separator.join(sorted(codes))


def _known_zh(codes: Mapping[str, Any]) -> str:
    """The codes as a Chinese message lists them: each with its Chinese name, as the data
    writes it (``disclosure_system（信息公开制度）``), either of which a plan may write."""
    return "、".join(
        f"{code}（{codes[code][0]}）" if codes[code] else code for code in sorted(codes)
    )


def _nearest_spelling(value: str, codes: Mapping[str, Any]) -> tuple[str, str] | None:
    """The Chinese spelling of a code nearest ``value`` (one holding it, or holding part of
    it: ``服务中心`` → ``培育发展服务中心``), with its code; None when none is near."""
    words = {word: code for code, aliases in codes.items() for word in aliases or ()}
    holding = sorted((word for word in words if value in word or word in value), key=len)
    found = holding[:1] or difflib.get_close_matches(value, list(words), n=1, cutoff=0.6)
    return (found[0], words[found[0]]) if found else None


def _code_of(
    codes: Mapping[str, Any], what: str, what_zh: str, table: str = "", column: str = "kind"
) -> Any:
    """A validator: the value is a code (lowercase letters, digits, ``_``) of an open list.

    A code the list does not know yet is allowed (a province's own kinds are registered by
    plugins or only in its data); an empty one, or one with capitals, spaces or Chinese
    that is no code's Chinese name (those are codes by now: :func:`_as_code`), is a plan
    error listing the known codes, each with its Chinese name, and the nearest of these.
    A code a letter from a known one is taken for a slip of it, and refused, unless a plugin
    registers it or the plan names it in its ``terms`` (``"establishment.<code>"``, in
    force as registered while the plan's params are read: :func:`scoplan.own_codes.declared`);
    the message says so, for ``table``'s codes (those the plan's words may name).
    """
    example = next(iter(codes))

    def check(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
        name = attribute.name
        if not value.strip():
            message = f"{name} names the {what} ({example}…), not ''"
            zh = f"{name} 须写明{what_zh}（如 {example}），不能为空"
            raise InvalidField(name, message, zh)
        own = registered_codes().get((table, column), {}) if table else {}
        slip = value not in codes and value not in own
        named = {code: aliases[0] for code, aliases in codes.items() if aliases}
        hint, hint_zh = did_you_mean(value, codes, named) if slip else ("", "")
        if hint:
            # a code of no list, a letter from a known one: a misspelling, which would count
            # nothing and say so as a shortfall
            message = f"{name}: {value!r} is no {what}{hint} (known: {_known(codes)})"
            zh = f"{name} 的“{value}”不是已知的{what_zh}{hint_zh}（已知：{_known_zh(codes)}）"
            prefix = TERM_PREFIXES.get((table, column))
            if prefix is not None:
                # a kind of the plan's own is told from a slip by the name the plan gives it
                key = f"{prefix}.{value}"
                message += translate("param.declare_own_code", "en", key=key, what=what)
                zh += translate("param.declare_own_code", "zh", key=key, what=what_zh)
            raise InvalidField(name, message, zh)
        if not _CODE.fullmatch(value):
            # its Chinese name is taken as the code (_as_code): what is left is neither
            near = _nearest_spelling(value, codes)
            message = f"{name}: {value!r} is no {what}"
            zh = f"{name} 的“{value}”不是已知的{what_zh}"
            if near is not None:
                word, code = near
                message += f" (did you mean {word!r}, {code}?)"
                zh += f"（是否应为“{word}”（{code}）？）"
            message += (
                f": write its Chinese name as the data writes it, or its code (lowercase "
                f"letters, digits and _), such as {_known(codes)}"
            )
            zh += f"：须写其中文名称（与数据中写法相同）或代码，如 {_known_zh(codes)}"
            if near is None:
                # as the data writes it, a kind of the province's own: no code, no count
                message += (
                    f"; a {what} of your own needs a code: write the code here and give its "
                    "Chinese name in the plan's [terms.zh] (the data may then write either), "
                    "or have a plugin register it with its Chinese name (scoplan_register_codes)"
                )
                zh += (
                    f"；自定的{what_zh}须有代码：在这里写代码，并在计划的 [terms.zh] 中写明"
                    "它的中文名称（数据中写名称或代码均可），或由插件以中文名称注册"
                    "（scoplan_register_codes）"
                )
            raise InvalidField(name, message, zh)

    return check


def _check_level_narrowing(
    level: str,
    township_kinds: Sequence[str],
    with_communities_only: bool,
    community_kind: str | None,
) -> None:
    """A plan error when a narrowing is set for units of another level."""
    if level != "township" and (township_kinds or with_communities_only):
        field = "township_kinds" if township_kinds else "with_communities_only"
        message = f"{field} narrows townships: it needs level = 'township', not {level!r}"
        zh = f"{field} 只适用于乡镇（街道）：须 level = 'township'，不能是 {level!r}"
        raise InvalidField(field, message, zh)
    if level != "community" and community_kind is not None:
        message = f"community_kind needs level = 'community', not {level!r}"
        zh = f"community_kind 只适用于社区：须 level = 'community'，不能是 {level!r}"
        raise InvalidField("community_kind", message, zh)


_NOUNS = {"district": "districts", "township": "townships", "community": "communities"}
"""The noun of a gap in units of each level."""

_ESTABLISHMENT_KIND = _code_of(
    ESTABLISHMENT_KINDS, "establishment kind", "平台或制度的类型", "establishments"
)


def _as_code(table: str, column: str, value: Any) -> Any:
    """A param's ``value`` naming a code of ``table``'s ``column`` (an open list): one of its
    Chinese spellings, as the data writes it (``培育发展服务中心``, ``培训``), or one a plugin
    registers, is the code; anything else is left for the field's validator to say."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip()
    codes = dict(TABLES_BY_NAME[table].column(column).codes or {})
    codes.update(registered_codes().get((table, column), {}))
    for code, aliases in codes.items():
        if text == code or text in aliases:
            return code
    return value


def _establishment_kind(value: Any) -> Any:
    return _as_code("establishments", "kind", value)


def _event_kind(value: Any) -> Any:
    return _as_code("events", "kind", value)


def _category_codes(values: Any) -> Any:
    if not isinstance(values, tuple | list):
        return values
    return tuple(_as_code("organizations", "category", value) for value in values)


# -- establishment-count -------------------------------------------------------------------

EstablishmentLevel = Annotated[Literal["district", "township", "community", "within"], LEVEL_WORDS]
"""Which establishments count for a scope: those of its districts themselves (``district``:
本级), of the townships or communities inside it, or of any unit inside it (``within``)."""


@attrs.frozen(kw_only=True)
class EstablishmentCount(Count):
    """How many establishments of ``kind`` the scope has at ``level``, compared with
    ``threshold`` (at least one by default).

    ``window`` is ``to_date`` (every one open on the date) or ``year`` (only those
    established in the due year); ``since`` leaves out those established before it.
    """

    kind: str = attrs.field(converter=_establishment_kind, validator=_ESTABLISHMENT_KIND)
    level: EstablishmentLevel = "district"
    window: Window = "to_date"
    since: dt.date | None = None

    def named_codes(self) -> NamedCodes:
        """The code of ``kind``: one of the plan's own is known for a run of it."""
        return {("establishments", "kind"): (self.kind,)}

    def what(self, lang: str, terms: Mapping[str, str]) -> str:
        """``区县本级社区社会组织培育观察点数``: what is counted, in words of ``lang``."""
        # any unit's inside the scope: the scope's name says whose
        owner = "" if self.level == "within" else translate(f"what.owner.{self.level}", lang, terms)
        kind = _named("establishment", self.kind, lang, terms)
        return _what("establishment-count", lang, terms, owner=owner, kind=kind)


def count_establishments(
    context: Context, params: EstablishmentCount, noun: str = "establishments"
) -> Measurement:
    """The measure of ``establishment-count`` (and of the built-ins made of it)."""
    data, on, districts = context.data, context.on, context.scope.districts
    start = params.since
    if params.window == "year":
        year = dt.date(context.due.year, 1, 1)
        start = year if start is None else max(start, year)
    if params.level == "district" and start is None:
        # the districts' own, every district's listed once: a plan judging each asks often
        ids = data.active_ids_of_units("establishments", on, districts, kind=params.kind)
    else:
        if params.level == "district":
            found = data.active_of_units("establishments", on, districts, kind=params.kind)
        else:
            found = data.within(data.active("establishments", on, kind=params.kind), districts)
            if params.level != "within":
                found = found.filter(pl.col("level") == params.level)
        if start is not None:
            found = found.filter(pl.col("established") >= start)
        ids = sorted(found.get_column("id").unique().to_list())
    details: dict[str, Any] = {params.kind: list(ids), "kind": params.kind}
    if params.level != "district":
        details["level"] = params.level
    if params.window != "to_date":
        details["window"] = params.window
    if params.since is not None:
        details["since"] = params.since.isoformat()
    measured = measures.counted(
        context, len(ids), Requirement.of(params), noun=noun, details=details
    )
    return measures.yearly(measured, params.window)


# -- establishment-coverage ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class EstablishmentShare(OptionalShare):
    """The share of units of ``level`` with an active establishment of ``kind``.

    ``township_kinds`` and ``with_communities_only`` narrow townships (the latter leaves out
    units with no community); ``community_kind`` narrows communities.
    """

    kind: str = attrs.field(converter=_establishment_kind, validator=_ESTABLISHMENT_KIND)
    level: Annotated[Literal["township", "community", "district"], LEVEL_WORDS] = "township"
    township_kinds: tuple[Literal["street", "town", "township"], ...] = ()
    with_communities_only: bool = False
    community_kind: Literal["urban", "rural"] | None = None

    def __attrs_post_init__(self) -> None:
        _check_level_narrowing(
            self.level, self.township_kinds, self.with_communities_only, self.community_kind
        )

    def named_codes(self) -> NamedCodes:
        """The code of ``kind``: one of the plan's own is known for a run of it."""
        return {("establishments", "kind"): (self.kind,)}

    def what(self, lang: str, terms: Mapping[str, str]) -> str:
        """``建有社会组织培育发展服务中心的乡镇（街道）占比``, in words of ``lang``."""
        units = _units_words(self.level, self.community_kind, lang, terms)
        kind = _named("establishment", self.kind, lang, terms)
        return _what("establishment-coverage", lang, terms, kind=kind, units=units)


def _units(
    context: Context,
    level: str,
    township_kinds: Sequence[str] = (),
    with_communities_only: bool = False,
    community_kind: str | None = None,
) -> pl.DataFrame:
    data, districts = context.data, context.scope.districts
    if level == "township":
        return measures.townships_of(context, township_kinds, with_communities_only)
    if level == "community":
        return data.communities_in(districts, kind=community_kind)
    return data.districts_in(districts)


def establishment_share(
    context: Context, params: EstablishmentShare, details: Mapping[str, Any] | None = None
) -> Measurement:
    """The measure of ``establishment-coverage`` (and of the built-ins made of it)."""
    units = _units(
        context,
        params.level,
        params.township_kinds,
        params.with_communities_only,
        params.community_kind,
    )
    covered = context.data.units_with("establishments", context.on, kind=params.kind)
    return measures.share_or_indicator(
        context,
        measures.flag_covered(units, covered),
        threshold=params.threshold,
        comparator=params.comparator,
        level=params.level,
        noun=_NOUNS[params.level],
        details={"kind": params.kind, "level": params.level} if details is None else details,
    )


# -- event-coverage ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class EventCoverage(Share):
    """The share of units of ``level`` that held an event of ``kind`` in ``window``.

    ``township_kinds`` narrows townships; ``community_kind`` communities.
    """

    kind: str = attrs.field(
        converter=_event_kind,
        validator=_code_of(EVENT_KINDS, "event kind", "活动类型", "events"),
    )
    # the levels in the order establishment-coverage gives them: two Literals of the same
    # words are one type to cattrs' dispatch (equal, order aside), so whichever is structured
    # first would say the other's in its own order
    level: Annotated[Literal["township", "community", "district"], LEVEL_WORDS] = "township"
    window: Window = "year"
    township_kinds: tuple[TownshipKind, ...] = ()
    community_kind: Literal["urban", "rural"] | None = None

    def __attrs_post_init__(self) -> None:
        _check_level_narrowing(self.level, self.township_kinds, False, self.community_kind)

    def named_codes(self) -> NamedCodes:
        """The code of ``kind``: one of the plan's own is known for a run of it."""
        return {("events", "kind"): (self.kind,)}

    def what(self, lang: str, terms: Mapping[str, str]) -> str:
        """``举办公益创投活动的乡镇（街道）占比``, in words of ``lang``."""
        units = _units_words(self.level, self.community_kind, lang, terms)
        kind = _named("event", self.kind, lang, terms)
        return _what("event-coverage", lang, terms, kind=kind, units=units)


def event_share(context: Context, params: EventCoverage) -> Measurement:
    """The measure of ``event-coverage`` (and of the built-ins made of it)."""
    data, districts = context.data, context.scope.districts
    if params.level == "township":
        units = data.townships_in(districts, params.township_kinds or None)
    elif params.level == "community":
        units = data.communities_in(districts, kind=params.community_kind)
    else:
        units = data.districts_in(districts)
    return measures.event_coverage(
        context, params, units, params.kind, params.level, _NOUNS[params.level]
    )


# -- community-average ---------------------------------------------------------------------


def _categories(instance: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    if not value:
        return  # none named: every category (and no list of the known ones to build)
    check = _code_of(CATEGORIES, "category", "组织类别")
    for code in value:
        check(instance, attribute, code)


@attrs.frozen(kw_only=True)
class CommunityAverage(Average):
    """The mean number of organizations per community of ``community_kind`` (every
    community when unset), of the statuses of ``registration`` and, when ``category`` names
    any, of those categories only."""

    community_kind: Literal["urban", "rural"] | None = None
    category: tuple[str, ...] = attrs.field(
        default=(), converter=_category_codes, validator=_categories
    )

    def named_codes(self) -> NamedCodes:
        """The codes of ``category``: the plan's own are known for a run of it."""
        return {("organizations", "category"): self.category}

    def what(self, lang: str, terms: Mapping[str, str]) -> str:
        """``城市社区平均文体类社区社会组织数``, in words of ``lang``."""
        units = translate(f"what.one.{self.community_kind or 'community'}", lang, terms)
        names = [code_name("category", code, lang) for code in self.category]
        category = translate("what.or", lang, terms).join(names)
        if category and lang == "en":
            category += " "
        return _what("community-average", lang, terms, units=units, category=category)


def community_average(context: Context, params: CommunityAverage) -> Measurement:
    """The measure of ``community-average``."""
    return measures.community_average(
        context, params, params.community_kind, categories=params.category or None
    )


# -- organization-share --------------------------------------------------------------------

_NOT_SHARED = ("id", "community_id", "name", "founded", "dissolved")


def _shareable() -> dict[str, Column]:
    """The columns of organizations a share may flag by: DATA.md's but for the ids, names and
    the dates every organization has, and the columns plugins declare that are in force
    (:func:`scoplan.schema.declaring`: while a plan is read against a registry and while it
    is evaluated), numbers not among them (a share flags by yes/no, a date, a code or a
    list's code; a number is not one of those)."""
    return {
        column.name: column
        for column in TABLES_BY_NAME["organizations"].columns
        if column.name not in _NOT_SHARED and column.type != NUMBER
    }


def _shared(name: str) -> Column:
    """The column ``name`` of :func:`_shareable`: the plan was read with it in force."""
    found = _shareable().get(name)
    if found is None:  # evaluated without the plugin's columns it was read with
        raise InvalidField("column", f"column {name!r} is not declared", f"未声明的列“{name}”")
    return found


def _column(instance: Any, attribute: attrs.Attribute[str], value: str) -> None:
    shareable = _shareable()
    numbers = {c.name: c for c in TABLES_BY_NAME["organizations"].columns if c.type == NUMBER}
    if value in numbers:
        message = (
            f"column {value!r} holds numbers: a share counts the organizations flagged by a "
            "yes/no, a date or a code column"
        )
        zh = (
            f"“{numbers[value].alias}”（{value}）列为数字，不能作占比的依据："
            "须为是/否、日期或代码列"
        )
        raise InvalidField("column", message, zh)
    if value not in shareable:
        allowed = ", ".join(shareable)
        allowed_zh = "、".join(f"{c.alias}（{name}）" for name, c in shareable.items())
        named = {name: c.alias for name, c in shareable.items()}
        hint, hint_zh = did_you_mean(value, shareable, named)
        message = f"column names a column of organizations ({allowed}), not {value!r}{hint}"
        zh = f"column 须为社区社会组织表的列：{allowed_zh}，不能是“{value}”{hint_zh}"
        raise InvalidField("column", message, zh)


def _column_name(value: Any) -> Any:
    """The column ``value`` names as a header would (the loaders' reading of a header): its
    name (``charter``), or its Chinese header as the data writes it (``简易章程``), in any
    width; else ``value``, for :func:`_column` to refuse."""
    if not isinstance(value, str):
        return value
    from scoplan.loaders._tables import column_named

    return column_named("organizations", value) or value


def _value_codes(column: Column) -> dict[str, tuple[str, ...]]:
    """The codes a ``value`` of ``column`` may name, each with its other spellings: the
    column's own and, for an open list (``category``, ``serves``), those plugins register
    (in force while a plan is read against a registry and while it is evaluated:
    :func:`scoplan.schema.registering`). A code no plugin registers is a warning on loading
    and no target counts by it, so a plan may not name one here either."""
    codes = dict(column.codes or {})
    if column.open_codes:
        extra = registered_codes().get(("organizations", column.name), {})
        for code, aliases in extra.items():
            codes[code] = tuple(dict.fromkeys((*codes.get(code, ()), *aliases)))
    return codes


def _read_code(column: Column, value: str, field: str = "value") -> str:
    """``value`` read as the data reads a cell of ``column``: in NFKC and trimmed, a code
    or one of its other spellings (``规模较小``), else either in any case (``Small``), as
    the code (``small``); a plan error of the param ``field`` in both languages naming the
    codes, each with its spellings, and the nearest one, otherwise."""
    codes = _value_codes(column)
    text = unicodedata.normalize("NFKC", value).strip()
    spellings = {alias: code for code, aliases in codes.items() for alias in aliases}
    spellings.update({code: code for code in codes})  # a code wins over a spelling
    found = spellings.get(text)
    if found is None:
        found = {s.lower(): code for s, code in spellings.items()}.get(text.lower())
    if found is not None:
        return found
    suggestion = nearest_code(text, codes) if text else None
    words = {
        "field": field,
        "value": value,
        "column": column.name,
        "header": column.alias,
    }
    # in Chinese the code's Chinese spelling nearest the value, which the plan may write too
    # (规模较小 for 规模小, not small)
    spelt = codes.get(suggestion, ()) if suggestion else ()
    ratio = difflib.SequenceMatcher
    near = max(spelt, key=lambda s: ratio(None, text, s).ratio(), default=suggestion)
    suggested = {"en": suggestion or "", "zh": near or ""}
    key = "param.bad_value_near" if suggestion else "param.bad_value"
    said = {}
    for lang, separator, left, right in (("en", ", ", " (", ")"), ("zh", "、", "（", "）")):
        expected = separator.join(
            f"{code}{left}{separator.join(aliases)}{right}" if aliases else code
            for code, aliases in codes.items()
        )
        own = translate("param.own_code", lang) if column.open_codes else ""
        said[lang] = translate(
            key, lang, expected=expected, own=own, suggestion=suggested[lang], **words
        )
    raise InvalidField(field, said["en"], said["zh"])


def read_codes(column: str, field: str, values: Iterable[str]) -> tuple[str, ...]:
    """The ``values`` of a param listing codes of the organizations' ``column``
    (``special-groups``' ``groups``, of ``serves``), each read as ``organization-share``
    reads its ``value`` (``老年人`` is ``elderly``): a plan error of ``field`` naming the
    codes for one that is none of them. For a converter of the param's field."""
    found = TABLES_BY_NAME["organizations"].column(column)
    return tuple(_read_code(found, value, field) for value in values)


def _listed(value: Any) -> Any:
    """A list of values as a tuple (one made in Python, as a plan's is): frozen, hashable."""
    return tuple(value) if isinstance(value, list) else value


@attrs.frozen(kw_only=True)
class OrganizationShare(OptionalShare):
    """The share of organizations (of the statuses of ``registration``) that are flagged.

    A yes/no ``column`` (``charter``) flags those with a yes; ``value`` flags those whose
    ``column`` is that code (or, for a list, holds it); a date ``column`` (``brand``) flags
    those whose date falls on or before the day, in the due year when ``window`` is
    ``year``, and not before ``since``.

    ``value`` may list several codes: those whose ``column`` is any of them (for a list,
    holds any) are flagged. 备案率 is ``value = ["登记", "备案"]``: the share of the
    registered or filed, which is not one less the share of ``未登记`` where a status is
    left blank.

    A ``value`` of a column of codes is read as the data reads its cells, and kept as the
    code (several as a tuple of codes): ``small``, ``Small``, ``小`` and ``规模较小`` are
    all ``small``. One that is none of the column's codes (nor of those plugins register
    for an open list) is a plan error: it would flag no organization, a share of 0 said as
    a shortfall.
    """

    column: str = attrs.field(
        converter=_column_name, validator=_column, metadata={"example": "charter"}
    )
    value: str | tuple[str, ...] | None = attrs.field(default=None, converter=_listed)
    window: Window = "to_date"
    since: dt.date | None = None
    registration: tuple[Registration, ...] = registration_field()

    def __attrs_post_init__(self) -> None:
        kind = _shared(self.column).type
        if kind == DATE:
            if self.value is not None:
                message = (
                    f"value compares a code; column {self.column!r} holds dates: "
                    "use window ('year', 'to_date') and since"
                )
                zh = (
                    f"value 用于比对代码；列 {self.column!r} 为日期："
                    "请用 window（'year' 或 'to_date'）和 since"
                )
                raise InvalidField("value", message, zh)
            return
        for field, set_ in (("window", self.window != "to_date"), ("since", self.since)):
            if set_:
                message = f"{field} applies to a date column (brand), not {self.column!r}"
                zh = f"{field} 只适用于日期列（如 brand），不适用于 {self.column!r}"
                raise InvalidField(field, message, zh)
        if kind == BOOL and self.value is not None:
            message = f"column {self.column!r} is yes/no: leave value out (a yes counts)"
            zh = f"列 {self.column!r} 为是/否：不要写 value（为“是”的计入）"
            raise InvalidField("value", message, zh)
        if kind not in (BOOL, DATE) and self.value is None:
            codes = _shared(self.column).codes
            known = f" ({_known(codes)})" if codes else ""
            known_zh = f"（{_known(codes, '、')}）" if codes else ""
            message = f"column {self.column!r} needs a value: the code that counts{known}"
            zh = f"列 {self.column!r} 须写 value：计入的代码{known_zh}"
            raise InvalidField("value", message, zh)
        column = _shared(self.column)
        if isinstance(self.value, tuple):
            if not self.value:
                message = f"value lists no code of column {self.column!r}: nothing would count"
                zh = f"value 未列出“{column.alias}”（{self.column}）列的任何取值，将没有组织被计入"
                raise InvalidField("value", message, zh)
            if column.codes is not None:
                # each read as one is, once each, in the order of the column's codes
                found = {_read_code(column, value) for value in self.value}
                order = list(_value_codes(column))
                listed = tuple(sorted(found, key=order.index))
            else:
                listed = tuple(dict.fromkeys(self.value))
            # frozen: the codes are what the rest reads (the flag, the title, the details)
            object.__setattr__(self, "value", listed)
        elif self.value is not None and column.codes is not None:
            object.__setattr__(self, "value", _read_code(column, self.value))

    @property
    def values(self) -> tuple[str, ...]:
        """The codes ``value`` names, one or several; none for a yes/no or date column."""
        if self.value is None:
            return ()
        return (self.value,) if isinstance(self.value, str) else self.value

    def what(self, lang: str, terms: Mapping[str, str]) -> str:
        """``规模较小的社区社会组织占比``, ``登记或备案的社区社会组织占比``: the organizations
        counted, in words of ``lang``."""
        column = _shared(self.column)
        header = column.name if lang == "en" else column.alias
        key = f"what.condition.{self.column}"
        if self.value is None:
            own = _says(key, lang, terms)
            fallback = "what.condition.date" if column.type == DATE else "what.condition.yes"
            condition = own or translate(fallback, lang, terms, column=header)
            return _what("organization-share", lang, terms, condition=condition)
        names = [self._code_name(column, code, lang) for code in self.values]
        either = translate("what.either", lang, terms)
        value = either.join(names)
        # several: 登记或备案, not 登记状态为“登记或备案”; the plan's words first
        keys = [key] if len(names) == 1 else [f"{key}.any", key]
        own = next((k for k in keys if k in terms), None)
        found = _says(own or keys[0], lang, terms, value=value)
        found = found or _says(key, lang, terms, value=value)
        if found is None and len(names) > 1:
            quoted = either.join(translate("what.quoted", lang, terms, value=n) for n in names)
            found = translate("what.condition.value.any", lang, terms, column=header, value=quoted)
        condition = found or translate(
            "what.condition.value", lang, terms, column=header, value=value
        )
        return _what("organization-share", lang, terms, condition=condition)

    def _code_name(self, column: Column, code: str, lang: str) -> str:
        """A code of ``column`` as a title names it: ``老年人``, ``elderly``, ``小``."""
        if self.column in ("category", "serves"):
            return code_name("category" if self.column == "category" else "group", code, lang)
        if lang == "en":
            return code.replace("_", " ")
        return (column.codes or {}).get(code, (code,))[0]


def _flag(context: Context, params: OrganizationShare) -> tuple[pl.Expr, pl.Expr]:
    """Which organizations are flagged, and which are unknown (the cell is empty)."""
    column = pl.col(params.column)
    kind = _shared(params.column).type
    if kind == BOOL:
        return column.fill_null(False), column.is_null()
    if kind == DATE:
        start = params.since
        if params.window == "year":
            year = dt.date(context.due.year, 1, 1)
            start = year if start is None else max(start, year)
        flagged = column.is_not_null() & (column <= context.on)
        if start is not None:
            flagged = flagged & (column >= start)
        return flagged.fill_null(False), pl.lit(False)
    values = params.values
    if kind == LIST and len(values) == 1:
        return column.list.contains(values[0]).fill_null(False), column.is_null()
    if kind == LIST:
        # holds any of them (on whole lists, as special-groups counts them)
        held = column.list.eval(pl.element().is_in(list(values))).list.any()
        return held.fill_null(False), column.is_null()
    if len(values) == 1:
        return (column == values[0]).fill_null(False), column.is_null()
    return column.is_in(list(values)).fill_null(False), column.is_null()


def organization_share(
    context: Context, params: OrganizationShare, details: Mapping[str, Any] | None = None
) -> Measurement:
    """The measure of ``organization-share`` (and of the built-ins made of it)."""
    organizations = context.data.organizations_in(
        context.scope.districts,
        context.on,
        ["name", params.column],
        registration=params.registration,
    )
    flagged, unknown = _flag(context, params)
    frame = organizations.select("id", "name", flagged.alias("covered"), unknown.alias("unknown"))
    if details is None:
        details = {"column": params.column, "registration": list(params.registration)}
        if params.value is not None:
            # as the plan gives it: one code, or a list of codes
            details["value"] = params.value if isinstance(params.value, str) else list(params.value)
    return measures.share_or_indicator(
        context,
        frame.select("id", "name", "covered"),
        threshold=params.threshold,
        comparator=params.comparator,
        level="organization",
        noun="organizations",
        details={"unknown": int(frame.get_column("unknown").sum()), **details},
    )


# -- built-ins made of the patterns ----------------------------------------------------------


def establishment_count_kind(
    *, id: str, title: Text, description: Text, kind: str, noun: str, clauses: Sequence[str]
) -> TargetKind:
    """A kind counting the scope's districts' own establishments of ``kind``, with the
    params of :class:`~scoplan.params.Count` (threshold, comparator)."""

    def measure(context: Context, params: Count) -> Measurement:
        generic = EstablishmentCount(
            kind=kind, threshold=params.threshold, comparator=params.comparator
        )
        return count_establishments(context, generic, noun)

    counts = (Counted("establishments", "kind", kind, "district"),)
    return TargetKind(
        id, title, description, Count, measure, tuple(clauses), columns=(), counts=counts
    )


_CONFIGURED = 256
"""How many given params each built-in kind keeps the generic params of."""


def made_of(
    pattern: Callable[..., Measurement],
    params: type[Any],
    details: Callable[[Any], Mapping[str, Any]] | None = None,
    **fixed: Any,
) -> MeasureFunction:
    """A measure function: the ``pattern`` with the plan's params of class ``params`` and
    the ``fixed`` ones a built-in kind sets itself (``kind="disclosure_system"``…).

    ``details``, given the generic params, says what the evidence's details are, where a
    built-in kind's differ from the generic kind's.
    """
    generic: type[Any] = {
        establishment_share: EstablishmentShare,
        event_share: EventCoverage,
        organization_share: OrganizationShare,
        community_average: CommunityAverage,
    }[pattern]
    names = [name for name in _fields(params) if name in _fields(generic)]
    made: dict[int, tuple[Any, Any]] = {}
    """The generic params made of each given params object (kept with it, so that its id
    is not another's): a plan that judges each of a country's districts measures with the
    same params object thousands of times. By identity, not equality: ``threshold = 1``
    and ``1.0`` are equal, and would be written differently. Only objects of the kind's own
    params class are kept, which is frozen (a test holds every built-in kind's to it): any
    other object may change between two measures."""

    def configure(given: Any) -> Any:
        return generic(**{name: getattr(given, name) for name in names}, **fixed)

    def measure(context: Context, given: Any) -> Measurement:
        if type(given) is not params:
            configured = configure(given)
        else:
            entry = made.get(id(given))
            if entry is None or entry[0] is not given:
                if len(made) >= _CONFIGURED:
                    made.clear()
                entry = made[id(given)] = (given, configure(given))
            configured = entry[1]
        if details is None:
            return pattern(context, configured)
        return pattern(context, configured, details(configured))

    return measure


def _fields(cls: type[Any]) -> list[str]:
    return [field.name for field in attrs.fields(cls)]


GENERIC_KINDS: tuple[TargetKind, ...] = (
    TargetKind(
        id="establishment-count",
        title=Text("某类平台或制度的数量", "Establishments of a kind"),
        description=Text(
            "范围内某类平台或制度（在计划中指定，如服务中心、培育观察点）的数量：可只计区县本级的，或乡镇（街道）、社区的，或范围内任一单位的；可只计期限当年或某日以来设立的",
            "Number of establishments of a kind the plan names (a service centre, an "
            "observation point…): the districts' own, the townships' or communities', or any "
            "unit's in the scope; optionally only those set up in the due year or since a "
            "given day",
        ),
        params=EstablishmentCount,
        measure=count_establishments,
        columns=(),
        counts=lambda params: [
            Counted(
                "establishments",
                "kind",
                params.kind,
                None if params.level == "within" else params.level,
            )
        ],
    ),
    TargetKind(
        id="event-coverage",
        title=Text("举办某类活动的单位占比", "Units that held an event of a kind"),
        description=Text(
            "范围内在期限当年（或截至该日）举办过某类活动（在计划中指定）的区县、乡镇（街道）或社区占比",
            "Share of districts, townships or communities that held an event of a kind the "
            "plan names, in the due year (or up to the date)",
        ),
        params=EventCoverage,
        measure=event_share,
        columns=(),
        counts=lambda params: [Counted("events", "kind", params.kind, params.level)],
    ),
    TargetKind(
        id="community-average",
        title=Text("社区平均拥有社区社会组织数", "Organizations per community"),
        description=Text(
            "范围内社区（可只计城市社区或农村社区）平均拥有的存续社区社会组织数（可限定登记状态和类别）；未设目标值时只作监测",
            "Mean number of organizations not dissolved per community (urban, rural or all; of "
            "the registration statuses and categories chosen); monitored only unless a target "
            "is set",
        ),
        params=CommunityAverage,
        measure=community_average,
        columns=lambda params: [
            "organizations.registration",
            *(["organizations.category"] if params.category else []),
        ],
    ),
    TargetKind(
        id="organization-share",
        title=Text("符合某项条件的社区社会组织占比", "Organizations with a property"),
        description=Text(
            "范围内存续的社区社会组织中符合某项条件（在计划中指定，如制定简易章程、属于某一类别、某期间认定为品牌）的占比；未设目标值时只作监测",
            "Share of the organizations not dissolved that meet a condition the plan names (a "
            "simple charter, a category, named a brand in a period…); monitored only unless a "
            "target is set",
        ),
        params=OrganizationShare,
        measure=organization_share,
        columns=lambda params: [
            "organizations.name",
            f"organizations.{params.column}",
            "organizations.registration",
        ],
    ),
)
"""The generic kinds a plan configures with its own codes."""


def registers(*kinds: TargetKind) -> Callable[[Callable[[TargetKind], None]], None]:
    """The ``scoplan_register_targets`` hook implementation that registers ``kinds``.

    Each built-in module is one line of it: ``scoplan_register_targets = registers(KIND)``.
    """

    @hookimpl
    def scoplan_register_targets(register: Callable[[TargetKind], None]) -> None:
        for kind in kinds:
            register(kind)

    return scoplan_register_targets


scoplan_register_targets = registers(*GENERIC_KINDS)
