"""The one cattrs converter: plans, target parameters, JSON input and reports.

Everything that crosses the boundary between Python objects and plain data (TOML, JSON)
goes through :data:`converter`. Its errors are turned into :class:`Problem` records once,
here, by :func:`problems_from`, with a path such as ``$.milestones[3].params.threshold``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import json
import math
import operator
import re
import typing
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.cols import (
    homogenous_tuple_structure_factory,
    is_mutable_sequence,
    is_sequence,
    list_structure_factory,
)
from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError
from cattrs.v import transform_error

from scoplan._exceptions import DataError, PlanError, Problem
from scoplan.spellings import Spellings, meant_key
from scoplan.target import Figure

T = TypeVar("T")

converter = cattrs.Converter(forbid_extra_keys=True, omit_if_default=False)


class Mistake(ValueError):
    """A value that does not fit its field, said in English (``str``) and in Chinese (``zh``)."""

    def __init__(self, message: str, zh: str = "") -> None:
        super().__init__(message)
        self.zh = zh or message


TYPE_NAMES_ZH = {
    "str": "文本",
    "int": "整数",
    "float": "数字",
    "bool": "是/否值",
    "list": "列表",
    "dict": "表",
    "date": "日期",
    "datetime": "日期时间",
    "time": "时刻",
    "NoneType": "空值",
}


def nearest_name(value: Any, choices: Any) -> str | None:
    """The one of ``choices`` that ``value`` nearly writes (a misspelt key or code: letters
    swapped, ``=>``, or in another case, ``Township``, first, then the nearest), or None;
    never ``value`` itself."""
    if not isinstance(value, str):
        return None
    names = [str(choice) for choice in choices]
    same = [name for name in names if sorted(name.lower()) == sorted(value.lower())]
    found = same or difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    if not found or found[0] == value:
        return None
    return found[0]


def did_you_mean(
    value: Any, choices: Any, chinese: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """`` (did you mean 'threshold'?)`` and ``（是否应为“threshold”？）`` when ``value`` is
    close to one of ``choices`` (:func:`nearest_name`), else two empty strings. ``chinese``:
    the Chinese name of each choice that has one, which the plan may write for it too: the
    Chinese hint names it first (``（是否应为“简易章程”（charter）？）``)."""
    found = nearest_name(value, choices)
    if found is None:
        return "", ""
    word = (chinese or {}).get(found)
    zh = f"（是否应为“{word}”（{found}）？）" if word else f"（是否应为“{found}”？）"
    return f" (did you mean {found!r}?)", zh


def _type_zh(value: Any) -> str:
    name = type(value).__name__
    return TYPE_NAMES_ZH.get(name, name)


def _wrong_type(value: Any, expected: str, expected_zh: str) -> Mistake:
    got = type(value).__name__
    space = " " if expected_zh[:1].isascii() else ""  # 应为 true 或 false
    return Mistake(
        f"expected {expected}, got {got}", f"应为{space}{expected_zh}，实际为{_type_zh(value)}"
    )


_PERCENT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*[%％]\s*")
_NUMBER_WITH_UNIT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*[个家项次所户人名支]?\s*")
_COMPARED = re.compile(
    r"(?P<before>[^\d.]*?)\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<percent>%)?"
    r"\s*[个家项次所户人名支]?\s*(?P<after>[^\d.]*)"
)
"""A number with a comparator's word before it or after it, as a document writes a target
(``≥6``, ``不少于6个``, ``90%以上``), read in NFKC (``％`` is ``%``, ``＞＝`` is ``>=``)."""


def _said_in_text(key: str, value: str, **values: Any) -> Mistake:
    from scoplan.i18n import translate

    en = translate(key, "en", value=value, **values)
    return Mistake(en, translate(key, "zh", value=value, **values))


def _compared_in_text(value: str) -> Mistake | None:
    """The mistake of a threshold written with its comparator (``"≥6"``, ``"不少于6个"``,
    ``"90%以上"``): the number and the comparator to write, each under its own key; None
    when ``value`` is no number with a comparator's word."""
    from scoplan.spellings import COMPARATOR_WORDS, written
    from scoplan.target import COMPARATORS

    found = _COMPARED.fullmatch(written(value))
    if found is None:
        return None
    before, after = found.group("before").strip(), found.group("after").strip()
    if bool(before) == bool(after):  # no word, or one on each side: not a target's
        return None
    word = before or after
    comparator = COMPARATOR_WORDS.code(word, COMPARATORS)
    if comparator is None:
        return None
    number = float(found.group("number"))
    number = number / 100 if found.group("percent") else number
    # ">=" said to be >= says nothing: the word is told where it is the document's
    key = "param.compared_in_text" if word != comparator else "param.compared_in_text_code"
    return _said_in_text(key, value, number=f"{number:g}", comparator=comparator, word=word)


def _number_in_text(value: str) -> Mistake:
    """A number written as text in a plan (``"80%"``, ``"4个"``, ``"12"``, ``"≥6"``): what
    to write."""
    percent = _PERCENT.fullmatch(value)
    if percent is not None:
        share = float(percent.group(1)) / 100
        return _said_in_text("param.share_in_text", value, number=f"{share:g}")
    number = _NUMBER_WITH_UNIT.fullmatch(value)
    if number is not None:
        return _said_in_text("param.number_in_text", value, number=number.group(1))
    return _compared_in_text(value) or _wrong_type(value, "a number", "数字")


class InvalidField(Mistake):
    """A value an attrs validator rejects, naming its field so the problem's path ends in it."""

    def __init__(self, field: str, message: str, zh: str = "") -> None:
        super().__init__(message, zh)
        self.field = field
        # cattrs wraps what __init__ raises at the class's path; this note, the one cattrs
        # gives a field's own errors, makes transform_error add the field to the path
        self.add_note(AttributeValidationNote(f"Validating attribute {field}", field, None))


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        day = _written_date(value.strip())
        if day is None:
            raise Mistake(
                f"{value!r} is not a date (expected YYYY-MM-DD, 2023/12/31 or 2023年12月31日)",
                f"“{value}”不是日期（应为 YYYY-MM-DD、2023/12/31 或 2023年12月31日）",
            )
        return day
    raise _wrong_type(value, "a date (YYYY-MM-DD)", "日期（YYYY-MM-DD）")


_YEAR_END = re.compile(r"(\d{4})\s*年\s*[底末]")


def _written_date(text: str) -> dt.date | None:
    """The day ``text`` writes as the data may (``2023-12-31``, ``2023/12/31``,
    ``2023年12月31日``), or as a plan says its year's end (``2022年底``, ``2022年末``); None
    when it is none."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    year_end = _YEAR_END.fullmatch(text)
    if year_end is not None:
        return dt.date(int(year_end.group(1)), 12, 31)
    import polars as pl  # here: a plan's dates are ISO but for a bureau's own plan file

    from scoplan.cell_typing import typed_values
    from scoplan.schema import DATE, Column

    typed = typed_values(pl.Series([text]), Column("due", "日期", DATE), "")
    if typed is None or typed[0] is None:
        return None
    day: dt.date = typed[0]
    return day


def _structure_str(value: Any, _: type) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # ids written without quotes in TOML (341002) are still ids
        return str(value)
    raise _wrong_type(value, "a string", "文本")


TextOrTexts = str | tuple[str, ...]
"""A param naming one value or several (``value = "备案"``, ``value = ["登记", "备案"]``)."""


def _structure_text_or_texts(value: Any, _: type) -> str | tuple[str, ...] | None:
    """A text, or a list of texts as a tuple (ids written as numbers are texts, as for a
    text field); None stays None. Anything else is a :class:`Mistake`."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return tuple(_structure_str(item, str) for item in value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise _wrong_type(value, "a text or a list of texts", "文本或文本的列表")


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, str):
        raise _number_in_text(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong_type(value, "a number", "数字")
    if not math.isfinite(value):
        raise Mistake(f"{value} is not a finite number", f"{value} 不是有限的数")
    return float(value)


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, str) and _NUMBER_WITH_UNIT.fullmatch(value):
        raise _number_in_text(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong_type(value, "a whole number", "整数")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise _wrong_type(value, "true or false", "true 或 false")
    return value


def _spellings(allowed: tuple[Any, ...]) -> dict[str, list[str]]:
    """The Chinese spellings DATA.md (and the columns plugins declare) give the codes of
    ``allowed``, by code: ``registered`` → ``登记`` (a registration status), ``urban`` →
    ``城市社区``…, where ``allowed`` are codes of a coded column.

    The words are those of the columns whose codes are ``allowed``'s, or some of them, or
    hold them all (a township's kinds for ``township_kinds``), where there are such: a code
    of one name in another column (``township``, who manages an organization) says another
    thing, and its words (乡镇, 街道办) would be read as a kind that they are not, or would
    make a kind's own words (街道) name two codes."""
    from scoplan.schema import TABLES

    wanted = set(allowed)
    coded = [column for table in TABLES for column in table.columns if column.codes]
    related = [c for c in coded if set(c.codes or {}) <= wanted or wanted <= set(c.codes or {})]
    found: dict[str, list[str]] = {}
    for column in related or coded:
        for code, aliases in (column.codes or {}).items():
            if code in allowed:
                words = found.setdefault(code, [])
                words += [a for a in aliases if a not in words]
    return found


def _structure_literal(value: Any, literal: Any, spelled: Spellings | None = None) -> Any:
    allowed = typing.get_args(literal)
    try:
        known = value in allowed
    except TypeError:  # a value that cannot be compared (an unhashable one)
        known = False
    if spelled is not None and not known and isinstance(value, str):
        # a word of the plan's document (不少于, ≥, 区县): the code it stands for
        code = spelled.code(value, allowed)
        if code is not None:
            return code
    texts = isinstance(value, str) and all(isinstance(a, str) for a in allowed)
    spellings = _spellings(allowed) if texts and not known else {}
    if spellings:
        # a code as the data writes it (登记, 城市社区, 街道): the code, when it names one
        written = unicodedata.normalize("NFKC", value).strip()
        codes = [code for code, words in spellings.items() if written in words]
        if len(codes) == 1:
            return codes[0]
    if not known or isinstance(value, bool) != any(isinstance(a, bool) for a in allowed):
        expected = ", ".join(repr(a) for a in allowed)
        expected_zh = expected
        if spelled is not None:
            expected_zh = "、".join(
                f"{code}（{spelled.word(code)}）" if spelled.word(code) else str(code)
                for code in allowed
            )
        elif spellings:
            expected_zh = "、".join(
                f"{code}（{spellings[code][0]}）" if spellings.get(code) else str(code)
                for code in allowed
            )
        why = spelled.why_not(value) if spelled is not None and isinstance(value, str) else None
        hint, hint_zh = why if why is not None else did_you_mean(value, allowed)
        raise Mistake(
            f"{value!r} is not allowed{hint} (expected one of {expected})",
            f"“{value}”不是可用的取值{hint_zh}（应为 {expected_zh} 之一）",
        )
    return value


def _is_literal(type_: Any) -> bool:
    return typing.get_origin(type_) is typing.Literal


def _spelled(type_: Any) -> Spellings | None:
    """The :class:`Spellings` of ``Annotated[Literal[...], Spellings(...)]``, else None."""
    if typing.get_origin(type_) is not typing.Annotated:
        return None
    if not _is_literal(typing.get_args(type_)[0]):
        return None
    return next((m for m in type_.__metadata__ if isinstance(m, Spellings)), None)


def _structure_spelled(value: Any, type_: Any) -> Any:
    return _structure_literal(value, typing.get_args(type_)[0], _spelled(type_))


converter.register_structure_hook_func(_is_literal, _structure_literal)
converter.register_structure_hook_func(lambda t: _spelled(t) is not None, _structure_spelled)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _structure_params(value: Any, _: type) -> Mapping[str, Any]:
    # a milestone's params stay plain data (TOML dates as ISO text) until the target kind's
    # own class structures them, so a plan dumps and loads back unchanged
    if not isinstance(value, dict):
        raise _wrong_type(value, "a table of parameters", "参数表")
    plain: dict[str, Any] = _plain(value)
    return plain


_SEPARATORS = re.compile(r"\s*[、，,；;/／|｜]\s*")
"""What a text holding several values puts between them (已登记、已备案; a, b)."""


def _split(text: str) -> list[str]:
    """The values a text holds between separators (``已登记、已备案``: 已登记, 已备案); the
    text alone where it holds one."""
    parts = [part for part in _SEPARATORS.split(text.strip()) if part]
    return parts if len(parts) > 1 else [text]


def _no_text_for_a_list(type_: Any) -> Any:
    """The hook of a list or homogeneous tuple that refuses a text or a table for it: either
    would be taken item by item (``"filed"`` as five statuses 'f', 'i'…, ``[milestones]``
    as its keys), one mistake said as many."""
    if is_mutable_sequence(type_):
        hook = list_structure_factory(type_, converter)
    else:
        hook = homogenous_tuple_structure_factory(type_, converter)
    item = typing.get_args(type_)[0] if typing.get_args(type_) else Any
    tables = attrs.has(item)

    def structure_list(value: Any, cls: Any) -> Any:
        if tables and isinstance(value, str | Mapping):
            raise _wrong_type(value, "a list of tables", "表的列表")
        if isinstance(value, str):
            written = json.dumps(_split(value), ensure_ascii=False)
            raise Mistake(
                f"expected a list, got str (write {written})",
                f"应为列表，实际为文本（应写作 {written}）",
            )
        if isinstance(value, Mapping):
            raise _wrong_type(value, "a list", "列表")
        try:
            return hook(value, cls)
        except (cattrs.BaseValidationError, ValueError, TypeError):
            _several_in_one(value, cls)
            raise

    def _several_in_one(value: Any, cls: Any) -> None:
        """A Mistake of the list where an item is several values in one text (["已登记、
        已备案"]), each of which the list takes: the list to write, one value an item."""
        if not isinstance(value, list | tuple):
            return
        split = [_split(item) if isinstance(item, str) else [item] for item in value]
        if all(len(parts) == 1 for parts in split):
            return
        items = [part for parts in split for part in parts]
        try:
            hook(items, cls)
        except (cattrs.BaseValidationError, ValueError, TypeError):
            return  # the parts are no better: the items' own mistakes are said
        several = next(item for item, parts in zip(value, split, strict=True) if len(parts) > 1)
        written = json.dumps(items, ensure_ascii=False)
        raise Mistake(
            f"{several!r} is several values in one item: one value an item (write {written})",
            f"“{several}”是几个取值写在了一项里：每项只写一个（应写作 {written}）",
        )

    return structure_list


converter.register_structure_hook_factory(is_sequence, _no_text_for_a_list)
converter.register_structure_hook_func(lambda t: t == Mapping[str, Any], _structure_params)
converter.register_structure_hook(dt.date, _structure_date)
converter.register_unstructure_hook(dt.date, lambda d: d.isoformat())
converter.register_structure_hook(str, _structure_str)
converter.register_structure_hook_func(
    lambda t: t in (TextOrTexts, TextOrTexts | None), _structure_text_or_texts
)
converter.register_structure_hook(float, _structure_float)
converter.register_structure_hook(int, _structure_int)
converter.register_structure_hook(bool, _structure_bool)
converter.register_unstructure_hook(enum.Enum, lambda e: e.value)


def _history_point(point: Any) -> dict[str, Any]:
    # ``reason`` only where a value cannot be known: reports without one stay as they were
    plain = {"date": point.date.isoformat(), "value": point.value}
    if point.reason:
        plain["reason"] = point.reason
    return plain


converter.register_unstructure_hook_func(
    lambda cls: (
        getattr(cls, "__qualname__", "") == "HistoryPoint"
        and getattr(cls, "__module__", "") == "scoplan.projection"
    ),
    _history_point,
)
_FIGURE_FIELDS = tuple(field.name for field in attrs.fields(Figure))


_FIGURE_VALUES = operator.attrgetter(*_FIGURE_FIELDS)


def _figure(figure: Figure) -> dict[str, Any]:
    # a breakdown holds tens of thousands of figures nationally: written out directly, in
    # field order, rather than through cattrs' generic walk of each ``parts`` tuple (10x)
    plain = dict(zip(_FIGURE_FIELDS, _FIGURE_VALUES(figure), strict=True))
    plain["parts"] = [_figure(part) for part in figure.parts] if figure.parts else []
    return plain


def _figures(figures: tuple[Figure, ...]) -> list[dict[str, Any]]:
    return [_figure(figure) for figure in figures]


converter.register_unstructure_hook(Figure, _figure)
converter.register_unstructure_hook_func(lambda type_: type_ == tuple[Figure, ...], _figures)


def _structure_choice(value: Any, cls: type[enum.StrEnum]) -> enum.StrEnum:
    """One of the values of ``cls`` (a status, ``met``), or a :class:`Mistake` naming them."""
    try:
        return cls(value)
    except ValueError:
        pass
    choices = [str(member.value) for member in cls]
    hint, hint_zh = did_you_mean(value, choices)
    listed = ", ".join(choices)
    raise Mistake(
        f"{value!r} is not one of {listed}{hint}",
        f"“{value}”不是可用的取值{hint_zh}（应为 {'、'.join(choices)} 之一）",
    )


# a StrEnum is a str too: without this, the str hook above would take it and keep plain text
converter.register_structure_hook(enum.StrEnum, _structure_choice)


_NOT_A_TABLE = re.compile(r"^'(\w+)' object has no attribute '(keys|items|get)'$")
"""What cattrs says when a table is wanted and something else is given."""


def _not_a_table(error: BaseException) -> str | None:
    match = _NOT_A_TABLE.match(str(error)) if isinstance(error, AttributeError) else None
    return match.group(1) if match else None


def _extra_keys(error: ForbiddenExtraKeysError) -> tuple[str, str, str]:
    """The unknown keys, and the hint of the nearest known key when there is one of them."""
    extra = sorted(error.extra_fields)
    known = [field.name for field in attrs.fields(error.cl)] if attrs.has(error.cl) else []
    hint, hint_zh = key_hint(extra[0], known) if len(extra) == 1 else ("", "")
    return ", ".join(extra), hint, hint_zh


def key_hint(key: str, known: Sequence[str]) -> tuple[str, str]:
    """What a table's unknown ``key`` may mean, in English and in Chinese: the known key it
    nearly writes, or that it says in Chinese (``目标值``: ``threshold``), or for a key that
    means none (``数目``, ``share``), the keys the table takes; two empty strings for a
    table that takes none."""
    hint = did_you_mean(key, known)
    meant = meant_key(key, known) if not hint[0] else None
    if meant is not None:
        return f" (did you mean {meant!r}?)", f"（是否应为“{meant}”？）"
    if hint[0] or not known:
        return hint
    from scoplan.i18n import translate

    said = {
        lang: translate("problem.hint.fields_taken", lang, keys=separator.join(known))
        for lang, separator in (("en", ", "), ("zh", "、"))
    }
    return said["en"], said["zh"]


def _message(error: BaseException, _: type | None) -> str:
    if isinstance(error, ForbiddenExtraKeysError):
        keys, hint, _zh = _extra_keys(error)
        return f"unknown field(s) {keys}{hint}"
    if isinstance(error, KeyError):
        return "required field missing"
    got = _not_a_table(error)
    if got is not None:
        return f"expected a table, got {got}"
    if isinstance(error, ValueError | TypeError):
        return str(error)
    return str(error) or f"invalid value ({type(error).__name__})"


def _message_zh(error: BaseException, type_: type | None) -> str:
    if isinstance(error, ForbiddenExtraKeysError):
        keys, _en, hint = _extra_keys(error)
        return f"未知的字段 {keys}{hint}"
    if isinstance(error, KeyError):
        return "缺少必填字段"
    if isinstance(error, Mistake):
        return error.zh
    got = _not_a_table(error)
    if got is not None:
        return f"应为表，实际为{TYPE_NAMES_ZH.get(got, got)}"
    if isinstance(error, TypeError) and str(error).endswith("object is not iterable"):
        return "应为列表"
    return _message(error, type_)


def problems_from(error: Exception, source: str, root: str = "$") -> list[Problem]:
    """Turn a cattrs error tree into one Problem per leaf, each naming its path.

    Each problem's ``reason`` says what is wrong in English and ``reason_zh`` in Chinese,
    both ending ``@ $.path.to.field``.
    """
    if isinstance(error, ClassValidationError | cattrs.BaseValidationError):
        lines = transform_error(error, path=root, format_exception=_message)
        lines_zh = transform_error(error, path=root, format_exception=_message_zh)
    else:
        lines = [f"{_message(error, None)} @ {root}"]
        lines_zh = [f"{_message_zh(error, None)} @ {root}"]
    return [
        Problem("plan_field", source, params={"reason": line, "reason_zh": zh})
        for line, zh in zip(lines, lines_zh, strict=True)
    ]


def structure(data: Any, cls: type[T], source: str, root: str = "$") -> T:
    """Structure plain data into ``cls``, or raise a PlanError that names every bad field.

    cattrs stops at keys ``cls`` does not take: the rest is then structured without them,
    so that a milestone with a misspelt key and a bad value has both said in one run (but
    not the field the misspelt key was meant for as missing: the key's hint names it)."""
    try:
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as error:
        problems = problems_from(error, source, root)
        extra = _unknown_keys(error)
        if extra and isinstance(data, dict) and attrs.has(cls):
            rest = {key: value for key, value in data.items() if key not in extra}
            fields = [field.name for field in attrs.fields(cls)]
            meant = {m for key in extra for m in difflib.get_close_matches(key, fields, 1)}
            try:
                converter.structure(rest, cls)
            except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as again:
                for problem in problems_from(again, source, root):
                    reason = str(problem.params.get("reason", ""))
                    if not any(reason.endswith(f"@ {root}.{name}") for name in meant):
                        problems.append(problem)
        raise PlanError(_follow_on_dropped(problems)) from None
    except RecursionError:
        deep = Mistake("nested too deeply", "嵌套过深")
        raise PlanError(problems_from(deep, source, root)) from None


_MEANT = re.compile(r"^unknown field\(s\) .* \(did you mean '([^']+)'\?\) @ (.+)$")
"""A misspelt key with the field it was meant for, and the path of its table."""


def _follow_on_dropped(problems: list[Problem]) -> list[Problem]:
    """``problems`` each once (the rest of a class, structured again without its unknown
    keys, has the mistakes of its tables said again), and without the field a misspelt
    key's hint names said to be missing as well: ``idd (did you mean 'id'?)`` is one
    mistake, in a table at any depth."""
    reasons = [str(problem.params.get("reason", "")) for problem in problems]
    meant = set()
    for reason in reasons:
        match = _MEANT.match(reason)
        if match:
            meant.add(f"{match.group(2)}.{match.group(1)}")
    kept: list[Problem] = []
    seen: set[str] = set()
    for problem, reason in zip(problems, reasons, strict=True):
        missing = reason.startswith("required field missing @ ")
        if reason in seen or (missing and reason.partition(" @ ")[2] in meant):
            continue
        seen.add(reason)
        kept.append(problem)
    return kept


def _unknown_keys(error: Exception) -> set[str]:
    """The keys a class does not take that cattrs stopped at, at the top of ``error``."""
    found = [error] if isinstance(error, ForbiddenExtraKeysError) else []
    if isinstance(error, ClassValidationError):
        found += [e for e in error.exceptions if isinstance(e, ForbiddenExtraKeysError)]
    return {str(key) for e in found for key in e.extra_fields}


def unstructure(value: Any) -> Any:
    """Plain data (dicts, lists, strings, numbers) for an attrs object."""
    return converter.unstructure(value)


Cell = str | int | float | bool | None | list[str | int | float | bool | None]
Document = dict[str, list[dict[str, Cell]]]


JSON_TYPES = {
    "dict": ("an object", "对象"),
    "_Object": ("an object", "对象"),
    "list": ("a list", "列表"),
    "str": ("a string", "字符串"),
    "int": ("a number", "数字"),
    "float": ("a number", "数字"),
    "bool": ("true or false", "true 或 false"),
    "NoneType": ("null", "null"),
}
_MAX_SHAPE_PROBLEMS = 200


def _json_type(value: Any) -> tuple[str, str]:
    name = type(value).__name__
    return JSON_TYPES.get(name, (name, name))


def structure_document(document: Any, source: str) -> Mapping[str, list[dict[str, Any]]]:
    """Check that a JSON input document is ``{table: [{column: cell, …}, …], …}``."""
    problems: list[Problem] = []

    def wrong(en: str, zh: str, **where: Any) -> None:
        params = {"reason": en, "reason_zh": zh}
        problems.append(Problem("bad_shape", source, params=params, **where))

    if not isinstance(document, dict):
        got, got_zh = _json_type(document)
        wrong(
            f"expected an object of tables, got {got}",
            f"应为以表名为键的对象，实际为{got_zh}",
        )
        raise DataError(problems)
    for key, rows in document.items():
        if not isinstance(rows, list):
            got, got_zh = _json_type(rows)
            wrong(
                f"$.{key} should be a list of rows, got {got}",
                f"$.{key} 应为行的列表，实际为{got_zh}",
                table=key,
            )
            continue
        bad = 0
        for index, row in enumerate(rows):
            if bad >= _MAX_SHAPE_PROBLEMS:
                break
            if not isinstance(row, dict):
                bad += 1
                got, got_zh = _json_type(row)
                wrong(
                    f"$.{key}[{index}] should be an object, got {got}",
                    f"$.{key}[{index}] 应为对象，实际为{got_zh}",
                    table=key,
                    index=index,
                )
                continue
            for column, cell in row.items():
                ok = cell is None or isinstance(cell, str | int | float | bool)
                if isinstance(cell, list):
                    ok = all(c is None or isinstance(c, str | int | float) for c in cell)
                if not ok:
                    bad += 1
                    wrong(
                        f"$.{key}[{index}].{column} should be a value or a list of values",
                        f"$.{key}[{index}].{column} 应为一个值或值的列表",
                        table=key,
                        index=index,
                        column=column,
                    )
    if problems:
        raise DataError(problems)
    return document
