"""A network namespace per student, linked to the hub alone by a veth pair on a private /30.

The student's server, kernels, engine (rootlesskit binds published ports here), registry and
containers all live in ``CLASS-NAME``. Its only route leads to the hub's address, so a student
reaches neither another student's namespace nor the host's 127.0.0.1. The host reaches each
server through the veth's connected route. No firewall rule and no existing link is touched.
"""

import ipaddress
import subprocess
from pathlib import Path

from .settings import SUBNET_PREFIX, KelasError

NETNS_DIR = Path("/run/netns")
INSIDE_LINK = "eth0"
IP_TIMEOUT = 20


def _ip(*args, check=True):
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=IP_TIMEOUT)
    if check and done.returncode != 0:
        raise KelasError(f"`ip {' '.join(args)}` gagal: {done.stderr.strip()[:200]}")
    return done


def _has_address(link, address, netns=None):
    where = ["-n", netns] if netns else []
    return f"inet {address}/" in _ip(*where, "-o", "-4", "addr", "show", "dev", link, check=False).stdout


def check_subnet_free(settings):
    """Refuse a subnet the host already routes (other than through the class's own links).

    Raises:
        KelasError: Naming the overlapping route and the setting to change.
    """
    mine = ipaddress.IPv4Network(f"{settings.subnet}/{SUBNET_PREFIX}")
    for line in _ip("-o", "-4", "route", "show").stdout.splitlines():
        words = line.split()
        if not words or words[0] == "default":
            continue
        device = words[words.index("dev") + 1] if "dev" in words else ""
        if device.startswith(f"{settings.name}h"):
            continue
        try:
            routed = ipaddress.IPv4Network(words[0], strict=False)
        except ValueError:
            continue
        if routed.overlaps(mine):
            raise KelasError(f"Subnet {mine} bertabrakan dengan rute host `{line.strip()}`.\n"
                             "Pilih subnet privat lain dengan `KELAS_SUBNET=...`, misalnya 10.234.0.0.")


def ensure_hub_link(settings):
    """Give the hub its address on a veth pair of its own (host side ``CLASSNAMEhub``)."""
    link = settings.hub_link
    if _has_address(link, settings.hub_ip):
        return
    _ip("link", "del", link, check=False)
    _ip("link", "add", link, "type", "veth", "peer", "name", f"{link}p")
    _ip("addr", "add", f"{settings.hub_ip}/32", "dev", link)
    _ip("link", "set", link, "up")
    _ip("link", "set", f"{link}p", "up")


def remove_hub_link(settings):
    _ip("link", "del", settings.hub_link, check=False)


def path(settings, student):
    """The file that holds the student's network namespace open."""
    return NETNS_DIR / settings.netns(student.username)


def ensure(settings, student):
    """Create the student's namespace and its link to the hub, unless they are already right."""
    name, link = settings.netns(student.username), settings.link(student.index)
    host, inside = settings.host_ip(student.index), settings.student_ip(student.index)
    if path(settings, student).exists() and _has_address(link, host) and _has_address(INSIDE_LINK, inside, name):
        return
    remove(settings, student)
    _ip("netns", "add", name)
    _ip("link", "add", link, "type", "veth", "peer", "name", INSIDE_LINK, "netns", name)
    _ip("addr", "add", f"{host}/30", "dev", link)
    _ip("link", "set", link, "up")
    _ip("-n", name, "addr", "add", f"{inside}/30", "dev", INSIDE_LINK)
    _ip("-n", name, "link", "set", "lo", "up")
    _ip("-n", name, "link", "set", INSIDE_LINK, "up")
    _ip("-n", name, "route", "add", f"{settings.hub_ip}/32", "via", host)


def remove(settings, student):
    """Delete the student's namespace and its link (the processes inside must be gone)."""
    _ip("netns", "del", settings.netns(student.username), check=False)
    _ip("link", "del", settings.link(student.index), check=False)


def exists(settings, student):
    return path(settings, student).exists()
