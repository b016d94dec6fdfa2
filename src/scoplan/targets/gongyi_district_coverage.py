"""``gongyi-district-coverage``: share of districts holding a 公益创投 programme (二(二)2).

An ``event-coverage`` of ``gongyi_chuangtou`` at district level.
"""

from __future__ import annotations

from scoplan.targets.generic import registers
from scoplan.targets.table import PATTERN_KINDS

KIND = PATTERN_KINDS["gongyi-district-coverage"]
measure = KIND.measure
scoplan_register_targets = registers(KIND)
