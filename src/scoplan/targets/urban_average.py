"""``urban-average``: mean organizations (registered, filed) per urban community (一, 二(一)3).

A ``community-average`` of the urban communities.
"""

from __future__ import annotations

from scoplan.targets.generic import registers
from scoplan.targets.table import PATTERN_KINDS

KIND = PATTERN_KINDS["urban-average"]
measure = KIND.measure
scoplan_register_targets = registers(KIND)
