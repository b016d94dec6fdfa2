"""Every built-in target kind carries worked examples, and each is run as a test.

The examples live beside the kinds, as data: ``scoplan/targets/examples/<kind id>.toml``,
each expected status, value and gap worked out by hand from the example's data (its
``why``). Here every kind of the built-in registry is checked to have them, and each one
is judged by the real engine through ``scoplan.testing.run_example``.
"""

from __future__ import annotations

import pytest
from builders import builtin_registry

from scoplan.testing import UNCHECKED, Example, examples_of, run_example

REGISTRY = builtin_registry()
KINDS = sorted(REGISTRY.targets)


def _cases() -> list[tuple[str, Example]]:
    return [(kind, example) for kind in KINDS for example in examples_of(kind)]


@pytest.mark.parametrize("kind", KINDS)
def test_every_builtin_kind_has_worked_examples(kind):
    """At least two, not all of one status (a kind shown only meeting its target is not
    shown judging), every one saying how its figures were worked out and what the value is."""
    examples = examples_of(kind)
    assert len(examples) >= 2
    assert len({example.status for example in examples}) >= 2, kind
    assert len({example.title for example in examples}) == len(examples)
    for example in examples:
        assert example.why.strip(), example.title
        assert example.value is not UNCHECKED, example.title
        if example.status in ("not_met", "off_track"):
            assert example.gap is not UNCHECKED, example.title


def test_the_kinds_are_the_builtin_ones():
    """The registry judged here is scoplan's own, all of it (no entry-point plugin)."""
    assert len(KINDS) >= 21
    assert {"urban-average", "charters", "establishment-count", "special-groups"} <= set(KINDS)


@pytest.mark.parametrize(
    ("kind", "example"), _cases(), ids=[f"{kind}: {example}" for kind, example in _cases()]
)
def test_example(kind, example):
    """The example's status, value and gap are what its data gives by hand."""
    result = run_example(REGISTRY.targets[kind], example, registry=REGISTRY)
    assert result.milestone == kind
    assert result.status.value == example.status
