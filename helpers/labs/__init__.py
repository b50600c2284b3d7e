"""The labs: tasks on the live engine, each checked at once from the engine's own state.

In a lab cell, ``check("lab-01-container-pertama", 2)`` prints ✅ or ❌ with a hint;
``python -m helpers check lab-01-container-pertama 2`` does the same from a terminal.
"""

from . import lab01, lab02, lab03, lab04, lab05, lab06, lab07
from .core import Result, UnknownLabError, run_task

LABS = {lab.id: lab for lab in (lab01.LAB, lab02.LAB, lab03.LAB, lab04.LAB, lab05.LAB, lab06.LAB, lab07.LAB)}


def find(lab_id):
    """Return the :class:`~helpers.labs.core.Lab` with id ``lab_id``.

    Raises:
        UnknownLabError: Listing the labs that exist.
    """
    if lab_id not in LABS:
        raise UnknownLabError(f"Lab '{lab_id}' tidak ada. Lab yang ada: {', '.join(LABS)}.")
    return LABS[lab_id]


def evaluate(lab_id, task=None):
    """Check one task (a number from 1) or every task of a lab.

    Returns:
        A list of :class:`~helpers.labs.core.Result`, one per task checked.
    """
    lab = find(lab_id)
    numbers = range(1, len(lab.tasks) + 1) if task is None else [task]
    return [run_task(lab, number) for number in numbers]


def check(lab_id, task=None):
    """Check a lab's task (or all of them) and print ✅ or ❌ with a hint for each.

    Similar to ``python -m helpers check LAB [TASK]``.
    """
    results = evaluate(lab_id, task)
    for result in results:
        print(result.line())
    if task is None:
        print(f"{sum(r.ok for r in results)} dari {len(results)} tugas selesai.")


__all__ = ["LABS", "Result", "UnknownLabError", "check", "evaluate", "find"]
