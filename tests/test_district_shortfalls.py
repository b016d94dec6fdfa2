"""A county's own register run for the city's milestones (``--district``): each chosen
district's own gap inside a milestone not judged, and its own units short where the
requirement holds for each unit.

The register is tests/bureau.py's (屯溪区 and 歙县 of 黄山市) with a second street of 屯溪区,
昱中街道 (341002002), and its community 柏树街 (341002002001, urban); a township federation
of 昱东街道 (LH01, 2021-05-01) and none of 昱中街道 or of 歙县's 徽城镇; and HS003 (屯溪区, not
registered, small) and HS005 (歙县, filed, small) both managed by their township, where a
small organization is the community's to manage. Evaluated for the bundled Huangshan plan
on 2023-12-31 with ``districts=["屯溪区"]``: the city's milestones are not judged, and
屯溪区's own figures, gaps and units are worked out here by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import bureau
import pytest
from builders import shown_text

import scoplan
from scoplan.report import Report, Result, Status

AS_OF = dt.date(2023, 12, 31)
PLAN = "huangshan-2021-2023"
SMALL_REASON = "规模较小，应由村（居）民委员会指导和管理"


def _tables() -> dict[str, bureau.Rows]:
    tables = bureau.register()
    tables["乡镇街道"].append(["341002002", "341002", "昱中街道", "街道"])
    tables["社区"].append(["341002002001", "341002002", "柏树街社区居委会", "城市社区"])
    tables["联合会"] = [
        ["编号", "层级", "所属单位", "名称", "成立日期", "注销日期"],
        ["LH01", "乡镇街道", "341002001", "昱东街道社区社会组织联合会", "2021-05-01", ""],
    ]
    organizations = tables["社区社会组织"]
    manager = bureau.column(organizations, "管理主体")
    for row in organizations[1:]:
        if row[0] in ("HS003", "HS005"):
            row[manager] = "乡镇街道"
    return tables


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bureau.write(tmp_path_factory.mktemp("shortfalls") / "屯溪歙县台账", _tables())


@pytest.fixture(scope="module")
def report(folder: Path) -> Report:
    plan = scoplan.bundled_plan(PLAN)
    return scoplan.evaluate(scoplan.load(folder), plan, AS_OF, districts=["屯溪区"])


def result(report: Report, milestone: str) -> Result:
    (found,) = [r for r in report.results if r.milestone == milestone]
    return found


def test_a_federation_coverage_of_all_lists_the_chosen_districts_townships_without_one(report):
    """Every township of the city with a federation (100%): 屯溪区 has 1 of its 2 streets
    (昱东 LH01) = 50%, short by 1, 昱中街道, listed with its district; 歙县's 徽城镇, also
    without one, is not 屯溪区's and is not listed."""
    found = result(report, "township-federation-coverage-2023")
    assert found.status is Status.NOT_COVERED
    (part,) = found.parts
    assert (part.id, part.value) == ("341002", pytest.approx(0.5))
    assert part.gap is not None
    assert (part.gap.amount, part.gap.units_total) == (1, 1)
    assert [(u.level, u.id, u.name, u.district_id) for u in part.gap.units] == [
        ("township", "341002002", "昱中街道", "341002")
    ]


def test_registration_of_all_lists_the_chosen_districts_organizations_only(report):
    """Every organization registered or managed as required (100%): of 屯溪区's 3 (HS001
    filed, large, township: managed; HS002 registered; HS003 not registered, small,
    township: not), 2 = 66.7%, HS003 short for its reason; 歙县's HS005 is not listed."""
    found = result(report, "registration-city")
    (part,) = found.parts
    assert (part.numerator, part.denominator) == (2, 3)
    assert part.gap is not None
    assert [(u.id, u.reason) for u in part.gap.units] == [("HS003", "small_not_community")]
    assert part.gap.units[0].township == "昱东街道"


def test_a_mean_gives_the_chosen_districts_gap_in_organizations_and_no_units(report):
    """The city's urban mean of 15: 屯溪区's registered or filed organizations alive on
    2023-12-31 in its 3 urban communities are HS001 and HS002 (HS003 is neither), 2 / 3 =
    0.67, and 3 × 15 − 2 = 43 more organizations would bring it to 15. No community is
    listed: the city's mean asks it of no community alone."""
    found = result(report, "urban-average-city-2023")
    (part,) = found.parts
    assert (part.numerator, part.denominator) == (2, 3)
    assert part.gap is not None
    assert (part.gap.amount, part.gap.noun, part.gap.units) == (43, "organizations", ())


def test_the_reports_say_the_chosen_districts_gap_and_list_its_units(report):
    """The 参考 of the urban mean says the organizations (15 − 2/3 = 14.3 per community, 43
    organizations); the federation's and registration's units are listed as 屯溪区's, in
    every report for people; the organization under 原因, with no 实际 or 尚缺."""
    reference = "屯溪区尚差14.3个/社区，即屯溪区城市社区尚需新增43个社区社会组织"
    for fmt in ("text", "markdown", "html", "docx", "xlsx"):
        shown = shown_text(report, fmt)
        assert reference in shown, fmt
        assert "昱中街道" in shown, fmt
        assert "徽城镇" not in shown.replace("徽城镇社区", ""), fmt
        assert "HS003" in shown, fmt
        assert "HS005" not in shown, fmt
    markdown = shown_text(report, "markdown")
    assert markdown.count("屯溪区未达标单位：共1个") == 2
    assert "| 乡镇（街道） | 单位 | 编号 | 原因 |" in markdown
    assert f"| 昱东街道 | 上新文体队 | HS003 | {SMALL_REASON} |" in markdown
    assert "即尚有1个乡镇（街道）未覆盖" in markdown


def test_the_workbook_lists_the_units_with_the_reason_in_its_own_column(report):
    """The sheet 未达标单位, of the city's two milestones: 昱中街道 for the federations,
    HS003 with no 单位实际 (no number says why it is short) and its reason under 原因."""
    import io

    import openpyxl
    from builders import builtin_registry

    from scoplan.formats import RenderOptions

    renderer = builtin_registry().renderer("xlsx")
    assert renderer is not None
    made = renderer.render(report, RenderOptions(lang="zh"))
    assert isinstance(made, bytes)
    sheet = openpyxl.load_workbook(io.BytesIO(made))["未达标单位"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    city = ("township-federation-coverage-2023", "registration-city")
    found = {
        row[header.index("单位编号")]: dict(zip(header, row, strict=True))
        for row in rows[1:]
        if row[-1] in city
    }
    assert set(found) == {"341002002", "HS003"}
    assert found["HS003"]["单位实际"] is None
    assert found["HS003"]["原因"] == SMALL_REASON
    assert found["341002002"]["单位实际"] == 0


def test_a_report_with_the_districts_gaps_reads_back_from_its_json(report):
    """The JSON report keeps each part's gap and units: read back, it is the same report."""
    again = Report.from_dict(report.to_dict())
    assert result(again, "registration-city").parts == result(report, "registration-city").parts


TUNXI_PLAN = """
id = "tunxi-2021-2023"
title = "屯溪区社区社会组织登记"
version = "1"
start = 2021-01-01
end = 2023-12-31

[area]
name = "屯溪区"
code_prefix = "341002"

[[milestones]]
id = "registration-tunxi"
target = "registration"
due = 2023-12-31
params = { threshold = 1.0 }
"""


def test_a_judged_registration_lists_its_organizations_under_reason(folder, tmp_path):
    """屯溪区's own plan: registration is judged, 2 of its 3 organizations managed as
    required, HS003 short; the table has a 原因 column and no 实际 "0" (nor 尚缺)."""
    written = tmp_path / "tunxi.toml"
    written.write_text(TUNXI_PLAN, encoding="utf-8")
    report = scoplan.evaluate(scoplan.load(folder), scoplan.load_plan(written), AS_OF)
    found = result(report, "registration-tunxi")
    assert found.status is Status.NOT_MET
    assert (found.evidence.numerator, found.evidence.denominator) == (2, 3)
    markdown = shown_text(report, "markdown")
    assert "| 乡镇（街道） | 单位 | 编号 | 原因 |" in markdown
    assert f"| 昱东街道 | 上新文体队 | HS003 | {SMALL_REASON} |" in markdown
    html = shown_text(report, "html")
    assert f'<td class="id">HS003</td><td>{SMALL_REASON}</td>' in html
    assert "尚缺" not in shown_text(report, "docx")


def test_every_result_of_the_bundled_plan_names_its_year_but_the_citys_own_venture(folder):
    """Each milestone's title ends with its due year, as the catalogue makes it (全市建有社区
    社会组织工作评估评议制度的社区占比（2023年）), but gongyi-city, a commitment of no year."""
    plan = scoplan.bundled_plan(PLAN)
    report = scoplan.evaluate(scoplan.load(folder), plan, AS_OF)
    titles = {r.milestone: r.title for r in report.results}
    due = {m.id: m.due.year for m in plan.milestones}
    without = [m for m, title in titles.items() if not title.endswith(f"（{due[m]}年）")]
    assert without == ["gongyi-city"]
    assert (
        titles["evaluation-systems"] == "全市建有社区社会组织工作评估评议制度的社区占比（2023年）"
    )
