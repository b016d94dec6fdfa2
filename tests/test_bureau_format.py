"""Data written as a bureau writes it: township kinds, list separators, the city level.

Chinese file names, headers and codes, GB18030 with CRLF line ends, Huangshan's real
division codes: the forms the format accepts besides scoplan's own (docs/DATA.md), in every
path — the careful CSV path, the fast typed one, a workbook, a database, a JSON document,
a what-if's rows.
"""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from builders import build, community, district, evaluate_one, federation, township

import scoplan
from scoplan import PlanError
from scoplan.i18n import describe_problem
from scoplan.params import TownshipKind
from scoplan.schema import TOWNSHIP_KINDS

# -- township kinds ---------------------------------------------------------------------


def test_township_kinds_are_the_schemas() -> None:
    """A plan's ``township_kinds`` takes exactly the kinds the data may give."""
    assert typing.get_args(TownshipKind) == tuple(TOWNSHIP_KINDS)


def zone_data() -> scoplan.Dataset:
    """District D1: a street, a town, a development zone, a scenic area, a state farm (other);
    federations in the street and the zone."""
    return build(
        districts=[district("D1")],
        townships=[
            township("T1", "D1", kind="街道"),
            township("T2", "D1", kind="镇"),
            township("T3", "D1", kind="经济开发区"),
            township("T4", "D1", kind="风景区"),
            township("T5", "D1", kind="农场"),
        ],
        communities=[community("C1", "T1")],
        federations=[federation("F1", "township", "T1"), federation("F2", "township", "T3")],
    )


@pytest.mark.parametrize(
    ("kinds", "covered", "units"),
    [
        ([], 2, 5),  # every township-level unit: T1, T3 of T1..T5
        (["street", "town"], 1, 2),  # T1 of T1, T2
        (["zone", "scenic", "other"], 1, 3),  # T3 of T3, T4, T5
        (["zone"], 1, 1),
        (["scenic"], 0, 1),
    ],
)
def test_a_target_narrowed_to_the_new_kinds(kinds: list[str], covered: int, units: int) -> None:
    """``township_kinds`` counts 开发区, 风景区 and other units as it counts streets."""
    data = zone_data()
    due = dt.date(2021, 12, 31)
    params = {"threshold": 1.0, "township_kinds": kinds} if kinds else {"threshold": 1.0}
    (result,) = evaluate_one(
        data, "township-federation-coverage", due, due, params, {"districts": ["D1"]}
    )
    assert (result.evidence.numerator, result.evidence.denominator) == (covered, units)


def test_an_unknown_township_kind_in_a_plan_lists_the_six() -> None:
    """``township_kinds = ["village"]`` is refused, naming every kind there is."""
    data = zone_data()
    due = dt.date(2021, 12, 31)
    with pytest.raises(PlanError) as error:
        evaluate_one(
            data,
            "township-federation-coverage",
            due,
            due,
            {"threshold": 1.0, "township_kinds": ["village"]},
        )
    message = describe_problem(error.value.problems[0], "en")
    assert (
        "'village' is not allowed (expected one of 'street', 'town', 'township', 'zone', "
        "'scenic', 'other')" in message
    )
