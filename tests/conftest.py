"""Fixtures shared by the tests: folders of CSV files written from text."""

from __future__ import annotations

import itertools
import os
import signal
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=15_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
"""``ci`` (the default) tries 50 examples a test; ``long`` 15,000, over 100,000 across the
fuzz tests: ``HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py`` (or
``pytest --hypothesis-profile=long tests/test_fuzz.py``). A test's own ``@settings`` win."""

pytest_plugins = ("pytester",)

if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    # run in the background by a shell (``pytest &``), the tests inherit Ctrl-C ignored, and
    # so would every process they start: the tests of what Ctrl-C does would see nothing
    signal.signal(signal.SIGINT, signal.default_int_handler)
"""pytester runs pytest on test files written by a test: for scoplan.testing's own plugin."""


_MISSING_SEEN = [False]
"""Whether the test running is one marked ``missing_units`` (:func:`_missing_units_seen`)."""


@pytest.fixture(scope="session", autouse=True)
def _small_registers_lack_no_official_unit() -> Iterator[None]:
    """The tests' registers (``bureau.register()``: 屯溪区 with one of its nine townships)
    hold a few units of the official table each, not every unit of their districts: the
    warning of the official units a register lacks (:func:`scoplan.divisions._missing`)
    is left out but in the tests marked ``missing_units``, which are about it. Patched for
    the whole session, so that a module's fixture (a report made once for its tests) is
    made alike whichever test asks for it first."""
    from scoplan import divisions

    original = divisions._missing

    def missing(*args: Any, **kwargs: Any) -> list[Any]:
        return original(*args, **kwargs) if _MISSING_SEEN[0] else []

    divisions._missing = missing  # type: ignore[assignment]
    try:
        yield
    finally:
        divisions._missing = original  # type: ignore[assignment]


@pytest.fixture(autouse=True)
def _missing_units_seen(request: pytest.FixtureRequest) -> Iterator[None]:
    """The warning of missing official units given in the tests marked ``missing_units``."""
    _MISSING_SEEN[0] = request.node.get_closest_marker("missing_units") is not None
    try:
        yield
    finally:
        _MISSING_SEEN[0] = False


WriteTables = Callable[..., Path]

VALID_TABLES: Mapping[str, str] = {
    "districts.csv": "id,name,kind,city\nD1,甲区,district,某市\nD2,乙县,county,某市\n",
    "townships.csv": "id,district_id,name,kind\nT1,D1,一街道,street\nT2,D2,二镇,town\n",
    "communities.csv": "id,township_id,name,kind\nC1,T1,一社区,urban\nC2,T2,二村,rural\n",
    "organizations.csv": (
        "id,community_id,name,category,founded,dissolved,registration,size,managed_by,"
        "charter,brand,serves\n"
        "O1,C1,甲会,charity,2021-03-01,,filed,small,community,true,2022-05-01,elderly;children\n"
        "O2,C2,乙会,other,2020-01-15,2022-06-30,none,large,township,false,,\n"
    ),
    "federations.csv": (
        "id,level,unit_id,name,founded,dissolved\nF1,township,T1,一街道联合会,2021-01-05,\n"
    ),
    "establishments.csv": (
        "id,kind,unit_id,name,established,ended\n"
        "E1,service_centre,city,市中心,2019-12-27,\n"
        "E2,development_plan,D1,三年计划,2021-02-01,2023-12-31\n"
    ),
    "brand_projects.csv": "id,organization_id,name,designated\nB1,O1,品牌项目,2022-05-01\n",
    "events.csv": (
        "id,kind,unit_id,name,date\n"
        "V1,training,city,培训,2022-07-27\n"
        "V2,gongyi_chuangtou,T2,公益创投,2023-04-01\n"
    ),
}
"""A small dataset that loads without problems: every table of DATA.md, English headers."""


@pytest.fixture
def write_tables(tmp_path: Path) -> WriteTables:
    """A function writing ``{file name: CSV text}`` into a new folder, which it returns."""
    numbers = itertools.count(1)

    def write(tables: Mapping[str, str], *, encoding: str = "utf-8") -> Path:
        folder = tmp_path / f"data{next(numbers)}"
        folder.mkdir()
        for name, text in tables.items():
            (folder / name).write_bytes(text.encode(encoding))
        return folder

    return write


@pytest.fixture
def valid_tables() -> dict[str, str]:
    """The text of a small valid dataset, as a fresh dict a test may change."""
    return dict(VALID_TABLES)


@pytest.fixture
def valid_folder(write_tables: WriteTables, valid_tables: dict[str, str]) -> Path:
    """A folder holding the small valid dataset as CSV files."""
    return write_tables(valid_tables)
