"""The engine: a plan's milestones, judged against a dataset as of a date.

:func:`evaluate` checks the plan against the installed target kinds and the data (unknown
target kinds, bad parameters, unknown districts are a :class:`PlanError` before anything
runs), resolves each milestone's scope into districts, then calls each target itself,
inside its own error boundary, timing it. A target that raises gets an ``error`` result;
the others still run. Each result is worked out in a worker thread (one for the whole run,
see :mod:`scoplan._isolation`) and waited for until its time limit: a target that takes
longer gets an ``error`` result too, and is left behind. The engine does no I/O and prints
nothing.

A milestone is judged at its deadline:

- evaluated before its due date: ``met`` if the value already meets the requirement,
  otherwise ``on_track`` or ``off_track`` as its history projects (see
  :mod:`scoplan.projection`), or ``pending`` when no projection can be made;
- evaluated on or after it: the value is measured on the due date. ``met`` if it met the
  requirement then (flagged ``no_longer_holds`` if it does not now), ``met_late`` if it
  did not then but does now, ``not_met`` if neither;
- ``no_data`` when the scope has none of the units the target measures over; ``info``
  for indicators, which have no requirement.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import numbers
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from scoplan._display import masked
from scoplan._exceptions import WARNING, DataError, PlanError, Problem, ScoplanError
from scoplan._isolation import (
    Runner,
    TimedOut,
    fault_message,
    fault_message_zh,
    fault_text,
    plugin_fault,
)
from scoplan._lanes import in_lanes
from scoplan._version import version
from scoplan.data_age import before_plan, stale_data
from scoplan.dataset import PLACES_SCHEMA, Dataset, count_read, tables_read
from scoplan.i18n import CATALOGUES, LANGUAGES, Text, describe_problem, translate
from scoplan.limits import EARLIEST, date_problem
from scoplan.milestone_kinds import failed_plugins, milestone_kinds
from scoplan.model import CITY
from scoplan.plan import (
    Milestone,
    Plan,
    check_document,
    in_file_order,
    named_groups,
    named_milestones,
    plan_document,
)
from scoplan.plan_codes import codes_named, known_to_plan, plan_vocabulary, read_as_planned
from scoplan.plan_districts import (
    Coverage,
    area_county,
    area_holds,
    area_name,
    area_terms,
    area_within,
    choose_districts,
    coverage_warning,
    district_coverage,
    district_problems,
    outside_warning,
    townships_named,
    without_returns,
)
from scoplan.plan_terms import term_problems
from scoplan.plugins import DEFAULT_PLUGINS, Registry
from scoplan.projection import (
    DEFAULT_PROJECTION,
    METHODS,
    HistoryPoint,
    Projection,
    needed_per_year,
    project,
    years_between,
)
from scoplan.report import (
    ChosenDistrict,
    DataSource,
    DataWarning,
    Evidence,
    Gap,
    Part,
    PluginRef,
    Report,
    Result,
    RunError,
    ScopeRef,
    ShortUnit,
    Status,
)
from scoplan.schema import TABLES_BY_NAME, declaring, registering
from scoplan.target import (
    _EPSILON,
    COMPARATORS,
    Context,
    Figure,
    Measurement,
    Scope,
    TargetKind,
    UnitValue,
)

if TYPE_CHECKING:
    from scoplan.checking import OwnLevel


@attrs.frozen
class Task:
    """One milestone ready to run: its target kind, typed parameters and resolved scopes."""

    milestone: Milestone
    kind: TargetKind
    params: Any
    scopes: tuple[Scope, ...]
    plugin: str
    known_from: dt.date | None = None
    """From which date the kind's values are known (:attr:`TargetKind.known_from`, and that
    of the declared columns it reads); None: any date."""
    missing: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    """By scope id, the districts of the scope the run does not evaluate (the data lacks
    them, or the run chose others: :class:`~scoplan.plan_districts.Coverage`): such a
    scope is not judged (``not_covered``), for its figure would be that of part of it."""


def area_districts(plan: Plan, data: Dataset) -> tuple[str, ...]:
    """The district ids of the data inside the plan's area, sorted."""
    area = plan.area
    if not (area.code_prefix or area.city or area.districts):
        return data.district_ids()
    return tuple(sorted(in_area(plan, data.frame("districts"))))


def in_area(plan: Plan, districts: pl.DataFrame) -> list[str]:
    """The ids of ``districts`` (a frame with ``id``, ``city`` and, where known, ``name``)
    inside the plan's area (:func:`~scoplan.plan_districts.area_holds`)."""
    area = plan.area
    names = districts.get_column("name") if "name" in districts.columns else None
    rows = zip(
        districts.get_column("id"),
        districts.get_column("city"),
        names if names is not None else [None] * districts.height,
        strict=True,
    )
    return area_holds(area.code_prefix, area.city, area.districts, rows)


def outside_area(plan: Plan, data: Dataset) -> list[Problem]:
    """A warning for each district of the data left out of the plan's area that may well be
    in it: its 市 blank or naming the area's city otherwise (黄山, 安徽省黄山市), its id no
    official code of another city (a zone's own id, ``HSGX``). Its rows count for nothing
    in the plan; a province's data, whose other cities' districts say their city, is not
    warned of. Each names the file (or sheet) and row of the district, where loading kept
    them (:meth:`Dataset.place`), else the data as a whole. The other districts outside the
    area, a province's other cities' or a county filed under the wrong 市 whose official
    code is another city's, are said in one warning of the data (``districts_outside_area``:
    :func:`districts_outside`)."""
    districts = data.frame("districts").select("id", "name", "city")
    places = data.places("districts")
    if places is None:
        places = pl.DataFrame(schema=PLACES_SCHEMA)
    located = districts.join(places.unique("id"), on="id", how="left", maintain_order="left")
    return districts_outside(plan, located, data.header("districts", "city"), data.origin)


def districts_outside(
    plan: Plan, districts: pl.DataFrame, header: str | None, origin: str
) -> list[Problem]:
    """The warnings of :func:`outside_area` about ``districts``: a frame of typed districts
    (``id``, ``name``, ``city``) with each one's place (``source``, ``row``, ``index``, null
    where not known: ``origin`` is named then). ``header``: the 市 column as the user's
    header wrote it (None: the source had no such column, or there was none: said 市).
    Then one warning of the other districts outside the area, whatever their 市 says
    (:func:`~scoplan.plan_districts.outside_warning`): said of the data, not of a row."""
    area = plan.area
    if not (area.code_prefix or area.city or area.districts):
        return []
    inside = set(in_area(plan, districts))
    found = _near_the_city(plan, districts, inside, header, origin) if area.city else []
    warned = {str(problem.value) for problem in found}
    outside: dict[str, str | None] = {}
    for district_id, name in districts.select("id", "name").iter_rows():
        if district_id is not None and district_id not in inside | warned:
            outside.setdefault(district_id, name)
    named = area_name(area.code_prefix, area.city, area.districts, area.name)
    summary = outside_warning(list(outside.items()), named, named_source(origin))
    return [*found, *([summary] if summary is not None else [])]


def _near_the_city(
    plan: Plan, districts: pl.DataFrame, inside: set[str], header: str | None, origin: str
) -> list[Problem]:
    """``outside_area``, a warning for each district outside the area whose 市 is blank or
    names the area's city otherwise and whose id is no official code (:func:`outside_area`)."""
    area = plan.area
    stem = re.sub(r"(?:市|地区|自治州|州|盟)$", "", area.city) or area.city
    # named as other problems name a column: by the header as written where it is not the
    # column's own name (市, 所属市), by the column where it is (city); 市 where none was read
    column = TABLES_BY_NAME["districts"].column("city")
    named = {} if header == column.name else {"header": header or column.alias}
    found = []
    rows = districts.select("id", "name", "city", "source", "row", "index").iter_rows()
    for district_id, name, city, source, row, index in rows:
        if district_id is None or district_id in inside:
            continue
        said = (city or "").strip()
        # blank, or the city written otherwise: 黄山, 安徽省黄山市, 黄山 市, 黄山市民政局
        near = not said or stem in re.sub(r"\s", "", unicodedata.normalize("NFKC", said))
        coded = district_id.isdigit() and len(district_id) == 6
        if near and not coded:
            params = {
                "name": name or district_id,
                "area": area.city,
                **named,
                "said": f'is written "{said}"' if said else "is blank",
                "said_zh": f"写作“{said}”" if said else "为空",
            }
            found.append(
                Problem(
                    "outside_area",
                    source or origin or "-",
                    table="districts",
                    row=row if source else None,
                    index=index if source else None,
                    column="city",
                    value=district_id,
                    params=params,
                    severity=WARNING,
                )
            )
    return found


def _group_districts(
    plan: Plan, name: str, area: Sequence[str], data: Dataset, seen: tuple[str, ...] = ()
) -> tuple[str, ...]:
    group = plan.groups[name]
    if group.complement_of:
        if group.complement_of in seen:
            return ()
        other = set(_group_districts(plan, group.complement_of, area, data, (*seen, name)))
        return tuple(d for d in area if d not in other)
    kinds = set(group.district_kinds)
    by_kind = {
        district_id
        for district_id, kind in data.frame("districts").select("id", "kind").iter_rows()
        if kind in kinds
    }
    return tuple(sorted(d for d in area if d in set(group.districts) or d in by_kind))


def _district_scope(data: Dataset, district_id: str) -> Scope:
    name = data.names("districts", [district_id]).get(district_id, district_id)
    return Scope(
        "district", district_id, name, (district_id,), _names_en(data).get(district_id, "")
    )


def _names_en(data: Dataset) -> dict[str, str]:
    """The districts' English names, where the data has a ``name_en`` column for them."""
    return data.english_names("districts")


def resolve_scopes(
    plan: Plan, milestone: Milestone, data: Dataset, area: Sequence[str]
) -> tuple[Scope, ...]:
    """The scopes a milestone is evaluated for: one, or one per district with ``each``."""
    return tuple(scope for scope, _ in resolve(plan, milestone, data, Coverage(tuple(area))))


def resolve(
    plan: Plan, milestone: Milestone, data: Dataset, coverage: Coverage
) -> tuple[tuple[Scope, tuple[str, ...]], ...]:
    """The scopes a milestone is evaluated for (one, or one per district with ``each``),
    each with the districts of it the run does not evaluate (``coverage.absent``).

    A scope is made of the districts evaluated; a scope some of whose districts are not
    (the city as a whole, a group, several districts together) keeps them as missing, and
    is not judged. With ``each``, a district not evaluated has no result of its own (the
    run's warning names it), unless none of the milestone's districts is evaluated: then
    the milestone is one scope of them all, not judged, so that it is still reported.
    """
    spec = milestone.scope
    area = coverage.present
    lacking = set(coverage.absent)
    everyone = tuple(sorted({*area, *lacking}))
    if spec.group:
        group = plan.groups[spec.group]
        intended = _group_districts(plan, spec.group, everyone, data)
        districts = tuple(d for d in intended if d not in lacking)
        whole = Scope(
            "group",
            spec.group,
            group.name,
            districts,
            group.name_en,
            group.reading,
            group.reading_en,
        )
    elif spec.districts:
        intended = tuple(sorted(spec.districts))
        districts = tuple(d for d in intended if d not in lacking)
        if len(intended) == 1 and districts:
            whole = _district_scope(data, districts[0])
        else:
            names = {**coverage.names, **data.names("districts", intended)}
            name = "、".join(names.get(d, d) for d in intended)
            level, key = ("district", intended[0]) if len(intended) == 1 else ("districts", "")
            whole = Scope(level, key or "+".join(intended), name, districts)
    else:
        intended = everyone
        districts = tuple(area)
        name = plan.area.name or _county_named(plan, data) or data.city_name() or "全市"
        whole = Scope("city", "city", name, districts, plan.area.name_en, own=own_level(plan))
    missing = tuple(d for d in intended if d in lacking)
    if spec.each and (districts or not missing):
        return tuple((_district_scope(data, d), ()) for d in districts)
    return ((whole, missing),)


def _county_named(plan: Plan, data: Dataset) -> str:
    """The name of the one county a plan's area is (:func:`~scoplan.plan_districts.area_county`):
    the data's, else the official one (城口县 for ``500229``); empty for any other area."""
    area = plan.area
    county = area_county(area.code_prefix, area.city, area.districts)
    if county is None:
        return ""
    found = data.names("districts", [county]).get(county)
    return found or area_name(area.code_prefix, area.city, area.districts)


def own_level(plan: Plan) -> tuple[str, ...]:
    """The ``unit_id`` of the plan's whole area's own level (本级): the county's id for a
    plan of one county (:func:`~scoplan.plan_districts.area_county`: 区本级 is the district's
    own organs, whose rows carry its code, 310115; a county-level city's, 天长市, is its code
    and ``city`` alike), else ``city`` (市本级)."""
    area = plan.area
    county = area_county(area.code_prefix, area.city, area.districts)
    if county is None:
        return (CITY,)
    if not area_terms(area.code_prefix, area.city, area.districts, area.name):
        # a county-level city (天长市): its own organs are 市本级 to its bureau, filed
        # ``city`` as often as under its code, both its own
        return (county, CITY)
    return (county,)


def prepare(
    plan: Plan, data: Dataset, registry: Registry, coverage: Coverage | None = None
) -> tuple[Task, ...]:
    """Check the plan against the target kinds and the data; the tasks, or one PlanError
    naming every mistake, in the plan's order (a plan made in code is checked as a file's
    would be: its dates, milestone ids and groups too). ``coverage``: the districts the
    run evaluates (default: :func:`plan_coverage`)."""
    kinds, _ = milestone_kinds(plan, registry)
    problems = plan_problems(plan, data, registry)
    if problems:
        raise PlanError(problems)
    if coverage is None:
        coverage = plan_coverage(plan, data)
    failed = failed_plugins(registry)
    tasks: list[Task] = []
    for index, milestone in enumerate(plan.milestones):
        kind, params = kinds[index]
        resolved = resolve(plan, milestone, data, coverage)
        scopes = tuple(scope for scope, _ in resolved)
        missing = {scope.id: lacks for scope, lacks in resolved if lacks}
        owner = registry.owner(kind.id) or ", ".join(failed)
        since = known_from(kind, registry)
        tasks.append(Task(milestone, kind, params, scopes, owner, since, missing))
    return tuple(tasks)


def plan_problems(plan: Plan, data: Dataset, registry: Registry) -> list[Problem]:
    """Every mistake of the plan against the target kinds of ``registry`` and the data, as
    an evaluation refuses the plan for them, in the plan's order, each naming its
    milestone: its dates, milestone ids, groups, target kinds and parameters, and each
    district its area, groups and scopes name that the data lacks or the area leaves out
    (:func:`~scoplan.plan_districts.district_problems`). ``scoplan check --plan`` reports
    the same (:mod:`scoplan.checkup`)."""
    source = plan.source or plan.id
    document = plan_document(plan)
    _, found = milestone_kinds(plan, registry)
    problems = [*check_document(document, source), *found]
    problems += term_problems(document, source, registry)
    problems += district_problems(document, data, source)
    if not problems:
        return []
    named = named_groups(in_file_order(problems, document), document)
    return named_milestones(named, plan.milestones)


def plan_coverage(plan: Plan, data: Dataset) -> Coverage:
    """Which of the plan's districts the data holds, and which of them it lacks: the
    official districts of the cities of the area that the data does not have (see
    :func:`~scoplan.plan_districts.district_coverage`). A plan that names no area is
    about the data's districts, whatever they are: it lacks none."""
    from scoplan.plan_districts import unreturned, unreturned_townships

    area = plan.area
    if not (area.code_prefix or area.city or area.districts):
        # (a district that sent no return is lacking, whatever return brings its units)
        every = Coverage(data.district_ids(), (), {})
        townships = unreturned_townships(data.warnings)
        return without_returns(every, unreturned(data.warnings), True, townships)
    within = area_within(area.code_prefix, area.city, area.districts)
    return district_coverage(data, area_districts(plan, data), within)


def whole_area_words(plan: Plan) -> dict[str, str] | None:
    """The words of a plan of one county for its whole area, by language (全区, the whole
    district: :func:`plan_terms`); None for any other plan."""
    if CITY in own_level(plan):
        return None
    return area_words(plan)


def area_words(plan: Plan) -> dict[str, str]:
    """The words of the plan for its whole area, by language: 全市, or its own (全区 for
    a county's, 全省 for a province's: :func:`plan_terms`)."""
    terms = plan_terms(plan)
    return {lang: translate("where.city", lang, terms.get(lang, {})) for lang in LANGUAGES}


def plan_terms(plan: Plan) -> Mapping[str, Mapping[str, str]]:
    """The plan's own words, over those of its area: a plan whose area is one county says
    its whole area 全县 (the whole county) and its own organs 县本级, not 全市 and 市本级
    (:func:`~scoplan.plan_districts.area_terms`), unless it says them its own way."""
    area = plan.area
    words = area_terms(area.code_prefix, area.city, area.districts, area.name)
    if not words:
        return plan.terms
    terms = {lang: dict(own) for lang, own in words.items()}
    for lang, own in plan.terms.items():
        terms.setdefault(lang, {}).update(own)
    return terms


def plan_own_level(plan: Plan) -> OwnLevel | None:
    """The own level of a plan whose area is one county (:func:`plan_terms`' 县本级), for
    checking the data: the county's code and the words its bureau writes for that level in a
    unit's cell (县本级, 全县, 县级, 本县); None for any other plan, and for a county-level
    city's, whose own level is 市本级."""
    from scoplan.checking import OwnLevel

    area = plan.area
    county = area_county(area.code_prefix, area.city, area.districts)
    words = plan_terms(plan).get("zh", {})
    own, whole = words.get("scope.city", ""), words.get("where.city", "")
    if county is None or not own or own == translate("scope.city", "zh"):
        return None
    bare = own.removesuffix("本级")
    said = (own, whole, *((f"{bare}级", f"本{bare}") if bare != own else ()))
    return OwnLevel(county, own, tuple(dict.fromkeys(w for w in said if w)))


def known_from(kind: TargetKind, registry: Registry) -> dt.date | None:
    """From which date a kind's values are known: the latest of its own ``known_from`` and
    that of each declared column it ``reads``; None when every date is."""
    days = [kind.known_from] if kind.known_from is not None else []
    for name in kind.reads:
        spec = registry.declared.get(name)
        if spec is not None and spec.known_from is not None:
            days.append(spec.known_from)
    return max(days, default=None)


class UnfitMeasurement(TypeError):
    """What a target returned that no report can hold: said in English (``str``, as the
    ``TypeError`` it is) and in Chinese (``zh``), for the result's ``message_zh``."""

    def __init__(self, message: str, zh: str) -> None:
        super().__init__(message)
        self.zh = zh


Said = tuple[str, str]
"""One thing wrong with a measurement, in English and in Chinese."""


def _said(key: str, zh: Mapping[str, Any] | None = None, **values: Any) -> Said:
    """The catalogue's ``measurement.<key>`` in English and in Chinese, filled in with
    ``values`` (in Chinese, those of ``zh`` instead where it has them)."""
    chinese = {**values, **(zh or {})}
    return translate(f"measurement.{key}", "en", **values), translate(
        f"measurement.{key}", "zh", **chinese
    )


def _measure(task: Task, context: Context) -> Measurement:
    from scoplan.declared_columns import asking

    with asking(task.plugin or task.kind.id):
        measurement = task.kind.measure(context, task.params)
    if not isinstance(measurement, Measurement):
        got = type(measurement).__name__
        raise UnfitMeasurement(*_said("not_a_measurement", target=task.kind.id, type=got))
    _check_measurement(measurement, task.kind.id, task.params)
    return measurement


_PLAIN_DEPTH = 32
_LARGEST = 2**1023
"""Whole numbers beyond a float's range: no report computes with them or writes them."""

UNITS = ("per_community", "share", "count")
"""The units a report knows how to show a value in."""


def _number(value: object, name: Said) -> Said | None:
    """What is wrong with a number (or None) a target returned, or None."""
    if value is None:
        return None
    en, zh = name
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _said("not_a_number", name=en, zh={"name": zh}, type=type(value).__name__)
    if isinstance(value, int) and not -_LARGEST <= value <= _LARGEST:
        return _said("too_large", name=en, zh={"name": zh}, bits=value.bit_length())
    if not math.isfinite(value):
        return _said("not_finite", name=en, zh={"name": zh}, value=value)
    return None


def _plain(value: object, depth: int = 0) -> bool:
    """Whether ``value`` is plain data a report can hold: text, finite numbers, lists, maps."""
    if depth > _PLAIN_DEPTH:
        return False
    if value is None or isinstance(value, str | bool | int | dt.date):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list | tuple):
        return all(_plain(item, depth + 1) for item in value)
    if isinstance(value, Mapping):
        return all(isinstance(k, str) and _plain(v, depth + 1) for k, v in value.items())
    return False


def _unwritable(value: object, name: str) -> Said | None:
    """What keeps plain data from being written as the JSON report writes it, or None.

    A whole number of thousands of digits (Python will not turn it into text), or a lone
    surrogate (``"\\ud800"``, not UTF-8) would pass as plain data and then fail in the
    renderer, taking the whole report with it.
    """
    try:
        json.dumps(value, ensure_ascii=False, allow_nan=False, default=_iso).encode("utf-8")
    except UnicodeEncodeError as error:
        bad = repr(error.object[error.start : error.end])
        return _said("not_utf8", name=name, reason=error.reason, bad=bad)
    except ValueError as error:
        if "integer string conversion" in str(error):
            digits = sys.get_int_max_str_digits()
            return _said("too_many_digits", name=name, digits=digits)
        return _said("not_json", name=name, error=str(error))
    except (TypeError, RecursionError) as error:
        return _said("not_json", name=name, error=str(error))
    return None


def _not_utf8(texts: list[str], name: Said) -> Said | None:
    """What keeps texts from being written as UTF-8 (a lone surrogate), or None."""
    try:
        "".join(texts).encode("utf-8")
    except UnicodeEncodeError as error:
        bad = repr(error.object[error.start : error.end])
        en, zh = name
        return _said("not_utf8", name=en, zh={"name": zh}, reason=error.reason, bad=bad)
    return None


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not plain data")


def _not_its_calculation(m: Measurement) -> Said | None:
    """A mean or a share whose value is not ``numerator ÷ denominator``, when both are given
    (a report prints the calculation beside the value: they must agree), or None. A side
    below zero is no count of units, and a value over a denominator of none (``1 ÷ 0``) is
    none at all; ``0 ÷ 0`` is no calculation and passes."""
    if m.unit not in ("share", "per_community") or m.value is None:
        return None
    sides = (m.numerator, m.denominator)
    if any(isinstance(n, bool) or not isinstance(n, int | float) for n in sides):
        return None
    numerator, denominator = float(m.numerator or 0), float(m.denominator or 0)
    if not all(map(math.isfinite, (numerator, denominator, m.value))):
        return None
    if numerator < 0 or denominator < 0:  # counts of units: never below none
        return _said("negative_sides", numerator=f"{numerator:g}", denominator=f"{denominator:g}")
    if not denominator:
        # 0 ÷ 0 is no calculation (all of none); anything over none is no value at all
        if not numerator:
            return None
        return _said("over_none", value=m.value, numerator=f"{numerator:g}")
    quotient = numerator / denominator
    if math.isclose(m.value, quotient, rel_tol=1e-9, abs_tol=1e-12):
        return None
    return _said(
        "not_its_calculation",
        value=m.value,
        numerator=f"{m.numerator:g}",
        denominator=f"{m.denominator:g}",
        quotient=f"{quotient:.6g}",
    )


def _requirement_words(required: object, comparator: object) -> tuple[str, str]:
    """A requirement as a measurement or params give it, ``>= 0.5``, in English and
    Chinese; none (an indicator's) as ``none`` and ``无``."""
    if required is None and comparator is None:
        return "none", "无"
    number = f"{required:g}" if isinstance(required, int | float) else repr(required)
    return f"{comparator} {number}", f"{comparator} {number}"


_NO_FIELD = object()


def _plans_requirement(params: object) -> tuple[float | None, str] | None:
    """The requirement a milestone's params set, as :meth:`Requirement.of
    <scoplan.Requirement.of>` reads it from every built-in kind's (their ``threshold`` and
    ``comparator``): a threshold of None sets none (an indicator's). None when the params
    hold no such pair (a plugin's own names for them): the engine cannot tell then."""
    threshold = getattr(params, "threshold", _NO_FIELD)
    comparator = getattr(params, "comparator", _NO_FIELD)
    if not isinstance(comparator, str) or comparator not in COMPARATORS:
        return None
    if threshold is None:
        return None, str(comparator)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        return None
    return float(threshold), str(comparator)


def _not_the_plans(m: Measurement, params: object) -> Said | None:
    """A requirement (``required`` and ``comparator``) other than the one the milestone's
    params set (:func:`_plans_requirement`), or None: the plan says at least 50% and a
    target that judged by ``< 0.99`` would be read as the plan's verdict. A threshold of
    None sets none: the measurement must set none either (an indicator's)."""
    planned = _plans_requirement(params)
    if planned is None:
        return None
    threshold, comparator = planned
    if threshold is None:
        if m.required is None:  # an indicator: its comparator is not read
            return None
    elif (
        m.required is not None
        and m.comparator == comparator
        and math.isclose(m.required, threshold, rel_tol=1e-9, abs_tol=1e-12)
    ):
        return None
    got, got_zh = _requirement_words(m.required, m.comparator)
    if threshold is None:
        wanted, wanted_zh = _requirement_words(None, None)
    else:
        wanted, wanted_zh = _requirement_words(threshold, comparator)
    chinese = {"got": got_zh, "wanted": wanted_zh}
    return _said("not_the_plans", chinese, got=got, wanted=wanted)


def _not_a_count(m: Measurement) -> Said | None:
    """A count below zero or not whole (-3, 2.5), or None: no count of things is."""
    if m.unit != "count" or m.value is None:
        return None
    if m.value < 0:
        return _said("count_negative", value=f"{m.value:g}")
    if m.value != int(m.value):
        return _said("count_fraction", value=f"{m.value:g}")
    return None


def _check_measurement(measurement: Measurement, target: str, params: object = None) -> None:
    """An :class:`UnfitMeasurement` naming the field, unless a target's measurement is one
    a report can hold, judged against the requirement ``params`` (the milestone's) set.

    A Measurement is an attrs class without validators (targets build many); a plugin's
    that holds a string for a number, a NaN or an object in its details would otherwise fail
    later, in a renderer, and take the whole report down with it; one whose share is 7.0
    (700%), whose count is -3 or 2.5, whose unit no report knows, whose value is not the
    calculation the report prints beside it, or whose requirement is not the one the
    milestone's ``params`` set (``< 0.99`` where the plan says ``>= 0.5``) would be judged,
    and read, as if it were right.
    """
    m = measurement
    wrong = [
        _number(m.value, ("value", "value")),
        _number(m.required, ("required", "required")),
        _number(m.numerator, ("numerator", "numerator")),
        _number(m.denominator, ("denominator", "denominator")),
        _number(m.gap, ("gap", "gap")),
    ]
    if m.comparator is not None and m.comparator not in COMPARATORS:
        known = ", ".join(COMPARATORS)
        chinese = {"known": "、".join(COMPARATORS)}
        wrong.append(_said("comparator", chinese, value=repr(m.comparator), known=known))
    for name in ("unit", "gap_noun"):
        if not isinstance(getattr(m, name), str):
            wrong.append(_said("not_text", name=name, type=type(getattr(m, name)).__name__))
    if isinstance(m.shortfall_total, bool) or not isinstance(m.shortfall_total, int):
        wrong.append(_said("shortfall_total", type=type(m.shortfall_total).__name__))
    if not isinstance(m.cumulative, bool):
        wrong.append(_said("cumulative", type=type(m.cumulative).__name__))
    if not isinstance(m.shortfall, tuple | list):
        wrong.append(_said("shortfall", type=type(m.shortfall).__name__))
    else:
        for unit in m.shortfall:
            if not isinstance(unit, UnitValue):
                wrong.append(_said("shortfall_item", type=type(unit).__name__))
                break
            texts = (unit.level, unit.id, unit.name, unit.reason)
            if not all(isinstance(t, str) for t in texts):
                wrong.append(_said("shortfall_texts"))
                break
            numbers = [
                _number(unit.value, ("a shortfall unit's value", "shortfall 中单位的 value")),
                _number(unit.need, ("a shortfall unit's need", "shortfall 中单位的 need")),
            ]
            if any(numbers):
                wrong += [n for n in numbers if n]
                break
        else:
            words = [t for u in m.shortfall for t in (u.level, u.id, u.name, u.reason)]
            wrong.append(_not_utf8(words, ("a shortfall unit's text", "shortfall 中单位的文本")))
    for name in ("unit", "gap_noun"):
        if isinstance(getattr(m, name), str):
            wrong.append(_not_utf8([getattr(m, name)], (name, name)))
    if not any(wrong) and m.unit not in UNITS:
        known = ", ".join(UNITS)
        wrong.append(_said("unit", {"known": "、".join(UNITS)}, value=repr(m.unit), known=known))
    if not any(wrong) and m.unit == "share" and m.value is not None and not 0 <= m.value <= 1:
        wrong.append(_said("share", value=m.value))
    if not any(wrong):
        wrong.append(_not_its_calculation(m))
    wrong.append(_wrong_figures(m.breakdown))
    if not _plain(m.details) or not isinstance(m.details, Mapping):
        wrong.append(_said("details"))
    else:
        wrong.append(_unwritable(m.details, "details"))
    if not any(wrong):  # one a report can hold: judged as the plan says, if a count a count
        wrong += [_not_a_count(m), _not_the_plans(m, params)]
    problems = [w for w in wrong if w]
    if problems:
        en = "; ".join(p[0] for p in problems)
        zh = "；".join(p[1] for p in problems)
        raise UnfitMeasurement(
            f"target {target!r} returned a Measurement whose {en}",
            translate("measurement.unfit", "zh", target=target, problems=zh),
        )


_FIGURES_AT_ONCE = 10_000_000
"""More figures in one breakdown than this (or parts that hold their own figure) are
looked at one by one."""


_TEXT = frozenset({str})
_NUMBER = frozenset({int, float})
_WHOLE = frozenset({int})


def _plainly_right(figures: object) -> bool:
    """Whether a breakdown is one a report can hold, seen in one pass over all its figures,
    parts too, without saying what is wrong (:func:`_wrong_figures` says). Stricter than
    that: text that is a subclass of ``str`` goes the long way. A national report's 70,000
    figures took 0.8 s one by one."""
    if type(figures) is not tuple and type(figures) is not list:
        return False
    flat = list(figures)
    if not flat:
        return True
    at = 0
    while at < len(flat):
        figure = flat[at]
        if type(figure) is not Figure or len(flat) > _FIGURES_AT_ONCE:
            return False
        parts: object = figure.parts
        if type(parts) is not tuple and type(parts) is not list:
            return False
        flat += parts
        at += 1
    texts = [t for f in flat for t in (f.level, f.id, f.name, f.name_en)]
    numbers = [n for f in flat for n in (f.numerator, f.denominator, f.value)]
    # the types seen, each once (map runs in C: a national breakdown is 70,000 figures)
    if not set(map(type, texts)) <= _TEXT:
        return False
    if not set(map(type, numbers)) <= _NUMBER:
        return False
    if not {type(f.parts_total) for f in flat} <= _WHOLE:
        return False
    whole = [n for n in numbers if type(n) is int]
    if whole and max(map(abs, whole)) > _LARGEST:
        return False
    if not all(map(math.isfinite, numbers)):
        return False
    try:
        "".join(texts).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _wrong_figures(figures: object, name: Said = ("breakdown", "breakdown")) -> Said | None:
    """What keeps a breakdown from being one a report can hold, or None."""
    return None if _plainly_right(figures) else _wrong_figure(figures, name)


def _wrong_figure(figures: object, name: Said | str) -> Said | None:
    """What keeps a breakdown from being one a report can hold, looked for figure by figure
    (``name``: what it is called, in English and Chinese, or one word for both)."""
    en, zh = (name, name) if isinstance(name, str) else name
    named: dict[str, Any] = {"name": en, "zh": {"name": zh}}
    if not isinstance(figures, tuple | list):
        return _said("figures", type=type(figures).__name__, **named)
    for figure in figures:
        if not isinstance(figure, Figure):
            return _said("figures_item", type=type(figure).__name__, **named)
        texts = (figure.level, figure.id, figure.name, figure.name_en)
        if not all(isinstance(t, str) for t in texts):
            return _said("figure_texts", **named)
        numbers = (figure.numerator, figure.denominator, figure.value)
        said = (f"a {en} figure's numbers", f"{zh} 中的 numerator、denominator、value")
        found = [_number(n, said) for n in numbers]
        if any(n is None for n in numbers) or any(found):
            return next((f for f in found if f), _said("figure_numbers", **named))
        if isinstance(figure.parts_total, bool) or not isinstance(figure.parts_total, int):
            return _said("figure_parts_total", **named)
        text = (f"a {en} figure's text", f"{zh} 中的文本")
        wrong = _not_utf8(list(texts), text) or _wrong_figure(
            figure.parts, (f"{en} parts", f"{zh} 的 parts")
        )
        if wrong:
            return wrong
    return None


def _gap(measurement: Measurement, on: dt.date) -> Gap | None:
    """What ``measurement`` (made on ``on``) lacks, or None when it meets the requirement.

    A count short of it names the scope alone: what it lacks (``need``) is the gap.
    """
    if not measurement.gap or measurement.met is not False:
        return None
    direction = "less" if measurement.comparator in ("<", "<=") else "more"
    units = tuple(
        ShortUnit(
            u.level,
            u.id,
            u.name,
            u.value,
            measurement.gap
            if u.need is None and measurement.unit == "count" and len(measurement.shortfall) == 1
            else u.need,
            u.reason,
        )
        for u in measurement.shortfall
    )
    return Gap(
        amount=measurement.gap,
        noun=measurement.gap_noun,
        on=on,
        direction=direction,
        units=units,
        units_total=measurement.shortfall_total,
    )


PARTS_LIMIT = 60
"""A result over more districts than this (a province, the country) gives no figure per
district: a list that long is a report of its own (``each = true``)."""


def _word(key: str, lang: str, terms: Mapping[str, str], default: str, **values: Any) -> str:
    """The catalogue entry (or the plan's word) for ``key``, or ``default`` when neither has one."""
    if key in terms or key in CATALOGUES.get(lang, {}):
        return translate(key, lang, terms, **values)
    return default


def kind_titles(plan: Plan, kind: TargetKind, params: Any = None) -> tuple[str, str]:
    """What a milestone measures, in Chinese and English: what its ``params`` say (a generic
    kind's params name its code: ``建有社会组织培育发展服务中心的乡镇（街道）占比``, see
    :class:`~scoplan.target.TargetKind`), else the kind's title."""
    what = getattr(params, "what", None)
    if not callable(what):
        return kind.title.zh, kind.title.en
    return what("zh", plan.terms.get("zh", {})), what("en", plan.terms.get("en", {}))


def milestone_titles(
    plan: Plan,
    milestone: Milestone,
    kind: TargetKind,
    scope: Scope,
    params: Any = None,
    measured: tuple[str, str] | None = None,
) -> tuple[str, str]:
    """A result's title in Chinese and English: the milestone's own ``title``/``title_en``,
    or made from what it measures (:func:`kind_titles`, or ``measured`` where the caller has
    it already), the scope and the due year by the catalogue's (or the plan's)
    ``milestone.<kind>`` template: ``全市城市社区平均社区社会组织数（2023年）``."""
    titles = []
    if measured is None:
        measured = kind_titles(plan, kind, params)
    whats = dict(zip(("zh", "en"), measured, strict=True))
    words = plan_terms(plan)
    for lang, own in (("zh", milestone.title), ("en", milestone.title_en)):
        if own:
            titles.append(own)
            continue
        terms = words.get(lang, {})
        what = _word(f"target.{kind.id}", lang, terms, whats[lang])
        name = scope.name_en if lang == "en" and scope.name_en else scope.name
        if scope.level == "city":
            where = translate("where.city", lang, terms)
            itself = translate("scope.city", lang, terms)
        else:
            where = itself = name
        values = {"where": where, "own": itself, "what": what, "year": milestone.due.year}
        default = translate("milestone.default", lang, terms, **values)
        titles.append(_word(f"milestone.{kind.id}", lang, terms, default, **values))
    return titles[0], titles[1]


def year_ends(plan: Plan, as_of: dt.date) -> tuple[dt.date, ...]:
    """The year-ends from the plan's base year (or the year before its start) up to ``as_of``
    or the plan's end, whichever is earlier: past its end a plan asks for nothing more."""
    as_of = min(as_of, plan.end)
    first = plan.base_year if plan.base_year is not None else plan.start.year - 1
    # a plan made in Python is not checked as a file's is: no year-end before scoplan's dates
    first = max(first, EARLIEST.year - 1)
    return tuple(
        dt.date(year, 12, 31)
        for year in range(first, as_of.year + 1)
        if dt.date(year, 12, 31) <= as_of
    )


@attrs.frozen
class Run:
    """What every milestone of one evaluation shares: the date, history dates and method."""

    as_of: dt.date
    history: tuple[dt.date, ...]
    method: str
    listed: int | None
    timeout: float = math.inf
    runner: Runner | None = None
    titles: Mapping[tuple[str, str], tuple[str, str]] = attrs.field(factory=dict)
    """Each result's title in Chinese and English, by milestone and scope id."""
    whats: Mapping[str, tuple[str, str]] = attrs.field(factory=dict)
    """What each milestone measures in Chinese and English (:func:`kind_titles`), by id."""
    coverage: Coverage = attrs.field(factory=Coverage)
    """The districts the run evaluates and those it does not, with their names."""
    terms: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    """The plan's words (:func:`plan_terms`), by language: the whole area's (全县)."""
    measured: dict[tuple[Any, ...], Measurement] = attrs.field(factory=dict, eq=False, repr=False)
    """The measurements of this run, by target, params, scope, dates and dataset: a
    district's figure for its own result and for the parts of a city's is measured once.
    Kept by the run, not the dataset: it lives as long as one evaluation."""
    tables: dict[tuple[Any, ...], frozenset[str]] = attrs.field(factory=dict, eq=False, repr=False)
    """The tables each measurement of :attr:`measured` read, by the same key; and, by
    milestone and scope id, the tables each result's measurements read
    (:func:`~scoplan.dataset.tables_read`)."""

    def measure(self, task: Task, context: Context) -> Measurement:
        """``task``'s measure in ``context``, made once per run (unless its params cannot be
        hashed: a plugin's mutable ones)."""
        key = (
            task.kind,
            task.params,
            context.scope,
            context.on,
            context.due,
            context.listed,
            context.data,
        )
        try:
            found = self.measured.get(key)
        except TypeError:  # a plugin's parameters that cannot be hashed: no reuse
            return _measure(task, context)
        if found is None:
            with tables_read() as read:
                found = _measure(task, context)
            self.measured[key] = found
            self.tables[key] = frozenset(read)
        count_read(self.tables.get(key, ()))
        return found


UNKNOWN_BEFORE = "unknown_before"
"""The reason of a history point (and of no projection) before the values are known."""

DEFAULT_TARGET_TIMEOUT = 300.0
"""How many seconds each result's target may take, unless the plan or the caller says."""


def _ours(task: Task) -> bool:
    """Whether a task's target is one of scoplan's own (registered by one of
    :data:`~scoplan.plugins.DEFAULT_PLUGINS`), which may be judged beside another
    (:mod:`scoplan._lanes`); a plugin's targets are judged one at a time, in order."""
    return task.plugin in DEFAULT_PLUGINS


def _judge(task: Task, scope: Scope, run: Run, data: Dataset) -> Result:
    milestone = task.milestone
    due = milestone.due
    as_of = run.as_of
    started = time.perf_counter()
    title, title_en = run.titles.get((milestone.id, scope.id), ("", ""))
    what, what_en = run.whats.get(milestone.id, (task.kind.title.zh, task.kind.title.en))
    base: dict[str, Any] = {
        "milestone": milestone.id,
        "target": task.kind.id,
        "title": title or task.kind.title.zh,
        "title_en": title_en or task.kind.title.en,
        "target_title": what,
        "target_title_en": what_en,
        "scope": ScopeRef(
            scope.level, scope.id, scope.name, scope.name_en, scope.reading, scope.reading_en
        ),
        "due": due,
        "clauses": milestone.clauses,
        "reading": milestone.reading,
        "reading_en": milestone.reading_en,
        "plugin": task.plugin,
    }
    on = min(due, as_of)
    message_zh = ""
    try:
        if run.runner is None:
            return _verdict(task, scope, run, data, base, started)
        # in the run's worker thread, waited for until the result's time is up: the target
        # measures (at several dates) there, and an abandoned result goes on there alone
        deadline = time.monotonic() + run.timeout if math.isfinite(run.timeout) else None
        return run.runner.call(
            _verdict, task, scope, run, data, base, started, deadline=deadline, limit=run.timeout
        )
    except TimedOut as error:
        seconds = f"{error.seconds:g}"
        message = translate("error.timeout", "en", seconds=seconds)
        message_zh = translate("error.timeout", "zh", seconds=seconds)
    except BaseException as error:
        # the error boundary: this milestone fails, the run goes on (a plugin that calls
        # sys.exit() or os._exit(), or raises any BaseException, is at fault too; only an
        # interrupt from the keyboard ends the run)
        if not plugin_fault(error):
            raise
        message = fault_message(error)
        message_zh = fault_message_zh(error)  # os._exit, sys.exit: scoplan's words
        if isinstance(error, UnfitMeasurement):  # scoplan's own words: both languages
            message = f"TypeError: {error}"
            message_zh = error.zh
        elif isinstance(error, ScoplanError):  # a question the data cannot answer: both languages
            message_zh = "; ".join(describe_problem(p, "zh") for p in error.problems)
        elif not message_zh:  # the target raised: said so in Chinese, in its own words after
            message_zh = _raised_zh(error)
    return Result(
        **base,
        status=Status.ERROR,
        measured_on=on,
        message=message,
        message_zh=message_zh,
        seconds=time.perf_counter() - started,
    )


def _raised_zh(error: BaseException) -> str:
    """That a target raised ``error``, in Chinese, followed by what the exception says (in
    the plugin's words): ``目标计算中止：社区数据缺失``. Its type is the English
    ``message``'s (``RuntimeError: 社区数据缺失``), for the plugin's author."""
    text = fault_text(error, translate("error.target_raised_unread", "zh")).strip()
    if not text:
        return translate("error.target_raised_silent", "zh")
    return translate("error.target_raised", "zh", message=text)


def _verdict(
    task: Task, scope: Scope, run: Run, data: Dataset, base: dict[str, Any], started: float
) -> Result:
    """The result of one milestone for one scope; the tables its measurements read are kept
    in ``run.tables`` under ``("result", milestone id, scope id)``."""
    with tables_read() as read:
        result = _judged(task, scope, run, data, base, started)
    run.tables[("result", task.milestone.id, scope.id)] = frozenset(read)
    return result


def _judged(
    task: Task, scope: Scope, run: Run, data: Dataset, base: dict[str, Any], started: float
) -> Result:
    due = task.milestone.due
    as_of = run.as_of
    on = min(due, as_of)
    missing = task.missing.get(scope.id, ())
    if missing:
        return _not_covered(task, scope, run, data, base, started, missing)
    measured_by_date: dict[tuple[dt.date, int | None, dt.date], Measurement] = {}

    def at(day: dt.date, listed: int | None = run.listed, due: dt.date = due) -> Measurement:
        # the same measure on the same (unchanging) data is made once, whichever evaluation
        # asks: five year-ends cost little more than one date
        full = measured_by_date.get((day, run.listed, due))
        if full is not None:
            return full  # a measurement that lists the units answers one that lists none
        if (day, listed, due) not in measured_by_date:
            context = Context(data, scope, day, due, listed)
            measured_by_date[(day, listed, due)] = run.measure(task, context)
        return measured_by_date[(day, listed, due)]

    measured = at(on)
    now = at(as_of)
    # a point of history needs only the value, which does not depend on how many units a
    # measure lists. When every unit is to be listed (a country's short communities are
    # hundreds of thousands), none are for history; a few are cheap, and listing them as
    # the other dates do lets an evaluation as of another year-end reuse the measurement
    listed = 0 if run.listed is None else run.listed
    # a day before the values are known is not measured: what was true then cannot be told.
    # A value of one year's events alone (trainings held in the due year) is, at each
    # year-end, that year's own: measured at a year-end before the due year it would count
    # the due year's events held by then (none), and read as "no training that year"; after
    # it, the due year's again, under a later year's label (2023: 0 where 2023 held one)
    yearly = not measured.cumulative
    history = tuple(
        HistoryPoint(day, None, UNKNOWN_BEFORE)
        if task.known_from is not None and day < task.known_from
        else HistoryPoint(day, at(day, listed, day if yearly else due).value)
        for day in run.history
    )
    projection = None
    begun = not yearly or on >= dt.date(due.year, 1, 1)
    if not begun:
        # measured before its due year begins, a value of that year's events alone counts
        # none (0.0%, every district short) beside the history's point of the same day,
        # that year's own (2022 100.0%): nothing of the due year can be told yet
        measured = attrs.evolve(
            measured,
            value=None,
            numerator=None,
            denominator=None,
            shortfall=(),
            shortfall_total=0,
            gap=None,
            breakdown=(),
        )
        status = Status.PENDING
        projection = Projection(run.method, None, due, None, reason="year_not_begun")
        if measured.required is None:  # an indicator: reported, never judged
            status, projection = Status.INFO, None
    elif measured.value is None:
        status = Status.NO_DATA
    elif measured.met is None:
        status = Status.INFO
    elif measured.met:
        status = Status.MET
    elif as_of < due:
        projection = _projection(measured, history, run, due)
        if projection.on_track is None:
            status = Status.PENDING
        else:
            status = Status.ON_TRACK if projection.on_track else Status.OFF_TRACK
    elif now.met:
        status = Status.MET_LATE
    else:
        status = Status.NOT_MET
    later = on < as_of
    parts: tuple[Part, ...] = ()
    judged = begun and status not in (Status.NO_DATA, Status.ERROR)
    if judged and 1 < len(scope.districts) <= PARTS_LIMIT and not _its_own(task, scope):
        parts = _parts(task, scope, run, data, later)
    return Result(
        **base,
        status=status,
        measured_on=on,
        value=measured.value,
        required=measured.required,
        comparator=measured.comparator,
        unit=measured.unit,
        value_now=now.value if later else None,
        no_longer_holds=status is Status.MET and now.met is False,
        evidence=Evidence(measured.numerator, measured.denominator, measured.details),
        gap=_gap(measured, on),
        gap_now=_gap(now, as_of) if later else None,
        seconds=time.perf_counter() - started,
        history=history,
        projection=projection,
        parts=parts,
        breakdown=measured.breakdown,
    )


def _projection(
    measured: Measurement, history: tuple[HistoryPoint, ...], run: Run, due: dt.date
) -> Projection:
    """The projection of a milestone not yet due and not yet met, by the run's method.

    The other method is tried too: where it would judge otherwise, the projection names
    it and its verdict. No yearly rate is given where it would say nothing: less than a
    year left, a single act (one centre to open), or no projection made.
    """
    as_of = run.as_of
    assert measured.value is not None
    assert measured.required is not None
    assert measured.comparator is not None
    if not measured.cumulative:
        return Projection(run.method, None, due, None, reason="single_year")
    known = tuple(point for point in history if point.reason != UNKNOWN_BEFORE)
    if len(known) < len(history) and len({*(p.date for p in known), as_of}) < 2:
        # too few year-ends are known to project from, and the unknown ones are no trend
        return Projection(run.method, None, due, None, reason=UNKNOWN_BEFORE)
    history = known
    series = (
        history
        if history and history[-1].date == as_of
        else (*history, HistoryPoint(as_of, measured.value))
    )
    made = project(run.method, series, as_of, due, measured.required, measured.comparator)
    if made.projected is not None:
        # a trend runs past what can be: no share above 100%, no count or mean below 0 (the
        # judgement is the same: the target lies inside those bounds)
        top = 1.0 if measured.unit == "share" else made.projected
        made = attrs.evolve(made, projected=min(max(made.projected, 0.0), top))
    other = next(m for m in METHODS if m != run.method)
    alternative = project(other, series, as_of, due, measured.required, measured.comparator)
    if None not in (made.on_track, alternative.on_track) and (
        made.on_track != alternative.on_track
    ):
        made = attrs.evolve(made, other_method=other, other_on_track=alternative.on_track)
    rate = needed_per_year(measured.value, measured.required, as_of, due)
    one_act = measured.unit == "count" and (measured.gap or 0) <= 1
    if (
        made.on_track is None
        or rate is None
        or years_between(as_of, due) < 1
        or one_act
        or (measured.unit == "share" and abs(rate) > 1)
    ):
        rate = None
    return attrs.evolve(made, needed_per_year=rate)


def _not_covered(
    task: Task,
    scope: Scope,
    run: Run,
    data: Dataset,
    base: dict[str, Any],
    started: float,
    missing: Sequence[str],
) -> Result:
    """The result of a scope some (or all) of whose districts the run does not evaluate:
    ``not_covered``, never a value — the figure of some districts of the city is not the
    city's — with the reason in words, the requirement and its unit (a district the data
    holds tells them where it holds none of the scope's), and each evaluated district's own
    figure (``parts``) where it has some and the result is not the city's own."""
    due = task.milestone.due
    on = min(due, run.as_of)
    coverage = run.coverage
    chosen = "_chosen" if coverage.chosen else ""
    messages = []
    for lang in ("en", "zh"):
        sep = "、" if lang == "zh" else ", "
        lacking = sep.join(coverage.named_by_city(missing)[0])
        held = sep.join(coverage.named_by_city(scope.districts)[0])
        own = scope.name_en if lang == "en" and scope.name_en else scope.name
        terms = run.terms.get(lang, {})
        whole = translate("where.city", lang, terms) if scope.level == "city" else own
        if coverage.for_want_of_returns(missing):
            # (a township's return is missing: the district is in the data, all but it)
            several = len({*scope.districts, *missing}) > 1
            townships = townships_named(coverage, missing, lang, several)
            messages.append(translate("uncovered.returns", lang, townships=townships, where=whole))
        elif scope.districts and _its_own(task, scope):
            # the city level's own (a training it holds): no county's figure is part of it
            messages.append(translate(f"uncovered.own{chosen}", lang, held=held))
        elif scope.districts:
            key = f"uncovered.partial{chosen}"
            messages.append(translate(key, lang, held=held, missing=lacking, where=whole))
        else:
            messages.append(translate(f"uncovered.absent{chosen}", lang, missing=lacking))
    parts: tuple[Part, ...] = ()
    if scope.districts and len(scope.districts) <= PARTS_LIMIT and not _its_own(task, scope):
        parts = _parts(task, scope, run, data, on < run.as_of, units=True)
    required: dict[str, Any] = {}
    # what the milestone requires, and in what unit, is the plan's, not the data's: where
    # the data holds none of the scope's districts, a district it holds tells it (a share
    # left "count" read 个 in every report)
    stand_in = scope.districts[:1] or coverage.present[:1]
    if stand_in:
        first = _district_scope(data, stand_in[0])
        measured = run.measure(task, Context(data, first, on, due, 0))
        required = {
            "required": measured.required,
            "comparator": measured.comparator,
            "unit": measured.unit,
        }
    return Result(
        **base,
        **required,
        status=Status.NOT_COVERED,
        measured_on=on,
        message=messages[0],
        message_zh=messages[1],
        seconds=time.perf_counter() - started,
        parts=parts,
    )


def _its_own(task: Task, scope: Scope) -> bool:
    """Whether the result counts what the city holds itself (市本级: a training, a 公益创投 of
    ``held_by = "scope"``): each district's own are not parts of it, and listed beside a 0
    they would read as a sum that does not add up."""
    return scope.level == "city" and getattr(task.params, "held_by", None) == "scope"


def _parts(
    task: Task, scope: Scope, run: Run, data: Dataset, later: bool, *, units: bool = False
) -> tuple[Part, ...]:
    """The figure of each district of ``scope`` on the date its value is measured (and on
    the evaluation date when that is later): what a meeting sends down. Each district's
    own gap is as the result's would be, measured the same way on its units alone (9 more
    organizations for a county's urban communities to reach the city's mean of 15); with
    ``units`` (a result not judged, whose own gap lists none), it lists the district's units
    short where the requirement holds for each unit (:func:`_each_unit`), for its official
    to act on: its townships without a federation where the city's must all have one."""
    due = task.milestone.due
    on = min(due, run.as_of)
    found = []
    for district_id in scope.districts:
        district = _district_scope(data, district_id)

        def measure(day: dt.date, listed: int | None, district: Scope = district) -> Measurement:
            return run.measure(task, Context(data, district, day, due, listed))

        then = measure(on, 0)
        listing = units and _each_unit(then)
        if listing:
            then = measure(on, run.listed)
        now = measure(run.as_of, run.listed if listing else 0) if later else None
        found.append(
            Part(
                district_id,
                district.name,
                then.value,
                then.numerator,
                then.denominator,
                then.met,
                now.value if now is not None else None,
                district.name_en,
                gap=_own_gap(then, on, listing),
                gap_now=_own_gap(now, run.as_of, listing) if now is not None else None,
            )
        )
    return tuple(found)


def _each_unit(measured: Measurement) -> bool:
    """Whether ``measured``'s requirement holds for each of its units: a share of at least
    100% (every township with a federation, every organization registered or managed as
    required), which each unit short falls short of itself. A mean, a count or a share
    below 100% asks it of the whole, where no unit alone falls short."""
    required = measured.required
    return (
        measured.unit == "share"
        and measured.comparator == ">="
        and required is not None
        and required >= 1.0 - _EPSILON
    )


def _own_gap(measured: Measurement, on: dt.date, units: bool) -> Gap | None:
    """A district's own gap inside a result over several (:func:`_gap`), its units listed
    only where ``units`` asks for them (how many fall short is said either way)."""
    found = _gap(measured, on)
    if found is None or units:
        return found
    return attrs.evolve(found, units=())


def evaluate(
    data: Dataset,
    plan: Plan,
    as_of: dt.date | None = None,
    *,
    registry: Registry,
    listed: int | None = None,
    projection: str | None = None,
    target_timeout: float | None = None,
    strict: bool = False,
    districts: Sequence[str] | None = None,
) -> Report:
    """Judge every milestone of ``plan`` against ``data`` as of ``as_of`` (default: today).

    ``registry`` holds the target kinds (:func:`scoplan.evaluate` gives every installed
    plugin's when its caller names none). ``listed`` is how many units each shortfall names
    (default None: all, as ``scoplan evaluate`` does; the total is always given).
    ``projection`` is the method for milestones not yet due, ``linear`` or ``cagr``
    (default: the plan's). Every result carries its value at each
    year-end from the plan's base year up to ``as_of`` or the plan's end. Raises
    :class:`PlanError` when the plan does not fit the target kinds or the data, or ``as_of``
    is outside 1949-10-01 – 2100-12-31 (:mod:`scoplan.limits`); never raises for a failing
    target.

    Each target is called in a worker thread (scoplan's own in two lanes at once, a
    plugin's one at a time and in order: :mod:`scoplan._lanes`); ``target_timeout`` is how
    many seconds each result's target may take (default: the plan's ``target_timeout``, else
    :data:`DEFAULT_TARGET_TIMEOUT`; ``math.inf``: no limit). A target that takes longer
    gets an ``error`` result and is left running in the background (Python cannot stop a
    thread); the run goes on. A ``target_timeout`` that is no number of seconds above 0
    (``"5"``, ``0``, ``True``) is a :class:`PlanError` (``bad_timeout``), as a bad
    ``projection`` is.

    The columns the registry's plugins declare, and the codes they register for open lists,
    are in force throughout (:func:`scoplan.schema.declaring`,
    :func:`scoplan.schema.registering`), so a target's params may name them.

    The report warns of what loading warned of (``data.warnings``; but of a code of an
    open list the plan names, a kind of its own, which its milestones count:
    :mod:`scoplan.plan_codes`); of each optional
    table the delivery did not have (:attr:`Dataset.absent`), and each optional column a
    table lacks, that milestones read, naming them: they counted none of its rows; and of
    data whose latest date is more than a year before ``as_of`` (``stale_data``,
    :mod:`scoplan.data_age`). With ``strict`` each is an error instead
    (:class:`~scoplan.DataError`), as ``load(..., strict=True)`` makes loading's warnings.
    Data that holds some of the plan's districts (a district's own register) is warned of
    once (``partial_data``), never an error: the scopes it leaves uncovered are
    ``not_covered``.

    ``districts`` (a list of names or ids; default None: every district of the plan's area
    the data holds) evaluates those districts alone (:func:`run_coverage`): each by its id,
    its name, or its short name where that names one district (屯溪 for 屯溪区). Their own
    milestones are judged as ever; a milestone of the whole city, of a group or of
    districts some of which are left out is ``not_covered``, and the report warns once
    (``chosen_districts``). A name no district of the plan's area in the data has, or a
    name of several, is a :class:`PlanError`; a single string rather than a list of them
    is a TypeError.

    ``data`` that is no :class:`Dataset` (a path: :func:`scoplan.load` reads it) and a
    ``plan`` that is no :class:`Plan` are TypeErrors that say what is taken.
    """
    if not isinstance(data, Dataset):
        raise TypeError(
            "data must be a Dataset, as scoplan.load(path) gives it (a path is loaded by "
            f"scoplan.load first), not {type(data).__name__}: {_shown(data)}"
        )
    if not isinstance(plan, Plan):
        raise TypeError(
            "plan must be a Plan, as scoplan.load_plan(path) or scoplan.bundled_plan(id) gives "
            f"it, not {type(plan).__name__}: {_shown(plan)}"
        )
    if isinstance(as_of, dt.datetime):  # a date to the type checker: its day
        as_of = as_of.date()
    elif as_of is not None and not isinstance(as_of, dt.date):
        raise TypeError(f"as_of must be a datetime.date, not {type(as_of).__name__}: {as_of!r}")
    if listed is not None and (isinstance(listed, bool) or not isinstance(listed, int)):
        raise TypeError(f"listed must be a whole number or None, not {type(listed).__name__}")
    if listed is not None and listed < 0:
        raise PlanError([Problem("bad_listed", "evaluate", value=str(listed))])
    if target_timeout is not None and (
        isinstance(target_timeout, bool) or not isinstance(target_timeout, numbers.Real)
    ):
        # ("5", a text, is no number of seconds: not compared with 0 as one)
        raise PlanError([Problem("bad_timeout", "evaluate", value=repr(target_timeout))])
    wanted = wanted_districts(districts)
    # the plan's own codes and the names its terms give them in force: a message names them
    codes, titles = plan_vocabulary(plan, registry)
    # data loaded without the plan: its own codes written by their names read as loading reads them
    data = read_as_planned(data, codes, registry)
    with declaring(registry.columns), registering(codes, titles):
        return _evaluate(
            data, plan, as_of, registry, listed, projection, target_timeout, strict, wanted
        )


def _shown(value: object) -> str:
    """``value`` as a message quotes it: its repr, cut short (a table's runs to pages)."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def wanted_districts(districts: Sequence[str] | None) -> tuple[str, ...] | None:
    """``districts`` as :func:`evaluate` takes it: a list (or tuple) of texts, or None; a
    text alone is a TypeError, not the districts its characters would name."""
    if districts is None:
        return None
    if isinstance(districts, str | bytes) or not isinstance(districts, Sequence):
        raise TypeError(
            "districts must be a list of district names or ids, such as ['屯溪区'], "
            f"not {type(districts).__name__}: {districts!r}"
        )
    for name in districts:
        if not isinstance(name, str):
            raise TypeError(
                f"each of districts must be a district's name or id (str), not "
                f"{type(name).__name__}: {name!r}"
            )
    return tuple(districts)


def run_coverage(
    plan: Plan, data: Dataset, districts: Sequence[str] | None = None, source: str = "evaluate"
) -> Coverage:
    """The districts a run of ``plan`` on ``data`` evaluates (:func:`plan_coverage`), or,
    given ``districts``, those of them it names alone
    (:func:`~scoplan.plan_districts.choose_districts`: a :class:`PlanError` naming
    ``source`` for a name none has, or several)."""
    coverage = plan_coverage(plan, data)
    if districts is None:
        return coverage
    every = data.names("districts", data.district_ids())
    cities = data.frame("districts").get_column("city").drop_nulls().unique().to_list()
    return choose_districts(coverage, districts, source, every, cities)


def _evaluate(
    data: Dataset,
    plan: Plan,
    as_of: dt.date | None,
    registry: Registry,
    listed: int | None,
    projection: str | None,
    target_timeout: float | None,
    strict: bool = False,
    districts: Sequence[str] | None = None,
) -> Report:
    if as_of is None:
        as_of = dt.date.today()
    outside = date_problem(as_of, "evaluate")
    if outside is not None:
        raise PlanError([outside])
    coverage = run_coverage(plan, data, districts)
    tasks = prepare(plan, data, registry, coverage)
    if data.dropped:
        from scoplan.plan_columns import columns_read, lacking

        missing = lacking(data.dropped, columns_read(plan, registry))
        if missing:
            where = plan.source or plan.id
            raise PlanError([Problem("columns_not_held", where, value=", ".join(missing))])
    fingerprint = data.fingerprint
    source = DataSource(getattr(data, "origin", ""), getattr(data, "modified", ""), data.size())
    left_out = outside_area(plan, data)
    # the districts of the data outside the area are what the run covers: no fault either
    beyond = [p for p in left_out if p.code == "districts_outside_area"]
    left_out = [p for p in left_out if p.code != "districts_outside_area"]
    stale = [*before_plan(plan.start, plan.end, as_of, plan.source or plan.id)]
    stale += stale_data(data, as_of)
    partial = coverage_warning(
        coverage, named_source(data.origin), whole_area_words(plan), area_words(plan)
    )
    whole = data  # the register as delivered: a column is empty or not in all of it
    data = data.focus(coverage.present)
    method = projection or plan.projection
    if method not in METHODS:
        raise PlanError(
            [
                Problem(
                    "bad_projection",
                    "evaluate",
                    value=method,
                    params={"expected": ", ".join(METHODS)},
                )
            ]
        )
    timeout = target_timeout if target_timeout is not None else plan.target_timeout
    timeout = DEFAULT_TARGET_TIMEOUT if timeout is None else timeout
    if not timeout > 0:
        raise PlanError([Problem("bad_timeout", "evaluate", value=str(timeout))])
    # what each milestone measures, worked out once for all its scopes
    whats = {task.milestone.id: kind_titles(plan, task.kind, task.params) for task in tasks}
    titles = {
        (task.milestone.id, scope.id): milestone_titles(
            plan, task.milestone, task.kind, scope, task.params, whats[task.milestone.id]
        )
        for task in tasks
        for scope in task.scopes
    }
    run = Run(
        as_of,
        year_ends(plan, as_of),
        method,
        listed,
        timeout,
        None,
        titles,
        whats,
        coverage,
        plan_terms(plan),
    )

    lane_runs: dict[int, Run] = {}
    """The run as each lane's runner sees it, made once a lane; the measurements
    (``Run.measured``) shared by all."""

    def judge(job: tuple[Task, Scope], runner: Runner) -> Result:
        task, scope = job
        lane_run = lane_runs.get(id(runner))
        if lane_run is None:
            lane_run = lane_runs.setdefault(id(runner), attrs.evolve(run, runner=runner))
        return _judge(task, scope, lane_run, data)

    jobs = [(task, scope) for task in tasks for scope in task.scopes]
    results = placed(in_lanes(jobs, judge, alone=lambda job: not _ours(job[0])), data)
    absent = [
        *left_out,
        *stale,
        *absent_read(data, results, run),
        *absent_columns(whole, tasks, whats, judged(results)),
        *unrecorded_kinds(whole, tasks, whats, judged(results)),
        *city_level_read(plan, data, tasks, run),
    ]
    if strict and absent:
        raise DataError([attrs.evolve(problem, severity="error") for problem in absent])
    # a code of an open list the plan names (a kind of its own) is known for this run: data
    # loaded without the plan was warned of it, and its rows are counted all the same
    named = codes_named(task.params for task in tasks)
    # what the run covers is no fault of the data: said, and not an error with strict
    absent = [*([partial] if partial is not None else []), *beyond, *absent]
    return Report(
        plan_id=plan.id,
        plan_title=plan.title,
        plan_title_en=plan.title_en,
        plan_issued_by=plan.issued_by,
        plan_version=plan.version,
        as_of=as_of,
        scoplan_version=version(),
        fingerprint=fingerprint,
        results=tuple(results),
        plugins=tuple(PluginRef(p.name, p.distribution, p.version) for p in registry.plugins),
        projection_method=method,
        # a plan that sets no method has the default's: not said to be the plan's choice
        projection_chosen_by=(
            "run" if projection else "plan" if plan.projection != DEFAULT_PROJECTION else "default"
        ),
        source=source,
        districts=tuple(
            ChosenDistrict(d, coverage.names.get(d, d), _names_en(whole).get(d, ""))
            for d in sorted(coverage.present)
        )
        if coverage.chosen
        else (),
        terms=report_terms(plan, [task.kind for task in tasks], registry.code_titles),
        run_errors=tuple(
            RunError(p.code, masked(p.source), describe_problem(p, "en"), describe_problem(p, "zh"))
            for p in registry.failures
        ),
        warnings=tuple(
            DataWarning(
                p.code,
                p.source,
                describe_problem(p, "en"),
                describe_problem(p, "zh"),
                table=p.table,
                row=p.row if p.row is not None else p.index,
                column=p.column,
                value=p.value,
            )
            for p in [*known_to_plan(data.warnings, named), *absent]
        ),
    )


def named_source(origin: str) -> str:
    """The data as a warning about all of it names it: the folder's or the file's own name
    (屯溪区台账), not its path; a database URL by its file or database, its password masked."""
    from pathlib import PurePath

    shown = masked(origin) if origin else ""
    return PurePath(shown).name or shown or "-"


def absent_read(data: Dataset, results: Sequence[Result], run: Run) -> list[Problem]:
    """A warning for each optional table the delivery did not have (:attr:`Dataset.absent`)
    that some milestone read, naming those milestones: they counted none of its rows, and
    a reader should not take a 0 from a table nobody gave for a 0 the bureau reported."""
    problems: list[Problem] = []
    for table in data.absent:
        zh = TABLES_BY_NAME[table].alias
        readers: dict[str, tuple[str, str]] = {}
        for result in results:
            if table in run.tables.get(("result", result.milestone, result.scope.id), ()):
                titles = (result.target_title, result.target_title_en)
                readers.setdefault(result.milestone, run.whats.get(result.milestone, titles))
        if not readers:
            continue
        # what each measures, once: a plan's milestones for 2021, 2022 and 2023 measure alike
        whats = list(dict.fromkeys(readers.values()))
        params = {
            "table_zh": zh,
            "count": len(readers),
            "milestones": "; ".join(en for _, en in whats),
            "milestones_zh": "、".join(f"“{zh}”" for zh, _ in whats),
        }
        where = data.origin or "-"
        warning = Problem("absent_table", where, table=table, params=params, severity=WARNING)
        problems.append(warning)
    return problems


def city_level_read(plan: Plan, data: Dataset, tasks: Sequence[Task], run: Run) -> list[Problem]:
    """One warning when a plan of one county (:func:`own_level`) is run on data with
    events filed at the city level (``city``, 市本级, the city's code) that a milestone of
    its whole area counting the area's own (a ``held_by`` of its params) would have counted
    were its own level the city's: its own level is the county's, and those rows, not
    counted, would otherwise vanish unsaid. Names the milestones, counts the rows and names
    them as other warnings of rows do (``第12、15行`` of the file or sheet they were read
    from: :func:`_events_named`), and says the code the county's own rows are written with.
    ``scoplan check --plan`` says it too (:func:`city_level_for_plan`)."""
    own = own_level(plan)
    if CITY in own:
        return []
    events = data.frame("events")
    city_rows = set(events.filter(pl.col("unit_id") == CITY).get_column("id").to_list())
    if not city_rows:
        return []
    readers: dict[str, tuple[str, str]] = {}
    found: set[str] = set()
    for task in tasks:
        if getattr(task.params, "held_by", None) is None:
            continue
        due = task.milestone.due
        for scope in task.scopes:
            if scope.level != "city" or not scope.districts:
                continue
            # what it would have counted were its own level the city's: the rows it lists
            as_city = attrs.evolve(scope, own=(CITY,))
            try:
                measured = run.measure(task, Context(data, as_city, min(due, run.as_of), due, 0))
            except Exception:  # its own result says what went wrong
                continue
            listed = {
                str(item)
                for value in measured.details.values()
                if isinstance(value, list)
                for item in value
            }
            if listed & city_rows:
                found |= listed & city_rows
                readers.setdefault(task.milestone.id, run.whats[task.milestone.id])
    if not readers:
        return []
    whats = list(dict.fromkeys(readers.values()))
    terms = plan_terms(plan)
    # named as the plan names it, else by its official name (城口县 for 500229), not its code
    area = area_name(plan.area.code_prefix, "", (), plan.area.name) or own[0]
    params = {
        "count": len(found),
        "code": own[0],
        "area": plan.area.name_en or area,
        "area_zh": area,
        "own": terms.get("en", {}).get("scope.city", "own level"),
        "own_zh": terms.get("zh", {}).get("scope.city", "本级"),
        "milestones": "; ".join(en for _, en in whats),
        "milestones_zh": "、".join(f"“{zh}”" for zh, _ in whats),
    }
    named, where = _events_named(data, found)
    header = data.header("events", "unit_id")  # 所属单位, as the user wrote it
    row, index = where.get("row"), where.get("index")
    return [
        Problem(
            "city_level_in_county",
            data.source("events") or named_source(data.origin),
            table="events",
            row=row,
            index=index,
            column="unit_id" if where else None,
            params={**params, **named, **({"header": header} if header and where else {})},
            severity=WARNING,
        )
    ]


def _events_named(data: Dataset, ids: Collection[str]) -> tuple[dict[str, str], dict[str, int]]:
    """The rows of events of ``ids`` as a warning about them names them: their rows where
    loading kept them (``rows``: ``12, 15``, ``rows_zh``: ``第12、15行``; the items of a JSON
    list, ``第0、1项``; in English ``rows 12, 15``), the first of them the warning's place
    (its ``row`` or ``index``);
    else, data made in Python, their ids (``ids E1, E2``, ``编号E1、E2``)."""
    from scoplan.warning_checks import ROWS_NAMED

    places = data.places("events")
    found = places.filter(pl.col("id").is_in(list(ids))) if places is not None else None
    more = "" if len(ids) <= ROWS_NAMED else " …"
    if found is None or found.is_empty():
        named = sorted(ids)[:ROWS_NAMED]
        return {
            "rows": f"ids {', '.join(named)}{more}",
            "rows_zh": f"编号{'、'.join(named)}{more}",
        }, {}
    indexed = found.get_column("row").is_null().all()
    key, word, words = ("index", "项", "items") if indexed else ("row", "行", "rows")
    numbers = sorted({n for n in found.get_column(key).to_list() if n is not None})
    shown = [str(n) for n in numbers[:ROWS_NAMED]]
    said = {
        "rows": f"{words} {', '.join(shown)}{more}",
        "rows_zh": f"第{'、'.join(shown)}{more}{word}",
    }
    return said, ({key: numbers[0]} if numbers else {})


def city_level_for_plan(plan: Plan, data: Dataset, registry: Registry) -> list[Problem]:
    """The warning :func:`city_level_read` gives of ``plan`` on ``data`` as an evaluation of
    it today gives it: ``scoplan check --plan`` says it too. Of scoplan's own targets alone
    (a check runs no plugin's measure); none while the plan has mistakes (the check says
    those instead)."""
    if CITY in own_level(plan):
        return []
    codes, titles = plan_vocabulary(plan, registry)
    with declaring(registry.columns), registering(codes, titles):
        try:
            tasks = [task for task in prepare(plan, data, registry) if _ours(task)]
        except PlanError:
            return []
        as_of = dt.date.today()
        whats = {task.milestone.id: kind_titles(plan, task.kind, task.params) for task in tasks}
        run = Run(as_of, year_ends(plan, as_of), plan.projection, None, whats=whats)
        return city_level_read(plan, data, tasks, run)


def judged(results: Sequence[Result]) -> frozenset[str]:
    """The milestones some result of which the run judged: one the run does not cover
    (``not_covered``: a scope of districts left out, the whole city of a district's
    register) or whose target failed (``error``) counted nothing."""
    skipped = (Status.NOT_COVERED, Status.ERROR)
    return frozenset(r.milestone for r in results if r.status not in skipped)


def absent_columns(
    data: Dataset,
    tasks: Sequence[Task],
    whats: Mapping[str, tuple[str, str]],
    judged: Collection[str] | None = None,
) -> list[Problem]:
    """A warning for each optional column that a table of the delivery lacks (its header
    written otherwise: 组织类型 for 类别), or has with no cell filled in, and some milestone
    reads, naming those milestones: they counted the column as empty. Not for 登记状态,
    which the data's own warning tells of (:func:`scoplan.warning_checks.find_warnings`).

    ``data`` is the register as delivered, not a run's focus on its districts: a column
    filled in for the districts the run leaves out is not empty. Given ``judged``
    (:func:`judged`), only those milestones are named: one left ``not_covered`` counted
    nothing, and a column no judged milestone reads is not warned of."""
    readers = [
        (task.milestone.id, task.kind, task.params)
        for task in tasks
        if judged is None or task.milestone.id in judged
    ]

    def read(table: str) -> bool:  # given, and read from a source
        return table not in data.absent and data.header(table, "id") is not None

    def empty(table: str, column: str) -> bool:
        return all_empty(data.frame(table), column)

    return lacking_columns(readers, whats, read, data.header, data.source, data.origin, empty)


LEVEL_ORDER = ("city", "district", "township", "community")
"""The levels of the units a row may be of (its ``unit_id``), from the top."""


def unrecorded_for_plan(plan: Plan, data: Dataset, registry: Registry) -> list[Problem]:
    """The warnings :func:`unrecorded_kinds` gives of every milestone of ``plan`` on
    ``data``, as an evaluation of it gives them: ``scoplan check --plan`` says them too.
    None while the plan has mistakes (the check says those instead)."""
    codes, titles = plan_vocabulary(plan, registry)
    with declaring(registry.columns), registering(codes, titles):
        try:
            tasks = prepare(plan, data, registry)
        except PlanError:
            return []
        whats = {task.milestone.id: kind_titles(plan, task.kind, task.params) for task in tasks}
        return unrecorded_kinds(data, tasks, whats)


def unrecorded_kinds(
    data: Dataset,
    tasks: Sequence[Task],
    whats: Mapping[str, tuple[str, str]],
    judged: Collection[str] | None = None,
) -> list[Problem]:
    """A warning for each kind of rows some milestone counts
    (:attr:`~scoplan.target.TargetKind.counts`: 工作方案 of 平台与制度, a township's own
    service centre) that not one row of its table is, anywhere in the data, on any date:
    each such milestone says 0 (0.0% of townships) of a kind nobody recorded, which an
    official reads as none there. Once for each kind, naming the milestones; of a kind
    recorded at other levels only (service centres of the districts, none of a township),
    saying at which. Not for a table the delivery did not have (``absent_table`` says so),
    nor for one with a header and no row: the bureau says it has none of any kind.

    ``data`` is the register as delivered, not a run's focus on its districts. Given
    ``judged`` (:func:`judged`), only those milestones are named."""
    from scoplan.plan_columns import kind_counted

    wanted: dict[tuple[str, str, str], dict[str | None, dict[str, tuple[str, str]]]] = {}
    for task in tasks:
        if judged is not None and task.milestone.id not in judged:
            continue
        for counted in kind_counted(task.kind, task.params):
            key = (counted.table, counted.column, counted.code)
            what = whats.get(task.milestone.id, (task.milestone.id, task.milestone.id))
            wanted.setdefault(key, {}).setdefault(counted.level, {})[task.milestone.id] = what
    present = data.size()
    problems = []
    for (table, column, code), levels in wanted.items():
        if table in data.absent or table not in present:
            continue
        frame = data.frame(table)
        if frame.is_empty() or column not in frame.columns:
            continue  # a table with no row is the bureau saying it has none of any kind
        rows = frame.filter(_holds(frame, column, code))
        found = _levels(data, rows)
        if rows.is_empty():
            readers = {m: w for milestones in levels.values() for m, w in milestones.items()}
            problems.append(_unrecorded(data, table, column, code, None, readers, {}))
            continue
        for level, readers in levels.items():
            if level is not None and found and not found.get(level):
                problems.append(_unrecorded(data, table, column, code, level, readers, found))
    return problems


def _holds(frame: pl.DataFrame, column: str, code: str) -> pl.Expr:
    """Whether a row's ``column`` holds ``code`` (one of a list's codes, for a list)."""
    if isinstance(frame.schema[column], pl.List):
        return pl.col(column).list.contains(code).fill_null(False)
    return (pl.col(column) == code).fill_null(False)


def _levels(data: Dataset, rows: pl.DataFrame) -> dict[str, int]:
    """How many of ``rows`` are of units of each level, by their ``unit_id``."""
    if "unit_id" not in rows.columns:
        return {}
    units = rows.get_column("unit_id").drop_nulls().to_list()
    found: dict[str, int] = {}
    for level, table in zip(
        LEVEL_ORDER, (None, "districts", "townships", "communities"), strict=True
    ):
        if table is None:
            ids: set[str] = {CITY}
        elif table in data.size():
            ids = set(data.frame(table).get_column("id").to_list())
        else:
            continue
        count = sum(1 for unit in units if unit in ids)
        if count:
            found[level] = count
    return found


def _unrecorded(
    data: Dataset,
    table: str,
    column: str,
    code: str,
    level: str | None,
    readers: Mapping[str, tuple[str, str]],
    found: Mapping[str, int],
) -> Problem:
    """The warning of :func:`unrecorded_kinds` of ``code`` (at ``level``, where rows of it
    are ``found`` at other levels only)."""
    from scoplan.schema import registered_codes, registered_title

    known = TABLES_BY_NAME[table]
    codes = {**(known.column(column).codes or {}), **registered_codes().get((table, column), {})}
    aliases = codes.get(code) or ()
    written = aliases[0] if aliases else registered_title(table, column, code, "zh") or code
    key = f"{table.removesuffix('s')}.{code}"
    # a plugin's or the plan's own code by its English title; DATA.md's by the catalogue's
    named = registered_title(table, column, code, "en") or (
        translate(key, "en") if key in CATALOGUES["en"] else ""
    )
    said = list(dict.fromkeys(readers.values()))
    params: dict[str, object] = {
        "table_zh": known.alias,
        "kind": f"{code} ({named}, {written})" if named and named != code else code,
        "kind_zh": written,
        # the column as the user's header wrote it (类型), not by its name
        "header": data.header(table, column) or known.column(column).alias,
        "count": len(readers),
        "milestones": "; ".join(en for _, en in said),
        "milestones_zh": "、".join(f"“{zh}”" for zh, _ in said),
    }
    problem = "kind_unrecorded"
    if level is not None:
        problem = "kind_unrecorded_at_level"
        others = [other for other in LEVEL_ORDER if found.get(other)]
        params |= {
            "level": translate(f"level.{level}", "en"),
            "level_zh": translate(f"level.{level}", "zh"),
            "rows": sum(found.values()),
            "levels": " or ".join(translate(f"level.{other}", "en") for other in others),
            "levels_zh": "或".join(translate(f"level.{other}", "zh") for other in others),
        }
    where = data.source(table) or data.origin or "-"
    # the value as the column would be written (工作方案), not the code: a report's table of
    # warnings shows it to an official
    return Problem(
        problem, where, table=table, column=column, value=written, params=params, severity=WARNING
    )


def all_empty(frame: pl.DataFrame, column: str) -> bool:
    """Whether ``frame`` has rows and ``column``, and not one of its cells is filled in: each
    is empty (none, an empty list, blank text)."""
    if frame.is_empty() or column not in frame.columns:
        return False
    cells = frame.get_column(column)
    if isinstance(cells.dtype, pl.List):
        return bool((cells.list.len().fill_null(0) == 0).all())
    if cells.dtype == pl.String:
        return bool(cells.str.strip_chars().fill_null("").eq("").all())
    return cells.null_count() == cells.len()


def lacking_columns(
    readers: Sequence[tuple[str, TargetKind, Any]],
    whats: Mapping[str, tuple[str, str]],
    read: Callable[[str], bool],
    header: Callable[[str, str], str | None],
    source: Callable[[str], str | None],
    origin: str,
    empty: Callable[[str, str], bool],
    mapped: Callable[[str, str], tuple[str, str] | None] = lambda table, column: None,
) -> list[Problem]:
    """:func:`absent_columns` of the milestones ``readers`` (id, kind, params), the tables
    ``read`` tells were read from a source, ``header`` giving a column's header as written
    (None where the table lacks it), ``source`` a table's file or sheet and ``empty``
    whether a column the table has is empty in every row: what a check of the raw tables
    (``scoplan check --plan``) tells as an evaluation would. ``mapped``: the column a
    database's mapping file names for one the table lacks, and the file (``zxrq``,
    ``mapping.toml``), which the warning names; None where no mapping names it."""
    from scoplan.plan_columns import kind_columns

    found: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    for milestone, kind, params in readers:
        for name in sorted(kind_columns(kind, params) or ()):
            table, _, column = name.partition(".")
            known = TABLES_BY_NAME.get(table)
            if known is None or not read(table):
                continue  # a table not given, or not read from a source
            optional = any(c.name == column and not c.required for c in known.columns)
            if not optional or column == "registration":
                continue
            if header(table, column) is None or empty(table, column):
                found.setdefault((table, column), {})[milestone] = whats.get(
                    milestone, (milestone, milestone)
                )
    problems = []
    for (table, column), milestones in found.items():
        known = TABLES_BY_NAME[table]
        alias = next(c.alias for c in known.columns if c.name == column)
        said = list(dict.fromkeys(milestones.values()))
        params = {
            "name": column,
            "name_zh": alias,
            "table_zh": known.alias,
            "count": len(milestones),
            "milestones": "; ".join(en for _, en in said),
            "milestones_zh": "、".join(f"“{zh}”" for zh, _ in said),
        }
        where = source(table) or origin or "-"
        written = header(table, column)
        if written is None:
            code = "absent_column"
            given = mapped(table, column)
            if given is not None:  # the fix is the mapping, or the database's column
                code = "absent_column_unmapped"
                params |= {"column": given[0], "mapping": given[1]}
            problems.append(Problem(code, where, table=table, params=params, severity=WARNING))
            continue
        # a column the table has, left empty in every row (a template's column never filled)
        params["header"] = written
        problems.append(
            Problem(
                "empty_column", where, table=table, column=column, params=params, severity=WARNING
            )
        )
    return problems


def report_terms(
    plan: Plan,
    kinds: Sequence[TargetKind],
    titles: Mapping[tuple[str, str, str], tuple[str, str]] | None = None,
) -> Mapping[str, Mapping[str, str]]:
    """The plan's own words, with the nouns the target kinds register (``noun.funds`` in
    Chinese and English) and the titles plugins give the establishment and event kinds they
    register (``establishment.hub`` = 枢纽型社会组织: ``titles``, ``Registry.code_titles``)
    where the plan does not name them: a report carries them, so that it reads the same when
    it is rendered again from its JSON."""
    nouns: dict[str, Text] = {}
    for kind in kinds:
        for name, text in kind.nouns.items():
            nouns.setdefault(f"noun.{name}", text)
    for (table, column, code), (zh, en) in (titles or {}).items():
        if table in ("establishments", "events") and column == "kind":
            nouns.setdefault(f"{table[:-1]}.{code}", Text(zh, en or zh))
    if not nouns:
        return plan_terms(plan)
    terms = {lang: dict(words) for lang, words in plan_terms(plan).items()}
    for lang in LANGUAGES:
        own = terms.setdefault(lang, {})
        for key, text in nouns.items():
            own.setdefault(key, text.get(lang))
    return terms


def placed(results: Sequence[Result], data: Dataset) -> list[Result]:
    """The results with each short unit placed: its district and township (and an
    organization's community) named, looked up once for every unit of the run."""
    wanted: dict[str, set[str]] = {}
    for result in results:
        gaps = [result.gap, result.gap_now]
        gaps += [gap for part in result.parts for gap in (part.gap, part.gap_now)]
        for gap in gaps:
            for unit in gap.units if gap is not None else ():
                wanted.setdefault(unit.level, set()).add(unit.id)
    if not wanted:
        return list(results)
    places = _places(data, wanted)

    def place(gap: Gap | None) -> Gap | None:
        if gap is None or not gap.units:
            return gap
        units = tuple(
            attrs.evolve(u, **_fields(places.get((u.level, u.id), {}))) for u in gap.units
        )
        return attrs.evolve(gap, units=units)

    def placed_parts(parts: tuple[Part, ...]) -> tuple[Part, ...]:
        return tuple(
            attrs.evolve(part, gap=place(part.gap), gap_now=place(part.gap_now)) for part in parts
        )

    return [
        attrs.evolve(
            result,
            gap=place(result.gap),
            gap_now=place(result.gap_now),
            parts=placed_parts(result.parts),
        )
        for result in results
    ]


def _fields(place: Mapping[str, str]) -> dict[str, Any]:
    return dict(place)


def _places(data: Dataset, wanted: Mapping[str, set[str]]) -> dict[tuple[str, str], dict[str, str]]:
    """Where each wanted unit (by level and id) lies: district, township, community."""
    import polars as pl

    def rows(table: str, ids: set[str], *columns: str) -> list[tuple[Any, ...]]:
        frame = data.frame(table)
        if not ids or any(c not in frame.columns for c in ("id", *columns)):
            return []
        return frame.filter(pl.col("id").is_in(sorted(ids))).select("id", *columns).rows()

    communities = dict.fromkeys(wanted.get("community", ()), "")
    organization_of: dict[str, str] = {}
    for oid, community_id in rows(
        "organizations", set(wanted.get("organization", ())), "community_id"
    ):
        organization_of[oid] = community_id or ""
        communities[community_id or ""] = ""
    community_rows = {
        cid: (name or "", tid or "")
        for cid, name, tid in rows("communities", set(communities) - {""}, "name", "township_id")
    }
    townships = set(wanted.get("township", ())) | {t for _, t in community_rows.values()}
    township_rows = {
        tid: (name or "", did or "")
        for tid, name, did in rows("townships", townships - {""}, "name", "district_id")
    }
    districts = set(wanted.get("district", ())) | {d for _, d in township_rows.values()}
    district_names = data.names("districts", sorted(districts - {""}))

    def at_township(tid: str) -> dict[str, str]:
        name, did = township_rows.get(tid, ("", ""))
        return {
            "township_id": tid,
            "township": name,
            "district_id": did,
            "district": district_names.get(did, ""),
        }

    def at_community(cid: str) -> dict[str, str]:
        name, tid = community_rows.get(cid, ("", ""))
        return {"community_id": cid, "community": name, **(at_township(tid) if tid else {})}

    places: dict[tuple[str, str], dict[str, str]] = {}
    for did in wanted.get("district", ()):
        places["district", did] = {"district_id": did, "district": district_names.get(did, "")}
    for tid in wanted.get("township", ()):
        places["township", tid] = at_township(tid)
    for cid in wanted.get("community", ()):
        found = at_community(cid)
        found.pop("community_id", None)
        found.pop("community", None)
        places["community", cid] = found
    for oid, cid in organization_of.items():
        places["organization", oid] = at_community(cid) if cid else {}
    return places
