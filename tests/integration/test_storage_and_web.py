"""Labelled volumes and networks, containers run to their end, and an app asked over HTTP."""

import pytest

from helpers.engine.errors import AppNotAnsweringError, InvalidInputError
from helpers.engine.labels import is_course_resource
from helpers.objects import containers, networks, volumes, web
from helpers.objects.cleanup import cleanup
from helpers.setup.baseimages import BUSYBOX

OWNER = "test-storage"


@pytest.fixture
def owner(docker_client):
    yield OWNER
    cleanup(OWNER)


def test_volume_outlives_its_container_and_is_cleaned_up(owner, unique):
    data = volumes.volume(f"kursus-test-{unique}", owner)
    assert volumes.volume(data.name, owner).id == data.id
    assert is_course_resource(data.attrs["Labels"], owner)
    mount = {data.name: {"bind": "/data", "mode": "rw"}}
    assert containers.run_to_end(BUSYBOX, f"kursus-test-{unique}", owner, ["sh", "-c", "echo hai > /data/x"],
                                 volumes=mount) == (0, "")
    assert containers.run_to_end(BUSYBOX, f"kursus-test-{unique}", owner, ["cat", "/data/x"],
                                 volumes=mount) == (0, "hai")
    assert cleanup(owner)["volumes"] == 1


def test_network_resolves_names_and_refuses_a_learners_name(owner, unique, docker_client):
    net = networks.network(f"kursus-test-{unique}", owner)
    containers.run(BUSYBOX, f"kursus-test-srv-{unique}", owner, ["httpd", "-f", "-p", "8000", "-h", "/"],
                   network=net.name, ports={"8000/tcp": None}, stop_signal="KILL")
    code, _ = containers.run_to_end(BUSYBOX, f"kursus-test-cli-{unique}", owner,
                                    ["nslookup", f"kursus-test-srv-{unique}"], network=net.name)
    assert code == 0
    own = docker_client.networks.create(f"kursus-learner-{unique}")
    try:
        with pytest.raises(InvalidInputError):
            networks.network(own.name, owner)
    finally:
        own.remove()


def test_web_get_waits_for_the_app_and_gives_up_in_time(owner, unique):
    server = containers.run(BUSYBOX, f"kursus-test-web-{unique}", owner, ["httpd", "-f", "-p", "8000", "-h", "/"],
                            ports={"8000/tcp": None}, stop_signal="KILL")
    answer = web.get(f"http://127.0.0.1:{containers.host_port(server, '8000/tcp')}/etc/hostname")
    assert answer.status == 200 and answer.body.strip() == server.id[:12]
    with pytest.raises(AppNotAnsweringError):
        web.get("http://127.0.0.1:9/", timeout=0.2)
