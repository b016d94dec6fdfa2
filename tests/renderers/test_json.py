"""The JSON report (scoplan.renderers.json): the same for both languages, names as data."""

from __future__ import annotations

import json

from .conftest import FORMULA, SCRIPT, render


def test_hostile_names_are_strings(hostile_report):
    """The names come back from the JSON exactly as they are in the data."""
    data = json.loads(render("json", hostile_report))
    assert [r["scope"]["name"] for r in data["results"]] == [SCRIPT, FORMULA, "测试市"]
    units = [u["name"] for u in data["results"][2]["gap"]["units"]]
    assert units == [SCRIPT, FORMULA]


def test_the_same_in_both_languages(example_report):
    """JSON carries both languages itself: ``--lang`` does not change a byte."""
    assert render("json", example_report, "zh") == render("json", example_report, "en")
