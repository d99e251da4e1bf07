"""When a zappi's transaction starts and stops, and its messages (no I/O).

A transaction starts when a car is connected and charging is authorized (FreeCharging
authorizes any car, with the charger's Virtual OCPP Tag or ``FreeCharging``), after the status
has said Preparing (OCPP 1.6 §4.9: the core reports it before it calls :meth:`start`). It stops
with the reason the caller gives (unplug, remote stop, unlock, reset) or, when
StopTransactionOnInvalidId is true, because StartTransaction.conf was not Accepted
(DeAuthorized, errata 3.17). Its messages go to the durable outbox
(:class:`~runtime.bridge.effects.QueueTxMessage`) in the same SQLite transaction as the state.

:class:`Transactions` holds no state of its own: it takes the charger's
:class:`~runtime.bridge.state.DurableState` and returns the next one with the message to queue.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from generated.myenergi import PlugState
from generated.payloads import (
    AuthorizationStatus,
    ReadingContext,
    Reason,
    ResetType,
    StartTransactionRequest,
    StopTransactionMeterValue,
    StopTransactionRequest,
    StopTransactionSampledValue,
)
from generated.status_table import AuthorizationState, CloudState
from runtime.logs import event
from runtime.ocpp.outbox import NO_TRANSACTION_ID, TxRole

from .effects import QueueTxMessage
from .metering import CONNECTOR, meter_value, rfc3339, sampled_values
from .settings import ConfigReader, csl, flag
from .state import DurableState, TxRecord

if TYPE_CHECKING:  # the myenergi package imports trio with its client
    from runtime.myenergi.status import ZappiStatus

__all__ = ["CAR_CONNECTED", "FREE_CHARGING_TAG", "RESET_REASONS", "Transactions", "car_connected"]

log = logging.getLogger("runtime.bridge.charger")

#: Reset.req type → StopTransaction reason (OCPP 1.6 §5.14)
RESET_REASONS: Mapping[ResetType, Reason] = {
    ResetType.SOFT: Reason.SOFT_RESET,
    ResetType.HARD: Reason.HARD_RESET,
}
#: the idTag of a FreeCharging transaction when the charger has no Virtual OCPP Tag configured
FREE_CHARGING_TAG = "FreeCharging"
#: plug states with a car at the connector
CAR_CONNECTED = frozenset(
    {PlugState.EV_CONNECTED, PlugState.WAITING_FOR_EV, PlugState.EV_READY, PlugState.CHARGING}
)


def car_connected(zappi: ZappiStatus | None) -> bool:
    return zappi is not None and zappi.plug_state in CAR_CONNECTED


class Transactions:
    """The transaction rules of one charger; see the module docstring."""

    __slots__ = ("_charge_box", "_config", "_pin_id_tag")

    def __init__(self, charge_box: str, pin_id_tag: str | None, config: ConfigReader) -> None:
        self._charge_box = charge_box
        self._pin_id_tag = pin_id_tag
        self._config = config

    def startable(
        self, state: DurableState, zappi: ZappiStatus | None, cloud: CloudState
    ) -> tuple[DurableState, str | None]:
        """The idTag to start a transaction with now (None: none may start), and the state,
        authorized by FreeCharging if nothing else authorized the car."""
        if not car_connected(zappi) or cloud is not CloudState.REACHABLE:
            return state, None
        if state.transaction is not None or state.ended_while_plugged:
            return state, None
        if state.authorization is AuthorizationState.WAITING and flag(self._config, "FreeCharging"):
            tag = self._pin_id_tag or FREE_CHARGING_TAG
            state = replace(state, authorization=AuthorizationState.ACCEPTED, auth_id_tag=tag)
        if state.authorization is AuthorizationState.ACCEPTED and state.auth_id_tag:
            return state, state.auth_id_tag
        return state, None

    def start(
        self, state: DurableState, zappi: ZappiStatus | None, id_tag: str, now: float
    ) -> tuple[DurableState, QueueTxMessage]:
        """StartTransaction (OCPP 1.6 §4.8) at the bridge's register."""
        raw = zappi.raw if zappi else {}
        counter = state.tx_counter + 1
        meter_start = int(state.register_wh)
        begin = sampled_values(
            self._stop_measurands(), raw, state.register_wh, ReadingContext.TRANSACTION_BEGIN
        )
        record = TxRecord(
            tx_ref=f"tx{counter}",
            id_tag=id_tag,
            meter_start_wh=meter_start,
            started_at=rfc3339(now),
            begin_samples=tuple(sample.to_payload() for sample in begin),
        )
        request = StartTransactionRequest(
            connector_id=CONNECTOR,
            id_tag=id_tag,
            meter_start=meter_start,
            timestamp=record.started_at,
        )
        self._log(
            "transaction.started", tx_ref=record.tx_ref, id_tag=id_tag, meter_start_wh=meter_start
        )
        state = replace(state, transaction=record, tx_counter=counter)
        return state, QueueTxMessage(request, record.tx_ref, TxRole.START)

    def stop(
        self, state: DurableState, zappi: ZappiStatus | None, reason: Reason, now: float
    ) -> tuple[DurableState, QueueTxMessage] | None:
        """StopTransaction (OCPP 1.6 §4.10) of the running transaction; None when none runs."""
        tx = state.transaction
        if tx is None:
            return None
        meter_stop = max(int(state.register_wh), tx.meter_start_wh)
        request = self._stop_request(tx, reason, meter_stop, now, zappi, state.register_wh)
        state = replace(
            state,
            transaction=None,
            ended_while_plugged=car_connected(zappi),
            authorization=AuthorizationState.WAITING,
            auth_id_tag=None,
        )
        self._log(
            "transaction.stopped", tx_ref=tx.tx_ref, reason=reason.value, meter_stop_wh=meter_stop
        )
        return state, QueueTxMessage(request, tx.tx_ref, TxRole.STOP)

    def stops_on_answer(
        self, state: DurableState, tx_ref: str, status: AuthorizationStatus
    ) -> bool:
        """StartTransaction.conf's idTagInfo.status was ``status``: True when the transaction
        must stop (not Accepted and StopTransactionOnInvalidId, errata 3.17; the default,
        false, keeps charging)."""
        tx = state.transaction
        if status == AuthorizationStatus.ACCEPTED or tx is None or tx.tx_ref != tx_ref:
            return False
        if flag(self._config, "StopTransactionOnInvalidId"):
            return True
        self._log("transaction.invalid_id_kept", id_tag=tx.id_tag, status=status)
        return False

    def _stop_request(
        self,
        tx: TxRecord,
        reason: Reason,
        meter_stop_wh: int,
        now: float,
        zappi: ZappiStatus | None,
        register_wh: float,
    ) -> StopTransactionRequest:
        """transactionData holds the Transaction.Begin and Transaction.End values of
        StopTxnSampledData (errata 3.14) and the StopTxnAlignedData values taken at each
        clock-aligned boundary; none when both lists are empty. The transactionId is the
        outbox's to fill in when the message is sent."""
        measurands = self._stop_measurands()
        data: list[StopTransactionMeterValue] = []
        if measurands:
            begin = tuple(StopTransactionSampledValue.from_payload(s) for s in tx.begin_samples)
            data.append(StopTransactionMeterValue(timestamp=tx.started_at, sampled_value=begin))
        data.extend(StopTransactionMeterValue.from_payload(value) for value in tx.aligned_values)
        if measurands:
            raw = zappi.raw if zappi else {}
            end = meter_value(now, measurands, raw, register_wh, ReadingContext.TRANSACTION_END)
            data.append(StopTransactionMeterValue.from_payload(end.to_payload()))
        return StopTransactionRequest(
            meter_stop=meter_stop_wh,
            timestamp=rfc3339(now),
            transaction_id=NO_TRANSACTION_ID,
            id_tag=tx.id_tag,
            reason=reason,
            transaction_data=tuple(data) if data else None,
        )

    def _stop_measurands(self) -> tuple[str, ...]:
        return csl(self._config, "StopTxnSampledData")

    def _log(self, name: str, **fields: object) -> None:
        event(log, name, level=logging.INFO, charge_box=self._charge_box, **fields)
