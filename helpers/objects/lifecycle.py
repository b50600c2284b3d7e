"""The lifecycle of a container as a pure state machine, fed by the engine's events.

No engine here: :func:`next_state` turns one event of ``docker events`` into the state the
container is in afterwards, and :func:`valid_actions` says which actions the engine accepts
in a state. The :class:`~helpers.widgets.lifecycle.Lifecycle` widget draws both.
"""

from dataclasses import dataclass

CREATED, RUNNING, PAUSED, RESTARTING, EXITED, DEAD, REMOVED = (
    "created", "running", "paused", "restarting", "exited", "dead", "removed")
STATES = (CREATED, RUNNING, PAUSED, RESTARTING, EXITED, DEAD, REMOVED)
"""Every state the diagram shows; ``removed`` also stands for "no such container yet"."""

STATE_LABELS = {
    CREATED: "dibuat", RUNNING: "berjalan", PAUSED: "dijeda", RESTARTING: "dijalankan ulang",
    EXITED: "berhenti", DEAD: "gagal dihapus", REMOVED: "tidak ada",
}
"""One Indonesian word or two under each state's English name."""

ACTIONS = ("create", "start", "pause", "unpause", "stop", "kill", "restart", "remove")
"""Every action the widget offers, in the order of its buttons."""

ACTION_LABELS = {
    "create": "buat", "start": "jalankan", "pause": "jeda", "unpause": "lanjutkan",
    "stop": "hentikan", "kill": "hentikan paksa", "restart": "jalankan ulang", "remove": "hapus",
}
"""Indonesian label of each action (the CLI verb stays beside it: ``docker ACTION``)."""

_VALID = {
    REMOVED: ("create",),
    CREATED: ("start", "remove"),
    RUNNING: ("pause", "stop", "kill", "restart"),
    PAUSED: ("unpause",),
    RESTARTING: ("stop", "kill"),
    EXITED: ("start", "restart", "remove"),
    DEAD: ("remove",),
}

_EVENT_STATE = {
    "create": CREATED, "start": RUNNING, "restart": RUNNING, "unpause": RUNNING,
    "pause": PAUSED, "die": EXITED, "stop": EXITED, "destroy": REMOVED,
}
"""Events that move a container to another state; ``kill``, ``attach``, ``exec_*`` and the like do not."""

_STATUS_STATE = {"removing": DEAD}
"""``docker inspect`` statuses that are not states of the diagram themselves."""

@dataclass(frozen=True)
class Transition:
    """One move of the container, caused by one engine event."""

    before: str
    after: str
    action: str

    def __str__(self):
        return f"{self.before} → {self.after} ({self.action})"


def next_state(state, action, restarting=False):
    """Return the state after an event ``action`` (e.g. ``"pause"``) in ``state``.

    A ``docker stop`` emits ``kill``, ``die`` and ``stop``, in an order the engine does not
    guarantee: 20.10 sends ``die`` before ``stop``, 28 sends ``kill``, ``stop``, ``die``. Either
    order ends in ``exited``.

    Args:
        state: The current state, one of :data:`STATES`.
        action: The ``Action`` of a container event, e.g. ``"start"`` or ``"exec_start: sh"``.
        restarting: Whether the container has a restart policy that brings it back after ``die``.

    Returns:
        The new state (the same one when the event does not change it).
    """
    action = action.split(":", 1)[0]
    if action == "die" and state == EXITED:
        return EXITED  # the die of a ``docker stop`` whose stop event came first: no restart follows
    if action == "die" and restarting:
        return RESTARTING
    return _EVENT_STATE.get(action, state)


def state_from_status(status):
    """Map ``docker inspect``'s ``State.Status`` (or ``None`` for no container) to a state."""
    if status is None:
        return REMOVED
    return _STATUS_STATE.get(status, status if status in STATES else DEAD)


def valid_actions(state):
    """Return the actions the engine accepts for a container in ``state``, in button order."""
    allowed = _VALID.get(state, ())
    return tuple(action for action in ACTIONS if action in allowed)


def move(state, action, restarting=False):
    """Return the state after event ``action`` and the :class:`Transition` it makes (``None`` if none).

    Args:
        state, action, restarting: As for :func:`next_state`.
    """
    after = next_state(state, action, restarting)
    return after, (Transition(state, after, action.split(":", 1)[0]) if after != state else None)


def replay(actions, state=REMOVED):
    """Apply event actions in order and return every :class:`Transition` that changed the state."""
    moves = []
    for action in actions:
        state, transition = move(state, action)
        if transition:
            moves.append(transition)
    return moves
