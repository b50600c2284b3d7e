"""Where the course keeps its own files on the host (registry storage, logs, caches)."""

import os
from pathlib import Path


def data_dir():
    """Return the course's data folder, creating it if needed.

    ``KURSUS_DATA_DIR`` overrides the default ``$XDG_DATA_HOME/kursus-docker``.
    """
    base = os.environ.get("KURSUS_DATA_DIR") or Path(
        os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    ) / "kursus-docker"
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path
