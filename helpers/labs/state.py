"""Reading the engine's structured state for lab checks, with an Indonesian hint for each miss.

Every function here looks a resource up by the fixed name or tag a task asks for, checks that it
carries the lab's label, and raises :class:`NotYet` naming what is missing or wrong.
"""

import json

import docker

from ..engine import client, engine_errors
from ..engine.errors import AppNotAnsweringError, RegistryError
from ..engine.labels import COURSE_LABEL, COURSE_VALUE, OWNER_LABEL, is_course_resource
from ..engine.polling import wait_until
from ..engine.validate import LOOPBACK
from ..objects import registry, web
from ..objects.containers import health, published
from .core import NotYet, require

ROOT_USERS = ("", "root", "0", "0:0", "root:root")
SHELL_FORM = ["/bin/sh", "-c"]
POLL_INTERVAL = 0.05


def label_flags(lab_id):
    """The ``docker`` CLI flags that give a resource the course label of ``lab_id``."""
    return f"--label {COURSE_LABEL}={COURSE_VALUE} --label {OWNER_LABEL}={lab_id}"


def _owned(resource_labels, lab_id, kind, name):
    require(is_course_resource(resource_labels, lab_id),
            f"{kind} `{name}` ada, tetapi tidak memiliki label lab ini. Label tidak dapat ditambahkan belakangan: "
            f"hapus, lalu buat ulang dengan `{label_flags(lab_id)}` (atau lewat `helpers`, yang menambahkannya sendiri).")


def _get(collection, name, kind, hint):
    with engine_errors():
        try:
            return collection.get(name)
        except docker.errors.NotFound:
            raise NotYet(f"{kind} `{name}` belum ada. {hint}".strip()) from None


def container(name, lab_id, hint=""):
    """Return the lab's container ``name``. Similar to ``docker inspect NAME``."""
    found = _get(client().containers, name, "Container", hint)
    _owned(found.labels, lab_id, "Container", name)
    return found


def image(reference, lab_id, hint=""):
    """Return the lab's image ``reference``. Similar to ``docker image inspect REF``."""
    found = _get(client().images, reference, "Image", hint)
    _owned(found.labels, lab_id, "Image", reference)
    return found


def volume(name, lab_id, hint=""):
    """Return the lab's volume ``name``. Similar to ``docker volume inspect NAME``."""
    found = _get(client().volumes, name, "Volume", hint)
    _owned(found.attrs.get("Labels"), lab_id, "Volume", name)
    return found


def network(name, lab_id, hint=""):
    """Return the lab's network ``name``. Similar to ``docker network inspect NAME``."""
    found = _get(client().networks, name, "Network", hint)
    _owned(found.attrs.get("Labels"), lab_id, "Network", name)
    return found


def logs(found):
    """The container's output (stdout and stderr), stripped. Similar to ``docker logs NAME``."""
    with engine_errors():
        return found.logs().decode(errors="replace").strip()


def first_output(found, timeout=3.0):
    """The container's output once it has printed something, waiting up to ``timeout`` seconds."""
    return wait_until(lambda: logs(found), timeout, POLL_INTERVAL)


def exited(found, code=0):
    """Require that the container has finished with exit code ``code``."""
    state = found.attrs["State"]
    require(state["Status"] == "exited",
            f"Container `{found.name}` berstatus {state['Status']}, padahal seharusnya sudah selesai (exited).")
    require(state["ExitCode"] == code,
            f"Container `{found.name}` selesai dengan kode keluar {state['ExitCode']}, bukan {code}: "
            f"baca lognya dengan `docker logs {found.name}`.")


def running(found):
    """Require that the container is running."""
    state = found.attrs["State"]
    require(state["Running"],
            f"Container `{found.name}` tidak berjalan (status {state['Status']}, kode keluar {state['ExitCode']}): "
            f"baca lognya dengan `docker logs {found.name}`.")


def made_from(found, reference):
    """Require that the container runs the image ``reference``."""
    wanted = _get(client().images, reference, "Image", "").id
    used = found.attrs["Config"]["Image"]
    if used == reference:  # same name, older image: it was built again after the container was made
        source = f"versi lama `{reference}`, sebelum image itu di-build ulang: hapus container itu, lalu jalankan lagi."
    else:
        source = f"`{used}`, bukan dari `{reference}`."
    require(found.attrs["Image"] == wanted, f"Container `{found.name}` dibuat dari {source}")


def attached(found, network_name):
    """Require that the container is connected to the network ``network_name``."""
    networks = found.attrs["NetworkSettings"]["Networks"]
    require(network_name in networks,
            f"Container `{found.name}` tidak tersambung ke network `{network_name}` "
            f"(tersambung ke: {', '.join(networks) or 'tidak ada'}).")


def published_port(found, container_port):
    """Return the host port of ``container_port``, requiring it to be published on 127.0.0.1 only."""
    ports = published(found)
    hosts = ports.get(container_port, [])
    require(hosts, f"Port {container_port} dari `{found.name}` tidak dipublikasikan "
                   f"(yang dipublikasikan: {', '.join(sorted(ports)) or 'tidak ada'}).")
    addresses = {address for address, _ in hosts}
    require(addresses <= {LOOPBACK},
            f"Port {container_port} dipublikasikan di {', '.join(sorted(addresses))} sehingga dapat dijangkau dari jaringan: "
            f"publikasikan hanya di 127.0.0.1, misalnya `-p 127.0.0.1::{container_port.split('/')[0]}`.")
    return hosts[0][1]


def http_get(found, container_port, path="/"):
    """Ask the app in the container over HTTP through its published port. Similar to ``curl``."""
    port = published_port(found, container_port)
    try:
        return web.get(f"http://{LOOPBACK}:{port}{path}", timeout=3)
    except AppNotAnsweringError:
        raise NotYet(f"Aplikasi di `{found.name}` tidak menjawab di port {container_port}: "
                     f"periksa apakah container itu masih berjalan dan baca lognya (`docker logs {found.name}`).") from None


def http_json(found, container_port, path="/"):
    """Ask the app over HTTP and return its answer as a dict, requiring status 200 and JSON."""
    answer = http_get(found, container_port, path)
    require(answer.status == 200, f"Aplikasi di `{found.name}` menjawab `GET {path}` dengan status {answer.status}, bukan 200.")
    try:
        return json.loads(answer.body)
    except ValueError:
        raise NotYet(f"Jawaban aplikasi di `{found.name}` bukan JSON: {answer.body[:60]!r}.") from None


def image_config(found):
    """The ``Config`` section of an image's inspect data."""
    return found.attrs["Config"] or {}


def non_root(found, reference):
    """Require that the image runs as a user other than root."""
    user = image_config(found).get("User") or ""
    require(user not in ROOT_USERS,
            f"Container dari `{reference}` akan berjalan sebagai root (User={user or 'kosong'}): "
            "tambahkan `USER nobody` (atau pengguna lain) di Dockerfile.")


def exec_form_cmd(found, reference):
    """Require that the image's ``CMD`` is in exec form (a JSON list, no shell)."""
    command = image_config(found).get("Cmd") or []
    require(command, f"`{reference}` tidak memiliki CMD: tambahkan misalnya `CMD [\"python3\", \"program.py\"]`.")
    require(command[:2] != SHELL_FORM,
            f"CMD `{command[-1]}` ditulis dalam bentuk shell, jadi PID 1 adalah /bin/sh yang tidak meneruskan SIGTERM: "
            "tulis dalam bentuk exec, misalnya `CMD [\"python3\", \"program.py\"]`.")


def healthcheck(found, reference):
    """Require that the image declares a ``HEALTHCHECK``. Similar to ``docker inspect --format '{{.Config.Healthcheck}}'``."""
    test = (image_config(found).get("Healthcheck") or {}).get("Test") or ["NONE"]
    require(test[0] != "NONE",
            f"`{reference}` tidak memiliki HEALTHCHECK: tambahkan misalnya `HEALTHCHECK CMD [\"python3\", \"-c\", ...]` "
            "yang memeriksa aplikasinya sendiri.")


def read_only_root(found):
    """Require that the container's root filesystem is read-only (``docker run --read-only``)."""
    require(found.attrs["HostConfig"].get("ReadonlyRootfs"),
            f"Sistem berkas root `{found.name}` dapat ditulisi: jalankan dengan `--read-only --tmpfs /tmp`.")


def healthy(found):
    """Require that the container's health check reports ``healthy``."""
    status = health(found)
    require(status == "healthy",
            f"Status kesehatan `{found.name}` adalah {status or 'kosong (image tanpa HEALTHCHECK)'}, bukan healthy: "
            f"tunggu beberapa detik lalu periksa lagi, atau baca `docker inspect --format '{{{{json .State.Health}}}}' {found.name}`.")


def exposes(found, reference, container_port):
    """Require that the image declares ``EXPOSE`` for ``container_port``."""
    exposed = sorted(image_config(found).get("ExposedPorts") or {})
    require(container_port in exposed,
            f"`{reference}` tidak mendeklarasikan `EXPOSE {container_port.split('/')[0]}` "
            f"(yang ada: {', '.join(exposed) or 'tidak ada'}).")


def registry_digest(repository, tag):
    """Return the digest the course registry holds for ``repository:tag`` (a path like ``kursus/app``).

    Similar to ``curl -I http://127.0.0.1:5000/v2/REPO/manifests/TAG``.
    """
    try:
        headers, _ = registry.api(f"{repository}/manifests/{tag}", method="HEAD")
    except RegistryError:
        try:
            _, body = registry.api(f"{repository}/tags/list")
            tags = ", ".join(sorted((body or {}).get("tags") or []))
        except RegistryError:
            tags = ""
        present = f"tag yang ada: {tags}" if tags else "belum ada tag di repository itu"
        raise NotYet(f"Registry belum memiliki `{repository}:{tag}` ({present}): "
                     "jalankan `docker tag` lalu `docker push`.") from None
    return headers["Docker-Content-Digest"]


def local_image_with_digest(repository_reference, digest, lab_id):
    """Return the lab's local image whose ``RepoDigests`` hold ``repository_reference@digest``.

    Similar to ``docker images --digests``.
    """
    wanted = f"{repository_reference}@{digest}"
    with engine_errors():
        found = [i for i in client().images.list(name=repository_reference) if wanted in i.attrs.get("RepoDigests", [])]
    require(found, f"Registry mencatat digest `{digest[:19]}...`, tetapi tidak ada image lokal dengan digest itu: "
                   "push salah satu image lab ini atau pull image itu berdasarkan digest-nya.")
    _owned(found[0].labels, lab_id, "Image", wanted)
    return found[0]


def pushed(address, repository, tag, lab_id):
    """Require that ``address/repository:tag`` is in the registry and came from one of the lab's images.

    Returns:
        The digest of the pushed manifest.
    """
    digest = registry_digest(repository, tag)
    local_image_with_digest(f"{address}/{repository}", digest, lab_id)
    return digest
