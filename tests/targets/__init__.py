"""Tests of the built-in target kinds, one module per target, on hand-built data."""
