"""A plugin's own words (issue 17): the nouns it gives as Text are said in the
report's language; a plain string is shown as given, never as a key (``noun.funds``)."""

from __future__ import annotations

import attrs
import pytest

import scoplan
from scoplan import Code, Measurement, Report, TargetKind, Text
from scoplan.renderers.text import render_text
from scoplan.testing import district_dataset, evaluate_target


@attrs.frozen
class _Params:
    threshold: float = 5


def _short_of_funds(noun: str) -> object:
    def measure(context: object, params: _Params) -> Measurement:
        return Measurement(2, params.threshold, ">=", gap=params.threshold - 2, gap_noun=noun)

    return measure


def _kind(noun: str, **words: object) -> TargetKind:
    return TargetKind(
        "funds-raised",
        Text("筹集资金", "Funds raised"),
        Text("筹集的资金笔数", "How many funds were raised"),
        _Params,
        _short_of_funds(noun),  # type: ignore[arg-type]
        **words,  # type: ignore[arg-type]
    )


def _report(kind: TargetKind, threshold: float = 5) -> Report:
    data = district_dataset(communities=2, organizations=2)
    return evaluate_target(kind, data, as_of="2023-12-31", params={"threshold": threshold})


def test_a_noun_the_plugin_registers_is_said_in_the_reports_language():
    kind = _kind(
        "funds", nouns={"funds": Text("笔资金", "funds"), "funds.one": Text("笔资金", "fund")}
    )
    report = _report(kind)
    assert report.results[0].gap is not None
    assert report.results[0].gap.noun == "funds"
    zh, en = render_text(report, "zh"), render_text(report, "en")
    assert "3笔资金" in zh
    assert "3 more funds" in en
    assert "noun.funds" not in zh + en
    one = render_text(_report(kind, threshold=3), "en")
    assert "1 more fund" in one
    assert "1 more funds" not in one


def test_the_nouns_travel_with_the_report_through_json():
    kind = _kind("funds", nouns={"funds": Text("笔资金", "funds")})
    report = _report(kind)
    again = Report.from_dict(report.to_dict())
    assert render_text(again, "zh") == render_text(report, "zh")
    assert "3笔资金" in render_text(again, "zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_plain_noun_is_shown_as_given(lang):
    text = render_text(_report(_kind("funds")), lang)
    assert "noun.funds" not in text
    assert "funds" in text


def test_a_plain_word_among_the_nouns_is_the_same_in_both_languages():
    kind = _kind("funds", nouns={"funds": "funds 资金"})
    assert kind.nouns == {"funds": Text("funds 资金", "funds 资金")}
    report = _report(kind)
    assert "3funds 资金" in render_text(report, "zh")
    assert "3 more funds 资金" in render_text(report, "en")


def test_the_plan_terms_win_over_a_plugins_noun():
    from scoplan.engine import report_terms
    from scoplan.testing.evaluation import MilestoneSpec, plan_of

    plan = plan_of([MilestoneSpec("m", "funds-raised", __import__("datetime").date(2023, 12, 31))])
    plan = attrs.evolve(plan, terms={"zh": {"noun.funds": "项资金"}})
    kind = _kind("funds", nouns={"funds": Text("笔资金", "funds")})
    terms = report_terms(plan, [kind])
    assert terms["zh"]["noun.funds"] == "项资金"
    assert terms["en"]["noun.funds"] == "funds"
    assert report_terms(attrs.evolve(plan, terms={}), [_kind("funds")]) == {}


class _Stations:
    """A plugin that registers a kind of platform (its words, a Chinese spelling) and a
    category of organization."""

    @staticmethod
    @scoplan.hookimpl
    def scoplan_register_codes(register: object) -> None:
        station = Text("社区志愿服务站", "volunteer stations")
        register(Code("establishments", "kind", "volunteer_station", station, ("志愿服务站",)))  # type: ignore[operator]
        elders = Text("养老服务类", "elderly care")
        register(Code("organizations", "category", "elder_care", elders))  # type: ignore[operator]


@pytest.mark.parametrize(
    ("target", "params", "zh", "en"),
    [
        (
            "establishment-count",
            {"kind": "志愿服务站", "level": "within", "threshold": 1},
            "区D1社区志愿服务站数（2023年）",
            "Number of volunteer stations",
        ),
        (
            "establishment-coverage",
            {"kind": "volunteer_station", "level": "township", "threshold": 0.5},
            "建有社区志愿服务站的乡镇（街道）占比",
            "with volunteer stations",
        ),
        (
            "community-average",
            {"category": ["elder_care"], "threshold": 1},
            "平均养老服务类社区社会组织数",
            "elderly care",
        ),
    ],
)
def test_a_code_a_plugin_registers_is_named_by_its_title(target, params, zh, en):
    """A milestone named from a plugin's code (a generic kind's) says the code's title, as
    it says scoplan's own codes' words — never the code (``D1volunteer_station数``)."""
    registry = scoplan.load_registry(
        scoplan.get_plugin_manager(entry_points=False, extra=[_Stations])
    )
    data = district_dataset(communities=2, organizations=2)
    report = evaluate_target(
        target,
        data,
        as_of="2023-12-31",
        params=params,
        scope={"districts": ["D1"]},
        registry=registry,
    )
    (result,) = report.results
    assert zh in result.title
    assert en in result.title_en
    assert "volunteer_station" not in result.title + result.title_en
    assert "elder_care" not in result.title + result.title_en


def test_a_count_of_a_plugins_kind_says_what_is_lacking_by_its_title():
    """``establishment-count`` of a plugin's kind short of its threshold says the kind:
    ``尚需新增2个社区志愿服务站`` (a provincial trial's plan read ``尚需新增1个平台或制度``),
    in English too, and again from the report's JSON; a plan's own word for
    ``noun.establishments`` still wins."""
    registry = scoplan.load_registry(
        scoplan.get_plugin_manager(entry_points=False, extra=[_Stations])
    )
    data = district_dataset(communities=2, organizations=2)  # no establishment at all
    report = evaluate_target(
        "establishment-count",
        data,
        as_of="2023-12-31",
        params={"kind": "volunteer_station", "level": "within", "threshold": 2},
        scope={"districts": ["D1"]},
        registry=registry,
    )
    zh, en = render_text(report, "zh"), render_text(report, "en")
    assert "尚需新增2个社区志愿服务站" in zh
    assert "平台或制度" not in zh
    assert "2 more volunteer stations" in en
    assert "尚需新增2个社区志愿服务站" in render_text(Report.from_dict(report.to_dict()), "zh")
    own = attrs.evolve(report, terms={"zh": {"noun.establishments": "个站点"}})
    assert "尚需新增2个站点" in render_text(own, "zh")
