"""``--district``: a run of the districts a user names alone, and ``check --plan`` on data
that holds part of the plan's area.

The register is tests/bureau.py's, as a bureau writes it (GB18030, CRLF, Chinese headers
and codes, official 2023 codes): 屯溪区 (341002) and 歙县 (341021) of 黄山市, whose other
five districts it lacks. Evaluated for the bundled Huangshan plan with ``--district
屯溪区``: 屯溪区's milestones are judged, the city's and 歙县's are not (``not_covered``),
and one warning says which districts the run evaluates.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import bureau
import openpyxl
import pytest
from builders import builtin_registry, shown_text
from click.testing import CliRunner

import scoplan
from scoplan import PlanError
from scoplan.cli import main
from scoplan.formats import RenderOptions
from scoplan.i18n import describe_problem
from scoplan.report import Status

AS_OF = dt.date(2023, 12, 31)
PLAN = "huangshan-2021-2023"

OTHERS_ZH = "黄山区、徽州区、歙县、休宁县、黟县、祁门县"
"""The plan's districts a run of 屯溪区 leaves out, in the order of their codes (341003,
341004, 341021, 341022, 341023, 341024): 歙县 the data holds, the rest it lacks."""
OTHERS_EN = "黄山区, 徽州区, 歙县, 休宁县, 黟县, 祁门县"

CHOSEN_ZH = (
    f"屯溪歙县台账：本次只评估屯溪区（计划所列7个区县中的1个），不含{OTHERS_ZH}："
    "全市及所含区县未评估的目标不作评判"
)
CHOSEN_EN = (
    "屯溪歙县台账: the run evaluates only 屯溪区 (1 of the plan's 7 districts), not "
    f"{OTHERS_EN}: no target of the whole city or of a district left out is judged"
)
PARTIAL_ZH = (
    "屯溪歙县台账：数据只含屯溪区、歙县（计划所列7个区县中的2个）；"
    "缺黄山区、徽州区、休宁县、黟县、祁门县：只评估数据中的区县，全市及缺区县的目标不作评判"
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bureau.write(tmp_path_factory.mktemp("district") / "屯溪歙县台账")


@pytest.fixture(scope="module")
def report(folder: Path) -> scoplan.Report:
    plan = scoplan.bundled_plan(PLAN)
    return scoplan.evaluate(scoplan.load(folder), plan, AS_OF, districts=["屯溪区"])


def results(report: scoplan.Report, milestone: str) -> list[scoplan.Result]:
    return [r for r in report.results if r.milestone == milestone]


def test_the_chosen_districts_milestones_are_judged(report):
    """屯溪区 2022: on 2022-12-31 HS001 (filed, founded 2022-04-25) and HS002 (registered,
    2021-03-01) count, HS003 (neither registered nor filed) does not: 2 organizations over
    its 2 urban communities (荷花池, 上新) = 1.0 against 15: not met, 2 × 15 − 2 = 28 short.
    Its service centre (PT02, 2020-11-03) is open by 2021-12-31: met, 1."""
    (urban,) = results(report, "urban-average-tunxi-2022")
    assert (urban.scope.id, urban.status) == ("341002", Status.NOT_MET)
    assert urban.value == pytest.approx(1.0)
    assert urban.required == 15
    assert urban.gap is not None
    assert urban.gap.amount == 28
    (centre,) = results(report, "service-centres-2021")  # 徽州区, 黟县: not in the data
    assert (centre.scope.id, centre.status, centre.value) == ("341002", Status.MET, 1)


def test_a_city_wide_milestone_is_not_covered_with_the_chosen_reason(report):
    """全市城市社区平均 (2023): no city figure from 屯溪区 alone; its own (HS001, HS002 over
    2 communities on 2023-12-31 = 1.0) is its part."""
    (city,) = results(report, "urban-average-city-2023")
    assert city.scope.level == "city"
    assert (city.status, city.value, city.gap) == (Status.NOT_COVERED, None, None)
    assert city.message_zh == (
        f"本次只评估其中的屯溪区，不含{OTHERS_ZH}：全市的数字不能由部分区县得出，不作评判"
    )
    assert city.message == (
        f"the run evaluates only 屯溪区 of it, not {OTHERS_EN}: a figure for the whole "
        "city cannot be told from some of its districts; not judged"
    )
    assert [(p.id, p.value) for p in city.parts] == [("341002", pytest.approx(1.0))]


def test_a_district_the_data_holds_but_the_run_leaves_out_is_not_judged(report):
    """歙县 is in the data, but not chosen: its service centre (2023, with 休宁县 and 祁门县)
    is one result not covered, and no result is 歙县's own."""
    (counties,) = results(report, "service-centres-2023")
    assert counties.status is Status.NOT_COVERED
    assert counties.message_zh == "本次只评估所选区县，不含歙县、休宁县、祁门县，不作评判"
    assert counties.message == (
        "the run evaluates the districts chosen, not 歙县, 休宁县, 祁门县: not judged"
    )
    assert not [r for r in report.results if r.scope.id == "341021"]


def test_one_warning_says_which_districts_the_run_evaluates(report):
    """The run's one warning of coverage is chosen_districts, not partial_data (the data's
    stale date and the tables it lacks are warned of as ever)."""
    coverage = [w for w in report.warnings if w.code in ("chosen_districts", "partial_data")]
    assert [w.code for w in coverage] == ["chosen_districts"]
    assert coverage[0].message_zh == CHOSEN_ZH
    assert coverage[0].message == CHOSEN_EN


def run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return done.exit_code, done.stdout, done.stderr


def test_a_name_a_short_name_and_a_code_give_the_same_report(folder):
    """屯溪区, 屯溪 (its short name) and 341002: the same JSON report, with the warning."""
    reports = []
    for name in ("屯溪区", "屯溪", "341002"):
        code, out, err = run(
            "evaluate", str(folder), "--as-of", "2023-12-31", "--format", "json",
            "--district", name,
        )  # fmt: skip
        assert code == 1, err  # 屯溪区 2022 is not met
        assert err.count(CHOSEN_ZH) == 1, err
        reports.append(out)
    assert reports[0] == reports[1] == reports[2]
    chosen = json.loads(reports[0])
    assert {r["scope"]["id"] for r in chosen["results"] if r["status"] != "not_covered"} == {
        "341002"
    }


def test_every_district_of_data_holding_part_of_the_area_is_a_choice(folder):
    """屯溪区 and 歙县, comma-separated or repeated, are the whole data, which lacks five of
    the plan's districts: a county's (here two districts') own register run for its own
    districts gets the report of its choice (as README promises: their results listed, the
    rest counted in one line), not the whole plan's 40 results with 29 not judged."""
    common = ["evaluate", str(folder), "--as-of", "2023-12-31", "--format", "json"]
    _, whole, _ = run(*common)
    _, listed, err = run(*common, "--district", "屯溪区,歙县")
    _, repeated, _ = run(*common, "--district", "341002", "--district", "歙")
    assert listed == repeated
    assert json.loads(whole)["districts"] == []
    chosen = json.loads(listed)["districts"]
    assert [d["id"] for d in chosen] == ["341002", "341021"]
    assert err.count("本次只评估屯溪区、歙县（计划所列7个区县中的2个）") == 1
    assert PARTIAL_ZH not in err
    text = run(*common[:-2], "--district", "屯溪区,歙县")[1]
    assert "未评判（见“未评判的目标”）" in text
    # not in the table: once, at the end, with why it is not judged
    assert text.count("黄山区建成社会组织培育发展服务中心（2022年）") == 1
    assert "黄山区建成社会组织培育发展服务中心（2022年）：本次只评估所选区县，不含黄山区" in text


def test_every_district_of_the_whole_area_is_no_choice(tmp_path):
    """The bundled example holds the plan's 7 districts: naming all 7 is the run of no
    --district, the same JSON report, no warning of a choice."""
    common = ["evaluate", "--as-of", "2023-12-31", "--format", "json"]
    _, whole, _ = run(*common)
    every = "屯溪区,黄山区,徽州区,歙县,休宁县,黟县,祁门县"
    _, named, err = run(*common, "--district", every)
    assert whole == named
    assert "本次只评估" not in err


def test_an_unknown_name_is_an_error_with_the_nearest_name(folder):
    """屯西区 is no district: exit 2, nothing evaluated, the nearest name and the data's."""
    common = ["evaluate", str(folder), "--as-of", "2023-12-31", "--district", "屯西区"]
    code, out, err = run(*common)
    assert (code, out) == (2, "")
    assert err == (
        "错误：--district：“屯西区”不是数据所含的计划范围内区县（是否应为“屯溪区”？）；"
        "数据所含：屯溪区（341002）、歙县（341021）\n"
    )
    code, _, err = run(*common, "--lang", "en")
    assert code == 2
    assert err == (
        "error: --district: '屯西区' is no district of the plan's area that the data holds "
        "(did you mean '屯溪区'?); it holds: 屯溪区 (341002), 歙县 (341021)\n"
    )


def test_a_district_of_the_city_the_data_lacks_is_said_to_be_lacking(folder):
    """黄山区 is a district of the plan's area: the data holds none of it."""
    plan = scoplan.bundled_plan(PLAN)
    with pytest.raises(PlanError) as raised:
        scoplan.evaluate(scoplan.load(folder), plan, AS_OF, districts=["黄山区"])
    (problem,) = raised.value.problems
    assert (problem.code, problem.source, problem.value) == (
        "unknown_chosen_district",
        "evaluate",
        "黄山区",
    )
    assert str(raised.value) == (
        "evaluate: '黄山区' is no district of the plan's area that the data holds "
        "(the data lacks 黄山区); it holds: 屯溪区 (341002), 歙县 (341021)"
    )


def test_a_short_name_of_several_districts_is_an_error_listing_them(tmp_path):
    """屯溪 is the short name of 屯溪区 and of a zone 屯溪开发区: said, both listed; the
    full name names one."""
    tables = bureau.register()
    tables["区县"].append(["TXKF", "屯溪开发区", "开发区", "黄山市"])
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    plan = scoplan.bundled_plan(PLAN)
    with pytest.raises(PlanError) as raised:
        scoplan.evaluate(data, plan, AS_OF, districts=["屯溪"])
    (problem,) = raised.value.problems
    assert problem.code == "ambiguous_district"
    assert str(raised.value) == (
        "evaluate: '屯溪' names several districts: 屯溪区 (341002), 屯溪开发区 (TXKF); "
        "write the one meant in full, or its code"
    )
    chosen = scoplan.evaluate(data, plan, AS_OF, districts=["屯溪区"])
    assert {r.scope.id for r in chosen.results if r.status is not Status.NOT_COVERED} == {"341002"}


def test_the_keyword_takes_a_list_not_a_string(folder):
    """districts="屯溪区" would be its characters: a TypeError saying what to give; a
    tuple is as good as a list."""
    data = scoplan.load(folder)
    plan = scoplan.bundled_plan(PLAN)
    with pytest.raises(TypeError, match=r"districts must be a list of district names or ids"):
        scoplan.evaluate(data, plan, AS_OF, districts="屯溪区")  # type: ignore[arg-type]
    by_tuple = scoplan.evaluate(data, plan, AS_OF, districts=("341002",))
    assert by_tuple.warnings[0].code == "chosen_districts"


def test_check_with_a_plan_warns_of_partial_data_as_evaluate_does(folder):
    """check --plan on the register of 2 of the city's 7 districts: evaluate's warning,
    word for word, under the city; nothing to mend (exit 0)."""
    plan = scoplan.bundled_plan(PLAN)
    checkup = scoplan.check(folder, plan=plan)
    partial = [p for p, d in zip(checkup.problems, checkup.districts, strict=True)
               if p.code == "partial_data" and d is None]  # fmt: skip
    assert len(partial) == 1
    code, out, err = run("check", str(folder), "--plan", PLAN)
    assert code == 0, out + err
    assert (out + err).count(PARTIAL_ZH) == 1


def test_check_with_districts_warns_of_the_runs_choice(folder):
    """check --plan --district 屯溪: the warning of a run of 屯溪区; an unknown name exit 2;
    --district without --plan exit 2."""
    code, out, err = run("check", str(folder), "--plan", PLAN, "--district", "屯溪")
    assert code == 0, out + err
    assert (out + err).count(CHOSEN_ZH) == 1
    assert PARTIAL_ZH not in out + err
    code, _, err = run("check", str(folder), "--plan", PLAN, "--district", "屯西区")
    assert code == 2
    assert err.startswith("错误：--district：“屯西区”不是数据所含的计划范围内区县")
    code, _, err = run("check", str(folder), "--district", "屯溪")
    assert code == 2
    assert "--plan" in err


def test_the_city_given_as_a_district_is_told_to_leave_the_option_out():
    """``--district 黄山市`` (a county trial gave its city's name and was offered a district
    near it): no district of the data is the city; the message says a run without the
    option evaluates the whole city, in both languages."""
    data = scoplan.load(scoplan.example_path())
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    with pytest.raises(PlanError) as raised:
        scoplan.evaluate(data, plan, dt.date(2023, 12, 31), districts=["黄山市"])
    (problem,) = raised.value.problems
    assert problem.code == "unknown_chosen_district"
    assert "（这是市本身：不加 --district 即评估全市）" in describe_problem(problem, "zh")
    assert "leave --district out to evaluate the whole city" in describe_problem(problem, "en")


CHONGQING = {
    "500235": "云阳县",
    "500240": "石柱土家族自治县",
    "500242": "酉阳土家族苗族自治县",
    "500243": "彭水苗族土家族自治县",
}
"""Some of Chongqing's counties, by their official names: three autonomous, and 云阳县
(near 酉阳县 by its characters)."""


@pytest.mark.parametrize(
    ("written", "chosen"),
    [
        ("石柱", "500240"),
        ("石柱县", "500240"),
        ("酉阳县", "500242"),  # not 云阳县
        ("酉阳", "500242"),
        ("彭水", "500243"),
        ("彭水县", "500243"),
        ("石柱土家族自治县", "500240"),
        ("云阳", "500235"),
    ],
)
def test_an_autonomous_county_is_chosen_by_its_short_name(written, chosen):
    """--district 石柱 (or 石柱县, as clerks write it) is 石柱土家族自治县: its place, the
    ethnic words and 自治县 left off, names one district."""
    from scoplan.plan_districts import Coverage, choose_districts

    coverage = Coverage(tuple(CHONGQING), (), CHONGQING)
    assert choose_districts(coverage, [written], "--district").present == (chosen,)


def test_a_name_near_an_autonomous_countys_short_name_is_offered_it():
    """酉阳乡 is no district; the nearest name offered is 酉阳土家族苗族自治县's (酉阳县 is
    near it), not 云阳县."""
    from scoplan.plan_districts import Coverage, choose_districts

    coverage = Coverage(tuple(CHONGQING), (), CHONGQING)
    with pytest.raises(PlanError) as raised:
        choose_districts(coverage, ["酉阳乡"], "--district")
    (problem,) = raised.value.problems
    assert problem.params["hint_zh"] == "（是否应为“酉阳土家族苗族自治县”？）"


LEFT_OUT = "另有13项目标不涉及屯溪区或需其他区县数据，未评判（见“未评判的目标”）"
"""The plan's 40 results for this register (its milestones; those of each district one a
district) less the 11 of 屯溪区 alone — its urban mean (2022), service centre, township
federations, urban federations, observation points, rural pilots, trainings (2022, 2023),
academy, three-year plan and brand selection — and the 16 of the whole city or of 中心城区
that give 屯溪区's own figure (tests/test_unjudged_figures.py): 40 − 11 − 16 = 13 not
judged and not listed."""


HUMAN_FORMATS = ["text", "markdown", "html", "docx", "xlsx"]


def test_the_report_records_the_chosen_districts(report):
    """The JSON report names 屯溪区 as the run's choice and keeps every result."""
    data = report.to_dict()
    assert data["districts"] == [{"id": "341002", "name": "屯溪区", "name_en": ""}]
    assert len(data["results"]) == 40
    assert data["summary"]["not_covered"] == 29
    assert scoplan.Report.from_dict(data).districts == report.districts


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_a_report_for_people_lists_the_chosen_districts_results_alone(report, fmt):
    """屯溪区's own milestones are listed, and those of the whole city that give its own
    figure (全市城市社区平均 2023: 屯溪区1.0个/社区, not judged); the 13 not judged that give
    none (黄山区's centre, 歙县、休宁县、祁门县's…) counted in one line, which sends the
    reader to the end of the report, where each is named once with why (an official has
    no JSON report): not in the tables."""
    shown = shown_text(report, fmt)
    assert shown.count(LEFT_OUT) == 1
    assert "屯溪区城市社区平均社区社会组织数（2022年）" in shown
    assert "全市城市社区平均社区社会组织数（2023年）" in shown
    assert "屯溪区1.0个/社区" in shown
    for title, why in (
        (
            "黄山区建成社会组织培育发展服务中心（2022年）",
            "本次只评估所选区县，不含黄山区，不作评判",
        ),
        (
            "歙县、休宁县、祁门县建成社会组织培育发展服务中心（2023年）",
            "本次只评估所选区县，不含歙县、休宁县、祁门县，不作评判",
        ),
    ):
        assert shown.count(title) == 1, title
        if fmt == "xlsx":  # a sheet of its own, named as the line says: a row each
            assert listed_in_workbook(report)[title] == why
        else:
            assert f"{title}：{why}" in shown
    # the line's and the section's heading (a workbook's sheet, by that name: not a cell)
    assert shown.count("未评判的目标") == (1 if fmt == "xlsx" else 2)
    assert len(listed_in_workbook(report)) == 13


def listed_in_workbook(report: scoplan.Report) -> dict[str, str]:
    """The workbook's sheet of results not judged: each title and why, whose columns are
    headed in words; the milestone's id last, hidden as in every sheet."""
    renderer = builtin_registry().renderer("xlsx")
    assert renderer is not None
    book = openpyxl.load_workbook(io.BytesIO(renderer.render(report, RenderOptions(lang="zh"))))
    sheet = book["未评判的目标"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("目标任务", "范围", "完成时限", "说明", "目标任务代码（供程序使用）")
    assert sheet.column_dimensions["E"].hidden
    return {row[0]: row[3] for row in rows[1:]}


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_without_a_choice_every_result_is_listed(folder, fmt):
    """No --district: the city's milestones are listed (not covered: 5 districts are
    lacking), and no line of results left out."""
    plan = scoplan.bundled_plan(PLAN)
    whole = scoplan.evaluate(scoplan.load(folder), plan, AS_OF)
    assert whole.districts == ()
    shown = shown_text(whole, fmt)
    assert "全市城市社区平均社区社会组织数（2023年）" in shown
    assert "数据未覆盖" in shown
    assert "未评判的目标" not in shown
