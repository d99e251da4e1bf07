"""What one charger's bridge must not forget, in the runtime's store (``storage``).

One row per charge box in the store's ``bridge_state`` table, beside the runtime's outbox and
configuration: the monotonic energy register (Energy.Active.Import.Register, Wh), the ``che``
it was last advanced from, the running transaction, the authorization, the firmware version
reported at the last boot and whether an UpdateFirmware is outstanding.

The row is written in the same write group, so the same transaction, as the outbox messages
an input produced (:meth:`BridgeStateStore.atomically`), so a SIGKILL can never leave a
StopTransaction queued while the row still says the transaction runs (it would be sent twice
after the restart), nor the other way round (it would never be sent).
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

from generated.status_table import AuthorizationState

if TYPE_CHECKING:  # the core does no I/O: it is handed the store
    from runtime.storage.store import Store

__all__ = ["BridgeStateStore", "DurableState", "TxRecord"]


@dataclass(frozen=True, slots=True)
class TxRecord:
    """The transaction running on connector 1 (OCPP 1.6 §4.8, §4.10)."""

    tx_ref: str  #: the outbox's name for it (its transactionId comes later)
    id_tag: str
    meter_start_wh: int
    started_at: str  #: RFC 3339, the StartTransaction timestamp
    #: sampledValue payloads with context Transaction.Begin, for StopTransaction.transactionData
    begin_samples: tuple[dict[str, Any], ...] = ()
    #: MeterValue payloads of StopTxnAlignedData taken at each clock-aligned boundary
    aligned_values: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class DurableState:
    register_wh: float = 0.0
    #: ``che`` (Wh) at the last observation; None until the first one
    last_che_wh: float | None = None
    transaction: TxRecord | None = None
    #: a transaction ended while the car stays plugged in (status Finishing until unplugged)
    ended_while_plugged: bool = False
    authorization: AuthorizationState = AuthorizationState.WAITING
    auth_id_tag: str | None = None
    #: the fwv the last BootNotification carried (None: never booted)
    reported_firmware: str | None = None
    firmware_update_requested: bool = False
    tx_counter: int = 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> DurableState:
        data = json.loads(text)
        tx = data.get("transaction")
        record = None
        if tx is not None:
            record = TxRecord(
                tx_ref=str(tx["tx_ref"]),
                id_tag=str(tx["id_tag"]),
                meter_start_wh=int(tx["meter_start_wh"]),
                started_at=str(tx["started_at"]),
                begin_samples=tuple(dict(s) for s in tx.get("begin_samples", ())),
                aligned_values=tuple(dict(v) for v in tx.get("aligned_values", ())),
            )
        defaults = cls()
        return replace(
            defaults,
            register_wh=float(data.get("register_wh", 0.0)),
            last_che_wh=data.get("last_che_wh"),
            transaction=record,
            ended_while_plugged=bool(data.get("ended_while_plugged", False)),
            authorization=AuthorizationState(data.get("authorization", "waiting")),
            auth_id_tag=data.get("auth_id_tag"),
            reported_firmware=data.get("reported_firmware"),
            firmware_update_requested=bool(data.get("firmware_update_requested", False)),
            tx_counter=int(data.get("tx_counter", 0)),
        )


class BridgeStateStore:
    """One charge box's ``bridge_state`` row in a :class:`Store` (JSON of
    :class:`DurableState`), read from memory."""

    __slots__ = ("_stored",)

    def __init__(self, store: Store, charge_box: str) -> None:
        self._stored = store.charger(charge_box)

    def load(self) -> DurableState:
        text = self._stored.state
        return DurableState() if text is None else DurableState.from_json(text)

    def save(self, state: DurableState) -> None:
        self._stored.save_state(state.to_json())

    def atomically(self) -> AbstractContextManager[None]:
        """One write group around outbox enqueues and :meth:`save` of this charge box."""
        return self._stored.group()
