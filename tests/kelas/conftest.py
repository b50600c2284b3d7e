"""A real class of three students, built by `python -m helpers kelas up` and removed at the end.

Names are unique per run (class ``kt????``, students ``kt????a`` ...), so the test never meets a
real class on the same server, and everything is removed by exact name.
"""

import os
import pwd
from pathlib import Path

import pytest
from kelas_support import UP_TIMEOUT, Kelas, exists, host_snapshot


@pytest.fixture(scope="module")
def kelas(tmp_path_factory):
    if os.geteuid() != 0 or not Path("/sys/fs/cgroup/memory/cgroup.procs").exists():
        pytest.skip("kelas butuh root dan cgroup v1 (akun Linux, cgroup dan network namespace per siswa)")
    made = Kelas(tmp_path_factory.mktemp("kelas"))
    made.before = host_snapshot()
    done = made.cli("up", "--roster", str(made.roster), timeout=UP_TIMEOUT)
    assert done.returncode == 0, done.stdout + done.stderr
    made.up_output = done.stdout
    made.uids = {name: pwd.getpwnam(name).pw_uid for name in made.students}
    yield made
    if any(exists(name) for name in made.students) or Path(f"/var/lib/kursus-{made.name}").exists():
        made.cli("remove", "--yes", timeout=600)
