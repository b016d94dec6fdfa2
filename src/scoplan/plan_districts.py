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
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from scoplan._exceptions import Problem
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


def in_area(
    code_prefix: str, city: str, districts: Sequence[str], data: Dataset
) -> tuple[str, ...]:
    """The district ids of the data inside an area, sorted: those whose id starts with
    ``code_prefix``, whose ``city`` is ``city``, or listed in ``districts``; with none of
    these, every district of the data."""
    if not (code_prefix or city or districts):
        return data.district_ids()
    listed = set(districts)
    keep = [
        district_id
        for district_id, its_city in data.frame("districts").select("id", "city").iter_rows()
        if (code_prefix and district_id.startswith(code_prefix))
        or (city and its_city == city)
        or district_id in listed
    ]
    return tuple(sorted(keep))


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


def _area_problem(
    area: Any, inside: tuple[str, ...] | None, data: Dataset, source: str
) -> Problem | None:
    """``empty_area`` when the plan's area holds no district of the data."""
    if inside is None or inside:
        return None
    name = _text(area.get("name", "")) or ""
    city = _text(area.get("city", "")) or ""
    return Problem("empty_area", source, value=name, params=_what_the_data_has(city, data))


def _area_named(area: Mapping[str, Any]) -> str:
    """The plan's area as a message names it: its name, its city, or its code prefix."""
    for field in ("name", "city", "code_prefix"):
        text = _text(area.get(field, ""))
        if text:
            return text
    return ""


def _city_of(district: str, data: Dataset) -> str:
    """The city a district belongs to: its ``city`` in the data, else the official city of
    its code (``341802`` is 宣城市's); empty when neither says."""
    frame = data.frame("districts")
    found = frame.filter(frame.get_column("id") == district).get_column("city").to_list()
    if found and found[0]:
        return str(found[0])
    if not (district.isdigit() and len(district) == 6):
        return ""
    from scoplan.divisions import names

    official = names([district[:2], district[:4]])
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
    return {"hint": "", "hint_zh": ""}


def district_problems(document: Mapping[str, Any], data: Dataset, source: str) -> list[Problem]:
    """A problem for each district a plan's plain tables name (in a group that lists no
    district kinds, in a milestone's scope) that the data lacks, or that the data has and
    the plan's area leaves out (another city's: its milestones would measure nothing), and
    for an area that holds none of the data's districts. In the order of the tables; each
    names its path."""
    problems: list[Problem] = []
    known = set(data.district_ids())
    names = data.names("districts", data.district_ids())
    area = document.get("area")
    area = {} if area is None else area
    inside = _area_districts(area, data)
    problem = _area_problem(area, inside, data, source)
    if problem is not None:
        problems.append(problem)
    # an area that holds none, or cannot be told, leaves every district of the plan unjudged
    held = set(inside) if inside and isinstance(area, Mapping) else None

    def named(district: str, column: str) -> None:
        if district not in known:
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
        if not isinstance(group, Mapping) or group.get("district_kinds"):
            continue  # a group of district kinds may list districts some data lacks
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
