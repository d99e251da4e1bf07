"""The tasks that talk for one charger: typed CALLs, the StatusNotification queue, and the
myenergi command queue (trio).

The core's effects name typed requests (:mod:`runtime.bridge.effects`); :func:`send` makes
each the typed call of the ChargePoint's generated sender. StatusNotifications go out in
order, one at a time, and again after a lost connection (:class:`StatusQueue`); myenergi
commands go out in order, per charger (:class:`CommandQueue`). A failure is logged; the next
status report tells the truth.
"""

from __future__ import annotations

import logging
import math
from collections import deque
from dataclasses import replace
from typing import Protocol, assert_never

import trio

from generated.handlers import ChargePointSender
from generated.payloads import (
    BootNotificationRequest,
    DiagnosticsStatusNotificationRequest,
    FirmwareStatusNotificationRequest,
    HeartbeatRequest,
    MeterValuesRequest,
    StatusNotificationRequest,
)
from runtime.logs import event
from runtime.ocpp import routing
from runtime.ocpp.charge_point import ChargePoint
from runtime.ocpp.errors import ConnectionLost, OcppError

from .effects import MyenergiCommand, OutboundRequest, SendCall

__all__ = ["CommandQueue", "CommandSink", "StatusQueue", "send", "send_call"]

log = logging.getLogger("runtime.bridge.driver")


async def send(sender: ChargePointSender, request: OutboundRequest) -> None:
    """Send ``request`` as the typed CALL of its action; the answer is not needed."""
    match request:
        case BootNotificationRequest():
            await sender.boot_notification(request)
        case DiagnosticsStatusNotificationRequest():
            await sender.diagnostics_status_notification(request)
        case FirmwareStatusNotificationRequest():
            await sender.firmware_status_notification(request)
        case HeartbeatRequest():
            await sender.heartbeat(request)
        case MeterValuesRequest():
            await sender.meter_values(request)
        case StatusNotificationRequest():
            await sender.status_notification(request)
        case _:
            assert_never(request)


async def send_call(
    cp: ChargePoint, effect: SendCall, firmware: tuple[int, ...] | None, charge_box: str
) -> None:
    """Send ``effect``'s request, with the transactionId of its transaction when known; the
    messages table gates what the zappi's firmware may send (since_firmware)."""
    action = effect.action
    if firmware is not None and not routing.supported_for_firmware(action, firmware):
        event(log, "message.gated", level=logging.DEBUG, charge_box=charge_box, action=action)
        return
    request = effect.request
    if effect.tx_ref is not None and isinstance(request, MeterValuesRequest):
        known = cp.outbox.transaction_id(effect.tx_ref)
        if known is not None:
            request = replace(request, transaction_id=known)
    try:
        await send(cp.sender, request)
    except OcppError as exc:
        event(
            log,
            "call.failed",
            level=logging.WARNING,
            charge_box=charge_box,
            action=action,
            error=str(exc),
        )


class StatusQueue:
    """StatusNotifications of one charger, in order, each until it is answered."""

    __slots__ = ("_charge_box", "_cp", "_queue", "_ready")

    def __init__(self, cp: ChargePoint, charge_box: str) -> None:
        self._cp = cp
        self._charge_box = charge_box
        self._queue: deque[StatusNotificationRequest] = deque()
        self._ready = trio.Event()

    def push(self, request: StatusNotificationRequest) -> None:
        self._queue.append(request)
        self._ready.set()

    def clear(self) -> None:
        """A boot's report supersedes what is queued (errata 3.22)."""
        self._queue.clear()

    async def run(self) -> None:
        while True:
            while not self._queue:
                self._ready = trio.Event()
                await self._ready.wait()
            # After a boot the runtime has just reported the current status (errata 3.22)
            # and cleared the queue: look again once accepted, or we would repeat it.
            await self._cp.wait_accepted()
            if not self._queue:
                continue
            request = self._queue[0]
            try:
                await self._cp.sender.status_notification(request)
            except ConnectionLost:
                continue  # sent again once reconnected (unless a boot's report supersedes it)
            except OcppError as exc:
                event(
                    log,
                    "status.failed",
                    level=logging.WARNING,
                    charge_box=self._charge_box,
                    error=str(exc),
                )
            if self._queue and self._queue[0] is request:
                self._queue.popleft()


class CommandSink(Protocol):
    """Sends one myenergi command for a zappi (``runtime.bridge.service.CloudCommands``)."""

    async def run_command(self, serial: str, command: MyenergiCommand) -> None: ...


class CommandQueue:
    """The myenergi commands of one zappi, sent in order."""

    __slots__ = ("_charge_box", "_receive", "_send", "_serial", "_sink")

    def __init__(self, sink: CommandSink, serial: str, charge_box: str) -> None:
        self._sink = sink
        self._serial = serial
        self._charge_box = charge_box
        self._send, self._receive = trio.open_memory_channel[MyenergiCommand](math.inf)

    def push(self, command: MyenergiCommand) -> None:
        self._send.send_nowait(command)

    async def run(self) -> None:
        async for command in self._receive:
            try:
                await self._sink.run_command(self._serial, command)
            except Exception as exc:  # a failed command is logged; the status shows the truth
                event(
                    log,
                    "myenergi.command_failed",
                    level=logging.WARNING,
                    charge_box=self._charge_box,
                    command=command.command,
                    error=f"{type(exc).__name__}: {exc}",
                )
