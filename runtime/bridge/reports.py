"""Payloads of the messages the core reports: StatusNotification (from a decision of the
generated status table) and StopTransaction (with its transactionData)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from generated.payloads import ReadingContext, Reason
from generated.status_table import Decision

from .meter import meter_value, rfc3339
from .state import TxRecord

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
