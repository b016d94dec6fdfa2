"""Writing a dataset as a workbook or a SQLite database, and ``scoplan convert`` (scoplan.writing).

The bundled example converted to a workbook, and loaded into a SQLite or a DuckDB database, gives
the same JSON report as the CSV folder: this is what makes the Excel and SQL loaders trustworthy.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from builders import duckdb_database
from click.testing import CliRunner
from openpyxl import load_workbook

import scoplan
from scoplan import DataError, ScoplanError
from scoplan.cli import main
from scoplan.writing import convert, write_sqlite, write_workbook

AS_OF = dt.date(2023, 12, 31)
PLAN = "huangshan-2021-2023"


def report_of(source: str | Path) -> dict[str, Any]:
    """The JSON report (as a dict) of the bundled plan on ``source`` as of 2023-12-31."""
    data = scoplan.load(source)
    report = scoplan.evaluate(data, scoplan.bundled_plan(PLAN), AS_OF).to_dict()
    # where the data was read differs from form to form; its rows do not
    report["source"] = report["source"]["rows"]
    return report


@pytest.fixture(scope="module")
def example_report() -> dict[str, Any]:
    """The report of the bundled example's CSV folder: what every conversion must give."""
    return report_of(scoplan.example_path())


@pytest.fixture(scope="module")
def example_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example converted to a workbook."""
    path = tmp_path_factory.mktemp("workbook") / "huangshan.xlsx"
    convert(scoplan.example_path(), str(path))
    return path


@pytest.fixture(scope="module")
def example_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example loaded into a SQLite database."""
    path = tmp_path_factory.mktemp("database") / "huangshan.db"
    convert(scoplan.example_path(), f"sqlite:///{path}")
    return path


def test_the_example_as_a_workbook_gives_the_same_json_report(
    example_workbook: Path, example_report: dict[str, Any]
) -> None:
    """The bundled example converted to a workbook reports exactly what the CSV folder does."""
    report = report_of(example_workbook)
    assert report == example_report
    assert report["fingerprint"] == example_report["fingerprint"]


def test_the_example_in_a_sqlite_database_gives_the_same_json_report(
    example_database: Path, example_report: dict[str, Any]
) -> None:
    """The bundled example loaded into SQLite reports exactly what the CSV folder does."""
    assert report_of(f"sqlite:///{example_database}") == example_report
    assert report_of(f"sqlite+pysqlite:///{example_database}") == example_report


@pytest.fixture(scope="module")
def example_duckdb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example in a DuckDB database, as a 大数据中心 keeps its register: tables
    and columns named in Chinese, dates DATE (注销日期 a TIMESTAMP), 简易章程 BOOLEAN, the
    districts' and townships' ids whole numbers."""
    folder = tmp_path_factory.mktemp("duckdb")
    convert(scoplan.example_path(), str(folder / "csv"))
    return duckdb_database(folder / "csv", folder / "黄山市台账.duckdb")


def test_the_example_in_a_duckdb_database_gives_the_same_json_report(
    example_duckdb: Path, example_report: dict[str, Any]
) -> None:
    """The bundled example in a DuckDB file reports exactly what the CSV folder does, named
    by its path or by its ``duckdb:///`` URL."""
    for source in (str(example_duckdb), f"duckdb:///{example_duckdb}"):
        report = report_of(source)
        assert report == example_report, source
        assert report["fingerprint"] == example_report["fingerprint"]


def test_the_workbook_holds_excel_dates_booleans_and_text_ids(example_workbook: Path) -> None:
    """Sheets per table; ``founded`` is a date cell, ``charter`` a boolean, ids text."""
    workbook = load_workbook(example_workbook, read_only=True)
    assert workbook.sheetnames == [
        "districts",
        "townships",
        "communities",
        "organizations",
        "federations",
        "establishments",
        "brand_projects",
        "events",
    ]
    header, first = workbook["organizations"].iter_rows(max_row=2, values_only=True)
    row = dict(zip(header, first, strict=False))  # trailing empty cells are not written
    assert row["id"] == "ORG000001"
    assert row["community_id"] == "341002001001"
    assert row["founded"] == dt.datetime(2019, 4, 23)
    assert row["charter"] is False
    districts = list(workbook["districts"].iter_rows(max_row=2, values_only=True))
    assert districts == [("id", "name", "kind", "city"), ("341002", "屯溪区", "district", "黄山市")]
    workbook.close()


def test_the_database_holds_one_table_per_table_with_iso_dates(example_database: Path) -> None:
    """Each table of DATA.md is a table; dates are ISO text, booleans 0/1, ids the key."""
    connection = sqlite3.connect(example_database)
    tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master")]
    row = connection.execute(
        "SELECT id, founded, dissolved, charter FROM organizations ORDER BY rowid LIMIT 1"
    ).fetchone()
    count = connection.execute("SELECT count(*) FROM organizations").fetchone()
    connection.close()
    assert [t for t in tables if not t.startswith("sqlite_")] == [
        "districts",
        "townships",
        "communities",
        "organizations",
        "federations",
        "establishments",
        "brand_projects",
        "events",
    ]
    assert row == ("ORG000001", "2019-04-23", None, 0)
    assert count == (4865,)


def test_chinese_names_in_a_workbook_and_a_database(tmp_path: Path, valid_folder: Path) -> None:
    """With names="zh" sheets, tables and headers are Chinese, and load back the same."""
    data = scoplan.load(valid_folder)
    workbook_path = tmp_path / "登记.xlsx"
    write_workbook(data, workbook_path, names="zh")
    workbook = load_workbook(workbook_path, read_only=True)
    assert workbook.sheetnames[:4] == ["区县", "乡镇街道", "社区", "社区社会组织"]
    [header] = workbook["社区社会组织"].iter_rows(max_row=1, values_only=True)
    assert header[:5] == ("编号", "所属社区", "名称", "类别", "成立日期")
    workbook.close()
    database = tmp_path / "登记.db"
    write_sqlite(data, database, names="zh")
    for source in (str(workbook_path), f"sqlite:///{database}"):
        assert scoplan.load(source).fingerprint == data.fingerprint


def test_text_that_looks_like_a_formula_stays_text(
    tmp_path: Path, write_tables, valid_tables: dict[str, str]
) -> None:
    """An organization named ``=HYPERLINK("x")`` is a text cell, and reads back as that name."""
    valid_tables["organizations.csv"] = valid_tables["organizations.csv"].replace(
        "甲会", '"=HYPERLINK(""x"")"'
    )
    data = scoplan.load(write_tables(valid_tables))
    path = tmp_path / "data.xlsx"
    write_workbook(data, path)
    sheet = load_workbook(path)["organizations"]
    assert sheet["C2"].value == '=HYPERLINK("x")'
    assert sheet["C2"].data_type == "s"
    names = scoplan.load(path).frame("organizations").get_column("name").to_list()
    assert names == ['=HYPERLINK("x")', "乙会"]


def test_a_control_character_is_named_not_a_crash(
    tmp_path: Path, write_tables, valid_tables: dict[str, str]
) -> None:
    """A name holding a control character (BEL) cannot go in a workbook: the cell is named."""
    valid_tables["organizations.csv"] = valid_tables["organizations.csv"].replace(
        "乙会", "乙\x07会"
    )
    with pytest.raises(ScoplanError) as error:
        convert(write_tables(valid_tables), str(tmp_path / "data.xlsx"))
    [problem] = error.value.problems
    assert (problem.source, problem.column, problem.value) == ("organizations", "name", "乙\x07会")
    assert list(tmp_path.glob("*.xlsx")) == []
    assert list(tmp_path.glob(".*.tmp")) == []


def test_convert_refuses_to_replace_an_existing_file_without_force(
    tmp_path: Path, valid_folder: Path
) -> None:
    """An existing output is kept unless ``force``; then it is replaced whole."""
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"keep me")
    with pytest.raises(ScoplanError) as error:
        convert(valid_folder, str(path))
    assert str(error.value) == f"{path}: the output exists; use --force to replace it"
    assert path.read_bytes() == b"keep me"
    written = convert(valid_folder, str(path), force=True)
    assert (written.tables, written.rows) == (8, 14)
    assert scoplan.load(path).fingerprint == scoplan.load(valid_folder).fingerprint


def test_convert_never_overwrites_its_input(tmp_path: Path, valid_folder: Path) -> None:
    """Converting a workbook onto itself is refused, even with ``force``."""
    path = tmp_path / "data.xlsx"
    convert(valid_folder, str(path))
    before = path.read_bytes()
    with pytest.raises(ScoplanError) as error:
        convert(path, str(path), force=True)
    assert "the output is one of the inputs" in str(error.value)
    assert path.read_bytes() == before


def test_convert_writes_nothing_when_the_source_does_not_load(
    tmp_path: Path, write_tables, valid_tables: dict[str, str]
) -> None:
    """Bad data raises its DataError and leaves no output and no temporary file behind."""
    valid_tables["events.csv"] = "id,kind,unit_id,name,date\nV1,training,city,培训,someday\n"
    with pytest.raises(DataError):
        convert(write_tables(valid_tables), str(tmp_path / "out" / "data.xlsx"))
    assert not (tmp_path / "out").exists()


def test_convert_takes_a_workbook_a_folder_or_a_sqlite_url_only(
    tmp_path: Path, valid_folder: Path
) -> None:
    """A CSV file or a PostgreSQL URL is not an output ``convert`` writes."""
    for target in (str(tmp_path / "data.csv"), "postgresql://host/registry"):
        with pytest.raises(ScoplanError) as error:
            convert(valid_folder, target)
        assert "the output is an .xlsx file, a folder of CSV files" in str(error.value)


def test_a_name_ending_db_or_sqlite_is_written_as_a_database_and_read_by_its_path(
    tmp_path: Path, valid_folder: Path
) -> None:
    """``convert DATA 台账.db`` writes an SQLite database (as ``sqlite:///台账.db`` does), and
    ``台账.db`` reads back to the same data; ``.sqlite`` and ``.sqlite3`` too."""
    expected = scoplan.load(valid_folder).fingerprint
    for name in ("台账.db", "registry.SQLITE", "registry.sqlite3"):
        path = tmp_path / name
        convert(valid_folder, str(path))
        assert path.read_bytes()[:16] == b"SQLite format 3\x00", name
        assert scoplan.load(str(path)).fingerprint == expected
    runner = CliRunner()
    path = tmp_path / "转换.db"
    result = runner.invoke(main, ["convert", str(valid_folder), str(path)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output


def without_source(text: str) -> str:
    """A JSON report's text without its ``source``: where and when the data was read."""
    return re.sub(r'\n  "source": \{.*?\n  \},', "", text, flags=re.S)


def test_the_command_converts_and_evaluate_reads_both_outputs(
    tmp_path: Path, example_report: dict[str, Any]
) -> None:
    """``scoplan convert`` writes both forms; ``scoplan evaluate`` on each gives the CSV's JSON."""
    runner = CliRunner()
    example = str(scoplan.example_path())
    workbook = tmp_path / "huangshan.xlsx"
    database = f"sqlite:///{tmp_path / 'huangshan.db'}"
    for target in (str(workbook), database):
        result = runner.invoke(main, ["convert", example, target, "--lang", "en"])
        assert result.exit_code == 0, result.output
        assert result.stdout == f"wrote {target}: 8 tables, 6415 rows\n"
    args = ["--format", "json", "--as-of", "2023-12-31"]
    reference = runner.invoke(main, ["evaluate", example, *args])
    for source in (str(workbook), database):
        result = runner.invoke(main, ["evaluate", source, *args])
        assert result.exit_code == reference.exit_code == 1
        assert without_source(result.stdout) == without_source(reference.stdout)
        assert json.loads(result.stdout)["source"]["location"] == source
        assert json.loads(result.stdout)["fingerprint"] == example_report["fingerprint"]


def test_the_command_exits_2_with_a_message_on_bad_input(tmp_path: Path) -> None:
    """A missing source, or an output of another kind, exits 2 with one line on stderr."""
    runner = CliRunner()
    missing = tmp_path / "nowhere"
    result = runner.invoke(main, ["convert", str(missing), str(tmp_path / "out.xlsx")])
    assert result.exit_code == 2
    assert result.stderr == f"错误：{missing}：文件或文件夹不存在\n"
    example = str(scoplan.example_path())
    result = runner.invoke(main, ["convert", example, "out.json", "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: out.json: the output is an .xlsx file, a folder of CSV files (a name ending "
        "in /, or a new name without a suffix) or an SQLite database (OUT.db, OUT.sqlite, or "
        "sqlite:///OUT.db)\n"
    )
    assert not (tmp_path / "out.xlsx").exists()
