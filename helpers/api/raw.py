"""One HTTP request to the daemon's unix socket, without docker-py: proof that the API is plain HTTP.

Uses only the standard library (``http.client`` over ``socket.AF_UNIX``), so the request the
learner sees is exactly what goes over the socket.
"""

import http.client
import json
import socket
from dataclasses import dataclass

from ..engine.connection import engine_url, socket_failure
from ..engine.errors import EngineError

RAW_TIMEOUT = 5
"""Seconds the raw request may take."""


@dataclass(frozen=True)
class RawResponse:
    """The daemon's answer to one raw request."""

    request_line: str
    status: int
    reason: str
    headers: dict
    body: object


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, socket_path, timeout):
        super().__init__("localhost", timeout=timeout)
        self._socket_path = socket_path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self._socket_path)


def socket_path():
    """Return the path of the engine's unix socket.

    Raises:
        EngineError: When the engine is not reached over a unix socket (TCP, SSH, Windows pipe).
    """
    url = engine_url()[0]
    if not url.startswith("unix://"):
        raise EngineError(
            f"Engine ini dihubungi lewat {url.split('://', 1)[0]}://, bukan socket unix; permintaan mentah di sini hanya untuk socket unix.\n"
            "Di terminal, `docker version` tetap menunjukkan jawaban yang sama dari daemon."
        )
    return url[len("unix://"):]


def get(path, timeout=RAW_TIMEOUT):
    """Send ``GET path`` to the daemon over its unix socket and decode the JSON answer.

    Similar to ``curl --unix-socket /var/run/docker.sock http://localhost/version``.

    Args:
        path: The API path, e.g. ``"/version"`` or ``"/v1.41/containers/json"``.
        timeout: Seconds to wait for the daemon.

    Returns:
        A :class:`RawResponse`.

    Raises:
        EngineError: In Indonesian, when the socket is missing, refused or silent.
    """
    where = socket_path()
    connection = _UnixConnection(where, timeout)
    try:
        connection.request("GET", path, headers={"Accept": "application/json"})
        response = connection.getresponse()
        raw = response.read()
    except OSError as exc:
        raise socket_failure(exc, f"unix://{where}", timeout) or exc from exc
    finally:
        connection.close()
    content_type = response.getheader("Content-Type", "")
    body = json.loads(raw) if content_type.startswith("application/json") else raw.decode(errors="replace")
    return RawResponse(f"GET {path} HTTP/1.1", response.status, response.reason, dict(response.getheaders()), body)
