"""The façade: ``scoplan.__all__`` is sorted, complete, and exactly what we mean to export."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import importlib.metadata
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

import scoplan

PACKAGE_INIT = Path(scoplan.__file__)


def _names_for_type_checkers() -> dict[str, str]:
    """What the ``if TYPE_CHECKING:`` block of ``scoplan/__init__.py`` imports: name → module."""
    tree = ast.parse(PACKAGE_INIT.read_text(encoding="utf-8"))
    (block,) = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
    ]
    return {
        alias.asname or alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module != "typing"
        for alias in node.names
    }


def test_all_is_sorted():
    """``__all__`` is in sorted order, so additions land in one obvious place."""
    assert scoplan.__all__ == sorted(scoplan.__all__)


def test_every_name_in_all_exists():
    """Every name ``__all__`` promises can be imported from ``scoplan``."""
    missing = [name for name in scoplan.__all__ if not hasattr(scoplan, name)]
    assert missing == []


def test_all_is_what_the_package_gives():
    """``__all__`` (written once, in ``scoplan/__init__.py``) names each name once, and the
    lazy imports (``_EXPORTS``) give exactly those names besides ``__version__``."""
    assert len(set(scoplan.__all__)) == len(scoplan.__all__)
    assert sorted([*scoplan._EXPORTS, "__version__"]) == scoplan.__all__


def test_type_checkers_see_the_same_names():
    """The ``TYPE_CHECKING`` imports of ``scoplan/__init__.py`` are ``_EXPORTS`` exactly:
    a type checker sees each public name from the module the package imports it from."""
    assert _names_for_type_checkers() == dict(scoplan._EXPORTS)


def test_every_public_class_and_function_is_documented():
    """Each exported class and function has a docstring of its own."""
    undocumented = [
        name
        for name in scoplan.__all__
        if (inspect.isclass(getattr(scoplan, name)) or inspect.isfunction(getattr(scoplan, name)))
        and not inspect.getdoc(getattr(scoplan, name))
    ]
    assert undocumented == []


def test_version_is_the_installed_distributions():
    """``__version__`` is the version of the installed ``scoplan`` distribution."""
    assert scoplan.__version__ == importlib.metadata.version("scoplan")


def test_exceptions_share_one_base():
    """Every exception scoplan exports derives from ScoplanError."""
    assert issubclass(scoplan.DataError, scoplan.ScoplanError)
    assert issubclass(scoplan.PlanError, scoplan.ScoplanError)
    assert issubclass(scoplan.PluginError, scoplan.ScoplanError)


def test_the_testing_harness_exports_a_sorted_documented_api():
    """``scoplan.testing.__all__`` is sorted, importable, and every name is documented."""
    import scoplan.testing

    names = scoplan.testing.__all__
    assert names == sorted(names, key=lambda n: (not n.isupper(), n))
    for name in names:
        value = getattr(scoplan.testing, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), name


# -- the façade is lazy: ``import scoplan`` imports nothing it does not need ----------------

HEAVY = ("polars", "rich", "cattrs", "attrs", "pluggy", "click", "importlib.metadata")


def imported_by(code: str) -> list[str]:
    """The heavy modules and scoplan's own submodules in ``sys.modules`` after ``code``, run
    in a new interpreter (this one has imported everything already)."""
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps(sorted(m for m in sys.modules "
        f"if m.split('.')[0] in {HEAVY!r} or m == 'importlib.metadata' "
        "or m.startswith('scoplan.'))))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return json.loads(completed.stdout.splitlines()[-1])


def test_import_scoplan_imports_none_of_its_modules():
    """``import scoplan`` imports no submodule and no dependency: each name on first use."""
    assert imported_by("import scoplan") == []


def test_a_name_imports_its_own_module_only():
    """``from scoplan import Problem`` imports the exceptions, not polars, rich or the diff."""
    modules = imported_by("from scoplan import Problem")
    assert "scoplan._exceptions" in modules
    assert not {"polars", "rich", "scoplan.diff", "scoplan.engine"} & set(modules)


def test_star_import_and_submodules_work_in_a_new_process():
    """``from scoplan import *`` gives every name; ``scoplan.report`` works after a bare import."""
    code = (
        "import scoplan\n"
        "assert isinstance(scoplan.report.SCHEMA_VERSION, int)\n"
        "namespace = {}\n"
        "exec('from scoplan import *', namespace)\n"
        "assert sorted(n for n in namespace if n != '__builtins__') == sorted(scoplan.__all__)\n"
    )
    modules = imported_by(code)
    assert "scoplan.report" in modules
    assert "scoplan.diff" in modules


def test_every_exported_name_is_its_modules_object():
    """Each name of ``__all__`` is the very object its module defines (no copy, no stand-in)."""
    for name, module in scoplan._EXPORTS.items():
        assert getattr(scoplan, name) is getattr(importlib.import_module(module), name), name
    assert set(scoplan._EXPORTS) | {"__version__"} == set(scoplan.__all__)


def test_an_unknown_name_is_an_attribute_error():
    """A name the façade does not have is an AttributeError, as on any module."""
    assert not hasattr(scoplan, "no_such_name")
    assert not hasattr(scoplan, "cli_that_is_not_there")


def test_every_module_the_readme_calls_is_there_after_a_bare_import():
    """``scoplan.divisions.hierarchy(...)``, ``scoplan.template.write_template(...)``: each
    ``scoplan.<module>.<name>`` the README calls resolves after ``import scoplan`` alone, in
    a fresh process (a developer trial: AttributeError for divisions, template, changes,
    limits)."""
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    called = sorted(set(re.findall(r"\bscoplan\.([a-z][a-z_]*)\.([a-z_][a-z_0-9]*)\(", readme)))
    assert ("divisions", "hierarchy") in called  # the README's own example, found
    lines = "\n".join(f"assert callable(scoplan.{module}.{name})" for module, name in called)
    done = subprocess.run(
        [sys.executable, "-c", f"import scoplan\n{lines}"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


# -- what the API takes: a developer trial's wrong types ------------------------------------

AS_OF = dt.date(2023, 12, 31)


@pytest.fixture(scope="module")
def example() -> scoplan.Dataset:
    """The bundled example data (黄山市), which the bundled plan is of."""
    return scoplan.load(scoplan.example_path())


def test_evaluate_takes_a_bundled_plans_id(example: scoplan.Dataset) -> None:
    """``evaluate(data, "huangshan-2021-2023")`` is the bundled plan's report, as
    ``--plan huangshan-2021-2023`` is (it raised AttributeError: no attribute 'area')."""
    by_id = scoplan.evaluate(example, "huangshan-2021-2023", AS_OF)
    by_plan = scoplan.evaluate(example, scoplan.bundled_plan("huangshan-2021-2023"), AS_OF)
    assert by_id.plan_id == "huangshan-2021-2023"
    assert by_id.to_dict() == by_plan.to_dict()


def test_evaluate_and_what_if_take_a_plan_files_path(
    example: scoplan.Dataset, tmp_path: Path
) -> None:
    """A plan file's path, as text or a Path, is read as ``load_plan`` reads it."""
    plan = tmp_path / "plan.toml"
    plan.write_bytes(
        (Path(__file__).resolve().parents[1] / "src/scoplan/plans/huangshan-2021-2023.toml")
        .read_bytes()
        .replace(b'id = "huangshan-2021-2023"', b'id = "my-plan"')
    )
    assert scoplan.evaluate(example, plan, AS_OF).plan_id == "my-plan"
    assert scoplan.evaluate(example, str(plan), AS_OF).plan_id == "my-plan"
    assert scoplan.what_if(example, str(plan), AS_OF).plan_id == "my-plan"


def test_evaluate_of_an_unknown_plan_id_names_those_there_are(example: scoplan.Dataset) -> None:
    with pytest.raises(scoplan.PlanError) as raised:
        scoplan.evaluate(example, "huangshan", AS_OF)
    [problem] = raised.value.problems
    assert str(problem) == (
        "plans: unknown plan 'huangshan' (installed: huangshan-2021-2023, mca-2017-floor)"
    )


def test_evaluate_of_no_plan_is_a_type_error_saying_what_it_takes(
    example: scoplan.Dataset,
) -> None:
    with pytest.raises(TypeError) as raised:
        scoplan.evaluate(example, None, AS_OF)  # type: ignore[arg-type]
    assert str(raised.value) == (
        "plan must be a Plan (scoplan.load_plan(path), scoplan.bundled_plan(id)), the path of"
        " a plan file or the id of a bundled plan, not NoneType: None"
    )


def test_evaluate_of_a_path_as_data_points_to_load() -> None:
    """A path given as ``data`` is a TypeError naming ``scoplan.load`` (it was an
    AttributeError: 'str' object has no attribute 'frame')."""
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    with pytest.raises(TypeError) as raised:
        scoplan.evaluate("黄山市台账", plan, AS_OF)  # type: ignore[arg-type]
    assert str(raised.value) == (
        "data must be a Dataset, as scoplan.load(path) gives it (a path is loaded by "
        "scoplan.load first), not str: '黄山市台账'"
    )


def test_render_options_refuse_a_language_without_a_catalogue() -> None:
    """``lang="fr"`` rendered a report without a word of French: refused."""
    with pytest.raises(ValueError, match="fr") as raised:
        scoplan.RenderOptions(lang="fr")
    assert str(raised.value) == (
        "lang must be one of zh, en, the languages scoplan has the words of, not 'fr'"
    )
    assert scoplan.RenderOptions(lang="en").lang == "en"
