"""What bureau staff write in a register that names a code, a date or an id plainly, and
what they write that does not: a trial's findings.
"""

from __future__ import annotations

import datetime as dt

import pytest
from builders import PLAN_HEAD, builtin_registry, milestone_toml

import scoplan
from scoplan.testing import build_dataset


@pytest.mark.parametrize("words", [["街道办事处"]])
def test_a_plans_township_kinds_take_the_townships_words_only(words):
    """A plan's ``township_kinds`` reads the words of a township's kind: 街道办事处 is
    ``street`` (it was refused: who manages an organization, a column of its own, says
    ``township`` in those words too)."""
    data = build_dataset(
        districts=[{"id": "D1", "kind": "district"}],
        townships=[
            {"id": "T1", "district_id": "D1", "kind": "street"},
            {"id": "T2", "district_id": "D1", "kind": "town"},
        ],
        communities=[{"id": "C1", "township_id": "T1", "kind": "urban"}],
        organizations=[{"id": "O1", "community_id": "C1", "founded": "2021-01-01"}],
        federations=[{"id": "F1", "level": "township", "unit_id": "T1", "founded": "2021-01-01"}],
    )
    day = dt.date(2023, 12, 31)
    results = []
    for kinds in (words, ["street"]):
        params = {"threshold": 0.5, "township_kinds": kinds}
        text = PLAN_HEAD + milestone_toml("m", "township-federation-coverage", day, params)
        plan = scoplan.parse_plan(text)
        report = scoplan.evaluate(data, plan, day, registry=builtin_registry())
        results.append([(r.status, r.value) for r in report.results])
    # T1, the one street, has its federation: the share of streets is 1
    assert results == [[("met", 1.0)], [("met", 1.0)]]
