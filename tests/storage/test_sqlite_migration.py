"""SQLite files written by the releases before the store had versions keep working: their
rows are all there after the migration, deliverable, and new rows follow them."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from generated.config_keys import CONFIG_KEYS
from runtime.bridge.state import BridgeStateStore
from runtime.ocpp.config_store import ConfigStore
from runtime.ocpp.outbox import Outbox, TxRole
from runtime.storage.store import Store

#: the tables as runtime/ocpp/store.py and runtime/bridge/state.py created them (release 0.1)
RELEASE_0_1 = """
CREATE TABLE boots (charge_box TEXT PRIMARY KEY, count INTEGER NOT NULL);
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, charge_box TEXT NOT NULL, message_id TEXT NOT NULL,
    action TEXT NOT NULL, payload TEXT NOT NULL, tx_ref TEXT NOT NULL, role TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, not_before REAL NOT NULL DEFAULT 0
    {enqueued_at});
CREATE INDEX outbox_by_charger ON outbox (charge_box, seq);
CREATE TABLE transactions (charge_box TEXT NOT NULL, tx_ref TEXT NOT NULL,
    transaction_id INTEGER NOT NULL, PRIMARY KEY (charge_box, tx_ref));
CREATE TABLE config (charge_box TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (charge_box, key));
CREATE TABLE bridge_state (charge_box TEXT PRIMARY KEY, state TEXT NOT NULL);
INSERT INTO boots VALUES ('z1', 4);
INSERT INTO outbox (charge_box, message_id, action, payload, tx_ref, role, attempts, not_before)
    VALUES ('z2', '3.9', 'StartTransaction', '{{"connectorId": 1}}', 't1', 'start', 0, 0),
           ('z1', '4.1', 'MeterValues', '{{"connectorId": 1}}', 't0', 'update', 2, 50),
           ('z1', '4.2', 'StopTransaction', '{{"meterStop": 5}}', 't0', 'stop', 0, 0);
INSERT INTO transactions VALUES ('z1', 't0', 1001);
INSERT INTO config VALUES ('z1', 'heartbeatinterval', '120');
INSERT INTO bridge_state VALUES ('z1', '{{"register_wh": 5000.0, "tx_counter": 7}}');
"""


@pytest.mark.parametrize("with_enqueued_at", [True, False], ids=["0.1", "before-enqueued_at"])
def test_an_old_file_is_migrated_with_everything_in_it(tmp_path: Path,
                                                      with_enqueued_at: bool) -> None:  # fmt: skip
    path = tmp_path / "bridge.sqlite3"
    column = ", enqueued_at REAL NOT NULL DEFAULT 0" if with_enqueued_at else ""
    old = sqlite3.connect(path)
    old.executescript(RELEASE_0_1.format(enqueued_at=column))
    old.close()
    before = time.time()

    store = Store(path)
    outbox = Outbox(store, "z1")
    assert len(outbox) == 2 and len(Outbox(store, "z2")) == 1
    head = outbox.head()
    assert head is not None and (head.message_id, head.attempts, head.not_before) == ("4.1", 2, 50)
    assert head.payload == {"connectorId": 1, "transactionId": 1001}
    assert ConfigStore(store, "z1", CONFIG_KEYS).get("HeartbeatInterval") == "120"
    state = BridgeStateStore(store, "z1").load()
    assert (state.register_wh, state.tx_counter) == (5000.0, 7)
    assert store.next_epoch("z1") == "5"  # ids never repeat those of the old release
    queued_at = [row.enqueued_at for row in store.charger("z2").rows]
    if not with_enqueued_at:  # unknown age: counted from the migration
        assert queued_at[0] >= before
    outbox.delivered(head, {})
    new_seq = outbox.enqueue("MeterValues", {"connectorId": 1}, tx_ref="t0", role=TxRole.UPDATE,
                             message_id="5.1")  # fmt: skip
    store.close()

    again = Store(path)
    rows = again.charger("z1").rows
    assert [r.message_id for r in rows] == ["4.2", "5.1"] and rows[-1].seq == new_seq
    assert new_seq > rows[0].seq
    again.close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(3,)]
    db.close()
    Store(path).close()  # opening a migrated file again changes nothing
