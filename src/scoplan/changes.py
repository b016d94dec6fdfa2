"""What changed between two deliveries: ``scoplan changes OLD NEW``.

:func:`compare_data` compares two datasets — any two sources scoplan reads — and returns
each organization, federation and establishment that was added, removed, dissolved (its
end date set), moved to another unit (another community, for an organization), or with
any other column changed, with the district it is in and, column by column, what it was and
what it is. One change per record, the first that applies of dissolved, moved, changed;
its ``columns`` name every column that differs. A record is moved when its unit changed
or when its district did through the hierarchy (its community's township filed under
another district): each is in one district's section, the one it is in now.

The hierarchy is compared too (:func:`_hierarchy`). A district that kept its id, or whose
id changed (a 区划调整 re-coding 340203 as 340209) and that holds most of the same
townships, else has the same name, is the same district: its id, name or kind changed is
one change in its section; its townships and their records did not move. So is a township
or a community re-coded (:func:`_recoded`: 弋江区's towns 340203xxx re-coded 340209xxx, or one
town alone): one removed and one added of the same name under the same district (paired),
the only ones of that name there, for a township; under the same township (paired), for a
community. Its id, and any other column, changed is one change; the communities under it
and the records in them did not move (a record's unit re-coded is no change; anything else
of it changed, ``changed``). Two of one name removed or added there are each removed or
added, as is one re-coded and filed under another parent. A township filed under another
district, a community under a township of another district, is ``moved_out`` (划出) in the
section of the district it left and ``moved_in`` (划入) in that of the district it joined; a
community under another township of its district is ``moved``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from scoplan import _json
from scoplan.schema import LIST_SEPARATORS, TABLES_BY_NAME

if TYPE_CHECKING:
    from scoplan.dataset import Dataset
    from scoplan.plugins import Registry

TABLES = ("organizations", "federations", "establishments")
HIERARCHY = ("districts", "townships", "communities")
KINDS = ("added", "removed", "dissolved", "moved", "moved_out", "moved_in", "changed")
ENDS = {"organizations": "dissolved", "federations": "dissolved", "establishments": "ended"}
PLACES = {
    "organizations": "community_id",
    "federations": "unit_id",
    "establishments": "unit_id",
    "townships": "district_id",
    "communities": "township_id",
}
ORDER = (*HIERARCHY, *TABLES)
"""The tables in the order a district's changes list them: its units first."""


@attrs.frozen
class Change:
    """One record that changed: its table, how (``added``, ``removed``, ``dissolved``,
    ``moved``, ``moved_out``, ``moved_in``, ``changed``), its id and name, its district (id
    and name; None for the city level; for ``moved_out``, the district it left), the
    columns that differ, and their values before and after (as text)."""

    table: str
    kind: str
    id: str
    name: str | None
    district_id: str | None
    district: str | None
    columns: tuple[str, ...] = ()
    before: Mapping[str, str | None] = attrs.field(factory=dict)
    after: Mapping[str, str | None] = attrs.field(factory=dict)
    district_before: str | None = None
    """For a record moved to another district, the id of the district it was in…"""
    district_before_name: str | None = None
    """…and its name."""
    places: Mapping[str, str] = attrs.field(factory=dict)
    """For a record moved, the units it was and is in, by id: each with its name as a
    reader knows it (a community's, after its township's: ``东城街道东泰社区``)."""
    district_after: str | None = None
    """For a unit moved out of a district or into one (``moved_out``, ``moved_in``), the id
    of the district it is in now (``district_before``: the one it was in)…"""
    district_after_name: str | None = None
    """…and its name."""

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self, recurse=True)


@attrs.frozen
class Changes:
    """Every change from ``old`` to ``new``, by district (in id order, the city level
    last), then table (the hierarchy's first: :data:`ORDER`), kind and id."""

    old: str
    new: str
    changes: tuple[Change, ...]
    numbering: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    """By table, the register's own columns that number its rows (a 序号 of 1, 2, 3…),
    not compared: they change whenever rows are added or sorted, and count for nothing."""
    one_sided: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    """By table, the register's own columns one delivery has and the other has not, each
    with the one that has it (``old`` or ``new``): a column added, dropped or renamed
    (联系电话 then 联系方式), not compared, lest every row be said changed."""

    def __bool__(self) -> bool:
        return bool(self.changes)

    def by_district(self) -> dict[str | None, list[Change]]:
        grouped: dict[str | None, list[Change]] = {}
        for change in self.changes:
            grouped.setdefault(change.district_id, []).append(change)
        return grouped

    def count(self) -> int:
        """How many records changed: a unit moved between districts once, though each
        district lists it (``moved_out``, ``moved_in``)."""
        return sum(change.kind != "moved_in" for change in self.changes)

    def counts(self) -> dict[str, dict[str, int]]:
        """How many changes of each kind each district has (``city`` for the city level); a
        unit moved between two districts counts in each, ``moved_out`` and ``moved_in``."""
        counts: dict[str, dict[str, int]] = {}
        for change in self.changes:
            kinds = counts.setdefault(change.district_id or "city", dict.fromkeys(KINDS, 0))
            kinds[change.kind] += 1
        return counts


def _change(
    names: Mapping[str, str],
    table: str,
    kind: str,
    row: Mapping[str, Any],
    district: str | None,
    **more: Any,
) -> Change:
    """The change of ``kind`` to ``row`` of ``table``, in ``district`` (named by ``names``)."""
    return Change(
        table,
        kind,
        row["id"],
        row.get("name"),
        district,
        names.get(district) if district else None,
        **more,
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return LIST_SEPARATORS[0].join(str(v) for v in value)
    return str(value)


def _units(data: Dataset) -> pl.DataFrame:
    """Every unit id (district, township, community) and the district it is in."""
    return pl.concat(
        [
            data.frame("districts").select(pl.col("id").alias("unit"), pl.col("id").alias("d")),
            data.frame("townships").select(
                pl.col("id").alias("unit"), pl.col("district_id").alias("d")
            ),
            data.frame("communities").select(
                pl.col("id").alias("unit"), pl.col("district_id").alias("d")
            ),
        ]
    ).unique("unit")


def _place_names(data: Dataset) -> dict[str, str]:
    """Each unit's name as a reader knows it: a township's or district's own, a community's
    after its township's (``东城街道东泰社区``)."""
    named: dict[str, str] = {}
    for table in ("districts", "townships"):
        named.update(data.frame(table).select("id", "name").iter_rows())
    townships = dict(named)
    for unit, name, township in (
        data.frame("communities").select("id", "name", "township_id").iter_rows()
    ):
        named[unit] = f"{townships.get(township, '')}{name}"
    return named


def _located(frame: pl.DataFrame, table: str, data: Dataset) -> pl.DataFrame:
    place = PLACES[table]
    return frame.join(_units(data).rename({"unit": place, "d": "__district"}), on=place, how="left")


def _township_sets(data: Dataset) -> dict[str, set[str]]:
    """The ids of each district's townships."""
    held: dict[str, set[str]] = {}
    for township, district in data.frame("townships").select("id", "district_id").iter_rows():
        if district is not None:
            held.setdefault(district, set()).add(township)
    return held


def _district_pairs(old: Dataset, new: Dataset) -> dict[str, str]:
    """Each district of ``old`` that is one of ``new`` under another id, by its old id: the
    new district that holds most of its townships (none holding more of another's), else
    the one of its name. A district of the same id in both is the same district, never
    paired with another."""
    before = [d for d in old.frame("districts").get_column("id").to_list() if d is not None]
    after = [d for d in new.frame("districts").get_column("id").to_list() if d is not None]
    gone = [d for d in before if d not in set(after)]
    came = [d for d in after if d not in set(before)]
    if not gone or not came:
        return {}
    held_before, held_after = _township_sets(old), _township_sets(new)

    def shared(a: str, b: str) -> int:
        return len(held_before.get(a, set()) & held_after.get(b, set()))

    pairs: dict[str, str] = {}
    for d in gone:
        best = max(came, key=lambda c: (shared(d, c), c not in pairs.values()))
        if shared(d, best) and best not in pairs.values():
            rival = max(gone, key=lambda g: shared(g, best))
            if shared(rival, best) == shared(d, best):
                pairs[d] = best
    old_names = dict(old.frame("districts").select("id", "name").iter_rows())
    new_names: dict[str, list[str]] = {}
    for d, name in new.frame("districts").select("id", "name").iter_rows():
        if d in came and d not in pairs.values():
            new_names.setdefault(name, []).append(d)
    for d in gone:
        same = new_names.get(old_names.get(d) or "", [])
        if d not in pairs and len(same) == 1:
            pairs[d] = same.pop()
    return pairs


def _name_key(name: Any) -> str:
    """A unit's name as two deliveries are compared by it: NFKC, without spaces (``弋江 区``
    and ``弋江区`` one name)."""
    return "".join(unicodedata.normalize("NFKC", str(name or "")).split())


def _recoded(old: Dataset, new: Dataset, table: str, parents: Mapping[str, str]) -> dict[str, str]:
    """Each township or community (``table``) of ``old`` that is one of ``new`` under another
    id, by its old id: one removed and one added of the same name (:func:`_name_key`) under
    the same parent, a parent re-coded known by ``parents`` (its new id, by its old), the
    only one of that name under that parent removed and the only one added."""
    place = PLACES[table]

    def units(data: Dataset) -> dict[str, tuple[str, str]]:
        return {
            id: (parent, _name_key(name))
            for id, parent, name in data.frame(table).select("id", place, "name").iter_rows()
            if id is not None and parent is not None and _name_key(name)
        }

    before, after = units(old), units(new)
    gone: dict[tuple[str, str], list[str]] = {}
    for id, (parent, name) in before.items():
        if id not in after:
            gone.setdefault((parents.get(parent, parent), name), []).append(id)
    came: dict[tuple[str, str], list[str]] = {}
    for id, key in after.items():
        if id not in before:
            came.setdefault(key, []).append(id)
    return {
        ids[0]: came[key][0]
        for key, ids in gone.items()
        if len(ids) == 1 and len(came.get(key, ())) == 1
    }


def _pairs(old: Dataset, new: Dataset) -> dict[str, dict[str, str]]:
    """Each unit of ``old`` that is one of ``new`` under another id (its new id, by its old),
    by table: the districts (:func:`_district_pairs`), then the townships in them, then the
    communities in those (:func:`_recoded`)."""
    districts = _district_pairs(old, new)
    townships = _recoded(old, new, "townships", districts)
    communities = _recoded(old, new, "communities", townships)
    return {"districts": districts, "townships": townships, "communities": communities}


def _rows_by_id(frame: pl.DataFrame, columns: list[str]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in frame.select(columns).iter_rows(named=True)}


def _hierarchy(
    old: Dataset,
    new: Dataset,
    recoded: Mapping[str, Mapping[str, str]],
    names: Mapping[str, str],
    place_names: tuple[dict[str, str], dict[str, str]],
) -> list[Change]:
    """The changes of the hierarchy (see the module): each district's, township's and
    community's (its id, through ``recoded``: :func:`_pairs`; its name, its kind, its
    place). ``names``: each district's name by id (old and new); ``place_names``: each
    unit's name as a reader knows it, in ``old`` and in ``new``."""
    found: list[Change] = []
    pairs = recoded["districts"]
    same = {**{d: d for d in names}, **pairs}
    # a unit's parent re-coded: the parent's change says it
    parent = {**pairs, **recoded["townships"]}

    def columns_of(table: str) -> list[str]:
        known = [c.name for c in TABLES_BY_NAME[table].columns]
        ours = [c for c in new.frame(table).columns if c in known]
        return ours + [c for c in old.frame(table).columns if c in known and c not in ours]

    def rows(data: Dataset, table: str, columns: list[str]) -> dict[str, dict[str, Any]]:
        frame = data.frame(table)
        missing = [c for c in columns if c not in frame.columns]
        frame = frame.with_columns(pl.lit(None, pl.String).alias(c) for c in missing)
        return _rows_by_id(frame.filter(pl.col("id").is_not_null()), columns)

    def differing(
        before: Mapping[str, Any], after: Mapping[str, Any], columns: list[str]
    ) -> tuple[str, ...]:
        return tuple(c for c in columns if c != "id" and _text(before[c]) != _text(after[c]))

    def change(
        table: str, kind: str, row: Mapping[str, Any], district: str | None, **more: Any
    ) -> Change:
        return _change(names, table, kind, row, district, **more)

    # districts: the same id, or one re-coded (its pair)
    columns = columns_of("districts")
    before, after = rows(old, "districts", columns), rows(new, "districts", columns)
    back = {n: o for o, n in pairs.items()}
    for id, row in after.items():
        was = before.get(back.get(id, id))
        if was is None:
            found.append(change("districts", "added", row, id))
            continue
        changed = (("id",) if was["id"] != id else ()) + differing(was, row, columns)
        if changed:
            found.append(
                change(
                    "districts",
                    "changed",
                    row,
                    id,
                    columns=changed,
                    before={c: _text(was[c]) for c in changed},
                    after={c: _text(row[c]) for c in changed},
                )
            )
    for id, row in before.items():
        if id not in after and id not in pairs:
            found.append(change("districts", "removed", row, id))

    # townships and communities: each in its district, through its township for a community
    district_of = (_units_dict(old), _units_dict(new))
    for table in ("townships", "communities"):
        place = PLACES[table]
        paired = recoded[table]
        back = {n: o for o, n in paired.items()}
        columns = columns_of(table)
        before, after = rows(old, table, columns), rows(new, table, columns)
        for id, row in after.items():
            if id not in before and id not in back:
                found.append(change(table, "added", row, district_of[1].get(id)))
        for id, row in before.items():
            if id not in after and id not in paired:
                found.append(change(table, "removed", row, district_of[0].get(id)))
        for id, row in after.items():
            was = before.get(back.get(id, id))
            if was is None:
                continue
            left = district_of[0].get(was["id"])
            now = district_of[1].get(id)
            moved = same.get(left, left) != now if left is not None else now is not None
            changed = (("id",) if was["id"] != id else ()) + differing(was, row, columns)
            if was[place] is not None and parent.get(was[place]) == row[place]:
                # a unit of a district or township re-coded: the parent's change says it
                changed = tuple(c for c in changed if c != place)
            if place not in changed:
                moved = False  # a community whose township moved: the township's change says it
            if not changed:
                continue
            units = {
                unit: named[unit]
                for unit, named in ((was[place], place_names[0]), (row[place], place_names[1]))
                if unit is not None and unit in named
            }
            detail = {
                "columns": changed,
                "before": {c: _text(was[c]) for c in changed},
                "after": {c: _text(row[c]) for c in changed},
                "places": units if place in changed else {},
            }
            if moved:
                sides = {
                    "district_before": left,
                    "district_before_name": names.get(left) if left else None,
                    "district_after": now,
                    "district_after_name": names.get(now) if now else None,
                }
                found.append(change(table, "moved_out", row, left, **detail, **sides))
                found.append(change(table, "moved_in", row, now, **detail, **sides))
            else:
                kind = "moved" if place in changed else "changed"
                found.append(change(table, kind, row, now, **detail))
    return found


def _units_dict(data: Dataset) -> dict[str, str]:
    """Each unit's district, by the unit's id."""
    return {
        unit: district
        for unit, district in _units(data).iter_rows()
        if unit is not None and district is not None
    }


def compare_data(old: Dataset, new: Dataset, *, old_name: str = "", new_name: str = "") -> Changes:
    """The changes from the dataset ``old`` to ``new`` (see the module)."""
    names = {
        **dict(old.frame("districts").select("id", "name").iter_rows()),
        **dict(new.frame("districts").select("id", "name").iter_rows()),
    }
    recoded = _pairs(old, new)
    pairs = recoded["districts"]
    # each unit re-coded, its new id by its old: a record in it did not move
    units = {**pairs, **recoded["townships"], **recoded["communities"]}
    place_names = _place_names(old), _place_names(new)
    found: list[Change] = _hierarchy(old, new, recoded, names, place_names)
    numbering: dict[str, tuple[str, ...]] = {}
    one_sided: dict[str, dict[str, str]] = {}
    for table in TABLES:
        before = _located(old.frame(table), table, old)
        # the district each record was in, by its id now (a district re-coded is the same)
        before = before.with_columns(
            pl.col("__district").replace(pairs).alias("__now")
            if pairs
            else pl.col("__district").alias("__now")
        )
        after = _located(new.frame(table), table, new)
        ours = ("__district", "__now")
        known = {c.name for c in TABLES_BY_NAME[table].columns}
        # a column of the register's own that one delivery has and the other has not (one
        # added, dropped or renamed: 联系电话 then 联系方式) is said once, not as every row
        # changed
        only = {
            **{c: "old" for c in before.columns if c not in after.columns and c not in ours},
            **{c: "new" for c in after.columns if c not in before.columns},
        }
        only = {c: side for c, side in only.items() if c not in known}
        if only:
            one_sided[table] = only
        columns = [c for c in after.columns if c in before.columns and c not in ours]
        columns += [c for c in after.columns if c not in before.columns and c not in only]
        columns += [
            c for c in before.columns if c not in after.columns and c not in ours and c not in only
        ]
        for c in columns:
            if c not in before.columns:
                before = before.with_columns(pl.lit(None, after.schema[c]).alias(c))
            if c not in after.columns:
                after = after.with_columns(pl.lit(None, before.schema[c]).alias(c))
        counting = tuple(c for c in columns if c not in known and _numbering(before, after, c))
        if counting:
            numbering[table] = counting
        content = [c for c in columns if c != "id" and c not in counting]

        def change(kind: str, row: Mapping[str, Any], table: str = table, **more: Any) -> Change:
            return _change(names, table, kind, row, row.get("__district"), **more)

        old_ids = before.get_column("id").implode()
        new_ids = after.get_column("id").implode()
        for row in after.filter(~pl.col("id").is_in(old_ids)).iter_rows(named=True):
            found.append(change("added", row))
        for row in before.filter(~pl.col("id").is_in(new_ids)).iter_rows(named=True):
            found.append(change("removed", row))
        both = after.join(before, on="id", suffix="__old")
        if both.is_empty():
            continue
        differs = pl.any_horizontal(
            [
                pl.col(c).cast(pl.String).ne_missing(pl.col(f"{c}__old").cast(pl.String))
                if both.schema[c] != both.schema[f"{c}__old"]
                else pl.col(c).ne_missing(pl.col(f"{c}__old"))
                for c in content
            ]
            # its district another (its community's township moved)
            + [pl.col("__district").ne_missing(pl.col("__now"))]
        )
        for row in both.filter(differs).iter_rows(named=True):
            end, place = ENDS[table], PLACES[table]
            changed = tuple(c for c in content if _text(row[c]) != _text(row[f"{c}__old"]))
            if place in changed and units.get(row[f"{place}__old"]) == row[place]:
                # a record of a unit re-coded (a district, a township, a community): the
                # unit's change says it
                changed = tuple(c for c in changed if c != place)
            elsewhere = row["__now"] != row["__district"]
            if not changed and not elsewhere:
                continue
            came = row["__district__old"] if elsewhere else None
            if end in changed and row[f"{end}__old"] is None:
                kind = "dissolved"
            elif place in changed or elsewhere:
                kind = "moved"
            else:
                kind = "changed"
            places: dict[str, str] = {}
            if place in changed:
                for unit, named in (
                    (row[f"{place}__old"], place_names[0]),
                    (row[place], place_names[1]),
                ):
                    if unit is not None and unit in named:
                        places[unit] = named[unit]
            found.append(
                change(
                    kind,
                    row,
                    columns=changed,
                    before={c: _text(row[f"{c}__old"]) for c in changed},
                    after={c: _text(row[c]) for c in changed},
                    district_before=came,
                    district_before_name=names.get(came) if came else None,
                    places=places,
                )
            )
    order = {kind: i for i, kind in enumerate(KINDS)}
    found.sort(
        key=lambda c: (
            c.district_id is None,
            c.district_id or "",
            ORDER.index(c.table),
            order[c.kind],
            c.id,
        )
    )
    return Changes(old_name, new_name, tuple(found), numbering, one_sided)


_ROW_NUMBER = r"^\s*[0-9]{1,7}(?:\.0+)?\s*$"
"""A row's number as a 序号 column holds it (``12``, ``12.0`` as a number a CSV saved):
:data:`scoplan.spreadsheet_slips.NUMBER_CELL`."""


def _numbers_rows(frame: pl.DataFrame, column: str) -> bool | None:
    """Whether ``column`` of ``frame`` (a column of the register's own) may number its rows:
    whole numbers, each once; None where it holds nothing (a delivery lacks the column)."""
    cells = frame.get_column(column).cast(pl.String).drop_nulls()
    if cells.is_empty():
        return None
    if not cells.str.contains(_ROW_NUMBER).all():
        return False
    return bool(cells.cast(pl.Float64).n_unique() == cells.len())


_NUMBERING_HEADERS = frozenset({"序号", "序", "行号", "顺序号", "编号序号", "no", "no.", "#"})
"""What a column numbering a register's rows is headed."""


def _numbering(before: pl.DataFrame, after: pl.DataFrame, column: str) -> bool:
    """Whether ``column`` (of the register's own) numbers the rows of both deliveries: whole
    numbers each once in each, headed 序号 (or the like), or 1 to the number of rows in one."""
    numbers = [_numbers_rows(before, column), _numbers_rows(after, column)]
    if False in numbers or True not in numbers:
        return False
    if column.strip().lower() in _NUMBERING_HEADERS:
        return True
    for frame in (before, after):
        cells = frame.get_column(column).cast(pl.String).drop_nulls()
        counted = set(cells.cast(pl.Float64).cast(pl.Int64).to_list()) if cells.len() else set()
        if counted and counted == set(range(1, frame.height + 1)):
            return True
    return False


def changes(
    old: str | os.PathLike[str],
    new: str | os.PathLike[str],
    *,
    registry: Registry | None = None,
) -> Changes:
    """Load ``old`` and ``new`` (any sources scoplan reads) and compare them; a
    :class:`~scoplan.DataError` with every problem of both when either does not load."""
    from scoplan._exceptions import DataError, Problem
    from scoplan.api import load

    problems: list[Problem] = []
    loaded = []
    for source in (old, new):
        try:
            loaded.append(load(source, registry=registry))
        except DataError as error:
            problems.extend(error.problems)
    if problems:
        raise DataError(problems)
    return compare_data(*loaded, old_name=os.fspath(old), new_name=os.fspath(new))


# -- renderings -----------------------------------------------------------------------------


def _header(table: str, column: str, lang: str) -> str:
    """A column as a reader names it: its Chinese header (``管理主体``), in English its name
    in words (``managed by``; ``community`` for ``community_id``). A column of the
    register's own (``负责人``) keeps its header."""
    if lang == "zh":
        known = {c.name: c.alias for c in TABLES_BY_NAME[table].columns}
        return known.get(column, column)
    return column.removesuffix("_id").replace("_", " ")


def _district_title(change: Change | None, district: str | None, lang: str) -> str:
    from scoplan.i18n import translate

    if district is None:
        return translate("level.city", lang)
    name = change.district if change is not None else None
    return (
        f"{name}（{district}）"
        if lang == "zh" and name
        else f"{name} ({district})"
        if name
        else district
    )


def _shown(table: str, column: str, value: str | None, lang: str) -> str:
    """A value as a reader reads it: a code as the schema's Chinese word says it (备案 for
    ``filed``, each of a list's: ``老年人、儿童``), in English as words (``civil affairs``);
    是 / 否 for a yes or no; a date column's day (a date cell of the data, kept as
    ``2024-12-15``) as a Chinese report writes a date, ``2024年12月15日``; a value left
    empty as （空）(``-`` in English); any other as kept."""
    from scoplan.i18n import translate
    from scoplan.schema import BOOL, DATE, LIST

    if not value:
        return translate("changes.empty", lang)
    found = next((c for c in TABLES_BY_NAME[table].columns if c.name == column), None)
    if found is None:
        return value
    if found.type == BOOL and value in ("true", "false"):
        return translate(f"changes.{value}", lang)
    if found.type == LIST and found.codes is not None:
        words = [_code(table, column, code, lang) for code in value.split(LIST_SEPARATORS[0])]
        return ("、" if lang == "zh" else ", ").join(words)
    if found.codes is not None:
        return _code(table, column, value, lang)
    if lang == "en" or found.type != DATE:
        return value
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return translate("report.date", lang, year=day.year, month=day.month, day=day.day)


def _code(table: str, column: str, code: str, lang: str) -> str:
    """A code of a closed or open list in words: a category's or a group's as reports name
    them (:func:`~scoplan.i18n.code_name`), any other's by its first Chinese spelling of
    the schema (DATA.zh.md's), in English the code in words (``civil affairs``); a code a
    plugin registered by its title, one unknown as written."""
    from scoplan.i18n import code_name
    from scoplan.schema import registered_title

    if table == "organizations" and column in ("category", "serves"):
        return code_name("category" if column == "category" else "group", code, lang)
    found = next(c for c in TABLES_BY_NAME[table].columns if c.name == column)
    spellings = (found.codes or {}).get(code)
    if spellings is None:
        return registered_title(table, column, code, lang) or code
    return spellings[0] if lang == "zh" and spellings else code.replace("_", " ")


def _value(change: Change, column: str, value: str | None, lang: str) -> str:
    """A value of a change as a reader reads it (:func:`_shown`); a unit moved from or to
    with its name before its id: ``东城街道东泰社区（441900003003）``."""
    if column == PLACES.get(change.table) and value is not None and value in change.places:
        name = change.places[value]
        return f"{name}（{value}）" if lang == "zh" else f"{name} ({value})"
    return _shown(change.table, column, value, lang)


def _detail(change: Change, lang: str) -> str:
    def shown(values: Mapping[str, str | None], column: str) -> str:
        return _value(change, column, values.get(column), lang)

    parts = [
        f"{_header(change.table, c, lang)} {shown(change.before, c)} → {shown(change.after, c)}"
        for c in change.columns
    ]
    return ("；" if lang == "zh" else "; ").join(parts)


def _kind_word(change: Change, lang: str) -> str:
    """How a record changed, in words: an establishment ended is 撤销 (its 撤销日期 set), an
    organization or federation 注销."""
    from scoplan.i18n import translate

    if change.kind == "dissolved" and ENDS[change.table] == "ended":
        return translate("changes.ended", lang)
    return translate(f"changes.{change.kind}", lang)


def as_text(result: Changes, lang: str) -> str:
    """Per district: each change on a line (table, kind, id, name, and what differs)."""
    from scoplan.i18n import translate

    lines = [translate("changes.title", lang, old=result.old, new=result.new)]
    if not result:
        lines.append(translate("changes.none", lang))
        return "\n".join([*lines, *_numbering_said(result, lang)]) + "\n"
    for district, items in result.by_district().items():
        lines.append(_district_title(items[0], district, lang))
        for change in items:
            table = TABLES_BY_NAME[change.table].alias if lang == "zh" else change.table
            what = _kind_word(change, lang)
            line = f"  {table} {what} {change.id} {change.name or ''}".rstrip()
            if change.columns:
                line += ("：" if lang == "zh" else ": ") + _detail(change, lang)
            if change.district_before is not None and change.table != "townships":
                # (a township's own 所属区县 says it)
                came = change.district_before_name or change.district_before
                now = change.district_after_name or change.district
                line += f"（{came} → {now}）" if lang == "zh" else (f" ({came} → {now})")
            lines.append(line)
    lines.append(translate("changes.summary", lang, count=result.count()))
    lines += _numbering_said(result, lang)
    return "\n".join(lines) + "\n"


def _numbering_said(result: Changes, lang: str) -> list[str]:
    """A line for each table whose own columns numbering its rows were not compared, and
    for its own columns only one delivery has."""
    from scoplan.i18n import translate

    sep = "、" if lang == "zh" else ", "
    return [
        translate(
            "changes.numbering",
            lang,
            table=TABLES_BY_NAME[table].alias if lang == "zh" else table,
            columns=sep.join(f"“{c}”" if lang == "zh" else c for c in columns),
        )
        for table, columns in result.numbering.items()
    ] + [
        translate(
            f"changes.only_{side}",
            lang,
            table=TABLES_BY_NAME[table].alias if lang == "zh" else table,
            columns=sep.join(
                f"“{c}”" if lang == "zh" else c for c, was in columns.items() if was == side
            ),
        )
        for table, columns in result.one_sided.items()
        for side in ("old", "new")
        if side in columns.values()
    ]


def as_json(result: Changes) -> str:
    document = {
        "old": result.old,
        "new": result.new,
        "counts": result.counts(),
        "changes": [change.as_dict() for change in result.changes],
        "numbering": {table: list(columns) for table, columns in result.numbering.items()},
        "one_sided": {table: dict(columns) for table, columns in result.one_sided.items()},
    }
    return _json.dumps(document) + "\n"


ROW_COLUMNS = (
    "district_id",
    "district",
    "table",
    "change",
    "id",
    "name",
    "columns",
    "before",
    "after",
)


def _rows(result: Changes, lang: str) -> Iterable[list[Any]]:
    """English rows for programs: codes, and what was and is as JSON."""
    from scoplan.i18n import translate

    for change in result.changes:
        columns, before, after = list(change.columns), dict(change.before), dict(change.after)
        crossed = _crossed(change)
        if crossed is not None:
            columns.append("district")
            before["district"], after["district"] = crossed[0][0], crossed[1][0]
        yield [
            change.district_id or "city",
            change.district or translate("level.city", lang),
            change.table,
            change.kind if lang == "en" else _kind_word(change, lang),
            change.id,
            change.name,
            ";".join(columns),
            json.dumps(before, ensure_ascii=False) if columns else "",
            json.dumps(after, ensure_ascii=False) if columns else "",
        ]


def _crossed(change: Change) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """The districts, by id and name, a record moved from and to, where its columns do not
    say them (a township's 所属区县 does): for the rows of a CSV or a workbook, which have
    no other place to."""
    if change.district_before is None or change.table == "townships":
        return None
    came = change.district_before_name or change.district_before
    now_id = change.district_after or change.district_id or ""
    now = change.district_after_name or change.district or now_id
    return (change.district_before, came), (now_id, now)


def _values(change: Change, values: Mapping[str, str | None], lang: str) -> str:
    """What a record's changed columns were or are, as a reader reads them:
    ``登记状态=备案；规模=小``."""
    return ("；" if lang == "zh" else "; ").join(
        f"{_header(change.table, k, lang)}={_value(change, k, v, lang)}" for k, v in values.items()
    )


def _read_rows(items: Iterable[Change], lang: str) -> list[list[Any]]:
    """The rows of changes as a reader reads them: the table, the change and each column in
    words, each value as :func:`_value` says it; a record that changed district with the
    districts, as the text says them after its line (:func:`_crossed`)."""
    from scoplan.i18n import translate

    rows = []
    for c in items:
        headers = [_header(c.table, col, lang) for col in c.columns]
        before, after = _values(c, c.before, lang), _values(c, c.after, lang)
        crossed = _crossed(c)
        if crossed is not None:
            # the districts it moved between: 区县=歙县（341021）
            word = translate("changes.column.district", lang)
            sides = [
                f"{word}={name}（{id}）" if lang == "zh" else f"{word}={name} ({id})"
                for id, name in crossed
            ]
            joiner = "；" if lang == "zh" else "; "
            headers.append(word)
            before = joiner.join(filter(None, (before, sides[0])))
            after = joiner.join(filter(None, (after, sides[1])))
        rows.append(
            [
                TABLES_BY_NAME[c.table].alias if lang == "zh" else c.table,
                _kind_word(c, lang),
                c.id,
                c.name,
                ("、" if lang == "zh" else ", ").join(headers),
                before,
                after,
            ]
        )
    return rows


READ_COLUMNS = ("table", "change", "id", "name", "columns", "before", "after")
"""The columns of :func:`_read_rows` (``changes.column.*``)."""


def as_csv(result: Changes, lang: str) -> str:
    """A row per change. In Chinese as the workbook says it, headers and values in words
    (``登记状态=备案``), the district's code and name first; in English for programs
    (:data:`ROW_COLUMNS`: codes, and JSON of what was and is)."""
    from scoplan.i18n import translate

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if lang != "zh":
        writer.writerow(ROW_COLUMNS)
        writer.writerows(_rows(result, lang))
        return out.getvalue()
    names = ("district_id", "district", *READ_COLUMNS)
    writer.writerow([translate(f"changes.column.{name}", lang) for name in names])
    for district, items in result.by_district().items():
        title = items[0].district if district is not None else translate("level.city", lang)
        for row in _read_rows(items, lang):
            writer.writerow([district or "", title, *row])
    return out.getvalue()


def as_workbook(result: Changes, lang: str) -> bytes:
    """A sheet counting each district's changes by kind, then a sheet per district."""
    from openpyxl import Workbook

    from scoplan.i18n import translate
    from scoplan.renderers.xlsx import _sheet_name, _write_table

    book = Workbook(write_only=True)
    used: set[str] = set()

    def sheet(name: str) -> Any:
        title = _sheet_name(name, used)
        used.add(title)
        return book.create_sheet(title)

    # an establishment ended (撤销) counts with the organizations dissolved (注销)
    kinds = [translate(f"changes.{kind}_count", lang) for kind in KINDS]
    header = [translate("changes.column.district", lang), *kinds]
    summary: list[list[Any]] = [
        [
            _district_title(items[0], district, lang),
            *(sum(c.kind == k for c in items) for k in KINDS),
        ]
        for district, items in result.by_district().items()
    ]
    _write_table(sheet(translate("check.summary_sheet", lang)), header, summary)
    columns = [translate(f"changes.column.{name}", lang) for name in READ_COLUMNS]
    for district, items in result.by_district().items():
        rows = _read_rows(items, lang)
        title = items[0].district if district is not None else translate("level.city", lang)
        _write_table(sheet(title or district or "-"), columns, rows)
    notes = _numbering_said(result, lang)
    if notes:  # the columns not compared, said as the text says them
        heading = [translate("changes.notes_column", lang)]
        _write_table(sheet(translate("changes.notes_sheet", lang)), heading, [[n] for n in notes])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
