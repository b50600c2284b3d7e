"""Who is running: each student's server, their engine's health and their memory use."""

import json
from concurrent.futures import ThreadPoolExecutor

from . import accounts, cgroups, confine, engine, netns

WORKERS = 8


def _one(settings, student):
    running = engine.server_running(settings, student.username)
    state = "down"
    if cgroups.pids(settings, student.username) and netns.exists(settings, student):
        try:
            done = confine.run(settings, student, ["ping"], timeout=30)
            state = json.loads(done.stdout.strip().splitlines()[-1]).get("engine", "down")
        except (OSError, ValueError, IndexError, Exception):
            state = "down"
    return {
        "username": student.username,
        "nama": student.nama,
        "server": "running" if running else "stopped",
        "engine": "ok" if state == "ok" else "down",
        "memory_mib": round(cgroups.memory_bytes(settings, student.username) / 2**20, 1),
        "processes": len(cgroups.pids(settings, student.username)),
    }


def collect(settings):
    """One dict per student: ``username``, ``nama``, ``server``, ``engine``, ``memory_mib``, ``processes``."""
    found = accounts.students(settings)
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(lambda student: _one(settings, student), found))


def table(rows):
    """The status as a text table in Indonesian."""
    width = max([len(row["username"]) for row in rows] + [8])
    lines = [f"{'Siswa':<{width}}  {'Server':<8}  {'Engine':<10}  Memori", "-" * (width + 36)]
    for row in rows:
        server = "berjalan" if row["server"] == "running" else "berhenti"
        engine_state = "siap" if row["engine"] == "ok" else "tidak siap"
        lines.append(f"{row['username']:<{width}}  {server:<8}  {engine_state:<10}  {row['memory_mib']:>7.1f} MiB")
    return "\n".join(lines)
