"""The course's base images, made without Docker Hub when it cannot be reached.

``kursus/busybox``: the static busybox of the host copied ``FROM scratch`` (2 MB, under a second).
``kursus/python``: a Debian rootfs made by ``debootstrap`` with ``python3``, then ``docker import``-ed.
Where those tools are missing (macOS, Windows), the official images are pulled and relabelled.
"""

import os
import shutil
import subprocess
import tempfile

import docker

from ..engine import client, engine_errors
from ..engine.errors import BuildError, KursusError
from ..engine.labels import BASE_OWNER, ORIGIN_LABEL, course_filter, course_labels
from ..objects.build import tar_archive
from ..objects.cleanup import image_kept, remove_unless_used

BUSYBOX = "kursus/busybox"
PYTHON = "kursus/python"
BASE_IMAGES = (BUSYBOX, PYTHON)

DEBIAN_SUITE = "bookworm"
DEBIAN_MIRROR = os.environ.get("KURSUS_DEBIAN_MIRROR", "http://deb.debian.org/debian")
HUB_IMAGES = {BUSYBOX: "busybox:1.36", PYTHON: "python:3.11-slim"}
BUSYBOX_DOCKERFILE = """\
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
CMD ["sh"]
"""
BUILD_TIMEOUT = 600


def _quiet(message):
    pass


def base_image(name):
    """Return the base image ``name`` if it exists and carries the course label, else ``None``."""
    with engine_errors():
        for image in client().images.list(name=name, filters=course_filter(BASE_OWNER)):
            return image
    return None


def _labels(origin):
    return {**course_labels(BASE_OWNER), ORIGIN_LABEL: origin}


def _static_busybox():
    path = shutil.which("busybox") or "/bin/busybox"
    if not os.path.exists(path):
        return None
    probe = subprocess.run(["ldd", path], capture_output=True, text=True) if shutil.which("ldd") else None
    if probe is not None and "not a dynamic executable" not in (probe.stdout + probe.stderr):
        return None
    return path


def _build(context, tag, labels):
    with engine_errors(timeout=BUILD_TIMEOUT):
        for chunk in client().api.build(fileobj=context, custom_context=True, tag=tag, labels=labels,
                                        rm=True, forcerm=True, decode=True, timeout=BUILD_TIMEOUT):
            if "error" in chunk:
                raise BuildError(f"Gagal membangun {tag}: {chunk['error'].strip()[:200]}")


def _build_busybox(progress):
    path = _static_busybox()
    if path is None:
        return False
    progress(f"Membangun {BUSYBOX} dari {path} (busybox-static) FROM scratch ...")
    with open(path, "rb") as binary:
        context = tar_archive({"Dockerfile": BUSYBOX_DOCKERFILE, "busybox": (binary.read(), 0o755)})
    _build(context, BUSYBOX, _labels("busybox-static"))
    return True


def _build_python(progress):
    if not shutil.which("debootstrap") or os.geteuid() != 0:
        return False
    with tempfile.TemporaryDirectory(prefix="kursus-rootfs-") as tmp:
        rootfs = os.path.join(tmp, "rootfs")
        progress(f"Membuat rootfs Debian {DEBIAN_SUITE} dengan debootstrap (sekitar 30-60 detik) ...")
        command = ["debootstrap", "--variant=minbase", "--include=python3", DEBIAN_SUITE, rootfs, DEBIAN_MIRROR]
        result = subprocess.run(command, capture_output=True, text=True, timeout=BUILD_TIMEOUT)
        if result.returncode != 0:
            last = (result.stderr.strip() or result.stdout.strip()).splitlines()[-1:] or [""]
            raise BuildError(f"debootstrap gagal (kode {result.returncode}): {last[0][:160]}\n"
                             f"Periksa koneksi ke {DEBIAN_MIRROR}, lalu jalankan `make setup` lagi.")
        for junk in ("var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man"):
            shutil.rmtree(os.path.join(rootfs, junk), ignore_errors=True)
        progress(f"Mengimpor rootfs sebagai image {PYTHON} (docker import) ...")
        archive = os.path.join(tmp, "rootfs.tar")
        subprocess.run(["tar", "-C", rootfs, "-cf", archive, "."], check=True, timeout=BUILD_TIMEOUT)
        label_args = " ".join(f'"{k}"="{v}"' for k, v in _labels("debootstrap").items())
        changes = ['CMD ["python3"]', "ENV LANG=C.UTF-8 PYTHONUNBUFFERED=1", f"LABEL {label_args}"]
        with engine_errors(timeout=BUILD_TIMEOUT):
            client().api.import_image_from_file(archive, repository=PYTHON, tag="latest", changes=changes)
    return True


def _pull_and_label(name, progress):
    official = HUB_IMAGES[name]
    progress(f"Mengunduh {official} dari Docker Hub lalu membangun {name} darinya dengan label kursus ...")
    try:
        with engine_errors(timeout=BUILD_TIMEOUT):
            client().images.pull(official)
    except (KursusError, docker.errors.DockerException) as exc:
        raise BuildError(
            f"Tidak bisa membuat {name}: alat lokal tidak ada dan Docker Hub tidak terjangkau.\n"
            "Di Debian/Ubuntu pasang `busybox-static` dan `debootstrap` (jalankan `make setup`), lalu coba lagi."
        ) from exc
    context = tar_archive({"Dockerfile": f"FROM {official}\n"})
    _build(context, name, _labels(f"docker-hub:{official}"))


def ensure_base_images(progress=_quiet):
    """Make sure ``kursus/busybox`` and ``kursus/python`` exist, building what is missing.

    Similar to ``docker build`` (busybox) and ``docker import`` (Debian rootfs).

    Args:
        progress: Called with one Indonesian line per step.

    Returns:
        A dict mapping each base image name to ``"ada"`` (already there) or ``"dibuat"`` (made now).
    """
    makers = {BUSYBOX: _build_busybox, PYTHON: _build_python}
    done = {}
    for name in BASE_IMAGES:
        if base_image(name) is not None:
            progress(f"{name} sudah ada.")
            done[name] = "ada"
            continue
        if not makers[name](progress):
            _pull_and_label(name, progress)
        progress(f"{name} siap.")
        done[name] = "dibuat"
    return done


def remove_base_images(kept):
    """Remove ``kursus/busybox`` and ``kursus/python``, unless a learner's container uses them. Similar to ``docker rmi``.

    Args:
        kept: A list that receives one Indonesian line for each base image left in place.

    Returns:
        How many base images were removed.
    """
    removed = 0
    for name in BASE_IMAGES:
        image = base_image(name)
        if image is not None:
            with engine_errors():
                removed += remove_unless_used(lambda: client().images.remove(name), kept, lambda: image_kept(image))
    return removed
