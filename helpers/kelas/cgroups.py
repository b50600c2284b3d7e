"""Per-student limits on cgroup v1: ``memory/CLASS/NAME`` and ``pids/CLASS/NAME``, made by root.

A process written into both ``cgroup.procs`` before the student's engine starts passes the
cgroups on to rootlesskit, dockerd, containerd, the shims and every container. The student
cannot leave them: moving a process needs write access to another ``cgroup.procs``, which only
root has. Per-container limits (``--memory``, ``--pids-limit``) are not enforced by a rootless
engine on cgroup v1, so these are the limits that hold.
"""

import os
import signal
import time
from pathlib import Path

from .settings import KelasError

CONTROLLERS = ("memory", "pids")
STOP_TIMEOUT = 10


def check_v1():
    """Refuse hosts without the cgroup v1 memory and pids hierarchies.

    Raises:
        KelasError: Pointing at the guide's cgroup v2 section.
    """
    if not all(Path(f"/sys/fs/cgroup/{controller}/cgroup.procs").exists() for controller in CONTROLLERS):
        raise KelasError("Server ini tidak memakai cgroup v1 (memory dan pids); batas per siswa belum didukung di sini.\n"
                         "Baca bagian \"cgroup v2 dan systemd\" di kelas/README.md.")


def ensure(settings, username):
    """Create the student's cgroups (if needed) and set their limits."""
    check_v1()
    for controller in CONTROLLERS:
        settings.cgroup(controller, username).mkdir(parents=True, exist_ok=True)
    memory = settings.cgroup("memory", username)
    (memory / "memory.limit_in_bytes").write_text(str(settings.memory_mib << 20))
    (settings.cgroup("pids", username) / "pids.max").write_text(str(settings.pids))


def procs_files(settings, username):
    """The ``cgroup.procs`` files a starter writes its own PID into."""
    return [settings.cgroup(controller, username) / "cgroup.procs" for controller in CONTROLLERS]


def pids(settings, username):
    """The PIDs now in the student's memory cgroup (empty when it does not exist)."""
    found = set()
    for path in procs_files(settings, username):
        try:
            found.update(int(line) for line in path.read_text().split())
        except OSError:
            pass
    return sorted(found)


def memory_bytes(settings, username):
    """Memory the student uses now, page cache that can be dropped left out (as ``docker stats`` counts)."""
    memory = settings.cgroup("memory", username)
    try:
        usage = int((memory / "memory.usage_in_bytes").read_text())
        stat = dict(line.split() for line in (memory / "memory.stat").read_text().splitlines())
    except (OSError, ValueError):
        return 0
    return max(0, usage - int(stat.get("total_inactive_file", 0)))


def signal_pids(settings, username, chosen, sig):
    """Send ``sig`` to each PID of ``chosen`` that is still in the student's cgroup, through a pidfd.

    A pidfd opened and then checked against ``cgroup.procs`` names that very process, so a
    PID that was reused meanwhile is never signalled.
    """
    for pid in chosen:
        try:
            handle = os.pidfd_open(pid)
        except OSError:
            continue
        try:
            if pid in pids(settings, username):
                signal.pidfd_send_signal(handle, sig)
        except OSError:
            pass
        finally:
            os.close(handle)


def stop_all(settings, username, timeout=STOP_TIMEOUT, only=None):
    """Stop the student's processes (``only`` of them, if given): SIGTERM, then SIGKILL.

    Returns:
        The number of processes that were running.
    """
    chosen = set(only) if only is not None else None
    select = (lambda: [pid for pid in pids(settings, username) if chosen is None or pid in chosen])
    first = select()
    if not first:
        return 0
    signal_pids(settings, username, first, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while select() and time.monotonic() < deadline:
        time.sleep(0.2)
    for _ in range(50):  # a fork loop refills the cgroup until pids.max: kill until it is empty
        left = select()
        if not left:
            break
        signal_pids(settings, username, left, signal.SIGKILL)
        time.sleep(0.1)
    return len(first)


def remove(settings, username):
    """Stop what is left in the student's cgroups and delete them."""
    stop_all(settings, username, timeout=2)
    for controller in CONTROLLERS:
        path = settings.cgroup(controller, username)
        if path.exists():
            try:
                path.rmdir()
            except OSError as exc:
                raise KelasError(f"cgroup {path} tidak bisa dihapus ({exc.strerror}): masih ada proses di dalamnya.") from None


def remove_parents(settings):
    """Delete the class's parent cgroups once they are empty."""
    for controller in CONTROLLERS:
        path = settings.cgroup(controller)
        if path.exists():
            try:
                path.rmdir()
            except OSError:
                pass
