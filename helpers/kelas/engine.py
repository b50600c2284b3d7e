"""A student's rootless Docker engine: starting it, asking it, loading the base images, wiping it.

The functions without a ``settings`` argument run as the student (from :mod:`.session` or
:mod:`.probe`); the others run as root and only look at or signal the student's cgroup.
"""

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from ..engine.paths import data_dir
from . import cgroups
from .settings import rootless_script

START_TIMEOUT = 90
PING_TIMEOUT = 3
LOAD_TIMEOUT = 600
WIPE_TIMEOUT = 300
SERVER_MARK = "jupyterhub-singleuser"


def socket_path():
    """The student's engine socket (``$XDG_RUNTIME_DIR/docker.sock``)."""
    return Path(os.environ["XDG_RUNTIME_DIR"]) / "docker.sock"


def ping(path=None, timeout=PING_TIMEOUT):
    """Whether an engine answers ``GET /_ping`` on the unix socket ``path``. Similar to ``docker info``."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout)
            connection.connect(str(path or socket_path()))
            connection.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            answer = connection.recv(4096)
    except OSError:
        return False
    return answer.startswith(b"HTTP/1.") and b" 200 " in answer.split(b"\r\n", 1)[0] + b" "


def log_path():
    return data_dir() / "dockerd-rootless.log"


def start(say=print):
    """Start the student's rootless engine unless it answers already, and wait until it does.

    Similar to ``dockerd-rootless.sh &``.

    Returns:
        Seconds it took (0 when it was running).
    """
    if ping():
        return 0.0
    script = rootless_script()
    if script is None:
        raise RuntimeError("dockerd-rootless.sh tidak ada: pasang paket docker.io.")
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    shutil.rmtree(runtime / "dockerd-rootless", ignore_errors=True)  # left by an engine that was killed
    (runtime / "docker.pid").unlink(missing_ok=True)
    began = time.monotonic()
    environment = dict(os.environ, DOCKERD_ROOTLESS_ROOTLESSKIT_NET="slirp4netns",
                       DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER="builtin")
    with open(log_path(), "ab") as log:
        daemon = subprocess.Popen([script], stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                  env=environment, cwd=os.environ["HOME"], start_new_session=True)
    while time.monotonic() - began < START_TIMEOUT:
        if ping():
            return time.monotonic() - began
        if daemon.poll() is not None:
            break
        time.sleep(0.2)
    raise RuntimeError(f"Engine rootless tidak menjawab dalam {START_TIMEOUT} detik; lihat {log_path()}.")


def load_base_images(tar, say=print):
    """Load the class's base images from the saved ``tar`` unless the engine has those very images.

    Similar to ``docker load -i base-images.tar``.

    Returns:
        The names loaded (empty when nothing was needed).
    """
    import docker

    manifest = json.loads(Path(f"{tar}.json").read_text())["images"]
    client = docker.DockerClient(base_url=f"unix://{socket_path()}", timeout=LOAD_TIMEOUT)
    try:
        have = {}
        for name in manifest:
            try:
                have[name] = client.images.get(name).id
            except docker.errors.ImageNotFound:
                have[name] = None
        if have == manifest:
            return []
        with open(tar, "rb") as stream:
            client.images.load(stream)
        return sorted(name for name in manifest if have[name] != manifest[name])
    finally:
        client.close()


def wipe():
    """Delete the engine's data and the registry's storage (the engine must be stopped).

    Files made inside containers belong to subordinate UIDs, so the removal runs in the same
    user namespace as the engine did. Similar to ``rootlesskit rm -rf ~/.local/share/docker``.
    """
    home = Path(os.environ["HOME"])
    targets = [str(path) for path in (home / ".local/share/docker", data_dir() / "registry") if path.exists()]
    if targets:
        subprocess.run(["rootlesskit", "--net=host", "rm", "-rf", "--", *targets], check=True, timeout=WIPE_TIMEOUT,
                       capture_output=True)
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    shutil.rmtree(runtime / "dockerd-rootless", ignore_errors=True)
    (runtime / "docker.pid").unlink(missing_ok=True)


def _parents(chosen):
    parents = {}
    for pid in chosen:
        try:
            parents[pid] = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            pass
    return parents


def _command(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def server_pids(settings, username):
    """The student's Jupyter server and everything it started (kernels, terminals)."""
    present = cgroups.pids(settings, username)
    parents = _parents(present)
    tree = {pid for pid in present if SERVER_MARK in _command(pid)}
    grown = True
    while grown:
        grown = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    return tree


def engine_pids(settings, username):
    """Every other process of the student: rootlesskit, dockerd, containerd, containers, registry."""
    server = server_pids(settings, username)
    return [pid for pid in cgroups.pids(settings, username) if pid not in server]


def server_running(settings, username):
    return bool(server_pids(settings, username))
