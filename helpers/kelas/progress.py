"""The teacher's view of the class: students × labs, tasks done / total.

Each student's figures come from their own engine, through the very lab checks the student
runs. The checks run as the student, inside their limits and namespace (never as root), and
only read state. A student whose engine is down counts 0 for every lab.
"""

import csv
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ..labs import LABS
from . import accounts, cgroups, confine, netns

WORKERS = 4
PROBE_TIMEOUT = 120


@dataclass(frozen=True)
class StudentProgress:
    """One student's row: ``done[lab]`` of ``total[lab]`` tasks, and how the checks went.

    ``state`` is ``"ok"`` (checked), ``"mati"`` (server stopped: not checked) or ``"gagal"``
    (running, but the checks could not run).
    """

    username: str
    nama: str
    done: dict
    state: str

    @property
    def reached(self):
        return self.state != "gagal"

    @property
    def total_done(self):
        return sum(self.done.values())


def totals():
    return {lab.id: len(lab.tasks) for lab in LABS.values()}


def _one(settings, student):
    wanted = totals()
    if not (cgroups.pids(settings, student.username) and netns.exists(settings, student)):
        return StudentProgress(student.username, student.nama, dict.fromkeys(wanted, 0), "mati")
    try:
        done = confine.run(settings, student, ["progress"], timeout=PROBE_TIMEOUT)
        answer = json.loads(done.stdout.strip().splitlines()[-1])
        counts = {row["lab"]: row["done"] for row in answer["labs"]}
        # the student's side is not trusted: keep only known labs, within their task counts
        cleaned = {lab: min(max(int(counts.get(lab, 0)), 0), total) for lab, total in wanted.items()}
        return StudentProgress(student.username, student.nama, cleaned, "ok")
    except Exception:
        return StudentProgress(student.username, student.nama, dict.fromkeys(wanted, 0), "gagal")


def collect(settings):
    """Check every lab in every student's engine; one :class:`StudentProgress` per student."""
    found = accounts.students(settings)
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(lambda student: _one(settings, student), found))


def _short(lab):
    return lab.split("-", 2)[1] if lab.count("-") >= 1 else lab


def table(rows):
    """Students × labs as text: ``done/total`` per lab, then the total."""
    wanted = totals()
    width = max([len(row.username) for row in rows] + [5])
    head = f"{'Siswa':<{width}}  " + "  ".join(f"L{_short(lab):<4}" for lab in wanted) + "  Jumlah"
    lines = [head, "-" * len(head)]
    grand = sum(wanted.values())
    for row in rows:
        cells = "  ".join(f"{row.done[lab]:>2}/{total:<2}" for lab, total in wanted.items())
        note = {"ok": "", "mati": "  (server berhenti: belum diperiksa)", "gagal": "  (engine tidak menjawab)"}[row.state]
        lines.append(f"{row.username:<{width}}  {cells}  {row.total_done:>3}/{grand}{note}")
    return "\n".join(lines)


def write_csv(rows, path):
    """Save the table for an LMS gradebook: one row per student, one column per lab (tasks done), a percentage."""
    wanted = totals()
    grand = sum(wanted.values())
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["username", "nama", *wanted, "selesai", "total", "persen"])
        for row in rows:
            writer.writerow([row.username, row.nama, *(row.done[lab] for lab in wanted), row.total_done, grand,
                             round(100 * row.total_done / grand)])


def figure(rows):
    """A heat map of students × labs (share of tasks done), as a matplotlib figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    wanted = totals()
    labs = list(wanted)
    values = [[row.done[lab] / wanted[lab] for lab in labs] for row in rows]
    fig, ax = plt.subplots(figsize=(1.2 * len(labs) + 3, 0.35 * len(rows) + 1.5))
    ax.imshow(values, cmap="Greens", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(labs)), [f"Lab {_short(lab)}" for lab in labs])
    ax.set_yticks(range(len(rows)), [row.username for row in rows])
    for y, row in enumerate(rows):
        for x, lab in enumerate(labs):
            ax.text(x, y, f"{row.done[lab]}/{wanted[lab]}", ha="center", va="center", fontsize=8,
                    color="white" if values[y][x] > 0.6 else "black")
    ax.set_title("Kemajuan kelas: tugas selesai per lab")
    fig.tight_layout()
    return fig
