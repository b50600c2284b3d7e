"""The course label: every container, image, volume and network the course makes carries it.

Clean-up selects by these labels only, never by name, so a learner's own resources are safe
even when their names look like the course's.
"""

from .errors import InvalidInputError

COURSE_LABEL = "org.kursus-docker.course"
"""Label key present on everything the course creates."""

COURSE_VALUE = "kursus-docker"
"""Value of :data:`COURSE_LABEL`."""

OWNER_LABEL = "org.kursus-docker.owner"
"""Label key naming the notebook or lab that created the resource."""

ORIGIN_LABEL = "org.kursus-docker.origin"
"""Label key on base images telling where they came from (local build or Docker Hub)."""

BASE_OWNER = "base"
"""Owner of the base images and the registry, kept by an ordinary clean-up."""


def course_labels(owner):
    """Return the labels to put on a resource created by ``owner``.

    Args:
        owner: The notebook or lab id, e.g. ``"05-container"`` or ``"lab-01-container-pertama"``.

    Returns:
        A dict suitable for the ``labels`` argument of docker-py.
    """
    if not owner or not isinstance(owner, str):
        raise InvalidInputError(f"Pemilik (owner) harus teks yang tidak kosong, misalnya \"05-container\", bukan {owner!r}.")
    return {COURSE_LABEL: COURSE_VALUE, OWNER_LABEL: owner}


def course_filter(owner=None):
    """Return the ``filters`` that select the course's resources, optionally of one owner.

    Similar to ``docker ps --filter label=...``.
    """
    wanted = [f"{COURSE_LABEL}={COURSE_VALUE}"]
    if owner:
        wanted.append(f"{OWNER_LABEL}={owner}")
    return {"label": wanted}


def is_course_resource(labels, owner=None):
    """Tell whether a resource's ``labels`` mark it as the course's (and ``owner``'s)."""
    labels = labels or {}
    if labels.get(COURSE_LABEL) != COURSE_VALUE:
        return False
    return owner is None or labels.get(OWNER_LABEL) == owner
