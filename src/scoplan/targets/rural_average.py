"""``rural-average``: mean organizations (registered, filed) per rural community (一, 二(一)4).

A ``community-average`` of the rural communities.
"""

from __future__ import annotations

from scoplan.targets.generic import registers
from scoplan.targets.table import PATTERN_KINDS

KIND = PATTERN_KINDS["rural-average"]
measure = KIND.measure
scoplan_register_targets = registers(KIND)
