"""TriggerMessage (OCPP 1.6 §5.17): what each requested message is, as a table.

Each entry builds the CALLs a trigger sends, after its answer (``after_answer``). Fixed
fields come from the messages table (e.g. DiagnosticsStatusNotification is always Idle).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from generated.messages import ACTIONS
from generated.payloads import FirmwareStatus, MessageTrigger, ReadingContext

from .effects import SendCall
from .state import TxRecord

__all__ = ["TRIGGERS", "TriggerSource"]

CONNECTOR = 1


class TriggerSource(Protocol):
    """What the builders read from the core."""

    @property
    def transaction(self) -> TxRecord | None: ...

    def boot_payload(self) -> dict[str, object]: ...

    def report_status_now(self, connector_id: int, now: float) -> dict[str, Any]: ...

    def meter_value_now(self, measurands_key: str, context: str, now: float) -> dict[str, Any]: ...


Builder = Callable[[TriggerSource, "int | None", float], list[SendCall]]


def _fixed(action: str, **defaults: str) -> dict[str, Any]:
    fields = {key: str(value) for key, value in ACTIONS[action].mapping.fixed_fields.items()}
    return {**defaults, **fields}


def _call(action: str, payload: dict[str, Any], tx_ref: str | None = None) -> SendCall:
    return SendCall(action, payload, tx_ref=tx_ref, after_answer=True)


def _boot(source: TriggerSource, connector_id: int | None, now: float) -> list[SendCall]:
    return [_call("BootNotification", source.boot_payload())]


def _heartbeat(source: TriggerSource, connector_id: int | None, now: float) -> list[SendCall]:
    return [_call("Heartbeat", {})]


def _status(source: TriggerSource, connector_id: int | None, now: float) -> list[SendCall]:
    # no connectorId: connector 0 and every connector (§5.17)
    wanted = (0, CONNECTOR) if connector_id is None else (connector_id,)
    return [_call("StatusNotification", source.report_status_now(c, now)) for c in wanted]


def _meter_values(source: TriggerSource, connector_id: int | None, now: float) -> list[SendCall]:
    # the latest values of every MeterValuesSampledData measurand, context Trigger (§5.17)
    value = source.meter_value_now("MeterValuesSampledData", ReadingContext.TRIGGER.value, now)
    tx = source.transaction
    payload = {"connectorId": CONNECTOR, "meterValue": [value]}
    return [_call("MeterValues", payload, tx.tx_ref if tx else None)]


def _firmware(source: TriggerSource, connector_id: int | None, now: float) -> list[SendCall]:
    # Idle: download progress is invisible through the myenergi cloud (spec/messages.yaml)
    payload = _fixed("FirmwareStatusNotification", status=FirmwareStatus.IDLE.value)
    return [_call("FirmwareStatusNotification", payload)]


def _diagnostics(source: TriggerSource, connector_id: int | None, now: float) -> list[SendCall]:
    return [_call("DiagnosticsStatusNotification", _fixed("DiagnosticsStatusNotification"))]


TRIGGERS: Mapping[MessageTrigger, Builder] = {
    MessageTrigger.BOOT_NOTIFICATION: _boot,
    MessageTrigger.HEARTBEAT: _heartbeat,
    MessageTrigger.STATUS_NOTIFICATION: _status,
    MessageTrigger.METER_VALUES: _meter_values,
    MessageTrigger.FIRMWARE_STATUS_NOTIFICATION: _firmware,
    MessageTrigger.DIAGNOSTICS_STATUS_NOTIFICATION: _diagnostics,
}
