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

import unicodedata
from collections.abc import Mapping

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
