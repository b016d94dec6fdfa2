"""Reading a workbook whose sheets are the tables of DATA.md (scoplan.loaders.xlsx_workbook)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

import scoplan
from scoplan import DataError
from scoplan.cli import main
from scoplan.loaders import xlsx_workbook
from scoplan.schema import TABLES_BY_NAME

Sheets = Mapping[str, Sequence[Sequence[Any]]]


def sheets_of(tables: Mapping[str, str]) -> dict[str, list[list[Any]]]:
    """The CSV texts of ``{file name: text}`` as ``{sheet name: rows of text cells}``."""
    return {Path(name).stem: list(csv.reader(io.StringIO(text))) for name, text in tables.items()}


def write_workbook(path: Path, sheets: Sheets) -> Path:
    """Write ``{sheet name: rows}`` as a workbook (cells as given: text, numbers, dates)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append([None if cell == "" else cell for cell in row])
    workbook.save(path)
    return path


def problems_of(path: Path) -> list[tuple[Any, ...]]:
    """(code, source, row, column, value) of each problem loading ``path`` gives."""
    with pytest.raises(DataError) as error:
        scoplan.load(path)
    return [(p.code, p.source, p.row, p.column, p.value) for p in error.value.problems]


def test_a_workbook_loads_like_the_csv_folder_it_was_typed_from(
    tmp_path: Path, valid_tables: dict[str, str], valid_folder: Path
) -> None:
    """The small dataset typed into sheets as text gives the same dataset as its CSV files."""
    path = write_workbook(tmp_path / "data.xlsx", sheets_of(valid_tables))
    data = scoplan.load(path)
    assert data.fingerprint == scoplan.load(valid_folder).fingerprint
    assert data.size()["organizations"] == 2
    assert "data.xlsx: organizations" in data.sources


def test_chinese_sheet_and_column_names(
    tmp_path: Path, valid_tables: dict[str, str], valid_folder: Path
) -> None:
    """Sheets named 区县, 社区社会组织… with headers 编号, 成立日期… read as their English names."""
    sheets: dict[str, list[list[Any]]] = {}
    for name, rows in sheets_of(valid_tables).items():
        table = TABLES_BY_NAME[name]
        aliases = {column.name: column.alias for column in table.columns}
        sheets[table.alias] = [[aliases[h] for h in rows[0]], *rows[1:]]
    assert "社区社会组织" in sheets
    assert sheets["社区社会组织"][0][:5] == ["编号", "所属社区", "名称", "类别", "成立日期"]
    data = scoplan.load(write_workbook(tmp_path / "登记.xlsx", sheets))
    assert data.fingerprint == scoplan.load(valid_folder).fingerprint
    founded = dict(data.frame("organizations").select("id", "founded").iter_rows())
    assert founded == {"O1": dt.date(2021, 3, 1), "O2": dt.date(2020, 1, 15)}


def test_excel_dates_numbers_and_booleans_become_what_a_csv_file_holds(tmp_path: Path) -> None:
    """Date cells are dates, ids typed as numbers keep no ``.0``, TRUE/FALSE are booleans."""
    sheets = {
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
            ["O1", 341002001001, "甲会", dt.datetime(2021, 3, 1), dt.date(2022, 6, 30), True],
            ["O2", 341002001001, "乙会", dt.datetime(2020, 1, 15, 9, 30), None, False],
        ],
    }
    data = scoplan.load(write_workbook(tmp_path / "typed.xlsx", sheets))
    assert data.frame("districts").get_column("id").to_list() == ["341002"]
    assert data.frame("townships").row(0, named=True)["district_id"] == "341002"
    assert data.frame("communities").get_column("id").to_list() == ["341002001001"]
    rows = data.frame("organizations").select(
        "id", "community_id", "founded", "dissolved", "charter"
    )
    assert rows.rows() == [
        ("O1", "341002001001", dt.date(2021, 3, 1), dt.date(2022, 6, 30), True),
        ("O2", "341002001001", dt.date(2020, 1, 15), None, False),
    ]


def test_dates_typed_as_text_are_read_by_the_checker(
    tmp_path: Path, valid_tables: dict[str, str]
) -> None:
    """Text cells ``2021/9/14`` and ``2021年9月14日`` are dates, as in a CSV file."""
    sheets = sheets_of(valid_tables)
    sheets["organizations"][1][4] = "2021/9/14"
    sheets["organizations"][2][4] = "2021年9月14日"
    data = scoplan.load(write_workbook(tmp_path / "text.xlsx", sheets))
    assert data.frame("organizations").get_column("founded").to_list() == [
        dt.date(2021, 9, 14),
        dt.date(2021, 9, 14),
    ]


def test_a_bad_date_names_the_sheet_the_row_and_the_column(
    tmp_path: Path, valid_tables: dict[str, str]
) -> None:
    """A bad date in row 5 of sheet organizations (after a blank row 3) is reported at row 5."""
    sheets = sheets_of(valid_tables)
    header, first, second = sheets["organizations"]
    third = ["O3", "C1", "丙会", "", "someday", *([""] * 7)]
    sheets["organizations"] = [header, first, [""] * 12, second, third]
    assert problems_of(write_workbook(tmp_path / "data.xlsx", sheets)) == [
        ("bad_date", "data.xlsx: organizations", 5, "founded", "someday")
    ]


def test_the_message_names_the_workbook_and_the_sheet_in_chinese(
    tmp_path: Path, valid_tables: dict[str, str]
) -> None:
    """The Chinese message of a bad date says workbook, sheet, row and column."""
    sheets = sheets_of(valid_tables)
    sheets["organizations"][2][4] = "上月"
    with pytest.raises(DataError) as error:
        scoplan.load(write_workbook(tmp_path / "data.xlsx", sheets))
    [problem] = error.value.problems
    # where the problem is, then what: the words of what was expected are the checker's
    assert scoplan.i18n.describe_problem(problem, "zh").startswith(
        "data.xlsx中的“organizations”，第3行，“founded”列：“上月”不是日期"
    )


def test_a_workbook_missing_a_required_sheet(tmp_path: Path, valid_tables: dict[str, str]) -> None:
    """A workbook without a communities sheet is one missing_table problem; nothing is loaded."""
    sheets = sheets_of(valid_tables)
    del sheets["communities"]
    for table in ("federations", "establishments", "brand_projects", "events"):
        del sheets[table]
    sheets["organizations"] = [sheets["organizations"][0]]
    path = write_workbook(tmp_path / "data.xlsx", sheets)
    with pytest.raises(DataError) as error:
        scoplan.load(path)
    assert [(p.code, p.table) for p in error.value.problems] == [("missing_table", "communities")]


def test_unknown_sheets_are_warnings_but_notes_and_empty_sheets_are_skipped(
    tmp_path: Path, valid_tables: dict[str, str]
) -> None:
    """Sheet ``funds`` is no table (a warning), ``社区表`` is close to one (an error);
    ``_lookup``, ``说明`` and an empty Sheet1 are skipped without a word."""
    sheets = sheets_of(valid_tables)
    sheets["_lookup"] = [["code", "名称"], ["urban", "城市社区"]]
    sheets["说明"] = [["本工作簿按 DATA.md 填写"]]
    sheets["Sheet1"] = []
    path = write_workbook(tmp_path / "data.xlsx", sheets)
    scoplan.load(path)
    sheets["funds"] = [["id", "amount"], ["X1", 100]]
    path = write_workbook(tmp_path / "more.xlsx", sheets)
    assert [(p.code, p.source, p.table, p.severity) for p in scoplan.load(path).warnings] == [
        ("unknown_table", "more.xlsx: funds", "funds", "warning")
    ]
    sheets["社区表"] = [["id", "amount"], ["X1", 100]]
    path = write_workbook(tmp_path / "close.xlsx", sheets)
    with pytest.raises(DataError) as error:
        scoplan.load(path)
    assert [(p.code, p.source, p.table) for p in error.value.problems] == [
        ("unknown_table_near", "close.xlsx: 社区表", "社区表"),
    ]
    assert [(p.code, p.table) for p in error.value.warnings] == [("unknown_table", "funds")]


def test_a_table_given_twice_is_a_problem(tmp_path: Path, valid_tables: dict[str, str]) -> None:
    """Sheets ``events`` and ``活动`` are one table given twice."""
    sheets = sheets_of(valid_tables)
    sheets["活动"] = sheets["events"]
    with pytest.raises(DataError) as error:
        scoplan.load(write_workbook(tmp_path / "data.xlsx", sheets))
    assert [(p.code, p.source, p.params["other"]) for p in error.value.problems] == [
        ("duplicate_table", "data.xlsx: 活动", "data.xlsx: events")
    ]


def test_blank_rows_and_empty_trailing_cells_are_no_data(
    tmp_path: Path, valid_tables: dict[str, str], valid_folder: Path
) -> None:
    """Blank rows at the end, and cells formatted but empty after the last column, add nothing."""
    path = tmp_path / "data.xlsx"
    write_workbook(path, sheets_of(valid_tables))
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook["organizations"]
    sheet.cell(row=1, column=20).number_format = "@"  # formatted, empty: beyond the header
    sheet.cell(row=40, column=3).value = "   "  # a row of spaces far below
    sheet.cell(row=41, column=15).number_format = "0.00"
    workbook.save(path)
    data = scoplan.load(path)
    assert data.fingerprint == scoplan.load(valid_folder).fingerprint
    assert not [c for c in data.frame("organizations").columns if c.startswith("column_")]


def test_a_cell_beyond_the_header_is_kept_as_an_extra_column(
    tmp_path: Path, valid_tables: dict[str, str]
) -> None:
    """A value in a column without a header is kept, as column_N, not dropped."""
    sheets = sheets_of(valid_tables)
    sheets["districts"][1].append("note")
    data = scoplan.load(write_workbook(tmp_path / "data.xlsx", sheets))
    assert data.frame("districts").get_column("column_5").to_list() == ["note", None]


def test_random_bytes_named_xlsx_are_unreadable_not_a_traceback(tmp_path: Path) -> None:
    """Random bytes in a .xlsx file give one ``unreadable`` problem naming the file."""
    path = tmp_path / "broken.xlsx"
    path.write_bytes(random.Random(6).randbytes(4096))
    [(code, source, *_)] = problems_of(path)
    assert (code, source) == ("unreadable", "broken.xlsx")
    result = CliRunner().invoke(main, ["evaluate", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "error: broken.xlsx: cannot be read: not an Excel workbook" in result.stderr


def test_a_zip_that_is_not_a_workbook_is_unreadable(tmp_path: Path) -> None:
    """A zip archive without a workbook inside is unreadable too."""
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    [(code, source, *_)] = problems_of(path)
    assert (code, source) == ("unreadable", "archive.xlsx")


def test_a_workbook_that_unpacks_too_large_is_not_read(
    tmp_path: Path, valid_tables: dict[str, str]
) -> None:
    """Past the unpacked-size limit (what a zip bomb claims) the workbook is refused, unread."""
    path = write_workbook(tmp_path / "data.xlsx", sheets_of(valid_tables))
    with pytest.raises(DataError) as error:
        scoplan.load(path, limits=scoplan.Limits(workbook_bytes=1000))
    [problem] = error.value.problems
    assert (problem.code, problem.source, problem.params["limit"]) == (
        "limit_workbook_bytes",
        "data.xlsx",
        "1000 B",
    )


def test_a_sheet_past_the_row_limit_is_not_read(
    tmp_path: Path, valid_tables: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet with more rows than the limit refuses the workbook: one problem names the sheet."""
    sheets = sheets_of(valid_tables)
    sheets["events"].append(["V3", "training", "city", "培训", "2023-07-27"])
    path = write_workbook(tmp_path / "data.xlsx", sheets)
    monkeypatch.setattr(xlsx_workbook, "MAX_ROWS", 3)  # events has a header and three rows
    with pytest.raises(DataError) as error:
        scoplan.load(path)
    problems = [(p.code, p.source, p.params["limit"]) for p in error.value.problems]
    assert problems == [("too_many_rows", "data.xlsx: events", 3)]


def test_the_loader_accepts_xlsx_and_xlsm_files_only(tmp_path: Path) -> None:
    """``.xlsx`` and ``.xlsm`` files are the loader's; a folder or a missing file is not."""
    for name in ("a.xlsx", "b.XLSM"):
        (tmp_path / name).write_bytes(b"")
        assert xlsx_workbook.accepts(str(tmp_path / name))
    assert not xlsx_workbook.accepts(str(tmp_path / "missing.xlsx"))
    assert not xlsx_workbook.accepts(str(tmp_path))
    (tmp_path / "c.xls").write_bytes(b"")
    assert not xlsx_workbook.accepts(str(tmp_path / "c.xls"))


def test_loading_a_workbook_leaves_it_unchanged(
    tmp_path: Path, valid_tables: dict[str, str]
) -> None:
    """Reading a workbook (with a problem in it) does not touch the file."""
    sheets = sheets_of(valid_tables)
    sheets["organizations"][1][4] = "someday"
    path = write_workbook(tmp_path / "data.xlsx", sheets)
    before = path.read_bytes()
    with pytest.raises(DataError):
        scoplan.load(path)
    assert path.read_bytes() == before
