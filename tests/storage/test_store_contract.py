"""What every engine promises (run against SQLite and PostgreSQL alike): order, at least once
delivery, transaction ids, configuration, bridge state, epochs, atomic write groups, fencing,
group commit. Each test writes through one store, closes it, and reads what a new process
opening the same location would find."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import trio

from generated.config_keys import CONFIG_KEYS
from runtime.bridge.state import BridgeStateStore, DurableState, TxRecord
from runtime.ocpp.config_store import ConfigStore
from runtime.ocpp.outbox import NO_TRANSACTION_ID, Outbox, TxRole
from runtime.storage.engine import StorageError, WriteRefused
from runtime.storage.records import Owner
from runtime.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
START = {"connectorId": 1, "idTag": "T1", "meterStart": 0, "timestamp": "2025-01-01T00:00:00Z"}
METER = {"connectorId": 1, "meterValue": [{"timestamp": "2025-01-01T00:30:00Z",
                                           "sampledValue": [{"value": "7"}]}]}
STOP = {"meterStop": 10, "timestamp": "2025-01-01T01:00:00Z"}


@contextmanager
def opened(location: str | Path) -> Iterator[Store]:
    store = Store(location)
    try:
        yield store
    finally:
        store.close()


def test_queue_order_and_ids_survive_reopening(location: str | Path) -> None:
    with opened(location) as store:
        outbox = Outbox(store, "cb")
        outbox.enqueue("StartTransaction", START, tx_ref="t", role=TxRole.START, message_id="1.1")
        outbox.enqueue("MeterValues", METER, tx_ref="t", role=TxRole.UPDATE, message_id="1.2")
        outbox.enqueue("StopTransaction", STOP, tx_ref="t", role=TxRole.STOP, message_id="1.3")
        Outbox(store, "other").enqueue("StopTransaction", STOP, tx_ref="x", role=TxRole.STOP,
                                       message_id="9.1")  # fmt: skip
    with opened(location) as store:
        outbox = Outbox(store, "cb")
        assert len(outbox) == 3
        seen = []
        while (head := outbox.head()) is not None:
            seen.append((head.message_id, head.action))
            outbox.delivered(head, {"transactionId": 7} if head.role is TxRole.START else {})
        assert seen == [("1.1", "StartTransaction"), ("1.2", "MeterValues"),
                        ("1.3", "StopTransaction")]  # fmt: skip
    with opened(location) as store:
        assert len(Outbox(store, "cb")) == 0 and len(Outbox(store, "other")) == 1


def test_an_unanswered_message_is_delivered_again_with_its_id(location: str | Path) -> None:
    """At least once: only an answer removes a message; a failure to process counts."""
    with opened(location) as store:
        outbox = Outbox(store, "cb")
        outbox.enqueue("StartTransaction", START, tx_ref="t", role=TxRole.START, message_id="1.1")
        outbox.enqueue("StopTransaction", STOP, tx_ref="t", role=TxRole.STOP, message_id="1.2")
        head = outbox.head()
        assert head is not None
        assert not outbox.failed(head, now=100, attempts=3, retry_interval=60)
    with opened(location) as store:
        outbox = Outbox(store, "cb")
        head = outbox.head()
        assert head is not None and (head.message_id, head.attempts, head.not_before) == (
            "1.1", 1, 160)
        assert outbox.delivered(head, {"transactionId": 42}) == 42
        outbox.enqueue("MeterValues", METER, tx_ref="t", role=TxRole.UPDATE, message_id="2.1")
    with opened(location) as store:
        outbox = Outbox(store, "cb")
        stop = outbox.head()
        assert stop is not None and stop.message_id == "1.2"
        assert stop.payload == {**STOP, "transactionId": 42}
        assert outbox.transaction_id("t") == 42
        outbox.delivered(stop, {})
        meter = outbox.head()
        assert meter is not None and meter.seq > stop.seq  # numbered after what was loaded


def test_transaction_ids_are_settled_and_forgotten(location: str | Path) -> None:
    with opened(location) as store:
        outbox = Outbox(store, "cb")
        outbox.enqueue("StartTransaction", START, tx_ref="a", role=TxRole.START, message_id="1")
        outbox.enqueue("StartTransaction", START, tx_ref="b", role=TxRole.START, message_id="2")
        outbox.enqueue("StopTransaction", STOP, tx_ref="b", role=TxRole.STOP, message_id="3")
        first = outbox.head()
        assert first is not None
        outbox.delivered(first, {"transactionId": 1001})
        second = outbox.head()
        assert second is not None
        assert outbox.failed(second, now=0, attempts=1, retry_interval=0)  # dropped: -1
    with opened(location) as store:
        outbox = Outbox(store, "cb")
        assert (outbox.transaction_id("a"), outbox.transaction_id("b")) == (1001, NO_TRANSACTION_ID)
        stop = outbox.head()
        assert stop is not None and stop.payload["transactionId"] == NO_TRANSACTION_ID
        outbox.delivered(stop, {})
    with opened(location) as store:
        outbox = Outbox(store, "cb")
        assert outbox.transaction_id("b") is None  # its Stop is done: forgotten
        assert outbox.transaction_id("a") == 1001  # still running


def test_configuration_and_bridge_state_persist_per_charger(location: str | Path) -> None:
    state = DurableState(register_wh=1234.5, last_che_wh=2.0, tx_counter=3,
                         transaction=TxRecord("tx3", "TAG", 1200, "2025-01-01T00:00:00Z"))
    with opened(location) as store:
        ConfigStore(store, "a", CONFIG_KEYS).change("HeartbeatInterval", "30")
        ConfigStore(store, "a", CONFIG_KEYS).change("HeartbeatInterval", "45")  # the last wins
        BridgeStateStore(store, "a").save(DurableState(register_wh=1.0))
        BridgeStateStore(store, "a").save(state)
    with opened(location) as store:
        assert ConfigStore(store, "a", CONFIG_KEYS).get("HeartbeatInterval") == "45"
        assert ConfigStore(store, "b", CONFIG_KEYS).get("HeartbeatInterval") == "60"  # default
        assert BridgeStateStore(store, "a").load() == state
        assert BridgeStateStore(store, "b").load() == DurableState()


def test_the_epoch_grows_on_every_start(location: str | Path) -> None:
    epochs = []
    for _ in range(3):
        with opened(location) as store:
            epochs.append(store.next_epoch("cb"))
    with opened(location) as store:
        assert store.next_epoch("other") == "1"
    assert epochs == ["1", "2", "3"]


def test_a_write_group_is_all_or_nothing(location: str | Path) -> None:
    """What one input changes (queued messages and the bridge state) commits together: a
    group refused by its fence leaves no trace, and a group next to it is not affected."""
    with opened(location) as store:
        store.set_fence("hub-1", 1)
        stale, fine = store.charger("stale"), store.charger("fine")
        stale.owner = Owner("hub-1", 0)
        fine.owner = Owner("hub-1", 1)
        for stored in (stale, fine):
            with BridgeStateStore(store, stored.charge_box).atomically():
                Outbox(store, stored.charge_box).enqueue(
                    "StopTransaction", STOP, tx_ref="t", role=TxRole.STOP, message_id="1")
                BridgeStateStore(store, stored.charge_box).save(DurableState(tx_counter=9))

        async def outcomes() -> None:
            with pytest.raises(WriteRefused, match="hub-1"):
                await stale.wait()
            await fine.wait()

        trio.run(outcomes)
    with opened(location) as store:
        assert len(Outbox(store, "stale")) == 0
        assert BridgeStateStore(store, "stale").load() == DurableState()
        assert len(Outbox(store, "fine")) == 1
        assert BridgeStateStore(store, "fine").load().tx_counter == 9


def test_a_new_fence_epoch_refuses_the_old_owner(location: str | Path) -> None:
    with opened(location) as store:
        stored = store.charger("cb")
        store.set_fence("hub-7", 1)
        stored.owner = Owner("hub-7", 1)
        stored.set_config("heartbeatinterval", "10")

        async def scenario() -> None:
            await stored.wait()
            await trio.to_thread.run_sync(store.set_fence, "hub-7", 2)  # taken over
            stored.set_config("heartbeatinterval", "20")
            with pytest.raises(WriteRefused):
                await stored.wait()
            stored.owner = Owner("hub-7", 2)  # the new owner writes
            stored.set_config("heartbeatinterval", "30")
            await stored.wait()

        trio.run(scenario)
        # an unfenced charger is not affected by any of it
        store.charger("free").set_config("heartbeatinterval", "5")
    with opened(location) as store:
        assert store.charger("cb").config == {"heartbeatinterval": "30"}
        assert store.charger("free").config == {"heartbeatinterval": "5"}


def test_refresh_reads_what_another_store_wrote(location: str | Path) -> None:
    with opened(location) as first, opened(location) as second:
        ConfigStore(first, "cb", CONFIG_KEYS).change("HeartbeatInterval", "99")

        async def takeover() -> None:
            await first.flush()
            await second.refresh(["cb"])

        trio.run(takeover)
        assert ConfigStore(second, "cb", CONFIG_KEYS).get("HeartbeatInterval") == "99"


def _held_write_lock(location: str | Path) -> tuple[object, object]:
    """Another connection holding the write lock of ``location`` (a real database lock)."""
    if isinstance(location, Path):
        import sqlite3

        blocker = sqlite3.connect(location, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        return blocker, lambda: blocker.execute("ROLLBACK")
    import psycopg

    pg = psycopg.connect(str(location))
    pg.execute("LOCK TABLE outbox, bridge_state, fences IN EXCLUSIVE MODE")
    return pg, pg.rollback


async def test_the_writes_of_many_chargers_share_one_commit(location: str | Path) -> None:
    """Group commit: 300 chargers each write while the writer waits for the database; the
    writer then commits all of them in one transaction (plus, at most, the one it held)."""
    store = Store(location)
    try:
        chargers = [store.charger(f"z{i}") for i in range(300)]
        before = store.commits
        connection, release = _held_write_lock(location)
        try:
            for i, stored in enumerate(chargers):
                with stored.group():
                    stored.enqueue("MeterValues", METER, tx_ref="t", role="update",
                                   message_id=f"1.{i}", now=0.0)  # fmt: skip
                    stored.save_state('{"register_wh": 1}')
            assert store.pending_writes > 0
        finally:
            release()  # type: ignore[operator]
        await store.flush()
        assert store.pending_writes == 0
        assert 1 <= store.commits - before <= 2
        connection.close()  # type: ignore[attr-defined]
    finally:
        store.close()
    with opened(location) as again:
        assert sum(len(rows) for _, rows in again.queues()) == 300


def test_a_store_written_by_a_newer_release_is_refused(location: str | Path) -> None:
    Store(location).close()
    if isinstance(location, Path):
        import sqlite3

        db = sqlite3.connect(location)
        db.execute("UPDATE schema_version SET version = 99")
        db.commit()
        db.close()
    else:
        import psycopg

        with psycopg.connect(str(location)) as pg:
            pg.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StorageError, match="schema version 99"):
        Store(location)


def test_the_in_memory_parts_import_without_trio() -> None:
    """The sans-I/O cores (outbox, configuration, bridge state) hold a StoredCharger: it and
    the vocabulary must not pull in trio (or a database driver)."""
    program = (
        "import sys\n"
        "sys.modules['trio'] = None\n"
        "sys.modules['psycopg'] = None\n"
        "import runtime.storage.stored_charger, runtime.storage.records\n"
        "import runtime.storage.final_writes, runtime.storage.schema, runtime.storage.sql\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)  # fmt: skip
    assert done.stdout.strip() == "ok", done.stderr[-2000:]
