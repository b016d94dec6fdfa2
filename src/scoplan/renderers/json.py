"""The JSON report: scoplan's stable machine interface (schema in the README)."""

from __future__ import annotations

from collections.abc import Callable

from scoplan._json import dumps
from scoplan.formats import Renderer, RenderOptions
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.report import Report


def render_json(report: Report, lang: str = "zh", *, timings: bool = False) -> str:
    """The report as JSON; the same for every language (both are in it).

    Byte-stable for the same input unless ``timings`` adds each result's ``seconds``.
    """
    return dumps(report.to_dict(timings=timings)) + "\n"


def render(report: Report, options: RenderOptions) -> str:
    return render_json(report, options.lang, timings=options.timings)


@hookimpl
def scoplan_register_renderers(register: Callable[[Renderer], None]) -> None:
    register(Renderer("json", Text("JSON（程序接口）", "JSON (for programs)"), "json", render))
