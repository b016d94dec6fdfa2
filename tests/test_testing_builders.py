"""scoplan.testing.builders: datasets built without files, checked as real data is."""

from __future__ import annotations

import datetime as dt

import pytest

import scoplan
from scoplan.testing import DatasetBuilder, build_dataset, district_dataset


def test_a_chain_of_calls_builds_a_checked_dataset():
    """Districts, townships, communities, organizations and establishments, chained."""
    data = (
        DatasetBuilder()
        .district("D1")
        .township("T1", "D1")
        .community("C1", "T1", kind="rural")
        .organizations("C1", 3, founded="2021-01-01")
        .establishment("F1", "T1", kind="community_fund", established=dt.date(2021, 6, 1))
        .federation("FE1", "T1")
        .event("V1", "D1", kind="training", date="2022-05-01")
        .brand_project("B1", "C1-O1")
        .build()
    )
    assert data.size() == {
        "districts": 1,
        "townships": 1,
        "communities": 1,
        "organizations": 3,
        "federations": 1,
        "establishments": 1,
        "brand_projects": 1,
        "events": 1,
    }
    assert data.get("communities", "C1").kind == "rural"
    assert data.get("organizations", "C1-O2").founded == dt.date(2021, 1, 1)
    assert data.active("establishments", dt.date(2021, 5, 31), kind="community_fund").height == 0


def test_organizations_are_numbered_across_calls():
    """Two calls for one community never give two organizations the same id."""
    builder = DatasetBuilder().district("D1").township("T1", "D1").community("C1", "T1")
    builder.organizations("C1", 2).organizations("C1", 1, founded="2022-01-01")
    ids = [row["id"] for row in builder.tables()["organizations"]]
    assert ids == ["C1-O1", "C1-O2", "C1-O3"]


def test_a_district_with_communities_and_organizations_in_one_line():
    """``district_dataset``: N communities, M organizations shared among them, dated."""
    data = district_dataset(communities=4, organizations=10, founded="2021-03-01")
    assert data.size()["communities"] == 4
    counts = data.active_count_by("organizations", "community_id", dt.date(2021, 3, 1))
    assert sorted(counts.get_column("count").to_list()) == [2, 2, 3, 3]
    assert data.active("organizations", dt.date(2021, 2, 28)).height == 0


def test_bad_builder_data_raises_data_error_like_real_data():
    """A date that is not one and a township of a missing district are both reported."""
    builder = (
        DatasetBuilder()
        .district("D1")
        .township("T1", "D9")
        .community("C1", "T1")
        .organization("O1", "C1", founded="2021-13-01")
    )
    with pytest.raises(scoplan.DataError) as caught:
        builder.build()
    problems = caught.value.problems
    assert any(p.column == "founded" and p.value == "2021-13-01" for p in problems)
    assert any(p.column == "district_id" and p.value == "D9" for p in problems)
    assert all(p.source.startswith("builder") for p in problems)


def test_rows_need_only_the_columns_a_test_cares_about():
    """``build_dataset`` fills in a unit's name and kind; Chinese table names work too."""
    data = build_dataset(
        {
            "districts": [{"id": "D1"}],
            "乡镇街道": [{"id": "T1", "district_id": "D1", "kind": "town"}],
            "communities": [{"id": "C1", "township_id": "T1"}],
        }
    )
    assert data.get("districts", "D1").kind == "district"
    assert data.get("townships", "T1").kind == "town"
    assert data.get("communities", "C1").name == "C1"
    assert data.size()["organizations"] == 0


def test_tables_may_be_given_as_keywords():
    """``build_dataset(districts=[…], …)`` is the mapping's tables by name, cells typed:
    dates, booleans, lists and None (an empty cell) as a file's text would give them."""
    data = build_dataset(
        {"districts": [{"id": "D1"}]},
        townships=[{"id": "T1", "district_id": "D1"}],
        communities=[{"id": "C1", "township_id": "T1", "kind": "rural"}],
        organizations=[
            {
                "id": "O1",
                "community_id": "C1",
                "founded": dt.date(2021, 3, 1),
                "dissolved": None,
                "charter": True,
                "serves": ["elderly", "children"],
            }
        ],
    )
    assert data.get("communities", "C1").kind == "rural"
    organization = data.get("organizations", "O1")
    assert organization.founded == dt.date(2021, 3, 1)
    assert organization.dissolved is None
    assert organization.charter is True
    assert sorted(organization.serves) == ["children", "elderly"]
    assert organization.registration == "filed"


def test_a_table_given_both_ways_is_refused():
    """The same table in the mapping and as a keyword: which rows are meant is unclear."""
    with pytest.raises(TypeError, match="districts"):
        build_dataset({"districts": [{"id": "D1"}]}, districts=[{"id": "D2"}])


def test_keyword_tables_are_checked_as_a_files_are():
    """A bad cell given as a keyword table is a DataError naming the table and the row."""
    with pytest.raises(scoplan.DataError) as caught:
        build_dataset(districts=[{"id": "D1"}, {"id": "D1"}])
    (problem,) = caught.value.problems
    assert (problem.column, problem.value) == ("id", "D1")
    assert problem.source == "builder: districts"


def test_chinese_column_names_are_the_columns():
    """名称, 类型, 登记状态 given: no default ``name``, ``kind`` or ``registration`` is added
    beside them (a trial found "the column 'name' is given twice (already as '名称')")."""
    data = build_dataset(
        {
            "区县": [{"编号": "341002", "名称": "屯溪区", "类型": "区", "市": "黄山市"}],
            "乡镇街道": [{"编号": "T1", "所属区县": "341002", "名称": "昱东街道", "类型": "镇"}],
            "社区": [{"编号": "C1", "所属乡镇街道": "T1", "名称": "某村", "类型": "农村社区"}],
            "社区社会组织": [
                {"编号": "O1", "所属社区": "C1", "名称": "甲", "成立日期": "2022-01-01"},
                {"编号": "O2", "所属社区": "C1", "成立日期": "2022-01-01", "登记状态": "未登记"},
            ],
        }
    )
    assert data.get("districts", "341002").name == "屯溪区"
    assert data.get("townships", "T1").kind == "town"
    community = data.get("communities", "C1")
    assert (community.name, community.kind) == ("某村", "rural")
    first = data.get("organizations", "O1")
    assert (first.name, first.registration) == ("甲", "filed")
    second = data.get("organizations", "O2")
    assert (second.name, second.registration) == ("O2", "none")


def test_no_registration_is_filed_unlike_a_loaded_table():
    """The builders' deliberate default: an organization without a registration is filed
    (counted), where ``scoplan.load`` warns of the table (registration_absent) and counts
    none. An empty registration given is blank, as a file's empty cell."""
    rows: dict[str, list[dict[str, object]]] = {
        "districts": [{"id": "D1", "name": "区1", "kind": "district"}],
        "townships": [{"id": "T1", "district_id": "D1", "name": "街道1", "kind": "street"}],
        "communities": [{"id": "C1", "township_id": "T1", "name": "社区1", "kind": "urban"}],
        "organizations": [
            {"id": "O1", "community_id": "C1", "name": "组织1", "founded": "2021-01-01"}
        ],
    }
    built = build_dataset(rows)
    assert built.get("organizations", "O1").registration == "filed"
    assert built.warnings == ()
    loaded = scoplan.load(rows)
    assert loaded.get("organizations", "O1").registration is None
    assert [w.code for w in loaded.warnings] == ["registration_absent"]
    rows["organizations"][0]["registration"] = None
    assert build_dataset(rows).get("organizations", "O1").registration is None
