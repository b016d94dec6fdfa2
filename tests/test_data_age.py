"""A register judged long after its last date is warned of (:mod:`scoplan.data_age`).

The bureau's register of ``tests/bureau.py`` holds dates up to 2022-09-01, an event's
(活动 日期): its organizations were founded up to 2022-08-08, its platforms up to 2021-06-01.
Day counts are worked out by hand: 2022-09-01 to 2023-09-01 is 365 days (no 29 February
between), to 2023-12-31 another 30 + 31 + 30 + 30 = 121.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import bureau
import pytest
from click.testing import CliRunner

import scoplan
from scoplan.cli import main


def _warnings(folder: Path, day: dt.date) -> list[scoplan.DataWarning]:
    report = scoplan.evaluate(scoplan.load(folder), scoplan.parse_plan(bureau.AREA_PLAN), day)
    return [w for w in report.warnings if w.code == "stale_data"]


def test_a_register_judged_486_days_after_its_last_date_is_warned_of_in_its_own_words(
    tmp_path: Path,
) -> None:
    folder = bureau.write(tmp_path / "台账")
    (warning,) = _warnings(folder, dt.date(2023, 12, 31))
    assert warning.message_zh == (
        "活动.csv：数据中最晚的日期是2022年9月1日（“活动”表“日期”列），"
        "比评估日期2023年12月31日早486天：如台账此后没有再登记，2023年12月31日的各项数值"
        "就是2022年9月1日的数值。如要按台账的最后日期评估，请把评估日期定为2022年9月1日"
    )
    assert "2022-09-01 (events table, 日期 column), 486 days before" in warning.message
    assert warning.message.endswith("(--as-of 2022-09-01)")
    assert warning.table == "events"


@pytest.mark.parametrize(
    ("day", "warned"),
    [(dt.date(2023, 9, 1), False), (dt.date(2023, 9, 2), True), (dt.date(2022, 9, 1), False)],
)
def test_a_year_after_the_last_date_is_not_yet_stale(
    tmp_path: Path, day: dt.date, warned: bool
) -> None:
    # 365 days after 2022-09-01 is 2023-09-01: no warning; a day more is one
    folder = bureau.write(tmp_path / "台账")
    assert bool(_warnings(folder, day)) is warned


def test_the_latest_date_of_any_table_counts(tmp_path: Path) -> None:
    # an organization founded on 2023-03-01 makes the register 305 days old on 2023-12-31
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    organizations[1][bureau.column(organizations, "成立日期")] = "2023年3月1日"
    folder = bureau.write(tmp_path / "台账", tables)
    assert _warnings(folder, dt.date(2023, 12, 31)) == []
    (warning,) = _warnings(folder, dt.date(2024, 3, 1))  # 366 days: 2024 is a leap year
    assert "2023年3月1日（“社区社会组织”表“成立日期”列）" in warning.message_zh
    assert "早366天" in warning.message_zh


def test_strict_makes_a_stale_register_an_error(tmp_path: Path) -> None:
    folder = bureau.write(tmp_path / "台账")
    data = scoplan.load(folder)
    plan = scoplan.parse_plan(bureau.AREA_PLAN)
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.evaluate(data, plan, dt.date(2023, 12, 31), strict=True)
    assert [p.code for p in raised.value.problems] == ["stale_data"]


def test_the_command_says_it_on_standard_error(tmp_path: Path) -> None:
    folder = bureau.write(tmp_path / "台账")
    plan = tmp_path / "计划.toml"
    plan.write_text(bureau.AREA_PLAN, "utf-8")
    args = ["evaluate", str(folder), "--plan", str(plan), "--as-of", "2023-12-31"]
    result = CliRunner().invoke(main, args)
    assert "警告：" in result.stderr
    assert "比评估日期2023年12月31日早486天" in result.stderr
    assert "486 days" not in result.output


def test_a_day_before_the_plan_begins_is_warned_of_as_a_mistyped_year(tmp_path: Path) -> None:
    """``--year 2013`` for 2023 (a user trial: every milestone 待定, exit 0, no word): the plan
    runs from 2023-01-01, so 2013-12-31 is before it, and the warning says so and which year
    to give; its first day is no such slip, nor is its last."""
    folder = bureau.write(tmp_path / "台账")
    plan = scoplan.parse_plan(bureau.AREA_PLAN)
    data = scoplan.load(folder)
    report = scoplan.evaluate(data, plan, dt.date(2013, 12, 31))
    (warning,) = [w for w in report.warnings if w.code == "before_plan"]
    assert warning.message_zh.endswith(
        "评估日期2013年12月31日在计划期（2023年1月1日至2023年12月31日）开始之前：计划的目标"
        "都还没有到期，各项都只能是“待定”。如是年份写错了，请改正（如 --year 2023）"
    )
    assert "the day judged, 2013-12-31, is before the plan's period (2023-01-01 to" in (
        warning.message
    )
    for day in (dt.date(2023, 1, 1), dt.date(2023, 12, 31)):
        report = scoplan.evaluate(data, plan, day)
        assert [w for w in report.warnings if w.code == "before_plan"] == []
    done = CliRunner().invoke(main, ["evaluate", str(folder), "--year", "2013"])
    assert "在计划期（2021年1月1日至2023年12月31日）开始之前" in done.output + done.stderr
