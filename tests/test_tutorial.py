"""The tutorial works: every block of docs/writing-targets.md is run, in order, in a fresh
environment, and the Chinese version has exactly the same blocks.

The environment is a new virtual environment that sees this one's packages (scoplan, pip,
pytest, hypothesis, hatchling) through a ``.pth`` file, with its own ``pip``, ``scoplan``
and ``pytest`` commands. pip is told, through its environment, to use no index, install no
dependencies and build without isolation, so that the tutorial's own ``pip install -e .``
really installs the tutorial's package, offline, in a second or two.

Blocks, by their fence line:

- ```` ```bash ````: run with ``bash -euo pipefail`` in the current folder; a ``cd`` in it
  carries over to the blocks after it, as in a reader's shell;
- ```` ```python title="PATH" ```` / ```` ```toml title="PATH" ````: the file PATH (relative to
  the current folder) is written; with ``append``, added to the end of it;
- ```` ```python ````: run as a script in the current folder;
- ```` ```text output ````: what the block before it prints: each line must be found in a
  line of its output (runs of spaces count as one);
- ```` ```text files ````: paths (relative to where the tutorial starts) that must exist at
  the end.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from docblocks import Block, blocks

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "writing-targets.md"
TUTORIAL_ZH = ROOT / "docs" / "writing-targets.zh.md"

COMMANDS = {
    "pip": "from pip._internal.cli.main import main",
    "scoplan": "from scoplan.cli import main",
    "pytest": "from pytest import console_main as main",
}
"""The commands the tutorial uses, made in the new environment (its python, our packages)."""


def fresh_environment(folder: Path) -> dict[str, str]:
    """A new virtual environment in ``folder`` that sees this one's packages; the process
    environment that puts it first on PATH and keeps pip offline."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    paths = sysconfig.get_paths(vars={"base": str(folder), "platbase": str(folder)})
    ours = [p for p in site.getsitepackages() if Path(p).is_dir()]
    lines = [f"import site; site.addsitedir({p!r})" for p in ours]
    (Path(paths["purelib"]) / "scoplan-host.pth").write_text("\n".join(lines) + "\n")
    python = Path(paths["scripts"]) / "python"
    for name, source in COMMANDS.items():
        command = Path(paths["scripts"]) / name
        command.write_text(f"#!{python}\nimport sys\n{source}\nsys.exit(main())\n")
        command.chmod(0o755)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PIP_", "PYTEST_", "SCOPLAN_", "PYTHON", "VIRTUAL_ENV"))
    }
    env.update(
        PATH=f"{paths['scripts']}{os.pathsep}{os.environ.get('PATH', '')}",
        VIRTUAL_ENV=str(folder),
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_INDEX="1",
        PIP_NO_DEPS="1",
        PIP_NO_BUILD_ISOLATION="0",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    return env


def squeeze(text: str) -> str:
    """``text`` with each run of spaces made one, and no space at either end."""
    return " ".join(text.split())


class Reader:
    """Someone following the tutorial: a shell's current folder, what they wrote, and the
    output of the last thing they ran."""

    def __init__(self, start: Path, scripts: Path, env: dict[str, str]) -> None:
        self.start = start
        self.cwd = start
        self.scripts = scripts
        self.env = env
        self.output: str | None = None
        self.files: list[str] = []

    def run(self, command: list[str], block: Block) -> str:
        done = subprocess.run(
            command, cwd=self.cwd, env=self.env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, (
            f"{block.where()} exited {done.returncode}:\n{block.text}\n"
            f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
        )
        return done.stdout

    def follow(self, block: Block) -> None:
        if block.lang == "text" and "output" in block.flags:
            self.expect(block)
            return
        self.output = None
        if block.lang == "text" and "files" in block.flags:
            self.files += [line.strip() for line in block.text.splitlines() if line.strip()]
        elif block.title is not None and block.lang in ("python", "toml"):
            self.write(block)
        elif block.lang == "bash":
            where = self.scripts / "cwd"
            script = f"{block.text}\npwd > {where}\n"
            self.output = self.run(["bash", "-euo", "pipefail", "-c", script], block)
            self.cwd = Path(where.read_text().strip())
        elif block.lang == "python":
            script = self.scripts / f"block_{block.line}.py"
            script.write_text(block.text, encoding="utf-8")
            self.output = self.run(["python", str(script)], block)
        else:
            pytest.fail(f"{block.where()}: a block the tutorial test does not know how to run")

    def write(self, block: Block) -> None:
        assert block.title is not None
        path = self.cwd / block.title
        if "append" in block.flags:
            assert path.exists(), f"{block.where()} appends to {block.title}, not yet written"
            before = path.read_text(encoding="utf-8").rstrip("\n")
            path.write_text(before + "\n\n\n" + block.text, encoding="utf-8")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block.text, encoding="utf-8")

    def expect(self, block: Block) -> None:
        assert self.output is not None, f"{block.where()}: output of nothing (no block before)"
        got = [squeeze(line) for line in self.output.splitlines()]
        for line in block.text.splitlines():
            if line.strip():
                assert any(squeeze(line) in g for g in got), (
                    f"{block.where()}: {line.strip()!r} is not in the output:\n{self.output}"
                )


def test_following_the_tutorial_installs_a_working_plugin(tmp_path):
    """From nothing, the tutorial's package installs, shows in ``scoplan targets`` and
    ``scoplan plugins``, evaluates in its plan, and passes its tests and the contract."""
    env = fresh_environment(tmp_path / "venv")
    start = tmp_path / "work"
    scripts = tmp_path / "scripts"
    start.mkdir()
    scripts.mkdir()
    reader = Reader(start, scripts, env)
    for block in blocks(TUTORIAL):
        reader.follow(block)
    for name in reader.files:
        assert (start / name).is_file(), f"the tutorial lists {name}, which was never written"
    kinds = {block.lang for block in blocks(TUTORIAL)}
    assert {"bash", "python", "toml", "text"} <= kinds


def test_the_chinese_tutorial_has_the_same_blocks():
    """The Chinese version runs exactly the same code (so the test above covers it too)."""
    english = [(b.lang, b.title, b.flags, b.text) for b in blocks(TUTORIAL)]
    chinese = [(b.lang, b.title, b.flags, b.text) for b in blocks(TUTORIAL_ZH)]
    assert chinese == english


def test_the_tutorial_has_no_block_it_cannot_run():
    """Each block is a file, a command, a script, or expected output or files."""
    for block in blocks(TUTORIAL):
        runnable = (
            block.lang == "bash"
            or (block.lang in ("python", "toml") and block.title is not None)
            or (block.lang == "python" and not block.flags)
            or (block.lang == "text" and block.flags in ({"output"}, {"files"}))
        )
        assert runnable, block.where()
