"""The words of a county's own plan (``[area] code_prefix`` one county-level unit): its
reports say its whole area 全区 and its own level 区本级 wherever a city's say 全市, 市本级 or
区县级; a breakdown of its one district names the townships only; every calculation names
its nouns. A city's reports (the bundled 黄山市 plan) keep their words.

浦东新区 (310115) by hand, as of 2023-12-31: 潍坊新村街道 (310115004) has 25 urban
communities, 24 with two organizations and one with one: 49 ÷ 25 = 1.96; 陆家嘴街道
(310115005) has 2 urban communities with one each: 2 ÷ 2 = 1.00; the district 51 ÷ 27 =
1.888…, shown 1.89 (two decimals: 1.96 must not read 2.0 against 不少于2个, and a column has
one precision). The district has its own service centre (met); 潍坊新村街道 has one, 陆家嘴
街道 none (1 of 2 townships); no township has a reporting system (0 of 2); no 公益创投.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import openpyxl
import pytest
from builders import (
    PLAN_HEAD,
    builtin_registry,
    community,
    district,
    establishment,
    organization,
    township,
)

import scoplan
from scoplan.formats import RenderOptions
from scoplan.renderers import words
from scoplan.testing import build_dataset

from .conftest import AS_OF, render

PUDONG, WEIFANG, LUJIAZUI = "310115", "310115004", "310115005"

COUNTY_PLAN = (
    PLAN_HEAD
    + f"""
[area]
name = "浦东新区"
code_prefix = "{PUDONG}"

[[milestones]]
id = "urban"
target = "urban-average"
due = 2023-12-31
params = {{ threshold = 2 }}

[[milestones]]
id = "centre"
target = "service-centres"
due = 2023-12-31

[[milestones]]
id = "township-centres"
target = "establishment-coverage"
due = 2023-12-31
params = {{ kind = "service_centre", level = "township" }}

[[milestones]]
id = "reporting"
target = "activity-reporting"
due = 2023-12-31

[[milestones]]
id = "gongyi"
target = "gongyi-held"
due = 2023-12-31
params = {{ threshold = 1, window = "year" }}
"""
)


def pudong() -> scoplan.Dataset:
    """浦东新区 as the module says."""
    weifang = [f"{WEIFANG}{n:03}" for n in range(1, 26)]
    lujiazui = [f"{LUJIAZUI}{n:03}" for n in range(1, 3)]
    organizations = [organization(f"{c}-1", c) for c in weifang + lujiazui]
    organizations += [organization(f"{c}-2", c) for c in weifang[1:]]
    return build_dataset(
        districts=[district(PUDONG, name="浦东新区", city="上海市")],
        townships=[
            township(WEIFANG, PUDONG, name="潍坊新村街道"),
            township(LUJIAZUI, PUDONG, name="陆家嘴街道"),
        ],
        communities=[community(c, c[:9]) for c in weifang + lujiazui],
        organizations=organizations,
        establishments=[establishment("E1", PUDONG), establishment("E2", WEIFANG)],
    )


@pytest.fixture(scope="module")
def county() -> scoplan.Report:
    registry = builtin_registry()
    data = pudong()
    plan = scoplan.parse_plan(COUNTY_PLAN, registry=registry, data=data)
    return scoplan.evaluate(data, plan, AS_OF, registry=registry)


def as_read(report: scoplan.Report, lang: str = "zh") -> RenderOptions:
    """The options the command renders ``report`` with: the plan's (and its area's) words."""
    return RenderOptions(lang=lang, terms=dict(report.terms.get(lang, {})))


def rendered(fmt: str, report: scoplan.Report) -> str | bytes:
    renderer = builtin_registry().renderer(fmt)
    assert renderer is not None
    return renderer.render(report, as_read(report))


def by_id(report: scoplan.Report) -> dict[str, scoplan.Result]:
    return {result.milestone: result for result in report.results}


def test_the_workbook_names_the_whole_district(county):
    book = openpyxl.load_workbook(io.BytesIO(rendered("xlsx", county)))
    assert book.sheetnames[:3] == ["汇总", "全区", "分乡镇（街道）情况"]
    assert "全市" not in book.sheetnames


def test_a_countys_breakdown_names_its_townships_only(county):
    """No 区县 column, no 小计 repeating 合计; one precision down the column."""
    result = by_id(county)["urban"]
    options = as_read(county)
    assert words.figures_caption(result, options) == "分乡镇（街道）情况（截至2023年12月31日）"
    assert words.figures_header(options, result) == ["乡镇（街道）", "组织数", "社区数", "平均"]
    rows, notes = words.figures_table(result, options)
    assert rows == [
        ["合计", "51", "27", "1.89"],
        ["潍坊新村街道", "49", "25", "1.96"],
        ["陆家嘴街道", "2", "2", "1.00"],
    ]
    assert notes == []


def test_the_workbooks_breakdown_has_one_precision_and_no_district(county):
    book = openpyxl.load_workbook(io.BytesIO(rendered("xlsx", county)))
    sheet = book["分乡镇（街道）情况"]
    header = [cell.value for cell in sheet[1]]
    assert "区县" not in header
    township, mean = header.index("乡镇（街道）"), header.index("平均")
    rows = list(sheet.iter_rows(min_row=2))
    assert [row[township].value for row in rows] == ["合计", "潍坊新村街道", "陆家嘴街道"]
    assert {row[mean].number_format for row in rows} == {"0.00"}


def test_the_text_breakdown_lists_the_townships_once(county):
    """Text: under its caption, the townships' lines alone; no line of 浦东新区 repeating
    the result's 51 ÷ 27 said in its 计算 above."""
    text = rendered("text", county)
    assert isinstance(text, str)
    assert (
        "  分乡镇（街道）情况（截至2023年12月31日）\n"
        "    潍坊新村街道：1.96个/社区（49个组织÷25个社区）\n"
        "    陆家嘴街道：1.00个/社区（2个组织÷2个社区）\n"
        "  未达标单位：共3个\n"
        "    潍坊新村街道："
    ) in text
    assert "浦东新区：" not in text
    assert "    浦东新区\n" not in text


def test_the_html_breakdown_is_one_table_unfolded(county):
    """HTML: the townships' table, in no <details> whose summary would repeat the result."""
    page = rendered("html", county)
    assert isinstance(page, str)
    figures = page[page.index('<div class="figures">') :]
    figures = figures[: figures.index("</div>")]
    assert "<details>" not in figures
    assert "<summary>" not in figures
    cells = re.findall(r"<td[^>]*>(.*?)</td>", figures)
    assert cells == ["潍坊新村街道", "49", "25", "1.96", "陆家嘴街道", "2", "2", "1.00"]


SHORT = [
    ["潍坊新村街道", "310115004001"],
    ["陆家嘴街道", "310115005001"],
    ["陆家嘴街道", "310115005002"],
]
"""The communities short of 2 organizations (one each), by township: no 区县, every one's
浦东新区."""


def test_the_short_units_of_one_district_have_no_district_column(county):
    """The workbook, HTML, Markdown and Word: the short units' tables begin with the
    township; 浦东新区 is in no community's row (it is the unit short of 公益创投, the
    district's own level)."""
    book = openpyxl.load_workbook(io.BytesIO(rendered("xlsx", county)))
    header, *rows = list(book["未达标单位"].iter_rows(values_only=True))
    assert "区县" not in header
    township, unit = header.index("乡镇（街道）"), header.index("单位编号")
    urban = [row for row in rows if row[-1] == "urban"]
    assert [[row[township], row[unit]] for row in urban] == SHORT
    assert not [row for row in urban if "浦东新区" in row]
    page = rendered("html", county)
    assert isinstance(page, str)
    table = page[page.index('<table class="shortfall">') :]
    table = table[: table.index("</table>")]
    assert re.findall(r"<th[^>]*>(.*?)</th>", table)[:2] == ["乡镇（街道）", "单位"]
    assert "浦东新区" not in table
    text = rendered("markdown", county)
    assert isinstance(text, str)
    assert "| 乡镇（街道） | 单位 | 编号 | 实际 | 尚缺 |" in text
    assert "| 潍坊新村街道 | 社区310115004001 | 310115004001 | 1 | 1 |" in text
    document = docx.Document(io.BytesIO(rendered("docx", county)))
    headers = [[cell.text for cell in table.rows[0].cells] for table in document.tables]
    assert ["乡镇（街道）", "单位", "编号", "实际", "尚缺"] in headers
    assert not [h for h in headers if "单位" in h and "区县" in h]


def test_the_documents_headings_say_the_districts_own_level(county):
    doc = docx.Document(io.BytesIO(rendered("docx", county)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "一、城市社区平均拥有社区社会组织数" in headings
    assert "二、区本级社会组织培育发展服务中心" in headings
    assert "五、区本级公益创投活动" in headings
    assert not [h for h in headings if "区县级" in h or "市县级" in h or "全市" in h]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "分乡镇（街道）情况（截至2023年12月31日）" in text
    assert "分区县" not in text


def test_the_html_report_says_the_districts_own_level(county):
    page = rendered("html", county)
    assert isinstance(page, str)
    assert "区本级社会组织培育发展服务中心" in page
    assert "区县级" not in page
    assert "分乡镇（街道）情况（截至2023年12月31日）" in page


def test_the_districts_own_公益创投_is_titled_as_its_training_is(county):
    assert by_id(county)["gongyi"].title == "区本级开展公益创投活动（2023年）"


def test_every_calculation_names_its_nouns(county):
    results, options = by_id(county), as_read(county)
    assert words.evidence(results["township-centres"], options) == (
        "1个建有社会组织培育发展服务中心的乡镇（街道）÷2个乡镇（街道）"
    )
    assert words.evidence(results["reporting"], options) == (
        "0个建立重大活动报告制度的乡镇（街道）÷2个乡镇（街道）"
    )
    assert results["reporting"].title == "全区建立重大活动报告制度的乡镇（街道）占比（2023年）"
    english = words.evidence(results["township-centres"], as_read(county, "en"))
    # one township, singular; two, plural
    assert english == "1 township with cultivation service centres ÷ 2 townships"


def test_a_count_of_a_whole_says_the_whole():
    """special-groups counts organizations: its calculation says of how many, not ÷."""
    registry = builtin_registry()
    data = build_dataset(
        districts=[district(PUDONG, name="浦东新区", city="上海市")],
        townships=[township(WEIFANG, PUDONG)],
        communities=[community(f"{WEIFANG}001", WEIFANG)],
        organizations=[
            organization("O1", f"{WEIFANG}001", serves="elderly"),
            organization("O2", f"{WEIFANG}001", serves="children"),
            organization("O3", f"{WEIFANG}001"),
            organization("O4", f"{WEIFANG}001"),
        ],
    )
    text = PLAN_HEAD + (
        f'[area]\ncode_prefix = "{PUDONG}"\n\n[[milestones]]\nid = "groups"\n'
        'target = "special-groups"\ndue = 2023-12-31\n'
    )
    plan = scoplan.parse_plan(text, registry=registry, data=data)
    report = scoplan.evaluate(data, plan, AS_OF, registry=registry)
    [result] = report.results
    assert words.evidence(result, as_read(report)) == "2个服务特定群体的组织，占4个组织的50.0%"


# -- a city's plan keeps its words ---------------------------------------------------------


def test_a_citys_workbook_and_headings_keep_their_words(example_report):
    book = openpyxl.load_workbook(io.BytesIO(render("xlsx", example_report)))
    assert "全市" in book.sheetnames
    assert "分区县乡镇情况" in book.sheetnames
    figures = book["分区县乡镇情况"]
    assert [cell.value for cell in figures[1]][3:5] == ["区县", "乡镇（街道）"]
    assert "小计" in [row[4].value for row in figures.iter_rows(min_row=2)]
    doc = docx.Document(io.BytesIO(render("docx", example_report)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.endswith("、区县级社会组织培育发展服务中心") for h in headings)
    assert any(h.endswith("、市县级品牌社区社会组织、品牌项目评选") for h in headings)
    assert "区本级" not in "".join(headings)


def test_a_citys_workbook_says_a_district_milestones_total_once(example_report):
    """屯溪区's own mean (urban-average-tunxi-2022) in a city's workbook: its 合计 row, then
    its townships; no 小计 repeating the 合计 (a column summed would count it twice). The
    city's short units keep their 区县 column (seven districts)."""
    result = next(r for r in example_report.results if r.milestone == "urban-average-tunxi-2022")
    (tunxi,) = result.breakdown
    book = openpyxl.load_workbook(io.BytesIO(render("xlsx", example_report)))
    header, *rows = list(book["分区县乡镇情况"].iter_rows(values_only=True))
    at = {name: header.index(name) for name in ("区县", "乡镇（街道）", "组织数", "社区数")}
    mine = [row for row in rows if row[-1] == "urban-average-tunxi-2022"]
    assert [row[at["乡镇（街道）"]] for row in mine] == ["合计", *(t.name for t in tunxi.parts)]
    assert {row[at["区县"]] for row in mine} == {"屯溪区"}
    # the total is the townships' sum, once
    total, *townships = mine
    for column in ("组织数", "社区数"):
        assert total[at[column]] == sum(row[at[column]] for row in townships)
    assert "区县" in next(book["未达标单位"].iter_rows(values_only=True))


def test_a_citys_breakdown_keeps_its_districts(example_report):
    options = RenderOptions(lang="zh", terms=dict(example_report.terms.get("zh", {})))
    result = next(r for r in example_report.results if len(r.breakdown) > 1)
    assert words.figures_caption(result, options).startswith("分区县、乡镇（街道）情况")
    assert words.figures_header(options, result)[:2] == ["区县", "乡镇（街道）"]
    rows, _ = words.figures_table(result, options)
    assert rows[0][:2] == ["全市", "合计"]
    assert rows[1][1] == "小计"


def test_a_citys_own_公益创投_untitled_is_said_as_its_training_is():
    """A city's plan with no title of its own: 市本级开展…, never 全市本级…."""
    registry = builtin_registry()
    data = build_dataset(
        districts=[district("341002"), district("341003")],
        townships=[township("341002001", "341002"), township("341003001", "341003")],
        communities=[community("341002001001", "341002001")],
    )
    text = PLAN_HEAD + (
        '[[milestones]]\nid = "gongyi"\ntarget = "gongyi-held"\ndue = 2023-12-31\n'
        'params = { threshold = 1, window = "year" }\n'
    )
    plan = scoplan.parse_plan(text, registry=registry, data=data)
    report = scoplan.evaluate(data, plan, dt.date(2023, 12, 31), registry=registry)
    [result] = report.results
    assert result.title == "市本级开展公益创投活动（2023年）"
    assert result.title_en == "Social ventures (gongyi chuangtou) held, city level (2023)"
