"""Reports for the renderer tests: the bundled example, and a hostile dataset.

The hostile dataset names a district, a community and an organization
``<script>alert(1)</script>``, and another of each ``=HYPERLINK("x")``; both communities and
both organizations fall short, so the names appear in every shortfall list too. Its plan
cites a clause whose wording is ``<script>alert(1)</script>`` and reads a milestone as
``=HYPERLINK("x")``.

By hand, as of 2023-12-31: each district has one urban community with one organization,
so each district's urban average is 1, against a requirement of 3: ``not_met``, 2 more
organizations, its community short by 2. No organization is registered or has a managing
body: registration is 0% against 100%, ``not_met``, 2 more organizations, both listed with
the reason ``no_manager``. Three results, all ``not_met``.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from builders import (
    PLAN_HEAD,
    builtin_registry,
    community,
    district,
    organization,
    toml_value,
    township,
)

import scoplan
from scoplan.formats import RenderOptions
from scoplan.testing import build_dataset

SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("x")'
AS_OF = dt.date(2023, 12, 31)

HOSTILE_PLAN = (
    PLAN_HEAD
    + f"""
[[milestones]]
id = "avg"
target = "urban-average"
due = 2023-12-31
scope = {{ each = true }}
params = {{ threshold = 3 }}
reading = {toml_value(FORMULA)}
[[milestones.clauses]]
ref = "一"
text = {toml_value(SCRIPT)}

[[milestones]]
id = "reg"
target = "registration"
due = 2023-12-31
"""
)


def hostile_data() -> scoplan.Dataset:
    """Two districts, two communities and two organizations named to attack a report."""
    return build_dataset(
        districts=[district("D1", name=SCRIPT), district("D2", name=FORMULA)],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1", name=SCRIPT), community("C2", "T2", name=FORMULA)],
        organizations=[
            organization("O1", "C1", name=SCRIPT),
            organization("O2", "C2", name=FORMULA),
        ],
    )


@pytest.fixture(scope="session")
def hostile_report() -> scoplan.Report:
    """The hostile dataset evaluated on its plan as of 2023-12-31."""
    plan = scoplan.parse_plan(HOSTILE_PLAN)
    return scoplan.evaluate(hostile_data(), plan, AS_OF, registry=builtin_registry())


@pytest.fixture(scope="session")
def example_report() -> scoplan.Report:
    """The bundled Huangshan example on the bundled plan as of 2023-12-31."""
    registry = builtin_registry()
    data = scoplan.load(scoplan.example_path(), registry=registry)
    plan = registry.plan("huangshan-2021-2023")
    return scoplan.evaluate(data, plan, AS_OF, registry=registry)


def options(lang: str = "zh", **terms: str) -> RenderOptions:
    """Render options in ``lang`` with the plan's renamed ``terms`` (key=word)."""
    return RenderOptions(lang=lang, terms=terms)


def render(fmt: str, report: scoplan.Report, lang: str = "zh") -> str | bytes:
    """``report`` in the format ``fmt``, through the registered renderer."""
    renderer = builtin_registry().renderer(fmt)
    assert renderer is not None, f"no renderer {fmt}"
    return renderer.render(report, RenderOptions(lang=lang))


def docx_text(content: bytes) -> str:
    """A Word report's text, for tests that look for words in it: its paragraphs, then
    every cell of its tables, a line each."""
    import docx

    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)
