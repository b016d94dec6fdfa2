"""Typing and checking raw tables: every problem at once, or a Dataset.

Each column of DATA.md is parsed in one vectorised pass (dates, booleans, codes, lists);
a cell that does not parse becomes a :class:`Problem` naming its row, column and value.
(Typing a column is :mod:`scoplan.cell_typing`'s, which the loaders' fast path shares; the
raw tables come through the loader contract, :mod:`scoplan.loaders.contract`.)
Then ids are checked for duplicates, references for their targets, and date pairs for
their order. Nothing is evaluated on data with problems: :func:`check_tables` raises one
:class:`DataError` carrying all of them.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import PurePath
from typing import Any

import attrs
import polars as pl

from scoplan._display import masked
from scoplan._exceptions import ERROR, WARNING, DataError, Problem
from scoplan.cell_typing import _cell_problems, _locate, _parse_column, grouping, listed
from scoplan.dataset import PLACED, Dataset, absent
from scoplan.divisions import autonomous_short_names, core_name
from scoplan.loaders.contract import ROW, TWIN_KEY, RawTable
from scoplan.model import CITY
from scoplan.schema import CITY_ALIASES, HIERARCHY, TABLES, TABLES_BY_NAME, Column, Table, declaring
from scoplan.spreadsheet_slips import (
    WHOLE_TOTAL,
    hidden_by_damage,
    scientific_codes,
    without_float_codes,
    without_total_rows,
    without_wrapped_codes,
)
from scoplan.warning_checks import ExtraCodes, find_warnings, unknown_codes

REQUIRED_TABLES = ("districts", "townships", "communities", "organizations")


@attrs.frozen
class OwnLevel:
    """The own level of a plan whose area is one county (县本级): the county's ``id``, the
    ``word`` the plan says that level with (县本级) and the ``words`` a bureau writes for it
    in a unit's cell (县本级, 全县, 县级, 本县), which are that county, as 市本级 is the city."""

    id: str
    word: str
    words: tuple[str, ...]

    @property
    def organs(self) -> frozenset[str]:
        """What the county's organs are named after (县 of 县民政局, 本县 of 本县民政局)."""
        bare = self.word.removesuffix("本级")
        return frozenset({bare, f"本{bare}", *self.words}) - {""}


_OWN_LEVEL: contextvars.ContextVar[OwnLevel | None] = contextvars.ContextVar(
    "scoplan_own_level", default=None
)
"""The own level of the plan the tables are checked for (:class:`OwnLevel`), if any."""


def _locate_header(raw: RawTable) -> dict[str, Any]:
    # a database table has no header row to point at
    if raw.numbering == "row":
        return {"row": raw.header_row}
    return {"index": 0} if raw.numbering == "index" else {}


def _chinese_headers(raw: RawTable) -> bool:
    """Whether the table's headers are written in Chinese (any of them)."""
    return any(
        "\u4e00" <= character <= "\u9fff" for header in raw.headers.values() for character in header
    )


def _type_table(table: Table, raw: RawTable) -> tuple[pl.DataFrame, list[Problem]]:
    frame = raw.frame
    problems: list[Problem] = []
    exprs: list[pl.Expr] = []
    for column in table.columns:
        if raw.typed and column.name in frame.columns:
            exprs.append(pl.col(column.name))
            continue
        if column.name in raw.left_out:  # checked as it was read, and not held
            continue
        if column.name not in frame.columns:
            if column.required:
                problems.append(
                    Problem(
                        "missing_column",
                        raw.source,
                        table=table.name,
                        column=column.name,
                        # named as the file names its columns: in Chinese beside Chinese headers
                        params={"header": column.alias} if _chinese_headers(raw) else {},
                        **_locate_header(raw),
                    )
                )
            exprs.append(absent(column))
            continue
        expr, found = _parse_column(raw, frame, column)
        problems += found
        exprs.append(expr)
    known = {c.name for c in table.columns} | {ROW}
    extras = [
        pl.col(c) if c == TWIN_KEY else pl.col(c).str.strip_chars()
        for c in frame.columns
        if c not in known
    ]
    typed = frame.select(ROW, *exprs, *extras)
    if table.dates is not None:
        start, end = table.dates
        mask = (
            pl.col(end).is_not_null() & pl.col(start).is_not_null() & (pl.col(end) < pl.col(start))
        )
        shown, more = listed(raw, typed.filter(mask).select(ROW, start, end), end)
        for row, start_value, end_value in shown.iter_rows():
            problems.append(
                Problem(
                    "date_order",
                    raw.source,
                    table=table.name,
                    column=end,
                    value=end_value.isoformat(),
                    params={"other": start, "other_value": start_value.isoformat()},
                    **_locate(raw, row),
                )
            )
        problems += more
    return typed, problems


def _duplicate_ids(raw: RawTable, frame: pl.DataFrame) -> list[Problem]:
    # hashes first: all distinct is the common case, and a few times cheaper to establish
    # (two ids of one hash only send the table the exact way)
    given = pl.col("id").drop_nulls()
    if frame.select(given.hash(0).n_unique() == given.len()).item():
        return []
    ids = frame.select(ROW, "id").drop_nulls("id")
    first = ids.group_by("id").agg(pl.col(ROW).min().alias("__first"))
    dup = ids.join(first, on="id").filter(pl.col(ROW) != pl.col("__first")).sort(ROW)
    shown, more = listed(raw, dup.select(ROW, "id", "__first"), "id")
    return [
        Problem(
            "duplicate_id",
            raw.source,
            table=raw.name,
            column="id",
            value=value,
            params={"first_row": first_row},
            **_locate(raw, row),
        )
        for row, value, first_row in shown.iter_rows()
    ] + more


def _case_collisions(raw: RawTable, frame: pl.DataFrame) -> list[Problem]:
    """Ids of one table that differ only in case (``d1`` beside ``D1``).

    They are two units to scoplan and one to most readers, and a reference typed in the
    other case goes silently to the other one: each is reported. Ids without a lowercase
    letter (official codes, ``ORG0001``) cannot collide, and cost one cheap scan.
    """
    ids = frame.get_column("id").drop_nulls()
    if not ids.str.contains(r"\p{Ll}").any():
        return []
    unique = (
        frame.select(ROW, "id")
        .drop_nulls("id")
        .group_by("id")
        .agg(pl.col(ROW).min())
        .with_columns(pl.col("id").str.to_lowercase().alias("__folded"))
    )
    clash = unique.filter(pl.col("__folded").is_duplicated()).sort(ROW)
    if clash.is_empty():
        return []
    first = clash.group_by("__folded", maintain_order=True).agg(
        pl.col("id").first().alias("__first")
    )
    later = clash.join(first, on="__folded").filter(pl.col("id") != pl.col("__first")).sort(ROW)
    shown, more = listed(raw, later.select(ROW, "id", "__first"), "id")
    return [
        Problem(
            "case_collision",
            raw.source,
            table=raw.name,
            column="id",
            value=value,
            params={"other": other},
            **_locate(raw, row),
        )
        for row, value, other in shown.iter_rows()
    ] + more


def _in_other_case(problems: list[Problem], pool: pl.Series) -> list[Problem]:
    """Unknown references that name an id of ``pool`` in another case, said so."""
    wanted = {p.value.lower() for p in problems if p.code == "unknown_ref" and p.value}
    if not wanted or pool.is_empty():
        return problems
    found = pool.filter(pool.str.to_lowercase().is_in(list(wanted))).unique().sort()
    spellings: dict[str, list[str]] = {}
    for value in found.to_list():
        spellings.setdefault(value.lower(), []).append(value)
    out: list[Problem] = []
    for problem in problems:
        value = problem.value or ""
        others = [o for o in spellings.get(value.lower(), []) if o != value]
        if problem.code == "unknown_ref" and others:
            params = {**problem.params, "other": others[0]}
            problem = attrs.evolve(problem, code="unknown_ref_case", params=params)
        out.append(problem)
    return out


def _leading_zeros(problems: list[Problem], pool: pl.Series) -> list[Problem]:
    """Unknown references of digits that are an id of ``pool`` but for zeros before them,
    said so, with that id (``other``): 02969 where the organization's id is 2969 (its ids
    typed as numbers, whose zeros Excel drops: ``ids_lost_zeros``), or 2969 where it is
    02969 (the references typed so: ``ref_lost_zeros``)."""
    wanted = {
        (p.value or "").lstrip("0")
        for p in problems
        if p.code == "unknown_ref" and p.value and p.value.isdigit()
    }
    wanted.discard("")
    if not wanted or pool.is_empty():
        return problems
    digits = pool.filter(pool.str.contains(r"^[0-9]+$"))
    found = digits.filter(digits.str.strip_chars_start("0").is_in(list(wanted)))
    spellings: dict[str, list[str]] = {}
    for value in found.unique().sort().to_list():
        spellings.setdefault(value.lstrip("0"), []).append(value)
    out: list[Problem] = []
    for problem in problems:
        value = problem.value or ""
        if problem.code != "unknown_ref" or not value.isdigit():
            out.append(problem)
            continue
        others = [o for o in spellings.get(value.lstrip("0"), []) if o != value]
        if len(others) == 1:
            other = others[0]
            code = "ids_lost_zeros" if len(other) < len(value) else "ref_lost_zeros"
            problem = attrs.evolve(problem, code=code, params={**problem.params, "other": other})
        out.append(problem)
    return out


def _references(
    raws: Mapping[str, RawTable],
    frames: Mapping[str, pl.DataFrame],
    ids: Mapping[str, pl.Series] | None = None,
    missing: Iterable[str] = (),
) -> list[Problem]:
    problems: list[Problem] = []
    if ids is None:
        ids = {name: frames[name].get_column("id").drop_nulls() for name in frames}
    # a table missing or with rows lost (a file cut short…) is reported already; a
    # reference into it may be to a lost row, and is not reported too
    incomplete = {name for name, raw in raws.items() if not raw.complete} | set(missing)
    for table in TABLES:
        if table.name not in frames:
            continue
        frame = frames[table.name]
        raw = raws[table.name]
        for column in table.columns:
            if not column.ref or column.name not in frame.columns:
                continue
            if incomplete & set(column.ref):
                continue
            pools = [ids[t] for t in column.ref if t in ids]
            pool = pl.concat(pools) if pools else pl.Series([], dtype=pl.String)
            if table.name == "federations":
                values = frame.get_column(column.name).drop_nulls().unique()

                def present(tables: Sequence[str], values: pl.Series = values) -> pl.Series:
                    # the referenced ids that are used: cheap when either side is small
                    pools = [
                        ids[t].filter(ids[t].is_in(values.implode())) for t in tables if t in ids
                    ]
                    return pl.concat(pools) if pools else pl.Series([], dtype=pl.String)

                valid = (
                    (
                        (pl.col("level") == "township")
                        & pl.col(column.name).is_in(present(["townships"]).implode())
                    )
                    | (
                        (pl.col("level") == "community")
                        & pl.col(column.name).is_in(present(["communities"]).implode())
                    )
                    | pl.col("level").is_null()
                )
                expected = "townships / communities (by level)"
            else:
                # one anti-join over the column: no distinct values of millions of cells first
                lacking = (
                    frame.lazy()
                    .select(column.name)
                    .drop_nulls()
                    .join(pool.alias(column.name).to_frame().lazy(), on=column.name, how="anti")
                )
                if CITY in column.ref:
                    lacking = lacking.filter(pl.col(column.name) != CITY)
                if lacking.limit(1).collect().is_empty():
                    continue  # every value used is there: no row to look at
                valid = pl.col(column.name).is_in(pool.implode())
                if CITY in column.ref:
                    valid = valid | (pl.col(column.name) == CITY)
                expected = " / ".join(column.ref)
            expected_zh = _in_chinese(expected)
            mask = pl.col(column.name).is_not_null() & ~valid
            rounded: list[Problem] = []
            if table.name != "federations":
                named = {"expected": expected, "expected_zh": expected_zh}
                cells, rounded = _rounded_codes(raw, frame, column, mask, ids, named)
                mask = mask & ~cells
            unknown = _cell_problems(
                raw,
                frame,
                mask,
                "unknown_ref",
                column.name,
                expected=expected,
                expected_zh=expected_zh,
            )
            if unknown and table.name == "federations":
                unknown = _of_the_other_level(unknown, ids)
                unknown = _named_by_the_row(unknown, frame, frames)
                unknown = _by_level(unknown, frame, ids, frames)
            elif unknown:
                unknown = _in_other_case(unknown, pool)
                unknown = _leading_zeros(unknown, pool)
                unknown = _names_for_ids(unknown, [frames[t] for t in column.ref if t in frames])
                unknown = _of_another_table(unknown, frames, column.ref)
                unknown = _one_digit_off(unknown, frame, frames, column.ref)
                unknown = _of_other_districts(unknown, frame, frames, column.ref)
                if CITY in column.ref:
                    unknown = _organs(unknown, frames, column.ref)
            if CITY in column.ref:
                # say how the city level is written, too
                tables = " / ".join(t for t in column.ref if t != CITY)
                named = {"expected": tables, "expected_zh": _in_chinese(tables)}
                districts = frames.get("districts")
                own = _OWN_LEVEL.get()
                if own is not None:
                    # how the county's own level is written, in the plan's word (县本级)
                    named = {**named, "level": own.word, "id": own.id}
                unknown = [
                    attrs.evolve(
                        p,
                        code="unknown_unit" if own is None else "unknown_unit_own_level",
                        params={**p.params, **named, **_why_not_city(p.value, districts)},
                    )
                    if p.code == "unknown_ref"
                    else attrs.evolve(p, params={**p.params, **named})
                    if p.code.startswith(
                        ("ref_is_name", "unknown_ref_near", "ids_lost", "ref_lost")
                    )
                    else p
                    for p in unknown
                ]
            problems += rounded + unknown
    return problems


ROUNDED_CODE = r"^[1-9][0-9]*000$"
"""A code as Excel keeps a long number it showed in scientific notation and was saved so
(``3.41022E+11``, then ``341022000000``): its first digits, then zeros."""


def _rounded_codes(
    raw: RawTable,
    frame: pl.DataFrame,
    column: Column,
    mask: pl.Expr,
    ids: Mapping[str, pl.Series],
    named: Mapping[str, str],
) -> tuple[pl.Expr, list[Problem]]:
    """The cells of ``column`` that name no unit (``mask``) and are an official code Excel
    rounded (:data:`ROUNDED_CODE`: ``341022000000``, of 12 digits for a community, 9 for a
    township), where a unit of the table it refers to has a code that rounds to it; and one
    error for the column where some are (``rounded_codes``: how many, the first, as Excel
    showed it, what to do), instead of one for each row. Its ``leading`` digits, the
    district's that every such cell keeps (``341022``), where they all keep the same."""
    from scoplan.warning_checks import OFFICIAL_DIGITS

    # a district's 6 digits are never shown in scientific notation (341000 is the city's own
    # code, said as such): a township's 9 (in a narrow column) and a community's 12 are
    sizes = {
        OFFICIAL_DIGITS[t]: t
        for t in column.ref
        if t in OFFICIAL_DIGITS and t in ids and OFFICIAL_DIGITS[t] >= 9
    }
    cell = pl.col(column.name)
    none = pl.lit(False)
    if not sizes:
        return none, []
    shaped = mask & cell.str.contains(ROUNDED_CODE) & cell.str.len_chars().is_in(list(sizes))
    values = frame.filter(shaped).get_column(column.name).unique().to_list()
    if not values:
        return none, []
    pools = {size: _codes_of(ids[table], size) for size, table in sizes.items()}
    found = [value for value in values if _rounds_to(value, pools[len(value)])]
    if not found:
        return none, []
    cells = shaped & cell.is_in(found)
    picked = frame.filter(cells).select(ROW, column.name)
    row, value = picked.row(0)
    params: dict[str, Any] = {**named, "count": picked.height, "shown": _scientific(value)}
    leading = {code.rstrip("0")[:6] for code in found}
    if len(leading) == 1:
        params["leading"] = leading.pop()
    problem = Problem(
        "rounded_codes",
        raw.source,
        table=raw.name,
        column=column.name,
        value=value,
        params=params,
        **_locate(raw, row),
    )
    return cells, [problem]


def _codes_of(ids: pl.Series, size: int) -> pl.Series:
    """The ids that are codes of ``size`` digits, as numbers."""
    return ids.filter(ids.str.contains(rf"^[0-9]{{{size}}}$")).cast(pl.Int64)


def _rounds_to(value: str, codes: pl.Series) -> bool:
    """Whether one of ``codes`` rounds to ``value`` (``341022000000``) at the digits before
    its zeros (341022100201 does: 3.41022E+11), as Excel rounds a number it shows so."""
    digits = value.rstrip("0")
    step = 10 ** (len(value) - len(digits))
    low = int(digits) * step - step // 2
    return bool(((codes >= low) & (codes < low + step)).any())


def _scientific(value: str) -> str:
    """A code of digits as Excel shows it rounded in scientific notation, its zeros left
    out: ``341022000000`` as ``3.41022E+11``."""
    digits = value.rstrip("0") or "0"
    mantissa = digits[0] + (f".{digits[1:]}" if len(digits) > 1 else "")
    return f"{mantissa}E+{len(value) - 1:02d}"


def _of_another_table(
    problems: list[Problem], frames: Mapping[str, pl.DataFrame], ref: Sequence[str]
) -> list[Problem]:
    """Unknown references to units that are the id of a unit of another level (所属社区
    written as 昱东街道's 341002001), said so, with that unit's name."""
    wanted = [p.value for p in problems if p.code == "unknown_ref" and p.value]
    found: dict[str, tuple[str, str]] = {}
    for table in HIERARCHY:
        frame = frames.get(table)
        if not wanted or table in ref or frame is None or "id" not in frame.columns:
            continue
        named = pl.col("name") if "name" in frame.columns else pl.col("id")
        for id, name in frame.filter(pl.col("id").is_in(wanted)).select("id", named).iter_rows():
            found.setdefault(id, (table, name or id))
    out = []
    for problem in problems:
        other = found.get(problem.value or "") if problem.code == "unknown_ref" else None
        if other is not None:
            table, name = other
            params = {
                **problem.params,
                "table_of": table,
                "table_of_zh": TABLES_BY_NAME[table].alias,
                "name": name,
            }
            problem = attrs.evolve(problem, code="ref_of_other_table", params=params)
        out.append(problem)
    return out


OFF_BY_ONE_NAMED = 3
"""How many codes a digit away an unknown reference's problem names at most."""
_UNIT_WORD = re.compile(r"(?:社区|村|居)$")


def _one_digit_off(
    problems: list[Problem],
    frame: pl.DataFrame,
    frames: Mapping[str, pl.DataFrame],
    ref: Sequence[str],
) -> list[Problem]:
    """Unknown references that are an official code of a unit of ``ref`` with a digit
    missing or one too many (所属社区 34100200100 for 341002001004), said so with the codes
    they may be (``unknown_ref_near``; ``unknown_ref_nears`` for several, their ``ids``
    all, for the row's district). Of several, the one whose name, without its committee's
    and its kind's word (阜上 of 阜上社区居委会), is in the row's own name (阜上睦邻服务社),
    where only one is."""
    from scoplan.warning_checks import OFFICIAL_DIGITS

    wanted = {p.value for p in problems if p.code == "unknown_ref" and p.value}
    wanted = {value for value in wanted if value.isdigit()}
    units: dict[str, str] = {}
    for table in ref:
        digits = OFFICIAL_DIGITS.get(table)
        found = frames.get(table)
        if (
            digits is None
            or found is None
            or not {len(v) for v in wanted} & {digits - 1, digits + 1}
        ):
            continue
        named = pl.col("name") if "name" in found.columns else pl.lit("", pl.String)
        coded = found.filter(pl.col("id").str.contains(rf"^\d{{{digits}}}$"))
        units.update(coded.select("id", named.fill_null("")).iter_rows())
    if not units:
        return problems
    own = _names_of_rows(frame, problems, wanted)
    out = []
    for problem in problems:
        value = problem.value or ""
        if problem.code != "unknown_ref" or value not in wanted:
            out.append(problem)
            continue
        near = sorted(
            {value[:i] + value[i + 1 :] for i in range(len(value))}
            | {value[:i] + d + value[i:] for i in range(len(value) + 1) for d in "0123456789"}
        )
        near = [code for code in near if code in units]
        mine = own.get(_at(problem), "")
        cores = {code: _UNIT_WORD.sub("", core_of(units[code])) for code in near}
        meant = [code for code in near if len(cores[code]) > 1 and cores[code] in mine]
        near = meant if len(meant) == 1 else near
        if not near:
            out.append(problem)
            continue
        said = near[:OFF_BY_ONE_NAMED]
        more = "……" if len(near) > len(said) else ""
        params = {
            **problem.params,
            "ids": "、".join(near),
            "count": len(near),
            "near": ", ".join(f"{c} ({units[c]})" if units[c] else c for c in said) + more,
            "near_zh": "、".join(f"“{c}”（{units[c]}）" if units[c] else f"“{c}”" for c in said)
            + more,
        }
        code = "unknown_ref_near" if len(near) == 1 else "unknown_ref_nears"
        out.append(attrs.evolve(problem, code=code, params=params))
    return out


def _names_of_rows(
    frame: pl.DataFrame, problems: Sequence[Problem], wanted: Collection[str]
) -> dict[int | None, str]:
    """The name (its ``name`` cell, or empty) of each row of ``frame`` that a problem about a
    value among ``wanted`` is about, by row: what the row's own words say it means."""
    if "name" not in frame.columns:
        return {}
    rows = {_at(p) for p in problems if p.value in wanted}
    picked = frame.filter(pl.col(ROW).is_in(list(rows))).select(ROW, "name")
    return {row: name or "" for row, name in picked.iter_rows()}


def _of_other_districts(
    problems: list[Problem],
    frame: pl.DataFrame,
    frames: Mapping[str, pl.DataFrame],
    ref: Sequence[str],
) -> list[Problem]:
    """Unknown references that are the official code of a unit of ``ref``'s level in a
    district the data does not hold (所属社区 341022100001, 休宁县's, in 祁门县's register),
    said so with its district and its official name (``ref_of_other_district``: no row of
    the data is of that district). Where the row's own name begins with the name of one unit
    of the data of that level (六都村便民服务队, and 六都村村委会 is 祁门县's), with that unit
    too (``ref_of_other_district_named``: ``id``, ``name``), the one the row means."""
    from scoplan.divisions import names
    from scoplan.warning_checks import OFFICIAL_DIGITS

    levels = {OFFICIAL_DIGITS[t]: t for t in ref if t in OFFICIAL_DIGITS and t != "districts"}
    districts = frames.get("districts")
    if not levels or districts is None or "id" not in districts.columns:
        return problems
    held = set(districts.get_column("id").drop_nulls().to_list())
    wanted = {
        p.value
        for p in problems
        if p.code == "unknown_ref"
        and p.value
        and p.value.isdigit()
        and len(p.value) in levels
        and p.value[:6] not in held
    }
    if not wanted:
        return problems
    official = names(c[:size] for c in wanted for size in (6, 9, 12) if size <= len(c))
    own = _names_of_rows(frame, problems, wanted)
    out = []
    for problem in problems:
        value = problem.value or ""
        if problem.code != "unknown_ref" or value not in wanted or value not in official:
            out.append(problem)
            continue
        table = levels[len(value)]
        place = "".join(official.get(value[:size], "") for size in (9, 12) if size <= len(value))
        params = {
            **problem.params,
            "district": official.get(value[:6], value[:6]),
            "place": place,
            "level": table,
            "level_zh": TABLES_BY_NAME[table].alias,
        }
        units = frames.get(table)
        mine = own.get(_at(problem), "")
        meant = []
        if units is not None and "name" in units.columns and mine:
            meant = [
                (id, name)
                for id, name in units.select("id", "name").drop_nulls().iter_rows()
                if len(core := _UNIT_WORD.sub("", core_of(name))) > 1 and mine.startswith(core)
            ]
        code = "ref_of_other_district"
        if len(meant) == 1:
            code = "ref_of_other_district_named"
            params.update(id=meant[0][0], name=meant[0][1])
        out.append(attrs.evolve(problem, code=code, params=params))
    return out


def core_of(name: str) -> str:
    """:func:`~scoplan.divisions.core_name` of one name: 荷花池社区 for 荷花池社区居委会."""
    return pl.select(core_name(pl.lit(name, pl.String))).item() or name


def _of_the_other_level(problems: list[Problem], ids: Mapping[str, pl.Series]) -> list[Problem]:
    """A federation's unit that is a unit of the other level (a community's id under 层级
    乡镇街道), said so: the id is there, the level is not its own."""
    wanted = [p.value for p in problems if p.code == "unknown_ref" and p.value]
    levels: dict[str, str] = {}
    for table in ("townships", "communities"):
        if table in ids and wanted:
            found = ids[table].filter(ids[table].is_in(wanted)).to_list()
            levels.update(dict.fromkeys(found, table))
    out = []
    for problem in problems:
        level = levels.get(problem.value or "") if problem.code == "unknown_ref" else None
        if level is not None:
            other = TABLES_BY_NAME[level].alias
            params = {**problem.params, "level_of": level, "level_of_zh": other}
            problem = attrs.evolve(problem, code="unit_of_other_level", params=params)
        out.append(problem)
    return out


def _named_by_the_row(
    problems: list[Problem], frame: pl.DataFrame, frames: Mapping[str, pl.DataFrame]
) -> list[Problem]:
    """A federation's unit of the other level (``unit_of_other_level``) whose own name begins
    with the name of one unit of its own level (小路口镇社区社会组织联合会, 层级 乡镇街道, filed
    under a community of 祁山镇), said with that unit (``unit_of_other_level_named``: ``id``,
    ``name``), the one its row means unless the level is what is wrong."""
    mine = {_at(p) for p in problems if p.code == "unit_of_other_level"}
    if not mine or "name" not in frame.columns:
        return problems
    names = dict(frame.filter(pl.col(ROW).is_in(list(mine))).select(ROW, "name").iter_rows())
    units: dict[str, list[tuple[str, str]]] = {}
    for table in ("townships", "communities"):
        found = frames.get(table)
        if found is not None and "name" in found.columns:
            pairs = found.select("id", "name").drop_nulls().iter_rows()
            units[table] = [(id, name) for id, name in pairs]
    out = []
    for problem in problems:
        level = problem.params.get("level_of")
        own = next((t for t in ("townships", "communities") if t != level), "")
        named = (names.get(_at(problem)) or "") if problem.code == "unit_of_other_level" else ""
        meant = [
            (id, name)
            for id, name in units.get(own, [])
            if len(core := _UNIT_WORD.sub("", core_of(name))) > 1 and named.startswith(core)
        ]
        if len(meant) == 1:
            id, name = meant[0]
            params = {**problem.params, "id": id, "name": name}
            problem = attrs.evolve(problem, code="unit_of_other_level_named", params=params)
        out.append(problem)
    return out


_LEVELS = {"township": ("townships", "communities"), "community": ("communities", "townships")}
"""A federation's level: the table its unit is in, and the other level's."""


def _by_level(
    problems: list[Problem],
    frame: pl.DataFrame,
    ids: Mapping[str, pl.Series],
    frames: Mapping[str, pl.DataFrame],
) -> list[Problem]:
    """A federation's unknown units, each looked for at its own row's level only: an id in
    another case, or a unit's name, of that level's table (``unknown_ref_case``,
    ``ref_is_name``, ``ref_is_names``: the ids to write are of that level, never of the
    other); else the name of units of the other level only (``name_of_other_level``, as
    :func:`_of_the_other_level` says an id of the other level is one). What is none of
    these stays as it was."""
    wanted = {_at(p) for p in problems if p.code == "unknown_ref"}
    if not wanted:
        return problems
    picked = frame.filter(pl.col(ROW).is_in(list(wanted))).select(ROW, "level")
    levels: dict[int | None, str | None] = dict(picked.iter_rows())
    out = list(problems)
    for level, (own, other) in _LEVELS.items():
        at = [
            i
            for i, p in enumerate(problems)
            if p.code == "unknown_ref" and levels.get(_at(p)) == level
        ]
        if not at:
            continue
        named = {"expected": own, "expected_zh": TABLES_BY_NAME[own].alias}
        mine = [attrs.evolve(problems[i], params={**problems[i].params, **named}) for i in at]
        mine = _in_other_case(mine, ids.get(own, pl.Series([], dtype=pl.String)))
        values = {p.value for p in mine if p.code == "unknown_ref" and p.value}
        owns = _ids_by_name([frames[own]] if own in frames else [], values)
        others = _ids_by_name([frames[other]] if other in frames else [], values)
        for i, problem in zip(at, mine, strict=True):
            value = problem.value or ""
            if problem.code == "unknown_ref" and value in owns:
                problem = _as_name(problem, owns[value])
            elif problem.code == "unknown_ref" and value in others:
                params = {
                    **problem.params,
                    "level_of": other,
                    "level_of_zh": TABLES_BY_NAME[other].alias,
                    "ids": _shown(others[value]),
                    "count": len(others[value]),
                }
                problem = attrs.evolve(problem, code="name_of_other_level", params=params)
            elif problem.code == "unknown_ref":
                problem = problems[i]  # a unit of neither level: said as before
            out[i] = problem
    return out


def _at(problem: Problem) -> int | None:
    """The row (or JSON index) a problem is at: the ``ROW`` of its row."""
    return problem.row if problem.row is not None else problem.index


def _ids_by_name(tables: Sequence[pl.DataFrame], names: Iterable[str]) -> dict[str, list[str]]:
    """The ids of the units of ``tables`` that have one of these names, by name, sorted."""
    wanted = list(names)
    named = [t.select("id", "name") for t in tables if "name" in t.columns]
    if not wanted or not named:
        return {}
    units = pl.concat(named)
    found = units.filter(pl.col("name").is_in(wanted)).unique().sort("id")
    ids: dict[str, list[str]] = {}
    for id, name in found.iter_rows():
        ids.setdefault(name, []).append(id)
    # a name as registers write it, without its committee's word (荷花池社区 for
    # 荷花池社区居委会, 问政村 for 问政村村委会)
    rest = pl.DataFrame(
        {"written": [n for n in wanted if n not in ids]}, schema={"written": pl.String}
    )
    alike = (
        rest.with_columns(core_name(pl.col("written")).alias("__core"))
        .join(units.with_columns(core_name(pl.col("name")).alias("__core")), on="__core")
        .select("id", "written")
        .unique()
        .sort("id")
    )
    for id, written in alike.iter_rows():
        ids.setdefault(written, []).append(id)
    # an autonomous county as clerks write it (石柱县, 石柱 for 石柱土家族自治县)
    rest_names = {n for n in wanted if n not in ids}
    autonomous = units.filter(pl.col("name").str.contains("自治[县旗]")).unique().sort("id")
    for id, name in autonomous.iter_rows() if rest_names else ():
        for short in autonomous_short_names(name):
            if short in rest_names and id not in ids.get(short, []):
                ids.setdefault(short, []).append(id)
    return ids


def _shown(ids: Sequence[str]) -> str:
    """A few ids, as a message lists them: ``a、b、c……``."""
    return "、".join(ids[:3]) + ("……" if len(ids) > 3 else "")


def _as_name(problem: Problem, same: Sequence[str]) -> Problem:
    """An unknown reference that is the name of the units ``same`` (their ids), said so with
    the id to write: ``ref_is_name``, or ``ref_is_names`` when several have the name."""
    if len(same) == 1:
        return attrs.evolve(problem, code="ref_is_name", params={**problem.params, "id": same[0]})
    params = {**problem.params, "ids": _shown(same), "count": len(same)}
    return attrs.evolve(problem, code="ref_is_names", params=params)


ORGAN_WORDS = (
    "人民政府",
    "政府",
    "民政局",
    "民政办公室",
    "民政办",
    "民政所",
    "社会事务办公室",
    "社会事务办",
    "街道办事处",
    "办事处",
    "党工委",
    "管委会",
)
"""What follows a unit's name in the name of its government or office (屯溪区民政局, 昱东街道
办事处 → 昱东街道): an event or establishment filed under the organ that holds it."""


def _organs(
    problems: list[Problem], frames: Mapping[str, pl.DataFrame], ref: Sequence[str]
) -> list[Problem]:
    """Unknown units written as the organ of a unit (屯溪区民政局, 黄山市民政局), said so with
    what to write: the unit's id (``ref_is_organ``), or the city level (``ref_is_city_organ``)
    for the city's own organs (its name from the districts' ``city`` column, or 市)."""
    # each name the value may be an office of: 昱东街道办事处 is 昱东街道's (办事处), or 昱东's
    units: dict[str, list[str]] = {}
    for problem in problems:
        value = (problem.value or "").strip()
        if problem.code == "unknown_ref" and value:
            cut = [value.removesuffix(word) for word in ORGAN_WORDS if value.endswith(word)]
            if any(cut):
                units[value] = [unit for unit in cut if unit]
    if not units:
        return problems
    districts = frames.get("districts")
    cities = {"市", "本市", *CITY_ALIASES}
    if districts is not None and "city" in districts.columns:
        cities.update(districts.get_column("city").drop_nulls().unique().to_list())
    own = _OWN_LEVEL.get()
    organs = own.organs if own is not None else frozenset()
    names = {unit for cut in units.values() for unit in cut} - cities - organs
    ids = _ids_by_name([frames[t] for t in ref if t in frames], names)
    said: list[Problem] = []
    for problem in problems:
        cut = units.get((problem.value or "").strip(), []) if problem.code == "unknown_ref" else []
        if own is not None and any(unit in organs for unit in cut):
            # 县民政局 in a county's plan: an organ of the county's own level
            params = {**problem.params, "level": own.word, "id": own.id}
            problem = attrs.evolve(problem, code="ref_is_own_organ", params=params)
        elif any(unit in cities for unit in cut):
            problem = attrs.evolve(problem, code="ref_is_city_organ")
        else:
            for unit in cut:
                if len(ids.get(unit, ())) == 1:
                    params = {**problem.params, "unit": unit, "id": ids[unit][0]}
                    problem = attrs.evolve(problem, code="ref_is_organ", params=params)
                    break
        said.append(problem)
    return said


def _names_for_ids(problems: list[Problem], tables: Sequence[pl.DataFrame]) -> list[Problem]:
    """Unknown references that are the name of a unit they may name (所属区县 written
    屯溪区), said so with the id to write instead: its id, or the ids of the units of that
    name when several have it."""
    wanted = {p.value for p in problems if p.code == "unknown_ref" and p.value}
    ids = _ids_by_name(tables, wanted)
    if not ids:
        return problems
    return [
        _as_name(p, ids[p.value]) if p.code == "unknown_ref" and p.value in ids else p
        for p in problems
    ]


def _named_in(table: str, frames: Mapping[str, pl.DataFrame]) -> bool:
    """Whether some row of another table names a unit of ``table`` (a reference to it)."""
    for other in TABLES:
        frame = frames.get(other.name)
        if frame is None or other.name == table:
            continue
        for column in other.columns:
            # (a column that names a unit of one of several tables may name another)
            named = column.ref == (table,) and column.name in frame.columns
            if named and frame.get_column(column.name).null_count() < frame.height:
                return True
    return False


def _in_zh(table: str) -> dict[str, str]:
    """A problem's ``table_zh``: the table as a Chinese message names it (社区)."""
    return {"table_zh": TABLES_BY_NAME[table].alias}


def _in_chinese(tables: str) -> str:
    """``districts / townships`` as a Chinese message names them: 区县 / 乡镇街道."""
    for table in TABLES:
        tables = tables.replace(table.name, table.alias)
    return tables.replace(" (by level)", "（按层级）").replace(" / ", "/")


def city_codes(district_ids: pl.Series, cities: pl.Series | None = None) -> tuple[str, ...]:
    """The city's own 6-digit codes when its districts carry official ones: their common
    first four digits and ``00`` (``341000`` for ``341002``, ``341021``…); for a
    municipality, whose districts are under 市辖区 (``5001``) and 县 (``5002``), its own code
    and theirs (``500000``, ``500100``, ``500200``: :func:`~scoplan.divisions.own_codes`).
    Where the codes are of several cities and the districts' ``cities`` name one alone, the
    code of the city of that official name (重庆市 with a county of 广安市 filed under it);
    else none (a province's data)."""
    from scoplan.divisions import city_of_code, names, own_codes, same_name

    ids = district_ids.drop_nulls()
    codes = ids.filter(ids.str.contains(r"^\d{6}$"))
    found = {city_of_code(code) for code in codes.str.slice(0, 4).unique().to_list()}
    named = cities.drop_nulls().unique().to_list() if cities is not None else []
    if len(found) > 1 and len(named) == 1:
        official = names(found)
        found = {c for c in found if same_name(str(named[0]), official.get(c, ""))}
    return own_codes(found.pop()) if len(found) == 1 else ()


def _why_not_city(value: object, districts: pl.DataFrame | None) -> dict[str, str]:
    """Why a code of a city's shape (``341000``, ``500000``) is not read as the city level:
    the data's districts carry no official codes, are of several cities, or are another
    city's, whose own codes are said; nothing for any other value."""
    text = str(value or "")
    if not re.fullmatch(r"\d{4}00", text) or districts is None or "id" not in districts.columns:
        return {"why": "", "why_zh": ""}
    ids = districts.get_column("id")
    cities = districts.get_column("city") if "city" in districts.columns else None
    codes = city_codes(ids, cities)
    if codes:
        shown, shown_zh = ", ".join(codes), "、".join(codes)
        return {
            "why": f"; the city's own code is {shown}",
            "why_zh": f"；本市自己的代码是{shown_zh}",
        }
    if ids.drop_nulls().str.contains(r"^\d{6}$").any():
        return {
            "why": "; the districts are of several cities, so no code is the city's own",
            "why_zh": "；区县分属几个市，没有哪个代码是市自己的",
        }
    return {
        "why": "; the districts' ids are no official codes, so no code is the city's own",
        "why_zh": "；区县编号不是统计用区划代码，没有哪个代码是市自己的",
    }


def _city_level(
    frames: dict[str, pl.DataFrame], districts: pl.DataFrame, ids: Mapping[str, pl.Series]
) -> None:
    """Write the city level ``city`` wherever a ``unit_id`` says it another way.

    ``市本级``, ``全市``, ``市级``, ``city`` in any case, the city's own code
    (:func:`city_codes`) and the one city its districts name are the city level, unless
    they are an id of a table the column may name: an id always wins.
    """
    spellings = set(CITY_ALIASES)
    cities = districts.get_column("city").drop_nulls().unique()
    spellings.update(city_codes(districts.get_column("id"), cities))
    if cities.len() == 1:
        spellings.add(str(cities[0]))
    for table in TABLES:
        if table.name not in frames:
            continue
        frame = frames[table.name]
        for column in table.columns:
            if CITY not in column.ref or column.name not in frame.columns:
                continue
            used = frame.get_column(column.name).drop_nulls().unique()
            said = used.filter(
                used.is_in(list(spellings)) | ((used.str.to_lowercase() == CITY) & (used != CITY))
            )
            taken = [ids[t] for t in column.ref if t in ids]
            if taken and not said.is_empty():
                said = said.filter(~said.is_in(pl.concat(taken).implode()))
            if said.is_empty():
                continue
            mapping = dict.fromkeys(said.to_list(), CITY)
            frame = frame.with_columns(pl.col(column.name).replace(mapping))
        frames[table.name] = _own_level(frame, table, ids)


def _own_level(frame: pl.DataFrame, table: Table, ids: Mapping[str, pl.Series]) -> pl.DataFrame:
    """``frame`` with the own level of the county's plan in force (:class:`OwnLevel`) written
    as the county's id wherever a unit of the city level or a district is written with one
    of its words (县本级, 全县), unless the word is an id: where the county is a district of
    the data."""
    own = _OWN_LEVEL.get()
    districts = ids.get("districts")
    if own is None or districts is None or not districts.is_in([own.id]).any():
        return frame
    for column in table.columns:
        if CITY not in column.ref or "districts" not in column.ref:
            continue
        if column.name not in frame.columns:
            continue
        taken = [ids[t] for t in column.ref if t in ids]
        words = [w for w in own.words if not (taken and pl.concat(taken).is_in([w]).any())]
        mapping = dict.fromkeys(words, own.id)
        frame = frame.with_columns(pl.col(column.name).replace(mapping))
    return frame


def _ambiguous_ids(
    raws: Mapping[str, RawTable], frames: Mapping[str, pl.DataFrame]
) -> list[Problem]:
    problems: list[Problem] = []
    present = [t for t in HIERARCHY if t in frames]
    for i, first in enumerate(present):
        for second in present[i + 1 :]:
            clash = frames[second].filter(
                pl.col("id").is_in(frames[first].get_column("id").implode())
            )
            raw = raws[second]
            shown, more = listed(raw, clash.select(ROW, "id"), "id")
            for row, value in shown.iter_rows():
                problems.append(
                    Problem(
                        "ambiguous_id",
                        raw.source,
                        table=second,
                        column="id",
                        value=value,
                        params={"tables": f"{first}, {second}"},
                        **_locate(raw, row),
                    )
                )
            problems += more
    return problems


def check_tables(
    raws: Mapping[str, RawTable],
    problems: Iterable[Problem] = (),
    *,
    origin: str = "",
    extra_codes: ExtraCodes | None = None,
    strict: bool = False,
    today: dt.date | None = None,
    columns: Mapping[str, Sequence[Column]] | None = None,
    groups: Mapping[str, pl.DataFrame] | None = None,
    whole: bool = True,
    own_level: OwnLevel | None = None,
) -> Dataset:
    """Type and check raw tables; a Dataset, or a DataError with every problem found.

    Warnings (a loader's, and those of :func:`~scoplan.warning_checks.find_warnings`) go to
    :attr:`Dataset.warnings`; with ``strict`` they are errors. A DataError carries the
    warnings found too (``DataError.warnings``), so that one run shows everything.
    ``columns`` are the columns plugins declared, by table (``Registry.columns``): typed
    and checked as the built-in ones are (None: those in force, see
    :func:`scoplan.schema.declaring`).

    ``groups`` gives, for some tables, the group (a district) of each row, as a frame of
    ``ROW`` and ``group`` (:func:`scoplan.cell_typing.grouping`): problems of one kind in
    one column are listed up to :data:`~scoplan.cell_typing.MAX_PROBLEMS_PER_CHECK` in each
    group, the rest of each counted in a ``more_from`` problem at its first row left out,
    and a warning about many rows (an unknown code, blank registrations) is one per group,
    with that group's rows and count. None: each table is one group, and the rest of a kind
    is one ``more`` problem.

    ``whole``: the tables are a whole register, not a part of one (a district's return,
    data a test builds): a required table with no row, a district with no township is then
    warned of.

    ``own_level``: that of a county's plan the tables are checked for
    (:func:`scoplan.engine.plan_own_level`): a unit written 县本级 (or 全县…) is the county's
    id, and a unit of no id is told how that level is written.
    """
    token = _OWN_LEVEL.set(own_level)
    try:
        with declaring(columns), grouping(groups):
            return _check_tables(
                raws,
                problems,
                origin=origin,
                extra_codes=extra_codes,
                strict=strict,
                today=today,
                whole=whole,
            )
    finally:
        _OWN_LEVEL.reset(token)


def _check_tables(
    raws: Mapping[str, RawTable],
    problems: Iterable[Problem],
    *,
    origin: str,
    extra_codes: ExtraCodes | None,
    strict: bool,
    today: dt.date | None,
    whole: bool = True,
) -> Dataset:
    given = list(problems)
    found = [p for p in given if not p.is_warning]
    doubts = [p for p in given if p.is_warning]
    frames: dict[str, pl.DataFrame] = {}
    raws = dict(raws)
    damaged: list[Problem] = []
    empty: list[str] = []
    for table in TABLES:
        raw = raws.get(table.name)
        if raw is None:
            # a table split over sheets is said so: not missing too
            split = any(p.code == "table_split" and p.table == table.name for p in given)
            if table.name in REQUIRED_TABLES and not split:
                where, zh = origin or "data", _in_zh(table.name)
                found.append(Problem("missing_table", where, table=table.name, params=zh))
            continue
        raw, totals = without_total_rows(raw)
        raw, wrapped = without_wrapped_codes(raw)
        raw, floats = without_float_codes(raw)
        raws[table.name] = raw
        doubts += totals + wrapped + floats
        if table.name in REQUIRED_TABLES and raw.source and raw.complete and not raw.frame.height:
            empty.append(table.name)  # (a file or sheet of the user's: not one made empty)
        damaged += scientific_codes(raw)
        typed, table_problems = _type_table(table, raw)
        found += table_problems
        found += _duplicate_ids(raw, typed)
        found += _case_collisions(raw, typed)
        frames[table.name] = typed
    if "districts" in frames:
        ids = {name: frame.get_column("id").drop_nulls() for name, frame in frames.items()}
        _city_level(frames, frames["districts"], ids)
    # a table of units with a header and no row, whose units other rows name: one error for
    # the table (a file emptied by mistake), not one for each row that names a unit of it
    named = [t for t in empty if _named_in(t, frames)]
    found += [Problem("empty_table", raws[t].source, table=t, params=_in_zh(t)) for t in named]
    # one no row names (no organization at all): every figure would be judged on none, a
    # file emptied by mistake as much as a city with none — said, not taken silently
    doubts += [
        Problem("empty_table_alone", raws[t].source, table=t, params=_in_zh(t), severity=WARNING)
        for t in empty
        if t not in named and whole
    ]
    empty = named
    missing = [t for t in REQUIRED_TABLES if t not in raws] + empty
    # a table without its id column (编号 headed 区划代码) is one error: the references into
    # it are not each reported as well
    missing += [t for t, raw in raws.items() if "id" not in raw.frame.columns]
    with ThreadPoolExecutor(1, thread_name_prefix="scoplan-check") as pool:
        # the references in a thread of their own, beside the warnings: both only read the
        # frames (polars lets go of the interpreter), and a country's take a second each
        beside = pool.submit(contextvars.copy_context().run, _cross_checks, raws, frames, missing)
        spelled = _plugin_spellings(dict(frames), extra_codes or {})
        doubts += _end_said_near(
            find_warnings(raws, spelled, extra_codes=extra_codes, today=today, whole=whole), given
        )
        found += beside.result()
    frames = spelled
    if strict and doubts:
        found += [attrs.evolve(p, severity=ERROR) for p in doubts]
        doubts = []
    if damaged:
        found = damaged + hidden_by_damage(found, damaged)
    # a cell a loader said why it is empty (a formula saved without its value) is not "missing"
    unsaved = {(p.source, p.row, p.column) for p in given if p.code == "formula_without_value"}
    found = [
        p for p in found if p.code != "missing_value" or (p.source, p.row, p.column) not in unsaved
    ]
    found = _years_in_date_cells(found, given)
    found = in_their_words(sorted(found, key=_order), raws)
    doubts = titles_together(in_their_words(sorted(doubts, key=_order), raws), origin)
    doubts = totals_together(doubts, origin)
    if found:
        raise DataError(found, doubts)
    data = Dataset.from_frames(
        {name: frame.drop(ROW, TWIN_KEY, strict=False) for name, frame in frames.items()},
        sources=tuple(masked(raw.source) for raw in raws.values()),
        warnings=doubts,
        places={name: places(raws[name], frames[name]) for name in PLACED if name in frames},
        headers={name: written_headers(raw) for name, raw in raws.items()},
        table_sources={name: masked(raw.source) for name, raw in raws.items()},
    )
    summed = {name: raw.row_sums for name, raw in raws.items() if raw.left_out and raw.row_sums}
    if not summed:
        return data
    # columns a loader left out as it read: the digest is of the whole, from the loader's sums
    left_out = {name: raws[name].left_out for name in summed}
    return data.holding(None, left_out=left_out, summed=summed)


_NEAR = frozenset({"unknown_column_near", "unknown_column_maybe", "key_near_column"})
"""A header said to be close to a column the table lacks (注消日期 for 注销日期)."""


def _end_said_near(warnings: list[Problem], given: Sequence[Problem]) -> list[Problem]:
    """The ``warnings`` but that of a table without its end date column
    (``end_column_absent``) whose header a loader said was written close to it (注消日期,
    注销时间 for 注销日期): that problem says which header to rename already."""
    near = {
        (p.source, p.table, p.params.get("name")) for p in given if p.code in _NEAR and p.params
    }
    if not near:
        return warnings
    return [
        w
        for w in warnings
        if not w.code.startswith("end_column_")
        or (w.source, w.table, w.params.get("ended")) not in near
    ]


_IN_DATE_CELLS = {
    "year_in_date_cell": "year_only",
    "number_in_date_cell": "bad_date",
    "number_in_date_cell_other": "bad_date",
}
"""What a loader said of a date cell (a year, a number past Excel's last day typed into a
cell formatted as a date), and the checker's refusal of the text it read it as, which then
says it instead."""


def _years_in_date_cells(found: list[Problem], given: Sequence[Problem]) -> list[Problem]:
    """``found`` with each cell refused as only a year (``year_only``) that a loader said is
    a year typed into a date cell (``year_in_date_cell``: 2022 that Excel keeps as the day
    1905-07-14) refused so instead, and each refused as no date (``bad_date``) that a loader
    said is a number typed into one (``number_in_date_cell``: 20210305, which Excel shows as
    ``####``); the loader's own word of a cell is said once, by the checker's refusal (which
    lists a column's first cells and counts the rest), and stands alone only for a column
    the checker refused nothing of so."""
    said = {(p.source, p.row, p.column): p for p in given if p.code in _IN_DATE_CELLS}
    if not said:
        return found
    refused = {(p.source, p.column, p.code) for p in found if p.code in _IN_DATE_CELLS.values()}
    kept = []
    for problem in found:
        place = (problem.source, problem.row, problem.column)
        refusal = _IN_DATE_CELLS.get(problem.code)
        if refusal is not None and (problem.source, problem.column, refusal) in refused:
            continue
        note = said.get(place)
        if note is not None and _IN_DATE_CELLS[note.code] == problem.code:
            params = {**problem.params, **note.params}
            problem = attrs.evolve(problem, code=note.code, params=params)
        kept.append(problem)
    return kept


def written_headers(raw: RawTable) -> dict[str, str]:
    """The columns ``raw``'s source has, each with its header as the user wrote it (``city``
    → ``市``; a header written as the column's name is that name)."""
    columns = [c for c in raw.frame.columns if c not in (ROW, TWIN_KEY)] + list(raw.left_out)
    return {column: raw.headers.get(column, column) for column in columns}


def typed_rows(raw: RawTable) -> pl.DataFrame:
    """The rows of ``raw`` typed as :func:`check_tables` types them, with ``ROW`` (a total
    row below the table left out), whatever problems their cells have (which checking
    reports): for what is asked of one table while the data may have errors."""
    raw, _ = without_float_codes(without_wrapped_codes(without_total_rows(raw)[0])[0])
    typed, _ = _type_table(TABLES_BY_NAME[raw.name], raw)
    return typed


def checked_alone(raw: RawTable) -> tuple[pl.DataFrame, list[Problem]]:
    """The rows of ``raw`` typed and checked as :func:`check_tables` types and checks a table
    on its own (its cells, an id given twice or in two cases; not what needs the other
    tables, such as references), and the problems found: for a table read before the others
    (a plan's districts looked for before a country's organizations are read)."""
    raw, _ = without_float_codes(without_wrapped_codes(without_total_rows(raw)[0])[0])
    typed, problems = _type_table(TABLES_BY_NAME[raw.name], raw)
    return typed, [*problems, *_duplicate_ids(raw, typed), *_case_collisions(raw, typed)]


def places(raw: RawTable, frame: pl.DataFrame) -> pl.DataFrame:
    """Where each row of ``frame`` (typed rows of ``raw``, with ``ROW``) was read: its id, and
    the file or sheet and row a problem about it names (:data:`~scoplan.dataset.PLACES_SCHEMA`):
    the row's own in a table merged from several sources (``RawTable.places``)."""
    ids = frame.select("id", ROW)
    if raw.places is not None:
        return ids.join(raw.places, on=ROW, how="left").select(
            "id", "source", pl.col("row").cast(pl.Int64), pl.col("index").cast(pl.Int64)
        )
    at = pl.col(ROW).cast(pl.Int64)
    none = pl.lit(None, dtype=pl.Int64)
    indexed = raw.numbering == "index"
    return ids.select(
        "id",
        pl.lit(raw.source, dtype=pl.String).alias("source"),
        (none if indexed else at).alias("row"),
        (at if indexed else none).alias("index"),
    )


def _cross_checks(
    raws: Mapping[str, RawTable], frames: Mapping[str, pl.DataFrame], missing: list[str]
) -> list[Problem]:
    """The problems between tables: references to no unit, ids that name two."""
    return [*_references(raws, frames, missing=missing), *_ambiguous_ids(raws, frames)]


def _order(problem: Problem) -> tuple[str, float]:
    """File and row order; a count of the problems not listed comes after the listed ones."""
    row = problem.row if problem.row is not None else problem.index
    if row is None:
        return (problem.source, float("inf") if problem.code == "more" else -1.0)
    return (problem.source, float(row))


_HEADERS_AS_WRITTEN = frozenset(
    {
        "duplicate_column",
        "reserved_column",
        "unknown_column_near",
        "unknown_column_maybe",
        "key_near_column",
    }
)
"""Problems whose ``column`` is a header as the user wrote it, not a column's name."""


def _together(
    problems: Sequence[Problem],
    origin: str,
    key: Callable[[Problem, str], object | None],
    make: Callable[[list[Problem], str, list[str]], Problem],
    enough: Callable[[list[Problem]], bool] = lambda group: len(group) > 1,
) -> list[Problem]:
    """``problems`` with those of one ``key`` (None: none), in one delivery (a workbook, a
    folder), said once where the first of them was: ``make(group, where, names)``, with the
    workbook or folder the group is in and each problem's table as its source names it. A
    group is said together when it is ``enough``; else each stays as it was."""
    groups: dict[object, list[Problem]] = {}
    for problem in problems:
        book = problem.source.partition(": ")[0] if ": " in problem.source else ""
        found = key(problem, book)
        if found is not None:
            groups.setdefault((book, found), []).append(problem)
    together = {id(p): ps for ps in groups.values() if enough(ps) for p in ps}
    out: list[Problem] = []
    for problem in problems:
        group = together.get(id(problem))
        if group is None:
            out.append(problem)
        elif problem is group[0]:
            book = problem.source.partition(": ")[0] if ": " in problem.source else ""
            where = book or PurePath(origin).name or origin or problem.source
            names = [p.source.partition(": ")[2] if book else p.source for p in group]
            out.append(make(group, where, names))
    return out


def titles_together(problems: Sequence[Problem], origin: str) -> list[Problem]:
    """``problems`` with the ``title_rows`` warnings of several tables of one delivery whose
    header is in the same row (a workbook whose every sheet has its title above the header,
    as a bureau's 台账 does) said once, naming the tables, where the first of them was: one
    layout, not a warning per sheet drowning the others."""

    def key(problem: Problem, book: str) -> object | None:
        return problem.params.get("header_row") if problem.code == "title_rows" else None

    def make(group: list[Problem], where: str, names: list[str]) -> Problem:
        params = {
            "header_row": group[0].params.get("header_row"),
            "count": len(group),
            "tables": ", ".join(names),
            "tables_zh": "、".join(names),
        }
        return Problem("title_rows_together", where, params=params, severity=WARNING)

    return _together(problems, origin, key, make)


def totals_together(problems: Sequence[Problem], origin: str) -> list[Problem]:
    """``problems`` with the ``total_row`` warnings of totals of the whole (``合计``) in
    several tables of one delivery said once, where the first was, naming each table and
    its row: one habit of the bureau's (a 合计 row under every sheet), not a warning per
    sheet opening the list of the others. A district's subtotal stays a warning of its own."""

    def key(problem: Problem, book: str) -> object | None:
        whole = problem.code == "total_row" and problem.row is not None
        return True if whole and WHOLE_TOTAL.match(_squeezed_total(problem.value)) else None

    def make(group: list[Problem], where: str, names: list[str]) -> Problem:
        rows, rows_zh = [], []
        for name, each in zip(names, group, strict=True):
            word = _squeezed_total(each.value)
            rows.append(f"{name} row {each.row}" + ("" if word == "合计" else f" ({word})"))
            rows_zh.append(f"{name}第{each.row}行" + ("" if word == "合计" else f"（{word}）"))
        params = {"count": len(group), "rows": ", ".join(rows), "rows_zh": "、".join(rows_zh)}
        return Problem("total_rows_together", where, params=params, severity=WARNING)

    return _together(
        problems, origin, key, make, enough=lambda group: len({p.table for p in group}) > 1
    )


def _squeezed_total(value: object) -> str:
    """A total row's words without their spaces (``总 计：`` → ``总计：``)."""
    return re.sub(r"[\s\u3000]", "", value) if isinstance(value, str) else ""


def in_their_words(problems: Iterable[Problem], raws: Mapping[str, RawTable]) -> list[Problem]:
    """``problems`` with each column also named as the user's header wrote it (``header``,
    and ``other_header`` for the other column of a pair), so that messages use their words."""
    out = []
    for problem in problems:
        raw = raws.get(problem.table or "")
        words = raw.headers if raw is not None else {}
        extra: dict[str, Any] = {}
        written = problem.code in _HEADERS_AS_WRITTEN  # its column is a header already
        if problem.column is not None and problem.column in words and not written:
            extra["header"] = words[problem.column]
        other = problem.params.get("other")
        if isinstance(other, str) and other in words and problem.code == "date_order":
            extra["other_header"] = words[other]
        if problem.code == "dissolved_status" and "dissolved" in words:
            extra["dissolved"] = words["dissolved"]  # where its day goes, as the file says
        out.append(attrs.evolve(problem, params={**problem.params, **extra}) if extra else problem)
    return out


def _plugin_spellings(
    frames: dict[str, pl.DataFrame], extra_codes: ExtraCodes
) -> dict[str, pl.DataFrame]:
    """Other spellings of the codes plugins registered, read as those codes."""
    for (table, name), codes in extra_codes.items():
        mapping = {alias: code for code, aliases in codes.items() for alias in aliases}
        frame = frames.get(table)
        if not mapping or frame is None or name not in frame.columns:
            continue
        column = pl.col(name)
        if frame.schema[name] == pl.List(pl.String):
            spelled = column.list.eval(pl.element().replace(mapping))
        else:
            spelled = column.replace(mapping)
        frames[table] = frame.with_columns(spelled)
    return frames


def check_additions(
    data: Dataset,
    raws: Mapping[str, RawTable],
    problems: Iterable[Problem],
    *,
    extra_codes: ExtraCodes | None = None,
    strict: bool = False,
) -> Dataset:
    """``data`` with the rows of ``raws`` added, checked as a delivery's are; or a DataError.

    New rows may refer to existing ones and to each other; their ids must be new. Their
    codes are read as loading reads them: a plugin's spelling of a code it registers
    (``extra_codes``, ``Registry.codes``) is that code, and a value of an open list none
    knows is warned of (``unknown_code``). A warning among ``problems`` or found so stops
    nothing: it is the new dataset's (``warnings``), or, beside an error, the DataError's;
    with ``strict`` it is an error, as loading makes it.
    """
    found = list(problems)
    added: dict[str, pl.DataFrame] = {}
    for table in TABLES:
        raw = raws.get(table.name)
        if raw is None:
            continue
        typed, table_problems = _type_table(table, raw)
        typed = _plugin_spellings({table.name: typed}, extra_codes or {})[table.name]
        found += table_problems
        found += _duplicate_ids(raw, typed)
        found += unknown_codes(table, raw, typed, extra_codes)
        existing = data.frame(table.name).get_column("id")
        clash = typed.filter(pl.col("id").is_in(existing.implode()))
        for row, value in clash.select(ROW, "id").iter_rows():
            found.append(
                Problem(
                    "id_exists",
                    raw.source,
                    table=table.name,
                    column="id",
                    value=value,
                    **_locate(raw, row),
                )
            )
        added[table.name] = typed
    ids = {
        table.name: pl.concat(
            [data.frame(table.name).get_column("id")]
            + ([added[table.name].get_column("id")] if table.name in added else [])
        ).drop_nulls()
        for table in TABLES
    }
    districts = pl.concat(
        [data.frame("districts").select("id", "city")]
        + ([added["districts"].select("id", "city")] if "districts" in added else [])
    )
    _city_level(added, districts, ids)
    found += _references(raws, added, ids)
    # each column named as the rows' keys wrote it (成立日期, 类型), the errors' as the
    # warnings', as loading names a file's headers
    found = in_their_words(found, raws)
    doubts = [p for p in found if p.is_warning]
    found = [p for p in found if not p.is_warning]
    if strict and doubts:
        found += [attrs.evolve(p, severity=ERROR) for p in doubts]
        doubts = []
    if found:
        raise DataError(found, doubts)
    frames = {}
    for table in TABLES:
        base = data.frame(table.name)
        if table.name == "communities":
            base = base.drop("district_id")
        if table.name in added:
            frames[table.name] = pl.concat(
                [base, added[table.name].drop(ROW)], how="diagonal_relaxed"
            )
        else:
            frames[table.name] = base
    kept = {
        name: pl.concat([data._places[name], places(raws[name], added[name])])
        if name in added
        else data._places[name]
        for name in data._places
    }
    grown = Dataset.from_frames(
        frames,
        sources=(*data.sources, *(r.source for r in raws.values())),
        places=kept,
        headers=data._headers,
        table_sources=data._table_sources,
        warnings=doubts,
    )
    grown.absent = tuple(name for name in data.absent if name not in added)
    return grown
