"""Will a milestone not yet due be met? Projections from the year-end history.

Two methods, both stated in every result that uses them, with their inputs:

``linear``
    The least-squares line through the history (the year-end values from the plan's base
    year, and the value on the evaluation date), extended to the due date. On track when
    the projected value meets the requirement.

``cagr``
    Open SDG's progress measure: the ratio of the observed compound annual growth rate
    (base year to now) to the rate required to reach the requirement by the due date
    (base year to due date). On track at 0.95 or more. It needs a base value above zero.

With fewer than two points of history no projection is made, nor from points less than a
quarter apart (:data:`MIN_SPAN_DAYS`), and the reason is kept.
Either way the result says how much a year it still takes: the rate needed from the
evaluation date to the due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from scoplan.target import holds

METHODS = ("linear", "cagr")
DEFAULT_PROJECTION = "linear"
"""The method of a plan that sets none (its ``projection``) and a run that asks for none."""
ON_TRACK_RATIO = 0.95
"""Open SDG's threshold: observed growth at 95% of the required growth is on track."""
DAYS_PER_YEAR = 365.25
MIN_SPAN_DAYS = 90
"""The shortest time, in days, from the first point a projection uses to the last: a
quarter (季度), the shortest period a bureau reports by. A trend over a day or a few weeks
is no trend: a rise from 31 December to 1 January would be read as a yearly rate some 365
times as large, and the registrations of a year's first weeks (filings made all at once, or
none yet) say nothing of the rest of it. The year-ends are a year apart, so this only holds
back an evaluation within a quarter of the first year-end known (the base year's end, or a
target's ``known_from``); a half-year report (半年报, 30 June: 181 days on) is projected. A
milestone whose points span less is ``pending`` with the reason ``short_span``."""


@attrs.frozen
class HistoryPoint:
    """The value of a milestone's measure on a date (a year-end, or the evaluation date)."""

    date: dt.date
    value: float | None
    reason: str = ""
    """Why ``value`` is None where it is: ``unknown_before`` (the target's values are known
    only from a later date, ``known_from``: what was true then cannot be told, which is not
    0); empty otherwise. Written to a report's JSON only when set."""


@attrs.frozen
class Projection:
    """A projection of a milestone's value to its due date, and what it still takes.

    ``on_track`` is None when no projection could be made; ``reason`` then says why
    (``too_few_points``, ``short_span``: the points used are less than
    :data:`MIN_SPAN_DAYS` apart, ``zero_base``, ``no_growth_needed``, ``single_year``: the value
    counts only the due year's events, so earlier years show no trend; ``year_not_begun``:
    it does, and the due year has not begun, so there is no value yet; ``unknown_before``:
    too few year-ends can be known, see :attr:`HistoryPoint.reason`). ``projected`` is the linear
    method's value on the due date; ``ratio`` the growth method's observed-to-required
    ratio. ``needed_per_year`` is how much the value must still rise (or fall) each year
    from the evaluation date to the due date, None where a yearly rate says nothing (less
    than a year left, a single act such as one centre to open, no projection made);
    ``inputs`` are the points used. ``other_method`` and ``other_on_track`` name the other
    method and its verdict when it would have judged otherwise (else empty and None).
    """

    method: str
    on_track: bool | None
    due: dt.date
    needed_per_year: float | None = None
    projected: float | None = None
    slope_per_year: float | None = None
    ratio: float | None = None
    inputs: tuple[HistoryPoint, ...] = ()
    reason: str = ""
    other_method: str = ""
    other_on_track: bool | None = None
    stalled_since: HistoryPoint | None = None
    """The point of history a year or more before the evaluation date (the latest such)
    since which the value has not moved towards the requirement, where the method would
    judge the milestone on track: a trend drawn from an earlier rise is not progress, and
    ``on_track`` is then False (see :func:`stalled_since`). None otherwise."""


def years_between(start: dt.date, end: dt.date) -> float:
    """The time from ``start`` to ``end`` in years of 365.25 days."""
    return (end - start).days / DAYS_PER_YEAR


def needed_per_year(current: float, required: float, as_of: dt.date, due: dt.date) -> float | None:
    """How much a year the value must change from ``as_of`` to reach ``required`` by ``due``."""
    years = years_between(as_of, due)
    if years <= 0:
        return None
    return (required - current) / years


def linear(
    points: Sequence[HistoryPoint], due: dt.date, required: float, comparator: str
) -> tuple[bool | None, float | None, float | None, str]:
    """(on track, projected value, slope per year, reason) of the least-squares line."""
    known = [p for p in points if p.value is not None]
    if len(known) < 2:
        return None, None, None, "too_few_points"
    origin = known[0].date
    xs = [years_between(origin, p.date) for p in known]
    ys = [float(p.value) for p in known if p.value is not None]
    mean_x = sum(xs) / len(xs)
    mean_y = sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None, None, None, "too_few_points"
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    projected = mean_y + slope * (years_between(origin, due) - mean_x)
    return holds(projected, comparator, required), projected, slope, ""


def growth_ratio(
    base: HistoryPoint,
    current: HistoryPoint,
    due: dt.date,
    required: float,
    comparator: str = ">=",
) -> tuple[bool | None, float | None, str]:
    """(on track, observed-to-required growth ratio, reason), as Open SDG measures progress.

    As in Open SDG, the ratio is ``d * observed / |required|`` with ``d`` the desired
    direction (+1 for ``>=``/``>``, -1 for ``<=``/``<``), so that a value moving away from
    the requirement is never on track, even when the base already met it.
    """
    if base.value is None or current.value is None:
        return None, None, "too_few_points"
    elapsed = years_between(base.date, current.date)
    horizon = years_between(base.date, due)
    if elapsed <= 0 or horizon <= 0:
        return None, None, "too_few_points"
    if base.value <= 0 or current.value < 0:
        return None, None, "zero_base"
    required_rate = (required / base.value) ** (1 / horizon) - 1
    if required_rate == 0:
        return None, None, "no_growth_needed"
    observed_rate = (current.value / base.value) ** (1 / elapsed) - 1
    if comparator in (">=", ">"):
        direction = 1.0
    elif comparator in ("<=", "<"):
        direction = -1.0
    else:  # ==: towards the requirement
        direction = 1.0 if required_rate > 0 else -1.0
    ratio = direction * observed_rate / abs(required_rate)
    return ratio >= ON_TRACK_RATIO, ratio, ""


STALLED_DAYS = 365
"""How long a value must have stood still (or moved away from its requirement) before a
projection that would call it on track is not believed: a year. Registrations come in
batches (a year's filings made at once), so a quarter or a half-year without a rise says
little; a whole year says the earlier rise the trend is drawn from is over."""


def stalled_since(
    points: Sequence[HistoryPoint], required: float, comparator: str
) -> HistoryPoint | None:
    """The latest point at least :data:`STALLED_DAYS` before the last of ``points`` since
    which the value has not moved towards ``required``; None where it has, or where no
    point is that old.

    成都's share of communities with a service station was 0 at the base year's end, 49.3% a
    year later and 49.3% ever since, a month before the due date: the least-squares line
    through those points, drawn up by the first year's rise, reaches 50% in time; the
    register shows no rise for two years.
    """
    known = [p for p in points if p.value is not None]
    if len(known) < 2:
        return None
    now = known[-1]
    earlier = [p for p in known[:-1] if (now.date - p.date).days >= STALLED_DAYS]
    if not earlier:
        return None
    then = earlier[-1]
    assert now.value is not None
    assert then.value is not None
    if comparator in (">=", ">"):
        towards = now.value > then.value
    elif comparator in ("<=", "<"):
        towards = now.value < then.value
    else:
        towards = abs(required - now.value) < abs(required - then.value)
    return None if towards else then


def project(
    method: str,
    history: Sequence[HistoryPoint],
    as_of: dt.date,
    due: dt.date,
    required: float,
    comparator: str,
) -> Projection:
    """Project ``history`` (ending with the value on ``as_of``) to ``due`` by ``method``;
    none from fewer than two points (``too_few_points``), or from points less than
    :data:`MIN_SPAN_DAYS` apart (``short_span``), whichever the method."""
    points = tuple(p for p in history if p.value is not None and p.date <= as_of)
    current = points[-1].value if points else None
    needed = None if current is None else needed_per_year(current, required, as_of, due)
    if len(points) >= 2 and (points[-1].date - points[0].date).days < MIN_SPAN_DAYS:
        inputs = (points[0], points[-1]) if method == "cagr" else points
        return Projection(method, None, due, needed, inputs=inputs, reason="short_span")
    if method == "cagr":
        if len(points) < 2:
            return Projection(method, None, due, needed, inputs=points, reason="too_few_points")
        on_track, ratio, reason = growth_ratio(points[0], points[-1], due, required, comparator)
        stalled = stalled_since(points, required, comparator) if on_track else None
        inputs = (points[0], points[-1])
        return Projection(
            method,
            False if stalled else on_track,
            due,
            needed,
            ratio=ratio,
            inputs=inputs,
            reason=reason,
            stalled_since=stalled,
        )
    on_track, projected, slope, reason = linear(points, due, required, comparator)
    stalled = stalled_since(points, required, comparator) if on_track else None
    return Projection(
        "linear",
        False if stalled else on_track,
        due,
        needed,
        projected=projected,
        slope_per_year=slope,
        inputs=points,
        reason=reason,
        stalled_since=stalled,
    )
