"""A container's namespaces, read from the host's ``/proc``.

A container is an ordinary host process that the kernel isolates with namespaces:
``/proc/PID/ns`` shows which ones it shares with the host and which are its own.
"""

import os

from ..engine.errors import KursusError

NAMESPACES = ("pid", "net", "uts", "ipc", "mnt", "user", "cgroup")
"""Namespace kinds shown in ``/proc/<pid>/ns``, in the order the course discusses them."""


def process_namespaces(pid):
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
