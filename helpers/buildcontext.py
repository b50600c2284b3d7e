"""Build-context folders for lessons, written outside the repository and replaced on every run."""

import shutil
import tempfile
from pathlib import Path

from .validate import container_name

ROOT = Path(tempfile.gettempdir()) / "kursus-docker"
"""Parent folder of every lesson's build context."""


def write_context(files, name):
    """Write ``files`` into a fresh folder ``ROOT/name`` and return its path.

    Similar to ``mkdir NAME`` followed by writing its ``Dockerfile``, sources and ``.dockerignore``.

    Args:
        files: A dict of relative file names to text contents, e.g. ``{"Dockerfile": "FROM ..."}``.
        name: The folder name, e.g. ``"kursus-06-app"``; an earlier folder of that name is replaced.

    Returns:
        The folder as a ``pathlib.Path``.
    """
    folder = ROOT / container_name(name)
    shutil.rmtree(folder, ignore_errors=True)
    for relative, content in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return folder


def remove_context(name):
    """Delete the folder :func:`write_context` made for ``name``. Similar to ``rm -r NAME``."""
    shutil.rmtree(ROOT / container_name(name), ignore_errors=True)
