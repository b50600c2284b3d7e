"""The course's own code never does what it teaches learners to avoid (no daemon needed)."""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
RISKY = {
    "privileged mode": re.compile(r"--privileged|privileged\s*=\s*True"),
    "Docker socket mount": re.compile(r"docker\.sock['\"]?\s*:|docker\.sock:/"),
    "publish on every interface": re.compile(r"-p\s+0\.0\.0\.0:|ports\s*=\s*\{[^}]*0\.0\.0\.0"),
    "world-writable socket": re.compile(r"chmod\s+(0?666|a\+w|o\+w)"),
    "host namespaces": re.compile(r"(network|pid|ipc)_mode\s*=\s*['\"]host|--(net|network|pid|ipc)[= ]host"),
}


def _code_sources():
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        yield path.relative_to(ROOT), path.read_text()
    for path in sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("labs/**/*.ipynb")]):
        nb = nbformat.read(path, as_version=4)
        code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
        yield path.relative_to(ROOT), code


def test_scanner_catches_each_risk():
    samples = ["docker run --privileged x", "volumes={'/var/run/docker.sock:/var/run/docker.sock'}",
               "ports={'80/tcp': ('0.0.0.0', 8080)}", "chmod 666 /var/run/docker.sock", "network_mode='host'"]
    for (name, pattern), sample in zip(RISKY.items(), samples):
        assert pattern.search(sample), name


@pytest.mark.parametrize("name", RISKY)
def test_course_code_has_no_risky_docker_usage(name):
    found = [str(path) for path, code in _code_sources() if RISKY[name].search(code)]
    assert not found, f"{name} in {found}"
