"""Volumes and networks the course's way: labelled, with fixed names, safe to create twice.

Clean-up finds them by the course label, so every volume and network is created through the
SDK with ``labels=``. Creating one that the course already made returns it, like
``docker volume create NAME`` does; a name taken by a learner's own volume or network is refused.
"""

import docker

from .engine import client, engine_errors
from .errors import InvalidInputError
from .labels import course_labels, is_course_resource
from .validate import container_name


def _get_or_create(kind, name, owner, **options):
    container_name(name)
    with engine_errors():
        collection = getattr(client(), f"{kind}s")
        try:
            found = collection.get(name)
        except docker.errors.NotFound:
            return collection.create(name, labels=course_labels(owner), **options)
    if not is_course_resource(found.attrs.get("Labels")):
        raise InvalidInputError(
            f"Nama '{name}' sudah dipakai {kind} Anda sendiri (bukan buatan kursus); kursus tidak akan memakainya.\n"
            f"Pilih nama lain, atau hapus {kind} itu sendiri dengan `docker {kind} rm {name}`."
        )
    return found


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
    return _get_or_create("volume", name, owner)


def network(name, owner):
    """Return the course's user-defined bridge network ``name``, creating it if needed; see :func:`volume`.

    Similar to ``docker network create --label org.kursus-docker.owner=OWNER NAME``.
    """
    return _get_or_create("network", name, owner, driver="bridge", check_duplicate=True)
