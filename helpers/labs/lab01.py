"""Lab 01 · Container pertama: run, name, inspect, read logs, stop and remove containers."""

from ..engine import client, engine_errors
from ..engine.labels import OWNER_LABEL
from ..setup.baseimages import BUSYBOX
from . import state
from .core import Lab, NotYet, Task, require

LAB_ID = "lab-01-container-pertama"
GREETING = "Halo, Docker!"
ROLE_LABEL = "org.kursus-docker.peran"
"""Label that marks the containers the lab's setup cell makes, whatever they are renamed to."""

MYSTERY, LITTER = "misteri", "sampah"
SETUP_HINT = "Jalankan terlebih dahulu sel persiapan di awal tugas 3."


def _setup_containers(role):
    with engine_errors():
        return client().containers.list(all=True, filters={"label": [f"{OWNER_LABEL}={LAB_ID}", f"{ROLE_LABEL}={role}"]})


def check_greeting():
    halo = state.container("kursus-lab01-halo", LAB_ID)
    state.made_from(halo, BUSYBOX)
    state.exited(halo, 0)
    said = state.logs(halo)
    require(said == GREETING, f"Log `kursus-lab01-halo` berisi {said!r}, seharusnya {GREETING!r}.")


def check_server():
    server = state.container("kursus-lab01-server", LAB_ID)
    state.made_from(server, BUSYBOX)
    state.running(server)
    state.http_get(server, "8080/tcp")


def check_renamed():
    found = _setup_containers(MYSTERY)
    require(found, f"Container misteri tidak ditemukan. {SETUP_HINT}")
    mystery = found[0]
    code = mystery.attrs["State"]["ExitCode"]
    require(mystery.name != "kursus-lab01-misteri",
            "Container `kursus-lab01-misteri` belum diganti namanya: cari kode keluarnya dengan `docker inspect`, lalu `docker rename`.")
    require(mystery.name == f"kursus-lab01-kode-{code}",
            f"Nama `{mystery.name}` tidak memuat kode keluar yang benar: baca lagi `State.ExitCode` container itu.")


def check_stopped():
    sleeper = state.container("kursus-lab01-tidur", LAB_ID)
    status = sleeper.attrs["State"]
    require(not status["Running"], "Container `kursus-lab01-tidur` masih berjalan: hentikan dengan `docker stop`.")
    require(not status["StartedAt"].startswith("0001"), "Container `kursus-lab01-tidur` belum pernah dijalankan.")
    require(status["ExitCode"] in (137, 143),
            f"Container `kursus-lab01-tidur` berhenti sendiri (kode keluar {status['ExitCode']}), bukan dihentikan: "
            "jalankan `sleep 3600` lalu hentikan dengan `docker stop`.")


def check_removed():
    require(_setup_containers(MYSTERY), f"Container misteri tidak ditemukan. {SETUP_HINT}")
    left = sorted(c.name for c in _setup_containers(LITTER))
    if left:
        raise NotYet(f"Masih ada: {', '.join(left)}. Hapus dengan `docker rm`.")


LAB = Lab(LAB_ID, "Container pertama", (
    Task("Jalankan, beri nama, baca log", check_greeting),
    Task("Container yang terus berjalan", check_server),
    Task("Inspect: kode keluar container misteri", check_renamed),
    Task("Menghentikan container", check_stopped),
    Task("Menghapus container", check_removed),
))
