"""Every way the engine can fail becomes one short Indonesian KursusError (no daemon needed)."""

import socket

import docker
import pytest
import requests
import urllib3

from helpers import engine
from helpers.engine import connection, errors


def _wrapped(cause):
    """Build the exception chain docker-py raises when construction fails."""
    try:
        try:
            raise requests.exceptions.ConnectionError(urllib3.exceptions.ProtocolError("Connection aborted.", cause))
        except requests.exceptions.ConnectionError as exc:
            raise docker.errors.DockerException(f"Error while fetching server API version: {exc}") from exc
    except docker.errors.DockerException as exc:
        return exc


@pytest.mark.parametrize("cause, kind, words", [
    (FileNotFoundError(2, "No such file"), errors.NoSocketError, "tidak ada"),
    (ConnectionRefusedError(111, "refused"), errors.EngineNotRunningError, "tidak berjalan"),
    (PermissionError(13, "denied"), errors.EnginePermissionError, "rootless"),
    (requests.exceptions.ReadTimeout("read timed out"), errors.EngineTimeoutError, "tidak menjawab dalam 30 detik"),
])
def test_translate_names_cause_and_fix(cause, kind, words):
    translated = engine.translate(_wrapped(cause), "unix:///var/run/docker.sock", 30)
    assert type(translated) is kind
    message = str(translated)
    assert words in message
    assert 1 <= len(message.splitlines()) <= 2
    assert "Traceback" not in message


def test_translate_ignores_unrelated_errors():
    assert engine.translate(ValueError("x"), "unix:///x") is None


def test_engine_errors_reraises_translated_from_original():
    with pytest.raises(errors.NoSocketError) as caught:
        with engine.engine_errors("unix:///tmp/none.sock"):
            raise _wrapped(FileNotFoundError(2, "No such file"))
    assert isinstance(caught.value.__cause__, docker.errors.DockerException)


def test_engine_errors_translates_api_errors():
    response = requests.Response()
    response.status_code = 409
    with pytest.raises(errors.EngineRequestError, match="409"):
        with engine.engine_errors():
            raise docker.errors.APIError("Conflict", response, explanation="name already in use")


@pytest.mark.parametrize("host", ["tcp://192.0.2.1:2375", "http://192.0.2.1:2375"])
def test_plain_tcp_is_refused(monkeypatch, host):
    monkeypatch.setenv("DOCKER_HOST", host)
    monkeypatch.delenv("DOCKER_TLS_VERIFY", raising=False)
    monkeypatch.delenv("DOCKER_CERT_PATH", raising=False)
    with pytest.raises(errors.InsecureRemoteError, match="TLS"):
        engine.connect()


def test_the_address_order_is_the_clis(monkeypatch, tmp_path):
    from docker.context import ContextAPI

    (tmp_path / "config.json").write_text("{}")
    monkeypatch.setenv("DOCKER_CONFIG", str(tmp_path))
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    ContextAPI.create_context("kelas", host="unix:///run/user/1001/docker.sock")
    ContextAPI.create_context("guru", host="unix:///run/user/1002/docker.sock")
    ContextAPI.set_current_context("kelas")
    assert engine.engine_url()[0] == "unix:///run/user/1001/docker.sock"
    monkeypatch.setenv("DOCKER_CONTEXT", "guru")
    assert engine.engine_url()[0] == "unix:///run/user/1002/docker.sock"
    monkeypatch.setenv("DOCKER_HOST", "ssh://murid@server")
    assert engine.engine_url() == ("ssh://murid@server", None)


class _OldClient:
    def __init__(self, *args, **kwargs):
        self.api = type("Api", (), {"timeout": None})()

    def version(self):
        return {"ApiVersion": "1.39", "Version": "18.09"}


def test_old_engine_is_refused(monkeypatch):
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    monkeypatch.setattr(connection.docker, "DockerClient", _OldClient)
    with pytest.raises(errors.EngineTooOldError, match="1.39"):
        engine.connect()


class _Shell:
    def __init__(self):
        self.tracebacks = []

    def showtraceback(self, exc_tuple, tb_offset=None):
        self.tracebacks.append(exc_tuple)


@pytest.mark.parametrize("failure", [errors.NoSocketError("Docker engine tidak ditemukan."),
                                     _wrapped(FileNotFoundError(2, "No such file"))])
def test_a_notebook_shows_course_and_engine_failures_as_one_indonesian_line(capsys, failure):
    from helpers.lesson import course

    shell = _Shell()
    course._show_briefly(shell, type(failure), failure, None)
    shown = capsys.readouterr().err
    assert shown.startswith("❌ ") and "tidak ditemukan" in shown and not shell.tracebacks


def test_other_errors_in_a_notebook_keep_their_traceback(capsys):
    from helpers.lesson import course

    shell = _Shell()
    course._show_briefly(shell, ZeroDivisionError, ZeroDivisionError("x"), None)
    assert len(shell.tracebacks) == 1 and capsys.readouterr().err == ""


class _FailingBuildClient:
    """A client whose build fails the way a local file error fails inside docker-py's tar step."""

    def __init__(self, error):
        self.api = self
        self.error = error

    def build(self, **options):
        raise self.error

    def close(self):
        pass


@pytest.mark.parametrize("error", [
    PermissionError(13, "Permission denied", "/home/murid/app/rahasia.txt"),
    FileNotFoundError(2, "No such file or directory", "/home/murid/app/hilang.txt"),
])
def test_a_local_file_error_during_a_build_is_not_blamed_on_the_socket(monkeypatch, tmp_path, error):
    from helpers.objects import build

    fake = _FailingBuildClient(error)
    monkeypatch.setattr(connection, "_client", fake)
    monkeypatch.setattr(build, "client", lambda: fake)
    (tmp_path / "Dockerfile").write_text("FROM kursus/busybox\n")
    with pytest.raises(errors.InvalidInputError) as caught:
        build.build(tmp_path, "kursus/uji", "uji")
    assert not isinstance(caught.value, errors.EngineError)
    assert error.filename in str(caught.value) and "socket" not in str(caught.value)
    assert connection._client is fake  # the shared client was not reset


def test_a_raw_request_to_a_dead_socket_is_an_indonesian_engine_error(tmp_path, monkeypatch):
    from helpers.api import raw

    dead = tmp_path / "docker.sock"
    monkeypatch.setenv("DOCKER_HOST", f"unix://{dead}")
    with pytest.raises(errors.NoSocketError, match="tidak ada"):
        raw.get("/version", timeout=1)
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(dead))  # a socket file nobody accepts on: the daemon is not running
    listener.close()
    with pytest.raises(errors.EngineNotRunningError, match="menolak"):
        raw.get("/version", timeout=1)


def test_a_failed_command_in_a_container_names_its_exit_code():
    class Container:
        name = "kursus-uji"

    failure = docker.errors.ContainerError(Container(), 3, ["false"], "kursus/busybox", b"baris pertama\nbaris terakhir\n")
    described = engine.describe(failure)
    assert isinstance(described, errors.EngineRequestError)
    assert "kode keluar 3" in str(described) and "baris terakhir" in str(described)
