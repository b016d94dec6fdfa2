"""The worked example plugin, examples/scoplan-example-plugin: only public API, a correct
entry point, and its target kind, examples and plan work from the source tree too (CI also
installs it and runs its own tests)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest
from docblocks import blocks

import scoplan
from scoplan.testing import check_contract, contract_dataset, run_examples

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "examples" / "scoplan-example-plugin"

PUBLIC = {
    "scoplan",
    "scoplan.params",
    "scoplan.measures",
    "scoplan.testing",
    "scoplan.testing.strategies",
}
"""The scoplan modules a plugin may import: the façade and the documented modules."""


def scoplan_imports(source: str) -> list[tuple[str, str]]:
    """Each (module, name) a Python source imports from scoplan."""
    found: list[tuple[str, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scoplan"):
            assert node.module is not None
            if node.module.split(".")[0] == "scoplan":
                found += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(a.name, "") for a in node.names if a.name.split(".")[0] == "scoplan"]
    return found


@pytest.fixture(scope="module")
def plugin(monkeypatch_module):
    """The plugin module, imported from the source tree."""
    import importlib

    monkeypatch_module.syspath_prepend(str(PACKAGE / "src"))
    return importlib.import_module("scoplan_community_funds")


@pytest.fixture(scope="module")
def monkeypatch_module():
    """A monkeypatch for the whole module."""
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_the_plugin_and_the_tutorial_use_only_public_api():
    """Neither the example plugin nor the tutorial's code imports anything private."""
    sources = {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for path in sorted(PACKAGE.rglob("*.py"))
    }
    for doc in ("writing-targets.md",):
        for block in blocks(ROOT / "docs" / doc):
            if block.lang == "python":
                sources[f"docs/{doc}:{block.line}"] = block.text
    for where, source in sources.items():
        for module, name in scoplan_imports(source):
            assert module in PUBLIC, f"{where} imports {module}"
            assert not name.startswith("_"), f"{where} imports {module}.{name}"
            if module == "scoplan" and name:
                assert name in scoplan.__all__ or name == "measures", f"{where}: {name}"


def test_the_entry_point_announces_the_module():
    """pyproject.toml puts the module in the ``scoplan`` group and builds it with hatchling."""
    project = tomllib.loads((PACKAGE / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["entry-points"]["scoplan"] == {
        "community-funds": "scoplan_community_funds"
    }
    assert project["build-system"]["build-backend"] == "hatchling.build"
    assert (PACKAGE / "src" / "scoplan_community_funds" / "__init__.py").is_file()


def test_it_registers_its_target_and_plan_without_failure(plugin):
    """Registered through ``extra=``, it adds ``community-funds`` and its plan."""
    registry = scoplan.load_registry(scoplan.get_plugin_manager(entry_points=False, extra=[plugin]))
    assert registry.failures == []
    assert registry.target("community-funds") is plugin.KIND
    plan = registry.plan("huangshan-community-funds")
    assert {c.ref for m in plan.milestones for c in m.clauses} == {"二(一)3"}
    assert all("社区基金" in c.text for m in plan.milestones for c in m.clauses)


def test_its_examples_and_the_contract_hold(plugin):
    """Its worked examples come out as they say, and the kind keeps the contract."""
    run_examples(plugin.KIND, plugin.EXAMPLES)
    check_contract(
        plugin.KIND,
        contract_dataset(establishment_kinds=[plugin.FUND, plugin.FOUNDATION]),
        bad_params=[{"threshold": 1.5}],
    )
