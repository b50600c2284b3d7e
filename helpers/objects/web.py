"""Asking a containerised web app over HTTP from the host, the way ``curl`` would.

A container reports ``running`` as soon as its process starts, a moment before the app in it
listens on its port: :func:`get` retries briefly until the app answers, instead of a fixed wait.
"""

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from ..engine.errors import AppNotAnsweringError

REQUEST_TIMEOUT = 2
"""Seconds one HTTP request may take."""

POLL_INTERVAL = 0.05
"""Seconds between two attempts while the app is starting."""


@dataclass(frozen=True)
class HttpAnswer:
    """What the app answered: the HTTP status and the body as text."""

    status: int
    body: str

    def json(self):
        """The body parsed as JSON, like ``curl URL | python -m json.tool``."""
        return json.loads(self.body)


def get(url, timeout=5.0):
    """Send ``GET url``, retrying until the app answers or ``timeout`` seconds have passed.

    Similar to ``curl --retry 50 --retry-connrefused URL``.

    Args:
        url: E.g. ``"http://127.0.0.1:32768/"``.
        timeout: Seconds to keep trying while nothing listens yet.

    Returns:
        An :class:`HttpAnswer` (error statuses such as 404 included).

    Raises:
        AppNotAnsweringError: When nothing answered in time.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as answer:
                return HttpAnswer(answer.status, answer.read().decode())
        except urllib.error.HTTPError as exc:
            return HttpAnswer(exc.code, exc.read().decode())
        except OSError as exc:
            if time.monotonic() >= deadline:
                raise AppNotAnsweringError(
                    f"Tidak ada jawaban dari {url} dalam {timeout:g} detik ({exc}).\n"
                    "Periksa apakah container masih berjalan dan lihat lognya (`docker logs NAMA`)."
                ) from None
            time.sleep(POLL_INTERVAL)
