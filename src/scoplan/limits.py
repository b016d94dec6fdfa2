"""What an input may cost, checked before it is read: rows, columns, bytes, milestones, dates.

A register, a workbook, a database or a plan is refused — with one problem naming the file
or table, the limit and how to raise it — when it is larger than :class:`Limits` allows,
*before* the part that is too large is read: a header is counted from its first line, a
file from its size, a workbook's parts from what its zip directory declares, a database
table by reading one row past the limit. The defaults are generous enough for the whole
country (5 million organizations, 567 MB of CSV) and bound what a hostile or broken input
costs: a zip bomb, a header of a million columns, a recursive view that never ends.

For the rare honest giant, raise a limit: ``scoplan evaluate --limit rows=50000000`` (also
``convert``), or in Python ``scoplan.load(path, limits=Limits(rows=50_000_000))``. A loader
of a plugin reads the limits in force with :func:`current`.

The dates scoplan evaluates are fixed, not a limit: from :data:`EARLIEST` to :data:`LATEST`.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import re
from collections.abc import Iterable, Iterator

import attrs

from scoplan._exceptions import Problem, ScoplanError

KiB = 1 << 10
MiB = 1 << 20
GiB = 1 << 30

EARLIEST = dt.date(1949, 10, 1)
"""The first day scoplan evaluates and a plan may name: no plan for community social
organizations is older than the People's Republic."""
LATEST = dt.date(2100, 12, 31)
"""The last day scoplan evaluates and a plan may name. Each result carries its value at every
year-end from the plan's base year to the date evaluated, so the range bounds that work too
(at most 152 year-ends)."""

RATIO_FLOOR = 1 * MiB
"""A part of a workbook that unpacks to less than this is never refused for its ratio: a
small part of repeated markup (styles, a theme) may compress very well and costs nothing."""


class LimitValueError(ScoplanError, ValueError):
    """A limit given to :class:`Limits` that is no whole number ≥ 1 (``Limits(rows=-1)``):
    a :class:`ScoplanError` with its problem (``bad_limit_value``) in both languages, and
    a ValueError, as it always was."""


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        params = {"name": attribute.name}
        problem = Problem("bad_limit_value", "Limits", value=repr(value), params=params)
        raise LimitValueError([problem])


def _limit(default: int) -> int:
    return attrs.field(default=default, validator=_positive)


@attrs.frozen(kw_only=True)
class Limits:
    """How large an input may be. Each limit is a whole number ≥ 1; see the README's
    "Limits" section for why each default is what it is.
    """

    rows: int = _limit(20_000_000)
    """Rows of one table (a CSV file, a JSON list, a sheet, a database table or view). The
    whole country has 5 million organizations; a table of activities may hold several each."""
    columns: int = _limit(512)
    """Columns of one table. DATA.md's widest table has 12; a bureau's export adds some."""
    cell_bytes: int = _limit(64 * KiB)
    """Bytes of one cell (UTF-8): a name or a note, about 21,000 Chinese characters. A cell
    is copied into each report that names it."""
    row_bytes: int = _limit(1 * MiB)
    """Bytes of a CSV file's header line, read before the file is given to the CSV reader
    (the other lines are bounded by ``columns`` and ``cell_bytes``)."""
    file_bytes: int = _limit(4 * GiB)
    """Bytes of one CSV file: seven times the whole country's organizations.csv."""
    json_bytes: int = _limit(256 * MiB)
    """Bytes of a JSON document, which is parsed whole into Python objects of about ten
    times its size; about a million organizations. Larger registers read better as CSV
    files or a database."""
    part_bytes: int = _limit(1 * GiB)
    """Bytes one part of a workbook (a sheet) unpacks to. A sheet of Excel's 1,048,576 rows
    of DATA.md's widest table takes about 570 MB."""
    strings_bytes: int = _limit(256 * MiB)
    """Bytes a workbook's shared strings (``xl/sharedStrings.xml``) unpack to. They are held
    in memory whole, at about four times their size."""
    workbook_bytes: int = _limit(4 * GiB)
    """Bytes all the parts of a workbook unpack to together."""
    ratio: int = _limit(100)
    """How many times its packed size a part of a workbook over :data:`RATIO_FLOOR` may
    unpack to. Honest sheets and shared strings unpack 8 to 20 times; deflate's most is
    about 1,030 (a zip bomb's)."""
    milestones: int = _limit(10_000)
    """Milestones of one plan: a city's plan has a few dozen, a province's a few hundred."""
    plan_bytes: int = _limit(16 * MiB)
    """Bytes of a plan's TOML file: 10,000 milestones with their clauses' wording."""


DEFAULT = Limits()
NAMES: tuple[str, ...] = tuple(field.name for field in attrs.fields(Limits))
BYTES: frozenset[str] = frozenset(name for name in NAMES if name.endswith("_bytes"))
"""The limits counted in bytes (shown as ``64 KiB``, ``1 GiB``)."""

_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar("scoplan_limits")


def current() -> Limits:
    """The limits in force: those given to the :func:`scoplan.load` under way, else the
    defaults. A plugin's loader asks this to bound what it reads."""
    return _CURRENT.get(DEFAULT)


@contextlib.contextmanager
def applied(limits: Limits | None) -> Iterator[Limits]:
    """Put ``limits`` in force for the block (None: keep those in force)."""
    if limits is None:
        yield current()
        return
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


_UNITS = {"": 1, "kib": KiB, "mib": MiB, "gib": GiB, "tib": 1 << 40}
_VALUE = re.compile(r"^\s*(\d[\d_,]{0,30})\s*([a-z]*)\s*$", re.IGNORECASE)
"""A whole number (short enough for ``int``), then a unit or none."""


def parse(given: Iterable[str], base: Limits = DEFAULT, source: str = "--limit") -> Limits:
    """``base`` with the limits given as ``NAME=VALUE`` raised or lowered.

    VALUE is a whole number, ``_`` or ``,`` between digits allowed, optionally in KiB, MiB,
    GiB or TiB (``rows=50000000``, ``part_bytes=2GiB``). Raises :class:`ScoplanError` naming
    the first entry that is not of this form.
    """
    changes: dict[str, int] = {}
    for entry in given:
        name, equals, text = entry.partition("=")
        name = name.strip().lower().replace("-", "_")
        match = _VALUE.match(text)
        unit = _UNITS.get(match.group(2).lower()) if match else None
        value = 0
        if match is not None and unit is not None:
            value = int(match.group(1).replace("_", "").replace(",", "")) * unit
        if not equals or name not in NAMES or value < 1:
            params = {"expected": ", ".join(NAMES)}
            raise ScoplanError([Problem("bad_limit", source, value=entry, params=params)])
        changes[name] = value
    return attrs.evolve(base, **changes)


def amount(name: str, value: int) -> str:
    """A limit's value (or an amount measured against it) as a user reads it: ``64 KiB``,
    ``1.2 GiB``, ``20000000``."""
    if name not in BYTES:
        return str(value)
    for unit, size in (("GiB", GiB), ("MiB", MiB), ("KiB", KiB)):
        if value >= size:
            if value % size == 0:
                return f"{value // size} {unit}"
            return f"{value / size:.1f} {unit}"
    return f"{value} B"


def over(
    name: str,
    source: str,
    limit: int,
    *,
    found: int | None = None,
    table: str | None = None,
    row: int | None = None,
    index: int | None = None,
    column: str | None = None,
    value: str | None = None,
    header: str | None = None,
) -> Problem:
    """The problem of an input past the limit ``name``: code ``limit_NAME``, with the limit
    (and what was found, when it is known) as a user reads them; ``header``: the column as
    the user's header wrote it. A table of DATA.md is named in Chinese by its Chinese name
    (``社区社会组织``, not ``organizations``)."""
    from scoplan.schema import TABLES_BY_NAME

    params = {"limit": amount(name, limit), "name": name}
    if found is not None:
        params["found"] = amount(name, found)
    if header is not None and header != column:
        params["header"] = header
    known = TABLES_BY_NAME.get(table) if table is not None else None
    if known is not None:
        params["table_zh"] = known.alias
    return Problem(
        f"limit_{name}",
        source,
        table=table,
        row=row,
        index=index,
        column=column,
        value=value,
        params=params,
    )


def is_over(problem: Problem) -> bool:
    """Whether ``problem`` is an input refused for a limit."""
    return problem.code.startswith("limit_") or problem.code == "too_large"


def date_problem(day: dt.date, source: str, column: str | None = None) -> Problem | None:
    """A problem when ``day`` is outside the dates scoplan evaluates, else None."""
    if EARLIEST <= day <= LATEST:
        return None
    return year_problem(day.isoformat(), source, column)


def year_problem(value: str, source: str, column: str | None = None) -> Problem:
    """The problem of a date (or year) outside :data:`EARLIEST` – :data:`LATEST`."""
    expected = f"{EARLIEST.isoformat()} – {LATEST.isoformat()}"
    return Problem("plan_years", source, column=column, value=value, params={"expected": expected})
