"""The fenced code blocks of a Markdown document, with what their fence line says.

A fence line is ````` ```LANG WORD… key="value"… `````: the language, then flags (``append``,
``output``, ``files``, ``signature``) and attributes (``title="path"``). The tests of the
docs read them to run every block: write files, run commands, compare output.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import attrs

FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.M | re.S)


@attrs.frozen
class Block:
    """One fenced block: language, title (a file path), flags, text and first line number."""

    lang: str
    title: str | None
    flags: frozenset[str]
    text: str
    line: int

    def where(self) -> str:
        """``line N (```lang title)`` for messages."""
        return f"line {self.line} (```{self.lang} {self.title or ' '.join(sorted(self.flags))})"


def blocks(path: Path) -> list[Block]:
    """Every fenced block of the document at ``path``, in order."""
    text = path.read_text(encoding="utf-8")
    found: list[Block] = []
    for match in FENCE.finditer(text):
        words = shlex.split(match.group(1).strip())
        lang = words[0] if words else ""
        title = None
        flags: set[str] = set()
        for word in words[1:]:
            key, equals, value = word.partition("=")
            if equals and key == "title":
                title = value
            elif equals:
                raise ValueError(f"{path.name}: unknown fence attribute {word!r}")
            else:
                flags.add(word)
        line = text.count("\n", 0, match.start()) + 1
        found.append(Block(lang, title, frozenset(flags), match.group(2), line))
    return found
