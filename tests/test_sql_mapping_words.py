"""A database read through a mapping file: messages name its columns as the mapping does.

A bureau's database names its columns in pinyin (``zxrq`` for 注销日期) and a mapping file
says which is which. Where the table lacks a column the mapping names, the warnings of that
column name it as the mapping does, ``zxrq``, and the mapping file, whose entry (or the
database's column) is the fix, as a file's messages name the user's header: not
``dissolved``, a name the database never had.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from scoplan.cli import main

SCHEMA = """
CREATE TABLE t_xzqh_qx (qxdm INTEGER PRIMARY KEY, qxmc TEXT, qxlx TEXT, ssds TEXT);
CREATE TABLE t_xzqh_xzjd (xzjddm INTEGER PRIMARY KEY, ssqxdm INTEGER, xzjdmc TEXT, xzjdlx TEXT);
CREATE TABLE t_xzqh_sq (sqdm TEXT PRIMARY KEY, ssxzjddm TEXT, sqmc TEXT, sqlx TEXT);
CREATE TABLE t_shzz_org (zzbh TEXT PRIMARY KEY, sssqdm TEXT, zzmc TEXT, fwly TEXT, clrq DATE,
    djzt TEXT, zt TEXT);
"""
"""A 民政局's schema in pinyin: its organizations lack 注销日期 (zxrq) and 品牌认定日期 (ppsj)."""

ROWS: dict[str, list[tuple[Any, ...]]] = {
    "t_xzqh_qx": [(341002, "屯溪区", "区", "黄山市")],
    "t_xzqh_xzjd": [(341002001, 341002, "昱东街道", "街道")],
    "t_xzqh_sq": [("341002001001", "341002001", "荷花池社区居委会", "城市社区")],
    "t_shzz_org": [
        ("HS00001", "341002001001", "荷花池志愿服务队", "志愿服务类", "2021-03-01", "备案", "正常"),
        ("HS00002", "341002001001", "荷花池老年协会", "居民互助类", "2019-05-01", "登记", "已注销"),
    ],
}

MAPPING = """\
[tables]
districts = "t_xzqh_qx"
townships = "t_xzqh_xzjd"
communities = "t_xzqh_sq"
organizations = "t_shzz_org"

[columns.districts]
id = "qxdm"
name = "qxmc"
kind = "qxlx"
city = "ssds"

[columns.townships]
id = "xzjddm"
district_id = "ssqxdm"
name = "xzjdmc"
kind = "xzjdlx"

[columns.communities]
id = "sqdm"
township_id = "ssxzjddm"
name = "sqmc"
kind = "sqlx"

[columns.organizations]
id = "zzbh"
community_id = "sssqdm"
name = "zzmc"
category = "fwly"
founded = "clrq"
dissolved = "zxrq"
registration = "djzt"
brand = "ppsj"
"""
"""The mapping, naming zxrq and ppsj, which the database lacks."""


def sqlite_register(path: Path) -> str:
    connection = sqlite3.connect(path)
    with connection:
        connection.executescript(SCHEMA)
        for table, rows in ROWS.items():
            marks = ", ".join("?" for _ in rows[0])
            connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    connection.close()
    return f"sqlite:///{path}"


def duckdb_register(path: Path) -> str:
    connection = duckdb.connect(str(path))
    connection.execute(SCHEMA).fetchall()
    for table, rows in ROWS.items():
        marks = ", ".join("?" for _ in rows[0])
        connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    connection.close()
    return f"duckdb:///{path}"


@pytest.fixture(params=[sqlite_register, duckdb_register], ids=["sqlite", "duckdb"])
def register(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The register's URL, with ``?mapping=`` its mapping file, in SQLite or DuckDB."""
    make: Callable[[Path], str] = request.param
    suffix = ".db" if make is sqlite_register else ".duckdb"
    mapping = tmp_path / "映射.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return make(tmp_path / f"民政台账{suffix}") + f"?mapping={mapping}"


def check(*args: str) -> str:
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exit_code == 2, result.output  # the mapping's missing columns are errors
    return result.output


def test_a_missing_end_date_is_named_as_the_mapping_names_it(register: str) -> None:
    """Where the mapping names zxrq and the table lacks it, the warnings say zxrq and the
    mapping file, not “dissolved”; the row that says 已注销 is named by the database's words."""
    said = check(register)
    assert (
        "“社区社会组织”表中没有映射文件 映射.toml 为“注销日期”指定的列“zxrq”：每一行都按未注销"
        "计算，已注销的也计入各项数目。请核对数据库中这一列的列名，改正 映射.toml；"
        "如确实都没有注销，可不理会"
    ) in said
    assert "第2行，“zt”列：写明已注销或撤销（如“已注销”），共1行（第2行），却没有填写“zxrq”" in said
    assert "“zxrq”列：表中没有映射文件 映射.toml 为“注销日期”指定的列“zxrq”" in said
    assert "dissolved" not in said
    english = check(register, "--lang", "en")
    assert (
        "the organizations table has no column 'zxrq', which the mapping 映射.toml names for "
        "dissolved: every row counts as never dissolved"
    ) in english
    assert "with no zxrq" in english


def test_a_column_a_milestone_reads_is_named_as_the_mapping_names_it(register: str) -> None:
    """``check --plan``: the brand milestone's column, ppsj in the mapping, is named so."""
    said = check(register, "--plan", "huangshan-2021-2023")
    assert (
        "“社区社会组织”表中没有映射文件 映射.toml 为“品牌认定日期”指定的列“ppsj”，1项目标按这一列"
        "全空计算：“品牌社区社会组织”。请核对数据库中这一列的列名，改正 映射.toml"
    ) in said
    assert "品牌认定日期”列" not in said


def test_a_misspelt_key_of_the_mapping_is_said_as_the_mappings(register: str) -> None:
    """``founded_date = "clrq"`` (for ``founded``) is the mapping's slip, said as such with
    the column it may mean — not clrq called a header no table knows and 成立日期 missing;
    the mapping's TOML that does not parse is said in Chinese, with its line."""
    mapping = register.partition("?mapping=")[2]
    path = Path(mapping)
    path.write_text(MAPPING.replace('founded = "clrq"', 'founded_date = "clrq"'), "utf-8")
    said = check(register)
    assert (
        "[columns.organizations] 中的“founded_date”不是“社区社会组织”表的列"
        "（是否应为“成立日期”（founded）？）"
    ) in said
    assert "缺少必需的列" not in said
    assert "表头“founded_date”" not in said
    path.write_text("[tables\ndistricts = 't_xzqh_qx'\n", "utf-8")
    broken = check(register)
    assert "TOML 无法解析：第1行第8列：表头应以 ] 结束" in broken
    assert "Expected" not in broken
