"""The trio driver over an in-memory link on the autojump clock: the core's timers, the runtime's
hooks (StartTransaction answers, a trigger answered before what it asks for, the boot payload)
and the state committed with the queued messages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import trio
import trio.testing
from core_helpers import T0, charging, plugged, zappi

from runtime.bridge.charger import ChargerIdentity
from runtime.bridge.driver import ChargerDriver
from runtime.bridge.effects import MyenergiCommand
from runtime.storage.store import Store
from tests.runtime.memory_link import DEFAULT_REPLIES, MemoryCsms, eventually


@dataclass
class Commands:
    sent: list[tuple[str, object]] = field(default_factory=list)

    async def run_command(self, serial: str, command: MyenergiCommand) -> None:
        self.sent.append((command.command.value, command.argument))


def make_driver(store: Store, csms: MemoryCsms, commands: Commands) -> ChargerDriver:
    return ChargerDriver(
        ChargerIdentity("21000001", "box", "VTAG1"),
        store=store,
        csms_url="ws://csms.invalid/ocpp",
        commands=commands,
        connector=csms.connector(),
        wall_clock=lambda: T0 + trio.current_time(),
    )


@asynccontextmanager
async def running(
    store: Store, replies: dict[str, Any] | None = None
) -> AsyncIterator[tuple[ChargerDriver, MemoryCsms, Commands]]:
    csms = MemoryCsms(replies={**DEFAULT_REPLIES, **(replies or {})})
    commands = Commands()
    driver = make_driver(store, csms, commands)
    async with trio.open_nursery() as nursery:
        nursery.start_soon(csms.serve)
        await nursery.start(driver.run)
        yield driver, csms, commands
        nursery.cancel_scope.cancel()


def payloads(csms: MemoryCsms, action: str) -> list[dict[str, Any]]:
    return [frame[3] for _, frame in csms.calls(action)]


async def wait(predicate: Callable[[], object]) -> None:
    with trio.fail_after(600):
        await eventually(predicate)


async def test_meter_values_every_sample_interval_carry_the_transaction_id(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async with running(Store(":memory:")) as (driver, csms, _):
        driver.observe(charging(che=1.0))
        await wait(lambda: payloads(csms, "StartTransaction"))
        start = trio.current_time()
        await wait(lambda: len(payloads(csms, "MeterValues")) >= 3)  # default interval 60 s
        times = [t for t, _ in csms.calls("MeterValues")]
        assert [round(t - start) for t in times[:3]] == [60, 120, 180]
        assert {p["transactionId"] for p in payloads(csms, "MeterValues")} == {42}


async def test_connection_timeout_runs_on_the_drivers_timer(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async with running(Store(":memory:")) as (driver, csms, commands):
        driver.config.set("FreeCharging", "false")
        driver.config.set("ConnectionTimeOut", "30")
        driver.observe(zappi())
        await wait(lambda: payloads(csms, "StatusNotification"))
        _, effects = driver.core.remote_start(1, "CARD1", driver.now())
        driver.apply(effects)
        started = trio.current_time()
        await wait(lambda: commands.sent[-1:] == [("set_mode", 4)])
        assert 30 <= trio.current_time() - started < 31
        assert commands.sent == [("unlock", None), ("set_mode", 1), ("set_mode", 4)]


async def test_an_invalid_start_answer_reaches_the_core(
    autojump_clock: trio.testing.MockClock,
) -> None:
    invalid = {"transactionId": 7, "idTagInfo": {"status": "Invalid"}}
    async with running(Store(":memory:"), {"StartTransaction": invalid}) as (driver, csms, _):
        driver.config.set("StopTransactionOnInvalidId", "true")
        driver.observe(plugged())
        await wait(lambda: payloads(csms, "StopTransaction"))
        (stop,) = payloads(csms, "StopTransaction")
        assert (stop["reason"], stop["transactionId"]) == ("DeAuthorized", 7)


async def test_state_and_queued_messages_are_committed_together(
    autojump_clock: trio.testing.MockClock,
) -> None:
    store = Store(":memory:")
    csms = MemoryCsms(refuse=True)  # the CSMS is down: the StartTransaction stays queued
    driver = make_driver(store, csms, Commands())
    async with trio.open_nursery() as nursery:
        await nursery.start(driver.run)
        driver.observe(plugged())
        await trio.sleep(5)
        nursery.cancel_scope.cancel()
    again = make_driver(store, csms, Commands())
    assert again.core.transaction is not None
    assert again.core.transaction.id_tag == "VTAG1"
    head = again.cp.outbox.head()
    assert head is not None and head.action == "StartTransaction"
    assert len(again.cp.outbox) == 1


async def test_a_status_lost_with_the_connection_is_sent_again(
    autojump_clock: trio.testing.MockClock,
) -> None:
    unanswered: list[str] = []

    def status_reply(unique_id: str, payload: dict[str, Any]) -> list[Any] | None:
        if payload["status"] == "Preparing" and not unanswered:
            unanswered.append(unique_id)
            return None  # the connection drops before the answer
        return [3, unique_id, {}]

    async with running(Store(":memory:"), {"StatusNotification": status_reply}) as (
        driver,
        csms,
        _,
    ):
        driver.config.set("FreeCharging", "false")
        driver.observe(zappi())
        await wait(lambda: len(payloads(csms, "StatusNotification")) >= 2)
        driver.observe(plugged())
        await wait(lambda: unanswered)
        assert csms.current is not None
        await csms.current.close()
        await wait(
            lambda: (
                [p["status"] for p in payloads(csms, "StatusNotification")].count("Preparing") == 2
            )
        )
        assert len(payloads(csms, "BootNotification")) == 1  # a reconnect, not a reboot


async def test_a_triggered_message_follows_the_trigger_answer_on_a_slow_link(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async with running(Store(":memory:")) as (driver, csms, _):
        driver.observe(zappi())
        await wait(lambda: len(payloads(csms, "StatusNotification")) >= 2)
        csms.answer_delay = 2.0  # writing an answer takes a while: it must still go first
        assert csms.current is not None
        trigger = {"requestedMessage": "StatusNotification", "connectorId": 1}
        await csms.current.send([2, "t1", "TriggerMessage", trigger])
        await wait(lambda: len(payloads(csms, "StatusNotification")) >= 3)
    frames = [frame for _, frame in csms.received]
    answered = frames.index([3, "t1", {"status": "Accepted"}])
    triggered = [i for i, f in enumerate(frames) if f[0] == 2 and f[2] == "StatusNotification"]
    assert triggered[2] > answered
    assert frames[triggered[2]][3]["connectorId"] == 1


async def test_each_boot_carries_the_firmware_the_zappi_reports(
    autojump_clock: trio.testing.MockClock,
) -> None:
    async with running(Store(":memory:")) as (driver, csms, _):
        driver.observe(zappi(fwv="3562S5.782"))
        await wait(lambda: payloads(csms, "BootNotification"))
        driver.observe(zappi(fwv="3562S5.800"))  # a new firmware: boot again (OCPP 1.6 §4.2)
        await wait(lambda: len(payloads(csms, "BootNotification")) == 2)
    first, second = payloads(csms, "BootNotification")
    assert (first["firmwareVersion"], second["firmwareVersion"]) == ("3562S5.782", "3562S5.800")
    assert second["chargePointSerialNumber"] == "21000001"


async def test_a_firmware_version_the_schema_refuses_keeps_the_last_valid_boot(
    autojump_clock: trio.testing.MockClock, caplog: pytest.LogCaptureFixture
) -> None:
    async with running(Store(":memory:")) as (driver, csms, _):
        driver.observe(zappi(fwv="3562S5.782"))
        await wait(lambda: payloads(csms, "BootNotification"))
        # a version that parses (so it is a firmware change) but breaks firmwareVersion's
        # maxLength 50
        driver.observe(zappi(fwv="3562S5.8" + "0" * 50))
        await wait(lambda: len(payloads(csms, "BootNotification")) == 2)
    assert payloads(csms, "BootNotification")[1]["firmwareVersion"] == "3562S5.782"
    assert "boot.payload_refused" in [r.getMessage() for r in caplog.records]
