"""``service-centres``: a district-level cultivation service centre exists (clause 二(一)2).

An ``establishment-count`` of ``service_centre`` at district level, with the params of
:class:`~scoplan.params.Count`.
"""

from __future__ import annotations

from scoplan.targets.generic import registers
from scoplan.targets.table import PATTERN_KINDS

KIND = PATTERN_KINDS["service-centres"]
measure = KIND.measure
scoplan_register_targets = registers(KIND)
