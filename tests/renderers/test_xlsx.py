"""The Excel report (scoplan.renderers.xlsx), read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io

import attrs
import openpyxl
import pytest

from .conftest import FORMULA, SCRIPT, render


def workbook(content: str | bytes) -> openpyxl.Workbook:
    """The rendered bytes opened as a workbook."""
    assert isinstance(content, bytes)
    return openpyxl.load_workbook(io.BytesIO(content))


@pytest.mark.parametrize(
    ("lang", "sheets", "first_header"),
    [
        ("zh", ["汇总", "全市", "各区县", "区县组", "分区县乡镇情况", "未达标单位"], "目标任务"),
        (
            "en",
            [
                "Summary",
                "Whole city",
                "Districts",
                "District groups",
                "By district and township",
                "Shortfall",
            ],
            "target",
        ),
    ],
)
def test_sheets_in_both_languages(example_report, lang, sheets, first_header):
    """A summary, a sheet per scope level of the example (city, district, group), the
    means by district and township and the shortfall, named in the language asked, with
    headers in it too: the milestone's title in column A."""
    book = workbook(render("xlsx", example_report, lang))
    assert book.sheetnames == sheets
    for name in sheets[1:]:
        assert book[name]["A1"].value == first_header


def test_one_row_per_result_by_level(example_report):
    """The example's 83 results: 18 for the city, 60 for districts (seven kinds of seven
    districts, 4 + 3 + 3 federation and pilot districts, Tunxi's urban average), 5 for groups."""
    book = workbook(render("xlsx", example_report, "en"))
    assert book["Whole city"].max_row - 1 == 18
    assert book["Districts"].max_row - 1 == 60
    assert book["District groups"].max_row - 1 == 5


def test_summary_counts(example_report):
    """The summary sheet counts 46 met, 5 met late, 24 not met, 8 indicators, 83 in all;
    the statuses no result has (pending 0, no data 0…) are left out, as the text, Markdown,
    HTML and Word reports leave them out."""
    sheet = workbook(render("xlsx", example_report, "en"))["Summary"]
    rows = list(sheet.iter_rows(values_only=True))
    start = rows.index(("status", "count"))
    assert rows[start + 1 :] == [
        ("met", 46),
        ("met late", 5),
        ("not met", 24),
        ("indicator", 8),
        ("Total", 83),
    ]


def test_numbers_are_numbers_and_dates_are_dates(example_report):
    """The city's urban average is the number 1207/93 (one decimal shown, as a mean is), its
    due date a date; a share is shown as a percentage."""
    book = workbook(render("xlsx", example_report, "en"))
    sheet = book["Whole city"]
    header = [cell.value for cell in sheet[1]]
    row = sheet[2]
    value = row[header.index("actual")]
    assert value.value == pytest.approx(1207 / 93)
    assert value.number_format == "0.0"
    due = row[header.index("deadline")]
    assert due.value == dt.datetime(2023, 12, 31)
    assert due.is_date
    shares = [
        r[header.index("actual")]
        for r in sheet.iter_rows(min_row=2)
        if r[header.index("target code (for programs)")].value == "registration-city"
    ]
    assert shares[0].number_format == "0.0%"


def test_the_comparison_is_in_words(example_report):
    """The 比较 column of a level's sheet says 不少于 for a mean and 不低于 for a share, as
    the text report does, never ``>=``."""
    sheet = workbook(render("xlsx", example_report, "zh"))["全市"]
    header = [cell.value for cell in sheet[1]]
    said = {
        row[header.index("目标任务代码（供程序使用）")]: row[header.index("比较")]
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert said["urban-average-city-2023"] == "不少于"
    assert said["registration-city"] == "不低于"
    assert said["priority-fields-city"] is None


def test_frozen_header_and_widths(example_report):
    """Each table sheet keeps its header row in view and sizes its columns to their text."""
    book = workbook(render("xlsx", example_report))
    for name in ("全市", "各区县", "区县组", "未达标单位"):
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width > 8


def test_shortfall_sheet(example_report):
    """One row per short unit (short today: a milestone due earlier lists today's), by
    district and township, each named: the first is 徽山路社区居委会 of 屯溪区, 昱中街道, the
    only one of 屯溪区's urban communities short, with 14 registered or filed organizations,
    1 short of 15 (counted with the csv module)."""
    sheet = workbook(render("xlsx", example_report))["未达标单位"]
    as_of = example_report.as_of
    # but the city short of a count of its own (the brand projects, its own venture): a
    # count of the whole has no units to list (test_the_city_level_short_has_no_row)
    total = sum(
        len(gap.units)
        for r in example_report.results
        if (gap := r.gap_now if r.measured_on < as_of else r.gap) is not None
        and [u.level for u in gap.units] != ["city"]
    )
    assert sheet.max_row - 1 == total
    assert [c.value for c in sheet[2]] == [
        "全市城市社区平均社区社会组织数（2023年）",
        "全市",
        "屯溪区",
        "昱中街道",
        "社区",
        "341002002005",
        "徽山路社区居委会",
        14,
        1,
        None,
        "urban-average-city-2023",
    ]
    # no cell joins codes with ";": each unit has its row
    for row in workbook(render("xlsx", example_report)).worksheets[1].iter_rows(values_only=True):
        assert not any(isinstance(v, str) and ";3410" in v for v in row)


def test_the_city_level_short_has_no_row(example_report):
    """The city short of a milestone of its own (the brand projects, 9 of 10; the city's own
    gongyi venture, none held) has no row: a count of the whole city has no units to list,
    as the text report lists none (a user trial found 祁门县 under its own plan listed as a
    unit of its brand organizations), its gap being its result's. No row says ``city``, the
    plan file's word for the level (a user trial read it in the 单位编号 column)."""
    sheet = workbook(render("xlsx", example_report))["未达标单位"]
    header = [c.value for c in sheet[1]]
    level, code = header.index("单位层级"), header.index("单位编号")
    assert not [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[level] == "全市"]
    every = {r[code] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert "city" not in every


def test_sheets_print_landscape_on_a_page_wide(example_report):
    """Every sheet prints landscape on A4, fit to one page wide, its header row repeated."""
    book = workbook(render("xlsx", example_report))
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == "$1:$1"


def test_the_summary_names_the_data_source(example_report):
    """The summary sheet names the data's folder (its name, not the machine's path: the
    workbook goes up to the bureau) and how many rows each table has."""
    rows = list(workbook(render("xlsx", example_report))["汇总"].iter_rows(values_only=True))
    found = dict(row[:2] for row in rows if row and row[0])
    # the folder by its name (src/scoplan/examples/huangshan), not where it lies
    assert example_report.source.location.endswith("huangshan")
    assert found["数据来源"] == "huangshan"
    assert found["区县"] == 7
    assert found["社区"] == 764
    assert found["社区社会组织"] == example_report.source.rows["organizations"]


def test_hostile_names_are_text_never_formulas(hostile_report):
    """No cell of any sheet is a formula; ``=HYPERLINK("x")`` is quoted text and
    ``<script>`` plain text, in the result rows and the shortfall alike."""
    book = workbook(render("xlsx", hostile_report, "en"))
    values = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
    assert values.count(f"'{FORMULA}") >= 4  # district, reading ×2, community, organization
    assert values.count(SCRIPT) >= 3  # district, community, organization
    shortfall = book["Shortfall"]
    names = [row[6] for row in shortfall.iter_rows(min_row=2, values_only=True)]
    assert names == [SCRIPT, f"'{FORMULA}", SCRIPT, f"'{FORMULA}"]


def test_negative_numbers_stay_numbers(hostile_report):
    """A negative value is a number cell, not quoted text."""
    changed = attrs.evolve(
        hostile_report, results=(attrs.evolve(hostile_report.results[0], value=-0.25),)
    )
    sheet = workbook(render("xlsx", changed, "en"))["Districts"]
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(2, header.index("actual") + 1)
    assert cell.value == -0.25
    assert cell.data_type == "n"


def test_a_count_short_gives_what_it_lacks(example_report):
    """休宁县 without its service centre in 2023: its row in the shortfall sheet lacks 1."""
    sheet = workbook(render("xlsx", example_report))["未达标单位"]
    header = [cell.value for cell in sheet[1]]
    (row,) = [
        row
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[header.index("目标任务代码（供程序使用）")] == "service-centres-2023"
    ]
    assert row[header.index("单位名称")] == "休宁县"
    assert (row[header.index("单位实际")], row[header.index("尚缺")]) == (0, 1)


def _formats(sheet, columns: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """The number format of ``columns`` in each row of a level's sheet, by the row's
    milestone id and, but for the city's, its scope code."""
    header = [cell.value for cell in sheet[1]]
    found: dict[str, dict[str, str]] = {}
    for row in sheet.iter_rows(min_row=2):
        name = row[header.index("目标任务代码（供程序使用）")].value
        scope = row[header.index("范围代码（供程序使用）")].value
        found[f"{name} {scope}" if scope else name] = {
            column: row[header.index(column)].number_format for column in columns
        }
    return found


def test_a_target_is_shown_as_the_plan_writes_it(example_report):
    """不少于15个 is ``15`` in the 目标 column, never ``15.0``, though the value beside it is a
    mean shown to one decimal (13.0); a count's target and value are whole (7 brand
    organizations, 8 found); a share's target of 100% or 70% is a whole percentage."""
    book = workbook(render("xlsx", example_report))
    columns = ("实际", "目标", "目前实际")
    city = _formats(book["全市"], columns)
    assert city["urban-average-city-2023"]["实际"] == "0.0"
    assert city["urban-average-city-2023"]["目标"] == "0"
    assert city["rural-average-city-2022"]["目标"] == "0"  # 不少于3个
    assert city["rural-average-city-2022"]["目前实际"] == "0.0"  # 4.5
    assert city["brand-organizations-city-2023"] == {
        "实际": "0",
        "目标": "0",
        "目前实际": "General",
    }
    assert city["registration-city"]["目标"] == "0%"  # 100%
    districts = _formats(book["各区县"], columns)
    assert districts["community-federation-coverage-tunxi-2021 341002"]["目标"] == "0%"  # 70%
    assert districts["service-centres-2021 341004"] == {"实际": "0", "目标": "0", "目前实际": "0"}
    groups = _formats(book["区县组"], columns)
    assert groups["gongyi-township-coverage-central-2022 central"]["目标"] == "0%"  # 50%


def test_a_share_has_one_decimal_whole_or_not(example_report):
    """A share of 100%, 50% or 80% is shown ``100.0%``, ``50.0%``, ``80.0%`` (``0.0%``), as
    99.7%, 74.3% or 55.6% are, and as the text, Word, HTML and CSV reports give them all
    (the workbook alone showed ``100%``); its target stays as the plan writes it (70%)."""
    book = workbook(render("xlsx", example_report))
    columns = ("实际", "目前实际")
    city = _formats(book["全市"], columns)
    assert city["registration-city"]["实际"] == "0.0%"  # 99.7%
    assert city["township-federation-coverage-2023"]["实际"] == "0.0%"  # 73.4%
    districts = _formats(book["各区县"], columns)
    assert districts["township-federation-coverage-2021 341002"] == {
        "实际": "0.0%",  # 100%
        "目前实际": "0.0%",
    }
    assert districts["community-federation-coverage-yi-2021 341023"]["实际"] == "0.0%"  # 50%
    assert districts["community-federation-coverage-tunxi-2021 341002"] == {
        "实际": "0.0%",  # 74.3%
        "目前实际": "0.0%",  # 82.9%
    }
    groups = _formats(book["区县组"], columns)
    assert groups["gongyi-district-coverage-other-2023 other"]["实际"] == "0.0%"  # 80%
    assert groups["gongyi-township-coverage-central-2022 central"]["实际"] == "0.0%"  # 55.6%


def test_counts_are_whole_numbers_on_every_sheet(example_report):
    """A gap, a number of short units, the summary's rows and counts, a breakdown's
    organizations and communities, a short unit's organizations and what it lacks: each a
    whole number (``0``); a breakdown's mean to one decimal (``0.0``)."""
    book = workbook(render("xlsx", example_report))
    city = _formats(book["全市"], ("差距数量", "目前未达标单位数"))
    assert city["urban-average-city-2023"] == {"差距数量": "0", "目前未达标单位数": "0"}  # 188, 59
    districts = _formats(book["各区县"], ("目前差距数量",))
    assert districts["rural-pilots-2021 341004"]["目前差距数量"] == "0"  # 1 pilot
    summary = [
        cell
        for row in book["汇总"].iter_rows()
        for cell in row
        if isinstance(cell.value, int | float)
    ]
    assert len(summary) > 10
    assert {cell.number_format for cell in summary} == {"0"}
    figures = book["分区县乡镇情况"]
    header = [cell.value for cell in figures[1]]
    total = figures[2]  # the city's: 1207 organizations, 93 communities, 13.0
    assert (total[header.index("组织数")].value, total[header.index("社区数")].value) == (1207, 93)
    assert [total[header.index(c)].number_format for c in ("组织数", "社区数", "平均")] == [
        "0",
        "0",
        "0.0",
    ]
    shortfall = book["未达标单位"]
    header = [cell.value for cell in shortfall[1]]
    first = shortfall[2]  # 徽山路社区居委会: 14 organizations, 1 short
    assert [first[header.index(c)].number_format for c in ("单位实际", "尚缺")] == ["0", "0"]


def test_a_value_short_by_little_is_never_shown_as_met(hostile_report):
    """A mean of 14.96 against 15 is shown ``14.96`` (``0.00``), never ``15.0``; a share of
    99.996% against 100% is ``99.996%`` (``0.000%``), never ``100.0%`` — as the other
    reports write them; a target of 3.5 is ``3.5`` and of 55.5% is ``55.5%``."""
    first = hostile_report.results[0]
    results = (
        attrs.evolve(first, value=14.96, required=15.0, comparator=">="),
        attrs.evolve(first, value=3.0, required=3.5, comparator=">="),
        attrs.evolve(first, unit="share", value=0.99996, required=1.0, comparator=">="),
        attrs.evolve(first, unit="share", value=0.5, required=0.555, comparator=">="),
    )
    sheet = workbook(render("xlsx", attrs.evolve(hostile_report, results=results)))["各区县"]
    header = [cell.value for cell in sheet[1]]
    found = [
        (row[header.index("实际")].number_format, row[header.index("目标")].number_format)
        for row in sheet.iter_rows(min_row=2)
    ]
    assert found == [("0.00", "0"), ("0.0", "0.0"), ("0.000%", "0%"), ("0.0%", "0.0%")]


@pytest.mark.parametrize(
    ("lang", "sheet_name", "official", "codes"),
    [
        (
            "zh",
            "区县组",
            {"范围": "中心城区", "目标类型": "乡镇（街道）级公益创投活动覆盖率"},
            ["范围代码（供程序使用）", "目标类型代码（供程序使用）", "目标任务代码（供程序使用）"],
        ),
        (
            "en",
            "District groups",
            {
                "scope": "central urban area",
                "target kind": "Township social-venture (gongyi chuangtou) coverage",
            },
            [
                "scope code (for programs)",
                "target kind code (for programs)",
                "target code (for programs)",
            ],
        ),
    ],
)
def test_officials_columns_hold_names_and_the_codes_are_last_and_hidden(
    example_report, lang, sheet_name, official, codes
):
    """中心城区's 2023 township social-venture coverage (a trial's workbook showed ``central``
    and ``gongyi-township-coverage`` where an official reads): its scope and its kind are
    named in the language; the plan file's codes are the last three columns, headed for
    programs, grouped and hidden, and no column in view holds a code."""
    sheet = workbook(render("xlsx", example_report, lang))[sheet_name]
    header = [cell.value for cell in sheet[1]]
    assert header[-3:] == codes
    (row,) = [
        row
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[-1] == "gongyi-township-coverage-central-2023"
    ]
    assert {name: row[header.index(name)] for name in official} == official
    assert row[-3:-1] == ("central", "gongyi-township-coverage")
    shown = set(row[:-3])
    assert not shown & {"central", "gongyi-township-coverage", "other"}
    for letter in ("A", "B", "C"):
        assert not sheet.column_dimensions[letter].hidden
    last = len(header)
    for column in range(last - 2, last + 1):
        dimension = sheet.column_dimensions[openpyxl.utils.get_column_letter(column)]
        assert (dimension.hidden, dimension.outline_level) == (True, 1)
    assert sheet.sheet_format.outlineLevelCol == 1


def test_every_table_hides_only_its_code_columns(example_report):
    """The means by district and township and the shortfall hide their last column (the
    milestone's code) and keep the unit's code (单位编号, the bureau's own) in view."""
    book = workbook(render("xlsx", example_report))
    for name in ("分区县乡镇情况", "未达标单位"):
        sheet = book[name]
        header = [cell.value for cell in sheet[1]]
        hidden = [
            header[column - 1]
            for column in range(1, len(header) + 1)
            if sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].hidden
        ]
        assert hidden == ["目标任务代码（供程序使用）"], name
        assert "单位编号" in header


def test_the_files_properties_name_the_report_and_the_plans_bureau(example_report, hostile_report):
    """File › Properties: the report's title and its plan, the bureau that issued the plan
    (黄山市民政局) as the author, as in the Word report; never openpyxl. Made at the time
    of the run (openpyxl sets the time it was saved). A plan that names no bureau: no
    author."""
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    properties = workbook(render("xlsx", example_report)).properties
    after = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert properties.title == "社区社会组织培育发展目标评估"
    assert properties.subject == "黄山市培育发展社区社会组织专项行动计划（2021—2023年）"
    assert (properties.creator, properties.lastModifiedBy) == ("黄山市民政局", "黄山市民政局")
    assert before <= properties.created <= properties.modified <= after  # saved last
    unsigned = workbook(render("xlsx", hostile_report)).properties
    assert unsigned.creator in ("", None)
    assert unsigned.lastModifiedBy in ("", None)
