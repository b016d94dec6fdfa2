"""Reading CSV folders and JSON documents into a Dataset (scoplan.loading, through the CSV
and JSON loaders of scoplan.loaders)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any
from unittest import mock

import polars as pl
import pytest
from builders import Form, write_tables, write_tables_in
from hypothesis import event, given, settings
from polars.testing import assert_frame_equal
from strategies import csv_forms, registers

import scoplan
from scoplan import (
    BrandProject,
    Community,
    DataError,
    Dataset,
    District,
    Establishment,
    Event,
    Federation,
    Organization,
    Township,
)
from scoplan.i18n import describe_problem
from scoplan.loaders import csv_folder
from scoplan.loaders._tables import canonical_table
from scoplan.loaders.csv_folder import read_typed_csv
from scoplan.schema import TABLES

TABLE_NAMES = tuple(table.name for table in TABLES)

CHINESE_TABLES = {
    "区县.csv": "编号,名称,类型,市\nD1,甲区,区,某市\nD2,乙县,县,某市\n",
    "乡镇街道.csv": "编号,所属区县,名称,类型\nT1,D1,一街道,街道\nT2,D2,二镇,镇\n",
    "社区.csv": "编号,所属乡镇街道,名称,类型\nC1,T1,一社区,城市社区\nC2,T2,二村,农村社区\n",
    "社区社会组织.csv": (
        "编号,所属社区,名称,类别,成立日期,注销日期,登记状态,规模,管理主体,简易章程,"
        "品牌认定日期,服务对象\n"
        "O1,C1,甲会,公益慈善类,2021-03-01,,备案,小,社区,是,2022-05-01,老年人、儿童\n"
        "O2,C2,乙会,其他,2020-01-15,2022-06-30,未登记,大,乡镇街道,否,,\n"
    ),
    "联合会.csv": (
        "编号,层级,所属单位,名称,成立日期,注销日期\nF1,乡镇街道,T1,一街道联合会,2021-01-05,\n"
    ),
    "平台与制度.csv": (
        "编号,类型,所属单位,名称,建立日期,撤销日期\n"
        "E1,培育发展服务中心,city,市中心,2019-12-27,\n"
        "E2,三年计划,D1,三年计划,2021-02-01,2023-12-31\n"
    ),
    "品牌项目.csv": "编号,所属组织,名称,认定日期\nB1,O1,品牌项目,2022-05-01\n",
    "活动.csv": (
        "编号,类型,所属单位,名称,日期\nV1,培训,city,培训,2022-07-27\nV2,公益创投,T2,公益创投,2023-04-01\n"
    ),
}
"""The small valid dataset of conftest, with Chinese file names, headers and codes."""

JSON_DOCUMENT = {
    "districts": [
        {"id": "D1", "name": "甲区", "kind": "district", "city": "某市"},
        {"id": "D2", "name": "乙县", "kind": "county", "city": "某市"},
    ],
    "townships": [
        {"id": "T1", "district_id": "D1", "name": "一街道", "kind": "street"},
        {"id": "T2", "district_id": "D2", "name": "二镇", "kind": "town"},
    ],
    "communities": [
        {"id": "C1", "township_id": "T1", "name": "一社区", "kind": "urban"},
        {"id": "C2", "township_id": "T2", "name": "二村", "kind": "rural"},
    ],
    "organizations": [
        {
            "id": "O1",
            "community_id": "C1",
            "name": "甲会",
            "category": "charity",
            "founded": "2021-03-01",
            "dissolved": None,
            "registration": "filed",
            "size": "small",
            "managed_by": "community",
            "charter": True,
            "brand": "2022-05-01",
            "serves": ["elderly", "children"],
        },
        {
            "id": "O2",
            "community_id": "C2",
            "name": "乙会",
            "category": "other",
            "founded": "2020-01-15",
            "dissolved": "2022-06-30",
            "registration": "none",
            "size": "large",
            "managed_by": "township",
            "charter": False,
        },
    ],
    "federations": [
        {
            "id": "F1",
            "level": "township",
            "unit_id": "T1",
            "name": "一街道联合会",
            "founded": "2021-01-05",
        }
    ],
    "establishments": [
        {
            "id": "E1",
            "kind": "service_centre",
            "unit_id": "city",
            "name": "市中心",
            "established": "2019-12-27",
            "ended": None,
        },
        {
            "id": "E2",
            "kind": "development_plan",
            "unit_id": "D1",
            "name": "三年计划",
            "established": "2021-02-01",
            "ended": "2023-12-31",
        },
    ],
    "brand_projects": [
        {"id": "B1", "organization_id": "O1", "name": "品牌项目", "designated": "2022-05-01"}
    ],
    "events": [
        {"id": "V1", "kind": "training", "unit_id": "city", "name": "培训", "date": "2022-07-27"},
        {
            "id": "V2",
            "kind": "gongyi_chuangtou",
            "unit_id": "T2",
            "name": "公益创投",
            "date": "2023-04-01",
        },
    ],
}
"""The small valid dataset of conftest as one JSON document, with JSON booleans and lists."""


def assert_same_data(left: Dataset, right: Dataset) -> None:
    """Fail unless both datasets hold the same typed frames, table by table."""
    for name in TABLE_NAMES:
        assert_frame_equal(left.frame(name), right.frame(name))


def problems_of(error: pytest.ExceptionInfo[DataError]) -> set[tuple[object, ...]]:
    """The (code, source, table) of every problem of a DataError."""
    return {(p.code, p.source, p.table) for p in error.value.problems}


# -- CSV folders -----------------------------------------------------------------------


def test_english_csv_folder_gives_the_rows_as_objects(valid_folder: Path) -> None:
    """Every row of the English CSV folder comes back as the domain object it describes."""
    data = scoplan.load(valid_folder)
    assert list(data.iter("districts")) == [
        District("D1", "甲区", "district", city="某市"),
        District("D2", "乙县", "county", city="某市"),
    ]
    assert list(data.iter("townships")) == [
        Township("T1", "D1", "一街道", "street"),
        Township("T2", "D2", "二镇", "town"),
    ]
    assert list(data.iter("communities")) == [
        Community("C1", "T1", "一社区", "urban"),
        Community("C2", "T2", "二村", "rural"),
    ]
    assert list(data.iter("organizations")) == [
        Organization(
            "O1",
            "C1",
            "甲会",
            dt.date(2021, 3, 1),
            category="charity",
            registration="filed",
            size="small",
            managed_by="community",
            charter=True,
            brand=dt.date(2022, 5, 1),
            serves=("elderly", "children"),
        ),
        Organization(
            "O2",
            "C2",
            "乙会",
            dt.date(2020, 1, 15),
            category="other",
            dissolved=dt.date(2022, 6, 30),
            registration="none",
            size="large",
            managed_by="township",
            charter=False,
        ),
    ]
    assert list(data.iter("federations")) == [
        Federation("F1", "township", "T1", dt.date(2021, 1, 5), name="一街道联合会")
    ]
    assert list(data.iter("establishments")) == [
        Establishment("E1", "service_centre", "city", dt.date(2019, 12, 27), name="市中心"),
        Establishment(
            "E2",
            "development_plan",
            "D1",
            dt.date(2021, 2, 1),
            name="三年计划",
            ended=dt.date(2023, 12, 31),
        ),
    ]
    assert list(data.iter("brand_projects")) == [
        BrandProject("B1", "O1", dt.date(2022, 5, 1), name="品牌项目")
    ]
    assert list(data.iter("events")) == [
        Event("V1", "training", "city", dt.date(2022, 7, 27), name="培训"),
        Event("V2", "gongyi_chuangtou", "T2", dt.date(2023, 4, 1), name="公益创投"),
    ]


def test_english_csv_folder_types_its_columns(valid_folder: Path) -> None:
    """Dates, booleans and lists become typed columns, not text."""
    frame = scoplan.load(valid_folder).frame("organizations")
    assert frame.schema["founded"] == pl.Date
    assert frame.schema["dissolved"] == pl.Date
    assert frame.schema["charter"] == pl.Boolean
    assert frame.schema["serves"] == pl.List(pl.String)
    assert frame.get_column("charter").to_list() == [True, False]


def test_sources_name_the_files_read(valid_folder: Path) -> None:
    """A loaded dataset names the eight CSV files it was read from."""
    data = scoplan.load(valid_folder)
    assert sorted(data.sources) == sorted(f"{name}.csv" for name in TABLE_NAMES)


def test_chinese_file_names_headers_and_codes_give_the_same_data(
    write_tables, valid_folder: Path
) -> None:
    """Chinese table file names, column headers and codes load as their English equivalents."""
    chinese = scoplan.load(write_tables(CHINESE_TABLES))
    assert_same_data(chinese, scoplan.load(valid_folder))


def test_utf8_with_bom_gives_the_same_data(
    write_tables, valid_tables: dict[str, str], valid_folder: Path
) -> None:
    """A byte-order mark before the first header does not hide the ``id`` column."""
    with_bom = write_tables(valid_tables, encoding="utf-8-sig")
    assert (with_bom / "districts.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert_same_data(scoplan.load(with_bom), scoplan.load(valid_folder))


def test_gb18030_files_give_the_same_data(write_tables, valid_folder: Path) -> None:
    """Files saved in GB18030 (as Excel does on Chinese Windows) read like UTF-8 ones."""
    folder = write_tables(CHINESE_TABLES, encoding="gb18030")
    raw = (folder / "区县.csv").read_bytes()
    assert raw.startswith("编号".encode("gb18030"))
    data = scoplan.load(folder)
    assert_same_data(data, scoplan.load(valid_folder))
    assert data.get("districts", "D1").name == "甲区"


def test_files_in_different_encodings_load_together(
    write_tables, valid_tables: dict[str, str], valid_folder: Path
) -> None:
    """Each file's encoding is found on its own: one GB18030 file among UTF-8 ones is fine."""
    folder = write_tables(valid_tables)
    (folder / "districts.csv").write_bytes(valid_tables["districts.csv"].encode("gb18030"))
    assert_same_data(scoplan.load(folder), scoplan.load(valid_folder))


def test_utf16_file_is_named_as_such(write_tables, valid_tables: dict[str, str]) -> None:
    """A UTF-16 file (Excel's "Unicode text") is reported as UTF-16, by file name."""
    folder = write_tables(valid_tables)
    (folder / "events.csv").write_bytes(valid_tables["events.csv"].encode("utf-16"))
    with pytest.raises(DataError) as error:
        scoplan.load(folder)
    assert problems_of(error) == {("utf16", "events.csv", None)}


def test_a_file_in_neither_encoding_names_the_line(
    write_tables, valid_tables: dict[str, str]
) -> None:
    """A file in neither UTF-8 nor GB18030 is a bad encoding, naming the first line neither
    reads."""
    folder = write_tables(valid_tables)
    text = "id,kind,unit_id,name,date\nV1,training,city,Café,2022-07-27\n"
    (folder / "events.csv").write_bytes(text.encode("latin-1"))
    with pytest.raises(DataError) as error:
        scoplan.load(folder)
    [problem] = error.value.problems
    assert (problem.code, problem.source, problem.params) == (
        "bad_encoding",
        "events.csv",
        {"line": 2},
    )


def test_list_cells_split_on_every_separator(write_tables, valid_tables: dict[str, str]) -> None:
    """A list cell splits on ``;``, ``；`` and ``、``, drops blanks, and maps Chinese codes."""
    valid_tables["organizations.csv"] = (
        "id,community_id,name,founded,serves\n"
        "O1,C1,甲会,2021-03-01,老年人；儿童、 women ;;own_group\n"
    )
    data = scoplan.load(write_tables(valid_tables))
    assert data.get("organizations", "O1").serves == ("elderly", "children", "women", "own_group")


def test_progress_is_told_each_file_in_order(valid_folder: Path) -> None:
    """The progress callback gets each table file's name, in sorted order."""
    seen: list[str] = []
    scoplan.load(valid_folder, progress=seen.append)
    assert seen == sorted(f"{name}.csv" for name in TABLE_NAMES)


# -- extra columns, tables ---------------------------------------------------------------


def test_unknown_columns_are_kept(write_tables, valid_tables: dict[str, str]) -> None:
    """A column DATA.md does not know is kept in the frame and in the object's ``extra``."""
    valid_tables["organizations.csv"] = (
        "id,community_id,name,founded,联系人,grade\n"
        "O1,C1,甲会,2021-03-01, 张三 ,A\n"
        "O2,C2,乙会,2020-01-15,,B\n"
    )
    data = scoplan.load(write_tables(valid_tables))
    frame = data.frame("organizations")
    assert frame.get_column("联系人").to_list() == ["张三", None]
    assert frame.get_column("grade").to_list() == ["A", "B"]
    assert data.get("organizations", "O1").extra == {"联系人": "张三", "grade": "A"}
    assert data.get("organizations", "O2").extra == {"联系人": None, "grade": "B"}


def test_a_file_named_for_no_table_is_skipped_with_a_warning(
    write_tables, valid_tables: dict[str, str]
) -> None:
    """``notes.csv`` and a summary ``分区县汇总.csv`` are no tables: skipped, each a warning
    naming the file; the data loads."""
    valid_tables["notes.csv"] = "id,text\nN1,hello\n"
    valid_tables["分区县汇总.csv"] = "区县,组织数\n屯溪区,3\n"
    data = scoplan.load(write_tables(valid_tables))
    assert sorted((p.code, p.source, p.table, p.severity) for p in data.warnings) == [
        ("unknown_table", "notes.csv", "notes", "warning"),
        ("unknown_table", "分区县汇总.csv", "分区县汇总", "warning"),
    ]


def test_a_file_named_close_to_a_table_is_an_error_naming_it(
    write_tables, valid_tables: dict[str, str]
) -> None:
    """``社区社会组织表.csv`` is close to 社区社会组织: an error that suggests it."""
    valid_tables["社区社会组织表.csv"] = "id,text\nN1,hello\n"
    with pytest.raises(DataError) as error:
        scoplan.load(write_tables(valid_tables))
    [problem] = error.value.problems
    assert (problem.code, problem.source) == ("unknown_table_near", "社区社会组织表.csv")
    assert problem.params["suggestion"] == "organizations (社区社会组织)"
    assert problem.params["suggestion_zh"] == "社区社会组织"


def test_files_other_than_csv_are_ignored(write_tables, valid_tables: dict[str, str]) -> None:
    """A README or a spreadsheet's lock file beside the CSV files is not read."""
    valid_tables["README.md"] = "# notes\n"
    data = scoplan.load(write_tables(valid_tables))
    assert data.size()["districts"] == 2


def test_missing_required_tables_are_errors(write_tables, valid_tables: dict[str, str]) -> None:
    """Without districts and organizations, both are reported missing, at once."""
    del valid_tables["districts.csv"]
    del valid_tables["organizations.csv"]
    del valid_tables["brand_projects.csv"]
    folder = write_tables(valid_tables)
    with pytest.raises(DataError) as error:
        scoplan.load(folder)
    missing = {p.table for p in error.value.problems if p.code == "missing_table"}
    assert missing == {"districts", "organizations"}


def test_optional_tables_may_be_absent(write_tables, valid_tables: dict[str, str]) -> None:
    """Federations, establishments, brand projects and events may be left out: they are empty."""
    for name in ("federations", "establishments", "brand_projects", "events"):
        del valid_tables[f"{name}.csv"]
    data = scoplan.load(write_tables(valid_tables))
    assert data.size() == {
        "districts": 2,
        "townships": 2,
        "communities": 2,
        "organizations": 2,
        "federations": 0,
        "establishments": 0,
        "brand_projects": 0,
        "events": 0,
    }
    assert data.frame("events").schema["date"] == pl.Date


def test_a_table_given_twice_is_an_error(write_tables, valid_tables: dict[str, str]) -> None:
    """``districts.csv`` beside ``区县.csv`` is the same table twice, an error."""
    valid_tables["区县.csv"] = CHINESE_TABLES["区县.csv"]
    with pytest.raises(DataError) as error:
        scoplan.load(write_tables(valid_tables))
    duplicates = [p for p in error.value.problems if p.code == "duplicate_table"]
    assert len(duplicates) == 1
    assert duplicates[0].table == "districts"


def test_empty_folder_has_no_tables(tmp_path: Path) -> None:
    """A folder without CSV files is reported as having no tables."""
    with pytest.raises(DataError) as error:
        scoplan.load(tmp_path)
    assert "no_tables" in {p.code for p in error.value.problems}


def test_missing_path_is_not_found(tmp_path: Path) -> None:
    """A path that does not exist gives one ``not_found`` problem naming it."""
    missing = tmp_path / "nowhere"
    with pytest.raises(DataError) as error:
        scoplan.load(missing)
    assert [(p.code, p.source) for p in error.value.problems] == [("not_found", str(missing))]


def test_a_file_that_is_not_json_is_not_data(tmp_path: Path) -> None:
    """A single file no loader reads is not a dataset; the message lists the forms of data
    read, in words a bureau knows, not the loaders' ids (csv, xlsx)."""
    path = tmp_path / "data.txt"
    path.write_text("id,name\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        scoplan.load(path)
    [problem] = error.value.problems
    assert problem.code == "no_loader"
    assert describe_problem(problem, "zh") == (
        f"{path}：无法识别的数据来源：可以读取的是CSV 文件夹、JSON 文件、Excel 工作簿（.xlsx）、"
        "SQLite 数据库文件或数据库地址（如 sqlite:///台账.db）"
    )
    assert describe_problem(problem, "en") == (
        f"{path}: not a form of data that can be read: give a folder of CSV files, a JSON file, "
        "an Excel workbook (.xlsx), an SQLite database file or a database URL "
        "(sqlite:///register.db)"
    )


def test_a_row_with_too_many_cells_is_one_problem_naming_it(
    write_tables, valid_tables: dict[str, str]
) -> None:
    """A row with more cells than the header is reported with its row, not as a crash."""
    valid_tables["events.csv"] = "id,kind,unit_id,name,date\nV1,training,city,培训,2022-07-27,x\n"
    with pytest.raises(DataError) as error:
        scoplan.load(write_tables(valid_tables))
    assert [(p.code, p.source, p.table, p.row) for p in error.value.problems] == [
        ("too_many_cells", "events.csv", "events", 2)
    ]


def test_failed_load_leaves_the_files_unchanged(write_tables, valid_tables: dict[str, str]) -> None:
    """Loading bad data changes nothing on disk."""
    valid_tables["organizations.csv"] = "id,community_id,name,founded\nO1,C1,甲会,someday\n"
    folder = write_tables(valid_tables)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    with pytest.raises(DataError):
        scoplan.load(folder)
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


# -- JSON documents ----------------------------------------------------------------------


def test_json_document_gives_the_same_data_as_csv(tmp_path: Path, valid_folder: Path) -> None:
    """A JSON document with JSON booleans, lists and nulls loads as the CSV folder does."""
    path = tmp_path / "data.json"
    path.write_text(json.dumps(JSON_DOCUMENT, ensure_ascii=False), encoding="utf-8")
    data = scoplan.load(path)
    assert_same_data(data, scoplan.load(valid_folder))
    assert data.get("organizations", "O1").serves == ("elderly", "children")
    assert data.get("organizations", "O2").charter is False


def test_json_numbers_become_string_ids(tmp_path: Path) -> None:
    """Ids written as JSON numbers are read as the same ids written as strings."""
    document = {
        "districts": [{"id": 341002, "name": "屯溪区", "kind": "district"}],
        "townships": [{"id": 341002001, "district_id": 341002, "name": "昱东街道", "kind": "街道"}],
        "communities": [],
        "organizations": [],
    }
    path = tmp_path / "numbers.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    data = scoplan.load(path)
    assert data.get("townships", "341002001") == Township(
        "341002001", "341002", "昱东街道", "street"
    )


def test_json_unknown_keys_are_extra_and_unknown_tables_warned_of(tmp_path: Path) -> None:
    """An unknown key of a row is kept as extra; a key named for no table is skipped with a
    warning, one close to a table's name is an error."""
    document = json.loads(json.dumps(JSON_DOCUMENT))
    document["organizations"][0]["grade"] = "A"
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert scoplan.load(path).get("organizations", "O1").extra == {"grade": "A"}

    document["notes"] = [{"id": "N1"}]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert [(p.code, p.table) for p in scoplan.load(path).warnings] == [("unknown_table", "notes")]
    document["organisations"] = [{"id": "N1"}]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataError) as error:
        scoplan.load(path)
    assert problems_of(error) == {("unknown_table_near", "extra.json", "organisations")}
    assert [(p.code, p.table) for p in error.value.warnings] == [("unknown_table", "notes")]


def test_invalid_json_names_its_line(tmp_path: Path) -> None:
    """Text that is not JSON gives ``bad_json`` with the line of the fault."""
    path = tmp_path / "broken.json"
    path.write_text('{\n  "districts": [\n    {"id": "D1",}\n  ]\n}\n', encoding="utf-8")
    with pytest.raises(DataError) as error:
        scoplan.load(path)
    [problem] = error.value.problems
    assert (problem.code, problem.source) == ("bad_json", "broken.json")
    assert problem.params["reason"].startswith("line 3, column 17: ")


def test_json_of_the_wrong_shape_is_reported(tmp_path: Path) -> None:
    """A table that is not a list, and a row that is not an object, are each reported."""
    path = tmp_path / "shape.json"
    path.write_text(json.dumps({"districts": {"id": "D1"}, "townships": [["T1"]]}), "utf-8")
    with pytest.raises(DataError) as error:
        scoplan.load(path)
    found = {(p.code, p.table, p.index) for p in error.value.problems}
    assert found == {("bad_shape", "districts", None), ("bad_shape", "townships", 0)}


# -- the bundled example -------------------------------------------------------------------


def _readme_rows(readme: Path) -> dict[str, int]:
    """The ``| `table.csv` | rows |`` lines of the example's README."""
    pattern = re.compile(r"^\| `(\w+)\.csv` \| (\d+) \|$")
    rows: dict[str, int] = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        match = pattern.match(line)
        if match:
            rows[match.group(1)] = int(match.group(2))
    return rows


def _csv_rows(path: Path) -> list[dict[str, str]]:
    """The data rows of a CSV file as the csv module reads them, blank lines left out."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row for row in csv.DictReader(handle) if any(v.strip() for v in row.values())]


def test_bundled_example_has_the_row_counts_of_its_readme() -> None:
    """The example loads, and each table has the rows its README states and csv counts."""
    folder = scoplan.example_path()
    stated = _readme_rows(folder / "README.md")
    counted = {path.stem: len(_csv_rows(path)) for path in folder.glob("*.csv")}
    assert stated == counted
    assert set(stated) == set(TABLE_NAMES)
    assert stated["organizations"] == 4865
    assert scoplan.load(folder).size() == stated


def test_bundled_example_as_json_is_the_same_data(tmp_path: Path) -> None:
    """The example's CSV rows written as one JSON document load to the same frames."""
    folder = scoplan.example_path()
    document = {path.stem: _csv_rows(path) for path in sorted(folder.glob("*.csv"))}
    path = tmp_path / "huangshan.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    from_json = scoplan.load(path)
    from_csv = scoplan.load(folder)
    assert_same_data(from_json, from_csv)
    assert from_json.fingerprint == from_csv.fingerprint


# -- every form of one register -------------------------------------------------------------


@pytest.fixture(scope="module")
def forms_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the examples of the property below (each example empties it)."""
    return tmp_path_factory.mktemp("forms")


def _loaded(folder: Path) -> Dataset:
    return scoplan.load(folder)


@settings(max_examples=max(10, int(settings.default.max_examples * 0.6)))
@given(rows=registers(), form=csv_forms())
def test_every_form_of_a_register_reads_fast_to_the_same_dataset(
    forms_folder: Path, rows: dict[str, list[dict[str, Any]]], form: Form
) -> None:
    """The same tables written in any form DATA.md allows (GB18030 or UTF-8 with or without
    a BOM, CRLF or LF, Chinese or English names, codes, yes/no, dates and list separators)
    take the fast path, and load to the dataset the English UTF-8 files load to, which is
    also what the careful path reads from them."""
    shutil.rmtree(forms_folder)
    english = write_tables(forms_folder / "english", rows)
    other = write_tables_in(forms_folder / "other", rows, form)
    for path in sorted(other.iterdir()):
        table = canonical_table(path.stem)
        assert table is not None
        assert read_typed_csv(path, table) is not None, path.name
    expected, fast = _loaded(english), _loaded(other)
    with mock.patch.object(csv_folder, "read_typed_csv", return_value=None):
        careful = _loaded(other)
    for table in TABLE_NAMES:
        assert_frame_equal(fast.frame(table), expected.frame(table))
        assert_frame_equal(careful.frame(table), expected.frame(table))
    assert fast.fingerprint == expected.fingerprint
    assert fast.warnings == careful.warnings
    event(f"encoding {form.encoding}, line end {form.line_end!r}")
    event(f"codes spelt {form.spellings}, yes/no {form.yes_no}, dates {form.dates}")
    event(f"{len(rows['organizations'])} organizations" if rows["organizations"] else "no rows")


def _bureau_folder(path: Path, tables: dict[str, list[list[str]]] | None = None) -> Path:
    import bureau

    return bureau.write(path, tables)


def _same_as_careful(folder: Path) -> Dataset:
    """The dataset ``folder`` loads to, checked equal to what the careful path reads."""
    fast = scoplan.load(folder)
    with mock.patch.object(csv_folder, "read_typed_csv", return_value=None):
        careful = scoplan.load(folder)
    for table in TABLE_NAMES:
        assert_frame_equal(fast.frame(table), careful.frame(table))
    return fast


@pytest.mark.parametrize("piece", [64, 1 << 24])
def test_a_bureaus_register_reads_fast_in_pieces_of_any_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    """A GB18030 register read in pieces of 64 bytes (a few lines each, a line longer than a
    piece too) or of 16 MB reads fast, to what the careful path reads."""
    monkeypatch.setattr(csv_folder, "_FAST_PIECE_BYTES", piece)
    folder = _bureau_folder(tmp_path / "register")
    for path in folder.iterdir():
        assert read_typed_csv(path, canonical_table(path.stem) or "") is not None, path.name
    data = _same_as_careful(folder)
    assert data.get("organizations", "HS002").serves == ("elderly", "children")


def test_a_bureaus_register_read_in_many_pieces_for_a_plan_sums_and_numbers_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A GB18030 register of 40 organizations read in pieces of 64 bytes (a line or two each,
    typed in two threads) for a plan that leaves columns out: its fingerprint is that of the
    register read whole, and a row late in the file is named by its line."""
    import bureau

    tables = bureau.register()
    # without the register's column of its own (负责人), which no column is left out beside
    organizations = tables["社区社会组织"] = [row[:-1] for row in tables["社区社会组织"]]
    first = organizations[1]
    for n in range(40 - (len(organizations) - 1)):
        organizations.append([f"HX{n:03d}", *first[1:]])
    organizations[-1][bureau.column(organizations, "成立日期")] = "2099/1/1"  # line 41
    folder = _bureau_folder(tmp_path / "register", tables)
    plan = scoplan.load_plan(Path(__file__).resolve().parents[1] / "benchmarks" / "headline.toml")
    whole = scoplan.load(folder)  # one piece, every column kept
    monkeypatch.setattr(csv_folder, "_FAST_PIECE_BYTES", 64)
    assert read_typed_csv(folder / "社区社会组织.csv", "organizations") is not None
    held = scoplan.load(folder, plan=plan)
    assert held.dropped["organizations"]  # columns were left out as the pieces were read
    assert held.fingerprint == whole.fingerprint
    late = [w.row for w in held.warnings if w.code == "future_date"]
    assert late == [41]
    assert late == [w.row for w in whole.warnings if w.code == "future_date"]


def _slashed_register(days: list[str]) -> dict[str, list[list[str]]]:
    """The bureau's register with its organizations founded on ``days`` (2021/3/1 form), one
    each in turn; the last one's category written in English."""
    import bureau

    tables = bureau.register()
    organizations = tables["社区社会组织"]
    founded = bureau.column(organizations, "成立日期")
    for row, day in zip(organizations[1:], days, strict=True):
        row[founded] = day
    organizations[-1][bureau.column(organizations, "类别")] = "governance"
    return tables


def test_days_and_codes_first_seen_in_a_later_piece_read_fast(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Days written 2021/3/1 and Chinese codes are typed a distinct cell at a time: a day or
    a code (in English) that only a later piece holds is typed there too, as the careful
    path types it."""
    monkeypatch.setattr(csv_folder, "_FAST_PIECE_BYTES", 64)
    days = ["2022/4/25", "2021/3/1", "2021/5/6", "2020/10/1", "2019/12/31"]
    folder = _bureau_folder(tmp_path / "register", _slashed_register(days))
    assert read_typed_csv(folder / "社区社会组织.csv", "organizations") is not None
    data = _same_as_careful(folder)
    founded = [data.get("organizations", f"HS00{n}").founded for n in range(1, 6)]
    assert founded == [
        dt.date(2022, 4, 25),
        dt.date(2021, 3, 1),
        dt.date(2021, 5, 6),
        dt.date(2020, 10, 1),
        dt.date(2019, 12, 31),
    ]
    assert data.get("organizations", "HS005").category == "governance"
    assert data.get("organizations", "HS001").category == "volunteer"


def test_a_day_that_is_none_in_a_later_piece_goes_the_careful_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2021/2/30 in the last piece of a register whose days are all written 2021/3/1: the
    careful path names its row."""
    monkeypatch.setattr(csv_folder, "_FAST_PIECE_BYTES", 64)
    days = ["2022/4/25", "2021/3/1", "2021/5/6", "2020/10/1", "2021/2/30"]
    folder = _bureau_folder(tmp_path / "register", _slashed_register(days))
    assert read_typed_csv(folder / "社区社会组织.csv", "organizations") is None
    with pytest.raises(DataError) as error:
        scoplan.load(folder)
    assert [(p.code, p.row) for p in error.value.problems] == [("no_such_date", 6)]


def test_a_cell_over_two_lines_in_a_bureaus_register_reads_fast(tmp_path: Path) -> None:
    """A quoted cell holding a line end (Alt+Enter in Excel) in a GB18030 file: read fast,
    the rows after it numbered as a spreadsheet numbers them."""
    import bureau

    tables = bureau.register()
    organizations = tables["社区社会组织"]
    organizations[2][bureau.column(organizations, "负责人")] = "吴红金\n(代)"
    organizations[4][bureau.column(organizations, "名称")] = "重复"
    organizations[4][0] = organizations[1][0]  # a duplicate id, to see its row named
    folder = _bureau_folder(tmp_path / "register", tables)
    assert read_typed_csv(folder / "社区社会组织.csv", "organizations") is not None
    with pytest.raises(DataError) as error:
        scoplan.load(folder)
    (problem,) = [p for p in error.value.problems if p.code == "duplicate_id"]
    assert (problem.row, problem.params["first_row"]) == (5, 2)


def test_a_utf8_line_in_a_gb18030_file_goes_the_careful_way(tmp_path: Path) -> None:
    """A line written in UTF-8 after GB18030 ones (bytes that read as GB18030 too, into other
    characters) is found on the fast path without decoding every line, and the careful path
    names it."""
    folder = _bureau_folder(tmp_path / "register")
    path = folder / "活动.csv"
    text = "HD03,培训,city,培训,2023-01-05\r\n"
    line = text.encode()
    line.decode("gb18030")  # valid GB18030 as well
    written = path.read_bytes()
    path.write_bytes(written + text.encode("gb18030"))
    assert read_typed_csv(path, "events") is not None  # the same line in GB18030: fast
    path.write_bytes(written + line)
    assert read_typed_csv(path, "events") is None
    with pytest.raises(DataError) as error:
        scoplan.load(folder)
    assert [(p.code, p.params.get("other")) for p in error.value.problems] == [
        ("mixed_encoding", 4)
    ]


def test_bytes_that_are_not_gb18030_in_a_later_piece_go_the_careful_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A byte that is no GB18030 far into a file (a later piece) sends the file the careful
    way, which names its line; nothing is replaced."""
    monkeypatch.setattr(csv_folder, "_FAST_PIECE_BYTES", 64)
    folder = _bureau_folder(tmp_path / "register")
    path = folder / "社区.csv"
    data = path.read_bytes()
    name = "问政村村委会".encode("gb18030")
    assert name in data
    path.write_bytes(data.replace(name, b"\x81\x20"))
    assert read_typed_csv(path, "communities") is None
    with pytest.raises(DataError) as error:
        scoplan.load(folder)
    assert [p.code for p in error.value.problems] == ["bad_encoding"]
