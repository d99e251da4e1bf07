"""TriggerMessage (OCPP 1.6 §5.17): answered from the generated triggerable set, one builder
per message kind (no I/O).

What may be requested is ``generated.messages.TRIGGERABLE_MESSAGES``, derived from the
messages table (a supported action the TriggerMessage schema lists); anything else is answered
NotImplemented and nothing is sent. Each builder makes the CALLs a trigger sends, after its
answer (``after_answer``); fixed fields come from the messages table (e.g.
DiagnosticsStatusNotification is always Idle). The builders are the names
:data:`rows.hooks.TRIGGER_BUILDERS` lists, which the compiler checks the table against;
importing this module fails if the two disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Protocol

from generated.messages import TRIGGERABLE_MESSAGES
from generated.payloads import (
    BootNotificationRequest,
    DiagnosticsStatus,
    DiagnosticsStatusNotificationRequest,
    FirmwareStatus,
    FirmwareStatusNotificationRequest,
    HeartbeatRequest,
    MessageTrigger,
    MeterValue,
    ReadingContext,
    StatusNotificationRequest,
    TriggerMessageStatus,
)
from rows.hooks import TRIGGER_BUILDERS

from .effects import OutboundRequest, SendCall, with_fixed_fields
from .metering import CONNECTOR, meter_values
from .reports import CONNECTORS
from .state import TxRecord

__all__ = ["BUILDERS", "TriggerSource", "trigger"]


class TriggerSource(Protocol):
    """What the builders read from the core."""

    @property
    def transaction(self) -> TxRecord | None: ...

    def boot_request(self) -> BootNotificationRequest: ...

    def status_now(self, connector_id: int, now: float) -> StatusNotificationRequest: ...

    def meter_value_now(
        self, measurands_key: str, context: ReadingContext, now: float
    ) -> MeterValue: ...


Builder = Callable[[TriggerSource, "int | None", float], list[SendCall]]


def _call(request: OutboundRequest, tx_ref: str | None = None) -> SendCall:
    return SendCall(with_fixed_fields(request), tx_ref=tx_ref, after_answer=True)


def _boot(source: TriggerSource, connector_id: int | None, now: float) -> list[SendCall]:
    return [_call(source.boot_request())]


def _heartbeat(source: TriggerSource, connector_id: int | None, now: float) -> list[SendCall]:
    return [_call(HeartbeatRequest())]


def _status(source: TriggerSource, connector_id: int | None, now: float) -> list[SendCall]:
    # no connectorId: connector 0 and every connector (§5.17)
    wanted = CONNECTORS if connector_id is None else (connector_id,)
    return [_call(source.status_now(c, now)) for c in wanted]


def _meter_values(source: TriggerSource, connector_id: int | None, now: float) -> list[SendCall]:
    # the latest values of every MeterValuesSampledData measurand, context Trigger (§5.17)
    value = source.meter_value_now("MeterValuesSampledData", ReadingContext.TRIGGER, now)
    tx = source.transaction
    return [_call(meter_values(value), tx.tx_ref if tx else None)]


def _firmware(source: TriggerSource, connector_id: int | None, now: float) -> list[SendCall]:
    # Idle: download progress is invisible through the myenergi cloud (spec/messages.yaml)
    return [_call(FirmwareStatusNotificationRequest(status=FirmwareStatus.IDLE))]


def _diagnostics(source: TriggerSource, connector_id: int | None, now: float) -> list[SendCall]:
    return [_call(DiagnosticsStatusNotificationRequest(status=DiagnosticsStatus.IDLE))]


BUILDERS: Mapping[MessageTrigger, Builder] = {
    MessageTrigger.BOOT_NOTIFICATION: _boot,
    MessageTrigger.HEARTBEAT: _heartbeat,
    MessageTrigger.STATUS_NOTIFICATION: _status,
    MessageTrigger.METER_VALUES: _meter_values,
    MessageTrigger.FIRMWARE_STATUS_NOTIFICATION: _firmware,
    MessageTrigger.DIAGNOSTICS_STATUS_NOTIFICATION: _diagnostics,
}

if {kind.value for kind in BUILDERS} != TRIGGER_BUILDERS:  # the names the compiler checks
    raise RuntimeError(
        "runtime.bridge.triggers.BUILDERS and rows.hooks.TRIGGER_BUILDERS disagree: "
        f"{sorted(kind.value for kind in BUILDERS)} != {sorted(TRIGGER_BUILDERS)}"
    )


def trigger(
    source: TriggerSource,
    requested: MessageTrigger,
    connector_id: int | None,
    now: float,
    triggerable: Collection[str] = TRIGGERABLE_MESSAGES,
) -> tuple[TriggerMessageStatus, list[SendCall]]:
    """The answer to TriggerMessage and the CALLs it sends: connectorId other than 0/1 →
    Rejected (TC_055); a message the table does not make triggerable → NotImplemented."""
    if connector_id not in (None, 0, CONNECTOR):
        return TriggerMessageStatus.REJECTED, []
    if requested.value not in triggerable:
        return TriggerMessageStatus.NOT_IMPLEMENTED, []
    return TriggerMessageStatus.ACCEPTED, BUILDERS[requested](source, connector_id, now)
