"""``scoplan plugins`` with real installed plugins: the example plugin installed by pip, a
plugin whose import fails, and blocking by name (option and environment)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_PLUGIN = ROOT / "examples" / "scoplan-example-plugin"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A folder of installed plugins: the example plugin, really installed by pip, and a
    distribution whose plugin module fails to import."""
    folder = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(folder),
            str(EXAMPLE_PLUGIN),
        ],
        check=True,
        capture_output=True,
    )
    info = folder / "scoplan_broken-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: scoplan-broken\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[scoplan]\nbroken = scoplan_broken\n")
    (folder / "scoplan_broken.py").write_text("import a_dependency_nobody_installed\n")
    return folder


def scoplan(site: Path, *args: str, block: str | None = None) -> subprocess.CompletedProcess[str]:
    """``scoplan ARGS`` in a new process that sees the plugins of ``site``."""
    env = {k: v for k, v in os.environ.items() if k != "SCOPLAN_BLOCK_PLUGINS"}
    env["PYTHONPATH"] = str(site)
    if block is not None:
        env["SCOPLAN_BLOCK_PLUGINS"] = block
    return subprocess.run(
        [sys.executable, "-m", "scoplan", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_plugins_shows_the_installed_plugin_and_the_one_that_failed(site):
    """The example plugin's distribution, version, target and plan; the failure and why;
    the built-ins' loaders and renderers; exit 3 for the failure."""
    done = scoplan(site, "plugins", "--format", "json", "--lang", "en")
    assert done.returncode == 3, done.stderr
    listing = json.loads(done.stdout)
    plugins = {p["name"]: p for p in listing["plugins"]}
    funds = plugins["community-funds"]
    assert (funds["distribution"], funds["version"]) == ("scoplan-community-funds", "0.1.0")
    assert funds["targets"] == ["community-funds"]
    assert funds["plans"] == ["huangshan-community-funds"]
    assert funds["builtin"] is False
    assert plugins["scoplan.loaders.csv_folder"]["loaders"] == ["csv"]
    assert plugins["scoplan.renderers.json"]["renderers"] == ["json"]
    (failure,) = listing["failures"]
    assert "broken" in failure
    assert "ModuleNotFoundError" in failure
    assert "a_dependency_nobody_installed" in failure
    assert "broken" not in plugins


def test_the_text_listing_says_what_each_registered(site):
    """One line per plugin, labelled, and the failure marked with ``!``."""
    done = scoplan(site, "plugins", "--lang", "en")
    line = next(x for x in done.stdout.splitlines() if x.startswith("community-funds "))
    assert "scoplan-community-funds 0.1.0" in line
    assert "targets: community-funds; plans: huangshan-community-funds" in line
    assert any(x.startswith("! ") and "broken" in x for x in done.stdout.splitlines())


def test_blocking_the_failing_plugin_by_option(site):
    """``--block-plugin broken`` leaves it out: no failure, exit 0, and it is shown blocked."""
    done = scoplan(site, "plugins", "--format", "json", "--block-plugin", "broken")
    assert done.returncode == 0, done.stdout
    listing = json.loads(done.stdout)
    assert listing["failures"] == []
    assert listing["blocked"] == ["broken"]
    assert "community-funds" in {p["name"] for p in listing["plugins"]}


def test_blocking_by_the_environment(site):
    """``SCOPLAN_BLOCK_PLUGINS`` blocks both, by their entry-point names."""
    done = scoplan(site, "plugins", "--lang", "en", block="broken,community-funds")
    assert done.returncode == 0, done.stdout
    assert "community-funds " not in done.stdout
    assert "- blocked: broken" in done.stdout
    assert "- blocked: community-funds" in done.stdout


def test_the_installed_target_is_listed_and_evaluates_in_its_plan(site):
    """``scoplan targets`` lists it and its bundled plan evaluates on the example data."""
    listed = scoplan(site, "targets", "--format", "json", block="broken")
    assert "community-funds" in {t["id"] for t in json.loads(listed.stdout)}
    done = scoplan(
        site,
        "evaluate",
        "--plan",
        "huangshan-community-funds",
        "--as-of",
        "2022-06-30",
        "--format",
        "json",
        block="broken",
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {r["target"] for r in report["results"]} == {"community-funds"}
    assert {r["plugin"] for r in report["results"]} == {"community-funds"}
    assert len(report["results"]) == 8  # each of the seven districts, and the central area
