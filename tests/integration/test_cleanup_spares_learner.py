"""Clean-up next to a learner's own container: it keeps what that container uses and finishes the rest."""

import docker
import pytest

from helpers import cli
from helpers.engine import client
from helpers.objects import networks, volumes
from helpers.objects.cleanup import cleanup
from helpers.setup import baseimages, registry_server

OWNER = "test-cleanup-learner"


@pytest.fixture
def learners_container():
    """What a new user does by hand: ``docker run -d --name ... kursus/busybox sleep 3600``."""
    container = client().containers.run(baseimages.BUSYBOX, ["sleep", "3600"], name="milik-murid-uji",
                                        detach=True, stop_signal="SIGKILL")
    yield container
    container.remove(force=True)
    cleanup(OWNER)


def test_a_course_network_the_learner_joined_is_kept_and_the_container_stays(learners_container, capsys):
    network = networks.network("kursus-test-cleanup-net", OWNER)
    network.connect(learners_container)
    removed = cleanup(OWNER)
    assert removed["networks"] == 0
    assert removed["kept"] == ["Network kursus-test-cleanup-net dibiarkan: container milik-murid-uji masih tersambung ke sana."]
    learners_container.reload()
    assert learners_container.status == "running"
    assert "kursus-test-cleanup-net" in learners_container.attrs["NetworkSettings"]["Networks"]
    network.disconnect(learners_container)


def test_make_clean_keeps_the_base_image_a_learner_runs_and_exits_0(learners_container, monkeypatch, capsys):
    course_volume = volumes.volume("kursus-test-cleanup-vol", OWNER)
    monkeypatch.setattr(baseimages, "BASE_IMAGES", (baseimages.BUSYBOX,))  # kursus/python is not rebuilt here
    monkeypatch.setattr(registry_server, "remove_registry_data", lambda: None)
    assert cli.main(["cleanup", "--all"]) == 0
    shown = capsys.readouterr().out
    assert f"Image {baseimages.BUSYBOX}:latest dibiarkan: masih dipakai container milik-murid-uji." in shown
    learners_container.reload()
    assert learners_container.status == "running"
    assert client().images.get(baseimages.BUSYBOX)
    with pytest.raises(docker.errors.NotFound):
        client().volumes.get(course_volume.name)  # everything after the kept image was still cleaned
