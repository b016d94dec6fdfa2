"""``development-plans``: each district has adopted its three-year CSO plan (二(一)1).

An ``establishment-count`` of ``development_plan`` at district level, with the params of
:class:`~scoplan.params.Count`.
"""

from __future__ import annotations

from scoplan.targets.generic import registers
from scoplan.targets.table import PATTERN_KINDS

KIND = PATTERN_KINDS["development-plans"]
measure = KIND.measure
scoplan_register_targets = registers(KIND)
