"""Benchmarks of the course: figures to read, never pass/fail.

Usage: python scripts/bench.py [--skip-cold]

Prints the whole course's run time (per notebook and solved lab, and the ten slowest cells),
the overhead of ``helpers`` over raw docker-py, the engine's own floor, the event-to-widget
latency, ``make setup`` warm and cold by phase, and image sizes. The cold phases rebuild the
base images and install a throw-away venv: ``--skip-cold`` leaves them out.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import nbformat

from helpers.engine import client
from helpers.engine.labels import OWNER_LABEL, course_filter, course_labels
from helpers.lesson.execution import execute
from helpers.objects import containers
from helpers.objects.cleanup import cleanup
from helpers.setup import baseimages, registry_server
from helpers.setup.baseimages import BUSYBOX
from helpers.widgets import Lifecycle

ROOT = Path(__file__).resolve().parents[1]
LIFECYCLES = 20

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


def _seconds_between(metadata, first, last):
    stamps = metadata.get("execution", {})
    if first not in stamps or last not in stamps:
        return 0.0
    parse = lambda stamp: datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return (parse(stamps[last]) - parse(stamps[first])).total_seconds()


def whole_course():
    """Run every notebook and solved lab once; return ``{path: seconds}`` and every cell's time."""
    paths = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("labs/solusi/*.ipynb")])
    totals, cells = {}, []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        execute(nb, path.parent, record_timing=True)
        totals[path.relative_to(ROOT)] = time.perf_counter() - start
        for number, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                tags = cell.metadata.get("tags", [])
                seconds = _seconds_between(cell.metadata, "iopub.execute_input", "shell.execute_reply")
                cells.append((seconds, f"{path.relative_to(ROOT)} sel {number}", "preparation" in tags))
    return totals, cells


def _lifecycle(create):
    start = time.perf_counter()
    container = create()
    container.start()
    container.pause()
    container.unpause()
    container.stop(timeout=1)
    container.remove()
    return time.perf_counter() - start


def helpers_overhead(rounds=LIFECYCLES):
    """Median lifecycle (create, start, pause, unpause, stop, remove) via helpers and via raw docker-py.

    The two alternate within one run, with the same options, so the engine's state is the same for both.
    """
    options = dict(init=True, mem_limit="256m", pids_limit=128, security_opt=["no-new-privileges"])
    raw, ours = [], []
    for number in range(rounds):
        raw.append(_lifecycle(lambda: client().containers.create(
            BUSYBOX, ["sleep", "300"], name=f"kursus-bench-raw-{number}", labels=course_labels(BENCH_OWNER), **options)))
        ours.append(_lifecycle(lambda: containers.create(
            BUSYBOX, f"kursus-bench-ours-{number}", BENCH_OWNER, ["sleep", "300"], init=True)))
    return statistics.median(raw), statistics.median(ours)


def warm_setup():
    """Seconds of ``make setup`` on a ready machine."""
    start = time.perf_counter()
    subprocess.run(["make", "-s", "setup"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def cold_phases():
    """Seconds of each phase of a cold set-up: a new venv, the base images, the registry's start."""
    phases = {}
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", f"{folder}/venv"], check=True)
        subprocess.run([f"{folder}/venv/bin/pip", "install", "-q", "-e", f"{ROOT}[test]"], check=True,
                       capture_output=True)
        phases["venv + pip install -e .[test]"] = time.perf_counter() - start
    baseimages.remove_base_images()
    marks = [time.perf_counter()]
    baseimages.ensure_base_images(lambda message: marks.append(time.perf_counter()) if "siap" in message else None)
    for name, begin, end in zip(baseimages.BASE_IMAGES, marks, marks[1:]):
        phases[f"image dasar {name}"] = end - begin
    registry_server.stop_registry()
    start = time.perf_counter()
    registry_server.ensure_registry()
    phases["registry dinyalakan"] = time.perf_counter() - start
    return phases


def image_sizes():
    """Sizes in MB of the base images and of the images the solved labs built."""
    sizes = {name: baseimages.base_image(name).attrs["Size"] / 1e6 for name in baseimages.BASE_IMAGES}
    for image in client().images.list(filters=course_filter()):
        owner = image.labels.get(OWNER_LABEL, "")
        if owner.startswith("lab-") and image.tags:
            sizes[f"{image.tags[0]} ({owner})"] = image.attrs["Size"] / 1e6
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-cold", action="store_true", help="leave out the cold set-up phases")
    args = parser.parse_args()
    totals, cells = whole_course()
    print(f"Seluruh kursus (engine hangat): {sum(totals.values()):.1f} s")
    for path, seconds in totals.items():
        print(f"  {seconds:6.1f} s  {path}")
    print("Sepuluh sel paling lambat:")
    for seconds, where, preparation in sorted(cells, reverse=True)[:10]:
        print(f"  {seconds:6.2f} s  {where}{'  (preparation)' if preparation else ''}")
    over = [where for seconds, where, preparation in cells if seconds > 5 and not preparation]
    print(f"Sel di atas 5 s (tanpa tag preparation): {len(over)} {over if over else ''}")
    print("Ukuran image (MB):")
    for name, size in image_sizes().items():
        print(f"  {size:8.1f}  {name}")
    for owner in sorted({str(p.stem) for p in totals}):
        cleanup(owner)
    raw, ours = helpers_overhead()
    print(f"Siklus hidup create..remove (median dari {LIFECYCLES}): docker-py {raw * 1000:.0f} ms, "
          f"helpers {ours * 1000:.0f} ms, rasio {ours / raw:.2f}")
    cleanup(BENCH_OWNER)
    print(f"Batas bawah engine: docker run --rm {BUSYBOX} true (median dari {RUNS}): {engine_floor() * 1000:.0f} ms")
    p50, p95 = event_to_widget()
    print(f"Event engine -> widget Lifecycle ({EVENTS} event pause/unpause): p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
    print(f"make setup hangat: {warm_setup():.2f} s")
    if not args.skip_cold:
        phases = cold_phases()
        print(f"make setup dingin (tanpa paket apt dan tanpa menyalakan engine): {sum(phases.values()):.1f} s")
        for phase, seconds in phases.items():
            print(f"  {seconds:6.1f} s  {phase}")


if __name__ == "__main__":
    main()
