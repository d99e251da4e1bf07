"""What the per-charger core asks the outside world to do (h11 style: inputs in, effects out).

The core (:mod:`runtime.bridge.charger`) never does I/O; every input returns a list of these
values, and the trio driver (:mod:`runtime.bridge.driver`) carries them out in order. The OCPP
messages in them are the generated payload classes; they become JSON payloads only at the
runtime's boundary (:attr:`SendCall.payload`, :attr:`QueueTxMessage.payload`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from generated.messages import ACTIONS
from generated.myenergi import ChargeMode, CommandName
from generated.payloads import (
    REQUEST_TYPES,
    BootNotificationRequest,
    DiagnosticsStatusNotificationRequest,
    FirmwareStatusNotificationRequest,
    HeartbeatRequest,
    MeterValuesRequest,
    Payload,
    StartTransactionRequest,
    StatusNotificationRequest,
    StopTransactionRequest,
)
from runtime.ocpp.outbox import TxRole

__all__ = [
    "STOP_MODE",
    "AuthorizeTag",
    "Effect",
    "MyenergiCommand",
    "OutboundRequest",
    "QueueTxMessage",
    "Reboot",
    "SendCall",
    "StatusReport",
    "TransactionRequest",
    "action_of",
    "with_fixed_fields",
]

#: a CALL of the charge point that is not a transaction message and whose answer is only logged
OutboundRequest = (
    BootNotificationRequest
    | DiagnosticsStatusNotificationRequest
    | FirmwareStatusNotificationRequest
    | HeartbeatRequest
    | MeterValuesRequest
    | StatusNotificationRequest
)
#: a message of the durable outbox (OCPP 1.6 §3.7)
TransactionRequest = StartTransactionRequest | StopTransactionRequest | MeterValuesRequest

_ACTIONS_BY_TYPE: Mapping[type[Payload], str] = {cls: name for name, cls in REQUEST_TYPES.items()}
_TRANSACTION_ID = "transactionId"
_R = TypeVar("_R", bound=Payload)


def action_of(request: Payload) -> str:
    """The OCPP action whose request ``request`` is."""
    return _ACTIONS_BY_TYPE[type(request)]


def with_fixed_fields(request: _R) -> _R:
    """``request`` with the fields the messages table fixes for its action (``fixed_fields``)."""
    fixed = ACTIONS[action_of(request)].mapping.fixed_fields
    return type(request).from_payload({**request.to_payload(), **fixed}) if fixed else request


@dataclass(frozen=True, slots=True)
class StatusReport:
    """A StatusNotification (OCPP 1.6 §4.9): the derived status changed (or a boot asked)."""

    request: StatusNotificationRequest

    @property
    def connector_id(self) -> int:
        return self.request.connector_id

    @property
    def payload(self) -> dict[str, object]:
        return self.request.to_payload()


@dataclass(frozen=True, slots=True)
class SendCall:
    """A CALL that is not a transaction message; its answer is only logged.

    ``tx_ref``: fill in the transactionId of that transaction when it is known (a triggered
    MeterValues). ``after_answer``: send it only after the answer to the central system's
    CALL that caused it (TriggerMessage, OCPP 1.6 §5.17).
    """

    request: OutboundRequest
    tx_ref: str | None = None
    after_answer: bool = False

    @property
    def action(self) -> str:
        return action_of(self.request)

    @property
    def payload(self) -> dict[str, object]:
        return self.request.to_payload()


@dataclass(frozen=True, slots=True)
class QueueTxMessage:
    """A transaction message for the durable outbox (OCPP 1.6 §3.7)."""

    request: TransactionRequest
    tx_ref: str
    role: TxRole

    @property
    def action(self) -> str:
        return action_of(self.request)

    @property
    def payload(self) -> dict[str, object]:
        """The payload as the outbox stores it: UPDATE and STOP messages get their
        transactionId when they are sent (``runtime.ocpp.outbox``), so it is left out."""
        payload = self.request.to_payload()
        if self.role is not TxRole.START:
            payload.pop(_TRANSACTION_ID, None)
        return payload


@dataclass(frozen=True, slots=True)
class AuthorizeTag:
    """Send Authorize(id_tag) and feed the answer back (``ChargerCore.authorize_answered``);
    ``remote``: it authorizes a RemoteStartTransaction (AuthorizeRemoteTxRequests)."""

    id_tag: str
    remote: bool


@dataclass(frozen=True, slots=True)
class MyenergiCommand:
    """A command to the zappi through the myenergi cloud; ``argument`` e.g. the mode."""

    command: CommandName
    argument: int | str | None = None


#: the zappi stops charging (myenergi set_mode Stop)
STOP_MODE = MyenergiCommand(CommandName.SET_MODE, int(ChargeMode.STOP))


@dataclass(frozen=True, slots=True)
class Reboot:
    """Reconnect with a new BootNotification (Reset, or a new firmware version).

    ``after_queue``: first let the outbox deliver what is queued (bounded by MessageTimeout),
    so a soft reset's StopTransaction goes out on the old connection (OCPP 1.6 §5.14).
    """

    reason: str
    after_queue: bool = False


Effect = StatusReport | SendCall | QueueTxMessage | AuthorizeTag | MyenergiCommand | Reboot
