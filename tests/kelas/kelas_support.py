"""The test class: unique names, free ports and subnet, its CLI, and what of the host must survive it.

Names are unique per run (class ``kt????``, students ``kt????a`` ...), so the test never meets a
real class on the same server, and everything is removed by exact name.
"""

import json
import os
import pwd
import random
import socket
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UP_TIMEOUT = 1200


def _free_port_pair():
    for _ in range(200):
        port = random.randrange(20000, 40000, 2)
        try:
            for candidate in (port, port + 1):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", candidate))
            return port
        except OSError:
            continue
    raise RuntimeError("no free port pair")


def _free_subnet():
    routes = subprocess.run(["ip", "-4", "route", "show"], capture_output=True, text=True, timeout=20).stdout
    for _ in range(100):
        second = random.randrange(200, 250)
        if f"10.{second}." not in routes:
            return f"10.{second}.0.0"
    raise RuntimeError("no free subnet")


class Kelas:
    """The test class: its settings as environment, its students, and a way to run its CLI."""

    def __init__(self, tmp):
        suffix = "".join(random.choices(string.ascii_lowercase, k=4))
        self.name = f"kt{suffix}"
        self.students = [f"{self.name}{letter}" for letter in "abc"]
        self.passwords = {name: f"sandi-{name}-{random.randrange(10**6)}" for name in self.students}
        self.port = _free_port_pair()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "KELAS_NAME": self.name, "KELAS_PORT": str(self.port), "KELAS_SUBNET": _free_subnet(),
                    "KELAS_MEMORY_MIB": "900", "KELAS_PIDS": "1024"}
        self.env.pop("DOCKER_HOST", None)
        self.roster = tmp / "roster.csv"
        self.roster.write_text("username,nama\n" + "".join(f"{name},Siswa {name[-1].upper()}\n" for name in self.students))
        self.tokens = {}
        self.uids = {}

    def cli(self, *args, input=None, timeout=600):
        return subprocess.run([sys.executable, "-m", "helpers", "kelas", *args], capture_output=True, text=True,
                              env=self.env, cwd=ROOT, input=input, timeout=timeout)

    def status(self):
        done = self.cli("status", "--json", timeout=120)
        assert done.returncode == 0, done.stderr
        return {row["username"]: row for row in json.loads(done.stdout)}


def host_snapshot():
    """What must survive the class: other accounts and groups, firewall, docker0, the host engine's resources."""
    import docker

    # accounts of other test classes (a concurrent run of these tests) come and go on their own
    passing = {line.split(":")[0] for line in Path("/etc/passwd").read_text().splitlines()
               if ":Kursus Docker [kt" in line or ":Kursus Docker [kb" in line}
    accounts = sorted(line for line in Path("/etc/passwd").read_text().splitlines() if line.split(":")[0] not in passing)
    groups = sorted(line for line in Path("/etc/group").read_text().splitlines() if line.split(":")[0] not in passing)
    firewall = subprocess.run(["iptables-save"], capture_output=True, text=True, timeout=30).stdout
    firewall = "\n".join(line for line in firewall.splitlines() if not line.startswith(("#", ":")))
    bridge = subprocess.run(["ip", "-o", "addr", "show", "dev", "docker0"], capture_output=True, text=True, timeout=20).stdout
    client = docker.DockerClient(base_url="unix:///var/run/docker.sock", timeout=30)
    try:
        engine = {
            "base": {name: client.images.get(name).id for name in ("kursus/busybox", "kursus/python")},
            "containers": {c.name for c in client.containers.list(all=True)},
            "volumes": {v.name for v in client.volumes.list()},
            "networks": {n.name for n in client.networks.list()},
        }
    finally:
        client.close()
    return {"accounts": accounts, "groups": groups, "firewall": firewall, "bridge": bridge, "engine": engine}


def exists(name):
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False
