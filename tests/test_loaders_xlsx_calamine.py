"""Workbooks read by calamine (fastexcel): the same raw tables, cell for cell, as openpyxl gave.

The oracle is the reader scoplan had before (openpyxl in read-only mode, cell by cell), kept
here whole as :func:`openpyxl_tables`; each test writes a workbook with openpyxl (or edits
its XML where openpyxl cannot write the case) and compares what the loader reads with what
the oracle reads, or with values worked out by hand.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import threading
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import fastexcel
import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner
from conftest import VALID_TABLES
from hypothesis import event, given
from hypothesis import strategies as st
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from polars.testing import assert_frame_equal
from workbooks import shared_strings

import scoplan
from scoplan import DataError
from scoplan.checking import check_tables
from scoplan.cli import main
from scoplan.i18n import describe_problem
from scoplan.loaders import xlsx_workbook
from scoplan.loaders._cells import cell_text, raw_table
from scoplan.loaders._tables import _canonical_columns, canonical_table, header_words
from scoplan.loaders.contract import RawTable

TABLES = (
    "districts",
    "townships",
    "communities",
    "organizations",
    "federations",
    "establishments",
    "brand_projects",
    "events",
)
BUREAU = Path(__file__).resolve().parents[2] / "shared" / "data" / "bureau-sample"


# -- the oracle: scoplan's reader before calamine ------------------------------------------


def openpyxl_tables(path: Path) -> tuple[dict[str, RawTable], list[Any]]:
    """The raw tables openpyxl gives, read as scoplan read every workbook before."""
    tables: dict[str, RawTable] = {}
    problems: list[Any] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for sheet in book.worksheets:
            table = canonical_table(sheet.title)
            if table is None or table in tables:
                continue
            sheet.reset_dimensions()
            where = f"{path.name}: {sheet.title}"
            header: list[str | None] = []
            body: list[list[str | None]] = []
            numbers: list[int] = []
            width = 0
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [cell_text(value) for value in values]
                filled = [i for i, cell in enumerate(cells) if cell is not None and cell.strip()]
                if number == 1:
                    header = cells
                elif not filled:
                    continue
                else:
                    body.append(cells)
                    numbers.append(number)
                if filled:
                    width = max(width, filled[-1] + 1)
            headers = [cell or "" for cell in header[:width]]
            headers += [""] * (width - len(headers))
            names, found = _canonical_columns(table, headers, where)
            problems += found
            body = [cells + [None] * (width - len(cells)) for cells in body]
            raw = raw_table(table, where, names, [cells[:width] for cells in body], numbers)
            tables[table] = RawTable(table, where, raw.frame, headers=header_words(names, headers))
        book.close()
    return tables, problems


@contextlib.contextmanager
def untyped() -> Iterator[None]:
    """The loader without its typed fast path: every table as text, as openpyxl gave it."""
    with mock.patch.object(xlsx_workbook, "_typed", return_value=None):
        yield


@contextlib.contextmanager
def counting_openpyxl() -> Iterator[list[str]]:
    """The sources of the sheets the loader hands to openpyxl instead of calamine."""
    sheets: list[str] = []
    read_sheet = xlsx_workbook._read_sheet

    def counted(rows: Any, table: str, source: str, *rest: Any) -> Any:
        sheets.append(source)
        return read_sheet(rows, table, source, *rest)

    with mock.patch.object(xlsx_workbook, "_read_sheet", counted):
        yield sheets


def assert_reads_as_openpyxl(path: Path) -> list[str]:
    """The loader's raw tables (as text) equal the oracle's, and so do the datasets (or the
    problems) the checker makes of them; the sheets openpyxl read, for the caller."""
    expected, expected_problems = openpyxl_tables(path)
    with untyped(), counting_openpyxl() as slow:
        tables, problems = xlsx_workbook.read(str(path))
    assert list(tables) == list(expected)
    for name, raw in tables.items():
        assert raw.source == expected[name].source
        assert raw.headers == expected[name].headers
        assert_frame_equal(raw.frame, expected[name].frame)
    assert [p for p in problems if p.code in ("duplicate_column", "reserved_column")] == (
        expected_problems
    )
    typed, typed_problems = xlsx_workbook.read(str(path))
    assert checked(typed, typed_problems) == checked(expected, problems)
    return slow


def checked(tables: Mapping[str, RawTable], problems: Sequence[Any]) -> Any:
    """What the checker makes of raw tables: each table's frame, or the problems."""
    try:
        data = check_tables(dict(tables), list(problems), origin="data.xlsx")
    except DataError as error:
        return ("problems", [(p.code, p.source, p.row, p.column, p.value) for p in error.problems])
    return ("data", {name: data.frame(name).to_dicts() for name in TABLES}, data.warnings)


# -- writing workbooks ---------------------------------------------------------------------


def valid_sheets() -> dict[str, list[list[Any]]]:
    """The small valid dataset as ``{sheet: rows}``, every cell text."""
    return {
        Path(name).stem: [[cell or None for cell in row] for row in csv.reader(io.StringIO(text))]
        for name, text in VALID_TABLES.items()
    }


def write(
    path: Path,
    sheets: Mapping[str, Sequence[Sequence[Any]]],
    *,
    formats: Mapping[tuple[str, int, int], str] | None = None,
    epoch: dt.datetime | None = None,
    iso_dates: bool = False,
) -> Path:
    """``{sheet: rows}`` written by openpyxl, cells as given; ``formats`` number formats
    by (sheet, row, column), each from 1."""
    book = openpyxl.Workbook(iso_dates=iso_dates)
    if epoch is not None:
        book.epoch = epoch
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    for (title, row, column), code in (formats or {}).items():
        book[title].cell(row=row, column=column).number_format = code
    book.save(path)
    return _without_lxml(path)


def _without_lxml(path: Path) -> Path:
    """The workbook's sheets as openpyxl writes them without lxml, the form these tests
    were made with: a text's spaces not marked ``xml:space="preserve"``, a formula's empty
    value ``<v/>``, Chinese as characters. With lxml installed (python-docx brings it)
    openpyxl marks spaces, writes ``<v></v>`` and ``&#30002;``; both forms are a bureau's
    (Excel marks spaces, other tools do not)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    for name in parts:
        if name.startswith("xl/worksheets/"):
            xml = parts[name].decode()
            xml = xml.replace('<t xml:space="preserve">', "<t>").replace("<v></v>", "<v/>")
            xml = re.sub(r"&#(\d{3,});", lambda m: chr(int(m.group(1))), xml)
            parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def edit_sheet(path: Path, title: str, edit: Callable[[str], str]) -> Path:
    """Rewrite the XML of one sheet of the workbook at ``path``."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    book = openpyxl.load_workbook(path, read_only=True)
    member = f"xl/worksheets/sheet{book.sheetnames.index(title) + 1}.xml"
    book.close()
    parts[member] = edit(parts[member].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def replaced_once(path: Path, plain: str, new: str) -> str:
    """The organizations sheet of the workbook at ``path`` with the first ``plain`` in its XML
    written ``new``; the XML, for the caller to see the change is there."""
    edited: list[str] = []

    def edit(xml: str) -> str:
        edited.append(xml.replace(plain, new, 1))
        return edited[0]

    edit_sheet(path, "organizations", edit)
    return edited[0]


def with_cell(column: str, value: Any, row: int = 1) -> dict[str, list[list[Any]]]:
    """The valid sheets with one cell of organizations (in row ``row`` of the data) set."""
    sheets = valid_sheets()
    header = sheets["organizations"][0]
    sheets["organizations"][row][header.index(column)] = value
    return sheets


# -- the common cases: calamine alone ------------------------------------------------------


def test_ids_and_dates_of_mixed_kinds_read_as_written(tmp_path: Path) -> None:
    """An id column of numbers and text, a date column of dates and text dates: as before."""
    sheets = {
        "districts": [
            ["id", "name", "kind"],
            [341002, "屯溪区", "district"],
            ["D2", "乙县", "county"],
        ],
        "townships": [
            ["id", "district_id", "name", "kind"],
            [341002001, 341002, "昱东街道", "street"],
            ["T2", "D2", "二镇", "town"],
        ],
        "communities": [
            ["id", "township_id", "name", "kind"],
            [341002001001, 341002001, "塘田社区", "urban"],
            ["C2", "T2", "二村", "rural"],
        ],
        "organizations": [
            ["id", "community_id", "name", "founded", "dissolved", "charter"],
            ["O1", 341002001001, "甲会", dt.datetime(2021, 3, 1), dt.date(2022, 6, 30), True],
            [1002, "C2", "乙会", "2021/9/14", None, False],
            ["O3", 341002001001.0, "丙会", "2021年9月14日", "2022-07-01", "是"],
            ["O4", "C2", "丁会", dt.datetime(2020, 1, 15, 9, 30), None, None],
        ],
    }
    path = write(tmp_path / "mixed.xlsx", sheets)
    with counting_openpyxl() as slow:
        data = scoplan.load(path)
    assert slow == []  # calamine read every sheet
    assert data.frame("districts").get_column("id").to_list() == ["341002", "D2"]
    assert data.frame("townships").get_column("district_id").to_list() == ["341002", "D2"]
    rows = data.frame("organizations").select(
        "id", "community_id", "founded", "dissolved", "charter"
    )
    assert rows.rows() == [
        ("O1", "341002001001", dt.date(2021, 3, 1), dt.date(2022, 6, 30), True),
        ("1002", "C2", dt.date(2021, 9, 14), None, False),
        ("O3", "341002001001", dt.date(2021, 9, 14), dt.date(2022, 7, 1), True),
        ("O4", "C2", dt.date(2020, 1, 15), None, None),
    ]
    assert assert_reads_as_openpyxl(path) == []


def test_a_clean_sheet_is_typed_and_a_sheet_of_chinese_words_too(tmp_path: Path) -> None:
    """Dates as dates and yes/no as TRUE/FALSE: typed at once; 是/否 and dates written as
    text (2021/9/14) are typed too, a distinct cell at a time, as the checker reads them;
    a cell that is no yes/no sends the sheet to the checker, which names it."""
    sheets = valid_sheets()
    header = sheets["organizations"][0]
    for row in sheets["organizations"][1:]:
        row[header.index("founded")] = dt.date.fromisoformat(row[header.index("founded")])
        row[header.index("charter")] = row[header.index("charter")] == "true"
    tables, _ = xlsx_workbook.read(str(write(tmp_path / "typed.xlsx", sheets)))
    assert tables["organizations"].typed
    assert tables["organizations"].frame.schema["founded"] == pl.Date
    sheets["organizations"][1][header.index("charter")] = "是"
    sheets["organizations"][2][header.index("founded")] = "2021/9/14"
    path = write(tmp_path / "words.xlsx", sheets)
    tables, _ = xlsx_workbook.read(str(path))
    organizations = tables["organizations"]
    assert organizations.typed
    assert organizations.frame.get_column("charter").to_list() == [True, False]
    assert organizations.frame.get_column("founded").to_list()[1] == dt.date(2021, 9, 14)
    assert_reads_as_openpyxl(path)
    sheets["organizations"][1][header.index("charter")] = "也许"
    tables, _ = xlsx_workbook.read(str(write(tmp_path / "maybe.xlsx", sheets)))
    assert not tables["organizations"].typed
    assert tables["organizations"].frame.get_column("charter").to_list() == ["也许", "false"]


def test_blank_rows_leading_columns_and_spaces_keep_their_places(tmp_path: Path) -> None:
    """A sheet starting in column C, rows of spaces, a blank header cell: as openpyxl read it."""
    sheets = valid_sheets()
    districts = sheets["districts"]
    sheets["districts"] = [
        [None, None, *districts[0]],
        [None, None, "\u3000", "\u3000\u3000", None],
        [None, None, *districts[1]],
        [],
        [None, None, *districts[2][:3], None, "extra"],
    ]
    path = write(tmp_path / "places.xlsx", sheets)
    assert assert_reads_as_openpyxl(path) == []
    # a cell of ASCII spaces, which openpyxl saves without xml:space="preserve" and calamine
    # would read as "": openpyxl reads that sheet
    sheets["districts"][1][2] = " "
    assert assert_reads_as_openpyxl(write(tmp_path / "space.xlsx", sheets)) == [
        "space.xlsx: districts"
    ]
    tables, _ = xlsx_workbook.read(str(path))
    frame = tables["districts"].frame
    assert frame.columns[:3] == ["__row", "column_1", "column_2"]
    assert frame.get_column("__row").to_list() == [3, 5]
    assert frame.get_column("column_7").to_list() == [None, "extra"]


# -- formulas ------------------------------------------------------------------------------


def test_a_formula_without_a_saved_value_is_a_problem_not_an_empty_cell(tmp_path: Path) -> None:
    """Formulas openpyxl wrote (no value saved): each a problem at its row and column."""
    sheets = with_cell("founded", "=DATE(2021,3,1)")
    sheets["organizations"][2][2] = '="乙"&"会"'
    path = write(tmp_path / "data.xlsx", sheets)
    with pytest.raises(DataError) as error:
        scoplan.load(path)
    problems = [p for p in error.value.problems if p.code == "formula_without_value"]
    assert [(p.source, p.row, p.column) for p in problems] == [
        ("data.xlsx: organizations", 2, "founded"),
        ("data.xlsx: organizations", 3, "name"),
    ]
    assert describe_problem(problems[0], "en") == (
        "data.xlsx: organizations, row 2, column founded: formula without a saved value "
        "(not saved by Excel?): open and save the file in Excel"
    )
    assert describe_problem(problems[0], "zh") == (
        "data.xlsx中的“organizations”，第2行，“founded”列："
        "公式没有保存计算结果（不是 Excel 保存的文件?）：请用 Excel 打开并保存后再读取"
    )
    result = CliRunner().invoke(main, ["evaluate", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "row 2, column founded: formula without a saved value" in result.stderr


def test_a_formula_with_its_saved_value_counts_by_that_value(tmp_path: Path) -> None:
    """Formulas as Excel saves them (a date, a text): read as their values, as openpyxl did."""
    sheets = with_cell("founded", "=DATE(2021,3,1)")
    sheets["organizations"][2][2] = '="乙"&"会"'
    path = write(tmp_path / "saved.xlsx", sheets, formats={("organizations", 2, 5): "yyyy-mm-dd"})

    def save_values(xml: str) -> str:
        xml, dates = re.subn(
            r'(<c r="E2" s="\d+")( t="n")?><f>(.*?)</f><v\s*/>', r"\1><f>\3</f><v>44256</v>", xml
        )
        xml, texts = re.subn(
            r'<c r="C3"( t="n")?><f>(.*?)</f><v\s*/>',
            r'<c r="C3" t="str"><f>\2</f><v>乙会</v>',
            xml,
        )
        assert (dates, texts) == (1, 1)
        return xml

    edit_sheet(path, "organizations", save_values)
    data = scoplan.load(path)
    assert data.frame("organizations").select("name", "founded").rows() == [
        ("甲会", dt.date(2021, 3, 1)),
        ("乙会", dt.date(2020, 1, 15)),
    ]
    assert assert_reads_as_openpyxl(path) == []


def test_many_formulas_without_values_are_counted_past_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the limit of listed formulas, the rest are one problem that counts them."""
    monkeypatch.setattr(xlsx_workbook, "MAX_FORMULA_PROBLEMS", 1)
    sheets = with_cell("founded", "=DATE(2021,3,1)")
    sheets["organizations"][2][4] = "=DATE(2020,1,15)"
    sheets["organizations"][2][2] = '="乙"&"会"'
    with pytest.raises(DataError) as error:
        scoplan.load(write(tmp_path / "data.xlsx", sheets))
    found = [
        (p.code, p.row, p.params.get("count"))
        for p in error.value.problems
        if p.code in ("formula_without_value", "more")
    ]
    assert found == [("formula_without_value", 2, None), ("more", None, 2)]


# -- what calamine reads otherwise: openpyxl reads it ---------------------------------------

OTHERWISE = {
    "an error cell": ("founded", "#N/A"),
    "a number with more than nine decimals": ("name", 0.1 + 0.2),
    "a number a hair from a whole one (calamine's 2)": ("name", 2.0000000001),
    "a code a hair past a whole number (calamine's 341002)": ("name", 341002.00000000006),
    "a tiny number": ("founded", 1e-10),
    "minus zero": ("name", -0.0),
    "a time of day in a date column": ("founded", dt.time(9, 30)),
    "a duration in a date column": ("dissolved", dt.timedelta(days=800, hours=2)),
    "a datetime typed as text in a name column": ("name", "2021-03-01 00:00:00"),
    "an escape in text": ("name", "甲_x000D_会"),
    "a day before 1900-03-01": ("founded", dt.date(1900, 2, 1)),
}


@pytest.mark.parametrize("case", list(OTHERWISE))
def test_cells_calamine_reads_otherwise_are_read_as_openpyxl_read_them(
    tmp_path: Path, case: str
) -> None:
    """Each such cell sends its sheet to openpyxl: the same text as before, however slow."""
    column, value = OTHERWISE[case]
    path = write(tmp_path / "data.xlsx", with_cell(column, value))
    slow = assert_reads_as_openpyxl(path)
    if case not in AGREED:
        assert slow == ["data.xlsx: organizations"]


AGREED = {
    "a day before 1900-03-01": ("founded", dt.date(1900, 2, 1)),
    "an 18-digit number (openpyxl saves it as 1.2345678901234568e+17)": (
        "id",
        123456789012345678,
    ),
    "a text of spaces kept": ("name", "  甲 会  "),
    "a date cell in a name column": ("name", dt.datetime(2021, 3, 1)),
}
"""Cells calamine reads as openpyxl does: read by calamine."""
OTHERWISE.update(AGREED)


@pytest.mark.parametrize("doubt", [False, True], ids=["calamine", "openpyxl"])
def test_rows_written_out_of_order_are_every_one_read(tmp_path: Path, doubt: bool) -> None:
    """A sheet whose rows come last first (valid XML: each names its number, as a tool
    writing a sheet may do). Calamine places each; openpyxl's streaming reader dropped each
    row numbered below one it had passed, so that a sheet sent to it (an escape in a name
    here) lost all but its last row and nothing was said (found by a helper): such a sheet
    is read by openpyxl whole, every row in its place."""
    sheets = with_cell("name", "甲_x000D_会" if doubt else "甲会")
    expected = [row[0] for row in sheets["organizations"][1:]]
    assert len(expected) >= 2
    path = write(tmp_path / "data.xlsx", sheets)

    def last_first(xml: str) -> str:
        rows = re.findall(r"<row [^>]*>.*?</row>", xml)
        assert len(rows) == len(expected) + 1
        body = "".join([rows[0], *reversed(rows[1:])])
        return xml.replace("".join(rows), body)

    edit_sheet(path, "organizations", last_first)
    with counting_openpyxl() as slow:
        data = scoplan.load(path)
    assert slow == (["data.xlsx: organizations"] if doubt else [])
    assert data.frame("organizations").get_column("id").to_list() == expected


@pytest.mark.parametrize(
    ("rows", "in_order"),
    [
        ('<row r="1"/><row r="2" spans="1:3"/><row r="10"/>', True),
        ('<row r="1"/><row r="3"/><row r="2"/>', False),
        ('<row r="1"/><row r="2"/><row r="2"/>', False),  # twice: calamine keeps the later
        ("<x:row r='1'/><x:row ht='15' r='2'/><x:row r='1'/>", False),
        ('<row r="1"/><row/><row r="2"/>', True),  # one not numbered: openpyxl counts it
        ('<rows r="5"/><row r="1"/><row customHeight="1" r="2"/>', True),
    ],
)
@pytest.mark.parametrize("chunk", [8, 1 << 24])
def test_rows_in_order_in_one_piece_or_many(rows: str, in_order: bool, chunk: int) -> None:
    """The order of the rows that name their number, across pieces of the XML too."""
    xml = f"<worksheet><sheetData>{rows}</sheetData></worksheet>".encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("sheet.xml", xml)
    with zipfile.ZipFile(buffer) as archive, mock.patch.object(xlsx_workbook, "_CHUNK", chunk):
        assert xlsx_workbook._rows_in_order(archive, "sheet.xml") == in_order


@pytest.mark.parametrize("cells", ["every cell", "some cells"])
def test_cells_with_a_prefix_the_root_does_not_use_are_looked_at(
    tmp_path: Path, cells: str
) -> None:
    """``<worksheet xmlns="…main" xmlns:x="…main"><x:sheetData><x:row><x:c>``: the same XML
    to any reader as unprefixed cells. The pass took the prefix of the root only, found
    nothing in the cells, and calamine read the error cell (#N/A) as empty, with no word
    said (found by a helper). Every prefix the cells are written with is looked for."""
    path = write(tmp_path / "data.xlsx", with_cell("founded", "#N/A"))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

    def prefixed(xml: str) -> str:
        xml = xml.replace(f'xmlns="{main}"', f'xmlns="{main}" xmlns:x="{main}"', 1)
        rows = re.findall(r"<row [^>]*>.*?</row>", xml)
        chosen = rows if cells == "every cell" else rows[len(rows) // 2 :]
        for row in chosen:
            new = re.sub(r"<(/?)(row|c|v|is|t|f)([\s>/])", r"<\1x:\2\3", row)
            xml = xml.replace(row, new)
        return xml

    edit_sheet(path, "organizations", prefixed)
    assert assert_reads_as_openpyxl(path) == ["data.xlsx: organizations"]


def test_numbers_saved_whole_past_15_digits_are_read_as_before(tmp_path: Path) -> None:
    """An 18-digit number saved as its digits (not as Excel or openpyxl save it): as before."""
    path = write(tmp_path / "data.xlsx", with_cell("id", 123456789012345678))
    edit_sheet(
        path,
        "organizations",
        lambda xml: xml.replace("<v>1.234567890123457e+17</v>", "<v>123456789012345678</v>"),
    )
    assert assert_reads_as_openpyxl(path) == ["data.xlsx: organizations"]
    assert openpyxl_tables(path)[0]["organizations"].frame.item(0, "id") == "123456789012345678"


PHONETIC = '<t>甲会</t><rPh sb="0" eb="1"><t>コウ</t></rPh><phoneticPr fontId="1"/>'
"""A string with its reading in kana, as a Japanese Excel saves it."""


@pytest.mark.parametrize(
    ("runs", "openpyxl_reads"),
    [
        ({}, False),
        ({"<t>甲会</t>": PHONETIC}, False),
        ({"<t>甲会</t>": '<t xml:space="preserve"> 甲会 </t>'}, False),
        ({"<t>甲会</t>": "<t> 甲会</t>"}, True),
        ({"<t>甲会</t>": "<r><t>甲 </t></r><r><rPr><b/></rPr><t> 会</t></r>"}, True),
        ({"<t>甲会</t>": "<t>甲_x000D_会</t>"}, True),
    ],
)
def test_shared_strings_read_as_before(
    tmp_path: Path, runs: dict[str, str], openpyxl_reads: bool
) -> None:
    """Text kept once for all sheets, plain, rich or phonetic: read as openpyxl read it (all
    of it by openpyxl where calamine would trim a run's spaces or unescape ``_x000D_``)."""
    path = shared_strings(write(tmp_path / "data.xlsx", valid_sheets()), runs)
    slow = assert_reads_as_openpyxl(path)
    assert bool(slow) == openpyxl_reads
    assert (len(slow) == len(TABLES)) == openpyxl_reads


REFERENCED = {
    "an error": (("founded", "#N/A"), "<v>#N/A</v>", "<v>&#35;N/A</v>"),
    "an escape": (("name", "甲_x000D_会"), "甲_x000D_会", "甲&#95;x000D_会"),
    "a space before": (("name", "甲会"), "<t>甲会</t>", "<t>&#32;甲会</t>"),
    "a space after, in hexadecimal": (("name", "甲会"), "<t>甲会</t>", "<t>甲会&#x20;</t>"),
    "a tab, zeros first": (("name", "甲会"), "<t>甲会</t>", "<t>甲会&#0009;</t>"),
    "text written as a date cell": (
        ("name", "2021-03-01 00:00:00"),
        "2021-03-01 00:00:00",
        "2021&#45;03-01 00:00:00",
    ),
}


ATTRIBUTED = {
    "an error's value tag with an attribute": (
        ("founded", "#N/A"),
        "<v>#N/A</v>",
        '<v xml:space="preserve">#N/A</v>',
        True,
    ),
    "a value tag with a space in it": (("founded", "#N/A"), "<v>#N/A</v>", "<v >#N/A</v>", True),
    "a text tag with another attribute, a space after": (
        ("name", "甲会"),
        "<t>甲会</t>",
        '<t xml:lang="zh">甲会 </t>',
        True,
    ),
    "a text tag that keeps its spaces": (
        ("name", "甲会"),
        "<t>甲会</t>",
        '<t xml:lang="zh" xml:space="preserve"> 甲会 </t>',
        False,
    ),
}


@pytest.mark.parametrize("case", list(ATTRIBUTED))
def test_tags_with_attributes_are_looked_at_as_tags_without(tmp_path: Path, case: str) -> None:
    """``<v xml:space="preserve">#N/A</v>``, ``<v >``, ``<t xml:lang="zh">甲会 </t>``: the same
    XML to any reader as the bare tags, which the pass looked for alone: calamine's empty
    cell was read for the error (an organization dissolved on #N/A counted as active), its
    甲会 for 甲会 with a space (found by a helper). A tag that keeps its spaces
    (``xml:space="preserve"``, as Excel writes it) is read as calamine reads it."""
    (column, value), plain, attributed, openpyxl_reads = ATTRIBUTED[case]
    path = write(tmp_path / "data.xlsx", with_cell(column, value))
    assert attributed in replaced_once(path, plain, attributed)
    slow = assert_reads_as_openpyxl(path)
    assert slow == (["data.xlsx: organizations"] if openpyxl_reads else [])


@pytest.mark.parametrize("case", list(REFERENCED))
def test_ascii_written_as_a_character_reference_is_read_as_openpyxl_reads_it(
    tmp_path: Path, case: str
) -> None:
    """A character below 128 written as a reference (``&#32;``), which some writers do, can
    spell what calamine reads otherwise (a space it trims, an error, an escape, a date cell)
    where the pass looks for the character: the sheet goes to openpyxl. Calamine read each
    of these otherwise: 甲会 for “ 甲会”, nothing for #N/A, 2021-03-01 for the text."""
    (column, value), plain, referenced = REFERENCED[case]
    path = write(tmp_path / "data.xlsx", with_cell(column, value))
    assert referenced in replaced_once(path, plain, referenced)
    assert assert_reads_as_openpyxl(path) == ["data.xlsx: organizations"]


@pytest.mark.parametrize(
    ("si", "openpyxl_reads"),
    [
        ("<t>&#32;甲会</t>", True),
        ("<t>甲&#x5F;x000D_会</t>", True),
        ("<t>&#30002;&#20250;</t>", False),  # Chinese as openpyxl writes it with lxml
        ("<t>甲&#128;会</t>", False),  # the first character past ASCII
        ('<t xml:lang="zh">甲会 </t>', True),
        ('<t xml:space="preserve" xml:lang="zh">甲会 </t>', False),
    ],
)
def test_shared_strings_with_character_references_read_as_before(
    tmp_path: Path, si: str, openpyxl_reads: bool
) -> None:
    """In the shared strings too; a reference past ASCII spells none of what calamine reads
    otherwise, and calamine reads the sheets."""
    path = shared_strings(write(tmp_path / "data.xlsx", valid_sheets()), {"<t>甲会</t>": si})
    assert si in read_member(path, "xl/sharedStrings.xml")
    assert bool(assert_reads_as_openpyxl(path)) == openpyxl_reads


@pytest.mark.parametrize("form", ["&#{};", "&#00{};", "&#x{:x};", "&#x{:02X};", "&#x00{:x};"])
def test_a_reference_is_in_doubt_exactly_when_its_character_is_ascii(form: str) -> None:
    """Below 128, in each form XML allows; from 128 on (Chinese too), not."""
    doubted = [
        code
        for code in range(0x3000)
        if re.search(xlsx_workbook._patterns(b"<x/>").texts, f"<t>a{form.format(code)}</t>")
    ]
    assert doubted == list(range(128))


def read_member(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(member).decode()


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(9999, 12, 31),
        -5,  # before 1899-12-30
    ],
)
def test_dates_at_the_edges_of_excel_read_as_before(tmp_path: Path, value: Any) -> None:
    """Serial numbers no day has, in a date column: the text openpyxl gave, not calamine's."""
    path = write(
        tmp_path / "data.xlsx",
        with_cell("founded", value),
        formats={("organizations", 2, 5): "yyyy-mm-dd"},
    )
    assert_reads_as_openpyxl(path)


def test_a_number_past_excels_last_day_in_a_date_cell_is_read_as_the_number(
    tmp_path: Path,
) -> None:
    """A serial number past 9999-12-31 formatted as a date (1e7: Excel shows ####), which
    openpyxl gives as ``#VALUE!`` like a formula's error: read as the number the cell holds,
    whichever reader reads the sheet, and said to be a number typed into a date cell."""
    path = write(
        tmp_path / "data.xlsx",
        with_cell("founded", 1e7),
        formats={("organizations", 2, 5): "yyyy-mm-dd"},
    )
    with untyped():
        tables, problems = xlsx_workbook.read(str(path))
    assert tables["organizations"].frame.get_column("founded").to_list()[0] == "10000000"
    said = [(p.code, p.row, p.column, p.value) for p in problems]
    assert said == [("number_in_date_cell_other", 2, "founded", "10000000")]


def test_a_1904_workbook_reads_its_dates_as_before(tmp_path: Path) -> None:
    """A workbook on Excel's 1904 calendar (old Macs): the same days."""
    sheets = with_cell("founded", dt.datetime(2021, 3, 1, 12))
    sheets["organizations"][2][4] = dt.date(1904, 1, 1)
    path = write(tmp_path / "mac.xlsx", sheets, epoch=CALENDAR_MAC_1904)
    assert assert_reads_as_openpyxl(path) == ["mac.xlsx: organizations"]  # day 0 is a time
    sheets["organizations"][2][4] = dt.date(1904, 1, 2)
    path = write(tmp_path / "mac2.xlsx", sheets, epoch=CALENDAR_MAC_1904)
    assert assert_reads_as_openpyxl(path) == []


def test_iso_date_cells_are_read_as_before(tmp_path: Path) -> None:
    """Dates saved as ISO text cells (t="d") read as the days they are."""
    path = write(
        tmp_path / "iso.xlsx", with_cell("founded", dt.datetime(2021, 3, 1)), iso_dates=True
    )
    assert assert_reads_as_openpyxl(path) == ["iso.xlsx: organizations"]


def test_cells_that_do_not_name_their_place_are_read_by_openpyxl(tmp_path: Path) -> None:
    """Cells without ``r`` are placed by counting: openpyxl reads that sheet."""
    path = write(tmp_path / "data.xlsx", valid_sheets())
    edit_sheet(path, "districts", lambda xml: re.sub(r'<c r="[A-Z]+[0-9]+"', "<c", xml))
    assert assert_reads_as_openpyxl(path) == ["data.xlsx: districts"]


def test_a_stray_cell_far_away_is_not_laid_out_by_calamine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cell whose place would make calamine lay out too many cells: openpyxl reads it."""
    sheets = valid_sheets()
    sheets["events"][2] += [None] * 40 + ["stray"]
    path = write(tmp_path / "far.xlsx", sheets)
    assert assert_reads_as_openpyxl(path) == []  # 3 rows of 46 columns: calamine may
    monkeypatch.setattr(xlsx_workbook, "MAX_CELLS", 3 * 46 - 1)
    assert assert_reads_as_openpyxl(path) == ["far.xlsx: events"]


def test_a_cell_past_the_row_limit_is_not_laid_out_by_calamine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cell in row 1,000,001 of a sheet allowed 10 rows: openpyxl reads the sheet, and the
    workbook is refused as it was, the sheet named; calamine never holds a million rows."""
    path = write(tmp_path / "data.xlsx", valid_sheets())
    book = openpyxl.load_workbook(path)
    book["events"].cell(row=1_000_001, column=1).value = "far down"
    book.save(path)
    monkeypatch.setattr(xlsx_workbook, "MAX_ROWS", 10)
    loads: list[str] = []
    load = xlsx_workbook._load

    def counted(reader: Any, title: str) -> Any:
        loads.append(title)
        return load(reader, title)

    with mock.patch.object(xlsx_workbook, "_load", counted), pytest.raises(DataError) as error:
        scoplan.load(path)
    [problem] = error.value.problems
    assert (problem.code, problem.source, problem.params["limit"]) == (
        "too_many_rows",
        "data.xlsx: events",
        10,
    )
    assert loads == [name for name in TABLES if name != "events"]  # events: openpyxl's


@pytest.mark.parametrize(
    ("case", "openpyxl_reads"),
    [
        ("clean", []),
        ("an error cell", ["data.xlsx: organizations"]),
        ("an escape in text", ["data.xlsx: organizations"]),
        ("a stray cell far away", ["data.xlsx: events"]),
    ],
)
def test_a_big_sheet_looked_at_in_pieces_in_threads_finds_what_one_look_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, openpyxl_reads: list[str]
) -> None:
    """A sheet past the size of a piece is looked at piece by piece, in threads other than
    the reading one: what it holds is found in whichever piece it is, and sends its sheet
    to openpyxl as one look at the whole sheet does."""
    sheets = valid_sheets()
    if case == "a stray cell far away":
        sheets["events"][2] += [None] * 40 + ["stray"]
        monkeypatch.setattr(xlsx_workbook, "MAX_CELLS", 3 * 46 - 1)
    elif case != "clean":  # in the last cell of the sheet: in its last piece
        sheets["organizations"][-1][-1] = OTHERWISE[case][1]
    path = write(tmp_path / "data.xlsx", sheets)
    monkeypatch.setattr(xlsx_workbook, "_CHUNK", 64)  # every sheet is big, in many pieces
    threads: list[str] = []
    look = xlsx_workbook._look

    def counted(*args: Any) -> Any:
        threads.append(threading.current_thread().name)
        return look(*args)

    with mock.patch.object(xlsx_workbook, "_look", counted):
        assert assert_reads_as_openpyxl(path) == openpyxl_reads
    assert len(threads) > 100
    assert threading.current_thread().name not in threads


@pytest.mark.parametrize("shared", [False, True], ids=["inline", "shared strings"])
@pytest.mark.parametrize("past", [1, 2, 3, 4])
def test_a_space_before_an_end_tag_is_found_where_a_piece_would_end_at_the_tag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: bool, past: int
) -> None:
    """The one pattern that spans two tags (a text's space before ``</t>``, which calamine
    trims and openpyxl keeps) is found where the XML is read in pieces and a piece's bytes
    end ``past`` bytes into that end tag: pieces end before an opening tag only. Found by
    a helper trying a 29 MB sheet, whose ``</t>`` was at byte 2**24 - 1: calamine's
    荷花池志愿服务队 for openpyxl's 荷花池 志愿服务队, and no word said."""
    path = write(tmp_path / "data.xlsx", with_cell("name", "甲会 "))
    member = "xl/worksheets/sheet1.xml"
    if shared:
        path = shared_strings(path)
        member = "xl/sharedStrings.xml"
    else:
        book = openpyxl.load_workbook(path, read_only=True)
        member = f"xl/worksheets/sheet{book.sheetnames.index('organizations') + 1}.xml"
        book.close()
    xml = read_member(path, member).encode()
    end_tag = xml.index("甲会 </t>".encode()) + len("甲会 ".encode())
    monkeypatch.setattr(xlsx_workbook, "_CHUNK", end_tag + past)
    assert assert_reads_as_openpyxl(path) == (
        [f"data.xlsx: {name}" for name in TABLES] if shared else ["data.xlsx: organizations"]
    )


XML_TEXTS = st.text(alphabet=st.sampled_from("甲会 ab_x0D#:-\t"), max_size=5)


@st.composite
def sheet_xml(draw: st.DrawFn) -> bytes:
    """A sheet's XML: rows of inline, rich and shared text, numbers, errors and dates."""
    rows = []
    for r in range(1, draw(st.integers(1, 8)) + 1):
        cells = []
        for c in "ABC"[: draw(st.integers(0, 3))]:
            place = f'r="{c}{r}"'
            cell = draw(
                st.sampled_from(
                    [
                        '<c {} t="inlineStr"><is><t>{}</t></is></c>',
                        '<c {} t="inlineStr"><is><r><t>{}</t></r><r><t>会</t></r></is></c>',
                        '<c {} t="e"><v>#{}</v></c>',
                        "<c {}><v>{}</v></c>",
                        '<c {} t="s"><v>{}</v></c>',
                        '<c {} t="e"><v xml:space="preserve">#{}</v></c>',
                        '<c {} t="inlineStr"><is><t xml:lang="zh">{}</t></is></c>',
                        '<c {} t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>',
                    ]
                )
            )
            text = draw(XML_TEXTS)
            cells.append(cell.format(place, text))
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    body = "".join(rows)
    return f'<?xml version="1.0"?><worksheet><sheetData>{body}</sheetData></worksheet>'.encode()


@given(xml=sheet_xml(), chunk=st.integers(2, 120))
def test_what_the_pass_finds_in_pieces_is_what_it_finds_in_the_whole(
    xml: bytes, chunk: int
) -> None:
    """Every match of every pattern the pass looks for is found whole in one piece, at the
    place it has in the whole XML, however big the pieces are."""
    patterns = xlsx_workbook._patterns(xml)
    sought = xlsx_workbook._sought(patterns, "")
    with mock.patch.object(xlsx_workbook, "_CHUNK", chunk):
        pieces = list(xlsx_workbook._pieces(io.BytesIO(xml)))
    assert b"".join(pieces) == xml
    text = xml.decode()
    for name, pattern in sought.items():
        whole = [m.span() for m in re.finditer(pattern, text)]
        found, at = [], 0
        for piece in pieces:
            part = piece.decode()
            found += [(at + a, at + b) for a, b in (m.span() for m in re.finditer(pattern, part))]
            at += len(part)
        assert found == whole, name
        if whole:
            event(f"{name} found")
    if len(pieces) > 1:
        event("in pieces")


def test_formulas_in_a_big_sheet_are_found_in_whichever_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Formulas without a saved value in a sheet looked at in many pieces: each a problem."""
    sheets = with_cell("founded", "=DATE(2021,3,1)")
    sheets["organizations"][-1][-1] = '="乙"&"会"'
    path = write(tmp_path / "data.xlsx", sheets)
    monkeypatch.setattr(xlsx_workbook, "_CHUNK", 64)
    with pytest.raises(DataError) as error:
        scoplan.load(path)
    problems = [p for p in error.value.problems if p.code == "formula_without_value"]
    assert [(p.source, p.row, p.column) for p in problems] == [
        ("data.xlsx: organizations", 2, "founded"),
        ("data.xlsx: organizations", 3, "serves"),
    ]


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        ({"columns": 3}, ("limit_columns", "data.xlsx: districts", 1)),
        ({"rows": 1}, ("limit_rows", "data.xlsx: districts", None)),
        ({"columns": 13}, ("limit_columns", "data.xlsx: organizations", 4)),
        ({"rows": 2, "columns": 13}, ("limit_rows", "data.xlsx: organizations", None)),
        ({"rows": 3, "columns": 13}, ("limit_columns", "data.xlsx: organizations", 4)),
    ],
)
def test_limits_refuse_a_sheet_at_the_row_openpyxl_did(
    tmp_path: Path, limits: dict[str, int], expected: tuple[Any, ...]
) -> None:
    """Past the rows or the columns limit: the same problem, at the same row, as before (a
    row past the rows limit is refused before its cells are looked at)."""
    sheets = valid_sheets()
    organizations = sheets["organizations"]
    organizations.insert(1, [None] * 3 + ["x"])
    organizations[3] = [*organizations[3], None, "note"]  # column 14 of row 4
    path = write(tmp_path / "data.xlsx", sheets)
    said = []
    for calamine in (True, False):
        read = mock.patch.object(xlsx_workbook, "_load", side_effect=RuntimeError("no calamine"))
        with contextlib.nullcontext() if calamine else read, pytest.raises(DataError) as error:
            scoplan.load(path, limits=scoplan.Limits(**limits))
        said.append([(p.code, p.source, p.row) for p in error.value.problems])
    assert said[0] == said[1] == [expected]


def test_an_unknown_sheet_holding_only_an_error_cell_is_unknown(tmp_path: Path) -> None:
    """An error cell is a cell (calamine reads it as empty): the sheet is no empty sheet."""
    sheets = valid_sheets()
    sheets["funds"] = [[None, "#REF!"]]
    sheets["notes"] = [[None, " "]]
    data = scoplan.load(write(tmp_path / "data.xlsx", sheets))
    assert [(p.code, p.table) for p in data.warnings] == [("unknown_table", "funds")]


# -- number formats: which numbers are dates ----------------------------------------------

FORMATS = [
    "General",
    "0.00",
    "yyyy-mm-dd",
    'yyyy"年"m"月"d"日"',
    "yyyy/m/d h:mm",
    "h:mm AM/PM",
    "[h]:mm:ss",
    "[mm]:ss",
    "mm:ss.0",
    "[$-409]d-mmm-yy",
    "[Red]0.00",
    "0.00_);[Red]\\(0.00\\)",
    '"day "0',
    "0\\d",
    "#,##0;[Red]-#,##0;\\-",
    "@",
    "a",
    "am/pm",
    "_m0",
    "*d0",
    "[h",
    "]d",
    "e",
]


@pytest.mark.parametrize("code", FORMATS)
def test_openpyxls_reading_of_a_format_is_its_own(code: str) -> None:
    """The loader's copy of openpyxl's test says what openpyxl's own functions say."""
    theirs = "duration" if is_date_format(code) and is_timedelta_format(code) else ""
    if not theirs and is_date_format(code):
        theirs = "date"
    assert xlsx_workbook._openpyxl_kind(code) == theirs


def test_calamines_reading_of_formats_is_its_own(tmp_path: Path) -> None:
    """The loader's copy of calamine's test says what calamine reads: a number, or a day."""
    sheets = {"t": [[1.5] for _ in FORMATS]}
    formats = {("t", row, 1): code for row, code in enumerate(FORMATS, start=1)}
    path = write(tmp_path / "formats.xlsx", sheets, formats=formats)
    read = fastexcel.read_excel(path).load_sheet("t", header_row=None, dtypes="string")
    texts = read.to_polars().to_series().to_list()
    calamine = ["" if text == "1.5" else "date or duration" for text in texts]
    ours = ["date or duration" if xlsx_workbook._calamine_kind(c) else "" for c in FORMATS]
    assert ours == calamine


def test_builtin_formats_are_dates_to_both_alike() -> None:
    """openpyxl's built-in date formats are calamine's (14–22, 45–47), 46 a duration."""
    dates = {i for i, code in BUILTIN_FORMATS.items() if is_date_format(code)}
    assert dates == xlsx_workbook._OPENPYXL_DATES
    assert [i for i, code in BUILTIN_FORMATS.items() if is_timedelta_format(code)] == [46]


# -- the bureau's own workbook -------------------------------------------------------------


@pytest.fixture(scope="module")
def bureau_sample(tmp_path_factory) -> tuple[Path, Path, int]:
    """A bureau's workbook, the GB18030 CSV folder of the same register, and its number of
    organizations: shared/data/bureau-sample where it is beside this checkout (4,987,
    as its README says), else the known dataset of tests/collection.py written both ways."""
    if BUREAU.is_dir():
        return BUREAU / "黄山市社区社会组织台账.xlsx", BUREAU / "黄山市社区社会组织台账", 4987
    import collection

    tables = collection.known()
    root = tmp_path_factory.mktemp("bureau")
    workbook = collection.write_bureau_workbook(tables, root / "黄山市社区社会组织台账.xlsx")
    folder = collection.write_bureau_folder(tables, root / "黄山市社区社会组织台账")
    return workbook, folder, tables["organizations"].height


def test_the_bureau_sample_workbook_loads_as_its_csv_folder(bureau_sample) -> None:
    """黄山市社区社会组织台账.xlsx and the GB18030 CSV folder beside it: one dataset."""
    path, csv_folder, organizations = bureau_sample
    with counting_openpyxl() as slow:
        workbook = scoplan.load(path)
    assert slow == []
    folder = scoplan.load(csv_folder)
    for table in TABLES:
        assert_frame_equal(workbook.frame(table), folder.frame(table))
    assert workbook.size() == folder.size()
    assert workbook.size()["organizations"] == organizations
    assert assert_reads_as_openpyxl(path) == []


def with_references(path: Path) -> bool:
    """Every space, ``#``, ``-``, ``_`` and ``:`` in the text and values of the workbook's
    sheets and shared strings written as a character reference, decimal or hexadecimal by
    turns; whether there was one."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    made = 0

    def reference(char: re.Match[str]) -> str:
        nonlocal made
        made += 1
        code = ord(char.group())
        return f"&#{code};" if made % 2 else f"&#x{code:x};"

    def node(text: re.Match[str]) -> str:
        return ">" + re.sub(r"[ #_:-]", reference, text.group(1)) + "<"

    for name in parts:
        if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
            parts[name] = re.sub(r">([^<]+)<", node, parts[name].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return made > 0


# -- any table: as openpyxl read it --------------------------------------------------------

DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))
TEXT = st.text(alphabet=st.sampled_from("甲乙会 \u3000abc1-/_.:"), max_size=6)


def date_cells() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        DAYS,
        st.builds(
            lambda d, h, m: dt.datetime(d.year, d.month, d.day, h, m),
            DAYS,
            st.integers(0, 23),
            st.integers(0, 59),
        ),
        DAYS.map(lambda d: f"{d.year}/{d.month}/{d.day}"),
        DAYS.map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
        DAYS.map(lambda d: f"{d.isoformat()} 00:00:00"),
        DAYS.map(dt.date.isoformat),
        st.sampled_from(["someday", "", "  ", "2021-02-30", "44453"]),
        st.integers(30000, 50000),
    )


def organization_rows() -> st.SearchStrategy[list[Any]]:
    record = st.tuples(
        st.one_of(
            st.integers(1, 10**15),
            st.from_regex(r"O[0-9]{1,4}", fullmatch=True),
            st.from_regex(r"[0-9]{1,18}", fullmatch=True),
        ),
        st.sampled_from(["C1", "C2", " C1", "C9", None]),
        st.one_of(st.none(), TEXT),
        st.sampled_from(["charity", "other", "慈善类", "bad", None]),
        date_cells(),
        date_cells(),
        st.sampled_from(["filed", "none", "登记", None]),
        st.sampled_from(["small", "large", None]),
        st.sampled_from(["community", "township", None]),
        st.one_of(st.none(), st.booleans(), st.sampled_from(["是", "否", "true", 1, 0, " "])),
        date_cells(),
        st.sampled_from(["elderly;children", "elderly", "", None]),
    ).map(list)
    blank = st.sampled_from([[], [None, " "], ["\u3000"]])
    return st.one_of(record, record, record, blank)


@given(
    rows=st.lists(organization_rows(), max_size=6),
    chinese=st.booleans(),
    shared=st.booleans(),
    references=st.booleans(),
)
def test_any_sheet_reads_as_openpyxl_read_it(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[list[Any]],
    chinese: bool,
    shared: bool,
    references: bool,
) -> None:
    """Random organizations — ids numbers or text, dates as dates or text, yes/no as
    booleans or words, blank cells and rows, spaces and dashes written as character
    references — read as the openpyxl reader read them."""
    sheets = valid_sheets()
    header = sheets["organizations"][0]
    if chinese:
        header = [c.alias for c in scoplan.schema.TABLES_BY_NAME["organizations"].columns]
    sheets["organizations"] = [header, *rows]
    path = write(tmp_path_factory.mktemp("any") / "data.xlsx", sheets)
    if shared:
        shared_strings(path)
    if references and with_references(path):
        event("ASCII written as character references")
    slow = assert_reads_as_openpyxl(path)
    tables, _ = xlsx_workbook.read(str(path))
    event("read by openpyxl" if slow else "read by calamine")
    event("typed at once" if tables["organizations"].typed else "checked cell by cell")
    event("shared strings" if shared else "inline strings")
    kinds = {type(cell).__name__ for row in rows for cell in row if cell is not None}
    for kind in sorted(kinds):
        event(f"cells of {kind}")
