"""scoplan.testing.strategies: valid datasets of any shape, and the rows behind them."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings, target
from hypothesis import strategies as st
from judged import judged, must_judge

from scoplan.schema import ESTABLISHMENT_KINDS
from scoplan.testing import build_dataset
from scoplan.testing.strategies import datasets, tables


@must_judge("organizations drawn")
@settings(max_examples=25, deadline=None)
@given(tables(establishment_kinds=["community_fund"], event_kinds=["fair"]))
def test_every_drawn_table_set_loads_without_a_problem(rows):
    """Rows drawn by ``tables`` always pass the checker, whatever their shape: every row of
    every table is loaded."""
    data = build_dataset(rows)
    judged("organizations drawn", bool(rows["organizations"]))
    judged(
        "a plugin's own establishment kind drawn",
        any(row["kind"] == "community_fund" for row in rows["establishments"]),
    )
    target(float(sum(len(table) for table in rows.values())), label="rows drawn")
    assert data.size()["districts"] == len(rows["districts"])
    assert data.size()["organizations"] == len(rows["organizations"])
    assert data.size() == {table: len(table_rows) for table, table_rows in rows.items()}


@must_judge("a plugin's own establishment kind drawn", "a built-in establishment kind drawn")
@settings(max_examples=40, deadline=None)
@given(st.data())
def test_sizes_are_bounded_and_own_kinds_appear(draw):
    """The bounds hold, and a plugin's own kinds are among those drawn (in some example:
    ``must_judge`` fails the test otherwise)."""
    data = draw.draw(datasets(max_districts=2, max_organizations=3))
    assert 1 <= data.size()["districts"] <= 2
    assert data.size()["organizations"] <= 3
    kinds: set[str] = set()
    for _ in range(5):  # a few table sets an example: the plugin's kind is one of ten
        rows = draw.draw(tables(establishment_kinds=["community_fund"], max_others=6))
        kinds |= {row["kind"] for row in rows["establishments"]}
    judged("a plugin's own establishment kind drawn", "community_fund" in kinds)
    judged("a built-in establishment kind drawn", bool(kinds & set(ESTABLISHMENT_KINDS)))
    assert kinds <= {"community_fund", *ESTABLISHMENT_KINDS}


def test_the_harness_imports_without_hypothesis():
    """With hypothesis missing, scoplan.testing and its pytest plugin still import; only
    the strategies module needs it."""
    code = (
        "import sys\n"
        "sys.modules['hypothesis'] = None\n"
        "import scoplan.testing, scoplan.testing.plugin\n"
        "try:\n"
        "    import scoplan.testing.strategies\n"
        "except ImportError:\n"
        "    print('strategies need hypothesis')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "strategies need hypothesis"
