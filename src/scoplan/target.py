"""What a target kind is, and what it returns: :class:`TargetKind` and :class:`Measurement`.

A target kind measures one thing (the mean number of organizations per urban community, the
share of townships with a federation…) for one scope on one date. It declares the class
of its parameters, so that a plan's milestones are checked before anything runs, and a
``measure`` function. Plugins make target kinds and hand them to the ``register``
callback of :func:`scoplan.hookspecs.scoplan_register_targets`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

import attrs

from scoplan.i18n import Text
from scoplan.model import CITY
from scoplan.spellings import COMPARATOR_WORDS

if TYPE_CHECKING:
    from scoplan.dataset import Dataset

Comparator = Annotated[Literal[">=", ">", "<=", "<", "=="], COMPARATOR_WORDS]
COMPARATORS: tuple[str, ...] = (">=", ">", "<=", "<", "==")
_EPSILON = 1e-9


def holds(value: float, comparator: str, required: float) -> bool:
    """Whether ``value comparator required`` is true, with a tolerance for float noise."""
    if comparator == ">=":
        return value >= required - _EPSILON
    if comparator == ">":
        return value > required + _EPSILON
    if comparator == "<=":
        return value <= required + _EPSILON
    if comparator == "<":
        return value < required - _EPSILON
    if comparator == "==":
        return abs(value - required) <= _EPSILON
    raise ValueError(f"unknown comparator {comparator!r}")


@attrs.frozen
class Requirement:
    """What a value must satisfy: ``value comparator threshold`` (``>= 0.7``…).

    Passed to the functions of :mod:`scoplan.measures` as one ``requirement=`` instead of
    the two keywords ``required=`` and ``comparator=`` (deprecated).
    """

    threshold: float
    comparator: Comparator = ">="

    def __attrs_post_init__(self) -> None:
        if self.comparator not in COMPARATORS:
            raise ValueError(
                f"unknown comparator {self.comparator!r}: one of {', '.join(COMPARATORS)}"
            )

    @classmethod
    def of(cls, params: Any) -> Requirement:
        """The requirement a target's params set (their ``threshold`` and ``comparator``)."""
        return cls(params.threshold, params.comparator)

    def holds(self, value: float) -> bool:
        """Whether ``value`` satisfies the requirement (with a tolerance for float noise)."""
        return holds(value, self.comparator, self.threshold)


def whole_units_needed(
    numerator: float, denominator: float, comparator: str, required: float
) -> int:
    """The fewest whole units to add to (or, for ``<``/``<=``, remove from) ``numerator``
    so that ``numerator / denominator`` satisfies the requirement; 0 if it already does.

    >>> whole_units_needed(1100, 76, ">=", 15)   # 15 * 76 = 1140
    40
    """
    if denominator <= 0:
        return 0
    target = required * denominator
    if comparator in (">=", "=="):
        need = math.ceil(target - numerator - _EPSILON)
    elif comparator == ">":
        need = math.floor(target - numerator + _EPSILON) + 1
    elif comparator == "<=":
        need = math.ceil(numerator - target - _EPSILON)
    elif comparator == "<":
        need = math.floor(numerator - target + _EPSILON) + 1
    else:
        raise ValueError(f"unknown comparator {comparator!r}")
    return max(0, need)


@attrs.frozen
class Scope:
    """The units a milestone is measured over, as the engine resolved them from the plan.

    ``level`` is ``city`` (every district of the plan's area), ``district`` (one),
    ``districts`` (several together) or ``group`` (a named group such as 中心城区).
    ``districts`` holds the district ids inside it, sorted. ``own`` holds the ``unit_id``
    of its own level (本级), whose trainings and 公益创投 are the scope's own: ``city``
    (市本级) for a city's whole area, the districts themselves for the others; the engine
    sets the county's id for the whole area of a plan of one county (区本级, 县本级).
    """

    level: str
    id: str
    name: str
    districts: tuple[str, ...]
    name_en: str = ""
    reading: str = ""
    reading_en: str = ""
    own: tuple[str, ...] = attrs.field()

    @own.default
    def _own_level(self) -> tuple[str, ...]:
        return (CITY,) if self.level == "city" else self.districts


@attrs.frozen
class UnitValue:
    """A unit (community, township, district, organization…) and its value, for gaps.

    ``need`` is how much this unit alone lacks; ``reason`` a code saying why it falls short
    where the value does not say it (``no_manager``: see the ``reason.*`` catalogue entries).
    """

    level: str
    id: str
    name: str
    value: float | None = None
    need: float | None = None
    reason: str = ""


@attrs.frozen
class Figure:
    """The figure of one unit inside a mean: a district, or a township inside a district.

    ``numerator`` and ``denominator`` are its two sides (organizations and communities),
    ``value`` their quotient; ``parts`` are the figures of the units inside it (a district's
    townships), whose sides add up to its own; ``parts_total`` counts them all where fewer
    are listed (a report asked for at most N).
    """

    level: str
    id: str
    name: str
    numerator: float
    denominator: float
    value: float
    parts: tuple[Figure, ...] = ()
    parts_total: int = 0
    name_en: str = ""


@attrs.frozen
class Measurement:
    """What a target measured for one scope on one date.

    ``value`` is None when there is nothing to measure (no units in the scope): the
    milestone is then ``no_data``. ``required`` and ``comparator`` are the requirement the
    value is judged against (None for an indicator). ``numerator`` and ``denominator`` are
    the two sides of a mean or a share. ``shortfall`` lists the units that fall short (the
    furthest below first), at most as many as the engine asked for; ``shortfall_total``
    counts them all. ``gap`` is how many more whole ``gap_noun`` (organizations,
    townships…) would meet the requirement. ``details`` holds anything else worth showing
    (a breakdown), as plain data. ``breakdown`` gives the figure of each district inside a
    mean, and of each township inside each district, measured on the same date, whose
    sides add up to ``numerator`` and ``denominator``.
    """

    value: float | None
    required: float | None = None
    comparator: str | None = None
    unit: str = "count"
    numerator: float | None = None
    denominator: float | None = None
    shortfall: tuple[UnitValue, ...] = ()
    shortfall_total: int = 0
    gap: float | None = None
    gap_noun: str = "items"
    details: Mapping[str, Any] = attrs.field(factory=dict)
    cumulative: bool = True
    """False when the value counts only what happened in one year (events of the due year):
    its year-end history then shows no trend, and no projection is made from it."""
    breakdown: tuple[Figure, ...] = ()

    @property
    def met(self) -> bool | None:
        """True or False when there is a value and a requirement; None otherwise."""
        if self.value is None or self.required is None or self.comparator is None:
            return None
        return holds(self.value, self.comparator, self.required)


@attrs.frozen
class Context:
    """What a measure function is given besides its parameters.

    ``listed`` is how many shortfall units to list (None: all); the value must not depend
    on it (points of history may be measured with ``listed=0``). ``due`` is the milestone's
    due date, for targets that count what happened in its year.
    """

    data: Dataset
    scope: Scope
    on: dt.date
    due: dt.date
    listed: int | None = 50


MeasureFunction = Callable[[Context, Any], Measurement]


@attrs.frozen
class Counted:
    """Rows of one kind that a target counts: those of ``table`` whose ``column`` (a column
    of an open list) holds ``code`` (``establishments``' ``kind`` ``work_plan``); given a
    ``level``, only those whose unit (``unit_id``) is of that level (``township``: the
    townships' own service centres, not the districts'). Declared by a kind
    (:attr:`TargetKind.counts`), so that an evaluation warns where the data holds no row
    of the kind at all: its milestones' 0 is then a kind nobody recorded, not a 0 of the
    register's (:func:`scoplan.engine.unrecorded_kinds`)."""

    table: str
    column: str
    code: str
    level: str | None = None


def _as_texts(values: Mapping[str, Text | str]) -> Mapping[str, Text]:
    """Each word as :class:`Text`: a plain string is the same word in both languages."""
    return {name: t if isinstance(t, Text) else Text(t, t) for name, t in values.items()}


@attrs.frozen
class TargetKind:
    """A kind of target that plans can use by its ``id``.

    ``params`` is an attrs class: each milestone's ``params`` table is structured into it
    (unknown keys and wrong types are plan errors). When its instances have a method
    ``what(lang, terms) -> str``, a milestone with no title of its own is named by what it
    returns (``建有社会组织培育发展服务中心的乡镇（街道）占比``: the generic kinds name the
    codes their params give), else by ``title``. ``measure(context, params)`` returns a
    :class:`Measurement`; it may raise, and the engine then gives its milestone an
    ``error`` result. ``clauses`` lists the clauses of known plans it measures, for docs.

    ``title`` and ``description`` are :class:`Text` (Chinese and English). ``nouns``
    names, in both languages, the nouns its measurements' ``gap_noun`` use that scoplan's
    catalogue lacks: ``{"funds": Text("笔资金", "funds"), "funds.one": Text("笔资金",
    "fund")}`` (``.one``: the word for one, optional; a plain string is the same word in
    both languages). A report says them in its language; a plan's ``terms`` still win.
    """

    id: str
    title: Text
    description: Text
    params: type[Any]
    measure: MeasureFunction
    clauses: Sequence[str] = ()
    version: str | None = None
    known_from: dt.date | None = None
    """From which date the kind's values say what was true: a kind that reads a column
    holding only the latest value (a last inspection date) knows nothing of earlier
    year-ends. Before it, history points are None with the reason ``unknown_before``, and no
    projection is made from them. None: any date (most kinds: dates of founding, ending…)."""
    reads: Sequence[str] = ()
    """The declared columns the kind reads (``organizations.inspected``): a column declared
    with a ``known_from`` makes the kind's history unknown before that date too."""
    columns: Sequence[str] | Callable[[Any], Iterable[str]] | None = None
    """The organizations' own columns the kind reads, as ``organizations.category``,
    besides those every dataset holds (``id``, ``community_id``, ``founded``,
    ``dissolved``; every other table is held whole): ``()`` when it reads none of them, or a
    function of a milestone's params that returns them (``organization-share`` reads the
    column its params name). A plan whose kinds all say so may be loaded with only the
    columns they read (``scoplan.load(source, plan=plan)``; ``scoplan evaluate`` does):
    a country's organization names alone take ~180 MB. None: the kind may read any column,
    and a plan that uses it is loaded whole. See :mod:`scoplan.plan_columns`."""
    nouns: Mapping[str, Text] = attrs.field(factory=dict, converter=_as_texts)
    counts: Sequence[Counted] | Callable[[Any], Iterable[Counted]] = ()
    """The kinds of rows the kind counts (:class:`Counted`), or a function of a milestone's
    params that returns them (``establishment-coverage`` counts the kind its params name,
    at their level): where the data holds no row of one anywhere, the report says so
    once, naming the milestones that counted none. ``()``: it says nothing of them."""
