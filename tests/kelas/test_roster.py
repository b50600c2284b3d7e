"""The roster's checks: every bad line is named by its number, and nothing is accepted half-way."""

import pytest

from helpers.kelas.roster import parse
from helpers.kelas.settings import KelasError


def test_a_good_roster_keeps_order_and_line_numbers():
    entries = parse("username,nama\nsiti,Siti  Rahmawati\n\nbudi,Budi Santoso\n")
    assert [(e.username, e.nama, e.line) for e in entries] == [("siti", "Siti Rahmawati", 2), ("budi", "Budi Santoso", 4)]


@pytest.mark.parametrize("text, line", [
    ("user,name\nsiti,Siti\n", 1),
    ("username,nama\nsiti,Siti\nBudi,Budi\n", 3),
    ("username,nama\nsiti,Siti\nsiti,Siti Lagi\n", 3),
    ("username,nama\nroot,Akar\n", 2),
    ("username,nama\nguru,Guru\n", 2),
    ("username,nama\nsiti,Siti,extra\n", 2),
    ("username,nama\nsiti,\n", 2),
    ("username,nama\nsiti,Siti: admin\n", 2),
    ("username,nama\n" + "a" * 32 + ",Panjang\n", 2),
])
def test_a_bad_line_is_named(text, line):
    with pytest.raises(KelasError, match=f"baris {line}:"):
        parse(text, teacher="guru")


def test_an_empty_or_oversized_roster_is_refused():
    with pytest.raises(KelasError, match="tidak ada siswa"):
        parse("username,nama\n")
    with pytest.raises(KelasError, match="lebih dari batas"):
        parse("username,nama\na,A\nb,B\n", limit=1)
