"""Line breaks a clerk types in a cell with Alt+Enter, read as the clerk means them.

In a name or a header a line break is layout, not a letter: ``荷花池邻里⏎守望队`` is the name
荷花池邻里守望队 (so the same organization entered again so is said to be entered twice), and
a header ``管理⏎主体`` is the column 管理主体. In a list cell a line break separates the items,
as ``、`` does: ``老年人⏎儿童`` is the two groups. Each in every form a bureau sends: a
workbook, a CSV file in GB18030 or in UTF-8 (the cell in double quotes), a JSON document.
"""

from __future__ import annotations

import json
from pathlib import Path

import bureau
import pytest

import scoplan
from scoplan.i18n import describe_problem
from scoplan.loaders._tables import column_named

FORMS = ("workbook", "gb18030", "utf-8", "json")
BREAKS = ("\n", "\r\n", "\r")
"""A line break as Excel types it (Alt+Enter), as Windows writes one, as an old Mac did."""

PLAN = "mca-2017-floor"
"""A bundled plan that reads no organization's name: loaded for it, the names are let go."""


def write(tmp_path: Path, tables: dict[str, bureau.Rows], form: str) -> Path:
    """``tables`` (header first) in ``form``, as a bureau sends them, into ``tmp_path``."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    if form == "workbook":
        return bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    if form == "gb18030":
        return bureau.write(tmp_path / "台账", tables)
    if form == "utf-8":  # Excel's "CSV UTF-8": a BOM, CRLF, a line break in a quoted cell
        folder = bureau.write(tmp_path / "台账", tables)
        for path in folder.iterdir():
            text = path.read_bytes().decode("gb18030")
            path.write_bytes(text.encode("utf-8-sig"))
        return folder
    document = {
        name: [{h: (c or None) for h, c in zip(rows[0], row, strict=True)} for row in rows[1:]]
        for name, rows in tables.items()
    }
    path = tmp_path / "台账.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("line_break", BREAKS)
def test_an_organization_entered_again_with_a_line_break_in_its_name_is_a_twin(
    tmp_path: Path, form: str, line_break: str
) -> None:
    """HS002 荷花池邻里守望队 entered again as HS902 (row 7), its name typed over two lines,
    same community and founding date: one warning of an organization entered twice, as for
    the copy with trailing spaces; the name reads without its line break, as it does
    without its spaces. Loaded for a plan that lets the names go as they are read, the same."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[:] = [row[:-1] for row in rows]  # no column of the bureau's own: names may be let go
    name = bureau.column(rows, "名称")
    assert rows[2][name] == "荷花池邻里守望队"
    again = ["HS902", *rows[2][1:]]
    again[name] = "荷花池邻里" + line_break + "守望队"
    rows.append(again)
    source = write(tmp_path, tables, form)
    data = scoplan.load(source)
    [warning] = data.warnings
    assert warning.code == "twin_organizations"
    assert (warning.params["sets"], warning.params["count"]) == (1, 2)
    assert "编号HS002/HS902" in describe_problem(warning, "zh")
    assert data.get("organizations", "HS902").name == "荷花池邻里守望队"
    held = scoplan.load(source, plan=scoplan.bundled_plan(PLAN))
    assert "name" in held.dropped.get("organizations", ())
    assert [w.code for w in held.warnings] == ["twin_organizations"]


def test_a_line_break_between_latin_words_of_a_name_reads_as_a_space(tmp_path: Path) -> None:
    """A name in Latin letters typed over two lines (``Sunshine⏎Volunteers``) keeps its two
    words apart: a line break between two letters or digits reads as one space, spaces
    around it with it; between Chinese characters, as nothing."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    name = bureau.column(rows, "名称")
    rows[1][name] = "Sunshine \r\nVolunteers\n2\n队"
    data = scoplan.load(write(tmp_path, tables, "gb18030"))
    assert data.get("organizations", "HS001").name == "Sunshine Volunteers 2队"


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("line_break", BREAKS)
def test_a_line_break_in_a_list_cell_separates_its_items(
    tmp_path: Path, form: str, line_break: str
) -> None:
    """服务对象 written one group a line (``老年人⏎儿童``) is the two groups, with no
    warning; a line break beside another separator, or two, make no empty item."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    serves = bureau.column(rows, "服务对象")
    rows[1][serves] = "老年人" + line_break + "儿童"  # HS001
    rows[2][serves] = "妇女、" + line_break + line_break + "残疾人" + line_break  # HS002
    data = scoplan.load(write(tmp_path, tables, form))
    assert data.warnings == ()
    assert data.get("organizations", "HS001").serves == ("elderly", "children")
    assert data.get("organizations", "HS002").serves == ("women", "disabled")


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("line_break", BREAKS)
def test_a_line_break_inside_a_header_counts_for_nothing(
    tmp_path: Path, form: str, line_break: str
) -> None:
    """Headers typed over two lines (``管理⏎主体``, ``服务⏎对象``, ``成立日期⏎（年月日）``)
    name their columns, and messages quote them on one line."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    managed, serves = bureau.column(rows, "管理主体"), bureau.column(rows, "服务对象")
    rows[0][managed] = "管理" + line_break + "主体"
    rows[0][serves] = "服务" + line_break + "对象"
    rows[0][bureau.column(rows, "成立日期")] = "成立日期" + line_break + "（年月日）"
    rows[1][managed] = "乡政府"  # HS001: no manager's code
    data = None
    with pytest.raises(scoplan.DataError) as raised:
        data = scoplan.load(write(tmp_path, tables, form))
    assert data is None
    [problem] = raised.value.problems
    assert (problem.code, problem.column, problem.value) == ("bad_code", "managed_by", "乡政府")
    # HS001: the row below the header, though the header's cells take two lines of the file
    assert (problem.row, problem.index) == ((None, 0) if form == "json" else (2, None))
    assert "“管理主体”列" in describe_problem(problem, "zh")
    rows[1][managed] = "乡镇街道"
    data = scoplan.load(write(tmp_path / "again", tables, form))
    assert data.warnings == ()
    assert data.get("organizations", "HS002").managed_by == "community"
    assert data.get("organizations", "HS002").serves == ("elderly", "children")
    assert str(data.get("organizations", "HS004").founded) == "2020-10-01"


def test_column_named_reads_a_header_over_two_lines() -> None:
    """The loaders' own reading of a header, which plans and plugins use, alike."""
    assert column_named("organizations", "管理\n主体") == "managed_by"
    assert column_named("organizations", "服务\r\n对象（可多选）") == "serves"
