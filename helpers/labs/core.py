"""What a lab is made of: numbered tasks, each with a check that reads the engine's state.

A check is a function without arguments that returns when the task is done and raises
:class:`NotYet` with an Indonesian hint when it is not. Checks read structured state
(inspect data, labels, ports, digests, HTTP answers), never the text a CLI prints.
"""

from dataclasses import dataclass
from typing import Callable

from ..engine.errors import EngineError, InvalidInputError, KursusError


class NotYet(Exception):
    """A task is not done yet; ``str(exc)`` is the hint for the learner."""


class UnknownLabError(InvalidInputError):
    """The lab id or task number does not exist."""


def require(condition, hint):
    """Raise :class:`NotYet` with ``hint`` unless ``condition`` holds."""
    if not condition:
        raise NotYet(hint)


@dataclass(frozen=True)
class Task:
    """One task of a lab: a short title and the check that tells whether it is done."""

    title: str
    check: Callable[[], None]


@dataclass(frozen=True)
class Lab:
    """A lab: its id (the notebook's file stem), its title and its tasks in order."""

    id: str
    title: str
    tasks: tuple


@dataclass(frozen=True)
class Result:
    """The outcome of one task's check."""

    lab: str
    number: int
    title: str
    ok: bool
    hint: str = ""

    def line(self):
        """One line for the learner, e.g. ``✅ Tugas 2 · Container yang terus berjalan``."""
        text = f"{'✅' if self.ok else '❌'} Tugas {self.number} · {self.title}"
        return text if self.ok else f"{text}\n   Petunjuk: {self.hint}"


def run_task(lab, number):
    """Check task ``number`` (counting from 1) of ``lab`` and return its :class:`Result`.

    Raises:
        UnknownLabError: When the lab has no such task.
        EngineError: When the engine cannot be reached (the check could not run at all).
    """
    if not isinstance(number, int) or not 1 <= number <= len(lab.tasks):
        raise UnknownLabError(f"{lab.id} tidak memiliki tugas {number}; tugasnya 1 sampai {len(lab.tasks)}.")
    task = lab.tasks[number - 1]
    try:
        task.check()
    except NotYet as exc:
        return Result(lab.id, number, task.title, False, str(exc))
    except EngineError:
        raise
    except KursusError as exc:
        return Result(lab.id, number, task.title, False, str(exc).replace("\n", " "))
    return Result(lab.id, number, task.title, True)
