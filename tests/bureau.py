"""A small register written as a bureau writes it: GB18030, CRLF, Chinese file names,
headers and codes, Huangshan's official 2023 division codes.

``register()`` gives the rows (lists of Chinese cells, header first) for a test to change;
``write()`` writes them as a bureau's CSV folder. Tests that need a realistic input and
must not depend on ``../shared`` (a clone alone has no ``shared/``) build it here.
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path

Rows = list[list[str]]


def _cells(line: str) -> list[str]:
    return line.split("|")


_REGISTER: dict[str, Rows] = {
    "区县": [
        ["编号", "名称", "类型", "市"],
        ["341002", "屯溪区", "区", "黄山市"],
        ["341021", "歙县", "县", "黄山市"],
    ],
    "乡镇街道": [
        ["编号", "所属区县", "名称", "类型"],
        ["341002001", "341002", "昱东街道", "街道"],
        ["341021100", "341021", "徽城镇", "镇"],
    ],
    "社区": [
        ["编号", "所属乡镇街道", "名称", "类型"],
        ["341002001001", "341002001", "荷花池社区居委会", "城市社区"],
        ["341002001002", "341002001", "上新社区居委会", "城市社区"],
        ["341021100001", "341021100", "新路街居委会", "城市社区"],
        ["341021100201", "341021100", "问政村村委会", "农村社区"],
    ],
    "社区社会组织": [
        _cells(
            "编号|所属社区|名称|类别|成立日期|注销日期|登记状态|规模|管理主体|简易章程|品牌认定日期|服务对象|负责人"
        ),
        _cells(
            "HS001|341002001001|荷花池志愿服务队|志愿服务类|2022-04-25||备案|规模较大|乡镇街道|是||妇女|鲍兰明"
        ),
        _cells(
            "HS002|341002001001|荷花池邻里守望队|居民互助类|2021/3/1||登记|规模较小|社区|是||老年人、儿童|吴红金"
        ),
        _cells(
            "HS003|341002001002|上新文体队|文体类|2021年5月6日||未登记|规模较小|社区|否|||江强玉"
        ),
        _cells(
            "HS004|341021100001|新路街助老队|生活服务类|2020-10-01||备案|规模较小|社区|是||老年人|许卫强"
        ),
        _cells(
            "HS005|341021100201|问政乡贤会|社区治理类|2022-08-08||备案|规模较小|社区|是|||汪国平"
        ),
    ],
    "平台与制度": [
        ["编号", "类型", "所属单位", "名称", "建立日期", "撤销日期"],
        ["PT01", "培育发展服务中心", "city", "黄山市社会组织培育发展服务中心", "2019-09-20", ""],
        ["PT02", "培育发展服务中心", "341002", "屯溪区社会组织培育发展服务中心", "2020-11-03", ""],
        ["PT03", "培育发展服务中心", "341021", "歙县社会组织培育发展服务中心", "2021-06-01", ""],
    ],
    "活动": [
        ["编号", "类型", "所属单位", "名称", "日期"],
        ["HD01", "培训", "city", "2022年社区社会组织培训班", "2022-06-23"],
        ["HD02", "公益创投", "341002", "屯溪区公益创投", "2022-09-01"],
    ],
}


def register() -> dict[str, Rows]:
    """The register's rows by Chinese table name, header first: a fresh copy to change."""
    return copy.deepcopy(_REGISTER)


def write(folder: Path, tables: dict[str, Rows] | None = None) -> Path:
    """``tables`` (default: :func:`register`) written into ``folder`` as GB18030 CSV files
    with CRLF line ends, as Excel in China saves them; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (tables if tables is not None else register()).items():
        with open(folder / f"{name}.csv", "w", encoding="gb18030", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(rows)
    return folder


def write_workbook(
    path: Path, tables: dict[str, Rows] | None = None, *, merged: dict[str, str] | None = None
) -> Path:
    """``tables`` (default: :func:`register`) as the sheets of a workbook at ``path``, an
    empty cell left empty; ``merged``: a range of cells to merge, by sheet (a title row
    merged across the table, as a bureau's 台账 begins)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in (tables if tables is not None else register()).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([cell if cell != "" else None for cell in row])
        if merged and name in merged:
            sheet.merge_cells(merged[name])
    book.save(path)
    return path


def column(rows: Rows, header: str) -> int:
    """The position of the column headed ``header``."""
    return rows[0].index(header)


AREA_PLAN = """
id = "area"
title = "黄山市"
version = "1"
start = 2023-01-01
end = 2023-12-31

[area]
name = "黄山市"
code_prefix = "3410"
city = "黄山市"

[[milestones]]
id = "urban-2023"
target = "urban-average"
due = 2023-12-31
params = { threshold = 1 }
"""
"""A plan of 黄山市's, its area named as the bundled plan names it: by code prefix and city."""
