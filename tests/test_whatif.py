"""What if (scoplan.whatif): hypothetical rows added to a copy of the data, and what flips."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import (
    PLAN_HEAD,
    builtin_registry,
    community,
    district,
    milestone_toml,
    organizations,
    township,
)

import scoplan
from scoplan import DataError, Status, what_if, with_additions
from scoplan.testing import build_dataset

END_2022 = dt.date(2022, 12, 31)
END_2023 = dt.date(2023, 12, 31)
MID_2023 = dt.date(2023, 6, 30)


def small():
    """District D1, street T1, urban communities C1 (no organization) and C2 (one)."""
    return build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1"), community("C2", "T1")],
        organizations=organizations("C2", 1),
    )


def new_organization(id: str, community_id: str, founded=dt.date(2022, 6, 1)) -> dict:
    """A hypothetical organization row, filed (备案): only registered and filed ones count."""
    return {
        "id": id,
        "community_id": community_id,
        "name": f"新{id}",
        "founded": founded,
        "registration": "filed",
    }


def test_additions_leave_the_original_untouched():
    """Two more organizations make a new dataset; the original keeps its size and fingerprint."""
    data = small()
    size, fingerprint = data.size(), data.fingerprint
    more = with_additions(
        data, organizations=[new_organization("N1", "C1"), new_organization("N2", "C1")]
    )
    assert data.size() == size
    assert data.fingerprint == fingerprint
    # 1 organization + 2 added = 3
    assert (size["organizations"], more.size()["organizations"]) == (1, 3)
    assert more.fingerprint != fingerprint
    ids = set(more.frame("organizations").get_column("id"))
    assert ids == {"C2-O0", "N1", "N2"}
    assert set(data.frame("organizations").get_column("id")) == {"C2-O0"}


def test_additions_may_refer_to_each_other_and_use_chinese_names():
    """A new community and an organization in it; a table with Chinese names and codes too."""
    more = with_additions(
        small(),
        communities=[{"id": "C3", "township_id": "T1", "name": "新社区", "kind": "urban"}],
        organizations=[new_organization("N1", "C3")],
        平台与制度=[
            {
                "编号": "E1",
                "类型": "培育发展服务中心",
                "所属单位": "D1",
                "名称": "中心",
                "建立日期": dt.date(2022, 1, 1),
            }
        ],
    )
    assert more.size()["communities"] == 3
    kinds = dict(more.frame("establishments").select("id", "kind").iter_rows())
    assert kinds == {"E1": "service_centre"}
    added = dict(more.frame("organizations").select("id", "community_id").iter_rows())
    assert added["N1"] == "C3"


@pytest.mark.parametrize(
    ("row", "code", "column"),
    [
        (new_organization("N2", "C1", founded="2022-02-30"), "no_such_date", "founded"),
        (new_organization("N2", "C9"), "unknown_ref", "community_id"),
        (new_organization("C2-O0", "C1"), "id_exists", "id"),
    ],
)
def test_a_bad_row_is_a_data_error_naming_what_if_and_the_item(row, code, column):
    """A bad date, an unknown community or an id already there names ``what-if`` and item 1."""
    data = small()
    with pytest.raises(DataError) as raised:
        with_additions(data, organizations=[new_organization("N1", "C1"), row])
    (problem,) = raised.value.problems
    assert (problem.code, problem.column, problem.index) == (code, column, 1)
    assert problem.source == "what-if: organizations"
    assert "what-if: organizations, item 1" in str(raised.value)
    # nothing was added to the original
    assert data.size()["organizations"] == 1


def test_what_if_lists_the_milestones_that_flip():
    """One more organization in C1 lifts the mean from 1/2 to 1: the milestone flips to met."""
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + milestone_toml("one", "urban-average", END_2022, {"threshold": 1})
        + milestone_toml("two", "urban-average", END_2022, {"threshold": 2})
    )
    comparison = what_if(
        small(),
        plan,
        MID_2023,
        registry=builtin_registry(),
        organizations=[new_organization("N1", "C1")],
    )
    changes = {c.milestone: c for c in comparison.changes}
    # before (0 + 1) / 2 = 0.5; after (1 + 1) / 2 = 1: met for 1, still short of 2
    assert [(c.milestone, c.status_before, c.status_after) for c in comparison.flipped()] == [
        ("one", Status.NOT_MET, Status.MET)
    ]
    assert (changes["two"].value_before, changes["two"].value_after) == (0.5, 1.0)
    assert changes["two"].status_after is Status.NOT_MET
    # against 2, C1 lacks 2 then 1 and C2 lacks 1 both times: neither enters nor leaves
    assert (changes["two"].entered, changes["two"].left) == ((), ())


@pytest.fixture(scope="module")
def example():
    """The bundled example dataset."""
    return scoplan.load(scoplan.example_path())


def test_a_service_centre_for_xiuning_flips_only_its_milestone(example):
    """A centre for 休宁县 (341022) opened in 2023 flips its service-centres-2023 alone."""
    fingerprint = example.fingerprint
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    centre = {
        "id": "WHATIF-1",
        "kind": "service_centre",
        "unit_id": "341022",
        "name": "休宁县社会组织培育发展服务中心",
        "established": dt.date(2023, 6, 1),
    }
    comparison = what_if(example, plan, END_2023, establishments=[centre])
    # 休宁县 has no centre in the example (so not met); one opened before 2023-12-31 meets 1
    assert [
        (c.milestone, c.scope_id, c.status_before, c.status_after) for c in comparison.flipped()
    ] == [("service-centres-2023", "341022", Status.NOT_MET, Status.MET)]
    # nothing else moves: no other value, no other shortfall
    assert [(c.milestone, c.scope_id) for c in comparison.changed()] == [
        ("service-centres-2023", "341022")
    ]
    (flip,) = comparison.flipped()
    # 0 → 1 centre; 341022 leaves the shortfall
    assert (flip.value_before, flip.value_after, flip.delta) == (0.0, 1.0, 1.0)
    assert [u.id for u in flip.left] == ["341022"]
    assert comparison.before_fingerprint == fingerprint != comparison.after_fingerprint
    assert example.fingerprint == fingerprint
