"""A dataset loaded for a plan holds only the organizations' columns its target kinds read.

The expected column sets are read off the kinds' measures by hand (brand-organizations
filters on ``brand`` and counts registered or filed organizations: ``registration``…).
Every worked example and every target test also runs on data held this way, through
:func:`scoplan.testing.evaluate_target`; here the loading, the refusals and the fallbacks.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import attrs
import polars as pl
import pytest
from builders import (
    Form,
    builtin_registry,
    community,
    district,
    organization,
    township,
    write_tables_in,
)
from hypothesis import event, given, settings
from hypothesis import strategies as st
from judged import judged, must_judge
from polars.testing import assert_frame_equal
from strategies import csv_forms, registers

import scoplan
from scoplan.examples import example_path
from scoplan.i18n import Text, describe_problem
from scoplan.loading import read_raw
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


# -- left out as it is read ------------------------------------------------------------------

PLANS = {
    "headline": lambda: scoplan.load_plan(HEADLINE),
    "registration": lambda: _plan(("registration", {"threshold": 0.9})),
    "size share": lambda: _plan(("organization-share", {"column": "size", "value": "large"})),
    "trainings": lambda: _plan(("trainings", {})),
}


def _left_out(folder: Path, plan: scoplan.Plan) -> tuple[str, ...]:
    """What the CSV loader left out of the organizations as it read them for ``plan``."""
    read = columns_read(plan, REGISTRY)
    tables, _ = read_raw(str(folder), REGISTRY, read=read)
    return tables["organizations"].left_out


@pytest.fixture(scope="module")
def held_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("held")


@must_judge(
    "columns left out as read",
    "left out where the file lacks a column",
    "columns let go after checking",
)
@settings(max_examples=max(10, int(settings.default.max_examples * 0.5)))
@given(
    rows=registers(),
    form=csv_forms(),
    plan_name=st.sampled_from(sorted(PLANS)),
    omitted=st.sets(st.sampled_from(["category", "size", "charter", "brand", "serves"])),
)
def test_data_held_for_a_plan_is_the_whole_data_less_its_unread_columns(
    held_folder: Path,
    rows: dict[str, list[dict[str, Any]]],
    form: Form,
    plan_name: str,
    omitted: set[str],
) -> None:
    """Whatever the form of the files, whichever optional columns they lack, and whether the
    loader left columns out as it read or they were let go after checking: the rows, the
    columns held, the fingerprint and the warnings are those of the whole data."""
    shutil.rmtree(held_folder)
    for organization_row in rows["organizations"]:
        for column in omitted:
            organization_row.pop(column, None)
    folder = write_tables_in(held_folder / "data", rows, form)
    plan = PLANS[plan_name]()
    held = scoplan.load(folder, registry=REGISTRY, plan=plan)
    whole = scoplan.load(folder, registry=REGISTRY)
    assert held.fingerprint == whole.fingerprint
    assert held.warnings == whole.warnings
    read = columns_read(plan, REGISTRY) or {}
    wanted = {"id", "community_id", "founded", "dissolved", *read.get("organizations", ())}
    every = whole.frame("organizations").columns
    assert held.frame("organizations").columns == [c for c in every if c in wanted]
    assert held.dropped.get("organizations", ()) != () or set(every) <= wanted
    assert sorted(held.dropped.get("organizations", ())) == sorted(set(every) - wanted)
    for table in ("districts", "communities", "organizations", "events"):
        columns = held.frame(table).columns
        assert_frame_equal(held.frame(table), whole.frame(table).select(columns))
    left = _left_out(folder, plan)
    judged("columns left out as read", bool(left))
    judged("left out where the file lacks a column", bool(left) and bool(omitted))
    judged(
        "columns let go after checking",
        bool(set(held.dropped.get("organizations", ())) - set(left)),
    )
    event(f"{form.encoding}, plan {plan_name}, {len(rows['organizations'])} organizations")


def _bureau_rows() -> dict[str, list[dict[str, Any]]]:
    return {
        "districts": [district("341002", name="屯溪区")],
        "townships": [township("341002001", "341002", name="昱东街道")],
        "communities": [community("341002001001", "341002001", name="荷花池社区")],
        "organizations": [
            organization("ORG1", "341002001001", name="荷花池合唱团", size="small", charter=True),
            organization("ORG2", "341002001001", name="荷花池舞蹈队", managed_by="community"),
        ],
    }


GB18030_CHINESE = Form(
    encoding="gb18030", chinese_names=True, spellings="chinese", yes_no="chinese"
)


def test_a_bureaus_gb18030_files_are_read_without_the_columns_no_milestone_reads(tmp_path: Path):
    folder = write_tables_in(tmp_path / "data", _bureau_rows(), GB18030_CHINESE)
    plan = scoplan.load_plan(HEADLINE)
    assert _left_out(folder, plan) == ("name", "size", "managed_by", "charter")
    held = scoplan.load(folder, registry=REGISTRY, plan=plan)
    assert held.dropped == {
        "organizations": ("name", "category", "size", "managed_by", "charter", "serves")
    }
    assert held.fingerprint == scoplan.load(folder, registry=REGISTRY).fingerprint


@pytest.mark.parametrize(
    ("cell", "code"),
    [("", "missing_value"), ("x" * 70, "limit_cell_bytes"), ("荷花池", None)],
    ids=["blank name", "name over the limit", "name written twice over"],
)
def test_a_cell_of_a_column_left_out_is_checked_as_the_whole_is(tmp_path: Path, cell, code):
    """A required name left blank, a name longer than the limit: the same problems, in the
    user's words, as when every column is held; and nothing refused that the whole accepts."""
    rows = _bureau_rows()
    rows["organizations"][1]["name"] = cell or None
    folder = write_tables_in(tmp_path / "data", rows, GB18030_CHINESE)
    plan = scoplan.load_plan(HEADLINE)
    limits = scoplan.Limits(cell_bytes=64)
    outcomes = []
    for given_plan in (plan, None):
        try:
            data = scoplan.load(folder, registry=REGISTRY, plan=given_plan, limits=limits)
            outcomes.append(data.fingerprint)
        except scoplan.DataError as error:
            outcomes.append([(p.code, p.source, p.row, p.column, p.value) for p in error.problems])
    held, whole = outcomes
    assert held == whole
    if code is None:
        assert isinstance(held, str)
    else:
        assert code in [found[0] for found in held]
        assert ("组织名称" in str(held)) or any(found[3] == "name" for found in held)


def test_a_folder_of_returns_is_held_for_the_plan_too(tmp_path: Path):
    """Each return's tables are made text again and merged: none is read with columns left
    out (which once refused the name as missing); they are let go after checking."""
    shutil.copytree(example_path("huangshan"), tmp_path / "returns" / "全市")
    plan = scoplan.load_plan(HEADLINE)
    held = scoplan.load(tmp_path / "returns", registry=REGISTRY, plan=plan)
    whole = scoplan.load(tmp_path / "returns", registry=REGISTRY)
    assert held.dropped == {
        "organizations": ("name", "category", "size", "managed_by", "charter", "serves")
    }
    assert held.fingerprint == whole.fingerprint
    assert held.size() == whole.size()
