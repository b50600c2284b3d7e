"""Starting and stopping JupyterHub in the background, its proxy, and the shared base images.

The hub runs as root (its spawner switches to each student), from the class's private state
folder, with its log there. It is found again through its pid file, and signalled through a
pidfd only after its command line was checked, so a reused PID is never signalled.
"""

import json
import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from ..engine.paths import data_dir
from .settings import REPO, VENV_BIN, KelasError

CONFIG = REPO / "kelas" / "jupyterhub_config.py"
START_TIMEOUT = 90
STOP_TIMEOUT = 120
HTTP_TIMEOUT = 30
SAVE_TIMEOUT = 600
NPM_TIMEOUT = 600
CHP_VERSION = "5"
BASE_IMAGES = ("kursus/busybox", "kursus/python")


def pid_file(settings):
    return settings.state_dir / "hub.pid"


def proxy_pid_file(settings):
    return settings.state_dir / "proxy.pid"


def log_file(settings):
    return settings.state_dir / "hub.log"


def url(settings):
    return f"http://127.0.0.1:{settings.port}"


def service_token(settings):
    """The token of the class's own hub service (created once, readable by root only)."""
    path = settings.state_dir / "service-token"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def _works(command):
    try:
        return subprocess.run([str(command), "--version"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _private_proxy(settings):
    return settings.shared_dir / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"


def proxy_command(settings):
    """The ``configurable-http-proxy`` to use: the system's if it runs, else the class's own copy."""
    system = shutil.which("configurable-http-proxy")
    if system and _works(system):
        return Path(system)
    return _private_proxy(settings)


def ensure_proxy(settings, say):
    """Install configurable-http-proxy when none runs: npm into the class folder, else Debian's package."""
    if _works(proxy_command(settings)):
        return
    if shutil.which("npm"):
        say(f"Memasang configurable-http-proxy {CHP_VERSION} dari npm ...")
        folder = settings.shared_dir / "chp"
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--silent",
                        f"configurable-http-proxy@{CHP_VERSION}"], check=True, timeout=NPM_TIMEOUT,
                       capture_output=True)
    elif shutil.which("apt-get"):
        say("Memasang node-configurable-http-proxy dari apt ...")
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "node-configurable-http-proxy"],
                       check=True, timeout=NPM_TIMEOUT, capture_output=True,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    if not _works(proxy_command(settings)):
        raise KelasError("configurable-http-proxy tidak bisa dipasang atau tidak berjalan.\n"
                         "Pasang Node.js lalu `npm install -g configurable-http-proxy`, kemudian jalankan `make kelas` lagi.")


def ensure_images_tar(settings, say):
    """Save the host's base images once into one tar that every student's engine loads.

    Similar to ``docker save kursus/busybox kursus/python -o base-images.tar``.
    """
    from .. import engine
    from ..engine import engine_errors

    with engine_errors():
        client = engine.connect()
        wanted = {name: client.images.get(name).id for name in BASE_IMAGES}
    tar, manifest = settings.images_tar, Path(f"{settings.images_tar}.json")
    try:
        if json.loads(manifest.read_text())["images"] == wanted and tar.exists():
            return
    except (OSError, ValueError, KeyError):
        pass
    say("Menyimpan image dasar sekali untuk semua siswa (docker save) ...")
    settings.shared_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(settings.shared_dir, 0o755)
    partial = tar.with_suffix(".partial")
    subprocess.run(["docker", "save", "-o", str(partial), *BASE_IMAGES], check=True, timeout=SAVE_TIMEOUT,
                   capture_output=True, env={**os.environ, "DOCKER_HOST": "unix:///var/run/docker.sock"})
    os.chmod(partial, 0o644)
    partial.replace(tar)
    manifest.write_text(json.dumps({"images": wanted}))
    os.chmod(manifest, 0o644)


def _pid_of(path, mark):
    try:
        pid = int(Path(path).read_text().split()[0])
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError, IndexError):
        return None
    return pid if mark.encode() in command else None


def hub_pid(settings):
    """The running hub's PID, or ``None``."""
    return _pid_of(pid_file(settings), "jupyterhub")


def api(settings, method, path, body=None, token=None, timeout=HTTP_TIMEOUT):
    """Call the hub's REST API through the proxy and return ``(status, decoded JSON or None)``."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{url(settings)}/hub/api{path}", data=data, method=method,
                                     headers={"Authorization": f"token {token or service_token(settings)}",
                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            raw = answer.read()
            return answer.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return exc.code, json.loads(raw) if raw else None
        except ValueError:
            return exc.code, None
    except (OSError, ValueError):
        return 0, None


def answers(settings):
    return api(settings, "GET", "/", timeout=5)[0] == 200


def _environment(settings):
    keep = {key: value for key, value in os.environ.items() if key not in ("DOCKER_HOST", "PYTHONPATH")}
    return {**keep, "KELAS_NAME": settings.name, "KELAS_PORT": str(settings.port), "KELAS_SUBNET": settings.subnet,
            "KELAS_MEMORY_MIB": str(settings.memory_mib), "KELAS_PIDS": str(settings.pids),
            "KELAS_GURU": settings.teacher, "KURSUS_DATA_DIR": str(data_dir()),
            "PATH": f"{VENV_BIN}:{keep.get('PATH', '/usr/bin:/bin')}"}


def start(settings, say):
    """Start the hub in the background unless it runs already, and wait until it answers.

    Returns:
        ``True`` if it was started now, ``False`` if it was running.
    """
    if hub_pid(settings) and answers(settings):
        return False
    if hub_pid(settings):
        stop(settings)
    say(f"Menyalakan JupyterHub (log: {log_file(settings)}) ...")
    with open(log_file(settings), "ab") as log:
        process = subprocess.Popen([str(VENV_BIN / "jupyterhub"), "-f", str(CONFIG)], cwd=settings.state_dir,
                                   env=_environment(settings), stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise KelasError(f"JupyterHub berhenti dengan kode {process.returncode}.\nBaca lognya: {log_file(settings)}")
        if answers(settings):
            return True
        time.sleep(0.5)
    raise KelasError(f"JupyterHub tidak menjawab dalam {START_TIMEOUT} detik.\nBaca lognya: {log_file(settings)}")


def _terminate(pid, mark, timeout):
    try:
        handle = os.pidfd_open(pid)
    except OSError:
        return
    try:
        if mark.encode() not in Path(f"/proc/{pid}/cmdline").read_bytes():
            return
        signal.pidfd_send_signal(handle, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
            time.sleep(0.3)
        if Path(f"/proc/{pid}").exists():
            signal.pidfd_send_signal(handle, signal.SIGKILL)
    except OSError:
        pass
    finally:
        os.close(handle)


def stop(settings, timeout=STOP_TIMEOUT):
    """Stop the hub (it stops every student's server first) and the proxy it started.

    Returns:
        ``True`` if a hub was running.
    """
    pid = hub_pid(settings)
    if pid:
        _terminate(pid, "jupyterhub", timeout)
    proxy = _pid_of(proxy_pid_file(settings), "configurable-http-proxy")
    if proxy:
        _terminate(proxy, "configurable-http-proxy", 10)
    for path in (pid_file(settings), proxy_pid_file(settings)):
        path.unlink(missing_ok=True)
    return pid is not None
