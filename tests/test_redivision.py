"""A register that predates a re-division (区划调整): 芜湖市 (3402) in the 2023 codes has
湾沚区 (340210) for 芜湖县 (340221), 弋江区 renumbered 340203 → 340209, and 二坝镇 and 汤沟镇
moved from 无为市 (340281) to 鸠江区 (340207102, 340207103). A register filing units under
their old codes is told what the official table says of each by its name, in one line for
many rows of one old district, and a plan naming districts by the 2023 codes is told where
the data has them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import bureau
import pytest

import scoplan
from scoplan import PlanError
from scoplan.i18n import describe_problem

ORGANIZATION = (
    "编号|所属社区|名称|类别|成立日期|注销日期|登记状态|规模|管理主体|简易章程|品牌认定日期"
    "|服务对象|负责人"
)
ONE = "WH1|340281100001|五华志愿服务队|志愿服务类|2022-04-25||备案|规模较小|社区|是|||张伟"

WUHU_TOWNSHIPS = [
    ["340281100", "340281", "无城镇", "镇"],
    ["340281101", "340281", "襄安镇", "镇"],
    ["340281104", "340281", "陡沟镇", "镇"],
    ["340281105", "340281", "石涧镇", "镇"],
    ["340281106", "340281", "严桥镇", "镇"],
    ["340281107", "340281", "开城镇", "镇"],
    ["340281108", "340281", "蜀山镇", "镇"],
    ["340281109", "340281", "牛埠镇", "镇"],
    ["340207001", "340207", "四褐山街道", "街道"],
]
"""Townships of 无为市 and 鸠江区 under their 2023 codes: most of the register's are."""


def wuhu(
    districts: bureau.Rows | None = None,
    townships: bureau.Rows | None = None,
    communities: bureau.Rows | None = None,
) -> dict[str, bureau.Rows]:
    """A small register of 芜湖市 on its 2023 codes, with ``districts``, ``townships`` and
    ``communities`` rows added after those (row 2 on of each file: the header is row 1)."""
    return {
        "区县": [
            ["编号", "名称", "类型", "市"],
            ["340207", "鸠江区", "区", "芜湖市"],
            ["340281", "无为市", "县", "芜湖市"],
            *(districts or []),
        ],
        "乡镇街道": [["编号", "所属区县", "名称", "类型"], *WUHU_TOWNSHIPS, *(townships or [])],
        "社区": [
            ["编号", "所属乡镇街道", "名称", "类型"],
            ["340281100001", "340281100", "五华社区居委会", "城市社区"],
            ["340207001001", "340207001", "管山社区居民委员会", "城市社区"],
            *(communities or []),
        ],
        "社区社会组织": [
            ORGANIZATION.split("|"),
            ONE.split("|"),
        ],
    }


def warnings_of(tmp_path: Path, tables: dict[str, bureau.Rows]) -> list[scoplan.Problem]:
    """The warnings of the register's units against the official table and of their parents."""
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    return [w for w in data.warnings if w.code.startswith(("official", "parent"))]


def said(warning: scoplan.Problem) -> str:
    return describe_problem(warning, "zh")


def test_a_township_under_its_old_district_is_told_where_the_table_has_it(tmp_path):
    """二坝镇 filed as 无为市's 340281102 (no 2023 code) is 鸠江区's 340207102 by the table:
    said so, with what to change, and where it counts until then; its community, whose
    township is named alike, is told its code of 2023."""
    tables = wuhu(
        townships=[["340281102", "340281", "二坝镇", "镇"]],
        communities=[["340281102001", "340281102", "二坝社区居委会", "城市社区"]],
    )
    township, community = warnings_of(tmp_path, tables)
    assert said(township) == (
        "乡镇街道.csv，第11行，“编号”列：编号“340281102”不是2023年统计用区划代码；“二坝镇”在"
        "2023年代码中是鸠江区的340207102（区划调整？）：如已划归鸠江区，请改为340207102，"
        "并改其所属区县；改正之前，它按台账计入无为市"
    )
    assert said(community) == (
        "社区.csv，第4行，“编号”列：编号“340281102001”不是2023年统计用区划代码；“二坝社区居委会”"
        "在2023年代码中是鸠江区二坝镇的340207102001（区划调整后编号变了？）：请改为"
        "340207102001，所属乡镇（街道）为340207102"
    )
    assert "(a re-division?)" in describe_problem(township, "en")


def test_a_township_refiled_under_its_new_district_keeps_no_contradiction(tmp_path):
    """二坝镇 filed under 鸠江区 but still as 340281102: not 'by the official codes of 无为市'
    (the table has no 340281102) beside 'no 2023 code', but its code of 2023 alone."""
    tables = wuhu(townships=[["340281102", "340207", "二坝镇", "镇"]])
    [warning] = warnings_of(tmp_path, tables)
    assert said(warning) == (
        "乡镇街道.csv，第11行，“编号”列：编号“340281102”不是2023年统计用区划代码；“二坝镇”在"
        "2023年代码中是鸠江区的340207102（区划调整后编号变了？）：请改为340207102，所属区县为"
        "340207"
    )


def test_districts_renumbered_and_abolished_are_told_by_name_and_by_their_townships(tmp_path):
    """弋江区 as 340203 is 340209 by its name; 芜湖县 (340221) is no name of 2023, and its
    townships are 湾沚区's: said so; 新城区 (340299) of a township the table knows nowhere
    is said abolished or renamed."""
    tables = wuhu(
        districts=[
            ["340203", "弋江区", "区", "芜湖市"],
            ["340221", "芜湖县", "县", "芜湖市"],
            ["340299", "新城区", "区", "芜湖市"],
            # (most of a table's codes official: one of the register's own numbering is not
            # compared unit by unit)
            ["340202", "镜湖区", "区", "芜湖市"],
            ["340212", "繁昌区", "区", "芜湖市"],
        ],
        townships=[
            ["340209001", "340203", "中南街道", "街道"],
            ["340210100", "340221", "湾沚镇", "镇"],
            ["340210101", "340221", "陶辛镇", "镇"],
            ["340299100", "340299", "幸福镇", "镇"],
        ],
    )
    found = {w.value: w for w in warnings_of(tmp_path, tables) if w.table == "districts"}
    assert said(found["340203"]) == (
        "区县.csv，第4行，“编号”列：编号“340203”不是2023年统计用区划代码；“弋江区”在2023年代码"
        "中是340209（区划调整后编号变了？）：请改为340209，其下乡镇（街道）的编号和“所属区县”"
        "也按2023年代码改"
    )
    assert said(found["340221"]) == (
        "区县.csv，第5行，“编号”列：编号“340221”不是2023年统计用区划代码，“芜湖县”也不在2023年"
        "代码中（撤销或更名？）；它的2个乡镇（街道）在2023年代码中属湾沚区（340210）：如已改为"
        "湾沚区，请把编号改为340210、名称改为“湾沚区”，其下乡镇（街道）的编号和“所属区县”也按"
        "2023年代码改"
    )
    assert "（撤销或更名？其后新设的单位？）" in said(found["340299"])


def test_a_community_of_no_official_code_is_said_to_count(tmp_path):
    """老五华村 (340281100250, merged away before 2023) still counts in its township's
    communities, the denominators: the warning says so, and what to do."""
    tables = wuhu(communities=[["340281100250", "340281100", "老五华村村委会", "农村社区"]])
    [warning] = warnings_of(tmp_path, tables)
    assert said(warning) == (
        "社区.csv，第4行，“编号”列：编号“340281100250”不是2023年统计用区划代码（其后新设或撤并的"
        "单位？自编的编号？），请核对：在删去这一行之前，它仍是“无城镇”的一个社区，计入各项平均数"
        "和覆盖率的分母；如已撤并，请删去这一行，并把它的社区社会组织改到并入的社区"
    )


def test_many_rows_of_one_old_district_are_one_line(tmp_path):
    """芜湖县's six townships under 340221 (湾沚区's, 340210, in 2023): one line with the
    count, the first five rows and one example, not six; the parent check says nothing of
    codes the line covers."""
    old = [
        ["340221100", "湾沚镇"],
        ["340221101", "陶辛镇"],
        ["340221102", "六郎镇"],
        ["340221103", "花桥镇"],
        ["340221104", "红杨镇"],
        ["340221400", "安徽新芜经济开发区"],
    ]
    tables = wuhu(
        districts=[["340221", "芜湖县", "县", "芜湖市"]],
        townships=[[code, "340221", name, "镇"] for code, name in old],
    )
    townships = [w for w in warnings_of(tmp_path, tables) if w.table == "townships"]
    [warning] = townships
    assert warning.params["count"] == 6
    assert said(warning) == (
        "乡镇街道.csv，第11行，“编号”列：6个乡镇（街道）的编号（第11、12、13、14、15 …行）不是"
        "2023年统计用区划代码；它们的名称在2023年代码中是湾沚区的乡镇（街道），编号不同（如"
        "“湾沚镇”是湾沚区的340210100）（区划调整？）：如已划归湾沚区，请按2023年代码改编号，"
        "并改其所属区县；改正之前，它们按台账计入所登记的区县"
    )


PLAN = """
id = "wuhu-test"
title = "芜湖市测试计划"
version = "1"
start = 2021-01-01
end = 2023-12-31
base_year = 2020

[area]
name = "芜湖市"
code_prefix = "3402"
"""


def plan_of(tmp_path: Path, scope: dict[str, object] | None = None) -> scoplan.Plan:
    from builders import milestone_toml

    path = tmp_path / "plan.toml"
    milestone = milestone_toml(
        "urban", "urban-average", dt.date(2023, 12, 31), {"threshold": 15}, scope
    )
    path.write_text(PLAN + milestone, encoding="utf-8")
    return scoplan.load_plan(path)


def test_a_plan_naming_a_district_the_data_holds_under_its_old_code_is_told(tmp_path):
    """The plan names 弋江区 by its 2023 code 340209; the data holds it as 340203."""
    tables = wuhu(
        districts=[["340203", "弋江区", "区", "芜湖市"]],
        townships=[["340203001", "340203", "中南街道", "街道"]],
    )
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    with pytest.raises(PlanError) as raised:
        scoplan.evaluate(data, plan_of(tmp_path, {"districts": ["340209"]}), dt.date(2023, 12, 31))
    [problem] = [p for p in raised.value.problems if p.code == "unknown_district"]
    assert describe_problem(problem, "zh").endswith(
        "区县“340209”不在数据中（数据中的弋江区编号是340203，而2023年代码中弋江区是340209"
        "（区划调整后编号变了？）：请按2023年代码改数据中的编号）"
    )


def test_a_district_chosen_by_a_name_no_unit_bears_today_is_not_offered_a_lookalike(tmp_path):
    """--district 芜湖县 where the data has 湾沚区 and 芜湖经济技术开发区: 芜湖县 is no unit
    of 2023, said so; not 'did you mean 芜湖经济技术开发区?'."""
    tables = wuhu(
        districts=[
            ["340210", "湾沚区", "区", "芜湖市"],
            ["340271", "芜湖经济技术开发区", "开发区", "芜湖市"],
        ],
    )
    data = scoplan.load(bureau.write(tmp_path / "台账", tables))
    with pytest.raises(PlanError) as raised:
        scoplan.evaluate(data, plan_of(tmp_path), dt.date(2023, 12, 31), districts=["芜湖县"])
    [problem] = raised.value.problems
    text = describe_problem(problem, "zh")
    assert "（2023年代码中没有芜湖县（撤销或更名？））" in text
    assert "是否应为" not in text
