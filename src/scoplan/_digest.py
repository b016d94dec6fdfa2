"""The content digest of a table that does not depend on the order of its rows or columns.

Each row is hashed (polars' ``hash_rows``, seed 0) over its columns in sorted order, and
the hashes are summed in two halves, so that the sums of a table's pieces add up to the
sums of the whole: a loader that leaves columns out (:mod:`scoplan.plan_columns`) sums
each piece with every column before it lets them go, and the dataset's fingerprint is the
same as if it held them.
"""

from __future__ import annotations

import attrs
import polars as pl

HASHED_AT_ONCE = 1_000_000
"""Rows hashed at a time: hashing a country's organizations at once held ~150 MB more."""


@attrs.frozen
class RowSums:
    """What a table's digest is made of: its columns (sorted), its rows, the two sums."""

    columns: tuple[str, ...]
    height: int = 0
    high: int = 0
    low: int = 0

    def plus(self, frame: pl.DataFrame, at_once: int = HASHED_AT_ONCE) -> RowSums:
        """These sums and those of ``frame``'s rows (over :attr:`columns`, in that order)."""
        high, low = self.high, self.low
        frame = frame.select(self.columns)
        for start in range(0, frame.height, at_once):
            hashes = frame.slice(start, at_once).hash_rows(seed=0).to_frame("h")
            sums = hashes.select(
                (pl.col("h") // (1 << 32)).sum().alias("high"),
                (pl.col("h") % (1 << 32)).sum().alias("low"),
            ).row(0)
            high, low = high + sums[0], low + sums[1]
        return RowSums(self.columns, self.height + frame.height, high, low)

    def together(self, other: RowSums) -> RowSums:
        """These sums and ``other``'s, of other rows over the same columns."""
        if other.columns != self.columns:
            raise ValueError(f"sums over {other.columns} added to sums over {self.columns}")
        return RowSums(
            self.columns, self.height + other.height, self.high + other.high, self.low + other.low
        )

    def text(self, name: str) -> str:
        """What the digest takes in for this table."""
        said = f"{name}:{self.height}:{','.join(self.columns)};"
        return said + (f"{self.high}:{self.low};" if self.height else "")


def row_sums(frame: pl.DataFrame, at_once: int = HASHED_AT_ONCE) -> RowSums:
    """The sums of every row of ``frame``, over its columns in sorted order."""
    return RowSums(tuple(sorted(frame.columns))).plus(frame, at_once)
