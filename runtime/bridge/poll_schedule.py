"""When each hub is polled: a stable phase per hub, a shared grid, no catch-up.

The rule (docs/operation.md, "How hubs are polled"):

1. Every hub has a **phase** in ``[0, interval)``, a hash of its serial: the same on every
   start and every reload, independent of the other hubs, and spread evenly over the
   interval across a fleet (so 10,000 hubs every 15 s are about 667 polls a second, not
   10,000 at once).
2. Poll ``k`` of a hub starts at ``epoch + phase + k × interval``: ``epoch`` is when the
   poller started, shared by every hub, so a hub added later joins the same grid.
3. A poll may take at most its **budget** (one interval, or one request timeout when that is
   longer): the client times its attempts to end ``CUT_GRACE_S`` before the budget is up
   and retries no later; a poll still running when it is up is cut. Either way the cloud is
   reported unreachable for that poll, and the next slot is kept.
4. The next poll starts at the first slot of the hub's own grid after the previous poll
   ended. A slow or failed poll skips slots; it never catches up, and it never moves the hub
   off its phase, so when a server comes back after an outage its hubs return on their
   phases: no stampede.

Retries inside one poll (``runtime.myenergi.retry``: few, jittered, capped) happen only when
a request failed, so in steady state every hub is polled with exactly one request per
interval.
"""

from __future__ import annotations

import hashlib
import math

__all__ = ["CUT_GRACE_S", "first_slot", "next_slot", "phase_of", "poll_budget", "poll_ends"]

#: how long before its budget is up a poll's requests are to end (rule 3)
CUT_GRACE_S = 0.5
_SPAN = float(1 << 64)


def phase_of(hub: str, interval_s: float) -> float:
    """The hub's phase, from a hash of its serial (blake2b: sequential serials spread too)."""
    digest = hashlib.blake2b(hub.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / _SPAN * interval_s


def next_slot(epoch: float, phase: float, interval_s: float, not_before: float) -> float:
    """The earliest ``epoch + phase + k × interval`` (k ≥ 0) at or after ``not_before``."""
    start = epoch + phase
    if not_before <= start:
        return start
    slots = math.ceil((not_before - start) / interval_s - 1e-9)
    return start + slots * interval_s


def first_slot(epoch: float, hub: str, interval_s: float, now: float) -> float:
    """When a hub that joins now is first polled."""
    return next_slot(epoch, phase_of(hub, interval_s), interval_s, now)


def poll_budget(interval_s: float, request_timeout_s: float) -> float:
    """How long one poll may take, retries included (rule 3)."""
    return max(interval_s, request_timeout_s)


def poll_ends(slot: float, budget_s: float) -> tuple[float, float]:
    """(when the poll's requests are to end, when the poll is cut) for a poll at ``slot``."""
    cut = slot + budget_s
    return cut - min(CUT_GRACE_S, budget_s / 4), cut
