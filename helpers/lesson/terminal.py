"""Running the real ``docker`` CLI from a notebook cell, next to the SDK doing the same.

IPython's ``!docker ...`` would eat the braces of Go templates (``--format '{{.Names}}'``),
so cells call :func:`docker` with the command exactly as a learner types it in a terminal.
"""

import shlex
import shutil
import subprocess

CLI_TIMEOUT = 10
"""Seconds one CLI command may take."""


def available():
    """Tell whether a ``docker`` CLI is on ``PATH``."""
    return shutil.which("docker") is not None


def docker(arguments, timeout=CLI_TIMEOUT):
    """Run ``docker ARGUMENTS`` and print the command, its output and its errors like a terminal.

    Where the CLI is not installed, say so (in Indonesian) instead of failing.

    Args:
        arguments: The command line after ``docker``, e.g. ``"ps -a --format '{{.Names}}'"``.
        timeout: Seconds to wait for the CLI.
    """
    lines = [f"$ docker {arguments}"]
    if not available():
        lines.append("(docker CLI tidak terpasang di sini, jadi perintah ini hanya dicetak: "
                     "ketik perintah itu di terminal yang terhubung ke engine yang sama.)")
    else:
        try:
            result = subprocess.run(["docker", *shlex.split(arguments)], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            lines.append(f"(docker CLI tidak selesai dalam {timeout} detik; periksa engine dengan `python -m helpers doctor`.)")
        else:
            lines += [text.rstrip() for text in (result.stdout, result.stderr) if text.strip()]
            if result.returncode:
                lines.append(f"(kode keluar {result.returncode})")
    print("\n".join(lines))
