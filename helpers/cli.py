"""``python -m helpers``: the course's command line, in Indonesian.

Exit codes: 0 when all is well, 1 when something is wrong (an engine that cannot be
reached included), 2 for bad usage (an unknown command, lab or task).
"""

import argparse
import os
import re
import shutil
import sys

from . import engine, labs
from .engine.errors import KursusError
from .engine.paths import data_dir
from .kelas import cli as kelas_cli
from .labs import progress as lab_progress
from .objects import registry
from .objects.cleanup import cleanup
from .setup import baseimages, provision, registry_server

MIN_FREE_GB = float(os.environ.get("KURSUS_MIN_FREE_GB", 2))
"""Free disk space below which ``doctor`` warns (a build or a pull may fail for lack of room)."""


_USAGE_ERRORS = (
    (re.compile(r"argument \S+: invalid choice: '([^']*)'"), "Perintah `{0}` tidak dikenal."),
    (re.compile(r"the following arguments are required: (.+)"), "Belum lengkap: {0} harus diisi."),
    (re.compile(r"unrecognized arguments: (.+)"), "Argumen tidak dikenal: {0}."),
    (re.compile(r"argument (\S+): invalid int value: '([^']*)'"), "{0} harus berupa angka, bukan `{1}`."),
    (re.compile(r"argument (\S+): expected one argument"), "{0} membutuhkan satu nilai."),
)
"""argparse's English usage errors and their Indonesian wording."""


def usage_error(message):
    """argparse's ``message`` in Indonesian (one short sentence)."""
    for pattern, text in _USAGE_ERRORS:
        found = pattern.search(message)
        if found:
            return text.format(*found.groups())
    return "Perintah tidak dikenal atau tidak lengkap."


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        sys.stderr.write(f"{usage_error(message)}\nLihat `{self.prog} --help`.\n")
        sys.exit(2)

    def exit(self, status=0, message=None):
        if message:
            sys.stderr.write(message)
        sys.exit(2 if status else 0)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "Pemakaian: " if prefix is None else prefix)


def _new_parser(**kwargs):
    parser = _Parser(formatter_class=_Formatter, add_help=False, **kwargs)
    parser._positionals.title, parser._optionals.title = "argumen", "opsi"
    parser.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")
    return parser


def _line(ok, text):
    print(f"{'✅' if ok else '❌'} {text}")
    return ok


def doctor(args):
    """Report the engine, base images, registry and disk space. Similar to ``docker info``."""
    try:
        client = engine.connect()
    except KursusError as exc:
        _line(False, str(exc))
        return 1
    info = client.info()
    version = client.version()
    rootless = engine.is_rootless(info)
    good = _line(True, f"Docker engine {version['Version']} (API {version['ApiVersion']}), storage {info['Driver']}"
                 + (", mode rootless" if rootless else ""))
    for name in baseimages.BASE_IMAGES:
        image = baseimages.base_image(name)
        good &= _line(image is not None, f"Image {name}: " + (
            f"ada ({image.attrs['Size'] / 1e6:.0f} MB)" if image else "belum ada, jalankan `python -m helpers prepare`"))
    where = registry.address()
    good &= _line(where is not None, f"Registry kursus: {'berjalan di ' + where if where else 'tidak berjalan, jalankan `python -m helpers prepare`'}")
    free_gb = shutil.disk_usage(data_dir()).free / 1e9
    good &= _line(free_gb >= MIN_FREE_GB, f"Ruang disk kosong: {free_gb:.1f} GB"
                  + ("" if free_gb >= MIN_FREE_GB else f" (kurang dari {MIN_FREE_GB} GB: hapus image yang tidak dipakai)"))
    print("Semua siap: buka kursus dengan `make lab`." if good else "Perbaiki yang bertanda ❌, lalu jalankan `python -m helpers doctor` lagi.")
    return 0 if good else 1


def prepare(args):
    """Start the engine if needed, then make the base images and the registry."""
    say = lambda message: print(f"• {message}", flush=True)
    provision.ensure_engine(say)
    baseimages.ensure_base_images(say)
    registry_server.ensure_registry(say)
    print("Persiapan selesai.")
    return 0


def clean(args):
    """Remove what the course created, selected by the course label only."""
    removed = cleanup(owner=args.owner)
    if args.all:
        removed["images"] += baseimages.remove_base_images(removed["kept"])
        registry_server.remove_registry_data()
    print("Dihapus: {containers} container, {images} image, {volumes} volume, {networks} network, "
          "{build_cache} catatan build cache.".format(**removed))
    for line in removed["kept"]:
        print(line)
    return 0


def check(args):
    """Check a lab's tasks against the engine's state, like the check cells of the lab."""
    results = labs.evaluate(args.lab, args.task)
    for result in results:
        print(result.line())
    passed = sum(result.ok for result in results)
    print(f"{passed} dari {len(results)} tugas selesai.")
    return 0 if passed == len(results) else 1


def progress(args):
    """Show the progress over every lab as a table, and save it as a chart if asked."""
    rows = lab_progress.collect()
    print(lab_progress.table(rows))
    if args.simpan:
        from .widgets.plots import progress_figure  # matplotlib only when a chart is asked for

        progress_figure(rows).savefig(args.simpan, dpi=100)
        print(f"Grafik disimpan di {args.simpan}.")
    return 0


def _parser():
    parser = _new_parser(prog="python -m helpers", description="Alat bantu Kursus Docker.")
    commands = parser.add_subparsers(title="perintah", dest="command", required=True, metavar="PERINTAH",
                                     parser_class=lambda **kwargs: _new_parser(**kwargs))
    commands.add_parser("doctor", help="periksa engine, image dasar, registry, dan ruang disk").set_defaults(run=doctor)
    commands.add_parser("prepare", help="siapkan engine, image dasar, dan registry lokal").set_defaults(run=prepare)
    cleaning = commands.add_parser("cleanup", help="hapus semua yang dibuat kursus (hanya yang berlabel kursus)")
    cleaning.add_argument("--owner", help="hanya milik notebook atau lab ini, misalnya 05-container")
    cleaning.add_argument("--all", action="store_true", help="termasuk image dasar dan isi registry")
    cleaning.set_defaults(run=clean)
    checking = commands.add_parser("check", help="periksa tugas sebuah lab pada keadaan engine")
    checking.add_argument("lab", metavar="LAB", help="id lab, misalnya lab-01-container-pertama")
    checking.add_argument("task", metavar="TUGAS", nargs="?", type=int, help="nomor tugas (tanpa ini: semua tugas)")
    checking.set_defaults(run=check)
    showing = commands.add_parser("progress", help="tampilkan kemajuan di semua lab")
    showing.add_argument("--simpan", metavar="BERKAS", help="simpan juga grafiknya, misalnya kemajuan.png")
    showing.set_defaults(run=progress)
    kelas_cli.add_parser(commands)
    return parser


def main(argv=None):
    """Run the command line and return its exit code."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except labs.UnknownLabError as exc:
        print(f"❌ {exc}", file=sys.stderr)
        return 2
    except KursusError as exc:
        print(f"❌ {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Dihentikan.", file=sys.stderr)
        return 1
