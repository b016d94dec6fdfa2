"""Jobs done in two lanes at once, each lane a thread with a worker of its own
(:class:`~scoplan._isolation.Runner`), the results in the order of the jobs.

An evaluation judges hundreds of results, each a few small polars queries and the Python
around them. Polars lets go of the interpreter while it works, so while one lane waits for
polars the other runs Python: a city's plan is judged in about two thirds of the time on
two cores.

Jobs that must not run beside one another (a plugin's targets, which may keep state of
their own) are ``alone``: they all go to the first lane, in their order, one at a time, as
they always ran; only the others are shared between the lanes.
"""

from __future__ import annotations

import collections
import contextvars
import os
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from scoplan._isolation import Runner

J = TypeVar("J")
R = TypeVar("R")

LANES = 2
"""How many lanes at most (and no more than the machine's cores)."""


def in_lanes(
    jobs: Sequence[J],
    work: Callable[[J, Runner], R],
    *,
    alone: Callable[[J], bool],
    lanes: int | None = None,
) -> list[R]:
    """``work(job, runner)`` for every job, in up to ``lanes`` lanes (default
    :data:`LANES`), each with a runner of its own; the results in the order of ``jobs``.

    An exception ``work`` raises ends the lanes (each after the job it is doing) and is
    raised here; so is an interrupt while waiting, which leaves the lanes' workers to end
    on their own (they are daemon threads).
    """
    lanes = max(1, min(LANES if lanes is None else lanes, os.cpu_count() or 1, len(jobs)))
    runners = [Runner() for _ in range(lanes)]
    waited = True
    try:
        if lanes == 1:
            return [work(job, runners[0]) for job in jobs]
        results: list[R | None] = [None] * len(jobs)
        first = collections.deque(i for i, job in enumerate(jobs) if alone(job))
        shared = collections.deque(i for i, job in enumerate(jobs) if not alone(job))
        lock = threading.Lock()
        stop = threading.Event()
        failed: list[BaseException] = []

        def next_job(lane: int) -> int | None:
            with lock:
                if lane == 0 and first:
                    return first.popleft()
                return shared.popleft() if shared else None

        def run(lane: int) -> None:
            try:
                while not stop.is_set() and (index := next_job(lane)) is not None:
                    results[index] = work(jobs[index], runners[lane])
            except BaseException as error:  # raised in the caller's thread
                failed.append(error)
                stop.set()

        # each lane in a copy of the caller's context: what it put in force (the columns
        # plugins declare, the limits) holds in the lanes, and in their workers, too
        threads = [
            threading.Thread(
                target=contextvars.copy_context().run,
                args=(run, lane),
                name=f"scoplan-lane-{lane}",
                daemon=True,
            )
            for lane in range(lanes)
        ]
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                thread.join()
        except BaseException:  # an interrupt: the lanes stop after the job they are doing
            stop.set()
            waited = False
            raise
        if failed:
            raise failed[0]
        done: list[R] = []
        for result in results:
            assert result is not None
            done.append(result)
        return done
    finally:
        for runner in runners:
            runner.close(wait=waited)
