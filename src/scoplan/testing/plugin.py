"""The pytest plugin of :mod:`scoplan.testing`: fixtures for testing scoplan plugins.

pytest loads it by itself wherever scoplan is installed (the ``pytest11`` entry point
``scoplan``); ``-p no:scoplan`` turns it off. Loading it imports scoplan (a fifth of a
second) but never hypothesis, which only :mod:`scoplan.testing.strategies` needs.

Fixtures:

``scoplan_plugins``
    The plugins under test, registered next to scoplan's own: empty by default. Override
    it in your ``conftest.py`` to return your plugin module::

        @pytest.fixture
        def scoplan_plugins():
            return [scoplan_community_funds]

``scoplan_registry``
    A fresh :class:`~scoplan.Registry` of scoplan's built-ins and ``scoplan_plugins``
    (installed entry points are left out, and ``SCOPLAN_BLOCK_PLUGINS`` is ignored, so the
    test sees the same thing everywhere). A plugin that fails to load fails the test, with
    the reason.

``dataset_builder``
    A new :class:`~scoplan.testing.DatasetBuilder`, which types and checks the columns
    ``scoplan_plugins`` declare.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from scoplan.plugins import Registry
    from scoplan.testing.builders import DatasetBuilder


@pytest.fixture
def scoplan_plugins() -> Sequence[object]:
    """The plugins under test (modules or objects with hook implementations): none.

    Override this fixture to return yours.
    """
    return ()


@pytest.fixture
def scoplan_registry(
    scoplan_plugins: Sequence[object], monkeypatch: pytest.MonkeyPatch
) -> Registry:
    """A fresh registry of scoplan's built-ins and ``scoplan_plugins``, nothing else."""
    from scoplan.i18n import describe_problem
    from scoplan.plugins import BLOCK_VARIABLE, get_plugin_manager, load_registry

    monkeypatch.delenv(BLOCK_VARIABLE, raising=False)
    registry = load_registry(get_plugin_manager(entry_points=False, extra=scoplan_plugins))
    if registry.failures:
        reasons = "\n".join(f"- {describe_problem(p, 'en')}" for p in registry.failures)
        pytest.fail(f"scoplan_registry: plugins failed to load:\n{reasons}", pytrace=False)
    return registry


@pytest.fixture
def dataset_builder(scoplan_plugins: Sequence[object]) -> DatasetBuilder:
    """A new, empty :class:`~scoplan.testing.DatasetBuilder`; the columns ``scoplan_plugins``
    declare (``scoplan_register_columns``) are typed and checked by its ``build()``."""
    from scoplan.plugins import get_plugin_manager, load_registry
    from scoplan.testing.builders import DatasetBuilder

    if not scoplan_plugins:
        return DatasetBuilder()
    registry = load_registry(get_plugin_manager(entry_points=False, extra=scoplan_plugins))
    return DatasetBuilder(registry=registry)
