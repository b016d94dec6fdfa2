"""Reports out: each renderer turns a :class:`~scoplan.Report` into text of one format.

Renderers return a string and never print; the CLI decides where it goes.
"""

from __future__ import annotations

from collections.abc import Callable

from scoplan.report import Report

Renderer = Callable[[Report, str], str]


def renderer(format: str) -> Renderer:
    """The renderer of a format (``text`` or ``json``)."""
    if format == "json":
        from scoplan.renderers.json import render_json

        return render_json
    if format == "text":
        from scoplan.renderers.text import render_text

        return render_text
    raise ValueError(f"unknown format {format!r}")


FORMATS = ("text", "json")
