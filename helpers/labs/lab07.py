"""Lab 07 · Proyek akhir: build, test, push, pull and run a two-container app."""

from ..objects import registry
from . import state
from .core import Lab, Task, require

LAB_ID = "lab-07-proyek-akhir"
PARTS = ("api", "web")
PORT = "8000/tcp"
NETWORK = "kursus-lab07-net"
GREETING = "Selamat datang di proyek akhir"


def _repository(part):
    return f"kursus/lab07-{part}"


def check_images():
    for part in PARTS:
        reference = f"{_repository(part)}:1.0"
        found = state.image(reference, LAB_ID, "Bangun dengan `docker build`.")
        state.non_root(found, reference)
        state.exec_form_cmd(found, reference)
        state.exposes(found, reference, PORT)
        state.healthcheck(found, reference)


def check_tests():
    tester = state.container("kursus-lab07-tes", LAB_ID)
    state.made_from(tester, f"{_repository('api')}:1.0")
    command = " ".join(tester.attrs["Config"]["Cmd"] or [])
    require("unittest" in command, f"`kursus-lab07-tes` menjalankan `{command}`, bukan tes (`python3 -m unittest`).")
    state.exited(tester, 0)
    # Python 3.11's unittest exits 0 when it finds no test at all
    require("Ran 0 tests" not in tester.logs().decode(errors="replace"),
            "`kursus-lab07-tes` tidak menemukan satu tes pun (`Ran 0 tests`): jalankan tes di folder `/app`, "
            "misalnya dengan `WORKDIR /app` di Dockerfile.")


def check_pushed():
    address = registry.running_address()
    for part in PARTS:
        state.pushed(address, _repository(part), "1.0", LAB_ID)


def check_running():
    address = registry.running_address()
    state.network(NETWORK, LAB_ID, "Buat dengan `docker network create`.")
    for part in PARTS:
        found = state.container(f"kursus-lab07-{part}", LAB_ID)
        wanted = f"{address}/{_repository(part)}:1.0"
        used = found.attrs["Config"]["Image"]
        require(used == wanted, f"`kursus-lab07-{part}` dibuat dari `{used}`: jalankan image dari registry, `{wanted}`.")
        state.running(found)
        state.read_only_root(found)
        state.attached(found, NETWORK)
    state.published_port(state.container("kursus-lab07-web", LAB_ID), PORT)


def check_end_to_end():
    for part in PARTS:
        state.healthy(state.container(f"kursus-lab07-{part}", LAB_ID))
    answer = state.http_get(state.container("kursus-lab07-web", LAB_ID), PORT)
    require(answer.status == 200, f"`kursus-lab07-web` menjawab dengan status {answer.status}: "
                                  "apakah `kursus-lab07-api` berjalan di network yang sama?")
    require(GREETING in answer.body, f"Halaman dari `kursus-lab07-web` tidak memuat salam {GREETING!r} dari API.")


LAB = Lab(LAB_ID, "Proyek akhir", (
    Task("Build dua image", check_images),
    Task("Tes di dalam container", check_tests),
    Task("Push ke registry", check_pushed),
    Task("Pull dan jalankan dari registry", check_running),
    Task("Aplikasi utuh menjawab", check_end_to_end),
))
