"""Starting a process as a student, inside their cgroups and their network namespace.

Root forks; the child joins the student's cgroups and namespace, drops to the student's
UID, GID and own group, and only then runs the program. Whatever the student's program does
afterwards, it cannot leave those limits or gain a privilege.
"""

import ctypes
import os
import subprocess

from . import cgroups, netns

CLONE_NEWNET = 0x40000000
PROBE_TIMEOUT = 120
NICENESS = 10
"""Students' processes run a little behind the hub and the proxy, which must answer everyone."""
_libc = ctypes.CDLL(None, use_errno=True)


def environment(settings, student):
    """The environment of every process the class starts for ``student``."""
    runtime = student.runtime_dir
    return {
        "HOME": str(student.home),
        "USER": student.username,
        "LOGNAME": student.username,
        "SHELL": "/bin/bash",
        "LANG": "C.UTF-8",
        "PATH": f"{settings.student_bin()}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
        "XDG_RUNTIME_DIR": str(runtime),
        "JUPYTER_RUNTIME_DIR": str(runtime / "jupyter"),
        "DOCKER_HOST": f"unix://{runtime}/docker.sock",
        "TMPDIR": str(student.home / ".cache" / "tmp"),  # private: nothing of a student lands in the shared /tmp
    }


def preexec(settings, student):
    """Return a ``preexec_fn`` that confines the child process to ``student``.

    Everything it needs is looked up before the fork; in the child it only writes its PID,
    calls ``setns`` and drops its privileges.
    """
    procs = [str(path) for path in cgroups.procs_files(settings, student.username)]
    namespace = str(netns.path(settings, student))
    uid, gid, home = student.uid, student.gid, str(student.home)
    setns = _libc.setns

    def confine():
        me = str(os.getpid())
        for path in procs:
            with open(path, "w") as handle:
                handle.write(me)
        handle = os.open(namespace, os.O_RDONLY)
        if setns(handle, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns")
        os.close(handle)
        os.nice(NICENESS)
        os.setgroups([gid])
        os.setgid(gid)
        os.setuid(uid)
        os.chdir(home)

    return confine


def run(settings, student, args, timeout=PROBE_TIMEOUT):
    """Run ``python -I -m helpers.kelas.probe ARGS`` as the student and return its completed process.

    ``-I`` keeps the student's own ``PYTHON*`` variables and user site-packages out.
    """
    return subprocess.run([str(settings.student_bin() / "python"), "-I", "-m", "helpers.kelas.probe", *args],
                          preexec_fn=preexec(settings, student), env=environment(settings, student),
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def prepare(settings, student):
    """Make everything a confined process of ``student`` needs (as root, idempotent).

    ``/dev/net/tun`` 0666 (what udev would set; slirp4netns needs it), the runtime folder
    ``/run/user/UID`` (0700, the student's), the cgroups with their limits, the network
    namespace and its link, and the home at 0700.
    """
    os.chmod("/dev/net/tun", 0o666)
    runtime = student.runtime_dir
    try:
        info = os.lstat(runtime)
        if not (os.path.isdir(runtime) and not os.path.islink(runtime) and info.st_uid == student.uid):
            raise FileNotFoundError(runtime)
    except FileNotFoundError:
        if os.path.islink(runtime) or os.path.isfile(runtime):
            os.unlink(runtime)
        os.makedirs(runtime, mode=0o700, exist_ok=True)
        os.chown(runtime, student.uid, student.gid)
    os.chmod(runtime, 0o700)
    cgroups.ensure(settings, student.username)
    netns.ensure_hub_link(settings)
    netns.ensure(settings, student)
    os.chmod(student.home, 0o700)
