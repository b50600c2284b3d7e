"""What an image is made of: its layers, their sizes, and the content addresses that name them.

An image is a stack of read-only layers plus a JSON config. The image id is the sha256 of
that config, and each layer id (``RootFS.Layers``) is the sha256 of the layer's tar archive:
:func:`saved_digests` recomputes both from ``docker save`` so a learner can check them.
"""

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass

from matplotlib.figure import Figure

from .engine import client, engine_errors
from .widgets.layers import human_size

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


def plot_sizes(names):
    """Compare image sizes as horizontal bars (``docker image ls``).

    Args:
        names: Image names, e.g. ``["kursus/busybox", "kursus/python"]``.

    Returns:
        A matplotlib ``Figure``.
    """
    sizes = [image_size(name) / MB for name in names]
    figure = Figure(figsize=(8, 0.6 * len(names) + 1.4), layout="constrained")
    axes = figure.subplots()
    axes.barh(range(len(names)), sizes, color="#1f77b4")
    axes.set_yticks(range(len(names)), names)
    axes.invert_yaxis()
    axes.set_xlim(0, max(sizes) * 1.2)
    for position, size in enumerate(sizes):
        axes.annotate(human_size(size * MB), (size, position),
                      xytext=(4, 0), textcoords="offset points", va="center")
    axes.set_xlabel("ukuran image (MB)")
    return figure




def plot_stacks(images):
    """Draw the read-only layers of several images side by side, one colour per layer id.

    A layer that appears in more than one column is shared: the engine stores it once.
    Similar to comparing ``docker image inspect -f '{{.RootFS.Layers}}'`` of each image.

    Args:
        images: A dict ``{title: docker-py Image}``.

    Returns:
        A matplotlib ``Figure``.
    """
    stacks = {title: image.attrs["RootFS"]["Layers"] for title, image in images.items()}
    counts = {}
    for stack in stacks.values():
        for layer in stack:
            counts[layer] = counts.get(layer, 0) + 1
    palette = iter(["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"])
    colors = {layer: next(palette, "#7f7f7f") if count > 1 else "#ff7f0e" for layer, count in counts.items()}
    height = max(len(stack) for stack in stacks.values())
    figure = Figure(figsize=(3.2 * len(stacks) + 1, 0.8 * height + 1.4), layout="constrained")
    axes = figure.subplots()
    for column, (title, stack) in enumerate(stacks.items()):
        for level, layer in enumerate(stack):
            axes.bar(column, 0.9, bottom=level, width=0.8, color=colors[layer], edgecolor="white")
            note = "dipakai bersama" if counts[layer] > 1 else "milik sendiri"
            axes.text(column, level + 0.45, f"{layer[7:19]}\n{note}", ha="center", va="center",
                      color="white", fontsize=9)
    axes.set_xticks(range(len(stacks)), list(stacks), fontsize=10)
    axes.set_yticks([])
    axes.set_ylim(0, height)
    axes.set_ylabel("layer (paling bawah = pertama)")
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    return figure
