"""The fleet page's overview as JSON (``/`` with ``Accept: application/json``), which
``zappi-ocpp status`` prints. Lists are cut at :data:`LIST_LIMIT` entries, with the total."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .error_ring import LoggedError
from .fleet import FleetView
from .outbox_reads import queue_totals

__all__ = ["LIST_LIMIT", "fleet_summary"]

LIST_LIMIT = 20


def fleet_summary(view: FleetView, errors: Sequence[LoggedError], now: float) -> dict[str, Any]:
    counts = view.counts()
    depth, oldest = queue_totals(view.store)
    failing = view.hubs.failing()
    offline = view.not_connected()
    return {
        "chargers": {
            "configured": counts.configured,
            "connected": counts.connected,
            "accepted": counts.accepted,
            "by_status": {s: n for s, n in counts.by_status.items() if n},
        },
        "hubs": {
            "owned": len(view.hubs.records),
            "by_cloud_state": {s: n for s, n in view.hubs.count_by_state().items() if n},
            "failing_total": len(failing),
            "failing": [
                {"hub": h.serial, "state": str(h.state), "since": h.since, "error": h.error}
                for h in failing[:LIST_LIMIT]
            ],
        },
        "outbox": {
            "messages": depth,
            "oldest_age_s": None if oldest is None else round(max(0.0, now - oldest), 1),
        },
        "not_connected_total": len(offline),
        "not_connected": [
            {"charge_box_id": r.charge_box_id, "serial": r.serial, "why": r.why_not_connected}
            for r in view.rows(offline[:LIST_LIMIT])
        ],
        "last_errors": [
            {"at": e.at, "level": e.level, "event": e.event, "line": e.line}
            for e in errors[:LIST_LIMIT]
        ],
        "now": now,
    }
