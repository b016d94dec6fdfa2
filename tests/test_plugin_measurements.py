"""What a plugin's target returns that no count and no plan allow is an ``error`` result.

A trial (a province's targets written as a plugin): a target that judged by ``< 0.99``
where the plan said at least 50% was shown 已完成 with 目标 低于99%, the plan's threshold
dropped; a count of −3 was 实际-3个 and 未完成, one of 2.5 was 2.5个 and 已完成. The
engine refuses them, saying why in both languages, and the contract names each.
"""

from __future__ import annotations

from typing import Any

import attrs
import polars as pl
import pytest

import scoplan
from scoplan import Measurement, Requirement, measures
from scoplan.params import Count, OptionalShare, Share
from scoplan.testing import (
    DatasetBuilder,
    assert_status,
    contract_dataset,
    contract_failures,
    evaluate_target,
    find_result,
)

AS_OF = "2023-06-30"


def kind(measure: Any, params: type[Any] = Share, id: str = "province-kind") -> scoplan.TargetKind:
    """A plugin's target kind measuring with ``measure``."""
    return scoplan.TargetKind(
        id=id,
        title=scoplan.Text("省级测试目标", "A province's test target"),
        description=scoplan.Text("测试", "Test"),
        params=params,
        measure=measure,
        columns=(),
    )


@pytest.fixture(scope="module")
def data() -> scoplan.Dataset:
    """One district of two townships, one of them with a federation: a share of 1/2."""
    build = DatasetBuilder().district("D1", "甲区")
    build.township("T1", "D1").township("T2", "D1")
    build.community("C1", "T1").community("C2", "T2")
    build.federation("F1", "T1", founded="2021-01-01")
    return build.build()


def federated(context: scoplan.Context, params: Any) -> Measurement:
    """The share of the scope's townships with a federation, judged as the params say."""
    townships = context.data.townships_in(context.scope.districts)
    return measures.share_covered(
        context,
        townships,
        pl.Series(["T1"], dtype=pl.String),
        requirement=Requirement.of(params),
        level="township",
        noun="townships",
    )


def below_99(context: scoplan.Context, params: Any) -> Measurement:
    """The share measured, judged by ``< 0.99`` whatever the plan says (the trial's)."""
    return attrs.evolve(federated(context, params), required=0.99, comparator="<")


def counted(value: float | None) -> Any:
    """A measure giving a count of ``value`` against the plan's requirement."""

    def measure(context: scoplan.Context, params: Any) -> Measurement:
        return Measurement(value, params.threshold, params.comparator, unit="count")

    return measure


def only(report: scoplan.Report) -> scoplan.Result:
    (result,) = report.results
    return result


# -- the requirement ----------------------------------------------------------------------


def test_a_requirement_other_than_the_plans_is_an_error_saying_both(data):
    """The plan says ≥ 0.5; the target judged 1/2 by ``< 0.99``: met, by its own measure.
    It is an error naming the target's requirement and the plan's, in both languages."""
    report = evaluate_target(kind(below_99), data, params={"threshold": 0.5}, as_of=AS_OF)
    result = assert_status(report, "province-kind", "error")
    assert result.message == (
        "TypeError: target 'province-kind' returned a Measurement whose requirement "
        "(required and comparator) is < 0.99, not the milestone's own in the plan: >= 0.5 "
        "(take it from the params: Requirement.of(params))"
    )
    assert result.message_zh == (
        "目标类型“province-kind”返回的 Measurement 不能使用：要求（required 和 comparator）"
        "为 < 0.99，不是方案中此里程碑的要求 >= 0.5（应取自其参数：Requirement.of(params)）"
    )


@pytest.mark.parametrize(
    ("required", "comparator", "got"),
    [(0.5, ">", "> 0.5"), (0.6, ">=", ">= 0.6"), (None, None, "none")],
    ids=["comparator", "threshold", "no-requirement"],
)
def test_each_part_of_the_requirement_must_be_the_plans(data, required, comparator, got):
    """Another comparator alone, another threshold alone, or none at all (a judged
    milestone shown as an indicator) is each an error."""

    def measure(context: scoplan.Context, params: Any) -> Measurement:
        return attrs.evolve(federated(context, params), required=required, comparator=comparator)

    report = evaluate_target(kind(measure), data, params={"threshold": 0.5}, as_of=AS_OF)
    result = assert_status(report, "province-kind", "error")
    assert f"is {got}, not the milestone's own in the plan: >= 0.5" in (result.message or "")


def test_a_requirement_where_the_plan_sets_none_is_an_error(data):
    """An indicator's params (no threshold) and a target that judges by ``>= 0.3`` anyway."""

    def measure(context: scoplan.Context, params: Any) -> Measurement:
        return federated(context, Share(threshold=0.3))

    report = evaluate_target(kind(measure, OptionalShare), data, as_of=AS_OF)
    result = assert_status(report, "province-kind", "error")
    assert "is >= 0.3, not the milestone's own in the plan: none" in (result.message or "")
    assert "为 >= 0.3，不是方案中此里程碑的要求 无" in result.message_zh


def test_the_plans_requirement_is_judged(data):
    """The control: the plan's ≥ 0.5 (given as the whole number 1 ÷ 2 meets it), ``> 0.5``
    (it does not), an indicator with no threshold (info), and the same requirement written
    as a whole number (``1`` for ``1.0``): each judged as before."""
    met = evaluate_target(kind(federated), data, params={"threshold": 0.5}, as_of=AS_OF)
    assert (only(met).status.value, only(met).value, only(met).required) == ("met", 0.5, 0.5)
    params = {"threshold": 0.5, "comparator": ">"}
    short = evaluate_target(kind(federated), data, params=params, as_of=AS_OF)
    assert only(short).status.value == "not_met"

    def indicator(context: scoplan.Context, params: Any) -> Measurement:
        return measures.indicator(0.5, unit="share", numerator=1, denominator=2)

    info = evaluate_target(kind(indicator, OptionalShare), data, as_of=AS_OF)
    assert only(info).status.value == "info"

    def whole(context: scoplan.Context, params: Any) -> Measurement:
        return Measurement(2.0, 1, ">=", unit="count")  # the params' 1.0, written 1

    assert only(evaluate_target(kind(whole, Count), data, as_of=AS_OF)).status.value == "met"


@attrs.frozen(kw_only=True)
class OwnWords:
    """A plugin's params that name their requirement otherwise: the engine cannot tell."""

    at_least: float = 0.5


def test_params_that_name_no_threshold_are_not_checked(data):
    """Params without ``threshold`` and ``comparator``: what the target judges by stands."""

    def measure(context: scoplan.Context, params: Any) -> Measurement:
        return federated(context, Share(threshold=params.at_least))

    report = evaluate_target(kind(measure, OwnWords), data, as_of=AS_OF)
    assert only(report).status.value == "met"


# -- counts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "wrong", "wrong_zh"),
    [
        (-3, "value is a count of -3: no count is below 0", "value 是个数，为 -3：个数不能小于0"),
        (
            2.5,
            "value is a count of 2.5: a count is a whole number (0, 1, 2…)",
            "value 是个数，为 2.5：个数须为整数（0、1、2……）",
        ),
    ],
    ids=["negative", "fraction"],
)
def test_a_count_below_zero_or_not_whole_is_an_error(data, value, wrong, wrong_zh):
    """−3 was 实际-3个 and 未完成, 2.5 was 2.5个 and 已完成: each is an error saying why."""
    report = evaluate_target(kind(counted(value), Count), data, as_of=AS_OF)
    result = assert_status(report, "province-kind", "error")
    said = "TypeError: target 'province-kind' returned a Measurement whose"
    assert result.message == f"{said} {wrong}"
    assert result.message_zh == f"目标类型“province-kind”返回的 Measurement 不能使用：{wrong_zh}"


@pytest.mark.parametrize(("value", "status"), [(0, "not_met"), (3.0, "met"), (None, "no_data")])
def test_a_whole_count_is_judged(data, value, status):
    """The control: 0 and 3 (as a float) are counts, None no data."""
    report = evaluate_target(kind(counted(value), Count), data, as_of=AS_OF)
    assert find_result(report, "province-kind").status.value == status


# -- the contract -------------------------------------------------------------------------


def clauses(failures: list[str]) -> set[str]:
    return {failure.split(":", 1)[0] for failure in failures}


@pytest.fixture(scope="module")
def varied() -> scoplan.Dataset:
    return contract_dataset()


def test_the_contract_names_a_requirement_other_than_the_plans(varied):
    """It missed the trial's ``< 0.99``: every result of the kind is an error now, and each
    failure says the requirement is not the plan's (the contract's params: ≥ 0.9)."""
    failures = contract_failures(kind(below_99), varied)
    assert failures
    assert clauses(failures) == {"runs"}
    wrong = (
        "requirement (required and comparator) is < 0.99, "
        "not the milestone's own in the plan: >= 0.9"
    )
    assert all(wrong in failure for failure in failures)


@pytest.mark.parametrize(
    ("value", "wrong"),
    [
        (-3, "a count of -3: no count is below 0"),
        (2.5, "a count of 2.5: a count is a whole number"),
    ],
    ids=["negative", "fraction"],
)
def test_the_contract_names_a_count_below_zero_or_not_whole(varied, value, wrong):
    """The trial's counts of −3 and 2.5 (given for the empty scope too) were said only to be
    no ``no_data`` on an empty scope; each result is named with what is wrong now."""
    failures = contract_failures(kind(counted(value), Count), varied)
    assert failures
    assert clauses(failures) == {"runs"}
    assert all(wrong in failure for failure in failures)
