"""The state checks of the final project refuse what the CIS benchmark warns about (no daemon needed)."""

from types import SimpleNamespace

import pytest

from helpers.labs import state
from helpers.labs.core import NotYet


def _image(healthcheck):
    return SimpleNamespace(attrs={"Config": {"Healthcheck": healthcheck} if healthcheck else {}})


def _container(read_only, health):
    return SimpleNamespace(name="kursus-lab07-web", reload=lambda: None,
                           attrs={"HostConfig": {"ReadonlyRootfs": read_only},
                                  "State": {"Health": {"Status": health}} if health else {}})


@pytest.mark.parametrize("healthcheck", [None, {"Test": ["NONE"]}])
def test_an_image_without_healthcheck_fails(healthcheck):
    with pytest.raises(NotYet, match="HEALTHCHECK"):
        state.healthcheck(_image(healthcheck), "kursus/lab07-web:1.0")


def test_an_image_with_healthcheck_passes():
    state.healthcheck(_image({"Test": ["CMD", "python3", "-c", "..."]}), "kursus/lab07-web:1.0")


def test_a_writable_root_filesystem_fails_and_a_read_only_one_passes():
    with pytest.raises(NotYet, match="--read-only"):
        state.read_only_root(_container(False, "healthy"))
    state.read_only_root(_container(True, "healthy"))


@pytest.mark.parametrize("health", [None, "starting", "unhealthy"])
def test_only_healthy_passes(health):
    with pytest.raises(NotYet, match="healthy"):
        state.healthy(_container(True, health))
    state.healthy(_container(True, "healthy"))


def test_a_container_of_an_image_built_again_is_told_to_be_made_again(monkeypatch):
    images = SimpleNamespace(get=lambda name: SimpleNamespace(id="sha256:new"))
    monkeypatch.setattr(state, "client", lambda: SimpleNamespace(images=images))
    old = SimpleNamespace(name="kursus-lab03-web", attrs={"Image": "sha256:old", "Config": {"Image": "kursus/lab03-web:1.0"}})
    with pytest.raises(NotYet, match="versi lama .* hapus container itu"):
        state.made_from(old, "kursus/lab03-web:1.0")
    other = SimpleNamespace(name="kursus-lab03-web", attrs={"Image": "sha256:old", "Config": {"Image": "kursus/python"}})
    with pytest.raises(NotYet, match="dibuat dari `kursus/python`, bukan dari"):
        state.made_from(other, "kursus/lab03-web:1.0")
    state.made_from(SimpleNamespace(name="x", attrs={"Image": "sha256:new", "Config": {"Image": "kursus/lab03-web:1.0"}}),
                    "kursus/lab03-web:1.0")
