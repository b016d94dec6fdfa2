"""Fuzzing the loaders and the plan parser: a Dataset or a DataError, a Plan or a PlanError.

Hypothesis writes arbitrary bytes and CSV-shaped text into one file of an otherwise valid
folder, arbitrary JSON documents, arbitrary TOML text and plans with any field of any kind.
Whatever it writes, scoplan answers with what it read or with a ScoplanError whose every
problem has a message in both languages; never with another exception. The fast CSV path
and the careful one agree on every file the fast one accepts.

The ``ci`` profile (the default) is quick; the ``long`` one tries over 100,000 examples in
all (each test its share, by cost): ``HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from builders import builtin_registry, write_tables
from conftest import VALID_TABLES
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from judged import judged, must_judge
from strategies import (
    csv_files,
    json_documents,
    plan_documents,
    plan_texts,
    tables,
    tidy_csv_files,
    toml_key,
    toml_text,
)

import scoplan
from scoplan import DataError, Dataset, PlanError, ScoplanError
from scoplan.i18n import describe_problem, source_words


def examples(weight: float) -> settings:
    """The profile's number of examples times ``weight``: cheap tests try more, costly ones
    fewer, and the ``long`` profile still tries over 100,000 in all."""
    return settings(max_examples=max(10, int(settings.default.max_examples * weight)))


@pytest.fixture(scope="module")
def workspace() -> Iterator[Path]:
    """One folder for the whole module, so that an example costs a file, not a folder."""
    path = Path(tempfile.mkdtemp(prefix="scoplan-fuzz-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def fresh(folder: Path) -> Path:
    """``folder`` emptied and filled with the small valid dataset."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, text in VALID_TABLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def described(error: ScoplanError) -> None:
    """Every problem of ``error`` renders in both languages, naming its source (a sheet or
    a key in Chinese as 台账.xlsx中的“社区”), and the error as text."""
    assert error.problems
    for problem in error.problems:
        for lang in ("zh", "en"):
            line = describe_problem(problem, lang)
            assert source_words(problem.source, lang) in line
    assert str(error)


def outcome(load: Callable[[], Any]) -> Any:
    """What ``load`` returns, or the ScoplanError it raises (checked to render); anything
    else it raises fails the test. The statistics (``--hypothesis-show-statistics``) count
    the outcomes, and the problems by kind."""
    try:
        result = load()
    except ScoplanError as error:
        described(error)
        event(f"{type(error).__name__}")
        for code in sorted({p.code for p in error.problems}):
            event(f"problem {code}")
        return error
    event(type(result).__name__)
    return result


def loaded(path: Path) -> Dataset | DataError:
    """A dataset, or the DataError loading ``path`` raises."""
    result = outcome(lambda: scoplan.load(path))
    assert isinstance(result, Dataset | DataError)
    if isinstance(result, DataError):
        # a built-in loader that raised: a bug wearing a DataError
        assert "loader_failed" not in {p.code for p in result.problems}, str(result)
    return result


# -- CSV folders ---------------------------------------------------------------------------


@examples(0.4)
@given(table=st.sampled_from(sorted(VALID_TABLES)), data=st.binary(max_size=600))
@example(table="brand_projects.csv", data=b"*")  # found by the long run: polars' wildcard
def test_arbitrary_bytes_in_a_csv_file(workspace: Path, table: str, data: bytes) -> None:
    """Any bytes as one table's file: a Dataset or a DataError."""
    folder = fresh(workspace / "bytes")
    (folder / table).write_bytes(data)
    loaded(folder)


@examples(0.4)
@given(file=csv_files())
def test_arbitrary_csv_shaped_text(workspace: Path, file: tuple[str, str, bytes]) -> None:
    """A header of known and random names, rows of plausible and random cells, written well
    or badly, in any encoding, maybe cut short: a Dataset or a DataError."""
    table, name, data = file
    folder = fresh(workspace / "shaped")
    (folder / f"{table}.csv").unlink()
    (folder / name).write_bytes(data)
    loaded(folder)


def same(first: Dataset | DataError, second: Dataset | DataError) -> None:
    """Two outcomes of loading are the same: the same problems, or the same frames."""
    if isinstance(first, DataError) or isinstance(second, DataError):
        assert isinstance(first, DataError)
        assert isinstance(second, DataError)
        assert first.problems == second.problems
        return
    for table in VALID_TABLES:
        name = table.removesuffix(".csv")
        assert first.frame(name).equals(second.frame(name)), name
    assert first.fingerprint == second.fingerprint


@must_judge("both paths read the file")
@examples(0.6)
@given(file=st.one_of(tidy_csv_files(), tidy_csv_files(), csv_files()))
def test_the_fast_and_the_careful_path_agree(workspace: Path, file: tuple[str, str, bytes]) -> None:
    """Whatever file the fast path takes, the careful path reads it to the same data or the
    same problems."""
    from scoplan.loaders import csv_folder

    table, name, data = file
    folder = fresh(workspace / "paths")
    (folder / f"{table}.csv").unlink()
    (folder / name).write_bytes(data)
    taken = csv_folder.read_typed_csv(folder / name, table) is not None
    judged("both paths read the file", taken)
    if not taken:
        return
    fast = loaded(folder)
    with mock.patch.object(csv_folder, "read_typed_csv", return_value=None):
        careful = loaded(folder)
    same(fast, careful)


@examples(0.04)
@given(rows=tables(), order=st.randoms(use_true_random=False))
def test_valid_data_in_any_row_and_column_order_loads_the_same(
    workspace: Path, rows: dict[str, list[dict[str, Any]]], order: Any
) -> None:
    """A valid dataset loads to the same fingerprint whatever the order of rows and columns."""
    first = write_tables(fresh(workspace / "first"), rows)
    shuffled = {}
    for table, table_rows in rows.items():
        copies = [dict(row) for row in table_rows]
        order.shuffle(copies)
        shuffled[table] = [dict(order.sample(list(row.items()), len(row))) for row in copies]
    second = write_tables(fresh(workspace / "second"), shuffled)
    one, other = loaded(first), loaded(second)
    assert isinstance(one, Dataset)
    assert isinstance(other, Dataset)
    assert one.fingerprint == other.fingerprint


# -- JSON documents --------------------------------------------------------------------------


@examples(2.5)
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=200).map(str.encode)))
def test_arbitrary_bytes_as_a_json_document(workspace: Path, data: bytes) -> None:
    """Any bytes in a .json file: a Dataset or a DataError."""
    workspace.mkdir(exist_ok=True)
    path = workspace / "bytes.json"
    path.write_bytes(data)
    loaded(path)


@examples(0.4)
@given(document=json_documents())
def test_arbitrary_json_documents(workspace: Path, document: Any) -> None:
    """Tables of rows of anything (and anything at all), over the valid data: a Dataset or a
    DataError."""
    base = {
        name: [
            dict(zip(text.splitlines()[0].split(","), line.split(","), strict=False))
            for line in text.splitlines()[1:]
        ]
        for name, text in ((n.removesuffix(".csv"), t) for n, t in VALID_TABLES.items())
    }
    if isinstance(document, dict):
        document = {**base, **document}
    workspace.mkdir(exist_ok=True)
    path = workspace / "document.json"
    path.write_text(
        json.dumps(document, ensure_ascii=False), encoding="utf-8", errors="surrogatepass"
    )
    loaded(path)


# -- plans -----------------------------------------------------------------------------------


def parsed(text: str) -> scoplan.Plan | PlanError:
    """A plan, or the PlanError parsing ``text`` raises."""
    result = outcome(lambda: scoplan.parse_plan(text, "fuzz.toml"))
    assert isinstance(result, scoplan.Plan | PlanError)
    return result


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` with a few characters replaced, inserted or deleted."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 3))
        text = text[:at] + draw(st.text(max_size=3)) + text[at + cut :]
    return text


@examples(3)
@given(text=st.one_of(st.text(max_size=300), plan_texts().flatmap(mutated)))
def test_arbitrary_text_as_a_plan(text: str) -> None:
    """Any text, and valid plans with a few characters changed, as a plan file: a Plan or a
    PlanError."""
    parsed(text)


DATA: list[Dataset] = []


def one_dataset() -> Dataset:
    """The small valid dataset (districts D1 and D2), loaded once."""
    if not DATA:
        folder = Path(tempfile.mkdtemp(prefix="scoplan-fuzz-data-"))
        for name, text in VALID_TABLES.items():
            (folder / name).write_text(text, encoding="utf-8")
        DATA.append(scoplan.load(folder))
        shutil.rmtree(folder)
    return DATA[0]


@must_judge("a parsed plan evaluated")
@examples(0.7)
@given(plan=plan_documents(), as_of=st.dates(dt.date(2015, 1, 1), dt.date(2035, 12, 31)))
def test_arbitrary_plans_parse_and_evaluate_or_say_why_not(
    plan: dict[str, Any], as_of: dt.date
) -> None:
    """A plan with any field of any kind, as TOML: a Plan or a PlanError; a Plan evaluates to a
    report that is JSON, or a PlanError."""
    text = "\n".join(f"{toml_key(key)} = {toml_text(value)}" for key, value in plan.items())
    result = parsed(text)
    judged("a parsed plan evaluated", isinstance(result, scoplan.Plan))
    if isinstance(result, PlanError):
        return
    report = outcome(
        lambda: scoplan.evaluate(one_dataset(), result, as_of, registry=builtin_registry())
    )
    if isinstance(report, ScoplanError):
        assert isinstance(report, PlanError)
        return
    assert isinstance(report, scoplan.Report)
    json.dumps(report.to_dict(), allow_nan=False)
