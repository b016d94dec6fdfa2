"""A template's note on a header names its column all the same (issue 13).

Bureaus fill templates whose headers carry notes: 注销日期（未注销的不填）, 服务对象（可多选，
用、分隔）, *名称. Read as a column of the bureau's own, such a column's cells were dropped
from every count with no word: 253 dissolved organizations of the sample counted as active.
The register is written as a bureau writes it (``tests/bureau.py``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import bureau
import pytest

import scoplan
from scoplan.i18n import describe_problem


def _written(tmp_path: Path, tables: dict[str, bureau.Rows], form: str) -> Path:
    if form == "xlsx":
        tmp_path.mkdir()
        return bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    return bureau.write(tmp_path / "台账", tables)


@pytest.mark.parametrize(
    "written",
    [
        "注销日期（未注销的不填）",
        "注销日期 （yyyy-mm-dd）",
        "注销日期(如有)",
        "*注销日期",
        "注销日期*",
        "【选填】注销日期",
        "注销日期：",
    ],
)
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_header_with_a_templates_note_is_its_column(
    tmp_path: Path, written: str, form: str
) -> None:
    """HS002 dissolved on 2022-06-30 under the noted header is dissolved, as under the bare
    one; a date that is no date in it (row 4) is an error naming the header as written."""
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    at = bureau.column(organizations, "注销日期")
    organizations[0][at] = written
    organizations[2][at] = "2022-06-30"  # HS002, row 3
    organizations[3][at] = "2022-13-01"  # HS003, row 4
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(_written(tmp_path / "bad", tables, form))
    [problem] = raised.value.problems
    assert (problem.code, problem.row, problem.column) == ("no_such_date", 4, "dissolved")
    assert f"“{written.strip()}”列" in describe_problem(problem, "zh")
    organizations[3][at] = ""
    data = scoplan.load(_written(tmp_path / "good", tables, form))
    dissolved = {o.id: o.dissolved for o in data.iter("organizations") if o.dissolved}
    assert dissolved == {"HS002": dt.date(2022, 6, 30)}


@pytest.mark.parametrize(
    ("header", "written", "column"),
    [
        ("服务对象", "服务对象（可多选，用、分隔）", "serves"),
        ("登记状态", "登记状态（登记/备案/未登记）", "registration"),
        ("类别", "类别（见填表说明）", "category"),
        ("成立日期", "成立日期（备案日期）", "founded"),
        ("名称", "*名称", "name"),
    ],
)
def test_every_column_may_carry_a_note(header: str, written: str, column: str, tmp_path) -> None:
    """Each noted header reads as the bare one: the same cells under the same column."""
    plain = scoplan.load(bureau.write(tmp_path / "plain"))
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    organizations[0][bureau.column(organizations, header)] = written
    noted = scoplan.load(bureau.write(tmp_path / "noted", tables))
    assert noted.warnings == ()
    expected = plain.frame("organizations").get_column(column).to_list()
    assert noted.frame("organizations").get_column(column).to_list() == expected


def test_a_noted_header_beside_the_bare_one_is_a_column_of_the_bureaus(tmp_path) -> None:
    """注销日期 and 注销日期（备注） side by side: the bare header is the column; the noted
    one is the bureau's own, kept as it is, and not read as the dissolution."""
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    for row in organizations:
        row.append("注销日期（备注）" if row is organizations[0] else "2020-01-01")
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert not [o for o in data.iter("organizations") if o.dissolved]
    assert data.frame("organizations").get_column("注销日期(备注)").to_list() == ["2020-01-01"] * 5


@pytest.mark.parametrize(
    ("written", "suggestion"),
    [
        ("注消日期（未注销的不填）", "注销日期"),
        ("【选填】注消日期", "注销日期"),
        ("注销时间（未注销的不填）", "注销日期"),
        ("服务群体（可多选）", "服务对象"),
    ],
)
def test_a_misspelt_header_with_a_note_is_an_error_as_the_bare_one_is(
    tmp_path: Path, written: str, suggestion: str
) -> None:
    """注消日期（未注销的不填） is 注消日期 with a note: an error that suggests the column,
    quoting the header as written (full-width brackets kept). It was kept as a column of the
    bureau's own, and its dissolutions counted for nothing (found by a helper)."""
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    column = "注销日期" if suggestion == "注销日期" else "服务对象"
    organizations[0][bureau.column(organizations, column)] = written
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    [problem] = raised.value.problems
    assert (problem.code, problem.column) == ("unknown_column_near", written)
    said = describe_problem(problem, "zh")
    assert f"表头“{written}”不是已知的列，是否应为“{suggestion}”？" in said


def test_a_required_or_optional_mark_before_a_colon_is_a_note(tmp_path: Path) -> None:
    """``选填：注销日期`` is 注销日期, as ``【选填】注销日期`` is."""
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    at = bureau.column(organizations, "注销日期")
    organizations[0][at] = "选填：注销日期"
    organizations[2][at] = "2022-06-30"
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert data.get("organizations", "HS002").dissolved == dt.date(2022, 6, 30)


@pytest.mark.parametrize("written", ["所属村（社区）", "所属村(居)", "所属村居委会"])
def test_a_rural_countys_word_for_community_heads_the_community_column(
    tmp_path: Path, written: str
) -> None:
    """所属村（社区）, as a rural county heads 所属社区, is that column: the register loads,
    each organization in its community, not refused for lacking 所属社区 (a trial of 祁门县)."""
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    at = bureau.column(organizations, "所属社区")
    communities = [row[at] for row in organizations[1:]]
    organizations[0][at] = written
    data = scoplan.load(_written(tmp_path / "rural", tables, "xlsx"))
    assert [o.community_id for o in data.iter("organizations")] == communities


def test_a_community_word_beside_the_column_itself_is_a_column_of_its_own(
    tmp_path: Path,
) -> None:
    """Beside a 所属社区 header, 所属村（社区） is not read as it (one column, not two)."""
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    for row in organizations:
        row.append("所属村（社区）" if row is organizations[0] else "")
    data = scoplan.load(_written(tmp_path / "both", tables, "xlsx"))
    assert all(o.community_id for o in data.iter("organizations"))


@pytest.mark.parametrize("written", ["所属村", "所在村（社区）", "社区名称", "社区编号"])
def test_a_header_for_the_community_in_other_words_is_asked_about(
    tmp_path: Path, written: str
) -> None:
    """所属村, 所在村（社区）, 社区名称, 社区编号 heading the organizations' community column (a
    re-run of the 祁门县 trial: only “缺少必需的列‘所属社区’”, nothing said of the column
    the register has): the error asks whether the header is 所属社区."""
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    organizations[0][bureau.column(organizations, "所属社区")] = written
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(_written(tmp_path / "asked", tables, "xlsx"))
    [near] = [p for p in raised.value.problems if p.code == "unknown_column_near"]
    assert near.column == written
    assert describe_problem(near, "zh").startswith(
        f"台账.xlsx中的“社区社会组织”，第1行，“{written}”列：表头“{written}”不是已知的列，"
        "是否应为“所属社区”？"
    )


def test_a_header_of_another_village_word_is_a_column_of_its_own(tmp_path: Path) -> None:
    """村民人数 beside 所属社区 is a column of the bureau's own, asked about by nothing."""
    tables = bureau.register()
    for row in tables["社区社会组织"]:
        row.append("村民人数" if row is tables["社区社会组织"][0] else "12")
    data = scoplan.load(_written(tmp_path / "own", tables, "xlsx"))
    assert not [w for w in data.warnings if w.code.startswith("unknown_column")]
