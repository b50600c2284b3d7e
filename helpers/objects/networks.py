"""User-defined networks the course's way: labelled, with fixed names, safe to create twice."""

from .owned import get_or_create


def network(name, owner):
    """Return the course's user-defined bridge network ``name``, creating it if needed; see :func:`helpers.objects.volumes.volume`.

    Similar to ``docker network create --label org.kursus-docker.owner=OWNER NAME``.
    """
    return get_or_create("network", name, owner, driver="bridge", check_duplicate=True)
