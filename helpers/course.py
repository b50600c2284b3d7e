"""The first and last cell of every notebook and lab: connect, sweep leftovers, clean up."""

from .cleanup import cleanup
from .engine import client


def start(owner):
    """Connect to the engine and remove what an earlier run of ``owner`` left behind.

    Similar to ``docker version`` followed by ``docker rm -f`` of the notebook's labelled containers.

    Args:
        owner: The notebook or lab id, e.g. ``"05-container"``.

    Returns:
        The shared ``docker.DockerClient``.
    """
    engine = client()
    cleanup(owner)
    print(f"✅ Terhubung ke Docker engine; sisa-sisa '{owner}' dari percobaan sebelumnya sudah dibersihkan.")
    return engine


def finish(owner):
    """Remove everything ``owner`` created (only what carries its label)."""
    removed = cleanup(owner)
    total = sum(removed[kind] for kind in ("containers", "images", "volumes", "networks"))
    print(f"🧹 Semua buatan '{owner}' sudah dihapus ({'ada yang dihapus' if total else 'tidak ada sisa'}); "
          "milik Anda sendiri tidak disentuh.")
    return removed
