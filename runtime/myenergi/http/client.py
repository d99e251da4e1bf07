"""``HttpClient``: digest-authenticated GETs over kept-alive HTTP/1.1, one pool per origin.

    http = HttpClient(timeout_s=15)
    auth = DigestAuth(hub_serial, api_key)          # one per hub, kept for the hub's life
    response = await http.get(f"{server}/cgi-jstatus-*", auth=auth)
    response.status, response.header("x_myenergi-asn"), response.json()
    await http.aclose()

A request sends the ``Authorization`` computed from the hub's cached challenge; only a 401
makes it take the new challenge and send once more (so a wrong key costs two requests, as
with httpx, and a poll with a valid nonce costs one). A GET that meets a kept-alive
connection the server has just closed is sent again once on a new connection (RFC 9112
§9.3.1). The timeout covers the whole call: waiting for a connection, connecting, TLS, both
requests of a re-challenge.
"""

from __future__ import annotations

import functools
import ssl
from urllib.parse import urlsplit

import trio

from runtime.myenergi.http.connection import ConnectionDropped
from runtime.myenergi.http.digest import DigestAuth, split_scheme
from runtime.myenergi.http.errors import RequestTimeout, TransportError
from runtime.myenergi.http.pool import Origin, OriginPool
from runtime.myenergi.http.response import Response

DEFAULT_TIMEOUT_S = 15.0
#: Per origin. Requests in flight = rate × time per request (Little's law): 10,000 hubs every
#: 15 s are 667 polls/s, which at 100-150 ms per request over the internet (or a loop that is
#: behind by as much) keep 67-100 busy; 16 capped such a server at 107-160 polls/s, so every
#: poll queued until it timed out. The bound still keeps one slow server from taking every
#: socket (a kept-alive connection is a few KiB).
DEFAULT_MAX_CONNECTIONS = 128
#: Larger replies are refused (a zappi status is a few KiB; history days are the largest).
DEFAULT_MAX_BODY = 4 * 1024 * 1024


@functools.lru_cache(maxsize=4096)
def split_url(url: str) -> tuple[Origin, bytes]:
    """(origin, request-target) of an http(s) URL; ValueError for anything else. Cached:
    a fleet sends the same few URLs (one status path per server) over and over."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    if parts.username is not None or parts.password is not None:
        raise ValueError("credentials do not belong in the URL")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Origin(parts.scheme, parts.hostname, port), target.encode("ascii")


def digest_challenge(response: Response) -> str | None:
    """The first ``WWW-Authenticate`` value with the Digest scheme, if any."""
    for name, value in response.headers:
        if name == "www-authenticate" and split_scheme(value)[0] == "digest":
            return value
    return None


class HttpClient:
    """GETs with digest auth; use as ``async with`` or call ``aclose``."""

    def __init__(
        self,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        max_connections_per_origin: int = DEFAULT_MAX_CONNECTIONS,
        user_agent: str = "zappi-ocpp",
        ssl_context: ssl.SSLContext | None = None,
        max_body: int = DEFAULT_MAX_BODY,
    ) -> None:
        """``ssl_context``: for https, default ``ssl.create_default_context()`` (the system's
        CAs); pass one that trusts a test CA in tests."""
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.timeout_s = timeout_s
        self._max_connections = max_connections_per_origin
        self._user_agent = user_agent.encode("ascii")
        self._ssl_context = ssl_context
        self._max_body = max_body
        self._pools: dict[Origin, OriginPool] = {}
        self._closed = False

    @property
    def connections_opened(self) -> int:
        """Connections opened so far over every origin (keep-alive keeps it low)."""
        return sum(pool.connections_opened for pool in self._pools.values())

    async def get(
        self, url: str, *, auth: DigestAuth | None = None, timeout_s: float | None = None
    ) -> Response:
        """GET ``url``; any status comes back as a ``Response``. Raises ``RequestTimeout``,
        ``TransportError``; ``ValueError`` for a URL that is not http(s)."""
        origin, target = split_url(url)
        if self._closed:
            raise TransportError(url, "the HTTP client is closed")
        pool = self._pools.get(origin) or self._new_pool(origin)
        limit = self.timeout_s if timeout_s is None else timeout_s
        # A bare CancelScope, not trio.fail_after: that is a generator-based context manager,
        # which costs several microseconds per poll.
        with trio.CancelScope(deadline=trio.current_time() + limit) as scope:
            response = await self._exchange(pool, url, target, auth)
            if (
                response.status == 401
                and auth is not None
                and auth.accept(digest_challenge(response))
            ):
                response = await self._exchange(pool, url, target, auth)
            return response
        assert scope.cancelled_caught  # the only way out of the block without a return
        raise RequestTimeout(url, f"no complete reply within {limit} s")

    async def aclose(self) -> None:
        self._closed = True
        for pool in self._pools.values():
            await pool.aclose()

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def _new_pool(self, origin: Origin) -> OriginPool:
        context = None
        if origin.is_tls:
            if self._ssl_context is None:
                self._ssl_context = ssl.create_default_context()
            context = self._ssl_context
        pool = OriginPool(origin, self._max_connections, context, self._max_body)
        self._pools[origin] = pool
        return pool

    async def _exchange(
        self, pool: OriginPool, url: str, target: bytes, auth: DigestAuth | None
    ) -> Response:
        """One request, sent again once on a fresh connection if a reused one was dropped."""
        for attempt in (1, 2):
            conn = await pool.acquire(url, fresh=attempt == 2)
            headers = [(b"Host", pool.host_header), (b"User-Agent", self._user_agent)]
            if auth is not None:
                authorization = auth.authorization("GET", target.decode("ascii"))
                if authorization is not None:
                    headers.append((b"Authorization", authorization.encode("latin-1")))
            reused = conn.requests > 0
            try:
                return await conn.request(url, b"GET", target, headers)
            except ConnectionDropped:
                if not reused or attempt == 2:
                    raise
            finally:
                await pool.release(conn)
        raise AssertionError("unreachable: the second attempt returns or raises")
