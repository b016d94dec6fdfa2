"""What if (scoplan.whatif): hypothetical rows added to a copy of the data, and what flips."""

from __future__ import annotations

import datetime as dt

import bureau
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
from scoplan.i18n import describe_problem
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
def test_a_bad_row_is_a_data_error_naming_what_if_and_the_row(row, code, column):
    """A bad date, an unknown community or an id already there names ``what-if`` and the
    row, counted from 1 as an official counts rows: the second is row 2 (第2行)."""
    data = small()
    with pytest.raises(DataError) as raised:
        with_additions(data, organizations=[new_organization("N1", "C1"), row])
    (problem,) = raised.value.problems
    assert (problem.code, problem.column, problem.row, problem.index) == (code, column, 2, None)
    assert problem.source == "what-if: organizations"
    assert "what-if: organizations, row 2" in str(raised.value)
    assert describe_problem(problem, "zh").startswith("假设添加的“社区社会组织”，第2行，")
    # nothing was added to the original
    assert data.size()["organizations"] == 1


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("成立日期", "2023-13-01", "no_such_date"),
        ("所属社区", "341002001099", "unknown_ref"),
        ("登记状态", "乱填", "bad_code"),
        ("编号", "HS001", "id_exists"),
    ],
)
def test_a_bad_row_names_its_column_as_the_key_was_written(register, key, value, code):
    """A trial: a what-if row written with Chinese keys had its slip said of the English
    column (“founded”列, “unit_id”列) and no ``header`` in its params, where loading the
    same row says “成立日期”列. The column is named by the user's key, in both languages:
    the key as written is the header."""
    data, plan = register
    row = {**NEW_TEAM, key: value}
    for add in (
        lambda: with_additions(data, registry=builtin_registry(), 社区社会组织=[row]),
        lambda: what_if(data, plan, MID_2023, registry=builtin_registry(), 社区社会组织=[row]),
    ):
        with pytest.raises(DataError) as raised:
            add()
        (problem,) = raised.value.problems
        assert problem.code == code
        assert problem.params["header"] == key
        assert problem.message_zh.startswith(f"假设添加的“社区社会组织”，第1行，“{key}”列：")
        assert problem.message.startswith(f"what-if: 社区社会组织, row 1, column {key}: ")


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


# -- arguments of the wrong kind: a typed error, in both languages, never a raw one -------

NEW_TEAM = {
    "编号": "HS006",
    "所属社区": "341002001002",
    "名称": "上新志愿服务队",
    "类别": "志愿服务类",
    "成立日期": "2023-06-01",
    "登记状态": "备案",
}
"""A filed organization for 上新社区 of the bureau's register."""


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    """The bureau's register, read as it writes it, and its plan of 黄山市."""
    root = tmp_path_factory.mktemp("bureau")
    data = scoplan.load(bureau.write(root / "台账"))
    plan_file = root / "plan.toml"
    plan_file.write_text(bureau.AREA_PLAN, encoding="utf-8")
    return data, scoplan.load_plan(plan_file)


def test_rows_for_no_table_are_refused_not_skipped(register):
    """A trial: ``foo=[…]`` raised a DataError whose only problem was a warning saying
    "skipped". The rows asked to be added are refused: an error, which says so, naming the
    tables rows may be added to."""
    data, plan = register
    with pytest.raises(DataError) as caught:
        what_if(data, plan, END_2023, foo=[{"id": "X"}], organizations=[NEW_TEAM])
    [problem] = caught.value.problems
    assert (problem.code, problem.source, problem.table, problem.is_warning) == (
        "unknown_addition",
        "what-if",
        "foo",
        False,
    )
    assert caught.value.warnings == ()
    assert describe_problem(problem, "en") == (
        "what-if: 'foo' is not a table of the data: its rows are refused (rows may be added "
        "to districts, townships, communities, organizations, federations, establishments, "
        "brand_projects, events)"
    )
    assert describe_problem(problem, "zh") == (
        "假设添加的行：“foo”不是数据表，其中的行不予添加（可添加行的数据表：区县、乡镇街道、社区、"
        "社区社会组织、联合会、平台与制度、品牌项目、活动）"
    )


def test_the_same_rows_under_a_tables_name_are_added(register):
    """The control: the new team under ``organizations`` alone is taken (5 organizations,
    now 6), with no warning."""
    data, _ = register
    grown = with_additions(data, organizations=[NEW_TEAM])
    assert grown.size()["organizations"] == 6
    assert grown.warnings == ()


@pytest.mark.parametrize(
    ("given", "found", "found_zh"),
    [
        ("HS006", "str", "str"),
        (NEW_TEAM, "dict", "dict"),
        (None, "NoneType", "NoneType"),
    ],
)
def test_rows_that_are_no_list_are_an_error_naming_the_argument(register, given, found, found_zh):
    """A trial: ``organizations="x"`` was an AttributeError ('str' object has no attribute
    'items'). A text, one row not in a list, nothing: the argument is named, and what it
    must be."""
    data, plan = register
    with pytest.raises(DataError) as caught:
        what_if(data, plan, END_2023, organizations=given)
    [problem] = caught.value.problems
    assert (problem.code, problem.source) == ("additions_not_rows", "what-if")
    assert describe_problem(problem, "en") == (
        "what-if: organizations must be a list of rows, each a mapping (a dict of column to "
        f"value), not a value of type {found}"
    )
    assert describe_problem(problem, "zh") == (
        "假设添加的行：organizations 应为若干行组成的列表，每行是一个映射（列名到值的 dict），"
        f"不能是 {found_zh} 类型的值"
    )


def test_a_row_that_is_no_mapping_is_an_error_at_its_place(register):
    """The second and third rows of the list are a text and a number: each is named by its
    row, counted from 1 (rows 2 and 3), the first row being good."""
    data, _ = register
    with pytest.raises(DataError) as caught:
        with_additions(data, organizations=[NEW_TEAM, "HS007", 8])
    assert [(p.code, p.source, p.row) for p in caught.value.problems] == [
        ("addition_not_mapping", "what-if: organizations", 2),
        ("addition_not_mapping", "what-if: organizations", 3),
    ]
    assert describe_problem(caught.value.problems[1], "en") == (
        "what-if: organizations, row 3: each row of organizations must be a mapping "
        "(a dict of column to value), not a value of type int"
    )
    assert describe_problem(caught.value.problems[0], "zh") == (
        "假设添加的“社区社会组织”，第2行：organizations 的每一行应为一个映射"
        "（列名到值的 dict），不能是 str 类型的值"
    )


# -- codes: added rows read as loaded rows are ---------------------------------------------


class Hubs:
    """A province's plugin registering ``hub_organization``, spelt 枢纽型组织 in its data."""

    @scoplan.hookimpl
    def scoplan_register_codes(self, register):
        """Register the one code with its Chinese spelling."""
        register(
            scoplan.Code(
                "establishments",
                "kind",
                "hub_organization",
                scoplan.Text("枢纽型社会组织", "hub organizations"),
                ("枢纽型组织",),
            )
        )


def hub_registry():
    """The built-ins and :class:`Hubs`, without entry points."""
    return scoplan.load_registry(scoplan.get_plugin_manager(entry_points=False, extra=[Hubs()]))


HUB_PLAN = PLAN_HEAD + milestone_toml(
    "hubs", "establishment-count", END_2022, {"kind": "hub_organization", "threshold": 1}
)
"""At least one hub organization of D1's own by the end of 2022."""


def hub(kind: str) -> dict:
    """An establishment of D1 of type ``kind``, as a what-if row in Chinese, from 2022."""
    return {"编号": "H1", "类型": kind, "所属单位": "D1", "名称": "枢纽", "建立日期": "2022-03-01"}


@pytest.mark.parametrize("kind", ["枢纽型组织", "hub_organization"])
def test_a_plugins_spelling_of_its_code_added_is_that_code(kind):
    """A trial: 枢纽型组织, the plugin's spelling, was kept as written and counted for
    nothing, with no warning. Added, it is the code, as in a loaded file: no warning, and
    the one hub D1 lacked (0 of at least 1) meets the milestone."""
    registry = hub_registry()
    data = small()
    more = with_additions(data, registry=registry, 平台与制度=[hub(kind)])
    assert more.frame("establishments").get_column("kind").to_list() == ["hub_organization"]
    assert more.warnings == ()
    comparison = what_if(
        data, scoplan.parse_plan(HUB_PLAN), MID_2023, registry=registry, 平台与制度=[hub(kind)]
    )
    assert [(c.milestone, c.status_before, c.status_after) for c in comparison.flipped()] == [
        ("hubs", Status.NOT_MET, Status.MET)
    ]
    assert comparison.warnings == ()


def test_a_built_in_spelling_added_is_still_its_code():
    """培育发展服务中心 is service_centre with or without a plugin's codes in force."""
    row = {**hub("培育发展服务中心")}
    more = with_additions(small(), registry=hub_registry(), 平台与制度=[row])
    assert more.frame("establishments").get_column("kind").to_list() == ["service_centre"]
    assert more.warnings == ()


def test_an_added_code_no_vocabulary_knows_is_warned_of_as_when_loaded():
    """枢纽组织 is neither a built-in kind nor the plugin's: the same warning as for a row of
    a file (unknown_code_near, suggesting hub_organization by its spelling), in the new
    dataset and in the what-if's comparison; it counts for nothing, so nothing flips."""
    registry = hub_registry()
    more = with_additions(small(), registry=registry, 平台与制度=[hub("枢纽组织")])
    [warning] = more.warnings
    assert (warning.code, warning.table, warning.column, warning.value, warning.row) == (
        "unknown_code_near",
        "establishments",
        "kind",
        "枢纽组织",
        1,
    )
    assert warning.params["suggestion"] == "hub_organization"
    assert describe_problem(warning, "zh").startswith(
        "假设添加的“平台与制度”，第1行，“类型”列：“枢纽组织”不是已知的取值，共1行（第1行）"
    )
    plan = scoplan.parse_plan(HUB_PLAN)
    comparison = what_if(small(), plan, MID_2023, registry=registry, 平台与制度=[hub("枢纽组织")])
    assert comparison.flipped() == ()
    assert [w.code for w in comparison.warnings] == ["unknown_code_near"]


def test_a_warning_of_rows_added_under_a_tables_english_name_is_said_in_chinese():
    """A trial: a row added as ``establishments=[…]`` was warned of as
    ``what-if中的“establishments”，第0项``. The table is named in Chinese, the row counted
    from 1, in both languages; the second row, the one warned of, is row 2."""
    rows = [
        {"id": "H0", "unit_id": "D1", "kind": "service_centre", "established": "2022-03-01"},
        {"id": "H1", "unit_id": "D1", "kind": "枢纽组织", "established": "2022-03-01"},
    ]
    more = with_additions(small(), registry=hub_registry(), establishments=rows)
    [warning] = more.warnings
    zh = describe_problem(warning, "zh")
    assert zh.startswith("假设添加的“平台与制度”，第2行，“kind”列：“枢纽组织”不是已知的取值，")
    assert "共1行（第2行）" in zh
    assert "establishments" not in zh
    assert describe_problem(warning, "en").startswith(
        "what-if: establishments, row 2, column kind: '枢纽组织' is not a known code (1 row: 2)"
    )


def test_an_added_code_of_an_open_list_a_plugin_registers_is_known_by_default(monkeypatch):
    """``scoplan.with_additions`` without a registry reads the rows with the installed
    plugins' codes, as ``scoplan.load`` does."""
    import scoplan.api

    monkeypatch.setattr(scoplan.api, "registry_or_installed", lambda given: given or hub_registry())
    more = scoplan.with_additions(small(), 平台与制度=[hub("枢纽型组织")])
    assert more.frame("establishments").get_column("kind").to_list() == ["hub_organization"]


def test_strict_refuses_added_rows_a_warning_would_count_for_nothing():
    """With ``strict``, 枢纽组织 (no vocabulary's code) is an error naming the row, as
    ``load(strict=True)`` makes a delivery's warning: the rows are refused, the what-if does
    not run on a dataset where they count for nothing. Without it, as before, a warning."""
    registry = hub_registry()
    with pytest.raises(DataError) as raised:
        with_additions(small(), registry=registry, strict=True, 平台与制度=[hub("枢纽组织")])
    [problem] = raised.value.problems
    assert (problem.code, problem.value, problem.row, problem.is_warning) == (
        "unknown_code_near",
        "枢纽组织",
        1,
        False,
    )
    plan = scoplan.parse_plan(HUB_PLAN)
    with pytest.raises(DataError):
        what_if(
            small(), plan, MID_2023, registry=registry, strict=True, 平台与制度=[hub("枢纽组织")]
        )
    # a known spelling passes strictly; the warning stays a warning without strict
    more = with_additions(small(), registry=registry, strict=True, 平台与制度=[hub("枢纽型组织")])
    assert more.warnings == ()
    assert with_additions(small(), registry=registry, 平台与制度=[hub("枢纽组织")]).warnings


def test_strict_is_no_table_of_the_additions():
    """``strict`` is the option, not a table named so: the public API takes it too."""
    import inspect

    for function in (scoplan.what_if, scoplan.with_additions):
        assert inspect.signature(function).parameters["strict"].default is False
