"""The dataset's queries, identity and what-if copies (scoplan.dataset)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

import scoplan
from scoplan import Dataset, Organization

DAY = dt.date(2022, 6, 30)
"""The as-of date of most queries below."""

TABLES = {
    "districts.csv": "id,name,kind\nD1,甲区,district\nD2,乙县,county\n",
    "townships.csv": (
        "id,district_id,name,kind\nT1,D1,一街道,street\nT2,D1,二镇,town\nT3,D2,三乡,township\n"
    ),
    "communities.csv": (
        "id,township_id,name,kind\n"
        "C1,T1,一社区,urban\n"
        "C2,T1,二社区,urban\n"
        "C3,T2,三村,rural\n"
        "C4,T3,四村,rural\n"
    ),
    # as of 2022-06-30: O1, O2 (founded that day), O4 and O6 are active; O3 (dissolved that
    # day) and O5 (founded later) are not
    "organizations.csv": (
        "id,community_id,name,category,founded,dissolved\n"
        "O1,C1,一会,other,2020-01-01,\n"
        "O2,C1,二会,other,2022-06-30,\n"
        "O3,C1,三会,other,2020-01-01,2022-06-30\n"
        "O4,C2,四会,other,2021-01-01,2023-01-01\n"
        "O5,C3,五会,other,2023-01-01,\n"
        "O6,C4,六会,charity,2019-05-05,\n"
    ),
    "federations.csv": (
        "id,level,unit_id,founded,dissolved\n"
        "F1,township,T1,2021-01-01,\n"
        "F2,community,C1,2021-01-01,2022-01-01\n"
        "F3,township,T3,2022-07-01,\n"
    ),
    "establishments.csv": (
        "id,kind,unit_id,established,ended\n"
        "E1,service_centre,city,2019-12-27,\n"
        "E2,service_centre,D1,2020-07-26,2022-06-30\n"
        "E3,governance_academy,D2,2021-03-01,\n"
    ),
    "events.csv": (
        "id,kind,unit_id,date\n"
        "V1,training,city,2021-10-18\n"
        "V2,gongyi_chuangtou,D1,2022-01-01\n"
        "V3,gongyi_chuangtou,T1,2022-12-31\n"
        "V4,gongyi_chuangtou,D2,2023-01-01\n"
        "V5,gongyi_chuangtou,T3,2021-12-31\n"
    ),
}
"""Two districts, three townships, four communities and what exists in them."""


@pytest.fixture
def data(write_tables) -> Dataset:
    """The dataset of TABLES."""
    return scoplan.load(write_tables(TABLES))


def counts(frame: pl.DataFrame, key: str) -> dict[str, int]:
    """A ``key``/``count`` frame as a dict."""
    return dict(frame.select(key, "count").iter_rows())


def ids(frame: pl.DataFrame) -> list[str]:
    """The ``id`` column of a frame, sorted."""
    return sorted(frame.get_column("id").to_list())


# -- what is active on a day -------------------------------------------------------------


def test_active_count_by_community(data: Dataset) -> None:
    """Active organizations per community: C1 has O1 and O2, C2 has O4, C4 has O6."""
    found = counts(data.active_count_by("organizations", "community_id", DAY), "community_id")
    assert found == {"C1": 2, "C2": 1, "C4": 1}


def test_active_count_by_with_a_filter(data: Dataset) -> None:
    """Counting only charity organizations leaves O6 in C4."""
    found = data.active_count_by("organizations", "community_id", DAY, category="charity")
    assert counts(found, "community_id") == {"C4": 1}


def test_founded_on_the_day_counts_and_dissolved_on_it_does_not(data: Dataset) -> None:
    """O2, founded on the day, is active; O3, dissolved on the day, is not."""
    active = ids(data.active("organizations", DAY))
    assert "O2" in active
    assert "O3" not in active
    assert active == ["O1", "O2", "O4", "O6"]


def test_active_the_day_before(data: Dataset) -> None:
    """The day before, O3 is still active and O2 does not exist yet."""
    assert ids(data.active("organizations", DAY - dt.timedelta(days=1))) == ["O1", "O3", "O4", "O6"]


def test_organizations_in_a_district_with_their_district_and_community_kind(data: Dataset) -> None:
    """In D1 on the day: O1, O2 (C1) and O4 (C2), urban; O6 is in D2, O3 and O5 inactive."""
    found = data.organizations_in(["D1"], DAY)
    rows = found.select("id", "district_id", "community_kind").sort("id").rows()
    assert rows == [("O1", "D1", "urban"), ("O2", "D1", "urban"), ("O4", "D1", "urban")]
    assert {"name", "category", "founded", "serves"} <= set(found.columns)


def test_organizations_in_only_the_columns_asked(data: Dataset) -> None:
    """With ``columns``, the frame has those, the id and the community, and the same rows."""
    found = data.organizations_in(["D1", "D2"], DAY, ["category", "community_kind"])
    assert found.columns == ["id", "category", "community_id", "community_kind"]
    # active on the day in either district: O1, O2, O4 (other) and O6 (charity, rural C4)
    assert sorted(found.select("id", "category", "community_kind").rows()) == [
        ("O1", "other", "urban"),
        ("O2", "other", "urban"),
        ("O4", "other", "urban"),
        ("O6", "charity", "rural"),
    ]
    every = data.organizations_in(["D1", "D2"], DAY)
    assert sorted(every.get_column("id").to_list()) == ["O1", "O2", "O4", "O6"]


def test_organizations_in_some_districts_without_their_columns(data: Dataset) -> None:
    """Without ``district_id`` asked, D2's organizations are still picked by their community."""
    found = data.organizations_in(["D2"], DAY, ["name"])
    assert found.columns == ["id", "name", "community_id"]
    # O6 (C4, in T3 of D2) is the one active in D2; O5 (C3, D1) is not yet founded anyway
    assert found.rows() == [("O6", "六会", "C4")]
    with_district = data.organizations_in(["D2"], DAY, ["district_id"])
    assert with_district.rows() == [("O6", "C4", "D2")]


def test_names_of_districts_and_of_other_units(data: Dataset) -> None:
    """Names by id, unknown ids left out, for districts (looked up once) and communities."""
    assert data.names("districts", ["D2", "D9"]) == {"D2": "乙县"}
    assert data.names("districts", ["D1", "D2"]) == {"D1": "甲区", "D2": "乙县"}
    assert data.names("communities", ["C3", "C1"]) == {"C1": "一社区", "C3": "三村"}


def test_objects_agree_with_the_columns(data: Dataset) -> None:
    """``Organization.is_active`` says what ``active`` says, for every organization."""
    for day in (DAY - dt.timedelta(days=1), DAY, dt.date(2023, 1, 1)):
        by_objects = sorted(o.id for o in data.organizations() if o.is_active(day))
        assert by_objects == ids(data.active("organizations", day))


def test_units_with_an_active_federation(data: Dataset) -> None:
    """On the day only T1 has a township federation; F3 comes the day after; F2 has ended."""
    assert sorted(data.units_with("federations", DAY, level="township")) == ["T1"]
    assert data.units_with("federations", DAY, level="community").to_list() == []
    after = DAY + dt.timedelta(days=1)
    assert sorted(data.units_with("federations", after, level="township")) == ["T1", "T3"]


def test_units_with_an_active_establishment(data: Dataset) -> None:
    """D1's service centre ended on the day: only the city's is left on it."""
    assert data.units_with("establishments", DAY, kind="service_centre").to_list() == ["city"]
    before = DAY - dt.timedelta(days=1)
    assert sorted(data.units_with("establishments", before, kind="service_centre")) == [
        "D1",
        "city",
    ]


def test_held_includes_both_ends(data: Dataset) -> None:
    """公益创投 held in 2022 are those of 1 January and 31 December, not those around them."""
    held = data.held("gongyi_chuangtou", dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert ids(held) == ["V2", "V3"]
    assert ids(data.held("training", dt.date(2022, 1, 1), dt.date(2022, 12, 31))) == []


# -- the hierarchy -----------------------------------------------------------------------


def test_townships_in_districts(data: Dataset) -> None:
    """D1 holds T1 and T2; asking for towns only leaves T2."""
    frame = data.townships_in(["D1"])
    assert frame.columns == ["id", "name", "kind", "district_id"]
    assert frame.get_column("id").to_list() == ["T1", "T2"]
    assert data.townships_in(["D1"], kinds=["town"]).get_column("id").to_list() == ["T2"]
    assert data.townships_in(["D1", "D2"]).get_column("district_id").to_list() == [
        "D1",
        "D1",
        "D2",
    ]


def test_communities_in_districts(data: Dataset) -> None:
    """D1's urban communities are C1 and C2; D2 holds C4, by way of T3."""
    assert data.communities_in(["D1"], kind="urban").get_column("id").to_list() == ["C1", "C2"]
    assert data.communities_in(["D1"], kind="rural").get_column("id").to_list() == ["C3"]
    assert data.communities_in(["D2"]).rows(named=True) == [
        {"id": "C4", "name": "四村", "kind": "rural", "township_id": "T3", "district_id": "D2"}
    ]


def test_communities_in_no_district_is_empty(data: Dataset) -> None:
    """A district that is not in the data holds no communities."""
    assert data.communities_in(["D9"]).height == 0


# -- objects -----------------------------------------------------------------------------


def test_get_returns_the_object(data: Dataset) -> None:
    """``get`` builds the row with this id as its domain object."""
    assert data.get("organizations", "O4") == Organization(
        "O4",
        "C2",
        "四会",
        dt.date(2021, 1, 1),
        category="other",
        dissolved=dt.date(2023, 1, 1),
    )


def test_get_an_unknown_id_is_none(data: Dataset) -> None:
    """``get`` gives None for an id the table does not have."""
    assert data.get("organizations", "O99") is None
    assert data.get("districts", "O1") is None


def test_iter_follows_the_input_order(data: Dataset) -> None:
    """``iter`` yields every row, in the order of the file."""
    assert [c.id for c in data.iter("communities")] == ["C1", "C2", "C3", "C4"]
    assert [e.kind for e in data.iter("establishments")] == [
        "service_centre",
        "service_centre",
        "governance_academy",
    ]


def test_community_objects_have_no_district_in_extra(data: Dataset) -> None:
    """The district a community lies in is derived, not one of the bureau's extra columns."""
    assert data.get("communities", "C4").extra == {}
    assert data.frame("communities").get_column("district_id").to_list() == [
        "D1",
        "D1",
        "D1",
        "D2",
    ]


# -- identity ----------------------------------------------------------------------------


def _reversed_rows(text: str) -> str:
    """CSV text with its data rows in the opposite order."""
    header, *rows = text.splitlines()
    return "\n".join([header, *reversed(rows)]) + "\n"


def test_fingerprint_ignores_row_order(write_tables, data: Dataset) -> None:
    """The same rows in another order give the same fingerprint."""
    shuffled = {name: _reversed_rows(text) for name, text in TABLES.items()}
    other = scoplan.load(write_tables(shuffled))
    assert next(other.organizations()).id == "O6"
    assert other.fingerprint == data.fingerprint


def test_fingerprint_ignores_column_order(write_tables, data: Dataset) -> None:
    """The same table with its columns in another order gives the same fingerprint."""
    tables = dict(TABLES)
    tables["districts.csv"] = "kind,name,id\ndistrict,甲区,D1\ncounty,乙县,D2\n"
    assert scoplan.load(write_tables(tables)).fingerprint == data.fingerprint


def test_fingerprint_is_the_same_hashed_a_few_rows_at_a_time(data: Dataset, monkeypatch) -> None:
    """Rows are hashed a slice at a time (a country's at once took memory): two rows a
    slice gives the digest of the whole table hashed at once."""
    from scoplan import dataset

    frames = {name: data.frame(name) for name in ("districts", "communities", "organizations")}
    assert frames["organizations"].height > 2
    whole = dataset._fingerprint(frames)
    monkeypatch.setattr(dataset, "_HASHED_AT_ONCE", 2)
    assert dataset._fingerprint(frames) == whole


def test_fingerprint_changes_with_a_value(write_tables, data: Dataset) -> None:
    """Changing one date of one row changes the fingerprint."""
    tables = dict(TABLES)
    tables["organizations.csv"] = TABLES["organizations.csv"].replace(
        "O6,C4,六会,charity,2019-05-05", "O6,C4,六会,charity,2019-05-06"
    )
    assert tables["organizations.csv"] != TABLES["organizations.csv"]
    assert scoplan.load(write_tables(tables)).fingerprint != data.fingerprint


def test_fingerprint_changes_when_values_swap_rows(write_tables, data: Dataset) -> None:
    """Swapping two organizations' communities changes the fingerprint."""
    tables = dict(TABLES)
    tables["organizations.csv"] = (
        TABLES["organizations.csv"].replace("O4,C2,", "O4,C4,").replace("O6,C4,", "O6,C2,")
    )
    assert scoplan.load(write_tables(tables)).fingerprint != data.fingerprint


def test_loading_twice_gives_the_same_fingerprint(write_tables) -> None:
    """The fingerprint depends on the content only, not on the folder it was read from."""
    first = scoplan.load(write_tables(TABLES))
    second = scoplan.load(write_tables(TABLES))
    assert len(first.fingerprint) == 32
    assert first.fingerprint == second.fingerprint


# -- what if -----------------------------------------------------------------------------


def _new_organization(data: Dataset) -> pl.DataFrame:
    """One more organization, O7 in C2, founded on 1 January 2022."""
    row = {
        "id": "O7",
        "community_id": "C2",
        "name": "七会",
        "category": "other",
        "founded": dt.date(2022, 1, 1),
        "dissolved": None,
        "registration": None,
        "size": None,
        "managed_by": None,
        "charter": None,
        "brand": None,
        "serves": [],
    }
    return pl.DataFrame([row], schema=data.frame("organizations").schema)


def test_with_rows_adds_to_a_new_dataset(data: Dataset) -> None:
    """The new dataset counts O7 in C2."""
    more = data.with_rows("organizations", _new_organization(data))
    found = counts(more.active_count_by("organizations", "community_id", DAY), "community_id")
    assert found == {"C1": 2, "C2": 2, "C4": 1}
    assert more.size()["organizations"] == 7
    assert more.get("organizations", "O7").community_id == "C2"
    assert more.communities_in(["D1"], kind="urban").get_column("id").to_list() == ["C1", "C2"]


def test_with_rows_leaves_the_original_unchanged(data: Dataset) -> None:
    """The dataset ``with_rows`` is called on keeps its rows, its counts and its fingerprint."""
    before_counts = counts(
        data.active_count_by("organizations", "community_id", DAY), "community_id"
    )
    before_frame = data.frame("organizations").clone()
    before_fingerprint = data.fingerprint
    more = data.with_rows("organizations", _new_organization(data))
    assert more.fingerprint != before_fingerprint
    assert data.fingerprint == before_fingerprint
    assert data.frame("organizations").equals(before_frame)
    assert data.get("organizations", "O7") is None
    after_counts = counts(
        data.active_count_by("organizations", "community_id", DAY), "community_id"
    )
    assert after_counts == before_counts == {"C1": 2, "C2": 1, "C4": 1}


def test_from_frames_fills_absent_tables(valid_folder: Path) -> None:
    """A dataset made from some frames has every table, the others empty and typed."""
    loaded = scoplan.load(valid_folder)
    frames = {
        name: loaded.frame(name)
        for name in ("districts", "townships", "communities", "organizations")
    }
    frames["communities"] = frames["communities"].drop("district_id")
    made = Dataset.from_frames(frames)
    assert made.size()["events"] == 0
    assert made.frame("federations").schema["founded"] == pl.Date
    assert made.frame("communities").get_column("district_id").to_list() == ["D1", "D2"]
