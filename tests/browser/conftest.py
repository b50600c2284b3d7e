"""JupyterLab on 127.0.0.1 with a token and throw-away settings, driven by Playwright with Debian's Chromium.

Everything is started here and stopped at the end, so ``pytest tests`` needs nothing running
beforehand except the Docker engine. Notebooks are opened as copies in a temporary folder.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
KERNEL_IDLE = ("() => window.jupyterapp?.shell?.currentWidget?.sessionContext?.session?.kernel?.status === 'idle'")
ALL_CELLS_RUN = """() => { const w = window.jupyterapp.shell.currentWidget;
    const idle = w.sessionContext.session.kernel.status === 'idle';
    const pending = [...w.node.querySelectorAll('.jp-InputPrompt')].some(e => e.textContent.includes('*'));
    return idle && !pending; }"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _settings(folder):
    for plugin, values in {"notebook-extension/tracker": {"windowingMode": "none"},
                           "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False}}.items():
        path = folder / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@pytest.fixture(scope="session")
def jupyterlab(tmp_path_factory):
    """A running JupyterLab: ``(base_url, token, root_dir)``; its root is an empty temporary folder."""
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "root"
    root.mkdir()
    _settings(tmp / "settings")
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_DATA_DIR=str(tmp / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"), IPYTHONDIR=str(tmp / "ipython"),
               MPLCONFIGDIR=str(tmp / "matplotlib"))
    port, token = _free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               "--LabApp.expose_app_in_browser=True", "--ServerApp.open_browser=False"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    with open(tmp / "lab.log", "w") as log:
        lab = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
            break
        except OSError:
            if lab.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"JupyterLab did not start: {(tmp / 'lab.log').read_text()[-2000:]}")
            time.sleep(0.2)
    yield base, token, root
    os.killpg(lab.pid, signal.SIGTERM)
    try:
        lab.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(lab.pid, signal.SIGKILL)
        lab.wait()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never ``playwright install``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts():
    """The folder for screenshots (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


class NotebookPage:
    """A notebook opened (as a copy) in JupyterLab, run from top to bottom."""

    def __init__(self, browser, jupyterlab, notebook, width=1100):
        base, token, root = jupyterlab
        copy = root / notebook.name
        shutil.copy(notebook, copy)
        self.page = browser.new_page(viewport={"width": width, "height": 1000})
        self.page.goto(f"{base}/lab/tree/{copy.name}?token={token}")
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60000)
        if self.page.locator(".jp-Dialog .jp-mod-accept").count():
            self.page.locator(".jp-Dialog .jp-mod-accept").first.click()
        self.page.wait_for_function(KERNEL_IDLE, timeout=60000)

    def run_all(self, timeout=120):
        """Run every cell and wait until the kernel is idle and no cell is pending."""
        self.page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        self.page.wait_for_function(ALL_CELLS_RUN, timeout=timeout * 1000, polling=200)

    def screenshot(self, path, selector=None):
        """Save a screenshot of the page, or of the element ``selector``."""
        target = self.page.locator(selector).first if selector else self.page
        target.screenshot(path=str(path))

    def close(self):
        """Shut the kernel down and close the page."""
        self.page.evaluate("() => window.jupyterapp.commands.execute('kernelmenu:shutdown')")
        self.page.close()


@pytest.fixture(scope="session")
def open_notebook(browser, jupyterlab):
    """Open a copy of a notebook file in JupyterLab: ``open_notebook(path)`` → :class:`NotebookPage`."""
    return lambda notebook, width=1100: NotebookPage(browser, jupyterlab, notebook, width)
