"""One zappi's bridge as a trio task: the sans-I/O core, its ChargePoint, and the effects.

The hub poller hands each snapshot to :meth:`ChargerDriver.observe` (or a failed poll to
:meth:`ChargerDriver.cloud_failed`); the central system's CALLs arrive through
:class:`~runtime.bridge.handler.BridgeHandler`; :meth:`ChargerDriver.run` waits for the
core's timers. Every input is applied synchronously (trio runs one task at a time): the
transaction messages it produced and the core's durable state are one write group of the
store (committed together, off the event loop), then the rest is handed to the tasks that
talk: the status sender (in order, one at a time), the myenergi command worker (in order, per
charger) and one task per other CALL.

The OCPP connection opens only after the first poll result, so the first BootNotification
carries the zappi's firmware and the first StatusNotification says something true; a zappi
that is not eligible (serial, firmware) gets no connection and one log line.
"""

from __future__ import annotations

import functools
import logging
import math
import time
from collections.abc import Callable
from typing import Any

import trio

from generated.payloads import AuthorizationStatus, AuthorizeRequest, StartTransactionResponse
from generated.status_table import CloudState
from runtime.logs import event
from runtime.myenergi.objects import ObjectProblem
from runtime.myenergi.status import ZappiStatus
from runtime.ocpp import routing
from runtime.ocpp.charge_point import ChargePoint, ChargePointOptions
from runtime.ocpp.config_store import ConfigStore
from runtime.ocpp.errors import LocalProtocolError, OcppError
from runtime.ocpp.outbox import TxRole
from runtime.ocpp.tables import ProtocolTables, generated_tables
from runtime.ocpp.transport import Connector
from runtime.storage.store import Store

from .charger import ChargerCore
from .effects import (
    AuthorizeTag,
    Effect,
    MyenergiCommand,
    QueueTxMessage,
    Reboot,
    SendCall,
    StatusReport,
)
from .eligibility import ineligible_reason
from .firmware import boot_request
from .handler import BridgeHandler
from .outgoing import CommandQueue, CommandSink, StatusQueue, send_call
from .settings import ChargerIdentity
from .state import BridgeStateStore

__all__ = ["ChargerDriver"]

log = logging.getLogger(__name__)

#: an Authorize nobody answers must not hold the PIN session forever
AUTHORIZE_TIMEOUT_S = 120.0


class ChargerDriver:
    """One charger: see the module docstring."""

    core: ChargerCore

    def __init__(
        self,
        identity: ChargerIdentity,
        *,
        store: Store,
        csms_url: str,
        commands: CommandSink,
        password: str | None = None,
        ca_file: str | None = None,
        client_cert: str | None = None,
        client_key: str | None = None,
        connect_limiter: trio.CapacityLimiter | None = None,
        reconnect_cap: float = 30.0,
        connect_timeout: float = 30.0,
        connector: Connector | None = None,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        """``password``, ``ca_file``, ``client_cert``/``client_key``: security profiles 1-3
        towards ``csms_url``; ``connect_limiter``: shared by the chargers of that CSMS."""
        self.identity = identity
        self._states = BridgeStateStore(store, identity.charge_box_id)
        self._wall_clock = wall_clock
        state = self._states.load()
        options = ChargePointOptions(
            charge_box_id=identity.charge_box_id,
            csms_url=csms_url,
            # what is known before the first poll; run() sets the zappi's before connecting
            boot=boot_request(identity.serial, state.reported_firmware).to_payload(),
            password=password,
            ca_file=ca_file,
            reconnect_cap=reconnect_cap,
            connect_timeout=connect_timeout,
            client_cert=client_cert,
            client_key=client_key,
            connect_limiter=connect_limiter,
        )
        base = generated_tables()
        tables = ProtocolTables(
            route=lambda action: routing.route(action, self.core.firmware_tuple),
            validate_request=base.validate_request,
            validate_response=base.validate_response,
            dispatch=base.dispatch,
        )
        self.cp = ChargePoint(
            options,
            store=store,
            tables=tables,
            handler=BridgeHandler(self),
            connector=connector,
            status_of=self._status_for_boot,
            wall_clock=wall_clock,
        )
        self.cp.on_transaction_answer(self._transaction_answered)
        self.core = ChargerCore(identity, self.cp.config, state)
        self._saved = self.core.state
        self._statuses = StatusQueue(self.cp, identity.charge_box_id)
        self._commands_out = CommandQueue(commands, identity.serial, identity.charge_box_id)
        self._first_input = trio.Event()
        self._nursery: trio.Nursery | None = None
        #: the scope the timer task sleeps in, and the core deadline (wall clock) it is set to
        self._timer: trio.CancelScope | None = None
        self._timer_at = math.inf

    # -- what the handler and the poller use --------------------------------------------------

    @property
    def config(self) -> ConfigStore:
        return self.cp.config

    def now(self) -> float:
        return self._wall_clock()

    def running_transaction_id(self) -> int | None:
        tx = self.core.transaction
        return None if tx is None else self.cp.outbox.transaction_id(tx.tx_ref)

    def observe(self, zappi: ZappiStatus) -> None:
        self.apply(self.core.observe(zappi, self.now()))
        self._first_input.set()

    def malformed(self, problem: ObjectProblem) -> None:
        """The zappi's object in the hub's last reply broke its schema."""
        self.apply(self.core.malformed(problem.field, self.now()))
        self._first_input.set()

    def cloud_failed(self, cloud: CloudState) -> None:
        self.apply(self.core.cloud_failed(cloud, self.now()))
        self._first_input.set()

    # -- the task -----------------------------------------------------------------------------

    async def run(self, *, task_status: trio.TaskStatus[None] = trio.TASK_STATUS_IGNORED) -> None:
        """Serve this charger until cancelled; ``started`` once it takes inputs."""
        queues = (self._commands_out.worker, self._statuses.worker)
        async with trio.open_nursery() as nursery:
            self._nursery = nursery
            task_status.started()
            for queue in queues:  # each starts a task when it has work
                queue.attach(nursery.start_soon)
            try:
                self.apply(self.core.start(self.now()))
                await self._first_input.wait()
                reason = ineligible_reason(self.identity.serial, self.core.firmware)
                if reason is not None:
                    event(
                        log,
                        "charger.ineligible",
                        level=logging.WARNING,
                        serial=self.identity.serial,
                        charge_box=self.identity.charge_box_id,
                        reason=reason,
                    )
                    nursery.cancel_scope.cancel()
                    return
                self._update_boot_payload()
                nursery.start_soon(self.cp.run)
                await self._timers()
            finally:  # what is queued meanwhile waits for the next run
                for queue in queues:
                    queue.attach(None)

    async def _timers(self) -> None:
        """Tick the core at its next deadline. :meth:`apply` moves the deadline of the scope
        this task sleeps in instead of waking it: a poll result per interval would otherwise
        wake every charger's task for nothing."""
        while True:
            with trio.CancelScope() as self._timer:
                self._timer_at = math.inf
                self._set_timer()
                await trio.sleep_forever()
            self._timer = None
            self.apply(self.core.tick(self.now()))

    def _set_timer(self) -> None:
        deadline = self.core.next_deadline()
        wall = math.inf if deadline is None else deadline
        if self._timer is None or wall == self._timer_at:
            return
        self._timer_at = wall
        self._timer.deadline = trio.current_time() + max(0.0, wall - self.now())

    # -- carrying out effects -----------------------------------------------------------------

    def apply(self, effects: list[Effect]) -> None:
        """Commit the durable part of ``effects`` atomically, then start the rest."""
        queued = [e for e in effects if isinstance(e, QueueTxMessage)]
        if queued or self.core.state != self._saved:
            with self._states.atomically():
                for message in queued:
                    self.cp.enqueue_transaction_message(
                        message.action, message.payload, tx_ref=message.tx_ref, role=message.role
                    )
                self._states.save(self.core.state)
            self._saved = self.core.state
        for effect in effects:
            if isinstance(effect, StatusReport):
                self._statuses.push(effect.request)
            elif isinstance(effect, MyenergiCommand):
                self._commands_out.push(effect)
            elif isinstance(effect, SendCall) and effect.after_answer:
                # a TriggerMessage handler is applying this: its answer goes first (§5.17)
                self.cp.after_answer(functools.partial(self._spawn, self._send_call, effect))
            elif isinstance(effect, SendCall):
                self._spawn(self._send_call, effect)
            elif isinstance(effect, AuthorizeTag):
                self._spawn(self._authorize, effect)
            elif isinstance(effect, Reboot):
                self._spawn(self._reboot, effect)
        self._set_timer()

    async def _reboot(self, effect: Reboot) -> None:
        if effect.after_queue:
            with trio.move_on_after(self.config.get_int("MessageTimeout")):
                await self.cp.wait_queue_empty()
        event(log, "charger.reboot", charge_box=self.identity.charge_box_id, reason=effect.reason)
        self._update_boot_payload()
        self.cp.reboot()

    def _update_boot_payload(self) -> None:
        """The next BootNotification carries the zappi's current firmware version."""
        try:
            self.cp.set_boot_payload(self.core.boot_request().to_payload())
        except LocalProtocolError as exc:  # e.g. an over-long fwv: boot with the last good one
            event(
                log,
                "boot.payload_refused",
                level=logging.WARNING,
                charge_box=self.identity.charge_box_id,
                error=str(exc),
            )

    def _spawn(self, task: Callable[[Any], Any], effect: Effect) -> None:
        if self._nursery is None:
            raise RuntimeError("the charger's task is not running")
        self._nursery.start_soon(task, effect)

    def _status_for_boot(self, connector_id: int) -> dict[str, object]:
        self._statuses.clear()  # queued older changes are superseded by this report
        return self.core.status_now(connector_id, self.now()).to_payload()

    async def _send_call(self, effect: SendCall) -> None:
        await send_call(self.cp, effect, self.core.firmware_tuple, self.identity.charge_box_id)

    async def _authorize(self, effect: AuthorizeTag) -> None:
        status: AuthorizationStatus | None = None
        with trio.move_on_after(AUTHORIZE_TIMEOUT_S):
            try:
                answer = await self.cp.sender.authorize(AuthorizeRequest(id_tag=effect.id_tag))
                status = answer.id_tag_info.status
            except OcppError as exc:
                event(
                    log,
                    "authorize.failed",
                    level=logging.WARNING,
                    charge_box=self.identity.charge_box_id,
                    error=str(exc),
                )
        event(
            log,
            "authorize.answered",
            charge_box=self.identity.charge_box_id,
            id_tag=effect.id_tag,
            status=status,
        )
        self.apply(self.core.authorize_answered(effect.id_tag, status, effect.remote, self.now()))

    def _transaction_answered(
        self, tx_ref: str, role: TxRole, action: str, answer: dict[str, Any]
    ) -> None:
        """StartTransaction.conf's idTagInfo decides whether the transaction may go on
        (errata 3.17); the runtime calls this as it commits the answer."""
        if role is not TxRole.START:
            return
        status = StartTransactionResponse.from_payload(answer).id_tag_info.status
        self.apply(self.core.start_answered(tx_ref, status, self.now()))
