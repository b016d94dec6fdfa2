"""scoplan's version, as its installed distribution says: read on first use (the command
line starts without :mod:`importlib.metadata`). Its own module, so that what needs the
version (the engine, the plugin registry) does not import the package root."""

from __future__ import annotations

import functools


@functools.cache
def version() -> str:
    """The installed distribution's version, or ``0.0.0`` for a source tree not installed."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("scoplan")
    except PackageNotFoundError:
        return "0.0.0"


def __getattr__(name: str) -> str:
    """``scoplan._version.__version__``, read on first use (PEP 562)."""
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
