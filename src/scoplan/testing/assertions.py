"""Assertions on results, with failure messages that say what was measured and why.

Each takes a :class:`~scoplan.Report` or any iterable of :class:`~scoplan.Result`, a
milestone id and, when the milestone has several scopes (``each = true``), the scope: its
id (``341002``, ``city``) or its name (``屯溪区``). They return the result they checked::

    assert_status(report, "community-funds", "met")
    assert_value(report, "community-funds", 2 / 3)
    assert_status(report, "community-funds-each", "not_met", scope="341004")

A failure reads::

    community-funds (city 测试市): expected status met, got not_met
      value 0.3333333 (required >= 0.5), measured on 2022-12-31
      gap: 1 more townships: T2, T3
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scoplan.report import Report, Result


def _results(report_or_results: Report | Iterable[Result]) -> tuple[Result, ...]:
    from scoplan.report import Report

    if isinstance(report_or_results, Report):
        return report_or_results.results
    return tuple(report_or_results)


def _where(result: Result) -> str:
    return f"{result.milestone} ({result.scope.level} {result.scope.name or result.scope.id})"


def describe(result: Result) -> str:
    """A result in a few lines: status, value and requirement, gap, message."""
    lines = [f"{_where(result)}: {result.status.value}"]
    if result.value is not None or result.required is not None:
        need = ""
        if result.required is not None:
            need = f" (required {result.comparator} {result.required:g})"
        value = "none" if result.value is None else f"{result.value:.7g}"
        lines.append(f"  value {value}{need}, measured on {result.measured_on.isoformat()}")
    if result.gap is not None:
        units = ", ".join(u.id for u in result.gap.units[:10])
        more = "" if result.gap.units_total <= 10 else f" … ({result.gap.units_total} in all)"
        lines.append(
            f"  gap: {result.gap.amount:g} {result.gap.direction} {result.gap.noun}"
            + (f": {units}{more}" if units else "")
        )
    if result.message:
        lines.append(f"  message: {result.message}")
    return "\n".join(lines)


def find_result(
    report_or_results: Report | Iterable[Result], milestone: str, scope: str | None = None
) -> Result:
    """The one result of ``milestone`` (in ``scope``: an id or a name); AssertionError if
    there is none, or several and no scope says which."""
    results = _results(report_or_results)
    found = [r for r in results if r.milestone == milestone]
    if not found:
        known = ", ".join(sorted({r.milestone for r in results})) or "none"
        raise AssertionError(f"no result for milestone {milestone!r} (milestones: {known})")
    if scope is not None:
        matching = [r for r in found if scope in (r.scope.id, r.scope.name, r.scope.name_en)]
        if not matching:
            scopes = ", ".join(f"{r.scope.id} ({r.scope.name})" for r in found)
            raise AssertionError(
                f"no result for milestone {milestone!r} in scope {scope!r} (scopes: {scopes})"
            )
        found = matching
    if len(found) > 1:
        scopes = ", ".join(f"{r.scope.id} ({r.scope.name})" for r in found)
        raise AssertionError(
            f"milestone {milestone!r} has {len(found)} results (scopes: {scopes}): "
            "say which with scope="
        )
    return found[0]


def assert_status(
    report_or_results: Report | Iterable[Result],
    milestone: str,
    status: str,
    scope: str | None = None,
) -> Result:
    """Assert that ``milestone`` (in ``scope``) has ``status`` (``met``, ``not_met``…)."""
    from scoplan.report import Status

    expected = Status(status)
    result = find_result(report_or_results, milestone, scope)
    if result.status is not expected:
        _, _, rest = describe(result).partition("\n")
        message = f"{_where(result)}: expected status {expected.value}, got {result.status.value}"
        raise AssertionError(message + ("\n" + rest if rest else ""))
    return result


def values_match(actual: float | None, expected: float | None, rel: float, abs: float) -> bool:
    """Whether two values agree: both None, or close within ``rel`` or ``abs``."""
    if actual is None or expected is None:
        return actual is None and expected is None
    return math.isclose(actual, expected, rel_tol=rel, abs_tol=abs)


def assert_value(
    report_or_results: Report | Iterable[Result],
    milestone: str,
    expected: float | None,
    scope: str | None = None,
    *,
    rel: float = 1e-9,
    abs: float = 1e-12,
) -> Result:
    """Assert that ``milestone`` (in ``scope``) measured ``expected`` (None: no value),
    within ``rel`` (relative) or ``abs`` (absolute) tolerance."""
    result = find_result(report_or_results, milestone, scope)
    if not values_match(result.value, expected, rel, abs):
        shown = "none" if expected is None else f"{expected:.7g}"
        got = "none" if result.value is None else f"{result.value:.7g}"
        _, _, rest = describe(result).partition("\n")
        message = f"{_where(result)}: expected value {shown}, got {got}"
        raise AssertionError(message + ("\n" + rest if rest else ""))
    return result
