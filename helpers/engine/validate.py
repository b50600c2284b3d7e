"""Checking names a learner types before they reach the engine, with Indonesian messages."""

import re

from .errors import InvalidInputError

_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_HOST = r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9-]+)*|\[[0-9a-fA-F:]+\])(?::[0-9]{1,5})?"
_REFERENCE = re.compile(
    rf"^(?:(?P<host>{_HOST})/)?(?P<path>{_COMPONENT}(?:/{_COMPONENT})*)"
    r"(?::(?P<tag>[\w][\w.-]{0,127}))?(?:@(?P<digest>sha256:[0-9a-f]{64}))?$"
)
_CONTAINER_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$")
LOOPBACK = "127.0.0.1"
"""The only address the course publishes ports and runs its registry on."""
LOCAL_HOSTS = (LOOPBACK, "localhost")
MAX_NAME = 255


def shorten(text, limit=60):
    """Cut ``text`` to at most ``limit`` characters, ending in "…" when it was cut."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _text(value, what):
    if not isinstance(value, str) or not value:
        raise InvalidInputError(f"{what} harus berupa teks yang tidak kosong, bukan {type(value).__name__}.")
    return value


def image_reference(reference, local_registry=False):
    """Check an image reference such as ``127.0.0.1:5000/kursus/app:1.0`` and split it.

    Similar to the name check of ``docker tag``.

    Args:
        reference: The reference the learner typed.
        local_registry: Require the registry host to be on this machine (127.0.0.1 or localhost).

    Returns:
        A dict with ``host``, ``path``, ``tag`` and ``digest`` (absent parts are ``None``).

    Raises:
        InvalidInputError: With one Indonesian line naming the problem.
    """
    _text(reference, "Nama image")
    match = _REFERENCE.match(reference)
    path = match and match["path"]
    host = match and match["host"]
    if match and host and "." not in host and ":" not in host and host != "localhost":
        # "kursus/app": the first component is a namespace, not a registry host
        path, host = f"{host}/{path}", None
    if not match or ".." in reference or len(path) > MAX_NAME:
        raise InvalidInputError(
            f"Nama image '{shorten(reference)}' tidak sah: pakai huruf kecil, angka, '.', '_', '-', dan '/' "
            "(tag boleh berhuruf besar), misalnya kursus/app:1.0."
        )
    if local_registry and (host or "").rsplit(":", 1)[0] not in LOCAL_HOSTS:
        raise InvalidInputError(
            f"'{shorten(reference)}' tidak menunjuk ke registry lokal: awali dengan 127.0.0.1:PORT/, misalnya 127.0.0.1:5000/kursus/app:1.0."
        )
    return {"host": host, "path": path, "tag": match["tag"], "digest": match["digest"]}


def container_name(name):
    """Check a container, volume or network name. Similar to ``docker run --name``.

    Raises:
        InvalidInputError: With one Indonesian line naming the problem.
    """
    _text(name, "Nama")
    if not _CONTAINER_NAME.match(name):
        raise InvalidInputError(
            f"Nama '{shorten(name)}' tidak sah: mulai dengan huruf atau angka, lalu hanya huruf, angka, '_', '.', atau '-'."
        )
    return name
