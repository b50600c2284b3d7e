"""The lifecycle of one container, drawn from the engine's own event stream, with its actions as buttons."""

import threading
import time
from html import escape

import docker
import ipywidgets as widgets

from ..engine import client, engine_errors
from ..engine.errors import InvalidInputError, KursusError
from ..objects import containers, lifecycle
from ..objects.events import EventListener
from ..setup.baseimages import BUSYBOX
from .diagrams import lifecycle_svg

STOP_TIMEOUT = 3
"""Seconds ``stop`` and ``restart`` wait for the process to end before the engine kills it."""

LOG_LINES = 10
BUSYBOX_COMMAND = ["sleep", "3600"]


def _cli(action, name):
    verb = {"remove": "rm"}.get(action, action)
    return f"docker {verb} {name}" if action != "create" else f"docker create --name {name} IMAGE"


class Lifecycle(widgets.VBox):
    """The state diagram of one container, the actions valid in its state, and its event log.

    Every state change is read from the engine's event stream (``docker events --filter
    container=NAME``), so a change made elsewhere, e.g. with the CLI in a terminal, shows up too.
    Each button runs the matching command: ``docker create / start / pause / unpause / stop /
    kill / restart / rm``.

    Args:
        name: The fixed container name, e.g. ``"kursus-05-web"``.
        owner: The notebook or lab id stored in the container's labels.
        image: The image the ``create`` button uses.
        command: The command of the container (default for busybox: ``sleep 3600``).
        **options: More :func:`helpers.objects.containers.create` options (``init=True`` by default, so ``stop`` is quick).

    Example:
        ``Lifecycle("kursus-05-web", OWNER)``
    """

    _listener = None

    def __init__(self, name, owner, image=BUSYBOX, command=None, **options):
        self.name, self.owner, self.image = name, owner, image
        self.command = command if command is not None or image != BUSYBOX else BUSYBOX_COMMAND
        self.options = {"init": True, **options}
        self.transitions, self.history = [], []
        self._changed = threading.Condition()
        self._subscribers = []
        self._title = widgets.HTML(f"<b>Siklus hidup container <code>{escape(name)}</code></b>")
        self._diagram = widgets.HTML(layout=widgets.Layout(width="100%"))
        self._status = widgets.HTML()
        self._buttons = {action: self._button(action) for action in lifecycle.ACTIONS}
        self._message = widgets.HTML()
        self._log = widgets.HTML()
        super().__init__([self._title, self._diagram, self._status,
                          widgets.HBox(list(self._buttons.values()), layout=widgets.Layout(flex_flow="row wrap")),
                          self._message, self._log], layout=widgets.Layout(max_width="900px"))
        self.add_class("kursus-lifecycle")
        for part, css in ((self._diagram, "diagram"), (self._status, "state"), (self._message, "message"),
                          (self._log, "log")):
            part.add_class(f"kursus-lifecycle-{css}")
        with self._changed:
            self._listener = EventListener({"type": "container", "container": name}, self._on_event,
                                           on_error=self._on_error)
            self.state, self._restart_policy = self._inspect()
            self._render()

    def _button(self, action):
        button = widgets.Button(description=f"{lifecycle.ACTION_LABELS[action]} ({action})",
                                tooltip=_cli(action, self.name), layout=widgets.Layout(width="auto"))
        button.add_class(f"kursus-action-{action}")
        button.on_click(lambda _: self._clicked(action))
        return button

    def _inspect(self):
        with engine_errors():
            try:
                attrs = client().api.inspect_container(self.name)
            except docker.errors.NotFound:
                return lifecycle.REMOVED, False
        policy = (attrs["HostConfig"].get("RestartPolicy") or {}).get("Name") or "no"
        return lifecycle.state_from_status(attrs["State"]["Status"]), policy != "no"

    def _on_event(self, event):
        action = event.get("Action", "")
        with self._changed:
            before = self.state
            if action.split(":", 1)[0] == "create":
                self._restart_policy = self._inspect()[1]
            self.state, transition = lifecycle.move(before, action, self._restart_policy)
            clock = time.strftime("%H:%M:%S", time.localtime(event.get("time", time.time())))
            move = ""
            if transition:
                self.transitions.append(transition)
                move = f"{before} → {self.state}"
            self.history = (self.history + [f"{clock}  {action[:28]:<28} {move}"])[-LOG_LINES:]
            self._render()
            self._changed.notify_all()
        for subscriber in self._subscribers:
            subscriber(self, event)

    def _on_error(self, message):
        self._status.value = f"⚠️ {escape(message)}"

    def _render(self):
        last = self.transitions[-1] if self.transitions else None
        self._diagram.value = lifecycle_svg(self.state, last)
        moved = f" · perpindahan terakhir: <b>{escape(str(last))}</b>" if last else ""
        self._status.value = (f"Status di engine: <b class='kursus-state-name'>{self.state}</b> "
                              f"({lifecycle.STATE_LABELS[self.state]}){moved}")
        valid = lifecycle.valid_actions(self.state)
        for action, button in self._buttons.items():
            button.disabled = action not in valid
            button.button_style = "primary" if action in valid else ""
        lines = "\n".join(escape(line) for line in self.history) or "(belum ada event)"
        self._log.value = ("<div style='font-size:13px'>Event dari engine (<code>docker events</code>), "
                           f"terbaru di bawah:</div><pre style='margin:2px 0;font-size:13px;line-height:1.35'>{lines}</pre>")

    def _clicked(self, action):
        for button in self._buttons.values():
            button.disabled = True
        try:
            self.perform(action)
            self._message.value = f"✔ <code>{escape(_cli(action, self.name))}</code>"
        except KursusError as exc:
            self._message.value = f"⚠ {escape(str(exc))}"
        with self._changed:
            self._render()

    def perform(self, action):
        """Run ``action`` (one of :data:`helpers.widgets.lifecycle.ACTIONS`) on the engine.

        Similar to ``docker ACTION NAME``. The widget then changes when the engine's event arrives.

        Raises:
            InvalidInputError: When the action is not valid in the current state.
        """
        if action not in lifecycle.valid_actions(self.state):
            raise InvalidInputError(
                f"Aksi '{action}' tidak berlaku untuk container berstatus {self.state}; "
                f"yang berlaku: {', '.join(lifecycle.valid_actions(self.state))}.")
        if action == "create":
            containers.create(self.image, self.name, self.owner, self.command, **self.options)
            return
        with engine_errors():
            container = client().containers.get(self.name)
            if action in ("stop", "restart"):
                getattr(container, action)(timeout=STOP_TIMEOUT)
            else:
                getattr(container, action)()

    def wait_for(self, state, timeout=10.0):
        """Block until the widget shows ``state`` (at most ``timeout`` seconds); return whether it did."""
        with self._changed:
            return self._changed.wait_for(lambda: self.state == state, timeout)

    def subscribe(self, callback):
        """Call ``callback(widget, event)`` after each engine event has been drawn."""
        self._subscribers.append(callback)

    def close(self):
        """Stop listening to the engine and close the widget."""
        if self._listener is not None:
            self._listener.stop()
        super().close()

    def __repr__(self):
        return f"Lifecycle({self.name!r})"
