"""The text report (scoplan.renderers.text): what a terminal shows, names as they are."""

from __future__ import annotations

from builders import PLAN_HEAD, builtin_registry, community, district, township

import scoplan
from scoplan.renderers.text import render_text
from scoplan.testing import build_dataset

from .conftest import AS_OF, FORMULA, SCRIPT, render


def test_hostile_names_are_printed_as_they_are(hostile_report):
    """A terminal shows ``<script>…`` and ``=HYPERLINK("x")`` as the text they are."""
    text = render("text", hostile_report, "en")
    assert isinstance(text, str)
    assert SCRIPT in text
    assert FORMULA in text


def test_rich_markup_in_a_name_is_text():
    """A district named ``[red]x[/red]`` is shown with its brackets, not as a red x."""
    data = build_dataset(
        districts=[district("D1", name="[red]x[/red]")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1")],
    )
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + '\n[[milestones]]\nid = "avg"\ntarget = "urban-average"\ndue = 2023-12-31\n'
        + "scope = { each = true }\nparams = { threshold = 3 }\n"
    )
    report = scoplan.evaluate(data, plan, AS_OF, registry=builtin_registry())
    assert "[red]x[/red]" in render_text(report, "en", color=True)


def test_plan_terms_in_text(hostile_report):
    """``render_text`` takes the plan's words for the language too."""
    text = render_text(hostile_report, "zh", terms={"status.not_met": "未达标"})
    assert "未达标" in text
    assert "未完成" not in text
