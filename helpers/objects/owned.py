"""Named objects the course owns: created once with the course label, never taken from a learner.

Creating one that the course already made returns it, like ``docker volume create NAME`` does;
a name taken by a learner's own volume, network or container is refused, never reused or removed.
"""

import docker

from ..engine import client, engine_errors
from ..engine.errors import InvalidInputError
from ..engine.labels import course_labels, is_course_resource
from ..engine.validate import container_name


def get_or_create(kind, name, owner, **options):
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
