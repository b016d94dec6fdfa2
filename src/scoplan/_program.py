"""The ``scoplan`` program: the command group run inside :mod:`scoplan._terminal`'s edge.

The ``scoplan`` script and ``python -m scoplan`` call :func:`run`. It lives apart from
:mod:`scoplan._terminal`, which :mod:`scoplan.cli` uses, so that neither of those two
imports the other back: the command group is imported here, once the edge is in place.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from typing import NoReturn

from scoplan._terminal import LANGUAGES, _outcome, _stop, finish, language, prepare

COLLECT_EVERY = 10_000
"""How many objects the program's run allocates (net) between two passes of the cyclic
garbage collector over the youngest, where Python's default is 700. A run makes hundreds of
thousands of small objects (results, figures, polars' wrappers), few of them in cycles: at
700 the collector ran 650 times and made five full passes over a country's evaluation
(0.32 s of 7 s), at 10,000 it runs 50 times and makes none (0.09 s), for 3% more peak
memory; at a province's, 49 ms of 0.7 s became 17 ms. Set for the program only: the library
leaves its caller's collector as it is."""


def run() -> NoReturn:
    """The ``scoplan`` command: its arguments from ``sys.argv``; exits with its exit code."""
    gc.set_threshold(COLLECT_EVERY, *gc.get_threshold()[1:])
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
