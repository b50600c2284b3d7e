"""Maintain the course notebooks: re-execute them with saved outputs, and regenerate navigation.

Usage:
    python scripts/notebooks.py execute [NOTEBOOK ...]   # default: every notebook in notebooks/
    python scripts/notebooks.py navigate [--check]       # previous / contents / next cells
"""

import argparse
import re
import sys
import time
from pathlib import Path

import nbformat

from helpers.lesson import execution

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAV_MARKER = "<!-- navigasi -->"
CELL_TIMEOUT = 120


def course_notebooks():
    """The course's notebooks in reading order (file names start with their number)."""
    return sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def title(path):
    """The first heading of a notebook, without its ``#`` marks."""
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.M)
            if match:
                return match[1].strip()
    return path.stem


def _nav_text(paths, index):
    parts = []
    if index > 0:
        parts.append(f"[← {title(paths[index - 1])}]({paths[index - 1].name})")
    parts.append("[Daftar isi](README.md)")
    if index + 1 < len(paths):
        parts.append(f"[{title(paths[index + 1])} →]({paths[index + 1].name})")
    return f"{NAV_MARKER}\n" + " | ".join(parts)


def _with_navigation(nb, text):
    cells = [c for c in nb.cells if not (c.cell_type == "markdown" and c.source.startswith(NAV_MARKER))]
    top, bottom = nbformat.v4.new_markdown_cell(text), nbformat.v4.new_markdown_cell(text)
    top.id, bottom.id = "navigasi-atas", "navigasi-bawah"
    nb.cells = [top, *cells, bottom]
    return nb


def navigate(check=False):
    """Insert (or check) the navigation cells at the top and bottom of every notebook."""
    paths = course_notebooks()
    stale = []
    for index, path in enumerate(paths):
        before = path.read_text()
        nb = _with_navigation(nbformat.read(path, as_version=4), _nav_text(paths, index))
        after = nbformat.writes(nb) + "\n"
        if after != before:
            stale.append(path.name)
            if not check:
                path.write_text(after)
    if check and stale:
        print("Navigasi usang di: " + ", ".join(stale) + ". Jalankan `python scripts/notebooks.py navigate`.")
        return 1
    return 0


def execute(paths):
    """Run each notebook top to bottom in this environment and save it with its outputs."""
    for path in paths or course_notebooks():
        path = Path(path).resolve()
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        execution.execute(nb, path.parent, CELL_TIMEOUT)
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
        path.write_text(nbformat.writes(nb) + "\n")
        print(f"{path.relative_to(ROOT)}: {time.perf_counter() - start:.1f} s")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("execute")
    run.add_argument("paths", nargs="*")
    nav = commands.add_parser("navigate")
    nav.add_argument("--check", action="store_true")
    args = parser.parse_args()
    return execute(args.paths) if args.command == "execute" else navigate(args.check)


if __name__ == "__main__":
    sys.exit(main())
