"""Labels, name validation and the safety rules for containers (no daemon needed)."""

import pytest

from helpers.engine import labels, validate
from helpers.engine.errors import InvalidInputError, UnsafeOptionError
from helpers.objects import containers
from helpers.objects.build import check_context


def test_course_labels_carry_course_and_owner():
    made = labels.course_labels("05-container")
    assert made[labels.COURSE_LABEL] == labels.COURSE_VALUE
    assert made[labels.OWNER_LABEL] == "05-container"
    assert labels.is_course_resource(made)
    assert labels.is_course_resource(made, "05-container")
    assert not labels.is_course_resource(made, "04-image")


@pytest.mark.parametrize("found", [None, {}, {"name": "kursus-web"}, {labels.COURSE_LABEL: "other"}])
def test_unlabelled_resources_are_not_the_course(found):
    assert not labels.is_course_resource(found)


def test_filter_selects_by_label_only():
    assert labels.course_filter("lab-01") == {"label": [
        f"{labels.COURSE_LABEL}={labels.COURSE_VALUE}", f"{labels.OWNER_LABEL}=lab-01"]}


@pytest.mark.parametrize("reference", ["kursus/app", "kursus/app:1.0", "127.0.0.1:5000/kursus/app:v2",
                                       "localhost:5000/app", "ghcr.io/org/app:latest", "app@sha256:" + "0" * 64])
def test_valid_references(reference):
    assert validate.image_reference(reference)["path"]


@pytest.mark.parametrize("reference", ["Kursus/App", "a/../b", "app;rm -rf /", "app:$(id)", "a" * 300,
                                       "app:", ":tag", "app name", ""])
def test_invalid_references_get_one_indonesian_line(reference):
    with pytest.raises(InvalidInputError) as caught:
        validate.image_reference(reference)
    assert len(str(caught.value).splitlines()) == 1
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize("wrong", [None, 42, ["app"]])
def test_wrong_types_are_refused(wrong):
    with pytest.raises(InvalidInputError, match="teks"):
        validate.image_reference(wrong)


def test_local_registry_required_where_expected():
    assert validate.image_reference("127.0.0.1:5000/kursus/app:1.0", local_registry=True)["tag"] == "1.0"
    with pytest.raises(InvalidInputError, match="registry lokal"):
        validate.image_reference("ghcr.io/kursus/app:1.0", local_registry=True)
    with pytest.raises(InvalidInputError, match="registry lokal"):
        validate.image_reference("kursus/app:1.0", local_registry=True)


@pytest.mark.parametrize("name", ["-web", "web/1", "we b", "web;ls", ""])
def test_invalid_container_names(name):
    with pytest.raises(InvalidInputError):
        validate.container_name(name)


@pytest.mark.parametrize("options", [
    {"privileged": True},
    {"cap_add": ["SYS_ADMIN"]},
    {"network_mode": "host"},
    {"pid_mode": "host"},
    {"ipc_mode": "host"},
    {"volumes": {"/var/run/docker.sock": {"bind": "/var/run/docker.sock"}}},
    {"volumes": ["/:/host:ro"]},
])
def test_unsafe_options_are_refused(options):
    with pytest.raises(UnsafeOptionError):
        containers.safe_options("05-container", **options)


def test_safe_options_add_label_limits_and_loopback():
    options = containers.safe_options("05-container", ports={"8000/tcp": None, "9000/tcp": 9000},
                                      labels={"app": "web"})
    assert options["labels"]["app"] == "web"
    assert options["labels"][labels.OWNER_LABEL] == "05-container"
    assert options["mem_limit"] and options["pids_limit"]
    assert "no-new-privileges" in options["security_opt"]
    assert options["ports"] == {"8000/tcp": ("127.0.0.1", None), "9000/tcp": ("127.0.0.1", 9000)}


def test_published_address_cannot_be_widened():
    options = containers.safe_options("x", ports={"80/tcp": ("0.0.0.0", 8080)})
    assert options["ports"]["80/tcp"] == ("127.0.0.1", 8080)


@pytest.mark.parametrize("dockerfile", [
    "FROM kursus/busybox\nCOPY ../rahasia.txt /\n",
    "FROM kursus/busybox\nADD /etc/passwd /x\n",
    'FROM kursus/busybox\nCOPY ["../a", "/b"]\n',
])
def test_copy_from_outside_the_context_is_refused(dockerfile):
    with pytest.raises(InvalidInputError, match="luar build context"):
        check_context({"Dockerfile": dockerfile})


def test_multi_stage_copy_is_allowed():
    check_context({"Dockerfile": "FROM kursus/busybox AS b\nFROM scratch\nCOPY --from=b /bin/busybox /bin/\n"})


def test_symlink_out_of_the_context_is_refused(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM kursus/busybox\nCOPY . /app\n")
    (tmp_path / "tautan").symlink_to("/etc/passwd")
    with pytest.raises(InvalidInputError, match="Symlink"):
        check_context(tmp_path)
