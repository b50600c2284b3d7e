"""Which image store an engine uses, and what that changes for the course.

The classic store keeps layers with ``dockerd``'s storage driver (``overlay2``) and names an
image by the sha256 of its config. The containerd image store (``"features":
{"containerd-snapshotter": true}``, the default of fresh Docker 29 installs) keeps them
with containerd's snapshotter (``overlayfs``), names an image by the sha256 of its manifest (or index),
pushes OCI manifests and counts sizes in disk blocks and compressed content.
"""

import hashlib
import io
import json
import tarfile

from ..engine import engine_errors

SNAPSHOTTER = "io.containerd.snapshotter.v1"


def uses_containerd_store(info):
    """Whether the engine of ``info`` (``client.info()``) keeps its images in containerd. Similar to ``docker info``."""
    status = dict(tuple(pair) for pair in info.get("DriverStatus") or () if len(pair) == 2)
    return status.get("driver-type") == SNAPSHOTTER


def saved_manifest_digest(image):
    """The sha256 of the image's manifest, read from the archive ``docker save`` writes (OCI layout).

    Returns:
        ``"sha256:..."``, or ``None`` when the archive has no ``index.json`` (Docker before 25).
    """
    with engine_errors():
        archive = io.BytesIO(b"".join(image.save()))
    with tarfile.open(fileobj=archive) as tar:
        try:
            index = json.load(tar.extractfile("index.json"))
        except KeyError:
            return None
        digest = index["manifests"][0]["digest"]
        blob = tar.extractfile(f"blobs/sha256/{digest.split(':', 1)[1]}").read()
    return "sha256:" + hashlib.sha256(blob).hexdigest()


def image_id_story(info):
    """One Indonesian sentence: what an image id is on this engine, and on engines with the other store."""
    classic = "sha256 dari konfigurasinya"
    containerd = ("sha256 dari manifest-nya (yang menyebut digest konfigurasi) atau dari index-nya bila image itu "
                  "memiliki index (image multiplatform atau hasil BuildKit yang menyertakan attestation)")
    if uses_containerd_store(info):
        return (f"Engine ini memakai containerd image store: id image adalah {containerd}; "
                f"pada image store klasik, id image adalah {classic}.")
    return (f"Engine ini memakai image store klasik: id image adalah {classic}; pada engine dengan containerd image "
            f"store (bawaan instalasi baru Docker 29), id image adalah {containerd}.")
