"""A workbook to send down: ``scoplan template --area 3410 -o 黄山市社区社会组织台账.xlsx``.

The template is the register's workbook, ready to fill in:

- the area's districts, townships and communities pre-filled from the official division
  codes (:mod:`scoplan.divisions`), kinds set; a kind the official table does not tell
  (练江牧场生活区, a county-level unit named neither 区 nor 县) is left empty and highlighted,
  for the bureau to decide;
- an empty sheet, its header only, for each of organizations, federations, establishments,
  brand projects and events, headers in Chinese (English with ``names="en"``);
- ids, references and codes formatted as text (Excel never turns ``341002001001`` into
  ``3.41002E+11``), dates as dates;
- a drop-down list (data validation) on every code column, in Chinese, and on every
  reference column the units it may name: the ids of the sheet above (a township's
  workbook offers its own communities only);
- a 填表说明 sheet: each column, whether it is required, its codes, an example row.

``each="district"`` (or ``"township"``) writes one workbook per unit, holding only its own
units, named for it. The workbook loads back into scoplan as it was written: its sheets
are DATA.md's tables, the notes sheet and ``_lists`` (the drop-downs' lists) are skipped.
Each workbook says in its properties (keywords) which area and unit it was made for, so
that a folder of returns can tell who has not answered (:mod:`scoplan.returns`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import polars as pl

from scoplan._exceptions import Problem, ScoplanError
from scoplan.divisions import Division, find, hierarchy
from scoplan.schema import BOOL, DATE, HIERARCHY, LIST, TABLES, TABLES_BY_NAME, Column, Table

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

EACH = ("district", "township")
NAMES = ("zh", "en")
DATA_ROWS = 5000
"""Rows of an empty sheet that get its drop-downs and formats (more can be added below)."""
SPARE_ROWS = 200
"""Rows below a pre-filled sheet's units that get them too (units the bureau adds)."""
TEXT = "@"
DATE_FORMAT = "yyyy-mm-dd"
UNDECIDED = "FFFF00"
"""The fill of a cell the bureau must decide (a kind the official table does not tell)."""
LISTS_SHEET = "_lists"
MARK = "scoplan-template"
"""The first keyword of a template's properties; then ``area=…``, ``each=…``, ``unit=…``."""
NOTES_SHEET = {"zh": "填表说明", "en": "README"}

PARENTS = {"townships": "districts", "communities": "townships"}

NOTES: Mapping[tuple[str, str], tuple[str, str]] = {
    ("districts", "id"): ("区县的统计用区划代码（6位）", "the district's division code (6 digits)"),
    ("districts", "name"): ("区县名称", "its name"),
    ("districts", "kind"): ("区、县或开发区", "district, county or development zone"),
    ("districts", "city"): ("所属的市", "the city it belongs to"),
    ("townships", "id"): ("乡镇街道的统计用区划代码（9位）", "the unit's division code (9 digits)"),
    ("townships", "district_id"): ("所属区县的编号", "the id of its district"),
    ("townships", "name"): ("乡镇街道名称", "its name"),
    ("townships", "kind"): ("街道、镇、乡、开发区、风景区或其他", "street, town, township, zone…"),
    ("communities", "id"): ("社区的统计用区划代码（12位）", "the community's code (12 digits)"),
    ("communities", "township_id"): ("所属乡镇街道的编号", "the id of its township"),
    ("communities", "name"): ("社区（村）名称", "its name"),
    ("communities", "kind"): ("城市社区（居委会）或农村社区（村委会）", "urban or rural"),
    ("organizations", "id"): ("组织的编号，各不相同", "the organization's id, unique"),
    ("organizations", "community_id"): ("所属社区的编号（从下拉列表选择）", "its community's id"),
    ("organizations", "name"): ("组织名称", "its name"),
    ("organizations", "category"): ("类别", "its field"),
    ("organizations", "founded"): ("成立（备案）日期", "the day it was founded (or filed)"),
    ("organizations", "dissolved"): ("注销日期；仍在活动的不填", "the day it was dissolved"),
    ("organizations", "registration"): ("登记、备案或未登记", "registered, filed or neither"),
    ("organizations", "size"): ("规模较大或较小", "large or small"),
    ("organizations", "managed_by"): (
        "未登记（含仅备案）组织的管理主体；已登记的不填",
        "who manages one not registered (filed or neither)",
    ),
    ("organizations", "charter"): ("是否有简易章程（是/否）", "whether it has a simple charter"),
    ("organizations", "brand"): (
        "认定为品牌组织的日期；未认定不填",
        "the day it was named a brand",
    ),
    ("organizations", "serves"): (
        "服务的特殊群体，多个用“、”分隔",
        "the special groups it serves, separated by ;",
    ),
    ("federations", "id"): ("联合会的编号", "the federation's id"),
    ("federations", "level"): ("乡镇街道级或社区级", "township or community level"),
    ("federations", "unit_id"): ("所属乡镇街道或社区的编号", "the id of its township or community"),
    ("federations", "name"): ("联合会名称", "its name"),
    ("federations", "founded"): ("成立日期", "the day it was founded"),
    ("federations", "dissolved"): ("注销日期", "the day it was dissolved"),
    ("establishments", "id"): ("平台或制度的编号", "the establishment's id"),
    ("establishments", "kind"): ("平台或制度的类型", "what it is"),
    ("establishments", "unit_id"): (
        "建立单位：市本级，或区县、乡镇街道、社区的编号",
        "who set it up: city, or a unit's id",
    ),
    ("establishments", "name"): ("名称", "its name"),
    ("establishments", "established"): ("建立日期", "the day it was set up"),
    ("establishments", "ended"): ("撤销日期", "the day it ended"),
    ("brand_projects", "id"): ("品牌项目的编号", "the project's id"),
    ("brand_projects", "organization_id"): ("实施项目的组织的编号", "the id of its organization"),
    ("brand_projects", "name"): ("项目名称", "its name"),
    ("brand_projects", "designated"): ("认定为品牌项目的日期", "the day it was named a brand"),
    ("events", "id"): ("活动的编号", "the event's id"),
    ("events", "kind"): ("培训、公益创投或品牌评选", "training, gongyi chuangtou, brand selection"),
    ("events", "unit_id"): ("举办单位：市本级，或区县、乡镇街道的编号", "who held it"),
    ("events", "name"): ("活动名称", "its name"),
    ("events", "date"): ("举办日期（第一天）", "the day it was held (its first)"),
}
"""What each column holds, in Chinese and English (the notes sheet)."""

EXAMPLES: Mapping[str, Mapping[str, str]] = {
    "districts": {"id": "341002", "name": "屯溪区", "kind": "district", "city": "黄山市"},
    "townships": {"id": "341002001", "district_id": "341002", "name": "昱东街道", "kind": "street"},
    "communities": {
        "id": "341002001001",
        "township_id": "341002001",
        "name": "荷花池社区居委会",
        "kind": "urban",
    },
    "organizations": {
        "id": "HS0001",
        "community_id": "341002001001",
        "name": "荷花池志愿服务队",
        "category": "volunteer",
        "founded": "2022-04-25",
        "registration": "filed",
        "size": "small",
        "managed_by": "community",
        "charter": "true",
        "serves": "elderly;children",
    },
    "federations": {
        "id": "LHH01",
        "level": "township",
        "unit_id": "341002001",
        "name": "昱东街道社区社会组织联合会",
        "founded": "2021-01-05",
    },
    "establishments": {
        "id": "PT01",
        "kind": "service_centre",
        "unit_id": "city",
        "name": "黄山市社会组织培育发展服务中心",
        "established": "2019-09-20",
    },
    "brand_projects": {
        "id": "BP01",
        "organization_id": "HS0001",
        "name": "“银龄乐享”服务项目",
        "designated": "2022-12-07",
    },
    "events": {
        "id": "HD01",
        "kind": "training",
        "unit_id": "341002",
        "name": "2022年屯溪区社区社会组织培训",
        "date": "2022-06-23",
    },
}
"""An example row of each table, in DATA.md's codes (the notes sheet says them in Chinese)."""

CITY_ZH = "市本级"


@attrs.frozen
class TemplateWritten:
    """A workbook written: where, for which unit, how many units of each level, and how
    many kinds were left for the bureau to decide."""

    path: Path
    unit: Division
    districts: int
    townships: int
    communities: int
    undecided: int


def _refuse(path: Path | str, key: str, **params: Any) -> ScoplanError:
    return ScoplanError([Problem(key, str(path), params=params)])


def _code_word(column: Column, code: str | None, names: str) -> str | None:
    """A code as the template writes it: its first Chinese spelling, or the code in English."""
    if code is None:
        return None
    if names == "en" or column.codes is None:
        return code
    aliases = column.codes.get(code, ())
    return aliases[0] if aliases else code


def _words(column: Column, names: str) -> list[str]:
    """The values a code column's drop-down offers."""
    if column.type == BOOL:
        return ["是", "否"] if names == "zh" else ["true", "false"]
    return [_code_word(column, code, names) or code for code in column.codes or {}]


def _header(table: Table, column: Column, names: str) -> str:
    return column.alias if names == "zh" else column.name


def _title(table: Table, names: str) -> str:
    return table.alias if names == "zh" else table.name


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _column_letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position + 1)


def _is_text(column: Column) -> bool:
    return column.type not in (DATE, BOOL)


def build_workbook(
    tables: Mapping[str, pl.DataFrame], names: str = "zh", keywords: str = ""
) -> tuple[Workbook, int]:
    """The template workbook for the hierarchy ``tables`` (DATA.md's districts, townships
    and communities), and how many kinds it leaves for the bureau to decide."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    if names not in NAMES:
        raise ValueError(f"names is one of {', '.join(NAMES)}, not {names!r}")
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    book.properties.title = "社区社会组织台账" if names == "zh" else "CSO register"
    book.properties.keywords = keywords
    book.properties.creator = "scoplan"
    bold = Font(bold=True)
    undecided_fill = PatternFill("solid", fgColor=UNDECIDED)
    notes = book.create_sheet(NOTES_SHEET[names])
    sheets: dict[str, Worksheet] = {}
    for table in TABLES:
        sheets[table.name] = book.create_sheet(_title(table, names))
    lists = book.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_columns: dict[str, str] = {}

    def listed(key: str, values: Sequence[str]) -> str:
        """A range of ``_lists`` holding ``values`` (written once per key)."""
        if key not in list_columns:
            position = len(list_columns)
            letter = _column_letter(position)
            lists.cell(row=1, column=position + 1, value=key)
            for row, value in enumerate(values, start=2):
                cell = lists.cell(row=row, column=position + 1, value=value)
                cell.number_format = TEXT
            end = max(len(values), 1) + 1
            list_columns[key] = f"{_quoted(LISTS_SHEET)}!${letter}$2:${letter}${end}"
        return list_columns[key]

    ids = {
        name: tables[name].get_column("id").to_list() if name in tables else []
        for name in HIERARCHY
    }
    undecided = 0
    for table in TABLES:
        sheet = sheets[table.name]
        frame = tables.get(table.name)
        rows = frame.height if frame is not None else 0
        last = rows + 1 + (SPARE_ROWS if frame is not None else DATA_ROWS)
        sheet.append([_header(table, column, names) for column in table.columns])
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        if frame is not None:
            columns = [c for c in table.columns if c.name in frame.columns]
            for values in frame.select([c.name for c in columns]).iter_rows():
                sheet.append(
                    [
                        _code_word(column, value, names) if column.codes else value
                        for column, value in zip(columns, values, strict=True)
                    ]
                )
        for position, column in enumerate(table.columns):
            letter = _column_letter(position)
            width = 14 if column.type == DATE else max(10, min(40, len(column.alias) * 3 + 4))
            if column.name == "name":
                width = 30
            dimension = sheet.column_dimensions[letter]
            dimension.width = width
            form = DATE_FORMAT if column.type == DATE else TEXT if _is_text(column) else None
            if form is not None:
                dimension.number_format = form
                for (cell,) in sheet.iter_rows(
                    min_row=2, max_row=rows + 1, min_col=position + 1, max_col=position + 1
                ):
                    cell.number_format = form
            if column.name == "kind" and frame is not None:
                for (cell,) in sheet.iter_rows(
                    min_row=2, max_row=rows + 1, min_col=position + 1, max_col=position + 1
                ):
                    if cell.value is None:
                        cell.fill = undecided_fill
                        undecided += 1
            source = _list_source(table, column, names, ids, sheets, listed, rows)
            if source is None:
                continue
            closed = (column.codes is not None and not column.open_codes) or column.type == BOOL
            is_reference = bool(column.ref)
            validation = DataValidation(
                type="list",
                formula1=source,
                allow_blank=True,
                showErrorMessage=closed or is_reference,
                errorStyle="stop" if closed else "warning",
            )
            if names == "zh":
                validation.errorTitle = "取值不在列表中"
                validation.error = (
                    "请从下拉列表中选择"
                    if closed
                    else "不在列表中：请核对编号，或先在上方的表中补上该单位"
                )
            else:
                validation.errorTitle = "Not in the list"
                validation.error = "Pick a value from the list"
            validation.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(validation)
    _write_notes(notes, names, bold, examples_of(tables), own=own_unit(tables))
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 16
    notes.column_dimensions["E"].width = 40
    notes.column_dimensions["F"].width = 40
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.number_format = TEXT
    return book, undecided


def _list_source(
    table: Table,
    column: Column,
    names: str,
    ids: Mapping[str, list[str]],
    sheets: Mapping[str, Worksheet],
    listed: Any,
    rows: int,
) -> str | None:
    """The formula of a column's drop-down list, or None for a column without one."""
    if column.codes is not None or column.type == BOOL:
        return str(listed(f"{table.name}.{column.name}", _words(column, names)))
    if not column.ref:
        return None
    city = [CITY_ZH if names == "zh" else "city"] if "city" in column.ref else []
    units = [t for t in column.ref if t != "city"]
    if len(units) == 1 and not city and units[0] not in HIERARCHY:
        # brand projects name organizations: the organizations sheet's ids as they are filled
        title = sheets[units[0]].title
        return f"{_quoted(title)}!$A$2:$A${DATA_ROWS + 1}"
    if len(units) == 1 and not city:
        title = sheets[units[0]].title
        end = len(ids[units[0]]) + 1 + SPARE_ROWS
        return f"{_quoted(title)}!$A$2:$A${end}"
    values = city + [unit for name in units for unit in ids.get(name, [])]
    return str(listed(f"{table.name}.{column.name}", values))


def examples_of(tables: Mapping[str, pl.DataFrame]) -> Mapping[str, Mapping[str, str]]:
    """:data:`EXAMPLES` with the area's own units (its first district, that district's first
    township and community, its city), so that a workbook sent to 滁州市 shows its own
    names, not 黄山市's; EXAMPLES as they are where the tables hold no such unit. A
    county's workbook (one district) shows the county's own service centre, not the
    city's: its own level (区本级) is written with its code."""
    frames = [tables.get(name) for name in ("districts", "townships", "communities")]
    if any(frame is None or frame.is_empty() for frame in frames):
        return EXAMPLES
    districts, townships, communities = (f for f in frames if f is not None)
    district = districts.row(0, named=True)
    township = next(
        iter(townships.filter(pl.col("district_id") == district["id"]).iter_rows(named=True)),
        None,
    )
    community = (
        next(
            iter(communities.filter(pl.col("township_id") == township["id"]).iter_rows(named=True)),
            None,
        )
        if township is not None
        else None
    )
    if township is None or community is None:
        return EXAMPLES
    city = district.get("city") or EXAMPLES["districts"]["city"]
    place = re.sub(r"(居民委员会|村民委员会|居委会|村委会)$", "", str(community["name"]))
    examples = {name: dict(row) for name, row in EXAMPLES.items()}
    examples["districts"].update({k: str(district[k] or "") for k in ("id", "name", "kind")})
    examples["districts"]["city"] = str(city)
    examples["townships"].update(
        {k: str(township[k] or "") for k in ("id", "district_id", "name", "kind")}
    )
    examples["communities"].update(
        {k: str(community[k] or "") for k in ("id", "township_id", "name", "kind")}
    )
    examples["organizations"].update(
        {"community_id": str(community["id"]), "name": f"{place}志愿服务队"}
    )
    examples["federations"].update(
        {"unit_id": str(township["id"]), "name": f"{township['name']}社区社会组织联合会"}
    )
    examples["establishments"]["name"] = f"{city}社会组织培育发展服务中心"
    if districts.height == 1:
        # a county's workbook: its own level is the county's (区本级), written with its code
        examples["establishments"].update(
            {"unit_id": str(district["id"]), "name": f"{district['name']}社会组织培育发展服务中心"}
        )
    examples["events"].update(
        {"unit_id": str(district["id"]), "name": f"2022年{district['name']}社区社会组织培训"}
    )
    return {name: {k: v for k, v in row.items() if v} for name, row in examples.items()}


def own_unit(tables: Mapping[str, pl.DataFrame]) -> str | None:
    """The id a county's workbook (one district, 浦东新区) files its own level (区本级) under:
    the district's own code, not 市本级, which would be the city's; None for a city's (and
    for a city without counties, 东莞市 ``441900``, whose own level is 市本级 either way)."""
    from scoplan.divisions import CITY_CODE

    districts = tables.get("districts")
    if districts is None or districts.height != 1:
        return None
    code = str(districts.get_column("id")[0])
    return None if re.fullmatch(CITY_CODE, code) else code


def _write_notes(
    sheet: Worksheet,
    names: str,
    bold: Any,
    examples: Mapping[str, Mapping[str, str]] = EXAMPLES,
    *,
    own: str | None = None,
) -> None:
    """The notes sheet: what each column holds, its values and an example; ``own``: the code
    a county's workbook writes its own level with (:func:`own_unit`), said where 市本级 would be."""
    zh = names == "zh"
    if zh:
        sheet.append(["社区社会组织台账填表说明"])
        sheet.append(
            [
                "每张表一行一条记录，第一行为表头，请勿改动表头和表名。编号、代码按文本填写；"
                "日期写作 2021-09-14（或 2021/9/14、2021年9月14日）。带下拉列表的列请从列表中选择。"
                "黄色单元格需由民政部门确定。区县、乡镇街道、社区三张表已按2023年统计用区划代码预填。"
            ]
        )
        header = ["数据表", "列", "必填", "类型", "含义", "可填的值", "示例"]
    else:
        sheet.append(["How to fill in the register"])
        sheet.append(
            [
                "One row per record in each sheet; row 1 is the header: keep the headers and "
                "sheet names. Ids and codes are text; dates are 2021-09-14. Pick from the "
                "drop-down lists where a column has one. Cells in yellow are for the bureau to "
                "decide. Districts, townships and communities are pre-filled from the 2023 "
                "statistical division codes."
            ]
        )
        header = ["table", "column", "required", "type", "holds", "values", "example"]
    sheet.append([])
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet["A1"].font = bold
    types_zh = {"string": "文本", DATE: "日期", BOOL: "是/否", LIST: "多个取值"}
    for table in TABLES:
        example = examples.get(table.name, {})
        for column in table.columns:
            if column.codes is not None or column.type == BOOL:
                shown = "、".join(_words(column, names))
                if column.open_codes:
                    shown += "（也可填其他）" if zh else " (others allowed)"
            elif column.ref:
                targets = [t for t in column.ref if t != "city"]
                shown = (
                    ("、".join(TABLES_BY_NAME[t].alias for t in targets) + "中的编号")
                    if zh
                    else ("an id in " + ", ".join(targets))
                )
                if "city" in column.ref and own is not None:
                    shown = (f"本级写 {own}，或" if zh else f"{own} for its own level, or ") + shown
                elif "city" in column.ref:
                    shown = ("市本级，或" if zh else "city, or ") + shown
            else:
                shown = ""
            value = example.get(column.name, "")
            if value and column.codes is not None and column.type != LIST:
                value = _code_word(column, value, names) or value
            elif value and column.type == LIST:
                value = "、".join(_code_word(column, v, names) or v for v in value.split(";"))
            elif value and column.type == BOOL:
                value = ("是" if value == "true" else "否") if zh else value
            elif value == "city" and zh:
                value = CITY_ZH
            note_zh, note_en = NOTES.get((table.name, column.name), ("", ""))
            if own is not None:  # a county's own level is its code, not the city's 市本级
                note_zh = note_zh.replace("市本级，或", f"本级写 {own}，或")
                note_en = note_en.replace("city, or", f"{own} for its own level, or")
            sheet.append(
                [
                    _title(table, names),
                    _header(table, column, names),
                    ("是" if column.required else "否")
                    if zh
                    else ("yes" if column.required else "no"),
                    types_zh.get(column.type, column.type) if zh else column.type,
                    note_zh if zh else note_en,
                    shown,
                    value,
                ]
            )


def _keywords(area: Division, each: str | None, unit: Division) -> str:
    return ";".join([MARK, f"area={area.code}", f"each={each or ''}", f"unit={unit.code}"])


def read_keywords(text: str | None) -> dict[str, str]:
    """What a template's keywords say (``area``, ``each``, ``unit``), or nothing."""
    if not text or not text.startswith(MARK):
        return {}
    pairs = [part.partition("=") for part in text.split(";")[1:]]
    return {key: value for key, _, value in pairs if key}


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _file_name(text: str) -> str:
    return _UNSAFE.sub("_", text).strip(" .") or "unit"


def _save(book: Workbook, path: Path, force: bool) -> None:
    from scoplan._output import _atomically

    if path.is_dir():
        raise _refuse(path, "template_is_folder")
    if path.exists() and not force:
        raise _refuse(path, "template_exists")
    _atomically(path, lambda temporary: book.save(temporary))


def _subset(tables: Mapping[str, pl.DataFrame], level: str, code: str) -> dict[str, pl.DataFrame]:
    """The hierarchy of one district (``level="district"``) or township, from ``tables``."""
    if level == "district":
        return {
            "districts": tables["districts"].filter(pl.col("id") == code),
            "townships": tables["townships"].filter(pl.col("district_id") == code),
            "communities": tables["communities"].filter(
                pl.col("township_id").str.starts_with(code)
            ),
        }
    township = tables["townships"].filter(pl.col("id") == code)
    district = township.get_column("district_id").to_list()
    return {
        "districts": tables["districts"].filter(pl.col("id").is_in(district)),
        "townships": township,
        "communities": tables["communities"].filter(pl.col("township_id") == code),
    }


AS_OPTIONS: Mapping[str, str] = {
    "template_exists": "template_exists_option",
    "template_each_not_folder": "template_each_not_folder_option",
}
"""The problems of :func:`write_template` that name an argument (``force=True``), and the
same said with the option of ``scoplan template`` (``--force``) instead."""


def write_template(
    area: str | Division,
    out: str | os.PathLike[str],
    *,
    names: str = "zh",
    each: str | None = None,
    force: bool = False,
) -> list[TemplateWritten]:
    """Write the template of ``area`` (a code or a name) to ``out``: one workbook, or with
    ``each`` (``"district"`` or ``"township"``) one per unit into the folder ``out``, each
    named for its unit (``屯溪区.xlsx``; ``歙县-徽城镇.xlsx``; with the city first when the
    area spans several). Refuses to replace a file unless ``force``; writes each
    workbook whole or not at all. Its refusals name ``force=`` and ``each=``, which
    ``scoplan template`` says as its options (:data:`AS_OPTIONS`)."""
    if each is not None and each not in EACH:
        raise ValueError(f"each is one of {', '.join(EACH)}, not {each!r}")
    division = area if isinstance(area, Division) else find(area)
    tables = hierarchy(division)
    target = Path(out)
    if each is None:
        return [_write_one(tables, division, division, None, target, names, force)]
    if target.exists() and not target.is_dir():
        raise _refuse(target, "template_each_not_folder")
    units = tables["districts" if each == "district" else "townships"]
    district_names = dict(tables["districts"].select("id", "name").iter_rows())
    cities = dict(tables["districts"].select("id", "city").iter_rows())
    several_cities = len(set(cities.values())) > 1
    written: list[TemplateWritten] = []
    used: set[str] = set()
    for code, name in units.select("id", "name").iter_rows():
        parts = [name]
        district = code[:6]
        if each == "township":
            parts.insert(0, district_names.get(district, district))
        if several_cities:
            parts.insert(0, cities.get(district) or "")
        stem = _file_name("-".join(p for p in parts if p))
        if stem in used:
            stem = f"{stem}-{code}"
        used.add(stem)
        unit = Division(code, name, "county" if each == "district" else "township")
        subset = _subset(tables, each, code)
        path = target / f"{stem}.xlsx"
        written.append(_write_one(subset, division, unit, each, path, names, force))
    return written


def _write_one(
    tables: Mapping[str, pl.DataFrame],
    area: Division,
    unit: Division,
    each: str | None,
    path: Path,
    names: str,
    force: bool,
) -> TemplateWritten:
    book, undecided = build_workbook(tables, names, _keywords(area, each, unit))
    _save(book, path, force)
    return TemplateWritten(
        path,
        unit,
        tables["districts"].height,
        tables["townships"].height,
        tables["communities"].height,
        undecided,
    )
