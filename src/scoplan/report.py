"""What an evaluation returns: a :class:`Report` of :class:`Result` records.

The JSON form of a report (``Report.to_dict``) is scoplan's stable machine interface; its
schema is documented in the README and versioned by :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Mapping
from typing import Any

import attrs

from scoplan.plan import Clause
from scoplan.projection import HistoryPoint, Projection
from scoplan.target import Figure, UnitValue

SCHEMA_VERSION = 3
"""3: ``gap`` is measured on ``measured_on`` (2: on ``as_of``), ``gap_now`` is the gap on
``as_of``; ``needed_per_year`` is null where no yearly rate makes sense."""
READABLE_VERSIONS = (2, 3)
"""The ``schema_version`` values :meth:`Report.from_dict` reads (2 is brought up to 3)."""


class Status(enum.StrEnum):
    """How a milestone stands. See the README for the exact rules."""

    MET = "met"
    """Met by its due date (or already met, before it)."""
    MET_LATE = "met_late"
    """Not met by its due date, met now."""
    NOT_MET = "not_met"
    """Due, not met by the due date, not met now."""
    PENDING = "pending"
    """Not yet due and not yet met, and no projection could be made (the reason is kept)."""
    ON_TRACK = "on_track"
    """Not yet due, not yet met, and projected to be met by the due date."""
    OFF_TRACK = "off_track"
    """Not yet due, not yet met, and projected to fall short by the due date."""
    NO_DATA = "no_data"
    """Nothing to measure: the scope has none of the units the target counts over."""
    ERROR = "error"
    """The target raised; ``message`` says what."""
    INFO = "info"
    """An indicator: reported, never judged."""
    NOT_COVERED = "not_covered"
    """Not judged: the run does not cover the scope, or covers part of it (a district
    bureau's register holds its own district alone; a figure of the whole city from one
    district would not be the city's). ``message`` says which districts it lacks."""


FAILING = frozenset({Status.NOT_MET})


@attrs.frozen
class ScopeRef:
    """The scope of one result: its level (city, district, districts, group), id and name.

    ``reading`` says how the plan reads the scope when the document leaves it open (which
    districts 中心城区 means, say).
    """

    level: str
    id: str
    name: str
    name_en: str = ""
    reading: str = ""
    reading_en: str = ""


@attrs.frozen
class Evidence:
    """The numbers behind ``value``: the two sides of a mean or share, and any breakdown."""

    numerator: float | None = None
    denominator: float | None = None
    details: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class ShortUnit(UnitValue):
    """A unit that falls short, as a report lists it: the target's :class:`UnitValue` and
    where the unit lies (its district and township, and an organization's community), so
    that a list can be sent down to whoever must act. Empty where the level has none (a
    district has no township; the city level has neither)."""

    district_id: str = ""
    district: str = ""
    township_id: str = ""
    township: str = ""
    community_id: str = ""
    community: str = ""


@attrs.frozen
class Gap:
    """What it would take, as of ``on``, to meet the requirement.

    ``amount`` more whole ``noun`` (organizations, townships…) in all, or fewer when
    ``direction`` is ``less``; ``units`` lists the units that fall short, the furthest
    first, at most as many as asked for, and ``units_total`` counts them all.
    """

    amount: float
    noun: str
    on: dt.date
    direction: str = "more"
    units: tuple[ShortUnit, ...] = ()
    units_total: int = 0


@attrs.frozen
class Part:
    """The figure of one district inside a result over several (the city, a group): its
    value on ``measured_on``, the two sides of a mean or share, whether it alone would
    meet the requirement, and its value on the evaluation date when that is later.

    ``gap`` is what the district alone lacks on ``measured_on`` (``gap_now`` on the
    evaluation date when that is later), measured as the result's gap is (9 more
    organizations for its urban communities); its ``units`` list the district's units short
    only for a result not judged whose requirement holds for each unit (a coverage of
    100%), and are empty otherwise (``units_total`` counts them all the same)."""

    id: str
    name: str
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    met: bool | None = None
    value_now: float | None = None
    name_en: str = ""
    gap: Gap | None = None
    gap_now: Gap | None = None


@attrs.frozen
class DataSource:
    """Where the evaluated data came from: the folder, file or URL as given (a URL's
    password masked), when it was last changed (``2024-01-05T09:30:00+08:00``; empty for
    data made in Python or a server database), and how many rows each table has."""

    location: str = ""
    modified: str = ""
    rows: Mapping[str, int] = attrs.field(factory=dict)


@attrs.frozen
class Result:
    """The evaluation of one milestone for one scope.

    ``value`` is measured on ``measured_on``: the due date when the evaluation is after it
    (was it done in time?), otherwise the evaluation date. ``value_now`` is the value on
    the evaluation date when that differs from ``measured_on``. ``gap`` is what was lacking
    on ``measured_on`` (so that value, requirement and gap add up), ``gap_now`` what is
    lacking on the evaluation date when that is later (None: nothing). ``no_longer_holds``
    marks a milestone met in time whose value no longer meets the requirement.

    ``title`` names the milestone for a reader (``全市城市社区平均社区社会组织数（2023年）``):
    the plan's own, or made from the target kind, the scope and the due year;
    ``target_title`` is the target kind's. ``parts`` gives each district's figure inside a
    result over several districts; ``breakdown``, for a mean, each district's and each
    township's numerator, denominator and value on ``measured_on``, adding up to the
    result's (see :attr:`Measurement.breakdown <scoplan.Measurement.breakdown>`). ``message`` says
    why a result is an ``error``; ``message_zh`` says it in Chinese when scoplan can (a
    target that took too long), and is empty when the message is what the target raised.
    """

    milestone: str
    target: str
    title: str
    title_en: str
    scope: ScopeRef
    due: dt.date
    status: Status
    measured_on: dt.date
    value: float | None = None
    required: float | None = None
    comparator: str | None = None
    unit: str = "count"
    value_now: float | None = None
    no_longer_holds: bool = False
    evidence: Evidence = Evidence()
    gap: Gap | None = None
    clauses: tuple[Clause, ...] = ()
    reading: str = ""
    reading_en: str = ""
    message: str | None = None
    plugin: str | None = None
    seconds: float = 0.0
    history: tuple[HistoryPoint, ...] = ()
    projection: Projection | None = None
    message_zh: str = ""
    target_title: str = ""
    target_title_en: str = ""
    gap_now: Gap | None = None
    parts: tuple[Part, ...] = ()
    breakdown: tuple[Figure, ...] = ()


@attrs.frozen
class ChosenDistrict:
    """A district a run chose to evaluate alone (``--district``): its id and names."""

    id: str
    name: str
    name_en: str = ""


@attrs.frozen
class PluginRef:
    """A plugin that took part in the run, with its distribution and version."""

    name: str
    distribution: str | None = None
    version: str | None = None


@attrs.frozen
class RunError:
    """Something that went wrong for the whole run (a plugin that failed to load)."""

    code: str
    source: str
    message: str
    message_zh: str = ""


@attrs.frozen
class DataWarning:
    """Something loading found doubtful but did not refuse (``Dataset.warnings``), as a
    report carries it: where, the value, and the message in English and Chinese."""

    code: str
    source: str
    message: str
    message_zh: str = ""
    table: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None


@attrs.frozen
class Report:
    """The result of evaluating a plan on a dataset as of a date."""

    plan_id: str
    plan_title: str
    plan_version: str
    as_of: dt.date
    scoplan_version: str
    fingerprint: str
    results: tuple[Result, ...]
    plan_title_en: str = ""
    plan_issued_by: str = ""
    """The bureau that issued the plan (the plan's ``issued_by``, 黄山市民政局), or empty: the
    author a Word or Excel report's properties name."""
    plugins: tuple[PluginRef, ...] = ()
    run_errors: tuple[RunError, ...] = ()
    warnings: tuple[DataWarning, ...] = ()
    projection_method: str = "linear"
    terms: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    schema_version: int = SCHEMA_VERSION
    source: DataSource | None = None
    projection_chosen_by: str = "plan"
    """``plan`` when the plan's ``projection`` chose the method, ``run`` when the caller did."""
    districts: tuple[ChosenDistrict, ...] = ()
    """The districts the run chose to evaluate alone (``--district``, ``districts=``), in
    the order of their ids; empty when it chose none (every district the data holds). The
    results of other scopes are ``not_covered``: a report for people lists them no more
    than by their number (:func:`scoplan.renderers.words.left_out`)."""

    def counts(self) -> dict[str, int]:
        """How many results have each status (every status present, zeros included)."""
        counts = {status.value: 0 for status in Status}
        for result in self.results:
            counts[result.status.value] += 1
        return counts

    def exit_code(self) -> int:
        """0 nothing failed; 1 a milestone is not met; 3 a target errored or a plugin failed."""
        if self.run_errors or any(r.status is Status.ERROR for r in self.results):
            return 3
        if any(r.status in FAILING for r in self.results):
            return 1
        return 0

    def to_dict(self, *, timings: bool = False) -> dict[str, Any]:
        """The JSON form: plain data, stable keys, ``schema_version`` first.

        Without ``timings`` each result's ``seconds`` is left out, so that the same input
        gives the same bytes every time.
        """
        from scoplan._convert import unstructure

        data: dict[str, Any] = {"schema_version": self.schema_version}
        data.update(unstructure(self))
        if not timings:
            for result in data["results"]:
                result.pop("seconds", None)
        data["summary"] = self.counts()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "report") -> Report:
        """A report from its JSON form (as :meth:`to_dict` gives it); ``source`` names it.

        A ``schema_version`` scoplan cannot read (1, 99), or none, is a
        :class:`~scoplan.DataError` (:func:`check_version`, as ``scoplan diff`` says it); a
        report of a version it reads that lacks a key or has a bad value, a
        :class:`~scoplan.PlanError` naming each.
        """
        from scoplan._convert import structure

        check_version(data, source)
        body = {k: v for k, v in data.items() if k != "summary"}
        if body.get("schema_version") == 2:
            body = _from_version_2(body)
        return structure(body, cls, source)


def check_version(data: object, source: str) -> None:
    """Raise :class:`~scoplan.DataError` unless ``data`` is the JSON form of a report of a
    version :meth:`Report.from_dict` reads (:data:`READABLE_VERSIONS`): ``bad_schema_version``
    naming the version it has, ``no_schema_version`` when it has none."""
    from scoplan._exceptions import DataError, Problem

    expected = {"expected": "/".join(map(str, READABLE_VERSIONS))}
    if not isinstance(data, Mapping) or "schema_version" not in data:
        raise DataError([Problem("no_schema_version", source, params=expected)])
    version = data["schema_version"]
    # 2.0, "3" or true is no version a report writes: named as the JSON writes it
    if type(version) is not int or version not in READABLE_VERSIONS:
        written = json.dumps(version, ensure_ascii=False, default=repr)
        problem = Problem("bad_schema_version", source, value=written, params=expected)
        raise DataError([problem])


def _from_version_2(body: dict[str, Any]) -> dict[str, Any]:
    """A version-2 report's JSON form as version 3 says it.

    Version 2 gave each result's ``gap`` as of ``as_of``. Where the value was measured on
    an earlier date (the due date), that is version 3's ``gap_now``, and the gap on the due
    date is not known: ``gap`` is left empty. ``needed_per_year`` keeps its figure.
    """
    as_of = str(body.get("as_of", ""))
    body = {**body, "schema_version": SCHEMA_VERSION}
    if isinstance(body.get("results"), list):
        body["results"] = [
            {**result, "gap_now": result.get("gap"), "gap": None}
            if isinstance(result, dict) and str(result.get("measured_on", "")) < as_of
            else result
            for result in body["results"]
        ]
    return body
