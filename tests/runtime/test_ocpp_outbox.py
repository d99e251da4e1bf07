"""The durable outbox: order, retries per TransactionMessageAttempts, transactionId filling."""

from __future__ import annotations

from pathlib import Path

from runtime.ocpp.outbox import NO_TRANSACTION_ID, Outbox, TxRole
from runtime.storage.store import Store

START = {"connectorId": 1, "idTag": "T1", "meterStart": 0, "timestamp": "2025-01-01T00:00:00Z"}
STOP = {"meterStop": 10, "timestamp": "2025-01-01T01:00:00Z"}


def test_fifo_and_transaction_id_filled_from_the_start_answer() -> None:
    outbox = Outbox(Store(":memory:"), "cb1")
    outbox.enqueue("StartTransaction", START, tx_ref="t", role=TxRole.START, message_id="m1")
    outbox.enqueue("StopTransaction", STOP, tx_ref="t", role=TxRole.STOP, message_id="m2")
    head = outbox.head()
    assert head is not None and head.message_id == "m1" and "transactionId" not in head.payload
    assert outbox.delivered(head, {"transactionId": 42, "idTagInfo": {"status": "Accepted"}}) == 42
    stop = outbox.head()
    assert stop is not None and stop.message_id == "m2"
    assert stop.payload == {**STOP, "transactionId": 42}
    outbox.delivered(stop, {})
    assert outbox.head() is None and len(outbox) == 0


def test_retries_wait_interval_times_transmissions_then_drop_with_minus_one() -> None:
    outbox = Outbox(Store(":memory:"), "cb1")
    outbox.enqueue("StartTransaction", START, tx_ref="t", role=TxRole.START, message_id="m1")
    outbox.enqueue("StopTransaction", STOP, tx_ref="t", role=TxRole.STOP, message_id="m2")
    head = outbox.head()
    assert head is not None
    assert not outbox.failed(head, now=100, attempts=3, retry_interval=60)
    head = outbox.head()
    assert head is not None and (head.attempts, head.not_before) == (1, 160)
    assert head.message_id == "m1"  # the retransmission reuses the id
    assert not outbox.failed(head, now=160, attempts=3, retry_interval=60)
    head = outbox.head()
    assert head is not None and (head.attempts, head.not_before) == (2, 280)
    assert outbox.failed(head, now=280, attempts=3, retry_interval=60)
    stop = outbox.head()
    assert stop is not None and stop.payload["transactionId"] == NO_TRANSACTION_ID


def test_chargers_have_separate_queues() -> None:
    store = Store(":memory:")
    a, b = Outbox(store, "a"), Outbox(store, "b")
    a.enqueue("StartTransaction", START, tx_ref="t", role=TxRole.START, message_id="a1")
    assert b.head() is None and len(a) == 1


def test_queue_survives_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    store = Store(path)
    Outbox(store, "cb").enqueue(
        "StopTransaction", STOP, tx_ref="t", role=TxRole.STOP, message_id="m9"
    )
    store.close()
    head = Outbox(Store(path), "cb").head()
    assert head is not None and head.message_id == "m9"


def _epoch(path: Path, charge_box: str) -> str:
    """One start: count it, and close (which commits what the store was given)."""
    store = Store(path)
    try:
        return store.next_epoch(charge_box)
    finally:
        store.close()


def test_epoch_grows_on_every_start(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    first = _epoch(path, "cb")
    second = _epoch(path, "cb")
    assert (first, second) == ("1", "2")
    assert _epoch(path, "other") == "1"
