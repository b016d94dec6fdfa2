"""The official division codes that ship with scoplan (issue 16): finding a unit, its
hierarchy as DATA.md's tables, ``scoplan divisions``, and the warnings where a register
differs from the official table. Expectations are read off the NBS 2023 table by hand
(``zcat divisions-2023.csv.gz | grep ,3410``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bureau
import hypothesis
import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from judged import judged, must_judge

import scoplan
from scoplan import divisions
from scoplan.cli import main
from scoplan.i18n import describe_problem


@pytest.mark.parametrize(
    ("query", "code", "level"),
    [
        ("3410", "3410", "city"),
        ("341000", "3410", "city"),  # the city's 6-digit code
        ("341002000000", "341002", "county"),  # padded to 12 digits
        ("黄山市", "3410", "city"),
        (" 屯溪区 ", "341002", "county"),
        ("３４１００２", "341002", "county"),  # full-width, as a Chinese IME types it
        ("341021105500", "341021105500", "community"),
    ],
)
def test_find_by_code_or_name(query, code, level):
    found = divisions.find(query)
    assert (found.code, found.level) == (code, level)


def test_a_name_borne_by_several_units_is_refused_with_their_codes():
    with pytest.raises(scoplan.DataError) as caught:
        divisions.find("城关镇")
    [problem] = caught.value.problems
    assert problem.code == "ambiguous_division"
    assert problem.params["count"] == 88
    assert "340322100 安徽省蚌埠市五河县城关镇" in problem.params["units"]
    said = describe_problem(problem, "zh")
    assert "请改用代码" in said
    # Chinese separators in Chinese; each unit placed by the names above it
    assert (
        "120114110 天津市武清区城关镇；150123100 内蒙古自治区呼和浩特市和林格尔县城关镇；" in said
    )


def test_a_municipalitys_district_is_placed_by_the_municipality_not_its_city_level():
    """北京's city level is named 市辖区 in the official table: a place says 北京市朝阳区."""
    with pytest.raises(scoplan.DataError) as caught:
        divisions.find("朝阳区")
    said = describe_problem(caught.value.problems[0], "zh")
    assert "110105 北京市朝阳区；220104 吉林省长春市朝阳区" in said
    assert "市辖区" not in said


@pytest.mark.parametrize(("query", "code"), [("东莞市", "4419"), ("中山市", "4420")])
def test_a_city_without_counties_is_found_by_its_name(query, code):
    """东莞市 is the city 4419 and its one county-level unit 441900, both so named: the
    name means the city (a 东莞 trial was refused, told of 东莞市东莞市)."""
    assert divisions.find(query).code == code


@pytest.mark.parametrize("query", ["99", "3499", "12345", "不存在市", ""])
def test_no_such_unit(query):
    with pytest.raises(scoplan.DataError) as caught:
        divisions.find(query)
    assert [p.code for p in caught.value.problems] == ["no_division"]


def test_huangshan_as_data_md_tables():
    """7 county-level units, 109 township-level, 764 village-level: 92 urban, 671 rural
    and 练江牧场生活区, which the official table does not call either."""
    tables = divisions.hierarchy("黄山市")
    assert {name: frame.height for name, frame in tables.items()} == {
        "districts": 7,
        "townships": 109,
        "communities": 764,
    }
    assert tables["districts"].row(0) == ("341002", "屯溪区", "district", "黄山市")
    assert dict(tables["districts"].select("name", "kind").iter_rows())["歙县"] == "county"
    kinds = dict(tables["townships"].select("name", "kind").iter_rows())
    assert kinds["昱东街道"] == "street"
    assert kinds["徽城镇"] == "town"
    assert kinds["坑口乡"] == "township"
    assert kinds["黄山风景区"] == "scenic"
    assert kinds["安徽徽州经济开发区"] == "zone"
    assert kinds["歙县经济开发区"] == "zone"
    assert kinds["徽州区直辖村级区划"] == "other"
    communities = tables["communities"]
    assert communities.group_by("kind").len().sort("kind", nulls_last=True).rows() == [
        ("rural", 671),
        ("urban", 92),
        (None, 1),
    ]
    assert communities.filter(pl.col("kind").is_null()).row(0) == (
        "341021105500",
        "341021105",
        "练江牧场生活区",
        None,
    )


def test_a_township_brings_its_district_and_its_communities():
    tables = divisions.hierarchy("341002001")
    assert tables["districts"].get_column("id").to_list() == ["341002"]
    assert tables["townships"].get_column("id").to_list() == ["341002001"]
    assert tables["communities"].get_column("name").to_list() == [
        "荷花池社区居委会",
        "上新社区居委会",
        "水心亭社区居委会",
        "阜上社区居委会",
    ]


def test_a_province_names_each_districts_city_and_its_zones():
    districts = divisions.hierarchy("34")["districts"]
    assert districts.height == 119
    assert districts.group_by("kind").len().sort("kind").rows() == [
        ("county", 59),
        ("district", 45),
        ("zone", 15),
    ]
    row = districts.filter(pl.col("id") == "340176").row(0)
    assert row == ("340176", "合肥高新技术产业开发区", "zone", "合肥市")
    # a municipality's districts belong to it, not to its 市辖区
    assert divisions.hierarchy("1101")["districts"].get_column("city").unique().to_list() == [
        "北京市"
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("昱东街道", "street"),
        ("徽城镇", "town"),
        ("坑口乡", "township"),
        ("阿拉坦苏木", "township"),
        ("安徽徽州经济开发区", "zone"),
        ("合肥循环经济示范园区", "zone"),
        ("黄山风景区", "scenic"),
        ("徽州区直辖村级区划", "other"),
        ("安徽省水家湖农场", "other"),
    ],
)
def test_township_kind_from_name(name, kind):
    assert divisions.township_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("屯溪区", "district"),
        ("歙县", "county"),
        ("桐城市", "county"),
        ("合肥经济技术开发区", "zone"),
    ],
)
def test_district_kind_from_name(name, kind):
    assert divisions.district_kind(name) == kind


@pytest.mark.parametrize(
    ("code", "short"),
    [
        ("500240", ("石柱", "石柱县")),  # 石柱土家族自治县
        ("500242", ("酉阳", "酉阳县")),  # 酉阳土家族苗族自治县: two peoples
        ("500243", ("彭水", "彭水县")),  # 彭水苗族土家族自治县
        ("150722", ("莫力达瓦", "莫力达瓦旗")),  # 莫力达瓦达斡尔族自治旗
        ("450328", ("龙胜", "龙胜县")),  # 龙胜各族自治县
        ("632324", ("河南", "河南县")),  # 河南蒙古族自治县
        ("653131", ("塔什库尔干", "塔什库尔干县")),  # 塔什库尔干塔吉克自治县: no 族
        ("622926", ("东乡县",)),  # 东乡族自治县: its people alone
        ("500101", ()),  # 万州区
        ("500233", ()),  # 忠县
    ],
)
def test_an_autonomous_countys_short_names(code, short):
    """The official name's place, alone and with 县 or 旗 (ethnic words and 自治 left off)."""
    (name,) = divisions.names([code]).values()
    assert divisions.autonomous_short_names(name) == short


@pytest.mark.parametrize(
    ("register", "official", "same"),
    [
        ("荷花池社区居委会", "荷花池社区居委会", True),
        ("荷花池社区", "荷花池社区居委会", True),
        ("问政村", "问政村村委会", True),
        ("问政村 村委会", "问政村村委会", True),
        ("荷花池社区", "上新社区居委会", False),
        ("问政", "问政村村委会", False),
    ],
)
def test_names_as_registers_write_them(register, official, same):
    assert divisions.same_name(register, official) is same


@hypothesis.settings(max_examples=40, deadline=None)
@given(code=st.from_regex(r"3410[0-9]{2}", fullmatch=True))
def test_every_code_found_is_one_of_the_table(code):
    """A 6-digit code under 3410 is found exactly when it is one of Huangshan's seven."""
    official = set(divisions.hierarchy("3410")["districts"].get_column("id").to_list())
    hypothesis.event(f"official={code in official}")
    try:
        found = divisions.find(code)
    except scoplan.DataError:
        assert code not in official
    else:
        assert found.code in official | {"3410"}  # 341000 is the city itself


# -- the register against the official table --------------------------------------------


def load(tmp_path: Path, tables: dict[str, bureau.Rows]) -> scoplan.Dataset:
    return scoplan.load(bureau.write(tmp_path / "台账", tables))


def test_the_register_on_official_codes_warns_of_nothing(tmp_path):
    assert load(tmp_path, bureau.register()).warnings == ()


def test_a_name_the_official_table_does_not_give_is_a_warning(tmp_path):
    """上新社区居委会 (341002001002) filed as 新安社区: its official name is told."""
    tables = bureau.register()
    tables["社区"][2][2] = "新安社区"
    tables["社区"][1][2] = "荷花池社区"  # the committee's word left out: the same name
    [warning] = load(tmp_path, tables).warnings
    assert warning.is_warning
    assert (warning.code, warning.source, warning.row, warning.column, warning.value) == (
        "official_name",
        "社区.csv",
        3,
        "name",
        "新安社区",
    )
    assert warning.params["official"] == "上新社区居委会"
    assert describe_problem(warning, "zh") == (
        "社区.csv，第3行，“名称”列：名称“新安社区”与2023年统计用区划代码中“341002001002”的名称"
        "“上新社区居委会”不同，请核对"
    )
    assert "'上新社区居委会'" in describe_problem(warning, "en")


def test_a_kind_against_the_official_reading_is_a_warning(tmp_path):
    """新路街居委会 (urban by the official table) filed as 农村社区."""
    tables = bureau.register()
    tables["社区"][3][3] = "农村社区"
    [warning] = load(tmp_path, tables).warnings
    assert (warning.code, warning.row, warning.column, warning.value) == (
        "official_kind",
        4,
        "kind",
        "rural",
    )
    assert describe_problem(warning, "zh") == (
        "社区.csv，第4行，“类型”列：编号“341021100001”的类型“农村社区”与2023年统计用区划代码的"
        "城乡划分（城市社区）不同，请核对"
    )
    assert "rural here, urban by" in describe_problem(warning, "en")


def test_a_code_that_is_no_official_one_is_a_warning(tmp_path):
    """A new community 341021100299 (no such code in 2023) under 徽城镇."""
    tables = bureau.register()
    tables["社区"].append(["341021100299", "341021100", "新建村村委会", "农村社区"])
    [warning] = load(tmp_path, tables).warnings
    assert (warning.code, warning.row, warning.column, warning.value) == (
        "official_code_community",
        6,
        "id",
        "341021100299",
    )
    assert "不是2023年统计用区划代码" in describe_problem(warning, "zh")


def renumbered_example(folder: Path) -> Path:
    """The bundled example with its township-level units numbered the register's own way:
    the first digit of each township code's third part (0, 1, 2 or 4 in 黄山市: 001 streets,
    1xx towns, 2xx townships, 198 and 4xx the others) made 5, 6, 7 or 8, which no township
    code of 黄山市 has; every community code changes with its township's."""
    folder.mkdir()
    code = re.compile(r"\b(3410\d\d)([0124])(\d\d(?:\d{3})?)\b")
    shift = {"0": "5", "1": "6", "2": "7", "4": "8"}
    for path in scoplan.example_path().glob("*.csv"):
        text = code.sub(lambda m: m[1] + shift[m[2]] + m[3], path.read_text(encoding="utf-8"))
        (folder / path.name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.missing_units
def test_the_example_is_on_the_official_codes_and_warns_of_nothing():
    """The bundled example's units are 黄山市's own, with their official codes, names and
    kinds (练江牧场生活区, which the table leaves undecided, is not judged), every one of
    them: no official unit is missing."""
    assert scoplan.load(scoplan.example_path()).warnings == ()


def test_a_register_numbering_its_units_its_own_way_is_not_compared(tmp_path):
    """Code-shaped ids the table lacks (the example renumbered): no unit is compared, and
    loading warns of nothing."""
    assert scoplan.load(renumbered_example(tmp_path / "own")).warnings == ()


def test_a_unit_the_official_table_leaves_undecided_is_not_judged(tmp_path):
    """练江牧场生活区 is neither urban nor rural by the table: either kind is the bureau's."""
    tables = bureau.register()
    tables["乡镇街道"].append(["341021105", "341021", "桂林镇", "镇"])
    tables["社区"].append(["341021105500", "341021105", "练江牧场生活区", "城市社区"])
    assert load(tmp_path, tables).warnings == ()


# -- the command ------------------------------------------------------------------------


def test_cli_lists_a_district_as_text_csv_and_json():
    runner = CliRunner()
    text = runner.invoke(main, ["divisions", "屯溪区"])
    assert text.exit_code == 0
    lines = text.output.splitlines()
    assert lines[0] == "屯溪区（341002）：1个区县，9个乡镇街道，76个社区"
    assert lines[1:4] == [
        "341002  屯溪区  区",
        "  341002001  昱东街道  街道",
        "    341002001001  荷花池社区居委会  城市社区",
    ]
    rows = runner.invoke(main, ["divisions", "341002", "--format", "csv"]).output.splitlines()
    assert rows[:3] == [
        "table,id,parent_id,name,kind,city",
        "districts,341002,,屯溪区,district,黄山市",
        "townships,341002001,341002,昱东街道,street,",
    ]
    assert len(rows) == 1 + 1 + 9 + 76
    document = json.loads(runner.invoke(main, ["divisions", "341002", "--format", "json"]).output)
    assert document["communities"][0] == {
        "id": "341002001001",
        "township_id": "341002001",
        "name": "荷花池社区居委会",
        "kind": "urban",
    }


def test_cli_undecided_kind_and_levels():
    runner = CliRunner()
    text = runner.invoke(main, ["divisions", "341021105", "--lang", "en"]).output
    assert "    341021105500  练江牧场生活区  (to decide)" in text.splitlines()
    districts = runner.invoke(main, ["divisions", "34", "--level", "districts"]).output
    assert len(districts.splitlines()) == 1 + 119


def test_cli_a_json_listing_is_a_hierarchy_scoplan_reads(tmp_path):
    """``scoplan divisions 屯溪区 --format json`` and an empty organizations list load, with
    the one warning that the register has no organization."""
    listing = CliRunner().invoke(main, ["divisions", "屯溪区", "--format", "json"])
    document = json.loads(listing.output)
    document["organizations"] = []
    path = tmp_path / "屯溪区.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    data = scoplan.load(path)
    assert data.size()["communities"] == 76
    # a hierarchy, no organization yet: loaded, and the missing organizations said
    assert [(w.code, w.table) for w in data.warnings] == [("empty_table_alone", "organizations")]


def test_cli_bad_query_is_a_message_not_a_traceback():
    result = CliRunner().invoke(main, ["divisions", "城关镇", "--lang", "en"])
    assert result.exit_code == 2
    assert "88 statistical divisions are named '城关镇'" in result.stderr
    assert "Traceback" not in result.output


def test_the_package_data_is_compact():
    """What the official table adds to the wheel: under 5 MB."""
    assert divisions.FILE.stat().st_size < 5_000_000


def test_check_says_once_that_a_table_numbers_its_units_its_own_way(tmp_path):
    """The example renumbered: none of its 109 township ids and 764 community ids is an
    official code."""
    checkup = scoplan.check(renumbered_example(tmp_path / "own"))
    assert [(p.code, p.table, p.params["count"], p.params["other"]) for p in checkup.problems] == [
        ("own_numbering", "townships", 109, 109),
        ("own_numbering", "communities", 764, 764),
    ]
    assert all(p.is_warning for p in checkup.problems)
    assert checkup.exit_code() == 0


def test_check_of_a_register_on_official_codes_says_nothing_of_it(tmp_path):
    assert scoplan.check(bureau.write(tmp_path / "台账")).problems == ()
    assert scoplan.check(scoplan.example_path()).problems == ()


def test_the_space_class_is_what_python_calls_space():
    expected = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    found = set(
        pl.select(pl.lit("".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)))
        .select(pl.col("literal").str.extract_all(f"[{divisions._PYTHON_SPACES}]"))
        .item()
        .to_list()
    )
    assert found == expected


_words = ["荷花池", "问政", "社区", "村", "居委会", "村委会", "居民委员会", "村民委员会", "委员会"]
_name_parts = st.sampled_from(
    [*_words, " ", "\u3000", "\t", "\xa0", "Ａ", "A", "１", "1", "ﾃ", "ﾞ", ""]
)
_names = st.lists(_name_parts, max_size=5).map("".join)


@must_judge("names read as the same", "names read as different")
@hypothesis.settings(max_examples=300, deadline=None)
@given(pairs=st.lists(st.tuples(_names, _names), min_size=1, max_size=8))
def test_a_column_of_names_is_compared_as_same_name_compares_one(pairs):
    frame = pl.DataFrame(pairs, schema=["name", "official_name"], orient="row")
    expected = [not divisions.same_name(a, b) for a, b in pairs]
    for differs in expected:
        judged("names read as the same", not differs)
        judged("names read as different", differs)
    assert divisions._name_differs(frame).to_list() == expected
