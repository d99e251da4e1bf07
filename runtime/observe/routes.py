"""What the operator endpoint answers, as a plain function of the request (no I/O here).

===========  ===========================================================================
``/metrics``  the Prometheus text format, written by ``prometheus_client.generate_latest``
``/healthz``  200 while the event loop serves (:class:`~runtime.observe.watchdog.Watchdog`)
``/readyz``   200 once the storage is open and committing and every hub's first poll was
              answered or failed; 503 with what is missing before that
``/``         the fleet page (:mod:`runtime.observe.page`); JSON with
              ``Accept: application/json`` (:mod:`runtime.observe.summary`)
===========  ===========================================================================

Every other path is 404; GET and HEAD only. Nothing answered here carries a secret: the
endpoint never sees the config's passwords or API keys, the wire observer keeps no payload
but StatusNotification's, and log lines are masked by :mod:`runtime.logs`.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from .error_ring import ErrorRing
from .fleet import FleetView
from .page import render_page
from .summary import fleet_summary
from .watchdog import Watchdog

__all__ = ["OperatorRoutes", "Response"]

_TEXT = "text/plain; charset=utf-8"
_HTML = "text/html; charset=utf-8"
_JSON = "application/json"
_PATHS = frozenset({"/", "/metrics", "/healthz", "/readyz"})
#: the page loads nothing from anywhere: inline style and script only
_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    content_type: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


def _text(status: int, text: str, **headers: str) -> Response:
    return Response(status, _TEXT, text.encode(), headers)


class OperatorRoutes:
    """Answers one request; see the module docstring."""

    def __init__(
        self,
        registry: CollectorRegistry,
        view: FleetView,
        errors: ErrorRing,
        watchdog: Watchdog,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._registry = registry
        self._view = view
        self._errors = errors
        self._watchdog = watchdog
        self._clock = clock

    def answer(self, method: str, target: str, accept: str = "") -> Response:
        path, _, query = target.partition("?")
        if path not in _PATHS:
            return _text(404, "not found\n")
        if method not in ("GET", "HEAD"):
            return _text(405, "only GET and HEAD\n", Allow="GET, HEAD")
        if path == "/metrics":
            return Response(200, CONTENT_TYPE_LATEST, generate_latest(self._registry))
        if path == "/healthz":
            return self._healthz()
        if path == "/readyz":
            return self._readyz()
        return self._fleet_page(urllib.parse.parse_qs(query, keep_blank_values=True), accept)

    def _healthz(self) -> Response:
        if self._watchdog.healthy():
            return _text(200, "ok\n")
        return _text(503, f"event loop stalled for {self._watchdog.stalled_for():.1f} s\n")

    def _readyz(self) -> Response:
        missing = []
        problem = self._view.store.problem()
        if problem is not None:
            missing.append(problem)
        hubs = self._view.hubs
        if hubs.not_known is not None:
            missing.append(hubs.not_known)
        if hubs.unpolled:
            missing.append(f"{hubs.unpolled} of {len(hubs.records)} hubs not polled yet")
        if missing:
            return _text(503, "not ready: " + "; ".join(missing) + "\n")
        return _text(200, f"ready: storage open, {len(hubs.records)} hubs polled\n")

    def _fleet_page(self, params: Mapping[str, list[str]], accept: str) -> Response:
        now = self._clock()
        errors = self._errors.latest()
        if _JSON in accept and "text/html" not in accept:
            summary = fleet_summary(self._view, errors, now)
            return Response(200, _JSON, json.dumps(summary, indent=1).encode())
        raw_page = params.get("page", ["1"])[-1]
        if not raw_page.isdigit() or int(raw_page) < 1:
            return _text(400, "page must be a positive integer\n")
        status, document = render_page(
            self._view,
            errors,
            query=params["q"][-1] if "q" in params else None,
            charger=params["charger"][-1] if "charger" in params else None,
            page=int(raw_page),
            now=now,
        )
        return Response(
            status, _HTML, document.encode(), {"Content-Security-Policy": _PAGE_POLICY}
        )
