"""The example data scoplan ships (synthetic; see each folder's README)."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def example_path(name: str = "huangshan") -> Path:
    """The folder of a bundled example dataset, as a filesystem path."""
    resource = files(__package__) / name
    with as_file(resource) as path:
        # installed packages are directories on disk; as_file only copies for zip imports
        return Path(path)
