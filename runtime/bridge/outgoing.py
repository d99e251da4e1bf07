"""The tasks that talk for one charger: typed CALLs, the StatusNotification queue, and the
myenergi command queue (trio).

The core's effects name typed requests (:mod:`runtime.bridge.effects`); :func:`send` makes
each the typed call of the ChargePoint's generated sender. StatusNotifications go out in
order, one at a time, and again after a lost connection (:class:`StatusQueue`); myenergi
commands go out in order, per charger (:class:`CommandQueue`). Each queue's task runs only
while it has work (:class:`Worker`). A failure is logged; the next status report tells the
truth.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Generic, Protocol, TypeVar, assert_never

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

__all__ = ["CommandQueue", "CommandSink", "StatusQueue", "Worker", "send", "send_call"]

log = logging.getLogger("runtime.bridge.driver")

#: starts a task (``nursery.start_soon``)
Spawn = Callable[[Callable[[], Awaitable[None]]], object]
T = TypeVar("T")


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


class Worker(Generic[T]):
    """The items of one queue and at most one task draining them: started when an item is
    pushed, ending when none is left, so an idle charger carries no task, event or channel
    per queue (10,000 chargers). Tasks start through ``spawn`` (the driver's nursery) once
    :meth:`attach` gave one; until then items wait."""

    __slots__ = ("_drain", "_running", "_spawn", "items")

    def __init__(self, drain: Callable[[list[T]], Awaitable[None]]) -> None:
        #: in order; rarely more than one (a deque would cost 700 bytes per charger)
        self.items: list[T] = []
        self._drain = drain  #: handles the head of a non-empty ``items``
        self._spawn: Spawn | None = None
        self._running = False

    def attach(self, spawn: Spawn | None) -> None:
        """Start tasks with ``spawn`` from now on (None: the charger's task has ended)."""
        self._spawn = spawn
        self._wake()

    def push(self, item: T) -> None:
        self.items.append(item)
        self._wake()

    def _wake(self) -> None:
        if self.items and not self._running and self._spawn is not None:
            self._running = True
            self._spawn(self._run)

    async def _run(self) -> None:
        try:
            while self.items:
                await self._drain(self.items)
        finally:
            self._running = False


class StatusQueue:
    """StatusNotifications of one charger, in order, each until it is answered."""

    __slots__ = ("_charge_box", "_cp", "worker")

    def __init__(self, cp: ChargePoint, charge_box: str) -> None:
        self._cp = cp
        self._charge_box = charge_box
        self.worker = Worker[StatusNotificationRequest](self._send_head)

    def push(self, request: StatusNotificationRequest) -> None:
        self.worker.push(request)

    def clear(self) -> None:
        """A boot's report supersedes what is queued (errata 3.22)."""
        self.worker.items.clear()

    async def _send_head(self, queue: list[StatusNotificationRequest]) -> None:
        # After a boot the runtime has just reported the current status (errata 3.22)
        # and cleared the queue: look again once accepted, or we would repeat it.
        await self._cp.wait_accepted()
        if not queue:
            return
        request = queue[0]
        try:
            await self._cp.sender.status_notification(request)
        except ConnectionLost:
            return  # sent again once reconnected (unless a boot's report supersedes it)
        except OcppError as exc:
            event(
                log,
                "status.failed",
                level=logging.WARNING,
                charge_box=self._charge_box,
                error=str(exc),
            )
        if queue and queue[0] is request:
            del queue[0]


class CommandSink(Protocol):
    """Sends one myenergi command for a zappi (``runtime.bridge.service.CloudCommands``)."""

    async def run_command(self, serial: str, command: MyenergiCommand) -> None: ...


class CommandQueue:
    """The myenergi commands of one zappi, sent in order."""

    __slots__ = ("_charge_box", "_serial", "_sink", "worker")

    def __init__(self, sink: CommandSink, serial: str, charge_box: str) -> None:
        self._sink = sink
        self._serial = serial
        self._charge_box = charge_box
        self.worker = Worker[MyenergiCommand](self._send_next)

    def push(self, command: MyenergiCommand) -> None:
        self.worker.push(command)

    async def _send_next(self, queue: list[MyenergiCommand]) -> None:
        command = queue.pop(0)
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
