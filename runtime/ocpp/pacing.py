"""When and how many connections a fleet of chargers opens (OCPP-J 1.6 §3.2 leaves it to the
charge point: "retry with back-off").

* :class:`ReconnectBackoff`: after a failed or lost connection, wait ``initial × 2^n`` capped
  at ``cap``, drawn from the upper half. A CSMS that is down at start, or restarts, sees each
  charger retry at its own jittered pace, never all at once, and at most one attempt per
  charger per ``cap`` seconds once the delays are capped.
* :func:`connect_slot`: a ``trio.CapacityLimiter`` shared by the chargers of one Central
  System bounds the connections being opened (TCP, TLS, WebSocket handshake) at once; trio
  hands freed slots to the longest waiter, so a fleet starting up is served in order and a
  slow CSMS cannot hold the slots of another (each has its own limiter).
"""

from __future__ import annotations

import random
from contextlib import AbstractAsyncContextManager, nullcontext

import trio

__all__ = ["ReconnectBackoff", "connect_slot"]

_NO_LIMIT: AbstractAsyncContextManager[None] = nullcontext()

_SHARED_RANDOM = random.Random()


class ReconnectBackoff:
    """Reconnect delays: ``initial × 2^n`` capped at ``cap``, each drawn from its upper half
    (so never shorter than half the nominal delay, and spread so chargers do not
    reconnect in lock step)."""

    __slots__ = ("_failures", "_random", "cap", "initial")

    def __init__(
        self, initial: float = 1.0, cap: float = 60.0, rng: random.Random | None = None
    ) -> None:
        self.initial = initial
        self.cap = cap
        self._failures = 0
        # One generator for all chargers: a Random instance costs 2.5 KiB per charger.
        self._random = rng or _SHARED_RANDOM

    @property
    def failures(self) -> int:
        """Delays handed out since the last :meth:`reset` (0: the first failure is next)."""
        return self._failures

    def next_delay(self) -> float:
        nominal = min(self.cap, self.initial * float(2 ** min(self._failures, 32)))
        self._failures += 1
        return nominal / 2 + self._random.uniform(0, nominal / 2)

    def reset(self) -> None:
        self._failures = 0


def connect_slot(limiter: trio.CapacityLimiter | None) -> AbstractAsyncContextManager[object]:
    """Hold one slot of ``limiter`` (None: no limit) while opening a connection."""
    return _NO_LIMIT if limiter is None else limiter
