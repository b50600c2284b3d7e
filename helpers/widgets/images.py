"""An image's read-only layers and the containers on top of them, each with its writable layer."""

from html import escape

import ipywidgets as widgets

from ..objects.images import DiskUse, human_size, image_layers, writable_sizes

_LAYER_STYLE = ("background:#1565c0;color:#fff;border-radius:6px;padding:5px 10px;margin:2px 0;"
                "display:flex;justify-content:space-between;gap:12px;font-size:13px")
_WRITABLE_STYLE = ("background:#ef6c00;color:#fff;border-radius:6px;padding:4px 10px;font-size:13px;"
                   "flex:1 1 180px;min-width:160px")


class ImageLayers(widgets.VBox):
    """The Dockerfile instructions of an image, its read-only layers stacked with their sizes, and its containers.

    Each container made from the image adds only a thin writable layer on top: the read-only
    layers are shared, not copied. Similar to ``docker history IMAGE`` and ``docker ps --size``.

    Args:
        image: The image name (e.g. ``"kursus/busybox"``) or object.
        containers: Containers (objects or names) made from the image.

    Example:
        ``ImageLayers("kursus/busybox", [web1, web2])``
    """

    def __init__(self, image, containers=()):
        self.image = image if isinstance(image, str) else (image.tags or [image.short_id])[0]
        self._html = widgets.HTML()
        self._html.add_class("kursus-image-layers-body")
        super().__init__([self._html], layout=widgets.Layout(max_width="900px"))
        self.add_class("kursus-image-layers")
        self.refresh(containers)

    def refresh(self, containers=None):
        """Read the image and the containers again from the engine and redraw (``containers=None`` keeps them)."""
        if containers is not None:
            self.containers = list(containers)
        self.layers = image_layers(self.image)
        self.writable = writable_sizes(self.containers)
        self._html.value = self._draw()

    @property
    def disk_use(self):
        """The :class:`~helpers.objects.images.DiskUse` of the image and its containers."""
        return DiskUse(sum(layer.size for layer in self.layers), tuple(size for _, size in self.writable))

    def _draw(self):
        stack = [f"<div style='{_LAYER_STYLE}'><span>{escape(layer.instruction[:90])}</span>"
                 f"<b>{human_size(layer.size)}</b></div>"
                 for layer in reversed(self.layers) if layer.is_filesystem]
        tops = [f"<div style='{_WRITABLE_STYLE}'><b>{escape(name)}</b><br>writable: {human_size(size)}</div>"
                for name, size in self.writable] or ["<i>(belum ada container dari image ini)</i>"]
        instructions = "".join(
            f"<li><code>{escape(layer.instruction[:100])}</code> "
            f"{'→ layer ' + human_size(layer.size) if layer.is_filesystem else '(tanpa layer)'}</li>"
            for layer in self.layers)
        use = self.disk_use
        summary = (f"{len(self.writable)} container memakai layer yang sama: di disk {human_size(use.shared)}, "
                   f"bukan {human_size(use.if_copied)} bila tiap container menyalin image "
                   f"(hemat {human_size(use.saved)}).") if self.writable else ""
        return (f"<b>Image <code>{escape(self.image)}</code></b>"
                f"<div style='font-size:13px;margin:4px 0'>Instruksi (dari <code>docker history</code>, terlama di atas):"
                f"<ol style='margin:2px 0 6px 0'>{instructions}</ol></div>"
                f"<div style='font-size:13px'>Container (oranye: writable layer masing-masing):</div>"
                f"<div style='display:flex;flex-wrap:wrap;gap:6px;margin:3px 0'>{''.join(tops)}</div>"
                f"<div style='font-size:13px'>Layer hanya-baca (biru, terbaru di atas), dipakai bersama:</div>"
                f"{''.join(stack)}<div class='kursus-image-layers-summary' style='font-size:13px;margin-top:4px'>"
                f"{escape(summary)}</div>")

    def __repr__(self):
        return f"ImageLayers({self.image!r})"
