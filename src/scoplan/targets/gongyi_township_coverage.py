"""``gongyi-township-coverage``: share of townships holding a 公益创投 programme (二(二)2).

An ``event-coverage`` of ``gongyi_chuangtou`` at township level.
"""

from __future__ import annotations

from scoplan.targets.generic import registers
from scoplan.targets.table import PATTERN_KINDS

KIND = PATTERN_KINDS["gongyi-township-coverage"]
measure = KIND.measure
scoplan_register_targets = registers(KIND)
