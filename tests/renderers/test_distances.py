"""A district's figure and its distance from the requirement, side by side, add up as shown.

A user trial found ``黟县8.3个/社区`` beside ``黟县尚差6.8个/社区`` under the city's 15: the mean,
33 organizations of 4 urban communities, is 8.25, shown 8.3 (half away from zero), and its
distance 6.75 was rounded on its own to 6.8, where 15 − 8.3 = 6.7. The distance is the
requirement as shown less the value as shown; a value short is shown with the digits it needs
not to seem to meet its requirement, so that its distance is never 0 (14.96 of 15 is shown
14.96, 0.04 short).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st
from judged import judged, must_judge

from scoplan.renderers import words
from scoplan.report import Evidence, Part, Result, ScopeRef, Status
from scoplan.target import holds

from .conftest import options

ON = dt.date(2022, 12, 31)


def city_result(
    unit: str, value: float, comparator: str, required: float, target: str = "urban-average"
) -> Result:
    """A milestone of the city not judged on a county's run, with 黟县's own figure."""
    return Result(
        milestone="m",
        title="全市城市社区平均社区社会组织数（2022年）",
        title_en="Mean",
        target=target,
        scope=ScopeRef("city", "city", "黄山市"),
        due=ON,
        status=Status.NOT_COVERED,
        required=required,
        comparator=comparator,
        unit=unit,
        measured_on=ON,
        evidence=Evidence(),
        parts=(
            Part(
                "341023",
                "黟县",
                value=value,
                met=holds(value, comparator, required),
            ),
        ),
    )


def test_the_trials_mean_and_its_distance_add_up():
    """33 organizations of 4 urban communities, 8.25, against 15: ``黟县8.3个/社区`` and
    ``黟县尚差6.7个/社区`` (15 − 8.3), not 6.8."""
    result = city_result("per_community", 33 / 4, ">=", 15)
    said = words.reference(result, options("zh"))
    assert words.unjudged_value(result, options("zh")) == "黟县8.3个/社区（不评判）"
    assert "黟县尚差6.7个/社区" in said, said


def test_a_share_near_its_requirement_is_shown_with_the_digits_its_distance_needs():
    """9995 of 10000 (99.95%) against 100%: 99.95% and 0.05 percentage points, neither read
    as met (100.0%, 0.0); and 7 of 9 (77.777…%) against 80%: 77.8% and 2.2 points."""
    near = city_result("share", 9995 / 10000, ">=", 1.0, "registration")
    assert words.unjudged_value(near, options("zh")) == "黟县99.95%（不评判）"
    assert "黟县尚差0.05个百分点" in words.reference(near, options("zh"))
    seven = city_result("share", 7 / 9, ">=", 0.8, "registration")
    assert "黟县尚差2.2个百分点" in words.reference(seven, options("zh"))


def test_over_a_ceiling_adds_up_the_other_way():
    """A mean of 5.25 (21 of 4) above a ceiling of 5: shown 5.3, 0.3 over (5.3 − 5)."""
    result = city_result("per_community", 21 / 4, "<=", 5)
    assert "黟县超出0.3个/社区" in words.reference(result, options("zh"))


def shown_number(text: str) -> Decimal:
    """The number of a value or distance as shown (``8.3``, ``72.2%``)."""
    return Decimal(text.rstrip("%"))


@st.composite
def short_values(draw: st.DrawFn) -> tuple[str, float, str, float]:
    """A unit, a value that misses its requirement (a fraction of whole numbers, as a mean
    or share is, or a count), a comparator and a requirement as a plan writes one."""
    unit = draw(st.sampled_from(["share", "per_community", "count"]))
    denominator = 1 if unit == "count" else draw(st.integers(1, 5000))
    top = denominator if unit == "share" else 40 * denominator
    value = draw(st.integers(0, top)) / denominator
    grid = Decimal("0.0001") if unit == "share" else Decimal("0.01")
    near = Decimal(repr(value)).quantize(grid) + draw(st.integers(-30, 30)) * grid
    required = float(max(near, grid))
    if draw(st.booleans()):  # a round requirement, as most plans write
        required = float(round(required, 2 if unit == "share" else 0)) or 1.0
    comparator = draw(st.sampled_from([">=", ">", "<=", "<"]))
    return unit, value, comparator, required


@must_judge("at least", "at most", "more digits than the unit's")
@given(short_values())
@example(("per_community", 8.25, ">=", 15.0))
@example(("per_community", 14.96, ">=", 15.0))
@example(("share", 0.9996, ">=", 1.0))
@example(("share", 9 / 16, ">=", 0.563))
@example(("count", 7.0, ">=", 10.0))
@example(("per_community", 14.999, ">", 15.0))
def test_a_shown_value_and_its_shown_distance_make_the_shown_requirement(case):
    """For any value short of its requirement, in every unit: the value shown plus the
    distance shown (less it, over a ceiling) is the requirement shown, and the distance is
    never 0 but for a value that is a strict requirement itself."""
    unit, value, comparator, required = case
    result = city_result(unit, value, comparator, required)
    if holds(value, comparator, required):
        return
    shown = shown_number(words.measured(result, value))
    written = shown_number(words.target_number(required, unit))
    said = words.distance(result, value, options("zh"))
    found = re.match(r"[\d.]+", said)
    assert found is not None, said
    amount = Decimal(found.group())
    judged("at least", comparator in (">=", ">"))
    judged("at most", comparator in ("<=", "<"))
    judged("more digits than the unit's", len(str(shown).partition(".")[2]) > 1)
    # 0 only where the value is a strict requirement itself (15 of "more than 15")
    assert amount > 0 or value == required, (shown, said)
    if comparator in (">=", ">"):
        assert shown + amount == written, (shown, said, written)
    else:
        assert shown - amount == written, (shown, said, written)
