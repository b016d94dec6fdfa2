"""China's official statistical division codes (NBS 2023), shipped with scoplan.

``data/divisions-2023.parquet`` holds every statistical division of mainland China as the
National Bureau of Statistics published it (《2023年统计用区划代码和城乡划分代码》, as of
2023-06-30): 31 provinces, 342 cities, 2,978 county-level units, 41,352 township-level units
and 620,573 village-level units, each with its code and name, and for a village-level unit
its urban/rural reading (``urban`` for a 居民委员会, ``rural`` for a 村民委员会, empty for the
few that are neither, such as a state farm's 生活区). ``scripts/build_divisions.py`` makes it
from ``shared/data/divisions/divisions-2023.csv.gz``. A unit's level is the length of its
code (2, 4, 6, 9, 12 digits) and its parent the code's prefix.

What this module gives:

- :func:`find` resolves a code (``3410``, ``341000``, ``341002``) or a name (``黄山市``,
  ``屯溪区``) to a :class:`Division`;
- :func:`hierarchy` gives the units under it as the ``districts``, ``townships`` and
  ``communities`` tables of DATA.md, kinds read from the names (:func:`district_kind`,
  :func:`township_kind`) and from the urban/rural reading;
- :func:`official_warnings` compares a register's units with the official table: a code
  that is not an official one, a name or an urban/rural kind that differs. Warnings, never
  errors: the bureau's register is authoritative, and codes change. Only the cities the
  register's own codes name are read (a few row groups of the file), never all of it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs
import polars as pl

from scoplan._exceptions import WARNING, DataError, Problem
from scoplan.schema import COMMUNITY_KINDS, TOWNSHIP_KINDS

YEAR = 2023
FILE = Path(__file__).parent / "data" / f"divisions-{YEAR}.parquet"
LEVELS = ("province", "city", "county", "township", "community")
DIGITS = {"province": 2, "city": 4, "county": 6, "township": 9, "community": 12}
TABLE_LEVELS = {"districts": "county", "townships": "township", "communities": "community"}
"""The official level each hierarchy table of DATA.md holds."""
MAX_MATCHES = 10
"""How many units a name that names several is told with."""
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
"""The provinces that are cities (直辖市: 北京, 天津, 上海, 重庆): their county-level units
sit under units of the city level that say no place, 市辖区 (``1101``, ``5001``) and 县
(``5002``); the city is the province itself."""
MUNICIPAL_PARTS = ("01", "02")
"""The last two digits of a municipality's city-level units (市辖区, 县): ``5001``, ``5002``."""


def city_of_code(code: str) -> str:
    """The code of the city a unit's code (of 4 digits or more) is of: its first four
    digits (``3410`` for ``341002``), or for a municipality's unit the province's two
    (``50`` for ``500229`` and ``5001``: 重庆市, not its 市辖区 or 县)."""
    if code[:2] in MUNICIPALITIES and code[2:4] in MUNICIPAL_PARTS:
        return code[:2]
    return code[:4]


def own_codes(city: str) -> tuple[str, ...]:
    """A city's own codes of six digits, by its code (:func:`city_of_code`): ``341000`` for
    黄山市 (``3410``); for a municipality (``50``) its own, ``500000``, and those of its
    市辖区 and 县 (``500100``, ``500200``)."""
    if len(city) == 2:
        return (f"{city}0000", *(f"{city}{part}00" for part in MUNICIPAL_PARTS))
    return (f"{city}00",)


@attrs.frozen
class Division:
    """An official statistical division: its code, name, level and, for a village-level
    unit, its urban/rural reading (``urban``, ``rural`` or None)."""

    code: str
    name: str
    level: str
    kind: str | None = None

    @property
    def parent(self) -> str | None:
        """The code of the unit it belongs to, or None for a province."""
        position = LEVELS.index(self.level)
        return self.code[: DIGITS[LEVELS[position - 1]]] if position else None


def scan() -> pl.LazyFrame:
    """The whole official table, lazily: ``code``, ``name``, ``kind``, ``level``, ``parent``."""
    levels = {digits: level for level, digits in DIGITS.items()}
    parents = {12: 9, 9: 6, 6: 4, 4: 2, 2: 0}
    length = pl.col("code").str.len_chars()
    return pl.scan_parquet(FILE).with_columns(
        length.replace_strict(levels, return_dtype=pl.String).alias("level"),
        pl.col("code")
        .str.slice(0, length.replace_strict(parents, return_dtype=pl.Int64))
        .alias("parent"),
    )


def _prefixed(prefixes: Iterable[str]) -> pl.Expr:
    """Codes that start with one of ``prefixes``. Within the range from the first prefix to
    the last, which Parquet's statistics answer without reading the row groups outside it;
    inside that, one look-up per length of prefix (hundreds of prefixes, as a national
    register has, each its own range, took 0.7 s; this takes 0.15 s)."""
    ordered = sorted(set(prefixes))
    if not ordered:
        return pl.lit(False)
    code = pl.col("code")
    lengths: dict[int, list[str]] = {}
    for prefix in ordered:
        lengths.setdefault(len(prefix), []).append(prefix)
    last = max(ordered, key=lambda prefix: prefix[:-1] + chr(ord(prefix[-1]) + 1))
    within = (code >= ordered[0]) & (code < last[:-1] + chr(ord(last[-1]) + 1))
    starts = [code.str.slice(0, n).is_in(group) for n, group in lengths.items()]
    return within & pl.any_horizontal(starts)


@functools.lru_cache(maxsize=32)
def _under(prefixes: tuple[str, ...]) -> pl.DataFrame:
    return scan().filter(_prefixed(prefixes)).collect()


def under(prefixes: Iterable[str]) -> pl.DataFrame:
    """Every official unit whose code starts with one of ``prefixes`` (``3410``), the units
    named by the prefixes themselves included, sorted by code."""
    return _under(tuple(sorted(set(prefixes))))


def _problem(code: str, value: str, **params: Any) -> DataError:
    return DataError([Problem(code, "divisions", value=value, params=params)])


def _normal_code(text: str) -> str:
    """A code as the table writes it: ``341000`` is the city ``3410``, and a code padded
    with zeros to 12 digits (``341002000000``, as some lists write every level) is the unit
    it pads: no official code ends in a level's worth of zeros."""
    code = text
    for digits in (9, 6, 4, 2):
        if len(code) > digits and set(code[digits:]) == {"0"}:
            code = code[:digits]
    return code


def find(query: str) -> Division:
    """The official unit a code or a name names; a :class:`~scoplan.DataError` saying why
    not (no such code or name; a name several units bear, each told with its code)."""
    text = unicodedata.normalize("NFKC", query).strip()
    if not text:
        raise _problem("no_division", query)
    if text.isdigit():
        if len(text) not in (2, 4, 6, 9, 12):
            raise _problem("no_division", text)
        code = _normal_code(text)
        found = under([code]).filter(pl.col("code") == code)
    else:
        found = scan().filter(pl.col("name") == text).collect()
    if found.is_empty():
        raise _problem("no_division", text)
    if found.height > 1:
        found = _one_unit(found)
    if found.height > 1:
        named = found.head(MAX_MATCHES)
        places = [
            (code, _place(code, name)) for code, name in named.select("code", "name").iter_rows()
        ]
        raise _problem(
            "ambiguous_division",
            text,
            units="; ".join(f"{code} {place}" for code, place in places),
            units_zh="；".join(f"{code} {place}" for code, place in places),
            count=found.height,
        )
    row = found.row(0, named=True)
    return Division(row["code"], row["name"], row["level"], row["kind"])


def _one_unit(found: pl.DataFrame) -> pl.DataFrame:
    """Of two units of one name, the city alone where the other is its county-level unit
    of the same name (东莞市 4419 and 441900, a city without counties): one place."""
    if found.height != 2:
        return found
    (first, first_parent), (second, second_parent) = found.select("code", "parent").iter_rows()
    if second_parent == first:
        return found.head(1)
    if first_parent == second:
        return found.tail(1)
    return found


_NO_PLACE = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
"""Names the official table gives a level that says no place (a municipality's city level)."""


def _place(code: str, name: str) -> str:
    """A unit's name after those of the units above it (``220104`` 吉林省长春市朝阳区), the
    levels that name no place left out, and a name said twice once."""
    above = names(code[:digits] for digits in (2, 4, 6, 9) if digits < len(code))
    words: list[str] = []
    for word in [above.get(code[:digits], "") for digits in (2, 4, 6, 9)] + [name]:
        if word and word not in _NO_PLACE and (not words or words[-1] != word):
            words.append(word)
    return "".join(words)


def names(codes: Iterable[str | None]) -> dict[str, str]:
    """The official names of some codes (any level), by code."""
    wanted = sorted({code for code in codes if code})
    if not wanted:
        return {}
    found = under({code[:2] for code in wanted}).filter(pl.col("code").is_in(wanted))
    return dict(found.select("code", "name").iter_rows())


def provinces() -> pl.DataFrame:
    """The 31 provinces: ``code``, ``name``."""
    return scan().filter(pl.col("level") == "province").select("code", "name").collect()


def district_kind(name: str) -> str | None:
    """A county-level unit's kind of DATA.md, read from its name: a development zone
    (…开发区, …园区) is ``zone``, a …区 ``district``, a …县, …旗 or county-level …市
    ``county``; None when the name says none of these."""
    if "开发区" in name or name.endswith(("园区", "高新区", "新区管理委员会")):
        return "zone"
    if name.endswith("区"):
        return "district"
    if name.endswith(("县", "旗", "市")):
        return "county"
    return None


_PEOPLES_NAMED = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克"
    " 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔"
    " 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯"
    " 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
)
_PEOPLES = tuple(_PEOPLES_NAMED.split())
"""China's 55 minority peoples, as an autonomous county's name writes them (土家 of 土家族)."""
_PEOPLE = "|".join(
    # a one-character people always with 族 (水族, 回族); a longer one may go without (哈萨克)
    f"{people}族" if len(people) == 1 else f"{people}族?"
    for people in sorted(_PEOPLES, key=len, reverse=True)
)
_AUTONOMOUS = re.compile(rf"^(?P<stem>.+?)(?:(?:{_PEOPLE})|各族)+自治(?P<kind>县|旗)$")
"""An autonomous county's or banner's name: its place (石柱), its peoples (土家族, 各族)."""
_ONE_PEOPLE = re.compile(rf"^(?P<people>{'|'.join(_PEOPLES)})族?自治(?P<kind>县|旗)$")
"""An autonomous county or banner named by its people alone (东乡族自治县, 鄂伦春自治旗)."""


def autonomous_short_names(name: str) -> tuple[str, ...]:
    """How an autonomous county or banner is written short: its place alone, and with 县
    or 旗 (石柱 and 石柱县 for 石柱土家族自治县, 莫力达瓦旗 for 莫力达瓦达斡尔族自治旗);
    one named by its people alone, with 县 or 旗 only (东乡县 for 东乡族自治县: 东乡 is
    also a district's short name); none for another name."""
    name = _SPACES.sub("", unicodedata.normalize("NFKC", name))
    alone = _ONE_PEOPLE.match(name)
    if alone is not None:
        return (alone["people"] + alone["kind"],)
    found = _AUTONOMOUS.match(name)
    if found is None:
        return ()
    return (found["stem"], found["stem"] + found["kind"])


def township_kind(name: str) -> str:
    """A township-level unit's kind of DATA.md, read from its name: …街道 ``street``, …镇
    ``town``, …乡 (…苏木) ``township``, a development zone or park ``zone``, a scenic area
    ``scenic``, anything else (…直辖村级区划, a farm, a management area) ``other``."""
    if name.endswith(("街道", "街道办事处")):
        return "street"
    if name.endswith("镇"):
        return "town"
    if name.endswith(("乡", "苏木")):
        return "township"
    if any(word in name for word in ("开发区", "园区", "高新区", "工业区")):
        return "zone"
    if any(word in name for word in ("风景区", "景区", "风景名胜区")):
        return "scenic"
    return "other"


def _city_name(city: str, province: str) -> str:
    # a municipality's districts sit under 市辖区 (1101) or 县 (5002): the city is the province
    placeholders = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
    return province if city in placeholders else city


def hierarchy(area: str | Division) -> dict[str, pl.DataFrame]:
    """The official units of ``area`` (a code, a name or a :class:`Division`) as the
    ``districts``, ``townships`` and ``communities`` tables of DATA.md.

    A province or a city gives all its county-level units and everything under them; a
    county-level unit itself and everything under it; a township-level unit its district,
    itself and its communities; a village-level unit its district, township and itself.
    Kinds are read from the names (:func:`district_kind`, :func:`township_kind`) and from the
    official urban/rural reading; a kind the official table does not tell (练江牧场生活区) is
    null, for the bureau to decide. ``districts.city`` is the city's name.
    """
    division = area if isinstance(area, Division) else find(area)
    code = division.code
    units = under([code[:4] if len(code) > 4 else code])
    if len(code) > 6:
        # the units above a township or community are part of its hierarchy
        inside = (pl.col("code") == code[:6]) | pl.col("code").str.starts_with(code)
        if len(code) == 12:
            inside = inside | (pl.col("code") == code[:9])
        keep = units.filter(inside | (pl.col("code").str.len_chars() <= 4))
    else:
        keep = units.filter(
            pl.col("code").str.starts_with(code) | (pl.col("code").str.len_chars() <= 4)
        )
    top = names([code[:2], *keep.filter(pl.col("level") == "city").get_column("code")])
    province = top.get(code[:2], "")
    cities = {c: _city_name(n, province) for c, n in top.items() if len(c) == 4}
    if len(code) == 2:
        cities = {
            c: _city_name(n, province)
            for c, n in under([code])
            .filter(pl.col("level") == "city")
            .select("code", "name")
            .rows()
        }
    counties = keep.filter(pl.col("level") == "county")
    districts = counties.select(
        pl.col("code").alias("id"),
        "name",
        pl.col("name")
        .map_elements(district_kind, return_dtype=pl.String, skip_nulls=True)
        .alias("kind"),
        pl.col("parent").replace_strict(cities, default=None, return_dtype=pl.String).alias("city"),
    )
    townships = keep.filter(pl.col("level") == "township").select(
        pl.col("code").alias("id"),
        pl.col("parent").alias("district_id"),
        "name",
        pl.col("name")
        .map_elements(township_kind, return_dtype=pl.String, skip_nulls=True)
        .alias("kind"),
    )
    communities = keep.filter(pl.col("level") == "community").select(
        pl.col("code").alias("id"),
        pl.col("parent").alias("township_id"),
        "name",
        pl.col("kind"),
    )
    return {"districts": districts, "townships": townships, "communities": communities}


# -- the register against the official table ------------------------------------------------

CITY_CODE = r"^\d{4}00$"
"""A city's own code in six digits (``341000`` for 黄山市, ``3410``): no county's code ends
in ``00``."""
OFFICIAL_SHAPE = {"districts": r"^\d{6}$", "townships": r"^\d{9}$", "communities": r"^\d{12}$"}
_COMMITTEE = re.compile(r"(?:居民委员会|村民委员会|居委会|村委会|委员会)$")
_SPACES = re.compile(r"[\s\u3000]+")


def same_name(register: str, official: str) -> bool:
    """Whether a register's name is the official one, written as registers write it: spaces
    and full-width forms aside, and with or without the committee's word (荷花池社区 for
    荷花池社区居委会, 问政村 for 问政村村委会)."""

    return register == official or core_of(register) == core_of(official)


def core_of(name: str) -> str:
    """A name as :func:`same_name` compares it: 荷花池社区 for 荷花池社区居委会."""
    name = _SPACES.sub("", unicodedata.normalize("NFKC", name))
    return _COMMITTEE.sub("", name) or name


_PYTHON_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""What Python's ``\\s`` matches in text (``str.isspace``), as a character class."""


def core_name(name: pl.Expr) -> pl.Expr:
    """:func:`same_name`'s reading of a name, for a whole column at once: 荷花池社区 for
    荷花池社区居委会."""
    bare = name.str.normalize("NFKC").str.replace_all(f"[{_PYTHON_SPACES}]+", "")
    cut = bare.str.replace(_COMMITTEE.pattern, "")
    return pl.when(cut == "").then(bare).otherwise(cut)


def _name_differs(pairs: pl.DataFrame) -> pl.Series:
    """For each row, whether ``name`` is not ``official_name`` as :func:`same_name` reads
    them: one vectorised pass (94,000 names nationally, 0.4 s one at a time)."""
    same = (pl.col("name") == pl.col("official_name")) | (
        core_name(pl.col("name")) == core_name(pl.col("official_name"))
    )
    return pairs.select((~same).alias("differs")).to_series()


def official_warnings(
    raws: Mapping[str, Any],
    frames: Mapping[str, pl.DataFrame],
    *,
    own_numbering: list[Problem] | None = None,
    covered: dict[str, set[int]] | None = None,
    whole: bool = False,
) -> list[Problem]:
    """Warnings where a unit of the register differs from the official table: its code
    (6, 9 or 12 digits) is no official code, its name is not the official name, or (a
    community) its urban/rural kind is not the official reading. ``frames`` are the typed
    hierarchy tables, still holding each row's number; ``raws`` the tables as read.
    ``covered``, if given, gets the rows of each table warned of as no official code: no
    other check need say what the table says of their codes (:func:`_not_official`).
    With ``whole`` (a whole register, not a part of one), the official units the register
    lacks too: those of its districts and townships (:func:`_missing`).

    A table most of whose code-shaped ids are not official codes, or name other units,
    numbers its units its own way: it is not compared unit by unit. Ids of another shape are
    never compared.
    """
    from scoplan.loaders.contract import ROW

    shaped: dict[str, pl.DataFrame] = {}
    for table, pattern in OFFICIAL_SHAPE.items():
        frame = frames.get(table)
        if frame is None or table not in raws or "id" not in frame.columns:
            continue
        rows = frame.filter(pl.col("id").str.contains(pattern))
        if table == "districts":
            # a city's own code (341000) filed as a district: warned of as the city itself
            rows = rows.filter(~pl.col("id").str.contains(CITY_CODE))
        if not rows.is_empty():
            shaped[table] = rows
    if not shaped:
        return []
    prefixes = set()
    for rows in shaped.values():
        prefixes |= set(rows.get_column("id").str.slice(0, 4).unique().to_list())
    official = under(prefixes).select(
        pl.col("code").alias("id"),
        pl.col("name").alias("official_name"),
        pl.col("kind").alias("official_kind"),
    )
    problems: list[Problem] = []
    compared: dict[str, pl.DataFrame] = {}
    matched: set[str] = set()
    for table, rows in shaped.items():
        raw = raws[table]
        joined = rows.join(official, on="id", how="left")
        unknown = joined.get_column("official_name").is_null()
        differs = pl.Series([False] * joined.height, dtype=pl.Boolean)
        if "name" in joined.columns:
            # names written exactly as the table's need no closer look (most, in a register
            # on the official codes): only the others are compared as registers write them
            known = joined.filter(
                ~unknown
                & pl.col("name").is_not_null()
                & (pl.col("name") != pl.col("official_name"))
            )
            if not known.is_empty():
                flagged = set(known.filter(_name_differs(known)).get_column("id").to_list())
                differs = joined.get_column("id").is_in(list(flagged))
        others = int((unknown | differs).sum())
        if others * 2 > joined.height:
            # the register's own numbering, in the codes' shape
            if own_numbering is not None:
                own_numbering.append(
                    Problem(
                        "own_numbering",
                        raw.source,
                        table=table,
                        column="id",
                        params={"count": joined.height, "other": others, "year": YEAR},
                        severity=WARNING,
                    )
                )
            continue
        compared[table] = joined
        warn = functools.partial(_warning, problems, raw, table)
        strange = joined.filter(unknown)
        if covered is not None:
            covered[table] = set(strange.get_column(ROW).to_list())
        problems += _not_official(raw, table, strange, official, frames, matched)
        if "name" in joined.columns:  # a table without one is an error of its own
            for row, unit, name, right in (
                joined.filter(differs).select(ROW, "id", "name", "official_name").iter_rows()
            ):
                warn("official_name", row, "name", name, id=unit, official=right)
        if table == "communities" and "kind" in joined.columns:
            wrong = joined.filter(
                pl.col("official_kind").is_not_null()
                & pl.col("kind").is_not_null()
                & (pl.col("kind") != pl.col("official_kind"))
            )
            for row, unit, kind, right in wrong.select(
                ROW, "id", "kind", "official_kind"
            ).iter_rows():
                warn(
                    "official_kind",
                    row,
                    "kind",
                    kind,
                    id=unit,
                    official=right,
                    value_zh=COMMUNITY_KINDS[kind][0] if kind in COMMUNITY_KINDS else kind,
                    official_zh=COMMUNITY_KINDS[right][0],
                )
    if whole:
        problems += _missing(raws, frames, compared, official, matched)
    return problems


COMMITTEES = ("0", "1", "2", "3")
"""The first of a village-level code's own three digits for a 居民委员会 (001–199) or a
村民委员会 (200–399), by the NBS's rule for the codes. 400–599 are 类似居民委员会 and
类似村民委员会 (a zone's 虚拟社区, a state farm's 生活区, a 连队): not the 居委会 and 村委会
the communities table holds (DATA.md), and a register need not hold them."""
MISSING_SHOWN = 5
"""How many of the official units a register lacks a warning names, with their codes."""


def _missing(
    raws: Mapping[str, Any],
    frames: Mapping[str, pl.DataFrame],
    compared: Mapping[str, pl.DataFrame],
    official: pl.DataFrame,
    matched: Iterable[str],
) -> list[Problem]:
    """The warnings of the official units the register lacks, one for each table and
    district: every township-level unit of a district the register holds (a zone, a scenic
    area and the others of DATA.md's kinds too), and every 居委会 and 村委会
    (:data:`COMMITTEES`) of a township it holds, that its table does not hold. A district
    or a township counts where its table is compared with the official table
    (``compared``: not numbered the register's own way) and its code is an official one;
    a unit the register holds under another code, found by its name (``matched``: warned
    of as renumbered or moved), is not lacking. Without the units, the averages and
    coverages of their district are of the units the register holds."""
    problems: list[Problem] = []
    for above, table in (("districts", "townships"), ("townships", "communities")):
        if above not in compared or table not in compared:
            continue
        parents = (
            compared[above]
            .filter(pl.col("official_name").is_not_null())
            .get_column("id")
            .unique()
            .to_list()
        )
        digits = DIGITS[TABLE_LEVELS[above]]
        wanted = official.filter(
            (pl.col("id").str.len_chars() == DIGITS[TABLE_LEVELS[table]])
            & pl.col("id").str.slice(0, digits).is_in(parents)
        )
        if table == "communities":
            wanted = wanted.filter(pl.col("id").str.slice(9, 1).is_in(COMMITTEES))
        held = [*frames[table].get_column("id").drop_nulls().to_list(), *matched]
        lacking = wanted.filter(~pl.col("id").is_in(held))
        if lacking.is_empty():
            continue
        # a district as the register names it, else as the official table does
        districts = lacking.get_column("id").str.slice(0, 6).unique().to_list()
        district_names = dict(
            official.filter(pl.col("id").is_in(districts)).select("id", "official_name").rows()
        )
        district_names |= _names_of(frames.get("districts"))
        totals = dict(
            wanted.group_by(pl.col("id").str.slice(0, 6).alias("district")).len().iter_rows()
        )
        for (district,), units in lacking.group_by(
            pl.col("id").str.slice(0, 6).alias("district"), maintain_order=True
        ):
            shown = units.sort("id").head(MISSING_SHOWN).select("official_name", "id").rows()
            more = units.height - len(shown)
            params: dict[str, Any] = {
                "year": YEAR,
                "district": district_names.get(str(district), str(district)),
                "total": totals[district],
                "count": units.height,
                "units": "; ".join(f"{name} ({code})" for name, code in shown)
                + (f"; and {more} more" if more else ""),
                "units_zh": "、".join(f"{name}（{code}）" for name, code in shown)
                + ("等" if more else ""),
            }
            if table == "communities":
                params["townships"] = sum(1 for p in parents if p.startswith(str(district)))
            problems.append(
                Problem(
                    f"official_missing_{table}",
                    raws[table].source,
                    table=table,
                    column="id",
                    value=str(district),
                    params=params,
                    severity=WARNING,
                )
            )
    return problems


ABOVE = {"townships": ("district_id", "districts"), "communities": ("township_id", "townships")}
"""Each lower hierarchy table's column naming its unit above, and that unit's table."""
UNIT_WORDS = {
    "districts": ("district", "区县"),
    "townships": ("township", "乡镇（街道）"),
    "communities": ("community", "社区"),
}
"""A unit of each hierarchy table as a message says it, in English and in Chinese."""
GATHERED = 5
"""How many rows of one district warned of alike are each said on a line of their own: more
are said in one line (a re-division leaves a hundred codes of one old district)."""


def _cores(frame: pl.DataFrame, column: str) -> dict[str, str]:
    """The ids of ``frame`` with the :func:`core_name` of their ``column``."""
    if frame.is_empty() or column not in frame.columns:
        return {}
    cored = frame.select("id", core_name(pl.col(column)).alias("core"))
    return {unit: core for unit, core in cored.iter_rows() if unit and core}


def _names_of(frame: pl.DataFrame | None) -> dict[str, str]:
    """A register table's names, by id."""
    if frame is None or "name" not in frame.columns or "id" not in frame.columns:
        return {}
    return {unit: name for unit, name in frame.select("id", "name").iter_rows() if unit and name}


@attrs.frozen
class _Official:
    """The official units of the register's cities (``id``, ``official_name``), each level
    by the :func:`core_name` of its units' names, to find a unit the register files under
    an old code by its name."""

    names: Mapping[str, str]
    by_core: Mapping[str, Mapping[str, tuple[str, ...]]]

    @classmethod
    def of(cls, official: pl.DataFrame, wanted: Iterable[str]) -> _Official:
        """Those of ``official`` named one of ``wanted`` (core names), with the names of the
        units above them: a country's table is 665,000 units, a re-division's few."""
        cores = sorted(set(wanted))
        # a name's core begins as the name does: the few names of the same first characters
        # are read closer (0.01 s, where reading every name of a country takes 1 s)
        heads = sorted({core[:2] for core in cores})
        cored = (
            official.filter(pl.col("official_name").str.slice(0, 2).is_in(heads))
            .select("id", core_name(pl.col("official_name")).alias("core"))
            .filter(pl.col("core").is_in(cores))
        )
        by_core: dict[str, dict[str, list[str]]] = {}
        above: set[str] = set()
        for unit, core in cored.iter_rows():
            level = {6: "districts", 9: "townships", 12: "communities"}.get(len(unit))
            if level is not None:
                by_core.setdefault(level, {}).setdefault(core, []).append(unit)
                above |= {unit[:6], unit[:9]}
        names = official.filter(pl.col("id").is_in(sorted(above))).select("id", "official_name")
        return cls(
            dict(names.iter_rows()),
            {level: {core: tuple(u) for core, u in c.items()} for level, c in by_core.items()},
        )

    def named(
        self, table: str, core: str, above: str | None = None, taken: Iterable[str] = ()
    ) -> str | None:
        """The one official unit of ``table``'s level named ``core`` (not one of ``taken``,
        the register's own codes): where several are, the one whose unit above is named
        ``above`` (a core name); None where none is, or several still."""
        own = set(taken)
        found = [u for u in self.by_core.get(table, {}).get(core, ()) if u not in own]
        if len(found) > 1 and above:
            digits = {"townships": 6, "communities": 9}.get(table, 0)
            found = [u for u in found if core_of(self.names.get(u[:digits], "")) == above]
        return found[0] if len(found) == 1 else None


def _not_official(
    raw: Any,
    table: str,
    strange: pl.DataFrame,
    official: pl.DataFrame,
    frames: Mapping[str, pl.DataFrame],
    matched: set[str] | None = None,
) -> list[Problem]:
    """The warnings of the units of ``table`` whose codes are no official codes
    (``strange``: their rows), each saying what the official table says of its name: the
    unit under another code (renumbered, or moved to another district by a re-division:
    二坝镇 filed as 无为市's 340281102 is 鸠江区's 340207102), where the register counts it
    until then; a district whose name is gone, by where its townships are now (芜湖县's are
    湾沚区's), or as abolished or renamed; a community of no official code, as one its
    township still counts. More than :data:`GATHERED` rows of one district warned of alike
    are said in one line, with their count and first rows. ``matched``, if given, gets
    the official codes of the units found so by their names."""
    from scoplan.loaders.contract import ROW

    if strange.is_empty():
        return []
    names = "name" in strange.columns
    rows = strange.select(ROW, "id", pl.col("name") if names else pl.lit(None).alias("name"))
    core = _cores(strange, "name") if names else {}
    wanted = set(core.values())
    if table == "districts" and "townships" in frames:
        # a district whose name is gone is told by its townships' names
        townships = frames["townships"]
        if {"district_id", "name"} <= set(townships.columns):
            theirs = townships.filter(pl.col("district_id").is_in(list(core)))
            wanted |= set(_cores(theirs, "name").values())
    known = _Official.of(official, wanted)
    taken = set(frames[table].get_column("id").to_list()) if table in frames else set()
    if table == "districts":
        return [
            _district_warning(raw, row, unit, name, core.get(unit), known, frames)
            for row, unit, name in rows.iter_rows()
        ]
    column, above_table = ABOVE[table]
    above_of = dict(strange.select("id", column).iter_rows()) if column in strange.columns else {}
    above_names = _names_of(frames.get(above_table))
    above_cores = _cores(frames[above_table], "name") if above_table in frames else {}
    district_names = _names_of(frames.get("districts"))
    township_district = (
        dict(frames["townships"].select("id", "district_id").iter_rows())
        if "townships" in frames and "district_id" in frames["townships"].columns
        else {}
    )
    english, chinese = UNIT_WORDS[above_table]
    said: list[tuple[tuple[str, str, str], int, str, dict[str, Any]]] = []
    for row, unit, name in rows.iter_rows():
        above = above_of.get(unit)
        # where the register counts it: its district (and township) as the register files it
        district = above if table == "townships" else township_district.get(above or "")
        filed = district_names.get(district or "", district or "")
        if table == "communities" and above:
            filed += above_names.get(above) or str(above)
        match = (
            known.named(table, core[unit], above_cores.get(above or ""), taken)
            if unit in core
            else None
        )
        params: dict[str, Any] = {}
        if match is None:
            key = "official_code_community" if table == "communities" else "official_code"
            if table == "communities":
                params["township"] = above_names.get(above or "", above or "")
            said.append(((key, unit[:6], ""), row, unit, params))
            continue
        if matched is not None:
            matched.add(match)
        parent = match[: DIGITS[TABLE_LEVELS[above_table]]]
        place = known.names.get(match[:6], match[:6])
        if table == "communities":
            place += known.names.get(parent, "")
        moved = core_of(known.names.get(parent, "")) != above_cores.get(above or "")
        params |= {
            "name": name,
            "official": match,
            "place": place,
            "district": known.names.get(match[:6], match[:6]),
            # what it would have joined: a township's district; a community's township
            "whither": place,
            "above": english,
            "above_zh": chinese,
            "official_above": parent,
            "filed": filed,
        }
        key = "official_code_moved" if moved else "official_code_recoded"
        said.append(((key, unit[:6], match[:6]), row, unit, params))
    return _gathered(raw, table, said)


def _gathered(
    raw: Any, table: str, said: list[tuple[tuple[str, str, str], int, str, dict[str, Any]]]
) -> list[Problem]:
    """The warnings ``said`` (each with its kind, the district it is of and, found by name,
    the district it is now of), one for each row, or one for the rows of one kind in one
    district where they are more than :data:`GATHERED`: the first row's, with the count,
    the first rows and the first unit's words."""
    groups: dict[tuple[str, str, str], list[tuple[int, str, dict[str, Any]]]] = {}
    for group, row, unit, params in said:
        groups.setdefault(group, []).append((row, unit, params))
    problems: list[Problem] = []
    for (key, _, _), members in groups.items():
        if len(members) <= GATHERED:
            for row, unit, params in members:
                _warning(problems, raw, table, key, row, "id", unit, **params)
            continue
        row, unit, params = members[0]
        shown = [str(r) for r, _, _ in members[:GATHERED]]
        word = "项" if getattr(raw, "numbering", "row") == "index" else "行"
        english, chinese = UNIT_WORDS[table]
        counted = {
            "count": len(members),
            "rows": ", ".join(shown) + " …",
            "rows_zh": f"第{'、'.join(shown)} …{word}",
            "unit": english,
            "unit_zh": chinese,
        }
        plural = key.replace("official_code", "official_codes", 1)
        _warning(problems, raw, table, plural, row, "id", unit, **params, **counted)
    return problems


def _district_warning(
    raw: Any,
    row: int,
    unit: str,
    name: str | None,
    core: str | None,
    known: _Official,
    frames: Mapping[str, pl.DataFrame],
) -> Problem:
    """The warning of a district whose code is no official code: its name the official
    table gives another code (弋江区, 340203 in the register, is 340209); else where its
    townships are now, found by their names (芜湖县's, 340221, are 湾沚区's, 340210: 撤县设区),
    where most are of one official district; else, if it has townships, abolished or
    renamed."""
    problems: list[Problem] = []
    taken = set(frames["districts"].get_column("id").to_list()) if "districts" in frames else ()
    match = known.named("districts", core, taken=taken) if core else None
    if match is not None:
        _warning(
            problems,
            raw,
            "districts",
            "official_code_renumbered",
            row,
            "id",
            unit,
            name=name,
            official=match,
        )
        return problems[0]
    townships = frames.get("townships")
    now: list[str | None] = []
    if townships is not None and {"district_id", "name"} <= set(townships.columns):
        own = townships.filter(pl.col("district_id") == unit)
        for township_core in _cores(own, "name").values():
            found = known.named("townships", township_core)
            now.append(found[:6] if found else None)
    successors = {d for d in now if d}
    if len(successors) == 1 and len([d for d in now if d]) * 2 > len(now):
        [successor] = successors
        _warning(
            problems,
            raw,
            "districts",
            "official_code_successor",
            row,
            "id",
            unit,
            name=name,
            official=successor,
            official_name=known.names.get(successor, successor),
            count=len([d for d in now if d]),
        )
        return problems[0]
    # a district the register gives townships, none of which the table knows elsewhere:
    # abolished or renamed (a zone of none, often no official unit, is warned of as ever)
    key = "official_code_gone" if name and now else "official_code"
    _warning(problems, raw, "districts", key, row, "id", unit, name=name)
    return problems[0]


def own_numbering(raws: Mapping[str, Any]) -> list[Problem]:
    """A warning for each hierarchy table whose code-shaped ids are mostly not official
    codes (or name other units): :func:`official_warnings` does not compare it unit by unit,
    and ``scoplan check`` says so. ``raws`` are the tables as read (text)."""
    from scoplan.loaders.contract import ROW

    frames = {}
    for table in OFFICIAL_SHAPE:
        raw = raws.get(table)
        if raw is None or "id" not in raw.frame.columns:
            continue
        frames[table] = raw.frame.select(
            ROW,
            *(
                pl.col(c).cast(pl.String).str.normalize("NFKC").str.strip_chars()
                for c in ("id", "name")
                if c in raw.frame.columns
            ),
        )
    found: list[Problem] = []
    official_warnings(raws, frames, own_numbering=found)
    return found


def _warning(
    problems: list[Problem],
    raw: Any,
    table: str,
    code: str,
    row: int,
    column: str,
    value: str | None,
    **params: Any,
) -> None:
    where = "index" if getattr(raw, "numbering", "row") == "index" else "row"
    problems.append(
        Problem(
            code,
            raw.source,
            table=table,
            column=column,
            value=value,
            params={"year": YEAR, **params},
            severity=WARNING,
            **{where: row},
        )
    )


KIND_WORDS_ZH = {
    "districts": {"district": "区", "county": "县", "zone": "开发区"},
    "townships": {code: aliases[0] for code, aliases in TOWNSHIP_KINDS.items()},
    "communities": {code: aliases[0] for code, aliases in COMMUNITY_KINDS.items()},
}
"""Each hierarchy table's kinds as a Chinese list or workbook writes them."""
