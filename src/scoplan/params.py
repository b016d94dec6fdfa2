"""Parameter classes that many target kinds share.

A target kind's parameters are an attrs class; a milestone's ``params`` table in a plan is
structured into it, so unknown keys, wrong types and values out of range are plan errors
with the path of the field. A plugin may use these or declare its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import attrs

from scoplan._convert import InvalidField
from scoplan.target import Comparator


def _share(instance: Any, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0 <= value <= 1:
        message = f"{attribute.name} is a share between 0 and 1 (70% is 0.7), not {value}"
        zh = f"{attribute.name} 是 0 到 1 之间的比例(70% 写作 0.7),不能是 {value}"
        raise InvalidField(attribute.name, message, zh)


def _not_negative(instance: Any, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        message = f"{attribute.name} cannot be negative, not {value}"
        raise InvalidField(attribute.name, message, f"{attribute.name} 不能为负数,不能是 {value}")


Window = Literal["year", "to_date"]
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
    """A count compared with ``threshold`` (default: at least one)."""

    threshold: float = attrs.field(default=1.0, validator=_not_negative)
    comparator: Comparator = ">="


@attrs.frozen(kw_only=True)
class Share:
    """A share of units compared with ``threshold``, between 0 and 1 (0.7 for 70%)."""

    threshold: float = attrs.field(validator=_share)
    comparator: Comparator = ">="


@attrs.frozen(kw_only=True)
class TownshipShare(Share):
    """A share of township-level units; ``township_kinds`` narrows them (street, town…)."""

    township_kinds: tuple[TownshipKind, ...] = ()


@attrs.frozen(kw_only=True)
class EventShare(Share):
    """A share of units that held an event; ``window`` says which events count."""

    window: Window = "year"


@attrs.frozen(kw_only=True)
class TownshipEventShare(EventShare):
    """A share of township-level units that held an event, optionally of some kinds only."""

    township_kinds: tuple[TownshipKind, ...] = ()


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

    threshold: float = attrs.field(default=1.0, validator=_not_negative)
    comparator: Comparator = ">="
    window: Window = "year"
    since: dt.date | None = None
    held_by: Literal["scope", "within"] = "scope"
