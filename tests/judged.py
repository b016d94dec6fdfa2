"""Properties that show they judged something: none can pass having checked nothing.

A property over drawn data can pass vacuously: every drawn dataset empty, every case
filtered out, the branch that compares never taken. Each property records what each
example judged with :func:`judged` (a :func:`hypothesis.event`, shown by
``pytest --hypothesis-show-statistics``), and :func:`must_judge`, its outermost decorator,
fails the test when, after all of hypothesis's examples, one of the cases it names was
never judged::

    @must_judge("some trainings held")
    @settings(max_examples=60)
    @given(data=datasets())
    def test_trainings(data):
        expected = ...
        judged("some trainings held", bool(expected))
        assert measured == expected
"""

from __future__ import annotations

import collections
import functools
from collections.abc import Callable
from typing import Any, TypeVar

import hypothesis

F = TypeVar("F", bound=Callable[..., Any])

_SEEN: collections.Counter[str] = collections.Counter()
"""How many examples judged each case, over the whole test run."""


def judged(case: str, happened: bool = True) -> None:
    """Record that this example judged ``case`` (when ``happened``), and the other cases
    with it as a hypothesis event (``case`` or ``not: case``)."""
    hypothesis.event(case if happened else f"not: {case}")
    if happened:
        _SEEN[case] += 1


def must_judge(*cases: str) -> Callable[[F], F]:
    """The outermost decorator of a property: after its examples ran, each of ``cases``
    was judged (by :func:`judged`) in at least one of them, or the test fails."""

    def decorate(test: F) -> F:
        @functools.wraps(test)
        def run(*args: Any, **kwargs: Any) -> Any:
            before = {case: _SEEN[case] for case in cases}
            outcome = test(*args, **kwargs)
            never = [case for case in cases if _SEEN[case] == before[case]]
            assert not never, f"{test.__name__}: no example judged {never}: it checked nothing"
            return outcome

        return run  # type: ignore[return-value]

    return decorate
