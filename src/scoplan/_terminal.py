"""The ``scoplan`` command's edge with the user's environment: its streams, its folder, Ctrl-C.

:func:`scoplan._program.run` is the command (the ``scoplan`` script and ``python -m
scoplan``), run inside what this module puts in place. Before that boundary is in place it
imports the standard library only, so that Ctrl-C while the rest is
being imported is ``已中断``/``interrupted`` and exit 130, as it is later on; nothing ever ends
in a traceback. What the environment gets wrong is said as such, and never called a bug:

- a stream whose encoding cannot write Chinese (``PYTHONIOENCODING=latin-1``): what it cannot
  encode is written as a backslash escape (``\\u793e``), so that a JSON report stays JSON;
- standard output closed (``>&-``): a command with something to print says so on standard
  error and exits 2;
- standard error closed (``2>&-``): messages are dropped; the exit code is the same;
- a reader that went away (``scoplan targets | head -1``): what is left to print is dropped,
  quietly, and the exit code is the run's own, the same as if everything had been read (a
  data error's 2 stays 2);
- the current folder deleted during the run: ``当前文件夹已不存在``, exit 2.

A closed standard stream is held open on the null device, so that no file scoplan opens later
gets its number (and whatever is written to it).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scoplan._exceptions import Problem

EXIT_USAGE = 2
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130
DEBUG_VARIABLE = "SCOPLAN_DEBUG"
LANGUAGES = ("zh", "en")
STDOUT = "-"
"""How a message names standard output, as ``--output`` and most commands do."""


class StreamError(OSError):
    """Standard output could not be written: it is closed, or its disk is full."""


class _Writer(io.RawIOBase):
    """A standard stream's file descriptor, written to with the environment's faults made
    plain: a reader gone away (EPIPE) makes it a null device; a closed stream, or any other
    failure, raises :class:`StreamError` (standard output) or is dropped (standard error)."""

    def __init__(self, fd: int, *, closed: bool, quiet: bool, lang: str) -> None:
        super().__init__()
        self._fd = fd
        self._closed = closed
        self._quiet = quiet
        self._lang = lang
        self.dropping = quiet and closed

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        if self._closed:
            raise io.UnsupportedOperation("the stream is closed")
        return self._fd

    def isatty(self) -> bool:
        return not self._closed and os.isatty(self._fd)

    def write(self, data: Any) -> int:
        size = memoryview(data).nbytes
        if self.dropping:
            return size
        if self._closed:
            raise StreamError(errno.EBADF, _translate("cli.stdout_closed", self._lang))
        try:
            return os.write(self._fd, data)
        except BrokenPipeError:
            self.dropping = True
            return size
        except OSError as error:
            if self._quiet:
                self.dropping = True
                return size
            raise StreamError(error.errno, error.strerror) from None


_WRITERS: dict[str, _Writer] = {}
"""The writers under ``sys.stdout`` and ``sys.stderr`` once :func:`prepare` has made them."""
_FOLDER: list[str] = []
"""The current folder when the run started, to name it once it is gone."""


def language(args: Sequence[str]) -> str:
    """The language ``--lang`` names in ``args`` (the last one given), else Chinese: for the
    messages said before, or outside of, the options being read."""
    lang = LANGUAGES[0]
    for index, arg in enumerate(args):
        value = arg[len("--lang=") :] if arg.startswith("--lang=") else None
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        if value in LANGUAGES:
            lang = value
    return lang


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _hold(fd: int) -> None:
    """Put the null device on a closed descriptor, so that no file opened later takes it."""
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


def _writes_to(stream: Any, fd: int) -> bool:
    try:
        return bool(stream.fileno() == fd)
    except (OSError, ValueError, AttributeError):
        return False


def _encodes_chinese(encoding: str, errors: str) -> bool:
    try:
        "社区社会组织".encode(encoding, errors)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _stream(name: str, original: Any, fd: int, *, quiet: bool, lang: str) -> Any:
    """``sys.stdout`` (or ``sys.stderr``) as it should be for scoplan: see the module."""
    encoding = getattr(original, "encoding", None) or "utf-8"
    errors = getattr(original, "errors", None) or "strict"
    if not _encodes_chinese(encoding, errors):
        errors = "backslashreplace"
    if original is not None and not _writes_to(original, fd):
        return original  # not the process's own stream (a test's capture): left as it is
    if original is not None and os.name != "posix":
        # the console streams of Windows are not plain descriptors: only the encoding is mended
        if errors != original.errors:
            with contextlib.suppress(AttributeError, ValueError):
                original.reconfigure(errors=errors)
        return original
    closed = original is None
    if closed and not _is_open(fd):
        _hold(fd)
    if original is not None:
        original.flush()
    writer = _Writer(fd, closed=closed, quiet=quiet, lang=lang)
    _WRITERS[name] = writer
    return io.TextIOWrapper(
        io.BufferedWriter(writer),
        encoding=encoding,
        errors=errors,
        newline="\n",
        line_buffering=getattr(original, "line_buffering", quiet),
        write_through=getattr(original, "write_through", False),
    )


def prepare(lang: str) -> None:
    """Make the standard streams and the descriptors 0 to 2 safe to use; note the folder."""
    with contextlib.suppress(OSError):
        _FOLDER.append(os.getcwd())
    if sys.stdin is None and not _is_open(0):
        _hold(0)
    sys.stdout = _stream("stdout", sys.stdout, 1, quiet=False, lang=lang)
    sys.stderr = _stream("stderr", sys.stderr, 2, quiet=True, lang=lang)


def folder_gone() -> bool:
    """Whether the current folder has been deleted (under the run, or before it)."""
    try:
        os.getcwd()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return False


def _translate(key: str, lang: str) -> str:
    from scoplan.i18n import translate

    return translate(key, lang)


def _echo(text: str) -> None:
    """A line on standard error; nothing at all if it cannot be written."""
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def say(problems: Sequence[Problem], lang: str) -> None:
    """Each problem as a line of standard error: ``错误：where：what``."""
    from scoplan.i18n import problem_line

    for problem in problems:
        _echo(problem_line(problem, lang if lang in ("zh", "en") else "zh"))


def folder_problem() -> Problem:
    """The current folder no longer exists: where it was, as far as scoplan knows."""
    from scoplan._exceptions import Problem

    return Problem("folder_gone", _FOLDER[0] if _FOLDER else _lost_folder())


def _lost_folder() -> str:
    """The deleted current folder's name: Linux still knows it; the shell's ``PWD`` may."""
    with contextlib.suppress(OSError):
        return os.readlink("/proc/self/cwd").removesuffix(" (deleted)")
    shell = os.environ.get("PWD")
    return shell if shell and not os.path.exists(shell) else "."


def blame(error: BaseException, lang: str) -> int | None:
    """The exit code for ``error`` if the environment is at fault (said on standard error),
    else None: a bug, for :func:`failed` to report."""
    from scoplan._exceptions import Problem

    if isinstance(error, StreamError):
        from scoplan._os_reasons import os_reason

        say([Problem("unwritable", STDOUT, params=os_reason(error))], lang)
        return EXIT_USAGE
    if folder_gone():
        # a relative path of the run no longer leads anywhere; whatever failed, this is why
        say([folder_problem()], lang)
        return EXIT_USAGE
    return None


def failed(error: Exception, lang: str) -> int:
    """The exit code for an exception nothing else caught: the environment's fault (2) or a
    bug in scoplan or a plugin (4, a message; ``SCOPLAN_DEBUG=1`` raises it again instead)."""
    code = blame(error, lang)
    if code is not None:
        return code
    if os.environ.get(DEBUG_VARIABLE):
        raise error
    from scoplan._display import TEXT_LIMIT, for_message
    from scoplan._isolation import fault_message

    # an exception's text may quote the data or a database URL: shown safely
    what = for_message(fault_message(error), TEXT_LIMIT, "en")
    _echo(
        f"internal error: {what}\n"
        f"This is a bug in scoplan or a plugin; run again with {DEBUG_VARIABLE}=1 "
        "for the traceback, and report it."
    )
    return EXIT_INTERNAL


def interrupted(lang: str) -> int:
    """Say that Ctrl-C stopped the run; its exit code."""
    _echo(_translate("cli.interrupted", lang))
    return EXIT_INTERRUPTED


def _code(value: object) -> int:
    """The exit code of ``sys.exit(value)``, as Python would give it."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    _echo(str(value))
    return 1


def _outcome(error: BaseException, lang: str) -> int:
    """The exit code for what ended the run early."""
    if isinstance(error, SystemExit):
        return _code(error.code)
    if isinstance(error, KeyboardInterrupt):
        return _stop(lang)
    click = sys.modules.get("click")
    if click is not None and isinstance(error, click.Abort):
        return _stop(lang)  # Ctrl-C while click was reading the arguments
    if click is not None and isinstance(error, click.ClickException):
        with contextlib.suppress(OSError, ValueError):
            error.show()
        return int(error.exit_code)
    if isinstance(error, Exception):
        return failed(error, lang)
    raise error


def _stop(lang: str) -> int:
    # a second Ctrl-C must not interrupt the message, nor the exit
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if "stdout" in _WRITERS:
        _WRITERS["stdout"].dropping = True  # what standard output still holds is not waited for
    return interrupted(lang)


def finish(code: int, lang: str) -> int:
    """Write out what the streams still hold; the exit code, 2 if standard output failed."""
    try:
        sys.stdout.flush()
    except StreamError as error:
        if code in (0, 1):
            code = blame(error, lang) or EXIT_USAGE
    except (OSError, ValueError, AttributeError):
        pass
    _echo_flush()
    for writer in _WRITERS.values():
        # whatever could not be written is not tried again at exit ("Exception ignored …")
        writer.dropping = True
    return code


def _echo_flush() -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
