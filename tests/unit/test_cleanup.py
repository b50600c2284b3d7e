"""Clean-up removes by label only, against a fake engine that ignores filters (no daemon needed)."""

from types import SimpleNamespace

import docker
import pytest
import requests

from helpers.engine.labels import BASE_OWNER, course_labels
from helpers.objects import cleanup as cleanup_module


class _Resource:
    def __init__(self, name, labels, removed):
        self.id = self.name = self.short_id = name
        self.tags = []
        self.labels = labels
        self.attrs = {"Labels": labels}
        self._removed = removed

    def remove(self, **kwargs):
        if "busy" in self.name:
            response = requests.Response()
            response.status_code = 409
            raise docker.errors.APIError("in use", response, explanation="in use by container mine")
        self._removed.append(self.name)


class _FakeClient:
    """Returns every resource whatever the filter, so only the label check protects them."""

    def __init__(self, resources):
        self.removed = []
        made = {kind: [_Resource(n, l, self.removed) for n, l in items] for kind, items in resources.items()}
        self.containers = SimpleNamespace(list=lambda **kw: made["containers"])
        self.volumes = SimpleNamespace(list=lambda **kw: made["volumes"])
        self.networks = SimpleNamespace(list=lambda **kw: made["networks"])
        by_id = {image.id: image for image in made["images"]}
        self.images = SimpleNamespace(list=lambda **kw: made["images"], remove=lambda ref, **kw: by_id[ref].remove())


@pytest.fixture(autouse=True)
def no_build_cache_notes(monkeypatch, tmp_path):
    monkeypatch.setenv("KURSUS_DATA_DIR", str(tmp_path))


@pytest.fixture
def fake(monkeypatch):
    ours, other = course_labels("05-container"), course_labels("04-image")
    inherited = course_labels(BASE_OWNER)
    client = _FakeClient({kind: [
        (f"kursus-{kind}", ours),
        (f"kursus-other-{kind}", other),
        (f"kursus-learner-{kind}", {}),
        (f"kursus-derived-{kind}", inherited),
    ] for kind in ("containers", "images", "volumes", "networks")})
    monkeypatch.setattr(cleanup_module, "client", lambda: client)
    return client


def test_cleanup_of_one_owner(fake):
    summary = cleanup_module.cleanup("05-container")
    assert sorted(fake.removed) == sorted(f"kursus-{k}" for k in ("containers", "images", "volumes", "networks"))
    assert summary == {"containers": 1, "images": 1, "volumes": 1, "networks": 1, "build_cache": 0, "kept": []}


def test_cleanup_of_whole_course_spares_learner_and_inherited_labels(fake):
    cleanup_module.cleanup()
    assert not any("learner" in name or "derived" in name for name in fake.removed)
    assert len(fake.removed) == 8


@pytest.mark.parametrize("kind", ["images", "volumes", "networks"])
def test_an_object_a_learners_container_uses_is_kept_and_the_rest_is_removed(monkeypatch, kind):
    ours = course_labels("09-volume-network")
    client = _FakeClient({k: [(f"kursus-{k}", ours)] + ([(f"kursus-busy-{k}", ours)] if k == kind else [])
                          for k in ("containers", "images", "volumes", "networks")})
    monkeypatch.setattr(cleanup_module, "client", lambda: client)
    summary = cleanup_module.cleanup("09-volume-network")
    assert sorted(client.removed) == sorted(f"kursus-{k}" for k in ("containers", "images", "volumes", "networks"))
    assert len(summary["kept"]) == 1 and f"kursus-busy-{kind}" in summary["kept"][0]
    assert "dibiarkan" in summary["kept"][0]
