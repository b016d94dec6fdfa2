"""A county's report of ``--district``, as its bureau hands it up (a trial of 祁门县民政局):
it says whose report it is, is not signed by the city bureau, names the milestones it does
not judge in itself (the bureau has no JSON report), and never tells its reader to edit a
file.

The register is tests/bureau.py's (屯溪区 and 歙县 of 黄山市), evaluated for the bundled
Huangshan plan, whose issuer is 黄山市民政局, with ``--district 屯溪区``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import attrs
import bureau
import docx
import openpyxl
import pytest
from builders import builtin_registry, shown_text

import scoplan
from scoplan.formats import RenderOptions
from scoplan.renderers import words
from scoplan.report import DataWarning

AS_OF = dt.date(2023, 12, 31)
PLAN = "huangshan-2021-2023"
HUMAN_FORMATS = ["text", "markdown", "html", "docx", "xlsx"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bureau.write(tmp_path_factory.mktemp("chosen") / "屯溪歙县台账")


def evaluate(folder: Path, *districts: str) -> scoplan.Report:
    plan = scoplan.bundled_plan(PLAN)
    chosen = list(districts) or None
    return scoplan.evaluate(scoplan.load(folder), plan, AS_OF, districts=chosen)


@pytest.fixture(scope="module")
def tunxi(folder: Path) -> scoplan.Report:
    return evaluate(folder, "屯溪区")


@pytest.fixture(scope="module")
def whole(folder: Path) -> scoplan.Report:
    return evaluate(folder)


def made(report: scoplan.Report, fmt: str, lang: str = "zh") -> bytes:
    renderer = builtin_registry().renderer(fmt)
    assert renderer is not None
    content = renderer.render(report, RenderOptions(lang=lang))
    assert isinstance(content, bytes)
    return content


TITLES = {
    "zh": ("社区社会组织培育发展目标评估", "关于社区社会组织培育发展目标完成情况的评估报告"),
    "en": (
        "Community social organization plan: evaluation",
        "Evaluation of the community social organization plan",
    ),
}
"""The report's title and the Word report's (``report.title``, ``report.docx_title``)."""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_the_title_names_the_district_evaluated(tunxi, fmt, lang):
    """--district 屯溪区: the title says 屯溪区's (``…评估（屯溪区）``; 屯溪区 has no English
    name in the data, so its Chinese one in English too), and but for the Word report,
    whose title is all its header, a line of the header says so (评估范围：屯溪区)."""
    shown = shown_text(tunxi, fmt, lang)
    plain, word = TITLES[lang]
    title = word if fmt == "docx" else plain
    assert (f"{title}（屯溪区）" if lang == "zh" else f"{title} (屯溪区)") in shown
    label = "评估范围" if lang == "zh" else "Districts evaluated"
    if fmt == "text":
        assert (f"{label}：屯溪区" if lang == "zh" else f"{label}: 屯溪区") in shown
    if fmt == "markdown":
        assert f"- **{label}**{'：' if lang == 'zh' else ': '}屯溪区" in shown
    if fmt == "html":
        assert f"<dt>{label}</dt><dd>屯溪区</dd>" in shown
        assert re.search(f"<title>{re.escape(plain)}[（ (]+屯溪区", shown)
    if fmt == "xlsx":
        summary = openpyxl.load_workbook(io.BytesIO(made(tunxi, fmt, lang))).worksheets[0]
        rows = list(summary.iter_rows(max_row=4, values_only=True))
        assert rows[0][0] == (f"{plain}（屯溪区）" if lang == "zh" else f"{plain} (屯溪区)")
        assert (label, "屯溪区") in [row[:2] for row in rows]


@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_a_run_of_the_whole_area_names_no_district(whole, fmt):
    """No --district: the title as ever, no 评估范围 line."""
    shown = shown_text(whole, fmt)
    assert "评估范围" not in shown
    assert "评估（" not in shown
    assert "评估报告（" not in shown


@pytest.mark.parametrize(
    ("districts", "author"),
    [((), "黄山市民政局"), (("屯溪区",), "屯溪区民政局"), (("屯溪区", "歙县"), "")],
)
def test_a_districts_report_is_not_signed_by_the_city_bureau(folder, districts, author):
    """The Word and Excel reports' author: the plan's issuer (黄山市民政局) for a run of the
    whole area; for 屯溪区 alone, 屯溪区's bureau, its name in place of the city's in the
    issuer's (黄山市 + 民政局 → 屯溪区 + 民政局); for two districts, no one bureau: none."""
    report = evaluate(folder, *districts)
    properties = docx.Document(io.BytesIO(made(report, "docx"))).core_properties
    assert (properties.author, properties.last_modified_by) == (author, author)
    book = openpyxl.load_workbook(io.BytesIO(made(report, "xlsx"))).properties
    assert (book.creator or "", book.lastModifiedBy or "") == (author, author)
    title = "关于社区社会组织培育发展目标完成情况的评估报告"
    names = "、".join(districts)
    assert properties.title == (f"{title}（{names}）" if districts else title)


def test_an_issuer_not_named_for_the_area_gives_no_districts_author(tunxi):
    """An issuer whose name does not begin with the area's (a 领导小组办公室 of another
    name): no district's bureau can be told from it: none, rather than the issuer."""
    other = attrs.evolve(tunxi, plan_issued_by="市社区社会组织培育发展领导小组办公室")
    assert words.author(other) == ""
    assert words.author(attrs.evolve(tunxi, plan_issued_by="")) == ""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", HUMAN_FORMATS)
def test_no_report_sends_its_reader_to_a_json_report_or_a_file(tunxi, fmt, lang):
    """The line of results not judged names the section of the report that lists them, not
    the JSON report a bureau does not have; no reading tells the reader to edit the plan
    file (the 2023 township federations' other reading, 见计划文件中注释掉的另一种写法)."""
    shown = shown_text(tunxi, fmt, lang)
    assert "JSON" not in shown
    for word in ("计划文件", "plan file", "commented out", "注释掉"):
        assert word not in shown, word
    if lang == "zh":
        assert "未评判（见“未评判的目标”）" in shown
        assert "如需按这种理解评估，请联系维护评估方案的同志" in shown
    else:
        assert "not judged (see “Milestones not judged”)" in shown
        assert "to judge that reading, ask whoever maintains the evaluation plan" in shown


def test_many_left_out_are_listed_to_a_limit_and_counted(tunxi):
    """More results left out than :data:`words.LEFT_OUT_SHOWN`: that many listed, the rest
    counted, in a line that names what lists them all (the workbook), not the JSON report."""
    out = words.left_out(tunxi)
    many = out * (words.LEFT_OUT_SHOWN // len(out) + 2)
    lines = words.not_judged(many, RenderOptions(lang="zh"))
    rest = len(many) - words.LEFT_OUT_SHOWN
    assert len(lines) == words.LEFT_OUT_SHOWN + 1
    assert lines[-1] == f"……另有{rest}项未列出（Excel 格式的报告中全部列出）"


def test_many_warnings_are_counted_without_the_json_report(tunxi):
    """105 warnings: 100 listed, the rest counted in a line that sends the reader to the
    Excel report, which lists them all, not to a JSON report."""
    warning = DataWarning("x", "台账", "a warning", "一条警告")
    many = attrs.evolve(tunxi, warnings=(warning,) * 105)
    assert words.WARNINGS_SHOWN == 100
    said = words.warnings(many, RenderOptions(lang="zh"))
    assert said[-1] == "……另有5条未列出（Excel 格式的报告中全部列出）"
    assert words.warnings(many, RenderOptions(lang="en"))[-1] == (
        "… and 5 more, not listed here (the Excel report lists them all)"
    )
    book = openpyxl.load_workbook(io.BytesIO(made(many, "xlsx")))
    assert book["数据警告"].max_row == 1 + 105


@pytest.mark.parametrize(
    ("lang", "reading", "said"),
    [
        (
            "zh",
            "按全市数计算。另一种理解见计划文件中注释掉的写法。",
            "按全市数计算。如需调整口径，请联系维护评估方案的同志。",
        ),
        (
            "en",
            "Counted for the whole city. The other reading is in the plan file.",
            "Counted for the whole city. to adjust this reading, ask whoever maintains the "
            "evaluation plan.",
        ),
    ],
)
def test_a_plans_reading_that_points_to_its_file_points_to_its_keeper(lang, reading, said):
    """A plan's own reading that sends its reader to the plan file: that clause becomes
    the words that send an official to whoever keeps the plan."""
    assert words.without_configuration(reading, RenderOptions(lang=lang)) == said


def test_no_milestone_id_is_in_view_in_the_workbook(tunxi):
    """Every sheet of the workbook, that of the results not judged too: a milestone's id
    (``urban-average-tunxi-2022``) is in a hidden last column headed in words (…代码（供程序
    使用）), never in a column in view."""
    ids = {result.milestone for result in tunxi.results}
    book = openpyxl.load_workbook(io.BytesIO(made(tunxi, "xlsx")))
    assert "未评判的目标" in book.sheetnames
    for sheet in book.worksheets:
        hidden = {k for k, d in sheet.column_dimensions.items() if d.hidden}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in ids:
                    assert cell.column_letter in hidden, (sheet.title, cell.coordinate)
                    header = sheet.cell(1, cell.column).value
                    assert header == "目标任务代码（供程序使用）", sheet.title
