"""An extra engine in its sandbox leaves the host's engine, its bridge and its firewall exactly as they were.

Runs in ``make test-engines`` (it builds a Debian rootfs the first time): one sandboxed engine
starts, runs a container with a published port on a bridge network of its own, and stops.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import engine_sandbox as sandbox  # noqa: E402

pytestmark = pytest.mark.integration
ENGINE = sandbox.ENGINES["bookworm"]
BUSYBOX = "kursus/busybox"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return sandbox.save_base_images([BUSYBOX], tmp_path_factory.mktemp("images") / "busybox.tar")


def test_a_sandboxed_engine_leaves_the_host_as_it_was(archive):
    before = sandbox.HostSnapshot.take()
    assert before.engine_id, "the host's engine must answer on /var/run/docker.sock"
    with sandbox.Sandbox(ENGINE, progress=lambda message: None) as box:
        inside = box.info()
        assert inside["ID"] != before.engine_id
        box.load_images(archive)
        label = "--label=org.kursus-docker.course=kursus-docker"
        box.run(["docker", "network", "create", label, "kursus-sandbox-net"])
        box.run(["docker", "run", "-d", label, "--name", "kursus-sandbox-web", "--network", "kursus-sandbox-net",
                 "-p", "127.0.0.1::8000", BUSYBOX, "httpd", "-f", "-p", "8000"])
        # `docker exec` runs inside the container, not in the host's (or the rootfs's) root
        assert box.run(["docker", "exec", "kursus-sandbox-web", "cat", "/proc/1/cmdline"]).stdout.startswith("httpd")
        assert box.run(["sh", "-c", "cat /etc/debian_version"]).stdout.startswith("12.")
        daemon_pid = box.run(["cat", "/var/run/docker.pid"]).stdout.strip()
        assert daemon_pid != before.daemon_pid
    assert before.differences(sandbox.HostSnapshot.take()) == []
