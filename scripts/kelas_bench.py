"""Benchmark of a class on this server: 40 students log in at once and run one lab together.

Run as root: ``make kelas-bench`` (``KELAS_BENCH_N`` changes the class size). It builds its own
class with unique names through ``python -m helpers kelas up``, prints figures, asserts nothing,
and removes the class afterwards. Figures:

- time until every server and engine is ready, from the moment all log in at once;
- the same lab notebook in every student's kernel at once: time, failures, p95 cell time;
- memory per student (PSS of every process in their cgroup: server, kernel, engine, registry,
  containers), idle and at the peak of the lab; the largest class that fits in 24 GiB.
"""

import json
import os
import random
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "kelas"))

from helpers.engine.paths import data_dir  # noqa: E402
from helpers.kelas import hubclient  # noqa: E402
from kelas_support import _free_port_pair, _free_subnet  # noqa: E402

SIZE = int(os.environ.get("KELAS_BENCH_N", 40))
LAB = ROOT / "labs" / "solusi" / "lab-01-container-pertama.ipynb"
BUDGET_GIB = 24
SAMPLE_EVERY = 2.0


def pss_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def student_pss_mib(name, student):
    try:
        pids = [int(p) for p in Path(f"/sys/fs/cgroup/memory/{name}/{student}/cgroup.procs").read_text().split()]
    except OSError:
        return 0.0
    return sum(pss_kib(pid) for pid in pids) / 1024


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else 0.0


def main():
    if os.geteuid() != 0:
        print("Benchmark kelas harus dijalankan sebagai root.")
        return 1
    name = "kb" + "".join(random.choices(string.ascii_lowercase, k=4))
    students = [f"{name}{number:02d}" for number in range(1, SIZE + 1)]
    port = _free_port_pair()
    env = {**os.environ, "KELAS_NAME": name, "KELAS_PORT": str(port), "KELAS_SUBNET": _free_subnet()}
    env.pop("DOCKER_HOST", None)
    base = f"http://127.0.0.1:{port}"
    cli = [sys.executable, "-m", "helpers", "kelas"]
    with tempfile.TemporaryDirectory() as folder:
        roster = Path(folder) / "roster.csv"
        roster.write_text("username,nama\n" + "".join(f"{s},Siswa {s[-2:]}\n" for s in students))
        began = time.monotonic()
        done = subprocess.run([*cli, "up", "--roster", str(roster)], env=env, cwd=ROOT, capture_output=True, text=True,
                              timeout=3600)
        setup_seconds = time.monotonic() - began
    if done.returncode != 0:
        print(done.stdout, done.stderr)
        return 1
    try:
        return _bench(name, students, base, env, cli, setup_seconds)
    finally:
        log = data_dir() / name / "hub.log"
        if log.exists():
            kept = Path(tempfile.gettempdir()) / f"kelas-bench-{name}-hub.log"
            kept.write_bytes(log.read_bytes())
            print(f"  log hub disimpan di {kept}")
        subprocess.run([*cli, "remove", "--yes"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=3600)


def _bench(name, students, base, env, cli, setup_seconds):
    passwords = {s: f"sandi-{s}-{random.randrange(10**6)}" for s in students}
    tokens = {}

    start_failures = []

    def login_and_start(student):
        try:
            tokens[student] = hubclient.token(base, student, passwords[student])
            hubclient.start_server(base, student, tokens[student])
            return hubclient.wait_ready(base, student, tokens[student], timeout=900)
        except hubclient.HubError as exc:
            start_failures.append(f"{student}: {exc}")
            return None

    began = time.monotonic()
    with ThreadPoolExecutor(len(students)) as pool:
        servers = [seconds for seconds in pool.map(login_and_start, students) if seconds is not None]
    servers_ready = time.monotonic() - began
    students = [s for s in students if s in tokens and not any(f.startswith(f"{s}:") for f in start_failures)]
    engines_ready = None
    while time.monotonic() - began < 900:
        status = subprocess.run([*cli, "status", "--json"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
        rows = json.loads(status.stdout or "[]")
        if rows and all(row["engine"] == "ok" and row["server"] == "running" for row in rows):
            engines_ready = time.monotonic() - began
            break
        time.sleep(1)
    time.sleep(10)
    idle = [student_pss_mib(name, s) for s in students]
    hub_pss = 0.0
    for pid_file in ("hub.pid", "proxy.pid"):
        try:
            hub_pss += pss_kib(int((data_dir() / name / pid_file).read_text().split()[0])) / 1024
        except (OSError, ValueError, IndexError):
            pass

    peak = {s: 0.0 for s in students}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            for s in students:
                peak[s] = max(peak[s], student_pss_mib(name, s))
            stop.wait(SAMPLE_EVERY)

    cells = hubclient.notebook_cells(LAB)
    cell_times, failures, lab_times = [], [], []
    lock = threading.Lock()

    def run_lab(student):
        started = time.monotonic()
        try:
            kernel = hubclient.Kernel(base, student, tokens[student])
        except Exception as exc:
            with lock:
                failures.append(f"{student}: kernel: {exc}")
            return
        try:
            for code in cells:
                t = time.monotonic()
                ok, text = kernel.execute(code, timeout=600)
                with lock:
                    cell_times.append(time.monotonic() - t)
                    if not ok or "❌" in text:
                        failures.append(f"{student}: {text.strip()[-160:]}")
        except Exception as exc:
            with lock:
                failures.append(f"{student}: {type(exc).__name__}: {exc}")
        finally:
            kernel.close()
            with lock:
                lab_times.append(time.monotonic() - started)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    began = time.monotonic()
    with ThreadPoolExecutor(len(students)) as pool:
        list(pool.map(run_lab, students))
    lab_seconds = time.monotonic() - began
    stop.set()
    sampler.join()
    progress = subprocess.run([*cli, "progress"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    full = sum(1 for line in progress.stdout.splitlines() if " 5/5 " in line)

    per_idle, per_peak = statistics.mean(idle), statistics.mean(peak.values())
    budget = BUDGET_GIB * 1024 - hub_pss
    print(f"Kelas {len(students)} siswa (mesin ini: {os.cpu_count()} core, {BUDGET_GIB} GiB)")
    print(f"  make kelas (akun, venv siswa bila perlu, image dasar, hub): {setup_seconds:.1f} s")
    print(f"  {len(students)} login serentak -> semua server siap: {servers_ready:.1f} s; "
          f"semua server dan engine siap: {engines_ready if engines_ready is None else round(engines_ready, 1)} s "
          f"(server tercepat {min(servers or [0]):.1f} s, terlambat {max(servers or [0]):.1f} s)")
    print(f"  lab-01 di {len(students)} kernel serentak: {lab_seconds:.1f} s; gagal: {len(failures)} sel; "
          f"waktu sel p50 {percentile(cell_times, 0.5):.2f} s, p95 {percentile(cell_times, 0.95):.2f} s, "
          f"maks {max(cell_times or [0]):.2f} s; lab per siswa p95 {percentile(lab_times, 0.95):.1f} s")
    print(f"  server gagal menyala: {len(start_failures)}")
    print(f"  kemajuan guru: {full} dari {len(students)} siswa 5/5 di lab-01")
    print(f"  memori per siswa (PSS): diam rata-rata {per_idle:.0f} MiB (maks {max(idle):.0f}), "
          f"puncak lab rata-rata {per_peak:.0f} MiB (maks {max(peak.values()):.0f}); hub+proxy {hub_pss:.0f} MiB")
    print(f"  kelas terbesar dalam {BUDGET_GIB} GiB: {int(budget // per_peak)} siswa (puncak lab), "
          f"{int(budget // per_idle)} siswa (diam)")
    for failure in (start_failures + failures)[:5]:
        print(f"  gagal: {failure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
