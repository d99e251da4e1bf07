"""The open-file limit a fleet needs: one socket per charger's WebSocket, the myenergi
connections (at most one per hub, and at most ``DEFAULT_MAX_CONNECTIONS`` per asn server; a
fleet's hubs sit on a handful of servers), the store and the operator endpoint. Linux gives a
process a soft limit of 1,024 by default, under a hard limit that is usually far higher; a
bridge for more than about a thousand chargers would fail its connects with EMFILE. So
``zappi-ocpp run`` raises its soft limit to what the fleet needs (up to the hard limit) at
start, as servers commonly do, and says so when the hard limit is too low.
"""

from __future__ import annotations

import logging
import resource

from runtime.logs import event
from runtime.myenergi.http.client import DEFAULT_MAX_CONNECTIONS

__all__ = ["HEADROOM", "ensure_open_files"]

log = logging.getLogger("runtime.bridge")

#: descriptors beyond the WebSockets and myenergi connections: the store, the endpoint, logs,
#: DNS, reconnects
HEADROOM = 256
#: myenergi connections counted at most: those of eight asn servers at their bound
MYENERGI_CONNECTIONS_MAX = 8 * DEFAULT_MAX_CONNECTIONS


def ensure_open_files(chargers: int, hubs: int) -> int:
    """Raise the soft ``RLIMIT_NOFILE`` to what ``chargers`` and ``hubs`` need (never lower
    it, never above the hard limit); returns the soft limit now in force."""
    needed = chargers + min(hubs, MYENERGI_CONNECTIONS_MAX) + HEADROOM
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
