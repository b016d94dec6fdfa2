"""``scoplan check``: every error and warning of a delivery without evaluating it, each with
the district whose rows it is about, as text, JSON and a problem list to send back.

On a register written as a bureau writes it (``tests/bureau.py``). Which district each
problem belongs to is worked out by hand from the rows: HS004 is in 新路街 (341021100001),
under 徽城镇 (341021100), in 歙县 (341021); 昱东街道 (341002001) is in 屯溪区 (341002).
"""

from __future__ import annotations

import io
import json

import bureau
import openpyxl
import pytest
from click.testing import CliRunner

import scoplan
from scoplan.cli import main


def run(*args: str):
    return CliRunner().invoke(main, ["check", *args])


@pytest.fixture
def flawed(tmp_path):
    """Three errors — HS004's founding day (row 5, 歙县), 昱东街道's kind (乡镇街道.csv row 2,
    屯溪区), the city centre's date (平台与制度.csv row 2, the city) — and one warning:
    上新社区 (341002001002) filed under 徽城镇 (社区.csv row 3, 歙县 as filed)."""
    tables = bureau.register()
    tables["社区社会组织"][4][4] = "2020-02-30"
    tables["乡镇街道"][1][3] = "街"
    tables["平台与制度"][1][4] = "去年"
    tables["社区"][2][1] = "341021100"
    return bureau.write(tmp_path / "台账", tables)


def test_a_clean_register_exits_0(tmp_path):
    """Nothing to mend: exit 0 and one line saying so."""
    folder = bureau.write(tmp_path / "台账")
    result = run(str(folder))
    assert result.exit_code == 0
    assert result.stdout == f"{folder}：未发现问题\n"


def test_warnings_alone_exit_0_unless_strict(tmp_path):
    """A community under another township's code: a warning, exit 0; --strict exits 2."""
    tables = bureau.register()
    tables["社区"][2][1] = "341021100"
    folder = bureau.write(tmp_path / "台账", tables)
    result = run(str(folder), "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("warning: 社区.csv, row 3, column 所属乡镇街道")
    assert result.stdout.splitlines()[-1] == f"{folder}: 0 errors, 1 warnings"
    assert run(str(folder), "--strict").exit_code == 2


def test_json_gives_each_problem_its_district(flawed):
    """Errors first in file order, then the warning; each with the district worked out by hand
    (None for the city level)."""
    result = run(str(flawed), "--format", "json")
    assert result.exit_code == 2
    listing = json.loads(result.stdout)
    assert (listing["errors"], listing["warnings"]) == (3, 1)
    got = [
        (p["severity"], p["source"], p["row"], p["district_id"], p["district"])
        for p in listing["problems"]
    ]
    assert sorted(got[:3]) == sorted(
        [
            ("error", "社区社会组织.csv", 5, "341021", "歙县"),
            ("error", "乡镇街道.csv", 2, "341002", "屯溪区"),
            ("error", "平台与制度.csv", 2, None, None),
        ]
    )
    assert got[3] == ("warning", "社区.csv", 3, "341021", "歙县")
    assert all(p["message"] and p["message_zh"] for p in listing["problems"])


def test_the_problem_list_has_a_sheet_per_district(flawed, tmp_path):
    """汇总 counts each district's problems (both districts listed); each district's sheet
    holds its own rows; the city's problem goes to 市本级及整体."""
    out = tmp_path / "问题清单.xlsx"
    result = run(str(flawed), "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 2
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == ["汇总", "屯溪区", "歙县", "市本级及整体"]
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary == [
        ("区县", "错误", "警告"),
        ("屯溪区", 1, 0),
        ("歙县", 1, 1),
        ("市本级及整体", 1, 0),
    ]
    she = list(book["歙县"].iter_rows(values_only=True))
    assert she[0] == ("类别", "文件", "行", "列", "取值", "问题")
    assert [(r[0], r[1], r[2]) for r in she[1:]] == [
        ("错误", "社区社会组织.csv", 5),
        ("警告", "社区.csv", 3),
    ]
    city = list(book["市本级及整体"].iter_rows(values_only=True))
    assert [(r[1], r[2], r[4]) for r in city[1:]] == [("平台与制度.csv", 2, "去年")]


def test_a_source_that_cannot_be_read_is_a_problem_not_a_crash(tmp_path):
    """A folder that does not exist: exit 2, the problem listed, through the API too."""
    result = run(str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    checkup = scoplan.check(tmp_path / "nowhere")
    assert [p.code for p in checkup.problems] == ["not_found"]
    assert checkup.districts == (None,)


def test_xlsx_needs_an_output_file(tmp_path):
    """--format xlsx to a terminal is a usage error, said in the run's language."""
    result = run(str(bureau.write(tmp_path / "台账")), "--format", "xlsx")
    assert result.exit_code == 2
    assert "请用 --output 指定文件名" in result.stderr
