"""docs/DATA.md and docs/DATA.zh.md say what scoplan.schema says, both ways.

Each doc's tables are parsed: the overview of the tables, each table's columns (Chinese header,
type, required, referenced tables, open list) and each coded column's codes and spellings.
They must match the schema exactly — nothing missing, nothing the schema lacks — so that
the docs cannot drift from the code. The words the docs list (separators, yes/no, the city
level's spellings, the skipped sheets) and their examples (dates, the JSON document) are
checked against what the loaders do.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs
import pytest
from builders import build_from_csv, district, event

import scoplan
from scoplan.checking import REQUIRED_TABLES
from scoplan.loaders.xlsx_workbook import NOTE_SHEETS
from scoplan.schema import (
    BOOL,
    CITY_ALIASES,
    DATE,
    FALSE_WORDS,
    LINE_BREAKS,
    LIST,
    LIST_SEPARATORS,
    TABLES,
    TABLES_BY_NAME,
    TRUE_WORDS,
    Column,
)

ROOT = Path(__file__).resolve().parents[1]
DOCS = {"en": ROOT / "docs" / "DATA.md", "zh": ROOT / "docs" / "DATA.zh.md"}


@attrs.frozen
class Words:
    """What a doc calls things in its language."""

    text: str
    code: str
    codes: str
    date: str
    bool: str
    yes: str
    no: str
    open: str
    required_table: str
    optional_table: str
    overview: str


WORDS = {
    "en": Words(
        "text",
        "code",
        "list of codes",
        "date",
        "yes/no",
        "yes",
        "no",
        "an open list",
        "Required table.",
        "Optional table.",
        "table",
    ),
    "zh": Words(
        "文本",
        "代码",
        "代码列表",
        "日期",
        "是/否",
        "是",
        "否",
        "开放列表",
        "必需的表。",
        "可选的表。",
        "表",
    ),
}

TABLE_HEADING = re.compile(r"^`([a-z_]+)` · (\S+)$")
CODES_HEADING = re.compile(r"^`([a-z_]+)\.([a-z_]+)`$")
TICKED = re.compile(r"`([^`]+)`")


@attrs.define
class Section:
    """A heading, the paragraphs' text under it and the rows of its Markdown tables."""

    level: int
    title: str
    text: list[str] = attrs.field(factory=list)
    tables: list[list[list[str]]] = attrs.field(factory=list)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def sections(path: Path) -> list[Section]:
    """The doc's sections, outside fenced blocks; each table as rows of cells, header first."""
    found = [Section(1, "")]
    fenced = False
    table: list[list[str]] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        heading = re.match(r"^(#{1,6}) (.*)$", line)
        if heading:
            found.append(Section(len(heading.group(1)), heading.group(2).strip()))
            table = None
            continue
        if line.startswith("|"):
            cells = _cells(line)
            if table is None:
                table = []
                found[-1].tables.append(table)
            if not all(re.fullmatch(r":?-+:?", cell) for cell in cells):
                table.append(cells)
            continue
        table = None
        if line.strip():
            found[-1].text.append(line.strip())
    return found


def type_word(column: Column, words: Words) -> str:
    if column.type == DATE:
        return words.date
    if column.type == BOOL:
        return words.bool
    if column.type == LIST:
        return words.codes
    return words.code if column.codes is not None else words.text


@pytest.fixture(params=sorted(DOCS))
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def table_sections(lang: str) -> dict[str, Section]:
    found: dict[str, Section] = {}
    for section in sections(DOCS[lang]):
        match = TABLE_HEADING.match(section.title)
        if section.level == 3 and match:
            assert match.group(1) not in found, f"{section.title} twice"
            found[match.group(1)] = section
    return found


def code_sections(lang: str) -> dict[tuple[str, str], Section]:
    found: dict[tuple[str, str], Section] = {}
    for section in sections(DOCS[lang]):
        match = CODES_HEADING.match(section.title)
        if section.level == 4 and match:
            key = (match.group(1), match.group(2))
            assert key not in found, f"{section.title} twice"
            found[key] = section
    return found


def test_the_overview_lists_every_table_and_no_other(lang: str) -> None:
    """The first table of the doc: each table, its Chinese name, whether it is required."""
    words = WORDS[lang]
    overview = next(t for s in sections(DOCS[lang]) for t in s.tables if t[0][0] == words.overview)
    rows = [(TICKED.fullmatch(row[0]), row[1], row[2]) for row in overview[1:]]
    documented = [(m.group(1) if m else None, alias, required) for m, alias, required in rows]
    assert documented == [
        (t.name, t.alias, words.yes if t.name in REQUIRED_TABLES else words.no) for t in TABLES
    ]


def test_every_table_has_its_section_and_no_other(lang: str) -> None:
    """A ``### `table` · 中文名`` section per table, saying whether the table is required."""
    found = table_sections(lang)
    assert sorted(found) == sorted(t.name for t in TABLES)
    words = WORDS[lang]
    for table in TABLES:
        section = found[table.name]
        assert TABLE_HEADING.match(section.title).group(2) == table.alias  # type: ignore[union-attr]
        first = section.text[0] if section.text else ""
        said = words.required_table if table.name in REQUIRED_TABLES else words.optional_table
        assert first.startswith(said), table.name


def test_every_column_is_documented_as_the_schema_has_it(lang: str) -> None:
    """Each table's columns, in order, with header, type, required, references, open list."""
    words = WORDS[lang]
    names = {t.name for t in TABLES} | {"city"}
    for table in TABLES:
        section = table_sections(lang)[table.name]
        assert len(section.tables) == 1, table.name
        header, *rows = section.tables[0]
        assert len(header) == 5, table.name
        documented = [TICKED.fullmatch(row[0]) for row in rows]
        assert [m.group(1) if m else row[0] for m, row in zip(documented, rows, strict=True)] == [
            c.name for c in table.columns
        ], table.name
        for column, (_, alias, kind, required, holds) in zip(table.columns, rows, strict=True):
            where = f"{lang}: {table.name}.{column.name}"
            assert alias == column.alias, where
            assert kind == type_word(column, words), where
            assert required == (words.yes if column.required else words.no), where
            refs = {name for name in TICKED.findall(holds) if name in names}
            assert refs == set(column.ref), where
            assert (words.open in holds) == column.open_codes, where


def test_every_code_and_spelling_is_documented_and_no_other(lang: str) -> None:
    """A ``#### `table.column` `` section per coded column: its codes, in order, each with
    exactly its Chinese spellings."""
    found = code_sections(lang)
    coded = {(t.name, c.name): c for t in TABLES for c in t.columns if c.codes is not None}
    assert sorted(found) == sorted(coded)
    for key, column in coded.items():
        section = found[key]
        assert len(section.tables) == 1, key
        _, *rows = section.tables[0]
        codes = [TICKED.fullmatch(row[0]) for row in rows]
        assert [m.group(1) if m else row[0] for m, row in zip(codes, rows, strict=True)] == list(
            column.codes or {}
        ), key
        for code, row in zip(column.codes or {}, rows, strict=True):
            assert row[1].split("、") == list((column.codes or {})[code]), (lang, key, code)


LISTS = {"en": "**Lists.**", "zh": "**列表。**"}
LINE_BREAK = {"en": "or a line break (", "zh": "也可以换行分隔（"}
"""How the paragraph on lists names a line break among the separators, which no backticks show."""


def test_the_words_the_loaders_take_are_all_documented(lang: str) -> None:
    """List separators, yes/no words, the city level's spellings, notes sheets: each in
    backticks somewhere in the doc; a line break, a list separator too, in words in the
    paragraph on lists."""
    text = DOCS[lang].read_text(encoding="utf-8")
    ticked = set(TICKED.findall(text))
    lowered = {word.lower() for word in ticked}
    separators = [word for word in LIST_SEPARATORS if word not in LINE_BREAKS]
    for word in (*separators, *CITY_ALIASES, "city", *sorted(TRUE_WORDS | FALSE_WORDS)):
        assert word in ticked, (lang, word)
    lists = text[text.index(LISTS[lang]) :].split("\n\n")[0]
    assert set(LINE_BREAKS) <= set(LIST_SEPARATORS)
    assert LINE_BREAK[lang] in lists, lang
    assert "Alt+Enter" in lists, lang
    for sheet in NOTE_SHEETS:
        assert sheet in lowered, (lang, sheet)


def date_examples(lang: str) -> list[tuple[str, str]]:
    """(written, read as) for each date form the doc's table of dates gives as text."""
    table = next(
        t
        for s in sections(DOCS[lang])
        for t in s.tables
        if any(row[0].startswith("`2021年9月14日`") for row in t)
    )
    examples = []
    for written, read in table[1:]:
        day = re.match(r"\d{4}-\d{2}-\d{2}", read)
        for text in TICKED.findall(written):
            if day and text[:1].isdigit():
                examples.append((text, day.group(0)))
    return examples


def test_each_date_form_given_reads_as_the_doc_says(lang: str) -> None:
    """Every date written in the doc's table of dates loads as the day beside it."""
    examples = date_examples(lang)
    assert len(examples) >= 7
    data = build_from_csv(
        districts=[district("D1")],
        events=[event(f"V{i}", "city", text) for i, (text, _) in enumerate(examples)],  # type: ignore[arg-type]
    )
    read = {e.id: e.date for e in data.iter("events")}
    assert read == {f"V{i}": dt.date.fromisoformat(day) for i, (_, day) in enumerate(examples)}


def test_the_json_example_loads(lang: str, tmp_path: Path) -> None:
    """The doc's JSON document loads: Chinese keys and codes, a list given as a JSON list."""
    text = DOCS[lang].read_text(encoding="utf-8")
    block = re.search(r"^```json\n(.*?)^```", text, re.M | re.S)
    assert block is not None
    path = tmp_path / "registry.json"
    path.write_text(block.group(1), encoding="utf-8")
    data = scoplan.load(path)
    assert data.get("townships", "341002001").kind == "street"
    organization = data.get("organizations", "HS00001")
    assert organization.serves == ("elderly", "children")
    assert organization.charter is True


def test_the_docs_link_each_other_and_the_readme_links_both() -> None:
    """README's "Your data" links both docs; no mention of a DATA.md outside docs/ is left."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Your data")
    section = readme[start : readme.index("\n## ", start + 1)]
    assert "](docs/DATA.md)" in section
    assert "](docs/DATA.zh.md)" in section
    assert re.findall(r"(?<!docs/)\bDATA(?:\.zh)?\.md", readme) == []
    assert "](DATA.zh.md)" in DOCS["en"].read_text(encoding="utf-8")
    assert "](DATA.md)" in DOCS["zh"].read_text(encoding="utf-8")


def test_the_parser_sees_what_a_drift_would_change() -> None:
    """The parse is not vacuous: the docs hold every table's columns and every code."""
    for lang in DOCS:
        columns = sum(len(s.tables[0]) - 1 for s in table_sections(lang).values())
        assert columns == sum(len(t.columns) for t in TABLES)
        codes = sum(len(s.tables[0]) - 1 for s in code_sections(lang).values())
        assert codes == sum(len(c.codes or {}) for t in TABLES for c in t.columns)
    assert TABLES_BY_NAME["townships"].column("kind").codes is not None


def test_every_word_refused_as_unclear_is_documented_with_its_codes(lang: str) -> None:
    """A coded column's words that could mean two codes or more (``Column.unclear``) are
    listed after its codes, each group with the codes it could be, and no other word is;
    none of them is a spelling of a code (a word read as one code is not refused)."""
    for key, section in code_sections(lang).items():
        column = TABLES_BY_NAME[key[0]].column(key[1])
        assert not set(column.unclear) & set(column.code_map()), key
        refused = [t for t in section.text if t.startswith(("Refused", "不接受"))]
        if not column.unclear:
            assert refused == [], key
            continue
        (said,) = refused
        groups = said.split(":" if lang == "en" else "：", 1)[1].split(
            "; " if lang == "en" else "；"
        )
        found: dict[str, tuple[str, ...]] = {}
        for group in groups:
            named, _, codes = group.rpartition(" (" if lang == "en" else "（")
            if lang == "en":
                meant = tuple(TICKED.findall(codes))
            else:
                first = {aliases[0]: code for code, aliases in (column.codes or {}).items()}
                meant = tuple(first[w] for w in re.split("、|或", codes.rstrip("）。")))
            found.update(dict.fromkeys(TICKED.findall(named), meant))
        assert found == dict(column.unclear), (lang, key)
