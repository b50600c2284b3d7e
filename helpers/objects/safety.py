"""The guard that refuses container options which would hand a container the host.

It catches a learner's mistakes, such as mounting ``/var/run`` or switching seccomp off, before
they reach the engine. It is not a security boundary: whoever can open the engine's socket is
already root on the host, and can run anything with the ``docker`` CLI. That is why the classroom
gives each student a rootless engine of their own.
"""

import os
import posixpath

from ..engine.errors import UnsafeOptionError

HOST_NAMESPACES = ("network_mode", "pid_mode", "ipc_mode", "userns_mode", "uts_mode", "cgroupns")
SYSTEM_PATHS = ("/proc", "/sys", "/dev", "/etc", "/boot")
"""Host folders a container may not mount, nor anything inside them."""

ENGINE_STATE = ("/var/lib/docker", "/var/lib/containerd", "/run/containerd", "/run/docker")
"""Where an engine keeps its state, besides the data root ``docker info`` reports."""

DEFAULT_ENGINE_PATHS = ("/var/run/docker.sock", "/var/lib/docker")
"""The socket and data root of a local engine installed the usual way."""

SWITCHED_OFF = ("seccomp=unconfined", "apparmor=unconfined", "label=disable", "systempaths=unconfined")


def bind_sources(options):
    """Return the host paths that ``options`` would bind-mount into a container."""
    volumes = options.get("volumes") or {}
    sources = list(volumes) if isinstance(volumes, dict) else [v.split(":", 1)[0] for v in volumes]
    sources += [getattr(m, "get", lambda k: None)("Source") for m in options.get("mounts") or []]
    return [s for s in sources if s and s.startswith(("/", "."))]  # the rest are named volumes


def _resolved(path):
    return posixpath.normpath(os.path.realpath(path)) if os.path.isabs(path) else os.path.realpath(path)


def _inside(path, folder):
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _refused(source, socket_path, data_root):
    path = _resolved(source)
    if path == "/":
        return "folder itu adalah seluruh sistem berkas host"
    engine_paths = {_resolved(p) for p in (socket_path, data_root, *ENGINE_STATE) if p}
    if any(_inside(engine_path, path) for engine_path in engine_paths):
        return "di dalamnya ada socket atau data Docker engine"
    if any(_inside(path, engine_path) for engine_path in engine_paths - {_resolved(socket_path or "/")}):
        return "folder itu bagian dari data Docker engine"
    if any(_inside(path, folder) for folder in SYSTEM_PATHS):
        return "folder itu adalah folder sistem host"
    return None


def check_safe(options, socket_path=DEFAULT_ENGINE_PATHS[0], data_root=DEFAULT_ENGINE_PATHS[1]):
    """Refuse options that would give a container power over the host.

    The check behind the course's ``docker run``: privileged mode, added capabilities, host
    namespaces, host devices, switched-off security profiles, and mounts of the host's ``/``,
    the engine's socket (or a folder above it), its state, or ``/proc``, ``/sys``, ``/dev``,
    ``/etc``, ``/boot``. Paths are compared after normalising them and resolving symlinks.

    Args:
        options: The keyword options of ``containers.run``.
        socket_path: The engine's unix socket on this host.
        data_root: The engine's data root (``docker info --format '{{.DockerRootDir}}'``).

    Raises:
        UnsafeOptionError: Naming the option and why it is refused.
    """
    if options.get("privileged"):
        raise UnsafeOptionError("Mode privileged ditolak: container itu akan berkuasa penuh atas host. Jalankan tanpa privileged.")
    if options.get("cap_add"):
        raise UnsafeOptionError(f"Menambah capability ({', '.join(options['cap_add'])}) ditolak di kursus ini: hapus cap_add.")
    if options.get("devices") or options.get("device_cgroup_rules"):
        raise UnsafeOptionError("Memberi container perangkat host (devices) ditolak di kursus ini: hapus opsi itu.")
    for key in HOST_NAMESPACES:
        if str(options.get(key, "")).startswith("host"):
            raise UnsafeOptionError(f"{key}='host' ditolak: container akan berbagi namespace dengan host. Hapus opsi itu.")
    for option in options.get("security_opt") or []:
        if option.replace(":", "=", 1) in SWITCHED_OFF:
            raise UnsafeOptionError(f"security_opt '{option}' menonaktifkan perlindungan kernel untuk container: hapus opsi itu.")
    for source in bind_sources(options):
        reason = _refused(source, socket_path, data_root)
        if reason:
            raise UnsafeOptionError(f"Me-mount {source} ke container ditolak: {reason}, sama dengan memberi akses root ke host.\n"
                                    "Pasang folder yang lebih sempit (misalnya folder proyek Anda) atau pakai volume, lalu coba lagi.")
