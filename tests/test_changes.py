"""What changed between two deliveries (issue 16): ``scoplan changes OLD NEW``.

The old delivery is the register of ``tests/bureau.py``; the new one changes it as each test
says, so that every change expected is the one the test made.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import bureau
import openpyxl
import pytest
from click.testing import CliRunner

import scoplan
from scoplan.changes import KINDS, Change, changes, compare_data
from scoplan.cli import main


def deliveries(root: Path, edit) -> tuple[Path, Path]:
    old = bureau.write(root / "旧")
    tables = bureau.register()
    edit(tables)
    return old, bureau.write(root / "新", tables)


def edits(tables):
    """HS001 renamed; HS003 (row 4) gone; HS004 moved from 歙县's 新路街居委会 to 屯溪区's
    上新社区; HS005 dissolved on 2023-06-30; HS006 new; 屯溪区's centre PT02 ended."""
    organizations = tables["社区社会组织"]
    organizations[1][2] = "荷花池志愿者服务队"
    organizations[4][1] = "341002001002"
    organizations[5][5] = "2023-06-30"
    organizations.append(["HS006", "341021100201", "问政舞蹈队", "文体类", "2023-01-01"] + [""] * 8)
    del organizations[3]
    tables["平台与制度"][2][5] = "2023-12-01"


EXPECTED = [
    Change(
        "organizations",
        "removed",
        "HS003",
        "上新文体队",
        "341002",
        "屯溪区",
    ),
    Change(
        "organizations",
        "moved",
        "HS004",
        "新路街助老队",
        "341002",
        "屯溪区",
        ("community_id",),
        {"community_id": "341021100001"},
        {"community_id": "341002001002"},
        "341021",
        "歙县",
        # each community named after its township, as the official table names them
        {"341021100001": "徽城镇新路街居委会", "341002001002": "昱东街道上新社区居委会"},
    ),
    Change(
        "organizations",
        "changed",
        "HS001",
        "荷花池志愿者服务队",
        "341002",
        "屯溪区",
        ("name",),
        {"name": "荷花池志愿服务队"},
        {"name": "荷花池志愿者服务队"},
    ),
    Change(
        "establishments",
        "dissolved",
        "PT02",
        "屯溪区社会组织培育发展服务中心",
        "341002",
        "屯溪区",
        ("ended",),
        {"ended": None},
        {"ended": "2023-12-01"},
    ),
    Change("organizations", "added", "HS006", "问政舞蹈队", "341021", "歙县"),
    Change(
        "organizations",
        "dissolved",
        "HS005",
        "问政乡贤会",
        "341021",
        "歙县",
        ("dissolved",),
        {"dissolved": None},
        {"dissolved": "2023-06-30"},
    ),
]
"""By district (屯溪区, then 歙县), then table, then kind (added, removed, dissolved, moved,
changed)."""


def test_every_kind_of_change_per_district(tmp_path):
    old, new = deliveries(tmp_path, edits)
    result = changes(old, new)
    assert list(result.changes) == EXPECTED
    assert result.counts() == {
        "341002": {
            "added": 0,
            "removed": 1,
            "dissolved": 1,
            "moved": 1,
            "moved_out": 0,
            "moved_in": 0,
            "changed": 1,
        },
        "341021": {
            "added": 1,
            "removed": 0,
            "dissolved": 1,
            "moved": 0,
            "moved_out": 0,
            "moved_in": 0,
            "changed": 0,
        },
    }


def test_the_same_data_in_another_form_has_no_change(tmp_path):
    """The register as a CSV folder and as a workbook: nothing changed."""
    folder = bureau.write(tmp_path / "台账")
    workbook = tmp_path / "台账.xlsx"
    CliRunner().invoke(main, ["convert", str(folder), str(workbook), "--names", "zh"])
    assert not changes(folder, workbook)
    result = CliRunner().invoke(main, ["changes", str(folder), str(workbook)])
    assert result.exit_code == 0
    assert result.output.splitlines()[1] == "没有变化"


def test_the_city_level_comes_last(tmp_path):
    def edit(tables):
        tables["平台与制度"][1][3] = "黄山市社会组织服务中心"

    old, new = deliveries(tmp_path, edit)
    [change] = changes(old, new).changes
    assert (change.kind, change.id, change.district_id, change.district) == (
        "changed",
        "PT01",
        None,
        None,
    )


def test_cli_text(tmp_path):
    old, new = deliveries(tmp_path, edits)
    result = CliRunner().invoke(main, ["changes", str(old), str(new)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "屯溪区（341002）",
        "  社区社会组织 删除 HS003 上新文体队",
        "  社区社会组织 迁移 HS004 新路街助老队："
        "所属社区 徽城镇新路街居委会（341021100001） → 昱东街道上新社区居委会（341002001002）"
        "（歙县 → 屯溪区）",
        "  社区社会组织 变更 HS001 荷花池志愿者服务队：名称 荷花池志愿服务队 → 荷花池志愿者服务队",
        # an establishment is 撤销 (its 撤销日期), an organization 注销
        "  平台与制度 撤销 PT02 屯溪区社会组织培育发展服务中心：撤销日期 （空） → 2023年12月1日",
        "歙县（341021）",
        "  社区社会组织 新增 HS006 问政舞蹈队",
        "  社区社会组织 注销 HS005 问政乡贤会：注销日期 （空） → 2023年6月30日",
        "共6处变化",
    ]


def test_cli_json_csv_and_workbook(tmp_path):
    old, new = deliveries(tmp_path, edits)
    runner = CliRunner()
    document = json.loads(
        runner.invoke(main, ["changes", str(old), str(new), "--format", "json"]).stdout
    )
    assert [c["id"] for c in document["changes"]] == [c.id for c in EXPECTED]
    assert document["changes"][1]["district_before"] == "341021"
    rows = runner.invoke(main, ["changes", str(old), str(new), "--format", "csv", "--lang", "en"])
    lines = rows.stdout.splitlines()
    assert lines[0] == "district_id,district,table,change,id,name,columns,before,after"
    assert lines[1] == "341002,屯溪区,organizations,removed,HS003,上新文体队,,,"
    out = tmp_path / "变化.xlsx"
    made = runner.invoke(main, ["changes", str(old), str(new), "--format", "xlsx", "-o", str(out)])
    assert made.exit_code == 1
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "屯溪区", "歙县"]
    # 新增, 删除, 注销或撤销, 迁移, 划出, 划入, 变更
    assert [c.value for c in book["汇总"][2]] == ["屯溪区（341002）", 0, 1, 1, 1, 0, 0, 1]
    assert book["歙县"].max_row == 3


def test_cli_a_source_that_does_not_load(tmp_path):
    old = bureau.write(tmp_path / "旧")
    result = CliRunner().invoke(main, ["changes", str(old), str(tmp_path / "无"), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / '无'}: no such file or folder\n"
    assert "Traceback" not in result.output


def test_the_api_compares_loaded_datasets(tmp_path):
    old, new = deliveries(tmp_path, edits)
    result = compare_data(scoplan.load(old), scoplan.load(new), old_name="a", new_name="b")
    assert (result.old, result.new) == ("a", "b")
    assert list(result.changes) == EXPECTED


@pytest.mark.parametrize("format_", ["text", "json", "csv"])
def test_english(tmp_path, format_):
    old, new = deliveries(tmp_path, edits)
    result = CliRunner().invoke(
        main, ["changes", str(old), str(new), "--format", format_, "--lang", "en"]
    )
    assert result.exit_code == 1
    assert "HS004" in result.stdout


def test_a_date_is_written_as_the_language_writes_one(tmp_path):
    """A date column's value (the data's date cell) reads 2023年6月30日 in Chinese, in the
    text and in the workbook, as every Chinese report writes a date; English text keeps
    2023-06-30, and JSON, for programs, the ISO date in either language."""
    old, new = deliveries(tmp_path, edits)
    runner = CliRunner()
    english = runner.invoke(main, ["changes", str(old), str(new), "--lang", "en"]).stdout
    assert "HS005 问政乡贤会: dissolved - → 2023-06-30" in english
    document = json.loads(
        runner.invoke(main, ["changes", str(old), str(new), "--format", "json"]).stdout
    )
    [dissolved] = [c for c in document["changes"] if c["id"] == "HS005"]
    assert dissolved["after"] == {"dissolved": "2023-06-30"}
    out = tmp_path / "变化.xlsx"
    runner.invoke(main, ["changes", str(old), str(new), "--format", "xlsx", "-o", str(out)])
    [row] = [r for r in openpyxl.load_workbook(out)["歙县"].values if r[2] == "HS005"]
    assert row[-1] == "注销日期=2023年6月30日"
    # an empty value said, not a bare 注销日期=
    assert row[-2] == "注销日期=（空）"


def recoded(tables):
    """HS002 (荷花池邻里守望队, 屯溪区) changes every code it has: 类别 居民互助类 → 公益慈善类,
    登记状态 登记 → 备案, 规模 规模较小 → 规模较大, 管理主体 社区 → 民政局, 简易章程 是 → 否,
    服务对象 老年人、儿童 → 老年人."""
    row = tables["社区社会组织"][2]
    row[3], row[6], row[7], row[8], row[9], row[11] = (
        "公益慈善类",
        "备案",
        "规模较大",
        "民政局",
        "否",
        "老年人",
    )


def test_codes_are_said_in_words_in_chinese(tmp_path):
    """A trial found ``登记状态 filed → registered`` in the Chinese text: each code is the
    word DATA.zh.md spells it with first, a yes or no 是 / 否, a list's codes each."""
    old, new = deliveries(tmp_path, recoded)
    result = CliRunner().invoke(main, ["changes", str(old), str(new)])
    assert result.output.splitlines()[1:] == [
        "屯溪区（341002）",
        "  社区社会组织 变更 HS002 荷花池邻里守望队："
        "类别 居民互助类 → 公益慈善类；登记状态 登记 → 备案；规模 小 → 大；"
        "管理主体 社区 → 民政部门；简易章程 是 → 否；服务对象 老年人、儿童 → 老年人",
        "共1处变化",
    ]
    out = tmp_path / "变化.xlsx"
    CliRunner().invoke(main, ["changes", str(old), str(new), "--format", "xlsx", "-o", str(out)])
    [row] = [r for r in openpyxl.load_workbook(out)["屯溪区"].values if r[2] == "HS002"]
    assert row == (
        "社区社会组织",
        "变更",
        "HS002",
        "荷花池邻里守望队",
        "类别、登记状态、规模、管理主体、简易章程、服务对象",
        "类别=居民互助类；登记状态=登记；规模=小；管理主体=社区；简易章程=是；服务对象=老年人、儿童",
        "类别=公益慈善类；登记状态=备案；规模=大；管理主体=民政部门；简易章程=否；服务对象=老年人",
    )


def test_english_names_columns_in_words(tmp_path):
    """English text names a column in words (``community``, ``managed by``), not by its
    snake_case name, and a code in words (``civil affairs``)."""
    old, new = deliveries(tmp_path, recoded)
    english = CliRunner().invoke(main, ["changes", str(old), str(new), "--lang", "en"])
    assert english.output.splitlines()[2] == (
        "  organizations changed HS002 荷花池邻里守望队: "
        "category resident mutual aid → public welfare and charity; "
        "registration registered → filed; size small → large; "
        "managed by community → civil affairs; charter yes → no; "
        "serves elderly, children → elderly"
    )
    old, new = deliveries(tmp_path / "moved", edits)
    english = CliRunner().invoke(main, ["changes", str(old), str(new), "--lang", "en"]).output
    assert "HS004 新路街助老队: community 徽城镇新路街居委会 (341021100001) → " in english


def test_a_chinese_csv_is_in_words(tmp_path):
    """The CSV in Chinese has Chinese headers, the table's Chinese name and each value in
    words; JSON, for programs, keeps the codes."""
    old, new = deliveries(tmp_path, recoded)
    runner = CliRunner()
    lines = runner.invoke(main, ["changes", str(old), str(new), "--format", "csv"]).stdout
    assert lines.splitlines() == [
        "区县代码,区县,数据表,变化,编号,名称,变化的列,之前,之后",
        "341002,屯溪区,社区社会组织,变更,HS002,荷花池邻里守望队,"
        "类别、登记状态、规模、管理主体、简易章程、服务对象,"
        "类别=居民互助类；登记状态=登记；规模=小；管理主体=社区；简易章程=是；服务对象=老年人、儿童,"
        "类别=公益慈善类；登记状态=备案；规模=大；管理主体=民政部门；简易章程=否；服务对象=老年人",
    ]
    document = json.loads(
        runner.invoke(main, ["changes", str(old), str(new), "--format", "json"]).stdout
    )
    [change] = document["changes"]
    assert change["before"]["registration"] == "registered"
    assert change["after"]["managed_by"] == "civil_affairs"


def refiled(tables):
    """徽城镇 (341021100) filed under 屯溪区 (乡镇街道.csv row 3): its organizations HS004
    (新路街居委会) and HS005 (问政村) are now 屯溪区's, their own rows unchanged."""
    tables["乡镇街道"][2][1] = "341002"


def test_a_township_filed_under_another_district_is_listed_in_both(tmp_path):
    """A 芜湖 trial (二坝镇 and 汤沟镇 re-filed from 无为市 under 鸠江区) was told 没有变化:
    the township is 划入 in 屯溪区's section and 划出 in 歙县's, and the organizations under
    it moved with it — three records changed."""
    old, new = deliveries(tmp_path, refiled)
    result = CliRunner().invoke(main, ["changes", str(old), str(new)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "屯溪区（341002）",
        "  乡镇街道 划入 341021100 徽城镇：所属区县 歙县（341021） → 屯溪区（341002）",
        "  社区社会组织 迁移 HS004 新路街助老队（歙县 → 屯溪区）",
        "  社区社会组织 迁移 HS005 问政乡贤会（歙县 → 屯溪区）",
        "歙县（341021）",
        "  乡镇街道 划出 341021100 徽城镇：所属区县 歙县（341021） → 屯溪区（341002）",
        "共3处变化",
    ]
    township = {
        "columns": ("district_id",),
        "before": {"district_id": "341021"},
        "after": {"district_id": "341002"},
        "district_before": "341021",
        "district_before_name": "歙县",
        "places": {"341021": "歙县", "341002": "屯溪区"},
        "district_after": "341002",
        "district_after_name": "屯溪区",
    }
    moved = {"district_before": "341021", "district_before_name": "歙县"}
    assert list(changes(old, new).changes) == [
        Change("townships", "moved_in", "341021100", "徽城镇", "341002", "屯溪区", **township),
        Change("organizations", "moved", "HS004", "新路街助老队", "341002", "屯溪区", **moved),
        Change("organizations", "moved", "HS005", "问政乡贤会", "341002", "屯溪区", **moved),
        Change("townships", "moved_out", "341021100", "徽城镇", "341021", "歙县", **township),
    ]


def test_every_form_lists_a_township_moved(tmp_path):
    """JSON counts 划入 and 迁移 in 屯溪区 and 划出 in 歙县; the Chinese CSV and the workbook
    list the township in both districts, in words."""
    old, new = deliveries(tmp_path, refiled)
    runner = CliRunner()
    document = json.loads(
        runner.invoke(main, ["changes", str(old), str(new), "--format", "json"]).stdout
    )
    assert document["counts"] == {
        "341002": dict.fromkeys(KINDS, 0) | {"moved": 2, "moved_in": 1},
        "341021": dict.fromkeys(KINDS, 0) | {"moved_out": 1},
    }
    lines = runner.invoke(main, ["changes", str(old), str(new), "--format", "csv"]).stdout
    assert lines.splitlines()[1::3] == [
        "341002,屯溪区,乡镇街道,划入,341021100,徽城镇,所属区县,"
        "所属区县=歙县（341021）,所属区县=屯溪区（341002）",
        "341021,歙县,乡镇街道,划出,341021100,徽城镇,所属区县,"
        "所属区县=歙县（341021）,所属区县=屯溪区（341002）",
    ]
    # an organization moved with its township: the districts, as the text says them
    assert lines.splitlines()[2] == (
        "341002,屯溪区,社区社会组织,迁移,HS004,新路街助老队,区县,区县=歙县（341021）,区县=屯溪区（341002）"
    )
    english = runner.invoke(
        main, ["changes", str(old), str(new), "--format", "csv", "--lang", "en"]
    ).stdout
    assert english.splitlines()[2] == (
        "341002,屯溪区,organizations,moved,HS004,新路街助老队,district,"
        '"{""district"": ""341021""}","{""district"": ""341002""}"'
    )
    assert english.splitlines()[-1] == (
        "341021,歙县,townships,moved_out,341021100,徽城镇,district_id,"
        '"{""district_id"": ""341021""}","{""district_id"": ""341002""}"'
    )
    out = tmp_path / "变化.xlsx"
    runner.invoke(main, ["changes", str(old), str(new), "--format", "xlsx", "-o", str(out)])
    book = openpyxl.load_workbook(out)
    # 新增, 删除, 注销或撤销, 迁移, 划出, 划入, 变更
    assert [[c.value for c in row] for row in book["汇总"].iter_rows(min_row=2)] == [
        ["屯溪区（341002）", 0, 0, 0, 2, 0, 1, 0],
        ["歙县（341021）", 0, 0, 0, 0, 1, 0, 0],
    ]
    assert [r[:3] for r in book["歙县"].iter_rows(min_row=2, values_only=True)] == [
        ("乡镇街道", "划出", "341021100")
    ]
    assert list(book["屯溪区"].values)[2] == (
        "社区社会组织",
        "迁移",
        "HS004",
        "新路街助老队",
        "区县",
        "区县=歙县（341021）",
        "区县=屯溪区（341002）",
    )


def test_a_district_recoded_is_one_change_not_its_records_moved(tmp_path):
    """歙县 (341021) re-coded 341022, renamed 徽州区, a 区 (区县.csv row 3), its township and
    centre (PT03) filed under the new code: the same district, holding the same township —
    one change, its id, name and kind; nothing of it moved. It was told 没有变化 but for
    PT03, 变更."""

    def recoded(tables):
        tables["区县"][2][:3] = ["341022", "徽州区", "区"]
        tables["乡镇街道"][2][1] = "341022"
        tables["平台与制度"][3][2] = "341022"

    old, new = deliveries(tmp_path, recoded)
    result = CliRunner().invoke(main, ["changes", str(old), str(new)])
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        "徽州区（341022）",
        "  区县 变更 341022 徽州区：编号 341021 → 341022；名称 歙县 → 徽州区；类型 县 → 区",
        "共1处变化",
    ]


def test_a_community_filed_under_another_districts_township(tmp_path):
    """新路街居委会 (341021100001, 歙县's 徽城镇) filed under 屯溪区's 昱东街道 (社区.csv row
    4): 划出 from 歙县, 划入 屯溪区, and HS004 of it moved — two records changed."""

    def refiled(tables):
        tables["社区"][3][1] = "341002001"

    old, new = deliveries(tmp_path, refiled)
    result = CliRunner().invoke(main, ["changes", str(old), str(new)])
    assert result.output.splitlines()[1:] == [
        "屯溪区（341002）",
        "  社区 划入 341021100001 新路街居委会："
        "所属乡镇街道 徽城镇（341021100） → 昱东街道（341002001）（歙县 → 屯溪区）",
        "  社区社会组织 迁移 HS004 新路街助老队（歙县 → 屯溪区）",
        "歙县（341021）",
        "  社区 划出 341021100001 新路街居委会："
        "所属乡镇街道 徽城镇（341021100） → 昱东街道（341002001）（歙县 → 屯溪区）",
        "共2处变化",
    ]


def huicheng() -> dict[str, list[list[str]]]:
    """The register with 徽城镇 (341021100) holding three communities (中和社区居委会 added)
    and five organizations (HS004, HS005 and HS007-HS009), and 徽城镇's federation FH01."""
    tables = bureau.register()
    tables["社区"].insert(4, ["341021100002", "341021100", "中和社区居委会", "城市社区"])
    for id, community, name in (
        ("HS007", "341021100002", "中和读书会"),
        ("HS008", "341021100002", "中和调解队"),
        ("HS009", "341021100001", "新路街书法社"),
    ):
        tables["社区社会组织"].append([id, community, name, "文体类", "2023-01-01"] + [""] * 8)
    tables["联合会"] = [
        ["编号", "层级", "所属单位", "名称", "成立日期", "注销日期"],
        ["FH01", "乡镇街道", "341021100", "徽城镇社区社会组织联合会", "2022-05-01", ""],
    ]
    return tables


def renumbered(tables):
    """徽城镇 re-coded 341021101 (乡镇街道.csv row 3), its communities 341021101001,
    341021101002 and 341021101201, and every reference to them: its organizations' 所属社区,
    FH01's 所属单位."""
    codes = {
        "341021100": "341021101",
        "341021100001": "341021101001",
        "341021100002": "341021101002",
        "341021100201": "341021101201",
    }
    for name, columns in (
        ("乡镇街道", (0,)),
        ("社区", (0, 1)),
        ("社区社会组织", (1,)),
        ("联合会", (2,)),
    ):
        for row in tables[name][1:]:
            for c in columns:
                row[c] = codes.get(row[c], row[c])


def recoded_deliveries(root: Path, edit, tables=None) -> tuple[Path, Path]:
    """``tables`` (default: :func:`huicheng`) as the old delivery, and edited by ``edit`` as
    the new one."""
    tables = tables if tables is not None else huicheng()
    old = bureau.write(root / "旧", tables)
    tables = copy.deepcopy(tables)
    edit(tables)
    return old, bureau.write(root / "新", tables)


RENUMBERED = [
    Change(
        "townships",
        "changed",
        "341021101",
        "徽城镇",
        "341021",
        "歙县",
        ("id",),
        {"id": "341021100"},
        {"id": "341021101"},
    ),
    *(
        Change(
            "communities",
            "changed",
            f"341021101{n}",
            name,
            "341021",
            "歙县",
            ("id",),
            {"id": f"341021100{n}"},
            {"id": f"341021101{n}"},
        )
        for n, name in (("001", "新路街居委会"), ("002", "中和社区居委会"), ("201", "问政村村委会"))
    ),
]
"""徽城镇 and its three communities, each re-coded: one change each, in 歙县."""


def test_a_township_recoded_is_one_change_not_its_records_moved(tmp_path):
    """A 区划调整 re-coding one town (徽城镇 341021100 → 341021101) and its communities was
    told 徽城镇 and its communities 删除 and 新增, and its five organizations 迁移: four units
    re-coded, four changes; the organizations and FH01, in the same units, did not change."""
    old, new = recoded_deliveries(tmp_path, renumbered)
    result = changes(old, new)
    assert list(result.changes) == RENUMBERED
    assert result.count() == 4
    assert result.counts() == {"341021": dict.fromkeys(KINDS, 0) | {"changed": 4}}
    text = CliRunner().invoke(main, ["changes", str(old), str(new)])
    assert text.exit_code == 1
    # said as a district re-coded is: 编号 341021 → 341022
    assert text.output.splitlines()[1:] == [
        "歙县（341021）",
        "  乡镇街道 变更 341021101 徽城镇：编号 341021100 → 341021101",
        "  社区 变更 341021101001 新路街居委会：编号 341021100001 → 341021101001",
        "  社区 变更 341021101002 中和社区居委会：编号 341021100002 → 341021101002",
        "  社区 变更 341021101201 问政村村委会：编号 341021100201 → 341021101201",
        "共4处变化",
    ]
    english = CliRunner().invoke(main, ["changes", str(old), str(new), "--lang", "en"]).output
    assert "  townships changed 341021101 徽城镇: id 341021100 → 341021101" in english
    runner = CliRunner()
    document = json.loads(
        runner.invoke(main, ["changes", str(old), str(new), "--format", "json"]).stdout
    )
    township = document["changes"][0]
    assert (township["table"], township["kind"], township["before"], township["after"]) == (
        "townships",
        "changed",
        {"id": "341021100"},
        {"id": "341021101"},
    )
    assert document["counts"] == {"341021": dict.fromkeys(KINDS, 0) | {"changed": 4}}
    rows = runner.invoke(main, ["changes", str(old), str(new), "--format", "csv"]).stdout
    assert rows.splitlines()[1] == (
        "341021,歙县,乡镇街道,变更,341021101,徽城镇,编号,编号=341021100,编号=341021101"
    )
    english_rows = runner.invoke(
        main, ["changes", str(old), str(new), "--format", "csv", "--lang", "en"]
    ).stdout
    assert english_rows.splitlines()[1] == (
        '341021,歙县,townships,changed,341021101,徽城镇,id,"{""id"": ""341021100""}",'
        '"{""id"": ""341021101""}"'
    )
    out = tmp_path / "变化.xlsx"
    runner.invoke(main, ["changes", str(old), str(new), "--format", "xlsx", "-o", str(out)])
    book = openpyxl.load_workbook(out)
    # 新增, 删除, 注销或撤销, 迁移, 划出, 划入, 变更
    assert [c.value for c in book["汇总"][2]] == ["歙县（341021）", 0, 0, 0, 0, 0, 0, 4]
    assert list(book["歙县"].values)[1] == (
        "乡镇街道",
        "变更",
        "341021101",
        "徽城镇",
        "编号",
        "编号=341021100",
        "编号=341021101",
    )


def test_a_record_of_a_township_recoded_that_changed_is_changed_only(tmp_path):
    """HS007 renamed as well (中和读书会 → 中和书香读书会): changed, its name the only column
    that differs — its community re-coded is not said again."""

    def edit(tables):
        renumbered(tables)
        [row] = [r for r in tables["社区社会组织"] if r[0] == "HS007"]
        row[2] = "中和书香读书会"

    old, new = recoded_deliveries(tmp_path, edit)
    assert list(changes(old, new).changes) == [
        *RENUMBERED,
        Change(
            "organizations",
            "changed",
            "HS007",
            "中和书香读书会",
            "341021",
            "歙县",
            ("name",),
            {"name": "中和读书会"},
            {"name": "中和书香读书会"},
        ),
    ]


def test_two_townships_of_one_name_are_not_paired(tmp_path):
    """歙县 holds two 徽城镇 (341021100 and 341021105, the second without communities), both
    gone, and one 徽城镇 341021101 came: which was re-coded is not known — removed twice, added
    once, its two communities (their ids kept) moved to it. Beside it 屯溪区's 昱东街道, the only
    one of its name, re-coded 341002002 and written ``昱东　街道`` (a full-width space), is
    one township re-coded and renamed; its communities (ids kept) did not move."""
    tables = bureau.register()
    tables["乡镇街道"].append(["341021105", "341021", "徽城镇", "镇"])

    def edit(tables):
        townships = tables["乡镇街道"]
        townships[1][0], townships[1][2] = "341002002", "昱东　街道"
        townships[2][0] = "341021101"
        del townships[3]
        for row in tables["社区"][1:]:
            row[1] = {"341002001": "341002002", "341021100": "341021101"}[row[1]]

    old, new = recoded_deliveries(tmp_path, edit, tables)
    result = changes(old, new)
    moved = {
        "columns": ("township_id",),
        "before": {"township_id": "341021100"},
        "after": {"township_id": "341021101"},
        "places": {"341021100": "徽城镇", "341021101": "徽城镇"},
    }
    assert list(result.changes) == [
        Change(
            "townships",
            "changed",
            "341002002",
            "昱东　街道",
            "341002",
            "屯溪区",
            ("id", "name"),
            {"id": "341002001", "name": "昱东街道"},
            {"id": "341002002", "name": "昱东　街道"},
        ),
        Change("townships", "added", "341021101", "徽城镇", "341021", "歙县"),
        Change("townships", "removed", "341021100", "徽城镇", "341021", "歙县"),
        Change("townships", "removed", "341021105", "徽城镇", "341021", "歙县"),
        Change("communities", "moved", "341021100001", "新路街居委会", "341021", "歙县", **moved),
        Change("communities", "moved", "341021100201", "问政村村委会", "341021", "歙县", **moved),
    ]


def wuhu() -> dict[str, list[list[str]]]:
    """芜湖's 镜湖区 and 弋江区 as a delivery of before 2023 writes them: 弋江区 340203, its
    towns 340203001 and 340203002, a community of each, an organization in each, its centre
    WT02."""
    return {
        "区县": [
            ["编号", "名称", "类型", "市"],
            ["340202", "镜湖区", "区", "芜湖市"],
            ["340203", "弋江区", "区", "芜湖市"],
        ],
        "乡镇街道": [
            ["编号", "所属区县", "名称", "类型"],
            ["340202012", "340202", "方村街道", "街道"],
            ["340203001", "340203", "中南街道", "街道"],
            ["340203002", "340203", "马塘街道", "街道"],
        ],
        "社区": [
            ["编号", "所属乡镇街道", "名称", "类型"],
            ["340202012001", "340202012", "方塘社区居民委员会", "城市社区"],
            ["340203001006", "340203001", "禹王宫社区居民委员会", "城市社区"],
            ["340203002003", "340203002", "弋江嘉园社区居民委员会", "城市社区"],
        ],
        "社区社会组织": [
            bureau.register()["社区社会组织"][0],
            ["WH01", "340202012001", "方塘志愿服务队", "志愿服务类", "2022-01-01"] + [""] * 8,
            ["WH02", "340203001006", "禹王宫助老队", "生活服务类", "2022-03-01"] + [""] * 8,
            ["WH03", "340203002003", "弋江嘉园文体队", "文体类", "2022-05-01"] + [""] * 8,
        ],
        "平台与制度": [
            ["编号", "类型", "所属单位", "名称", "建立日期", "撤销日期"],
            [
                "WT02",
                "培育发展服务中心",
                "340203",
                "弋江区社会组织培育发展服务中心",
                "2021-06-01",
                "",
            ],
        ],
    }


def test_a_district_recoded_with_its_townships(tmp_path):
    """芜湖's 弋江区 re-coded 340203 → 340209, its towns 340203xxx → 340209xxx and their
    communities with them, every reference after them: the district (by its name: it holds
    none of the same townships), each town and each community re-coded is one change, five;
    WH02, WH03 and WT02 did not move."""

    def edit(tables):
        for name, columns in (("区县", (0,)), ("乡镇街道", (0, 1)), ("社区", (0, 1))):
            for row in tables[name][1:]:
                for c in columns:
                    row[c] = row[c].replace("340203", "340209", 1)
        for row in tables["社区社会组织"][1:]:
            row[1] = row[1].replace("340203", "340209", 1)
        tables["平台与制度"][1][2] = "340209"

    old, new = recoded_deliveries(tmp_path, edit, wuhu())
    result = changes(old, new)
    assert [(c.table, c.kind, c.id, c.district_id, c.columns) for c in result.changes] == [
        ("districts", "changed", "340209", "340209", ("id",)),
        ("townships", "changed", "340209001", "340209", ("id",)),
        ("townships", "changed", "340209002", "340209", ("id",)),
        ("communities", "changed", "340209001006", "340209", ("id",)),
        ("communities", "changed", "340209002003", "340209", ("id",)),
    ]
    assert [(c.before, c.after) for c in result.changes[1:4:2]] == [
        ({"id": "340203001"}, {"id": "340209001"}),
        ({"id": "340203001006"}, {"id": "340209001006"}),
    ]
    text = CliRunner().invoke(main, ["changes", str(old), str(new)]).output
    assert text.splitlines()[1:3] == [
        "弋江区（340209）",
        "  区县 变更 340209 弋江区：编号 340203 → 340209",
    ]
    assert text.splitlines()[-1] == "共5处变化"


def _numbered(tables, order=None):
    """The register with a 序号 column first, numbering the organizations 1, 2, 3… in the
    order ``order`` gives them (their rows' order by default)."""
    organizations = tables["社区社会组织"]
    header, rows = organizations[0], organizations[1:]
    if order is not None:
        rows = [rows[i] for i in order]
    tables["社区社会组织"] = [["序号", *header]] + [
        [str(n), *row] for n, row in enumerate(rows, start=1)
    ]


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_a_column_numbering_the_rows_is_not_compared(tmp_path, form):
    """A user trial (祁门县): every organization after one added or removed had its 序号
    changed, 380 of 495 changes; the same register sorted anew was 449 changes. Here both
    deliveries number their rows in a 序号 column: the new one has HS003 (row 4) removed and
    the rest sorted in reverse, so every other 序号 differs. One change, HS003 removed; the
    text says the 序号 column was not compared. A column of the bureau's own that is no
    numbering (负责人) is compared as ever."""

    def write(tables, name):
        if form == "csv":
            return bureau.write(tmp_path / name, tables)
        return bureau.write_workbook(tmp_path / f"{name}.xlsx", tables)

    old_tables = bureau.register()
    _numbered(old_tables)
    new_tables = bureau.register()
    organizations = new_tables["社区社会组织"]
    del organizations[3]  # HS003
    organizations[1][-1] = "李四"  # HS001's 负责人, a column of the bureau's own
    _numbered(new_tables, order=[3, 2, 1, 0])
    old, new = write(old_tables, "旧"), write(new_tables, "新")
    found = changes(old, new)
    assert [(c.kind, c.id, c.columns) for c in found.changes] == [
        ("removed", "HS003", ()),
        ("changed", "HS001", ("负责人",)),
    ]
    assert found.numbering == {"organizations": ("序号",)}
    result = CliRunner().invoke(main, ["changes", str(old), str(new)])
    assert (
        "“社区社会组织”表的“序号”列是各行的序号，增删行或重新排序时都会变，未作比较"
        in result.output
    )
    document = json.loads(
        CliRunner().invoke(main, ["changes", str(old), str(new), "--format", "json"]).output
    )
    assert document["numbering"] == {"organizations": ["序号"]}


def test_a_column_of_the_registers_own_only_one_delivery_has_is_said_once(tmp_path):
    """A user trial (祁门县): 联系电话 renamed 联系方式 in the new delivery, and one real edit
    of 负责人, was 450 changes, every row's phone said changed. Here the old register has
    a 联系电话 column, the new one a 联系方式 column instead (the same numbers) and HS001's
    负责人 changed: one change, and the two columns said not compared, each once, in the
    text and in the workbook's notes sheet."""
    import io

    old_tables, new_tables = bureau.register(), bureau.register()
    for tables, header in ((old_tables, "联系电话"), (new_tables, "联系方式")):
        rows = tables["社区社会组织"]
        rows[0].append(header)
        for n, row in enumerate(rows[1:], start=1):
            row.append(f"1390000000{n}")
    new_tables["社区社会组织"][1][-2] = "李四"  # HS001's 负责人
    old, new = bureau.write(tmp_path / "旧", old_tables), bureau.write(tmp_path / "新", new_tables)
    found = changes(old, new)
    assert [(c.kind, c.id, c.columns) for c in found.changes] == [("changed", "HS001", ("负责人",))]
    assert found.one_sided == {"organizations": {"联系电话": "old", "联系方式": "new"}}
    text = CliRunner().invoke(main, ["changes", str(old), str(new)]).output
    said = [
        "“社区社会组织”表的“联系电话”列只在之前的数据中有，未作比较",
        "“社区社会组织”表的“联系方式”列只在之后的数据中有，未作比较",
    ]
    assert text.splitlines()[-2:] == said
    book_path = tmp_path / "变化.xlsx"
    given = ["changes", str(old), str(new), "--format", "xlsx", "-o", str(book_path)]
    assert CliRunner().invoke(main, given).exit_code == 1  # a change found
    book = openpyxl.load_workbook(io.BytesIO(book_path.read_bytes()))
    notes = [row[0] for row in book["说明"].iter_rows(min_row=2, values_only=True)]
    assert notes == said
