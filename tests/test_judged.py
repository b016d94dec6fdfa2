"""tests/judged.py: a property that never judged the cases it names fails."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from judged import judged, must_judge


def test_a_property_that_judged_nothing_fails():
    """Every example passes, none judged the case: the test fails, naming the case."""

    @must_judge("a big number")
    @settings(max_examples=20, database=None)
    @given(st.integers(0, 10))
    def prop(n):
        judged("a big number", n > 100)
        assert n <= 10

    with pytest.raises(AssertionError, match=r"prop: no example judged \['a big number'\]"):
        prop()


def test_a_property_that_judged_each_case_passes():
    """Both cases judged in some example: the property passes as it would without it."""

    @must_judge("even", "odd")
    @settings(max_examples=30, database=None)
    @given(st.integers(0, 1000))
    def prop(n):
        judged("even", n % 2 == 0)
        judged("odd", n % 2 == 1)

    prop()


def test_a_failing_property_still_fails_as_itself():
    """A failure inside the property is hypothesis's, not the judging's."""

    @must_judge("anything")
    @settings(max_examples=10, database=None)
    @given(st.integers(0, 10))
    def prop(n):
        judged("anything")
        assert n < 0

    with pytest.raises(AssertionError, match="assert"):
        prop()
