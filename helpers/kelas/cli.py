"""``python -m helpers kelas ...``: the teacher's commands, in Indonesian.

Exit codes: 0 when all is well, 1 when something is wrong, 2 for bad usage.
"""

import json
import sys

from ..engine.errors import KursusError
from . import classroom, hub
from . import settings as kelas_settings

DEFAULT_ROSTER = "kelas/roster.csv"


def _say(message):
    print(f"• {message}", flush=True)


def up(args, settings):
    students = classroom.up(settings, args.roster, _say)
    address = hub.url(settings)
    print(f"\nKelas siap: {len(students)} siswa. Alamat: {address}/hub/login (hanya dari server ini; lihat kelas/README.md untuk TLS).")
    print(f"Guru masuk pertama kali sebagai `{settings.teacher}` dan memilih kata sandinya sendiri (admin hub).")
    print("Setiap siswa masuk dengan username-nya sendiri; kata sandi yang diketik pada login pertama menjadi kata sandi akun itu.")
    return 0


def down(args, settings):
    classroom.down(settings, _say)
    return 0


def status(args, settings):
    from . import status as status_view

    rows = status_view.collect(settings)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif rows:
        print(status_view.table(rows))
        print(f"JupyterHub: {'berjalan di ' + hub.url(settings) if hub.hub_pid(settings) else 'tidak berjalan'}.")
    else:
        print("Belum ada siswa: jalankan `make kelas` terlebih dahulu.")
    return 0 if rows or args.json else 1


def progress(args, settings):
    from . import progress as progress_view

    rows = progress_view.collect(settings)
    if not rows:
        print("Belum ada siswa: jalankan `make kelas` terlebih dahulu.")
        return 1
    print(progress_view.table(rows))
    if args.csv:
        progress_view.write_csv(rows, args.csv)
        print(f"CSV untuk buku nilai disimpan di {args.csv}.")
    if args.simpan:
        progress_view.figure(rows).savefig(args.simpan, dpi=100)
        print(f"Grafik disimpan di {args.simpan}.")
    return 0 if all(row.reached for row in rows) else 1


def reset(args, settings):
    classroom.reset(settings, args.username, _say)
    return 0


def remove(args, settings):
    from . import accounts

    names = [student.username for student in accounts.students(settings)]
    if not names and not accounts.load_record(settings):
        print("Tidak ada akun kelas yang perlu dihapus.")
        classroom.remove(settings, _say)
        return 0
    if not args.yes:
        print(f"Akan dihapus: {len(names)} akun siswa ({', '.join(names[:5])}{' ...' if len(names) > 5 else ''}) "
              "beserta home, notebook, engine, dan datanya.")
        try:
            answer = input("Ketik `ya` untuk melanjutkan: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() != "ya":
            print("Dibatalkan; tidak ada yang dihapus.")
            return 1
    removed = classroom.remove(settings, _say)
    print(f"Selesai: {len(removed)} akun kelas dihapus; akun lain dan engine host tidak disentuh.")
    return 0


def add_parser(commands):
    """Add the ``kelas`` command with its subcommands to the course's parser ``commands``."""
    kelas = commands.add_parser("kelas", help="kelas di satu server: akun, JupyterHub, dan engine per siswa")
    sub = kelas.add_subparsers(title="perintah", dest="kelas_command", required=True, metavar="PERINTAH", parser_class=commands._parser_class)
    starting = sub.add_parser("up", help="buat akun dari roster dan nyalakan JupyterHub (dipakai `make kelas`)")
    starting.add_argument("--roster", default=DEFAULT_ROSTER, help=f"berkas CSV `username,nama` (bawaan {DEFAULT_ROSTER})")
    starting.set_defaults(kelas_run=up)
    sub.add_parser("down", help="hentikan JupyterHub, server, dan engine semua siswa").set_defaults(kelas_run=down)
    showing = sub.add_parser("status", help="server, engine, dan memori tiap siswa")
    showing.add_argument("--json", action="store_true", help="satu objek JSON per siswa")
    showing.set_defaults(kelas_run=status)
    following = sub.add_parser("progress", help="tabel siswa × lab dari engine masing-masing")
    following.add_argument("--csv", metavar="BERKAS", help="simpan juga sebagai CSV untuk buku nilai")
    following.add_argument("--simpan", metavar="PNG", help="simpan juga grafiknya")
    following.set_defaults(kelas_run=progress)
    resetting = sub.add_parser("reset", help="hentikan dan kosongkan engine seorang siswa (notebook tetap)")
    resetting.add_argument("username", metavar="USERNAME", help="username siswa dari roster")
    resetting.set_defaults(kelas_run=reset)
    removing = sub.add_parser("remove", help="hapus akun, home, cgroup, dan data engine yang dibuat kelas")
    removing.add_argument("--yes", action="store_true", help="tanpa pertanyaan konfirmasi")
    removing.set_defaults(kelas_run=remove)
    kelas.set_defaults(run=run)


def run(args):
    """Run the chosen ``kelas`` subcommand; Indonesian message and exit code 1 on failure."""
    try:
        return args.kelas_run(args, kelas_settings.load())
    except KursusError as exc:
        print(f"❌ {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"❌ Operasi sistem gagal: {exc.strerror or exc} ({getattr(exc, 'filename', '') or ''}).", file=sys.stderr)
        return 1
    except Exception as exc:  # a failed system command: one line, no traceback
        print(f"❌ Gagal: {str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__}", file=sys.stderr)
        return 1
