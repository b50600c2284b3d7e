"""The students' Linux accounts, and the record of exactly which accounts the class created.

An account belongs to the class only if the record names it *and* its comment field carries the
class's mark: a pre-existing account is never changed, and a name taken by one is refused.
Accounts get their own group, a home of mode 0700, subordinate UID/GID ranges for the rootless
engine, a locked password and no login shell: the hub's spawner is the only way in.
"""

import grp
import json
import os
import pwd
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .settings import KelasError

NOLOGIN = "/usr/sbin/nologin"
SUBID_COUNT = 65536
COMMAND_TIMEOUT = 60


@dataclass(frozen=True)
class Student:
    """A student of the class, as the record and ``/etc/passwd`` know them."""

    username: str
    nama: str
    uid: int
    gid: int
    index: int

    @property
    def home(self):
        return Path(pwd.getpwuid(self.uid).pw_dir)

    @property
    def runtime_dir(self):
        return Path(f"/run/user/{self.uid}")


def mark(settings):
    return f"Kursus Docker [{settings.name}]"


def _record_file(settings):
    return settings.state_dir / "accounts.json"


def load_record(settings):
    """The record of the class's accounts: ``{username: {...}}`` (empty when there is none)."""
    try:
        return json.loads(_record_file(settings).read_text()).get("students", {})
    except (OSError, ValueError):
        return {}


def _save_record(settings, record):
    path = _record_file(settings)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"students": record}, indent=1, sort_keys=True))
    os.chmod(temporary, 0o600)
    temporary.replace(path)


def is_course_account(settings, username, record=None):
    """Whether ``username`` is an account this class created (the record and the mark agree)."""
    record = load_record(settings) if record is None else record
    try:
        entry = pwd.getpwnam(username)
    except KeyError:
        return False
    known = record.get(username)
    return bool(known) and known["uid"] == entry.pw_uid and entry.pw_gecos.startswith(mark(settings))


def students(settings):
    """Every student of the class whose account still exists, in the order they were added."""
    record = load_record(settings)
    found = [Student(name, info["nama"], info["uid"], info["gid"], info["index"])
             for name, info in record.items() if is_course_account(settings, name, record)]
    return sorted(found, key=lambda student: student.index)


def find(settings, username):
    """Return the student ``username``.

    Raises:
        KelasError: When the class has no such student.
    """
    for student in students(settings):
        if student.username == username:
            return student
    raise KelasError(f"{username!r} bukan siswa kelas ini. Lihat daftar siswa dengan `python -m helpers kelas status`.")


def _exists(username):
    for lookup in (pwd.getpwnam, grp.getgrnam):
        try:
            lookup(username)
            return True
        except KeyError:
            pass
    return False


def check_free(settings, entries):
    """Refuse roster names that belong to an account or group the class did not create.

    Raises:
        KelasError: Naming the first such line.
    """
    record = load_record(settings)
    for entry in entries:
        if _exists(entry.username) and not is_course_account(settings, entry.username, record):
            raise KelasError(f"Baris {entry.line}: akun atau grup {entry.username!r} sudah ada di server ini dan bukan akun kelas; "
                             "akun itu tidak akan diubah. Ganti username di roster.")


def _run(command):
    done = subprocess.run(command, capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
    if done.returncode != 0:
        raise KelasError(f"`{' '.join(command)}` gagal: {(done.stderr or done.stdout).strip()[:200]}")


def _has_subids(path, username):
    try:
        return any(line.split(":", 1)[0] == username for line in Path(path).read_text().splitlines())
    except OSError:
        return False


def _next_subid_start():
    highest = 100000
    for path in ("/etc/subuid", "/etc/subgid"):
        try:
            for line in Path(path).read_text().splitlines():
                parts = line.split(":")
                if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
                    highest = max(highest, int(parts[1]) + int(parts[2]))
        except OSError:
            pass
    return highest


def create(settings, entries, say=lambda message: None):
    """Create the accounts of ``entries`` that do not exist yet; leave the others as they are.

    Similar to ``useradd --create-home --user-group --shell /usr/sbin/nologin NAME``.

    Returns:
        The class's students, in order.
    """
    check_free(settings, entries)
    record = load_record(settings)
    next_index = max((info["index"] for info in record.values()), default=0) + 1
    for entry in entries:
        if is_course_account(settings, entry.username, record):
            continue
        say(f"Membuat akun {entry.username} ({entry.nama}) ...")
        _run(["useradd", "--create-home", "--user-group", "--shell", NOLOGIN,
              "--comment", f"{mark(settings)} {entry.nama}", entry.username])
        _run(["usermod", "--lock", entry.username])
        if not (_has_subids("/etc/subuid", entry.username) and _has_subids("/etc/subgid", entry.username)):
            start = _next_subid_start()
            span = f"{start}-{start + SUBID_COUNT - 1}"
            _run(["usermod", "--add-subuids", span, "--add-subgids", span, entry.username])
        account = pwd.getpwnam(entry.username)
        record[entry.username] = {"nama": entry.nama, "uid": account.pw_uid, "gid": account.pw_gid, "index": next_index}
        next_index += 1
        _save_record(settings, record)
    for student in students(settings):
        os.chmod(student.home, 0o700)
    return students(settings)


def remove(settings, student):
    """Delete one course account with its home and group. Similar to ``userdel --remove NAME``."""
    if not is_course_account(settings, student.username):
        raise KelasError(f"{student.username!r} bukan akun kelas ini; tidak dihapus.")
    _run(["userdel", "--remove", student.username])
    record = load_record(settings)
    record.pop(student.username, None)
    _save_record(settings, record)


def forget_all(settings):
    """Drop the record itself once every account in it is gone."""
    _record_file(settings).unlink(missing_ok=True)
