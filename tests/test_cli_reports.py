"""``scoplan evaluate --format``: every report format, one or several at once (scoplan.cli)."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from click.testing import CliRunner

from scoplan.cli import main


def run(*args: str):
    """Invoke the command in-process, stdout and stderr kept apart."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_several_formats_into_a_folder(tmp_path):
    """Five formats at once write report.html, .csv, .xlsx, .md and .json into the folder,
    and the run's exit code is the report's (1: some milestone not met)."""
    out = tmp_path / "out"
    result = run(
        "evaluate",
        "--as-of",
        "2023-12-31",
        "--format",
        "html,csv,xlsx,markdown,json",
        "-o",
        str(out),
    )
    assert result.exit_code == 1, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "report.csv",
        "report.html",
        "report.json",
        "report.md",
        "report.xlsx",
    ]
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["summary"]["met"] == 46
    assert (out / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (
        (out / "report.md").read_text(encoding="utf-8").startswith("# 社区社会组织培育发展目标评估")
    )
    rows = list(csv.reader(io.StringIO((out / "report.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 + 83
    book = openpyxl.load_workbook(out / "report.xlsx")
    assert book.sheetnames[0] == "汇总"


@pytest.mark.parametrize(("fmt", "start"), [("markdown", "# Community"), ("html", "<!DOCTYPE")])
def test_a_text_format_to_standard_output(fmt, start):
    """A text format without --output goes to standard output, in the language asked."""
    result = run("evaluate", "--as-of", "2023-12-31", "--format", fmt, "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.startswith(start)


def test_md_is_markdown_as_its_file_is_named(tmp_path):
    """--format md, as report.md is named: the Markdown report, to a file and to standard
    output alike; md beside markdown is one report, not two."""
    out = tmp_path / "报告.md"
    result = run("evaluate", "--as-of", "2023-12-31", "--format", "md", "-o", str(out))
    assert result.exit_code == 1, result.stderr
    assert out.read_text(encoding="utf-8").startswith("# 社区社会组织")
    shown = run("evaluate", "--as-of", "2023-12-31", "--format", "md", "--lang", "en")
    assert shown.stdout.startswith("# Community")
    both = tmp_path / "both"
    result = run(
        "evaluate", "--as-of", "2023-12-31", "--format", "markdown,md,json", "-o", str(both)
    )
    assert sorted(p.name for p in both.iterdir()) == ["report.json", "report.md"]


def test_csv_to_standard_output_has_english_headers():
    """CSV on standard output, in English, starts with its BOM and its header row: the
    milestone's title first, its id last."""
    result = run("evaluate", "--as-of", "2023-12-31", "--format", "csv", "--lang", "en")
    header = result.stdout.splitlines()[0]
    assert header.startswith("\ufefftarget,scope,target kind,deadline,status,actual,required,")
    assert header.endswith(",target kind code (for programs),target code (for programs)")


def test_binary_format_needs_a_file():
    """Excel without --output is a usage error (exit 2) and nothing is written."""
    result = run("evaluate", "--as-of", "2023-12-31", "--format", "xlsx")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "xlsx" in result.stderr


def test_one_binary_format_to_a_file(tmp_path):
    """Excel with --output naming a file writes that file."""
    target = tmp_path / "status.xlsx"
    result = run("evaluate", "--as-of", "2023-12-31", "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 1
    assert openpyxl.load_workbook(target).sheetnames[-1] == "未达标单位"


def test_unknown_format_is_a_usage_error():
    """A format no plugin registered is named in the error, with the formats there are."""
    result = run("evaluate", "--format", "pdf", "--lang", "en")
    assert result.exit_code == 2
    for name in ("pdf", "markdown", "html", "csv", "xlsx"):
        assert name in result.stderr


def test_word_needs_a_file_and_writes_one(tmp_path):
    """``--format docx`` is binary: without --output a usage error; with it, a Word file
    that opens, its first paragraph the report's title."""
    import docx

    result = run("evaluate", "--as-of", "2023-12-31", "--format", "docx")
    assert result.exit_code == 2
    assert "docx" in result.stderr
    target = tmp_path / "报告.docx"
    result = run("evaluate", "--as-of", "2023-12-31", "--format", "docx", "-o", str(target))
    assert result.exit_code == 1
    document = docx.Document(str(target))
    assert document.paragraphs[0].text == "关于社区社会组织培育发展目标完成情况的评估报告"


@pytest.fixture(scope="module")
def bureau_folder(tmp_path_factory):
    """The known dataset on Huangshan's official units (tests/collection.py), as a bureau
    writes it."""
    import collection

    folder = tmp_path_factory.mktemp("bureau") / "台账"
    return collection.write_bureau_folder(collection.known(), folder)


def test_no_reading_ends_in_a_semicolon(bureau_folder):
    """口径说明 ends a sentence: where the plan file's words are dropped after the last clause
    kept (party-building plans, whose reading ends "…可在 params 中设 threshold。"), the
    reading ends with their 。, not the kept clause's ；."""
    result = run("evaluate", str(bureau_folder), "--as-of", "2023-12-31")
    readings = [
        line.strip() for line in result.stdout.splitlines() if line.strip().startswith("口径说明")
    ]
    assert readings
    assert [r for r in readings if r.endswith(("；", ";"))] == []
    party = [r for r in readings if "党建工作方案" in r]
    assert party
    assert all(r.endswith("如需调整口径，请联系维护评估方案的同志。") for r in party)


@pytest.mark.parametrize(("lang", "said"), [("zh", "已写入 {}"), ("en", "wrote {}")])
def test_a_report_written_to_a_file_says_so_on_standard_error(bureau_folder, tmp_path, lang, said):
    """``-o 报告.xlsx``, or a folder for several formats: one line on standard error in the
    run's language naming it; standard output stays empty."""
    out = tmp_path / "报告.xlsx"
    result = run("evaluate", str(bureau_folder), "--format", "xlsx", "--lang", lang, "-o", str(out))
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == said.format(out)
    folder = tmp_path / "报告"
    result = run("evaluate", str(bureau_folder), "--format", "json,html", "-o", str(folder))
    assert result.stderr.splitlines()[-1] == f"已写入 {folder}"


def test_the_forms_handed_up_agree(bureau_folder, tmp_path):
    """A section chief hands up whichever form: each gives the whole 数据校验码 (32
    characters; the HTML's masthead gave 16, ``scoplan diff`` 12), the workbook's 汇总 the
    statuses the others list (none with 0), a whole share with one decimal as the text
    report writes it (100.0%, where the workbook showed 100%), and the Word and Excel
    reports name the data's folder (台账), not where it lay on the machine."""
    import docx

    out = tmp_path / "out"
    formats = "text,markdown,html,xlsx,docx,json"
    result = run(
        "evaluate", str(bureau_folder), "--as-of", "2023-12-31", "--format", formats, "-o", str(out)
    )
    assert result.exit_code in (0, 1), result.stderr
    plain = json.loads((out / "report.json").read_text(encoding="utf-8"))
    fingerprint = plain["fingerprint"]
    assert len(fingerprint) == 32
    assert f"数据校验码：{fingerprint}" in (out / "report.txt").read_text(encoding="utf-8")
    assert f"**数据校验码**：{fingerprint}" in (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count(f"<code>{fingerprint}</code>") == 2  # the masthead's and the footer's
    document = docx.Document(str(out / "report.docx"))
    lines = [p.text for p in document.paragraphs]
    assert f"数据校验码：{fingerprint}" in lines
    compared = run("diff", str(out / "report.json"), str(out / "report.json"))
    assert f"（{fingerprint}）" in compared.stdout

    book = openpyxl.load_workbook(out / "report.xlsx")
    summary = list(book["汇总"].iter_rows(values_only=True))
    facts = {row[0]: row[1] for row in summary if row[0]}
    assert facts["数据校验码"] == fingerprint
    assert facts["数据来源"] == "台账"
    assert next(line for line in lines if line.startswith("数据来源：")).startswith(
        "数据来源：台账（"
    )
    assert bureau_folder.name == "台账"
    assert not any(str(bureau_folder.parent) in line for line in lines)
    start = summary.index(("状态", "数量"))
    counted = dict(summary[start + 1 : -1])
    assert all(counted.values())
    assert sum(counted.values()) == summary[-1][1] == len(plain["results"])
    assert len(counted) == len([n for n in plain["summary"].values() if n])

    # each whole share of 1 (100%) among the values is shown 100.0%, as the text report
    whole = [
        row[header.index("实际")]
        for sheet in (book["全市"], book["各区县"])
        for header in [[cell.value for cell in sheet[1]]]
        for row in sheet.iter_rows(min_row=2)
        if row[header.index("实际")].value == 1 and "%" in row[header.index("实际")].number_format
    ]
    assert whole
    assert {cell.number_format for cell in whole} == {"0.0%"}
    assert "100.0%" in (out / "report.txt").read_text(encoding="utf-8")
