"""The vocabulary of the store: what is kept per charge box, and the writes that change it.

The store keeps, per charge box (OCPP-J's charge point identity): the transaction-message
queue (:class:`QueuedRow`, OCPP 1.6 §3.7 and §4.8), the transaction ids the central system
gave, the OCPP configuration values that differ from the key table's defaults, the bridge's
durable state (opaque JSON text, owned by :mod:`runtime.bridge.state`) and the boot count the
message-id epoch comes from (OCPP-J 1.6 §4.1.4).

Every change is a :data:`Write`; the writes one input produced form a :class:`WriteGroup`, which
the store commits atomically (all or nothing) and which carries the :class:`Owner` it was
written under, so a writer whose ownership was taken over is refused (fencing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ChargerData",
    "Enqueue",
    "ForgetTransaction",
    "Owner",
    "QueuedRow",
    "Remove",
    "Reschedule",
    "SaveState",
    "SetBoots",
    "SetConfig",
    "SettleTransaction",
    "Write",
    "WriteGroup",
]


@dataclass(frozen=True, slots=True)
class Owner:
    """Who writes a charge box's rows: a fence ``scope`` (a hub, once replicas hold leases)
    held at ``epoch``. A group whose epoch is not the scope's current one is refused."""

    scope: str
    epoch: int


@dataclass(slots=True)
class QueuedRow:
    """One queued transaction message, as stored (the transactionId is not in ``payload``
    for UPDATE and STOP messages: it is filled in when the message is sent). Changed in
    place by its :class:`~runtime.storage.stored_charger.StoredCharger` only."""

    seq: int  #: delivery order within the charge box
    message_id: str  #: reused on every retransmission (OCPP-J 1.6 errata §3.7)
    action: str
    payload: dict[str, Any]
    tx_ref: str  #: the caller's name for the transaction
    role: str  #: runtime.ocpp.outbox.TxRole's value
    attempts: int = 0  #: failed transmissions so far
    not_before: float = 0.0  #: wall-clock time of the next attempt
    enqueued_at: float = 0.0  #: wall-clock time it was queued (its age)
    #: the store's number for the write that queued it; 0 when loaded (already durable),
    #: -1 while the write group that queues it is still open
    ticket: int = 0


@dataclass(slots=True)
class ChargerData:
    """Everything the store holds for one charge box, as loaded."""

    rows: list[QueuedRow] = field(default_factory=list)  #: in ``seq`` order
    transaction_ids: dict[str, int] = field(default_factory=dict)  #: by tx_ref
    config: dict[str, str] = field(default_factory=dict)  #: lower-case key → wire value
    state: str | None = None  #: the bridge's durable state (JSON), None when never saved
    boots: int = 0  #: how many times a charger with this id started


@dataclass(frozen=True, slots=True)
class Enqueue:
    charge_box: str
    row: QueuedRow
    payload_text: str  #: ``row.payload`` as stored (JSON)


@dataclass(frozen=True, slots=True)
class Reschedule:
    charge_box: str
    seq: int
    attempts: int
    not_before: float


@dataclass(frozen=True, slots=True)
class Remove:
    charge_box: str
    seq: int


@dataclass(frozen=True, slots=True)
class SettleTransaction:
    charge_box: str
    tx_ref: str
    transaction_id: int


@dataclass(frozen=True, slots=True)
class ForgetTransaction:
    charge_box: str
    tx_ref: str


@dataclass(frozen=True, slots=True)
class SetConfig:
    charge_box: str
    key: str  #: lower case
    value: str


@dataclass(frozen=True, slots=True)
class SaveState:
    charge_box: str
    state: str


@dataclass(frozen=True, slots=True)
class SetBoots:
    charge_box: str
    count: int


Write = (
    Enqueue | Reschedule | Remove | SettleTransaction | ForgetTransaction | SetConfig
    | SaveState | SetBoots
)


@dataclass(frozen=True, slots=True)
class WriteGroup:
    """Writes committed together or not at all, under ``owner`` (None: no fence)."""

    owner: Owner | None
    writes: tuple[Write, ...]
