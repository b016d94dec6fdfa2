"""Typing and checking the tables: every problem at once, where it is (scoplan.checking)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import scoplan
from scoplan import DataError, Problem
from scoplan.i18n import describe_problem

FAULTY_TABLES = {
    "districts.csv": "id,name,kind\nD1,甲区,district\nD2,乙县,county\n",
    # row 3: an unknown kind
    "townships.csv": "id,district_id,name,kind\nT1,D1,一街道,street\nT2,D2,二镇,village\n",
    # row 3 is blank; row 4 names a township that does not exist; row 5 repeats C1
    "communities.csv": (
        "id,township_id,name,kind\nC1,T1,一社区,urban\n\nC2,T9,二村,rural\nC1,T2,三村,rural\n"
    ),
    # no `name` column; row 2 a date that does not exist; row 3 dissolved before founded;
    # row 4 a yes/no cell that is neither
    "organizations.csv": (
        "id,community_id,founded,dissolved,charter\n"
        "O1,C1,2021-02-30,,true\n"
        "O2,C1,2021-05-01,2021-04-30,false\n"
        "O3,C2,2021-06-01,,sometimes\n"
    ),
}
"""A dataset with seven different faults, one of each kind the brief lists."""


def where(problem: Problem) -> tuple[object, ...]:
    """The code, file, row, column and value of a problem."""
    return (problem.code, problem.source, problem.row, problem.column, problem.value)


def load_problems(folder: Path) -> tuple[Problem, ...]:
    """The problems of the DataError that loading ``folder`` raises."""
    with pytest.raises(DataError) as error:
        scoplan.load(folder)
    return error.value.problems


@pytest.fixture
def faulty_problems(write_tables) -> tuple[Problem, ...]:
    """The problems found in the seven-fault dataset."""
    return load_problems(write_tables(FAULTY_TABLES))


def test_every_fault_is_reported_at_once(faulty_problems: tuple[Problem, ...]) -> None:
    """One DataError carries all seven faults, each with its file, row, column and value."""
    assert sorted(map(where, faulty_problems), key=repr) == sorted(
        [
            ("bad_code", "townships.csv", 3, "kind", "village"),
            ("unknown_ref", "communities.csv", 4, "township_id", "T9"),
            ("duplicate_id", "communities.csv", 5, "id", "C1"),
            ("missing_column", "organizations.csv", 1, "name", None),
            ("no_such_date", "organizations.csv", 2, "founded", "2021-02-30"),
            ("date_order", "organizations.csv", 3, "dissolved", "2021-04-30"),
            ("bad_bool", "organizations.csv", 4, "charter", "sometimes"),
        ],
        key=repr,
    )


def test_problems_carry_what_their_messages_need(faulty_problems: tuple[Problem, ...]) -> None:
    """Each problem names its table and gives the extra facts its message uses."""
    by_code = {p.code: p for p in faulty_problems}
    assert by_code["duplicate_id"].params["first_row"] == 2
    assert by_code["date_order"].params == {"other": "founded", "other_value": "2021-05-01"}
    assert by_code["bad_code"].params["expected"] == "street, town, township, zone, scenic, other"
    assert by_code["unknown_ref"].params["expected"] == "townships"
    assert by_code["bad_code"].table == "townships"
    assert by_code["missing_column"].table == "organizations"


def test_messages_in_chinese_name_file_row_and_column(
    faulty_problems: tuple[Problem, ...],
) -> None:
    """The Chinese message of a problem names the file, the row, the column and the value."""
    by_code = {p.code: p for p in faulty_problems}
    message = describe_problem(by_code["duplicate_id"], "zh")
    assert message.startswith("communities.csv")
    assert "第5行" in message
    assert "“id”列" in message
    assert "C1" in message
    assert "第2行" in message  # where the id was first used
    bad_date = describe_problem(by_code["no_such_date"], "zh")
    assert "organizations.csv" in bad_date
    assert "第2行" in bad_date
    assert "“founded”列" in bad_date
    assert "2021-02-30" in bad_date


def test_messages_in_english_name_file_row_and_column(
    faulty_problems: tuple[Problem, ...],
) -> None:
    """The English message of a problem names the file, the row, the column and the value."""
    by_code = {p.code: p for p in faulty_problems}
    message = describe_problem(by_code["unknown_ref"], "en")
    assert message == "communities.csv, row 4, column township_id: 'T9' does not exist in townships"
    missing = describe_problem(by_code["missing_column"], "en")
    assert missing == "organizations.csv, row 1, column name: the required column 'name' is missing"
    bad_bool = describe_problem(by_code["bad_bool"], "en")
    assert bad_bool.startswith("organizations.csv, row 4, column charter: 'sometimes'")


def test_error_text_lists_every_problem(write_tables) -> None:
    """``str`` of the DataError counts the problems and gives one English line for each."""
    with pytest.raises(DataError) as error:
        scoplan.load(write_tables(FAULTY_TABLES))
    lines = str(error.value).splitlines()
    assert lines[0] == "7 problems:"
    assert len(lines) == 8
    assert "- townships.csv, row 3, column kind: 'village' is not allowed here" in "\n".join(lines)


def test_blank_lines_count_as_rows(write_tables, valid_tables: dict[str, str]) -> None:
    """Blank lines, even several and with CRLF endings, keep the spreadsheet rows after them."""
    valid_tables["organizations.csv"] = (
        "id,community_id,name,founded\r\n"  # row 1
        "\r\n"  # row 2
        "O1,C1,甲会,2021-03-01\r\n"  # row 3
        "\r\n"  # row 4
        "\r\n"  # row 5
        "O2,C2,乙会,2021-13-01\r\n"  # row 6
        ",,,\r\n"  # row 7, an empty spreadsheet row
        "O3,C9,丙会,2021-01-01\r\n"  # row 8
    )
    problems = load_problems(write_tables(valid_tables))
    assert sorted((p.code, p.row) for p in problems) == [("no_such_date", 6), ("unknown_ref", 8)]


def test_blank_lines_are_not_rows_of_data(write_tables, valid_tables: dict[str, str]) -> None:
    """A table with blank lines has only its filled rows."""
    valid_tables["districts.csv"] = "id,name,kind\n\nD1,甲区,district\n\n\nD2,乙县,county\n\n"
    data = scoplan.load(write_tables(valid_tables))
    assert data.district_ids() == ("D1", "D2")


def test_a_quoted_cell_over_two_lines_is_one_row(
    write_tables, valid_tables: dict[str, str]
) -> None:
    """A cell with a line break inside quotes is one spreadsheet row, as Excel shows it."""
    valid_tables["organizations.csv"] = (
        "id,community_id,name,founded\n"
        'O1,C1,"甲会\n(筹)",2021-03-01\n'  # row 2, over two lines of text
        "O2,C2,乙会,not a date\n"  # row 3
    )
    problems = load_problems(write_tables(valid_tables))
    assert [where(p) for p in problems] == [
        ("bad_date", "organizations.csv", 3, "founded", "not a date")
    ]


def test_empty_required_cell_is_missing_value(write_tables, valid_tables: dict[str, str]) -> None:
    """A required cell left empty (or only spaces) is a ``missing_value`` at its row."""
    valid_tables["townships.csv"] = "id,district_id,name,kind\nT1,D1,一街道,street\nT2,D2,  ,town\n"
    problems = load_problems(write_tables(valid_tables))
    assert [where(p) for p in problems] == [("missing_value", "townships.csv", 3, "name", None)]


def test_missing_column_named_in_chinese_file(write_tables, valid_tables: dict[str, str]) -> None:
    """A missing column is reported in a Chinese-named file by its canonical name, at row 1."""
    del valid_tables["districts.csv"]
    valid_tables["区县.csv"] = "编号,名称\nD1,甲区\nD2,乙县\n"
    problems = load_problems(write_tables(valid_tables))
    assert [where(p) for p in problems] == [("missing_column", "区县.csv", 1, "kind", None)]


def test_a_column_given_twice_is_an_error(write_tables, valid_tables: dict[str, str]) -> None:
    """``name`` beside its Chinese alias ``名称`` is the same column twice."""
    valid_tables["districts.csv"] = "id,name,kind,名称\nD1,甲区,district,甲\nD2,乙县,county,乙\n"
    problems = load_problems(write_tables(valid_tables))
    assert [(p.code, p.source, p.row, p.column) for p in problems] == [
        ("duplicate_column", "districts.csv", 1, "名称")
    ]


# -- dates, booleans, codes ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["2021-09-14", "2021/9/14", "2021/09/14", "2021年9月14日", " 2021-09-14 "]
)
def test_accepted_date_forms(write_tables, valid_tables: dict[str, str], text: str) -> None:
    """ISO dates, ``2021/9/14`` and ``2021年9月14日`` all read as 14 September 2021."""
    valid_tables["organizations.csv"] = f"id,community_id,name,founded\nO1,C1,甲会,{text}\n"
    data = scoplan.load(write_tables(valid_tables))
    assert data.get("organizations", "O1").founded == dt.date(2021, 9, 14)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("14/09/2021", "bad_date"),
        ("2021-02-30", "no_such_date"),
        ("2021-13-01", "no_such_date"),
        ("soon", "bad_date"),
        ("44453", "serial_date"),
    ],
)
def test_rejected_date_forms(
    write_tables, valid_tables: dict[str, str], text: str, code: str
) -> None:
    """A day-first date and a word are a ``bad_date``, an impossible day ``no_such_date``, an
    Excel day number ``serial_date``."""
    valid_tables["organizations.csv"] = f"id,community_id,name,founded\nO1,C1,甲会,{text}\n"
    problems = load_problems(write_tables(valid_tables))
    assert [where(p) for p in problems] == [(code, "organizations.csv", 2, "founded", text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        ("是", True),
        ("false", False),
        ("0", False),
        ("No", False),
        ("否", False),
        ("", None),
    ],
)
def test_boolean_words(
    write_tables, valid_tables: dict[str, str], text: str, expected: bool | None
) -> None:
    """Each yes/no word of DATA.md reads as its boolean; an empty cell is not set."""
    valid_tables["organizations.csv"] = (
        f"id,community_id,name,founded,charter\nO1,C1,甲会,2021-03-01,{text}\n"
    )
    data = scoplan.load(write_tables(valid_tables))
    assert data.get("organizations", "O1").charter is expected


def test_codes_are_matched_in_any_case_and_in_chinese(
    write_tables, valid_tables: dict[str, str]
) -> None:
    """``URBAN`` and ``农村`` are the codes ``urban`` and ``rural``."""
    valid_tables["communities.csv"] = (
        "id,township_id,name,kind\nC1,T1,一社区,URBAN\nC2,T2,二村,农村\n"
    )
    data = scoplan.load(write_tables(valid_tables))
    assert [c.kind for c in data.iter("communities")] == ["urban", "rural"]


def test_closed_codes_reject_unknown_values(write_tables, valid_tables: dict[str, str]) -> None:
    """An organization's ``size`` must be large or small; ``huge`` is a ``bad_code``."""
    valid_tables["organizations.csv"] = (
        "id,community_id,name,founded,size\nO1,C1,甲会,2021-03-01,huge\n"
    )
    problems = load_problems(write_tables(valid_tables))
    assert [where(p) for p in problems] == [("bad_code", "organizations.csv", 2, "size", "huge")]
    assert problems[0].params["expected"] == "large, small"


def test_open_codes_keep_unknown_values(write_tables, valid_tables: dict[str, str]) -> None:
    """Establishment kinds and categories a plugin may define are kept as written."""
    valid_tables["establishments.csv"] = (
        "id,kind,unit_id,name,established\n"
        "E1,community_fund,D1,社区基金,2022-01-01\n"
        "E2,培育观察点,T1,观察点,2022-01-01\n"
    )
    data = scoplan.load(write_tables(valid_tables))
    assert [e.kind for e in data.iter("establishments")] == ["community_fund", "observation_point"]


# -- references and ids --------------------------------------------------------------------


def test_federation_unit_must_match_its_level(write_tables, valid_tables: dict[str, str]) -> None:
    """A community-level federation naming a township, or the reverse, is refused: a unit
    of the other level."""
    valid_tables["federations.csv"] = (
        "id,level,unit_id,founded\n"
        "F1,township,T1,2021-01-01\n"
        "F2,community,T1,2021-01-01\n"
        "F3,township,C1,2021-01-01\n"
        "F4,社区,C1,2021-01-01\n"
    )
    problems = load_problems(write_tables(valid_tables))
    assert [where(p) for p in problems] == [
        ("unit_of_other_level", "federations.csv", 3, "unit_id", "T1"),
        ("unit_of_other_level", "federations.csv", 4, "unit_id", "C1"),
    ]


def test_a_federations_unit_in_another_case_is_told_of_its_own_level_only(
    write_tables, valid_tables: dict[str, str]
) -> None:
    """``t1`` under 层级 township (row 2) may mean the township T1, and is told so, as of
    townships; under community (row 3) it is told no township's id: a community federation's
    unit is no township, whatever the case."""
    valid_tables["federations.csv"] = (
        "id,level,unit_id,founded\nF1,township,t1,2021-01-01\nF2,community,t1,2021-01-01\n"
    )
    problems = load_problems(write_tables(valid_tables))
    assert [where(p) for p in problems] == [
        ("unknown_ref_case", "federations.csv", 2, "unit_id", "t1"),
        ("unknown_ref", "federations.csv", 3, "unit_id", "t1"),
    ]
    assert describe_problem(problems[0], "en").endswith(
        "'t1' does not exist in townships, but 'T1' does (ids are case-sensitive)"
    )
    assert "T1" not in describe_problem(problems[1], "en")


def test_city_is_a_unit_of_establishments_and_events(
    write_tables, valid_tables: dict[str, str]
) -> None:
    """``city`` is a valid ``unit_id`` of establishments and events, an unknown id is not."""
    valid_tables["events.csv"] = (
        "id,kind,unit_id,date\nV1,training,city,2022-01-01\nV2,training,nowhere,2022-01-01\n"
    )
    problems = load_problems(write_tables(valid_tables))
    assert [where(p) for p in problems] == [("unknown_unit", "events.csv", 3, "unit_id", "nowhere")]
    assert problems[0].params["expected"] == "districts / townships"


def test_an_id_used_in_two_levels_is_ambiguous(write_tables, valid_tables: dict[str, str]) -> None:
    """A township whose id is also a district's makes ``unit_id`` ambiguous, an error."""
    valid_tables["townships.csv"] += "D2,D2,三乡,township\n"
    problems = load_problems(write_tables(valid_tables))
    assert [where(p) for p in problems] == [("ambiguous_id", "townships.csv", 4, "id", "D2")]


def test_duplicate_id_three_times_points_to_the_first(
    write_tables, valid_tables: dict[str, str]
) -> None:
    """An id used three times gives two problems, both pointing to the first row."""
    valid_tables["districts.csv"] = (
        "id,name,kind\nD1,甲区,district\nD2,乙县,county\nD1,丙区,district\nD1,丁区,district\n"
    )
    problems = load_problems(write_tables(valid_tables))
    assert [(p.code, p.row, p.params["first_row"]) for p in problems] == [
        ("duplicate_id", 4, 2),
        ("duplicate_id", 5, 2),
    ]


def test_many_bad_cells_are_summarised(write_tables, valid_tables: dict[str, str]) -> None:
    """Past 200 bad cells in one column, the rest are counted in one closing message."""
    rows = "".join(f"O{n},C1,会{n},bad\n" for n in range(205))
    valid_tables["organizations.csv"] = "id,community_id,name,founded\n" + rows
    problems = load_problems(write_tables(valid_tables))
    assert [p.code for p in problems].count("bad_date") == 200
    assert problems[-1].code == "more"
    assert describe_problem(problems[-1], "en").endswith("… and 5 more like this")
    assert describe_problem(problems[-1], "zh").endswith("……另有 5 处同类问题")
    assert problems[0].row == 2
    assert problems[199].row == 201


def test_ids_used_twice_past_200_are_counted(write_tables, valid_tables: dict[str, str]) -> None:
    """203 districts under the id D1 (D1 is row 2; rows 4 to 206 repeat it): 203 duplicate
    ids, of which 200 are listed (rows 4 to 203) and the last 3 counted in one closing
    message — not dropped without a word."""
    rows = "".join(f"D1,区{n},district,某市\n" for n in range(203))
    valid_tables["districts.csv"] += rows
    problems = load_problems(write_tables(valid_tables))
    duplicates = [p.row for p in problems if p.code == "duplicate_id"]
    assert duplicates == list(range(4, 204))
    more = [p for p in problems if p.code == "more"]
    assert [(p.source, p.column, p.params["count"]) for p in more] == [("districts.csv", "id", 3)]


# -- JSON ------------------------------------------------------------------------------------


def test_json_problems_give_the_list_index(tmp_path: Path) -> None:
    """In a JSON document a problem names the table and the row's index in its list."""
    document = {
        "districts": [{"id": "D1", "name": "甲区", "kind": "district"}],
        "townships": [{"id": "T1", "district_id": "D1", "name": "一街道", "kind": "street"}],
        "communities": [{"id": "C1", "township_id": "T1", "name": "一社区", "kind": "urban"}],
        "organizations": [
            {"id": "O1", "community_id": "C1", "name": "甲会", "founded": "2021-03-01"},
            {"id": "O2", "community_id": "C1", "name": "乙会", "founded": "14/09/2021"},
            {"id": "O3", "community_id": "C1", "name": "丙会", "founded": "2021-03-01"},
            {"id": "O4", "community_id": "C1", "name": "丁会", "founded": "2021-03-01"},
            {"id": "O5", "community_id": "C1", "name": "戊会", "founded": "2021-03-01"},
            {"id": "O6", "community_id": "C1", "name": "己会", "founded": "2021", "charter": 2},
        ],
    }
    path = tmp_path / "data.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    problems = load_problems(path)
    assert sorted((p.code, p.source, p.row, p.index, p.column, p.value) for p in problems) == [
        ("bad_bool", "data.json: organizations", None, 5, "charter", "2"),
        ("bad_date", "data.json: organizations", None, 1, "founded", "14/09/2021"),
        ("year_only", "data.json: organizations", None, 5, "founded", "2021"),
    ]
    message = describe_problem(problems[0], "en")
    assert message.startswith("data.json: organizations, item 1, column founded")
    assert "第1项" in describe_problem(problems[0], "zh")


def test_an_empty_json_list_is_a_table_without_rows(tmp_path: Path) -> None:
    """``"organizations": []`` is a table with no rows, not a table missing its columns."""
    document = {
        "districts": [{"id": "D1", "name": "甲区", "kind": "district"}],
        "townships": [],
        "communities": [],
        "organizations": [],
        "events": [],
    }
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    data = scoplan.load(path)
    assert data.size()["organizations"] == 0
    assert data.size()["districts"] == 1
