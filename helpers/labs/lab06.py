"""Lab 06 · Volume dan network: data that outlives its container, two containers talking by name."""

from ..engine import client, engine_errors
from . import state
from .core import Lab, Task, require

LAB_ID = "lab-06-volume-dan-network"
VOLUME, NETWORK = "kursus-lab06-data", "kursus-lab06-jaringan"
SERVER = "kursus-lab06-server"
MESSAGE = "data tetap ada"


def _mounts_volume(found):
    mounted = [m for m in found.attrs["Mounts"] if m.get("Type") == "volume" and m.get("Name") == VOLUME]
    require(mounted, f"Container `{found.name}` tidak me-mount volume `{VOLUME}` (`-v {VOLUME}:/data`).")


def _says_message(found):
    state.exited(found, 0)
    said = state.logs(found)
    require(said == MESSAGE, f"Log `{found.name}` berisi {said!r}, seharusnya {MESSAGE!r}.")


def check_volume():
    state.volume(VOLUME, LAB_ID, "Buat dengan `docker volume create`.")


def check_survives():
    state.volume(VOLUME, LAB_ID)
    with engine_errors():
        writers = client().containers.list(all=True, filters={"name": "^/kursus-lab06-penulis$"})
    require(not writers, "`kursus-lab06-penulis` masih ada: hapus container itu untuk membuktikan datanya tetap ada di volume.")
    reader = state.container("kursus-lab06-pembaca", LAB_ID)
    _mounts_volume(reader)
    _says_message(reader)


def check_network():
    found = state.network(NETWORK, LAB_ID, "Buat dengan `docker network create`.")
    require(found.attrs["Driver"] == "bridge", f"Network `{NETWORK}` memakai driver {found.attrs['Driver']}, bukan bridge.")
    server = state.container(SERVER, LAB_ID)
    state.running(server)
    state.attached(server, NETWORK)
    _mounts_volume(server)


def check_by_name():
    client_container = state.container("kursus-lab06-klien", LAB_ID)
    state.attached(client_container, NETWORK)
    command = " ".join(client_container.attrs["Config"]["Cmd"] or [])
    require(SERVER in command, f"Perintah `kursus-lab06-klien` tidak menyebut `{SERVER}`: panggil server dengan namanya, bukan alamat IP.")
    _says_message(client_container)


LAB = Lab(LAB_ID, "Volume dan network", (
    Task("Volume bernama", check_volume),
    Task("Data tetap ada setelah container dihapus", check_survives),
    Task("Network buatan sendiri", check_network),
    Task("Dua container saling memanggil dengan nama", check_by_name),
))
