"""What bureau staff write in a register that names a code, a date or an id plainly, and
what they write that does not: a trial's findings, on a register written as a bureau
writes it (``tests/bureau.py``: GB18030, Chinese headers and codes).

Everyday words for a code (登记状态 ``已登记``, 类型 ``村委``, 规模 ``较大``) are read as the
code, and so are dates spaced out (``2022 年 4 月 25 日``) or in full-width digits, in every
form: the fast CSV path, the careful one, a workbook, a JSON document, an SQLite database.
A word that could mean two codes (``社区``: a rural community is a 社区 too), a month with no
day (``2022年4月``) get their own message; a code Excel saved as ``341002001001.0`` is read
as the code, with one warning for its column. Expected codes, days and messages are worked
out here from the cells each test writes.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import bureau
import pytest
from builders import PLAN_HEAD, builtin_registry, milestone_toml

import scoplan
from scoplan.i18n import describe_problem
from scoplan.loaders import csv_folder
from scoplan.loaders._tables import canonical_table
from scoplan.loaders.csv_folder import read_typed_csv
from scoplan.testing import build_dataset


def _json(path: Path, tables: dict[str, bureau.Rows]) -> str:
    """The tables as a JSON document: Chinese keys, each cell a string, an empty one null."""
    document = {
        name: [
            {header: (cell or None) for header, cell in zip(rows[0], row, strict=True)}
            for row in rows[1:]
        ]
        for name, rows in tables.items()
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _sqlite(path: Path, tables: dict[str, bureau.Rows]) -> str:
    """The tables as an SQLite database: Chinese table and column names, TEXT cells."""
    with sqlite3.connect(path) as database:
        for name, rows in tables.items():
            columns = ", ".join(f'"{header}" TEXT' for header in rows[0])
            database.execute(f'CREATE TABLE "{name}" ({columns})')
            marks = ", ".join("?" for _ in rows[0])
            database.executemany(
                f'INSERT INTO "{name}" VALUES ({marks})',
                [[cell or None for cell in row] for row in rows[1:]],
            )
    database.close()
    return f"sqlite:///{path}"


def _fast(tmp_path: Path, tables: dict[str, bureau.Rows]) -> scoplan.Dataset:
    folder = bureau.write(tmp_path / "台账", tables)
    return scoplan.load(folder)


def _careful(tmp_path: Path, tables: dict[str, bureau.Rows]) -> scoplan.Dataset:
    folder = bureau.write(tmp_path / "台账", tables)
    with mock.patch.object(csv_folder, "read_typed_csv", return_value=None):
        return scoplan.load(folder)


FORMS: dict[str, Callable[[Path, dict[str, bureau.Rows]], scoplan.Dataset]] = {
    "fast": _fast,
    "careful": _careful,
    "workbook": lambda tmp, tables: scoplan.load(bureau.write_workbook(tmp / "台账.xlsx", tables)),
    "json": lambda tmp, tables: scoplan.load(_json(tmp / "台账.json", tables)),
    "sqlite": lambda tmp, tables: scoplan.load(_sqlite(tmp / "台账.db", tables)),
}


def _set(rows: bureau.Rows, id: str, header: str, value: str) -> None:
    """The cell of the row whose first cell is ``id``, under ``header``, set to ``value``."""
    (row,) = [row for row in rows[1:] if row[0] == id]
    row[bureau.column(rows, header)] = value


def _everyday() -> dict[str, bureau.Rows]:
    """The register with every coded cell written in a bureau's everyday words."""
    tables = bureau.register()
    tables["区县"].append(["HSGX", "黄山高新区", "高新区", "黄山市"])
    _set(tables["乡镇街道"], "341002001", "类型", "街道办")
    _set(tables["乡镇街道"], "341021100", "类型", "建制镇")
    communities = tables["社区"]
    _set(communities, "341002001001", "类型", "居委")
    _set(communities, "341002001002", "类型", "社区居民委员会")
    _set(communities, "341021100001", "类型", "居")
    _set(communities, "341021100201", "类型", "村委")
    communities.append(["341021100202", "341021100", "问政二村村委会", "村"])
    organizations = tables["社区社会组织"]
    for id, registration, size, manager, founded in (
        ("HS001", "已备案", "较大", "街道办", "2022 年 4 月 25 日"),
        ("HS002", "已登记", "较小", "民政局", "２０２１年３月１日"),
        ("HS003", "未登记未备案", "小型", "村（居）委会", "2021年 5月 6日 08:30"),
        ("HS004", "依法登记", "大型", "乡镇（街道）", "2020年10月1日"),
        ("HS005", "备案", "规模较小", "居委会", "2022-08-08"),
    ):
        _set(organizations, id, "登记状态", registration)
        _set(organizations, id, "规模", size)
        _set(organizations, id, "管理主体", manager)
        _set(organizations, id, "成立日期", founded)
    tables["联合会"] = [
        ["编号", "层级", "所属单位", "名称", "成立日期"],
        ["LH1", "街道", "341002001", "昱东街道社区社会组织联合会", "2022-01-01"],
        ["LH2", "村居", "341021100201", "问政村社区社会组织联合会", "2022-03-01"],
        ["LH3", "乡镇（街道）", "341021100", "徽城镇社区社会组织联合会", "2022-05-01"],
    ]
    return tables


EVERYDAY = {
    ("districts", "kind"): {"341002": "district", "341021": "county", "HSGX": "zone"},
    ("townships", "kind"): {"341002001": "street", "341021100": "town"},
    ("communities", "kind"): {
        "341002001001": "urban",
        "341002001002": "urban",
        "341021100001": "urban",
        "341021100201": "rural",
        "341021100202": "rural",
    },
    ("organizations", "registration"): {
        "HS001": "filed",
        "HS002": "registered",
        "HS003": "none",
        "HS004": "registered",
        "HS005": "filed",
    },
    ("organizations", "size"): {
        "HS001": "large",
        "HS002": "small",
        "HS003": "small",
        "HS004": "large",
        "HS005": "small",
    },
    ("organizations", "managed_by"): {
        "HS001": "township",
        "HS002": "civil_affairs",
        "HS003": "community",
        "HS004": "township",
        "HS005": "community",
    },
    ("organizations", "founded"): {
        "HS001": dt.date(2022, 4, 25),
        "HS002": dt.date(2021, 3, 1),
        "HS003": dt.date(2021, 5, 6),
        "HS004": dt.date(2020, 10, 1),
        "HS005": dt.date(2022, 8, 8),
    },
    ("federations", "level"): {"LH1": "township", "LH2": "community", "LH3": "township"},
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_bureaus_everyday_words_are_read_as_their_codes(tmp_path, form):
    """已登记 is 登记, 已备案 备案, 较大 规模较大, 街道办 街道, 村委 and 村 农村社区, 居委 and
    居 城市社区, 民政局 民政部门, 村（居）委会 社区, 街道 (a federation's level) 乡镇街道; a
    date spaced out or in full-width digits is its day: in every form alike."""
    data = FORMS[form](tmp_path, _everyday())
    for (table, column), expected in EVERYDAY.items():
        frame = data.frame(table).select("id", column)
        assert dict(frame.iter_rows()) == expected, (form, table, column)


def test_everyday_words_take_the_fast_path(tmp_path):
    """The files of everyday words are read fast (their words mapped a distinct cell at a
    time), not sent the careful way."""
    folder = bureau.write(tmp_path / "台账", _everyday())
    for path in sorted(folder.iterdir()):
        assert read_typed_csv(path, canonical_table(path.stem) or "") is not None, path.name


def _unclear() -> dict[str, bureau.Rows]:
    tables = bureau.register()
    _set(tables["区县"], "341002", "类型", "区县")  # row 2
    _set(tables["乡镇街道"], "341021100", "类型", "乡镇")  # row 3
    _set(tables["社区"], "341002001001", "类型", "社区")  # row 2
    _set(tables["社区社会组织"], "HS003", "登记状态", "未备案")  # row 4
    return tables


UNCLEAR_ZH = [
    "乡镇街道.csv，第3行，“类型”列：“乡镇”可能是镇或乡，不能确定是哪一种："
    "请写 街道、镇、乡、开发区、风景区、其他 之一",
    "区县.csv，第2行，“类型”列：“区县”可能是区或县，不能确定是哪一种：请写 区、县、开发区 之一",
    "社区.csv，第2行，“类型”列：“社区”可能是城市社区或农村社区，不能确定是哪一种："
    "请写 城市社区、农村社区 之一",
    "社区社会组织.csv，第4行，“登记状态”列：“未备案”可能是登记或未登记，不能确定是哪一种："
    "请写 登记、备案、未登记 之一",
]
UNCLEAR_EN = [
    "乡镇街道.csv, row 3, column 类型: '乡镇' may be town or township: which is it? "
    "Write one of street, town, township, zone, scenic, other",
    "区县.csv, row 2, column 类型: '区县' may be district or county: which is it? "
    "Write one of district, county, zone",
    "社区.csv, row 2, column 类型: '社区' may be urban or rural: which is it? "
    "Write one of urban, rural",
    "社区社会组织.csv, row 4, column 登记状态: '未备案' may be registered or none: which is it? "
    "Write one of registered, filed, none",
]


@pytest.mark.parametrize("form", ["fast", "careful"])
def test_a_word_that_could_mean_two_codes_is_refused_saying_which(tmp_path, form):
    """乡镇 (a town or a township), 区县, 社区 (a rural community is a 社区 too) and 未备案 (a
    registered organization is not filed either) are read as no code: each is an error that
    says which codes it could be and which to write, in the file and row order."""
    with pytest.raises(scoplan.DataError) as raised:
        FORMS[form](tmp_path, _unclear())
    problems = raised.value.problems
    assert [describe_problem(p, "zh") for p in problems] == UNCLEAR_ZH
    assert [describe_problem(p, "en") for p in problems] == UNCLEAR_EN


def test_a_word_that_could_mean_two_codes_is_refused_in_a_workbook_too(tmp_path):
    """The same words in a workbook: the same errors, each named by its sheet."""
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write_workbook(tmp_path / "台账.xlsx", _unclear()))
    said = [describe_problem(p, "zh") for p in raised.value.problems]
    assert said == [
        "台账.xlsx中的“{}”，{}".format(*text.split(".csv，", 1))
        for text in sorted(UNCLEAR_ZH, key=lambda t: t.split("，")[0].removesuffix(".csv"))
    ]


def _months() -> dict[str, bureau.Rows]:
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    _set(organizations, "HS001", "品牌认定日期", "2023 年 6 月")  # row 2
    _set(organizations, "HS002", "成立日期", "2022年4月")  # row 3
    _set(organizations, "HS003", "成立日期", "2022-04")  # row 4
    _set(organizations, "HS004", "成立日期", "2022.4")  # row 5
    return tables


@pytest.mark.parametrize("form", ["fast", "careful", "workbook"])
def test_a_month_with_no_day_is_refused_saying_to_write_the_day(tmp_path, form):
    """No day is guessed for 2022年4月: the message says the day is missing and shows a
    whole date in the form the cell is written in."""
    with pytest.raises(scoplan.DataError) as raised:
        FORMS[form](tmp_path, _months())
    problems = raised.value.problems
    where = "台账.xlsx中的“社区社会组织”" if form == "workbook" else "社区社会组织.csv"
    assert [describe_problem(p, "zh") for p in problems] == [
        f"{where}，第2行，“品牌认定日期”列：“2023 年 6 月”缺少日，"
        "请写成 2023年6月1日 这样的完整日期",
        f"{where}，第3行，“成立日期”列：“2022年4月”缺少日，请写成 2022年4月1日 这样的完整日期",
        f"{where}，第4行，“成立日期”列：“2022-04”缺少日，请写成 2022-04-01 这样的完整日期",
        f"{where}，第5行，“成立日期”列：“2022.4”缺少日，请写成 2022.4.1 这样的完整日期",
    ]
    where = "台账.xlsx: 社区社会组织" if form == "workbook" else "社区社会组织.csv"
    assert describe_problem(problems[1], "en") == (
        f"{where}, row 3, column 成立日期: '2022年4月' has no day: "
        "write the whole date, such as 2022年4月1日"
    )


@pytest.mark.parametrize("form", ["fast", "careful", "workbook"])
def test_a_year_alone_is_refused_saying_to_write_the_whole_date(tmp_path, form):
    """A founding known only by its year (2022年, 2022): the message says the month and day
    are missing and shows a whole date in the cell's form; it was the generic “不是日期”."""
    tables = bureau.register()
    _set(tables["社区社会组织"], "HS002", "成立日期", "2022年")  # row 3
    _set(tables["社区社会组织"], "HS003", "成立日期", "2021")  # row 4
    with pytest.raises(scoplan.DataError) as raised:
        FORMS[form](tmp_path, tables)
    problems = raised.value.problems
    where = "台账.xlsx中的“社区社会组织”" if form == "workbook" else "社区社会组织.csv"
    assert [describe_problem(p, "zh") for p in problems] == [
        f"{where}，第3行，“成立日期”列：“2022年”只有年份，缺少月和日，"
        "请写成 2022年1月1日 这样的完整日期",
        f"{where}，第4行，“成立日期”列：“2021”只有年份，缺少月和日，"
        "请写成 2021-01-01 这样的完整日期",
    ]
    where = "台账.xlsx: 社区社会组织" if form == "workbook" else "社区社会组织.csv"
    assert describe_problem(problems[0], "en") == (
        f"{where}, row 3, column 成立日期: '2022年' is a year alone, with no month or day: "
        "write the whole date, such as 2022年1月1日"
    )


def _floats() -> dict[str, bureau.Rows]:
    """Community codes saved by Excel as numbers: two of 社区's ids (rows 2 and 3), and the
    所属社区 of HS001 (row 2) and HS003 (row 4)."""
    tables = bureau.register()
    _set(tables["社区"], "341002001001", "编号", "341002001001.0")
    _set(tables["社区"], "341002001002", "编号", "341002001002.0")
    _set(tables["社区社会组织"], "HS001", "所属社区", "341002001001.0")
    _set(tables["社区社会组织"], "HS003", "所属社区", "341002001002.0")
    return tables


@pytest.mark.parametrize("form", sorted(FORMS))
def test_codes_saved_as_numbers_with_a_point_zero_are_read_with_a_warning_a_column(tmp_path, form):
    """``341002001001.0`` loses nothing: it is the code 341002001001, in the ids and in the
    references to them; one warning for each column, counting its cells (2 and 2), at the
    first (row 2 of each), saying to format the column as text."""
    data = FORMS[form](tmp_path, _floats())
    communities = data.frame("communities").get_column("id").to_list()
    assert communities == ["341002001001", "341002001002", "341021100001", "341021100201"]
    organizations = dict(data.frame("organizations").select("id", "community_id").iter_rows())
    assert organizations["HS001"] == "341002001001"
    assert organizations["HS003"] == "341002001002"
    said = (
        "此列2个编码被 Excel 存成了带“.0”的数字（如“{}”，已按“{}”读取）；"
        "请在 Excel 中把此列设置为“文本”格式后再保存，编码才能按原样保存"
    )
    places = {
        "fast": ("社区.csv", "社区社会组织.csv", "第2行"),
        "careful": ("社区.csv", "社区社会组织.csv", "第2行"),
        "workbook": ("台账.xlsx中的“社区”", "台账.xlsx中的“社区社会组织”", "第2行"),
        "json": ("台账.json中的“社区”", "台账.json中的“社区社会组织”", "第0项"),
        "sqlite": ("台账.db中的“社区”", "台账.db中的“社区社会组织”", "第1行"),
    }
    communities_at, organizations_at, first = places[form]
    assert [describe_problem(w, "zh") for w in data.warnings] == [
        f"{communities_at}，{first}，“编号”列：" + said.format("341002001001.0", "341002001001"),
        f"{organizations_at}，{first}，“所属社区”列："
        + said.format("341002001001.0", "341002001001"),
    ]
    assert describe_problem(data.warnings[0], "en").endswith(
        "2 codes of this column were saved by Excel as a number, with .0 after it (such as "
        "'341002001001.0', read as '341002001001'): format the column as Text in Excel before "
        "saving, so that the codes are kept as they are written"
    )


def test_a_check_finds_the_district_of_rows_under_a_code_saved_with_a_point_zero(tmp_path):
    """荷花池社区's code saved as 341002001001.0 is still 屯溪区's community: the problem of
    HS002 (row 3), filed under it, is 屯溪区's to mend in the check and its problem list;
    问政村 (341021100201) is 歙县's, as ever, so HS005's (row 6) is 歙县's."""
    tables = _floats()
    _set(tables["社区社会组织"], "HS002", "成立日期", "2022年4月")
    _set(tables["社区社会组织"], "HS005", "规模", "中等")
    checkup = scoplan.check(bureau.write(tmp_path / "台账", tables))
    errors = [
        (p.code, p.row, district)
        for p, district in zip(checkup.problems, checkup.districts, strict=True)
        if not p.is_warning
    ]
    assert errors == [("day_missing", 3, "341002"), ("bad_code", 6, "341021")]


def test_a_code_with_another_fraction_is_still_no_unit(tmp_path):
    """``341002001001.5`` (HS001, row 2) is no code Excel made of 341002001001: the reference
    names no community; ``341002001002.0`` beside it (HS003, row 4) is 341002001002, the one
    cell the column's warning counts."""
    tables = bureau.register()
    _set(tables["社区社会组织"], "HS001", "所属社区", "341002001001.5")
    _set(tables["社区社会组织"], "HS003", "所属社区", "341002001002.0")
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write(tmp_path / "台账", tables))
    assert [(p.code, p.row, p.value) for p in raised.value.problems] == [
        ("unknown_ref", 2, "341002001001.5")
    ]
    assert [(w.code, w.row, w.params["count"]) for w in raised.value.warnings] == [
        ("float_codes", 4, 1)
    ]


@pytest.mark.parametrize("words", [["街道办事处"], ["街道办"]])
def test_a_plans_township_kinds_take_the_townships_words_only(words):
    """A plan's ``township_kinds`` reads the words of a township's kind: 街道办事处 and
    街道办 are ``street`` (街道办事处 was refused: who manages an organization, a column of
    its own, says ``township`` in those words too)."""
    data = build_dataset(
        districts=[{"id": "D1", "kind": "district"}],
        townships=[
            {"id": "T1", "district_id": "D1", "kind": "street"},
            {"id": "T2", "district_id": "D1", "kind": "town"},
        ],
        communities=[{"id": "C1", "township_id": "T1", "kind": "urban"}],
        organizations=[{"id": "O1", "community_id": "C1", "founded": "2021-01-01"}],
        federations=[{"id": "F1", "level": "township", "unit_id": "T1", "founded": "2021-01-01"}],
    )
    day = dt.date(2023, 12, 31)
    results = []
    for kinds in (words, ["street"]):
        params = {"threshold": 0.5, "township_kinds": kinds}
        text = PLAN_HEAD + milestone_toml("m", "township-federation-coverage", day, params)
        plan = scoplan.parse_plan(text)
        report = scoplan.evaluate(data, plan, day, registry=builtin_registry())
        results.append([(r.status, r.value) for r in report.results])
    # T1, the one street, has its federation: the share of streets is 1
    assert results == [[("met", 1.0)], [("met", 1.0)]]


def test_a_check_gives_the_columns_saved_as_numbers_to_the_file_not_a_district(tmp_path):
    """The ``.0`` warnings say to format a column as text: the file's keeper's to do, under
    no district (each was 屯溪区's, its first row being 屯溪区's), in the problem list's
    sheet for the whole file."""
    checkup = scoplan.check(bureau.write(tmp_path / "台账", _floats()))
    placed = [
        (p.code, p.table, district)
        for p, district in zip(checkup.problems, checkup.districts, strict=True)
    ]
    assert placed == [("float_codes", "communities", None), ("float_codes", "organizations", None)]


def _dissolved(header: str = "注销日期") -> dict[str, bureau.Rows]:
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    organizations[0][bureau.column(organizations, "注销日期")] = header
    _set(organizations, "HS001", "登记状态", "注销")  # row 2
    _set(organizations, "HS002", "登记状态", "已撤销")  # row 3
    _set(organizations, "HS003", "登记状态", "正常")  # row 4
    return tables


DISSOLVED_ZH = [
    "社区社会组织.csv，第2行，“登记状态”列：“注销”不是登记状态，而是说组织已注销（撤销）："
    "登记状态仍填它原来的“登记”或“备案”，并在“注销日期（未注销的不填）”列填写注销日期"
    "（只改登记状态、不填注销日期，它会被当作仍存续的组织计入）",
    "社区社会组织.csv，第3行，“登记状态”列：“已撤销”不是登记状态，而是说组织已注销（撤销）："
    "登记状态仍填它原来的“登记”或“备案”，并在“注销日期（未注销的不填）”列填写注销日期"
    "（只改登记状态、不填注销日期，它会被当作仍存续的组织计入）",
    "社区社会组织.csv，第4行，“登记状态”列：“正常”是登记系统表示“未注销”的状态，不是登记状态："
    "在民政部门依法登记的组织（登记系统列出的多是这些）请写“登记”，在乡镇（街道）备案的请写“备案”"
    "（应为 登记、备案、未登记 之一）",
]
DISSOLVED_EN = [
    "社区社会组织.csv, row 2, column 登记状态: '注销' is no registration status but says the "
    "organization was dissolved (revoked): keep its status (registered or filed) and write the "
    "day it was dissolved in column 注销日期（未注销的不填） (a status changed without that day "
    "counts it as running)",
    "社区社会组织.csv, row 3, column 登记状态: '已撤销' is no registration status but says the "
    "organization was dissolved (revoked): keep its status (registered or filed) and write the "
    "day it was dissolved in column 注销日期（未注销的不填） (a status changed without that day "
    "counts it as running)",
    "社区社会组织.csv, row 4, column 登记状态: '正常' is a registration system's word for not "
    "dissolved, no registration status: write registered for an organization registered with "
    "civil affairs (what a registration system lists, mostly), filed for one filed with its "
    "township or street (expected one of registered, filed, none)",
]


@pytest.mark.parametrize("form", ["fast", "careful"])
def test_a_dissolved_status_says_to_keep_the_status_and_write_the_day(tmp_path, form):
    """注销 and 已撤销, as a registration system writes a dissolved organization's status,
    are no 登记状态: changed to 登记 as ``bad_code`` suggested, the organization would count
    as running. The message says to keep its status and to write the day in the 注销日期
    column, named as the file's header writes it. 正常 is read as no status either: its
    message says 登记 is likely, 备案 for a filed one."""
    with pytest.raises(scoplan.DataError) as raised:
        FORMS[form](tmp_path, _dissolved("注销日期（未注销的不填）"))
    problems = raised.value.problems
    assert [describe_problem(p, "zh") for p in problems] == DISSOLVED_ZH
    assert [describe_problem(p, "en") for p in problems] == DISSOLVED_EN


def test_a_dissolved_status_names_the_column_of_data_md_where_the_file_has_none(tmp_path):
    """A register with no 注销日期 column: the message names the column as DATA.md does,
    in a workbook too."""
    tables = _dissolved()
    organizations = tables["社区社会组织"]
    at = bureau.column(organizations, "注销日期")
    tables["社区社会组织"] = [row[:at] + row[at + 1 :] for row in organizations]
    with pytest.raises(scoplan.DataError) as raised:
        scoplan.load(bureau.write_workbook(tmp_path / "台账.xlsx", tables))
    said = [describe_problem(p, "zh") for p in raised.value.problems]
    assert said == [
        "台账.xlsx中的“社区社会组织”，{}".format(
            text.split(".csv，", 1)[1].replace("注销日期（未注销的不填）", "注销日期")
        )
        for text in DISSOLVED_ZH
    ]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_who_manages_an_organization_reads_the_units_short_words(tmp_path, form):
    """管理主体 is a government or a committee, never a kind of unit: 街道 and 乡镇 there
    can only be the township's (as 街道办 is), 村委, 居委 and 村居 only the committee's (as
    村委 is for a community's 类型); each was refused."""
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    for id, manager in (
        ("HS001", "街道"),
        ("HS002", "村委"),
        ("HS003", "居委"),
        ("HS004", "乡镇"),
        ("HS005", "村居"),
    ):
        _set(organizations, id, "管理主体", manager)
    data = FORMS[form](tmp_path, tables)
    managed = dict(data.frame("organizations").select("id", "managed_by").iter_rows())
    assert managed == {
        "HS001": "township",
        "HS002": "community",
        "HS003": "community",
        "HS004": "township",
        "HS005": "community",
    }


def test_a_day_written_hao_is_read_as_its_day(tmp_path):
    """``2021年3月5号`` — the day as said aloud — is 2021-03-05, in a GB18030 CSV as in a
    workbook (a trial: refused as no date)."""
    tables = bureau.register()
    rows = tables["社区社会组织"]
    rows[1][bureau.column(rows, "成立日期")] = "2021年3月5号"
    rows[2][bureau.column(rows, "成立日期")] = "2021年3月15 号"
    for source in (
        bureau.write(tmp_path / "台账", tables),
        bureau.write_workbook(tmp_path / "台账.xlsx", tables),
    ):
        founded = scoplan.load(source).frame("organizations").sort("id").get_column("founded")
        assert founded.to_list()[:2] == [dt.date(2021, 3, 5), dt.date(2021, 3, 15)]
