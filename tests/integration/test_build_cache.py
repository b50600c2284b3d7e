"""The course's BuildKit build cache is removed by its clean-up; a learner's own build cache stays."""

import os
import subprocess

import pytest

from helpers.objects import build, build_cache, buildkit
from helpers.objects.cleanup import cleanup

OWNER = "test-build-cache"


@pytest.fixture
def cli():
    found = buildkit.support()
    if found.via is None:
        pytest.skip(f"this docker CLI cannot build with BuildKit: {found.reason}")
    return found


def _learner_build(cli, unique):
    """What a learner types: ``docker build -t NAME FOLDER``, without any course label."""
    folder = build.write_context({"Dockerfile": f"FROM kursus/busybox\nRUN echo milik-murid-{unique} > /murid\n"},
                                 f"kursus-test-learner-{unique}")
    tag = f"learner-build-cache-{unique}"
    subprocess.run([cli.cli, "build", "-q", "-t", tag, str(folder)], check=True, capture_output=True, timeout=300,
                   env=dict(os.environ, DOCKER_BUILDKIT="1"))
    return tag


def test_cleanup_removes_the_noted_build_cache_and_spares_the_learners(docker_client, cli, unique):
    before = build_cache.records()
    learner_tag = _learner_build(cli, unique)
    learners = build_cache.records() - before
    folder = build.write_context({"Dockerfile": f"FROM kursus/busybox\nRUN echo kursus-{unique} > /kursus\n"},
                                 f"kursus-test-build-cache-{unique}")
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
        docker_client.images.remove(learner_tag)
        for record in learners:
            docker_client.api.prune_builds(filters={"id": [record]}, all=True)
