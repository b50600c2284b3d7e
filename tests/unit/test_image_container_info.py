"""Content addresses, shared layers, namespaces and limit detection, against fakes (no daemon needed)."""

import hashlib
import json
from types import SimpleNamespace

import pytest

from helpers.engine.errors import KursusError
from helpers.host import limits, namespaces
from helpers.objects import images
from helpers.objects.build import tar_archive


def _sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _saved_archive(config, layers):
    files = {"config.json": config, **{f"{n}/layer.tar": data for n, data in enumerate(layers)}}
    manifest = [{"Config": "config.json", "Layers": [f"{n}/layer.tar" for n in range(len(layers))]}]
    files["manifest.json"] = json.dumps(manifest).encode()
    data = tar_archive(files).getvalue()
    return [data[:1000], data[1000:]]


def test_saved_digests_hash_the_config_and_each_layer():
    config, layers = b'{"architecture":"amd64"}', [b"layer one", b"layer two"]
    image = SimpleNamespace(save=lambda: iter(_saved_archive(config, layers)))
    digests = images.saved_digests(image)
    assert digests.config == _sha(config)
    assert digests.layers == [_sha(layer) for layer in layers]


def test_shared_layers_keeps_the_bottom_up_order():
    base = ["sha256:a", "sha256:b"]
    first = SimpleNamespace(attrs={"RootFS": {"Layers": base + ["sha256:c"]}})
    second = SimpleNamespace(attrs={"RootFS": {"Layers": base + ["sha256:d"]}})
    assert images.shared_layers(first, second) == base


def test_namespaces_of_a_missing_process_is_an_indonesian_error():
    with pytest.raises(KursusError, match="tidak bisa dibaca"):
        namespaces.process_namespaces(0)


@pytest.mark.parametrize("info, enforced", [
    ({"SecurityOptions": ["name=seccomp,profile=default"], "CgroupDriver": "cgroupfs"}, True),
    ({"SecurityOptions": ["name=seccomp,profile=default", "name=rootless"], "CgroupDriver": "none"}, False),
    ({"SecurityOptions": [], "CgroupDriver": "none"}, False),
])
def test_limits_enforced_reads_rootless_and_cgroup_driver(monkeypatch, info, enforced):
    
    assert limits.limits_enforced(info) is enforced
