"""Codes a system exported wrapped as text: ``="341002001001"`` (Excel's way of keeping a
formula's text, which keeps a long code's digits) and ``'341002001001`` (Excel's mark of a
cell typed as text), as a user's trial found them in a bureau's register.

In an id, reference or coded column each is read as the code inside, with one warning for
the column naming its file, its header, how many cells, the first and what to do; the
fast CSV path hands such a file to the careful one, which reads it to the same tables. A
name is kept as written, and a code inside that is wrong is still refused as written
inside. Expected codes, rows and messages are worked out here from the cells each test
writes (``tests/bureau.py``: GB18030, Chinese headers and codes).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from unittest import mock

import bureau
import openpyxl
import pytest
from click.testing import CliRunner
from polars.testing import assert_frame_equal

import scoplan
from scoplan.cli import main
from scoplan.i18n import describe_problem
from scoplan.loaders import csv_folder
from scoplan.loaders.csv_folder import read_typed_csv

TABLE_NAMES = ("districts", "townships", "communities", "organizations", "establishments", "events")


def _set(rows: bureau.Rows, id: str, header: str, value: str) -> None:
    """The cell of the row whose first cell is ``id``, in the column headed ``header``."""
    [row] = [row for row in rows[1:] if row[0] == id]
    row[bureau.column(rows, header)] = value


def _write(folder: Path, tables: dict[str, bureau.Rows]) -> Path:
    """The tables as a bureau's GB18030 CSV folder, each cell as it is, unquoted, as the
    systems that wrap codes write them (``="341002001001",341002001,…``): no cell here
    holds a comma."""
    bureau.write(folder, tables)
    for name, rows in tables.items():
        text = "".join(",".join(row) + "\r\n" for row in rows)
        (folder / f"{name}.csv").write_bytes(text.encode("gb18030"))
    return folder


def _wrapped() -> dict[str, bureau.Rows]:
    """Every 编号 of 社区 written ``="…"`` (rows 2 to 5); the 所属社区 of HS001 (row 2) and
    HS003 (row 4) after an apostrophe, HS003's a full-width one."""
    tables = bureau.register()
    for row in tables["社区"][1:]:
        row[0] = f'="{row[0]}"'
    _set(tables["社区社会组织"], "HS001", "所属社区", "'341002001001")
    _set(tables["社区社会组织"], "HS003", "所属社区", "\uff07341002001002")
    return tables


def _fast(tmp_path: Path, tables: dict[str, bureau.Rows]) -> scoplan.Dataset:
    return scoplan.load(_write(tmp_path / "台账", tables))


def _careful(tmp_path: Path, tables: dict[str, bureau.Rows]) -> scoplan.Dataset:
    folder = _write(tmp_path / "台账", tables)
    with mock.patch.object(csv_folder, "read_typed_csv", return_value=None):
        return scoplan.load(folder)


def _workbook(tmp_path: Path, tables: dict[str, bureau.Rows]) -> scoplan.Dataset:
    """The tables as a workbook whose wrapped cells are text (as a system writes them), not
    formulas: openpyxl takes a text beginning with = for one."""
    path = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    book.save(path)
    return scoplan.load(str(path))


FORMS: dict[str, Callable[[Path, dict[str, bureau.Rows]], scoplan.Dataset]] = {
    "fast": _fast,
    "careful": _careful,
    "workbook": _workbook,
}
SAID_ZH = (
    '此列{}个编码被写成了“="…"”或前加单引号“\'”的文本（如“{}”，已按“{}”读取）；'
    '请把此列设置为“文本”格式，或导出时去掉编码外的“="…"”或单引号，编码才能按原样保存'
)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_codes_wrapped_as_text_are_read_with_a_warning_a_column(tmp_path, form):
    """``="341002001001"`` is the code 341002001001, and so are ``'341002001001`` and
    ``＇341002001002``: in the ids and in the references to them. One warning for 编号 (4
    cells, at row 2) and one for 所属社区 (2 cells, at row 2), by the headers as written."""
    data = FORMS[form](tmp_path, _wrapped())
    communities = data.frame("communities").get_column("id").to_list()
    assert communities == ["341002001001", "341002001002", "341021100001", "341021100201"]
    organizations = dict(data.frame("organizations").select("id", "community_id").iter_rows())
    assert organizations == {
        "HS001": "341002001001",
        "HS002": "341002001001",
        "HS003": "341002001002",
        "HS004": "341021100001",
        "HS005": "341021100201",
    }
    if form == "workbook":
        places = ("台账.xlsx中的“社区”", "台账.xlsx中的“社区社会组织”")
    else:
        places = ("社区.csv", "社区社会组织.csv")
    assert [describe_problem(w, "zh") for w in data.warnings] == [
        f"{places[0]}，第2行，“编号”列：" + SAID_ZH.format(4, '="341002001001"', "341002001001"),
        f"{places[1]}，第2行，“所属社区”列：" + SAID_ZH.format(2, "'341002001001", "341002001001"),
    ]
    assert describe_problem(data.warnings[0], "en").endswith(
        '4 codes of this column were written wrapped as text, as ="…" or after an apostrophe '
        "(such as '=\"341002001001\"', read as '341002001001'): set the column to Text format, "
        'or export the register without the ="…" or apostrophe around the codes, so that the '
        "codes are kept as they are written"
    )


def test_the_fast_path_hands_a_wrapped_file_to_the_careful_one_which_reads_the_same(tmp_path):
    """社区.csv and 社区社会组织.csv go the careful way (None from the fast path), 区县.csv
    the fast way, and the register loads to what the careful path reads, warnings and all;
    the wrapped cells written as a CSV writer quotes them (``"=""341002001001\"""``) alike."""
    for write in (_write, bureau.write):
        folder = write(tmp_path / write.__name__ / "台账", _wrapped())
        assert read_typed_csv(folder / "社区.csv", "communities") is None
        assert read_typed_csv(folder / "社区社会组织.csv", "organizations") is None
        assert read_typed_csv(folder / "区县.csv", "districts") is not None
        fast = scoplan.load(folder)
        with mock.patch.object(csv_folder, "read_typed_csv", return_value=None):
            careful = scoplan.load(folder)
        for table in TABLE_NAMES:
            assert_frame_equal(fast.frame(table), careful.frame(table))
        assert fast.warnings == careful.warnings
        assert [(w.code, w.table, w.column, w.params["count"]) for w in fast.warnings] == [
            ("wrapped_codes", "communities", "id", 4),
            ("wrapped_codes", "organizations", "community_id", 2),
        ]


def test_check_with_the_plan_names_the_wrapped_column_of_the_communities_file(tmp_path):
    """``scoplan check --plan huangshan-2021-2023`` on the register whose 社区.csv wraps every
    编号: no error (the references find their communities), the warning naming 社区.csv, its
    编号 column and the wrapping, then the plan's of the 2 districts of 7, and of 品牌认定日期,
    which none of the register's organizations fills in."""
    tables = bureau.register()
    for row in tables["社区"][1:]:
        row[0] = f'="{row[0]}"'
    folder = _write(tmp_path / "台账", tables)
    result = CliRunner().invoke(main, ["check", str(folder), "--plan", "huangshan-2021-2023"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "警告：社区.csv，第2行，“编号”列：" + SAID_ZH.format(4, '="341002001001"', "341002001001"),
        "警告：台账：数据只含屯溪区、歙县（计划所列7个区县中的2个）；缺黄山区、徽州区、休宁县、黟县、"
        "祁门县：只评估数据中的区县，全市及缺区县的目标不作评判",
        "警告：社区社会组织.csv，“品牌认定日期”列：“社区社会组织”表的这一列每一行都是空的，"
        "1项目标按这一列全空计算：“品牌社区社会组织”。如是漏填，请补上；如确实都没有，可不理会",
        f"{folder}：0个错误，3个警告",
    ]


def test_a_check_files_rows_under_wrapped_codes_in_their_districts(tmp_path):
    """HS002 (row 3) is under ``="341002001001"``, 荷花池社区, 屯溪区's: its problem is
    341002's; HS005 (row 6) under ``'341021100201``, 问政村, 歙县's (341021). The warnings
    of the wrapped columns are the files', under no district."""
    tables = _wrapped()
    _set(tables["社区社会组织"], "HS002", "所属社区", '="341002001001"')
    _set(tables["社区社会组织"], "HS002", "成立日期", "2022年4月")
    _set(tables["社区社会组织"], "HS005", "所属社区", "'341021100201")
    _set(tables["社区社会组织"], "HS005", "规模", "中等")
    checkup = scoplan.check(_write(tmp_path / "台账", tables))
    placed = [
        (p.code, p.table, p.row, district)
        for p, district in zip(checkup.problems, checkup.districts, strict=True)
    ]
    assert placed == [
        ("day_missing", "organizations", 3, "341002"),
        ("bad_code", "organizations", 6, "341021"),
        ("wrapped_codes", "communities", 2, None),
        ("wrapped_codes", "organizations", 2, None),
    ]
    organizations = [w for w in checkup.problems if w.table == "organizations" and w.is_warning]
    assert organizations[0].params["count"] == 4


@pytest.mark.parametrize("form", ["fast", "careful"])
def test_a_wrong_code_inside_the_wrapping_is_refused_as_written_inside(tmp_path, form):
    """``="341002009999"`` (HS001, row 2) and ``'HS`` wrap no community: each is refused as
    the reference it holds (341002009999, HS), the column's one warning counting both, at
    the first (row 2)."""
    tables = bureau.register()
    _set(tables["社区社会组织"], "HS001", "所属社区", '="341002009999"')
    _set(tables["社区社会组织"], "HS004", "所属社区", "'HS")
    with pytest.raises(scoplan.DataError) as raised:
        FORMS[form](tmp_path, tables)
    assert [(p.code, p.row, p.value) for p in raised.value.problems] == [
        ("unknown_ref", 2, "341002009999"),
        ("unknown_ref", 5, "HS"),
    ]
    read = {"count": 2, "read": "341002009999", "header": "所属社区"}
    assert [(w.code, w.row, w.value, w.params) for w in raised.value.warnings] == [
        ("wrapped_codes", 2, '="341002009999"', read)
    ]


@pytest.mark.parametrize("form", ["fast", "careful"])
def test_a_coded_column_is_unwrapped_and_a_name_is_not(tmp_path, form):
    """类别 (an open list: any word is a category) written ``="志愿服务类"`` (HS001, row 2) is
    the code volunteer, and 类型 ``'农村社区`` (问政村, row 5) rural, each column warned of
    once; HS002's name ``="荷花池邻里守望队"`` is a name as written, of no warning. The fast
    path leaves both files to the careful one (an open list would take the word as it is)."""
    tables = bureau.register()
    _set(tables["社区社会组织"], "HS001", "类别", '="志愿服务类"')
    _set(tables["社区社会组织"], "HS002", "名称", '="荷花池邻里守望队"')
    _set(tables["社区"], "341021100201", "类型", "'农村社区")
    data = FORMS[form](tmp_path, tables)
    folder = tmp_path / "台账"
    assert read_typed_csv(folder / "社区社会组织.csv", "organizations") is None
    assert read_typed_csv(folder / "社区.csv", "communities") is None
    assert data.get("organizations", "HS001").category == "volunteer"
    assert data.get("organizations", "HS002").name == '="荷花池邻里守望队"'
    assert data.get("communities", "341021100201").kind == "rural"
    kind = {"count": 1, "read": "农村社区", "header": "类型"}
    category = {"count": 1, "read": "志愿服务类", "header": "类别"}
    assert [(w.table, w.column, w.row, w.value, w.params) for w in data.warnings] == [
        ("communities", "kind", 5, "'农村社区", kind),
        ("organizations", "category", 2, '="志愿服务类"', category),
    ]
