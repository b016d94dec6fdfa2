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
    [("zh", "zh-CN", "汇总", "达成"), ("en", "en", "Summary", "met")],
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
    """The summary lists 45 met, 6 met late, 24 not met and 8 indicators: 83 in all (as
    tests/test_bundled_plans.py works them out)."""
    page = Page(str(render("html", example_report, "en")))
    assert page.counts == {"met": 45, "met_late": 6, "not_met": 24, "info": 8, "total": 83}


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
    urban average of 13.2 against 15 on a 0–20 axis is a bar of 13.2/20 of the plot."""
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
    assert bar.value == "13.20 ≥ 15.00"
    assert [tick.label for tick in chart.ticks] == ["0.00", "5.00", "10.00", "15.00", "20.00"]


def test_history_table_per_section(example_report):
    """The urban average's section has a year-end table, 2020 to 2023, with the city's
    values (registered and filed organizations) 246, 481, 747 and 912 over 76 communities,
    3.24, 6.33, 9.83 and 12.00, and a small line of them."""
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
    row = history.split("urban-average-city-2023")[1].split("</tr>")[0]
    assert Page(row).texts[1:5] == ["3.24", "6.33", "9.83", "12.00"]
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
