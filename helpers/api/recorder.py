"""The HTTP calls the SDK sends to the daemon, taken from the SDK's own request hooks.

Every request docker-py makes passes through ``client.api.hooks["response"]`` (a requests
Session hook): the recorder reads the method, path, status and time of each one.
"""

import re
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..engine import client

_VERSION_PREFIX = re.compile(r"^/v\d+\.\d+")


def without_version(path):
    """Return an API path without its version prefix: ``/v1.41/info`` becomes ``/info``."""
    return _VERSION_PREFIX.sub("", path)


@dataclass(frozen=True)
class ApiCall:
    """One HTTP request from the client to the daemon."""

    method: str
    path: str
    status: int
    seconds: float

    @property
    def endpoint(self):
        """The path without the API version prefix, e.g. ``/containers/create``."""
        return without_version(self.path)


class ApiRecorder:
    """Collects the client's HTTP calls while it is active; usable as a context manager.

    Similar to watching ``docker`` CLI traffic with ``dockerd --debug``.

    Args:
        listener: Optional callable receiving each :class:`ApiCall` as it happens.
    """

    def __init__(self, listener=None):
        self.calls = []
        self._listener = listener or (lambda call: None)
        self._lock = threading.Lock()

    def _hook(self, response, *args, **kwargs):
        parts = urlsplit(response.request.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        call = ApiCall(response.request.method, path, response.status_code, response.elapsed.total_seconds())
        with self._lock:
            self.calls.append(call)
        self._listener(call)
        return response

    def start(self):
        """Begin recording on the shared client."""
        client().api.hooks["response"].append(self._hook)
        return self

    def stop(self):
        """Stop recording."""
        hooks = client().api.hooks["response"]
        if self._hook in hooks:
            hooks.remove(self._hook)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False
