"""A mean by district and township in every format, in Chinese and English (issue 15):
each district's organizations, communities and mean, and each township's under it, as the
JSON report gives them (whose figures tests/test_breakdown.py checks against the rows)."""

from __future__ import annotations

import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import docx
import openpyxl
import pytest
from builders import builtin_registry

import scoplan
from scoplan.renderers.json import render_json

from .conftest import AS_OF, render

CITY = "urban-average-city-2023"
TITLE = {
    "zh": "全市城市社区平均社区社会组织数（2023年）",
    "en": "Mean organizations per urban community, the whole city (2023)",
}
"""The city's urban mean as a report names it (its id is not shown where an official reads)."""
HEADERS = {
    "zh": ["区县", "乡镇（街道）", "组织数", "社区数", "平均"],
    "en": ["District", "Township", "Organizations", "Communities", "Mean"],
}
COLUMNS = {
    "zh": [*HEADERS["zh"], "目标任务代码（供程序使用）"],
    "en": [
        "district",
        "township",
        "organizations",
        "communities",
        "mean",
        "target code (for programs)",
    ],
}
"""The workbook's columns (its headers are the catalogue's column words)."""
SUBTOTAL = {"zh": "小计", "en": "Subtotal"}


@pytest.fixture(scope="module")
def city(example_report) -> dict:
    """The city's urban mean in the JSON report."""
    plain = json.loads(render_json(example_report))
    return next(r for r in plain["results"] if r["milestone"] == CITY)


@pytest.fixture(scope="module")
def listed_one() -> scoplan.Report:
    """The example evaluated naming at most one unit of each list (``--listed 1``)."""
    registry = builtin_registry()
    data = scoplan.load(scoplan.example_path(), registry=registry)
    plan = registry.plan("huangshan-2021-2023")
    return scoplan.evaluate(data, plan, AS_OF, registry=registry, listed=1)


def one_decimal(numerator: int, denominator: int) -> str:
    """The mean to one decimal, half away from zero (四舍五入) on its exact value: 82/4 is
    20.5, 9/4 is 2.3."""
    exact = Decimal(numerator) / Decimal(denominator)
    return format(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f")


def as_excel_shows(value: float) -> str:
    """A cell's number as Excel shows it formatted ``0.0``: half away from zero."""
    return format(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f")


def expected_rows(city: dict, lang: str) -> list[list[str]]:
    """The table's rows by hand: the whole city, then each district's subtotal and its
    townships, counts whole and means to one decimal."""
    total = "全市" if lang == "zh" else "the whole city"
    numerator, denominator = city["evidence"]["numerator"], city["evidence"]["denominator"]
    word = "合计" if lang == "zh" else "Total"
    found = [[total, word, str(numerator), str(denominator), one_decimal(numerator, denominator)]]
    for district in city["breakdown"]:
        for township in [None, *district["parts"]]:
            figure = district if township is None else township
            found.append(
                [
                    district["name"],
                    SUBTOTAL[lang] if township is None else township["name"],
                    str(figure["numerator"]),
                    str(figure["denominator"]),
                    one_decimal(figure["numerator"], figure["denominator"]),
                ]
            )
    return found


def section(text: str, start: str, end: str) -> str:
    """The part of ``text`` from ``start`` to the next ``end``."""
    begin = text.index(start)
    return text[begin : text.index(end, begin + len(start))]


def test_the_example_city_mean_has_several_districts_and_townships(city):
    """What the other tests read: several districts, one with several townships."""
    assert len(city["breakdown"]) >= 2
    assert max(len(d["parts"]) for d in city["breakdown"]) >= 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_gives_a_line_per_district_and_township(example_report, city, lang):
    """Text: under the city's mean, a line per district and, indented, per township, with
    its mean, organizations and communities."""
    text = render("text", example_report, lang)
    assert isinstance(text, str)
    block = section(text, f"■ {TITLE[lang]}\n", "■ ")
    caption = (
        "分区县、乡镇（街道）情况（截至" if lang == "zh" else "By district and township (as of "
    )
    # a Chinese report writes its dates as Chinese documents do, an English one ISO
    assert caption + ("2023年12月31日" if lang == "zh" else "2023-12-31") in block
    for district in city["breakdown"]:
        for figure, indent in [(district, "    "), *((t, "      ") for t in district["parts"])]:
            mean = one_decimal(figure["numerator"], figure["denominator"])
            if lang == "zh":
                line = (
                    f"{figure['name']}：{mean}个/社区（{figure['numerator']}个组织÷"
                    f"{figure['denominator']}个社区）"
                )
            else:
                # "1 community", "20 organizations": each noun as its number wants it
                organizations = figure["numerator"]
                communities = figure["denominator"]
                nouns = (
                    f"{organizations} organization{'' if organizations == 1 else 's'} ÷ "
                    f"{communities} communit{'y' if communities == 1 else 'ies'}"
                )
                line = f"{figure['name']}: {mean} per community ({nouns})"
            assert f"\n{indent}{line}\n" in block


def test_text_lists_at_most_n_townships_and_says_so(example_report, listed_one):
    """``--listed 1``: each district names its lowest township (of all it has) and, when it
    has more, says of how many."""
    text = render("text", listed_one, "zh")
    assert isinstance(text, str)
    block = section(text, f"■ {TITLE['zh']}\n", "■ ")
    every = next(r for r in example_report.results if r.milestone == CITY)
    result = next(r for r in listed_one.results if r.milestone == CITY)
    assert [d.id for d in result.breakdown] == [d.id for d in every.breakdown]
    for district, whole in zip(result.breakdown, every.breakdown, strict=True):
        lowest = min(whole.parts, key=lambda t: (t.value, t.id))
        assert [t.id for t in district.parts] == [lowest.id]
        assert district.parts_total == len(whole.parts)
        assert f"\n      {lowest.name}：" in block
        said = f"列出平均数最低的1个乡镇（街道），共{len(whole.parts)}个"
        assert (said in block) == (len(whole.parts) > 1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_gives_a_table_row_per_district_and_township(example_report, city, lang):
    """Markdown: a table 区县 | 乡镇（街道） | 组织数 | 社区数 | 平均 with the city's total,
    each district's subtotal and each township."""
    text = render("markdown", example_report, lang)
    assert isinstance(text, str)
    heading = next(x for x in text.splitlines() if x.startswith(f"#### {TITLE[lang]}"))
    block = section(text, heading, "####")
    header = "| " + " | ".join(HEADERS[lang]) + " |"
    table = block[block.index(header) :].split("\n\n")[0].splitlines()
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in table[2:]]
    assert cells == expected_rows(city, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_folds_each_district(example_report, city, lang):
    """HTML: a <details> per district, its summary the district's figure, its table the
    townships' names and numbers."""
    html = render("html", example_report, lang)
    assert isinstance(html, str)
    article = section(html, f'id="{CITY}"' if f'id="{CITY}"' in html else CITY, "</article>")
    folds = re.findall(r"<details>(.*?)</details>", article, re.S)
    assert len(folds) == len(city["breakdown"])
    for fold, district in zip(folds, city["breakdown"], strict=True):
        summary = re.search(r"<summary>(.*?)</summary>", fold, re.S)
        assert summary is not None
        assert summary.group(1).startswith(district["name"])
        assert str(district["numerator"]) in summary.group(1)
        cells = re.findall(r"<td[^>]*>(.*?)</td>", fold)
        expected = [
            [
                t["name"],
                str(t["numerator"]),
                str(t["denominator"]),
                one_decimal(t["numerator"], t["denominator"]),
            ]
            for t in district["parts"]
        ]
        assert [cells[i : i + 4] for i in range(0, len(cells), 4)] == expected


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_workbook_has_a_row_per_district_and_township(example_report, city, lang):
    """The workbook: a sheet whose rows for the city's mean are its total, each district's
    subtotal and townships, as numbers, each with its district named."""
    content = render("xlsx", example_report, lang)
    assert isinstance(content, bytes)
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["分区县乡镇情况" if lang == "zh" else "By district and township"]
    header, *body = list(sheet.iter_rows(values_only=True))
    at = [header.index(name) for name in COLUMNS[lang]]
    mine = [row for row in body if row[at[5]] == CITY]
    got = [
        [row[at[0]], row[at[1]], str(row[at[2]]), str(row[at[3]]), as_excel_shows(row[at[4]])]
        for row in mine
    ]
    assert got == expected_rows(city, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_word_has_a_table_per_mean(example_report, city, lang):
    """Word: under the city's mean, a table with the city's total, each district's subtotal
    and each township, read back with python-docx."""
    content = render("docx", example_report, lang)
    assert isinstance(content, bytes)
    document = docx.Document(io.BytesIO(content))
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows]
        for table in document.tables
        if [cell.text for cell in table.rows[0].cells] == HEADERS[lang]
    ]
    assert expected_rows(city, lang) in [table[1:] for table in tables]
