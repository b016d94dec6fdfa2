"""Numbers, names and gaps as a reader sees them, in Chinese or English.

Every renderer takes its words from here or from :func:`term`, which reads the catalogues
of :mod:`scoplan.i18n` and lets a plan's own words (``RenderOptions.terms``, from
``Plan.terms``) win. Besides catalogue keys, a plan may rename a target kind's title with
the key ``target.<id>`` (``{"zh": {"target.township-federation-coverage": "…"}}``).

Officials read these reports, so the words are a bureau's: a milestone is named by its
title (``全市城市社区平均社区社会组织数（2023年）``), never by its id alone; a value and its
requirement read as one true statement (``实际13.2个/社区，目标不少于15个``), each rounded to
its unit (counts whole, means to one decimal, shares to 0.1%), half away from zero as Excel
shows the workbook's cells (:func:`rounded`: 56.25% is ``56.3%``), but never so far that a
value short of its requirement would seem to meet it; a value and its gap are given on the
same date, and today's beside them when that differs; Chinese text has full-width
punctuation; and no word of the plan file's configuration (``params``, ``unit_id``…)
reaches a reader.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import string
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PureWindowsPath
from typing import Any

import attrs

from scoplan.formats import RenderOptions
from scoplan.i18n import CATALOGUES, code_name, translate
from scoplan.plan import Clause
from scoplan.projection import ON_TRACK_RATIO, HistoryPoint
from scoplan.report import (
    DataWarning,
    Gap,
    Part,
    Report,
    Result,
    RunError,
    ScopeRef,
    ShortUnit,
    Status,
)
from scoplan.target import _EPSILON, Figure, holds

_COMPARATORS = {">=": "ge", ">": "gt", "<=": "le", "<": "lt", "==": "eq"}


def term(key: str, options: RenderOptions, /, **values: Any) -> str:
    """The catalogue entry ``key`` in the options' language, or the plan's word for it."""
    return translate(key, options.lang, options.terms, **values)


def date(day: dt.date, options: RenderOptions) -> str:
    """A date as a report in the options' language writes it: ``2024年12月31日`` in Chinese
    (``report.date``), ``2024-12-31`` in English — every date of a report alike."""
    if options.lang == "en":
        return day.isoformat()
    return term("report.date", options, year=day.year, month=day.month, day=day.day)


def moment(stamp: str, options: RenderOptions) -> str:
    """A time the data gives (``2024-01-05T09:30:00+08:00``) to the second, as a report
    writes it: ``2024年1月5日 09:30:00`` in Chinese (its day as :func:`date`),
    ``2024-01-05 09:30:00`` in English; a stamp that is no ISO time as it is."""
    shown = stamp.replace("T", " ")[:19]
    try:
        parsed = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return shown
    return f"{date(parsed.date(), options)} {parsed.strftime('%H:%M:%S')}"


def has(key: str, options: RenderOptions) -> bool:
    """Whether the plan or the catalogue has a word for ``key`` (else a fallback is used)."""
    return key in options.terms or key in CATALOGUES.get(options.lang, CATALOGUES["zh"])


def either(zh: str, en: str, options: RenderOptions) -> str:
    """``en`` in English when it is given, else ``zh``: for text the data gives in both."""
    return en if options.lang == "en" and en else zh


def aside(text: str, options: RenderOptions) -> str:
    """``（已完成）`` / `` (met)``: a word in parentheses after another."""
    return f"（{text}）" if options.lang != "en" else f" ({text})"


def label(name: str, text: str, options: RenderOptions) -> str:
    """``计划：…`` / ``Plan: …``: a label and its text, with the language's colon."""
    return term("report.label", options, label=name, text=text)


# -- the plan's own texts ---------------------------------------------------------------

_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’…—"
_HAS_CJK = re.compile(f"[{_CJK}]")
_HALF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_PUNCT = re.compile(r"\s*([,;:?!])\s*")
_PARENS = re.compile(r"\(([^()]*)\)")


def full_width(text: str) -> str:
    """Chinese text with full-width punctuation: ``,;:?!`` beside a Chinese character and
    parentheses around or after one become ``，；：？！（）``; ``1,003`` and ``12:30`` stay."""

    def punct(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if _HAS_CJK.match(before) or _HAS_CJK.match(after):
            return _HALF[match.group(1)]
        return match.group(0)

    def parens(match: re.Match[str]) -> str:
        before = match.string[match.start() - 1] if match.start() else ""
        if _HAS_CJK.search(match.group(1)) or _HAS_CJK.match(before):
            return f"（{match.group(1)}）"
        return match.group(0)

    text = _PUNCT.sub(punct, text)
    previous = None
    while previous != text:  # nested parentheses, innermost first
        previous, text = text, _PARENS.sub(parens, text)
    return text


_CONFIG = r"\[[^\]]*\]|\bparams\b(?:\.\w+)?|\b[a-z]+(?:_[a-z]+)+\b|\b\w+\s*=\s*\S+"
_CONFIG_ZH = re.compile(_CONFIG + r"|\b(?:threshold|comparator)\b|计划文件|配置文件")
"""A word of the plan file: ``params``, an identifier with ``_`` (``unit_id``), a TOML list,
``name = value``, a parameter's name, or the file itself (见计划文件中注释掉的写法: an official
edits no file)."""
_CONFIG_EN = re.compile(_CONFIG + r"|\b(?:plan|configuration|config) file\b")
"""The same in English text, where a word such as "threshold" is a word."""
_ASCII_ZH = re.compile(r"[a-z]{2,}")
"""In a parenthesis of Chinese text, a lowercase word is the file's: ``（brand）``."""
_TABLES_ZH = re.compile(
    r"\s*\b(?:organizations|federations|establishments|events|brand_projects|communities|"
    r"townships|districts)\s*表的?"
)
_CLAUSES = re.compile(r"(?:[^；;。.!?！？]|\.(?=\S))+(?:[；;。!?！？]|\.(?!\S))?")
"""A clause: up to a semicolon or the end of a sentence (a dot inside ``params.x`` is not)."""


def without_configuration(text: str, options: RenderOptions) -> str:
    """A plan's reading without the words of its file (``params``, ``unit_id``,
    ``township_kinds = ["town"]``): a parenthesis that holds one is dropped, a clause that
    holds one becomes "如需调整口径，请联系维护评估方案的同志" (once): the reader of a report
    edits no file, and asks whoever keeps the plan."""
    config = _CONFIG_EN if options.lang == "en" else _CONFIG_ZH
    inner = config if options.lang == "en" else _ASCII_ZH
    if options.lang != "en":
        text = _TABLES_ZH.sub("数据中的", text)
    text = re.sub(r"\s*[（(]([^（）()]*)[）)]", lambda m: "" if inner.search(m[1]) else m[0], text)
    if not config.search(text):
        return text
    adjust = term("report.adjust", options)
    parts: list[str] = []
    for clause in _CLAUSES.findall(text):
        if not config.search(clause):
            parts.append(clause)
        elif adjust:
            end = clause[-1] if clause[-1] in "；;。.!?！？" else ""
            lead = " " if options.lang == "en" and parts else ""
            parts.append(lead + adjust + end)
            adjust = ""
    kept = "".join(parts).strip()
    if kept.endswith((";", "；")):
        # the clauses dropped after it ended the sentence: so does the reading
        last = text.rstrip()[-1:]
        kept = kept[:-1] + (last if last in "。.!?！？" else "")
    return kept


def plan_text(text: str, options: RenderOptions, *, reading: bool = False) -> str:
    """Text of the plan's own (its title, a clause, a reading) as a reader should see it:
    in Chinese with full-width punctuation; a ``reading`` without configuration words.
    (Never for names from the data, which are shown as written.)"""
    if reading:
        text = without_configuration(text, options)
    return full_width(text) if options.lang != "en" else text


def title(result: Result, options: RenderOptions) -> str:
    """The milestone's title: ``全市城市社区平均社区社会组织数（2023年）`` (made by the engine
    from the catalogue and the scope's name, or the plan's own, shown as written)."""
    return either(result.title, result.title_en, options)


def named(result: Result, options: RenderOptions) -> str:
    """The milestone's title, with its scope when the title does not name it: a plan's own
    title for a milestone of each district (``设立社区基金的乡镇（街道）占比 · 屯溪区``), whose
    rows a table would otherwise show alike."""
    return titled(title(result, options), result.scope, options)


def titled(shown: str, scope: ScopeRef, options: RenderOptions) -> str:
    """A milestone's title ``shown`` as :func:`named` gives it: with the name of ``scope``
    after it (`` · 屯溪区``) unless the title names it or the scope is the whole city."""
    where = name_of_scope(scope, options)
    if scope.level == "city" or where in shown:
        return shown
    return f"{shown} · {where}"


def kind_title(result: Result, options: RenderOptions) -> str:
    """What the result's target kind measures (a section's heading): the plan's word for
    ``target.<id>``, the catalogue's, or the kind's own title."""
    key = f"target.{result.target}"
    if has(key, options):
        return term(key, options)
    own = either(result.target_title, result.target_title_en, options)
    return plan_text(own, options) if own else title(result, options)


def sections(report: Report) -> list[list[Result]]:
    """The results by what they measure, in the order each first appears: by target kind,
    and a generic kind's by what its params name (a section of service centres and one of
    academies, not one of "establishments of a kind")."""
    found: dict[tuple[str, str], list[Result]] = {}
    for result in report.results:
        found.setdefault((result.target, result.target_title), []).append(result)
    return list(found.values())


def left_out(report: Report) -> tuple[Result, ...]:
    """The results a report for people does not list one by one: where the run chose its
    districts (``report.districts``, ``--district``), those ``not_covered`` that give no
    figure of the chosen ones — milestones of other districts, of groups without the
    chosen ones, of the city's own organs — which would fill its tables with results not
    judged (a mean of rural communities where the chosen have none among them). A
    milestone of the whole city (or of a group) that gives a chosen district's own figure
    (``parts``) is listed, that figure where its value would be (:func:`unjudged`). A
    report lists those left out at its end, by title (:func:`not_judged`); the JSON report
    keeps them whole."""
    if not report.districts:
        return ()
    return tuple(r for r in report.results if r.status is Status.NOT_COVERED and not unjudged(r))


def for_people(report: Report, options: RenderOptions) -> tuple[Report, str, tuple[Result, ...]]:
    """The report a text, Markdown, HTML, Word or Excel report shows: without the results
    :func:`left_out` (its summary counts the rest, so that the results listed and those
    left out add up to all), the line that says how many were left out and why
    (``另有22项目标不涉及休宁县或需其他区县数据，未评判（见“未评判的目标”）``), or empty where
    none was, and the results left out, which the report lists at its end, each by its
    title and why it is not judged (:func:`not_judged`): an official has no JSON report."""
    out = left_out(report)
    if not out:
        return report, "", ()
    gone = {id(r) for r in out}
    kept = tuple(r for r in report.results if id(r) not in gone)
    line = term(
        "report.left_out",
        options,
        count=len(out),
        districts=chosen_names(report, options),
        section=term("report.left_out_heading", options),
    )
    return attrs.evolve(report, results=kept), line, out


LEFT_OUT_SHOWN = 100
"""Results left out that a text, Markdown, HTML or Word report lists by title; the rest are
counted (the workbook lists them all), as :data:`WARNINGS_SHOWN` warnings."""


def not_judged(out: Sequence[Result], options: RenderOptions) -> tuple[str, ...]:
    """The results left out (:func:`for_people`), one line each — the milestone's title and
    why it is not judged (``屯溪区建成社会组织培育发展服务中心（2022年）：本次只评估所选区县，
    不含屯溪区，不作评判``) —, at most :data:`LEFT_OUT_SHOWN` and then a line that counts the
    rest."""
    lines = [
        label(named(r, options), message(r, options), options)
        if message(r, options)
        else named(r, options)
        for r in out[:LEFT_OUT_SHOWN]
    ]
    rest = len(out) - LEFT_OUT_SHOWN
    if rest > 0:
        lines.append(term("report.left_out_more", options, count=rest))
    return tuple(lines)


def chosen_names(report: Report, options: RenderOptions) -> str:
    """The districts the run chose (``--district``), named in the language (``祁门县``,
    ``屯溪区、歙县``), or empty where it chose none."""
    sep = "、" if options.lang != "en" else ", "
    return sep.join(either(d.name, d.name_en, options) for d in report.districts)


def report_title(report: Report, options: RenderOptions, key: str = "report.title") -> str:
    """The report's title (the catalogue's ``key``), naming the districts the run chose
    after it (``社区社会组织培育发展目标评估（祁门县）``): a county's report says it is the
    county's."""
    names = chosen_names(report, options)
    return term(key, options) + (aside(names, options) if names else "")


def scope_line(report: Report, options: RenderOptions) -> str:
    """``评估范围：祁门县`` / ``Districts evaluated: …`` for a run of chosen districts, for
    the header of a report; empty for a run of every district the data holds."""
    names = chosen_names(report, options)
    return label(term("report.districts_evaluated", options), names, options) if names else ""


def author(report: Report) -> str:
    """Who a Word or Excel report's properties name as its author: for a run of the whole
    area, the bureau that issued the plan (黄山市民政局); for a run of one district, that
    district's bureau where the issuer's name gives it (黄山市民政局 of 黄山市 → 祁门县民政局),
    else none — a county's report is not the city bureau's. Empty where the plan names none."""
    issuer = report.plan_issued_by
    if not report.districts or not issuer:
        return issuer
    if len(report.districts) > 1:
        return ""
    district = report.districts[0].name
    if issuer.startswith(district):
        return issuer  # a county's own plan, run for the county
    areas = {r.scope.name for r in report.results if r.scope.level == "city" and r.scope.name}
    for area in sorted(areas, key=len, reverse=True):
        if issuer.startswith(area) and len(issuer) > len(area):
            return district + issuer[len(area) :]
    return ""


def plan_title(report: Report, options: RenderOptions) -> str:
    """The plan's title in the language."""
    return plan_text(either(report.plan_title, report.plan_title_en, options), options)


def status(value: Status, options: RenderOptions) -> str:
    """``已完成`` / ``met``."""
    return term(f"status.{value.value}", options)


def scope_name(result: Result, options: RenderOptions) -> str:
    """The scope's name in the language: 全市 for the whole city (市本级 is the city's own
    organs, which only some milestones count: their titles say so), else the data's name."""
    return name_of_scope(result.scope, options)


def name_of_scope(scope: ScopeRef, options: RenderOptions) -> str:
    """The name of ``scope`` in the language, as :func:`scope_name` gives a result's."""
    if scope.level == "city":
        return term("where.city", options)
    return either(scope.name, scope.name_en, options)


def where(result: Result, options: RenderOptions) -> str:
    """Where a mean's gap lies: 全市 for the city, else the scope's name."""
    if result.scope.level == "city":
        return term("where.city", options)
    return scope_name(result, options)


def scope_reading(scope: ScopeRef, options: RenderOptions) -> str:
    """How the plan reads a scope (which districts 中心城区 means), or empty."""
    return plan_text(either(scope.reading, scope.reading_en, options), options, reading=True)


def reading(result: Result, options: RenderOptions) -> str:
    """How the milestone reads its clause, or empty."""
    return plan_text(either(result.reading, result.reading_en, options), options, reading=True)


def clause_text(clause: Clause, options: RenderOptions) -> str:
    """The wording of a clause in the language."""
    return plan_text(either(clause.text, clause.text_en, options), options)


def clause_ref(clause: Clause, options: RenderOptions) -> str:
    """A clause's reference as the document writes it: ``二（一）3``."""
    return plan_text(clause.ref, options)


def clause_label(clause: Clause, options: RenderOptions) -> str:
    """``条款二（一）3`` / ``Clause 二(一)3``."""
    space = " " if options.lang == "en" else ""
    return term("report.clause", options) + space + clause_ref(clause, options)


def level(code: str, options: RenderOptions) -> str:
    """A level (``city``, ``district``, ``community``…) in words; an unknown one as is."""
    key = f"level.{code}"
    return term(key, options) if key in CATALOGUES["zh"] else code


def scope_level(result: Result, options: RenderOptions) -> str:
    """The level of a result's scope in words (see :func:`unit_level`)."""
    return unit_level(result.scope.level, options)


def unit_level(code: str, options: RenderOptions) -> str:
    """The level of a scope or of a unit short in words: 全市 for the city as a whole —
    市本级 would say the city's own organs, which a title names where only they count
    (市本级公益创投活动) — else as :func:`level` says it."""
    return term("where.city", options) if code == "city" else level(code, options)


def reason(code: str, options: RenderOptions) -> str:
    """Why a unit falls short (``no_manager``…) in words, or empty."""
    return term(f"reason.{code}", options) if code else ""


def message(result: Result, options: RenderOptions) -> str:
    """Why a result is an error, in the language when scoplan says it in both, or empty;
    for a plugin's target kind, naming the plugin and the kind (by its title: its id is the
    JSON report's, for the plugin's author), whose author can mend it."""
    said = either(result.message_zh or result.message or "", result.message or "", options)
    if not said or result.status != Status.ERROR or not result.plugin:
        return said
    if result.plugin.startswith("scoplan."):  # scoplan's own: no plugin to name
        return said
    if result.target_title == translate("report.kind_not_loaded", "zh"):
        return said  # no kind to name: the message names it, and the plugins that may have it
    values = {"plugin": result.plugin, "target": kind_title(result, options), "message": said}
    return term("report.plugin_failed", options, **values)


def run_error(error: RunError | DataWarning, options: RenderOptions) -> str:
    """What went wrong for the whole run, or a warning about the data, in the language."""
    return either(error.message_zh or error.message, error.message, options)


WARNINGS_SHOWN = 100
"""Warnings a text, HTML or Markdown report lists; the rest are counted (JSON and the workbook
list them all)."""


def warnings(report: Report, options: RenderOptions) -> tuple[str, ...]:
    """The report's warnings about the data, one line each, at most :data:`WARNINGS_SHOWN`
    and then a line that counts the rest."""
    lines = [run_error(w, options) for w in report.warnings[:WARNINGS_SHOWN]]
    rest = len(report.warnings) - WARNINGS_SHOWN
    if rest > 0:
        lines.append(term("report.warnings_more", options, count=rest))
    return tuple(lines)


# -- numbers ----------------------------------------------------------------------------


EXCEL_DIGITS = 15
"""The significant digits of a number Excel keeps and shows its cells' formats from: a value
is rounded from them (:func:`rounded`), so that a report's text and its workbook agree."""


def rounded(value: float, places: int, *, percent: bool = False) -> str:
    """``value`` (a hundred times it, ``percent``) to ``places`` decimals, as every report
    for people writes a number: half away from zero (四舍五入, as official statistics and
    Excel round) on the decimal value as written to :data:`EXCEL_DIGITS` significant digits,
    not on the binary one — 0.5625 as a percentage is ``56.3``, 2.25 is ``2.3``, 0.285 is
    ``0.29`` (Python's own rounding gives ``56.2``, ``2.2`` and ``0.28``)."""
    if not math.isfinite(value):
        return f"{value * 100 if percent else value:.{places}f}"
    written = Decimal(f"{value:.{EXCEL_DIGITS}g}")
    if percent:
        written = written.scaleb(2)
    return format(written.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")


def _format(value: float, unit: str, extra: int = 0) -> str:
    if unit == "share":
        return rounded(value, 1 + extra, percent=True) + "%"
    if unit == "count" and float(value).is_integer():
        return str(int(value))
    if unit == "count" and not extra:
        return rounded(value, 1)
    return rounded(value, 1 + extra)


def _parsed(text: str, unit: str) -> float:
    return float(text[:-1]) / 100 if unit == "share" else float(text)


def number(value: float | None, unit: str, extra: int = 0) -> str:
    """A value rounded to its unit: a share to 0.1% (``73.4%``), a mean to one decimal
    (``13.2``), a count whole; ``extra`` more decimals where asked (a count not whole).
    Half away from zero, as every number of a report (:func:`rounded`)."""
    if value is None:
        return "—"
    return _format(value, unit, extra)


def measured(result: Result, value: float | None) -> str:
    """A value of ``result`` rounded to its unit, with more digits where the rounding would
    make it seem to meet a requirement it does not (or the reverse): 99.96% of 100% is
    ``99.96%``, never ``100.0%``."""
    if value is None:
        return "—"
    return _format(
        value, result.unit, true_digits(value, result.unit, result.comparator, result.required)
    )


_WHOLE: dict[str, Callable[[float], int]] = {
    ">=": lambda value: math.floor(value + _EPSILON),
    "<": lambda value: math.floor(value + _EPSILON),
    ">": lambda value: math.ceil(value - _EPSILON),
    "<=": lambda value: math.ceil(value - _EPSILON),
}
"""How a count projected to a fraction is shown whole, by the requirement's comparator, so
that the number shown meets a whole requirement exactly when the projection does
(:func:`~scoplan.target.holds`, its tolerance ``_EPSILON`` with it): for "at least t",
down — floor(x) ≥ t ⇔ x ≥ t for a whole t, where 5.3 shown as 6 would meet a target of 6
that the projection misses — and for "more than t" or "at most t", up (ceil(x) > t ⇔
x > t)."""


def projected(result: Result, value: float | None) -> str:
    """A projected value as shown: a count whole (``5家``, not ``5.3家``: so many
    organizations cannot be), rounded as :data:`_WHOLE` says so that its judgement is the
    number's; a mean or a share, or a count against a requirement that is not whole (or
    ``==``), as :func:`measured` shows a value."""
    whole = _WHOLE.get(result.comparator or "")
    required = result.required
    if (
        value is not None
        and result.unit == "count"
        and whole is not None
        and (required is None or float(required).is_integer())
    ):
        return str(whole(value))
    return measured(result, value)


def true_digits(value: float, unit: str, comparator: str | None, required: float | None) -> int:
    """How many more decimals than its unit's (:func:`number`'s ``extra``) ``value`` needs
    for its rounding to meet ``comparator required`` exactly when the value does (0 for an
    indicator): 99.96% of ``>= 100%`` needs one, shown ``99.96%``. A value short of a
    strict requirement is not shown as the requirement itself either (14.999 of ``> 15``
    is ``14.999``, not ``15.0``), so that its distance from it (:func:`distance`) is never 0."""
    if required is None or comparator not in _COMPARATORS:
        return 0
    truth = holds(value, comparator, required)
    away = abs(value - required) > _EPSILON
    for extra in range(6):
        shown = _parsed(_format(value, unit, extra), unit)
        if holds(shown, comparator, required) != truth:
            continue
        if truth or not away or abs(shown - required) > _EPSILON:
            return extra
    return 5


def target_number(value: float, unit: str) -> str:
    """A requirement as a plan writes it: ``15``, ``3.5``, ``70%``, ``100%``."""
    shown = rounded(value, 2, percent=unit == "share").rstrip("0").rstrip(".")
    return shown + "%" if unit == "share" else shown


def unit_number(value: float | None) -> str:
    """A short unit's value or need: a count of things, whole when it is whole."""
    return number(value, "count")


def _amount(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def unit_word(result: Result, options: RenderOptions) -> str:
    """The unit of a result as a table's 单位 column says it: ``个/社区``, ``比例``, and for a
    count the target's own word where it has one (``次`` for a training, ``家`` for brand
    organizations), as its values are said."""
    key = f"unit.count.{result.target}"
    if result.unit == "count" and has(key, options):
        return term(key, options)
    return term(f"unit.{result.unit}", options)


def with_unit(unit: str, target: str, text: str, options: RenderOptions) -> str:
    """A value already written (``text``) with its unit, as a result of ``target`` in
    ``unit`` is shown: ``13.2个/社区``, ``73.4%``, ``1次`` (a count's word by its target kind)."""
    if unit == "per_community":
        return term("value.per_community", options, value=text)
    if unit == "share":
        return term("value.share", options, value=text)
    key = f"value.count.{target}"
    return term(key if has(key, options) else "value.count", options, value=text)


def _with_unit(result: Result, text: str, options: RenderOptions) -> str:
    return with_unit(result.unit, result.target, text, options)


def value_phrase(result: Result, value: float | None, options: RenderOptions) -> str:
    """A value of ``result`` with its unit: ``13.2个/社区``, ``73.4%``, ``1次``."""
    if value is None:
        return "—"
    return _with_unit(result, measured(result, value), options)


def requirement(result: Result, options: RenderOptions) -> str:
    """``不少于15个`` / ``at least 15``, ``不低于100%``; empty for an indicator."""
    if result.required is None or result.comparator not in _COMPARATORS:
        return ""
    shown = target_number(result.required, result.unit)
    if result.unit == "per_community":
        shown = term("target.value.per_community", options, value=shown)
    elif result.unit != "share":
        shown = _with_unit(result, shown, options)
    return term(_comparator_key(result), options, target=shown)


def _comparator_key(result: Result) -> str:
    """``comparator.ge``, ``comparator.ge.share`` (不少于 a count, 不低于 a share)…"""
    key = f"comparator.{_COMPARATORS[str(result.comparator)]}"
    return key + ".share" if result.unit == "share" else key


def comparison(result: Result, options: RenderOptions) -> str:
    """The comparison of :func:`requirement` without its number, for a table's column of
    its own: ``不少于``, ``不低于`` (a share) / ``at least``; empty for an indicator."""
    if result.required is None or result.comparator not in _COMPARATORS:
        return ""
    return term(_comparator_key(result), options, target="").strip()


def chart_value(result: Result, options: RenderOptions) -> str:
    """A chart bar's label: ``13.2个/社区（目标15个）`` / ``13.2 per community (target 15)``."""
    shown = value_phrase(result, result.value, options)
    if result.required is None or result.comparator not in _COMPARATORS:
        return shown
    target = target_number(result.required, result.unit)
    if result.unit == "per_community":
        target = term("target.value.per_community", options, value=target)
    elif result.unit != "share":
        target = _with_unit(result, target, options)
    return term("report.chart_value", options, value=shown, target=target)


def _later(result: Result) -> bool:
    """Whether the value was measured before the evaluation date (the due date has passed)."""
    return result.value_now is not None or result.gap_now is not None


def value(result: Result, options: RenderOptions) -> str:
    """The actual value, as a table shows it: ``13.2个/社区``, or ``到期时9.9个/社区；目前
    12.7个/社区`` when the value now differs from the due date's; for a result not judged
    that gives some districts' own figures, those (:func:`unjudged_value`)."""
    if unjudged(result):
        return unjudged_value(result, options)
    then = value_phrase(result, result.value, options)
    if result.value_now is None:
        return then
    now = value_phrase(result, result.value_now, options)
    return then if now == then else term("report.then_now", options, then=then, now=now)


def unjudged(result: Result) -> bool:
    """Whether ``result`` is not judged but gives the figure of a district the run holds
    (``parts``): a milestone of the whole city on a county's register, whose own figure
    its official most needs. (A district with nothing to measure, no rural community in a
    rural mean, gives none.)"""
    return result.status is Status.NOT_COVERED and any(p.value is not None for p in result.parts)


def part_value(result: Result, part: Part, options: RenderOptions) -> str:
    """A district's own figure inside ``result`` as a value is shown (:func:`value`):
    ``11.4个/社区``, ``到期时3.4个/社区；目前4.6个/社区`` when today's differs; a district
    counted whole in a share (a coverage of districts) ``已覆盖`` or ``未覆盖``."""
    if result.unit == "share" and part.denominator == 1:
        return term("report.covered" if part.numerator else "report.not_covered", options)
    then = value_phrase(result, part.value, options)
    if part.value_now is None:
        return then
    now = value_phrase(result, part.value_now, options)
    return then if now == then else term("report.then_now", options, then=then, now=now)


def unjudged_value(result: Result, options: RenderOptions, *, every: bool = False) -> str:
    """The 实际 cell of a result not judged that gives some districts' figures
    (:func:`unjudged`): one district's, ``休宁县11.4个/社区（不评判）``; several districts'
    ``各区县见下`` (the details list them), or with ``every`` each (a workbook's cell, with
    no details below it: ``屯溪区1.0个/社区、歙县2.0个/社区（不评判）``)."""
    figures = [part for part in result.parts if part.value is not None]
    if len(figures) > 1 and not every:
        return term("report.parts_below", options)
    space = "" if options.lang != "en" else " "
    sep = "、" if options.lang != "en" else ", "
    shown = sep.join(
        either(part.name, part.name_en, options) + space + part_value(result, part, options)
        for part in figures
    )
    return term("report.unjudged", options, value=shown)


def reference(result: Result, options: RenderOptions) -> str:
    """How far each district's own figure inside a result not judged is from the
    requirement of the whole (``按全市目标（不少于15个）计，休宁县尚差3.6个/社区；全市的
    目标看全市整体的数字，不分摊到各区县，此数仅供参考``): for a mean or a share, which a district
    may be held to as a benchmark; empty for a count (a district's part of a city's total
    is no benchmark of it), for a district counted whole, and for an indicator."""
    if not unjudged(result) or result.unit not in ("per_community", "share"):
        return ""
    required, comparator = result.required, result.comparator
    if required is None or comparator not in (">=", ">", "<=", "<"):
        return ""
    said = []
    for part in result.parts:
        if part.met is None or part.value is None:
            continue
        if result.unit == "share" and part.denominator == 1:
            continue  # covered or not (:func:`part_value`): no distance to say
        name = either(part.name, part.name_en, options)
        if part.met:
            said.append(term("report.reference_met", options, name=name))
            continue
        key = "report.reference_short" if comparator in (">=", ">") else "report.reference_over"
        amount = distance(result, part.value, options)
        own = part_gap(result, part, options)
        if own:
            said.append(term(key + "_gap", options, name=name, amount=amount, gap=own))
        else:
            said.append(term(key, options, name=name, amount=amount))
    if not said:
        return ""
    whole = where(result, options)
    return term(
        "report.reference_text",
        options,
        where=whole,
        requirement=requirement(result, options),
        parts=("、" if options.lang != "en" else ", ").join(said),
    )


def part_gap(result: Result, part: Part, options: RenderOptions) -> str:
    """What a district inside a result not judged lacks on its own, as the result's gap is
    said (:func:`gap_phrase`) but of the district: ``祁门县城市社区尚需新增9个社区社会组织``,
    ``尚有5个乡镇（街道）未覆盖``; empty where it lacks nothing or gives no gap."""
    if part.gap is None:
        return ""
    scope = ScopeRef("district", part.id, part.name, part.name_en)
    return gap_phrase(attrs.evolve(result, scope=scope), part.gap, options)


def difference(result: Result, amount: float, options: RenderOptions) -> str:
    """A district's distance from a requirement, with its unit: ``3.6个/社区``, ``0.3个百分点``
    (a share's, in percentage points), to one decimal or as many more as it needs not to
    read 0."""
    share = result.unit == "share"
    text = rounded(amount, 1, percent=share)
    for places in range(2, 6):
        if float(text) or not amount:
            break
        text = rounded(amount, places, percent=share)
    if result.unit == "share":
        return term("value.points", options, value=text)
    return _with_unit(result, text, options)


def distance(result: Result, value: float, options: RenderOptions) -> str:
    """How far ``value`` is from the requirement of ``result``, with its unit, reckoned from
    the two as shown — the value as :func:`measured` rounds it, the requirement as
    :func:`target_number` writes it — so that they add up: 8.25 of ``>= 15`` is shown
    ``8.3个/社区``, its distance ``6.7个/社区`` (not 6.75 rounded on its own, ``6.8``); 72.2% of
    100% is ``27.8个百分点``. A value short is shown with as many digits as it needs not to
    seem to meet the requirement, so its distance is never 0 (14.96 of 15: ``0.04``) but
    where the value is the requirement itself (a strict one, 15 of ``> 15``)."""
    required = result.required
    if required is None:
        return difference(result, 0.0, options)
    shown = Decimal(measured(result, value).rstrip("%"))
    written = Decimal(target_number(required, result.unit).rstrip("%"))
    amount = abs(written - shown)
    if (shown < written) != (value < required) or (not amount and value != required):
        # a requirement finer than it is written (15.004 shown 15): as far as it truly is
        return difference(result, abs(required - value), options)
    text = format(amount, "f")
    if result.unit == "share":
        return term("value.points", options, value=text)
    return _with_unit(result, text, options)


def progress(result: Result, options: RenderOptions) -> str:
    """The value and its requirement as one statement: ``实际13.2个/社区，目标不少于15个``
    (``13.2 per community; target at least 15``); on the due date, with today's value
    beside it when it differs."""
    then = value_phrase(result, result.value, options)
    target = requirement(result, options)
    core = term("report.value_target", options, value=then, target=target) if target else then
    if result.value_now is None:
        return core
    now = value_phrase(result, result.value_now, options)
    if now == then:
        return core
    return term("report.then_now", options, then=core, now=now)


def evidence(result: Result, options: RenderOptions) -> str:
    """``1003个组织÷76个城市社区``: the two sides of a mean or share, each with its noun
    (``21个建有社会组织培育发展服务中心的乡镇（街道）÷36个乡镇（街道）``, the units and the
    kind a generic kind's details name), or a count with the whole it is part of
    (``7361个服务特定群体的组织，占8801个组织的83.6%``); empty when none."""
    numerator, denominator = result.evidence.numerator, result.evidence.denominator
    if not denominator or numerator is None:
        return ""
    share = numerator / denominator
    values = {
        "numerator": unit_number(numerator),
        "denominator": unit_number(denominator),
        # a judged share rounded as its value is: 741 of 2471 against 30% is 29.99%, not 30.0%
        "share": measured(result, share) if result.unit == "share" else number(share, "share"),
        **_evidence_words(result.evidence.details, options),
    }
    condition = _condition(result, options)
    if condition:
        values["condition"] = condition
    if "unit" in values:  # each side's noun as many as it counts: "1 township"
        values["numerator_units"] = values["unit"] if numerator == 1 else values["units"]
        values["denominator_units"] = values["unit"] if denominator == 1 else values["units"]
    key = f"evidence.{result.target}"
    if not (has(key, options) and _fills(key, values, options)):
        key = "evidence.default"
    return term(key, options, **values)


def _evidence_words(details: Any, options: RenderOptions) -> dict[str, str]:
    """The nouns the details of a result's evidence give: its units (``乡镇（街道）``, by
    the ``level`` counted) and the establishment it counts (``kind``), where words name them."""
    from scoplan.schema import ESTABLISHMENT_KINDS, EVENT_KINDS

    found: dict[str, str] = {}
    level = details.get("level") if isinstance(details, dict) else None
    if level is None and isinstance(details, dict) and "community_kind" in details:
        level = details["community_kind"] or "community"  # a mean's communities
    if isinstance(level, str) and has(f"what.units.{level}", options):
        found["units"] = term(f"what.units.{level}", options)
        found["unit"] = term(f"what.unit.{level}", options)
    kind = details.get("kind") if isinstance(details, dict) else None
    if isinstance(kind, str) and has(f"establishment.{kind}", options):
        found["kind"] = term(f"establishment.{kind}", options)
    elif isinstance(kind, str) and ESTABLISHMENT_KINDS.get(kind) and options.lang != "en":
        found["kind"] = ESTABLISHMENT_KINDS[kind][0]
    # the kind of event held (a plan's own, as its words name it: 议事协商会)
    event = details.get("event") if isinstance(details, dict) else None
    if isinstance(event, str) and has(f"event.{event}", options):
        found["event"] = term(f"event.{event}", options)
    elif isinstance(event, str) and EVENT_KINDS.get(event) and options.lang != "en":
        found["event"] = EVENT_KINDS[event][0]
    return found


def _condition(result: Result, options: RenderOptions) -> str:
    """What the organizations counted by an ``organization-share`` are, as its title says
    it (``登记或备案`` of ``登记或备案的社区社会组织占比``), for its calculation to name them:
    the title less the words around ``{condition}`` in the words for the kind's titles.
    Empty for another kind, or a title not made of those words."""
    if result.target != "organization-share":
        return ""
    own = either(result.target_title, result.target_title_en, options)
    key = "what.organization-share"
    words = options.terms.get(key) or CATALOGUES.get(options.lang, CATALOGUES["zh"]).get(key, "")
    before, found, after = words.partition("{condition}")
    if not found or len(own) <= len(before) + len(after):
        return ""
    if not (own.startswith(before) and own.endswith(after)):
        return ""
    return own[len(before) : len(own) - len(after)]


def _fills(key: str, values: dict[str, str], options: RenderOptions) -> bool:
    """Whether ``values`` hold every placeholder of the words for ``key``: a generic kind's
    details without the nouns its calculation names say it without them."""
    words = options.terms.get(key) or CATALOGUES.get(options.lang, CATALOGUES["zh"]).get(key, "")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(words) if name}
    except ValueError:
        return False
    return names <= set(values)


# -- gaps -------------------------------------------------------------------------------


def noun(gap: Gap, options: RenderOptions) -> str:
    """The gap's noun (``个社区社会组织``, ``organizations``), singular for one in English.

    A noun neither the catalogue nor the report's terms (a plan's words, a plugin's nouns)
    name is shown as the target gave it, never as a key (``noun.funds``)."""
    key = f"noun.{gap.noun}"
    if not has(key, options):
        return gap.noun
    one = key + ".one"
    catalogue = CATALOGUES.get(options.lang, {})
    # a plan that renames the plural only has its word used for one as well
    if gap.amount == 1 and (
        one in options.terms or (key not in options.terms and one in catalogue)
    ):
        key = one
    return term(key, options)


def gap(gap: Gap | None, options: RenderOptions) -> str:
    """``尚需新增40个社区社会组织`` / ``40 more organizations``: a gap without its result's
    words (see :func:`gap_phrase`); empty when there is no gap."""
    if gap is None:
        return ""
    key = "gap.less" if gap.direction == "less" else "gap.more"
    return term(key, options, amount=_amount(gap.amount), noun=noun(gap, options))


def _pick(options: RenderOptions, generic: str, *specific: str) -> str:
    """The most specific of ``specific`` keys the plan words, else the ``generic`` key when
    the plan words it (a plan's ``gap.more`` applies to every gap), else the most specific
    the catalogue has, else ``generic``."""
    for key in specific:
        if key in options.terms:
            return key
    if generic in options.terms:
        return generic
    return next((key for key in specific if has(key, options)), generic)


def gap_phrase(result: Result, found: Gap | None, options: RenderOptions) -> str:
    """A gap of ``result`` as a bureau says it: a mean's ``全市城市社区尚需新增137个社区社会
    组织``, a coverage's ``尚有1个乡镇（街道）未覆盖`` (or ``尚需再覆盖6个…（未覆盖的共14个）``
    when covering fewer than all would do), a count's ``尚需建成1个培育发展服务中心``."""
    if found is None:
        return ""
    if found.direction == "less":
        return gap(found, options)
    values: dict[str, Any] = {"amount": _amount(found.amount), "noun": noun(found, options)}
    key = "gap.more"
    if result.unit == "per_community":
        key = _pick(options, "gap.more", f"gap.{result.target}")
        values["where"] = where(result, options)
    elif result.unit == "share" and found.units_total:
        kind = "gap.share_all" if found.units_total <= found.amount else "gap.share_more"
        key = _pick(options, "gap.more", f"{kind}.{result.target}", kind)
        values["total"] = found.units_total
    elif result.unit == "count":
        key = _pick(options, "gap.more", f"gap.count.{found.noun}")
        counted = _evidence_words(result.evidence.details, options).get("kind")
        own = "noun.establishments" in options.terms  # the plan's word for all of them
        if found.noun == "establishments" and counted and not own:
            # the kind counted, as the plan names it: 尚需新增1个枢纽型社会组织
            values["noun"] = term("noun.establishment_kind", options, kind=counted)
    return term(key, options, **values)


def gap_text(result: Result, options: RenderOptions) -> str:
    """The gap as a table and the facts give it: on the date the value is measured, and
    today's beside it, each labelled, when the due date has passed and the two differ; a
    milestone met in time that no longer holds says so, never as a shortfall. Empty when
    nothing is lacking."""
    then = gap_phrase(result, result.gap, options)
    if not _later(result):
        return then
    now = gap_phrase(result, result.gap_now, options)
    if result.status is Status.MET:
        if not now:
            return ""
        gap_now = result.gap_now
        lapsed = f"lapsed.{gap_now.noun}" if gap_now is not None else ""
        why = term(lapsed, options) if lapsed and has(lapsed, options) else now
        return term("report.lapsed", options, why=why)
    if then and not now:
        return term("report.then_now", options, then=then, now=term("report.now_done", options))
    if now and not then:
        return term("report.then_now", options, then="—", now=now)
    if then == now:
        return then
    return term("report.then_now", options, then=then, now=now)


def short_units(result: Result) -> tuple[Gap | None, bool]:
    """The gap whose units a report lists, and whether it is today's: the units short now
    when the due date has passed (what must still be done), else those of the gap. For a
    result not judged (:func:`unjudged`), the units of the chosen districts' own gaps
    (:func:`parts_units`)."""
    if unjudged(result):
        return parts_units(result)
    if _later(result):
        return result.gap_now, True
    return result.gap, False


def parts_units(result: Result) -> tuple[Gap | None, bool]:
    """The units short inside the chosen districts of a result not judged, as one gap, and
    whether they are today's: a milestone of the whole city whose requirement holds for
    each unit (every township with a federation) lists the county's own townships without
    one, which its official must see though the city's figure cannot be told. None where
    no district lists any (a mean, which no unit alone falls short of)."""
    now = any(part.value_now is not None or part.gap_now is not None for part in result.parts)
    gaps = [part.gap_now if now else part.gap for part in result.parts]
    found = [gap for gap in gaps if gap is not None and gap.units]
    if not found:
        return None, now
    joined = attrs.evolve(
        found[0],
        amount=sum(gap.amount for gap in found),
        units=tuple(unit for gap in found for unit in gap.units),
        units_total=sum(gap.units_total for gap in found),
    )
    return joined, now


def units_caption(result: Result, options: RenderOptions) -> str:
    """``目前未达标单位（截至2026年3月1日）``, or ``未达标单位`` before the due date; for a
    result not judged, whose units are the chosen districts' own, with their names:
    ``祁门县未达标单位``."""
    found, now = short_units(result)
    if found is None:
        return ""
    if unjudged(result):
        sep = "、" if options.lang != "en" else ", "
        names = sep.join(
            either(part.name, part.name_en, options)
            for part in result.parts
            if (own := part.gap_now if now else part.gap) is not None and own.units
        )
        key = "report.short_now_of" if now else "report.shortfall_of"
        return term(key, options, where=names, date=date(found.on, options))
    if now:
        return term("report.short_now", options, date=date(found.on, options))
    return term("report.shortfall", options)


def one_district_data(report: Report) -> bool:
    """Whether a report's data is of one district (a district's or a county's register):
    every district its results name, in a scope, a part, a breakdown or a short unit, is
    the same one. Its tables of short units leave out the district, whose every cell would
    name it (the city level's own units, of no district, aside)."""
    named: set[str] = set()
    for result in report.results:
        if result.scope.level == "district":
            named.add(result.scope.id)
        named.update(part.id for part in result.parts)
        named.update(district.id for district in result.breakdown)
        found, _ = short_units(result)
        for unit in found.units if found is not None else ():
            district = unit.district_id or (unit.id if unit.level == "district" else "")
            if district:
                named.add(district)
        if len(named) > 1:
            return False
    return len(named) == 1


def grouped(units: Sequence[ShortUnit]) -> list[tuple[str, list[tuple[str, list[ShortUnit]]]]]:
    """Units grouped by district and, inside each, by township, in the order of their codes
    (the furthest short first inside a township): ``[(district, [(township, [units])])]``.
    A district or township short itself is listed under its district with no township."""
    districts: dict[tuple[str, str], dict[tuple[str, str], list[ShortUnit]]] = {}
    for unit in units:
        if unit.level == "district":
            district = (unit.district_id or unit.id, unit.district or unit.name)
        else:
            district = (unit.district_id, unit.district)
        township = (
            ("", "")
            if unit.level in ("district", "township")
            else (
                unit.township_id,
                unit.township,
            )
        )
        districts.setdefault(district, {}).setdefault(township, []).append(unit)
    return [
        (d[1], [(t[1], found) for t, found in sorted(townships.items())])
        for d, townships in sorted(districts.items())
    ]


def place_columns(found: Gap, one_district: bool = False) -> tuple[bool, bool]:
    """Whether a table of ``found``'s units has a district column and a township column:
    neither where every unit is a district (其他区县公益创投活动区县覆盖率: the unit's name
    is the district, once), no district where the report's data is of ``one_district``."""
    districts = all(unit.level == "district" for unit in found.units)
    return not (districts or one_district), not districts


def placed_units(found: Gap) -> list[tuple[str, str, ShortUnit]]:
    """``found``'s units as :func:`grouped` orders them, each with its district and
    township cells: a district's own row has no district cell (its name says it), so that
    a table says ``祁门县`` once, not ``祁门县 | | 祁门县``."""
    return [
        ("" if unit.level == "district" else district, township, unit)
        for district, townships in grouped(found.units)
        for township, units in townships
        for unit in units
    ]


def unit_columns(found: Gap) -> tuple[bool, bool]:
    """Whether a table of ``found``'s units has the columns 实际 and 尚缺 (some unit falls
    short by a number) and the column 原因 (some unit falls short for a reason: an
    organization neither registered nor managed as required, whose "0" would say nothing)."""
    reasons = [bool(unit.reason) for unit in found.units]
    return not all(reasons), any(reasons)


def unit_value(unit: ShortUnit) -> str:
    """A short unit's 实际 cell: its value, or empty for a unit short for a reason."""
    return "" if unit.reason else unit_number(unit.value)


def unit_need(unit: ShortUnit, options: RenderOptions) -> str:
    """A short unit's 尚缺 cell (:func:`need`), empty for a unit short for a reason, which
    its 原因 cell says (:func:`reason`)."""
    return "" if unit.reason else need(unit, options)


def need(unit: ShortUnit, options: RenderOptions) -> str:
    """What a short unit lacks (``9``), why it falls short where the value does not say, or
    ``未覆盖`` for a unit a coverage lacks."""
    if unit.reason:
        return reason(unit.reason, options)
    if unit.need is None:
        return term("report.not_covered", options)
    return unit_number(unit.need)


def units_total(result: Result, found: Gap, options: RenderOptions) -> str:
    """``共70个``: how many units fall short; for a mean whose units' shortfalls add up to
    more than its gap, why: ``共70个（各社区尚缺数合计344个，多于所需的296个：…可以抵补）``, so
    that an official who adds up the 尚缺 column is not left with two numbers that disagree."""
    total = term("report.listed_all", options, total=found.units_total)
    if result.unit != "per_community" or found.units_total != len(found.units):
        return total
    needs = [unit.need for unit in found.units]
    if not needs or any(need is None for need in needs):
        return total
    summed = sum(need for need in needs if need is not None)
    if summed <= found.amount:
        return total
    return term(
        "report.units_make_up",
        options,
        total=found.units_total,
        sum=unit_number(summed),
        amount=_amount(found.amount),
    )


def listed(found: Gap, options: RenderOptions) -> str:
    """``列出20个，共45个`` when a report lists fewer units than fall short, else empty."""
    if found.units_total > len(found.units):
        return term("report.listed", options, shown=len(found.units), total=found.units_total)
    return ""


# -- time -------------------------------------------------------------------------------


def needed(result: Result, options: RenderOptions) -> str:
    """``至2023年12月31日每个社区每年平均还需增加2.3个``, or empty where no yearly rate makes
    sense (less than a year left, one act to do, no projection)."""
    projection = result.projection
    if projection is None or projection.needed_per_year is None or projection.on_track is None:
        return ""
    rate = projection.needed_per_year
    if rate == 0:
        return ""
    unit = result.unit if result.unit in ("per_community", "share", "count") else "count"
    if unit == "share" and abs(rate) > 1:
        return ""
    key = f"needed.{unit}" if rate > 0 else f"needed.less.{unit}"
    rate_shown = rounded(abs(rate), 1, percent=unit == "share").rstrip("0").rstrip(".")
    return term(key, options, rate=rate_shown, due=date(projection.due, options))


def projection(result: Result, options: RenderOptions, chosen_by: str = "plan") -> str:
    """The method, what it projects and whether that is on track; or why there is none.
    Where the other method would judge otherwise, which method was used and why."""
    made = result.projection
    if made is None:
        return ""
    method = term(f"projection.{made.method}", options)
    if made.reason:
        return label(method, term(f"projection.{made.reason}", options), options)
    if made.method == "cagr" and made.ratio is not None:
        said = term("projection.ratio", options, ratio=ratio_number(made.ratio))
    else:
        shown = _with_unit(result, projected(result, made.projected), options)
        said = term("projection.projected", options, value=shown, due=date(made.due, options))
    if made.stalled_since is not None and made.inputs:
        # on track by the method's measure, not believed: no progress for a year or more
        said += term("report.list_sep", options) + term(
            "projection.stalled",
            options,
            since=date(made.stalled_since.date, options),
            then=value_phrase(result, made.stalled_since.value, options),
            now=value_phrase(result, made.inputs[-1].value, options),
        )
    text = label(method, said, options)
    if made.other_method and made.other_on_track is not None:
        why = term(f"report.projection_why.{chosen_by}", options)
        other = Status.ON_TRACK if made.other_on_track else Status.OFF_TRACK
        sep = term("report.list_sep", options)
        text += sep + term("report.projection_used", options, method=method, why=why)
        text += sep + term(
            "report.projection_other",
            options,
            method=term(f"projection.{made.other_method}", options),
            status=status(other, options),
        )
    return text


def ratio_number(ratio: float) -> str:
    """The growth method's observed-to-required ratio as shown: to two decimals, with more
    where those would make it seem to reach the :data:`~scoplan.projection.ON_TRACK_RATIO`
    it does not (or the reverse): 0.9496 is ``0.9496``, never ``0.95``."""
    truth = ratio >= ON_TRACK_RATIO
    for places in range(2, 10):
        shown = rounded(ratio, places)
        if (float(shown) >= ON_TRACK_RATIO) == truth:
            return shown
    return repr(ratio)


def history(result: Result, options: RenderOptions | None = None) -> str:
    """``2020 3.5 · 2021 6.9 · 2022 10.8``: the value at each year-end, to the plan's end;
    ``unknown`` (无法得知) where it cannot be known (never 0)."""
    return " · ".join(
        f"{point.date.year} {history_value(result, point, options)}" for point in result.history
    )


def history_value(result: Result, point: HistoryPoint, options: RenderOptions | None = None) -> str:
    """A point of history as shown: its value, or ``unknown`` (无法得知) where the target's
    values are not known so far back (``point.reason``). Rounded as the value is
    (:func:`measured`): 11.985 of at least 12 is ``11.99``, never ``12.0``."""
    if point.value is None and point.reason:
        return term("history.unknown", options or RenderOptions())
    return measured(result, point.value)


def breakdown(result: Result, options: RenderOptions) -> list[tuple[str, str]]:
    """What an indicator's details give, as (label, text): counts per category, per group…"""
    details = result.evidence.details
    lang = options.lang
    sep = "、" if lang != "en" else ", "
    lines: list[tuple[str, str]] = []
    categories = details.get("categories")
    if isinstance(categories, dict):
        parts = [
            f"{code_name('category', code, lang)} {item['count']}"
            + aside(number(item["share"], "share"), options)
            for code, item in categories.items()
        ]
        lines.append((term("detail.categories", options), sep.join(parts)))
    by_group = details.get("by_group")
    if isinstance(by_group, dict):
        parts = [f"{code_name('group', code, lang)} {n}" for code, n in by_group.items()]
        lines.append((term("detail.by_group", options), sep.join(parts)))
    unserved = details.get("unserved")
    if unserved:
        names = sep.join(code_name("group", code, lang) for code in unserved)
        lines.append((term("detail.unserved", options), names))
    reasons = details.get("reasons")
    if isinstance(reasons, dict) and reasons:
        parts = [f"{reason(code, options)} {n}" for code, n in reasons.items()]
        lines.append(
            (term("detail.reasons", options), term("report.list_sep", options).join(parts))
        )
    return lines


def parts(result: Result, options: RenderOptions) -> str:
    """Each district's figure inside a result over several: ``屯溪区19.0个/社区、黄山区
    9.6个/社区…``, or empty."""
    if not result.parts:
        return ""
    sep = "、" if options.lang != "en" else ", "
    space = "" if options.lang != "en" else " "
    if result.unit == "share" and all(part.denominator == 1 for part in result.parts):
        # each district one unit (a district-level coverage): covered or not, not 100.0%
        covered = [p for p in result.parts if p.numerator]
        lacking = [p for p in result.parts if not p.numerator]
        said = [
            term(key, options, names=sep.join(either(p.name, p.name_en, options) for p in found))
            for key, found in (("report.parts_covered", covered), ("report.parts_lacking", lacking))
            if found
        ]
        return term("report.list_sep", options).join(said)
    return sep.join(
        either(part.name, part.name_en, options) + space + value_phrase(result, part.value, options)
        for part in result.parts
    )


# -- a mean by district and township -----------------------------------------------------


def one_district(result: Result) -> bool:
    """Whether a result's breakdown is of one district whose figure is the scope's own (a
    county's plan, or a district's milestone): its subtotal would repeat the total, and a
    column of its name would say it on every row."""
    if len(result.breakdown) != 1:
        return False
    district = result.breakdown[0]
    numerator, denominator = result.evidence.numerator, result.evidence.denominator
    return (district.numerator, district.denominator) == (numerator, denominator)


def figures_caption(result: Result, options: RenderOptions) -> str:
    """``分区县、乡镇（街道）情况（截至2023年12月31日）``, or ``分乡镇（街道）情况（…）`` for one
    district (:func:`one_district`): the date the figures are measured on, the result's own;
    empty when the result has no breakdown."""
    if not result.breakdown:
        return ""
    key = "report.figures_townships" if one_district(result) else "report.figures"
    return term(key, options, date=date(result.measured_on, options))


def figures_header(options: RenderOptions, result: Result | None = None) -> list[str]:
    """区县 · 乡镇（街道） · 组织数 · 社区数 · 平均: the columns of a breakdown's table; without
    区县 for one district (:func:`one_district`), whose name it would repeat."""
    keys: tuple[str, ...] = ("district", "township", "organizations", "communities", "mean")
    if result is not None and one_district(result):
        keys = keys[1:]
    return [term(f"report.{key}", options) for key in keys]


def figure_digits(result: Result) -> int:
    """How many more decimals than its unit's every figure of a result's breakdown is shown
    with: the most any of them needs (:func:`true_digits`), so that a column of means has
    one precision (``5.96`` among ``5.00``, never among ``5.0``)."""
    figures: list[Figure] = []
    for district in result.breakdown:
        figures += [district, *district.parts]
    return max(
        (
            true_digits(figure.value, result.unit, result.comparator, result.required)
            for figure in figures
            if figure.value is not None
        ),
        default=0,
    )


def figure_value(result: Result, value: float | None, extra: int) -> str:
    """A figure of a breakdown rounded as :func:`figure_digits` says (``extra``), or at
    least as far as the result's value is (:func:`measured`)."""
    if value is None:
        return "—"
    own = true_digits(value, result.unit, result.comparator, result.required)
    return _format(value, result.unit, max(extra, own))


def figure_rows(
    result: Result, options: RenderOptions
) -> list[tuple[Figure, list[list[str]], str]]:
    """Each district of a breakdown, with its rows (its subtotal first, then its townships)
    as :func:`figures_header` orders them, and ``列出平均数最低的10个，共25个`` where a
    report lists fewer townships than it has (else empty)."""
    found = []
    extra = figure_digits(result)
    for district in result.breakdown:
        name = either(district.name, district.name_en, options)
        rows = [figure_cells(result, name, term("report.subtotal", options), district, extra)]
        rows += [
            figure_cells(result, name, either(t.name, t.name_en, options), t, extra)
            for t in district.parts
        ]
        more = ""
        if district.parts_total > len(district.parts):
            more = term(
                "report.figures_listed",
                options,
                shown=len(district.parts),
                total=district.parts_total,
            )
        found.append((district, rows, more))
    return found


def figures_total(result: Result, options: RenderOptions) -> Figure | None:
    """The scope's own figure above its breakdown (全市), or None without a breakdown."""
    numerator, denominator = result.evidence.numerator, result.evidence.denominator
    value = result.value
    if not result.breakdown or numerator is None or denominator is None or value is None:
        return None
    level, id = result.scope.level, result.scope.id
    return Figure(level, id, where(result, options), numerator, denominator, value)


def figures_table(result: Result, options: RenderOptions) -> tuple[list[list[str]], list[str]]:
    """A breakdown as one table's rows (the scope's total first, then each district's
    subtotal and townships; for one district, its townships without its name or subtotal)
    and its notes (``屯溪区：列出平均数最低的10个…``)."""
    total = figures_total(result, options)
    if total is None:
        return [], []
    cells = figure_cells(
        result, total.name, term("report.total", options), total, figure_digits(result)
    )
    one = one_district(result)
    rows = [cells[1:] if one else cells]
    notes = []
    for district, found, more in figure_rows(result, options):
        rows.extend([row[1:] for row in found[1:]] if one else found)
        if more:
            name = either(district.name, district.name_en, options)
            notes.append(more if one else label(name, more, options))
    return rows, notes


def figure_cells(
    result: Result, district: str, township: str, figure: Figure, extra: int = 0
) -> list[str]:
    """One row of a breakdown's table: district, township, organizations, communities, mean
    (rounded as :func:`figure_value` says, with ``extra`` decimals)."""
    return [
        district,
        township,
        unit_number(figure.numerator),
        unit_number(figure.denominator),
        figure_value(result, figure.value, extra),
    ]


def figure_line(
    result: Result, figure: Figure, options: RenderOptions, extra: int | None = None
) -> str:
    """``屯溪区：14.8个/社区（458个组织÷31个社区）``: one unit of a breakdown in a line, its
    mean rounded as every figure of the breakdown is (:func:`figure_digits`)."""
    if extra is None:
        extra = figure_digits(result)
    shown = figure_value(result, figure.value, extra)
    return term(
        "report.figure",
        options,
        name=either(figure.name, figure.name_en, options),
        value=_with_unit(result, shown, options) if figure.value is not None else shown,
        organizations=unit_number(figure.numerator),
        communities=unit_number(figure.denominator),
    )


def facts(
    result: Result, options: RenderOptions, *, with_history: bool, chosen_by: str = "plan"
) -> list[tuple[str, str]]:
    """A result's facts as (label, text) pairs, in the order every report gives them: value
    and requirement, the calculation, each district's figure, an error message, the
    breakdown, the gap, the history (unless the report draws it), the projection."""
    found: list[tuple[str, str]] = []
    if result.value is not None:
        found.append((term("report.progress", options), progress(result, options)))
    if evidence(result, options):
        found.append((term("report.evidence_label", options), evidence(result, options)))
    if parts(result, options):
        found.append((term("report.parts", options), parts(result, options)))
    if reference(result, options):
        found.append((term("report.reference", options), reference(result, options)))
    if result.message:
        found.append((term("report.message", options), message(result, options)))
    found.extend(breakdown(result, options))
    if gap_text(result, options):
        found.append((term("report.gap", options), gap_text(result, options)))
    if with_history and result.history:
        found.append((term("report.history", options), history(result, options)))
    if result.projection is not None:
        need = needed(result, options)
        said = projection(result, options, chosen_by)
        found.append(
            (
                term("report.projection", options),
                said + (term("report.list_sep", options) + need if need else ""),
            )
        )
    return found


def needs_attention(result: Result) -> bool:
    """Whether a report details a result: anything but a plain ``met`` that still holds."""
    return result.status is not Status.MET or result.no_longer_holds


def table_name(table: str, options: RenderOptions) -> str:
    """A table of the data by the name a reader knows: 区县, 社区社会组织… (in English, as
    DATA.md names it, in words: brand projects)."""
    from scoplan.schema import TABLES_BY_NAME

    known = TABLES_BY_NAME.get(table)
    if options.lang == "en":
        return table.replace("_", " ")
    return known.alias if known is not None else table


def column_name(table: str | None, column: str, options: RenderOptions) -> str:
    """A column of a table of the data by the name a reader knows: 类别, 成立日期… (in
    English, as DATA.md names it, in words: founded, service groups); a column no table of
    DATA.md has (a plugin's) as it is named."""
    from scoplan.schema import TABLES_BY_NAME

    known = TABLES_BY_NAME.get(table or "")
    found = next((c for c in known.columns if c.name == column), None) if known else None
    if found is None:
        return column
    return column.replace("_", " ") if options.lang == "en" else found.alias


def source(report: Report, options: RenderOptions, *, named: bool = False) -> str:
    """Where the data came from: ``…/huangshan（修改时间2024年1月5日 09:30:00；区县7行；…）``;
    ``named``, the file or folder by its name alone (:func:`source_name`); empty when the
    report does not say."""
    found = report.source
    if found is None or not (found.location or found.rows):
        return ""
    location = source_name(found.location) if named else found.location
    sep = term("report.list_sep", options)
    details = []
    if found.modified:
        shown = moment(found.modified, options)
        details.append(term("report.source_modified", options, time=shown))
    details += [
        term("report.source_rows", options, table=table_name(table, options), rows=rows)
        for table, rows in found.rows.items()
        if rows
    ]
    inner = sep.join(details)
    if not inner:
        return location
    if options.lang == "en":
        return f"{location} ({inner})".strip()
    return f"{location}（{inner}）"


def history_note(report: Report, options: RenderOptions) -> str:
    """What a report's year-end figures (历年年底数) are made of, where it gives any: this
    data as it records each organization now (its 登记状态, 管理主体, 类别…), for a register
    keeps no record of their changes, so that a year-end may differ from that year's own
    report (found by a user trial, 祁门县: 96.1% in 2022's report, 96.3% in 2023's history,
    three organizations registered in 2023 counted registered since founded). Empty
    where no result gives a history."""
    if not any(result.history for result in report.results):
        return ""
    return term("report.history_note", options)


def source_name(location: str) -> str:
    """The data's file or folder by its name (``黄山市社区社会组织台账``), not where it lay on
    the machine that read it (``/tmp/…/黄山市社区社会组织台账``, ``C:\\数据\\台账.xlsx``): what a
    report handed up names. A SQLite or DuckDB URL by its file's name; another database's URL (its
    password masked) as given."""
    scheme, sep, rest = location.partition("://")
    if sep and not scheme.startswith(("sqlite", "duckdb")):
        return location
    return PureWindowsPath(rest.partition("?")[0] if sep else location).name or location


def made_at() -> dt.datetime:
    """Now, to the second, in UTC without its zone: when a Word or Excel report was made, as
    their properties keep it (in UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def plan_line(report: Report, options: RenderOptions) -> str:
    """The plan as a report names it: its title and version."""
    return term(
        "report.plan_version",
        options,
        title=plan_title(report, options),
        version=report.plan_version,
    )


def only_itself(result: Result, found: Gap) -> bool:
    """Whether the only unit short is the result's scope itself (a district without its
    centre, the city level without its training): a list of it would say nothing more."""
    return len(found.units) == 1 and found.units[0].id == result.scope.id


def summary(report: Report, options: RenderOptions) -> str:
    """``已完成46项，逾期完成6项，未完成15项，仅作监测（不考核）5项``."""
    sep = "，" if options.lang != "en" else ", "

    def said(code: str, n: int) -> str:
        many = f"status.{code}.many"  # 8 indicators, where a status is a noun
        word = term(many, options) if n != 1 and has(many, options) else None
        return word or status(Status(code), options)

    return sep.join(
        term("report.count_item", options, status=said(code, n), count=n)
        for code, n in report.counts().items()
        if n
    )
