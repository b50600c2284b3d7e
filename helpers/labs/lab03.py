"""Lab 03 · Dockerfile: a small Python web app as a non-root, labelled image with EXPOSE and exec-form CMD."""

from . import state
from .core import Lab, Task, require

LAB_ID = "lab-03-dockerfile"
IMAGE = "kursus/lab03-web:1.0"
PORT = "8000/tcp"
TITLE_LABEL = "org.opencontainers.image.title"
MESSAGE = "Halo dari container!"
"""What ``notebooks/contoh/halo.py`` answers."""


def _image():
    return state.image(IMAGE, LAB_ID, "Di folder berisi Dockerfile dan app.py, jalankan "
                       "`docker build LABEL... -t kursus/lab03-web:1.0 .` (ganti `LABEL...` dengan kedua opsi label kursus).")


def check_image():
    found = _image()
    require(state.image_config(found).get("Labels", {}).get(TITLE_LABEL),
            f"`{IMAGE}` belum memiliki label `{TITLE_LABEL}`: tambahkan `LABEL {TITLE_LABEL}=\"lab03-web\"`.")
    state.exposes(found, IMAGE, PORT)


def check_user():
    state.non_root(_image(), IMAGE)


def check_cmd():
    state.exec_form_cmd(_image(), IMAGE)


def check_http():
    web = state.container("kursus-lab03-web", LAB_ID)
    state.made_from(web, IMAGE)
    state.running(web)
    answer = state.http_json(web, PORT)
    require(answer.get("pesan") == MESSAGE, f"Aplikasi menjawab {answer!r}, bukan pesan {MESSAGE!r}: salin app.py apa adanya.")
    require(answer.get("uid") != 0, "Aplikasi di dalam container berjalan sebagai root (uid 0): tambahkan USER di Dockerfile.")


LAB = Lab(LAB_ID, "Dockerfile", (
    Task("Image dengan label dan EXPOSE", check_image),
    Task("Bukan root", check_user),
    Task("CMD bentuk exec", check_cmd),
    Task("Aplikasi menjawab lewat HTTP", check_http),
))
