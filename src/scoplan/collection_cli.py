"""The commands of the collection round trip: ``scoplan divisions``, ``scoplan template``
and ``scoplan changes`` (issue 16), added to the ``scoplan`` group by :mod:`scoplan.cli`.

As the rest of the command line: I/O, exit codes and printing, and nothing else; messages
in the user's language, bad input a clear error (exit 2), never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scoplan._command import (
    _block_option,
    _fail,
    _implicit,
    _lang_option,
    _registry,
    _write_one,
)
from scoplan._help import Command, option

if TYPE_CHECKING:
    import polars as pl


def _kind_word(table: str, kind: str | None, lang: str) -> str:
    from scoplan.divisions import KIND_WORDS_ZH
    from scoplan.i18n import translate

    if kind is None:
        return translate("divisions.undecided", lang)
    return KIND_WORDS_ZH[table].get(kind, kind) if lang == "zh" else kind


def divisions_text(tables: dict[str, pl.DataFrame], title: str, level: str, lang: str) -> str:
    """The units as an indented list, a district, its townships, each's communities."""
    from scoplan.i18n import translate

    depth = ("districts", "townships", "communities").index(level)
    counts = {name: frame.height for name, frame in tables.items()}
    lines = [translate("divisions.counts", lang, title=title, **counts)]
    townships: dict[str, list[tuple[str, str, str | None]]] = {}
    for unit, parent, name, kind in (
        tables["townships"].select("id", "district_id", "name", "kind").iter_rows()
    ):
        townships.setdefault(parent, []).append((unit, name, kind))
    communities: dict[str, list[tuple[str, str, str | None]]] = {}
    for unit, parent, name, kind in (
        tables["communities"].select("id", "township_id", "name", "kind").iter_rows()
    ):
        communities.setdefault(parent, []).append((unit, name, kind))
    for unit, name, kind in tables["districts"].select("id", "name", "kind").iter_rows():
        lines.append(f"{unit}  {name}  {_kind_word('districts', kind, lang)}")
        if depth < 1:
            continue
        for township, township_name, township_kind in townships.get(unit, []):
            kind_word = _kind_word("townships", township_kind, lang)
            lines.append(f"  {township}  {township_name}  {kind_word}")
            if depth < 2:
                continue
            for community, community_name, community_kind in communities.get(township, []):
                kind_word = _kind_word("communities", community_kind, lang)
                lines.append(f"    {community}  {community_name}  {kind_word}")
    return "\n".join(lines) + "\n"


def divisions_csv(tables: dict[str, pl.DataFrame], level: str) -> str:
    """One row per unit: ``table,id,parent_id,name,kind,city`` (kinds as DATA.md's codes)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "id", "parent_id", "name", "kind", "city"])
    parents = {"districts": None, "townships": "district_id", "communities": "township_id"}
    for table in ("districts", "townships", "communities")[
        : ("districts", "townships", "communities").index(level) + 1
    ]:
        frame = tables[table]
        for row in frame.iter_rows(named=True):
            parent = parents[table]
            writer.writerow(
                [
                    table,
                    row["id"],
                    row[parent] if parent else "",
                    row["name"],
                    row["kind"] or "",
                    row.get("city") or "",
                ]
            )
    return out.getvalue()


def divisions_json(tables: dict[str, pl.DataFrame], level: str) -> str:
    """A JSON document of DATA.md's hierarchy tables (one scoplan reads as it is)."""
    names = ("districts", "townships", "communities")
    document = {name: tables[name].to_dicts() for name in names[: names.index(level) + 1]}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


@click.command(cls=Command)
@click.argument("query", required=False)
@option(
    "--format",
    "fmt",
    type=click.Choice(["text", "csv", "json"]),
    default="text",
    show_default=True,
    help="help.divisions.format",
)
@option(
    "--level",
    type=click.Choice(["districts", "townships", "communities"]),
    default="communities",
    show_default=True,
    help="help.divisions.level",
)
@_lang_option()
def divisions(query: str | None, fmt: str, level: str, lang: str) -> None:
    """``scoplan divisions``: the official units under a code or name, from
    :mod:`scoplan.divisions`. Its help is ``help.divisions``."""
    from scoplan import divisions as official
    from scoplan._exceptions import ScoplanError

    if query is None:
        rows = official.provinces()
        if fmt == "json":
            click.echo(json.dumps(rows.to_dicts(), ensure_ascii=False, indent=1))
        elif fmt == "csv":
            click.echo(rows.write_csv(), nl=False)
        else:
            for code, name in rows.iter_rows():
                click.echo(f"{code}  {name}")
        return
    try:
        division = official.find(query)
        tables = official.hierarchy(division)
    except ScoplanError as error:
        _fail(error, lang)
    from scoplan.i18n import translate

    title = translate("divisions.title", lang, name=division.name, code=division.code)
    if fmt == "json":
        click.echo(divisions_json(tables, level), nl=False)
    elif fmt == "csv":
        click.echo(divisions_csv(tables, level), nl=False)
    else:
        click.echo(divisions_text(tables, title, level, lang), nl=False)


@click.command(cls=Command)
@option(
    "--area",
    metavar="AREA",
    required=True,
    help="help.template.area",
)
@option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="help.template.output",
)
@option(
    "--each",
    type=click.Choice(["district", "township"]),
    help="help.template.each",
)
@option(
    "--names",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="help.template.names",
)
@option("--force", is_flag=True, help="help.template.force")
@_lang_option()
def template(
    area: str, output: Path | None, each: str | None, names: str, force: bool, lang: str
) -> None:
    """``scoplan template``: :func:`scoplan.template.write_template` for an official area.
    Its help is ``help.template``."""
    import attrs

    from scoplan._exceptions import Problem, ScoplanError
    from scoplan.divisions import find
    from scoplan.i18n import translate
    from scoplan.template import AS_OPTIONS, write_template

    try:
        division = find(area)
        if output is None:
            # named in the language of the sheets' names: by the unit's name, or its code
            unit = division.name if names == "zh" else division.code
            stem = translate("template.file_name", names, unit=unit)
            output = Path(division.name if each else f"{stem}.xlsx")
        written = write_template(division, output, names=names, each=each, force=force)
    except ScoplanError as error:
        # the function's words name its arguments (force=True), the command's its options
        said = [attrs.evolve(p, code=AS_OPTIONS.get(p.code, p.code)) for p in error.problems]
        _fail(ScoplanError(said), lang)
    except OSError as error:
        where = str(error.filename or output)
        from scoplan._os_reasons import os_reason

        _fail(ScoplanError([Problem("unwritable", where, params=os_reason(error))]), lang)
    for made in written:
        click.echo(
            translate(
                "template.written",
                lang,
                path=str(made.path),
                districts=made.districts,
                townships=made.townships,
                communities=made.communities,
            )
        )
        if made.undecided:
            click.echo(translate("template.undecided", lang, count=made.undecided))


@click.command(cls=Command)
@click.argument("old")
@click.argument("new")
@option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv", "xlsx"]),
    default="text",
    show_default=True,
    help="help.changes.format",
)
@option("--output", "-o", type=click.Path(path_type=Path), help="help.write_to")
@_lang_option()
@_block_option()
def changes(
    old: str, new: str, fmt: str, output: Path | None, lang: str, blocked: tuple[str, ...]
) -> None:
    """``scoplan changes``: two deliveries compared by :mod:`scoplan.changes`. Its help is
    ``help.changes``."""
    from scoplan import _output
    from scoplan import changes as compared
    from scoplan._exceptions import Problem, ScoplanError

    try:
        extensions = {"text": "txt", "json": "json", "csv": "csv", "xlsx": "xlsx"}
        [fmt] = _output.formats_for_output([fmt], not _implicit("fmt"), output, extensions)
        if fmt == "xlsx" and output is None:
            raise ScoplanError([Problem("binary_needs_output", "--format", value="xlsx")])
        where = _output.Destination({fmt: output})
        _output.check(where, [*_output.files_read(old), *_output.files_read(new)])
        result = compared.changes(old, new, registry=_registry(blocked))
    except ScoplanError as error:
        _fail(error, lang)
    rendered: str | bytes
    if fmt == "json":
        rendered = compared.as_json(result)
    elif fmt == "csv":
        rendered = compared.as_csv(result, lang)
    elif fmt == "xlsx":
        rendered = compared.as_workbook(result, lang)
    else:
        rendered = compared.as_text(result, lang)
    _write_one(fmt, rendered, where, lang)
    sys.exit(1 if result else 0)


def add_commands(group: click.Group) -> None:
    """Add the collection commands to the ``scoplan`` group."""
    group.add_command(divisions)
    group.add_command(template)
    group.add_command(changes)


__all__ = ["add_commands", "divisions_csv", "divisions_json", "divisions_text"]
