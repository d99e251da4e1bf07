"""The ``metrics`` key of the config file, the enqueue time of outbox rows (old files too),
and the switch: with ``metrics`` off the watch hands back what it is given."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from runtime.bridge.config import ConfigError, parse_config
from runtime.observe import FleetWatch
from runtime.observe.outbox_reads import queue_totals, queued_for, queued_per_charger
from runtime.ocpp.outbox import Outbox, TxRole
from runtime.storage.store import Store

BASE = """
csms: {url: "ws://127.0.0.1:9000/ocpp"}
myenergi:
  director_url: http://127.0.0.1:8000
  hubs: [{serial: "21000001", api_key: "key-0001"}]
chargers: [{serial: 21000001, charge_box_id: z1}]
storage: {path: ./var/x.sqlite3}
"""


def _parse(extra: str) -> object:
    return parse_config(BASE + extra, Path("bridge.yaml"))


def test_metrics_listen_is_parsed_and_checked() -> None:
    assert parse_config(BASE, Path("b.yaml")).metrics is None
    config = parse_config(BASE + 'metrics: {listen: "127.0.0.1:9108"}\n', Path("b.yaml"))
    assert config.metrics is not None and (config.metrics.host, config.metrics.port) == (
        "127.0.0.1", 9108)  # fmt: skip
    v6 = parse_config(BASE + 'metrics: {listen: "[::1]:0"}\n', Path("b.yaml")).metrics
    assert v6 is not None and (v6.host, v6.port, v6.listen) == ("::1", 0, "[::1]:0")
    for bad, where in (('{listen: "9108"}', "metrics.listen"), ("{}", "metrics"),
                       ('{listen: "h:1", port: 2}', "metrics"),
                       ('{listen: "127.0.0.1:70000"}', "metrics.listen")):  # fmt: skip
        with pytest.raises(ConfigError) as error:
            _parse(f"metrics: {bad}\n")
        assert [p for p in error.value.problems if p.startswith(where)], error.value.problems


def test_an_old_storage_file_gets_the_enqueue_time(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, charge_box TEXT NOT NULL,
            message_id TEXT NOT NULL, action TEXT NOT NULL, payload TEXT NOT NULL,
            tx_ref TEXT NOT NULL, role TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
            not_before REAL NOT NULL DEFAULT 0);
        INSERT INTO outbox (charge_box, message_id, action, payload, tx_ref, role)
            VALUES ('z1', '1', 'StopTransaction', '{"meterStop": 5}', 't1', 'stop');
    """)
    db.commit()
    db.close()
    before = time.time()
    store = Store(path)
    [old] = queued_for(store, "z1", 10)
    assert old.action == "StopTransaction" and old.enqueued_at >= before
    outbox = Outbox(store, "z2")
    outbox.enqueue("StartTransaction", {"connectorId": 1}, tx_ref="t2", role=TxRole.START,
                   message_id="9")  # fmt: skip
    assert len(Outbox(store, "z1")) == 1  # the old row is still there, deliverable
    assert Outbox(store, "z1").head() is not None
    count, oldest = queue_totals(store)
    assert count == 2 and oldest is not None and oldest >= before
    assert queued_per_charger(store) == {"z1": 1, "z2": 1}
    store.close()
    Store(path).close()  # opening it again changes nothing


async def test_with_metrics_off_the_watch_hands_back_what_it_is_given() -> None:
    config = parse_config(BASE, Path("b.yaml"))
    watch = FleetWatch(config)

    def forward(result: object) -> None:
        pass

    assert not watch.enabled
    assert watch.connector(None) is None
    assert watch.hub_results(forward) is forward
    assert watch.myenergi_request is None


def test_config_reloads_are_counted_by_result() -> None:
    watch = FleetWatch(parse_config(BASE + 'metrics: {listen: "127.0.0.1:0"}\n', Path("b")))
    watch.config_reloaded("applied")
    watch.config_reloaded("refused")
    watch.config_reloaded("refused")
    registry: CollectorRegistry = watch.registry
    name = "zappi_ocpp_config_reloads_total"
    assert registry.get_sample_value(name, {"result": "applied"}) == 1
    assert registry.get_sample_value(name, {"result": "refused"}) == 2
    with pytest.raises(ValueError, match="applied or refused"):
        watch.config_reloaded("maybe")
