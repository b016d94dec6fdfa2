"""Where the problem list files a row whose reference is in doubt (祁门县, a user trial).

祁门县民政局's problem list gave its blank registrations (two organizations of one township)
no township, filed 小路口镇's federation, whose 所属单位 is a community of 祁山镇, under
祁山镇, and an organization whose community is 休宁县's (another county of the city) under the
city level, saying only that the code is no community of the data. The register is 黄山市's
as a bureau writes it (``tests/bureau.py``), with a second township of 歙县 (郑村镇).
"""

from __future__ import annotations

from pathlib import Path

import bureau

import scoplan
from scoplan.checkup import Checkup
from scoplan.i18n import describe_problem

FEDERATIONS = ["编号", "层级", "所属单位", "名称", "成立日期", "注销日期"]


def _register() -> dict[str, bureau.Rows]:
    tables = bureau.register()
    tables["乡镇街道"].append(["341021101", "341021", "郑村镇", "镇"])
    tables["社区"].append(["341021101201", "341021101", "郑村村委会", "农村社区"])
    organizations = tables["社区社会组织"]
    extra = list(organizations[5])
    extra[:3] = ["HS006", "341021101201", "郑村乡贤会"]
    organizations.append(extra)
    return tables


def _checked(tmp_path: Path, tables: dict[str, bureau.Rows]) -> Checkup:
    return scoplan.check(bureau.write(tmp_path / "台账", tables))


def _placed(checkup: Checkup, code: str) -> list[tuple[int | None, str | None, str | None]]:
    """Each problem of ``code``: its row, district and township."""
    return [
        (p.row, checkup.districts[i], checkup.township_of(i))
        for i, p in enumerate(checkup.problems)
        if p.code == code
    ]


def test_blank_registrations_all_of_one_township_are_that_townships(tmp_path):
    """HS001 and HS002 (rows 2, 3) are both of 荷花池 in 昱东街道: their one warning is
    昱东街道's. HS004 and HS006 (rows 5, 7), of 徽城镇 and 郑村镇, are of two: none."""
    tables = _register()
    organizations = tables["社区社会组织"]
    at = bureau.column(organizations, "登记状态")
    for row in (1, 2, 4, 6):
        organizations[row][at] = ""
    checkup = _checked(tmp_path, tables)
    assert _placed(checkup, "registration_blank") == [
        (2, "341002", "昱东街道"),
        (5, "341021", None),
    ]


def test_a_federation_under_a_community_named_for_a_township_is_that_townships(tmp_path):
    """郑村镇's federation (层级 乡镇街道) filed under 新路街居委会, a community of 徽城镇: its
    name says 郑村镇 (341021101), so the row is 郑村镇's, and the message asks whether
    341021101 was meant; never 徽城镇's."""
    tables = _register()
    tables["联合会"] = [
        FEDERATIONS,
        ["LH1", "乡镇街道", "341021100001", "郑村镇社区社会组织联合会", "2022-01-01", ""],
        ["LH2", "乡镇街道", "341021100001", "歙县某某联合会", "2022-01-01", ""],
    ]
    checkup = _checked(tmp_path, tables)
    assert _placed(checkup, "unit_of_other_level_named") == [(2, "341021", "郑村镇")]
    # a name that says no township: as before, the row of the unit it names
    assert _placed(checkup, "unit_of_other_level") == [(3, "341021", "徽城镇")]
    (named,) = [p for p in checkup.problems if p.code == "unit_of_other_level_named"]
    assert describe_problem(named, "zh").endswith(
        "“341021100001”是社区的编号，与这一行的“层级”不符；"
        "这一行的名称说的是郑村镇（341021101）：是否应为“341021101”？请核对层级或所属单位"
    )
    assert "did you mean 341021101?" in describe_problem(named, "en")


def test_a_community_of_another_county_is_said_to_be_that_countys(tmp_path):
    """Two organizations filed under 341022100001, 休宁县's 横江社区居委会 (海阳镇), a county
    the register does not hold. 问政便民服务队's name says 问政村村委会 (341021100201, 徽城镇):
    歙县's, 徽城镇's, and its message asks whether that was meant. 某某服务队's says none: the
    city level's, its message saying whose the code is."""
    tables = _register()
    organizations = tables["社区社会组织"]
    for id, name in (("HS007", "问政便民服务队"), ("HS008", "某某服务队")):
        row = list(organizations[4])
        row[:3] = [id, "341022100001", name]
        organizations.append(row)
    checkup = _checked(tmp_path, tables)
    assert _placed(checkup, "ref_of_other_district_named") == [(8, "341021", "徽城镇")]
    assert _placed(checkup, "ref_of_other_district") == [(9, None, None)]
    named, alone = [p for p in checkup.problems if p.code.startswith("ref_of_other_district")]
    assert describe_problem(named, "zh").endswith(
        "“341022100001”是休宁县的社区（海阳镇横江社区居委会），不在本数据中；"
        "这一行的名称说的是问政村村委会：是否应为“341021100201”（问政村村委会）？"
    )
    assert describe_problem(alone, "zh").endswith(
        "“341022100001”是休宁县的社区（海阳镇横江社区居委会），不在本数据中：本数据没有休宁县，"
        "这一行不属于本数据的任何单位；请核对编号"
    )
    said = describe_problem(alone, "en")
    assert "341022100001' is one of 休宁县's communities (海阳镇横江社区居委会)" in said
