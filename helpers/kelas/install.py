"""Installing what the class needs and is missing: Debian packages and the Python ``kelas`` extra."""

import importlib.util
import os
import shutil
import subprocess

from .settings import REPO, VENV_BIN, KelasError, rootless_script

INSTALL_TIMEOUT = 1200


def ensure_system(say):
    """Install the missing Debian packages (rootlesskit, slirp4netns, uidmap, ...) through the course's script."""
    done = subprocess.run(["bash", str(REPO / "scripts" / "system-packages.sh"), "--kelas"], timeout=INSTALL_TIMEOUT,
                          capture_output=True, text=True)
    for line in done.stdout.splitlines():
        say(line.lstrip("• "))
    if done.returncode != 0:
        raise KelasError(f"Paket sistem tidak bisa dipasang: {(done.stderr or done.stdout).strip()[-200:]}")
    if rootless_script() is None:
        raise KelasError("dockerd-rootless.sh tidak ditemukan: pasang paket docker.io (Debian/Ubuntu), lalu ulangi.")


def ensure_python(say):
    """Install the ``kelas`` extra (JupyterHub 6, FirstUseAuthenticator) into the course's venv if missing."""
    if all(importlib.util.find_spec(name) for name in ("jupyterhub", "firstuseauthenticator")):
        return
    say("Memasang JupyterHub dan FirstUseAuthenticator ke venv kursus ...")
    done = subprocess.run([str(VENV_BIN / "python"), "-m", "pip", "install", "-q", "-e", f"{REPO}[kelas]"],
                          timeout=INSTALL_TIMEOUT, capture_output=True, text=True)
    if done.returncode != 0:
        raise KelasError(f"JupyterHub tidak bisa dipasang: {done.stderr.strip()[-200:]}")
    importlib.invalidate_caches()


STUDENT_IMPORTS = "import docker, helpers, jupyterhub, jupyterlab, ipykernel"


def _unused_id():
    import grp
    import pwd

    used = {entry.pw_uid for entry in pwd.getpwall()} | {entry.gr_gid for entry in grp.getgrall()}
    return next(number for number in range(59999, 1000, -1) if number not in used)


def _usable_by_others(python):
    """Whether an account without any group (an unused UID) can run ``python`` with the course.

    The child drops to that UID the way the spawner does (``setgroups``, ``setgid``, ``setuid``
    in the child, then ``execve``).
    """
    other = _unused_id()

    def drop():
        os.setgroups([other])
        os.setgid(other)
        os.setuid(other)

    try:
        return subprocess.run([str(python), "-I", "-c", STUDENT_IMPORTS], preexec_fn=drop, capture_output=True,
                              timeout=120, cwd="/", env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def ensure_student_python(settings, say):
    """Make sure the students can run the course's Python; else build them a venv of their own.

    The course's venv may stand on an interpreter under ``/root`` (pyenv, conda), which other
    accounts cannot run. Then a venv from the system's ``python3`` is made in the class's shared
    folder, with the course installed into it (editable, from this checkout).
    """
    venv = settings.student_venv
    if (venv / "bin" / "python").exists() and _usable_by_others(venv / "bin" / "python"):
        return
    if _usable_by_others(VENV_BIN / "python"):
        return
    base = shutil.which("python3", path="/usr/bin:/bin:/usr/local/bin")
    if base is None:
        raise KelasError("Tidak ada python3 sistem yang bisa dijalankan siswa: pasang paket python3 dan python3-venv.")
    say(f"Venv kursus tidak bisa dipakai akun lain; membuat venv siswa di {venv} ...")
    shutil.rmtree(venv, ignore_errors=True)
    settings.shared_dir.mkdir(parents=True, exist_ok=True)
    for command in ([base, "-m", "venv", str(venv)],
                    [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--upgrade", "pip"],
                    [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-e", f"{REPO}[kelas]"]):
        done = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
        if done.returncode != 0:
            raise KelasError(f"Venv siswa tidak bisa dibuat: {(done.stderr or done.stdout).strip()[-200:]}")
    subprocess.run(["chmod", "-R", "go+rX", str(venv)], check=True, timeout=INSTALL_TIMEOUT)
    if not _usable_by_others(venv / "bin" / "python"):
        raise KelasError(f"Venv siswa {venv} dibuat tetapi tidak bisa dijalankan akun lain; periksa izin foldernya.")
