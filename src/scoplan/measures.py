"""The few measures most targets are made of: a mean per unit, a share covered, a count.

A target kind picks its units and what it counts from the dataset, then hands them to one
of these, which computes the value, the evidence, the units that fall short and the gap in
whole units. Writing a new target kind is mostly choosing the units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from scoplan.target import Context, Measurement, UnitValue, holds, whole_units_needed

if TYPE_CHECKING:
    from scoplan.dataset import Dataset


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
    required: float,
    comparator: str,
    level: str,
    noun: str,
    details: Mapping[str, Any] | None = None,
) -> Measurement:
    """The mean of ``counts`` over ``units`` (units absent from ``counts`` count 0).

    ``units`` has ``id`` and ``name``; ``counts`` has ``key`` (a unit id) and ``count``.
    The shortfall lists the units whose own count falls short, the furthest first, with
    how many each lacks; the gap is how many more in all would bring the mean up.
    """
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
    context: Context,
    kind: str,
    required: float,
    comparator: str,
    registration: Sequence[str] | None = None,
) -> dict[str, _DistrictMean]:
    """:func:`mean_per_unit` of the communities of ``kind`` for every district at once.

    An ``each = true`` plan over a country's 2,839 districts asks for each district's mean
    in turn; a few whole-column passes answer them all, where one pass per district would
    spend most of its time on the overhead of small queries.
    """
    data, listed = context.data, context.listed
    districts = data.district_ids()
    joined = (
        data.communities_in(districts, kind=kind)
        .select("id", "name", "district_id")
        .join(
            data.community_counts(districts, context.on, registration).select(
                pl.col("community_id").alias("id"), "count"
            ),
            on="id",
            how="left",
        )
        .with_columns(pl.col("count").fill_null(0).alias("value"))
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


def share_covered(
    context: Context,
    units: pl.DataFrame,
    covered: pl.Series,
    *,
    required: float,
    comparator: str,
    level: str,
    noun: str,
    details: Mapping[str, Any] | None = None,
) -> Measurement:
    """The share of ``units`` whose id is in ``covered``; the shortfall lists the others.

    The gap is the fewest more units that must be covered to reach the required share.
    """
    return share_flagged(
        context,
        flag_covered(units, covered),
        required=required,
        comparator=comparator,
        level=level,
        noun=noun,
        details=details,
    )


def share_flagged(
    context: Context,
    flagged: pl.DataFrame,
    *,
    required: float,
    comparator: str,
    level: str,
    noun: str,
    details: Mapping[str, Any] | None = None,
) -> Measurement:
    """The share of ``flagged`` units (``id``, ``name``, boolean ``covered``) that are covered.

    The shortfall lists the others by id; the gap is the fewest more to cover.
    """
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
    required: float,
    comparator: str,
    noun: str,
    details: Mapping[str, Any] | None = None,
) -> Measurement:
    """The number of rows of ``found`` (service centres, brand organizations…).

    When the count falls short, the shortfall names the scope itself, so that a reader
    sees which district lacks one. A scope with no district (a group the data has none
    of) has nothing to count in: no value, so ``no_data``, not a count of zero.
    """
    return _counted(
        context, found.height, required=required, comparator=comparator, noun=noun, details=details
    )


def _counted(
    context: Context,
    n: int,
    *,
    required: float,
    comparator: str,
    noun: str,
    details: Mapping[str, Any] | None,
) -> Measurement:
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


def _ids_by(frame: pl.DataFrame, key: str) -> dict[str, list[str]]:
    """The distinct ``id`` of ``frame`` for each value of ``key``, sorted.

    What a plan that judges each district on its own asks of one district, answered for
    all of them in one pass: a country has 2,839 districts.
    """
    grouped = frame.group_by(key).agg(pl.col("id").unique().sort())
    return {value: ids for value, ids in grouped.iter_rows() if value is not None}


_ORGANIZATIONS = "organizations"


def community_average(context: Context, params: Any, kind: str) -> Measurement:
    """The mean number of active organizations per community of ``kind`` in the scope.

    ``params`` is a :class:`~scoplan.params.Average` (or has ``threshold`` and
    ``comparator``, and may have ``registration``: the statuses counted). Without a
    threshold the mean is an indicator. A scope of one district reads its figures from
    every district's, computed at once.
    """
    data = context.data
    registration = getattr(params, "registration", None)
    details = {} if registration is None else {"registration": list(registration)}
    if params.threshold is None:
        # the mean alone: the same figures, judged against nothing
        judged = community_average(
            attrs.evolve(context, listed=0), _Judged(0.0, ">=", registration), kind
        )
        return indicator(
            judged.value,
            unit="per_community",
            numerator=judged.numerator,
            denominator=judged.denominator,
            details=details,
        )
    if len(context.scope.districts) == 1:
        required, comparator = params.threshold, params.comparator
        statuses = None if registration is None else tuple(registration)
        key = ("district_means", kind, context.on, required, comparator, context.listed, statuses)
        means = data.remember(
            key, lambda: _district_means(context, kind, required, comparator, statuses)
        )
        found = means.get(context.scope.districts[0])
        if found is None:
            return Measurement(
                None, required, comparator, unit="per_community", gap_noun=_ORGANIZATIONS
            )
        return Measurement(
            value=found.total / found.n,
            required=required,
            comparator=comparator,
            unit="per_community",
            numerator=found.total,
            denominator=found.n,
            shortfall=found.shortfall,
            shortfall_total=found.shortfall_total,
            gap=whole_units_needed(found.total, found.n, comparator, required),
            gap_noun=_ORGANIZATIONS,
            details=details,
        )
    return mean_per_unit(
        context,
        data.communities_in(context.scope.districts, kind=kind),
        data.community_counts(context.scope.districts, context.on, registration),
        key="community_id",
        required=params.threshold,
        comparator=params.comparator,
        level="community",
        noun=_ORGANIZATIONS,
        details=details,
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
            required=threshold,
            comparator=comparator,
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
    data, on, districts = context.data, context.on, context.scope.districts
    if len(districts) == 1:
        by_unit = data.remember(
            ("establishments_by_unit", kind, on),
            lambda: _ids_by(data.active("establishments", on, kind=kind), "unit_id"),
        )
        ids = by_unit.get(districts[0], [])
    else:
        found = data.active("establishments", on, kind=kind).filter(
            pl.col("unit_id").is_in(list(districts))
        )
        ids = sorted(found.get_column("id").to_list())
    return _counted(
        context,
        len(ids),
        required=params.threshold,
        comparator=params.comparator,
        noun=noun,
        details={kind: list(ids)},
    )


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
        required=params.threshold,
        comparator=params.comparator,
        level=level,
        noun=noun,
        details={"window": params.window, "from": start.isoformat(), "to": end.isoformat()},
    )
    return yearly(measured, params.window)


def events_held(context: Context, params: Any, kind: str, noun: str) -> Measurement:
    """How many events of ``kind`` the scope held in the window ``params`` sets.

    ``params`` is an :class:`~scoplan.params.EventCount`. Held by the scope itself means
    ``unit_id`` is ``city`` for the whole area, or one of the scope's districts.
    """
    data = context.data
    start, end = event_window(context, params.window)
    if params.since is not None:
        start = max(start, params.since)
    held = data.held(kind, start, end)
    scope = context.scope
    if scope.level != "city" and len(scope.districts) == 1:
        by_district = data.remember(
            ("events_by_district", kind, start, end, params.held_by),
            lambda: _events_by_district(data, held, params.held_by),
        )
        ids = by_district.get(scope.districts[0], [])
    else:
        own = held.filter(
            pl.col("unit_id") == "city"
            if scope.level == "city"
            else pl.col("unit_id").is_in(list(scope.districts))
        )
        if params.held_by == "within":
            inside = data.within(held, scope.districts).select(held.columns)
            own = pl.concat([own, inside]).unique("id")
        ids = sorted(own.get_column("id").to_list())
    measured = _counted(
        context,
        len(ids),
        required=params.threshold,
        comparator=params.comparator,
        noun=noun,
        details={
            "window": params.window,
            "from": start.isoformat(),
            "to": end.isoformat(),
            kind: list(ids),
        },
    )
    return yearly(measured, params.window)


def _events_by_district(data: Dataset, held: pl.DataFrame, held_by: str) -> dict[str, list[str]]:
    """The events each district held itself (``unit_id`` is the district) and, ``within``,
    those held by any unit inside it."""
    own = held.select("id", pl.col("unit_id").alias("district_id"))
    if held_by == "within":
        inside = data.within(held, data.district_ids()).select("id", "district_id")
        own = pl.concat([own, inside])
    return _ids_by(own, "district_id")


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
