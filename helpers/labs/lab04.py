"""Lab 04 · Siklus hidup dan debug: exit codes and logs, a fix, restart policy, memory and pids limits."""

from ..host.limits import limits_enforced
from . import state
from .core import Lab, Task, require

LAB_ID = "lab-04-siklus-hidup-dan-debug"
IMAGE = "kursus/lab04-salam:1.0"
MIB = 1024 * 1024
MEMORY_MIB, PIDS = 64, 32


def _environment(found):
    return dict(item.split("=", 1) for item in found.attrs["Config"]["Env"] or [])


def check_fixed():
    fixed = state.container("kursus-lab04-salam", LAB_ID)
    state.made_from(fixed, IMAGE)
    state.running(fixed)
    greeting = _environment(fixed).get("SALAM")
    require(greeting, "Container `kursus-lab04-salam` berjalan tanpa variabel `SALAM`.")
    said = state.first_output(fixed)
    require(said == f"Salam: {greeting}", f"Log `kursus-lab04-salam` berisi {said!r}, seharusnya 'Salam: {greeting}'.")


def check_restart():
    sturdy = state.container("kursus-lab04-tangguh", LAB_ID)
    state.made_from(sturdy, IMAGE)
    policy = sturdy.attrs["HostConfig"]["RestartPolicy"]
    require(policy["Name"] == "on-failure",
            f"Restart policy `kursus-lab04-tangguh` adalah '{policy['Name'] or 'no'}': pakai `--restart on-failure:3`, "
            "yang menjalankan ulang container yang gagal paling banyak 3 kali.")
    require(policy["MaximumRetryCount"] == 3,
            f"Batas jumlah restart `kursus-lab04-tangguh` adalah {policy['MaximumRetryCount']}, seharusnya 3 (`on-failure:3`).")


def check_limits():
    limited = state.container("kursus-lab04-terbatas", LAB_ID)
    state.made_from(limited, IMAGE)
    state.running(limited)
    host = limited.attrs["HostConfig"]
    memory, pids = host["Memory"] / MIB, host["PidsLimit"]
    require(memory == MEMORY_MIB,
            f"Batas memori `kursus-lab04-terbatas` adalah {memory:g} MiB, seharusnya {MEMORY_MIB} MiB (`--memory {MEMORY_MIB}m`)."
            if memory else f"`kursus-lab04-terbatas` tidak diberi batas memori: jalankan dengan `--memory {MEMORY_MIB}m`.")
    require(pids == PIDS,
            f"Batas jumlah proses `kursus-lab04-terbatas` adalah {pids}, seharusnya {PIDS} (`--pids-limit {PIDS}`)."
            if pids and pids > 0 else f"`kursus-lab04-terbatas` tidak diberi batas jumlah proses: jalankan dengan `--pids-limit {PIDS}`.")


def check_oom():
    require(limits_enforced(), "Tugas ini tidak dapat diselesaikan di sini: engine ini tidak menegakkan batas memori "
                               "(cgroup driver `none`, misalnya mode rootless di cgroup v1). Lewati tugas ini.")
    greedy = state.container("kursus-lab04-rakus", LAB_ID)
    memory = greedy.attrs["HostConfig"]["Memory"]
    require(0 < memory <= MEMORY_MIB * MIB, f"`kursus-lab04-rakus` harus diberi batas memori paling banyak {MEMORY_MIB} MiB.")
    status = greedy.attrs["State"]
    require(not status["Running"], "`kursus-lab04-rakus` masih berjalan, padahal container itu seharusnya menghabiskan memorinya lalu dihentikan kernel.")
    require(status["OOMKilled"],
            f"`kursus-lab04-rakus` berhenti dengan kode keluar {status['ExitCode']}, bukan dihentikan OOM killer: "
            "mintalah memori jauh lebih banyak daripada batasnya.")


LAB = Lab(LAB_ID, "Siklus hidup dan debug", (
    Task("Mencari penyebab container mogok lalu memperbaikinya", check_fixed),
    Task("Restart policy", check_restart),
    Task("Batas memori dan jumlah proses", check_limits),
    Task("Melewati batas memori", check_oom),
))
