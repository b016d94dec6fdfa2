"""Where reports go, and how they are written without harming anything the user gave.

What this module guarantees (the README's "Where reports go" says it for users):

- **Nothing a run reads is written.** :func:`check` refuses, before the data is read, an
  output that is an input (however spelt: through links, or a hard link to it), that lies
  inside an input folder, or — for a set of reports written as a folder — a folder that
  holds an input. :func:`files_read` says what a source reads: a file, a folder and its
  files, the file behind a ``sqlite:`` URL (and its journal), a mapping file.
- **A file is replaced whole or not at all.** A report is written into a temporary file
  beside it, then moved into place (:func:`os.replace`); through a symbolic link, the file
  it points to is replaced and the link kept. A device, a FIFO or an open descriptor
  (``/dev/null``, ``/dev/stdout``) is a stream, not a document: it is written in place,
  never replaced by a file.
- **A set of reports is one thing.** Several formats go into a fresh folder beside the
  output folder, which then takes its place (the old one moved aside, then removed), so a
  reader finds the old set or the new one and the folder holds exactly this run's reports.
  Because the folder is replaced, it may hold only scoplan's reports (``report.EXT``)
  beforehand: anything else is refused, never deleted. Where a folder cannot be swapped (a
  mount point, a parent that may not be written, the current folder) the reports are moved
  in one by one, interrupts held back until all are in: a crash of the machine in those
  microseconds could then leave a mix.
- **An interrupt leaves nothing behind.** Ctrl-C while writing, and SIGTERM or SIGHUP inside
  :func:`signals_raise` (which the command uses), remove the temporary files and folders;
  while reports are being moved into place these signals are held back and acted on once
  the move is complete.

Signals are handled only in the main thread; elsewhere a signal has its usual effect.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from scoplan._exceptions import Problem, ScoplanError

if TYPE_CHECKING:
    from scoplan.formats import Renderer

REPORT = "report"
"""The name of each report of a set: ``report.EXT``."""

Content = bytes | Callable[[Path], None]
"""What :func:`write_file` writes: bytes, or a function that writes a new file at a path."""


# -- signals -------------------------------------------------------------------------------


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived inside :func:`signals_raise`.

    A ``BaseException``, like ``KeyboardInterrupt``: ``finally`` clauses remove what was
    being written, and no ``except Exception`` takes it for a failure.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(f"terminated by signal {signum}")
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """What a shell reports for a process the signal ended: 128 + its number."""
        return 128 + self.signum


def _signals(*names: str) -> tuple[signal.Signals, ...]:
    return tuple(getattr(signal, name) for name in names if hasattr(signal, name))


_RAISED = _signals("SIGTERM", "SIGHUP")
_HELD = _signals("SIGINT", "SIGTERM", "SIGHUP")

Handler = Callable[[int, Any], Any] | int | signal.Handlers | None


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _install(signals: Iterable[signal.Signals], handler: Handler) -> dict[signal.Signals, Handler]:
    """Install ``handler`` for ``signals``; the handlers it replaced, to restore."""
    previous: dict[signal.Signals, Handler] = {}
    for signum in signals:
        old = signal.getsignal(signum)
        if old is None:  # installed outside Python: cannot be restored, so left alone
            continue
        previous[signum] = old
        signal.signal(signum, handler)
    return previous


def _restore(previous: Mapping[signal.Signals, Handler]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """Within: SIGTERM and SIGHUP raise :class:`Terminated`, as SIGINT raises
    ``KeyboardInterrupt``, so that what is being written is cleaned up. A second such
    signal while cleaning up is ignored, and so is one that was ignored before."""
    if not _in_main_thread():
        yield
        return

    def handler(signum: int, _: Any) -> None:
        for other in _RAISED:
            signal.signal(other, signal.SIG_IGN)
        raise Terminated(signum)

    # a signal ignored (SIGHUP under nohup) stays ignored
    raised = [s for s in _RAISED if signal.getsignal(s) != signal.SIG_IGN]
    previous = _install(raised, handler)
    try:
        yield
    finally:
        _restore(previous)


@contextlib.contextmanager
def _held() -> Iterator[None]:
    """Within: SIGINT, SIGTERM and SIGHUP are noted, not acted on; the first is raised again
    at the end, for its usual handler."""
    if not _in_main_thread():
        yield
        return
    received: list[int] = []
    previous = _install(_HELD, lambda signum, _: received.append(signum))
    try:
        yield
    finally:
        _restore(previous)
        if received:
            signal.raise_signal(received[0])


# -- what a run reads ----------------------------------------------------------------------

_SQLITE_URL = re.compile(r"^(?:sqlite(?:\+[A-Za-z0-9_]+)?|duckdb)://", re.IGNORECASE)
_SQLITE_COMPANIONS = ("-journal", "-wal", "-shm", ".wal")  # .wal: DuckDB's log


def files_read(source: str) -> list[Path]:
    """The local files and folders a run on ``source`` reads.

    A path: itself and, for a folder, each of its entries (an entry may be a link to a file
    elsewhere). A URL: the file of a ``sqlite:``, ``sqlite+DRIVER:`` or ``duckdb:`` URL with its
    journal files, and a ``mapping=`` file. Other URLs name nothing local.
    """
    if "://" not in source:
        path = Path(source)
        found = [path]
        if path.is_dir():
            with contextlib.suppress(OSError):
                found += sorted(path.iterdir())
        return found
    base, _, query = source.partition("?")
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    found = [Path(value) for key, value in pairs if key == "mapping" and value]
    match = _SQLITE_URL.match(base)
    if match is not None:
        # as the loader reads it: sqlite:///a.db is a.db, sqlite:////srv/a.db is /srv/a.db
        location = base[match.end() :].removeprefix("/")
        if location and location != ":memory:":
            found.append(Path(location))
            found += [Path(location + suffix) for suffix in _SQLITE_COMPANIONS]
    return found


def _identity(path: str | Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def _same(one: Path, other: Path) -> bool:
    """Whether two paths name one file: the same path once links are resolved, or (both
    existing) the same device and inode, as a hard link or a bind mount gives."""
    if os.path.realpath(one) == os.path.realpath(other):
        return True
    mine = _identity(one)
    return mine is not None and mine == _identity(other)


def _within(inner: Path, outer: Path) -> bool:
    """Whether ``inner`` is ``outer`` or lies inside it, links resolved; an existing
    ``outer`` is also recognised by identity in ``inner``'s ancestry (a bind mount)."""
    path, container = os.path.realpath(inner), os.path.realpath(outer)
    if path == container or path.startswith(container.rstrip(os.sep) + os.sep):
        return True
    wanted = _identity(container)
    if wanted is None:
        return False
    while True:
        if _identity(path) == wanted:
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent


def refusals(target: Path, inputs: Iterable[Path], where: str | None = None) -> list[Problem]:
    """Why ``target`` may not be written, given what the run reads: at most one problem."""
    inputs = list(inputs)
    where = str(target) if where is None else where
    for given in inputs:
        if _same(target, given):
            return [Problem("output_is_input", where, value=str(given))]
    for given in inputs:
        if _within(target, given):
            return [Problem("output_in_input", where, value=str(given))]
    return []


# -- where reports go ----------------------------------------------------------------------


@attrs.frozen
class Destination:
    """Where each format's report goes.

    ``files`` maps a format to its file, or to ``None`` for standard output. ``folder`` is
    set when several formats are written as one set into a folder, as ``report.EXT``;
    ``own`` then names the files that folder may hold beforehand: ``report.EXT`` of every
    format installed.
    """

    files: Mapping[str, Path | None]
    folder: Path | None = None
    own: frozenset[str] = frozenset()


def format_names(given: str) -> list[str]:
    """The formats ``--format`` names (comma-separated; ``text`` when none), each once, an
    alias as its format's id (``md`` → ``markdown``: :data:`~scoplan.formats.FORMAT_ALIASES`)."""
    from scoplan.formats import FORMAT_ALIASES

    names = [FORMAT_ALIASES.get(f.strip(), f.strip()) for f in given.split(",") if f.strip()]
    return list(dict.fromkeys(names)) or ["text"]


def formats_for_output(
    formats: list[str],
    given: bool,
    output: Path | None,
    extensions: Mapping[str, str],
    binary: Iterable[str] = ("xlsx", "docx"),
) -> list[str]:
    """The formats to write, given ``--format`` (``formats``; ``given``: whether the user gave
    it) and ``--output``, whose name may say the format: ``-o 报告.xlsx`` without ``--format``
    writes a workbook, not text under a workbook's name that Excel then refuses.
    ``extensions``: each format's file extension (``{"xlsx": "xlsx", "text": "txt"}``);
    ``binary``: the formats whose files are not text.

    A ScoplanError (a usage error) when ``--format`` names one format and the output's name
    ends in another's extension (``--format json -o 报告.xlsx``), but for text under a text
    format's name (``--format text -o 报告.md``). An output that is a folder, or whose
    extension is no format's, says nothing."""
    if output is None or output.is_dir() or len(formats) != 1:
        return formats
    suffix = output.suffix.lower().removeprefix(".")
    named = [name for name, extension in extensions.items() if extension == suffix]
    if not named or formats[0] in named:
        return formats
    if not given:
        return named[:1]
    if formats[0] == "text" and named[0] not in set(binary):
        return formats
    raise ScoplanError(
        [
            Problem(
                "format_not_output",
                "--format",
                value=formats[0],
                params={"suffix": output.suffix, "expected": named[0]},
            )
        ]
    )


def destination(
    formats: Iterable[str], output: Path | None, renderers: Mapping[str, Renderer]
) -> Destination:
    """Where the reports of ``formats`` go, given ``--output``; a ScoplanError (a usage
    error) when that cannot be: several formats without a folder, a binary format on
    standard output, several formats and an output that is a file or looks like one."""
    names = list(dict.fromkeys(formats))
    if output is None:
        if len(names) > 1:
            raise ScoplanError([Problem("several_formats_need_output", "--format")])
        renderer = renderers[names[0]]
        if renderer.binary:
            raise ScoplanError([Problem("binary_needs_output", "--format", value=renderer.id)])
        return Destination({names[0]: None})
    if len(names) == 1:
        if output.is_dir():
            return Destination({names[0]: output / f"{REPORT}.{renderers[names[0]].extension}"})
        return Destination({names[0]: output})
    if not output.is_dir():
        if os.path.lexists(output):
            raise ScoplanError([Problem("output_not_a_folder", str(output))])
        if output.suffix:
            raise ScoplanError(
                [Problem("output_looks_like_a_file", str(output), value=output.suffix)]
            )
    own = frozenset(f"{REPORT}.{renderer.extension}" for renderer in renderers.values())
    files = {name: output / f"{REPORT}.{renderers[name].extension}" for name in names}
    return Destination(files, output, own)


def _stranger(folder: Path, own: frozenset[str], ignore: str = "") -> str | None:
    """The first entry of ``folder`` that is not one of scoplan's reports, or None."""
    try:
        entries = sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return None
    for entry in entries:
        if entry == ignore:
            continue
        try:
            mode = os.lstat(folder / entry).st_mode
        except FileNotFoundError:
            continue
        if entry not in own or stat.S_ISDIR(mode):
            return entry
    return None


def _stranger_problem(folder: Path, entry: str) -> Problem:
    return Problem("output_folder_not_own", str(folder), value=entry)


def check(where: Destination, inputs: Iterable[Path]) -> None:
    """Refuse, with every problem at once, to write what the run reads; and a set's folder
    holding anything but scoplan's reports."""
    inputs = list(inputs)
    problems: list[Problem] = []
    if where.folder is not None:
        problems += refusals(where.folder, inputs)
        inside = next((given for given in inputs if _within(given, where.folder)), None)
        if not problems and inside is not None:
            problems.append(Problem("input_in_output", str(where.folder), value=str(inside)))
        entry = _stranger(where.folder, where.own) if not problems else None
        if entry is not None:
            problems.append(_stranger_problem(where.folder, entry))
    else:
        for target in where.files.values():
            if target is not None:
                problems += refusals(target, inputs)
    if problems:
        raise ScoplanError(problems)


# -- writing one file ----------------------------------------------------------------------

_DESCRIPTOR = re.compile(r"/proc/(\d+)(?:/task/\d+)?/fd/(\d+)|/dev/fd/(\d+)")


def _descriptor(path: Path) -> tuple[bool, int | None]:
    """Whether ``path`` names an open descriptor (``/dev/stdout``, ``/dev/fd/1``,
    ``/proc/PID/fd/N``) rather than a file by its name; and the descriptor's number when it
    is this process's own."""
    current = os.path.abspath(path)
    for _ in range(40):  # as many links as the kernel follows
        head, tail = os.path.split(current)
        named = os.path.join(os.path.realpath(head), tail)
        match = _DESCRIPTOR.fullmatch(named)
        if match is not None:
            pid, number, own = match.groups()
            if own is not None:
                return True, int(own)
            return True, int(number) if int(pid) == os.getpid() else None
        if not os.path.islink(named):
            return False, None
        current = os.path.normpath(os.path.join(os.path.dirname(named), os.readlink(named)))
    return False, None


def _write_bytes(fd: int, data: bytes) -> None:
    """Write all of ``data`` to the open descriptor ``fd``."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _new_file_mode() -> int:
    return 0o666 & ~_umask()


def write_file(path: Path, content: Content) -> None:
    """Write ``content`` to ``path`` whole.

    A new path or a regular file (through any links) is written atomically: a temporary
    file beside it, moved into place. A device, a FIFO, a socket or an open descriptor is
    written in place. Raises OSError; an interrupt leaves no temporary file.
    """
    is_descriptor, own = _descriptor(path)
    try:
        status: os.stat_result | None = os.stat(path)
    except OSError:
        status = None
    if is_descriptor or (status is not None and not stat.S_ISREG(status.st_mode)):
        _write_in_place(path, own, status, content)
        return
    real = Path(os.path.realpath(path))  # through a link: its file is replaced, the link kept
    try:
        if real.parent.exists() and not real.parent.is_dir():
            # mkdir would say "File exists" of it, which says nothing
            error_number = errno.ENOTDIR
            raise NotADirectoryError(error_number, os.strerror(error_number), str(real.parent))
        real.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as error:
        # the error names the temporary file it could not make: the user named ``path``
        if error.filename is not None and Path(error.filename).parent == real.parent:
            error.filename = os.fspath(path)
        raise
    temporary = Path(name)
    try:
        if isinstance(content, bytes):
            with os.fdopen(fd, "wb") as handle:
                _write_bytes(handle.fileno(), content)
        else:
            os.close(fd)
            temporary.unlink()  # sqlite3 and openpyxl each make the file themselves
            content(temporary)
        # mkstemp makes the file private; the output gets the mode a new file would get
        os.chmod(temporary, _new_file_mode())
        os.replace(temporary, real)
    finally:
        with _held():
            temporary.unlink(missing_ok=True)


_DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def _atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Write a file through ``write`` into a temporary name beside it, then move it into place;
    a device or FIFO (``/dev/null``) is written in place instead, never replaced. A full disk
    is a :class:`~scoplan.ScoplanError` (``disk_full``); nothing is left behind."""
    try:
        write_file(path, write)
    except OSError as error:
        _refuse_full(error, path)
        raise


def _refuse_full(error: OSError, path: Path) -> None:
    if error.errno in _DISK_FULL:
        raise ScoplanError([Problem("disk_full", str(path))]) from None


def _write_in_place(
    path: Path, own: int | None, status: os.stat_result | None, content: Content
) -> None:
    """Write into a stream: this process's descriptor ``own``, or ``path`` opened for writing
    (never created, never replaced)."""
    if not isinstance(content, bytes):
        with tempfile.TemporaryDirectory(prefix="scoplan-") as folder:
            made = Path(folder) / path.name
            content(made)
            content = made.read_bytes()
    if own is not None:
        _write_bytes(own, content)
        return
    regular = status is not None and stat.S_ISREG(status.st_mode)
    flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | (os.O_TRUNC if regular else 0)
    fd = os.open(path, flags)
    try:
        _write_bytes(fd, content)
    finally:
        os.close(fd)


# -- writing a set of reports ----------------------------------------------------------------


class _CannotSwap(Exception):
    """The folder cannot be replaced by another: its reports are moved in one by one."""


_CANNOT_SWAP = frozenset({errno.EBUSY, errno.EXDEV, errno.EACCES, errno.EPERM, errno.EROFS})


def write(where: Destination, rendered: Mapping[str, bytes]) -> None:
    """Write each format's report where ``where`` says (formats going to standard output, or
    missing from ``rendered``, are left out). Raises OSError, and ScoplanError when a set's
    folder has come to hold something else since :func:`check`."""
    # a format missing from ``rendered`` (its renderer failed) is not written
    if where.folder is None:
        for name, target in where.files.items():
            if target is not None and name in rendered:
                write_file(target, rendered[name])
        return
    files = {
        target.name: rendered[name]
        for name, target in where.files.items()
        if target and name in rendered
    }
    folder = Path(os.path.realpath(where.folder))
    here = os.path.realpath(os.getcwd())
    if os.path.ismount(folder) or _within(Path(here), folder):
        _move_in(folder, files, where.own)
        return
    try:
        _swap(folder, files, where.own)
    except _CannotSwap:
        _move_in(folder, files, where.own)


def _fill(folder: Path, files: Mapping[str, bytes]) -> None:
    for name, data in files.items():
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            _write_bytes(fd, data)
        finally:
            os.close(fd)


def _discard(folder: Path, own: frozenset[str]) -> None:
    """Remove scoplan's reports from ``folder`` and then the folder, if nothing else is in
    it; anything else is left where it is."""
    for name in own:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            (folder / name).unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


def _swap(folder: Path, files: Mapping[str, bytes], own: frozenset[str]) -> None:
    """Write the reports into a fresh folder beside ``folder``, then put it in its place."""
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    try:
        old = os.stat(folder)
    except FileNotFoundError:
        old = None
    try:
        staging: Path | None = Path(
            tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}.", suffix=".tmp")
        )
    except OSError as error:
        if old is not None and error.errno in _CANNOT_SWAP:
            raise _CannotSwap from error
        raise
    aside: Path | None = None
    holds_old = False  # whether ``aside`` holds the old set (not only a placeholder)
    try:
        assert staging is not None
        _fill(staging, files)
        if old is None:
            os.chmod(staging, 0o777 & ~_umask())  # mkdtemp's is private
        else:
            os.chmod(staging, stat.S_IMODE(old.st_mode))
            if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(OSError):
                    os.chown(staging, old.st_uid, old.st_gid)
        with _held():
            entry = _stranger(folder, own)
            if entry is not None:  # came since the check: never removed
                raise ScoplanError([_stranger_problem(folder, entry)])
            if old is not None:
                # an empty folder of a unique name, which the rename replaces
                aside = Path(tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}.", suffix=".old"))
                try:
                    os.rename(folder, aside)
                except OSError as error:
                    if error.errno in _CANNOT_SWAP or error.errno == errno.EINVAL:
                        raise _CannotSwap from error
                    raise
                holds_old = True
            try:
                os.rename(staging, folder)
            except BaseException:
                if aside is not None and holds_old and not os.path.lexists(folder):
                    os.rename(aside, folder)  # the old set back in its place
                    aside = None
                raise
            staging = None
    finally:
        with _held():
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            # the old set is removed once the new one is in place; were it not, and could
            # it not go back, it is kept where it was moved aside
            if aside is not None and (staging is None or not holds_old):
                _discard(aside, own)


def _move_in(folder: Path, files: Mapping[str, bytes], own: frozenset[str]) -> None:
    """Write the reports into a temporary folder inside ``folder``, then move them in one by
    one, interrupts held back until all are in and the other formats' old reports gone."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=".scoplan-", suffix=".tmp"))
    try:
        _fill(staging, files)
        with _held():
            entry = _stranger(folder, own, ignore=staging.name)
            if entry is not None:
                raise ScoplanError([_stranger_problem(folder, entry)])
            for name in files:
                os.replace(staging / name, folder / name)
            for name in own - set(files):
                with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                    (folder / name).unlink()
    finally:
        with _held():
            shutil.rmtree(staging, ignore_errors=True)
