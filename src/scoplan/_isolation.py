"""Running plugin code so that what goes wrong in it stays its own: time, exits, exceptions.

A plugin runs in scoplan's process with the user's rights; nothing here is a sandbox. What
this module contains is the failures a plugin makes by accident:

- :class:`Runner` calls a function (a target's measure) in a worker thread and waits for
  it until a deadline; past it the call raises :class:`TimedOut` and the thread, which
  Python cannot stop, is abandoned (it is a daemon thread, and the next call gets a new
  one). One worker serves every call until then, so a call costs a hand-over between two
  threads, not a new thread.
- :func:`no_exit` makes ``os._exit`` called by plugin code in the guarded thread raise
  :class:`PluginExit` (a ``SystemExit``) instead of ending the process, for as long as
  the guard lasts. ``sys.exit`` raises ``SystemExit`` already.
- :func:`plugin_fault` says which exceptions are a plugin's fault: all but
  ``KeyboardInterrupt``, which ends the run.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, NoReturn, TypeVar

from scoplan.i18n import translate

T = TypeVar("T")

WORKER_NAME = "scoplan-plugin"
"""The name of the threads plugin functions run in."""


class PluginExit(SystemExit):
    """``os._exit`` called by plugin code while scoplan guards it: raised instead of exiting.
    ``status`` is what it was called with."""

    def __init__(self, status: object) -> None:
        super().__init__(translate("error.plugin_exit", "en", status=repr(status)))
        self.status = status


class TimedOut(Exception):
    """A call that did not finish within its time limit (``seconds``)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


def plugin_fault(error: BaseException) -> bool:
    """Whether an exception raised by plugin code is the plugin's fault (not an interrupt)."""
    return not isinstance(error, KeyboardInterrupt)


# -- os._exit -----------------------------------------------------------------------------

_REAL_EXIT = os._exit
_lock = threading.Lock()
_guarded: dict[int, int] = {}
"""The threads whose calls of ``os._exit`` are a plugin's, each with how deep its guards go."""
_replaced: list[Callable[[int], NoReturn]] = []
"""The ``os._exit`` that the guard replaced, while it is installed."""
_pid: list[int] = []
"""The process the guard was installed in: a child forked by a plugin exits for real."""


def _exit(status: int) -> NoReturn:
    try:
        real = _replaced[0]
    except IndexError:  # the guard is gone (a reference kept from while it was there)
        real = _REAL_EXIT
    if _pid and os.getpid() == _pid[0] and threading.get_ident() in _guarded:
        raise PluginExit(status)
    real(status)
    raise AssertionError("unreachable")  # pragma: no cover


@contextlib.contextmanager
def no_exit() -> Iterator[None]:
    """While it lasts, ``os._exit`` called in this thread raises :class:`PluginExit`.

    Calls from any other thread (or from a child process) exit as always; the original
    ``os._exit`` is back once no thread is guarded any more.
    """
    ident = threading.get_ident()
    with _lock:
        if not _guarded:
            _replaced[:] = [os._exit]
            _pid[:] = [os.getpid()]
            os._exit = _exit
        _guarded[ident] = _guarded.get(ident, 0) + 1
    try:
        yield
    finally:
        with _lock:
            _guarded[ident] -= 1
            if not _guarded[ident]:
                del _guarded[ident]
            if not _guarded:
                if os._exit is _exit:
                    setattr(os, "_exit", _replaced[0])  # noqa: B010 (mypy: a function)
                _replaced.clear()
                _pid.clear()


# -- a worker thread with a time limit ----------------------------------------------------


class _Call:
    """One call handed to a worker: the function, its arguments, and what it gave."""

    __slots__ = ("args", "context", "done", "error", "function", "value")

    def __init__(self, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.function = function
        self.args = args
        # run in the caller's context: what it put in force (the columns plugins declare,
        # the limits) holds in the worker too
        self.context = contextvars.copy_context()
        self.value: Any = None
        self.error: BaseException | None = None
        self.done = threading.Lock()
        self.done.acquire()

    def run(self) -> None:
        try:
            self.value = self.context.run(self.function, *self.args)
        except BaseException as error:  # handed to the caller, who decides
            self.error = error
        finally:
            self.done.release()


class _Worker:
    """A daemon thread that runs the calls put in its queue, one at a time, until None."""

    def __init__(self) -> None:
        self.calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._serve, name=WORKER_NAME, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        with no_exit():
            while (call := self.calls.get()) is not None:
                call.run()


class Runner:
    """Calls functions in a worker thread, each waited for until a deadline.

    The same worker serves every call; one that is still busy at its deadline is abandoned
    (it goes on in the background, and ends when :meth:`close` has been called and its call
    returns) and the next call gets a new worker. Call :meth:`close` when done.
    """

    def __init__(self) -> None:
        self._worker: _Worker | None = None
        self._workers: list[_Worker] = []

    def call(
        self, function: Callable[..., T], *args: Any, deadline: float | None, limit: float
    ) -> T:
        """``function(*args)`` in the worker: its value, or what it raised.

        ``deadline`` is a time of :func:`time.monotonic` (None: no limit); past it,
        :class:`TimedOut` with ``limit`` is raised and the worker is abandoned.
        """
        worker = self._worker
        if worker is None:
            worker = self._worker = _Worker()
            self._workers.append(worker)
        call = _Call(function, args)
        worker.calls.put(call)
        wait = -1.0
        if deadline is not None:
            wait = min(max(deadline - time.monotonic(), 0.0), threading.TIMEOUT_MAX)
        try:
            finished = call.done.acquire(timeout=wait)
        except BaseException:  # an interrupt while waiting: the worker is still busy
            self._worker = None
            raise
        if not finished:
            self._worker = None
            raise TimedOut(limit)
        if call.error is not None:
            error, call.error = call.error, None
            raise error
        value: T = call.value
        return value

    def close(self, *, wait: bool = True) -> None:
        """Let every worker end once it is idle; wait for the one that is (unless not
        ``wait``: after an interrupt, it may be busy still)."""
        for worker in self._workers:
            worker.calls.put(None)
        if wait and self._worker is not None:
            self._worker.thread.join()
        self._worker = None
        self._workers.clear()


def stray_threads() -> list[threading.Thread]:
    """The threads still running besides the main thread (a plugin's, or abandoned ones)."""
    main = threading.main_thread()
    return [t for t in threading.enumerate() if t is not main and t.is_alive()]


def fault_message_zh(error: BaseException) -> str:
    """What :func:`fault_message` says, in Chinese, where scoplan's words say it: a plugin
    that called ``os._exit`` (:class:`PluginExit`) or ``sys.exit``; else empty (a plugin's
    own message is in its own words)."""
    if isinstance(error, PluginExit):
        return translate("error.plugin_exit", "zh", status=repr(error.status))
    if isinstance(error, SystemExit):
        return translate("error.plugin_sys_exit", "zh", code=_shown_code(error.code))
    return ""


def zh_reason(error: BaseException) -> dict[str, str]:
    """``{"reason_zh": …}`` for a problem's params where :func:`fault_message_zh` says
    ``error`` in Chinese (its ``reason`` is then said so in Chinese), else nothing."""
    said = fault_message_zh(error)
    return {"reason_zh": said} if said else {}


def _shown_code(code: object) -> str:
    """A ``SystemExit``'s code as ``sys.exit`` was given it: ``5``, ``'bye'``, or none."""
    if code is None:
        return ""
    try:
        return repr(code)
    except Exception:
        return "…"


def fault_message(error: BaseException) -> str:
    """``Type: message`` for an exception a plugin raised, whatever its message holds.

    A message that cannot be read (its ``__str__`` raises) is named as such; text that is
    not UTF-8 (a lone surrogate) is escaped, so that no report fails to write it.
    """
    return f"{type(error).__name__}: {fault_text(error)}"


def fault_text(error: BaseException, unread: str = "(a message that cannot be read)") -> str:
    """What an exception a plugin raised says (its ``str``), as :func:`fault_message` shows
    it: ``unread`` where its ``__str__`` raises, a lone surrogate escaped."""
    try:
        text = str(error)
    except Exception:
        text = unread
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
