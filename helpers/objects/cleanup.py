"""Removing what the course created, selected by label and by nothing else.

An object of the course that a learner's own container still uses (a network it is
connected to, a volume it mounts, an image it runs) is left in place and named in one
Indonesian line; the learner's container is never stopped or disconnected.
"""

import docker

from ..engine import client, engine_errors
from ..engine.labels import BASE_OWNER, OWNER_LABEL, course_filter, is_course_resource
from . import build_cache

IN_USE = (403, 409)
"""The engine's answers when an object is still used by a container (403: a network with endpoints)."""


def _ours(labels, owner):
    # Base images pass their labels on to everything made from them, a learner's own
    # containers and images included: those inherited "base" labels never select anything.
    return is_course_resource(labels, owner) and labels.get(OWNER_LABEL) != BASE_OWNER


def _users(filters):
    names = [c.name for c in client().containers.list(all=True, filters=filters)]
    return ", ".join(names) or "lain"


def remove_unless_used(remove, kept=None, message=None):
    """Call ``remove()``; if the engine answers that the object is in use, add ``message()`` to ``kept``.

    Similar to ``docker rm`` / ``docker rmi`` / ``docker network rm`` without ``-f`` for objects in use.

    Returns:
        ``True`` when the object is gone (removed now, or already), ``False`` when it was kept.
    """
    try:
        remove()
        return True
    except docker.errors.NotFound:
        return True
    except docker.errors.APIError as exc:
        if exc.status_code not in IN_USE:
            raise
        if kept is not None:
            kept.append(message())
        return False


def image_kept(image):
    """The line naming an image that containers outside the course still use."""
    name = (image.tags or [image.short_id])[0]
    return f"Image {name} dibiarkan: masih dipakai container {_users({'ancestor': image.id})}."


def _remove_image(image):
    # Tag by tag and without force: an image that a container still uses is refused (409).
    for reference in image.tags or [image.id]:
        client().images.remove(reference)


def _remove_images(images, summary):
    # An image may be the parent of another one of ours: retry until no progress is made.
    pending = list(images)
    while pending:
        left = [image for image in pending if not remove_unless_used(lambda: _remove_image(image))]
        summary["images"] += len(pending) - len(left)
        if len(left) == len(pending):
            summary["kept"] += [image_kept(image) for image in left]
            return
        pending = left


def cleanup(owner=None):
    """Remove the course's containers, images, volumes and networks, and its noted build cache.

    Similar to ``docker rm -f $(docker ps -aq --filter label=...)`` followed by
    ``docker rmi``, ``docker volume rm`` and ``docker network rm`` with the same filter, and
    ``docker builder prune --all --filter id=...`` for the build cache records the course noted.

    Args:
        owner: Only resources of this notebook or lab; ``None`` for the whole course.

    Returns:
        A dict counting what was removed per kind, plus ``kept``: one Indonesian line for each
        object left in place because a container outside the course still uses it.
    """
    summary = {"containers": 0, "images": 0, "volumes": 0, "networks": 0, "build_cache": 0, "kept": []}
    selector = course_filter(owner)
    kept = summary["kept"]
    with engine_errors():
        engine = client()
        for container in engine.containers.list(all=True, filters=selector):
            if _ours(container.labels, owner):
                summary["containers"] += remove_unless_used(lambda: container.remove(force=True, v=True))
        _remove_images([i for i in engine.images.list(filters=selector) if _ours(i.labels, owner)], summary)
        for volume in engine.volumes.list(filters=selector):
            if _ours(volume.attrs.get("Labels"), owner):
                summary["volumes"] += remove_unless_used(volume.remove, kept, lambda: (
                    f"Volume {volume.name} dibiarkan: masih di-mount container {_users({'volume': volume.name})}."))
        for network in engine.networks.list(filters=selector):
            if _ours(network.attrs.get("Labels"), owner):
                summary["networks"] += remove_unless_used(network.remove, kept, lambda: (
                    f"Network {network.name} dibiarkan: container {_users({'network': network.name})} "
                    "masih tersambung ke sana."))
    summary["build_cache"] = build_cache.forget(owner)
    return summary
