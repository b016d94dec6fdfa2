"""Messages in the clerk's words, and hidden rows said (a user trial on a county's .xlsx
register, Chinese sheets and headers).

A sheet left named ``Sheet1`` holding the organizations was told, in Chinese, to be
“organizations”; a misspelt header written in English, to be ``dissolved``: each Chinese
message now names the Chinese form (社区社会组织, 注销日期), each English one the English.
A yes/no cell that is none listed the English words first and left out 有/无 and √/×, which
are read; the check marks a clerk types (✓ ✔ ✔️, ✗ ✘) are read too. Rows a clerk hid, or a
filter left on hides, are read and counted like the others: a warning says so, for a clerk
who hid them to leave them out.
"""

from __future__ import annotations

import bureau
import pytest

import scoplan
from scoplan import DataError
from scoplan.i18n import describe_problem


def _said(problems, code: str) -> tuple[str, str]:
    [problem] = [p for p in problems if p.code == code]
    return describe_problem(problem, "zh"), describe_problem(problem, "en")


def test_a_sheet1_holding_the_organizations_is_to_be_named_in_chinese(tmp_path):
    """The organizations on the new workbook's Sheet1, no sheet 社区社会组织: the Chinese
    message suggests 社区社会组织, not ``organizations`` (an English name in a Chinese
    message); the English one ``organizations``, the Chinese name beside it."""
    tables = bureau.register()
    tables = {"Sheet1" if name == "社区社会组织" else name: rows for name, rows in tables.items()}
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    with pytest.raises(DataError) as raised:
        scoplan.load(path)
    zh, en = _said(raised.value.problems, "unknown_table_near")
    assert zh == "台账.xlsx中的“Sheet1”：未知的数据表“Sheet1”；是否应为“社区社会组织”？"
    assert en == (
        "台账.xlsx: Sheet1: unknown table 'Sheet1': did you mean organizations (社区社会组织)?"
    )


def test_an_english_header_near_a_column_is_named_by_its_chinese_header(tmp_path):
    """注销日期 written ``dissolvd`` in the bureau's Chinese header: the Chinese message asks
    whether it is 注销日期; the English one whether it is ``dissolved``."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[0][bureau.column(rows, "注销日期")] = "dissolvd"
    with pytest.raises(DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    zh, en = _said(raised.value.problems, "unknown_column_near")
    assert "表头“dissolvd”不是已知的列，是否应为“注销日期”？（表中没有“注销日期”列" in zh
    assert "the header 'dissolvd' is no known column: did you mean 'dissolved'?" in en


def test_a_cell_that_is_no_yes_or_no_lists_the_words_of_the_message_language(tmp_path):
    """简易章程 written 不详: the Chinese message lists the Chinese words first, 有/无 and √/×
    which are read too, then 1/0; the English one the English words first."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[3][bureau.column(rows, "简易章程")] = "不详"
    with pytest.raises(DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    zh, en = _said(raised.value.problems, "bad_bool")
    assert zh.endswith("：“不详”不是是/否值（应为是/否、有/无、√/×、1/0）")
    assert en.endswith(
        ": '不详' is not a yes/no value (expected yes/no, true/false, 1/0, 是/否, 有/无, √/×)"
    )


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_check_marks_a_clerk_types_are_yes_and_no(tmp_path, form):
    """简易章程 ticked as a clerk's keyboard ticks it: ✔️ (the emoji, ✔ and U+FE0F) and ✔
    yes, ✘ and ✗ no, ✓ yes; each row read as marked."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    at = bureau.column(rows, "简易章程")
    for row, mark in zip(rows[1:], ["✔\ufe0f", "✘", "✔", "✗", "✓"], strict=True):
        row[at] = mark
    if form == "csv":
        source = bureau.write(tmp_path / "台账", tables)
    else:
        source = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    charter = scoplan.load(source).frame("organizations").get_column("charter").to_list()
    assert charter == [True, False, True, False, True]


def test_an_x_is_no_yes_or_no(tmp_path):
    """An ``x`` may be a clerk's × (no) or a box ticked with an X (yes): an error, not either
    read without a word."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[2][bureau.column(rows, "简易章程")] = "x"
    with pytest.raises(DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert [(p.code, p.row, p.value) for p in raised.value.problems] == [("bad_bool", 3, "x")]
