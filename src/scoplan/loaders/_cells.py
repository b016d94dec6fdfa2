"""Typed cells (Excel's, a database's) as the text a CSV file would hold, and tables of them.

The loaders of typed sources hand scoplan text, as the CSV loader does, so that one checker
types and checks every source alike: a date becomes ``YYYY-MM-DD``, a whole number has no
``.0`` (an id typed as a number in Excel is still the id ``341002``), a boolean is
``true``/``false``, and an empty cell is null. Text is left as written: a date typed as text
(``2021/9/14``) is the checker's to read.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Sequence

import polars as pl

from scoplan.loaders.contract import ROW, RawTable

WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""What ``str.strip()`` strips: a cell of these only is blank, as it always was."""
FILLED = "[^" + "".join(f"\\x{{{ord(char):x}}}" for char in WHITESPACE) + "]"
"""A character that is no space (a regular expression for polars): a cell holding one is
not blank."""


def cell_text(value: object) -> str | None:
    """The text of one typed cell, as a CSV file of the same table would hold it."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, decimal.Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return str(int(value))
        return str(value.normalize())
    if isinstance(value, dt.datetime):
        # a date cell is a datetime at midnight; the time of day is not a date's business
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def text_columns(frame: pl.DataFrame) -> list[pl.Series]:
    """Each column of a frame of typed cells (a database's, read into polars) as text, each
    cell as :func:`cell_text` makes it: text, whole numbers, booleans and dates at once,
    other types (floats, decimals, times, bytes) cell by cell."""
    columns = []
    for series in frame.iter_columns():
        dtype = series.dtype
        if dtype == pl.String:
            text = series
        elif dtype.is_integer() or dtype in (pl.Boolean, pl.Date, pl.Null):
            text = series.cast(pl.String)  # 341002, true, 2023-12-31: as cell_text writes them
        elif isinstance(dtype, pl.Datetime):
            text = series.dt.date().cast(pl.String)  # the day, in the cell's own time zone
        else:
            text = pl.Series(series.name, [cell_text(v) for v in series.to_list()], pl.String)
        columns.append(text)
    return columns


def raw_table(
    table: str,
    source: str,
    names: Sequence[str],
    rows: Sequence[Sequence[str | None]],
    numbers: Sequence[int],
) -> RawTable:
    """A raw table from rows of text cells (each as long as ``names``) and their numbers."""
    columns = [
        pl.Series(name, [row[position] for row in rows], dtype=pl.String)
        for position, name in enumerate(names)
    ]
    frame = pl.DataFrame([pl.Series(ROW, numbers, dtype=pl.Int64), *columns])
    return RawTable(table, source, frame)


def column_number(letters: str | bytes) -> int:
    """A spreadsheet column's number from its letters: ``A`` 1, ``Z`` 26, ``AB`` 28."""
    text = letters.decode("ascii") if isinstance(letters, bytes) else letters
    number = 0
    for letter in text.upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    """A spreadsheet column's letters from its number (:func:`column_number`'s inverse)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
