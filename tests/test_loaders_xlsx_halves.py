"""A big sheet read by two calamine readers at once, each given half of its rows
(``scoplan.loaders.xlsx_halves``): the workbook reads as it does with one reader.

Each test makes every sheet "big" (``_CHUNK``, the size of a piece of a sheet's XML, set
small), so the loader halves a sheet of a few rows as it halves a province's."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import openpyxl
import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from judged import judged, must_judge
from polars.testing import assert_frame_equal
from workbooks import shared_strings

from scoplan.loaders import xlsx_halves, xlsx_workbook
from scoplan.schema import TABLES_BY_NAME

HEADER = [column.name for column in TABLES_BY_NAME["organizations"].columns]
Rows = Sequence[tuple[int, int, Sequence[Any]]]


def workbook(path: Path, rows: Rows) -> Path:
    """An organizations sheet: the header in row 1, then each (row, first column, cells),
    both from 1, written by openpyxl."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "organizations"
    for column, name in enumerate(HEADER, start=1):
        sheet.cell(row=1, column=column, value=name)
    for row, first, cells in rows:
        for offset, value in enumerate(cells):
            if value is not None:
                sheet.cell(row=row, column=first + offset, value=value)
    book.save(path)
    return path


@contextlib.contextmanager
def halves_read() -> Iterator[list[str]]:
    """Every sheet big (``_CHUNK`` small); the titles of the sheets whose halves were read
    and joined, as they are read."""
    joined: list[str] = []
    join = xlsx_workbook.joined

    def noted(first: Any, second: Any) -> Any:
        both = join(first, second)
        if both is not None:
            joined.append("joined")
        return both

    with (
        mock.patch.object(xlsx_workbook, "_CHUNK", 96),
        mock.patch.object(xlsx_workbook, "joined", noted),
    ):
        yield joined


def read(path: Path, *, cores: int) -> tuple[dict[str, pl.DataFrame], list[Any]]:
    """The loader's raw tables and problems, on a machine of ``cores`` processors."""
    with mock.patch.object(xlsx_workbook, "cores", return_value=cores):
        tables, problems = xlsx_workbook.read(str(path))
    return {name: raw.frame for name, raw in tables.items()}, problems


def assert_reads_as_one_reader(path: Path) -> bool:
    """The workbook reads alike on two processors (its big sheet in halves) and on one
    (whole); whether it was read in halves."""
    with halves_read() as joined:
        whole, whole_problems = read(path, cores=1)
        assert joined == []
        halved, halved_problems = read(path, cores=2)
    assert list(halved) == list(whole)
    for name, frame in halved.items():
        assert_frame_equal(frame, whole[name])
    assert halved_problems == whole_problems
    return bool(joined)


# -- joining two halves -------------------------------------------------------------------


def test_two_halves_are_joined_as_one_reader_reads_the_whole() -> None:
    """The first half: rows 1-3 from the second column; the second: rows 4-5 from the
    first, above them the three rows a reader pads. Together: five rows, three columns."""
    top = pl.DataFrame({"a": ["a", "c", None], "b": ["b", None, "d"]})
    bottom = pl.DataFrame({"x": [None, None, None, "e", None], "y": [None, None, None, "f", "g"]})
    frame, first = xlsx_halves.joined((top, 1), (bottom, 0))  # type: ignore[misc]
    assert first == 0
    assert frame.rows() == [
        (None, "a", "b"),
        (None, "c", None),
        (None, None, "d"),
        ("e", "f", None),
        (None, "g", None),
    ]


def test_halves_that_share_a_row_are_not_joined() -> None:
    """A cell of the second half in a row the first half reaches: rows out of order."""
    top = pl.DataFrame({"a": ["a", "b", "c"]})
    bottom = pl.DataFrame({"a": [None, "x", None, "d"]})
    assert xlsx_halves.joined((top, 0), (bottom, 0)) is None


def test_an_empty_half_leaves_the_other_as_it_is() -> None:
    top = pl.DataFrame({"a": ["a", "b"]})
    empty = pl.DataFrame()
    assert xlsx_halves.joined((top, 2), (empty, 0)) == (top, 2)
    assert xlsx_halves.joined((empty, 0), (top, 2)) == (top, 2)


# -- a workbook read in halves ------------------------------------------------------------

CELLS = st.one_of(
    st.none(),
    st.text(alphabet=st.sampled_from("甲乙会 \u3000ab1-/_."), max_size=5),
    st.integers(-(10**6), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
)
ROWS = st.lists(
    st.tuples(
        st.integers(1, 3),  # the gap to the row before: 1 is the next row
        st.integers(1, 3),  # the first column
        st.lists(CELLS, max_size=len(HEADER) + 1),
    ),
    max_size=30,
)


@must_judge(
    "read in halves", "a gap between rows", "a row starting past column A", "shared strings"
)
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=ROWS, shared=st.booleans())
@example(  # every case the property must judge, whatever hypothesis draws
    drawn=[(1 + index % 2, 1 + index % 3, [f"O{index}", "C1", "名称"]) for index in range(20)],
    shared=True,
)
def test_any_sheet_reads_in_halves_as_one_reader_reads_it(
    tmp_path_factory: pytest.TempPathFactory,
    drawn: list[tuple[int, int, list[Any]]],
    shared: bool,
) -> None:
    """Random rows — gaps between them, leading empty columns, rows wider than the header,
    text, numbers, yes/no and dates; text in each cell or shared, as Excel keeps it — read
    alike by two readers at once and by one."""
    rows, row = [], 1
    for gap, first, cells in drawn:
        row += gap
        rows.append((row, first, cells))
    path = workbook(tmp_path_factory.mktemp("halves") / "data.xlsx", rows)
    if shared:
        shared_strings(path)
    halved = assert_reads_as_one_reader(path)
    judged("read in halves", halved)
    judged("shared strings", shared and halved)
    judged("a gap between rows", any(gap > 1 for gap, _, cells in drawn if any(cells)))
    judged("a row starting past column A", any(first > 1 for _, first, cells in drawn if cells))


def _sheet_member(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        layout = xlsx_workbook._layout(archive)
    assert layout is not None
    member = dict(layout.sheets)["organizations"]
    assert member is not None
    return member


def _rewrite(path: Path, member: str, xml: bytes) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[member] = xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_rows_out_of_order_are_read_whole(tmp_path: Path) -> None:
    """The sheet's last rows written first: the second half holds rows the first reaches,
    so the halves are not joined and one reader reads the sheet, as it always did."""
    rows = [(row, 1, [f"O{row}", "C1", f"名称{row}"]) for row in range(2, 30)]
    path = workbook(tmp_path / "data.xlsx", rows)
    member = _sheet_member(path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(member)
    start = xml.index(b"<row ")
    end = xml.index(b"</sheetData>")
    parts = xml[start:end].split(b"</row>")[:-1]
    middle = len(parts) // 2
    swapped = b"".join(part + b"</row>" for part in [*parts[middle:], *parts[:middle]])
    _rewrite(path, member, xml[:start] + swapped + xml[end:])
    whole_loads: list[str] = []
    load = xlsx_workbook._Workbook._load

    def counted(self: Any, title: str) -> Any:
        whole_loads.append(title)
        return load(self, title)

    with mock.patch.object(xlsx_workbook._Workbook, "_load", counted):
        assert not assert_reads_as_one_reader(path)
    assert whole_loads.count("organizations") == 2  # read whole, with one reader and two


def test_a_sheet_whose_elements_carry_a_prefix_is_read_in_halves(tmp_path: Path) -> None:
    """``<x:row>``, ``<x:c>``: a sheet written with a namespace prefix is halved too."""
    rows = [(row, 1, [f"O{row}", "C1", f"名称{row}", row]) for row in range(2, 40)]
    path = workbook(tmp_path / "data.xlsx", rows)
    member = _sheet_member(path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(member).decode()
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = xml.replace(f'xmlns="{main}"', f'xmlns:x="{main}"')
    for tag in (
        "worksheet",
        "sheetPr",
        "outlinePr",
        "pageSetUpPr",
        "dimension",
        "sheetViews",
        "sheetView",
        "selection",
        "sheetFormatPr",
        "sheetData",
        "row",
        "c",
        "v",
        "is",
        "t",
        "pageMargins",
    ):
        xml = xml.replace(f"<{tag} ", f"<x:{tag} ").replace(f"<{tag}>", f"<x:{tag}>")
        xml = xml.replace(f"<{tag}/>", f"<x:{tag}/>").replace(f"</{tag}>", f"</x:{tag}>")
    _rewrite(path, member, xml.encode())
    assert assert_reads_as_one_reader(path)


def test_halves_leave_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system has no file in memory, the halves are temporary files, removed once
    read; where it has, no file stays open."""
    rows = [(row, 1, [f"O{row}", "C1"]) for row in range(2, 30)]
    path = workbook(tmp_path / "data.xlsx", rows)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    opened = len(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").is_dir() else None
    assert assert_reads_as_one_reader(path)
    if opened is not None:
        assert len(os.listdir("/proc/self/fd")) == opened
    monkeypatch.delattr(os, "memfd_create", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    made: list[str] = []
    mkstemp = tempfile.mkstemp

    def noted(*args: Any, **kwargs: Any) -> tuple[int, str]:
        handle, name = mkstemp(*args, **kwargs)
        made.append(name)
        return handle, name

    monkeypatch.setattr(tempfile, "mkstemp", noted)
    assert assert_reads_as_one_reader(path)
    assert len(made) == 2
    assert all(Path(name).parent == scratch for name in made)
    assert list(scratch.iterdir()) == []


def test_one_processor_reads_a_big_sheet_whole(tmp_path: Path) -> None:
    rows = [(row, 1, [f"O{row}", "C1"]) for row in range(2, 30)]
    path = workbook(tmp_path / "data.xlsx", rows)
    with halves_read(), mock.patch.object(xlsx_workbook, "Halves") as halves:
        tables, _ = read(path, cores=1)
    assert not halves.called
    assert tables["organizations"].height == 28  # rows 2 to 29


def test_a_sheet_calamine_cannot_unpack_is_not_halved(tmp_path: Path) -> None:
    """A sheet compressed with bzip2 (which calamine cannot read, and Python's zipfile can):
    openpyxl reads it on two processors as on one, never calamine through halves written
    uncompressed; an error cell, which calamine reads as empty, shows which one read it."""
    rows = [(row, 1, [f"O{row}", "C1", f"名称{row}"]) for row in range(2, 30)]
    path = workbook(tmp_path / "data.xlsx", rows)
    member = _sheet_member(path)
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    error = b'<c r="C20" t="e"><v>&#35;N/A</v></c>'  # the # escaped: the scan misses it
    parts[member], found = re.subn(rb'<c r="C20"[^>]*>.*?</c>', error, parts[member])
    assert found == 1
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            method = zipfile.ZIP_BZIP2 if name == member else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    with halves_read(), mock.patch.object(xlsx_workbook, "Halves") as halves:
        read(path, cores=2)
    assert not halves.called
    assert not assert_reads_as_one_reader(path)
    tables, _ = read(path, cores=2)
    assert tables["organizations"].filter(pl.col("id") == "O20")["name"].to_list() == ["#N/A"]


# -- the first half read while the rest is scanned ----------------------------------------


class _AtOnce:
    """An executor that runs what it is given at once: the halves' writer keeps up with
    the scan, so where the first half ends is known as soon as its piece is scanned."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def submit(self, work: Any, *args: Any) -> None:
        work(*args)

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


@contextlib.contextmanager
def events() -> Iterator[list[str]]:
    """What happens, in order: ``read`` where a half's reader starts, ``scanned`` where the
    scan of the sheet has ended (the halves are asked for)."""
    happened: list[str] = []
    read_half, done = xlsx_workbook._read_half, xlsx_halves.Halves.done

    def reading(path: str, title: str) -> Any:
        happened.append("read")
        return read_half(path, title)

    def scanned(self: Any) -> Any:
        happened.append("scanned")
        return done(self)

    with (
        mock.patch.object(xlsx_halves, "ThreadPoolExecutor", _AtOnce),
        mock.patch.object(xlsx_workbook, "_read_half", reading),
        mock.patch.object(xlsx_halves.Halves, "done", scanned),
    ):
        yield happened


def test_the_first_half_is_read_while_the_rest_is_scanned(tmp_path: Path) -> None:
    rows = [(row, 1, [f"O{row}", "C1", f"名称{row}", row]) for row in range(2, 60)]
    path = workbook(tmp_path / "data.xlsx", rows)
    with events() as happened:
        assert assert_reads_as_one_reader(path)
    # the first half's reader began before the scan ended; the second's after it
    assert happened == ["read", "scanned", "read"]


def test_a_doubt_in_the_second_half_sends_the_sheet_to_openpyxl_after_all(
    tmp_path: Path,
) -> None:
    """An error cell (``#N/A``, which calamine reads as empty) in the sheet's last row: the
    first half was being read by then; its frame goes unused, and openpyxl reads the sheet,
    the error as written, as one reader does."""
    rows = [(row, 1, [f"O{row}", "C1", f"名称{row}"]) for row in range(2, 60)]
    rows.append((60, 1, ["O60", "C1", "#N/A"]))
    path = workbook(tmp_path / "data.xlsx", rows)
    opened = len(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").is_dir() else None
    with events() as happened:
        assert not assert_reads_as_one_reader(path)
    assert happened == ["read", "scanned"]  # the first half read, then never joined
    with halves_read():
        tables, _ = read(path, cores=2)
    last = tables["organizations"].row(-1)
    assert last[1:4] == ("O60", "C1", "#N/A")
    if opened is not None:
        assert len(os.listdir("/proc/self/fd")) == opened


def test_a_doubt_in_the_first_half_reads_no_half_before_the_scan_ends(tmp_path: Path) -> None:
    rows = [(row, 1, [f"O{row}", "C1", f"名称{row}"]) for row in range(2, 60)]
    rows[1] = (3, 1, ["O3", "C1", "#N/A"])
    path = workbook(tmp_path / "data.xlsx", rows)
    with events() as happened:
        assert not assert_reads_as_one_reader(path)
    assert happened == ["scanned"]
