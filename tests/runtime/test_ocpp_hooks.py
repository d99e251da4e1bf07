"""The ChargePoint's hooks for its owner, over an in-memory link on the autojump clock:
work after an answer went out (TriggerMessage, OCPP 1.6 §5.17), the BootNotification payload,
and listening to answers of queued transaction messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
import trio
import trio.testing

from runtime.ocpp.charge_point import ChargePoint
from runtime.ocpp.errors import LocalProtocolError
from runtime.ocpp.outbox import TxRole
from runtime.storage.store import Store
from tests.runtime.memory_link import MemoryCsms, boot_answer, eventually
from tests.runtime.test_ocpp_charge_point_memory import OPTIONS, csms_with, running, tables

TRIGGER = {"requestedMessage": "Heartbeat"}
START = {"connectorId": 1, "idTag": "T", "meterStart": 0, "timestamp": "2025-01-01T00:00:00Z"}
STOP = {"meterStop": 5, "timestamp": "2025-01-01T01:00:00Z"}


class TriggeringHandler:
    """Answers TriggerMessage Accepted and sends the Heartbeat it asked for after the answer;
    ``fail`` makes the handler raise after registering."""

    def __init__(self, nursery: trio.Nursery, fail: bool = False) -> None:
        self.nursery = nursery
        self.fail = fail
        self.cp: ChargePoint | None = None

    async def handle(self, action: str, payload: Mapping[str, object]) -> dict[str, object]:
        assert self.cp is not None
        cp = self.cp
        cp.after_answer(lambda: self.nursery.start_soon(cp.call, "Heartbeat", {}))
        if self.fail:
            raise RuntimeError("handler broke after registering")
        return {"status": "Accepted"}


def wire(csms: MemoryCsms) -> list[tuple[int, str, str]]:
    """(message type, unique id, action or '') of every frame the charge point sent."""
    return [(f[0], f[1], f[2] if f[0] == 2 else "") for _, f in csms.received]


@pytest.mark.parametrize("answer_delay", [0.0, 2.0])
async def test_after_answer_sends_the_triggered_call_after_the_callresult(
    autojump_clock: trio.testing.MockClock, answer_delay: float
) -> None:
    csms = csms_with()
    csms.answer_delay = answer_delay  # a slow answer write must still go first
    with trio.fail_after(100):
        async with trio.open_nursery() as outer:
            handler = TriggeringHandler(outer)
            async with running(csms, handler=handler) as cp:
                handler.cp = cp
                await cp.wait_accepted()
                assert csms.current is not None
                await csms.current.send([2, "t1", "TriggerMessage", TRIGGER])
                await eventually(lambda: csms.calls("Heartbeat"), poll=0.1)
    frames = wire(csms)
    answer = frames.index((3, "t1", ""))
    (heartbeat,) = [i for i, f in enumerate(frames) if f[2] == "Heartbeat"]
    assert answer < heartbeat


async def test_after_answer_is_dropped_when_the_answer_is_a_callerror(
    autojump_clock: trio.testing.MockClock,
) -> None:
    csms = csms_with()
    with trio.fail_after(100):
        async with trio.open_nursery() as outer:
            handler = TriggeringHandler(outer, fail=True)
            async with running(csms, handler=handler) as cp:
                handler.cp = cp
                await cp.wait_accepted()
                assert csms.current is not None
                await csms.current.send([2, "t1", "TriggerMessage", TRIGGER])
                await eventually(lambda: any(f[0] == 4 for _, f in csms.received), poll=0.1)
                await trio.sleep(5)
    assert not csms.calls("Heartbeat")


async def test_after_answer_outside_a_handler_is_refused() -> None:
    cp = ChargePoint(OPTIONS, store=Store(":memory:"), tables=tables(),
                     connector=MemoryCsms().connector())
    with pytest.raises(RuntimeError, match="only for a handler"):
        cp.after_answer(lambda: None)


async def test_set_boot_payload_is_used_by_the_next_boot(
    autojump_clock: trio.testing.MockClock,
) -> None:
    csms = csms_with()
    with trio.fail_after(100):
        async with running(csms) as cp:
            await cp.wait_accepted()
            cp.set_boot_payload({**OPTIONS.boot, "firmwareVersion": "3562"})
            cp.reboot()
            await eventually(lambda: len(csms.calls("BootNotification")) == 2)
    first, second = (frame[3] for _, frame in csms.calls("BootNotification"))
    assert "firmwareVersion" not in first
    assert second == {**OPTIONS.boot, "firmwareVersion": "3562"}


async def test_set_boot_payload_refuses_an_invalid_payload_at_once(
    autojump_clock: trio.testing.MockClock,
) -> None:
    csms = csms_with()
    cp = ChargePoint(OPTIONS, store=Store(":memory:"), tables=tables(),
                     connector=csms.connector())
    with pytest.raises(LocalProtocolError, match="BootNotification"):
        cp.set_boot_payload({"chargePointVendor": "myenergi"})  # no chargePointModel
    with trio.fail_after(100):  # the refused payload is never used: the boot keeps the old one
        async with trio.open_nursery() as nursery:
            nursery.start_soon(csms.serve)
            nursery.start_soon(cp.run)
            await cp.wait_accepted()
            nursery.cancel_scope.cancel()
    assert [frame[3] for _, frame in csms.calls("BootNotification")] == [OPTIONS.boot]


async def test_transaction_answers_reach_the_listener_as_they_are_committed(
    autojump_clock: trio.testing.MockClock,
) -> None:
    invalid = {"transactionId": 9, "idTagInfo": {"status": "Invalid"}}
    csms = csms_with(StartTransaction=invalid)
    heard: list[tuple[str, TxRole, str, dict[str, Any], int]] = []
    with trio.fail_after(100):
        async with running(csms) as cp:

            def listener(tx_ref: str, role: TxRole, action: str, answer: dict[str, Any]) -> None:
                # committed already: the id is known and the message is gone from the queue
                heard.append((tx_ref, role, action, answer, len(cp.outbox)))
                assert cp.outbox.transaction_id(tx_ref) == 9

            def broken(*_: object) -> None:
                raise RuntimeError("a listener bug must not undo the delivery")

            cp.on_transaction_answer(broken)
            cp.on_transaction_answer(listener)
            cp.enqueue_transaction_message("StartTransaction", START, tx_ref="a", role=TxRole.START)
            cp.enqueue_transaction_message("StopTransaction", STOP, tx_ref="a", role=TxRole.STOP)
            await cp.wait_queue_empty()
    assert heard == [
        ("a", TxRole.START, "StartTransaction", invalid, 1),
        ("a", TxRole.STOP, "StopTransaction", {}, 0),
    ]


async def test_wait_queue_empty_returns_after_a_message_is_dropped(
    autojump_clock: trio.testing.MockClock,
) -> None:
    csms = csms_with(
        BootNotification=boot_answer("Accepted", 60),
        StartTransaction=lambda uid, _: [4, uid, "InternalError", "", {}],
    )
    heard: list[str] = []
    with trio.fail_after(100):
        async with running(csms) as cp:
            cp.config.change("TransactionMessageRetryInterval", "1")
            cp.on_transaction_answer(lambda tx_ref, *_: heard.append(tx_ref))
            cp.enqueue_transaction_message("StartTransaction", START, tx_ref="a", role=TxRole.START)
            await cp.wait_queue_empty()
            assert await cp.transaction_id("a") == -1
    assert len(csms.calls("StartTransaction")) == 3
    assert heard == []  # a failure to process is no answer
