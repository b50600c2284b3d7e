"""The example files shipped with the course (``notebooks/contoh/``), read into a build context."""

from pathlib import Path

FOLDER = Path(__file__).resolve().parents[2] / "notebooks" / "contoh"
"""Where the example files live in the course's checkout."""


def example(name):
    """Return the text of the example file ``name``, e.g. ``"halo.py"``. Similar to ``cat notebooks/contoh/NAME``."""
    return (FOLDER / name).read_text()
