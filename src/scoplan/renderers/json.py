"""The JSON report: scoplan's stable machine interface (schema in the README)."""

from __future__ import annotations

import json

from scoplan.report import Report


def render_json(report: Report, lang: str = "zh", *, timings: bool = False) -> str:
    """The report as JSON; the same for every language (both are in it).

    Byte-stable for the same input unless ``timings`` adds each result's ``seconds``.
    """
    return json.dumps(report.to_dict(timings=timings), ensure_ascii=False, indent=2) + "\n"
