"""The counters and histograms of the bridge: what happened, counted as it happens.

Every metric lives in the service's own :class:`CollectorRegistry` (never the module-global
one), so two services in one process (tests) never share numbers. Labels are bounded by
construction: OCPP actions come from the messages table (anything else is ``unknown``),
CALLERROR codes from the OCPP-J 1.6 table (anything else is ``other``), and the myenergi,
reconnect and reload outcomes are fixed sets. Nothing is labelled per charger or per hub:
at 10,000 chargers a per-charger label would be 10,000 series per metric.

The label children are cached in dicts: ``Counter.labels()`` takes a lock and builds a key
on every call, and a CALL is counted on every frame of every charger.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

from generated.errors import CallErrorCode
from generated.messages import ACTIONS
from generated.myenergi import ZAPPI_FIELDS
from rows.myenergi import IfBad
from runtime.myenergi.client import REQUEST_OUTCOMES

__all__ = [
    "CALL_OUTCOMES_EXTRA",
    "MALFORMED_FIELDS",
    "RECONNECT_REASONS",
    "RELOAD_RESULTS",
    "Instruments",
    "action_label",
    "outcome_label",
]

#: outcomes of a CALL besides CALLRESULT and the CALLERROR codes
CALL_OUTCOMES_EXTRA = ("timeout", "connection_lost", "unanswered")
#: why a charger's connection ended before it connected again
RECONNECT_REASONS = ("connect_failed", "connection_lost", "requested")
#: what a config reload (SIGHUP) did: applied, or refused with the running fleet unchanged
RELOAD_RESULTS = ("applied", "refused")
#: the field that made a zappi object malformed: one whose spec/myenergi.yaml row says
#: if_bad: malformed, or ``object`` for an item of a zappi list that is no JSON object
MALFORMED_FIELDS = (
    *sorted(name for name, row in ZAPPI_FIELDS.items() if row.if_bad is IfBad.MALFORMED),
    "object",
)

_CALLERROR_CODES = frozenset(code.value for code in CallErrorCode)
#: round trips of an OCPP CALL: a loopback answer takes milliseconds, a CSMS under load seconds
_CALL_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
#: a myenergi request: the cloud answers in 0.2-2 s, a timeout after the request timeout
_CLOUD_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 30.0)


def action_label(action: object) -> str:
    """The action as a label: one of the 28 OCPP 1.6 actions, else ``unknown`` (a CSMS
    chooses the strings it sends)."""
    return action if isinstance(action, str) and action in ACTIONS else "unknown"


def outcome_label(code: object) -> str:
    """A CALLERROR code as a label: an OCPP-J 1.6 code, else ``other``."""
    return code if isinstance(code, str) and code in _CALLERROR_CODES else "other"


class Instruments:
    """The event metrics of one service; each method is one event."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self._calls = Counter(
            "zappi_ocpp_ocpp_calls_total",
            "OCPP CALLs by origin (ChargePoint: sent by the bridge, CentralSystem: sent by the "
            "CSMS), action and outcome (CALLRESULT, the CALLERROR code, timeout, "
            "connection_lost, unanswered)",
            ["origin", "action", "outcome"],
            registry=registry,
        )
        self._call_seconds = Histogram(
            "zappi_ocpp_ocpp_call_duration_seconds",
            "Round trip of an answered OCPP CALL, from the CALL on the wire to its answer",
            ["origin", "action"],
            buckets=_CALL_BUCKETS,
            registry=registry,
        )
        self._requests = Counter(
            "zappi_ocpp_myenergi_requests_total",
            "Requests to the myenergi cloud by outcome: ok, busy (-26), 401, 5xx, http_error "
            "(another status), timeout, connect_error, malformed (not JSON)",
            ["outcome"],
            registry=registry,
        )
        self._request_seconds = Histogram(
            "zappi_ocpp_myenergi_request_duration_seconds",
            "Duration of one request to the myenergi cloud, by outcome",
            ["outcome"],
            buckets=_CLOUD_BUCKETS,
            registry=registry,
        )
        self._reconnects = Counter(
            "zappi_ocpp_reconnects_total",
            "OCPP connections opened again, by why the previous one ended: connect_failed "
            "(the attempt failed), connection_lost (it broke), requested (Reset, a new "
            "AuthorizationKey)",
            ["reason"],
            registry=registry,
        )
        self._reloads = Counter(
            "zappi_ocpp_config_reloads_total",
            "Config file reloads (SIGHUP) by result: applied, or refused (invalid file; the "
            "running fleet carries on)",
            ["result"],
            registry=registry,
        )
        self._malformed = Counter(
            "zappi_ocpp_zappi_objects_malformed_total",
            "Zappi objects in myenergi status replies that broke their schema, by the field "
            "that broke it (object: an item that is no JSON object); the reply itself counts "
            "as ok, and the other zappis of the hub are served from it",
            ["field"],
            registry=registry,
        )
        self._renewals = Counter(
            "zappi_ocpp_lease_renewals_total",
            "Lease renewals of this replica the database confirmed (its heartbeat and the "
            "leases of every hub it holds, in one transaction every third of cluster.lease_s)",
            registry=registry,
        )
        self._renewal_failures = Counter(
            "zappi_ocpp_lease_renewal_failures_total",
            "Lease renewals that failed (database unreachable or too slow); a replica that "
            "cannot renew stops the chargers of its hubs before the leases can expire",
            registry=registry,
        )
        # every bounded series exists from the start, so rate() sees the first event
        for outcome in REQUEST_OUTCOMES:
            self._requests.labels(outcome)
        for reason in RECONNECT_REASONS:
            self._reconnects.labels(reason)
        for result in RELOAD_RESULTS:
            self._reloads.labels(result)
        self._malformed_children = {f: self._malformed.labels(f) for f in MALFORMED_FIELDS}
        self._call_children: dict[tuple[str, str, str], Counter] = {}
        self._call_timers: dict[tuple[str, str], Histogram] = {}
        self._request_children: dict[str, tuple[Counter, Histogram]] = {}

    def call(self, origin: str, action: str, outcome: str, seconds: float | None) -> None:
        """One CALL ended; ``seconds`` is its round trip when it was answered."""
        key = (origin, action, outcome)
        child = self._call_children.get(key)
        if child is None:
            child = self._call_children[key] = self._calls.labels(*key)
        child.inc()
        if seconds is not None:
            timer = self._call_timers.get((origin, action))
            if timer is None:
                timer = self._call_timers[(origin, action)] = self._call_seconds.labels(
                    origin, action
                )
            timer.observe(seconds)

    def myenergi_request(self, outcome: str, seconds: float) -> None:
        children = self._request_children.get(outcome)
        if children is None:
            children = self._request_children[outcome] = (
                self._requests.labels(outcome),
                self._request_seconds.labels(outcome),
            )
        children[0].inc()
        children[1].observe(seconds)

    def zappi_object_malformed(self, field: str) -> None:
        """One zappi object of a reply broke its schema at ``field`` ("" or a field that is
        not in the table: ``object``)."""
        child = self._malformed_children.get(field) or self._malformed_children["object"]
        child.inc()

    def reconnect(self, reason: str) -> None:
        self._reconnects.labels(reason).inc()

    def lease_renewal(self, ok: bool) -> None:
        (self._renewals if ok else self._renewal_failures).inc()

    def config_reload(self, result: str) -> None:
        if result not in RELOAD_RESULTS:
            raise ValueError(f"a reload is {' or '.join(RELOAD_RESULTS)}, not {result!r}")
        self._reloads.labels(result).inc()
