"""Parameter classes that many target kinds share.

A target kind's parameters are an attrs class; a milestone's ``params`` table in a plan is
structured into it, so unknown keys, wrong types and values out of range are plan errors
with the path of the field. A plugin may use these or declare its own; its validators
raise :class:`InvalidField` (documented in docs/hooks.md) for a value they reject.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import attrs

from scoplan._convert import InvalidField as InvalidField  # public here
from scoplan.spellings import HELD_BY_WORDS, REGISTRATION_WORDS, WINDOW_WORDS
from scoplan.target import Comparator


def _share(instance: Any, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0 <= value <= 1:
        message = f"{attribute.name} is a share between 0 and 1 (70% is 0.7), not {value}"
        zh = f"{attribute.name} 是 0 到 1 之间的比例（70% 写作 0.7），不能是 {value}"
        raise InvalidField(attribute.name, message, zh)


def _not_negative(instance: Any, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        message = f"{attribute.name} cannot be negative, not {value}"
        raise InvalidField(attribute.name, message, f"{attribute.name} 不能为负数，不能是 {value}")


def _count(instance: Any, attribute: attrs.Attribute[float], value: float) -> None:
    """A count's threshold: whole and not negative. A share written for a count (0.6, for
    60% of townships, where a -coverage kind was meant) would be met by a single one."""
    _not_negative(instance, attribute, value)
    if value != int(value):
        name = attribute.name
        message = (
            f"{name} counts whole things (1, 2, 3…), not {value}: for a share of units, "
            "use a -coverage target kind"
        )
        zh = (
            f"{name} 是个数，须为整数（1、2、3……），不能是 {value}；"
            "如要比例，请用 -coverage 类的目标类型"
        )
        raise InvalidField(name, message, zh)


Window = Annotated[Literal["year", "to_date"], WINDOW_WORDS]
"""Which events count for a milestone due on a date: those held in its calendar year
(``year``: a 2022 training does not satisfy 2023), or any held up to the date (``to_date``)."""
TownshipKind = Literal["street", "town", "township", "zone", "scenic", "other"]
"""A kind of township-level unit (``townships.kind``): 街道, 镇, 乡, 开发区, 风景区, 其他."""


@attrs.frozen(kw_only=True)
class Threshold:
    """A number the value is compared with: ``threshold`` (≥ 0) and ``comparator``."""

    threshold: float = attrs.field(validator=_not_negative)
    comparator: Comparator = ">="


@attrs.frozen(kw_only=True)
class Count:
    """A count compared with ``threshold``, a whole number (default: at least one)."""

    threshold: float = attrs.field(default=1.0, validator=_count)
    comparator: Comparator = ">="


@attrs.frozen(kw_only=True)
class CountSince(Count):
    """A count of what was named on or before the day and, when ``since`` is set, on or after
    ``since`` (the plan's start: what the plan 培育 or 打造, not what it found)."""

    since: dt.date | None = None


@attrs.frozen(kw_only=True)
class Share:
    """A share of units compared with ``threshold``, between 0 and 1 (0.7 for 70%)."""

    threshold: float = attrs.field(validator=_share)
    comparator: Comparator = ">="


@attrs.frozen(kw_only=True)
class TownshipShare(Share):
    """A share of township-level units; ``township_kinds`` narrows them (street, town…).

    ``with_communities_only`` leaves out the units with no community (a 管理区, a 林场, a
    development zone filed as a township-level unit), which have no residents to serve.
    """

    township_kinds: tuple[TownshipKind, ...] = ()
    with_communities_only: bool = False


@attrs.frozen(kw_only=True)
class EventShare(Share):
    """A share of units that held an event; ``window`` says which events count."""

    window: Window = "year"


@attrs.frozen(kw_only=True)
class TownshipEventShare(EventShare):
    """A share of township-level units that held an event, optionally of some kinds only."""

    township_kinds: tuple[TownshipKind, ...] = ()


Registration = Annotated[Literal["registered", "filed", "none", "unknown"], REGISTRATION_WORDS]
"""A registration status an organization may have: ``registered`` (登记), ``filed`` (备案),
``none`` (neither: 未登记) or ``unknown`` (the ``registration`` cell is empty)."""

COUNTED: tuple[Registration, ...] = ("registered", "filed")
"""The organizations counted as 社区社会组织 by default: registered or filed, as civil-affairs
statistics count them."""


def _statuses(instance: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    if not value:
        message = f"{attribute.name} names no status: nothing would be counted"
        zh = f"{attribute.name} 未列出任何登记状态，将没有组织被计入"
        raise InvalidField(attribute.name, message, zh)


def registration_field() -> Any:
    """The ``registration`` parameter: which registration statuses count (:data:`COUNTED`)."""
    return attrs.field(default=COUNTED, validator=_statuses)


def _optional_not_negative(
    instance: Any, attribute: attrs.Attribute[Any], value: float | None
) -> None:
    if value is not None:
        _not_negative(instance, attribute, value)


@attrs.frozen(kw_only=True)
class Average:
    """A mean of organizations per community, judged when ``threshold`` is set.

    Without a threshold the mean is an indicator, reported and never judged (a national
    average read for one district). ``registration`` lists the statuses counted.
    """

    threshold: float | None = attrs.field(default=None, validator=_optional_not_negative)
    comparator: Comparator = ">="
    registration: tuple[Registration, ...] = registration_field()


def _optional_share(instance: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None:
        _share(instance, attribute, value)


@attrs.frozen(kw_only=True)
class OptionalShare:
    """A share that is judged only when the plan sets ``threshold``: an indicator otherwise.

    For commitments the document states without a number (推动…, 建立…): the value is
    reported with the status ``info`` unless a team sets the share it wants.
    """

    threshold: float | None = attrs.field(default=None, validator=_optional_share)
    comparator: Comparator = ">="


@attrs.frozen(kw_only=True)
class EventCount:
    """A count of events held, compared with ``threshold`` (default: at least one).

    ``window`` says which events count (see :data:`Window`); ``since`` ignores those held
    before a date (the plan's start, say). ``held_by`` is ``scope`` for events held at the
    scope's own level (``unit_id`` the district, or ``city`` for the whole area) or
    ``within`` for events held anywhere inside it.
    """

    threshold: float = attrs.field(default=1.0, validator=_count)
    comparator: Comparator = ">="
    window: Window = "year"
    since: dt.date | None = None
    held_by: Annotated[Literal["scope", "within"], HELD_BY_WORDS] = "scope"
