"""The learner's progress over every lab, read from the engine's live state.

Similar to running ``python -m helpers check LAB`` for each lab and counting the ✅.
"""

from dataclasses import dataclass

from matplotlib.figure import Figure

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


def plot(rows):
    """A horizontal bar chart of the tasks done per lab.

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


def show():
    """Print the table and draw the chart, for a notebook cell."""
    rows = collect()
    print(table(rows))
    return plot(rows)
