"""The dataset: columnar storage of the tables, and the questions targets ask of it.

Rows live in polars DataFrames, one per table of DATA.md, typed and checked by
:mod:`scoplan.checking`. Targets never scan rows themselves: they ask the query methods
here (units inside a set of districts, what is active on a date, counts per unit, events
in a period), which work on whole columns and cache what several targets share, such as
the count of active organizations per community on a date.

Domain objects (:mod:`scoplan.model`) are made on demand, for evidence and for anyone who
asks for a unit by id or iterates.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from typing import Any, Concatenate, ParamSpec, TypeVar

import attrs
import polars as pl

from scoplan import model
from scoplan._digest import HASHED_AT_ONCE, RowSums, row_sums
from scoplan._exceptions import Problem
from scoplan.schema import BOOL, DATE, LIST, NUMBER, TABLES, TABLES_BY_NAME, Column

T = TypeVar("T")
P = ParamSpec("P")

CACHE_SIZE = 256
"""How many answers :meth:`Dataset.cached` keeps per function (the least recently used go
first): a plan asks each question for a few dates, kinds and windows, not thousands."""

_READING: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "scoplan_tables_read", default=None
)
"""The set :func:`tables_read` gathers into, in this thread: None outside one."""


@contextlib.contextmanager
def tables_read() -> Iterator[set[str]]:
    """Within it, the tables asked about in this thread are gathered into the set it yields:
    those whose rows a query method read (:meth:`Dataset.frame` and every question built on
    it), and those an answer :meth:`Dataset.cached` kept was made from, when it is asked
    again. The engine gathers them for each milestone, so that a report can say which
    milestones read a table the data did not have (:attr:`Dataset.absent`)."""
    found: set[str] = set()
    token = _READING.set(found)
    try:
        yield found
    finally:
        _READING.reset(token)


def count_read(tables: Iterable[str]) -> None:
    """Count ``tables`` as read in this thread's :func:`tables_read`, when one is gathering:
    for an answer kept elsewhere (a run's measurements) and given again."""
    found = _READING.get()
    if found is not None:
        found.update(tables)


def dtype_of(column_type: str) -> pl.DataType:
    """The polars type of a DATA.md column type."""
    if column_type == DATE:
        return pl.Date()
    if column_type == BOOL:
        return pl.Boolean()
    if column_type == LIST:
        return pl.List(pl.String)
    if column_type == NUMBER:
        return pl.Float64()
    return pl.String()


_CLASSES: Mapping[str, type[Any]] = {
    "districts": model.District,
    "townships": model.Township,
    "communities": model.Community,
    "organizations": model.Organization,
    "federations": model.Federation,
    "establishments": model.Establishment,
    "brand_projects": model.BrandProject,
    "events": model.Event,
}

PLACED = ("districts", "events")
"""The tables whose rows' places loading keeps (:meth:`Dataset.place`): a warning the plan
brings about a row (a district left out of its area, events of the city's level under a
county's plan) names the file and rows to mend. Not the larger tables, whose millions of
row numbers no such warning needs."""


@attrs.frozen
class Place:
    """Where a row was read: ``source`` is the file, sheet or table as a problem names it
    (``区县.csv``, ``台账.xlsx: 区县``, ``歙县/区县.csv`` in a folder of returns), ``row`` the
    row as the source numbers it (a spreadsheet's, title rows and blank lines counted, the
    header row 1; a database table's position, from 1), ``index`` a JSON list's (from 0)."""

    source: str
    row: int | None = None
    index: int | None = None


PLACES_SCHEMA = {"id": pl.String, "source": pl.String, "row": pl.Int64, "index": pl.Int64}
"""The columns of a table's places (:meth:`Dataset.place`): each row's id and its place."""

_FEW_DISTRICTS = 32
"""Up to this many districts, a scope's rows come from per-district parts, not a filter."""

_STARTS = {"organizations": "founded", "federations": "founded", "establishments": "established"}
_ENDS = {"organizations": "dissolved", "federations": "dissolved", "establishments": "ended"}


def _active(table: str, on: dt.date) -> pl.Expr:
    """Rows of ``table`` started on or before ``on`` and not ended by it."""
    start, end = _STARTS[table], _ENDS[table]
    return (pl.col(start) <= on) & (pl.col(end).is_null() | (pl.col(end) > on))


def registration_filter(statuses: Sequence[str]) -> pl.Expr:
    """Organizations whose ``registration`` is one of ``statuses`` (``unknown``: empty)."""
    known = [status for status in statuses if status != "unknown"]
    wanted = pl.col("registration").is_in(known)
    if "unknown" in statuses:
        wanted = wanted | pl.col("registration").is_null()
    return wanted.fill_null(False)


def absent(column: Column) -> pl.Expr:
    """The cells of a column a table's file lacks: null, or an empty list for a list."""
    dtype = dtype_of(column.type)
    return (pl.lit([], dtype=dtype) if column.type == LIST else pl.lit(None, dtype=dtype)).alias(
        column.name
    )


def empty_frame(table: str) -> pl.DataFrame:
    """An empty frame with the columns and types of a DATA.md table."""
    schema = {c.name: dtype_of(c.type) for c in TABLES_BY_NAME[table].columns}
    return pl.DataFrame(schema=schema)


_HASHED_AT_ONCE = HASHED_AT_ONCE
"""Rows hashed at a time for a fingerprint: the sums are the same whatever the slices."""


def _fingerprint(
    frames: Mapping[str, pl.DataFrame], summed: Mapping[str, RowSums] | None = None
) -> str:
    """A digest of the content that does not depend on the order of rows or columns.

    ``summed`` are the row sums of tables whose frames lack columns a loader left out
    (:class:`~scoplan._digest.RowSums`, made with every column): they stand for the frames."""
    digest = hashlib.sha256()
    for name in sorted(frames):
        sums = (summed or {}).get(name) or row_sums(frames[name], _HASHED_AT_ONCE)
        digest.update(sums.text(name).encode())
    return digest.hexdigest()[:32]


class Dataset:
    """The data of one delivery: hierarchy, organizations, federations, establishments, events.

    Make one with :func:`scoplan.load`: of a source, or of tables a program holds
    (``scoplan.load({"organizations": frame, …})``, each checked as a file's is).
    :meth:`from_frames` takes frames already typed as checking makes them, and checks
    nothing. A dataset never changes: :meth:`with_rows` returns a new one.
    """

    def __init__(
        self,
        frames: Mapping[str, pl.DataFrame],
        sources: Sequence[str] = (),
        warnings: Sequence[Problem] = (),
        *,
        places: Mapping[str, pl.DataFrame] | None = None,
        headers: Mapping[str, Mapping[str, str]] | None = None,
        table_sources: Mapping[str, str] | None = None,
    ) -> None:
        self._frames = dict(frames)
        self.sources = tuple(sources)
        self.warnings: tuple[Problem, ...] = tuple(warnings)
        """What loading found doubtful but did not refuse (``Problem.severity == "warning"``),
        in file and row order: an unknown code in an open list, a unit whose official code
        points to another parent, a founding date in the future…"""
        self._caches: dict[Callable[..., Any], OrderedDict[tuple[Any, ...], Any]] = {}
        self._making: dict[tuple[Callable[..., Any], tuple[Any, ...]], Future[Any]] = {}
        """What :meth:`cached` is making now: another thread asking waits for it."""
        self._lock = threading.Lock()
        self._remembered: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._fingerprint: str | None = None
        self.origin = ""
        """Where :func:`scoplan.load` read the data (a URL's password masked); empty for
        data made in Python. A report names it as its data source."""
        self.modified = ""
        """When the files read were last changed (ISO 8601, local time), or empty."""
        self._dropped: Mapping[str, tuple[str, ...]] = {}
        self.absent: tuple[str, ...] = ()
        """The optional tables the delivery did not have at all (no file, sheet or key for
        them), which read as empty: :func:`scoplan.load` sets it; a dataset made in Python
        has none. A report warns of each one its milestones read."""
        self._reads: dict[tuple[Callable[..., Any], tuple[Any, ...]], frozenset[str]] = {}
        """The tables each answer :meth:`cached` keeps was made from (:func:`tables_read`)."""
        self._places = {name: (places or {})[name] for name in PLACED if name in (places or {})}
        """Where the rows of the tables of :data:`PLACED` were read (:data:`PLACES_SCHEMA`):
        loading gives it; data made in Python has none."""
        self._headers = {name: dict(words) for name, words in (headers or {}).items()}
        """Each loaded table's columns that its source has, each with its header as the user
        wrote it (:func:`scoplan.checking.written_headers`); a table not in it was not read
        from a source."""
        self._table_sources = dict(table_sources or {})
        """Where each loaded table was read (its file or sheet, a URL's password masked)."""

    @classmethod
    def from_frames(
        cls,
        frames: Mapping[str, pl.DataFrame],
        *,
        sources: Sequence[str] = (),
        warnings: Sequence[Problem] = (),
        places: Mapping[str, pl.DataFrame] | None = None,
        headers: Mapping[str, Mapping[str, str]] | None = None,
        table_sources: Mapping[str, str] | None = None,
    ) -> Dataset:
        """A dataset from typed frames (as :mod:`scoplan.checking` makes them).

        The frames must be in scoplan's canonical form already: English column names, the
        codes of DATA.md (``urban``, ``filed``, not ``城市社区``, ``备案``), dates as
        ``pl.Date``, every reference sound. Nothing is checked and nothing is warned of:
        a frame in another form gives wrong figures, or none, without a word. For frames as
        a bureau's data has them (Chinese codes or column names, dates as text), use
        ``scoplan.load(frames)``, which reads and checks every cell as a file's.

        Absent tables become empty. Communities get their ``district_id`` here, once.
        ``places``: where each row of the tables of :data:`PLACED` was read, by table (frames
        of :data:`PLACES_SCHEMA`); ``headers``: each table's columns that its source has,
        with their headers as the user wrote them (see :meth:`place`, :meth:`header`);
        ``table_sources``: the file or sheet each table was read from (:meth:`source`).
        """
        full: dict[str, pl.DataFrame] = {}
        for table in TABLES:
            frame = frames.get(table.name)
            full[table.name] = empty_frame(table.name) if frame is None else frame
        townships = full["townships"].select("id", pl.col("district_id"))
        full["communities"] = (
            full["communities"]
            .drop("district_id", strict=False)
            .join(townships.rename({"id": "township_id"}), on="township_id", how="left")
        )
        return cls(
            full, sources, warnings, places=places, headers=headers, table_sources=table_sources
        )

    # -- identity -------------------------------------------------------------------------

    @property
    def fingerprint(self) -> str:
        """A digest of the content, the same whatever the order of rows or columns."""
        if self._fingerprint is None:
            self._fingerprint = _fingerprint(self._unlocated())
        return self._fingerprint

    @property
    def dropped(self) -> Mapping[str, tuple[str, ...]]:
        """The columns of each table this dataset does not hold, because no kind of the
        plan it was loaded for reads them (:meth:`holding`, ``scoplan.load(source,
        plan=plan)``); empty when it holds every column. Its rows were checked whole."""
        return self._dropped

    def places(self, table: str) -> pl.DataFrame | None:
        """Where each row of ``table`` was read, for the tables of :data:`PLACED`: a frame of
        :data:`PLACES_SCHEMA`, a row per row of the table; None for another table, or data
        not read from a source."""
        return self._places.get(table)

    def place(self, table: str, id: str) -> Place | None:
        """Where the row of ``table`` with this id was read (see :meth:`places`); None for
        another table, an id not there, or data not read from a source."""
        places = self._places.get(table)
        if places is None:
            return None
        found = places.filter(pl.col("id") == id)
        if not found.height:
            return None
        _, source, row, index = found.row(0)
        return Place(source, row, index)

    def header(self, table: str, column: str) -> str | None:
        """``column`` of ``table`` as the user's header wrote it (``市`` for ``city``, or
        ``city`` itself); None when the table was not read from a source or has no such
        column."""
        return self._headers.get(table, {}).get(column)

    def source(self, table: str) -> str | None:
        """Where ``table`` was read, as a problem names it (``活动.csv``, a workbook's
        sheet); None when it was not read from a source."""
        return self._table_sources.get(table)

    def frame(self, table: str) -> pl.DataFrame:
        """The typed frame of one table (read-only: polars frames are never changed in place)."""
        count_read((table,))
        return self._frames[table]

    def size(self) -> dict[str, int]:
        """The number of rows of each table."""
        return {name: frame.height for name, frame in self._frames.items()}

    # -- objects on demand --------------------------------------------------------------

    def _object(self, table: str, row: dict[str, Any]) -> Any:
        if self.dropped.get(table):
            missing = ", ".join(self.dropped[table])
            raise LookupError(
                f"this dataset was loaded for a plan that does not read {table}'s {missing}: "
                "load it without plan= to have its rows as objects"
            )
        known = {c.name for c in TABLES_BY_NAME[table].columns}
        fields = {k: v for k, v in row.items() if k in known}
        extra = {k: v for k, v in row.items() if k not in known and k != "district_id"}
        if "serves" in fields:
            fields["serves"] = tuple(fields["serves"] or ())
        return _CLASSES[table](**fields, extra=extra)

    def get(self, table: str, id: str) -> Any:
        """The object of ``table`` with this id, or None."""
        found = self.frame(table).filter(pl.col("id") == id)
        return self._object(table, found.row(0, named=True)) if found.height else None

    def iter(self, table: str) -> Iterator[Any]:
        """Every row of ``table`` as a domain object, in the order of the input."""
        for row in self.frame(table).iter_rows(named=True):
            yield self._object(table, row)

    def district(self, id: str) -> model.District | None:
        """The district with this id, or None."""
        found: model.District | None = self.get("districts", id)
        return found

    def districts(self) -> Iterator[model.District]:
        """Every district, as objects."""
        return self.iter("districts")

    def organizations(self) -> Iterator[model.Organization]:
        """Every organization, as objects."""
        return self.iter("organizations")

    # -- the questions targets ask -------------------------------------------------------

    def district_ids(self) -> tuple[str, ...]:
        """Every district id, sorted."""
        return self.cached(_district_ids)

    def names(self, table: str, ids: Sequence[str]) -> dict[str, str]:
        """The names of some units of ``table`` (districts, townships, communities…)."""
        if table == "districts":
            # asked once per district by a plan that evaluates each: one lookup table
            every = self.cached(Dataset._names, table, None)
            return {id: every[id] for id in ids if id in every}
        return self._names(table, ids)

    def _names(self, table: str, ids: Sequence[str] | None) -> dict[str, str]:
        frame = self.frame(table)
        if ids is not None:
            frame = frame.filter(pl.col("id").is_in(list(ids)))
        return dict(frame.select("id", pl.col("name").fill_null("")).iter_rows())

    def _with_one_body(self, units: Sequence[str]) -> Sequence[str]:
        """``units`` with the city level and its one district as one unit, where they are one
        body: a city without counties (东莞市, 中山市) has one county-level unit, the city
        itself, under its own code (``441900``): its rows filed ``city`` (市本级) and those
        filed ``441900`` are the same organs', each counted wherever the other is."""
        same = self.cached(_one_body)
        if same is None or not any(u in same for u in units):
            return units
        return tuple(dict.fromkeys([*units, *(u for u in same if u not in units)]))

    def city_name(self) -> str | None:
        """The one city the districts name, if they name exactly one."""
        cities = self._frames["districts"].get_column("city").drop_nulls().unique()
        return str(cities[0]) if cities.len() == 1 else None

    def cached(
        self,
        function: Callable[Concatenate[Dataset, P], T],
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """``function(self, *args)``, computed once per arguments for this dataset.

        The cache is keyed by the function itself, so no two modules share keys; each
        function's answers are bounded (:data:`CACHE_SIZE`, least recently used first out).
        The arguments must be hashable; ``function`` should be a module-level function (a
        new lambda each call is a new key, and is never found again). It may be called from
        several threads (an evaluation judges in two): an answer two of them ask for
        together is computed once, and the second waits for it; what computing it raises
        reaches both, and nothing is kept.
        """
        if kwargs:
            raise TypeError("cached() passes positional arguments only")
        key: tuple[Any, ...] = args
        with self._lock:
            cache = self._caches.get(function)
            if cache is None:
                cache = self._caches[function] = OrderedDict()
            if key in cache:
                cache.move_to_end(key)
                found: T = cache[key]
                self._replay(function, key)
                return found
            making = self._making.get((function, key))
            if making is None:  # made here, outside the lock; another thread asking waits
                mine: Future[T] = Future()
                self._making[(function, key)] = mine
        if making is not None:
            waited: T = making.result()
            self._replay(function, key)
            return waited
        try:
            with tables_read() as read:
                made = function(self, *args, **kwargs)
        except BaseException as error:
            with self._lock:
                del self._making[(function, key)]
            mine.set_exception(error)
            raise
        count_read(read)
        with self._lock:
            cache[key] = made
            self._reads[(function, key)] = frozenset(read)
            if len(cache) > CACHE_SIZE:
                gone, _ = cache.popitem(last=False)
                self._reads.pop((function, gone), None)
            del self._making[(function, key)]
        mine.set_result(made)
        return made

    def _replay(self, function: Callable[..., Any], key: tuple[Any, ...]) -> None:
        """Count the tables a kept answer was made from as read again (:func:`tables_read`)."""
        count_read(self._reads.get((function, key), ()))

    def remember(self, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        """``make()``, computed once per key for this dataset (bounded, as :meth:`cached`).

        .. deprecated:: 0.x
           Use :meth:`cached`, keyed by a function rather than a tuple every module shares.
        """
        warnings.warn(
            "Dataset.remember(key, make) is deprecated and goes in the next release: use "
            "Dataset.cached(function, *args), keyed by the function",
            DeprecationWarning,
            stacklevel=2,
        )
        if key in self._remembered:
            self._remembered.move_to_end(key)
        else:
            self._remembered[key] = make()
            if len(self._remembered) > CACHE_SIZE:
                self._remembered.popitem(last=False)
        result: T = self._remembered[key]
        return result

    def _in_districts(
        self,
        frame: Callable[..., pl.DataFrame],
        args: tuple[Any, ...],
        districts: Sequence[str],
    ) -> pl.DataFrame:
        """The rows of ``frame(self, *args)`` with a ``district_id`` in ``districts``, by ``id``.

        The frame is split by district once; a scope of a few districts (the common case
        when every district is evaluated on its own) then costs its own rows, not the
        whole country's.
        """
        whole = self.cached(_sorted_by_id, frame, args)
        every = self.district_ids()
        if (
            len(districts) >= len(every)
            and set(districts) >= set(every)
            and not whole.get_column("district_id").null_count()
        ):
            return whole  # every district's rows: no need to pick them
        if len(districts) > _FEW_DISTRICTS:
            return whole.filter(pl.col("district_id").is_in(list(districts)))
        parts = self.cached(_parts_by_district, frame, args)
        found = [parts[(d,)] for d in districts if (d,) in parts]
        if not found:
            return whole.clear()
        return found[0] if len(found) == 1 else pl.concat(found).sort("id")

    def townships_in(
        self, districts: Sequence[str], kinds: Sequence[str] | None = None
    ) -> pl.DataFrame:
        """Townships (id, name, kind, district_id) inside these districts, sorted by id."""
        frame = self._in_districts(
            _columns, ("townships", "id", "name", "kind", "district_id"), districts
        )
        return frame.filter(pl.col("kind").is_in(list(kinds))) if kinds else frame

    def communities_in(self, districts: Sequence[str], kind: str | None = None) -> pl.DataFrame:
        """Communities (id, name, kind, township_id, district_id) in these districts, by id."""
        frame = self._in_districts(
            _columns,
            ("communities", "id", "name", "kind", "township_id", "district_id"),
            districts,
        )
        return frame if kind is None else frame.filter(pl.col("kind") == kind)

    def community_counts(
        self,
        districts: Sequence[str],
        on: dt.date,
        registration: Sequence[str] | None = None,
        categories: Sequence[str] | None = None,
    ) -> pl.DataFrame:
        """Active organizations per community on ``on`` (``community_id``, ``count``), for
        the communities of these districts that have any.

        ``registration`` counts only the organizations with one of these statuses
        (``registered``, ``filed``, ``none``, and ``unknown`` for an empty cell; see
        :data:`scoplan.params.COUNTED`); None counts all. ``categories`` counts only the
        organizations of these categories; None counts all.
        """
        counted = self.communities_counted(districts, on, None, registration, categories)
        return counted.filter(pl.col("count") > 0).select(
            pl.col("id").alias("community_id"), "count", "district_id"
        )

    def communities_counted(
        self,
        districts: Sequence[str],
        on: dt.date,
        kind: str | None = None,
        registration: Sequence[str] | None = None,
        categories: Sequence[str] | None = None,
    ) -> pl.DataFrame:
        """The communities of :meth:`communities_in` (of ``kind``, every kind when None),
        each with ``count``: its active organizations on ``on``, counted as
        :meth:`community_counts` counts them, 0 where none. Sorted by id.

        One join of a country's communities with their counts serves every question of
        one date: each district's mean, each township's total, the communities short.
        """
        frame = self._in_districts(
            _counted_communities, (on, *counted_as(registration, categories)), districts
        )
        return frame if kind is None else frame.filter(pl.col("kind") == kind)

    def township_totals(
        self,
        districts: Sequence[str],
        on: dt.date,
        kind: str | None = None,
        registration: Sequence[str] | None = None,
        categories: Sequence[str] | None = None,
    ) -> pl.DataFrame:
        """Per township of these districts: its communities of ``kind`` (every kind when
        None) and the active organizations in them on ``on``, counted as
        :meth:`community_counts` counts them.

        Columns ``id`` (the township's), ``name``, ``district_id``, ``communities`` and
        ``organizations``, sorted by id; a township with no community of ``kind`` has no row.
        """
        counted = counted_as(registration, categories)
        return self._in_districts(_township_totals, (on, kind, *counted), districts)

    def english_names(self, table: str) -> dict[str, str]:
        """The English names of the units of ``table`` (districts, townships), where the data
        has a ``name_en`` column for them."""
        return self.cached(_english_names, table)

    def districts_in(self, districts: Sequence[str]) -> pl.DataFrame:
        """Districts (id, name, kind) among these ids, sorted by id."""
        return (
            self._frames["districts"]
            .filter(pl.col("id").is_in(list(districts)))
            .select("id", "name", "kind")
            .sort("id")
        )

    def active(self, table: str, on: dt.date, **equal: str) -> pl.DataFrame:
        """Rows of ``table`` active on ``on`` (started on or before it, not ended by it).

        ``equal`` filters on columns, e.g. ``active("establishments", d, kind="service_centre")``.
        """
        return self.cached(_active_rows, table, on, tuple(sorted(equal.items())))

    def active_of_units(
        self, table: str, on: dt.date, units: Sequence[str], **equal: str
    ) -> pl.DataFrame:
        """The rows of :meth:`active` whose ``unit_id`` is one of ``units``, sorted by ``id``.

        Every unit's rows are found in one pass, once: a plan judging each of a country's
        districts asks for each district's own service centres in turn.
        """
        parts = self.cached(_active_parts, table, on, tuple(sorted(equal.items())))
        return _pick(parts, self._with_one_body(units), self.active(table, on, **equal))

    def active_ids_of_units(
        self, table: str, on: dt.date, units: Sequence[str], **equal: str
    ) -> list[str]:
        """The ids of :meth:`active_of_units`, distinct and sorted: read from every unit's
        list, made once, a district's own service centres cost a dictionary lookup."""
        by_unit = self.cached(_active_ids, table, on, tuple(sorted(equal.items())))
        return _ids_of(by_unit, self._with_one_body(units))

    def active_count_by(self, table: str, key: str, on: dt.date, **equal: str) -> pl.DataFrame:
        """How many rows of ``table`` are active on ``on``, per value of ``key`` (``count``).

        Cached: the urban and the rural average, and every district's, share one pass. The
        pass reads only the columns it needs: the country's five million organizations are
        counted without a copy of their rows.
        """
        return self.cached(_active_counts, table, key, on, tuple(sorted(equal.items())))

    def units_with(self, table: str, on: dt.date, **equal: str) -> pl.Series:
        """Distinct ``unit_id`` of rows active on ``on`` (federations, establishments), sorted."""
        return self.cached(_units_with, table, on, tuple(sorted(equal.items())))

    def held(self, kind: str, start: dt.date, end: dt.date) -> pl.DataFrame:
        """Events of ``kind`` held from ``start`` to ``end``, both included (cached)."""
        return self.cached(_held, kind, start, end)

    def held_by_units(
        self, kind: str, start: dt.date, end: dt.date, units: Sequence[str]
    ) -> pl.DataFrame:
        """The events of :meth:`held` whose ``unit_id`` is one of ``units`` (``city``, or
        districts: held by them themselves), sorted by ``id``; every unit's found at once."""
        parts = self.cached(_held_parts, kind, start, end)
        return _pick(parts, self._with_one_body(units), self.held(kind, start, end))

    def held_ids(self, kind: str, start: dt.date, end: dt.date, units: Sequence[str]) -> list[str]:
        """The ids of :meth:`held_by_units`, distinct and sorted; every unit's made once."""
        return _ids_of(self.cached(_held_ids, kind, start, end), self._with_one_body(units))

    def held_ids_within(
        self, kind: str, start: dt.date, end: dt.date, districts: Sequence[str]
    ) -> list[str]:
        """The ids of :meth:`held_within`, distinct and sorted; every district's made once."""
        return _ids_of(self.cached(_held_within_ids, kind, start, end), districts)

    def held_within(
        self, kind: str, start: dt.date, end: dt.date, districts: Sequence[str]
    ) -> pl.DataFrame:
        """The events of :meth:`held` by any unit inside these districts (the districts,
        their townships and communities), with ``level`` and ``district_id``, sorted by
        ``id``; every district's found at once."""
        parts = self.cached(_held_within_parts, kind, start, end)
        held = self.held(kind, start, end)
        return _pick(parts, districts, self.within(held.clear(), ()))

    def brand_projects_in(
        self, districts: Sequence[str], on: dt.date, since: dt.date | None = None
    ) -> pl.DataFrame:
        """Brand projects designated by ``on`` (and not before ``since``, when given) of the
        organizations in these districts' communities, sorted by ``id``: the projects' own
        columns and their organization's ``community_id`` and ``district_id``.

        Every project is placed in its district once; each district's are then its own rows
        (a plan judging each of a country's districts does not join its five million
        organizations for each).
        """
        found = self._in_districts(_located_brand_projects, (), districts)
        designated = pl.col("designated") <= on
        if since is not None:
            designated = designated & (pl.col("designated") >= since)
        return found.filter(designated)

    def unit_districts(self) -> pl.DataFrame:
        """Every unit id of the hierarchy (``unit_id``) with its ``level`` and ``district_id``.

        Districts map to themselves; ``city`` is not in it. Establishments and events name
        units of any level: joining on this frame finds the district they lie in.
        """
        return self.cached(_unit_districts)

    def within(self, frame: pl.DataFrame, districts: Sequence[str]) -> pl.DataFrame:
        """The rows of ``frame`` whose ``unit_id`` lies inside these districts, at any level.

        Adds the unit's ``level`` and ``district_id``.
        """
        every = self.unit_districts()
        if len(districts) > _FEW_DISTRICTS:
            units = every.filter(pl.col("district_id").is_in(list(districts)))
        else:
            # a few districts' units from their parts: not a pass over a country's 660,000
            parts = self.cached(_unit_parts)
            found = [parts[(d,)] for d in districts if (d,) in parts]
            units = every.clear() if not found else pl.concat(found)
        return frame.join(units, on="unit_id", how="inner")

    def organizations_in(
        self,
        districts: Sequence[str],
        on: dt.date,
        columns: Sequence[str] | None = None,
        registration: Sequence[str] | None = None,
        where: pl.Expr | None = None,
    ) -> pl.DataFrame:
        """Organizations active on ``on`` in the communities of these districts.

        ``columns`` names the columns wanted: the organizations' own, and ``district_id``
        or ``community_kind`` (their community's); ``id`` and ``community_id`` are always
        there. When None: every column of organizations and those two. Naming the few a
        target needs keeps a country's five million organizations from being copied whole,
        and the two columns of communities are joined only when asked. Not cached: each
        target asks for its own columns, and a country's worth of rows is large to keep.
        ``registration`` keeps only the organizations with one of these statuses (see
        :func:`registration_filter`); None keeps all. ``where``, an expression over the
        columns named, keeps only the rows where it is true (``pl.col("brand").is_not_null()``):
        the rows it leaves out are never copied.
        """
        unit = ("district_id", "community_kind")
        if columns is None:
            own = list(self._frames["organizations"].columns)
            joined = list(unit)
        else:
            from scoplan.declared_columns import check_columns

            check_columns(
                "organizations",
                columns,
                self._frames["organizations"].columns,
                extra=unit,
                dropped=self.dropped.get("organizations", ()),
            )
            own = list(
                dict.fromkeys(["id", *(c for c in columns if c not in unit), "community_id"])
            )
            joined = [c for c in unit if c in columns]
        dates = [_STARTS["organizations"], _ENDS["organizations"]]
        if registration is not None:
            dates.append("registration")
        # the columns first (which costs nothing), then the rows: only these are copied
        found = self._frames["organizations"].select(list(dict.fromkeys([*own, *dates])))
        every = set(districts) >= set(self.district_ids())
        if not every and len(districts) <= _FEW_DISTRICTS:
            # a district's own rows, found by number: a plan judging each of a country's
            # districts does not go through five million rows for each
            found = found.select(pl.all().gather(self._organization_rows(districts)))
            every = True  # nothing else is in these rows
        # lazily, the filters and the join as one: only the rows returned are copied
        wanted = _active("organizations", on)
        if registration is not None:
            wanted = wanted & registration_filter(registration)
        if where is not None:
            wanted = wanted & where.fill_null(False)
        rows = found.lazy().filter(wanted)
        if joined:
            communities = self.communities_in(districts).select(
                pl.col("id").alias("community_id"),
                "district_id",
                pl.col("kind").alias("community_kind"),
            )
            rows = rows.join(
                communities.lazy().select("community_id", *joined),
                on="community_id",
                maintain_order="left",
            )
        elif not every:
            inside = self.communities_in(districts).get_column("id")
            rows = rows.filter(pl.col("community_id").is_in(inside.implode()))
        return rows.select(*own, *joined).collect()

    def _organization_rows(self, districts: Sequence[str]) -> pl.Series:
        """The row numbers of the organizations in the communities of these districts, in
        order; the rows of every district are found once, in one join."""
        by_district = self.cached(_organization_rows)
        found = [by_district[d] for d in districts if d in by_district]
        if not found:
            return pl.Series("row", [], dtype=pl.UInt32)
        return found[0] if len(found) == 1 else pl.concat(found).sort()

    def focus(self, districts: Sequence[str]) -> Dataset:
        """The same data cut down to these districts and what lies in them (and the city level).

        The engine evaluates a plan on the focus of its area, so that a city's plan run on
        a province's or the country's data touches only that city's rows. The focus keeps
        the fingerprint of the whole dataset: it is the same delivery.
        """
        wanted = set(districts)
        if wanted >= set(self.district_ids()):
            return self
        return self.cached(Dataset._focus, tuple(sorted(wanted)))

    def _focus(self, districts: Sequence[str]) -> Dataset:
        keep = list(districts)
        frames = dict(self._frames)
        frames["districts"] = frames["districts"].filter(pl.col("id").is_in(keep))
        frames["townships"] = frames["townships"].filter(pl.col("district_id").is_in(keep))
        frames["communities"] = frames["communities"].filter(pl.col("district_id").is_in(keep))
        communities = frames["communities"].get_column("id")
        frames["organizations"] = frames["organizations"].filter(
            pl.col("community_id").is_in(communities.implode())
        )
        units = pl.concat(
            [
                frames["districts"].get_column("id"),
                frames["townships"].get_column("id"),
                communities,
                pl.Series(["city"]),
            ]
        )
        for table in ("federations", "establishments", "events"):
            frames[table] = frames[table].filter(pl.col("unit_id").is_in(units.implode()))
        frames["brand_projects"] = frames["brand_projects"].filter(
            pl.col("organization_id").is_in(frames["organizations"].get_column("id").implode())
        )
        return self._like(frames, self.dropped)

    def holding(
        self,
        read: Mapping[str, frozenset[str]] | None,
        *,
        left_out: Mapping[str, Sequence[str]] | None = None,
        summed: Mapping[str, RowSums] | None = None,
    ) -> Dataset:
        """The same data holding only the columns a plan that reads ``read`` needs (see
        :mod:`scoplan.plan_columns`): the rest are in :attr:`dropped`. The fingerprint is
        that of the whole data, taken before they go. ``read`` None: every column is needed.

        ``left_out`` are columns this dataset's frames lack already, because a loader left
        them out as it read (``RawTable.left_out``), and ``summed`` the digest sums of those
        tables' rows with every column (``RawTable.row_sums``): the fingerprint is made
        from them."""
        from scoplan.plan_columns import unread

        if summed:
            self._fingerprint = _fingerprint(self._unlocated(), summed)
        columns = {name: frame.columns for name, frame in self._frames.items()}
        gone = {} if read is None else unread(columns, read)
        if not gone and not left_out:
            return self
        frames = {
            name: frame.drop(gone[name]) if name in gone else frame
            for name, frame in self._frames.items()
        }
        dropped = {name: list(held) for name, held in self.dropped.items()}
        for name, more in [*(left_out or {}).items(), *gone.items()]:
            dropped.setdefault(name, []).extend(c for c in more if c not in dropped[name])
        return self._like(frames, {name: _in_order(name, c) for name, c in dropped.items()})

    def _unlocated(self) -> dict[str, pl.DataFrame]:
        """The frames as read: communities without the ``district_id`` joined to them."""
        return {
            k: v.drop("district_id") if k == "communities" else v for k, v in self._frames.items()
        }

    def _like(self, frames: Mapping[str, pl.DataFrame], dropped: Mapping[str, Any]) -> Dataset:
        """A dataset of these frames, otherwise as this one: the same delivery."""
        like = Dataset(
            frames,
            self.sources,
            self.warnings,
            places=self._places,
            headers=self._headers,
            table_sources=self._table_sources,
        )
        like._fingerprint = self.fingerprint
        like.origin, like.modified, like._dropped = self.origin, self.modified, dict(dropped)
        like.absent = self.absent
        return like

    # -- what if -------------------------------------------------------------------------

    def with_rows(self, table: str, rows: pl.DataFrame) -> Dataset:
        """A new dataset with ``rows`` appended to ``table``; this one is left as it is.

        The rows are not checked: build them with the loaders when they come from users.
        """
        frames = dict(self._frames)
        base = frames[table]
        frames[table] = pl.concat([base, rows.select(base.columns)], how="vertical_relaxed")
        grown = Dataset.from_frames(
            {k: v.drop("district_id") if k == "communities" else v for k, v in frames.items()},
            sources=self.sources,
            warnings=self.warnings,
            places=self._places,  # (the rows added were read from nowhere)
            headers=self._headers,
            table_sources=self._table_sources,
        )
        grown._dropped = dict(self.dropped)
        grown.absent = tuple(name for name in self.absent if name != table or not rows.height)
        return grown

    def with_codes(
        self, table: str, column: str, codes: Mapping[str, str], *, unknown: Iterable[str]
    ) -> Dataset:
        """A new dataset whose cells of ``table``'s ``column`` written as a key of ``codes``
        hold its code instead (a plan's own code by the name its words give it: data loaded
        without the plan, evaluated for it, read as loading for the plan reads it); the
        warnings of those cells as unknown values (``read``: their codes) go. This one is
        left as it is, and a dataset none of whose cells is so written is returned. Its
        fingerprint is that of the same data loaded for the plan, where every column is
        held (else the delivery's, unchanged)."""
        frame = self._frames[table]
        if column not in frame.columns or not codes:
            return self
        cells = pl.col(column)
        if not frame.select(cells.is_in(list(codes)).any()).item():
            return self
        frames = self._unlocated()
        frames[table] = frames[table].with_columns(cells.replace(dict(codes)))
        unknown = frozenset(unknown)
        warnings = tuple(
            problem
            for problem in self.warnings
            if problem.code not in unknown
            or (problem.table, problem.column) != (table, column)
            or problem.value not in codes
        )
        named = Dataset.from_frames(
            frames,
            sources=self.sources,
            warnings=warnings,
            places=self._places,
            headers=self._headers,
            table_sources=self._table_sources,
        )
        if self.dropped:  # not every column held: the delivery's own fingerprint stands
            named._fingerprint = self.fingerprint
        named.origin, named.modified, named._dropped = self.origin, self.modified, self.dropped
        named.absent = self.absent
        return named

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={v}" for k, v in self.size().items() if v)
        return f"<Dataset {sizes}>"


# -- what the cache of a dataset keeps: one function per question ------------------------


def counted_as(
    registration: Sequence[str] | None, categories: Sequence[str] | None
) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """The statuses and categories an organization is counted by, as one key of the cache:
    each sorted once, None where every one counts."""
    statuses = None if registration is None else tuple(sorted(set(registration)))
    kinds = None if categories is None else tuple(sorted(set(categories)))
    return statuses, kinds


def _in_order(table: str, columns: Sequence[str]) -> tuple[str, ...]:
    """``columns`` in the order of the table's columns in DATA.md, a plugin's and the
    bureau's own after them as they came."""
    order = {column.name: i for i, column in enumerate(TABLES_BY_NAME[table].columns)}
    ranked = sorted(enumerate(columns), key=lambda at: (order.get(at[1], len(order)), at[0]))
    return tuple(column for _, column in ranked)


def _district_ids(data: Dataset) -> tuple[str, ...]:
    return tuple(sorted(data.frame("districts").get_column("id").to_list()))


def _columns(data: Dataset, table: str, *columns: str) -> pl.DataFrame:
    return data.frame(table).select(list(columns))


def _located_brand_projects(data: Dataset) -> pl.DataFrame:
    """Every brand project with its organization's ``community_id`` and ``district_id``."""
    organizations = data.frame("organizations").select(
        pl.col("id").alias("organization_id"), "community_id"
    )
    communities = data.frame("communities").select(
        pl.col("id").alias("community_id"), "district_id"
    )
    return (
        data.frame("brand_projects")
        .join(organizations, on="organization_id", how="inner")
        .join(communities, on="community_id", how="inner")
    )


def _sorted_by_id(
    data: Dataset, frame: Callable[..., pl.DataFrame], args: tuple[Any, ...]
) -> pl.DataFrame:
    return frame(data, *args).sort("id")


def _parts_by_district(
    data: Dataset, frame: Callable[..., pl.DataFrame], args: tuple[Any, ...]
) -> dict[Any, pl.DataFrame]:
    whole = data.cached(_sorted_by_id, frame, args)
    return whole.partition_by("district_id", as_dict=True)


def _counted_communities(
    data: Dataset,
    on: dt.date,
    registration: tuple[str, ...] | None,
    categories: tuple[str, ...] | None,
) -> pl.DataFrame:
    """Every community with ``count``, its active organizations on ``on`` (0 where none)."""
    counts = _organization_counts(data, on, registration, categories)
    return (
        data.frame("communities")
        .select("id", "name", "kind", "township_id", "district_id")
        .join(counts.rename({"community_id": "id"}), on="id", how="left")
        .with_columns(pl.col("count").fill_null(0))
    )


def _township_totals(
    data: Dataset,
    on: dt.date,
    kind: str | None,
    registration: tuple[str, ...] | None,
    categories: tuple[str, ...] | None,
) -> pl.DataFrame:
    # the communities with their counts that the other questions of this date use too
    communities = data.cached(_sorted_by_id, _counted_communities, (on, registration, categories))
    if kind is not None:
        communities = communities.filter(pl.col("kind") == kind)
    return (
        communities.group_by("township_id")
        .agg(
            pl.len().cast(pl.Int64).alias("communities"),
            pl.col("count").sum().cast(pl.Int64).alias("organizations"),
        )
        .join(
            data.frame("townships").select(
                pl.col("id").alias("township_id"), "name", "district_id"
            ),
            on="township_id",
            how="inner",
        )
        .select(
            pl.col("township_id").alias("id"), "name", "district_id", "communities", "organizations"
        )
    )


def _english_names(data: Dataset, table: str) -> dict[str, str]:
    frame = data.frame(table)
    if "name_en" not in frame.columns:
        return {}
    return {i: n for i, n in frame.select("id", "name_en").iter_rows() if isinstance(n, str) and n}


def _organization_counts(
    data: Dataset,
    on: dt.date,
    registration: tuple[str, ...] | None,
    categories: tuple[str, ...] | None,
) -> pl.DataFrame:
    """Active organizations per ``community_id`` on ``on``, of these statuses and categories."""
    if registration is None and categories is None:
        return data.active_count_by("organizations", "community_id", on)
    return data.cached(_counted_organizations, on, registration, categories)


def _counted_organizations(
    data: Dataset,
    on: dt.date,
    registration: tuple[str, ...] | None,
    categories: tuple[str, ...] | None,
) -> pl.DataFrame:
    columns = ["community_id", "founded", "dissolved"]
    wanted = _active("organizations", on)
    if registration is not None:
        columns.append("registration")
        wanted = wanted & registration_filter(registration)
    if categories is not None:
        columns.append("category")
        wanted = wanted & pl.col("category").is_in(list(categories)).fill_null(False)
    # lazily, by the streaming engine: the rows counted are never copied (a country's five
    # million organizations counted in 0.07 s and 9 MB, where the in-memory engine took
    # 0.25 s and copied the 160 MB of rows it kept first); the counts come in any order
    return (
        data.frame("organizations")
        .lazy()
        .select(columns)
        .filter(wanted)
        .group_by("community_id")
        .agg(pl.len().cast(pl.Int64).alias("count"))
        .collect(engine="streaming")
    )


def _active_rows(
    data: Dataset, table: str, on: dt.date, equal: tuple[tuple[str, str], ...]
) -> pl.DataFrame:
    frame = data.frame(table)
    for column, value in equal:
        frame = frame.filter(pl.col(column) == value)
    return frame.filter(_active(table, on))


def _by_unit(frame: pl.DataFrame) -> dict[Any, pl.DataFrame]:
    return frame.sort("id").partition_by("unit_id", as_dict=True)


def _pick(
    parts: Mapping[Any, pl.DataFrame], units: Sequence[str], whole: pl.DataFrame
) -> pl.DataFrame:
    """The parts of these units, together and sorted by ``id`` (none: ``whole`` emptied)."""
    found = [parts[(u,)] for u in dict.fromkeys(units) if (u,) in parts]
    if not found:
        return whole.clear()
    return found[0] if len(found) == 1 else pl.concat(found).sort("id")


def _active_parts(
    data: Dataset, table: str, on: dt.date, equal: tuple[tuple[str, str], ...]
) -> dict[Any, pl.DataFrame]:
    return _by_unit(data.cached(_active_rows, table, on, equal))


def _active_counts(
    data: Dataset, table: str, key: str, on: dt.date, equal: tuple[tuple[str, str], ...]
) -> pl.DataFrame:
    # the columns first (which costs nothing), then the rows
    columns = dict.fromkeys([key, _STARTS[table], _ENDS[table], *(c for c, _ in equal)])
    frame = data.frame(table).lazy().select(list(columns))
    for column, value in equal:
        frame = frame.filter(pl.col(column) == value)
    counts = (
        frame.filter(_active(table, on)).group_by(key).agg(pl.len().cast(pl.Int64).alias("count"))
    )
    # the streaming engine: the rows counted are never copied (see _counted_organizations)
    return counts.collect(engine="streaming")


def _units_with(
    data: Dataset, table: str, on: dt.date, equal: tuple[tuple[str, str], ...]
) -> pl.Series:
    rows = data.cached(_active_rows, table, on, equal)
    units = rows["unit_id"].drop_nulls().unique()
    same = data.cached(_one_body)
    if same is not None and units.is_in(list(same)).any():
        # the city level and its one district are one body: either has what the other has
        units = pl.concat([units, pl.Series(same)]).unique()
    return units.sort()


def _one_body(data: Dataset) -> tuple[str, str] | None:
    """``("city", id)`` where the data's one district is the city itself, under the city's
    own code (``441900``: a city without counties); else None."""
    from scoplan.divisions import CITY_CODE

    ids = data.frame("districts").get_column("id")
    if ids.len() != 1 or not ids.str.contains(CITY_CODE).all():
        return None
    return "city", str(ids[0])


def _held(data: Dataset, kind: str, start: dt.date, end: dt.date) -> pl.DataFrame:
    return data.frame("events").filter(
        (pl.col("kind") == kind) & (pl.col("date") >= start) & (pl.col("date") <= end)
    )


def _held_parts(data: Dataset, kind: str, start: dt.date, end: dt.date) -> dict[Any, pl.DataFrame]:
    return _by_unit(data.held(kind, start, end))


def _held_within_parts(
    data: Dataset, kind: str, start: dt.date, end: dt.date
) -> dict[Any, pl.DataFrame]:
    inside = data.within(data.held(kind, start, end), data.district_ids())
    return inside.sort("id").partition_by("district_id", as_dict=True)


def _unit_districts(data: Dataset) -> pl.DataFrame:
    return pl.concat(
        [
            data.frame("districts").select(
                pl.col("id").alias("unit_id"),
                pl.lit("district").alias("level"),
                pl.col("id").alias("district_id"),
            ),
            data.frame("townships").select(
                pl.col("id").alias("unit_id"), pl.lit("township").alias("level"), "district_id"
            ),
            data.frame("communities").select(
                pl.col("id").alias("unit_id"), pl.lit("community").alias("level"), "district_id"
            ),
        ]
    )


def _unit_parts(data: Dataset) -> dict[Any, pl.DataFrame]:
    return data.unit_districts().partition_by("district_id", as_dict=True)


def _organization_rows(data: Dataset) -> dict[str, pl.Series]:
    rows = (
        data.frame("organizations")
        .select("community_id")
        .with_row_index("row")
        .join(
            data.frame("communities").select(pl.col("id").alias("community_id"), "district_id"),
            on="community_id",
        )
    )
    parts = rows.select("row", "district_id").partition_by("district_id", as_dict=True)
    return {key[0]: part.get_column("row").sort() for key, part in parts.items()}


def _ids_of(by_unit: Mapping[str, list[str]], units: Sequence[str]) -> list[str]:
    """The ids listed for these units, distinct and sorted."""
    lists = [by_unit[u] for u in dict.fromkeys(units) if u in by_unit]
    if len(lists) == 1:
        return lists[0]
    return sorted({i for ids in lists for i in ids})


def _id_lists(frame: pl.DataFrame, key: str) -> dict[str, list[str]]:
    """The distinct ``id`` of ``frame`` for each value of ``key``, sorted."""
    grouped = frame.group_by(key).agg(pl.col("id").unique().sort())
    return {value: ids for value, ids in grouped.iter_rows() if value is not None}


def _active_ids(
    data: Dataset, table: str, on: dt.date, equal: tuple[tuple[str, str], ...]
) -> dict[str, list[str]]:
    return _id_lists(data.cached(_active_rows, table, on, equal), "unit_id")


def _held_ids(data: Dataset, kind: str, start: dt.date, end: dt.date) -> dict[str, list[str]]:
    return _id_lists(data.held(kind, start, end), "unit_id")


def _held_within_ids(
    data: Dataset, kind: str, start: dt.date, end: dt.date
) -> dict[str, list[str]]:
    inside = data.within(data.held(kind, start, end), data.district_ids())
    return _id_lists(inside, "district_id")
