"""Synthetic data: deterministic, loadable, counted right, Huangshan inside (scoplan.synth)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

import scoplan
from scoplan.cli import main
from scoplan.schema import ESTABLISHMENT_KINDS, EVENT_KINDS, TABLES_BY_NAME
from scoplan.synth import FILES, SynthSummary, generate

HUANGSHAN = {
    "341002": "屯溪区",
    "341003": "黄山区",
    "341004": "徽州区",
    "341021": "歙县",
    "341022": "休宁县",
    "341023": "黟县",
    "341024": "祁门县",
}


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthSummary]:
    """The city scale made from seed 1, once for the module."""
    folder = tmp_path_factory.mktemp("city") / "seed1"
    return folder, generate("city", 1, folder)


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    """The rows of one table, read with the csv module."""
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_same_seed_writes_the_same_bytes_and_another_seed_does_not(tmp_path, city):
    """Two city generations from one seed are byte-identical; another seed differs."""
    folder, _ = city
    again = tmp_path / "again"
    generate("city", 1, again)
    for table in FILES:
        name = f"{table}.csv"
        assert (again / name).read_bytes() == (folder / name).read_bytes(), name
    other = tmp_path / "other"
    generate("city", 2, other)
    assert (other / "organizations.csv").read_bytes() != (folder / "organizations.csv").read_bytes()
    assert sorted(p.name for p in again.iterdir()) == sorted(f"{t}.csv" for t in FILES)


def test_city_output_loads_and_the_bundled_plan_runs_without_errors(city):
    """scoplan.load reads the city output without a problem and every milestone evaluates."""
    folder, summary = city
    data = scoplan.load(folder)
    assert data.size() == summary.rows
    report = scoplan.evaluate(
        data, scoplan.bundled_plan("huangshan-2021-2023"), dt.date(2023, 12, 31)
    )
    assert report.results
    assert all(r.status is not scoplan.Status.ERROR for r in report.results)


def test_reported_row_counts_are_the_files_row_counts(city):
    """The summary's count for each table is the number of data rows the csv module reads."""
    folder, summary = city
    for table in FILES:
        assert len(rows(folder, table)) == summary.rows[table], table
    assert summary.scale == "city"
    assert summary.seed == 1


def test_headers_are_the_canonical_columns(city):
    """Each file's header is exactly its table's canonical English columns, in schema order."""
    folder, _ = city
    for table in FILES:
        with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == [c.name for c in TABLES_BY_NAME[table].columns], table


def test_city_is_huangshan_with_its_real_districts_and_counts(city):
    """The seven real district codes and names, 109 townships, 76 urban, 671 rural communities."""
    folder, summary = city
    districts = rows(folder, "districts")
    assert {d["id"]: d["name"] for d in districts} == HUANGSHAN
    assert {d["city"] for d in districts} == {"黄山市"}
    assert summary.townships == 109
    kinds = [c["kind"] for c in rows(folder, "communities")]
    assert (kinds.count("urban"), kinds.count("rural")) == (76, 671)
    assert 4000 <= summary.organizations <= 5000


def test_hierarchy_references_and_dates_hold_by_hand(city):
    """Every community's township and township's district exist, codes nest, dates are ordered."""
    folder, _ = city
    districts = {d["id"] for d in rows(folder, "districts")}
    townships = {t["id"]: t["district_id"] for t in rows(folder, "townships")}
    communities = {c["id"]: c["township_id"] for c in rows(folder, "communities")}
    assert all(len(d) == 6 and d.isdigit() for d in districts)
    for township, district in townships.items():
        assert district in districts
        assert len(township) == 9
        assert township.startswith(district)
    for community, township in communities.items():
        assert township in townships
        assert len(community) == 12
        assert community.startswith(township)
    organizations = rows(folder, "organizations")
    founded = {o["id"]: o["founded"] for o in organizations}
    dissolved = [o for o in organizations if o["dissolved"]]
    assert dissolved
    for organization in organizations:
        assert organization["community_id"] in communities
        assert "2015-01-01" <= organization["founded"] <= "2023-12-31"
        if organization["dissolved"]:
            assert organization["dissolved"] > organization["founded"]
        if organization["brand"]:
            assert organization["brand"] >= organization["founded"]
    for project in rows(folder, "brand_projects"):
        assert project["designated"] >= founded[project["organization_id"]]
    assert 0.01 <= len(dissolved) / len(organizations) <= 0.06


def test_every_establishment_kind_and_event_kind_is_there(city):
    """The data holds every establishment kind of the schema and every known event kind."""
    folder, _ = city
    kinds = {e["kind"] for e in rows(folder, "establishments")}
    assert kinds == set(ESTABLISHMENT_KINDS)
    events = {e["kind"] for e in rows(folder, "events")}
    assert events == set(EVENT_KINDS)
    levels = {f["level"] for f in rows(folder, "federations")}
    assert levels == {"township", "community"}


def test_generate_rejects_an_unknown_scale_and_a_negative_seed(tmp_path):
    """An unknown scale or a negative seed is a ValueError, and nothing is written."""
    with pytest.raises(ValueError, match="scale"):
        generate("town", 1, tmp_path / "a")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="seed"):
        generate("city", -1, tmp_path / "b")
    assert not (tmp_path / "a").exists()
    assert not (tmp_path / "b").exists()


def test_synth_command_writes_the_files_and_prints_one_summary_line(tmp_path, city):
    """`scoplan synth` writes the same files as generate and prints the row counts on one line,
    in the language of the run: Chinese by default, each table by its word (as the English
    run gives :meth:`Summary.describe`)."""
    folder, summary = city
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["synth", "--scale", "city", "--seed", "1", str(out)])
    assert result.exit_code == 0, result.output
    n = summary.rows
    assert result.stdout.strip() == (
        f"黄山市规模，种子1：{n['districts']}个区县、{n['townships']}个乡镇（街道）、"
        f"{n['communities']}个社区、{n['organizations']:,}个社区社会组织、"
        f"{n['federations']}个联合会、{n['establishments']}个平台或制度、"
        f"{n['brand_projects']}个品牌项目、{n['events']}次活动"
    )
    english = CliRunner().invoke(main, ["synth", "--lang", "en", str(tmp_path / "en")])
    assert english.stdout.strip() == summary.describe()
    assert len(result.stdout.strip().splitlines()) == 1
    assert (out / "organizations.csv").read_bytes() == (folder / "organizations.csv").read_bytes()


def test_synth_command_refuses_a_non_empty_folder_unless_forced(tmp_path):
    """A folder with anything in it is refused with exit 2 and left alone; --force writes."""
    out = tmp_path / "busy"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["synth", "--lang", "en", str(out)])
    assert result.exit_code == 2
    assert "not empty" in result.stderr
    assert "--force" in result.stderr
    assert "Traceback" not in result.output
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    forced = runner.invoke(main, ["synth", "--force", str(out)])
    assert forced.exit_code == 0, forced.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "districts.csv").exists()


def test_synth_command_rejects_bad_input_with_exit_2(tmp_path):
    """A file for OUT, an unknown scale or a negative seed: exit 2, a message, no traceback."""
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    runner = CliRunner()
    for args in (
        ["synth", "--lang", "en", str(afile)],
        ["synth", "--scale", "town", str(tmp_path / "x")],
        ["synth", "--seed", "-3", str(tmp_path / "y")],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, args
        assert result.stderr.strip(), args
        assert "Traceback" not in result.output
    assert afile.read_text(encoding="utf-8") == "x"
    assert not (tmp_path / "x").exists()
    assert not (tmp_path / "y").exists()


def test_progress_is_said_in_the_language_asked(tmp_path):
    """``generate`` says each step in ``lang``: English by default, as before, Chinese for a
    Chinese run of ``scoplan synth`` (which shows it on a terminal); the counts are those
    of the summary."""
    said: dict[str, list[str]] = {"en": [], "zh": []}
    for lang, lines in said.items():
        summary = generate("city", 1, tmp_path / lang, progress=lines.append, lang=lang)
    n = summary.rows
    assert said["en"][:2] == [
        f"hierarchy: {n['districts']} districts, {n['townships']} townships",
        f"communities: {n['communities']}",
    ]
    assert said["zh"][:2] == [
        f"区划：{n['districts']}个区县，{n['townships']}个乡镇（街道）",
        f"社区：{n['communities']}个",
    ]
    assert said["zh"][-1] == "已写入"
    assert len(said["zh"]) == len(said["en"])
