"""The docs stay honest: the README's quick start, target list and the hook spec's docs."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

from builders import builtin_registry

from scoplan import hookspecs

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def test_quick_start_is_exactly_two_commands():
    """The quick start's shell block holds two commands: install and run, install and test."""
    block = re.search(r"```bash\n(.*?)```", _section("Quick start"), re.S)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["pip install . && scoplan evaluate", "pip install '.[test]' && pytest"]


def test_ci_runs_the_readme_test_command():
    """`.ci/run` runs the quick start's second command as it is written."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\npip install '.[test]' && pytest\n" in ci


def test_readme_lists_every_target_kind_and_no_other():
    """The README's target table has one row per registered target kind, with its clauses."""
    registry = builtin_registry()
    rows = re.findall(r"^\| `([a-z-]+)` \| [^|]+ \| ([^|]+) \|", _section("Target kinds"), re.M)
    listed = {target: clauses.strip() for target, clauses in rows}
    assert set(listed) == set(registry.targets)
    for target, kind in registry.targets.items():
        assert listed[target] == ", ".join(kind.clauses), target


NUMBERS = {"four": 4, "five": 5, "six": 6, "seven": 7}


def test_the_docs_count_the_target_kinds_there_are():
    """The README's "these N target kinds" and "the five marked generic", and the Chinese
    tutorial's "内置的 N 种目标类型", are the registry's count and the table's generic rows: a
    trial found the tutorial saying 21 after the kinds had grown to 27."""
    kinds = len(builtin_registry().targets)
    section = _section("Target kinds")
    said = re.search(r"one of these (\d+) target kinds", section)
    assert said is not None
    assert int(said.group(1)) == kinds
    generic = re.search(r"The (\w+) marked \*generic\*", section)
    rows = re.findall(r"^\| `[a-z-]+` \| generic:", section, re.M)
    assert generic is not None
    assert NUMBERS[generic.group(1)] == len(rows) > 0
    tutorial = (ROOT / "docs" / "writing-targets.zh.md").read_text(encoding="utf-8")
    counts = re.findall(r"内置的 (\d+) 种目标类型", tutorial)
    assert counts
    assert {int(count) for count in counts} == {kinds}


def test_every_hook_is_documented():
    """Each hook spec documents every argument and has a runnable-looking example."""
    hooks = [
        function
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("scoplan_")
    ]
    assert hooks, "no hooks found"
    for hook in hooks:
        doc = inspect.getdoc(hook) or ""
        for argument in inspect.signature(hook).parameters:
            assert f":param {argument}:" in doc, f"{hook.__name__} does not document {argument}"
        assert "Example::" in doc, f"{hook.__name__} has no example"
        assert "@hookimpl" in doc, f"{hook.__name__}'s example does not show @hookimpl"


def test_changelog_has_an_unreleased_section():
    """CHANGELOG.md has an Unreleased section for the work in progress."""
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog


# -- docs/hooks.md: one section per hook, with its exact signature and a working example ----

HOOKS_DOC = ROOT / "docs" / "hooks.md"


def _hooks():
    """Every hook specification of scoplan.hookspecs, by name."""
    return {
        name: function
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("scoplan_")
    }


def _signature(function) -> str:
    """``def name(arg: Annotation) -> Return`` from ``inspect.signature``, annotations as
    written in the source (they are strings there: ``from __future__ import annotations``)."""
    signature = inspect.signature(function)
    arguments = ", ".join(
        f"{p.name}: {p.annotation}" if p.annotation is not p.empty else p.name
        for p in signature.parameters.values()
    )
    return f"def {function.__name__}({arguments}) -> {signature.return_annotation}"


def _hook_sections() -> dict[str, str]:
    """The text of each ``## `scoplan_…``` section of docs/hooks.md, by hook name."""
    text = HOOKS_DOC.read_text(encoding="utf-8")
    parts = re.split(r"^## `(scoplan_\w+)`\n", text, flags=re.M)
    return {parts[i]: parts[i + 1].split("\n## ")[0] for i in range(1, len(parts), 2)}


def test_every_hook_has_a_section_with_its_exact_signature():
    """docs/hooks.md has a section per hook whose signature block is the hook's own."""
    sections = _hook_sections()
    for name, function in _hooks().items():
        assert name in sections, f"docs/hooks.md has no section for {name}"
        signatures = re.findall(r"```python signature\n(.*?)\n```", sections[name], re.S)
        assert signatures == [_signature(function)], f"{name}: signature differs"
        assert "**Argument.**" in sections[name], f"{name}: arguments undocumented"
        assert "**Returns.**" in sections[name], f"{name}: return undocumented"
        assert "**Example.**" in sections[name], f"{name}: no example"


def test_docs_hooks_documents_only_hooks_that_exist():
    """No section of docs/hooks.md is about a hook that is not (or no longer) a hook."""
    assert set(_hook_sections()) == set(_hooks())


def test_every_hook_example_is_a_working_plugin(tmp_path, monkeypatch):
    """Each example of docs/hooks.md, made a package with the files given before it, loads
    as a plugin without failure and registers what its section says."""
    import importlib
    import tomllib

    from docblocks import blocks

    import scoplan
    from scoplan.testing import check_contract, district_dataset

    monkeypatch.syspath_prepend(str(tmp_path))
    pending: dict[str, str] = {}
    modules = []
    for block in blocks(HOOKS_DOC):
        if block.title == "pyproject.toml":
            declared = tomllib.loads(block.text)["project"]["entry-points"]["scoplan"]
            assert declared, "the entry-point example declares no plugin"
        elif block.title is not None:
            pending[block.title] = block.text
        elif block.lang == "python" and "signature" not in block.flags:
            package = tmp_path / f"hooks_example_{len(modules)}"
            package.mkdir()
            (package / "__init__.py").write_text(block.text, encoding="utf-8")
            for name, text in pending.items():
                (package / name).write_text(text, encoding="utf-8")
            pending = {}
            modules.append(importlib.import_module(package.name))
        else:
            assert "signature" in block.flags, f"docs/hooks.md {block.where()} is never run"
    assert len(modules) == len(_hooks())
    registry = scoplan.load_registry(scoplan.get_plugin_manager(entry_points=False, extra=modules))
    assert registry.failures == []
    made = {p.name: p for p in registry.plugins}
    targets, plans, loaders, renderers, codes, columns = (made[m.__name__] for m in modules)
    assert targets.targets == ("volunteer-coverage",)
    assert plans.plans == ("anhui-volunteers-2024",)
    assert loaders.loaders == ("jsonl",)
    assert renderers.renderers == ("counts",)
    assert codes.codes == ("establishments.kind.elder_canteen",)
    assert registry.codes == {("establishments", "kind"): {"elder_canteen": ("老年助餐点",)}}
    assert columns.columns == ("organizations.inspected", "organizations.verdict")

    check_contract(registry.targets["volunteer-coverage"])
    assert registry.plan("anhui-volunteers-2024").milestones[0].target == "urban-average"
    rows = [
        {"table": "districts", "id": "D1", "name": "甲区", "kind": "district"},
        {"table": "townships", "id": "T1", "district_id": "D1", "name": "街道", "kind": "street"},
        {"table": "communities", "id": "C1", "township_id": "T1", "name": "社区", "kind": "urban"},
        {"table": "organizations", "id": "O1", "community_id": "C1", "name": "会"}
        | {"founded": "2021-01-01"},
    ]
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    (tmp_path / "data.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = scoplan.load(tmp_path / "data.jsonl", registry=registry)
    assert data.size()["organizations"] == 1
    report = scoplan.evaluate(
        district_dataset(communities=2, organizations=3),
        registry.plan("mca-2017-floor"),
        registry=registry,
    )
    counts = registry.renderer("counts").render(report, scoplan.RenderOptions(lang="en"))
    assert counts.splitlines()[0].startswith(("met", "not met", "no data", "indicator"))


# -- docs/hooks.md's reference: InvalidField, every measure and every dataset query ---------


def _reference(title: str) -> str:
    """The text of the ``### `title``` subsection of docs/hooks.md's reference."""
    text = HOOKS_DOC.read_text(encoding="utf-8")
    return text.split(f"### `{title}`\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]


def _rows(section: str) -> dict[str, str]:
    """The rows of a section's table: the name a row's first cell calls, → its second cell."""
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        found = re.match(r"`(\w+)", cells[0]) if len(cells) >= 2 else None
        if found:
            rows[found.group(1)] = cells[1]
    return rows


def test_invalid_field_is_documented_where_a_plugin_imports_it():
    """``InvalidField`` is documented, and importable where the docs say."""
    from scoplan.params import InvalidField

    section = _reference("InvalidField")
    assert "scoplan.params.InvalidField(field, message, zh" in section
    assert list(inspect.signature(InvalidField).parameters) == ["field", "message", "zh"]
    assert issubclass(InvalidField, ValueError)


def test_every_measures_function_is_documented_with_what_it_returns():
    """Each public function of scoplan.measures has a row, with its parameters as they are."""
    from scoplan import measures

    rows = _rows(_reference("scoplan.measures"))
    public = {
        name: function
        for name, function in inspect.getmembers(measures, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == measures.__name__
    }
    assert sorted(set(public) - set(rows)) == []
    assert sorted(set(rows) - set(public)) == [], "rows for functions that are gone"
    section = _reference("scoplan.measures")
    for name, function in public.items():
        (call,) = re.findall(rf"^\| `({name}\(.*?\))` \|", section, re.M)
        documented = re.findall(r"(\w+)(?:=[^,)]*)?(?=[,)])", call[len(name) :])
        assert documented == list(inspect.signature(function).parameters), name
        assert rows[name], f"{name}: what it returns is not said"


def test_every_dataset_query_is_documented_with_what_it_returns():
    """Each public method and property of scoplan.Dataset has a row saying what it returns."""
    from scoplan.dataset import Dataset

    rows = _rows(_reference("scoplan.Dataset"))
    public = {
        name
        for name, value in vars(Dataset).items()
        if not name.startswith("_")
        and (callable(value) or isinstance(value, property | classmethod | staticmethod))
    }
    assert sorted(public - set(rows)) == []
    assert sorted(set(rows) - public) == [], "rows for queries that are gone"
    assert all(rows[name] for name in public)


# -- the README's Python API: every attribute it names exists --------------------------------


def _api_types() -> dict[str, object]:
    """What each variable of the README's API examples holds, by its name."""
    import datetime as dt

    import scoplan

    return {
        "dt": dt,
        "scoplan": scoplan,
        "data": scoplan.Dataset,
        "plan": scoplan.Plan,
        "report": scoplan.Report,
        "result": scoplan.Result,
        "comparison": scoplan.Comparison,
        "change": scoplan.Change,
        "error": scoplan.DataError([]),
        "problem": scoplan.Problem,
        "checkup": scoplan.Checkup,
    }


def _has(holder: object, name: str) -> bool:
    """Whether ``holder`` (a module, a class or an instance) has ``name``: an attribute,
    a method, a property, a submodule, or a field of an attrs class."""
    import importlib.util
    import types

    import attrs

    if hasattr(holder, name):
        return True
    if isinstance(holder, types.ModuleType):  # a submodule not imported yet: scoplan.template
        return importlib.util.find_spec(f"{holder.__name__}.{name}") is not None
    return attrs.has(holder) and name in attrs.fields_dict(holder)


def _named_in_api_section() -> list[tuple[str, str]]:
    """Every ``variable.attribute`` of the README's Python API section: in its code blocks
    (read with ast) and in its inline code (```problem.source```)."""
    import ast

    section = _section("Python API")
    named: list[tuple[str, str]] = []
    for block in re.findall(r"```python\n(.*?)```", section, re.S):
        for node in ast.walk(ast.parse(block)):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                named.append((node.value.id, node.attr))
    prose = re.sub(r"```.*?```", "", section, flags=re.S)
    named += re.findall(r"`([a-z]+)\.([a-z_]+)\b", prose)
    return named


def test_every_attribute_the_readme_names_exists():
    """``problem.source`` (not ``problem.file``), ``result.gap_now``, ``error.warnings``…:
    each attribute the README's API section names is one of its object's; and each object
    it names is one this test knows, so that a new example is checked too."""
    types = _api_types()
    named = _named_in_api_section()
    assert ("problem", "source") in named
    unknown = sorted({variable for variable, _ in named} - set(types))
    assert unknown == [], f"the README's API names objects this test does not know: {unknown}"
    missing = sorted({f"{v}.{a}" for v, a in named if not _has(types[v], a)})
    assert missing == []


def test_the_attribute_check_sees_a_missing_one():
    """The check above would see ``problem.file``: Problem has no such attribute."""
    import scoplan

    assert not _has(scoplan.Problem, "file")
    assert _has(scoplan.Problem, "source")


# -- docs/*.zh.md: Chinese prose written as a bureau writes it (issue 15) ---------------------

ZH_DOCS = sorted((ROOT / "docs").glob("*.zh.md"))
CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”"
HALF_WIDTH_BESIDE_CJK = re.compile(rf"[{CJK}]\s*[(),;:?]|[(),;:?]\s*[{CJK}]")


def _schema_spellings() -> list[str]:
    """The codes' Chinese spellings that hold half-width marks (村(居)民委员会): the doc must
    give them exactly as the schema has them."""
    from scoplan.schema import TABLES

    spellings = {
        spelling
        for table in TABLES
        for column in table.columns
        for aliases in (column.codes or {}).values()
        for spelling in aliases
    }
    return sorted(s for s in spellings if re.search(r"[(),;:?]", s))


def _half_width_beside_chinese(text: str) -> list[str]:
    """Each half-width ( ) , ; : ? next to a Chinese character or full-width mark (across a
    line break too), in the prose of a Markdown text: not in fenced blocks, code spans, link
    targets, URLs, nor in a code's spelling as the schema has it. Returns the places, with
    some context."""
    prose = re.sub(r"^[ \t]*```.*?^[ \t]*```[^\n]*$", "\0", text, flags=re.M | re.S)
    prose = re.sub(r"`[^`]+`|\]\([^)\s]*\)|https?://[^\s)）]+", "\0", prose)
    for spelling in _schema_spellings():
        prose = prose.replace(spelling, "\0")
    return [
        prose[max(0, m.start() - 12) : m.end() + 12].replace("\0", "`…`")
        for m in HALF_WIDTH_BESIDE_CJK.finditer(prose)
    ]


def test_the_chinese_docs_use_full_width_punctuation():
    """docs/*.zh.md write （）：；，？ in Chinese prose; half-width marks stay only where code is
    quoted (code spans, fenced blocks), in URLs and link targets, and in codes' spellings."""
    assert [p.name for p in ZH_DOCS] >= ["DATA.zh.md", "writing-targets.zh.md"]
    for path in ZH_DOCS:
        found = _half_width_beside_chinese(path.read_text(encoding="utf-8"))
        assert found == [], f"{path.name}: half-width punctuation in Chinese prose: {found}"


def test_the_full_width_check_sees_prose_and_spares_code():
    """The check above finds each half-width mark beside Chinese (after a line break too,
    and beside a code span), and none in code, a fenced block, a link target or a URL."""
    assert len(_half_width_beside_chinese("编号是文本,即使全是数字:是两个编号;")) == 3
    assert len(_half_width_beside_chinese("街道(乡镇)")) == 2  # (乡镇(街道) is a spelling)
    assert len(_half_width_beside_chinese("村级 12 位\n(`341002001001`)。")) == 2
    assert len(_half_width_beside_chinese("以开发模式安装(`-e`:修改后无需重新安装)")) == 3
    assert _half_width_beside_chinese('加引号（`"老年人,儿童"`）；中文引号') == []
    fenced = '示例：\n\n```toml\nreading = "示例:到2023年底,"\n```\n'
    assert _half_width_beside_chinese(fenced) == []
    assert _half_width_beside_chinese("见[列表](#单元格编号代码日期是否列表)。") == []
    assert _half_width_beside_chinese("用 [twine](https://twine.readthedocs.io) 上传") == []
    assert _half_width_beside_chinese("| `community` | 社区、村(居)民委员会、村居委会 |") == []
    assert len(_half_width_beside_chinese("| `community` | 社区、居(村)委会 |")) == 2


# -- the README's JSON report: every key of Report.to_dict() is in its tables ---------------


def _keys_of_table(text: str) -> set[str]:
    """The keys a README table documents: each backticked name of a row's first cell."""
    rows = re.findall(r"^\| ((?:`[a-z_]+`(?:, )?)+) \|", text, re.M)
    return {key for row in rows for key in re.findall(r"`([a-z_]+)`", row)}


def _json_tables() -> tuple[set[str], set[str]]:
    """The keys the README documents of a JSON report, and of each of its results."""
    section = _section("The JSON report")
    report, results = section.split("\nEach result:", 1)
    return _keys_of_table(report), _keys_of_table(results.split("\n\n`scoplan diff", 1)[0])


def test_every_key_of_the_json_report_is_documented():
    """Each top-level key of ``Report.to_dict()``, and each key of a result, has its row in
    the README's JSON section (``terms`` had none), and the README names no key there is not."""
    import datetime as dt

    import scoplan

    registry = builtin_registry()
    data = scoplan.load(scoplan.example_path(), registry=registry)
    plan = registry.plan("huangshan-2021-2023")
    plain = scoplan.evaluate(data, plan, dt.date(2023, 12, 31), registry=registry).to_dict(
        timings=True
    )
    report, results = _json_tables()
    assert set(plain) - report == set()
    assert report - set(plain) == set()
    assert set(plain["results"][0]) ^ results == set()


def test_the_key_check_sees_a_missing_row():
    """The check reads the tables' rows: a table without a key's row lacks that key."""
    assert _keys_of_table("| `as_of` | the date |\n| `plan_id`, `plan_title` | x |") == {
        "as_of",
        "plan_id",
        "plan_title",
    }
    report, _ = _json_tables()
    assert {"schema_version", "terms", "summary", "source"} <= report
