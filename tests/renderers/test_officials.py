"""What officials read (issue 15): a bureau's words, numbers that add up, every unit listed
as asked, and what a meeting needs — across every format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import attrs
import openpyxl
import pytest
from builders import (
    PLAN_HEAD,
    builtin_registry,
    community,
    district,
    establishment,
    milestone_toml,
    organization,
    township,
    write_tables,
)
from click.testing import CliRunner

import scoplan
from scoplan.cli import main
from scoplan.formats import RenderOptions
from scoplan.projection import Projection
from scoplan.renderers import words
from scoplan.report import Gap, Status
from scoplan.testing import build_dataset

from .conftest import docx_text, options, render

FORMATS = ("text", "markdown", "html", "csv", "xlsx", "docx")
CJK = re.compile(r"[\u4e00-\u9fff]")


def as_text(content: str | bytes, fmt: str) -> str:
    """What a reader of the format sees, as one text: a workbook's cells, a document's
    paragraphs and cells, an HTML page without its tags and style."""
    if fmt == "xlsx":
        assert isinstance(content, bytes)
        book = openpyxl.load_workbook(io.BytesIO(content))
        return "\n".join(
            str(value)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    if fmt == "docx":
        assert isinstance(content, bytes)
        return docx_text(content)
    assert isinstance(content, str)
    if fmt == "html":
        content = re.sub(r"<style>.*?</style>", "", content, flags=re.S)
        content = re.sub(r"<[^>]+>", " ", content).replace("&#34;", '"').replace("&#39;", "'")
    return content


@pytest.fixture(scope="module")
def seen(example_report) -> dict[tuple[str, str], str]:
    """The example as of 2023-12-31 in every format and both languages, as a reader sees it
    (the text report on a terminal wide enough that no cell wraps)."""
    found = {
        (fmt, lang): as_text(render(fmt, example_report, lang), fmt)
        for fmt in FORMATS
        for lang in ("zh", "en")
    }
    text = builtin_registry().renderer("text")
    assert text is not None
    for lang in ("zh", "en"):
        wide = text.render(example_report, RenderOptions(lang=lang, width=400))
        found["text", lang] = as_text(wide, "text")
    return found


# -- words ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_names_milestones_by_their_titles(seen, example_report, fmt):
    """Each result's title is shown in every format, in each language."""
    for result in example_report.results:
        assert result.title in seen[fmt, "zh"], (fmt, result.milestone)
        assert result.title_en in seen[fmt, "en"], (fmt, result.milestone)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_a_row_starts_with_the_title_and_ends_with_the_gap(example_report, fmt):
    """In a results table the title is the first cell and the gap the last: no cell holds
    the milestone's id, which an official cannot quote."""
    text = str(render(fmt, example_report))
    first = example_report.results[0]
    gap = words.gap_text(first, options("zh"))
    if fmt == "markdown":
        row = next(line for line in text.splitlines() if line.startswith(f"| {first.title} |"))
        assert row.endswith(f"| {gap} |")
    else:
        row = text.split(f'data-milestone="{first.milestone}">')[1].split("</tr>")[0]
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert first.title in cells[0]
        assert cells[-1] == gap
        row = re.sub(r"<[^>]+>", "", row)  # the anchor the title links to is no cell's text
    assert first.milestone not in row


def test_the_title_is_made_from_kind_scope_and_year(example_report):
    """全市 for the city, the district's name, a group's name; the due year; in English too;
    the JSON keeps the id as ``milestone``."""
    by_key = {(r.milestone, r.scope.id): r for r in example_report.results}
    city = by_key["urban-average-city-2023", "city"]
    assert city.title == "全市城市社区平均社区社会组织数（2023年）"
    assert city.title_en == "Mean organizations per urban community, the whole city (2023)"
    assert by_key["service-centres-2023", "341022"].title == (
        "休宁县建成社会组织培育发展服务中心（2023年）"
    )
    assert by_key["gongyi-district-coverage-central-2022", "central"].title == (
        "中心城区公益创投活动区县覆盖率（2022年）"
    )
    # what the city itself does is 市本级's
    assert by_key["trainings-city-2022", "city"].title == (
        "市本级开展社区社会组织培育发展业务培训（2022年）"
    )
    plain = example_report.to_dict()["results"][0]
    assert (plain["milestone"], plain["title"]) == ("urban-average-city-2023", city.title)


def test_a_plans_own_title_wins():
    """A milestone's ``title``/``title_en`` in the plan file is the title, as written."""
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + milestone_toml("m", "urban-average", dt.date(2023, 12, 31), {"threshold": 1})
        + 'title = "城市社区社会组织发展（本市口径）"\ntitle_en = "Our own words"\n'
    )
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
    )
    report = scoplan.evaluate(data, plan, dt.date(2023, 12, 31), registry=builtin_registry())
    (result,) = report.results
    assert (result.title, result.title_en) == ("城市社区社会组织发展（本市口径）", "Our own words")
    assert result.milestone == "m"


def test_a_plans_own_title_for_each_district_names_the_district():
    """A plan's own title for a milestone of each district does not name the district:
    every report's table and headings add it (``…（本市口径） · 区D1``), so that no two rows
    read alike now that no column of ids follows them; an engine's title, which names its
    scope, is left alone."""
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + milestone_toml(
            "m", "urban-average", dt.date(2023, 12, 31), {"threshold": 2}, {"each": True}
        )
        + 'title = "城市社区社会组织发展（本市口径）"\n'
    )
    data = build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1"), community("C2", "T2")],
        organizations=[organization("O1", "C1")],
    )
    report = scoplan.evaluate(data, plan, dt.date(2023, 12, 31), registry=builtin_registry())
    assert [r.title for r in report.results] == ["城市社区社会组织发展（本市口径）"] * 2
    one, two = "城市社区社会组织发展（本市口径） · 区D1", "城市社区社会组织发展（本市口径） · 区D2"
    markdown = str(render("markdown", report))
    assert f"| {one} | 2023年12月31日 | 未完成 | 1.0个/社区 | 不少于2个 |" in markdown
    assert f"| {two} | 2023年12月31日 | 未完成 | 0.0个/社区 | 不少于2个 |" in markdown
    assert f"#### {one}：未完成" in markdown.splitlines()
    html = str(render("html", report))
    rows = re.findall(r"<tr data-status[^>]*>(.*?)</tr>", html, re.S)
    firsts = [re.sub(r"<[^>]+>", "", re.findall(r"<td>(.*?)</td>", row)[0]) for row in rows]
    assert firsts == [one, two]
    assert f"{one} <span" in html  # the detail's heading
    document = as_text(render("docx", report), "docx")
    assert one in document.splitlines()
    assert two in document.splitlines()
    text = str(render("text", report))
    assert one in text
    assert two in text


def test_english_titles_are_english(example_report):
    """An English title has no Chinese but the data's own names (a district's, a group's
    where the data and plan give none in English)."""
    for result in example_report.results:
        title = result.title_en.replace(result.scope.name, "")
        assert not CJK.search(title), result.title_en
    kinds = {words.kind_title(r, options("en")) for r in example_report.results}
    assert "District social-venture (gongyi chuangtou) coverage" in kinds
    assert not any(CJK.search(kind) for kind in kinds)


def test_status_words_as_a_bureau_writes_them():
    """已完成 · 逾期完成 · 未完成 · 有望按期完成 · 进度滞后 · 待定 · 无数据 · 出错 ·
    仅作监测（不考核） · 数据未覆盖（不评判）; English unchanged."""
    zh = {status.value: words.status(status, options("zh")) for status in Status}
    assert zh == {
        "met": "已完成",
        "met_late": "逾期完成",
        "not_met": "未完成",
        "on_track": "有望按期完成",
        "off_track": "进度滞后",
        "pending": "待定",
        "no_data": "无数据",
        "error": "出错",
        "info": "仅作监测（不考核）",
        "not_covered": "数据未覆盖（不评判）",
    }
    assert words.status(Status.MET_LATE, options("en")) == "met late"


def test_value_and_requirement_read_as_one_true_statement(example_report):
    """实际13.0个/社区，目标不少于15个 — not 12.98 ≥ 15.00 (1207 registered or filed
    organizations over 93 urban communities), which reads as false."""
    by_key = {(r.milestone, r.scope.id): r for r in example_report.results}
    city = by_key["urban-average-city-2023", "city"]
    assert words.progress(city, options("zh")) == "实际13.0个/社区，目标不少于15个"
    assert words.progress(city, options("en")) == "13.0 per community; target at least 15"
    share = by_key["township-federation-coverage-2023", "city"]
    assert words.progress(share, options("zh")) == "实际73.4%，目标不低于100%"
    training = by_key["trainings-districts-2022", "341022"]
    assert words.progress(training, options("zh")) == "实际0次，目标不少于1次"


@pytest.mark.parametrize(
    ("unit", "value", "required", "shown"),
    [
        ("share", 0.99996, 1.0, "99.996%"),  # never "100.0%" beside a target of 100%
        ("share", 0.7339, 1.0, "73.4%"),
        ("per_community", 14.96, 15, "14.96"),  # never "15.0" beside a target of 15
        ("per_community", 13.197, 15, "13.2"),
        ("count", 8.0, 7, "8"),
    ],
)
def test_values_round_by_unit_but_never_into_the_requirement(
    example_report, unit, value, required, shown
):
    """Counts whole, means one decimal, shares 0.1%, and more digits where the rounded
    figure would seem to meet a requirement the value does not."""
    result = attrs.evolve(
        example_report.results[0], unit=unit, value=value, required=required, comparator=">="
    )
    assert words.measured(result, value) == shown


def test_the_history_rounds_as_the_value_never_into_the_requirement(example_report):
    """803 organizations over 67 communities (11.985) against at least 12: the year-end
    history says 11.99 as the value does, never 12.0; a year that met it says 12.0."""
    from scoplan.projection import HistoryPoint

    first = example_report.results[0]
    points = (
        HistoryPoint(dt.date(2025, 12, 31), 670 / 67),
        HistoryPoint(dt.date(2026, 12, 31), 803 / 67),
    )
    result = attrs.evolve(
        first, unit="per_community", value=803 / 67, required=12, comparator=">=", history=points
    )
    assert words.measured(result, result.value) == "11.99"
    assert words.history(result, options("zh")) == "2025 10.0 · 2026 11.99"
    met = attrs.evolve(result, history=(HistoryPoint(dt.date(2026, 12, 31), 12.0),))
    assert words.history(met, options("zh")) == "2026 12.0"


@pytest.mark.parametrize(
    "old",
    [
        "里程碑",
        "解读",
        "历年年末",
        "计算依据",
        "数据指纹",
        "黄山市(city)",
        "还差",
        "达成 ",
        "(city)",
    ],
)
@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "docx"])
def test_the_old_words_are_gone(seen, fmt, old):
    """范围解读, 解读, 期限 as a label, 历年年末, 计算依据, 数据指纹 and the city as
    ``黄山市(city)`` are not a bureau's words: none is left."""
    assert old not in seen[fmt, "zh"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "docx"])
def test_the_bureau_words_are_there(seen, fmt):
    """目标任务, 完成时限, 历年年底数 (or 计算), 数据校验码, 市本级, 口径说明."""
    text = seen[fmt, "zh"]
    for word in ("目标任务", "完成时限", "市本级", "口径说明", "数据校验码"):
        assert word in text, word
    assert "1207个组织÷93个城市社区" in text


def test_gaps_as_a_bureau_says_them(example_report):
    """A mean's gap names where communities need more; a coverage's says how many are not
    covered, or how many more to cover when fewer than all would do; a count's what to do."""
    by_key = {(r.milestone, r.scope.id): r for r in example_report.results}
    zh = options("zh")

    def said(milestone, scope):
        return words.gap_text(by_key[milestone, scope], zh)

    assert said("urban-average-city-2023", "city") == "全市城市社区尚需新增188个社区社会组织"
    assert said("township-federation-coverage-2023", "city") == "尚有29个乡镇（街道）未覆盖"
    # 44.0% of 91 against 50%: 6 more of the 51 not covered
    other = by_key["gongyi-township-coverage-other-2023", "other"]
    assert (other.gap.amount, other.gap.units_total) == (6, 51)
    assert words.gap_text(other, zh) == "尚需再覆盖6个乡镇（街道）（未覆盖的共51个）"
    assert said("service-centres-2023", "341022") == "尚需建成1个培育发展服务中心"
    assert said("registration-city", "city") == "尚有12个社区社会组织未登记或未按规定管理"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_configuration_word_reaches_a_reader(seen, fmt, lang):
    """``params``, ``unit_id``, ``township_kinds`` are the plan file's: not a report's; nor
    is the file itself (an official edits none: 见计划文件中注释掉的另一种写法, 可在计划文件中
    修改参数): a reading open to change sends its reader to whoever keeps the plan."""
    for word in ("params", "unit_id", "township_kinds", "threshold =", "计划文件", "plan file"):
        assert word not in seen[fmt, lang], word
    if lang == "zh":
        assert "如需调整口径，请联系维护评估方案的同志" in seen[fmt, lang]
        assert "另一种理解是全市城市社区的社区级联合会全覆盖；如需按这种理解评估" in seen[fmt, lang]
    else:
        assert "ask whoever maintains the evaluation plan" in seen[fmt, lang]


@pytest.mark.parametrize("fmt", ["text", "markdown", "docx"])
def test_chinese_text_has_full_width_punctuation(seen, fmt):
    """No comma, semicolon, colon or parenthesis beside a Chinese character is half-width."""
    text = seen[fmt, "zh"]
    found = re.findall(r".{0,8}(?:[\u4e00-\u9fff][,;:()]|[,;:()][\u4e00-\u9fff]).{0,8}", text)
    assert found == []


def test_full_width_keeps_numbers_and_code_as_they_are():
    """``1,003`` and ``12:30`` are not prose; a Chinese clause's ``(一)`` is."""
    assert words.full_width("二(一)3") == "二（一）3"
    assert words.full_width("共1,003个,时间12:30") == "共1,003个，时间12:30"
    assert words.full_width("a (b), c") == "a (b), c"


# -- numbers that add up ----------------------------------------------------------------------


def test_value_and_gap_are_given_on_the_same_date_and_now_beside_them():
    """9.9 on the due date beside the due date's gap, not today's: (15 − 9.9) × 35 ≈ 178,
    labelled, with today's 12.7 and 82 beside them."""
    due, later = dt.date(2022, 12, 31), dt.date(2026, 3, 1)
    result = scoplan.Result(
        milestone="m",
        target="urban-average",
        title="t",
        title_en="t",
        scope=scoplan.ScopeRef("district", "D1", "黄山区"),
        due=due,
        status=Status.NOT_MET,
        measured_on=due,
        value=9.914,
        required=15.0,
        comparator=">=",
        unit="per_community",
        value_now=12.657,
        gap=Gap(178, "organizations", due),
        gap_now=Gap(82, "organizations", later),
    )
    assert words.value(result, options("zh")) == "到期时9.9个/社区；目前12.7个/社区"
    assert words.gap_text(result, options("zh")) == (
        "到期时黄山区城市社区尚需新增178个社区社会组织；目前黄山区城市社区尚需新增82个社区社会组织"
    )
    assert words.gap_text(result, options("en")).startswith(
        "at the deadline 178 more organizations in the urban communities of 黄山区; now 82 more"
    )


def test_a_met_result_never_shows_a_shortfall(example_report):
    """徽州区's centre, open on its due date and closed since: met, and said so."""
    (result,) = [
        r
        for r in example_report.results
        if (r.milestone, r.scope.id) == ("service-centres-2021", "341004")
    ]
    assert (result.status, result.no_longer_holds, result.gap) == (Status.MET, True, None)
    assert words.gap_text(result, options("zh")) == "到期时已完成，目前已不符合（服务中心已撤销）"
    assert "尚需" not in words.gap_text(result, options("zh"))


def test_parts_add_up_to_the_whole(example_report):
    """Each district's figure under a city result: their sides add up to the city's."""
    for result in example_report.results:
        if not result.parts or result.evidence.denominator is None:
            continue
        assert sum(p.numerator or 0 for p in result.parts) == result.evidence.numerator
        assert sum(p.denominator or 0 for p in result.parts) == result.evidence.denominator
    city = next(r for r in example_report.results if r.milestone == "urban-average-city-2023")
    assert [p.name for p in city.parts][:2] == ["屯溪区", "黄山区"]
    # counted with the csv module: 屯溪区 664 over 35 urban communities, 黄山区 83 over 9
    assert words.parts(city, options("zh")).startswith("屯溪区19.0个/社区、黄山区9.2个/社区")


# -- --listed ---------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


LISTED_FORMATS = ["text", "markdown", "html", "csv", "xlsx", "docx", "json"]


def listed_units(fmt: str, content: str | bytes, codes: set[str]) -> int:
    """How many of ``codes`` (the city's 59 communities short of its urban mean, short of
    nothing else) a report names."""
    if fmt == "json":
        assert isinstance(content, str)
        return len(json.loads(content)["results"][0]["gap"]["units"])
    if fmt == "csv":
        assert isinstance(content, str)
        row = next(csv.DictReader(io.StringIO(content.lstrip("\ufeff"))))
        return len(row["目前未达标单位编号"].split(";"))
    text = as_text(content, fmt)
    return sum(code in text for code in codes)


@pytest.fixture(scope="module")
def short_codes(example_report) -> set[str]:
    city = example_report.results[0]
    assert city.milestone == "urban-average-city-2023"
    return {unit.id for unit in city.gap.units}


@pytest.mark.parametrize("fmt", LISTED_FORMATS)
def test_listed_is_honoured_by_every_format(tmp_path, short_codes, fmt):
    """``--listed 3`` names three of the 59 communities in every format, and says 59."""
    target = tmp_path / f"report.{fmt}"
    result = run(
        "evaluate", "--as-of", "2023-12-31", "--format", fmt, "--listed", "3", "-o", str(target)
    )
    assert result.exit_code == 1, result.stderr
    content: str | bytes = target.read_bytes()
    if fmt not in ("xlsx", "docx"):
        content = content.decode("utf-8")
    assert len(short_codes) == 59
    assert listed_units(fmt, content, short_codes) == 3
    if fmt in ("text", "markdown", "html", "docx"):
        assert "列出3个，共59个" in as_text(content, fmt)


def test_the_api_and_the_cli_list_every_unit_by_default():
    """Neither ``scoplan.evaluate`` nor ``scoplan evaluate`` caps the units by default: a
    what-if built from a gap covers every unit short."""
    data = scoplan.load(scoplan.example_path())
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    report = scoplan.evaluate(data, plan, dt.date(2023, 12, 31))
    gaps = [g for r in report.results for g in (r.gap, r.gap_now) if g is not None]
    assert max(g.units_total for g in gaps) > 50
    assert all(len(g.units) == g.units_total for g in gaps)
    cli = json.loads(run("evaluate", "--as-of", "2023-12-31", "--format", "json").stdout)
    api = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert cli["results"] == api["results"]


# -- projections ------------------------------------------------------------------------------


def test_no_rate_beside_no_projection(example_report):
    """A projection not made (its reason given) has no yearly rate beside it."""
    result = attrs.evolve(
        example_report.results[0],
        status=Status.PENDING,
        projection=Projection("linear", None, dt.date(2025, 12, 31), 2.0, reason="single_year"),
    )
    assert words.needed(result, options("zh")) == ""
    said = dict(words.facts(result, options("zh"), with_history=False))["预测"]
    assert said == "线性趋势法：只计完成时限当年的活动，往年数据不构成趋势，不作预测"


def test_where_the_methods_disagree_the_report_says_which_and_why(example_report):
    """The line says off track, the growth ratio would say on track: the report names the
    method used, why, and what the other says."""
    result = attrs.evolve(
        example_report.results[0],
        status=Status.OFF_TRACK,
        projection=Projection(
            "linear",
            False,
            dt.date(2025, 12, 31),
            2.0,
            projected=12.0,
            other_method="cagr",
            other_on_track=True,
        ),
    )
    said = words.projection(result, options("zh"), "plan")
    assert said == (
        "线性趋势法：预计到2025年12月31日为12.0个/社区；采用线性趋势法（计划规定的方法）；"
        "按年均增长率比法则为“有望按期完成”"
    )
    assert "the method asked for in this run" in words.projection(result, options("en"), "run")


# -- names in English -------------------------------------------------------------------------


def test_a_name_en_column_names_districts_in_english(tmp_path):
    """A ``name_en`` column of districts.csv gives English reports the district's name."""
    folder = write_tables(
        tmp_path / "data",
        {
            "districts": [{**district("D1"), "name_en": "Tunxi"}],
            "townships": [township("T1", "D1")],
            "communities": [community("C1", "T1")],
            "organizations": [organization("O1", "C1")],
        },
    )
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + milestone_toml(
            "m", "urban-average", dt.date(2023, 12, 31), {"threshold": 3}, {"each": True}
        )
    )
    report = scoplan.evaluate(
        scoplan.load(folder), plan, dt.date(2023, 12, 31), registry=builtin_registry()
    )
    (result,) = report.results
    assert result.scope.name_en == "Tunxi"
    assert result.title_en == "Mean organizations per urban community, Tunxi (2023)"


def test_a_city_count_short_is_not_listed_as_a_unit():
    """The city level lacking a training is said in the gap, not listed as ``黄山市(city)``."""
    data = build_dataset(districts=[district("D1")], establishments=[establishment("E1", "D1")])
    plan = scoplan.parse_plan(PLAN_HEAD + milestone_toml("t", "trainings", dt.date(2022, 12, 31)))
    report = scoplan.evaluate(data, plan, dt.date(2022, 12, 31), registry=builtin_registry())
    text = str(render("text", report))
    assert "(city)" not in text
    assert "市本级" in text


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "docx", "csv", "xlsx"])
def test_the_whole_city_is_named_全市_and_the_citys_own_市本级(seen, fmt):
    """A result over the whole city is 范围 全市 (市本级 is the city's own organs): the
    scope column or line never says 市本级, while a title for what the city itself holds
    still does (市本级开展…培训)."""
    text = seen[fmt, "zh"].replace("*", "")
    assert "范围：市本级" not in text
    for line in text.splitlines():
        assert "市本级" not in line.replace("|", ",").split(","), line
    assert "全市" in text
    assert "市本级开展社区社会组织培育发展业务培训" in text


def test_a_programme_the_city_holds_is_counted_in_次(example_report):
    """市本级公益创投活动 counts programmes held (次), as trainings and selections do: its
    value, requirement and gap say 次, never 个."""
    text = as_text(render("text", example_report, "zh"), "text")
    [line] = [line for line in text.splitlines() if line.startswith("│ 市本级公益创投活动")]
    assert "次" in line
    assert "个" not in line
