"""Hostile text on its way to a terminal, a workbook or a line-based reader (issue 12).

Names from a bureau's files may hold escape sequences (clear the screen, set the window
title, a hyperlink, the clipboard), line breaks, bidi overrides, a megabyte in one cell, a
control character a workbook cannot hold, an invisible character that makes a second
``341002``; a database URL may hold a password. Each is shown safely where people read it
(the text report, ``scoplan diff``, messages, progress), kept as written where programs
read it (JSON), and refused where it would change the data (ids; converting to a workbook).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import time
import unicodedata
from pathlib import Path

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
from hypothesis import event, given
from hypothesis import strategies as st
from openpyxl import load_workbook

import scoplan
from scoplan import DataError, Problem
from scoplan._display import (
    HIDDEN_CATEGORIES,
    NAME_LIMIT,
    WORKBOOK_ILLEGAL,
    character_name,
    in_workbook,
    masked,
    shown,
)
from scoplan.cli import _progress_text, main
from scoplan.i18n import describe_problem
from scoplan.loaders.csv_folder import read_typed_csv
from scoplan.renderers.markdown import escape as markdown_escape

CLEAR = "\x1b[2J"
TITLE = "\x1b]0;pwned\x07"
LINK = "\x1b]8;;http://x\x1b\\链接\x1b]8;;\x1b\\"
CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"
FORGED = "\r\n伪造的一行"
REVERSED = "\u202e反转\u202c"
EVIL = f"坏{CLEAR}{TITLE}{LINK}{CLIPBOARD}{FORGED}{REVERSED}会"
"""A name with every escape the issue lists, a forged line and a bidi override."""
EVIL_READ = f"坏{CLEAR}{TITLE}{LINK}{CLIPBOARD}伪造的一行{REVERSED}会"
""":data:`EVIL` as it is read: a name on one line, its line break no part of it (DATA.md)."""

RAW_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What no text for people may hold (tab and line end aside, which a report's own lines use)."""


def hidden(text: str) -> list[str]:
    """The characters of ``text`` that :func:`shown` must escape."""
    return [c for c in text if unicodedata.category(c) in HIDDEN_CATEGORIES]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# -- shown(): one function for every report for people and every message ---------------------

HOSTILE_CHARACTERS = st.one_of(
    st.sampled_from(["\x1b", "\x07", "\r", "\n", "\t", "\x00", "\x7f", "\x9b", "\u202e"]),
    st.sampled_from(["\u2066", "\u2069", "\u200b", "\u2060", "\ufeff", "\u00ad", "\u2028"]),
    st.characters(categories=["Cc", "Cf", "Cs", "Zl", "Zp"]),
    st.characters(exclude_categories=[]),
)


@given(st.text(HOSTILE_CHARACTERS, max_size=60))
def test_no_control_character_survives_shown(text: str) -> None:
    """Whatever a name holds, what is shown holds no control, format or separator character;
    each one is written as an escape, the rest as it was."""
    found = hidden(text)
    event("had hidden characters" if found else "had none")
    result = shown(text, None)
    assert hidden(result) == []
    assert len(result) >= len(text)
    if not found:
        assert result == text


@given(st.text(st.characters(exclude_categories=["Cc", "Cf", "Cs", "Zl", "Zp"]), max_size=80))
def test_text_without_control_characters_passes_unchanged(text: str) -> None:
    """A name with no control character (backslashes, brackets, CJK, emoji) is shown as it is,
    whatever its characters, up to the limit."""
    event("has a backslash" if "\\" in text else "no backslash")
    assert shown(text, None) == text
    assert shown(text, NAME_LIMIT) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (CLEAR, "\\x1b[2J"),
        (TITLE, "\\x1b]0;pwned\\x07"),
        ("\x1b]8;;http://x\x1b\\", "\\x1b]8;;http://x\\x1b\\"),
        (CLIPBOARD, "\\x1b]52;c;cHduZWQ=\\x07"),
        ("甲\r\n乙", "甲\\r\\n乙"),
        ("a\tb\x7fc\x9bd", "a\\tb\\x7fc\\x9bd"),
        ("\u202eabc\u202c", "\\u202eabc\\u202c"),
        ("\u2066x\u2069", "\\u2066x\\u2069"),
        ("341002\u2060", "341002\\u2060"),
        ("行\u2028段\u2029", "行\\u2028段\\u2029"),
        ("\U000e0041", "\\U000e0041"),
        ("C:\\data\\[red]x[/red]　社区", "C:\\data\\[red]x[/red]　社区"),
    ],
)
def test_shown_escapes_as_python_writes_them(text: str, expected: str) -> None:
    """Escapes read as Python writes them: ``\\x1b``, ``\\r``, ``\\n``, ``\\u202e``."""
    assert shown(text, None) == expected


def test_a_long_name_is_cut_with_a_mark_in_the_language() -> None:
    """Past the limit a name is cut, and the mark says how many characters are left out."""
    name = "长" * 1_000_000
    assert shown(name, 200, "zh") == "长" * 200 + "…（+999800 字符）"
    assert shown(name, 200, "en") == "长" * 200 + "…(+999800 chars)"
    assert shown("长" * 200, 200, "en") == "长" * 200
    # cut first, then escaped: a megabyte of ESC costs what 200 of them cost
    assert shown("\x1b" * 1_000_000, 3, "en") == "\\x1b" * 3 + "…(+999997 chars)"


# -- masked(): a database URL's password -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postgresql://admin:S3cretPW@host/db", "postgresql://admin:***@host/db"),
        ("postgresql://admin:S3cretPW@host:5432/db", "postgresql://admin:***@host:5432/db"),
        ("mysql+pymysql://admin:S3c@ret@PW@host/db", "mysql+pymysql://admin:***@host/db"),
        ("postgresql://admin:S3c/ret@host/db", "postgresql://admin:***@host/db"),
        ("postgresql://:S3cretPW@host/db", "postgresql://:***@host/db"),
        ("postgresql://admin@host/db", "postgresql://admin@host/db"),
        ("postgresql://admin@host:5432/db", "postgresql://admin@host:5432/db"),
        ("postgresql://host:5432/db", "postgresql://host:5432/db"),
        ("postgresql://host/db", "postgresql://host/db"),
        ("sqlite:///registry.db?mapping=m.toml", "sqlite:///registry.db?mapping=m.toml"),
        (
            "postgresql://h/db?user=a&password=S3cretPW&x=1",
            "postgresql://h/db?user=a&password=***&x=1",
        ),
        (
            "Could not parse SQLAlchemy URL from string 'postgresql://admin:S3cretPW@[::1'",
            "Could not parse SQLAlchemy URL from string 'postgresql://admin:***@[::1'",
        ),
        ("a://u:p1@h b://v:p2@h2", "a://u:***@h b://v:***@h2"),
        ("C:\\data\\组织.csv", "C:\\data\\组织.csv"),
        ("write to a@b.org at 12:30", "write to a@b.org at 12:30"),
    ],
)
def test_masked_hides_the_password_of_every_url(text: str, expected: str) -> None:
    """User, port, path and query stay; the password (with any ``@`` in it) is ``***``."""
    assert masked(text) == expected


@given(st.text(st.characters(exclude_categories=["Cc", "Cs", "Zs", "Zl", "Zp"]), min_size=1))
def test_no_password_survives_masking(password: str) -> None:
    """Whatever the password holds (``@``, ``:``, ``/``, CJK), none of it is left."""
    event("password with @" if "@" in password else "password without @")
    url = f"postgresql://admin:{password}@db.example:5432/registry"
    assert masked(url) == "postgresql://admin:***@db.example:5432/registry"


def test_masking_is_linear_on_hostile_text() -> None:
    """A megabyte made of URL heads (no ``@``, or one at the very end) is masked in a blink."""
    started = time.perf_counter()
    masked("a://b:" * 200_000)
    masked("a://" * 250_000 + "@")
    assert time.perf_counter() - started < 2


# -- messages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_message_shows_escapes_not_control_characters(lang: str) -> None:
    """A file, a column and a value holding escape sequences are named, escaped."""
    problem = Problem(
        "bad_date", f"坏{TITLE}.csv", row=3, column=f"列{CLEAR}", value=f"2021{FORGED}"
    )
    message = describe_problem(problem, lang)
    assert RAW_CONTROLS.search(message) is None
    assert "\n" not in message
    assert "坏\\x1b]0;pwned\\x07.csv" in message
    assert "列\\x1b[2J" in message
    assert "2021\\r\\n伪造的一行" in message


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_megabyte_value_is_cut_in_a_message(lang: str) -> None:
    """A 1 MB cell quoted by a message is cut: the message stays a line of a few hundred
    characters, and says how much was left out."""
    problem = Problem("bad_date", "organizations.csv", row=2, column="founded", value="9" * 10**6)
    message = describe_problem(problem, lang)
    assert len(message) < 600
    assert ("…（+999800 字符）" if lang == "zh" else "…(+999800 chars)") in message
    assert str(DataError([problem])).count("9") < 300


def test_english_messages_quote_the_value_as_before() -> None:
    """An English message quotes a value with ``repr``, which escapes on its own: unchanged
    for plain values, and no backslash doubled for hostile ones."""
    assert describe_problem(Problem("bad_date", "f.csv", value="O'Brien"), "en").startswith(
        'f.csv: "O\'Brien" is not a date'
    )
    hostile = describe_problem(Problem("bad_date", "f.csv", value="a\x1bb"), "en")
    assert hostile.startswith("f.csv: 'a\\x1bb' is not a date")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_password_in_a_message_is_masked(lang: str) -> None:
    """A source, a reason or any value holding a database URL shows no password."""
    url = "postgresql://admin:S3cretPW@db.example:5432/registry"
    problem = Problem("loader_failed", url, params={"loader": "sql", "reason": f"bad {url}"})
    message = describe_problem(problem, lang)
    assert "S3cretPW" not in message
    assert message.count("postgresql://admin:***@db.example:5432/registry") == 2


# -- the command: text, diff, errors, progress -----------------------------------------------


def evil_folder(root: Path, organizations: int = 1, name: str = EVIL) -> Path:
    """District D1 and community C1 named ``name``; C1 has ``organizations`` organizations,
    the first also named ``name``."""
    orgs = [
        organization(f"O{i}", "C1", name=name if i == 0 else f"组织{i}")
        for i in range(organizations)
    ]
    return write_tables(
        root,
        {
            "districts": [district("D1", name=name)],
            "townships": [township("T1", "D1")],
            "communities": [community("C1", "T1", name=name)],
            "organizations": orgs,
        },
    )


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """A plan asking every district for 2 organizations per urban community by 2022."""
    path = tmp_path / "plan.toml"
    milestone = milestone_toml(
        "m", "urban-average", dt.date(2022, 12, 31), {"threshold": 2}, {"each": True}
    )
    path.write_text(PLAN_HEAD + milestone, encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_text_report_shows_escapes_and_json_keeps_the_name(
    tmp_path: Path, plan_file: Path, lang: str
) -> None:
    """The text report on standard output holds no ESC, BEL, CR or bidi override, and no line
    starts with the forged text; the JSON report has the name exactly as read (on one line:
    :data:`EVIL_READ`)."""
    data = evil_folder(tmp_path / "data")
    args = ["evaluate", str(data), "--plan", str(plan_file), "--as-of", "2023-12-31"]
    text = run(*args, "--lang", lang)
    assert text.exit_code == 1, text.stderr
    assert "\x1b" not in text.stdout
    assert RAW_CONTROLS.search(text.stdout) is None
    assert not any(line.startswith("伪造") for line in text.stdout.splitlines())
    assert "坏\\x1b[2J\\x1b]0;pwned\\x07" in text.stdout
    assert "cHduZWQ=\\x07伪造的一行\\u202e反转\\u202c会" in text.stdout
    report = json.loads(run(*args, "--format", "json").stdout)
    [result] = report["results"]
    assert result["scope"]["name"] == EVIL_READ
    assert [unit["name"] for unit in result["gap"]["units"]] == [EVIL_READ]


def test_a_megabyte_name_is_cut_in_the_text_report(tmp_path: Path, plan_file: Path) -> None:
    """A district and a community named with a million characters give a text report of a few
    kilobytes (it was 191 MB and 1.2 million lines); the JSON keeps them whole."""
    big = "长" * 1_000_000
    data = evil_folder(tmp_path / "data", name=big)
    args = ["evaluate", str(data), "--plan", str(plan_file), "--as-of", "2023-12-31"]
    args += ["--limit", "cell_bytes=4000000"]  # a 3 MB cell is past the default limit
    text = run(*args, "--lang", "en")
    assert text.exit_code == 1
    assert len(text.stdout) < 20_000
    assert len(text.stdout.splitlines()) < 60
    assert "…(+999800 chars)" in text.stdout
    report = json.loads(run(*args, "--format", "json").stdout)
    assert report["results"][0]["scope"]["name"] == big


def test_markdown_keeps_a_table_row_whole_and_escapes_controls() -> None:
    """In Markdown a ``|`` or a line break cannot end a row, and no escape sequence is left."""
    cell = markdown_escape(f"甲|乙{EVIL}")
    assert "\n" not in cell
    assert "\\|" in cell
    assert RAW_CONTROLS.search(cell) is None


def test_diff_text_shows_escapes(tmp_path: Path, plan_file: Path) -> None:
    """``scoplan diff`` names the district and the community short now escaped; its JSON
    keeps them as read. (The later report is the one with fewer organizations: a community
    is named short in it, where the earlier, met as a whole, names none.)"""
    reports = []
    for organizations in (1, 2):
        data = evil_folder(tmp_path / f"data{organizations}", organizations)
        out = tmp_path / f"report{organizations}.json"
        args = ["evaluate", str(data), "--plan", str(plan_file), "--as-of", "2023-12-31"]
        run(*args, "--format", "json", "--output", str(out))
        reports.append(str(out))
    reports.reverse()
    text = run("diff", *reports, "--lang", "en")
    assert text.exit_code == 1
    assert RAW_CONTROLS.search(text.stdout) is None
    assert text.stdout.count("坏\\x1b[2J") == 2  # the district changed; the community short
    as_json = json.loads(run("diff", *reports, "--format", "json").stdout)
    [change] = as_json["changes"]
    assert change["scope_name"] == EVIL_READ
    assert [unit["name"] for unit in change["newly_listed"]] == [EVIL_READ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_error_naming_a_hostile_file_shows_escapes(tmp_path: Path, lang: str) -> None:
    """A data file named with ESC and BEL is named in the error, escaped; exit 2."""
    data = evil_folder(tmp_path / "data")
    (data / f"坏{TITLE}.csv").write_text("id\n", encoding="utf-8")
    result = run("evaluate", str(data), "--lang", lang)
    assert result.exit_code == 2
    assert RAW_CONTROLS.search(result.stderr) is None
    assert "坏\\x1b]0;pwned\\x07.csv" in result.stderr
    assert "Traceback" not in result.stderr


def test_progress_names_what_is_read_safely() -> None:
    """The spinner's text: a password masked, escapes shown, a long name cut."""
    url = "postgresql://admin:S3cretPW@host/db: organizations"
    assert _progress_text(url, "en") == (
        "scoplan: reading postgresql://admin:***@host/db: organizations …"
    )
    assert _progress_text(f"坏{TITLE}.csv", "zh") == "scoplan: 读取 坏\\x1b]0;pwned\\x07.csv …"
    assert len(_progress_text("长" * 10_000, "en")) < NAME_LIMIT + 50
    assert _progress_text("evaluate", "zh") == "scoplan: 评估 …"


def test_an_internal_error_is_shown_safely(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug's message (exit 4) may quote data or a URL: no password, no escape sequence."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"postgresql://admin:S3cretPW@host/db {CLEAR}{'x' * 10**5}")

    monkeypatch.setattr("scoplan.cli._registry", broken)
    monkeypatch.delenv("SCOPLAN_DEBUG", raising=False)
    result = run("evaluate")
    assert result.exit_code == 4
    assert "S3cretPW" not in result.stderr
    assert "admin:***@host" in result.stderr
    assert "\x1b" not in result.stderr
    assert len(result.stderr) < 3000


# -- a password in a database URL ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "nosuchdb://admin:S3cretPW@host/db",  # no loader
        "postgresql://admin:S3cretPW@[::1",  # the loader fails: a URL SQLAlchemy cannot parse
        "postgresql://admin:S3c@retPW@[::1",
    ],
)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_password_is_never_in_an_error(url: str, lang: str) -> None:
    """``scoplan evaluate URL`` that fails names the URL with ``***`` for its password."""
    result = run("evaluate", url, "--lang", lang)
    assert result.exit_code == 2
    assert "S3c" not in result.stderr
    assert "admin:***@" in result.stderr


def test_a_password_is_never_in_a_report_or_a_problem() -> None:
    """A loader plugin's fault on a URL becomes a run error of the report: its source and its
    messages name the URL masked; so do the problems of a source that lacks tables."""
    from scoplan.formats import Loader

    def accepts(source: str) -> bool:
        if source.startswith("remote"):
            raise OSError(f"cannot reach {source}")
        return False

    class Loaders:
        @staticmethod
        @scoplan.hookimpl
        def scoplan_register_loaders(register):
            register(Loader("aaa-flaky", scoplan.Text("远程"), accepts, lambda s, p: ({}, [])))
            register(
                Loader(
                    "empty",
                    scoplan.Text("空"),
                    lambda s: s.startswith("empty"),
                    lambda s, p: ({}, []),
                )
            )

    registry = scoplan.load_registry(
        scoplan.get_plugin_manager(entry_points=False, extra=[Loaders])
    )
    with pytest.raises(DataError):
        scoplan.load("remote://admin:S3cretPW@db.example:5432/registry", registry=registry)
    [failure] = registry.failures
    assert failure.source == "remote://admin:***@db.example:5432/registry"
    assert "S3cretPW" not in repr(failure)
    with pytest.raises(DataError) as error:
        scoplan.load("empty://admin:S3cretPW@host/db", registry=registry)
    assert {p.code for p in error.value.problems} == {"missing_table"}
    assert all(p.source == "empty://admin:***@host/db" for p in error.value.problems)
    assert "S3cretPW" not in str(error.value)


# -- workbooks ---------------------------------------------------------------------------------


def test_openpyxl_and_polars_agree_on_what_a_workbook_cannot_hold() -> None:
    """:data:`WORKBOOK_ILLEGAL` (for polars) is openpyxl's own list of characters."""
    import polars as pl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    chars = [chr(c) for c in range(0x300)] + ["\u2028", "\ufeff", "\U0001f600"]
    ours = pl.Series(chars).str.contains(WORKBOOK_ILLEGAL).to_list()
    assert ours == [ILLEGAL_CHARACTERS_RE.search(c) is not None for c in chars]
    assert in_workbook("甲\x01乙\x1b丙\t\n") == "甲\\x01乙\\x1b丙\t\n"


def test_the_xlsx_report_escapes_what_a_workbook_cannot_hold(
    tmp_path: Path, plan_file: Path
) -> None:
    """``--format xlsx`` with ``\\x01`` in a name writes the report (it failed with exit 4);
    the name is in it, escaped."""
    data = evil_folder(tmp_path / "data", name="甲\x01乙" + TITLE)
    out = tmp_path / "report.xlsx"
    result = run(
        "evaluate", str(data), "--plan", str(plan_file), "--as-of", "2023-12-31",
        "--format", "xlsx", "--output", str(out),
    )  # fmt: skip
    assert result.exit_code == 1, result.stderr
    values = [
        cell
        for sheet in load_workbook(out)
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    ]
    assert "甲\\x01乙\\x1b]0;pwned\\x07" in values


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_convert_to_xlsx_refuses_a_cell_it_would_change(tmp_path: Path, lang: str) -> None:
    """Converting to a workbook would have to change ``\\x01``: it refuses, exit 2, naming
    the sheet, row, column, record and character; nothing is written. SQLite keeps it."""
    data = evil_folder(tmp_path / "data", organizations=3, name="甲\x01乙")
    out = tmp_path / "out.xlsx"
    result = run("convert", str(data), str(out), "--lang", lang)
    assert result.exit_code == 2
    assert not out.exists()
    assert "U+0001" in result.stderr
    assert "\x01" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 3  # the district's, the community's and the organization's names
    if lang == "en":
        assert lines[2].startswith(
            "error: organizations, row 2, column name: holds the control character U+0001, "
            "which an Excel workbook cannot hold (the record with id 'O0')"
        )
    else:
        assert lines[2].startswith("错误：organizations，第2行，“name”列：含有 Excel 工作簿")
    assert run("convert", str(data), f"sqlite:///{tmp_path / 'out.db'}").exit_code == 0
    with sqlite3.connect(tmp_path / "out.db") as db:
        names = [name for (name,) in db.execute("SELECT name FROM organizations")]
    assert "甲\x01乙" in names


# -- invisible characters in ids --------------------------------------------------------------

JOINED = "341002\u2060"
"""屯溪区's code and a WORD JOINER: looks like 341002, is another id."""


def lookalike_tables(second: str, *, wide: bool = False) -> dict[str, list[dict]]:
    """屯溪区 341002 and a look-alike district ``second``, each with a township."""
    first = "３４１００２" if wide else "341002"
    return {
        "districts": [district(first, name="屯溪区"), district(second, name="屯溪区")],
        "townships": [township("T1", first), township("T2", second)],
        "communities": [community("C1", "T1")],
        "organizations": [organization("O1", "C1")],
    }


@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\u2060", "U+2060 WORD JOINER"),
        ("\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("\u00ad", "U+00AD SOFT HYPHEN"),
        ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\x01", "U+0001"),
    ],
)
def test_an_id_with_an_invisible_character_is_refused(
    tmp_path: Path, char: str, named: str
) -> None:
    """The look-alike district and the township that refers to it are each refused, with the
    file, row, column and the character named; nothing is evaluated."""
    second = "341002" + char
    folder = write_tables(tmp_path / "data", lookalike_tables(second))
    with pytest.raises(DataError) as error:
        scoplan.load(folder)
    problems = [p for p in error.value.problems if p.code == "hidden_in_id"]
    assert [(p.source, p.row, p.column, p.value) for p in problems] == [
        ("districts.csv", 3, "id", second),
        ("townships.csv", 3, "district_id", second),
    ]
    assert problems[0].params == {"char": named, "position": 7}
    assert describe_problem(problems[0], "en") == (
        f"districts.csv, row 3, column id: {second!r} holds the invisible character {named} "
        "(character 7): it looks like the id without it but is another one; delete the character"
    )
    where = "districts.csv，第3行，“id”列："
    assert describe_problem(problems[0], "zh").startswith(
        f"{where}“341002{shown(char, None)}”含有看不见的字符 {named}（第7个字符）"
    )


@pytest.mark.parametrize("wide", [False, True])
def test_the_fast_path_sends_a_file_with_an_invisible_id_the_careful_way(
    tmp_path: Path, wide: bool
) -> None:
    """A clean file (the fast path's) holding ``341002``+U+2060 is read the careful way, which
    refuses it; a clean file of full-width or plain ids still takes the fast path."""
    folder = write_tables(tmp_path / "bad", lookalike_tables(JOINED, wide=wide))
    assert read_typed_csv(folder / "districts.csv", "districts") is None
    with pytest.raises(DataError) as error:
        scoplan.load(folder)
    assert "hidden_in_id" in {p.code for p in error.value.problems}
    fine = write_tables(tmp_path / "fine", lookalike_tables("341003", wide=wide))
    assert read_typed_csv(fine / "districts.csv", "districts") is not None
    assert scoplan.load(fine).size()["districts"] == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_command_refuses_a_lookalike_id(tmp_path: Path, lang: str) -> None:
    """``scoplan evaluate`` on the look-alike 屯溪区 exits 2, naming U+2060 WORD JOINER."""
    folder = write_tables(tmp_path / "data", lookalike_tables(JOINED))
    result = run("evaluate", str(folder), "--lang", lang)
    assert result.exit_code == 2
    assert "U+2060 WORD JOINER" in result.stderr
    assert "341002\\u2060" in result.stderr
    assert "\u2060" not in result.stderr


def test_a_name_may_hold_what_an_id_may_not(tmp_path: Path) -> None:
    """Names are free text: a soft hyphen or a zero-width joiner in one is kept as written."""
    tables = lookalike_tables("341003")
    tables["communities"] = [community("C1", "T1", name="社区\u00ad一\u200d号")]
    data = scoplan.load(write_tables(tmp_path / "data", tables))
    assert data.frame("communities").get_column("name").to_list() == ["社区\u00ad一\u200d号"]


def test_character_name() -> None:
    assert character_name("\u2060") == "U+2060 WORD JOINER"
    assert character_name("\x1b") == "U+001B"
