"""Where the course keeps its own files: registry storage, logs, caches and build contexts.

Everything lies under one folder of the user's own (mode 0700), never a shared ``/tmp``: on a
classroom server every account has its own, and no one can read or replace another's files.
"""

import os
from pathlib import Path


def data_dir():
    """Return the course's data folder, creating it (mode 0700) if needed.

    ``KURSUS_DATA_DIR`` overrides the default ``$XDG_DATA_HOME/kursus-docker``.
    """
    base = os.environ.get("KURSUS_DATA_DIR") or Path(
        os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    ) / "kursus-docker"
    path = Path(base)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def contexts_dir():
    """Return the folder that holds the lessons' build contexts, inside :func:`data_dir`."""
    path = data_dir() / "contexts"
    path.mkdir(mode=0o700, exist_ok=True)
    return path
