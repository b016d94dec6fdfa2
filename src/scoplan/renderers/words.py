"""Numbers, names and gaps as a reader sees them, in Chinese or English.

Every renderer takes its words from here or from :func:`term`, which reads the catalogues
of :mod:`scoplan.i18n` and lets a plan's own words (``RenderOptions.terms``, from
``Plan.terms``) win. Besides catalogue keys, a plan may rename a target kind's title with
the key ``target.<id>`` (``{"zh": {"target.township-federation-coverage": "…"}}``).
"""

from __future__ import annotations

from typing import Any

from scoplan.formats import RenderOptions
from scoplan.i18n import CATALOGUES, code_name, translate
from scoplan.plan import Clause
from scoplan.report import DataWarning, Gap, Report, Result, RunError, ScopeRef, Status

_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def term(key: str, options: RenderOptions, /, **values: Any) -> str:
    """The catalogue entry ``key`` in the options' language, or the plan's word for it."""
    return translate(key, options.lang, options.terms, **values)


def either(zh: str, en: str, options: RenderOptions) -> str:
    """``en`` in English when it is given, else ``zh``: for text the data gives in both."""
    return en if options.lang == "en" and en else zh


def title(result: Result, options: RenderOptions) -> str:
    """What a result measures: the plan's own title for its target kind, or the kind's."""
    own = options.terms.get(f"target.{result.target}")
    return own or either(result.title, result.title_en, options)


def plan_title(report: Report, options: RenderOptions) -> str:
    """The plan's title in the language."""
    return either(report.plan_title, report.plan_title_en, options)


def status(value: Status, options: RenderOptions) -> str:
    """``达成`` / ``met``."""
    return term(f"status.{value.value}", options)


def scope_name(result: Result, options: RenderOptions) -> str:
    """The scope's name in the language, falling back to the data's name."""
    return either(result.scope.name, result.scope.name_en, options)


def scope_reading(scope: ScopeRef, options: RenderOptions) -> str:
    """How the plan reads a scope (which districts 中心城区 means), or empty."""
    return either(scope.reading, scope.reading_en, options)


def reading(result: Result, options: RenderOptions) -> str:
    """How the milestone reads its clause, or empty."""
    return either(result.reading, result.reading_en, options)


def clause_text(clause: Clause, options: RenderOptions) -> str:
    """The wording of a clause in the language."""
    return either(clause.text, clause.text_en, options)


def level(code: str, options: RenderOptions) -> str:
    """A level (``city``, ``district``, ``community``…) in words; an unknown one as is."""
    key = f"level.{code}"
    return term(key, options) if key in CATALOGUES["zh"] else code


def reason(code: str, options: RenderOptions) -> str:
    """Why a unit falls short (``no_manager``…) in words, or empty."""
    return term(f"reason.{code}", options) if code else ""


def message(result: Result, options: RenderOptions) -> str:
    """Why a result is an error, in the language when scoplan says it in both, or empty."""
    return either(result.message_zh or result.message or "", result.message or "", options)


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


def number(value: float | None, unit: str) -> str:
    """A value in its unit: a share as a percentage, a count whole, a mean to two places."""
    if value is None:
        return "—"
    if unit == "share":
        return f"{value * 100:.1f}%"
    if unit == "count" and float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}"


def unit_number(value: float | None) -> str:
    """A short unit's value or need: a count of things, whole when it is whole."""
    return number(value, "count")


def value(result: Result, options: RenderOptions) -> str:
    """``13.20``, or ``88.9% (当前 100.0%)`` when the value now differs from the due date's."""
    text = number(result.value, result.unit)
    if result.value_now is not None and result.value_now != result.value:
        text += f" ({term('report.now', options)} {number(result.value_now, result.unit)})"
    return text


def requirement(result: Result) -> str:
    """``≥ 15.00`` or ``≥ 70.0%``; empty for an indicator."""
    if result.required is None or result.comparator is None:
        return ""
    symbol = _SYMBOLS.get(result.comparator, result.comparator)
    return f"{symbol} {number(result.required, result.unit)}"


def evidence(result: Result) -> str:
    """``1003 / 76``: the two sides of a mean or share; empty when there are none."""
    if not result.evidence.denominator:
        return ""
    numerator = number(result.evidence.numerator, "count")
    return f"{numerator} / {number(result.evidence.denominator, 'count')}"


def noun(gap: Gap, options: RenderOptions) -> str:
    """The gap's noun (``个社区社会组织``, ``organizations``), singular for one in English."""
    key = f"noun.{gap.noun}"
    one = key + ".one"
    catalogue = CATALOGUES.get(options.lang, {})
    # a plan that renames the plural only has its word used for one as well
    if gap.amount == 1 and (
        one in options.terms or (key not in options.terms and one in catalogue)
    ):
        key = one
    return term(key, options)


def gap(gap: Gap | None, options: RenderOptions) -> str:
    """``还差40个社区社会组织`` / ``40 more organizations``; empty when there is no gap."""
    if gap is None:
        return ""
    amount = int(gap.amount) if float(gap.amount).is_integer() else gap.amount
    key = "gap.less" if gap.direction == "less" else "gap.more"
    return term(key, options, amount=amount, noun=noun(gap, options))


def needed(result: Result, options: RenderOptions) -> str:
    """``≥ 2.3 more organizations per community per year until 2023-12-31``, or empty."""
    projection = result.projection
    if projection is None or projection.needed_per_year is None:
        return ""
    rate = projection.needed_per_year
    if rate == 0:
        return ""
    unit = result.unit if result.unit in ("per_community", "share", "count") else "count"
    shown = abs(rate) * (100 if unit == "share" else 1)
    key = f"needed.{unit}" if rate > 0 else f"needed.less.{unit}"
    return term(key, options, rate=f"{shown:.2f}".rstrip("0").rstrip("."), due=projection.due)


def projection(result: Result, options: RenderOptions) -> str:
    """The method, what it projects and whether that is on track; or why there is none."""
    made = result.projection
    if made is None:
        return ""
    method = term(f"projection.{made.method}", options)
    if made.reason:
        return f"{method}: {term(f'projection.{made.reason}', options)}"
    if made.method == "cagr" and made.ratio is not None:
        return f"{method}: {term('projection.ratio', options, ratio=f'{made.ratio:.2f}')}"
    shown = number(made.projected, result.unit)
    return f"{method}: {term('projection.projected', options, value=shown, due=made.due)}"


def history(result: Result) -> str:
    """``2020 3.51 · 2021 7.02 · 2022 10.3``: the value at each year-end."""
    return " · ".join(
        f"{point.date.year} {number(point.value, result.unit)}" for point in result.history
    )


def breakdown(result: Result, options: RenderOptions) -> list[tuple[str, str]]:
    """What an indicator's details give, as (label, text): counts per category, per group…"""
    details = result.evidence.details
    lang = options.lang
    lines: list[tuple[str, str]] = []
    categories = details.get("categories")
    if isinstance(categories, dict):
        parts = [
            f"{code_name('category', code, lang)} {item['count']} ({item['share'] * 100:.1f}%)"
            for code, item in categories.items()
        ]
        lines.append((term("detail.categories", options), "、".join(parts)))
    by_group = details.get("by_group")
    if isinstance(by_group, dict):
        parts = [f"{code_name('group', code, lang)} {n}" for code, n in by_group.items()]
        lines.append((term("detail.by_group", options), "、".join(parts)))
    unserved = details.get("unserved")
    if unserved:
        names = "、".join(code_name("group", code, lang) for code in unserved)
        lines.append((term("detail.unserved", options), names))
    reasons = details.get("reasons")
    if isinstance(reasons, dict) and reasons:
        parts = [f"{reason(code, options)} {n}" for code, n in reasons.items()]
        lines.append((term("detail.reasons", options), "; ".join(parts)))
    return lines


def facts(result: Result, options: RenderOptions, *, with_history: bool) -> list[tuple[str, str]]:
    """A result's facts as (label, text) pairs, in the order every report gives them: value
    and requirement, evidence, a no-longer-holds warning, an error message, the breakdown,
    the gap, the history (unless the report draws it), the projection."""
    found: list[tuple[str, str]] = []
    if result.value is not None:
        found.append(
            (
                term("report.value", options),
                f"{value(result, options)} {requirement(result)}".strip(),
            )
        )
    if evidence(result):
        found.append((term("report.evidence_label", options), evidence(result)))
    if result.no_longer_holds:
        found.append((term("report.status", options), term("report.no_longer_holds", options)))
    if result.message:
        found.append((term("report.message", options), message(result, options)))
    found.extend(breakdown(result, options))
    if result.gap is not None:
        found.append((term("report.gap", options), gap(result.gap, options)))
    if with_history and result.history:
        found.append((term("report.history", options), history(result)))
    if result.projection is not None:
        need = needed(result, options)
        found.append(
            (
                term("report.projection", options),
                projection(result, options) + (f"; {need}" if need else ""),
            )
        )
    return found


def needs_attention(result: Result) -> bool:
    """Whether a report details a result: anything but a plain ``met`` that still holds."""
    return result.status is not Status.MET or result.no_longer_holds
