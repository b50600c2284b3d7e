"""The class's names, ports, addresses, limits and folders, read once from the environment.

Every name the class creates on the host (accounts aside) carries the class name, ``kelas`` by
default, so that a second class (the tests use one) never touches the first.
"""

import ipaddress
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..engine.errors import InvalidInputError
from ..engine.paths import data_dir

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
HUB_API_PORT = 8081
SERVER_PORT = 8888
SUBNET_PREFIX = 16
ROOTLESS_SCRIPTS = ("/usr/bin/dockerd-rootless.sh", "/usr/share/docker.io/contrib/dockerd-rootless.sh")


class KelasError(InvalidInputError):
    """Something about the class is wrong; the message says what and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """One class on this server.

    Attributes:
        name: The class's name (lowercase letters, at most 8), prefix of its cgroups, netns and links.
        port: The hub's port on 127.0.0.1.
        subnet: The private /16 whose /30 blocks link the hub to each student's network namespace.
        memory_mib: Memory limit of each student (server, kernels, engine and containers together).
        pids: Process limit of each student.
        teacher: The hub user who is admin.
    """

    name: str = "kelas"
    port: int = 8000
    subnet: str = "10.233.0.0"
    memory_mib: int = 1536
    pids: int = 2048
    teacher: str = "guru"

    @property
    def state_dir(self):
        """Root's private folder of the class: record of accounts, hub database, passwords, log."""
        path = data_dir() / self.name
        path.mkdir(mode=0o700, exist_ok=True)
        return path

    @property
    def shared_dir(self):
        """World-readable folder of the class: the saved base images and the proxy."""
        return Path(os.environ.get("KELAS_SHARED_DIR") or f"/var/lib/kursus-{self.name}")

    @property
    def student_venv(self):
        """The students' own venv, made when the course's venv is not usable by other accounts."""
        return self.shared_dir / "venv"

    def student_bin(self):
        """The ``bin`` folder of the Python environment the students' processes run from."""
        own = self.student_venv / "bin"
        return own if (own / "python").exists() else VENV_BIN

    @property
    def images_tar(self):
        return self.shared_dir / "base-images.tar"

    @property
    def hub_ip(self):
        return str(ipaddress.IPv4Address(self.subnet) + 1)

    @property
    def hub_link(self):
        return f"{self.name}hub"

    def host_ip(self, index):
        """The hub's side of student ``index``'s /30 block."""
        return str(ipaddress.IPv4Address(self.subnet) + 4 * index + 1)

    def student_ip(self, index):
        """The address of student ``index``'s server inside their network namespace."""
        return str(ipaddress.IPv4Address(self.subnet) + 4 * index + 2)

    def link(self, index):
        return f"{self.name}h{index}"

    def netns(self, username):
        return f"{self.name}-{username}"

    def cgroup(self, controller, username=None):
        base = Path("/sys/fs/cgroup") / controller / self.name
        return base / username if username else base

    @property
    def max_students(self):
        return 2 ** (32 - SUBNET_PREFIX) // 4 - 2


def _int(name, default, low, high):
    raw = os.environ.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise KelasError(f"{name}={raw!r} tidak sah: harus bilangan bulat {low} sampai {high}.")
    return int(raw)


def load():
    """Read the class's settings from ``KELAS_*`` variables, with the defaults above.

    Raises:
        KelasError: Naming the variable that is not valid.
    """
    name = os.environ.get("KELAS_NAME") or Settings.name
    if not re.fullmatch(r"[a-z]{1,8}", name):
        raise KelasError(f"KELAS_NAME={name!r} tidak sah: pakai 1 sampai 8 huruf kecil.")
    subnet = os.environ.get("KELAS_SUBNET") or Settings.subnet
    try:
        network = ipaddress.IPv4Network(f"{subnet}/{SUBNET_PREFIX}")
    except ValueError:
        raise KelasError(f"KELAS_SUBNET={subnet!r} tidak sah: tulis awal sebuah /16 privat, misalnya 10.233.0.0.") from None
    if not network.is_private:
        raise KelasError(f"KELAS_SUBNET={subnet!r} bukan alamat privat: pakai misalnya 10.233.0.0.")
    teacher = os.environ.get("KELAS_GURU") or Settings.teacher
    if not re.fullmatch(r"[a-z][a-z0-9_-]{0,30}", teacher):
        raise KelasError(f"KELAS_GURU={teacher!r} tidak sah: huruf kecil, angka, -, atau _, diawali huruf.")
    return Settings(
        name=name,
        port=_int("KELAS_PORT", Settings.port, 1024, 65534),
        subnet=str(network.network_address),
        memory_mib=_int("KELAS_MEMORY_MIB", Settings.memory_mib, 256, 1 << 20),
        pids=_int("KELAS_PIDS", Settings.pids, 128, 1 << 22),
        teacher=teacher,
    )


def rootless_script():
    """Full path of ``dockerd-rootless.sh`` (it re-executes itself through rootlesskit via ``$0``)."""
    return next((path for path in ROOTLESS_SCRIPTS if os.path.exists(path)), None)
