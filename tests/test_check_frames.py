"""``scoplan.check(tables)``: the checkup of tables a program holds, as ``scoplan.load``
takes them — every problem with its district, as of the same rows written as a bureau's
CSV folder (a developer who had ``load`` raise on tables in memory had to write them to
disk to get the list).

On the register of ``tests/bureau.py``, each table given as a list of rows (a mapping of
Chinese header to cell) or as a polars DataFrame of them: item ``i`` of a table's list
(from 0) is its row ``i + 1`` (rows counted from 1, as an official counts them), and row
``i + 2`` of its CSV file (the header is row 1).
"""

from __future__ import annotations

from typing import Any

import bureau
import polars as pl
import pytest

import scoplan
from scoplan import problem_list


def _rows(tables: dict[str, bureau.Rows]) -> dict[str, list[dict[str, str]]]:
    """Each table's rows as mappings of its header to the cells: what a program holds."""
    return {
        name: [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
        for name, rows in tables.items()
    }


def _flawed() -> dict[str, bureau.Rows]:
    """Two bad cells in two districts' rows: HS002 (荷花池社区, 昱东街道, 屯溪区; item 1)
    registered as 待审核, no 登记状态 there is; 问政村 (341021100201, item 3) under township
    341021199, which no township is — its district told by the code's first 6 digits,
    341021 歙县, and the community's own code under 徽城镇 (341021100), a warning."""
    tables = bureau.register()
    tables["社区社会组织"][2][bureau.column(tables["社区社会组织"], "登记状态")] = "待审核"
    tables["社区"][4][bureau.column(tables["社区"], "所属乡镇街道")] = "341021199"
    return tables


FLAWED = [
    # code, severity, table, item, column, value, district, township
    ("unknown_ref", "error", "communities", 3, "township_id", "341021199", "341021", None),
    ("bad_code", "error", "organizations", 1, "registration", "待审核", "341002", "341002001"),
    ("parent_code", "warning", "communities", 3, "township_id", "341021199", "341021", None),
]
"""What checking :func:`_flawed` finds, worked out by hand: the errors first, each in table
order (社区 before 社区社会组织), then the warning; 问政村's township is no township of the
data, so it is in none."""

SOURCES = {"communities": "社区", "organizations": "社区社会组织"}
"""The tables of :data:`FLAWED` by the names the program gave them."""


def _found(checkup: scoplan.Checkup, *, item: str) -> list[tuple[Any, ...]]:
    """Each problem as :data:`FLAWED` gives it, its row (``item``: ``given`` of tables in
    memory, less 1; ``row`` of a file, less the header's 2) its item."""
    out = []
    for position, problem in enumerate(checkup.problems):
        assert problem.index is None
        header = 1 if item == "given" else 2
        at = problem.row and problem.row - header
        out.append(
            (
                problem.code,
                problem.severity,
                problem.table,
                at,
                problem.column,
                problem.value,
                checkup.districts[position],
                checkup.townships[position],
            )
        )
    return out


@pytest.mark.parametrize("form", ["rows", "frames"])
def test_tables_give_the_problems_of_the_same_rows_in_files(tmp_path, form):
    """Each problem of the tables in memory is that of the same row of the CSV folder, field
    by field (its code, severity, table, row, column, value, params, district, township),
    named by the table as the program named it (``frames: 社区``) and its row from 1; none
    raised."""
    tables: dict[str, Any] = _rows(_flawed())
    if form == "frames":
        tables = {name: pl.DataFrame(rows) for name, rows in tables.items()}
    checkup = scoplan.check(tables)
    folder = scoplan.check(bureau.write(tmp_path / "台账", _flawed()))
    assert _found(checkup, item="given") == FLAWED
    assert _found(folder, item="row") == FLAWED
    assert [p.source for p in checkup.problems] == [
        f"frames: {SOURCES[table]}" for _, _, table, *_ in FLAWED
    ]
    assert [p.row for p in checkup.problems] == [4, 2, 4]
    assert [p.source for p in folder.problems] == [f"{SOURCES[t]}.csv" for _, _, t, *_ in FLAWED]
    assert [p.params for p in checkup.problems] == [p.params for p in folder.problems]
    assert checkup.source == "frames"
    assert checkup.district_names == folder.district_names == {"341002": "屯溪区", "341021": "歙县"}
    assert (checkup.error_count, checkup.warning_count, checkup.exit_code()) == (2, 1, 2)
    # the problem list says each with its district, as of a folder
    lines = problem_list.as_text(checkup, "zh").splitlines()
    assert [line.rsplit("（属", 1)[-1] for line in lines[:3]] == ["歙县）", "屯溪区）", "歙县）"]
    assert lines[1].startswith("错误：程序传入的“社区社会组织”表，第2行，“登记状态”列：“待审核”")
    assert lines[-1] == "程序传入的数据：2个错误，1个警告"
    english = problem_list.as_text(checkup, "en").splitlines()
    assert english[1].startswith("error: frames: 社区社会组织, row 2, column 登记状态:")


def test_clean_tables_have_no_problem():
    """The register as it is: nothing to mend, as ``scoplan.load`` of it raises nothing."""
    tables = _rows(bureau.register())
    scoplan.load(tables)
    checkup = scoplan.check(tables)
    assert (checkup.problems, checkup.districts) == ((), ())
    assert (checkup.errors, checkup.warnings) == ((), ())
    assert (checkup.error_count, checkup.warning_count) == (0, 0)
    assert checkup.exit_code(strict=True) == 0


def test_with_a_plan_its_warnings_are_a_folders(tmp_path):
    """黄山市's plan: the register holds 2 of its 7 districts (partial_data, of the whole
    data, named as load names tables: frames), and 黄山高新区 (HSGX, row 3 of 区县 as given, row 4
    of 区县.csv), of no city and no code of 黄山市's, is outside its area — as of the
    folder, field by field, each of no district."""
    tables = bureau.register()
    tables["区县"].append(["HSGX", "黄山高新区", "开发区", ""])
    plan = scoplan.parse_plan(bureau.AREA_PLAN)
    checkup = scoplan.check(_rows(tables), plan=plan)
    folder = scoplan.check(bureau.write(tmp_path / "台账", tables), plan=plan)
    expected = [
        ("partial_data", "warning", "districts", None, None, None, None, None),
        ("outside_area", "warning", "districts", 2, "city", "HSGX", None, None),
    ]
    assert _found(checkup, item="given") == expected
    assert _found(folder, item="row") == expected
    assert [p.source for p in checkup.problems] == ["frames", "frames: 区县"]
    assert [p.source for p in folder.problems] == ["台账", "区县.csv"]
    assert [p.params for p in checkup.problems] == [p.params for p in folder.problems]
    partial = checkup.problems[0].params
    assert (partial["count"], partial["total"]) == (2, 7)
    assert partial["lacking_zh"] == "黄山区、徽州区、休宁县、黟县、祁门县"


def test_what_check_does_not_take_is_a_type_error():
    """A DataFrame alone, a list of rows, a number: a TypeError saying what is taken, not
    os.fspath's; a table of the mapping that is no table is a problem of the checkup."""
    frame = pl.DataFrame(_rows(bureau.register())["区县"])
    with pytest.raises(TypeError, match=r"scoplan\.check takes a path") as caught:
        scoplan.check(frame)  # type: ignore[arg-type]
    assert "give it under its table's name" in str(caught.value)
    assert "os.PathLike" not in str(caught.value)
    with pytest.raises(TypeError, match=r"tables by name.*not a list"):
        scoplan.check([{"编号": "341002"}])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not a int"):
        scoplan.check(3)  # type: ignore[arg-type]
    checkup = scoplan.check({"区县": _rows(bureau.register())["区县"], "乡镇街道": 3})
    assert [(p.code, p.source, p.table) for p in checkup.problems] == [
        ("bad_shape", "frames: 乡镇街道", "乡镇街道")
    ]
    assert checkup.exit_code() == 2
