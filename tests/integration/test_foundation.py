"""The foundation on the live engine: base images, registry round trip, label-only clean-up."""

import socket
from pathlib import Path

import docker
import pytest

from helpers.engine.labels import COURSE_LABEL, OWNER_LABEL, course_labels
from helpers.objects import containers, registry
from helpers.objects.cleanup import cleanup
from helpers.setup import baseimages, registry_server

OWNER = "test-foundation"


@pytest.mark.parametrize("name, command, expected", [
    (baseimages.BUSYBOX, ["echo", "halo"], b"halo\n"),
    (baseimages.PYTHON, ["python3", "-c", "import http.server; print('halo')"], b"halo\n"),
])
def test_base_image_exists_is_labelled_and_runs(docker_client, name, command, expected):
    image = baseimages.base_image(name)
    assert image is not None
    assert image.labels[COURSE_LABEL] == "kursus-docker"
    assert docker_client.containers.run(name, command, remove=True) == expected


def test_ensure_base_images_is_idempotent(docker_client):
    assert baseimages.ensure_base_images() == {name: "ada" for name in baseimages.BASE_IMAGES}


def test_registry_push_pull_round_trip_by_digest(docker_client, unique):
    where = registry_server.ensure_registry()
    assert where.startswith("127.0.0.1:")
    repository = f"{where}/kursus/test-{unique}"
    docker_client.images.get(baseimages.BUSYBOX).tag(repository, "1.0")
    for line in docker_client.images.push(repository, "1.0", stream=True, decode=True):
        assert "error" not in line, line
    headers, _ = registry.api(f"kursus/test-{unique}/manifests/1.0", method="HEAD")
    digest = headers["Docker-Content-Digest"]
    assert registry.api(f"kursus/test-{unique}/tags/list")[1]["tags"] == ["1.0"]
    docker_client.images.remove(f"{repository}:1.0")
    pulled = docker_client.images.pull(f"{repository}@{digest}")
    assert f"{repository}@{digest}" in pulled.attrs["RepoDigests"]
    docker_client.images.remove(f"{repository}@{digest}")


def _listening_addresses(port):
    """The local addresses of TCP sockets in LISTEN state on ``port``, from the kernel's own table."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, local_port = local.split(":")
            if state == "0A" and int(local_port, 16) == port:
                found.add("127.0.0.1" if address == "0100007F" else address[:width])
    return found


def test_registry_listens_on_loopback_only(docker_client):
    host, port = registry.running_address().split(":")
    with socket.create_connection((host, int(port)), timeout=2):
        pass  # it answers on loopback ...
    assert _listening_addresses(int(port)) == {"127.0.0.1"}  # ... and on nothing else


def test_run_applies_label_limits_and_loopback_ports(docker_client, unique):
    container = containers.run(baseimages.BUSYBOX, f"kursus-test-{unique}", OWNER,
                               ["httpd", "-f", "-p", "8000"], ports={"8000/tcp": None})
    try:
        host = container.attrs["HostConfig"]
        assert container.labels[OWNER_LABEL] == OWNER
        assert host["Memory"] > 0 and host["PidsLimit"] > 0
        assert "no-new-privileges" in host["SecurityOpt"]
        assert containers.host_port(container, "8000/tcp") > 0
        assert {b["HostIp"] for b in container.attrs["NetworkSettings"]["Ports"]["8000/tcp"]} == {"127.0.0.1"}
    finally:
        container.remove(force=True)


def test_run_replaces_course_container_but_never_a_learners(docker_client, learner_resources, unique):
    name = f"kursus-test-{unique}"
    first = containers.run(baseimages.BUSYBOX, name, OWNER, ["sleep", "30"], stop_signal="KILL")
    second = containers.run(baseimages.BUSYBOX, name, OWNER, ["sleep", "30"], stop_signal="KILL")
    assert first.id != second.id
    with pytest.raises(docker.errors.NotFound):
        docker_client.containers.get(first.id)
    with pytest.raises(Exception, match="bukan buatan kursus"):
        containers.run(baseimages.BUSYBOX, learner_resources["container"].name, OWNER, ["true"])
    learner_resources["container"].reload()
    second.remove(force=True)


def test_cleanup_removes_labelled_and_keeps_learners_resources(docker_client, learner_resources, unique):
    labels = course_labels(OWNER)
    made = [
        docker_client.containers.create(baseimages.BUSYBOX, "true", name=f"kursus-made-{unique}", labels=labels),
        docker_client.volumes.create(f"kursus-made-{unique}", labels=labels),
        docker_client.networks.create(f"kursus-made-{unique}", labels=labels),
    ]
    removed = cleanup(owner=OWNER)
    assert removed["containers"] == 1 and removed["volumes"] == 1 and removed["networks"] == 1
    for resource in made:
        with pytest.raises(docker.errors.NotFound):
            resource.reload()
    for resource in learner_resources.values():
        resource.reload()
    assert baseimages.base_image(baseimages.BUSYBOX) is not None
