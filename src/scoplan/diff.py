"""What changed between two reports: two dates, two data deliveries, or a what-if.

Results are matched by milestone and scope. For each pair the comparison says whether the
status changed, how far the value moved (the value on the due date, and the value now
where a report is dated after it), and which units entered or left the list of
units that fall short; for a result not judged (a milestone of the whole city on a county's
register) each district's own figure (``parts``) likewise. A unit is said to have left (or
entered) only when the other report
lists every unit that falls short: a report of a milestone met as a whole lists none, one
made with ``--listed 3`` only the three furthest, and a unit it does not list is not thereby
shown to have caught up (see ``unlisted``). Results present
in only one report are listed apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from scoplan._exceptions import Problem, ScoplanError
from scoplan.i18n import translate
from scoplan.report import Gap, Part, Report, Result, Status
from scoplan.target import UnitValue

_EPSILON = 1e-12
_MET = (Status.MET, Status.MET_LATE)


@attrs.frozen
class PartChange:
    """How one district's own figure inside a result not judged (its ``parts``: a milestone
    of the whole city on a county's register) differs from the older report to the newer:
    its value, its value now, and its own units short, as :class:`Change` says the result's."""

    id: str
    name: str
    name_en: str = ""
    value_before: float | None = None
    value_after: float | None = None
    value_now_before: float | None = None
    value_now_after: float | None = None
    denominator_before: float | None = None
    """The district's denominator in the older report: 1 where it is counted whole (a
    coverage of districts: covered or not)."""
    denominator_after: float | None = None
    entered: tuple[UnitValue, ...] = ()
    left: tuple[UnitValue, ...] = ()
    unlisted: tuple[UnitValue, ...] = ()
    """The district's units the older report lists as short of which the newer says
    nothing (it lists only some, ``--listed``, or gives no figure of the district), as
    :attr:`Change.unlisted`."""
    newly_listed: tuple[UnitValue, ...] = ()
    """The district's units the newer report lists as short where the older listed only
    some (``--listed``), or gave no figure of the district (``value_before`` None), as
    :attr:`Change.newly_listed`."""

    @property
    def delta(self) -> float | None:
        """How far ``value`` moved (None when either side has none)."""
        if self.value_before is None or self.value_after is None:
            return None
        return self.value_after - self.value_before

    @property
    def delta_now(self) -> float | None:
        """How far the value now moved (None when either side has none)."""
        if self.value_now_before is None or self.value_now_after is None:
            return None
        return self.value_now_after - self.value_now_before

    @property
    def changed(self) -> bool:
        """Whether the district's figure moved, appeared or went, or its units short."""
        moved = any(d is not None and abs(d) > _EPSILON for d in (self.delta, self.delta_now))
        appeared = (self.value_before is None) != (self.value_after is None)
        units = self.entered or self.left or self.unlisted or self.newly_listed
        return moved or appeared or bool(units)


@attrs.frozen
class Change:
    """How one milestone's result for one scope differs from the older report to the newer."""

    milestone: str
    target: str
    scope_id: str
    scope_name: str
    status_before: Status
    status_after: Status
    value_before: float | None
    value_after: float | None
    unit: str = "count"
    entered: tuple[UnitValue, ...] = ()
    left: tuple[UnitValue, ...] = ()
    partial: bool = False
    """True when a report listed only some of the units that fall short: ``entered`` and
    ``left`` then speak only of the listed ones."""
    title: str = ""
    """The milestone as the newer report names it (its ``title``), for a reader."""
    title_en: str = ""
    scope_level: str = ""
    """The scope's level (``city``, ``district``, ``districts``, ``group``)."""
    scope_name_en: str = ""
    """The scope's English name, where the report gives one (``central urban area``)."""
    comparator: str | None = None
    """The requirement's comparison (``>=``…), as the newer report has it; None for an
    indicator."""
    required_before: float | None = None
    """The requirement as the older report has it: a value is shown so that it does not
    seem to meet it when it does not (99.96% of 100% is never 100.0%)."""
    required_after: float | None = None
    """The requirement as the newer report has it."""
    unlisted: tuple[UnitValue, ...] = ()
    """Units the older report lists as short of which the newer says nothing: it lists no
    units (the milestone met as a whole, or no gap to list) or only some (``--listed``).
    Not known to have caught up, so not in ``left``."""
    newly_listed: tuple[UnitValue, ...] = ()
    """Units the newer report lists as short where the older listed none (the milestone
    met as a whole then, or no gap) or only some: not known to have fallen short since, so
    not in ``entered``."""
    value_now_before: float | None = None
    """The value on the older report's date where the due date had passed by then
    (``value_before`` is then the due date's): its ``value_now``; None where it has none
    (a report dated on or before the due date, whose ``value_before`` is its date's)."""
    value_now_after: float | None = None
    """The value on the newer report's date where the due date had passed by then."""
    cut_before: bool = False
    """Whether the older report listed only some of the units short (``--listed``): the
    units it left out are why :attr:`newly_listed` may hold units short then."""
    cut_after: bool = False
    """Whether the newer report listed only some of the units short."""
    parts: tuple[PartChange, ...] = ()
    """Each district's own figure, where neither report judges the result but gives the
    figure of a district its run holds (``Result.parts``): a county's register run for the
    city's milestones, whose own figures are what its official follows."""

    @property
    def met_before(self) -> bool:
        """Whether the older report has the milestone met as a whole on its date."""
        return self.status_before in _MET

    @property
    def met_after(self) -> bool:
        """Whether the newer report has the milestone met as a whole on its date."""
        return self.status_after in _MET

    @property
    def status_changed(self) -> bool:
        """Whether the status differs."""
        return self.status_before != self.status_after

    @property
    def delta(self) -> float | None:
        """How far ``value`` moved: the value on the due date where a report is dated after
        it, as ``status`` judges it (None when either side has no value). The value now
        moves apart: :attr:`delta_now`."""
        if self.value_before is None or self.value_after is None:
            return None
        return self.value_after - self.value_before

    @property
    def delta_now(self) -> float | None:
        """How far the value now moved (both reports dated after the due date; None when
        either has no value now): a milestone missed then met late moves here, its value on
        the due date staying what it was."""
        if self.value_now_before is None or self.value_now_after is None:
            return None
        return self.value_now_after - self.value_now_before

    @property
    def changed(self) -> bool:
        """Whether anything differs: status, value (on the due date, or now where both
        reports are dated after it), or the units that fall short."""
        moved = any(d is not None and abs(d) > _EPSILON for d in (self.delta, self.delta_now))
        # a value now on one side only (one report dated by the due date, the other after
        # it) is no change by itself: that report's value was its date's
        appeared = (self.value_before is None) != (self.value_after is None)
        units = self.entered or self.left or self.unlisted or self.newly_listed
        parts = any(part.changed for part in self.parts)
        return self.status_changed or moved or appeared or bool(units) or parts


@attrs.frozen
class ResultRef:
    """A result present in only one of the two reports."""

    milestone: str
    scope_id: str
    scope_name: str
    status: Status
    title: str = ""
    """The milestone as its report names it (its ``title``), for a reader."""
    title_en: str = ""
    scope_level: str = ""
    scope_name_en: str = ""


@attrs.frozen
class Comparison:
    """The differences between two reports of one plan (or of two plans, matched by id)."""

    before_as_of: dt.date
    after_as_of: dt.date
    before_fingerprint: str
    after_fingerprint: str
    plan_id: str
    changes: tuple[Change, ...]
    only_before: tuple[ResultRef, ...] = ()
    only_after: tuple[ResultRef, ...] = ()
    before_plan_id: str = ""
    """The older report's plan (``plan_id`` is the newer's)."""
    whole: Mapping[str, str] = attrs.field(factory=dict)
    """The plan's word for its whole area in each language (``全市``, a province's ``全省``:
    the newer report's ``where.city``), for the text to say ``全市已达标``; not in the JSON."""
    warnings: tuple[Problem, ...] = ()
    """What the rows a what-if added were warned of, as loading warns of them (a value of an
    open list no vocabulary knows: ``unknown_code``); none for two reports compared."""

    @property
    def plans_differ(self) -> bool:
        """Whether the two reports are of different plans: their results are matched by
        milestone id all the same (a plan's successor may reuse its ids), and none match
        where it does not; ``scoplan diff`` warns of the one and refuses the other."""
        return bool(self.before_plan_id) and self.before_plan_id != self.plan_id

    @property
    def reversed(self) -> bool:
        """Whether the first report is dated after the second (the two given in the wrong
        order?): compared as given, every change then backwards; ``scoplan diff`` warns."""
        return self.before_as_of > self.after_as_of

    def changed(self) -> tuple[Change, ...]:
        """The changes in which something differs."""
        return tuple(change for change in self.changes if change.changed)

    def flipped(self) -> tuple[Change, ...]:
        """The changes whose status differs."""
        return tuple(change for change in self.changes if change.status_changed)


def _key(result: Result) -> tuple[str, str]:
    return result.milestone, result.scope.id


def _today(result: Result, as_of: dt.date) -> Gap | None:
    """What the result lacks on its report's date: the gap now once the due date has passed
    (``gap`` is then the due date's), else the gap."""
    return result.gap_now if result.measured_on < as_of else result.gap


def _now(result: Result, as_of: dt.date) -> float | None:
    """The value on the report's date where the due date had passed by then (``value`` is
    then the due date's); None where it had not, or the report has none."""
    return result.value_now if result.measured_on < as_of else None


def _short(result: Result, as_of: dt.date) -> dict[str, UnitValue]:
    gap = _today(result, as_of)
    return {unit.id: unit for unit in gap.units} if gap is not None else {}


def _listed(result: Result, as_of: dt.date) -> bool:
    """Whether the report lists every one of the result's short units: it has a gap on its
    date, and lists all its units (a report made with ``--listed 3`` lists the three
    furthest: a unit it leaves out is not thereby shown to have caught up)."""
    gap = _today(result, as_of)
    return gap is not None and gap.units_total <= len(gap.units)


def _moved(
    short_from: dict[str, UnitValue], short_to: dict[str, UnitValue], to: Result, listed: bool
) -> tuple[tuple[UnitValue, ...], tuple[UnitValue, ...]]:
    """The units short in one report and not in the other: those known to have moved (the
    other report lists all its short units, or the unit is the scope itself and the other
    report has the milestone met), and those the other report merely does not list (it
    lists none, or only some)."""
    moved: list[UnitValue] = []
    unknown: list[UnitValue] = []
    for unit_id, unit in short_from.items():
        if unit_id in short_to:
            continue
        itself = unit.id == to.scope.id and unit.level == to.scope.level and to.status in _MET
        (moved if listed or itself else unknown).append(unit)
    return tuple(moved), tuple(unknown)


def _partial(result: Result, as_of: dt.date) -> bool:
    gap = _today(result, as_of)
    return gap is not None and gap.units_total > len(gap.units)


def _part_today(result: Result, part: Part, as_of: dt.date) -> Gap | None:
    """What the district lacks on its own on the report's date, as :func:`_today`."""
    return part.gap_now if result.measured_on < as_of else part.gap


def _part_listed(result: Result, part: Part | None, as_of: dt.date) -> bool:
    """Whether the report lists every one of the district's units short: it gives the
    district's figure and lacks nothing (no unit short), or lists all those it lacks."""
    if part is None or part.value is None:
        return False
    gap = _part_today(result, part, as_of)
    return gap is None or gap.units_total <= len(gap.units)


def _part_short(result: Result, part: Part | None, as_of: dt.date) -> dict[str, UnitValue]:
    gap = _part_today(result, part, as_of) if part is not None else None
    return {unit.id: unit for unit in gap.units} if gap is not None else {}


def _parts(old: Result, before: dt.date, new: Result, after: dt.date) -> tuple[PartChange, ...]:
    """Each district's own figure compared, where neither report judges the result (a
    milestone of the whole city on a county's register): matched by district, in the newer
    report's order, a district one report alone gives after them."""
    if old.status is not Status.NOT_COVERED or new.status is not Status.NOT_COVERED:
        return ()
    older = {part.id: part for part in old.parts}
    newer = {part.id: part for part in new.parts}
    found = []
    for district_id in [*newer, *(k for k in older if k not in newer)]:
        was, now = older.get(district_id), newer.get(district_id)
        named = now if now is not None else was
        assert named is not None
        short_before = _part_short(old, was, before)
        short_after = _part_short(new, now, after)
        left, unlisted = _split(short_before, short_after, _part_listed(new, now, after))
        entered, newly_listed = _split(short_after, short_before, _part_listed(old, was, before))
        found.append(
            PartChange(
                id=named.id,
                name=named.name,
                name_en=named.name_en,
                value_before=was.value if was is not None else None,
                value_after=now.value if now is not None else None,
                value_now_before=_now_of(old, was, before),
                value_now_after=_now_of(new, now, after),
                denominator_before=was.denominator if was is not None else None,
                denominator_after=now.denominator if now is not None else None,
                entered=entered,
                left=left,
                unlisted=unlisted,
                newly_listed=newly_listed,
            )
        )
    return tuple(found)


def _now_of(result: Result, part: Part | None, as_of: dt.date) -> float | None:
    """The district's value on the report's date where the due date had passed by then."""
    if part is None or not result.measured_on < as_of:
        return None
    return part.value_now


def _split(
    short_from: dict[str, UnitValue], short_to: dict[str, UnitValue], listed: bool
) -> tuple[tuple[UnitValue, ...], tuple[UnitValue, ...]]:
    """The units short in one report and not in the other: moved where the other report
    lists all its units short, else merely not listed by it."""
    gone = tuple(unit for unit_id, unit in short_from.items() if unit_id not in short_to)
    return (gone, ()) if listed else ((), gone)


def compare(before: Report, after: Report) -> Comparison:
    """Compare two reports, result by result (matched by milestone and scope).

    Units entering or leaving a shortfall are found among the units each report lists as
    short on its own date (``gap_now`` once the due date has passed), so reports made with
    a small ``listed`` may miss some. Where one report lists no units (the milestone met as
    a whole), the other's are ``unlisted`` or ``newly_listed``, not said to have moved. A
    version-2 report reads as well (see :meth:`Report.from_dict`).

    Raises :class:`~scoplan.ScoplanError` (``diff_other_plan``) for two reports of different
    plans with no result in common: an empty comparison would read as "nothing changed".
    Different plans that share results compare, with :attr:`Comparison.plans_differ` set;
    a first report dated after the second, with :attr:`Comparison.reversed`.
    """
    older = {_key(r): r for r in before.results}
    newer = {_key(r): r for r in after.results}
    changes = []
    for key, new in newer.items():
        old = older.get(key)
        if old is None:
            continue
        short_before, short_after = _short(old, before.as_of), _short(new, after.as_of)
        left, unlisted = _moved(short_before, short_after, new, _listed(new, after.as_of))
        entered, newly_listed = _moved(short_after, short_before, old, _listed(old, before.as_of))
        changes.append(
            Change(
                milestone=new.milestone,
                target=new.target,
                scope_id=new.scope.id,
                scope_name=new.scope.name,
                status_before=old.status,
                status_after=new.status,
                value_before=old.value,
                value_after=new.value,
                unit=new.unit,
                entered=entered,
                left=left,
                partial=_partial(old, before.as_of) or _partial(new, after.as_of),
                title=new.title,
                title_en=new.title_en,
                scope_level=new.scope.level,
                scope_name_en=new.scope.name_en,
                comparator=new.comparator,
                required_before=old.required,
                required_after=new.required,
                unlisted=unlisted,
                newly_listed=newly_listed,
                value_now_before=_now(old, before.as_of),
                value_now_after=_now(new, after.as_of),
                cut_before=_partial(old, before.as_of),
                cut_after=_partial(new, after.as_of),
                parts=_parts(old, before.as_of, new, after.as_of),
            )
        )

    def refs(
        results: dict[tuple[str, str], Result], other: dict[tuple[str, str], Result]
    ) -> tuple[ResultRef, ...]:
        return tuple(
            ResultRef(
                r.milestone,
                r.scope.id,
                r.scope.name,
                r.status,
                r.title,
                r.title_en,
                r.scope.level,
                r.scope.name_en,
            )
            for key, r in results.items()
            if key not in other
        )

    comparison = Comparison(
        before_as_of=before.as_of,
        after_as_of=after.as_of,
        before_fingerprint=before.fingerprint,
        after_fingerprint=after.fingerprint,
        plan_id=after.plan_id,
        before_plan_id=before.plan_id,
        changes=tuple(changes),
        only_before=refs(older, newer),
        only_after=refs(newer, older),
        whole={
            lang: translate("where.city", lang, after.terms.get(lang, {})) for lang in ("zh", "en")
        },
    )
    if comparison.plans_differ and not comparison.changes:
        raise ScoplanError([other_plan(before, after, after.plan_id)])
    return comparison


def other_plan(before: Report, after: Report, source: str) -> Problem:
    """The error of two reports of different plans with no result in common: nothing is
    compared, and an empty comparison would read as "nothing changed"."""
    params = {
        "before": before.plan_title_en or before.plan_title,
        "before_zh": before.plan_title or before.plan_title_en,
        "before_id": before.plan_id,
        "after": after.plan_title_en or after.plan_title,
        "after_zh": after.plan_title or after.plan_title_en,
        "after_id": after.plan_id,
        "matched": 0,
    }
    return Problem("diff_other_plan", source, params=params)
