"""The guard refuses what would hand a container the host, by resolved path, and lets ordinary work through."""

import docker
import pytest

from helpers.engine.errors import UnsafeOptionError
from helpers.objects.safety import check_safe

REFUSED = [
    {"volumes": {"/var/run": {"bind": "/x"}}},
    {"volumes": {"/run": {"bind": "/x"}}},
    {"volumes": {"/var/run/": {"bind": "/x"}}},
    {"volumes": ["/var/run//docker.sock:/var/run/docker.sock"]},
    {"volumes": ["/run/docker.sock:/s"]},
    {"volumes": ["//:/host:ro"]},
    {"volumes": ["/etc/../:/host"]},
    {"volumes": ["/proc/1:/p"]},
    {"volumes": ["/sys:/s"]},
    {"volumes": ["/dev:/d"]},
    {"volumes": ["/etc/shadow:/s:ro"]},
    {"volumes": ["/boot:/b"]},
    {"volumes": ["/var/lib/docker/volumes:/v"]},
    {"volumes": ["/var/lib:/v"]},
    {"volumes": ["/var/lib/containerd:/c"]},
    {"mounts": [docker.types.Mount("/x", "/run/containerd", type="bind")]},
    {"devices": ["/dev/sda:/dev/sda"]},
    {"device_cgroup_rules": ["b 8:* rmw"]},
    {"security_opt": ["seccomp=unconfined"]},
    {"security_opt": ["seccomp:unconfined"]},
    {"security_opt": ["apparmor=unconfined"]},
    {"security_opt": ["label=disable"]},
    {"cgroupns": "host"},
    {"uts_mode": "host"},
]


@pytest.mark.parametrize("options", REFUSED)
def test_refused(options):
    with pytest.raises(UnsafeOptionError):
        check_safe(options)


def test_a_symlink_to_a_system_folder_is_refused(tmp_path):
    (tmp_path / "innocent").symlink_to("/etc")
    with pytest.raises(UnsafeOptionError, match="folder sistem"):
        check_safe({"volumes": [f"{tmp_path}/innocent:/data"]})


def test_the_socket_of_a_rootless_engine_and_its_folders_are_refused():
    for source in ("/run/user/1000/docker.sock", "/run/user/1000", "/run/user"):
        with pytest.raises(UnsafeOptionError, match="socket"):
            check_safe({"volumes": [f"{source}:/x"]}, "/run/user/1000/docker.sock", "/home/a/.local/share/docker")
    with pytest.raises(UnsafeOptionError, match="data Docker"):
        check_safe({"volumes": ["/home/a/.local/share/docker:/x"]}, "/run/user/1000/docker.sock", "/home/a/.local/share/docker")


@pytest.mark.parametrize("options", [
    {"volumes": {"kursus-data": {"bind": "/data"}}},
    {"volumes": ["kursus-data:/data"]},
    {"volumes": ["/srv/kursus/app:/app:ro"]},
    {"volumes": ["/var/lib/dockerish:/x"]},
    {"mounts": [docker.types.Mount("/tmp", None, type="tmpfs")]},
    {"security_opt": ["no-new-privileges"]},
    {"read_only": True, "tmpfs": {"/tmp": ""}},
])
def test_ordinary_options_pass(options):
    check_safe(options)
