"""The import graph of the package (issues 13 and 17): it has no cycle at all, checking
depends on the loader contract only, and the installed plugins are reached for in one place.

The graph is read with :mod:`ast` from the source, imports inside functions included
(a lazy import is still a dependency); only imports under ``if TYPE_CHECKING:`` are left
out, since they never run.
"""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import scoplan

PACKAGE = Path(scoplan.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ["scoplan", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _type_checking_only(tree: ast.Module) -> set[int]:
    """The ids of the nodes under ``if TYPE_CHECKING:``."""
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for child in node.body:
                hidden.update(id(n) for n in ast.walk(child))
    return hidden


def imports_of(name: str) -> set[str]:
    """The modules of the package ``name`` imports when it runs. ``from scoplan import
    measures`` imports the submodule; ``from scoplan import Text`` imports the root."""
    path = MODULES[name]
    tree = ast.parse(path.read_text("utf-8"))
    hidden = _type_checking_only(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "scoplan")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            if module.split(".")[0] != "scoplan":
                continue
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.add(sub if sub in MODULES else module)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports_of(name) for name in MODULES}


def reaches(start: str, goal: str) -> bool:
    seen, todo = {start}, [start]
    while todo:
        for nxt in GRAPH[todo.pop()]:
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def test_the_graph_is_read():
    """The walk sees what it should: the engine imports the registry's module."""
    assert "scoplan.plugins" in GRAPH["scoplan.engine"]
    assert "scoplan.i18n" in GRAPH["scoplan._exceptions"]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("scoplan", "scoplan.plugins"),
        ("scoplan._exceptions", "scoplan.i18n"),
        ("scoplan._display", "scoplan.i18n"),
        ("scoplan.engine", "scoplan.plan"),
    ],
)
def test_the_named_cycles_are_gone(one, other):
    """Neither of the two modules leads back to the other."""
    assert not (reaches(one, other) and reaches(other, one)), (one, other)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph`` of more than one module (Tarjan),
    each sorted: every import cycle lies within one of them."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_cycles():
    """On a graph made by hand: a three-module cycle and a two-module one are found, a
    module that only leads into one is not part of it, and a chain has none."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a", "e"}, "e": {"d"}, "f": set()}
    assert sorted(cycles(graph)) == [["a", "b", "c"], ["d", "e"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def _edges_within(component: list[str]) -> str:
    members = set(component)
    return "\n".join(
        f"  {name} -> {', '.join(sorted(GRAPH[name] & members))}" for name in component
    )


def test_the_package_has_no_import_cycle():
    """No module of the package leads back to itself through its imports, lazy ones
    included: each module can be read, tested and imported on its own."""
    found = cycles(GRAPH)
    said = "\n".join(f"{len(c)} modules:\n{_edges_within(c)}" for c in found)
    assert found == [], f"import cycles:\n{said}"


def test_checking_depends_on_the_loader_contract_only():
    """Checking reaches neither loading nor any loader: of ``scoplan.loaders`` only the
    contract, which itself depends on nothing above the schema."""
    assert not reaches("scoplan.checking", "scoplan.loading")
    loaders = {name for name in MODULES if name.startswith("scoplan.loaders")}
    reached = {name for name in loaders if reaches("scoplan.checking", name)}
    assert reached == {"scoplan.loaders.contract"}
    assert GRAPH["scoplan.loaders.contract"] <= {"scoplan.schema"}


def test_nothing_in_the_package_imports_its_root():
    """The root only gathers the public names: no module imports them from it (the
    version lives in ``scoplan._version``), so the root imports nothing back."""
    assert sorted(name for name, found in GRAPH.items() if "scoplan" in found) == []


def _calls_of(name: str, function: str) -> bool:
    tree = ast.parse(MODULES[name].read_text("utf-8"))
    return any(
        isinstance(node, ast.Call)
        and (
            getattr(node.func, "id", None) == function
            or getattr(node.func, "attr", None) == function
        )
        for node in ast.walk(tree)
    )


def test_only_one_module_calls_default_registry():
    """``scoplan._installed`` alone reaches for the installed plugins, for the public API
    and the few that name a plugin when given no registry; the rest is given one."""
    assert [name for name in MODULES if _calls_of(name, "default_registry")] == [
        "scoplan._installed"
    ]
    callers = [name for name in MODULES if _calls_of(name, "registry_or_installed")]
    assert callers == [
        "scoplan.api",
        "scoplan.declared_columns",
        "scoplan.testing.evaluation",
        "scoplan.writing",
    ]


def test_the_engine_takes_a_registry():
    """The engine, loading, checking and what-if have no default registry of their own."""
    from scoplan import checkup, engine, loading, whatif

    for function in (engine.evaluate, loading.load, checkup.check, whatif.what_if):
        parameter = inspect.signature(function).parameters["registry"]
        assert parameter.default is inspect.Parameter.empty, function.__qualname__


@pytest.mark.parametrize(
    "first",
    [
        "scoplan.plugins",
        "scoplan._exceptions",
        "scoplan.i18n",
        "scoplan._display",
        "scoplan.plan",
        "scoplan.checking",
        "scoplan.collection_cli",
    ],
)
def test_each_module_imports_first_in_a_fresh_interpreter(first):
    """Imported first, before anything else, each of these and then every other module of
    the package loads: an import cycle that only works in one order would fail here."""
    names = [first, *sorted(n for n in MODULES if n not in (first, "scoplan.__main__"))]
    code = "import importlib, sys\nfor n in sys.argv[1:]: importlib.import_module(n)\n"
    done = subprocess.run(
        [sys.executable, "-c", code, *names], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_i18n_does_not_import_the_exceptions_even_for_types():
    """``describe_problem`` reads a problem through a Protocol: the catalogue module needs
    nothing of ``scoplan._exceptions``, which imports it."""
    tree = ast.parse(MODULES["scoplan.i18n"].read_text("utf-8"))
    named = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    }
    assert "scoplan._exceptions" not in named


@pytest.mark.parametrize(
    ("module", "lang", "says"),
    [("scoplan", "zh", "用法："), ("scoplan", "en", "Usage:"), ("scoplan.cli", "zh", "")],
)
def test_the_command_modules_run_as_main(module, lang, says):
    """``python -m scoplan --help`` prints the usage, in the run's language; the command's
    modules run as the main module without an import error (``python -m scoplan.cli`` once
    failed with "cannot import name 'add_commands' from partially initialized module")."""
    done = subprocess.run(
        [sys.executable, "-m", module, "--help", "--lang", lang],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Error" not in done.stderr
    assert says in done.stdout
