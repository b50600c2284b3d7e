"""Talking to the course's registry: its address, its HTTP API, and ``docker push`` / ``docker pull``.

The registry server itself is started by :mod:`helpers.setup.registry_server`; these functions
only read where it runs and use it, so a lab check never starts anything.
"""

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from ..engine import client, engine_errors
from ..engine.errors import RegistryError
from ..engine.paths import data_dir

HOST = "127.0.0.1"
HTTP_TIMEOUT = 3


def folder():
    """The registry's own folder in the course's data folder (config, storage, log, state)."""
    path = data_dir() / "registry"
    path.mkdir(exist_ok=True)
    return path


def state_file():
    return folder() / "state.json"


def read_state():
    try:
        return json.loads(state_file().read_text())
    except (OSError, ValueError):
        return None


def healthy(port):
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/v2/", timeout=HTTP_TIMEOUT) as answer:
            return answer.status == 200
    except (OSError, urllib.error.URLError):
        return False


def address():
    """Return ``host:port`` of the running course registry, or ``None`` if it is not running."""
    state = read_state()
    if state and healthy(state["port"]):
        return f"{HOST}:{state['port']}"
    return None


MANIFEST_TYPES = (
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
)
"""Manifest formats the course accepts: Docker's (classic image store) and OCI's (containerd image store)."""


def running_address():
    """Return the registry's address, or raise :class:`RegistryError` saying how to start it."""
    where = address()
    if where is None:
        raise RegistryError("Registry kursus belum berjalan.\n"
                            "Nyalakan dengan `python -m helpers prepare`, lalu coba lagi.")
    return where


def api(path, method="GET"):
    """Call the registry's HTTP API and return ``(headers, json_body)``.

    Similar to ``curl http://127.0.0.1:5000/v2/_catalog``.

    Args:
        path: Path after ``/v2/``, e.g. ``"_catalog"`` or ``"kursus/app/tags/list"``.
        method: ``GET``, ``HEAD`` or ``DELETE``.

    Raises:
        RegistryError: When the registry does not run, does not answer, or answers with an error.
    """
    where = running_address()
    request = urllib.request.Request(f"http://{where}/v2/{path}", method=method,
                                     headers={"Accept": ", ".join(MANIFEST_TYPES)})
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as answer:
            body = answer.read()
            return dict(answer.headers), (json.loads(body) if body else None)
    except urllib.error.HTTPError as exc:
        raise RegistryError(f"Registry menjawab {exc.code} untuk {method} /v2/{path}.") from exc
    except (OSError, urllib.error.URLError) as exc:
        raise RegistryError(
            f"Registry kursus di {where} tidak menjawab.\nJalankan `python -m helpers prepare`, lalu coba lagi."
        ) from exc


@dataclass
class Transfer:
    """What a :func:`push` or :func:`pull` did: the reference, its digest and each layer's last status."""

    reference: str
    digest: str
    layers: dict

    def count(self, *statuses):
        """How many layers ended with one of ``statuses`` (e.g. ``"Already exists"``)."""
        return sum(any(s.startswith(w) for w in statuses) for s in self.layers.values())


PUSHED_DIGEST = re.compile(r"^\S+: digest: (sha256:[0-9a-f]{64}) size: \d+$")
"""The last status of a push, ``TAG: digest: sha256:... size: N``: the only digest the containerd
image store reports (the classic store also sends it in ``aux.Digest``)."""


def _transfer(chunks, reference, on_layer):
    digest, layers = None, {}
    for chunk in chunks:
        if "error" in chunk:
            raise RegistryError(f"Registry menolak {reference}: {chunk['error'].strip()[:200]}")
        if chunk.get("id") and chunk.get("status") and not chunk.get("progressDetail", {}).get("current"):
            layers[chunk["id"]] = chunk["status"]
            on_layer(chunk["id"], chunk["status"])
        digest = chunk.get("aux", {}).get("Digest", digest)
        status = chunk.get("status", "")
        if status.startswith("Digest: "):
            digest = status.split(" ", 1)[1]
        pushed = PUSHED_DIGEST.search(status)
        if pushed and digest is None:
            digest = pushed[1]
    if digest is None:
        raise RegistryError(
            f"Transfer {reference} terputus sebelum selesai (engine atau registry berhenti?).\n"
            "Periksa dengan `python -m helpers doctor`, lalu ulangi sel ini.")
    return Transfer(reference, digest, layers)


def push(reference, on_layer=lambda layer, status: None):
    """Push a local image to its registry, reporting each layer's status as it changes.

    Similar to ``docker push 127.0.0.1:5000/kursus/app:1.0``.

    Args:
        reference: The full reference with registry and tag, e.g. ``"127.0.0.1:5000/kursus/app:1.0"``.
        on_layer: Called with ``(layer_id, status)``, e.g. ``("5d2847a8d7d6", "Pushed")``.

    Returns:
        A :class:`Transfer` whose ``digest`` is the manifest digest the registry stored.

    Raises:
        RegistryError: When the registry refuses the push.
    """
    repository, tag = reference.rsplit(":", 1)
    with engine_errors():
        return _transfer(client().api.push(repository, tag=tag, stream=True, decode=True), reference, on_layer)


def pull(reference, on_layer=lambda layer, status: None):
    """Pull an image by tag (``REPO:TAG``) or by digest (``REPO@sha256:...``).

    Similar to ``docker pull 127.0.0.1:5000/kursus/app:1.0``.

    Returns:
        A :class:`Transfer`; its layers end as ``"Already exists"`` or ``"Pull complete"``.

    Raises:
        RegistryError: When the registry does not have the image.
    """
    separator = "@" if "@" in reference else ":"
    repository, tag = reference.rsplit(separator, 1)
    with engine_errors():
        return _transfer(client().api.pull(repository, tag=tag, stream=True, decode=True), reference, on_layer)
