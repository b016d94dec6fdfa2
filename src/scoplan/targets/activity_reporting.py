"""``activity-reporting``: share of townships with a major-activity reporting system (二(四)2).

An ``establishment-coverage`` of ``activity_reporting_system``.
"""

from __future__ import annotations

from scoplan.targets.generic import registers
from scoplan.targets.table import PATTERN_KINDS, ReportingShare

__all__ = ["KIND", "ReportingShare", "measure"]

KIND = PATTERN_KINDS["activity-reporting"]
measure = KIND.measure
scoplan_register_targets = registers(KIND)
