"""Lab 05 · Registry: tag with versions, push, delete locally, pull by digest; checked through the registry's API."""

from ..engine import client, engine_errors
from ..objects import registry
from . import state
from .core import Lab, Task, require

LAB_ID = "lab-05-registry"
REPOSITORY = "kursus/lab05-app"
VERSIONS = ("1.0", "latest")
OUTPUT = "versi 1.0"


def _remote():
    return f"{registry.running_address()}/{REPOSITORY}"


def check_pushed():
    digests = {tag: state.registry_digest(REPOSITORY, tag) for tag in VERSIONS}
    require(len(set(digests.values())) == 1, "`1.0` dan `latest` di registry menunjuk image yang berbeda: pakai `docker tag` untuk memberi kedua nama itu kepada image yang sama.")
    state.local_image_with_digest(_remote(), digests["1.0"], LAB_ID)


def check_pulled_by_digest():
    remote = _remote()
    digest = state.registry_digest(REPOSITORY, "1.0")
    with engine_errors():
        images = client().images.list(name=REPOSITORY) + client().images.list(name=remote)
    # the containerd image store also lists REPO@sha256:... among the tags: a digest reference is not a tag
    tags = sorted(t for i in images for t in i.tags if "@" not in t)
    require(not tags, f"Nama image lokal masih ada: {', '.join(tags)}. Hapus semuanya dengan `docker rmi`, lalu pull berdasarkan digest.")
    state.local_image_with_digest(remote, digest, LAB_ID)


def check_run_by_digest():
    remote = _remote()
    digest = state.registry_digest(REPOSITORY, "1.0")
    runner = state.container("kursus-lab05-dari-registry", LAB_ID)
    used = runner.attrs["Config"]["Image"]
    require(used == f"{remote}@{digest}",
            f"`kursus-lab05-dari-registry` dibuat dari `{used}`: pakai referensi digest `{remote}@sha256:...` dari registry.")
    state.exited(runner, 0)
    said = state.logs(runner)
    require(said == OUTPUT, f"Log `kursus-lab05-dari-registry` berisi {said!r}, seharusnya {OUTPUT!r}.")


LAB = Lab(LAB_ID, "Registry", (
    Task("Tag versi lalu push", check_pushed),
    Task("Hapus dari mesin lokal, lalu pull berdasarkan digest", check_pulled_by_digest),
    Task("Jalankan berdasarkan digest", check_run_by_digest),
))
