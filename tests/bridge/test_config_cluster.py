"""The cluster surface: ``cluster: {lease_s}`` in the config, ``--replica-id`` on the command
line. What the leases do with them is the cluster code's (runtime/cluster/)."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

import pytest

from runtime.bridge import run_cli
from runtime.bridge.config import ClusterConfig, ConfigError, parse_config
from tests.bridge.test_config import EXAMPLE

SHARED = EXAMPLE.replace(
    "  path: ./var/bridge.sqlite3", "  url: postgresql://zappi:pw-4321@db:5432/zappi"
).replace("  - serial: 21000001\n", "  - serial: 21000001\n    hub: \"21000001\"\n")  # a lease's unit


def _problems(text: str, tmp_path: Path) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_config(text, tmp_path / "bridge.yaml")
    return info.value.problems


def test_cluster_is_off_by_default_and_lease_s_defaults_to_15(tmp_path: Path) -> None:
    assert parse_config(SHARED, tmp_path / "bridge.yaml").cluster is None
    config = parse_config(SHARED + "cluster: {}\n", tmp_path / "bridge.yaml")
    assert config.cluster == ClusterConfig(lease_s=15.0)
    config = parse_config(SHARED + "cluster: {lease_s: 42}\n", tmp_path / "bridge.yaml")
    assert config.cluster == ClusterConfig(lease_s=42.0)


def test_cluster_needs_postgresql(tmp_path: Path) -> None:
    problems = _problems(EXAMPLE + "cluster: {lease_s: 15}\n", tmp_path)
    assert problems == ["cluster: needs a PostgreSQL storage.url: replicas share the fleet "
                        "through it (a SQLite storage.path serves one process)"]  # fmt: skip


@pytest.mark.parametrize(
    ("lease_s", "problem"),
    [
        ("2.5", "cluster.lease_s: 2.5 is less than the minimum of 3"),
        ("301", "cluster.lease_s: 301 is greater than the maximum of 300"),
        ("fast", "cluster.lease_s: 'fast' is not of type 'number'"),
    ],
)
def test_lease_s_is_bounded(tmp_path: Path, lease_s: str, problem: str) -> None:
    assert _problems(SHARED + f"cluster: {{lease_s: {lease_s}}}\n", tmp_path) == [problem]
    for edge in ("3", "300"):
        config = parse_config(SHARED + f"cluster: {{lease_s: {edge}}}\n", tmp_path / "b.yaml")
        assert config.cluster is not None and config.cluster.lease_s == float(edge)


def test_replica_id_defaults_to_host_and_pid() -> None:
    args = run_cli.build_parser().parse_args(["--config", "bridge.yaml"])
    assert args.replica_id == f"{socket.gethostname()}-{os.getpid()}"
    args = run_cli.build_parser().parse_args(["--config", "b.yaml", "--replica-id", "pod-7"])
    assert args.replica_id == "pod-7"


def test_replica_id_is_handed_to_run_bridge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bridge.yaml"
    path.write_text(EXAMPLE)
    seen: dict[str, Any] = {}

    async def stand_in(config: object, **kwargs: Any) -> None:
        seen.update(kwargs)
        raise RuntimeError("stop here")  # main reports a failing bridge with exit code 1

    monkeypatch.setattr(run_cli, "run_bridge", stand_in)
    assert run_cli.main(["--config", str(path), "--replica-id", "pod-7"]) == 1
    assert seen["replica_id"] == "pod-7" and seen["config_path"] == path
