"""Whether the data may be older than the day it is judged on: a warning, never an error.

A register says nothing of what happened after its keeper last wrote in it. Judged as of a
day long after its last date (``scoplan evaluate`` is as of today unless told), each
figure "now" is the figure of that last date, and a milestone's ``met late`` or ``not met``
is read from it as if it were today's. :func:`stale_data` says so when the latest date the
data holds — a founding, an ending, an event, a designation — is more than
:data:`STALE_AFTER_DAYS` before the day judged: an active register (a district's hundreds of
organizations, its platforms and events) records something every year.
"""

from __future__ import annotations

import datetime as dt

from scoplan._exceptions import WARNING, Problem
from scoplan.dataset import Dataset
from scoplan.schema import DATE, TABLES

STALE_AFTER_DAYS = 365
"""How many days before the day judged the data's latest date may be without a warning."""


def latest_date(data: Dataset) -> tuple[dt.date, str, str] | None:
    """The latest date any date column of ``data`` holds, with its table and column (the
    first such in schema order where several hold it); None when no column holds a date."""
    found: tuple[dt.date, str, str] | None = None
    for table in TABLES:
        if table.name in data.absent:
            continue
        frame = data.frame(table.name)
        for column in table.columns:
            if column.type != DATE or column.name not in frame.columns:
                continue
            latest = frame.get_column(column.name).max()
            if isinstance(latest, dt.date) and (found is None or latest > found[0]):
                found = (latest, table.name, column.name)
    return found


def stale_data(data: Dataset, as_of: dt.date) -> list[Problem]:
    """A warning when the latest date of ``data`` is more than :data:`STALE_AFTER_DAYS`
    before ``as_of``, naming that date, where it is (the table, the column as the user's
    header wrote it) and the day to judge on instead; nothing otherwise."""
    found = latest_date(data)
    if found is None:
        return []
    latest, table, column = found
    days = (as_of - latest).days
    if days <= STALE_AFTER_DAYS:
        return []
    known = next(t for t in TABLES if t.name == table)
    alias = next(c.alias for c in known.columns if c.name == column)
    header = data.header(table, column)
    params = {
        "latest": latest.isoformat(),
        "latest_zh": _chinese(latest),
        "as_of": as_of.isoformat(),
        "as_of_zh": _chinese(as_of),
        "days": days,
        "table_zh": known.alias,
        "name": header or column,
        "name_zh": header or alias,
    }
    where = data.source(table) or data.origin or "-"
    return [Problem("stale_data", where, table=table, params=params, severity=WARNING)]


def before_plan(start: dt.date, end: dt.date, as_of: dt.date, where: str) -> list[Problem]:
    """A warning when ``as_of`` is before the plan's first day ``start``: no milestone is due,
    every one is pending, and the year is likely mistyped (2013 for 2023: found by a user
    trial, which gave 待定 for all and exit 0); nothing otherwise."""
    if as_of >= start:
        return []
    params = {
        "as_of": as_of.isoformat(),
        "as_of_zh": _chinese(as_of),
        "start": start.isoformat(),
        "start_zh": _chinese(start),
        "end": end.isoformat(),
        "end_zh": _chinese(end),
        "year": end.year,
    }
    return [Problem("before_plan", where, params=params, severity=WARNING)]


def _chinese(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
