"""Every lab on the live engine: checks fail on a clean engine, pass after the solution, catch near misses.

Each test drives one lab through the command line (``python -m helpers check`` / ``cleanup``, called
in-process), executes the instructor's source or the learner's copy with nbclient, and removes the
lab's resources (by label) when it ends.
"""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers import cli, engine
from helpers.labs import LABS, evaluate
from helpers.lesson.execution import execute
from helpers.objects import containers
from helpers.objects.build import build
from helpers.setup import baseimages, registry_server
from helpers.setup.baseimages import BUSYBOX

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
LAB_DIR = ROOT / "labs"
CELL_TIMEOUT = 120


def _cli(*args):
    return cli.main(list(args))


def _cleanup(lab_id):
    assert _cli("cleanup", "--owner", lab_id) == 0


def _every_task_fails(lab_id):
    for number in range(1, len(LABS[lab_id].tasks) + 1):
        assert _cli("check", lab_id, str(number)) == 1, f"{lab_id} tugas {number} lulus pada engine yang bersih"


def _execute(path):
    nb = nbformat.read(path, as_version=4)
    execute(nb, path.parent, CELL_TIMEOUT)
    return nb


def _hint(lab_id, task):
    [result] = evaluate(lab_id, task)
    assert not result.ok, f"{lab_id} tugas {task}: kesalahan yang disengaja lolos"
    return result.hint


@pytest.fixture
def lab_engine(request):
    """The live engine with base images and registry, clean of one lab before the test and again after it."""
    baseimages.ensure_base_images()
    registry_server.ensure_registry()
    lab_id = request.param
    _cleanup(lab_id)
    yield engine.client(), lab_id
    _cleanup(lab_id)


# --- near misses: each breaks a solved lab in one small way and names the word the hint must contain ---

def _near_miss_01(client, lab):
    client.containers.get("kursus-lab01-halo").remove(force=True)
    client.containers.run(BUSYBOX, ["echo", "Halo, Docker!"], name="kursus-lab01-halo")  # no course label
    try:
        assert "label" in _hint(lab, 1)
    finally:
        client.containers.get("kursus-lab01-halo").remove(force=True)
    containers.run(BUSYBOX, "kursus-lab01-server", lab, ["httpd", "-f", "-p", "8080"], ports={"8081/tcp": None})
    assert "8080/tcp" in _hint(lab, 2) and "tidak dipublikasikan" in _hint(lab, 2)
    mystery = client.containers.list(all=True, filters={"name": "kursus-lab01-kode-"})[0]
    mystery.rename(f"kursus-lab01-kode-{mystery.attrs['State']['ExitCode'] + 1}")
    assert "kode keluar" in _hint(lab, 3)


def _near_miss_02(client, lab):
    app = client.images.get("kursus/lab02-app:1.0")
    for tag in app.tags:
        if ":lapisan-" in tag:
            client.images.remove(tag)
    app.tag("kursus/lab02-app", f"lapisan-{len(app.history())}")
    assert "history" in _hint(lab, 2)
    build({"Dockerfile": "FROM kursus/lab02-app:1.0\nRUN rm /data/besar.bin\n"}, "kursus/lab02-ramping:1.0", lab)
    assert "tidak mengecilkan" in _hint(lab, 4)


def _near_miss_03(client, lab):
    app = client.images.get("kursus/lab03-web:1.0")
    context = {"app.py": "print('halo')\n", "Dockerfile": (
        'FROM kursus/python\nCOPY app.py /app/app.py\nLABEL org.opencontainers.image.title="lab03-web"\n'
        "EXPOSE 8000\nCMD python3 /app/app.py\n")}
    build(context, "kursus/lab03-web:1.0", lab)
    assert "root" in _hint(lab, 2)
    assert "bentuk shell" in _hint(lab, 3)
    app.tag("kursus/lab03-web", "1.0")
    containers.run("kursus/lab03-web:1.0", "kursus-lab03-web", lab, ports={"8080/tcp": None})
    assert "8000/tcp" in _hint(lab, 4) and "tidak dipublikasikan" in _hint(lab, 4)


def _near_miss_04(client, lab):
    containers.run("kursus/lab04-salam:1.0", "kursus-lab04-tangguh", lab, restart_policy={"Name": "always"})
    assert "always" in _hint(lab, 2)
    containers.run("kursus/lab04-salam:1.0", "kursus-lab04-terbatas", lab, environment={"SALAM": "x"},
                   mem_limit="128m", pids_limit=32)
    assert "128 MiB" in _hint(lab, 3)


def _near_miss_05(client, lab):
    repository = f"{registry_server.ensure_registry()}/kursus/lab05-app"
    [pulled] = client.images.list(name=repository)
    pulled.tag(repository, "1.0")
    containers.run(f"{repository}:1.0", "kursus-lab05-dari-registry", lab).wait()
    assert "digest" in _hint(lab, 3)


def _near_miss_06(client, lab):
    client_container = containers.run(BUSYBOX, "kursus-lab06-klien", lab,
                                      ["wget", "-qO-", "http://kursus-lab06-server:8080/pesan.txt"])
    client_container.wait()
    assert "tidak tersambung ke network `kursus-lab06-jaringan`" in _hint(lab, 4)


def _near_miss_07(client, lab):
    containers.run("kursus/lab07-web:1.0", "kursus-lab07-web", lab, network="kursus-lab07-net", ports={"8000/tcp": None})
    assert "registry" in _hint(lab, 4)


NEAR_MISSES = {
    "lab-01-container-pertama": _near_miss_01,
    "lab-02-image-dan-layer": _near_miss_02,
    "lab-03-dockerfile": _near_miss_03,
    "lab-04-siklus-hidup-dan-debug": _near_miss_04,
    "lab-05-registry": _near_miss_05,
    "lab-06-volume-dan-network": _near_miss_06,
    "lab-07-proyek-akhir": _near_miss_07,
}


def test_every_lab_has_a_source_a_learner_copy_and_near_misses():
    assert sorted(p.stem for p in (LAB_DIR / "solusi").glob("lab-*.ipynb")) == sorted(LABS)
    assert sorted(p.stem for p in LAB_DIR.glob("lab-*.ipynb")) == sorted(LABS)
    assert set(NEAR_MISSES) == set(LABS)


def test_learner_copies_match_a_fresh_generation():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_labs.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_learner_copies_hold_no_solution():
    for lab_id in LABS:
        text = (LAB_DIR / f"{lab_id}.ipynb").read_text()
        assert "BEGIN SOLUTION" not in text and "NotImplementedError" in text


@pytest.mark.parametrize("lab_engine", list(LABS), indirect=True)
def test_solution_passes_near_misses_fail_cleanup_resets(lab_engine):
    client, lab_id = lab_engine
    _every_task_fails(lab_id)
    _execute(LAB_DIR / "solusi" / f"{lab_id}.ipynb")
    assert _cli("check", lab_id) == 0
    NEAR_MISSES[lab_id](client, lab_id)
    _cleanup(lab_id)
    _every_task_fails(lab_id)


@pytest.mark.parametrize("lab_engine", list(LABS), indirect=True)
def test_learner_copy_runs_and_its_checks_report_not_done(lab_engine):
    _, lab_id = lab_engine
    nb = _execute(LAB_DIR / f"{lab_id}.ipynb")
    stubs = [c for c in nb.cells if "raises-exception" in c.metadata.get("tags", [])]
    errors = [[o.get("ename") for o in c.outputs if o.output_type == "error"] for c in stubs]
    assert stubs and errors == [["NotImplementedError"]] * len(stubs)
    checks = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("check(")]
    shown = "".join(o.get("text", "") for c in checks for o in c.outputs)
    assert shown.count("❌") == 2 * len(LABS[lab_id].tasks) and "✅" not in shown
