"""A plugin's target that fails, or whose plugin failed to load, said in Chinese words.

A trial (a province's targets written as a plugin): a plugin that failed to load gave rows
titled ``迎江区community-min-orgs（2024年）`` whose 说明 read ``community-min-orgs：未安装此目标
类型``; a target that raised was ``出错：RuntimeError: …``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from builders import shown_text

import scoplan
from scoplan.testing import DatasetBuilder, evaluate_target, find_result

AS_OF = "2023-06-30"


class FailsToLoad:
    """A province's plugin that raises while it registers its target kinds."""

    @staticmethod
    @scoplan.hookimpl
    def scoplan_register_targets(register: Any) -> None:
        raise RuntimeError("安庆插件注册时故意出错")


@pytest.fixture(scope="module")
def data() -> scoplan.Dataset:
    """Two districts of one township and one community each."""
    build = DatasetBuilder().district("D1", "迎江区").district("D2", "大观区")
    build.township("T1", "D1").township("T2", "D2")
    build.community("C1", "T1").community("C2", "T2")
    return build.build()


@pytest.fixture(scope="module")
def failed() -> scoplan.Registry:
    """scoplan's own kinds, and a plugin that failed to load."""
    manager = scoplan.get_plugin_manager(entry_points=False, extra=[FailsToLoad])
    registry = scoplan.load_registry(manager)
    assert registry.failures
    return registry


PLAN = """\
id = "anqing"
title = "安庆市方案"
version = "1"
start = 2023-01-01
end = 2023-12-31

[[milestones]]
id = "urban-min2-2023"
target = "community-min-orgs"
due = 2023-12-31
title = "全市拥有2个以上社区社会组织的城市社区占比（2023年）"
params = { min_orgs = 2, threshold = 0.5 }

[[milestones]]
id = "rural-min1-2023"
target = "community-min-orgs"
due = 2023-12-31
scope = { each = true }
params = { min_orgs = 1, threshold = 0.6 }
"""


@pytest.fixture(scope="module")
def report(data: scoplan.Dataset, failed: scoplan.Registry) -> scoplan.Report:
    """The plan of the trial, evaluated without the plugin that has its kind."""
    plan = scoplan.parse_plan(PLAN)
    return scoplan.evaluate(data, plan, dt.date(2023, 6, 30), registry=failed)


def test_a_milestone_of_a_kind_not_loaded_is_titled_in_words(report):
    """The milestone's own title where the plan gives one; else its scope and year around
    words that say what it is: never the kind's id."""
    titled = find_result(report, "urban-min2-2023")
    assert (titled.status.value, titled.title) == (
        "error",
        "全市拥有2个以上社区社会组织的城市社区占比（2023年）",
    )
    untitled = find_result(report, "rural-min1-2023", "D1")
    assert (untitled.title, untitled.title_en) == (
        "迎江区未能加载的插件目标（2023年）",
        "target of a plugin that failed to load, 迎江区 (2023)",
    )


def test_a_kind_not_loaded_is_said_in_words(report):
    """The message names the kind, quoted, and says it is not installed and which plugin
    failed to load, in each language; with no ``community-min-orgs：`` before it."""
    result = find_result(report, "rural-min1-2023", "D2")
    assert result.message_zh == (
        "目标类型“community-min-orgs”未安装（未能加载的插件“FailsToLoad”中可能有它）"
    )
    assert result.message == (
        "PluginError: the target kind 'community-min-orgs' is not installed (a plugin that "
        "failed to load may have it: FailsToLoad)"
    )


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "csv", "xlsx", "docx"])
def test_a_chinese_report_of_a_kind_not_loaded_shows_no_id_but_in_its_message(report, fmt):
    """Every form: the rows titled in words, the note the message alone (no 插件…的目标类型
    “未能加载的插件目标”出错 before it); the kind's id only inside the message, quoted."""
    shown = shown_text(report, fmt)
    assert "迎江区未能加载的插件目标（2023年）" in shown
    assert "目标类型“community-min-orgs”未安装（未能加载的插件“FailsToLoad”中可能有它）" in shown
    assert "区community-min-orgs" not in shown
    assert "community-min-orgs：" not in shown
    assert "目标类型“未能加载的插件目标”" not in shown


class SilentAtLoad:
    """A plugin that raises while it registers, saying nothing of why."""

    @staticmethod
    @scoplan.hookimpl
    def scoplan_register_targets(register: Any) -> None:
        raise RuntimeError()


class MisspeltHook:
    """A plugin that implements a hook no spec declares (a typo)."""

    @staticmethod
    @scoplan.hookimpl
    def scoplan_register_target(register: Any) -> None:
        """(``scoplan_register_targets`` meant.)"""


def test_a_plugin_that_failed_to_load_is_said_in_chinese_then_its_own_words(report):
    """A trial: the run error read ``插件 anqing 加载失败：RuntimeError: …`` in a Chinese
    report. In Chinese it says the plugin was not loaded, quoted, then what the exception
    says; its type is left to the English message, for the plugin's author."""
    (error,) = report.run_errors
    assert error.code == "plugin_failed"
    assert error.message_zh.endswith("插件“FailsToLoad”未能加载：安庆插件注册时故意出错")
    assert error.message.endswith(
        "the plugin FailsToLoad failed to load: RuntimeError: 安庆插件注册时故意出错"
    )
    for fmt in ("text", "markdown", "html", "docx"):
        shown = shown_text(report, fmt)
        assert "插件“FailsToLoad”未能加载：安庆插件注册时故意出错" in shown, fmt
        assert "RuntimeError" not in shown, fmt
        assert "加载失败" not in shown, fmt


def test_a_plugin_that_failed_to_load_saying_nothing_or_misspelling_a_hook():
    """An exception of no message: 未说明原因, not an empty reason; a hook no spec declares:
    said in Chinese too, the hook by its name."""
    manager = scoplan.get_plugin_manager(entry_points=False, extra=[SilentAtLoad, MisspeltHook])
    said = {p.source: p.message_zh for p in scoplan.load_registry(manager).failures}
    assert said["SilentAtLoad"].endswith("插件“SilentAtLoad”未能加载：未说明原因")
    assert said["MisspeltHook"].endswith(
        "插件“MisspeltHook”未能加载：实现了未知的钩子“scoplan_register_target”"
        "（是否拼写有误？见 scoplan.hookspecs）"
    )


# -- a target that raises -----------------------------------------------------------------


def raises(context: scoplan.Context, params: Any) -> scoplan.Measurement:
    raise RuntimeError("安庆插件故意出错：社区数据缺失")


def silent(context: scoplan.Context, params: Any) -> scoplan.Measurement:
    raise RuntimeError()


def kind(measure: Any) -> scoplan.TargetKind:
    return scoplan.TargetKind(
        id="province-kind",
        title=scoplan.Text("社区社会组织达到规定数量的社区占比", "Share of communities"),
        description=scoplan.Text("测试", "Test"),
        params=scoplan.params.Count,
        measure=measure,
        columns=(),
    )


def test_a_target_that_raises_says_so_in_chinese_then_its_own_words(data):
    """``message_zh`` says that the target failed, then what the exception says; the English
    ``message`` keeps its type, for the plugin's author."""
    result = find_result(evaluate_target(kind(raises), data, as_of=AS_OF), "province-kind")
    assert result.status.value == "error"
    assert result.message_zh == "目标计算中止：安庆插件故意出错：社区数据缺失"
    assert result.message == "RuntimeError: 安庆插件故意出错：社区数据缺失"
    quiet = find_result(evaluate_target(kind(silent), data, as_of=AS_OF), "province-kind")
    assert quiet.message_zh == "目标计算中止，未说明原因"


def test_a_chinese_report_of_a_target_that_raised_shows_no_exception_type(data):
    """The report names the plugin's kind by its title, in Chinese words, then the
    exception's text (its type, ``RuntimeError``, is left to the English message)."""
    registry = scoplan.Registry(targets={"province-kind": kind(raises)})
    report = evaluate_target("province-kind", data, as_of=AS_OF, registry=registry)
    shown = shown_text(report, "text")
    assert "目标计算中止：安庆插件故意出错：社区数据缺失" in shown
    assert "RuntimeError" not in shown
