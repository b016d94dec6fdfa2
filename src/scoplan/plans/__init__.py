"""The plans scoplan ships, registered as a plugin like any other plans.

Every ``*.toml`` file in this package is a plan; its ``id`` is read from the file.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from scoplan.hookspecs import hookimpl


@hookimpl
def scoplan_register_plans(register: Callable[[Traversable | Path], None]) -> None:
    for entry in sorted(files(__package__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            register(entry)
