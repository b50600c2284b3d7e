"""Run a Docker engine of another Debian release beside the host's, without touching the host's.

Each engine runs from a Debian rootfs made once by ``debootstrap`` (cached in the course's data
folder) in namespaces of its own: a network namespace with loopback only, and a mount and PID
namespace whose root is the rootfs (``pivot_root``). The course (this checkout and its ``.venv``)
is bind-mounted in and runs there with ``nsenter``, so ``127.0.0.1`` and
``/var/run/docker.sock`` are that engine's.

Two ways a second engine was seen to harm the host are ruled out here: installing ``docker.io``
into a rootfs happens with a ``policy-rc.d`` that forbids starting services, inside a network
namespace of its own; and the daemon never runs in a plain ``chroot``. :class:`HostSnapshot`
records the host engine's state so a caller can prove it unchanged afterwards.
"""

import fcntl
import http.client
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.engine.paths import data_dir  # noqa: E402

MIRROR = os.environ.get("KURSUS_DEBIAN_MIRROR", "http://deb.debian.org/debian")
POLICY_RC_D = "#!/bin/sh\n# Never start a service while packages are installed into this rootfs.\nexit 101\n"
READY = ".kursus-ready"
"""File in a finished rootfs: the engine's package versions, written last."""
BOOTSTRAPPED = ".kursus-debootstrap"
"""File in a partial rootfs whose debootstrap finished, so an interrupted build resumes after it."""

DEBOOTSTRAP_TIMEOUT = 900
INSTALL_TIMEOUT = 900
START_TIMEOUT = 60
STOP_TIMEOUT = 20
COMMAND_TIMEOUT = 30
LOCK_TIMEOUT = 3600
"""Seconds to wait for a rootfs that another run's engine is using."""
ENGINE_PACKAGES = ("docker.io", "containerd", "runc", "iptables", "python3", "procps")
"""Installed into every rootfs; ``python3`` brings the shared libraries the course's Python needs."""
OPTIONAL_PACKAGES = ("docker-cli", "docker-buildx")
"""Installed where the suite has them (Debian 13 and later ship the ``docker`` CLI on its own)."""


def run(command, timeout=COMMAND_TIMEOUT, check=True, **options):
    """Run a command with a timeout; return the completed process (text output)."""
    return subprocess.run(command, timeout=timeout, check=check, text=True, capture_output=True, **options)


def engines_dir():
    """The folder with one cached rootfs per Debian suite."""
    path = data_dir() / "engines"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


@dataclass(frozen=True)
class Engine:
    """One engine of the matrix: a Debian suite and how its daemon is started.

    Attributes:
        name: Short name, e.g. ``"trixie"`` or ``"sid-containerd-store"``.
        suite: The Debian suite whose ``docker.io`` runs.
        description: One line for the table.
        daemon: Extra keys of ``daemon.json``.
        separate_containerd: Start ``containerd`` as its own process (as docker-ce's units do).
    """

    name: str
    suite: str
    description: str
    daemon: dict = field(default_factory=dict)
    separate_containerd: bool = False


MATRIX = (
    Engine("bookworm", "bookworm", "Debian 12 docker.io 20.10"),
    Engine("trixie", "trixie", "Debian 13 docker.io 26.1"),
    Engine("sid", "sid", "Debian sid docker.io 28.5, containerd 2.1"),
    Engine("sid-containerd-store", "sid", "28.5, containerd image store",
           daemon={"features": {"containerd-snapshotter": True}}),
    Engine("sid-separate-containerd", "sid", "28.5, containerd as its own process", separate_containerd=True),
)
ENGINES = {engine.name: engine for engine in MATRIX}


# --- the rootfs -------------------------------------------------------------------------------

def rootfs(suite):
    """The cached rootfs folder of ``suite`` (it may not exist yet)."""
    return engines_dir() / suite


def is_ready(suite):
    """Whether the rootfs of ``suite`` is finished with today's list of engine packages."""
    ready = rootfs(suite) / READY
    return ready.exists() and ready.read_text().startswith(_wanted_line())


def _wanted_line():
    return "# " + " ".join(ENGINE_PACKAGES + OPTIONAL_PACKAGES) + "\n"


def write_policy_rc_d(root):
    """Forbid every maintainer script in ``root`` to start a service (``invoke-rc.d`` obeys it)."""
    policy = Path(root) / "usr/sbin/policy-rc.d"
    policy.parent.mkdir(parents=True, exist_ok=True)
    policy.write_text(POLICY_RC_D)
    policy.chmod(0o755)
    return policy


def _chroot_apt(root, args, network, timeout=INSTALL_TIMEOUT):
    """Run apt-get in ``root``; without ``network`` inside a fresh network namespace of its own."""
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND": "noninteractive", "LC_ALL": "C"}
    isolation = [] if network else ["unshare", "--net", "--pid", "--fork", "--mount-proc"]
    # The archive's Release files can lag behind the machine's clock (seen for sid): do not reject them.
    return run([*isolation, "chroot", str(root), "apt-get", "-qq", "-y",
                "-o", "Acquire::Check-Valid-Until=false", *args], timeout=timeout, env=env)


def _available(root, package):
    result = run(["chroot", str(root), "apt-cache", "show", package], check=False)
    return result.returncode == 0 and "Package:" in result.stdout


def _install_engine(root, suite, progress):
    """Install the engine packages into ``root`` without starting anything; record their versions."""
    write_policy_rc_d(root)
    _chroot_apt(root, ["update"], network=True)
    packages = list(ENGINE_PACKAGES) + [p for p in OPTIONAL_PACKAGES if _available(root, p)]
    progress(f"• {suite}: memasang {' '.join(packages)} (layanan tidak dinyalakan) ...")
    _chroot_apt(root, ["install", "--no-install-recommends", "--download-only", *packages], network=True)
    _chroot_apt(root, ["install", "--no-install-recommends", *packages], network=False)
    _chroot_apt(root, ["clean"], network=False)
    versions = run(["chroot", str(root), "dpkg-query", "-W", *packages]).stdout
    (root / READY).write_text(_wanted_line() + versions)


def build_rootfs(suite, progress=print):
    """Build the rootfs of ``suite`` once: debootstrap, then the engine installed without starting it.

    Packages are downloaded with the network, then installed (their maintainer scripts run)
    inside a network namespace of their own, with a ``policy-rc.d`` that exits 101. A rootfs made
    with an older package list only gets the missing packages.

    Returns:
        The rootfs path.
    """
    target = rootfs(suite)
    if is_ready(suite):
        return target
    if (target / READY).exists():
        _install_engine(target, suite, progress)
        return target
    partial = target.with_name(f"{suite}.partial")
    if not (partial / BOOTSTRAPPED).exists():
        if partial.exists():
            shutil.rmtree(partial)
        progress(f"• debootstrap {suite} → {target} ...")
        run(["debootstrap", "--variant=minbase", suite, str(partial), MIRROR], timeout=DEBOOTSTRAP_TIMEOUT)
        (partial / BOOTSTRAPPED).touch()
    _install_engine(partial, suite, progress)
    partial.rename(target)
    return target


def package_versions(suite):
    """``{package: version}`` of the engine packages installed in a ready rootfs."""
    lines = (rootfs(suite) / READY).read_text().splitlines()
    return dict(line.split("\t", 1) for line in lines if "\t" in line)


# --- the host's engine ------------------------------------------------------------------------

HOST_SOCKET = "/var/run/docker.sock"
COURSE_LABEL = "org.kursus-docker.course"


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("docker", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


def _host_engine(path):
    """GET ``path`` from the host's engine over its unix socket; ``None`` when it does not answer."""
    connection = _UnixConnection(HOST_SOCKET, COMMAND_TIMEOUT)
    try:
        connection.request("GET", path)
        answer = connection.getresponse()
        return json.loads(answer.read()) if answer.status == 200 else None
    except (OSError, ValueError, http.client.HTTPException):
        return None
    finally:
        connection.close()


def _comes_and_goes(line):
    # A published port of one of the host engine's containers, or a rule of one of its own networks
    # (bridge br-<id>): each comes and goes with that container or network.
    return bool(re.search(r"(--to-destination \S+|-[sd] \d+\.\d+\.\d+\.\d+/32 .*--dport \d+|\bbr-[0-9a-f]{12}\b)",
                          line))


def normalise_iptables(text):
    """``iptables-save`` without comments, counters, published ports and the rules of the host's own networks."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#") or _comes_and_goes(line):
            continue
        lines.append(re.sub(r"\[\d+:\d+\]", "[0:0]", line))
    return lines


@dataclass(frozen=True)
class HostSnapshot:
    """What must stay exactly as it was on the host while other engines run.

    ``containers`` lists the host engine's containers that are not the course's (a learner's
    own or anyone else's); the course's own come and go with tests run on the host engine.
    """

    docker0: tuple
    daemon_pid: object
    engine_id: object
    containers: tuple
    iptables: tuple

    @classmethod
    def take(cls):
        """Read ``ip addr show docker0``, the host dockerd's PID and id, its containers and the firewall."""
        link = run(["ip", "-o", "addr", "show", "docker0"], check=False)
        docker0 = tuple(sorted(re.findall(r"inet6? (\S+)", link.stdout))) if link.returncode == 0 else ()
        info = _host_engine("/info") or {}
        pid_file = Path("/var/run/docker.pid")
        pid = pid_file.read_text().strip() if pid_file.exists() else None
        found = _host_engine("/containers/json?all=1") or []
        containers = tuple(sorted(
            (c["Id"], c["State"]) for c in found if COURSE_LABEL not in (c.get("Labels") or {})))
        save = run(["iptables-save"], check=False).stdout if shutil.which("iptables-save") else ""
        return cls(docker0, pid, info.get("ID"), containers, tuple(normalise_iptables(save)))

    def differences(self, after):
        """Describe in English what changed between this snapshot and ``after`` (empty: nothing)."""
        changed = []
        for name in ("docker0", "daemon_pid", "engine_id", "containers"):
            if getattr(self, name) != getattr(after, name):
                changed.append(f"{name}: {getattr(self, name)!r} -> {getattr(after, name)!r}")
        if self.iptables != after.iptables:
            gone = [line for line in self.iptables if line not in after.iptables]
            new = [line for line in after.iptables if line not in self.iptables]
            changed.append(f"iptables: removed {gone[:5]}, added {new[:5]}")
        return changed


# --- one engine in its namespaces -------------------------------------------------------------

def _course_binds():
    """Host paths the course needs inside a rootfs: this checkout and its Python installation."""
    binds = [ROOT]
    prefix = Path(sys.base_prefix).resolve()
    if prefix.parts[:2] != ("/", "usr"):
        binds.append(prefix)
    registry = shutil.which("docker-registry")
    return binds, registry


RESOLVER = """\
import select
import socket
import sys
# An offline resolver: every name is unknown (NXDOMAIN), as a real resolver answers for a container's name.
# One socket per address, so that each answer comes from the address the question went to.
servers = []
for address in sys.argv[1:]:
    servers.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
    servers[-1].bind((address, 53))
while True:
    for server in select.select(servers, [], [])[0]:
        query, sender = server.recvfrom(512)
        if len(query) > 12:
            end = query.index(0, 12) + 5
            server.sendto(query[:2] + b"\\x81\\x83" + query[4:6] + b"\\0\\0\\0\\0\\0\\0" + query[12:end], sender)
"""
"""Answers DNS inside the engine's network namespace, which reaches no resolver off the machine."""


def nameservers(root):
    """The non-loopback ``nameserver`` addresses of the rootfs's ``/etc/resolv.conf``."""
    try:
        text = (Path(root) / "etc/resolv.conf").read_text()
    except OSError:
        return []
    found = re.findall(r"^nameserver\s+(\d+\.\d+\.\d+\.\d+)\s*$", text, re.M)
    return [address for address in found if not address.startswith("127.")]


def launcher_script(root, engine, docker_gid):
    """The shell script that becomes PID 1 of the engine's namespaces (run by ``unshare``).

    It mounts what the engine and the course need into the rootfs, pivots into it, then
    starts ``containerd`` (when separate) and ``dockerd``, and waits.
    """
    binds, registry = _course_binds()
    config = {"group": str(docker_gid), **engine.daemon}
    resolver = [f"ip addr add {address}/32 dev lo" for address in nameservers(root)]
    mounts = [
        "ip link set lo up",
        *resolver,
        f"R={shlex.quote(str(root))}",
        'mount --bind "$R" "$R"',
        'mount --bind /proc "$R/proc"',
        'mount --rbind /sys "$R/sys"',
        'mount --rbind /sys/fs/cgroup "$R/sys/fs/cgroup"',
        'mount --rbind /dev "$R/dev"',
        'mount --bind /tmp "$R/tmp"',
        'mount -t tmpfs -o mode=0755 tmpfs "$R/run"',
    ]
    for path in binds:
        quoted = shlex.quote(str(path))
        mounts += [f'mkdir -p "$R"{quoted}', f'mount --bind {quoted} "$R"{quoted}']
    if registry:
        mounts += ['touch "$R/usr/local/bin/docker-registry"',
                   f'mount --bind {shlex.quote(registry)} "$R/usr/local/bin/docker-registry"']
    daemon = ["dockerd"]  # reads /etc/docker/daemon.json of the rootfs, as an installed engine does
    if engine.separate_containerd:
        daemon += ["--containerd", "/run/containerd/containerd.sock"]
    start = [
        'mkdir -p "$R/.old-root" "$R/etc/docker" "$R/var/log"',
        f"printf '%s' {shlex.quote(json.dumps(config))} > \"$R/etc/docker/daemon.json\"",
        'rm -rf "$R/var/lib/docker" "$R/var/lib/containerd"',
        'cd "$R"',
        "pivot_root . .old-root",
        "cd /",
        "umount -l /.old-root",
        "mount --make-rshared /",
        "mkdir -p /run/containerd",
    ]
    if nameservers(root):
        start += [f"printf '%s' {shlex.quote(RESOLVER)} > /run/kursus-resolver.py",
                  f"python3 /run/kursus-resolver.py {' '.join(nameservers(root))} >/dev/null 2>&1 &"]
    start += [
        f"echo {shlex.quote(engine.name)} > {PIVOTED}",
    ]
    if engine.separate_containerd:
        start += ["containerd >/var/log/containerd.log 2>&1 &",
                  "for i in $(seq 100); do [ -S /run/containerd/containerd.sock ] && break; sleep 0.1; done"]
    start += [f"{' '.join(daemon)} >/var/log/dockerd.log 2>&1 &",
              "trap 'kill -TERM $(jobs -p) 2>/dev/null; wait' TERM INT",
              "wait"]
    return "set -e\n" + "\n".join(mounts + start) + "\n"


PIVOTED = "/run/kursus-sandbox"
"""Written by the namespaces' PID 1 once it stands in the rootfs: before that, a command entering
the namespaces would still see the host's files, and the host's ``/var/run/docker.sock``."""


def _docker_gid(root):
    for line in (Path(root) / "etc/group").read_text().splitlines():
        name, _, gid, *_ = line.split(":")
        if name == "docker":
            return int(gid)
    return 0


def _children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Sandbox:
    """One engine running in namespaces of its own; use as a context manager.

    Example:
        ``with Sandbox(ENGINES["trixie"]) as box: box.run(["docker", "version"])``
    """

    def __init__(self, engine, progress=print):
        self.engine, self.progress = engine, progress
        self.root = build_rootfs(engine.suite, progress)
        self.unshare = None
        self.init_pid = None
        self._lock_file = None

    def _lock(self):
        # One engine at a time per rootfs: each start empties the rootfs's /var/lib/docker.
        self._lock_file = open(engines_dir() / f"{self.engine.suite}.lock", "w")
        deadline, told = time.monotonic() + LOCK_TIMEOUT, False
        while True:
            try:
                fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    self._lock_file.close()
                    self._lock_file = None
                    raise RuntimeError(f"{self.engine.name}: rootfs {self.engine.suite} masih dipakai engine lain "
                                       f"setelah {LOCK_TIMEOUT // 60} menit.") from None
                if not told:
                    self.progress(f"• {self.engine.name}: menunggu rootfs {self.engine.suite}, yang sedang dipakai ...")
                    told = True
                time.sleep(2)

    def start(self):
        """Start the namespaces and the daemon; return when the engine answers."""
        self._lock()
        script = launcher_script(self.root, self.engine, _docker_gid(self.root))
        self.unshare = subprocess.Popen(
            ["unshare", "--net", "--mount", "--propagation", "private", "--pid", "--fork", "--mount-proc",
             "sh", "-c", script], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.unshare.poll() is not None:
                raise RuntimeError(f"{self.engine.name}: namespace berakhir sebelum dockerd menjawab: {self.unshare.stderr.read().decode()}")
            if self.init_pid is None:
                children = _children(self.unshare.pid)
                self.init_pid = children[0] if children else None
            elif self.pivoted() and self.run(["docker", "version"], check=False).returncode == 0:
                self._refuse_host_engine()
                return self
            time.sleep(0.5)
        log = self.run(["tail", "-20", "/var/log/dockerd.log"], check=False).stdout if self.init_pid else ""
        self.stop()
        raise RuntimeError(f"{self.engine.name}: dockerd tidak menjawab dalam {START_TIMEOUT} detik\n{log}")

    def pivoted(self):
        """Whether PID 1 of the namespaces stands in the rootfs (read through ``/proc/PID/root``)."""
        try:
            return Path(f"/proc/{self.init_pid}/root{PIVOTED}").read_text().strip() == self.engine.name
        except OSError:
            return False

    def _refuse_host_engine(self):
        inside = self.info().get("ID")
        host = (_host_engine("/info") or {}).get("ID")
        if inside is None or inside == host:
            self.stop()
            raise RuntimeError(f"{self.engine.name}: socket di dalam dijawab oleh engine host; sandbox dihentikan.")

    def command(self, args, workdir=ROOT):
        """The host command line that runs ``args`` inside the engine's namespaces."""
        # nsenter's --wd would name the folder in the host's mount namespace: change to it inside instead.
        return ["nsenter", "-t", str(self.init_pid), "-n", "-m", "-p", "/bin/sh", "-c", 'cd "$0" && exec "$@"',
                str(workdir), *args]

    def run(self, args, timeout=COMMAND_TIMEOUT, check=True, env=None):
        """Run ``args`` inside the namespaces and return the completed process."""
        if not self.pivoted():
            raise RuntimeError(f"{self.engine.name}: namespace belum berdiri di rootfs-nya.")
        return run(self.command(args), timeout=timeout, check=check, env=self.environment(env))

    def environment(self, extra=None):
        """The environment of the course inside the namespaces (the engine's socket, its own data folder)."""
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DOCKER_", "KURSUS_"))}
        # The host's /tmp is shared: a folder of its own keeps pytest's and Jupyter's temporary files apart.
        scratch = Path("/tmp") / f"kursus-engine-{self.engine.name}"
        scratch.mkdir(mode=0o700, exist_ok=True)
        env.update({"HOME": "/root", "KURSUS_DATA_DIR": "/root/.local/share/kursus-docker", "TMPDIR": str(scratch),
                    "PATH": f"{ROOT / '.venv' / 'bin'}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"})
        env.update(extra or {})
        return env

    def server_version(self):
        return self.run(["docker", "version", "--format", "{{.Server.Version}}"]).stdout.strip()

    def info(self):
        return json.loads(self.run(["docker", "info", "--format", "{{json .}}"]).stdout)

    def load_images(self, archive):
        """``docker load`` an archive that ``docker save`` wrote on the host engine."""
        self.run(["docker", "load", "-q", "-i", str(archive)], timeout=300)

    def stop(self):
        """Stop the daemon, then end every process of the namespaces (by the namespace's PID 1 only)."""
        if self.unshare is not None and self.unshare.poll() is None:
            if self.init_pid:
                try:
                    os.kill(self.init_pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
            try:
                self.unshare.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                if self.init_pid:
                    try:
                        os.kill(self.init_pid, signal.SIGKILL)  # PID 1 gone: the kernel ends the namespace
                    except ProcessLookupError:
                        pass
                self.unshare.wait(STOP_TIMEOUT)
        self.unshare = self.init_pid = None
        if self._lock_file is not None:
            self._lock_file.close()  # closing releases the lock
            self._lock_file = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def save_base_images(names, archive):
    """``docker save`` the course's base images from the host engine into ``archive``."""
    run(["docker", "-H", f"unix://{HOST_SOCKET}", "save", "-o", str(archive), *names], timeout=300)
    return archive
