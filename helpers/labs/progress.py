"""The learner's progress over every lab, read from the engine's live state.

Similar to running ``python -m helpers check LAB`` for each lab and counting the ✅.
"""

from dataclasses import dataclass

from . import LABS, evaluate


@dataclass(frozen=True)
class LabProgress:
    """How many tasks of one lab are done."""

    lab: str
    title: str
    done: int
    total: int


def collect():
    """Check every task of every lab and return one :class:`LabProgress` per lab, in order."""
    return [LabProgress(lab.id, lab.title, sum(r.ok for r in evaluate(lab.id)), len(lab.tasks)) for lab in LABS.values()]


def table(rows):
    """The progress as a text table, one line per lab plus a total."""
    width = max(len(row.lab) for row in rows)
    lines = [f"{'Lab':<{width}}  Selesai  Kemajuan", "-" * (width + 30)]
    for row in rows:
        bar = "█" * row.done + "·" * (row.total - row.done)
        lines.append(f"{row.lab:<{width}}  {row.done:>3}/{row.total:<3}  {bar}")
    done, total = sum(r.done for r in rows), sum(r.total for r in rows)
    lines.append(f"{'Jumlah':<{width}}  {done:>3}/{total:<3}  {100 * done / total:.0f}%")
    return "\n".join(lines)
