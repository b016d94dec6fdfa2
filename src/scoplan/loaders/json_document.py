"""``json``: one JSON document whose keys are tables and values lists of row objects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scoplan._exceptions import Problem
from scoplan.formats import Loader, ProgressCallback
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.loading import RawTable, read_json_document


def accepts(source: str) -> bool:
    path = Path(source)
    return path.suffix.lower() == ".json" and path.is_file()


def read(
    source: str, progress: ProgressCallback | None = None
) -> tuple[dict[str, RawTable], list[Problem]]:
    if progress is not None:
        progress(Path(source).name)
    return read_json_document(Path(source))


@hookimpl
def scoplan_register_loaders(register: Callable[[Loader], None]) -> None:
    register(Loader("json", Text("JSON 文档", "JSON document"), accepts, read))
