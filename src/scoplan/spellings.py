"""What a plan may write for a code of a closed list besides the code: ``≥`` or ``不少于`` for
the comparator ``>=``, ``区县`` for the level ``district``.

A plan is written by an official from the document it follows, which says 不少于 and 各区县,
not ``>=`` and ``district``. A parameter typed ``Annotated[Literal[...], Spellings(...)]``
takes the words of :class:`Spellings` for its codes (compared as Unicode NFKC, so that
``＞＝`` is ``>=``), and a value that is neither is refused listing the codes, each with its
first word (``>=（不少于）``). The words of a code of the data (``城市社区`` for ``urban``)
are taken without this: :mod:`scoplan._convert` reads them from docs/DATA.md's columns.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping

import attrs

from scoplan.schema import REGISTRATION


def written(text: str) -> str:
    """A value as a plan's word is compared: NFKC (full-width forms as ASCII), no spaces
    around it."""
    return unicodedata.normalize("NFKC", text).strip()


@attrs.frozen(eq=False)
class Spellings:
    """Words for the codes of a ``Literal`` field, by code, the first shown beside the code
    when the codes are listed; and words that name none of them, each with why, in English
    and in Chinese (``市`` for a level: no level is the city's)."""

    words: Mapping[str, tuple[str, ...]]
    refused: Mapping[str, tuple[str, str]] = attrs.field(factory=dict)

    def code(self, value: str, allowed: tuple[object, ...]) -> str | None:
        """The code of ``allowed`` that ``value`` is a word for (or, in another form, is)."""
        text = written(value)
        for code in allowed:
            if not isinstance(code, str):
                continue
            if text == code or text in (written(word) for word in self.words.get(code, ())):
                return code
        return None

    def word(self, code: object) -> str | None:
        """The word shown beside ``code`` when the codes are listed."""
        words = self.words.get(code, ()) if isinstance(code, str) else ()
        return words[0] if words else None

    def why_not(self, value: str) -> tuple[str, str] | None:
        """Why ``value`` names none of the codes, where it is a word that names something
        else (in English and in Chinese); None for any other value."""
        text = written(value)
        for word, why in self.refused.items():
            if text == written(word):
                return why
        return None


COMPARATOR_WORDS = Spellings(
    {
        ">=": (
            "不少于",
            "≥",
            "⩾",
            "≧",
            "不低于",
            "不小于",
            "至少",
            "最少",
            "达到",
            "大于等于",
            # 以上, 以下 and 以内 include the number (《民法典》第一千二百五十九条)
            "以上",
            "及以上",
        ),
        ">": ("多于", "大于", "高于", "超过"),
        "<=": (
            "不多于",
            "≤",
            "⩽",
            "≦",
            "不高于",
            "不大于",
            "至多",
            "最多",
            "不超过",
            "小于等于",
            "以下",
            "及以下",
            "以内",
        ),
        "<": ("少于", "小于", "低于", "不足"),
        "==": ("等于", "="),
    }
)
"""A comparator's words: the symbols and what a plan's document says (不少于15个; 90%以上,
which includes 90%: 以上, 以下 and 以内 include the number, 超过 and 不足 do not)."""

_NO_CITY_LEVEL = (
    " (no level is the city's: a milestone with no scope is judged for the whole city, and "
    "level says which of its units are counted)",
    "（没有市一级：不写 scope 的里程碑即对全市评估，level 指计入哪一级的单位）",
)

LEVEL_WORDS = Spellings(
    {
        "district": ("区县", "县区", "区", "县", "县（市、区）", "县市区", "区县级", "县级"),
        "township": (
            "乡镇街道",
            "乡镇（街道）",
            "乡镇",
            "街道",
            "镇街",
            "街镇",
            "乡镇级",
            # as a document names the level by one kind of its units, as 区 and 县 do the
            # districts': 镇（街道）级社区社会组织联合会
            "镇（街道）",
            "乡（镇、街道）",
            "乡（镇）",
            "乡",
            "镇",
            "乡级",
            "镇级",
            "街道级",
            "镇（街道）级",
            "乡镇（街道）级",
        ),
        "community": ("社区", "村（社区）", "村居", "城乡社区", "社区级", "村（居）"),
        "within": ("辖区内", "辖区", "全辖区"),
    },
    refused=dict.fromkeys(("city", "市", "市本级", "全市", "市级", "本市"), _NO_CITY_LEVEL),
)
"""A level's words (``within``: any unit inside the scope); the city's are refused, saying
that the scope is where the city is said."""

WINDOW_WORDS = Spellings({"year": ("按年", "当年", "本年度"), "to_date": ("累计", "截至期限")})
"""A window's words: events of the due date's year (按年), or any up to the date (累计)."""

HELD_BY_WORDS = Spellings({"scope": ("本级",), "within": ("辖区内", "辖区", "全辖区")})
"""Whose events count: the scope's own (本级), or any held inside it (辖区内)."""

PROJECTION_WORDS = Spellings({"linear": ("线性",), "cagr": ("年均增长率", "复合增长率")})
"""A projection method's words: linear (线性), or compound annual growth (年均增长率)."""

REGISTRATION_WORDS = Spellings({**REGISTRATION, "unknown": ("未填写", "空白")})
"""A registration status's words, as docs/DATA.md's 登记状态 takes them, and ``unknown``'s:
the cell left empty (未填写)."""

KEY_WORDS: Mapping[str, tuple[str, ...]] = {
    "id": ("编号", "标识", "代号"),
    "title": ("标题", "名称", "题目", "计划名称", "里程碑名称"),
    "name": ("名称", "名字", "区县组名称", "范围名称"),
    "version": ("版本", "版本号"),
    "document": ("文号", "发文字号", "文件", "文件号"),
    "issued_by": ("发文机关", "印发单位", "发文单位", "发布单位"),
    "issued": ("印发日期", "发布日期", "发文日期", "成文日期"),
    "start": ("开始日期", "开始", "起始日期", "计划开始"),
    "end": ("结束日期", "结束", "截止", "计划结束"),
    "base_year": ("基准年", "基期", "基准年份", "基数年份"),
    "projection": ("预测方法", "预测"),
    "area": ("范围", "计划范围", "地区"),
    "groups": ("区县组", "分组", "服务对象", "特定群体"),
    "terms": ("词条", "用语"),
    "milestones": ("里程碑", "目标任务", "任务"),
    "code_prefix": ("区划代码", "代码前缀", "编码前缀", "编号开头", "代码"),
    "city": ("市", "所属市", "城市", "地市"),
    "districts": ("区县", "区县列表", "所含区县"),
    "district_kinds": ("区县类型", "区县类别"),
    "complement_of": ("其余", "补集", "除外"),
    "reading": ("解读", "说明", "口径", "理解"),
    "target": ("目标类型", "指标类型", "指标", "类型"),
    "due": ("期限", "截止日期", "完成期限", "到期日", "时限", "完成时间"),
    "scope": ("范围", "适用范围", "评估范围"),
    "params": ("参数", "目标参数"),
    "clauses": ("条款", "依据条款", "文件条款"),
    "ref": ("条款号", "条款编号", "序号", "出处"),
    "text": ("原文", "条文", "条款原文", "内容"),
    "group": ("区县组", "分组", "组"),
    "each": ("各区县", "逐个", "分别", "每个", "逐区县"),
    "threshold": ("目标值", "目标", "阈值", "指标值", "数值", "标准", "门槛"),
    "comparator": ("比较", "比较方式", "比较符", "比较符号", "关系"),
    "registration": ("登记状态", "登记", "计入状态"),
    "category": ("类别", "分类", "组织类别"),
    "community_kind": ("社区类型", "社区类别", "城乡"),
    "kind": ("种类", "平台类型", "活动类型", "制度类型"),
    "level": ("层级", "级别", "单位层级"),
    "window": ("时段", "统计时段", "计数时段", "窗口"),
    "since": ("起算日期", "起始日", "自", "以来", "某日以来"),
    "township_kinds": ("乡镇类型", "乡镇街道类型"),
    "with_communities_only": ("只计有社区的", "仅有社区"),
    "held_by": ("举办单位", "举办层级", "举办者"),
    "column": ("列", "列名", "表头"),
    "value": ("取值", "值"),
    "categories": ("类别", "领域", "优先领域"),
}
"""The words a plan's author may write for a key of a plan's table, as the document or a
Chinese form says it (``目标值`` for ``threshold``): the key each means is suggested where
the table takes it, never taken (a TOML key is the key)."""


def meant_key(word: str, keys: Iterable[str]) -> str | None:
    """The one of ``keys`` (a table's fields) that ``word``, written in Chinese, means by
    :data:`KEY_WORDS` (``目标值``: ``threshold``); None where it means none of them."""
    text = written(word)
    words = {w: key for key in keys for w in KEY_WORDS.get(key, ())}
    if text in words:
        return words[text]
    near = difflib.get_close_matches(text, list(words), n=1, cutoff=0.6)
    return words[near[0]] if near else None
