"""scoplan.testing.strategies: valid datasets of any shape, and the rows behind them."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from scoplan.schema import ESTABLISHMENT_KINDS
from scoplan.testing import build_dataset
from scoplan.testing.strategies import datasets, tables


@settings(max_examples=25, deadline=None)
@given(tables(establishment_kinds=["community_fund"], event_kinds=["fair"]))
def test_every_drawn_table_set_loads_without_a_problem(rows):
    """Rows drawn by ``tables`` always pass the checker, whatever their shape."""
    data = build_dataset(rows)
    assert data.size()["districts"] == len(rows["districts"])
    assert data.size()["organizations"] == len(rows["organizations"])


@settings(max_examples=10, deadline=None)
@given(st.data())
def test_sizes_are_bounded_and_own_kinds_appear(draw):
    """The bounds hold, and a plugin's own kinds are among those drawn."""
    data = draw.draw(datasets(max_districts=2, max_organizations=3))
    assert 1 <= data.size()["districts"] <= 2
    assert data.size()["organizations"] <= 3
    rows = draw.draw(tables(establishment_kinds=["community_fund"], max_others=6))
    kinds = {row["kind"] for row in rows["establishments"]}
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
