"""Every number a report for people shows is rounded one way: half away from zero (四舍五入,
as official statistics and Excel round) on the decimal value as written, not on the binary
one — a user trial found 9/16 shown 56.2% in the text, Markdown, HTML and Word reports and
56.3% in the workbook, whose cell holds 0.5625 formatted ``0.0%``. And still never so far
that a value seems to meet a requirement it does not (99.96% of 100% is ``99.96%``).

The values expected are worked out by hand: 9/16 = 0.5625 exactly, 56.25% to 0.1% half up is
56.3% (Python's ``f"{56.25:.1f}"`` gives 56.2, the tie to even); 9/4 = 2.25 is 2.3 (2.2);
0.285, in binary 0.28499999999999998, is 0.29 to two places as Excel shows it (Python 0.28);
1/8 = 12.5% needs no rounding at 0.1%.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import ROUND_HALF_UP, Context, Decimal

import attrs
import openpyxl
import pytest
from builders import shown_text
from hypothesis import example, given
from hypothesis import strategies as st
from judged import judged, must_judge

from scoplan.projection import Projection
from scoplan.renderers import words, xlsx
from scoplan.report import Evidence, Report, Result, ScopeRef, Status
from scoplan.target import holds

from .conftest import options, render


def excel_shows(value: float, number_format: str) -> str:
    """What Excel shows of a cell holding ``value`` formatted ``number_format`` (``0``,
    ``0.0``, ``0.00%``): the value to 15 significant digits (all Excel keeps), then rounded
    half away from zero to the format's places, a percentage a hundred times it."""
    match = re.fullmatch(r"0(?:\.(0+))?(%?)", number_format)
    assert match is not None, number_format
    places, percent = len(match[1] or ""), bool(match[2])
    kept = Context(prec=15).plus(Decimal(value))  # exact binary value → 15 digits, as Excel
    if percent:
        kept = kept.scaleb(2)
    shown = kept.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format(shown, "f") + ("%" if percent else "")


def test_excel_model_agrees_with_what_excel_is_known_to_show():
    """The model above, on what Excel shows: 0.5625 as ``0.0%`` is 56.3%, 0.285 as ``0.00``
    is 0.29, 2.25 as ``0.0`` is 2.3, -2.25 is -2.3."""
    assert excel_shows(0.5625, "0.0%") == "56.3%"
    assert excel_shows(0.285, "0.00") == "0.29"
    assert excel_shows(2.25, "0.0") == "2.3"
    assert excel_shows(-2.25, "0.0") == "-2.3"


@pytest.mark.parametrize(
    ("value", "unit", "extra", "shown"),
    [
        (9 / 16, "share", 0, "56.3%"),
        (1 / 8, "share", 0, "12.5%"),
        (9 / 4, "per_community", 0, "2.3"),
        (0.285, "per_community", 1, "0.29"),
        (1.005, "per_community", 1, "1.01"),  # binary 1.00499999999999989
        (-9 / 4, "per_community", 0, "-2.3"),  # away from zero
        (2.5, "count", 0, "2.5"),
        (2.25, "count", 0, "2.3"),
        (7.0, "count", 0, "7"),
        (0.0005, "share", 0, "0.1%"),
    ],
)
def test_numbers_round_half_away_from_zero(value, unit, extra, shown):
    """A tie rounds away from zero, on the value as written."""
    assert words.number(value, unit, extra) == shown


def result_of(example_report: Report, **changes: object) -> Result:
    """The first result of the example changed as the test says, without a history, a
    projection or a value today of its own."""
    plain = {"history": (), "projection": None, "value_now": None}
    return attrs.evolve(example_report.results[0], **{**plain, **changes})


def test_a_tie_is_rounded_up_unless_that_would_meet_the_requirement(example_report):
    """56.25% against at least 100% is 56.3%; against at least 56.3% it is 56.25% (56.3%
    would seem to meet it); at most 56.25% it is met, and 56.3% would seem not to be."""
    share = {"unit": "share", "value": 9 / 16, "comparator": ">="}
    assert words.measured(result_of(example_report, **share, required=1.0), 9 / 16) == "56.3%"
    assert words.measured(result_of(example_report, **share, required=0.563), 9 / 16) == "56.25%"
    at_most = result_of(example_report, **{**share, "comparator": "<="}, required=0.5625)
    assert words.measured(at_most, 9 / 16) == "56.25%"
    mean = result_of(example_report, unit="per_community", value=2.25, comparator=">=")
    assert words.measured(attrs.evolve(mean, required=15), 2.25) == "2.3"
    assert words.measured(attrs.evolve(mean, required=2.3), 2.25) == "2.25"


def test_requirements_rates_and_distances_round_alike(example_report):
    """A requirement of 12.5% is ``12.5%``; 0.125 per community to two places ``0.13``; a
    rate still needed of 2.25 per community a year ``2.3``; a district 2.25 short ``2.3个/
    社区``; a category's share of 9/16 ``56.3%``."""
    assert words.target_number(0.125, "share") == "12.5%"
    assert words.target_number(0.00125, "per_community") == "0"  # 0.00125 to 2 places: 0.00
    assert words.target_number(0.125, "per_community") == "0.13"
    mean = result_of(
        example_report,
        unit="per_community",
        value=12.75,
        required=15,
        comparator=">=",
        projection=Projection("linear", False, dt.date(2025, 12, 31), needed_per_year=2.25),
    )
    assert words.needed(mean, options("zh")) == "至2025年12月31日每个社区每年平均还需增加2.3个"
    assert words.difference(mean, 2.25, options("zh")) == "2.3个/社区"
    share = attrs.evolve(mean, unit="share")
    assert words.difference(share, 0.0225, options("zh")) == "2.3个百分点"
    details = {"categories": {"sports": {"count": 9, "share": 9 / 16}}}
    indicator = attrs.evolve(mean, evidence=Evidence(details=details))
    assert "（56.3%）" in words.breakdown(indicator, options("zh"))[0][1]


@pytest.mark.parametrize(
    ("ratio", "shown"),
    [
        (0.945, "0.945"),  # not on track: "0.95" would read as on track
        (0.9496, "0.9496"),
        (0.955, "0.96"),  # on track, half up
        (1.005, "1.01"),
        (0.95, "0.95"),
        (0.5, "0.50"),
    ],
)
def test_the_growth_ratio_never_seems_to_reach_what_it_does_not(ratio, shown):
    """The growth method's ratio is said against 0.95 (不低于0.95为有望按期完成): shown to two
    places half up, with more where two would read as on track when it is not."""
    assert words.ratio_number(ratio) == shown


def parsed(text: str) -> float:
    """A number as shown (``56.3%`` → 0.563)."""
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


@st.composite
def near_requirements(draw: st.DrawFn) -> tuple[str, float, str, float]:
    """A unit, a value (a fraction of whole numbers, as a mean or share is, or a tie), a
    comparator and a requirement as a plan writes one (to 0.01%, or 0.01), near the value."""
    unit = draw(st.sampled_from(["share", "per_community"]))
    if draw(st.booleans()):
        denominator = draw(st.integers(1, 5000))
        top = denominator if unit == "share" else 40 * denominator
        value = draw(st.integers(0, top)) / denominator
    else:  # a tie at some place: 0.xx5, 0.xxx5…
        places = draw(st.integers(1, 5))
        whole = 10**places * (1 if unit == "share" else 40)
        value = (2 * draw(st.integers(0, whole - 1)) + 1) / (2 * 10**places)
    grid = Decimal("0.0001") if unit == "share" else Decimal("0.01")
    near = Decimal(repr(value)).quantize(grid) + draw(st.integers(-3, 3)) * grid
    required = float(max(near, grid))
    return unit, value, draw(st.sampled_from([">=", ">", "<=", "<"])), required


@must_judge("met", "not met", "more digits than the unit's")
@given(near_requirements())
@example(("share", 9 / 16, ">=", 0.563))
@example(("share", 9 / 16, "<=", 0.5625))
@example(("share", 0.9996, ">=", 1.0))
@example(("per_community", 14.96, ">=", 15.0))
def test_shown_values_never_contradict_the_verdict_and_agree_with_excel(case):
    """The value shown, read against the requirement shown, says what the verdict says; and
    the workbook's cell, in its format, shows what the text shows."""
    unit, value, comparator, required = case
    result = Result(
        milestone="m",
        title="全市平均",
        title_en="Mean",
        target="t",
        scope=ScopeRef("city", "city", "全市"),
        due=dt.date(2023, 12, 31),
        status=Status.INFO,
        value=value,
        required=required,
        comparator=comparator,
        unit=unit,
        measured_on=dt.date(2023, 12, 31),
    )
    shown = words.measured(result, value)
    verdict = holds(value, comparator, required)
    said_required = parsed(words.target_number(required, unit))
    judged("met", verdict)
    judged("not met", not verdict)
    decimals = len(shown.rstrip("%").partition(".")[2])
    judged("more digits than the unit's", decimals > 1)
    assert holds(parsed(shown), comparator, said_required) == verdict, (shown, verdict)
    number_format = xlsx.value_format(result, value)
    assert number_format is not None
    assert excel_shows(value, number_format) == shown


def test_every_format_shows_a_tie_as_the_workbook_does(example_report):
    """9 of 16 townships with a federation (56.25%) and 2.25 organizations per community
    are 56.3% and 2.3 in the text, Markdown, HTML and Word reports, as the workbook's cells
    (0.5625 as ``0.0%``, 2.25 as ``0.0``) show them; none says 56.2% or 2.2."""
    changed = []
    for result in example_report.results:
        key = (result.milestone, result.scope.id)
        if key == ("township-federation-coverage-2023", "city"):
            evidence = attrs.evolve(result.evidence, numerator=9, denominator=16)
            result = attrs.evolve(result, value=9 / 16, value_now=None, evidence=evidence)
        elif key == ("urban-average-city-2023", "city"):
            evidence = attrs.evolve(result.evidence, numerator=9, denominator=4)
            result = attrs.evolve(
                result, value=2.25, value_now=None, evidence=evidence, breakdown=()
            )
        changed.append(result)
    report = attrs.evolve(example_report, results=tuple(changed))
    for fmt in ("text", "markdown", "html", "docx"):
        seen = shown_text(report, fmt)
        assert "56.3%" in seen, fmt
        assert "56.2%" not in seen, fmt
        assert "2.3个/社区" in seen, fmt
        assert "2.2个/社区" not in seen, fmt
    made = render("xlsx", report)
    assert isinstance(made, bytes)
    book = openpyxl.load_workbook(io.BytesIO(made))
    cells = {
        (cell.value, cell.number_format)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value in (9 / 16, 2.25)
    }
    assert cells == {(9 / 16, "0.0%"), (2.25, "0.0")}
    assert {excel_shows(value, form) for value, form in cells} == {"56.3%", "2.3"}
