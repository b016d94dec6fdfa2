"""The exceptions scoplan raises, all under one base class.

::

    ScoplanError            anything scoplan raises on purpose
    ├── DataError           the data could not be loaded; carries every Problem at once
    ├── PlanError           a plan file is malformed or does not fit the data
    └── PluginError         a plugin failed to load, registered a duplicate, or broke a hook

Each error carries structured :class:`Problem` records (where, what, what was expected), so
that reports, the CLI and other programs can render them in any language. ``str(error)``
gives an English rendering; :func:`scoplan.i18n.describe_problem` renders one in Chinese.

A target that raises while it is evaluated is *not* turned into an exception: the engine
records an ``error`` result for its milestone and goes on with the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from scoplan.i18n import describe_problem

ERROR = "error"
WARNING = "warning"


@attrs.frozen
class Problem:
    """One thing wrong with an input, and where it is.

    ``code`` names the kind of problem (``bad_date``, ``missing_column``, ``unknown_ref`` …);
    ``params`` holds what the message needs (``expected``, ``first_row`` …). ``row`` is the
    row as a spreadsheet numbers it (from 1; a problem with a header, the header's own, below
    any title rows); ``index`` is the position of a row in a JSON list (from 0). ``source``
    is the file, sheet or plan the problem is in.

    ``severity`` is ``"error"`` (nothing is evaluated) or ``"warning"``: something the data
    may have got wrong that does not stop the run (an unknown code in an open list, a
    community whose code points to another township). Warnings reach every report, standard
    error and :attr:`Dataset.warnings`; ``--strict`` (``load(..., strict=True)``) makes them
    errors. A loader may return warnings among its problems.
    """

    code: str
    source: str
    table: str | None = None
    row: int | None = None
    index: int | None = None
    column: str | None = None
    value: str | None = None
    params: Mapping[str, Any] = attrs.field(factory=dict)
    severity: str = "error"

    @property
    def message(self) -> str:
        """Where the problem is and what is wrong, in English: what ``str(problem)`` and the
        JSON problem list's ``message`` say (:func:`scoplan.i18n.describe_problem`)."""
        return describe_problem(self, "en")

    @property
    def message_zh(self) -> str:
        """The same in Chinese, as the JSON problem list's ``message_zh`` and ``scoplan check``
        say it: ``社区社会组织.csv，第5行，“成立日期”列：“2021-13-01”不是日期…``."""
        return describe_problem(self, "zh")

    @property
    def is_warning(self) -> bool:
        """True for a warning, which does not stop the run unless it is strict."""
        return self.severity == WARNING

    def where(self) -> str:
        """Where the problem is, as a short English phrase: ``file, row 5, column founded``."""
        parts = [self.source]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.index is not None:
            parts.append(f"[{self.index}]")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return describe_problem(self, "en")


class ScoplanError(Exception):
    """Base class of every error scoplan raises on purpose."""

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("message", source="scoplan", params={"text": problems})]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        lines = [str(p) for p in self.problems]
        if len(lines) == 1:
            return lines[0]
        return f"{len(lines)} problems:\n" + "\n".join(f"- {line}" for line in lines)


class DataError(ScoplanError):
    """The data could not be loaded. Every problem found is in ``problems``, all at once;
    what loading found doubtful as well (severity ``warning``) is in ``warnings``, so that
    one run shows everything."""

    def __init__(self, problems: Iterable[Problem] | str, warnings: Iterable[Problem] = ()) -> None:
        super().__init__(problems)
        self.warnings: tuple[Problem, ...] = tuple(warnings)


class PlanError(ScoplanError):
    """A plan is malformed, or names something the data or the installed plugins lack."""


class PluginError(ScoplanError):
    """A plugin failed to load, broke a hook's contract, or registered a duplicate id."""
