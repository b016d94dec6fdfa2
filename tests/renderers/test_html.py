"""The HTML report (scoplan.renderers.html): one self-contained, printable, escaped page."""

from __future__ import annotations

import datetime as dt

import pytest
from pages import Page

from scoplan.renderers import html as html_renderer
from scoplan.report import Result, ScopeRef, Status

from .conftest import FORMULA, SCRIPT, options, render


@pytest.mark.parametrize(
    ("lang", "html_lang", "heading", "met"),
    [("zh", "zh-CN", "汇总", "已完成"), ("en", "en", "Summary", "met")],
)
def test_example_in_both_languages(example_report, lang, html_lang, heading, met):
    """The page declares its language and shows its headings and statuses in it."""
    text = render("html", example_report, lang)
    assert isinstance(text, str)
    page = Page(text)
    assert page.all("html")[0]["lang"] == html_lang
    assert heading in page.texts
    assert met in page.texts


def test_summary_counts_the_example(example_report):
    """The summary lists 46 met, 5 met late, 24 not met and 8 indicators: 83 in all (as
    tests/test_bundled_plans.py works them out)."""
    page = Page(str(render("html", example_report, "en")))
    assert page.counts == {"met": 46, "met_late": 5, "not_met": 24, "info": 8, "total": 83}


def test_a_chart_per_target_kind_with_a_requirement(example_report):
    """17 charts: the plan's 23 target kinds less the 6 reported as indicators (no
    requirement, and no district results)."""
    page = Page(str(render("html", example_report)))
    charts = page.all("svg", **{"class": "chart"})
    assert len(charts) == 17
    kinds = {chart["data-target"] for chart in charts}
    assert {"urban-average", "gongyi-held"} <= kinds
    assert not kinds & {
        "priority-fields",
        "special-groups",
        "charters",
        "disclosure",
        "establishment-coverage",
    }


def test_chart_bars_and_requirement_lines():
    """A chart has a bar per charted result and a requirement line where there is one: the
    urban average of 13.2 against 15 on a 0–20 axis is a bar of 13.2/20 of the plot,
    labelled with its value and its target, never as a comparison that reads false."""
    result = Result(
        milestone="m",
        target="urban-average",
        title="城市",
        title_en="Urban",
        scope=ScopeRef("city", "city", "某市"),
        due=dt.date(2023, 12, 31),
        status=Status.NOT_MET,
        measured_on=dt.date(2023, 12, 31),
        value=13.2,
        required=15.0,
        comparator=">=",
        unit="per_community",
    )
    chart = html_renderer.chart([result], options("en"))
    assert chart is not None
    plot = html_renderer.CHART_WIDTH - html_renderer.LABEL_WIDTH - html_renderer.VALUE_WIDTH
    (bar,) = chart.bars
    assert bar.width == round(13.2 / 20 * plot, 1)
    assert bar.tick == round(15 / 20 * plot, 1)
    assert bar.value == "13.2 per community (target 15)"
    assert [tick.label for tick in chart.ticks] == ["0", "5", "10", "15", "20"]
    zh = html_renderer.chart([result], options("zh"))
    assert zh is not None
    assert zh.bars[0].value == "13.2个/社区（目标15个）"
    assert zh.bars[0].label == "全市"


def test_history_table_per_section(example_report):
    """The urban average's section has a year-end table, 2020 to 2023, with the city's
    values (registered and filed organizations) 310, 608, 1009 and 1207 over 93 communities:
    3.3, 6.5, 10.8 and 13.0 (a mean to one decimal), and a small line of them, each row named
    by the milestone's title."""
    text = str(render("html", example_report, "en"))
    section = text.split('data-target="urban-average">')[1].split("</section>")[0]
    history = section.split('<table class="history">')[1].split("</table>")[0]
    page = Page(history)
    assert [t for t in page.texts if t.isdigit() and len(t) == 4] == [
        "2020",
        "2021",
        "2022",
        "2023",
    ]
    row = history.split("Mean organizations per urban community, the whole city (2023)")[1]
    row = row.split("</tr>")[0]
    assert Page(row).texts[:4] == ["3.3", "6.5", "10.8", "13.0"]
    assert '<svg class="spark"' in row


def test_self_contained(example_report):
    """No script, no external file, no link out: the page forbids them and uses none."""
    text = str(render("html", example_report))
    page = Page(text)
    assert not page.all("script")
    assert not page.all("link")
    assert not page.all("img")
    assert "http://" not in text
    assert "https://" not in text
    assert "url(" not in text
    csp = page.all("meta", **{"http-equiv": "Content-Security-Policy"})
    assert len(csp) == 1
    assert "default-src 'none'" in str(csp[0]["content"])


def test_a_results_row_names_the_milestone_by_its_title_alone(example_report):
    """Each results table has six columns, 目标任务 to 差距, and no cell of milestone ids
    (``urban-average-city-2023``) an official cannot quote: the id is only the row's
    ``data-milestone`` and part of the anchor the title links to, for a program."""
    text = str(render("html", example_report))
    tables = text.split('<table class="results">')[1:]
    assert len(tables) == 25
    for table in tables:
        table = table.split("</table>")[0]
        head = Page(table.split("</thead>")[0])
        assert head.texts == ["目标任务", "完成时限", "状态", "实际", "目标", "差距"]
        assert 'class="id"' not in table
        for row in table.split("<tbody>")[1].split("</tr>")[:-1]:
            assert len(Page(row).all("td")) == 6
    page = Page(text)
    ids = {found["data-milestone"] for found in page.all("tr") if "data-milestone" in found}
    assert ids == {r.milestone for r in example_report.results}
    shown = " ".join(page.texts)
    assert [r.milestone for r in example_report.results if r.milestone in shown] == []
    city = Page(text.split('data-milestone="urban-average-city-2023">')[1].split("</tr>")[0])
    assert city.texts == [
        "全市城市社区平均社区社会组织数（2023年）",
        "2023年12月31日",
        "未完成",
        "13.0个/社区",
        "不少于15个",
        "全市城市社区尚需新增188个社区社会组织",
    ]
    assert city.all("a") == [{"href": "#r-urban-average-city-2023-city"}]
    assert page.all("article", id="r-urban-average-city-2023-city")


def test_printable(example_report):
    """The page has print styles: its sections are laid out for paper too."""
    assert "@media print" in str(render("html", example_report))


def test_hostile_names_are_text(hostile_report):
    """A district, community, organization and clause named ``<script>…`` are text on the
    page (five times: two tables, the chart, the shortfall, the clause), never elements."""
    text = render("html", hostile_report)
    assert isinstance(text, str)
    page = Page(text)
    assert not page.all("script")
    assert "<script>alert" not in text
    assert page.texts.count(SCRIPT) >= 5
    assert FORMULA in page.texts


def test_autoescape_is_on():
    """The template environment escapes everything, whatever a template forgets."""
    assert html_renderer._environment().autoescape is True


def test_met_late_and_not_met_bars_differ_and_the_legend_matches_them(example_report):
    """In every chart each bar's colour is one of its legend's, each legend colour is a
    bar's; a ``met_late`` bar is not coloured as a ``not_met`` one, and a value that has
    changed since its due date has an outline of today's value beside it."""
    late = [r for r in example_report.results if r.status is Status.MET_LATE]
    assert late
    colours = {}
    for target in {r.target for r in example_report.results}:
        results = [r for r in example_report.results if r.target == target]
        chart = html_renderer.chart(results, options("zh"))
        if chart is None:
            continue
        legend = {key.colour: key.label for key in chart.legend if key.kind == "status"}
        assert {bar.colour for bar in chart.bars} == set(legend)
        for bar in chart.bars:
            colours.setdefault(bar.status, set()).add(bar.colour)
            assert legend[bar.colour] == html_renderer.words.term(
                f"status.{bar.status}", options("zh")
            )
        for bar, result in zip(chart.bars, html_renderer.charted(results), strict=True):
            changed = result.value_now is not None and result.value_now != result.value
            assert (bar.now_width is not None) is changed
    assert colours["met_late"].isdisjoint(colours["not_met"])
    text = str(render("html", example_report))
    assert 'class="key-now"' in text


def test_the_footer_names_the_data_source(example_report):
    """The footer names where the data came from, when it was changed and its rows, besides
    the digest."""
    page = Page(str(render("html", example_report)))
    footer = page.all("footer")[0]
    said = " ".join(page.texts)
    assert example_report.source.location in said
    assert "社区社会组织4865行" in said
    assert example_report.fingerprint in said
    assert footer is not None


def test_the_checksum_is_whole_at_the_top_as_in_every_report(example_report):
    """The 数据校验码 under the title is the whole checksum (32 characters), as the text,
    Word, Markdown and Excel reports give it, not its first 16: a reader matches one form
    to another by it."""
    page = Page(str(render("html", example_report)))
    assert len(example_report.fingerprint) == 32
    at = page.texts.index("数据校验码")  # the masthead's, then the footer's
    assert page.texts[at + 1] == example_report.fingerprint
    assert page.texts.count(example_report.fingerprint) == 2


def test_short_unit_tables_say_what_each_unit_lacks(example_report):
    """No short unit is left saying nothing: a community under a mean lacks a number of
    organizations, a township outside a coverage is 未覆盖, an organization short of
    registration says why under 原因 (and nothing under 尚缺)."""
    by_milestone = {(r.milestone, r.scope.id): r for r in example_report.results}
    mean = html_renderer._detail(by_milestone["urban-average-city-2023", "city"], options("zh"))
    assert mean.units[0].need.isdigit()
    coverage = by_milestone["township-federation-coverage-2022", "341003"]
    detail = html_renderer._detail(coverage, options("zh"))
    assert [unit.need for unit in detail.units] == ["未覆盖"]
    assert all(
        (unit.need not in ("", "—")) != bool(unit.reason)
        for r in example_report.results
        for unit in html_renderer._detail(r, options("zh")).units
    )
