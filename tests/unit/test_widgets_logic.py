"""The widgets' logic without a browser or a daemon: states from events, valid buttons, layers, API paths."""

import pytest

from helpers.api import endpoints as apimap
from helpers.api.endpoints import short_path
from helpers.host.limits import cpu_percent, memory_bytes
from helpers.objects import lifecycle as states
from helpers.objects.build import BuildResult, Step
from helpers.objects.images import (
    DiskUse,
    Layer,
    filesystem_layers,
    human_size,
    instruction,
    layers_from_history,
)
from helpers.widgets.diagrams import architecture_svg, lifecycle_svg
from helpers.widgets.plots import group_events


@pytest.mark.parametrize("actions, final", [
    (["create", "start"], states.RUNNING),
    (["create", "start", "pause"], states.PAUSED),
    (["create", "start", "pause", "unpause"], states.RUNNING),
    (["create", "start", "kill", "die", "stop"], states.EXITED),
    (["create", "start", "die", "destroy"], states.REMOVED),
    (["create", "start", "kill", "die", "stop", "start", "restart"], states.RUNNING),
    (["create", "attach", "exec_create: sh", "exec_start: sh", "resize"], states.CREATED),
])
def test_state_after_events(actions, final):
    state = states.REMOVED
    for action in actions:
        state = states.next_state(state, action)
    assert state == final


def test_replay_keeps_only_moves():
    moves = states.replay(["create", "start", "kill", "die", "stop", "destroy"])
    assert [str(move) for move in moves] == [
        "removed → created (create)", "created → running (start)", "running → exited (die)",
        "exited → removed (destroy)"]


def test_die_with_a_restart_policy_means_restarting():
    assert states.next_state(states.RUNNING, "die", restarting=True) == states.RESTARTING
    assert states.next_state(states.RESTARTING, "start") == states.RUNNING


@pytest.mark.parametrize("state, buttons", [
    (states.REMOVED, ("create",)),
    (states.CREATED, ("start", "remove")),
    (states.RUNNING, ("pause", "stop", "kill", "restart")),
    (states.PAUSED, ("unpause",)),
    (states.EXITED, ("start", "restart", "remove")),
    (states.DEAD, ("remove",)),
    (states.RESTARTING, ("stop", "kill")),
])
def test_valid_actions_per_state(state, buttons):
    assert states.valid_actions(state) == buttons


def test_every_state_has_an_indonesian_label_and_a_way_out_but_removed_has_create():
    for state in states.STATES:
        assert states.STATE_LABELS[state]
        assert states.valid_actions(state)
    assert set(states.ACTION_LABELS) == set(states.ACTIONS)


@pytest.mark.parametrize("status, state", [(None, "removed"), ("running", "running"), ("removing", "dead"),
                                           ("exited", "exited"), ("weird", "dead")])
def test_state_from_inspect_status(status, state):
    assert states.state_from_status(status) == state


HISTORY = [  # client.api.history("kursus/busybox"), newest first, as the engine returns it
    {"CreatedBy": "/bin/sh -c #(nop)  LABEL org.kursus-docker.owner=base", "Size": 0, "Id": "sha256:5a"},
    {"CreatedBy": '/bin/sh -c #(nop)  CMD ["sh"]', "Size": 0, "Id": "sha256:e5"},
    {"CreatedBy": "/bin/busybox --install -s /bin", "Size": 3216, "Id": "sha256:9b"},
    {"CreatedBy": "/bin/sh -c #(nop) COPY file:" + "73e2b2d48642" * 5 + "7384 in /bin/busybox ", "Size": 1982256,
     "Id": "sha256:c3"},
]


def test_history_becomes_instructions_oldest_first():
    layers = layers_from_history(HISTORY)
    assert [layer.instruction for layer in layers] == [
        "COPY file:73e2b2d48642 in /bin/busybox", "RUN /bin/busybox --install -s /bin", 'CMD ["sh"]',
        "LABEL org.kursus-docker.owner=base"]
    assert [layer.size for layer in filesystem_layers(layers)] == [1982256, 3216]


@pytest.mark.parametrize("created_by, comment, expected", [
    ("/bin/sh -c apt-get update", "", "RUN apt-get update"),
    ("", "Imported from -", "IMPORT (docker import)"),
    ("/bin/sh -c #(nop) WORKDIR /app", "", "WORKDIR /app"),
])
def test_instruction(created_by, comment, expected):
    assert instruction(created_by, comment) == expected


BUILT_HERE = [  # FROM kursus/busybox, RUN true (changes nothing), WORKDIR /app (creates it), CMD
    {"CreatedBy": '/bin/sh -c #(nop)  CMD ["sh"]', "Size": 0, "Id": "sha256:d4"},
    {"CreatedBy": "/bin/sh -c #(nop) WORKDIR /app", "Size": 0, "Id": "sha256:d3"},
    {"CreatedBy": "/bin/sh -c true", "Size": 0, "Id": "sha256:d2"},
    *HISTORY,
]
LAYER_COUNTS = {"sha256:d4": 3, "sha256:d3": 3, "sha256:d2": 2, "sha256:5a": 2, "sha256:e5": 2, "sha256:9b": 2,
                "sha256:c3": 1}
"""``len(RootFS.Layers)`` of each step's image, as ``docker image inspect`` gives it."""


def test_layer_counts_tell_which_steps_stored_a_layer():
    layers = layers_from_history(BUILT_HERE, LAYER_COUNTS)
    assert [layer.instruction for layer in filesystem_layers(layers)] == [
        "COPY file:73e2b2d48642 in /bin/busybox", "RUN /bin/busybox --install -s /bin", "WORKDIR /app"]
    assert not [layer for layer in layers if layer.instruction == "RUN true"][0].is_filesystem


def test_steps_of_a_loaded_image_count_before_the_one_known_image():
    loaded = [dict(entry, Id="<missing>") for entry in HISTORY[1:]]   # docker load keeps only the image's own id
    layers = layers_from_history([HISTORY[0], *loaded], {"sha256:5a": 2})
    assert [layer.instruction for layer in filesystem_layers(layers)] == [
        "COPY file:73e2b2d48642 in /bin/busybox", "RUN /bin/busybox --install -s /bin"]


def test_only_run_copy_add_and_import_make_filesystem_layers():
    assert Layer("ADD app.tar /", 10).is_filesystem and Layer("IMPORT (docker import)", 10).is_filesystem
    assert not Layer("ENV A=1", 0).is_filesystem


def test_sharing_layers_saves_all_but_one_copy():
    use = DiskUse(image_size=2_000_000, writable_sizes=(0, 3, 1000))
    assert use.shared == 2_001_003
    assert use.if_copied == 6_001_003
    assert use.saved == 4_000_000
    assert DiskUse(5, ()).saved == 0


@pytest.mark.parametrize("size, text", [(0, "0 B"), (512, "512 B"), (3216, "3.22 kB"), (1982256, "1.98 MB"),
                                        (149010892, "149 MB"), (2_500_000_000, "2.5 GB")])
def test_human_size(size, text):
    assert human_size(size) == text


@pytest.mark.parametrize("method, path, parts, name", [
    ("POST", "/v1.41/containers/create?name=web", ("client", "daemon", "images", "containers"), "create"),
    ("POST", "/v1.41/containers/abc/start", ("client", "daemon", "containers"), "start"),
    ("GET", "/v1.41/containers/json?all=1", ("client", "daemon", "containers"), "ps"),
    ("POST", "/v1.41/images/create?fromImage=127.0.0.1%3A5000%2Fx", ("client", "daemon", "images", "registry"), "pull"),
    ("POST", "/v1.41/images/127.0.0.1:5000/kursus/x/push?tag=1", ("client", "daemon", "images", "registry"), "push"),
    ("POST", "/v1.41/build?t=kursus%2Fx", ("client", "daemon", "images", "containers"), "build"),
    ("GET", "/v1.41/images/kursus/busybox/json", ("client", "daemon", "images"), "inspect"),
    ("DELETE", "/v1.41/containers/abc?force=True", ("client", "daemon", "containers"), "rm"),
    ("GET", "/_ping", ("client", "daemon"), "ping"),
    ("GET", "/v1.41/version", ("client", "daemon"), "version"),
])
def test_api_path_to_architecture(method, path, parts, name):
    assert apimap.components(path) == parts
    assert apimap.operation(method, path) == name


def test_diagrams_highlight_what_they_are_told():
    svg = lifecycle_svg(states.PAUSED, states.Transition(states.RUNNING, states.PAUSED, "pause"))
    assert svg.count("stroke-width='3'") == 1  # one box is current
    assert svg.count("kd-arrow-on)") == 1  # one arrow is the last move
    picture = architecture_svg(("client", "daemon", "registry"), {"registry": 2}, "push")
    assert picture.count("stroke-width='3'") == 3 and "2 panggilan" in picture


SAMPLE = {
    "cpu_stats": {"cpu_usage": {"total_usage": 3_000_000}, "system_cpu_usage": 20_000_000, "online_cpus": 2},
    "precpu_stats": {"cpu_usage": {"total_usage": 1_000_000}, "system_cpu_usage": 10_000_000},
    "memory_stats": {"usage": 5_000_000, "limit": 268435456, "stats": {"total_inactive_file": 1_000_000}},
}


def test_cpu_and_memory_like_docker_stats():
    assert cpu_percent(SAMPLE) == pytest.approx(40.0)
    assert cpu_percent({"cpu_stats": {}, "precpu_stats": {}}) == 0.0
    assert memory_bytes(SAMPLE) == 4_000_000


def test_bursts_of_events_are_drawn_as_one_point():
    events = [(1.0, "a", "create"), (1.1, "a", "start"), (1.2, "b", "create"), (3.0, "a", "kill"), (3.05, "a", "die")]
    assert group_events(events) == [(1.0, "a", ["create", "start"]), (1.2, "b", ["create"]),
                                    (3.0, "a", ["kill", "die"])]


def test_paths_are_shown_with_short_ids():
    path = "/v1.41/containers/" + "ab12" * 16 + "/wait"
    assert short_path(path) == "/containers/ab12ab12ab12/wait"
    assert len(short_path("/v1.41/build?" + "t=x&" * 40, 30)) == 30


def test_binary_sizes_like_docker_stats():
    assert human_size(268435456, binary=True) == "256 MiB"


def test_a_build_counts_from_apart_from_the_steps_it_ran():
    steps = [Step(1, 3, "FROM kursus/python"), Step(2, 3, "WORKDIR /app", cached=True), Step(3, 3, "COPY app.py .")]
    result = BuildResult(image=None, tag="kursus/x:1", steps=steps)
    assert (result.cached_steps, result.built_steps) == (1, 1)
