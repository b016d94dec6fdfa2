"""The docs stay honest: the README's quick start, target list and the hook spec's docs."""

from __future__ import annotations

import inspect
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
