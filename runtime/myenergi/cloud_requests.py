"""One GET for one hub: discovery, retries, auth failure and JSON, over the lean HTTP client.

:class:`CloudRequests` keeps a :class:`HubAccess` per hub (its digest state, its server, its
command lock, when its key was last rejected) and sends every request through one
:class:`~runtime.myenergi.http.HttpClient`, whose per-origin pools keep connections to each
asn server alive, bound how many requests are in flight per server and hand
free connections out first come, first served, so no hub starves another.

- A hub's server is asked of the director once (``discovery.py``) and followed through the
  ``X_MYENERGI-asn`` header of every response; a failed connection, a 5xx or a second
  timeout in a row asks the director again (pymyenergi commit 374b933).
- A timeout counts towards asking the director again only while the hub's server answers
  nobody: when it answered another hub after the request went out, the server (or this
  process's loop) is busy, not gone, and asking the director would add two requests per hub
  to the load that caused the timeout.
- Timeouts, failed connections, 5xx and unreadable JSON are retried on the jittered
  schedule ``retry`` and then reported as ``CloudUnavailable``; in steady state (every
  request answered) a call is exactly one request, because the digest challenge is reused.
- A 401 (after the HTTP client's one re-challenge) becomes ``ApiKeyRejected`` at once, and
  the hub is left alone for ``auth_cooldown_s`` so a wrong key never turns into a storm.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

import trio

from runtime.logs import event, register_secret
from runtime.myenergi import discovery
from runtime.myenergi.errors import ApiKeyRejected, CloudUnavailable
from runtime.myenergi.http import (
    DigestAuth,
    HttpClient,
    InvalidJson,
    RequestTimeout,
    Response,
    TransportError,
)
from runtime.myenergi.retry import RetrySchedule

__all__ = ["DISCOVERY_PATH", "USER_AGENT", "CloudRequests", "HubAccess"]

log = logging.getLogger("runtime.myenergi.client")

#: pymyenergi asks the director with this request (PYM ``connection.py``).
DISCOVERY_PATH = "/cgi-jstatus-E"
#: pymyenergi and mec identify as wget; nothing shows the server needs it (ref §1.1).
USER_AGENT = "zappi-ocpp"
#: timeouts in a row after which the hub's server is asked of the director again
REDISCOVER_AFTER_TIMEOUTS = 2


def _ignore(outcome: str, seconds: float) -> None:
    pass


class HubAccess:
    """What the client keeps per hub: credentials, server, command lock, key rejection."""

    __slots__ = ("_command_lock", "auth", "base_url", "rejected_at", "serial", "timeouts")

    def __init__(self, serial: str, api_key: str) -> None:
        self.serial = serial
        self.auth = DigestAuth(serial, api_key)
        self.base_url: str | None = None  #: None = ask the director first
        self._command_lock: trio.Lock | None = None
        self.rejected_at: float | None = None
        self.timeouts = 0  #: requests timed out in a row

    @property
    def command_lock(self) -> trio.Lock:
        """Serialises the hub's commands; made at the first (most hubs never get one, and
        a lock is a third of a KiB)."""
        if self._command_lock is None:
            self._command_lock = trio.Lock()
        return self._command_lock


class CloudRequests:
    """GETs to the hubs' servers; see the module docstring."""

    def __init__(
        self,
        director_url: str,
        *,
        request_timeout_s: float,
        max_connections_per_server: int,
        retry: RetrySchedule,
        auth_cooldown_s: float,
        on_request: Callable[[str, float], None] | None,
        reply_outcome: Callable[[object], str],
    ) -> None:
        self.director_url = director_url.rstrip("/")
        self.hubs: dict[str, HubAccess] = {}
        #: server URL → when it last answered any hub (trio clock)
        self._answered_at: dict[str, float] = {}
        self._retry = retry
        self._auth_cooldown_s = auth_cooldown_s
        #: told ``(outcome, seconds)`` after every request attempt (runtime.observe)
        self._on_request = on_request or _ignore
        self._reply_outcome = reply_outcome
        self._http = HttpClient(
            timeout_s=request_timeout_s,
            max_connections_per_origin=max_connections_per_server,
            user_agent=USER_AGENT,
        )

    def add_hub(self, serial: str, api_key: str) -> None:
        """Start (or start over: a new key gets a fresh digest state) talking to a hub."""
        register_secret(api_key)
        self.hubs[serial] = HubAccess(serial, api_key)

    def remove_hub(self, serial: str) -> None:
        self.hubs.pop(serial, None)

    def hub(self, serial: str) -> HubAccess:
        try:
            return self.hubs[serial]
        except KeyError:
            raise KeyError(f"hub {serial} is not configured") from None

    async def aclose(self) -> None:
        await self._http.aclose()

    async def get(self, state: HubAccess, path: str, deadline: float = math.inf) -> object:
        """GET ``path`` from the hub's server: discovery, retries, auth failure, JSON; every
        attempt (and every wait between two) ends by ``deadline`` (trio clock)."""
        now = trio.current_time()
        if state.rejected_at is not None and now - state.rejected_at < self._auth_cooldown_s:
            raise ApiKeyRejected(state.serial)
        delays = list(self._retry.delays())
        reason = ""
        attempts = 0
        for attempt in range(len(delays) + 1):
            started = trio.current_time()
            if started >= deadline:
                break
            attempts += 1
            reply, reason, outcome = await self._attempt(state, path, started, deadline)
            self._on_request(outcome, trio.current_time() - started)
            if not reason:
                return reply
            if attempt < len(delays) and trio.current_time() + delays[attempt] < deadline:
                # DEBUG: the hub poller logs the hub's state once per change; one line per
                # retry would be thousands a minute when a server of a big fleet is down
                event(log, "myenergi.retry", level=logging.DEBUG, hub=state.serial, path=path,
                      reason=reason, retry_in_s=round(delays[attempt], 3))  # fmt: skip
                await trio.sleep(delays[attempt])
            else:
                break
        event(log, "myenergi.unavailable", level=logging.DEBUG, hub=state.serial, reason=reason)
        raise CloudUnavailable(state.serial, attempts, reason or "no time left for a request")

    async def _attempt(
        self, state: HubAccess, path: str, started: float, deadline: float
    ) -> tuple[object, str, str]:
        """One try: (reply, "", outcome) or (None, reason, outcome); 401 raises."""
        limit = min(self._http.timeout_s, deadline - started)
        try:
            if state.base_url is None:
                await self._discover(state, limit)
            assert state.base_url is not None
            left = limit - (trio.current_time() - started)
            if left <= 0:
                raise RequestTimeout(state.base_url, "the discovery took the whole time")
            server = state.base_url
            response = await self._http.get(server + path, auth=state.auth, timeout_s=left)
        except RequestTimeout:  # a TransportError too: caught first
            # the second in a row asks the director again (PYM commit 374b933); one alone is
            # more often a busy moment than a moved hub, and asking costs one more request;
            # so is one while the server answers other hubs (see the module docstring)
            answered = state.base_url is not None and (
                self._answered_at.get(state.base_url, -math.inf) >= started
            )
            state.timeouts = 0 if answered else state.timeouts + 1
            if state.timeouts >= REDISCOVER_AFTER_TIMEOUTS:
                state.base_url = None
            return None, "timed out", "timeout"
        except TransportError as exc:
            state.base_url = None
            return None, f"connection failed ({exc})", "connect_error"
        state.timeouts = 0
        self._answered_at[server] = trio.current_time()
        self._follow_asn(state, response)
        if response.status == 401:
            self._on_request("401", trio.current_time() - started)
            raise self._rejected(state)
        if response.status != 200:
            state.base_url = None
            outcome = "5xx" if response.status >= 500 else "http_error"
            return None, f"HTTP {response.status}", outcome
        try:
            reply = response.json()
        except InvalidJson:
            return None, "the reply is not valid JSON", "malformed"
        return reply, "", self._reply_outcome(reply)

    async def _discover(self, state: HubAccess, timeout_s: float) -> None:
        response = await self._http.get(
            self.director_url + DISCOVERY_PATH, auth=state.auth, timeout_s=timeout_s
        )
        if response.status == 401:
            raise self._rejected(state)
        asn = discovery.asn_from_headers(response.headers)
        # Without a usable header the director itself is the only server known to answer.
        state.base_url = discovery.server_url(self.director_url, asn) if asn else self.director_url
        event(log, "myenergi.server", level=logging.DEBUG, hub=state.serial, server=state.base_url)

    def _follow_asn(self, state: HubAccess, response: Response) -> None:
        asn = discovery.asn_from_headers(response.headers)
        if asn is None:
            return
        url = discovery.server_url(self.director_url, asn)
        if url != state.base_url:
            if state.base_url is not None:
                event(log, "myenergi.server_changed", hub=state.serial, old=state.base_url,
                      new=url)  # fmt: skip
            state.base_url = url

    def _rejected(self, state: HubAccess) -> ApiKeyRejected:
        state.rejected_at = trio.current_time()
        state.base_url = None
        event(log, "myenergi.api_key_rejected", level=logging.ERROR, hub=state.serial)
        return ApiKeyRejected(state.serial)
