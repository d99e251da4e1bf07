"""The durable outbox under group commit, on both engines against a real CSMS: no frame goes
out before its enqueue is committed (checked from another database connection at the moment
the CSMS receives it), and a commit that fails sends nothing and spares the rest of its batch.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, nullcontext
from pathlib import Path
from typing import Any

import psycopg
import pytest
import trio

from runtime.ocpp.charge_point import ChargePoint, ChargePointOptions
from runtime.ocpp.outbox import TxRole
from runtime.storage.store import Store
from tests.support.csms import TestCsms

BOOT = {"chargePointVendor": "myenergi", "chargePointModel": "zappi"}


def meter(marker: str) -> dict[str, Any]:
    return {"connectorId": 1, "meterValue": [{"timestamp": "2025-01-01T00:30:00Z",
            "sampledValue": [{"value": marker, "measurand": "Energy.Active.Import.Register",
                              "unit": "Wh"}]}]}  # fmt: skip


def committed_payloads(location: str | Path, charge_box: str) -> list[dict[str, Any]]:
    """What another connection sees committed in ``charge_box``'s queue right now."""
    query = "SELECT payload FROM outbox WHERE charge_box = {} ORDER BY seq"
    if isinstance(location, Path):
        with sqlite3.connect(location) as db:
            rows = db.execute(query.format("?"), (charge_box,)).fetchall()
        db.close()
    else:
        with psycopg.connect(location) as pg:
            rows = pg.execute(query.format("%s"), (charge_box,)).fetchall()
    return [json.loads(text) for (text,) in rows]


def held_write_lock(location: str | Path) -> tuple[Callable[[str], None], Callable[[], None]]:
    """Another connection holding the write lock (a real database lock): ``run(sql)`` inside
    its transaction, ``commit()`` to let go."""
    if isinstance(location, Path):
        blocker = sqlite3.connect(location, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")

        def release() -> None:
            blocker.execute("COMMIT")
            blocker.close()

        return blocker.execute, release
    pg = psycopg.connect(location)
    pg.execute("LOCK TABLE outbox, bridge_state, fences IN EXCLUSIVE MODE")

    def pg_release() -> None:
        pg.commit()
        pg.close()

    def pg_run(sql: str) -> None:
        pg.execute(sql)

    return pg_run, pg_release


@asynccontextmanager
async def fleet(store: Store, csms: TestCsms, names: list[str]) -> AsyncIterator[list[ChargePoint]]:
    cps = [ChargePoint(ChargePointOptions(name, csms.url, BOOT, connectors=1), store=store)
           for name in names]  # fmt: skip
    async with trio.open_nursery() as nursery:
        for cp in cps:
            nursery.start_soon(cp.run)
        for cp in cps:
            await cp.wait_accepted()
        yield cps
        nursery.cancel_scope.cancel()


async def test_every_frame_is_on_disk_when_the_csms_receives_it(location: str | Path) -> None:
    """20 chargers queue 5 MeterValues each at once (some inside a write group), first while
    another connection holds the write lock (nothing may go out), then freely: at the moment
    the CSMS receives each one, another connection already sees it committed; each is deleted
    once answered."""
    names = [f"cb{i}" for i in range(20)]
    off_disk: list[tuple[str, str]] = []

    def answer(charge_box: str, request: dict[str, Any]) -> dict[str, Any]:
        marker = request["meter_value"][0]["sampled_value"][0]["value"]
        stored = {p["meterValue"][0]["sampledValue"][0]["value"]
                  for p in committed_payloads(location, charge_box)}  # fmt: skip
        if marker not in stored:
            off_disk.append((charge_box, marker))
        return {}

    store = Store(location)
    try:
        with TestCsms() as csms, trio.fail_after(60):
            csms.script.reply("MeterValues", answer)
            async with fleet(store, csms, names) as cps:
                _, release = held_write_lock(location)
                try:
                    for round_ in range(5):
                        for cp in cps:
                            name = cp.options.charge_box_id
                            # even rounds (the first in an empty queue): inside a write group,
                            # as the bridge queues with its state; the scheduler looks at the
                            # queue while the group is open, and must not send it
                            with store.charger(name).group() if round_ % 2 == 0 else nullcontext():
                                cp.enqueue_transaction_message(
                                    "MeterValues", meter(f"{name}-{round_}"), tx_ref="t",
                                    role=TxRole.UPDATE)  # fmt: skip
                                await trio.lowlevel.checkpoint()
                    await trio.sleep(0.5)  # room for a send that must not happen
                    assert csms.calls("MeterValues") == []
                finally:
                    release()
                for cp in cps:
                    await cp.wait_queue_empty()
                await store.flush()
        assert off_disk == []
        for name in names:
            sent = [c[3]["meterValue"][0]["sampledValue"][0]["value"]
                    for c in csms.calls("MeterValues", name)]  # fmt: skip
            assert sent == [f"{name}-{r}" for r in range(5)]
            assert committed_payloads(location, name) == []  # deleted with their answers
    finally:
        store.close()


async def test_a_commit_that_fails_for_good_sends_nothing_and_spares_its_batch(
    location: str | Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Three chargers queue a message into one batch; another connection takes the queue slot
    of one of them (a real unique-key conflict, not an outage), so that charger's write fails
    for good: it is never sent (logged as dropped), the other two are, and the charger goes
    on with its next message."""
    store = Store(location)
    try:
        with TestCsms() as csms, trio.fail_after(60):
            async with fleet(store, csms, ["a", "b", "c"]) as cps:
                run_sql, release = held_write_lock(location)
                try:
                    for cp in cps:
                        cp.enqueue_transaction_message("MeterValues", meter(cp.options.charge_box_id),
                                                       tx_ref="t", role=TxRole.UPDATE)  # fmt: skip
                    head = cps[1].outbox.head()
                    assert head is not None
                    run_sql("INSERT INTO outbox (charge_box, seq, message_id, action, payload, "
                            "tx_ref, role, attempts, not_before, enqueued_at) VALUES "
                            f"('b', {head.seq}, 'other', 'MeterValues', '{{}}', 't', 'update', "
                            "0, 0, 0)")  # fmt: skip
                finally:
                    release()
                with caplog.at_level(logging.ERROR):
                    await cps[0].wait_queue_empty()
                    await cps[2].wait_queue_empty()
                    await cps[1].wait_queue_empty()  # dropped, not sent
                assert "dropping MeterValues the store could not write" in caplog.text
                cps[1].enqueue_transaction_message("MeterValues", meter("b-next"), tx_ref="t",
                                                   role=TxRole.UPDATE)  # fmt: skip
                await cps[1].wait_queue_empty()
        values = {box: [c[3]["meterValue"][0]["sampledValue"][0]["value"]
                        for c in csms.calls("MeterValues", box)] for box in "abc"}  # fmt: skip
        assert values == {"a": ["a"], "b": ["b-next"], "c": ["c"]}
    finally:
        store.close()


async def test_a_settled_commit_calls_back_in_the_trio_thread(
    location: str | Path, caplog: pytest.LogCaptureFixture
) -> None:
    """What the scheduler waits with instead of a task: callbacks run in the trio thread once
    the commit is settled, not before; one that raises is logged and the others still run;
    a ticket already settled registers nothing."""
    store = Store(location)
    try:
        stored = store.charger("x")
        calls: list[int] = []

        def broken() -> None:
            raise RuntimeError("a broken callback")

        _, release = held_write_lock(location)
        try:
            stored.save_state("{}")
            ticket = stored.last_ticket
            assert stored.commit_state(ticket, broken) is False
            assert stored.commit_state(ticket, lambda: calls.append(threading.get_ident())) is False
            await trio.sleep(0.3)
            assert calls == [] and not stored.durable(ticket)
        finally:
            release()
        with trio.fail_after(30):
            while not calls:  # noqa: ASYNC110 - the writer thread settles it
                await trio.sleep(0.01)
        assert calls == [threading.get_ident()]
        assert stored.durable(ticket)
        assert stored.commit_state(ticket, broken) is True
        await trio.sleep(0.1)
        assert calls == [threading.get_ident()]
        assert caplog.text.count("a commit callback failed") == 1
    finally:
        store.close()
