"""The first and last cell of every notebook and lab: connect, sweep leftovers, clean up."""

import sys

from ..engine import ENGINE_FAILURES, client, describe
from ..engine.errors import KursusError
from ..objects.cleanup import cleanup


def _show_briefly(shell, etype, value, tb, tb_offset=None):
    """IPython handler: one or two Indonesian lines instead of a traceback for the course's and the engine's failures."""
    error = describe(value)
    if error is None:
        return shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    print(f"❌ {error}", file=sys.stderr)
    return None


def _install_error_display():
    from IPython import get_ipython  # only inside a notebook

    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((KursusError, *ENGINE_FAILURES), _show_briefly)


def start(owner):
    """Connect to the engine and remove what an earlier run of ``owner`` left behind.

    Similar to ``docker version`` followed by ``docker rm -f`` of the notebook's labelled containers.
    In IPython it also shows engine failures of later cells as short Indonesian messages.

    Args:
        owner: The notebook or lab id, e.g. ``"05-container"``.

    Returns:
        The shared ``docker.DockerClient``.
    """
    _install_error_display()
    engine = client()
    for line in cleanup(owner)["kept"]:
        print(line)
    print(f"✅ Terhubung ke Docker engine; sisa-sisa '{owner}' dari percobaan sebelumnya sudah dibersihkan.")
    return engine


def finish(owner):
    """Remove everything ``owner`` created: what carries its label, and the build cache it noted."""
    removed = cleanup(owner)
    for line in removed["kept"]:
        print(line)
    also = ", begitu juga build cache dari build BuildKit-nya" if removed["build_cache"] else ""
    print(f"🧹 Semua objek berlabel pemilik '{owner}' sudah dihapus{also}; objek lain tidak disentuh.")
    return removed
