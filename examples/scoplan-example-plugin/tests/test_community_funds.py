"""``community-funds``: its worked examples, the target contract, a hand-worked case on
Huangshan's district codes, its bundled plan, and a property over any dataset."""

from __future__ import annotations

import datetime as dt
import importlib.metadata

import pytest
from hypothesis import given, settings
from scoplan_community_funds import EXAMPLES, FOUNDATION, FUND, KIND

import scoplan
from scoplan.testing import (
    DatasetBuilder,
    assert_status,
    assert_value,
    check_contract,
    contract_dataset,
    evaluate_target,
    run_example,
)
from scoplan.testing.strategies import datasets


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_example(example):
    """Each worked example of the module comes out as it says."""
    run_example(KIND, example)


def test_contract():
    """The target kind keeps the contract every target kind must keep."""
    check_contract(
        KIND,
        contract_dataset(establishment_kinds=[FUND, FOUNDATION]),
        bad_params=[{"threshold": 1.5}, {"township_kinds": ["village"]}],
    )


def huangshan_funds() -> scoplan.Dataset:
    """屯溪区 with four streets, 徽州区 with two streets and a town, 歙县 with two towns;
    funds, a foundation and a community's fund opened and closed on known days."""
    return (
        DatasetBuilder()
        .district("341002", "屯溪区", city="黄山市")
        .district("341004", "徽州区", city="黄山市")
        .district("341021", "歙县", kind="county", city="黄山市")
        .township("TX1", "341002")
        .township("TX2", "341002")
        .township("TX3", "341002")
        .township("TX4", "341002")
        .township("HZ1", "341004")
        .township("HZ2", "341004")
        .township("HZ3", "341004", kind="town")
        .township("SX1", "341021", kind="town")
        .township("SX2", "341021", kind="town")
        .community("HZ2-C1", "HZ2")
        .establishment("F1", "TX1", kind=FUND, established="2021-05-01")
        .establishment("F2", "TX2", kind=FOUNDATION, established="2022-08-01")
        .establishment("F3", "TX3", kind=FUND, established="2021-01-01", ended="2023-03-31")
        .establishment("F4", "HZ2-C1", kind=FUND, established="2023-06-01")
        .establishment("F5", "HZ3", kind=FUND, established="2021-01-01")
        .establishment("F6", "SX1", kind=FUND, established="2022-01-01")
        .establishment("C1", "TX4", kind="service_centre", established="2021-01-01")
        .build()
    )


def test_hand_worked_central_area(scoplan_registry):
    """As of 2023-12-31 the central area has 6 streets (TX1–4, HZ1–2); funded: TX1, TX2
    (a foundation) and HZ2 (through its community), while TX3's fund closed in March and
    TX4 has only a service centre: 3 of 6 = 0.5, which meets "at least half"."""
    plan = scoplan_registry.plan("huangshan-community-funds")
    report = scoplan.evaluate(
        huangshan_funds(), plan, dt.date(2023, 12, 31), registry=scoplan_registry
    )
    result = assert_status(report, "community-funds-central-2023", "met")
    assert_value(report, "community-funds-central-2023", 3 / 6)
    assert result.evidence.numerator == 3
    assert result.evidence.denominator == 6
    assert result.evidence.details["funds"] == ["F1", "F2", "F4"]


def test_hand_worked_each_district(scoplan_registry):
    """Per district as of 2023-12-31, all township kinds: 屯溪区 2 of 4 (TX1, TX2), 徽州区
    2 of 3 (HZ2 by its community, HZ3), 歙县 1 of 2 (SX1); indicators, never judged."""
    plan = scoplan_registry.plan("huangshan-community-funds")
    report = scoplan.evaluate(
        huangshan_funds(), plan, dt.date(2023, 12, 31), registry=scoplan_registry
    )
    milestone = "community-funds-each-2023"
    for district, share in (("341002", 2 / 4), ("341004", 2 / 3), ("341021", 1 / 2)):
        assert_status(report, milestone, "info", scope=district)
        assert_value(report, milestone, share, scope=district)


def test_the_gap_names_the_townships_without_a_fund():
    """屯溪区 as of 2023-12-31 at a threshold of 100%: 2 more townships, TX3 and TX4."""
    report = evaluate_target(
        KIND,
        huangshan_funds(),
        params={"threshold": 1.0},
        scope={"districts": ["341002"]},
        as_of="2023-12-31",
    )
    result = assert_status(report, "community-funds", "not_met")
    assert result.gap is not None
    assert result.gap.amount == 2
    assert [unit.id for unit in result.gap.units] == ["TX3", "TX4"]


def test_plugin_registers_its_target_and_plan(scoplan_registry):
    """The plugin registers ``community-funds`` and ``huangshan-community-funds``."""
    assert scoplan_registry.target("community-funds") is KIND
    assert "huangshan-community-funds" in scoplan_registry.plan_ids()
    assert scoplan_registry.owner("community-funds") == "scoplan_community_funds"


def test_bundled_plan_uses_real_district_codes(scoplan_registry):
    """The plan's central group names 屯溪区 (341002) and 徽州区 (341004), in area 3410."""
    plan = scoplan_registry.plan("huangshan-community-funds")
    assert plan.area.code_prefix == "3410"
    assert plan.groups["central"].districts == ("341002", "341004")
    assert {m.target for m in plan.milestones} == {"community-funds"}
    assert all(c.ref == "二(一)3" for m in plan.milestones for c in m.clauses)


def test_installed_entry_point_names_the_module():
    """Installed, the distribution announces the module in the ``scoplan`` group."""
    (entry_point,) = [
        e for e in importlib.metadata.entry_points(group="scoplan") if e.name == "community-funds"
    ]
    assert entry_point.value == "scoplan_community_funds"
    assert entry_point.dist is not None
    assert entry_point.dist.metadata["Name"] == "scoplan-community-funds"


@settings(max_examples=30, deadline=None)
@given(datasets(establishment_kinds=[FUND, FOUNDATION]))
def test_share_is_between_zero_and_one_and_counts_whole_townships(data):
    """On any dataset the value is a share of whole townships, or no value at all."""
    report = evaluate_target(KIND, data, params={"threshold": 0.5}, as_of="2022-12-31")
    (result,) = report.results
    if result.value is None:
        assert result.status.value == "no_data"
        return
    assert 0 <= result.value <= 1
    assert result.evidence.numerator == round(result.value * result.evidence.denominator)
