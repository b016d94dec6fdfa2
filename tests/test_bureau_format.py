"""Data written as a bureau writes it: township kinds, list separators, the city level.

Chinese file names, headers and codes, GB18030 with CRLF line ends, Huangshan's real
division codes: the forms the format accepts besides scoplan's own (docs/DATA.md), in every
path — the careful CSV path, the fast typed one, a workbook, a database, a JSON document,
a what-if's rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import typing
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from builders import builtin_registry, community, district, federation, township
from openpyxl import Workbook

import scoplan
from scoplan import DataError, PlanError, Status
from scoplan.i18n import describe_problem
from scoplan.loaders.csv_folder import read_typed_csv
from scoplan.params import TownshipKind
from scoplan.schema import TOWNSHIP_KINDS
from scoplan.testing import build_dataset, evaluate_target

Rows = Sequence[Sequence[Any]]

BUREAU: dict[str, list[list[Any]]] = {
    "区县": [
        ["编号", "名称", "类型", "市"],
        ["341002", "屯溪区", "区", "黄山市"],
        ["341003", "黄山区", "区", "黄山市"],
        ["341004", "徽州区", "区", "黄山市"],
        ["341021", "歙县", "县", "黄山市"],
    ],
    "乡镇街道": [
        ["编号", "所属区县", "名称", "类型"],
        ["341002001", "341002", "昱东街道", "街道"],
        ["341003100", "341003", "甘棠镇", "镇"],
        ["341003400", "341003", "黄山风景区", "风景区"],
        ["341004198", "341004", "徽州区直辖村级区划", "直辖村级区划"],
        ["341004400", "341004", "安徽徽州经济开发区", "经济开发区"],
        ["341021400", "341021", "歙县经济开发区", "开发区"],
        ["341021L01", "341021", "某林场", "林场"],
    ],
    "社区": [
        ["编号", "所属乡镇街道", "名称", "类型"],
        ["341002001001", "341002001", "荷花池社区居委会", "城市社区"],
        ["341003400498", "341003400", "黄山风景区虚拟社区", "城市社区"],
    ],
    "社区社会组织": [
        ["编号", "所属社区", "名称", "成立日期", "服务对象"],
        ["HS01", "341002001001", "一会", "2021-3-1", "老年人，儿童"],
        ["HS02", "341002001001", "二会", "2021/3/1", "老年人,儿童"],
        ["HS03", "341002001001", "三会", "2021.3.1", "老年人/残疾人"],
        ["HS04", "341002001001", "四会", "2021年3月1日", "妇女|儿童"],
        ["HS05", "341003400498", "五会", "2021-03-01", "老年人；儿童、妇女"],
        ["HS06", "341003400498", "六会", "2021-03-01", "老年人， 儿童 ，"],
        ["HS07", "341003400498", "七会", "2021-03-01", ""],
    ],
    "平台与制度": [
        ["编号", "类型", "所属单位", "名称", "建立日期"],
        ["PT1", "培育发展服务中心", "市本级", "市中心", "2019-09-20"],
        ["PT2", "社区治理学院", "全市", "治理学院", "2020-01-01"],
        ["PT3", "三年计划", "市级", "三年计划", "2021-01-01"],
        ["PT4", "信息公开制度", "341000", "公开制度", "2021-01-01"],
        ["PT5", "重大活动报告制度", "黄山市", "报告制度", "2021-01-01"],
        ["PT6", "培育发展服务中心", "341002", "屯溪区中心", "2020-11-03"],
    ],
    "活动": [
        ["编号", "类型", "所属单位", "名称", "日期"],
        ["HD1", "培训", "City", "培训班", "2022-06-23"],
        ["HD2", "公益创投", "市本级", "市级公益创投", "2022-05-01"],
        ["HD3", "公益创投", "341003400", "风景区公益创投", "2022-05-01"],
    ],
}
"""A small register of Huangshan as a bureau files it (Chinese names, headers and codes)."""

SERVES = {
    "HS01": ("elderly", "children"),
    "HS02": ("elderly", "children"),
    "HS03": ("elderly", "disabled"),
    "HS04": ("women", "children"),
    "HS05": ("elderly", "children", "women"),
    "HS06": ("elderly", "children"),
    "HS07": (),
}
"""What each organization's 服务对象 reads as: split at ，,/|；、 with blanks dropped."""

UNITS = {
    "PT1": "city",
    "PT2": "city",
    "PT3": "city",
    "PT4": "city",  # the city's own code: 3410 (its districts' common prefix) + 00
    "PT5": "city",  # the one city the districts name
    "PT6": "341002",
    "HD1": "city",
    "HD2": "city",
    "HD3": "341003400",
}

KINDS = {
    "341002001": "street",
    "341003100": "town",
    "341003400": "scenic",
    "341004198": "other",
    "341004400": "zone",
    "341021400": "zone",
    "341021L01": "other",
}


def write_folder(folder: Path, tables: Mapping[str, Rows], *, encoding: str = "gb18030") -> Path:
    """Each table as ``<name>.csv``, CRLF line ends (as Excel writes them), in ``encoding``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerows(rows)
        (folder / f"{name}.csv").write_bytes(text.getvalue().encode(encoding))
    return folder


def with_rows(table: str, *rows: list[Any]) -> dict[str, list[list[Any]]]:
    """The bureau's register with ``table``'s rows replaced (its header kept)."""
    tables = {name: list(rows_) for name, rows_ in BUREAU.items()}
    tables[table] = [BUREAU[table][0], *rows]
    return tables


def assert_bureau_reads(data: scoplan.Dataset) -> None:
    """The register reads as SERVES, UNITS and KINDS say."""
    serves = {o.id: o.serves for o in data.iter("organizations")}
    assert serves == SERVES
    units = {e.id: e.unit_id for e in data.iter("establishments")}
    units |= {v.id: v.unit_id for v in data.iter("events")}
    assert units == UNITS
    assert {t.id: t.kind for t in data.iter("townships")} == KINDS


def problems(source: Path | str) -> tuple[scoplan.Problem, ...]:
    with pytest.raises(DataError) as error:
        scoplan.load(source)
    return error.value.problems


# -- every path ------------------------------------------------------------------------------


def test_a_gb18030_folder_with_chinese_names(tmp_path: Path) -> None:
    """The careful CSV path: GB18030, CRLF, Chinese file names, headers and codes."""
    folder = write_folder(tmp_path / "台账", BUREAU)
    assert (folder / "社区社会组织.csv").read_bytes().startswith("编号".encode("gb18030"))
    assert_bureau_reads(scoplan.load(folder))


def test_the_same_in_utf8_with_a_bom(tmp_path: Path) -> None:
    """UTF-8 with a BOM (Excel's "CSV UTF-8") reads the same."""
    assert_bureau_reads(scoplan.load(write_folder(tmp_path / "d", BUREAU, encoding="utf-8-sig")))


def test_the_fast_path_splits_every_separator(tmp_path: Path) -> None:
    """A clean UTF-8 file with English headers and codes takes the fast typed path, and
    splits ``,`` ``，`` ``/`` ``|`` as the careful path does."""
    tables = {
        "districts": [["id", "name", "kind"], ["D1", "甲区", "district"]],
        "townships": [["id", "district_id", "name", "kind"], ["T1", "D1", "甲开发区", "zone"]],
        "communities": [["id", "township_id", "name", "kind"], ["C1", "T1", "甲社区", "urban"]],
        "organizations": [
            ["id", "community_id", "name", "founded", "serves"],
            ["O1", "C1", "一会", "2021-03-01", "elderly,children"],
            ["O2", "C1", "二会", "2021-03-01", "elderly，children"],
            ["O3", "C1", "三会", "2021-03-01", "women/disabled"],
            ["O4", "C1", "四会", "2021-03-01", "women|children|elderly"],
            ["O5", "C1", "五会", "2021-03-01", "elderly;children"],
        ],
    }
    folder = write_folder(tmp_path / "d", tables, encoding="utf-8")
    (folder / "organizations.csv").write_bytes(
        (folder / "organizations.csv").read_bytes().replace(b"\r\n", b"\n")
    )
    fast = read_typed_csv(folder / "organizations.csv", "organizations")
    assert fast is not None
    assert fast.typed
    expected = {
        "O1": ("elderly", "children"),
        "O2": ("elderly", "children"),
        "O3": ("women", "disabled"),
        "O4": ("women", "children", "elderly"),
        "O5": ("elderly", "children"),
    }
    data = scoplan.load(folder)
    assert {o.id: o.serves for o in data.iter("organizations")} == expected
    assert data.get("townships", "T1").kind == "zone"


def write_workbook(path: Path, tables: Mapping[str, Rows]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append([None if cell == "" else cell for cell in row])
    workbook.save(path)
    return path


def test_a_workbook_with_the_city_code_as_a_number(tmp_path: Path) -> None:
    """Sheets named in Chinese; the city's code typed as the number 341000, a real date."""
    tables = with_rows(
        "平台与制度",
        *BUREAU["平台与制度"][1:4],
        ["PT4", "信息公开制度", 341000, "公开制度", dt.datetime(2021, 1, 1)],
        *BUREAU["平台与制度"][5:],
    )
    assert_bureau_reads(scoplan.load(write_workbook(tmp_path / "台账.xlsx", tables)))


@pytest.mark.parametrize("form", ["gb18030", "utf-8", "xlsx"])
@pytest.mark.parametrize("every", [False, True], ids=["one cell", "every cell"])
@pytest.mark.parametrize("short", ["23/12/1", "23-12-01", "202-6-23", "21年3月1日"])
def test_a_year_written_in_fewer_than_four_digits_is_no_date(
    tmp_path: Path, form: str, every: bool, short: str
) -> None:
    """``23/12/1`` (meant as 2023) was read as the year 23 and ``202-6-23`` as the year 202,
    and no word said (polars' ``%Y`` takes one to four digits): a date's year has four, in
    every path, whether one cell is written so or all of them (found by a helper trying a
    bureau's slips)."""
    rows = [list(row) for row in BUREAU["社区社会组织"][1:]]
    written = range(len(rows)) if every else [1]
    for i in written:
        rows[i][3] = short
    tables = with_rows("社区社会组织", *rows)
    if form == "xlsx":
        source = write_workbook(tmp_path / "台账.xlsx", tables)
    else:
        source = write_folder(tmp_path / "台账", tables, encoding=form)
    found = [(p.code, p.row, p.value) for p in problems(source) if p.table == "organizations"]
    assert found == [("short_year", i + 2, short) for i in written]


def test_a_year_in_fewer_than_four_digits_is_asked_which_year(tmp_path: Path) -> None:
    """``21.9.14`` for 成立日期 (HS02, row 3): the message says that the year is short and
    asks which it is, rather than that the cell is no date at all."""
    rows = [list(row) for row in BUREAU["社区社会组织"][1:]]
    rows[1][3] = "21.9.14"
    [problem] = problems(write_folder(tmp_path / "台账", with_rows("社区社会组织", *rows)))
    assert describe_problem(problem, "zh") == (
        "社区社会组织.csv，第3行，“成立日期”列：“21.9.14”的年份不足四位，是哪一年？"
        "请写完整的年份（YYYY-MM-DD，如 2021-09-14）"
    )
    assert describe_problem(problem, "en") == (
        "社区社会组织.csv, row 3, column 成立日期: '21.9.14' has a year of fewer than four "
        "digits: which year is it? Write the year in full (YYYY-MM-DD, such as 2021-09-14)"
    )


def test_a_database(tmp_path: Path) -> None:
    """Tables named in Chinese in SQLite read the same."""
    path = tmp_path / "台账.db"
    connection = sqlite3.connect(path)
    with connection:
        for name, (header, *rows) in BUREAU.items():
            columns = ", ".join(f'"{column}"' for column in header)
            connection.execute(f'CREATE TABLE "{name}" ({columns})')
            marks = ", ".join("?" for _ in header)
            connection.executemany(
                f'INSERT INTO "{name}" VALUES ({marks})', [[c or None for c in r] for r in rows]
            )
    connection.close()
    assert_bureau_reads(scoplan.load(f"sqlite:///{path}"))


def json_of(tables: Mapping[str, Rows]) -> dict[str, list[dict[str, Any]]]:
    return {
        name: [dict(zip(header, row, strict=True)) for row in rows]
        for name, (header, *rows) in tables.items()
    }


def test_a_json_document(tmp_path: Path) -> None:
    """A JSON document's text cells split as a CSV file's do."""
    path = tmp_path / "台账.json"
    path.write_text(json.dumps(json_of(BUREAU), ensure_ascii=False), encoding="utf-8")
    assert_bureau_reads(scoplan.load(path))


def test_a_json_list_stays_a_list(tmp_path: Path) -> None:
    """A list given as a JSON list keeps its items: none is cut at a separator it holds."""
    document = json_of(BUREAU)
    rows = document["社区社会组织"]
    rows[0]["服务对象"] = ["老年人", "儿童"]
    rows[1]["服务对象"] = ["留守/困境儿童"]  # a plugin's own group, one item
    rows[2]["服务对象"] = ["残疾人", None, "妇女"]
    rows[3]["服务对象"] = []
    path = tmp_path / "台账.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    serves = {o.id: o.serves for o in scoplan.load(path).iter("organizations")}
    assert serves["HS01"] == ("elderly", "children")
    assert serves["HS02"] == ("留守/困境儿童",)
    assert serves["HS03"] == ("disabled", "women")
    assert serves["HS04"] == ()
    assert serves["HS05"] == ("elderly", "children", "women")  # a text cell still splits


# -- the city level ------------------------------------------------------------------------


def test_another_city_code_is_refused_saying_what_to_write(tmp_path: Path) -> None:
    """341100 is not this city's code (3410…): refused, told the city's own (341000) and
    how the city is written."""
    folder = write_folder(
        tmp_path / "d",
        with_rows("活动", ["HD1", "培训", "341100", "培训班", "2022-06-23"]),
    )
    (problem,) = problems(folder)
    assert (problem.code, problem.source, problem.row, problem.column, problem.value) == (
        "unknown_unit",
        "活动.csv",
        2,
        "unit_id",
        "341100",
    )
    assert describe_problem(problem, "zh") == (
        "活动.csv，第2行，“所属单位”列：“341100”既不是市本级，也不是区县/乡镇街道"
        "中的编号；本市自己的代码是341000（市本级写作“市本级”）"
    )
    assert describe_problem(problem, "en") == (
        "活动.csv, row 2, column 所属单位: '341100' is neither the city level nor an id in "
        "districts / townships; the city's own code is 341000 "
        "(write the city level as city or 市本级)"
    )


def test_establishments_name_communities_too(tmp_path: Path) -> None:
    """An establishment's unit may be a community: the message names that table too."""
    folder = write_folder(
        tmp_path / "d",
        with_rows("平台与制度", ["PT1", "培育观察点", "黄山", "观察点", "2021-01-01"]),
    )
    (problem,) = problems(folder)
    assert (problem.code, problem.value) == ("unknown_unit", "黄山")
    assert problem.params["expected"] == "districts / townships / communities"


def test_no_city_code_without_coded_districts(write_tables, valid_tables: dict[str, str]) -> None:
    """Districts D1, D2 carry no official code: 341000 names nothing; 市本级 still is the city."""
    valid_tables["events.csv"] = (
        "id,kind,unit_id,date\nV1,training,市本级,2022-01-01\nV2,training,341000,2022-01-01\n"
    )
    folder = write_tables(valid_tables)
    found = [(p.code, p.row, p.value) for p in problems(folder)]
    assert found == [("unknown_unit", 3, "341000")]


def test_no_city_code_for_districts_of_two_cities(tmp_path: Path) -> None:
    """Districts of 黄山市 (3410…) and 宣城市 (3418…): neither 341000 nor a city name is one
    city's; ``city`` and 市本级 are still the city level."""
    tables = with_rows(
        "区县",
        ["341002", "屯溪区", "区", "黄山市"],
        ["341003", "黄山区", "区", "黄山市"],
        ["341004", "徽州区", "区", "黄山市"],
        ["341021", "歙县", "县", "黄山市"],
        ["341802", "宣州区", "区", "宣城市"],
    )
    tables["平台与制度"] = BUREAU["平台与制度"][:1]
    tables["活动"] = [
        BUREAU["活动"][0],
        ["HD1", "培训", "341000", "培训班", "2022-06-23"],
        ["HD2", "培训", "黄山市", "培训班", "2022-06-23"],
        ["HD3", "培训", "city", "培训班", "2022-06-23"],
        ["HD4", "培训", "市本级", "培训班", "2022-06-23"],
    ]
    found = [(p.code, p.row, p.value) for p in problems(write_folder(tmp_path / "d", tables))]
    assert found == [("unknown_unit", 2, "341000"), ("unknown_unit", 3, "黄山市")]


def test_an_id_is_never_taken_for_the_city(tmp_path: Path) -> None:
    """A township whose id is 市级 (a bureau's own id) stays that township."""
    tables = {name: list(rows) for name, rows in BUREAU.items()}
    tables["乡镇街道"] = [*BUREAU["乡镇街道"], ["市级", "341002", "某街道", "街道"]]
    tables["活动"] = [BUREAU["活动"][0], ["HD1", "培训", "市级", "培训班", "2022-06-23"]]
    data = scoplan.load(write_folder(tmp_path / "d", tables))
    assert data.get("events", "HD1").unit_id == "市级"


def test_a_what_if_writes_the_city_level_too(tmp_path: Path) -> None:
    """Rows added to a dataset read the city level as a delivery's do."""
    data = scoplan.load(write_folder(tmp_path / "d", BUREAU))
    more = scoplan.with_additions(
        data,
        活动=[
            {"编号": "HD9", "类型": "培训", "所属单位": "全市", "名称": "培训", "日期": "2023-3-1"},
            {
                "编号": "HD8",
                "类型": "培训",
                "所属单位": "341000",
                "名称": "培训",
                "日期": "2023-3-1",
            },
        ],
    )
    assert more.get("events", "HD9").unit_id == "city"
    assert more.get("events", "HD8").unit_id == "city"


def test_rows_given_in_python_keep_their_lists(tmp_path: Path) -> None:
    """A what-if's list cell given as a tuple or a list is that list; text still splits."""
    data = scoplan.load(write_folder(tmp_path / "d", BUREAU))
    row = {"community_id": "341002001001", "name": "新会", "founded": "2023-03-01"}
    more = scoplan.with_additions(
        data,
        organizations=[
            {**row, "id": "N1", "serves": ("elderly", "儿童")},
            {**row, "id": "N2", "serves": ["留守/困境儿童"]},
            {**row, "id": "N3", "serves": "妇女/儿童"},
        ],
    )
    assert more.get("organizations", "N1").serves == ("elderly", "children")
    assert more.get("organizations", "N2").serves == ("留守/困境儿童",)
    assert more.get("organizations", "N3").serves == ("women", "children")


def test_a_training_filed_under_the_citys_code_counts_for_the_city(tmp_path: Path) -> None:
    """The city's own training, filed under 341000, is one the city held; a district's is not."""
    tables = with_rows(
        "活动",
        ["HD1", "培训", "341000", "培训班", "2022-06-23"],
        ["HD2", "培训", "341002", "屯溪区培训班", "2022-06-24"],
    )
    data = scoplan.load(write_folder(tmp_path / "d", tables))
    due = dt.date(2022, 12, 31)
    (result,) = evaluate_target(
        "trainings", data, as_of=due, params={"threshold": 1}, registry=builtin_registry()
    ).results
    assert result.scope.level == "city"
    assert (result.status, result.value) == (Status.MET, 1)
    assert result.evidence.details["training"] == ["HD1"]


# -- township kinds ---------------------------------------------------------------------


def test_township_kinds_are_the_schemas() -> None:
    """A plan's ``township_kinds`` takes exactly the kinds the data may give."""
    assert typing.get_args(TownshipKind) == tuple(TOWNSHIP_KINDS)


def zone_data() -> scoplan.Dataset:
    """District D1: a street, a town, a development zone, a scenic area, a state farm (other);
    federations in the street and the zone."""
    return build_dataset(
        districts=[district("D1")],
        townships=[
            township("T1", "D1", kind="街道"),
            township("T2", "D1", kind="镇"),
            township("T3", "D1", kind="经济开发区"),
            township("T4", "D1", kind="风景区"),
            township("T5", "D1", kind="农场"),
        ],
        communities=[community("C1", "T1")],
        federations=[federation("F1", "township", "T1"), federation("F2", "township", "T3")],
    )


@pytest.mark.parametrize(
    ("kinds", "covered", "units"),
    [
        ([], 2, 5),  # every township-level unit: T1, T3 of T1..T5
        (["street", "town"], 1, 2),  # T1 of T1, T2
        (["zone", "scenic", "other"], 1, 3),  # T3 of T3, T4, T5
        (["zone"], 1, 1),
        (["scenic"], 0, 1),
    ],
)
def test_a_target_narrowed_to_the_new_kinds(kinds: list[str], covered: int, units: int) -> None:
    """``township_kinds`` counts 开发区, 风景区 and other units as it counts streets."""
    data = zone_data()
    due = dt.date(2021, 12, 31)
    params = {"threshold": 1.0, "township_kinds": kinds} if kinds else {"threshold": 1.0}
    (result,) = evaluate_target(
        "township-federation-coverage",
        data,
        as_of=due,
        params=params,
        scope={"districts": ["D1"]},
        registry=builtin_registry(),
    ).results
    assert (result.evidence.numerator, result.evidence.denominator) == (covered, units)


def test_an_unknown_township_kind_in_a_plan_lists_the_six() -> None:
    """``township_kinds = ["village"]`` is refused, naming every kind there is."""
    data = zone_data()
    due = dt.date(2021, 12, 31)
    with pytest.raises(PlanError) as error:
        evaluate_target(
            "township-federation-coverage",
            data,
            as_of=due,
            params={"threshold": 1.0, "township_kinds": ["village"]},
            registry=builtin_registry(),
        )
    message = describe_problem(error.value.problems[0], "en")
    assert (
        "'village' is not allowed (expected one of 'street', 'town', 'township', 'zone', "
        "'scenic', 'other')" in message
    )


@pytest.mark.parametrize("path", ["fast", "careful"])
def test_list_items_are_codes_in_any_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """``CHILDREN``, ``Elderly、WOMEN`` in 服务对象: codes in any case, as a single code is
    (``VOLUNTEER`` in 类别). They were kept as unknown groups, and the special-groups count
    fell, with a suggestion of the wrong group (found by a helper)."""
    if path == "careful":
        monkeypatch.setattr("scoplan.loaders.csv_folder.read_typed_csv", lambda *args: None)
    rows = [list(row) for row in BUREAU["社区社会组织"][1:]]
    rows[0][4], rows[1][4] = "CHILDREN", "Elderly、WOMEN"
    data = scoplan.load(write_folder(tmp_path / "台账", with_rows("社区社会组织", *rows)))
    serves = {o.id: o.serves for o in data.iter("organizations")}
    assert serves == {**SERVES, "HS01": ("children",), "HS02": ("elderly", "women")}
    assert [w.code for w in data.warnings if w.column == "serves"] == []


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8"])
def test_kinds_as_a_register_of_another_county_spells_them(tmp_path: Path, encoding: str) -> None:
    """A county-level city (县级市), a banner (旗), a forest district (林区), an ethnic
    township (民族乡), a sumu (苏木), a 街道办事处, and communities typed by their committee
    (居委会, 村委会, 村民委员会): each read as its code (DATA.md's tables of codes), on the
    careful GB18030 path and on the UTF-8 one alike."""
    written = {"341002": "林区", "341003": "县级市", "341004": "旗", "341021": "自治县"}
    districts = [[row[0], row[1], written[row[0]], row[3]] for row in BUREAU["区县"][1:]]
    tables = with_rows("区县", *districts)
    townships = [list(row) for row in BUREAU["乡镇街道"][1:]]
    spelled = {"341002001": "街道办事处", "341003100": "民族乡", "341021400": "苏木"}
    for row in townships:
        row[3] = spelled.get(row[0], row[3])
    tables["乡镇街道"] = [BUREAU["乡镇街道"][0], *townships]
    communities = [list(row) for row in BUREAU["社区"][1:]]
    committees = ["居委会", "村委会", "嘎查", "社区居委会"]
    for row, committee in zip(communities, committees * len(communities), strict=False):
        row[3] = committee
    tables["社区"] = [BUREAU["社区"][0], *communities]
    data = scoplan.load(write_folder(tmp_path / "台账", tables, encoding=encoding))
    assert {d.id: d.kind for d in data.iter("districts")} == {
        "341002": "district",
        "341003": "county",
        "341004": "county",
        "341021": "county",
    }
    kinds = {t.id: t.kind for t in data.iter("townships")}
    assert (kinds["341002001"], kinds["341003100"], kinds["341021400"]) == (
        "street",
        "township",
        "township",
    )
    expected = {"居委会": "urban", "社区居委会": "urban", "村委会": "rural", "嘎查": "rural"}
    assert {c.id: c.kind for c in data.iter("communities")} == {
        row[0]: expected[row[3]] for row in communities
    }


def test_a_unit_written_by_its_name_is_an_error_giving_its_id(tmp_path: Path) -> None:
    """所属区县 written 屯溪区 (its name), an establishment's 所属单位 written 歙县, and an
    organization's 所属社区 written with a name two communities share: each an error that
    says it is a name, with the id to write (both ids where two units share the name)."""
    tables = {name: [list(row) for row in rows] for name, rows in BUREAU.items()}
    township = tables["乡镇街道"][1]
    assert (township[1], tables["区县"][1][:2]) == ("341002", ["341002", "屯溪区"])
    township[1] = "屯溪区"
    centre = tables["平台与制度"][1]
    centre[2] = "歙县"
    communities = tables["社区"]
    first, second = communities[1], communities[2]
    second[2] = first[2]  # two communities of one name
    organization = tables["社区社会组织"][1]
    organization[1] = first[2]
    found = {(p.source, p.row): p for p in problems(write_folder(tmp_path / "台账", tables))}
    said = {where: (p.code, describe_problem(p, "zh")) for where, p in found.items()}
    assert said[("乡镇街道.csv", 2)] == (
        "ref_is_name",
        "乡镇街道.csv，第2行，“所属区县”列：“屯溪区”是区县中一个单位的名称，不是编号：请写它的编号“341002”",
    )
    code, zh = said[("平台与制度.csv", 2)]
    assert code == "ref_is_name"
    assert zh.endswith("是区县/乡镇街道/社区中一个单位的名称，不是编号：请写它的编号“341021”")
    code, zh = said[("社区社会组织.csv", 2)]
    assert code == "ref_is_names"
    ids = "、".join(sorted([first[0], second[0]]))
    assert zh.endswith(f"是社区中2个单位的名称，不是编号：请写所指单位的编号（{ids}）")


def test_an_autonomous_county_written_short_is_an_error_giving_its_id(tmp_path: Path) -> None:
    """A register holding 石柱土家族自治县 (500240), whose 所属区县 says 石柱县 (as clerks
    write it) and an event's 所属单位 石柱: each an error that gives its id, 500240."""
    tables = {name: [list(row) for row in rows] for name, rows in BUREAU.items()}
    tables["区县"].append(["500240", "石柱土家族自治县", "自治县", "重庆市"])
    tables["乡镇街道"].append(["500240001", "石柱县", "南宾街道", "街道"])
    tables["活动"].append(["HD4", "培训", "石柱", "石柱培训班", "2022-06-23"])
    found = {(p.source, p.row): p for p in problems(write_folder(tmp_path / "台账", tables))}
    said = {where: (p.code, describe_problem(p, "zh")) for where, p in found.items()}
    assert said[("乡镇街道.csv", 9)] == (
        "ref_is_name",
        "乡镇街道.csv，第9行，“所属区县”列：“石柱县”是区县中一个单位的名称，不是编号：请写它的编号“500240”",
    )
    code, zh = said[("活动.csv", 5)]
    assert code == "ref_is_name"
    assert zh.endswith("请写它的编号“500240”")
