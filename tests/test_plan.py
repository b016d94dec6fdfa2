"""Plans: the bundled Huangshan plan against TARGETS.md, and every kind of plan error."""

from __future__ import annotations

import datetime as dt
import re
from importlib.resources import files
from pathlib import Path

import attrs
import pytest
from builders import (
    PLAN_HEAD,
    builtin_registry,
    community,
    district,
    milestone_toml,
    organization,
    township,
)

import scoplan
from scoplan import PlanError
from scoplan.i18n import describe_problem
from scoplan.plan import Group, ScopeSpec
from scoplan.testing import build_dataset

TARGETS_MD = Path(__file__).resolve().parents[1] / "docs" / "TARGETS.md"
SHARED_TARGETS_MD = Path(__file__).resolve().parents[2] / "shared" / "plan" / "TARGETS.md"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_1d69c33543b735d3.txt"
"""The plan's document as published, beside the shared plan (absent from a mere checkout)."""
DOCUMENT = files("scoplan.plans").joinpath("huangshan-2021-2023.txt")
"""The same document as the package ships it, beside the plan that quotes it."""
QUANTIFIED_HEADING = "## Quantified targets"
CHECKABLE_HEADING = "## Checkable commitments without a number"
PLAN = scoplan.bundled_plan("huangshan-2021-2023")


def table_rows(section: str) -> list[list[str]]:
    """The body rows of the first Markdown table after the heading ``section``, as cells."""
    text = TARGETS_MD.read_text(encoding="utf-8")
    after = text.split(section, 1)[1]
    rows = []
    for line in after.splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
        elif rows:
            break
    return rows[2:]  # past the header and the --- line


DISTRICT_CODES = {row[0]: row[1] for row in table_rows("Size of the real city") if row[1].isdigit()}
QUANTIFIED = table_rows(QUANTIFIED_HEADING)
CHECKABLE = table_rows(CHECKABLE_HEADING)


def thresholds(reading: str) -> list[float]:
    """The numbers a reading states (``≥ 70% / 60% / 50%`` → 0.7, 0.6, 0.5); none: [1.0]."""
    found = [
        float(number) / 100 if percent else float(number)
        for number, percent in re.findall(r"(\d+(?:\.\d+)?)\s*(%?)", reading)
    ]
    return found or [1.0]  # "exists" is at least one


def scopes(scope: str) -> list[tuple[str, ...] | str]:
    """What a TARGETS.md scope names: "city", a group, "each" district, or district codes."""
    if scope == "city":
        return ["city"]
    if scope == "中心城区":
        return ["central"]
    if scope == "其他区县":
        return ["other"]
    if scope == "each district/county":
        return ["each"]
    if scope == "city level; each district/county":
        return ["city", "each"]
    if scope == "per district":
        # observation points: 屯溪区 on its own, then each of the other six
        tunxi = DISTRICT_CODES["屯溪区"]
        others = sorted(c for n, c in DISTRICT_CODES.items() if c not in (tunxi, "341000"))
        return [(tunxi,), tuple(others)]
    return [
        tuple(DISTRICT_CODES[name.strip()] for name in part.split(",")) for part in scope.split("/")
    ]


def covers(milestone, scope) -> bool:
    """Whether a milestone's scope is (or contains) what TARGETS.md names."""
    spec = milestone.scope
    if scope == "city":
        return not spec.districts and spec.group is None and not spec.each
    if scope == "each":
        return not spec.districts and spec.group is None and spec.each
    if isinstance(scope, str):
        return spec.group == scope
    # several districts named together must each meet the target on its own
    return set(scope) <= set(spec.districts) and (len(scope) == 1 or spec.each)


def refs(milestone) -> list[str]:
    """The clause references a milestone cites."""
    return [clause.ref for clause in milestone.clauses]


ROW_IDS = {
    "gongyi-city": "gongyi-held",
    "township-centres": "establishment-coverage",
    "work-plans": "establishment-coverage",
    "evaluation-systems": "establishment-coverage",
}
"""The ids of TARGETS.md rows that are not a target kind's: the milestone of that id measures
the row with the target kind named here (as the README's target kinds table says)."""


def measures_row(milestone, row_id: str) -> bool:
    """Whether a milestone measures the TARGETS.md rows of ``row_id``: its target kind is that
    id, or the milestone has that id and the target kind the row is measured with."""
    if row_id in ROW_IDS:
        return milestone.id == row_id and milestone.target == ROW_IDS[row_id]
    return milestone.target == row_id


def row_id(row: list[str]) -> str:
    """A test id for a TARGETS.md row: its target id, clause and (for quantified rows) year."""
    return "-".join([row[0], row[1], *row[5:6]])


def test_the_targets_tables_were_read():
    """docs/TARGETS.md yields 26 quantified rows, 11 checkable ones, and the seven district
    codes."""
    # urban 3 + rural 3 + brand organizations 1 + brand projects 1 + centres 3
    # + township fed. 3 + community fed. 1 + observation points 1 + rural pilots 1
    # + trainings 2 + academies 1 + gongyi city 1 + gongyi district 2 + gongyi township 3 = 26
    assert len(QUANTIFIED) == 26
    assert all(len(row) == 6 for row in QUANTIFIED)
    # development plans, priority fields, special groups, registration, charters,
    # disclosure, activity reporting, brand selection, township centres, work plans,
    # evaluation systems = 11
    assert [row[0] for row in CHECKABLE] == [
        "development-plans",
        "priority-fields",
        "special-groups",
        "registration",
        "charters",
        "disclosure",
        "activity-reporting",
        "brand-selection",
        "township-centres",
        "work-plans",
        "evaluation-systems",
    ]
    assert DISTRICT_CODES["屯溪区"] == "341002"
    assert len([c for c in DISTRICT_CODES.values() if c != "341000"]) == 7


def test_docs_targets_is_the_shared_plans_copy():
    """docs/TARGETS.md has both tables and, beside the shared plan, is byte for byte its copy."""
    text = TARGETS_MD.read_bytes()
    assert QUANTIFIED_HEADING.encode() in text
    assert CHECKABLE_HEADING.encode() in text
    if SHARED_TARGETS_MD.exists():
        assert text == SHARED_TARGETS_MD.read_bytes()


@pytest.mark.parametrize("row", QUANTIFIED, ids=row_id)
def test_bundled_plan_has_a_milestone_for_every_quantified_row(row):
    """Each quantified row has a milestone of its target, citing its clause, due in its year."""
    target, clause, _wording, reading, scope, due = row
    candidates = [
        m
        for m in PLAN.milestones
        if measures_row(m, target) and clause in refs(m) and m.due == dt.date(int(due), 12, 31)
    ]
    assert candidates, f"no milestone for {row}"
    wanted = thresholds(reading)
    named = scopes(scope)
    # one threshold for all the row's scopes, or one each ("70% / 60% / 50%")
    pairs = zip(
        named, wanted if len(wanted) == len(named) else wanted[:1] * len(named), strict=True
    )
    for each_scope, threshold in pairs:
        assert any(
            covers(m, each_scope) and m.params.get("threshold", 1.0) == threshold
            for m in candidates
        ), f"no milestone for {target} {clause} {due} over {each_scope} at {threshold}"


@pytest.mark.parametrize("row", CHECKABLE, ids=row_id)
def test_bundled_plan_has_a_milestone_for_every_checkable_row(row):
    """Each commitment without a number has a milestone of its target citing its clause."""
    target, clause, _wording, reading = row
    candidates = [m for m in PLAN.milestones if measures_row(m, target) and clause in refs(m)]
    assert candidates, f"no milestone for {row}"
    default_due = re.search(r"default due (\d{4})", reading)
    if default_due:
        # "(default due 2021)": due by the end of that year
        assert {m.due for m in candidates} == {dt.date(int(default_due[1]), 12, 31)}
    if "an indicator" in reading:
        # an indicator is reported, never judged: no threshold
        assert all("threshold" not in m.params for m in candidates)
    if "each district/county" in reading:
        assert any(covers(m, "each") for m in candidates)
    if "at city level" in reading:
        assert any(covers(m, "city") for m in candidates)


@pytest.mark.parametrize("milestone", PLAN.milestones, ids=lambda m: m.id)
def test_every_milestone_of_the_bundled_plan_has_a_row(milestone):
    """Each milestone of the plan matches a row of TARGETS.md by target id and clause."""
    assert any(
        measures_row(milestone, row[0]) and row[1] in refs(milestone)
        for row in QUANTIFIED + CHECKABLE
    ), f"{milestone.id} ({milestone.target}, {refs(milestone)}) is in no row of TARGETS.md"


# -- the wording of the plan file --------------------------------------------------------------


def seed_text() -> str:
    """The document's text, as the package ships it."""
    return DOCUMENT.read_text(encoding="utf-8")


def test_the_bundled_document_is_the_published_one():
    """The package's copy of the document is the shared seed's, byte for byte (compared
    where the seed is beside this checkout), and holds the notice and the plan's title."""
    bundled = DOCUMENT.read_bytes()
    assert "黄社管函〔2021〕52号" in bundled.decode("utf-8")
    assert "黄山市培育发展社区社会组织专项行动计划" in bundled.decode("utf-8")
    if not SEED.exists():
        pytest.skip(f"the shared seed to compare with is not beside this checkout: {SEED}")
    assert bundled == SEED.read_bytes()


SIC = "〔原文如此〕"
"""How a quotation marks a slip of the document it keeps (an official's ``sic``)."""


def quoted_from(text: str, seed: str) -> str | None:
    """None if ``text`` is quoted from ``seed``: its pieces between ``……`` (an elision) are
    each in it, in order, character for character, once the mark :data:`SIC` after a slip is
    taken out; otherwise the first piece that is not."""
    at = 0
    for piece in text.replace(SIC, "").split("……"):
        found = seed.find(piece, at)
        if found < 0:
            return piece
        at = found + len(piece)
    return None


def test_quoting_reads_elisions_and_finds_a_changed_character():
    """The check the two tests below make: an elided quote passes, a silent fix fails."""
    seed = "由所在乡乡镇人民政府、街道办事处实施管理;规模较小"
    assert quoted_from("由所在乡乡镇……实施管理", seed) is None
    assert quoted_from("由所在乡镇人民政府", seed) == "由所在乡镇人民政府"
    assert quoted_from("实施管理……由所在", seed) == "由所在"  # out of order
    assert quoted_from("由所在乡乡镇〔原文如此〕人民政府", seed) is None
    assert quoted_from("由所在乡〔原文如此〕乡镇人民政府", seed) is None
    assert quoted_from("由所在〔原文如此〕镇人民政府", seed) == "由所在镇人民政府"


@pytest.mark.parametrize("milestone", PLAN.milestones, ids=lambda m: m.id)
def test_every_clause_is_quoted_verbatim_from_the_document(milestone):
    """Each clause's text is the document's own, spaces and slips included (所在乡乡镇,
    社区社会组组), elisions marked ……; notes such as (屯溪区70%) belong in the reading."""
    seed = seed_text()
    for clause in milestone.clauses:
        assert quoted_from(clause.text, seed) is None, f"{clause.ref}: {clause.text}"


@pytest.mark.parametrize("milestone", PLAN.milestones, ids=lambda m: m.id)
def test_readings_quote_the_document_and_read_naturally(milestone):
    """What a reading puts in “…” is the document's wording; readings say 计算/理解, 表述不够
    明确 and 存续(未注销), not 读取, 语义不清 or 活跃; each has its English."""
    seed = seed_text()
    for quoted in re.findall(r"“([^”]*)”", milestone.reading):
        assert quoted_from(quoted, seed) is None, quoted
    for stilted in ("读取", "语义不清", "活跃"):
        assert stilted not in milestone.reading
    assert bool(milestone.reading) is bool(milestone.reading_en)


def test_the_two_slips_of_the_document_are_kept_and_marked():
    """The registration clause quotes 所在乡乡镇 and the brand selection 社区社会组组, as
    written, each marked 〔原文如此〕 so that an official handing the report up is not taken
    to have made the slip; no other clause carries the mark."""
    texts = {m.id: [c.text for c in m.clauses] for m in PLAN.milestones}
    assert any("由所在乡乡镇〔原文如此〕人民政府" in t for t in texts["registration-city"])
    brand = "社区社会组组〔原文如此〕品牌项目"
    assert any(brand in t for t in texts["brand-selection-city"])
    marked = {m.id for m in PLAN.milestones for c in m.clauses if SIC in c.text}
    assert marked == {
        m.id
        for m in PLAN.milestones
        if any("乡乡镇" in c.text or "组组" in c.text for c in m.clauses)
    }
    assert all(t.count(SIC) == 1 for ts in texts.values() for t in ts if SIC in t)


COUNTING_KINDS = (
    "urban-average",
    "rural-average",
    "brand-organizations",
    "charters",
    "priority-fields",
    "special-groups",
)
"""The target kinds that count organizations as 社区社会组织 (registered and filed, by default)."""


@pytest.mark.parametrize("plan_id", ["huangshan-2021-2023", "mca-2017-floor"])
def test_what_is_counted_is_in_the_plan_and_its_readings(plan_id):
    """Each milestone counting organizations sets ``registration`` (registered and filed) and
    says so in both readings; brand counts start on the plan's first day and say so."""
    plan = scoplan.bundled_plan(plan_id)
    counting = [m for m in plan.milestones if m.target in COUNTING_KINDS]
    assert counting
    for milestone in counting:
        assert milestone.params["registration"] == ["registered", "filed"], milestone.id
        assert "登记或备案" in milestone.reading, milestone.id
        assert re.search(r"registered( \(登记\))? or filed", milestone.reading_en), milestone.id
    for milestone in plan.milestones:
        if milestone.target in ("brand-organizations", "brand-projects"):
            assert milestone.params["since"] == plan.start.isoformat() == "2021-01-01"
            assert "2021年1月1日" in milestone.reading
            assert "2021-01-01" in milestone.reading_en
    (registration,) = [m for m in plan.milestones if m.target == "registration"] or [None]
    if registration is not None:
        # registration lists the unregistered: it looks at every organization
        assert "registration" not in registration.params
        assert "含未登记也未备案的" in registration.reading


def test_the_rural_pilots_need_a_batch_and_say_so():
    """一批 is several: each of the three districts needs at least 2 pilots, as the reading says."""
    (pilots,) = [m for m in PLAN.milestones if m.target == "rural-pilots"]
    assert pilots.params["threshold"] == 2
    assert "“一批”" in pilots.reading
    assert "at least 2" in pilots.reading_en


def test_town_level_readings_offer_leaving_out_units_without_communities():
    """镇级 (黄山区 2022, the city in 2023) is read as every township-level unit; the reading
    names the alternative, with_communities_only, not township_kinds."""
    for milestone_id in ("township-federation-coverage-2022", "township-federation-coverage-2023"):
        milestone = PLAN.milestone(milestone_id)
        assert "with_communities_only = true" in milestone.reading
        assert "with_communities_only = true" in milestone.reading_en
        assert "township_kinds" not in milestone.reading + milestone.reading_en
        assert "管理区" in milestone.reading


def test_the_mca_plan_is_an_aim_and_each_district_only_an_indicator():
    """力争 is an aim: the title says 发展目标, not 底线; per-district means are indicators."""
    plan = scoplan.bundled_plan("mca-2017-floor")
    assert plan.title.endswith("2020年发展目标")
    assert "floor" not in plan.title_en
    assert "底线" not in plan.title
    for milestone in plan.milestones:
        if milestone.scope.each:
            assert "threshold" not in milestone.params
            assert milestone.reading.startswith("指标")
        else:
            assert milestone.params["threshold"] in (10, 5)
            assert "力争" in milestone.reading


def test_the_bundled_plan_loads_from_its_file_and_by_id_alike():
    """``load_plan`` on the packaged file and ``bundled_plan`` give the same plan."""
    path = files("scoplan.plans") / "huangshan-2021-2023.toml"
    plan = scoplan.load_plan(path)
    assert plan == PLAN
    assert (plan.start, plan.end) == (dt.date(2021, 1, 1), dt.date(2023, 12, 31))
    assert plan.groups["other"].complement_of == "central"


def test_the_bundled_plan_round_trips_through_plain_data():
    """Unstructuring the bundled plan and structuring it back gives an equal plan."""
    from scoplan._convert import structure, unstructure

    plan = scoplan.bundled_plan("huangshan-2021-2023")
    assert structure(unstructure(plan), scoplan.Plan, "plan") == plan


# -- errors ------------------------------------------------------------------------------


def plan_error(text, data=None):
    """The PlanError that parsing ``text`` raises or, given data, that evaluating it raises."""
    if data is None:
        with pytest.raises(PlanError) as caught:
            scoplan.parse_plan(text, source="my-plan.toml")
    else:
        plan = scoplan.parse_plan(text, source="my-plan.toml")
        with pytest.raises(PlanError) as caught:
            scoplan.evaluate(data, plan, dt.date(2023, 12, 31), registry=builtin_registry())
    return caught.value


def data():
    """A dataset of two districts, D1 and D2."""
    return build_dataset(districts=[district("D1"), district("D2")])


def reasons(error):
    """The ``reason`` of every problem of an error (where cattrs problems say what and where)."""
    return [p.params.get("reason", "") for p in error.problems]


def test_an_unknown_target_kind_names_its_field():
    """A target kind no plugin registered is an error at ``$.milestones[0].target``."""
    error = plan_error(
        PLAN_HEAD + milestone_toml("m", "urban-avrage", dt.date(2023, 12, 31)), data()
    )
    (problem,) = error.problems
    assert (problem.code, problem.column, problem.value) == (
        "unknown_target",
        "$.milestones[0].target",
        "urban-avrage",
    )
    assert "urban-average" in problem.params["expected"]
    assert problem.source == "my-plan.toml"


def test_an_unknown_parameter_names_the_params_table():
    """An unknown key in ``params`` is an error naming the key and ``$.milestones[0].params``."""
    text = PLAN_HEAD + milestone_toml(
        "m", "urban-average", dt.date(2023, 12, 31), {"threshold": 15, "treshold": 15}
    )
    error = plan_error(text, data())
    assert reasons(error) == [
        "unknown field(s) treshold (did you mean 'threshold'?) @ $.milestones[0].params"
    ]


def test_a_missing_parameter_names_its_path():
    """A missing required ``threshold`` is an error at ``$.milestones[0].params.threshold``
    (a coverage share needs one; an average without one is an indicator)."""
    error = plan_error(
        PLAN_HEAD + milestone_toml("m", "community-federation-coverage", dt.date(2023, 12, 31)),
        data(),
    )
    assert reasons(error) == ["required field missing @ $.milestones[0].params.threshold"]


def test_a_wrong_type_names_its_path():
    """A threshold given as text is an error at ``$.milestones[0].params.threshold``."""
    text = PLAN_HEAD + milestone_toml(
        "m", "urban-average", dt.date(2023, 12, 31), {"threshold": "fifteen"}
    )
    (reason,) = reasons(plan_error(text, data()))
    assert reason.endswith("@ $.milestones[0].params.threshold")
    assert "expected a number" in reason


@pytest.mark.parametrize(
    ("target", "threshold", "says"),
    [
        ("community-federation-coverage", 70, "between 0 and 1"),  # 70%, written as 70
        ("gongyi-township-coverage", 1.5, "between 0 and 1"),
        ("urban-average", -1, "cannot be negative"),
    ],
)
def test_an_out_of_range_threshold_names_its_path(target, threshold, says):
    """A share above 1 or a negative threshold is an error at ``...params.threshold``."""
    text = PLAN_HEAD + milestone_toml("m", target, dt.date(2023, 12, 31), {"threshold": threshold})
    (reason,) = reasons(plan_error(text, data()))
    assert says in reason
    assert reason.endswith("@ $.milestones[0].params.threshold")


def test_a_bad_comparator_names_its_path():
    """``=>`` is not a comparator: an error at ``$.milestones[0].params.comparator``."""
    text = PLAN_HEAD + milestone_toml(
        "m", "urban-average", dt.date(2023, 12, 31), {"threshold": 15, "comparator": "=>"}
    )
    (reason,) = reasons(plan_error(text, data()))
    assert reason.endswith("@ $.milestones[0].params.comparator")


def test_a_due_date_outside_the_plan_names_its_field():
    """A milestone due after the plan's end is an error at ``$.milestones[0].due``."""
    error = plan_error(PLAN_HEAD + milestone_toml("m", "urban-average", dt.date(2024, 12, 31)))
    (problem,) = error.problems
    assert (problem.code, problem.column, problem.value) == (
        "due_outside",
        "$.milestones[0].due",
        "2024-12-31",
    )
    assert "2021-01-01" in problem.params["expected"]


def test_an_unknown_district_is_found_against_the_data():
    """A scope naming a district the data lacks parses, and ``evaluate`` rejects it."""
    text = PLAN_HEAD + milestone_toml(
        "m", "urban-average", dt.date(2023, 12, 31), {"threshold": 15}, {"districts": ["D1", "D9"]}
    )
    scoplan.parse_plan(text)  # fine on its own: the plan does not know the data
    (problem,) = plan_error(text, data()).problems
    assert (problem.code, problem.column, problem.value) == (
        "unknown_district",
        "$.milestones[0].scope.districts",
        "D9",
    )


def test_an_unknown_group_names_its_field():
    """A scope naming an undefined group is an error at ``$.milestones[0].scope.group``."""
    text = PLAN_HEAD + milestone_toml(
        "m", "urban-average", dt.date(2023, 12, 31), {"threshold": 15}, {"group": "central"}
    )
    (problem,) = plan_error(text).problems
    assert (problem.code, problem.column, problem.value) == (
        "unknown_group",
        "$.milestones[0].scope.group",
        "central",
    )


def test_a_complement_of_an_unknown_group_names_its_field():
    """``complement_of`` naming an undefined group is an error at that key."""
    text = (
        PLAN_HEAD
        + '\n[groups.other]\nname = "其他"\ncomplement_of = "centre"\n'
        + milestone_toml("m", "urban-average", dt.date(2023, 12, 31), {"threshold": 15})
    )
    (problem,) = plan_error(text).problems
    assert (problem.code, problem.column) == ("unknown_group", "$.groups.other.complement_of")


def test_a_duplicate_milestone_id_names_the_second():
    """Two milestones with one id: an error at the second, ``$.milestones[1]``."""
    text = (
        PLAN_HEAD
        + milestone_toml("m", "urban-average", dt.date(2022, 12, 31), {"threshold": 15})
        + milestone_toml("m", "rural-average", dt.date(2023, 12, 31), {"threshold": 5})
    )
    (problem,) = plan_error(text).problems
    assert (problem.code, problem.column, problem.value) == (
        "duplicate_milestone",
        "$.milestones[1]",
        "m",
    )


def test_every_problem_is_reported_at_once():
    """A plan with a duplicate id and a due date out of range reports both."""
    text = (
        PLAN_HEAD
        + milestone_toml("m", "urban-average", dt.date(2022, 12, 31))
        + milestone_toml("m", "urban-average", dt.date(2020, 12, 31))
    )
    codes = sorted((p.code, p.column) for p in plan_error(text).problems)
    assert codes == [
        ("due_outside", "$.milestones[1].due"),
        ("duplicate_milestone", "$.milestones[1]"),
    ]


def test_invalid_toml_is_a_plan_error():
    """Text that is not TOML is a PlanError (bad_toml) naming the source, not a TOMLDecodeError."""
    (problem,) = plan_error(PLAN_HEAD + "[[milestones]\n").problems
    assert (problem.code, problem.source) == ("bad_toml", "my-plan.toml")
    assert problem.params["reason"]


@pytest.mark.parametrize(
    ("extra", "path"),
    [
        ('due = "soon"', "$.milestones[0].due"),
        ("id = []", "$.milestones[0].id"),
    ],
)
def test_bad_milestone_fields_name_their_path(extra, path):
    """A malformed milestone field is a plan_field problem ending in its path."""
    text = PLAN_HEAD + '\n[[milestones]]\ntarget = "urban-average"\n' + extra + "\n"
    if "due" not in extra:
        text += "due = 2023-12-31\n"
    else:
        text += 'id = "m"\n'
    assert any(reason.endswith(f"@ {path}") for reason in reasons(plan_error(text)))


def test_an_unknown_top_level_key_is_an_error():
    """A misspelt top-level key is reported, not ignored."""
    text = PLAN_HEAD + 'titel = "x"\n' + milestone_toml("m", "urban-average", dt.date(2023, 12, 31))
    (reason,) = reasons(plan_error(text))
    assert reason == "unknown field(s) titel (did you mean 'title'?) @ $"


def test_a_missing_plan_file_is_a_plan_error(tmp_path):
    """``load_plan`` on a missing file raises PlanError (not_found), naming the file."""
    with pytest.raises(PlanError) as caught:
        scoplan.load_plan(tmp_path / "nowhere.toml")
    (problem,) = caught.value.problems
    assert problem.code == "not_found"
    assert "nowhere.toml" in problem.source


def test_a_plan_file_is_named_in_its_problems(tmp_path):
    """Problems of a plan read from a file carry the file's name as their source."""
    path = tmp_path / "district.toml"
    path.write_text(PLAN_HEAD + milestone_toml("m", "urban-average", dt.date(2030, 1, 1)), "utf-8")
    with pytest.raises(PlanError) as caught:
        scoplan.load_plan(path)
    (problem,) = caught.value.problems
    assert (problem.source, problem.code) == ("district.toml", "due_outside")


def test_plan_errors_are_scoplan_errors():
    """PlanError is a ScoplanError, so one ``except`` catches everything scoplan raises."""
    assert issubclass(PlanError, scoplan.ScoplanError)
    assert "2024-12-31" in str(
        plan_error(PLAN_HEAD + milestone_toml("m", "urban-average", dt.date(2024, 12, 31)))
    )


def test_a_plan_with_several_mistakes_gets_every_one_in_one_run(tmp_path):
    """A repeated milestone id, an unknown target kind, a threshold that is text and a
    parameter the kind does not take: all four named in one PlanError, before any data is
    read."""
    from builders import builtin_registry

    import scoplan

    plan = tmp_path / "p.toml"
    plan.write_text(
        'id = "t"\ntitle = "测试"\nversion = "1"\nstart = 2021-01-01\nend = 2023-12-31\n'
        '[[milestones]]\nid = "a"\ntarget = "no-such-target"\ndue = 2023-12-31\n'
        '[[milestones]]\nid = "b"\ntarget = "urban-average"\ndue = 2023-12-01\n'
        'params = { threshold = "x" }\n'
        '[[milestones]]\nid = "a"\ntarget = "rural-average"\ndue = 2023-12-31\n'
        "params = { threshold = 5, colour = 1 }\n",
        encoding="utf-8",
    )
    with pytest.raises(scoplan.PlanError) as raised:
        scoplan.load_plan(plan, registry=builtin_registry())
    found = [(p.code, p.column) for p in raised.value.problems]
    assert ("duplicate_milestone", "$.milestones[2]") in found
    assert ("unknown_target", "$.milestones[0].target") in found
    assert [c for c, _ in found].count("plan_field") == 2  # the threshold, the colour
    assert len(found) == 4


SEVERAL_MISTAKES = (
    PLAN_HEAD
    + '\n[[milestones]]\nid = "avg"\ntitle = "城市社区平均数"\ntitle_en = "Urban mean"\n'
    + 'target = "urban-average"\ndue = 2023-12-31\nparams = { treshold = 15 }\n'
    + '\n[[milestones]]\nid = "centres"\ntarget = "establishment-coverage"\ndue = 2023-12-31\n'
    + 'params = { kind = "service_center", level = "township" }\n'
    + '\n[[milestones]]\nid = "trainings"\ntarget = "trainning"\ndue = 2023-12-31\n'
    + '\n[[milestones]]\nid = "small"\ntarget = "organization-share"\ndue = 2023-12-31\n'
    + 'params = { column = "sise", value = "small" }\n'
    + '\n[[milestones]]\ntitle = "没有编号"\ntarget = "urban-average"\ndue = 2023-12-31\n'
    + "params = { threshold = 15 }\n"
)
"""Five mistakes in five milestones: a misspelt parameter, establishment kind, target kind
and column, and a milestone with no id (which keeps the plan from structuring at all)."""


def test_a_plan_with_several_mistakes_names_each_milestone_in_one_run():
    """Every mistake in one run, each told of the milestone by its id and title (by its
    number when it has no id), with the nearest valid key or code, in Chinese and English
    (issue 15): not ``$.milestones[1].params``."""
    with pytest.raises(PlanError) as caught:
        scoplan.parse_plan(SEVERAL_MISTAKES, "plan.toml", registry=builtin_registry())
    problems = caught.value.problems
    zh = sorted(describe_problem(p, "zh") for p in problems)
    en = sorted(describe_problem(p, "en") for p in problems)
    assert len(zh) == 5
    assert zh[0] == "plan.toml，第5个里程碑（没有编号）的“id”项：缺少必填字段"
    assert zh[1] == (
        "plan.toml，里程碑“avg”（城市社区平均数）的“params”项："
        "未知的字段 treshold（是否应为“threshold”？）"
    )
    assert zh[2].startswith(
        "plan.toml，里程碑“centres”的“params.kind”项：kind 的“service_center”"
        "不是已知的平台或制度的类型（是否应为“培育发展服务中心”（service_centre）？）"
    )
    assert zh[3].startswith(
        "plan.toml，里程碑“small”的“params.column”项：column 须为社区社会组织表的列"
    )
    assert zh[3].endswith("不能是“sise”（是否应为“规模”（size）？）")
    assert zh[4].startswith(
        "plan.toml，里程碑“trainings”的“target”项：未知的目标类型“trainning”"
        "（是否应为“trainings”？）"
    )
    assert en[0] == "plan.toml, milestone 'avg' (Urban mean), params: unknown field(s) " + (
        "treshold (did you mean 'threshold'?)"
    )
    assert en[4] == "plan.toml, milestone 5 (没有编号), id: required field missing"
    assert "(did you mean 'service_centre'?)" in en[1]
    assert "(did you mean 'size'?)" in en[2]
    assert "(did you mean 'trainings'?)" in en[3]
    for line in zh + en:
        assert "$.milestones" not in line
    # a program still has each path
    assert {p.column or p.params["reason"].rpartition(" @ ")[2] for p in problems} == {
        "$.milestones[4].id",
        "$.milestones[0].params",
        "$.milestones[1].params.kind",
        "$.milestones[2].target",
        "$.milestones[3].params.column",
    }


def test_a_misspelt_code_is_an_error_not_a_count_of_nothing():
    """``service_center`` is no establishment kind but a letter from ``service_centre``: a
    plan error, where it used to count nothing and report every township short; a code of
    a province's own, near none of scoplan's, is still taken."""
    plan = PLAN_HEAD + milestone_toml(
        "m", "establishment-coverage", dt.date(2023, 12, 31), {"kind": "service_center"}
    )
    with pytest.raises(PlanError) as caught:
        scoplan.parse_plan(plan, registry=builtin_registry())
    (problem,) = caught.value.problems
    assert problem.params["milestone"] == "m"
    own = PLAN_HEAD + milestone_toml(
        "m", "establishment-coverage", dt.date(2023, 12, 31), {"kind": "elder_canteen"}
    )
    assert scoplan.parse_plan(own, registry=builtin_registry()).milestones[0].id == "m"


HALF_WIDTH_BESIDE_CHINESE = re.compile(r"[\u4e00-\u9fff][,;:()]|[,;:()][\u4e00-\u9fff]")


@pytest.mark.parametrize("plan_id", ["huangshan-2021-2023", "mca-2017-floor"])
def test_the_plans_own_chinese_has_full_width_punctuation(plan_id):
    """The plan's title, its groups' and milestones' titles and readings are written with
    full-width punctuation (as the reports show them, and as the plan file is read); what a
    reading quotes in “…” keeps the document's own marks, and so do the clauses."""
    plan = scoplan.bundled_plan(plan_id)
    texts = [plan.title] + [group.reading for group in plan.groups.values()]
    texts += [text for m in plan.milestones for text in (m.title, m.reading) if text]
    assert len(texts) > len(plan.milestones) // 2  # most milestones have a reading at least
    for text in texts:
        own = re.sub(r"“[^”]*”", "“”", text)
        assert not HALF_WIDTH_BESIDE_CHINESE.search(own), text
        assert not re.search(r"[\u4e00-\u9fff（][^（）]*,[^（）]*）", own), text


def test_a_misspelt_key_and_a_bad_value_of_one_milestone_are_both_said():
    """``treshold`` (for threshold) and ``kind = "服务中心"`` in one milestone: both are errors
    of one run, where the second was said only once the first was mended; threshold is not
    said to be missing as well, since the hint names it."""
    params = {"kind": "服务中心", "level": "within", "treshold": 1}
    text = PLAN_HEAD + milestone_toml("m1", "establishment-count", dt.date(2022, 12, 31), params)
    with pytest.raises(PlanError) as raised:
        scoplan.parse_plan(text, registry=builtin_registry())
    said = [describe_problem(p, "zh") for p in raised.value.problems]
    assert len(said) == 2, said
    assert "未知的字段 treshold（是否应为“threshold”？）" in said[0]
    assert "“params.kind”项" in said[1]
    assert "“服务中心”不是已知的平台或制度的类型（是否应为“培育发展服务中心”" in said[1]


def test_a_field_of_the_plan_outside_its_milestones_is_named_in_words():
    """``citi`` in [area]: the place is “area”项 (area), as a milestone's field is named, not
    a path (``@ $.area``) at the end of the message."""
    text = PLAN_HEAD + '\n[area]\nname = "黄山市"\nciti = "黄山市"\n'
    text += milestone_toml("m1", "urban-average", dt.date(2022, 12, 31), {"threshold": 1})
    with pytest.raises(PlanError) as raised:
        scoplan.parse_plan(text, registry=builtin_registry())
    [problem] = raised.value.problems
    assert describe_problem(problem, "zh") == "plan，“area”项：未知的字段 citi（是否应为“city”？）"
    assert describe_problem(problem, "en") == (
        "plan, area: unknown field(s) citi (did you mean 'city'?)"
    )
    assert problem.params["reason"].endswith("@ $.area")  # the path, kept for a program


def test_a_plan_made_in_code_has_every_mistake_said_by_evaluate():
    """A plan built in Python, not read from a file, is checked as a file's would be: a
    group it does not define (a KeyError from deep in the engine before), a due date outside
    its years, a repeated id and a district the data lacks, in one PlanError, in the order
    of its milestones (issue 13)."""
    text = PLAN_HEAD + milestone_toml("a", "urban-average", dt.date(2023, 12, 31), {"threshold": 1})
    plan = scoplan.parse_plan(text)
    first = plan.milestones[0]
    made = attrs.evolve(
        plan,
        milestones=(
            attrs.evolve(first, due=dt.date(2024, 12, 31), scope=ScopeSpec(group="centre")),
            attrs.evolve(first, scope=ScopeSpec(districts=("D9",))),
        ),
    )
    data = build_dataset(districts=[district("D1")])
    with pytest.raises(PlanError) as caught:
        scoplan.evaluate(data, made, dt.date(2023, 1, 1), registry=builtin_registry())
    assert [describe_problem(p, "en") for p in caught.value.problems] == [
        "plan, milestone 'a', due: the due date 2024-12-31 is outside the plan's years "
        "2021-01-01 – 2023-12-31",
        "plan, milestone 'a', scope.group: no district group 'centre' is defined",
        "plan, milestone 'a': the milestone id 'a' is used twice",
        "plan, milestone 'a', scope.districts: the district 'D9' is not in the data",
    ]


@pytest.mark.parametrize(
    ("target", "params"),
    [
        ("establishment-count", {"kind": "service_centre", "level": "township", "threshold": 0.6}),
        ("service-centres", {"threshold": 0.5}),
        ("trainings", {"threshold": 1.5}),
        ("brand-organizations", {"threshold": 2.5}),
    ],
)
def test_a_count_is_of_whole_things(target, params):
    """A count's threshold of 0.6 — a share written for a count (60% of townships with a
    centre, where establishment-coverage was meant) — was met by a single centre: a count
    compared with 0.6 needs one. It is refused, saying a count is whole and where a share
    goes."""
    text = PLAN_HEAD + milestone_toml("m", target, dt.date(2023, 12, 31), params)
    (problem,) = plan_error(text, data()).problems
    value = params["threshold"]
    assert describe_problem(problem, "en") == (
        f"my-plan.toml, milestone 'm', params.threshold: threshold counts whole things "
        f"(1, 2, 3…), not {value}: for a share of units, use a -coverage target kind"
    )
    assert describe_problem(problem, "zh") == (
        f"my-plan.toml，里程碑“m”的“params.threshold”项：threshold 是个数，须为整数"
        f"（1、2、3……），不能是 {value}；如要比例，请用 -coverage 类的目标类型"
    )


def test_a_count_of_a_whole_number_written_as_a_float_is_read():
    """``threshold = 1.0`` (as the bundled plan writes it) is a whole number."""
    text = PLAN_HEAD + milestone_toml("m", "trainings", dt.date(2023, 12, 31), {"threshold": 2.0})
    plan = scoplan.parse_plan(text)
    report = scoplan.evaluate(data(), plan, dt.date(2023, 12, 31), registry=builtin_registry())
    assert report.results[0].required == 2


def test_a_field_of_the_plan_is_named_as_a_field_not_a_column():
    """A plan has fields, not columns: ``“end”项`` / ``end``, as a milestone's field is
    named, not the path of a program (``“$.end”列`` / ``column $.end``); the path is kept
    in ``problem.column``."""
    text = PLAN_HEAD.replace("end = 2023-12-31", "end = 2020-12-31") + (
        '[groups.c]\nname = "中心"\ncomplement_of = "nope"\n'
    )
    text += milestone_toml("m", "urban-average", dt.date(2020, 12, 31), {"threshold": 1})
    error = plan_error(text)
    by_path = {p.column: p for p in error.problems}
    assert {"$.end", "$.groups.c.complement_of"} <= set(by_path)
    assert describe_problem(by_path["$.end"], "zh").startswith("my-plan.toml，“end”项：")
    assert describe_problem(by_path["$.end"], "en").startswith("my-plan.toml, end: ")
    assert describe_problem(by_path["$.groups.c.complement_of"], "zh") == (
        "my-plan.toml，区县组“中心”（c）的“complement_of”项：未定义的区县组“nope”"
    )


@pytest.mark.parametrize(
    ("target", "chinese", "codes"),
    [
        (
            "urban-average",
            {"threshold": 1, "registration": ["登记", "备案"]},
            {"threshold": 1, "registration": ["registered", "filed"]},
        ),
        (
            "community-average",
            {"threshold": 1, "community_kind": "城市社区"},
            {"threshold": 1, "community_kind": "urban"},
        ),
        (
            "township-federation-coverage",
            {"threshold": 0.5, "township_kinds": ["街道", "镇"]},
            {"threshold": 0.5, "township_kinds": ["street", "town"]},
        ),
    ],
)
def test_a_code_of_the_data_may_be_written_as_the_data_writes_it(target, chinese, codes):
    """A param that names a code of DATA.md (a registration status, a community's or a
    township's kind) takes its Chinese spellings, as the data and the generic kinds' ``kind``
    do: ``registration = ["登记", "备案"]`` was refused with ``“登记”不是可用的取值（应为
    'registered', 'filed', 'none', 'unknown' 之一）``, which does not say which is 登记."""
    data = build_dataset(
        districts=[district("D1")],
        townships=[{"id": "T1", "district_id": "D1", "kind": "street"}],
        communities=[{"id": "C1", "township_id": "T1", "kind": "urban"}],
        organizations=[{"id": "O1", "community_id": "C1", "founded": "2021-01-01"}],
    )
    day = dt.date(2023, 12, 31)
    results = []
    for params in (chinese, codes):
        plan = scoplan.parse_plan(PLAN_HEAD + milestone_toml("m", target, day, params))
        report = scoplan.evaluate(data, plan, day, registry=builtin_registry())
        results.append([(r.status, r.value, r.title) for r in report.results])
    assert results[0] == results[1]


def test_a_code_not_allowed_is_listed_with_its_chinese_words():
    """A value that is no code, nor a Chinese spelling of one: the codes allowed are listed
    with the words the data uses for them, so that an official can choose."""
    params = {"threshold": 1, "registration": ["登记中"]}  # (已登记 is 登记's now)
    text = PLAN_HEAD + milestone_toml("m", "urban-average", dt.date(2023, 12, 31), params)
    (problem,) = plan_error(text, data()).problems
    assert describe_problem(problem, "zh").endswith(
        "“登记中”不是可用的取值（应为 registered（登记）、filed（备案）、none（未登记）、"
        "unknown（未填写） 之一）"
    )


def _field_messages(params, target="urban-average"):
    """The Chinese and English messages of a milestone ``m`` with ``params``."""
    text = PLAN_HEAD + milestone_toml("m", target, dt.date(2023, 12, 31), params)
    problems = plan_error(text, data()).problems
    return [describe_problem(p, "zh") for p in problems], [
        describe_problem(p, "en") for p in problems
    ]


def test_several_values_in_one_text_are_split_in_the_hint():
    """``registration = "已登记、已备案"``: the hint was ``["已登记、已备案"]``, itself refused;
    it is a list of each value. So for one item holding several (``["已登记、已备案"]``):
    said of the list, where each part alone is a value it takes."""
    zh, en = _field_messages({"threshold": 1, "registration": "已登记、已备案"})
    assert zh == [
        "my-plan.toml，里程碑“m”的“params.registration”项：应为列表，实际为文本"
        '（应写作 ["已登记", "已备案"]）'
    ]
    assert en == [
        "my-plan.toml, milestone 'm', params.registration: expected a list, got str "
        '(write ["已登记", "已备案"])'
    ]
    zh, _ = _field_messages({"threshold": 1, "registration": ["已登记; 已备案", "未登记"]})
    assert zh == [
        "my-plan.toml，里程碑“m”的“params.registration”项："
        "“已登记; 已备案”是几个取值写在了一项里：每项只写一个"
        '（应写作 ["已登记", "已备案", "未登记"]）'
    ]


def test_a_text_of_parts_no_value_keeps_its_own_mistake():
    """``["登记中/审核中"]``: neither part is a status, so the item is refused as it is."""
    zh, _ = _field_messages({"threshold": 1, "registration": ["登记中/审核中"]})
    assert zh == [
        "my-plan.toml，里程碑“m”的“params.registration[0]”项：“登记中/审核中”不是可用的取值"
        "（应为 registered（登记）、filed（备案）、none（未登记）、unknown（未填写） 之一）"
    ]


def test_codes_without_data_words_are_listed_with_chinese_words():
    """``window`` and ``held_by`` listed their codes bare in Chinese (``'year', 'to_date'``):
    each now has its word, which a plan may write too."""
    zh, _ = _field_messages({"window": "yearly", "held_by": "本单位"}, "trainings")
    assert zh == [
        "my-plan.toml，里程碑“m”的“params.window”项：“yearly”不是可用的取值"
        "（是否应为“year”？）（应为 year（按年）、to_date（累计） 之一）",
        "my-plan.toml，里程碑“m”的“params.held_by”项：“本单位”不是可用的取值"
        "（应为 scope（本级）、within（辖区内） 之一）",
    ]
    text = PLAN_HEAD + milestone_toml(
        "m", "trainings", dt.date(2023, 12, 31), {"window": "累计", "held_by": "辖区内"}
    )
    params = scoplan.parse_plan(text, registry=builtin_registry()).milestones[0].params
    assert (params["window"], params["held_by"]) == ("累计", "辖区内")  # kept as written
    plan = scoplan.parse_plan(
        text.replace("[[milestones]]", 'projection = "线性"\n\n[[milestones]]', 1)
    )
    assert plan.projection == "linear"


def test_a_chinese_name_near_a_kind_is_offered_and_the_kinds_listed_by_name():
    """``kind = "信息公开"``: it was told to be a code of lowercase letters, where its Chinese
    name 信息公开制度 is taken too; the nearest name is offered, and each kind listed with
    its name."""
    zh, en = _field_messages({"kind": "信息公开", "threshold": 0.5}, "establishment-coverage")
    (said,) = zh
    assert said.startswith(
        "my-plan.toml，里程碑“m”的“params.kind”项：kind 的“信息公开”不是已知的平台或制度的类型"
        "（是否应为“信息公开制度”（disclosure_system）？）：须写其中文名称（与数据中写法相同）或代码，"
        "如 activity_reporting_system（重大活动报告制度）、"
    )
    assert "service_centre（培育发展服务中心）" in said
    assert "小写字母" not in said
    assert en[0].startswith(
        "my-plan.toml, milestone 'm', params.kind: kind: '信息公开' is no establishment kind "
        "(did you mean '信息公开制度', disclosure_system?): write its Chinese name"
    )


def test_a_plan_file_that_is_not_there_is_said_in_chinese(tmp_path):
    """``--plan 没有的.toml``: “文件或文件夹不存在”, as for data, not the system's English
    (``无法读取：No such file or directory``)."""
    with pytest.raises(PlanError) as caught:
        scoplan.load_plan(tmp_path / "没有的.toml")
    (problem,) = caught.value.problems
    assert describe_problem(problem, "zh") == f"{tmp_path / '没有的.toml'}：文件或文件夹不存在"


def _evaluated_problems(text: str) -> list[str]:
    """The Chinese messages of evaluating ``text`` on districts D1 (区D1) and D2 of 测试市."""
    data = build_dataset(
        districts=[
            {"id": "D1", "name": "区D1", "city": "测试市"},
            {"id": "D2", "name": "区D2", "city": "测试市"},
        ]
    )
    return [describe_problem(p, "zh") for p in plan_error(text, data).problems]


def test_a_district_named_by_its_name_is_told_its_id():
    """``districts = ["区D1"]``: the name, where the plan takes the id; the message says
    the id, where it only said the district was not in the data."""
    text = PLAN_HEAD + milestone_toml(
        "m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1}, {"districts": ["区D1"]}
    )
    assert _evaluated_problems(text) == [
        "my-plan.toml，里程碑“m”的“scope.districts”项：区县“区D1”不在数据中"
        "（“区D1”的编号是“D1”，计划中须写编号）"
    ]


def test_a_group_with_district_kinds_has_its_listed_districts_checked():
    """``districts = ["D1", "区D2", "D9"]`` beside ``district_kinds = ["开发区"]``: a name
    where the id is wanted, and an id the data lacks, are refused as in a group without
    kinds; they were dropped, said nowhere, and the group evaluated without them."""
    text = PLAN_HEAD + (
        '[groups.g]\nname = "中心城区"\ndistricts = ["D1", "区D2", "D9"]\n'
        'district_kinds = ["开发区"]\n'
    )
    text += milestone_toml(
        "m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1}, {"group": "g"}
    )
    assert _evaluated_problems(text) == [
        "my-plan.toml，区县组“中心城区”（g）的“districts”项：区县“区D2”不在数据中"
        "（“区D2”的编号是“D2”，计划中须写编号）",
        "my-plan.toml，区县组“中心城区”（g）的“districts”项：区县“D9”不在数据中",
    ]


def test_a_group_named_by_its_name_is_told_its_key():
    """``group = "中心城区"``, the group's name, where the plan takes its key."""
    text = PLAN_HEAD + '[groups.central]\nname = "中心城区"\ndistricts = ["D1"]\n'
    text += milestone_toml(
        "m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1}, {"group": "中心城区"}
    )
    (problem,) = plan_error(text).problems
    assert describe_problem(problem, "zh") == (
        "my-plan.toml，里程碑“m”的“scope.group”项：未定义的区县组“中心城区”"
        "（“中心城区”是区县组“central”的名称，计划中须写“central”）"
    )
    assert describe_problem(problem, "en") == (
        "my-plan.toml, milestone 'm', scope.group: no district group '中心城区' is defined "
        "('中心城区' is the name of the group 'central': write 'central')"
    )


def test_an_area_that_finds_no_district_says_what_the_data_has():
    """``city = "别市"`` where the data's districts say 测试市: the message names the field,
    the cities the data has and what to write, where it named the area's name alone (its
    name 测试市 the very city the data has)."""
    text = PLAN_HEAD + '[area]\nname = "测试市"\ncity = "别市"\n'
    text += milestone_toml("m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1})
    assert _evaluated_problems(text) == [
        "my-plan.toml，“area.city”项：数据中没有所属的市是“别市”的区县"
        '（数据中区县所属的市：测试市；应写作 city = "测试市"）'
    ]


def test_a_code_prefix_that_finds_no_district_says_what_to_write():
    """``code_prefix = "D100"`` (a city's code of six digits, 340800, written for 3408's
    districts): the message names the field and the prefix the data's ids begin with."""
    text = PLAN_HEAD + '[area]\nname = "测试市"\ncode_prefix = "D100"\n'
    text += milestone_toml("m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1})
    assert _evaluated_problems(text) == [
        "my-plan.toml，“area.code_prefix”项：数据中没有编号以“D100”开头的区县"
        '（数据中区县编号的开头：D1、D2；应写作 code_prefix = "D1"）'
    ]
    (problem,) = plan_error(text, _two_districts()).problems
    assert describe_problem(problem, "en") == (
        "my-plan.toml, area.code_prefix: no district of the data has an id beginning 'D100' "
        '(the data\'s district ids begin: D1, D2; write code_prefix = "D1")'
    )


def _two_districts():
    return build_dataset(
        districts=[
            {"id": "D1", "name": "区D1", "city": "测试市"},
            {"id": "D2", "name": "区D2", "city": "测试市"},
        ],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1", "urban"), community("C2", "T2", "urban")],
    )


@pytest.mark.parametrize("city", ["测试", "测试市", " 测试市"])
def test_an_area_city_by_its_short_name_is_the_data_city(city):
    """``city = "测试"`` is the data's 测试市, as ``--district 宜秀`` is 宜秀区: both
    districts are in the area, and the milestone is judged (it was refused: no district of
    the data in the area, whose cities were said to be 测试市)."""
    text = PLAN_HEAD + f'[area]\nname = "测试市"\ncity = "{city}"\n'
    text += milestone_toml("m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1})
    plan = scoplan.parse_plan(text, source="my-plan.toml")
    report = scoplan.evaluate(_two_districts(), plan, dt.date(2023, 12, 31))
    (result,) = report.results
    assert result.evidence.denominator == 2  # 2 urban communities, one in each district


@pytest.mark.parametrize("prefix", ["340800", "340800000000", "3408"])
def test_an_area_code_prefix_may_be_the_citys_own_code(prefix):
    """``code_prefix = "340800"`` (安庆市's code, as its documents write it, and its code of
    twelve digits) means its districts' ids, 3408…: 340802 is in the area, 341002 (黄山市's)
    is not; the city's average is 340802's alone (1 organization a community, against 4 in
    341002's)."""
    data = build_dataset(
        districts=[
            {"id": "340802", "name": "迎江区", "city": "安庆市"},
            {"id": "341002", "name": "屯溪区", "city": "黄山市"},
        ],
        townships=[township("340802001", "340802"), township("341002001", "341002")],
        communities=[
            community("340802001001", "340802001", "urban"),
            community("341002001001", "341002001", "urban"),
        ],
        organizations=[
            organization("O1", "340802001001"),
            *(organization(f"O{n}", "341002001001") for n in range(2, 6)),
        ],
    )
    text = PLAN_HEAD + f'[area]\nname = "安庆市"\ncode_prefix = "{prefix}"\n'
    text += milestone_toml("m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1})
    plan = scoplan.parse_plan(text, source="my-plan.toml")
    report = scoplan.evaluate(data, plan, dt.date(2023, 12, 31))
    # with 341002 too it would be (1 + 4) / 2 communities = 2.5
    assert [(r.scope.id, r.value) for r in report.results] == [("city", 1.0)]


def test_a_groups_mistake_names_the_group_as_the_plan_names_it():
    """A group keyed ``main`` named 主城区 (``name_en`` Main urban area) lists 区D2, a name
    for an id: the message names the group by its name, its key beside it, in each
    language; the path keeps the key, for a program."""
    text = PLAN_HEAD + '[groups.main]\nname = "主城区"\nname_en = "Main urban area"\n'
    text += 'districts = ["区D2"]\n'
    text += milestone_toml("m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1})
    (problem,) = plan_error(text, _two_districts()).problems
    assert problem.column == "$.groups.main.districts"
    assert describe_problem(problem, "zh").startswith("my-plan.toml，区县组“主城区”（main）的")
    assert describe_problem(problem, "en").startswith(
        "my-plan.toml, group 'main' (Main urban area), districts:"
    )


def test_a_city_none_near_in_one_citys_data_is_not_suggested():
    """``city = "芜湖市"`` on data whose districts are all 测试市's: not a slip of the plan's
    ``city`` to mend by writing 测试市, but another city's data or plan; said so."""
    text = PLAN_HEAD + '[area]\nname = "芜湖市"\ncity = "芜湖市"\n'
    text += milestone_toml("m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1})
    (problem,) = plan_error(text, _two_districts()).problems
    assert describe_problem(problem, "zh") == (
        "my-plan.toml，“area.city”项：数据中没有所属的市是“芜湖市”的区县"
        "（数据中区县所属的市：测试市；数据是测试市的，不是计划所写的市的：数据或计划是否用错了？）"
    )


def test_a_plan_with_no_milestone_is_refused():
    """``milestones = []`` (a developer trial): a plan of nothing was judged to have nothing
    wrong, an empty report and exit 0. Refused, in the plan's words, as in code."""
    text = PLAN_HEAD + "milestones = []\n"
    with pytest.raises(PlanError) as raised:
        scoplan.parse_plan(text, source="my-plan.toml")
    (problem,) = raised.value.problems
    assert (problem.code, problem.column) == ("no_milestones", "$.milestones")
    assert describe_problem(problem, "zh") == (
        "my-plan.toml，“milestones”项：计划中没有任何里程碑：请至少写一个 [[milestones]]"
    )


def test_a_short_city_name_of_two_cities_picks_neither():
    """``city = "测试"`` where the data names 测试市 and 测试地区: it names neither alone."""
    data = build_dataset(
        districts=[
            {"id": "D1", "name": "区D1", "city": "测试市"},
            {"id": "D2", "name": "区D2", "city": "测试地区"},
        ]
    )
    text = PLAN_HEAD + '[area]\nname = "测试"\ncity = "测试"\n'
    text += milestone_toml("m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1})
    (problem,) = plan_error(text, data).problems
    found = (problem.code, problem.column, problem.value)
    assert found == ("empty_area_city", "$.area.city", "测试")


# -- a group's district kinds --------------------------------------------------------------


def test_a_district_kind_no_district_can_be_is_an_error():
    """``district_kinds = ["urbn", "城区", "zones"]``: no district's kind is any of these, so
    the group held none and its milestones were ``no_data``, said nowhere; now each is a
    mistake of the group that lists the kinds, with the nearest code or word (城区 is near
    区, a district's word)."""
    text = PLAN_HEAD + '[groups.g]\nname = "组"\ndistrict_kinds = ["urbn", "城区", "zones"]\n'
    text += milestone_toml(
        "m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1}, {"group": "g"}
    )
    problems = plan_error(text).problems
    assert [(p.code, p.column, p.value) for p in problems] == [
        ("unknown_district_kind", "$.groups.g.district_kinds", "urbn"),
        ("unknown_district_kind", "$.groups.g.district_kinds", "城区"),
        ("unknown_district_kind", "$.groups.g.district_kinds", "zones"),
    ]
    assert [describe_problem(p, "zh") for p in problems] == [
        "my-plan.toml，区县组“组”（g）的“district_kinds”项：“urbn”不是区县类型"
        "（区县类型只有 district（区）、county（县）、zone（开发区）），按它选不出任何区县",
        "my-plan.toml，区县组“组”（g）的“district_kinds”项：“城区”不是区县类型"
        "（是否应为“区”（district）？）"
        "（区县类型只有 district（区）、county（县）、zone（开发区）），按它选不出任何区县",
        "my-plan.toml，区县组“组”（g）的“district_kinds”项：“zones”不是区县类型"
        "（是否应为“zone”？）"
        "（区县类型只有 district（区）、county（县）、zone（开发区）），按它选不出任何区县",
    ]
    assert describe_problem(problems[1], "en") == (
        "my-plan.toml, group 'g' (组), district_kinds: '城区' is no kind of district "
        "(did you mean '区', that is 'district'?) "
        "(a district's kind is one of district, county, zone): it would pick no district"
    )


def test_a_plan_made_in_code_with_a_district_kind_no_district_can_be_is_refused():
    """A group built in Python is checked by ``evaluate`` as a file's is."""
    text = PLAN_HEAD + '[groups.g]\nname = "组"\ndistricts = ["D1"]\n'
    text += milestone_toml(
        "m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1}, {"group": "g"}
    )
    plan = scoplan.parse_plan(text)
    made = attrs.evolve(plan, groups={"g": Group("组", district_kinds=("urbn",))})
    (problem,) = plan_error_of(made, data()).problems
    assert (problem.code, problem.column, problem.value) == (
        "unknown_district_kind",
        "$.groups.g.district_kinds",
        "urbn",
    )


def plan_error_of(plan, data):
    """The PlanError that evaluating ``plan`` on ``data`` raises."""
    with pytest.raises(PlanError) as caught:
        scoplan.evaluate(data, plan, dt.date(2023, 12, 31), registry=builtin_registry())
    return caught.value


def test_a_district_kind_may_be_written_as_the_data_writes_it():
    """``district_kinds = ["开发区"]`` is the development zones, as ``["zone"]`` is: the
    data's word for the kind (it picked no district, and the milestone was ``no_data``)."""
    data = build_dataset(
        districts=[district("D1"), district("D2", kind="zone")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1"), community("C2", "T2"), community("C3", "T2")],
        organizations=[
            {"id": f"O{n}", "community_id": c, "founded": "2021-01-01"}
            for n, c in enumerate(["C1", "C2", "C2", "C2", "C3"])
        ],
    )
    results = []
    for kinds in ('["开发区"]', '["zone"]'):
        text = PLAN_HEAD + f'[groups.g]\nname = "开发区"\ndistrict_kinds = {kinds}\n'
        text += milestone_toml(
            "m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1}, {"group": "g"}
        )
        plan = scoplan.parse_plan(text)
        report = scoplan.evaluate(data, plan, dt.date(2023, 12, 31), registry=builtin_registry())
        (result,) = report.results
        results.append((result.status, result.value, plan.groups["g"].district_kinds))
    # D2's four organizations over its two urban communities
    assert results == [("met", 2.0, ("zone",)), ("met", 2.0, ("zone",))]


# -- a district of the data outside the plan's area ----------------------------------------


def _two_cities():
    """D1 of 测试市 and D2 of 别市, each with an urban community of two organizations."""
    return build_dataset(
        districts=[district("D1"), district("D2", city="别市")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1"), community("C2", "T2")],
        organizations=[
            {"id": f"O{n}", "community_id": c, "founded": "2021-01-01"}
            for n, c in enumerate(["C1", "C1", "C2", "C2"])
        ],
    )


def test_a_scope_district_of_another_city_is_a_mistake_naming_its_city():
    """A plan of 测试市 whose scope (and group) names D2, a district of the data that is
    别市's: the milestone measured nothing there (``no_data``), where the plan meant
    something; now each place that names it is a mistake saying whose district it is."""
    text = PLAN_HEAD + '[area]\nname = "测试市"\ncity = "测试市"\n'
    text += '[groups.g]\nname = "组"\ndistricts = ["D1", "D2"]\n'
    text += milestone_toml(
        "m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1}, {"districts": ["D2"]}
    )
    text += milestone_toml(
        "n", "urban-average", dt.date(2023, 12, 31), {"threshold": 1}, {"group": "g"}
    )
    problems = plan_error(text, _two_cities()).problems
    assert [(p.code, p.column, p.value) for p in problems] == [
        ("outside_plan_area", "$.groups.g.districts", "D2"),
        ("outside_plan_area", "$.milestones[0].scope.districts", "D2"),
    ]
    assert [describe_problem(p, "zh") for p in problems] == [
        "my-plan.toml，区县组“组”（g）的“districts”项：区县“区D2”（D2）属于别市，"
        "不在计划的范围“测试市”内：计划只评估其范围内的区县",
        "my-plan.toml，里程碑“m”的“scope.districts”项：区县“区D2”（D2）属于别市，"
        "不在计划的范围“测试市”内：计划只评估其范围内的区县",
    ]
    assert describe_problem(problems[1], "en") == (
        "my-plan.toml, milestone 'm', scope.districts: the district 区D2 (D2) belongs to 别市 "
        "and is outside the plan's area, 测试市: the plan judges the districts of its area only"
    )
    # D1, 测试市's own, is judged as before: two organizations in its one urban community
    inside = text.replace('districts = ["D1", "D2"]', 'districts = ["D1"]')
    inside = inside.replace('{ "districts" = ["D2"] }', '{ "districts" = ["D1"] }')
    plan = scoplan.parse_plan(inside, registry=builtin_registry(), data=_two_cities())
    report = scoplan.evaluate(
        _two_cities(), plan, dt.date(2023, 12, 31), registry=builtin_registry()
    )
    assert [(r.status, r.value) for r in report.results] == [("met", 2.0), ("met", 2.0)]


def test_a_district_without_a_city_is_named_by_its_official_city():
    """With no ``city`` in the data, the district's official code says whose it is: 341802
    is 宣城市's, outside an area of the code prefix 3410 (黄山市)."""
    data = build_dataset(
        districts=[
            district("341002", name="屯溪区", city=""),
            district("341802", name="宣州区", city=""),
        ]
    )
    text = PLAN_HEAD + '[area]\nname = "黄山市"\ncode_prefix = "3410"\n'
    text += milestone_toml(
        "m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1}, {"districts": ["341802"]}
    )
    (problem,) = plan_error(text, data).problems
    assert describe_problem(problem, "zh") == (
        "my-plan.toml，里程碑“m”的“scope.districts”项：区县“宣州区”（341802）属于宣城市，"
        "不在计划的范围“黄山市”内：计划只评估其范围内的区县"
    )


# -- the plan's own words ------------------------------------------------------------------

WORDS = (
    PLAN_HEAD
    + milestone_toml("m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1})
    + milestone_toml("c", "establishment-count", dt.date(2023, 12, 31), {"kind": "elder_canteen"})
    + '\n[terms.zh]\n"noun.organizations" = "个社区社会组织(含备案)"\n'
    + '"noun.organisations" = "个组织"\n"gap.mor" = "还差{amount}{noun}"\n'
    + '"establishment.elder_canteen" = "老年助餐点"\n"what.condition.size" = "规模较小"\n'
    + '\n[terms.en]\n"target.urban-averge" = "Urban mean"\n"milestone.urban-average" = "{where}"\n'
    + '\n[terms.cn]\n"gap.more" = "还差{amount}{noun}"\n'
)
"""A plan's words: three keys no word has, a language the reports are not written in, and
keys that are words (the catalogue's, a kind's title, the plan's own code, a column)."""


def test_a_key_of_the_plans_words_that_no_word_has_is_a_mistake():
    """``"noun.organisations" = …`` was kept and never used (the report said the catalogue's
    word, and nothing said why): each such key is a mistake with the nearest word's key, as
    is a language the reports are not written in; the keys that are words are not."""
    with pytest.raises(PlanError) as caught:
        scoplan.parse_plan(WORDS, "my-plan.toml", registry=builtin_registry())
    problems = caught.value.problems
    assert [(p.code, p.column, p.value) for p in problems] == [
        ("unknown_term", "$.terms.zh", "noun.organisations"),
        ("unknown_term", "$.terms.zh", "gap.mor"),
        ("unknown_term", "$.terms.en", "target.urban-averge"),
        ("unknown_terms_language", "$.terms.cn", "cn"),
    ]
    assert describe_problem(problems[0], "zh") == (
        "my-plan.toml，“terms.zh”项：词条“noun.organisations”不存在"
        "（是否应为“noun.organizations”？），这里写的词不会被用到"
    )
    assert describe_problem(problems[2], "en") == (
        "my-plan.toml, terms.en: there is no word 'target.urban-averge' "
        "(did you mean 'target.urban-average'?): what is written for it would never be used"
    )
    assert describe_problem(problems[3], "zh") == (
        "my-plan.toml，“terms.cn”项：“cn”不是报告的语言（是否应为“zh”？）（应为 zh、en 之一）"
        "：其中的词不会被使用"
    )
    assert describe_problem(problems[3], "en") == (
        "my-plan.toml, terms.cn: 'cn' is no language of the reports (did you mean 'zh'?) "
        "(expected one of zh, en): its words would never be used"
    )


def test_a_plan_made_in_code_with_a_key_no_word_has_is_refused():
    """A plan built in Python is checked by ``evaluate`` as a file's is."""
    plan = scoplan.parse_plan(
        PLAN_HEAD + milestone_toml("m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1})
    )
    made = attrs.evolve(plan, terms={"zh": {"gap.mor": "还差{amount}{noun}"}})
    (problem,) = plan_error_of(made, data()).problems
    assert (problem.code, problem.column, problem.value) == (
        "unknown_term",
        "$.terms.zh",
        "gap.mor",
    )
    assert problem.params["hint"] == " (did you mean 'gap.more'?)"


# -- comparators and levels as the document writes them -------------------------------------


@pytest.mark.parametrize(
    ("word", "code", "status"),
    [
        ("≥", ">=", "met"),
        ("不少于", ">=", "met"),
        ("＞＝", ">=", "met"),
        ("至少", ">=", "met"),
        ("达到", ">=", "met"),
        ("不低于", ">=", "met"),
        ("≤", "<=", "met"),
        ("不多于", "<=", "met"),
        ("不高于", "<=", "met"),
        ("至多", "<=", "met"),
        ("大于", ">", "not_met"),
        ("少于", "<", "not_met"),
        ("等于", "==", "met"),
        # 以上, 以下 and 以内 include the number (《民法典》第一千二百五十九条): 2 is 2以上,
        # 2以下 and 2以内; 超过 excludes it, as 不足 and 低于 do
        ("以上", ">=", "met"),
        ("及以上", ">=", "met"),
        ("以下", "<=", "met"),
        ("及以下", "<=", "met"),
        ("以内", "<=", "met"),
        ("超过", ">", "not_met"),
        ("不足", "<", "not_met"),
        ("低于", "<", "not_met"),
    ],
)
def test_a_comparator_may_be_written_as_the_document_writes_it(word, code, status):
    """``comparator = "不少于"`` (or ``≥``) is ``>=``: the plan's document says 不少于15个,
    and the word was refused, listing codes an official has to translate. Two organizations
    in the one urban community against a threshold of 2: met by ≥, ≤ and =, not by > or <."""
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
        organizations=[
            {"id": f"O{n}", "community_id": "C1", "founded": "2021-01-01"} for n in range(2)
        ],
    )
    params = {"threshold": 2, "comparator": word}
    text = PLAN_HEAD + milestone_toml("m", "urban-average", dt.date(2023, 12, 31), params)
    plan = scoplan.parse_plan(text, registry=builtin_registry())
    report = scoplan.evaluate(data, plan, dt.date(2023, 12, 31), registry=builtin_registry())
    assert [(r.comparator, r.value, r.status) for r in report.results] == [(code, 2.0, status)]


def _units_with_work_plans():
    """D1 and D2; townships T1, T3 of D1 and T2 of D2; communities C1, C3 of T1 and C2 of
    T2. Work plans: D1's own, T1's, C1's and C3's: a half of the districts, a third of the
    townships, two thirds of the communities."""
    return build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2"), township("T3", "D1")],
        communities=[community("C1", "T1"), community("C2", "T2"), community("C3", "T1")],
        establishments=[
            {"id": f"E{unit}", "kind": "work_plan", "unit_id": unit, "established": "2021-01-01"}
            for unit in ("D1", "T1", "C1", "C3")
        ],
    )


@pytest.mark.parametrize(
    ("word", "level", "share"),
    [
        ("区县", "district", 1 / 2),
        ("县区", "district", 1 / 2),
        ("县", "district", 1 / 2),
        ("乡镇（街道）", "township", 1 / 3),
        ("街道", "township", 1 / 3),
        # the document's own word (镇（街道）级社区社会组织联合会), and one kind of unit for
        # the level, as 县 is: each was refused, listing the levels
        ("镇（街道）", "township", 1 / 3),
        ("镇(街道)级", "township", 1 / 3),
        ("乡", "township", 1 / 3),
        ("镇", "township", 1 / 3),
        ("村（社区）", "community", 2 / 3),
    ],
)
def test_a_level_may_be_written_as_the_document_writes_it(word, level, share):
    """``level = "区县"`` is ``district`` (it was refused, listing ``district（区）``, the
    data's word for a district's kind, not the level's), ``乡镇街道`` is ``township``,
    ``村（社区）`` is ``community``: the share of each level's units with a work plan.
    (``乡镇街道``, ``社区`` and ``区`` were taken already, as the data's words for a
    federation's level and a district's kind.)"""
    params = {"kind": "work_plan", "level": word, "threshold": 0.1}
    text = PLAN_HEAD + milestone_toml("m", "establishment-coverage", dt.date(2023, 12, 31), params)
    plan = scoplan.parse_plan(text, registry=builtin_registry())
    data = _units_with_work_plans()
    report = scoplan.evaluate(data, plan, dt.date(2023, 12, 31), registry=builtin_registry())
    (result,) = report.results
    assert result.value == pytest.approx(share)
    coded = scoplan.parse_plan(text.replace(f'"{word}"', f'"{level}"'), registry=builtin_registry())
    again = scoplan.evaluate(data, coded, dt.date(2023, 12, 31), registry=builtin_registry())
    assert (result.title, result.value) == (again.results[0].title, again.results[0].value)


def test_a_level_of_the_city_is_refused_saying_where_the_city_is_said():
    """``level = "市"``: no level is the city's; the message says that a milestone without a
    scope is the whole city's, and lists the levels by their words."""
    params = {"kind": "work_plan", "level": "市"}
    text = PLAN_HEAD + milestone_toml("m", "establishment-coverage", dt.date(2023, 12, 31), params)
    with pytest.raises(PlanError) as caught:
        scoplan.parse_plan(text, "my-plan.toml", registry=builtin_registry())
    (problem,) = caught.value.problems
    assert describe_problem(problem, "zh") == (
        "my-plan.toml，里程碑“m”的“params.level”项：“市”不是可用的取值"
        "（没有市一级：不写 scope 的里程碑即对全市评估，level 指计入哪一级的单位）"
        "（应为 township（乡镇街道）、community（社区）、district（区县） 之一）"
    )
    assert describe_problem(problem, "en") == (
        "my-plan.toml, milestone 'm', params.level: '市' is not allowed (no level is the "
        "city's: a milestone with no scope is judged for the whole city, and level says which "
        "of its units are counted) (expected one of 'township', 'community', 'district')"
    )
