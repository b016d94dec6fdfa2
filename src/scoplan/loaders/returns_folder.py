"""``returns``: a folder of returns — workbooks, folders of CSV files, JSON documents — each
checked on its own, then merged into one dataset (:mod:`scoplan.returns`).

A folder is one when it holds workbooks or folders of CSV files and no CSV file named for a
table (that folder is one delivery, which the ``csv`` loader reads). Registered before it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from scoplan._exceptions import Problem
from scoplan.formats import Loader, ProgressCallback
from scoplan.hookspecs import hookimpl
from scoplan.i18n import Text
from scoplan.loaders.contract import RawTable


def accepts(source: str) -> bool:
    from scoplan.returns import is_returns_folder

    path = Path(source)
    return path.is_dir() and is_returns_folder(path)


def read(
    source: str, progress: ProgressCallback | None = None
) -> tuple[dict[str, RawTable], list[Problem]]:
    from scoplan.returns import read_returns

    return read_returns(source, progress)


@hookimpl
def scoplan_register_loaders(register: Callable[[Loader], None]) -> None:
    register(Loader("returns", Text("报表文件夹", "folder of returns"), accepts, read))
