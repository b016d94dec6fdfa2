"""The ``scoplan`` program: the command group run inside :mod:`scoplan._terminal`'s edge.

The ``scoplan`` script and ``python -m scoplan`` call :func:`run`. It lives apart from
:mod:`scoplan._terminal`, which :mod:`scoplan.cli` uses, so that neither of those two
imports the other back: the command group is imported here, once the edge is in place.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import NoReturn

from scoplan._terminal import LANGUAGES, _outcome, _stop, finish, language, prepare


def run() -> NoReturn:
    """The ``scoplan`` command: its arguments from ``sys.argv``; exits with its exit code."""
    lang = LANGUAGES[0]
    try:
        try:
            lang = language(sys.argv[1:])
            prepare(lang)
            from scoplan.cli import main

            result = main.main(standalone_mode=False)
            code = result if isinstance(result, int) else 0
        except BaseException as error:
            code = _outcome(error, lang)
        code = finish(code, lang)
    except KeyboardInterrupt:
        # Ctrl-C while a message was being said or the output written out
        code = _stop(lang)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit(code)


def _exit(code: int) -> NoReturn:
    """Exit with ``code``; at once when a thread a plugin left running (a target that took
    too long, a thread it started) would keep the process from ending, or trip over its end
    (as ``scoplan.cli._end`` does). The streams are written out already."""
    from scoplan._isolation import stray_threads

    if stray_threads():
        os._exit(code)
    sys.exit(code)
