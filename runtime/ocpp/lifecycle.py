"""Boot and heartbeat rules of one charge point, as a clock-driven state machine (no I/O).

OCPP 1.6 §4.2 (BootNotification) and §4.6 (Heartbeat), as the charge point sees them:

* After every process start the first CALL is BootNotification, and nothing else may be sent
  until it is answered Accepted.
* **Accepted**: adopt ``interval`` as the heartbeat interval; the adapter then sends
  StatusNotification for connector 0 and each connector (errata 3.22).
* **Pending**: keep answering the central system's CALLs, send nothing but the next Boot, no
  sooner than ``interval`` (0 → our own back-off). The actions with a ``while_pending`` answer
  in ``spec/messages.yaml`` (remote start/stop: Rejected) get that answer instead of the
  handler's (:data:`generated.messages.PENDING_ANSWERS`).
* **Rejected**: send nothing and answer nothing until ``interval`` has passed, then boot again.
* A CALLERROR or no answer to the Boot → boot again after ``boot_retry``.
* Heartbeat: when nothing went either way for ``heartbeat_interval`` seconds.
* A mere reconnect keeps an Accepted registration (OCPP-J 1.6 §5.4); :meth:`Lifecycle.reboot`
  (a Reset, a process restart) starts over with a new BootNotification.

Every method takes ``now`` (seconds on any monotonic clock); the adapter sleeps until
:meth:`Lifecycle.next_wakeup`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import StrEnum

from generated.messages import PENDING_ANSWERS

__all__ = ["BootPhase", "Lifecycle"]


class BootPhase(StrEnum):
    """Where the registration with the central system stands."""

    #: a BootNotification must be sent (at ``retry_at`` at the earliest)
    BOOT_NEEDED = "boot-needed"
    #: a BootNotification is on the wire
    BOOTING = "booting"
    #: answered Pending: answer CALLs, send nothing until ``retry_at``
    PENDING = "pending"
    #: answered Rejected: silent until ``retry_at``
    REJECTED = "rejected"
    #: answered Accepted: normal operation
    ACCEPTED = "accepted"


class Lifecycle:
    """Boot/heartbeat state of one charge point; see the module docstring."""

    __slots__ = ("_last_traffic", "boot_retry", "heartbeat_interval", "phase", "retry_at")

    def __init__(self, *, heartbeat_interval: float, boot_retry: float = 60.0) -> None:
        #: seconds without traffic before a Heartbeat (HeartbeatInterval; changes apply at once)
        self.heartbeat_interval = heartbeat_interval
        #: wait after a failed Boot, or when Pending/Rejected come with interval 0
        self.boot_retry = boot_retry
        self.phase = BootPhase.BOOT_NEEDED
        self.retry_at = -math.inf
        self._last_traffic = -math.inf

    # -- boot --------------------------------------------------------------------------------

    def boot_due(self, now: float) -> bool:
        """Is it time to send a BootNotification?"""
        waiting = self.phase in (BootPhase.BOOT_NEEDED, BootPhase.PENDING, BootPhase.REJECTED)
        return waiting and now >= self.retry_at

    def boot_sent(self) -> None:
        self.phase = BootPhase.BOOTING

    def boot_answered(self, status: str, interval: int, now: float) -> None:
        """Apply BootNotification.conf (``status`` Accepted, Pending or Rejected)."""
        self._last_traffic = now
        if status == "Accepted":
            self.phase = BootPhase.ACCEPTED
            if interval > 0:
                self.heartbeat_interval = interval
            return
        self.phase = BootPhase.PENDING if status == "Pending" else BootPhase.REJECTED
        self.retry_at = now + (interval if interval > 0 else self.boot_retry)

    def boot_failed(self, now: float) -> None:
        """CALLERROR, invalid answer or timeout: try again after ``boot_retry``."""
        self.phase = BootPhase.BOOT_NEEDED
        self.retry_at = now + self.boot_retry

    def connection_lost(self) -> None:
        """A Boot lost with the connection is sent again at once on the next connection."""
        if self.phase is BootPhase.BOOTING:
            self.phase = BootPhase.BOOT_NEEDED
            self.retry_at = -math.inf

    def reboot(self) -> None:
        """Start over, as after a restart: the next connection begins with a new Boot."""
        self.phase = BootPhase.BOOT_NEEDED
        self.retry_at = -math.inf

    # -- what may happen now -----------------------------------------------------------------

    @property
    def accepted(self) -> bool:
        return self.phase is BootPhase.ACCEPTED

    def may_send(self) -> bool:
        """May a CALL other than BootNotification be sent? Only once Accepted."""
        return self.phase is BootPhase.ACCEPTED

    def may_answer(self, now: float) -> bool:
        """May CALLs of the central system be answered? Not while Rejected (OCPP 1.6 §4.2)."""
        return not (self.phase is BootPhase.REJECTED and now < self.retry_at)

    def pending_answer(self, action: str) -> Mapping[str, object] | None:
        """The fixed answer for ``action`` while not yet Accepted, if its row in
        spec/messages.yaml has one (``while_pending``)."""
        if self.phase is BootPhase.ACCEPTED:
            return None
        return PENDING_ANSWERS.get(action)

    # -- heartbeat ---------------------------------------------------------------------------

    def traffic(self, now: float) -> None:
        """A CALL went or came: the link is alive, the heartbeat can wait."""
        self._last_traffic = now

    def heartbeat_due(self, now: float) -> bool:
        """Accepted, heartbeats on (interval > 0) and quiet for a whole interval."""
        if not self.accepted or self.heartbeat_interval <= 0:
            return False
        return now >= self._last_traffic + self.heartbeat_interval

    def next_wakeup(self, now: float) -> float:
        """The earliest time at which :meth:`boot_due` or :meth:`heartbeat_due` can change."""
        if self.phase is BootPhase.ACCEPTED:
            if self.heartbeat_interval <= 0:
                return math.inf
            return max(now, self._last_traffic + self.heartbeat_interval)
        if self.phase is BootPhase.BOOTING:
            return math.inf  # the Boot's answer or timeout wakes us
        return max(now, self.retry_at)
