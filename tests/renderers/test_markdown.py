"""The Markdown report (scoplan.renderers.markdown): tables people paste into documents."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from scoplan.renderers.markdown import escape

from .conftest import FORMULA, SCRIPT, render


def to_html(markdown: str) -> str:
    """Markdown as a CommonMark renderer with tables and raw HTML allowed makes it."""
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


@pytest.mark.parametrize(
    ("lang", "title", "summary", "header"),
    [
        (
            "zh",
            "# 社区社会组织培育发展目标评估",
            "## 汇总",
            "| 目标任务 | 完成时限 | 状态 | 实际 | 目标 | 差距 |",
        ),
        (
            "en",
            "# Community social organization plan: evaluation",
            "## Summary",
            "| Target | Deadline | Status | Actual | Target | Gap |",
        ),
    ],
)
def test_example_in_both_languages(example_report, lang, title, summary, header):
    """The example's report has its title, summary and result tables in the language asked."""
    text = render("markdown", example_report, lang)
    assert isinstance(text, str)
    lines = text.splitlines()
    assert lines[0] == title
    assert summary in lines
    assert header in lines


def test_a_results_row_names_the_milestone_by_its_title_alone(example_report):
    """A results row is the title, due date, status, value, target and gap: no column of
    milestone ids (``urban-average-city-2023``), which an official cannot quote; the title
    names each row. No id anywhere else in the report either."""
    text = render("markdown", example_report)
    assert isinstance(text, str)
    lines = text.splitlines()
    header = "| 目标任务 | 完成时限 | 状态 | 实际 | 目标 | 差距 |"
    assert lines.count(header) == 25
    city = "| 全市城市社区平均社区社会组织数（2023年） |"
    row = next(line for line in lines if line.startswith(city))
    assert row == (
        "| 全市城市社区平均社区社会组织数（2023年） | 2023年12月31日 | 未完成 | 13.0个/社区 "
        "| 不少于15个 | 全市城市社区尚需新增188个社区社会组织 |"
    )
    assert not any("编号" in line for line in lines if line.startswith("| 目标任务 |"))
    shown = [r.milestone for r in example_report.results if r.milestone in text]
    assert shown == []


def test_summary_counts_the_example(example_report):
    """The summary table gives the example's counts: 46 met, 5 late, 24 not met, 8 indicators."""
    text = render("markdown", example_report, "en")
    for row in ("| met | 46 |", "| met late | 5 |", "| not met | 24 |", "| indicator | 8 |"):
        assert row in text.splitlines()
    assert "| Total | 83 |" in text.splitlines()


def test_a_section_per_target_kind(example_report):
    """One second-level heading per target kind of the plan (23, the three milestones of
    establishment-coverage each under what it measures: 25), besides the summary and the
    scope readings."""
    text = render("markdown", example_report, "en")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(headings) == 25 + 2
    assert "## Share of townships with cultivation service centres" in headings
    assert "## Organizations per urban community" in headings


def test_unmet_milestone_gives_its_shortfall_and_clause(example_report):
    """The city's urban average (1207 registered and filed organizations over 93 communities,
    13.0 against 15) is detailed under its title with its gap, clause and its 59 short
    communities, each with its district and township: 甘棠社区居委会 of 黄山区, 甘棠镇, with 9
    organizations, 6 short (counted with the csv module)."""
    text = render("markdown", example_report, "en")
    lines = text.splitlines()
    heading = "#### Mean organizations per urban community, the whole city (2023) "
    start = lines.index(heading.rstrip() + ": not met")
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith("####"))
    block = lines[start:end]
    assert "- **Actual and target**: 13.0 per community; target at least 15" in block
    assert "- **Calculation**: 1207 organizations ÷ 93 urban communities" in block
    assert "- **Gap**: 188 more organizations in the urban communities of the whole city" in block
    assert "- **Year-end figures**: 2020 3.3 · 2021 6.5 · 2022 10.8 · 2023 13.0" in block
    assert any(line.startswith("- **Clause 一**:") for line in block)
    assert "| 黄山区 | 甘棠镇 | 甘棠社区居委会 | 341003100001 | 9 | 6 |" in block
    units = [line for line in block if line.startswith("| ") and "341" in line]
    assert len(units) == 59
    assert not any("listed" in line for line in block)


def test_hostile_names_are_text(hostile_report):
    """Names that are HTML or formulas come out as text: no tag, no raw formula start."""
    text = render("markdown", hostile_report)
    assert isinstance(text, str)
    assert "<script" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert f"\\{FORMULA}" in text
    html = to_html(text)
    assert "<script" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4  # district, community,
    # organization and clause


def test_hostile_names_keep_tables_whole(hostile_report):
    """Each row of the shortfall of registration has exactly the five cells of its header
    (district, township, unit, code, reason: an organization short for a reason has no
    value or need to show)."""
    html = to_html(render("markdown", hostile_report, "en"))
    rows = [row for row in re.findall(r"<tr>(.*?)</tr>", html, re.S) if "no managing" in row]
    assert len(rows) == 2
    for row in rows:
        assert row.count("<td>") == 5


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("`code`", "\\`code\\`"),
        ("<b>&", "&lt;b&gt;&amp;"),
        ("=1+1", "\\=1+1"),
        ("-5", "\\-5"),
        ("@home", "\\@home"),
        ("[link](x)", "\\[link\\](x)"),
        ("line\nbreak", "line break"),
        ("黄山市(测试)", "黄山市(测试)"),
    ],
)
def test_escape(text, escaped):
    """Markdown's syntax in a cell is escaped; plain text is left alone."""
    assert escape(text) == escaped


def test_escaped_cells_render_as_the_original_text():
    """What escape() makes renders back to exactly the text it was given."""
    for text in (SCRIPT, FORMULA, "a|b `c` *d* _e_ [f](g) ~h~ \\i", "-1"):
        html = to_html(f"| x |\n| --- |\n| {escape(text)} |\n")
        cell = html.split("<td>")[1].split("</td>")[0]
        unescaped = cell.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
        assert unescaped.replace("&amp;", "&") == text
