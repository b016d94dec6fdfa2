"""Tables a program holds, loaded with ``scoplan.load({...})``: polars DataFrames or lists of
rows, read and checked as a JSON document's are (a trial found ``Dataset.from_frames`` given
the bureau's codes answer no_data without a word)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from builders import builtin_registry

import scoplan
from scoplan.testing import evaluate_target

AS_OF = dt.date(2023, 12, 31)


def _bureau_frames() -> dict[str, Any]:
    """A district of two communities as a bureau has it, in polars frames with English
    column names: the Chinese codes (城市社区, 备案), dates as the bureau writes them.

    C1 (urban) holds O1 (备案) and O2 (登记); C2 (rural) holds O3 (未登记, counted nowhere)
    and O4 (备案, dissolved in 2022)."""
    return {
        "districts": pl.DataFrame({"id": ["341002"], "name": ["屯溪区"], "kind": ["区"]}),
        "townships": pl.DataFrame(
            {"id": ["341002001"], "district_id": ["341002"], "name": ["昱东街道"], "kind": ["街道"]}
        ),
        "communities": pl.DataFrame(
            {
                "id": ["C1", "C2"],
                "township_id": ["341002001", "341002001"],
                "name": ["荷花池社区", "某村"],
                "kind": ["城市社区", "农村社区"],
            }
        ),
        "organizations": pl.DataFrame(
            {
                "id": ["O1", "O2", "O3", "O4"],
                "community_id": ["C1", "C1", "C2", "C2"],
                "name": ["甲", "乙", "丙", "丁"],
                "founded": ["2021年3月1日", "2021/5/1", "2021-01-01", "2021.02.01"],
                "dissolved": [None, None, None, "2022年6月30日"],
                "registration": ["备案", "登记", "未登记", "备案"],
            }
        ),
    }


def test_bureau_frames_are_read_as_a_file_is():
    """The codes in Chinese are the codes, the dates in the bureau's forms are dates."""
    data = scoplan.load(_bureau_frames())
    assert data.get("districts", "341002").kind == "district"
    assert data.get("communities", "C1").kind == "urban"
    assert data.get("communities", "C2").kind == "rural"
    first = data.get("organizations", "O1")
    assert (first.registration, first.founded) == ("filed", dt.date(2021, 3, 1))
    assert data.get("organizations", "O2").founded == dt.date(2021, 5, 1)
    assert data.get("organizations", "O4").dissolved == dt.date(2022, 6, 30)
    assert data.warnings == ()


def test_bureau_frames_give_the_figures_not_no_data():
    """The urban average: C1's O1 (filed) and O2 (registered) over one urban community, 2.
    The rural one: O3 is unregistered and O4 dissolved by the end of 2023, so 0 over one."""
    data = scoplan.load(_bureau_frames())
    registry = builtin_registry()
    urban = evaluate_target(
        "urban-average", data, as_of=AS_OF, params={"threshold": 2}, registry=registry
    )
    assert (urban.results[0].status, urban.results[0].value) == ("met", 2.0)
    rural = evaluate_target(
        "rural-average", data, as_of=AS_OF, params={"threshold": 1}, registry=registry
    )
    assert (rural.results[0].status, rural.results[0].value) == ("not_met", 0.0)


def test_frames_with_real_dates_and_chinese_headers():
    """``pl.Date`` and datetime columns are dates; Chinese headers name their columns, and a
    table may be named in Chinese and given as a list of rows."""
    frames = _bureau_frames()
    frames["organizations"] = frames["organizations"].with_columns(
        founded=pl.Series([dt.date(2021, 3, 1)] * 4),
        dissolved=pl.Series([None, None, None, dt.datetime(2022, 6, 30, 15, 30)]),
    )
    frames["社区"] = [
        {"编号": "C1", "所属乡镇街道": "341002001", "名称": "荷花池社区", "类型": "城市社区"},
        {"编号": "C2", "所属乡镇街道": "341002001", "名称": "某村", "类型": "农村社区"},
    ]
    del frames["communities"]
    data = scoplan.load(frames)
    assert data.get("communities", "C2").kind == "rural"
    assert data.get("organizations", "O3").founded == dt.date(2021, 3, 1)
    assert data.get("organizations", "O4").dissolved == dt.date(2022, 6, 30)


def test_a_bad_cell_is_named_by_its_table_and_row():
    """A day that does not exist and a reference to no district: each a problem naming the
    table and the row's place in its frame, from 1 as an official counts rows (the third
    row is row 3, 第3行), not a JSON document's item from 0."""
    frames = _bureau_frames()
    frames["organizations"] = frames["organizations"].with_columns(
        founded=pl.Series(["2021-01-01", "2021-01-01", "2021年13月1日", "2021-01-01"])
    )
    frames["townships"] = frames["townships"].with_columns(district_id=pl.lit("341009"))
    with pytest.raises(scoplan.DataError) as caught:
        scoplan.load(frames)
    found = {(p.source, p.row, p.index, p.column, p.code) for p in caught.value.problems}
    assert ("frames: organizations", 3, None, "founded", "no_such_date") in found
    assert ("frames: townships", 1, None, "district_id", "unknown_ref") in found
    zh = [p.message_zh for p in caught.value.problems if p.code == "no_such_date"]
    assert zh[0].startswith("程序传入的“organizations”表，第3行，“founded”列：")


def test_the_warnings_are_a_files(tmp_path: Path):
    """An organizations table without 登记状态: warned of (registration_absent) and counted
    nowhere, as when the same rows are a JSON document."""
    rows = {
        "区县": [{"编号": "341002", "名称": "屯溪区", "类型": "区"}],
        "乡镇街道": [{"编号": "T1", "所属区县": "341002", "名称": "昱东街道", "类型": "街道"}],
        "社区": [{"编号": "C1", "所属乡镇街道": "T1", "名称": "荷花池社区", "类型": "城市社区"}],
        "社区社会组织": [
            {"编号": f"O{n}", "所属社区": "C1", "名称": f"组织{n}", "成立日期": "2021-01-01"}
            for n in (1, 2, 3)
        ],
    }
    document = tmp_path / "台账.json"
    document.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    frames = {table: pl.DataFrame(table_rows) for table, table_rows in rows.items()}
    for data in (scoplan.load(frames), scoplan.load(rows), scoplan.load(document)):
        assert [w.code for w in data.warnings] == ["registration_absent"]
        report = evaluate_target(
            "urban-average",
            data,
            as_of=AS_OF,
            params={"threshold": 1},
            registry=builtin_registry(),
        )
        assert report.results[0].value == 0.0
    assert scoplan.load(frames).fingerprint == scoplan.load(document).fingerprint


def test_a_table_that_is_no_table_is_refused():
    """A struct column, a row that is no mapping, a table that is a number: each named."""
    with pytest.raises(scoplan.DataError) as caught:
        scoplan.load(
            {
                "organizations": pl.DataFrame({"id": ["O1"], "extra": [{"a": 1}]}),
                "districts": ["341002"],
                "townships": 3,
            }
        )
    found = {(p.code, p.source, p.column, p.row) for p in caught.value.problems}
    assert found == {
        ("bad_shape", "frames: organizations", "extra", None),
        ("bad_shape", "frames: districts", None, 1),
        ("bad_shape", "frames: townships", None, None),
    }


def test_a_dataframe_alone_says_what_load_takes():
    """Not the bare ``expected str, bytes or os.PathLike object`` of os.fspath."""
    frame = _bureau_frames()["organizations"]
    with pytest.raises(TypeError, match="tables by name") as caught:
        scoplan.load(frame)  # type: ignore[arg-type]
    assert "DataFrame" in str(caught.value)
    assert "os.PathLike" not in str(caught.value)
    with pytest.raises(TypeError, match="not a list"):
        scoplan.load([{"id": "O1"}])  # type: ignore[arg-type]


def test_frames_past_a_limit_are_refused():
    """More rows than the limits allow: refused before they are read, as a file's are."""
    frames = _bureau_frames()
    with pytest.raises(scoplan.DataError) as caught:
        scoplan.load(frames, limits=scoplan.limits.Limits(rows=3))
    assert {p.code for p in caught.value.problems} == {"limit_rows"}
    assert {p.table for p in caught.value.problems} == {"organizations"}
