"""A table without its end date column (注销日期, 撤销日期) is warned of.

Every count of what is active reads the end date: without the column, each dissolved
organization counts as running, and a plan's figures are too high with nothing said. A
table that lacks it is warned of — in ``scoplan check`` (with a plan or without) and in an
evaluation, an error with ``--strict`` — and a column of the bureau's own that holds dates
(终止日期, 退出时间) is named, as the end date under another header.
"""

from __future__ import annotations

from pathlib import Path

import bureau
import pytest

import scoplan
from scoplan import DataError
from scoplan.i18n import describe_problem
from scoplan.plan import load_plan


def _without(tables: dict[str, bureau.Rows], sheet: str, header: str) -> None:
    rows = tables[sheet]
    at = bureau.column(rows, header)
    for row in rows:
        del row[at]


def _renamed(tables: dict[str, bureau.Rows], sheet: str, header: str, to: str) -> None:
    rows = tables[sheet]
    rows[0][bureau.column(rows, header)] = to


def _dissolved(tables: dict[str, bureau.Rows]) -> dict[str, bureau.Rows]:
    """The register with its second organization dissolved in 2022."""
    rows = tables["社区社会组织"]
    rows[2][bureau.column(rows, "注销日期")] = "2022-06-30"
    return tables


def _warned(path: Path) -> list[tuple[str, str]]:
    data = scoplan.load(path)
    return [
        (p.code, describe_problem(p, "zh"))
        for p in data.warnings
        if p.code.startswith("end_column")
    ]


def test_organizations_without_注销日期_are_warned_of(tmp_path: Path) -> None:
    tables = _dissolved(bureau.register())
    _without(tables, "社区社会组织", "注销日期")
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    [(code, said)] = _warned(path)
    assert code == "end_column_absent"
    assert "“社区社会组织”表中没有“注销日期”列" in said
    assert "每一行都按未注销计算" in said


def test_a_column_of_dates_under_another_header_is_named(tmp_path: Path) -> None:
    """终止日期 is kept as the bureau's own column: it holds dates, and is named."""
    tables = _dissolved(bureau.register())
    _renamed(tables, "社区社会组织", "注销日期", "终止日期")
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    [(code, said)] = _warned(path)
    assert code == "end_column_unknown"
    assert "表中有未识别的列“终止日期”" in said
    assert "如是注销日期，请把列名改为“注销日期”" in said
    # 负责人 holds names, not dates: not named
    assert "负责人" not in said


def test_platforms_without_撤销日期_are_warned_of(tmp_path: Path) -> None:
    tables = bureau.register()
    _without(tables, "平台与制度", "撤销日期")
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    [(code, said)] = _warned(path)
    assert code == "end_column_absent"
    assert "“平台与制度”表中没有“撤销日期”列" in said
    assert "每一行都按未撤销计算" in said


def test_the_same_register_as_a_csv_folder(tmp_path: Path) -> None:
    tables = _dissolved(bureau.register())
    _renamed(tables, "社区社会组织", "注销日期", "退出时间")
    folder = bureau.write(tmp_path / "台账", tables)
    assert [code for code, _ in _warned(folder)] == ["end_column_unknown"]


def test_a_register_with_its_end_dates_is_not_warned_of(tmp_path: Path) -> None:
    path = bureau.write_workbook(tmp_path / "台账.xlsx", _dissolved(bureau.register()))
    assert _warned(path) == []


def test_check_with_a_plan_or_without_and_a_strict_load(tmp_path: Path) -> None:
    """Said by ``check`` with a plan and without, and refused by a strict load (``scoplan
    evaluate --strict``)."""
    tables = _dissolved(bureau.register())
    _without(tables, "社区社会组织", "注销日期")
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(bureau.AREA_PLAN, encoding="utf-8")
    plan = load_plan(plan_file)
    for checkup in (scoplan.check(path), scoplan.check(path, plan=plan)):
        assert "end_column_absent" in [p.code for p in checkup.problems]
    with pytest.raises(DataError) as raised:
        scoplan.load(path, strict=True)
    assert [p.code for p in raised.value.problems] == ["end_column_absent"]


def test_a_header_close_to_注销日期_is_said_once(tmp_path: Path) -> None:
    """注销时间 for 注销日期 is an error that names the header to rename: the table's lack of
    注销日期 is not said again."""
    tables = _dissolved(bureau.register())
    _renamed(tables, "社区社会组织", "注销日期", "注销时间")
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    with pytest.raises(DataError) as raised:
        scoplan.load(path)
    assert [p.code for p in raised.value.problems] == ["unknown_column_near"]
    assert not [p for p in raised.value.warnings if p.code.startswith("end_column")]
