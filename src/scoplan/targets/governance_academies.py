"""``governance-academies``: a district-level Community Governance Academy exists (二(二)1).

An ``establishment-count`` of ``governance_academy`` at district level, with the params of
:class:`~scoplan.params.Count`.
"""

from __future__ import annotations

from scoplan.targets.generic import registers
from scoplan.targets.table import PATTERN_KINDS

KIND = PATTERN_KINDS["governance-academies"]
measure = KIND.measure
scoplan_register_targets = registers(KIND)
