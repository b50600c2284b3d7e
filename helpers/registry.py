"""The course's own registry: Debian's ``docker-registry`` (distribution) on 127.0.0.1.

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
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import docker

from .engine import client, engine_errors
from .errors import RegistryError
from .labels import BASE_OWNER, course_labels
from .paths import data_dir

HOST = "127.0.0.1"
DEFAULT_PORT = 5000
PORT_RANGE = 20
CONTAINER_NAME = "kursus-registry"
HTTP_TIMEOUT = 3
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


def _folder():
    path = data_dir() / "registry"
    path.mkdir(exist_ok=True)
    return path


def _state_file():
    return _folder() / "state.json"


def _read_state():
    try:
        return json.loads(_state_file().read_text())
    except (OSError, ValueError):
        return None


def _healthy(port):
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/v2/", timeout=HTTP_TIMEOUT) as answer:
            return answer.status == 200
    except (OSError, urllib.error.URLError):
        return False


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
    previous = (_read_state() or {}).get("port")
    for port in ([previous] if previous else []) + list(range(DEFAULT_PORT, DEFAULT_PORT + PORT_RANGE)):
        if _port_free(port):
            return port
    raise RegistryError(
        f"Port {DEFAULT_PORT}-{DEFAULT_PORT + PORT_RANGE - 1} semuanya sudah dipakai.\n"
        "Tentukan port bebas dengan `export KURSUS_REGISTRY_PORT=...`, lalu coba lagi."
    )


def address():
    """Return ``host:port`` of the running course registry, or ``None`` if it is not running."""
    state = _read_state()
    if state and _healthy(state["port"]):
        return f"{HOST}:{state['port']}"
    return None


def _start_binary(binary, port):
    folder = _folder()
    config = folder / "config.yml"
    config.write_text(CONFIG.format(storage=folder / "data", host=HOST, port=port))
    with open(folder / "registry.log", "ab") as log:
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
            volumes={str(_folder() / "data"): {"bind": "/var/lib/registry", "mode": "rw"}},
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
    with open(_folder() / "lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _start(progress):
    port = _choose_port()
    binary = shutil.which("docker-registry")
    state = _start_binary(binary, port) if binary else _start_container(port)
    _state_file().write_text(json.dumps(state))
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if _healthy(port):
            progress(f"Registry kursus berjalan di {HOST}:{port}.")
            return f"{HOST}:{port}"
        time.sleep(0.1)
    raise RegistryError(
        f"Registry tidak menjawab di {HOST}:{port} setelah {START_TIMEOUT} detik.\n"
        f"Lihat log di {_folder() / 'registry.log'}, lalu jalankan `python -m helpers prepare` lagi."
    )


def stop_registry():
    """Stop the course registry if it runs. Similar to ``docker stop`` of the registry."""
    with _lock():
        state = _read_state() or {}
        if "pid" in state:
            _terminate(state["pid"])
        elif "container" in state:
            _remove_container(state["container"])
        else:
            return False
        # keep the port, so that a restarted registry answers where the pushed images say it is
        _state_file().write_text(json.dumps({"port": state["port"]}))
    return True


def _terminate(pid):
    """Stop our registry process (never another process that reused its PID) and wait for it."""
    try:
        if b"docker-registry" not in Path(f"/proc/{pid}/cmdline").read_bytes():
            return
        os.kill(pid, signal.SIGTERM)
    except (OSError, ProcessLookupError):
        return
    deadline = time.monotonic() + STOP_TIMEOUT
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(pid):
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
    shutil.rmtree(_folder(), ignore_errors=True)


def api(path, method="GET"):
    """Call the registry's HTTP API and return ``(headers, json_body)``.

    Similar to ``curl http://127.0.0.1:5000/v2/_catalog``.

    Args:
        path: Path after ``/v2/``, e.g. ``"_catalog"`` or ``"kursus/app/tags/list"``.
        method: ``GET``, ``HEAD`` or ``DELETE``.
    """
    where = address() or ensure_registry()
    request = urllib.request.Request(f"http://{where}/v2/{path}", method=method, headers={
        "Accept": "application/vnd.docker.distribution.manifest.v2+json"})
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as answer:
            body = answer.read()
            return dict(answer.headers), (json.loads(body) if body else None)
    except urllib.error.HTTPError as exc:
        raise RegistryError(f"Registry menjawab {exc.code} untuk {method} /v2/{path}.") from exc
    except (OSError, urllib.error.URLError) as exc:
        raise RegistryError(
            f"Registry kursus di {where} tidak menjawab.\nJalankan `python -m helpers prepare`, lalu coba lagi."
        ) from exc


@dataclass
class Transfer:
    """What a :func:`push` or :func:`pull` did: the reference, its digest and each layer's last status."""

    reference: str
    digest: str
    layers: dict

    def count(self, *statuses):
        """How many layers ended with one of ``statuses`` (e.g. ``"Already exists"``)."""
        return sum(any(s.startswith(w) for w in statuses) for s in self.layers.values())


def _transfer(chunks, reference, on_layer):
    digest, layers = None, {}
    for chunk in chunks:
        if "error" in chunk:
            raise RegistryError(f"Registry menolak {reference}: {chunk['error'].strip()[:200]}")
        if chunk.get("id") and chunk.get("status") and not chunk.get("progressDetail", {}).get("current"):
            layers[chunk["id"]] = chunk["status"]
            on_layer(chunk["id"], chunk["status"])
        digest = chunk.get("aux", {}).get("Digest", digest)
        if chunk.get("status", "").startswith("Digest: "):
            digest = chunk["status"].split(" ", 1)[1]
    if digest is None:
        raise RegistryError(
            f"Transfer {reference} terputus sebelum selesai (engine atau registry berhenti?).\n"
            "Periksa dengan `python -m helpers doctor`, lalu ulangi sel ini.")
    return Transfer(reference, digest, layers)


def push(reference, on_layer=lambda layer, status: None):
    """Push a local image to its registry, reporting each layer's status as it changes.

    Similar to ``docker push 127.0.0.1:5000/kursus/app:1.0``.

    Args:
        reference: The full reference with registry and tag, e.g. ``"127.0.0.1:5000/kursus/app:1.0"``.
        on_layer: Called with ``(layer_id, status)``, e.g. ``("5d2847a8d7d6", "Pushed")``.

    Returns:
        A :class:`Transfer` whose ``digest`` is the manifest digest the registry stored.

    Raises:
        RegistryError: When the registry refuses the push.
    """
    repository, tag = reference.rsplit(":", 1)
    with engine_errors():
        return _transfer(client().api.push(repository, tag=tag, stream=True, decode=True), reference, on_layer)


def pull(reference, on_layer=lambda layer, status: None):
    """Pull an image by tag (``REPO:TAG``) or by digest (``REPO@sha256:...``).

    Similar to ``docker pull 127.0.0.1:5000/kursus/app:1.0``.

    Returns:
        A :class:`Transfer`; its layers end as ``"Already exists"`` or ``"Pull complete"``.

    Raises:
        RegistryError: When the registry does not have the image.
    """
    separator = "@" if "@" in reference else ":"
    repository, tag = reference.rsplit(separator, 1)
    with engine_errors():
        return _transfer(client().api.pull(repository, tag=tag, stream=True, decode=True), reference, on_layer)
