"""``cluster`` in the run config and ``--replica-id`` on the command line: a cluster needs the
PostgreSQL store and a hub for every charger, lease_s is bounded, and each problem is
reported with its key."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from runtime.bridge.config import DEFAULT_LEASE_S, ClusterConfig, ConfigError, parse_config
from runtime.bridge.reload import RESTART_KEYS
from runtime.bridge.run_cli import build_parser
from runtime.cluster.replica import default_replica_id

BASE = """
csms: {url: "ws://127.0.0.1:9000/ocpp"}
myenergi:
  director_url: https://director.myenergi.net
  hubs: [{serial: "31000001", api_key: "secret-api-key-1"}]
"""
WITH_HUB = 'chargers: [{serial: 21000001, charge_box_id: zappi-1, hub: "31000001"}]\n'
URL = 'storage: {url: "postgresql://zappi:pw-4711-secret@db.example:5432/bridge"}\n'


def parse(text: str) -> object:
    return parse_config(BASE + text, Path("bridge.yaml"))


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse(text)
    return caught.value.problems


def test_cluster_is_optional_and_lease_s_has_a_default() -> None:
    assert parse(WITH_HUB + URL).cluster is None  # type: ignore[attr-defined]
    assert parse(WITH_HUB + URL + "cluster: {}\n").cluster == ClusterConfig(DEFAULT_LEASE_S)  # type: ignore[attr-defined]
    assert parse(WITH_HUB + URL + "cluster: {lease_s: 6}\n").cluster == ClusterConfig(6.0)  # type: ignore[attr-defined]


def test_a_cluster_needs_postgresql() -> None:
    found = problems(WITH_HUB + 'storage: {path: "bridge.sqlite3"}\ncluster: {lease_s: 15}\n')
    assert len(found) == 1 and found[0].startswith("cluster: ") and "storage.url" in found[0]


def test_a_cluster_needs_the_hub_of_every_charger() -> None:
    chargers = ('chargers: [{serial: 21000001, charge_box_id: zappi-1, hub: "31000001"},\n'
                '           {serial: 21000002, charge_box_id: zappi-2}]\n')  # fmt: skip
    assert problems(chargers + URL + "cluster: {}\n") == [
        "chargers[1].hub: required with cluster (a replica owns whole hubs)"
    ]


@pytest.mark.parametrize("lease_s", ["1", "2.9", "301", '"15"'])
def test_lease_s_out_of_bounds_is_refused_with_its_key(lease_s: str) -> None:
    found = problems(WITH_HUB + URL + f"cluster: {{lease_s: {lease_s}}}\n")
    assert len(found) == 1 and found[0].startswith("cluster.lease_s: ")


def test_cluster_settings_wait_for_a_restart() -> None:
    assert "cluster" in RESTART_KEYS


def test_replica_id_defaults_to_hostname_and_pid() -> None:
    assert default_replica_id() == f"{socket.gethostname()}-{os.getpid()}"
    args = build_parser().parse_args(["--config", "c.yaml", "--replica-id", "pod-7"])
    assert args.replica_id == "pod-7"
    assert build_parser().parse_args(["--config", "c.yaml"]).replica_id == default_replica_id()
