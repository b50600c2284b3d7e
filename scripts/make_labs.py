"""Generate the learners' copies of the labs from the instructors' sources, with nbgrader's own preprocessors.

Usage:
    python scripts/make_labs.py           # write labs/<lab-id>.ipynb from labs/solusi/<lab-id>.ipynb
    python scripts/make_labs.py --check   # exit 1 when a committed learner copy differs from a fresh one
"""

import argparse
import sys
from pathlib import Path

import nbformat
from nbgrader.preprocessors import ClearHiddenTests, ClearOutput, ClearSolutions

ROOT = Path(__file__).resolve().parents[1]
LABS = ROOT / "labs"
SOURCES = LABS / "solusi"
CODE_STUB = {"python": '# TULIS JAWABAN ANDA DI SINI\nraise NotImplementedError("Tugas ini belum dikerjakan.")'}
STUB_TAG = "raises-exception"
"""nbval and nbclient tag: the stub raises until the learner writes an answer."""


def _tag_stubs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            tags = cell.metadata.setdefault("tags", [])
            if STUB_TAG not in tags:
                tags.append(STUB_TAG)
    return nb


def learner_copy(source):
    """Return the learner's copy of one lab source as notebook text."""
    nb = nbformat.read(source, as_version=4)
    resources = {}
    for preprocessor in (ClearSolutions(code_stub=CODE_STUB), ClearHiddenTests(), ClearOutput()):
        nb, resources = preprocessor.preprocess(nb, resources)
    return nbformat.writes(_tag_stubs(nb)) + "\n"


def lab_sources():
    """The instructors' sources, one per lab, in order."""
    return sorted(SOURCES.glob("lab-*.ipynb"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    args = parser.parse_args()
    stale = []
    for source in lab_sources():
        target = LABS / source.name
        text = learner_copy(source)
        if not target.exists() or target.read_text() != text:
            stale.append(target.name)
            if not args.check:
                target.write_text(text)
    if args.check and stale:
        print("Salinan peserta usang: " + ", ".join(stale) + ". Jalankan `python scripts/make_labs.py`.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
