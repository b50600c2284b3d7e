"""Benchmarks of the course on a warm engine: figures to read, never pass/fail."""

import statistics
import time

from helpers import containers
from helpers.baseimages import BUSYBOX
from helpers.cleanup import cleanup
from helpers.engine import client
from helpers.widgets import Lifecycle

RUNS = 10
EVENTS = 50
BENCH_OWNER = "bench"


def engine_floor():
    """Median seconds of ``docker run --rm kursus/busybox true`` through raw docker-py."""
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client().containers.run(BUSYBOX, "true", remove=True)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def event_to_widget(events=EVENTS):
    """Seconds from an engine event (its ``timeNano``) to the Lifecycle widget having redrawn it.

    Pause and unpause are sent through the SDK, outside the widget, like a learner typing
    ``docker pause`` in a terminal. Returns ``(p50, p95)``.
    """
    name = "kursus-bench-latency"
    container = containers.run(BUSYBOX, name, BENCH_OWNER, ["sleep", "600"], init=True)
    widget = Lifecycle(name, BENCH_OWNER)
    latencies = []
    widget.subscribe(lambda _, event: latencies.append(time.time_ns() - event["timeNano"]))
    try:
        for number in range(events):
            action, state = ("pause", "paused") if number % 2 == 0 else ("unpause", "running")
            getattr(container, action)()
            widget.wait_for(state, 5)
    finally:
        widget.close()
        cleanup(BENCH_OWNER)
    seconds = sorted(latency / 1e9 for latency in latencies[-events:])
    return statistics.median(seconds), statistics.quantiles(seconds, n=20)[18]


if __name__ == "__main__":
    print(f"docker run --rm {BUSYBOX} true (median of {RUNS}): {engine_floor() * 1000:.0f} ms")
    p50, p95 = event_to_widget()
    print(f"engine event -> Lifecycle widget redrawn ({EVENTS} pause/unpause events): "
          f"p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
