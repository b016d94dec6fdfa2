"""The districts a plan names, against the data: its area, its groups' and its scopes'.

Read from the plan's plain tables (its TOML as read, or a :class:`~scoplan.plan.Plan`
unstructured), so that a plan with other mistakes, even one that does not structure as a
whole, has these checked in the same run: :func:`scoplan.plan.parse_plan` given the data,
and the engine before anything runs. A value of the wrong type is the plan's own problem,
said once by the plan: it is not read here, nor a district in it said to be unknown.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from scoplan._exceptions import Problem
from scoplan.divisions import autonomous_short_names, city_of_code
from scoplan.i18n import translate
from scoplan.schema import DISTRICT_KINDS

if TYPE_CHECKING:
    from scoplan.dataset import Dataset


def _text(value: Any) -> str | None:
    """A text as a plan's field takes it (an id written without quotes is still one)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _texts(value: Any) -> tuple[str, ...] | None:
    """A list of texts as a plan's field takes it, or None when it is not one."""
    if not isinstance(value, list | tuple):
        return None
    found = [_text(item) for item in value]
    return None if None in found else tuple(str(item) for item in found)


_PLAIN_KEY = re.compile(r"[^.\[\]'\s]+")


def keyed_path(table: str, name: str) -> str:
    """The path of the key ``name`` of the plan's ``table``: ``$.groups.central``, or
    ``$.groups['a.b']`` for a name a dot would cut (as cattrs writes it)."""
    key = f".{name}" if _PLAIN_KEY.fullmatch(name) else f"[{name!r}]"
    return f"$.{table}{key}"


def group_path(name: str, field: str) -> str:
    """The path of a field of the plan's group ``name``: ``$.groups.central.districts``, or
    ``$.groups['a.b'].districts``."""
    return f"{keyed_path('groups', name)}.{field}"


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


_KIND_OF_WORD = {_plain(word): code for code, words in DISTRICT_KINDS.items() for word in words}
"""A district kind's code by each of its Chinese spellings (开发区 → zone, 县级市 → county)."""


def district_kind_codes(kinds: Iterable[str]) -> tuple[str, ...]:
    """A group's ``district_kinds`` as codes: a kind written as the data writes it (``开发区``,
    ``县级市``) is its code (``zone``, ``county``); any other is kept as written, for
    :func:`district_kind_problems` to say."""
    found = []
    for kind in kinds:
        written = _plain(kind) if isinstance(kind, str) else kind
        found.append(written if written in DISTRICT_KINDS else _KIND_OF_WORD.get(written, kind))
    return tuple(found)


def _kind_hint(kind: str) -> dict[str, str]:
    """The kinds a district may be, each with its word (``district（区）``), and the one
    nearest ``kind`` where one is near: a code (``zones``), or a word (``城区`` is near 区)."""
    codes = list(DISTRICT_KINDS)
    params = {
        "expected": ", ".join(codes),
        "expected_zh": "、".join(f"{code}（{DISTRICT_KINDS[code][0]}）" for code in codes),
        "hint": "",
        "hint_zh": "",
    }
    same = [code for code in codes if sorted(code) == sorted(kind.lower())]
    near = same or difflib.get_close_matches(kind, [*codes, *_KIND_OF_WORD], n=1, cutoff=0.6)
    if near and near[0] in DISTRICT_KINDS:
        params["hint"] = f" (did you mean {near[0]!r}?)"
        params["hint_zh"] = f"（是否应为“{near[0]}”？）"
    elif near:
        word, code = near[0], _KIND_OF_WORD[near[0]]
        params["hint"] = f" (did you mean {word!r}, that is {code!r}?)"
        params["hint_zh"] = f"（是否应为“{word}”（{code}）？）"
    return params


def district_kind_problems(groups: Any, source: str) -> list[Problem]:
    """A problem for each kind a group's ``district_kinds`` names that no district can be:
    the kinds of docs/DATA.md (``district``, ``county``, ``zone``) are all a district's
    ``kind`` takes, so any other would make the group hold none of them (its milestones
    ``no_data``, said nowhere). In the order of the groups and their kinds."""
    problems: list[Problem] = []
    for name, group in groups.items() if isinstance(groups, Mapping) else ():
        kinds = _texts(group.get("district_kinds", ())) if isinstance(group, Mapping) else None
        for kind in district_kind_codes(kinds or ()):
            if kind not in DISTRICT_KINDS:
                column = group_path(name, "district_kinds")
                hint = _kind_hint(kind)
                problem = Problem(
                    "unknown_district_kind", source, column=column, value=kind, params=hint
                )
                problems.append(problem)
    return problems


_CITY_ENDING = re.compile(r"(?:市|地区|自治州|州|盟)$")
"""What a city's short name leaves off (安庆 for 安庆市, 延边 for 延边朝鲜族自治州's 延边…州)."""


def _city_short(text: str) -> str:
    bare = _bare(text)
    return _CITY_ENDING.sub("", bare) or bare


def cities_named(city: str, cities: Iterable[str | None]) -> frozenset[str]:
    """The cities of the data (their ``city`` as written) that a plan's ``[area] city``
    names: those written as it is; else, where it is a city's short name or its full
    one written otherwise (安庆 for 安庆市, as ``--district 宜秀`` is 宜秀区), the one
    city of the data so named. Empty where it names none, or several alike."""
    written = {c for c in cities if c}
    if not city or city in written:
        return frozenset({city} & written)
    alike = {c for c in written if _city_short(c) == _city_short(city)}
    return frozenset(alike) if len({_bare(c) for c in alike}) == 1 else frozenset()


def district_prefix(code_prefix: str) -> str:
    """The first digits of the district ids an area's ``code_prefix`` means: as written, or
    for a province's, a city's or a district's own official code of 6, 9 or 12 digits, the
    digits its units' ids begin with (``340800`` and ``340800000000``, 黄山市's code, mean
    ``3408``; ``340000``, 安徽省's, ``34``): no district's id begins with its city's code.
    A municipality's 市辖区 or 县 (``5001``, ``5002``, ``500100``) means the municipality
    (``50``): they are no place but halves of the city's table, and a plan of 重庆市 is of
    all its districts and counties, its 全市 the whole city."""
    found = code_prefix
    if len(code_prefix) in (6, 9, 12) and code_prefix.isdigit():
        unit = code_prefix.rstrip("0")
        sizes = (2, 4, 6)[: 2 if len(code_prefix) == 6 else 3]
        found = next((code_prefix[:size] for size in sizes if len(unit) <= size), code_prefix)
    if len(found) == 4 and found.isdigit() and city_of_code(found) != found:
        return city_of_code(found)
    return found


def area_within(
    code_prefix: str, city: str, districts: Sequence[str]
) -> Callable[[str], bool] | None:
    """Which official county-level units an area holds, where it does not take its cities
    whole: an area picked by ``code_prefix`` (a county's own code, ``341125``, holds that
    county alone) or by the ``districts`` it lists holds those units only, so that the
    others of their city are no districts the data lacks. None where the area takes every
    unit of its cities (it names a ``city``, or nothing)."""
    if city or not (code_prefix or districts):
        return None
    prefix, listed = district_prefix(code_prefix), frozenset(districts)
    return lambda code: bool(prefix and code.startswith(prefix)) or code in listed


def area_county(code_prefix: str, city: str, districts: Sequence[str]) -> str | None:
    """The one county-level unit an area is (its 6-digit official code), where its
    ``code_prefix`` is that unit's code (``341125``, ``341125000000``) or it lists that
    unit alone, and it names no ``city``; else None."""
    if city:
        return None
    prefix = district_prefix(code_prefix) if code_prefix else ""
    picked = {prefix} if prefix else set()
    picked |= set(districts)
    if len(picked) != 1:
        return None
    code = next(iter(picked))
    return code if len(code) == 6 and code.isdigit() and not code.endswith("00") else None


_AREA_WORDS = {
    # the name's last word: the whole area, and its own organs (市本级's), in zh and en
    "县": ("全县", "县本级", "the whole county", "county level"),
    "旗": ("全旗", "旗本级", "the whole banner", "banner level"),
    "区": ("全区", "区本级", "the whole district", "district level"),
}


def area_terms(
    code_prefix: str, city: str, districts: Sequence[str], name: str = ""
) -> dict[str, dict[str, str]]:
    """The words a plan whose area is one county-level unit (:func:`area_county`) says its
    whole area and its own organs with, by language: 全县 and 县本级 for a county (定远县),
    全区 and 区本级 for a district or a zone, 全旗 for a banner; read from the area's
    ``name``, else the unit's official name. A province's plan says its whole area 全省
    (:func:`_province_terms`). Empty for any other area, and for a county-level city
    (天长市): the catalogue's 全市 and 市本级 are its words."""
    county = area_county(code_prefix, city, districts)
    if county is None:
        return _province_terms(code_prefix, city, districts, name)
    written = _bare(name)
    if not written.endswith(tuple(_AREA_WORDS)):
        from scoplan.divisions import names

        written = _bare(names([county]).get(county, ""))
    words = next((w for end, w in _AREA_WORDS.items() if written.endswith(end)), None)
    if words is None:
        return {}
    return {
        "zh": _area_words("zh", words[0], words[1]),
        "en": _area_words("en", words[2], words[3]),
    }


_PROVINCE_WORDS = {
    # the name's last word: the whole area, in zh and en
    "自治区": ("全区", "the whole region"),
    "省": ("全省", "the whole province"),
}


def _province_terms(
    code_prefix: str, city: str, districts: Sequence[str], name: str
) -> dict[str, dict[str, str]]:
    """The words of a plan whose area is a province (its ``code_prefix`` of 2 digits, or
    its official code, and no ``city`` nor ``districts``) for its whole area: 全省 for a
    province (安徽省), 全区 for an autonomous region; read from the area's ``name``, else
    the province's official name. Empty for any other area, and for a municipality
    (上海市): the catalogue's 全市 is its word."""
    prefix = district_prefix(code_prefix) if code_prefix else ""
    if city or districts or len(prefix) != 2 or not prefix.isdigit():
        return {}
    written = _bare(name)
    if not written.endswith(tuple(_PROVINCE_WORDS)):
        from scoplan.divisions import names

        written = _bare(names([prefix]).get(prefix, ""))
    words = next((w for end, w in _PROVINCE_WORDS.items() if written.endswith(end)), None)
    if words is None:
        return {}
    zh, en = words
    sheet = en.removeprefix("the ")
    return {
        "zh": {"where.city": zh, "sheet.city": zh},
        "en": {"where.city": en, "sheet.city": sheet[:1].upper() + sheet[1:]},
    }


OWN_LEVEL_KINDS = (
    "service-centres",
    "governance-academies",
    "development-plans",
    "gongyi-held",
    "brand-selection",
)
"""The built-in kinds whose title names the level of a district's own organs (区县级社会组织
培育发展服务中心, 市县级…评选): in a county's plan, that level is the area's own (区本级)."""


def _area_words(lang: str, whole: str, own: str) -> dict[str, str]:
    """A county's words in ``lang``: its whole area (``whole``, 全区) where the catalogue
    says 全市 (``where.city``, the results' sheet), its own organs (``own``, 区本级) where it
    says 市本级 (``scope.city``) or 区县级 (the titles of :data:`OWN_LEVEL_KINDS`, from the
    catalogue's ``area.target.<kind>``)."""
    sheet = whole.removeprefix("the ")  # a sheet's name is a heading: Whole district
    found = {"where.city": whole, "scope.city": own, "sheet.city": sheet[:1].upper() + sheet[1:]}
    for kind in OWN_LEVEL_KINDS:
        found[f"target.{kind}"] = translate(f"area.target.{kind}", lang, own=own)
    return found


def in_area(
    code_prefix: str, city: str, districts: Sequence[str], data: Dataset
) -> tuple[str, ...]:
    """The district ids of the data inside an area, sorted (:func:`area_holds`); with no
    ``code_prefix``, ``city`` or ``districts``, every district of the data."""
    if not (code_prefix or city or districts):
        return data.district_ids()
    frame = data.frame("districts")
    names = frame.get_column("name") if "name" in frame.columns else [None] * frame.height
    rows = zip(frame.get_column("id"), frame.get_column("city"), names, strict=True)
    return tuple(sorted(area_holds(code_prefix, city, districts, rows)))


def area_holds(
    code_prefix: str,
    city: str,
    districts: Sequence[str],
    rows: Iterable[tuple[str | None, str | None, str | None]],
) -> list[str]:
    """The ids of districts (``rows`` of id, city and name) inside an area, in their order:
    those listed in ``districts``, those whose id starts with ``code_prefix``
    (:func:`district_prefix`), and those whose ``city`` is ``city`` (or the city it names:
    :func:`cities_named`) — unless their id is an official code that says otherwise: the
    code wins over the 市 column. With a ``code_prefix``, a district whose id is an
    official county-level code outside it is not in the area, whatever its 市 says (邻水县,
    511623, filed under 重庆市). With a ``city`` alone, a district whose official code and
    name are another city's is not, where the data's districts show which official cities
    ``city`` names."""
    listed = set(districts)
    held = [(d, c, n) for d, c, n in rows if d is not None]
    named = cities_named(city, (its_city for _, its_city, _ in held))
    prefix = district_prefix(code_prefix)
    by_city = [d for d, its_city, _ in held if its_city in named and d not in listed]
    official = _official_names(d for d in by_city if not (prefix and d.startswith(prefix)))
    if prefix:
        foreign = set(official)
    else:
        foreign = _of_other_cities(city, {d: n for d, _, n in held if d in official}, official)
    return [
        d
        for d, its_city, _ in held
        if d in listed
        or (prefix and d.startswith(prefix))
        or (its_city in named and d not in foreign)
    ]


def _official_names(ids: Iterable[str]) -> dict[str, str]:
    """The official names of those of ``ids`` that are official county-level codes."""
    coded = [d for d in ids if d.isdigit() and len(d) == 6 and not d.endswith("00")]
    if not coded:
        return {}
    from scoplan.divisions import names

    return names(coded)


def _of_other_cities(
    city: str, names: Mapping[str, str | None], official: Mapping[str, str]
) -> set[str]:
    """Of districts under their official codes and names (``names``, the data's, by id;
    ``official``, the table's), those of another city than the one ``city`` names: none
    where no district shows which official city that is (a city written otherwise than
    the table writes it)."""
    from scoplan.divisions import names as official_names

    real = [d for d in names if _is_official(names[d] or "", official.get(d))]
    cities = {city_of_code(d) for d in real}
    called = official_names(cities)
    wanted = _city_short(city)
    ours = {c for c in cities if called.get(c) and _city_short(called[c]) == wanted}
    return {d for d in real if city_of_code(d) not in ours} if ours else set()


def area_name(code_prefix: str, city: str, districts: Sequence[str], name: str = "") -> str:
    """The area as a message names it: its ``name``; else its ``city``; else the official
    name of the unit its ``code_prefix`` is (城口县 for ``500229``, 重庆市 for ``50`` and
    ``5001``), else the prefix as written; else its one listed district's official name."""
    if name or city:
        return name or city
    from scoplan.divisions import names

    prefix = district_prefix(code_prefix) if code_prefix else ""
    unit = prefix or (districts[0] if len(districts) == 1 else "")
    if len(unit) in (2, 4, 6) and unit.isdigit():
        found = names([unit]).get(unit, "")
        if found and found not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            return found
    return code_prefix


def _area_districts(area: Any, data: Dataset) -> tuple[str, ...] | None:
    """The districts of the data inside the plan's ``area`` (its plain table), or None when
    what it holds cannot be told (a field of the wrong type: said by the plan)."""
    if not isinstance(area, Mapping):
        return None
    prefix, city = _text(area.get("code_prefix", "")), _text(area.get("city", ""))
    listed = _texts(area.get("districts", ()))
    if prefix is None or city is None or listed is None:
        return None
    return in_area(prefix, city, listed, data)


def _area_within(area: Mapping[str, Any]) -> Callable[[str], bool] | None:
    """:func:`area_within` of the plan's ``area`` (its plain table, its fields of the
    right types: :func:`_area_districts` has told them)."""
    prefix, city = _text(area.get("code_prefix", "")), _text(area.get("city", ""))
    return area_within(prefix or "", city or "", _texts(area.get("districts", ())) or ())


def _area_problem(
    area: Any, inside: tuple[str, ...] | None, data: Dataset, source: str
) -> Problem | None:
    """A problem when the plan's area holds no district of the data: of the field that
    picks its districts, where one alone does (``[area] city``: ``empty_area_city``, the
    data's cities and the one to write; ``code_prefix``: ``empty_area_prefix``, the first
    digits of the data's ids and those to write), else ``empty_area``, of the area."""
    if inside is None or inside:
        return None
    city = _text(area.get("city", "")) or ""
    prefix = _text(area.get("code_prefix", "")) or ""
    picking = [f for f in ("city", "code_prefix", "districts") if area.get(f)]
    if picking == ["city"]:
        named = _text(area.get("name", "")) or ""
        params = (
            _county_hint(city, data)
            or _cities_hint(city, data, named)
            or _what_the_data_has("", data)
        )
        column = "$.area.city"
        return Problem("empty_area_city", source, column=column, value=city, params=params)
    if picking == ["code_prefix"]:
        params = _prefix_hint(prefix, data)
        column = "$.area.code_prefix"
        return Problem("empty_area_prefix", source, column=column, value=prefix, params=params)
    params = _what_the_data_has(city, data)
    return Problem("empty_area", source, value=_area_named(area), params=params)


def _county_hint(city: str, data: Dataset) -> dict[str, str] | None:
    """Where a plan's ``city`` names a district of the data (定远县, a county's own plan),
    not its city: a county's area is its code (``code_prefix``), which is said. None where
    it names no district, or several."""
    ids = data.district_ids()
    names = data.names("districts", list(ids))
    found = _matching(city, _district_forms({d: [names.get(d, "")] for d in ids}))
    if len(found) != 1 or not _bare(city) or _bare(city) == _bare(found[0]):
        return None
    name, code = names.get(found[0]) or found[0], found[0]
    return {
        "hint": (
            f" ({name} is a district of the data, not a city: "
            f'for its own plan write code_prefix = "{code}")'
        ),
        "hint_zh": f'（{name}是数据中的区县，不是市：区县自己的计划应写作 code_prefix = "{code}"）',
    }


def _cities_hint(city: str, data: Dataset, name: str = "") -> dict[str, str] | None:
    """The cities the data's districts name, and the one a plan's ``city`` should be: the
    one nearest what it wrote, or the one the area's ``name`` names; where neither and the
    data are of one city, the data or the plan is another city's, and that is said; None
    when the data names none."""
    cities = sorted({c for c in data.frame("districts").get_column("city").to_list() if c})
    if not cities:
        return None
    shown = cities[:5] + (["…"] if len(cities) > 5 else [])
    near = difflib.get_close_matches(city, cities, n=1, cutoff=0.5)
    near = near or sorted(cities_named(name, cities)) if name else near
    if near:
        write, write_zh = f'write city = "{near[0]}"', f'应写作 city = "{near[0]}"'
    elif len(cities) == 1:  # another city's data, or another city's plan: not a slip of city
        write = (
            f"the data are {cities[0]}'s, not the plan's city's: "
            "is the data or the plan another city's?"
        )
        write_zh = f"数据是{cities[0]}的，不是计划所写的市的：数据或计划是否用错了？"
    else:
        write, write_zh = "write one of them as city", "city 须写其中之一"
    return {
        "hint": f" (the data's districts are of: {', '.join(shown)}; {write})",
        "hint_zh": f"（数据中区县所属的市：{'、'.join(shown)}；{write_zh}）",
    }


def _prefix_hint(prefix: str, data: Dataset) -> dict[str, str]:
    """The first four digits of the data's district ids, and those a plan's ``code_prefix``
    should be: the ones it begins with (340800, a city's code of six digits, is 3408), else
    the data's one city's."""
    prefixes = sorted({i[:4] for i in data.district_ids()})
    if not prefixes:
        return {"hint": "", "hint_zh": ""}
    shown = prefixes[:5] + (["…"] if len(prefixes) > 5 else [])
    begun = [p for p in prefixes if prefix.startswith(p)]
    meant = begun or (prefixes if len(prefixes) == 1 else [])
    write = f'; write code_prefix = "{meant[0]}"' if meant else ""
    write_zh = f'；应写作 code_prefix = "{meant[0]}"' if meant else ""
    return {
        "hint": f" (the data's district ids begin: {', '.join(shown)}{write})",
        "hint_zh": f"（数据中区县编号的开头：{'、'.join(shown)}{write_zh}）",
    }


def _area_named(area: Mapping[str, Any]) -> str:
    """The plan's area as a message names it (:func:`area_name`)."""
    fields = [_text(area.get(f, "")) or "" for f in ("code_prefix", "city", "name")]
    listed = _texts(area.get("districts", ())) or ()
    return area_name(fields[0], fields[1], listed, fields[2])


def _city_of(district: str, data: Dataset) -> str:
    """The city a district belongs to: the official city of its code where that is an
    official one (``341802`` is 宣城市's, 511623 广安市's whatever its 市 says), else its
    ``city`` in the data; empty when neither says."""
    from scoplan.divisions import names

    official = names([district[:2], district[:4]]) if _official_names([district]) else {}
    if not official:
        frame = data.frame("districts")
        found = frame.filter(frame.get_column("id") == district).get_column("city").to_list()
        return str(found[0]) if found and found[0] else ""
    city = official.get(district[:4], "")
    # a municipality's districts sit under 市辖区 (1101) or 县 (5002): the city is the province
    if city in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
        return official.get(district[:2], "")
    return city


def _outside(
    district: str, area: Mapping[str, Any], names: Mapping[str, str], data: Dataset
) -> dict[str, str]:
    """The params of ``outside_plan_area`` for a district of the data the plan's area
    leaves out: its name, the city it belongs to, and the area."""
    city = _city_of(district, data)
    return {
        "name": names.get(district, district),
        "area": _area_named(area),
        "belongs": f" belongs to {city} and" if city else "",
        "belongs_zh": f"属于{city}，" if city else "",
    }


def _what_the_data_has(city: str, data: Dataset) -> dict[str, str]:
    """For an area that holds no district of the data: the cities the data's districts
    name (where the area picks by city), else the first digits of their ids."""
    frame = data.frame("districts")
    if frame.height == 0:
        return {"hint": "", "hint_zh": ""}
    cities = sorted({c for c in frame.get_column("city").to_list() if c}) if city else []
    if cities:
        shown = cities[:5] + (["…"] if len(cities) > 5 else [])
        return {
            "hint": f" (the data's districts are of: {', '.join(shown)})",
            "hint_zh": f"（数据中区县所属的市：{'、'.join(shown)}）",
        }
    prefixes = sorted({i[:4] for i in data.district_ids()})
    shown = prefixes[:5] + (["…"] if len(prefixes) > 5 else [])
    return {
        "hint": f" (the data's district ids begin: {', '.join(shown)})",
        "hint_zh": f"（数据中区县编号的开头：{'、'.join(shown)}）",
    }


_UNIT_WORDS = {"townships": ("乡镇（街道）", "township"), "communities": ("社区", "community")}
"""What a unit below a district is, in words, by its table."""


def _unit_of(district: str, data: Dataset, names: Mapping[str, str]) -> dict[str, str] | None:
    """Where a plan names as a district a township or a community of the data (陆家嘴街道's
    310115005): what it is, its name and its district's, for ``not_a_district``; None
    where the data has no such unit."""
    for table, (word, word_en) in _UNIT_WORDS.items():
        frame = data.frame(table)
        found = frame.filter(pl.col("id") == district).select("name", "district_id").rows()
        if found:
            name, parent = found[0]
            of = names.get(parent) or parent or ""
            return {
                "level": word_en,
                "level_zh": word,
                "name": name or district,
                "of": f", of {of}" if of else "",
                "of_zh": f"（属{of}）" if of else "",
            }
    return None


def _district_hint(district: str, names: Mapping[str, str]) -> dict[str, str]:
    """What a plan naming a district the data lacks may mean: the id of the district so
    named (a plan takes ids, and ``宣州区`` is a name). No nearest id is offered: 341002
    is as near to 341802, another city's, as to anything."""
    named = [i for i, name in names.items() if name == district]
    if len(named) == 1:
        return {
            "hint": f" ({district!r} is the name of the district {named[0]!r}: write its id)",
            "hint_zh": f"（“{district}”的编号是“{named[0]}”，计划中须写编号）",
        }
    if _bare(district).isdigit() and len(_bare(district)) == 6:
        return _renumbered_hint(_bare(district), names)
    return {"hint": "", "hint_zh": ""}


def _renumbered_hint(code: str, names: Mapping[str, str]) -> dict[str, str]:
    """What a plan naming a district's code the data lacks may be about a re-division: the
    data holding the district of that official name (or short name) under another code
    (弋江区, 340209 in the 2023 codes, as 340203), or a code no 2023 code at all (芜湖县's
    340221, abolished)."""
    from scoplan.divisions import YEAR
    from scoplan.divisions import names as official_names

    official = official_names([code]).get(code)
    if official is None:
        return {
            "hint": f" ({code} is no statistical division code of {YEAR}: a plan names"
            f" districts by the {YEAR} codes, one abolished or renamed by today's)",
            "hint_zh": f"（{code}不是{YEAR}年统计用区划代码：计划须按{YEAR}年代码写，"
            f"已撤销或更名的区县写现在的区县）",
        }
    forms = _district_forms({d: [n] for d, n in names.items() if d != code})
    held = _matching(official, forms)
    if len(held) != 1:
        return {"hint": "", "hint_zh": ""}
    other, said = held[0], names.get(held[0], held[0])
    return {
        "hint": f" (the data's {said} is {other}, but {official} is {code} in the {YEAR}"
        f" codes: renumbered by a re-division? renumber the data by the {YEAR} codes)",
        "hint_zh": f"（数据中的{said}编号是{other}，而{YEAR}年代码中{official}是{code}（区划调整后"
        f"编号变了？）：请按{YEAR}年代码改数据中的编号）",
    }


@attrs.frozen
class Coverage:
    """Which of a plan's districts a run evaluates: ``present``, the districts of the data
    in the plan's area (or those a run chose, ``--district``), and ``absent``, the others
    the plan's area holds — the official county-level units of the cities the data's
    districts belong to that the data lacks (a district bureau's register holds its own
    district alone), and the data's districts a run left out. ``names``: each one's name
    (the data's, else the official one). ``chosen``: a run named the districts.
    ``returns``: the townships (id, name) of an absent district that sent no return back,
    by the district's id: the cause of its absence, where that is it."""

    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    names: Mapping[str, str] = attrs.field(factory=dict)
    chosen: bool = False
    returns: Mapping[str, tuple[tuple[str, str], ...]] = attrs.field(factory=dict)

    def for_want_of_returns(self, districts: Iterable[str]) -> bool:
        """Whether each of ``districts`` is absent for want of a township's return alone
        (and there is one): a run that chose its districts has left them out itself."""
        wanted = list(districts)
        return bool(wanted) and not self.chosen and all(d in self.returns for d in wanted)

    @property
    def partial(self) -> bool:
        """Whether some district of the plan's area is not evaluated."""
        return bool(self.absent)

    def named(self, districts: Iterable[str]) -> list[str]:
        """The names of ``districts``, in their order (an id where none is known)."""
        return [self.names.get(district, district) for district in districts]

    def named_by_city(self, districts: Iterable[str]) -> tuple[list[str], bool]:
        """:meth:`named`, but where the area holds whole cities the data lacks (a
        province's plan, 合肥市's register): each city all of whose districts of the area
        are among ``districts`` is named once, as a city (芜湖市, not its 10 districts);
        and whether every name is a city's."""
        wanted = list(districts)
        absent = {_city_code(d) for d in self.absent} - {None}
        if not absent - {_city_code(d) for d in self.present}:
            return self.named(wanted), False
        every = [d for d in (*self.present, *self.absent) if _city_code(d)]
        among = set(wanted)
        whole = {
            city
            for city in {_city_code(d) for d in wanted} - {None}
            if all(d in among for d in every if _city_code(d) == city)
        }
        from scoplan.divisions import names as official_names

        cities = {
            code: name
            for code, name in official_names(sorted(c for c in whole if c)).items()
            if name not in _NO_CITY
        }
        shown: list[str] = []
        said: set[str] = set()
        for district in wanted:
            city = _city_code(district)
            if city is None or city not in cities:
                shown.append(self.names.get(district, district))
            elif city not in said:
                said.add(city)
                shown.append(cities[city])
        return shown, len(said) == len(shown)


_NO_CITY = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
"""The official names of the second level that name no city (a municipality's 市辖区, a
province's county-level cities it governs itself): their districts are named each."""


def _city_code(district: str) -> str | None:
    """The official code of the city of a district's official 6-digit code, else None."""
    return district[:4] if len(district) == 6 and district.isdigit() else None


NAMES_LISTED = 10
"""How many districts the warning of partial data names before it counts the rest."""


def _official_counties(cities: Iterable[str]) -> dict[str, str]:
    """The official county-level units of some cities (by their 4-digit codes): name by code."""
    from scoplan.divisions import under

    wanted = sorted(set(cities))
    if not wanted:
        return {}
    found = under(wanted)
    rows = found.filter(found.get_column("level") == "county").select("code", "name")
    return dict(rows.iter_rows())


def _wider_counties(cities: Iterable[str], within: Callable[[str], bool]) -> dict[str, str]:
    """The official county-level units of each province of ``cities`` (by their 4-digit
    codes) that an area holds whole (``within`` holds every one of them: a province's
    plan, ``code_prefix = "34"``): name by code. The data of one city of it then lacks
    the others' (合肥市's register lacks 芜湖市's districts, and the rest of 安徽省's);
    an area of some units of a province holds none of them whole."""
    found: dict[str, str] = {}
    for province in sorted({city[:2] for city in cities}):
        counties = _official_counties([province])
        if counties and all(within(code) for code in counties):
            found.update(counties)
    return found


def _is_official(register: str, official: str | None) -> bool:
    """Whether a district's name in the data is its official one (屯溪区, 黄山市屯溪区): an
    id that is an official code under an invented name (synthetic data's) is not."""
    from scoplan.divisions import same_name

    if not official or not register:
        return False
    plain = _plain(register)
    return same_name(plain, official) or plain.endswith(official)


def district_coverage(
    data: Dataset, inside: Sequence[str], within: Callable[[str], bool] | None = None
) -> Coverage:
    """The :class:`Coverage` of a plan whose area holds the districts ``inside`` of the
    data: the official county-level units of their cities that the data lacks are absent.
    A city counts once the data holds one of its districts under its official code and
    name; data whose ids are not official codes (numbered its own way, or synthetic codes
    under invented names) has no district absent, and a plan naming a district it lacks
    is a mistake of the plan, as it always was. So is data made in Python (a test's, a
    program's: no ``origin``): what it holds is what its maker meant the whole to be.
    ``within``: the units the area holds where it does not take its cities whole
    (:func:`area_within`): a county's plan lacks no other county of its city."""
    names = data.names("districts", list(inside))
    if data.origin:
        coverage = coverage_of(inside, names, within)
    else:
        coverage = Coverage(tuple(inside), (), names)
    # a district whose return is missing is not covered, whatever return brings its units
    warned = data.warnings
    return without_returns(coverage, unreturned(warned), townships=unreturned_townships(warned))


def unreturned(problems: Iterable[Problem]) -> dict[str, str]:
    """The districts a folder of returns does not cover, by id, with their names: each
    that sent nothing back (``no_return``), and each of which a township sent nothing
    (``no_township_return``): its figures would be those of its other townships alone. Such
    a district is not evaluated, whatever return brings its units (the city's template
    brings every district's): :func:`scoplan.plan_districts.without_returns`."""
    found: dict[str, str] = {}
    for problem in problems:
        if problem.code == "no_return":
            found[str(problem.params["id"])] = str(problem.params["unit"])
        elif problem.code == "no_township_return":
            found[str(problem.params["district_id"])] = str(problem.params["district"])
    return found


def unreturned_townships(problems: Iterable[Problem]) -> dict[str, tuple[tuple[str, str], ...]]:
    """The townships of a folder of returns that sent nothing back (``no_township_return``),
    each as (id, name), by the id of their district, in the order warned of."""
    found: dict[str, list[tuple[str, str]]] = {}
    for problem in problems:
        if problem.code == "no_township_return":
            township = (str(problem.params["id"]), str(problem.params["unit"]))
            found.setdefault(str(problem.params["district_id"]), []).append(township)
    return {district: tuple(townships) for district, townships in found.items()}


def without_returns(
    coverage: Coverage,
    unreturned: Mapping[str, str],
    every: bool = False,
    townships: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
) -> Coverage:
    """``coverage`` without the districts of a folder of returns that sent nothing back, or
    one of whose townships did (``unreturned``, by id, with their names): absent, as a
    district the data lacks is, even where another return (the city's template) brings
    their units. A district the data lacks is absent already where the plan's area holds
    it; ``every``: each of ``unreturned`` is absent, whatever the data holds (a plan that
    names no area is about the districts the returns were asked of). ``townships``: those
    that sent nothing back (:func:`unreturned_townships`), kept as the ``returns`` of the
    districts made absent: why they are."""
    lost = [d for d in unreturned if d in coverage.present]
    more = [d for d in unreturned if every and d not in coverage.present]
    if not lost and not more:
        return coverage
    present = tuple(d for d in coverage.present if d not in unreturned)
    absent = tuple(sorted({*coverage.absent, *lost, *more}))
    names = {**{d: unreturned[d] for d in (*lost, *more)}, **coverage.names}
    returns = {d: t for d, t in (townships or {}).items() if d in (*lost, *more)}
    return attrs.evolve(
        coverage,
        present=present,
        absent=absent,
        names=names,
        returns={**coverage.returns, **returns},
    )


def coverage_of(
    inside: Sequence[str],
    names: Mapping[str, str],
    within: Callable[[str], bool] | None = None,
) -> Coverage:
    """:func:`district_coverage` of districts ``inside`` named ``names`` (by id, as the
    data names them): what a check of the raw tables reads, without a dataset."""
    names = {district: names[district] for district in inside if district in names}
    coded = [d for d in inside if d.isdigit() and len(d) == 6]
    if not coded:
        return Coverage(tuple(inside), (), names)
    from scoplan.divisions import names as official_names

    official = official_names(coded)
    cities = {d[:4] for d in coded if _is_official(names.get(d, ""), official.get(d))}
    counties = _official_counties(cities)
    if within is not None:
        counties = {code: name for code, name in counties.items() if within(code)}
        counties.update(_wider_counties(cities, within))
    held = set(inside)
    held_names = {_plain(name) for name in names.values()}
    absent = tuple(
        code
        for code, name in sorted(counties.items())
        if code not in held and name not in held_names  # present under an id of its own
    )
    return Coverage(tuple(inside), absent, {**counties, **names})


def townships_named(
    coverage: Coverage, districts: Iterable[str], lang: str, of_several: bool = False
) -> str:
    """The townships of ``districts`` that sent no return back (:attr:`Coverage.returns`),
    as a message names them: 书院镇（310115142）, each after its district's name where
    they are of several districts, or said of an area of several (``of_several``)."""
    wanted = [d for d in districts if d in coverage.returns]
    shown = []
    for district in wanted:
        named = of_several or len(wanted) > 1
        before = coverage.names.get(district, district) if named else ""
        for township, name in coverage.returns[district]:
            if lang == "zh":
                shown.append(f"{before}{name}（{township}）")
            else:
                shown.append(f"{name} ({township}{', ' + before if before else ''})")
    return ("、" if lang == "zh" else ", ").join(shown)


def coverage_warning(
    coverage: Coverage,
    source: str,
    whole: Mapping[str, str] | None = None,
    where: Mapping[str, str] | None = None,
) -> Problem | None:
    """The one warning of a run that evaluates some of its plan's districts: which it holds,
    which it lacks (a city the area holds whole, and the data lacks, by its name:
    :meth:`Coverage.named_by_city`), and that only those held are evaluated; None when it
    evaluates all. ``whole``: the plan's words for its whole area by language (全区) where
    it is one county: one lacking for want of a township's return is said so
    (``township_returns_missing``, naming the townships), not as a district the data
    lacks, nor in the words of a city's plan (全市, 区县组). ``where``: the plan's words
    for its whole area by language (全省 for a province's), default the catalogue's
    (全市)."""
    from scoplan._exceptions import WARNING

    if not coverage.partial:
        return None
    if whole is not None and coverage.for_want_of_returns(coverage.absent):
        count = sum(len(coverage.returns[d]) for d in coverage.absent)
        params = {
            "townships": townships_named(coverage, coverage.absent, "en"),
            "townships_zh": townships_named(coverage, coverage.absent, "zh"),
            "count": count,
            "where": whole.get("en", ""),
            "where_zh": whole.get("zh", ""),
        }
        return Problem(
            "township_returns_missing", source, table="districts", params=params, severity=WARNING
        )
    held, _ = coverage.named_by_city(coverage.present)
    lacking, cities = coverage.named_by_city(coverage.absent)
    more = len(lacking) - NAMES_LISTED
    shown = lacking[:NAMES_LISTED]
    count, total = len(coverage.present), len(coverage.present) + len(coverage.absent)
    where = where or {}
    params = {
        "held": ", ".join(held),
        "held_zh": "、".join(held),
        "count": count,
        "total": total,
        "lacking": ", ".join(shown)
        + (f" and {more} more{' cities' if cities else ''}" if more > 0 else ""),
        "lacking_zh": "、".join(shown)
        + (f"等{len(lacking)}个{'市' if cities else ''}" if more > 0 else ""),
        "where": where.get("en") or translate("where.city", "en"),
        "where_zh": where.get("zh") or translate("where.city", "zh"),
    }
    code = "chosen_districts" if coverage.chosen else "partial_data"
    if not held and not coverage.chosen:
        # (a folder of returns of one district, a township's missing: nothing is held whole)
        code = "none_covered"
    return Problem(code, source, table="districts", params=params, severity=WARNING)


OUTSIDE_NAMED = 5
"""How many districts outside the plan's area its warning names before it counts them."""


def outside_warning(
    outside: Sequence[tuple[str, str | None]], area: str, source: str
) -> Problem | None:
    """The one warning of the data's districts (id and name, in the data's order) outside
    the plan's area ``area`` (as a message names it: :func:`area_name`): their rows count
    towards no target, which is said — how many, the first few by name and id, then 等N个,
    one line however many (a province's register against a city's plan); None for none."""
    from scoplan._exceptions import WARNING

    if not outside:
        return None
    shown = outside[:OUTSIDE_NAMED]
    more = len(outside) - len(shown)
    named = [(name or code, code) for code, name in shown]
    en = ", ".join(f"{name} ({code})" if name != code else code for name, code in named)
    zh = "、".join(f"{name}（{code}）" if name != code else code for name, code in named)
    params = {
        "count": len(outside),
        "area": area,
        "districts": en + (f" and {more} more" if more else ""),
        "districts_zh": zh + (f"等{len(outside)}个" if more else ""),
    }
    return Problem(
        "districts_outside_area", source, table="districts", params=params, severity=WARNING
    )


_KIND_ENDINGS = tuple(
    sorted({_plain(word) for words in DISTRICT_KINDS.values() for word in words}, key=len)[::-1]
)
"""The words a district's name ends in (自治县 before 县), longest first: what its short
name (屯溪 for 屯溪区, 歙 for 歙县) leaves off."""
_CITY_HEAD = re.compile(r"^.+?(?:市|地区|自治州|盟)(?=..)")
"""A city's name at the head of a district's (黄山市 of 黄山市屯溪区)."""


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", _plain(text))


def _name_forms(name: str) -> tuple[set[str], set[str]]:
    """The ways a user may write a district named ``name``: in full (屯溪区, and without the
    city's name before it: 屯溪区 for 黄山市屯溪区), and short (屯溪, the kind's word left off,
    where something is left; an autonomous county's place, alone and with 县: 石柱 and 石柱县
    for 石柱土家族自治县)."""
    full = {_bare(name)}
    head = _CITY_HEAD.match(_bare(name))
    if head:
        full.add(_bare(name)[head.end() :])
    short = set()
    for form in full:
        ending = next((word for word in _KIND_ENDINGS if form.endswith(word)), "")
        if ending and len(form) > len(ending):
            short.add(form[: -len(ending)])
        short.update(autonomous_short_names(form))
    return full, short - full


def _district_forms(names: Mapping[str, Iterable[str]]) -> dict[str, tuple[set[str], set[str]]]:
    """Each district's :func:`_name_forms`, of each of its names, by id."""
    forms: dict[str, tuple[set[str], set[str]]] = {}
    for district, its_names in names.items():
        full: set[str] = set()
        short: set[str] = set()
        for name in its_names:
            if name:
                more_full, more_short = _name_forms(name)
                full |= more_full
                short |= more_short
        forms[district] = (full, short - full)
    return forms


def _matching(text: str, forms: Mapping[str, tuple[set[str], set[str]]]) -> list[str]:
    """The districts ``text`` names: by its id, else by its full name, else by its short
    name; more than one where it names several the same way."""
    wanted = _bare(text)
    for found in (
        [d for d in forms if _bare(d) == wanted],
        [d for d, (full, _) in forms.items() if wanted in full],
        [d for d, (_, short) in forms.items() if wanted in short],
    ):
        if found:
            return found
    return []


def _listed(districts: Iterable[str], names: Mapping[str, str]) -> dict[str, str]:
    """Districts as a message lists them: by name, each with its id."""
    shown = [(names.get(d) or d, d) for d in districts]
    return {
        "expected": ", ".join(f"{name} ({d})" if name != d else d for name, d in shown),
        "expected_zh": "、".join(f"{name}（{d}）" if name != d else d for name, d in shown),
    }


def choose_districts(
    coverage: Coverage,
    wanted: Sequence[str],
    source: str,
    data_names: Mapping[str, str] | None = None,
    cities: Iterable[str] = (),
) -> Coverage:
    """The :class:`Coverage` of a run that evaluates only the districts ``wanted`` of
    ``coverage`` (``--district``): each by its id, its name as the data writes it, its
    official name, or its short name (屯溪 for 屯溪区) where that names one district alone.
    The districts chosen are present; the rest of the plan's area (the data's other
    districts, and those it lacks) absent; ``chosen`` is set. Choosing every district of
    the plan's area is no choice: ``coverage`` is returned as it is; choosing every
    district of data that lacks some of the area (a county's own register run for the
    county) is a choice like any other.

    Raises :class:`~scoplan.PlanError` naming ``source`` (``--district``, ``evaluate``) for
    a name no district of the run has (with the nearest name, or why: a district of the
    area the data lacks, one of the data's outside the area), and for a name of several.
    ``data_names``: every district of the data by id, to say which are outside the area.
    """
    from scoplan._exceptions import PlanError
    from scoplan.divisions import names as official_names

    data_names = data_names or {}
    # a plan naming no area has a coverage without names: the data's are the districts'
    coverage = attrs.evolve(coverage, names={**data_names, **coverage.names})
    present = coverage.present
    official = official_names([d for d in present if d.isdigit() and len(d) == 6])
    forms = _district_forms({d: (coverage.names.get(d, ""), official.get(d, "")) for d in present})
    chosen: set[str] = set()
    problems: list[Problem] = []
    if not [text for text in wanted if _bare(text)]:
        problems.append(Problem("no_district_chosen", source))
    for text in wanted:
        if not _bare(text):
            continue
        found = _matching(text, forms)
        if len(found) == 1:
            chosen.update(found)
        elif found:
            params = _listed(sorted(found), coverage.names)
            problems.append(Problem("ambiguous_district", source, value=text, params=params))
        else:
            hint = _chosen_hint(text, coverage, forms, data_names, cities)
            params = {**_listed(present, coverage.names), **hint}
            problems.append(Problem("unknown_chosen_district", source, value=text, params=params))
    if problems:
        raise PlanError(problems)
    if chosen == set(present) and not coverage.absent:
        return coverage
    left_out = {*(d for d in present if d not in chosen), *coverage.absent}
    kept = tuple(d for d in present if d in chosen)
    return Coverage(kept, tuple(sorted(left_out)), coverage.names, chosen=True)


def _chosen_hint(
    text: str,
    coverage: Coverage,
    forms: Mapping[str, tuple[set[str], set[str]]],
    data_names: Mapping[str, str],
    cities: Iterable[str] = (),
) -> dict[str, str]:
    """Why no district of the run is named ``text``: it is the city itself (whose whole a
    run without ``--district`` evaluates), one of the plan's area the data lacks, or one of
    the data's outside the plan's area; else the nearest name, if any."""
    if _bare(text) in {_bare(c) for c in cities if c} | {
        _bare(_city_short(c)) for c in cities if c
    }:
        return {
            "hint": " (it is the city: leave --district out to evaluate the whole city)",
            "hint_zh": "（这是市本身：不加 --district 即评估全市）",
        }
    lacking = _matching(text, _district_forms({d: coverage.named([d]) for d in coverage.absent}))
    if lacking:
        name = coverage.names.get(lacking[0], lacking[0])
        return {"hint": f" (the data lacks {name})", "hint_zh": f"（数据中没有{name}）"}
    outside = {d: [n] for d, n in data_names.items() if d not in coverage.present}
    elsewhere = _matching(text, _district_forms(outside))
    if elsewhere:
        name = data_names.get(elsewhere[0]) or elsewhere[0]
        return {
            "hint": f" (the data's {name} is outside the plan's area)",
            "hint_zh": f"（数据中的{name}不在计划范围内）",
        }
    by_form = {
        form: coverage.names.get(d) or d
        for d, (full, short) in forms.items()
        for form in (*full, *short)
    }
    # a code is near many others (341002 to 341003, 宣城市's 341802): none is offered
    near = [] if _bare(text).isdigit() else difflib.get_close_matches(_bare(text), by_form, 1, 0.5)
    if near and _gone(text):
        # a full name no unit of today bears: a slip of one character of a name of the same
        # kind (屯西区 for 屯溪区) or of its kind (弋江县 for 弋江区) is offered, a name
        # merely like it is not (芜湖县, now 湾沚区, is not 芜湖经济技术开发区)
        bare = _bare(text)
        stem = [f for f in by_form if len(f) == len(bare) and f[:-1] == bare[:-1]]
        alike = [f for f in by_form if len(f) == len(bare) and f[-1] == bare[-1]]
        near = stem[:1] or difflib.get_close_matches(bare, alike, 1, 0.6)
        if not near:
            from scoplan.divisions import YEAR

            return {
                "hint": f" (no unit of the {YEAR} codes is named {text!r}: abolished or renamed?)",
                "hint_zh": f"（{YEAR}年代码中没有{text}（撤销或更名？））",
            }
    if near:
        name = by_form[near[0]]
        return {"hint": f" (did you mean {name!r}?)", "hint_zh": f"（是否应为“{name}”？）"}
    return {"hint": "", "hint_zh": ""}


def _gone(text: str) -> bool:
    """Whether ``text`` is a full district's name (…县, …区, …市, …旗) that no county-level
    unit of the official table bears: a district abolished or renamed (芜湖县)."""
    from scoplan.divisions import scan

    name = _bare(text)
    if not name.endswith(("县", "区", "市", "旗")) or len(name) < 3:
        return False
    found = scan().filter((pl.col("name") == name) & (pl.col("level") == "county"))
    return bool(found.select(pl.len()).collect().item() == 0)


def district_problems(document: Mapping[str, Any], data: Dataset, source: str) -> list[Problem]:
    """A problem for each district a plan's plain tables name (in a group, whatever else it
    holds: its ``district_kinds`` add districts, they excuse none it lists; in a
    milestone's scope) that the data lacks, or that the data has and
    the plan's area leaves out (another city's: its milestones would measure nothing), and
    for an area that holds none of the data's districts. In the order of the tables; each
    names its path.

    A district the data lacks that is an official county-level unit of a city the data's
    districts belong to is no mistake: the data covers part of the city (a district
    bureau's register), and the engine says so once (:func:`coverage_warning`)."""
    problems: list[Problem] = []
    known = set(data.district_ids())
    names = data.names("districts", data.district_ids())
    area = document.get("area")
    area = {} if area is None else area
    inside = _area_districts(area, data)
    problem = _area_problem(area, inside, data, source) or _city_absent(area, inside, data, source)
    if problem is not None:
        problems.append(problem)
    # an area that holds none, or cannot be told, leaves every district of the plan unjudged
    held = set(inside) if inside and isinstance(area, Mapping) else None
    named_area = isinstance(area, Mapping) and any(
        area.get(field) for field in ("code_prefix", "city", "districts")
    )
    # a plan that names no area is about the data's districts: the data lacks none of it
    within = _area_within(area) if named_area else None
    lacking = (
        set(district_coverage(data, inside, within).absent) if inside and named_area else set()
    )

    def named(district: str, column: str) -> None:
        if district in lacking:
            return  # a district of the city the data does not cover: partial data
        if district not in known:
            unit = _unit_of(district, data, names)
            if unit is not None:
                problems.append(
                    Problem("not_a_district", source, column=column, value=district, params=unit)
                )
                return
            hint = _district_hint(district, names)
            problems.append(
                Problem("unknown_district", source, column=column, value=district, params=hint)
            )
        elif held is not None and district not in held:
            params = _outside(district, area, names, data)
            problems.append(
                Problem("outside_plan_area", source, column=column, value=district, params=params)
            )

    groups = document.get("groups")
    for name, group in groups.items() if isinstance(groups, Mapping) else ():
        if not isinstance(group, Mapping):
            continue
        for district in _texts(group.get("districts", ())) or ():
            named(district, group_path(name, "districts"))
    milestones = document.get("milestones")
    for index, milestone in enumerate(milestones if isinstance(milestones, list | tuple) else ()):
        scope = milestone.get("scope") if isinstance(milestone, Mapping) else None
        if not isinstance(scope, Mapping):
            continue
        for district in _texts(scope.get("districts", ())) or ():
            named(district, f"$.milestones[{index}].scope.districts")
    return problems


def official_city(name: str) -> str | None:
    """The official code of the one city a plan's ``[area] city`` names in the official
    table, by its name or its short name (内江市, 内江; 重庆市, a municipality, is ``50``);
    None where it names none, or several."""
    from scoplan.divisions import FILE, MUNICIPALITIES

    bare = _bare(name)
    if not bare:
        return None
    short = _city_short(bare)
    wanted = {bare, *(short + ending for ending in ("市", "地区", "盟"))}
    found = (
        pl.scan_parquet(FILE)
        .filter(pl.col("name").is_in(sorted(wanted)) & (pl.col("code").str.len_chars() <= 4))
        .select("code", "name")
        .collect()
    )
    codes = {
        code
        for code, its_name in found.iter_rows()
        if its_name not in _NO_CITY and (len(code) == 4 or code in MUNICIPALITIES)
    }
    return next(iter(codes)) if len(codes) == 1 else None


LISTED_IN_AREA = 5
"""How many districts a contradiction of the area names before it counts the rest."""


def _listed_in_area(codes: Sequence[str]) -> dict[str, str]:
    """Some districts' codes and their official cities, as a message lists them in each
    language (``districts``, ``cities``; ``…_zh``): the first few codes, and how many."""
    from scoplan.divisions import names

    cities = sorted({city_of_code(code) for code in codes})
    called = [names(cities).get(city, city) for city in cities]
    more = len(codes) > LISTED_IN_AREA
    return {
        "districts": ", ".join(codes[:LISTED_IN_AREA])
        + (f" ({len(codes)} in all)" if more else ""),
        "districts_zh": "、".join(codes[:LISTED_IN_AREA]) + (f"等{len(codes)}个" if more else ""),
        "cities": ", ".join(called),
        "cities_zh": "、".join(called),
    }


def area_contradictions(area: Any, source: str) -> list[Problem]:
    """The problems of a plan's ``[area]`` whose fields name different places (each read
    with the official 2023 table, needing no data): ``districts`` not under its
    ``code_prefix`` (``area_prefix_districts``); a ``city`` whose official code is not
    the ``code_prefix``'s city (``area_city_prefix``); a ``city`` whose official code is
    not the city of the official ``districts`` it lists (``area_city_districts``).

    The fields of an area add up (a district is in it when any field takes it), so that
    a ``city`` picks the rows the data files under that city whose ids are no official
    codes (a development zone's): fields that agree are the plan's way of saying so.
    Fields that name two places make an area neither means (成都's districts taken with
    内江市, the whole of 成都 said to be lacking): the plan says one or the other, and
    which cannot be guessed."""
    if not isinstance(area, Mapping):
        return []
    prefix = _text(area.get("code_prefix", "")) or ""
    city = _text(area.get("city", "")) or ""
    listed = _texts(area.get("districts", ())) or ()
    digits = district_prefix(prefix) if prefix else ""
    digits = digits if digits.isdigit() else ""
    problems: list[Problem] = []
    if digits and listed:
        outside = [d for d in listed if d.isdigit() and len(d) >= 6 and not d.startswith(digits)]
        if outside:
            said = {"prefix_name": area_name(prefix, "", ()), **_listed_in_area(outside)}
            column = "$.area.districts"
            problems.append(
                Problem("area_prefix_districts", source, column=column, value=prefix, params=said)
            )
    code = official_city(city) if city and (digits or listed) else None
    if code is None:
        return problems
    if digits and not (digits.startswith(code) or code.startswith(digits)):
        said = {"code": code, "prefix": prefix, "prefix_name": area_name(prefix, "", ())}
        problems.append(
            Problem("area_city_prefix", source, column="$.area.city", value=city, params=said)
        )
    elsewhere = [d for d in sorted(_official_names(listed)) if not d.startswith(code)]
    if elsewhere:
        said = {"code": code, **_listed_in_area(elsewhere)}
        problems.append(
            Problem("area_city_districts", source, column="$.area.city", value=city, params=said)
        )
    return problems


def _city_absent(
    area: Any, inside: tuple[str, ...] | None, data: Dataset, source: str
) -> Problem | None:
    """A problem when the plan's ``city`` is neither a city of the data's 市 column nor an
    official city, while its ``code_prefix`` or ``districts`` pick districts of the data
    that the data files under a city: a slip (成部市), which takes in nothing and keeps the
    area from being those districts alone. A ``city`` that is an official one is the
    plan's to say (:func:`area_contradictions` says where it is another place than the
    other fields): the data's 市 may write it otherwise."""
    if not inside or not isinstance(area, Mapping):
        return None
    city = _text(area.get("city", "")) or ""
    if not city or not (area.get("code_prefix") or area.get("districts")):
        return None
    frame = data.frame("districts")
    rows = frame.filter(pl.col("id").is_in(list(inside))).get_column("city").to_list()
    theirs = sorted({c for c in rows if c})
    every = frame.get_column("city").to_list()
    if not theirs or cities_named(city, every) or official_city(city) is not None:
        return None
    picking = [f for f in ("code_prefix", "districts") if area.get(f)]
    write = f'; write city = "{theirs[0]}"' if len(theirs) == 1 else ""
    write_zh = f'；应写作 city = "{theirs[0]}"' if len(theirs) == 1 else ""
    said = {
        "picked": " and ".join(picking),
        "picked_zh": " 和 ".join(picking),
        "cities": ", ".join(theirs),
        "cities_zh": "、".join(theirs),
        "hint": write,
        "hint_zh": write_zh,
    }
    return Problem("area_city_absent", source, column="$.area.city", value=city, params=said)
