"""The HTML report in a real browser: headless Chromium shows what a reader would see.

Chromium is Debian's ``chromium`` package, which pip cannot install. Without it these tests
skip with the reason, so that the README's test command passes on a machine that has only
Python; ``.ci/run`` installs it and sets ``SCOPLAN_REQUIRE_BROWSER=1``, which turns the skip
into a failure: CI never skips them (a report nobody has opened in a browser is not known to
work).

Run as a script to refresh the README's screenshot (install a CJK font, such as Debian's
``fonts-noto-cjk``, first, or the Chinese shows as boxes)::

    python tests/test_html_browser.py docs/example-report.png
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import attrs
import pytest
from builders import PLAN_HEAD, builtin_registry
from pages import Page

import scoplan
from scoplan.formats import RenderOptions
from scoplan.renderers.html import render
from scoplan.testing import build_dataset

AS_OF = dt.date(2023, 12, 31)
SCRIPT = "<script>alert(1)</script>"
REQUIRE_BROWSER = "SCOPLAN_REQUIRE_BROWSER"
"""Set (as ``.ci/run`` does) to make a missing Chromium a failure instead of a skip."""
TIMEOUT = 120
"""Seconds a browser run may take before the test fails."""
WINDOW = (1200, 1500)
"""The screenshot's size: the summary and the first sections."""


def chromium(page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Open ``page`` in headless Chromium with ``args`` (``--dump-dom``, ``--screenshot``),
    with a fresh profile, no network services, and the console logged to stderr."""
    browser = shutil.which("chromium")
    if browser is None:
        reason = "chromium is not installed: `apt-get install -y chromium` (.ci/run installs it)"
        if os.environ.get(REQUIRE_BROWSER):
            pytest.fail(
                f"{reason}; {REQUIRE_BROWSER} is set, so the test may not skip", pytrace=False
            )
        pytest.skip(reason)
    with tempfile.TemporaryDirectory(prefix="scoplan-chromium-") as profile:
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
            page.as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def console(done: subprocess.CompletedProcess[str]) -> list[str]:
    """What the page wrote to the console: script errors, blocked content, messages."""
    return [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


def example_report() -> scoplan.Report:
    """The bundled example on the bundled plan as of 2023-12-31."""
    registry = builtin_registry()
    data = scoplan.load(scoplan.example_path(), registry=registry)
    return scoplan.evaluate(data, registry.plan("huangshan-2021-2023"), AS_OF, registry=registry)


def write_page(report: scoplan.Report, folder: Path, lang: str = "zh") -> Path:
    """The report's HTML page written into ``folder``."""
    path = folder / f"report-{lang}.html"
    path.write_text(render(report, RenderOptions(lang=lang)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def example() -> scoplan.Report:
    """The example's report."""
    return example_report()


@pytest.fixture(scope="module")
def example_page(example, tmp_path_factory) -> Path:
    """The example's HTML page, in Chinese, on disk."""
    return write_page(example, tmp_path_factory.mktemp("html"))


@pytest.fixture(scope="module")
def example_dom(example_page) -> tuple[Page, list[str]]:
    """The example's page as Chromium built it, and what it wrote to its console."""
    done = chromium(example_page, "--dump-dom")
    return Page(done.stdout), console(done)


def test_summary_counts_as_the_reader_sees_them(example, example_dom):
    """The summary shows the report's counts: 46 met, 5 met late, 24 not met, 8 indicators
    (as tests/test_bundled_plans.py works them out)."""
    page, _ = example_dom
    shown = {status: n for status, n in example.counts().items() if n}
    assert shown == {"met": 46, "met_late": 5, "not_met": 24, "info": 8}
    assert page.counts == {**shown, "total": 83}


def test_a_chart_per_target_kind(example_dom):
    """17 bar charts, one per target kind with a requirement (23 kinds, 6 indicators), with
    a bar for each of the 75 results that have one (83 less the 8 indicators), and an
    outline beside it for each whose value has changed since its due date."""
    page, _ = example_dom
    charts = page.all("svg", **{"class": "chart"})
    assert len(charts) == 17
    assert len({chart["data-target"] for chart in charts}) == 17
    assert len(page.all("rect", **{"class": "then"})) == 83 - 8


def pixels(png: bytes) -> dict[tuple[int, int, int], int]:
    """How many pixels of each colour a PNG (8-bit RGB or RGBA, as Chromium writes) has."""
    import struct
    import zlib

    width, height, depth, kind = struct.unpack(">IIBB", png[16:26])
    assert depth == 8
    assert kind in (2, 6)
    data, at = b"", 8
    while at < len(png):
        (size,) = struct.unpack(">I", png[at : at + 4])
        if png[at + 4 : at + 8] == b"IDAT":
            data += png[at + 8 : at + 8 + size]
        at += 12 + size
    raw = zlib.decompress(data)
    step = 3 if kind == 2 else 4
    stride = width * step
    counts: dict[tuple[int, int, int], int] = {}
    previous = bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        kind_of_filter, row = line[0], bytearray(line[1:])
        for x in range(stride):
            left = row[x - step] if x >= step else 0
            up = previous[x]
            corner = previous[x - step] if x >= step else 0
            if kind_of_filter == 1:
                row[x] = (row[x] + left) & 255
            elif kind_of_filter == 2:
                row[x] = (row[x] + up) & 255
            elif kind_of_filter == 3:
                row[x] = (row[x] + (left + up) // 2) & 255
            elif kind_of_filter == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                row[x] = (row[x] + best) & 255
        for x in range(0, stride, step):
            colour = (row[x], row[x + 1], row[x + 2])
            counts[colour] = counts.get(colour, 0) + 1
        previous = row
    return counts


def test_bars_are_drawn_in_their_statuses_colours(example, tmp_path):
    """The township federations' chart alone: its met, met-late and not-met bars are drawn
    in three different colours, the colours of the legend's keys, not in the text's ink."""
    from scoplan.renderers.html import chart
    from scoplan.renderers.text import STATUS_COLOURS

    results = [r for r in example.results if r.target == "township-federation-coverage"]
    assert {r.status.value for r in results} == {"met", "met_late", "not_met"}
    drawn = chart(results, RenderOptions(lang="zh"))
    assert drawn is not None
    page_text = render(attrs.evolve(example, results=tuple(results)), RenderOptions(lang="zh"))
    figure = page_text.split('<figure class="chart-figure">')[1].split("</figure>")[0]
    style = page_text.split("<style>")[1].split("</style>")[0]
    page = tmp_path / "chart.html"
    page.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{style}</style></head>'
        f'<body><figure class="chart-figure">{figure}</figure></body></html>',
        encoding="utf-8",
    )
    shot = tmp_path / "chart.png"
    chromium(page, f"--screenshot={shot}", "--window-size=1000,400", "--hide-scrollbars")
    counts = pixels(shot.read_bytes())
    for status in ("met", "met_late", "not_met"):
        colour = STATUS_COLOURS[scoplan.Status(status)].lstrip("#")
        rgb = tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))
        # a bar is hundreds of pixels wide and 16 high; a legend key 18 by 10
        assert counts.get(rgb, 0) > 1000, status
    keys = {key.colour for key in drawn.legend if key.kind == "status"}
    assert keys == {STATUS_COLOURS[r.status] for r in results}


def test_no_script_errors(example_dom):
    """The page runs no script and writes nothing to the console: no error, nothing blocked."""
    page, messages = example_dom
    assert not page.all("script")
    assert messages == []


def test_screenshot(example_page, tmp_path):
    """Chromium draws the page: a PNG of the window's size."""
    shot = tmp_path / "report.png"
    done = chromium(
        example_page,
        f"--screenshot={shot}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        "--hide-scrollbars",
    )
    assert console(done) == []
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == WINDOW


def test_hostile_names_are_text_in_the_browser(tmp_path):
    """An organization, community and district named ``<script>alert(1)</script>`` are text
    in the page Chromium builds, not elements, and nothing runs."""
    from builders import community, district, organization, township

    # two districts: a register of one district's shortfall tables go without its column
    data = build_dataset(
        districts=[district("D1", name=SCRIPT), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1", name=SCRIPT), community("C2", "T2")],
        organizations=[organization("O1", "C1", name=SCRIPT)],
    )
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + '\n[[milestones]]\nid = "avg"\ntarget = "urban-average"\ndue = 2023-12-31\n'
        + "scope = { each = true }\nparams = { threshold = 3 }\n"
        + '\n[[milestones]]\nid = "reg"\ntarget = "registration"\ndue = 2023-12-31\n'
    )
    report = scoplan.evaluate(data, plan, AS_OF, registry=builtin_registry())
    done = chromium(write_page(report, tmp_path, "en"), "--dump-dom")
    page = Page(done.stdout)
    assert not page.all("script")
    assert page.texts.count(SCRIPT) >= 4  # the table, the chart, the two shortfall tables
    assert console(done) == []


def test_ci_requires_the_browser():
    """``.ci/run`` sets the variable that turns a missing Chromium into a failure, before the
    test command runs, so CI can never pass by skipping these tests."""
    script = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    required = script.index(f"export {REQUIRE_BROWSER}=1")
    assert required < script.index("pip install '.[test]' && pytest")


def main(out: str) -> None:
    """Write the screenshot of the example's Chinese report to ``out``."""
    with tempfile.TemporaryDirectory() as folder:
        page = write_page(example_report(), Path(folder))
        target = Path(out).resolve()
        chromium(
            page,
            f"--screenshot={target}",
            f"--window-size={WINDOW[0]},{WINDOW[1]}",
            "--hide-scrollbars",
        )
    print(f"wrote {target}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/example-report.png")
