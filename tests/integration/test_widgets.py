"""The widgets on the live engine: their actions change the engine, and the engine's changes reach them."""

import threading

import pytest

from helpers.engine.errors import BuildError, InvalidInputError
from helpers.objects import containers, image_store
from helpers.objects.cleanup import cleanup
from helpers.objects.images import image_layers
from helpers.setup.baseimages import BUSYBOX
from helpers.widgets import (
    ApiInspector,
    Architecture,
    BuildView,
    EventsTimeline,
    ImageLayers,
    Lifecycle,
    ResourceUse,
    plot_layers,
)

REACH = 3.0
"""Seconds within which a change made outside the widget must show in it."""


@pytest.fixture
def owner(docker_client, unique):
    name = f"test-widgets-{unique}"
    baseline = threading.active_count()
    yield name
    cleanup(name)
    assert threading.active_count() == baseline, f"threads left: {threading.enumerate()}"


def _status(docker_client, name):
    return docker_client.api.inspect_container(name)["State"]["Status"]


def test_lifecycle_buttons_change_the_engine(docker_client, owner, unique):
    name = f"kursus-test-{unique}"
    widget = Lifecycle(name, owner)
    assert repr(widget) == f"Lifecycle('{name}')" and widget.state == "removed"
    for action, expected in [("create", "created"), ("start", "running"), ("pause", "paused"),
                             ("unpause", "running"), ("stop", "exited"), ("restart", "running"), ("kill", "exited")]:
        widget._buttons[action].click()
        assert widget.wait_for(expected, REACH), f"{action}: widget shows {widget.state}"
        assert _status(docker_client, name) == expected
        assert "⚠" not in widget._message.value
    assert [button for button, b in widget._buttons.items() if not b.disabled] == ["start", "restart", "remove"]
    widget._buttons["remove"].click()
    assert widget.wait_for("removed", REACH)
    assert not docker_client.containers.list(all=True, filters={"name": f"^{name}$"})
    widget.close()


def test_changes_made_outside_reach_the_widget(docker_client, owner, unique):
    name = f"kursus-test-{unique}"
    container = containers.run(BUSYBOX, name, owner, ["sleep", "60"], init=True)
    widget = Lifecycle(name, owner)
    try:
        assert widget.state == "running"
        container.pause()
        assert widget.wait_for("paused", REACH), widget.history
        container.unpause()
        container.stop(timeout=1)
        assert widget.wait_for("exited", REACH), widget.history
        # `docker stop` emits die before stop on 20.10, and kill, stop, die on 28: either event ends the run
        *moves, last = [str(move) for move in widget.transitions]
        assert moves == ["running → paused (pause)", "paused → running (unpause)"], widget.history
        assert last in ("running → exited (die)", "running → exited (stop)"), widget.history
        with pytest.raises(InvalidInputError, match="tidak berlaku"):
            widget.perform("pause")
    finally:
        widget.close()


def test_inspector_and_architecture_see_the_sdk_calls(docker_client, owner, unique):
    architecture = Architecture.live()
    with ApiInspector(show=False) as inspector:
        containers.run(BUSYBOX, f"kursus-test-{unique}", owner, ["true"], init=True)
    architecture.stop()
    endpoints = [line.split(" ")[1] for line in inspector.lines()]
    assert "/containers/create" in endpoints and endpoints[-1].endswith("/start")
    assert architecture.counts["containers"] >= 2 and architecture.counts["images"] >= 1
    assert repr(inspector) == "ApiInspector()" and repr(architecture) == "Architecture()"
    inspector.close()
    architecture.close()


def test_image_layers_are_shared_by_containers(docker_client, owner, unique):
    made = [containers.run(BUSYBOX, f"kursus-test-{unique}-{n}", owner, ["sh", "-c", f"echo {n} > /f; sleep 60"],
                           init=True) for n in (1, 2)]
    for container in made:
        container.exec_run("true")
    widget = ImageLayers(BUSYBOX, made)
    image_size = sum(layer.size for layer in image_layers(docker_client.images.get(BUSYBOX)))
    if not image_store.uses_containerd_store(docker_client.info()):
        # the containerd image store counts `Size` from compressed content, not from the layers
        assert image_size == docker_client.images.get(BUSYBOX).attrs["Size"]
    assert widget.disk_use.image_size == image_size
    assert widget.disk_use.saved == image_size
    assert "writable" in widget._html.value and f"kursus-test-{unique}-2" in widget._html.value
    figure = plot_layers(BUSYBOX, made)
    assert len(figure.axes[0].patches) == 4  # two read-only layers + two writable ones
    widget.close()


def test_build_view_reports_steps_and_the_failed_one(docker_client, owner, unique):
    good = BuildView({"Dockerfile": f"FROM {BUSYBOX}\nRUN echo {unique} > /id\n"}, f"kursus/test-{unique}", owner)
    result = good.result
    assert [good._status[step.number] for step in result.steps][:2] == ["base", "built"]
    again = BuildView({"Dockerfile": f"FROM {BUSYBOX}\nRUN echo {unique} > /id\n"}, f"kursus/test-{unique}", owner)
    assert again.result.cached_steps >= 1 and again._status[2] == "cached"
    bad = BuildView({"Dockerfile": f"FROM {BUSYBOX}\nRUN echo gagal; exit 7\n"}, f"kursus/test-{unique}-x", owner)
    with pytest.raises(BuildError) as failure:
        _ = bad.result
    assert failure.value.exit_code == 7 and bad._status[2] == "failed"
    assert "kode keluar 7" in bad._headline.value and "gagal" in bad._headline.value
    for widget in (good, again, bad):
        widget.close()


def test_events_timeline_and_resource_use(docker_client, owner, unique):
    timeline = EventsTimeline(owner)
    container = containers.run(BUSYBOX, f"kursus-test-{unique}", owner, ["sleep", "60"], init=True)
    usage = ResourceUse(container, seconds=1)
    usage.wait()
    container.pause()
    container.unpause()
    tick = threading.Event()
    for _ in range(30):  # the timeline hears the engine within REACH seconds
        if any(action == "unpause" for _, _, action in timeline.events):
            break
        tick.wait(REACH / 30)
    actions = [action for _, name, action in timeline.events if name == container.name]
    assert actions[:2] == ["create", "start"] and "pause" in actions and "unpause" in actions
    assert usage.samples and usage.memory_limit == 256 * 1024 * 1024
    assert 0 < usage.samples[-1][2] < usage.memory_limit
    timeline.close()
    usage.close()
