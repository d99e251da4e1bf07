"""What each charger's OCPP-J connection carries, read off the wire.

:class:`ObservedConnector` wraps the connector every :class:`~runtime.ocpp.charge_point.
ChargePoint` already takes, so the OCPP runtime needs no hook at all: every connection
attempt, every frame and every end of a connection passes through here. From the frames it
counts the CALLs in both directions with their round trip (OCPP-J 1.6 §4.1.1: one CALL
outstanding per direction, so one pending slot per direction is enough) and keeps, per
charge box, the connection state and the last StatusNotification of connector 1 (the
status the Central System was last told). Nothing else of a payload is kept: a
ChangeConfiguration may carry an AuthorizationKey.

A CALL whose answer never comes is counted ``timeout`` when the next CALL in the same
direction goes out (the runtime has given up on it by then; a retransmission reuses the id),
and ``connection_lost`` / ``unanswered`` when the connection ends with it pending.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import trio

from rows.messages import Origin
from runtime.logs import redact
from runtime.ocpp.transport import Connector, Endpoint, Link, SubprotocolRefused

from .instruments import Instruments, action_label, outcome_label

__all__ = ["LinkRecord", "ObservedConnector", "ObservedLink", "StatusSeen"]

_CALL, _RESULT, _ERROR = 2, 3, 4
#: inbound CALLs remembered per connection at most (a CSMS that breaks §4.1.1 cannot grow it)
_MAX_INBOUND = 8
_SENT, _RECEIVED = Origin.CHARGE_POINT.value, Origin.CENTRAL_SYSTEM.value


@dataclass(frozen=True, slots=True)
class StatusSeen:
    """A StatusNotification of connector 1, as sent to the Central System."""

    status: str
    error_code: str
    info: str | None
    vendor_error_code: str | None
    at: float  #: wall-clock time it was sent


@dataclass(slots=True)
class LinkRecord:
    """One charge box as its connection shows it."""

    connected_since: float | None = None  #: wall-clock; None while not connected
    attempts: int = 0  #: connection attempts (the first one included)
    last_end: str | None = None  #: how the last connection ended (RECONNECT_REASONS)
    last_error: str | None = None  #: why, in words (secrets masked)
    last_error_at: float | None = None
    boot_status: str | None = None  #: the last BootNotification.conf status
    status: StatusSeen | None = None
    out_call: tuple[str, str, float] | None = None  #: (id, action, sent at) of our CALL
    in_calls: dict[str, tuple[str, float]] = field(default_factory=dict)


class ObservedConnector:
    """A :data:`~runtime.ocpp.transport.Connector` that records what its links carry."""

    def __init__(self, inner: Connector, instruments: Instruments) -> None:
        self._inner = inner
        self._instruments = instruments
        self.records: dict[str, LinkRecord] = {}

    def record(self, charge_box: str) -> LinkRecord:
        found = self.records.get(charge_box)
        if found is None:
            found = self.records[charge_box] = LinkRecord()
        return found

    @asynccontextmanager
    async def __call__(self, endpoint: Endpoint, nursery: trio.Nursery) -> AsyncIterator[Link]:
        record = self.record(endpoint.charge_box_id)
        if record.last_end is not None:  # the previous connection ended and this one follows
            self._instruments.reconnect(record.last_end)
            record.last_end = None
        record.attempts += 1
        established = False
        try:
            async with self._inner(endpoint, nursery) as link:
                established = True
                record.connected_since = time.time()
                yield ObservedLink(link, record, self._instruments)
        except trio.Cancelled:
            # shutdown, or the runtime ending a connection it found broken (a reconnect follows)
            self._ended(record, "connection_lost", None)
            raise
        except SubprotocolRefused as exc:
            self._ended(record, "connect_failed", exc)
            raise
        except Exception as exc:
            self._ended(record, "connection_lost" if established else "connect_failed", exc)
            raise
        else:
            self._ended(record, "requested", None)

    def _ended(self, record: LinkRecord, how: str, exc: BaseException | None) -> None:
        record.connected_since = None
        record.boot_status = None
        record.last_end = how
        if exc is not None:
            record.last_error = redact(f"{type(exc).__name__}: {exc}")[:300]
            record.last_error_at = time.time()
        if record.out_call is not None:
            self._instruments.call(_SENT, record.out_call[1], "connection_lost", None)
            record.out_call = None
        for action, _ in record.in_calls.values():
            self._instruments.call(_RECEIVED, action, "unanswered", None)
        record.in_calls.clear()


class ObservedLink:
    """A :class:`~runtime.ocpp.transport.Link` whose frames are counted on the way through."""

    __slots__ = ("_instruments", "_link", "_record")

    def __init__(self, link: Link, record: LinkRecord, instruments: Instruments) -> None:
        self._link = link
        self._record = record
        self._instruments = instruments

    async def send(self, text: str) -> None:
        if (frame := _frame(text)) is not None:
            self._sent(frame)
        await self._link.send(text)

    async def receive(self) -> str:
        text = await self._link.receive()
        if (frame := _frame(text)) is not None:
            self._received(frame)
        return text

    async def ping(self) -> None:
        await self._link.ping()

    async def close(self) -> None:
        await self._link.close()

    # -- the frames ---------------------------------------------------------------------------

    def _sent(self, frame: list[Any]) -> None:
        record = self._record
        unique_id = frame[1]
        if frame[0] == _CALL:
            if record.out_call is not None:  # the runtime gave up waiting for that answer
                self._instruments.call(_SENT, record.out_call[1], "timeout", None)
            action = action_label(frame[2])
            record.out_call = (unique_id, action, time.perf_counter())
            if action == "StatusNotification":
                _remember_status(record, frame[3] if len(frame) > 3 else None)
        elif (pending := record.in_calls.pop(unique_id, None)) is not None:
            self._answered(_RECEIVED, pending, frame)

    def _received(self, frame: list[Any]) -> None:
        record = self._record
        unique_id = frame[1]
        if frame[0] == _CALL:
            if len(record.in_calls) < _MAX_INBOUND:
                record.in_calls[unique_id] = (action_label(frame[2]), time.perf_counter())
            return
        pending = record.out_call
        if pending is None or pending[0] != unique_id:
            return  # a late or unknown answer: the session drops it too
        record.out_call = None
        self._answered(_SENT, pending[1:], frame)
        if pending[1] == "BootNotification" and frame[0] == _RESULT and isinstance(frame[2], dict):
            status = frame[2].get("status")
            record.boot_status = status if isinstance(status, str) else None

    def _answered(self, origin: str, pending: tuple[str, float], frame: list[Any]) -> None:
        """A CALLRESULT or CALLERROR ``frame`` answered the CALL ``pending`` (action, start)."""
        action, started = pending
        if frame[0] == _RESULT:
            outcome = "CALLRESULT"
        elif frame[0] == _ERROR:
            outcome = outcome_label(frame[2])
        else:
            return  # neither: the session ignores it (OCPP-J 1.6 §4.1.3)
        self._instruments.call(origin, action, outcome, time.perf_counter() - started)


def _frame(text: str) -> list[Any] | None:
    """An OCPP-J frame with a string id, or None; the session reports malformed ones."""
    try:
        frame = json.loads(text)
    except ValueError:
        return None
    if isinstance(frame, list) and len(frame) >= 3 and isinstance(frame[1], str):
        return frame
    return None


def _remember_status(record: LinkRecord, payload: object) -> None:
    if not isinstance(payload, dict) or payload.get("connectorId") != 1:
        return
    record.status = StatusSeen(
        status=str(payload.get("status")),
        error_code=str(payload.get("errorCode")),
        info=_text(payload.get("info")),
        vendor_error_code=_text(payload.get("vendorErrorCode")),
        at=time.time(),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
