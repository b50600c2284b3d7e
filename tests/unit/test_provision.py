"""Getting an engine on a fresh machine, with the daemon and apt faked (no daemon needed)."""

import os
import signal

import pytest

from helpers.engine import errors
from helpers.setup import provision, registry_server


@pytest.fixture
def no_engine(monkeypatch):
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.setattr(provision.engine, "engine_url", lambda: ("unix:///var/run/docker.sock", None))

    def refuse():
        raise errors.NoSocketError("Docker engine tidak ditemukan: socket /var/run/docker.sock tidak ada.\n"
                                   "Di Linux jalankan `make setup` (sebagai root); di macOS/Windows nyalakan Docker Desktop.")
    monkeypatch.setattr(provision.engine, "connect", refuse)


def test_running_engine_is_used_as_it_is(monkeypatch):
    monkeypatch.setattr(provision.engine, "connect", lambda: "client")
    assert provision.ensure_engine() == "client"


def test_without_root_the_learner_gets_instructions(no_engine, monkeypatch):
    monkeypatch.setattr(provision, "_can_provision", lambda: False)
    with pytest.raises(errors.KursusError) as caught:
        provision.ensure_engine()
    message = str(caught.value)
    assert "Docker Desktop" in message and "rootless" in message
    assert len(message.splitlines()) <= 2


def test_as_root_docker_io_is_installed_then_started(no_engine, monkeypatch):
    done = []
    monkeypatch.setattr(provision, "_can_provision", lambda: True)
    monkeypatch.setattr(provision.shutil, "which", lambda name: None)
    monkeypatch.setattr(provision, "_install_docker_io", lambda progress: done.append("install"))
    monkeypatch.setattr(provision, "_start_dockerd", lambda progress: done.append("start") or "client")
    assert provision.ensure_engine() == "client"
    assert done == ["install", "start"]


def test_remote_engine_is_never_provisioned(no_engine, monkeypatch):
    monkeypatch.setattr(provision.engine, "engine_url", lambda: ("ssh://murid@server", None))
    monkeypatch.setattr(provision, "_can_provision", lambda: True)
    with pytest.raises(errors.KursusError, match="Docker Desktop"):
        provision.ensure_engine()


def test_busy_registry_port_named_by_the_learner_is_reported(monkeypatch):
    monkeypatch.setenv("KURSUS_REGISTRY_PORT", "5999")
    monkeypatch.setattr(registry_server, "_port_free", lambda port: False)
    with pytest.raises(errors.RegistryError, match="5999"):
        registry_server._choose_port()


def test_next_free_registry_port_is_chosen(monkeypatch):
    monkeypatch.delenv("KURSUS_REGISTRY_PORT", raising=False)
    monkeypatch.setattr(registry_server, "read_state", lambda: None)
    monkeypatch.setattr(registry_server, "_port_free", lambda port: port == registry_server.DEFAULT_PORT + 3)
    assert registry_server._choose_port() == registry_server.DEFAULT_PORT + 3


def test_a_restarted_registry_keeps_its_port(monkeypatch):
    monkeypatch.delenv("KURSUS_REGISTRY_PORT", raising=False)
    monkeypatch.setattr(registry_server, "read_state", lambda: {"port": 5007})
    monkeypatch.setattr(registry_server, "_port_free", lambda port: True)
    assert registry_server._choose_port() == 5007


@pytest.fixture
def fake_dockerd(monkeypatch, tmp_path):
    """Put a ``dockerd`` script on PATH (it records its PID) and the course's data in a temporary folder."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}/usr/bin:/bin")
    monkeypatch.setenv("KURSUS_DATA_DIR", str(tmp_path / "data"))

    def install(body):
        script = folder / "dockerd"
        script.write_text(f"#!/bin/sh\necho $$ > {tmp_path}/pid\n{body}\n")
        script.chmod(0o755)
        return tmp_path / "pid"
    return install


def test_a_dockerd_that_exits_is_reported_with_its_code_and_its_log(fake_dockerd, no_engine, tmp_path):
    fake_dockerd("echo 'failed to start daemon: uji' >&2\nexit 3")
    with pytest.raises(errors.EngineNotRunningError) as caught:
        provision._start_dockerd(lambda message: None)
    message = str(caught.value)
    assert "berhenti dengan kode 3" in message and "dockerd.log" in message
    assert len(message.splitlines()) == 2
    assert "failed to start daemon: uji" in (tmp_path / "data" / "dockerd.log").read_text()


def test_a_dockerd_that_answers_after_a_while_is_waited_for(fake_dockerd, monkeypatch):
    pid_file = fake_dockerd("exec sleep 30")
    answers = iter([errors.EngineNotRunningError("belum"), errors.EngineNotRunningError("belum"), "client"])

    def connect():
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer
    monkeypatch.setattr(provision.engine, "connect", connect)
    try:
        assert provision._start_dockerd(lambda message: None) == "client"
    finally:
        os.kill(int(pid_file.read_text()), signal.SIGKILL)
