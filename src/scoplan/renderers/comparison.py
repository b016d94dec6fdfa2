"""What changed between two reports, as text for people or JSON for programs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from scoplan import _json
from scoplan._display import NAME_LIMIT, shown
from scoplan.diff import _EPSILON, Change, Comparison, PartChange, ResultRef
from scoplan.formats import RenderOptions
from scoplan.i18n import translate
from scoplan.renderers import words
from scoplan.report import ScopeRef, Status
from scoplan.target import UnitValue

if TYPE_CHECKING:
    pass

SHOWN = 10
"""How many units entering or leaving a shortfall the text names (JSON has them all)."""


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The JSON form: every matched result, with ``changed``, ``status_changed``, ``delta``
    (the move of ``value``: the due date's where a report is dated after it) and
    ``delta_now`` (the move of the value now, ``value_now_before`` → ``value_now_after``)."""
    from scoplan._convert import unstructure

    data: dict[str, Any] = unstructure(comparison)
    data.pop("whole", None)  # a word of the text's, not a difference
    for plain, change in zip(data["changes"], comparison.changes, strict=True):
        plain["changed"] = change.changed
        plain["status_changed"] = change.status_changed
        plain["delta"] = change.delta
        plain["delta_now"] = change.delta_now
        for plain_part, part in zip(plain["parts"], change.parts, strict=True):
            plain_part["changed"] = part.changed
            plain_part["delta"] = part.delta
            plain_part["delta_now"] = part.delta_now
    data["summary"] = {
        "matched": len(comparison.changes),
        "changed": len(comparison.changed()),
        "status_changed": len(comparison.flipped()),
    }
    return data


def render_comparison_json(comparison: Comparison) -> str:
    """The comparison as JSON."""
    return _json.dumps(comparison_to_dict(comparison)) + "\n"


def _named(change: Change | ResultRef, lang: str) -> str:
    """A milestone as every report names it (:func:`words.named`): its title in ``lang``,
    with its scope's name after it where the title does not name it (a plan's own title
    for several scopes); the id where the report has no title."""
    options = RenderOptions(lang=lang)
    scope = ScopeRef(change.scope_level, change.scope_id, change.scope_name, change.scope_name_en)
    shown = words.either(change.title, change.title_en, options) or change.milestone
    return words.titled(shown, scope, options)


_UNJUDGED = (Status.NOT_COVERED, Status.NO_DATA, Status.ERROR)
"""A result no report judged: it lists no unit, and no listing of it is "partial"."""

MORE_DIGITS = 4
"""How many decimals a change may be shown with beyond its unit's own, so that two values
that differ are not shown alike (``1.0 → 1.0``)."""


def _shown(text: str) -> Decimal:
    """A value as :func:`words.number` shows it (``43.8%`` → 43.8, the percent itself)."""
    return Decimal(text.removesuffix("%"))


def _with_unit(change: Change, text: str, lang: str) -> str:
    """A value with its unit, as every report writes it (``1.1个/社区``, ``46.9%``, ``12个``,
    ``3次``; in English ``1.1 per community``): :func:`words.with_unit`."""
    if text == words.number(None, change.unit):
        return text  # no value: a dash, without a unit
    return words.with_unit(change.unit, change.target, text, RenderOptions(lang=lang))


def _pair(change: Change, before: float | None, after: float | None, lang: str) -> str:
    """``40.6% → 43.8%（+3.2个百分点）``, ``1.0个/社区 → 1.1个/社区（+0.1）``: both values with
    their unit, rounded to it (with more decimals where the rounding would show two
    different values alike, or a value seem to meet its report's requirement when it does
    not: 99.96% of 100% is ``99.96%``), and their change reckoned from the values as shown,
    so that it adds up; a share's change in percentage points. Empty where the value did
    not move (the same on both sides, or none on either)."""
    unit = change.unit
    if before is None and after is None:
        return ""
    need = [
        words.true_digits(value, unit, change.comparator, required)
        for value, required in ((before, change.required_before), (after, change.required_after))
        if value is not None
    ]
    if before is None or after is None:
        old = words.number(before, unit, max(need))
        new = words.number(after, unit, max(need))
        return f"{_with_unit(change, old, lang)} → {_with_unit(change, new, lang)}"
    if abs(after - before) <= _EPSILON:
        return ""
    for extra in range(max(need), MORE_DIGITS + max(need) + 1):
        old, new = words.number(before, unit, extra), words.number(after, unit, extra)
        if _shown(old) != _shown(new):
            break
    delta = _shown(new) - _shown(old)
    text = ("−" if delta < 0 else "+") + format(abs(delta), "f")
    if unit == "share":
        text = translate("diff.points", lang, delta=text)
    shown = f"{_with_unit(change, old, lang)} → {_with_unit(change, new, lang)}"
    return shown + translate("diff.delta", lang, delta=text)


def _one(change: Change, value: float, required: float | None, lang: str) -> str:
    """One value with its unit, rounded as :func:`_pair` rounds it (``4.2个/社区``)."""
    extra = words.true_digits(value, change.unit, change.comparator, required)
    return _with_unit(change, words.number(value, change.unit, extra), lang)


def _alone(
    change: Change, now: float, due: float | None, required: float | None, key: str, lang: str
) -> list[str]:
    """One report dated after the due date, the other not: that report's value now, beside
    the move of ``value``, where it differs from its due date's as shown (as the report
    itself says it: ``目前4.2个/社区``)."""
    shown = _one(change, now, required, lang)
    if due is not None and shown == _one(change, due, required, lang):
        return []
    return [translate(key, lang, values=shown)]


def _values(change: Change, lang: str, part: PartChange | None = None) -> str:
    """How the value moved (:func:`_pair`): where both reports are dated after the due
    date, the value on the due date (``到期时…``, shown only where it moved) and the value
    now (``目前3.3个/社区 → 4.2个/社区（+0.9）``, likewise), as the reports say them; where
    only one is, its value now beside the move of ``value`` (``目前4.2个/社区``). Empty where
    nothing moved: only the status changed, or the units short. With ``part``, that
    district's own figure inside the result, measured as the result's."""
    moved: Change | PartChange = change if part is None else part
    then = _pair(change, moved.value_before, moved.value_after, lang)
    before, after = moved.value_now_before, moved.value_now_after
    if before is None and after is None:
        return then
    parts = [then] if then else []
    if before is not None and after is not None:
        now = _pair(change, before, after, lang)
        if then:
            parts = [translate("diff.then", lang, values=then)]
        if now:
            parts.append(translate("diff.now", lang, values=now))
    elif after is not None:
        parts += _alone(change, after, moved.value_after, change.required_after, "diff.now", lang)
    elif before is not None:
        parts += _alone(
            change, before, moved.value_before, change.required_before, "diff.now_before", lang
        )
    return translate("diff.and", lang).join(parts)


def _whole(part: PartChange) -> bool:
    """Whether the district is counted whole on both sides (a coverage of districts): its
    figure is covered or not, as the reports say it, not 100.0%."""
    return part.denominator_before == 1 and part.denominator_after == 1


def _part_values(change: Change, part: PartChange, lang: str) -> str:
    """How a district's own figure moved, as the reports give it (``55.6% → 72.2%（+16.6个
    百分点）``; a district counted whole ``未覆盖 → 已覆盖``); empty where it did not."""
    if change.unit == "share" and _whole(part):
        if part.value_before == part.value_after:
            return ""
        said = [
            translate("report.covered" if value else "report.not_covered", lang)
            for value in (part.value_before, part.value_after)
        ]
        return " → ".join(said)
    return _values(change, lang, part)


def _part_lines(
    change: Change, t: Callable[..., str], name: Callable[[str], str], lang: str
) -> list[str]:
    """Each district's own figure that moved inside a result not judged, under its line
    (``祁门县：55.6% → 72.2%（+16.6个百分点）``), and its own units short that moved
    (``祁门县不再未达标：…``)."""
    lines = []
    for part in change.parts:
        if not part.changed:
            continue
        district = name(words.either(part.name, part.name_en, RenderOptions(lang=lang)))
        values = _part_values(change, part, lang)
        if values:
            lines.append("    " + t("diff.part", name=district, values=values))
        # units the earlier report did not list: cut (--listed), or no figure of the district
        listed = "diff.newly_listed_part" if part.value_before is None else "diff.newly_listed"
        for key, units in (
            ("diff.entered", part.entered),
            ("diff.left", part.left),
            (listed, part.newly_listed),
        ):
            if len(units) == 1 and units[0].id == part.id and units[0].level == "district":
                continue  # the district itself, counted whole: 未覆盖 → 已覆盖 says it
            if units:
                names = t("diff.unit_sep").join(_unit(t, name, u) for u in units[:SHOWN])
                more = t("report.and_more", total=len(units)) if len(units) > SHOWN else ""
                said = t("diff.part_units", name=district, what=t(key), names=f"{names}{more}")
                lines.append("    " + said)
        if part.unlisted:
            key = "diff.unlisted_part" if part.value_after is None else "diff.unlisted"
            said = t(key, count=len(part.unlisted))
            lines.append("    " + t("diff.part", name=district, values=said))
    return lines


def _counts(comparison: Comparison) -> dict[str, int]:
    return {
        "matched": len(comparison.changes),
        "changed": len(comparison.changed()),
        "flipped": len(comparison.flipped()),
    }


def _unit(t: Callable[..., str], name: Callable[[str], str], unit: UnitValue) -> str:
    """A unit as a list of units short says it: its name and its id, or its name alone for
    the whole area (its id ``city`` is no code a reader knows)."""
    if unit.level == "city":
        return name(unit.name)
    return t("diff.unit", name=name(unit.name), id=name(unit.id))


def _itself(change: Change, units: tuple[UnitValue, ...]) -> bool:
    """Whether the units that entered or left a shortfall are the result's scope alone (the
    city, whose count of brand organizations falls short or not as a whole)."""
    return len(units) == 1 and (units[0].id, units[0].level) == (
        change.scope_id,
        change.scope_level,
    )


def _summary_key(comparison: Comparison) -> str:
    """The summary as the counts read: none changed, some changed but no status, some
    statuses changed (not "其中0项状态改变")."""
    counts = _counts(comparison)
    if not counts["matched"]:
        return "diff.summary_nothing"
    if not counts["changed"]:
        return "diff.summary_none"
    return "diff.summary" if counts["flipped"] else "diff.summary_no_status"


def render_comparison_text(comparison: Comparison, lang: str = "zh") -> str:
    """The milestones whose status changed, then those whose value or shortfall moved: each
    by its title, its id last. Each report's date as the reports write it
    (:func:`words.date`: ``2023年12月31日`` in Chinese, ``2023-12-31`` in English)."""

    def t(key: str, **values: Any) -> str:
        return translate(key, lang, **values)

    def name(text: str) -> str:
        # names and ids come from the reports' data: escaped, cut (the JSON keeps them whole)
        return shown(text, NAME_LIMIT, lang)

    def report(key: str, as_of: dt.date, fingerprint: str) -> str:
        # each report's date as every report writes it: 2023年12月31日 in Chinese; its
        # checksum whole, as the reports give it (a reader matches the one to the other)
        day = words.date(as_of, RenderOptions(lang=lang))
        return t("diff.report", which=t(key), date=day, fingerprint=name(fingerprint))

    lines = [
        t("diff.title"),
        report("diff.before", comparison.before_as_of, comparison.before_fingerprint),
        report("diff.after", comparison.after_as_of, comparison.after_fingerprint),
        t(_summary_key(comparison), **_counts(comparison)),
    ]
    for change in comparison.changed():
        before = t(f"status.{change.status_before.value}")
        after = t(f"status.{change.status_after.value}")
        status = f"{before} → {after}" if change.status_changed else after
        # a status that changed alone is said alone: no "0 → 0（+0）" after it
        values = _values(change, lang)
        title = _named(change, lang)
        lines.append(
            t(
                "diff.line",
                mark="★" if change.status_changed else "·",
                title=name(title),
                what=f"{status}{t('diff.and')}{values}" if values else status,
            )
        )
        if change.partial and (change.entered or change.left):
            lines.append("    " + t("diff.note", note=t("diff.partial")))
        # the units the older report did not list (met as a whole then) are short now, not
        # newly short; those the newer does not list (met now) are not said to have caught up
        # "did not list every unit" only where the earlier report cut its list (--listed):
        # a result pending then, with no gap, had no list to cut
        listed = (
            "diff.newly_listed_met"
            if change.met_before
            else "diff.newly_listed_unjudged"
            if change.status_before in _UNJUDGED
            else "diff.newly_listed"
            if change.cut_before
            else "diff.newly_listed_none"
        )
        for key, units in (
            ("diff.entered", change.entered),
            ("diff.left", change.left),
            (listed, change.newly_listed),
        ):
            # the scope itself short now, pending before (a district's own training): 屯溪区现未达标
            whole = key != listed or listed == "diff.newly_listed_none"
            if units and whole and _itself(change, units):
                # the scope itself (the city's count of brand organizations): not a unit of
                # a list, "不再未达标：黄山市", but the whole of it, 全市已达标
                where = comparison.whole.get(lang, "") if change.scope_level == "city" else ""
                where = name(
                    where
                    or words.either(
                        change.scope_name, change.scope_name_en, RenderOptions(lang=lang)
                    )
                )
                itself = (
                    "diff.itself_entered" if key == listed else key.replace("diff.", "diff.itself_")
                )
                lines.append("    " + t(itself, where=where))
            elif units:
                names = t("diff.unit_sep").join(_unit(t, name, u) for u in units[:SHOWN])
                more = t("report.and_more", total=len(units)) if len(units) > SHOWN else ""
                what = t(key, status=t(f"status.{change.status_before.value}"))
                lines.append("    " + t("diff.units", what=what, names=f"{names}{more}"))
        if change.unlisted:
            key = (
                "diff.unlisted_met"
                if change.met_after
                else "diff.unlisted_unjudged"
                if change.status_after in _UNJUDGED
                else "diff.unlisted"
                if change.cut_after
                else "diff.unlisted_none"
            )
            status = t(f"status.{change.status_after.value}")
            lines.append("    " + t(key, count=len(change.unlisted), status=status))
        lines += _part_lines(change, t, name, lang)
    for mark, key, refs in (
        ("−", "diff.only_before", comparison.only_before),
        ("+", "diff.only_after", comparison.only_after),
    ):
        for ref in refs:
            title = _named(ref, lang)
            lines.append(t("diff.line", mark=mark, title=name(title), what=t(key)))
    # whatever else a report gave (a unit of a value, a date): no control character either
    return "\n".join(shown(line, None) for line in lines) + "\n"
