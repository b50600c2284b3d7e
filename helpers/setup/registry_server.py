"""The course's own registry server: Debian's ``docker-registry`` (distribution) on 127.0.0.1.

It runs without authentication, with deletion enabled and its storage in the course's data
folder. Where the binary is missing but the ``registry:2`` image exists, that image is run,
published on 127.0.0.1 only. Docker engines trust registries on 127.0.0.0/8 without TLS,
so nothing in ``daemon.json`` needs to change.
"""

import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path

import docker

from ..engine import client, engine_errors
from ..engine.errors import RegistryError
from ..engine.labels import BASE_OWNER, course_labels
from ..engine.polling import wait_until
from ..objects.registry import HOST, address, folder, healthy, read_state, state_file

DEFAULT_PORT = 5000
PORT_RANGE = 20
CONTAINER_NAME = "kursus-registry"
START_TIMEOUT = 15
STOP_TIMEOUT = 5
CONFIG = """\
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: {storage}
  delete:
    enabled: true
http:
  addr: {host}:{port}
  headers:
    X-Content-Type-Options: [nosniff]
"""


def _port_free(port):
    with socket.socket() as probe:
        # SO_REUSEADDR: connections of a stopped registry still in TIME_WAIT do not make the port busy
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def _choose_port():
    wanted = os.environ.get("KURSUS_REGISTRY_PORT")
    if wanted:
        port = int(wanted)
        if not _port_free(port):
            raise RegistryError(
                f"Port {port} (KURSUS_REGISTRY_PORT) sudah dipakai program lain.\n"
                "Pilih port lain, misalnya `export KURSUS_REGISTRY_PORT=5050`, lalu coba lagi."
            )
        return port
    previous = (read_state() or {}).get("port")
    for port in ([previous] if previous else []) + list(range(DEFAULT_PORT, DEFAULT_PORT + PORT_RANGE)):
        if _port_free(port):
            return port
    raise RegistryError(
        f"Port {DEFAULT_PORT}-{DEFAULT_PORT + PORT_RANGE - 1} semuanya sudah dipakai.\n"
        "Tentukan port bebas dengan `export KURSUS_REGISTRY_PORT=...`, lalu coba lagi."
    )


def _start_binary(binary, port):
    home = folder()
    config = home / "config.yml"
    config.write_text(CONFIG.format(storage=home / "data", host=HOST, port=port))
    with open(home / "registry.log", "ab") as log:
        process = subprocess.Popen([binary, "serve", str(config)], stdout=log, stderr=log,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    return {"port": port, "pid": process.pid}


def _start_container(port):
    with engine_errors():
        engine = client()
        try:
            engine.images.get("registry:2")
        except docker.errors.ImageNotFound:
            raise RegistryError(
                "Program `docker-registry` tidak ada dan image `registry:2` juga tidak ada.\n"
                "Di Debian/Ubuntu jalankan `make setup`; di tempat lain `docker pull registry:2`, lalu coba lagi."
            ) from None
        try:
            engine.containers.get(CONTAINER_NAME).remove(force=True)
        except docker.errors.NotFound:
            pass
        engine.containers.run(
            "registry:2", name=CONTAINER_NAME, detach=True, labels=course_labels(BASE_OWNER),
            ports={"5000/tcp": (HOST, port)}, environment={"REGISTRY_STORAGE_DELETE_ENABLED": "true"},
            volumes={str(folder() / "data"): {"bind": "/var/lib/registry", "mode": "rw"}},
            mem_limit="256m", pids_limit=128, security_opt=["no-new-privileges"],
        )
    return {"port": port, "container": CONTAINER_NAME}


def ensure_registry(progress=lambda message: None):
    """Start the course registry unless it already answers.

    Similar to ``docker run -d -p 127.0.0.1:5000:5000 registry:2``.

    Args:
        progress: Called with one Indonesian line per step.

    Returns:
        The registry's address, e.g. ``"127.0.0.1:5000"``.

    Raises:
        RegistryError: When no port is free or the registry does not come up.
    """
    with _lock():
        running = address()
        if running:
            progress(f"Registry kursus sudah berjalan di {running}.")
            return running
        return _start(progress)


@contextlib.contextmanager
def _lock():
    """Let one process at a time start or stop the registry (several notebooks may ask at once)."""
    with open(folder() / "lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _start(progress):
    port = _choose_port()
    binary = shutil.which("docker-registry")
    state = _start_binary(binary, port) if binary else _start_container(port)
    state_file().write_text(json.dumps(state))
    if wait_until(lambda: healthy(port), START_TIMEOUT, interval=0.1):
        progress(f"Registry kursus berjalan di {HOST}:{port}.")
        return f"{HOST}:{port}"
    raise RegistryError(
        f"Registry tidak menjawab di {HOST}:{port} setelah {START_TIMEOUT} detik.\n"
        f"Lihat log di {folder() / 'registry.log'}, lalu jalankan `python -m helpers prepare` lagi."
    )


def stop_registry():
    """Stop the course registry if it runs. Similar to ``docker stop`` of the registry."""
    with _lock():
        state = read_state() or {}
        if "pid" in state:
            _terminate(state["pid"])
        elif "container" in state:
            _remove_container(state["container"])
        else:
            return False
        # keep the port, so that a restarted registry answers where the pushed images say it is
        state_file().write_text(json.dumps({"port": state["port"]}))
    return True


def _terminate(pid):
    """Stop our registry process (never another process that reused its PID) and wait for it."""
    try:
        if b"docker-registry" not in Path(f"/proc/{pid}/cmdline").read_bytes():
            return
        os.kill(pid, signal.SIGTERM)
    except (OSError, ProcessLookupError):
        return
    if not wait_until(lambda: not _alive(pid), STOP_TIMEOUT, interval=0.05):
        os.kill(pid, signal.SIGKILL)


def _alive(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def _remove_container(name):
    with engine_errors():
        try:
            client().containers.get(name).remove(force=True)
        except docker.errors.NotFound:
            pass


def remove_registry_data():
    """Stop the registry and delete everything pushed to it."""
    stop_registry()
    shutil.rmtree(folder(), ignore_errors=True)


