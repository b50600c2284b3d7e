"""Reliability report: try the course against faults, bad input and repetition, and count what survives.

Usage: python scripts/reliability.py [--fast]

Prints one row per category: cases tried, cases survived, resources a learner lost (must be 0)
and tracebacks shown to a learner (must be 0). Exits 1 when any case fails. ``--fast`` leaves out
the cases that restart the engine or rebuild the base images.
"""

import argparse
import contextlib
import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

import docker
import nbformat
import requests
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from helpers import engine
from helpers.engine import validate
from helpers.engine.connection import PING_TIMEOUT
from helpers.engine.errors import KursusError
from helpers.engine.labels import course_filter, course_labels
from helpers.engine.polling import wait_until
from helpers.host import processes
from helpers.lesson.execution import execute
from helpers.objects import build, containers, registry
from helpers.objects.cleanup import cleanup
from helpers.setup import baseimages, provision, registry_server

OWNER = "reliability"
ROOT = Path(__file__).resolve().parents[1]
UNTOUCHABLE = [Path("/etc/docker/daemon.json"), Path.home() / ".docker" / "config.json"]


class TracebackShown(AssertionError):
    """A learner would have seen a traceback."""


class Report:
    """Counts per category: cases tried, survived, resources lost, tracebacks shown.

    A case is a function that raises ``AssertionError`` when the course misbehaves; any other
    exception escaping it is one a learner would have met as a traceback.
    """

    def __init__(self):
        self.rows = {}
        self.failures = []

    def case(self, category, name, check, lost_on_failure=False):
        row = self.rows.setdefault(category, {"tried": 0, "survived": 0, "lost": 0, "tracebacks": 0})
        row["tried"] += 1
        try:
            check()
        except Exception as exc:  # a failed case is reported, never hidden
            self.failures.append(f"{category} / {name}: {type(exc).__name__}: {str(exc)[:300]}")
            row["tracebacks"] += isinstance(exc, TracebackShown) or not isinstance(exc, AssertionError)
            row["lost"] += lost_on_failure
            return
        row["survived"] += 1

    def print(self):
        columns = ("tried", "survived", "lost", "tracebacks")
        print(f"\n{'Kategori':<24}{'Kasus':>7}{'Bertahan':>10}{'Hilang':>8}{'Traceback':>11}")
        for category, row in self.rows.items():
            print(f"{category:<24}" + "".join(f"{row[c]:>{w}}" for c, w in zip(columns, (7, 10, 8, 11))))
        total = {c: sum(row[c] for row in self.rows.values()) for c in columns}
        print(f"{'JUMLAH':<24}" + "".join(f"{total[c]:>{w}}" for c, w in zip(columns, (7, 10, 8, 11))))
        for failure in self.failures:
            print(f"❌ {failure}")
        print(f"{total['survived']} passed, {total['tried'] - total['survived']} failed")


def _short_indonesian(error):
    text = str(error)
    assert isinstance(error, KursusError), f"bukan KursusError: {type(error).__name__}"
    assert 1 <= len(text.splitlines()) <= 3 and "Traceback" not in text, text
    return text


def _expect_kursus_error(function, *args, **kwargs):
    def check():
        try:
            function(*args, **kwargs)
        except KursusError as error:
            _short_indonesian(error)
            return
        raise AssertionError("tidak ada KursusError")
    return check


def _nothing_created():
    engine_client = engine.client()
    left = engine_client.containers.list(all=True, filters=course_filter(OWNER))
    left += engine_client.volumes.list(filters=course_filter(OWNER))
    assert not left, f"tertinggal: {left}"


def bad_input(report):
    for reference in ["Kursus/App", "app/../x", "x" * 300, "app;rm -rf /", "app:$(id)", "", None, 42]:
        report.case("input buruk", f"image {reference!r:.20}", _expect_kursus_error(validate.image_reference, reference))
    report.case("input buruk", "registry bukan lokal",
                _expect_kursus_error(validate.image_reference, "ghcr.io/x/app:1", local_registry=True))
    for name in ["-x", "a b", "a;b", "", None, 7]:
        report.case("input buruk", f"nama container {name!r}", _expect_kursus_error(
            containers.run, baseimages.BUSYBOX, name, OWNER, ["true"]))
    report.case("input buruk", "port bukan angka", _expect_kursus_error(
        containers.run, baseimages.BUSYBOX, "kursus-rel-port", OWNER, ["true"], ports={"80/tcp": "delapan"}))
    report.case("input buruk", "image tidak ada", _expect_kursus_error(
        containers.run, "kursus/tidak-ada-sama-sekali", "kursus-rel-noimage", OWNER, ["true"]))
    report.case("input buruk", "COPY ../", _expect_kursus_error(
        build.build, {"Dockerfile": "FROM kursus/busybox\nCOPY ../x /\n"}, "kursus/rel:1", OWNER))
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "Dockerfile").write_text("FROM kursus/busybox\nCOPY . /\n")
        Path(folder, "link").symlink_to("/etc/shadow")
        report.case("input buruk", "symlink keluar context", _expect_kursus_error(build.build, folder, "kursus/rel:1", OWNER))
    report.case("input buruk", "RUN gagal", _expect_kursus_error(
        build.build, {"Dockerfile": "FROM kursus/busybox\nRUN exit 7\n"}, "kursus/rel:1", OWNER))
    report.case("input buruk", "tidak ada sisa", _nothing_created)
    for args in (["check", "lab-99-tidak-ada"], ["terbang"], ["cleanup", "--owner"]):
        report.case("input buruk", f"CLI {' '.join(args)}", _cli_fails_briefly(args, expected=2))


def _cli_fails_briefly(args, expected, **env):
    def check():
        result = subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True,
                                timeout=60, env={**os.environ, **env})
        output = result.stdout + result.stderr
        if "Traceback" in output:
            raise TracebackShown(output[-300:])
        assert result.returncode == expected, f"kode {result.returncode}: {output[-300:]}"
    return check


def security(report):
    unsafe = [{"privileged": True}, {"cap_add": ["NET_ADMIN"]}, {"network_mode": "host"}, {"pid_mode": "host"},
              {"ipc_mode": "host"}, {"volumes": {"/var/run/docker.sock": {"bind": "/s", "mode": "rw"}}},
              {"volumes": ["/:/host"]}]
    for options in unsafe:
        report.case("keamanan", f"tolak {list(options)[0]}", _expect_kursus_error(
            containers.run, baseimages.BUSYBOX, "kursus-rel-unsafe", OWNER, ["true"], **options))

    def limits_and_loopback():
        container = containers.run(baseimages.BUSYBOX, "kursus-rel-safe", OWNER, ["sleep", "30"],
                                   ports={"80/tcp": ("0.0.0.0", None)}, stop_signal="KILL")
        host = container.attrs["HostConfig"]
        assert host["Memory"] and host["PidsLimit"] and "no-new-privileges" in host["SecurityOpt"]
        assert containers.host_port(container, "80/tcp") > 0
        assert {b["HostIp"] for b in container.attrs["NetworkSettings"]["Ports"]["80/tcp"]} == {"127.0.0.1"}
        container.remove(force=True)
    report.case("keamanan", "batas dan 127.0.0.1", limits_and_loopback)

    def registry_on_loopback():
        assert registry_server.ensure_registry().startswith("127.0.0.1:")
    report.case("keamanan", "registry di 127.0.0.1", registry_on_loopback)
    report.case("keamanan", "tcp:// tanpa TLS ditolak",
                _cli_fails_briefly(["doctor"], expected=1, DOCKER_HOST="tcp://192.0.2.1:2375"))
    report.case("keamanan", "tidak ada sisa", _nothing_created)


@contextlib.contextmanager
def _silent_socket():
    """A unix socket that accepts connections and never answers: a hung daemon."""
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "hang.sock")
    server = socket.socket(socket.AF_UNIX)
    server.bind(path)
    server.listen(8)
    try:
        yield f"unix://{path}"
    finally:
        server.close()


def faults(report):
    report.case("gangguan", "socket tidak ada",
                _cli_fails_briefly(["doctor"], expected=1, DOCKER_HOST="unix:///tmp/tidak-ada.sock"))

    def hung_daemon_is_bounded():
        with _silent_socket() as url:
            start = time.monotonic()
            with _env(DOCKER_HOST=url):
                _expect_kursus_error(engine.connect)()
            assert time.monotonic() - start < PING_TIMEOUT + 5
    report.case("gangguan", "daemon macet dibatasi waktu", hung_daemon_is_bounded)

    def registry_down_is_named_then_heals():
        assert registry_server.stop_registry()
        assert registry.address() is None
        _expect_kursus_error(registry.api, "_catalog")()  # a stopped registry is named, never restarted behind one's back
        registry_server.ensure_registry()
        assert "repositories" in registry.api("_catalog")[1]
    report.case("gangguan", "registry mati disebutkan, lalu hidup lagi", registry_down_is_named_then_heals)

    def busy_port():
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen(1)
            port = taken.getsockname()[1]
            registry_server.stop_registry()
            with _env(KURSUS_REGISTRY_PORT=str(port)):
                _expect_kursus_error(registry_server.ensure_registry)()
        registry_server.ensure_registry()
    report.case("gangguan", "port registry terpakai", busy_port)

    def engine_port_taken():
        first = containers.run(baseimages.BUSYBOX, "kursus-rel-p1", OWNER, ["sleep", "30"],
                               ports={"80/tcp": None}, stop_signal="KILL")
        port = containers.host_port(first, "80/tcp")
        _expect_kursus_error(containers.run, baseimages.BUSYBOX, "kursus-rel-p2", OWNER, ["sleep", "30"],
                             ports={"80/tcp": port})()
        with contextlib.suppress(docker.errors.NotFound):
            engine.client().containers.get("kursus-rel-p2")
            raise AssertionError("container setengah jadi tertinggal")
    report.case("gangguan", "port container terpakai", engine_port_taken)

    def low_disk_reported():
        with _env(KURSUS_MIN_FREE_GB="100000"):
            _cli_fails_briefly(["doctor"], expected=1)()
    report.case("gangguan", "disk hampir penuh dilaporkan", low_disk_reported)


def _stop_dockerd():
    """Stop dockerd like `systemctl stop docker`, and wait for it and its containerd to be gone."""
    pids = [int(Path(path).read_text()) for path in ("/var/run/docker.pid", "/var/run/docker/containerd/containerd.pid")
            if Path(path).exists()]
    if not pids or not _alive(pids[0]):
        return
    os.kill(pids[0], signal.SIGTERM)
    wait_until(lambda: not any(_alive(pid) for pid in pids), 30, interval=0.1)


def _alive(pid):
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reap a dockerd this process started itself
    return processes.process(pid) is not None


def _restart_engine():
    provision.ensure_engine()
    registry_server.ensure_registry()


def engine_restart(report):
    def stopped_during(action, finished_is_fine=False):
        def check():
            start = time.monotonic()
            error = _capture(action)
            try:
                assert time.monotonic() - start < engine.DEFAULT_TIMEOUT, "menggantung"
                if error is not None or not finished_is_fine:
                    _short_indonesian(error)
            finally:
                _restart_engine()
        return check

    def stop_at_step(step):
        if step.instruction.startswith("RUN"):
            _stop_dockerd()

    def slow_build():
        build.build({"Dockerfile": "FROM kursus/busybox\nRUN sleep 20\n"}, "kursus/rel-slow:1", OWNER,
                    on_step=stop_at_step, nocache=True)

    def push_interrupted():
        reference = f"{registry_server.ensure_registry()}/kursus/rel-push:{int(time.time())}"
        # a new 64 MB layer, so the push has real work to do when the engine stops
        build.build({"Dockerfile": "FROM kursus/busybox\nRUN dd if=/dev/urandom of=/data bs=1M count=64\n"},
                    reference, OWNER, nocache=True)
        transfer = registry.push(reference, on_layer=lambda layer, status: _stop_dockerd())
        # dockerd may finish a push in flight before it stops: then the registry must really hold it
        assert registry.api(f"kursus/rel-push/manifests/{reference.rsplit(':', 1)[1]}", "HEAD")[0][
            "Docker-Content-Digest"] == transfer.digest
    report.case("gangguan", "engine berhenti saat build", stopped_during(slow_build))
    report.case("gangguan", "engine berhenti saat push", stopped_during(push_interrupted, finished_is_fine=True))

    def restart_mid_lab():
        container = containers.run(baseimages.BUSYBOX, "kursus-rel-restart", OWNER, ["sleep", "300"], stop_signal="KILL")
        _stop_dockerd()
        try:
            container.reload()
            raise AssertionError("engine masih menjawab setelah dihentikan")
        except (docker.errors.DockerException, requests.exceptions.RequestException) as error:
            _short_indonesian(engine.describe(error))  # what the notebook's error display shows
        _restart_engine()
        # the same cell, run again with the same shared client, now succeeds
        containers.run(baseimages.BUSYBOX, "kursus-rel-restart", OWNER, ["true"], detach=False)
    report.case("gangguan", "engine dimulai ulang di tengah lab", restart_mid_lab)


def _capture(action):
    """Run ``action``; return the learner-facing error it raised, or ``None`` when it succeeded."""
    try:
        action()
    except KursusError as error:
        return error
    except Exception as error:  # noqa: BLE001 - any other exception is a traceback for a learner
        raise TracebackShown(f"{type(error).__name__}: {error}") from error
    return None


@contextlib.contextmanager
def _env(**values):
    with mock.patch.dict(os.environ, values):
        engine.reset()
        try:
            yield
        finally:
            engine.reset()


def _notebook(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


START = f"from helpers.lesson import course\nfrom helpers.objects import containers\nclient = course.start({OWNER!r})"
LEAVE = f"c = containers.run('kursus/busybox', 'kursus-rel-left', {OWNER!r}, ['sleep', '300'], stop_signal='KILL')"


def _left_behind():
    return [c.name for c in engine.client().containers.list(all=True, filters=course_filter(OWNER))]


def ways_out(report):
    def sweep_after(*sources, expected):
        def check():
            with contextlib.suppress(*expected):
                execute(_notebook(START, LEAVE, *sources), timeout=5, quiet_kernel=True)
            assert _left_behind() == ["kursus-rel-left"], _left_behind()
            execute(_notebook(START), timeout=20, quiet_kernel=True)
            assert _left_behind() == [], _left_behind()
        return check
    report.case("jalan keluar", "exception di tengah sel", sweep_after("raise RuntimeError('x')", expected=(CellExecutionError,)))
    report.case("jalan keluar", "sel melewati batas waktu", sweep_after("c.wait()", expected=(CellTimeoutError, DeadKernelError)))
    report.case("jalan keluar", "kernel diinterupsi", sweep_after(
        "import os, signal; os.kill(os.getpid(), signal.SIGINT)", expected=(CellExecutionError,)))
    report.case("jalan keluar", "kernel dimatikan paksa", sweep_after(
        "import os, signal; os.kill(os.getpid(), signal.SIGKILL)", expected=(DeadKernelError, CellExecutionError)))

    def engine_error_shown_briefly():
        nb = _notebook(START, "client.containers.get('kursus-rel-tidak-ada')")
        with contextlib.suppress(CellExecutionError):
            execute(nb, timeout=20, quiet_kernel=True)
        outputs = nb.cells[1].outputs
        if any(o.output_type == "error" for o in outputs):
            raise TracebackShown(str(outputs)[:300])
        assert "Periksa namanya" in "".join(o.get("text", "") for o in outputs), outputs
    report.case("jalan keluar", "kesalahan engine tanpa traceback", engine_error_shown_briefly)


def nothing_lost(report):
    engine_client = engine.client()
    name = f"kursus-milik-saya-{os.getpid()}"
    mine = {
        "container": engine_client.containers.create(baseimages.BUSYBOX, "true", name=name),
        "volume": engine_client.volumes.create(name),
        "network": engine_client.networks.create(name),
        "image": engine_client.images.get(baseimages.BUSYBOX),
    }
    mine["image"].tag(f"kursus/milik-saya-{os.getpid()}", "latest")
    digests = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in UNTOUCHABLE if path.exists()}
    try:
        containers.run(baseimages.BUSYBOX, "kursus-rel-course", OWNER, ["true"], detach=False)
        engine_client.volumes.create("kursus-rel-course", labels=course_labels(OWNER))

        def all_survive():
            cleanup()
            for kind in ("container", "volume", "network"):
                mine[kind].reload()
            engine_client.images.get(f"kursus/milik-saya-{os.getpid()}")
            assert not engine_client.containers.list(all=True, filters=course_filter(OWNER))
        report.case("tidak ada yang hilang", "milik pelajar bertahan setelah cleanup", all_survive, lost_on_failure=True)

        def config_untouched():
            after = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in UNTOUCHABLE if path.exists()}
            assert after == digests
        report.case("tidak ada yang hilang", "daemon.json dan config.json tidak diubah", config_untouched,
                    lost_on_failure=True)
    finally:
        mine["container"].remove(force=True)
        mine["volume"].remove(force=True)
        mine["network"].remove()
        engine_client.images.remove(f"kursus/milik-saya-{os.getpid()}")


def repetition(report, paths):
    def twice(path):
        def check():
            for _ in range(2):
                nb = nbformat.read(path, as_version=4)
                execute(nb, path.parent, 60, quiet_kernel=True)
        return check
    for path in paths:
        report.case("pengulangan", path.stem, twice(path))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="tanpa memulai ulang engine")
    args = parser.parse_args()
    report = Report()
    cleanup(OWNER)
    for category in (bad_input, security, faults, ways_out, nothing_lost):
        category(report)
    if args.fast:
        repetition(report, sorted((ROOT / "notebooks").glob("00-*.ipynb")))
    else:
        repetition(report, sorted([*(ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"), *(ROOT / "labs" / "solusi").glob("*.ipynb")]))
        engine_restart(report)
    report.case("tidak ada yang hilang", "sisa kasus dibersihkan", lambda: cleanup(OWNER))
    report.print()
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
