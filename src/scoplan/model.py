"""The domain: the units of the administrative hierarchy and what exists or happens in them.

These are plain frozen records. A :class:`~scoplan.dataset.Dataset` stores its rows in
columns and makes these objects on demand (for evidence, look-ups by id and iteration); the
targets themselves query the columns. Columns a bureau adds beyond DATA.md are kept in
``extra``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

CITY = "city"
"""The ``unit_id`` that names the city level itself (市本级) in establishments and events."""


def _active(start: dt.date | None, end: dt.date | None, on: dt.date) -> bool:
    return start is not None and start <= on and (end is None or end > on)


@attrs.frozen
class District:
    """A district, county or development zone (区县): ``kind`` is district, county or zone."""

    id: str
    name: str
    kind: str
    city: str | None = None
    extra: Mapping[str, str | None] = attrs.field(factory=dict)


@attrs.frozen
class Township:
    """A township-level unit (乡镇街道): ``kind`` is street, town, township, zone (开发区),
    scenic (风景区) or other (其他: 直辖村级区划, 管理区, 农场…)."""

    id: str
    district_id: str
    name: str
    kind: str
    extra: Mapping[str, str | None] = attrs.field(factory=dict)


@attrs.frozen
class Community:
    """A community (社区): ``kind`` is urban (城市社区) or rural (农村社区)."""

    id: str
    township_id: str
    name: str
    kind: str
    extra: Mapping[str, str | None] = attrs.field(factory=dict)


@attrs.frozen
class Organization:
    """A community social organization (社区社会组织)."""

    id: str
    community_id: str
    name: str
    founded: dt.date
    category: str | None = None
    dissolved: dt.date | None = None
    registration: str | None = None
    size: str | None = None
    managed_by: str | None = None
    charter: bool | None = None
    brand: dt.date | None = None
    serves: tuple[str, ...] = ()
    extra: Mapping[str, str | None] = attrs.field(factory=dict)

    def is_active(self, on: dt.date) -> bool:
        """Whether it exists on ``on``: founded on or before it, not dissolved by it."""
        return _active(self.founded, self.dissolved, on)


@attrs.frozen
class Federation:
    """A federation of CSOs (社区社会组织联合会) at township or community ``level``."""

    id: str
    level: str
    unit_id: str
    founded: dt.date
    name: str | None = None
    dissolved: dt.date | None = None
    extra: Mapping[str, str | None] = attrs.field(factory=dict)

    def is_active(self, on: dt.date) -> bool:
        """Whether it exists on ``on``."""
        return _active(self.founded, self.dissolved, on)


@attrs.frozen
class Establishment:
    """A platform or system (平台与制度) that exists from a date: a service centre, an academy…"""

    id: str
    kind: str
    unit_id: str
    established: dt.date
    name: str | None = None
    ended: dt.date | None = None
    extra: Mapping[str, str | None] = attrs.field(factory=dict)

    def is_active(self, on: dt.date) -> bool:
        """Whether it exists on ``on``."""
        return _active(self.established, self.ended, on)


@attrs.frozen
class BrandProject:
    """A CSO brand project (品牌项目), designated on a date."""

    id: str
    organization_id: str
    designated: dt.date
    name: str | None = None
    extra: Mapping[str, str | None] = attrs.field(factory=dict)


@attrs.frozen
class Event:
    """Something held on a date: a training, a 公益创投 programme, a brand selection."""

    id: str
    kind: str
    unit_id: str
    date: dt.date
    name: str | None = None
    extra: Mapping[str, str | None] = attrs.field(factory=dict)
