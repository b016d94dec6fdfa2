"""What changed between two reports, as text for people or JSON for programs."""

from __future__ import annotations

from typing import Any

from scoplan import _json
from scoplan._display import NAME_LIMIT, shown
from scoplan.diff import Comparison
from scoplan.i18n import translate
from scoplan.renderers import words

SHOWN = 10
"""How many units entering or leaving a shortfall the text names (JSON has them all)."""


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The JSON form: every matched result, with ``changed``, ``status_changed`` and ``delta``."""
    from scoplan._convert import unstructure

    data: dict[str, Any] = unstructure(comparison)
    for plain, change in zip(data["changes"], comparison.changes, strict=True):
        plain["changed"] = change.changed
        plain["status_changed"] = change.status_changed
        plain["delta"] = change.delta
    data["summary"] = {
        "matched": len(comparison.changes),
        "changed": len(comparison.changed()),
        "status_changed": len(comparison.flipped()),
    }
    return data


def render_comparison_json(comparison: Comparison) -> str:
    """The comparison as JSON."""
    return _json.dumps(comparison_to_dict(comparison)) + "\n"


def render_comparison_text(comparison: Comparison, lang: str = "zh") -> str:
    """The milestones whose status changed, then those whose value or shortfall moved."""

    def t(key: str, **values: Any) -> str:
        return translate(key, lang, **values)

    def name(text: str) -> str:
        # names and ids come from the reports' data: escaped, cut (the JSON keeps them whole)
        return shown(text, NAME_LIMIT, lang)

    lines = [
        t("diff.title"),
        f"{t('diff.before')}: {comparison.before_as_of} ({comparison.before_fingerprint[:12]})",
        f"{t('diff.after')}: {comparison.after_as_of} ({comparison.after_fingerprint[:12]})",
        t(
            "diff.summary",
            changed=len(comparison.changed()),
            flipped=len(comparison.flipped()),
            matched=len(comparison.changes),
        ),
    ]
    for change in comparison.changed():
        before = t(f"status.{change.status_before.value}")
        after = t(f"status.{change.status_after.value}")
        status = f"{before} → {after}" if change.status_changed else after
        values = (
            f"{words.number(change.value_before, change.unit)} → "
            f"{words.number(change.value_after, change.unit)}"
        )
        if change.delta is not None:
            sign = "+" if change.delta >= 0 else "−"
            values += f" ({sign}{words.number(abs(change.delta), change.unit)})"
        mark = "★" if change.status_changed else "·"
        where = f"{name(change.milestone)} · {name(change.scope_name)}"
        lines.append(f"{mark} {where}: {status}; {values}")
        if change.partial and (change.entered or change.left):
            lines.append(f"    ({t('diff.partial')})")
        for key, units in (("diff.entered", change.entered), ("diff.left", change.left)):
            if units:
                names = "、".join(f"{name(u.name)}({name(u.id)})" for u in units[:SHOWN])
                more = t("report.and_more", total=len(units)) if len(units) > SHOWN else ""
                lines.append(f"    {t(key)}: {names}{more}")
    for ref in comparison.only_before:
        where = f"{name(ref.milestone)} · {name(ref.scope_name)}"
        lines.append(f"− {where}: {t('diff.only_before')}")
    for ref in comparison.only_after:
        where = f"{name(ref.milestone)} · {name(ref.scope_name)}"
        lines.append(f"+ {where}: {t('diff.only_after')}")
    # whatever else a report gave (a unit of a value, a date): no control character either
    return "\n".join(shown(line, None) for line in lines) + "\n"
