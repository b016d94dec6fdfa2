"""A dataset loaded for a plan holds only the organizations' columns its target kinds read.

The expected column sets are read off the kinds' measures by hand (brand-organizations
filters on ``brand`` and counts registered or filed organizations: ``registration``…).
Every worked example and every target test also runs on data held this way, through
:func:`scoplan.testing.evaluate_target`; here the loading, the refusals and the fallbacks.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import attrs
import polars as pl
import pytest
from builders import builtin_registry, community, district, organization, township

import scoplan
from scoplan.examples import example_path
from scoplan.i18n import Text, describe_problem
from scoplan.measures import count
from scoplan.params import Count
from scoplan.plan_columns import columns_read, kind_columns, lacking, unread
from scoplan.plugins import Registry
from scoplan.renderers.json import render_json
from scoplan.target import Requirement, TargetKind
from scoplan.testing import build_dataset, evaluate_target
from scoplan.testing.evaluation import MilestoneSpec, plan_of

REGISTRY = builtin_registry()
HEADLINE = Path(__file__).resolve().parents[1] / "benchmarks" / "headline.toml"
AS_OF = dt.date(2023, 12, 31)
ALL_OWN = ("name", "category", "registration", "size", "managed_by", "charter", "brand", "serves")


def _plan(*milestones: tuple[str, dict[str, object]]) -> scoplan.Plan:
    return plan_of([MilestoneSpec(kind, kind, AS_OF, params, {}) for kind, params in milestones])


def test_the_headline_plan_reads_registration_and_brand_only():
    """Averages and federation coverage read no organization column but the status counted;
    brand organizations read the brand date too."""
    plan = scoplan.load_plan(HEADLINE)
    assert columns_read(plan, REGISTRY) == {"organizations": frozenset({"registration", "brand"})}


def test_a_generic_kind_reads_the_column_its_params_name():
    plan = _plan(("organization-share", {"column": "size", "value": "large"}))
    read = columns_read(plan, REGISTRY)
    assert read == {"organizations": frozenset({"name", "size", "registration"})}
    averages = _plan(("community-average", {"category": ["elderly_care"]}))
    assert columns_read(averages, REGISTRY) == {
        "organizations": frozenset({"registration", "category"})
    }


def test_kinds_that_read_no_organization_column_keep_only_the_four():
    plan = _plan(("trainings", {}), ("township-federation-coverage", {"threshold": 0.5}))
    read = columns_read(plan, REGISTRY)
    assert read == {}
    columns = {"organizations": ["id", "community_id", *ALL_OWN, "founded", "dissolved"]}
    assert unread(columns, read or {}) == {"organizations": ALL_OWN}


def _nosy(context: scoplan.Context, params: Count) -> scoplan.Measurement:
    """Reads the organizations' category, whatever the kind says."""
    found = context.data.organizations_in(context.scope.districts, context.on, ["category"])
    return count(context, found, requirement=Requirement.of(params), noun="organizations")


def _kind(**changes: object) -> TargetKind:
    kind = TargetKind(
        "nosy", Text("好奇", "nosy"), Text("读取类别", "reads the category"), Count, _nosy
    )
    return attrs.evolve(kind, **changes)


def test_a_kind_that_does_not_say_what_it_reads_keeps_everything():
    """A plugin's kind written before ``columns`` existed: its plan's data is held whole."""
    registry = Registry(targets={"nosy": _kind()})
    assert columns_read(_plan(("nosy", {})), registry) is None
    assert lacking({"organizations": ("name", "size")}, None) == [
        "organizations.name",
        "organizations.size",
    ]


def test_a_declaration_that_cannot_be_read_keeps_everything():
    def broken(params: object) -> list[str]:
        raise RuntimeError("a plugin's bug")

    assert kind_columns(_kind(columns=broken), Count()) is None
    assert kind_columns(_kind(columns=("category",)), Count()) is None  # no table named
    declared = _kind(columns=("organizations.category",), reads=("organizations.inspected",))
    assert kind_columns(declared, Count()) == {"organizations.category", "organizations.inspected"}


def _one_community() -> scoplan.Dataset:
    return build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
        organizations=[
            organization("O1", "C1", category="culture_sports"),
            organization("O2", "C1", category="elderly_care"),
        ],
    )


def test_a_kind_that_reads_a_column_it_does_not_declare_gets_an_error_result():
    """Never a figure from a missing column: the harness judges on the data held, as a run does."""
    data = _one_community()
    honest = evaluate_target(_kind(columns=("organizations.category",)), data, as_of=AS_OF)
    assert honest.results[0].status.value == "met"
    assert honest.results[0].value == 2
    wrong = evaluate_target(_kind(columns=()), data, as_of=AS_OF)
    assert wrong.results[0].status.value == "error"
    assert "reads organizations.category, which its target kind does not declare" in (
        wrong.results[0].message
    )


def _example_plan_data() -> tuple[scoplan.Plan, scoplan.Dataset, scoplan.Dataset]:
    plan = scoplan.load_plan(HEADLINE)
    held = scoplan.load(example_path("huangshan"), registry=REGISTRY, plan=plan)
    whole = scoplan.load(example_path("huangshan"), registry=REGISTRY)
    return plan, held, whole


def test_loading_for_a_plan_drops_only_what_it_does_not_read():
    _, held, whole = _example_plan_data()
    assert held.dropped == {
        "organizations": ("name", "category", "size", "managed_by", "charter", "serves")
    }
    assert held.frame("organizations").columns == [
        "id",
        "community_id",
        "founded",
        "dissolved",
        "registration",
        "brand",
    ]
    for table in ("districts", "townships", "communities", "federations", "events"):
        assert held.frame(table).equals(whole.frame(table))
    assert whole.dropped == {}
    # the same delivery: the fingerprint is of the whole data, the rows all there
    assert held.fingerprint == whole.fingerprint
    assert held.size() == whole.size()
    assert held.origin == whole.origin
    assert held.warnings == whole.warnings


@pytest.mark.parametrize("plan_id", ["huangshan-2021-2023", "mca-2017-floor", "headline"])
def test_a_plan_judged_on_the_data_held_for_it_gives_the_same_report(plan_id):
    plan = scoplan.load_plan(HEADLINE) if plan_id == "headline" else REGISTRY.plan(plan_id)
    held = scoplan.load(example_path("huangshan"), registry=REGISTRY, plan=plan)
    whole = scoplan.load(example_path("huangshan"), registry=REGISTRY)
    assert (plan_id == "huangshan-2021-2023") == (held.dropped == {})
    reports = [scoplan.evaluate(d, plan, AS_OF, registry=REGISTRY) for d in (held, whole)]
    first, second = (json.loads(render_json(r)) for r in reports)
    assert first == second
    assert any(r["status"] != "error" for r in first["results"])


def test_another_plan_that_reads_a_dropped_column_is_refused_by_name():
    _, held, _ = _example_plan_data()
    plan = _plan(("charters", {"threshold": 0.5}))
    with pytest.raises(scoplan.PlanError) as raised:
        scoplan.evaluate(held, plan, AS_OF, registry=REGISTRY)
    (problem,) = raised.value.problems
    assert problem.code == "columns_not_held"
    assert problem.value == "organizations.name, organizations.charter"
    said = describe_problem(problem, "zh")
    assert "未保留本计划读取的列" in said
    assert "organizations.charter" in said
    # a plan that reads only what is held runs on it
    fine = _plan(("brand-organizations", {"threshold": 1}))
    assert scoplan.evaluate(held, fine, AS_OF, registry=REGISTRY).results[0].status.value != "error"


def test_rows_as_objects_are_refused_where_columns_were_dropped():
    _, held, whole = _example_plan_data()
    oid = whole.frame("organizations").get_column("id")[0]
    assert whole.get("organizations", oid).name
    with pytest.raises(LookupError, match="name"):
        held.get("organizations", oid)
    with pytest.raises(LookupError):
        next(held.organizations())
    assert next(held.districts()).name  # a table held whole is as before


def test_what_if_rows_join_a_dataset_held_for_a_plan():
    _, held, whole = _example_plan_data()
    cid = whole.frame("communities").get_column("id")[0]
    rows = pl.DataFrame(
        {
            "id": ["NEW1"],
            "community_id": [cid],
            "founded": [dt.date(2023, 1, 1)],
            "dissolved": [None],
            "registration": ["registered"],
            "brand": [dt.date(2023, 6, 1)],
        },
        schema_overrides={"dissolved": pl.Date},
    )
    grown = held.with_rows("organizations", rows)
    assert grown.dropped == held.dropped
    assert grown.size()["organizations"] == whole.size()["organizations"] + 1
