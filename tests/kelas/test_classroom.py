"""The class on this server, end to end: accounts, hub, engines, labs, isolation, limits, removal.

Everything a student does here goes through the hub's REST API and the student's own kernel,
as the student; the teacher's commands run as root through `python -m helpers kelas`.
"""

import json
import os
import pwd
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kelas_support import ROOT, Kelas, host_snapshot

from helpers.kelas import hubclient
from helpers.kelas.roster import RESERVED

LAB = ROOT / "labs" / "solusi" / "lab-01-container-pertama.ipynb"
LAB_ID = "lab-01-container-pertama"


def _run_lab(kelas, name):
    kernel = hubclient.Kernel(kelas.base, name, kelas.tokens[name])
    try:
        results = [kernel.execute(code) for code in hubclient.notebook_cells(LAB)]
    finally:
        kernel.close()
    failed = [text for ok, text in results if not ok]
    assert not failed, f"{name}: {failed}"
    assert "5 dari 5 tugas selesai." in results[-1][1], results[-1][1]


def _in_kernel(kelas, name, code):
    kernel = hubclient.Kernel(kelas.base, name, kelas.tokens[name])
    try:
        ok, text = kernel.execute(code)
    finally:
        kernel.close()
    assert ok, text
    return json.loads(text.strip().splitlines()[-1])


def test_bad_roster_is_refused_with_its_line_and_creates_nothing(tmp_path):
    probe = Kelas(tmp_path)
    taken = next(entry.pw_name for entry in pwd.getpwall()
                 if entry.pw_name.isalnum() and entry.pw_name.islower() and entry.pw_name not in RESERVED)
    for text, line in ((f"username,nama\n{probe.name}x,Satu\nBad Name!,Dua\n", 3),
                       (f"username,nama\n{probe.name}x,Satu\n{taken},Dua\n", 3)):
        probe.roster.write_text(text)
        done = probe.cli("up", "--roster", str(probe.roster), timeout=120)
        assert done.returncode == 1
        assert f"aris {line}" in done.stderr and "Traceback" not in done.stderr, done.stderr
        assert not Path(f"/home/{probe.name}x").exists()
        assert all(entry.pw_name != f"{probe.name}x" for entry in pwd.getpwall())


def test_make_kelas_is_idempotent_and_accounts_are_closed(kelas):
    assert f"{kelas.base}/hub/login" in kelas.up_output
    again = kelas.cli("up", "--roster", str(kelas.roster), timeout=600)
    assert again.returncode == 0, again.stderr
    shadow = {line.split(":")[0]: line.split(":")[1] for line in Path("/etc/shadow").read_text().splitlines()}
    for name in kelas.students:
        entry = pwd.getpwnam(name)
        assert entry.pw_shell == "/usr/sbin/nologin" and shadow[name].startswith("!")
        assert os.stat(entry.pw_dir).st_mode & 0o777 == 0o700
        assert any(line.startswith(f"{name}:") for line in Path("/etc/subuid").read_text().splitlines())
        assert name not in (subprocess.run(["id", "-nG", name], capture_output=True, text=True).stdout.split()[1:])


def test_login_through_the_hub(kelas):
    first = kelas.students[0]
    assert hubclient.form_login(kelas.base, first, kelas.passwords[first])  # first login sets the password
    assert not hubclient.form_login(kelas.base, first, "salah-" + kelas.passwords[first])
    assert hubclient.form_login(kelas.base, first, kelas.passwords[first])
    for name in kelas.students:
        kelas.tokens[name] = hubclient.token(kelas.base, name, kelas.passwords[name])
    with ThreadPoolExecutor(len(kelas.students)) as pool:
        list(pool.map(lambda name: hubclient.start_server(kelas.base, name, kelas.tokens[name]), kelas.students))
        waited = list(pool.map(lambda name: hubclient.wait_ready(kelas.base, name, kelas.tokens[name]), kelas.students))
    assert max(waited) < 240


def test_each_engine_answers(kelas):
    rows = kelas.status()
    for name in kelas.students:
        assert rows[name]["server"] == "running" and rows[name]["engine"] == "ok", rows[name]
        assert 0 < rows[name]["memory_mib"] < 900
    answer = _in_kernel(kelas, kelas.students[0], "import json, os\nfrom helpers import engine\ninfo = engine.client().info()\n"
                        "print(json.dumps({'host': os.environ['DOCKER_HOST'], 'rootless': engine.is_rootless(info), "
                        "'images': sorted(t for i in engine.client().images.list() for t in i.tags)}))")
    assert answer["rootless"] and answer["host"] == f"unix:///run/user/{kelas.uids[kelas.students[0]]}/docker.sock"
    assert {"kursus/busybox:latest", "kursus/python:latest"} <= set(answer["images"])
    from helpers.kelas.settings import Settings

    log = (Settings(name=kelas.name).state_dir / "hub.log").read_text()
    assert "without encryption" not in log  # kernels use the ipc transport


def test_solved_lab_passes_in_each_engine_and_the_teacher_sees_it(kelas, tmp_path):
    with ThreadPoolExecutor(len(kelas.students)) as pool:
        list(pool.map(lambda name: _run_lab(kelas, name), kelas.students))
    sheet = tmp_path / "nilai.csv"
    done = kelas.cli("progress", "--csv", str(sheet), "--simpan", str(tmp_path / "kemajuan.png"), timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    import csv

    rows = {row["username"]: row for row in csv.DictReader(sheet.open())}
    assert set(rows) == set(kelas.students)
    for name in kelas.students:
        assert rows[name][LAB_ID] == "5"
        assert all(value == "0" for key, value in rows[name].items() if key.startswith("lab-") and key != LAB_ID)
        assert rows[name]["selesai"] == "5"
    assert (tmp_path / "kemajuan.png").stat().st_size > 1000


ISOLATION = r'''
import json, os, socket, urllib.request
from helpers import engine
other = json.loads({other!r})
result = {{}}

def attempt(key, action):
    try:
        action()
        result[key] = "allowed"
    except OSError as exc:
        result[key] = type(exc).__name__

def connect_unix(path):
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(path)

def connect_tcp(host, port):
    socket.create_connection((host, port), timeout=3).close()

attempt("socket", lambda: connect_unix(other["socket"]))
attempt("host_socket", lambda: connect_unix("/var/run/docker.sock"))
attempt("port_local", lambda: connect_tcp("127.0.0.1", other["port"]))
attempt("port_remote", lambda: connect_tcp(other["ip"], other["port"]))
attempt("server_remote", lambda: connect_tcp(other["ip"], 8888))
attempt("registry_remote", lambda: connect_tcp(other["ip"], 5000))
attempt("home_list", lambda: os.listdir(other["home"]))
attempt("home_read", lambda: open(os.path.join(other["home"], "labs", "README.md")).read())
attempt("home_write", lambda: open(os.path.join(other["home"], "punya-orang.txt"), "w").write("x"))
attempt("contexts", lambda: os.listdir(other["contexts"]))
attempt("leave_cgroup", lambda: open("/sys/fs/cgroup/memory/cgroup.procs", "w").write(str(os.getpid())))
from helpers.objects import registry
catalog = json.load(urllib.request.urlopen(f"http://{{registry.address()}}/v2/_catalog", timeout=5))
result["registry_catalog"] = catalog.get("repositories", [])
result["containers"] = [c.name for c in engine.client().containers.list(all=True)]
result["cgroup"] = open("/proc/self/cgroup").read()
print(json.dumps(result))
'''

SECRET = r'''
import json
from helpers import engine
from helpers.objects import registry
from helpers.setup import registry_server
client = engine.client()
where = registry_server.ensure_registry()
image = client.images.get("kursus/busybox")
image.tag(f"{{where}}/rahasia-{name}", "1")
for line in client.api.push(f"{{where}}/rahasia-{name}", "1", stream=True, decode=True):
    assert "error" not in line, line
web = client.containers.run("kursus/busybox", ["httpd", "-f", "-p", "8080"], name="rahasia-{name}", detach=True,
                            ports={{"8080/tcp": ("127.0.0.1", None)}})
web.reload()
port = int(web.attrs["NetworkSettings"]["Ports"]["8080/tcp"][0]["HostPort"])
import socket; socket.create_connection(("127.0.0.1", port), timeout=3).close()
print(json.dumps({{"port": port}}))
'''


def test_isolation_between_students(kelas):
    from helpers.kelas.settings import Settings

    first, second = kelas.students[0], kelas.students[1]
    published = _in_kernel(kelas, second, SECRET.format(name=second))
    settings = Settings(name=kelas.name, subnet=kelas.env["KELAS_SUBNET"])
    index = json.loads((settings.state_dir / "accounts.json").read_text())["students"][second]["index"]
    other = {"socket": f"/run/user/{kelas.uids[second]}/docker.sock", "port": published["port"],
             "ip": settings.student_ip(index), "home": f"/home/{second}",
             "contexts": f"/home/{second}/.local/share/kursus-docker/contexts"}
    seen = _in_kernel(kelas, first, ISOLATION.format(other=json.dumps(other)))
    for key in ("socket", "host_socket", "home_list", "home_read", "home_write", "contexts", "leave_cgroup"):
        assert seen[key] in ("PermissionError", "FileNotFoundError"), (key, seen[key])
    for key in ("port_local", "port_remote", "server_remote", "registry_remote"):
        assert seen[key] in ("ConnectionRefusedError", "OSError", "TimeoutError"), (key, seen[key])
    assert f"rahasia-{second}" not in seen["registry_catalog"]
    assert f"rahasia-{second}" not in seen["containers"]
    assert f"memory:/{kelas.name}/{first}" in seen["cgroup"] and f"pids:/{kelas.name}/{first}" in seen["cgroup"]


HOG = r'''
import json
from helpers import engine
client = engine.client()
hog = client.containers.run("kursus/python", ["python3", "-c", "b = b'x' * (3 * 1024 ** 3)"], name="rakus", detach=True)
code = hog.wait(timeout=180)["StatusCode"]
forks = client.containers.run("kursus/busybox", ["sh", "-c", "while true; do sleep 60 & done"], name="garpu", detach=True)
import time; time.sleep(5)
forks.remove(force=True)
hog.remove(force=True)
print(json.dumps({"hog_exit": code}))
'''


def test_a_hog_in_one_student_leaves_the_others_passing(kelas):
    hog_student, others = kelas.students[1], [kelas.students[0], kelas.students[2]]
    memory = Path(f"/sys/fs/cgroup/memory/{kelas.name}/{hog_student}")
    with ThreadPoolExecutor(3) as pool:
        hog = pool.submit(_in_kernel, kelas, hog_student, HOG)
        time.sleep(2)
        list(pool.map(lambda name: _run_lab(kelas, name), others))
        result = hog.result(timeout=600)
    assert result["hog_exit"] != 0  # the hog never got its 3 GiB
    oom = dict(line.split() for line in (memory / "memory.oom_control").read_text().splitlines())
    assert int(oom.get("oom_kill", 1)) >= 1 or int((memory / "memory.failcnt").read_text()) > 0
    assert int(Path(f"/sys/fs/cgroup/pids/{kelas.name}/{hog_student}/pids.max").read_text()) == 1024


def test_reset_wipes_one_engine_and_keeps_notebooks(kelas):
    name = kelas.students[2]
    done = kelas.cli("reset", name, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert Path(f"/home/{name}/labs/lab-01-container-pertama.ipynb").exists()
    answer = _in_kernel(kelas, name, "import json\nfrom helpers import engine\nengine.reset()\n"
                        "print(json.dumps([c.name for c in engine.client().containers.list(all=True)]))")
    assert answer == []
    assert kelas.status()[name]["engine"] == "ok"


def test_kelas_down_stops_every_server_and_engine(kelas):
    done = kelas.cli("down", timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    for name, row in kelas.status().items():
        assert row["server"] == "stopped" and row["engine"] == "down" and row["processes"] == 0, row
    assert hubclient._request(f"{kelas.base}/hub/api/")[0] == 0  # the hub and its proxy are gone


def test_remove_leaves_nothing_of_the_class_behind(kelas):
    kept = kelas.cli("remove", input="tidak\n", timeout=60)
    assert kept.returncode == 1 and all(Path(f"/home/{name}").exists() for name in kelas.students)
    done = kelas.cli("remove", "--yes", timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    for name in kelas.students:
        uid = kelas.uids[name]
        assert all(entry.pw_name != name for entry in pwd.getpwall())
        assert not Path(f"/home/{name}").exists() and not Path(f"/run/user/{uid}").exists()
        assert not Path(f"/run/netns/{kelas.name}-{name}").exists()
        assert not any(line.startswith(f"{name}:") for path in ("/etc/subuid", "/etc/subgid", "/etc/group")
                       for line in Path(path).read_text().splitlines())
        owners = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _owner(p) == uid]
        assert not owners, f"processes of {name} left: {owners}"
        files = [p for folder in ("/tmp", "/var/tmp", "/dev/shm") for p in Path(folder).iterdir() if _owner(p) == uid]
        assert not files, f"files of {name} left: {files}"
    for controller in ("memory", "pids"):
        assert not Path(f"/sys/fs/cgroup/{controller}/{kelas.name}").exists()
    assert not Path(f"/var/lib/kursus-{kelas.name}").exists()
    assert kelas.name not in subprocess.run(["ip", "-o", "link"], capture_output=True, text=True).stdout
    after = host_snapshot()
    assert after["accounts"] == kelas.before["accounts"] and after["groups"] == kelas.before["groups"]
    assert after["firewall"] == kelas.before["firewall"] and after["bridge"] == kelas.before["bridge"]
    assert after["engine"]["base"] == kelas.before["engine"]["base"]
    for kind in ("containers", "volumes", "networks"):  # the class made none; others may use the host engine meanwhile
        assert not {item for item in after["engine"][kind] - kelas.before["engine"][kind] if kelas.name in str(item)}


def _owner(proc):
    try:
        return proc.stat().st_uid
    except OSError:
        return None
