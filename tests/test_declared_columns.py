"""Columns a plugin declares, and history a target cannot know (issue 17).

Written as a plugin author writes tests: a small plugin declares the columns a bureau adds
(a last inspection date, a verdict, the funds) and a target that reads them, through
``scoplan.testing``. Every expected value below is worked out by hand in its comment.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner

import scoplan
from scoplan import ColumnSpec, DataError, Measurement, PluginError, Text, hookimpl
from scoplan.i18n import describe_problem
from scoplan.params import Share
from scoplan.plugins import Registry, get_plugin_manager, load_registry
from scoplan.testing import DatasetBuilder, assert_status, evaluate_target, find_result

KNOWN_FROM = dt.date(2023, 1, 1)
YEAR = dt.timedelta(days=365)


def inspected_share(context: scoplan.Context, params: Share) -> Measurement:
    """Share of active organizations inspected in the twelve months up to the date."""
    rows = context.data.organizations_in(context.scope.districts, context.on, ["inspected"])
    day = pl.col("inspected")
    recent = rows.filter(day.is_not_null() & (day <= context.on) & (day > context.on - YEAR))
    total = rows.height
    value = recent.height / total if total else None
    return Measurement(
        value,
        params.threshold,
        params.comparator,
        unit="share",
        numerator=recent.height,
        denominator=total,
    )


def asks_for_nothing(context: scoplan.Context, params: Share) -> Measurement:
    context.data.organizations_in(context.scope.districts, context.on, ["inspection_date"])
    return Measurement(1.0, params.threshold, params.comparator, unit="share")


def _kind(id: str, measure: Any, **more: Any) -> scoplan.TargetKind:
    return scoplan.TargetKind(
        id=id,
        title=Text("年检率", "Inspected share"),
        description=Text("近十二个月年检的组织占比", "Share inspected in twelve months"),
        params=Share,
        measure=measure,
        **more,
    )


class Inspections:
    """The plugin under test: three columns of organizations, and two targets."""

    @staticmethod
    @hookimpl
    def scoplan_register_columns(register: Any) -> None:
        register(
            ColumnSpec(
                "organizations",
                "inspected",
                "年检日期",
                "date",
                title=Text("最近一次年检日期", "Last inspection"),
                known_from=KNOWN_FROM,
            )
        )
        verdicts = {"passed": ("合格",), "failed": ("不合格",)}
        register(ColumnSpec("organizations", "verdict", "年检结论", "code", codes=verdicts))
        register(ColumnSpec("organizations", "funds", "经费", "number"))

    @staticmethod
    @hookimpl
    def scoplan_register_targets(register: Any) -> None:
        reads = ("organizations.inspected",)
        register(_kind("inspected-share", inspected_share, reads=reads))
        register(_kind("asks-for-nothing", asks_for_nothing))


def registry_of(*plugins: object) -> Registry:
    return load_registry(get_plugin_manager(entry_points=False, extra=plugins))


@pytest.fixture(scope="module")
def registry() -> Registry:
    found = registry_of(Inspections)
    assert not found.failures
    return found


# -- a register with the bureau's columns, in its files ------------------------------------

HEADER = "编号,所属社区,名称,成立日期,年检日期,年检结论,经费\n"
GOOD = [
    'O1,C1,甲,2020-01-01,2023/3/1,合格,"1,200"\n',
    "O2,C1,乙,2020-01-01,2023-05-10,不合格,３５０\n",
    "O3,C1,丙,2020-01-01,2021年4月1日,passed,0\n",
    "O4,C1,丁,2020-01-01,,,\n",
]


def write_register(folder: Path, rows: list[str], encoding: str = "gb18030") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "districts.csv").write_text("id,name,kind\nD1,一区,district\n", encoding="utf-8")
    (folder / "townships.csv").write_text(
        "id,district_id,name,kind\nT1,D1,一街道,street\n", encoding="utf-8"
    )
    (folder / "communities.csv").write_text(
        "id,township_id,name,kind\nC1,T1,一社区,urban\n", encoding="utf-8"
    )
    (folder / "organizations.csv").write_bytes((HEADER + "".join(rows)).encode(encoding))
    return folder


EXPECTED = {
    # O1: 2023/3/1 is a date; 合格 is passed; "1,200" is 1200
    "O1": (dt.date(2023, 3, 1), "passed", 1200.0),
    # O2: a full-width ３５０ is 350 in NFKC
    "O2": (dt.date(2023, 5, 10), "failed", 350.0),
    "O3": (dt.date(2021, 4, 1), "passed", 0.0),
    "O4": (None, None, None),
}


def typed(data: scoplan.Dataset) -> dict[str, tuple[Any, ...]]:
    frame = data.frame("organizations").sort("id")
    rows = frame.select("id", "inspected", "verdict", "funds").iter_rows()
    return {row[0]: row[1:] for row in rows}


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8"])
def test_a_declared_column_is_read_typed_from_a_csv_with_its_chinese_header(
    tmp_path: Path, registry: Registry, encoding: str
) -> None:
    folder = write_register(tmp_path / "csv", GOOD, encoding)
    data = scoplan.load(folder, registry=registry)
    assert typed(data) == EXPECTED
    schema = data.frame("organizations").schema
    assert (schema["inspected"], schema["funds"]) == (pl.Date(), pl.Float64())


def test_the_fast_path_reads_a_declared_column_as_the_careful_path_does(
    tmp_path: Path, registry: Registry
) -> None:
    from scoplan.loaders.csv_folder import read_typed_csv
    from scoplan.schema import declaring

    folder = write_register(tmp_path / "csv", GOOD)
    with declaring(registry.columns):
        fast = read_typed_csv(folder / "organizations.csv", "organizations")
    assert fast is not None  # the register took the fast path
    assert fast.typed
    # with a cell the fast path cannot take (a space before a name), the careful path
    careful_rows = [GOOD[0].replace(",甲,", ", 甲,"), *GOOD[1:]]
    careful = write_register(tmp_path / "careful", careful_rows)
    with declaring(registry.columns):
        assert read_typed_csv(careful / "organizations.csv", "organizations") is None
    assert typed(scoplan.load(careful, registry=registry)) == EXPECTED


def test_without_the_plugin_the_column_stays_text(tmp_path: Path) -> None:
    folder = write_register(tmp_path / "csv", GOOD)
    data = scoplan.load(folder, registry=registry_of())
    assert data.frame("organizations").schema["年检日期"] == pl.String()


BAD = [
    GOOD[0],
    "O2,C1,乙,2020-01-01,2023-02-30,好,abc\n",  # row 3: no such day, no such verdict, no number
    GOOD[2],
    GOOD[3],
]


def test_every_bad_cell_is_a_problem_with_file_row_and_column_in_both_languages(
    tmp_path: Path, registry: Registry
) -> None:
    folder = write_register(tmp_path / "csv", BAD)
    with pytest.raises(DataError) as caught:
        scoplan.load(folder, registry=registry)
    found = {(p.code, p.source, p.row, p.column, p.value) for p in caught.value.problems}
    assert found == {
        ("no_such_date", "organizations.csv", 3, "inspected", "2023-02-30"),
        ("bad_code", "organizations.csv", 3, "verdict", "好"),
        ("bad_number", "organizations.csv", 3, "funds", "abc"),
    }
    number = next(p for p in caught.value.problems if p.code == "bad_number")
    assert "经费" in describe_problem(number, "zh")
    assert "不是数字" in describe_problem(number, "zh")
    assert "is not a number" in describe_problem(number, "en")
    # scoplan check finds the same three, each with its district
    checkup = scoplan.check(folder, registry=registry)
    errors = [p for p in checkup.problems if not p.is_warning]
    assert {(p.code, p.row, p.column) for p in errors} == {
        (code, row, column) for code, _, row, column, _ in found
    }


def test_a_required_declared_column_missing_or_blank_is_an_error(tmp_path: Path) -> None:
    class Requires:
        @staticmethod
        @hookimpl
        def scoplan_register_columns(register: Any) -> None:
            register(ColumnSpec("organizations", "inspected", "年检日期", "date", required=True))

    folder = write_register(tmp_path / "csv", GOOD)
    with pytest.raises(DataError) as caught:
        scoplan.load(folder, registry=registry_of(Requires))
    # O4 (row 5) leaves it blank
    assert [(p.code, p.row, p.column) for p in caught.value.problems] == [
        ("missing_value", 5, "inspected")
    ]


@pytest.mark.parametrize("form", ["xlsx", "sqlite"])
def test_a_workbook_and_a_database_with_chinese_headers_read_it_the_same(
    tmp_path: Path, registry: Registry, form: str
) -> None:
    from scoplan.writing import convert

    folder = write_register(tmp_path / "csv", GOOD)
    target = str(tmp_path / "register.xlsx") if form == "xlsx" else f"sqlite:///{tmp_path}/r.db"
    convert(folder, target, names="zh", registry=registry)
    assert typed(scoplan.load(target, registry=registry)) == EXPECTED


def test_a_json_document_and_the_builder_read_it_the_same(
    tmp_path: Path, registry: Registry
) -> None:
    document = {
        "区县": [{"编号": "D1", "名称": "一区", "类型": "区"}],
        "乡镇街道": [{"编号": "T1", "所属区县": "D1", "名称": "一街道", "类型": "街道"}],
        "社区": [{"编号": "C1", "所属乡镇街道": "T1", "名称": "一社区", "类型": "城市社区"}],
        "社区社会组织": [
            {"编号": "O1", "所属社区": "C1", "名称": "甲", "成立日期": "2020-01-01",
             "年检日期": "2023/3/1", "年检结论": "合格", "经费": "1,200"},
        ],
    }  # fmt: skip
    path = tmp_path / "register.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert typed(scoplan.load(path, registry=registry)) == {"O1": EXPECTED["O1"]}
    built = (
        DatasetBuilder(registry=registry)
        .district_with("D1", communities=1, organizations=0)
        .organization("O1", "D1-C1", founded="2020-01-01", 年检日期="2023/3/1", verdict="合格")
        .build()
    )
    assert typed(built) == {"O1": (dt.date(2023, 3, 1), "passed", None)}
    with pytest.raises(DataError) as caught:
        DatasetBuilder(registry=registry).district_with(
            "D1", communities=1, organizations=0
        ).organization("O1", "D1-C1", founded="2020-01-01", funds="十二").build()
    assert [(p.code, p.index, p.column) for p in caught.value.problems] == [
        ("bad_number", 0, "funds")
    ]


# -- what plugins may declare ----------------------------------------------------------------


def test_a_column_declared_twice_or_over_a_built_in_one_is_a_plugin_error(
    tmp_path: Path,
) -> None:
    class Again:
        @staticmethod
        @hookimpl
        def scoplan_register_columns(register: Any) -> None:
            register(ColumnSpec("organizations", "inspected", "检查日期", "date"))
            register(ColumnSpec("organizations", "founded_on", "成立日期", "date"))

    found = registry_of(Inspections, Again)
    codes = sorted((p.code, p.value, p.params.get("other")) for p in found.failures)
    assert codes == [
        ("builtin_column", "organizations.founded_on", None),
        ("column_declared_twice", "organizations.inspected", Inspections.__name__),
    ]
    assert "被声明了两次" in describe_problem(found.failures[0], "zh") + describe_problem(
        found.failures[1], "zh"
    )
    with pytest.raises(PluginError):
        scoplan.load(write_register(tmp_path / "csv", GOOD), registry=found)


def test_a_declaration_scoplan_cannot_use_fails_its_plugin() -> None:
    class Wrong:
        @staticmethod
        @hookimpl
        def scoplan_register_columns(register: Any) -> None:
            register(ColumnSpec("organisations", "x", "某列", "date"))

    (failure,) = registry_of(Wrong).failures
    assert failure.code == "plugin_failed"
    assert "table must be one of" in failure.params["reason"]


def test_plugins_columns_lists_them_as_data_md_does(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scoplan import plugins
    from scoplan.cli import main

    real = plugins.get_plugin_manager
    monkeypatch.setattr(
        plugins,
        "get_plugin_manager",
        lambda **kw: real(entry_points=False, extra=[Inspections], blocked=kw.get("blocked", ())),
    )
    result = CliRunner().invoke(main, ["plugins", "--columns", "--lang", "en"])
    assert result.exit_code == 0, result.output
    owner = Inspections.__name__
    assert result.output == (
        "### `organizations` · 社区社会组织\n\n"
        "| column | Chinese header | type | required | holds |\n"
        "| --- | --- | --- | --- | --- |\n"
        f"| `inspected` | 年检日期 | date | no | Last inspection (declared by {owner}; "
        "values known from 2023-01-01) |\n"
        f"| `verdict` | 年检结论 | code | no | declared by {owner} |\n"
        f"| `funds` | 经费 | number | no | declared by {owner} |\n\n"
        "#### `organizations.verdict`\n\n"
        "| code | Chinese spellings | meaning |\n"
        "| --- | --- | --- |\n"
        "| `passed` | 合格 | 合格 |\n"
        "| `failed` | 不合格 | 不合格 |\n"
    )
    zh = CliRunner().invoke(main, ["plugins", "--columns", "--lang", "zh"])
    assert "| 列 | 中文表头 | 类型 | 必需 | 内容 |" in zh.output
    assert f"| `funds` | 经费 | 数字 | 否 | 声明的插件 {owner} |" in zh.output
    listed = CliRunner().invoke(main, ["plugins", "--columns", "--format", "json"])
    names = [c["name"] for c in json.loads(listed.output)["columns"]]
    assert names == ["inspected", "verdict", "funds"]


def test_asking_for_a_column_the_data_lacks_names_it_and_the_plugin(
    registry: Registry,
) -> None:
    data = (
        DatasetBuilder(registry=registry)
        .district_with("D1", communities=1, organizations=2)
        .build()
    )
    report = evaluate_target(
        "asks-for-nothing", data, as_of="2023-06-30", params={"threshold": 0.5}, registry=registry
    )
    result = find_result(report, "asks-for-nothing")
    assert result.status == scoplan.Status.ERROR
    assert "no column 'inspection_date'" in result.message
    assert Inspections.__name__ in result.message
    assert "没有列“inspection_date”" in result.message_zh
    with pytest.raises(DataError, match="inspection_date"):
        data.organizations_in(["D1"], dt.date(2023, 6, 30), columns=["inspection_date"])


def docx_text(document: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        xml = archive.read("word/document.xml").decode()
    import re

    return re.sub(r"<[^>]+>", "", xml)


# -- history a target can and cannot know ----------------------------------------------------


def inspected_register(registry: Registry) -> scoplan.Dataset:
    builder = DatasetBuilder(registry=registry).district_with("D1", communities=1, organizations=0)
    for id, day in [("O1", "2023-03-01"), ("O2", "2023-05-10"), ("O3", "2021-04-01"), ("O4", "")]:
        builder.organization(id, "D1-C1", founded="2020-01-01", inspected=day)
    return builder.build()


def inspected_report(registry: Registry, as_of: str) -> scoplan.Report:
    """inspected-share on :func:`inspected_register` for a plan of 2021–2025 (history from
    the end of 2020), at least 75 % by the end of 2025."""
    return evaluate_target(
        "inspected-share",
        inspected_register(registry),
        as_of=as_of,
        due="2025-12-31",
        start="2021-01-01",
        params={"threshold": 0.75},
        registry=registry,
    )


def test_before_its_values_are_known_history_is_unknown_and_nothing_is_projected(
    registry: Registry,
) -> None:
    report = inspected_report(registry, "2023-06-30")
    result = find_result(report, "inspected-share")
    # on 2023-06-30 O1 and O2 were inspected in the last 365 days: 2 of 4
    assert result.value == 0.5
    # the year-ends 2020, 2021 and 2022 are before 2023-01-01: unknown, not 0
    assert [(p.date.year, p.value, p.reason) for p in result.history] == [
        (2020, None, "unknown_before"),
        (2021, None, "unknown_before"),
        (2022, None, "unknown_before"),
    ]
    # one known point (today's) projects nothing: pending, not off_track
    assert_status(report, "inspected-share", "pending")
    assert result.projection is not None
    assert (result.projection.on_track, result.projection.reason) == (None, "unknown_before")
    plain = report.to_dict()["results"][0]
    assert plain["history"][0] == {"date": "2020-12-31", "value": None, "reason": "unknown_before"}
    for lang, word in (("en", "unknown"), ("zh", "无法得知")):
        for fmt in ("text", "markdown", "html", "docx"):
            rendered = registry.renderers[fmt].render(report, scoplan.RenderOptions(lang=lang))
            shown = rendered if isinstance(rendered, str) else docx_text(rendered)
            if fmt == "html":
                assert f">{word}<" in shown, (fmt, lang)  # the history table's cell
            else:
                assert f"2020 {word} · 2021 {word} · 2022 {word}" in shown, (fmt, lang)


def test_from_the_day_they_are_known_history_and_projection_use_them(
    registry: Registry,
) -> None:
    report = inspected_report(registry, "2024-06-30")
    result = find_result(report, "inspected-share")
    # 2023-12-31: O1 (2023-03-01) and O2 (2023-05-10) are within a year: 0.5;
    # 2024-06-30: no inspection since 2023-07-01: 0.0
    assert [(p.date.year, p.value) for p in result.history] == [
        (2020, None),
        (2021, None),
        (2022, None),
        (2023, 0.5),
    ]
    assert result.value == 0.0
    assert result.projection is not None
    # the line through (2023-12-31, 0.5) and (2024-06-30, 0.0) falls: off track, from
    # those two points only
    assert [(p.date, p.value) for p in result.projection.inputs] == [
        (dt.date(2023, 12, 31), 0.5),
        (dt.date(2024, 6, 30), 0.0),
    ]
    assert_status(report, "inspected-share", "off_track")


def test_a_kind_that_reads_no_latest_only_column_keeps_its_history(
    registry: Registry,
) -> None:
    data = inspected_register(registry)
    plain = _kind("inspected-plain", inspected_share)
    report = evaluate_target(
        plain, data, as_of="2023-06-30", due="2025-12-31", start="2021-01-01",
        params={"threshold": 0.75},
    )  # fmt: skip
    # at 2020-12-31 the window (2020-01-01, 2020-12-31] holds no inspection; at 2021-12-31
    # O3's 2021-04-01 is in it: 1 of 4; at 2022-12-31 none again
    history = find_result(report, "inspected-plain").history
    assert [(p.value, p.reason) for p in history] == [(0.0, ""), (0.25, ""), (0.0, "")]
    own = _kind("inspected-own", inspected_share, known_from=dt.date(2022, 1, 1))
    report = evaluate_target(
        own, data, as_of="2023-06-30", due="2025-12-31", start="2021-01-01",
        params={"threshold": 0.75},
    )  # fmt: skip
    history = find_result(report, "inspected-own").history
    assert [p.value for p in history] == [None, None, 0.0]


def test_a_report_with_unknown_history_reads_back_and_compares(registry: Registry) -> None:
    report = inspected_report(registry, "2023-06-30")
    again = scoplan.Report.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again.results[0].history == report.results[0].history
    assert report.to_dict()["schema_version"] == 3


def test_what_if_types_the_declared_columns_of_the_rows_it_adds(registry: Registry) -> None:
    from scoplan.testing.evaluation import MilestoneSpec, plan_of

    spec = MilestoneSpec("m", "inspected-share", dt.date(2025, 12, 31), {"threshold": 0.75}, {})
    plan = plan_of([spec], start=dt.date(2021, 1, 1))
    added = {"id": "O9", "community_id": "D1-C1", "name": "戊", "founded": "2020-01-01"}
    comparison = scoplan.what_if(
        inspected_register(registry),
        plan,
        as_of=dt.date(2023, 6, 30),
        registry=registry,
        organizations=[{**added, "年检日期": "2023/6/1"}],
    )
    (change,) = comparison.changes
    # O1, O2 and now O9 inspected within the year, of five: 0.5 becomes 0.6
    assert (change.value_before, change.value_after) == (0.5, 0.6)


@pytest.mark.parametrize("form", ["xlsx", "sqlite"])
def test_a_bad_cell_of_a_workbook_or_a_database_is_named_where_it_is(
    tmp_path: Path, registry: Registry, form: str
) -> None:
    from scoplan.writing import convert

    folder = write_register(tmp_path / "csv", GOOD)
    if form == "xlsx":
        import openpyxl

        target = str(tmp_path / "register.xlsx")
        convert(folder, target, names="zh", registry=registry)
        book = openpyxl.load_workbook(target)
        sheet = book["社区社会组织"]
        header = [cell.value for cell in sheet[1]]
        sheet.cell(row=3, column=header.index("经费") + 1, value="abc")  # O2, row 3
        book.save(target)
        where = 3
    else:
        import sqlite3

        target = f"sqlite:///{tmp_path}/r.db"
        convert(folder, target, names="zh", registry=registry)
        with sqlite3.connect(tmp_path / "r.db") as db:
            db.execute("UPDATE 社区社会组织 SET 经费 = 'abc' WHERE 编号 = 'O2'")
        where = 2  # the second record: a database has no header row
    with pytest.raises(DataError) as caught:
        scoplan.load(target, registry=registry)
    assert [(p.code, p.row, p.column, p.value) for p in caught.value.problems] == [
        ("bad_number", where, "funds", "abc")
    ]
    assert "经费" in describe_problem(caught.value.problems[0], "zh")


@pytest.fixture
def scoplan_plugins() -> list[object]:
    return [Inspections]


def test_the_dataset_builder_fixture_types_the_columns_of_the_plugins_under_test(
    dataset_builder: DatasetBuilder,
) -> None:
    data = (
        dataset_builder.district_with("D1", communities=1, organizations=0)
        .organization("O1", "D1-C1", founded="2020-01-01", 经费="85%")
        .build()
    )
    # 85% is a share: 0.85
    assert data.frame("organizations").get_column("funds").to_list() == [0.85]


# -- organization-share over a column a plugin declares ------------------------------------


def share_of(registry: Registry, tmp_path: Path, params: dict[str, Any]) -> scoplan.Result:
    """The city's result of an ``organization-share`` of the register :data:`GOOD` (four
    organizations of C1, read from the bureau's GB18030 file, with no 登记状态: each counted
    as ``unknown``), judged on 2023-12-31."""
    data = scoplan.load(write_register(tmp_path / "csv", GOOD), registry=registry)
    params = {**params, "registration": ["unknown"]}
    report = evaluate_target(
        "organization-share", data, as_of="2023-12-31", params=params, registry=registry
    )
    return find_result(report, "organization-share", "city")


def test_organization_share_counts_by_a_declared_code_column(
    tmp_path: Path, registry: Registry
) -> None:
    # 年检结论 合格 (passed): O1 and O3 of the four; O4's is empty: 2 / 4 = 0.5, below 0.6
    result = share_of(
        registry, tmp_path, {"column": "verdict", "value": "passed", "threshold": 0.6}
    )
    assert (result.evidence.numerator, result.evidence.denominator) == (2, 4)
    assert result.value == pytest.approx(0.5)
    assert result.status == scoplan.Status.NOT_MET
    assert result.evidence.details["unknown"] == 1  # O4's blank 年检结论
    # in the words of the plugin's declaration: 年检结论 为 合格
    assert result.target_title == "“年检结论”为“合格”的社区社会组织占比"


def test_organization_share_counts_by_a_declared_date_column_in_the_due_year(
    tmp_path: Path, registry: Registry
) -> None:
    # 年检日期 in 2023: O1 (2023/3/1) and O2 (2023-05-10); O3's is 2021: 2 / 4 = 0.5 >= 0.5
    result = share_of(
        registry, tmp_path, {"column": "inspected", "window": "year", "threshold": 0.5}
    )
    evidence = result.evidence
    assert (evidence.numerator, evidence.denominator, result.status) == (2, 4, scoplan.Status.MET)


def test_organization_share_refuses_a_number_and_a_column_no_plugin_declares(
    tmp_path: Path, registry: Registry
) -> None:
    plan = (
        'id = "p"\ntitle = "计划"\nversion = "1"\nstart = 2023-01-01\nend = 2023-12-31\n'
        '[[milestones]]\nid = "funds"\ntarget = "organization-share"\ndue = 2023-12-31\n'
        'params = { column = "funds", value = "1", threshold = 0.5 }\n'
        '[[milestones]]\nid = "verdict"\ntarget = "organization-share"\ndue = 2023-12-31\n'
        'params = { column = "verdict", value = "passed", threshold = 0.5 }\n'
    )
    # with the plugin: 经费 is a number, which a share cannot flag by; 年检结论 is fine
    with pytest.raises(scoplan.PlanError) as caught:
        scoplan.parse_plan(plan, registry=registry)
    (problem,) = caught.value.problems
    assert (problem.params["milestone"], problem.params["field"]) == ("funds", "params.column")
    assert "“经费”（funds）列为数字" in describe_problem(problem, "zh")
    assert "'funds' holds numbers" in describe_problem(problem, "en")
    # without the plugin, neither column exists: both milestones are named, each in one run
    with pytest.raises(scoplan.PlanError) as caught:
        scoplan.parse_plan(plan, registry=registry_of())
    named = [(p.params["milestone"], p.params["field"]) for p in caught.value.problems]
    assert named == [("funds", "params.column"), ("verdict", "params.column")]
    assert "不能是“verdict”" in describe_problem(caught.value.problems[1], "zh")
