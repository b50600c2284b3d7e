"""Resource limits: whether this engine enforces them, and CPU and memory figures from ``docker stats``.

The figures are computed from one ``docker stats`` sample the way the CLI does, without an engine.
"""

from ..engine import client, engine_errors


def cpu_percent(sample):
    """Return CPU use in percent of one core between this sample and the previous one.

    Same formula as ``docker stats``: the container's CPU time delta over the host's, times the
    number of CPUs. Returns 0.0 when the sample has no previous reading (the first one).
    """
    cpu, previous = sample.get("cpu_stats") or {}, sample.get("precpu_stats") or {}
    used = (cpu.get("cpu_usage") or {}).get("total_usage", 0) - (previous.get("cpu_usage") or {}).get("total_usage", 0)
    system = cpu.get("system_cpu_usage", 0) - previous.get("system_cpu_usage", 0)
    cpus = cpu.get("online_cpus") or len((cpu.get("cpu_usage") or {}).get("percpu_usage") or []) or 1
    if used <= 0 or system <= 0:
        return 0.0
    return used / system * cpus * 100.0


def memory_bytes(sample):
    """Return the memory in use without the page cache, as ``docker stats`` shows it (cgroup v1 and v2)."""
    memory = sample.get("memory_stats") or {}
    details = memory.get("stats") or {}
    cache = details.get("total_inactive_file", details.get("inactive_file", details.get("cache", 0)))
    return max(memory.get("usage", 0) - cache, 0)


NOT_ENFORCED = ("Engine ini tidak menegakkan batas CPU, memori, dan jumlah proses (cgroup driver `none`, misalnya "
                "mode rootless di cgroup v1), jadi angka `docker stats` tidak bermakna.\n"
                "Di cgroup v2 dengan systemd, engine rootless menegakkan batas memori dan jumlah proses, juga batas CPU "
                "bila systemd mendelegasikan controller cpu ke pengguna itu (bawaan systemd versi baru).")
"""What a learner reads where :func:`limits_enforced` is false."""

PAUSE_UNAVAILABLE = ("`docker pause` tidak tersedia di engine ini: perintah itu membekukan proses lewat cgroup freezer, "
                     "dan engine tanpa pengelola cgroup (misalnya mode rootless di cgroup v1) tidak memilikinya.")
"""What a learner reads instead of a pause where :func:`limits_enforced` is false."""


def limits_enforced(info=None):
    """Tell whether the engine enforces memory, CPU and pids limits and reports real ``stats``.

    Without a cgroup manager (cgroup driver ``none``: a rootless engine on cgroup v1, or on v2
    without systemd's delegation) limits are accepted but not applied. A rootless engine on
    cgroup v2 with systemd does enforce them. The same engines cannot ``docker pause`` either (no
    freezer cgroup). Similar to ``docker info --format '{{.CgroupDriver}}'``.

    Args:
        info: The engine's ``docker info`` data; read from the engine when omitted.
    """
    if info is None:
        with engine_errors():
            info = client().info()
    return info.get("CgroupDriver") != "none"
