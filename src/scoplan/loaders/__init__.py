"""scoplan's built-in loaders, plugins like any other: each module registers one loader.

Except these, which they share: :mod:`~scoplan.loaders.contract` (what a loader hands
scoplan: raw tables; checking depends on it alone), ``_tables`` (which table a file or sheet
is, which column a header names), ``_decoding`` (a file's text), ``_typed`` (the fast path's
typing) and ``_cells`` (typed cells as text); and ``_frames``, which reads tables a program
holds (``scoplan.load({"organizations": frame, …})``), no source a loader is asked for.
"""
