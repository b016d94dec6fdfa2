"""Reading the tables of DATA.md from a DuckDB database (scoplan.loaders.sql_database).

A 大数据中心 keeps its register in DuckDB: a file ``台账.duckdb``, or the URL
``duckdb:///台账.duckdb``, read with the ``duckdb`` package as SQLite's file is read with
``sqlite3``: the same names, mappings, problems and report as any other form.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

import scoplan
from scoplan import DataError
from scoplan.cli import main
from scoplan.loaders import sql_database

HIERARCHY = """
CREATE TABLE 区县 (编号 INTEGER, 名称 VARCHAR, 类型 VARCHAR, 市 VARCHAR);
INSERT INTO 区县 VALUES (341002, '屯溪区', '区', '黄山市');
CREATE TABLE 乡镇街道 (编号 BIGINT, 所属区县 INTEGER, 名称 VARCHAR, 类型 VARCHAR);
INSERT INTO 乡镇街道 VALUES (341002001, 341002, '昱东街道', '街道');
CREATE TABLE 社区 (编号 VARCHAR PRIMARY KEY, 所属乡镇街道 BIGINT, 名称 VARCHAR, 类型 VARCHAR);
INSERT INTO 社区 VALUES ('341002001001', 341002001, '荷花池社区居委会', '城市社区');
"""
"""屯溪区, one street and one community, in Chinese, ids typed as a designer types them."""

ORGANIZATIONS = """
CREATE TABLE 社区社会组织 (
    编号 VARCHAR, 所属社区 BIGINT, 名称 VARCHAR, 类别 VARCHAR, 成立日期 DATE,
    注销日期 TIMESTAMP, 登记状态 VARCHAR, 简易章程 BOOLEAN, 服务对象 VARCHAR
);
"""


def database(path: Path, *rows: Sequence[Any], sql: str = "") -> Path:
    """A DuckDB file of :data:`HIERARCHY` and 社区社会组织 with ``rows``, then ``sql``."""
    connection = duckdb.connect(str(path))
    connection.execute(HIERARCHY + ORGANIZATIONS).fetchall()
    for row in rows:
        connection.execute("INSERT INTO 社区社会组织 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
    if sql:
        connection.execute(sql).fetchall()
    connection.close()
    return path


HS1 = ("HS00001", 341002001001, "荷花池志愿服务队", "志愿服务类", dt.date(2021, 3, 1))
HS2 = ("HS00002", 341002001001, "荷花池老年协会", "居民互助类", dt.date(2019, 5, 1))


def problems_of(source: str) -> list[tuple[Any, ...]]:
    """(code, source, table, row, column, value) of each problem loading ``source`` gives."""
    with pytest.raises(DataError) as error:
        scoplan.load(source)
    return [(p.code, p.source, p.table, p.row, p.column, p.value) for p in error.value.problems]


def test_a_duckdb_file_is_read_by_its_path_and_its_url(tmp_path: Path) -> None:
    """``台账.duckdb``, and ``duckdb:///`` with the path (absolute or from the current folder),
    read Chinese tables and columns; DATE, TIMESTAMP (its day), BOOLEAN and whole numbers
    become what a CSV file holds."""
    path = database(
        tmp_path / "台账.duckdb",
        (*HS1, dt.datetime(2023, 6, 30, 15, 30), "备案", True, "老年人、儿童"),
        (*HS2, None, "登记", False, None),
    )
    for source in (str(path), f"duckdb:///{path}", "duckdb:///台账.duckdb"):
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(tmp_path)
            data = scoplan.load(source)
        assert "台账.duckdb: 社区社会组织" in data.sources, source
        assert data.frame("districts").get_column("id").to_list() == ["341002"]
        assert data.frame("communities").get_column("township_id").to_list() == ["341002001"]
        rows = data.frame("organizations").select(
            "id", "community_id", "founded", "dissolved", "registration", "charter", "serves"
        )
        assert rows.rows() == [
            ("HS00001", "341002001001", dt.date(2021, 3, 1), dt.date(2023, 6, 30), "filed",
             True, ["elderly", "children"]),
            ("HS00002", "341002001001", dt.date(2019, 5, 1), None, "registered", False, []),
        ]  # fmt: skip


def test_other_types_are_read_as_duckdb_writes_them(tmp_path: Path) -> None:
    """DOUBLE and DECIMAL ids keep no ``.0``; a TIMESTAMPTZ is its day (noon in Beijing: the
    same day wherever it is read); an interval, a list or an enum is no type polars takes:
    its cells are read as DuckDB writes them, not refused."""
    path = database(
        tmp_path / "台账.duckdb",
        sql="""
        CREATE TYPE 状态 AS ENUM ('正常', '已注销');
        CREATE TABLE 活动 (编号 VARCHAR, 类型 VARCHAR, 所属单位 DOUBLE, 名称 VARCHAR,
            日期 TIMESTAMPTZ, 时长 INTERVAL, 标签 VARCHAR[], 状态 状态, 经费 DECIMAL(10, 2));
        INSERT INTO 活动 VALUES ('E1', '公益创投', 341002.0, '公益创投大赛',
            TIMESTAMPTZ '2023-05-04 12:00:00+08',
            INTERVAL 2 HOUR, ['公益', '创投'], '正常', 1200.50);
        """,
    )
    events = scoplan.load(str(path)).frame("events")
    assert events.select("id", "unit_id", "date").rows() == [("E1", "341002", dt.date(2023, 5, 4))]
    assert events.select("时长", "标签", "状态", "经费").rows() == [
        ("02:00:00", "[公益, 创投]", "正常", "1200.5")
    ]


def test_a_bad_cell_is_named_as_in_any_other_form(tmp_path: Path) -> None:
    """A bad value in the second row (rowid order) is reported at row 2, the table and column
    in the database's words, as a SQLite file's is; ``evaluate`` exits 2 saying so."""
    row = (*HS2[:4], None, None, "登记", None, None)
    path = database(tmp_path / "台账.duckdb", (*HS1, None, "备案", True, None), row)
    assert problems_of(str(path)) == [
        ("missing_value", "台账.duckdb: 社区社会组织", "organizations", 2, "founded", None)
    ]
    result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("错误：台账.duckdb中的“社区社会组织”，第2行，“成立日期”列")


def test_views_are_read_and_other_tables_left_alone(tmp_path: Path) -> None:
    """A view named for a table is read as that table; a table of the center's own (日志) is
    not DATA.md's, and is left alone, as in a SQLite file."""
    path = database(
        tmp_path / "台账.duckdb",
        sql="""
        CREATE TABLE t_shzz_org AS SELECT * FROM 社区社会组织;
        INSERT INTO t_shzz_org VALUES ('HS00001', 341002001001, '荷花池志愿服务队', '志愿服务类',
            DATE '2021-03-01', NULL, '备案', true, NULL);
        DROP TABLE 社区社会组织;
        CREATE VIEW 社区社会组织 AS SELECT * FROM t_shzz_org;
        CREATE TABLE 日志 (时间 TIMESTAMP, 内容 VARCHAR);
        """,
    )
    data = scoplan.load(str(path))
    assert data.frame("organizations").get_column("id").to_list() == ["HS00001"]
    assert "台账.duckdb: 日志" not in data.sources


def test_a_mapping_names_the_centers_tables_and_columns(tmp_path: Path) -> None:
    """``duckdb:///台账.duckdb?mapping=映射.toml`` maps a pinyin schema, as for SQLite."""
    path = database(
        tmp_path / "台账.duckdb",
        (*HS1, None, "备案", True, None),
        sql="ALTER TABLE 社区社会组织 RENAME 成立日期 TO clrq;"
        "ALTER TABLE 社区社会组织 RENAME TO t_shzz_org;",
    )
    mapping = tmp_path / "映射.toml"
    mapping.write_text(
        '[tables]\norganizations = "t_shzz_org"\n[columns.organizations]\nfounded = "clrq"\n',
        encoding="utf-8",
    )
    data = scoplan.load(f"duckdb:///{path}?mapping={mapping}")
    assert data.frame("organizations").get_column("founded").to_list() == [dt.date(2021, 3, 1)]
    assert "台账.duckdb: t_shzz_org" in data.sources


def test_a_duckdb_file_is_told_by_its_header_not_its_name(tmp_path: Path) -> None:
    """A DuckDB file with any name (no suffix) is the loader's; a text file named
    ``.duckdb`` is no database, and no loader's; a ``duckdb://`` URL is."""
    path = database(tmp_path / "台账.duckdb", (*HS1, None, "备案", True, None))
    plain = path.with_name("台账")
    plain.write_bytes(path.read_bytes())
    assert sql_database.accepts(str(plain))
    assert scoplan.load(str(plain)).fingerprint == scoplan.load(str(path)).fingerprint
    text = tmp_path / "notes.duckdb"
    text.write_text("not a database\n", encoding="utf-8")
    assert not sql_database.accepts(str(text))
    assert [code for code, *_ in problems_of(str(text))] == ["no_loader"]
    assert sql_database.accepts("duckdb:///registry.duckdb")
    assert problems_of(f"duckdb:///{tmp_path / 'nowhere.duckdb'}") == [
        ("not_found", str(tmp_path / "nowhere.duckdb"), None, None, None, None)
    ]


def test_reading_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    """Read-only: the file's bytes are unchanged, and nothing (no ``.wal``) is written beside."""
    path = database(tmp_path / "台账.duckdb", (*HS1, None, "备案", True, None))
    before = path.read_bytes()
    scoplan.load(str(path))
    scoplan.load(f"duckdb:///{path}")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["台账.duckdb"]


def test_a_file_that_is_no_whole_database_is_unreadable(tmp_path: Path) -> None:
    """A file with DuckDB's header and nothing after it is one ``unreadable`` problem."""
    path = database(tmp_path / "台账.duckdb", (*HS1, None, "备案", True, None))
    cut = tmp_path / "断.duckdb"
    cut.write_bytes(path.read_bytes()[:64])
    [(code, source, *_)] = problems_of(str(cut))
    assert (code, source) == ("unreadable", "断.duckdb")


def test_without_duckdb_a_chinese_message_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the duckdb package absent, a DuckDB file is not “无法识别的数据来源”: the
    message says it is DuckDB and names the pip command, by its path and by its URL."""
    path = database(tmp_path / "台账.duckdb", (*HS1, None, "备案", True, None))
    monkeypatch.setitem(sys.modules, "duckdb", None)
    for source in (str(path), f"duckdb:///{path}"):
        result = CliRunner().invoke(main, ["evaluate", source])
        assert result.exit_code == 2, result.output
        assert result.stderr == (
            "错误：台账.duckdb：这是 DuckDB 数据库，读取它需要另行安装 duckdb："
            "pip install 'scoplan[duckdb]'\n"
        )
