"""The Word report (scoplan.renderers.docx), read back with python-docx: an official
document's layout, and the numbers of the JSON report."""

from __future__ import annotations

import io
import json

import docx
import pytest
from docx.shared import Cm

from scoplan.renderers.docx import chinese_number
from scoplan.renderers.json import render_json

from .conftest import FORMULA, SCRIPT, render


def document(content: str | bytes):
    """The rendered bytes opened as a Word document."""
    assert isinstance(content, bytes)
    return docx.Document(io.BytesIO(content))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def zh(example_report):
    return document(render("docx", example_report, "zh"))


@pytest.fixture(scope="module")
def plain(example_report):
    """The JSON report of the same evaluation, as plain data."""
    return json.loads(render_json(example_report))


def test_title_date_and_summary_paragraph(zh, plain):
    """A centred title, the evaluation date in Chinese, and a summary whose counts are the
    JSON report's."""
    lines = texts(zh)
    assert lines[0] == "关于社区社会组织培育发展目标完成情况的评估报告"
    assert lines[1] == "（2023年12月31日）"
    summary = lines[2]
    assert summary.startswith("根据《黄山市培育发展社区社会组织专项行动计划（2021—2023年）》")
    assert f"共评估{len(plain['results'])}项结果" in summary
    names = {
        "met": "已完成",
        "met_late": "逾期完成",
        "not_met": "未完成",
        "info": "仅作监测（不考核）",
    }
    for status, name in names.items():
        assert f"{name}{plain['summary'][status]}项" in summary


def test_the_files_properties_name_the_report_and_its_maker(zh):
    """File › Properties shows the report's title and scoplan as its author, not the
    library that wrote the file (python-docx's default, which a county trial read)."""
    properties = zh.core_properties
    assert properties.title == "关于社区社会组织培育发展目标完成情况的评估报告"
    assert (properties.author, properties.last_modified_by) == ("scoplan", "scoplan")


def test_a_numbered_section_per_target_kind(zh, plain):
    """一、二、… one section per target kind, in the order the kinds first appear; a generic
    kind's milestones by what each measures (the plan's three of establishment-coverage:
    service centres, evaluation systems, work plans), each under its own words."""
    headings = [p.text for p in zh.paragraphs if p.style.name == "Heading 1"]
    kinds = list(dict.fromkeys((r["target"], r["target_title"]) for r in plain["results"]))
    assert len({target for target, _ in kinds}) == 23
    assert len(headings) == len(kinds) == 25
    assert headings[0] == "一、城市社区平均拥有社区社会组织数"
    assert "六、建有社会组织培育发展服务中心的乡镇（街道）占比" in headings
    assert not any("某类" in heading for heading in headings)
    assert headings[20].startswith("二十一、")
    assert headings[24].startswith("二十五、")


def test_each_sections_table_has_the_json_numbers(zh, plain):
    """The first table is the urban average's: the city's row gives 1207/93 to one decimal,
    the requirement, and the JSON's gap of 188 (15 × 93 - 1207)."""
    first = plain["results"][0]
    assert first["milestone"] == "urban-average-city-2023"
    table = rows(zh.tables[0])
    assert table[0] == ["目标任务", "完成时限", "状态", "实际", "目标", "差距"]
    row = table[1]
    assert row[0] == first["title"] == "全市城市社区平均社区社会组织数（2023年）"
    assert row[2] == "未完成"
    value = first["evidence"]["numerator"] / first["evidence"]["denominator"]
    assert row[3] == f"{value:.1f}个/社区" == "13.0个/社区"
    assert row[4] == f"不少于{first['required']:g}个"
    assert str(first["gap"]["amount"]) in row[5]
    assert row[5] == "全市城市社区尚需新增188个社区社会组织"


def test_the_short_units_by_district_and_township(zh, plain):
    """Under the city's urban average, a table of its 59 short communities, each with its
    district and township, as many as the JSON lists."""
    first = plain["results"][0]
    table = rows(zh.tables[2])  # after the section's table and the breakdown by township
    assert table[0] == ["区县", "乡镇（街道）", "单位", "编号", "实际", "尚缺"]
    assert len(table) - 1 == len(first["gap"]["units"]) == first["gap"]["units_total"] == 59
    by_id = {unit["id"]: unit for unit in first["gap"]["units"]}
    for district, township, name, code, value, need in table[1:]:
        unit = by_id[code]
        assert (district, township, name) == (unit["district"], unit["township"], unit["name"])
        assert (int(value), int(need)) == (unit["value"], unit["need"])


def test_clauses_are_quoted(zh):
    """The plan's clauses in quotation marks, each with its reference."""
    # verbatim, as the document writes it (a space after 到), its commas full-width
    assert "条款一：“到 2023年底，全市每个城市社区平均拥有不少于15个社区社会组织”。" in texts(zh)


def test_the_annex_names_the_data_source(zh, example_report):
    """The annex says where the data came from, with its digest."""
    lines = texts(zh)
    assert "附：数据来源" in lines
    assert any(line.startswith(f"数据来源：{example_report.source.location}") for line in lines)
    assert f"数据校验码：{example_report.fingerprint}" in lines


def test_a4_with_official_margins(zh):
    """A4, top 3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm (GB/T 9704)."""
    page = zh.sections[0]
    found = (page.page_width, page.page_height, page.top_margin, page.bottom_margin)
    found += (page.left_margin, page.right_margin)
    expected = (Cm(21), Cm(29.7), Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6))
    # Word keeps lengths in twentieths of a point: within a hundredth of a millimetre
    assert all(abs(a - b) < Cm(0.001) for a, b in zip(found, expected, strict=True))


def test_in_english(example_report):
    """In English: the title, numbered sections 1. 2. …, English words in the tables."""
    doc = document(render("docx", example_report, "en"))
    lines = texts(doc)
    assert lines[0] == "Evaluation of the community social organization plan"
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1. Organizations per urban community"
    assert any("social-venture (gongyi chuangtou)" in h for h in headings)
    row = rows(doc.tables[0])[1]
    assert row[3:5] == ["13.0 per community", "at least 15"]


def test_hostile_names_are_text(hostile_report):
    """Names that are HTML or formulas are the text they are."""
    doc = document(render("docx", hostile_report, "en"))
    cells = [cell for table in doc.tables for row in rows(table) for cell in row]
    assert SCRIPT in cells
    assert FORMULA in cells


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一")]
)
def test_chinese_numbers(n, text):
    """Sections are numbered as a Chinese document numbers them."""
    assert chinese_number(n) == text
