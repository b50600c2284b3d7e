"""Running a notebook from top to bottom outside JupyterLab, as Run All would."""

import subprocess
from pathlib import Path


def execute(nb, folder=None, timeout=120, quiet_kernel=False, **options):
    """Run every cell of ``nb`` in a fresh ``python3`` kernel, in place, and return the client.

    Similar to ``jupyter nbconvert --to notebook --execute``.

    Args:
        nb: An ``nbformat`` notebook; its cells receive their outputs.
        folder: The working directory of the kernel (the notebook's own folder).
        timeout: Seconds each cell may take.
        quiet_kernel: Discard the kernel's own log, for runs that interrupt or kill it on purpose.
        **options: Further ``nbclient.NotebookClient`` options, e.g. ``record_timing=True``.

    Raises:
        nbclient.exceptions.CellExecutionError: When a cell fails (unless ``allow_errors``).
    """
    from nbclient import NotebookClient  # only the scripts and tests run notebooks this way

    resources = {"metadata": {"path": str(Path(folder))}} if folder else {}
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources=resources, **options)
    client.execute(**({"stderr": subprocess.DEVNULL} if quiet_kernel else {}))
    return client
