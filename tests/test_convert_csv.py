"""``scoplan convert DATA FOLDER/``: a dataset written as a folder of CSV files (scoplan.writing).

The property is the round trip: the folder reads back to the dataset it was written from —
the same fingerprint, the same JSON report — whatever the names (English or Chinese) and
the encoding (UTF-8 with a BOM, or GB18030). And a folder is written only where nothing
would be lost: a new or empty folder, or with ``--force`` one holding only the CSV files of
tables.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import bureau
import pytest
from builders import (
    PLAN_HEAD,
    community,
    district,
    milestone_toml,
    organization,
    township,
    write_tables,
)
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from judged import judged, must_judge
from polars.testing import assert_frame_equal
from strategies import registers

import scoplan
from scoplan import ScoplanError
from scoplan.cli import main
from scoplan.writing import convert

TABLE_NAMES = (
    "districts",
    "townships",
    "communities",
    "organizations",
    "federations",
    "establishments",
    "brand_projects",
    "events",
)
CHINESE_NAMES = (
    *("区县", "乡镇街道", "社区", "社区社会组织"),
    *("联合会", "平台与制度", "品牌项目", "活动"),
)
BOM = b"\xef\xbb\xbf"


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def evaluated(source: str, *plan: str) -> dict[str, Any]:
    """The JSON report of ``scoplan evaluate SOURCE`` as of 2023-12-31, exit code 1 (some
    milestone not met)."""
    result = run("evaluate", source, *plan, "--format", "json", "--as-of", "2023-12-31")
    assert result.exit_code == 1, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


@pytest.fixture(scope="module")
def example_report() -> dict[str, Any]:
    """The JSON report of the bundled example (``scoplan evaluate`` with no data)."""
    return evaluated(str(scoplan.example_path()))


@pytest.mark.parametrize("names", ["en", "zh"])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_the_example_as_a_csv_folder_gives_the_same_json_report(
    tmp_path: Path, example_report: dict[str, Any], names: str, encoding: str
) -> None:
    """The bundled example converted to a folder (a new name without a suffix) reports
    exactly what the example does: the same results, warnings and fingerprint; only where
    the data was read differs."""
    out = tmp_path / "csvdir"
    result = run(
        "convert",
        str(scoplan.example_path()),
        str(out),
        "--names",
        names,
        "--encoding",
        encoding,
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}: 8 tables, 6415 rows\n"
    expected = TABLE_NAMES if names == "en" else CHINESE_NAMES
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.csv" for name in expected)
    report = evaluated(str(out))
    assert report["fingerprint"] == example_report["fingerprint"]
    assert report["source"]["rows"] == example_report["source"]["rows"]
    assert report["source"]["location"] == str(out)
    for key in example_report.keys() - {"source"}:
        assert report[key] == example_report[key], key


def test_the_files_are_what_excel_in_china_opens(tmp_path: Path, valid_folder: Path) -> None:
    """UTF-8 files begin with a BOM (without it Excel reads them as GBK), rows end in CRLF;
    dates are ISO, booleans true/false, an empty list an empty cell; GB18030 files have no
    BOM and the same text."""
    convert(valid_folder, str(tmp_path / "utf8"), names="zh")
    convert(valid_folder, str(tmp_path / "gb"), names="zh", encoding="gb18030")
    utf8 = (tmp_path / "utf8" / "社区社会组织.csv").read_bytes()
    gb = (tmp_path / "gb" / "社区社会组织.csv").read_bytes()
    assert utf8.startswith(BOM + "编号,所属社区,名称,".encode())
    assert not gb.startswith(BOM)
    assert gb.decode("gb18030") == utf8[len(BOM) :].decode("utf-8")
    lines = utf8[len(BOM) :].decode("utf-8").split("\r\n")
    assert lines[0] == (
        "编号,所属社区,名称,类别,成立日期,注销日期,登记状态,规模,管理主体,简易章程,"
        "品牌认定日期,服务对象"
    )
    assert lines[1:] == [
        "O1,C1,甲会,charity,2021-03-01,,filed,small,community,true,2022-05-01,elderly;children",
        "O2,C2,乙会,other,2020-01-15,2022-06-30,none,large,township,false,,",
        "",  # every line ends in CRLF, none in LF alone
    ]


def test_lists_dates_booleans_and_extra_columns_read_back(tmp_path: Path) -> None:
    """A bureau's register (GB18030, Chinese codes, 2021/3/1 and 2021年5月6日, 老年人、儿童,
    是/否, its own 负责人 column) converted to UTF-8 English files reads back the same."""
    source = bureau.write(tmp_path / "台账")
    out = tmp_path / "out"
    convert(source, str(out))
    lines = (out / "organizations.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[0].endswith(",serves,负责人")
    assert lines[2] == (
        "HS002,341002001001,荷花池邻里守望队,mutual_aid,2021-03-01,,registered,small,"
        "community,true,,elderly;children,吴红金"
    )
    assert lines[3].startswith("HS003,341002001002,上新文体队,culture_sports,2021-05-06,,")
    assert lines[3].endswith(",false,,,江强玉")
    before, after = scoplan.load(source), scoplan.load(out)
    for table in TABLE_NAMES:
        assert_frame_equal(after.frame(table), before.frame(table))
    assert after.fingerprint == before.fingerprint


def test_a_bureaus_workbook_gives_the_same_results_as_its_csv_folder(tmp_path: Path) -> None:
    """A 台账 workbook as a district keeps it (a title row, a 序号 column, a total row)
    evaluates to the same results as the folder converted from it: the warnings about the
    workbook's own form (the title row and the total row skipped) are not the folder's."""
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    organizations[0].insert(0, "序号")
    for number, row in enumerate(organizations[1:], 1):
        row.insert(0, str(number))
    width = len(organizations[0])
    organizations.insert(0, ["黄山市社区社会组织台账", *[""] * (width - 1)])
    organizations.append(["合计", *[""] * (width - 1)])
    source = bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    plan = tmp_path / "plan.toml"
    due = dt.date(2023, 12, 31)
    plan.write_text(
        PLAN_HEAD
        + milestone_toml("urban", "urban-average", due, {"threshold": 2})
        + milestone_toml("rural", "rural-average", due, {"threshold": 1}),
        encoding="utf-8",
    )
    out = tmp_path / "csvdir"
    assert run("convert", str(source), f"{out}/", "--names", "zh").exit_code == 0
    before = evaluated(str(source), "--plan", str(plan))
    after = evaluated(str(out), "--plan", str(plan))
    assert [r["status"] for r in before["results"]] == ["not_met", "met"]
    assert before["results"] == after["results"]
    assert before["summary"] == after["summary"]
    assert before["fingerprint"] == after["fingerprint"]
    assert [w["code"] for w in before["warnings"]] == ["title_rows", "total_row", "stale_data"]
    assert [w["code"] for w in after["warnings"]] == ["stale_data"]
    header = (out / "社区社会组织.csv").read_bytes().decode("utf-8-sig").split("\r\n")[0]
    assert header.startswith("编号,所属社区,名称,")
    assert header.endswith(",服务对象,序号,负责人")


@pytest.fixture(scope="module")
def round_trips(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for the examples of the property below (each example empties it)."""
    return tmp_path_factory.mktemp("round-trips")


@must_judge("organizations read back", "a warning read back alike", "a GB18030 folder")
@settings(max_examples=max(10, int(settings.default.max_examples * 0.4)))
@given(
    rows=registers(),
    names=st.sampled_from(["en", "zh"]),
    encoding=st.sampled_from(["utf-8", "gb18030"]),
)
def test_any_register_reads_back_from_its_csv_folder(
    round_trips: Path, rows: dict[str, list[dict[str, Any]]], names: str, encoding: str
) -> None:
    """Every kind of cell DATA.md names (codes, dates, yes/no, lists or none, empty cells, a
    bureau's own column) written to a folder in any names and encoding reads back to the
    same frames and fingerprint."""
    shutil.rmtree(round_trips)
    source = write_tables(round_trips / "source", rows)
    out = round_trips / "out"
    convert(source, str(out), names=names, encoding=encoding)
    before, after = scoplan.load(source), scoplan.load(out)
    for table in TABLE_NAMES:
        assert_frame_equal(after.frame(table), before.frame(table))
    assert after.fingerprint == before.fingerprint
    # the same warnings, of the files as this folder names them
    assert sorted((w.code, w.table) for w in after.warnings) == sorted(
        (w.code, w.table) for w in before.warnings
    )
    judged("organizations read back", after.frame("organizations").height > 0)
    judged("a warning read back alike", bool(before.warnings))
    judged("a GB18030 folder", encoding == "gb18030")


HOSTILE_NAMES = (
    '=HYPERLINK("x")',
    "+1社",
    "-",
    "@名",
    "甲\x01乙\x1b]0;pwned\x07",
    "一行\r\n两行",
    "x\ny",
    " 前有空格",
    "后有空格 ",
    '"引号"',
    "\u202e反",
    "a,b",
    "𠀀字",  # outside GBK: four bytes in GB18030
)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_any_text_reads_back_unchanged(tmp_path: Path, encoding: str) -> None:
    """Names a spreadsheet might take for a formula, control characters, line breaks, spaces
    at an end, quotes, a bidi override, commas, a character outside GBK are written as they
    are (a CSV file has no text cell to mark, nothing may be changed): scoplan reads each
    back unchanged."""
    rows = {
        "districts": [district("D1")],
        "townships": [township("T1", "D1")],
        "communities": [community("C1", "T1")],
        "organizations": [
            organization(f"O{i}", "C1", name=name) for i, name in enumerate(HOSTILE_NAMES)
        ],
    }
    source = write_tables(tmp_path / "source", rows)
    out = tmp_path / "out"
    convert(source, str(out), encoding=encoding)
    names = scoplan.load(out).frame("organizations").get_column("name").to_list()
    # spaces at an end are no part of a name, nor is a line break in it (a space between
    # Latin letters): the source reads without them
    on_one_line = {"一行\r\n两行": "一行两行", "x\ny": "x y"}
    assert names == [on_one_line.get(name, name.strip()) for name in HOSTILE_NAMES]
    assert scoplan.load(out).fingerprint == scoplan.load(source).fingerprint


# -- where a folder is written, and where not ---------------------------------------------------


@pytest.mark.parametrize("given", ["new", "new/", "deeper/new", "v2.0/"])
def test_a_folder_is_a_new_name_without_a_suffix_or_one_ending_in_a_slash(
    tmp_path: Path, valid_folder: Path, given: str
) -> None:
    """A new name without a suffix, or any name ending in ``/`` (``v2.0/``), is a folder,
    made with the folders above it."""
    target = f"{tmp_path}/{given}"
    written = convert(valid_folder, target)
    assert (written.target, written.tables, written.rows) == (target, 8, 14)
    folder = Path(target)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in TABLE_NAMES)
    assert scoplan.load(folder).fingerprint == scoplan.load(valid_folder).fingerprint


def test_an_empty_folder_that_exists_is_written_without_force(
    tmp_path: Path, valid_folder: Path
) -> None:
    """A folder that exists, empty, is written into whatever its name (``v2.0``)."""
    folder = tmp_path / "v2.0"
    folder.mkdir()
    convert(valid_folder, str(folder))
    assert len(list(folder.iterdir())) == 8


def test_a_folder_written_before_is_replaced_only_with_force(
    tmp_path: Path, valid_folder: Path
) -> None:
    """The CSV files of a folder written before are kept unless ``force``; then the folder is
    replaced whole: Chinese files written before are gone, not read twice beside the
    English ones."""
    folder = tmp_path / "out"
    convert(valid_folder, str(folder), names="zh")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = run("convert", str(valid_folder), str(folder))
    assert result.exit_code == 2
    assert result.stderr == (
        f"错误：{folder}：文件夹不为空，其中已有数据表的 CSV 文件；如需替换，请加 --force\n"
    )
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    result = run("convert", str(valid_folder), str(folder), "--force")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.csv" for t in TABLE_NAMES)
    assert list(tmp_path.glob(".*")) == []  # no folder left beside it
    assert scoplan.load(folder).fingerprint == scoplan.load(valid_folder).fingerprint


@pytest.mark.parametrize("other", ["说明.txt", "organizations.CSV", "sub"])
def test_a_folder_holding_anything_else_is_never_replaced(
    tmp_path: Path, valid_folder: Path, other: str
) -> None:
    """A folder holding a file that is not a table's CSV file (or a folder) is refused, even
    with ``--force``: replacing the folder would lose it."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "organizations.csv").write_text("kept", encoding="utf-8")
    if other == "sub":
        (folder / other).mkdir()
    else:
        (folder / other).write_text("kept", encoding="utf-8")
    for force in ([], ["--force"]):
        result = run("convert", str(valid_folder), str(folder), *force, "--lang", "en")
        assert result.exit_code == 2
        assert result.stderr == (
            f"error: {folder}: the folder holds {other!r}, which is not the CSV file of a table; "
            "the folder is replaced as a whole, so not even --force removes it: "
            "name an empty or new folder\n"
        )
    assert sorted(p.name for p in folder.iterdir()) == sorted(["organizations.csv", other])
    assert (folder / "organizations.csv").read_text(encoding="utf-8") == "kept"


@pytest.mark.parametrize("slash", ["", "/"])
def test_a_file_that_exists_is_not_taken_for_a_folder(
    tmp_path: Path, valid_folder: Path, slash: str
) -> None:
    """An output that names a file (``out``, ``out/``) is refused, even with ``--force``: it is
    not replaced by a folder."""
    path = tmp_path / "out"
    path.write_bytes(b"keep me")
    for lang, said in [
        (
            "zh",
            f"错误：{path}{slash}：这是一个已有的文件，不是文件夹：CSV 文件请写入一个新的或空的"
            "文件夹；要写成工作簿，请用 .xlsx 结尾的名称\n",
        ),
        (
            "en",
            f"error: {path}{slash}: this is a file that exists, not a folder: CSV files are "
            "written into a new or empty folder; for a workbook, give a name ending in .xlsx\n",
        ),
    ]:
        result = run("convert", str(valid_folder), f"{path}{slash}", "--force", "--lang", lang)
        assert result.exit_code == 2
        assert result.stderr == said
    assert path.read_bytes() == b"keep me"


def test_a_folder_that_cannot_be_made_is_said(tmp_path: Path, valid_folder: Path) -> None:
    """A folder inside a file cannot be made: said in the user's words, naming the output."""
    (tmp_path / "afile").write_bytes(b"")
    target = f"{tmp_path}/afile/out"
    result = run("convert", str(valid_folder), target)
    assert result.exit_code == 2
    assert result.stderr == f"错误：{target}：路径中有一段不是文件夹\n"
    result = run("convert", str(valid_folder), target, "--lang", "en")
    assert result.stderr == f"error: {target}: Not a directory\n"


def test_converting_a_folder_into_itself_is_refused(tmp_path: Path, valid_folder: Path) -> None:
    """A folder converted onto itself (to change its encoding) is refused, even with
    ``--force``, and left as it was."""
    before = {p.name: p.read_bytes() for p in valid_folder.iterdir()}
    with pytest.raises(ScoplanError) as error:
        convert(valid_folder, str(valid_folder), force=True, encoding="gb18030")
    assert "the output is one of the inputs" in str(error.value)
    assert {p.name: p.read_bytes() for p in valid_folder.iterdir()} == before


@pytest.mark.parametrize("target", ["out.csv", "out.txt", "data.json"])
def test_a_name_with_another_suffix_is_no_output(
    tmp_path: Path, valid_folder: Path, target: str
) -> None:
    """``out.csv`` (one file cannot hold eight tables), ``out.txt``, ``data.json`` are
    refused, saying which names are outputs; nothing is made (``out.db`` is a database:
    tests/test_writing.py)."""
    result = run("convert", str(valid_folder), str(tmp_path / target), "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {tmp_path / target}: the output is an .xlsx file, a folder of CSV files (a "
        "name ending in /, or a new name without a suffix) or an SQLite database (OUT.db, "
        "OUT.sqlite, or sqlite:///OUT.db)\n"
    )
    assert not (tmp_path / target).exists()


def test_an_encoding_is_for_a_csv_folder_only(tmp_path: Path, valid_folder: Path) -> None:
    """``--encoding`` with a workbook is refused rather than ignored."""
    result = run("convert", str(valid_folder), str(tmp_path / "out.xlsx"), "--encoding", "gb18030")
    assert result.exit_code == 2
    assert result.stderr == (
        f"错误：{tmp_path / 'out.xlsx'}：--encoding 只用于写成 CSV 文件夹；"
        "工作簿和 SQLite 数据库不需要指定编码\n"
    )
    assert not (tmp_path / "out.xlsx").exists()
