"""CPU and memory figures from one ``docker stats`` sample, computed the way the CLI does; pure."""


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
