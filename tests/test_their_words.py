"""Messages in the user's own words: their header, their file, codes in Chinese, in the
order of their files and rows (issue 13 §3). On a bureau's register (``tests/bureau.py``)."""

from __future__ import annotations

import bureau
import pytest

import scoplan
from scoplan.i18n import describe_problem


def problems(tmp_path, tables) -> tuple[scoplan.Problem, ...]:
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    return raised.value.problems


def test_a_column_is_named_by_the_users_header(tmp_path):
    """HS002's 登记状态 ``待登记``: the message names “登记状态”列 (not registration) and the
    codes as the bureau writes them, 登记、备案、未登记."""
    tables = bureau.register()
    tables["社区社会组织"][2][bureau.column(tables["社区社会组织"], "登记状态")] = "待登记"
    [problem] = problems(tmp_path, tables)
    assert describe_problem(problem, "zh") == (
        "社区社会组织.csv，第3行，“登记状态”列："
        "“待登记”不是可用的取值（应为 登记、备案、未登记 之一）"
    )
    assert describe_problem(problem, "en") == (
        "社区社会组织.csv, row 3, column 登记状态: '待登记' is not allowed here "
        "(expected one of registered, filed, none)"
    )


def test_both_columns_of_a_date_pair_are_named_by_the_users_headers(tmp_path):
    """注销日期 before 成立日期: both named as the bureau's headers name them."""
    tables = bureau.register()
    tables["社区社会组织"][1][bureau.column(tables["社区社会组织"], "注销日期")] = "2020-01-01"
    [problem] = problems(tmp_path, tables)
    assert describe_problem(problem, "zh") == (
        "社区社会组织.csv，第2行，“注销日期”列：注销日期“2020-01-01”早于 成立日期“2022-04-25”"
    )


def test_problems_come_in_file_and_row_order(tmp_path):
    """Problems of several files and checks are listed by file, then row."""
    tables = bureau.register()
    org = tables["社区社会组织"]
    org[5][bureau.column(org, "成立日期")] = "2022-02-30"  # row 6
    org[2][bureau.column(org, "所属社区")] = "341002001999"  # row 3: no such community
    org[4][bureau.column(org, "登记状态")] = "待定"  # row 5
    tables["乡镇街道"][2][3] = "村"  # row 3
    found = problems(tmp_path, tables)
    assert [(p.source, p.row) for p in found] == [
        ("乡镇街道.csv", 3),
        ("社区社会组织.csv", 3),
        ("社区社会组织.csv", 5),
        ("社区社会组织.csv", 6),
    ]
