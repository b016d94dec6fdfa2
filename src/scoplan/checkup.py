"""Checking a delivery without evaluating it: every error and warning, each with the
district whose rows it is about, so that a bureau can send each district its own list.

:func:`check` reads a source as :func:`scoplan.load` does and returns a :class:`Checkup`
instead of raising: the problems in file and row order (errors, then warnings), and for each
the district its row belongs to — through the hierarchy as the rows themselves give it
(an organization's community's township's district), even where the rows have problems;
where a reference leads to no unit (a community no row has, a township's 所属区县 that is no
district), the district its official code is under (:func:`_coded`: the township of the data
its first 9 digits are, else the district its first 6 are), else that of the units of the
name it gives, all of one district (所属社区 written 荷塘社区). Rows are grouped so before any
is listed, so that a row is on the same district's list whatever else the data gets wrong.
A row of no known unit whose problem names the unit meant (a community's name written for
its id, a district's office for the district: :data:`NAMING`) belongs to that unit's
district. A problem about a whole file, or about a row of the city level, belongs to no
district.

Each district keeps its own problems: a warning about many rows (an unknown code, blank
registrations) is given once for each district with rows of it, with that district's rows
and count (and, in ``whole_count``, ``whole_rows``, those of all: the text of
:mod:`scoplan.problem_list` says such a warning once, with every row and district); and past
:data:`~scoplan.cell_typing.MAX_PROBLEMS_PER_CHECK` problems of one kind in one column of
one district, the rest of that district are counted in one line (a ``more_from`` problem at
its first row left out) — another district's are listed as ever.
:attr:`Checkup.error_count` and :attr:`Checkup.warning_count` count the problems those lines
stand for too (:func:`how_many`).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import polars as pl

from scoplan._display import masked
from scoplan._exceptions import DataError, PluginError, Problem
from scoplan.loaders._frames import SOURCE as FRAMES
from scoplan.loaders.contract import ROW, ProgressCallback, RawTable
from scoplan.loading import Tables, not_a_source, read_frames, read_raw
from scoplan.spreadsheet_slips import TOTAL_WORD_IN

if TYPE_CHECKING:
    from scoplan.checking import OwnLevel
    from scoplan.dataset import Dataset
    from scoplan.plan import Plan
    from scoplan.plan_districts import Coverage
    from scoplan.plugins import Registry
    from scoplan.warning_checks import ExtraCodes

_UNIT_COLUMNS = {
    "districts": "id",
    "townships": "district_id",
    "communities": "township_id",
    "organizations": "community_id",
    "federations": "unit_id",
    "establishments": "unit_id",
    "events": "unit_id",
    "brand_projects": "organization_id",
}
"""The column through which a row of each table reaches its district."""
COUNTING = frozenset({"more", "more_from"})
"""The problems that stand for others not listed: as many as their ``count``."""
OF_THE_PLAN = frozenset(
    {"outside_area", "districts_outside_area", "partial_data", "none_covered", "chosen_districts"}
)
"""The warnings a plan brings about (``scoplan check --plan``): about a row, yet of no
district's to mend alone — a district left out of the plan's area is the city's question."""
OF_THE_FILE = frozenset({"float_codes", "scientific_codes", "wrapped_codes", "rounded_codes"})
"""The problems of how a column was saved (codes Excel made numbers, or a system wrapped as
``="…"``: format the column as text): about a row, the first of many, yet the file's to
mend, not that row's district; but for codes whose digits lost name one district of the
data by those they keep (``leading``: every ``3.41022E+11`` of a column is 休宁县's, of
341022), which are that district's."""
SKIPPED_ROWS = frozenset(
    {"total_row", "footer_row", "note_row", "note_inside", "numbered_blank_rows", "header_again"}
)
"""The warnings of a row skipped as no data (a total, the signatures or a note below a
table, rows numbered in advance and left empty, the header written again): no unit's row,
whatever its first cells say."""
NAMING = {
    "ref_is_name": "id",
    "ref_is_organ": "id",
    "unknown_ref_case": "other",
    "ids_lost_zeros": "other",
    "ref_lost_zeros": "other",
    "ref_of_other_table": "value",
    "unit_of_other_level": "value",
    "unit_of_other_level_named": "id",
    "ref_of_other_district_named": "id",
    "ref_is_names": "ids",
    "name_of_other_level": "ids",
    "unknown_ref_near": "ids",
    "unknown_ref_nears": "ids",
}
"""The problems of a reference that name the unit it means (a unit's name or office written
for its id, an id in another case or of another level), and the param that gives the unit's
id (``ids``: those of the few units of that name, all of one district for it to count):
a row of no known unit then belongs to that unit's district."""
NAMED_BY_ROW = frozenset({"unit_of_other_level_named"})
"""The problems of a reference to a unit that the row's other cells say is not the one meant
(小路口镇社区社会组织联合会 filed under a community of 祁山镇): the row's township is the one
they name (:data:`NAMING`), not its reference's."""
NO_FAULT = frozenset({"partial_data", "none_covered", "chosen_districts", "districts_outside_area"})
"""The warnings of what an evaluation covers (a district's own register, the districts a
run chose): no fault in the data, and no error with ``strict``, as in an evaluation."""


def how_many(problems: Iterable[Problem]) -> int:
    """How many problems ``problems`` are: a line counting the problems of a kind not listed
    one by one (``more``, ``more_from``) stands for its ``count``, any other for one."""
    total = 0
    for problem in problems:
        count = problem.params.get("count") if problem.code in COUNTING else None
        total += count if isinstance(count, int) else 1
    return total


@attrs.frozen
class Checkup:
    """What checking a source found: ``problems`` (errors first, then warnings, each in file
    and row order) and, position for position, the district id each one is about (None for
    a whole file or the city level); ``district_names`` names the districts of the data."""

    source: str
    problems: tuple[Problem, ...]
    districts: tuple[str | None, ...]
    district_names: Mapping[str, str] = attrs.field(factory=dict)
    returns: tuple[str | None, ...] = ()
    """For a folder of returns (:mod:`scoplan.returns`), position for position the return
    each problem is in (None: the whole folder); empty for any other source."""
    return_names: tuple[str, ...] = ()
    """The returns of a folder of returns, in order."""
    townships: tuple[str | None, ...] = ()
    """Position for position, the township (乡镇街道) id each problem's row belongs to, where
    the rows tell it (a community's, an organization's community's, an event's unit's);
    empty when none is told (a checkup made without it)."""
    township_names: Mapping[str, str] = attrs.field(factory=dict)
    """The townships of the data by id: their names."""
    terms: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    """The plan's words by language (:func:`scoplan.engine.plan_terms`: 区本级 for a plan of
    one district), with which the problem list names the level above the districts."""

    def township_of(self, position: int) -> str | None:
        """The name (else the id) of the township the problem at ``position`` is in, or None."""
        township = self.townships[position] if position < len(self.townships) else None
        return self.township_names.get(township, township) if township else None

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that stop an evaluation."""
        return tuple(p for p in self.problems if not p.is_warning)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems that do not (unless strict)."""
        return tuple(p for p in self.problems if p.is_warning)

    @property
    def error_count(self) -> int:
        """How many errors there are, those not listed one by one included (:func:`how_many`):
        what ``scoplan check`` says and its problem list counts."""
        return how_many(self.errors)

    @property
    def warning_count(self) -> int:
        """How many warnings there are, those not listed one by one included; a warning that
        checking split by district (one unknown code in the rows of three, each part with
        ``whole_count``) counts once, as a list of lines says it (a user trial's JSON said 20
        where its text said 17)."""
        seen: set[tuple[object, ...]] = set()
        once: list[Problem] = []
        for problem in self.warnings:
            if "whole_count" in problem.params:
                key = (problem.code, problem.source, problem.table, problem.column, problem.value)
                if key in seen:
                    continue
                seen.add(key)
            once.append(problem)
        return how_many(once)

    def exit_code(self, *, strict: bool = False) -> int:
        """0 clean (or only warnings, unless ``strict``); 2 when anything must be mended.
        What an evaluation would cover (:data:`NO_FAULT`) is no warning to mend."""
        faults = [p for p in self.warnings if p.code not in NO_FAULT]
        return 2 if self.errors or (strict and faults) else 0

    def by_return(self) -> dict[str | None, list[Problem]]:
        """The problems of each return (None: the whole folder), in order; a conflict
        between two returns is in both."""
        return {
            name: [self.problems[i] for i in positions]
            for name, positions in self.return_positions().items()
        }

    def return_positions(self) -> dict[str | None, list[int]]:
        """:meth:`by_return` as the positions of the problems."""
        grouped: dict[str | None, list[int]] = {name: [] for name in self.return_names}
        for position, (problem, name) in enumerate(zip(self.problems, self.returns, strict=True)):
            grouped.setdefault(name, []).append(position)
            other = problem.params.get("other") if problem.code == "return_conflict" else None
            for candidate in self.return_names:
                if (
                    isinstance(other, str)
                    and candidate != name
                    and (
                        other == candidate or other.startswith((f"{candidate}: ", f"{candidate}/"))
                    )
                ):
                    grouped[candidate].append(position)
        return grouped

    def by_district(self) -> dict[str | None, list[Problem]]:
        """The problems of each district (None: the city level and whole files), in order."""
        grouped: dict[str | None, list[Problem]] = {}
        for problem, district in zip(self.problems, self.districts, strict=True):
            grouped.setdefault(district, []).append(problem)
        return grouped


def check(
    path: str | os.PathLike[str] | Tables,
    *,
    registry: Registry,
    progress: ProgressCallback | None = None,
    plan: Plan | None = None,
    districts: Sequence[str] | None = None,
    named_by: str = "check",
) -> Checkup:
    """Every problem of the data at ``path``, as :func:`scoplan.load` would find it, with the
    district each is about. Never raises for bad data: a source that cannot be read at all
    is a checkup with that one problem.

    ``path`` may also be tables a program holds, as :func:`scoplan.load` takes them (each
    a polars DataFrame or a list of rows, by table name): the same problems as of the same
    rows in a file, each naming its table as loading does (``frames: organizations``) and
    the row, from 1 (``problem.row``); a table that is no table (a number, a struct
    column) is a problem too (``bad_shape``). Anything else (a DataFrame alone, a list) is
    a TypeError that says what is taken.

    With a ``plan``, the warnings that plan brings about in evaluating the data are there
    too (:func:`plan_warnings`: a district left out of its area, data that holds part of
    the area), belonging to no district; and a code of an open list it names (a kind of
    its own) is known, not warned of (:mod:`scoplan.plan_codes`). ``districts`` (with a
    plan): the districts an
    evaluation would be run for (``--district``); the warning is then that of the run
    choosing them. The whole register is still checked: a problem in any district's rows
    keeps an evaluation of any from running. A name no district has is a
    :class:`~scoplan.PlanError`, as :func:`scoplan.evaluate` raises it, naming ``named_by``
    (``--district`` for the command)."""
    from scoplan.checking import check_tables
    from scoplan.engine import wanted_districts

    if isinstance(path, Mapping):
        source = FRAMES
    elif isinstance(path, str | os.PathLike):
        source = os.fspath(path)
    else:
        raise TypeError(not_a_source(path, "check"))
    districts = wanted_districts(districts)
    if districts is not None and plan is None:
        from scoplan._exceptions import PlanError

        raise PlanError([Problem("district_needs_plan", named_by)])
    # "" names nothing (not "."), and tables in memory are read as loading reads them
    loader = registry.loader_for(source) if source and not isinstance(path, Mapping) else None
    if loader is not None and loader.id == "returns":
        return checkup_of_returns(source, registry, progress, plan, districts, named_by)
    codes = _codes(registry, plan)
    try:
        if isinstance(path, Mapping):
            raws, read = read_frames(path, registry)
        else:
            raws, read = read_raw(source, registry, progress, codes=codes)
    except (DataError, PluginError) as error:
        if isinstance(error, PluginError):
            return Checkup(source, error.problems, (None,) * len(error.problems))
        every = _ordered((*error.problems, *error.warnings))
        return Checkup(source, every, (None,) * len(every))
    # each row's district first: no district's problems are hidden behind another's
    groups = _RowDistricts(raws)
    data: Dataset | None = None
    try:
        data = check_tables(
            raws,
            read,
            origin=source,
            extra_codes=codes,
            columns=registry.columns,
            groups=groups,
            own_level=_own_level(plan),
        )
        found: tuple[Problem, ...] = tuple(data.warnings)
    except DataError as error:
        found = (*error.problems, *error.warnings)
    from scoplan.divisions import own_numbering

    planned = plan_warnings(plan, raws, source, districts, named_by, registry) if plan else []
    planned = [*(plan_mistakes(plan, raws, source, registry) if plan else []), *planned]
    if plan is not None and data is not None:
        # kinds of row the plan counts that the register holds none of, as evaluate says
        from scoplan.engine import city_level_for_plan, unrecorded_for_plan

        planned += unrecorded_for_plan(plan, data, registry)
        # events of the city's level a county's plan counts not, as evaluate says
        planned += city_level_for_plan(plan, data, registry)
    problems = _with_their_units(_ordered((*found, *own_numbering(raws), *planned)), raws)
    names = _district_names(raws)
    theirs = _districts(groups, problems, names)
    return Checkup(
        source,
        problems,
        theirs,
        names,
        townships=_townships(groups, problems, theirs),
        township_names=_township_names(raws),
        terms=_terms(plan),
    )


def _terms(plan: Plan | None) -> Mapping[str, Mapping[str, str]]:
    """The plan's words (:func:`scoplan.engine.plan_terms`), none without a plan."""
    from scoplan.engine import plan_terms

    return plan_terms(plan) if plan is not None else {}


def _own_level(plan: Plan | None) -> OwnLevel | None:
    """The own level of a county's plan (:func:`scoplan.engine.plan_own_level`), else None."""
    from scoplan.engine import plan_own_level

    return plan_own_level(plan) if plan is not None else None


def _codes(registry: Registry, plan: Plan | None) -> ExtraCodes:
    """The codes of open lists known besides DATA.md's: the ``registry``'s, and those the
    ``plan`` names, by the names its ``terms`` give them too (:mod:`scoplan.plan_codes`),
    as loading for the plan knows them."""
    if plan is None:
        return registry.codes
    from scoplan.plan_codes import plan_vocabulary

    return plan_vocabulary(plan, registry)[0]


def plan_warnings(
    plan: Plan,
    raws: Mapping[str, RawTable],
    origin: str,
    districts: Sequence[str] | None = None,
    named_by: str = "check",
    registry: Registry | None = None,
    read: Sequence[Problem] = (),
) -> list[Problem]:
    """The warnings about the data that evaluating it for ``plan`` gives, found in the raw
    tables typed as loading types them, whatever errors the data has: that the data holds
    part of the plan's area (``partial_data``; ``chosen_districts`` for a run of
    ``districts`` alone: :func:`scoplan.engine.run_coverage`), then each district left out
    of the area (:func:`scoplan.engine.outside_area`), naming the file (or sheet) and row
    as :func:`scoplan.evaluate` does; and, given the ``registry`` whose kinds the plan's
    milestones are, each optional column a table lacks that milestones read
    (:func:`scoplan.engine.absent_columns`). ``read``: what reading the tables found (a
    folder of returns' missing returns: those districts are not covered)."""
    from scoplan.checking import places, typed_rows, written_headers
    from scoplan.engine import area_words, districts_outside, named_source, whole_area_words
    from scoplan.plan_districts import (
        choose_districts,
        coverage_warning,
        unreturned,
        unreturned_townships,
    )

    raw = raws.get("districts")
    if raw is None:
        return []
    typed = typed_rows(raw)
    located = pl.concat(
        [typed.select("id", "name", "city"), places(raw, typed).drop("id")], how="horizontal"
    )
    coverage = _coverage(plan, typed, unreturned(read), unreturned_townships(read))
    if districts is not None:
        names = {d: n for d, n in typed.select("id", "name").iter_rows() if d and n}
        cities = typed.get_column("city").drop_nulls().unique().to_list()
        coverage = choose_districts(coverage, districts, named_by, names, cities)
    where = area_words(plan)
    partial = coverage_warning(coverage, named_source(origin), whole_area_words(plan), where)
    outside = districts_outside(plan, located, written_headers(raw).get("city"), origin)
    lacking = _lacking_columns(plan, raws, origin, registry) if registry is not None else []
    return [*([partial] if partial is not None else []), *outside, *lacking]


def plan_mistakes(
    plan: Plan,
    raws: Mapping[str, RawTable],
    origin: str,
    registry: Registry,
    read: Sequence[Problem] = (),
) -> list[Problem]:
    """The mistakes of ``plan`` that an evaluation of the data refuses it for
    (:func:`scoplan.engine.plan_problems`: a district its area, a group or a scope names
    that the data lacks or the area leaves out, as well as those of the plan alone), in
    the same words, found in the raw tables typed as loading types them, whatever errors
    the data has. ``read``: what reading the tables found (a folder of returns' missing
    returns: those districts are not covered, and no mistake of the plan's)."""
    from scoplan.checking import typed_rows
    from scoplan.dataset import Dataset
    from scoplan.engine import plan_problems

    raw = raws.get("districts")
    if raw is None:
        return []  # no district to name: the data's error says so
    # a township or a community a plan names as a district is told as one
    frames = {
        name: typed_rows(raws[name]).drop(ROW)
        for name in ("districts", "townships", "communities")
        if name in raws
    }
    data = Dataset.from_frames(frames, warnings=read)
    data.origin = masked(origin)  # read from a source: a district's own register is partial
    return plan_problems(plan, data, registry)


def _lacking_columns(
    plan: Plan, raws: Mapping[str, RawTable], origin: str, registry: Registry
) -> list[Problem]:
    """The optional columns the raw tables lack that the plan's milestones read, as an
    evaluation warns of them (a milestone whose kind is not known is the plan's mistake,
    told elsewhere: left out here)."""
    from scoplan.checking import written_headers
    from scoplan.engine import all_empty, kind_titles, lacking_columns
    from scoplan.milestone_kinds import milestone_kinds

    kinds, _ = milestone_kinds(plan, registry)
    readers = [(plan.milestones[index].id, kind, params) for index, (kind, params) in kinds.items()]
    whats = {milestone: kind_titles(plan, kind, params) for milestone, kind, params in readers}
    headers = {name: written_headers(raw) for name, raw in raws.items()}

    def header(table: str, column: str) -> str | None:
        return headers.get(table, {}).get(column)

    def source(table: str) -> str | None:
        found = raws.get(table)
        return masked(found.source) if found is not None else None

    def empty(table: str, column: str) -> bool:
        found = raws.get(table)
        return found is not None and all_empty(found.frame, column)

    def mapped(table: str, column: str) -> tuple[str, str] | None:
        found = raws.get(table)
        if found is None or column not in found.mapped:
            return None
        return found.mapped[column], found.mapping or "-"

    read = headers.__contains__
    return lacking_columns(readers, whats, read, header, source, origin, empty, mapped)


def _coverage(
    plan: Plan,
    districts: pl.DataFrame,
    unreturned: Mapping[str, str] | None = None,
    townships: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
) -> Coverage:
    """:func:`scoplan.engine.plan_coverage` of typed districts (``id``, ``name``, ``city``),
    the districts of ``unreturned`` (a folder of returns' missing ones) not covered; of
    ``townships``, those of them a township of which sent nothing back."""
    from scoplan.engine import in_area
    from scoplan.plan_districts import Coverage, area_within, coverage_of, without_returns

    ids = sorted({d for d in districts.get_column("id").to_list() if d})
    names = {d: n for d, n in districts.select("id", "name").iter_rows() if d and n}
    area = plan.area
    if not (area.code_prefix or area.city or area.districts):
        every = Coverage(tuple(ids), (), names)
        return without_returns(every, unreturned or {}, True, townships)
    within = area_within(area.code_prefix, area.city, area.districts)
    coverage = coverage_of(tuple(sorted(set(in_area(plan, districts)))), names, within)
    return without_returns(coverage, unreturned or {}, townships=townships)


def _with_their_units(
    problems: tuple[Problem, ...], raws: Mapping[str, RawTable]
) -> tuple[Problem, ...]:
    """Each problem of a row with that row's id and name as read (``unit_id``,
    ``unit_name``): a district finds its rows in its own register by them, not by a row
    number of the city's merged file. A row skipped as no data (:data:`SKIPPED_ROWS`) has
    none: what it says is the problem's value."""
    wanted: dict[str, set[int]] = {}
    for problem in problems:
        at = problem.row if problem.row is not None else problem.index
        if problem.table is not None and problem.table in raws and at is not None:
            wanted.setdefault(problem.table, set()).add(at)
    units: dict[tuple[str, int], tuple[str | None, str | None]] = {}
    for table, rows in wanted.items():
        frame = raws[table].frame
        if "id" not in frame.columns:
            continue
        name = pl.col("name") if "name" in frame.columns else pl.lit(None, dtype=pl.String)
        found = frame.filter(pl.col(ROW).is_in(list(rows))).select(ROW, "id", name.alias("n"))
        for at, id, named in found.iter_rows():
            units[table, at] = (id, named)
    out = []
    for problem in problems:
        at = problem.row if problem.row is not None else problem.index
        unit = units.get((problem.table or "", at)) if at is not None else None
        # (a line counting many rows from this one on is about none of them alone, and a
        # total or a signature is no unit: 合计：168个 is no id, 审核人：李建国 no name)
        alone = problem.code not in ("more", "more_from") and problem.code not in SKIPPED_ROWS
        if unit is not None and any(unit) and alone:
            params = {**problem.params, "unit_id": unit[0], "unit_name": unit[1]}
            problem = attrs.evolve(problem, params=params)
        out.append(problem)
    return tuple(out)


def checkup_of_returns(
    source: str,
    registry: Registry,
    progress: ProgressCallback | None = None,
    plan: Plan | None = None,
    districts: Sequence[str] | None = None,
    named_by: str = "check",
) -> Checkup:
    """What ``scoplan check`` finds in a folder of returns: every problem, each with the
    return it is in (:class:`~scoplan.checkup.Checkup`'s ``returns``), so that each return
    gets its own sheet of the problem list. With a ``plan``, the warnings it brings about
    (:func:`plan_warnings`) once the returns are merged, and the kinds it counts that they
    hold none of (:func:`scoplan.engine.unrecorded_for_plan`): none while one has errors."""
    from scoplan.checking import check_tables
    from scoplan.returns import LOCATING, find_returns, return_of

    planned: list[Problem] = []
    located: dict[str, tuple[_RowDistricts, Mapping[str, RawTable]]] = {}

    def locate(name: str, tables: Mapping[str, RawTable]) -> _RowDistricts:
        located[name] = (_RowDistricts(tables), tables)
        return located[name][0]

    codes = _codes(registry, plan)
    token = LOCATING.set(locate)
    try:
        raws, read = read_raw(source, registry, progress, codes=codes)
        if plan is not None:
            planned = [
                *plan_mistakes(plan, raws, source, registry, read),
                *plan_warnings(plan, raws, source, districts, named_by, registry, read),
            ]
        data = check_tables(
            raws,
            read,
            origin=source,
            extra_codes=codes,
            columns=registry.columns,
            own_level=_own_level(plan),
        )
        found: tuple[Problem, ...] = tuple(data.warnings)
        if plan is not None:
            # kinds of row the plan counts that the returns hold none of, as evaluate says
            from scoplan.engine import unrecorded_for_plan

            planned += unrecorded_for_plan(plan, data, registry)
    except DataError as error:
        found = (*error.problems, *error.warnings)
    finally:
        LOCATING.reset(token)
    problems = list(_ordered((*found, *planned)))
    entries, _ = find_returns(Path(source)) if Path(source).is_dir() else ([], [])
    names = tuple(entry.name for entry in entries)
    where = tuple(return_of(p, names) for p in problems)
    # each return's problems with the district of their rows, as in a delivery read directly
    theirs: list[str | None] = [None] * len(problems)
    townships: list[str | None] = [None] * len(problems)
    district_names: dict[str, str] = {}
    township_names: dict[str, str] = {}
    for name, (groups, tables) in located.items():
        at = [i for i, made_in in enumerate(where) if made_in == name]
        mine = _with_their_units(tuple(problems[i] for i in at), tables)
        own_names = _district_names(tables)
        district_names.update(own_names)
        township_names.update(_township_names(tables))
        placed = _districts(groups, mine, own_names)
        towns = _townships(groups, mine, placed)
        for i, problem, district, town in zip(at, mine, placed, towns, strict=True):
            problems[i], theirs[i], townships[i] = problem, district, town
    return Checkup(
        source,
        tuple(problems),
        tuple(theirs),
        district_names,
        returns=where,
        return_names=names,
        townships=tuple(townships),
        township_names=township_names,
        terms=_terms(plan),
    )


def _ordered(problems: tuple[Problem, ...] | list[Problem]) -> tuple[Problem, ...]:
    errors = [p for p in problems if not p.is_warning]
    warnings = [p for p in problems if p.is_warning]
    return (*errors, *warnings)


def _row(problem: Problem) -> int | None:
    """The row a problem names: a spreadsheet's row, or a JSON list's index."""
    return problem.row if problem.row is not None else problem.index


def _text_ids(raw: RawTable, column: str) -> pl.Expr:
    """The ids of ``column`` as checking reads them: NFKC, stripped, and a code Excel saved
    as a number (``341021100001.0``) or a system wrapped as text (``="341021100001"``) as
    the code, or its rows would be of no district."""
    from scoplan.spreadsheet_slips import FLOAT_CODE, WRAPPED_CODE

    if column not in raw.frame.columns:
        return pl.lit(None, dtype=pl.String).alias(column)
    ids = pl.col(column).cast(pl.String).str.replace(WRAPPED_CODE, "${1}${2}")
    ids = ids.str.normalize("NFKC").str.strip_chars()
    return (
        pl.when(ids.str.contains(FLOAT_CODE))
        .then(ids.str.replace(r"\.0+$", ""))
        .otherwise(ids)
        .alias(column)
    )


def _units(raws: Mapping[str, RawTable]) -> pl.DataFrame:
    """Every unit id of the hierarchy, the district it lies in and its township (a
    township's own id; null for a district): through the rows of the hierarchy as given,
    else by its official code (:func:`_coded`) — a township whose 所属区县 is no district of
    the data, a community whose township is none, is still of the district its code is
    under. A district is one of the data's districts (where the data has them)."""
    empty = pl.DataFrame(schema={"unit": pl.String, "parent": pl.String})  # a table not given

    def frame(table: str, parent: str) -> pl.DataFrame:
        raw = raws.get(table)
        if raw is None:
            return empty
        return raw.frame.select(
            _text_ids(raw, "id").alias("unit"), _text_ids(raw, parent).alias("parent")
        )

    districts = frame("districts", "id").select(
        "unit", pl.col("unit").alias("district"), pl.lit(None, pl.String).alias("township")
    )
    named = frame("townships", "district_id")
    known = _known_districts(raws)
    of_data = pl.col("parent").is_in(known.implode()) | pl.lit("districts" not in raws)
    townships = named.select(
        "unit",
        pl.when(of_data).then(pl.col("parent")).alias("district"),
        pl.col("unit").alias("township"),
    )
    townships = _coded(townships, "unit", districts, known, township=False)
    placed = pl.concat([districts, townships]).filter(pl.col("unit").is_not_null())
    placed = placed.unique("unit", keep="first")
    communities = frame("communities", "township_id").join(
        townships.rename({"unit": "parent"}), on="parent", how="left"
    )
    communities = _coded(communities, "unit", placed, known)
    communities = _coded(communities, "parent", placed, known)
    communities = communities.select("unit", "district", "township")
    units = pl.concat([districts, townships, communities])
    return units.filter(pl.col("unit").is_not_null()).unique("unit", keep="first")


def _known_districts(raws: Mapping[str, RawTable]) -> pl.Series:
    """The ids of the data's districts: its districts table's, else (a register of no such
    table) those its townships name."""
    raw = raws.get("districts")
    column = "id"
    if raw is None:
        raw, column = raws.get("townships"), "district_id"
    if raw is None:
        return pl.Series([], dtype=pl.String)
    return raw.frame.select(_text_ids(raw, column)).to_series().drop_nulls().unique()


def _coded(
    frame: pl.DataFrame,
    code: str,
    placed: pl.DataFrame,
    known: pl.Series,
    *,
    township: bool = True,
) -> pl.DataFrame:
    """``frame`` (with ``district`` and ``township``) with each row of no district given
    the one its official ``code`` is under (:func:`_official_parents`): the township of the
    data its first 9 digits are (``township``: and that township), else the district of
    the data (``known``) its first 6 digits are. ``placed``: the districts and townships
    of the data, each with its district."""
    text = pl.col(code)
    digits = text.str.contains(r"^[0-9]+$").fill_null(False)
    size = text.str.len_chars()
    nine = pl.when(digits & (size == 12)).then(text.str.slice(0, 9)).alias("__nine")
    six = (
        pl.when(digits & size.is_in([8, 9, 10, 11, 12, 13]))
        .then(text.str.slice(0, 6))
        .alias("__six")
    )
    towns = placed.filter(pl.col("unit") == pl.col("township")).select(
        pl.col("unit").alias("__nine"),
        pl.col("district").alias("__nine_district"),
        pl.col("township").alias("__nine_township"),
    )
    found = (
        frame.with_columns(nine, six)
        .join(towns, on="__nine", how="left")
        .with_columns(
            pl.when(pl.col("__six").is_in(known.implode())).then(pl.col("__six")).alias("__six")
        )
    )
    missing = pl.col("district").is_null()
    township_of = (
        pl.when(missing & pl.col("__nine_district").is_not_null())
        .then(pl.col("__nine_township"))
        .otherwise(pl.col("township"))
        if township
        else pl.col("township")
    )
    return found.with_columns(
        pl.when(missing)
        .then(pl.coalesce("__nine_district", "__six"))
        .otherwise(pl.col("district"))
        .alias("district"),
        township_of.alias("township"),
    ).drop("__nine", "__six", "__nine_district", "__nine_township")


HIERARCHY = ("districts", "townships", "communities")
"""The tables of the hierarchy, which a reference may name a unit of by its name."""
TOWNSHIP = "__township"
"""The column of :class:`_RowDistricts`' frames that gives each row's township."""


class _RowDistricts(Mapping[str, pl.DataFrame]):
    """For each table, the district of each row (``ROW`` and ``group``), through the
    hierarchy as the rows give it; null for a row of the city level or of no known unit.
    Its township too (:data:`TOWNSHIP`), where the row is of one.

    A table's is worked out when first asked for (most tables of most deliveries have too
    few problems to need it), once, from whichever thread asks: the references are checked
    in a thread of their own."""

    def __init__(self, raws: Mapping[str, RawTable]) -> None:
        self._raws = raws
        self._tables = tuple(t for t in _UNIT_COLUMNS if t in raws)
        self._found: dict[str, pl.DataFrame] = {}
        self._units: pl.DataFrame | None = None
        self._lock = threading.Lock()

    def __getitem__(self, table: str) -> pl.DataFrame:
        if table not in self._tables:
            raise KeyError(table)
        with self._lock:
            if table not in self._found:
                self._found[table] = self._located(table)
            return self._found[table]

    def __contains__(self, table: object) -> bool:
        return table in self._tables

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def unit_districts(self, ids: Iterable[str]) -> dict[str, str]:
        """The district of each of these units (of any level, an organization too) that
        the hierarchy places in one."""
        return self._placed(ids, "district")

    def unit_townships(self, ids: Iterable[str]) -> dict[str, str]:
        """The township of each of these units (a township, a community, an organization)
        that the hierarchy places in one."""
        return self._placed(ids, "township")

    def district_beginning(self, digits: str) -> str | None:
        """The one district of the data whose code begins with ``digits`` (341022, or
        34102 where the data has one district so coded); None where none or several do."""
        known = _known_districts(self._raws)
        found = known.filter(known.str.starts_with(digits))
        return found.item() if found.len() == 1 else None

    def _placed(self, ids: Iterable[str], level: str) -> dict[str, str]:
        wanted = list(set(ids))
        if not wanted:
            return {}
        with self._lock:
            if self._units is None:
                self._units = _units(self._raws)
            units = self._units
        organizations = self._raws.get("organizations")
        if organizations is not None:
            via = organizations.frame.select(
                _text_ids(organizations, "id").alias("unit"),
                _text_ids(organizations, "community_id").alias("parent"),
            ).unique("unit", keep="first")
            placed = via.join(units.rename({"unit": "parent"}), on="parent", how="left")
            units = pl.concat([units, placed.select("unit", "district", "township")]).unique(
                "unit", keep="first"
            )
        found = units.filter(pl.col("unit").is_in(wanted) & pl.col(level).is_not_null())
        return dict(found.select("unit", level).iter_rows())

    def _by_name(self, table: str, located: pl.DataFrame) -> pl.DataFrame:
        """``located`` with each row of no district whose reference is the name of units of
        the table it refers to (所属社区 written 荷塘社区), all of one district, given that
        district: the unit its problem says it means (:data:`NAMING`), known before any
        row is listed."""
        from scoplan.checking import _ids_by_name
        from scoplan.schema import TABLES_BY_NAME

        lost = located.filter(pl.col("district").is_null() & pl.col("unit").is_not_null())
        if lost.is_empty() or table not in TABLES_BY_NAME:
            return located
        column = next(
            (c for c in TABLES_BY_NAME[table].columns if c.name == _UNIT_COLUMNS[table]), None
        )
        refs = [t for t in (column.ref if column else ()) if t in HIERARCHY and t in self._raws]
        frames = [
            self._raws[t].frame.select(
                _text_ids(self._raws[t], "id").alias("id"), pl.col("name").cast(pl.String)
            )
            for t in refs
            if "name" in self._raws[t].frame.columns
        ]
        named = _ids_by_name(frames, lost.get_column("unit").unique().to_list())
        if not named:
            return located
        # (the units of the hierarchy: its lock is held, unit_districts would wait for it)
        wanted = [id for ids in named.values() for id in ids]
        units = self._units if self._units is not None else _units(self._raws)
        placed = dict(
            units.filter(pl.col("unit").is_in(wanted) & pl.col("district").is_not_null())
            .select("unit", "district")
            .iter_rows()
        )
        meant: dict[str, str] = {}
        for name, ids in named.items():
            found = {placed.get(id) for id in ids}
            one = found.pop() if len(found) == 1 else None
            if one is not None:
                meant[name] = one
        return located.with_columns(
            pl.coalesce("district", pl.col("unit").replace_strict(meant, default=None))
        )

    def _located(self, table: str) -> pl.DataFrame:
        from scoplan.cell_typing import GROUP

        raws = self._raws
        if self._units is None:
            self._units = _units(raws)
        raw = raws[table]
        picked = raw.frame.select(ROW, _text_ids(raw, _UNIT_COLUMNS[table]).alias("unit"))
        if table == "brand_projects" and "organizations" in raws:
            organizations = raws["organizations"]
            via = organizations.frame.select(
                _text_ids(organizations, "id").alias("unit"),
                _text_ids(organizations, "community_id").alias("community"),
            ).unique("unit", keep="first")
            picked = picked.join(via, on="unit", how="left").select(
                ROW, pl.col("community").alias("unit")
            )
        if table in ("townships", "communities"):
            own = raw.frame.select(ROW, _text_ids(raw, "id").alias("own"))
            picked = picked.join(own, on=ROW, how="left")
        else:
            picked = picked.with_columns(pl.lit(None, pl.String).alias("own"))
        located = picked.join(self._units, on="unit", how="left")
        # a reference to no unit of the data: the district its code is under, else the
        # district the row's own code is under (a township's, a community's)
        known = _known_districts(raws)
        located = _coded(located, "unit", self._units, known)
        located = _coded(located, "own", self._units, known)
        located = self._by_name(table, located)
        if table == "townships":
            # a township's row is its own, whatever its district
            township = pl.coalesce("own", "township").alias(TOWNSHIP)
        else:
            township = pl.col("township").alias(TOWNSHIP)
        return located.select(ROW, pl.col("district").alias(GROUP), township)


def _districts(
    groups: Mapping[str, pl.DataFrame],
    problems: tuple[Problem, ...],
    names: Mapping[str, str] | None = None,
) -> tuple[str | None, ...]:
    """The district of each problem: its row's (:class:`_RowDistricts`), or None; a subtotal
    row skipped (``屯溪区小计``) is the district's it names (of ``names``, the districts'
    names by id)."""
    from scoplan.cell_typing import GROUP

    wanted: dict[str, set[int]] = {}
    for problem in problems:
        row = _row(problem)
        if problem.table is not None and problem.table in groups and row is not None:
            wanted.setdefault(problem.table, set()).add(row)
    rows: dict[tuple[str, int], str | None] = {}
    for table, numbers in wanted.items():
        picked = groups[table].filter(pl.col(ROW).is_in(list(numbers)))
        for row, district in picked.select(ROW, GROUP).iter_rows():
            rows[(table, row)] = district
    theirs = [
        None if p.code in OF_THE_PLAN | OF_THE_FILE else rows.get((p.table or "", _row(p) or 0))
        for p in problems
    ]
    # a row of no known unit whose problem names the unit it means: that unit's district
    meant = {i: _meant(p) for i, p in enumerate(problems) if theirs[i] is None and p.code in NAMING}
    if meant and isinstance(groups, _RowDistricts):
        placed = groups.unit_districts(id for ids in meant.values() for id in ids)
        for i, ids in meant.items():
            found = {placed.get(id) for id in ids}
            if len(found) == 1 and None not in found:
                theirs[i] = found.pop()
    for i, problem in enumerate(problems):
        if theirs[i] is None and problem.code == "total_row" and names:
            theirs[i] = subtotal_district(problem.value, names)
    # an official code no unit has (a community 340202012099 that is not in 社区): the
    # township or district its first digits are, where the data has one
    coded = {
        i: _official_parents(p.value)
        for i, p in enumerate(problems)
        if p.code not in OF_THE_PLAN | OF_THE_FILE
    }
    coded = {i: ids for i, ids in coded.items() if ids and theirs[i] is None}
    if coded and isinstance(groups, _RowDistricts):
        placed = groups.unit_districts(id for ids in coded.values() for id in ids)
        for i, ids in coded.items():
            theirs[i] = next((placed[id] for id in ids if id in placed), None)
    # codes Excel rounded, whose digits kept all name one district of the data
    kept = {
        i: p.params["leading"]
        for i, p in enumerate(problems)
        if p.code in OF_THE_FILE and isinstance(p.params.get("leading"), str)
    }
    if kept and isinstance(groups, _RowDistricts):
        for i, leading in kept.items():
            theirs[i] = groups.district_beginning(leading)
    # the other problems of a row placed so (its date is bad, its community no unit's): the
    # same row, the same district
    of_row = {
        (p.source, p.table, _row(p)): theirs[i]
        for i, p in enumerate(problems)
        if theirs[i] is not None and _row(p) is not None
    }
    for i, problem in enumerate(problems):
        if theirs[i] is None and problem.code not in OF_THE_PLAN | OF_THE_FILE | SKIPPED_ROWS:
            theirs[i] = of_row.get((problem.source, problem.table, _row(problem)))
    return tuple(theirs)


def _townships(
    groups: Mapping[str, pl.DataFrame],
    problems: tuple[Problem, ...],
    districts: tuple[str | None, ...],
) -> tuple[str | None, ...]:
    """The township of each problem placed in a district (``districts``): its row's
    (:class:`_RowDistricts`), else that of the unit its problem names (:data:`NAMING`) or
    of the township an official code no unit has begins with, else that of another
    problem of its row; None where none is told (a district's own row), and for a problem
    about many rows (a line counting them, a warning listing them: of many townships) but
    rows of one community (:func:`_one_community`) and a warning listing every row it is
    about, all of one township (:func:`_listed_rows`: blank registrations in 第103、104行,
    both of 祁山镇's communities)."""
    theirs: list[str | None] = [None] * len(problems)
    if not isinstance(groups, _RowDistricts):
        return tuple(theirs)
    candidates = [
        i
        for i, p in enumerate(problems)
        if districts[i] is not None
        and p.code not in OF_THE_PLAN | OF_THE_FILE | SKIPPED_ROWS | COUNTING
    ]
    single = {
        i
        for i in candidates
        if "rows" not in problems[i].params
        or problems[i].params.get("count") == 1
        or _one_community(problems[i])
    }
    # a warning listing every row it is about (blank registrations in 第103、104行): the
    # township all of them are in, if one
    listed = {i: _listed_rows(problems[i]) for i in candidates if i not in single}
    listed = {i: rows for i, rows in listed.items() if rows}
    placed = [i for i in candidates if i in single or i in listed]
    wanted: dict[str, set[int]] = {}
    for i in placed:
        row, table = _row(problems[i]), problems[i].table
        if table is not None and table in groups and row is not None:
            wanted.setdefault(table, set()).update(listed.get(i, [row]))
    rows: dict[tuple[str, int], str | None] = {}
    for table, numbers in wanted.items():
        picked = groups[table].filter(pl.col(ROW).is_in(list(numbers)))
        for row, township in picked.select(ROW, TOWNSHIP).iter_rows():
            rows[(table, row)] = township
    for i in placed:
        if problems[i].code in NAMED_BY_ROW:
            continue  # (its reference is not the unit its row means)
        table = problems[i].table or ""
        found = {rows.get((table, row)) for row in listed.get(i, [_row(problems[i]) or 0])}
        theirs[i] = found.pop() if len(found) == 1 else None
    placed = [i for i in placed if i in single]
    # a row of no known unit: the unit its problem names, or the township its code is under
    meant = {
        i: _meant(problems[i]) if problems[i].code in NAMING else []
        for i in placed
        if theirs[i] is None
    }
    meant = {i: ids or _official_parents(problems[i].value) for i, ids in meant.items()}
    known = groups.unit_townships(id for ids in meant.values() for id in ids)
    for i, ids in meant.items():
        found = {known.get(id) for id in ids} - {None}
        if len(found) == 1:
            theirs[i] = found.pop()
    of_row = {
        (p.source, p.table, _row(p)): theirs[i]
        for i, p in enumerate(problems)
        if theirs[i] is not None and _row(p) is not None
    }
    for i in placed:
        p = problems[i]
        theirs[i] = theirs[i] or of_row.get((p.source, p.table, _row(p)))
    return tuple(theirs)


def _listed_rows(problem: Problem) -> list[int]:
    """The rows a warning about many rows lists (``rows``: ``103, 104``), where it lists
    every one it counts; none where it lists but some (``……``) or is of no row."""
    said = problem.params.get("rows")
    count = problem.params.get("count")
    if not isinstance(said, str) or not isinstance(count, int) or problem.row is None:
        return []
    parts = [part.strip() for part in said.split(",")]
    if not all(part.isdigit() for part in parts) or len(parts) != count:
        return []
    return [int(part) for part in parts]


def _one_community(problem: Problem) -> bool:
    """Whether a warning about many rows is about rows of one community: one set of
    organizations entered twice (alike in community, name and founding date)."""
    return problem.code == "twin_organizations" and problem.params.get("sets") == 1


def _township_names(raws: Mapping[str, RawTable]) -> dict[str, str]:
    """The townships of the data by id: their names."""
    if "townships" not in raws or "name" not in raws["townships"].frame.columns:
        return {}
    raw = raws["townships"]
    pairs = raw.frame.select(_text_ids(raw, "id"), pl.col("name").cast(pl.String))
    return {k: v for k, v in pairs.iter_rows() if k is not None and v is not None}


def _official_parents(value: object) -> list[str]:
    """The codes of the units an official code of 9 or 12 digits lies under, nearest first
    (``340202012099``: 340202012, 340202): where no unit has the code itself, its district
    is still told by them. A code a digit short or long of 9 or 12 (``34100200100``) lies
    under the district its first 6 digits are, its township unknown."""
    if not isinstance(value, str) or not value.isdigit():
        return []
    if len(value) in (9, 12):
        return [value[:size] for size in (9, 6) if size < len(value)]
    if len(value) in (8, 10, 11, 13):
        return [value[:6]]
    return []


_DISTRICT_ENDS = ("自治县", "自治旗", "区", "县", "市", "旗")


def subtotal_district(said: object, names: Mapping[str, str]) -> str | None:
    """The district a subtotal row names (``屯溪区小计``, ``屯溪 小计：``, ``歙县合计``): the one
    whose name, or its name without 区 / 县 / 市, is all the cell says before 小计; None for
    a total of the whole (``合计``) or a name no one district has."""
    if not isinstance(said, str):
        return None
    text = re.sub(r"[\s\u3000]", "", said)
    found = TOTAL_WORD_IN.search(text)
    if found is None or not found.start():
        return None
    named = text[: found.start()]
    meant = [
        id
        for id, name in names.items()
        if named == name or any(named == name.removesuffix(end) for end in _DISTRICT_ENDS)
    ]
    return meant[0] if len(meant) == 1 else None


def _meant(problem: Problem) -> list[str]:
    """The ids of the units a problem of :data:`NAMING` says the row means; none when a
    message lists but a few of many (``……``)."""
    key = NAMING[problem.code]
    said = problem.value if key == "value" else problem.params.get(key)
    if not isinstance(said, str) or not said.strip() or said.endswith("……"):
        return []
    ids = said.split("、") if key == "ids" else [said]
    return [id.strip() for id in ids]


def _district_names(raws: Mapping[str, RawTable]) -> dict[str, str]:
    """The districts of the data by id: their names."""
    if "districts" not in raws or "name" not in raws["districts"].frame.columns:
        return {}
    raw = raws["districts"]
    pairs = raw.frame.select(_text_ids(raw, "id"), pl.col("name").cast(pl.String))
    return {k: v for k, v in pairs.iter_rows() if k is not None and v is not None}
