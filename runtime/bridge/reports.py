"""Payloads of the messages the core reports: StatusNotification (from a decision of the
generated status table) and StopTransaction (with its transactionData)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from generated.payloads import ReadingContext, Reason

from .meter import meter_value, rfc3339
from .state import TxRecord
from .status_decision import Decision

__all__ = ["VENDOR_ID", "status_key", "status_payload", "stop_payload"]

#: StatusNotification.vendorId when a vendorErrorCode is given (OCPP 1.6 §7.7)
VENDOR_ID = "myenergi"


def status_key(decision: Decision) -> tuple[object, ...]:
    """What must differ for a new StatusNotification (OCPP 1.6 §4.9: on every change)."""
    return (decision.status, decision.error_code, decision.vendor_error_code, decision.info)


def status_payload(connector_id: int, decision: Decision, now: float) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "connectorId": connector_id,
        "errorCode": decision.error_code,
        "status": decision.status,
        "timestamp": rfc3339(now),
    }
    if decision.info:
        payload["info"] = decision.info
    if decision.vendor_error_code:
        payload["vendorId"] = VENDOR_ID
        payload["vendorErrorCode"] = decision.vendor_error_code
    return payload


def stop_payload(
    tx: TxRecord,
    reason: Reason,
    meter_stop_wh: int,
    now: float,
    stop_measurands: Sequence[str],
    zappi: Mapping[str, object],
    register_wh: float,
) -> dict[str, Any]:
    """StopTransaction.req (OCPP 1.6 §4.10); transactionData holds the Transaction.Begin and
    Transaction.End values of StopTxnSampledData (errata 3.14) and the StopTxnAlignedData
    values taken at each clock-aligned boundary; none when both lists are empty."""
    payload: dict[str, Any] = {
        "idTag": tx.id_tag,
        "meterStop": meter_stop_wh,
        "timestamp": rfc3339(now),
        "reason": reason.value,
    }
    data: list[dict[str, Any]] = []
    if stop_measurands:
        data.append({"timestamp": tx.started_at, "sampledValue": list(tx.begin_samples)})
    data.extend(tx.aligned_values)
    if stop_measurands:
        context = ReadingContext.TRANSACTION_END.value
        data.append(meter_value(now, stop_measurands, zappi, register_wh, context))
    if data:
        payload["transactionData"] = data
    return payload


class StatusReporter:
    """When a StatusNotification is due, per connector (no I/O).

    OCPP 1.6 §4.9: report every change of the status (with its error code and info). With
    MinimumStatusDuration (§9.1.19) a change is reported only once it has lasted that long; a
    blip that returns to the reported status is never reported. The first report of a
    connector is never held.
    """

    __slots__ = ("_held", "_reported")

    def __init__(self) -> None:
        self._reported: dict[int, tuple[object, ...]] = {}
        #: connector → (status key, the time it may be reported)
        self._held: dict[int, tuple[tuple[object, ...], float]] = {}

    def deadlines(self) -> list[float]:
        return [due for _, due in self._held.values()]

    def report_now(self, connector_id: int, decision: Decision, now: float) -> dict[str, Any]:
        """The payload to send now whatever was reported before (a boot, a trigger)."""
        self._reported[connector_id] = status_key(decision)
        self._held.pop(connector_id, None)
        return status_payload(connector_id, decision, now)

    def changed(
        self, connector_id: int, decision: Decision, now: float, hold_s: int
    ) -> dict[str, Any] | None:
        """The payload to send for ``decision``, or None (unchanged, or held)."""
        key = status_key(decision)
        if self._reported.get(connector_id) == key:
            self._held.pop(connector_id, None)  # back where it was: nothing to say
            return None
        if hold_s > 0 and connector_id in self._reported:
            held = self._held.get(connector_id)
            if held is None or held[0] != key:
                self._held[connector_id] = (key, now + hold_s)
            return None
        return self.report_now(connector_id, decision, now)

    def due(self, connector_id: int, decision: Decision, now: float) -> dict[str, Any] | None:
        """At a held change's deadline: the payload if the status stayed the same."""
        held = self._held.get(connector_id)
        if held is None or now < held[1]:
            return None
        del self._held[connector_id]
        return (
            self.report_now(connector_id, decision, now)
            if held[0] == status_key(decision)
            else None
        )
