"""A SQLite database read as one moment of it while a program writes it, and what keeps a
database from being read said in the user's words (scoplan.loaders.sql_database)."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_loaders_sql import problems_of, tables_of, url, write_database

import scoplan
from scoplan import DataError
from scoplan.cli import main
from scoplan.i18n import describe_problem
from scoplan.loaders import sql_database

ORGANIZATION_O3 = ["O3", "C3", "丙会", "charity", "2021-03-01", None, "filed", "small"]
ORGANIZATION_O3 += ["community", None, None, None]


@pytest.fixture
def registry(tmp_path: Path, valid_tables: dict[str, str]) -> Path:
    """The small valid dataset with a third community, C3 of T1, and its organization O3."""
    rows = tables_of(valid_tables)
    rows["communities"].append(["C3", "T1", "三社区", "urban"])
    rows["organizations"].append(ORGANIZATION_O3)
    return write_database(tmp_path / "registry.db", rows)


MERGE = """
BEGIN IMMEDIATE;
UPDATE organizations SET community_id = 'C1' WHERE id = 'O3';
DELETE FROM communities WHERE id = 'C3';
COMMIT;
"""
"""One transaction of the trial's writer: community C3 merged into C1."""


@pytest.fixture
def writer(registry: Path) -> Iterator[sqlite3.Connection]:
    """A program's connection to the registry, which waits for no lock."""
    connection = sqlite3.connect(registry, timeout=0, isolation_level=None)
    yield connection
    connection.close()


def where_o3(data: scoplan.Dataset) -> tuple[str, list[str]]:
    """O3's community, and the communities of the data."""
    organizations = data.frame("organizations")
    [community] = organizations.filter(organizations["id"] == "O3")["community_id"].to_list()
    return community, sorted(data.frame("communities")["id"].to_list())


@pytest.mark.parametrize("scheme", ["sqlite", "sqlite+pysqlite"])
@pytest.mark.parametrize("mode", ["wal", "wal_checkpointed", "delete"])
def test_a_database_written_while_it_is_read_is_read_as_one_committed_state(
    registry: Path, writer: sqlite3.Connection, scheme: str, mode: str
) -> None:
    """The trial's writer merged a community into another and undid it, a transaction each;
    read a table a transaction, a report saw the communities before a merge and the
    organizations after it (a community of 0 organizations that never was). Here the writer
    commits the merge once the communities are read (the progress callback is called as each
    table is begun): what is read is the state before the merge, C3 with its O3. In WAL mode
    the writer commits meanwhile (with its log emptied into the file, ``wal_checkpointed``,
    the file used to be read immutable, without a lock, so the merge was read); in
    rollback-journal mode the read's lock keeps it from committing until the read ends."""
    if mode.startswith("wal"):
        assert writer.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("CREATE TABLE notes (note TEXT)")  # the log holds a commit
        if mode == "wal_checkpointed":
            writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            assert Path(f"{registry}-wal").stat().st_size == 0
    refused: list[str] = []

    def progress(source: str) -> None:
        if source != "registry.db: communities":
            return
        try:
            writer.executescript(MERGE)
        except sqlite3.OperationalError as error:
            refused.append(str(error))
            writer.execute("ROLLBACK")
            return
        if mode == "wal_checkpointed":
            writer.execute("PRAGMA wal_checkpoint")  # into the file, as far as readers allow

    data = scoplan.load(f"{scheme}:///{registry}", progress=progress)
    assert where_o3(data) == ("C3", ["C1", "C2", "C3"])
    if mode == "delete":
        assert refused == ["database is locked"]
        writer.executescript(MERGE)  # once the read has ended
    else:
        assert refused == []
    assert where_o3(scoplan.load(f"{scheme}:///{registry}")) == ("C1", ["C1", "C2"])


def test_a_rollback_journal_database_is_never_read_immutable(registry: Path) -> None:
    """Immutable, SQLite takes no lock and reads the file as a writer changes it: only a WAL
    database that no program has open (neither ``-wal`` nor ``-shm``) is read so."""
    assert "immutable" not in sql_database.sqlite_uri(registry)
    connection = sqlite3.connect(registry)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.close()
    assert sql_database.sqlite_uri(registry).endswith("&immutable=1")
    writer = sqlite3.connect(registry)
    writer.execute("SELECT 1 FROM districts").fetchall()  # open: -wal (empty) and -shm
    try:
        assert Path(f"{registry}-wal").stat().st_size == 0
        assert "immutable" not in sql_database.sqlite_uri(registry)
    finally:
        writer.close()


# -- a database another program holds locked: try again later ---------------------------------


@pytest.mark.parametrize("scheme", ["sqlite", "sqlite+pysqlite"])
def test_a_locked_database_is_busy_not_unreadable(
    registry: Path, writer: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, scheme: str
) -> None:
    """A program in the middle of writing (rollback journal, exclusive lock) keeps the read
    waiting; past the wait it is ``database_busy``, told apart from a broken file by a
    scheduled job, with a message in Chinese (it was SQLite's English, ``database is
    locked``, as ``unreadable``), exit 2."""
    monkeypatch.setattr(sql_database, "BUSY_SECONDS", 0.2)
    writer.execute("BEGIN EXCLUSIVE")
    writer.execute("DELETE FROM events")
    assert Path(f"{registry}-journal").is_file()
    [(code, source, *_)] = problems_of(f"{scheme}:///{registry}")
    assert (code, source) == ("database_busy", "registry.db")
    result = CliRunner().invoke(main, ["evaluate", str(registry)])
    assert result.exit_code == 2
    assert result.stderr == (
        "错误：registry.db：数据库正被其他程序写入或锁定，已等待0.2秒仍无法读取：请稍后再运行\n"
    )
    result = CliRunner().invoke(main, ["evaluate", str(registry), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: registry.db: another program is writing the database or holds it locked, and "
        "it could not be read after waiting 0.2 seconds: run again later\n"
    )


# -- a driver not installed ----------------------------------------------------------------


def test_a_missing_driver_names_the_package_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """It was ``无法读取：the database driver is not installed (No module named 'psycopg')``,
    English inside the Chinese."""
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(DataError) as error:
        scoplan.load("postgresql+psycopg://scoplan:secret@localhost/registry")
    [problem] = error.value.problems
    assert (problem.code, problem.source) == ("no_driver", "registry")
    assert describe_problem(problem, "zh") == (
        "registry：没有安装读取这种数据库的驱动（缺少 Python 模块 psycopg）："
        "请运行 pip install 'psycopg[binary]'"
    )
    assert str(problem) == (
        "registry: the driver for this database is not installed (no Python module psycopg): "
        "pip install 'psycopg[binary]'"
    )


# -- an empty file, a URL naming no file --------------------------------------------------------


@pytest.mark.parametrize("form", ["path", "sqlite", "sqlite+pysqlite"])
def test_an_empty_database_file_is_said_to_be_empty(tmp_path: Path, form: str) -> None:
    """A 0-byte ``.db`` named by its path was no loader's (无法识别的数据来源), by its URL a
    database lacking every table: both say it is empty."""
    path = tmp_path / "v_zero.db"
    path.write_bytes(b"")
    source = str(path) if form == "path" else f"{form}:///{path}"
    assert problems_of(source) == [("empty_database", "v_zero.db", None, None, None, None)]
    result = CliRunner().invoke(main, ["evaluate", source])
    assert result.exit_code == 2
    assert result.stderr == (
        "错误：v_zero.db：文件是空的（0 字节），其中没有任何数据表：请检查导出或复制是否已完成\n"
    )
    assert path.read_bytes() == b""


@pytest.mark.parametrize("source", ["sqlite://", "sqlite:///", "sqlite+pysqlite://"])
def test_a_url_naming_no_file_says_so(source: str) -> None:
    """``sqlite://`` was ``错误：：文件或文件夹不存在``, a file of no name."""
    [(code, named, *_)] = problems_of(source)
    assert (code, named) == ("no_database_file", source)
    result = CliRunner().invoke(main, ["evaluate", source])
    assert result.exit_code == 2
    assert result.stderr == (
        f"错误：{source}：地址中没有写数据库文件：应写作 sqlite:///文件路径（如 sqlite:///台账.db）\n"
    )


# -- a mapping file beside the database ---------------------------------------------------------

MAPPING = '[tables]\norganizations = "t_csos"\n'


@pytest.fixture
def mapped(tmp_path: Path, valid_tables: dict[str, str]) -> Path:
    """The small dataset with its organizations in ``t_csos``, in ``db/registry.db``."""
    rows = tables_of(valid_tables)
    rows["t_csos"] = rows.pop("organizations")
    (tmp_path / "db").mkdir()
    return write_database(tmp_path / "db" / "registry.db", rows)


def test_a_relative_mapping_is_found_beside_the_database(
    mapped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scheduled job starts in another folder (cron: the home folder): ``?mapping=`` is
    from the database's folder (it was from the current folder, and not found)."""
    (mapped.parent / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    elsewhere = tmp_path / "home"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    for scheme in ("sqlite", "sqlite+pysqlite"):
        data = scoplan.load(f"{scheme}:///{mapped}?mapping=mapping.toml")
        assert "registry.db: t_csos" in data.sources


def test_a_relative_mapping_beside_the_database_wins_over_the_current_folders(
    mapped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both folders hold a ``mapping.toml``: the database's is read; one in the current
    folder alone is read too (as before), and neither is ``not_found`` naming the one
    beside the database."""
    (mapped.parent / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    (tmp_path / "mapping.toml").write_text("[tables]\n乱 = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    source = "sqlite:///db/registry.db?mapping=mapping.toml"
    assert "registry.db: t_csos" in scoplan.load(source).sources
    (mapped.parent / "mapping.toml").unlink()
    (tmp_path / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    assert "registry.db: t_csos" in scoplan.load(source).sources
    (tmp_path / "mapping.toml").unlink()
    missing = str(Path("db") / "mapping.toml")
    assert problems_of(source) == [("not_found", missing, None, None, None, None)]


# -- a date stored as a number ------------------------------------------------------------------


def test_a_date_column_holding_a_day_number_says_how_to_store_dates(
    tmp_path: Path, valid_tables: dict[str, str]
) -> None:
    """44453 in a DATE column is Excel's day 2021-09-14 (44453 days after 1899-12-30),
    imported as a number: no column to format before exporting, as a workbook's advice
    said, but dates to store as dates."""
    rows: dict[str, list[list[Any]]] = tables_of(valid_tables)
    rows["organizations"][1][4] = 44453
    path = write_database(tmp_path / "registry.db", rows)
    with pytest.raises(DataError) as error:
        scoplan.load(url(path))
    [problem] = error.value.problems
    assert (problem.code, problem.row, problem.column, problem.value) == (
        "serial_date_number",
        1,
        "founded",
        "44453",
    )
    assert describe_problem(problem, "zh") == (
        "registry.db中的“organizations”，第1行，“founded”列：“44453”是数字，不是日期：像是 Excel "
        "的日期序号（2021-09-14?），导入数据库时未转换。请把日期存为 YYYY-MM-DD 形式的文本或 DATE "
        "类型（如 2021-09-14）"
    )
    assert "设为日期格式" not in describe_problem(problem, "zh")
    assert str(problem) == (
        "registry.db: organizations, row 1, column founded: '44453' is a number, not a date: it "
        "looks like an Excel day number (2021-09-14?) not converted on import. Store dates as "
        "text YYYY-MM-DD or as a DATE (2021-09-14)"
    )
