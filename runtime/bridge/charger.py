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
* the authorization: FreeCharging, an accepted RemoteStartTransaction, or a PIN entry whose
  Virtual OCPP Tag the central system accepted (myenergi-cloud-api.md §6.2);
* the last status reported per connector (:class:`~runtime.bridge.reports.StatusReporter`), so
  StatusNotification goes out on every change of the status the generated decision table
  derives (OCPP 1.6 §4.9);
* when meter values are due (:class:`~runtime.bridge.metering.MeterSchedule`);
* whether a PIN was entered (lck bit 4 rising while locked) and whether the bit came from the
  bridge's own unlock command instead.

Rules. A transaction starts when a car is connected and charging is authorized, after the
status has said Preparing. It stops on unplug (EVDisconnected), RemoteStop (Remote),
UnlockConnector (UnlockCommand), Reset (SoftReset/HardReset) and a StartTransaction answer that
is not Accepted when StopTransactionOnInvalidId is true (DeAuthorized, errata 3.17). An
authorization given without a car lapses after ConnectionTimeOut. No rule here names an OCPP
action to decide behaviour; what each action maps to is in the generated tables.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from generated.messages import ACTIONS, firmware_version
from generated.myenergi import ChargeMode, CommandName, PlugState
from generated.payloads import (
    AuthorizationStatus,
    FirmwareStatus,
    GenericStatus,
    MessageTrigger,
    ReadingContext,
    Reason,
    ResetType,
    TriggerMessageStatus,
    UnlockStatus,
)
from generated.status_table import (
    AuthorizationState,
    CloudState,
    Decision,
    Situation,
    TransactionState,
    connector_zero,
    decide,
)
from runtime.logs import event
from runtime.myenergi.status import ZappiStatus
from runtime.ocpp.outbox import TxRole

from .effects import (
    AuthorizeTag,
    Effect,
    MyenergiCommand,
    QueueTxMessage,
    Reboot,
    SendCall,
    StatusReport,
)
from .meter import advance_register, meter_value, rfc3339, sampled_values
from .metering import CONNECTOR, ConfigReader, MeterSchedule, csl, flag, integer
from .reports import StatusReporter, stop_payload
from .state import DurableState, TxRecord
from .triggers import TRIGGERS

__all__ = ["ChargerCore", "ChargerIdentity", "ConfigReader", "boot_payload"]

log = logging.getLogger(__name__)

#: the idTag of a FreeCharging transaction when the charger has no Virtual OCPP Tag configured
FREE_CHARGING_TAG = "FreeCharging"
_CONNECTED = frozenset(
    {PlugState.EV_CONNECTED, PlugState.WAITING_FOR_EV, PlugState.EV_READY, PlugState.CHARGING}
)
#: OCPPChargeMode (spec/config_keys.yaml) → the zappi mode a remote start switches to
CHARGE_MODES: Mapping[str, ChargeMode] = {
    "FAST": ChargeMode.FAST,
    "ECO": ChargeMode.ECO,
    "ECO+": ChargeMode.ECO_PLUS,
}
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


@dataclass(frozen=True, slots=True)
class ChargerIdentity:
    serial: str
    charge_box_id: str
    pin_id_tag: str | None  #: the Virtual OCPP Tag sent for a PIN entry


class ChargerCore:
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
        self._report_status(now)
        return self._drain()

    # -- inputs: the central system (answers + effects) ---------------------------------------

    def remote_start(
        self, connector_id: int | None, id_tag: str, now: float
    ) -> tuple[GenericStatus, list[Effect]]:
        """RemoteStartTransaction (OCPP 1.6 §5.11): Accepted = will try (TC_010, TC_011_1);
        connector 0 or unknown, a running transaction, or no cloud → Rejected (TC_026/027)."""
        busy = self.state.transaction is not None or self._authorizing
        if connector_id not in (None, CONNECTOR) or busy or self.cloud is not CloudState.REACHABLE:
            return GenericStatus.REJECTED, self._drain()
        if self._flag("AuthorizeRemoteTxRequests"):
            self._authorizing = True
            self._effects.append(AuthorizeTag(id_tag, remote=True))
        else:
            self._grant(id_tag, now, remote=True)
        return GenericStatus.ACCEPTED, self._drain()

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

    def authorize_answered(
        self, id_tag: str, status: AuthorizationStatus | None, remote: bool, now: float
    ) -> list[Effect]:
        """Authorize.conf (None: no answer). Accepted → authorized; Blocked, Invalid, Expired
        → Stop mode, no transaction (myenergi §6.2)."""
        self._authorizing = False
        if status is AuthorizationStatus.ACCEPTED:
            self._grant(id_tag, now, remote=remote)
        elif status is not None:
            self._command(CommandName.SET_MODE, int(ChargeMode.STOP))
            self.state = replace(
                self.state, authorization=AuthorizationState.REJECTED, auth_id_tag=None
            )
        self._report_status(now)
        return self._drain()

    def start_answered(self, tx_ref: str, status: str, now: float) -> list[Effect]:
        """StartTransaction.conf idTagInfo.status; not Accepted → StopTransactionOnInvalidId
        decides (errata 3.17, default false: keep charging)."""
        tx = self.state.transaction
        if status == AuthorizationStatus.ACCEPTED or tx is None or tx.tx_ref != tx_ref:
            return self._drain()
        if self._flag("StopTransactionOnInvalidId"):
            self._command(CommandName.SET_MODE, int(ChargeMode.STOP))
            self._stop(Reason.DE_AUTHORIZED, now)
            self._report_status(now)
        else:
            self._log("transaction.invalid_id_kept", id_tag=tx.id_tag, status=status)
        return self._drain()

    def tick(self, now: float) -> list[Effect]:
        """Timers: ConnectionTimeOut, sampled and clock-aligned meter values."""
        if self._car_deadline is not None and now >= self._car_deadline:
            self._car_deadline = None
            if self.state.transaction is None:
                self._log("authorization.timed_out")
                self.state = replace(
                    self.state, authorization=AuthorizationState.WAITING, auth_id_tag=None
                )
                if not self._flag("FreeCharging"):
                    self._command(CommandName.SET_MODE, int(ChargeMode.STOP))
                self._report_status(now)
        fresh = self.zappi is not None and self.cloud is CloudState.REACHABLE
        reading = (self.zappi.raw, self.state.register_wh) if fresh and self.zappi else None
        effects, tx = self._meter.due(now, reading, self.state.transaction)
        self._effects.extend(effects)
        if tx is not self.state.transaction:
            self.state = replace(self.state, transaction=tx)
        self._release_held_status(now)
        return self._drain()

    # -- rules --------------------------------------------------------------------------------

    def _follow_plug(self, previous: ZappiStatus | None, zappi: ZappiStatus, now: float) -> None:
        connected = zappi.plug_state in _CONNECTED
        was_connected = previous is not None and previous.plug_state in _CONNECTED
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

    def _holds_charge(self, zappi: ZappiStatus) -> bool:
        waiting = self.state.authorization is not AuthorizationState.ACCEPTED
        idle = self.state.transaction is None and not self.state.ended_while_plugged
        return (
            waiting
            and idle
            and not self._flag("FreeCharging")
            and zappi.mode is not ChargeMode.STOP
        )

    def _maybe_start(self, now: float) -> None:
        zappi = self.zappi
        if (
            zappi is None
            or zappi.plug_state not in _CONNECTED
            or self.cloud is not CloudState.REACHABLE
        ):
            return
        if self.state.transaction is not None or self.state.ended_while_plugged:
            return
        if self.state.authorization is AuthorizationState.WAITING and self._flag("FreeCharging"):
            tag = self.identity.pin_id_tag or FREE_CHARGING_TAG
            self.state = replace(
                self.state, authorization=AuthorizationState.ACCEPTED, auth_id_tag=tag
            )
        if self.state.authorization is AuthorizationState.ACCEPTED and self.state.auth_id_tag:
            self._report_status(now)  # Preparing first (OCPP 1.6 §4.9, TC_003)
            self._start(self.state.auth_id_tag, now)

    def _grant(self, id_tag: str, now: float, *, remote: bool) -> None:
        self.state = replace(
            self.state,
            authorization=AuthorizationState.ACCEPTED,
            auth_id_tag=id_tag,
            ended_while_plugged=False,
        )
        zappi = self.zappi
        self._held = False  # whatever held the car, the mode is set below
        if remote:  # myenergi §6.3: unlock, then the OCPPChargeMode mode
            self._command(CommandName.UNLOCK)
            self._self_unlocked = True
            self._command(CommandName.SET_MODE, int(self._charge_mode()))
        elif not self._flag("FreeCharging") or (
            zappi is not None and zappi.mode is ChargeMode.STOP
        ):
            # the bridge holds unauthorized cars in Stop mode (maybe not applied yet): release
            self._command(CommandName.SET_MODE, int(self._charge_mode()))
        if zappi is not None and zappi.plug_state in _CONNECTED:
            self._maybe_start(now)
        else:
            self._car_deadline = now + self._int("ConnectionTimeOut")
            self._report_status(now)

    def _watch_pin(self, zappi: ZappiStatus, now: float) -> None:
        """lck bit 4 rising while the zappi is locked = a PIN was entered (myenergi §6.2)."""
        entered = zappi.locked_now and zappi.session_allowed
        previous, self._pin_entered = self._pin_entered, entered
        if previous is None or previous or not entered or self._self_unlocked:
            return
        if self.state.transaction is not None or self._authorizing:
            return
        tag = self.identity.pin_id_tag
        if tag is None:
            self._log("pin.no_tag", level=logging.WARNING, hint="set chargers[].pin_id_tag")
            return
        self._authorizing = True
        self._effects.append(AuthorizeTag(tag, remote=False))

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

    def _start(self, id_tag: str, now: float) -> None:
        zappi = self.zappi
        raw = zappi.raw if zappi else {}
        counter = self.state.tx_counter + 1
        meter_start = int(self.state.register_wh)
        record = TxRecord(
            tx_ref=f"tx{counter}",
            id_tag=id_tag,
            meter_start_wh=meter_start,
            started_at=rfc3339(now),
            begin_samples=tuple(
                sampled_values(
                    self._csl("StopTxnSampledData"),
                    raw,
                    self.state.register_wh,
                    ReadingContext.TRANSACTION_BEGIN.value,
                )
            ),
        )
        self.state = replace(self.state, transaction=record, tx_counter=counter)
        self._car_deadline = None
        payload = {
            "connectorId": CONNECTOR,
            "idTag": id_tag,
            "meterStart": meter_start,
            "timestamp": record.started_at,
        }
        self._effects.append(
            QueueTxMessage("StartTransaction", payload, record.tx_ref, TxRole.START)
        )
        self._log(
            "transaction.started", tx_ref=record.tx_ref, id_tag=id_tag, meter_start_wh=meter_start
        )
        self._meter.restart_sampling(now, running=True)

    def _stop(self, reason: Reason, now: float) -> None:
        tx = self.state.transaction
        if tx is None:
            return
        raw = self.zappi.raw if self.zappi else {}
        meter_stop = max(int(self.state.register_wh), tx.meter_start_wh)
        payload = stop_payload(
            tx, reason, meter_stop, now, self._csl("StopTxnSampledData"), raw,
            self.state.register_wh,
        )  # fmt: skip
        self._effects.append(QueueTxMessage("StopTransaction", payload, tx.tx_ref, TxRole.STOP))
        plugged = self.zappi is not None and self.zappi.plug_state in _CONNECTED
        self.state = replace(
            self.state,
            transaction=None,
            ended_while_plugged=plugged,
            authorization=AuthorizationState.WAITING,
            auth_id_tag=None,
        )
        self._meter.restart_sampling(now, running=False)
        self._log(
            "transaction.stopped", tx_ref=tx.tx_ref, reason=reason.value, meter_stop_wh=meter_stop
        )
        self._report_status(now)

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

    def _free_charging_changed(self, now: float) -> None:
        if self._held and self._flag("FreeCharging"):  # let the car we held in Stop mode charge
            self._held = False
            self._command(CommandName.SET_MODE, int(self._charge_mode()))
        self._maybe_start(now)

    def _sampling_changed(self, now: float) -> None:
        self._meter.restart_sampling(now, self.state.transaction is not None)

    def _aligned_changed(self, now: float) -> None:
        self._meter.restart_aligned(now)

    def _charge_mode_changed(self, now: float) -> None:
        if self.state.transaction is not None:  # the running session follows OCPPChargeMode
            self._command(CommandName.SET_MODE, int(self._charge_mode()))

    # -- what TriggerMessage reads (runtime.bridge.triggers.TriggerSource) ---------------------

    def report_status_now(self, connector_id: int, now: float) -> dict[str, Any]:
        return self._statuses.report_now(connector_id, self._decision(connector_id), now)

    def meter_value_now(self, measurands_key: str, context: str, now: float) -> dict[str, Any]:
        raw = self.zappi.raw if self.zappi else {}
        return meter_value(now, self._csl(measurands_key), raw, self.state.register_wh, context)

    # -- helpers ------------------------------------------------------------------------------

    def _command(self, command: CommandName, argument: int | str | None = None) -> None:
        self._effects.append(MyenergiCommand(command, argument))

    def _charge_mode(self) -> ChargeMode:
        value = self.config.value("OCPPChargeMode")
        return CHARGE_MODES.get(str(value), ChargeMode.FAST)

    def _flag(self, name: str) -> bool:
        return flag(self.config, name)

    def _int(self, name: str) -> int:
        return integer(self.config, name)

    def _csl(self, name: str) -> tuple[str, ...]:
        return csl(self.config, name)

    def _log(self, name: str, level: int = logging.INFO, **fields: object) -> None:
        event(log, name, level=level, charge_box=self.identity.charge_box_id, **fields)

    def _drain(self) -> list[Effect]:
        effects, self._effects = self._effects, []
        return effects


#: ChangeConfiguration: keys whose change acts at once (the rest are read when used)
_CONFIG_REACTIONS: Mapping[str, Callable[[ChargerCore, float], None]] = {
    "ocppchargemode": ChargerCore._charge_mode_changed,
    "freecharging": ChargerCore._free_charging_changed,
    "metervaluesampleinterval": ChargerCore._sampling_changed,
    "clockaligneddatainterval": ChargerCore._aligned_changed,
}
