"""The project's own files agree with each other (no daemon needed)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
CONDA_NAMES = {"docker": "docker-py"}


def _name(requirement):
    return re.split(r"[<>=!~ \[]", requirement, maxsplit=1)[0].lower()


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = [r for r in project["dependencies"] + extras["test"] + extras["instructor"]
              if not r.startswith((project["name"], "tomli"))]
    wanted = {CONDA_NAMES.get(_name(r), _name(r)): r for r in wanted}
    listed = re.findall(r"^  - ([a-z][\w-]*)([<>=].*)?$", (ROOT / "environment.yml").read_text().split("dependencies:")[1], re.M)
    listed = {name: spec for name, spec in listed if name not in ("python", "pip")}
    assert set(listed) == set(wanted)
    for name, spec in listed.items():
        assert wanted[name].endswith(spec), f"{name}: {spec} vs {wanted[name]}"


def _cli(*args, **env):
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", **env}, timeout=60)


def test_doctor_without_engine_is_short_indonesian_and_fails():
    result = _cli("doctor", DOCKER_HOST="unix:///tmp/none.sock")
    assert result.returncode == 1
    assert "tidak ditemukan" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert len((result.stdout + result.stderr).strip().splitlines()) <= 3


@pytest.mark.parametrize("args, expected", [
    (["terbang"], "Perintah `terbang` tidak dikenal."),
    (["check"], "Belum lengkap: LAB harus diisi."),
    (["check", "lab-01-container-pertama", "satu"], "TUGAS harus berupa angka, bukan `satu`."),
    (["cleanup", "--owner"], "--owner membutuhkan satu nilai."),
    (["progress", "--lama"], "Argumen tidak dikenal: --lama."),
])
def test_cli_bad_usage_exits_2_in_indonesian(args, expected):
    result = _cli(*args)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == expected
    assert "Traceback" not in result.stderr and "argument" not in result.stderr


def test_notebook_navigation_is_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "notebooks.py"), "navigate", "--check"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout
