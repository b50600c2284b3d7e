"""The BuildKit build cache of the course's own terminal builds, noted and removed by record id.

Build cache records carry no labels, so :mod:`helpers.objects.cleanup` cannot select them the
way it selects everything else. :func:`noting` writes down the ids of the records that appear
while one of the course's BuildKit builds runs; :func:`forget` removes exactly those records.
A learner's own build cache is never selected: only ids the course noted are ever pruned
(a build the learner runs on the same engine at the very same moment would be noted too).
The notes are kept per engine, in the course's data folder.
"""

import contextlib
import json

from ..engine import client, engine_errors
from ..engine.paths import data_dir


def _notes_dir():
    path = data_dir() / "build-cache"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _engine_notes():
    # The daemon's own id keeps the notes of two engines apart (it contains ":" on Docker 20.10).
    with engine_errors():
        return _notes_dir() / client().info()["ID"].replace(":", "-")


def _read(path):
    return set(json.loads(path.read_text())) if path.exists() else set()


def _write(path, ids):
    if ids:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        path.write_text(json.dumps(sorted(ids)))
    else:
        path.unlink(missing_ok=True)


def records():
    """Return the ids of every build cache record of the engine.

    Similar to ``docker buildx du --verbose``.
    """
    with engine_errors():
        return {record["ID"] for record in client().df().get("BuildCache") or []}


@contextlib.contextmanager
def noting(owner):
    """Note, for ``owner``, every build cache record that appears while the block runs."""
    before = records()
    try:
        yield
    finally:
        path = _engine_notes() / f"{owner}.json"
        _write(path, _read(path) | (records() - before))


def forget(owner=None):
    """Remove the build cache records noted for ``owner`` (``None``: for the whole course).

    Similar to ``docker builder prune --all --filter id=ID`` for each noted id. A record that
    another one depends on goes in a later round, once that one is gone; a record the engine
    keeps (still in use) stays noted for the next clean-up.

    Returns:
        How many noted records are gone.
    """
    if not any(_notes_dir().glob("*/*.json")):
        return 0
    folder = _engine_notes()
    gone = 0
    for path in [folder / f"{owner}.json"] if owner else sorted(folder.glob("*.json")):
        left = _read(path)
        while left:
            with engine_errors():
                for record in sorted(left):
                    client().api.prune_builds(filters={"id": [record]}, all=True)
            still = left & records()
            gone += len(left - still)
            if still == left:
                break
            left = still
        _write(path, left)
    return gone
