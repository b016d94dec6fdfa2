"""Reading the tables of DATA.md from a SQL database (scoplan.loaders.sql_database)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import scoplan
from scoplan import DataError
from scoplan.cli import main
from scoplan.i18n import describe_problem
from scoplan.loaders import sql_database
from scoplan.schema import TABLES_BY_NAME

Tables = Mapping[str, Sequence[Sequence[Any]]]


def tables_of(tables: Mapping[str, str]) -> dict[str, list[list[Any]]]:
    """The CSV texts of ``{file name: text}`` as ``{table: [header, *rows]}``, blanks as NULL."""
    found = {}
    for name, text in tables.items():
        header, *rows = csv.reader(io.StringIO(text))
        found[Path(name).stem] = [header, *[[cell or None for cell in row] for row in rows]]
    return found


def write_database(path: Path, tables: Tables, *, extra_sql: str = "") -> Path:
    """A SQLite file with one table per entry, every column untyped, rows in the order given."""
    connection = sqlite3.connect(path)
    with connection:
        for name, (header, *rows) in tables.items():
            columns = ", ".join(f'"{column}"' for column in header)
            connection.execute(f'CREATE TABLE "{name}" ({columns})')
            marks = ", ".join("?" for _ in header)
            connection.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
        if extra_sql:
            connection.executescript(extra_sql)
    connection.close()
    return path


def url(path: Path, query: str = "") -> str:
    """The ``sqlite:///`` URL of an absolute path (four slashes), with a query if given."""
    return f"sqlite:///{path}" + (f"?{query}" if query else "")


def problems_of(source: str) -> list[tuple[Any, ...]]:
    """(code, source, table, row, column, value) of each problem loading ``source`` gives."""
    with pytest.raises(DataError) as error:
        scoplan.load(source)
    return [(p.code, p.source, p.table, p.row, p.column, p.value) for p in error.value.problems]


@pytest.fixture
def valid_rows(valid_tables: dict[str, str]) -> dict[str, list[list[Any]]]:
    """The small valid dataset as ``{table: [header, *rows]}``."""
    return tables_of(valid_tables)


def test_a_database_loads_like_the_csv_folder(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]], valid_folder: Path
) -> None:
    """The small dataset in a SQLite file gives the same dataset as its CSV files."""
    path = write_database(tmp_path / "registry.db", valid_rows)
    data = scoplan.load(url(path))
    assert data.fingerprint == scoplan.load(valid_folder).fingerprint
    assert "registry.db: organizations" in data.sources


def test_a_relative_url_is_from_the_current_folder(
    tmp_path: Path,
    valid_rows: dict[str, list[list[Any]]],
    valid_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``sqlite:///registry.db`` (three slashes) names registry.db in the current folder."""
    write_database(tmp_path / "registry.db", valid_rows)
    monkeypatch.chdir(tmp_path)
    data = scoplan.load("sqlite:///registry.db")
    assert data.fingerprint == scoplan.load(valid_folder).fingerprint


def test_chinese_table_and_column_names(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]], valid_folder: Path
) -> None:
    """Tables 区县, 社区社会组织… with columns 编号, 成立日期… read as their English names."""
    chinese: dict[str, list[list[Any]]] = {}
    for name, (header, *rows) in valid_rows.items():
        table = TABLES_BY_NAME[name]
        aliases = {column.name: column.alias for column in table.columns}
        chinese[table.alias] = [[aliases[h] for h in header], *rows]
    path = write_database(tmp_path / "登记.db", chinese)
    data = scoplan.load(url(path))
    assert data.fingerprint == scoplan.load(valid_folder).fingerprint
    assert "登记.db: 社区社会组织" in data.sources


def test_numbers_booleans_and_nulls_become_what_a_csv_file_holds(tmp_path: Path) -> None:
    """INTEGER and REAL ids keep no ``.0``, 1/0 are booleans, NULL is empty, ISO text dates."""
    tables = {
        "districts": [["id", "name", "kind"], [341002, "屯溪区", "district"]],
        "townships": [
            ["id", "district_id", "name", "kind"],
            [341002001, 341002, "昱东街道", "street"],
        ],
        "communities": [
            ["id", "township_id", "name", "kind"],
            [341002001001.0, 341002001, "塘田社区", "urban"],
        ],
        "organizations": [
            ["id", "community_id", "name", "founded", "dissolved", "charter"],
            ["O1", 341002001001, "甲会", "2021-03-01", "2022-06-30", 1],
            ["O2", 341002001001, "乙会", "2020/1/15", None, 0],
        ],
    }
    data = scoplan.load(url(write_database(tmp_path / "typed.db", tables)))
    assert data.frame("districts").get_column("id").to_list() == ["341002"]
    assert data.frame("communities").row(0, named=True)["id"] == "341002001001"
    rows = data.frame("organizations").select(
        "id", "community_id", "founded", "dissolved", "charter"
    )
    assert rows.rows() == [
        ("O1", "341002001001", dt.date(2021, 3, 1), dt.date(2022, 6, 30), True),
        ("O2", "341002001001", dt.date(2020, 1, 15), None, False),
    ]


def test_a_bad_date_names_the_table_the_row_and_the_column(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]]
) -> None:
    """Row N is the Nth row in rowid order: a bad date in the third row is reported at row 3."""
    organizations = valid_rows["organizations"]
    organizations.append(["O3", "C1", "丙会", None, "someday", *([None] * 7)])
    path = write_database(tmp_path / "registry.db", valid_rows)
    assert problems_of(url(path)) == [
        ("bad_date", "registry.db: organizations", "organizations", 3, "founded", "someday")
    ]


def test_a_missing_column_names_no_row(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]]
) -> None:
    """A table has no header row: a required column it lacks is reported without a row."""
    valid_rows["federations"] = [
        ["id", "level", "unit_id", "name"],
        ["F1", "township", "T1", "一街道联合会"],
    ]
    path = write_database(tmp_path / "registry.db", valid_rows)
    assert problems_of(url(path)) == [
        ("missing_column", "registry.db: federations", "federations", None, "founded", None)
    ]


def test_the_other_tables_of_a_database_are_left_alone(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]], valid_folder: Path
) -> None:
    """A database's own tables and views (staff, a report view) are not DATA.md's: no problem."""
    valid_rows["staff"] = [["id", "name"], ["S1", "张三"]]
    extra = "CREATE VIEW active_organizations AS SELECT * FROM organizations;"
    path = write_database(tmp_path / "registry.db", valid_rows, extra_sql=extra)
    assert scoplan.load(url(path)).fingerprint == scoplan.load(valid_folder).fingerprint


def test_a_table_given_twice_is_a_problem(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]]
) -> None:
    """Tables ``events`` and ``活动`` are one table given twice."""
    valid_rows["活动"] = valid_rows["events"]
    path = write_database(tmp_path / "registry.db", valid_rows)
    with pytest.raises(DataError) as error:
        scoplan.load(url(path))
    assert [(p.code, p.source, p.params["other"]) for p in error.value.problems] == [
        ("duplicate_table", "registry.db: 活动", "registry.db: events")
    ]


MAPPING = """\
[tables]
organizations = "t_csos"
"社区" = "t_communities"  # a Chinese name is a key in quotes

[columns.organizations]
founded = "found_date"
"所属社区" = "comm"
"""
"""A bureau's schema: two tables and two columns of organizations named its own way."""


def bureau_schema(valid_rows: dict[str, list[list[Any]]]) -> dict[str, list[list[Any]]]:
    """The small dataset with organizations in ``t_csos`` (``found_date``, ``comm``) and
    communities in ``t_communities``."""
    tables = dict(valid_rows)
    header, *rows = tables.pop("organizations")
    renamed = {"founded": "found_date", "community_id": "comm"}
    tables["t_csos"] = [[renamed.get(h, h) for h in header], *rows]
    tables["t_communities"] = tables.pop("communities")
    return tables


def test_a_mapping_file_names_the_bureaus_tables_and_columns(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]], valid_folder: Path
) -> None:
    """``?mapping=mapping.toml`` maps DATA.md's tables and columns to the database's."""
    path = write_database(tmp_path / "registry.db", bureau_schema(valid_rows))
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    data = scoplan.load(url(path, f"mapping={mapping}"))
    assert data.fingerprint == scoplan.load(valid_folder).fingerprint
    assert "registry.db: t_csos" in data.sources


def test_without_its_mapping_the_bureaus_schema_lacks_tables(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]]
) -> None:
    """Without the mapping, ``t_csos`` and ``t_communities`` are not tables of DATA.md."""
    path = write_database(tmp_path / "registry.db", bureau_schema(valid_rows))
    with pytest.raises(DataError) as error:
        scoplan.load(url(path))
    missing = [p.table for p in error.value.problems if p.code == "missing_table"]
    assert missing == ["communities", "organizations"]


def test_a_mapping_naming_what_the_database_lacks(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]]
) -> None:
    """A mapped table or column that is not in the database is named, with what it maps."""
    path = write_database(tmp_path / "registry.db", bureau_schema(valid_rows))
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        MAPPING.replace('"t_communities"', '"t_comm"').replace('"comm"', '"community"'),
        encoding="utf-8",
    )
    problems = problems_of(url(path, f"mapping={mapping}"))
    assert ("no_such_table", "registry.db", "communities", None, None, "t_comm") in problems
    assert (
        "no_such_column",
        "registry.db: t_csos",
        "organizations",
        None,
        "community_id",
        "community",
    ) in problems
    with pytest.raises(DataError) as error:
        scoplan.load(url(path, f"mapping={mapping}"))
    [message] = [str(p) for p in error.value.problems if p.code == "no_such_table"]
    assert message == (
        "registry.db: the database has no table 't_comm', which mapping.toml names for communities"
    )


def test_a_bad_mapping_file_is_reported_with_every_problem(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]]
) -> None:
    """An unknown table, a name not in quotes and an unknown key are each reported."""
    path = write_database(tmp_path / "registry.db", valid_rows)
    mapping = tmp_path / "mapping.toml"
    mapping.write_text(
        '[tables]\nfunds = "t_funds"\nevents = 3\n\n[views]\nx = "y"\n', encoding="utf-8"
    )
    with pytest.raises(DataError) as error:
        scoplan.load(url(path, f"mapping={mapping}"))
    assert [(p.code, p.source, p.table) for p in error.value.problems] == [
        ("bad_shape", "mapping.toml", None),
        ("bad_shape", "mapping.toml", None),
        ("mapping_table", "mapping.toml", "funds"),
    ]
    # in Chinese, all of it: it was said in English in a Chinese run (found by a helper)
    said = [describe_problem(p, "zh") for p in error.value.problems[:2]]
    assert said[0].endswith("结构不对：未知的键“views”（应为 [tables] 和 [columns.表名]）")
    assert said[1].endswith("结构不对：tables.events 应为加引号的名称")
    mapping.write_text("[tables\n", encoding="utf-8")
    assert [code for code, *_ in problems_of(url(path, f"mapping={mapping}"))] == ["bad_toml"]
    missing = tmp_path / "nowhere.toml"
    assert problems_of(url(path, f"mapping={missing}")) == [
        ("not_found", str(missing), None, None, None, None)
    ]


def test_a_missing_database_is_not_found(tmp_path: Path) -> None:
    """A URL naming no file gives ``not_found`` naming the path, and creates nothing."""
    missing = tmp_path / "nowhere.db"
    assert problems_of(url(missing)) == [("not_found", str(missing), None, None, None, None)]
    assert not missing.exists()


def test_a_file_that_is_not_a_database_is_unreadable(tmp_path: Path) -> None:
    """A text file behind a sqlite URL is one ``unreadable`` problem naming it."""
    path = tmp_path / "notes.db"
    path.write_text("not a database\n" * 100, encoding="utf-8")
    [(code, source, *_)] = problems_of(url(path))
    assert (code, source) == ("unreadable", "notes.db")


def test_loading_leaves_the_database_unchanged(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]]
) -> None:
    """Reading a database, even one with problems, does not change its file."""
    valid_rows["organizations"][1][4] = "someday"
    path = write_database(tmp_path / "registry.db", valid_rows)
    before = path.read_bytes()
    with pytest.raises(DataError):
        scoplan.load(url(path))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["registry.db"]


def test_other_databases_go_through_sqlalchemy(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]], valid_folder: Path
) -> None:
    """``sqlite+pysqlite:///`` is read by SQLAlchemy, as PostgreSQL or MySQL would be."""
    write_database(tmp_path / "registry.db", valid_rows)
    data = scoplan.load(f"sqlite+pysqlite:///{tmp_path / 'registry.db'}")
    assert data.fingerprint == scoplan.load(valid_folder).fingerprint
    assert "registry.db: organizations" in data.sources


def test_rows_are_numbered_in_rowid_order_or_by_sqlalchemy_in_key_order(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]]
) -> None:
    """O1 inserted after O2 is row 2 by rowid (sqlite3) and row 1 by key (SQLAlchemy)."""
    header, first, second = valid_rows.pop("organizations")
    first[4] = "someday"  # O1's founded
    path = write_database(tmp_path / "registry.db", valid_rows)
    connection = sqlite3.connect(path)
    with connection:
        columns = ", ".join(f'"{c}"' for c in header[1:])
        connection.execute(f'CREATE TABLE organizations ("id" TEXT PRIMARY KEY, {columns})')
        marks = ", ".join("?" for _ in header)
        connection.executemany(f"INSERT INTO organizations VALUES ({marks})", [second, first])
    connection.close()
    where = ("bad_date", "registry.db: organizations", "organizations")
    assert problems_of(url(path)) == [(*where, 2, "founded", "someday")]
    assert problems_of(f"sqlite+pysqlite:///{path}") == [(*where, 1, "founded", "someday")]


def test_without_sqlalchemy_a_clear_message_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With SQLAlchemy absent, a PostgreSQL URL says ``pip install 'scoplan[sql]'``."""
    monkeypatch.setitem(sys.modules, "sqlalchemy", None)
    monkeypatch.setitem(sys.modules, "sqlalchemy.engine", None)
    with pytest.raises(DataError) as error:
        scoplan.load("postgresql://scoplan:secret@localhost/registry")
    [problem] = error.value.problems
    assert problem.code == "needs_extra"
    assert str(problem) == "postgresql: reading this database needs: pip install 'scoplan[sql]'"
    assert "secret" not in str(error.value)


def test_the_loader_accepts_database_urls_only() -> None:
    """SQLite, PostgreSQL and MySQL URLs (with a driver too) are the loader's; others are not."""
    for source in (
        "sqlite:///registry.db",
        "postgresql://user@host/registry",
        "mysql+pymysql://user@host/registry",
        "sqlite+pysqlite:///registry.db",
    ):
        assert sql_database.accepts(source), source
    for source in ("registry.db", "https://example.org/data.csv", "data/registry"):
        assert not sql_database.accepts(source), source


def test_an_sqlite_file_named_by_its_path_is_read_as_its_url(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]], valid_folder: Path
) -> None:
    """A bureau hands over a file, not a URL: ``台账.db`` (or a name with no suffix: its first
    bytes tell it) reads as ``sqlite:///台账.db`` does; a text file named ``.db`` is no
    database, and no loader's."""
    path = write_database(tmp_path / "台账.db", valid_rows)
    plain = path.with_name("台账")
    plain.write_bytes(path.read_bytes())
    expected = scoplan.load(valid_folder).fingerprint
    for source in (path, plain):
        assert sql_database.accepts(str(source)), source
        data = scoplan.load(str(source))
        assert data.fingerprint == expected
        assert f"{source.name}: organizations" in data.sources
    text = tmp_path / "notes.db"
    text.write_text("not a database\n", encoding="utf-8")
    assert not sql_database.accepts(str(text))
    [(code, *_)] = problems_of(str(text))
    assert code == "no_loader"


def test_evaluate_names_a_problem_in_a_database_file_by_its_name(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]]
) -> None:
    """``scoplan evaluate 台账.db`` with a bad date exits 2 naming the file, table, row and
    column, in Chinese by default."""
    valid_rows["organizations"][2][4] = "去年春天"
    path = write_database(tmp_path / "台账.db", valid_rows)
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("错误：台账.db中的“organizations”，第2行，“founded”列")
    assert "去年春天" in result.stderr


def test_evaluate_reads_a_database_url_and_names_where_a_problem_is(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]]
) -> None:
    """``scoplan evaluate sqlite:///…`` with a bad date exits 2 naming table, row and column."""
    valid_rows["organizations"][2][4] = "last spring"
    path = write_database(tmp_path / "registry.db", valid_rows)
    result = CliRunner().invoke(main, ["evaluate", url(path), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: registry.db: organizations, row 2, column founded: 'last spring' is not a date"
    )
    assert result.stderr.count("\n") == 1


def test_a_plans_mistakes_are_told_from_the_districts_table_alone(
    tmp_path: Path, valid_rows: dict[str, list[list[Any]]]
) -> None:
    """As from a folder of CSV files or a workbook: a plan with a mistake of its own (a due
    date after its end) naming a district the database lacks (D9) is told both from its
    districts table read alone; the organization founded on no day is not read, and is said
    once the plan is right."""
    organizations = valid_rows["organizations"]
    organizations.append(["O3", "C1", "丙会", None, "someday", *([None] * 7)])
    path = write_database(tmp_path / "registry.db", valid_rows)
    plan = tmp_path / "plan.toml"
    plan.write_text(
        'id = "p"\ntitle = "t"\nversion = "1"\nstart = 2021-01-01\nend = 2023-12-31\n\n'
        '[[milestones]]\nid = "m"\ntarget = "urban-average"\ndue = 2025-12-31\n'
        'params = { threshold = 1 }\nscope = { districts = ["D9"] }\n',
        encoding="utf-8",
    )
    done = CliRunner().invoke(main, ["evaluate", url(path), "--plan", str(plan), "--lang", "en"])
    assert done.exit_code == 2
    assert done.stderr.splitlines() == [
        "error: plan.toml, milestone 'm', due: the due date 2025-12-31 is outside the plan's "
        "years 2021-01-01 – 2023-12-31",
        "error: plan.toml, milestone 'm', scope.districts: the district 'D9' is not in the data",
        f"warning: {url(path)}: only its districts were read, to check the plan: the rest of "
        "the data is checked once the plan is right",
    ]
