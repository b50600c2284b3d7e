"""Run the course on the Docker engines learners have, each from its own Debian rootfs.

Usage:
    python scripts/engines.py test [ENGINE ...]      # the matrix; prints the table (default: every engine)
    python scripts/engines.py strict [PYTEST ARGS]   # strict nbval on the reference engine
    python scripts/engines.py execute [NOTEBOOK ...] # re-execute notebooks on the reference engine, saving outputs
    python scripts/engines.py shell ENGINE [COMMAND] # a command (default: a shell) inside one engine

Engines: bookworm, trixie, sid, sid-containerd-store, sid-separate-containerd. The host's engine
is only read (``docker save`` of the base images) and is checked unchanged at the end.
"""

import argparse
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import engine_sandbox as sandbox

ROOT = sandbox.ROOT
REFERENCE = "trixie"
"""The engine the committed notebook outputs come from (Debian 13's docker.io 26.1)."""
BASE_IMAGES = ("kursus/busybox", "kursus/python")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
NBVAL = ["--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "--nbval-cell-timeout", "120"]
SUITE_TIMEOUT = 1800
PREPARE_TIMEOUT = 300


@dataclass
class Count:
    """Passed and total test items of one part of a run."""

    passed: int = 0
    total: int = 0

    def __str__(self):
        return f"{self.passed}/{self.total}"

    @property
    def ok(self):
        return self.total > 0 and self.passed == self.total


def junit_counts(path, groups):
    """Count passed items per group in a pytest junit XML file.

    Args:
        path: The XML file.
        groups: ``{group: path prefix}``, e.g. ``{"notebooks": "notebooks/"}``; an item belongs to the
            first group whose prefix its file (or class name) starts with.

    Returns:
        ``{group: Count}``.
    """
    counts = {group: Count() for group in groups}
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        where = (case.get("file") or case.get("classname", "").replace(".", "/")).lstrip("./")
        if case.find("skipped") is not None:
            continue
        for group, prefix in groups.items():
            if where.startswith(prefix.rstrip("/")):
                counts[group].total += 1
                failed = case.find("failure") is not None or case.find("error") is not None
                counts[group].passed += not failed
                break
    return counts


def log_path(engine):
    """Where the last run's pytest output of ``engine`` is kept."""
    folder = sandbox.engines_dir() / "logs"
    folder.mkdir(exist_ok=True)
    return folder / f"{engine.name}.log"


def _pytest(box, args, xml, log, timeout=SUITE_TIMEOUT):
    with open(log, "w") as out:
        return sandbox.subprocess.run(
            box.command([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={xml}", *args]),
            env=box.environment(), stdout=out, stderr=sandbox.subprocess.STDOUT, timeout=timeout).returncode


def _prepare(box, archive):
    box.load_images(archive)
    box.run([PYTHON, "-m", "helpers", "prepare"], timeout=PREPARE_TIMEOUT)


@dataclass
class Row:
    """One line of the table."""

    engine: sandbox.Engine
    version: str = "-"
    notebooks: Count = None
    labs: Count = None
    integration: Count = None
    seconds: float = 0.0
    problem: str = ""

    @property
    def ok(self):
        return not self.problem and all(c is not None and c.ok for c in (self.notebooks, self.labs, self.integration))


def test_engine(engine, archive, work, strict=False):
    """Run the course on one engine: nbval over notebooks and solved labs, lab tests, integration tests."""
    row, start = Row(engine), time.monotonic()
    mode = "--nbval" if strict else "--nbval-lax"
    try:
        with sandbox.Sandbox(engine) as box:
            row.version = box.server_version()
            _prepare(box, archive)
            xml, log = work / f"{engine.name}.xml", log_path(engine)
            _pytest(box, [mode, *NBVAL, "notebooks", "labs/solusi", "tests/labs", "tests/integration"], xml, log)
            output = log.read_text()
            if not xml.exists():
                row.problem = output[-400:]
            else:
                counts = junit_counts(xml, {"notebooks": "notebooks/", "labs": "labs/", "labs-tests": "tests/labs",
                                            "integration": "tests/integration"})
                row.notebooks, row.integration = counts["notebooks"], counts["integration"]
                row.labs = Count(counts["labs"].passed + counts["labs-tests"].passed,
                                 counts["labs"].total + counts["labs-tests"].total)
                failures = [line for line in output.splitlines() if line.startswith(("FAILED", "ERROR"))]
                if failures:
                    row.problem = "; ".join(failures[:6])
    except Exception as exc:  # noqa: BLE001 - one engine failing must not hide the others' rows
        row.problem = f"{type(exc).__name__}: {exc}"[:400]
    row.seconds = time.monotonic() - start
    return row


def table(rows):
    """The matrix as a Markdown table."""
    lines = ["| Engine | Versi | nbval | Sel notebook lulus | Lab (sel + cek) lulus | Tes integrasi lulus | Waktu |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        cells = [f"{row.engine.name} ({row.engine.description})", row.version,
                 "ketat (acuan)" if row.engine.name == REFERENCE else "lax",
                 *(str(c) if c else "-" for c in (row.notebooks, row.labs, row.integration)),
                 f"{row.seconds / 60:.1f} menit"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _base_images(work):
    archive = work / "base-images.tar"
    print(f"• docker save {' '.join(BASE_IMAGES)} dari engine host ...", flush=True)
    return sandbox.save_base_images(BASE_IMAGES, archive)


def guarded(action):
    """Run ``action()`` and fail when the host's engine, its bridge or its firewall changed meanwhile."""
    before = sandbox.HostSnapshot.take()
    try:
        return action()
    finally:
        changed = before.differences(sandbox.HostSnapshot.take())
        if changed:
            print("✖ Engine host berubah selama pengujian:\n  " + "\n  ".join(changed), file=sys.stderr)
            sys.exit(3)
        print("✔ Engine host tidak tersentuh: docker0, PID dockerd, container, iptables sama seperti sebelumnya.")


def command_test(names):
    engines = [sandbox.ENGINES[name] for name in names] if names else list(sandbox.MATRIX)

    def matrix():
        with tempfile.TemporaryDirectory(prefix="kursus-engines-") as folder:
            work = Path(folder)
            for suite in dict.fromkeys(e.suite for e in engines):
                sandbox.build_rootfs(suite)
            archive = _base_images(work)
            rows = []
            for engine in engines:
                print(f"• {engine.name}: {engine.description} ...", flush=True)
                rows.append(test_engine(engine, archive, work, strict=engine.name == REFERENCE))
                row = rows[-1]
                print(f"  {'✔' if row.ok else '✖'} {row.version}, {row.seconds / 60:.1f} menit"
                      + (f"\n  {row.problem}" if row.problem else ""), flush=True)
                if row.problem:
                    print(f"  log: {log_path(engine)}")
            print(table(rows))
            return 0 if all(r.ok for r in rows) else 1

    return guarded(matrix)


def _on_reference(commands):
    def inside():
        with tempfile.TemporaryDirectory(prefix="kursus-engines-") as folder:
            archive = _base_images(Path(folder))
            with sandbox.Sandbox(sandbox.ENGINES[REFERENCE]) as box:
                print(f"• engine acuan {REFERENCE}: Docker {box.server_version()}", flush=True)
                _prepare(box, archive)
                for args in commands:
                    code = sandbox.subprocess.run(box.command(args), env=box.environment(),
                                                  timeout=SUITE_TIMEOUT).returncode
                    if code:
                        return code
            return 0

    return guarded(inside)


def command_strict(pytest_args):
    """Strict nbval on the reference engine, twice in a row (the second run meets the first one's leftovers)."""
    paths = pytest_args or ["notebooks", "labs/solusi"]
    run = [PYTHON, "-m", "pytest", "-p", "no:cacheprovider", "--nbval", *NBVAL, *paths]
    return _on_reference([run, run])


def command_execute(paths):
    return _on_reference([[PYTHON, "scripts/notebooks.py", "execute", *paths]])


def command_shell(name, args):
    def inside():
        with tempfile.TemporaryDirectory(prefix="kursus-engines-") as folder:
            archive = _base_images(Path(folder))
            with sandbox.Sandbox(sandbox.ENGINES[name]) as box:
                _prepare(box, archive)
                return sandbox.subprocess.run(box.command(args or ["bash"]), env=box.environment()).returncode

    return guarded(inside)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("test").add_argument("engines", nargs="*", metavar="ENGINE")
    commands.add_parser("strict").add_argument("pytest_args", nargs="*")
    commands.add_parser("execute").add_argument("paths", nargs="*")
    shell = commands.add_parser("shell")
    shell.add_argument("engine", choices=list(sandbox.ENGINES))
    shell.add_argument("args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.command == "test":
        unknown = [name for name in args.engines if name not in sandbox.ENGINES]
        if unknown:
            parser.error(f"engine tidak dikenal: {', '.join(unknown)} (pilihan: {', '.join(sandbox.ENGINES)})")
        return command_test(args.engines)
    if args.command == "strict":
        return command_strict(args.pytest_args)
    if args.command == "execute":
        return command_execute(args.paths)
    return command_shell(args.engine, args.args)


if __name__ == "__main__":
    sys.exit(main())
