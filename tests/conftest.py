"""Shared fixtures: the live engine for integration tests, and a unique name per test."""

import uuid

import pytest


@pytest.fixture
def unique():
    """A short random suffix, so parallel or repeated runs never collide."""
    return uuid.uuid4().hex[:8]
