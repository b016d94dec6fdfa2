"""A catalogue of bad inputs: each with the exact message a user reads, in Chinese and English.

Every problem DATA.md names, and what field data does besides: empty and truncated files,
wrong and mixed encodings, stray delimiters and quotes, dates in other forms, ids in
full-width or another case, broken JSON, plans that do not fit, damaged workbooks. Each
case loads (or evaluates) and compares every message, whole, in both languages; a few go
through the command, which must exit 2 with the message on stderr, no traceback, and no
report left behind. Forms that are accepted are here too, with what they read as.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Mapping
from pathlib import Path
from unittest import mock

import bureau
import pytest
from builders import PLAN_HEAD, builtin_registry, district
from click.testing import CliRunner
from conftest import VALID_TABLES

import scoplan
from scoplan import DataError, PlanError, Problem
from scoplan.cli import main
from scoplan.i18n import CATALOGUES, describe_problem
from scoplan.loaders import csv_folder
from scoplan.loaders.csv_folder import read_typed_csv
from scoplan.testing import build_dataset

SRC = Path(scoplan.__file__).parent
EVENTS = "id,kind,unit_id,name,date\n"
ORGANIZATIONS = "id,community_id,name,founded\n"
MILESTONE = '\n[[milestones]]\nid = "m"\ntarget = "service-centres"\n'

Files = Mapping[str, str | bytes | None]


def folder_with(write_tables, changes: Files) -> Path:
    """The small valid dataset with some files replaced (text or bytes) or removed (None)."""
    tables: dict[str, str | bytes] = dict(VALID_TABLES)
    for name, content in changes.items():
        if content is None:
            tables.pop(name, None)
        else:
            tables[name] = content
    folder = write_tables({})
    for name, content in tables.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    return folder


def problems_loading(path: Path) -> tuple[Problem, ...]:
    """The problems of the DataError that loading ``path`` raises."""
    with pytest.raises(DataError) as error:
        scoplan.load(path)
    return error.value.problems


def said(problems: tuple[Problem, ...], lang: str, path: Path | None = None) -> list[str]:
    """Each problem as the user reads it; a temporary folder's name written ``<folder>``."""
    lines = [describe_problem(p, lang) for p in problems]
    return [line.replace(str(path), "<folder>") if path else line for line in lines]


NOT_A_DATE_EN = (
    "is not a date (write YYYY-MM-DD, such as 2021-09-14; 2021/9/14 and 2021年9月14日 are read too)"
)
NOT_A_DATE_ZH = "不是日期（应写作 YYYY-MM-DD，如 2021-09-14；也可写作 2021/9/14 或 2021年9月14日）"
CUT_EN = "it seems cut short; export it again"
QUOTE_EN = (
    'a quote (") opened in this row is never closed: the file seems cut short, or a cell has '
    "a stray quote"
)
QUOTE_ZH = '此行的一个引号（"）没有配对：文件可能不完整，或单元格中有多余的引号'

CSV_CASES = [
    # -- the problems DATA.md names ------------------------------------------------------
    pytest.param(
        {"organizations.csv": "id,community_id,founded\nO1,C1,2021-03-01\n"},
        ["organizations.csv, row 1, column name: the required column 'name' is missing"],
        ["organizations.csv，第1行，“name”列：缺少必需的列“name”"],
        id="missing-required-column",
    ),
    pytest.param(
        {"organizations.csv": ORGANIZATIONS + "O1,C1,甲会,14/09/2021\n"},
        [f"organizations.csv, row 2, column founded: '14/09/2021' {NOT_A_DATE_EN}"],
        [f"organizations.csv，第2行，“founded”列：“14/09/2021”{NOT_A_DATE_ZH}"],
        id="unparseable-date",
    ),
    pytest.param(
        {"organizations.csv": ORGANIZATIONS + "O1,C1,甲会,21.9.14\n"},
        [
            "organizations.csv, row 2, column founded: '21.9.14' has a year of fewer than four "
            "digits: which year is it? Write the year in full (YYYY-MM-DD, such as 2021-09-14)"
        ],
        [
            "organizations.csv，第2行，“founded”列：“21.9.14”的年份不足四位，是哪一年？"
            "请写完整的年份（YYYY-MM-DD，如 2021-09-14）"
        ],
        id="two-digit-year",
    ),
    pytest.param(
        {
            "organizations.csv": "id,community_id,name,founded,dissolved,size\n"
            "O1,C1,甲会,2021-05-01,/,小\nO2,C1,乙会,2021-05-01,无,—\n"
        },
        [
            "organizations.csv, row 2, column dissolved: '/' written for none: leave the cell "
            "empty instead (an empty cell of this column says there is none)",
            "organizations.csv, row 3, column dissolved: '无' written for none: leave the cell "
            "empty instead (an empty cell of this column says there is none)",
            "organizations.csv, row 3, column size: '—' written for none: leave the cell "
            "empty instead (an empty cell of this column says there is none)",
        ],
        [
            "organizations.csv，第2行，“dissolved”列：“/”：没有的请留空，不要填“/”"
            "（这一列的空单元格就表示没有）",
            "organizations.csv，第3行，“dissolved”列：“无”：没有的请留空，不要填“无”"
            "（这一列的空单元格就表示没有）",
            "organizations.csv，第3行，“size”列：“—”：没有的请留空，不要填“—”"
            "（这一列的空单元格就表示没有）",
        ],
        id="none-written-as-a-mark",
    ),
    pytest.param(
        {"townships.csv": "id,district_id,name,kind\nT1,D1,一街道,street\nT2,D2,二镇,village\n"},
        [
            "townships.csv, row 3, column kind: 'village' is not allowed here "
            "(expected one of street, town, township, zone, scenic, other)"
        ],
        [
            "townships.csv，第3行，“kind”列："
            "“village”不是可用的取值（应为 街道、镇、乡、开发区、风景区、其他 之一）"
        ],
        id="unknown-kind",
    ),
    pytest.param(
        {"districts.csv": "id,name,kind\nD1,甲区,district\nD2,乙县,county\nD1,丙区,district\n"},
        ["districts.csv, row 4, column id: the id 'D1' is used twice (first at row 2)"],
        ["districts.csv，第4行，“id”列：编号“D1”重复（首次出现在第2行）"],
        id="duplicate-id",
    ),
    pytest.param(
        {"townships.csv": "id,district_id,name,kind\nT1,D1,一街道,street\nT2,D9,二镇,town\n"},
        ["townships.csv, row 3, column district_id: 'D9' does not exist in districts"],
        ["townships.csv，第3行，“district_id”列：“D9”在区县中不存在"],
        id="unknown-reference-an-orphan",
    ),
    pytest.param(
        {
            "organizations.csv": (
                "id,community_id,name,founded,dissolved\nO1,C1,甲会,2021-05-01,2021-04-30\n"
            )
        },
        [
            "organizations.csv, row 2, column dissolved: dissolved '2021-04-30' is before "
            "founded '2021-05-01'"
        ],
        ["organizations.csv，第2行，“dissolved”列：dissolved“2021-04-30”早于 founded“2021-05-01”"],
        id="dissolved-before-founded",
    ),
    pytest.param(
        # the organizations referring to the missing communities are not each reported too
        {"communities.csv": None, "federations.csv": None},
        ["<folder>: the table communities is missing"],
        ["<folder>：缺少数据表“社区”"],
        id="missing-table",
    ),
    pytest.param(
        # a file whose name is close to a table's is a mistake for it (one named for no
        # table at all is skipped with a warning: tests/test_loading.py)
        {"organisation.csv": "id,text\nN1,hello\n"},
        [
            "organisation.csv: unknown table 'organisation': "
            "did you mean organizations (社区社会组织)?"
        ],
        ["organisation.csv：未知的数据表“organisation”；是否应为“社区社会组织”？"],
        id="unknown-table",
    ),
    pytest.param(
        {"区县.csv": "编号,名称,类型\nD1,甲区,区\nD2,乙县,县\n"},
        [
            "区县.csv: the table districts is given twice (also as districts.csv): "
            "remove or rename one of them"
        ],
        ["区县.csv：与districts.csv是同一张数据表（区县），只能有一份：请删去或改名其中一份"],
        id="table-given-twice",
    ),
    pytest.param(
        {
            "organizations.csv": (
                "id,community_id,name,founded,charter\nO1,C1,甲会,2021-03-01,maybe\n"
            )
        },
        [
            "organizations.csv, row 2, column charter: 'maybe' is not a yes/no value "
            "(expected yes/no, true/false, 1/0, 是/否, 有/无, √/×)"
        ],
        ["organizations.csv，第2行，“charter”列：“maybe”不是是/否值（应为是/否、有/无、√/×、1/0）"],
        id="not-yes-or-no",
    ),
    pytest.param(
        {"organizations.csv": ORGANIZATIONS + "O1,C1,甲会,\n"},
        ["organizations.csv, row 2, column founded: a required value is empty"],
        ["organizations.csv，第2行，“founded”列：必填项为空"],
        id="required-value-empty",
    ),
    pytest.param(
        # the hierarchy has three levels: a cycle needs an id used on two of them
        {
            "townships.csv": "id,district_id,name,kind\nT1,D1,一街道,street\nD2,D2,二镇,town\n",
            "communities.csv": "id,township_id,name,kind\nC1,T1,一社区,urban\nC2,D2,二村,rural\n",
            "events.csv": EVENTS,
        },
        [
            "townships.csv, row 3, column id: the id 'D2' is used in several tables: "
            "districts, townships"
        ],
        ["townships.csv，第3行，“id”列：编号“D2”同时出现在 districts, townships 中"],
        id="hierarchy-cycle-through-a-reused-id",
    ),
    # -- empty, truncated, encodings -----------------------------------------------------
    pytest.param(
        {"events.csv": ""},
        ["events.csv: the file is empty: it needs a header row at least (id, kind, unit_id, date)"],
        ["events.csv：文件是空的：至少应有表头行（编号、类型、所属单位、日期）"],
        id="empty-file",
    ),
    pytest.param(
        {"events.csv": "\ufeff\r\n\r\n"},
        ["events.csv: the file is empty: it needs a header row at least (id, kind, unit_id, date)"],
        ["events.csv：文件是空的：至少应有表头行（编号、类型、所属单位、日期）"],
        id="only-a-bom-and-blank-lines",
    ),
    pytest.param(
        {"events.csv": EVENTS + "V1,training,city,培训,2022-07-27\nV2,gongyi_chuangtou,T2"},
        [
            "events.csv, row 3: the file ends in the middle of this row (3 of 5 cells, no line "
            f"end): {CUT_EN}"
        ],
        [
            "events.csv，第3行：文件在此行中途结束（只有 3 个单元格，应为 5 个，且没有换行）："
            "文件可能不完整，请重新导出"
        ],
        id="truncated-mid-row",
    ),
    pytest.param(
        {"events.csv": EVENTS + 'V1,training,city,培训,2022-07-27\nV2,gongyi_chuangtou,T2,"公益'},
        [f"events.csv, row 3: {QUOTE_EN}"],
        [f"events.csv，第3行：{QUOTE_ZH}"],
        id="truncated-mid-quote",
    ),
    pytest.param(
        # a cut file's lost rows may be what others refer to: no reference into it is reported
        {"districts.csv": 'id,name,kind\nD1,"甲区,district\n'},
        [f"districts.csv, row 2: {QUOTE_EN}"],
        [f"districts.csv，第2行：{QUOTE_ZH}"],
        id="truncated-table-does-not-flood-its-references",
    ),
    pytest.param(
        {
            "events.csv": (EVENTS + "V1,training,city,培训,2022-07-27\nV2,x,T2,公益创投").encode()[
                :-2
            ]
        },
        [f"events.csv: the file ends in the middle of a character on line 3: {CUT_EN}"],
        ["events.csv：文件在第3行的一个字符中间结束：文件不完整，请重新导出"],
        id="truncated-mid-character",
    ),
    pytest.param(
        {"events.csv": VALID_TABLES["events.csv"].encode("utf-16")},
        ["events.csv: the file is UTF-16 (Excel's “Unicode text”): save it as “CSV UTF-8”"],
        ["events.csv：文件是 UTF-16 编码（Excel 的“Unicode 文本”）：请另存为“CSV UTF-8”"],
        id="utf16",
    ),
    pytest.param(
        {"events.csv": (EVENTS + "V1,training,city,Café,2022-07-27\n").encode("latin-1")},
        ["events.csv: line 2 is neither UTF-8 nor GB18030 (save the file as UTF-8)"],
        ["events.csv：第2行既不是 UTF-8 也不是 GB18030 编码（请另存为 UTF-8）"],
        id="wrong-encoding",
    ),
    pytest.param(
        {
            "events.csv": (EVENTS + "V1,training,city,培训,2022-07-27\n").encode()
            + "V2,gongyi_chuangtou,T2,公益创投,2023-04-01\n".encode("gb18030")
        },
        [
            "events.csv: the file mixes two encodings: line 3 is not UTF-8, line 2 is (save the "
            "whole file as UTF-8)"
        ],
        ["events.csv：文件混用了两种编码：第3行不是 UTF-8，第2行却是（请把整个文件另存为 UTF-8）"],
        id="mixed-encodings",
    ),
    # -- rows and columns ----------------------------------------------------------------
    pytest.param(
        # an unquoted comma in a name: the row's cells shift, and its date is no date either
        {
            "events.csv": EVENTS
            + "V1,training,city,培训,2022-07-27\nV2,training,T2,公益,创投,2023-04-01\n"
        },
        [
            "events.csv, row 3: the row has 6 cells but the header 5 (the first extra one holds "
            "'2023-04-01'; a comma in a name needs quotes)",
            f"events.csv, row 3, column date: '创投' {NOT_A_DATE_EN}",
        ],
        [
            "events.csv，第3行：此行有 6 个单元格，表头只有 5 列"
            "（多出“2023-04-01”；名称中的逗号须加引号）",
            f"events.csv，第3行，“date”列：“创投”{NOT_A_DATE_ZH}",
        ],
        id="row-with-too-many-cells",
    ),
    pytest.param(
        {
            "events.csv": (
                "id,kind,unit_id,name,date,date\nV1,training,city,培训,2022-07-27,2022-07-28\n"
            )
        },
        ["events.csv, row 1, column date: the column 'date' is given twice (already as 'date')"],
        ["events.csv，第1行，“date”列：列“date”重复了（前面已有“date”）"],
        id="duplicate-header",
    ),
    pytest.param(
        {
            "events.csv": (
                "id,kind,unit_id,name,date,日期\nV1,training,city,培训,2022-07-27,2022-07-28\n"
            )
        },
        ["events.csv, row 1, column 日期: the column '日期' is given twice (already as 'date')"],
        ["events.csv，第1行，“日期”列：列“日期”重复了（前面已有“date”）"],
        id="duplicate-header-in-the-other-language",
    ),
    pytest.param(
        {
            "events.csv": (
                "id,kind,unit_id,name,date,__row,*,^a.*$\nV1,training,city,培训,2022-07-27,1,2,3\n"
            )
        },
        [
            "events.csv, row 1, column __row: the column name '__row' cannot be used: rename it",
            "events.csv, row 1, column *: the column name '*' cannot be used: rename it",
            "events.csv, row 1, column ^a.*$: the column name '^a.*$' cannot be used: rename it",
        ],
        [
            "events.csv，第1行，“__row”列：列名“__row”不能使用（scoplan 另有用途），请改名",
            "events.csv，第1行，“*”列：列名“*”不能使用（scoplan 另有用途），请改名",
            "events.csv，第1行，“^a.*$”列：列名“^a.*$”不能使用（scoplan 另有用途），请改名",
        ],
        id="column-names-scoplan-cannot-use",
    ),
    pytest.param(
        {"events.csv": "id;kind;unit_id;name;date\nV1;training;city;培训;2022-07-27\n"},
        [
            "events.csv, row 1: the header's cells are separated by ';', not commas (save the "
            "file as comma-separated CSV)"
        ],
        ["events.csv，第1行：表头各列以“;”分隔，而不是逗号（请另存为逗号分隔的 CSV）"],
        id="semicolons-for-commas",
    ),
    pytest.param(
        {
            # below a title line Excel wrote with commas: the header's line is named, not row 1
            "events.csv": (
                "黄山市活动登记表,,,,\n编号;类型;所属单位;名称;日期\nV1;培训;city;培训;2022-07-27\n"
            )
        },
        [
            "events.csv, row 2: the header's cells are separated by ';', not commas (save the "
            "file as comma-separated CSV)"
        ],
        ["events.csv，第2行：表头各列以“;”分隔，而不是逗号（请另存为逗号分隔的 CSV）"],
        id="semicolons-for-commas-below-a-title",
    ),
    pytest.param(
        {"events.csv": "id\tkind\tunit_id\tname\tdate\nV1\ttraining\tcity\t培训\t2022-07-27\n"},
        [
            "events.csv, row 1: the header's cells are separated by 'Tab', not commas (save the "
            "file as comma-separated CSV)"
        ],
        ["events.csv，第1行：表头各列以“Tab”分隔，而不是逗号（请另存为逗号分隔的 CSV）"],
        id="tabs-for-commas",
    ),
    pytest.param(
        {"events.csv": EVENTS + 'V1,training,city,"培训"班,2022-07-27\n'},
        [
            "events.csv, row 2: a quoted cell goes on after its closing quote (a quote inside a "
            'cell is written "")'
        ],
        ['events.csv，第2行：带引号的单元格在右引号后还有文字（单元格内的引号应写作两个 ""）'],
        id="text-after-a-closing-quote",
    ),
    # -- dates -----------------------------------------------------------------------------
    pytest.param(
        {
            "events.csv": EVENTS
            + "V1,training,city,a,14/09/2021\n"
            + "V2,training,city,b,20210914\n"
            + "V3,training,city,c,Sept 14 2021\n"
            + "V4,training,city,d,2021-02-29\n"
            + "V5,training,city,e,2021年13月1日\n"
            + "V6,training,city,f,44453\n"
        },
        [
            f"events.csv, row 2, column date: '14/09/2021' {NOT_A_DATE_EN}",
            f"events.csv, row 3, column date: '20210914' {NOT_A_DATE_EN}",
            f"events.csv, row 4, column date: 'Sept 14 2021' {NOT_A_DATE_EN}",
            "events.csv, row 5, column date: there is no such day as '2021-02-29'",
            "events.csv, row 6, column date: there is no such day as '2021年13月1日'",
            "events.csv, row 7, column date: '44453' looks like an Excel day number "
            "(2021-09-14?): format the column as dates before exporting",
        ],
        [
            f"events.csv，第2行，“date”列：“14/09/2021”{NOT_A_DATE_ZH}",
            f"events.csv，第3行，“date”列：“20210914”{NOT_A_DATE_ZH}",
            f"events.csv，第4行，“date”列：“Sept 14 2021”{NOT_A_DATE_ZH}",
            "events.csv，第5行，“date”列：没有“2021-02-29”这一天",
            "events.csv，第6行，“date”列：没有“2021年13月1日”这一天",
            "events.csv，第7行，“date”列：“44453”像是 Excel 的日期序号（2021-09-14?）："
            "请把该列设为日期格式后再导出",
        ],
        id="dates-in-other-forms",
    ),
    # -- ids ---------------------------------------------------------------------------------
    pytest.param(
        {"districts.csv": "id,name,kind\nD1,甲区,district\nD2,乙县,county\nd1,丙区,district\n"},
        [
            "districts.csv, row 4, column id: the id 'd1' differs from 'D1' only in case: ids "
            "are case-sensitive, so these are two units"
        ],
        [
            "districts.csv，第4行，“id”列：编号“d1”与“D1”只有大小写不同：编号区分大小写，二者会被当作两个单位"
        ],
        id="ids-colliding-in-case",
    ),
    pytest.param(
        {"townships.csv": "id,district_id,name,kind\nT1,d1,一街道,street\nT2,D2,二镇,town\n"},
        [
            "townships.csv, row 2, column district_id: 'd1' does not exist in districts, but "
            "'D1' does (ids are case-sensitive)"
        ],
        ["townships.csv，第2行，“district_id”列：“d1”在区县中不存在，但有“D1”（编号区分大小写）"],
        id="reference-in-another-case",
    ),
    pytest.param(
        {"events.csv": EVENTS + "V1,training,市里,培训,2022-03-01\n"},
        [
            "events.csv, row 2, column unit_id: '市里' is neither the city level nor an id "
            "in districts / townships (write the city level as city or 市本级)"
        ],
        [
            "events.csv，第2行，“unit_id”列："
            "“市里”既不是市本级，也不是区县/乡镇街道中的编号"
            "（市本级写作“市本级”）"
        ],
        id="unknown-unit-says-how-the-city-is-written",
    ),
    pytest.param(
        {"events.csv": EVENTS + "V1,training,市民政局,培训,2022-03-01\n"},
        [
            "events.csv, row 2, column unit_id: “市民政局” is an office of the city, not a "
            "unit's id: for the city level, write city or 市本级"
        ],
        [
            "events.csv，第2行，“unit_id”列：“市民政局”是市级机关，不是单位编号："
            "记在市本级的，请写 city 或 市本级"
        ],
        id="the-citys-office-says-how-the-city-is-written",
    ),
]


@pytest.mark.parametrize(("changes", "english", "chinese"), CSV_CASES)
def test_a_bad_csv_folder_gets_exactly_these_messages(
    write_tables, changes: Files, english: list[str], chinese: list[str]
) -> None:
    """Loading the folder raises one DataError whose problems read exactly so, in both
    languages."""
    folder = folder_with(write_tables, changes)
    problems = problems_loading(folder)
    assert said(problems, "en", folder) == english
    assert said(problems, "zh", folder) == chinese


def test_past_two_hundred_of_a_kind_the_rest_are_counted(write_tables) -> None:
    """201 rows with a bad date give 200 messages and one that counts the rest."""
    rows = "".join(f"V{n},training,city,培训,later\n" for n in range(201))
    problems = problems_loading(folder_with(write_tables, {"events.csv": EVENTS + rows}))
    assert len(problems) == 201
    assert said(problems[-1:], "en") == ["events.csv, column date: … and 1 more like this"]
    assert said(problems[-1:], "zh") == ["events.csv，“date”列：……另有 1 处同类问题"]


# -- what is accepted, and what it reads as ----------------------------------------------


def test_a_header_only_file_is_a_table_without_rows(write_tables) -> None:
    """A file with only its header (and no line end) is an empty table."""
    data = scoplan.load(folder_with(write_tables, {"events.csv": EVENTS.strip()}))
    assert data.size()["events"] == 0


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff" + VALID_TABLES["events.csv"],  # a byte-order mark
        VALID_TABLES["events.csv"].replace("\n", "\r\n"),  # Windows line ends
        VALID_TABLES["events.csv"].replace("\n", "\r"),  # old Mac line ends
        VALID_TABLES["events.csv"].replace("\n", "\n\n"),  # blank lines
        EVENTS + VALID_TABLES["events.csv"].removeprefix(EVENTS).replace("\n", ",,\n"),
        VALID_TABLES["events.csv"].rstrip("\n"),  # no line end after the last row
    ],
    ids=["bom", "crlf", "cr", "blank-lines", "empty-extra-cells", "no-final-line-end"],
)
def test_forms_of_the_same_file_read_the_same(write_tables, text: str) -> None:
    """A BOM, CRLF or CR line ends, blank lines, trailing empty cells: the same two events."""
    data = scoplan.load(folder_with(write_tables, {"events.csv": text}))
    expected = scoplan.load(folder_with(write_tables, {}))
    assert data.frame("events").equals(expected.frame("events"))


def test_blank_lines_keep_the_rows_after_them_numbered_on_the_fast_path(write_tables) -> None:
    """A clean file with blank lines is read fast, and a duplicate id still names its rows."""
    text = "id,name,kind\n\nD1,甲区,district\nD2,乙县,county\n\nD1,丙区,district\n"
    folder = folder_with(write_tables, {"districts.csv": text})
    assert read_typed_csv(folder / "districts.csv", "districts") is not None
    problems = problems_loading(folder)
    assert said(problems, "en") == [
        "districts.csv, row 6, column id: the id 'D1' is used twice (first at row 3)"
    ]


def test_extra_columns_are_kept_and_missing_optional_ones_are_empty(write_tables) -> None:
    """A column DATA.md does not name is kept; an optional one left out is empty."""
    text = "id,community_id,name,founded,联系人\nO1,C1,甲会,2021-03-01,张三\n"
    data = scoplan.load(folder_with(write_tables, {"organizations.csv": text}))
    organization = data.get("organizations", "O1")
    assert (organization.extra, organization.dissolved, organization.serves) == (
        {"联系人": "张三"},
        None,
        (),
    )


def test_a_short_row_has_its_missing_cells_empty(write_tables) -> None:
    """A row with fewer cells than the header (Excel leaves out trailing empty ones) loads."""
    text = (
        "id,community_id,name,founded,dissolved,charter\n"
        "O1,C1,甲会,2021-03-01\n"
        "O2,C2,乙会,2020-01-15,2022-06-30,false\n"
    )
    data = scoplan.load(folder_with(write_tables, {"organizations.csv": text}))
    assert data.get("organizations", "O1").dissolved is None
    assert data.get("organizations", "O1").charter is None


@pytest.mark.parametrize(
    "text",
    [
        "2021-09-14",
        "2021-9-14",
        "2021/9/14",
        "2021.9.14",
        "2021年9月14日",
        "2021-09-14 00:00:00",
        "2021/9/14 0:00",
        "２０２１－０９－１４",
    ],
)
def test_accepted_date_forms(write_tables, text: str) -> None:
    """ISO dates and their common variants, with a time of day dropped, read as 14 September."""
    folder = folder_with(write_tables, {"events.csv": EVENTS + f"V1,training,city,培训,{text}\n"})
    assert scoplan.load(folder).get("events", "V1").date == dt.date(2021, 9, 14)


@pytest.mark.parametrize("text", ["2021-09-14 25:00", "2021-09-14 23:60", "2021/9/14 9:30:61"])
def test_a_date_with_no_such_time_of_day_is_no_date(write_tables, text: str) -> None:
    """A time of day is dropped only where it is one: ``25:00`` is a slip (of the day too,
    perhaps), a bad date named with its cell, not 14 September."""
    folder = folder_with(write_tables, {"events.csv": EVENTS + f"V1,training,city,培训,{text}\n"})
    with pytest.raises(scoplan.DataError) as caught:
        scoplan.load(folder)
    [problem] = caught.value.problems
    assert (problem.code, problem.value, problem.column) == ("bad_date", text, "date")


FULL_WIDTH = {
    "districts.csv": "id,name,kind\nＤ１,甲区,ｄｉｓｔｒｉｃｔ\n\u3000D2\u3000,乙县,county\n",
    "townships.csv": "id,district_id,name,kind\n T1 ,D1,一街道,street\nT2,Ｄ２,二镇,town\n",
}


def test_full_width_ids_and_codes_and_spaces_are_read_in_their_ordinary_form(
    write_tables,
) -> None:
    """Ｄ１, ｄｉｓｔｒｉｃｔ and an id between ideographic spaces read as D1, district and D2
    (Unicode NFKC, spaces trimmed); names are left as written."""
    data = scoplan.load(folder_with(write_tables, FULL_WIDTH))
    assert data.district_ids() == ("D1", "D2")
    assert data.get("districts", "D1").kind == "district"
    assert data.get("townships", "T2").district_id == "D2"
    assert data.get("townships", "T1").name == "一街道"


def test_the_fast_and_the_careful_path_read_full_width_ids_alike(write_tables) -> None:
    """A clean file with full-width ids takes the fast path and reads what the careful one
    reads."""
    text = "id,district_id,name,kind\nT1,Ｄ１,一街道,street\nＴ２,D2,（二）镇,town\n"
    folder = folder_with(write_tables, {"townships.csv": text})
    fast = read_typed_csv(folder / "townships.csv", "townships")
    assert fast is not None
    assert fast.frame.get_column("id").to_list() == ["T1", "T2"]
    assert fast.frame.get_column("district_id").to_list() == ["D1", "D2"]
    fast_data = scoplan.load(folder)
    with mock.patch.object(csv_folder, "read_typed_csv", return_value=None):
        careful_data = scoplan.load(folder)
    assert fast_data.frame("townships").equals(careful_data.frame("townships"))
    assert careful_data.get("townships", "T2").name == "（二）镇"


# -- JSON documents ----------------------------------------------------------------------

JSON_CASES = [
    pytest.param(
        "[1, 2]",
        ["data.json: wrong shape: expected an object of tables, got a list"],
        ["data.json：结构不对：应为以表名为键的对象，实际为列表"],
        id="not-an-object",
    ),
    pytest.param(
        json.dumps(
            {"districts": {"id": "D1"}, "townships": [["T1"]], "communities": [{"id": {"x": 1}}]}
        ),
        [
            "data.json: wrong shape: $.districts should be a list of rows, got an object",
            "data.json, item 0: wrong shape: $.townships[0] should be an object, got a list",
            "data.json, item 0, column id: wrong shape: $.communities[0].id should be a value or "
            "a list of values",
        ],
        [
            "data.json：结构不对：$.districts 应为行的列表，实际为对象",
            "data.json，第0项：结构不对：$.townships[0] 应为对象，实际为列表",
            "data.json，第0项，“id”列：结构不对：$.communities[0].id 应为一个值或值的列表",
        ],
        id="tables-rows-and-cells-of-the-wrong-shape",
    ),
    pytest.param(
        '{"districts": [{"id": "D1", "name": "甲区", "kind": "district", "id": "D2"}],'
        ' "townships": [], "townships": []}',
        [
            "data.json: the key 'townships' is given twice (JSON keeps only the last)",
            "data.json, item 0, column id: the key 'id' is given twice (JSON keeps only the last)",
        ],
        [
            "data.json：键“townships”出现了两次（JSON 只保留最后一个）",
            "data.json，第0项，“id”列：键“id”出现了两次（JSON 只保留最后一个）",
        ],
        id="keys-given-twice",
    ),
    pytest.param(
        '{\n  "districts": [\n    {"id": "D1",}\n  ]\n}\n',
        [
            "data.json: not valid JSON: line 3, column 17: Expecting property name enclosed in "
            "double quotes"
        ],
        ["data.json：JSON 无法解析：第3行第17列：此处应为用双引号括起的键"],
        id="syntax-error",
    ),
    pytest.param(
        '{"districts": [{"id": "D1", "name": "甲',
        ["data.json: not valid JSON: line 1, column 37: Unterminated string starting at"],
        ["data.json：JSON 无法解析：第1行第37列：字符串没有结束"],
        id="cut-short",
    ),
    pytest.param(
        "",
        ["data.json: not valid JSON: line 1, column 1: Expecting value"],
        ["data.json：JSON 无法解析：第1行第1列：此处应为一个值"],
        id="empty-file",
    ),
    pytest.param(
        '{"districts": [{"id": NaN}]}',
        ["data.json: not valid JSON: NaN is not a JSON value"],
        ["data.json：JSON 无法解析：NaN 不是 JSON 的值"],
        id="nan",
    ),
    pytest.param(
        '{"districts": [{"id": ' + "9" * 5000 + "}]}",
        ["data.json: not valid JSON: a number of 5000 digits"],
        ["data.json：JSON 无法解析：有一个 5000 位的数字"],
        id="a-number-of-five-thousand-digits",
    ),
    pytest.param(
        "[" * 100_000 + "]" * 100_000,
        ["data.json: not valid JSON: nested too deeply"],
        ["data.json：JSON 无法解析：嵌套过深"],
        id="nested-too-deeply",
    ),
]


@pytest.mark.parametrize(("text", "english", "chinese"), JSON_CASES)
def test_a_bad_json_document_gets_exactly_these_messages(
    tmp_path: Path, text: str, english: list[str], chinese: list[str]
) -> None:
    """Loading the document raises one DataError whose problems read exactly so."""
    path = tmp_path / "data.json"
    path.write_text(text, encoding="utf-8")
    problems = problems_loading(path)
    assert said(problems, "en") == english
    assert said(problems, "zh") == chinese


def test_json_whole_numbers_written_as_floats_are_ids(tmp_path: Path) -> None:
    """341002.0 (pandas writes ids so in a column with gaps) is the id 341002."""
    document = {
        "districts": [{"id": 341002.0, "name": "屯溪区", "kind": "district"}],
        "townships": [{"id": 341002001, "district_id": 341002.0, "name": "昱东", "kind": "街道"}],
        "communities": [],
        "organizations": [],
    }
    path = tmp_path / "data.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert scoplan.load(path).get("townships", "341002001").district_id == "341002"


# -- plans -------------------------------------------------------------------------------

PLAN_CASES = [
    pytest.param(
        PLAN_HEAD + '\n[[milestones]]\nid = "m"\ntarget = "service-centre"\ndue = 2022-12-31\n',
        [
            "plan.toml, milestone 'm', target: unknown target kind 'service-centre' "
            "(did you mean 'service-centres'?) (installed: {targets})"
        ],
        [
            "plan.toml，里程碑“m”的“target”项：未知的目标类型“service-centre”"
            "（是否应为“service-centres”？）（已安装：{targets}）"
        ],
        id="unknown-target-kind",
    ),
    pytest.param(
        PLAN_HEAD + MILESTONE + 'due = 2022-12-31\nscope = {districts = ["D9"]}\n',
        ["plan.toml, milestone 'm', scope.districts: the district 'D9' is not in the data"],
        ["plan.toml，里程碑“m”的“scope.districts”项：区县“D9”不在数据中"],
        id="unknown-district",
    ),
    pytest.param(
        PLAN_HEAD + MILESTONE + 'due = 2022-12-31\nparams = {threshold = 1, comparator = "=>"}\n',
        [
            "plan.toml, milestone 'm', params.comparator: '=>' is not allowed "
            "(did you mean '>='?) (expected one of '>=', '>', '<=', '<', '==')"
        ],
        [
            "plan.toml，里程碑“m”的“params.comparator”项：“=>”不是可用的取值"
            "（是否应为“>=”？）"
            "（应为 >=（不少于）、>（多于）、<=（不多于）、<（少于）、==（等于） 之一）"
        ],
        id="bad-comparator",
    ),
    pytest.param(
        PLAN_HEAD + MILESTONE + "due = 2025-12-31\n",
        [
            "plan.toml, milestone 'm', due: the due date 2025-12-31 is outside the plan's "
            "years 2021-01-01 – 2023-12-31"
        ],
        [
            "plan.toml，里程碑“m”的“due”项："
            "期限 2025-12-31 不在计划年度 2021-01-01 – 2023-12-31 之内"
        ],
        id="due-outside-the-plan-years",
    ),
    pytest.param(
        PLAN_HEAD.replace("end = 2023-12-31", "end = 2020-12-31")
        + MILESTONE
        + "due = 2020-12-31\n",
        [
            "plan.toml, end: the plan ends (2020-12-31) before it starts (2021-01-01)",
            "plan.toml, milestone 'm', due: the due date 2020-12-31 is outside the plan's "
            "years 2021-01-01 – 2020-12-31",
        ],
        [
            "plan.toml，“end”项：计划的结束日期 2020-12-31 早于开始日期 2021-01-01",
            "plan.toml，里程碑“m”的“due”项："
            "期限 2020-12-31 不在计划年度 2021-01-01 – 2020-12-31 之内",
        ],
        id="ends-before-it-starts",
    ),
    pytest.param(
        PLAN_HEAD + "base_year = 1066\n" + MILESTONE + "due = 2022-12-31\n",
        ["plan.toml, base_year: the base year 1066 must be in 1949–2023"],
        ["plan.toml，“base_year”项：基年 1066 应在 1949–2023 之间"],
        id="base-year-out-of-range",
    ),
    pytest.param(
        PLAN_HEAD + MILESTONE + "due = 2022-12-31\nparams = {threshold = }\n",
        ["plan.toml: not valid TOML: Invalid value (at line 11, column 23)"],
        ["plan.toml：TOML 无法解析：第11行第23列：无效的值"],
        id="not-toml",
    ),
    pytest.param(
        PLAN_HEAD + MILESTONE,
        ["plan.toml, milestone 'm', due: required field missing"],
        ["plan.toml，里程碑“m”的“due”项：缺少必填字段"],
        id="missing-field",
    ),
    pytest.param(
        PLAN_HEAD + MILESTONE + 'due = "2022年春"\n',
        [
            "plan.toml, milestone 'm', due: '2022年春' is not a date "
            "(expected YYYY-MM-DD, 2023/12/31 or 2023年12月31日)"
        ],
        [
            "plan.toml，里程碑“m”的“due”项：“2022年春”不是日期"
            "（应为 YYYY-MM-DD、2023/12/31 或 2023年12月31日）"
        ],
        id="due-date-as-text",
    ),
    pytest.param(
        PLAN_HEAD
        + '\n[[milestones]]\nid = "m"\ntarget = "township-federation-coverage"\n'
        + "due = 2022-12-31\nparams = {threshold = 70}\n",
        [
            "plan.toml, milestone 'm', params.threshold: threshold is a share between 0 and 1 "
            "(70% is 0.7), not 70.0"
        ],
        [
            "plan.toml，里程碑“m”的“params.threshold”项："
            "threshold 是 0 到 1 之间的比例（70% 写作 0.7），不能是 70.0"
        ],
        id="a-percentage-for-a-share",
    ),
    pytest.param(
        PLAN_HEAD
        + '\n[[milestones]]\nid = "m"\ntarget = "urban-average"\ndue = 2022-12-31\n'
        + 'params = {threshold = 1, registration = "filed"}\n',
        [
            "plan.toml, milestone 'm', params.registration: expected a list, got str "
            '(write ["filed"])'
        ],
        ['plan.toml，里程碑“m”的“params.registration”项：应为列表，实际为文本（应写作 ["filed"]）'],
        id="a-text-for-a-list-of-statuses",
    ),
    pytest.param(
        PLAN_HEAD + MILESTONE + 'due = 2022-12-31\nscope = {districts = "D1"}\n',
        ["plan.toml, milestone 'm', scope.districts: expected a list, got str (write [\"D1\"])"],
        ['plan.toml，里程碑“m”的“scope.districts”项：应为列表，实际为文本（应写作 ["D1"]）'],
        id="a-text-for-a-list-of-districts",
    ),
    pytest.param(
        PLAN_HEAD + MILESTONE.replace("[[milestones]]", "[milestones]") + "due = 2022-12-31\n",
        ["plan.toml, milestones: expected a list of tables, got dict"],
        ["plan.toml，“milestones”项：应为表的列表，实际为表"],
        id="a-table-for-the-list-of-milestones",
    ),
    pytest.param(
        PLAN_HEAD
        + '\n[groups.other]\nname = "其他"\ncomplement_of = "centre"\n'
        + MILESTONE
        + "due = 2022-12-31\n",
        ["plan.toml, group 'other' (其他), complement_of: no district group 'centre' is defined"],
        ["plan.toml，区县组“其他”（other）的“complement_of”项：未定义的区县组“centre”"],
        id="a-group-the-complement-of-no-group",
    ),
    pytest.param(
        PLAN_HEAD
        + '\n[groups.central]\nname = "中心城区"\ndistrcts = ["D1"]\n'
        + MILESTONE
        + "due = 2022-12-31\n",
        ["plan.toml, group 'central': unknown field(s) distrcts (did you mean 'districts'?)"],
        ["plan.toml，区县组“central”：未知的字段 distrcts（是否应为“districts”？）"],
        id="a-misspelt-key-of-a-group",
    ),
    pytest.param(
        PLAN_HEAD + '\n[groups.central]\nnmae = "中心城区"\n' + MILESTONE + "due = 2022-12-31\n",
        ["plan.toml, group 'central': unknown field(s) nmae (did you mean 'name'?)"],
        ["plan.toml，区县组“central”：未知的字段 nmae（是否应为“name”？）"],
        id="a-misspelt-key-not-said-missing-as-well",
    ),
    pytest.param(
        PLAN_HEAD.replace("title =", "titl =")
        + '\n[[milestones]]\nidd = "m"\ntarget = "service-centres"\ndue = 2022-12-31\n',
        [
            "plan.toml: unknown field(s) titl (did you mean 'title'?)",
            "plan.toml, milestone 1: unknown field(s) idd (did you mean 'id'?)",
        ],
        [
            "plan.toml：未知的字段 titl（是否应为“title”？）",
            "plan.toml，第1个里程碑：未知的字段 idd（是否应为“id”？）",
        ],
        id="misspelt-keys-each-said-once",
    ),
]


def plan_of(text: str) -> scoplan.Plan:
    """The plan of a TOML text named ``plan.toml``."""
    return scoplan.parse_plan(text, "plan.toml")


@pytest.mark.parametrize(("text", "english", "chinese"), PLAN_CASES)
def test_a_bad_plan_gets_exactly_these_messages(
    text: str, english: list[str], chinese: list[str]
) -> None:
    """Parsing the plan, then evaluating it on a one-district dataset, raises one PlanError
    whose problems read exactly so."""
    registry = builtin_registry()
    targets = ", ".join(sorted(registry.targets))
    data = build_dataset(districts=[district("D1")])
    with pytest.raises(PlanError) as error:
        scoplan.evaluate(data, plan_of(text), dt.date(2023, 1, 1), registry=registry)
    problems = error.value.problems
    assert said(problems, "en") == [line.replace("{targets}", targets) for line in english]
    assert said(problems, "zh") == [line.replace("{targets}", targets) for line in chinese]


SEVERAL_MISTAKES = [
    pytest.param(
        PLAN_HEAD
        + '\n[[milestones]]\nid = "a"\ntarget = "urban-average"\ndue = 2023-12-31\n'
        + 'params = { threshold = "x" }\nscope = { districts = ["D9"] }\n'
        + '\n[[milestones]]\nid = "b"\ntarget = "urban-average"\ndue = 2022-12-31\n'
        + 'params = { threshold = 15 }\nscope = { districts = ["D1", "D8"] }\n',
        [
            "plan.toml, milestone 'a', params.threshold: expected a number, got str",
            "plan.toml, milestone 'a', scope.districts: the district 'D9' is not in the data",
            "plan.toml, milestone 'b', scope.districts: the district 'D8' is not in the data",
        ],
        [
            "plan.toml，里程碑“a”的“params.threshold”项：应为数字，实际为文本",
            "plan.toml，里程碑“a”的“scope.districts”项：区县“D9”不在数据中",
            "plan.toml，里程碑“b”的“scope.districts”项：区县“D8”不在数据中",
        ],
        id="a-parameter-and-the-scopes",
    ),
    pytest.param(
        PLAN_HEAD
        + '\n[groups.centre]\nname = "中心"\ndistricts = ["D7"]\n'
        + '\n[[milestones]]\nid = "a"\ntarget = "urban-average"\ndue = 2024-12-31\n'
        + 'params = { threshold = 15 }\nscope = { group = "center" }\n'
        + '\n[[milestones]]\nid = "a"\ntarget = "urban-average"\ndue = 2023-12-31\n'
        + 'params = { threshold = 15 }\nscope = { districts = ["D9"] }\n',
        [
            "plan.toml, group 'centre' (中心), districts: the district 'D7' is not in the data",
            "plan.toml, milestone 'a', due: the due date 2024-12-31 is outside the plan's "
            "years 2021-01-01 – 2023-12-31",
            "plan.toml, milestone 'a', scope.group: no district group 'center' is defined"
            " (did you mean 'centre'?)",
            "plan.toml, milestone 'a': the milestone id 'a' is used twice",
            "plan.toml, milestone 'a', scope.districts: the district 'D9' is not in the data",
        ],
        [
            "plan.toml，区县组“中心”（centre）的“districts”项：区县“D7”不在数据中",
            "plan.toml，里程碑“a”的“due”项："
            "期限 2024-12-31 不在计划年度 2021-01-01 – 2023-12-31 之内",
            "plan.toml，里程碑“a”的“scope.group”项：未定义的区县组“center”（是否应为“centre”？）",
            "plan.toml，里程碑“a”：里程碑编号“a”重复",
            "plan.toml，里程碑“a”的“scope.districts”项：区县“D9”不在数据中",
        ],
        id="a-group-a-date-an-id-and-a-scope",
    ),
    pytest.param(
        PLAN_HEAD
        + '\n[area]\nnme = "某市"\n'
        + '\n[[milestones]]\ntitle = "没有编号"\ntarget = "urban-average"\ndue = 2023-12-31\n'
        + "params = { threshold = 15 }\n"
        + '\n[[milestones]]\nid = "b"\ntarget = "urban-average"\ndue = 2020-12-31\n'
        + 'params = { threshold = 15 }\nscope = { districts = ["D9"] }\n',
        [
            "plan.toml, area: unknown field(s) nme (did you mean 'name'?)",
            "plan.toml, milestone 1 (没有编号), id: required field missing",
            "plan.toml, milestone 'b', due: the due date 2020-12-31 is outside the plan's "
            "years 2021-01-01 – 2023-12-31",
            "plan.toml, milestone 'b', scope.districts: the district 'D9' is not in the data",
        ],
        [
            "plan.toml，“area”项：未知的字段 nme（是否应为“name”？）",
            "plan.toml，第1个里程碑（没有编号）的“id”项：缺少必填字段",
            "plan.toml，里程碑“b”的“due”项："
            "期限 2020-12-31 不在计划年度 2021-01-01 – 2023-12-31 之内",
            "plan.toml，里程碑“b”的“scope.districts”项：区县“D9”不在数据中",
        ],
        id="a-plan-that-does-not-structure",
    ),
    pytest.param(
        PLAN_HEAD
        + '\n[area]\nname = "某市"\ncity = "别市"\n'
        + '\n[[milestones]]\nid = "a"\ntarget = "urban-averag"\ndue = 2023-12-31\n'
        + 'params = { treshold = 15, colour = 2 }\nscope = { districts = ["D9"] }\n',
        [
            "plan.toml, area.city: no district of the data is of the city '别市'"
            ' (the data\'s districts are of: 某市; write city = "某市")',
            "plan.toml, milestone 'a', target: unknown target kind 'urban-averag' "
            "(did you mean 'urban-average'?) (installed: {targets})",
            "plan.toml, milestone 'a', scope.districts: the district 'D9' is not in the data",
        ],
        [
            "plan.toml，“area.city”项：数据中没有所属的市是“别市”的区县"
            '（数据中区县所属的市：某市；应写作 city = "某市"）',
            "plan.toml，里程碑“a”的“target”项：未知的目标类型“urban-averag”"
            "（是否应为“urban-average”？）（已安装：{targets}）",
            "plan.toml，里程碑“a”的“scope.districts”项：区县“D9”不在数据中",
        ],
        id="an-unknown-kind-has-no-parameter-said-wrong",
    ),
    pytest.param(
        PLAN_HEAD
        + '\n[[milestones]]\nid = "a"\ntarget = "urban-average"\ndue = 2023-12-31\n'
        + "params = { threshold = -1 }\n"
        + '\n[[milestones]]\nid = "b"\ntarget = "urban-average"\ndue = 2025-12-31\n'
        + "params = { threshold = 15 }\n",
        [
            "plan.toml, milestone 'a', params.threshold: threshold cannot be negative, not -1.0",
            "plan.toml, milestone 'b', due: the due date 2025-12-31 is outside the plan's "
            "years 2021-01-01 – 2023-12-31",
        ],
        [
            "plan.toml，里程碑“a”的“params.threshold”项：threshold 不能为负数，不能是 -1.0",
            "plan.toml，里程碑“b”的“due”项："
            "期限 2025-12-31 不在计划年度 2021-01-01 – 2023-12-31 之内",
        ],
        id="in-the-order-of-the-file",
    ),
    pytest.param(
        PLAN_HEAD
        + '\n[groups."central.zones"]\nname = "中心"\ndistricts = ["D9"]\n'
        + '\n[groups."c\'d"]\nname = "其他"\ncomplement_of = "centre"\n'
        + MILESTONE
        + "due = 2022-12-31\n",
        [
            "plan.toml, group 'central.zones' (中心), districts: the district 'D9' is not in "
            "the data",
            "plan.toml, group \"c'd\" (其他), complement_of: no district group 'centre' is defined"
            " (did you mean 'central.zones'?)",
        ],
        [
            "plan.toml，区县组“中心”（central.zones）的“districts”项：区县“D9”不在数据中",
            "plan.toml，区县组“其他”（c'd）的“complement_of”项：未定义的区县组“centre”"
            "（是否应为“central.zones”？）",
        ],
        id="groups-named-with-a-dot-and-a-quote",
    ),
]
"""Plans with several mistakes, some found only against the data, and what one run says of
them: each once, in the order of the file (issue 13)."""


@pytest.mark.parametrize(("text", "english", "chinese"), SEVERAL_MISTAKES)
def test_a_plan_with_several_mistakes_has_them_all_said_in_one_run(
    valid_folder: Path, text: str, english: list[str], chinese: list[str]
) -> None:
    """Read with the data, the plan's mistakes are every one of these, the districts its
    scopes, groups and area name included: a mistake in a milestone's parameters, dates or
    id no longer hides one that needs the data, until a second run."""
    registry = builtin_registry()
    targets = ", ".join(sorted(registry.targets))
    data = scoplan.load(valid_folder)
    with pytest.raises(PlanError) as error:
        scoplan.parse_plan(text, "plan.toml", registry=registry, data=data)
    problems = error.value.problems
    assert said(problems, "en") == [line.replace("{targets}", targets) for line in english]
    assert said(problems, "zh") == [line.replace("{targets}", targets) for line in chinese]


@pytest.mark.parametrize(("text", "english", "chinese"), SEVERAL_MISTAKES)
def test_the_command_says_every_mistake_of_a_plan_in_one_run(
    valid_folder: Path, tmp_path: Path, text: str, english: list[str], chinese: list[str]
) -> None:
    """``scoplan evaluate DATA --plan plan.toml`` says the same lines, each as an error, in
    English and in Chinese, and evaluates nothing."""
    targets = ", ".join(sorted(builtin_registry().targets))
    plan = tmp_path / "plan.toml"
    plan.write_text(text, encoding="utf-8")
    output = tmp_path / "out" / "report.txt"
    output.parent.mkdir()
    unchecked = {  # only the districts were read, for the plan: the user is told
        "en": f"warning: {valid_folder}: only its districts were read, to check the plan: "
        "the rest of the data is checked once the plan is right\n",
        "zh": f"警告：{valid_folder}：为检查计划只读取了区县表，其余数据尚未检查："
        "计划改正后再运行，将检查全部数据\n",
    }
    for lang, lines, head in (("en", english, "error: "), ("zh", chinese, "错误：")):
        args = ["evaluate", str(valid_folder), "--plan", str(plan), "--lang", lang]
        result = run(*args, "-o", str(output))
        expected = "".join(f"{head}{line.replace('{targets}', targets)}\n" for line in lines)
        assert_refused(result, expected + unchecked[lang], output)


def test_a_plan_with_mistakes_and_data_that_cannot_be_read_has_both_said(
    tmp_path: Path,
) -> None:
    """The plan's mistakes first, then why the data it was to be checked against cannot be
    read: a run tells both, where it used to stop at the plan's."""
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN_HEAD + MILESTONE + "due = 2025-12-31\n", encoding="utf-8")
    output = tmp_path / "out" / "report.txt"
    output.parent.mkdir()
    nowhere = tmp_path / "nowhere"
    result = run("evaluate", str(nowhere), "--plan", str(plan), "--lang", "en", "-o", str(output))
    expected = (
        "error: plan.toml, milestone 'm', due: the due date 2025-12-31 is outside the plan's "
        "years 2021-01-01 – 2023-12-31\n"
        f"error: {nowhere}: no such file or folder\n"
    )
    assert_refused(result, expected, output)


BAD_ORGANIZATION = {"organizations.csv": ORGANIZATIONS + "O1,C1,组织,2021-13-01\n"}
"""The small valid dataset's organizations replaced by one founded on no day."""


MISTAKES_EN = (
    "error: plan.toml, milestone 'm', due: the due date 2025-12-31 is outside the plan's "
    "years 2021-01-01 – 2023-12-31\n"
    "error: plan.toml, milestone 'm', scope.districts: the district 'D9' is not in the data\n"
)
"""What :func:`_mistaken_plan`'s plan is told, in English."""


def _mistaken_plan(tmp_path: Path) -> tuple[Path, Path]:
    """The 2023 plan with two mistakes (a milestone due after its end, a scope naming D9, a
    district no data has) written in ``tmp_path``, and where a report of it would go."""
    plan = tmp_path / "plan.toml"
    plan.write_text(
        PLAN_HEAD + MILESTONE + 'due = 2025-12-31\nscope = {districts = ["D9"]}\n',
        encoding="utf-8",
    )
    output = tmp_path / "out" / "report.txt"
    output.parent.mkdir()
    return plan, output


def _unchecked(data: Path) -> str:
    """The warning that only the districts of ``data`` were read to check a plan."""
    return (
        f"warning: {data}: only its districts were read, to check the plan: the rest of the "
        "data is checked once the plan is right\n"
    )


def test_a_plan_with_mistakes_is_told_from_the_districts_alone(write_tables, tmp_path: Path):
    """A plan with a mistake of its own and a district the data lacks, on a folder of CSV
    files: both are said from the districts file, read alone, and the organizations are not
    read (a country's take seconds; their problems are for the run with the plan right).
    Where the districts themselves have a problem, the data is read whole, as before, and
    its problems follow the plan's (the districts it names are not looked for then)."""
    plan, output = _mistaken_plan(tmp_path)
    data = folder_with(write_tables, BAD_ORGANIZATION)
    result = run("evaluate", str(data), "--plan", str(plan), "--lang", "en", "-o", str(output))
    assert_refused(result, MISTAKES_EN + _unchecked(data), output)
    twice = VALID_TABLES["districts.csv"] + "D1,丙区,district,某市\n"
    data = folder_with(write_tables, {**BAD_ORGANIZATION, "districts.csv": twice})
    result = run("evaluate", str(data), "--plan", str(plan), "--lang", "en", "-o", str(output))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:3] == [
        "error: plan.toml, milestone 'm', due: the due date 2025-12-31 is outside the plan's "
        "years 2021-01-01 – 2023-12-31",
        "error: districts.csv, row 4, column id: the id 'D1' is used twice (first at row 2)",
        "error: organizations.csv, row 2, column founded: there is no such day as '2021-13-01'",
    ]


# -- workbooks ---------------------------------------------------------------------------


def workbook(path: Path, tables: Mapping[str, str]) -> Path:
    """The CSV texts of ``{file name: text}`` written as one workbook, a sheet per table."""
    import csv
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, text in tables.items():
        sheet = book.create_sheet(Path(name).stem)
        for row in csv.reader(io.StringIO(text)):
            sheet.append([cell or None for cell in row])
    book.save(path)
    return path


def test_a_plan_with_mistakes_is_told_from_a_workbooks_districts_alone(tmp_path: Path):
    """As on a folder of CSV files: on a workbook, the plan's mistakes are said from the
    districts sheet read alone, and the organizations sheet, whose founding date is on no
    day, is not read (a province's takes seconds; it is said once the plan is right)."""
    plan, output = _mistaken_plan(tmp_path)
    book = workbook(tmp_path / "data.xlsx", {**VALID_TABLES, **BAD_ORGANIZATION})
    result = run("evaluate", str(book), "--plan", str(plan), "--lang", "en", "-o", str(output))
    assert_refused(result, MISTAKES_EN + _unchecked(book), output)


def json_document(path: Path, tables: Mapping[str, str]) -> Path:
    """The CSV texts of ``{file name: text}`` written as one JSON document, a key per table
    and a row object per row (an empty cell left out, as a program writing JSON would)."""
    import csv
    import io
    import json

    document = {
        Path(name).stem: [
            {key: cell for key, cell in row.items() if cell}
            for row in csv.DictReader(io.StringIO(text))
        ]
        for name, text in tables.items()
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_plan_with_mistakes_is_told_from_a_json_documents_districts_alone(tmp_path: Path):
    """As on a folder of CSV files and a workbook: on a JSON document, the plan's mistakes
    are said from its districts alone, and the organizations, one founded on no day, are
    not checked (it is said once the plan is right). Broken JSON is still said with them."""
    plan, output = _mistaken_plan(tmp_path)
    data = json_document(tmp_path / "data.json", {**VALID_TABLES, **BAD_ORGANIZATION})
    result = run("evaluate", str(data), "--plan", str(plan), "--lang", "en", "-o", str(output))
    assert_refused(result, MISTAKES_EN + _unchecked(data), output)
    data.write_text(data.read_text(encoding="utf-8")[:-1], encoding="utf-8")  # its last }
    result = run("evaluate", str(data), "--plan", str(plan), "--lang", "en", "-o", str(output))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == MISTAKES_EN.splitlines()[0]
    assert lines[-1].startswith("error: data.json: ")
    assert "not valid JSON" in lines[-1]


def test_a_workbook_without_a_required_sheet(tmp_path: Path) -> None:
    """A workbook without its communities sheet says so, once."""
    tables = {k: v for k, v in VALID_TABLES.items() if k != "communities.csv"}
    path = workbook(tmp_path / "data.xlsx", tables)
    problems = problems_loading(path)
    assert said(problems, "en") == [f"{path}: the table communities is missing"]
    assert said(problems, "zh") == [f"{path}：缺少数据表“社区”"]


def test_a_formula_saved_without_its_value(tmp_path: Path) -> None:
    """A formula written by a program other than Excel has no value to count: it says so."""
    tables = dict(VALID_TABLES)
    tables["events.csv"] = EVENTS + "V1,training,city,培训,=DATE(2022;7;27)\n"
    problems = problems_loading(workbook(tmp_path / "data.xlsx", tables))
    assert said(problems, "en") == [
        "data.xlsx: events, row 2, column date: formula without a saved value (not saved by "
        "Excel?): open and save the file in Excel"
    ]
    assert said(problems, "zh") == [
        "data.xlsx中的“events”，第2行，“date”列：公式没有保存计算结果（不是 Excel 保存的文件?）："
        "请用 Excel 打开并保存后再读取"
    ]


def test_a_corrupt_workbook(tmp_path: Path) -> None:
    """Random bytes named .xlsx cannot be read, and the message says it is no workbook."""
    path = tmp_path / "broken.xlsx"
    path.write_bytes(random.Random(6).randbytes(4096))
    problems = problems_loading(path)
    reason = "not an Excel workbook (.xlsx): File is not a zip file"
    assert said(problems, "en") == [f"broken.xlsx: cannot be read: {reason}"]
    assert said(problems, "zh") == [
        "broken.xlsx：无法读取：不是 Excel 工作簿（.xlsx），文件可能已损坏"
    ]


def test_an_oversized_workbook_is_not_unpacked(tmp_path: Path) -> None:
    """A workbook past the unpacked-size limit (a zip bomb's claim) is refused, unread."""
    import zipfile

    from scoplan.limits import Limits, amount

    path = workbook(tmp_path / "big.xlsx", VALID_TABLES)
    with zipfile.ZipFile(path) as archive:
        size = amount("workbook_bytes", sum(i.file_size for i in archive.infolist()))
    with pytest.raises(DataError) as error:
        scoplan.load(path, limits=Limits(workbook_bytes=1000))
    problems = error.value.problems
    assert said(problems, "en") == [
        f"big.xlsx: it unpacks to {size} in all, over the limit of 1000 B (a damaged or "
        "malicious file?): not read (if that is right, raise the limit: --limit "
        "workbook_bytes=N, or Limits(workbook_bytes=N) in Python)"
    ]
    assert said(problems, "zh") == [
        f"big.xlsx：解压后共有 {size}，超过上限 1000 B（文件可能已损坏或被恶意构造），未读取"
        "（如确属正常，可提高上限：--limit workbook_bytes=N，Python 中 Limits(workbook_bytes=N)）"
    ]


def test_a_workbook_reads_full_width_ids_and_text_dates_as_csv_does(tmp_path: Path) -> None:
    """A workbook goes through the same checker: Ｄ１ is D1, 2021/9/14 a date."""
    tables = dict(VALID_TABLES)
    tables["townships.csv"] = "id,district_id,name,kind\nT1,Ｄ１,一街道,street\nT2,D2,二镇,town\n"
    tables["events.csv"] = EVENTS + "V1,training,city,培训,2021/9/14\n"
    data = scoplan.load(workbook(tmp_path / "data.xlsx", tables))
    assert data.get("townships", "T1").district_id == "D1"
    assert data.get("events", "V1").date == dt.date(2021, 9, 14)


# -- through the command ---------------------------------------------------------------------


def run(*args: str):
    """The command, in-process."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def assert_refused(result, stderr: str, output: Path) -> None:
    """Exit 2, exactly ``stderr``, no traceback, nothing on stdout, no report nor temporary
    file in the output's folder."""
    assert result.exit_code == 2
    assert result.stderr == stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    assert not output.exists()
    assert list(output.parent.iterdir()) == []


@pytest.mark.parametrize(
    ("changes", "stderr"),
    [
        (
            {"events.csv": EVENTS + "V1,training,city,培训,2022-07-27,x\n"},
            "错误：events.csv，第2行："
            "此行有 6 个单元格，表头只有 5 列（多出“x”；名称中的逗号须加引号）\n",
        ),
        (
            {"events.csv": VALID_TABLES["events.csv"].encode("utf-16")},
            "错误：events.csv：文件是 UTF-16 编码（Excel 的“Unicode 文本”）：请另存为“CSV UTF-8”\n",
        ),
    ],
    ids=["too-many-cells", "utf16"],
)
def test_the_command_on_bad_data(write_tables, tmp_path: Path, changes: Files, stderr: str) -> None:
    """Bad data: exit 2, the Chinese message on stderr, no traceback, no report written."""
    output = tmp_path / "out" / "report.json"
    output.parent.mkdir()
    folder = folder_with(write_tables, changes)
    result = run("evaluate", str(folder), "--format", "json", "--output", str(output))
    assert_refused(result, stderr, output)


def test_the_command_on_a_bad_json_document_in_english(tmp_path: Path) -> None:
    """A JSON document of the wrong shape: exit 2 and the English message."""
    path = tmp_path / "data.json"
    path.write_text('{"districts": "D1"}', encoding="utf-8")
    output = tmp_path / "out" / "report.json"
    output.parent.mkdir()
    result = run("evaluate", str(path), "--lang", "en", "-o", str(output))
    expected = "error: data.json: wrong shape: $.districts should be a list of rows, got a string\n"
    assert_refused(result, expected, output)


def test_the_command_on_a_plan_naming_an_unknown_target_kind(
    valid_folder: Path, tmp_path: Path
) -> None:
    """A plan file with a misspelt target kind: exit 2, the plan file and field named."""
    plan = tmp_path / "plan.toml"
    plan.write_text(
        PLAN_HEAD + '\n[[milestones]]\nid = "m"\ntarget = "urban-averag"\ndue = 2022-12-31\n',
        encoding="utf-8",
    )
    output = tmp_path / "out" / "report.txt"
    output.parent.mkdir()
    result = run(
        "evaluate", str(valid_folder), "--plan", str(plan), "--lang", "en", "-o", str(output)
    )
    assert result.stderr.startswith(
        "error: plan.toml, milestone 'm', target: unknown target kind 'urban-averag' "
        "(did you mean 'urban-average'?) (installed: "
    )
    assert_refused(result, result.stderr, output)


def test_the_command_on_a_corrupt_workbook(tmp_path: Path) -> None:
    """A damaged workbook: exit 2, one line naming it."""
    path = tmp_path / "broken.xlsx"
    path.write_bytes(random.Random(6).randbytes(4096))
    output = tmp_path / "out" / "report.json"
    output.parent.mkdir()
    result = run("evaluate", str(path), "--lang", "en", "--format", "json", "-o", str(output))
    expected = (
        "error: broken.xlsx: cannot be read: not an Excel workbook (.xlsx): File is not a zip "
        "file\n"
    )
    assert_refused(result, expected, output)


# -- every message exists in both languages ------------------------------------------------

CODE = re.compile(r'Problem\(\s*"([a-z0-9_]+)"')


def test_every_problem_code_has_a_message_in_both_languages() -> None:
    """Each ``Problem("code", …)`` in the source has ``problem.code`` in zh and in en."""
    codes = {
        code
        for path in SRC.rglob("*.py")
        for code in CODE.findall(path.read_text(encoding="utf-8"))
    }
    # made by renaming a problem
    codes |= {"unknown_ref_case", "unknown_unit", "no_such_date", "serial_date"}
    codes |= {"serial_date_number"}
    codes |= {"unknown_ref_near", "unknown_ref_nears"}
    assert len(codes) > 40
    for lang in ("zh", "en"):
        missing = sorted(c for c in codes if f"problem.{c}" not in CATALOGUES[lang])
        assert missing == [], lang


# -- options of the wrong kind given to the API: a typed error, never a raw one -----------


@pytest.mark.parametrize(
    ("given", "said"),
    [("5", "'5'"), (True, "True"), ([5], "[5]"), (0, "0"), (-1.5, "-1.5")],
)
def test_a_target_timeout_that_is_no_seconds_is_a_plan_error(tmp_path: Path, given, said) -> None:
    """A trial: ``target_timeout="5"`` was a TypeError ('>' not supported…). A text, a
    yes/no, a list, as 0 or below: a PlanError in both languages, as a bad ``projection``."""
    data = scoplan.load(bureau.write(tmp_path / "台账"))
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(bureau.AREA_PLAN, encoding="utf-8")
    plan = scoplan.load_plan(plan_file)
    with pytest.raises(PlanError) as caught:
        scoplan.evaluate(data, plan, dt.date(2023, 12, 31), target_timeout=given)
    [problem] = caught.value.problems
    assert (problem.code, problem.source, problem.value) == ("bad_timeout", "evaluate", said)
    assert describe_problem(problem, "en") == (
        f"evaluate: the time limit of a target, {said}, must be seconds above 0"
    )
    assert describe_problem(problem, "zh") == f"evaluate：目标的时限 {said} 应为大于 0 的秒数"


def test_an_empty_source_is_an_error_not_the_current_folder(tmp_path: Path, monkeypatch) -> None:
    """A trial: ``load("")`` read the folder it was run in (here the bureau's register).
    An empty source names nothing: an error, for ``load`` and ``check`` alike."""
    monkeypatch.chdir(bureau.write(tmp_path / "台账"))
    with pytest.raises(DataError) as caught:
        scoplan.load("")
    [problem] = caught.value.problems
    assert (problem.code, problem.source) == ("empty_source", "load")
    assert describe_problem(problem, "en") == (
        "load: no data named: the source is empty (give a file, a folder or a database URL)"
    )
    assert (
        describe_problem(problem, "zh") == "load：没有给出数据来源（应为文件、文件夹或数据库地址）"
    )
    checkup = scoplan.check("")
    assert [(p.code, p.source) for p in checkup.problems] == [("empty_source", "load")]
    assert checkup.exit_code() == 2
