"""Volumes the course's way: labelled, with fixed names, safe to create twice."""

from .owned import get_or_create


def volume(name, owner):
    """Return the course's named volume ``name``, creating it with the course label if needed.

    Similar to ``docker volume create --label org.kursus-docker.owner=OWNER NAME``.

    Args:
        name: A fixed volume name, e.g. ``"kursus-09-data"``.
        owner: The notebook or lab id stored in the label.

    Returns:
        A ``docker.models.volumes.Volume``.

    Raises:
        InvalidInputError: When the name is not valid or belongs to a volume that is not the course's.
    """
    return get_or_create("volume", name, owner)
