"""Workbooks rewritten as other programs write them, for the workbook loader's tests."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from pathlib import Path


def shared_strings(path: Path, runs: Mapping[str, str] | None = None) -> Path:
    """The workbook with its text kept as Excel keeps it, once, in sharedStrings.xml (openpyxl
    writes it inline in each cell); ``runs``: the XML of some strings' ``<si>``, by text."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    strings: list[str] = []

    def share(match: re.Match[str]) -> str:
        if match.group(2) not in strings:
            strings.append(match.group(2))
        return f'<c{match.group(1)} t="s"><v>{strings.index(match.group(2))}</v></c>'

    for name in parts:
        if name.startswith("xl/worksheets/"):
            xml = parts[name].decode()
            xml = re.sub(r'<c([^>]*?) t="inlineStr"><is>(.*?)</is></c>', share, xml)
            parts[name] = xml.encode()
    items = "".join(f"<si>{(runs or {}).get(xml, xml)}</si>" for xml in strings)
    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/sharedStrings.xml"] = f'<sst xmlns="{main_ns}">{items}</sst>'.encode()
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    types = parts["[Content_Types].xml"].decode()
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/>'
    parts["[Content_Types].xml"] = types.replace("</Types>", f"{override}</Types>").encode()
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    link = f'<Relationship Id="rIdStrings" Type="{relation}" Target="sharedStrings.xml"/>'
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>", f"{link}</Relationships>"
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def with_macro_sheet(path: Path) -> Path:
    """The workbook with an empty Excel 4.0 macro sheet (宏1) after its sheets, as an old
    ``.xlsm`` keeps one: a layout the workbook loader leaves to openpyxl, which reads every
    sheet (the macro sheet too, as a sheet of no cell, skipped)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    excel_ns = "http://schemas.microsoft.com/office/excel/2006/main"
    parts["xl/macrosheets/sheet1.xml"] = (
        f'<xm:macrosheet xmlns="{main_ns}" xmlns:xm="{excel_ns}"><sheetData/></xm:macrosheet>'
    ).encode()
    relation = "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet"
    link = f'<Relationship Id="rIdMacro" Type="{relation}" Target="macrosheets/sheet1.xml"/>'
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>", f"{link}</Relationships>"
    ).encode()
    r_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheet = f'<sheet xmlns:r="{r_ns}" name="宏1" sheetId="99" r:id="rIdMacro"/>'
    book = parts["xl/workbook.xml"].decode()
    parts["xl/workbook.xml"] = book.replace("</sheets>", f"{sheet}</sheets>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path
