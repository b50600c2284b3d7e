"""Running containers the course's way: labelled, limited, and never weakening the host.

Every container the course starts gets the course label, memory, pids and CPU-share limits,
``no-new-privileges``, and ports published on 127.0.0.1 only. Options that would hand the
container the host are refused by :mod:`helpers.objects.safety`.
"""

import time

import docker

from ..engine import client, engine_errors, engine_url
from ..engine.errors import InvalidInputError
from ..engine.labels import course_labels, is_course_resource
from ..engine.polling import wait_until
from ..engine.validate import LOOPBACK, container_name
from .safety import DEFAULT_ENGINE_PATHS, bind_sources, check_safe

SAFE_DEFAULTS = {"mem_limit": "256m", "pids_limit": 128, "cpu_shares": 512}
"""Limits every course container gets unless a cell asks otherwise (CIS Docker Benchmark 5.10-5.12, 5.29)."""
NO_NEW_PRIVILEGES = "no-new-privileges"
def _loopback_ports(ports):
    bound = {}
    for container_port, host in (ports or {}).items():
        if isinstance(host, tuple):
            host = host[1]
        if host is not None and not isinstance(host, int):
            raise InvalidInputError(f"Port host untuk {container_port} harus angka atau None, bukan {host!r}.")
        bound[container_port] = (LOOPBACK, host)
    return bound


def _free_name(name):
    """Remove the course's container called ``name``; refuse if a learner's own has that name."""
    try:
        existing = client().containers.get(name)
    except docker.errors.NotFound:
        return
    if not is_course_resource(existing.labels):
        raise InvalidInputError(
            f"Nama '{name}' sudah dipakai container Anda sendiri (bukan buatan kursus); kursus tidak akan menghapusnya.\n"
            "Pilih nama lain, atau hapus container itu sendiri dengan `docker rm -f " + name + "`."
        )
    existing.remove(force=True)


def engine_paths():
    """Return the engine's socket path (``None`` off a unix socket) and its data root."""
    url = engine_url()[0]
    with engine_errors():
        data_root = client().info().get("DockerRootDir")
    return (url.split("://", 1)[1] if url.startswith("unix://") else None), data_root


def safe_options(owner, paths=DEFAULT_ENGINE_PATHS, **options):
    """Return ``options`` with the course's label, limits and loopback ports applied.

    Args:
        owner: The notebook or lab id stored in the label.
        paths: The engine's socket and data root, as :func:`engine_paths` returns them.
        **options: ``containers.run`` options.

    Raises:
        UnsafeOptionError: When an option would weaken the host.
    """
    check_safe(options, *paths)
    merged = {**SAFE_DEFAULTS, **options}
    merged["labels"] = {**(options.get("labels") or {}), **course_labels(owner)}
    merged["security_opt"] = sorted(set(options.get("security_opt") or []) | {NO_NEW_PRIVILEGES})
    if "ports" in options:
        merged["ports"] = _loopback_ports(options["ports"])
    return merged


def _course_options(owner, options):
    paths = engine_paths() if bind_sources(options) else DEFAULT_ENGINE_PATHS
    return safe_options(owner, paths, **options)


def run(image, name, owner, command=None, **options):
    """Start a container the course's way, replacing an earlier one of the course with that name.

    Similar to ``docker run -d --name NAME --memory 256m --pids-limit 128 --cpu-shares 512
    --security-opt no-new-privileges -p 127.0.0.1::PORT IMAGE COMMAND``.

    Args:
        image: The image to run, e.g. ``"kursus/busybox"``.
        name: A fixed container name, so re-running a cell does not pile up containers.
        owner: The notebook or lab id stored in the label.
        command: The command to run instead of the image's ``CMD``.
        **options: Any other ``docker.models.containers.ContainerCollection.run`` option.

    Returns:
        The ``Container`` (detached by default), or its output when ``detach=False``.
    """
    container_name(name)
    options = _course_options(owner, {"detach": True, **options})
    with engine_errors():
        _free_name(name)
        try:
            return client().containers.run(image, command, name=name, **options)
        except docker.errors.APIError:
            _free_name(name)  # a container that was created but could not start
            raise


def create(image, name, owner, command=None, **options):
    """Create (without starting) a container the course's way. Similar to ``docker create``."""
    container_name(name)
    options = _course_options(owner, options)
    with engine_errors():
        _free_name(name)
        return client().containers.create(image, command, name=name, **options)


def run_to_end(image, name, owner, command=None, timeout=10, **options):
    """Run a container until its command ends; return its exit code and output, even when it fails.

    Similar to ``docker run --name NAME IMAGE COMMAND; echo $?``.

    Args:
        image, name, owner, command, **options: As for :func:`run`.
        timeout: Seconds the command may take.

    Returns:
        A tuple ``(exit_code, output)``, the output (stdout and stderr) as stripped text.
    """
    container = run(image, name, owner, command, **options)
    with engine_errors(timeout=timeout):
        exit_code = container.wait(timeout=timeout)["StatusCode"]
        return exit_code, container.logs().decode().strip()


def published(container):
    """Return ``{container_port: [(host_ip, host_port), ...]}`` of the ports ``container`` publishes.

    Similar to ``docker port NAME``. Reads the inspect data the container object already holds.
    """
    ports = container.attrs["NetworkSettings"]["Ports"] or {}
    return {port: [(b.get("HostIp") or "0.0.0.0", int(b["HostPort"])) for b in bound]
            for port, bound in ports.items() if bound}


def host_port(container, container_port):
    """Return the host port the engine picked on 127.0.0.1 for ``container_port`` (e.g. ``"8000/tcp"``).

    Similar to ``docker port NAME 8000``.
    """
    with engine_errors():
        container.reload()
    for address, port in published(container).get(container_port, []):
        if address in (LOOPBACK, "0.0.0.0"):
            return port
    raise InvalidInputError(f"Port {container_port} tidak dipublikasikan oleh container {container.name}.")


def timed_stop(container, timeout):
    """Stop ``container`` and return how many seconds ``docker stop`` took.

    Similar to ``time docker stop -t TIMEOUT NAME``.
    """
    start = time.monotonic()
    with engine_errors():
        container.stop(timeout=timeout)
    return time.monotonic() - start


def health(container):
    """Return the container's health (``starting``, ``healthy``, ``unhealthy``), or ``None`` without a ``HEALTHCHECK``.

    Similar to ``docker inspect --format '{{.State.Health.Status}}' NAME``.
    """
    with engine_errors():
        container.reload()
    return (container.attrs["State"].get("Health") or {}).get("Status")


def wait_healthy(container, timeout=30):
    """Wait until the container's health check has decided, and return its health.

    Similar to repeating ``docker inspect --format '{{.State.Health.Status}}' NAME`` while it reads ``starting``.
    """
    wait_until(lambda: health(container) != "starting", timeout)
    return health(container)
