"""The help of the ``scoplan`` command in the run's language: ``scoplan --help`` and each
command's ``--help`` in Chinese (the default) or English (``--lang en``).

click writes help in English: its own words (``Usage:``, ``Options:``, ``[default: …]``),
and each command's and option's text as the code gives it. Here the code gives keys of the
catalogues instead (``help.evaluate``, ``help.evaluate.plan``: the ``help.`` keys of
``zh.toml`` and ``en.toml``), and every word is looked up when the help is written, in the
language of the run: ``--lang`` as :func:`scoplan._terminal.language` reads it from the
arguments, kept in ``ctx.meta`` for the whole run. The same command objects thus say their
help in either language, run after run in one process.

A Chinese help is wrapped by display width (a Chinese character takes two columns) and may
break a line between two Chinese characters, never before a closing mark (``，。）``) nor
after an opening one (``（“``). The English help is click's own, word for word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

LANG_KEY = "scoplan.lang"
"""Where ``ctx.meta`` keeps the run's language (``zh`` or ``en``)."""
DEFAULT_LANG = "zh"


def language_of(ctx: click.Context | None) -> str:
    """The run's language, as the command kept it (Chinese when it has not)."""
    lang = ctx.meta.get(LANG_KEY) if ctx is not None else None
    return lang if lang in ("zh", "en") else DEFAULT_LANG


def words(key: str, lang: str, **values: Any) -> str:
    """The catalogue entry ``key`` in ``lang``, values filled in."""
    from scoplan.i18n import translate

    return translate(key, lang, **values)


_SYNTAX_WORD = re.compile(r"\b[A-Z]+(?: RANGE)?\b")
"""A metavar's word (``PATH``, ``INTEGER RANGE``) or the usage line's (``[OPTIONS]``)."""


def syntax(text: str, lang: str) -> str:
    """An option's spelling or a usage line with its metavars' words in ``lang``: ``-o,
    --output 路径``, ``[选项] [DATA]``. A word the catalogues do not name is kept: the
    arguments (``DATA``, ``OUT``), which the descriptions and the messages name as such."""
    if lang == "en":
        return text
    from scoplan.i18n import CATALOGUES

    catalogue = CATALOGUES[lang]

    def said(match: re.Match[str]) -> str:
        word = match.group()
        return catalogue.get(f"help.metavar.{word.lower().replace(' ', '_')}", word)

    return _SYNTAX_WORD.sub(said, text)


# -- Chinese lines ---------------------------------------------------------------------------

_OPENING = "（“‘《「『【〔"
_CLOSING_BRACKETS = "）”’》」』】〕"
_CLOSING = "，。、；：！？…" + _CLOSING_BRACKETS


def columns(text: str) -> int:
    """How many columns ``text`` takes on a terminal: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF" or char in _OPENING or char in _CLOSING


def _breaks_between(before: str, after: str) -> bool:
    """Whether a line may break between two characters that no space separates: between
    two Chinese characters, and after a closing mark, but not inside a word (``--force``,
    ``2023年12月31日``), before a closing mark nor after an opening one."""
    if after in _CLOSING or before in _OPENING:
        return False
    if before in _CLOSING or after in _OPENING:
        return True
    return _wide(before) and _wide(after)


def _pieces(text: str) -> list[str]:
    """``text`` cut where a line may break: a space (``" "``) between pieces, or none. What
    square brackets hold (click's notes, ``[默认：text]``; choices, ``[zh|en]``) is one piece."""
    pieces: list[str] = []
    depth = 0
    for char in text:
        joined = bool(pieces) and pieces[-1] != " "
        if depth and pieces:
            pieces[-1] += char
        elif char.isspace():
            if joined:
                pieces.append(" ")
        elif joined and not _breaks_between(pieces[-1][-1], char):
            pieces[-1] += char
        else:
            pieces.append(char)
        depth = max(depth + (char == "[") - (char == "]"), 0)
    return pieces


def _cut(piece: str, room: int) -> int:
    """How many characters of ``piece`` fit in ``room`` columns (one at least)."""
    used = 0
    for count, char in enumerate(piece):
        used += columns(char)
        if used > room:
            return max(count, 1)
    return len(piece)


def wrap(text: str, width: int, initial: str = "", subsequent: str = "") -> str:
    """``text`` as lines of at most ``width`` columns, the first after ``initial``, the
    others after ``subsequent``; a piece wider than a whole line is cut."""
    lines: list[str] = []
    line, used, empty, space = initial, columns(initial), True, False
    for piece in _pieces(text):
        if piece == " ":
            space = not empty
            continue
        size = columns(piece)
        gap = 1 if space else 0
        if not empty and used + gap + size > width:
            lines.append(line)
            line, used, empty, gap = subsequent, columns(subsequent), True, 0
        while empty and used + size > width and len(piece) > 1:
            cut = _cut(piece, width - used)
            while cut > 1 and piece[cut] in _CLOSING:  # no line starts with one
                cut -= 1
            lines.append(line + piece[:cut])
            piece = piece[cut:]
            size = columns(piece)
            line, used = subsequent, columns(subsequent)
        line += " " * gap + piece
        used += gap + size
        empty, space = False, False
    lines.append(line)
    return "\n".join(line.rstrip() for line in lines)


def _paragraphs(text: str, width: int, indent: str) -> str:
    """Each paragraph of ``text`` (blank lines between them) wrapped to ``width``."""
    paragraphs = [" ".join(p.split("\n")) for p in re.split(r"\n\s*\n", text.strip())]
    return "\n\n".join(wrap(p, width, indent, indent) for p in paragraphs)


def summary(text: str, limit: int) -> str:
    """A Chinese description in a list of commands: its first sentence, or as much of it
    as fits in ``limit`` columns, then ``……``: cut before a clause (``：；，、``) or a
    bracket, outside any bracket, where it can be."""
    sentence = text.partition("\n\n")[0].strip().split("。")[0]
    if columns(sentence) <= limit:
        return sentence
    room = max(limit - columns("……"), 1)
    depth, cut = 0, 0
    for at, char in enumerate(sentence):
        if depth == 0 and at and char in "：；，、（" and columns(sentence[:at]) <= room:
            cut = at
        depth += (char in _OPENING) - (char in _CLOSING_BRACKETS)
    if not cut:
        cut = _cut(sentence, room)
    return sentence[:cut] + "……"


class Formatter(click.HelpFormatter):
    """click's help formatter in a language: the usage line's prefix and the headings from
    the catalogues; in Chinese, lines wrapped by display width (see the module)."""

    def __init__(self, lang: str, width: int | None = None, max_width: int | None = None):
        super().__init__(width=width, max_width=max_width)
        self.lang = lang

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = words("help.usage", self.lang)
        if self.lang == "en":
            super().write_usage(prog, args, prefix)
            return
        head = f"{prefix:>{self.current_indent}}{prog} "
        room = self.width - self.current_indent
        if not args:
            self.write(head.rstrip(" ") + "\n")
            return
        if room >= columns(head) + 20:
            self.write(wrap(args, room, head, " " * columns(head)))
        else:
            indent = " " * (max(self.current_indent, columns(prefix)) + 4)
            self.write(head + "\n" + wrap(args, room, indent, indent))
        self.write("\n")

    def write_heading(self, heading: str) -> None:
        said = words("help.heading", self.lang, name=heading)
        self.write(f"{'':>{self.current_indent}}{said}\n")

    def write_text(self, text: str) -> None:
        if self.lang == "en":
            super().write_text(text)
            return
        self.write(_paragraphs(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        if self.lang == "en":
            super().write_dl(rows, col_max, col_spacing)
            return
        rows = list(rows)
        if not rows:
            return
        first_col = min(max(columns(first) for first, _ in rows), col_max) + col_spacing
        margin = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if columns(first) <= first_col - col_spacing:
                self.write(" " * (first_col - columns(first)))
            else:
                self.write("\n" + margin)
            lines = _paragraphs(second, max(self.width - first_col - 2, 10), "").splitlines()
            rest = [margin + line if line else "" for line in lines[1:]]
            self.write("\n".join([lines[0], *rest]) + "\n")


class Context(click.Context):
    """A command's context, whose help is written in the run's language."""

    def make_formatter(self) -> click.HelpFormatter:
        return Formatter(
            language_of(self), width=self.terminal_width, max_width=self.max_content_width
        )


class Option(click.Option):
    """An option whose ``help=`` is a key of the catalogues (``help.evaluate.plan``), said
    in the run's language when the help is written, with click's notes (``[default: …]``,
    ``[required]``, a range) and its metavar (``PATH``) in that language too."""

    def __init__(self, *args: Any, help: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_key = help

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)  # no help of click's: the spelling, the notes
        if record is None:
            return None
        lang = language_of(ctx)
        spelling, notes = record
        if hasattr(self, "get_help_extra"):  # click 8.2 and later
            notes = _notes(self.get_help_extra(ctx), lang)
        text = words(self.help_key, lang) if self.help_key else ""
        return syntax(spelling, lang), f"{text}  {notes}" if text and notes else text or notes


def _notes(extra: Any, lang: str) -> str:
    """click's notes after an option's help, as click writes them, in ``lang``:
    ``[default: text]``, ``[默认：1；x>=0]``."""
    items: list[str] = []
    if "envvars" in extra:
        items.append(words("help.env_var", lang, names=", ".join(extra["envvars"])))
    if "default" in extra:
        items.append(words("help.default", lang, value=extra["default"]))
    if "range" in extra:
        items.append(extra["range"])
    if "required" in extra:
        items.append(words("help.required", lang))
    return f"[{words('help.note_sep', lang).join(items)}]" if items else ""


def option(*decls: str, **attrs: Any) -> Callable[[F], F]:
    """``click.option`` whose ``help=`` is a key of the catalogues (see :class:`Option`)."""
    return click.option(*decls, cls=Option, **attrs)


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from scoplan._version import version

    prog = ctx.find_root().info_name
    click.echo(words("help.version_line", language_of(ctx), prog=prog, version=version()))
    ctx.exit()


def version_option() -> Callable[[F], F]:
    """``--version``: the program's name and version, said as click says it, in the run's
    language."""
    return option(
        "--version",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_show_version,
        help="help.version",
    )


class Command(click.Command):
    """A command whose help is said in the run's language: its description is the entry
    ``help.<name>`` of the catalogues (its docstring is for the code's readers), its options
    :class:`Option`, and click's own words (``Usage:``, ``Options:``, ``--help``'s help) the
    catalogues' too."""

    context_class = Context

    @property
    def help_key(self) -> str:
        return f"help.{self.name}"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from scoplan._terminal import language

        ctx.meta.setdefault(LANG_KEY, language(args))  # a command run on its own
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        lang = language_of(ctx)
        return [syntax(piece, lang) for piece in super().collect_usage_pieces(ctx)]

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(words(self.help_key, language_of(ctx)))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = language_of(ctx)
        rows: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = None if isinstance(param, click.Argument) else param.get_help_record(ctx)
            if record is None:
                continue
            if not isinstance(param, Option) and set(param.opts) <= set(ctx.help_option_names):
                record = (syntax(record[0], lang), words("help.help", lang))  # click's --help
            rows.append(record)
        if rows:
            with formatter.section(words("help.options", lang)):
                formatter.write_dl(rows)

    def short_help_in(self, lang: str, limit: int = 45) -> str:
        """The description as a list of commands gives it: its first sentence, cut to fit
        ``limit`` columns (in English, as click cuts it)."""
        text = words(self.help_key, lang)
        if lang == "en":
            return click.Command(self.name, help=text).get_short_help_str(limit)
        return summary(text, limit)

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help_in(language_of(click.get_current_context(silent=True)), limit)


class Group(Command, click.Group):
    """A group of commands whose help, and the list of its commands, is said in the run's
    language (see :class:`Command`)."""

    command_class = Command

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = language_of(ctx)
        commands = [
            (name, command)
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = [
            (
                name,
                command.short_help_in(lang, limit)
                if isinstance(command, Command)
                else command.get_short_help_str(limit),
            )
            for name, command in commands
        ]
        with formatter.section(words("help.commands", lang)):
            formatter.write_dl(rows)
