"""A container seen from the host: its process, its namespaces, its limits, its events.

A container is an ordinary host process that the kernel isolates with namespaces and limits
with cgroups. These functions read what the engine and ``/proc`` report about it.
"""

import os
import time

from .engine import client, engine_errors, is_rootless
from .errors import KursusError

NAMESPACES = ("pid", "net", "uts", "ipc", "mnt", "user", "cgroup")
"""Namespace kinds shown in ``/proc/<pid>/ns``, in the order the course discusses them."""


def namespaces(pid):
    """Return ``{kind: "kind:[inode]"}`` for the namespaces of host process ``pid``.

    Similar to ``ls -l /proc/PID/ns``.

    Raises:
        KursusError: When the host's process table cannot be read from here
            (Docker Desktop, a rootless engine, or another user's process).
    """
    try:
        return {kind: os.readlink(f"/proc/{pid}/ns/{kind}") for kind in NAMESPACES}
    except OSError as exc:
        raise KursusError(
            f"/proc/{pid}/ns tidak bisa dibaca dari sini ({exc.strerror}).\n"
            "Di Docker Desktop container berjalan di mesin virtual, dan engine rootless memakai pengguna lain: "
            "di sana proses host memang tidak terlihat."
        ) from exc


def limits_enforced():
    """Tell whether the engine enforces memory/CPU/pids limits and reports real ``stats``.

    A rootless engine without cgroup delegation (cgroup driver ``none``) accepts limits
    but cannot apply them. Similar to ``docker info --format '{{.SecurityOptions}} {{.CgroupDriver}}'``.
    """
    with engine_errors():
        info = client().info()
    return not is_rootless(info) and info.get("CgroupDriver") != "none"


def wait_for_event(container, action, since, timeout=10):
    """Wait until the engine reports event ``action`` (e.g. ``"oom"``) for ``container``.

    Similar to ``docker events --since SINCE --filter container=NAME --filter event=ACTION``.

    Args:
        container: The container the event is about.
        action: The event's ``Action``.
        since: Unix time (seconds) from which earlier events count too.
        timeout: Seconds after ``since`` at which to give up.

    Returns:
        Whether the event arrived.
    """
    with engine_errors():
        stream = client().events(since=int(since), until=int(since) + timeout, decode=True,
                                 filters={"container": container.id, "event": action})
        try:
            return next(stream, None) is not None
        finally:
            stream.close()


def timed_stop(container, timeout):
    """Stop ``container`` and return how many seconds ``docker stop`` took.

    Similar to ``time docker stop -t TIMEOUT NAME``.
    """
    start = time.monotonic()
    with engine_errors():
        container.stop(timeout=timeout)
    return time.monotonic() - start
