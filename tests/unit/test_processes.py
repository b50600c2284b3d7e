"""Finding the engine's processes in a process table where several engines run (a classroom server)."""

import os

from helpers.host import processes


class _Container:
    def __init__(self, container_id, pid):
        self.id = container_id
        self.attrs = {"State": {"Pid": pid}, "Path": "sleep"}


def _fake_proc(root, pid, ppid, args, uid):
    folder = root / str(pid)
    folder.mkdir()
    (folder / "stat").write_text(f"{pid} ({os.path.basename(args[0])[:15]}) S {ppid} 0 0\n")
    (folder / "cmdline").write_bytes(b"\0".join(a.encode() for a in args) + b"\0")
    os.chown(folder, uid, uid)


def test_the_chain_is_made_of_the_engine_this_account_runs(monkeypatch, tmp_path):
    me, other = 4242, 0
    _fake_proc(tmp_path, 10, 1, ["/usr/sbin/dockerd"], other)                    # the host's engine
    _fake_proc(tmp_path, 11, 10, ["containerd", "--config", "/var/run/docker/containerd/containerd.toml"], other)
    _fake_proc(tmp_path, 20, 19, ["/usr/bin/dockerd"], me)                       # this account's rootless engine
    _fake_proc(tmp_path, 21, 20, ["containerd", "--config", "/run/user/4242/docker/containerd/containerd.toml"], me)
    _fake_proc(tmp_path, 30, 1, ["/usr/bin/containerd-shim-runc-v2", "-id", "abc123"], me)
    _fake_proc(tmp_path, 31, 30, ["sleep", "60"], me)
    monkeypatch.setattr(processes, "PROC", tmp_path)
    monkeypatch.setattr(os, "getuid", lambda: me)
    chain = processes.engine_chain(_Container("abc123", 31))
    assert (chain.dockerd.pid, chain.containerd.pid, chain.shim.pid, chain.init.pid) == (20, 21, 30, 31)
    assert chain.complete and all(answer for _, answer in chain.links("abc123"))


def test_a_process_table_without_dockerd_is_explained(monkeypatch, tmp_path):
    _fake_proc(tmp_path, 1, 0, ["/usr/bin/python3", "-m", "jupyter", "lab"], os.getuid())  # a notebook in a container
    monkeypatch.setattr(processes, "PROC", tmp_path)
    monkeypatch.setattr(processes, "engine_url", lambda: ("unix:///var/run/docker.sock", "DOCKER_HOST"))
    assert "dockerd tidak ada" in processes.why_hidden({"OperatingSystem": "Debian GNU/Linux 12"})
    _fake_proc(tmp_path, 10, 1, ["/usr/sbin/dockerd"], os.getuid())
    assert processes.why_hidden({"OperatingSystem": "Debian GNU/Linux 12"}) is None
