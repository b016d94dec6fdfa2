"""A mean's units short whose shortfalls add up to more than its gap say why.

An official adds up the 尚缺 column of the units short and finds 344 where the gap says 296
(a section chief's trial): a mean counts the total, so a community above the target makes
up for one below. The count of units says so wherever it is given; where the two agree it
says nothing more.
"""

from __future__ import annotations

import datetime as dt

import pytest
from builders import builtin_registry, community, district, organization, township

from scoplan.testing import build_dataset, evaluate_target

from .conftest import docx_text, render

AS_OF = dt.date(2023, 12, 31)


def report_of(organizations_in_c2: int, threshold: int = 6):
    """Urban average of C1 (no organization) and C2 (``organizations_in_c2``), as of AS_OF."""
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=[community("C1", "T1"), community("C2", "T1")],
        organizations=[organization(f"O{i}", "C2") for i in range(organizations_in_c2)],
    )
    return evaluate_target(
        "urban-average",
        data,
        as_of=AS_OF,
        params={"threshold": threshold},
        registry=builtin_registry(),
    )


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "docx"])
def test_shortfalls_adding_up_to_more_than_the_gap_are_explained(fmt: str) -> None:
    """C2 holds 10 against 6, C1 none: the mean needs 2 more (12 − 10), C1 alone lacks 6."""
    content = render(fmt, report_of(10))
    text = docx_text(content) if isinstance(content, bytes) else content
    assert "共1个（各社区尚缺数合计6个，多于所需的2个：" in text
    assert "超过目标的社区多出的组织可以抵补" in text
    english = render("text", report_of(10), "en")
    assert "1 in all (their shortfalls add up to 6, more than the 2 needed:" in english


def test_shortfalls_equal_to_the_gap_say_nothing_more() -> None:
    """C2 holds 6 against 6: the mean needs 6 more, C1 lacks 6, the two agree."""
    text = render("text", report_of(6))
    assert "未达标单位：共1个\n" in text
    assert "合计" not in text
