"""What differs between engines, handled without a daemon: push streams, event order, image stores."""

import pytest

from helpers.engine.errors import RegistryError
from helpers.host import namespaces
from helpers.objects import lifecycle as states
from helpers.objects import registry

DIGEST = "sha256:" + "ab" * 32
CLASSIC_PUSH = [
    {"status": "The push refers to repository [127.0.0.1:5000/kursus/app]"},
    {"id": "5d2847a8d7d6", "status": "Preparing", "progressDetail": {}},
    {"id": "5d2847a8d7d6", "status": "Pushed", "progressDetail": {}},
    {"status": f"1.0: digest: {DIGEST} size: 527", "progressDetail": {}},
    {"aux": {"Tag": "1.0", "Digest": DIGEST, "Size": 527}, "progressDetail": {}},
]
CONTAINERD_STORE_PUSH = [chunk for chunk in CLASSIC_PUSH if "aux" not in chunk]
"""The containerd image store sends no ``aux`` chunk: the digest is only in the last status."""


@pytest.mark.parametrize("stream", [CLASSIC_PUSH, CONTAINERD_STORE_PUSH], ids=["classic", "containerd-store"])
def test_push_digest_is_read_from_either_image_store(stream):
    layers = []
    done = registry._transfer(iter(stream), "127.0.0.1:5000/kursus/app:1.0", lambda *args: layers.append(args))
    assert done.digest == DIGEST
    assert done.layers == {"5d2847a8d7d6": "Pushed"} and done.count("Pushed") == 1


def test_push_cut_off_before_its_digest_is_an_error():
    with pytest.raises(RegistryError, match="terputus"):
        registry._transfer(iter(CLASSIC_PUSH[:3]), "127.0.0.1:5000/kursus/app:1.0", lambda *args: None)


def test_registry_api_accepts_docker_and_oci_manifests():
    assert "application/vnd.oci.image.manifest.v1+json" in registry.MANIFEST_TYPES
    assert "application/vnd.oci.image.index.v1+json" in registry.MANIFEST_TYPES
    assert "application/vnd.docker.distribution.manifest.v2+json" in registry.MANIFEST_TYPES


@pytest.mark.parametrize("events", [["kill", "die", "stop"], ["kill", "stop", "die"]], ids=["20.10", "28"])
@pytest.mark.parametrize("restarting", [False, True])
def test_docker_stop_ends_exited_in_either_event_order(events, restarting):
    state = states.RUNNING
    for action in events:
        state = states.next_state(state, action, restarting)
    assert state == states.EXITED


@pytest.mark.parametrize("version, here", [("1", "jadi namespace cgroup container sama dengan host;"),
                                           ("2", "jadi setiap container mendapat namespace cgroup sendiri")])
def test_cgroup_namespace_story_follows_the_cgroup_version(version, here):
    story = namespaces.cgroup_namespace_story({"CgroupVersion": version})
    assert story.startswith(f"Engine ini berjalan di cgroup v{version}, {here}")
