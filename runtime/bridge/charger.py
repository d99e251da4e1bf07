"""One zappi as an OCPP 1.6 charge point: the sans-I/O core of the bridge (no trio, no sockets).

Theory of operation. Like h11, the core is fed *inputs* (zappi snapshots, malformed objects
and failed polls, the
central system's requests, the answers to our CALLs that matter, the passing of time at
:meth:`ChargerCore.next_deadline`) and returns *effects* (:mod:`runtime.bridge.effects`). It
owns the :class:`DurableState`, which the driver persists with the outbox messages of the same
input, hands it to the parts it composes (who may charge, when a transaction starts and stops,
the status last reported per connector, when meter values are due) and takes back the next
one, and it puts their answers in order: e.g. Preparing is reported before StartTransaction
(OCPP 1.6 §4.9). A configuration change acts as its row's ``reaction`` says; no rule here
names an OCPP action to decide behaviour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from generated.myenergi import CommandName, PlugState
from generated.payloads import (
    AuthorizationStatus,
    BootNotificationRequest,
    GenericStatus,
    MessageTrigger,
    MeterValue,
    ReadingContext,
    Reason,
    ResetType,
    StatusNotificationRequest,
    TriggerMessageStatus,
    UnlockStatus,
)
from generated.status_table import CloudState, Situation
from rows.firmware import firmware_version
from rows.hooks import BridgeReaction

from . import triggers
from .authorization import Authorization, restored
from .effects import STOP_MODE, Effect, MyenergiCommand, Reboot
from .firmware import boot_request, current_firmware, update_requested, watch_firmware
from .metering import CONNECTOR, MeterSchedule
from .register import EnergyRegister
from .reports import StatusReporter
from .settings import ChargerIdentity, ConfigReader, flag
from .state import DurableState, TxRecord
from .transactions import RESET_REASONS, Transactions, car_connected
from .zappi_view import ZappiView

if TYPE_CHECKING:  # the myenergi package imports trio with its client
    from runtime.myenergi.status import ZappiStatus

__all__ = ["ChargerCore", "ChargerIdentity", "ConfigReader"]


class ChargerCore:
    """The bridge state machine of one zappi; see the module docstring."""

    def __init__(
        self, identity: ChargerIdentity, config: ConfigReader, state: DurableState
    ) -> None:
        self.identity = identity
        self.config = config
        self.state = restored(state)
        self.view = ZappiView()  #: the last good snapshot, the cloud, malformed objects
        self._register = EnergyRegister(identity.charge_box_id)
        box = identity.charge_box_id
        self._auth = Authorization(box, identity.pin_id_tag, config)
        self._tx = Transactions(box, identity.pin_id_tag, config)
        self._statuses = StatusReporter(config)
        self._meter = MeterSchedule(config)
        self._effects: list[Effect] = []  #: of the input being handled, handed out by _drain

    # -- what the driver reads ----------------------------------------------------------------

    @property
    def firmware(self) -> str | None:
        return current_firmware(self.view.zappi, self.state)

    @property
    def firmware_tuple(self) -> tuple[int, ...] | None:
        fwv = self.firmware
        return firmware_version(fwv) if fwv else None

    @property
    def transaction(self) -> TxRecord | None:
        return self.state.transaction

    def boot_request(self) -> BootNotificationRequest:
        """BootNotification.req: the table's fixed fields plus serial and firmware."""
        return boot_request(self.identity.serial, self.firmware)

    def status_now(self, connector_id: int, now: float) -> StatusNotificationRequest:
        """The StatusNotification to send now (after an Accepted boot, errata 3.22; a trigger)."""
        return self._statuses.report_now(connector_id, self._seen(), now)

    def meter_value_now(
        self, measurands_key: str, context: ReadingContext, now: float
    ) -> MeterValue:
        raw = self.view.zappi.raw if self.view.zappi else {}
        return self._meter.value_now(now, raw, self.state.register_wh, measurands_key, context)

    def next_deadline(self) -> float | None:
        times = [*self._meter.deadlines(), *self._statuses.deadlines(), *self._auth.deadlines()]
        return min(times) if times else None

    # -- inputs: the myenergi cloud -----------------------------------------------------------

    def start(self, now: float) -> list[Effect]:
        """The driver starts: schedule the meter values of a transaction that survived."""
        self._meter.restart_sampling(now, self.state.transaction is not None)
        self._meter.restart_aligned(now)
        return self._drain()

    def observe(self, zappi: ZappiStatus, now: float) -> list[Effect]:
        """A fresh cgi-jstatus snapshot of this zappi."""
        previous = self.view.observed(zappi)
        self._meter.observe(zappi.raw, now)
        self.state = self._register.advanced(self.state, previous, zappi)
        self.state, effects = watch_firmware(self.state, zappi, self.identity.charge_box_id)
        self._effects += effects
        self._effects += self._auth.watch_pin(self.state, zappi)
        self._follow_plug(previous, zappi, now)
        self._report_status(now)
        return self._drain()

    def malformed(self, field: str, now: float) -> list[Effect]:
        """The zappi's object broke its schema (``field``): never an event, and the status
        table reports it once the grace period is over (:mod:`runtime.bridge.zappi_view`)."""
        if self.view.malformed(field):
            self._meter.observe(None, now)  # the last snapshot stops standing for the zappi
            self._report_status(now)
        return self._drain()

    def cloud_failed(self, cloud: CloudState, now: float) -> list[Effect]:
        """The hub's poll failed: the status table reports it (Faulted, OtherError, info)."""
        self.view.cloud_failed(cloud)
        self._meter.observe(None, now)  # the last snapshot stops standing for the zappi
        self._report_status(now)
        return self._drain()

    # -- inputs: the central system (answers + effects) ---------------------------------------

    def remote_start(
        self, connector_id: int | None, id_tag: str, now: float
    ) -> tuple[GenericStatus, list[Effect]]:
        """RemoteStartTransaction (OCPP 1.6 §5.11): Accepted = will try (TC_010, TC_011_1);
        connector 0 or unknown, a running transaction, or no cloud → Rejected (TC_026/027)."""
        busy = self.state.transaction is not None or self._auth.authorizing
        if connector_id not in (None, CONNECTOR) or busy or self.view.fresh is None:
            return GenericStatus.REJECTED, self._drain()
        if flag(self.config, "AuthorizeRemoteTxRequests"):
            self._effects.append(self._auth.ask(id_tag, remote=True))
        else:
            self._grant(id_tag, now, remote=True)
        return GenericStatus.ACCEPTED, self._drain()

    def remote_stop(
        self, transaction_id: int, running_id: int | None, now: float
    ) -> tuple[GenericStatus, list[Effect]]:
        """RemoteStopTransaction (§5.12): only the transaction that runs (TC_028)."""
        if self.state.transaction is None or running_id != transaction_id:
            return GenericStatus.REJECTED, self._drain()
        self._effects.append(STOP_MODE)
        self._stop(Reason.REMOTE, now)
        return GenericStatus.ACCEPTED, self._drain()

    def unlock(self, connector_id: int, now: float) -> tuple[UnlockStatus, list[Effect]]:
        """UnlockConnector (§5.18): stop charging and unlock the screen lock (myenergi §6.1)."""
        if connector_id != CONNECTOR:
            return UnlockStatus.NOT_SUPPORTED, self._drain()  # TC_031
        if self.view.fresh is None:
            return UnlockStatus.UNLOCK_FAILED, self._drain()
        self._effects.append(STOP_MODE)
        self._stop(Reason.UNLOCK_COMMAND, now)
        self._effects.append(MyenergiCommand(CommandName.UNLOCK))
        self._auth.unlocked_by_bridge()
        return UnlockStatus.UNLOCKED, self._drain()

    def reset(self, kind: ResetType, now: float) -> list[Effect]:
        """Reset (§5.14): end the transaction with the matching reason, then boot again."""
        running = self.state.transaction is not None
        if running:
            self._effects.append(STOP_MODE)
            self._stop(RESET_REASONS[kind], now)
        # Soft = graceful: the StopTransaction first; Hard may send it after the new boot
        graceful = running and kind is ResetType.SOFT
        self._effects.append(Reboot(f"{kind.value} reset", after_queue=graceful))
        return self._drain()

    def update_firmware(self, location: str, now: float) -> list[Effect]:
        """UpdateFirmware (§5.19): remember it; the location is never fetched."""
        self.state = update_requested(self.state, location, self.identity.charge_box_id)
        return self._drain()

    def trigger(
        self, requested: MessageTrigger, connector_id: int | None, now: float
    ) -> tuple[TriggerMessageStatus, list[Effect]]:
        """TriggerMessage (§5.17), from the generated triggerable set."""
        status, calls = triggers.trigger(self, requested, connector_id, now)
        self._effects += calls
        return status, self._drain()

    def config_changed(self, name: str, now: float) -> list[Effect]:
        """An accepted ChangeConfiguration: do what the key's row says (its ``reaction``;
        the OCPP layer's reactions and read_when_used are not the core's)."""
        row = self.config.row(name)
        if row is not None and isinstance(row.reaction, BridgeReaction):
            self._react(row.reaction, now)
        return self._drain()

    # -- inputs: answers to our CALLs and time ------------------------------------------------

    def authorize_answered(
        self, id_tag: str, status: AuthorizationStatus | None, remote: bool, now: float
    ) -> list[Effect]:
        """Authorize.conf (None: no answer): accepted → authorized, else Stop mode."""
        self.state, effects, accepted = self._auth.answered(self.state, status)
        self._effects += effects
        if accepted:
            self._grant(id_tag, now, remote=remote)
        self._report_status(now)
        return self._drain()

    def start_answered(self, tx_ref: str, status: AuthorizationStatus, now: float) -> list[Effect]:
        """StartTransaction.conf idTagInfo.status; not Accepted → StopTransactionOnInvalidId
        decides (errata 3.17, default false: keep charging)."""
        if self._tx.stops_on_answer(self.state, tx_ref, status):
            self._effects.append(STOP_MODE)
            self._stop(Reason.DE_AUTHORIZED, now)
            self._report_status(now)
        return self._drain()

    def tick(self, now: float) -> list[Effect]:
        """Timers: ConnectionTimeOut, sampled and clock-aligned meter values."""
        self.state, effects, lapsed = self._auth.lapse(self.state, now)
        self._effects += effects
        if lapsed:
            self._report_status(now)
        self.state, effects = self._meter.due(now, self.view.fresh, self.state)
        self._effects += effects
        self._effects += self._statuses.release_held(self._seen(), now)
        return self._drain()

    # -- putting the parts' answers in order --------------------------------------------------

    def _react(self, reaction: BridgeReaction, now: float) -> None:
        match reaction:
            case BridgeReaction.FREE_CHARGING:
                self._effects += self._auth.free_charging_changed()
                self._maybe_start(now)
            case BridgeReaction.CHARGE_MODE:
                self._effects += self._auth.charge_mode_changed(self.state)
            case BridgeReaction.SAMPLE_INTERVAL:
                self._meter.restart_sampling(now, self.state.transaction is not None)
            case BridgeReaction.ALIGNED_INTERVAL:
                self._meter.restart_aligned(now)
            case _:
                assert_never(reaction)

    def _follow_plug(self, previous: ZappiStatus | None, zappi: ZappiStatus, now: float) -> None:
        was_connected = car_connected(previous)
        if zappi.plug_state is PlugState.EV_DISCONNECTED:
            if self.state.transaction is not None:
                self._stop(Reason.EV_DISCONNECTED, now)
                if not flag(self.config, "FreeCharging"):  # myenergi §6.3: back to Stop mode
                    self._effects.append(STOP_MODE)
            if was_connected or self.state.ended_while_plugged:
                self.state = self._auth.unplugged(self.state)
            return
        if car_connected(zappi):
            self._maybe_start(now)
            if not was_connected:
                self._effects += self._auth.hold(self.state, zappi)

    def _grant(self, id_tag: str, now: float, *, remote: bool) -> None:
        zappi = self.view.zappi
        self.state, effects = self._auth.grant(self.state, zappi, id_tag, remote=remote)
        self._effects += effects
        if car_connected(zappi):
            self._maybe_start(now)
        else:
            self._auth.wait_for_car(now)
            self._report_status(now)

    def _maybe_start(self, now: float) -> None:
        self.state, id_tag = self._tx.startable(self.state, self.view.fresh, self.view.cloud)
        if id_tag is None:
            return
        self._report_status(now)  # Preparing first (OCPP 1.6 §4.9, TC_003)
        self.state, message = self._tx.start(self.state, self.view.zappi, id_tag, now)
        self._auth.car_arrived()
        self._effects.append(message)
        self._meter.restart_sampling(now, running=True)

    def _stop(self, reason: Reason, now: float) -> None:
        stopped = self._tx.stop(self.state, self.view.zappi, reason, now)
        if stopped is None:
            return
        self.state, message = stopped
        self._effects.append(message)
        self._meter.restart_sampling(now, running=False)
        self._report_status(now)

    def _report_status(self, now: float) -> None:
        self._effects += self._statuses.changes(self._seen(), now)

    def _seen(self) -> Situation:
        return self.view.situation(self.state)

    def _drain(self) -> list[Effect]:
        effects, self._effects = self._effects, []
        return effects

