"""Getting an engine on a fresh Debian/Ubuntu machine when none answers.

Used by ``make setup``: if no engine answers and we are root with ``apt-get``, install
``docker.io`` when ``dockerd`` is missing, start ``dockerd`` in the background with its log
in the course's data folder, and wait until it answers.
"""

import os
import shutil
import subprocess

from .. import engine
from ..engine.errors import EngineError, EngineNotRunningError, NoSocketError
from ..engine.paths import data_dir
from ..engine.polling import wait_until

START_TIMEOUT = 60
INSTRUCTIONS = (
    "Kursus tidak bisa memasang engine di sini: pasang Docker Desktop (macOS/Windows), Docker Engine "
    "(https://docs.docker.com/engine/install/), atau Docker mode rootless, lalu jalankan `make setup` lagi."
)
"""The second line of the message when no engine answers and none can be installed here."""


def _can_provision():
    return os.name == "posix" and os.geteuid() == 0 and shutil.which("apt-get") is not None


def dockerd_log():
    """Return the path of the log of the ``dockerd`` that the course started."""
    return data_dir() / "dockerd.log"


def _install_docker_io(progress):
    progress("Memasang paket docker.io dari apt ...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "docker.io"]):
        subprocess.run(command, check=True, env=env, timeout=900, stdout=subprocess.DEVNULL)


def _start_dockerd(progress):
    progress(f"Menyalakan dockerd di latar belakang (log: {dockerd_log()}) ...")
    with open(dockerd_log(), "ab") as log:
        daemon = subprocess.Popen(["dockerd"], stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                  start_new_session=True)
    connected = []

    def answered_or_ended():
        try:
            connected.append(engine.connect())
        except EngineError:
            pass
        return connected or daemon.poll() is not None

    wait_until(answered_or_ended, START_TIMEOUT, interval=0.5)
    if connected:
        return connected[0]
    what = f"berhenti dengan kode {daemon.returncode}" if daemon.poll() is not None else \
        f"tidak menjawab dalam {START_TIMEOUT} detik"
    raise EngineNotRunningError(f"dockerd sudah dinyalakan tetapi {what}.\nBaca lognya di {dockerd_log()}.")


def ensure_engine(progress=lambda message: None):
    """Return a connected client, installing and starting ``dockerd`` where we may.

    Similar to ``sudo apt-get install docker.io && sudo dockerd &``.

    Raises:
        KursusError: When no engine answers and none can be started here.
    """
    try:
        return engine.connect()
    except (NoSocketError, EngineNotRunningError) as exc:
        local = engine.engine_url()[0].startswith("unix://")
        if not (local and _can_provision()):
            raise type(exc)(f"{str(exc).splitlines()[0]}\n{INSTRUCTIONS}") from exc
    if shutil.which("dockerd") is None:
        _install_docker_io(progress)
    return _start_dockerd(progress)
