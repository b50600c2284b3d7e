"""The course's BuildKit build cache is removed by its clean-up; a learner's own build cache stays."""

import os
import subprocess

import pytest

from helpers.objects import build_cache, buildkit
from helpers.objects.cleanup import cleanup

OWNER = "test-build-cache"


@pytest.fixture
def cli():
    found = buildkit.support()
    if found.via is None:
        pytest.skip(f"this docker CLI cannot build with BuildKit: {found.reason}")
    return found


def _context(folder, line):
    folder.mkdir()
    (folder / "Dockerfile").write_text(f"FROM kursus/busybox\nRUN {line}\n")
    return folder


def _learner_build(cli, unique, folder):
    """What a learner types: ``docker build -t NAME FOLDER``, without any course label."""
    folder = _context(folder, f"echo milik-murid-{unique} > /murid")
    tag = f"learner-build-cache-{unique}"
    subprocess.run([cli.cli, "build", "-q", "-t", tag, str(folder)], check=True, capture_output=True, timeout=300,
                   env=dict(os.environ, DOCKER_BUILDKIT="1"))
    return tag


def test_cleanup_removes_the_noted_build_cache_and_spares_the_learners(docker_client, cli, unique, tmp_path):
    before = build_cache.records()
    learner_tag = _learner_build(cli, unique, tmp_path / "murid")
    learners = build_cache.records() - before
    folder = _context(tmp_path / "kursus", f"echo kursus-{unique} > /kursus")
    try:
        buildkit.build(folder, f"kursus/test-build-cache-{unique}:1.0", OWNER)
        ours = build_cache.records() - before - learners
        assert ours, "the course's build left no build cache record"
        removed = cleanup(OWNER)
        assert removed["build_cache"] >= 1
        left = build_cache.records()
        assert learners <= left
        assert not ours & left
    finally:
        cleanup(OWNER)
        docker_client.images.remove(learner_tag)
        for record in learners:
            docker_client.api.prune_builds(filters={"id": [record]}, all=True)
