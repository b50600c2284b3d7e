"""Removing what the course created, selected by label and by nothing else."""

import docker

from ..engine import client, engine_errors
from ..engine.labels import BASE_OWNER, OWNER_LABEL, course_filter, is_course_resource


def _ours(labels, owner):
    # Base images pass their labels on to everything made from them, a learner's own
    # containers and images included: those inherited "base" labels never select anything.
    return is_course_resource(labels, owner) and labels.get(OWNER_LABEL) != BASE_OWNER


def _remove_images(images, summary):
    # An image may be the parent of another one of ours: retry until no progress is made.
    pending = list(images)
    while pending:
        left = []
        for image in pending:
            try:
                client().images.remove(image.id, force=True)
                summary["images"] += 1
            except docker.errors.NotFound:
                pass
            except docker.errors.APIError:
                left.append(image)
        if len(left) == len(pending):
            summary["skipped"] += len(left)
            return
        pending = left


def cleanup(owner=None):
    """Remove the course's containers, images, volumes and networks.

    Similar to ``docker rm -f $(docker ps -aq --filter label=...)`` followed by
    ``docker rmi``, ``docker volume rm`` and ``docker network rm`` with the same filter.

    Args:
        owner: Only resources of this notebook or lab; ``None`` for the whole course.

    Returns:
        A dict counting what was removed per kind, plus ``skipped`` (still in use).
    """
    summary = {"containers": 0, "images": 0, "volumes": 0, "networks": 0, "skipped": 0}
    selector = course_filter(owner)
    with engine_errors():
        engine = client()
        for container in engine.containers.list(all=True, filters=selector):
            if _ours(container.labels, owner):
                try:
                    container.remove(force=True, v=True)
                    summary["containers"] += 1
                except docker.errors.NotFound:
                    pass
        images = [i for i in engine.images.list(filters=selector) if _ours(i.labels, owner)]
        _remove_images(images, summary)
        for volume in engine.volumes.list(filters=selector):
            if _ours(volume.attrs.get("Labels"), owner):
                volume.remove(force=True)
                summary["volumes"] += 1
        for network in engine.networks.list(filters=selector):
            if _ours(network.attrs.get("Labels"), owner):
                network.remove()
                summary["networks"] += 1
    return summary
