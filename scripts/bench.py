"""Benchmarks of the course on a warm engine: figures to read, never pass/fail."""

import statistics
import time

from helpers.baseimages import BUSYBOX
from helpers.engine import client

RUNS = 10


def engine_floor():
    """Median seconds of ``docker run --rm kursus/busybox true`` through raw docker-py."""
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client().containers.run(BUSYBOX, "true", remove=True)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


if __name__ == "__main__":
    print(f"docker run --rm {BUSYBOX} true (median of {RUNS}): {engine_floor() * 1000:.0f} ms")
