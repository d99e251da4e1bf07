"""The open-file limit a fleet needs: one socket per charger's WebSocket, a few per hub's asn
server, the store and the operator endpoint. Linux gives a process a soft limit of 1,024 by
default, under a hard limit that is usually far higher; a bridge for more than about a thousand
chargers would fail its connects with EMFILE. So ``zappi-ocpp run`` raises its soft limit to
what the fleet needs (up to the hard limit) at start, as servers commonly do, and says so when
the hard limit is too low.
"""

from __future__ import annotations

import logging
import resource

from runtime.logs import event

__all__ = ["HEADROOM", "ensure_open_files"]

log = logging.getLogger("runtime.bridge")

#: descriptors beyond one per charger and hub: the store, the endpoint, logs, DNS, reconnects
HEADROOM = 256


def ensure_open_files(chargers: int, hubs: int) -> int:
    """Raise the soft ``RLIMIT_NOFILE`` to what ``chargers`` and ``hubs`` need (never lower
    it, never above the hard limit); returns the soft limit now in force."""
    needed = chargers + hubs + HEADROOM
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return soft
    target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        event(log, "bridge.open_files", soft_limit=target, was=soft, needed=needed)
    if target < needed:
        hint = "raise the hard limit (LimitNOFILE= in systemd, ulimit -Hn)"
        event(log, "bridge.open_files_short", level=logging.WARNING, hard_limit=hard,
              needed=needed, hint=hint)  # fmt: skip
    return target
