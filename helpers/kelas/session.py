"""What runs as the student when their server starts: ``python -I -m helpers.kelas.session ARGS``.

It is already inside the student's cgroups and network namespace (the spawner put it there).
It copies the course into the home the first time, starts the rootless engine, loads the base
images and the registry, then becomes ``jupyterhub-singleuser ARGS``. A failing step is
written to the hub's log and the server starts anyway, so the student can read the lesson.
"""

import os
import shutil
import sys
from pathlib import Path

from . import engine
from .settings import REPO, VENV_BIN

COPIED_MARK = ".kursus-disalin"
"""File in the home that says the course was copied once; the student's edits are theirs after that."""


def copy_course(home):
    """Copy the notebooks and the learner's labs (not the solutions) into ``home``, once."""
    mark = home / COPIED_MARK
    if mark.exists():
        return False
    shutil.copytree(REPO / "notebooks", home / "notebooks", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    labs = home / "labs"
    labs.mkdir(exist_ok=True)
    for path in sorted((REPO / "labs").iterdir()):
        if path.is_file():
            shutil.copy2(path, labs / path.name)
    mark.write_text("Kursus disalin ke sini sekali; hapus berkas ini untuk menyalin ulang yang belum ada.\n")
    return True


def _say(message):
    print(f"[kelas {os.environ.get('USER', '?')}] {message}", file=sys.stderr, flush=True)


def prepare(tar):
    """Everything before the server: course files, runtime folder, engine, base images, registry."""
    # umask 022 as for a single learner: the home (0700) keeps files private, and files copied into images
    # by a build keep the modes a container's own user needs to read them
    os.umask(0o022)
    home = Path(os.environ["HOME"])
    try:
        if copy_course(home):
            _say("kursus disalin ke home")
    except OSError as exc:
        _say(f"kursus tidak bisa disalin: {exc}")
    Path(os.environ["JUPYTER_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
    engine.ensure_private_tmp()
    try:
        seconds = engine.start()
        loaded = engine.load_base_images(tar)
        where = engine.start_registry()
        _say(f"engine siap ({seconds:.1f} detik), image dimuat: {', '.join(loaded) or 'tidak perlu'}, registry di {where}")
    except Exception as exc:  # the lesson still opens; status shows the engine as down
        _say(f"engine belum siap: {str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__}")


def main(argv):
    tar, args = argv[0], argv[1:]
    prepare(tar)
    server = str(VENV_BIN / "jupyterhub-singleuser")
    os.execv(server, [server, *args])


if __name__ == "__main__":
    main(sys.argv[1:])
