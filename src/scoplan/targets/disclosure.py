"""``disclosure``: share of communities with an information-disclosure system (二(四)3).

An ``establishment-coverage`` of ``disclosure_system`` at community level.
"""

from __future__ import annotations

from scoplan.targets.generic import registers
from scoplan.targets.table import PATTERN_KINDS, DisclosureShare

__all__ = ["KIND", "DisclosureShare", "measure"]

KIND = PATTERN_KINDS["disclosure"]
measure = KIND.measure
scoplan_register_targets = registers(KIND)
