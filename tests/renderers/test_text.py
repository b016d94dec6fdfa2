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


def test_a_long_chinese_warning_follows_its_mark_on_its_line(tmp_path):
    """歙县民政局's own register against the city plan: the partial-data warning, longer
    than the 120 columns, follows its ``?`` on the line, the terminal wrapping it, as the
    data source's line does; rich cut both at their last space, leaving ``  ?`` alone."""
    import bureau

    tables = bureau.register()
    for rows in tables.values():  # 屯溪区's rows out
        rows[1:] = [row for row in rows[1:] if not any(c.startswith("341002") for c in row)]
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    data = scoplan.load(bureau.write(tmp_path / "歙县台账", tables))
    report = scoplan.evaluate(data, plan, AS_OF)
    assert report.warnings[0].code == "partial_data"
    lines = render_text(report, "zh", width=120).splitlines()
    expected = (
        "  ? 歙县台账：数据只含歙县（计划所列7个区县中的1个）；缺屯溪区、黄山区、徽州区、"
        "休宁县、黟县、祁门县：只评估数据中的区县，全市及缺区县的目标不作评判"
    )
    assert expected in lines
    assert "  ?" not in lines
    (source,) = [line for line in lines if line.startswith("数据来源：")]
    assert source.endswith("平台与制度2行；活动1行）")


def test_the_summary_line_counts_indicators_in_the_plural(example_report):
    """The bundled example's 8 indicators are ``8 indicators`` in English (was ``8
    indicator``); the Chinese line is as it was."""
    english = render_text(example_report, "en").splitlines()
    assert "Summary: 46 met, 5 met late, 24 not met, 8 indicators" in english
    assert (
        "汇总：已完成46项，逾期完成5项，未完成24项，仅作监测（不考核）8项"
        in render_text(example_report, "zh").splitlines()
    )
