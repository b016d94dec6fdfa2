"""The plugin under test, for scoplan.testing's fixtures (``scoplan_registry``…)."""

from __future__ import annotations

import pytest
import scoplan_community_funds


@pytest.fixture
def scoplan_plugins():
    """This package's plugin module, registered next to scoplan's built-ins."""
    return [scoplan_community_funds]
