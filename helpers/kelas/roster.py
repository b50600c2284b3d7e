"""Reading the roster: a CSV with header ``username,nama``, one student per line.

Every line is checked before anything is created; a bad line is reported with its number.
"""

import csv
import re
from dataclasses import dataclass

from .settings import KelasError

HEADER = ["username", "nama"]
USERNAME = re.compile(r"[a-z][a-z0-9_-]{0,30}")
RESERVED = {"root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy",
            "www-data", "backup", "list", "irc", "nobody", "docker", "admin", "sudo", "staff", "users"}


@dataclass(frozen=True)
class Entry:
    """One student of the roster."""

    username: str
    nama: str
    line: int


def parse(text, source="roster", teacher=None, limit=None):
    """Parse and check a roster.

    Args:
        text: The CSV's content.
        source: File name shown in messages.
        teacher: The hub admin's name, which no student may take.
        limit: Largest number of students allowed.

    Returns:
        A list of :class:`Entry`, in the roster's order.

    Raises:
        KelasError: Naming the first bad line and what is wrong with it.
    """
    rows = list(csv.reader(text.splitlines()))
    if not rows or [cell.strip().lower() for cell in rows[0]] != HEADER:
        raise KelasError(f"{source} baris 1: judul kolom harus tepat `username,nama`.")
    entries, seen = [], {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise KelasError(f"{source} baris {number}: harus tepat dua kolom (username,nama), ada {len(row)}.")
        username, nama = row[0].strip(), " ".join(row[1].split())
        if not USERNAME.fullmatch(username):
            raise KelasError(f"{source} baris {number}: username {username!r} tidak sah "
                             "(huruf kecil, angka, -, atau _, diawali huruf, paling panjang 31).")
        if username in RESERVED or username == teacher:
            raise KelasError(f"{source} baris {number}: username {username!r} sudah dipakai sistem atau guru; pilih nama lain.")
        if username in seen:
            raise KelasError(f"{source} baris {number}: username {username!r} sudah ada di baris {seen[username]}.")
        if not nama or len(nama) > 100 or any(ch in nama for ch in ":,\\") or not nama.isprintable():
            raise KelasError(f"{source} baris {number}: nama {nama!r} kosong, terlalu panjang, atau memuat : , \\.")
        seen[username] = number
        entries.append(Entry(username, nama, number))
    if not entries:
        raise KelasError(f"{source}: tidak ada siswa; tambahkan baris `username,nama` di bawah judul kolom.")
    if limit is not None and len(entries) > limit:
        raise KelasError(f"{source}: {len(entries)} siswa, lebih dari batas {limit} untuk satu kelas.")
    return entries


def read(path, teacher=None, limit=None):
    """Read and check the roster file at ``path``; see :func:`parse`."""
    try:
        text = open(path, encoding="utf-8-sig").read()
    except OSError as exc:
        raise KelasError(f"Roster {path} tidak bisa dibaca ({exc.strerror}).") from None
    except UnicodeDecodeError:
        raise KelasError(f"Roster {path} bukan teks UTF-8: simpan ulang sebagai CSV UTF-8.") from None
    return parse(text, str(path), teacher, limit)
