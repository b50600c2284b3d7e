"""The widgets in a real JupyterLab: clicks change the engine, and the engine's answer shows in the page."""

import docker
import nbformat
import pytest

from helpers.engine import client
from helpers.objects.cleanup import cleanup

OWNER = "test-browser-widgets"
CONTAINER = "kursus-test-browser-siklus"
TAG = "kursus/test-browser-build"
CELLS = [
    f'from helpers.lesson import course\nfrom helpers.widgets import BuildView, Lifecycle\n\nOWNER = "{OWNER}"\n'
    "client = course.start(OWNER)",
    f'Lifecycle("{CONTAINER}", OWNER)',
    'BuildView({"Dockerfile": "FROM kursus/busybox\\nRUN echo halo > /halo.txt\\nCMD [\\"cat\\", \\"/halo.txt\\"]\\n"},\n'
    f'          "{TAG}", OWNER, nocache=True, autostart=False)',
]


@pytest.fixture(scope="module")
def notebook(open_notebook, tmp_path_factory):
    path = tmp_path_factory.mktemp("notebooks") / "uji-widget.ipynb"
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}}
    cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata=kernel), path)
    opened = open_notebook(path)
    opened.run_all()
    yield opened
    opened.close()
    cleanup(OWNER)


def _engine_status(name):
    try:
        return client().api.inspect_container(name)["State"]["Status"]
    except docker.errors.NotFound:
        return "removed"


@pytest.mark.parametrize("steps", [[("create", "created"), ("start", "running"), ("pause", "paused"),
                                    ("unpause", "running"), ("stop", "exited"), ("remove", "removed")]])
def test_lifecycle_clicks_drive_the_engine(notebook, artifacts, steps):
    page = notebook.page
    state = page.locator(".kursus-lifecycle-state .kursus-state-name")
    assert state.inner_text() == "removed"
    for action, expected in steps:
        button = page.locator(f".kursus-lifecycle .kursus-action-{action}")
        button.wait_for(state="visible")
        assert button.is_enabled(), f"{action} should be enabled in state {state.inner_text()}"
        button.click()
        page.wait_for_function(
            "([selector, want]) => document.querySelector(selector)?.textContent === want",
            arg=[".kursus-lifecycle-state .kursus-state-name", expected], timeout=15000)
        assert _engine_status(CONTAINER) == expected
        page.wait_for_function(
            "(want) => document.querySelector('.kursus-lifecycle-log')?.textContent.includes(want)",
            arg=f"→ {expected}", timeout=5000)
        if action == "pause":
            notebook.screenshot(artifacts / "lifecycle-paused.png", ".kursus-lifecycle")
    assert "destroy" in page.locator(".kursus-lifecycle-log").inner_text()
    notebook.screenshot(artifacts / "lifecycle-removed.png", ".kursus-lifecycle")


def test_build_widget_streams_steps(notebook, artifacts):
    page = notebook.page
    page.locator(".kursus-build-run").click()
    page.wait_for_function("() => document.querySelector('.kursus-build-headline')?.textContent.includes('Selesai')",
                           timeout=60000)
    steps = page.locator(".kursus-build-steps").inner_text()
    assert "Langkah 1/5" in steps and "RUN echo halo > /halo.txt" in steps and "dibangun" in steps
    page.wait_for_function("() => document.querySelector('.kursus-build-chart')?.naturalWidth > 0", timeout=15000)
    assert client().images.get(TAG).labels["org.kursus-docker.owner"] == OWNER
    notebook.screenshot(artifacts / "build.png", ".kursus-build")
    notebook.screenshot(artifacts / "widgets-notebook.png")
