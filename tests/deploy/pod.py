"""deploy/kubernetes read as the kubelet would run it: the manifests of kustomization.yaml, the
container's environment (the downward API, the Secret's variables), its ``$(VAR)`` arguments,
and its mounted files (ConfigMap, Secret) laid out under a temporary root."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.deploy.deployed import DEPLOY, client_pem_pair

KUBERNETES = DEPLOY / "kubernetes"
#: what the downward API's metadata.name gives a pod of the Deployment
POD_NAME = "zappi-ocpp-6d5f8c7b9-x2kqp"

Manifest = dict[str, Any]


def manifests() -> list[Manifest]:
    """Every document of every file kustomization.yaml lists, in its order."""
    kustomization = yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text())
    found: list[Manifest] = []
    for name in kustomization["resources"]:
        found += [d for d in yaml.safe_load_all((KUBERNETES / name).read_text()) if d]
    return found


def one(found: list[Manifest], kind: str) -> Manifest:
    matching = [m for m in found if m["kind"] == kind]
    assert len(matching) == 1, f"{len(matching)} {kind}s"
    return matching[0]


def named(found: list[Manifest], kind: str, name: str) -> Manifest:
    return next(m for m in found if m["kind"] == kind and m["metadata"]["name"] == name)


def secret_data(secret: Manifest) -> dict[str, str]:
    """A Secret's keys as the pod sees them (``data`` is base64; ``stringData`` wins)."""
    data = {k: base64.b64decode(v).decode() for k, v in secret.get("data", {}).items()}
    return data | secret.get("stringData", {})


def expand_arguments(text: str, env: dict[str, str]) -> str:
    """Kubernetes' ``$(VAR)`` in command and args: a defined variable is replaced, ``$$`` is a
    literal ``$``, an undefined reference stays as written."""
    def one_reference(match: re.Match[str]) -> str:
        name = match.group(1)
        return "$" if name is None else env.get(name, match.group(0))

    return re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)", one_reference, text)


@dataclass
class Pod:
    deployment: Manifest
    container: Manifest
    env: dict[str, str]
    argv: list[str]
    root: Path  #: the container's filesystem: mounts under it, at their mountPath

    @property
    def spec(self) -> Manifest:
        spec: Manifest = self.deployment["spec"]["template"]["spec"]
        return spec

    @property
    def ports(self) -> dict[str, int]:
        return {p["name"]: p["containerPort"] for p in self.container["ports"]}

    def port(self, port: str | int) -> int:
        return self.ports[port] if isinstance(port, str) else port

    def path(self, absolute: str | Path) -> Path:
        """A path of the container's filesystem, under the temporary root."""
        return self.root / Path(absolute).relative_to("/")


def _environment(container: Manifest, found: list[Manifest]) -> dict[str, str]:
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        env |= secret_data(named(found, "Secret", source["secretRef"]["name"]))
    for var in container.get("env", []):  # env wins over envFrom
        if "value" in var:
            env[var["name"]] = var["value"]
        else:
            assert var["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.name", var
            env[var["name"]] = POD_NAME
    return env


def _mount(root: Path, spec: Manifest, container: Manifest, found: list[Manifest]) -> None:
    """The ConfigMap and Secret volumes as files; a kubernetes.io/tls Secret's placeholders
    replaced by a real certificate and key (the example must not ship a real key)."""
    volumes = {v["name"]: v for v in spec["volumes"]}
    for mount in container["volumeMounts"]:
        volume = volumes[mount["name"]]
        folder = root / Path(mount["mountPath"]).relative_to("/")
        folder.mkdir(parents=True)
        if "configMap" in volume:
            files = named(found, "ConfigMap", volume["configMap"]["name"])["data"]
        elif "secret" in volume:
            secret = named(found, "Secret", volume["secret"]["secretName"])
            files = secret_data(secret)
            if secret.get("type") == "kubernetes.io/tls":
                assert all("change-me" in v for v in files.values()), "a real key is committed"
                cert, key = client_pem_pair()
                files = {"tls.crt": cert.decode(), "tls.key": key.decode()}
        else:
            assert "emptyDir" in volume, volume
            continue
        for key, value in files.items():
            (folder / key).write_text(value)


def start_pod(root: Path, found: list[Manifest]) -> Pod:
    deployment = one(found, "Deployment")
    spec = deployment["spec"]["template"]["spec"]
    (container,) = spec["containers"]
    env = _environment(container, found)
    argv = [expand_arguments(a, env) for a in container["command"] + container["args"]]
    _mount(root, spec, container, found)
    return Pod(deployment, container, env, argv, root)
