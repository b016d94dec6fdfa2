"""The few measures most targets are made of: a mean per unit, a share covered, a count.

A target kind picks its units and what it counts from the dataset, then hands them to one
of these, which computes the value, the evidence, the units that fall short and the gap in
whole units. Writing a new target kind is mostly choosing the units.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from scoplan.dataset import counted_as
from scoplan.target import (
    Context,
    Figure,
    Measurement,
    Requirement,
    UnitValue,
    holds,
    whole_units_needed,
)

if TYPE_CHECKING:
    from scoplan.dataset import Dataset


def _requirement(
    requirement: Requirement | None,
    required: float | None,
    comparator: str | None,
    function: str,
) -> Requirement:
    """The requirement a measure is given: ``requirement``, or (deprecated) the two keywords
    ``required`` and ``comparator``."""
    if requirement is not None:
        if required is not None or comparator is not None:
            raise TypeError(f"{function}() takes requirement= or required=, not both")
        return requirement
    if required is None:
        raise TypeError(f"{function}() needs requirement=Requirement(threshold, comparator)")
    warnings.warn(
        f"{function}(required=, comparator=) is deprecated and goes in the next release: "
        f"pass requirement=scoplan.Requirement({required!r}, {comparator or '>='!r})",
        DeprecationWarning,
        stacklevel=3,
    )
    return Requirement(required, comparator or ">=")  # type: ignore[arg-type]


def _units(level: str, frame: pl.DataFrame, listed: int | None) -> tuple[UnitValue, ...]:
    rows = frame if listed is None else frame.head(listed)
    return tuple(
        UnitValue(level, uid, name or "", value=None if value is None else float(value), need=need)
        for uid, name, value, need in rows.select("id", "name", "value", "need").iter_rows()
    )


def mean_per_unit(
    context: Context,
    units: pl.DataFrame,
    counts: pl.DataFrame,
    *,
    key: str,
    requirement: Requirement | None = None,
    required: float | None = None,
    comparator: str | None = None,
    level: str,
    noun: str,
    details: Mapping[str, Any] | None = None,
) -> Measurement:
    """The mean of ``counts`` over ``units`` (units absent from ``counts`` count 0).

    ``units`` has ``id`` and ``name``; ``counts`` has ``key`` (a unit id) and ``count``.
    The shortfall lists the units whose own count falls short, the furthest first, with
    how many each lacks; the gap is how many more in all would bring the mean up.
    """
    needed = _requirement(requirement, required, comparator, "mean_per_unit")
    required, comparator = needed.threshold, needed.comparator
    if units.height == 0:
        return Measurement(None, required, comparator, unit="per_community", gap_noun=noun)
    joined = (
        units.select("id", "name")
        .join(counts.select(pl.col(key).alias("id"), "count"), on="id", how="left")
        .with_columns(pl.col("count").fill_null(0).alias("value"))
    )
    total = int(joined.get_column("value").sum())
    n = joined.height
    value = total / n
    short = _short_units(joined, comparator, required).sort(
        ["need", "id"], descending=[True, False]
    )
    return Measurement(
        value=value,
        required=required,
        comparator=comparator,
        unit="per_community",
        numerator=total,
        denominator=n,
        shortfall=_units(level, short, context.listed),
        shortfall_total=short.height,
        gap=whole_units_needed(total, n, comparator, required),
        gap_noun=noun,
        details=dict(details or {}),
    )


def _short_units(joined: pl.DataFrame, comparator: str, required: float) -> pl.DataFrame:
    """The units whose own ``value`` falls short of ``required``, with how much each ``need``s."""
    value = pl.col("value")
    if comparator in (">=", ">", "=="):
        return joined.filter(
            value < required if comparator != ">" else value <= required
        ).with_columns((pl.lit(required) - value).alias("need"))
    return joined.filter(
        value > required if comparator == "<=" else value >= required
    ).with_columns((value - pl.lit(required)).alias("need"))


@attrs.frozen
class _DistrictMean:
    total: int
    n: int
    shortfall: tuple[UnitValue, ...]
    shortfall_total: int


def _district_means(
    data: Dataset,
    kind: str | None,
    on: dt.date,
    requirement: Requirement,
    listed: int | None,
    registration: tuple[str, ...] | None,
    categories: tuple[str, ...] | None,
) -> dict[str, _DistrictMean]:
    """:func:`mean_per_unit` of the communities of ``kind`` for every district at once.

    An ``each = true`` plan over a country's 2,839 districts asks for each district's mean
    in turn; a few whole-column passes answer them all, where one pass per district would
    spend most of its time on the overhead of small queries. A scope of several districts
    adds theirs up.
    """
    required, comparator = requirement.threshold, requirement.comparator
    districts = data.district_ids()
    joined = data.communities_counted(districts, on, kind, registration, categories).select(
        "id", "name", "district_id", pl.col("count").alias("value")
    )
    short = _short_units(joined, comparator, required)
    totals = joined.group_by("district_id").agg(pl.col("value").sum(), pl.len())
    lacking = dict(short.group_by("district_id").len().iter_rows())
    short = short.sort(["district_id", "need", "id"], descending=[False, True, False])
    if listed is not None:
        short = short.filter(pl.int_range(pl.len()).over("district_id") < listed)
    units: dict[str, list[UnitValue]] = {}
    for district, uid, name, value, need in short.select(
        "district_id", "id", "name", "value", "need"
    ).iter_rows():
        units.setdefault(district, []).append(
            UnitValue("community", uid, name or "", value=float(value), need=need)
        )
    return {
        district: _DistrictMean(
            int(total), n, tuple(units.get(district, ())), lacking.get(district, 0)
        )
        for district, total, n in totals.iter_rows()
    }


def _together(found: Sequence[_DistrictMean], listed: int | None) -> _DistrictMean:
    """The figures of several districts as one: their communities together."""
    if len(found) == 1:
        return found[0]
    units = sorted(
        (unit for mean in found for unit in mean.shortfall),
        key=lambda unit: (-(unit.need or 0.0), unit.id),
    )
    return _DistrictMean(
        sum(mean.total for mean in found),
        sum(mean.n for mean in found),
        tuple(units if listed is None else units[:listed]),
        sum(mean.shortfall_total for mean in found),
    )


def share_covered(
    context: Context,
    units: pl.DataFrame,
    covered: pl.Series,
    *,
    requirement: Requirement | None = None,
    required: float | None = None,
    comparator: str | None = None,
    level: str,
    noun: str,
    details: Mapping[str, Any] | None = None,
) -> Measurement:
    """The share of ``units`` whose id is in ``covered``; the shortfall lists the others.

    The gap is the fewest more units that must be covered to reach the required share.
    """
    needed = _requirement(requirement, required, comparator, "share_covered")
    required, comparator = needed.threshold, needed.comparator
    return share_flagged(
        context,
        flag_covered(units, covered),
        requirement=needed,
        level=level,
        noun=noun,
        details=details,
    )


def share_flagged(
    context: Context,
    flagged: pl.DataFrame,
    *,
    requirement: Requirement | None = None,
    required: float | None = None,
    comparator: str | None = None,
    level: str,
    noun: str,
    details: Mapping[str, Any] | None = None,
) -> Measurement:
    """The share of ``flagged`` units (``id``, ``name``, boolean ``covered``) that are covered.

    The shortfall lists the others by id; the gap is the fewest more to cover.
    """
    needed = _requirement(requirement, required, comparator, "share_flagged")
    required, comparator = needed.threshold, needed.comparator
    n = flagged.height
    if n == 0:
        return Measurement(None, required, comparator, unit="share", gap_noun=noun)
    # on whole columns, not queries: a share is asked for hundreds of times a run, mostly
    # of a few dozen units, where a query's own cost would be most of the work
    covered = flagged.get_column("covered")
    done = int(covered.sum())
    value = done / n
    met = holds(value, comparator, required)
    shortfall: tuple[UnitValue, ...] = ()
    lacking = 0
    if not met:
        rows = flagged.filter(~covered).select("id", "name")
        lacking = rows.height
        if context.listed is not None and context.listed < lacking:
            rows = rows.top_k(context.listed, by="id", reverse=True)
        shortfall = tuple(
            UnitValue(level, uid, name or "", value=0.0) for uid, name in rows.sort("id").rows()
        )
    return Measurement(
        value=value,
        required=required,
        comparator=comparator,
        unit="share",
        numerator=done,
        denominator=n,
        shortfall=shortfall,
        shortfall_total=lacking,
        gap=whole_units_needed(done, n, comparator, required),
        gap_noun=noun,
        details=dict(details or {}),
    )


def count(
    context: Context,
    found: pl.DataFrame,
    *,
    requirement: Requirement | None = None,
    required: float | None = None,
    comparator: str | None = None,
    noun: str,
    details: Mapping[str, Any] | None = None,
) -> Measurement:
    """The number of rows of ``found`` (service centres, brand organizations…).

    When the count falls short, the shortfall names the scope itself, so that a reader
    sees which district lacks one. A scope with no district (a group the data has none
    of) has nothing to count in: no value, so ``no_data``, not a count of zero.
    """
    needed = _requirement(requirement, required, comparator, "count")
    required, comparator = needed.threshold, needed.comparator
    return counted(context, found.height, needed, noun=noun, details=details)


def counted(
    context: Context,
    n: int,
    requirement: Requirement,
    *,
    noun: str,
    details: Mapping[str, Any] | None = None,
) -> Measurement:
    """A count of ``n`` (service centres, trainings…) judged against ``requirement``, as
    :func:`count` judges the rows of a frame."""
    required, comparator = requirement.threshold, requirement.comparator
    if not context.scope.districts:
        return Measurement(None, required, comparator, unit="count", gap_noun=noun)
    met = holds(n, comparator, required)
    scope = context.scope
    short = () if met else (UnitValue(scope.level, scope.id, scope.name, float(n)),)
    return Measurement(
        value=float(n),
        required=required,
        comparator=comparator,
        unit="count",
        numerator=n,
        shortfall=short if context.listed != 0 else (),
        shortfall_total=len(short),
        gap=whole_units_needed(n, 1, comparator, required),
        gap_noun=noun,
        details=dict(details or {}),
    )


_ORGANIZATIONS = "organizations"


def community_average(
    context: Context,
    params: Any,
    kind: str | None,
    *,
    categories: Sequence[str] | None = None,
) -> Measurement:
    """The mean number of active organizations per community of ``kind`` in the scope
    (of every kind when None), of the ``categories`` named (all when None).

    ``params`` is a :class:`~scoplan.params.Average` (or has ``threshold`` and
    ``comparator``, and may have ``registration``: the statuses counted). Without a
    threshold the mean is an indicator. Every district's figures are computed at once (a
    plan that judges each district asks for each); a scope adds up its districts'.
    """
    data = context.data
    registration = getattr(params, "registration", None)
    details: dict[str, Any] = {} if registration is None else {"registration": list(registration)}
    if categories:
        details["category"] = sorted(set(categories))
    details["community_kind"] = kind  # whose mean: urban, rural, or (None) every community
    if params.threshold is None:
        # the mean alone: the same figures, judged against nothing
        judged = community_average(
            attrs.evolve(context, listed=0),
            _Judged(0.0, ">=", registration),
            kind,
            categories=categories,
        )
        return attrs.evolve(
            indicator(
                judged.value,
                unit="per_community",
                numerator=judged.numerator,
                denominator=judged.denominator,
                details=details,
            ),
            breakdown=breakdown(context, kind, registration, categories),
        )
    requirement = Requirement.of(params)
    required, comparator = requirement.threshold, requirement.comparator
    statuses = None if registration is None else tuple(sorted(set(registration)))
    kinds = None if not categories else tuple(sorted(set(categories)))
    means = data.cached(
        _district_means, kind, context.on, requirement, context.listed, statuses, kinds
    )
    found = [means[d] for d in dict.fromkeys(context.scope.districts) if d in means]
    if not found:
        return Measurement(
            None,
            required,
            comparator,
            unit="per_community",
            gap_noun=_ORGANIZATIONS,
            details=details,
        )
    mean = _together(found, context.listed)
    return Measurement(
        value=mean.total / mean.n,
        required=required,
        comparator=comparator,
        unit="per_community",
        numerator=mean.total,
        denominator=mean.n,
        shortfall=mean.shortfall,
        shortfall_total=mean.shortfall_total,
        gap=whole_units_needed(mean.total, mean.n, comparator, required),
        gap_noun=_ORGANIZATIONS,
        details=details,
        breakdown=breakdown(context, kind, registration, categories),
    )


BREAKDOWN_LIMIT = 60
"""The most districts a scope may have for its mean to be broken down by district and
township (as many as a result's ``parts``): a province's or a country's would be a book."""


def breakdown(
    context: Context,
    kind: str | None,
    registration: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
) -> tuple[Figure, ...]:
    """The figure of each district of the scope, and of each township inside it, of the mean
    number of organizations per community of ``kind``, on ``context.on``.

    Each district lists its townships by code; when ``context.listed`` is N, only the N
    lowest of each (``parts_total`` counts them all). Nothing when ``listed`` is 0 (a point
    of history) or the scope has more than :data:`BREAKDOWN_LIMIT` districts.
    """
    data, listed = context.data, context.listed
    districts = tuple(sorted(set(context.scope.districts)))
    if listed == 0 or not districts or len(districts) > BREAKDOWN_LIMIT:
        return ()
    rows = data.cached(_township_rows, kind, context.on, *counted_as(registration, categories))
    figures = (_district_figure(data, d, rows.get(d, ()), listed) for d in districts)
    return tuple(figure for figure in figures if figure is not None)


_TownshipRow = tuple[str, str | None, str, int, int]
"""A township's id, name, district, communities and organizations (:meth:`township_totals`)."""


def _township_rows(
    data: Dataset,
    kind: str | None,
    on: dt.date,
    registration: tuple[str, ...] | None,
    categories: tuple[str, ...] | None,
) -> defaultdict[str, list[_TownshipRow]]:
    """Every township's totals, by district, read out of one frame once: a plan that judges
    each of a country's districts asks for each district's in turn, and a frame per district
    cost more than its few rows."""
    totals = data.township_totals(data.district_ids(), on, kind, registration, categories)
    rows: defaultdict[str, list[_TownshipRow]] = defaultdict(list)
    for row in totals.iter_rows():
        rows[row[2]].append(row)
    return rows


def _district_figure(
    data: Dataset, district: str, rows: Sequence[_TownshipRow], listed: int | None
) -> Figure | None:
    """A district's figure of :func:`breakdown`, its townships inside (None without any)."""
    if not rows:
        return None
    townships_en = data.english_names("townships")
    townships = [
        Figure(
            "township",
            uid,
            name or "",
            organizations,
            communities,
            organizations / communities,
            name_en=townships_en.get(uid, ""),
        )
        for uid, name, _, communities, organizations in rows
    ]
    shown = townships
    if listed is not None and len(townships) > listed:
        lowest = sorted(townships, key=lambda f: (f.value, f.id))[:listed]
        shown = sorted(lowest, key=lambda f: f.id)
    organizations = sum(f.numerator for f in townships)
    communities = sum(f.denominator for f in townships)
    return Figure(
        "district",
        district,
        data.names("districts", [district]).get(district, district),
        organizations,
        communities,
        organizations / communities,
        tuple(shown),
        len(townships),
        data.english_names("districts").get(district, ""),
    )


@attrs.frozen
class _Judged:
    """The parameters of a mean measured against a requirement, for an indicator's figures."""

    threshold: float
    comparator: str
    registration: Sequence[str] | None


def yearly(measurement: Measurement, window: str) -> Measurement:
    """The measurement marked as not cumulative when only one year's events count."""
    if window != "year":
        return measurement
    return attrs.evolve(measurement, cumulative=False)


def event_window(context: Context, window: str) -> tuple[dt.date, dt.date]:
    """The first and last day whose events count on ``context.on``.

    ``year``: the calendar year of the milestone's due date, up to ``context.on``;
    ``to_date``: everything up to ``context.on``.
    """
    end = min(context.on, dt.date(context.due.year, 12, 31))
    if window == "year":
        return dt.date(context.due.year, 1, 1), end
    return dt.date.min, context.on


def indicator(
    value: float | None,
    *,
    unit: str,
    numerator: float | None = None,
    denominator: float | None = None,
    details: Mapping[str, Any] | None = None,
) -> Measurement:
    """A value with no requirement: reported with the status ``info``, never judged."""
    return Measurement(
        value=value,
        unit=unit,
        numerator=numerator,
        denominator=denominator,
        details=dict(details or {}),
    )


def share_or_indicator(
    context: Context,
    flagged: pl.DataFrame,
    *,
    threshold: float | None,
    comparator: str,
    level: str,
    noun: str,
    details: Mapping[str, Any] | None = None,
) -> Measurement:
    """:func:`share_flagged` when a threshold is set, otherwise the same share as an indicator.

    ``flagged`` has ``id``, ``name`` and a boolean ``covered``.
    """
    if threshold is not None:
        return share_flagged(
            context,
            flagged,
            requirement=Requirement(threshold, comparator),  # type: ignore[arg-type]
            level=level,
            noun=noun,
            details=details,
        )
    if flagged.height == 0:
        return indicator(None, unit="share")
    done = int(flagged.get_column("covered").sum())
    return indicator(
        done / flagged.height,
        unit="share",
        numerator=done,
        denominator=flagged.height,
        details=details,
    )


def flag_covered(units: pl.DataFrame, covered: pl.Series) -> pl.DataFrame:
    """``units`` (``id``, ``name``) with a boolean ``covered``: whether the id is in ``covered``.

    When ``covered`` is sorted (as :meth:`~scoplan.Dataset.units_with` returns it) and much
    longer than ``units``, each id is looked up by bisection: a district's two hundred
    communities against a country's covered ones, without hashing all of those each time.
    """
    if (
        covered.len() > 4 * units.height
        and covered.flags["SORTED_ASC"]
        and not covered.null_count()
        and covered.dtype == pl.String
    ):
        ids = units.get_column("id")
        at = covered.search_sorted(ids).clip(upper_bound=covered.len() - 1)
        found = (covered.gather(at) == ids).fill_null(False)
        return units.select("id", "name").with_columns(found.alias("covered"))
    return units.select("id", "name", pl.col("id").is_in(covered.implode()).alias("covered"))


def district_establishments(context: Context, params: Any, kind: str, noun: str) -> Measurement:
    """How many establishments of ``kind`` the scope's districts themselves have open.

    Only establishments whose ``unit_id`` is one of the districts count: a township's
    service centre is not the district's own (本级).
    """
    ids = context.data.active_ids_of_units(
        "establishments", context.on, context.scope.districts, kind=kind
    )
    return counted(context, len(ids), Requirement.of(params), noun=noun, details={kind: list(ids)})


def event_coverage(
    context: Context, params: Any, units: pl.DataFrame, kind: str, level: str, noun: str
) -> Measurement:
    """The share of ``units`` that held an event of ``kind`` in the window ``params`` sets.

    ``params`` is an :class:`~scoplan.params.EventShare` (threshold, comparator, window).
    """
    start, end = event_window(context, params.window)
    measured = share_covered(
        context,
        units,
        context.data.held(kind, start, end).get_column("unit_id").unique(),
        requirement=Requirement.of(params),
        level=level,
        noun=noun,
        details={
            "event": kind,
            "level": level,
            "window": params.window,
            "from": start.isoformat(),
            "to": end.isoformat(),
        },
    )
    return yearly(measured, params.window)


def events_held(context: Context, params: Any, kind: str, noun: str) -> Measurement:
    """How many events of ``kind`` the scope held in the window ``params`` sets.

    ``params`` is an :class:`~scoplan.params.EventCount`. Held by the scope itself means
    ``unit_id`` is one of the scope's own (:attr:`~scoplan.target.Scope.own`): ``city`` for
    a city's whole area, the county for a county's, else one of the scope's districts.
    """
    data = context.data
    start, end = event_window(context, params.window)
    if params.since is not None:
        start = max(start, params.since)
    scope = context.scope
    ids = data.held_ids(kind, start, end, scope.own)
    if params.held_by == "within":
        ids = sorted({*ids, *data.held_ids_within(kind, start, end, scope.districts)})
    measured = counted(
        context,
        len(ids),
        Requirement.of(params),
        noun=noun,
        details={
            "window": params.window,
            "from": start.isoformat(),
            "to": end.isoformat(),
            kind: list(ids),
        },
    )
    return yearly(measured, params.window)


def townships_of(
    context: Context, kinds: Sequence[str] = (), with_communities_only: bool = False
) -> pl.DataFrame:
    """The scope's township-level units (``id``, ``name``…), of ``kinds`` if any are named.

    ``with_communities_only`` leaves out the units that have no community (a 管理区, a 林场,
    a development zone filed as a township-level unit).
    """
    data, districts = context.data, context.scope.districts
    townships = data.townships_in(districts, list(kinds) or None)
    if with_communities_only:
        inhabited = data.communities_in(districts).get_column("township_id").unique()
        townships = townships.filter(pl.col("id").is_in(inhabited.implode()))
    return townships
