"""A big sheet read by two calamine readers at once, each given half of its rows.

Calamine reads a sheet in one thread: on a province's register, the organizations sheet is
most of what reading a workbook costs, while the machine's other core waits. As the pass
over the sheet's XML (:mod:`scoplan.loaders.xlsx_workbook`) unpacks it, :class:`Halves`
writes it out as two workbooks of their own, each holding the whole sheet's XML but for
its rows: the first the rows before a row near the middle of the XML, the second that row
and those after it. The rest of each workbook is the original's (its workbook part, styles,
shared strings, relationships), but for its other sheets, which are left empty.

Two readers read the two halves at once, and :func:`joined` puts their frames together as
calamine reads the whole sheet: the first half's rows, then the second's after them, the
columns from the first column either half uses to the last. Where the second half holds a
cell in a row the first one reaches (a sheet whose rows are not in order), they are not
joined, and the sheet is read whole.

The first half is closed as soon as the row that starts the second is reached (its rows
ended by ``</sheetData></worksheet>``, what follows the rows in the sheet being nothing
calamine reads as cells): :attr:`Halves.first_end` then says where in the sheet's XML it
ended, and :attr:`Halves.first_path` where it is, for a reader to start on it while the rest
of the sheet is still being scanned and written.

The halves are written where nothing is left behind: a file in memory (``memfd``) where
the system has one, else a temporary file removed once read.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO

import polars as pl

MAX_SHEET_BYTES = 1 << 30
"""The most a sheet may unpack to for it to be halved (each half is a stored zip entry)."""
MAX_TAIL_BYTES = 1 << 24
"""The most the sheet's XML after its rows may hold (merged cells, formats), copied to both."""
EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)
_COPIED_BYTES = 1 << 20
"""Parts of the package copied to each half whatever their size (the workbook, its styles
and shared strings) are named; any other part is copied where it is at most this big."""


def _ending(head: bytes, closing: bytes) -> bytes | None:
    """What closes a half's rows (``closing``, ``</sheetData>``) and then its root, as the
    sheet's ``head`` (its XML up to ``<sheetData>``) opens it; None where the root is not told."""
    root = re.search(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>/]", head)
    if root is None:
        return None
    prefix = root.group(1) + b":" if root.group(1) else b""
    return closing + b"</" + prefix + b"worksheet>"


def cores() -> int:
    """The processors this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


class _Half:
    """One of the two workbooks: a zip whose sheet is being written."""

    def __init__(self, archive: zipfile.ZipFile, member: str, kept: frozenset[str]) -> None:
        self.file, self.path = _scratch()
        try:
            self.zip = zipfile.ZipFile(self.file, "w", zipfile.ZIP_STORED)
            for info in archive.infolist():
                name = info.filename
                if name == member or name.endswith("/"):
                    continue
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    self.zip.writestr(name, EMPTY_SHEET)
                elif name in kept or info.file_size <= _COPIED_BYTES:
                    self.zip.writestr(name, archive.read(name))
            self.sheet: IO[bytes] = self.zip.open(member, "w")
        except BaseException:
            self.file.close()
            raise

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.sheet.write(data)

    def finish(self) -> None:
        self.sheet.close()
        self.zip.close()
        self.file.flush()

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.sheet.close()
        with contextlib.suppress(OSError, ValueError):
            self.zip.close()
        self.file.close()
        if self.path.startswith(tempfile.gettempdir()):
            with contextlib.suppress(OSError):
                os.unlink(self.path)


def _scratch() -> tuple[IO[bytes], str]:
    """A file to write a half to, and the path a reader opens it by."""
    memfd = getattr(os, "memfd_create", None)
    if memfd is not None and Path("/proc/self/fd").is_dir():
        descriptor = memfd("scoplan-half")
        return open(descriptor, "w+b"), f"/proc/self/fd/{descriptor}"
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="scoplan-half-")
    return open(handle, "w+b"), path


class Halves:
    """A big sheet's XML, fed a piece at a time in order, written out as two workbooks of
    half its rows each (the module says how). :meth:`done` gives their paths, or None where
    the sheet cannot be halved: no rows, no row past the middle, or writing failed."""

    def __init__(self, archive: zipfile.ZipFile, member: str, kept: frozenset[str]) -> None:
        self.archive = archive
        self.member = member
        self.kept = kept
        self.middle = archive.getinfo(member).file_size // 2
        self._opening = self._row = re.compile(b"")
        self._closing = b""
        self._head: bytes | None = None
        self._pending = b""
        self._taken = 0
        """How many bytes of the sheet's XML the writer has taken, before the piece it is on."""
        self._ending: bytes | None = None
        """What closes the first half's rows and its root (None: written at :meth:`done`)."""
        self.first_path: str | None = None
        """The first half, written whole, once :attr:`first_end` is known."""
        self.first_end: int | None = None
        """Where in the sheet's XML the first half's rows end (the second half's first row
        starts), once the first half is written whole; None before (or if never)."""
        self.on_first: Callable[[], None] | None = None
        """Called (in the writer's thread) once the first half is written whole."""
        self._halves: list[_Half] = []
        self._written = 0
        self._tail: bytearray | None = None
        self._failed = False
        self._writer: ThreadPoolExecutor | None = None
        """The thread that writes the halves, while the caller unpacks the next piece."""

    def feed(self, piece: bytes, prefix: bytes) -> None:
        """The next piece of the sheet's XML, whose elements carry ``prefix`` (``x:``): it
        is written in a thread of its own, after the pieces before it."""
        if self._writer is None:
            p = re.escape(prefix)
            self._opening = re.compile(rb"<" + p + rb"sheetData(?:\s[^>]*)?>")
            self._row = re.compile(rb"<" + p + rb"row[\s>/]")
            self._closing = b"</" + prefix + b"sheetData>"
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="scoplan-halves")
        self._writer.submit(self._take, piece)

    def _take(self, piece: bytes) -> None:
        start = self._taken
        self._taken += len(piece)
        if self._failed:
            return
        try:
            self._feed(piece, start)
        except Exception:  # a half not written: the sheet is read whole
            self._fail()

    def _wait(self) -> None:
        """Until every piece fed is written (or let go)."""
        if self._writer is not None:
            self._writer.shutdown(wait=True)

    def _feed(self, piece: bytes, start: int) -> None:
        """Write ``piece``, which starts ``start`` bytes into the sheet's XML."""
        if self._head is None:
            start -= len(self._pending)
            self._pending += piece
            opening = self._opening.search(self._pending)
            if opening is None:
                if len(self._pending) > MAX_TAIL_BYTES:
                    self._fail()
                return
            if self._pending[opening.end() - 2 : opening.end()] == b"/>":
                self._fail()  # no rows
                return
            self._head, piece = self._pending[: opening.end()], self._pending[opening.end() :]
            start += opening.end()
            self._pending = b""
            self._ending = _ending(self._head, self._closing)
            self._start()
        if len(self._halves) == 1:
            room = self.middle - self._written
            row = self._row.search(piece, max(room, 0)) if room < len(piece) else None
            if row is None:
                self._halves[0].write(piece)
                self._written += len(piece)
                return
            self._halves[0].write(memoryview(piece)[: row.start()])
            if self._ending is not None:
                self._halves[0].write(self._ending)
                self._halves[0].finish()
                self.first_path = self._halves[0].path
                self.first_end = start + row.start()
                if self.on_first is not None:
                    self.on_first()
            self._start()
            piece = piece[row.start() :]
        self._halves[1].write(piece)
        self._keep_tail(piece)

    def _start(self) -> None:
        assert self._head is not None
        half = _Half(self.archive, self.member, self.kept)
        self._halves.append(half)
        half.write(self._head)

    def _keep_tail(self, piece: bytes) -> None:
        """What follows the rows, from the last ``</sheetData>`` seen to the end."""
        closing = piece.rfind(self._closing)
        if closing >= 0:
            self._tail = bytearray(piece[closing:])
        elif self._tail is not None:
            self._tail += piece
        if self._tail is not None and len(self._tail) > MAX_TAIL_BYTES:
            self._fail()

    def _fail(self) -> None:
        self._failed = True
        self._close()

    def done(self) -> list[str] | None:
        """The paths of the two workbooks, written whole; None where there are none."""
        self._wait()
        if self._failed or len(self._halves) != 2 or self._tail is None:
            self.discard()
            return None
        try:
            if self.first_end is None:  # not closed as its rows ended
                self._halves[0].write(self._tail)
                self._halves[0].finish()
            self._halves[1].finish()
        except Exception:  # a half not written: the sheet is read whole
            self.discard()
            return None
        return [half.path for half in self._halves]

    def discard(self) -> None:
        """Let go of the halves (their files are removed)."""
        self._failed = True  # what is still to be written is not
        if self._writer is not None:
            self._writer.shutdown(wait=True, cancel_futures=True)
        self._close()

    def _close(self) -> None:
        for half in self._halves:
            half.close()
        self._halves = []


def joined(
    first: tuple[pl.DataFrame, int], second: tuple[pl.DataFrame, int]
) -> tuple[pl.DataFrame, int] | None:
    """The two halves' frames as calamine reads the whole sheet (each a frame whose first
    row is the sheet's row 1, and the column of its first column); None where the second
    holds a cell in a row the first reaches."""
    (top, top_first), (bottom, bottom_first) = first, second
    if not bottom.width:
        return first
    if not top.width:
        return second
    rows = top.height
    overlap = bottom.head(rows).select(pl.any_horizontal(pl.all().is_not_null()).any())
    if overlap.item():
        return None
    start = min(top_first, bottom_first)
    stop = max(top_first + top.width, bottom_first + bottom.width)
    names = [f"__UNNAMED__{index}" for index in range(stop - start)]

    def widened(frame: pl.DataFrame, at: int) -> pl.DataFrame:
        own = {at + index - start: name for index, name in enumerate(frame.columns)}
        return frame.select(
            pl.col(own[index]).alias(name)
            if index in own
            else pl.lit(None, dtype=pl.String).alias(name)
            for index, name in enumerate(names)
        )

    return pl.concat([widened(top, top_first), widened(bottom, bottom_first).slice(rows)]), start
