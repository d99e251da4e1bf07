"""StatusNotification (OCPP 1.6 §4.9): the status the generated decision table derives for each
connector, and when a change of it is reported (no I/O)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generated.payloads import ChargePointErrorCode, ChargePointStatus, StatusNotificationRequest
from generated.status_table import CloudState, Situation, TransactionState, ZappiData

from .effects import StatusReport
from .metering import CONNECTOR, rfc3339
from .settings import ConfigReader, integer
from .state import DurableState
from .status_decision import Decision, connector_zero, decide

if TYPE_CHECKING:  # the myenergi package imports trio with its client
    from runtime.myenergi.status import ZappiStatus

__all__ = ["CONNECTORS", "VENDOR_ID", "StatusReporter", "situation", "status_request"]

#: StatusNotification.vendorId when a vendorErrorCode is given (OCPP 1.6 §7.7)
VENDOR_ID = "myenergi"
#: connector 0 (the charge point as a whole) and the zappi's one connector
CONNECTORS = (0, CONNECTOR)


def situation(
    zappi: ZappiStatus | None,
    state: DurableState,
    cloud: CloudState,
    data: ZappiData = ZappiData.VALID,
    malformed_field: str | None = None,
) -> Situation:
    """What the status table looks at: the last good snapshot, the authorization, the cloud,
    whether the zappi's objects arrive malformed (and which field) and the transaction."""
    if state.transaction is not None:
        transaction = TransactionState.ACTIVE
    elif state.ended_while_plugged:
        transaction = TransactionState.ENDED
    else:
        transaction = TransactionState.NONE
    return Situation(
        zappi=zappi.raw if zappi else {},
        authorization=state.authorization,
        cloud=cloud,
        transaction=transaction,
        zappi_data=data,
        malformed_field=malformed_field,
    )


def _key(decision: Decision) -> tuple[object, ...]:
    """What must differ for a new StatusNotification (OCPP 1.6 §4.9: on every change)."""
    return (decision.status, decision.error_code, decision.vendor_error_code, decision.info)


def status_request(connector_id: int, decision: Decision, now: float) -> StatusNotificationRequest:
    vendor = decision.vendor_error_code or None
    return StatusNotificationRequest(
        connector_id=connector_id,
        error_code=ChargePointErrorCode(decision.error_code),
        status=ChargePointStatus(decision.status),
        info=decision.info or None,
        timestamp=rfc3339(now),
        vendor_id=VENDOR_ID if vendor else None,
        vendor_error_code=vendor,
    )


class StatusReporter:
    """When a StatusNotification is due, per connector.

    OCPP 1.6 §4.9: report every change of the status (with its error code and info). With
    MinimumStatusDuration (§9.1.19) a change is reported only once it has lasted that long; a
    blip that returns to the reported status is never reported. The first report of a
    connector is never held.
    """

    __slots__ = ("_config", "_decided", "_held", "_reported")

    def __init__(self, config: ConfigReader) -> None:
        self._config = config
        self._reported: dict[int, tuple[object, ...]] = {}
        #: connector → (status key, the time it may be reported)
        self._held: dict[int, tuple[tuple[object, ...], float]] = {}
        #: the situation being decided and its decision: both connectors derive from one
        #: decision, so a poll walks the table once, not once per connector
        self._decided: tuple[Situation, Decision] | None = None

    def _decision(self, connector_id: int, seen: Situation) -> Decision:
        if self._decided is None or self._decided[0] is not seen:
            self._decided = (seen, decide(seen))
        decision = self._decided[1]
        return decision if connector_id == CONNECTOR else connector_zero(decision)

    def deadlines(self) -> list[float]:
        return [due for _, due in self._held.values()]

    def report_now(
        self, connector_id: int, seen: Situation, now: float
    ) -> StatusNotificationRequest:
        """The report to send now whatever was reported before (a boot, a trigger)."""
        decision = self._decision(connector_id, seen)
        self._reported[connector_id] = _key(decision)
        self._held.pop(connector_id, None)
        return status_request(connector_id, decision, now)

    def changes(self, seen: Situation, now: float) -> list[StatusReport]:
        """The reports due for the connectors whose status changed (none when held)."""
        hold_s = integer(self._config, "MinimumStatusDuration")
        reports = [
            StatusReport(request)
            for connector_id in CONNECTORS
            if (request := self._changed(connector_id, seen, now, hold_s)) is not None
        ]
        self._decided = None  # a charger keeps no situation between polls
        return reports

    def release_held(self, seen: Situation, now: float) -> list[StatusReport]:
        """At a held change's deadline: the reports of the changes that lasted, then any new
        change."""
        released = [
            StatusReport(request)
            for connector_id in CONNECTORS
            if (request := self._due(connector_id, seen, now)) is not None
        ]
        return released + self.changes(seen, now)

    def _changed(
        self, connector_id: int, seen: Situation, now: float, hold_s: int
    ) -> StatusNotificationRequest | None:
        key = _key(self._decision(connector_id, seen))
        if self._reported.get(connector_id) == key:
            self._held.pop(connector_id, None)  # back where it was: nothing to say
            return None
        if hold_s > 0 and connector_id in self._reported:
            held = self._held.get(connector_id)
            if held is None or held[0] != key:
                self._held[connector_id] = (key, now + hold_s)
            return None
        return self.report_now(connector_id, seen, now)

    def _due(
        self, connector_id: int, seen: Situation, now: float
    ) -> StatusNotificationRequest | None:
        held = self._held.get(connector_id)
        if held is None or now < held[1]:
            return None
        del self._held[connector_id]
        if held[0] != _key(self._decision(connector_id, seen)):
            return None
        return self.report_now(connector_id, seen, now)
