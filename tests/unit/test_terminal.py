"""The terminal cell helper says in Indonesian when there is no CLI or it hangs (no daemon needed)."""

import os

from helpers.lesson import terminal


def test_without_a_docker_cli_nothing_runs_and_the_learner_is_told(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    terminal.docker("ps")
    shown = capsys.readouterr().out
    assert shown.splitlines()[0] == "$ docker ps"
    assert "tidak terpasang" in shown


def test_a_cli_that_hangs_is_stopped_at_the_time_limit(monkeypatch, tmp_path, capsys):
    fake = tmp_path / "docker"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}/usr/bin:/bin")
    terminal.docker("ps", timeout=0.5)
    assert "tidak selesai dalam 0.5 detik" in capsys.readouterr().out


def test_a_failing_cli_shows_its_error_and_exit_code(monkeypatch, tmp_path, capsys):
    fake = tmp_path / "docker"
    fake.write_text("#!/bin/sh\necho 'Error: No such container: x' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}/usr/bin:/bin")
    terminal.docker("rm x")
    shown = capsys.readouterr().out
    assert "No such container" in shown and "(kode keluar 1)" in shown
