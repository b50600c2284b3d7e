"""What an image is made of: its layers, their sizes, and the content addresses that name them.

An image is a stack of read-only layers plus a JSON config. The image id is the sha256 of
that config, and each layer id (``RootFS.Layers``) is the sha256 of the layer's tar archive:
:func:`saved_digests` recomputes both from ``docker save`` so a learner can check them.
"""

import hashlib
import io
import json
import re
import tarfile
from dataclasses import dataclass

from ..engine import client, engine_errors

MB = 1_000_000
"""Docker's CLI counts sizes in decimal megabytes."""


@dataclass(frozen=True)
class SavedDigests:
    """Content addresses recomputed from the bytes ``docker save`` wrote."""

    config: str
    layers: list


def _sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def saved_digests(image):
    """Recompute the image id and layer ids from the archive ``docker save`` produces.

    Meant for small images: the whole archive is held in memory.
    Similar to ``docker save IMAGE | tar -x`` followed by ``sha256sum`` on the config and each ``layer.tar``.

    Returns:
        :class:`SavedDigests` with the sha256 of the config JSON and of each layer tar, in order.
    """
    with engine_errors():
        archive = io.BytesIO(b"".join(image.save()))
    with tarfile.open(fileobj=archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))[0]
        config = _sha256(tar.extractfile(manifest["Config"]).read())
        layer_ids = [_sha256(tar.extractfile(path).read()) for path in manifest["Layers"]]
    return SavedDigests(config, layer_ids)


def shared_layers(first, second):
    """Return the layer ids two images have in common, bottom layer first.

    Similar to comparing ``docker image inspect -f '{{.RootFS.Layers}}'`` of both images.
    """
    theirs = set(second.attrs["RootFS"]["Layers"])
    return [layer for layer in first.attrs["RootFS"]["Layers"] if layer in theirs]


def image_size(name):
    """Return the size in bytes of the image ``name``, as ``docker image ls`` shows it."""
    with engine_errors():
        return client().images.get(name).attrs["Size"]


_NOP = "#(nop)"
_CONTENT_HASH = re.compile(r"\b(file:|dir:|multi:)([0-9a-f]{64})\b")
_SHELL = "/bin/sh -c "
_FILE_INSTRUCTIONS = ("COPY", "ADD")
_UNITS = ((1e9, "GB"), (1e6, "MB"), (1e3, "kB"))
_BINARY_UNITS = ((2 ** 30, "GiB"), (2 ** 20, "MiB"), (2 ** 10, "KiB"))


@dataclass(frozen=True)
class Layer:
    """One entry of ``docker history``: the instruction that made it and the bytes it added."""

    instruction: str
    size: int
    id: str = ""
    adds_layer: bool | None = None
    """Whether the engine stored a layer for this step, when known: a ``RUN`` that changed nothing stores
    none, a ``WORKDIR`` that created its folder stores one (0 B of files)."""

    @property
    def is_filesystem(self):
        """Whether this entry added a read-only layer of files (not only metadata)."""
        if self.adds_layer is not None:
            return self.adds_layer
        keyword = self.instruction.split(" ", 1)[0]
        return keyword in ("RUN", "IMPORT") or keyword in _FILE_INSTRUCTIONS


def instruction(created_by, comment=""):
    """Turn a history entry's ``CreatedBy`` back into the Dockerfile instruction.

    ``/bin/sh -c #(nop)  CMD ["sh"]`` becomes ``CMD ["sh"]``, ``/bin/sh -c make`` becomes
    ``RUN make``, an exec-form command becomes ``RUN ...``, and an imported file system ``IMPORT``.
    """
    text = " ".join((created_by or "").split())
    if not text:
        return "IMPORT (docker import)" if comment.startswith("Imported") else "(tanpa keterangan)"
    if _NOP in text:
        return _CONTENT_HASH.sub(lambda match: match[1] + match[2][:12], text.split(_NOP, 1)[1].strip())
    if text.startswith(_SHELL.strip() + " "):
        return "RUN " + text[len(_SHELL):]
    return "RUN " + text


def layers_from_history(history, layer_counts=None):
    """Return the :class:`Layer` list of ``client.api.history(image)``, oldest first.

    History alone does not say which steps stored a layer. ``layer_counts`` maps a step's image id
    (``Id``, known for steps built on this engine) to ``len(RootFS.Layers)`` of that image: a step
    stored a layer when its image has more layers than the steps before it; steps without a known
    image (``<missing>``, e.g. from ``docker load``) are judged by their instruction.
    """
    layers, before = [], 0
    for entry in reversed(history):
        count = (layer_counts or {}).get(entry.get("Id"))
        layers.append(Layer(instruction(entry.get("CreatedBy"), entry.get("Comment") or ""), entry.get("Size") or 0,
                            entry.get("Id") or "", None if count is None else count > before))
        before = count if count is not None else before + layers[-1].is_filesystem
    return layers


def filesystem_layers(layers):
    """Only the layers that hold files, i.e. what ``RootFS.Layers`` of ``docker inspect`` counts."""
    return [layer for layer in layers if layer.is_filesystem]


def human_size(size, binary=False):
    """Format bytes the way the ``docker`` CLI does: ``1.98 MB``, ``512 B``; ``binary`` as ``docker stats``: ``256 MiB``."""
    for factor, unit in _BINARY_UNITS if binary else _UNITS:
        if size >= factor:
            return f"{size / factor:.3g} {unit}"
    return f"{size} B"


@dataclass(frozen=True)
class DiskUse:
    """Disk taken by an image and the containers made from it, shared versus copied."""

    image_size: int
    writable_sizes: tuple

    @property
    def shared(self):
        """Bytes on disk as the engine stores them: the image once, plus each writable layer."""
        return self.image_size + sum(self.writable_sizes)

    @property
    def if_copied(self):
        """Bytes on disk if every container had its own copy of the image."""
        return len(self.writable_sizes) * self.image_size + sum(self.writable_sizes)

    @property
    def saved(self):
        """Bytes that sharing the read-only layers saves (never negative)."""
        return max(self.if_copied - self.shared, 0)


def image_layers(image):
    """Return the :class:`~helpers.objects.images.Layer` list of ``image`` (name or object), oldest first.

    Similar to ``docker history IMAGE``.
    """
    with engine_errors():
        history = client().api.history(getattr(image, "id", image))
        known = {entry["Id"] for entry in history if (entry.get("Id") or "").startswith("sha256:")}
        return layers_from_history(history, {step: len(client().api.inspect_image(step)["RootFS"]["Layers"]) for step in known})


def writable_sizes(containers):
    """Return ``(name, writable layer bytes)`` per container. Similar to ``docker ps --size``."""
    sizes = []
    with engine_errors():
        for container in containers:
            wanted = getattr(container, "id", None) or client().api.inspect_container(container)["Id"]
            for entry in client().api.containers(all=True, size=True, filters={"id": wanted}):
                sizes.append((entry["Names"][0].lstrip("/"), entry.get("SizeRw") or 0))
    return sizes
