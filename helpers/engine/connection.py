"""The one door to the Docker daemon: connecting, time limits, and Indonesian errors.

Every other module gets its client from :func:`client` and wraps engine calls in
:func:`engine_errors`, so a failure anywhere reads the same to a learner.
"""

import contextlib
import os
import socket

import docker
import requests
import urllib3
from docker.context import ContextAPI

from . import errors

DEFAULT_TIMEOUT = 30
"""Seconds any single engine call may take before it is abandoned."""

PING_TIMEOUT = 5
"""Seconds the first contact with the engine may take."""

MIN_API_VERSION = "1.40"
"""Oldest engine API the course supports (Docker Engine 19.03)."""

ENGINE_FAILURES = (docker.errors.DockerException, requests.exceptions.RequestException, urllib3.exceptions.HTTPError,
                   OSError)
"""What docker-py and the layers under it raise when a call to the engine fails."""

_client = None


def engine_url():
    """Return the engine address the ``docker`` CLI would use.

    ``DOCKER_HOST`` wins, then the context named by ``DOCKER_CONTEXT``, then the one chosen with
    ``docker context use``, then the local socket.

    Returns:
        A tuple ``(url, tls)`` where ``tls`` is a ``docker.tls.TLSConfig`` or ``None``.
    """
    if os.environ.get("DOCKER_HOST"):
        return os.environ["DOCKER_HOST"], None
    try:
        context = ContextAPI.get_context(os.environ.get("DOCKER_CONTEXT"))
    except Exception:  # an unreadable ~/.docker/config.json is not fatal
        context = None
    if context is not None and context.Host:
        # docker-py reports a context's unix socket as http+unix://; the CLI and DOCKER_HOST say unix://
        return context.Host.replace("http+unix://", "unix://", 1), context.TLSConfig
    return "unix:///var/run/docker.sock", None


def _check_transport(url):
    tls_env = os.environ.get("DOCKER_TLS_VERIFY") or os.environ.get("DOCKER_CERT_PATH")
    if url.startswith(("tcp://", "http://")) and not tls_env:
        raise errors.InsecureRemoteError(
            f"DOCKER_HOST={url} memakai TCP tanpa TLS: siapa pun di jaringan dapat mengendalikan engine ini.\n"
            "Pakai `ssh://pengguna@host` atau aktifkan TLS (DOCKER_TLS_VERIFY=1 dan DOCKER_CERT_PATH)."
        )


def connect(timeout=DEFAULT_TIMEOUT):
    """Open a new connection to the engine and check that it answers.

    Similar to ``docker version``.

    Args:
        timeout: Seconds each call may take.

    Returns:
        A connected ``docker.DockerClient``.

    Raises:
        KursusError: With an Indonesian message naming the cause and the fix.
    """
    url, tls = engine_url()
    _check_transport(url)
    with engine_errors(url, PING_TIMEOUT):
        if os.environ.get("DOCKER_HOST"):
            client = docker.from_env(timeout=PING_TIMEOUT)
        else:
            client = docker.DockerClient(base_url=url, tls=tls, timeout=PING_TIMEOUT)
        api_version = client.version()["ApiVersion"]
    if docker.utils.version_lt(api_version, MIN_API_VERSION):
        raise errors.EngineTooOldError(
            f"Versi Docker engine ini terlalu lama (API {api_version}); kursus ini memerlukan API {MIN_API_VERSION} atau lebih baru.\n"
            "Perbarui Docker Engine atau Docker Desktop, lalu coba lagi."
        )
    client.api.timeout = timeout
    return client


def is_rootless(info):
    """Tell from ``docker info`` data whether the engine runs in rootless mode."""
    return any("rootless" in option for option in info.get("SecurityOptions") or [])


def client():
    """Return the shared client of this process, connecting on first use.

    Returns:
        A connected ``docker.DockerClient`` with :data:`DEFAULT_TIMEOUT`.
    """
    global _client
    if _client is None:
        _client = connect()
    return _client


def reset():
    """Forget the shared client, e.g. after the engine was restarted."""
    global _client
    if _client is not None:
        _client.close()
    _client = None


def _causes(exc):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        for arg in getattr(exc, "args", ()):
            if isinstance(arg, BaseException):
                yield from _causes(arg)
        reason = getattr(exc, "reason", None)
        if isinstance(reason, BaseException):
            yield from _causes(reason)
        exc = exc.__cause__ or exc.__context__


_TRANSLATIONS = (
    (FileNotFoundError, lambda path, timeout: errors.NoSocketError(
        f"Docker engine tidak ditemukan: socket {path} tidak ada.\n"
        "Di Linux jalankan `make setup` (sebagai root); di macOS/Windows nyalakan Docker Desktop, lalu coba lagi.")),
    (ConnectionRefusedError, lambda path, timeout: errors.EngineNotRunningError(
        f"Docker daemon tidak berjalan: {path} menolak koneksi.\n"
        "Jalankan `sudo systemctl start docker` atau `make setup`, atau nyalakan Docker Desktop.")),
    (PermissionError, lambda path, timeout: errors.EnginePermissionError(
        f"Anda tidak memiliki izin membuka socket Docker {path}.\n"
        "Grup `docker` setara dengan root; lebih aman memakai Docker mode rootless (`dockerd-rootless-setuptool.sh install`).")),
    ((requests.exceptions.Timeout, socket.timeout, TimeoutError), lambda path, timeout: errors.EngineTimeoutError(
        f"Docker engine di {path} tidak menjawab dalam {timeout} detik.\n"
        "Engine mungkin sibuk atau macet: periksa dengan `python -m helpers doctor`, lalu coba lagi.")),
    ((requests.exceptions.ConnectionError, urllib3.exceptions.ProtocolError), lambda path, timeout: errors.EngineNotRunningError(
        f"Koneksi ke Docker engine di {path} terputus.\n"
        "Pastikan engine berjalan (`python -m helpers doctor`), lalu jalankan sel ini lagi.")),
)
"""Causes in order of precedence, each with the Indonesian error it becomes."""


_TRANSPORT = (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, docker.errors.DockerException,
              socket.timeout)
"""Failures of the connection to the daemon; an ``OSError`` counts only when it lies under one of them."""


def _transport_causes(exc):
    causes = list(_causes(exc))
    first = next((index for index, cause in enumerate(causes) if isinstance(cause, _TRANSPORT)), len(causes))
    return causes[first:]


def translate(exc, url=None, timeout=DEFAULT_TIMEOUT):
    """Turn a failure of the connection to the daemon into a :class:`KursusError`.

    Only the transport is diagnosed: a ``PermissionError`` or ``FileNotFoundError`` that did
    not come from the socket (an unreadable file in a build context, say) is left alone.

    Args:
        exc: The exception docker-py (or requests) raised.
        url: The engine address, named in the message.
        timeout: The time limit that applied, named in the message.

    Returns:
        The matching ``KursusError``, or ``None`` when ``exc`` is not about the connection.
    """
    return _translation(_transport_causes(exc), url, timeout)


def socket_failure(exc, url=None, timeout=DEFAULT_TIMEOUT):
    """Turn an ``OSError`` met on the engine's own socket (no docker-py around it) into a :class:`KursusError`.

    Returns:
        The matching ``KursusError``, or ``None`` for any other error.
    """
    return _translation([exc], url, timeout)


def _translation(causes, url, timeout):
    path = (url or engine_url()[0]).split("://", 1)[-1]
    for kinds, make in _TRANSLATIONS:
        if any(isinstance(cause, kinds) for cause in causes):
            return make(path, timeout)
    return None


_MESSAGE_HINTS = (
    ("port is already allocated", "Port host itu sudah dipakai: pilih port lain, atau biarkan engine memilih (`ports={\"8000/tcp\": None}`)."),
    ("is already in use by container", "Nama itu sudah dipakai container lain: pilih nama lain atau hapus container itu terlebih dahulu."),
    ("No such image", "Image itu belum ada di mesin ini: buat dengan `docker build` atau ambil dengan `docker pull`."),
)
_STATUS_HINTS = {
    400: "Periksa opsi yang dikirim.",
    404: "Periksa namanya dengan `docker ps -a` atau `docker image ls`.",
    409: "Nama itu sudah dipakai, atau objeknya sedang dipakai objek lain.",
    500: "Lihat log daemon untuk rinciannya.",
}


def describe(exc, url=None, timeout=DEFAULT_TIMEOUT):
    """Return the :class:`KursusError` a learner should see for a docker-py failure.

    Args:
        exc: Any exception raised by docker-py, requests or the socket layer.

    Returns:
        A ``KursusError``, or ``None`` when ``exc`` is not about the engine.
    """
    if isinstance(exc, errors.KursusError):
        return exc
    if isinstance(exc, docker.errors.APIError) and exc.response is not None:
        explanation = (exc.explanation or str(exc)).strip().splitlines()[0][:200]
        hint = next((h for text, h in _MESSAGE_HINTS if text in explanation), _STATUS_HINTS.get(exc.status_code, ""))
        return errors.EngineRequestError(
            f"Docker engine menolak permintaan ({exc.status_code}): {explanation}" + (f"\n{hint}" if hint else ""))
    if isinstance(exc, docker.errors.ContainerError):
        last = (exc.stderr or b"").decode(errors="replace").strip().splitlines()[-1:] or [""]
        return errors.EngineRequestError(
            f"Perintah di container {exc.container.name} berhenti dengan kode keluar {exc.exit_status}. {last[0][:200]}".strip())
    translated = translate(exc, url, timeout)
    if translated is None and isinstance(exc, docker.errors.DockerException):
        return errors.EngineError(f"Docker SDK melaporkan kesalahan: {str(exc).splitlines()[0][:200]}")
    if translated is None and isinstance(exc, OSError) and exc.filename:
        return errors.InvalidInputError(
            f"Berkas {exc.filename} di komputer ini tidak dapat dibuka ({exc.strerror or type(exc).__name__}).\n"
            "Periksa nama dan izin berkas itu, lalu jalankan sel ini lagi.")
    return translated


@contextlib.contextmanager
def engine_errors(url=None, timeout=DEFAULT_TIMEOUT):
    """Translate engine failures inside the block into :class:`KursusError`.

    A broken connection also resets the shared client, so the next call reconnects.
    """
    try:
        yield
    except errors.KursusError:
        raise
    except ENGINE_FAILURES as exc:
        translated = describe(exc, url, timeout)
        if translated is None:
            raise
        if not isinstance(translated, (errors.EngineRequestError, errors.InvalidInputError)):
            reset()
        raise translated from exc
