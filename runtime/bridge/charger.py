"""One zappi as an OCPP 1.6 charge point: the sans-I/O core of the bridge (no trio, no sockets).

Theory of operation. The core is fed *inputs* and returns *effects*
(:mod:`runtime.bridge.effects`), like h11: each zappi snapshot from the hub poller
(:meth:`ChargerCore.observe`) or a failed poll (:meth:`ChargerCore.cloud_failed`), each
request of the central system (``remote_start``, ``remote_stop``, ``unlock``, ``reset``,
``trigger``, ``update_firmware``, ``config_changed``), each answer to a CALL of ours that
matters (``authorize_answered``, ``start_answered``) and the passing of time (``tick``, at
:meth:`ChargerCore.next_deadline`). It keeps:

* the transaction on connector 1 and the energy register, in :class:`DurableState`, which the
  driver persists in the same SQLite transaction as the outbox messages of the same input;
  when it starts and stops is :class:`~runtime.bridge.transactions.Transactions`;
* the authorization: FreeCharging, an accepted RemoteStartTransaction, or a PIN entry whose
  Virtual OCPP Tag the central system accepted (myenergi-cloud-api.md §6.2); its rules are
  :class:`~runtime.bridge.authorization.Authorization`;
* the last status reported per connector (:class:`~runtime.bridge.reports.StatusReporter`), so
  StatusNotification goes out on every change of the status the generated decision table
  derives (OCPP 1.6 §4.9);
* when meter values are due (:class:`~runtime.bridge.metering.MeterSchedule`);
* whether a PIN was entered (lck bit 4 rising while locked) and whether the bit came from the
  bridge's own unlock command instead.

Those two parts and this class share their state and helpers through
:class:`~runtime.bridge.core_base.CoreBase`; this class takes the inputs, follows the zappi
(plug, firmware) and reports the status.

Rules. A transaction starts when a car is connected and charging is authorized, after the
status has said Preparing. It stops on unplug (EVDisconnected), RemoteStop (Remote),
UnlockConnector (UnlockCommand), Reset (SoftReset/HardReset) and a StartTransaction answer that
is not Accepted when StopTransactionOnInvalidId is true (DeAuthorized, errata 3.17). An
authorization given without a car lapses after ConnectionTimeOut. No rule here names an OCPP
action to decide behaviour; what each action maps to is in the generated tables.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from generated.messages import ACTIONS
from generated.myenergi import ChargeMode, CommandName, PlugState
from generated.payloads import (
    FirmwareStatus,
    GenericStatus,
    MessageTrigger,
    Reason,
    ResetType,
    TriggerMessageStatus,
    UnlockStatus,
)
from generated.status_table import (
    AuthorizationState,
    CloudState,
    Situation,
    TransactionState,
)
from rows.firmware import firmware_version
from runtime.myenergi.status import ZappiStatus

from .authorization import Authorization
from .core_base import CAR_CONNECTED, ChargerIdentity
from .effects import Effect, Reboot, SendCall, StatusReport
from .meter import advance_register, meter_value
from .metering import CONNECTOR, ConfigReader, MeterSchedule
from .reports import StatusReporter
from .state import DurableState, TxRecord
from .status_decision import Decision, connector_zero, decide
from .transactions import Transactions
from .triggers import TRIGGERS

__all__ = ["ChargerCore", "ChargerIdentity", "ConfigReader", "boot_payload"]

#: Reset.req type → StopTransaction reason (OCPP 1.6 §5.14)
RESET_REASONS: Mapping[ResetType, Reason] = {
    ResetType.SOFT: Reason.SOFT_RESET,
    ResetType.HARD: Reason.HARD_RESET,
}


def boot_payload(serial: str, firmware: str | None) -> dict[str, object]:
    """BootNotification.req: the messages table's fixed fields plus serial and firmware."""
    payload: dict[str, object] = dict(ACTIONS["BootNotification"].mapping.fixed_fields)
    payload["chargePointSerialNumber"] = serial
    if firmware:
        payload["firmwareVersion"] = firmware
    return payload


class ChargerCore(Authorization, Transactions):
    """The bridge state machine of one zappi; see the module docstring."""

    def __init__(
        self, identity: ChargerIdentity, config: ConfigReader, state: DurableState
    ) -> None:
        self.identity = identity
        self.config = config
        if state.transaction is None and state.authorization is AuthorizationState.ACCEPTED:
            # an authorization waiting for a car does not survive a restart (ConnectionTimeOut)
            state = replace(state, authorization=AuthorizationState.WAITING, auth_id_tag=None)
        self.state = state
        self.zappi: ZappiStatus | None = None
        self.cloud = CloudState.REACHABLE
        self._statuses = StatusReporter()
        self._car_deadline: float | None = None  #: ConnectionTimeOut of an authorization
        self._authorizing = False
        self._pin_entered: bool | None = None  #: lck bit 4 while locked, last poll
        self._self_unlocked = False  #: bit 4 came from our own unlock command, not a PIN
        self._held = False  #: the bridge put this plug-in's zappi in Stop mode (FreeCharging)
        self._meter = MeterSchedule(config)
        self._effects: list[Effect] = []

    # -- what the driver reads ----------------------------------------------------------------

    @property
    def firmware(self) -> str | None:
        return self.zappi.firmware if self.zappi else self.state.reported_firmware

    @property
    def firmware_tuple(self) -> tuple[int, ...] | None:
        fwv = self.firmware
        return firmware_version(fwv) if fwv else None

    @property
    def transaction(self) -> TxRecord | None:
        return self.state.transaction

    def boot_payload(self) -> dict[str, object]:
        """BootNotification.req: the table's fixed fields plus serial and firmware."""
        return boot_payload(self.identity.serial, self.firmware)

    def status_for_boot(self, connector_id: int, now: float) -> dict[str, object]:
        """The StatusNotification the runtime sends after an Accepted boot (errata 3.22)."""
        return self.report_status_now(connector_id, now)

    def next_deadline(self) -> float | None:
        times = [*self._meter.deadlines(), *self._statuses.deadlines()]
        if self._car_deadline is not None:
            times.append(self._car_deadline)
        return min(times) if times else None

    # -- inputs: the myenergi cloud -----------------------------------------------------------

    def start(self, now: float) -> list[Effect]:
        """The driver starts: schedule the meter values of a transaction that survived."""
        self._meter.restart_sampling(now, self.state.transaction is not None)
        self._meter.restart_aligned(now)
        return self._drain()

    def observe(self, zappi: ZappiStatus, now: float) -> list[Effect]:
        """A fresh cgi-jstatus snapshot of this zappi."""
        previous, self.zappi = self.zappi, zappi
        self.cloud = CloudState.REACHABLE
        self._meter.observe(zappi.raw, now)
        register, che = advance_register(
            self.state.register_wh, self.state.last_che_wh, zappi.session_energy_wh
        )
        self.state = replace(self.state, register_wh=register, last_che_wh=che)
        self._watch_firmware(zappi)
        self._watch_pin(zappi, now)
        self._follow_plug(previous, zappi, now)
        self._report_status(now)
        return self._drain()

    def cloud_failed(self, cloud: CloudState, now: float) -> list[Effect]:
        """The hub's poll failed: the status table reports it (Faulted, OtherError, info)."""
        self.cloud = cloud
        self._meter.observe(None, now)  # the last snapshot stops standing for the zappi
        self._report_status(now)
        return self._drain()

    # -- inputs: the central system (answers + effects) ---------------------------------------

    def remote_stop(
        self, transaction_id: int, running_id: int | None, now: float
    ) -> tuple[GenericStatus, list[Effect]]:
        """RemoteStopTransaction (§5.12): only the transaction that runs (TC_028)."""
        if self.state.transaction is None or running_id != transaction_id:
            return GenericStatus.REJECTED, self._drain()
        self._command(CommandName.SET_MODE, int(ChargeMode.STOP))
        self._stop(Reason.REMOTE, now)
        return GenericStatus.ACCEPTED, self._drain()

    def unlock(self, connector_id: int, now: float) -> tuple[UnlockStatus, list[Effect]]:
        """UnlockConnector (§5.18): stop charging and unlock the screen lock (myenergi §6.1)."""
        if connector_id != CONNECTOR:
            return UnlockStatus.NOT_SUPPORTED, self._drain()  # TC_031
        if self.cloud is not CloudState.REACHABLE:
            return UnlockStatus.UNLOCK_FAILED, self._drain()
        self._command(CommandName.SET_MODE, int(ChargeMode.STOP))
        self._stop(Reason.UNLOCK_COMMAND, now)
        self._command(CommandName.UNLOCK)
        self._self_unlocked = True  # the lck bit 4 this sets is not a PIN entry
        return UnlockStatus.UNLOCKED, self._drain()

    def reset(self, kind: ResetType, now: float) -> list[Effect]:
        """Reset (§5.14): end the transaction with the matching reason, then boot again."""
        running = self.state.transaction is not None
        if running:
            self._command(CommandName.SET_MODE, int(ChargeMode.STOP))
            self._stop(RESET_REASONS[kind], now)
        # Soft = graceful: the StopTransaction first; Hard may send it after the new boot
        graceful = running and kind is ResetType.SOFT
        self._effects.append(Reboot(f"{kind.value} reset", after_queue=graceful))
        return self._drain()

    def update_firmware(self, location: str, now: float) -> list[Effect]:
        """UpdateFirmware (§5.19): remember it; the location is never fetched."""
        self._log("firmware.update_requested", location_ignored=location)
        self.state = replace(self.state, firmware_update_requested=True)
        return self._drain()

    def trigger(
        self, requested: MessageTrigger, connector_id: int | None, now: float
    ) -> tuple[TriggerMessageStatus, list[Effect]]:
        """TriggerMessage (§5.17): connectorId other than 0/1 → Rejected (TC_055)."""
        if connector_id not in (None, 0, CONNECTOR):
            return TriggerMessageStatus.REJECTED, self._drain()
        builder = TRIGGERS.get(requested)
        if builder is None:
            return TriggerMessageStatus.NOT_IMPLEMENTED, self._drain()
        self._effects.extend(builder(self, connector_id, now))
        return TriggerMessageStatus.ACCEPTED, self._drain()

    def config_changed(self, name: str, now: float) -> list[Effect]:
        """An accepted ChangeConfiguration: apply what the key does at once."""
        reaction = _CONFIG_REACTIONS.get(name.lower())
        if reaction is not None:
            reaction(self, now)
        return self._drain()

    # -- inputs: answers to our CALLs and time ------------------------------------------------

    def tick(self, now: float) -> list[Effect]:
        """Timers: ConnectionTimeOut, sampled and clock-aligned meter values."""
        self._authorization_lapsed(now)
        fresh = self.zappi is not None and self.cloud is CloudState.REACHABLE
        reading = (self.zappi.raw, self.state.register_wh) if fresh and self.zappi else None
        transaction, register = self.state.transaction, self.state.register_wh
        effects, tx = self._meter.due(now, reading, transaction, register)
        self._effects.extend(effects)
        if tx is not self.state.transaction:
            self.state = replace(self.state, transaction=tx)
        self._release_held_status(now)
        return self._drain()

    # -- rules --------------------------------------------------------------------------------

    def _follow_plug(self, previous: ZappiStatus | None, zappi: ZappiStatus, now: float) -> None:
        connected = zappi.plug_state in CAR_CONNECTED
        was_connected = previous is not None and previous.plug_state in CAR_CONNECTED
        if zappi.plug_state is PlugState.EV_DISCONNECTED:
            if self.state.transaction is not None:
                self._stop(Reason.EV_DISCONNECTED, now)
                if not self._flag("FreeCharging"):  # myenergi §6.3: back to Stop mode
                    self._command(CommandName.SET_MODE, int(ChargeMode.STOP))
            if was_connected or self.state.ended_while_plugged:
                self._self_unlocked = self._held = False
                self.state = replace(
                    self.state,
                    ended_while_plugged=False,
                    authorization=AuthorizationState.WAITING,
                    auth_id_tag=None,
                )
            return
        if connected:
            self._maybe_start(now)
            if not was_connected and self._holds_charge(zappi):
                # FreeCharging false: the cloud has no other way to keep an unauthorized car
                # from charging; a remote start or an accepted PIN tag switches the mode back.
                self._command(CommandName.SET_MODE, int(ChargeMode.STOP))
                self._held = True

    def _watch_firmware(self, zappi: ZappiStatus) -> None:
        fwv = zappi.firmware
        reported = self.state.reported_firmware
        if fwv is None or fwv == reported:
            return
        self.state = replace(self.state, reported_firmware=fwv)
        if reported is None:
            return
        self._log("firmware.changed", old=reported, new=fwv)
        if self.state.firmware_update_requested:
            self.state = replace(self.state, firmware_update_requested=False)
            self._effects.append(
                SendCall("FirmwareStatusNotification", {"status": FirmwareStatus.INSTALLED.value})
            )
        self._effects.append(Reboot(f"firmware {fwv}"))

    def _report_status(self, now: float) -> None:
        hold = self._int("MinimumStatusDuration")
        for connector_id in (0, CONNECTOR):
            decision = self._decision(connector_id)
            payload = self._statuses.changed(connector_id, decision, now, hold)
            if payload is not None:
                self._effects.append(StatusReport(connector_id, payload))

    def _release_held_status(self, now: float) -> None:
        for connector_id in (0, CONNECTOR):
            payload = self._statuses.due(connector_id, self._decision(connector_id), now)
            if payload is not None:
                self._effects.append(StatusReport(connector_id, payload))
        self._report_status(now)

    def _decision(self, connector_id: int) -> Decision:
        situation = Situation(
            zappi=self.zappi.raw if self.zappi else {},
            authorization=self.state.authorization,
            cloud=self.cloud,
            transaction=self._transaction_state(),
        )
        decision = decide(situation)
        return decision if connector_id == CONNECTOR else connector_zero(decision)

    def _transaction_state(self) -> TransactionState:
        if self.state.transaction is not None:
            return TransactionState.ACTIVE
        if self.state.ended_while_plugged:
            return TransactionState.ENDED
        return TransactionState.NONE

    def _sampling_changed(self, now: float) -> None:
        self._meter.restart_sampling(now, self.state.transaction is not None)

    def _aligned_changed(self, now: float) -> None:
        self._meter.restart_aligned(now)

    # -- what TriggerMessage reads (runtime.bridge.triggers.TriggerSource) ---------------------

    def report_status_now(self, connector_id: int, now: float) -> dict[str, Any]:
        return self._statuses.report_now(connector_id, self._decision(connector_id), now)

    def meter_value_now(self, measurands_key: str, context: str, now: float) -> dict[str, Any]:
        raw = self.zappi.raw if self.zappi else {}
        return meter_value(now, self._csl(measurands_key), raw, self.state.register_wh, context)



#: ChangeConfiguration: keys whose change acts at once (the rest are read when used)
_CONFIG_REACTIONS: Mapping[str, Callable[[ChargerCore, float], None]] = {
    "ocppchargemode": ChargerCore._charge_mode_changed,
    "freecharging": ChargerCore._free_charging_changed,
    "metervaluesampleinterval": ChargerCore._sampling_changed,
    "clockaligneddatainterval": ChargerCore._aligned_changed,
}
