"""What the per-charger core asks the outside world to do (h11 style: inputs in, effects out).

The core (:mod:`runtime.bridge.charger`) never does I/O; every input returns a list of these
values, and the trio driver (:mod:`runtime.bridge.driver`) carries them out in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generated.myenergi import CommandName
from runtime.ocpp.outbox import TxRole

__all__ = [
    "AuthorizeTag",
    "Effect",
    "MyenergiCommand",
    "QueueTxMessage",
    "Reboot",
    "SendCall",
    "StatusReport",
]


@dataclass(frozen=True, slots=True)
class StatusReport:
    """A StatusNotification for ``connector_id`` (OCPP 1.6 §4.9): the derived status changed
    (or a TriggerMessage asked)."""

    connector_id: int
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SendCall:
    """A CALL that is not a transaction message; its answer is only logged.

    ``tx_ref``: fill in the transactionId of that transaction when it is known (a triggered
    MeterValues). ``after_answer``: send it only after the answer to the central system's
    CALL that caused it (TriggerMessage, OCPP 1.6 §5.17).
    """

    action: str
    payload: dict[str, Any]
    tx_ref: str | None = None
    after_answer: bool = False


@dataclass(frozen=True, slots=True)
class QueueTxMessage:
    """A transaction message for the durable outbox (OCPP 1.6 §3.7)."""

    action: str
    payload: dict[str, Any]
    tx_ref: str
    role: TxRole


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


@dataclass(frozen=True, slots=True)
class Reboot:
    """Reconnect with a new BootNotification (Reset, or a new firmware version).

    ``after_queue``: first let the outbox deliver what is queued (bounded by MessageTimeout),
    so a soft reset's StopTransaction goes out on the old connection (OCPP 1.6 §5.14).
    """

    reason: str
    after_queue: bool = False


Effect = StatusReport | SendCall | QueueTxMessage | AuthorizeTag | MyenergiCommand | Reboot
