"""The ChargePoint task over an in-memory link, on trio's autojump clock: boot Accepted /
Pending / Rejected timing (OCPP 1.6 §4.2), heartbeat scheduling (§4.6), reconnect without a
new Boot (OCPP-J 1.6 §5.4), call timeouts, handler failures, and the outbox retry rules."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import pytest
import trio
import trio.testing

from runtime.ocpp.charge_point import ChargePoint, ChargePointOptions, LinkEvent, LinkState
from runtime.ocpp.errors import CallErrorReceived, CallTimeout
from runtime.ocpp.outbox import TxRole
from runtime.ocpp.tables import ProtocolTables, generated_tables
from runtime.storage.store import Store
from tests.runtime.memory_link import (
    DEFAULT_REPLIES,
    MemoryCsms,
    accepted,
    boot_answer,
    eventually,
)

BOOT = {"chargePointVendor": "myenergi", "chargePointModel": "zappi"}
OPTIONS = ChargePointOptions("CP 1", "ws://csms.invalid/ocpp", BOOT, boot_retry=30)


class RecordingHandler:
    """Answers every CALL from a table of payloads; raises for actions mapped to an exception."""

    def __init__(self, answers: Mapping[str, Any]) -> None:
        self.answers = answers
        self.seen: list[str] = []

    async def handle(self, action: str, payload: Mapping[str, object]) -> dict[str, object]:
        self.seen.append(action)
        answer = self.answers[action]
        if isinstance(answer, Exception):
            raise answer
        return dict(answer)


async def _dispatch(handler: Any, action: str, payload: Mapping[str, object]) -> dict[str, object]:
    result: dict[str, object] = await handler.handle(action, payload)
    return result


def tables() -> ProtocolTables:
    return replace(generated_tables(), dispatch=_dispatch)


@asynccontextmanager
async def running(
    csms: MemoryCsms, *, handler: object | None = None, options: ChargePointOptions = OPTIONS,
    store: Store | None = None,
) -> AsyncIterator[ChargePoint]:
    cp = ChargePoint(
        options,
        store=store or Store(":memory:"),
        tables=tables(),

        handler=handler,
        connector=csms.connector(),
        wall_clock=trio.current_time,
    )
    async with trio.open_nursery() as nursery:
        nursery.start_soon(csms.serve)
        nursery.start_soon(cp.run)
        yield cp
        nursery.cancel_scope.cancel()


def csms_with(**replies: Any) -> MemoryCsms:
    return MemoryCsms(replies={**DEFAULT_REPLIES, **replies})


async def test_boot_accepted_then_status_for_connector_0_and_1_then_heartbeats(
    autojump_clock: trio.testing.MockClock,
) -> None:
    csms = csms_with(BootNotification=accepted(interval=100))
    with trio.fail_after(1000):
        async with running(csms) as cp:
            await cp.wait_accepted()
            start = trio.current_time()
            await trio.sleep(350)
    assert csms.actions()[:3] == ["BootNotification", "StatusNotification", "StatusNotification"]
    assert [f[3]["connectorId"] for _, f in csms.calls("StatusNotification")] == [0, 1]
    beats = [t - start for t, _ in csms.calls("Heartbeat")]
    assert beats == pytest.approx([100, 200, 300], abs=0.01)
    assert cp.config.get("HeartbeatInterval") == "100"


async def test_traffic_postpones_the_heartbeat(autojump_clock: trio.testing.MockClock) -> None:
    csms = csms_with(BootNotification=accepted(interval=100))
    with trio.fail_after(1000):
        async with running(csms) as cp:
            await cp.wait_accepted()
            start = trio.current_time()
            await trio.sleep(60)
            await cp.call("Authorize", {"idTag": "TAG"})
            await trio.sleep(150)
    beats = [t - start for t, _ in csms.calls("Heartbeat")]
    assert beats == pytest.approx([160], abs=0.01)


async def test_pending_answers_calls_refuses_remote_start_and_reboots_after_interval(
    autojump_clock: trio.testing.MockClock,
) -> None:
    answers = iter([boot_answer("Pending", 40), accepted()])
    csms = csms_with(BootNotification=lambda uid, _: [3, uid, next(answers)])
    handler = RecordingHandler({"GetConfiguration": {"configurationKey": []}})
    with trio.fail_after(1000):
        async with running(csms, handler=handler) as cp:
            await eventually(lambda: csms.calls("BootNotification"))
            booted = csms.calls("BootNotification")[0][0]
            side = csms.current
            assert side is not None
            # The CSMS talks to us while Pending: we answer, and refuse a remote start.
            csms.replies["_"] = None
            await side.send([2, "s1", "GetConfiguration", {}])
            await side.send([2, "s2", "RemoteStartTransaction", {"idTag": "TAG"}])
            await cp.wait_accepted()
    frames = [f for _, f in csms.received]
    assert [3, "s1", {"configurationKey": []}] in frames
    assert [3, "s2", {"status": "Rejected"}] in frames
    assert handler.seen == ["GetConfiguration"]
    boots = [t for t, _ in csms.calls("BootNotification")]
    assert boots[1] - booted == pytest.approx(40, abs=0.01)
    # Nothing but the two Boots and the CALLRESULTs went out before acceptance.
    before = [f for t, f in csms.received if t < boots[1] and f[0] == 2]
    assert [f[2] for f in before] == ["BootNotification"]


async def test_rejected_answers_nothing_until_the_interval_has_passed(
    autojump_clock: trio.testing.MockClock,
) -> None:
    answers = iter([boot_answer("Rejected", 50), accepted()])
    csms = csms_with(BootNotification=lambda uid, _: [3, uid, next(answers)])
    handler = RecordingHandler({"GetConfiguration": {"configurationKey": []}})
    with trio.fail_after(1000):
        async with running(csms, handler=handler) as cp:
            await eventually(lambda: csms.calls("BootNotification"))
            side = csms.current
            assert side is not None
            await side.send([2, "r1", "GetConfiguration", {}])
            await side.send([2, "r2", "MakeCoffee", {}])
            await cp.wait_accepted()
    responses = [f for _, f in csms.received if f[0] in (3, 4)]
    assert responses == []
    assert handler.seen == []
    boots = [t for t, _ in csms.calls("BootNotification")]
    assert boots[1] - boots[0] == pytest.approx(50, abs=0.01)


async def test_boot_callerror_is_retried_after_boot_retry(
    autojump_clock: trio.testing.MockClock,
) -> None:
    outcomes = iter([None, accepted()])

    def reply(uid: str, _: object) -> list[Any]:
        answer = next(outcomes)
        return [4, uid, "InternalError", "", {}] if answer is None else [3, uid, answer]

    csms = csms_with(BootNotification=reply)
    with trio.fail_after(1000):
        async with running(csms) as cp:
            await cp.wait_accepted()
    boots = [t for t, _ in csms.calls("BootNotification")]
    assert boots[1] - boots[0] == pytest.approx(30, abs=0.01)


async def test_reconnect_does_not_boot_again_but_reboot_does(
    autojump_clock: trio.testing.MockClock,
) -> None:
    csms = csms_with(BootNotification=accepted(interval=100))
    events: list[LinkState] = []
    with trio.fail_after(1000):
        async with running(csms) as cp:
            cp.add_listener(lambda event: events.append(event.state))
            await cp.wait_accepted()
            side = csms.current
            assert side is not None
            await side.close()  # the CSMS drops the connection
            await eventually(lambda: cp.connected and csms.current is not side)
            await trio.sleep(150)
            assert [a for a in csms.actions() if a == "BootNotification"] == ["BootNotification"]
            assert csms.calls("Heartbeat"), "heartbeats resume on the new connection"
            cp.reboot()
            await trio.sleep(5)
            await cp.wait_accepted()
    assert csms.actions().count("BootNotification") == 2
    assert LinkState.DISCONNECTED in events and events.count(LinkState.CONNECTED) >= 2


async def test_call_timeout_frees_the_slot(autojump_clock: trio.testing.MockClock) -> None:
    csms = csms_with(Authorize=lambda uid, _: None)
    with trio.fail_after(1000):
        async with running(csms) as cp:
            await cp.wait_accepted()
            cp.config.change("MessageTimeout", "10")
            start = trio.current_time()
            with pytest.raises(CallTimeout):
                await cp.call("Authorize", {"idTag": "TAG"})
            assert trio.current_time() - start == pytest.approx(10, abs=0.01)
            csms.replies["Authorize"] = {"idTagInfo": {"status": "Accepted"}}
            assert await cp.call("Authorize", {"idTag": "TAG"}) == {"idTagInfo": {"status": "Accepted"}}


async def test_callerror_is_raised_to_the_caller(autojump_clock: trio.testing.MockClock) -> None:
    csms = csms_with(Authorize=lambda uid, _: [4, uid, "GenericError", "no", {}])
    with trio.fail_after(100):
        async with running(csms) as cp:
            with pytest.raises(CallErrorReceived) as caught:
                await cp.call("Authorize", {"idTag": "TAG"})
    assert caught.value.code == "GenericError"


async def test_handler_failure_is_internal_error_without_details(
    autojump_clock: trio.testing.MockClock,
) -> None:
    csms = csms_with()
    handler = RecordingHandler(
        {"Reset": RuntimeError("secret database password"), "ClearCache": {"status": "Maybe"}}
    )
    with trio.fail_after(100):
        async with running(csms, handler=handler) as cp:
            await cp.wait_accepted()
            side = csms.current
            assert side is not None
            await side.send([2, "h1", "Reset", {"type": "Soft"}])
            await side.send([2, "h2", "ClearCache", {}])
            await side.send([2, "h3", "MakeCoffee", {}])
            await side.send([2, "h4", "ReserveNow", {}])
            await trio.sleep(5)
    frames = [f for _, f in csms.received if f[0] == 4]
    assert [4, "h1", "InternalError", "", {}] in frames
    assert [4, "h2", "InternalError", "", {}] in frames  # invalid answer: never sent
    assert [f[:3] for f in frames if f[1] in ("h3", "h4")] == [
        [4, "h3", "NotImplemented"], [4, "h4", "NotSupported"]]


async def test_outbox_in_order_with_transaction_id_and_retries(
    autojump_clock: trio.testing.MockClock,
) -> None:
    failures = {"count": 0}

    def start_reply(uid: str, _: object) -> list[Any]:
        failures["count"] += 1
        if failures["count"] < 3:
            return [4, uid, "InternalError", "", {}]
        return [3, uid, {"transactionId": 7, "idTagInfo": {"status": "Accepted"}}]

    csms = csms_with(StartTransaction=start_reply)
    start = {"connectorId": 1, "idTag": "T", "meterStart": 0, "timestamp": "2025-01-01T00:00:00Z"}
    stop = {"meterStop": 5, "timestamp": "2025-01-01T01:00:00Z"}
    with trio.fail_after(1000):
        async with running(csms) as cp:
            cp.config.change("TransactionMessageRetryInterval", "10")
            first = cp.enqueue_transaction_message("StartTransaction", start, tx_ref="a", role=TxRole.START)
            cp.enqueue_transaction_message("StopTransaction", stop, tx_ref="a", role=TxRole.STOP)
            assert await cp.transaction_id("a") == 7
            await eventually(lambda: len(cp.outbox) == 0)
    starts = csms.calls("StartTransaction")
    assert [f[1] for _, f in starts] == [first] * 3  # retransmissions reuse the id
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(starts)]
    assert gaps == pytest.approx([10, 20], abs=0.01)
    (_, stop_frame), = csms.calls("StopTransaction")
    assert stop_frame[3]["transactionId"] == 7
    assert stop_frame[0:3] != starts[0][1][0:3]


async def test_outbox_gives_up_after_attempts_and_uses_minus_one(
    autojump_clock: trio.testing.MockClock,
) -> None:
    csms = csms_with(StartTransaction=lambda uid, _: [4, uid, "NotImplemented", "", {}])
    start = {"connectorId": 1, "idTag": "T", "meterStart": 0, "timestamp": "2025-01-01T00:00:00Z"}
    stop = {"meterStop": 5, "timestamp": "2025-01-01T01:00:00Z"}
    with trio.fail_after(1000):
        async with running(csms) as cp:
            cp.config.change("TransactionMessageRetryInterval", "1")
            cp.enqueue_transaction_message("StartTransaction", start, tx_ref="a", role=TxRole.START)
            cp.enqueue_transaction_message("StopTransaction", stop, tx_ref="a", role=TxRole.STOP)
            assert await cp.transaction_id("a") == -1
            await eventually(lambda: len(cp.outbox) == 0)
    assert len(csms.calls("StartTransaction")) == 3  # TransactionMessageAttempts default
    (_, stop_frame), = csms.calls("StopTransaction")
    assert stop_frame[3]["transactionId"] == -1


async def test_non_transaction_calls_overtake_a_waiting_queue(
    autojump_clock: trio.testing.MockClock,
) -> None:
    csms = csms_with(StartTransaction=lambda uid, _: [4, uid, "InternalError", "", {}])
    start = {"connectorId": 1, "idTag": "T", "meterStart": 0, "timestamp": "2025-01-01T00:00:00Z"}
    with trio.fail_after(1000):
        async with running(csms) as cp:
            cp.config.change("TransactionMessageRetryInterval", "100")
            cp.enqueue_transaction_message("StartTransaction", start, tx_ref="a", role=TxRole.START)
            await trio.sleep(5)
            await cp.call("Authorize", {"idTag": "T"})
            assert trio.current_time() < 100
    assert csms.actions().index("StartTransaction") < csms.actions().index("Authorize")


async def test_invalid_transaction_message_is_refused_at_enqueue() -> None:
    cp = ChargePoint(OPTIONS, store=Store(":memory:"), tables=tables(),
                     connector=MemoryCsms().connector())
    with pytest.raises(Exception, match="invalid StopTransaction"):
        cp.enqueue_transaction_message("StopTransaction", {"meterStop": "x"}, tx_ref="a",
                                       role=TxRole.STOP)
    assert len(cp.outbox) == 0


async def test_authorization_key_change_reconnects_with_the_new_password(
    autojump_clock: trio.testing.MockClock,
) -> None:
    csms = csms_with()
    with trio.fail_after(100):
        async with running(csms) as cp:
            await cp.wait_accepted()
            cp.config.change("AuthorizationKey", "0123456789abcdef0123")
            await eventually(lambda: len(csms.endpoints) >= 2)
    assert csms.endpoints[0].password is None
    assert csms.endpoints[1].password == "0123456789abcdef0123"
    assert "0123456789abcdef0123" not in repr(csms.endpoints[1])


async def test_listener_sees_boot_status(autojump_clock: trio.testing.MockClock) -> None:
    csms = csms_with()
    seen: list[LinkEvent] = []
    with trio.fail_after(100):
        async with running(csms) as cp:
            cp.add_listener(seen.append)
            await cp.wait_accepted()
    assert LinkEvent(LinkState.ACCEPTED, "Accepted") in seen


async def test_websocket_pings_follow_the_interval_and_a_missing_pong_drops_the_link(
    autojump_clock: trio.testing.MockClock,
) -> None:
    csms = csms_with(BootNotification=accepted(interval=1000))
    with trio.fail_after(1000):
        async with running(csms) as cp:
            await cp.wait_accepted()
            cp.config.change("WebSocketPingInterval", "30")
            start = trio.current_time()
            await eventually(lambda: len(csms.pings) >= 3)
            gaps = [b - a for a, b in itertools.pairwise(csms.pings)]
            assert gaps[-1] == pytest.approx(30, abs=0.1)
            csms.answer_pings = False
            await eventually(lambda: len(csms.endpoints) >= 2)  # reconnected
            assert trio.current_time() - start < 200
