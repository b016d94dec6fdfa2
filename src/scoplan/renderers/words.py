"""Numbers and gaps as a reader sees them, in Chinese or English."""

from __future__ import annotations

from scoplan.i18n import CATALOGUES, translate
from scoplan.report import Gap, Result

_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def number(value: float | None, unit: str) -> str:
    """A value in its unit: a share as a percentage, a count whole, a mean to two places."""
    if value is None:
        return "—"
    if unit == "share":
        return f"{value * 100:.1f}%"
    if unit == "count" and float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}"


def requirement(result: Result) -> str:
    """``≥ 15.00`` or ``≥ 70.0%``; empty for an indicator."""
    if result.required is None or result.comparator is None:
        return ""
    symbol = _SYMBOLS.get(result.comparator, result.comparator)
    return f"{symbol} {number(result.required, result.unit)}"


def gap(gap: Gap | None, lang: str) -> str:
    """``还差40个社区社会组织`` / ``40 more organizations``; empty when there is no gap."""
    if gap is None:
        return ""
    amount = int(gap.amount) if float(gap.amount).is_integer() else gap.amount
    key = f"noun.{gap.noun}"
    if amount == 1 and key + ".one" in CATALOGUES.get(lang, {}):
        key += ".one"
    noun = translate(key, lang)
    key = "gap.less" if gap.direction == "less" else "gap.more"
    return translate(key, lang, amount=amount, noun=noun)


def scope_name(result: Result, lang: str) -> str:
    """The scope's name in the language, falling back to the data's name."""
    if lang == "en" and result.scope.name_en:
        return result.scope.name_en
    return result.scope.name


def needed(result: Result, lang: str) -> str:
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
    return translate(key, lang, rate=f"{shown:.2f}".rstrip("0").rstrip("."), due=projection.due)


def projection(result: Result, lang: str) -> str:
    """The method, what it projects and whether that is on track; or why there is none."""
    made = result.projection
    if made is None:
        return ""
    method = translate(f"projection.{made.method}", lang)
    if made.reason:
        return f"{method}: {translate(f'projection.{made.reason}', lang)}"
    if made.method == "cagr" and made.ratio is not None:
        return f"{method}: {translate('projection.ratio', lang, ratio=f'{made.ratio:.2f}')}"
    value = number(made.projected, result.unit)
    return f"{method}: {translate('projection.projected', lang, value=value, due=made.due)}"


def history(result: Result) -> str:
    """``2020 3.51 · 2021 7.02 · 2022 10.3``: the value at each year-end."""
    return " · ".join(
        f"{point.date.year} {number(point.value, result.unit)}" for point in result.history
    )
