"""The ``scoplan`` command: output, exit codes and messages (scoplan.cli)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import bureau
import pytest
from click.testing import CliRunner, Result

import scoplan
from scoplan.cli import main

BUILTIN_TARGETS = {
    "urban-average",
    "rural-average",
    "service-centres",
    "township-federation-coverage",
    "community-federation-coverage",
    "gongyi-district-coverage",
    "gongyi-township-coverage",
}
PLAN_ID = "huangshan-2021-2023"
PLAN_FILE = Path(scoplan.__file__).parent / "plans" / f"{PLAN_ID}.toml"
BAD_ORGANIZATIONS = "id,community_id,name,founded\nO1,C1,甲会,2021-03-01\nO2,C2,乙会,2021-13-01\n"
"""Organizations whose row 3 has a month 13 in ``founded``."""


def run(*args: str) -> Result:
    """Invoke the command in-process, stdout and stderr kept apart."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def executable() -> str:
    """The ``scoplan`` script installed beside the running Python, or the one on PATH."""
    beside = Path(sys.executable).parent / "scoplan"
    if beside.exists():
        return str(beside)
    found = shutil.which("scoplan")
    assert found is not None, "the scoplan script is not installed"
    return found


def expected_scopes() -> list[tuple[str, str]]:
    """(milestone, scope id) of every result the bundled plan gives, read from its TOML file.

    A scope with ``each = true`` gives one result per district (its listed ones, or all seven
    of the example); a group is named by its key; a single district by its id; no scope is
    the whole city.
    """
    plan = tomllib.loads(PLAN_FILE.read_text(encoding="utf-8"))
    every = ["341002", "341003", "341004", "341021", "341022", "341023", "341024"]
    pairs: list[tuple[str, str]] = []
    for milestone in plan["milestones"]:
        scope = milestone.get("scope", {})
        if scope.get("each"):
            pairs += [(milestone["id"], d) for d in sorted(scope.get("districts", every))]
        elif "group" in scope:
            pairs.append((milestone["id"], scope["group"]))
        elif "districts" in scope:
            [district] = scope["districts"]
            pairs.append((milestone["id"], district))
        else:
            pairs.append((milestone["id"], "city"))
    return pairs


@pytest.fixture(scope="module")
def json_report() -> tuple[int, dict]:
    """The exit code and JSON report of the bundled example as of 2023-12-31."""
    result = CliRunner().invoke(
        main, ["evaluate", "--format", "json", "--as-of", "2023-12-31"], catch_exceptions=False
    )
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture
def bad_folder(write_tables, valid_tables: dict[str, str]) -> Path:
    """The small valid dataset with a bad date in row 3 of organizations.csv."""
    valid_tables["organizations.csv"] = BAD_ORGANIZATIONS
    return write_tables(valid_tables)


# -- evaluate --------------------------------------------------------------------------


def test_evaluate_json_has_schema_version_and_one_result_per_scope(
    json_report: tuple[int, dict],
) -> None:
    """The JSON report has schema_version 2 first and one result per milestone and scope."""
    _, report = json_report
    assert next(iter(report)) == "schema_version"
    assert report["schema_version"] == 3
    assert report["plan_id"] == PLAN_ID
    assert report["as_of"] == "2023-12-31"
    pairs = [(r["milestone"], r["scope"]["id"]) for r in report["results"]]
    assert pairs == expected_scopes()
    # 24 results of the seven kinds of issue 2, then 48 more: brand organizations 1, brand
    # projects 1, observation points 1 + 6, rural pilots 3, trainings 1 + 7, academies 7,
    # development plans 7, the five city-wide indicators and registration 6, selections 1 + 7;
    # then issue 14's: trainings in 2023 7, and the city's gongyi-city, township-centres,
    # work-plans and evaluation-systems 4
    assert len(pairs) == 24 + 1 + 1 + 7 + 3 + 8 + 7 + 7 + 6 + 8 + 7 + 4 == 83


def test_evaluate_summary_counts_the_results(json_report: tuple[int, dict]) -> None:
    """The summary's counts add up to the number of results, status by status."""
    _, report = json_report
    statuses = [r["status"] for r in report["results"]]
    assert sum(report["summary"].values()) == len(statuses)
    for status, count in report["summary"].items():
        assert statuses.count(status) == count


def test_evaluate_exits_1_when_a_milestone_is_not_met(json_report: tuple[int, dict]) -> None:
    """As of 2023-12-31 the city's urban mean (1207/93 = 12.98 < 15) is not met, so the exit
    code is 1; 屯溪区's (582/35 = 16.63 at the end of 2022) is met; 徽州区's community
    federations (6 of 11 urban communities at the end of 2021, short of 60%; 7 of 11 now) are
    met late."""
    code, report = json_report
    status = {(r["milestone"], r["scope"]["id"]): r["status"] for r in report["results"]}
    assert status["urban-average-city-2023", "city"] == "not_met"
    assert status["urban-average-tunxi-2022", "341002"] == "met"
    assert status["community-federation-coverage-huizhou-2021", "341004"] == "met_late"
    assert status["service-centres-2023", "341022"] == "not_met"  # 休宁县 has none
    assert code == 1


def test_evaluate_in_english() -> None:
    """``--lang en`` gives the text report in English words."""
    result = run("evaluate", "--lang", "en", "--as-of", "2023-12-31")
    assert result.exit_code == 1
    assert "As of: 2023-12-31" in result.stdout
    assert "not met" in result.stdout
    assert "评估日期" not in result.stdout
    assert "未完成" not in result.stdout


def test_evaluate_in_chinese_by_default() -> None:
    """Without ``--lang`` the text report is in Chinese."""
    result = run("evaluate", "--as-of", "2023-12-31")
    assert result.exit_code == 1
    assert "评估日期" in result.stdout
    assert "未完成" in result.stdout


def test_evaluate_before_any_due_date_fails_nothing() -> None:
    """As of 2021-06-30 no milestone is due, so none is ``not_met`` and the exit code is not 1."""
    result = run("evaluate", "--format", "json", "--as-of", "2021-06-30")
    report = json.loads(result.stdout)
    assert "not_met" not in {r["status"] for r in report["results"]}
    assert result.exit_code == 0


def test_bad_data_exits_2_with_where_on_stderr(bad_folder: Path) -> None:
    """Bad data exits 2, names file, row and column on stderr, and prints no traceback."""
    result = run("evaluate", str(bad_folder), "--lang", "en")
    assert result.exit_code == 2
    assert "organizations.csv, row 3, column founded" in result.stderr
    assert "2021-13-01" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr + result.stdout


def test_bad_data_message_in_chinese(bad_folder: Path) -> None:
    """The Chinese message names the file, the row and the column."""
    result = run("evaluate", str(bad_folder))
    assert result.exit_code == 2
    assert "organizations.csv" in result.stderr
    assert "第3行" in result.stderr
    assert "“founded”列" in result.stderr


def test_missing_data_folder_exits_2(tmp_path: Path) -> None:
    """A data path that does not exist is a usage error, exit 2."""
    result = run("evaluate", str(tmp_path / "nowhere"), "--lang", "en")
    assert result.exit_code == 2
    assert "nowhere" in result.stderr


def test_unknown_plan_exits_2() -> None:
    """A plan id no plugin registered exits 2 and names the id and the plans installed."""
    result = run("evaluate", "--plan", "no-such-plan", "--lang", "en")
    assert result.exit_code == 2
    assert "no-such-plan" in result.stderr
    assert PLAN_ID in result.stderr
    assert result.stdout == ""


def test_output_writes_the_report(tmp_path: Path) -> None:
    """``--output`` writes the report to the file and nothing to stdout."""
    output = tmp_path / "out" / "report.json"
    result = run("evaluate", "--format", "json", "--as-of", "2023-12-31", "--output", str(output))
    assert result.exit_code == 1
    assert result.stdout == ""
    report = json.loads(output.read_text(encoding="utf-8"))
    assert report["schema_version"] == 3
    assert len(report["results"]) == len(expected_scopes())
    assert [p.name for p in output.parent.iterdir()] == ["report.json"]


def test_output_refuses_to_overwrite_an_input(valid_folder: Path) -> None:
    """An output path that is one of the input CSV files exits 2 and leaves it as it was."""
    target = valid_folder / "organizations.csv"
    before = target.read_bytes()
    result = run("evaluate", str(valid_folder), "--output", str(target), "--lang", "en")
    assert result.exit_code == 2
    assert "refusing to overwrite" in result.stderr
    assert target.read_bytes() == before


def test_output_refuses_to_overwrite_the_json_input(tmp_path: Path) -> None:
    """An output path that is the input JSON document, spelt differently, is refused too."""
    document = tmp_path / "data.json"
    document.write_text('{"districts": []}', encoding="utf-8")
    spelt = tmp_path / "sub" / ".." / "data.json"
    (tmp_path / "sub").mkdir()
    result = run("evaluate", str(document), "-o", str(spelt), "--format", "json")
    assert result.exit_code == 2
    assert document.read_text(encoding="utf-8") == '{"districts": []}'


# -- listings --------------------------------------------------------------------------


def test_targets_json_lists_the_builtin_targets() -> None:
    """``targets --format json`` lists the seven built-in target kinds, each with a title."""
    result = run("targets", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) >= BUILTIN_TARGETS
    assert by_id["urban-average"]["clauses"] == ["一", "二(一)3"]
    assert "threshold" in by_id["urban-average"]["params"]
    assert all(by_id[t]["title"] for t in BUILTIN_TARGETS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_targets_describe_each_kind_in_plain_words(lang: str) -> None:
    """``scoplan targets`` is read by officials: each kind's title, then what it measures in
    plain words — no word of a plan file (``params``, ``unit_id``, ``township_kinds``,
    ``threshold``) — and its id last on the title's line, for the plan file (issue 15)."""
    listing = json.loads(run("targets", "--format", "json", "--lang", lang).stdout)
    names = {p["name"] for row in listing for p in row["parameters"]}
    assert {"threshold", "unit_id", "township_kinds"} - names == {"unit_id"}
    text = run("targets", "--lang", lang).stdout
    ids = {row["id"] for row in listing}
    shown: list[str] = []
    for line in text.splitlines():
        head, _, last = line.rpartition("  ")
        shown.append(head if last in ids else line)
    assert sum(line.rpartition("  ")[2] in ids for line in text.splitlines()) == len(ids)
    words = " ".join(shown)
    assert "params" not in words
    assert "unit_id" not in words
    assert not re.search(r"[a-z]+_[a-z]+", words), re.findall(r"[a-z]+_[a-z]+", words)
    # the clauses of scoplan's own kinds are Huangshan's plan's, and say so: a user trial at
    # another city took （条款一） for a clause of its own plan
    (urban,) = [line for line in text.splitlines() if line.endswith("  urban-average")]
    if lang == "zh":
        assert "（黄山市行动计划条款一；二（一）3）" in urban
        # nothing in ASCII letters at all: no parameter, code or table of the data
        assert not re.search(r"[A-Za-z]", words), re.findall(r"[A-Za-z]+", words)[:10]
        assert "范围内城市社区平均拥有的存续（未注销）且已登记或备案的社区社会组织数" in words
    else:
        assert "(Huangshan's action plan, clauses 一; 二(一)3)" in urban
        assert not re.search(r"\b(?:threshold|comparator|community_kind)\b", words)
        assert "Cultivation service centres of the districts themselves" in words


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_targets_verbose_gives_the_parameters_of_a_plan_file(lang: str) -> None:
    """``--verbose`` adds each kind's parameters as a plan file writes them, with defaults
    (``township-federation-coverage``: ``threshold`` required, ``with_communities_only``
    false by default); the JSON gives them too."""
    text = run("targets", "--verbose", "--lang", lang).stdout
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.endswith("  township-federation-coverage"))
    params = lines[at + 2]
    if lang == "zh":
        assert params.strip().startswith("计划文件中的参数：threshold（必填）")
        assert "with_communities_only（默认 false）" in params
    else:
        assert params.strip().startswith("Parameters in a plan file: threshold (required)")
        assert "with_communities_only (default false)" in params
    listing = json.loads(run("targets", "--format", "json").stdout)
    (row,) = [r for r in listing if r["id"] == "urban-average"]
    by_name = {p["name"]: p for p in row["parameters"]}
    assert by_name["registration"]["default"] == '["registered", "filed"]'
    assert by_name["comparator"]["default"] == '">="'


def test_plans_json_lists_the_bundled_plan() -> None:
    """``plans --format json`` lists huangshan-2021-2023 with one milestone per TOML entry."""
    result = run("plans", "--format", "json")
    assert result.exit_code == 0
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    entries = tomllib.loads(PLAN_FILE.read_text(encoding="utf-8"))["milestones"]
    assert rows[PLAN_ID]["milestones"] == len(entries) == 40
    assert rows[PLAN_ID]["version"] == "2.0"


def test_plans_json_in_english_gives_the_english_title() -> None:
    """With ``--lang en`` the plan's English title is listed."""
    result = run("plans", "--format", "json", "--lang", "en")
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows[PLAN_ID]["title"].startswith("Huangshan action plan")


def test_plugins_json_lists_what_each_registered() -> None:
    """``plugins --format json`` shows the built-in targets and plan, and no failures."""
    result = run("plugins", "--format", "json")
    assert result.exit_code == 0
    listing = json.loads(result.stdout)
    targets = {t for p in listing["plugins"] for t in p["targets"]}
    plans = {plan for p in listing["plugins"] for plan in p["plans"]}
    assert targets >= BUILTIN_TARGETS
    assert PLAN_ID in plans
    assert listing["failures"] == []


# -- a real process ----------------------------------------------------------------------


def test_subprocess_evaluate_json() -> None:
    """The installed ``scoplan evaluate`` prints a JSON report and exits 1 (not met)."""
    completed = subprocess.run(
        [executable(), "evaluate", "--format", "json", "--as-of", "2023-12-31"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert completed.returncode == 1
    report = json.loads(completed.stdout)
    assert report["schema_version"] == 3
    assert [(r["milestone"], r["scope"]["id"]) for r in report["results"]] == expected_scopes()
    assert completed.stderr == ""


def modules_after(*args: str) -> set[str]:
    """The modules imported by a new process that runs the command with ``args``."""
    code = (
        "import sys\n"
        "from scoplan.cli import main\n"
        "try:\n"
        f"    main({list(args)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('MODULES', *sorted(sys.modules), file=sys.stderr)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", check=False
    )
    (line,) = [line for line in completed.stderr.splitlines() if line.startswith("MODULES ")]
    return set(line.split()[1:])


def test_a_json_report_starts_without_rich_the_diff_or_the_other_renderers_libraries() -> None:
    """``evaluate --format json`` on a pipe imports neither rich (text and a terminal's
    spinner only), nor the diff, nor Jinja2, openpyxl or sqlite3."""
    modules = modules_after("evaluate", "--format", "json", "--as-of", "2023-12-31")
    assert "scoplan.engine" in modules  # it did evaluate
    assert not {"rich", "scoplan.diff", "jinja2", "openpyxl", "sqlite3"} & modules


def test_a_text_report_imports_rich() -> None:
    """The text report is drawn by rich: the test above would see it if it were imported."""
    assert "rich" in modules_after("evaluate", "--as-of", "2023-12-31")


def test_subprocess_bad_data(bad_folder: Path) -> None:
    """The installed command on bad data exits 2, says where on stderr, with no traceback."""
    completed = subprocess.run(
        [executable(), "evaluate", str(bad_folder)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert completed.returncode == 2
    assert "organizations.csv" in completed.stderr
    assert "第3行" in completed.stderr
    assert "founded" in completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout
    assert completed.stdout == ""


# -- dates, history and projections ------------------------------------------------------------


def test_year_is_the_last_day_of_that_year() -> None:
    """``--year 2022`` gives the same JSON report as ``--as-of 2022-12-31``."""
    by_year = run("evaluate", "--year", "2022", "--format", "json")
    by_date = run("evaluate", "--as-of", "2022-12-31", "--format", "json")
    assert by_year.exit_code == by_date.exit_code
    assert by_year.stdout == by_date.stdout
    assert json.loads(by_year.stdout)["as_of"] == "2022-12-31"


def test_year_and_as_of_together_are_a_usage_error() -> None:
    """``--year`` with ``--as-of`` names the date twice: exit 2, nothing evaluated."""
    result = CliRunner().invoke(main, ["evaluate", "--year", "2022", "--as-of", "2022-12-31"])
    assert result.exit_code == 2
    assert "--year" in result.stderr
    assert result.stdout == ""


@pytest.fixture(scope="module")
def mid_2022() -> dict:
    """The JSON report of the bundled example as of 2022-06-30."""
    result = CliRunner().invoke(
        main, ["evaluate", "--format", "json", "--as-of", "2022-06-30"], catch_exceptions=False
    )
    return json.loads(result.stdout)


def test_mid_2022_projects_every_milestone_due_later(mid_2022: dict) -> None:
    """Each milestone due after 2022-06-30 and not met has a history, a projection and a rate."""
    later = [
        r
        for r in mid_2022["results"]
        if r["due"] > "2022-06-30" and r["status"] not in ("met", "info", "no_data")
    ]
    assert later
    for result in later:
        # the base year is 2020: the 2020 and 2021 year-ends come before 2022-06-30
        assert [p["date"] for p in result["history"]] == ["2020-12-31", "2021-12-31"]
        projection = result["projection"]
        assert projection["method"] == "linear"
        # a projection is made (on_track true or false), or a reason says why not
        assert projection["on_track"] is not None or projection["reason"]
        assert result["status"] in ("on_track", "off_track", "pending")
        assert (result["status"] == "on_track") is (projection["on_track"] is True)
        # a yearly rate where it says something: more than a year left, a projection made,
        # more than one act to do
        # (a yearly count due in 2023 has no value yet, nor a gap: its year has not begun)
        not_begun = projection["reason"] == "year_not_begun"
        assert not_begun is (result["value"] is None and result["gap"] is None)
        one_act = not_begun or (result["unit"] == "count" and result["gap"]["amount"] <= 1)
        sensible = result["due"] >= "2023-06-30" and projection["on_track"] is not None
        assert (projection["needed_per_year"] is not None) is (sensible and not one_act)
    assert mid_2022["projection_method"] == "linear"


def test_mid_2022_every_unmet_gap_names_units(mid_2022: dict) -> None:
    """Every result short of its requirement names the units that fall short, and counts them."""
    short = [
        r
        for r in mid_2022["results"]
        if r["status"] in ("not_met", "off_track", "on_track", "pending")
        # (not a yearly count due in 2023, whose year has not begun: no value, nothing short)
        and (r["projection"] or {}).get("reason") != "year_not_begun"
    ]
    assert short
    for result in short:
        gap = result["gap"]
        assert gap["amount"] > 0
        assert gap["units"], result["milestone"]
        # --listed defaults to all in JSON
        assert gap["units_total"] == len(gap["units"])


@pytest.mark.parametrize(
    ("lang", "history", "projection", "needed"),
    [
        (
            "en",
            "Year-end figures:",
            "Projection: linear trend: projected",
            "organizations per community per year",
        ),
        ("zh", "历年年底数：", "预测：线性趋势法：预计", "每个社区每年平均还需增加"),
    ],
)
def test_mid_2022_text_shows_history_and_projection(
    mid_2022: dict, lang: str, history: str, projection: str, needed: str
) -> None:
    """The text report has a history line in every detail and a projection line where made."""
    text = run("evaluate", "--as-of", "2022-06-30", "--lang", lang).stdout
    lines = text.splitlines()
    detailed = [line for line in lines if line.startswith("■ ")]
    # as of 2022-06-30 every result has two year-ends, so every detail shows them
    assert len([line for line in lines if line.startswith(f"  {history}")]) == len(detailed)
    with_projection = [
        r
        for r in mid_2022["results"]
        if r["projection"] and r["projection"]["projected"] is not None
    ]
    projected = [line for line in lines if line.startswith(f"  {projection}")]
    assert len(projected) == len(with_projection)
    # the city's urban mean: its two year-end values, to one decimal, as the JSON has them
    (city,) = [r for r in mid_2022["results"] if r["milestone"] == "urban-average-city-2023"]
    first, second = (p["value"] for p in city["history"])
    assert f"  {history} 2020 {first:.1f} · 2021 {second:.1f}".replace("： ", "：") in lines
    block = text[text.index("■ " + (city["title_en"] if lang == "en" else city["title"])) :]
    line = next(line for line in block.splitlines() if line.startswith(f"  {projection}"))
    assert f"{city['projection']['projected']:.1f}" in line
    assert needed in line
    # the due date as each language writes a date: ISO in English, 年月日 in Chinese
    assert ("2023-12-31" if lang == "en" else "2023年12月31日") in line
    assert lang == "en" or "2023-12-31" not in line


def test_the_growth_method_on_the_command_line(mid_2022: dict) -> None:
    """``--projection cagr`` reports the growth ratio, and a zero base as the reason."""
    result = run("evaluate", "--as-of", "2022-06-30", "--projection", "cagr", "--format", "json")
    report = json.loads(result.stdout)
    assert report["projection_method"] == "cagr"
    projections = [r["projection"] for r in report["results"] if r["projection"] is not None]
    assert {p["method"] for p in projections} == {"cagr"}
    # 休宁县 had no service centre at the end of 2020: no growth rate from a base of 0
    (xiuning,) = [
        r
        for r in report["results"]
        if (r["milestone"], r["scope"]["id"]) == ("service-centres-2023", "341022")
    ]
    assert xiuning["history"][0]["value"] == 0
    assert (xiuning["status"], xiuning["projection"]["reason"]) == ("pending", "zero_base")
    text = run("evaluate", "--as-of", "2022-06-30", "--projection", "cagr", "--lang", "en")
    assert "growth ratio (Open SDG): the base value is zero" in text.stdout


def test_an_unknown_projection_is_a_usage_error() -> None:
    """``--projection quadratic`` is refused by the option itself: exit 2."""
    result = CliRunner().invoke(main, ["evaluate", "--projection", "quadratic"])
    assert result.exit_code == 2
    assert "quadratic" in result.stderr


def test_json_reports_are_byte_identical_run_to_run_and_timings_are_opt_in() -> None:
    """Two runs give the same bytes; ``--timings`` adds each result's seconds."""
    first = run("evaluate", "--as-of", "2023-12-31", "--format", "json")
    second = run("evaluate", "--as-of", "2023-12-31", "--format", "json")
    assert first.stdout == second.stdout
    assert '"seconds"' not in first.stdout
    timed = json.loads(
        run("evaluate", "--as-of", "2023-12-31", "--format", "json", "--timings").stdout
    )
    assert all(result["seconds"] >= 0 for result in timed["results"])


@pytest.mark.parametrize("written", ["2023-12-31", "2023/12/31", "2023.12.31", "2023年12月31日"])
def test_as_of_takes_the_date_forms_the_data_takes(written: str) -> None:
    """--as-of reads a date as the data may write it; each form is 2023-12-31."""
    result = run("evaluate", "--as-of", written, "--format", "json")
    assert json.loads(result.stdout)["as_of"] == "2023-12-31"


def test_as_of_refuses_a_day_first_date() -> None:
    """14/09/2021 is ambiguous: a usage error (exit 2) naming the forms taken."""
    result = CliRunner().invoke(main, ["evaluate", "--as-of", "31/12/2023"])
    assert result.exit_code == 2
    assert "2023年12月31日" in result.stderr


@pytest.mark.parametrize(
    "written",
    [
        "2022-06-30",
        "2022/6/30",
        "2022.06.30",
        "2022年6月30日",
        "２０２２－０６－３０",
        "2022-06-30 00:00:00",
    ],
)
def test_as_of_reads_every_form_the_data_accepts(written: str) -> None:
    """``--as-of`` as the data writes dates (docs/DATA.md): full-width digits, a time of day."""
    result = run("evaluate", "--format", "json", "--as-of", written)
    assert json.loads(result.stdout)["as_of"] == "2022-06-30"


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("2023-2-30", "没有“2023-2-30”这一天"),
        ("2023年13月1日", "没有“2023年13月1日”这一天"),
        ("明年", "“明年”不是日期"),
        ("2023-12-31 25:00", "“2023-12-31 25:00”不是日期"),
        # a month with no day: not guessed one, as in the data (day_missing); the example
        # is the month's end, the likelier day to judge as of (a user trial), in its form
        ("2022年4月", "“2022年4月”缺少日，请写成 2022年4月30日 这样的完整日期"),
        ("2022 年 4 月", "“2022 年 4 月”缺少日，请写成 2022年4月30日 这样的完整日期"),
        ("2022-04", "“2022-04”缺少日，请写成 2022-04-30 这样的完整日期"),
        ("2022.4", "“2022.4”缺少日，请写成 2022.4.30 这样的完整日期"),
        ("2024/2", "“2024/2”缺少日，请写成 2024/2/29 这样的完整日期"),
        ("2023-02", "“2023-02”缺少日，请写成 2023-02-28 这样的完整日期"),
    ],
)
def test_as_of_that_is_no_day_says_so(written: str, said: str) -> None:
    """A day that does not exist is said as the data's would be, not as no date."""
    result = CliRunner().invoke(main, ["evaluate", "--as-of", written])
    assert result.exit_code == 2
    assert said in result.stderr


def _anqing_register(folder: Path) -> Path:
    """The bureau's register as another city's: 安庆市's 迎江区 and 怀宁县 (3408…)."""
    names = {"黄山市": "安庆市", "屯溪区": "迎江区", "歙县": "怀宁县"}
    tables = {
        table: [[names.get(cell, cell.replace("3410", "3408", 1)) for cell in row] for row in rows]
        for table, rows in bureau.register().items()
    }
    return bureau.write(folder, tables)


def test_another_citys_data_without_a_plan_is_told_to_write_one(tmp_path):
    """``scoplan evaluate DATA`` on 安庆市's data, no --plan: one error, saying the bundled
    plan is Huangshan's and to write one's own and pass it, where each district, group and
    milestone of Huangshan's plan was said missing from the data, none naming --plan."""
    folder = _anqing_register(tmp_path / "安庆")
    result = run("evaluate", str(folder))
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("错误")]
    assert errors == [
        "错误：--plan：未指定，用的是内置的黄山市计划（huangshan-2021-2023），"
        "而数据中的区县（属于安庆市）都不在黄山市：请按本地的方案文件写一份计划"
        "（TOML 文件，写法见 docs/writing-targets.zh.md 的“只用 TOML 写目标”和“使用它的计划”两节，"
        "可参照 scoplan plans 列出的内置计划），"
        "用 --plan 指定"
    ]
    english = run("evaluate", "--lang", "en", str(folder))
    assert "error: --plan: not given, so the bundled plan of 黄山市" in english.stderr
    # the plan named: its mistakes on this data, as before
    named = run("evaluate", "--plan", "huangshan-2021-2023", str(folder))
    assert named.exit_code == 2
    assert "未指定" not in named.stderr
    assert "数据中没有属于计划范围“黄山市”的区县（数据中区县所属的市：安庆市）" in named.stderr
