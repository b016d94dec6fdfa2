"""The tables of docs/DATA.md: their columns, types, Chinese names, codes and references.

This is the single description of the interchange format. Loaders read it to find and
check columns; the dataset reads it to know each table's types; the docs are checked
against it. Table and column names are canonical English; each has a Chinese alias that
loaders accept in its place.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import overload

import attrs

STRING = "string"
DATE = "date"
BOOL = "bool"
LIST = "list"
NUMBER = "number"


@attrs.frozen
class Column:
    """A column: its canonical name, Chinese alias, type, and allowed codes if an enum.

    ``codes`` maps each canonical code to its accepted aliases (a Chinese word, mostly).
    ``ref`` names the table (or tables) whose ids the column must hold.
    """

    name: str
    alias: str
    type: str = STRING
    required: bool = False
    codes: Mapping[str, tuple[str, ...]] | None = None
    open_codes: bool = False
    ref: tuple[str, ...] = ()
    plugin: str = ""
    """The plugin that declared the column (``scoplan_register_columns``); empty when built in."""
    known_from: dt.date | None = None
    """From which date the column's values say what was true (a column holding only the
    latest value: the day the register started keeping it); None: at any date."""
    unclear: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    """Words a register writes in a closed list's column that could mean two of its codes
    or more (``社区`` for a community's kind: both kinds are 社区), each with those codes:
    refused, saying which they could be, never read as one of them."""
    hinted: Mapping[str, str] = attrs.field(factory=dict)
    """Words a register writes in a closed list's column that name none of its codes but
    something else a message can say what to do with (``注销`` for a 登记状态: a dissolved
    organization keeps its status and has a 注销日期), each with its problem's code."""

    def code_map(self) -> dict[str, str]:
        """Every accepted spelling of a code (itself, lowercase, its aliases) → the code."""
        mapping: dict[str, str] = {}
        for code, aliases in (self.codes or {}).items():
            mapping[code] = code
            mapping[code.lower()] = code
            for alias in aliases:
                mapping[alias] = code
        return mapping


@attrs.frozen
class Table:
    """A table of DATA.md: name, Chinese alias, and columns (the first is always ``id``)."""

    name: str
    alias: str
    columns: tuple[Column, ...]
    dates: tuple[str, str] | None = None

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


def _id(alias: str = "编号") -> Column:
    return Column("id", alias, required=True)


DISTRICT_KINDS = {
    "district": ("区", "市辖区", "林区", "特区"),
    # a county-level city (县级市, 宁国市) and a banner (旗) are counted with the counties
    "county": ("县", "县级市", "市", "自治县", "旗", "自治旗"),
    "zone": ("开发区", "经济开发区", "经济技术开发区", "高新区", "高新技术产业开发区"),
}
TOWNSHIP_KINDS = {
    "street": ("街道", "街道办事处", "街道办"),
    "town": ("镇", "建制镇"),
    "township": ("乡", "民族乡", "苏木", "民族苏木"),
    # township-level units that are neither (4 of Huangshan's 109 in 2023)
    "zone": ("开发区", "经济开发区", "高新区", "园区", "经济技术开发区", "高新技术产业开发区"),
    "scenic": ("风景区", "风景名胜区", "景区"),
    "other": ("其他", "直辖村级区划", "管理区", "农场", "林场"),
}
COMMUNITY_KINDS = {
    # as the unit's committee says it: a residents' committee is urban, a villagers' rural
    "urban": (
        "城市社区",
        "城市",
        "居委会",
        "社区居委会",
        "居民委员会",
        "居委",
        "社区居民委员会",
        "居",
    ),
    "rural": ("农村社区", "农村", "村委会", "村民委员会", "行政村", "嘎查", "村委", "村"),
}
REGISTRATION = {
    "registered": ("登记", "已登记", "依法登记"),
    "filed": ("备案", "已备案"),
    "none": ("未登记", "未登记未备案"),
}
SIZES = {"large": ("大", "规模较大", "较大", "大型"), "small": ("小", "规模较小", "较小", "小型")}
MANAGERS = {
    "civil_affairs": ("民政部门", "民政局"),
    # who manages an organization is a government or a committee, never a kind of unit:
    # 街道 and 乡镇 can only be the township's, 村委, 居委 and 村居 only the committee's
    "township": (
        "乡镇街道",
        "乡镇人民政府",
        "街道办事处",
        "乡镇政府",
        "乡镇(街道)",
        "街道办",
        "街道",
        "乡镇",
    ),
    "community": (
        "社区",
        "村(居)民委员会",
        "村居委会",
        "村(居)委会",
        "村委会",
        "居委会",
        "村民委员会",
        "居民委员会",
        "村委",
        "居委",
        "村居",
    ),
}
UNCLEAR_DISTRICT_KINDS = dict.fromkeys(("区县", "县区", "县(区)", "区(县)"), ("district", "county"))
"""What a district's 类型 may say that is a district or a county."""
UNCLEAR_TOWNSHIP_KINDS = {
    "乡镇": ("town", "township"),
    "镇街": ("street", "town"),
    "街镇": ("street", "town"),
    "乡镇街道": ("street", "town", "township"),
    "乡镇(街道)": ("street", "town", "township"),
}
"""What a township's 类型 may say that is one of two kinds or three."""
UNCLEAR_COMMUNITY_KINDS = dict.fromkeys(
    ("社区", "村居", "村(居)", "村(社区)", "城乡社区", "村居委会", "村(居)委会", "村(居)民委员会"),
    ("urban", "rural"),
)
"""What a community's 类型 may say that is urban or rural: a rural community is a 社区 too."""
UNCLEAR_REGISTRATIONS = {
    "未备案": ("registered", "none"),
    "登记备案": ("registered", "filed"),
    "已登记备案": ("registered", "filed"),
    "登记或备案": ("registered", "filed"),
}
"""What a 登记状态 may say that is one of two: a registered organization is not filed
either (未备案)."""
DISSOLVED_HEADER = "注销日期"
"""The Chinese name of an organization's ``dissolved`` column."""
DISSOLVED_WORDS = ("注销", "已注销", "撤销", "已撤销", "注销登记", "撤销登记", "吊销", "已吊销")
"""What a registration system writes as the status of an organization dissolved or revoked."""
HINTED_REGISTRATIONS = {
    **dict.fromkeys(DISSOLVED_WORDS, "dissolved_status"),
    "正常": "normal_status",
}
"""What a 登记状态 may say that is no status of DATA.md, with its problem: a dissolved
organization keeps its status (登记, 备案) and its day goes in 注销日期, which then stops its
counting, where one changed to 登记 would be counted as running; ``正常`` (a registration
system's "not dissolved") most likely means 登记, but a filed organization's system may say
it too, so it is not read as either: its message says which to write."""
FEDERATION_LEVELS = {
    "township": ("乡镇街道", "镇街", "乡镇", "街道", "乡镇(街道)", "街镇"),
    "community": ("社区", "村(社区)", "村居", "村(居)"),
}
CATEGORIES = {
    "life_services": ("生活服务类",),
    "charity": ("公益慈善类",),
    "mutual_aid": ("居民互助类",),
    "governance": ("社区治理类",),
    "culture_sports": ("文体类",),
    "volunteer": ("志愿服务类",),
    "other": ("其他",),
}
PRIORITY_CATEGORIES = ("life_services", "charity", "mutual_aid", "governance")
SPECIAL_GROUPS = {
    "elderly": ("老年人",),
    "women": ("妇女",),
    "children": ("儿童",),
    "disabled": ("残疾人",),
    "unemployed": ("失业人员",),
    "migrant_workers": ("农民工",),
    "children_of_detainees": ("服刑人员或强制戒毒等限制自由的未成年子女",),
    "hardship_families": ("困难家庭",),
    "mental_disorders": ("严重精神障碍患者",),
    "troubled_youth": ("有不良行为青少年",),
    "community_correction": ("社区矫正人员",),
}
ESTABLISHMENT_KINDS = {
    "service_centre": ("培育发展服务中心",),
    "governance_academy": ("社区治理学院",),
    "development_plan": ("三年计划",),
    "observation_point": ("培育观察点",),
    "rural_pilot": ("农村试点",),
    "disclosure_system": ("信息公开制度",),
    "activity_reporting_system": ("重大活动报告制度",),
    "work_plan": ("工作方案", "党建工作方案"),
    "evaluation_system": ("评估评议制度",),
}
EVENT_KINDS = {
    "training": ("培训",),
    "gongyi_chuangtou": ("公益创投",),
    "brand_selection": ("品牌评选",),
}

BUILT_IN: tuple[Table, ...] = (
    # the tables as DATA.md describes them; TABLES adds the columns plugins declare
    Table(
        "districts",
        "区县",
        (
            _id(),
            Column("name", "名称", required=True),
            Column(
                "kind", "类型", required=True, codes=DISTRICT_KINDS, unclear=UNCLEAR_DISTRICT_KINDS
            ),
            Column("city", "市"),
        ),
    ),
    Table(
        "townships",
        "乡镇街道",
        (
            _id(),
            Column("district_id", "所属区县", required=True, ref=("districts",)),
            Column("name", "名称", required=True),
            Column(
                "kind", "类型", required=True, codes=TOWNSHIP_KINDS, unclear=UNCLEAR_TOWNSHIP_KINDS
            ),
        ),
    ),
    Table(
        "communities",
        "社区",
        (
            _id(),
            Column("township_id", "所属乡镇街道", required=True, ref=("townships",)),
            Column("name", "名称", required=True),
            Column(
                "kind",
                "类型",
                required=True,
                codes=COMMUNITY_KINDS,
                unclear=UNCLEAR_COMMUNITY_KINDS,
            ),
        ),
    ),
    Table(
        "organizations",
        "社区社会组织",
        (
            _id(),
            Column("community_id", "所属社区", required=True, ref=("communities",)),
            Column("name", "名称", required=True),
            Column("category", "类别", codes=CATEGORIES, open_codes=True),
            Column("founded", "成立日期", DATE, required=True),
            Column("dissolved", DISSOLVED_HEADER, DATE),
            Column(
                "registration",
                "登记状态",
                codes=REGISTRATION,
                unclear=UNCLEAR_REGISTRATIONS,
                hinted=HINTED_REGISTRATIONS,
            ),
            Column("size", "规模", codes=SIZES),
            Column("managed_by", "管理主体", codes=MANAGERS),
            Column("charter", "简易章程", BOOL),
            Column("brand", "品牌认定日期", DATE),
            Column("serves", "服务对象", LIST, codes=SPECIAL_GROUPS, open_codes=True),
        ),
        dates=("founded", "dissolved"),
    ),
    Table(
        "federations",
        "联合会",
        (
            _id(),
            Column("level", "层级", required=True, codes=FEDERATION_LEVELS),
            Column("unit_id", "所属单位", required=True, ref=("townships", "communities")),
            Column("name", "名称"),
            Column("founded", "成立日期", DATE, required=True),
            Column("dissolved", "注销日期", DATE),
        ),
        dates=("founded", "dissolved"),
    ),
    Table(
        "establishments",
        "平台与制度",
        (
            _id(),
            Column("kind", "类型", required=True, codes=ESTABLISHMENT_KINDS, open_codes=True),
            Column(
                "unit_id",
                "所属单位",
                required=True,
                ref=("city", "districts", "townships", "communities"),
            ),
            Column("name", "名称"),
            Column("established", "建立日期", DATE, required=True),
            Column("ended", "撤销日期", DATE),
        ),
        dates=("established", "ended"),
    ),
    Table(
        "brand_projects",
        "品牌项目",
        (
            _id(),
            Column("organization_id", "所属组织", required=True, ref=("organizations",)),
            Column("name", "名称"),
            Column("designated", "认定日期", DATE, required=True),
        ),
    ),
    Table(
        "events",
        "活动",
        (
            _id(),
            Column("kind", "类型", required=True, codes=EVENT_KINDS, open_codes=True),
            Column("unit_id", "所属单位", required=True, ref=("city", "districts", "townships")),
            Column("name", "名称"),
            Column("date", "日期", DATE, required=True),
        ),
    ),
)

_DECLARED: contextvars.ContextVar[Mapping[str, tuple[Column, ...]]] = contextvars.ContextVar(
    "scoplan_declared_columns"
)


def declared_columns() -> Mapping[str, tuple[Column, ...]]:
    """The columns plugins declared that are in force, by table (see :func:`declaring`)."""
    return _DECLARED.get({})


@contextlib.contextmanager
def declaring(columns: Mapping[str, Sequence[Column]] | None) -> Iterator[None]:
    """Put the columns plugins declared (table → columns) in force for the block: while it
    runs, :data:`TABLES` and :data:`TABLES_BY_NAME` hold them after the built-in ones, so
    that every loader reads, and checking types and checks, them as it does DATA.md's.
    None keeps those in force."""
    if columns is None:
        yield
        return
    token = _DECLARED.set({table: tuple(found) for table, found in columns.items() if found})
    try:
        yield
    finally:
        _DECLARED.reset(token)


Codes = Mapping[tuple[str, str], Mapping[str, tuple[str, ...]]]
"""Codes plugins registered for open lists (``Registry.codes``): (table, column) → code →
its other spellings."""

CodeTitles = Mapping[tuple[str, str, str], tuple[str, str]]
"""The words of the codes plugins registered (``Registry.code_titles``): (table, column,
code) → its title in Chinese and in English."""

_REGISTERED: contextvars.ContextVar[Codes] = contextvars.ContextVar("scoplan_registered_codes")
_TITLES: contextvars.ContextVar[CodeTitles] = contextvars.ContextVar("scoplan_code_titles")


def registered_codes() -> Codes:
    """The codes plugins registered for open lists that are in force (see
    :func:`registering`): those a plan may name besides DATA.md's."""
    return _REGISTERED.get({})


def registered_title(table: str, column: str, code: str, lang: str) -> str | None:
    """The title a plugin gave a code it registered for ``table``'s ``column``, in ``lang``
    (Chinese, or English for ``en``), when one is in force (:func:`registering`); else None."""
    title = _TITLES.get({}).get((table, column, code))
    if title is None:
        return None
    return (title[1] if lang == "en" else title[0]) or None


@contextlib.contextmanager
def registering(codes: Codes | None, titles: CodeTitles | None = None) -> Iterator[None]:
    """Put the codes plugins registered for open lists (``Registry.codes``) in force for the
    block: while a plan is read against a registry and while it is evaluated, a param that
    names a code of an open list (``organization-share``'s ``value``) may name them, and a
    milestone named from one says its ``titles`` (``Registry.code_titles``). None keeps
    those in force."""
    if codes is None:
        yield
        return
    token = _REGISTERED.set(codes)
    named = _TITLES.set(titles) if titles is not None else None
    try:
        yield
    finally:
        if named is not None:
            _TITLES.reset(named)
        _REGISTERED.reset(token)


def _with_declared(table: Table) -> Table:
    extra = declared_columns().get(table.name)
    return attrs.evolve(table, columns=table.columns + extra) if extra else table


class _Tables(Sequence[Table]):
    """The tables of DATA.md, each with the columns declared in force (:func:`declaring`)."""

    @overload
    def __getitem__(self, index: int) -> Table: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Table]: ...
    def __getitem__(self, index: int | slice) -> Table | Sequence[Table]:
        if isinstance(index, slice):
            return tuple(_with_declared(table) for table in BUILT_IN[index])
        return _with_declared(BUILT_IN[index])

    def __len__(self) -> int:
        return len(BUILT_IN)

    def __repr__(self) -> str:
        return f"TABLES{tuple(table.name for table in self)!r}"


class _TablesByName(Mapping[str, Table]):
    def __getitem__(self, name: str) -> Table:
        return _with_declared(_BY_NAME[name])

    def __iter__(self) -> Iterator[str]:
        return iter(_BY_NAME)

    def __len__(self) -> int:
        return len(_BY_NAME)


_BY_NAME: Mapping[str, Table] = {table.name: table for table in BUILT_IN}
TABLES: Sequence[Table] = _Tables()
"""The tables of DATA.md, in the order the hierarchy needs them, with the columns plugins
declared where they are in force (:func:`declaring`)."""
TABLES_BY_NAME: Mapping[str, Table] = _TablesByName()
TABLE_ALIASES: Mapping[str, str] = {
    **{table.name: table.name for table in BUILT_IN},
    **{table.alias: table.name for table in BUILT_IN},
}
HIERARCHY = ("districts", "townships", "communities")
YES_NO_WORDS = (
    ("是", "否"),
    ("有", "无"),
    ("√", "×"),
    ("yes", "no"),
    ("true", "false"),
    ("1", "0"),
    ("y", "n"),
    ("t", "f"),
    ("✓", "✗"),
    ("✔", "✘"),
)
"""The words of a yes/no cell in pairs, lowercase, as a message lists them: in Chinese the
Chinese words, 有/无 (简易章程：有) and the tick and cross a register marks them with (√/×)
before 1/0; in English the English words first (:func:`yes_no_said`)."""
TRUE_WORDS = frozenset({yes for yes, _ in YES_NO_WORDS} | {"✔\ufe0f"})
FALSE_WORDS = frozenset(no for _, no in YES_NO_WORDS)
"""The words of a yes/no cell, lowercase (:data:`YES_NO_WORDS`), and the tick an emoji
keyboard types (✔️: ✔ and the variation selector U+FE0F). An ``x`` is none: a clerk may
type it for ×, or to tick a box (X marks it), and read as either the other would count
wrong without a word."""


def yes_no_said(lang: str) -> str:
    """The yes/no words a message lists in ``lang``: ``是/否、有/无、√/×、1/0`` in Chinese;
    ``yes/no, true/false, 1/0, 是/否, 有/无, √/×`` in English (the English words first, then
    those a Chinese register writes)."""
    shown = YES_NO_WORDS[:6]
    if lang == "zh":
        return "、".join(
            f"{yes}/{no}" for yes, no in shown if not yes.isalpha() or not yes.isascii()
        )
    english = [pair for pair in shown if pair[0].isascii()]
    return ", ".join(
        f"{yes}/{no}" for yes, no in [*english, *(p for p in shown if p not in english)]
    )


LINE_BREAKS = ("\n", "\r")
"""What a line break in a cell is made of (Alt+Enter in Excel: ``\\n``; ``\\r\\n``, ``\\r``)."""
LIST_SEPARATORS = (";", "；", "、", ",", "，", "/", "|", *LINE_BREAKS)
"""What separates the items of a list cell (``老年人、儿童``, ``老年人，儿童``, one a line
typed with Alt+Enter…); the first is the one scoplan writes."""
CITY_ALIASES = ("市本级", "全市", "市级")
"""Other spellings of ``city`` (the city level itself) in a ``unit_id``; the city's own
6-digit code (``341000``, its districts' common prefix and ``00``; a municipality's
``500000``, ``500100``, ``500200``) is read as ``city`` too."""
