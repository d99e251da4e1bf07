"""The fleet as an operator sees it: every configured charger, its hub and its queue.

:class:`FleetView` puts together what the other modules keep (the wire's
:class:`~runtime.observe.wire.LinkRecord`, the :class:`~runtime.observe.hubs.HubBoard`, the
outbox) with what the running chargers say (:mod:`runtime.observe.bridge_view`), at the
moment someone asks: nothing here runs between two requests. Counting is one pass over the
chargers; a page of rows is built for the chargers on that page only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generated.payloads import ChargePointStatus
from runtime.bridge.config import ChargerSettings
from runtime.bridge.driver import ChargerDriver
from runtime.bridge.eligibility import ineligible_reason
from runtime.storage.store import Store

from . import bridge_view
from .hubs import HubBoard, HubRecord
from .outbox_reads import QueuedMessage, queued_for
from .wire import LinkRecord, StatusSeen

__all__ = ["ChargerDetail", "ChargerRow", "FleetCounts", "FleetView"]

#: the status of a charger that has not reported one yet
NO_STATUS = "Unknown"
#: queued messages listed in a charger's detail view
DETAIL_QUEUE_ROWS = 20


@dataclass(frozen=True, slots=True)
class FleetCounts:
    configured: int
    connected: int
    accepted: int
    by_status: Mapping[str, int]  #: every ChargePointStatus, plus NO_STATUS


@dataclass(frozen=True, slots=True)
class ChargerRow:
    serial: str
    charge_box_id: str
    hub: str | None
    connected: bool
    accepted: bool
    status: StatusSeen | None
    why_not_connected: str | None  #: None while connected
    since: float | None  #: connected since, or when the reason began (wall clock)


@dataclass(frozen=True, slots=True)
class ChargerDetail:
    row: ChargerRow
    firmware: str | None
    boot_status: str | None
    attempts: int
    last_error: str | None
    last_error_at: float | None
    transaction: bridge_view.TransactionView | None
    queued: list[QueuedMessage]
    hub: HubRecord | None  #: its hub's record: the last myenergi reply time


class FleetView:
    """Read-only answers about the fleet; see the module docstring."""

    def __init__(
        self,
        chargers: Iterable[ChargerSettings],
        drivers: Mapping[str, ChargerDriver],
        links: Mapping[str, LinkRecord],
        hubs: HubBoard,
        hub_of: Mapping[str, str],
        store: Store,
    ) -> None:
        self._chargers = tuple(chargers)
        self._by_id = {c.charge_box_id: c for c in self._chargers}
        self._drivers = drivers
        self._links = links
        self.hubs = hubs
        self._hub_of = hub_of
        self.store = store

    def __len__(self) -> int:
        return len(self._chargers)

    def set_chargers(self, chargers: Iterable[ChargerSettings]) -> None:
        """The configured chargers after a reload."""
        self._chargers = tuple(chargers)
        self._by_id = {c.charge_box_id: c for c in self._chargers}

    def counts(self) -> FleetCounts:
        connected = accepted = 0
        by_status = {s.value: 0 for s in ChargePointStatus} | {NO_STATUS: 0}
        for charger in self._chargers:
            driver = self._drivers.get(charger.serial)
            if driver is not None and bridge_view.connected(driver):
                connected += 1
                accepted += bridge_view.accepted(driver)
            link = self._links.get(charger.charge_box_id)
            status = link.status.status if link is not None and link.status else NO_STATUS
            by_status[status] = by_status.get(status, 0) + 1
        return FleetCounts(len(self._chargers), connected, accepted, by_status)

    def rows(self, chargers: Iterable[ChargerSettings]) -> list[ChargerRow]:
        return [self._row(c) for c in chargers]

    def all(self) -> tuple[ChargerSettings, ...]:
        return self._chargers

    def not_connected(self) -> list[ChargerSettings]:
        return [
            c for c in self._chargers
            if (d := self._drivers.get(c.serial)) is None or not bridge_view.connected(d)
        ]  # fmt: skip

    def search(self, query: str) -> list[ChargerSettings]:
        """Chargers whose serial or charge box id contains ``query`` (case-insensitive)."""
        needle = query.strip().casefold()
        exact = self._by_id.get(query.strip())
        found = [
            c for c in self._chargers
            if needle in c.serial or needle in c.charge_box_id.casefold()
        ]  # fmt: skip
        if exact is not None and exact in found:  # an exact id first
            found.remove(exact)
            found.insert(0, exact)
        return found

    def detail(self, charge_box_id: str) -> ChargerDetail | None:
        charger = self._by_id.get(charge_box_id)
        if charger is None:
            return None
        driver = self._drivers.get(charger.serial)
        link = self._links.get(charger.charge_box_id)
        hub = self._hub_of.get(charger.serial) or charger.hub
        return ChargerDetail(
            row=self._row(charger),
            firmware=driver.core.firmware if driver is not None else None,
            boot_status=link.boot_status if link is not None else None,
            attempts=link.attempts if link is not None else 0,
            last_error=link.last_error if link is not None else None,
            last_error_at=link.last_error_at if link is not None else None,
            transaction=bridge_view.transaction(driver) if driver is not None else None,
            queued=queued_for(self.store, charger.charge_box_id, DETAIL_QUEUE_ROWS),
            hub=self.hubs.records.get(hub) if hub is not None else None,
        )

    def _row(self, charger: ChargerSettings) -> ChargerRow:
        driver = self._drivers.get(charger.serial)
        link = self._links.get(charger.charge_box_id)
        connected = driver is not None and bridge_view.connected(driver)
        accepted = driver is not None and bridge_view.accepted(driver)
        why, since = (None, link.connected_since if link else None)
        if not connected:
            why, since = self._why_not_connected(charger, driver, link)
        elif not accepted:
            boot = link.boot_status if link is not None and link.boot_status else "not answered"
            why = f"connected, BootNotification {boot}"
        return ChargerRow(
            serial=charger.serial,
            charge_box_id=charger.charge_box_id,
            hub=self._hub_of.get(charger.serial) or charger.hub,
            connected=connected,
            accepted=accepted,
            status=link.status if link is not None else None,
            why_not_connected=why,
            since=since,
        )

    def _why_not_connected(
        self, charger: ChargerSettings, driver: ChargerDriver | None, link: LinkRecord | None
    ) -> tuple[str, float | None]:
        if driver is None:
            reason = ineligible_reason(charger.serial, None) or "not started"
            return f"ineligible: {reason}", None
        refusal = bridge_view.not_eligible(driver)
        if refusal is not None:
            return f"ineligible: {refusal}", None
        if link is not None and link.last_error is not None:
            return f"{link.last_end or 'connect_failed'}: {link.last_error}", link.last_error_at
        if link is None or link.attempts == 0:
            return "waiting for the first myenergi poll of its hub", None
        return "connecting", None
