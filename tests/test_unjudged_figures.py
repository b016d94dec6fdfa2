"""A county's own figure for a milestone of the whole city: shown, not hidden.

On a register of some of the city's districts (tests/bureau.py: 屯溪区 and 歙县 of 黄山市,
or 歙县 alone), a milestone of the whole city is ``not_covered`` — a figure of the city
cannot come from some of its districts — but each district the run holds has its own figure
(``parts``), which is what a county official most needs. Every report for people lists such
a result and shows that figure where its value would be (``屯溪区1.0个/社区（不评判）``;
``各区县见下`` for several, the details listing them), with a line saying how far it is from
the city's requirement, for reference only; the line of results left out (``--district``)
counts only those that give no figure of the chosen districts. The figures here are
counted by hand from the files the register is written to.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re
from pathlib import Path

import builders
import bureau
import polars as pl
import pytest
from click.testing import CliRunner

import scoplan
from scoplan.cli import main

AS_OF = dt.date(2023, 12, 31)
PLAN = "huangshan-2021-2023"
CITY_URBAN = "全市城市社区平均社区社会组织数（2023年）"
HUMAN_FORMATS = ["text", "markdown", "html", "docx", "xlsx"]
shown_text = functools.partial(builders.shown_text, width=400)
"""What a reader sees of a report in a format (:func:`builders.shown_text`), its text
tables wide enough that no title is cut."""


def table(folder: Path, name: str) -> pl.DataFrame:
    """A table of the register as written (GB18030), every cell text."""
    text = (folder / f"{name}.csv").read_bytes().decode("gb18030")
    return pl.read_csv(io.BytesIO(text.encode("utf-8")), infer_schema=False)


def year(day: str) -> int:
    """The year of a date as the register writes it (2022-04-25, 2021/3/1, 2021年5月6日)."""
    found = re.match(r"\d{4}", day)
    assert found is not None, day
    return int(found.group())


def urban_mean(folder: Path, district: str) -> tuple[int, int]:
    """Organizations counted in ``district``'s urban communities on 2023-12-31 (registered
    or filed, founded by then, not dissolved) and those communities, counted by hand."""
    townships = table(folder, "乡镇街道").filter(pl.col("所属区县") == district)["编号"]
    communities = table(folder, "社区").filter(
        pl.col("所属乡镇街道").is_in(townships.to_list()) & (pl.col("类型") == "城市社区")
    )["编号"]
    organizations = table(folder, "社区社会组织").filter(
        pl.col("所属社区").is_in(communities.to_list())
        & pl.col("登记状态").is_in(["登记", "备案"])
        & pl.col("注销日期").is_null()
    )
    counted = [day for day in organizations["成立日期"].to_list() if year(day) <= 2023]
    return len(counted), len(communities)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bureau.write(tmp_path_factory.mktemp("unjudged") / "屯溪歙县台账")


@pytest.fixture(scope="module")
def tunxi(folder: Path) -> scoplan.Report:
    plan = scoplan.bundled_plan(PLAN)
    return scoplan.evaluate(scoplan.load(folder), plan, AS_OF, districts=["屯溪区"])


def test_the_hand_count_of_tunxi(folder):
    """屯溪区's urban communities are 荷花池 and 上新; HS001 (filed) and HS002 (registered)
    count, HS003 (neither) does not: 2 ÷ 2 = 1.0 per community, 14.0 short of 15."""
    assert urban_mean(folder, "341002") == (2, 2)


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_the_chosen_districts_own_figure_is_shown_not_judged(folder, tunxi, fmt):
    """--district 屯溪区: 全市城市社区平均 (2023) is listed, 屯溪区's own figure in its 实际
    (the figure counted by hand), its status 数据未覆盖（不评判）, no gap, and how far the
    figure is from the city's 15 as information only."""
    organizations, communities = urban_mean(folder, "341002")
    mean = organizations / communities
    shown = shown_text(tunxi, fmt)
    assert CITY_URBAN in shown
    assert f"屯溪区{mean:.1f}个/社区（不评判）" in shown
    assert "数据未覆盖（不评判）" in shown
    assert f"按全市目标（不少于15个）计，屯溪区尚差{15 - mean:.1f}个/社区" in shown
    assert "此数仅供参考" in shown
    english = shown_text(tunxi, fmt, "en")
    assert f"屯溪区 {mean:.1f} per community (not judged)" in english
    assert f"屯溪区 is {15 - mean:.1f} per community short" in english


LISTED = 16
"""The results of the whole city or of 中心城区 (屯溪区, 徽州区) that give 屯溪区's own
figure: the urban mean (2023), township federations (2023), townships with a centre, the
central districts' 公益创投 (districts 2022, townships 2022 and 2023), brand organizations,
brand projects, priority fields, special groups, registration, charters, disclosure,
activity reporting, evaluation systems, work plans: 16."""
LEFT_OUT = 13
"""The plan's 40 results for this register less 屯溪区's own 11 (tests/test_district_option.py)
and the 16 of :data:`LISTED`: the rural means of 2022 and 2023 (屯溪区 has no rural
community: no figure of its own), 黄山区's centre and township federations, the centres of
歙县、休宁县、祁门县, 徽州区's and 黟县's urban federations, 其他区县's two 公益创投, the
other districts' observation points, and the city's own training, 公益创投 and brand
selection: 13."""


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_the_line_of_results_left_out_counts_those_without_a_figure(tunxi, fmt):
    """The one line counts 13, not the 29 not judged; a milestone of another district
    alone is still left out of the tables, and the rural mean, of which 屯溪区 has no
    figure: each named once, in the list of those not judged at the end."""
    shown = shown_text(tunxi, fmt)
    line = f"另有{LEFT_OUT}项目标不涉及屯溪区或需其他区县数据，未评判（见“未评判的目标”）"
    assert shown.count(line) == 1
    assert shown.count("黄山区建成社会组织培育发展服务中心（2022年）") == 1
    assert shown.count("全市农村社区平均社区社会组织数（2023年）") == 1
    english = shown_text(tunxi, fmt, "en")
    assert f"{LEFT_OUT} more milestones do not concern 屯溪区" in english


def test_the_summary_adds_up(tunxi):
    """The summary counts the results listed — 屯溪区's 11 judged (1 met, 10 not) and the
    16 not judged with its figure — and with the 13 left out they are all 40."""
    shown = shown_text(tunxi, "text")
    assert f"汇总：已完成1项，未完成10项，数据未覆盖（不评判）{LISTED}项" in shown
    assert 1 + 10 + LISTED + LEFT_OUT == len(tunxi.results) == 40
    markdown = shown_text(tunxi, "markdown")
    assert f"| 合计 | {11 + LISTED} |" in markdown


def test_several_districts_figures_are_each_in_the_details(folder):
    """--district 屯溪区,歙县: the 实际 cell says 各区县见下, the details give each district's
    figure (counted by hand: 屯溪区 2 ÷ 2, 歙县 HS004 over 新路街 1 ÷ 1); a workbook, with no
    details, gives both in its cell."""
    plan = scoplan.bundled_plan(PLAN)
    report = scoplan.evaluate(scoplan.load(folder), plan, AS_OF, districts=["屯溪区", "歙县"])
    tunxi, she = urban_mean(folder, "341002"), urban_mean(folder, "341021")
    assert she == (1, 1)
    each = f"屯溪区{tunxi[0] / tunxi[1]:.1f}个/社区、歙县{she[0] / she[1]:.1f}个/社区"
    for fmt in ("text", "markdown", "html", "docx"):
        shown = shown_text(report, fmt)
        assert "各区县见下" in shown, fmt
        assert "各区县情况" in shown, fmt
        assert each in shown, fmt
    assert f"{each}（不评判）" in shown_text(report, "xlsx")
    assert "by district, below" in shown_text(report, "text", "en")


def she_register() -> dict[str, bureau.Rows]:
    """The register of 歙县 alone (341021): its own township, communities, organizations
    and centre, as a county bureau keeps it."""
    tables = bureau.register()
    for name, key in (("区县", "编号"), ("乡镇街道", "所属区县"), ("社区", "所属乡镇街道")):
        rows = tables[name]
        at = bureau.column(rows, key)
        tables[name] = [rows[0], *(r for r in rows[1:] if r[at].startswith("341021"))]
    organizations = tables["社区社会组织"]
    tables["社区社会组织"] = [organizations[0], *(r for r in organizations[1:] if "341021" in r[1])]
    units = tables["平台与制度"]
    tables["平台与制度"] = [units[0], *(r for r in units[1:] if r[2] == "341021")]
    tables["活动"] = tables["活动"][:1]
    return tables


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_a_countys_register_shows_its_figure_where_the_value_would_be(tmp_path, fmt):
    """歙县's own register, no --district (the data is of part of the city): every result
    is listed, as before, and 全市城市社区平均's 实际 is 歙县's figure, not “—”; the rural
    mean's too (HS005, 2022-08-08, over 问政村: 1.0, 4.0 short of 5)."""
    folder = bureau.write(tmp_path / "歙县台账", she_register())
    organizations, communities = urban_mean(folder, "341021")
    assert (organizations, communities) == (1, 1)
    rural = table(folder, "社区").filter(pl.col("类型") == "农村社区")["编号"].to_list()
    counted = table(folder, "社区社会组织").filter(pl.col("所属社区").is_in(rural))
    rural_mean = counted.height / len(rural)
    report = scoplan.evaluate(scoplan.load(folder), scoplan.bundled_plan(PLAN), AS_OF)
    assert report.districts == ()
    shown = shown_text(report, fmt)
    assert f"歙县{organizations / communities:.1f}个/社区（不评判）" in shown
    assert f"歙县{rural_mean:.1f}个/社区（不评判）" in shown
    assert f"按全市目标（不少于5个）计，歙县尚差{5 - rural_mean:.1f}个/社区" in shown
    assert "未评判的目标" not in shown


def test_the_json_report_is_as_it_was(folder):
    """The JSON report of --district 屯溪区 keeps every result, not_covered, its parts."""
    done = CliRunner().invoke(
        main,
        ["evaluate", str(folder), "--as-of", "2023-12-31", "--format", "json",
         "--district", "屯溪区"],
    )  # fmt: skip
    data = json.loads(done.stdout)
    assert len(data["results"]) == 40
    assert data["summary"]["not_covered"] == LISTED + LEFT_OUT
    (city,) = [r for r in data["results"] if r["milestone"] == "urban-average-city-2023"]
    assert (city["status"], city["value"]) == ("not_covered", None)
    assert [(p["name"], p["value"]) for p in city["parts"]] == [("屯溪区", 1.0)]
