"""The narrow data API: a dataset's cache keyed by function and bounded, ``remember`` and the
two requirement keywords deprecated, :class:`scoplan.Requirement`."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from builders import community, district, township

import scoplan
from scoplan import Requirement, measures
from scoplan.dataset import CACHE_SIZE
from scoplan.target import Context, Scope
from scoplan.testing import build_dataset

CALLS: list[tuple[str, int]] = []


def doubled(data: scoplan.Dataset, n: int) -> int:
    CALLS.append(("doubled", n))
    return 2 * n


def tripled(data: scoplan.Dataset, n: int) -> int:
    CALLS.append(("tripled", n))
    return 3 * n


@pytest.fixture
def data() -> scoplan.Dataset:
    CALLS.clear()
    return build_dataset(districts=[district("D1")])


def test_cached_computes_once_per_function_and_arguments(data):
    """The same question is answered once; another function with the same arguments is
    another question (no shared keys)."""
    assert [data.cached(doubled, 5), data.cached(doubled, 5), data.cached(tripled, 5)] == [
        10,
        10,
        15,
    ]
    assert CALLS == [("doubled", 5), ("tripled", 5)]


def test_cached_is_bounded_least_recently_used_first(data):
    """Past CACHE_SIZE answers of one function, the least recently used is made again."""
    for n in range(CACHE_SIZE):
        data.cached(doubled, n)
    data.cached(doubled, 0)  # used again: now the most recent
    data.cached(doubled, CACHE_SIZE)  # one too many: 1, the oldest unused, goes
    CALLS.clear()
    data.cached(doubled, 0)
    data.cached(doubled, 1)
    assert CALLS == [("doubled", 1)]


def test_remember_still_works_but_warns(data):
    """The old tuple-keyed cache answers as before, with a DeprecationWarning."""
    made = []
    with pytest.warns(DeprecationWarning, match="Dataset.cached"):
        first = data.remember(("mine", 1), lambda: made.append(1) or "x")
    with pytest.warns(DeprecationWarning, match="remember"):
        second = data.remember(("mine", 1), lambda: made.append(2) or "y")
    assert (first, second, made) == ("x", "x", [1])


def _context() -> Context:
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1"), community("C2", "T1"), community("C3", "T1")],
    )
    scope = Scope("district", "D1", "D1", ("D1",))
    return Context(data, scope, dt.date(2022, 12, 31), dt.date(2022, 12, 31))


def test_the_old_keywords_warn_and_judge_as_a_requirement_does():
    """share_covered(required=, comparator=) is share_covered(requirement=), with a warning."""
    context = _context()
    units = context.data.communities_in(["D1"])
    covered = pl.Series(["C1"])
    new = measures.share_covered(
        context, units, covered, requirement=Requirement(0.5), level="community", noun="c"
    )
    with pytest.warns(DeprecationWarning, match="requirement="):
        old = measures.share_covered(
            context, units, covered, required=0.5, comparator=">=", level="community", noun="c"
        )
    assert old == new
    # 1 of 3 covered, at least half required: 1/3 < 0.5; 2 of 3 would do, so 1 more
    assert (new.value, new.met, new.gap) == (pytest.approx(1 / 3), False, 1)


def test_a_measure_needs_one_requirement():
    """Neither, or both, of requirement= and the old keywords is a TypeError."""
    context = _context()
    frame = context.data.communities_in(["D1"])
    with pytest.raises(TypeError, match="needs requirement"):
        measures.count(context, frame, noun="c")
    with pytest.raises(TypeError, match="not both"):
        measures.count(context, frame, requirement=Requirement(1), required=1, noun="c")


@pytest.mark.parametrize(
    ("comparator", "value", "holds"),
    [(">=", 0.7, True), (">", 0.7, False), ("<=", 0.7, True), ("<", 0.69, True), ("==", 0.7, True)],
)
def test_requirement_holds(comparator, value, holds):
    """value comparator 0.7, with a float's tolerance."""
    assert Requirement(0.7, comparator).holds(value) is holds


def test_requirement_refuses_an_unknown_comparator():
    with pytest.raises(ValueError, match="one of >=, >, <=, <, =="):
        Requirement(1.0, "=>")  # type: ignore[arg-type]
