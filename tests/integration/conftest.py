"""The live engine, prepared once per run; a missing engine fails the tests, it never skips them."""


import pytest

from helpers import engine
from helpers.objects.build import tar_archive
from helpers.setup import baseimages, registry_server


def pytest_collection_modifyitems(items):
    for item in items:
        if "integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def docker_client():
    """The course's shared client, with base images and registry ready."""
    baseimages.ensure_base_images()
    registry_server.ensure_registry()
    return engine.client()


def _learner_image(docker_client, tag):
    context = tar_archive({"Dockerfile": "FROM scratch\nCOPY note.txt /\n", "note.txt": "punya saya\n"})
    image, _ = docker_client.images.build(fileobj=context, custom_context=True, tag=tag)
    return image


@pytest.fixture
def learner_resources(docker_client, unique):
    """Resources a learner made by hand, named like the course's but without its label.

    One container is made from ``kursus/busybox`` and so inherits the base image's labels:
    it is still the learner's.
    """
    name = f"kursus-learner-{unique}"
    image = _learner_image(docker_client, f"kursus/learner-{unique}:latest")
    made = {
        "image": image,
        "container": docker_client.containers.create(image.id, "/note.txt", name=name),
        "derived": docker_client.containers.create(baseimages.BUSYBOX, "true", name=f"{name}-busybox"),
        "volume": docker_client.volumes.create(name),
        "network": docker_client.networks.create(name),
    }
    yield made
    made["container"].remove(force=True)
    made["derived"].remove(force=True)
    docker_client.images.remove(image.id, force=True)
    made["volume"].remove(force=True)
    made["network"].remove()
