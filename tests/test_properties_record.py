"""Every property records what it judged (``hypothesis.event``, ``target``, or
``judged`` of tests/judged.py, directly or through a helper of its own module), so that
``--hypothesis-show-statistics`` says what each one checked, and none can pass unseen
having checked nothing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
RECORDERS = {"event", "target", "judged"}


def _called(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            names.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", ""))
    return names


def _is_property(node: ast.AST) -> bool:
    """A function decorated with ``@given(…)`` (or ``@hypothesis.given(…)``)."""
    return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and any(
        isinstance(d, ast.Call)
        and (getattr(d.func, "id", None) == "given" or getattr(d.func, "attr", None) == "given")
        for d in node.decorator_list
    )


def properties() -> list[tuple[str, str, bool]]:
    """(file, property, whether it records) for every ``@given`` function of the tests."""
    found = []
    for path in sorted([*TESTS.glob("*.py"), *TESTS.glob("*/*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {
            node.name: node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        recording = {name for name, node in functions.items() if _called(node) & RECORDERS}
        while True:  # a helper that calls a recording helper records too
            more = {
                name
                for name, node in functions.items()
                if name not in recording and _called(node) & recording
            }
            if not more:
                break
            recording |= more
        for node in ast.walk(tree):
            if _is_property(node):
                records = bool(_called(node) & (RECORDERS | recording))
                found.append((str(path.relative_to(TESTS)), node.name, records))
    return found


def test_the_properties_are_found():
    """The scan finds the properties (not zero: a scan that finds none checks nothing)."""
    names = {name for _, name, _ in properties()}
    assert len(names) >= 20
    assert "test_row_order_never_changes_the_report" in names


@pytest.mark.parametrize(
    ("file", "name", "records"), properties(), ids=[f"{f}::{n}" for f, n, _ in properties()]
)
def test_every_property_records_what_it_judged(file, name, records):
    """A ``@given`` test calls ``event``, ``target`` or ``judged`` (or a helper that does)."""
    assert records, f"{file}: {name} records nothing it judged (hypothesis.event / judged)"
