"""Cells a bureau merged down a column of a sheet's data rows (所属社区 over the rows of one
community, 类别 over a run of rows): each read as its merged range's first cell, by every
reader of a workbook alike, with one warning per column; a range merged across columns is
an error naming its cells.

On registers written as a bureau writes them (``tests/bureau.py``), each workbook beside the
same register written without merging, its values in every cell. Expected rows, ranges and
counts are worked out by hand from the rows each test writes."""

from __future__ import annotations

import contextlib
import datetime as dt
import pathlib
from collections.abc import Iterator, Sequence
from typing import Any
from unittest import mock

import bureau
import pytest
from workbooks import with_macro_sheet

import scoplan
from scoplan.i18n import describe_problem
from scoplan.loaders import xlsx_workbook

READERS = ["calamine", "halves", "openpyxl", "unusual layout"]
"""How the workbook is read: by calamine whole, by calamine in two halves at once (every
sheet "big"), by openpyxl a sheet at a time (an escape in HS003's name, which calamine would
undo), or by openpyxl whole (a workbook of unusual layout: a macro sheet)."""

HS006 = "HS006|341002001002|上新书画社|文体类|2022-03-01||备案|规模较小|社区|是|||王芳"
HS007 = "HS007|341002001002|上新舞蹈队|文体类|2022/6/1||备案|规模较小|社区|是||妇女|李娜"


def register(reader: str) -> dict[str, bureau.Rows]:
    """The bureau's register with two more organizations of 上新社区 (341002001002), both
    文体类, after HS003 (上新文体队, 文体类): 社区社会组织's rows are, from its row 2, HS001
    and HS002 (荷花池, 341002001001), HS003, HS006 and HS007 (上新), HS004, HS005; 社区's,
    from row 2, two communities of 昱东街道 (341002001), then two of 徽城镇 (341021100)."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    assert [row[0] for row in rows[1:]] == ["HS001", "HS002", "HS003", "HS004", "HS005"]
    rows[4:4] = [HS006.split("|"), HS007.split("|")]
    if reader == "openpyxl":
        assert rows[3][2] == "上新文体队"
        rows[3][2] = "上新_x000D_文体队"
    return tables


def write(
    path: pathlib.Path,
    tables: dict[str, bureau.Rows],
    reader: str,
    merged: dict[str, Sequence[str]] | None = None,
) -> pathlib.Path:
    """``tables`` as a workbook, each range of ``merged`` (by sheet) merged by openpyxl as
    Excel merges it: the value in its first cell, the others empty."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([cell if cell != "" else None for cell in row])
        for cells in (merged or {}).get(name, ()):
            sheet.merge_cells(cells)
    book.save(path)
    return with_macro_sheet(path) if reader == "unusual layout" else path


def blanked(tables: dict[str, bureau.Rows], sheet: str, cells: Sequence[str]) -> None:
    """The cells of ``sheet`` that merging ``cells`` (each ``B4:B7``) leaves empty, emptied,
    as a bureau's workbook has them: all but each range's first (past a row's end, none
    is written)."""
    rows = tables[sheet]
    for merged in cells:
        first, last = merged.split(":")
        top, bottom = int(first[1:]), int(last[1:])
        left, right = ord(first[0]) - ord("A"), ord(last[0]) - ord("A")
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                if (row, column) != (top, left) and column < len(rows[row - 1]):
                    rows[row - 1][column] = ""


@contextlib.contextmanager
def reading(reader: str) -> Iterator[dict[str, list[str]]]:
    """The loader as ``reader`` reads; what it did: the sheets openpyxl read (``openpyxl``),
    and the sheets read in two halves and joined (``joined``)."""
    seen: dict[str, list[str]] = {"openpyxl": [], "joined": []}
    read_sheet, join = xlsx_workbook._read_sheet, xlsx_workbook.joined

    def by_openpyxl(rows: Any, table: str, source: str, *rest: Any) -> Any:
        seen["openpyxl"].append(source.rpartition(": ")[2])
        return read_sheet(rows, table, source, *rest)

    def joined(first: Any, second: Any) -> Any:
        both = join(first, second)
        if both is not None:
            seen["joined"].append("joined")
        return both

    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch.object(xlsx_workbook, "_read_sheet", by_openpyxl))
        if reader == "halves":
            stack.enter_context(mock.patch.object(xlsx_workbook, "_CHUNK", 96))
            stack.enter_context(mock.patch.object(xlsx_workbook, "cores", return_value=2))
            stack.enter_context(mock.patch.object(xlsx_workbook, "joined", joined))
        yield seen


def assert_read_by(reader: str, seen: dict[str, list[str]]) -> None:
    """The sheets were read as ``reader`` reads them."""
    if reader in ("calamine", "halves"):
        assert seen["openpyxl"] == []
    elif reader == "openpyxl":
        assert seen["openpyxl"] == ["社区社会组织"]
    else:
        assert "社区社会组织" in seen["openpyxl"]
    assert bool(seen["joined"]) == (reader == "halves")


PLAN = (
    bureau.AREA_PLAN
    + """
[[milestones]]
id = "culture-2023"
target = "organization-share"
due = 2023-12-31
params = { column = "category", value = "culture_sports", threshold = 0.5 }
"""
)
"""黄山市's plan (:data:`bureau.AREA_PLAN`: organizations per urban community) and the share
of its organizations that are 文体类: each counts what a merged cell holds."""


def evaluated(data: scoplan.Dataset) -> list[tuple[Any, ...]]:
    """What :data:`PLAN` makes of ``data`` at the end of 2023."""
    report = scoplan.evaluate(data, scoplan.parse_plan(PLAN), dt.date(2023, 12, 31))
    return [(r.milestone, r.scope.name, r.status, r.value) for r in report.results]


TABLES = ("districts", "townships", "communities", "organizations", "establishments", "events")


def merged_said(warnings: Sequence[scoplan.Problem]) -> list[tuple[Any, ...]]:
    """The merged-cells warnings: sheet, column, header, first range's rows, ranges, count."""
    return [
        (
            w.source.rpartition(": ")[2],
            w.column,
            w.params["header"],
            w.params["first_row"],
            w.params["last_row"],
            w.params["ranges"],
            w.params["count"],
        )
        for w in warnings
        if w.code == "merged_cells_filled"
    ]


@pytest.mark.parametrize("reader", READERS)
def test_cells_merged_down_a_column_read_as_the_first_and_said_once_per_column(
    tmp_path: pathlib.Path, reader: str
) -> None:
    """社区社会组织 under a title merged across the table (row 1; its header in row 2), its
    所属社区 merged over each community's rows (B3:B4 荷花池, B5:B7 上新), 类别 over the
    three 文体类 rows (D5:D7), and below the rows a 合计 merged over A10:C10 and a note
    (填表人) merged across the table; 社区's 所属乡镇街道 merged over each township's
    communities (B2:B3, B4:B5). The data is that of the same workbook without merging;
    the warnings its, and one per merged column: 所属乡镇街道 2 cells filled (B3, B5),
    所属社区 3 (B4, B6, B7), 类别 2 (D6, D7). Each empty cell was a required value missing
    (or a 类别 lost), and the workbook was refused."""
    tables = register(reader)
    rows = tables["社区社会组织"]
    width = len(rows[0])
    assert width == 13  # 编号 … 负责人: columns A to M
    rows.insert(0, ["黄山市社区社会组织台账（2023年）"] + [""] * (width - 1))
    rows.append(["合计", "", "", "7"] + [""] * (width - 4))  # row 10
    rows.append(["填表人：张三"] + [""] * (width - 1))  # row 11
    plain = write(tmp_path / "plain.xlsx", tables, reader)
    merged = {
        "社区": ["B2:B3", "B4:B5"],
        "社区社会组织": ["A1:M1", "B3:B4", "B5:B7", "D5:D7", "A10:C10", "A11:M11"],
    }
    assert [row[1] for row in tables["社区"][1:]] == ["341002001"] * 2 + ["341021100"] * 2
    assert [row[1] for row in rows[2:7]] == ["341002001001"] * 2 + ["341002001002"] * 3
    assert [row[3] for row in rows[4:7]] == ["文体类"] * 3
    for sheet, cells in merged.items():
        blanked(tables, sheet, cells)
    assert rows[3][1] == rows[5][1] == rows[6][1] == rows[5][3] == rows[6][3] == ""
    path = write(tmp_path / "台账.xlsx", tables, reader, merged)
    with reading(reader):
        expected = scoplan.load(plain)
    with reading(reader) as seen:
        data = scoplan.load(path)
    assert_read_by(reader, seen)
    for table in TABLES:
        assert data.frame(table).equals(expected.frame(table)), table
    assert data.size()["organizations"] == 7
    assert evaluated(data) == evaluated(expected)
    codes = [(w.code, w.source, w.row) for w in data.warnings]
    assert [c for c in codes if c[0] != "merged_cells_filled"] == [
        (w.code, w.source.replace("plain.xlsx", "台账.xlsx"), w.row) for w in expected.warnings
    ]
    assert [(w.code, w.row) for w in expected.warnings] == [
        ("title_rows", 1),
        ("total_row", 10),
        ("footer_row", 11),
    ]
    assert merged_said(data.warnings) == [
        ("社区", "township_id", "所属乡镇街道", 2, 3, 2, 2),
        ("社区社会组织", "community_id", "所属社区", 3, 4, 2, 3),
        ("社区社会组织", "category", "类别", 5, 7, 1, 2),
    ]
    [community] = [w for w in data.warnings if w.column == "community_id"]
    assert community.is_warning
    assert describe_problem(community, "zh") == (
        "台账.xlsx中的“社区社会组织”，“所属社区”列："
        "有合并单元格（第3–4行等，共3格）：已按合并区域首格的值填充"
    )
    assert describe_problem(community, "en") == (
        "台账.xlsx: 社区社会组织, column 所属社区: merged cells (rows 3–4 and others, 3 filled "
        "in all): each filled with the value of its merged range's first cell"
    )
    [category] = [w for w in data.warnings if w.column == "category"]
    assert "有合并单元格（第5–7行，共2格）" in describe_problem(category, "zh")


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_a_thousand_cells_filled_are_counted_with_a_separator(
    tmp_path: pathlib.Path, reader: str
) -> None:
    """1,235 organizations of 荷花池 (rows 2 to 1236), 所属社区 merged over all (B2:B1236):
    1,234 cells filled, said ``共1,234格``; all 1,235 read as 荷花池's."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    first = rows[1]
    assert first[1] == "341002001001"
    rows[1:] = [
        [
            f"HS{number:05d}",
            "341002001001" if number == 1 else "",
            f"荷花池第{number}队",
            *first[3:],
        ]
        for number in range(1, 1236)
    ]
    if reader == "openpyxl":
        rows[2][2] = "荷花池_x000D_第2队"
    path = write(tmp_path / "台账.xlsx", tables, reader, {"社区社会组织": ["B2:B1236"]})
    with reading(reader) as seen:
        data = scoplan.load(path)
    assert_read_by(reader, seen)
    frame = data.frame("organizations")
    assert frame.height == 1235
    assert set(frame.get_column("community_id").to_list()) == {"341002001001"}
    [warning] = data.warnings
    assert merged_said([warning]) == [
        ("社区社会组织", "community_id", "所属社区", 2, 1236, 1, 1234)
    ]
    assert "（第2–1236行，共1,234格）" in describe_problem(warning, "zh")
    assert "(rows 2–1236, 1,234 filled in all)" in describe_problem(warning, "en")


@pytest.mark.parametrize("reader", READERS)
def test_cells_merged_across_columns_in_a_row_of_data_are_an_error(
    tmp_path: pathlib.Path, reader: str
) -> None:
    """HS003's 名称 merged over its 类别 (C5:D5, below a title row): which column is
    上新文体队 of? An error naming the cells, by every reader (the workbook loaded, HS003
    without its 类别, as the merge leaves it). Merged across columns but no error: the
    title (A1:M1), the 合计 row (A10:C10), the note below the table (A11:M11), HS005's
    empty 品牌认定日期 and 服务对象 (K9:L9: nothing to read otherwise) and HS001's 负责人
    merged into two columns past the table's last (M3:O3: read as its own)."""
    tables = register(reader)
    rows = tables["社区社会组织"]
    width = len(rows[0])
    rows.insert(0, ["黄山市社区社会组织台账（2023年）"] + [""] * (width - 1))
    rows.append(["合计", "", "", "7"] + [""] * (width - 4))  # row 10
    rows.append(["填表人：张三"] + [""] * (width - 1))  # row 11
    assert [row[0] for row in rows[2:9]] == [
        *("HS001", "HS002", "HS003", "HS006", "HS007", "HS004", "HS005")
    ]
    assert rows[8][10:12] == ["", ""]  # HS005's 品牌认定日期 and 服务对象
    merged = ["A1:M1", "C5:D5", "K9:L9", "M3:O3", "A10:C10", "A11:M11"]
    blanked(tables, "社区社会组织", merged)
    path = write(tmp_path / "台账.xlsx", tables, reader, {"社区社会组织": merged})
    with reading(reader) as seen, pytest.raises(scoplan.DataError) as raised:
        scoplan.load(path)
    assert_read_by(reader, seen)
    [problem] = raised.value.problems
    assert (problem.code, problem.source, problem.row) == (
        "merged_across_columns",
        "台账.xlsx: 社区社会组织",
        5,
    )
    assert describe_problem(problem, "zh") == (
        "台账.xlsx中的“社区社会组织”，第5行："
        "单元格C5:D5跨列合并，看不出值属于哪一列：请取消合并，把值填在它所属的列"
    )
    assert describe_problem(problem, "en") == (
        "台账.xlsx: 社区社会组织, row 5: cells C5:D5 are merged across columns: which column "
        "does the value belong to? Unmerge them and write the value in its own column"
    )
    assert [(w.code, w.row) for w in raised.value.warnings] == [
        ("title_rows", 1),
        ("total_row", 10),
        ("footer_row", 11),
    ]


@pytest.mark.parametrize("reader", READERS)
def test_a_merged_range_whose_first_cell_is_empty_fills_nothing(
    tmp_path: pathlib.Path, reader: str
) -> None:
    """所属社区 merged over HS001 and HS002 (B2:B3) with nothing in it, and over the three of
    上新 (B4:B6) from 341002001002 in B4: HS001's and HS002's 所属社区 are missing, each an
    error as without merging; HS006's and HS007's are 上新's (B5, B6: 2 filled). Each of
    the four empty cells was an error."""
    tables = register(reader)
    rows = tables["社区社会组织"]
    merged = ["B2:B3", "B4:B6"]
    rows[1][1] = ""  # HS001's 所属社区: the first cell of B2:B3, empty
    blanked(tables, "社区社会组织", merged)
    assert [row[1] for row in rows[1:7]] == ["", "", "341002001002", "", "", "341021100001"]
    path = write(tmp_path / "台账.xlsx", tables, reader, {"社区社会组织": merged})
    with reading(reader) as seen, pytest.raises(scoplan.DataError) as raised:
        scoplan.load(path)
    assert_read_by(reader, seen)
    assert [(p.code, p.row, p.column) for p in raised.value.problems] == [
        ("missing_value", 2, "community_id"),
        ("missing_value", 3, "community_id"),
    ]
    assert merged_said(raised.value.warnings) == [
        ("社区社会组织", "community_id", "所属社区", 4, 6, 1, 2)
    ]


@pytest.mark.parametrize("reader", ["calamine", "openpyxl"])
def test_merged_cells_below_a_header_of_two_rows_are_filled_and_the_headers_kept(
    tmp_path: pathlib.Path, reader: str
) -> None:
    """A header of two rows as a 台账 writes it: 登记情况 merged over 登记状态, 规模 and
    管理主体 (G1:I1), their names in row 2, every other header merged down the two rows
    (A1:A2 … F1:F2, J1:J2 … M1:M2); 所属社区 merged over 荷花池's rows (B3:B4) and 上新's
    (B5:B7). The header is read as before (the merges down its two rows are the header's,
    no cell of data), the organizations as those of the register of one header row, and
    所属社区's 3 cells (B4, B6, B7) filled."""
    tables = register(reader)
    rows = tables["社区社会组织"]
    expected = scoplan.load(bureau.write(tmp_path / "plain", tables))
    header = rows[0]
    assert header[6:9] == ["登记状态", "规模", "管理主体"]
    rows[:1] = [
        [*header[:6], "登记情况", "", "", *header[9:]],
        [*[""] * 6, *header[6:9], *[""] * 4],
    ]
    down = [f"{column}1:{column}2" for column in "ABCDEFJKLM"]
    data_merges = ["B3:B4", "B5:B7"]
    blanked(tables, "社区社会组织", data_merges)
    merged = {"社区社会组织": ["G1:I1", *down, *data_merges]}
    path = write(tmp_path / "台账.xlsx", tables, reader, merged)
    with reading(reader) as seen:
        data = scoplan.load(path)
    assert_read_by(reader, seen)
    assert data.frame("organizations").equals(expected.frame("organizations"))
    assert sorted((w.code, w.row or 0) for w in data.warnings) == [
        ("merged_cells_filled", 0),
        ("two_header_rows", 1),
    ]
    assert merged_said(data.warnings) == [("社区社会组织", "community_id", "所属社区", 3, 4, 2, 3)]
