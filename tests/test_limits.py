"""What an input may cost (scoplan.limits): each limit refuses before the costly read.

Every hostile input is built here, small or streamed: a zip bomb of shared strings, a
header of a million columns, a recursive view that never ends, a plan of a million
milestones, a date ten thousand years away, a plan's words that pad to 100 MB. Those that
would cost gigabytes or minutes if the check regressed run in a subprocess under a memory
limit (``RLIMIT_AS``) and a timeout, so a regression fails the test instead of taking the
machine. Each refusal exits 2 with a message in Chinese and in English naming the file or
table, the limit and how to raise it; raising it lets the honest giant through.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import resource
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import bureau
import polars as pl
import pytest
from builders import PLAN_HEAD, duckdb_database, milestone_toml
from click.testing import CliRunner
from conftest import VALID_TABLES

import scoplan
from scoplan import DataError, Limits, PlanError, ScoplanError
from scoplan.cli import main
from scoplan.i18n import describe_problem, translate
from scoplan.limits import EARLIEST, LATEST, NAMES, amount, parse
from scoplan.writing import convert

MEMORY = 1536 << 20
"""What a process running a hostile input may map: 1.5 GiB (the command itself needs ~200 MB)."""
TIMEOUT = 240
"""Seconds before a hostile run counts as hung: generous, for a machine shared by many."""

RAISE_EN = "(if that is right, raise the limit: --limit {name}=N, or Limits({name}=N) in Python)"
RAISE_ZH = "（如确属正常，可提高上限：--limit {name}=N，Python 中 Limits({name}=N)）"


def raise_en(name: str) -> str:
    return RAISE_EN.format(name=name)


def raise_zh(name: str) -> str:
    return RAISE_ZH.format(name=name)


def bounded(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The command run in a new process that may map no more than :data:`MEMORY` and is
    killed after :data:`TIMEOUT` seconds (the test then fails with TimeoutExpired)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    environment = {k: v for k, v in os.environ.items() if k != "SCOPLAN_DEBUG"}
    return subprocess.run(
        [sys.executable, "-c", "from scoplan.cli import main; main()", *args],
        preexec_fn=limit,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
        cwd=cwd,
        env=environment,
    )


def refused_in_both_languages(*args: str, cwd: Path | None = None) -> dict[str, str]:
    """``{lang: stderr}`` of the command in each language, bounded, having exited 2 with no
    traceback and nothing on standard output."""
    said = {}
    for lang in ("zh", "en"):
        completed = bounded(*args, "--lang", lang, cwd=cwd)
        assert completed.returncode == 2, completed.stderr[-2000:]
        assert completed.stdout == ""
        assert "Traceback" not in completed.stderr
        said[lang] = completed.stderr
    return said


def run(*args: str) -> Any:
    """The command, in-process (for inputs small whether or not the limit holds)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def cli_refuses(*args: str) -> dict[str, str]:
    """``{lang: stderr}`` of the in-process command in each language, each having exited 2."""
    said = {}
    for lang in ("zh", "en"):
        result = run(*args, "--lang", lang)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        said[lang] = result.stderr
    return said


def problems_loading(source: Path | str, limits: Limits | None = None) -> tuple[Any, ...]:
    with pytest.raises(DataError) as error:
        scoplan.load(source, limits=limits)
    return error.value.problems


def said(problems: tuple[Any, ...], lang: str) -> list[str]:
    return [describe_problem(p, lang) for p in problems]


@pytest.fixture
def folder(tmp_path: Path) -> Callable[..., Path]:
    """A function writing the valid dataset, with some files changed, into a new folder."""

    def write(changes: Mapping[str, str | bytes] | None = None, name: str = "data") -> Path:
        path = tmp_path / name
        path.mkdir()
        for file, text in {**VALID_TABLES, **(changes or {})}.items():
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            (path / file).write_bytes(data)
        return path

    return write


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """A plan that fits the valid dataset: one milestone, due 2022."""
    path = tmp_path / "plan.toml"
    milestone = milestone_toml("m", "urban-average", dt.date(2022, 12, 31), {"threshold": 1})
    path.write_text(PLAN_HEAD + milestone, encoding="utf-8")
    return path


# -- the limits themselves ----------------------------------------------------------------------


def test_the_defaults_hold_the_whole_country() -> None:
    """5 million organizations (567 MB of CSV) pass every default with room to spare."""
    limits = Limits()
    assert limits.rows >= 4 * 5_000_000
    assert limits.file_bytes >= 4 * 567_000_000
    assert limits.columns >= 12 * 10
    assert limits.milestones >= 100 * 35  # the Huangshan plan has 35


def test_every_limit_is_in_the_readme_table_with_its_default() -> None:
    """The README's "Limits" table has one row per limit, giving the default as it is."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Limits") :]
    section = section[: section.find("\n## ", 1)]
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| ([^|]+?) \|", section, re.M))
    assert set(rows) == set(NAMES)
    for name in NAMES:
        assert rows[name].replace(",", "") == amount(name, getattr(Limits(), name)), name


def test_a_limit_is_given_as_name_equals_value() -> None:
    """``rows=50000000``, ``part_bytes=2GiB``, ``cell-bytes=128 KiB``, ``columns=2_000``."""
    limits = parse(["rows=50000000", "part_bytes=2GiB", "cell-bytes=128 KiB", "columns=2_000"])
    assert limits == Limits(rows=50_000_000, part_bytes=2 << 30, cell_bytes=128 << 10, columns=2000)
    assert parse([]) == Limits()


@pytest.mark.parametrize(
    "entry",
    [
        "rows",
        "rows=",
        "rows=-1",
        "rows=0",
        "speed=3",
        "rows=1e9",
        "rows=3 parsecs",
        "rows=" + "9" * 5000,
    ],
)
def test_a_limit_not_of_that_form_is_refused(entry: str) -> None:
    """Each names the entry and the limits there are, in both languages."""
    with pytest.raises(ScoplanError) as error:
        parse([entry])
    [problem] = error.value.problems
    assert problem.code == "bad_limit"
    # a long entry is cut in messages (scoplan._display.TEXT_LIMIT): its start is named
    shown = entry[:150]
    assert repr(shown)[:-1] in describe_problem(problem, "en")
    assert f"“{shown}" in describe_problem(problem, "zh")
    assert "part_bytes" in describe_problem(problem, "en")


def test_a_limit_below_one_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="rows"):
        Limits(rows=0)


@pytest.mark.parametrize("command", ["evaluate", "convert"])
def test_the_command_refuses_a_bad_limit(command: str, tmp_path: Path) -> None:
    """``--limit speed=3``: exit 2, said in each language, nothing read or written."""
    args = ["evaluate"] if command == "evaluate" else ["convert", "x", str(tmp_path / "o.xlsx")]
    said = cli_refuses(*args, "--limit", "speed=3")
    assert "--limit：“speed=3”不是可用的上限" in said["zh"]
    assert "--limit: 'speed=3' is not a limit" in said["en"]
    assert not (tmp_path / "o.xlsx").exists()


# -- CSV files: the header counted from its first line, before polars -----------------------


def test_a_header_of_100000_columns_is_refused_before_polars_reads_it(
    folder: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header is counted from the file's first line; polars never sees the file."""
    header = "id,community_id,name,founded," + ",".join(f"c{i}" for i in range(100_000))
    path = folder({"organizations.csv": header + "\nO1,C1,甲会,2021-03-01\n"})
    seen: list[str] = []
    read_csv, scan_csv = pl.read_csv, pl.scan_csv

    def reading(source: Any, *args: Any, **kwargs: Any) -> Any:
        text = source if isinstance(source, bytes) else Path(source).read_bytes()
        if b"c99999" in text:
            seen.append("wide")
        return (read_csv if isinstance(source, bytes) else scan_csv)(source, *args, **kwargs)

    monkeypatch.setattr(pl, "read_csv", reading)
    monkeypatch.setattr(pl, "scan_csv", reading)
    problems = problems_loading(path)
    assert seen == []
    assert said(problems, "en") == [
        "organizations.csv, row 1: the table organizations has more than 512 columns: not "
        "read " + raise_en("columns")
    ]
    assert said(problems, "zh") == [
        "organizations.csv，第1行：数据表“社区社会组织”超过 512 列，未读取" + raise_zh("columns")
    ]


def test_a_header_of_a_million_columns_is_refused_in_little_memory(
    folder: Callable[..., Path],
) -> None:
    """8 MB of header used to take 5.5 GB and abort inside the CSV reader: now refused, from
    the first MiB of the line, under a memory limit."""
    header = "id,community_id,name,founded," + ",".join(f"c{i}" for i in range(1_000_000))
    path = folder({"organizations.csv": header + "\nO1,C1,甲会,2021-03-01\n"})
    said = refused_in_both_languages("evaluate", str(path))
    assert "organizations.csv，第1行：数据表“社区社会组织”超过 512 列" in said["zh"]
    assert "--limit columns=N" in said["zh"]
    assert (
        "organizations.csv, row 1: the table organizations has more than 512 columns"
        in (said["en"])
    )
    assert raise_en("columns") in said["en"]


def test_a_raised_limit_lets_an_honest_wide_table_through(
    folder: Callable[..., Path], plan_file: Path
) -> None:
    """600 columns are past the default; ``--limit columns=1000`` reads them (also in
    ``convert``), and ``limits=Limits(columns=1000)`` in Python."""
    text = VALID_TABLES["organizations.csv"]
    header, rest = text.split("\n", 1)
    extra = ",".join(f"note_{i}" for i in range(600))
    rows = "".join(line + "," * 600 + "\n" for line in rest.splitlines())
    path = folder({"organizations.csv": f"{header},{extra}\n{rows}"})
    args = ("evaluate", str(path), "--plan", str(plan_file), "--as-of", "2023-12-31")
    said = cli_refuses(*args)
    assert "数据表“社区社会组织”超过 512 列" in said["zh"]
    assert "the table organizations has more than 512 columns" in said["en"]
    result = run(*args, "--limit", "columns=1000")
    assert result.exit_code in (0, 1), result.output
    out = path.parent / "wide.xlsx"
    result = run("convert", str(path), str(out), "--limit", "columns=1000")
    assert result.exit_code == 0, result.output
    assert scoplan.load(path, limits=Limits(columns=1000)).size()["organizations"] == 2


def test_a_header_line_past_row_bytes_is_refused(folder: Callable[..., Path]) -> None:
    """A header of a few columns but one endless line (no line end in sight) is refused
    from its first ``row_bytes`` + 1 bytes."""
    path = folder({"districts.csv": "id,name,kind,city" + "x" * 5000 + "\nD1,甲区,district,某市\n"})
    said = cli_refuses("evaluate", str(path), "--limit", "row_bytes=4KiB")
    assert "districts.csv，第1行：此行超过 4 KiB，未读取" + raise_zh("row_bytes") in said["zh"]
    assert (
        "districts.csv, row 1: a line longer than 4 KiB: not read " + raise_en("row_bytes")
        in (said["en"])
    )


def test_a_file_past_file_bytes_is_refused_unread(folder: Callable[..., Path]) -> None:
    """Its size is all that is looked at: bytes that are no CSV at all are never decoded."""
    path = folder({"events.csv": b"\xff\xfe" + b"\x00" * 5000})
    problems = problems_loading(path, Limits(file_bytes=4096))
    assert said(problems, "en") == [
        "events.csv: the file is 4.9 KiB, over the limit of 4 KiB: not read "
        + raise_en("file_bytes")
    ]
    assert said(problems, "zh") == [
        "events.csv：文件有 4.9 KiB，超过上限 4 KiB，未读取" + raise_zh("file_bytes")
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_cell_past_cell_bytes_is_refused_naming_its_row_and_column(
    folder: Callable[..., Path], encoding: str
) -> None:
    """A name of 70 KiB (a clean UTF-8 file, read fast; a GB18030 one, read carefully)."""
    text = VALID_TABLES["organizations.csv"].replace("乙会", "长" * 24_000)
    path = folder({"organizations.csv": text.encode(encoding)})
    problems = problems_loading(path)
    assert said(problems, "en") == [
        "organizations.csv, row 3, column name: a cell of 70.3 KiB, over the limit of 64 KiB: "
        "not read " + raise_en("cell_bytes")
    ]
    assert said(problems, "zh") == [
        "organizations.csv，第3行，“name”列：单元格有 70.3 KiB，超过上限 64 KiB，未读取"
        + raise_zh("cell_bytes")
    ]


def _bureaus(tmp_path: Path, form: str, tables: dict[str, bureau.Rows]) -> Path:
    if form == "xlsx":
        tmp_path.mkdir(exist_ok=True)
        return bureau.write_workbook(tmp_path / "台账.xlsx", tables)
    return bureau.write(tmp_path / "台账", tables)


@pytest.mark.parametrize(
    ("form", "where"), [("csv", "社区社会组织.csv"), ("xlsx", "台账.xlsx中的“社区社会组织”")]
)
def test_a_bureaus_limits_name_its_column_and_table_in_its_words(
    tmp_path: Path, form: str, where: str
) -> None:
    """A register of Chinese headers past a limit: the cell's column is named as its header
    (“名称”列, not “name”列), a table past rows or columns by its Chinese name, never by
    DATA.md's English one, in a CSV folder and a workbook alike."""
    tables = bureau.register()
    organizations = tables["社区社会组织"]
    organizations[5][bureau.column(organizations, "名称")] = (
        "长" * 30_000
    )  # row 6 (an Excel cell holds 32,767 characters)
    path = _bureaus(tmp_path, form, tables)
    assert said(problems_loading(path), "zh") == [
        f"{where}，第6行，“名称”列：单元格有 87.9 KiB，超过上限 64 KiB，未读取"
        + raise_zh("cell_bytes")
    ]
    assert said(problems_loading(path), "en") == [
        f"{where.replace('中的“', ': ').rstrip('”')}, row 6, column 名称: a cell of 87.9 KiB, "
        "over the limit of 64 KiB: not read " + raise_en("cell_bytes")
    ]
    limits = Limits(rows=4, columns=12)
    assert [p for p in said(problems_loading(path, limits), "zh") if "社区社会组织" in p] == [
        f"{where}，第1行：数据表“社区社会组织”超过 12 列，未读取" + raise_zh("columns")
    ]
    small = bureau.register()
    small["社区社会组织"] = [row[:12] for row in small["社区社会组织"]]
    path = _bureaus(tmp_path / "small", form, small)
    assert [p for p in said(problems_loading(path, limits), "zh") if "社区社会组织" in p] == [
        f"{where}：数据表“社区社会组织”超过 4 行，未读取" + raise_zh("rows")
    ]


def test_a_table_past_rows_is_refused(folder: Callable[..., Path]) -> None:
    path = folder()
    said = cli_refuses("evaluate", str(path), "--limit", "rows=1")
    assert "districts.csv：数据表“区县”超过 1 行，未读取" + raise_zh("rows") in said["zh"]
    assert "districts.csv: the table districts has more than 1 row: not read" in said["en"]
    assert scoplan.load(path, limits=Limits(rows=2)).size()["districts"] == 2


# -- JSON documents ------------------------------------------------------------------------------


def json_document(tables: Mapping[str, str]) -> dict[str, list[dict[str, str]]]:
    return {
        Path(name).stem: list(csv.DictReader(io.StringIO(text))) for name, text in tables.items()
    }


def test_a_json_document_past_json_bytes_is_refused_unparsed(tmp_path: Path) -> None:
    """Only its size is looked at: a document that is no JSON past its start is not parsed."""
    path = tmp_path / "data.json"
    path.write_text('{"districts": [' + "x" * 3000, encoding="utf-8")
    problems = problems_loading(path, Limits(json_bytes=2048))
    assert said(problems, "en") == [
        "data.json: the JSON document is 2.9 KiB, over the limit of 2 KiB: not read; a "
        "register this large reads better as CSV files or a database (or raise the limit: "
        "--limit json_bytes=N, or Limits(json_bytes=N) in Python)"
    ]
    assert said(problems, "zh") == [
        "data.json：JSON 文档有 2.9 KiB，超过上限 2 KiB，未读取；这样大的数据宜用 CSV 文件或数据库"
        "（如确属正常，也可提高上限：--limit json_bytes=N，Python 中 Limits(json_bytes=N)）"
    ]


def test_a_json_row_of_200000_keys_is_refused_quickly(tmp_path: Path) -> None:
    """The table's columns were gathered by a list search per key (40 billion steps here):
    now counted in a dict, and the table refused at the 513th."""
    document = json_document(VALID_TABLES)
    document["organizations"][0].update({f"k{i}": "" for i in range(200_000)})
    path = tmp_path / "data.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    said = refused_in_both_languages("evaluate", str(path))
    assert "data.json中的“organizations”：数据表“社区社会组织”超过 512 列" in said["zh"]
    assert (
        "data.json: organizations: the table organizations has more than 512 columns"
        in (said["en"])
    )


def test_a_json_table_past_rows_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text(json.dumps(json_document(VALID_TABLES), ensure_ascii=False), encoding="utf-8")
    problems = problems_loading(path, Limits(rows=1))
    assert {(p.code, p.source) for p in problems} >= {("limit_rows", "data.json: districts")}


# -- workbooks: each part's unpacked size and ratio, from the zip's directory --------------------

STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STRINGS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def plain_workbook() -> bytes:
    """The valid dataset as the bytes of a workbook, a sheet per table."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, text in VALID_TABLES.items():
        sheet = book.create_sheet(Path(name).stem)
        for row in csv.reader(io.StringIO(text)):
            sheet.append([cell or None for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def strings_bomb(path: Path, unpacked: int) -> Path:
    """The valid workbook with shared strings of ``unpacked`` bytes, all ``<si><t>x</t></si>``:
    a few hundred KB on disk. Written streaming, so making it costs no memory; registered
    in the workbook as Excel registers its shared strings, so openpyxl would read them all."""
    chunk = b"<si><t>x</t></si>" * 4096
    with (
        zipfile.ZipFile(io.BytesIO(plain_workbook())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "[Content_Types].xml":
                part = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{STRINGS_TYPE}"/>'
                data = data.replace(b"</Types>", part.encode() + b"</Types>")
            if entry.filename == "xl/_rels/workbook.xml.rels":
                rel = f'<Relationship Type="{STRINGS_REL}" Target="sharedStrings.xml" Id="rId99"/>'
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            archive.writestr(entry, data)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for _ in range(unpacked // len(chunk)):
                strings.write(chunk)
            strings.write(b"</sst>")
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shared strings of 300 MB (286.1 MiB) in a workbook of less than 1 MB."""
    return strings_bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx", 300_000_000)


def test_the_bomb_is_small_on_disk(bomb: Path) -> None:
    """The input is what an attacker sends: a small file (the hostile part is the unpacking)."""
    assert bomb.stat().st_size < 1_000_000
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo("xl/sharedStrings.xml").file_size > 290_000_000


def test_a_shared_strings_bomb_is_refused_unopened_in_little_memory(bomb: Path) -> None:
    """It used to hold 4.6 GB for minutes (here: a MemoryError after minutes, under 1.5 GiB);
    now refused from the zip's directory, naming the part, the limit and how to raise it."""
    said = refused_in_both_languages("evaluate", str(bomb))
    assert (
        "bomb.xlsx：其中的共享字符串 xl/sharedStrings.xml 解压后有 286.1 MiB，超过上限 256 MiB"
        "（文件可能已损坏或被恶意构造），未读取" + raise_zh("strings_bytes")
    ) in said["zh"]
    assert (
        "bomb.xlsx: its shared strings xl/sharedStrings.xml unpack to 286.1 MiB, over the "
        "limit of 256 MiB (a damaged or malicious file?): not read " + raise_en("strings_bytes")
    ) in said["en"]


def test_a_bomb_within_the_size_limits_is_refused_for_its_ratio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """40 MB of shared strings from 100 KB: within ``strings_bytes``, but no honest part
    unpacks 400 times its size. openpyxl is never asked to open it."""
    import openpyxl

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("openpyxl opened the workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    path = strings_bomb(tmp_path / "bomb.xlsx", 40_000_000)
    [problem] = problems_loading(path)
    assert (problem.code, problem.source, problem.value) == (
        "limit_ratio",
        "bomb.xlsx",
        "xl/sharedStrings.xml",
    )
    assert int(problem.params["found"]) > 300
    assert describe_problem(problem, "en").startswith(
        "bomb.xlsx: its part xl/sharedStrings.xml unpacks to "
    )
    assert describe_problem(problem, "en").endswith(
        " times its packed size, over the limit of 100 (a zip bomb?): not read " + raise_en("ratio")
    )
    assert "解压后是压缩时的" in describe_problem(problem, "zh")
    assert describe_problem(problem, "zh").endswith(
        "（疑为“压缩炸弹”），未读取" + raise_zh("ratio")
    )
    # an honest workbook's parts unpack some ten times their size: well within the ratio
    with zipfile.ZipFile(io.BytesIO(plain_workbook())) as archive:
        assert all(e.file_size < 100 * e.compress_size for e in archive.infolist())


def test_a_sheet_past_part_bytes_names_the_part(tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    path.write_bytes(plain_workbook())
    with zipfile.ZipFile(path) as archive:
        sizes = {e.filename: e.file_size for e in archive.infolist()}
    largest = max(sizes, key=lambda name: sizes[name])
    problems = problems_loading(path, Limits(part_bytes=sizes[largest] - 1))
    assert [(p.code, p.value) for p in problems] == [("limit_part_bytes", largest)]
    assert raise_en("part_bytes") in describe_problem(problems[0], "en")
    assert raise_zh("part_bytes") in describe_problem(problems[0], "zh")


def test_a_sheet_past_rows_or_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.xlsx"
    path.write_bytes(plain_workbook())
    [problem] = problems_loading(path, Limits(columns=11))
    assert (problem.code, problem.source, problem.table) == (
        "limit_columns",
        "data.xlsx: organizations",
        "organizations",
    )
    [problem] = problems_loading(path, Limits(rows=1))
    assert (problem.code, problem.source) == ("limit_rows", "data.xlsx: districts")
    said = cli_refuses("evaluate", str(path), "--limit", "rows=1")
    assert "data.xlsx中的“districts”：数据表“区县”超过 1 行" in said["zh"]
    assert "data.xlsx: districts: the table districts has more than 1 row" in said["en"]


# -- databases: rows counted with LIMIT; SQLite read-only and immutable -------------------------


def database(folder: Path, path: Path) -> Path:
    """The CSV folder written as a SQLite database (as ``scoplan convert`` writes one)."""
    convert(folder, f"sqlite:///{path}")
    return path


ENDLESS_VIEW = """
ALTER TABLE events RENAME TO events_written;
CREATE VIEW events AS
WITH RECURSIVE n(x) AS (SELECT 1 UNION SELECT x + 1 FROM n)
SELECT 'V' || x AS id, 'training' AS kind, 'city' AS unit_id, '培训' AS name,
       '2022-07-27' AS date FROM n;
"""


@pytest.mark.parametrize("scheme", ["sqlite", "sqlite+pysqlite"])
def test_a_recursive_view_that_never_ends_is_refused(
    folder: Callable[..., Path], tmp_path: Path, scheme: str
) -> None:
    """The view is counted with ``LIMIT rows + 1``, so it stops: it used to be read forever
    (and a ``UNION`` spills what it has seen to disk)."""
    path = database(folder(), tmp_path / "registry.db")
    connection = sqlite3.connect(path)
    connection.executescript(ENDLESS_VIEW)
    connection.close()
    said = refused_in_both_languages("evaluate", f"{scheme}:///{path}", "--limit", "rows=1000")
    assert (
        "registry.db中的“events”：数据表“活动”超过 1000 行，未读取" + raise_zh("rows") in said["zh"]
    )
    assert "registry.db: events: the table events has more than 1000 rows: not read" in (said["en"])


def test_a_database_table_past_columns_is_refused(
    folder: Callable[..., Path], tmp_path: Path
) -> None:
    path = database(folder(), tmp_path / "registry.db")
    for scheme in ("sqlite", "sqlite+pysqlite"):
        problems = problems_loading(f"{scheme}:///{path}", Limits(columns=11))
        assert [(p.code, p.source) for p in problems] == [
            ("limit_columns", "registry.db: organizations")
        ]


def test_a_duckdb_view_that_never_ends_and_a_table_past_columns_are_refused(
    folder: Callable[..., Path], tmp_path: Path
) -> None:
    """In a DuckDB file, as in SQLite: a view is counted with ``LIMIT rows + 1``, and a table
    with more columns than the limit is refused before its rows are read."""
    import duckdb

    path = duckdb_database(folder(), tmp_path / "台账.duckdb")
    problems = problems_loading(str(path), Limits(columns=11))
    refused = [(p.code, p.source) for p in problems]
    assert refused == [("limit_columns", "台账.duckdb: 社区社会组织")]
    connection = duckdb.connect(str(path))
    connection.execute(
        "ALTER TABLE 活动 RENAME TO 活动_录入; CREATE VIEW 活动 AS "
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
        "SELECT 'V' || x AS 编号, 'training' AS 类型, 'city' AS 所属单位, '培训' AS 名称, "
        "DATE '2022-07-27' AS 日期 FROM n"
    ).fetchall()
    connection.close()
    said = refused_in_both_languages("evaluate", str(path), "--limit", "rows=1000")
    assert "台账.duckdb中的“活动”：数据表“活动”超过 1000 行，未读取" in said["zh"]


@pytest.mark.parametrize("scheme", ["sqlite", "sqlite+pysqlite"])
def test_a_wal_database_is_read_without_writing_beside_it(
    folder: Callable[..., Path], tmp_path: Path, scheme: str
) -> None:
    """In a read-only folder (``chmod 555``; root writes there anyway, so what is checked is
    that nothing was written): no ``-wal`` or ``-shm`` appears, and the file's bytes and
    modification time are as they were. It used to leave both, and not read at all on a
    read-only mount."""
    where = tmp_path / "mount"
    where.mkdir()
    path = database(folder(), where / "registry.db")
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
    connection.close()
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(where)))
    where.chmod(0o555)
    try:
        data = scoplan.load(f"{scheme}:///{path}")
    finally:
        where.chmod(0o755)
    assert data.size()["organizations"] == 2
    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(where))) == before
    assert sorted(os.listdir(where)) == ["registry.db"]


@pytest.mark.parametrize("scheme", ["sqlite", "sqlite+pysqlite"])
def test_rows_still_in_the_write_ahead_log_are_read(
    folder: Callable[..., Path], tmp_path: Path, scheme: str
) -> None:
    """While a program writes the database, its last rows are in the ``-wal`` file only: the
    database is then opened so that they are read (not immutable), not silently missed."""
    path = database(folder(), tmp_path / "registry.db")
    writer = sqlite3.connect(path)
    try:
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute(
            "INSERT INTO organizations (id, community_id, name, founded) "
            "VALUES ('O3', 'C1', '丙会', '2021-03-01')"
        )
        writer.commit()
        assert (tmp_path / "registry.db-wal").stat().st_size > 0
        assert scoplan.load(f"{scheme}:///{path}").size()["organizations"] == 3
    finally:
        writer.close()


# -- plans: their size, their dates, their words ----------------------------------------------


def test_a_plan_of_a_million_milestones_is_refused_unparsed(
    folder: Callable[..., Path], tmp_path: Path
) -> None:
    """75 MB of TOML: refused from the file's size, under a memory limit."""
    plan = tmp_path / "plan.toml"
    with plan.open("w", encoding="utf-8") as handle:
        handle.write(PLAN_HEAD)
        for i in range(1_000_000):
            handle.write(f'[[milestones]]\nid = "m{i}"\ntarget = "urban-average"\n')
    size = amount("plan_bytes", plan.stat().st_size)
    said = refused_in_both_languages("evaluate", str(folder()), "--plan", str(plan))
    assert (
        f"plan.toml：计划文件有 {size}，超过上限 16 MiB，未读取" + raise_zh("plan_bytes")
        in (said["zh"])
    )
    assert (
        f"plan.toml: the plan file is {size}, over the limit of 16 MiB: not read "
        + raise_en("plan_bytes")
    ) in said["en"]


def test_a_plan_of_more_milestones_than_the_limit_is_refused_before_it_is_checked(
    tmp_path: Path,
) -> None:
    """20,000 milestones in 700 KB: within ``plan_bytes``, past ``milestones``."""
    text = PLAN_HEAD + "".join(
        f'[[milestones]]\nid = "m{i}"\ntarget = "urban-average"\n' for i in range(20_000)
    )
    plan = tmp_path / "plan.toml"
    plan.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as error:
        scoplan.load_plan(plan)
    assert said(error.value.problems, "en") == [
        "plan.toml: the plan has 20000 milestones, over the limit of 10000: not read "
        + raise_en("milestones")
    ]
    assert said(error.value.problems, "zh") == [
        "plan.toml：计划有 20000 个里程碑，超过上限 10000，未读取" + raise_zh("milestones")
    ]


def test_the_milestones_limit_is_raised_or_lowered_on_the_command_line(
    folder: Callable[..., Path], tmp_path: Path
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        PLAN_HEAD
        + milestone_toml("a", "urban-average", dt.date(2022, 12, 31), {"threshold": 1})
        + milestone_toml("b", "urban-average", dt.date(2023, 12, 31), {"threshold": 1}),
        encoding="utf-8",
    )
    data = folder()
    args = ("evaluate", str(data), "--plan", str(plan), "--as-of", "2023-12-31")
    said = cli_refuses(*args, "--limit", "milestones=1")
    assert "plan.toml：计划有 2 个里程碑，超过上限 1，未读取" in said["zh"]
    assert "plan.toml: the plan has 2 milestones, over the limit of 1: not read" in said["en"]
    assert run(*args).exit_code in (0, 1)


@pytest.mark.parametrize(
    ("args", "value"),
    [
        (("--as-of", "9999-12-31"), "9999-12-31"),
        (("--as-of", "1900-01-01"), "1900-01-01"),
        (("--year", "3000"), "3000"),
        (("--year", "99999"), "99999"),
    ],
)
def test_a_date_out_of_range_is_refused_before_anything_is_read(
    args: tuple[str, str], value: str
) -> None:
    """``--as-of 9999-12-31`` used to run the year-end history over 8,000 years (minutes);
    now it is refused at once, in both languages."""
    said = refused_in_both_languages("evaluate", *args)
    option = args[0]
    assert f"{option}：日期 {value} 超出可用的年份范围（1949-10-01 – 2100-12-31）" in said["zh"]
    assert (
        f"{option}: the date {value} is outside the years scoplan reads (1949-10-01 – 2100-12-31)"
    ) in said["en"]


def test_the_api_refuses_a_date_out_of_range_too() -> None:
    data = scoplan.load(scoplan.example_path())
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    with pytest.raises(PlanError) as error:
        scoplan.evaluate(data, plan, dt.date(9999, 12, 31))
    [problem] = error.value.problems
    assert (problem.code, problem.value) == ("plan_years", "9999-12-31")
    assert dt.date(1949, 10, 1) == EARLIEST
    assert dt.date(2100, 12, 31) == LATEST


def test_a_plan_dated_out_of_range_is_refused() -> None:
    with pytest.raises(PlanError) as error:
        scoplan.parse_plan(
            PLAN_HEAD.replace("end = 2023-12-31", "end = 2999-12-31")
            + milestone_toml("m", "urban-average", dt.date(2022, 12, 31), {"threshold": 1}),
            "plan.toml",
        )
    assert said(error.value.problems, "en") == [
        "plan.toml, end: the date 2999-12-31 is outside the years scoplan reads "
        "(1949-10-01 – 2100-12-31)"
    ]


def test_a_plans_words_are_filled_as_data_not_as_format_specs() -> None:
    """``{name}`` is filled; a width, a conversion, an attribute, an index or a position is
    left as written; ``{{`` is a brace."""
    terms = {"gap.more": "{amount:>20}|{amount!r}|{amount.real}|{noun[0]}|{0}|{{x}}|{amount}"}
    text = translate("gap.more", "en", terms, amount=3, noun="units")
    assert text == "{amount:>20}|{amount!r}|{amount.real}|{noun[0]}|{0}|{x}|3"


def test_a_plans_word_that_pads_to_100_mb_stays_as_written(
    folder: Callable[..., Path], tmp_path: Path
) -> None:
    """``{amount:>100000000}`` used to pad every gap to 100 MB: now it is shown as written."""
    plan = tmp_path / "plan.toml"
    plan.write_text(
        PLAN_HEAD
        + '\n[terms.en]\n"gap.more" = "{amount:>100000000} more {noun}"\n'
        + milestone_toml(
            "m", "urban-average", dt.date(2022, 12, 31), {"threshold": 15}, {"each": True}
        ),
        encoding="utf-8",
    )
    args = ("evaluate", str(folder()), "--plan", str(plan), "--as-of", "2023-06-30")
    completed = bounded(*args, "--lang", "en", "--format", "json")
    assert completed.returncode == 1, completed.stderr
    assert len(completed.stdout) < 1_000_000
    completed = bounded(*args, "--lang", "en")
    assert completed.returncode == 1, completed.stderr
    assert "{amount:>100000000} more" in completed.stdout
    assert len(completed.stdout) < 1_000_000


@pytest.mark.parametrize(("given", "shown"), [(-1, "-1"), (0, "0"), ("5", "'5'")])
def test_a_limit_below_one_is_said_in_both_languages(given: object, shown: str) -> None:
    """``Limits(rows=-1)`` is a ScoplanError (still a ValueError) whose problem is said in
    English and Chinese, as the other limits' are (it was a bare ValueError)."""
    with pytest.raises(scoplan.ScoplanError) as raised:
        Limits(rows=given)  # type: ignore[arg-type]
    assert isinstance(raised.value, ValueError)
    [problem] = raised.value.problems
    assert problem.code == "bad_limit_value"
    assert str(raised.value) == f"Limits: the limit rows must be a whole number ≥ 1, not {shown}"
    assert describe_problem(problem, "zh") == (
        f"Limits：上限 rows 应为不小于 1 的整数，不能是 {shown}"
    )
