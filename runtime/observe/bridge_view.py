"""The read-only questions the operator endpoint asks of one running charger.

The only module of :mod:`runtime.observe` that reads a :class:`ChargerDriver`; it changes
nothing and keeps nothing. When the bridge's internals move, this is the file to follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from runtime.bridge.driver import ChargerDriver
from runtime.bridge.eligibility import ineligible_reason

__all__ = ["TransactionView", "accepted", "connected", "not_eligible", "transaction"]


@dataclass(frozen=True, slots=True)
class TransactionView:
    """The transaction running on connector 1, as the bridge keeps it."""

    tx_ref: str
    transaction_id: int | None  #: None until the Central System answered StartTransaction
    id_tag: str
    meter_start_wh: int
    started_at: str


def connected(driver: ChargerDriver) -> bool:
    return driver.cp.connected


def accepted(driver: ChargerDriver) -> bool:
    return driver.cp.connected and driver.cp.accepted


def not_eligible(driver: ChargerDriver) -> str | None:
    """Why this zappi gets no OCPP connection (serial, or firmware once polled), else None."""
    return ineligible_reason(driver.identity.serial, driver.core.firmware)


def transaction(driver: ChargerDriver) -> TransactionView | None:
    record = driver.core.state.transaction
    if record is None:
        return None
    return TransactionView(
        tx_ref=record.tx_ref,
        transaction_id=driver.running_transaction_id(),
        id_tag=record.id_tag,
        meter_start_wh=record.meter_start_wh,
        started_at=record.started_at,
    )
