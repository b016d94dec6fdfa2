"""``csv``: a folder of CSV files, one per table, English or Chinese names and headers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scoplan._exceptions import Problem
from scoplan.formats import Loader, ProgressCallback
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.loading import RawTable, read_csv_folder


def accepts(source: str) -> bool:
    return Path(source).is_dir()


def read(
    source: str, progress: ProgressCallback | None = None
) -> tuple[dict[str, RawTable], list[Problem]]:
    return read_csv_folder(Path(source), progress=progress)


@hookimpl
def scoplan_register_loaders(register: Callable[[Loader], None]) -> None:
    register(Loader("csv", Text("CSV 文件夹", "folder of CSV files"), accepts, read))
