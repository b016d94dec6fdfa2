"""Words a reader sees (scoplan.renderers.words): catalogue entries, and a plan's own words."""

from __future__ import annotations

import datetime as dt
import io

import attrs
import openpyxl
import pytest
from builders import builtin_registry

import scoplan
from scoplan.formats import RenderOptions
from scoplan.renderers import words
from scoplan.report import Gap, Status

from .conftest import HOSTILE_PLAN, SCRIPT, hostile_data, options

ON = dt.date(2023, 12, 31)


def test_term_from_the_catalogue():
    """Without the plan's words, a key is the catalogue's, in the language asked."""
    assert words.term("status.not_met", options("zh")) == "未完成"
    assert words.term("status.not_met", options("en")) == "not met"


def test_term_prefers_the_plan():
    """A plan's word for a key wins over the catalogue's, with values filled in."""
    renamed = options("zh", **{"status.not_met": "未达标", "gap.more": "缺{amount}{noun}"})
    assert words.term("status.not_met", renamed) == "未达标"
    assert words.gap(Gap(3, "organizations", ON), renamed) == "缺3个社区社会组织"


def test_gap_in_both_languages():
    """One township short is singular in English; 40 organizations plural."""
    assert words.gap(Gap(1, "townships", ON), options("en")) == "1 more township"
    assert words.gap(Gap(40, "organizations", ON), options("en")) == "40 more organizations"
    assert words.gap(Gap(40, "organizations", ON), options("zh")) == "尚需新增40个社区社会组织"


def test_a_plural_renamed_alone_is_used_for_one_too():
    """A plan that renames ``noun.organizations`` only has its word for one as well."""
    renamed = options("en", **{"noun.organizations": "associations"})
    assert words.gap(Gap(1, "organizations", ON), renamed) == "1 more associations"


def test_plan_renames_a_target_title(hostile_report):
    """``target.<id>`` in the plan's words renames what a target kind measures (a section's
    heading); the milestone's own title names the scope and the year."""
    result = hostile_report.results[0]
    assert words.kind_title(result, options("zh")) == "城市社区平均拥有社区社会组织数"
    assert words.title(result, options("zh")) == f"{SCRIPT}城市社区平均社区社会组织数（2023年）"
    renamed = options("zh", **{"target.urban-average": "城市社区平均社会组织数（本省口径）"})
    assert words.kind_title(result, renamed) == "城市社区平均社会组织数（本省口径）"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "csv", "xlsx"])
def test_every_format_uses_the_plan_words(hostile_report, fmt):
    """Each format says "未达标" where a plan renames ``status.not_met``, and never "未完成"."""
    renderer = builtin_registry().renderer(fmt)
    assert renderer is not None
    output = renderer.render(
        hostile_report, RenderOptions(lang="zh", terms={"status.not_met": "未达标"})
    )
    if isinstance(output, bytes):
        book = openpyxl.load_workbook(io.BytesIO(output))
        output = "\n".join(
            str(value)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
            for value in row
        )
    assert "未达标" in output
    assert "未完成" not in output


def test_plan_terms_reach_the_report():
    """A plan's ``[terms.zh]`` are in its report, for the CLI to hand to the renderers."""
    plan = scoplan.parse_plan(HOSTILE_PLAN + '\n[terms.zh]\n"status.not_met" = "未完成"\n')
    report = scoplan.evaluate(hostile_data(), plan, ON, registry=builtin_registry())
    assert report.terms == {"zh": {"status.not_met": "未完成"}}


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "csv", "xlsx", "json"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_status_in_every_format(hostile_report, fmt, lang):
    """A report with one result of each status, an error's message and a result with no
    value among them, renders in every format and language, each status in its words."""
    base = hostile_report.results[0]
    results = tuple(
        attrs.evolve(
            base,
            status=status,
            value=None if status in (Status.NO_DATA, Status.ERROR) else base.value,
            message="target raised: boom" if status is Status.ERROR else None,
        )
        for status in Status
    )
    report = attrs.evolve(hostile_report, results=results)
    renderer = builtin_registry().renderer(fmt)
    assert renderer is not None
    output = renderer.render(report, RenderOptions(lang=lang))
    if isinstance(output, bytes):
        book = openpyxl.load_workbook(io.BytesIO(output))
        output = "\n".join(
            str(value)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
            for value in row
        )
    if fmt != "json":
        for status in Status:
            assert words.status(status, options(lang)) in output
    assert "target raised: boom" in output


def test_a_coverage_of_districts_says_each_covered_or_not(example_report):
    """A share whose every district is one unit (a district-level 公益创投 coverage) says
    which districts are covered, not ``黄山区100.0%、祁门县0.0%`` (a yes or no as a
    percentage); a share of several units per district keeps its percentages."""
    from scoplan.report import Part

    share = next(r for r in example_report.results if r.unit == "share")
    yes_no = (
        Part("341003", "黄山区", 1.0, 1, 1, True, name_en="Huangshan"),
        Part("341021", "歙县", 1.0, 1, 1, True, name_en="She"),
        Part("341024", "祁门县", 0.0, 0, 1, False, name_en="Qimen"),
    )
    result = attrs.evolve(share, parts=yes_no)
    assert words.parts(result, options()) == "黄山区、歙县已覆盖；祁门县未覆盖"
    assert words.parts(result, options("en")) == "covered: Huangshan, She; not covered: Qimen"
    several = (
        Part("341003", "黄山区", 0.5, 1, 2, False),
        Part("341024", "祁门县", 1.0, 3, 3, True),
    )
    assert words.parts(attrs.evolve(share, parts=several), options()) == "黄山区50.0%、祁门县100.0%"
