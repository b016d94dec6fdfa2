"""Results judged in two lanes (scoplan._lanes): the same results, in the order of the jobs;
a plugin's jobs one at a time and in order; a value the dataset caches made once when two
lanes ask for it together."""

from __future__ import annotations

import contextvars
import datetime as dt
import itertools
import threading
import time
from typing import Any

import pytest
from builders import PLAN_HEAD, milestone_toml

import scoplan
from scoplan import Measurement, _lanes
from scoplan._isolation import Runner
from scoplan._lanes import in_lanes
from scoplan.dataset import Dataset
from scoplan.examples import example_path
from scoplan.params import Count
from scoplan.renderers.json import render_json as report_json


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two lanes whatever the machine: a one-core machine would run one."""
    monkeypatch.setattr(_lanes.os, "cpu_count", lambda: 2)


def test_results_come_in_the_order_of_the_jobs() -> None:
    def work(job: int, runner: Runner) -> int:
        time.sleep(0.001 * (job % 3))  # later jobs finish first now and then
        return job * job

    assert in_lanes(list(range(40)), work, alone=lambda job: False) == [j * j for j in range(40)]


def test_both_lanes_work_and_each_has_its_own_runner() -> None:
    seen: dict[int, str] = {}

    def work(job: int, runner: Runner) -> int:
        time.sleep(0.002)
        seen[id(runner)] = threading.current_thread().name
        return job

    in_lanes(list(range(20)), work, alone=lambda job: False)
    assert sorted(seen.values()) == ["scoplan-lane-0", "scoplan-lane-1"]


def test_jobs_that_must_run_alone_run_in_order_and_never_together() -> None:
    running: list[int] = []
    order: list[int] = []
    overlaps: list[tuple[int, int]] = []
    lock = threading.Lock()

    def alone(job: int) -> bool:
        return job % 2 == 0  # a plugin's jobs, among scoplan's own

    def work(job: int, runner: Runner) -> int:
        if alone(job):
            with lock:
                overlaps.extend((job, other) for other in running)
                running.append(job)
                order.append(job)
            time.sleep(0.002)
            with lock:
                running.remove(job)
        else:
            time.sleep(0.001)
        return job

    assert in_lanes(list(range(30)), work, alone=alone) == list(range(30))
    assert order == list(range(0, 30, 2))
    assert overlaps == []


WHAT = contextvars.ContextVar("what", default="nothing")


def test_what_the_caller_put_in_force_holds_in_every_lane() -> None:
    token = WHAT.set("in force")
    try:
        seen = in_lanes(list(range(10)), lambda job, runner: WHAT.get(), alone=lambda j: j < 3)
    finally:
        WHAT.reset(token)
    assert seen == ["in force"] * 10


def test_what_a_job_raises_is_raised_and_the_lanes_stop() -> None:
    done: list[int] = []

    def work(job: int, runner: Runner) -> int:
        if job == 3:
            raise ValueError("job 3")
        time.sleep(0.001)
        done.append(job)
        return job

    with pytest.raises(ValueError, match="job 3"):
        in_lanes(list(range(200)), work, alone=lambda job: False)
    assert len(done) < 199  # stopped, not run to the end


def test_one_lane_runs_every_job_in_this_thread_order() -> None:
    names: set[str] = set()

    def work(job: int, runner: Runner) -> int:
        names.add(threading.current_thread().name)
        return job

    assert in_lanes([1, 2, 3], work, alone=lambda job: False, lanes=1) == [1, 2, 3]
    assert names == {threading.current_thread().name}


CALLS: dict[str, list[int]] = {}
"""How often each test's function was called, by the key it is cached under."""


def _slow_count(data: Dataset, key: str) -> object:
    CALLS.setdefault(key, []).append(1)
    time.sleep(0.2)
    return object()


def test_a_value_two_threads_ask_for_together_is_made_once() -> None:
    data = scoplan.load(str(example_path("huangshan")))
    got: list[Any] = []

    def ask() -> None:
        got.append(data.cached(_slow_count, "together"))

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(CALLS["together"]) == 1
    assert len(got) == 3
    assert got[0] is got[1] is got[2]


def _fails(data: Dataset, key: str) -> object:
    CALLS.setdefault(key, []).append(1)
    time.sleep(0.1)
    raise LookupError("not there")


def test_what_making_a_value_raises_reaches_every_thread_that_waited() -> None:
    data = scoplan.load(str(example_path("huangshan")))
    raised: list[BaseException] = []

    def ask() -> None:
        try:
            data.cached(_fails, "failing")
        except LookupError as error:
            raised.append(error)

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(raised) == 2
    # nothing was kept: asked again, it is made again
    with pytest.raises(LookupError):
        data.cached(_fails, "failing")
    assert len(CALLS["failing"]) == 2


def test_an_evaluation_in_two_lanes_is_the_one_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(example_path("huangshan"))
    plan = scoplan.bundled_plan("huangshan-2021-2023")
    day = dt.date(2022, 6, 30)
    two = report_json(scoplan.evaluate(scoplan.load(path), plan, day))
    monkeypatch.setattr(_lanes, "LANES", 1)
    one = report_json(scoplan.evaluate(scoplan.load(path), plan, day))
    assert len(one) > 10_000
    assert two == one


CALLED: list[tuple[str, str, float, float]] = []
"""The plugin's measures called in an evaluation: milestone, scope, start and end."""


def _recorded(context: Any, params: Any) -> Measurement:
    start = time.perf_counter()
    time.sleep(0.002)
    CALLED.append((str(params.threshold), context.scope.id, start, time.perf_counter()))
    # met, by its milestone's own requirement (another is an error: the plan's is the one)
    count = float(params.threshold)
    return Measurement(value=count, required=count, comparator=params.comparator)


def test_a_plugins_targets_are_judged_one_at_a_time_in_the_plans_order() -> None:
    kind = scoplan.TargetKind(
        id="recorded",
        title=scoplan.Text("记录", "Recorded"),
        description=scoplan.Text("记录", "Recorded"),
        params=Count,
        measure=_recorded,
    )

    def scoplan_register_targets(register: Any) -> None:
        register(kind)

    hook = scoplan.hookimpl(staticmethod(scoplan_register_targets))
    plugin = type("Recording", (), {"scoplan_register_targets": hook})
    registry = scoplan.load_registry(scoplan.get_plugin_manager(entry_points=False, extra=[plugin]))
    every = {"each": True}
    due = dt.date(2022, 12, 31)
    text = PLAN_HEAD + "base_year = 2022\n"
    for n in range(3):  # the plugin's milestones among scoplan's own
        text += milestone_toml(f"own-{n}", "urban-average", due, {"threshold": 15}, every)
        text += milestone_toml(f"theirs-{n}", "recorded", due, {"threshold": n + 1}, every)
    data = scoplan.load(str(example_path("huangshan")))
    CALLED.clear()
    report = scoplan.evaluate(data, scoplan.parse_plan(text), due, registry=registry)
    theirs = [(r.milestone, r.scope.id) for r in report.results if r.target == "recorded"]
    assert len(theirs) >= 6
    assert {r.status for r in report.results if r.target == "recorded"} == {scoplan.Status.MET}
    # each measured once (due = the evaluation date), in the plan's order, never two at once
    assert [(f"theirs-{int(float(t)) - 1}", s) for t, s, _, _ in CALLED] == theirs
    spans = sorted((start, end) for _, _, start, end in CALLED)
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))
