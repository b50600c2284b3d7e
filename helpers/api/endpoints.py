"""Which part of Docker's architecture an HTTP call of the SDK reaches, without an engine.

The picture of the course has five parts: the *client* (this notebook or the ``docker`` CLI),
the *daemon* (``dockerd``), its *images* and *containers*, and a *registry*. Every call goes
client → daemon; :func:`components` adds the parts behind the daemon that the call touches.
"""

import re

from .recorder import without_version

CLIENT, DAEMON, IMAGES, CONTAINERS, REGISTRY = "client", "daemon", "images", "containers", "registry"
COMPONENTS = (CLIENT, DAEMON, IMAGES, CONTAINERS, REGISTRY)

COMPONENT_LABELS = {
    CLIENT: ("Client", "notebook / docker CLI"),
    DAEMON: ("Docker daemon", "dockerd"),
    IMAGES: ("Images", "templat hanya-baca"),
    CONTAINERS: ("Containers", "proses terisolasi"),
    REGISTRY: ("Registry", "lokal, di 127.0.0.1"),
}
"""Name and a short Indonesian description of each part."""

_FULL_ID = re.compile(r"\b([0-9a-f]{12})[0-9a-f]{52}\b")

_RULES = (
    (re.compile(r"^/images/create"), "pull", (IMAGES, REGISTRY)),
    (re.compile(r"^/images/.+/push$"), "push", (IMAGES, REGISTRY)),
    (re.compile(r"^/build"), "build", (IMAGES, CONTAINERS)),
    (re.compile(r"^/commit"), "commit", (CONTAINERS, IMAGES)),
    (re.compile(r"^/containers/create"), "create", (IMAGES, CONTAINERS)),
    (re.compile(r"^/containers/"), None, (CONTAINERS,)),
    (re.compile(r"^/exec/"), "exec", (CONTAINERS,)),
    (re.compile(r"^/images/"), None, (IMAGES,)),
    (re.compile(r"^/distribution/"), "distribution", (REGISTRY,)),
    (re.compile(r"^/auth"), "login", (REGISTRY,)),
)


def endpoint(path):
    """Strip the API version prefix and the query: ``/v1.41/containers/json?all=1`` → ``/containers/json``."""
    return without_version(path.split("?", 1)[0])


def short_path(path, width=70):
    """The path as a person reads it: no version prefix, 64-hex ids cut to 12 like ``docker ps``, at most ``width``."""
    text = _FULL_ID.sub(r"\1", without_version(path))
    return text if len(text) <= width else text[:width - 1] + "…"


def components(path):
    """Return the parts a call to ``path`` passes, always starting with client and daemon."""
    target = endpoint(path)
    for pattern, _, parts in _RULES:
        if pattern.search(target):
            return (CLIENT, DAEMON) + parts
    return (CLIENT, DAEMON)


def operation(method, path):
    """Name what a call does, in the words of the ``docker`` CLI: ``run``-steps, ``pull``, ``push``...

    ``POST /containers/abc/start`` → ``start``; ``GET /containers/json`` → ``ps``;
    ``GET /images/json`` → ``images``; anything else → the last part of the path.
    """
    target = endpoint(path)
    for pattern, name, _ in _RULES:
        if name and pattern.search(target):
            return name
    if target == "/containers/json":
        return "ps"
    if target == "/images/json":
        return "images"
    last = target.rstrip("/").rsplit("/", 1)[-1]
    if method == "GET" and last == "json":
        return "inspect"
    if method == "DELETE":
        return "rm" if target.startswith("/containers/") else "rmi"
    return last.lstrip("_") or "?"
