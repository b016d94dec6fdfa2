"""Hypothesis strategies of scoplan's own tests: small valid datasets' rows, plans, and the
files a loader is fed. The dates, spans and hierarchies are :mod:`scoplan.testing.strategies`'.

Every dataset drawn here loads without a problem: ids are unique and distinct across the
hierarchy, references point at existing rows, and end dates never come before start dates.
Plans drawn here parse: due dates lie in the plan's years, groups exist, ids are unique.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from builders import DATE_FORMS, PLAN_HEAD, Form, toml_value
from hypothesis import strategies as st

from scoplan.schema import LIST_SEPARATORS
from scoplan.testing import strategies as public
from scoplan.testing.strategies import dates, spans

TARGET_IDS = (
    "urban-average",
    "rural-average",
    "service-centres",
    "township-federation-coverage",
    "community-federation-coverage",
    "gongyi-district-coverage",
    "gongyi-township-coverage",
)


@st.composite
def hierarchies(draw: st.DrawFn, min_communities: int = 0) -> dict[str, list[dict[str, Any]]]:
    """The public :func:`scoplan.testing.strategies.hierarchies`: districts ``D1``…, their
    townships ``D1T1``… and communities ``D1T1C1``….

    With ``min_communities``, the first district gets a township with that many communities
    (of both kinds when there are two or more) on top of whatever was drawn.
    """
    rows = draw(public.hierarchies())
    if min_communities:
        rows["townships"].append({"id": "D1X", "district_id": "D1", "name": "加", "kind": "street"})
        for c in range(min_communities):
            kind = "urban" if c % 2 == 0 else "rural"
            rows["communities"].append(
                {"id": f"D1XC{c}", "township_id": "D1X", "name": "加", "kind": kind}
            )
    return rows


@st.composite
def tables(draw: st.DrawFn, min_communities: int = 0) -> dict[str, list[dict[str, Any]]]:
    """The rows of a small valid dataset: a hierarchy, organizations with dates, federations,
    service centres and events (公益创投 and trainings) at every level."""
    rows = draw(hierarchies(min_communities))
    district_ids = [d["id"] for d in rows["districts"]]
    township_ids = [t["id"] for t in rows["townships"]]
    community_ids = [c["id"] for c in rows["communities"]]

    organizations = []
    if community_ids:
        for i in range(draw(st.integers(0, 15))):
            founded, dissolved = draw(spans())
            organizations.append(
                {
                    "id": f"O{i}",
                    "community_id": draw(st.sampled_from(community_ids)),
                    "name": f"组织{i}",
                    "founded": founded,
                    "dissolved": dissolved,
                    # mostly counted (registered, filed), some not (none, or left empty)
                    "registration": draw(
                        st.sampled_from(["registered", "filed", "filed", "none", None])
                    ),
                }
            )

    federations = []
    levels = [
        level for level, ids in (("township", township_ids), ("community", community_ids)) if ids
    ]
    if levels:
        for i in range(draw(st.integers(0, 6))):
            level = draw(st.sampled_from(levels))
            unit = draw(st.sampled_from(township_ids if level == "township" else community_ids))
            founded, dissolved = draw(spans())
            federations.append(
                {
                    "id": f"F{i}",
                    "level": level,
                    "unit_id": unit,
                    "founded": founded,
                    "dissolved": dissolved,
                }
            )

    establishments = []
    for i in range(draw(st.integers(0, 4))):
        established, ended = draw(spans())
        establishments.append(
            {
                "id": f"E{i}",
                "kind": draw(st.sampled_from(["service_centre", "governance_academy"])),
                "unit_id": draw(st.sampled_from(["city", *district_ids, *township_ids])),
                "established": established,
                "ended": ended,
            }
        )

    events = [
        {
            "id": f"V{i}",
            "kind": draw(st.sampled_from(["gongyi_chuangtou", "training"])),
            "unit_id": draw(st.sampled_from(["city", *district_ids, *township_ids])),
            "date": draw(dates),
        }
        for i in range(draw(st.integers(0, 8)))
    ]
    return {
        **rows,
        "organizations": organizations,
        "federations": federations,
        "establishments": establishments,
        "events": events,
    }


@st.composite
def registers(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """:func:`tables` with every column of an organization filled or left empty (codes of
    their own for a plugin's open lists among them) and sometimes a column of the bureau's
    own (负责人): every kind of cell DATA.md names."""
    from scoplan.schema import CATEGORIES, MANAGERS, REGISTRATION, SIZES, SPECIAL_GROUPS

    rows = draw(tables())
    leader = draw(st.booleans())
    for organization in rows["organizations"]:
        organization.update(
            category=draw(st.sampled_from([None, *CATEGORIES, "neighbourhood"])),
            registration=draw(st.sampled_from([None, *REGISTRATION])),
            size=draw(st.sampled_from([None, *SIZES])),
            managed_by=draw(st.sampled_from([None, *MANAGERS])),
            charter=draw(st.sampled_from([None, True, False])),
            brand=draw(st.one_of(st.none(), dates)),
            serves=draw(st.lists(st.sampled_from([*SPECIAL_GROUPS, "veterans"]), unique=True)),
        )
        if leader:
            organization["负责人"] = draw(st.sampled_from([None, "张三", "欧阳 秀", "Li Wei"]))
    return rows


@st.composite
def csv_forms(draw: st.DrawFn) -> Form:
    """A form DATA.md allows for a folder of CSV files: UTF-8 (with a BOM or not) or
    GB18030, LF or CRLF, English or Chinese names, codes, yes/no, dates and separators."""
    return Form(
        encoding=draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])),
        line_end=draw(st.sampled_from(["\n", "\r\n"])),
        chinese_names=draw(st.booleans()),
        spellings=draw(st.sampled_from(["english", "chinese", "any"])),
        yes_no=draw(st.sampled_from(["english", "chinese", "any"])),
        dates=draw(st.sampled_from([*DATE_FORMS, "mixed"])),
        separator=draw(st.sampled_from(LIST_SEPARATORS)),
        seed=draw(st.integers(0, 2**16)),
    )


# -- plans -----------------------------------------------------------------------------------

text = st.text(
    alphabet=st.sampled_from("abcXYZ019 社区组织联合会“”(),.-'\"\\"), min_size=0, max_size=12
)
"""Short strings with Chinese, quotes and backslashes (which TOML must escape)."""


@st.composite
def plan_texts(draw: st.DrawFn) -> str:
    """The TOML text of a valid plan: groups, and one to five milestones of the built-in kinds."""
    districts = ["D1", "D2", "D3"]
    lines = [PLAN_HEAD]
    if draw(st.booleans()):
        lines.append(f"title_en = {toml_value(draw(text))}")
    if draw(st.booleans()):
        lines.append(f"issued = {draw(st.dates(dt.date(2020, 1, 1), dt.date(2021, 12, 31)))}")
    area = {"name": draw(text), "districts": draw(st.lists(st.sampled_from(districts)))}
    lines.append(f"area = {toml_value(area)}")
    groups = {
        "central": {
            "name": "中心城区",
            "districts": draw(st.lists(st.sampled_from(districts), unique=True)),
            "district_kinds": draw(st.lists(st.sampled_from(["zone", "district"]), unique=True)),
        },
        "other": {"name": "其他区县", "complement_of": "central", "reading": draw(text)},
    }
    lines.append(f"groups = {toml_value(groups)}")
    count = draw(st.integers(1, 5))
    for index in range(count):
        target = draw(st.sampled_from(TARGET_IDS))
        milestone: dict[str, Any] = {"id": f"m{index}", "target": target}
        milestone["due"] = draw(st.dates(dt.date(2021, 1, 1), dt.date(2023, 12, 31)))
        params: dict[str, Any] = {}
        if target != "service-centres":
            params["threshold"] = draw(st.sampled_from([0, 0.5, 0.7, 1, 1.0, 3, 15]))
        if draw(st.booleans()):
            params["comparator"] = draw(st.sampled_from([">=", ">", "<=", "<", "=="]))
        milestone["params"] = params
        scope_kind = draw(st.sampled_from(["city", "districts", "group"]))
        scope: dict[str, Any] = {}
        if scope_kind == "districts":
            scope["districts"] = draw(st.lists(st.sampled_from(districts), min_size=1, unique=True))
        elif scope_kind == "group":
            scope["group"] = draw(st.sampled_from(["central", "other"]))
        if draw(st.booleans()):
            scope["each"] = True
        milestone["scope"] = scope
        milestone["clauses"] = [
            {"ref": draw(st.sampled_from(["一", "二(一)2", "二(二)2"])), "text": draw(text)}
            for _ in range(draw(st.integers(0, 2)))
        ]
        milestone["reading"] = draw(text)
        lines.append("")
        lines.append("[[milestones]]")
        lines.extend(f"{key} = {toml_value(value)}" for key, value in milestone.items())
    return "\n".join(lines) + "\n"


# -- hostile inputs, for the fuzz tests --------------------------------------------------------

PLAUSIBLE_CELLS = (
    "",
    " ",
    "D1",
    "D2",
    "T1",
    "T2",
    "C1",
    "C2",
    "O1",
    "city",
    "d1",
    "Ｄ１",
    " D1 ",
    "\u3000C1",
    "2021-03-01",
    "2021/9/14",
    "2021年9月14日",
    "2021.9.14",
    "2021-09-14 00:00:00",
    "２０２１－０９－１４",
    "2021-02-30",
    "14/09/2021",
    "44453",
    "0001-01-01",
    "9999-12-31",
    "true",
    "false",
    "是",
    "否",
    "TRUE",
    "ｔｒｕｅ",
    "district",
    "county",
    "街道",
    "town",
    "urban",
    "农村社区",
    "charity",
    "其他",
    "filed",
    "未登记",
    "large",
    "小",
    "community",
    "township",
    "service_centre",
    "training",
    "公益创投",
    "elderly;children",
    "老年人、儿童",
    "；",
    ";;",
    "own_group",
    '"',
    '""',
    ",",
    "\n",
    "\r",
    "\x00",
    "\ufeff",
    "=1+1",
    "__row",
)
"""Cells a table of DATA.md might hold, good and bad: ids, dates, codes, yes/no, lists, and
the characters CSV parsers stumble on."""

cells = st.one_of(st.sampled_from(PLAUSIBLE_CELLS), st.text(max_size=10))


def _column_names(table: str) -> list[str]:
    from scoplan.schema import TABLES_BY_NAME

    columns = TABLES_BY_NAME[table].columns
    return [c.name for c in columns] + [c.alias for c in columns]


@st.composite
def csv_headers(draw: st.DrawFn, table: str) -> list[str]:
    """A header for ``table``: often its own columns (give or take one), or anything."""
    from scoplan.schema import TABLES_BY_NAME

    own = [c.name for c in TABLES_BY_NAME[table].columns]
    if draw(st.booleans()):
        header = list(own)
        if draw(st.booleans()):
            header.insert(draw(st.integers(0, len(header))), draw(cells))
        if draw(st.booleans()):
            del header[draw(st.integers(0, len(header) - 1))]
        return header
    names = st.one_of(st.sampled_from(_column_names(table)), st.text(max_size=8))
    return draw(st.lists(names, max_size=8))


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """A table, a file name for it (English or Chinese) and CSV-shaped bytes: a header, rows
    of cells written properly or joined raw, any line ends, an encoding, maybe cut short."""
    import csv
    import io

    from scoplan.schema import TABLES

    table = draw(st.sampled_from(TABLES))
    name = draw(st.sampled_from([table.name, table.alias])) + ".csv"
    header = draw(csv_headers(table.name))
    width = len(header)
    rows = draw(
        st.lists(st.lists(cells, min_size=max(0, width - 2), max_size=width + 2), max_size=6)
    )
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    if draw(st.booleans()):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator=end)
        writer.writerow(header)
        writer.writerows(rows)
        text = buffer.getvalue()
    else:
        text = end.join(",".join(row) for row in [header, *rows]) + end
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", errors="surrogatepass")
    if data and draw(st.integers(0, 9)) == 0:
        position = draw(st.integers(0, len(data) - 1))
        data = data[:position] + bytes([draw(st.integers(0, 255))]) + data[position + 1 :]
    return table.name, name, data


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(PLAUSIBLE_CELLS),
    st.text(max_size=10),
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def json_rows(draw: st.DrawFn, table: str | None) -> dict[str, Any]:
    """A row object: known column names (or any), cells of any JSON value, mostly plain."""
    keys = st.text(max_size=6)
    if table is not None:
        keys = st.one_of(st.sampled_from(_column_names(table)), keys)
    values = st.one_of(json_scalars, st.lists(json_scalars, max_size=3), json_values)
    return draw(st.dictionaries(keys, values, max_size=8))


@st.composite
def json_documents(draw: st.DrawFn) -> Any:
    """A JSON document in the shape of the input (tables of row objects) with anything in the
    tables, rows and cells; or any JSON value at all."""
    from scoplan.schema import TABLE_ALIASES

    if draw(st.integers(0, 4)) == 0:
        return draw(json_values)
    document: dict[str, Any] = {}
    for _ in range(draw(st.integers(0, 4))):
        key = draw(st.one_of(st.sampled_from(sorted(TABLE_ALIASES)), st.text(max_size=8)))
        table = TABLE_ALIASES.get(key)
        rows = st.lists(json_rows(table), max_size=4)
        document[key] = draw(st.one_of(rows, rows, json_values))
    return document


def toml_key(key: str) -> str:
    """A TOML key or string, quoted and escaped, whatever characters it has."""
    escaped = "".join(
        "\\" + char
        if char in '"\\'
        else f"\\u{ord(char):04x}"
        if ord(char) < 0x20 or ord(char) == 0x7F
        else char
        for char in key
    )
    return f'"{escaped}"'


def toml_text(value: Any) -> str:
    """Any value a plan might hold as TOML: tables inline, keys quoted."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_text(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_text(v) for v in value) + "]"
    if isinstance(value, float) and value != value:
        return "nan"
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, str):
        return toml_key(value)
    return toml_value(value)


plan_years = st.one_of(
    st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)),
    st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)),
    st.dates(),
)
toml_scalars = st.one_of(
    st.text(max_size=8),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.booleans(),
    plan_years,
    st.datetimes(dt.datetime(1900, 1, 1)),
    st.times(),
)
toml_values = st.recursive(
    toml_scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)


def _maybe(draw: st.DrawFn, good: st.SearchStrategy[Any]) -> Any:
    """Mostly a good value, sometimes any value of TOML."""
    return draw(toml_values) if draw(st.integers(0, 29)) == 17 else draw(good)


@st.composite
def plan_documents(draw: st.DrawFn) -> dict[str, Any]:
    """The data of a plan, field by field: mostly of the right kind, sometimes anything, with
    fields left out and unknown ones added."""
    districts = st.lists(st.sampled_from(["D1", "D2", "D9", "d1", "Ｄ１", ""]), max_size=3)
    milestone_keys = {
        "id": st.one_of(st.sampled_from(["m1", "m2", "m3", "m4"]), st.sampled_from(["m1 ", ""])),
        "target": st.one_of(st.sampled_from(TARGET_IDS), st.sampled_from(["no-such-kind", ""])),
        "due": st.dates(dt.date(2021, 1, 1), dt.date(2023, 12, 31)),
        "params": st.fixed_dictionaries(
            {},
            optional={
                "threshold": st.one_of(st.sampled_from([0, 0.5, 1, 3]), st.floats()),
                "comparator": st.sampled_from([">=", ">", "<=", "<", "==", "=>"]),
                "township_kinds": st.lists(st.sampled_from(["street", "town", "zone", "village"])),
            },
        ),
        "scope": st.one_of(
            st.fixed_dictionaries({}, optional={"each": st.booleans()}),
            st.fixed_dictionaries({"districts": districts}, optional={"each": st.booleans()}),
            st.fixed_dictionaries(
                {"group": st.sampled_from(["central", "other", "central", "nowhere"])},
                optional={"each": st.booleans(), "districts": districts},
            ),
        ),
        "clauses": st.lists(st.fixed_dictionaries({"ref": st.text(max_size=4)}), max_size=2),
        "title": st.text(max_size=8),
    }
    milestones = [
        {
            key: _maybe(draw, good)
            for key, good in milestone_keys.items()
            if draw(st.integers(0, 29)) != 17
        }
        for _ in range(draw(st.integers(0, 4)))
    ]
    for index, milestone in enumerate(milestones):
        if milestone.get("id") in ("m1", "m2", "m3", "m4"):
            milestone["id"] = f"m{index}"  # a repeated id now and then, not most of the time
    plan_keys: dict[str, st.SearchStrategy[Any]] = {
        "id": st.text(max_size=8),
        "title": st.text(max_size=8),
        "version": st.text(max_size=4),
        "start": st.dates(dt.date(2019, 1, 1), dt.date(2021, 1, 1)),
        "end": st.dates(dt.date(2023, 12, 31), dt.date(2025, 12, 31)),
        "base_year": st.integers(2015, 2022),
        "projection": st.sampled_from(["linear", "cagr"]),
        "area": st.fixed_dictionaries(
            {}, optional={"districts": districts, "code_prefix": st.text(max_size=3)}
        ),
        "groups": st.fixed_dictionaries(
            {
                "central": st.fixed_dictionaries(
                    {"name": st.text(max_size=4), "districts": districts}
                ),
                "other": st.fixed_dictionaries(
                    {
                        "name": st.text(max_size=4),
                        "complement_of": st.sampled_from(["central", "central", "other", "x"]),
                    }
                ),
            }
        ),
        "terms": st.dictionaries(
            st.sampled_from(["zh", "en", "fr"]),
            st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=2),
            max_size=2,
        ),
    }
    plan = {
        key: _maybe(draw, good) for key, good in plan_keys.items() if draw(st.integers(0, 29)) != 17
    }
    plan["milestones"] = milestones
    if draw(st.integers(0, 7)) == 7:
        plan[draw(st.text(max_size=6))] = draw(toml_values)
    return plan


REFERRED = {
    "districts": ["D1", "D2"],
    "townships": ["T1", "T2"],
    "communities": ["C1", "C2"],
    "organizations": ["O1", "O2"],
}
"""The ids of the small valid dataset of conftest, by table: what its references name."""
ID_PREFIXES = {
    "districts": "D",
    "townships": "T",
    "communities": "C",
    "organizations": "O",
    "federations": "F",
    "establishments": "E",
    "brand_projects": "B",
    "events": "V",
}


def _tidy_cells(table: Any, column: Any) -> st.SearchStrategy[str]:
    """Cells of the right kind for ``column``, in the form tools write them (one in twenty a
    variant scoplan also reads, such as a full-width id; one in twenty a plausible wrong one)."""
    from scoplan.schema import BOOL, DATE, LIST

    if column.name == "id":
        good = st.sampled_from([f"{ID_PREFIXES[table.name]}{n}" for n in range(1, 31)])
        variant = st.sampled_from(["x1", "Ｘ４", "３４１００２", " X5", "341002"])
    elif column.ref:
        good = st.sampled_from(REFERRED[column.ref[-1]])
        variant = st.sampled_from(["Ｄ１", "d1", "D9", "\u3000C1", "city"])
    elif column.type == DATE:
        good = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(str)
        variant = st.sampled_from(["", "2021/9/14", "2021年9月14日", "２０２１－０９－１４"])
    elif column.type == BOOL:
        good = st.sampled_from(["true", "false", ""])
        variant = st.sampled_from(["TRUE", "是", "yes"])
    elif column.type == LIST:
        good = st.sampled_from(["elderly;children", "elderly", "", "own;elderly"])
        variant = st.sampled_from(["老年人、儿童", "ｅｌｄｅｒｌｙ", " elderly ; women"])
    elif column.codes is not None:
        good = st.sampled_from(list(column.codes))
        variant = st.sampled_from(["", *(a for v in column.codes.values() for a in v), "ＡＢ"])
    else:
        good = st.sampled_from(["甲", "乙会", "（二）镇", "a b", "=1+1"])
        variant = st.text(max_size=6)
    odd = st.sampled_from(PLAUSIBLE_CELLS)
    return st.integers(0, 19).flatmap(lambda n: odd if n == 19 else variant if n == 18 else good)


@st.composite
def tidy_csv_files(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """A table, its file name and a CSV file as tools write one (its own header, quoted where
    needed, UTF-8 or GB18030, LF or CRLF, a line end after each row) holding plausible
    cells: the files the fast path takes, and the near misses it hands to the careful one."""
    import csv
    import io

    from scoplan.schema import TABLES

    table = draw(st.sampled_from(TABLES))
    header = [c.alias if draw(st.integers(0, 5)) == 5 else c.name for c in table.columns]
    if draw(st.integers(0, 9)) == 9:
        header.pop()
    kinds = [_tidy_cells(table, column) for column in table.columns[: len(header)]]
    if draw(st.integers(0, 3)) == 3:
        header.append(draw(st.sampled_from(["note", "备注", "grade"])))
        kinds.append(cells)
    rows = draw(st.lists(st.tuples(*kinds).map(list), max_size=3))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\n", "\r\n"])))
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gb18030"]))
    return table.name, f"{table.name}.csv", buffer.getvalue().encode(encoding)
