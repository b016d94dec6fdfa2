"""``charters``: share of organizations (registered, filed) with a simple charter (二(四)3).

An ``organization-share`` of the yes/no column ``charter``.
"""

from __future__ import annotations

from scoplan.targets.generic import registers
from scoplan.targets.table import PATTERN_KINDS, CharterShare

__all__ = ["KIND", "CharterShare", "measure"]

KIND = PATTERN_KINDS["charters"]
measure = KIND.measure
scoplan_register_targets = registers(KIND)
