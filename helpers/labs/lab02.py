"""Lab 02 · Image dan layer: inspect images, count and size layers, tag, find shared layers."""

from ..engine import client, engine_errors
from ..setup.baseimages import BUSYBOX
from . import state
from .core import Lab, NotYet, Task, require

LAB_ID = "lab-02-image-dan-layer"
APP = "kursus/lab02-app"
APP_TAG = f"{APP}:1.0"
COUNT_PREFIX = "lapisan-"
SETUP_HINT = "Jalankan terlebih dahulu sel persiapan yang membangun `kursus/lab02-app:1.0`."


def _app():
    return state.image(APP_TAG, LAB_ID, SETUP_HINT)


def _layers(found):
    return found.attrs["RootFS"]["Layers"]


def check_tag():
    app = _app()
    stable = state.image(f"{APP}:stabil", LAB_ID, "Buat dengan `docker tag`.")
    require(stable.id == app.id, f"`{APP}:stabil` menunjuk image lain, bukan image yang sama dengan `{APP_TAG}`.")


def check_layer_count():
    app = _app()
    with engine_errors():
        tags = [t for i in client().images.list(name=APP) for t in i.tags if t.startswith(f"{APP}:{COUNT_PREFIX}")]
    require(tags, f"Belum ada image bernama `{APP}:{COUNT_PREFIX}N`: "
                  f"beri `{APP_TAG}` tag `{COUNT_PREFIX}N` (N jumlah layer) dengan `docker tag`.")
    answer = tags[0].rsplit("-", 1)[1]
    count = len(_layers(app))
    with engine_errors():
        history = len(app.history())
    if answer == str(history) and history != count:
        raise NotYet(f"Angka {answer} adalah jumlah baris `docker history`; instruksi seperti CMD dan LABEL tidak membuat layer. "
                     "Hitung `RootFS.Layers` dari `docker image inspect`.")
    require(answer == str(count), f"`{tags[0]}`: jumlah layer {answer} belum tepat. Hitung `RootFS.Layers` dari `docker image inspect`.")


def check_shared():
    app = _app()
    mine = state.image("kursus/lab02-milik-saya:1.0", LAB_ID, f"Bangun dengan `FROM {APP_TAG}`.")
    base, own = _layers(app), _layers(mine)
    require(own[:len(base)] == base, f"`kursus/lab02-milik-saya:1.0` tidak berbagi layer dengan `{APP_TAG}`: pakai `FROM {APP_TAG}`.")
    added = len(own) - len(base)
    require(added == 1, f"`kursus/lab02-milik-saya:1.0` menambah {added} layer; seharusnya tepat satu (satu instruksi COPY).")


def check_slim():
    app = _app()
    slim = state.image("kursus/lab02-ramping:1.0", LAB_ID, f"Bangun dari `{BUSYBOX}`.")
    with engine_errors():
        busybox = client().images.get(BUSYBOX)
    require(_layers(slim)[:len(_layers(busybox))] == _layers(busybox),
            f"`kursus/lab02-ramping:1.0` tidak dibangun dari `{BUSYBOX}`.")
    saved_mb = (app.attrs["Size"] - slim.attrs["Size"]) / 1e6
    require(saved_mb > 3, f"`kursus/lab02-ramping:1.0` belum cukup ramping (selisih ukurannya dengan `{APP_TAG}` kurang dari 3 MB): "
                          "menghapus berkas di layer atas tidak mengecilkan image karena layer di bawahnya tetap ada. "
                          f"Bangun dari `{BUSYBOX}` dan salin hanya `halo.txt`.")


LAB = Lab(LAB_ID, "Image dan layer", (
    Task("Memberi tag kedua", check_tag),
    Task("Menghitung layer", check_layer_count),
    Task("Layer yang dipakai bersama", check_shared),
    Task("Image yang lebih ramping", check_slim),
))
