"""No slug where an official reads (issue 15, a new user's trial): a Chinese report names a
milestone by its title and a code by its word; a milestone's id (``urban-average-city-2023``),
a target kind's (``establishment-coverage``), a code (``culture_sports``) or a word of the
plan file (``params``, ``unit_id``) appears only where a program reads it — the JSON, an
HTML row's ``data-milestone``, a code column of a table (CSV, workbook). The Markdown and
HTML results tables have no column of ids: an official cannot quote a slug."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import attrs
import bureau
import openpyxl
import pytest
from builders import PLAN_HEAD, builtin_registry, milestone_toml

import scoplan
from scoplan.formats import RenderOptions
from scoplan.i18n import translate

from .conftest import docx_text

FORMATS = ("text", "markdown", "html", "csv", "xlsx", "docx")
AS_OF = dt.date(2023, 12, 31)

SLUG = re.compile(r"(?<![A-Za-z0-9_./:#=-])[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+(?![A-Za-z0-9_/-])")
"""A slug or a code: lowercase words joined by ``-`` or ``_`` (``township-centres``,
``culture_sports``), not inside a path or a URL."""
WORD = re.compile(r"(?<![A-Za-z0-9_])[a-z]{2,}(?![A-Za-z0-9_])")
"""Any lowercase ASCII word: a Chinese report has none but the program's name."""
SHOWN_WORDS = {"scoplan"}
BUREAU_FILE = re.compile(r"(?<![\w.])[\u4e00-\u9fff]+\.csv\b")
"""A file of the bureau's register named as it named it: ``活动.csv``."""
"""``由 scoplan 0.1.0 生成``: the program that made the report names itself."""

ID_COLUMNS = ("milestone", "target", "scope_id", "units_short", "unit_id")
"""The code columns of the CSV file and the workbook (``column.*`` keys): ids for a program."""

GENERIC_PLAN = (
    PLAN_HEAD
    + milestone_toml(
        "avg",
        "community-average",
        AS_OF,
        {"community_kind": "urban", "category": ["culture_sports"], "threshold": 1.0},
        {"each": True},
    )
    + milestone_toml(
        "events",
        "event-coverage",
        AS_OF,
        {"kind": "training", "level": "district", "threshold": 1.0},
    )
    + milestone_toml(
        "count", "establishment-count", AS_OF, {"kind": "observation_point", "level": "within"}
    )
    + milestone_toml("small", "organization-share", AS_OF, {"column": "size", "value": "small"})
    + milestone_toml(
        "centres",
        "establishment-coverage",
        AS_OF,
        {"kind": "service_centre", "level": "township", "threshold": 0.5},
    )
)
"""A plan of the five generic kinds, each with its codes (an establishment kind, an event
kind, a category, a column and its value, a level)."""


def _renamed(report: scoplan.Report) -> scoplan.Report:
    """``report`` with its data's location named in Chinese: a path of the test's machine
    (``/tmp/pytest-of-x/…``) is not the report's words."""
    if report.source is None:
        return report
    return attrs.evolve(report, source=attrs.evolve(report.source, location="台账"))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, scoplan.Report]:
    """The bundled example on the bundled plan and on a plan of every generic kind, and a
    register written as a bureau writes it on the latter, as of 2023-12-31."""
    registry = builtin_registry()
    example = scoplan.load(scoplan.example_path(), registry=registry)
    plan = registry.plan("huangshan-2021-2023")
    folder = bureau.write(tmp_path_factory.mktemp("register") / "台账")
    register = scoplan.load(folder, registry=registry)
    generic = scoplan.parse_plan(GENERIC_PLAN)
    found = {
        "example": scoplan.evaluate(example, plan, AS_OF, registry=registry),
        "generic": scoplan.evaluate(example, generic, AS_OF, registry=registry),
        "bureau": scoplan.evaluate(register, generic, AS_OF, registry=registry),
    }
    return {name: _renamed(report) for name, report in found.items()}


def _html(text: str) -> str:
    """What the page shows: without its tags, style and attributes (an anchor, a ``data-``
    attribute)."""
    text = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text).replace("&#34;", '"').replace("&#39;", "'")


def _without_code_columns(rows: list[list[str]]) -> list[list[str]]:
    """Rows without the code columns of each table (found by their headers)."""
    headers = {translate(f"column.{key}", lang) for key in ID_COLUMNS for lang in ("zh", "en")}
    kept: list[list[str]] = []
    dropped: set[int] = set()
    for row in rows:
        if headers & set(row):
            dropped = {i for i, cell in enumerate(row) if cell in headers}
        kept.append([cell for i, cell in enumerate(row) if i not in dropped])
    return kept


def _cells(rows: list[list[str]]) -> str:
    return "\n".join(" | ".join(row) for row in _without_code_columns(rows))


def seen(content: str | bytes, fmt: str) -> str:
    """What an official reads of a report in ``fmt``, without the places kept for ids."""
    if fmt == "xlsx":
        assert isinstance(content, bytes)
        book = openpyxl.load_workbook(io.BytesIO(content))
        return "\n".join(
            _cells([["" if v is None else str(v) for v in row] for row in sheet.values])
            for sheet in book
        )
    if fmt == "docx":
        assert isinstance(content, bytes)
        return docx_text(content)
    assert isinstance(content, str)
    if fmt == "csv":
        return _cells(list(csv.reader(io.StringIO(content.lstrip("\ufeff")))))
    if fmt == "html":
        return _html(content)
    return content


def render(report: scoplan.Report, fmt: str, width: int = 120) -> str | bytes:
    renderer = builtin_registry().renderer(fmt)
    assert renderer is not None
    return renderer.render(report, RenderOptions(lang="zh", width=width))


@pytest.mark.parametrize("name", ["example", "generic", "bureau"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_slug_where_an_official_reads(reports, name, fmt):
    """Every format in Chinese: no slug, code or configuration word outside the places
    kept for ids; the text report (a terminal's, and one wide enough that nothing wraps)
    has none at all."""
    report = reports[name]
    texts = [seen(render(report, fmt), fmt)]
    if fmt == "text":
        texts.append(seen(render(report, fmt, width=400), fmt))
    for text in texts:
        slugs = sorted({m.group(0) for m in SLUG.finditer(text)})
        assert not slugs, (name, fmt, slugs[:10])
        # the bureau's own file names (活动.csv, where a warning's date was read) are its words
        text = BUREAU_FILE.sub("", text)
        ascii_words = sorted({m.group(0) for m in WORD.finditer(text)} - SHOWN_WORDS)
        assert not ascii_words, (name, fmt, ascii_words[:10])


def test_the_ids_are_still_where_a_program_reads_them(reports):
    """Each result's id stays in the JSON, in the CSV file's and the workbook's id column
    and in its HTML row's ``data-milestone``: taken out of a reader's way, not lost; the
    Markdown report, all of it for a reader, has none."""
    report = reports["example"]
    markdown = str(render(report, "markdown"))
    html = str(render(report, "html"))
    rows = list(csv.DictReader(io.StringIO(str(render(report, "csv")).lstrip("\ufeff"))))
    ids = {row[translate("column.milestone", "zh")] for row in rows}
    book = openpyxl.load_workbook(io.BytesIO(bytes(render(report, "xlsx"))))
    sheet = book[translate("sheet.city", "zh")]
    header = [cell.value for cell in sheet[1]]
    column = header.index(translate("column.milestone", "zh"))
    in_book = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    for result in report.results:
        assert result.milestone not in markdown
        assert f'data-milestone="{result.milestone}"' in html
        assert result.milestone in ids
    assert "urban-average-city-2023" in in_book
    assert {r["milestone"] for r in report.to_dict()["results"]} == {
        r.milestone for r in report.results
    }


def test_the_text_table_has_no_id_column(reports):
    """The terminal's table: 目标任务, 状态, 实际, 目标, 差距 — no 编号 wrapped in pieces."""
    text = str(render(reports["example"], "text"))
    header = next(line for line in text.splitlines() if "目标任务" in line)
    assert [cell.strip() for cell in header.strip("┃ ").split("┃")] == [
        "目标任务",
        "状态",
        "实际",
        "目标",
        "差距",
    ]
    assert all(r.milestone not in text for r in reports["example"].results)


def test_a_category_is_named_by_its_word_alone(reports):
    """``文体类``, never ``文体类(culture_sports)``, in the title of a result counting a
    category."""
    for fmt in FORMATS:
        text = seen(render(reports["generic"], fmt), fmt)
        assert "文体类社区社会组织" in text, fmt
        assert "culture" not in text, fmt


def test_a_warning_suggests_the_bureaus_word_not_the_code(tmp_path):
    """A category written 文体 (no such word) is a warning in every report, suggesting
    “文体类”, not “文体类(culture_sports)”."""
    tables = bureau.register()
    category = bureau.column(tables["社区社会组织"], "类别")
    tables["社区社会组织"][3][category] = "文体"
    registry = builtin_registry()
    data = scoplan.load(bureau.write(tmp_path / "台账", tables), registry=registry)
    plan = scoplan.parse_plan(GENERIC_PLAN)
    report = _renamed(scoplan.evaluate(data, plan, AS_OF, registry=registry))
    # and that the register's last date (2022-09-01) is 486 days before the day judged; and
    # that it holds no row of three kinds the plan counts, in the plan's order (a district's
    # own 培训, an observation point, a township's service centre:
    # tests/test_unrecorded_kinds.py)
    assert [w.code for w in report.warnings] == [
        "unknown_code_near",
        "stale_data",
        "kind_unrecorded_at_level",
        "kind_unrecorded",
        "kind_unrecorded_at_level",
    ]
    for fmt in ("text", "markdown", "html", "docx"):
        text = seen(render(report, fmt), fmt)
        assert "是否应为“文体类”？" in text, fmt
        assert not SLUG.search(text), (fmt, SLUG.findall(text))


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_code_in_an_english_report_either(reports, fmt):
    """In English too, no code with ``_`` where a reader reads (``brand_projects: 9 rows``
    in the data's source line is "brand projects")."""
    report = reports["example"]
    renderer = builtin_registry().renderer(fmt)
    assert renderer is not None
    text = seen(renderer.render(report, RenderOptions(lang="en", width=400)), fmt)
    codes = re.findall(r"(?<![A-Za-z0-9_])[a-z]+(?:_[a-z0-9]+)+(?![A-Za-z0-9_])", text)
    assert not codes, (fmt, sorted(set(codes))[:10])
