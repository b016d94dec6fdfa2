"""A table of units short that are districts names each district once.

A district-level coverage (其他区县公益创投活动区县覆盖率) is short of districts: its table
read ``祁门县 | | 祁门县`` (区县, 乡镇（街道）, 单位), the district twice and an empty
township (a section chief's trial). Its units are districts: the table has no district or
township column, the unit's name says it. The workbook's sheet of units short keeps its
区县 column filled for every row, a district's own too: it is filtered by district to send
each its list.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from builders import builtin_registry, community, district, township

from scoplan.testing import build_dataset, evaluate_target

from .conftest import docx_text, render

AS_OF = dt.date(2023, 12, 31)


@pytest.fixture(scope="module")
def report():
    """D1 and D2, a township and a community each, no 公益创投 held: the coverage of the
    two districts is 0 of 2 against 100%, both short."""
    data = build_dataset(
        districts=[district("D1", name="甲县"), district("D2", name="乙县")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1"), community("C2", "T2")],
    )
    return evaluate_target(
        "gongyi-district-coverage",
        data,
        as_of=AS_OF,
        params={"threshold": 1.0},
        scope={"districts": ["D1", "D2"]},
        registry=builtin_registry(),
    )


def test_the_units_short_are_the_two_districts(report):
    (result,) = report.results
    assert result.gap is not None
    assert [(u.level, u.name) for u in result.gap.units] == [
        ("district", "甲县"),
        ("district", "乙县"),
    ]


def test_markdown_names_each_district_once(report):
    text = render("markdown", report)
    assert isinstance(text, str)
    assert "| 单位 | 编号 | 实际 | 尚缺 |" in text
    assert "| 甲县 | D1 | 0 | 未覆盖 |" in text
    assert "| 区县 |" not in text
    assert "乡镇（街道） |" not in text


def test_html_names_each_district_once(report):
    page = render("html", report)
    assert isinstance(page, str)
    assert '<tr><td>甲县</td><td class="id">D1</td>' in page
    shortfall = page[page.index('<table class="shortfall">') :]
    shortfall = shortfall[: shortfall.index("</table>")]
    assert "区县</th>" not in shortfall
    assert "乡镇（街道）</th>" not in shortfall


def test_word_names_each_district_once(report):
    import docx

    document = docx.Document(io.BytesIO(render("docx", report)))
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "单位"]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["单位", "编号", "实际", "尚缺"],
        ["甲县", "D1", "0", "未覆盖"],
        ["乙县", "D2", "0", "未覆盖"],
    ]
    assert "甲县\n\n甲县" not in docx_text(render("docx", report))


def test_text_names_each_district_once(report):
    text = render("text", report)
    assert isinstance(text, str)
    # (no line of the district above its own: the text was right before)
    assert "  未达标单位：共2个\n    甲县（D1）\n    乙县（D2）\n" in text


def test_the_workbook_keeps_the_district_of_every_row(report):
    book = openpyxl.load_workbook(io.BytesIO(render("xlsx", report)))
    rows = list(book["未达标单位"].iter_rows(values_only=True))
    header = list(rows[0])
    at = {name: header.index(name) for name in ("区县", "乡镇（街道）", "单位层级", "单位名称")}
    found = [tuple(row[at[name]] for name in at) for row in rows[1:] if row[0]]
    assert ("甲县", None, "区县", "甲县") in found
