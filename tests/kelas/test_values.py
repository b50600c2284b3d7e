"""kelas/values.yaml for Zero to JupyterHub: valid YAML, and only key paths that the chart it names has."""

import re
from pathlib import Path

import yaml

VALUES = Path(__file__).resolve().parents[2] / "kelas" / "values.yaml"
CHART_VERSION = "4.3.4"
REFERENCE = {
    # key paths of the configuration reference of chart 4.3.4 (values.schema.yaml) that values.yaml sets
    "hub.config",
    "singleuser.image.name",
    "singleuser.image.tag",
    "singleuser.extraPodConfig",
    "singleuser.uid",
    "singleuser.allowPrivilegeEscalation",
    "singleuser.cmd",
    "singleuser.defaultUrl",
    "singleuser.extraEnv",
    "singleuser.lifecycleHooks.postStart",
    "singleuser.memory.limit",
    "singleuser.memory.guarantee",
    "singleuser.cpu.limit",
    "singleuser.cpu.guarantee",
    "singleuser.storage.type",
    "singleuser.storage.capacity",
    "singleuser.storage.homeMountPath",
    "singleuser.startTimeout",
    "singleuser.networkPolicy.enabled",
    "proxy.service.type",
    "proxy.https.enabled",
    "proxy.https.type",
    "proxy.https.hosts",
    "proxy.https.letsencrypt.contactEmail",
    "cull.enabled",
    "cull.timeout",
    "cull.every",
    "scheduling.userScheduler.enabled",
}
FREE_FORM = {"hub.config", "singleuser.extraPodConfig", "singleuser.extraEnv", "singleuser.lifecycleHooks.postStart"}
"""Objects the chart passes through as they are (their inner keys belong to JupyterHub or Kubernetes)."""


def _paths(tree, prefix=""):
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and path not in FREE_FORM:
            yield from _paths(value, f"{path}.")
        else:
            yield path


def test_values_yaml_names_its_chart_and_sets_only_known_keys():
    text = VALUES.read_text()
    values = yaml.safe_load(text)
    assert re.search(rf"version {re.escape(CHART_VERSION)}\b", text) and f"--version {CHART_VERSION}" in text
    assert set(_paths(values)) == REFERENCE


def test_values_yaml_gives_each_student_an_unprivileged_engine_and_the_course():
    values = yaml.safe_load(VALUES.read_text())
    user = values["singleuser"]
    assert user["extraPodConfig"]["runtimeClassName"] == "sysbox-runc"
    assert user["allowPrivilegeEscalation"] is False and "privileged: true" not in VALUES.read_text()
    assert "dockerd" in " ".join(user["cmd"]) and "transport=ipc" in " ".join(user["cmd"])
    assert user["defaultUrl"].endswith("00-persiapan.ipynb")
    assert values["hub"]["config"]["Authenticator"]["admin_users"] == ["guru"]
