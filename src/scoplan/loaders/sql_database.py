"""``sql``: the tables of DATA.md in a SQL database, named by a URL or an SQLite file's path.

``sqlite:///registry.db`` (a path from the current folder; ``sqlite:////srv/registry.db`` from the
root; or the path alone, ``registry.db``, a file whose first bytes are SQLite's) is read with
Python's own :mod:`sqlite3`, read-only, all its tables in one read transaction: one committed state
of it, even while a program writes it (each table read in a transaction of its own could mix two, a
community of the first with the organizations of the second). A database in rollback-journal mode
is read under SQLite's shared lock, which keeps a writer from committing until the read ends; one
in WAL mode from the snapshot its first read takes. Only a WAL database with neither ``-wal`` nor
``-shm`` beside it (no program has it open) is opened immutable too, so that nothing is written
beside it and a database on a read-only mount reads too. A database another program holds locked
past :data:`BUSY_SECONDS` is ``database_busy`` (try again later), not ``unreadable``. A DuckDB
database, ``duckdb:///registry.duckdb`` or its path alone (a file whose header says DuckDB's), is
read with the :mod:`duckdb` package, ``pip install 'scoplan[duckdb]'``: read-only, every table in
one transaction, so that the run sees the database in one state. A URL of PostgreSQL, MySQL,
MariaDB, SQL Server or Oracle (``postgresql://user@host/registry``,
``mysql+pymysql://user@host/registry``), or ``sqlite+pysqlite:///registry.db``, is read through
SQLAlchemy and the database's driver, which come with ``pip install 'scoplan[sql]'`` (and the
driver's own package).

Tables and columns are named as in DATA.md, in English or Chinese. The database's other tables are
left alone: a database holds more than a register. When the bureau's schema names things otherwise,
a mapping file (TOML) says how, given in the URL as ``?mapping=FILE`` (a relative path from the
SQLite file's folder, so that a scheduled job finds it wherever it starts; else, when it is not
there, from the current folder, as for any other database)::

    # scoplan evaluate 'sqlite:///registry.db?mapping=mapping.toml'
    [tables]
    organizations = "t_csos"        # DATA.md's table = the database's
    "社区" = "t_communities"         # a Chinese name is a TOML key in quotes

    [columns.organizations]
    founded = "found_date"          # DATA.md's column = the database's

Cells become the text a CSV file would hold: dates ``YYYY-MM-DD``, whole numbers without
``.0``, booleans ``true``/``false``, NULL empty; text is left as written for the checker.
Rows are read in rowid order (SQLite, DuckDB) or primary-key order, and a problem's row is the
row's position in that order, from 1: ``registry.db: organizations, row 5``. No more than
one row past :mod:`scoplan.limits`' ``rows`` is ever asked of a table or view (``LIMIT``),
so a view that never ends (a recursive one) is refused, not read forever; a table with more
columns than ``columns`` is refused before its rows are read.
"""

from __future__ import annotations

import functools
import importlib.metadata
import itertools
import re
import tomllib
import urllib.parse
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import polars as pl

from scoplan._display import masked
from scoplan._exceptions import DataError, Problem
from scoplan._os_reasons import os_reason
from scoplan._toml_words import toml_reason_zh
from scoplan.formats import Loader, ProgressCallback
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.limits import current, over
from scoplan.loaders._cells import cell_text, raw_table, text_columns
from scoplan.loaders._tables import (
    _canonical_columns,
    canonical_table,
    duplicate_table,
    header_words,
)
from scoplan.loaders.contract import ROW, RawTable
from scoplan.schema import TABLES_BY_NAME

if TYPE_CHECKING:
    import sqlite3

DIALECTS = frozenset({"sqlite", "postgresql", "mysql", "mariadb", "mssql", "oracle"})
"""SQLAlchemy's own dialects; those of installed SQLAlchemy plugins are accepted too."""
EXTRA = "scoplan[sql]"
DUCKDB_EXTRA = "scoplan[duckdb]"
BATCH = 10_000
BUSY_SECONDS = 5.0
"""How long a read waits for another program's lock on an SQLite database before it gives up."""
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".db3")
"""What an SQLite file is named: an empty file so named is taken for an empty database."""
_DRIVERS = {"psycopg": "psycopg[binary]", "psycopg2": "psycopg2-binary", "MySQLdb": "mysqlclient"}
"""The pip package of each database driver's module, where its name is not the module's."""
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9]*)(\+[A-Za-z0-9_]+)?://")


@functools.cache
def _plugin_dialects() -> frozenset[str]:
    points = importlib.metadata.entry_points(group="sqlalchemy.dialects")
    return frozenset(point.name.split(".")[0].lower() for point in points)


_TABLES = {"expected": ", ".join(TABLES_BY_NAME)}


_SQLITE_HEADER = b"SQLite format 3\x00"
"""The first 16 bytes of every SQLite database file."""


def sqlite_file(source: str) -> bool:
    """Whether ``source`` is the path of an SQLite database file (``台账.db``), told by its
    first bytes, not its name: what a bureau hands over is a file, not a URL. An empty file
    named as a database is (SQLite's empty database is a file of 0 bytes, and it is read as
    ``sqlite:///`` reads it: an empty file, not an unknown source)."""
    if "://" in source:
        return False
    try:
        with open(source, "rb") as file:
            first = file.read(len(_SQLITE_HEADER))
    except (OSError, ValueError):
        return False
    return first == _SQLITE_HEADER or (
        not first and Path(source).suffix.lower() in _SQLITE_SUFFIXES
    )


_DUCKDB_MAGIC = (8, b"DUCK")
"""Where a DuckDB database file says it is one, and how: ``DUCK`` after the 8 bytes of its
header's checksum."""


def duckdb_file(source: str) -> bool:
    """Whether ``source`` is the path of a DuckDB database file (``台账.duckdb``), told by its
    header's bytes, not its name."""
    if "://" in source:
        return False
    offset, magic = _DUCKDB_MAGIC
    try:
        with open(source, "rb") as file:
            return file.read(offset + len(magic))[offset:] == magic
    except (OSError, ValueError):
        return False


def accepts(source: str) -> bool:
    match = _URL.match(source)
    if match is None:
        return sqlite_file(source) or duckdb_file(source)
    dialect = match.group(1).lower()
    return dialect in DIALECTS or dialect == "duckdb" or dialect in _plugin_dialects()


@attrs.frozen
class SchemaMapping:
    """How the database names DATA.md's tables and columns (both DATA.md's → the database's)."""

    tables: Mapping[str, str] = attrs.field(factory=dict)
    columns: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    file: str | None = None
    """The mapping file's name (``mapping.toml``), as messages name it."""


def _unknown_columns(
    table: str, written: str, renames: Mapping[str, str], source: str
) -> list[Problem]:
    """A mapping's key under ``[columns.TABLE]`` that names no column of the table but is
    near one (``founded_date`` for ``founded``, 成立日期): an error saying which it may mean,
    not a header of the database's table refused and its column said to be missing. A key
    near none may be a column a plugin declares, or the bureau's own: it is left be."""
    from scoplan._convert import did_you_mean
    from scoplan.loaders._tables import column_named

    columns = TABLES_BY_NAME[table].columns
    chinese = {column.name: column.alias for column in columns}
    problems: list[Problem] = []
    for key, given in renames.items():
        if column_named(table, key) is not None:
            continue
        hint, hint_zh = did_you_mean(key, [column.name for column in columns], chinese)
        if not hint:
            continue
        params = {
            "key": key,
            "given": given,
            "section": f"columns.{written}",
            "hint": hint,
            "hint_zh": hint_zh,
            "table_zh": TABLES_BY_NAME[table].alias,
        }
        problems.append(Problem("mapping_column", source, table=table, params=params))
    return problems


def read_mapping(path: Path) -> SchemaMapping:
    """The mapping of a TOML file, or a DataError naming every problem in it."""
    source = path.name
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem("not_found", str(path))]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DataError([Problem("unreadable", source, params=os_reason(error))]) from None
    except tomllib.TOMLDecodeError as error:
        params = {"reason": str(error), "reason_zh": toml_reason_zh(str(error))}
        raise DataError([Problem("bad_toml", source, params=params)]) from None
    problems: list[Problem] = []

    def shape(reason: str, reason_zh: str) -> None:
        params = {"reason": reason, "reason_zh": reason_zh}
        problems.append(Problem("bad_shape", source, params=params))

    def names(key: str, value: object) -> dict[str, str]:
        if not isinstance(value, dict):
            shape(f"[{key}] should be a table of names", f"[{key}] 应为名称的表")
            return {}
        found: dict[str, str] = {}
        for name, given in value.items():
            if isinstance(given, str) and given:
                found[name] = given
            else:
                said = f"{key}.{name}"
                shape(f"{said} should be a name in quotes", f"{said} 应为加引号的名称")
        return found

    for key in document:
        if key not in ("tables", "columns"):
            shape(
                f"unknown key {key!r} (expected [tables] and [columns.TABLE])",
                f"未知的键“{key}”（应为 [tables] 和 [columns.表名]）",
            )
    tables: dict[str, str] = {}
    for name, given in names("tables", document.get("tables", {})).items():
        table = canonical_table(name)
        if table is None:
            problems.append(Problem("mapping_table", source, table=name, params=_TABLES))
        else:
            tables[table] = given
    columns: dict[str, dict[str, str]] = {}
    by_table = document.get("columns", {})
    if not isinstance(by_table, dict):
        shape(
            "[columns] should hold one [columns.TABLE] per table",
            "[columns] 应为每张表一个 [columns.表名]",
        )
        by_table = {}
    for name, value in by_table.items():
        table = canonical_table(name)
        if table is None:
            problems.append(Problem("mapping_table", source, table=name, params=_TABLES))
            continue
        renames = names(f"columns.{name}", value)
        problems += _unknown_columns(table, name, renames, source)
        canonical, _ = _canonical_columns(table, list(renames), source)
        columns[table] = dict(zip(canonical, renames.values(), strict=True))
    if problems:
        raise DataError(problems)
    return SchemaMapping(tables, columns, path.name)


def _split_mapping(source: str) -> tuple[str, Path | None]:
    """The URL without its ``mapping`` parameter, and the mapping file it names."""
    base, _, query = source.partition("?")
    if not query:
        return source, None
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    mapping = [value for key, value in pairs if key == "mapping"]
    rest = urllib.parse.urlencode([(key, value) for key, value in pairs if key != "mapping"])
    return (f"{base}?{rest}" if rest else base), (Path(mapping[-1]) if mapping else None)


def _mapping_path(mapping: Path, database: Path | None) -> Path:
    """Where the mapping file named in a URL is: a relative path from the folder of the
    SQLite file ``database`` (None for a server's database), so that a scheduled job started
    elsewhere finds it; else from the current folder, where only it is there."""
    if mapping.is_absolute() or database is None:
        return mapping
    beside = database.parent / mapping
    if beside.is_file() or not mapping.is_file():
        return beside
    return mapping


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Reading:
    """One read of a database: which of its tables are DATA.md's, and their rows as text."""

    def __init__(
        self,
        name: str,
        mapping: SchemaMapping,
        progress: ProgressCallback | None,
        only: Collection[str] | None = None,
    ) -> None:
        self.name = name
        self.mapping = mapping
        self.progress = progress
        self.only = only
        """The tables to read (the others left unread and unsaid); None: all."""
        self.tables: dict[str, RawTable] = {}
        self.problems: list[Problem] = []

    def chosen(self, present: Iterable[str]) -> list[tuple[str, str]]:
        """(DATA.md's table, the database's) for each table to read, in the database's order."""
        present = list(present)
        by_name = {name.lower(): name for name in present}
        mapped = {table: by_name.get(given.lower()) for table, given in self.mapping.tables.items()}
        for table, found in mapped.items():
            if found is None and (self.only is None or table in self.only):
                given = self.mapping.tables[table]
                params = {
                    "mapping": self.mapping.file or "-",
                    "name": table,
                    "name_zh": TABLES_BY_NAME[table].alias,
                }
                problem = Problem("no_such_table", self.name, table=table, value=given)
                self.problems.append(attrs.evolve(problem, params=params))
        taken = {found for found in mapped.values() if found is not None}
        chosen: list[tuple[str, str]] = []
        seen: dict[str, str] = {}
        for name in present:
            ours = next((t for t, found in mapped.items() if found == name), None)
            if ours is None and name not in taken:
                ours = canonical_table(name)
                if ours in self.mapping.tables:
                    ours = None  # the mapping names another table for this one
            if ours is None:
                continue
            if ours in seen:
                where = f"{self.name}: {name}"
                other = f"{self.name}: {seen[ours]}"
                self.problems.append(duplicate_table(ours, where, other))
                continue
            seen[ours] = name
            chosen.append((ours, name))
        return [(ours, name) for ours, name in chosen if self.only is None or ours in self.only]

    def too_long(self, table: str, name: str, count: int) -> bool:
        """Whether a table counted ``count`` rows (at most one past the limit): more than
        the limit refuses it, unread."""
        limit = current().rows
        if count <= limit:
            return False
        self.problems.append(over("rows", f"{self.name}: {name}", limit, table=table))
        return True

    def add(
        self,
        table: str,
        name: str,
        header: Sequence[str],
        rows: Iterator[Sequence[object]],
    ) -> None:
        """Add one database table, its column names and its rows, as a raw table."""
        names = self.columns(table, name, header)
        if names is None:
            return
        # the query asks one row past the limit already; a plugin's dialect may not heed it
        rows = itertools.islice(rows, current().rows + 1)
        body = [[cell_text(value) for value in row] for row in rows]
        raw = raw_table(table, f"{self.name}: {name}", names, body, range(1, len(body) + 1))
        self.keep(raw, names, header)

    def add_frame(self, table: str, name: str, names: Sequence[str], frame: pl.DataFrame) -> None:
        """Add one database table read into a frame of its typed cells, as a raw table, its
        columns' canonical ``names`` as :meth:`columns` gave them."""
        header = frame.columns
        columns = [text.alias(ours) for text, ours in zip(text_columns(frame), names, strict=True)]
        row = pl.int_range(1, frame.height + 1, dtype=pl.Int64, eager=True).alias(ROW)
        self.keep(
            RawTable(table, f"{self.name}: {name}", pl.DataFrame([row, *columns])), names, header
        )

    def keep(self, raw: RawTable, names: Sequence[str], header: Sequence[str]) -> None:
        """Keep a table read, its columns named as the database (and the mapping) name them."""
        lowered = {column.lower() for column in header}
        given = self.mapping.columns.get(raw.name, {})
        self.tables[raw.name] = attrs.evolve(
            raw,
            numbering="record",
            headers=header_words(names, header),
            mapped={ours: it for ours, it in given.items() if it.lower() not in lowered},
            mapping=self.mapping.file,
        )

    def columns(self, table: str, name: str, header: Sequence[str]) -> list[str] | None:
        """The canonical names of a database table's columns ``header``, their problems
        noted; None where the table has more columns than the limit (refused, unread)."""
        source = f"{self.name}: {name}"
        if self.progress is not None:
            self.progress(source)
        limits = current()
        if len(header) > limits.columns:
            self.problems.append(over("columns", source, limits.columns, table=table))
            return None
        renamed = {
            given.lower(): ours for ours, given in self.mapping.columns.get(table, {}).items()
        }
        lowered = {column.lower() for column in header}
        known = TABLES_BY_NAME[table].columns
        for ours, given in self.mapping.columns.get(table, {}).items():
            if given.lower() not in lowered:
                # named as the mapping names it, in the database's words, and the mapping's
                alias = next((c.alias for c in known if c.name == ours), ours)
                params = {
                    "mapping": self.mapping.file or "-",
                    "name": ours,
                    "name_zh": alias,
                    "header": given,
                }
                problem = Problem("no_such_column", source, table=table, column=ours, value=given)
                self.problems.append(attrs.evolve(problem, params=params))
        headers = [renamed.get(column.lower(), column) for column in header]
        names, found = _canonical_columns(table, headers, source)
        # a database has no header row: its problems are the table's, not row 1's
        self.problems.extend(attrs.evolve(problem, row=None) for problem in found)
        return names


def _database_file_at(location: str) -> Path:
    """The database file at ``location`` (SQLite's or DuckDB's), or a DataError: none is."""
    path = Path(location)
    if not path.is_file():
        raise DataError([Problem("not_found", location)])
    return path


def _read_sqlite(
    location: str,
    mapping: SchemaMapping,
    progress: ProgressCallback | None,
    only: Collection[str] | None = None,
) -> tuple[dict[str, RawTable], list[Problem]]:
    import sqlite3  # here, not at import: only a sqlite URL needs it

    path = _database_file_at(location)
    if path.stat().st_size == 0:
        # SQLite reads an empty file as a database without tables: say what it is
        raise DataError([Problem("empty_database", path.name)])
    reading = _Reading(path.name, mapping, progress, only)
    most = current().rows + 1
    try:
        # isolation_level None: no transaction of sqlite3's own; the one begun below is all
        connection = sqlite3.connect(
            sqlite_uri(path), uri=True, timeout=BUSY_SECONDS, isolation_level=None
        )
    except sqlite3.Error as error:
        raise DataError([_sqlite_problem(path.name, error)]) from None
    try:
        # every table in one read transaction: one committed state of the database, though
        # a program commits to it meanwhile (closing the connection ends the transaction)
        connection.execute("BEGIN")
        present = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
            )
        ]
        for table, name in reading.chosen(present):
            _read_table(connection, reading, table, name, most)
    except sqlite3.Error as error:
        raise DataError([_sqlite_problem(path.name, error)]) from None
    finally:
        connection.close()
    return reading.tables, reading.problems


def _read_table(
    connection: sqlite3.Connection, reading: _Reading, table: str, name: str, most: int
) -> None:
    """Read the database's table (or view) ``name`` as DATA.md's ``table`` into ``reading``:
    counted first, up to one row past the limit (``most``), so that a table too long is
    not read."""
    import sqlite3

    counting = f"SELECT count(*) FROM (SELECT 1 FROM {_quote(name)} LIMIT ?)"
    (count,) = connection.execute(counting, (most,)).fetchone()
    if reading.too_long(table, name, count):
        return
    try:
        cursor = connection.execute(f"SELECT * FROM {_quote(name)} ORDER BY rowid LIMIT ?", (most,))
    except sqlite3.OperationalError:  # a view, or a table WITHOUT ROWID (in key order)
        cursor = connection.execute(f"SELECT * FROM {_quote(name)} LIMIT ?", (most,))
    header = [column[0] for column in cursor.description]
    reading.add(table, name, header, _batches(cursor.fetchmany))


def _sqlite_problem(name: str, error: BaseException) -> Problem:
    """The problem of an SQLite error: ``database_busy`` when another program held the
    database locked for all of :data:`BUSY_SECONDS` (a later run may read it), else
    ``unreadable`` with SQLite's reason."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return Problem("database_busy", name, params={"seconds": f"{BUSY_SECONDS:g}"})
    return Problem("unreadable", name, params={"reason": str(error)})


def sqlite_uri(path: Path) -> str:
    """The URI that opens a SQLite database read-only; immutable too only when it is in WAL
    mode and no program has it open (neither ``-wal`` nor ``-shm`` beside it): read so, it
    has nothing written beside it, where SQLite would write both, and reads on a read-only
    mount. Any other is read under SQLite's locks (which write nothing): immutable, it would
    be read without them, a writer's half-written pages with the rest."""
    resolved = path.resolve()
    uri = f"file:{urllib.parse.quote(str(resolved))}?mode=ro"
    companions = (resolved.with_name(resolved.name + suffix) for suffix in ("-wal", "-shm"))
    if _wal_mode(resolved) and not any(companion.exists() for companion in companions):
        return uri + "&immutable=1"
    return uri


def _wal_mode(path: Path) -> bool:
    """Whether the SQLite file at ``path`` is in WAL mode: its header's read and write
    versions (bytes 18 and 19) are 2, where a rollback journal's are 1."""
    try:
        with path.open("rb") as file:
            return file.read(20)[18:20] == b"\x02\x02"
    except OSError:
        return False


def _batches(fetch: Callable[[int], Sequence[Sequence[object]]]) -> Iterator[Sequence[object]]:
    while rows := fetch(BATCH):
        yield from rows


_DUCKDB_TYPES = re.compile(
    r"(BOOLEAN|(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\)|DATE"
    r"|TIMESTAMP(_S|_MS|_NS)?|TIME|VARCHAR|BLOB)"
)
"""DuckDB's types whose cells polars takes as they are, to be made text as a SQLite cell of the
type is; a timestamp with a time zone is read in the local time zone (its day here, as
DuckDB shows it), and a cell of any other type (an interval, a list, a UUID, an enum) as DuckDB
writes it."""
_DUCKDB_TABLES = """
    SELECT name, is_table FROM (
        SELECT table_name AS name, table_oid AS oid, true AS is_table FROM duckdb_tables()
        WHERE database_name = current_database() AND schema_name = current_schema()
        UNION ALL
        SELECT view_name, view_oid, false FROM duckdb_views()
        WHERE NOT internal AND NOT temporary
            AND database_name = current_database() AND schema_name = current_schema()
    ) ORDER BY oid
"""
"""The tables and views of a DuckDB database's own schema (``main``), as they were made."""


def _read_duckdb(
    location: str,
    mapping: SchemaMapping,
    progress: ProgressCallback | None,
    only: Collection[str] | None = None,
) -> tuple[dict[str, RawTable], list[Problem]]:
    path = _database_file_at(location)
    try:
        import duckdb  # here, not at import: an optional package, and only DuckDB needs it
    except ImportError:
        problem = Problem("needs_duckdb", path.name, params={"extra": DUCKDB_EXTRA})
        raise DataError([problem]) from None
    reading = _Reading(path.name, mapping, progress, only)
    most = current().rows + 1
    # nothing fetched from the network: a register needs no extension
    config: dict[str, str | bool | int | float | list[str]] = {
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    try:
        connection = duckdb.connect(str(path), read_only=True, config=config)
    except duckdb.Error as error:
        raise DataError([_reason(path.name, error)]) from None
    try:
        # one transaction for every table: the run sees the database in one state
        connection.begin()
        present = dict(connection.execute(_DUCKDB_TABLES).fetchall())
        for table, name in reading.chosen(present):
            # counted first, up to one row past the limit: a table too long is not read
            counting = f"SELECT count(*) FROM (SELECT 1 FROM {_quote(name)} LIMIT {most})"
            [(count,)] = connection.execute(counting).fetchall()
            if reading.too_long(table, name, count):
                continue
            relation = connection.sql(f"SELECT * FROM {_quote(name)}")
            names = reading.columns(table, name, relation.columns)
            if names is None:  # more columns than the limit: refused before its rows are read
                continue
            cells = ", ".join(
                _quote(column)
                if _DUCKDB_TYPES.fullmatch(str(kind))
                else f"CAST({_quote(column)} AS {_cast(str(kind))}) AS {_quote(column)}"
                for column, kind in zip(relation.columns, relation.types, strict=True)
            )
            order = " ORDER BY rowid" if present[name] else ""  # a view's rows as it gives them
            query = f"SELECT {cells} FROM {_quote(name)}{order} LIMIT {most}"
            # into polars through the Arrow C stream interface: no pyarrow needed
            frame = pl.DataFrame(connection.sql(query))
            reading.add_frame(table, name, names, frame)
    except duckdb.Error as error:
        raise DataError([_reason(path.name, error)]) from None
    finally:
        connection.close()
    return reading.tables, reading.problems


def _cast(kind: str) -> str:
    """What a DuckDB cell of a type polars does not take as it is is read as."""
    return "TIMESTAMP" if kind == "TIMESTAMP WITH TIME ZONE" else "VARCHAR"


def _read_sqlalchemy(
    url_text: str,
    mapping: SchemaMapping,
    progress: ProgressCallback | None,
    only: Collection[str] | None = None,
) -> tuple[dict[str, RawTable], list[Problem]]:
    dialect = url_text.split("://", 1)[0]
    try:
        import sqlalchemy
        from sqlalchemy.engine import make_url
    except ImportError:
        problem = Problem("needs_extra", dialect, params={"extra": EXTRA})
        raise DataError([problem]) from None
    try:
        url = make_url(url_text)
    except sqlalchemy.exc.ArgumentError as error:
        reason = masked(str(error))  # the error quotes the URL
        raise DataError([Problem("unreadable", dialect, params={"reason": reason})]) from None
    # the database's name, never the URL: a URL may hold a password
    name = Path(url.database).name if url.database else url.host or dialect
    options: dict[str, object] = {}
    pysqlite = (url.get_backend_name(), url.get_driver_name()) == ("sqlite", "pysqlite")
    if pysqlite and url.database and Path(url.database).is_file():
        if Path(url.database).stat().st_size == 0:
            raise DataError([Problem("empty_database", name)])
        # read as sqlite:/// is: read-only, nothing written beside the file
        options["creator"] = _sqlite_creator(Path(url.database))
    try:
        engine = sqlalchemy.create_engine(url, **options)
    except ImportError as error:  # the database's driver
        module = (error.name or dialect).split(".")[0]
        params = {"module": module, "package": _DRIVERS.get(module, module)}
        raise DataError([Problem("no_driver", name, params=params)]) from None
    except sqlalchemy.exc.SQLAlchemyError as error:
        raise DataError([_reason(name, error)]) from None
    if url.get_backend_name() == "sqlite" and not url.database:
        raise DataError([Problem("no_database_file", masked(url_text))])
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        # SQLite would create an empty database: that is not the register the user meant
        raise DataError([Problem("not_found", url.database or masked(url_text))])
    if pysqlite:
        # pysqlite begins no transaction before a read: begin one, so that every table is
        # read in it, of one committed state, as sqlite:/// reads them
        sqlalchemy.event.listen(engine, "begin", lambda begun: begun.exec_driver_sql("BEGIN"))
    snapshot: dict[str, str] = {}
    if url.get_backend_name() == "postgresql":
        # PostgreSQL's default takes a snapshot a statement: one for the whole read
        snapshot["isolation_level"] = "REPEATABLE READ"
    reading = _Reading(name, mapping, progress, only)
    try:
        with engine.connect().execution_options(**snapshot) as connection:
            inspector = sqlalchemy.inspect(connection)
            present = [*inspector.get_table_names(), *inspector.get_view_names()]
            for table, db_name in reading.chosen(present):
                reflected = sqlalchemy.Table(
                    db_name, sqlalchemy.MetaData(), autoload_with=connection
                )
                most = current().rows + 1
                one: sqlalchemy.ColumnElement[int] = sqlalchemy.literal_column("1")
                counting = sqlalchemy.select(sqlalchemy.func.count()).select_from(
                    sqlalchemy.select(one).select_from(reflected).limit(most).subquery()
                )
                if reading.too_long(table, db_name, connection.execute(counting).scalar_one()):
                    continue
                query = (
                    sqlalchemy.select(reflected)
                    .order_by(*reflected.primary_key.columns)
                    .limit(most)  # rows may have been added since they were counted
                )
                result = connection.execute(query)
                header = [str(key) for key in result.keys()]  # noqa: SIM118
                reading.add(table, db_name, header, _batches(result.fetchmany))
    except sqlalchemy.exc.SQLAlchemyError as error:
        orig = getattr(error, "orig", None)
        if isinstance(orig, Exception) and hasattr(orig, "sqlite_errorcode"):
            problem = _sqlite_problem(name, orig)
            if problem.code == "database_busy":
                raise DataError([problem]) from None
        raise DataError([_reason(name, error)]) from None
    finally:
        engine.dispose()
    return reading.tables, reading.problems


def _sqlite_creator(path: Path) -> Callable[[], object]:
    import sqlite3

    uri = sqlite_uri(path)
    return lambda: sqlite3.connect(
        uri, uri=True, check_same_thread=False, timeout=BUSY_SECONDS, isolation_level=None
    )


def _reason(name: str, error: Exception) -> Problem:
    text = masked(str(getattr(error, "orig", None) or error))
    reason = text.splitlines()[0] if text else type(error).__name__
    return Problem("unreadable", name, params={"reason": reason})


def read(
    source: str,
    progress: ProgressCallback | None = None,
    *,
    only: Collection[str] | None = None,
) -> tuple[dict[str, RawTable], list[Problem]]:
    """The tables of the database at the URL ``source`` and the problems; with ``only``, the
    tables of those names alone, the others left unread and unsaid."""
    if sqlite_file(source):  # a path, as sqlite:///path
        return _read_sqlite(source, SchemaMapping(), progress, only)
    if duckdb_file(source):  # a path, as duckdb:///path
        return _read_duckdb(source, SchemaMapping(), progress, only)
    url, mapping_file = _split_mapping(source)
    location: str | None = None
    reader = _read_sqlite
    for scheme, scheme_reader in (("sqlite://", _read_sqlite), ("duckdb://", _read_duckdb)):
        if url.lower().startswith(scheme):
            # sqlite:///registry.db is relative, sqlite:////srv/registry.db absolute
            location = url[len(scheme) :].partition("?")[0].removeprefix("/")
            reader = scheme_reader
            if not location:
                raise DataError([Problem("no_database_file", url)])
    mapping = SchemaMapping()
    if mapping_file is not None:
        mapping = read_mapping(_mapping_path(mapping_file, _database_file(url, location)))
    if location is not None:
        return reader(location, mapping, progress, only)
    return _read_sqlalchemy(url, mapping, progress, only)


def _database_file(url: str, location: str | None) -> Path | None:
    """The database file a URL names (``sqlite:///``, ``sqlite+pysqlite:///``,
    ``duckdb:///``), None for a server's database."""
    if location is not None:
        return Path(location)
    dialect, _, rest = url.partition("://")
    if dialect.lower().split("+")[0] != "sqlite":
        return None
    rest = rest.partition("?")[0].removeprefix("/")
    return Path(rest) if rest else None


@hookimpl
def scoplan_register_loaders(register: Callable[[Loader], None]) -> None:
    register(Loader("sql", Text("SQL 数据库", "SQL database"), accepts, read))
