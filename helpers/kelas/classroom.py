"""The teacher's actions on the whole class: ``up``, ``down``, ``reset`` and ``remove``."""

import json
import os
import shutil

from . import accounts, cgroups, confine, engine, hub, install, netns, roster
from .settings import KelasError

RESET_TIMEOUT = 300


def _require_root():
    if os.geteuid() != 0:
        raise KelasError("Perintah kelas ini harus dijalankan sebagai root (misalnya `sudo make kelas`).")


def up(settings, roster_path, say=print):
    """Create what is missing for the class and start the hub; harmless to run again.

    Everything is checked first (root, cgroup v1, roster, names, subnet); nothing is created
    when a check fails.

    Returns:
        The class's students.
    """
    _require_root()
    entries = roster.read(roster_path, teacher=settings.teacher, limit=settings.max_students)
    cgroups.check_v1()
    accounts.check_free(settings, entries)
    netns.check_subnet_free(settings)
    install.ensure_system(say)
    install.ensure_python(say)
    install.ensure_student_python(settings, say)
    hub.ensure_proxy(settings, say)
    hub.ensure_images_tar(settings, say)
    students = accounts.create(settings, entries, say)
    os.chmod("/dev/net/tun", 0o666)
    netns.ensure_hub_link(settings)
    if not hub.start(settings, say):
        for student in students:  # a student added to a running class: tell the hub
            hub.api(settings, "POST", f"/users/{student.username}")
        say("JupyterHub sudah berjalan; siswa baru ditambahkan.")
    return students


def down(settings, say=print):
    """Stop the hub, every student's server and engine; remove the namespaces and links."""
    _require_root()
    if hub.stop(settings):
        say("JupyterHub dihentikan.")
    stopped = 0
    for student in accounts.students(settings):
        stopped += cgroups.stop_all(settings, student.username) > 0
        netns.remove(settings, student)
    netns.remove_hub_link(settings)
    say(f"Server dan engine siswa dihentikan ({stopped} siswa masih memiliki proses).")


def _probe(settings, student, what, *args, timeout=RESET_TIMEOUT):
    done = confine.run(settings, student, [what, *args], timeout=timeout)
    try:
        answer = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        answer = {"error": (done.stderr or "tanpa keluaran").strip()[-200:]}
    if "error" in answer:
        raise KelasError(f"{student.username}: {answer['error']}")
    return answer


def reset(settings, username, say=print):
    """Stop a student's engine, wipe its data (images, containers, volumes, registry), keep their files.

    If their server is running, a fresh engine with the base images is started for them.
    """
    _require_root()
    student = accounts.find(settings, username)
    running = engine.server_running(settings, username)
    stopped = cgroups.stop_all(settings, username, only=engine.engine_pids(settings, username))
    confine.prepare(settings, student)
    _probe(settings, student, "wipe")
    say(f"Engine {username} dihentikan ({stopped} proses) dan datanya dihapus; notebook tetap ada.")
    if running:
        answer = _probe(settings, student, "engine-start", str(settings.images_tar))
        say(f"Engine baru {username} menyala dalam {answer['seconds']} detik, image dasar dimuat.")


SHARED_TEMPORARY = ("/tmp", "/var/tmp", "/dev/shm")


def _remove_temporary_files(uid):
    """Delete what the student's processes left in the shared temporary folders (owner checked, links not followed)."""
    for folder in SHARED_TEMPORARY:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid != uid:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
            except OSError:
                pass


def remove(settings, say=print):
    """Remove the accounts, homes, cgroups, namespaces, engine data and files the class created.

    Returns:
        The usernames removed.
    """
    _require_root()
    students = accounts.students(settings)
    hub.stop(settings)
    for student in students:
        cgroups.stop_all(settings, student.username, timeout=5)
        cgroups.remove(settings, student.username)
        netns.remove(settings, student)
        shutil.rmtree(student.runtime_dir, ignore_errors=True)
        _remove_temporary_files(student.uid)
        accounts.remove(settings, student)
        say(f"Akun {student.username} beserta home dan engine-nya dihapus.")
    left = accounts.load_record(settings)
    if left:
        raise KelasError(f"Masih tercatat tetapi bukan akun kelas lagi: {', '.join(sorted(left))}; periksa manual.")
    accounts.forget_all(settings)
    cgroups.remove_parents(settings)
    netns.remove_hub_link(settings)
    shutil.rmtree(settings.shared_dir, ignore_errors=True)
    shutil.rmtree(settings.state_dir, ignore_errors=True)
    return [student.username for student in students]
