"""How many hubs one replica should hold: the hubs split as evenly as the live replicas allow.

Every replica reads the same live set from the ``replicas`` table and ranks itself in it by
id, so their targets add up to the number of hubs: with 10 hubs and 3 replicas the first holds
4 and the others 3 (``ceil(hubs / replicas)`` at most, never more).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

__all__ = ["excess", "target"]


def target(hubs: int, live: Collection[str], replica: str) -> int:
    """The hubs ``replica`` should hold of ``hubs``, with ``live`` the replicas alive now
    (``replica`` counted even when its own heartbeat is not in ``live`` yet)."""
    ranked = sorted(set(live) | {replica})
    base, extra = divmod(hubs, len(ranked))
    return base + (1 if ranked.index(replica) < extra else 0)


def excess(held: Sequence[str], keep: int) -> list[str]:
    """The hubs to hand over so that ``keep`` remain: the last ones by serial (any choice
    is as good; a stable one moves no hub twice)."""
    return sorted(held)[max(0, keep):]
