"""A report rendered in memory through the public API (``scoplan.render``), and a problem's
message in both languages (``Problem.message``, ``Problem.message_zh``), as the README's
Python API section says them (a user trial found neither said there)."""

from __future__ import annotations

import datetime as dt
import io
import json

import attrs
import docx
import openpyxl
import pytest
from builders import builtin_registry, community, district, organization, township

import scoplan
from scoplan.formats import RenderOptions
from scoplan.i18n import describe_problem
from scoplan.problem_list import as_json

AS_OF = dt.date(2023, 12, 31)


@pytest.fixture(scope="module")
def report() -> scoplan.Report:
    """The bundled example on the bundled plan as of 2023-12-31."""
    registry = builtin_registry()
    data = scoplan.load(scoplan.example_path(), registry=registry)
    return scoplan.evaluate(data, registry.plan("huangshan-2021-2023"), AS_OF, registry=registry)


@pytest.mark.parametrize(
    ("fmt", "renderer", "lang"),
    [
        ("html", "html", "zh"),
        ("md", "markdown", "en"),
        ("markdown", "markdown", "zh"),
        ("text", "text", "zh"),
        ("json", "json", "en"),
        ("csv", "csv", "zh"),
    ],
)
def test_render_gives_what_the_format_renderer_gives(report, fmt, renderer, lang):
    """``scoplan.render(report, fmt, lang=…)`` is the registered renderer's text (``md``
    is ``markdown``, as ``--format`` takes it)."""
    found = builtin_registry().renderer(renderer)
    assert found is not None
    expected = found.render(report, RenderOptions(lang=lang))
    assert scoplan.render(report, fmt, lang=lang) == expected
    assert isinstance(expected, str)


def test_render_gives_workbooks_and_documents_as_bytes(report):
    """``xlsx`` and ``docx`` are bytes a workbook and a Word document open from; the
    default format is the text report, in Chinese."""
    workbook = scoplan.render(report, "xlsx")
    assert isinstance(workbook, bytes)
    assert "全市" in openpyxl.load_workbook(io.BytesIO(workbook)).sheetnames
    document = scoplan.render(report, "docx", lang="en")
    assert isinstance(document, bytes)
    assert docx.Document(io.BytesIO(document)).paragraphs
    assert scoplan.render(report) == scoplan.render(report, "text", lang="zh")
    assert "已完成" in str(scoplan.render(report))


def test_render_says_it_in_the_plans_words(report):
    """A plan's own words (``[terms.zh]``, ``report.terms``) win, as in ``scoplan
    evaluate``: 全市 is 全县域 where the plan says so."""
    own = attrs.evolve(report, terms={"zh": {"where.city": "全县域"}})
    assert "全县域" in str(scoplan.render(own, "text"))
    assert "全县域" not in str(scoplan.render(report, "text"))


def test_render_refuses_a_format_or_language_it_has_not():
    """A format no plugin registers is a ValueError naming those there are; a language
    scoplan has no words of, likewise."""
    registry = builtin_registry()
    data = scoplan.load(scoplan.example_path(), registry=registry)
    report = scoplan.evaluate(data, registry.plan("huangshan-2021-2023"), AS_OF)
    with pytest.raises(ValueError, match=r"csv, docx, html, json, markdown, text, xlsx.*'pdf'"):
        scoplan.render(report, "pdf")
    with pytest.raises(ValueError, match="zh, en"):
        scoplan.render(report, "html", lang="fr")


def test_a_problem_says_itself_in_both_languages_as_the_json_list_does():
    """``problem.message`` and ``problem.message_zh`` are the JSON problem list's
    ``message`` and ``message_zh`` for the same problem: a founding date 2021-13-01 (no
    such day) in the first of the organizations given."""
    tables = {
        "districts": [district("341002")],
        "townships": [township("341002001", "341002")],
        "communities": [community("341002001001", "341002001")],
        "organizations": [organization("O1", "341002001001", founded="2021-13-01")],
    }
    checkup = scoplan.check(tables)
    (problem,) = [p for p in checkup.problems if not p.is_warning]
    assert problem.message == describe_problem(problem, "en") == str(problem)
    assert problem.message_zh == describe_problem(problem, "zh")
    assert "2021-13-01" in problem.message_zh
    assert "没有“2021-13-01”这一天" in problem.message_zh
    assert "2021-13-01" in problem.message
    listed = [
        row for row in json.loads(as_json(checkup))["problems"] if row["code"] == problem.code
    ]
    assert [(row["message"], row["message_zh"]) for row in listed] == [
        (problem.message, problem.message_zh)
    ]
