"""deploy/kubernetes runs the real CLI with a config the real loader accepts, and its probes,
grace period, PodDisruptionBudget and Service agree with what the program does. Each rule is
a function listing problems, so that a broken copy of the manifests shows it would fail."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import trio

from runtime.bridge.config import BridgeConfig, MetricsSettings, load_config
from runtime.observe.watch import FleetWatch
from runtime.storage.store import Store
from tests.deploy.deployed import DEPLOY, parse_run_command, secrets_of, shutdown_budget_s
from tests.deploy.pod import (
    KUBERNETES,
    POD_NAME,
    Manifest,
    Pod,
    manifests,
    one,
    secret_data,
    start_pod,
)


@pytest.fixture
def found() -> list[Manifest]:
    return manifests()


def _load(pod: Pod, monkeypatch: pytest.MonkeyPatch) -> BridgeConfig:
    """The config as the container's ``zappi-ocpp run`` loads it, with the pod's environment."""
    for name, value in pod.env.items():
        monkeypatch.setenv(name, value)
    return load_config(pod.path(parse_run_command(pod.argv).config))


@pytest.fixture
def pod(tmp_path: Path, found: list[Manifest]) -> Pod:
    return start_pod(tmp_path, found)


def test_kustomization_lists_every_manifest(found: list[Manifest]) -> None:
    listed = {p.name for p in KUBERNETES.glob("*.yaml")} - {"kustomization.yaml"}
    kinds = sorted(m["kind"] for m in found)
    assert len(listed) == 5
    assert kinds == ["ConfigMap", "Deployment", "PodDisruptionBudget", "Secret", "Secret",
                     "Service"]  # fmt: skip


def test_the_container_runs_the_real_cli(pod: Pod, monkeypatch: pytest.MonkeyPatch) -> None:
    args = parse_run_command(pod.argv)
    assert args.replica_id == POD_NAME  # the downward API, not the default host-pid
    assert args.log_level is None
    config = _load(pod, monkeypatch)
    assert config.cluster is not None and config.storage_url is not None
    assert len(config.chargers) == 2 and config.hubs[0].api_key.startswith("change-me")
    own_tls = config.chargers[1].csms
    assert own_tls.client_key is not None and own_tls.client_key.read_text().startswith("-----")


def probe_problems(deployment: Manifest, config: BridgeConfig) -> list[str]:
    """Probes on the paths the endpoint serves, at the port of ``metrics.listen``, which the
    kubelet can reach (not loopback)."""
    spec = deployment["spec"]["template"]["spec"]
    container = spec["containers"][0]
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    problems = []
    if config.metrics is None:
        return ["metrics: absent, so nothing answers the probes"]
    if config.metrics.host not in ("0.0.0.0", "::"):
        problems.append(f"metrics.listen: {config.metrics.host} is not reachable by the kubelet")
    wanted = {"livenessProbe": "/healthz", "readinessProbe": "/readyz", "startupProbe": "/healthz"}
    for name, path in wanted.items():
        get = container.get(name, {}).get("httpGet", {})
        port = ports.get(get.get("port"), get.get("port"))
        if get.get("path") != path:
            problems.append(f"{name}: path {get.get('path')} is not {path}")
        if port != config.metrics.port:
            problems.append(f"{name}: port {port} is not metrics.listen's {config.metrics.port}")
    return problems


def test_probes_match_the_endpoint(pod: Pod, monkeypatch: pytest.MonkeyPatch) -> None:
    assert probe_problems(pod.deployment, _load(pod, monkeypatch)) == []


async def test_the_probe_paths_are_served_by_the_real_endpoint(
    pod: Pod, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # the pod's config, served on loopback (tests talk to loopback only)
    config = replace(_load(pod, monkeypatch), metrics=MetricsSettings("127.0.0.1", 0))
    container = pod.container
    paths = [container[p]["httpGet"]["path"]
             for p in ("startupProbe", "livenessProbe", "readinessProbe")]  # fmt: skip
    store = Store(tmp_path / "probe.sqlite3")
    answers = {}
    try:
        with trio.fail_after(20):
            async with trio.open_nursery() as nursery:
                port = await nursery.start(FleetWatch(config).serve, store, {}, {})
                async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
                    for path in [*paths, "/not-a-probe"]:
                        answers[path] = (await http.get(path)).status_code
                nursery.cancel_scope.cancel()
    finally:
        store.close()
    assert answers == {"/healthz": 200, "/readyz": 503, "/not-a-probe": 404}  # hubs not polled


def lifecycle_problems(deployment: Manifest) -> list[str]:
    spec = deployment["spec"]["template"]["spec"]
    problems = []
    grace = spec.get("terminationGracePeriodSeconds", 30)  # Kubernetes' default
    if grace < shutdown_budget_s():
        problems.append(f"terminationGracePeriodSeconds {grace} < the SIGTERM flush's "
                        f"{shutdown_budget_s():g} s")  # fmt: skip
    if deployment["spec"].get("replicas", 1) < 2:
        problems.append("replicas: one replica is no failover")
    security = spec.get("securityContext", {})
    if not security.get("runAsNonRoot") or security.get("runAsUser", 0) == 0:
        problems.append("securityContext: not a non-root user")
    container = spec["containers"][0]
    if container.get("securityContext", {}).get("allowPrivilegeEscalation") is not False:
        problems.append("container securityContext: privilege escalation allowed")
    if "memory" not in container.get("resources", {}).get("requests", {}):
        problems.append("resources: no memory request")
    return problems


def test_grace_period_user_and_resources(found: list[Manifest]) -> None:
    assert shutdown_budget_s() == 18.0
    assert lifecycle_problems(one(found, "Deployment")) == []


def test_the_image_is_the_one_the_pod_expects(found: list[Manifest]) -> None:
    spec = one(found, "Deployment")["spec"]["template"]["spec"]
    containerfile = (DEPLOY / "container" / "Containerfile").read_text()
    user = re.search(r"^USER (\d+):(\d+)$", containerfile, re.MULTILINE)
    assert user is not None
    security = spec["securityContext"]
    assert (int(user[1]), int(user[2])) == (security["runAsUser"], security["runAsGroup"])
    assert f'ENTRYPOINT ["{spec["containers"][0]["command"][0]}"]' in containerfile


def selector_problems(found: list[Manifest]) -> list[str]:
    deployment = one(found, "Deployment")
    selector = deployment["spec"]["selector"]["matchLabels"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    problems = []
    if not selector.items() <= labels.items():
        problems.append("Deployment: its selector does not select its own pods")
    budget = one(found, "PodDisruptionBudget")["spec"]
    if budget["selector"].get("matchLabels") != selector:
        problems.append("PodDisruptionBudget: selects other pods than the Deployment")
    if budget.get("maxUnavailable", 0) >= deployment["spec"]["replicas"]:
        problems.append("PodDisruptionBudget: lets every replica go at once")
    service = one(found, "Service")["spec"]
    if not service["selector"].items() <= labels.items():
        problems.append("Service: selects other pods than the Deployment")
    for port in service["ports"]:
        target = port.get("targetPort", port["port"])
        if ports.get(target, target) != ports["metrics"]:
            problems.append(f"Service: port {port['port']} is not the metrics port")
    return problems


def test_budget_and_service_select_the_pods(found: list[Manifest]) -> None:
    assert selector_problems(found) == []


def test_no_secret_is_in_the_config_map(pod: Pod, found: list[Manifest],
                                        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    config_map = str(one(found, "ConfigMap")["data"])
    secrets = [v for m in found if m["kind"] == "Secret" for v in secret_data(m).values()]
    held = secrets_of(_load(pod, monkeypatch))
    assert len(held) == 4 and len(secrets) == 6
    assert [s for s in [*secrets, *held] if s.strip() in config_map] == []


def _edit(found: list[Manifest], kind: str, change: Callable[[Manifest], Any]) -> list[Manifest]:
    broken = copy.deepcopy(found)
    change(one(broken, kind))
    return broken


def _container(deployment: Manifest) -> Manifest:
    container: Manifest = deployment["spec"]["template"]["spec"]["containers"][0]
    return container


BROKEN: dict[str, tuple[str, Callable[[Manifest], Any]]] = {
    "liveness path": ("Deployment", lambda d: _container(d)["livenessProbe"]["httpGet"].update(
        path="/health")),
    "probe port": ("Deployment", lambda d: _container(d)["readinessProbe"]["httpGet"].update(
        port=9109)),
    "grace": ("Deployment", lambda d: d["spec"]["template"]["spec"].update(
        terminationGracePeriodSeconds=10)),
    "root": ("Deployment", lambda d: d["spec"]["template"]["spec"]["securityContext"].update(
        runAsUser=0)),
    "budget selector": ("PodDisruptionBudget", lambda b: b["spec"]["selector"].update(
        matchLabels={"app": "other"})),
    "service port": ("Service", lambda s: s["spec"]["ports"][0].update(targetPort=8080)),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_manifest_is_caught(
    name: str, found: list[Manifest], pod: Pod, monkeypatch: pytest.MonkeyPatch
) -> None:
    kind, change = BROKEN[name]
    broken = _edit(found, kind, change)
    config = _load(pod, monkeypatch)
    deployment = one(broken, "Deployment")
    problems = (probe_problems(deployment, config) + lifecycle_problems(deployment)
                + selector_problems(broken))  # fmt: skip
    assert len(problems) == 1, problems
    loopback = replace(config, metrics=MetricsSettings("127.0.0.1", 9108))
    assert probe_problems(one(found, "Deployment"), loopback) == [
        "metrics.listen: 127.0.0.1 is not reachable by the kubelet"
    ]
