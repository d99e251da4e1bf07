"""When a zappi's transaction starts and stops, a part of the bridge core
(:mod:`runtime.bridge.core_base`).

A transaction starts when a car is connected and charging is authorized (FreeCharging
authorizes any car, with the charger's Virtual OCPP Tag or ``FreeCharging``), after the status
has said Preparing (OCPP 1.6 §4.9). It stops with the reason the caller gives (unplug, remote
stop, unlock, reset) or, when StopTransactionOnInvalidId is true, because StartTransaction.conf
was not Accepted (DeAuthorized, errata 3.17). Its messages go to the durable outbox
(:class:`~runtime.bridge.effects.QueueTxMessage`) in the same SQLite transaction as the state.
"""

from __future__ import annotations

from dataclasses import replace

from generated.myenergi import ChargeMode, CommandName
from generated.payloads import AuthorizationStatus, ReadingContext, Reason
from generated.status_table import AuthorizationState, CloudState
from runtime.ocpp.outbox import TxRole

from .core_base import CAR_CONNECTED, CoreBase
from .effects import Effect, QueueTxMessage
from .meter import rfc3339, sampled_values
from .metering import CONNECTOR
from .reports import stop_payload
from .state import TxRecord

__all__ = ["FREE_CHARGING_TAG", "Transactions"]

#: the idTag of a FreeCharging transaction when the charger has no Virtual OCPP Tag configured
FREE_CHARGING_TAG = "FreeCharging"


class Transactions(CoreBase):
    """The transaction rules of the core; see the module docstring."""

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

    def _maybe_start(self, now: float) -> None:
        zappi = self.zappi
        if (
            zappi is None
            or zappi.plug_state not in CAR_CONNECTED
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
        plugged = self.zappi is not None and self.zappi.plug_state in CAR_CONNECTED
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
