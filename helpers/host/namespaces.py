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
            "Di Docker Desktop container berjalan di mesin virtual; proses container milik root atau milik engine "
            "rootless pengguna lain hanya terbaca oleh root (`sudo ls -l /proc/PID/ns`)."
        ) from exc


def cgroup_namespace_story(info):
    """One Indonesian sentence: whether containers get a cgroup namespace of their own on this engine.

    Docker gives each container a private cgroup namespace by default on cgroup v2 hosts, and shares
    the host's on cgroup v1. Similar to ``docker info --format '{{.CgroupVersion}}'``.

    Args:
        info: The engine's ``docker info`` data (``client.info()``).
    """
    if info.get("CgroupVersion") == "2":
        return ("Engine ini berjalan di cgroup v2, jadi setiap container mendapat namespace cgroup sendiri secara bawaan "
                "(`--cgroupns private`); di host cgroup v1, namespace cgroup container sama dengan host.")
    return ("Engine ini berjalan di cgroup v1, jadi namespace cgroup container sama dengan host; di host cgroup v2, "
            "Docker memberi setiap container namespace cgroup sendiri secara bawaan (`--cgroupns private`).")
