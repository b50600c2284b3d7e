"""The host processes behind the engine, read from Linux's ``/proc``: dockerd → containerd → shim → PID 1.

Where the process table cannot show them (not Linux, a remote engine, Docker Desktop's VM,
a rootless engine started with ``--pidns``, a notebook inside a container), :func:`engine_chain`
explains why instead of failing.
"""

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..engine import engine_url

PROC = Path("/proc")
SHIM_PREFIX = "containerd-shim"


@dataclass(frozen=True)
class Process:
    """One entry of the host's process table."""

    pid: int
    ppid: int
    name: str
    args: tuple
    uid: int

    @property
    def program(self):
        """The program's file name, e.g. ``containerd-shim-runc-v2`` (``name`` is cut at 15 characters)."""
        return Path(self.args[0]).name if self.args else self.name


def process(pid):
    """Read one process from ``/proc/PID``, or ``None`` when it is not visible. Similar to ``ps -p PID``."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
        raw_args = (PROC / str(pid) / "cmdline").read_bytes()
        uid = (PROC / str(pid)).stat().st_uid
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # The name sits between the first "(" and the last ")" and may contain spaces.
    name = stat[stat.index("(") + 1:stat.rindex(")")]
    ppid = int(stat[stat.rindex(")") + 2:].split()[1])
    args = tuple(a.decode(errors="replace") for a in raw_args.split(b"\0") if a)
    return Process(pid, ppid, name, args, uid)


def all_processes():
    """Every process visible in ``/proc``. Similar to ``ps -e``."""
    found = (process(pid) for pid in sorted(int(entry.name) for entry in PROC.iterdir() if entry.name.isdigit()))
    return [p for p in found if p is not None]


def by_program(table, program):
    """The processes of ``table`` whose program file name starts with ``program``."""
    return [p for p in table if p.program.startswith(program)]


def _shim_of(table, container_id):
    for shim in by_program(table, SHIM_PREFIX):
        if container_id in shim.args:
            return shim
    # One shim may serve several containers (grouping): then it is the parent of PID 1.
    return None


def why_hidden(info):
    """Explain in Indonesian why this notebook cannot see the engine's processes, or return ``None``.

    Args:
        info: The engine's ``client.info()``.
    """
    url = engine_url()[0]
    if not sys.platform.startswith("linux"):
        return ("Notebook ini tidak berjalan di Linux: di macOS dan Windows, dockerd berjalan di dalam mesin virtual "
                "Docker Desktop sehingga prosesnya tidak ada di tabel proses komputer Anda.")
    if not url.startswith("unix://"):
        return f"Engine ini jarak jauh ({url}): proses dockerd dan container ada di mesin lain."
    if "Docker Desktop" in info.get("OperatingSystem", ""):
        return ("Ini Docker Desktop: dockerd berjalan di dalam mesin virtual, bukan di tabel proses host Anda; "
                "socket-nya hanya diteruskan ke sini.")
    if not PROC.joinpath("1").exists():
        return "Tabel proses /proc tidak terbaca di sini."
    if not by_program(all_processes(), "dockerd"):
        return ("Proses dockerd tidak ada di tabel proses yang terlihat dari sini, misalnya karena notebook ini "
                "berjalan di dalam container dengan namespace PID sendiri.")
    return None


def _visible(*members):
    return None not in members


@dataclass(frozen=True)
class Chain:
    """The processes from the daemon down to a container's PID 1; ``None`` where not visible."""

    dockerd: Process
    containerd: Process
    shim: Process
    init: Process

    def rows(self):
        """``(role, process)`` pairs from the daemon down to the container's PID 1."""
        return [("daemon Docker", self.dockerd), ("containerd", self.containerd),
                ("shim (memanggil runc)", self.shim), ("PID 1 container", self.init)]

    @property
    def complete(self):
        """Whether every member of the chain is visible from here."""
        return None not in (self.dockerd, self.containerd, self.shim, self.init)

    def links(self, container_id):
        """``(question, answer)`` pairs about the chain; ``answer`` is ``None`` where a member is not visible.

        Args:
            container_id: The full id of the container whose PID 1 ends the chain.
        """
        known = _visible
        return [
            ("shim menyebut id container ini",
             container_id in self.shim.args if known(self.shim) else None),
            ("containerd dijalankan oleh dockerd",
             self.containerd.ppid == self.dockerd.pid if known(self.containerd, self.dockerd) else None),
            ("induk PID 1 container adalah shim",
             self.init.ppid == self.shim.pid if known(self.init, self.shim) else None),
        ]

    def containerd_story(self):
        """One Indonesian sentence: who started containerd on this engine, and what other installs do."""
        if not _visible(self.containerd, self.dockerd):
            return ("containerd atau dockerd tidak terlihat dari tabel proses ini (misalnya notebook berjalan "
                    "di dalam container), jadi induknya tidak bisa diperiksa di sini.")
        if self.containerd.ppid == self.dockerd.pid:
            return ("Di engine ini dockerd menjalankan containerd sendiri sebagai anaknya; pada instalasi paket "
                    "(docker-ce, docker.io Debian) dengan systemd, containerd biasanya layanan terpisah yang "
                    "induknya PID 1, dan dockerd menghubunginya lewat /run/containerd/containerd.sock.")
        parent = process(self.containerd.ppid)
        name = parent.program if parent else f"PID {self.containerd.ppid}"
        return (f"Di engine ini containerd berjalan sebagai layanan terpisah (induknya {name}, bukan dockerd), "
                "seperti pada instalasi paket docker-ce dan docker.io dengan systemd; dockerd yang dinyalakan "
                "langsung tanpa opsi --containerd menjalankan containerd sendiri sebagai anaknya.")




def engine_chain(container):
    """Find dockerd, containerd, the container's shim and its PID 1 in the host's process table.

    Similar to ``ps -ef --forest`` next to ``docker inspect --format '{{.State.Pid}}' NAME``.

    Args:
        container: A running ``Container``.

    Returns:
        A :class:`Chain`; members that this process table does not show are ``None``.
    """
    table = all_processes()
    # On a shared host (a classroom: one rootless engine per account) the engine is the one this account runs.
    mine = os.getuid()
    dockerd = min(by_program(table, "dockerd"), key=lambda p: p.uid != mine, default=None)
    containerd = min((p for p in by_program(table, "containerd") if not p.program.startswith(SHIM_PREFIX)),
                     key=lambda p: (dockerd is None or p.ppid != dockerd.pid, p.uid != mine), default=None)
    init = process(container.attrs["State"]["Pid"])
    if init is not None and init.program != Path(container.attrs["Path"]).name:
        init = None  # the PID belongs to another PID namespace (e.g. rootlesskit --pidns): not this container
    shim = _shim_of(table, container.id) or (process(init.ppid) if init else None)
    return Chain(dockerd, containerd, shim, init)
