"""A progress display for long operations (base images, build, push, pull)."""

import ipywidgets as widgets


class Progress(widgets.VBox):
    """A bar with the current step, that also prints each step as plain text.

    Call it with one Indonesian line per step: it is the ``progress`` callback that
    :func:`helpers.setup.baseimages.ensure_base_images` and :func:`helpers.setup.registry_server.ensure_registry` take.

    Args:
        title: What is in progress, e.g. ``"Menyiapkan image dasar"``.
        total: How many steps are expected.
    """

    def __init__(self, title, total):
        self.title = title
        self._bar = widgets.IntProgress(value=0, min=0, max=total, description="", bar_style="info",
                                        layout=widgets.Layout(width="60%"))
        self._label = widgets.HTML(f"<b>{title}</b>")
        super().__init__([self._label, self._bar])
        self.add_class("kursus-progress")

    def __call__(self, message):
        self._bar.value = min(self._bar.value + 1, self._bar.max)
        self._label.value = f"<b>{self.title}</b>: {message}"
        print(message, flush=True)

    def done(self, message="selesai"):
        """Fill the bar and show ``message``."""
        self._bar.value, self._bar.bar_style = self._bar.max, "success"
        self._label.value = f"<b>{self.title}</b>: {message} ✔"

    def __repr__(self):
        return f"Progress({self.title!r})"
