"""The registry of every installed plugin, for whoever was given none.

This module is the only caller of :func:`scoplan.plugins.default_registry`. It imports
nothing of scoplan but :mod:`scoplan.plugins`, and that only when it is called, so that
what sits low in the package (naming who declared a column) and the public API
(:mod:`scoplan.api`, which imports the engine and loading) can both use it without a cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scoplan.plugins import Registry


def registry_or_installed(registry: Registry | None) -> Registry:
    """``registry``, or when None the registry of every installed plugin (built once)."""
    if registry is not None:
        return registry
    from scoplan.plugins import default_registry

    return default_registry()
