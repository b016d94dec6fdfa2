"""A JSON document's rows may spell a column each their own way (issue 13).

Rows written by two hands, or two programs, name a column by different keys: `dissolved`
in some, `注销日期` in the others. Each row's value is its column's. A key some rows use
that is close to a column the others name (`注消日期`) is an error: read as a column of the
bureau's own, its values — those organizations' dissolutions — counted for nothing, with no
word. The register is the bureau's (``tests/bureau.py``), written as a JSON document.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import bureau
import pytest

import scoplan
from scoplan.i18n import describe_problem


def _document(
    tmp_path: Path, tables: dict[str, bureau.Rows], keys: dict[int, str], column: str = "注销日期"
) -> Path:
    """The register as a JSON document, each row an object keyed by the header; the rows
    of 社区社会组织 whose position is in ``keys`` (0 the first) name ``column`` by its key."""
    document = {}
    for name, rows in tables.items():
        header, *body = rows
        objects = [dict(zip(header, row, strict=True)) for row in body]
        if name == "社区社会组织":
            for position, key in keys.items():
                objects[position][key] = objects[position].pop(column)
        document[name] = objects
    path = tmp_path / "台账.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _dissolved(tables: dict[str, bureau.Rows]) -> None:
    """HS002 and HS004 (the second and fourth organizations) dissolved in 2022."""
    rows = tables["社区社会组织"]
    at = bureau.column(rows, "注销日期")
    rows[2][at], rows[4][at] = "2022-03-01", "2022-09-30"


@pytest.mark.parametrize("key", ["dissolved", "注销日期 ", "注销日期（未注销的不填）"])
def test_rows_that_spell_a_column_otherwise_are_read_as_it(tmp_path, key):
    """HS002's dissolution under ``key``, HS004's under 注销日期: both are dissolutions."""
    tables = bureau.register()
    _dissolved(tables)
    data = scoplan.load(_document(tmp_path, tables, {1: key}))
    assert data.warnings == ()
    dissolved = {o.id: o.dissolved for o in data.iter("organizations") if o.dissolved}
    assert dissolved == {"HS002": dt.date(2022, 3, 1), "HS004": dt.date(2022, 9, 30)}


def test_a_key_close_to_the_column_the_others_name_is_an_error(tmp_path):
    """注消日期 in the second and fourth objects (items 1 and 3): one error at item 1,
    counting both, suggesting 注销日期."""
    tables = bureau.register()
    _dissolved(tables)
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(_document(tmp_path, tables, {1: "注消日期", 3: "注消日期"}))
    [problem] = raised.value.problems
    assert (problem.code, problem.index, problem.column) == ("key_near_column", 1, "注消日期")
    assert describe_problem(problem, "zh") == (
        "台账.json中的“社区社会组织”，第1项，“注消日期”列：2项用了键“注消日期”，其余各项用“注销日期”："
        "是否应为“注销日期”？按自己加的列读，这些值将不会被计入"
    )


def test_a_key_of_two_characters_one_off_the_column_the_others_name_is_an_error(tmp_path):
    """规摸 for 规模 in the third object (item 2): difflib scores the two 0.5, under its
    cutoff, and the sizes of that row were read as a column of the bureau's own."""
    tables = bureau.register()
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(_document(tmp_path, tables, {2: "规摸"}, column="规模"))
    [problem] = raised.value.problems
    assert (problem.code, problem.index, problem.column) == ("key_near_column", 2, "规摸")
    assert problem.params["suggestion"] == "规模"


def test_a_key_of_the_bureaus_own_beside_the_column_is_kept(tmp_path):
    """注销原因 in every object beside 注销日期: a column of the bureau's own, no error."""
    tables = bureau.register()
    for row in tables["社区社会组织"]:
        row.append("注销原因" if row is tables["社区社会组织"][0] else "")
    data = scoplan.load(_document(tmp_path, tables, {}))
    assert "注销原因" in data.frame("organizations").columns


def test_an_object_that_gives_a_column_twice_is_named_by_its_item_and_keys(tmp_path):
    """HS003 (item 2) gives both ``注销日期`` and ``dissolved``: an error at item 2, quoting
    both keys as written (it said 第1行 and 注销日期 twice)."""
    tables = bureau.register()
    path = _document(tmp_path, tables, {})
    document = json.loads(path.read_text(encoding="utf-8"))
    document["社区社会组织"][2]["dissolved"] = ""
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(path)
    [problem] = raised.value.problems
    assert (problem.code, problem.index, problem.row) == ("duplicate_column", 2, None)
    assert describe_problem(problem, "zh") == (
        "台账.json中的“社区社会组织”，第2项，“dissolved”列：列“dissolved”重复了（前面已有“注销日期”）"
    )
