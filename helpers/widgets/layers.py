"""Layer arithmetic without an engine: an image's history as layers, sizes, and what sharing saves.

``docker history`` lists one entry per Dockerfile instruction; only ``RUN``, ``COPY``, ``ADD``
(and an imported root file system) add a read-only *layer*, the others only change metadata.
Containers made from an image share its layers and add one thin writable layer each.
"""

import re
from dataclasses import dataclass

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

    @property
    def is_filesystem(self):
        """Whether this entry added a read-only layer of files (not only metadata)."""
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


def layers_from_history(history):
    """Return the :class:`Layer` list of ``client.api.history(image)``, oldest first."""
    return [Layer(instruction(entry.get("CreatedBy"), entry.get("Comment") or ""), entry.get("Size") or 0,
                  entry.get("Id") or "")
            for entry in reversed(history)]


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
