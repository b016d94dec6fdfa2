"""Every date of a Chinese report as a Chinese report writes one (2023年12月31日,
words.date), an English report's as ISO: the projection's due date, when the data was
changed, and the workbook's date cells."""

from __future__ import annotations

import datetime as dt
import io
import re

import attrs
import openpyxl
import pytest
from builders import builtin_registry

import scoplan
from scoplan.report import DataSource

from .conftest import docx_text, render

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def mid_plan() -> scoplan.Report:
    """The bundled example as of 2022-06-30, half-way through its plan (so projected to
    its due date, 2023-12-31), its data changed at 08:05:09 on 2023-11-04 (UTC+8)."""
    registry = builtin_registry()
    data = scoplan.load(scoplan.example_path(), registry=registry)
    plan = registry.plan("huangshan-2021-2023")
    report = scoplan.evaluate(data, plan, dt.date(2022, 6, 30), registry=registry)
    source = DataSource("台账", "2023-11-04T08:05:09+08:00", {"districts": 7})
    return attrs.evolve(report, source=source)


def text_of(fmt: str, report: scoplan.Report, lang: str) -> str:
    made = render(fmt, report, lang)
    return docx_text(made) if isinstance(made, bytes) else made


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "docx"])
def test_a_chinese_report_writes_no_iso_date(mid_plan, fmt):
    """Chinese: the projection's due date, twice, and when the data was changed; English
    keeps them ISO."""
    said = text_of(fmt, mid_plan, "zh")
    assert "预计到2023年12月31日为" in said
    assert "至2023年12月31日每个社区每年平均还需增加" in said
    assert "修改时间2023年11月4日 08:05:09" in said
    assert ISO.findall(said) == []
    english = text_of(fmt, mid_plan, "en")
    assert "per community per year on average until 2023-12-31" in english
    assert "modified 2023-11-04 08:05:09" in english


@pytest.mark.parametrize(("lang", "day"), [("zh", 'yyyy"年"m"月"d"日"'), ("en", "yyyy-mm-dd")])
def test_workbook_dates_are_date_cells_in_the_language_s_format(mid_plan, lang, day):
    """Dates stay date cells (they sort and filter as dates); only their format is the
    language's. When the data was changed is a date-and-time cell, at the stamp's time."""
    content = render("xlsx", mid_plan, lang)
    assert isinstance(content, bytes)
    book = openpyxl.load_workbook(io.BytesIO(content))
    summary = {row[0].value: row[1] for row in book.worksheets[0].iter_rows() if len(row) > 1}
    as_of = summary["评估日期" if lang == "zh" else "As of"]
    assert (as_of.value, as_of.number_format) == (dt.datetime(2022, 6, 30), day)
    changed = summary["修改时间" if lang == "zh" else "Modified"]
    assert changed.value == dt.datetime(2023, 11, 4, 8, 5, 9)
    assert changed.number_format == day + " hh:mm:ss"
    dates = {c.number_format for c in book.worksheets[1].iter_rows() for c in c if c.is_date}
    assert dates == {day}
