"""A plugin's own words (issue 17): the nouns it gives as Text are said in the
report's language; a plain string is shown as given, never as a key (``noun.funds``)."""

from __future__ import annotations

import attrs
import pytest

from scoplan import Measurement, Report, TargetKind, Text
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
