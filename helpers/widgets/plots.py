"""Matplotlib figures of what the engine reports: layers, events over time, CPU and memory use.

Each ``*_figure`` function draws from plain data (no engine) on its own ``Figure``, so widgets
can redraw from their background threads; the ``plot_*`` functions fetch the data first.
A returned figure shows itself when it is the last value of a cell.
"""

import io

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from ..engine.validate import shorten
from ..objects.images import (
    MB,
    filesystem_layers,
    human_size,
    image_layers,
    image_size,
    writable_sizes,
)

# Load the backend now: in a notebook the inline backend then shows a returned Figure as an image.
plt.switch_backend(plt.get_backend())

WIDTH = 9.0
"""Figure width in inches: 900 px at 100 dpi, JupyterLab's default notebook width."""

BURST = 0.5
"""Seconds within which a container's events are drawn as one point."""

IMAGE_COLOR, WRITABLE_COLOR, CPU_COLOR, MEMORY_COLOR = "#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a"


def png(figure):
    """Render ``figure`` as PNG bytes (for ``ipywidgets.Image``)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return buffer.getvalue()


def layers_figure(layers, writable=(), title=""):
    """Stack an image's read-only layers (bottom = oldest) with each container's writable layer on top.

    Args:
        layers: :class:`~helpers.objects.images.Layer` list, oldest first (metadata-only entries are skipped).
        writable: ``(container name, writable layer bytes)`` pairs.
        title: The figure's title, e.g. the image name.
    """
    rows = [(shorten(layer.instruction), layer.size, IMAGE_COLOR) for layer in filesystem_layers(layers)]
    rows += [(f"writable: {name}", size, WRITABLE_COLOR) for name, size in writable]
    figure = Figure(figsize=(WIDTH, 0.9 + 0.42 * max(len(rows), 1)))
    axes = figure.add_subplot()
    for y, (label, size, color) in enumerate(rows):
        axes.barh(y, max(size, 1), left=1, color=color, height=0.7)
        axes.text(max(size, 1) * 1.3 + 1, y, human_size(size), va="center", fontsize=10)
    axes.set_yticks(range(len(rows)), [label for label, _, _ in rows], fontsize=10)
    axes.set_xscale("log")
    axes.set_xlim(1, max([size for _, size, _ in rows] + [1]) * 40)
    axes.set_xlabel("ukuran (byte, skala logaritmik)")
    axes.set_title(title or "Layer image (biru, hanya-baca) dan writable layer container (oranye)", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def plot_layers(image, containers=()):
    """Plot the layers of ``image`` and the writable layers of ``containers`` made from it.

    Similar to ``docker history IMAGE`` and ``docker ps --size``.

    Example:
        ``plot_layers("kursus/busybox")``
    """
    name = image if isinstance(image, str) else (image.tags or [image.short_id])[0]
    return layers_figure(image_layers(image), writable_sizes(containers), f"Layer {name}")


def group_events(events, window=BURST):
    """Merge each container's events that follow one another within ``window`` seconds.

    ``docker stop`` alone sends ``kill``, ``die`` and ``stop`` in a few milliseconds: drawn as one
    point labelled with all three, they stay legible. Returns ``(first time, name, [actions])``.
    """
    groups, last = [], {}
    for when, name, action in sorted(events):
        group = last.get(name)
        if group is not None and when - group[3] <= window:
            group[2].append(action)
            group[3] = when
        else:
            last[name] = [when, name, [action], when]
            groups.append(last[name])
    return [(when, name, actions) for when, name, actions, _ in groups]


def events_figure(events, start):
    """Plot engine events as a timeline: one row per container, one marked point per event.

    Args:
        events: ``(seconds since epoch, container name, action)`` triples.
        start: Time (seconds since epoch) at the left edge.
    """
    names = sorted({name for _, name, _ in events})
    figure = Figure(figsize=(WIDTH, 1.4 + 0.75 * max(len(names), 1)))
    axes = figure.add_subplot()
    for when, name, actions in group_events(events):
        y = names.index(name)
        axes.plot(when - start, y, "o", color=IMAGE_COLOR)
        axes.annotate("\n".join(actions), (when - start, y), textcoords="offset points", xytext=(4, 5),
                      ha="left", va="bottom", fontsize=8.5, linespacing=0.95)
    axes.set_yticks(range(len(names)), names, fontsize=10)
    axes.set_ylim(-0.5, len(names) - 0.1)
    axes.set_xlim(left=0, right=max([when - start for when, _, _ in events] + [1]) * 1.1 + 0.5)
    axes.set_xlabel("detik sejak widget dibuat")
    axes.set_title("Event engine per container (docker events)", fontsize=11)
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    return figure


def resources_figure(samples, memory_limit):
    """Plot CPU (%) and memory (MB) over time, with the container's memory limit as a dashed line.

    Args:
        samples: ``(seconds, cpu percent, memory bytes)`` triples.
        memory_limit: The memory limit in bytes (``None`` or 0 when unknown).
    """
    figure = Figure(figsize=(WIDTH, 3.4))
    cpu_axes, memory_axes = figure.subplots(1, 2)
    seconds = [sample[0] for sample in samples]
    cpu_axes.plot(seconds, [sample[1] for sample in samples], color=CPU_COLOR, marker=".")
    cpu_axes.set_title("CPU (% dari satu core)", fontsize=11)
    cpu_axes.set_ylim(bottom=0, top=max([sample[1] for sample in samples] + [5]) * 1.2)
    memory_axes.plot(seconds, [sample[2] / 2 ** 20 for sample in samples], color=MEMORY_COLOR, marker=".",
                     label="dipakai" + (f" ({human_size(samples[-1][2], binary=True)})" if samples else ""))
    if memory_limit:
        memory_axes.axhline(memory_limit / 2 ** 20, color=WRITABLE_COLOR, linestyle="--",
                            label=f"batas memori {human_size(memory_limit, binary=True)}")
    memory_axes.legend(loc="center right", fontsize=9)
    memory_axes.set_ylim(bottom=0)
    memory_axes.set_title("Memori (MiB)", fontsize=11)
    for axes in (cpu_axes, memory_axes):
        axes.set_xlabel("detik")
        axes.grid(alpha=0.3)
    figure.tight_layout()
    return figure


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


def progress_figure(rows):
    """A horizontal bar chart of the tasks done per lab (:func:`helpers.labs.progress.collect`).

    Returns:
        The matplotlib ``Figure``.
    """
    figure = Figure(figsize=(8, 0.45 * len(rows) + 1.2))
    axes = figure.subplots()
    names = [f"{row.lab.split('-')[1]} · {row.title}" for row in rows][::-1]
    axes.barh(names, [row.total for row in rows][::-1], color="#e6e6e6", label="belum")
    axes.barh(names, [row.done for row in rows][::-1], color="#2a9d8f", label="selesai")
    axes.set_xlabel("tugas")
    axes.set_title("Kemajuan lab (dibaca dari engine)")
    axes.set_xlim(0, max(row.total for row in rows) + 1.5)
    axes.legend(loc="lower right")
    axes.xaxis.get_major_locator().set_params(integer=True)
    figure.tight_layout()
    return figure
