"""A known dataset on Huangshan's official units, and the returns its districts make of it.

``known()`` builds the tables of DATA.md (typed, as polars frames) on the official 2023
hierarchy of 黄山市 (练江牧场生活区 decided urban), with a few organizations per community
and the platforms, federations, brand projects and events of a city: every count follows
from the rules below, so a test can work out what to expect by hand. ``fill()`` writes rows
into a template the way a district's clerk does (Chinese codes, dates as dates, 是/否).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl

from scoplan import divisions
from scoplan.schema import BOOL, DATE, LIST, TABLES_BY_NAME

LIANJIANG = "341021105500"


def hierarchy() -> dict[str, pl.DataFrame]:
    tables = divisions.hierarchy("3410")
    tables["communities"] = tables["communities"].with_columns(pl.col("kind").fill_null("urban"))
    return tables


def known() -> dict[str, pl.DataFrame]:
    """The hierarchy, then: community number ``n`` (in code order) has ``n % 3`` organizations
    (``ORG<code>-<k>``), founded 2021-0k-1n; every fifth is dissolved 2023-06-30; each
    township a federation founded 2021-05-01; each district a service centre founded
    2020-01-01 and a training on 2022-06-23; the city a service centre and a brand
    selection; the first organization of each district a brand project."""
    tables = hierarchy()
    communities = tables["communities"].get_column("id").to_list()
    organizations = []
    for n, community in enumerate(communities):
        for k in range(n % 3):
            number = len(organizations)
            organizations.append(
                {
                    "id": f"ORG{community}-{k}",
                    "community_id": community,
                    "name": f"第{number}号志愿服务队",
                    "category": ("volunteer", "charity", "culture_sports")[k],
                    "founded": dt.date(2021, k + 1, 1 + n % 28),
                    "dissolved": dt.date(2023, 6, 30) if number % 5 == 4 else None,
                    "registration": ("filed", "registered", "none")[number % 3],
                    "size": "small",
                    "managed_by": "community",
                    "charter": number % 2 == 0,
                    "brand": None,
                    "serves": ["elderly", "children"][: number % 3],
                }
            )
    schema = {c.name: _dtype(c.type) for c in TABLES_BY_NAME["organizations"].columns}
    tables["organizations"] = pl.DataFrame(organizations, schema=schema)
    districts = tables["districts"].get_column("id").to_list()
    tables["federations"] = pl.DataFrame(
        [
            {
                "id": f"FED{township}",
                "level": "township",
                "unit_id": township,
                "name": f"{name}社区社会组织联合会",
                "founded": dt.date(2021, 5, 1),
                "dissolved": None,
            }
            for township, name in tables["townships"].select("id", "name").iter_rows()
        ],
        schema={c.name: _dtype(c.type) for c in TABLES_BY_NAME["federations"].columns},
    )
    establishments = [
        ("PTcity", "service_centre", "city", "黄山市社会组织培育发展服务中心", dt.date(2019, 9, 20))
    ] + [
        (f"PT{d}", "service_centre", d, "区县社会组织培育发展服务中心", dt.date(2020, 1, 1))
        for d in districts
    ]
    tables["establishments"] = pl.DataFrame(
        [(*row, None) for row in establishments],
        schema={c.name: _dtype(c.type) for c in TABLES_BY_NAME["establishments"].columns},
        orient="row",
    )
    events = [("HDcity", "brand_selection", "city", "品牌评选", dt.date(2022, 11, 1))] + [
        (f"HD{d}", "training", d, "社区社会组织培训", dt.date(2022, 6, 23)) for d in districts
    ]
    tables["events"] = pl.DataFrame(
        events,
        schema={c.name: _dtype(c.type) for c in TABLES_BY_NAME["events"].columns},
        orient="row",
    )
    firsts = (
        tables["organizations"]
        .with_columns(pl.col("community_id").str.slice(0, 6).alias("d"))
        .unique("d", keep="first", maintain_order=True)
    )
    tables["brand_projects"] = firsts.select(
        ("BP" + pl.col("id")).alias("id"),
        pl.col("id").alias("organization_id"),
        pl.lit("品牌项目").alias("name"),
        pl.lit(dt.date(2022, 12, 1)).alias("designated"),
    )
    return tables


def _dtype(kind: str) -> pl.DataType:
    return {DATE: pl.Date(), BOOL: pl.Boolean(), LIST: pl.List(pl.String)}.get(kind, pl.String())


def write_csv_folder(tables: dict[str, pl.DataFrame], folder: Path) -> Path:
    """The dataset's own CSV folder: English names, ISO dates, lists joined with ``;``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        lists = [c for c, t in frame.schema.items() if isinstance(t, pl.List)]
        joined = (pl.when(pl.col(c).list.len() > 0).then(pl.col(c).list.join(";")) for c in lists)
        frame.with_columns(joined).write_csv(folder / f"{name}.csv")
    return folder


def write_bureau_folder(tables: dict[str, pl.DataFrame], folder: Path) -> Path:
    """The dataset as a bureau writes it: GB18030 CSV files with CRLF line ends, Chinese
    file names, headers and codes (是/否, lists joined with 、), as :func:`fill` fills cells."""
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        table = TABLES_BY_NAME[name]
        columns = [c for c in table.columns if c.name in frame.columns]
        with open(folder / f"{table.alias}.csv", "w", encoding="gb18030", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow([c.alias for c in columns])
            for values in frame.select([c.name for c in columns]).iter_rows():
                cells = [_cell(c, v) for c, v in zip(columns, values, strict=True)]
                writer.writerow(["" if v is None else str(v) for v in cells])
    return folder


def write_bureau_workbook(tables: dict[str, pl.DataFrame], path: Path) -> Path:
    """The dataset as one workbook a bureau keeps: a 说明 sheet, then a sheet per table
    named in Chinese, Chinese headers and codes, dates as Excel dates."""
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本台账由民政局社会组织管理科维护"])
    for name, frame in tables.items():
        table = TABLES_BY_NAME[name]
        columns = [c for c in table.columns if c.name in frame.columns]
        sheet = book.create_sheet(table.alias)
        sheet.append([c.alias for c in columns])
        for values in frame.select([c.name for c in columns]).iter_rows():
            sheet.append([_cell(c, v) for c, v in zip(columns, values, strict=True)])
    book.save(path)
    return path


def of_district(tables: dict[str, pl.DataFrame], district: str) -> dict[str, pl.DataFrame]:
    """The rows of one district (its units, and what is in them)."""
    inside = pl.col("id").str.starts_with(district)
    organizations = tables["organizations"].filter(pl.col("community_id").str.starts_with(district))
    return {
        "districts": tables["districts"].filter(inside),
        "townships": tables["townships"].filter(inside),
        "communities": tables["communities"].filter(inside),
        "organizations": organizations,
        "federations": tables["federations"].filter(pl.col("unit_id").str.starts_with(district)),
        "establishments": tables["establishments"].filter(
            pl.col("unit_id").str.starts_with(district)
        ),
        "events": tables["events"].filter(pl.col("unit_id").str.starts_with(district)),
        "brand_projects": tables["brand_projects"].filter(
            pl.col("organization_id").is_in(organizations.get_column("id").implode())
        ),
    }


def _cell(column, value):
    if value is None:
        return None
    if column.type == LIST:
        return "、".join(column.codes[v][0] for v in value) or None
    if column.type == BOOL:
        return "是" if value else "否"
    if column.codes is not None:
        return column.codes[value][0]
    if value == "city":
        return "市本级"
    return value


def fill(path: Path, tables: dict[str, pl.DataFrame], *, hierarchy_too: bool = False) -> Path:
    """Write ``tables``' rows into the template at ``path`` as a clerk fills it in: below the
    header of each data sheet (and the hierarchy's undecided kinds decided as the tables say)."""
    book = openpyxl.load_workbook(path)
    for name, frame in tables.items():
        table = TABLES_BY_NAME[name]
        sheet = book[table.alias]
        if name in ("districts", "townships", "communities"):
            kinds = dict(frame.select("id", "kind").iter_rows())
            for row in sheet.iter_rows(min_row=2):
                if row[0].value in kinds and row[3].value is None:
                    row[3].value = _cell(table.column("kind"), kinds[row[0].value])
            if not hierarchy_too:
                continue
        for values in frame.select([c.name for c in table.columns]).iter_rows():
            sheet.append([_cell(c, v) for c, v in zip(table.columns, values, strict=True)])
    book.save(path)
    return path
