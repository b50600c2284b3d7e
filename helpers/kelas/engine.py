"""A student's rootless Docker engine: starting it, asking it, loading the base images, wiping it.

The functions without a ``settings`` argument run as the student (from :mod:`.session` or
:mod:`.probe`); the others run as root and only look at or signal the student's cgroup.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
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
ENGINE_ROOTS = ("rootlesskit", "dockerd-rootless.sh", "docker-registry")
"""Programs whose process trees belong to the engine side, even when the server started them."""


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


def ensure_private_tmp():
    """Create the student's own temporary folder (``$TMPDIR``, 0700), used instead of the shared ``/tmp``."""
    if os.environ.get("TMPDIR"):
        Path(os.environ["TMPDIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)


def start(say=print):
    """Start the student's rootless engine unless it answers already, and wait until it does.

    Similar to ``dockerd-rootless.sh &``.

    Returns:
        Seconds it took (0 when it was running).
    """
    ensure_private_tmp()
    if ping():
        return 0.0
    script = rootless_script()
    if script is None:
        raise RuntimeError("dockerd-rootless.sh tidak ada: pasang paket docker.io.")
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    shutil.rmtree(_rootlesskit_dir(), ignore_errors=True)  # left by an engine that was killed
    (runtime / "docker.pid").unlink(missing_ok=True)
    began = time.monotonic()
    # the state folder (child_pid, api.sock) in the private runtime folder, not a temporary one in /tmp
    environment = dict(os.environ, DOCKERD_ROOTLESS_ROOTLESSKIT_NET="slirp4netns",
                       DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER="builtin",
                       DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS=f"--state-dir={_rootlesskit_dir()}")
    with open(log_path(), "ab") as log:
        # setsid --fork: the engine is nobody's child here, so it outlives this process without a zombie
        subprocess.run(["setsid", "--fork", script], stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                       env=environment, cwd=os.environ["HOME"], check=True, timeout=10)
    while time.monotonic() - began < START_TIMEOUT:
        if ping():
            return time.monotonic() - began
        time.sleep(0.2)
    raise RuntimeError(f"Engine rootless tidak menjawab dalam {START_TIMEOUT} detik; lihat {log_path()}.")


def _rootlesskit_dir():
    return Path(os.environ["XDG_RUNTIME_DIR"]) / "dockerd-rootless"


def start_registry():
    """Start the student's registry where their engine can reach it, and forward it to their namespace.

    The rootless engine lives in rootlesskit's own network namespace, whose 127.0.0.1 is not the
    student's: a registry there is what ``docker push 127.0.0.1:PORT/...`` reaches. rootlesskit's
    port driver then forwards the same port on the student's 127.0.0.1, where the kernels are.
    The course's own :func:`helpers.setup.registry_server.ensure_registry` starts it.

    Returns:
        The registry's address, e.g. ``"127.0.0.1:5000"``.
    """
    from ..objects import registry

    child = (_rootlesskit_dir() / "child_pid").read_text().strip()
    done = subprocess.run(["nsenter", "-U", "--preserve-credentials", "-n", "-t", child, "--",
                           sys.executable, "-I", "-m", "helpers.kelas.probe", "registry-inside"],
                          capture_output=True, text=True, timeout=START_TIMEOUT)
    answer = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {"error": done.stderr[-200:]}
    if "error" in answer:
        raise RuntimeError(f"Registry tidak berjalan: {answer['error']}")
    port = int(answer["registry"].rsplit(":", 1)[1])
    control = ["rootlessctl", "--socket", str(_rootlesskit_dir() / "api.sock")]
    listed = subprocess.run([*control, "list-ports", "--json"], capture_output=True, text=True, timeout=PING_TIMEOUT * 5)
    if f'"ParentPort":{port},' not in listed.stdout.replace(" ", ""):
        subprocess.run([*control, "add-ports", f"127.0.0.1:{port}:{port}/tcp"], check=True, capture_output=True,
                       timeout=PING_TIMEOUT * 5)
    if not registry.healthy(port):
        raise RuntimeError(f"registry di 127.0.0.1:{port} tidak menjawab dari namespace siswa")
    return answer["registry"]


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
        state = Path(os.environ["XDG_RUNTIME_DIR"]) / "rootlesskit-wipe"
        shutil.rmtree(state, ignore_errors=True)
        # rootlesskit maps the subordinate ids that own these files (its default network driver adds no namespace)
        subprocess.run(["rootlesskit", f"--state-dir={state}", "rm", "-rf", "--", *targets], check=True,
                       timeout=WIPE_TIMEOUT, capture_output=True)
        shutil.rmtree(state, ignore_errors=True)
    runtime = Path(os.environ["XDG_RUNTIME_DIR"])
    shutil.rmtree(_rootlesskit_dir(), ignore_errors=True)
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
    commands = {pid: _command(pid) for pid in present}
    engine_side = {pid for pid, command in commands.items()
                   if os.path.basename(command.split(" ", 1)[0]) in ENGINE_ROOTS
                   or any(os.path.basename(word) == "dockerd-rootless.sh" for word in command.split()[:2])}
    tree = {pid for pid, command in commands.items() if SERVER_MARK in command and pid not in engine_side}
    grown = True
    while grown:
        grown = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree and pid not in engine_side:
                tree.add(pid)
                grown = True
    return tree


def engine_pids(settings, username):
    """Every other process of the student: rootlesskit, dockerd, containerd, containers, registry."""
    server = server_pids(settings, username)
    return [pid for pid in cgroups.pids(settings, username) if pid not in server]


def server_running(settings, username):
    return bool(server_pids(settings, username))
