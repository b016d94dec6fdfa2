"""Datasets built in a test, without files, checked exactly as real data is.

:class:`DatasetBuilder` adds rows table by table and :meth:`~DatasetBuilder.build` hands
them to the same checker a bureau's files go through, so a builder given bad data (a date
that is not one, a township in a district that does not exist) raises the same
:class:`~scoplan.DataError`::

    data = (
        DatasetBuilder()
        .district("D1")
        .township("T1", "D1")
        .community("C1", "T1", kind="urban")
        .organizations("C1", 3, founded="2021-01-01")
        .establishment("F1", "T1", kind="community_fund", established="2021-06-01")
        .build()
    )

and the common case in one line: a district with N communities and M organizations,
founded on a date::

    data = district_dataset(communities=4, organizations=10, founded="2021-03-01")

Dates may be :class:`datetime.date` objects or text as a file would have it
(``"2021-03-01"``). Rows given as mappings (:func:`build_dataset`) need only the columns a
test cares about: a unit's ``name`` and ``kind`` are filled in when absent, and an
organization is filed (备案) unless its ``registration`` says otherwise (the target kinds
that count organizations count the registered and filed ones only, by default).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Self

from scoplan.dataset import Dataset
from scoplan.schema import TABLES, declaring

if TYPE_CHECKING:
    from scoplan.plugins import Registry

Day = dt.date | str
"""A date, as a :class:`datetime.date` or as text (``2021-03-01``, ``2021/3/1``…)."""

EARLY = dt.date(2020, 1, 1)
"""The default start date of what a builder adds: before any milestone of a 2021 plan."""

SOURCE = "builder"
"""The source named by the problems of built data (``builder: organizations, [3], …``)."""

TABLE_NAMES = tuple(table.name for table in TABLES)
"""Every table of DATA.md, in the order the hierarchy needs them."""

_UNIT_DEFAULTS: Mapping[str, Mapping[str, str]] = {
    "districts": {"kind": "district"},
    "townships": {"kind": "street"},
    "communities": {"kind": "urban"},
}


def with_defaults(table: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """``row`` with a ``name`` (its id) where the table needs one, and a unit's default ``kind``.

    Districts default to ``district``, townships to ``street``, communities to ``urban``;
    organizations are ``filed`` unless a ``registration`` (or ``登记状态``) is given, even
    an empty one. A column given in any of its spellings (``名称``, ``类型``) is given.
    """
    from scoplan.loaders._tables import column_named

    filled = dict(row)
    known = table in TABLE_NAMES
    # a column given in any spelling (名称, 类型, 登记状态) is given: no default beside it
    named = {key: (column_named(table, str(key)) if known else None) or key for key in row}
    given = set(named.values())
    ids = [row[key] for key, column in named.items() if column == "id"]
    if table in ("districts", "townships", "communities", "organizations") and "name" not in given:
        filled["name"] = str(ids[0] if ids else "")
    if table == "organizations" and "registration" not in given:
        filled["registration"] = "filed"
    for column, value in _UNIT_DEFAULTS.get(table, {}).items():
        if column not in given:
            filled[column] = value
    return filled


def build_dataset(
    tables: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    /,
    *,
    registry: Registry | None = None,
    **rows_of: Sequence[Mapping[str, Any]],
) -> Dataset:
    """A dataset from rows (``{table: [{column: value}, …]}``), checked as a file's would be.

    The tables may also be given as keywords, ``build_dataset(districts=[…],
    organizations=[…])``, alone or beside the mapping (a table given both ways is an
    error). Table and column names may be English or Chinese, as in a JSON document; absent
    tables are empty. Cells may be text as a file has it, or :class:`datetime.date`,
    ``bool``, numbers, ``None`` (an empty cell) and lists (of a list column's items).
    Raises :class:`~scoplan.DataError` with every problem, naming each row by its position
    in its list. With a ``registry``, the columns its plugins declare
    (``scoplan_register_columns``) are typed and checked as the built-in ones are; without
    one they are kept as text.

    Unlike :func:`scoplan.load`, an organization with no ``registration`` column (nor
    ``登记状态``) is ``filed``, so that a test counts the organizations it adds without
    saying so each time; :func:`scoplan.load` warns of such a table (``registration_absent``)
    and the measures count none of its rows. To test what a bureau's table without the
    column gives, pass ``registration=None`` (an empty cell) or load the rows with
    ``scoplan.load({"organizations": rows, …})``. Built data is not warned of what it lacks
    (a required table with no row), as it is a part of a register, not one whole.
    """
    from scoplan.checking import check_tables
    from scoplan.loaders._tables import canonical_table, raw_tables

    given = dict(tables or {})
    twice = sorted(set(given) & set(rows_of))
    if twice:
        raise TypeError(f"build_dataset: tables given twice: {', '.join(twice)}")
    given.update(rows_of)
    rows: dict[str, list[dict[str, Any]]] = {}
    for key, table_rows in given.items():
        table = canonical_table(key) or key
        rows[key] = [with_defaults(table, row) for row in table_rows]
    present = {canonical_table(key) for key in rows}
    for table in TABLE_NAMES:
        if table not in present:
            rows[table] = []
    if registry is not None and registry.column_conflicts:
        from scoplan._exceptions import PluginError

        raise PluginError(registry.column_conflicts)
    columns = registry.columns if registry is not None else None
    with declaring(columns):
        raws, problems = raw_tables(rows, SOURCE)
    extra_codes = registry.codes if registry is not None else None
    # built data is as much of a register as a test needs: what it lacks is not warned of
    return check_tables(
        raws, problems, origin=SOURCE, extra_codes=extra_codes, columns=columns, whole=False
    )


class DatasetBuilder:
    """Rows added one call at a time, then :meth:`build` into a checked :class:`Dataset`.

    Every method returns the builder, so calls chain. Ids are yours to choose, except for
    :meth:`organizations` and :meth:`district_with`, which number what they add.
    """

    def __init__(self, *, registry: Registry | None = None) -> None:
        self._tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES}
        self._numbers: dict[str, int] = {}
        self._registry = registry
        """The registry whose declared columns :meth:`build` types and checks (None: none)."""

    def _add(self, table: str, row: dict[str, Any]) -> Self:
        self._tables[table].append(row)
        return self

    def _next(self, prefix: str) -> int:
        number = self._numbers.get(prefix, 0) + 1
        self._numbers[prefix] = number
        return number

    # -- the hierarchy -------------------------------------------------------------------

    def district(
        self,
        id: str,
        name: str | None = None,
        *,
        kind: str = "district",
        city: str | None = "测试市",
        **columns: Any,
    ) -> Self:
        """A district; ``kind`` is district, county or zone."""
        row = {"id": id, "name": name or f"区{id}", "kind": kind, "city": city}
        return self._add("districts", {**row, **columns})

    def township(
        self,
        id: str,
        district_id: str,
        name: str | None = None,
        *,
        kind: str = "street",
        **columns: Any,
    ) -> Self:
        """A township-level unit of a district; ``kind`` is street, town, township, zone,
        scenic or other."""
        row = {"id": id, "district_id": district_id, "name": name or f"乡镇{id}", "kind": kind}
        return self._add("townships", {**row, **columns})

    def community(
        self,
        id: str,
        township_id: str,
        name: str | None = None,
        *,
        kind: str = "urban",
        **columns: Any,
    ) -> Self:
        """A community of a township; ``kind`` is urban or rural."""
        row = {"id": id, "township_id": township_id, "name": name or f"社区{id}", "kind": kind}
        return self._add("communities", {**row, **columns})

    # -- what exists in it ---------------------------------------------------------------

    def organization(
        self,
        id: str,
        community_id: str,
        name: str | None = None,
        *,
        founded: Day = EARLY,
        dissolved: Day | None = None,
        **columns: Any,
    ) -> Self:
        """An organization of a community; other columns (``category``…) as keywords."""
        row = {
            "id": id,
            "community_id": community_id,
            "name": name or f"组织{id}",
            "founded": founded,
            "dissolved": dissolved,
        }
        return self._add("organizations", {**row, **columns})

    def organizations(
        self,
        community_id: str,
        n: int,
        *,
        founded: Day = EARLY,
        dissolved: Day | None = None,
        **columns: Any,
    ) -> Self:
        """``n`` organizations of one community, ids ``{community_id}-O1``, ``-O2``…

        Numbering goes on across calls for the same community, so ids never clash.
        """
        for _ in range(n):
            number = self._next(f"{community_id}-O")
            self.organization(
                f"{community_id}-O{number}",
                community_id,
                founded=founded,
                dissolved=dissolved,
                **columns,
            )
        return self

    def federation(
        self,
        id: str,
        unit_id: str,
        *,
        level: str = "township",
        founded: Day = EARLY,
        dissolved: Day | None = None,
        **columns: Any,
    ) -> Self:
        """A federation of CSOs at ``level`` township (the default) or community."""
        row = {
            "id": id,
            "level": level,
            "unit_id": unit_id,
            "name": f"联合会{id}",
            "founded": founded,
            "dissolved": dissolved,
        }
        return self._add("federations", {**row, **columns})

    def establishment(
        self,
        id: str,
        unit_id: str,
        *,
        kind: str,
        established: Day = EARLY,
        ended: Day | None = None,
        **columns: Any,
    ) -> Self:
        """A platform or system of a unit (``city``, a district, a township, a community).

        ``kind`` may be a kind of DATA.md (``service_centre``…) or a plugin's own
        (``community_fund``).
        """
        row = {
            "id": id,
            "kind": kind,
            "unit_id": unit_id,
            "name": f"平台{id}",
            "established": established,
            "ended": ended,
        }
        return self._add("establishments", {**row, **columns})

    def brand_project(
        self, id: str, organization_id: str, *, designated: Day = EARLY, **columns: Any
    ) -> Self:
        """A brand project of an organization."""
        row = {
            "id": id,
            "organization_id": organization_id,
            "name": f"品牌项目{id}",
            "designated": designated,
        }
        return self._add("brand_projects", {**row, **columns})

    def event(self, id: str, unit_id: str, *, kind: str, date: Day, **columns: Any) -> Self:
        """Something held on a date by ``city``, a district or a township (``training``…)."""
        row = {"id": id, "kind": kind, "unit_id": unit_id, "name": f"活动{id}", "date": date}
        return self._add("events", {**row, **columns})

    def rows(self, table: str, *rows: Mapping[str, Any]) -> Self:
        """Rows of any table exactly as given (names and kinds filled in when absent)."""
        for row in rows:
            self._add(table, with_defaults(table, row))
        return self

    # -- in one call ---------------------------------------------------------------------

    def district_with(
        self,
        id: str = "D1",
        *,
        communities: int,
        organizations: int,
        founded: Day = EARLY,
        townships: int = 1,
        community_kind: str = "urban",
        kind: str = "district",
    ) -> Self:
        """A district with ``townships`` townships, ``communities`` communities shared
        among them in turn, and ``organizations`` organizations shared among the
        communities in turn, all founded on ``founded``.

        Ids: townships ``{id}-T1``…, communities ``{id}-C1``…, organizations
        ``{id}-C1-O1``….
        """
        self.district(id, kind=kind)
        township_ids = [f"{id}-T{t}" for t in range(1, townships + 1)]
        for township_id in township_ids:
            self.township(township_id, id)
        community_ids = [f"{id}-C{c}" for c in range(1, communities + 1)]
        for index, community_id in enumerate(community_ids):
            township_id = township_ids[index % len(township_ids)]
            self.community(community_id, township_id, kind=community_kind)
        if organizations and not community_ids:
            raise ValueError("organizations need at least one community")
        for index in range(organizations):
            self.organizations(community_ids[index % len(community_ids)], 1, founded=founded)
        return self

    # -- the result ----------------------------------------------------------------------

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """The rows added so far, table by table (a copy: change it freely)."""
        return {name: [dict(row) for row in rows] for name, rows in self._tables.items()}

    def build(self) -> Dataset:
        """The dataset, checked as a bureau's files are; :class:`~scoplan.DataError` if bad."""
        return build_dataset(self._tables, registry=self._registry)


def district_dataset(
    communities: int,
    organizations: int,
    founded: Day = EARLY,
    *,
    id: str = "D1",
    townships: int = 1,
    community_kind: str = "urban",
) -> Dataset:
    """A dataset of one district with ``communities`` communities and ``organizations``
    organizations founded on ``founded`` (see :meth:`DatasetBuilder.district_with`)."""
    return (
        DatasetBuilder()
        .district_with(
            id,
            communities=communities,
            organizations=organizations,
            founded=founded,
            townships=townships,
            community_kind=community_kind,
        )
        .build()
    )
