"""Move words from a Python dict of catalogues into ``src/scoplan/i18n/{zh,en}.toml``.

Until issue 17 the catalogue was the ``CATALOGUES`` dict of ``src/scoplan/i18n.py`` (with the
collection words of ``src/scoplan/_collection_words.py`` spread into it). A branch that added
words there is merged mechanically::

    git show other-branch:src/scoplan/i18n.py > /tmp/old_i18n.py
    git show other-branch:src/scoplan/_collection_words.py > /tmp/_collection_words.py
    python scripts/i18n_to_toml.py /tmp/old_i18n.py --spread /tmp/_collection_words.py

Keys already in the TOML files keep their place; a key the dict has and the files lack is
added at the end of both files; a key whose words differ is replaced by the dict's words
(``--keep`` keeps the files' words instead). The dict is read with :mod:`ast`, never run.
``--check`` changes nothing and exits 1 when the files would change.
"""

from __future__ import annotations

import argparse
import ast
import sys
import tomllib
from pathlib import Path

LANGUAGES = ("zh", "en")
ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "src" / "scoplan" / "i18n"
HEADER = {
    "zh": "# 中文词表：scoplan 的每一个词。键与 en.toml 一一对应（tests/test_i18n.py 检查）。\n",
    "en": "# The English catalogue: every word of scoplan. Its keys are zh.toml's, one for one\n"
    "# (tests/test_i18n.py checks).\n",
}


def _names(tree: ast.Module) -> dict[str, ast.expr]:
    """Module-level ``NAME = value`` and ``NAME: type = value`` assignments."""
    found: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.value is not None:
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value
        elif (
            isinstance(node, ast.AnnAssign)
            and node.value is not None
            and isinstance(node.target, ast.Name)
        ):
            found[node.target.id] = node.value
    return found


def _spread_values(paths: list[Path]) -> dict[str, dict[str, str]]:
    """The dicts a catalogue spreads (``**_COLLECTION_ZH``), by every name they may go by."""
    values: dict[str, dict[str, str]] = {}
    for path in paths:
        for name, node in _names(ast.parse(path.read_text("utf-8"))).items():
            if isinstance(node, ast.Dict) and all(k is not None for k in node.keys):
                words = ast.literal_eval(node)
                values[name] = words
                values[f"_COLLECTION_{name}"] = words
    return values


def _words(node: ast.expr, spreads: dict[str, dict[str, str]]) -> dict[str, str]:
    if not isinstance(node, ast.Dict):
        raise SystemExit(f"not a dict literal at line {node.lineno}")
    words: dict[str, str] = {}
    for key, value in zip(node.keys, node.values, strict=True):
        if key is None:  # ``**NAME``
            if not isinstance(value, ast.Name) or value.id not in spreads:
                raise SystemExit(f"cannot resolve the spread at line {value.lineno}")
            words.update(spreads[value.id])
        else:
            words[ast.literal_eval(key)] = ast.literal_eval(value)
    return words


def catalogues_of(path: Path, spread: list[Path]) -> dict[str, dict[str, str]]:
    """``CATALOGUES`` of a Python file, read with :mod:`ast`."""
    node = _names(ast.parse(path.read_text("utf-8"))).get("CATALOGUES")
    if not isinstance(node, ast.Dict):
        raise SystemExit(f"{path}: no CATALOGUES = {{...}} dict literal")
    spreads = _spread_values(spread)
    found = {
        ast.literal_eval(k): _words(v, spreads) for k, v in zip(node.keys, node.values, strict=True)
    }
    return {lang: found[lang] for lang in LANGUAGES}


def _string(text: str) -> str:
    """A TOML basic string (one line, escapes as TOML reads them)."""
    out = ['"']
    for char in text:
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def render(lang: str, words: dict[str, str]) -> str:
    """A catalogue as TOML: one quoted key a line, blank lines between key prefixes."""
    lines = [HEADER[lang]]
    previous = None
    for key, text in words.items():
        prefix = key.split(".", 1)[0]
        if previous is not None and prefix != previous:
            lines.append("\n")
        previous = prefix
        lines.append(f"{_string(key)} = {_string(text)}\n")
    return "".join(lines)


def read_files(folder: Path) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        path = folder / f"{lang}.toml"
        found[lang] = tomllib.loads(path.read_text("utf-8")) if path.exists() else {}
    return found


def merged(
    old: dict[str, dict[str, str]], new: dict[str, dict[str, str]], keep: bool
) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        words = dict(old[lang])
        for key, text in new[lang].items():
            if key not in words or not keep:
                words[key] = text
        out[lang] = words
    # the other languages follow Chinese's order, so that the files read side by side
    order = {key: n for n, key in enumerate(out["zh"])}
    for lang in LANGUAGES[1:]:
        out[lang] = dict(sorted(out[lang].items(), key=lambda kv: order.get(kv[0], len(order))))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="a Python file with CATALOGUES = {...}")
    parser.add_argument(
        "--spread", type=Path, action="append", default=[], help="a file of dicts it spreads"
    )
    parser.add_argument("--folder", type=Path, default=FOLDER)
    parser.add_argument("--keep", action="store_true", help="keep the files' words on conflict")
    parser.add_argument("--check", action="store_true", help="exit 1 if the files would change")
    args = parser.parse_args(argv)

    spread = args.spread
    beside = args.source.parent / "_collection_words.py"
    if not spread and beside.exists():
        spread = [beside]
    new = catalogues_of(args.source, spread)
    old = read_files(args.folder)
    words = merged(old, new, args.keep)
    changed = False
    for lang in LANGUAGES:
        path = args.folder / f"{lang}.toml"
        text = render(lang, words[lang])
        if tomllib.loads(text) != words[lang]:
            raise SystemExit(f"{lang}: the TOML written does not read back the same")
        if not path.exists() or path.read_text("utf-8") != text:
            changed = True
            added = sorted(set(words[lang]) - set(old[lang]))
            print(f"{path}: {len(added)} keys added, {len(words[lang])} in all")
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, "utf-8")
    return 1 if changed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
